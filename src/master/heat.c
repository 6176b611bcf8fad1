/* Heat currents and entropy production (include/neqent/master.h;
 * sign convention in docs/physics.md, "Heat currents"). */
#include "internal_master.h"
#include "neqent/linalg.h"

#include <complex.h>
#include <math.h>
#include <stddef.h>

int neq_heat_currents(const neq_liouvillian *L, const double complex *rho, double *J)
{
    neq_clear_error();
    if (!L || !rho || (L->ngroups > 0 && !J))
        return neq_fail(NEQ_EINVAL, "neq_heat_currents: NULL argument");
    int d = L->d;
    NEQ_TRY(neq_check_finite(d * d, rho, "density matrix"));
    /* J_g = Tr{H D_g(rho)} = Tr{D_g^dagger(H) rho} = Tr{Q_g rho} */
    double qmax = 0, jmax = 0;
    for (int g = 0; g < L->ngroups; g++) {
        const double complex *Q = L->Q + (size_t)g * d * d;
        J[g] = creal(neq_mat_trace_prod(d, Q, rho));
        jmax = fmax(jmax, fabs(J[g]));
        for (int k = 0; k < d * d; k++)
            qmax = fmax(qmax, cabs(Q[k]));
    }
    /* All currents within the rounding of the largest term: no current (at
     * equal temperatures every J_g is 0, and 1e-16 of noise over T = 1e-300
     * would read as an entropy production of -1e284).  All or none: zeroing
     * one group's current alone would break sum_g J_g = 0. */
    if (jmax <= NEQ_HEAT_FLOOR * d * qmax)
        for (int g = 0; g < L->ngroups; g++)
            J[g] = 0;
    return NEQ_OK;
}

int neq_entropy_production(int ngroups, const double *J, const double *T, double *sigma)
{
    neq_clear_error();
    if (ngroups < 0 || !sigma || (ngroups > 0 && (!J || !T)))
        return neq_fail(NEQ_EINVAL, "neq_entropy_production: bad arguments");
    double s = 0;
    for (int g = 0; g < ngroups; g++) {
        if (!(T[g] >= 0) || !isfinite(T[g]))
            return neq_fail(NEQ_EDOMAIN, "temperature T[%d] = %g must be finite and >= 0", g,
                            T[g]);
        if (!isfinite(J[g]))
            return neq_fail(NEQ_ENAN, "heat current J[%d] = %g is not finite", g, J[g]);
        if (J[g] == 0)
            continue;
        /* sigma = -sum_g J_g / T_g (Clausius): at T = 0 it diverges whenever
         * heat flows, which is refused rather than returned as infinity */
        if (T[g] == 0)
            return neq_fail(NEQ_EDIVERGE, "entropy production diverges: heat %g flows with a "
                                          "bath at T[%d] = 0", J[g], g);
        s -= J[g] / T[g];
    }
    *sigma = s;
    return NEQ_OK;
}
