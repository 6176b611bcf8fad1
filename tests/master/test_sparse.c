/* The sparse steady-state solver (include/neqent/sparse.h) against the
 * dense one (master.h: the whole d^2 x d^2 Liouvillian, rank-revealing QR),
 * a second route through different code and different linear algebra:
 *   - random generators (dense H, dense jumps: one block, the whole space);
 *   - master equation (1) for N = 2..5 qubits above the paper's slab
 *     (excitation number conserved: the block is the k = 0 coherences, of
 *     C(2N, N) unknowns, counted here by the binomial coefficient);
 *   - the two-bath model's global, local and Redfield generators (the last
 *     with indefinite terms);
 * rho to 1e-10 (both solutions are accurate to ~1e-13 at these rates), the
 * full Liouvillian's residual (opt.verify) below 1e-12 (the blocks found
 * really do not couple to the rest), a temperature changed on the same plan
 * (the structure reused), a non-unique steady state (the paper's footnote:
 * a dark state) reported as such, a generator of another structure refused. */
#include "check.h"
#include "neqent/neqent.h"
#include "random.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static neq_material *sic;
static neq_body *slab;

static double maxdiff(int d, const double complex *a, const double complex *b)
{
    double m = 0;
    for (long p = 0; p < (long)d * d; p++)
        m = fmax(m, cabs(a[p] - b[p]));
    return m;
}

/* dense and sparse steady states of g agree; returns the sparse info */
static void compare(const neq_gksl *g, neq_sparse_plan *P, double tol, const char *what)
{
    int d = neq_gksl_dim(g);
    double complex *rd = malloc(sizeof *rd * (size_t)d * d), *rs = malloc(sizeof *rs * (size_t)d * d);
    neq_liouvillian *L = NULL;
    neq_steady_info id, is;
    CHECK_RC(neq_liouvillian_alloc(g, &L), NEQ_OK);
    CHECK_RC(neq_steady_state(L, NULL, NULL, rd, &id), NEQ_OK);
    neq_sparse_options opt = {1e-10, 1, NEQ_SPARSE_AUTO, 0};
    int rc = neq_sparse_steady(P, g, &opt, NULL, rs, &is);
    CHECK_RC(rc, NEQ_OK);
    double diff = maxdiff(d, rd, rs);
    CHECK(diff < tol);
    if (!(diff < tol) || rc)
        fprintf(stderr, "%s: sparse and dense steady states differ by %.3g (%s)\n", what, diff,
                neq_errdetail());
    CHECK(is.residual < 1e-12 && is.trace_error < 1e-12 && is.null_dim == 1);
    CHECK(is.min_eigenvalue > -1e-12);
    neq_liouvillian_free(L);
    free(rd);
    free(rs);
}

static void random_generators(void)
{
    rng_seed(77);
    for (int t = 0; t < 20; t++) {
        int d = 2 + t % 6;
        neq_gksl *g = rng_gksl(d);
        CHECK(g != NULL);
        neq_sparse_plan *P = NULL;
        CHECK_RC(neq_sparse_plan_alloc(g, &P), NEQ_OK);
        int nb = 0;
        long unk = 0;
        CHECK_RC(neq_sparse_plan_info(P, NULL, &nb, &unk, NULL), NEQ_OK);
        CHECK(nb == 1 && unk == (long)d * d); /* dense operators: one block, everything */
        compare(g, P, 1e-10, "random generator");
        neq_sparse_plan_free(P);
        neq_gksl_free(g);
    }
}

static long binomial(int n, int k)
{
    long c = 1;
    for (int i = 1; i <= k; i++)
        c = c * (n - k + i) / i;
    return c;
}

/* N qubits of master equation (1) at random positions 0.3..1.5 um above the
 * slab, z or x dipoles; a plan from one temperature, solves at three. */
static void qubit_arrays(void)
{
    rng_seed(5);
    for (int N = 2; N <= 5; N++) {
        neq_nb_geometry g;
        neq_nb_default_geometry(&g);
        g.nq = N;
        for (int q = 0; q < N; q++) {
            g.pos[q][0] = rng_range(0, 0.6e-6) + 0.3e-6 * q;
            g.pos[q][1] = rng_range(0, 0.3e-6);
            g.pos[q][2] = rng_range(0.3e-6, 1.5e-6);
            for (int i = 0; i < 3; i++)
                g.dip[q][i] = i == (q % 2 ? 0 : 2);
        }
        neq_nb_model *m = NULL;
        CHECK_RC(neq_nb_model_alloc(slab, &g, NULL, &m), NEQ_OK);
        neq_gksl *gen = NULL;
        CHECK_RC(neq_nb_generator(m, 30, 500, 0, &gen), NEQ_OK);
        neq_sparse_plan *P = NULL;
        CHECK_RC(neq_sparse_plan_alloc(gen, &P), NEQ_OK);
        int nb = 0;
        long unk = 0;
        CHECK_RC(neq_sparse_plan_info(P, NULL, &nb, &unk, NULL), NEQ_OK);
        CHECK(nb == 1 && unk == binomial(2 * N, N));
        neq_gksl_free(gen);
        const double TM[3] = {31, 500, 3000};
        for (int k = 0; k < 3; k++) {
            CHECK_RC(neq_nb_generator(m, 30, TM[k], 0, &gen), NEQ_OK);
            compare(gen, P, 1e-10, "qubit array");
            /* the three routes to one state: dense LU (the default here),
             * UMFPACK, GMRES with the Sylvester preconditioner */
            int d = 1 << N;
            double complex *ra = malloc(sizeof *ra * (size_t)d * d),
                           *rb = malloc(sizeof *rb * (size_t)d * d),
                           *rc = malloc(sizeof *rc * (size_t)d * d);
            neq_sparse_options it = {1e-10, 0, NEQ_SPARSE_ITERATIVE, 0},
                               lu = {1e-10, 0, NEQ_SPARSE_DIRECT, 0};
            neq_steady_info ia, ib, ic;
            CHECK_RC(neq_sparse_steady(P, gen, NULL, NULL, ra, &ia), NEQ_OK);
            CHECK_RC(neq_sparse_steady(P, gen, &it, NULL, rb, &ib), NEQ_OK);
            CHECK_RC(neq_sparse_steady(P, gen, &lu, NULL, rc, &ic), NEQ_OK);
            CHECK(maxdiff(d, ra, rb) < 1e-10 && maxdiff(d, ra, rc) < 1e-10);
            CHECK(ia.residual < 1e-12 && ib.residual < 1e-12 && ic.residual < 1e-12);
            /* the gap by SLEPc (matrix-free, shift and invert) against the
             * whole spectrum (dense zgeev): 1e-8 relative, the dense
             * eigenvalues' accuracy eps ||L|| / gap with Lambda ~ 1e4 Gamma */
            if (k == 1) {
                double g1, g2;
                neq_gap_info gi;
                CHECK_RC(neq_sparse_gap(gen, ra, 1e-10, &g1, &gi), NEQ_OK);
                CHECK_RC(neq_gksl_gap(gen, &g2), NEQ_OK);
                CHECK(fabs(g1 - g2) < 1e-8 * g2 && gi.residual < 1e-9);
            }
            free(ra);
            free(rb);
            free(rc);
            neq_gksl_free(gen);
        }
        neq_sparse_plan_free(P);
        neq_nb_model_free(m);
    }
}

/* The gap's corner cases: a second steady state leaves a 0 (Dicke's
 * three qubits at 1 K, rho_ss the ground state: gap 0); a tolerance out of
 * range is refused. */
static void gap_cases(void)
{
    double complex aW[9], aM[9] = {0}, lam[9] = {0};
    for (int k = 0; k < 9; k++)
        aW[k] = 1;
    neq_nb_model *m = NULL;
    CHECK_RC(neq_nb_model_from_alpha(0.3 * 1.495e14, 3, aW, aM, lam, &m), NEQ_OK);
    neq_gksl *g = NULL;
    CHECK_RC(neq_nb_generator(m, 1, 1, 0, &g), NEQ_OK);
    double complex rho[64] = {1};
    double gap = -1;
    CHECK_RC(neq_sparse_gap(g, rho, 1e-10, &gap, NULL), NEQ_OK);
    CHECK(gap >= 0 && gap < 1e-10);
    CHECK_RC(neq_sparse_gap(g, rho, 0, &gap, NULL), NEQ_EDOMAIN);
    CHECK_RC(neq_sparse_gap(g, rho, NAN, &gap, NULL), NEQ_EDOMAIN);
    neq_gksl_free(g);
    neq_nb_model_free(m);
}

static void baths(void)
{
    const neq_me_kind me[3] = {NEQ_ME_GLOBAL, NEQ_ME_LOCAL, NEQ_ME_REDFIELD};
    for (int k = 0; k < 3; k++) {
        neq_baths_params p;
        neq_baths_default(&p);
        p.me = me[k];
        p.eps2 = 0.9;
        neq_gksl *g = NULL;
        CHECK_RC(neq_baths_generator(&p, &g), NEQ_OK);
        neq_sparse_plan *P = NULL;
        CHECK_RC(neq_sparse_plan_alloc(g, &P), NEQ_OK);
        /* the Redfield state is not positive here: compare without that check */
        if (me[k] != NEQ_ME_REDFIELD)
            compare(g, P, 1e-10, "two baths");
        neq_sparse_plan_free(P);
        neq_gksl_free(g);
    }
}

/* The paper's footnote: identical rates Gamma_11 = Gamma_12 leave the
 * antisymmetric state dark: two steady states (dense: kernel dimension 2). */
static void dark_state(void)
{
    double complex aW[4] = {1, 1, 1, 1}, aM[4] = {0}, lam[4] = {0};
    neq_nb_model *m = NULL;
    CHECK_RC(neq_nb_model_from_alpha(0.3 * 1.495e14, 2, aW, aM, lam, &m), NEQ_OK);
    neq_gksl *g = NULL;
    CHECK_RC(neq_nb_generator(m, 300, 300, 0, &g), NEQ_OK);
    neq_sparse_plan *P = NULL;
    CHECK_RC(neq_sparse_plan_alloc(g, &P), NEQ_OK);
    double complex rho[16];
    neq_steady_info info;
    CHECK_RC(neq_sparse_steady(P, g, NULL, NULL, rho, &info), NEQ_ENONUNIQUE);
    CHECK(info.null_dim >= 2);
    neq_sparse_plan_free(P);
    neq_gksl_free(g);
    neq_nb_model_free(m);
}

/* Identical collective rates for N qubits (Dicke's superradiance, with
 * thermal absorption): the jumps act only on the total angular momentum J,
 * so every J irrep of multiplicity d_J carries the steady states
 * rho_J (x) X, X any d_J x d_J matrix.  The kernel's dimension is
 * sum_J d_J^2 = the Catalan number C_N: 2, 5, 14, 42 for N = 2..5.
 * Both LU routes (dense and UMFPACK) must count it from their pivots. */
static void dicke(void)
{
    const int catalan[6] = {1, 1, 2, 5, 14, 42};
    for (int N = 2; N <= 5; N++) {
        double complex aW[25], aM[25] = {0}, lam[25] = {0};
        for (int k = 0; k < N * N; k++)
            aW[k] = 1;
        neq_nb_model *m = NULL;
        CHECK_RC(neq_nb_model_from_alpha(0.3 * 1.495e14, N, aW, aM, lam, &m), NEQ_OK);
        neq_gksl *g = NULL;
        CHECK_RC(neq_nb_generator(m, 300, 300, 0, &g), NEQ_OK);
        neq_sparse_plan *P = NULL;
        CHECK_RC(neq_sparse_plan_alloc(g, &P), NEQ_OK);
        int d = 1 << N;
        double complex *rho = malloc(sizeof *rho * (size_t)d * d);
        for (int method = NEQ_SPARSE_AUTO; method <= NEQ_SPARSE_DIRECT; method++) {
            neq_sparse_options o = {1e-10, 0, method, 0};
            neq_steady_info info;
            CHECK_RC(neq_sparse_steady(P, g, &o, NULL, rho, &info), NEQ_ENONUNIQUE);
            CHECK(info.null_dim == catalan[N]);
        }
        free(rho);
        neq_sparse_plan_free(P);
        neq_gksl_free(g);
        neq_nb_model_free(m);
    }
}

/* a generator with an entry where the plan's had none */
static void other_structure(void)
{
    neq_gksl *a = NULL, *b = NULL;
    double complex H[4] = {1, 0, 0, -1}, Lm[4] = {0, 0, 1, 0}, X[4] = {0, 1, 1, 0};
    CHECK_RC(neq_gksl_alloc(2, &a), NEQ_OK);
    CHECK_RC(neq_gksl_set_hamiltonian(a, H), NEQ_OK);
    CHECK_RC(neq_gksl_add_jump(a, 0, 1, Lm), NEQ_OK);
    CHECK_RC(neq_gksl_alloc(2, &b), NEQ_OK);
    CHECK_RC(neq_gksl_set_hamiltonian(b, H), NEQ_OK);
    CHECK_RC(neq_gksl_add_jump(b, 0, 1, Lm), NEQ_OK);
    CHECK_RC(neq_gksl_add_jump(b, 0, 1, X), NEQ_OK);
    neq_sparse_plan *P = NULL;
    CHECK_RC(neq_sparse_plan_alloc(a, &P), NEQ_OK);
    double complex rho[4];
    CHECK_RC(neq_sparse_steady(P, b, NULL, NULL, rho, NULL), NEQ_EINVAL);
    /* a: the decaying qubit's ground state, exactly */
    CHECK_RC(neq_sparse_steady(P, a, NULL, NULL, rho, NULL), NEQ_OK);
    CHECK(cabs(rho[0] - 1) < 1e-15 && cabs(rho[3]) < 1e-15);
    neq_sparse_plan_free(P);
    neq_gksl_free(a);
    neq_gksl_free(b);
}

int main(void)
{
    neq_material_sic(&sic);
    neq_body_slab(sic, 0.01e-6, &slab);
    random_generators();
    qubit_arrays();
    baths();
    dark_state();
    dicke();
    gap_cases();
    other_structure();
    neq_body_free(slab);
    neq_material_free(sic);
    return check_report("master/sparse");
}
