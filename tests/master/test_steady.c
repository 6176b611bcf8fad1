/* Steady states of GKSL generators: physics checks that must always hold. */
#include "check.h"
#include "neqent/neqent.h"
#include "random.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Lowering operator of qubit q (0 = left factor) on two qubits. */
static void lower(int q, double complex *A)
{
    memset(A, 0, sizeof *A * 16);
    int bit = q == 0 ? 2 : 1;
    for (int s = 0; s < 4; s++)
        if (s & bit)
            NEQ_AT(A, 4, s ^ bit, s) = 1;
}

static void check_state(int d, const double complex *rho, const neq_steady_info *info, double tol)
{
    CHECK(info->residual < tol);
    CHECK(info->trace_error < tol);
    CHECK(neq_mat_hermiticity_error(d, rho) < tol);
    CHECK(info->min_eigenvalue > -tol);
}

/* Random valid generators (random H, plain jumps and a non-diagonal
 * Kossakowski block): residual < 1e-12, trace 1, Hermitian, positive.
 * Rates O(1), so ||L|| = O(10) and 1e-12 is ~100 ulps of the problem. */
static void random_generators(void)
{
    rng_seed(2024);
    for (int trial = 0; trial < 60; trial++) {
        int d = 2 + trial % 5; /* 2..6 */
        neq_gksl *g = NULL;
        CHECK_RC(neq_gksl_alloc(d, &g), NEQ_OK);
        double complex H[36], A[3][36], G[9], W[9];
        rng_hermitian(d, H);
        CHECK_RC(neq_gksl_set_hamiltonian(g, H), NEQ_OK);
        for (int j = 0; j < 2; j++) {
            rng_cmatrix(d, A[0]);
            CHECK_RC(neq_gksl_add_jump(g, j, rng_range(0.01, 1), A[0]), NEQ_OK);
        }
        rng_cmatrix(3, W);
        neq_mat_mul_adj_left(3, W, W, G); /* Hermitian PSD, generic off-diagonal */
        for (int a = 0; a < 3; a++)
            rng_cmatrix(d, A[a]);
        const double complex *ops[3] = {A[0], A[1], A[2]};
        CHECK_RC(neq_gksl_add_kossakowski(g, 2, 3, ops, G), NEQ_OK);
        if (trial % 2) { /* a Hamiltonian term attributed to group 1 */
            double complex Hg[36];
            rng_hermitian(d, Hg);
            CHECK_RC(neq_gksl_add_group_hamiltonian(g, 1, Hg), NEQ_OK);
        }
        CHECK(neq_gksl_is_completely_positive(g) == 1);
        neq_liouvillian *L = NULL;
        CHECK_RC(neq_liouvillian_alloc(g, &L), NEQ_OK);
        double complex rho[36], Lrho[36];
        neq_steady_info info;
        CHECK_RC(neq_steady_state(L, NULL, NULL, rho, &info), NEQ_OK);
        check_state(d, rho, &info, 1e-12);
        CHECK(info.null_dim == 1);
        /* independent residual through the operator form of the generator */
        CHECK_RC(neq_gksl_apply(g, -1, rho, Lrho), NEQ_OK);
        CHECK(neq_mat_norm_fro(d, Lrho) < 1e-12);
        /* heat currents sum: sum_g J_g = Tr{H L(rho)} - Tr{H(-i[H,rho])} = 0 */
        double J[3];
        CHECK_RC(neq_heat_currents(L, rho, J), NEQ_OK);
        CHECK_CLOSE(J[0] + J[1] + J[2], 0.0, 1e-12);
        /* the complex superoperator reproduces L(rho) */
        int n = d * d;
        double complex *S = malloc(sizeof *S * (size_t)n * n);
        CHECK_RC(neq_liouvillian_matrix(L, S), NEQ_OK);
        double complex X[36], SX[36];
        rng_cmatrix(d, X);
        for (int i = 0; i < n; i++) {
            SX[i] = 0;
            for (int k = 0; k < n; k++)
                SX[i] += S[i + (size_t)k * n] * X[k];
        }
        CHECK_RC(neq_gksl_apply(g, -1, X, Lrho), NEQ_OK);
        CHECK(check_maxdiff(d, SX, Lrho) < 1e-12);
        /* steady_state_from agrees when unique */
        double complex rho0[36], rho2[36];
        rng_state_full(d, rho0);
        CHECK_RC(neq_steady_state_from(L, rho0, NULL, NULL, rho2, &info), NEQ_OK);
        CHECK(check_maxdiff(d, rho, rho2) < 1e-11);
        free(S);
        neq_liouvillian_free(L);
        neq_gksl_free(g);
    }
}

/* Two identical qubits, collective decay L = s1- + s2- at T = 0, H = w/2
 * (sz1 + sz2).  The singlet |A> = (|10> - |01>)/sqrt2 is dark: kernel of
 * dimension 2 (|00><00| and |A><A|).  From |A> the state stays |A>; from
 * |11> (triplet) it reaches |00>; from |10> = (|S> + |A>)/sqrt2 it reaches
 * (|00><00| + |A><A|)/2: weights are the conserved <A|rho0|A>. */
static void dark_state(void)
{
    neq_gksl *g = NULL;
    CHECK_RC(neq_gksl_alloc(4, &g), NEQ_OK);
    double complex H[16] = {0}, A1[16], A2[16], Lc[16];
    NEQ_AT(H, 4, 0, 0) = -1;
    NEQ_AT(H, 4, 3, 3) = 1;
    CHECK_RC(neq_gksl_set_hamiltonian(g, H), NEQ_OK);
    lower(0, A1);
    lower(1, A2);
    for (int k = 0; k < 16; k++)
        Lc[k] = A1[k] + A2[k];
    CHECK_RC(neq_gksl_add_jump(g, 0, 0.5, Lc), NEQ_OK);
    neq_liouvillian *L = NULL;
    CHECK_RC(neq_liouvillian_alloc(g, &L), NEQ_OK);
    double complex rho[16], rho0[16];
    neq_steady_info info;
    CHECK_RC(neq_steady_state(L, NULL, NULL, rho, &info), NEQ_ENONUNIQUE);
    CHECK(info.null_dim == 2);
    const double s = sqrt(0.5);
    double complex Apsi[4] = {0, -s, s, 0};
    /* from the singlet */
    for (int j = 0; j < 4; j++)
        for (int i = 0; i < 4; i++)
            NEQ_AT(rho0, 4, i, j) = Apsi[i] * conj(Apsi[j]);
    CHECK_RC(neq_steady_state_from(L, rho0, NULL, NULL, rho, &info), NEQ_OK);
    CHECK(info.null_dim == 2);
    CHECK(check_maxdiff(4, rho, rho0) < 1e-12);
    /* from |11> */
    memset(rho0, 0, sizeof rho0);
    NEQ_AT(rho0, 4, 3, 3) = 1;
    CHECK_RC(neq_steady_state_from(L, rho0, NULL, NULL, rho, &info), NEQ_OK);
    CHECK_CLOSE(creal(NEQ_AT(rho, 4, 0, 0)), 1.0, 1e-12);
    /* from |10> */
    memset(rho0, 0, sizeof rho0);
    NEQ_AT(rho0, 4, 2, 2) = 1;
    CHECK_RC(neq_steady_state_from(L, rho0, NULL, NULL, rho, &info), NEQ_OK);
    double complex ref[16];
    for (int j = 0; j < 4; j++)
        for (int i = 0; i < 4; i++)
            NEQ_AT(ref, 4, i, j) = 0.5 * Apsi[i] * conj(Apsi[j]);
    NEQ_AT(ref, 4, 0, 0) += 0.5;
    CHECK(check_maxdiff(4, rho, ref) < 1e-12);
    check_state(4, rho, &info, 1e-12);
    neq_liouvillian_free(L);
    neq_gksl_free(g);
}

/* An indefinite (Redfield-like) Kossakowski matrix: the generator is
 * marked not completely positive, and its superoperator still equals the
 * operator form applied term by term (1e-12). */
static void indefinite_terms(void)
{
    rng_seed(77);
    const int d = 4;
    neq_gksl *g = NULL;
    CHECK_RC(neq_gksl_alloc(d, &g), NEQ_OK);
    double complex H[16], A[2][16], G[4] = {1.0, 0.9, 0.9, 0.2}; /* eigenvalues 1.5, -0.3 */
    rng_hermitian(d, H);
    CHECK_RC(neq_gksl_set_hamiltonian(g, H), NEQ_OK);
    rng_cmatrix(d, A[0]);
    rng_cmatrix(d, A[1]);
    const double complex *ops[2] = {A[0], A[1]};
    CHECK_RC(neq_gksl_add_kossakowski(g, 0, 2, ops, G), NEQ_ENEGRATE);
    CHECK_RC(neq_gksl_add_kossakowski_indefinite(g, 0, 2, ops, G), NEQ_OK);
    CHECK(neq_gksl_is_completely_positive(g) == 0);
    neq_liouvillian *L = NULL;
    CHECK_RC(neq_liouvillian_alloc(g, &L), NEQ_OK);
    double complex S[256], X[16], SX[16], ref[16], t1[16], t2[16], t3[16];
    CHECK_RC(neq_liouvillian_matrix(L, S), NEQ_OK);
    rng_cmatrix(d, X);
    for (int i = 0; i < 16; i++) {
        SX[i] = 0;
        for (int k = 0; k < 16; k++)
            SX[i] += S[i + 16 * k] * X[k];
    }
    /* reference written directly from the definition, sum_ab G_ab (A_b X A_a^+
     * - 1/2 {A_a^+ A_b, X}) - i[H, X] */
    neq_mat_mul(d, H, X, t1);
    neq_mat_mul(d, X, H, t2);
    for (int p = 0; p < 16; p++)
        ref[p] = -I * (t1[p] - t2[p]);
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++) {
            double complex gab = G[a + 2 * b], Ad[16];
            neq_mat_adjoint(d, A[a], Ad);
            neq_mat_mul(d, A[b], X, t1);
            neq_mat_mul(d, t1, Ad, t2); /* A_b X A_a^+ */
            neq_mat_mul(d, Ad, A[b], t3); /* A_a^+ A_b */
            neq_mat_mul(d, t3, X, t1);
            for (int p = 0; p < 16; p++)
                ref[p] += gab * (t2[p] - 0.5 * t1[p]);
            neq_mat_mul(d, X, t3, t1);
            for (int p = 0; p < 16; p++)
                ref[p] -= gab * 0.5 * t1[p];
        }
    CHECK(check_maxdiff(d, SX, ref) < 1e-12);
    CHECK_RC(neq_gksl_apply(g, -1, X, t1), NEQ_OK);
    CHECK(check_maxdiff(d, t1, ref) < 1e-12);
    neq_liouvillian_free(L);
    neq_gksl_free(g);
}

static void bad_input(void)
{
    neq_gksl *g = NULL;
    CHECK_RC(neq_gksl_alloc(0, &g), NEQ_EDIM);
    CHECK_RC(neq_gksl_alloc(4097, &g), NEQ_EDIM); /* beyond twelve qubits */
    /* a generator of 65 levels is fine, its dense Liouvillian (d^4 doubles) is not */
    CHECK_RC(neq_gksl_alloc(65, &g), NEQ_OK);
    neq_liouvillian *L = NULL;
    CHECK_RC(neq_liouvillian_alloc(g, &L), NEQ_EDIM);
    CHECK(strstr(neq_errdetail(), "sparse") != NULL);
    neq_gksl_free(g);
    CHECK_RC(neq_gksl_alloc(2, &g), NEQ_OK);
    double complex H[4] = {1, 0.5, 0.2, -1}; /* H_10 = 0.5, H_01 = 0.2: not Hermitian */
    CHECK_RC(neq_gksl_set_hamiltonian(g, H), NEQ_EHERMITIAN);
    CHECK(strstr(neq_errdetail(), "Hamiltonian") != NULL);
    double complex Lop[4] = {0, 0, 1, 0};
    CHECK_RC(neq_gksl_add_jump(g, 0, -0.5, Lop), NEQ_ENEGRATE);
    CHECK(strstr(neq_errdetail(), "-0.5") != NULL);
    CHECK_RC(neq_gksl_add_jump(g, 0, NAN, Lop), NEQ_ENAN);
    Lop[1] = NAN;
    CHECK_RC(neq_gksl_add_jump(g, 0, 1.0, Lop), NEQ_ENAN);
    H[1] = NAN;
    CHECK_RC(neq_gksl_set_hamiltonian(g, H), NEQ_ENAN);
    double complex G[4] = {1, 0, 0, -1}; /* not positive semidefinite */
    double complex A0[4] = {0, 0, 1, 0}, A1[4] = {0, 1, 0, 0};
    const double complex *ops[2] = {A0, A1};
    CHECK_RC(neq_gksl_add_kossakowski(g, 0, 2, ops, G), NEQ_ENEGRATE);
    double complex Gn[4] = {1, 0.3, 0.1, 1}; /* not Hermitian */
    CHECK_RC(neq_gksl_add_kossakowski(g, 0, 2, ops, Gn), NEQ_EHERMITIAN);
    CHECK_RC(neq_gksl_add_jump(g, -1, 1.0, A0), NEQ_EINVAL);
    double T[2] = {1, -1}, J[2] = {0.1, -0.1}, sig;
    CHECK_RC(neq_entropy_production(2, J, T, &sig), NEQ_EDOMAIN);
    T[1] = 0; /* heat into a bath at T = 0: the entropy production diverges */
    CHECK_RC(neq_entropy_production(2, J, T, &sig), NEQ_EDIVERGE);
    J[0] = J[1] = 0; /* no heat: finite (zero) even at T = 0 */
    CHECK_RC(neq_entropy_production(2, J, T, &sig), NEQ_OK);
    CHECK(sig == 0);
    /* Clausius, closed form: 0.1 from T = 2 into T = 1 gives 0.1 (1 - 1/2) */
    double Th[2] = {2, 1}, Jh[2] = {0.1, -0.1};
    CHECK_RC(neq_entropy_production(2, Jh, Th, &sig), NEQ_OK);
    CHECK_CLOSE(sig, 0.05, 1e-16);
    neq_gksl_free(g);
}

/* A random generator of dimension d with two groups (jumps with rates in
 * [0.01, 1]), as a Liouvillian plan. */
static neq_liouvillian *random_plan(int d)
{
    neq_gksl *g = rng_gksl(d);
    neq_liouvillian *L = NULL;
    CHECK(g != NULL);
    CHECK_RC(neq_liouvillian_alloc(g, &L), NEQ_OK);
    neq_gksl_free(g);
    return L;
}

/* bit for bit (the struct's padding aside) */
static int same_info(const neq_steady_info *a, const neq_steady_info *b)
{
    return memcmp(&a->residual, &b->residual, sizeof a->residual) == 0 &&
           memcmp(&a->trace_error, &b->trace_error, sizeof a->trace_error) == 0 &&
           memcmp(&a->min_eigenvalue, &b->min_eigenvalue, sizeof a->min_eigenvalue) == 0 &&
           a->null_dim == b->null_dim;
}

/* neq_steady_workspace: a workspace reused over plans of dimension 2..5
 * (allocated for the largest) gives results bit-identical (memcmp) to a
 * temporary one (ws = NULL), for both solvers and whatever was solved in it
 * before; one allocated for a smaller plan is refused (NEQ_EDIM) and leaves
 * rho untouched. */
static void workspaces(void)
{
    rng_seed(31);
    neq_liouvillian *L[4];
    for (int k = 0; k < 4; k++)
        L[k] = random_plan(2 + k);
    neq_steady_workspace *big = NULL, *small = NULL;
    CHECK_RC(neq_steady_workspace_alloc(L[3], &big), NEQ_OK);
    CHECK_RC(neq_steady_workspace_alloc(L[0], &small), NEQ_OK);
    for (int pass = 0; pass < 2; pass++)
        for (int k = 3; k >= 0; k--) { /* large then small: stale scratch in big */
            int d = 2 + k;
            double complex r1[25], r2[25], rho0[25], f1[25], f2[25];
            neq_steady_info i1, i2;
            CHECK_RC(neq_steady_state(L[k], NULL, NULL, r1, &i1), NEQ_OK);
            CHECK_RC(neq_steady_state(L[k], NULL, big, r2, &i2), NEQ_OK);
            CHECK(memcmp(r1, r2, sizeof *r1 * (size_t)d * d) == 0);
            CHECK(same_info(&i1, &i2));
            rng_state_full(d, rho0);
            CHECK_RC(neq_steady_state_from(L[k], rho0, NULL, NULL, f1, &i1), NEQ_OK);
            CHECK_RC(neq_steady_state_from(L[k], rho0, NULL, big, f2, &i2), NEQ_OK);
            CHECK(memcmp(f1, f2, sizeof *f1 * (size_t)d * d) == 0);
            CHECK(same_info(&i1, &i2));
            if (k > 0) {
                double complex keep[25];
                memcpy(keep, r2, sizeof keep);
                CHECK_RC(neq_steady_state(L[k], NULL, small, r2, NULL), NEQ_EDIM);
                CHECK_RC(neq_steady_state_from(L[k], rho0, NULL, small, r2, NULL), NEQ_EDIM);
                CHECK(memcmp(keep, r2, sizeof keep) == 0);
            }
        }
    neq_steady_workspace *ws = NULL;
    CHECK_RC(neq_steady_workspace_alloc(NULL, &ws), NEQ_EINVAL);
    CHECK_RC(neq_steady_workspace_alloc(L[0], NULL), NEQ_EINVAL);
    neq_steady_workspace_free(NULL);
    neq_steady_workspace_free(small);
    neq_steady_workspace_free(big);
    for (int k = 0; k < 4; k++)
        neq_liouvillian_free(L[k]);
}

int main(void)
{
    random_generators();
    dark_state();
    indefinite_terms();
    bad_input();
    workspaces();
    return check_report("master/steady");
}
