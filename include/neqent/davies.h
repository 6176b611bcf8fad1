/* neqent: Davies (global, secular Born-Markov) generators.
 *
 * For H_total = H + sum_j X_j (x) B_j + baths, with Hermitian coupling
 * operators X_j and independent baths at temperatures T_j, the Davies
 * generator is (Breuer & Petruccione, sec. 3.3; Quiroga et al. eqs. 3, 7)
 *
 *   L(rho) = -i[H, rho] + sum_j sum_w gamma_j(w) D[A_j(w)](rho),
 *   A_j(w) = sum_{E_b - E_a = w} P_a X_j P_b     (P_a: eigenprojectors of H)
 *   gamma_j(w)  = J_j(w) (1 + n(w, T_j))  for w > 0 (emission),
 *   gamma_j(-w) = J_j(w) n(w, T_j)                 (absorption),
 *   gamma_j(0)  = lim_{w -> 0+} J_j(w) (1 + n(w, T_j)) (pure dephasing).
 *
 * Bohr frequencies closer than the grouping tolerance are one frequency
 * (degenerate transitions are grouped, never split), so the result does not
 * depend on how LAPACK picks eigenvectors in a degenerate eigenspace.  The
 * Lamb shift is neglected, except by neq_davies_build_lamb.  Each bath is dissipator group j of the
 * generator, so neq_heat_currents() gives the current from bath j.
 *
 * Threads: reentrant.  H, the baths and their spectral densities are only
 * read (share them); neq_davies_build allocates its scratch per call and
 * returns a new generator, owned by the calling thread until it hands it
 * on. */
#ifndef NEQENT_DAVIES_H
#define NEQENT_DAVIES_H

#include <complex.h>

#include "neqent/master.h"

#include "neqent/common.h"

NEQ_BEGIN_DECLS

typedef enum {
    NEQ_SPECTRAL_FLAT = 0,  /* J(w) = gamma for all w > 0 (both papers)          */
    NEQ_SPECTRAL_OHMIC = 1, /* J(w) = gamma * w * exp(-w / cutoff)                */
    NEQ_SPECTRAL_DRUDE = 2  /* J(w) = 4 gamma cutoff w / (w^2 + cutoff^2): Drude-Lorentz
                             * with reorganisation energy lambda = gamma (QuTiP's
                             * 2 lambda gc w/(w^2 + gc^2) times 2: rates are J (1 + n)
                             * here, 2 J (1 + n) in QuTiP; docs/physics.md) */
} neq_spectral_kind;

typedef struct {
    neq_spectral_kind kind;
    double gamma;  /* coupling strength, >= 0 */
    double cutoff; /* ohmic or Drude cutoff frequency, > 0; for flat, only the Lamb shift
                    * uses it */
} neq_spectral_density;

typedef struct {
    const double complex *X;  /* d x d Hermitian coupling operator (column-major) */
    neq_spectral_density J;
    double T;                 /* temperature >= 0 */
} neq_bath;

/* J(w) for w > 0. */
int neq_spectral_eval(const neq_spectral_density *J, double w, double *value);
/* lim_{w -> 0+} J(w)(1 + n(w, T)), the pure-dephasing rate: gamma T
 * (ohmic), 4 gamma T / cutoff (Drude), gamma at T = 0 (flat; NEQ_EDIVERGE
 * at T > 0, where it is infinite).  *slope (may be NULL): its derivative in
 * T (the rate is linear in T; a flat density has none: NEQ_EDIVERGE). */
int neq_spectral_zero_rate(const neq_spectral_density *J, double T, double *rate, double *slope);

/* The Lamb shift S(w) = (1/2 pi) P int dv gamma(v) / (w - v) of one bath
 * (Breuer & Petruccione eq. 3.137: Gamma(w) = gamma(w)/2 + i S(w)), with
 * gamma(v) = J(v)(1 + n(v, T)) for v > 0 and J(|v|) n(|v|, T) for v < 0, in
 * closed form (docs/physics.md, "Lamb shift"):
 *   ohmic: (gamma/2 pi) [-wc + w e^{-w/wc} Ei(w/wc)
 *           + w sum_{k>=1} h(|w| (k/T + 1/wc))],  h(x) = e^{-x}Ei(x) + e^{x}Ei(-x);
 *   Drude: the exponentials of its correlation function (heom.h),
 *           S = sum_k (Re c_k w + Im c_k nu_k)/(nu_k^2 + w^2);
 *   flat, T = 0: (gamma/2 pi) ln(|w| / |w - wc|), J cut off at wc = J->cutoff.
 * A flat density at T > 0 diverges (J n(v) ~ gamma T/v): NEQ_EDIVERGE, as
 * does the flat one at w = 0 or w = wc. */
int neq_lamb_shift(const neq_spectral_density *J, double T, double w, double *S);

/* Builds the Davies generator of H (d x d Hermitian) coupled to nbaths baths.
 * bohr_tol: Bohr frequencies closer than bohr_tol * (1 + spread of H) are
 * grouped (pass 0 for the default 1e-9).  A zero-frequency component with a
 * flat density at T > 0 has a divergent dephasing rate: NEQ_EDIVERGE. */
int neq_davies_build(int d, const double complex *H, int nbaths, const neq_bath *baths,
                     double bohr_tol, neq_gksl **out);
/* The unified (partial-secular) generator (Trushechkin, PRA 103, 062226
 * (2021); Cattaneo et al., NJP 21, 113045 (2019)): positive Bohr
 * frequencies closer than `cluster` to a neighbour are one cluster (single
 * linkage) and treated as degenerate: one jump operator A = sum of their
 * A(w), with the rates at the cluster's mean frequency.  Completely positive
 * (one rank-1 term per cluster); cluster = 0 is the Davies generator.
 * *nclusters (may be NULL): the clusters of positive frequencies. */
int neq_davies_build_clustered(int d, const double complex *H, int nbaths, const neq_bath *baths,
                               double cluster, neq_gksl **out, int *nclusters);
/* The Davies (cluster = 0) or unified generator with each bath's Lamb-shift
 * Hamiltonian H_LS,j = sum_w S_j(w) A_j(w)^+ A_j(w) (w over both signs, and
 * a cluster's mean frequency for its jump operator) added to bath j's group,
 * so that it counts in J_j (it commutes with H when cluster = 0, and then
 * carries no energy). */
int neq_davies_build_lamb(int d, const double complex *H, int nbaths, const neq_bath *baths,
                          double cluster, neq_gksl **out);
/* The temperature derivative sum_j coef[j] d^order L / dT_j^order (order 1
 * or 2; each bath's rates depend on its own temperature only) of that
 * generator, as a generator whose superoperator is exactly that: no
 * Hamiltonian, the same jump operators with rates coef_j J(w) d^order
 * n(w, T_j)/dT^order in both directions (indefinite where negative, so not
 * completely positive).  The exact linear response of a steady state:
 * L drho = -(dL/dT) rho. */
int neq_davies_build_dT(int d, const double complex *H, int nbaths, const neq_bath *baths,
                        double bohr_tol, const double *coef, int order, neq_gksl **out);

/* The Onsager matrix of the Davies generator at equilibrium, every bath at
 * temperature T > 0 (baths[j].T ignored).  With J_i the heat current into
 * the system from bath i and the affinities X_k = 1/T - 1/T_k,
 * J_i = sum_k Lon_ik X_k to first order: Lon[i + nbaths k] = T^2 dJ_i/dT_k,
 * from one exact response per bath (neq_davies_build_dT,
 * neq_steady_response).  For any number of baths.  Reciprocity (Lon
 * symmetric), the second law (Lon positive semidefinite) and energy
 * conservation (rows and columns summing to 0) are properties of the
 * model, not imposed: they are what the tests check.  d <=
 * NEQ_RESPONSE_MAX_DIM; NEQ_ENONUNIQUE if the equilibrium state is not
 * unique. */
int neq_davies_onsager(int d, const double complex *H, int nbaths, const neq_bath *baths,
                       double T, double *Lon);

NEQ_END_DECLS
#endif
