/* Exact time evolution against closed forms and an independent ODE
 * integration. */
#include "check.h"
#include "neqent/neqent.h"
#include "random.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>
#include <math.h>
#include <string.h>

/* Thermally damped two-level system: H = w/2 sz, jumps sqrt(g(1+n)) s-,
 * sqrt(g n) s+.  Closed form (Breuer-Petruccione sec. 3.4.6):
 *   p_e(t) = p_inf + (p_e(0) - p_inf) e^{-g(2n+1)t},  p_inf = n/(2n+1),
 *   rho_eg(t) = rho_eg(0) e^{-i w t - g(2n+1)t/2}.
 * Rates g from 1e-5 to 1 over times up to 1e6: 1e-10 absolute. */
static void damped_qubit(void)
{
    const double w = 2.0, n = 0.4;
    const double gs[3] = {1e-5, 1e-2, 1.0};
    for (int gi = 0; gi < 3; gi++) {
        double g = gs[gi];
        neq_gksl *G = NULL;
        CHECK_RC(neq_gksl_alloc(2, &G), NEQ_OK);
        double complex H[4] = {-w / 2, 0, 0, w / 2};
        double complex sm[4] = {0, 0, 1, 0}, sp[4] = {0, 1, 0, 0}; /* |0><1|, |1><0| */
        CHECK_RC(neq_gksl_set_hamiltonian(G, H), NEQ_OK);
        CHECK_RC(neq_gksl_add_jump(G, 0, g * (1 + n), sm), NEQ_OK);
        CHECK_RC(neq_gksl_add_jump(G, 0, g * n, sp), NEQ_OK);
        neq_liouvillian *L = NULL;
        CHECK_RC(neq_liouvillian_alloc(G, &L), NEQ_OK);
        neq_propagator *P = NULL;
        CHECK_RC(neq_propagator_alloc(L, &P), NEQ_OK);
        double complex rho0[4] = {0.3, 0.2 - 0.4 * I, 0.2 + 0.4 * I, 0.7};
        double t[6] = {0, 0.1 / g, 1 / g, 3.7 / g, 20 / g, 1e8}; /* last: >= 1800 relaxation times */
        double complex rt[24];
        CHECK_RC(neq_propagate(P, rho0, 6, t, rt), NEQ_OK);
        double pinf = n / (2 * n + 1), G2 = g * (2 * n + 1);
        for (int k = 0; k < 6; k++) {
            double pe = pinf + (0.7 - pinf) * exp(-G2 * t[k]);
            double complex eg = (0.2 - 0.4 * I) * cexp(-I * w * t[k] - G2 * t[k] / 2);
            CHECK_CLOSE(creal(rt[4 * k + 3]), pe, 1e-10);
            CHECK_CLOSE(cabs(rt[4 * k + 1] - eg), 0.0, 1e-10); /* rho_10 = <1|rho|0> = rho_eg */
        }
        /* rho(t -> infinity) equals the steady state */
        double complex ss[4];
        CHECK_RC(neq_steady_state(L, NULL, NULL, ss, NULL), NEQ_OK);
        CHECK(check_maxdiff(2, rt + 20, ss) < 1e-10);
        neq_propagator_free(P);
        neq_liouvillian_free(L);
        neq_gksl_free(G);
    }
}

/* Independent reference: GSL's rk8pd on d rho/dt = L(rho), through the
 * operator form neq_gksl_apply (not the superoperator). */
typedef struct {
    neq_gksl *g;
    int d;
} ode_ctx;

static int ode_rhs(double t, const double y[], double f[], void *params)
{
    (void)t;
    ode_ctx *c = params;
    double complex rho[64] = {0}, out[64] = {0};
    int dd = c->d * c->d;
    for (int k = 0; k < dd; k++)
        rho[k] = y[2 * k] + I * y[2 * k + 1];
    neq_gksl_apply(c->g, -1, rho, out);
    for (int k = 0; k < dd; k++) {
        f[2 * k] = creal(out[k]);
        f[2 * k + 1] = cimag(out[k]);
    }
    return GSL_SUCCESS;
}

static void against_ode(neq_gksl *g, int d, const double complex *rho0, double tmax, double tol)
{
    neq_liouvillian *L = NULL;
    CHECK_RC(neq_liouvillian_alloc(g, &L), NEQ_OK);
    neq_propagator *P = NULL;
    CHECK_RC(neq_propagator_alloc(L, &P), NEQ_OK);
    ode_ctx ctx = {g, d};
    gsl_odeiv2_system sys = {ode_rhs, NULL, (size_t)(2 * d * d), &ctx};
    gsl_odeiv2_driver *drv = gsl_odeiv2_driver_alloc_y_new(&sys, gsl_odeiv2_step_rk8pd, 1e-3,
                                                           1e-14, 1e-14);
    double y[128], t = 0;
    for (int k = 0; k < d * d; k++) {
        y[2 * k] = creal(rho0[k]);
        y[2 * k + 1] = cimag(rho0[k]);
    }
    for (int s = 1; s <= 5; s++) {
        double ts = tmax * s / 5;
        CHECK(gsl_odeiv2_driver_apply(drv, &t, ts, y) == GSL_SUCCESS);
        double complex rt[64], ref[64];
        CHECK_RC(neq_propagate(P, rho0, 1, &ts, rt), NEQ_OK);
        for (int k = 0; k < d * d; k++)
            ref[k] = y[2 * k] + I * y[2 * k + 1];
        CHECK(check_maxdiff(d, rt, ref) < tol);
    }
    gsl_odeiv2_driver_free(drv);
    neq_propagator_free(P);
    neq_liouvillian_free(L);
}

/* Resonance fluorescence H = O/2 sx, decay g s-: at O = g/4 the Bloch
 * equations have an exceptional point (eigenvalues -3g/4 doubly, Jordan
 * block), where an eigendecomposition fails; the matrix-exponential path
 * must take over.  Compared with rk8pd at 1e-9. */
static void exceptional_point(void)
{
    const double g = 1.0, O = g / 4;
    neq_gksl *G = NULL;
    CHECK_RC(neq_gksl_alloc(2, &G), NEQ_OK);
    double complex H[4] = {0, O / 2, O / 2, 0}, sm[4] = {0, 0, 1, 0};
    CHECK_RC(neq_gksl_set_hamiltonian(G, H), NEQ_OK);
    CHECK_RC(neq_gksl_add_jump(G, 0, g, sm), NEQ_OK);
    double complex rho0[4] = {0, 0, 0, 1};
    against_ode(G, 2, rho0, 10.0, 1e-9);
    neq_gksl_free(G);
}

/* Random generators (d = 3, 4) against rk8pd at 1e-9. */
static void random_against_ode(void)
{
    rng_seed(5);
    for (int trial = 0; trial < 6; trial++) {
        int d = 3 + trial % 2;
        neq_gksl *G = NULL;
        CHECK_RC(neq_gksl_alloc(d, &G), NEQ_OK);
        double complex H[16], A[16], rho0[16];
        rng_hermitian(d, H);
        CHECK_RC(neq_gksl_set_hamiltonian(G, H), NEQ_OK);
        for (int j = 0; j < 3; j++) {
            rng_cmatrix(d, A);
            CHECK_RC(neq_gksl_add_jump(G, j, rng_range(0.05, 0.5), A), NEQ_OK);
        }
        rng_state_full(d, rho0);
        against_ode(G, d, rho0, 4.0, 1e-9);
        neq_gksl_free(G);
    }
}

static void bad_input(void)
{
    neq_gksl *G = NULL;
    CHECK_RC(neq_gksl_alloc(2, &G), NEQ_OK);
    neq_liouvillian *L = NULL;
    CHECK_RC(neq_liouvillian_alloc(G, &L), NEQ_OK);
    neq_propagator *P = NULL;
    CHECK_RC(neq_propagator_alloc(L, &P), NEQ_OK);
    double complex rho0[4] = {1, 0, 0, 0}, rt[4];
    double t = -1;
    CHECK_RC(neq_propagate(P, rho0, 1, &t, rt), NEQ_EDOMAIN);
    t = NAN;
    CHECK_RC(neq_propagate(P, rho0, 1, &t, rt), NEQ_EDOMAIN);
    double complex bad[4] = {1, 0.5, 0, 0};
    t = 1;
    CHECK_RC(neq_propagate(P, bad, 1, &t, rt), NEQ_EHERMITIAN);
    neq_propagator_free(P);
    neq_liouvillian_free(L);
    neq_gksl_free(G);
}

int main(void)
{
    damped_qubit();
    exceptional_point();
    random_against_ode();
    bad_input();
    return check_report("master/evolve");
}
