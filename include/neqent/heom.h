/* neqent: the hierarchical equations of motion (HEOM), an exact reference
 * for the two-qubit, two-bath model of Quiroga et al.: each qubit couples
 * through sigma_x to its own Drude-Lorentz bath at its own temperature.
 *
 * Bath j's correlation function, with QuTiP's convention
 * J(w) = pi sum_k g_k^2 delta(w - w_k) = 2 lambda_j gc w / (w^2 + gc^2)
 * (neqent's NEQ_SPECTRAL_DRUDE is twice that, because its rates are J(1 + n)),
 *   C_j(t) = (1/pi) int_0^inf J(w) [coth(w/2T) cos wt - i sin wt] dw
 *          = sum_k c_k e^{-nu_k t}  (Tishchenko/Tanimura; docs/physics.md),
 * is expanded in exponentials: the Drude pole nu_0 = gc with
 * c_0 = lambda gc (cot(gc/2T) - i), then nterms Matsubara (nu_k = 2 pi k T)
 * or Pade (Hu, Xu, Yan, J. Chem. Phys. 133, 101106 (2010)) poles, and
 * optionally the Ishizaki-Tanimura terminator for the rest:
 * -delta [Q, [Q, .]], delta = sum over the neglected k of c_k / nu_k.
 * The hierarchy (Tanimura; QuTiP's HEOMSolver uses the same form):
 *   d rho_n/dt = (L_S - sum_k n_k nu_k) rho_n - i sum_k [Q_k, rho_{n+e_k}]
 *                - i sum_k n_k (c_k Q_k rho_{n-e_k} - c_k^* rho_{n-e_k} Q_k),
 * truncated at sum_k n_k <= depth.  Every auxiliary density operator (ADO)
 * is Hermitian and has the parity (-1)^|n| under sz1 sz2 (the steady
 * state's sector): 8 real unknowns each.  The steady state is one sparse
 * real linear system: UMFPACK up to 16000 unknowns, PETSc's GMRES with
 * ILU(0) in RCM order (then BiCGStab, ILU(2) and UMFPACK, should it break
 * down) and iterative refinement beyond; the time evolution an ODE (GSL's
 * rk8pd).
 *
 * Heat: J_j, the energy current into the qubits from bath j, from the
 * first-tier ADOs (Kato & Tanimura, J. Chem. Phys. 145, 224105 (2016)):
 *   J_j = -sum_{k in j} nu_k Tr{Q_j rho_{e_k}} + 2 Im(sum_{k in j} c_k) Tr{Q_j^2 rho}
 *         - delta_j Tr{[[Q, Q_j], Q_j] rho}.
 *
 * Threads: reentrant; nothing is shared between calls. */
#ifndef NEQENT_HEOM_H
#define NEQENT_HEOM_H

#include <complex.h>

#include "neqent/baths.h"
#include "neqent/common.h"

NEQ_BEGIN_DECLS

typedef enum {
    NEQ_HEOM_MATSUBARA = 0, /* nu_k = 2 pi k T */
    NEQ_HEOM_PADE = 1       /* the [N-1/N] Pade poles of the Bose function */
} neq_heom_expansion;

/* The exponential expansion of one Drude-Lorentz bath (lambda >= 0,
 * cutoff > 0, T > 0): c[0..nterms], nu[0..nterms] (c[0], nu[0] the Drude
 * pole), and *delta the terminator's coefficient: the exact
 * sum_{k>=1} c_k/nu_k = 2 lambda T/gc - lambda cot(gc/2T) minus the kept
 * ones.  nterms 0..64.  NEQ_EDIVERGE when gc is a Matsubara frequency
 * 2 pi k T (cot diverges) or one of the kept poles nu_k (its coefficient
 * does): move gc or T slightly. */
int neq_drude_expansion(double lambda, double cutoff, double T, neq_heom_expansion kind,
                        int nterms, double complex *c, double *nu, double *delta);

/* The numerical settings of a hierarchy. */
typedef struct {
    neq_heom_expansion expansion;
    int nterms;     /* exponentials per bath beyond the Drude pole (0..64) */
    int depth;      /* the hierarchy's depth, sum_k n_k <= depth (1..32) */
    int terminator; /* 1: add the terminator for the neglected exponentials */
    int solver;     /* NEQ_HEOM_AUTO (0): UMFPACK up to 16000 unknowns, GMRES beyond;
                     * NEQ_HEOM_DIRECT, NEQ_HEOM_KRYLOV: that one */
} neq_heom_settings;

/* neq_heom_settings.solver */
enum { NEQ_HEOM_AUTO = 0, NEQ_HEOM_DIRECT = 1, NEQ_HEOM_KRYLOV = 2 };

/* Defaults: Pade, 2 terms, depth 4, with the terminator. */
neq_heom_settings neq_heom_settings_default(void);

typedef struct {
    double complex rho[16];  /* the qubits' state rho_0, computational basis */
    double heat_current[2];  /* J_1, J_2: into the qubits from each bath */
    double concurrence, purity;
    long n_ados;             /* auxiliary density operators, rho_0 included */
    long unknowns;           /* real unknowns of the linear system: 8 n_ados */
    double residual;         /* ||A x - b||_inf / (||A||_inf ||x||_inf) */
    int iterations;          /* GMRES iterations beyond 16000 unknowns; 0: direct (UMFPACK) */
} neq_heom_result;

/* The size of the heat currents p's baths can carry: 4 lambda max_j gamma_j
 * (|eps1| + |eps2| + |K| + |K'|), a rate times an energy.  Changes and
 * errors of J are measured against max(max_j |J_j|, 1e-6 of it): where J
 * vanishes (equal temperatures), its rounding is no scale. */
double neq_heom_current_scale(const neq_baths_params *p);

/* The number of ADOs of a hierarchy with K exponentials truncated at depth:
 * binomial(K + depth, depth); -1 beyond 2^62. */
long neq_heom_count(int nexp, int depth);

/* The steady state of the hierarchy for p's qubits and temperatures, with
 * p->spectral = NEQ_SPECTRAL_DRUDE (bath j's reorganisation energy
 * gamma_j lambda, cutoff p->cutoff); p->me and p->lamb_shift are ignored.
 * NEQ_EINVAL for another spectral density, NEQ_EDIM if the system exceeds
 * the memory a direct solve may use (max_unknowns 4e6 real unknowns),
 * NEQ_ENONUNIQUE if it is singular. */
int neq_heom_steady(const neq_baths_params *p, const neq_heom_settings *s, neq_heom_result *r);

/* Convergence: starting from nterms = 1 and depth = 2, adds exponentials or
 * depth (whichever changes C and J1 more) until one more of either changes
 * C by less than tol and J1, J2 by less than tol relative to max |J| (or
 * max_ados would be exceeded: NEQ_ECONVERGE, with *reached and *r the last
 * complete settings and *change the last change).  *reached: the settings
 * of *r; *change: the largest change at the last step. */
int neq_heom_converge(const neq_baths_params *p, neq_heom_expansion kind, int terminator,
                      double tol, long max_ados, neq_heom_settings *reached, neq_heom_result *r,
                      double *change);

/* rho_0(t) at nt times t[k] >= 0 (increasing) from the product of rho0 and
 * the baths' equilibria (every ADO 0 at t = 0), into rho_t (nt x 16).
 * rho0 must be in the steady state's parity sector (it commutes with
 * sz1 sz2; NEQ_EINVAL otherwise).  Relative and absolute accuracy 1e-10. */
int neq_heom_evolve(const neq_baths_params *p, const neq_heom_settings *s,
                    const double complex *rho0, int nt, const double *t, double complex *rho_t);

NEQ_END_DECLS
#endif
