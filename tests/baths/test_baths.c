/* The two-bath model against closed forms derived independently
 * (docs/physics.md, "Quiroga et al.: closed forms"), limits and
 * thermodynamic laws. */
#include "check.h"
#include "neqent/neqent.h"
#include "random.h"

#include <gsl/gsl_multifit.h>
#include <math.h>
#include <string.h>

static double nb(double w, double T) { return T == 0 ? 0.0 : 1.0 / expm1(w / T); }
static double e_of(double w, double T1, double T2)
{
    double x = nb(w, T1) + nb(w, T2);
    return x / (1 + x);
}

/* Symmetric case (K = 1, K' = 0, gamma = 1): the corrected eq. (8),
 *   rho_11 = e1/2 (1 - e2/2), rho_22 = (1 - e1/2) e2/2,
 *   rho_33 = e1 e2 / 4  (the transcription's e1 e2 / 2 is not normalised),
 *   rho_44 = (1 - e1/2)(1 - e2/2),
 * with rho_11 <-> rho_44, rho_22 <-> rho_33 for eps > 1; the corrected
 * eq. (9), J1 = 1/4 sum_k w_k (1 - e_k)(n1(w_k) - n2(w_k)); and the paper's
 * concurrence formula.  Against the numerical master equation, 1e-12. */
static void symmetric_closed_forms(void)
{
    const double epss[] = {0.1, 1.0 / 3.0, 0.7, 1.5, 3.0, 6.0};
    const double Ts[] = {0.01, 0.05, 0.3, 1.0, 2.5, 7.0}; /* T > 0: the model's range */
    for (int ie = 0; ie < 6; ie++)
        for (int a = 0; a < 6; a++)
            for (int b = 0; b < 6; b++) {
                neq_baths_params p;
                neq_baths_default(&p);
                p.eps1 = p.eps2 = epss[ie];
                p.T1 = Ts[a];
                p.T2 = Ts[b];
                neq_baths_result r;
                CHECK_RC(neq_baths_steady(&p, &r), NEQ_OK);
                double w1 = fabs(p.eps1 - 1), w2 = p.eps1 + 1;
                double e1 = e_of(w1, p.T1, p.T2), e2 = e_of(w2, p.T1, p.T2);
                CHECK(r.has_e);
                CHECK_CLOSE(r.e1, e1, 1e-14);
                CHECK_CLOSE(r.e2, e2, 1e-14);
                double rho[4] = {e1 / 2 * (1 - e2 / 2), (1 - e1 / 2) * e2 / 2, e1 * e2 / 4,
                                 (1 - e1 / 2) * (1 - e2 / 2)};
                if (p.eps1 > 1) {
                    double t = rho[0];
                    rho[0] = rho[3];
                    rho[3] = t;
                    t = rho[1];
                    rho[1] = rho[2];
                    rho[2] = t;
                }
                for (int k = 0; k < 4; k++)
                    CHECK_CLOSE(creal(r.rho_eigen[5 * k]), rho[k], 1e-12);
                /* steady state is diagonal in the eigenbasis */
                for (int i = 0; i < 4; i++)
                    for (int j = 0; j < 4; j++)
                        if (i != j)
                            CHECK_CLOSE(cabs(r.rho_eigen[i + 4 * j]), 0.0, 1e-12);
                double Cref = 2 * fmax(0, fabs(rho[2] - rho[3]) / 2 - sqrt(rho[0] * rho[1]));
                /* populations carry an absolute error ~1e-16 (a null vector
                 * normalised to trace 1), which sqrt(rho_11 rho_22) turns into
                 * up to sqrt(rho * 1e-16) when the other factor is ~0 (T -> 0) */
                double tolC = 1e-12 + 2 * (sqrt(rho[0] * 1e-16) + sqrt(rho[1] * 1e-16));
                CHECK_CLOSE(r.concurrence, Cref, tolC);
                double J1 = 0.25 * (w1 * (1 - e1) * (nb(w1, p.T1) - nb(w1, p.T2)) +
                                    w2 * (1 - e2) * (nb(w2, p.T1) - nb(w2, p.T2)));
                CHECK_CLOSE(r.heat_current[0], J1, 1e-12);
                CHECK_CLOSE(r.heat_current[1], -J1, 1e-12);
                /* eq. (9) as printed, J = 1/4 [w1 (1 - e1)(n2(w1) - n1(w1)) - (1 <-> 2)],
                 * read with "(1 <-> 2)" exchanging the bath labels as well as the
                 * frequencies: exactly -J1, the heat delivered to bath 1, which is
                 * the paper's sign convention (docs/physics.md) */
                double eq9 = 0.25 * (w1 * (1 - e1) * (nb(w1, p.T2) - nb(w1, p.T1)) -
                                     w2 * (1 - e2) * (nb(w2, p.T1) - nb(w2, p.T2)));
                CHECK_CLOSE(eq9, -r.heat_current[0], 1e-12);
            }
}

/* Quiroga's LNEL relation between entropy production and concurrence: with
 * J1 = kappa dT, C = C_eq - alpha dT^2 and sigma = J1 (1/T2 - 1/T1) =
 * J1 dT / T_M^2 + O(dT^4), sigma = kappa |C_eq - C| / (|alpha| T_M^2): the
 * paper's 2 kappa/(alpha T_M^2) carries a factor 2 too many (docs/physics.md).
 * Checked where alpha is far from 0, at dT = 1e-3 T_M (the O(dT^2)
 * corrections are ~1e-6). */
static void lnel_entropy_relation(void)
{
    const double cases[3][2] = {{1.0 / 3.0, 0.3}, {1.0 / 3.0, 0.6}, {3.0, 1.0}};
    for (int c = 0; c < 3; c++) {
        neq_baths_params p;
        neq_baths_default(&p);
        p.eps1 = p.eps2 = cases[c][0];
        double TM = cases[c][1], dT = 1e-3 * TM, C, Ceq;
        neq_baths_lnel_result L;
        CHECK_RC(neq_baths_lnel(&p, TM, &L), NEQ_OK);
        p.T1 = TM + dT / 2;
        p.T2 = TM - dT / 2;
        neq_baths_result r;
        CHECK_RC(neq_baths_steady(&p, &r), NEQ_OK);
        CHECK_RC(neq_concurrence_x_signed(r.rho, &C), NEQ_OK);
        Ceq = L.C_eq;
        double ratio = r.entropy_production / (L.kappa * fabs(Ceq - C) / (fabs(L.alpha) * TM * TM));
        CHECK_CLOSE(ratio, 1.0, 1e-4); /* and so not 2: the paper's factor fails */
    }
}

/* C_eq(T) = (sinh(1/T) - 1) / (2 cosh(w1/2T) cosh(w2/2T)) (the paper's form,
 * which holds) and the universal sudden death T_c = 1/asinh(1). */
static void equilibrium_concurrence(void)
{
    const double epss[] = {0.2, 1.0 / 3.0, 0.9, 1.2, 3.0};
    for (int ie = 0; ie < 5; ie++) {
        neq_baths_params p;
        neq_baths_default(&p);
        p.eps1 = p.eps2 = epss[ie];
        double w1 = fabs(p.eps1 - 1), w2 = p.eps1 + 1;
        for (double T = 0.1; T < 3; T += 0.07) {
            double C, ref = (sinh(1 / T) - 1) / (2 * cosh(w1 / (2 * T)) * cosh(w2 / (2 * T)));
            CHECK_RC(neq_baths_ceq(&p, T, &C), NEQ_OK);
            CHECK_CLOSE(C, fmax(ref, 0.0), 1e-12);
            /* and the global ME at T1 = T2 = T reaches that Gibbs state */
            p.T1 = p.T2 = T;
            neq_baths_result r;
            CHECK_RC(neq_baths_steady(&p, &r), NEQ_OK);
            CHECK_CLOSE(r.concurrence, fmax(ref, 0.0), 1e-12);
        }
        double Tc;
        CHECK_RC(neq_baths_tc(&p, &Tc), NEQ_OK);
        CHECK_CLOSE(Tc, 1 / asinh(1.0), 1e-12);
    }
    neq_baths_params p;
    neq_baths_default(&p);
    p.K = 0; /* Ising-free, XX-free: never entangled */
    double Tc;
    CHECK_RC(neq_baths_tc(&p, &Tc), NEQ_OK);
    CHECK(Tc == 0);
}

/* Equal temperatures, random parameters: the global ME gives the Gibbs
 * state of Q with J = 0 and sigma = 0 (1e-12).  Unequal: sigma > 0 and heat
 * flows from the hotter bath (Spohn's inequality holds for Davies
 * generators).  The local ME obeys both only for eps1 = eps2 (checked
 * here, with K' = 0); for eps1 != eps2 it carries heat at equal
 * temperatures, and with K' != 0 it gives sigma < 0 even for eps1 = eps2
 * (docs/physics.md); Redfield guarantees neither. */
static void thermodynamics(void)
{
    rng_seed(31);
    for (int t = 0; t < 300; t++) {
        neq_baths_params p;
        neq_baths_default(&p);
        p.eps1 = rng_range(0.1, 4);
        p.eps2 = rng_range(0.1, 4);
        p.K = rng_range(-2, 2);
        p.Kp = rng_range(-0.7, 0.7);
        p.gamma1 = rng_range(0.05, 2);
        p.gamma2 = rng_range(0.05, 2);
        p.T1 = p.T2 = rng_range(0.05, 4);
        neq_baths_result r;
        CHECK_RC(neq_baths_steady(&p, &r), NEQ_OK);
        double complex Q[16], G[16];
        CHECK_RC(neq_baths_hamiltonian(&p, Q), NEQ_OK);
        CHECK_RC(neq_gibbs_state(4, Q, p.T1, G), NEQ_OK);
        CHECK(check_maxdiff(4, r.rho, G) < 1e-12);
        CHECK_CLOSE(r.heat_current[0], 0.0, 1e-12);
        CHECK_CLOSE(r.entropy_production, 0.0, 1e-12);
        p.T2 = rng_range(0.01, 4);
        CHECK_RC(neq_baths_steady(&p, &r), NEQ_OK);
        CHECK_CLOSE(r.heat_current[0] + r.heat_current[1], 0.0, 1e-12);
        CHECK(r.entropy_production >= -1e-14);
        CHECK((p.T1 - p.T2) * r.heat_current[0] >= -1e-14);
        /* local ME, symmetric qubits without Ising coupling (then the local
         * Hamiltonian commutes with the coupling) */
        p.me = NEQ_ME_LOCAL;
        p.eps2 = p.eps1;
        p.Kp = 0;
        p.T2 = rng_range(0.01, 4);
        CHECK_RC(neq_baths_steady(&p, &r), NEQ_OK);
        CHECK(r.entropy_production >= -1e-14);
        CHECK((p.T1 - p.T2) * r.heat_current[0] >= -1e-14);
    }
    /* equal temperatures down to T -> 0: the global ME's currents vanish
     * exactly (below the trace's rounding floor: 0, not noise), so the
     * entropy production is 0 rather than rounding over T = 1e-300 */
    const double Ts[] = {1e-300, 1e-100, 1e-10, 0.01, 1, 100};
    for (size_t k = 0; k < sizeof Ts / sizeof *Ts; k++) {
        neq_baths_params q;
        neq_baths_default(&q);
        q.T1 = q.T2 = Ts[k];
        neq_baths_result rq;
        CHECK_RC(neq_baths_steady(&q, &rq), NEQ_OK);
        CHECK(rq.heat_current[0] == 0 && rq.heat_current[1] == 0);
        CHECK(rq.entropy_production == 0);
    }
    /* very unequal couplings at low temperature: tiny currents stay
     * balanced (the rounding floor zeroes all of them or none), so
     * J1 = -J2 (1e-3 relative: J1's trace rounds at eps gamma1 ~ 2e-16
     * against 1.7e-13) and sigma >= 0 (Spohn) */
    const double g1s[2] = {1, 1000}, g2s[2] = {1e-4, 1e-3}, T2s[2] = {0.035, 0.036};
    for (int k = 0; k < 2; k++) {
        neq_baths_params q;
        neq_baths_default(&q);
        q.gamma1 = g1s[k];
        q.gamma2 = g2s[k];
        q.T1 = 0.03;
        q.T2 = T2s[k];
        neq_baths_result rq;
        CHECK_RC(neq_baths_steady(&q, &rq), NEQ_OK);
        CHECK(fabs(rq.heat_current[0] + rq.heat_current[1]) <= 1e-3 * fabs(rq.heat_current[1]));
        CHECK(rq.entropy_production >= 0);
    }
    /* the local ME's inconsistency, pinned: eps1 != eps2, T1 = T2, J1 != 0 */
    neq_baths_params p;
    neq_baths_default(&p);
    p.me = NEQ_ME_LOCAL;
    p.eps1 = 0.5;
    p.eps2 = 1.5;
    p.T1 = p.T2 = 1;
    neq_baths_result r;
    CHECK_RC(neq_baths_steady(&p, &r), NEQ_OK);
    CHECK(fabs(r.heat_current[0]) > 1e-3);
}

/* K = K' = 0: each qubit thermalises with its own bath, a product state:
 * excited population n_j/(2 n_j + 1), no entanglement (1e-14). */
static void uncoupled_limit(void)
{
    for (int me = 0; me < 3; me++) {
        neq_baths_params p;
        neq_baths_default(&p);
        p.me = (neq_me_kind)me;
        p.K = 0;
        p.Kp = 0;
        p.eps1 = 0.8;
        p.eps2 = 2.1;
        p.T1 = 1.3;
        p.T2 = 0.4;
        neq_baths_result r;
        CHECK_RC(neq_baths_steady(&p, &r), NEQ_OK);
        double n1 = nb(p.eps1, p.T1), n2 = nb(p.eps2, p.T2);
        double q1 = n1 / (2 * n1 + 1), q2 = n2 / (2 * n2 + 1); /* excited */
        double ref[4] = {(1 - q1) * (1 - q2), (1 - q1) * q2, q1 * (1 - q2), q1 * q2};
        for (int k = 0; k < 4; k++)
            CHECK_CLOSE(creal(r.rho[5 * k]), ref[k], 1e-14);
        CHECK_CLOSE(r.concurrence, 0.0, 1e-14);
        CHECK_CLOSE(r.heat_current[0], 0.0, 1e-14);
    }
}

/* Independent estimate of the LNEL coefficients: least-squares polynomial
 * fit (GSL multifit, degree 6) of C, S_L, J1 sampled at 41 points dT in
 * [-T/20, T/20].  The window must be small against T^2/w (the scale on which
 * n(w, T) varies) for the polynomial to represent the function. */
static void fit_coefficients(const neq_baths_params *p0, double T, double c[3][7])
{
    const int N = 41, P = 7;
    gsl_matrix *X = gsl_matrix_alloc(N, P), *cov = gsl_matrix_alloc(P, P);
    gsl_vector *y[3], *cv = gsl_vector_alloc(P);
    gsl_multifit_linear_workspace *w = gsl_multifit_linear_alloc(N, P);
    for (int q = 0; q < 3; q++)
        y[q] = gsl_vector_alloc(N);
    double h = T / 20;
    for (int i = 0; i < N; i++) {
        double dT = -h + 2 * h * i / (N - 1);
        neq_baths_params p = *p0;
        p.T1 = T + dT / 2;
        p.T2 = T - dT / 2;
        neq_baths_result r;
        neq_baths_steady(&p, &r);
        /* unclamped X-state concurrence, like the LNEL routine (the X-state
         * formula itself is checked against Wootters in tests/qinfo) */
        double Kx;
        neq_concurrence_x_signed(r.rho, &Kx);
        gsl_vector_set(y[0], i, Kx);
        gsl_vector_set(y[1], i, r.linear_entropy);
        gsl_vector_set(y[2], i, r.heat_current[0]);
        for (int k = 0; k < P; k++)
            gsl_matrix_set(X, i, k, pow(dT, k));
    }
    for (int q = 0; q < 3; q++) {
        double chisq;
        gsl_multifit_linear(X, y[q], cv, cov, &chisq, w);
        for (int k = 0; k < P; k++)
            c[q][k] = gsl_vector_get(cv, k);
        gsl_vector_free(y[q]);
    }
    gsl_multifit_linear_free(w);
    gsl_matrix_free(X);
    gsl_matrix_free(cov);
    gsl_vector_free(cv);
}

static void lnel(void)
{
    const double cases[][3] = {{3, 3, 0.5}, {3, 3, 0.9}, {1.0 / 3.0, 1.0 / 3.0, 0.6},
                               {8, 3, 1.0}, {3, 8, 0.7}};
    for (int k = 0; k < 5; k++) {
        neq_baths_params p;
        neq_baths_default(&p);
        p.eps1 = cases[k][0];
        p.eps2 = cases[k][1];
        double T = cases[k][2];
        neq_baths_lnel_result L;
        CHECK_RC(neq_baths_lnel(&p, T, &L), NEQ_OK);
        double c[3][7];
        fit_coefficients(&p, T, c);
        /* the fit's own error (truncation ~ c8 h^6, rounding ~1e-14/h^2) is
         * far below 1e-8 here; the tolerance adds the stated error */
        CHECK_CLOSE(L.alpha, -c[0][2], 10 * L.alpha_err + 1e-8);
        CHECK_CLOSE(L.alpha_p, c[1][2], 10 * L.alpha_p_err + 1e-8);
        CHECK_CLOSE(L.kappa, c[2][1], 10 * L.kappa_err + 1e-8);
        CHECK_CLOSE(L.dC, c[0][1], 10 * L.dC_err + 1e-8);
        CHECK_CLOSE(L.dSL, c[1][1], 10 * L.dSL_err + 1e-8);
        CHECK(L.alpha_err < 1e-6 && L.kappa_err < 1e-8);
        if (L.symmetric) {
            CHECK_CLOSE(L.dC, 0.0, 1e-9);
            CHECK(L.alpha_p > 0); /* a gradient always mixes the state (paper) */
        } else {
            CHECK(fabs(L.dC) > 1e-6); /* first order in the non-symmetric case */
        }
    }
    /* the paper's transition: for eps = 3, alpha < 0 at low T_M and > 0 above */
    neq_baths_params p;
    neq_baths_default(&p);
    p.eps1 = p.eps2 = 3;
    neq_baths_lnel_result lo, hi;
    CHECK_RC(neq_baths_lnel(&p, 0.3, &lo), NEQ_OK);
    CHECK_RC(neq_baths_lnel(&p, 1.0, &hi), NEQ_OK);
    CHECK(lo.alpha < 0 && hi.alpha > 0);
    /* and for eps = 1/3 alpha > 0 throughout */
    p.eps1 = p.eps2 = 1.0 / 3.0;
    for (double T = 0.2; T < 1.2; T += 0.2) {
        CHECK_RC(neq_baths_lnel(&p, T, &lo), NEQ_OK);
        CHECK(lo.alpha > 0);
    }
}

static void bad_input(void)
{
    neq_baths_params p;
    neq_baths_default(&p);
    neq_baths_result r;
    p.T1 = -0.1;
    CHECK_RC(neq_baths_steady(&p, &r), NEQ_EDOMAIN);
    CHECK(strstr(neq_errdetail(), "T1") != NULL);
    p.T1 = NAN;
    CHECK_RC(neq_baths_steady(&p, &r), NEQ_ENAN);
    neq_baths_default(&p);
    p.eps2 = INFINITY;
    CHECK_RC(neq_baths_steady(&p, &r), NEQ_EDOMAIN);
    neq_baths_default(&p);
    p.spectral = NEQ_SPECTRAL_OHMIC;
    p.cutoff = 0;
    CHECK_RC(neq_baths_steady(&p, &r), NEQ_EDOMAIN);
    neq_baths_default(&p);
    p.me = (neq_me_kind)7;
    CHECK_RC(neq_baths_steady(&p, &r), NEQ_EINVAL);
    neq_me_kind me;
    CHECK_RC(neq_me_parse("secular", &me), NEQ_EINVAL);
    CHECK_RC(neq_me_parse("redfield", &me), NEQ_OK);
    CHECK(me == NEQ_ME_REDFIELD);
    neq_baths_lnel_result L;
    neq_baths_default(&p);
    CHECK_RC(neq_baths_lnel(&p, 0.0, &L), NEQ_EDOMAIN);
    CHECK_RC(neq_baths_lnel(&p, NAN, &L), NEQ_ENAN);
    /* eps = |K| makes a Bohr frequency zero: flat density diverges */
    p.eps1 = p.eps2 = 1;
    CHECK_RC(neq_baths_steady(&p, &r), NEQ_EDIVERGE);
}

int main(void)
{
    lnel_entropy_relation();
    symmetric_closed_forms();
    equilibrium_concurrence();
    thermodynamics();
    uncoupled_limit();
    lnel();
    bad_input();
    return check_report("baths");
}
