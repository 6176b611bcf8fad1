/* neqent: full counting statistics of the heat a system exchanges with each
 * dissipator group (bath, or field: walls and body) of a GKSL generator.
 *
 * Counting: a jump operator L_k with [Hc, L_k] = e_k L_k hands the energy
 * e_k of the counting Hamiltonian Hc to the system (e_k > 0: absorption
 * from the bath); the heat Q_g counted is the energy that group g gives the
 * system, positive into the system, as the heat currents of master.h.  The
 * tilted generator for a real counting field s on group g is
 *   L(s) = L + sum_{k in g} (e^{s e_k} - 1) J_k,   J_k rho = L_k rho L_k^+,
 * whose leading eigenvalue lambda(s) is the scaled cumulant generating
 * function of Q_g: <e^{s Q_g(t)}> ~ e^{t lambda(s)}.  Its derivatives at
 * s = 0 are the cumulants (per unit time) of the exchanged heat: mean
 * current, variance (zero-frequency noise), skewness, ...  (docs/physics.md,
 * "Full counting statistics": units, signs, the fluctuation theorem
 * lambda(s) = lambda(1/T_g - 1/T_h - s) for two baths).
 *
 * Every jump must carry one energy of Hc (a Davies, global, generator; the
 * body model's generator with Hc the excitation number): otherwise
 * NEQ_EINVAL naming the jump.  Generators with terms that are not
 * completely positive (Redfield) are refused: their counting statistics
 * are not defined.  Dense: dimension d <= 16 (d^2 x d^2 superoperators).
 *
 * Threads: a neq_fcs is read-only once built; every function allocates its
 * own scratch (each call is O(d^6) anyway), so any number of threads may use
 * one at once.  Error details are per thread. */
#ifndef NEQENT_FCS_H
#define NEQENT_FCS_H

#include <complex.h>

#include "neqent/common.h"
#include "neqent/master.h"

NEQ_BEGIN_DECLS

/* The largest Hilbert-space dimension counted (four qubits). */
#define NEQ_FCS_MAX_DIM 16

typedef struct neq_fcs neq_fcs;

/* The counting statistics of g's groups with counting Hamiltonian Hc (d x d
 * Hermitian; NULL: g's own Hamiltonian).  g is copied (free it after). */
int neq_fcs_alloc(const neq_gksl *g, const double complex *Hc, neq_fcs **out);
/* Frees (NULL is allowed). */
void neq_fcs_free(neq_fcs *f);
/* Number of groups. */
int neq_fcs_ngroups(const neq_fcs *f);

/* The cumulants kappa[0..order-1] (order 1..8) of the heat from group
 * `group` per unit time, exactly, by the recursive scheme (Flindt et al.,
 * PRB 82, 155407 (2010)): the Drazin inverse of L on the complement of the
 * steady state rho (d x d, column-major; L(rho) = 0 with trace 1, as the
 * steady-state solvers return it) applied order by order, no numerical
 * differentiation.  kappa[0] is the mean heat current (as
 * neq_heat_currents gives it for a Davies generator), kappa[1] the
 * zero-frequency noise. */
int neq_fcs_cumulants(const neq_fcs *f, const double complex *rho, int group, int order,
                      double *kappa);
/* The gross energy flux of group g at rho: sum_k |e_k| Tr(L_k rho L_k^+),
 * what flows both ways (the scale against which a net current vanishes at
 * equilibrium; the same units as kappa[0]). */
int neq_fcs_gross_flux(const neq_fcs *f, const double complex *rho, int group, double *F);
/* The symmetrised finite-frequency noise S(omega) of group g's heat current
 * (S(0) = kappa[1]): <<1|L2|rho>> - <<1|L1 [R(omega) + R(-omega)] L1|rho>>,
 * R(omega) = Q (L + i omega)^{-1} Q, Q = 1 - |rho>><<1|. */
int neq_fcs_noise(const neq_fcs *f, const double complex *rho, int group, double omega, double *S);
/* S(omega[k]) at nw frequencies at once (what they share computed once). */
int neq_fcs_noise_spectrum(const neq_fcs *f, const double complex *rho, int group, int nw,
                           const double *omega, double *S);
/* lambda(s), the scaled cumulant generating function (the tilted
 * generator's eigenvalue of largest real part, real for real s), and its
 * slope dlambda/ds = the mean current of the tilted ensemble (from the left
 * and right eigenvectors; may be NULL). */
int neq_fcs_scgf(const neq_fcs *f, int group, double s, double *lambda, double *dlambda);
/* The large-deviation rate function I(J) = sup_s [s J - lambda(s)] on the
 * curve s -> (J(s) = lambda'(s), rate = s J - lambda) for s[0..n-1] (the
 * Legendre transform, parametric: exact where lambda is strictly convex). */
int neq_fcs_rate_function(const neq_fcs *f, int group, int n, const double *s, double *J,
                          double *rate);

NEQ_END_DECLS
#endif
