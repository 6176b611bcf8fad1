/* Private to src/master/sparse.c and krylov.c: the blocks of a sparse
 * plan and the generator's operators by columns. */
#ifndef NEQENT_INTERNAL_SPARSE_H
#define NEQENT_INTERNAL_SPARSE_H

#include "internal_master.h"

/* A d x d complex operator by columns (values) and by rows (pattern). */
typedef struct {
    int *cp, *ri; /* column pointers (d + 1), row indices */
    double complex *cv;
    int *rp, *ci; /* row pointers (d + 1), column indices */
} neq_sop;

/* A generator's operators: Heff = H - (i/2) sum s_k L_k^+ L_k and the
 * jump operators with their signs. */
typedef struct {
    int d, nj;
    neq_sop heff;
    neq_sop *jump;
    double *sign;
} neq_sops;

/* One block of a sparse plan: its real unknowns (pairs bi <= bj, type 0
 * population, 1 Re, 2 Im of a coherence) and the CSC pattern of A' (the
 * trace in row rrow). */
typedef struct {
    int n;
    int *bi, *bj;
    signed char *bt;
    int rrow;
    int *Ap, *Ai;
    void *symbolic; /* UMFPACK's, NULL for a block solved iteratively */
} neq_sblock;

/* The steady state of block B from A' (values Ax in B's pattern) by
 * restarted GMRES (PETSc) right-preconditioned with the exact inverse of
 * A's part that maps each pair of Heff's sectors to itself (a Sylvester
 * operator, solved through Heff's eigenvectors): x (B->n) solves A' x =
 * e_rrow to a residual of 1e-13 relative.  *iterations receives the count.
 * PETSc is not reentrant: the solves are serialised. */
int neq_krylov_steady(const neq_sblock *B, const neq_sops *o, const double *Ax, double *x,
                      int *iterations);

#endif
