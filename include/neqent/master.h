/* neqent: GKSL master equations, their Liouvillian, steady states, time
 * evolution and heat currents.
 *
 * Conventions (docs/physics.md): hbar = 1; matrices column-major (see
 * linalg.h); the generator is
 *
 *   L(rho) = -i[H, rho]
 *            + sum_g sum_ab gamma^g_ab (A_b rho A_a^+ - 1/2 {A_a^+ A_b, rho})
 *
 * where g labels dissipator groups (one per bath, so that heat currents can
 * be attributed) and gamma^g is a Hermitian positive-semidefinite
 * Kossakowski matrix.  The plain form rate * D[L] is the 1x1 special case.
 *
 * Life cycle, in the FFTW plan/execute style:
 *   neq_gksl_alloc -> set_hamiltonian / add_jump / add_kossakowski
 *   -> neq_liouvillian_alloc (builds the superoperator once)
 *   -> neq_steady_workspace_alloc (scratch of one thread)
 *   -> neq_steady_state, neq_propagate, neq_heat_currents ... (reuse them)
 *   -> neq_steady_workspace_free, neq_liouvillian_free, neq_gksl_free.
 *
 * Threads: a generator (neq_gksl) is written by its builder functions and
 * must not be shared while it is being built; once built, functions taking
 * a const neq_gksl * only read it.  A Liouvillian plan (neq_liouvillian)
 * and a propagator (neq_propagator) are read-only once built: any number of
 * threads may call neq_steady_state, neq_steady_state_from, neq_propagate,
 * neq_heat_currents, neq_liouvillian_spectrum/gap/matrix on the same plan
 * at once.  Scratch memory lives in a neq_steady_workspace, which is
 * written by every call: one per thread (or NULL for a temporary one),
 * never one shared by two threads at once.  Results do not depend on the
 * thread or on the workspace.  Nothing here keeps global or static mutable
 * state; a plan must not be freed while another thread uses it.  Error
 * details (neq_errdetail) are per thread. */
#ifndef NEQENT_MASTER_H
#define NEQENT_MASTER_H

#include <complex.h>
#include <float.h>

#include "neqent/common.h"

NEQ_BEGIN_DECLS

/* ---------------------------------------------------------------- generator */

typedef struct neq_gksl neq_gksl;

/* A generator on a Hilbert space of dimension dim (1..64), H = 0, no dissipator. */
int neq_gksl_alloc(int dim, neq_gksl **out);
/* Frees a generator (NULL is allowed). */
void neq_gksl_free(neq_gksl *g);
/* The Hilbert-space dimension of a generator (0 for NULL). */
int neq_gksl_dim(const neq_gksl *g);
/* Number of dissipator groups: 1 + the largest group index used (0 if none). */
int neq_gksl_ngroups(const neq_gksl *g);

/* Makes the generator report at least ngroups dissipator groups (a bath
 * that contributes no jump operator still has a heat current, zero). */
int neq_gksl_reserve_groups(neq_gksl *g, int ngroups);
/* The common end of a generator builder: if rc == 0, makes g report at
 * least ngroups groups and hands it to *out; otherwise frees g.  Returns the
 * final status. */
int neq_gksl_complete(int rc, neq_gksl *g, int ngroups, neq_gksl **out);
/* Sets H (dim x dim, must be Hermitian to 1e-12 relative; copied). */
int neq_gksl_set_hamiltonian(neq_gksl *g, const double complex *H);
/* A jump operator's entries of modulus <= NEQ_JUMP_FLOOR times its largest
 * are rounding and are stored as 0 (by add_jump and add_kossakowski). */
#define NEQ_JUMP_FLOOR (8 * DBL_EPSILON)
/* Adds rate * (L rho L^+ - 1/2 {L^+ L, rho}) to group `group` (>= 0);
 * rate >= 0 and finite, L finite (copied). */
int neq_gksl_add_jump(neq_gksl *g, int group, double rate, const double complex *L);
/* Adds the Kossakowski term with m operators A[0..m-1] and the m x m
 * Hermitian positive-semidefinite rate matrix gamma (column-major). */
int neq_gksl_add_kossakowski(neq_gksl *g, int group, int m, const double complex *const *A,
                             const double complex *gamma);
/* The same, for a rate matrix known only to an accuracy (e.g. from a
 * quadrature): eigenvalues down to -neg_tol times the largest are taken
 * as 0; below that NEQ_ENEGRATE.  neq_gksl_add_kossakowski uses 1e-12. */
int neq_gksl_add_kossakowski_tol(neq_gksl *g, int group, int m, const double complex *const *A,
                                 const double complex *gamma, double neg_tol);
/* The one decomposition behind every Kossakowski term: gamma (m x m,
 * Hermitian) = U diag(w) U^+; eigenvalues below -neg_tol times the largest
 * are NEQ_ENEGRATE, those of modulus <= 1e-14 of the largest are dropped,
 * and with a finite neg_tol the small negative ones too (INFINITY keeps
 * negative eigenvalues: an indefinite, Redfield, matrix).  The *nkeep kept
 * eigenvalues are w[0..*nkeep-1], their eigenvectors the first columns of
 * U (m x m, column-major). */
int neq_kossakowski_diag(int m, const double complex *gamma, double neg_tol, double *w,
                         double complex *U, int *nkeep);
/* Like neq_gksl_add_kossakowski, but gamma need only be Hermitian: an
 * indefinite matrix (a Bloch-Redfield generator, not completely positive)
 * is accepted and the generator is marked as such. */
int neq_gksl_add_kossakowski_indefinite(neq_gksl *g, int group, int m,
                                        const double complex *const *A,
                                        const double complex *gamma);
/* Adds -i[Hg, rho] attributed to dissipator group `group` (Hg Hermitian):
 * part of that group's dissipator, so its energy current counts in J_group. */
int neq_gksl_add_group_hamiltonian(neq_gksl *g, int group, const double complex *Hg);
/* 1 if every term is of GKSL (completely positive) form, 0 otherwise. */
int neq_gksl_is_completely_positive(const neq_gksl *g);
/* out = L(rho) (group < 0: the whole generator; group >= 0: that group's
 * dissipator alone, without the Hamiltonian part). */
int neq_gksl_apply(const neq_gksl *g, int group, const double complex *rho, double complex *out);
/* The Hamiltonian currently set (dim x dim, owned by g). */
const double complex *neq_gksl_hamiltonian(const neq_gksl *g);

/* ------------------------------------------------------------- liouvillian */

typedef struct neq_liouvillian neq_liouvillian;

/* Builds the superoperator of g (g may be changed or freed afterwards). */
int neq_liouvillian_alloc(const neq_gksl *g, neq_liouvillian **out);
/* Frees a Liouvillian plan (NULL is allowed). */
void neq_liouvillian_free(neq_liouvillian *L);
/* The Hilbert-space dimension d of the plan's states. */
int neq_liouvillian_dim(const neq_liouvillian *L);
/* The d^2 x d^2 complex superoperator acting on column-stacked vec(rho)
 * (vec index i + j*d holds rho_ij), written column-major into S. */
int neq_liouvillian_matrix(const neq_liouvillian *L, double complex *S);

/* Steady-state options; pass NULL for the defaults in brackets. */
typedef struct {
    double rank_tol;       /* singular if a pivot of a row-equilibrated      [1e-10]
                            * block is below rank_tol times its largest */
    double positivity_tol; /* eigenvalues of rho above -tol are accepted    [1e-10];
                            * INFINITY accepts any (non-CP generators) */
} neq_steady_options;

/* Diagnostics of a steady state. */
typedef struct {
    double residual;       /* ||L(rho)||_F / ||L||_F of the returned rho: relative
                            * to the generator's scale */
    double trace_error;    /* |Tr rho - 1| */
    double min_eigenvalue; /* smallest eigenvalue of rho */
    int null_dim;          /* dimension of the kernel of L (1 when unique) */
} neq_steady_info;

/* Scratch memory of the steady-state solvers, for one thread: the block
 * matrix, pivots and coefficients of a solve (about 8 d^4 bytes).  The
 * plan stays read-only; the workspace is written by every call. */
typedef struct neq_steady_workspace neq_steady_workspace;

/* A workspace for L and for any Liouvillian of dimension at most L's
 * (NEQ_ENOMEM if it cannot be allocated). */
int neq_steady_workspace_alloc(const neq_liouvillian *L, neq_steady_workspace **out);
/* Frees a workspace (NULL is allowed). */
void neq_steady_workspace_free(neq_steady_workspace *ws);

/* The unique steady state rho (d x d).  Returns NEQ_ENONUNIQUE (with
 * info->null_dim > 1 and rho untouched) when the kernel of L has more than
 * one dimension: then use neq_steady_state_from.  Returns NEQ_EUNPHYSICAL if
 * the result has an eigenvalue below -positivity_tol (rho is still written,
 * for inspection).  info may be NULL.  L is only read; ws (from
 * neq_steady_workspace_alloc, for a Liouvillian at least as large as L:
 * otherwise NEQ_EDIM) holds the scratch, and NULL uses a temporary one
 * inside the call (same result; on the stack for d <= 4, allocated and
 * freed for larger d). */
int neq_steady_state(const neq_liouvillian *L, const neq_steady_options *opt,
                     neq_steady_workspace *ws, double complex *rho, neq_steady_info *info);
/* The state reached at t -> infinity from rho0: the spectral projection of
 * rho0 onto the kernel of L (right and left null vectors), valid whether or
 * not the steady state is unique.  L is only read; ws as for
 * neq_steady_state (the SVD's own matrices, 4 d^4 doubles, are allocated
 * per call). */
int neq_steady_state_from(const neq_liouvillian *L, const double complex *rho0,
                          const neq_steady_options *opt, neq_steady_workspace *ws,
                          double complex *rho, neq_steady_info *info);

/* Eigenvalues of the superoperator (d^2 of them, any order). */
int neq_liouvillian_spectrum(const neq_liouvillian *L, double complex *eig);
/* Liouvillian gap: min |Re lambda| over eigenvalues lambda with
 * |lambda| > rank_tol * ||L|| (the slowest relaxation rate; the relaxation
 * time is 1/gap). */
int neq_liouvillian_gap(const neq_liouvillian *L, double *gap);
/* The same gap straight from a generator (builds and frees the Liouvillian
 * plan): for callers that need only the relaxation rate. */
int neq_gksl_gap(const neq_gksl *g, double *gap);

/* ---------------------------------------------------------------- dynamics */

typedef struct neq_propagator neq_propagator;

/* Prepares exp(L t) for any t >= 0: eigendecomposition of L when its
 * eigenvector matrix is well conditioned, scaling-and-squaring matrix
 * exponentials otherwise.  L may be freed afterwards. */
int neq_propagator_alloc(const neq_liouvillian *L, neq_propagator **out);
/* Frees a propagator (NULL is allowed). */
void neq_propagator_free(neq_propagator *P);
/* rho_t[k*d*d ...] = exp(L t[k]) rho0 for k < nt; t[k] >= 0, any order.
 * P is only read (share it between threads); scratch is allocated per call. */
int neq_propagate(const neq_propagator *P, const double complex *rho0, int nt, const double *t,
                  double complex *rho_t);

/* ------------------------------------------------------------------- heat */

/* The rounding floor of the heat currents, relative to d max_g |D_g^dagger(H)|. */
#define NEQ_HEAT_FLOOR (16 * DBL_EPSILON)
/* J[g] = Tr{H D_g(rho)}: the energy current into the system from dissipator
 * group g (positive when group g heats the system), g < ngroups.  When every
 * current lies within the traces' rounding (|J[g]| <= NEQ_HEAT_FLOOR d
 * max_g' |D_g'^dagger(H)| for all g), all are returned as 0: at equal
 * temperatures they vanish, and their noise would otherwise be divided by
 * the temperatures in the entropy production. */
int neq_heat_currents(const neq_liouvillian *L, const double complex *rho, double *J);
/* Number of dissipator groups (baths or fields) of the plan. */
int neq_liouvillian_ngroups(const neq_liouvillian *L);
/* sigma = -sum_g J[g] / T[g] (>= 0 in a steady state).  A group at T = 0
 * with J != 0 is NEQ_EDIVERGE (the entropy production is infinite); T < 0
 * or NaN is NEQ_EDOMAIN. */
int neq_entropy_production(int ngroups, const double *J, const double *T, double *sigma);

/* -------------------------------------------------------- linear response */

/* The largest dimension neq_steady_response handles (dense, d^2 unknowns). */
#define NEQ_RESPONSE_MAX_DIM 16
/* The exact response of the unique steady state rho of g to a parameter p
 * on which only the dissipators depend (temperatures, couplings):
 *   L drho = -dL(rho),  Tr drho = 0,
 * with dL the superoperator of dg (dgroup < 0: all of dg, including a
 * Hamiltonian; dgroup >= 0: only that group of dg, e.g. a generator built
 * at unit coupling whose group j is dL/dgamma_j).  dg may be indefinite
 * (not completely positive): derivative rates have either sign.  One LU of
 * L - |rho>><<1|, invertible iff rho is unique (NEQ_ENONUNIQUE otherwise).
 * dJ (may be NULL; neq_gksl_ngroups(g) entries): the derivatives of the
 * heat currents Tr{H D_k(rho)}, i.e. Tr{H dD_k(rho)} + Tr{H D_k(drho)},
 * with H the Hamiltonian of g.  d <= NEQ_RESPONSE_MAX_DIM (NEQ_EDIM beyond).
 * Reentrant: g and dg are only read; scratch is allocated per call. */
int neq_steady_response(const neq_gksl *g, const neq_gksl *dg, int dgroup,
                        const double complex *rho, double complex *drho, double *dJ);

NEQ_END_DECLS
#endif
