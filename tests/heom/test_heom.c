/* HEOM for two qubits with two Drude-Lorentz baths (neq_heom_*,
 * neq_drude_expansion), each check against a value obtained another way:
 *   - the exponential expansion of C(t) against the correlation function
 *     integrated numerically (GSL's QAWF Fourier integrals of
 *     (1/pi) J(w) [coth(w/2T) cos wt - i sin wt]), for Matsubara (4000
 *     terms) and Pade (20 terms) at three times: 1e-8 of |C(0.1/T)|;
 *   - the Pade poles and residues against the Bose function they
 *     approximate, 1/(1 - e^-x) = 1/x + 1/2 + sum 2 eta x/(x^2 + xi^2)
 *     (10 terms: 1e-10 for x up to 20);
 *   - the terminator's closed form sum_k c_k/nu_k against the direct sum
 *     of 10^6 Matsubara terms plus its 1/k^2 tail (1e-10);
 *   - weak coupling: HEOM tends to the global master equation with the
 *     same spectral density (neqent's J = 2 J_QuTiP, rates J(1 + n)), the
 *     heat current's relative error falling linearly in lambda (the ratio
 *     of the errors at lambda = 1e-3 and 1e-4 within 10 +- 2);
 *   - equal temperatures: no heat current (1e-9 of the current at
 *     T1 != T2), and the state tends to the Gibbs state of Q (O(lambda));
 *   - energy conservation J1 + J2 = 0 (1e-9) and the second law
 *     -J1/T1 - J2/T2 >= 0 at every nonequilibrium point tested;
 *   - the time evolution: rho0 at t = 0, trace 1 throughout, the steady
 *     state at long times (1e-8);
 *   - which master equation holds, measured against HEOM at lambda = 0.003
 *     (rates 100 times below the detuning 0.2, K = 0.01): the global
 *     equation misses the baths' Lamb shifts, which detune the pair, by
 *     about 3% in J; Redfield with its Lamb shift is within 1e-3, ten times
 *     closer than without it and than the global equation;
 *   - the two solvers, UMFPACK and GMRES with ILU(2), on the same
 *     hierarchy: the same state (1e-12) and currents (1e-10);
 *   - bad input refused with its code. */
#include "check.h"
#include "neqent/neqent.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <math.h>
#include <string.h>

static const double PI = 3.14159265358979323846;

typedef struct {
    double lambda, gc, T;
} drude;

static double re_part(double w, void *vp)
{
    const drude *d = vp;
    double J = 2 * d->lambda * d->gc * w / (w * w + d->gc * d->gc);
    return w == 0 ? 4 * d->lambda * d->T / d->gc / PI : J / tanh(w / (2 * d->T)) / PI;
}

static double im_part(double w, void *vp)
{
    const drude *d = vp;
    return -2 * d->lambda * d->gc * w / (w * w + d->gc * d->gc) / PI;
}

/* C(t) by QAWF (the Fourier integral over [0, inf)) */
static double complex corr(const drude *d, double t)
{
    gsl_integration_workspace *w1 = gsl_integration_workspace_alloc(4000),
                              *w2 = gsl_integration_workspace_alloc(4000);
    gsl_integration_qawo_table *tc = gsl_integration_qawo_table_alloc(t, 1, GSL_INTEG_COSINE, 100),
                               *ts = gsl_integration_qawo_table_alloc(t, 1, GSL_INTEG_SINE, 100);
    gsl_function fr = {re_part, (void *)d}, fi = {im_part, (void *)d};
    double re, im, err;
    gsl_integration_qawf(&fr, 0, 1e-13, 4000, w1, w2, tc, &re, &err);
    gsl_integration_qawf(&fi, 0, 1e-13, 4000, w1, w2, ts, &im, &err);
    gsl_integration_qawo_table_free(tc);
    gsl_integration_qawo_table_free(ts);
    gsl_integration_workspace_free(w1);
    gsl_integration_workspace_free(w2);
    return re + I * im;
}

static void expansion(void)
{
    drude d = {0.05, 2.0, 0.7};
    static double complex c[4001];
    static double nu[4001];
    double delta, scale = cabs(corr(&d, 0.1 / d.T));
    const double ts[3] = {0.1 / d.T, 0.5, 2.0};
    for (int kind = 0; kind < 2; kind++) {
        int n = kind ? 20 : 4000;
        CHECK_RC(neq_drude_expansion(d.lambda, d.gc, d.T, kind ? NEQ_HEOM_PADE : NEQ_HEOM_MATSUBARA,
                                     kind ? n : 64, c, nu, &delta), 0);
        if (!kind) { /* beyond 64: the Matsubara terms in closed form, as in the header */
            for (int k = 65; k <= n; k++) {
                nu[k] = 2 * PI * k * d.T;
                c[k] = 4 * d.lambda * d.gc * d.T * nu[k] / (nu[k] * nu[k] - d.gc * d.gc);
            }
        }
        double worst = 0;
        for (int q = 0; q < 3; q++) {
            double complex s = 0, ref = corr(&d, ts[q]);
            for (int k = 0; k <= n; k++)
                s += c[k] * exp(-nu[k] * ts[q]);
            worst = fmax(worst, cabs(s - ref) / scale);
        }
        CHECK(worst <= 1e-8);
        printf("C(t) by %s (%d terms) vs QAWF: %.1e of |C(0.1/T)|\n", kind ? "Pade" : "Matsubara",
               n, worst);
    }
}

static void pade_bose(void)
{
    double complex c[11];
    double nu[11], delta, T = 1.3, lambda = 0.2, gc = 0.9, worst = 0;
    CHECK_RC(neq_drude_expansion(lambda, gc, T, NEQ_HEOM_PADE, 10, c, nu, &delta), 0);
    for (double x = 0.05; x <= 20; x *= 1.3) {
        double f = 1 / x + 0.5;
        for (int k = 1; k <= 10; k++) {
            double xi = nu[k] / T;
            double eta = creal(c[k]) * (nu[k] * nu[k] - gc * gc) / (4 * lambda * gc * T * nu[k]);
            f += 2 * eta * x / (x * x + xi * xi);
        }
        worst = fmax(worst, fabs(f * (-expm1(-x)) - 1));
    }
    CHECK(worst <= 1e-10);
    printf("Pade [9/10] of the Bose function: worst relative error %.1e for x in [0.05, 20]\n",
           worst);
}

static void terminator(void)
{
    double complex c[1];
    double nu[1], delta, lambda = 0.1, gc = 1.7, T = 0.8, s = 0;
    CHECK_RC(neq_drude_expansion(lambda, gc, T, NEQ_HEOM_MATSUBARA, 0, c, nu, &delta), 0);
    long K = 1000000;
    for (long k = K; k >= 1; k--) { /* small terms first */
        double v = 2 * PI * k * T;
        s += 4 * lambda * gc * T / (v * v - gc * gc);
    }
    s += 4 * lambda * gc * T / (4 * PI * PI * T * T) / (K + 0.5); /* sum_{k>K} 1/k^2 */
    CHECK_CLOSE(delta, s, 1e-10 * fabs(s));
    CHECK_RC(neq_drude_expansion(lambda, 2 * PI * T, T, NEQ_HEOM_MATSUBARA, 2, c, nu, &delta),
             NEQ_EDIVERGE);
    /* on the [0/1] Pade pole 2 sqrt(15) T: found, not returned as inf */
    double complex cp[2];
    double np[2];
    CHECK_RC(neq_drude_expansion(lambda, 2 * sqrt(15.0) * 0.3, 0.3, NEQ_HEOM_PADE, 1, cp, np,
                                 &delta), NEQ_EDIVERGE);
}

static neq_baths_params model(double lambda, double T1, double T2)
{
    neq_baths_params p;
    neq_baths_default(&p);
    p.spectral = NEQ_SPECTRAL_DRUDE;
    p.lambda = lambda;
    p.cutoff = 2.0;
    p.eps1 = 1.0;
    p.eps2 = 1.3;
    p.K = 0.2;
    p.Kp = 0.05;
    p.T1 = T1;
    p.T2 = T2;
    return p;
}

static void weak_coupling(void)
{
    double err[2];
    const double lam[2] = {1e-3, 1e-4};
    neq_heom_settings s = {NEQ_HEOM_PADE, 8, 3, 1, NEQ_HEOM_AUTO};
    for (int i = 0; i < 2; i++) {
        neq_baths_params p = model(lam[i], 1.5, 0.5);
        neq_heom_result h;
        neq_baths_result g;
        CHECK_RC(neq_heom_steady(&p, &s, &h), 0);
        CHECK_RC(neq_baths_steady(&p, &g), 0);
        err[i] = fabs(h.heat_current[0] - g.heat_current[0]) / fabs(g.heat_current[0]);
        CHECK(fabs(h.heat_current[0] + h.heat_current[1]) <= 1e-9 * fabs(h.heat_current[0]));
        CHECK(-h.heat_current[0] / p.T1 - h.heat_current[1] / p.T2 >= 0);
    }
    CHECK(err[0] / err[1] > 8 && err[0] / err[1] < 12);
    printf("HEOM vs the global ME: relative error of J1 %.3e at lambda 1e-3, %.3e at 1e-4 "
           "(ratio %.2f)\n", err[0], err[1], err[0] / err[1]);
}

static void equilibrium(void)
{
    neq_heom_settings s = {NEQ_HEOM_PADE, 6, 3, 1, NEQ_HEOM_AUTO};
    double dist[2];
    const double lam[2] = {1e-3, 1e-4};
    for (int i = 0; i < 2; i++) {
        neq_baths_params p = model(lam[i], 0.9, 0.9), q = model(lam[i], 1.5, 0.5);
        neq_heom_result h, hq;
        CHECK_RC(neq_heom_steady(&p, &s, &h), 0);
        CHECK_RC(neq_heom_steady(&q, &s, &hq), 0);
        CHECK(fabs(h.heat_current[0]) <= 1e-9 * fabs(hq.heat_current[0]));
        double complex Q[16], V[16], G[16] = {0}, t[16], gibbs[16];
        double E[4], Z = 0;
        CHECK_RC(neq_baths_hamiltonian(&p, Q), 0);
        CHECK_RC(neq_herm_eig(4, Q, E, V), 0);
        for (int k = 0; k < 4; k++)
            Z += exp(-E[k] / 0.9);
        for (int k = 0; k < 4; k++)
            G[k + 4 * k] = exp(-E[k] / 0.9) / Z;
        neq_mat_mul(4, V, G, t);
        neq_mat_adjoint(4, V, G);
        neq_mat_mul(4, t, G, gibbs);
        dist[i] = check_maxdiff(4, h.rho, gibbs);
    }
    CHECK(dist[0] < 0.05 && dist[1] < dist[0] / 5); /* O(lambda): the mean-force correction */
    printf("equal temperatures: |rho - Gibbs| %.2e at lambda 1e-3, %.2e at 1e-4\n", dist[0],
           dist[1]);
}

static void second_law(void)
{
    const double lam[3] = {0.01, 0.03, 0.1};
    neq_heom_settings s = {NEQ_HEOM_PADE, 2, 5, 1, NEQ_HEOM_AUTO};
    for (int i = 0; i < 3; i++)
        for (int sw = 0; sw < 2; sw++) {
            neq_baths_params p = model(lam[i], sw ? 0.4 : 1.5, sw ? 1.1 : 0.5);
            neq_heom_result h;
            CHECK_RC(neq_heom_steady(&p, &s, &h), 0);
            double sigma = -h.heat_current[0] / p.T1 - h.heat_current[1] / p.T2;
            CHECK(sigma > 0);
            CHECK(fabs(h.heat_current[0] + h.heat_current[1]) <= 1e-9 * fabs(h.heat_current[0]));
            CHECK(h.heat_current[0] * (p.T1 - p.T2) > 0); /* from the hotter bath */
        }
}

static void evolution(void)
{
    neq_baths_params p = model(0.02, 1.5, 0.5);
    neq_heom_settings s = {NEQ_HEOM_PADE, 2, 3, 1, NEQ_HEOM_AUTO};
    double complex rho0[16] = {0}, out[3 * 16];
    rho0[0] = 0.25;
    rho0[15] = 0.75; /* |11> mostly, with a |00><11| coherence: even */
    rho0[0 + 4 * 3] = 0.2;
    rho0[3 + 4 * 0] = 0.2;
    const double t[3] = {0, 3.0, 2000.0};
    CHECK_RC(neq_heom_evolve(&p, &s, rho0, 3, t, out), 0);
    CHECK(check_maxdiff(4, out, rho0) <= 1e-15);
    for (int k = 0; k < 3; k++)
        CHECK_CLOSE(creal(out[16 * k] + out[16 * k + 5] + out[16 * k + 10] + out[16 * k + 15]), 1,
                    1e-10);
    CHECK(check_maxdiff(4, out + 16, rho0) > 1e-2); /* it moved */
    neq_heom_result h;
    CHECK_RC(neq_heom_steady(&p, &s, &h), 0);
    CHECK(check_maxdiff(4, out + 32, h.rho) <= 1e-8);
    double complex odd[16] = {0};
    odd[0] = odd[5] = 0.5;
    odd[1] = odd[4] = 0.1; /* |00><01|: odd */
    CHECK_RC(neq_heom_evolve(&p, &s, odd, 1, t, out), NEQ_EINVAL);
}

static void solvers(void)
{
    neq_baths_params p = model(0.05, 1.5, 0.5);
    neq_heom_settings s = {NEQ_HEOM_PADE, 2, 5, 1, NEQ_HEOM_DIRECT};
    neq_heom_result a, b;
    CHECK_RC(neq_heom_steady(&p, &s, &a), 0);
    s.solver = NEQ_HEOM_KRYLOV;
    CHECK_RC(neq_heom_steady(&p, &s, &b), 0);
    CHECK(a.iterations == 0 && b.iterations > 0);
    CHECK(check_maxdiff(4, a.rho, b.rho) <= 1e-12);
    CHECK_CLOSE(a.heat_current[0], b.heat_current[0], 1e-10 * fabs(a.heat_current[0]));
    CHECK(b.residual <= 1e-14);
    /* an even depth, where GMRES with ILU(0) breaks down and BiCGStab takes
     * over: the same state */
    s.depth = 6;
    s.solver = NEQ_HEOM_DIRECT;
    CHECK_RC(neq_heom_steady(&p, &s, &a), 0);
    s.solver = NEQ_HEOM_KRYLOV;
    CHECK_RC(neq_heom_steady(&p, &s, &b), 0);
    CHECK(check_maxdiff(4, a.rho, b.rho) <= 1e-12);
    CHECK_CLOSE(a.heat_current[0], b.heat_current[0], 1e-10 * fabs(a.heat_current[0]));
    s.solver = 7;
    CHECK_RC(neq_heom_steady(&p, &s, &b), NEQ_EINVAL);
}

static void redfield_with_shift(void)
{
    neq_baths_params p = model(0.003, 1.5, 0.5);
    p.eps2 = 1.2;
    p.K = 0.01;
    p.Kp = 0;
    neq_validity_options o = neq_validity_options_default();
    neq_validity_result plain, shifted;
    CHECK_RC(neq_validity_point(&p, &o, &plain), 0);
    o.lamb_shift = 1;
    CHECK_RC(neq_validity_point(&p, &o, &shifted), 0);
    double g = plain.me[NEQ_ME_GLOBAL].err_heat, r = plain.me[NEQ_ME_REDFIELD].err_heat,
           rs = shifted.me[NEQ_ME_REDFIELD].err_heat;
    CHECK(plain.converged && shifted.converged);
    CHECK(g > 0.01 && r > 0.01);
    CHECK(rs < 1e-3 && rs < g / 10 && rs < r / 10);
    printf("vs HEOM at lambda 0.003: global %.2e, Redfield %.2e, Redfield with the Lamb shift "
           "%.2e\n", g, r, rs);
}

static void bad_input(void)
{
    neq_baths_params p = model(0.01, 1.5, 0.5);
    neq_heom_settings s = neq_heom_settings_default();
    neq_heom_result h;
    p.spectral = NEQ_SPECTRAL_OHMIC;
    CHECK_RC(neq_heom_steady(&p, &s, &h), NEQ_EINVAL);
    p = model(0.01, 1.5, 0.5);
    s.depth = 0;
    CHECK_RC(neq_heom_steady(&p, &s, &h), NEQ_EINVAL);
    s = neq_heom_settings_default();
    s.nterms = 64;
    s.depth = 20;
    CHECK_RC(neq_heom_steady(&p, &s, &h), NEQ_EDIM);
    p.lambda = NAN;
    s = neq_heom_settings_default();
    CHECK_RC(neq_heom_steady(&p, &s, &h), NEQ_ENAN);
    CHECK(neq_heom_count(6, 4) == 210);
}

int main(void)
{
    gsl_set_error_handler_off();
    expansion();
    pade_bose();
    terminator();
    weak_coupling();
    equilibrium();
    second_law();
    evolution();
    solvers();
    redfield_with_shift();
    bad_input();
    return check_report("test_heom");
}
