/* Numbers as text (include/neqent/text.h): the one strict reader of
 * decimal numbers and the one writer that reads back exactly. */
#include "neqent/text.h"
#include "internal.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A decimal number: [+-]digits[.digits][(e|E)[+-]digits], nothing else
 * (no hex floats, no inf or nan, no leading blanks).  Returns the length of
 * the number, 0 if the text does not start with one. */
size_t neq_decimal_length(const char *s)
{
    size_t i = 0, digits = 0;
    if (s[i] == '+' || s[i] == '-')
        i++;
    while (isdigit((unsigned char)s[i]))
        i++, digits++;
    if (s[i] == '.') {
        i++;
        while (isdigit((unsigned char)s[i]))
            i++, digits++;
    }
    if (digits == 0)
        return 0;
    if (s[i] == 'e' || s[i] == 'E') {
        size_t j = i + 1;
        if (s[j] == '+' || s[j] == '-')
            j++;
        if (isdigit((unsigned char)s[j])) {
            while (isdigit((unsigned char)s[j]))
                j++;
            i = j;
        }
    }
    return i;
}

int neq_parse_real(const char *text, double *value)
{
    neq_clear_error();
    if (!text || !value)
        return neq_fail(NEQ_EINVAL, "neq_parse_real: NULL argument");
    size_t len = neq_decimal_length(text);
    if (len == 0 || text[len] != '\0')
        return neq_fail(NEQ_EINVAL, "'%.60s' is not a decimal number", text);
    errno = 0;
    double v = strtod(text, NULL);
    /* ERANGE also flags a subnormal result, which is kept: neq_format_real
     * writes subnormals, and what neqent writes must read back.  Overflow
     * and a nonzero number rounded to 0 are refused. */
    if (!isfinite(v) || (errno == ERANGE && v == 0))
        return neq_fail(NEQ_EDOMAIN, "'%.60s' is out of the range of a double", text);
    *value = v;
    return NEQ_OK;
}

int neq_format_real(char *buf, size_t n, double v)
{
    if (v == 0)
        v = 0.0; /* no "-0" */
    char tmp[40];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, v);
        if (prec == 17 || strtod(tmp, NULL) == v || isnan(v))
            break;
    }
    return snprintf(buf, n, "%s", tmp);
}

