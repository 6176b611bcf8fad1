/* Deterministic random matrices for tests (xorshift64*; seeds fixed so a
 * failure reproduces). */
#ifndef NEQENT_TEST_RANDOM_H
#define NEQENT_TEST_RANDOM_H

#include <complex.h>
#include <stdint.h>

#include "neqent/linalg.h"
#include "neqent/master.h"

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static inline void rng_seed(uint64_t s) { rng_state = s ? s : 1; }

/* uniform in [0, 1) */
static inline double rng_uniform(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (double)((rng_state * 0x2545F4914F6CDD1Dull) >> 11) * 0x1.0p-53;
}

/* uniform in [a, b) */
static inline double rng_range(double a, double b) { return a + (b - a) * rng_uniform(); }

static inline void rng_cmatrix(int n, double complex *A)
{
    for (int k = 0; k < n * n; k++)
        A[k] = rng_range(-1, 1) + I * rng_range(-1, 1);
}

static inline void rng_hermitian(int n, double complex *A)
{
    rng_cmatrix(n, A);
    neq_mat_hermitize(n, A);
}

/* A random unitary: eigenvectors of a random Hermitian matrix. */
static inline void rng_unitary(int n, double complex *U)
{
    double complex A[64 * 64];
    double w[64];
    rng_hermitian(n, A);
    neq_herm_eig(n, A, w, U);
}

/* A random full-rank density matrix W W^+ / Tr. */
/* A random generator of dimension d <= 8: Hermitian H and three jumps with
 * rates in [0.01, 1], alternating between dissipator groups 0 and 1. */
static inline neq_gksl *rng_gksl(int d)
{
    neq_gksl *g = NULL;
    double complex H[64], A[64];
    if (neq_gksl_alloc(d, &g))
        return NULL;
    rng_hermitian(d, H);
    neq_gksl_set_hamiltonian(g, H);
    for (int j = 0; j < 3; j++) {
        rng_cmatrix(d, A);
        neq_gksl_add_jump(g, j % 2, rng_range(0.01, 1), A);
    }
    return g;
}

static inline void rng_state_full(int n, double complex *rho)
{
    double complex W[64 * 64];
    rng_cmatrix(n, W);
    neq_mat_mul_adj_left(n, W, W, rho); /* W^+ W */
    double complex t = neq_mat_trace(n, rho);
    for (int k = 0; k < n * n; k++)
        rho[k] /= creal(t);
}

#endif
