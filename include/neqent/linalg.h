/* neqent: small dense complex matrices on LAPACKE/OpenBLAS.
 *
 * Storage convention (docs/physics.md, "Matrices"): an n x n matrix is an
 * array of n*n double complex in column-major order, element (i, j) at
 * a[i + j*n].  This is LAPACK's convention, so arrays pass to LAPACKE
 * without copies.  The caller owns every array.
 *
 * Threads: every function is reentrant and keeps no state; inputs (const)
 * are only read and may be shared, an output array must not be read or
 * written by another thread during the call.  LAPACK and BLAS calls go to
 * OpenBLAS: Debian's default (pthread) build is safe to call from several
 * threads at once; its serial build is not (docs/benchmarks.md), so link
 * the pthread or OpenMP build when calling neqent from threads. */
#ifndef NEQENT_LINALG_H
#define NEQENT_LINALG_H

#include <complex.h>

#include "neqent/common.h"

NEQ_BEGIN_DECLS

/* Element (i, j) of a column-major n x n matrix. */
#define NEQ_AT(a, n, i, j) ((a)[(size_t)(i) + (size_t)(j) * (size_t)(n)])

/* C = A B (n x n).  C must not alias A or B. */
void neq_mat_mul(int n, const double complex *A, const double complex *B, double complex *C);
/* C = A^+ B. */
void neq_mat_mul_adj_left(int n, const double complex *A, const double complex *B, double complex *C);
/* B = A^+ (may not alias). */
void neq_mat_adjoint(int n, const double complex *A, double complex *B);
/* Trace. */
double complex neq_mat_trace(int n, const double complex *A);
/* Tr(A B) without forming the product. */
double complex neq_mat_trace_prod(int n, const double complex *A, const double complex *B);
/* Frobenius norm. */
double neq_mat_norm_fro(int n, const double complex *A);
/* Max_ij |A_ij - conj(A_ji)|. */
double neq_mat_hermiticity_error(int n, const double complex *A);
/* A <- (A + A^+)/2. */
void neq_mat_hermitize(int n, double complex *A);
/* Kronecker product C = A (x) B, A is na x na, B is nb x nb. */
void neq_mat_kron(int na, const double complex *A, int nb, const double complex *B, double complex *C);

/* Checks used at every API boundary; on failure they set neq_errdetail()
 * naming `what` and return NEQ_ENAN / NEQ_EHERMITIAN. */
int neq_check_finite(int count, const double complex *a, const char *what);
/* Finite, and Hermitian to tol times the largest |entry| (at least 1). */
int neq_check_hermitian(int n, const double complex *A, double tol, const char *what);

/* LU factorisation with partial pivoting of the n x n complex A
 * (column-major), in place, pivots piv[0..n-1] (0-based row interchanges in
 * order): 0, or k + 1 if the k-th pivot is 0 or not finite.  Deterministic: the
 * same bits in every process, whatever the BLAS's threads (for the small
 * superoperators of counting statistics and linear response). */
int neq_zlu_factor(int n, double complex *A, int *piv);
/* Solves A x = b in place (x holds b) with a factorisation of neq_zlu_factor. */
void neq_zlu_solve(int n, const double complex *A, const int *piv, double complex *x);

/* Eigen-decomposition of a Hermitian matrix (LAPACK zheevd): eigenvalues
 * ascending in w[n]; if V is non-NULL it receives the orthonormal
 * eigenvectors as columns.  A is not modified. */
int neq_herm_eig(int n, const double complex *A, double *w, double complex *V);
/* The eigenvalues of Hermitian A (n x n, column-major), ascending, found
 * block by block of its nonzero pattern (the states of many qubits that
 * conserve excitation number are block diagonal: 252 x 252 blocks instead
 * of one 1024 x 1024 for ten qubits). */
int neq_herm_eigvals_blocks(int n, const double complex *A, double *w);

NEQ_END_DECLS
#endif
