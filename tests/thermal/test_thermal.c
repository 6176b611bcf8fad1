/* Bose-Einstein occupation and Gibbs states against closed forms. */
#include "check.h"
#include "neqent/neqent.h"
#include "random.h"

#include <math.h>

int main(void)
{
    double n;
    /* Small x = w/T: Laurent series 1/x - 1/2 + x/12 - x^3/720 (truncation
     * error ~ x^5/30240, far below 1e-15 relative at x <= 1e-3). */
    const double xs[] = {1e-8, 1e-6, 1e-4, 1e-3};
    for (int k = 0; k < 4; k++) {
        double x = xs[k];
        CHECK_RC(neq_bose_einstein(x * 2.0, 2.0, &n), NEQ_OK);
        double series = 1 / x - 0.5 + x / 12 - x * x * x / 720;
        CHECK_CLOSE(n / series, 1.0, 1e-14);
    }
    /* Large x: n = e^-x / (1 - e^-x), relative 1e-14 up to x = 700. */
    const double xl[] = {1.0, 10.0, 50.0, 300.0, 700.0};
    for (int k = 0; k < 5; k++) {
        double x = xl[k];
        CHECK_RC(neq_bose_einstein(x, 1.0, &n), NEQ_OK);
        double ref = exp(-x) / (-expm1(-x));
        CHECK_CLOSE(n / ref, 1.0, 1e-14);
    }
    /* T = 0: exactly zero (not merely small). */
    CHECK_RC(neq_bose_einstein(0.3, 0.0, &n), NEQ_OK);
    CHECK(n == 0.0);
    /* Beyond overflow of exp: exactly zero as well. */
    CHECK_RC(neq_bose_einstein(1e4, 1.0, &n), NEQ_OK);
    CHECK(n == 0.0);
    /* Negative frequency: n(-w) = -(1 + n(w)) (KMS). */
    double np;
    CHECK_RC(neq_bose_einstein(0.7, 1.3, &np), NEQ_OK);
    CHECK_RC(neq_bose_einstein(-0.7, 1.3, &n), NEQ_OK);
    CHECK_CLOSE(n, -(1 + np), 1e-15);
    /* Bad input. */
    CHECK_RC(neq_bose_einstein(1.0, -1.0, &n), NEQ_EDOMAIN);
    CHECK_RC(neq_bose_einstein(NAN, 1.0, &n), NEQ_ENAN);
    CHECK_RC(neq_bose_einstein(0.0, 1.0, &n), NEQ_EDIVERGE);

    /* Gibbs state of a diagonal H: p_k = e^{-E_k/T} / Z (1e-15 absolute). */
    double complex H[16] = {0}, rho[16];
    const double E[4] = {-1.0, 0.2, 0.5, 2.0};
    for (int k = 0; k < 4; k++)
        NEQ_AT(H, 4, k, k) = E[k];
    double T = 0.7, Z = 0;
    for (int k = 0; k < 4; k++)
        Z += exp(-E[k] / T);
    CHECK_RC(neq_gibbs_state(4, H, T, rho), NEQ_OK);
    for (int k = 0; k < 4; k++)
        CHECK_CLOSE(creal(NEQ_AT(rho, 4, k, k)), exp(-E[k] / T) / Z, 1e-15);
    /* Rotated H: Gibbs state rotates with it (U rho U^+), 1e-13. */
    double complex U[16], t1[16], HU[16], rhoU[16], ref[16];
    rng_seed(7);
    rng_unitary(4, U);
    neq_mat_mul(4, U, H, t1);
    double complex Ud[16];
    neq_mat_adjoint(4, U, Ud);
    neq_mat_mul(4, t1, Ud, HU);
    CHECK_RC(neq_gibbs_state(4, HU, T, rhoU), NEQ_OK);
    neq_mat_mul(4, U, rho, t1);
    neq_mat_mul(4, t1, Ud, ref);
    CHECK(check_maxdiff(4, rhoU, ref) < 1e-13);
    /* T = 0 with a doubly degenerate ground level: uniform mixture 1/2. */
    NEQ_AT(H, 4, 1, 1) = -1.0;
    CHECK_RC(neq_gibbs_state(4, H, 0.0, rho), NEQ_OK);
    CHECK_CLOSE(creal(NEQ_AT(rho, 4, 0, 0)), 0.5, 1e-15);
    CHECK_CLOSE(creal(NEQ_AT(rho, 4, 1, 1)), 0.5, 1e-15);
    CHECK_CLOSE(creal(NEQ_AT(rho, 4, 2, 2)), 0.0, 1e-15);
    CHECK_RC(neq_gibbs_state(4, H, -1.0, rho), NEQ_EDOMAIN);
    NEQ_AT(H, 4, 0, 1) = 0.5; /* not Hermitian */
    CHECK_RC(neq_gibbs_state(4, H, 1.0, rho), NEQ_EHERMITIAN);
    return check_report("thermal");
}
