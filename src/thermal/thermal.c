/* Thermal helpers (include/neqent/thermal.h). */
#include "neqent/thermal.h"
#include "../core/internal.h"
#include "neqent/linalg.h"

#include <math.h>
#include <stdlib.h>

int neq_bose_einstein(double w, double T, double *n)
{
    neq_clear_error();
    if (!n)
        return neq_fail(NEQ_EINVAL, "neq_bose_einstein: n is NULL");
    if (isnan(w) || isnan(T))
        return neq_fail(NEQ_ENAN, "Bose-Einstein: NaN argument (w = %g, T = %g)", w, T);
    if (T < 0 || isinf(T))
        return neq_fail(NEQ_EDOMAIN, "temperature T = %g must be finite and >= 0", T);
    if (w == 0)
        return neq_fail(NEQ_EDIVERGE, "Bose-Einstein occupation diverges at w = 0");
    double a = fabs(w);
    double na;
    if (T == 0)
        na = 0.0;
    else {
        /* expm1 keeps full relative accuracy for small x; for x > ~709 it
         * overflows to inf and 1/inf = 0, the correct limit to double
         * precision (n < 1e-308). */
        double x = a / T;
        na = 1.0 / expm1(x);
    }
    *n = w > 0 ? na : -(1.0 + na);
    return NEQ_OK;
}

int neq_gibbs_state(int d, const double complex *H, double T, double complex *rho)
{
    neq_clear_error();
    if (d < 1 || !H || !rho)
        return neq_fail(NEQ_EINVAL, "neq_gibbs_state: bad arguments");
    if (isnan(T))
        return neq_fail(NEQ_ENAN, "temperature is NaN");
    if (T < 0 || isinf(T))
        return neq_fail(NEQ_EDOMAIN, "temperature T = %g must be finite and >= 0", T);
    NEQ_TRY(neq_check_hermitian(d, H, 1e-12, "Hamiltonian"));
    double *w = malloc(sizeof *w * 2 * (size_t)d);
    double complex *V = malloc(sizeof *V * (size_t)d * d);
    if (!w || !V) {
        free(w);
        free(V);
        return neq_fail(NEQ_ENOMEM, "neq_gibbs_state: no memory");
    }
    int rc = neq_herm_eig(d, H, w, V);
    if (rc == 0) {
        double *p = w + d, Z = 0;
        double scale = fmax(fabs(w[0]), fabs(w[d - 1]));
        for (int k = 0; k < d; k++) {
            /* shifted by the ground energy so that nothing overflows */
            if (T > 0)
                p[k] = exp(-(w[k] - w[0]) / T);
            else
                p[k] = (w[k] - w[0]) <= 1e-12 * fmax(scale, 1.0) ? 1.0 : 0.0;
            Z += p[k];
        }
        for (int j = 0; j < d; j++)
            for (int i = 0; i < d; i++) {
                double complex s = 0;
                for (int k = 0; k < d; k++)
                    s += NEQ_AT(V, d, i, k) * p[k] * conj(NEQ_AT(V, d, j, k));
                NEQ_AT(rho, d, i, j) = s / Z;
            }
        neq_mat_hermitize(d, rho);
    }
    free(w);
    free(V);
    return rc;
}
