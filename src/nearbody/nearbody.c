/* Identical qubits near a body out of thermal equilibrium
 * (include/neqent/nearbody.h; Bellomo & Antezza 2013). */
#include "neqent/nearbody.h"
#include "../core/internal.h"
#include "neqent/linalg.h"
#include "neqent/qinfo.h"
#include "neqent/sparse.h"
#include "neqent/thermal.h"

#include <math.h>
#include <omp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NQ NEQ_NB_MAX_QUBITS

struct neq_nb_model {
    neq_nb_geometry g;
    double complex aW[NQ][NQ], aM[NQ][NQ], lam[NQ][NQ]; /* projected, units of Gamma_0 */
    /* temperature-independent parts, prepared once (shifts off): the
     * eigenbasis V of H with its eigenvalues, and per field f the
     * eigenvalues w of alpha_f with the jump operators, in that basis,
     * of emission L = sum_b conj(U_bk) s_b^- and absorption sum_b U_bk s_b^+ */
    double complex *V;      /* d x d */
    double *wH;             /* d */
    double wf[2][NQ];
    int nk[2];
    double complex *Le[2][NQ], *La[2][NQ];
    double complex *store;
    /* from three qubits on: the sparse solver's plan, built from the
     * generator's structure (with the shifts: it covers both) */
    neq_sparse_plan *sp;
};

void neq_nb_default_geometry(neq_nb_geometry *g)
{
    memset(g, 0, sizeof *g);
    g->omega = NEQ_NB_FIG4_OMEGA;
    g->nq = 2;
    g->pos[0][2] = NEQ_NB_FIG4_Z;
    g->pos[1][0] = NEQ_NB_FIG4_R12;
    g->pos[1][2] = NEQ_NB_FIG4_Z;
    g->dip[0][2] = g->dip[1][2] = 1;
}

int neq_nb_array(int kind, int nq, double spacing, double z, neq_nb_geometry *g)
{
    neq_clear_error();
    if (!g)
        return neq_fail(NEQ_EINVAL, "neq_nb_array: NULL geometry");
    if (nq < 1 || nq > NQ)
        return neq_fail(NEQ_EDIM, "number of qubits %d outside 1..%d", nq, NQ);
    if (isnan(spacing) || isnan(z))
        return neq_fail(NEQ_ENAN, "array spacing or height is NaN");
    if (!(spacing > 0) || isinf(spacing) || !(z > 0) || isinf(z))
        return neq_fail(NEQ_EDOMAIN, "array spacing %g m and height %g m must be finite and > 0",
                        spacing, z);
    int side = (int)lround(sqrt(nq));
    if (kind == NEQ_NB_SQUARE && side * side != nq)
        return neq_fail(NEQ_EDIM, "a square lattice of %d qubits: %d is not a square", nq, nq);
    if (kind != NEQ_NB_CHAIN && kind != NEQ_NB_RING && kind != NEQ_NB_SQUARE)
        return neq_fail(NEQ_EINVAL, "unknown array kind %d", kind);
    double omega = NEQ_NB_FIG4_OMEGA;
    memset(g, 0, sizeof *g);
    g->omega = omega;
    g->nq = nq;
    /* a ring of side s has circumradius s / (2 sin(pi / n)) */
    double R = nq > 1 ? spacing / (2 * sin(NEQ_PI / nq)) : 0;
    for (int q = 0; q < nq; q++) {
        if (kind == NEQ_NB_CHAIN) {
            g->pos[q][0] = spacing * q;
        } else if (kind == NEQ_NB_RING) {
            g->pos[q][0] = R * cos(2 * NEQ_PI * q / nq);
            g->pos[q][1] = R * sin(2 * NEQ_PI * q / nq);
        } else {
            g->pos[q][0] = spacing * (q % side);
            g->pos[q][1] = spacing * (q / side);
        }
        g->pos[q][2] = z;
        g->dip[q][2] = 1;
    }
    return NEQ_OK;
}

int neq_nb_cost(int nq, double *bytes, double *seconds)
{
    neq_clear_error();
    if (nq < 1 || nq > NQ || !bytes || !seconds)
        return neq_fail(NEQ_EINVAL, "neq_nb_cost: number of qubits %d outside 1..%d", nq, NQ);
    /* measured on the chain, model and steady state (bench/,
     * docs/benchmarks.md): LU up to six qubits, GMRES beyond */
    static const double B[13] = {0,     1e6,   1e6,   1e6,   2e6,   4e6,  45e6,
                                 60e6,  120e6, 420e6, 1.5e9, 5.5e9, 22e9};
    static const double S[13] = {0,    1e-3, 1e-3, 2e-3, 5e-3, 1e-2, 0.07,
                                 0.35, 0.55, 1.6,  6,    37,   250};
    *bytes = B[nq];
    *seconds = S[nq];
    return NEQ_OK;
}

int neq_nb_gap_cost(int nq, double *bytes, double *seconds)
{
    neq_clear_error();
    if (nq < 1 || nq > NQ || !bytes || !seconds)
        return neq_fail(NEQ_EINVAL, "neq_nb_gap_cost: number of qubits %d outside 1..%d", nq, NQ);
    /* measured on the chain (docs/benchmarks.md): the dense
     * spectrum up to six qubits, SLEPc beyond: 60 s and 75 MB at seven,
     * 860 s and 220 MB at eight; nine and ten extrapolated (an application
     * of L costs ~6x more per qubit, and more of them are needed) */
    static const double B[13] = {0,     1e6,   1e6,   1e6,   4e6,    30e6, 430e6,
                                 75e6,  220e6, 0.9e9, 3.6e9, 14e9, 56e9};
    static const double S[13] = {0, 1e-3, 1e-3, 2e-3, 5e-3, 0.1, 2, 60, 860, 8e3, 7e4, 6e5, 5e6};
    *bytes = B[nq];
    *seconds = S[nq];
    return NEQ_OK;
}

static int check_geometry(const neq_body *b, const neq_nb_geometry *g, double complex u[NQ][3])
{
    if (isnan(g->omega))
        return neq_fail(NEQ_ENAN, "omega is NaN");
    if (!(g->omega > 0) || isinf(g->omega))
        return neq_fail(NEQ_EDOMAIN, "omega = %g rad/s must be finite and > 0", g->omega);
    if (g->nq < 1 || g->nq > NQ)
        return neq_fail(NEQ_EDIM, "number of qubits %d outside 1..%d", g->nq, NQ);
    for (int q = 0; q < g->nq; q++) {
        for (int i = 0; i < 3; i++)
            if (isnan(g->pos[q][i]) || !isfinite(creal(g->dip[q][i])) ||
                !isfinite(cimag(g->dip[q][i])))
                return neq_fail(NEQ_ENAN, "qubit %d: NaN or infinite position or dipole", q + 1);
        if (isinf(g->pos[q][0]) || isinf(g->pos[q][1]) || isinf(g->pos[q][2]))
            return neq_fail(NEQ_EDOMAIN, "qubit %d: infinite position", q + 1);
        if (b && neq_body_outside(b, g->pos[q]) != NEQ_OK) {
            char why[256];
            snprintf(why, sizeof why, "%s", neq_errdetail());
            return neq_fail(NEQ_EDOMAIN, "qubit %d: %s", q + 1, why);
        }
        double n = 0;
        for (int i = 0; i < 3; i++)
            n += creal(g->dip[q][i] * conj(g->dip[q][i]));
        if (!(n > 0))
            return neq_fail(NEQ_EDOMAIN, "qubit %d: the dipole is the zero vector", q + 1);
        for (int i = 0; i < 3; i++)
            u[q][i] = g->dip[q][i] / sqrt(n);
        for (int p = 0; p < q; p++)
            if (g->pos[p][0] == g->pos[q][0] && g->pos[p][1] == g->pos[q][1] &&
                g->pos[p][2] == g->pos[q][2])
                return neq_fail(NEQ_EDOMAIN, "qubits %d and %d coincide at (%g, %g, %g) m%s", p + 1,
                                q + 1, g->pos[q][0], g->pos[q][1], g->pos[q][2],
                                g->nq == 2 ? " (r12 = 0 with z1 = z2)" : "");
    }
    return NEQ_OK;
}

static int prepare(neq_nb_model *m);

int neq_nb_model_alloc(const neq_body *b, const neq_nb_geometry *g, const neq_em_options *opt,
                       neq_nb_model **out)
{
    neq_clear_error();
    if (!b || !g || !out)
        return neq_fail(NEQ_EINVAL, "neq_nb_model_alloc: NULL argument");
    *out = NULL;
    double complex u[NQ][3];
    NEQ_TRY(check_geometry(b, g, u));
    neq_nb_model *m = calloc(1, sizeof *m);
    if (!m)
        return neq_fail(NEQ_ENOMEM, "no memory for the model");
    m->g = *g;
    int n = g->nq, rc = NEQ_OK;
    int have_self[NQ] = {0};
    neq_em_tensors t;
    neq_em_workspace *ws = NULL; /* one for all pairs: they share the body's poles */
    rc = neq_em_workspace_alloc(&ws);
    /* every pair (one qubit: itself), tensors in the global axes */
    for (int q = 0; rc == 0 && q < n; q++)
        for (int p = (n == 1 ? q : q + 1); rc == 0 && p < n; p++) {
            rc = neq_em_tensors_at(b, g->omega, g->pos[q], g->pos[p], opt, ws, &t);
            if (rc)
                break;
            const int idx[2] = {q, p};
            for (int a = 0; a < 2; a++)
                for (int c = 0; c < 2; c++) {
                    int qa = idx[a], qc = idx[c];
                    if (a == c ? have_self[qa] : qa == qc)
                        continue;
                    double complex G[3][3];
                    for (int i = 0; i < 3; i++)
                        for (int k = 0; k < 3; k++)
                            /* eq. (7): Re g elementwise; the vacuum self part is
                             * the Lamb shift, already in omega */
                            G[i][k] = creal(t.g_R[a][c][i][k]) +
                                      (a == c ? 0.0 : creal(t.g_0[a][c][i][k]));
                    m->aW[qa][qc] =
                        neq_em_project(u[qa], u[qc], (const double complex(*)[3])t.alpha_W[a][c]);
                    m->aM[qa][qc] =
                        neq_em_project(u[qa], u[qc], (const double complex(*)[3])t.alpha_M[a][c]);
                    m->lam[qa][qc] = -0.5 * neq_em_project(u[qa], u[qc], (const double complex(*)[3])G);
                    if (a == c)
                        have_self[qa] = 1;
                }
        }
    neq_em_workspace_free(ws);
    if (rc == 0)
        rc = prepare(m);
    if (rc) {
        neq_nb_model_free(m);
        return rc;
    }
    *out = m;
    return NEQ_OK;
}

int neq_nb_model_from_alpha(double omega, int nq, const double complex *alpha_W,
                            const double complex *alpha_M, const double complex *lambda,
                            neq_nb_model **out)
{
    neq_clear_error();
    if (!alpha_W || !alpha_M || !lambda || !out)
        return neq_fail(NEQ_EINVAL, "neq_nb_model_from_alpha: NULL argument");
    *out = NULL;
    if (nq < 1 || nq > NQ)
        return neq_fail(NEQ_EDIM, "number of qubits %d outside 1..%d", nq, NQ);
    if (isnan(omega) || !(omega > 0) || isinf(omega))
        return neq_fail(NEQ_EDOMAIN, "omega = %g rad/s must be finite and > 0", omega);
    double complex A[NQ * NQ];
    const double complex *mats[3] = {alpha_W, alpha_M, lambda};
    const char *names[3] = {"alpha_W", "alpha_M", "lambda"};
    for (int k = 0; k < 3; k++) {
        for (int q = 0; q < nq; q++)
            for (int p = 0; p < nq; p++)
                NEQ_AT(A, nq, q, p) = NEQ_AT(mats[k], nq, q, p);
        NEQ_TRY(neq_check_hermitian(nq, A, 1e-12, names[k]));
    }
    neq_nb_model *m = calloc(1, sizeof *m);
    if (!m)
        return neq_fail(NEQ_ENOMEM, "no memory for the model");
    m->g.omega = omega;
    m->g.nq = nq;
    for (int q = 0; q < nq; q++)
        for (int p = 0; p < nq; p++) {
            m->aW[q][p] = NEQ_AT(alpha_W, nq, q, p);
            m->aM[q][p] = NEQ_AT(alpha_M, nq, q, p);
            m->lam[q][p] = NEQ_AT(lambda, nq, q, p);
        }
    int rc = prepare(m);
    if (rc) {
        neq_nb_model_free(m);
        return rc;
    }
    *out = m;
    return NEQ_OK;
}

void neq_nb_model_free(neq_nb_model *m)
{
    if (!m)
        return;
    free(m->store);
    free(m->wH);
    neq_sparse_plan_free(m->sp);
    free(m);
}
int neq_nb_nq(const neq_nb_model *m) { return m ? m->g.nq : 0; }

int neq_nb_alpha(const neq_nb_model *m, double complex *alpha_W, double complex *alpha_M,
                 double complex *lambda)
{
    neq_clear_error();
    if (!m)
        return neq_fail(NEQ_EINVAL, "model is NULL");
    int n = m->g.nq;
    for (int q = 0; q < n; q++)
        for (int p = 0; p < n; p++) {
            if (alpha_W)
                NEQ_AT(alpha_W, n, q, p) = m->aW[q][p];
            if (alpha_M)
                NEQ_AT(alpha_M, n, q, p) = m->aM[q][p];
            if (lambda)
                NEQ_AT(lambda, n, q, p) = m->lam[q][p];
        }
    return NEQ_OK;
}

/* The electromagnetic functions come from quadratures accurate to ~1e-9
 * relative: their rate matrices are positive semidefinite to that
 * accuracy only (neq_kossakowski_diag's tolerance). */
#define NB_NEG_TOL 1e-9

static int occupations(double omega, double T_W, double T_M, double *nW, double *nM)
{
    if (isnan(T_W) || isnan(T_M))
        return neq_fail(NEQ_ENAN, "temperature is NaN");
    if (!(T_W > 0) || !(T_M > 0) || isinf(T_W) || isinf(T_M))
        return neq_fail(NEQ_EDOMAIN, "temperatures T_W = %g K, T_M = %g K must be finite and > 0",
                        T_W, T_M);
    double x = NEQ_HBAR * omega / NEQ_KB;
    NEQ_TRY(neq_bose_einstein(x, T_W, nW));
    return neq_bose_einstein(x, T_M, nM);
}

/* sigma_q^- on nq qubits (qubit 0 the leftmost factor) */
static void lowering(int nq, int q, double complex *A)
{
    int d = 1 << nq, bit = 1 << (nq - 1 - q);
    memset(A, 0, sizeof *A * (size_t)d * d);
    for (int s = 0; s < d; s++)
        if (s & bit)
            NEQ_AT(A, d, s ^ bit, s) = 1;
}

/* Adds the Kossakowski term sum_ab G_ab (A_b rho A_a^+ - ...) as jump
 * operators L_k = sqrt(w_k) sum_b conj(U_bk) A_b from one eigendecomposition
 * G = U diag(w) U^+.  A rate matrix from a quadrature is positive
 * semidefinite only to its accuracy: eigenvalues down to -1e-9 of the
 * largest are taken as 0. */
/* H = sum_{q != q'} Lambda^{qq'} s_q^+ s_q'^- (+ the shifts), computational
 * basis, rotating frame */
static void build_H(const neq_nb_model *m, int shifts, double complex *H)
{
    int n = m->g.nq, d = 1 << n;
    memset(H, 0, sizeof *H * (size_t)d * d);
    for (int q = 0; q < n; q++)
        for (int p = 0; p < n; p++) {
            if (q == p && !shifts)
                continue;
            int bq = 1 << (n - 1 - q), bp = 1 << (n - 1 - p);
            /* s_q^+ s_p^- |s> : p excited -> lower p, then raise q */
            for (int st = 0; st < d; st++) {
                if (!(st & bp))
                    continue;
                int t = st ^ bp;
                if (t & bq)
                    continue;
                NEQ_AT(H, d, t | bq, st) += m->lam[q][p];
            }
        }
}

static int build_generator(const neq_nb_model *m, double T_W, double T_M, int shifts,
                           const double complex *V, neq_gksl **out);

/* The temperature-independent parts of the generator (struct comment):
 * the dense eigenbasis path of one and two qubits, or from three on the
 * sparse solver's plan. */
static int prepare(neq_nb_model *m)
{
    int n = m->g.nq, d = 1 << n;
    if (n >= 3) {
        neq_gksl *g = NULL;
        NEQ_TRY(build_generator(m, 300, 300, 1, NULL, &g));
        int rc = neq_sparse_plan_alloc(g, &m->sp);
        neq_gksl_free(g);
        return rc;
    }
    size_t dd = (size_t)d * d;
    m->store = malloc(sizeof *m->store * dd * (size_t)(1 + 4 * n + 4));
    m->wH = malloc(sizeof *m->wH * (size_t)d);
    if (!m->store || !m->wH)
        return neq_fail(NEQ_ENOMEM, "no memory for the model");
    m->V = m->store;
    double complex *ops = m->store + dd, *tmp = ops + 4 * n * dd, *t2 = tmp + dd,
                   *lo = t2 + dd, *hi = lo + dd;
    build_H(m, 0, tmp);
    NEQ_TRY(neq_herm_eig(d, tmp, m->wH, m->V));
    for (int f = 0; f < 2; f++) {
        double complex A[NQ * NQ], U[NQ * NQ];
        for (int q = 0; q < n; q++)
            for (int p = 0; p < n; p++)
                NEQ_AT(A, n, q, p) = f == 0 ? m->aW[q][p] : m->aM[q][p];
        neq_mat_hermitize(n, A);
        NEQ_TRY(neq_kossakowski_diag(n, A, NB_NEG_TOL, m->wf[f], U, &m->nk[f]));
        for (int k = 0; k < m->nk[f]; k++) {
            int j = k;
            double complex *Le = ops + dd * (size_t)(4 * j + 2 * f), *La = Le + dd;
            memset(Le, 0, sizeof *Le * dd);
            memset(La, 0, sizeof *La * dd);
            for (int b = 0; b < n; b++) {
                lowering(n, b, lo);
                neq_mat_adjoint(d, lo, hi);
                for (size_t p = 0; p < dd; p++) {
                    Le[p] += conj(NEQ_AT(U, n, b, k)) * lo[p];
                    La[p] += NEQ_AT(U, n, b, k) * hi[p];
                }
            }
            /* into the eigenbasis of H */
            neq_mat_mul(d, Le, m->V, tmp);
            neq_mat_mul_adj_left(d, m->V, tmp, Le);
            neq_mat_mul(d, La, m->V, tmp);
            neq_mat_mul_adj_left(d, m->V, tmp, La);
            m->Le[f][j] = Le;
            m->La[f][j] = La;
        }
    }
    (void)t2;
    return NEQ_OK;
}

/* The generator in the eigenbasis of H from the prepared operators: only
 * the rates depend on the temperatures. */
static int prepared_generator(const neq_nb_model *m, double nW, double nM, neq_gksl **out)
{
    int n = m->g.nq, d = 1 << n;
    neq_gksl *g = NULL;
    NEQ_TRY(neq_gksl_alloc(d, &g));
    double complex *H = calloc((size_t)d * d, sizeof *H);
    int rc = H ? NEQ_OK : neq_fail(NEQ_ENOMEM, "no memory");
    for (int k = 0; rc == 0 && k < d; k++)
        NEQ_AT(H, d, k, k) = m->wH[k];
    if (rc == 0)
        rc = neq_gksl_set_hamiltonian(g, H);
    free(H);
    for (int f = 0; rc == 0 && f < 2; f++) {
        double nf = f == 0 ? nW : nM;
        for (int j = 0; rc == 0 && j < m->nk[f]; j++) {
            rc = neq_gksl_add_jump(g, f, (1 + nf) * m->wf[f][j], m->Le[f][j]);
            if (rc == 0 && nf > 0)
                rc = neq_gksl_add_jump(g, f, nf * m->wf[f][j], m->La[f][j]);
        }
    }
    return neq_gksl_complete(rc, g, 2, out);
}

/* Builds the generator with every operator X written as V^+ X V (V NULL:
 * the computational basis).  In the eigenbasis of H the coherent coupling
 * Lambda (up to 1e4 Gamma_0 near the body) only rotates coherences, so the
 * populations' block of the Liouvillian stays O(Gamma)-scaled: the steady
 * state is computed there (docs/physics.md, "Qubits near a body"). */
static int build_generator(const neq_nb_model *m, double T_W, double T_M, int shifts,
                           const double complex *V, neq_gksl **out)
{
    double nW, nM;
    NEQ_TRY(occupations(m->g.omega, T_W, T_M, &nW, &nM));
    int n = m->g.nq, d = 1 << n;
    size_t dd = (size_t)d * d;
    /* s_q^- for every qubit, then (in place) s_q^+: the generator holds
     * 4N + 1 dense d x d matrices, so the N + 2 beside them are what the
     * build adds at its peak (eleven qubits: 3.9 GB, not 4.6 with both) */
    double complex *ops = malloc(sizeof *ops * dd * (size_t)(n + 2));
    if (!ops)
        return neq_fail(NEQ_ENOMEM, "no memory for the generator");
    double complex *lo = ops, *H = ops + dd * (size_t)n, *tmp = H + dd;
    for (int q = 0; q < n; q++)
        lowering(n, q, lo + dd * (size_t)q);
    /* rotating frame: H = sum_{q != q'} Lambda^{qq'} s_q^+ s_q'^- (+ shifts) */
    build_H(m, shifts, H);
    if (V) { /* X -> V^+ X V for H and every s_q^- (s_q^+ follows as its adjoint) */
        double complex *t2 = malloc(sizeof *t2 * dd);
        if (!t2) {
            free(ops);
            return neq_fail(NEQ_ENOMEM, "no memory for the generator");
        }
        for (int k = 0; k < n + 1; k++) {
            double complex *X = ops + dd * (size_t)k;
            neq_mat_mul(d, X, V, tmp);
            neq_mat_mul_adj_left(d, V, tmp, t2);
            memcpy(X, t2, sizeof *X * dd);
        }
        free(t2);
    }
    neq_gksl *g = NULL;
    int rc = neq_gksl_alloc(d, &g);
    if (rc == 0)
        rc = neq_gksl_set_hamiltonian(g, H);
    const double complex *op[NQ];
    for (int q = 0; q < n; q++)
        op[q] = lo + dd * (size_t)q;
    /* eq. (1) with (4): per field f (walls W: group 0, body M: group 1),
     * emission  gamma_{qq'} = (1 + n_f) alpha_f^{qq'},  A = s^-,
     * absorption gamma_{qq'} = n_f conj(alpha_f^{qq'}), A = s^+;
     * the emission of both fields first, then s^- -> s^+ */
    double nfs[2] = {nW, nM};
    for (int pass = 0; rc == 0 && pass < 2; pass++) {
        if (pass == 1)
            for (int q = 0; q < n; q++) { /* s^+ = (s^-)^+, in place */
                double complex *X = lo + dd * (size_t)q;
                neq_mat_adjoint(d, X, tmp);
                memcpy(X, tmp, sizeof *X * dd);
            }
        for (int f = 0; rc == 0 && f < 2; f++) {
            double nf = nfs[f];
            if (pass == 1 && !(nf > 0))
                continue;
            double complex G[NQ * NQ];
            for (int q = 0; q < n; q++)
                for (int p = 0; p < n; p++) {
                    double complex a = f == 0 ? m->aW[q][p] : m->aM[q][p];
                    NEQ_AT(G, n, q, p) = pass == 0 ? (1 + nf) * a : nf * conj(a);
                }
            neq_mat_hermitize(n, G);
            rc = neq_gksl_add_kossakowski_tol(g, f, n, op, G, NB_NEG_TOL);
        }
    }
    free(ops);
    return neq_gksl_complete(rc, g, 2, out);
}

int neq_nb_generator(const neq_nb_model *m, double T_W, double T_M, int shifts, neq_gksl **out)
{
    neq_clear_error();
    if (!m || !out)
        return neq_fail(NEQ_EINVAL, "neq_nb_generator: NULL argument");
    *out = NULL;
    return build_generator(m, T_W, T_M, shifts, NULL, out);
}

/* The dense steady state (a generator of up to six qubits): in the
 * eigenbasis V of H, where the coherent coupling only rotates coherences;
 * a degenerate kernel answered with the state reached from rho0. */
static int dense_steady(const neq_nb_model *m, double T_W, double T_M, int shifts,
                        const double complex *rho0, double complex *rho, neq_nb_result *r)
{
    int n = m->g.nq, d = 1 << n;
    size_t dd = (size_t)d * d;
    neq_gksl *g = NULL;
    neq_liouvillian *L = NULL;
    double complex *V = malloc(sizeof *V * dd * 5);
    double *w = malloc(sizeof *w * (size_t)d);
    int rc = (!V || !w) ? neq_fail(NEQ_ENOMEM, "no memory") : NEQ_OK;
    double complex *rhoe = V + dd, *tmp = V + 2 * dd, *Ne = V + 3 * dd, *Dr = V + 4 * dd;
    if (rc == 0 && !shifts && m->V) { /* the prepared fast path */
        memcpy(V, m->V, sizeof *V * dd);
        rc = prepared_generator(m, r->n_W, r->n_M, &g);
    } else if (rc == 0) {
        build_H(m, shifts, tmp);
        rc = neq_herm_eig(d, tmp, w, V);
        if (rc == 0)
            rc = build_generator(m, T_W, T_M, shifts, V, &g);
    }
    if (rc == 0)
        rc = neq_liouvillian_alloc(g, &L);
    if (rc == 0) {
        rc = neq_steady_state(L, NULL, NULL, rhoe, &r->info);
        if (rc == NEQ_ENONUNIQUE) {
            memset(tmp, 0, sizeof *tmp * dd);
            if (rho0)
                memcpy(tmp, rho0, sizeof *tmp * dd);
            else
                tmp[0] = 1; /* ground state |0...0> */
            neq_mat_mul(d, tmp, V, Dr);
            neq_mat_mul_adj_left(d, V, Dr, Ne); /* V^+ rho0 V */
            rc = neq_steady_state_from(L, Ne, NULL, NULL, rhoe, &r->info);
        }
        r->null_dim = r->info.null_dim;
    }
    if (rc == 0) { /* back: rho = V rho' V^+ */
        neq_mat_mul(d, V, rhoe, tmp);
        neq_mat_adjoint(d, V, Dr);
        neq_mat_mul(d, tmp, Dr, rho);
        neq_mat_hermitize(d, rho);
    }
    free(V);
    free(w);
    neq_liouvillian_free(L);
    neq_gksl_free(g);
    return rc;
}

/* From three qubits: the generator in the computational basis, where its
 * operators are sparse, solved on the model's plan (sparse.h).  A
 * degenerate kernel of up to six qubits falls back on the dense solver for
 * the state reached from rho0. */
static int sparse_steady(const neq_nb_model *m, double T_W, double T_M, int shifts,
                         int distributed, const double complex *rho0, double complex *rho,
                         neq_nb_result *r)
{
    neq_gksl *g = NULL;
    NEQ_TRY(build_generator(m, T_W, T_M, shifts, NULL, &g));
    neq_sparse_options o = {.positivity_tol = 1e-10, .distributed = distributed};
    /* the generator's dense matrices freed before the solve (ten qubits:
     * 0.35 GB; eleven: 1.5 GB) */
    int rc = neq_sparse_steady_consume(m->sp, &g, &o, NULL, rho, &r->info);
    r->null_dim = r->info.null_dim;
    if (rc == NEQ_ENONUNIQUE && m->g.nq <= NEQ_NB_RHO_MAX_QUBITS)
        return dense_steady(m, T_W, T_M, shifts, rho0, rho, r);
    return rc;
}

int neq_nb_steady(const neq_nb_model *m, double T_W, double T_M, int shifts,
                  const double complex *rho0, neq_nb_result *r)
{
    neq_clear_error();
    if (!m || !r)
        return neq_fail(NEQ_EINVAL, "neq_nb_steady: NULL argument");
    if (m->g.nq > NEQ_NB_RHO_MAX_QUBITS)
        return neq_fail(NEQ_EDIM, "%d qubits: rho does not fit neq_nb_result (at most %d); "
                                  "use neq_nb_steady_rho", m->g.nq, NEQ_NB_RHO_MAX_QUBITS);
    return neq_nb_steady_rho(m, T_W, T_M, shifts, rho0, r->rho, r);
}

static int steady_rho(const neq_nb_model *m, double T_W, double T_M, int shifts,
                      int distributed, const double complex *rho0, double complex *rho,
                      neq_nb_result *r);

int neq_nb_steady_rho(const neq_nb_model *m, double T_W, double T_M, int shifts,
                      const double complex *rho0, double complex *rho, neq_nb_result *r)
{
    return steady_rho(m, T_W, T_M, shifts, 0, rho0, rho, r);
}

int neq_nb_steady_rho_mpi(const neq_nb_model *m, double T_W, double T_M, int shifts,
                          const double complex *rho0, double complex *rho, neq_nb_result *r)
{
    if (omp_in_parallel())
        return neq_fail(NEQ_EINVAL, "neq_nb_steady_rho_mpi: a collective call, made from "
                                    "the main thread of every rank, not from a parallel region");
    return steady_rho(m, T_W, T_M, shifts, 1, rho0, rho, r);
}

static int steady_rho(const neq_nb_model *m, double T_W, double T_M, int shifts,
                      int distributed, const double complex *rho0, double complex *rho,
                      neq_nb_result *r)
{
    neq_clear_error();
    if (!m || !r || !rho)
        return neq_fail(NEQ_EINVAL, "neq_nb_steady_rho: NULL argument");
    int n = m->g.nq, d = 1 << n;
    if (rho != r->rho) { /* r->rho may be the storage: everything else cleared */
        memset(r, 0, sizeof *r);
    } else {
        size_t end = offsetof(neq_nb_result, rho) + sizeof r->rho;
        memset(r, 0, offsetof(neq_nb_result, rho));
        memset((char *)r + end, 0, sizeof *r - end);
    }
    r->nq = n;
    NEQ_TRY(occupations(m->g.omega, T_W, T_M, &r->n_W, &r->n_M));
    int rc = m->sp ? sparse_steady(m, T_W, T_M, shifts, distributed, rho0, rho, r)
                   : dense_steady(m, T_W, T_M, shifts, rho0, rho, r);
    NEQ_TRY(rc);
    /* Heat of field f: J_f = Tr{N D_f(rho)}, N = sum_q s_q^+ s_q^- (the energy
     * in units of hbar omega; the rotating frame leaves it).  With
     * [N, s^-+] = -+ s^-+ the adjoint dissipators give
     *   J_f = sum_ab [n_f conj(alpha_f^ab) <s_a^- s_b^+> - (1 + n_f) alpha_f^ab <s_a^+ s_b^->]. */
    for (int f = 0; f < 2; f++) {
        double nf = f == 0 ? r->n_W : r->n_M, J = 0;
        for (int a = 0; a < n; a++)
            for (int c = 0; c < n; c++) {
                double complex al = f == 0 ? m->aW[a][c] : m->aM[a][c];
                int ba = 1 << (n - 1 - a), bc = 1 << (n - 1 - c);
                double complex up = 0, dn = 0; /* <s_a^+ s_c^->, <s_a^- s_c^+> */
                for (int u = 0; u < d; u++) {
                    /* Tr(X rho) = sum_u rho(u, X u) for X a 0/1 map u -> X u */
                    if ((u & bc) && !((u ^ bc) & ba))
                        up += NEQ_AT(rho, d, u, (u ^ bc) | ba);
                    if (!(u & bc) && ((u | bc) & ba))
                        dn += NEQ_AT(rho, d, u, (u | bc) ^ ba);
                }
                J += creal(nf * conj(al) * dn - (1 + nf) * al * up);
            }
        if (f == 0)
            r->heat_walls = J;
        else
            r->heat_body = J;
    }
    /* sigma / (k_B Gamma_0) = -(hbar omega / k_B)(J_W / T_W + J_M / T_M):
     * the engine's sum over fields with temperatures in units of hbar omega / k_B */
    double x = NEQ_HBAR * m->g.omega / NEQ_KB;
    const double J[2] = {r->heat_walls, r->heat_body}, Tf[2] = {T_W / x, T_M / x};
    NEQ_TRY(neq_entropy_production(2, J, Tf, &r->entropy_production));
    if (d <= 64) {
        NEQ_TRY(neq_purity(d, rho, &r->purity));
        NEQ_TRY(neq_von_neumann_entropy(d, rho, &r->von_neumann_entropy));
    } else { /* many qubits: the eigenvalues block by block of rho */
        double *w = malloc(sizeof *w * (size_t)d), P = 0, S = 0;
        if (!w)
            return neq_fail(NEQ_ENOMEM, "no memory for the eigenvalues of rho");
        rc = neq_herm_eigvals_blocks(d, rho, w);
        for (int k = 0; rc == 0 && k < d; k++) {
            P += w[k] * w[k];
            S -= w[k] > 0 ? w[k] * log(w[k]) : 0;
        }
        free(w);
        NEQ_TRY(rc);
        r->purity = P;
        r->von_neumann_entropy = S;
    }
    r->linear_entropy = d > 1 ? (double)d / (d - 1) * (1 - r->purity) : 0;
    for (int a = 0; a < n; a++)
        for (int b = a + 1; b < n; b++) {
            double complex red[16];
            NEQ_TRY(neq_reduce_pair(n, rho, a, b, red));
            NEQ_TRY(neq_concurrence(red, &r->pair_concurrence[a][b]));
            r->pair_concurrence[b][a] = r->pair_concurrence[a][b];
        }
    if (n == 2) {
        NEQ_TRY(neq_nb_coupled(rho, r->rho_coupled, r->populations_coupled, &r->K1, &r->K2));
        r->concurrence = r->pair_concurrence[0][1];
        const double complex aW[2][2] = {{m->aW[0][0], m->aW[0][1]}, {m->aW[1][0], m->aW[1][1]}};
        const double complex aM[2][2] = {{m->aM[0][0], m->aM[0][1]}, {m->aM[1][0], m->aM[1][1]}};
        NEQ_TRY(neq_em_collective(m->g.omega, aW, aM, r->n_W, r->n_M, &r->Gamma_S, &r->Gamma_A,
                                  &r->n_S, &r->n_A, &r->T_S, &r->T_A));
    } else { /* the pair's quantities: undefined for another number of qubits */
        r->K1 = r->K2 = r->n_S = r->n_A = r->T_S = r->T_A = r->Gamma_S = r->Gamma_A = NAN;
        r->concurrence = NAN;
        for (int k = 0; k < 4; k++)
            r->populations_coupled[k] = NAN;
    }
    return NEQ_OK;
}

int neq_nb_eigenpopulations(const neq_nb_model *m, int shifts, const double complex *rho,
                            double *energies, double *populations)
{
    neq_clear_error();
    if (!m || !rho)
        return neq_fail(NEQ_EINVAL, "neq_nb_eigenpopulations: NULL argument");
    int n = m->g.nq, d = 1 << n, out = 0, rc = NEQ_OK;
    /* the largest sector: C(n, n/2) states */
    int cmax = 1;
    for (int k = 1; k <= n / 2; k++)
        cmax = cmax * (n - k + 1) / k;
    int *st = malloc(sizeof *st * (size_t)cmax), *pos = malloc(sizeof *pos * (size_t)d);
    double complex *Hs = malloc(sizeof *Hs * (size_t)cmax * cmax),
                   *V = malloc(sizeof *V * (size_t)cmax * cmax);
    double *w = malloc(sizeof *w * (size_t)cmax);
    if (!st || !pos || !Hs || !V || !w)
        rc = neq_fail(NEQ_ENOMEM, "no memory for the eigenbasis of H");
    for (int k = 0; rc == 0 && k <= n; k++) {
        int ns = 0;
        for (int u = 0; u < d; u++)
            if (__builtin_popcount((unsigned)u) == k)
                pos[u] = ns, st[ns++] = u;
        memset(Hs, 0, sizeof *Hs * (size_t)ns * ns);
        /* <t| s_q^+ s_p^- |u>: p excited in u, lowered, then q raised */
        for (int j = 0; j < ns; j++)
            for (int q = 0; q < n; q++)
                for (int p = 0; p < n; p++) {
                    int bq = 1 << (n - 1 - q), bp = 1 << (n - 1 - p), u = st[j];
                    if ((q == p && !shifts) || !(u & bp) || ((u ^ bp) & bq))
                        continue;
                    NEQ_AT(Hs, ns, pos[(u ^ bp) | bq], j) += m->lam[q][p];
                }
        rc = neq_herm_eig(ns, Hs, w, V);
        for (int e = 0; rc == 0 && e < ns; e++, out++) {
            double complex v = 0;
            for (int b = 0; b < ns; b++) {
                double complex rv = 0;
                for (int a = 0; a < ns; a++)
                    rv += conj(NEQ_AT(V, ns, a, e)) * NEQ_AT(rho, d, st[a], st[b]);
                v += rv * NEQ_AT(V, ns, b, e);
            }
            if (energies)
                energies[out] = w[e];
            if (populations)
                populations[out] = creal(v);
        }
    }
    free(st);
    free(pos);
    free(Hs);
    free(V);
    free(w);
    return rc;
}

int neq_nb_coupled(const double complex *rho, double complex *rho_coupled, double pop[4],
                   double *K1, double *K2)
{
    neq_clear_error();
    if (!rho)
        return neq_fail(NEQ_EINVAL, "neq_nb_coupled: NULL state");
    const double s = sqrt(0.5);
    /* columns G, A, S, E; |eg> = |10> (index 2), |ge> = |01> (index 1) */
    double complex U[16] = {0}, t[16], rc[16];
    NEQ_AT(U, 4, 0, 0) = 1;
    NEQ_AT(U, 4, 2, 1) = s;
    NEQ_AT(U, 4, 1, 1) = -s;
    NEQ_AT(U, 4, 2, 2) = s;
    NEQ_AT(U, 4, 1, 2) = s;
    NEQ_AT(U, 4, 3, 3) = 1;
    neq_mat_mul(4, rho, U, t);
    neq_mat_mul_adj_left(4, U, t, rc);
    if (rho_coupled)
        memcpy(rho_coupled, rc, sizeof rc);
    for (int k = 0; pop && k < 4; k++)
        pop[k] = creal(NEQ_AT(rc, 4, k, k));
    /* eq. (2) in the paper's decoupled order gg, eg, ge, ee = 0, 2, 1, 3 */
    if (K1)
        *K1 = cabs(NEQ_AT(rho, 4, 2, 1)) -
              sqrt(fmax(creal(NEQ_AT(rho, 4, 0, 0)), 0) * fmax(creal(NEQ_AT(rho, 4, 3, 3)), 0));
    if (K2)
        *K2 = cabs(NEQ_AT(rho, 4, 0, 3)) -
              sqrt(fmax(creal(NEQ_AT(rho, 4, 2, 2)), 0) * fmax(creal(NEQ_AT(rho, 4, 1, 1)), 0));
    return NEQ_OK;
}

int neq_nb_relaxation(const neq_nb_model *m, double T_W, double T_M, int shifts, double *rate)
{
    neq_clear_error();
    if (!m || !rate)
        return neq_fail(NEQ_EINVAL, "neq_nb_relaxation: NULL argument");
    neq_gksl *g = NULL;
    NEQ_TRY(neq_nb_generator(m, T_W, T_M, shifts, &g));
    int rc, n = m->g.nq;
    if (n <= NEQ_NB_RHO_MAX_QUBITS) { /* the whole spectrum, dense: 2 s at six qubits */
        rc = neq_gksl_gap(g, rate);
    } else { /* SLEPc, shift and invert about the slow modes (sparse.h) */
        size_t d = (size_t)1 << n;
        double complex *rho = malloc(sizeof *rho * d * d);
        neq_nb_result *r = malloc(sizeof *r);
        rc = !rho || !r ? neq_fail(NEQ_ENOMEM, "no memory for the steady state")
                        : neq_nb_steady_rho(m, T_W, T_M, shifts, NULL, rho, r);
        if (rc == 0)
            rc = neq_sparse_gap(g, rho, 1e-10, rate, NULL);
        free(rho);
        free(r);
    }
    neq_gksl_free(g);
    return rc;
}

/* The weights of eq. (10) (Markov-chain tree theorem on the ring G-A-E-S:
 * docs/physics.md), unnormalised, in the order G, A, S, E. */
static int analytic_weights(double GS, double GA, double nS, double nA, double W[4])
{
    double v[4] = {GS, GA, nS, nA};
    for (int k = 0; k < 4; k++)
        if (!isfinite(v[k]) || v[k] < 0)
            return neq_fail(NEQ_EDOMAIN, "analytic case needs finite, non-negative Gamma_S, "
                                         "Gamma_A, n_S, n_A");
    if (GS + GA == 0)
        return neq_fail(NEQ_EDOMAIN, "Gamma_S = Gamma_A = 0: no dynamics");
    W[0] = (1 + nA) * (1 + nA) * (1 + 2 * nS) * GA + (1 + 2 * nA) * (1 + nS) * (1 + nS) * GS;
    W[1] = nA * (1 + nA) * (1 + 2 * nS) * GA + (nA * (1 + 2 * nS) + nS * nS * (1 + 2 * nA)) * GS;
    W[2] = nS * (1 + nS) * (1 + 2 * nA) * GS + (nS * (1 + 2 * nA) + nA * nA * (1 + 2 * nS)) * GA;
    W[3] = nA * nA * (1 + 2 * nS) * GA + (1 + 2 * nA) * nS * nS * GS;
    return NEQ_OK;
}

int neq_nb_analytic_k1(double Gamma_S, double Gamma_A, double n_S, double n_A, double *K1)
{
    neq_clear_error();
    if (!K1)
        return neq_fail(NEQ_EINVAL, "neq_nb_analytic_k1: NULL argument");
    double W[4] = {0};
    NEQ_TRY(analytic_weights(Gamma_S, Gamma_A, n_S, n_A, W));
    double Z = W[0] + W[1] + W[2] + W[3];
    /* eq. (12) without the clamp: smooth in (n_S, n_A) away from n_S = n_A */
    *K1 = (fabs(n_S - n_A) * (Gamma_S + Gamma_A) / 2 - sqrt(W[0] * W[3])) / Z;
    return NEQ_OK;
}

int neq_nb_analytic(double Gamma_S, double Gamma_A, double n_S, double n_A, double pop[4],
                    double *C)
{
    neq_clear_error();
    if (!pop || !C)
        return neq_fail(NEQ_EINVAL, "neq_nb_analytic: NULL argument");
    double W[4] = {0}, K1 = 0;
    NEQ_TRY(analytic_weights(Gamma_S, Gamma_A, n_S, n_A, W));
    double Z = W[0] + W[1] + W[2] + W[3];
    for (int k = 0; k < 4; k++)
        pop[k] = W[k] / Z;
    NEQ_TRY(neq_nb_analytic_k1(Gamma_S, Gamma_A, n_S, n_A, &K1));
    *C = 2 * fmax(0.0, K1); /* eq. (12) */
    return NEQ_OK;
}

/* ------------------------------------------------ linear response */

/* the d^2 x d^2 superoperator of the generator at (T_W, T_M) */
static int nb_superop(const neq_nb_model *m, double T_W, double T_M, int shifts,
                      double complex *S, neq_gksl **keep)
{
    neq_gksl *g = NULL;
    neq_liouvillian *L = NULL;
    NEQ_TRY(neq_nb_generator(m, T_W, T_M, shifts, &g));
    int rc = neq_liouvillian_alloc(g, &L);
    if (!rc)
        rc = neq_liouvillian_matrix(L, S);
    neq_liouvillian_free(L);
    if (keep && !rc)
        *keep = g;
    else
        neq_gksl_free(g);
    return rc;
}

int neq_nb_conductance(const neq_nb_model *m, double T, int shifts, double *kappa)
{
    neq_clear_error();
    if (!m || !kappa)
        return neq_fail(NEQ_EINVAL, "neq_nb_conductance: NULL argument");
    if (isnan(T))
        return neq_fail(NEQ_ENAN, "temperature is NaN");
    if (!(T > 0) || isinf(T))
        return neq_fail(NEQ_EDOMAIN, "temperature T = %g K must be finite and > 0", T);
    int nq = m->g.nq, d = 1 << nq, n = d * d;
    if (d > 16)
        return neq_fail(NEQ_EDIM, "thermal conductance: %d qubits, at most 4 (dense)", nq);
    double w = m->g.omega, nT, na, nb;
    NEQ_TRY(neq_bose_einstein(NEQ_HBAR * w / NEQ_KB, T, &nT));
    NEQ_TRY(neq_bose_einstein(NEQ_HBAR * w / NEQ_KB, 2 * T, &na));
    NEQ_TRY(neq_bose_einstein(NEQ_HBAR * w / NEQ_KB, T / 2, &nb));
    double x = NEQ_HBAR * w / (NEQ_KB * T), dn = x / T * nT * (nT + 1);
    if (!(na - nb > 0) || !(dn > 0)) { /* T far below hbar omega / k_B: no exchange */
        *kappa = 0;
        return NEQ_OK;
    }
    double complex *L0 = malloc(sizeof *L0 * (size_t)n * (size_t)n * 3);
    double complex *rho = malloc(sizeof *rho * (size_t)n * 4);
    int *piv = malloc(sizeof *piv * (size_t)n);
    neq_gksl *g = NULL;
    int rc = (!L0 || !rho || !piv) ? neq_fail(NEQ_ENOMEM, "no memory") : NEQ_OK;
    double complex *La = L0 + (size_t)n * n, *Lb = La + (size_t)n * n;
    double complex *b = rho + n, *y = b + n, *D = y + n;
    /* the generator is affine in n_M: dL/dT_M = n'(T) (L(2T) - L(T/2)) / (n(2T) - n(T/2)),
     * exact whatever the two temperatures (the walls' part cancels) */
    if (!rc)
        rc = nb_superop(m, T, T, shifts, L0, &g);
    if (!rc)
        rc = nb_superop(m, T, 2 * T, shifts, La, NULL);
    if (!rc)
        rc = nb_superop(m, T, T / 2, shifts, Lb, NULL);
    if (!rc) {
        /* at T_W = T_M = T the state is thermal: p_e = n/(2n + 1) per qubit */
        double pe = nT / (2 * nT + 1);
        memset(rho, 0, sizeof *rho * (size_t)n);
        for (int u = 0; u < d; u++) {
            int k = __builtin_popcount((unsigned)u);
            rho[u + (size_t)u * d] = pow(pe, k) * pow(1 - pe, nq - k);
        }
        for (int r = 0; r < n; r++) { /* b = -dL/dT_M rho */
            double complex v = 0;
            for (int c = 0; c < n; c++)
                v += (La[r + (size_t)c * n] - Lb[r + (size_t)c * n]) * rho[c];
            b[r] = -dn / (na - nb) * v;
        }
        for (int i = 0; i < d; i++) /* A = L - |rho>><<1| */
            for (int r = 0; r < n; r++)
                L0[r + (size_t)(i + i * d) * n] -= rho[r];
        if (neq_zlu_factor(n, L0, piv))
            rc = neq_fail(NEQ_ENONUNIQUE, "thermal conductance: the steady state is not unique");
    }
    if (!rc) {
        memcpy(y, b, sizeof *y * (size_t)n);
        neq_zlu_solve(n, L0, piv, y); /* rho' */
        for (int r = 0; r < n && !rc; r++)
            if (!isfinite(creal(y[r])) || !isfinite(cimag(y[r])))
                rc = neq_fail(NEQ_ENONUNIQUE, "thermal conductance: the solve is singular to "
                                              "working precision (a dark state?)");
        if (!rc)
            rc = neq_gksl_apply(g, 1, y, D);
    }
    if (!rc) {
        /* dJ_M/dT_M = Tr{N (dL/dT_M) rho} + Tr{N D_M(rho')}, N the excitations */
        double k = 0;
        for (int u = 0; u < d; u++)
            k += __builtin_popcount((unsigned)u) * (creal(D[u + (size_t)u * d]) - creal(b[u + (size_t)u * d]));
        *kappa = k;
    }
    neq_gksl_free(g);
    free(L0);
    free(rho);
    free(piv);
    return rc;
}
