/* libFuzzer target for the user-input parsers: ranges (--vary), numbers
 * with unit suffixes, and INI configuration text.  Every input must give a
 * clean success or a clean error: no crash, no sanitizer report, and no
 * non-finite value accepted. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/cli/cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 4096)
        return 0;
    char *text = malloc(size);
    if (!text)
        return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = 0;
    opt_kind kinds[4] = {OPT_DOUBLE, OPT_LENGTH, OPT_TEMPERATURE, OPT_FREQUENCY};
    opt_kind kind = kinds[data[0] % 4];
    switch ((data[0] / 4) % 3) {
    case 0: {
        double *v = NULL;
        int n = 0;
        if (cli_parse_range("fuzz", "x", text, kind, 1000, &v, &n) == 0) {
            if (n < 1 || n > 1000 || !v)
                abort();
            for (int i = 0; i < n; i++)
                if (!isfinite(v[i]))
                    abort();
        }
        free(v);
        break;
    }
    case 1: {
        double v;
        if (cli_parse_si("fuzz", "x", text, kind == OPT_DOUBLE ? OPT_LENGTH : kind, &v) == 0 &&
            !isfinite(v))
            abort();
        break;
    }
    default: {
        double a = 1, b = 2;
        const char *s = NULL;
        int flag = 0;
        cli_list list = {{0}, 0, 0};
        const cli_option opts[] = {
            {"a", OPT_DOUBLE, &a, ""},
            {"b", OPT_LENGTH, &b, ""},
            {"s", OPT_STRING, &s, ""},
            {"f", OPT_FLAG, &flag, ""},
            {"v", OPT_LIST, &list, ""},
        };
        if (cli_parse_config_text("fuzz", "fuzz.ini", text, opts, 5) == 0 &&
            (!isfinite(a) || !isfinite(b) || list.n > CLI_LIST_MAX))
            abort();
        break;
    }
    }
    free(text);
    return 0;
}
