/* Steady states (include/neqent/master.h).
 *
 * Unique case: rank-revealing QR with column pivoting (LAPACK dgeqp3) of
 * each block of the real Liouvillian, its rows equilibrated first; the
 * pivots |R_ii| relative to the largest give the kernel dimension block by
 * block, the null vector follows from R by a triangular solve and two
 * steps of iterative refinement.  Several zero pivots: NEQ_ENONUNIQUE.
 * From an initial state: SVD of the whole Liouvillian (dgesvd), right and
 * left null vectors X, Y, and the spectral projection
 * X (Y^T X)^-1 Y^T c0, exact because the zero eigenvalue of a GKSL
 * generator is semisimple.
 *
 * Scratch lives in a neq_steady_workspace held by the caller (one per
 * thread): the Liouvillian is only read, so any number of threads may solve
 * with one plan at once. */
#include "internal_master.h"
#include "neqent/linalg.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const neq_steady_options default_options = {1e-10, 1e-10};

/* Scratch of the block solves for Liouvillians of up to n = d^2 basis
 * elements, in one allocation: work holds the residual (n), the
 * coefficients (n), a block (n x n), tau (n), dgeqp3's work
 * ((n + 1) 64 + n) and the row and column scales (2 n); iwork the pivots
 * (n). */
struct neq_steady_workspace {
    int n, d;
    double *work;
    int *iwork;
};

#define LWORK(n) ((size_t)(n) * (size_t)(n) + 6 * (size_t)(n) + (size_t)((n) + 1) * 64)

/* The arrays start on a cache line, whatever the workspace: BLAS kernels
 * that peel for alignment then sum in the same order in every workspace. */
#define WS_ALIGN 64
#define WS_HEAD ((sizeof(neq_steady_workspace) + WS_ALIGN - 1) / WS_ALIGN * WS_ALIGN)

/* ws = NULL with two qubits or fewer (n <= 16, the models' case): the
 * temporary workspace lives on the stack (11 kB), no allocation per call. */
#define SMALL_N 16
typedef struct {
    neq_steady_workspace ws;
    _Alignas(WS_ALIGN) double work[LWORK(SMALL_N)];
    int iwork[SMALL_N];
} small_workspace;

static int workspace_alloc(int n, neq_steady_workspace **out)
{
    size_t lw = LWORK(n);
    size_t bytes = WS_HEAD + sizeof(double) * lw + sizeof(int) * (size_t)n;
    neq_steady_workspace *ws = aligned_alloc(WS_ALIGN, (bytes + WS_ALIGN - 1) / WS_ALIGN * WS_ALIGN);
    if (!ws)
        return neq_fail(NEQ_ENOMEM, "no memory for a steady-state workspace (n = %d)", n);
    ws->n = n;
    ws->d = (int)lround(sqrt(n));
    ws->work = (double *)((char *)ws + WS_HEAD);
    ws->iwork = (int *)(ws->work + lw);
    *out = ws;
    return NEQ_OK;
}

int neq_steady_workspace_alloc(const neq_liouvillian *L, neq_steady_workspace **out)
{
    neq_clear_error();
    if (!L || !out)
        return neq_fail(NEQ_EINVAL, "neq_steady_workspace_alloc: NULL argument");
    *out = NULL;
    return workspace_alloc(L->n, out);
}

void neq_steady_workspace_free(neq_steady_workspace *ws) { free(ws); }

/* The caller's workspace, or a temporary one: in *small (on the caller's
 * stack) or in *tmp (freed by the caller). */
static int use_workspace(const neq_liouvillian *L, neq_steady_workspace **ws,
                         small_workspace *small, neq_steady_workspace **tmp)
{
    *tmp = NULL;
    if (!*ws && L->n <= SMALL_N) {
        small->ws = (neq_steady_workspace){L->n, L->d, small->work, small->iwork};
        *ws = &small->ws;
    } else if (!*ws) {
        NEQ_TRY(workspace_alloc(L->n, tmp));
        *ws = *tmp;
    } else if ((*ws)->n < L->n)
        return neq_fail(NEQ_EDIM, "a steady-state workspace for dimension %d is too small for "
                                  "a Liouvillian of dimension %d", (*ws)->d, L->d);
    return NEQ_OK;
}

/* Residual, trace and positivity of a candidate rho given by coefficients c. */
static int finish(const neq_liouvillian *L, const neq_steady_options *opt, double *c,
                  double *r, double complex *rho, neq_steady_info *info, int null_dim)
{
    int n = L->n, d = L->d;
    double tr = 0;
    for (int k = 0; k < d; k++)
        tr += c[k];
    if (!(fabs(tr) > 1e-300))
        return neq_fail(NEQ_EUNPHYSICAL, "steady-state candidate has zero trace");
    for (int k = 0; k < n; k++)
        c[k] /= tr;
    cblas_dgemv(CblasColMajor, CblasNoTrans, n, n, 1.0, L->M, n, c, 1, 0.0, r, 1);
    double res = cblas_dnrm2(n, r, 1) / L->norm; /* relative to the generator's scale */
    neq_from_hcoef(L, c, rho);
    double trace = 0;
    for (int k = 0; k < d; k++)
        trace += creal(NEQ_AT(rho, d, k, k));
    double w[NEQ_MAX_DIM];
    NEQ_TRY(neq_herm_eig(d, rho, w, NULL));
    if (info) {
        info->residual = res;
        info->trace_error = fabs(trace - 1.0);
        info->min_eigenvalue = w[0];
        info->null_dim = null_dim;
    }
    if (w[0] < -opt->positivity_tol)
        return neq_fail(NEQ_EUNPHYSICAL,
                        "steady state has a negative eigenvalue %.3g (residual %.3g)", w[0], res);
    return NEQ_OK;
}

static int check_options(const neq_steady_options **opt)
{
    if (!*opt)
        *opt = &default_options;
    if (!((*opt)->rank_tol > 0 && (*opt)->rank_tol < 1) ||
        !((*opt)->positivity_tol >= 0)) /* +inf: accept any spectrum */
        return neq_fail(NEQ_EINVAL, "steady-state tolerances (%g, %g) out of range",
                        (*opt)->rank_tol, (*opt)->positivity_tol);
    return NEQ_OK;
}

/* neq_steady_state with a workspace that fits L */
static int steady_state(const neq_liouvillian *L, const neq_steady_options *opt,
                        neq_steady_workspace *ws, double complex *rho, neq_steady_info *info)
{
    int n = L->n;
    double *r = ws->work;                    /* residual, n */
    double *c = r + n;                       /* coefficient vector, n */
    double *B = c + n;                       /* block matrix, up to n*n */
    double *tau = B + (size_t)n * n;         /* n */
    double *qwork = tau + n;                 /* (n+1)*64 + n */
    int qlwork = (n + 1) * 64 + n;
    double *rs = qwork + qlwork, *y = rs + n; /* row scales; a null vector */
    memset(c, 0, sizeof *c * (size_t)n);
    int null_dim = 0;
    for (int b = 0; b < L->nblocks; b++) {
        const int *idx = L->block_idx + L->block_start[b];
        int nb = L->block_start[b + 1] - L->block_start[b];
        /* Equilibrated: every row scaled to max |entry| 1 (by a power of 2:
         * exact).  A coherent coupling Lambda ~ 1e9 Gamma puts rows of that
         * size beside population rows of rates down to 1e-8 Gamma; unscaled,
         * a pivot tolerance relative to ||L|| takes the slow rates for zero
         * (r12 = 50 nm above the paper's slab: a wrong, non-positive state). */
        for (int p = 0; p < nb; p++)
            rs[p] = 0;
        for (int q = 0; q < nb; q++)
            for (int p = 0; p < nb; p++) {
                double a = fabs(B[p + q * nb] = NEQ_AT(L->M, n, idx[p], idx[q]));
                rs[p] = a > rs[p] ? a : rs[p];
            }
        for (int p = 0; p < nb; p++)
            rs[p] = rs[p] > 0 ? ldexp(1.0, -ilogb(rs[p])) : 1;
        for (int q = 0; q < nb; q++)
            for (int p = 0; p < nb; p++)
                B[p + q * nb] *= rs[p];
        int *jpvt = ws->iwork;
        memset(jpvt, 0, sizeof *jpvt * (size_t)nb);
        lapack_int infoq =
            LAPACKE_dgeqp3_work(LAPACK_COL_MAJOR, nb, nb, B, nb, jpvt, tau, qwork, qlwork);
        if (infoq != 0)
            return neq_fail(NEQ_ELAPACK, "dgeqp3 failed with info = %d", (int)infoq);
        /* rank relative to the block's largest pivot, once equilibrated */
        double btol = opt->rank_tol * fabs(B[0]);
        int rank = 0;
        while (rank < nb && fabs(B[rank + rank * nb]) > btol)
            rank++;
        int def = nb - rank;
        if (def == 0)
            continue;
        null_dim += def;
        if (null_dim > 1 || def > 1)
            continue; /* counted; no vector needed */
        /* D B P = Q R with R_(nb-1,nb-1) ~ 0: y = [R11^-1 (-R12); 1], x = P y */
        for (int p = 0; p < nb - 1; p++)
            y[p] = -B[p + (nb - 1) * nb];
        y[nb - 1] = 1.0;
        if (nb > 1)
            cblas_dtrsv(CblasColMajor, CblasUpper, CblasNoTrans, CblasNonUnit, nb - 1, B, nb, y, 1);
        /* two steps of iterative refinement with the same factors: the
         * residual of the equilibrated rows, its projection Q^T (the
         * Householder reflectors dgeqp3 left below R), and the correction of
         * the free components (the last stays 1).  Written out: for the
         * small blocks of two qubits a LAPACK call costs more than its
         * O(nb^2) flops. */
        for (int it = 0; nb > 1 && it < 2; it++) {
            for (int p = 0; p < nb; p++) {
                double v = 0;
                for (int q = 0; q < nb; q++)
                    v += NEQ_AT(L->M, n, idx[p], idx[jpvt[q] - 1]) * y[q];
                r[p] = rs[p] * v;
            }
            for (int j = 0; j < nb; j++) { /* r = H_j r, H_j = I - tau_j v v^T */
                double dot = r[j];
                for (int p = j + 1; p < nb; p++)
                    dot += B[p + j * nb] * r[p];
                dot *= tau[j];
                r[j] -= dot;
                for (int p = j + 1; p < nb; p++)
                    r[p] -= dot * B[p + j * nb];
            }
            for (int p = nb - 2; p >= 0; p--) { /* R11 delta = (Q^T r)_head */
                double v = r[p];
                for (int q = p + 1; q < nb - 1; q++)
                    v -= B[p + q * nb] * r[q];
                r[p] = v / B[p + p * nb];
            }
            for (int p = 0; p < nb - 1; p++)
                y[p] -= r[p];
        }
        for (int p = 0; p < nb; p++)
            c[idx[jpvt[p] - 1]] = y[p];
    }
    if (info)
        info->null_dim = null_dim;
    if (null_dim == 0)
        return neq_fail(NEQ_ELAPACK, "Liouvillian has no zero eigenvalue (relative tolerance %g)",
                        opt->rank_tol);
    if (null_dim > 1)
        return neq_fail(NEQ_ENONUNIQUE, "steady state is not unique: kernel dimension %d",
                        null_dim);
    return finish(L, opt, c, r, rho, info, 1);
}

int neq_steady_state(const neq_liouvillian *L, const neq_steady_options *opt,
                     neq_steady_workspace *ws, double complex *rho, neq_steady_info *info)
{
    neq_clear_error();
    if (!L || !rho)
        return neq_fail(NEQ_EINVAL, "neq_steady_state: NULL argument");
    NEQ_TRY(check_options(&opt));
    small_workspace small;
    neq_steady_workspace *tmp;
    NEQ_TRY(use_workspace(L, &ws, &small, &tmp));
    int rc = steady_state(L, opt, ws, rho, info);
    neq_steady_workspace_free(tmp);
    return rc;
}

int neq_steady_state_from(const neq_liouvillian *L, const double complex *rho0,
                          const neq_steady_options *opt, neq_steady_workspace *ws,
                          double complex *rho, neq_steady_info *info)
{
    neq_clear_error();
    if (!L || !rho0 || !rho)
        return neq_fail(NEQ_EINVAL, "neq_steady_state_from: NULL argument");
    NEQ_TRY(check_options(&opt));
    int d = L->d, n = L->n;
    NEQ_TRY(neq_check_hermitian(d, rho0, 1e-10, "initial state"));
    small_workspace small;
    neq_steady_workspace *tmp;
    NEQ_TRY(use_workspace(L, &ws, &small, &tmp));
    /* the SVD's matrices: allocated per call (this is the rare path, taken
     * when the kernel is degenerate, and dgesvd allocates its own work too) */
    size_t nn = (size_t)n * n;
    double *A = malloc(sizeof *A * (3 * nn + 8 * (size_t)n + (size_t)n * n));
    if (!A) {
        neq_steady_workspace_free(tmp);
        return neq_fail(NEQ_ENOMEM, "no memory for the null-space projection");
    }
    double *U = A + nn, *VT = U + nn, *s = VT + nn, *superb = s + n, *c0 = superb + n,
           *c = c0 + n, *z = c + n, *G = z + n;
    memcpy(A, L->M, sizeof *A * nn);
    int rc = NEQ_OK;
    lapack_int inf = LAPACKE_dgesvd(LAPACK_COL_MAJOR, 'A', 'A', n, n, A, n, s, U, n, VT, n, superb);
    if (inf != 0)
        rc = neq_fail(NEQ_ELAPACK, "dgesvd failed with info = %d", (int)inf);
    int rank = 0;
    if (rc == 0) {
        double tol = opt->rank_tol * L->norm;
        while (rank < n && s[rank] > tol)
            rank++;
        if (rank == n)
            rc = neq_fail(NEQ_ELAPACK, "Liouvillian has no zero eigenvalue (tolerance %g)", tol);
    }
    if (rc == 0) {
        int k = n - rank;
        /* X = V[:, rank:], Y = U[:, rank:];  G = Y^T X (k x k);  z = Y^T c0. */
        neq_to_hcoef(L, rho0, c0);
        for (int a = 0; a < k; a++) {
            const double *ya = U + (size_t)(rank + a) * n;
            z[a] = cblas_ddot(n, ya, 1, c0, 1);
            for (int b = 0; b < k; b++) {
                double g = 0;
                for (int p = 0; p < n; p++)
                    g += ya[p] * VT[(rank + b) + (size_t)p * n];
                G[a + b * k] = g;
            }
        }
        int *ipiv = ws->iwork;
        inf = LAPACKE_dgesv(LAPACK_COL_MAJOR, k, 1, G, k, ipiv, z, k);
        if (inf != 0)
            rc = neq_fail(NEQ_ELAPACK, "left/right null bases are not biorthogonalisable "
                                       "(dgesv info = %d)", (int)inf);
        if (rc == 0) {
            for (int p = 0; p < n; p++) {
                double v = 0;
                for (int b = 0; b < k; b++)
                    v += VT[(rank + b) + (size_t)p * n] * z[b];
                c[p] = v;
            }
            rc = finish(L, opt, c, ws->work, rho, info, k);
        }
    }
    free(A);
    neq_steady_workspace_free(tmp);
    return rc;
}
