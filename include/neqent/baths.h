/* neqent: two coupled qubits, each with its own boson bath
 * (Quiroga et al. 2007).  Units k_B = hbar = 1; energies and temperatures
 * in the same unit (the paper's: K = 1).  Basis |00>, |01>, |10>, |11>,
 * qubit 1 the left factor, |1> excited (docs/physics.md). */
#ifndef NEQENT_BATHS_H
#define NEQENT_BATHS_H

#include <complex.h>

#include "neqent/davies.h"
#include "neqent/master.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    NEQ_ME_GLOBAL = 0 /* Davies generator in the eigenbasis of Q (the paper's eqs. 3, 7) */
} neq_me_kind;

typedef struct {
    double eps1, eps2; /* qubit splittings (eq. 5) */
    double K, Kp;      /* XX coupling K and Ising coupling K' (eq. 5) */
    double T1, T2;     /* bath temperatures, >= 0 */
    double gamma1, gamma2; /* couplings: J_j(w) = gamma_j (flat) or ohmic */
    neq_spectral_kind spectral;
    double cutoff;     /* ohmic cutoff */
    neq_me_kind me;
} neq_baths_params;

/* The built-in default: eps1 = eps2 = 1/3, K = 1, K' = 0, T1 = 1.5, T2 = 0.5,
 * gamma1 = gamma2 = 1, flat, global. */
void neq_baths_default(neq_baths_params *p);
/* Validates every field; the error detail names the offending one. */
int neq_baths_validate(const neq_baths_params *p);
/* Q of eq. (5), 4 x 4 column-major. */
int neq_baths_hamiltonian(const neq_baths_params *p, double complex *Q);
/* The generator; group 0 is bath 1, group 1 is bath 2. */
int neq_baths_generator(const neq_baths_params *p, neq_gksl **out);

typedef struct {
    double complex rho[16];    /* steady state, computational basis */
    double concurrence;
    double linear_entropy;     /* 4/3 (1 - Tr rho^2) */
    double von_neumann_entropy; /* nats */
    double purity;
    double heat_current[2];    /* J_j = Tr{Q L_j(rho)}, into the qubits from bath j */
    double entropy_production; /* -J1/T1 - J2/T2 */
    neq_steady_info info;
} neq_baths_result;

/* Steady state and every scalar quantity of it. */
int neq_baths_steady(const neq_baths_params *p, neq_baths_result *r);

#ifdef __cplusplus
}
#endif
#endif
