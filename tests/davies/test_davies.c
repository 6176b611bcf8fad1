/* Davies generators: detailed balance, grouping of degenerate Bohr
 * frequencies, spectral densities, bad input. */
#include "check.h"
#include "neqent/neqent.h"
#include "random.h"

#include <math.h>
#include <string.h>

/* All baths at one temperature: the steady state is the Gibbs state of H
 * (KMS detailed balance of the Davies generator), 1e-12. */
static void gibbs_at_equal_temperature(void)
{
    rng_seed(99);
    for (int trial = 0; trial < 40; trial++) {
        int d = 2 + trial % 4;
        double complex H[25], X1[25], X2[25], rho[25], gibbs[25];
        rng_hermitian(d, H);
        rng_hermitian(d, X1);
        rng_hermitian(d, X2);
        double T = rng_range(0.2, 3.0);
        neq_bath baths[2] = {{X1, {NEQ_SPECTRAL_FLAT, 1.0, 0}, T},
                             {X2, {NEQ_SPECTRAL_OHMIC, 0.3, 5.0}, T}};
        neq_gksl *g = NULL;
        /* random H has no zero Bohr frequency except the diagonal ones, and
         * those have a divergent flat-density dephasing rate at T > 0: use
         * an ohmic density for the first bath too in that case */
        baths[0].J.kind = NEQ_SPECTRAL_OHMIC;
        baths[0].J.cutoff = 2.0;
        CHECK_RC(neq_davies_build(d, H, 2, baths, 0, &g), NEQ_OK);
        neq_liouvillian *L = NULL;
        CHECK_RC(neq_liouvillian_alloc(g, &L), NEQ_OK);
        neq_steady_info info;
        CHECK_RC(neq_steady_state(L, NULL, NULL, rho, &info), NEQ_OK);
        CHECK_RC(neq_gibbs_state(d, H, T, gibbs), NEQ_OK);
        CHECK(check_maxdiff(d, rho, gibbs) < 1e-12);
        double J[2];
        CHECK_RC(neq_heat_currents(L, rho, J), NEQ_OK);
        CHECK_CLOSE(J[0], 0.0, 1e-12);
        CHECK_CLOSE(J[1], 0.0, 1e-12);
        neq_liouvillian_free(L);
        neq_gksl_free(g);
    }
}

/* V system H = diag(0, 1, 1), X = |0><1| + |0><2| + h.c.: the two
 * transitions share the Bohr frequency 1 and must form ONE jump operator
 * A(1) = |0>(<1| + <2|), leaving the dark state (|1> - |2>)/sqrt2
 * stationary at T = 0.  Splitting them would wrongly give a unique ground
 * state.  From |1><1| the state reaches (|0><0| + |D><D|)/2. */
static void degenerate_grouping(void)
{
    double complex H[9] = {0}, X[9] = {0}, rho0[9] = {0}, rho[9];
    NEQ_AT(H, 3, 1, 1) = 1;
    NEQ_AT(H, 3, 2, 2) = 1;
    NEQ_AT(X, 3, 0, 1) = NEQ_AT(X, 3, 1, 0) = 1;
    NEQ_AT(X, 3, 0, 2) = NEQ_AT(X, 3, 2, 0) = 1;
    neq_bath bath = {X, {NEQ_SPECTRAL_FLAT, 1.0, 0}, 0.0};
    neq_gksl *g = NULL;
    CHECK_RC(neq_davies_build(3, H, 1, &bath, 0, &g), NEQ_OK);
    neq_liouvillian *L = NULL;
    CHECK_RC(neq_liouvillian_alloc(g, &L), NEQ_OK);
    neq_steady_info info;
    CHECK_RC(neq_steady_state(L, NULL, NULL, rho, &info), NEQ_ENONUNIQUE);
    CHECK(info.null_dim >= 2);
    NEQ_AT(rho0, 3, 1, 1) = 1;
    CHECK_RC(neq_steady_state_from(L, rho0, NULL, NULL, rho, &info), NEQ_OK);
    CHECK_CLOSE(creal(NEQ_AT(rho, 3, 0, 0)), 0.5, 1e-12);
    CHECK_CLOSE(creal(NEQ_AT(rho, 3, 1, 1)), 0.25, 1e-12);
    CHECK_CLOSE(creal(NEQ_AT(rho, 3, 2, 2)), 0.25, 1e-12);
    CHECK_CLOSE(creal(NEQ_AT(rho, 3, 1, 2)), -0.25, 1e-12);
    neq_liouvillian_free(L);
    neq_gksl_free(g);
}

/* A qubit H = w/2 sz with X = sx: emission rate J(w)(1+n), absorption J(w) n,
 * so the excited population is n/(2n+1) and the relaxation rate (gap of the
 * population block) is J(w)(2n+1).  Ohmic J(w) = gamma w e^{-w/wc}. */
static void qubit_rates(void)
{
    const double w = 1.3, T = 0.8, gamma = 0.2, wc = 4.0;
    double complex H[4] = {-w / 2, 0, 0, w / 2}, X[4] = {0, 1, 1, 0}, rho[4];
    neq_bath bath = {X, {NEQ_SPECTRAL_OHMIC, gamma, wc}, T};
    neq_gksl *g = NULL;
    CHECK_RC(neq_davies_build(2, H, 1, &bath, 0, &g), NEQ_OK);
    neq_liouvillian *L = NULL;
    CHECK_RC(neq_liouvillian_alloc(g, &L), NEQ_OK);
    CHECK_RC(neq_steady_state(L, NULL, NULL, rho, NULL), NEQ_OK);
    double n = 1 / expm1(w / T), Jw = gamma * w * exp(-w / wc);
    CHECK_CLOSE(creal(NEQ_AT(rho, 2, 1, 1)), n / (2 * n + 1), 1e-14);
    double complex eig[4];
    CHECK_RC(neq_liouvillian_spectrum(L, eig), NEQ_OK);
    /* eigenvalues: 0, -J(2n+1), and the coherences -J(2n+1)/2 -+ i w */
    double found = 0;
    for (int k = 0; k < 4; k++)
        if (fabs(cimag(eig[k])) < 1e-12 && fabs(creal(eig[k])) > 1e-12)
            found = -creal(eig[k]);
    CHECK_CLOSE(found, Jw * (2 * n + 1), 1e-13);
    double gap;
    CHECK_RC(neq_liouvillian_gap(L, &gap), NEQ_OK);
    CHECK_CLOSE(gap, Jw * (2 * n + 1) / 2, 1e-13);
    /* the same closed form through the generator-only entry point */
    CHECK_RC(neq_gksl_gap(g, &gap), NEQ_OK);
    CHECK_CLOSE(gap, Jw * (2 * n + 1) / 2, 1e-13);
    CHECK_RC(neq_gksl_gap(NULL, &gap), NEQ_EINVAL);
    neq_liouvillian_free(L);
    neq_gksl_free(g);
}

static void bad_input(void)
{
    double complex H[4] = {-0.5, 0, 0, 0.5}, X[4] = {1, 0, 0, -1};
    neq_gksl *g = NULL;
    /* sz coupling: pure dephasing at w = 0, divergent for flat J at T > 0 */
    neq_bath bath = {X, {NEQ_SPECTRAL_FLAT, 1.0, 0}, 1.0};
    CHECK_RC(neq_davies_build(2, H, 1, &bath, 0, &g), NEQ_EDIVERGE);
    bath.T = -1;
    CHECK_RC(neq_davies_build(2, H, 1, &bath, 0, &g), NEQ_EDOMAIN);
    bath.T = NAN;
    CHECK_RC(neq_davies_build(2, H, 1, &bath, 0, &g), NEQ_ENAN);
    bath.T = 1;
    bath.J.gamma = -1;
    CHECK_RC(neq_davies_build(2, H, 1, &bath, 0, &g), NEQ_EDOMAIN);
    bath.J = (neq_spectral_density){NEQ_SPECTRAL_OHMIC, 1.0, 0.0};
    CHECK_RC(neq_davies_build(2, H, 1, &bath, 0, &g), NEQ_EDOMAIN);
    double complex Xn[4] = {0, 1, 0.5, 0}; /* not Hermitian */
    bath = (neq_bath){Xn, {NEQ_SPECTRAL_FLAT, 1.0, 0}, 1.0};
    CHECK_RC(neq_davies_build(2, H, 1, &bath, 0, &g), NEQ_EHERMITIAN);
    CHECK(g == NULL);
}

int main(void)
{
    gibbs_at_equal_temperature();
    degenerate_grouping();
    qubit_rates();
    bad_input();
    return check_report("davies");
}
