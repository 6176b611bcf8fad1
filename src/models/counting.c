/* The models' counting-statistics quantities (heat_cumulants, tur_ratio):
 * include/neqent/fcs.h on a point's generator and steady state. */
#include "internal_models.h"
#include "neqent/fcs.h"

#include <math.h>

void neq_models_fcs_undefined(neq_models_fcs *out)
{
    for (int k = 0; k < NEQ_QUANTITY_NGROUPS; k++) {
        out->tur[k] = NAN;
        for (int j = 0; j < 3; j++)
            out->cum[k][j] = NAN;
    }
    out->have = 1;
}

int neq_models_fcs_compute(const neq_gksl *g, const double complex *Hc, const double complex *rho,
                           double sigma, neq_models_fcs *out)
{
    neq_models_fcs_undefined(out);
    neq_fcs *f = NULL;
    int rc = neq_fcs_alloc(g, Hc, &f);
    if (rc == NEQ_EINVAL || rc == NEQ_EDIM) /* undefined for this master equation or size */
        return NEQ_OK;
    NEQ_TRY(rc);
    for (int k = 0; rc == 0 && k < NEQ_QUANTITY_NGROUPS && k < neq_fcs_ngroups(f); k++) {
        double F = 0;
        rc = neq_fcs_cumulants(f, rho, k, 3, out->cum[k]);
        if (rc == 0)
            rc = neq_fcs_gross_flux(f, rho, k, &F);
        double J = out->cum[k][0];
        /* TUR: sigma Var(J) / <J>^2 >= 2 for classical Markov processes;
         * undefined where the net current is rounding of the gross flux
         * (equilibrium) */
        if (rc == 0 && fabs(J) > 1e-11 * F && isfinite(sigma))
            out->tur[k] = sigma * out->cum[k][1] / (J * J);
    }
    neq_fcs_free(f);
    if (rc)
        out->have = 0;
    return rc;
}

int neq_models_fcs_noise(const neq_gksl *g, const double complex *Hc, const double complex *rho,
                         double omega, double S[NEQ_QUANTITY_NGROUPS])
{
    for (int k = 0; k < NEQ_QUANTITY_NGROUPS; k++)
        S[k] = NAN;
    neq_fcs *f = NULL;
    int rc = g ? neq_fcs_alloc(g, Hc, &f) : NEQ_EDIM;
    if (rc == NEQ_EINVAL || rc == NEQ_EDIM)
        return NEQ_OK;
    NEQ_TRY(rc);
    for (int k = 0; rc == 0 && k < NEQ_QUANTITY_NGROUPS && k < neq_fcs_ngroups(f); k++)
        rc = neq_fcs_noise(f, rho, k, omega, &S[k]);
    neq_fcs_free(f);
    return rc;
}
