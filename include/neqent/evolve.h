/* neqent: time evolution of a model at one point (the study behind
 * `neqent evolve` and Bellomo & Antezza Fig. 4(b)).
 *
 * rho(t) = exp(L t) rho0 exactly (master.h's propagator) for the
 * generator of a plan at a point.  Time is in the model's unit (1/Gamma_0
 * for the body model, 1/E for the two-bath model).
 *
 * Threads: reentrant; the plan is only read. */
#ifndef NEQENT_EVOLVE_H
#define NEQENT_EVOLVE_H

#include <complex.h>

#include "neqent/common.h"
#include "neqent/model.h"

NEQ_BEGIN_DECLS

/* An initial state (d x d, column-major, d = neq_plan_dim) by name:
 *   "A", "S"   (|10> -/+ |01>)/sqrt2: the paper's antisymmetric and
 *              symmetric states (two qubits);
 *   "ground"   |0...0>;
 *   "thermal:T" the uncoupled qubits at temperature T: body model, T in
 *              kelvin at the qubit frequency (Bellomo-Antezza eq. 3); the
 *              two-bath model, the Gibbs state of Q at T (units E);
 *   "file:PATH" a density matrix read by neq_state_read.
 * Unknown names, bad temperatures and bad files: NEQ_EINVAL/NEQ_EDOMAIN/
 * NEQ_EIO with a detail naming the value. */
int neq_initial_state(const neq_plan *plan, const neq_params *p, const char *spec,
                      double complex *rho0);

/* A d x d density matrix from a text file: d lines (blank lines and '#'
 * comments skipped) of d entries, each a real number or "re,im".  Refused:
 * a file that is not a regular text file, a row or column count other than
 * d (the detail says what was found), non-finite entries, and a matrix that
 * is not Hermitian, of trace 1 and positive (each to 1e-10). */
int neq_state_read(const char *path, int d, double complex *rho);

/* rho(t[k]) for k < nt (t >= 0, any order) from rho0 at point p, into
 * rho_t (nt blocks of d x d). */
int neq_evolve(const neq_plan *plan, const neq_params *p, const double complex *rho0, int nt,
               const double *t, double complex *rho_t);

NEQ_END_DECLS
#endif
