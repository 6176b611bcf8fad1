/* Quantum-information measures against closed forms. */
#include "check.h"
#include "neqent/neqent.h"
#include "random.h"

#include <math.h>
#include <string.h>

static void pure(const double complex psi[4], double complex *rho)
{
    for (int j = 0; j < 4; j++)
        for (int i = 0; i < 4; i++)
            NEQ_AT(rho, 4, i, j) = psi[i] * conj(psi[j]);
}

/* rho -> (U1 (x) U2) rho (U1 (x) U2)^+ */
static void local_unitary(double complex *rho, const double complex *U1, const double complex *U2)
{
    double complex U[16], Ud[16], t[16];
    neq_mat_kron(2, U1, 2, U2, U);
    neq_mat_adjoint(4, U, Ud);
    neq_mat_mul(4, U, rho, t);
    neq_mat_mul(4, t, Ud, rho);
}

int main(void)
{
    const double s = sqrt(0.5);
    double C, N, logN, P, S, F;
    double complex rho[16], sigma[16];
    /* Bell states: C = 1, N = 1/2, log-negativity 1 (exact up to rounding). */
    const double complex bells[4][4] = {{s, 0, 0, s}, {s, 0, 0, -s}, {0, s, s, 0}, {0, s, -s, 0}};
    for (int b = 0; b < 4; b++) {
        pure(bells[b], rho);
        CHECK_RC(neq_concurrence(rho, &C), NEQ_OK);
        CHECK_CLOSE(C, 1.0, 1e-12);
        CHECK_RC(neq_concurrence_x(rho, &C), NEQ_OK);
        CHECK_CLOSE(C, 1.0, 1e-12);
        CHECK_RC(neq_negativity(2, 2, rho, &N, &logN), NEQ_OK);
        CHECK_CLOSE(N, 0.5, 1e-12);
        CHECK_CLOSE(logN, 1.0, 1e-12);
        CHECK_RC(neq_purity(4, rho, &P), NEQ_OK);
        CHECK_CLOSE(P, 1.0, 1e-14);
        CHECK_RC(neq_von_neumann_entropy(4, rho, &S), NEQ_OK);
        CHECK_CLOSE(S, 0.0, 1e-12);
        /* reduced state of a Bell state is I/2 */
        double complex red[4];
        CHECK_RC(neq_partial_trace(2, 2, rho, 0, red), NEQ_OK);
        CHECK_CLOSE(creal(red[0]), 0.5, 1e-15);
        CHECK_CLOSE(cabs(red[2]), 0.0, 1e-15);
    }
    /* Random product states: C = 0, N = 0 (rank 1, the hard case for
     * eigenvalue-based Wootters formulas). */
    rng_seed(11);
    for (int t = 0; t < 20; t++) {
        double complex a[2] = {rng_range(-1, 1) + I * rng_range(-1, 1), rng_range(-1, 1)};
        double complex b[2] = {rng_range(-1, 1), rng_range(-1, 1) + I * rng_range(-1, 1)};
        double na = sqrt(creal(a[0] * conj(a[0]) + a[1] * conj(a[1])));
        double nb = sqrt(creal(b[0] * conj(b[0]) + b[1] * conj(b[1])));
        double complex psi[4] = {a[0] * b[0] / (na * nb), a[0] * b[1] / (na * nb),
                                 a[1] * b[0] / (na * nb), a[1] * b[1] / (na * nb)};
        pure(psi, rho);
        CHECK_RC(neq_concurrence(rho, &C), NEQ_OK);
        CHECK_CLOSE(C, 0.0, 1e-7); /* sqrt of rounding-level singular values */
        CHECK_RC(neq_negativity(2, 2, rho, &N, NULL), NEQ_OK);
        CHECK_CLOSE(N, 0.0, 1e-12);
    }
    /* Werner states p |Psi-><Psi-| + (1-p) I/4: C = max(0, (3p-1)/2),
     * N = max(0, (3p-1)/4), S_L = 1 - p^2 (closed forms). */
    for (int k = 0; k <= 20; k++) {
        double p = k / 20.0;
        pure(bells[3], rho);
        for (int q = 0; q < 16; q++)
            rho[q] *= p;
        for (int q = 0; q < 4; q++)
            NEQ_AT(rho, 4, q, q) += (1 - p) / 4;
        CHECK_RC(neq_concurrence(rho, &C), NEQ_OK);
        CHECK_CLOSE(C, fmax(0, (3 * p - 1) / 2), 1e-12);
        double Ks; /* unclamped: (3p - 1)/2 for every p, negative when separable */
        CHECK_RC(neq_concurrence_x_signed(rho, &Ks), NEQ_OK);
        CHECK_CLOSE(Ks, (3 * p - 1) / 2, 1e-14);
        CHECK_RC(neq_negativity(2, 2, rho, &N, NULL), NEQ_OK);
        CHECK_CLOSE(N, fmax(0, (3 * p - 1) / 4), 1e-12);
        double SL;
        CHECK_RC(neq_linear_entropy(4, rho, &SL), NEQ_OK);
        CHECK_CLOSE(SL, 1 - p * p, 1e-14);
    }
    /* Random X states against the closed form, and invariance of C under
     * random local unitaries (1e-12). */
    for (int t = 0; t < 200; t++) {
        double d[4], Z = 0;
        for (int k = 0; k < 4; k++)
            Z += (d[k] = rng_uniform());
        for (int k = 0; k < 4; k++)
            d[k] /= Z;
        memset(rho, 0, sizeof rho);
        for (int k = 0; k < 4; k++)
            NEQ_AT(rho, 4, k, k) = d[k];
        /* coherences inside the positivity bounds |r23|^2 <= r22 r33 etc. */
        double complex c23 = rng_uniform() * sqrt(d[1] * d[2]) * cexp(I * rng_range(0, 6.283));
        double complex c14 = rng_uniform() * sqrt(d[0] * d[3]) * cexp(I * rng_range(0, 6.283));
        NEQ_AT(rho, 4, 1, 2) = c23;
        NEQ_AT(rho, 4, 2, 1) = conj(c23);
        NEQ_AT(rho, 4, 0, 3) = c14;
        NEQ_AT(rho, 4, 3, 0) = conj(c14);
        double ref = 2 * fmax(0, fmax(cabs(c23) - sqrt(d[0] * d[3]), cabs(c14) - sqrt(d[1] * d[2])));
        CHECK_RC(neq_concurrence(rho, &C), NEQ_OK);
        CHECK_CLOSE(C, ref, 1e-12);
        CHECK_RC(neq_concurrence_x(rho, &C), NEQ_OK);
        CHECK_CLOSE(C, ref, 1e-15);
        double complex U1[4], U2[4];
        rng_unitary(2, U1);
        rng_unitary(2, U2);
        local_unitary(rho, U1, U2);
        CHECK_RC(neq_concurrence(rho, &C), NEQ_OK);
        CHECK_CLOSE(C, ref, 1e-12);
    }
    /* Maximally mixed: S = ln 4, S_L = 1, purity 1/4. */
    memset(rho, 0, sizeof rho);
    for (int k = 0; k < 4; k++)
        NEQ_AT(rho, 4, k, k) = 0.25;
    CHECK_RC(neq_von_neumann_entropy(4, rho, &S), NEQ_OK);
    CHECK_CLOSE(S, log(4.0), 1e-14);
    CHECK_RC(neq_purity(4, rho, &P), NEQ_OK);
    CHECK_CLOSE(P, 0.25, 1e-15);
    /* Fidelity: F(rho, rho) = 1; F(|psi>, sigma) = <psi|sigma|psi>. */
    rng_state_full(4, sigma);
    CHECK_RC(neq_fidelity(4, sigma, sigma, &F), NEQ_OK);
    CHECK_CLOSE(F, 1.0, 1e-12);
    pure(bells[2], rho);
    CHECK_RC(neq_fidelity(4, rho, sigma, &F), NEQ_OK);
    double complex ov = 0;
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            ov += conj(bells[2][i]) * NEQ_AT(sigma, 4, i, j) * bells[2][j];
    CHECK_CLOSE(F, creal(ov), 1e-12);
    /* Partial trace of a product state returns the factors. */
    double complex A[4] = {0.7, 0.1 + 0.2 * I, 0.1 - 0.2 * I, 0.3};
    double complex B[4] = {0.4, -0.3 * I, 0.3 * I, 0.6};
    double complex AB[16], red[4];
    neq_mat_kron(2, A, 2, B, AB);
    CHECK_RC(neq_partial_trace(2, 2, AB, 0, red), NEQ_OK);
    CHECK(check_maxdiff(2, red, A) < 1e-15);
    CHECK_RC(neq_partial_trace(2, 2, AB, 1, red), NEQ_OK);
    CHECK(check_maxdiff(2, red, B) < 1e-15);
    /* Bad input: not Hermitian, NaN. */
    NEQ_AT(AB, 4, 0, 1) += 0.1;
    CHECK_RC(neq_concurrence(AB, &C), NEQ_EHERMITIAN);
    AB[5] = NAN;
    CHECK_RC(neq_purity(4, AB, &P), NEQ_ENAN);
    return check_report("qinfo");
}
