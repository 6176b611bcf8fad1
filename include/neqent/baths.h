/* neqent: two coupled qubits, each with its own boson bath
 * (Quiroga et al. 2007).  Units k_B = hbar = 1; energies and temperatures
 * in the same unit (the paper's: K = 1).  Basis |00>, |01>, |10>, |11>,
 * qubit 1 the left factor, |1> excited (docs/physics.md).  Heat currents:
 * J_j > 0 when bath j heats the qubits; J_1 + J_2 = 0 in a steady state.
 *
 * Threads: every function here is reentrant.  A neq_baths_params is only
 * read (share it); each call builds and frees its own generator, Liouvillian
 * and steady-state scratch (and neq_baths_tc its own GSL root solver), and
 * writes only the result it is given, which must not be shared with a
 * thread that reads or writes it at the same time. */
#ifndef NEQENT_BATHS_H
#define NEQENT_BATHS_H

#include <complex.h>

#include "neqent/davies.h"
#include "neqent/master.h"

#include "neqent/common.h"

NEQ_BEGIN_DECLS

/* The master equations a user can choose (docs/physics.md, "Which master
 * equation"). */
typedef enum {
    NEQ_ME_GLOBAL = 0,  /* Davies generator in the eigenbasis of Q (the paper's eqs. 3, 7) */
    NEQ_ME_LOCAL = 1,   /* each bath damps its own qubit at its bare frequency eps_j */
    NEQ_ME_REDFIELD = 2, /* Bloch-Redfield without the secular approximation (not CP) */
    NEQ_ME_UNIFIED = 3   /* partial-secular: close Bohr frequencies clustered (CP) */
} neq_me_kind;

/* The unified equation clusters Bohr frequencies closer than this many
 * times the largest relaxation rate J_j(w) (2 n_j(w) + 1) at the system's
 * positive Bohr frequencies w: where the secular approximation cannot tell
 * two frequencies apart. */
#define NEQ_UNIFIED_FACTOR 10.0

/* "global", "local", "redfield", "unified"; NULL for an unknown kind. */
const char *neq_me_name(neq_me_kind me);
/* Parses a name; NEQ_EINVAL (detail names it) if unknown. */
int neq_me_parse(const char *name, neq_me_kind *me);

typedef struct {
    double eps1, eps2;     /* qubit splittings (eq. 5) */
    double K, Kp;          /* XX coupling K and Ising coupling K' (eq. 5) */
    double T1, T2;         /* bath temperatures, > 0 (at 0 the entropy production diverges) */
    double gamma1, gamma2; /* couplings: J_j(w) = gamma_j (flat), gamma_j w e^{-w/wc} (ohmic),
                            * or gamma_j times the Drude density of lambda (below) */
    neq_spectral_kind spectral;
    double cutoff;         /* ohmic or Drude cutoff wc > 0 */
    double lambda;         /* Drude: bath j's reorganisation energy is gamma_j lambda,
                            * J_j(w) = 4 gamma_j lambda wc w / (w^2 + wc^2) */
    neq_me_kind me;
    int lamb_shift;        /* 1: add each bath's Lamb shift (ohmic or Drude: a flat J's
                            * diverges at T > 0); eps1, eps2 are then the bare splittings */
} neq_baths_params;

/* The built-in default: eps1 = eps2 = 1/3, K = 1, K' = 0, T1 = 1.5, T2 = 0.5,
 * gamma1 = gamma2 = 1, flat, global, no Lamb shift (ohmic and Drude cutoff
 * 10, lambda 0.01). */
void neq_baths_default(neq_baths_params *p);
/* Validates every field; the error detail names the offending one. */
int neq_baths_validate(const neq_baths_params *p);
/* Q of eq. (5), 4 x 4 column-major. */
int neq_baths_hamiltonian(const neq_baths_params *p, double complex *Q);

/* Eigensystem in the paper's labelling: |s1> = |00>, |s2> = |11>,
 * |s3> = cos(theta/2)|10> + sin(theta/2)|01> (E3 = alpha - K'),
 * |s4> = -sin(theta/2)|10> + cos(theta/2)|01> (E4 = -alpha - K'),
 * alpha = sqrt(K^2 + (eps1 - eps2)^2/4), theta = atan2(2K, eps1 - eps2). */
typedef struct {
    double E[4];
    double alpha, theta;
    double complex V[16]; /* column k = |s_{k+1}> in the computational basis */
} neq_baths_eigen;
/* The eigensystem of Q (eq. 5) in the paper's labels (above). */
int neq_baths_eigensystem(const neq_baths_params *p, neq_baths_eigen *e);

/* The generator of p->me; group 0 is bath 1, group 1 is bath 2. */
int neq_baths_generator(const neq_baths_params *p, neq_gksl **out);
/* The unified equation's clustering at p: the width (NEQ_UNIFIED_FACTOR
 * times the largest J_j(w) (2 n_j(w) + 1) over the positive Bohr
 * frequencies w of Q) and the number of clusters of positive Bohr
 * frequencies it makes. */
int neq_baths_unified_clusters(const neq_baths_params *p, double *width, int *nclusters);

typedef struct {
    double complex rho[16];       /* steady state, computational basis */
    double complex rho_eigen[16]; /* the same in the eigenbasis s1..s4 */
    neq_baths_eigen eigen;
    double concurrence;           /* Wootters */
    double linear_entropy;        /* 4/3 (1 - Tr rho^2) */
    double von_neumann_entropy;   /* nats */
    double purity;
    double negativity;
    double heat_current[2];       /* J_j = Tr{Q L_j(rho)} */
    double entropy_production;    /* -J1/T1 - J2/T2 */
    int has_e;                    /* (e1, e2) defined: eps1 = eps2 > 0, K' = 0, K != 0 */
    double e1, e2;                /* Fig. 1 coordinates e(w1), e(w2) */
    double w1, w2;                /* w1 = |eps - |K||, w2 = eps + |K| */
    int completely_positive;      /* 0 for Redfield */
    neq_steady_info info;         /* residual, trace error, min eigenvalue */
} neq_baths_result;

/* Steady state and every quantity of it.  For Redfield, a steady state with
 * negative eigenvalues is returned (info.min_eigenvalue < 0 tells) rather
 * than refused: that is the physics users study with it. */
int neq_baths_steady(const neq_baths_params *p, neq_baths_result *r);

/* Relaxation rate: the Liouvillian gap of p's generator (its inverse is the
 * relaxation time).  Separate from neq_baths_steady because it costs a full
 * eigenvalue computation, which parameter maps rarely need. */
int neq_baths_relaxation(const neq_baths_params *p, double *rate);

/* Quiroga's e(w) = (n1(w) + n2(w)) / (1 + n1(w) + n2(w)). */
int neq_baths_e(double w, double T1, double T2, double *e);

/* Equilibrium concurrence: concurrence of the Gibbs state of Q at T (the
 * steady state of the global ME when T1 = T2 = T). */
int neq_baths_ceq(const neq_baths_params *p, double T, double *C);
/* Sudden-death temperature: the largest T at which C_eq(T) vanishes
 * (Brent root of the unclamped X-state concurrence).  *Tc = 0 when C_eq is 0
 * at every temperature. */
int neq_baths_tc(const neq_baths_params *p, double *Tc);

/* Linear-nonequilibrium limit at mean temperature T_M, dT = T1 - T2,
 * T1 = T_M + dT/2, T2 = T_M - dT/2 (the other parameters from p):
 *   C(dT)   = C_eq   + dC  dT - alpha  dT^2 + O(dT^3)
 *   S_L(dT) = S_L,eq + dSL dT + alpha' dT^2 + O(dT^3)
 *   J1(dT)  = kappa dT + O(dT^2)
 * C is the unclamped X-state concurrence 2 max(K1, K2).  In the symmetric
 * case dC = dSL = 0 by symmetry. */
typedef struct {
    double T_mean;
    double C_eq, SL_eq;
    double dC, dC_err, alpha, alpha_err;
    double dSL, dSL_err, alpha_p, alpha_p_err;
    double kappa, kappa_err;
    int symmetric; /* eps1 = eps2 and gamma1 = gamma2 */
} neq_baths_lnel_result;
/* The coefficients at mean temperature T_mean > 0 (above); p's T1, T2 are
 * ignored: exact (neq_baths_lnel_exact) for the global ME, by finite
 * differences (neq_baths_lnel_fd) for the local and Redfield ones. */
int neq_baths_lnel(const neq_baths_params *p, double T_mean, neq_baths_lnel_result *r);
/* The same by central differences with Richardson extrapolation, for any
 * master equation (the cross-check of the exact route); each *_err is the
 * larger of the extrapolation's last correction and its rounding floor. */
int neq_baths_lnel_fd(const neq_baths_params *p, double T_mean, neq_baths_lnel_result *r);
/* The same coefficients exactly, for the global ME: the derivatives of the
 * steady state along dT from two extra solves with one factorisation,
 * L rho' = -L_v rho and L rho'' = -2 L_v rho' - L_vv rho (L_v, L_vv the
 * analytic temperature derivatives of the generator, neq_davies_build_dT),
 * and the chain rule for C, S_L and J1.  The *_err fields hold the rounding
 * (1e-12 of each scale).  NEQ_EINVAL for the local and Redfield equations. */
int neq_baths_lnel_exact(const neq_baths_params *p, double T_mean, neq_baths_lnel_result *r);

/* The parameters of exact linear response (neq_baths_response). */
typedef enum {
    NEQ_BATHS_D_T1 = 0,     /* d/dT1 */
    NEQ_BATHS_D_T2 = 1,     /* d/dT2 */
    NEQ_BATHS_D_GAMMA1 = 2, /* d/dgamma1 */
    NEQ_BATHS_D_GAMMA2 = 3  /* d/dgamma2 */
} neq_baths_dparam;
/* The exact derivative of the steady state (drho, computational basis) and
 * of the heat currents (dJ[0], dJ[1]) with respect to one parameter, by one
 * extra solve (neq_steady_response): L drho = -(dL/dp) rho.
 *   - Temperatures: the global ME without the Lamb shift (dL/dT_j from the
 *     analytic dn/dT, neq_davies_build_dT).
 *   - Couplings: the global, local and Redfield MEs, with or without the
 *     Lamb shift: each is linear in gamma_j, so dL/dgamma_j is bath j's
 *     part of the generator at gamma_j = 1.  Not the unified ME, whose
 *     clusters depend on the couplings.
 * Other cases: NEQ_EINVAL (use finite differences of neq_baths_steady). */
int neq_baths_response(const neq_baths_params *p, neq_baths_dparam which, double complex *drho,
                       double *dJ);

NEQ_END_DECLS
#endif
