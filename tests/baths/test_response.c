/* Exact linear response of the two-bath model (neq_baths_lnel_exact:
 * analytic temperature derivatives of the Davies generator,
 * neq_davies_build_dT, and two solves) against what is obtained without it:
 *   - central differences with Richardson extrapolation (neq_baths_lnel_fd)
 *     at every point of Quiroga's Fig. 2 (eps = 3 and 1/3, 80 values of
 *     T_M each) and at random non-symmetric points: within the finite
 *     differences' own error estimates, except at two low-T points where
 *     that estimate is too small and the exact value meets a 40-digit
 *     mpmath reference instead (to 1e-9; the differences miss it);
 *   - tests/answers/quiroga-fig2.txt (40-digit mpmath): kappa and alpha at
 *     T_M = 1, and the sign change of alpha at eps = 3 (T_M = 0.498388...),
 *     which stays where it is;
 *   - the derivative generator itself: (L(T + h) - L(T - h)) / 2h -> dL/dT;
 *   - the local and Redfield equations are refused by the exact route and
 *     neq_baths_lnel falls back to finite differences for them;
 *   - neq_baths_response (drho and dJ for T_j and gamma_j) against
 *     fourth-order central differences of neq_baths_steady (h = 1e-3 of
 *     the parameter: truncation ~1e-12, rounding ~1e-13), to 1e-8 of the
 *     scale, for the global, local and Redfield equations, with and
 *     without the Lamb shift; the combinations it cannot do exactly are
 *     refused. */
#include "check.h"
#include "neqent/neqent.h"

#include <math.h>
#include <string.h>

static void quiroga(double eps, neq_baths_params *p)
{
    neq_baths_default(p);
    p->eps1 = p->eps2 = eps;
    p->K = 1;
    p->Kp = 0;
}

/* exact vs finite differences: within the latter's error (and the former's) */
static int agree(const neq_baths_lnel_result *a, const neq_baths_lnel_result *b)
{
    return fabs(a->alpha - b->alpha) <= a->alpha_err + b->alpha_err &&
           fabs(a->alpha_p - b->alpha_p) <= a->alpha_p_err + b->alpha_p_err &&
           fabs(a->kappa - b->kappa) <= a->kappa_err + b->kappa_err &&
           fabs(a->dC - b->dC) <= a->dC_err + b->dC_err &&
           fabs(a->dSL - b->dSL) <= a->dSL_err + b->dSL_err && fabs(a->C_eq - b->C_eq) <= 1e-12;
}

/* Two points where the finite differences' own error estimate is too
 * small (a population of e^{-40} enters the second difference): there the
 * exact alpha meets the 40-digit reference of tests/answers (_qref.py,
 * -1/2 mp.diff^2 of the unclamped concurrence, mpmath dps 40) and the
 * differences do not. */
static const struct {
    double eps, T, alpha;
} MPMATH[2] = {{3.0, 0.15, -0.001350390242128053354},
               {1.0 / 3.0, 0.05, 0.01232040889455750398}};

static void fig2_points(void)
{
    const double epss[2] = {3.0, 1.0 / 3.0};
    int bad = 0;
    for (int ie = 0; ie < 2; ie++) {
        neq_baths_params p;
        quiroga(epss[ie], &p);
        for (int k = 0; k < 80; k++) {
            double T = 0.05 + k * 0.025;
            neq_baths_lnel_result fd, ex;
            CHECK_RC(neq_baths_lnel_fd(&p, T, &fd), 0);
            CHECK_RC(neq_baths_lnel_exact(&p, T, &ex), 0);
            int special = -1;
            for (int m = 0; m < 2; m++)
                if (MPMATH[m].eps == epss[ie] && fabs(MPMATH[m].T - T) < 1e-12)
                    special = m;
            if (special >= 0) {
                CHECK_CLOSE(ex.alpha, MPMATH[special].alpha, 1e-9);
                CHECK(fabs(fd.alpha - MPMATH[special].alpha) > fd.alpha_err);
                continue;
            }
            int ok = agree(&fd, &ex);
            CHECK(ok);
            if (!ok && bad++ < 3)
                fprintf(stderr, "  eps %g T %g: alpha %.12g vs %.12g (err %.2g), kappa %.12g vs "
                                "%.12g (err %.2g)\n", epss[ie], T, ex.alpha, fd.alpha,
                        fd.alpha_err, ex.kappa, fd.kappa, fd.kappa_err);
        }
    }
}

static void random_points(void)
{
    unsigned long long s = 99;
    for (int trial = 0; trial < 40; trial++) {
        double u[6];
        for (int i = 0; i < 6; i++) {
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            u[i] = (double)(s >> 11) / 9007199254740992.0;
        }
        neq_baths_params p;
        neq_baths_default(&p);
        p.eps1 = 0.2 + 2 * u[0];
        p.eps2 = 0.2 + 2 * u[1];
        p.K = 0.1 + u[2];
        p.Kp = u[3] - 0.5;
        p.gamma2 = 0.5 + u[4];
        if (trial % 2)
            p.spectral = NEQ_SPECTRAL_OHMIC;
        double T = 0.3 + 1.5 * u[5];
        neq_baths_lnel_result fd, ex;
        CHECK_RC(neq_baths_lnel_fd(&p, T, &fd), 0);
        CHECK_RC(neq_baths_lnel_exact(&p, T, &ex), 0);
        int ok = agree(&fd, &ex);
        CHECK(ok);
        if (!ok)
            fprintf(stderr, "  trial %d: dC %.10g %.10g (%.2g) alpha %.10g %.10g (%.2g) dSL %.10g %.10g "
                            "(%.2g) a' %.10g %.10g (%.2g) kappa %.10g %.10g (%.2g) Ceq %.10g %.10g\n",
                    trial, ex.dC, fd.dC, fd.dC_err, ex.alpha, fd.alpha, fd.alpha_err, ex.dSL,
                    fd.dSL, fd.dSL_err, ex.alpha_p, fd.alpha_p, fd.alpha_p_err, ex.kappa, fd.kappa,
                    fd.kappa_err, ex.C_eq, fd.C_eq);
    }
}

static double alpha_at(const neq_baths_params *p, double T)
{
    neq_baths_lnel_result r;
    if (neq_baths_lnel_exact(p, T, &r))
        return NAN;
    return r.alpha;
}

static void answers(void)
{
    neq_baths_params p3, p13;
    quiroga(3.0, &p3);
    quiroga(1.0 / 3.0, &p13);
    neq_baths_lnel_result r;
    CHECK_RC(neq_baths_lnel_exact(&p3, 1.0, &r), 0);
    CHECK_CLOSE(r.kappa, 0.21114742303762282, 1e-12);
    CHECK_CLOSE(r.alpha, 0.05229348703334584, 1e-12);
    CHECK_RC(neq_baths_lnel_exact(&p13, 1.0, &r), 0);
    CHECK_CLOSE(r.kappa, 0.20336863874995348, 1e-12);
    CHECK_CLOSE(r.alpha, 0.01505232156282009, 1e-12);
    /* the sign change of alpha at eps = 3, by bisection on the exact alpha */
    double a = 0.3, b = 1.5, fa = alpha_at(&p3, a);
    CHECK((fa > 0) != (alpha_at(&p3, b) > 0));
    for (int it = 0; it < 60; it++) {
        double m = 0.5 * (a + b), fm = alpha_at(&p3, m);
        if ((fm > 0) == (fa > 0))
            a = m, fa = fm;
        else
            b = m;
    }
    CHECK_CLOSE(0.5 * (a + b), 0.49838832233762348, 1e-10);
    /* none at eps = 1/3 on [0.3, 1.5] */
    int changes = 0;
    for (double T = 0.3; T < 1.5; T += 0.01)
        changes += (alpha_at(&p13, T) > 0) != (alpha_at(&p13, T + 0.01) > 0);
    CHECK(changes == 0);
}

/* dL/dT of bath 1 against a central difference of the generator */
static void derivative_generator(void)
{
    neq_baths_params p;
    quiroga(0.7, &p);
    double complex Q[16], X1[16] = {0}, X2[16] = {0};
    CHECK_RC(neq_baths_hamiltonian(&p, Q), 0);
    for (int i = 0; i < 4; i++) { /* sigma_x of qubit 1 (left) and 2 */
        X1[i + 4 * (i ^ 2)] = 1;
        X2[i + 4 * (i ^ 1)] = 1;
    }
    for (int spectral = 0; spectral < 2; spectral++) {
        double T = 0.8, h = 1e-4;
        double complex S[3][256], D[256], D2[256];
        for (int k = 0; k < 3; k++) {
            neq_bath b[2] = {{X1, {spectral, 1, 10}, T + (k - 1) * h}, {X2, {spectral, 1, 10}, 0.5}};
            neq_gksl *g = NULL;
            neq_liouvillian *L = NULL;
            CHECK_RC(neq_davies_build(4, Q, 2, b, 0, &g), 0);
            CHECK_RC(neq_liouvillian_alloc(g, &L), 0);
            CHECK_RC(neq_liouvillian_matrix(L, S[k]), 0);
            neq_liouvillian_free(L);
            neq_gksl_free(g);
        }
        neq_bath b[2] = {{X1, {spectral, 1, 10}, T}, {X2, {spectral, 1, 10}, 0.5}};
        for (int order = 1; order <= 2; order++) {
            neq_gksl *g = NULL;
            neq_liouvillian *L = NULL;
            const double only1[2] = {1, 0};
            CHECK_RC(neq_davies_build_dT(4, Q, 2, b, 0, only1, order, &g), 0);
            CHECK_RC(neq_liouvillian_alloc(g, &L), 0);
            CHECK_RC(neq_liouvillian_matrix(L, order == 1 ? D : D2), 0);
            neq_liouvillian_free(L);
            neq_gksl_free(g);
        }
        double e1 = 0, e2 = 0, s1 = 0, s2 = 0;
        for (int e = 0; e < 256; e++) {
            e1 = fmax(e1, cabs(D[e] - (S[2][e] - S[0][e]) / (2 * h)));
            e2 = fmax(e2, cabs(D2[e] - (S[2][e] - 2 * S[1][e] + S[0][e]) / (h * h)));
            s1 = fmax(s1, cabs(D[e]));
            s2 = fmax(s2, cabs(D2[e]));
        }
        CHECK(s1 > 0.1 && s2 > 0.01);
        CHECK_CLOSE(e1 / s1, 0, 1e-7); /* O(h^2) = 1e-8, rounding 1e-12 */
        CHECK_CLOSE(e2 / s2, 0, 1e-5); /* O(h^2), rounding 1e-16/h^2 = 1e-8 */
    }
}

static void other_equations(void)
{
    neq_baths_params p;
    quiroga(1.0, &p);
    neq_baths_lnel_result r, fd;
    p.me = NEQ_ME_LOCAL;
    CHECK_RC(neq_baths_lnel_exact(&p, 1.0, &r), NEQ_EINVAL);
    CHECK_RC(neq_baths_lnel(&p, 1.0, &r), 0);
    CHECK_RC(neq_baths_lnel_fd(&p, 1.0, &fd), 0);
    CHECK(r.alpha == fd.alpha && r.kappa == fd.kappa);
    p.me = NEQ_ME_REDFIELD;
    CHECK_RC(neq_baths_lnel_exact(&p, 1.0, &r), NEQ_EINVAL);
    p.me = NEQ_ME_GLOBAL;
    CHECK_RC(neq_baths_lnel_exact(&p, -1.0, &r), NEQ_EDOMAIN);
    CHECK_RC(neq_baths_lnel_exact(&p, NAN, &r), NEQ_ENAN);
    CHECK_RC(neq_davies_build_dT(4, NULL, 2, NULL, 0, NULL, 1, NULL), NEQ_EINVAL);
    const double one[2] = {1, 0};
    CHECK_RC(neq_davies_build_dT(4, NULL, 2, NULL, 0, one, 3, NULL), NEQ_EINVAL);
}

static void steady_at(const neq_baths_params *p, int which, double x, double complex *rho,
                      double *J)
{
    neq_baths_params q = *p;
    double *v[4] = {&q.T1, &q.T2, &q.gamma1, &q.gamma2};
    *v[which] = x;
    neq_baths_result r;
    CHECK_RC(neq_baths_steady(&q, &r), 0);
    memcpy(rho, r.rho, sizeof r.rho);
    J[0] = r.heat_current[0];
    J[1] = r.heat_current[1];
}

static void response_vs_differences(void)
{
    const neq_me_kind mes[3] = {NEQ_ME_GLOBAL, NEQ_ME_LOCAL, NEQ_ME_REDFIELD};
    double worst = 0;
    for (int m = 0; m < 3; m++)
        for (int lamb = 0; lamb < 2; lamb++)
            for (int which = 0; which < 4; which++) {
                neq_baths_params p;
                neq_baths_default(&p);
                p.me = mes[m];
                p.lamb_shift = lamb;
                p.spectral = NEQ_SPECTRAL_OHMIC;
                p.eps1 = 1.0;
                p.eps2 = 1.15;
                p.K = 0.2;
                p.Kp = 0.05;
                p.gamma1 = 0.03;
                p.gamma2 = 0.05;
                p.T1 = 1.3;
                p.T2 = 0.6;
                double complex drho[16];
                double dJ[2];
                int rc = neq_baths_response(&p, (neq_baths_dparam)which, drho, dJ);
                if (which < 2 && (mes[m] != NEQ_ME_GLOBAL || lamb)) {
                    CHECK_RC(rc, NEQ_EINVAL);
                    continue;
                }
                CHECK_RC(rc, 0);
                double x0 = which == 0 ? p.T1 : which == 1 ? p.T2 : which == 2 ? p.gamma1
                                                                                : p.gamma2;
                double h = 1e-3 * x0, w[4] = {1, -8, 8, -1}, off[4] = {-2, -1, 1, 2};
                double complex fr[16] = {0};
                double fJ[2] = {0, 0};
                for (int k = 0; k < 4; k++) {
                    double complex rho[16];
                    double J[2];
                    steady_at(&p, which, x0 + off[k] * h, rho, J);
                    for (int e = 0; e < 16; e++)
                        fr[e] += w[k] * rho[e] / (12 * h);
                    fJ[0] += w[k] * J[0] / (12 * h);
                    fJ[1] += w[k] * J[1] / (12 * h);
                }
                double sr = 0, er = 0;
                for (int e = 0; e < 16; e++) {
                    sr = fmax(sr, cabs(fr[e]));
                    er = fmax(er, cabs(fr[e] - drho[e]));
                }
                double sJ = fmax(fabs(fJ[0]), fabs(fJ[1]));
                double eJ = fmax(fabs(fJ[0] - dJ[0]), fabs(fJ[1] - dJ[1]));
                CHECK(sr > 0 && sJ > 0);
                CHECK(er <= 1e-8 * sr);
                CHECK(eJ <= 1e-8 * sJ);
                worst = fmax(worst, fmax(er / sr, eJ / sJ));
            }
    printf("neq_baths_response vs differences: worst relative difference %.1e\n", worst);
    neq_baths_params p;
    neq_baths_default(&p);
    p.me = NEQ_ME_UNIFIED;
    double complex drho[16];
    double dJ[2];
    CHECK_RC(neq_baths_response(&p, NEQ_BATHS_D_GAMMA1, drho, dJ), NEQ_EINVAL);
    CHECK_RC(neq_baths_response(&p, (neq_baths_dparam)7, drho, dJ), NEQ_EINVAL);
}

int main(void)
{
    response_vs_differences();
    fig2_points();
    random_points();
    answers();
    derivative_generator();
    other_equations();
    return check_report("response");
}
