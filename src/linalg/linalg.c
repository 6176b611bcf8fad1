/* Small dense complex matrices (include/neqent/linalg.h).  Products go
 * through CBLAS zgemm and decompositions through LAPACKE; only the O(n^2)
 * bookkeeping (traces, norms, adjoints) is written out here. */
#include "neqent/linalg.h"
#include "../core/internal.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Below this size a product is done in place: a cblas_zgemm call costs
 * ~0.5 us of fixed overhead (argument checks, buffer management) against
 * 64 multiply-adds for 4 x 4, and these products dominate the per-point cost
 * of a parameter sweep (measured in docs/benchmarks.md). */
#define NEQ_SMALL_PRODUCT 8

void neq_mat_mul(int n, const double complex *A, const double complex *B, double complex *C)
{
    if (n <= NEQ_SMALL_PRODUCT) {
        for (int j = 0; j < n; j++)
            for (int i = 0; i < n; i++) {
                double complex s = 0;
                for (int k = 0; k < n; k++)
                    s += NEQ_AT(A, n, i, k) * NEQ_AT(B, n, k, j);
                NEQ_AT(C, n, i, j) = s;
            }
        return;
    }
    const double complex one = 1.0, zero = 0.0;
    cblas_zgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, n, n, n, &one, A, n, B, n, &zero, C, n);
}

void neq_mat_mul_adj_left(int n, const double complex *A, const double complex *B, double complex *C)
{
    if (n <= NEQ_SMALL_PRODUCT) {
        for (int j = 0; j < n; j++)
            for (int i = 0; i < n; i++) {
                double complex s = 0;
                for (int k = 0; k < n; k++)
                    s += conj(NEQ_AT(A, n, k, i)) * NEQ_AT(B, n, k, j);
                NEQ_AT(C, n, i, j) = s;
            }
        return;
    }
    const double complex one = 1.0, zero = 0.0;
    cblas_zgemm(CblasColMajor, CblasConjTrans, CblasNoTrans, n, n, n, &one, A, n, B, n, &zero, C, n);
}

void neq_mat_adjoint(int n, const double complex *A, double complex *B)
{
    for (int j = 0; j < n; j++)
        for (int i = 0; i < n; i++)
            NEQ_AT(B, n, j, i) = conj(NEQ_AT(A, n, i, j));
}

double complex neq_mat_trace(int n, const double complex *A)
{
    double complex t = 0;
    for (int i = 0; i < n; i++)
        t += NEQ_AT(A, n, i, i);
    return t;
}

double complex neq_mat_trace_prod(int n, const double complex *A, const double complex *B)
{
    /* Tr(AB) = sum_ij A_ij B_ji */
    double complex t = 0;
    for (int j = 0; j < n; j++)
        for (int i = 0; i < n; i++)
            t += NEQ_AT(A, n, i, j) * NEQ_AT(B, n, j, i);
    return t;
}

double neq_mat_norm_fro(int n, const double complex *A)
{
    double s = 0;
    for (size_t k = 0; k < (size_t)n * (size_t)n; k++)
        s += creal(A[k]) * creal(A[k]) + cimag(A[k]) * cimag(A[k]);
    return sqrt(s);
}

double neq_mat_hermiticity_error(int n, const double complex *A)
{
    double e = 0;
    for (int j = 0; j < n; j++)
        for (int i = 0; i <= j; i++) {
            double d = cabs(NEQ_AT(A, n, i, j) - conj(NEQ_AT(A, n, j, i)));
            if (d > e)
                e = d;
        }
    return e;
}

void neq_mat_hermitize(int n, double complex *A)
{
    for (int j = 0; j < n; j++) {
        NEQ_AT(A, n, j, j) = creal(NEQ_AT(A, n, j, j));
        for (int i = 0; i < j; i++) {
            double complex m = 0.5 * (NEQ_AT(A, n, i, j) + conj(NEQ_AT(A, n, j, i)));
            NEQ_AT(A, n, i, j) = m;
            NEQ_AT(A, n, j, i) = conj(m);
        }
    }
}

void neq_mat_kron(int na, const double complex *A, int nb, const double complex *B, double complex *C)
{
    int n = na * nb;
    for (int ja = 0; ja < na; ja++)
        for (int ia = 0; ia < na; ia++) {
            double complex a = NEQ_AT(A, na, ia, ja);
            for (int jb = 0; jb < nb; jb++)
                for (int ib = 0; ib < nb; ib++)
                    NEQ_AT(C, n, ia * nb + ib, ja * nb + jb) = a * NEQ_AT(B, nb, ib, jb);
        }
}

int neq_check_finite(int count, const double complex *a, const char *what)
{
    neq_clear_error();
    for (int k = 0; k < count; k++)
        if (!isfinite(creal(a[k])) || !isfinite(cimag(a[k])))
            return neq_fail(NEQ_ENAN, "%s has a non-finite entry (%g%+gi) at index %d", what,
                            creal(a[k]), cimag(a[k]), k);
    return NEQ_OK;
}

int neq_check_hermitian(int n, const double complex *A, double tol, const char *what)
{
    neq_clear_error();
    NEQ_TRY(neq_check_finite(n * n, A, what));
    double scale = 1.0;
    for (int k = 0; k < n * n; k++)
        if (cabs(A[k]) > scale)
            scale = cabs(A[k]);
    for (int j = 0; j < n; j++)
        for (int i = 0; i <= j; i++) {
            double d = cabs(NEQ_AT(A, n, i, j) - conj(NEQ_AT(A, n, j, i)));
            if (d > tol * scale)
                return neq_fail(NEQ_EHERMITIAN,
                                "%s is not Hermitian: |A[%d][%d] - conj(A[%d][%d])| = %.3g", what,
                                i, j, j, i, d);
        }
    return NEQ_OK;
}

/* OpenBLAS 0.3.21's Haswell zgemv kernel reads up to a few vectors past
 * the end of its operands (OpenMathLib/OpenBLAS#4013, #5000): every array
 * zheevd works on is ours, padded by this many elements, so that the
 * over-read stays inside memory we own (a large array is a mapping of its
 * own, and reading past it would fault). */
#define LAPACK_PAD 512

int neq_herm_eig(int n, const double complex *A, double *w, double complex *V)
{
    neq_clear_error();
    if (n <= 0 || !A || !w)
        return neq_fail(NEQ_EINVAL, "neq_herm_eig: bad arguments (n = %d)", n);
    char jobz = V ? 'V' : 'N';
    double complex qw;
    double qr;
    lapack_int qi, info;
    info = LAPACKE_zheevd_work(LAPACK_COL_MAJOR, jobz, 'U', n, NULL, n, w, &qw, -1, &qr, -1, &qi,
                               -1);
    if (info != 0)
        return neq_fail(NEQ_ELAPACK, "zheevd workspace query failed with info = %d", (int)info);
    size_t nn = (size_t)n * (size_t)n, lw = (size_t)creal(qw), lr = (size_t)qr, li = (size_t)qi;
    double complex *a = malloc(sizeof *a * (nn + LAPACK_PAD)),
                   *work = malloc(sizeof *work * (lw + LAPACK_PAD));
    double *rwork = malloc(sizeof *rwork * (lr + LAPACK_PAD));
    lapack_int *iwork = malloc(sizeof *iwork * (li + LAPACK_PAD));
    if (!a || !work || !rwork || !iwork) {
        free(a);
        free(work);
        free(rwork);
        free(iwork);
        return neq_fail(NEQ_ENOMEM, "neq_herm_eig: no memory for n = %d", n);
    }
    memcpy(a, A, sizeof *a * nn);
    info = LAPACKE_zheevd_work(LAPACK_COL_MAJOR, jobz, 'U', n, a, n, w, work, (lapack_int)lw,
                               rwork, (lapack_int)lr, iwork, (lapack_int)li);
    if (info == 0 && V)
        memcpy(V, a, sizeof *a * nn);
    free(a);
    free(work);
    free(rwork);
    free(iwork);
    if (info != 0)
        return neq_fail(NEQ_ELAPACK, "zheevd failed with info = %d", (int)info);
    return NEQ_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int root_of(int *parent, int a)
{
    while (parent[a] != a)
        a = parent[a] = parent[parent[a]];
    return a;
}

int neq_herm_eigvals_blocks(int n, const double complex *A, double *w)
{
    neq_clear_error();
    if (n <= 0 || !A || !w)
        return neq_fail(NEQ_EINVAL, "neq_herm_eigvals_blocks: bad arguments (n = %d)", n);
    int *parent = malloc(sizeof *parent * (size_t)n), *idx = malloc(sizeof *idx * (size_t)n);
    double complex *sub = malloc(sizeof *sub * (size_t)n * (size_t)n);
    int rc = (!parent || !idx || !sub) ? neq_fail(NEQ_ENOMEM, "no memory for eigenvalues (n = %d)", n)
                                       : NEQ_OK;
    for (int i = 0; rc == 0 && i < n; i++)
        parent[i] = i;
    for (int j = 0; rc == 0 && j < n; j++)
        for (int i = 0; i < j; i++)
            if (NEQ_AT(A, n, i, j) != 0) {
                int a = root_of(parent, i), b = root_of(parent, j);
                if (a != b)
                    parent[a] = b;
            }
    int nw = 0;
    for (int r = 0; rc == 0 && r < n; r++) {
        if (root_of(parent, r) != r)
            continue;
        int m = 0;
        for (int i = 0; i < n; i++)
            if (root_of(parent, i) == r)
                idx[m++] = i;
        for (int q = 0; q < m; q++)
            for (int p = 0; p < m; p++)
                sub[p + (size_t)q * m] = NEQ_AT(A, n, idx[p], idx[q]);
        rc = neq_herm_eig(m, sub, w + nw, NULL);
        nw += m;
    }
    if (rc == 0)
        qsort(w, (size_t)n, sizeof *w, cmp_double);
    free(parent);
    free(idx);
    free(sub);
    return rc;
}

/* Not LAPACK's zgetrf: OpenBLAS replaces it with a threaded version whose
 * rounding depends on the number of BLAS threads (measured: the last digit
 * of heat_cumulants differed between a 1- and a 2-thread process), and
 * these small matrices gain nothing from blocking; the results must be the
 * same bits in every process. */
int neq_zlu_factor(int n, double complex *A, int *piv)
{
    for (int k = 0; k < n; k++) {
        int p = k; /* the pivot by |Re| + |Im| (no square roots; LAPACK's izamax does so too) */
        double best = fabs(creal(A[k + (size_t)k * n])) + fabs(cimag(A[k + (size_t)k * n]));
        for (int r = k + 1; r < n; r++) {
            double v = fabs(creal(A[r + (size_t)k * n])) + fabs(cimag(A[r + (size_t)k * n]));
            if (v > best) {
                best = v;
                p = r;
            }
        }
        piv[k] = p;
        if (!(best > 0) || isinf(best)) /* zero, or NaN/inf: singular or corrupt */
            return k + 1;
        if (p != k)
            for (int c = 0; c < n; c++) {
                double complex t = A[k + (size_t)c * n];
                A[k + (size_t)c * n] = A[p + (size_t)c * n];
                A[p + (size_t)c * n] = t;
            }
        double complex inv = 1.0 / A[k + (size_t)k * n];
        for (int r = k + 1; r < n; r++)
            A[r + (size_t)k * n] *= inv;
        for (int c = k + 1; c < n; c++) {
            double complex a = A[k + (size_t)c * n];
            if (a == 0)
                continue;
            for (int r = k + 1; r < n; r++)
                A[r + (size_t)c * n] -= A[r + (size_t)k * n] * a;
        }
    }
    return 0;
}

void neq_zlu_solve(int n, const double complex *A, const int *piv, double complex *x)
{
    for (int k = 0; k < n; k++) { /* P: every interchange, in order */
        double complex t = x[piv[k]];
        x[piv[k]] = x[k];
        x[k] = t;
    }
    for (int k = 0; k < n; k++) /* L (unit diagonal) */
        for (int r = k + 1; r < n; r++)
            x[r] -= A[r + (size_t)k * n] * x[k];
    for (int k = n - 1; k >= 0; k--) { /* U */
        x[k] /= A[k + (size_t)k * n];
        for (int r = 0; r < k; r++)
            x[r] -= A[r + (size_t)k * n] * x[k];
    }
}
