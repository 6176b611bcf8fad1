/* neqent: steady states of large generators (many qubits) without the
 * dense d^2 x d^2 Liouvillian.
 *
 * The plan analyses a generator's structure once: the basis elements
 * |m><n| that the generator couples, followed from the populations (both
 * ways: L and its adjoint), form the blocks where steady states live; for
 * a generator that conserves excitation number (master equation (1) in the
 * rotating frame) they are the k = 0 coherences, C(2N, N) of the 4^N
 * elements for N qubits.  No symmetry is assumed: the blocks are whatever
 * the structure gives.  Each block is written in the real Hermitian basis
 * (master.h) as a sparse matrix, one population row replaced by the trace,
 * and SuiteSparse's UMFPACK analyses it once (fill-reducing ordering,
 * symbolic factorisation).  A solve then only fills in the values of a
 * generator of the same structure (another temperature), factorises and
 * solves, with UMFPACK's scaling and iterative refinement.  Larger blocks
 * (seven qubits and more: the coherent coupling fills the LU) go to PETSc's
 * GMRES, right-preconditioned by the exact inverse of the
 * part of L that keeps each pair of Heff's sectors (a Sylvester operator,
 * through Heff's eigenvectors per sector); its residual is the reported one.
 *
 * Scale: for N qubits of master equation (1) the block has C(2N, N) real
 * unknowns and about 40 N^2 ... 150 nonzeros per column; the LU's fill
 * sets the memory (docs/benchmarks.md: up to N = 8).
 *
 * Threads: a plan is read-only once built; any number of threads may call
 * neq_sparse_steady on one plan at once, each with its own workspace (the
 * numeric factorisation and the vectors live there).  PETSc is not
 * reentrant: GMRES solves run one at a time (a lock). */
#ifndef NEQENT_SPARSE_H
#define NEQENT_SPARSE_H

#include <complex.h>

#include "neqent/master.h"

#include "neqent/common.h"

NEQ_BEGIN_DECLS

typedef struct neq_sparse_plan neq_sparse_plan;
typedef struct neq_sparse_workspace neq_sparse_workspace;

/* The structure of generator g (its nonzero entries; their values do not
 * matter) analysed once: blocks, patterns, UMFPACK symbolic factorisations.
 * A generator with several blocks holding populations has several steady
 * states: the plan is built, and neq_sparse_steady reports NEQ_ENONUNIQUE. */
int neq_sparse_plan_alloc(const neq_gksl *g, neq_sparse_plan **out);
/* Frees a plan (NULL is allowed). */
void neq_sparse_plan_free(neq_sparse_plan *p);

/* What a plan holds: the Hilbert-space dimension, the number of blocks that
 * hold populations, the real unknowns and the nonzeros of their matrices
 * (any pointer may be NULL). */
int neq_sparse_plan_info(const neq_sparse_plan *p, int *d, int *nblocks, long *unknowns,
                         long *nonzeros);

/* Scratch of one thread's solves with plan p. */
int neq_sparse_workspace_alloc(const neq_sparse_plan *p, neq_sparse_workspace **out);
/* Frees a workspace (NULL is allowed). */
void neq_sparse_workspace_free(neq_sparse_workspace *ws);

/* Options of a sparse solve; NULL for the defaults in brackets. */
typedef struct {
    double positivity_tol; /* eigenvalues of rho above -tol accepted        [1e-10] */
    int verify;            /* 1: the full Liouvillian's residual of rho, beyond the
                            * blocks, in info->residual (checks that the blocks
                            * found really do not couple to the rest)        [0] */
    int method;            /* NEQ_SPARSE_AUTO: dense LU (LAPACK) up to 400 unknowns
                            * (five qubits), sparse LU (UMFPACK) up to 1000 (six),
                            * GMRES (PETSc) beyond;
                            * NEQ_SPARSE_DIRECT: UMFPACK up to 1000 unknowns,
                            * GMRES beyond;
                            * NEQ_SPARSE_ITERATIVE: GMRES for any block    [AUTO] */
    int distributed;       /* 1: GMRES across the ranks of MPI_COMM_WORLD, for a
                            * block solved iteratively: each rank builds its own
                            * columns, the rows are spread (no rank holds the
                            * block); a collective call: every rank with the same
                            * generator; rho on every rank.  One rank: serial [0] */
} neq_sparse_options;
/* neq_sparse_options.method */
enum { NEQ_SPARSE_AUTO = 0, NEQ_SPARSE_DIRECT = 1, NEQ_SPARSE_ITERATIVE = 2 };

/* The steady state of generator g, whose nonzero entries must lie within
 * the structure p was built from (NEQ_EINVAL otherwise), into rho (d x d,
 * column-major; zero outside the blocks).  info (may be NULL): residual
 * ||L(rho)|| / ||L|| over the blocks (over all of L with opt->verify), trace
 * error, null_dim (1, or an estimate from the LU's pivots when the kernel
 * is degenerate: NEQ_ENONUNIQUE), min_eigenvalue (computed for d <= 64,
 * NaN above). */
int neq_sparse_steady(const neq_sparse_plan *p, const neq_gksl *g,
                      const neq_sparse_options *opt, neq_sparse_workspace *ws,
                      double complex *rho, neq_steady_info *info);
/* The same, freeing *g (and setting it to NULL) as soon as its operators
 * are taken, before the solve: a generator holds dense d x d matrices, the
 * largest part of the memory that stays beside a solve of ten qubits and
 * more.  *g is freed whatever the outcome. */
int neq_sparse_steady_consume(const neq_sparse_plan *p, neq_gksl **g,
                              const neq_sparse_options *opt, neq_sparse_workspace *ws,
                              double complex *rho, neq_steady_info *info);

/* What neq_sparse_gap reports. */
typedef struct {
    double residual;   /* relative residual of the eigenpair */
    double imag;       /* Im lambda of the slowest mode [g's units] */
    long applications; /* of L */
} neq_gap_info;
/* The Liouvillian gap of generator g, min over eigenvalues lambda != 0 of
 * -Re lambda (in g's units; the relaxation time is 1/gap), for any d, by
 * SLEPc's Krylov-Schur with shift and invert, matrix-free (src/master/gap.c):
 * the modes nearest each of the frequencies where D, the part of L that
 * keeps each pair of Heff's sectors, has its slowest eigenvalues (the zero
 * frequency and the 7 slowest others), the steady state rho_ss (d x d,
 * from neq_sparse_steady) deflated.  A slow mode far from all of those
 * frequencies would be missed: the dense neq_gksl_gap is exhaustive.
 * Memory: some 50 vectors of 2 d^2 doubles.  tol: the eigenvalues'
 * relative residual (1e-10 is a good choice).  A non-unique steady state
 * gives 0.  Calls into PETSc/SLEPc are serialised (one thread at a time).
 * NEQ_ECONVERGE when the eigen-solver does not converge. */
int neq_sparse_gap(const neq_gksl *g, const double complex *rho_ss, double tol, double *gap,
                   neq_gap_info *info);

NEQ_END_DECLS

#endif
