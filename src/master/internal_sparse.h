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
/* The real entries of column l of a block's A' (the trace row's included)
 * into rows and vals (at most B->n + 1 of each): their number, or < 0 when
 * the generator leaves the block. */
typedef int (*neq_column_fn)(void *ctx, int l, int *rows, double *vals);
/* The ranks of MPI_COMM_WORLD (1 without MPI). */
int neq_krylov_ranks(void);
/* The same solve across the ranks of MPI_COMM_WORLD, with A' built
 * from its columns (col, each rank its own), so that no rank holds the
 * whole block; ||A'||_F^2 into *norm2 and the squared residual of A (rows
 * but the trace's, and minus the populations' sum for it) into *res2.
 * Collective, on more than one rank. */
int neq_krylov_steady_assembled_mpi(const neq_sblock *B, const neq_sops *o, neq_column_fn col,
                                    void *ctx, double *x, int *iterations, double *norm2,
                                    double *res2);
/* The exact inverse of D - sigma, D(X) = -i Heff X + i X Heff^+ the part
 * of L that keeps each pair of Heff's sectors (krylov.c): for block B's
 * pairs, or for the whole space (B = NULL).  The caller fills the d x d
 * matrix neq_sylvester_matrix() and neq_sylvester_solve overwrites it. */
typedef struct neq_sylvester neq_sylvester;
int neq_sylvester_alloc(const neq_sops *o, const neq_sblock *B, double complex shift,
                        neq_sylvester **S);
void neq_sylvester_set_shift(neq_sylvester *S, double complex shift);
/* Where L's slow modes may oscillate: D's eigenvalues grouped into clusters
 * of frequencies (|Im nu| >= 0) within `width` of each other, the kmax
 * clusters whose slowest member decays slowest, as (frequency, Re nu)
 * pairs into freq (2 kmax doubles), the zero frequency always first. */
int neq_sylvester_frequencies(const neq_sylvester *S, double width, int kmax, double *freq,
                              int *nfreq);
double complex *neq_sylvester_matrix(neq_sylvester *S);
void neq_sylvester_solve(neq_sylvester *S);
void neq_sylvester_free(neq_sylvester *S);

/* A generator's operators (sparse.c); neq_sops_free releases them. */
int neq_sops_build(const neq_gksl *g, neq_sops *o);
void neq_sops_free(neq_sops *o);

/* PETSc and SLEPc, initialised on first use (no signal handlers, errors
 * returned): enter takes the lock that serialises every call into them
 * (returns with it held on NEQ_OK only), leave releases it. */
int neq_petsc_enter(void);
void neq_petsc_leave(void);
/* y = f(ctx, x) on the arrays of PETSc vectors in, out (shell operators). */
struct _p_Vec;
int neq_petsc_map(struct _p_Vec *in, struct _p_Vec *out,
                  void (*f)(void *, const double *, double *), void *ctx);

#endif
