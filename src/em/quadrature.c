/* A vector-valued global adaptive integrator (src/em/em_internal.h).
 *
 * GSL's adaptive integrators are scalar; here every component shares the
 * expensive reflection coefficients, so one vector-valued global adaptive
 * bisection drives the 21-point Gauss-Kronrod rule with its embedded
 * 10-point Gauss rule (the difference is the error estimate).  Nodes and
 * weights: QUADPACK's dqk21 (Piessens et al. 1983), as in GSL's qk21.c,
 * which does not export them.  All scratch lives in a neq_em_quad
 * allocated once (GSL's integration workspace): integrating allocates
 * nothing. */
#include "em_internal.h"

#include <math.h>
#include <stdlib.h>

static const double XGK[11] = {
    0.995657163025808080735527280689003, 0.973906528517171720077964012084452,
    0.930157491355708226001207180059508, 0.865063366688984510732096688423493,
    0.780817726586416897063717578345042, 0.679409568299024406234327365114874,
    0.562757134668604683339000099272694, 0.433395394129247190799265943165784,
    0.294392862701460198131126603103866, 0.148874338981631210884826001129720,
    0.000000000000000000000000000000000};
static const double WGK[11] = {
    0.011694638867371874278064396062192, 0.032558162307964727478818972459390,
    0.054755896574351996031381300244580, 0.075039674810919952767043140916190,
    0.093125454583697605535065465083366, 0.109387158802297641899210590325805,
    0.123491976262065851077600381284877, 0.134709217311473325928054001771707,
    0.142775938577060080797094273138717, 0.147739104901338491374841515972068,
    0.149445554002916905664936468389821};
static const double WG[5] = {
    0.066671344308688137593568809893332, 0.149451349150580593145776339657697,
    0.219086362515982043995534934228163, 0.269266719309996355091226921569469,
    0.295524224714752870173892994651338};

#define MAXDIM NEQ_EM_QUAD_MAXDIM

typedef struct {
    double a, b;
} interval;

/* Interval k's numbers are at store + 3 dim k: the Kronrod value, its error
 * |K21 - G10| per component (as re/im pairs), and the integral of the
 * integrand's rounding scale (re, im). */
struct neq_em_quad {
    int limit;
    interval *iv;
    double complex *store;
};

int neq_em_quad_alloc(int limit, neq_em_quad **out)
{
    if (!out || limit < 1)
        return neq_fail(NEQ_EINVAL, "neq_em_quad_alloc: bad arguments (limit %d)", limit);
    *out = NULL;
    neq_em_quad *q = calloc(1, sizeof *q);
    if (!q)
        return neq_fail(NEQ_ENOMEM, "no memory for the quadrature workspace");
    q->limit = limit;
    q->iv = malloc(sizeof *q->iv * (size_t)limit);
    q->store = malloc(sizeof *q->store * 3 * MAXDIM * (size_t)limit);
    if (!q->iv || !q->store) {
        neq_em_quad_free(q);
        return neq_fail(NEQ_ENOMEM, "no memory for the quadrature workspace (%d intervals)",
                        limit);
    }
    *out = q;
    return NEQ_OK;
}

void neq_em_quad_free(neq_em_quad *q)
{
    if (!q)
        return;
    free(q->iv);
    free(q->store);
    free(q);
}

/* GK21 on [a, b] (map NONE: identity; TAIL: v = V + t/(1-t)); acc gets
 * the Kronrod value, lo the embedded Gauss value, mag the rounding scale */
static int eval_rule(neq_em_vec_fn f, void *params, int dim, int map, double V, double a,
                     double b, double complex *acc, double complex *lo, double complex *mag)
{
    double complex y[MAXDIM];
    double nz[MAXDIM];
    double half = 0.5 * (b - a), mid = 0.5 * (a + b);
    for (int m = 0; m < dim; m++)
        acc[m] = lo[m] = mag[m] = 0;
    for (int i = 0; i < 21; i++) {
        int k = i < 11 ? i : 20 - i;
        double x = mid + (i < 11 ? -1 : 1) * half * XGK[k]; /* XGK[10] = 0: centre once */
        double wk = half * WGK[k], wgs = (k % 2 == 1) ? half * WG[k / 2] : 0;
        double jac = 1;
        if (map == NEQ_EM_MAP_TAIL) {
            jac = 1 / ((1 - x) * (1 - x));
            x = V + x / (1 - x);
        }
        NEQ_TRY(f(params, x, y, nz));
        for (int m = 0; m < dim; m++) {
            acc[m] += wk * jac * y[m];
            lo[m] += wgs * jac * y[m];
            mag[m] += wk * jac * nz[m] * (1 + I);
        }
    }
    return NEQ_OK;
}

static int measure(neq_em_vec_fn f, void *params, int dim, int map, double V, const interval *iv,
                   double complex *slot)
{
    double complex lo[MAXDIM], *val = slot, *err = slot + dim, *mag = slot + 2 * dim;
    NEQ_TRY(eval_rule(f, params, dim, map, V, iv->a, iv->b, val, lo, mag));
    /* |K21 - G10| (the Gauss rule's error, an overestimate for the
     * Kronrod one), but never below the integrand's own rounding scale:
     * where the two rules differ only by noise the interval is done */
    for (int m = 0; m < dim; m++) {
        double e[2] = {fabs(creal(val[m] - lo[m])), fabs(cimag(val[m] - lo[m]))};
        double g[2] = {creal(mag[m]), cimag(mag[m])};
        for (int k = 0; k < 2; k++)
            if (e[k] <= 10 * g[k])
                e[k] = g[k];
        err[m] = e[0] + I * e[1];
    }
    return NEQ_OK;
}

int neq_em_quad_integrate(neq_em_quad *q, neq_em_vec_fn f, void *params, int dim, int map,
                          double V, const double *pts, int npts, double epsrel, double epsabs,
                          double complex *result, double complex *abserr, neq_em_quad_info *info)
{
    neq_em_quad_info dummy;
    if (!info)
        info = &dummy;
    *info = (neq_em_quad_info){0, 0, 0, 0, 0, 0};
    if (!q || !f || !pts || !result || !abserr || dim < 1 || dim > MAXDIM || npts < 2 ||
        npts - 1 > q->limit)
        return neq_fail(NEQ_EINVAL, "neq_em_quad_integrate: bad arguments (dim %d, %d points)",
                        dim, npts);
    interval *iv = q->iv;
    double complex *store = q->store;
    const size_t stride = (size_t)3 * (size_t)dim;
    int n = 0;
    for (int k = 0; k + 1 < npts; k++) {
        if (!(pts[k + 1] > pts[k]))
            continue;
        iv[n].a = pts[k];
        iv[n].b = pts[k + 1];
        NEQ_TRY(measure(f, params, dim, map, V, &iv[n], store + stride * n));
        info->neval += 21;
        n++;
    }
    int rc = NEQ_ECONVERGE;
    for (;;) {
        double complex tot[MAXDIM], err[MAXDIM], mag[MAXDIM];
        for (int m = 0; m < dim; m++)
            tot[m] = err[m] = mag[m] = 0;
        for (int k = 0; k < n; k++) {
            const double complex *s = store + stride * k;
            for (int m = 0; m < dim; m++) {
                tot[m] += s[m];
                err[m] += s[dim + m];
                mag[m] += s[2 * dim + m];
            }
        }
        /* worst component ratio err/tol and the interval that contributes
         * most to it */
        int ok = 1;
        double tolr[MAXDIM], toli[MAXDIM], wratio = -1;
        for (int m = 0; m < dim; m++) {
            /* no component can be known better than its accumulated
             * rounding scale (QUADPACK's roundoff limit, made explicit) */
            tolr[m] = fmax(fmax(epsrel * fabs(creal(tot[m])), epsabs), 2 * creal(mag[m]));
            toli[m] = fmax(fmax(epsrel * fabs(cimag(tot[m])), epsabs), 2 * cimag(mag[m]));
            if (creal(err[m]) > tolr[m] || cimag(err[m]) > toli[m])
                ok = 0;
            result[m] = tot[m];
            abserr[m] = err[m];
            double c[2][2] = {{creal(err[m]), tolr[m]}, {cimag(err[m]), toli[m]}};
            for (int r = 0; r < 2; r++)
                if (c[r][0] / c[r][1] > wratio) {
                    wratio = c[r][0] / c[r][1];
                    info->worst = 2 * m + r;
                    info->worst_err = c[r][0];
                    info->worst_tol = c[r][1];
                }
        }
        info->nintervals = n;
        if (ok) {
            rc = NEQ_OK;
            break;
        }
        if (n + 1 >= q->limit) {
            info->limit_hit = 1;
            break;
        }
        int worst = 0;
        double wscore = -1;
        for (int k = 0; k < n; k++) {
            const double complex *e = store + stride * k + dim;
            double s = 0;
            for (int m = 0; m < dim; m++)
                s = fmax(s, fmax(creal(e[m]) / tolr[m], cimag(e[m]) / toli[m]));
            if (s > wscore) {
                wscore = s;
                worst = k;
            }
        }
        double mid = 0.5 * (iv[worst].a + iv[worst].b);
        if (!(mid > iv[worst].a && mid < iv[worst].b))
            break; /* cannot bisect further */
        iv[n].a = mid;
        iv[n].b = iv[worst].b;
        iv[worst].b = mid;
        NEQ_TRY(measure(f, params, dim, map, V, &iv[worst], store + stride * worst));
        NEQ_TRY(measure(f, params, dim, map, V, &iv[n], store + stride * n));
        info->neval += 42;
        n++;
    }
    return rc;
}
