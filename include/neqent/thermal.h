/* neqent: thermal helpers (k_B = hbar = 1 unless a function says SI).
 *
 * Threads: every function is reentrant and keeps no state; inputs are only
 * read, outputs belong to the caller's thread. */
#ifndef NEQENT_THERMAL_H
#define NEQENT_THERMAL_H

#include <complex.h>

#include "neqent/common.h"

NEQ_BEGIN_DECLS

/* Bose-Einstein occupation n(w, T) = 1/(exp(w/T) - 1), full relative
 * accuracy for w/T from 1e-8 to beyond 700 (expm1), exactly 0 for T = 0 and
 * w > 0, n(-w) = -(1 + n(w)) for w < 0.  w = 0 is NEQ_EDIVERGE; T < 0 or
 * NaN is NEQ_EDOMAIN / NEQ_ENAN. */
int neq_bose_einstein(double w, double T, double *n);

/* Gibbs state exp(-H/T)/Z of a Hermitian d x d H (column-major); at T = 0
 * the uniform mixture of the ground eigenspace (degeneracy within 1e-12 of
 * the spectral scale). */
int neq_gibbs_state(int d, const double complex *H, double T, double complex *rho);

NEQ_END_DECLS
#endif
