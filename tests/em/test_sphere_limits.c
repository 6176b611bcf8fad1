/* The sphere (src/em/sphere.c) at the edges of what the Mie series can do,
 * through the public API: whatever the inputs, a call either succeeds with
 * finite tensors or fails with a code and a detail, and a failure leaves t
 * untouched (em.h).
 *   - a size parameter x = k R beyond the multipoles the series may take
 *     (a 1 m sphere at 7e17 rad/s once returned success with NaN, or with
 *     all-zero tensors for SiC) and beyond an int;
 *   - |m| x beyond what the downward recurrence of D_n(m x) can start from;
 *   - a sweep of extreme radii and frequencies: never success with NaN;
 *   - r12 < 0 is refused for a sphere as for a planar body (em.h promises
 *     r12 >= 0 for every body). */
#include "check.h"
#include "neqent/em.h"
#include "neqent/status.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int count_nonfinite(const neq_em_tensors *t)
{
    const double complex *X[5] = {&t->alpha_W[0][0][0][0], &t->alpha_M[0][0][0][0],
                                  &t->alpha_M_prop[0][0][0][0], &t->g_R[0][0][0][0],
                                  &t->g_0[0][0][0][0]};
    int n = 0;
    for (int c = 0; c < 5; c++)
        for (int k = 0; k < 36; k++)
            n += !isfinite(creal(X[c][k])) || !isfinite(cimag(X[c][k]));
    return n;
}

/* t filled with a pattern a failing call must leave in place */
static void poison(neq_em_tensors *t)
{
    memset(t, 0x5a, sizeof *t);
}

static int poisoned(const neq_em_tensors *t)
{
    neq_em_tensors p;
    poison(&p);
    return memcmp(t, &p, sizeof p) == 0;
}

/* one sphere (m NULL: a perfect conductor) of radius R centred at (0, 0, -R)
 * with qubits at heights z1, z2 and separation r12, through
 * neq_em_tensors_compute; *t poisoned first */
static int sphere_compute(const char *mat, double R, double omega, double z1, double z2,
                          double r12, neq_em_tensors *t)
{
    neq_material *m = NULL;
    neq_body *b = NULL;
    if (mat)
        CHECK_RC(neq_material_parse(mat, &m), 0);
    CHECK_RC(neq_body_sphere(m, R, NULL, &b), 0);
    poison(t);
    int rc = neq_em_tensors_compute(b, omega, z1, z2, r12, NULL, NULL, t);
    neq_body_free(b);
    neq_material_free(m);
    return rc;
}

/* rc is code, with a detail containing `what`, and t untouched */
static void check_refused(int rc, int code, const char *what, const neq_em_tensors *t)
{
    CHECK(rc == code);
    CHECK(strstr(neq_errdetail(), what) != NULL);
    CHECK(poisoned(t));
    if (rc != code || !strstr(neq_errdetail(), what))
        fprintf(stderr, "  rc = %d, detail '%s'\n", rc, neq_errdetail());
}

static void huge_size_parameter(void)
{
    neq_em_tensors t;
    /* x = 2.3e9: past INT_MAX, the reviewer's reproduction */
    int rc = sphere_compute(NULL, 1, 7e17, 0.1, 0.2, 0.05, &t);
    check_refused(rc, NEQ_EDOMAIN, "size parameter", &t);
    CHECK(strstr(neq_errdetail(), "x = k R = 2.33") != NULL);
    rc = sphere_compute("sic", 1, 7e17, 0.1, 0.2, 0.05, &t);
    check_refused(rc, NEQ_EDOMAIN, "size parameter", &t);
    /* x = 1e7: within an int, but past the 4e6 multipoles the series may take */
    rc = sphere_compute("const:2.25", 1, 1e7 * NEQ_C_LIGHT, 0.1, 0.2, 0.05, &t);
    check_refused(rc, NEQ_EDOMAIN, "size parameter", &t);
    /* through neq_em_tensors_at, one point (no vacuum coupling to overflow):
     * x = 2.3e9, and x = 1e300 * 1e300 / c, which overflows to inf */
    const double R[2] = {1, 1e300}, omega[2] = {7e17, 1e300};
    for (int k = 0; k < 2; k++) {
        neq_body *b = NULL;
        CHECK_RC(neq_body_sphere(NULL, R[k], (const double[3]){0, 0, 0}, &b), 0);
        poison(&t);
        double r[3] = {0, 0, 1.5 * R[k]};
        rc = neq_em_tensors_at(b, omega[k], r, r, NULL, NULL, &t);
        check_refused(rc, NEQ_EDOMAIN, "size parameter", &t);
        neq_body_free(b);
    }
}

static void huge_index_times_size(void)
{
    neq_em_tensors t;
    /* x = 3.3e3 is fine, |m| = 1.19e6: |m| x = 4e9 is past INT_MAX */
    int rc = sphere_compute("const:1e12,1e12", 1e-4, 1e16, 1e-5, 2e-5, 5e-6, &t);
    check_refused(rc, NEQ_EDOMAIN, "|m| x", &t);
    /* within the limits, |m| x = 4e6 (about sphere.c's MIE_MAXN) and x = 160 still
     * succeed with finite tensors: the refusal is not too broad */
    rc = sphere_compute("const:1e10,1e10", 1e-6, 1e16, 1e-7, 2e-7, 5e-8, &t);
    CHECK_RC(rc, 0);
    CHECK(count_nonfinite(&t) == 0);
    CHECK(t.nevals > 0);
    rc = sphere_compute("sic", 3e-4, 1.6e14, 3e-5, 6e-5, 2e-5, &t); /* x = 160 */
    CHECK_RC(rc, 0);
    CHECK(count_nonfinite(&t) == 0);
}

/* extreme radii and frequencies, the qubits at heights ~R (a pair, and one
 * qubit alone, whose vacuum coupling cannot overflow at tiny k R): success
 * only with finite tensors, failure only with a detail and t untouched.
 * Once, one qubit by a gold sphere at 1e-200 rad/s (x ~ 1e-200, the
 * quasi-static terms overflow) returned success with NaN: the NaN slipped
 * through the fmax that collected the terms' sizes. */
static void never_nan(void)
{
    const char *mats[] = {NULL, "sic", "au", "const:-1e6,1e7"};
    const double R[] = {1e-150, 1e-12, 1e-6, 1, 1e6};
    const double omega[] = {1e-200, 1e-60, 1, 1e14, 7e17, 1e20, 1e300};
    int ok = 0, failed = 0;
    for (int im = 0; im < 4; im++) {
        neq_material *m = NULL;
        if (mats[im])
            CHECK_RC(neq_material_parse(mats[im], &m), 0);
        for (int ir = 0; ir < 5; ir++) {
            double a = R[ir];
            neq_body *b = NULL;
            CHECK_RC(neq_body_sphere(m, a, NULL, &b), 0);
            for (int iw = 0; iw < 7; iw++) {
                double x = omega[iw] / NEQ_C_LIGHT * a;
                if (x > 1e4 && x < 1e7) /* allowed and slow: covered elsewhere */
                    continue;
                for (int one = 0; one < 2; one++) {
                    neq_em_tensors t;
                    poison(&t);
                    double r1[3] = {0, 0, 0.5 * a}, r2[3] = {0.3 * a, 0, 0.8 * a};
                    int rc = neq_em_tensors_at(b, omega[iw], r1, one ? r1 : r2, NULL, NULL, &t);
                    int bad = rc == 0 ? count_nonfinite(&t) > 0
                                      : !*neq_errdetail() || !poisoned(&t);
                    CHECK(!bad);
                    if (bad)
                        fprintf(stderr, "  %s R = %g m omega = %g rad/s%s: rc = %d, %d "
                                        "non-finite (%s)\n",
                                mats[im] ? mats[im] : "pec", a, omega[iw], one ? " (one)" : "",
                                rc, rc ? 0 : count_nonfinite(&t), neq_errdetail());
                    rc == 0 ? ok++ : failed++;
                }
            }
            neq_body_free(b);
        }
        neq_material_free(m);
    }
    printf("never_nan: %d succeeded, %d refused\n", ok, failed);
    CHECK(ok > 0 && failed > 0);
}

static void negative_separation(void)
{
    neq_material *sic = NULL;
    CHECK_RC(neq_material_sic(&sic), 0);
    neq_body *sph = NULL, *half = NULL;
    CHECK_RC(neq_body_sphere(sic, 1e-6, NULL, &sph), 0);
    CHECK_RC(neq_body_halfspace(sic, &half), 0);
    neq_em_tensors t;
    const double bad[] = {-1e-7, -0.0 - 1e-300, -INFINITY};
    for (int k = 0; k < 3; k++) {
        poison(&t);
        int rc = neq_em_tensors_compute(half, 1e14, 1e-6, 1e-6, bad[k], NULL, NULL, &t);
        check_refused(rc, NEQ_EDOMAIN, "r12", &t);
        poison(&t);
        rc = neq_em_tensors_compute(sph, 1e14, 1e-6, 1e-6, bad[k], NULL, NULL, &t);
        check_refused(rc, NEQ_EDOMAIN, "r12", &t);
    }
    poison(&t);
    int rc = neq_em_tensors_compute(sph, 1e14, 1e-6, 1e-6, NAN, NULL, NULL, &t);
    check_refused(rc, NEQ_ENAN, "r12", &t);
    /* r12 = 0 and the mirror image r12 > 0 still succeed */
    CHECK_RC(neq_em_tensors_compute(sph, 1e14, 1e-6, 2e-6, 0, NULL, NULL, &t), 0);
    CHECK_RC(neq_em_tensors_compute(sph, 1e14, 1e-6, 1e-6, 1e-7, NULL, NULL, &t), 0);
    CHECK(count_nonfinite(&t) == 0);
    /* omega is still checked first, as for a planar body */
    CHECK_RC(neq_em_tensors_compute(sph, NAN, 1e-6, 1e-6, -1e-7, NULL, NULL, &t), NEQ_ENAN);
    CHECK(strstr(neq_errdetail(), "omega") != NULL);
    neq_body_free(half);
    neq_body_free(sph);
    neq_material_free(sic);
}

int main(void)
{
    huge_size_parameter();
    huge_index_times_size();
    never_nan();
    negative_separation();
    return check_report("sphere_limits");
}
