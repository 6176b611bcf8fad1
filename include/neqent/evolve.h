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

/* nt >= 2 times from 0 to tmax > 0: evenly spaced, or (log = 1) 0 followed
 * by nt - 1 geometric times from tmin to tmax (0 < tmin < tmax); the last
 * is tmax exactly.  Bad arguments: NEQ_EINVAL (nt, t), NEQ_ENAN (a NaN
 * time), NEQ_EDOMAIN (times out of range), the detail naming them. */
int neq_time_grid(int nt, double tmax, int log, double tmin, double *t);

/* The number of two-qubit observables (neq_two_qubit_observables). */
#define NEQ_TWO_QUBIT_NOBS 7
/* What a two-qubit state (4 x 4, basis |00>,|01>,|10>,|11>) shows along
 * its evolution: obs[0] the concurrence, obs[1], obs[2] K1, K2
 * (Bellomo-Antezza eq. 2: C = 2 max(0, K1, K2)), obs[3..6] the populations
 * of the coupled basis G, A, S, E. */
int neq_two_qubit_observables(const double complex *rho, double obs[NEQ_TWO_QUBIT_NOBS]);
/* The name of observable k ("C", "K1", "K2", "rho_G", "rho_A", "rho_S",
 * "rho_E"; all dimensionless), or NULL. */
const char *neq_two_qubit_observable_name(int k);

/* The number of observables of nq qubits (neq_qubits_observables). */
int neq_qubits_nobs(int nq);
/* What a state of nq qubits shows along its evolution: obs[0] the purity
 * Tr rho^2, then the concurrence of every pair's reduced state, pairs
 * (1,2), (1,3), ..., (nq-1,nq). */
int neq_qubits_observables(int nq, const double complex *rho, double *obs);
/* The name of observable k of nq qubits into buf ("purity", "C_1_2", ...):
 * the length (as snprintf), or -1 for no such k. */
int neq_qubits_observable_name(int nq, int k, char *buf, size_t n);

NEQ_END_DECLS
#endif
