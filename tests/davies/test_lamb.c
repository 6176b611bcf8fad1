/* The Lamb shift (neq_lamb_shift, neq_davies_build_lamb, --lamb-shift),
 * each check against a value obtained another way:
 *   - S(w) of an ohmic bath against the principal-value integral
 *     (1/2 pi) P int gamma(v)/(w - v) dv done numerically by GSL (QAWC, the
 *     Cauchy-weight rule, around the pole; QAGS and QAGIU elsewhere), over
 *     both signs of w, T from 0 to 50 w and cutoffs from 0.5 to 100 w: to
 *     1e-9 relative (the quadrature is asked for 1e-13 and reaches about
 *     1e-10 at T = 0.02 w; the closed form's Euler-Maclaurin remainder is
 *     below 1e-13);
 *   - the zero-frequency limit S(0) = -gamma wc / 2 pi, and S's thermal
 *     part odd in w (S(w) + S(-w) is T-independent);
 *   - the flat density at T = 0 against the same quadrature, and its
 *     divergence at T > 0 reported as NEQ_EDIVERGE, never as a number;
 *   - the global equation: the secular shift commutes with Q and leaves
 *     the steady state and the heat currents unchanged (to 1e-12), and
 *     the Gibbs state stays steady at equal temperatures;
 *   - every equation (global, local, Redfield, unified) with the shift:
 *     J1 + J2 = 0 in the steady state, since each bath's shift counts in
 *     its own current (energy conservation, to 1e-12 of the currents).
 * The steady states themselves are compared with an independent Python
 * construction in tests/peer/test_lamb_shift.py. */
#include "check.h"
#include "neqent/neqent.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <math.h>
#include <string.h>

typedef struct {
    double g, wc, T, w;
    int emission; /* 1: J (1 + n) over v > 0; 0: J n */
    int flat;     /* 1: flat, 0: ohmic, 2: Drude */
} ref_par;

static double bose(double v, double T)
{
    return T > 0 ? 1 / expm1(v / T) : 0;
}

static double dens(double v, const ref_par *p)
{
    if (v <= 0 && p->flat != 1) /* J'(0) v n(v) -> J'(0) T (Clenshaw-Curtis samples v = 0) */
        return p->T * (p->flat == 2 ? 4 * p->g / p->wc : p->g);
    double J = p->flat == 1   ? (v < p->wc ? p->g : 0)
               : p->flat == 2 ? 4 * p->g * p->wc * v / (v * v + p->wc * p->wc)
                              : p->g * v * exp(-v / p->wc);
    return J * (p->emission ? 1 + bose(v, p->T) : bose(v, p->T));
}

static double f_plain(double v, void *vp)
{
    return dens(v, vp);
}

static double f_over(double v, void *vp) /* f(v) / (c - v), c = the pole */
{
    const ref_par *p = vp;
    double c = p->emission ? p->w : -p->w;
    return dens(v, p) / (c - v);
}

/* P int_0^inf f(v) / (c - v) dv, c = w (emission) or -w (absorption):
 * QAWC over [0, 2c] around the pole, then QAGS over pieces at the scales of
 * n (T) and J (wc), and QAGIU beyond. */
static double pv(ref_par *p)
{
    gsl_integration_workspace *ws = gsl_integration_workspace_alloc(2000);
    double c = p->emission ? p->w : -p->w, r = 0, part, err;
    double end = p->flat == 1 ? p->wc : INFINITY, lo = 0;
    gsl_function F = {f_over, p}, G = {f_plain, p};
    if (c > 0 && c < end) { /* QAWC integrates f/(v - c) */
        lo = fmin(2 * c, end);
        gsl_integration_qawc(&G, 0, lo, c, 0, 1e-13, 2000, ws, &part, &err);
        r -= part;
    }
    double cuts[] = {p->T, 10 * p->T, 50 * p->T, p->wc, 10 * p->wc, 60 * p->wc};
    for (size_t k = 0; k < sizeof cuts / sizeof *cuts; k++) {
        double hi = fmin(lo + cuts[k], end);
        if (hi > lo) {
            gsl_integration_qags(&F, lo, hi, 0, 1e-13, 2000, ws, &part, &err);
            r += part;
            lo = hi;
        }
    }
    if (p->flat != 1) {
        gsl_integration_qagiu(&F, lo, 0, 1e-13, 2000, ws, &part, &err);
        r += part;
    }
    gsl_integration_workspace_free(ws);
    return r;
}

static double reference(double g, double wc, double T, double w, int flat)
{
    ref_par em = {g, wc, T, w, 1, flat}, ab = {g, wc, T, w, 0, flat};
    /* absorption: 1/(w + v) = -1/(-w - v) */
    return (pv(&em) - (T > 0 ? pv(&ab) : 0)) / (2 * 3.14159265358979323846);
}

static void ohmic_against_quadrature(void)
{
    const double ws[] = {1.0, -1.0, 0.37, -2.5, 7.0};
    const double Ts[] = {0, 0.02, 0.3, 1.0, 4.0, 50.0};
    const double wcs[] = {0.5, 3.0, 100.0};
    double worst = 0;
    for (size_t a = 0; a < sizeof ws / sizeof *ws; a++)
        for (size_t b = 0; b < sizeof Ts / sizeof *Ts; b++)
            for (size_t c = 0; c < sizeof wcs / sizeof *wcs; c++) {
                neq_spectral_density J = {NEQ_SPECTRAL_OHMIC, 0.7, wcs[c]};
                double S, ref = reference(0.7, wcs[c], Ts[b], ws[a], 0);
                CHECK_RC(neq_lamb_shift(&J, Ts[b], ws[a], &S), 0);
                double rel = fabs(S - ref) / fmax(fabs(ref), 1e-3);
                worst = fmax(worst, rel);
                if (!(rel <= 1e-9))
                    fprintf(stderr, "w %g T %g wc %g: S %.15g vs quadrature %.15g\n", ws[a], Ts[b],
                            wcs[c], S, ref);
                CHECK(rel <= 1e-9);
            }
    printf("ohmic S(w) vs GSL QAWC: 90 points, worst relative difference %.1e\n", worst);
}

/* Drude: the closed form (the exponentials of C(t) at T > 0, partial
 * fractions at T = 0) against the same quadrature */
static void drude_against_quadrature(void)
{
    const double ws[] = {1.0, -1.0, 0.37, -2.5, 7.0, 0.0};
    const double Ts[] = {0, 0.05, 0.3, 1.0, 4.0};
    const double wcs[] = {0.5, 2.0, 20.0};
    double worst = 0;
    for (size_t a = 0; a < sizeof ws / sizeof *ws; a++)
        for (size_t b = 0; b < sizeof Ts / sizeof *Ts; b++)
            for (size_t c = 0; c < sizeof wcs / sizeof *wcs; c++) {
                neq_spectral_density J = {NEQ_SPECTRAL_DRUDE, 0.03, wcs[c]};
                double S, ref;
                if (ws[a] == 0) /* both poles at v = 0 cancel: -(1/2 pi) int J/v = -lambda */
                    ref = -0.03;
                else {
                    ref_par em = {0.03, wcs[c], Ts[b], ws[a], 1, 2},
                            ab = {0.03, wcs[c], Ts[b], ws[a], 0, 2};
                    ref = (pv(&em) - (Ts[b] > 0 ? pv(&ab) : 0)) / (2 * 3.14159265358979323846);
                }
                CHECK_RC(neq_lamb_shift(&J, Ts[b], ws[a], &S), 0);
                double rel = fabs(S - ref) / fmax(fabs(ref), 1e-4);
                worst = fmax(worst, rel);
                if (!(rel <= 1e-8))
                    fprintf(stderr, "Drude w %g T %g wc %g: S %.15g vs quadrature %.15g\n", ws[a],
                            Ts[b], wcs[c], S, ref);
                CHECK(rel <= 1e-8);
            }
    printf("Drude S(w) vs GSL QAWC: 90 points, worst relative difference %.1e\n", worst);
}

/* far below |w|: the T = 0 shift plus the thermal part's leading term
 * J'(0) pi T^2 / (6 w) (Sommerfeld), where the series would lose every digit */
static void low_temperature(void)
{
    const double Ts[] = {1e-4, 1e-7, 1e-9};
    neq_spectral_density o = {NEQ_SPECTRAL_OHMIC, 0.01, 10}, d = {NEQ_SPECTRAL_DRUDE, 0.01, 10};
    for (int k = 0; k < 3; k++)
        for (int s = -1; s <= 1; s += 2) {
            double w = s * 1.0, T = Ts[k], S, S0;
            CHECK_RC(neq_lamb_shift(&o, T, w, &S), 0);
            CHECK_RC(neq_lamb_shift(&o, 0, w, &S0), 0);
            CHECK_CLOSE(S, S0 + 0.01 / (2 * 3.14159265358979323846) * 3.14159265358979323846 *
                                    3.14159265358979323846 * T * T / (3 * w),
                        1e-12 * fabs(S0));
            CHECK_RC(neq_lamb_shift(&d, T, w, &S), 0);
            CHECK_RC(neq_lamb_shift(&d, 0, w, &S0), 0);
            CHECK_CLOSE(S, S0 + 4 * 0.01 / 10 * 3.14159265358979323846 * T * T / (6 * w),
                        1e-10 * fabs(S0));
        }
    double S;
    CHECK_RC(neq_lamb_shift(&d, 1e-9, 1e-10, &S), NEQ_EDOMAIN); /* both far below gc */
}

static void limits(void)
{
    neq_spectral_density J = {NEQ_SPECTRAL_OHMIC, 0.4, 6.0};
    double S0, Sa, Sb, Ta, Tb;
    CHECK_RC(neq_lamb_shift(&J, 2.0, 0.0, &S0), 0);
    CHECK_CLOSE(S0, -0.4 * 6.0 / (2 * 3.14159265358979323846), 1e-15);
    /* the thermal part is odd in w: S(w) + S(-w) is the vacuum's */
    CHECK_RC(neq_lamb_shift(&J, 0.0, 1.3, &Sa), 0);
    CHECK_RC(neq_lamb_shift(&J, 0.0, -1.3, &Sb), 0);
    CHECK_RC(neq_lamb_shift(&J, 3.0, 1.3, &Ta), 0);
    CHECK_RC(neq_lamb_shift(&J, 3.0, -1.3, &Tb), 0);
    CHECK_CLOSE(Ta + Tb, Sa + Sb, 1e-13);
    CHECK(fabs(Ta - Sa) > 1e-3); /* and the temperature does change it */
    /* a zero coupling has no shift */
    neq_spectral_density Z = {NEQ_SPECTRAL_FLAT, 0, 1};
    CHECK_RC(neq_lamb_shift(&Z, 5.0, 1.0, &S0), 0);
    CHECK(S0 == 0);
}

static void flat(void)
{
    neq_spectral_density J = {NEQ_SPECTRAL_FLAT, 0.3, 8.0};
    const double ws[] = {1.0, -1.0, 3.0, 9.5};
    for (size_t a = 0; a < sizeof ws / sizeof *ws; a++) {
        double S;
        CHECK_RC(neq_lamb_shift(&J, 0, ws[a], &S), 0);
        CHECK_CLOSE(S, reference(0.3, 8.0, 0, ws[a], 1), 1e-10);
    }
    double S = 42;
    CHECK_RC(neq_lamb_shift(&J, 0.5, 1.0, &S), NEQ_EDIVERGE);
    CHECK(strstr(neq_errdetail(), "diverges") != NULL);
    CHECK_RC(neq_lamb_shift(&J, 0, 0.0, &S), NEQ_EDIVERGE);
    CHECK_RC(neq_lamb_shift(&J, 0, 8.0, &S), NEQ_EDIVERGE);
    CHECK_RC(neq_lamb_shift(&J, NAN, 1.0, &S), NEQ_ENAN);
    CHECK_RC(neq_lamb_shift(&J, -1, 1.0, &S), NEQ_EDOMAIN);
    /* the model refuses the combination with a line naming it */
    neq_baths_params p;
    neq_baths_default(&p);
    p.lamb_shift = 1;
    neq_baths_result r;
    CHECK_RC(neq_baths_steady(&p, &r), NEQ_EDIVERGE);
    CHECK(strstr(neq_errdetail(), "lamb_shift") != NULL);
}

static void global_unchanged(void)
{
    neq_baths_params p;
    neq_baths_default(&p);
    p.spectral = NEQ_SPECTRAL_OHMIC;
    p.eps1 = 1.1;
    p.eps2 = 0.7;
    p.K = 0.3;
    p.Kp = 0.1;
    p.cutoff = 5;
    neq_baths_result a, b;
    CHECK_RC(neq_baths_steady(&p, &a), 0);
    p.lamb_shift = 1;
    CHECK_RC(neq_baths_steady(&p, &b), 0);
    CHECK(check_maxdiff(4, a.rho, b.rho) <= 1e-12);
    CHECK_CLOSE(a.heat_current[0], b.heat_current[0], 1e-12);
    /* equal temperatures: the Gibbs state of Q */
    p.T1 = p.T2 = 0.8;
    CHECK_RC(neq_baths_steady(&p, &b), 0);
    double complex Q[16], V[16], G[16] = {0}, t[16];
    double E[4], Z = 0;
    CHECK_RC(neq_baths_hamiltonian(&p, Q), 0);
    CHECK_RC(neq_herm_eig(4, Q, E, V), 0);
    for (int k = 0; k < 4; k++)
        Z += exp(-E[k] / 0.8);
    for (int k = 0; k < 4; k++)
        G[k + 4 * k] = exp(-E[k] / 0.8) / Z;
    neq_mat_mul(4, V, G, t);
    neq_mat_adjoint(4, V, G);
    double complex gibbs[16];
    neq_mat_mul(4, t, G, gibbs);
    CHECK(check_maxdiff(4, b.rho, gibbs) <= 1e-12);
}

static void energy_conserved(void)
{
    const neq_me_kind mes[] = {NEQ_ME_GLOBAL, NEQ_ME_LOCAL, NEQ_ME_REDFIELD, NEQ_ME_UNIFIED};
    for (int m = 0; m < 4; m++) {
        neq_baths_params p;
        neq_baths_default(&p);
        p.spectral = NEQ_SPECTRAL_OHMIC;
        p.lamb_shift = 1;
        p.me = mes[m];
        p.eps1 = 1.0;
        p.eps2 = 1.02;
        p.K = 0.03;
        p.Kp = 0.02;
        p.gamma1 = 0.01;
        p.gamma2 = 0.02;
        neq_baths_result r;
        CHECK_RC(neq_baths_steady(&p, &r), 0);
        CHECK(fabs(r.heat_current[0] + r.heat_current[1]) <= 1e-12 * fabs(r.heat_current[0]));
        CHECK(r.heat_current[0] > 0); /* from the hot bath 1 */
    }
}

int main(void)
{
    gsl_set_error_handler_off();
    ohmic_against_quadrature();
    drude_against_quadrature();
    low_temperature();
    limits();
    flat();
    global_unchanged();
    energy_conserved();
    return check_report("test_lamb");
}
