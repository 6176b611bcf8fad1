/* Time evolution of a model at one point (include/neqent/evolve.h).  Where
 * each expected value comes from:
 *
 *   - neq_time_grid: the definition in evolve.h.  Linear: t[k] =
 *     tmax k/(nt - 1) (1 ulp of t[k]; exact where the values are binary
 *     fractions), the last exactly tmax.  Log: t[0] = 0, t[1] = tmin to
 *     1e-14 relative (exp of a rounded log: the rounding of log(tmin),
 *     |log tmin| eps, becomes a relative error of exp), t[nt-1] = tmax
 *     exactly, and a constant ratio (tmax/tmin)^(1/(nt-2)) between
 *     neighbours (1e-14 relative).  Refusals as evolve.h says (NEQ_EINVAL /
 *     NEQ_EDOMAIN; a NaN is NEQ_ENAN, the library's code for NaN input,
 *     status.h);
 *   - neq_two_qubit_observables on states whose values are known in closed
 *     form: |00> (C = 0, rho_G = 1), |11> (rho_E = 1), (|10> -/+ |01>)/sqrt2
 *     (C = 1, rho_A or rho_S = 1, K1 = 1/2, K2 = -1/2), (|00> + |11>)/sqrt2
 *     (C = 1, K2 = 1/2), the Werner state p |A><A| + (1 - p) I/4
 *     (C = max(0, (3p - 1)/2), K1 = (3p - 1)/4, K2 = -(1 + p)/4,
 *     rho_A = (1 + 3p)/4, the others (1 - p)/4); 1e-14 (a few roundings of
 *     sqrt(1/2) and of the 4 x 4 basis change).  For random states: the
 *     populations sum to the trace (1e-14), C = 2 max(0, K1, K2) when the
 *     state is an X state, and C is invariant under local unitaries
 *     U1 (x) U2 (1e-12; the concurrence's eigenvalue problem);
 *   - neq_evolve: rho(0) = rho0 (1e-14), trace 1, Hermitian and positive at
 *     all times (1e-12); the semigroup law rho(t1 + t2) = evolve(rho(t1),
 *     t2) (1e-12); against a fourth-order Runge-Kutta integration of
 *     d rho/dt = L(rho) with L applied directly by neq_gksl_apply (a second
 *     route: no superoperator, no eigendecomposition), whose error is
 *     estimated by halving the step (Richardson) and added to a 1e-12
 *     allowance; and, at t = 1e4 relaxation times (the model's own
 *     relaxation_time quantity: every decaying mode below e^-10000), the
 *     steady state of neq_eval (its "rho" quantity, a rank-revealing null
 *     vector, another route) to 1e-10;
 *   - initial states: "A" and "S" built here from their definition; the
 *     body model's "thermal:T" from eq. (3): independent qubits with
 *     excited population n/(1 + 2n), n = 1/(exp(hbar omega/k_B T) - 1), with
 *     CODATA's hbar and k_B typed here (1e-12 relative); the two-bath
 *     model's "thermal:T" at T1 = T2 = T is the steady state of the global
 *     master equation (detailed balance) and stays put under the evolution
 *     (1e-12). */
#include "check.h"
#include "neqent/neqent.h"
#include "random.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define AT(A, i, j) ((A)[(i) + 4 * (j)])

static int within_ulps(double a, double b, int n)
{
    double ulp = nextafter(fabs(b), INFINITY) - fabs(b);
    return fabs(a - b) <= n * ulp;
}

/* ------------------------------------------------------ time grids */

static void time_grids(void)
{
    double t[64];
    /* linear, binary fractions: exact */
    CHECK_RC(neq_time_grid(5, 2.0, 0, 0, t), NEQ_OK);
    for (int k = 0; k < 5; k++)
        CHECK(t[k] == 0.5 * k);
    /* linear, general: 1 ulp of tmax k/(nt - 1) */
    const int nts[] = {2, 3, 7, 11, 50};
    const double tmaxs[] = {1.0, 3.7, 1e-3, 250.0};
    for (int a = 0; a < 5; a++)
        for (int b = 0; b < 4; b++) {
            int nt = nts[a];
            double tmax = tmaxs[b];
            CHECK_RC(neq_time_grid(nt, tmax, 0, 0, t), NEQ_OK);
            CHECK(t[0] == 0);
            CHECK(t[nt - 1] == tmax);
            for (int k = 1; k < nt; k++) {
                double expect = tmax * ((double)k / (nt - 1));
                CHECK(within_ulps(t[k], expect, 1));
                CHECK(t[k] > t[k - 1]);
            }
        }
    /* log */
    const double tmins[] = {1e-3, 0.5, 1e-9};
    for (int a = 1; a < 5; a++)
        for (int b = 0; b < 3; b++) {
            int nt = nts[a];
            double tmin = tmins[b], tmax = 10.0;
            CHECK_RC(neq_time_grid(nt, tmax, 1, tmin, t), NEQ_OK);
            CHECK(t[0] == 0);
            CHECK(t[nt - 1] == tmax);
            if (nt > 2)
                CHECK_CLOSE(t[1], tmin, 1e-14 * tmin);
            double ratio = pow(tmax / tmin, 1.0 / (nt - 2));
            for (int k = 2; k < nt; k++) {
                CHECK_CLOSE(t[k] / t[k - 1], ratio, 1e-14 * ratio);
                CHECK(t[k] > t[k - 1]);
            }
        }
    /* log with nt = 2: 0 and tmax */
    CHECK_RC(neq_time_grid(2, 4.0, 1, 1.0, t), NEQ_OK);
    CHECK(t[0] == 0 && t[1] == 4.0);
    /* a ratio beyond a double's range: still finite, still ending at tmax */
    CHECK_RC(neq_time_grid(5, 1e300, 1, 1e-300, t), NEQ_OK);
    CHECK(t[1] > 0 && t[4] == 1e300);
    /* ratio (1e600)^(1/3) = 1e200; exp of logs of size 690: 1e-12 relative */
    CHECK_CLOSE(t[2] / t[1], 1e200, 1e-12 * 1e200);
    CHECK_CLOSE(t[1], 1e-300, 1e-12 * 1e-300);
    /* refusals */
    CHECK_RC(neq_time_grid(1, 1.0, 0, 0, t), NEQ_EINVAL);
    CHECK_RC(neq_time_grid(0, 1.0, 0, 0, t), NEQ_EINVAL);
    CHECK_RC(neq_time_grid(-3, 1.0, 0, 0, t), NEQ_EINVAL);
    CHECK_RC(neq_time_grid(5, 1.0, 0, 0, NULL), NEQ_EINVAL);
    CHECK_RC(neq_time_grid(5, 0.0, 0, 0, t), NEQ_EDOMAIN);
    CHECK_RC(neq_time_grid(5, -1.0, 0, 0, t), NEQ_EDOMAIN);
    CHECK_RC(neq_time_grid(5, INFINITY, 0, 0, t), NEQ_EDOMAIN);
    CHECK_RC(neq_time_grid(5, 1.0, 1, 1.0, t), NEQ_EDOMAIN);  /* tmin = tmax */
    CHECK_RC(neq_time_grid(5, 1.0, 1, 2.0, t), NEQ_EDOMAIN);  /* tmin > tmax */
    CHECK_RC(neq_time_grid(5, 1.0, 1, 0.0, t), NEQ_EDOMAIN);  /* tmin = 0 */
    CHECK_RC(neq_time_grid(5, 1.0, 1, -1e-3, t), NEQ_EDOMAIN);
    int rc = neq_time_grid(5, NAN, 0, 0, t);
    CHECK(rc == NEQ_ENAN || rc == NEQ_EDOMAIN || rc == NEQ_EINVAL);
    rc = neq_time_grid(5, 1.0, 1, NAN, t);
    CHECK(rc == NEQ_ENAN || rc == NEQ_EDOMAIN || rc == NEQ_EINVAL);
    CHECK(strstr(neq_errdetail(), "t-min") != NULL);
    /* tmin is ignored for a linear grid */
    CHECK_RC(neq_time_grid(3, 1.0, 0, NAN, t), NEQ_OK);
}

/* ---------------------------------------------------- observables */

static void pure(const double complex psi[4], double complex *rho)
{
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            AT(rho, i, j) = psi[i] * conj(psi[j]);
}

static void check_obs(const double complex *rho, const double expect[7], const char *what)
{
    double obs[NEQ_TWO_QUBIT_NOBS];
    CHECK_RC(neq_two_qubit_observables(rho, obs), NEQ_OK);
    int bad = 0;
    for (int k = 0; k < 7; k++) {
        CHECK_CLOSE(obs[k], expect[k], 1e-14);
        bad |= !(fabs(obs[k] - expect[k]) <= 1e-14);
    }
    CHECK_CLOSE(obs[3] + obs[4] + obs[5] + obs[6], 1.0, 1e-14);
    if (bad)
        fprintf(stderr, "  (state %s)\n", what);
}

static void observables(void)
{
    const double s = sqrt(0.5);
    double complex rho[16];
    /* names */
    const char *names[7] = {"C", "K1", "K2", "rho_G", "rho_A", "rho_S", "rho_E"};
    for (int k = 0; k < 7; k++)
        CHECK(neq_two_qubit_observable_name(k) &&
              strcmp(neq_two_qubit_observable_name(k), names[k]) == 0);
    CHECK(neq_two_qubit_observable_name(7) == NULL && neq_two_qubit_observable_name(-1) == NULL);
    /* basis |00>, |01>, |10>, |11>; the paper's A = (|eg> - |ge>)/sqrt2
     * with |eg> = |10> */
    const double complex g00[4] = {1, 0, 0, 0}, e11[4] = {0, 0, 0, 1};
    const double complex A[4] = {0, -s, s, 0}, S[4] = {0, s, s, 0};
    const double complex phi[4] = {s, 0, 0, s};
    pure(g00, rho);
    check_obs(rho, (double[7]){0, 0, 0, 1, 0, 0, 0}, "|00>");
    pure(e11, rho);
    check_obs(rho, (double[7]){0, 0, 0, 0, 0, 0, 1}, "|11>");
    pure(A, rho);
    check_obs(rho, (double[7]){1, 0.5, -0.5, 0, 1, 0, 0}, "A");
    pure(S, rho);
    check_obs(rho, (double[7]){1, 0.5, -0.5, 0, 0, 1, 0}, "S");
    pure(phi, rho);
    check_obs(rho, (double[7]){1, -0.5, 0.5, 0.5, 0, 0, 0.5}, "Phi+");
    /* a global phase changes nothing */
    const double complex Aphase[4] = {0, -s * I, s * I, 0};
    pure(Aphase, rho);
    check_obs(rho, (double[7]){1, 0.5, -0.5, 0, 1, 0, 0}, "i A");
    /* Werner states: entangled exactly for p > 1/3 */
    for (int i = 0; i <= 20; i++) {
        double p = i / 20.0;
        double complex pa[16];
        pure(A, pa);
        for (int k = 0; k < 16; k++)
            rho[k] = p * pa[k];
        for (int k = 0; k < 4; k++)
            AT(rho, k, k) += (1 - p) / 4;
        double q = (1 - p) / 4;
        check_obs(rho,
                  (double[7]){fmax(0, (3 * p - 1) / 2), (3 * p - 1) / 4, -(1 + p) / 4, q,
                              (1 + 3 * p) / 4, q, q},
                  "Werner");
    }
    /* random states: trace, X-state formula, local-unitary invariance */
    rng_seed(4242);
    for (int r = 0; r < 50; r++) {
        double obs[7], obs2[7];
        rng_state_full(4, rho);
        CHECK_RC(neq_two_qubit_observables(rho, obs), NEQ_OK);
        CHECK_CLOSE(obs[3] + obs[4] + obs[5] + obs[6], creal(neq_mat_trace(4, rho)), 1e-14);
        CHECK(obs[0] >= 0 && obs[0] <= 1);
        double complex U1[4], U2[4], U[16], t1[16], t2[16];
        rng_unitary(2, U1);
        rng_unitary(2, U2);
        neq_mat_kron(2, U1, 2, U2, U);
        neq_mat_mul(4, U, rho, t1);
        double complex Ud[16];
        neq_mat_adjoint(4, U, Ud);
        neq_mat_mul(4, t1, Ud, t2);
        CHECK_RC(neq_two_qubit_observables(t2, obs2), NEQ_OK);
        CHECK_CLOSE(obs2[0], obs[0], 1e-12);
        /* its X part (only the diagonal and the anti-diagonal kept, then
         * normalised by the same trace): C = 2 max(0, K1, K2) */
        double complex X[16] = {0};
        for (int k = 0; k < 4; k++) {
            AT(X, k, k) = AT(rho, k, k);
            AT(X, k, 3 - k) = AT(rho, k, 3 - k);
        }
        CHECK_RC(neq_two_qubit_observables(X, obs2), NEQ_OK);
        CHECK_CLOSE(obs2[0], 2 * fmax(0, fmax(obs2[1], obs2[2])), 1e-12);
        /* K1, K2 read off the matrix elements (eq. 2) */
        CHECK_CLOSE(obs[1], cabs(AT(rho, 2, 1)) - sqrt(creal(AT(rho, 0, 0)) * creal(AT(rho, 3, 3))),
                    1e-14);
        CHECK_CLOSE(obs[2], cabs(AT(rho, 0, 3)) - sqrt(creal(AT(rho, 1, 1)) * creal(AT(rho, 2, 2))),
                    1e-14);
    }
    double obs[7];
    CHECK_RC(neq_two_qubit_observables(NULL, obs), NEQ_EINVAL);
}

/* ----------------------------------------------------------- evolve */

static double min_eig(const double complex *rho)
{
    double w[4];
    if (neq_herm_eig(4, rho, w, NULL))
        return -1;
    return w[0];
}

/* RK4 for d rho/dt = L(rho) with L applied by neq_gksl_apply, nsteps steps */
static void rk4(const neq_gksl *g, const double complex *rho0, double t, long nsteps,
                double complex *out)
{
    double complex y[16], k1[16], k2[16], k3[16], k4[16], tmp[16];
    double h = t / (double)nsteps;
    memcpy(y, rho0, sizeof y);
    for (long n = 0; n < nsteps; n++) {
        neq_gksl_apply(g, -1, y, k1);
        for (int i = 0; i < 16; i++)
            tmp[i] = y[i] + 0.5 * h * k1[i];
        neq_gksl_apply(g, -1, tmp, k2);
        for (int i = 0; i < 16; i++)
            tmp[i] = y[i] + 0.5 * h * k2[i];
        neq_gksl_apply(g, -1, tmp, k3);
        for (int i = 0; i < 16; i++)
            tmp[i] = y[i] + h * k3[i];
        neq_gksl_apply(g, -1, tmp, k4);
        for (int i = 0; i < 16; i++)
            y[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
    }
    memcpy(out, y, sizeof y);
}

/* rho(t) by neq_evolve against RK4 with nsteps and 2 nsteps steps */
static void against_rk4(const neq_plan *plan, const neq_params *p, const double complex *rho0,
                        double t, long nsteps)
{
    neq_gksl *g = NULL;
    CHECK_RC(neq_plan_generator(plan, p, &g), NEQ_OK);
    if (!g)
        return;
    double complex ev[16], r1[16], r2[16];
    CHECK_RC(neq_evolve(plan, p, rho0, 1, &t, ev), NEQ_OK);
    rk4(g, rho0, t, nsteps, r1);
    rk4(g, rho0, t, 2 * nsteps, r2);
    double err = check_maxdiff(4, r1, r2) * 16.0 / 15.0; /* error of r2, Richardson */
    CHECK(err < 1e-10);                                  /* the reference is good */
    CHECK(check_maxdiff(4, ev, r2) <= err + 1e-12);
    CHECK(check_maxdiff(4, ev, rho0) > 1e-3); /* the state moved: not a trivial check */
    neq_gksl_free(g);
}

static void check_physical(int n, const double complex *rho_t)
{
    for (int k = 0; k < n; k++) {
        const double complex *r = rho_t + 16 * k;
        CHECK_CLOSE(creal(neq_mat_trace(4, r)), 1.0, 1e-12);
        CHECK_CLOSE(cimag(neq_mat_trace(4, r)), 0.0, 1e-12);
        CHECK(neq_mat_hermiticity_error(4, r) <= 1e-12);
        CHECK(min_eig(r) >= -1e-12);
    }
}

static void evolve_body(void)
{
    const neq_model *m = neq_model_lookup("body");
    neq_params *p = NULL;
    CHECK_RC(neq_params_alloc(m, &p), NEQ_OK);
    neq_plan *plan = NULL;
    neq_workspace *ws = NULL;
    CHECK_RC(neq_plan_alloc(p, &plan), NEQ_OK);
    CHECK_RC(neq_workspace_alloc(plan, &ws), NEQ_OK);
    if (!plan || !ws)
        return;
    CHECK(neq_plan_dim(plan) == 4);
    /* the steady state and the relaxation time, from the model */
    double complex steady[16];
    double tau = NAN, null_dim = NAN;
    CHECK_RC(neq_eval(plan, p, ws), NEQ_OK);
    CHECK_RC(neq_quantity_get(plan, p, ws, neq_model_quantity_index(m, "rho"), (double *)steady),
             NEQ_OK);
    CHECK_RC(neq_quantity_get(plan, p, ws, neq_model_quantity_index(m, "relaxation_time"), &tau),
             NEQ_OK);
    CHECK_RC(neq_quantity_get(plan, p, ws, neq_model_quantity_index(m, "null_dim"), &null_dim),
             NEQ_OK);
    CHECK(null_dim == 1); /* a unique steady state: every start reaches it */
    CHECK(tau > 0 && isfinite(tau));
    /* the initial state "A", built here */
    const double s = sqrt(0.5);
    const double complex A[4] = {0, -s, s, 0}, S[4] = {0, s, s, 0};
    double complex rhoA[16], rhoS[16], rho0[16];
    pure(A, rhoA);
    pure(S, rhoS);
    CHECK_RC(neq_initial_state(plan, p, "A", rho0), NEQ_OK);
    CHECK(check_maxdiff(4, rho0, rhoA) <= 1e-15);
    double complex tmp[16];
    CHECK_RC(neq_initial_state(plan, p, "S", tmp), NEQ_OK);
    CHECK(check_maxdiff(4, tmp, rhoS) <= 1e-15);
    CHECK_RC(neq_initial_state(plan, p, "ground", tmp), NEQ_OK);
    CHECK(creal(tmp[0]) == 1 && check_maxdiff(4, tmp, (double complex[16]){1}) == 0);
    /* times: 0, fractions of tau, and 1e4 tau */
    const double t[7] = {0, 1e-3 * tau, 0.1 * tau, tau, 3 * tau, 30 * tau, 1e4 * tau};
    double complex rt[7 * 16];
    CHECK_RC(neq_evolve(plan, p, rho0, 7, t, rt), NEQ_OK);
    CHECK(check_maxdiff(4, rt, rho0) <= 1e-14);
    check_physical(7, rt);
    CHECK(check_maxdiff(4, rt + 6 * 16, steady) <= 1e-10);
    /* and the populations relax: far from the steady state at first */
    CHECK(check_maxdiff(4, rt + 2 * 16, steady) > 1e-3);
    /* times in any order: the same states */
    const double tr[3] = {1e4 * tau, 0, 0.1 * tau};
    double complex rr[3 * 16];
    CHECK_RC(neq_evolve(plan, p, rho0, 3, tr, rr), NEQ_OK);
    CHECK(check_maxdiff(4, rr, rt + 6 * 16) <= 1e-14);
    CHECK(check_maxdiff(4, rr + 16, rt) <= 1e-14);
    CHECK(check_maxdiff(4, rr + 32, rt + 2 * 16) <= 1e-14);
    /* semigroup: rho(t1 + t2) from rho(t1) */
    double t1 = 0.1 * tau, t2 = 0.9 * tau, t12 = t1 + t2;
    double complex a[16], b[16], c[16];
    CHECK_RC(neq_evolve(plan, p, rho0, 1, &t1, a), NEQ_OK);
    CHECK_RC(neq_evolve(plan, p, a, 1, &t2, b), NEQ_OK);
    CHECK_RC(neq_evolve(plan, p, rho0, 1, &t12, c), NEQ_OK);
    CHECK(check_maxdiff(4, b, c) <= 1e-12);
    /* against Runge-Kutta over short times: the dipole-dipole coupling
     * (Lambda^12 ~ 1.4e4 Gamma_0 here) makes the generator stiff.  "A" is
     * an eigenstate of it and decays at the tiny Gamma_A, so the test
     * starts from |10> (it swaps with |01> at the rate Lambda^12: several
     * radians in 2e-4, steps of 1e-7) and from |00> (excited by the hot
     * body: 0.2 % in 0.05, steps of 2.5e-6) */
    {
        const double complex e10[4] = {0, 0, 1, 0}, g00[4] = {1, 0, 0, 0};
        double complex r10[16], r00[16];
        pure(e10, r10);
        pure(g00, r00);
        against_rk4(plan, p, r10, 2e-4, 2000);
        against_rk4(plan, p, r00, 0.05, 20000);
    }
    /* from |gg> too, and from the steady state, which must stay put */
    CHECK_RC(neq_evolve(plan, p, steady, 7, t, rt), NEQ_OK);
    for (int k = 0; k < 7; k++)
        CHECK(check_maxdiff(4, rt + 16 * k, steady) <= 1e-12);
    /* "thermal:T": eq. (3), independent qubits at omega */
    {
        const double hbar = 1.054571817e-34, kB = 1.380649e-23; /* CODATA 2018 */
        double omega = neq_params_value(p, neq_model_param_index(m, "omega"));
        const double Ts[3] = {30, 300, 3000};
        for (int i = 0; i < 3; i++) {
            char spec[32];
            snprintf(spec, sizeof spec, "thermal:%g", Ts[i]);
            CHECK_RC(neq_initial_state(plan, p, spec, tmp), NEQ_OK);
            double n = 1 / expm1(hbar * omega / (kB * Ts[i])), pe = n / (1 + 2 * n);
            double expect[4] = {(1 - pe) * (1 - pe), (1 - pe) * pe, pe * (1 - pe), pe * pe};
            for (int k = 0; k < 4; k++)
                CHECK_CLOSE(creal(AT(tmp, k, k)), expect[k], 1e-12 * expect[k] + 1e-300);
            double off = 0;
            for (int k = 0; k < 16; k++)
                if (k % 5)
                    off = fmax(off, cabs(tmp[k]));
            CHECK(off == 0);
        }
    }
    /* bad initial states */
    CHECK_RC(neq_initial_state(plan, p, "B", tmp), NEQ_EINVAL);
    CHECK_RC(neq_initial_state(plan, p, "thermal:-3", tmp), NEQ_EDOMAIN);
    CHECK_RC(neq_initial_state(plan, p, "thermal:0", tmp), NEQ_EDOMAIN);
    CHECK_RC(neq_initial_state(plan, p, "file:/nonexistent/neqent-state", tmp), NEQ_EIO);
    CHECK_RC(neq_initial_state(plan, p, "file:/", tmp), NEQ_EIO); /* a directory */
    /* bad evolve arguments */
    CHECK_RC(neq_evolve(plan, p, rho0, -1, t, rt), NEQ_EINVAL);
    CHECK_RC(neq_evolve(plan, p, NULL, 1, t, rt), NEQ_EINVAL);
    neq_params *other = NULL;
    CHECK_RC(neq_params_copy(p, &other), NEQ_OK);
    CHECK_RC(neq_params_set_text(other, "z2", "1.5um"), NEQ_OK);
    CHECK_RC(neq_evolve(plan, other, rho0, 1, t, rt), NEQ_EINVAL); /* another geometry */
    neq_params_free(other);
    neq_workspace_free(ws);
    neq_plan_free(plan);
    neq_params_free(p);
}

static void evolve_baths(void)
{
    const neq_model *m = neq_model_lookup("baths");
    neq_params *p = NULL;
    CHECK_RC(neq_params_alloc(m, &p), NEQ_OK);
    neq_plan *plan = NULL;
    neq_workspace *ws = NULL;
    CHECK_RC(neq_plan_alloc(p, &plan), NEQ_OK);
    CHECK_RC(neq_workspace_alloc(plan, &ws), NEQ_OK);
    if (!plan || !ws)
        return;
    /* out of equilibrium (the defaults T1 = 1.5, T2 = 0.5): RK4 agrees */
    double complex rho0[16], steady[16];
    CHECK_RC(neq_initial_state(plan, p, "A", rho0), NEQ_OK);
    against_rk4(plan, p, rho0, 0.5, 500);
    against_rk4(plan, p, rho0, 2.0, 2000);
    CHECK_RC(neq_initial_state(plan, p, "ground", rho0), NEQ_OK);
    against_rk4(plan, p, rho0, 1.0, 1000);
    /* and reaches the steady state */
    double tau = NAN;
    CHECK_RC(neq_eval(plan, p, ws), NEQ_OK);
    CHECK_RC(neq_quantity_get(plan, p, ws, neq_model_quantity_index(m, "rho"), (double *)steady),
             NEQ_OK);
    CHECK_RC(neq_quantity_get(plan, p, ws, neq_model_quantity_index(m, "relaxation_time"), &tau),
             NEQ_OK);
    double t[3] = {0, tau, 1e4 * tau};
    double complex rt[3 * 16];
    CHECK_RC(neq_evolve(plan, p, rho0, 3, t, rt), NEQ_OK);
    check_physical(3, rt);
    CHECK(check_maxdiff(4, rt + 32, steady) <= 1e-10);
    /* equilibrium, T1 = T2 = 0.7: the Gibbs state of Q ("thermal:0.7") is
     * the steady state and does not move */
    CHECK_RC(neq_params_set(p, "T1", 0.7), NEQ_OK);
    CHECK_RC(neq_params_set(p, "T2", 0.7), NEQ_OK);
    CHECK_RC(neq_eval(plan, p, ws), NEQ_OK);
    CHECK_RC(neq_quantity_get(plan, p, ws, neq_model_quantity_index(m, "rho"), (double *)steady),
             NEQ_OK);
    CHECK_RC(neq_initial_state(plan, p, "thermal:0.7", rho0), NEQ_OK);
    CHECK(check_maxdiff(4, rho0, steady) <= 1e-12);
    double tt[4] = {0.3, 3, 30, 3000};
    double complex r4[4 * 16];
    CHECK_RC(neq_evolve(plan, p, rho0, 4, tt, r4), NEQ_OK);
    for (int k = 0; k < 4; k++)
        CHECK(check_maxdiff(4, r4 + 16 * k, rho0) <= 1e-12);
    neq_workspace_free(ws);
    neq_plan_free(plan);
    neq_params_free(p);
}

/* replaces the file at path with text */
static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* neq_state_read: what it writes back and what it refuses */
static void state_files(void)
{
    char path[] = "/tmp/neqent-test-evolve-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0)
        return;
    close(fd);
    /* a Werner state with p = 0.6 and a complex coherence */
    write_text(path, "# a comment\n\n0.1 0 0 0\n0 0.4 -0.3,0.05 0\n0 -0.3,-0.05 0.4 0\n0 0 0 0.1\n");
    double complex rho[16];
    CHECK_RC(neq_state_read(path, 4, rho), NEQ_OK);
    CHECK(AT(rho, 0, 0) == 0.1 && AT(rho, 1, 2) == -0.3 + 0.05 * I && AT(rho, 2, 1) == -0.3 - 0.05 * I);
    CHECK(AT(rho, 3, 3) == 0.1 && AT(rho, 0, 3) == 0);
    /* not Hermitian */
    write_text(path, "0.1 0 0 0\n0 0.4 -0.3 0\n0 -0.2 0.4 0\n0 0 0 0.1\n");
    CHECK_RC(neq_state_read(path, 4, rho), NEQ_EDOMAIN);
    /* trace 1.1 */
    write_text(path, "0.2 0 0 0\n0 0.4 0 0\n0 0 0.4 0\n0 0 0 0.1\n");
    CHECK_RC(neq_state_read(path, 4, rho), NEQ_EDOMAIN);
    /* not positive */
    write_text(path, "0.5 0 0 0.6\n0 0 0 0\n0 0 0 0\n0.6 0 0 0.5\n");
    CHECK_RC(neq_state_read(path, 4, rho), NEQ_EDOMAIN);
    /* a row short, a row too many */
    write_text(path, "1 0 0 0\n0 0 0\n0 0 0 0\n0 0 0 0\n");
    CHECK_RC(neq_state_read(path, 4, rho), NEQ_EDIM);
    write_text(path, "1 0 0 0\n0 0 0 0\n0 0 0 0\n0 0 0 0\n0 0 0 0\n");
    CHECK_RC(neq_state_read(path, 4, rho), NEQ_EDIM);
    /* not a number */
    write_text(path, "1 0 0 0\n0 0 x 0\n0 0 0 0\n0 0 0 0\n");
    CHECK_RC(neq_state_read(path, 4, rho), NEQ_EINVAL);
    unlink(path);
}

int main(void)
{
    time_grids();
    observables();
    evolve_body();
    evolve_baths();
    state_files();
    return check_report("evolve");
}
