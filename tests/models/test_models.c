/* The model API (include/neqent/model.h) for every model of
 * neq_model_count()/neq_model_at(), and the two-bath model's physics
 * through it.  Where each expected value comes from:
 *
 *   - registry, defaults, ranges: the descriptor tables themselves
 *     (neq_model_param): every REAL default lies in its range, a fresh
 *     parameter set holds def / def_text / the def-th name of `choices`
 *     (split here, independently of the library's own split), and the
 *     open/closed bounds behave as min_open/max_open say (checked with
 *     nextafter: the neighbouring doubles of each bound);
 *   - text round trips: a value set with neq_params_set_at, written by
 *     neq_params_format and read back by neq_params_set_text into another
 *     set must be the same double, bit for bit (model.h: "reads back to the
 *     same value"), for random values across each range, the bounds,
 *     subnormals where the range holds them, every choice and both flags;
 *   - units: model.h says a suffix is exact for powers of ten, so "1.3um"
 *     and "1300nm" are the double of the literal 1.3e-6, "300K" is 300,
 *     "0.5mK" the literal 5e-4; "7THz" is 2 pi 7e12 rad/s, one rounded
 *     product (allowed: 1 ulp);
 *   - ranges of values: "START:STOP:N[:log]" and lists, the ends exactly as
 *     written, geometric steps with a constant ratio (1e-14 relative: one
 *     exp/log rounding per value), refusals with NEQ_EINVAL (bad text) or
 *     NEQ_EDOMAIN (a value out of range), as model.h documents for parsing;
 *   - evaluation: neq_quantity_get refuses a point other than the one of
 *     the last neq_eval (NEQ_EINVAL); neq_eval_once is bit-identical to
 *     plan / workspace / eval / get (memcmp): both routes run the same
 *     arithmetic, so any difference is a state leak;
 *   - physics of "baths" (global master equation): at T1 = T2 = T the
 *     steady state is the Gibbs state (detailed balance of the Davies
 *     generator), so its concurrence equals C_eq, which the library
 *     computes by another route (the Gibbs state of Q at T_M = (T1 + T2)/2,
 *     no master equation), to 1e-10; the heat currents there are exactly 0
 *     (master.h: a current within the trace's rounding is returned as 0),
 *     hence sigma == 0.  At T1 != T2 energy is conserved in the steady
 *     state, J1 + J2 = 0 (1e-12, the steady state's residual is ~1e-15),
 *     sigma = -J1/T1 - J2/T2 (recomputed here, 1e-12 relative) and
 *     sigma >= 0 (Spohn's inequality for Davies generators; -1e-14 allowed
 *     for rounding). */
#include "check.h"
#include "neqent/neqent.h"
#include "random.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* pi as the C library's M_PI spells it (not visible in strict C11) */
#define TEST_PI 3.14159265358979323846

static int same_bits(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

/* 1 if |a - b| <= n ulp(b) */
static int within_ulps(double a, double b, int n)
{
    double ulp = nextafter(fabs(b), INFINITY) - fabs(b);
    return fabs(a - b) <= n * ulp;
}

/* the index-th name of a comma-separated list into buf (the test's own split) */
static int nth_choice(const char *choices, int index, char *buf, size_t n)
{
    const char *c = choices;
    for (int i = 0; i < index; i++) {
        c = strchr(c, ',');
        if (!c)
            return -1;
        c++;
    }
    size_t l = strcspn(c, ",");
    if (l + 1 > n)
        return -1;
    memcpy(buf, c, l);
    buf[l] = 0;
    return 0;
}

static int count_choices(const char *choices)
{
    int n = 1;
    for (const char *c = choices; *c; c++)
        n += *c == ',';
    return n;
}

/* ----------------------------------------------------------- registry */

static void registry(void)
{
    CHECK(neq_model_count() >= 3);
    CHECK(neq_model_at(-1) == NULL);
    CHECK(neq_model_at(neq_model_count()) == NULL);
    const char *names[] = {"baths", "body", "rates"};
    for (int i = 0; i < 3; i++)
        CHECK(neq_model_lookup(names[i]) != NULL);
    CHECK(neq_model_lookup("bath") == NULL);
    for (int i = 0; i < neq_model_count(); i++) {
        const neq_model *m = neq_model_at(i);
        CHECK(m != NULL);
        if (!m)
            continue;
        CHECK(neq_model_lookup(neq_model_name(m)) == m);
        for (int j = 0; j < i; j++)
            CHECK(neq_model_at(j) != m);
        for (int k = 0; k < neq_model_nparams(m); k++)
            CHECK(neq_model_param_index(m, neq_model_param(m, k)->name) == k);
        for (int k = 0; k < neq_model_nquantities(m); k++)
            CHECK(neq_model_quantity_index(m, neq_model_quantity(m, k)->name) == k);
        CHECK(neq_model_param(m, -1) == NULL && neq_model_param(m, neq_model_nparams(m)) == NULL);
        CHECK(neq_model_quantity(m, neq_model_nquantities(m)) == NULL);
        CHECK(neq_model_param_index(m, "no-such-parameter") == -1);
    }
}

/* --------------------------------------------- defaults and bounds */

static void defaults_and_bounds(void)
{
    for (int i = 0; i < neq_model_count(); i++) {
        const neq_model *m = neq_model_at(i);
        neq_params *p = NULL, *c = NULL;
        CHECK_RC(neq_params_alloc(m, &p), NEQ_OK);
        if (!p)
            continue;
        CHECK(neq_params_model(p) == m);
        CHECK_RC(neq_params_copy(p, &c), NEQ_OK);
        for (int k = 0; k < neq_model_nparams(m); k++) {
            const neq_param_desc *d = neq_model_param(m, k);
            double v = neq_params_value(p, k);
            const char *t = neq_params_text(p, k);
            switch (d->kind) {
            case NEQ_PARAM_REAL:
                CHECK_RC(neq_param_check(d, d->def), NEQ_OK);
                CHECK(same_bits(v, d->def));
                CHECK(t == NULL);
                break;
            case NEQ_PARAM_FLAG:
                CHECK(d->def == 0 || d->def == 1);
                CHECK(v == d->def);
                break;
            case NEQ_PARAM_CHOICE: {
                char name[64];
                CHECK(d->def >= 0 && d->def < count_choices(d->choices));
                CHECK(nth_choice(d->choices, (int)d->def, name, sizeof name) == 0);
                CHECK(v == d->def);
                CHECK(t != NULL && strcmp(t, name) == 0);
                break;
            }
            case NEQ_PARAM_TEXT:
            case NEQ_PARAM_VECTOR:
                CHECK(isnan(v));
                CHECK(t != NULL && d->def_text && strcmp(t, d->def_text) == 0);
                break;
            }
            CHECK(neq_params_equal_at(p, c, k));
            if (d->kind != NEQ_PARAM_REAL)
                continue;
            /* the bounds: closed ones belong to the range, open ones not;
             * the next double outward never does, the next inward always */
            CHECK(d->min < d->max);
            CHECK_RC(neq_param_check(d, d->min), d->min_open ? NEQ_EDOMAIN : NEQ_OK);
            CHECK_RC(neq_param_check(d, d->max), d->max_open ? NEQ_EDOMAIN : NEQ_OK);
            CHECK_RC(neq_param_check(d, nextafter(d->min, -INFINITY)), NEQ_EDOMAIN);
            CHECK_RC(neq_param_check(d, nextafter(d->max, INFINITY)), NEQ_EDOMAIN);
            CHECK_RC(neq_param_check(d, nextafter(d->min, INFINITY)), NEQ_OK);
            CHECK_RC(neq_param_check(d, nextafter(d->max, -INFINITY)), NEQ_OK);
            CHECK_RC(neq_param_check(d, NAN), NEQ_ENAN);
            CHECK_RC(neq_param_check(d, INFINITY), NEQ_EDOMAIN);
            CHECK_RC(neq_param_check(d, -INFINITY), NEQ_EDOMAIN);
        }
        neq_params_free(c);
        neq_params_free(p);
    }
}

/* ------------------------------------------------------ round trips */

/* v set at k in p, formatted, read back into q: the same double */
static void roundtrip_real(neq_params *p, neq_params *q, int k, double v)
{
    const neq_param_desc *d = neq_model_param(neq_params_model(p), k);
    char buf[64];
    CHECK_RC(neq_params_set_at(p, k, v), NEQ_OK);
    int len = neq_params_format(p, k, buf, sizeof buf);
    CHECK(len > 0 && len < (int)sizeof buf);
    /* q holds another value first, so that equality is not the default's */
    double other = v == d->def ? nextafter(v, v < d->max ? INFINITY : -INFINITY) : d->def;
    if (neq_param_check(d, other) == 0) {
        CHECK_RC(neq_params_set_at(q, k, other), NEQ_OK);
        CHECK(!neq_params_equal_at(p, q, k));
    }
    CHECK_RC(neq_params_set_text(q, d->name, buf), NEQ_OK);
    CHECK(neq_params_equal_at(p, q, k));
    double back = neq_params_value(q, k);
    /* -0 is written "0" (text.h), the only allowed difference in bits */
    CHECK(same_bits(back, v) || (v == 0 && back == 0));
    if (!(same_bits(back, v) || (v == 0 && back == 0)))
        fprintf(stderr, "  %s: %.17g written '%s' read %.17g\n", d->name, v, buf, back);
}

static void roundtrips(void)
{
    rng_seed(20240601);
    for (int i = 0; i < neq_model_count(); i++) {
        const neq_model *m = neq_model_at(i);
        neq_params *p = NULL, *q = NULL;
        CHECK_RC(neq_params_alloc(m, &p), NEQ_OK);
        CHECK_RC(neq_params_alloc(m, &q), NEQ_OK);
        if (!p || !q)
            continue;
        for (int k = 0; k < neq_model_nparams(m); k++) {
            const neq_param_desc *d = neq_model_param(m, k);
            char buf[256], name[64];
            switch (d->kind) {
            case NEQ_PARAM_REAL: {
                double lo = d->min_open ? nextafter(d->min, INFINITY) : d->min;
                double hi = d->max_open ? nextafter(d->max, -INFINITY) : d->max;
                roundtrip_real(p, q, k, d->def);
                roundtrip_real(p, q, k, lo);
                roundtrip_real(p, q, k, hi);
                /* the smallest subnormal and its negative, where in range */
                if (neq_param_check(d, 4.9406564584124654e-324) == 0)
                    roundtrip_real(p, q, k, 4.9406564584124654e-324);
                if (neq_param_check(d, -4.9406564584124654e-324) == 0)
                    roundtrip_real(p, q, k, -4.9406564584124654e-324);
                for (int r = 0; r < 200; r++) {
                    double v;
                    if (lo > 0 && hi / lo > 1e3) /* decades: geometric */
                        v = exp(rng_range(log(lo), log(hi)));
                    else if (lo >= 0 && hi > 1e3 * fmax(lo, 1e-300)) /* [0, big]: log of a tail */
                        v = hi * exp(rng_range(log(1e-12), 0));
                    else
                        v = rng_range(lo, hi);
                    v = fmin(fmax(v, lo), hi);
                    roundtrip_real(p, q, k, v);
                }
                roundtrip_real(p, q, k, d->def); /* leave the default for the next parameter */
                break;
            }
            case NEQ_PARAM_FLAG:
                for (int f = 0; f < 2; f++) {
                    CHECK_RC(neq_params_set_at(p, k, f), NEQ_OK);
                    neq_params_format(p, k, buf, sizeof buf);
                    CHECK(strcmp(buf, f ? "true" : "false") == 0);
                    CHECK_RC(neq_params_set_at(q, k, 1 - f), NEQ_OK);
                    CHECK_RC(neq_params_set_text(q, d->name, buf), NEQ_OK);
                    CHECK(neq_params_equal_at(p, q, k) && neq_params_value(q, k) == f);
                }
                CHECK_RC(neq_params_set_at(p, k, 2), NEQ_EINVAL);
                CHECK(neq_params_value(p, k) == 1);
                CHECK_RC(neq_params_set_at(p, k, d->def), NEQ_OK);
                CHECK_RC(neq_params_set_at(q, k, d->def), NEQ_OK);
                break;
            case NEQ_PARAM_CHOICE: {
                int nc = count_choices(d->choices);
                for (int c = 0; c < nc; c++) {
                    CHECK(nth_choice(d->choices, c, name, sizeof name) == 0);
                    CHECK_RC(neq_params_set_at(p, k, c), NEQ_OK);
                    neq_params_format(p, k, buf, sizeof buf);
                    CHECK(strcmp(buf, name) == 0);
                    CHECK_RC(neq_params_set_at(q, k, (c + 1) % nc), NEQ_OK);
                    CHECK(nc == 1 || !neq_params_equal_at(p, q, k));
                    CHECK_RC(neq_params_set_text(q, d->name, buf), NEQ_OK);
                    CHECK(neq_params_equal_at(p, q, k) && neq_params_value(q, k) == c);
                }
                CHECK_RC(neq_params_set_at(p, k, nc), NEQ_EINVAL);
                CHECK_RC(neq_params_set_text(p, d->name, "no-such-choice"), NEQ_EINVAL);
                CHECK_RC(neq_params_set_at(p, k, d->def), NEQ_OK);
                CHECK_RC(neq_params_set_at(q, k, d->def), NEQ_OK);
                break;
            }
            case NEQ_PARAM_TEXT:
            case NEQ_PARAM_VECTOR: {
                const char *alt = d->kind == NEQ_PARAM_VECTOR ? "1,0,0.5;0,0.25,0" : "const:2.5,0.1";
                CHECK_RC(neq_params_set_text(p, d->name, alt), NEQ_OK);
                neq_params_format(p, k, buf, sizeof buf);
                CHECK(strcmp(buf, alt) == 0);
                CHECK(!neq_params_equal_at(p, q, k));
                CHECK_RC(neq_params_set_text(q, d->name, buf), NEQ_OK);
                CHECK(neq_params_equal_at(p, q, k));
                CHECK_RC(neq_params_set_text(p, d->name, d->def_text), NEQ_OK);
                CHECK_RC(neq_params_set_text(q, d->name, d->def_text), NEQ_OK);
                break;
            }
            }
        }
        /* every parameter back at its default: equal, parameter by parameter,
         * to a fresh set */
        neq_params *fresh = NULL;
        CHECK_RC(neq_params_alloc(m, &fresh), NEQ_OK);
        for (int k = 0; fresh && k < neq_model_nparams(m); k++)
            CHECK(neq_params_equal_at(p, fresh, k) && neq_params_equal_at(q, fresh, k));
        neq_params_free(fresh);
        neq_params_free(q);
        neq_params_free(p);
    }
}

/* ----------------------------------------------------------- units */

static const neq_param_desc *param_of(const char *model, const char *name)
{
    const neq_model *m = neq_model_lookup(model);
    return neq_model_param(m, neq_model_param_index(m, name));
}

static void units(void)
{
    const neq_param_desc *z1 = param_of("body", "z1"), *TM = param_of("body", "TM");
    const neq_param_desc *omega = param_of("body", "omega"), *T1 = param_of("baths", "T1");
    CHECK(z1 && TM && omega && T1);
    if (!z1 || !TM || !omega || !T1)
        return;
    double v = NAN;
    /* powers of ten join the decimal exponent: exactly the literal's double */
    CHECK_RC(neq_param_parse(z1, "1.3um", &v), NEQ_OK);
    CHECK(same_bits(v, 1.3e-6));
    CHECK_RC(neq_param_parse(z1, "1300nm", &v), NEQ_OK);
    CHECK(same_bits(v, 1.3e-6));
    CHECK_RC(neq_param_parse(z1, "0.0013mm", &v), NEQ_OK);
    CHECK(same_bits(v, 1.3e-6));
    CHECK_RC(neq_param_parse(z1, "1.3e-6", &v), NEQ_OK);
    CHECK(same_bits(v, 1.3e-6));
    CHECK_RC(neq_param_parse(z1, "1.3e3nm", &v), NEQ_OK);
    CHECK(same_bits(v, 1.3e-6));
    CHECK_RC(neq_param_parse(z1, "250000pm", &v), NEQ_OK);
    CHECK(same_bits(v, 2.5e-7));
    CHECK_RC(neq_param_parse(TM, "300K", &v), NEQ_OK);
    CHECK(v == 300.0);
    CHECK_RC(neq_param_parse(TM, "0.5mK", &v), NEQ_OK);
    CHECK(same_bits(v, 5e-4));
    CHECK_RC(neq_param_parse(TM, "300", &v), NEQ_OK);
    CHECK(v == 300.0);
    /* Hz and THz: times 2 pi, one rounded product; 1 ulp */
    CHECK_RC(neq_param_parse(omega, "7THz", &v), NEQ_OK);
    CHECK(within_ulps(v, 2 * TEST_PI * 7e12, 1));
    CHECK_RC(neq_param_parse(omega, "7e12Hz", &v), NEQ_OK);
    CHECK(within_ulps(v, 2 * TEST_PI * 7e12, 1));
    CHECK_RC(neq_param_parse(omega, "4.485e13rad/s", &v), NEQ_OK);
    CHECK(same_bits(v, 4.485e13));
    /* refused text: NEQ_EINVAL; out of range: NEQ_EDOMAIN (model.h) */
    const char *bad[] = {"1.3 um", "1.3furlong", "um", "", "0x1p-20", "inf", "nan", "1.3uM",
                         "1.3K", "+-1um", "1.3um ", " 1.3um"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        CHECK_RC(neq_param_parse(z1, bad[i], &v), NEQ_EINVAL);
    CHECK_RC(neq_param_parse(T1, "1.5K", &v), NEQ_EINVAL); /* baths: no unit suffix */
    CHECK_RC(neq_param_parse(z1, "2m", &v), NEQ_EDOMAIN);   /* z1 <= 1 m */
    CHECK_RC(neq_param_parse(z1, "0um", &v), NEQ_EDOMAIN);  /* z1 > 0 */
    CHECK_RC(neq_param_parse(z1, "-1um", &v), NEQ_EDOMAIN);
    CHECK_RC(neq_param_parse(TM, "1e999K", &v), NEQ_EDOMAIN);
    CHECK_RC(neq_param_parse(T1, "0", &v), NEQ_EDOMAIN);    /* T1 > 0 */
}

/* -------------------------------------------------------- ranges */

static void ranges(void)
{
    const neq_param_desc *T1 = param_of("baths", "T1"), *eps1 = param_of("baths", "eps1");
    const neq_param_desc *z2 = param_of("body", "z2");
    double *v = NULL;
    long n = -1;
    /* N = 1: START alone */
    CHECK_RC(neq_param_parse_range(T1, "1:2:1", 100, &v, &n), NEQ_OK);
    CHECK(n == 1 && v && v[0] == 1.0);
    free(v);
    v = NULL;
    /* "1:1:1" is one value too (not an empty range) */
    CHECK_RC(neq_param_parse_range(T1, "1:1:1", 100, &v, &n), NEQ_OK);
    CHECK(n == 1 && v && v[0] == 1.0);
    free(v);
    v = NULL;
    /* linear: 1, 1.5, 2 are exact in binary */
    CHECK_RC(neq_param_parse_range(T1, "1:2:3", 100, &v, &n), NEQ_OK);
    CHECK(n == 3 && v && v[0] == 1.0 && v[1] == 1.5 && v[2] == 2.0);
    free(v);
    v = NULL;
    /* decreasing linear ranges are allowed */
    CHECK_RC(neq_param_parse_range(T1, "2:1:5", 100, &v, &n), NEQ_OK);
    CHECK(n == 5 && v && v[0] == 2.0 && v[4] == 1.0);
    for (long i = 0; v && i < 5; i++)
        CHECK_CLOSE(v[i], 2.0 - 0.25 * (double)i, 2 * DBL_EPSILON * 2);
    free(v);
    v = NULL;
    /* geometric: ends exact, ratio 10^(1/9) between neighbours (1e-14
     * relative: each value is one exp of a rounded log) */
    CHECK_RC(neq_param_parse_range(T1, "0.1:1:10:log", 100, &v, &n), NEQ_OK);
    CHECK(n == 10 && v);
    if (v && n == 10) {
        CHECK(same_bits(v[0], 0.1));
        CHECK(v[9] == 1.0);
        double ratio = pow(10.0, 1.0 / 9.0);
        for (int i = 0; i < 9; i++) {
            CHECK_CLOSE(v[i + 1] / v[i], ratio, 1e-14);
            CHECK_CLOSE(v[i], 0.1 * pow(ratio, i), 1e-14 * v[i]);
        }
    }
    free(v);
    v = NULL;
    /* with units: the ends are the unit-parsed doubles */
    CHECK_RC(neq_param_parse_range(z2, "0.5um:2um:4:log", 100, &v, &n), NEQ_OK);
    CHECK(n == 4 && v && same_bits(v[0], 0.5e-6) && same_bits(v[3], 2e-6));
    if (v && n == 4)
        CHECK_CLOSE(v[1] / v[0], cbrt(4.0), 1e-14);
    free(v);
    v = NULL;
    /* a list keeps its order */
    CHECK_RC(neq_param_parse_range(T1, "3,1,2", 100, &v, &n), NEQ_OK);
    CHECK(n == 3 && v && v[0] == 3.0 && v[1] == 1.0 && v[2] == 2.0);
    free(v);
    v = NULL;
    CHECK_RC(neq_param_parse_range(z2, "1.3um,1300nm", 100, &v, &n), NEQ_OK);
    CHECK(n == 2 && v && same_bits(v[0], 1.3e-6) && same_bits(v[1], 1.3e-6));
    free(v);
    v = NULL;
    /* exactly max_values values: accepted; one more: refused */
    CHECK_RC(neq_param_parse_range(T1, "1:2:10", 10, &v, &n), NEQ_OK);
    CHECK(n == 10);
    free(v);
    v = NULL;
    CHECK_RC(neq_param_parse_range(T1, "1,2,3,4,5,6,7,8,9,10", 10, &v, &n), NEQ_OK);
    CHECK(n == 10);
    free(v);
    v = NULL;
    /* refusals: bad text NEQ_EINVAL, out of range NEQ_EDOMAIN; nothing allocated */
    struct {
        const neq_param_desc *d;
        const char *text;
        long max;
        int rc;
    } bad[] = {
        {T1, "1:2:0", 100, NEQ_EINVAL},          /* N = 0 */
        {T1, "1:2:-3", 100, NEQ_EINVAL},         /* N with a sign */
        {T1, "1:2:2.5", 100, NEQ_EINVAL},        /* N not whole */
        {T1, "1:2:", 100, NEQ_EINVAL},           /* N missing */
        {T1, "1:1:5", 100, NEQ_EINVAL},          /* empty range: START = STOP, N > 1 */
        {T1, "1:2:11", 10, NEQ_EINVAL},          /* more than max_values */
        {T1, "1:2:99999999999999999999", 10, NEQ_EINVAL}, /* N overflowing a long */
        {T1, "1,2,3,4,5,6,7,8,9,10,11", 10, NEQ_EINVAL},  /* list too long */
        {eps1, "-1:1:5:log", 100, NEQ_EINVAL},   /* log with START < 0 */
        {eps1, "0:1:5:log", 100, NEQ_EINVAL},    /* log with START = 0 */
        {eps1, "1:-1:5:log", 100, NEQ_EINVAL},   /* log with STOP < 0 */
        {T1, "0.1:1:5:lin", 100, NEQ_EINVAL},    /* fourth field other than log */
        {T1, "1:2:3:log:x", 100, NEQ_EINVAL},    /* five fields */
        {T1, "1:2", 100, NEQ_EINVAL},            /* two fields */
        {T1, "", 100, NEQ_EINVAL},               /* nothing */
        {T1, "1,,2", 100, NEQ_EINVAL},           /* empty list entry */
        {T1, "1,2,", 100, NEQ_EINVAL},
        {T1, "1:2:3", 0, NEQ_EINVAL},            /* max_values < 1 */
        {T1, "0:1:3", 100, NEQ_EDOMAIN},         /* START outside T1 > 0 */
        {T1, "1,0,2", 100, NEQ_EDOMAIN},         /* a list value outside the range */
        {eps1, "1:2e6:3", 100, NEQ_EDOMAIN},     /* STOP beyond 1e6 */
        {z2, "1um:2K:3", 100, NEQ_EINVAL},       /* wrong unit */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        v = NULL;
        n = 0;
        int rc = neq_param_parse_range(bad[i].d, bad[i].text, bad[i].max, &v, &n);
        CHECK(rc == bad[i].rc);
        if (rc != bad[i].rc)
            fprintf(stderr, "  range '%s': %d, expected %d (%s)\n", bad[i].text, rc, bad[i].rc,
                    neq_errdetail());
        CHECK(rc == 0 || neq_errdetail()[0] != '\0'); /* a refusal says why */
        if (rc == 0)
            free(v);
        else
            CHECK(v == NULL); /* nothing allocated */
    }
    /* a parameter that is not real cannot take a range */
    CHECK_RC(neq_param_parse_range(param_of("baths", "me"), "1:2:3", 100, &v, &n), NEQ_EINVAL);
}

/* -------------------------------------------- set out of range */

static void set_out_of_range(void)
{
    neq_params *p = NULL;
    CHECK_RC(neq_params_alloc(neq_model_lookup("baths"), &p), NEQ_OK);
    if (!p)
        return;
    int k = neq_model_param_index(neq_params_model(p), "T1");
    CHECK_RC(neq_params_set(p, "T1", 2.25), NEQ_OK);
    CHECK(neq_params_value(p, k) == 2.25);
    const double badv[] = {-1.0, 0.0, -0.0, 2e6, INFINITY, -INFINITY};
    for (size_t i = 0; i < sizeof badv / sizeof *badv; i++) {
        CHECK_RC(neq_params_set(p, "T1", badv[i]), NEQ_EDOMAIN);
        CHECK(neq_params_value(p, k) == 2.25);
        CHECK_RC(neq_params_set_at(p, k, badv[i]), NEQ_EDOMAIN);
        CHECK(neq_params_value(p, k) == 2.25);
    }
    CHECK_RC(neq_params_set(p, "T1", NAN), NEQ_ENAN);
    CHECK(neq_params_value(p, k) == 2.25);
    CHECK_RC(neq_params_set_text(p, "T1", "-1"), NEQ_EDOMAIN);
    CHECK(neq_params_value(p, k) == 2.25);
    CHECK_RC(neq_params_set_text(p, "T1", "abc"), NEQ_EINVAL);
    CHECK(neq_params_value(p, k) == 2.25);
    /* the detail names the parameter */
    CHECK_RC(neq_params_set(p, "T1", -1.0), NEQ_EDOMAIN);
    CHECK(strstr(neq_errdetail(), "T1") != NULL);
    /* unknown names: NEQ_EINVAL, with a suggestion for a near miss */
    CHECK_RC(neq_params_set(p, "T3x", 1.0), NEQ_EINVAL);
    CHECK_RC(neq_params_set(p, "t1", 1.0), NEQ_EINVAL);
    CHECK(strstr(neq_errdetail(), "T1") != NULL);
    /* a successful call leaves no detail (status.h) */
    CHECK_RC(neq_params_set(p, "T1", 1.0), NEQ_OK);
    CHECK(neq_errdetail()[0] == '\0');
    neq_params_free(p);

    /* body: a length at its closed upper end, and one double beyond */
    CHECK_RC(neq_params_alloc(neq_model_lookup("body"), &p), NEQ_OK);
    if (!p)
        return;
    int kz = neq_model_param_index(neq_params_model(p), "z1");
    CHECK_RC(neq_params_set(p, "z1", 1.0), NEQ_OK);
    CHECK_RC(neq_params_set(p, "z1", nextafter(1.0, 2.0)), NEQ_EDOMAIN);
    CHECK(neq_params_value(p, kz) == 1.0);
    CHECK_RC(neq_params_set(p, "material", 0.0), NEQ_EINVAL); /* text: not by number */
    CHECK_RC(neq_params_set_text(p, "dipole1", "0,0,0"), NEQ_EDOMAIN);
    CHECK(strcmp(neq_params_text(p, neq_model_param_index(neq_params_model(p), "dipole1")),
                 "0,0,1") == 0);
    neq_params_free(p);
}

/* ------------------------------------------------------- evaluation */

/* every quantity of model m at p: through one plan and workspace, and
 * through neq_eval_once; bit-identical */
static void eval_once_identical(const neq_params *p)
{
    const neq_model *m = neq_params_model(p);
    neq_plan *plan = NULL;
    neq_workspace *ws = NULL;
    CHECK_RC(neq_plan_alloc(p, &plan), NEQ_OK);
    if (!plan)
        return;
    CHECK_RC(neq_workspace_alloc(plan, &ws), NEQ_OK);
    CHECK_RC(neq_eval(plan, p, ws), NEQ_OK);
    int nq = neq_model_nquantities(m), total = 0;
    int *ks = malloc(sizeof *ks * (size_t)nq);
    for (int k = 0; k < nq; k++) {
        ks[k] = k;
        const neq_quantity_desc *qd = neq_model_quantity(m, k);
        int len = neq_quantity_length(plan, k);
        int d = neq_plan_dim(plan), n = neq_plan_nqubits(plan);
        CHECK(len == (qd->kind == NEQ_QUANTITY_VECTOR   ? qd->size
                      : qd->kind == NEQ_QUANTITY_MATRIX ? 2 * d * d
                      : qd->kind == NEQ_QUANTITY_QUBITS ? n
                      : qd->kind == NEQ_QUANTITY_PAIRS  ? n * n
                      : qd->kind == NEQ_QUANTITY_STATES ? d
                      : qd->kind == NEQ_QUANTITY_GROUPS ? NEQ_QUANTITY_NGROUPS * qd->size
                                                        : 1));
        total += len;
    }
    double *a = malloc(sizeof *a * (size_t)total), *b = malloc(sizeof *b * (size_t)total);
    memset(a, 0xA5, sizeof *a * (size_t)total);
    memset(b, 0x5A, sizeof *b * (size_t)total);
    for (int k = 0, off = 0; k < nq; k++) {
        CHECK_RC(neq_quantity_get(plan, p, ws, k, a + off), NEQ_OK);
        off += neq_quantity_length(plan, k);
    }
    CHECK_RC(neq_eval_once(p, nq, ks, b), NEQ_OK);
    CHECK(memcmp(a, b, sizeof *a * (size_t)total) == 0);
    /* and asking again, in reverse order, changes nothing (costly
     * quantities computed on demand do not disturb the result) */
    for (int k = nq - 1, off = total; k >= 0; k--) {
        off -= neq_quantity_length(plan, k);
        CHECK_RC(neq_quantity_get(plan, p, ws, k, b + off), NEQ_OK);
    }
    CHECK(memcmp(a, b, sizeof *a * (size_t)total) == 0);
    free(a);
    free(b);
    free(ks);
    neq_workspace_free(ws);
    neq_plan_free(plan);
}

static void evaluation(void)
{
    /* every model at its defaults */
    for (int i = 0; i < neq_model_count(); i++) {
        neq_params *p = NULL;
        CHECK_RC(neq_params_alloc(neq_model_at(i), &p), NEQ_OK);
        if (p)
            eval_once_identical(p);
        neq_params_free(p);
    }
    /* and away from them */
    neq_params *p = NULL;
    CHECK_RC(neq_params_alloc(neq_model_lookup("baths"), &p), NEQ_OK);
    CHECK_RC(neq_params_set_text(p, "me", "redfield"), NEQ_OK);
    CHECK_RC(neq_params_set(p, "eps1", 0.7), NEQ_OK);
    CHECK_RC(neq_params_set(p, "Kp", 0.2), NEQ_OK);
    eval_once_identical(p);
    neq_params_free(p);
    CHECK_RC(neq_params_alloc(neq_model_lookup("body"), &p), NEQ_OK);
    CHECK_RC(neq_params_set_text(p, "z2", "0.8um"), NEQ_OK);
    CHECK_RC(neq_params_set_text(p, "TM", "450K"), NEQ_OK);
    eval_once_identical(p);
    neq_params_free(p);

    /* neq_quantity_get at another point than the evaluated one: refused */
    CHECK_RC(neq_params_alloc(neq_model_lookup("baths"), &p), NEQ_OK);
    neq_params *p2 = NULL;
    CHECK_RC(neq_params_copy(p, &p2), NEQ_OK);
    neq_plan *plan = NULL;
    neq_workspace *ws = NULL;
    CHECK_RC(neq_plan_alloc(p, &plan), NEQ_OK);
    CHECK_RC(neq_workspace_alloc(plan, &ws), NEQ_OK);
    const neq_model *mb = neq_model_lookup("baths");
    int kC = neq_model_quantity_index(mb, "concurrence");
    int kR = neq_model_quantity_index(mb, "relaxation_time"); /* costly: computed from p */
    double x = NAN;
    /* nothing evaluated yet */
    CHECK_RC(neq_quantity_get(plan, p, ws, kC, &x), NEQ_EINVAL);
    CHECK_RC(neq_eval(plan, p, ws), NEQ_OK);
    CHECK_RC(neq_quantity_get(plan, p, ws, kC, &x), NEQ_OK);
    CHECK_RC(neq_quantity_get(plan, p2, ws, kC, &x), NEQ_OK); /* same values: accepted */
    const char *vary[] = {"T2", "gamma1", "eps2", "cutoff"};
    for (int i = 0; i < 4; i++) {
        int kp = neq_model_param_index(mb, vary[i]);
        double keep = neq_params_value(p2, kp);
        CHECK_RC(neq_params_set(p2, vary[i], keep * 1.25), NEQ_OK);
        x = -7;
        CHECK_RC(neq_quantity_get(plan, p2, ws, kC, &x), NEQ_EINVAL);
        CHECK(strstr(neq_errdetail(), vary[i]) != NULL);
        CHECK_RC(neq_quantity_get(plan, p2, ws, kR, &x), NEQ_EINVAL);
        CHECK(x == -7); /* nothing written */
        CHECK_RC(neq_params_set(p2, vary[i], keep), NEQ_OK);
    }
    CHECK_RC(neq_params_set_text(p2, "me", "local"), NEQ_OK);
    CHECK_RC(neq_quantity_get(plan, p2, ws, kC, &x), NEQ_EINVAL);
    CHECK_RC(neq_params_set_text(p2, "me", "global"), NEQ_OK);
    CHECK_RC(neq_quantity_get(plan, p2, ws, kC, &x), NEQ_OK);
    /* a quantity index outside the table */
    CHECK_RC(neq_quantity_get(plan, p, ws, -1, &x), NEQ_EINVAL);
    CHECK_RC(neq_quantity_get(plan, p, ws, neq_model_nquantities(mb), &x), NEQ_EINVAL);
    /* a failed evaluation leaves no result (model.h): the local master
     * equation at eps1 = 0 has no transition frequency (NEQ_EDIVERGE) */
    CHECK_RC(neq_params_set_text(p2, "me", "local"), NEQ_OK);
    CHECK_RC(neq_params_set(p2, "eps1", 0.0), NEQ_OK);
    CHECK_RC(neq_eval(plan, p2, ws), NEQ_EDIVERGE);
    /* status.h: the detail names the offending value (a generator builder's
     * failure once lost its detail in neq_gksl_complete) */
    CHECK(strstr(neq_errdetail(), "eps1") != NULL);
    CHECK_RC(neq_quantity_get(plan, p2, ws, kC, &x), NEQ_EINVAL);
    CHECK_RC(neq_quantity_get(plan, p, ws, kC, &x), NEQ_EINVAL); /* the old point is gone too */
    neq_workspace_free(ws);
    neq_plan_free(plan);
    neq_params_free(p2);
    neq_params_free(p);

    /* body: a setup parameter different from the plan's is refused by both */
    CHECK_RC(neq_params_alloc(neq_model_lookup("body"), &p), NEQ_OK);
    CHECK_RC(neq_params_copy(p, &p2), NEQ_OK);
    plan = NULL;
    ws = NULL;
    CHECK_RC(neq_plan_alloc(p, &plan), NEQ_OK);
    CHECK_RC(neq_workspace_alloc(plan, &ws), NEQ_OK);
    CHECK_RC(neq_eval(plan, p, ws), NEQ_OK);
    const neq_model *mbody = neq_model_lookup("body");
    int kCb = neq_model_quantity_index(mbody, "concurrence");
    CHECK_RC(neq_params_set_text(p2, "z2", "1.1um"), NEQ_OK);
    CHECK(!neq_plan_matches(plan, p2) && neq_plan_matches(plan, p));
    CHECK_RC(neq_eval(plan, p2, ws), NEQ_EINVAL);
    CHECK(strstr(neq_errdetail(), "z2") != NULL);
    CHECK_RC(neq_quantity_get(plan, p2, ws, kCb, &x), NEQ_EINVAL);
    /* a non-setup parameter (TM) changed after the evaluation: refused too */
    neq_params_free(p2);
    p2 = NULL;
    CHECK_RC(neq_params_copy(p, &p2), NEQ_OK);
    CHECK_RC(neq_params_set(p2, "TM", 1100), NEQ_OK);
    CHECK_RC(neq_quantity_get(plan, p2, ws, kCb, &x), NEQ_EINVAL);
    CHECK(strstr(neq_errdetail(), "TM") != NULL);
    CHECK_RC(neq_quantity_get(plan, p, ws, kCb, &x), NEQ_OK);
    neq_workspace_free(ws);
    neq_plan_free(plan);
    neq_params_free(p2);
    neq_params_free(p);
}

/* ------------------------------------------------ baths physics */

static void baths_physics(void)
{
    const neq_model *m = neq_model_lookup("baths");
    const char *names[] = {"concurrence", "C_eq", "J1", "J2", "entropy_production"};
    int ks[5];
    for (int i = 0; i < 5; i++) {
        ks[i] = neq_model_quantity_index(m, names[i]);
        CHECK(ks[i] >= 0);
    }
    neq_params *p = NULL;
    CHECK_RC(neq_params_alloc(m, &p), NEQ_OK);
    if (!p)
        return;
    CHECK_RC(neq_params_set_text(p, "me", "global"), NEQ_OK);
    /* equal temperatures, across and beyond the sudden death
     * T_c = 1/asinh(1) = 1.13 of the default eps = 1/3 */
    const double Ts[] = {0.05, 0.2, 0.5, 0.9, 1.1, 1.5, 3.0, 10.0};
    const double epss[] = {1.0 / 3.0, 3.0};
    int entangled = 0;
    for (int e = 0; e < 2; e++)
        for (size_t i = 0; i < sizeof Ts / sizeof *Ts; i++) {
            double out[5];
            CHECK_RC(neq_params_set(p, "eps1", epss[e]), NEQ_OK);
            CHECK_RC(neq_params_set(p, "eps2", epss[e]), NEQ_OK);
            CHECK_RC(neq_params_set(p, "T1", Ts[i]), NEQ_OK);
            CHECK_RC(neq_params_set(p, "T2", Ts[i]), NEQ_OK);
            CHECK_RC(neq_eval_once(p, 5, ks, out), NEQ_OK);
            CHECK_CLOSE(out[0], out[1], 1e-10);
            entangled += out[1] > 0.01;
            CHECK(out[2] == 0 && out[3] == 0);
            CHECK(out[4] == 0);
        }
    CHECK(entangled >= 3); /* the comparison is not only 0 = 0 */
    /* unequal temperatures: energy conservation and the second law */
    rng_seed(77);
    for (int i = 0; i < 60; i++) {
        double out[5], T1 = exp(rng_range(log(0.02), log(20))), T2 = exp(rng_range(log(0.02), log(20)));
        CHECK_RC(neq_params_set(p, "eps1", rng_range(0.1, 4)), NEQ_OK);
        CHECK_RC(neq_params_set(p, "eps2", rng_range(0.1, 4)), NEQ_OK);
        CHECK_RC(neq_params_set(p, "K", rng_range(0.2, 2)), NEQ_OK);
        CHECK_RC(neq_params_set(p, "gamma1", rng_range(0.1, 2)), NEQ_OK);
        CHECK_RC(neq_params_set(p, "T1", T1), NEQ_OK);
        CHECK_RC(neq_params_set(p, "T2", T2), NEQ_OK);
        CHECK_RC(neq_eval_once(p, 5, ks, out), NEQ_OK);
        CHECK_CLOSE(out[2] + out[3], 0.0, 1e-12);
        double sigma = -out[2] / T1 - out[3] / T2;
        CHECK_CLOSE(out[4], sigma, 1e-12 * fmax(1.0, fabs(sigma)));
        CHECK(out[4] >= -1e-14);
        CHECK((T1 - T2) * out[2] >= -1e-14); /* heat flows out of the hotter bath */
    }
    neq_params_free(p);
}

int main(void)
{
    registry();
    defaults_and_bounds();
    roundtrips();
    units();
    ranges();
    set_out_of_range();
    evaluation();
    baths_physics();
    return check_report("models");
}
