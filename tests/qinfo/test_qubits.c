/* Entanglement of N qubits (qinfo.h, "N qubits") on states with known
 * values:
 *   - GHZ_N = (|0..0> + |1..1>)/sqrt2: every bipartition has negativity 1/2
 *     (a maximally entangled pair of two effective levels), the GHZ-type
 *     criterion 1/2 (its antidiagonal corner, no other population), the
 *     W-type criterion 0 (no single excitation);
 *   - W_N = sum_i |w_i>/sqrt N: W-type criterion (N-1) - (N-2) = 1; qubit q
 *     against the rest has negativity sqrt(N-1)/N (the Schmidt coefficients
 *     of |W> across 1 | N-1 are sqrt(1/N), sqrt((N-1)/N): N = sqrt(ab)),
 *     two qubits against the rest sqrt(2(N-2))/N; every reduced pair has
 *     concurrence 2/N (Dur, Vidal, Cirac 2000);
 *   - biseparable states (a Bell pair times |0...0>, products, white noise):
 *     both criteria <= 0 (the theorem), negativity 0 across any cut that
 *     does not split the pair;
 *   - the two-qubit negativity agrees with neq_negativity (a second route:
 *     the contiguous A|B partial transpose and a full eigensolve).
 * Tolerances 1e-12: a few roundings of O(1) numbers. */
#include "check.h"
#include "neqent/neqent.h"
#include "random.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* |psi><psi| for a 2^nq vector */
static double complex *pure(int nq, const double complex *psi)
{
    int d = 1 << nq;
    double complex *rho = malloc(sizeof *rho * (size_t)d * d);
    for (int j = 0; j < d; j++)
        for (int i = 0; i < d; i++)
            rho[i + (size_t)j * d] = psi[i] * conj(psi[j]);
    return rho;
}

static void ghz_and_w(void)
{
    for (int nq = 3; nq <= 8; nq++) {
        int d = 1 << nq;
        double complex *psi = calloc((size_t)d, sizeof *psi);
        psi[0] = psi[d - 1] = sqrt(0.5);
        double complex *ghz = pure(nq, psi);
        memset(psi, 0, sizeof *psi * (size_t)d);
        for (int i = 0; i < nq; i++)
            psi[1 << i] = 1 / sqrt((double)nq);
        double complex *w = pure(nq, psi);
        double W, G, N, logN;
        CHECK_RC(neq_gme_criteria(nq, ghz, &W, &G), NEQ_OK);
        CHECK_CLOSE(G, 0.5, 1e-12);
        CHECK_CLOSE(W, 0.0, 1e-12);
        CHECK_RC(neq_gme_criteria(nq, w, &W, &G), NEQ_OK);
        CHECK_CLOSE(W, 1.0, 1e-12);
        CHECK(G <= 1e-12);
        for (int q = 0; q < nq; q++) {
            CHECK_RC(neq_negativity_qubits(nq, ghz, 1u << q, &N, &logN), NEQ_OK);
            CHECK_CLOSE(N, 0.5, 1e-12);
            CHECK_CLOSE(logN, 1.0, 1e-12);
            CHECK_RC(neq_negativity_qubits(nq, w, 1u << q, &N, NULL), NEQ_OK);
            CHECK_CLOSE(N, sqrt(nq - 1.0) / nq, 1e-12);
            for (int p = q + 1; p < nq; p++) {
                CHECK_RC(neq_negativity_qubits(nq, w, (1u << q) | (1u << p), &N, NULL), NEQ_OK);
                CHECK_CLOSE(N, sqrt(2.0 * (nq - 2)) / nq, 1e-12);
                double complex red[16];
                double C;
                CHECK_RC(neq_reduce_pair(nq, w, q, p, red), NEQ_OK);
                CHECK_RC(neq_concurrence(red, &C), NEQ_OK);
                CHECK_CLOSE(C, 2.0 / nq, 1e-12);
            }
        }
        free(psi);
        free(ghz);
        free(w);
    }
}

static void biseparable(void)
{
    rng_seed(9);
    for (int nq = 3; nq <= 6; nq++) {
        int d = 1 << nq;
        /* a Bell pair on qubits 0, 1 (|01> + |10>)/sqrt2, the rest |0>; mixed
         * with white noise of weight p */
        double complex *psi = calloc((size_t)d, sizeof *psi);
        psi[1 << (nq - 1)] = psi[1 << (nq - 2)] = sqrt(0.5);
        double complex *rho = pure(nq, psi);
        double p = rng_range(0, 0.5);
        for (long k = 0; k < (long)d * d; k++)
            rho[k] *= 1 - p;
        for (int i = 0; i < d; i++)
            rho[i + (size_t)i * d] += p / d;
        double W, G, N;
        CHECK_RC(neq_gme_criteria(nq, rho, &W, &G), NEQ_OK);
        CHECK(W <= 1e-12 && G <= 1e-12);
        /* cuts that keep the pair together: separable */
        CHECK_RC(neq_negativity_qubits(nq, rho, 1u << 2, &N, NULL), NEQ_OK);
        CHECK_CLOSE(N, 0.0, 1e-12);
        CHECK_RC(neq_negativity_qubits(nq, rho, 3u, &N, NULL), NEQ_OK);
        CHECK_CLOSE(N, 0.0, 1e-12);
        free(psi);
        free(rho);
    }
}

/* two qubits: qubit 0 against qubit 1 is the contiguous A|B of neq_negativity */
static void second_route(void)
{
    rng_seed(3);
    for (int t = 0; t < 20; t++) {
        double complex A[16], rho[16];
        rng_cmatrix(4, A);
        neq_mat_mul_adj_left(4, A, A, rho); /* A^+ A: positive */
        double tr = 0;
        for (int i = 0; i < 4; i++)
            tr += creal(rho[5 * i]);
        for (int k = 0; k < 16; k++)
            rho[k] /= tr;
        double N1, N2, L1, L2;
        CHECK_RC(neq_negativity(2, 2, rho, &N1, &L1), NEQ_OK);
        CHECK_RC(neq_negativity_qubits(2, rho, 1u, &N2, &L2), NEQ_OK);
        CHECK_CLOSE(N1, N2, 1e-12);
        CHECK_CLOSE(L1, L2, 1e-12);
        CHECK_RC(neq_negativity_qubits(2, rho, 2u, &N2, NULL), NEQ_OK);
        CHECK_CLOSE(N1, N2, 1e-12); /* either side of the cut */
    }
}

static void bad_input(void)
{
    double complex rho[64] = {1};
    double W;
    CHECK_RC(neq_gme_criteria(2, rho, &W, NULL), NEQ_EDIM);
    CHECK_RC(neq_negativity_qubits(13, rho, 1u, &W, NULL), NEQ_EDIM);
    double complex red[16];
    CHECK_RC(neq_reduce_pair(3, rho, 1, 1, red), NEQ_EINVAL);
}

int main(void)
{
    ghz_and_w();
    biseparable();
    second_route();
    bad_input();
    return check_report("qinfo/qubits");
}
