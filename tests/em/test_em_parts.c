/* The pieces of src/em/ alone (src/em/em_internal.h): the vector quadrature
 * (quadrature.c) on integrals with closed forms, the pole finder (poles.c)
 * against the poles quoted in docs/physics.md and its own definitions, the
 * analytic pole integral against GSL's QAG, and the evanescent integrand
 * (integrands.c) against its definition.  These are the library's internal
 * functions: exported today because the library is built with default
 * visibility; with hidden visibility this test would compile the src/em
 * sources itself. */
#include "check.h"
#include "../../src/em/em_internal.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------- quadrature */

/* y = (x^2, e^{i 3.7 x}, 1/sqrt(x)) on [0, 2.385]: the last has an
 * integrable singularity at 0 that only bisection resolves */
static int f_smooth(void *p, double x, double complex *y, double *noise)
{
    (void)p;
    y[0] = x * x;
    y[1] = cexp(3.7 * I * x);
    y[2] = x > 0 ? 1 / sqrt(x) : 0;
    for (int m = 0; m < 3; m++)
        noise[m] = 0;
    return NEQ_OK;
}

static int f_exp(void *p, double x, double complex *y, double *noise)
{
    (void)p;
    y[0] = exp(-1.3 * x) * (1 + 2.1 * I);
    noise[0] = 0;
    return NEQ_OK;
}

static int f_fails(void *p, double x, double complex *y, double *noise)
{
    (void)p;
    if (x > 0.5)
        return neq_fail(NEQ_EDOMAIN, "x = %g > 0.5", x);
    y[0] = x;
    noise[0] = 0;
    return NEQ_OK;
}

static int f_oscillating(void *p, double x, double complex *y, double *noise)
{
    (void)p;
    y[0] = cos(500.3 * x);
    noise[0] = 0;
    return NEQ_OK;
}

static void quadrature(void)
{
    neq_em_quad *q, *small;
    CHECK_RC(neq_em_quad_alloc(NEQ_EM_QUAD_LIMIT, &q), NEQ_OK);
    CHECK_RC(neq_em_quad_alloc(5, &small), NEQ_OK);
    /* closed forms: a^3/3, (e^{i k a} - 1)/(i k), 2 sqrt(a); requested 1e-12
     * relative, met in fact (the estimate |K21 - G10| is conservative) */
    const double a = 2.385, k = 3.7;
    double complex ref[3] = {a * a * a / 3, (cexp(I * k * a) - 1) / (I * k), 2 * sqrt(a)};
    double complex res[3], err[3];
    neq_em_quad_info info;
    double pts[3] = {0, 1.1, a};
    CHECK_RC(neq_em_quad_integrate(q, f_smooth, NULL, 3, NEQ_EM_MAP_NONE, 0, pts, 3, 1e-12,
                                   1e-300, res, err, &info), NEQ_OK);
    for (int m = 0; m < 3; m++) {
        double er = fabs(creal(res[m] - ref[m])), ei = fabs(cimag(res[m] - ref[m]));
        CHECK(er <= 1e-12 * fabs(creal(ref[m])) + 1e-15);
        CHECK(ei <= 1e-12 * fabs(cimag(ref[m])) + 1e-15);
        /* the returned estimate: within the tolerance, and not below the
         * true error except at rounding level */
        CHECK(creal(err[m]) <= 1e-12 * fabs(creal(res[m])));
        CHECK(er <= creal(err[m]) + 4e-16 * fabs(creal(ref[m])));
        CHECK(ei <= cimag(err[m]) + 4e-16 * fabs(cimag(ref[m])) + 1e-300);
    }
    CHECK(info.neval == 21 * (2 * info.nintervals - 2)); /* 2 initial, 2 per bisection */
    CHECK(info.worst_err <= info.worst_tol);
    /* the tail map: int_2.9^oo e^{-1.3 x} dx (1 + 2.1 i) = e^{-3.77}/1.3 (1 + 2.1 i) */
    double tp[2] = {0, 1};
    double complex tref = exp(-1.3 * 2.9) / 1.3 * (1 + 2.1 * I);
    CHECK_RC(neq_em_quad_integrate(q, f_exp, NULL, 1, NEQ_EM_MAP_TAIL, 2.9, tp, 2, 1e-12, 1e-300,
                                   res, err, &info), NEQ_OK);
    CHECK(cabs(res[0] - tref) <= 1e-12 * cabs(tref));
    /* a limit of 5 intervals cannot follow cos(500.3 x) over [0, 2.385]:
     * NEQ_ECONVERGE, with the best result, its error and why */
    CHECK_RC(neq_em_quad_integrate(small, f_oscillating, NULL, 1, NEQ_EM_MAP_NONE, 0, pts, 3,
                                   1e-10, 1e-300, res, err, &info), NEQ_ECONVERGE);
    CHECK(info.limit_hit == 1 && info.nintervals == 4);
    CHECK(info.worst == 0 && info.worst_err > info.worst_tol);
    CHECK(creal(err[0]) == info.worst_err);
    /* the same converges with room: sin(500.3 a)/500.3 to 1e-10 */
    CHECK_RC(neq_em_quad_integrate(q, f_oscillating, NULL, 1, NEQ_EM_MAP_NONE, 0, pts, 3, 1e-10,
                                   1e-300, res, err, &info), NEQ_OK);
    CHECK_CLOSE(creal(res[0]), sin(500.3 * a) / 500.3, 1e-10 * fabs(sin(500.3 * a) / 500.3));
    /* an integrand's status stops the integration and comes back */
    double p01[2] = {0, 1};
    CHECK_RC(neq_em_quad_integrate(q, f_fails, NULL, 1, NEQ_EM_MAP_NONE, 0, p01, 2, 1e-10,
                                   1e-300, res, err, &info), NEQ_EDOMAIN);
    CHECK(strstr(neq_errdetail(), "> 0.5") != NULL);
    CHECK_RC(neq_em_quad_integrate(q, f_fails, NULL, 0, NEQ_EM_MAP_NONE, 0, p01, 2, 1e-10,
                                   1e-300, res, err, &info), NEQ_EINVAL);
    neq_em_quad_free(small);
    CHECK_RC(neq_em_quad_alloc(0, &small), NEQ_EINVAL);
    neq_em_quad_free(q);
    neq_em_quad_free(NULL);
}

/* ------------------------------------------------------------ poles */

static void poles(void)
{
    /* the paper's slab (SiC, delta = 10 nm, omega = 0.3 omega_r): TE0 at
     * v = 6.98136e-3 + 5.39e-6 i and TM0 at 6.75629e-4 + 5.05e-8 i
     * (docs/physics.md, to the digits quoted there) */
    neq_material *sic;
    neq_body *b;
    CHECK_RC(neq_material_sic(&sic), NEQ_OK);
    CHECK_RC(neq_body_slab(sic, 0.01e-6, &b), NEQ_OK);
    double w = 0.3 * 1.495e14;
    neq_em_geom g;
    neq_em_geom_init(&g, b, w, 1e-6, 1.3e-6, 0.25e-6);
    CHECK_RC(neq_body_eps(b, w, g.eps), NEQ_OK);
    neq_em_poles p;
    memset(&p, 0, sizeof p); /* entries beyond p.n are not written: compare whole structs */
    neq_em_poles_scan(&g, 256, &p);
    CHECK(p.n == 2);
    const double complex quoted[2] = {6.98136e-3 + 5.39e-6 * I, 6.75629e-4 + 5.05e-8 * I};
    const double digits[2][2] = {{0.000005e-3, 0.005e-6}, {0.000005e-4, 0.005e-8}};
    for (int pol = 0; pol < 2; pol++) {
        int j = p.pol[0] == pol ? 0 : 1;
        CHECK(p.pol[j] == pol);
        CHECK_CLOSE(creal(p.vp[j]), creal(quoted[pol]), digits[pol][0]);
        CHECK_CLOSE(cimag(p.vp[j]), cimag(quoted[pol]), digits[pol][1]);
        /* the residue: (v - vp) rho(v) -> res as v -> vp, here at a distance
         * 1e-4 |Im vp| (relative correction of that order) */
        double complex dv = 1e-4 * cimag(p.vp[j]) * (0.6 + 0.8 * I), rho, tau;
        CHECK_RC(neq_body_fresnel(b, w, I * (p.vp[j] + dv), pol, &rho, &tau), NEQ_OK);
        CHECK(cabs(dv * rho - p.res[j]) < 1e-4 * cabs(p.res[j]));
    }
    /* the range: vmax rounded up to a power of two */
    CHECK(neq_em_poles_range(133.3) == 256);
    CHECK(neq_em_poles_range(256) == 256);
    CHECK(neq_em_poles_range(0.3) == 0.5);
    CHECK(isinf(neq_em_poles_range(INFINITY)) && isinf(neq_em_poles_range(0)));
    /* the cache returns what a scan computes, hit or miss, in any order */
    neq_em_pole_cache cache;
    memset(&cache, 0, sizeof cache);
    neq_em_poles miss, hit, wide, direct;
    memset(&miss, 0, sizeof miss);
    memset(&hit, 0, sizeof hit);
    memset(&direct, 0, sizeof direct);
    neq_em_poles_find(&cache, &g, w, 133.3, &miss);
    neq_em_poles_find(&cache, &g, w, 500, &wide);
    neq_em_poles_find(&cache, &g, w, 200, &hit);
    neq_em_poles_find(NULL, &g, w, 150, &direct);
    CHECK(memcmp(&miss, &p, sizeof p) == 0);
    CHECK(memcmp(&hit, &p, sizeof p) == 0);
    CHECK(memcmp(&direct, &p, sizeof p) == 0);
    /* a mirror has no poles */
    neq_body *mirror;
    CHECK_RC(neq_body_mirror(&mirror), NEQ_OK);
    neq_em_geom gm;
    neq_em_geom_init(&gm, mirror, w, 1e-6, 1e-6, 1e-6);
    neq_em_poles_find(&cache, &gm, w, 133.3, &hit);
    CHECK(hit.n == 0);
    neq_body_free(mirror);
    neq_body_free(b);
    neq_material_free(sic);
}

/* The analytic integral of a subtracted pole term,
 *   int_a^b res (pa + pb (v - vr)) / (v - vp) dv,
 * against GSL's QAG on its real and imaginary parts (1e-11), for a pole
 * 0.4 off the axis inside [a, b] (synthetic: res, pa, pb chosen here). */
typedef struct {
    double complex vp, res, pa, pb;
    double vr;
    int part;
} pole_term;

static double pole_term_f(double v, void *q)
{
    const pole_term *t = q;
    double complex f = t->res * (t->pa + t->pb * (v - t->vr)) / (v - t->vp);
    return t->part ? cimag(f) : creal(f);
}

static void pole_integral(void)
{
    neq_em_poles p;
    neq_em_pole_terms t;
    memset(&p, 0, sizeof p);
    memset(&t, 0, sizeof t);
    p.n = 1;
    p.vp[0] = 2.3 + 0.4 * I;
    p.res[0] = -0.37 + 1.21 * I;
    t.vr[0] = 2.3;
    for (int m = 0; m < NEQ_EM_NEV; m++) {
        t.pa[0][m] = 0.5 + 0.1 * m;
        t.pb[0][m] = -0.2 + 0.03 * m * I;
    }
    double complex out[NEQ_EM_NEV] = {0};
    const double a = 0.25, b = 5.75;
    neq_em_poles_integrate(&p, &t, a, b, out);
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(1000);
    for (int m = 0; m < NEQ_EM_NEV; m += 7) {
        pole_term q = {p.vp[0], p.res[0], t.pa[0][m], t.pb[0][m], t.vr[0], 0};
        double r[2], e;
        for (q.part = 0; q.part < 2; q.part++) {
            gsl_function F = {pole_term_f, &q};
            gsl_integration_qag(&F, a, b, 1e-14, 1e-13, 1000, GSL_INTEG_GAUSS61, w, &r[q.part], &e);
        }
        CHECK(cabs(out[m] - (r[0] + I * r[1])) < 1e-11 * cabs(r[0] + I * r[1]));
    }
    gsl_integration_workspace_free(w);
}

/* ------------------------------------------------------- integrands */

/* The evanescent integrand with no pole subtracted is sum_p rho_p(iv) h_p(v)
 * with h_p = (3/2) e^{-k0 v sz} A_p (docs/physics.md): for r12 = 0 the
 * (1,1) xx and zz entries are (3/4) e^{-2 k0 v z1} (rho_TE + v^2 rho_TM) and
 * (3/2) (1 + v^2) e^{-2 k0 v z1} rho_TM, rho from neq_body_fresnel; 1e-14. */
static void integrand(void)
{
    neq_material *sic;
    neq_body *b;
    CHECK_RC(neq_material_sic(&sic), NEQ_OK);
    CHECK_RC(neq_body_slab(sic, 0.05e-6, &b), NEQ_OK);
    double w = 0.3 * 1.495e14, k0 = w / NEQ_C_LIGHT, z1 = 0.7e-6;
    neq_em_geom g;
    neq_em_geom_init(&g, b, w, z1, 1.9e-6, 0);
    CHECK_RC(neq_body_eps(b, w, g.eps), NEQ_OK);
    neq_em_evanescent_params P = {&g, NULL, NULL};
    for (double v = 0.013; v < 40; v *= 2.385) {
        double complex y[NEQ_EM_NEV], rte, rtm, tau;
        double noise[NEQ_EM_NEV];
        CHECK_RC(neq_em_evanescent_integrand(&P, v, y, noise), NEQ_OK);
        CHECK_RC(neq_body_fresnel(b, w, I * v, NEQ_TE, &rte, &tau), NEQ_OK);
        CHECK_RC(neq_body_fresnel(b, w, I * v, NEQ_TM, &rtm, &tau), NEQ_OK);
        double E = exp(-2 * k0 * v * z1);
        double complex xx = 0.75 * E * (rte + v * v * rtm), zz = 1.5 * (1 + v * v) * E * rtm;
        CHECK(cabs(y[NEQ_EM_XX] - xx) <= 1e-14 * cabs(xx));
        CHECK(cabs(y[NEQ_EM_ZZ] - zz) <= 1e-14 * cabs(zz));
        CHECK(noise[NEQ_EM_ZZ] > 0 && noise[NEQ_EM_ZZ] < 1e-14 * cabs(zz) + 1e-300);
    }
    neq_body_free(b);
    neq_material_free(sic);
}

int main(void)
{
    gsl_set_error_handler_off(); /* this test's own QAG calls */
    quadrature();
    poles();
    pole_integral();
    integrand();
    return check_report("em parts");
}
