/* HEOM against the master equations (include/neqent/validity.h). */
#include "neqent/validity.h"
#include "../core/internal.h"
#include "neqent/linalg.h"

#include <math.h>
#include <string.h>

neq_validity_options neq_validity_options_default(void)
{
    return (neq_validity_options){NEQ_HEOM_PADE, 1, 1e-4, 200000, 2, 4, 0};
}

int neq_validity_point(const neq_baths_params *p, const neq_validity_options *o,
                       neq_validity_result *r)
{
    neq_clear_error();
    if (!p || !r)
        return neq_fail(NEQ_EINVAL, "neq_validity_point: NULL argument");
    neq_validity_options opt = o ? *o : neq_validity_options_default();
    if (!(opt.tol >= 0) || isinf(opt.tol))
        return neq_fail(NEQ_EINVAL, "validity: tolerance %g must be finite and >= 0", opt.tol);
    memset(r, 0, sizeof *r);
    if (opt.tol > 0) {
        int rc = neq_heom_converge(p, opt.expansion, opt.terminator, opt.tol, opt.max_ados,
                                   &r->settings, &r->heom, &r->converged_to);
        if (rc == NEQ_ECONVERGE && r->heom.n_ados > 0)
            r->converged = 0; /* reported, not an error */
        else if (rc)
            return rc;
        else
            r->converged = 1;
    } else {
        r->settings = (neq_heom_settings){opt.expansion, opt.nterms, opt.depth, opt.terminator,
                                          NEQ_HEOM_AUTO};
        NEQ_TRY(neq_heom_steady(p, &r->settings, &r->heom));
        r->converged = 1;
        r->converged_to = NAN;
    }
    double complex V[16];
    double ev[4];
    NEQ_TRY(neq_herm_eig(4, r->heom.rho, ev, V));
    r->heom_min_eigenvalue = ev[0];
    const double *Jh = r->heom.heat_current;
    r->heom_entropy_production = -Jh[0] / p->T1 - Jh[1] / p->T2;
    /* where HEOM's J vanishes (equal temperatures), its rounding is no
     * scale: the errors are then relative to 1e-6 of what the baths carry */
    double js = fmax(fmax(fabs(Jh[0]), fabs(Jh[1])), 1e-6 * neq_heom_current_scale(p));
    for (int m = 0; m < 4; m++) {
        neq_baths_params q = *p;
        q.me = (neq_me_kind)m;
        q.lamb_shift = opt.lamb_shift != 0;
        neq_baths_result b;
        neq_validity_me *e = &r->me[m];
        e->status = neq_baths_steady(&q, &b);
        if (e->status) {
            e->concurrence = e->purity = e->heat_current[0] = e->heat_current[1] = NAN;
            e->err_concurrence = e->err_heat = e->err_purity = NAN;
            continue;
        }
        e->concurrence = b.concurrence;
        e->heat_current[0] = b.heat_current[0];
        e->heat_current[1] = b.heat_current[1];
        e->purity = b.purity;
        e->err_concurrence = fabs(b.concurrence - r->heom.concurrence);
        e->err_heat = fmax(fabs(b.heat_current[0] - Jh[0]), fabs(b.heat_current[1] - Jh[1])) /
                      (js > 0 ? js : NAN);
        e->err_purity = fabs(b.purity - r->heom.purity) / r->heom.purity;
    }
    neq_clear_error();
    return NEQ_OK;
}
