/* neqent: identical qubits near a body out of thermal equilibrium
 * (Bellomo & Antezza 2013): master equation (1) with the rates (4) and the
 * coupling Lambda of eqs. (6)-(7), for N = 1..12 qubits at any positions
 * (from N = 3 on, steady states by the sparse solver of sparse.h).
 *
 * Units (docs/physics.md, "Qubits near a body"): positions in m, omega in
 * rad/s, temperatures in K; rates, Lambda and frequency shifts in units of
 * the vacuum rate Gamma_0, time in units of 1/Gamma_0; the dynamics in the
 * frame rotating at omega; heat currents in units of hbar omega Gamma_0,
 * positive into the qubits; entropy production in k_B Gamma_0.
 * Two-qubit matrices: computational basis |00>,|01>,|10>,|11> (qubit 1 left,
 * |1> = |e>), so the paper's |1>,|2>,|3>,|4> = |gg>,|eg>,|ge>,|ee> are our
 * indices 0, 2, 1, 3; coupled basis G, A, S, E with
 * |A> = (|eg> - |ge>)/sqrt2, |S> = (|eg> + |ge>)/sqrt2.
 *
 * Threads: a neq_nb_model is read-only once built (neq_nb_model_alloc,
 * neq_nb_model_from_alpha): any number of threads may call neq_nb_steady,
 * neq_nb_generator, neq_nb_relaxation, neq_nb_eigenpopulations, neq_nb_alpha
 * and neq_nb_nq on the same
 * model at once; each call keeps its scratch (generator, Liouvillian,
 * steady-state workspace) to itself, and the result it writes must be the
 * caller's own.  neq_nb_model_alloc only reads the body (share it, em.h) and
 * uses a neq_em_workspace of its own.  The analytic functions are pure.  A
 * model must not be freed while another thread uses it. */
#ifndef NEQENT_NEARBODY_H
#define NEQENT_NEARBODY_H

#include <complex.h>

#include "neqent/em.h"
#include "neqent/master.h"

#include "neqent/common.h"

NEQ_BEGIN_DECLS

#define NEQ_NB_MAX_QUBITS 12
/* neq_nb_result holds rho itself up to this many qubits (64 x 64); beyond,
 * neq_nb_steady_rho writes it into the caller's storage. */
#define NEQ_NB_RHO_MAX_QUBITS 6

typedef struct {
    double omega;                              /* qubit frequency [rad/s] */
    int nq;                                    /* number of qubits, 1..12 */
    double pos[NEQ_NB_MAX_QUBITS][3];          /* (x, y, z) [m], z > 0 above the body */
    double complex dip[NEQ_NB_MAX_QUBITS][3];  /* dipole directions (normalised here) */
} neq_nb_geometry;

/* The paper's Fig. 4 setup (Bellomo & Antezza 2013): the body model's
 * defaults and neq_nb_default_geometry's. */
#define NEQ_NB_FIG4_OMEGA (0.3 * NEQ_SIC_OMEGA_T) /* rad/s: 0.3 omega_r        */
#define NEQ_NB_FIG4_Z 1e-6                        /* m: both qubits' height    */
#define NEQ_NB_FIG4_R12 0.25e-6                   /* m: lateral separation     */
#define NEQ_NB_FIG4_DELTA 0.01e-6                 /* m: SiC slab thickness     */
#define NEQ_NB_FIG4_TW 30.0                       /* K: the walls              */
/* The paper's Fig. 4 geometry: omega = NEQ_NB_FIG4_OMEGA, qubit 1 at
 * (0, 0, NEQ_NB_FIG4_Z), qubit 2 at (NEQ_NB_FIG4_R12, 0, NEQ_NB_FIG4_Z),
 * dipoles along z. */
void neq_nb_default_geometry(neq_nb_geometry *g);

/* The arrays of neq_nb_array. */
enum { NEQ_NB_CHAIN = 1, NEQ_NB_RING = 2, NEQ_NB_SQUARE = 3 };
/* Common arrays of nq identical qubits at height z above the body, dipoles
 * along z, omega of the default geometry:
 *   NEQ_NB_CHAIN  along x, neighbours `spacing` apart;
 *   NEQ_NB_RING   a regular polygon in the xy plane of side `spacing`;
 *   NEQ_NB_SQUARE a square lattice of nq = n^2 qubits, lattice constant
 *                 `spacing` (NEQ_EDIM for another nq). */
int neq_nb_array(int kind, int nq, double spacing, double z, neq_nb_geometry *g);

/* What a model and one steady state of nq qubits cost: peak memory beyond
 * the program's (bytes) and time (s) on one core of the reference machine
 * (measured: docs/benchmarks.md). */
int neq_nb_cost(int nq, double *bytes, double *seconds);
/* The same for the relaxation time (neq_nb_relaxation) beyond the steady
 * state: the dense spectrum up to six qubits, SLEPc beyond. */
int neq_nb_gap_cost(int nq, double *bytes, double *seconds);

/* The geometry-dependent part, computed once (all alpha_W, alpha_M, Lambda
 * for every pair) and reused for any temperatures. */
typedef struct neq_nb_model neq_nb_model;
/* The model of body b and geometry g (every alpha_W, alpha_M, Lambda of every pair, computed once); opt NULL: the default accuracy. */
int neq_nb_model_alloc(const neq_body *b, const neq_nb_geometry *g, const neq_em_options *opt,
                       neq_nb_model **out);
/* A model from given projected functions instead of a body (rates from
 * another electromagnetic solver, or model studies): alpha_W, alpha_M
 * Hermitian positive semidefinite, lambda Hermitian, all nq x nq column-major
 * (element (q, q') at [q + q' nq], as every matrix of neqent) in units of Gamma_0; omega sets n(omega, T). */
int neq_nb_model_from_alpha(double omega, int nq, const double complex *alpha_W,
                            const double complex *alpha_M, const double complex *lambda,
                            neq_nb_model **out);
/* Frees a model (NULL is allowed). */
void neq_nb_model_free(neq_nb_model *m);
/* Number of qubits of a model. */
int neq_nb_nq(const neq_nb_model *m);
/* Projected alpha_W^{qq'}, alpha_M^{qq'}, Lambda^{qq'} (nq x nq, column-major:
 * (q, q') at [q + q' nq]); any output may be NULL. */
int neq_nb_alpha(const neq_nb_model *m, double complex *alpha_W, double complex *alpha_M,
                 double complex *lambda);

/* Master equation (1) at T_W, T_M: group 0 = the walls' field, group 1 = the
 * body's.  shifts = 1 adds the body-induced frequency shifts Lambda^{qq}. */
int neq_nb_generator(const neq_nb_model *m, double T_W, double T_M, int shifts, neq_gksl **out);

typedef struct {
    int nq;
    double complex rho[64 * 64];      /* steady state, computational basis (dim 2^nq),
                                       * nq <= NEQ_NB_RHO_MAX_QUBITS (else untouched) */
    double complex rho_coupled[16];   /* nq = 2: basis G, A, S, E */
    double populations_coupled[4];    /* nq = 2: rho_G, rho_A, rho_S, rho_E */
    double concurrence;               /* nq = 2: Wootters */
    double K1, K2;                    /* nq = 2: eq. (2) */
    double pair_concurrence[NEQ_NB_MAX_QUBITS][NEQ_NB_MAX_QUBITS]; /* from reduced states */
    double purity, linear_entropy, von_neumann_entropy;
    double n_W, n_M;
    double Gamma_S, Gamma_A, n_S, n_A, T_S, T_A; /* nq = 2, eq. (9) */
    double heat_walls, heat_body;     /* [hbar omega Gamma_0], into the qubits */
    double entropy_production;        /* [k_B Gamma_0] */
    int null_dim;                     /* > 1: non-unique (rho from the ground state) */
    neq_steady_info info;
} neq_nb_result;

/* Steady state and every quantity.  A non-unique steady state (the paper's
 * footnote, Gamma_ii = Gamma_ij) is reported through null_dim > 1 and the
 * state reached from rho0 (NULL: the ground state) is returned. */
int neq_nb_steady(const neq_nb_model *m, double T_W, double T_M, int shifts,
                  const double complex *rho0, neq_nb_result *r);
/* The same for any number of qubits: the steady state into rho (the
 * caller's 2^nq x 2^nq, column-major), every other quantity into r.  From
 * N = 3 the sparse solver runs (the model's plan, built with it): a
 * non-unique steady state of more than six qubits is NEQ_ENONUNIQUE. */
int neq_nb_steady_rho(const neq_nb_model *m, double T_W, double T_M, int shifts,
                      const double complex *rho0, double complex *rho, neq_nb_result *r);
/* The same, one steady state across the ranks of an MPI job (the NEQENT_MPI
 * build under mpirun or srun; otherwise neq_nb_steady_rho): from seven
 * qubits, where the block is solved by GMRES, its rows are spread over the
 * ranks (neq_sparse_options.distributed); smaller blocks are solved on
 * every rank alike.  Collective: every rank calls it with the same model
 * and arguments, from its main thread (never inside a parallel region:
 * NEQ_EINVAL), and receives the whole state and every quantity. */
int neq_nb_steady_rho_mpi(const neq_nb_model *m, double T_W, double T_M, int shifts,
                          const double complex *rho0, double complex *rho, neq_nb_result *r);

/* A two-qubit state rho (4 x 4, computational basis) in the paper's terms:
 * rho_coupled (basis G, A, S, E), the populations of G, A, S, E, and K1, K2
 * of eq. (2).  Any output may be NULL. */
int neq_nb_coupled(const double complex *rho, double complex *rho_coupled, double pop[4],
                   double *K1, double *K2);

/* Collective populations: rho's populations in the eigenbasis of the
 * system Hamiltonian H = sum_{q != q'} Lambda^{qq'} s_q^+ s_q'^- (+ the
 * shifts Lambda^{qq} with shifts = 1), the N-qubit analogue of the
 * coupled basis G, A, S, E.  H conserves the excitation number, so its
 * eigenstates are found sector by sector (k = 0..nq excitations, sizes
 * C(nq, k)); the 2^nq outputs come in that order, and by energy within a
 * sector.  energies [hbar Gamma_0] are in the rotating frame (the
 * excitations' k hbar omega left out).  Within a degenerate eigenspace of
 * H the split of the population is the eigensolver's, not physical: use
 * the eigenspace's sum.  rho is d x d (d = 2^nq, column-major); either
 * output may be NULL. */
int neq_nb_eigenpopulations(const neq_nb_model *m, int shifts, const double complex *rho,
                            double *energies, double *populations);

/* Relaxation rate: the Liouvillian gap [Gamma_0] (its inverse, the
 * relaxation time, in 1/Gamma_0).  Separate from neq_nb_steady because it
 * costs an eigenvalue computation that maps rarely need: the whole
 * spectrum up to six qubits (dense: 2 s at six), beyond that the slowest of
 * the modes nearest the origin by SLEPc (neq_sparse_gap: minutes at seven
 * and eight qubits; docs/benchmarks.md). */
int neq_nb_relaxation(const neq_nb_model *m, double T_W, double T_M, int shifts, double *rate);

/* The thermal conductance dJ_M/dT_M [hbar omega Gamma_0 per K] at
 * T_W = T_M = T: how the heat from the body answers a small temperature
 * difference, exactly (linear response: L rho' = -(dL/dT_M) rho, with
 * dL/dT_M exact because the generator is affine in n_M).  Up to four qubits
 * (dense; NEQ_EDIM beyond).  NEQ_ENONUNIQUE if the steady state is not
 * unique (dark states), since then no single state answers. */
int neq_nb_conductance(const neq_nb_model *m, double T, int shifts, double *kappa);

/* The analytic case of the paper (identical qubits in equivalent positions,
 * real Gamma^12): the stationary populations of the rate equations (8),
 * eq. (10), in the order G, A, S, E, and the concurrence of eq. (12). */
int neq_nb_analytic(double Gamma_S, double Gamma_A, double n_S, double n_A, double pop[4],
                    double *C);
/* K1 of eq. (12) without the clamp (C = 2 max(0, K1)): negative where the
 * state is separable, smooth in (n_S, n_A) except on n_S = n_A, where it
 * is negative anyway; the objective for maximising C. */
int neq_nb_analytic_k1(double Gamma_S, double Gamma_A, double n_S, double n_A, double *K1);

NEQ_END_DECLS
#endif
