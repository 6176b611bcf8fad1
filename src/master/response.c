/* Exact linear response of a steady state (include/neqent/master.h). */
#include "internal_master.h"
#include "neqent/linalg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static double complex trace_with(int d, const double complex *H, const double complex *X)
{
    double complex t = 0;
    for (int i = 0; i < d; i++)
        for (int k = 0; k < d; k++)
            t += H[i + k * d] * X[k + i * d];
    return t;
}

int neq_steady_response(const neq_gksl *g, const neq_gksl *dg, int dgroup,
                        const double complex *rho, double complex *drho, double *dJ)
{
    neq_clear_error();
    if (!g || !dg || !rho || !drho)
        return neq_fail(NEQ_EINVAL, "neq_steady_response: NULL argument");
    int d = g->d, n = d * d, ng = g->ngroups;
    if (dg->d != d)
        return neq_fail(NEQ_EINVAL, "neq_steady_response: dimensions %d and %d differ", d, dg->d);
    if (d > NEQ_RESPONSE_MAX_DIM)
        return neq_fail(NEQ_EDIM, "linear response: dimension %d beyond %d (four qubits)", d,
                        NEQ_RESPONSE_MAX_DIM);
    if (dgroup < -1 || dgroup >= dg->ngroups)
        return neq_fail(NEQ_EINVAL, "neq_steady_response: group %d outside -1..%d", dgroup,
                        dg->ngroups - 1);
    double complex *A = malloc(sizeof *A * ((size_t)n * n + 2 * (size_t)n));
    int *piv = malloc(sizeof *piv * (size_t)n);
    neq_liouvillian *L = NULL;
    int rc = (!A || !piv) ? neq_fail(NEQ_ENOMEM, "no memory for linear response")
                          : neq_liouvillian_alloc(g, &L);
    if (!rc)
        rc = neq_liouvillian_matrix(L, A);
    neq_liouvillian_free(L);
    double complex *b = A + (size_t)n * n, *t = b + n;
    if (!rc) {
        /* L - |rho>><<1| is invertible when the steady state is unique, and
         * for a traceless b its solution is L's with Tr x = 0 */
        for (int i = 0; i < d; i++)
            for (int r = 0; r < n; r++)
                A[r + (size_t)(i + i * d) * n] -= rho[r];
        if (neq_zlu_factor(n, A, piv))
            rc = neq_fail(NEQ_ENONUNIQUE, "linear response: the steady state is not unique");
    }
    if (!rc)
        rc = neq_gksl_apply(dg, dgroup, rho, b);
    if (!rc) {
        double bn = 0;
        for (int r = 0; r < n; r++)
            bn = fmax(bn, cabs(b[r]));
        double complex tb = 0;
        for (int i = 0; i < d; i++)
            tb += b[i + i * d];
        if (cabs(tb) > 1e-10 * d * bn)
            rc = neq_fail(NEQ_EINVAL, "linear response: the perturbation does not preserve the "
                                      "trace (Tr dL(rho) = %g)", cabs(tb));
        for (int r = 0; r < n; r++)
            drho[r] = -b[r];
    }
    if (!rc) {
        neq_zlu_solve(n, A, piv, drho);
        for (int r = 0; r < n && !rc; r++)
            if (!isfinite(creal(drho[r])) || !isfinite(cimag(drho[r])))
                rc = neq_fail(NEQ_ENONUNIQUE, "linear response: the solve is singular to "
                                              "working precision");
    }
    if (!rc)
        neq_mat_hermitize(d, drho);
    /* dJ_k = Tr{H dD_k(rho)} + Tr{H D_k(drho)} (H does not depend on p) */
    for (int k = 0; !rc && dJ && k < ng; k++) {
        rc = neq_gksl_apply(g, k, drho, t);
        double v = rc ? 0 : creal(trace_with(d, g->H, t));
        if (!rc && (dgroup < 0 || dgroup == k) && k < dg->ngroups) {
            rc = neq_gksl_apply(dg, k, rho, t);
            v += rc ? 0 : creal(trace_with(d, g->H, t));
        }
        dJ[k] = v;
    }
    free(A);
    free(piv);
    return rc;
}
