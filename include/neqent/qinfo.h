/* neqent: quantum-information measures of density matrices.
 * Matrices column-major (linalg.h); two-qubit states in the basis
 * |00>, |01>, |10>, |11> (first qubit is the left factor; |1> excited).
 *
 * Threads: every function is reentrant and keeps no state: rho (const) is
 * only read and may be shared; outputs belong to the caller's thread. */
#ifndef NEQENT_QINFO_H
#define NEQENT_QINFO_H

#include <complex.h>

#include "neqent/common.h"

NEQ_BEGIN_DECLS

/* Wootters concurrence of any two-qubit state (4 x 4), computed as
 * max(0, s1 - s2 - s3 - s4) with s_i the singular values of W^T (Y(x)Y) W,
 * rho = W W^+: no square root of a non-Hermitian matrix, so it stays
 * accurate for rank-deficient states. */
int neq_concurrence(const double complex *rho, double *C);
/* Closed form for X states (only the diagonal and anti-diagonal used):
 * C = 2 max(0, |rho_23| - sqrt(rho_11 rho_44), |rho_14| - sqrt(rho_22 rho_33))
 * (1-based indices as in Bellomo-Antezza eq. 2). */
int neq_concurrence_x(const double complex *rho, double *C);
/* The same without the clamp at 0: 2 max(K1, K2), negative when the X state
 * is separable (smooth in the parameters; its root is where C vanishes). */
int neq_concurrence_x_signed(const double complex *rho, double *K);
/* Negativity N = (||rho^{T_B}||_1 - 1)/2 and log-negativity
 * log2 ||rho^{T_B}||_1 of a dA x dB bipartite state. */
int neq_negativity(int dA, int dB, const double complex *rho, double *N, double *logN);
/* Tr rho^2. */
int neq_purity(int d, const double complex *rho, double *P);
/* Normalised linear entropy d/(d-1) (1 - Tr rho^2): 4/3 (1 - Tr rho^2) for
 * two qubits, 0 for pure states, 1 for the maximally mixed state. */
int neq_linear_entropy(int d, const double complex *rho, double *SL);
/* von Neumann entropy -Tr rho ln rho in nats (divide by ln 2 for bits). */
int neq_von_neumann_entropy(int d, const double complex *rho, double *S);
/* Uhlmann fidelity F = (Tr sqrt(sqrt(rho) sigma sqrt(rho)))^2, computed as
 * the squared nuclear norm of W_rho^+ W_sigma. */
int neq_fidelity(int d, const double complex *rho, const double complex *sigma, double *F);
/* Partial trace of a dA x dB state: keep = 0 keeps A (traces out B),
 * keep = 1 keeps B.  out is dA x dA or dB x dB. */
int neq_partial_trace(int dA, int dB, const double complex *rho, int keep, double complex *out);

/* ---------------------------------------------------------- N qubits
 * States of nq qubits (2^nq x 2^nq, computational basis, qubit 0 the
 * leftmost factor, |1> excited), nq <= 12. */

/* Negativity and log-negativity across the bipartition: the qubits of
 * `mask` (bit q for qubit q) against the rest, from the partial transpose
 * over mask (its eigenvalues found block by block: linalg.h). */
int neq_negativity_qubits(int nq, const double complex *rho, unsigned mask, double *N,
                          double *logN);
/* The reduced state of qubits a != b (4 x 4, a the left factor). */
int neq_reduce_pair(int nq, const double complex *rho, int a, int b, double complex *out);
/* Genuine multipartite entanglement criteria of Huber, Mintert, Gabriel
 * and Hiesmayr, PRL 104, 210501 (2010) (arXiv:0912.1870), for nq >= 3,
 * their W-type and GHZ-type forms:
 *   *W   = sum_{i != j} |rho_{w_i w_j}| - sum_{i != j} sqrt(rho_{0 0} rho_{d_ij d_ij})
 *          - (nq - 2) sum_i rho_{w_i w_i},
 *          w_i the single excitations, d_ij the double ones;
 *   *GHZ = |rho_{0, 2^nq - 1}| - sum over the 2^(nq-1) - 1 other antidiagonal
 *          pairs (k, 2^nq - 1 - k) of sqrt(rho_kk rho_k'k').
 * Every biseparable state has both <= 0: a positive value certifies
 * genuine nq-partite entanglement (a witness, not a measure).  The W state
 * gives *W = 1, the GHZ state *GHZ = 1/2.  Either pointer may be NULL. */
int neq_gme_criteria(int nq, const double complex *rho, double *W, double *GHZ);

NEQ_END_DECLS
#endif
