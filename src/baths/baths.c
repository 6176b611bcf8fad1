/* Two qubits, two baths (include/neqent/baths.h; Quiroga et al. 2007). */
#include "neqent/baths.h"
#include "../core/internal.h"
#include "neqent/linalg.h"
#include "neqent/qinfo.h"

#include <math.h>
#include <string.h>

void neq_baths_default(neq_baths_params *p)
{
    *p = (neq_baths_params){.eps1 = 1.0 / 3.0, .eps2 = 1.0 / 3.0, .K = 1.0, .Kp = 0.0,
                            .T1 = 1.5, .T2 = 0.5, .gamma1 = 1.0, .gamma2 = 1.0,
                            .spectral = NEQ_SPECTRAL_FLAT, .cutoff = 10.0, .me = NEQ_ME_GLOBAL};
}

static int check_real(double v, const char *name, int nonneg)
{
    if (isnan(v))
        return neq_fail(NEQ_ENAN, "%s is NaN", name);
    if (isinf(v))
        return neq_fail(NEQ_EDOMAIN, "%s = %g is not finite", name, v);
    if (nonneg && v < 0)
        return neq_fail(NEQ_EDOMAIN, "%s = %g must be >= 0", name, v);
    return NEQ_OK;
}

int neq_baths_validate(const neq_baths_params *p)
{
    if (!p)
        return neq_fail(NEQ_EINVAL, "parameters are NULL");
    NEQ_TRY(check_real(p->eps1, "eps1", 0));
    NEQ_TRY(check_real(p->eps2, "eps2", 0));
    NEQ_TRY(check_real(p->K, "K", 0));
    NEQ_TRY(check_real(p->Kp, "K'", 0));
    NEQ_TRY(check_real(p->T1, "T1", 1));
    NEQ_TRY(check_real(p->T2, "T2", 1));
    NEQ_TRY(check_real(p->gamma1, "gamma1", 1));
    NEQ_TRY(check_real(p->gamma2, "gamma2", 1));
    if (p->spectral == NEQ_SPECTRAL_OHMIC) {
        NEQ_TRY(check_real(p->cutoff, "cutoff", 1));
        if (p->cutoff == 0)
            return neq_fail(NEQ_EDOMAIN, "cutoff = 0 must be > 0");
    } else if (p->spectral != NEQ_SPECTRAL_FLAT)
        return neq_fail(NEQ_EINVAL, "unknown spectral density %d", (int)p->spectral);
    if (p->me != NEQ_ME_GLOBAL)
        return neq_fail(NEQ_EINVAL, "unknown master equation %d", (int)p->me);
    return NEQ_OK;
}

int neq_baths_hamiltonian(const neq_baths_params *p, double complex *Q)
{
    NEQ_TRY(neq_baths_validate(p));
    if (!Q)
        return neq_fail(NEQ_EINVAL, "Q is NULL");
    /* Quiroga eq. (5): sum_a eps_a/2 sz_a + K (s1+ s2- + s1- s2+) + K' sz1 sz2,
     * sz|1> = +|1> (|1> excited), basis |00>,|01>,|10>,|11>. */
    memset(Q, 0, sizeof *Q * 16);
    double e1 = p->eps1, e2 = p->eps2;
    NEQ_AT(Q, 4, 0, 0) = -(e1 + e2) / 2 + p->Kp;
    NEQ_AT(Q, 4, 1, 1) = (-e1 + e2) / 2 - p->Kp;
    NEQ_AT(Q, 4, 2, 2) = (e1 - e2) / 2 - p->Kp;
    NEQ_AT(Q, 4, 3, 3) = (e1 + e2) / 2 + p->Kp;
    NEQ_AT(Q, 4, 1, 2) = p->K; /* <01| s1- s2+ |10> */
    NEQ_AT(Q, 4, 2, 1) = p->K; /* <10| s1+ s2- |01> */
    return NEQ_OK;
}

/* sigma_x of qubit q (0 or 1) on the two-qubit space: the coupling
 * operator of eq. (6) (its rotating-wave form gives the same secular
 * generator because Q conserves the number of excitations). */
static void sigma_x(int q, double complex *X)
{
    memset(X, 0, sizeof *X * 16);
    for (int s = 0; s < 4; s++) {
        int flip = s ^ (q == 0 ? 2 : 1); /* qubit 1 is the high bit */
        NEQ_AT(X, 4, flip, s) = 1;
    }
}

int neq_baths_generator(const neq_baths_params *p, neq_gksl **out)
{
    double complex Q[16], X1[16], X2[16];
    NEQ_TRY(neq_baths_hamiltonian(p, Q));
    sigma_x(0, X1);
    sigma_x(1, X2);
    neq_bath baths[2] = {
        {X1, {p->spectral, p->gamma1, p->cutoff}, p->T1},
        {X2, {p->spectral, p->gamma2, p->cutoff}, p->T2},
    };
    return neq_davies_build(4, Q, 2, baths, 0, out);
}

int neq_baths_steady(const neq_baths_params *p, neq_baths_result *r)
{
    if (!r)
        return neq_fail(NEQ_EINVAL, "result is NULL");
    neq_gksl *g = NULL;
    neq_liouvillian *L = NULL;
    NEQ_TRY(neq_baths_generator(p, &g));
    int rc = neq_liouvillian_alloc(g, &L);
    if (rc == 0)
        rc = neq_steady_state(L, NULL, r->rho, &r->info);
    if (rc == 0)
        rc = neq_heat_currents(L, r->rho, r->heat_current);
    neq_liouvillian_free(L);
    neq_gksl_free(g);
    NEQ_TRY(rc);
    NEQ_TRY(neq_concurrence(r->rho, &r->concurrence));
    NEQ_TRY(neq_purity(4, r->rho, &r->purity));
    r->linear_entropy = 4.0 / 3.0 * (1.0 - r->purity);
    NEQ_TRY(neq_von_neumann_entropy(4, r->rho, &r->von_neumann_entropy));
    double T[2] = {p->T1, p->T2};
    NEQ_TRY(neq_entropy_production(2, r->heat_current, T, &r->entropy_production));
    return NEQ_OK;
}
