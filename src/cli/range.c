/* Ranges of values for sweeps: START:STOP:N[:log] or v1,v2,... with the
 * unit suffixes of cli_parse_si (include/.../cli.h). */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* one number of a range, [s, end), with the parameter's unit */
static int range_number(const char *cmd, const char *name, const char *s, const char *end,
                        opt_kind kind, double *v)
{
    char buf[64];
    size_t len = (size_t)(end - s);
    if (len == 0 || len >= sizeof buf) {
        fprintf(stderr, "neqent %s: --vary %s: '%.*s' is not a number\n", cmd, name,
                (int)(len > 60 ? 60 : len), s);
        return -1;
    }
    memcpy(buf, s, len);
    buf[len] = 0;
    if (kind != OPT_DOUBLE)
        return cli_parse_si(cmd, name, buf, kind, v);
    char *e;
    errno = 0;
    *v = strtod(buf, &e);
    if (*e || e == buf || errno == ERANGE || !isfinite(*v)) {
        fprintf(stderr, "neqent %s: --vary %s: '%s' is not a number\n", cmd, name, buf);
        return -1;
    }
    return 0;
}

int cli_parse_range(const char *cmd, const char *name, const char *text, opt_kind kind,
                    int max_values, double **values, int *n)
{
    *values = NULL;
    *n = 0;
    const char *c1 = strchr(text, ':');
    if (c1) {
        const char *c2 = strchr(c1 + 1, ':');
        const char *c3 = c2 ? strchr(c2 + 1, ':') : NULL;
        if (!c2) {
            fprintf(stderr, "neqent %s: --vary %s=%s: expected START:STOP:N[:log]\n", cmd, name,
                    text);
            return -1;
        }
        const char *nend = c3 ? c3 : c2 + 1 + strlen(c2 + 1);
        double a, b, nd;
        char nbuf[32];
        size_t nlen = (size_t)(nend - (c2 + 1));
        char *e = NULL;
        if (nlen > 0 && nlen < sizeof nbuf) {
            memcpy(nbuf, c2 + 1, nlen);
            nbuf[nlen] = 0;
            nd = strtod(nbuf, &e);
        }
        if (nlen == 0 || nlen >= sizeof nbuf || *e) {
            fprintf(stderr, "neqent %s: --vary %s=%s: expected START:STOP:N[:log]\n", cmd, name,
                    text);
            return -1;
        }
        int logsp = 0;
        if (c3) {
            if (strcmp(c3 + 1, "log") != 0) {
                fprintf(stderr, "neqent %s: --vary %s=%s: the fourth field may only be 'log'\n",
                        cmd, name, text);
                return -1;
            }
            logsp = 1;
        }
        if (range_number(cmd, name, text, c1, kind, &a) ||
            range_number(cmd, name, c1 + 1, c2, kind, &b))
            return -1;
        if (!(nd >= 1) || nd != floor(nd) || nd > max_values) {
            fprintf(stderr, "neqent %s: --vary %s=%s: N = %g must be a whole number from 1 to %d\n",
                    cmd, name, text, nd, max_values);
            return -1;
        }
        if (logsp && !(a > 0 && b > 0)) {
            fprintf(stderr, "neqent %s: --vary %s=%s: a log range needs START, STOP > 0\n", cmd,
                    name, text);
            return -1;
        }
        int cnt = (int)nd;
        if (cnt > 1 && a == b) {
            fprintf(stderr, "neqent %s: --vary %s=%s: empty range (START = STOP with N > 1)\n", cmd,
                    name, text);
            return -1;
        }
        double *vals = malloc(sizeof *vals * (size_t)cnt);
        if (!vals) {
            fprintf(stderr, "neqent: out of memory\n");
            return -1;
        }
        for (int i = 0; i < cnt; i++) {
            double t = cnt == 1 ? 0 : (double)i / (cnt - 1);
            vals[i] = logsp ? a * pow(b / a, t) : a + (b - a) * t;
        }
        *values = vals;
        *n = cnt;
        return 0;
    }
    /* a list */
    int cap = 16, cnt = 0;
    double *vals = malloc(sizeof *vals * (size_t)cap);
    const char *q = text;
    if (!*q) {
        fprintf(stderr, "neqent %s: --vary %s: no values\n", cmd, name);
        free(vals);
        return -1;
    }
    while (vals && *q) {
        const char *e = strchr(q, ',');
        if (!e)
            e = q + strlen(q);
        if (cnt == max_values) {
            fprintf(stderr, "neqent %s: --vary %s: more than %d values\n", cmd, name, max_values);
            free(vals);
            return -1;
        }
        if (cnt == cap) {
            cap *= 2;
            double *g = realloc(vals, sizeof *vals * (size_t)cap);
            if (!g)
                break;
            vals = g;
        }
        if (range_number(cmd, name, q, e, kind, &vals[cnt])) {
            free(vals);
            return -1;
        }
        cnt++;
        q = *e ? e + 1 : e;
    }
    if (!vals) {
        fprintf(stderr, "neqent: out of memory\n");
        return -1;
    }
    *values = vals;
    *n = cnt;
    return 0;
}
