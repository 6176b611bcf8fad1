/* Private layout of the generator and Liouvillian (src/master/ only). */
#ifndef NEQENT_MASTER_INTERNAL_H
#define NEQENT_MASTER_INTERNAL_H

#include "../core/internal.h"
#include "neqent/master.h"

#define NEQ_MAX_DIM 64       /* the dense Liouvillian (d^2 x d^2): six qubits */
#define NEQ_GKSL_MAX_DIM 4096 /* a generator (d x d operators): twelve qubits */

/* Every dissipator term is stored in diagonal (canonical) form,
 * rate 1 and jump operator L_k: a Kossakowski matrix gamma = U D U^+ becomes
 * L_k = sqrt(D_k) sum_b conj(U_bk) A_b (docs/physics.md, "GKSL form"). */
typedef struct {
    int group;
    double sign;        /* +1; -1 only for terms of an indefinite (Redfield) matrix */
    double complex *op; /* d x d */
} neq_jump;

/* A Hamiltonian term attributed to a dissipator group (the antihermitian
 * part of a Redfield dissipator): it enters the dynamics like H but its
 * energy current counts in that group's heat current. */
typedef struct {
    int group;
    double complex *op;
} neq_group_hamiltonian;

struct neq_gksl {
    int d;
    double complex *H;
    neq_jump *jumps;
    int njumps, capjumps;
    neq_group_hamiltonian *gh;
    int ngh;
    int ngroups;
    int completely_positive; /* 0 once an indefinite term was added */
};

/* Hermitian orthonormal basis F_k of d x d matrices, k < d^2:
 * k < d: E_kk; then for each i < j two entries,
 * (E_ij + E_ji)/sqrt 2 (type 1) and i(E_ij - E_ji)/sqrt 2 (type 2).
 * Coefficients c_k = Tr(F_k rho) are real for Hermitian rho. */
typedef struct {
    int i, j, type;
} neq_hbasis;

struct neq_liouvillian {
    int d, n;              /* n = d^2 */
    double *M;             /* n x n real matrix of L in the basis F_k */
    double norm;           /* max-abs norm scale of M (>= tiny) */
    double complex *H;     /* d x d */
    double complex *Q;     /* ngroups x (d x d): D_g^dagger(H), heat operators */
    int ngroups;
    neq_hbasis *basis;     /* n entries */
    int *block_of;         /* n: block index of each basis element */
    int *block_start;      /* nblocks + 1 offsets into block_idx */
    int *block_idx;        /* n: basis indices grouped by block */
    int nblocks;
    /* no scratch here: read-only once built (steady.c's neq_steady_workspace) */
};

/* rho -> real coefficients and back (rho Hermitian). */
void neq_to_hcoef(const neq_liouvillian *L, const double complex *rho, double *c);
void neq_from_hcoef(const neq_liouvillian *L, const double *c, double complex *rho);

#endif
