/* alpha_W, alpha_M (Bellomo-Antezza eq. 5) and the reflected Green tensor
 * for a planar body (include/neqent/em.h; derivation in docs/physics.md,
 * "Body model").
 *
 * After the angular integral (Bessel J0, J1, J2 of k x), everything is a
 * one-dimensional integral over the lateral wave number u = k/k0 in two
 * sectors, in variables that remove the 1/kz branch singularity:
 *   propagating  w = kz/k0 in [0, 1],  u = sqrt(1 - w^2),  u du / w = dw;
 *   evanescent   v = |kz|/k0 in [0, oo), u = sqrt(1 + v^2), u du / v = dv.
 * Guided modes and surface polaritons are poles of rho_p(v) next to the real
 * axis (widths far below 1e-6 k0 for thin weakly lossy slabs).  They are
 * located (peaks of |rho| on a grid, complex Newton on 1/rho, residue by a
 * trapezoidal contour integral), and each one's singular part times a
 * first-order Taylor polynomial of the smooth factor is subtracted from the
 * integrand and integrated analytically (a complex logarithm). */
#include "em_internal.h"

#include <gsl/gsl_integration.h>
#include <gsl/gsl_sf_bessel.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NPAIR 4   /* (q, q') = (1,1), (1,2), (2,1), (2,2) */
#define NCOMP 5   /* xx, yy, zz, xz, zx (xy, yx, yz, zy vanish) */
#define MAXPOLES 32

enum { XX, YY, ZZ, XZ, ZX };

typedef struct {
    const neq_body *b;
    double complex eps[NEQ_EM_MAX_LAYERS + 1];
    double k0;
    double dz[NPAIR], sz[NPAIR], x[NPAIR]; /* z_q - z_q', z_q + z_q', x_q - x_q' */
    double r12;
    /* poles of rho_p(v) */
    int npoles;
    double complex vp[MAXPOLES], res[MAXPOLES];
    int ppol[MAXPOLES];
    double complex pa[MAXPOLES][NPAIR * NCOMP], pb[MAXPOLES][NPAIR * NCOMP];
    double vr[MAXPOLES];
    int nevals;
} ctx;

/* Angular factors at lateral wave number u for pair k: c2 = (J0 - J2)/2,
 * s2 = (J0 + J2)/2, j0 = J0, j1 = J1 of k0 u x (J1 odd in x). */
typedef struct {
    double c2, s2, j0, j1;
} angular;

static void angular_factors(const ctx *c, double u, angular a[NPAIR])
{
    double y = c->k0 * u * c->r12, J0 = 1, J1 = 0, J2 = 0;
    if (y != 0) {
        J0 = gsl_sf_bessel_J0(y);
        J1 = gsl_sf_bessel_J1(y);
        J2 = gsl_sf_bessel_Jn(2, y);
    }
    for (int k = 0; k < NPAIR; k++) {
        if (c->x[k] == 0)
            a[k] = (angular){0.5, 0.5, 1.0, 0.0};
        else
            a[k] = (angular){(J0 - J2) / 2, (J0 + J2) / 2, J0, c->x[k] > 0 ? J1 : -J1};
    }
}

/* --------------------------------------------------------- evanescent */

/* h_p,c(v): the real smooth factor of the evanescent integrand,
 * g_R,ev = sum_p int dv rho_p(v) h_p(v), h_p = (3/2) e^{-k0 v sz} A_p(v). */
static void evanescent_h(const ctx *c, double v, double h[2][NPAIR * NCOMP])
{
    double u = sqrt(1 + v * v);
    angular a[NPAIR];
    angular_factors(c, u, a);
    for (int k = 0; k < NPAIR; k++) {
        double E = 1.5 * exp(-c->k0 * v * c->sz[k]);
        double *te = h[NEQ_TE] + k * NCOMP, *tm = h[NEQ_TM] + k * NCOMP;
        te[XX] = E * a[k].s2;
        te[YY] = E * a[k].c2;
        te[ZZ] = te[XZ] = te[ZX] = 0;
        tm[XX] = E * v * v * a[k].c2;
        tm[YY] = E * v * v * a[k].s2;
        tm[ZZ] = E * u * u * a[k].j0;
        tm[XZ] = E * v * u * a[k].j1;
        tm[ZX] = -E * v * u * a[k].j1;
    }
}

static double complex rho_v(const ctx *c, double complex v, int pol)
{
    double complex rho, tau;
    neq_body_rt(c->b, c->eps, c->k0, I * v, pol, &rho, &tau);
    return rho;
}

/* out[NPAIR*NCOMP] (complex) = sum_p rho_p h_p - pole terms.  noise[m]:
 * the rounding scale of out[m].  Next to a pole rho = N/D is computed with
 * a relative error ~eps |rho| (D cancels), and the subtraction leaves that
 * absolute error on a much smaller remainder. */
static void evanescent_integrand(ctx *c, double v, double complex *out, double *noise)
{
    double h[2][NPAIR * NCOMP];
    evanescent_h(c, v, h);
    double complex rr[2], tt[2];
    neq_body_rt2(c->b, c->eps, c->k0, I * v, rr, tt);
    double complex rte = rr[NEQ_TE], rtm = rr[NEQ_TM];
    double ate = fabs(creal(rte)) + fabs(cimag(rte)), atm = fabs(creal(rtm)) + fabs(cimag(rtm));
    double cte = 4e-16 * (1 + ate) * ate, ctm = 4e-16 * (1 + atm) * atm;
    for (int m = 0; m < NPAIR * NCOMP; m++) {
        out[m] = rte * h[NEQ_TE][m] + rtm * h[NEQ_TM][m];
        noise[m] = cte * fabs(h[NEQ_TE][m]) + ctm * fabs(h[NEQ_TM][m]);
    }
    for (int j = 0; j < c->npoles; j++) {
        double complex s = c->res[j] / (v - c->vp[j]);
        for (int m = 0; m < NPAIR * NCOMP; m++)
            out[m] -= s * (c->pa[j][m] + c->pb[j][m] * (v - c->vr[j]));
    }
    c->nevals++;
}

/* -------------------------------------------------------- propagating */

/* out: alpha_W (20), alpha_M,prop (20), g_R,prop (20), all complex;
 * noise: rounding scale per entry */
static void propagating_integrand(ctx *c, double w, double complex *out, double *noise)
{
    double u = sqrt(fmax(0.0, 1 - w * w));
    angular a[NPAIR];
    angular_factors(c, u, a);
    double complex rho[2], tau[2];
    neq_body_rt2(c->b, c->eps, c->k0, w, rho, tau);
    double complex *aW = out, *aM = out + NPAIR * NCOMP, *gR = out + 2 * NPAIR * NCOMP;
    for (int k = 0; k < NPAIR; k++) {
        double complex ed = cexp(I * c->k0 * w * c->dz[k]), es = cexp(I * c->k0 * w * c->sz[k]);
        double complex *W = aW + k * NCOMP, *M = aM + k * NCOMP, *G = gR + k * NCOMP;
        for (int m = 0; m < NCOMP; m++)
            W[m] = M[m] = G[m] = 0;
        for (int p = 0; p < 2; p++) {
            double RT = creal(rho[p] * conj(rho[p]) + tau[p] * conj(tau[p]));
            /* A^{ab} for a, b = +, - (docs/physics.md) */
            double complex App[NCOMP], Amm[NCOMP], Apm[NCOMP], Amp[NCOMP];
            if (p == NEQ_TE) {
                double t[NCOMP] = {a[k].s2, a[k].c2, 0, 0, 0};
                for (int m = 0; m < NCOMP; m++)
                    App[m] = Amm[m] = Apm[m] = Amp[m] = t[m];
            } else {
                double xx = w * w * a[k].c2, yy = w * w * a[k].s2, zz = u * u * a[k].j0;
                double complex xz = I * w * u * a[k].j1;
                App[XX] = Amm[XX] = xx;
                App[YY] = Amm[YY] = yy;
                Apm[XX] = Amp[XX] = -xx;
                Apm[YY] = Amp[YY] = -yy;
                App[ZZ] = Amm[ZZ] = Apm[ZZ] = Amp[ZZ] = zz;
                App[XZ] = -xz, App[ZX] = -xz;
                Amm[XZ] = xz, Amm[ZX] = xz;
                Apm[XZ] = -xz, Apm[ZX] = xz;
                Amp[XZ] = xz, Amp[ZX] = -xz;
            }
            for (int m = 0; m < NCOMP; m++) {
                W[m] += 0.75 * (ed * App[m] * RT + es * Apm[m] * rho[p] +
                                conj(es) * Amp[m] * conj(rho[p]) + conj(ed) * Amm[m]);
                M[m] += 0.75 * ed * App[m] * (1 - RT);
                G[m] += 1.5 * I * rho[p] * es * Apm[m];
            }
        }
    }
    for (int m = 0; m < 3 * NPAIR * NCOMP; m++) /* terms of O(|entry| + 1) */
        noise[m] = 4e-16 * (1 + fabs(creal(out[m])) + fabs(cimag(out[m])));
    c->nevals++;
}

/* ------------------------------------------ vector adaptive quadrature */

/* GSL's adaptive integrators are scalar; here every component shares the
 * expensive reflection coefficients, so one vector-valued global adaptive
 * bisection drives the 21-point Gauss-Kronrod rule with its embedded
 * 10-point Gauss rule (the difference is the error estimate).  Nodes and
 * weights: QUADPACK's dqk21 (Piessens et al. 1983), as in GSL's qk21.c,
 * which does not export them. */
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
typedef void (*vec_fn)(ctx *, double, double complex *, double *);

typedef struct {
    double a, b;
    double complex *val, *err; /* err: |I20 - I10| per component, as re/im pairs */
    double complex *mag;       /* integral of the integrand's rounding scale (re, im) */
} interval;

#define MAXDIM (3 * NPAIR * NCOMP)
#define MAXINT 4000

typedef int rules; /* placeholder: the rule is the fixed GK21 pair */

/* GK21 on [a, b] (mapping 0: identity; 1: tail v = V + t/(1-t)); acc gets
 * the Kronrod value, lo the embedded Gauss value, mag the rounding scale */
static void eval_rule(ctx *c, vec_fn f, int dim, int map, double V, double a, double b,
                      double complex *acc, double complex *lo, double complex *mag)
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
        if (map) {
            jac = 1 / ((1 - x) * (1 - x));
            x = V + x / (1 - x);
        }
        f(c, x, y, nz);
        for (int m = 0; m < dim; m++) {
            acc[m] += wk * jac * y[m];
            lo[m] += wgs * jac * y[m];
            mag[m] += wk * jac * nz[m] * (1 + I);
        }
    }
}

static void measure(ctx *c, vec_fn f, int dim, int map, double V, const rules *R, interval *iv)
{
    (void)R;
    double complex lo[MAXDIM];
    eval_rule(c, f, dim, map, V, iv->a, iv->b, iv->val, lo, iv->mag);
    /* |K21 - G10| (the Gauss rule's error, an overestimate for the
     * Kronrod one), but never below the integrand's own rounding scale:
     * where the two rules differ only by noise the interval is done */
    for (int m = 0; m < dim; m++) {
        double e[2] = {fabs(creal(iv->val[m] - lo[m])), fabs(cimag(iv->val[m] - lo[m]))};
        double g[2] = {creal(iv->mag[m]), cimag(iv->mag[m])};
        for (int k = 0; k < 2; k++)
            if (e[k] <= 10 * g[k])
                e[k] = g[k];
        iv->err[m] = e[0] + I * e[1];
    }
}

/* Integrates f over the union of [pts[k], pts[k+1]] (map as above); the
 * result meets |err| <= max(epsrel |I|, epsabs) per real component. */
static int integrate(ctx *c, vec_fn f, int dim, int map, double V, const double *pts, int npts,
                     const rules *R, double epsrel, double epsabs, double complex *result)
{
    interval *iv = malloc(sizeof *iv * MAXINT);
    double complex *store = malloc(sizeof *store * 3 * MAXDIM * MAXINT);
    if (!iv || !store) {
        free(iv);
        free(store);
        return neq_fail(NEQ_ENOMEM, "no memory for the quadrature");
    }
    int n = 0;
    for (int k = 0; k + 1 < npts; k++) {
        if (!(pts[k + 1] > pts[k]))
            continue;
        iv[n].a = pts[k];
        iv[n].b = pts[k + 1];
        iv[n].val = store + (size_t)3 * MAXDIM * n;
        iv[n].err = iv[n].val + MAXDIM;
        iv[n].mag = iv[n].err + MAXDIM;
        measure(c, f, dim, map, V, R, &iv[n]);
        n++;
    }
    int rc = NEQ_ECONVERGE;
    for (int iter = 0; iter < MAXINT; iter++) {
        double complex tot[MAXDIM], err[MAXDIM], mag[MAXDIM];
        for (int m = 0; m < dim; m++)
            tot[m] = err[m] = mag[m] = 0;
        for (int k = 0; k < n; k++)
            for (int m = 0; m < dim; m++) {
                tot[m] += iv[k].val[m];
                err[m] += iv[k].err[m];
                mag[m] += iv[k].mag[m];
            }
        /* worst component ratio err/tol and the interval that contributes
         * most to it */
        int ok = 1;
        double tolr[MAXDIM], toli[MAXDIM];
        for (int m = 0; m < dim; m++) {
            /* no component can be known better than its accumulated
             * rounding scale (QUADPACK's roundoff limit, made explicit) */
            tolr[m] = fmax(fmax(epsrel * fabs(creal(tot[m])), epsabs), 2 * creal(mag[m]));
            toli[m] = fmax(fmax(epsrel * fabs(cimag(tot[m])), epsabs), 2 * cimag(mag[m]));
            if (creal(err[m]) > tolr[m] || cimag(err[m]) > toli[m])
                ok = 0;
        }
        if (ok) {
            for (int m = 0; m < dim; m++)
                result[m] = tot[m];
            rc = NEQ_OK;
            break;
        }
        if (n + 1 >= MAXINT)
            break;
        int worst = 0;
        double wscore = -1;
        for (int k = 0; k < n; k++) {
            double s = 0;
            for (int m = 0; m < dim; m++)
                s = fmax(s, fmax(creal(iv[k].err[m]) / tolr[m], cimag(iv[k].err[m]) / toli[m]));
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
        iv[n].val = store + (size_t)3 * MAXDIM * n;
        iv[n].err = iv[n].val + MAXDIM;
        iv[n].mag = iv[n].err + MAXDIM;
        iv[worst].b = mid;
        measure(c, f, dim, map, V, R, &iv[worst]);
        measure(c, f, dim, map, V, R, &iv[n]);
        n++;
    }
    if (rc != NEQ_OK)
        rc = neq_fail(NEQ_ECONVERGE, "quadrature did not reach the tolerance %g in %d intervals",
                      epsrel, n);
    free(iv);
    free(store);
    return rc;
}

/* ------------------------------------------------------------- poles */

static double complex inv_rho(const ctx *c, double complex v, int pol)
{
    return 1.0 / rho_v(c, v, pol);
}

/* Newton on f = 1/rho from a real start; 0 on convergence */
static int newton_pole(const ctx *c, int pol, double complex *v)
{
    /* f is computed to ~1e-16 absolute, so the root is determined to about
     * 1e-16 / |f'|: stop when the step is at rounding level, or no longer
     * shrinks once it is small */
    double complex z = *v;
    double last = INFINITY;
    for (int it = 0; it < 60; it++) {
        double h = 1e-7 * fmax(cabs(z), 1e-9);
        double complex f = inv_rho(c, z, pol);
        double complex df = (inv_rho(c, z + h, pol) - inv_rho(c, z - h, pol)) / (2 * h);
        if (!isfinite(creal(df)) || df == 0)
            return -1;
        double complex step = f / df;
        z -= step;
        if (!isfinite(creal(z)))
            return -1;
        double s = cabs(step), scale = fmax(cabs(z), 1e-12);
        if (s <= 1e-14 * scale || (s <= 1e-10 * scale && s >= 0.5 * last)) {
            *v = z;
            return 0;
        }
        last = s;
    }
    return -1;
}

/* residue of rho at v0: 1 / f'(v0), f'(v0) by the trapezoidal rule on a
 * circle (exponentially accurate for f analytic in the disc) */
static double complex pole_residue(const ctx *c, int pol, double complex v0, double r, int N)
{
    double complex s = 0;
    for (int k = 0; k < N; k++) {
        double th = 2 * NEQ_PI * (k + 0.5) / N;
        s += inv_rho(c, v0 + r * cexp(I * th), pol) * cexp(-I * th);
    }
    return 1.0 / (s / (N * r));
}

/* The poles depend on the body and omega only, not on the geometry: the
 * last scan is kept per thread, keyed on omega, the thicknesses and the
 * permittivities themselves (not on the body's address, which a caller may
 * reuse), and reused while the new geometry needs no larger range. */
typedef struct {
    int valid, n, below, mirror, npoles;
    double omega, vmax, d[NEQ_EM_MAX_LAYERS];
    double complex eps[NEQ_EM_MAX_LAYERS + 1];
    double complex vp[MAXPOLES], res[MAXPOLES];
    int ppol[MAXPOLES];
} pole_cache;

static _Thread_local pole_cache cache;

static int cache_hit(const ctx *c, double omega, double vmax)
{
    const neq_body *b = c->b;
    if (!cache.valid || cache.omega != omega || cache.n != b->n || cache.mirror != b->mirror ||
        cache.below != (b->below != NULL) || vmax > cache.vmax)
        return 0;
    for (int j = 0; j < b->n; j++)
        if (cache.d[j] != b->d[j])
            return 0;
    for (int j = 0; j <= b->n; j++)
        if (cache.eps[j] != c->eps[j])
            return 0;
    return 1;
}

static void scan_poles(ctx *c, double vmax);

static void find_poles(ctx *c, double omega, double vmax)
{
    if (cache_hit(c, omega, vmax)) {
        c->npoles = cache.npoles;
        for (int j = 0; j < cache.npoles; j++) {
            c->vp[j] = cache.vp[j];
            c->res[j] = cache.res[j];
            c->ppol[j] = cache.ppol[j];
        }
    } else {
        scan_poles(c, vmax);
        const neq_body *b = c->b;
        cache.valid = 1;
        cache.omega = omega;
        cache.vmax = vmax;
        cache.n = b->n;
        cache.mirror = b->mirror;
        cache.below = b->below != NULL;
        for (int j = 0; j < b->n; j++)
            cache.d[j] = b->d[j];
        for (int j = 0; j <= b->n; j++)
            cache.eps[j] = c->eps[j];
        cache.npoles = c->npoles;
        for (int j = 0; j < c->npoles; j++) {
            cache.vp[j] = c->vp[j];
            cache.res[j] = c->res[j];
            cache.ppol[j] = c->ppol[j];
        }
    }
}

static void scan_poles(ctx *c, double vmax)
{
    c->npoles = 0;
    if (c->b->mirror)
        return;
    const int NG = 1200;
    double grid[NG];
    for (int k = 0; k < NG / 2; k++) /* logarithmic near the light line */
        grid[k] = 1e-9 * pow(fmin(vmax, 1.0) / 1e-9, (double)k / (NG / 2 - 1));
    for (int k = 0; k < NG / 2; k++)
        grid[NG / 2 + k] = fmin(vmax, 1.0) + (vmax - fmin(vmax, 1.0)) * (k + 1.0) / (NG / 2);
    static _Thread_local double mag[2][1200];
    for (int k = 0; k < NG; k++) {
        double complex rr[2], tt[2];
        neq_body_rt2(c->b, c->eps, c->k0, I * grid[k], rr, tt);
        mag[0][k] = cabs(rr[0]); /* the modulus: |Re| + |Im| peaks off the pole */
        mag[1][k] = cabs(rr[1]);
    }
    for (int pol = 0; pol < 2; pol++) {
        double prev2 = 0, prev1 = mag[pol][0];
        for (int k = 1; k < NG; k++) {
            double cur = mag[pol][k];
            if (k >= 2 && prev1 > prev2 && prev1 > cur && prev1 > 1.5) {
                double complex v = grid[k - 1];
                if (newton_pole(c, pol, &v) == 0 && creal(v) > -1e-12 &&
                    cabs(v - grid[k - 1]) < 10 * (grid[k] - grid[k - 2]) + 1e-12 &&
                    c->npoles < MAXPOLES) {
                    if (cimag(v) < 0 && fabs(cimag(v)) < 1e-14 * cabs(v))
                        v = creal(v); /* lossless: on the axis, outgoing limit */
                    int dup = 0;
                    for (int j = 0; j < c->npoles; j++)
                        if (c->ppol[j] == pol && cabs(c->vp[j] - v) < 1e-10 * cabs(v))
                            dup = 1;
                    if (!dup) {
                        double r = 0.05 * fmax(fabs(creal(v)), 1e-9);
                        double complex R1 = pole_residue(c, pol, v, r, 32);
                        double complex R2 = pole_residue(c, pol, v, r, 64);
                        if (cabs(R1 - R2) <= 1e-9 * cabs(R2)) {
                            int j = c->npoles++;
                            c->vp[j] = v;
                            c->res[j] = R2;
                            c->ppol[j] = pol;
                        }
                    }
                }
            }
            prev2 = prev1;
            prev1 = cur;
        }
    }
}

static void pole_taylor(ctx *c)
{
    /* Taylor coefficients of each pole's smooth factor at v_r = Re v_j.  h
     * varies on the scales 1/(k0 sz), 1/(k0 r12) and O(1) in v, so a 5-point
     * stencil with d = 1e-3 of the smallest (and d < v_r / 2.5) gives h' to
     * ~1e-13: a cruder h' leaves a Lorentzian of height R dh' that the
     * quadrature must then resolve. */
    double szmax = 0;
    for (int k = 0; k < NPAIR; k++)
        szmax = fmax(szmax, c->sz[k]);
    double scale = fmin(1.0, 1 / (c->k0 * szmax));
    if (c->r12 > 0)
        scale = fmin(scale, 1 / (c->k0 * c->r12));
    for (int j = 0; j < c->npoles; j++) {
        double vr = fmax(creal(c->vp[j]), 0.0);
        double d = 1e-3 * scale;
        if (vr > 0 && d > vr / 2.5)
            d = vr / 2.5;
        double h0[2][NPAIR * NCOMP], hp1[2][NPAIR * NCOMP], hm1[2][NPAIR * NCOMP],
            hp2[2][NPAIR * NCOMP], hm2[2][NPAIR * NCOMP];
        evanescent_h(c, vr, h0);
        evanescent_h(c, vr + d, hp1);
        evanescent_h(c, vr + 2 * d, hp2);
        int onesided = vr < 2 * d;
        if (!onesided) {
            evanescent_h(c, vr - d, hm1);
            evanescent_h(c, vr - 2 * d, hm2);
        } else {
            evanescent_h(c, vr + 3 * d, hm1); /* reuse buffers: h(v+3d), h(v+4d) */
            evanescent_h(c, vr + 4 * d, hm2);
        }
        c->vr[j] = vr;
        int p = c->ppol[j];
        for (int m = 0; m < NPAIR * NCOMP; m++) {
            c->pa[j][m] = h0[p][m];
            if (!onesided)
                c->pb[j][m] = (-hp2[p][m] + 8 * hp1[p][m] - 8 * hm1[p][m] + hm2[p][m]) / (12 * d);
            else /* forward 5-point: (-25 f0 + 48 f1 - 36 f2 + 16 f3 - 3 f4) / 12d */
                c->pb[j][m] = (-25 * h0[p][m] + 48 * hp1[p][m] - 36 * hp2[p][m] + 16 * hm1[p][m] -
                               3 * hm2[p][m]) / (12 * d);
        }
    }
}

/* analytic integral of the subtracted pole terms over [a, oo) with the
 * exponential cut: the pole terms are subtracted on [0, V] only */
static void pole_integrals(const ctx *c, double a, double b, double complex *out)
{
    for (int j = 0; j < c->npoles; j++) {
        double complex vj = c->vp[j];
        double complex L = clog(b - vj) - clog(a - vj);
        for (int m = 0; m < NPAIR * NCOMP; m++) {
            /* int_a^b (alpha + beta (v - vr)) / (v - vj) dv */
            double complex al = c->pa[j][m], be = c->pb[j][m];
            out[m] += c->res[j] * ((al + be * (vj - c->vr[j])) * L + be * (b - a));
        }
    }
}

/* ------------------------------------------------------------ driver */

static void vacuum_g0(double k0, double x, double dz, int same, double complex g[NCOMP])
{
    if (same) {
        g[XX] = g[YY] = g[ZZ] = I;
        g[XZ] = g[ZX] = 0;
        return;
    }
    double R = sqrt(x * x + dz * dz), xi = k0 * R;
    double complex e = 1.5 * cexp(I * xi) / (xi * xi * xi);
    double complex A = e * (xi * xi + I * xi - 1), B = e * (3 - 3 * I * xi - xi * xi);
    double rx = x / R, rz = dz / R;
    g[XX] = A + B * rx * rx;
    g[YY] = A;
    g[ZZ] = A + B * rz * rz;
    g[XZ] = g[ZX] = B * rx * rz;
}

static void store(double complex dst[2][2][3][3], const double complex *src)
{
    static const int ii[NCOMP] = {0, 1, 2, 0, 2}, jj[NCOMP] = {0, 1, 2, 2, 0};
    memset(dst, 0, sizeof(double complex) * 36);
    for (int k = 0; k < NPAIR; k++)
        for (int m = 0; m < NCOMP; m++)
            dst[k / 2][k % 2][ii[m]][jj[m]] = src[k * NCOMP + m];
}

static int check_len(double v, const char *what)
{
    if (isnan(v))
        return neq_fail(NEQ_ENAN, "%s is NaN", what);
    if (!(v > 0) || isinf(v))
        return neq_fail(NEQ_EDOMAIN, "%s = %g m must be finite and > 0 (a qubit at or inside the "
                                     "body?)", what, v);
    return NEQ_OK;
}

int neq_em_tensors_compute(const neq_body *b, double omega, double z1, double z2, double r12,
                           const neq_em_options *opt, neq_em_tensors *t)
{
    if (!b || !t)
        return neq_fail(NEQ_EINVAL, "neq_em_tensors_compute: NULL argument");
    if (isnan(omega))
        return neq_fail(NEQ_ENAN, "omega is NaN");
    if (!(omega > 0) || isinf(omega))
        return neq_fail(NEQ_EDOMAIN, "omega = %g rad/s must be finite and > 0", omega);
    NEQ_TRY(check_len(z1, "height z1"));
    NEQ_TRY(check_len(z2, "height z2"));
    if (isnan(r12))
        return neq_fail(NEQ_ENAN, "separation r12 is NaN");
    if (r12 < 0 || isinf(r12))
        return neq_fail(NEQ_EDOMAIN, "separation r12 = %g m must be finite and >= 0", r12);
    if (r12 == 0 && z1 == z2)
        return neq_fail(NEQ_EDOMAIN, "the two qubits coincide (r12 = 0, z1 = z2 = %g m): their "
                                     "dipole-dipole coupling diverges", z1);
    double epsrel = opt ? opt->epsrel : 1e-9, epsabs = opt ? opt->epsabs : 1e-12;
    if (!(epsrel > 0 && epsrel < 1) || !(epsabs > 0))
        return neq_fail(NEQ_EINVAL, "tolerances (%g, %g) out of range", epsrel, epsabs);
    ctx *c = calloc(1, sizeof *c);
    if (!c)
        return neq_fail(NEQ_ENOMEM, "no memory");
    c->b = b;
    c->k0 = omega / NEQ_C_LIGHT;
    c->r12 = r12;
    int rc = b->mirror ? NEQ_OK : neq_body_eps(b, omega, c->eps);
    const double zq[2] = {z1, z2}, xq[2] = {0, r12};
    for (int k = 0; k < NPAIR; k++) {
        int q = k / 2, qp = k % 2;
        c->dz[k] = zq[q] - zq[qp];
        c->sz[k] = zq[q] + zq[qp];
        c->x[k] = xq[q] - xq[qp];
    }
    double szmin = 2 * fmin(z1, z2);
    double V = 40 / (c->k0 * szmin); /* beyond, e^{-k0 v sz} < e^{-40} */
    rules R = 0;
    double complex prop[3 * NPAIR * NCOMP], ev[NPAIR * NCOMP], tail[NPAIR * NCOMP];
    if (rc == 0) {
        find_poles(c, omega, V);
        pole_taylor(c);
        /* propagating: breakpoints near w = 0 where light-line poles sit */
        double pts[3 + MAXPOLES];
        int np = 0;
        pts[np++] = 0;
        for (int j = 0; j < c->npoles; j++)
            if (cabs(c->vp[j]) < 0.5)
                pts[np++] = cabs(c->vp[j]);
        pts[np++] = 1;
        for (int i = 1; i < np; i++) /* sort */
            for (int k = i; k > 0 && pts[k] < pts[k - 1]; k--) {
                double s = pts[k];
                pts[k] = pts[k - 1];
                pts[k - 1] = s;
            }
        rc = integrate(c, propagating_integrand, 3 * NPAIR * NCOMP, 0, 0, pts, np, &R,
                       epsrel, epsabs, prop);
    }
    if (rc == 0) {
        /* evanescent on [0, V]: breakpoints at the poles and the decay scales */
        double pts[8 + MAXPOLES];
        int np = 0;
        pts[np++] = 0;
        const double sc[5] = {0.1, 1, 4, 12, 25};
        for (int s = 0; s < 5; s++)
            if (sc[s] / (c->k0 * szmin) < V)
                pts[np++] = sc[s] / (c->k0 * szmin);
        for (int j = 0; j < c->npoles; j++)
            if (c->vr[j] > 0 && c->vr[j] < V)
                pts[np++] = c->vr[j];
        pts[np++] = V;
        for (int i = 1; i < np; i++)
            for (int k = i; k > 0 && pts[k] < pts[k - 1]; k--) {
                double s = pts[k];
                pts[k] = pts[k - 1];
                pts[k - 1] = s;
            }
        rc = integrate(c, evanescent_integrand, NPAIR * NCOMP, 0, 0, pts, np, &R, epsrel, epsabs,
                       ev);
        if (rc == 0)
            pole_integrals(c, 0, V, ev);
    }
    if (rc == 0) {
        /* tail [V, oo): no pole subtraction there (none matters: e^{-40}) */
        int save = c->npoles;
        c->npoles = 0;
        double tp[2] = {0, 1};
        rc = integrate(c, evanescent_integrand, NPAIR * NCOMP, 1, V, tp, 2, &R, epsrel,
                       fmax(epsabs, 1e-16), tail);
        c->npoles = save;
    }
    if (rc == 0) {
        double complex gR[NPAIR * NCOMP], aM[NPAIR * NCOMP], g0[NPAIR * NCOMP];
        for (int m = 0; m < NPAIR * NCOMP; m++) {
            double complex gev = ev[m] + tail[m];
            gR[m] = prop[2 * NPAIR * NCOMP + m] + gev;
            /* alpha_M evanescent = Im g_R,ev (the angular tensor is real there) */
            aM[m] = prop[NPAIR * NCOMP + m] + cimag(gev);
        }
        for (int k = 0; k < NPAIR; k++)
            vacuum_g0(c->k0, c->x[k], c->dz[k], k == 0 || k == 3, g0 + k * NCOMP);
        store(t->alpha_W, prop);
        store(t->alpha_M, aM);
        store(t->alpha_M_prop, prop + NPAIR * NCOMP);
        store(t->g_R, gR);
        store(t->g_0, g0);
        t->npoles = c->npoles;
        t->nevals = c->nevals;
    }
    free(c);
    return rc;
}
