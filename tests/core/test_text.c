/* Numbers as text (include/neqent/text.h).  What neqent writes reads back
 * to the same double, bit for bit (the round trip is the reference, checked
 * on random bit patterns: normal, subnormal, huge and tiny); the text is the
 * shortest of %.15g, %.16g, %.17g that does (one digit fewer must not read
 * back, which C's own strtod decides); and the parser takes plain decimals
 * only, refusing overflow and a nonzero number rounded to 0. */
#include "check.h"
#include "neqent/neqent.h"
#include "random.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t bits(double v)
{
    uint64_t u;
    memcpy(&u, &v, sizeof u);
    return u;
}

static double from_bits(uint64_t u)
{
    double v;
    memcpy(&v, &u, sizeof v);
    return v;
}

static uint64_t rng_bits(void)
{
    return (uint64_t)(rng_uniform() * 0x1p32) << 32 | (uint64_t)(rng_uniform() * 0x1p32);
}

/* v written, read back: the same bits ("-0" is written "0"), and no
 * precision of one digit fewer than used reads back (shortest) */
static int round_trip(double v)
{
    char buf[64], shorter[400];
    int n = neq_format_real(buf, sizeof buf, v);
    double back = NAN;
    if (n <= 0 || neq_parse_real(buf, &back) != NEQ_OK)
        return 0;
    if (bits(back) != bits(v == 0 ? 0.0 : v))
        return 0;
    /* the digits used: count them in the mantissa */
    int digits = 0;
    for (const char *c = buf; *c && *c != 'e'; c++)
        digits += *c >= '0' && *c <= '9';
    for (const char *c = buf; *c == '-' || *c == '0' || *c == '.'; c++)
        digits -= *c == '0'; /* leading zeros of 0.000123 are not significant */
    if (digits > 15) {
        snprintf(shorter, sizeof shorter, "%.*g", digits - 1, v);
        if (strtod(shorter, NULL) == v)
            return 0; /* not the shortest */
    }
    return 1;
}

int main(void)
{
    /* --- round trips */
    rng_seed(20261130);
    int bad = 0;
    for (int k = 0; k < 200000; k++) {
        double v = from_bits(rng_bits());
        if (isfinite(v))
            bad += !round_trip(v);
    }
    CHECK(bad == 0);
    /* subnormals, the extremes, values of few digits */
    const double special[] = {0x1p-1074, 0x1.8p-1060, DBL_MIN, nextafter(DBL_MIN, 0), DBL_MAX,
                              -DBL_MAX,  0.1,         1.0 / 3, 1e23, 5e-324, 1e-310, 2.5e-308,
                              -0.0,      0.0,         1e300,   123456789012345678.0};
    for (size_t k = 0; k < sizeof special / sizeof *special; k++) {
        int ok = round_trip(special[k]);
        CHECK(ok);
        if (!ok)
            fprintf(stderr, "round trip of %a fails\n", special[k]);
    }
    char buf[64];
    neq_format_real(buf, sizeof buf, 0.1);
    CHECK(strcmp(buf, "0.1") == 0);
    neq_format_real(buf, sizeof buf, -0.0);
    CHECK(strcmp(buf, "0") == 0);

    /* --- what the parser reads, against C's strtod on the same text */
    const char *good[] = {"0", "-0", "+1.5", "1e-310", "4.9406564584124654e-324", "0e-999",
                          "1.7976931348623157e308", "000.000", "12.", ".5", "1E+3"};
    for (size_t k = 0; k < sizeof good / sizeof *good; k++) {
        double v = NAN;
        CHECK_RC(neq_parse_real(good[k], &v), NEQ_OK);
        CHECK(v == strtod(good[k], NULL));
    }
    /* out of range: overflow, a nonzero number rounded to 0 */
    const char *range[] = {"1e400", "-1e309", "1.8e308", "1e-400", "-2e-324", "0.00001e-320"};
    for (size_t k = 0; k < sizeof range / sizeof *range; k++) {
        double v = 7;
        CHECK_RC(neq_parse_real(range[k], &v), NEQ_EDOMAIN);
        CHECK(v == 7); /* untouched on failure */
        CHECK(strstr(neq_errdetail(), range[k]) != NULL);
    }
    /* not plain decimals */
    const char *malformed[] = {"",    " 1",  "1 ",   "1e",   "e5",  ".",      "-",    "0x1p3",
                               "inf", "nan", "1,5",  "1.2.3", "--1", "1e+-2", "1e5x", "infinity",
                               "+",   "1d3", "\t1"};
    for (size_t k = 0; k < sizeof malformed / sizeof *malformed; k++) {
        double v = 7;
        CHECK_RC(neq_parse_real(malformed[k], &v), NEQ_EINVAL);
        CHECK(v == 7);
    }
    double v = 0;
    CHECK_RC(neq_parse_real(NULL, &v), NEQ_EINVAL);
    CHECK_RC(neq_parse_real("1", NULL), NEQ_EINVAL);
    return check_report("core/text");
}
