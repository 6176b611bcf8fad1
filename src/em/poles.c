/* Poles of the reflection coefficients rho_p(v) next to the real v axis
 * (src/em/em_internal.h; docs/physics.md, "Poles near the real axis").
 *
 * Guided modes and surface polaritons are poles of rho_p(v) next to the real
 * axis (widths far below 1e-6 k0 for thin weakly lossy slabs).  They are
 * located (peaks of |rho| on a grid, complex Newton on 1/rho, residue by a
 * trapezoidal contour integral), and each one's singular part times a
 * first-order Taylor polynomial of the smooth factor is subtracted from the
 * integrand (integrands.c) and integrated analytically here (a complex
 * logarithm). */
#include "em_internal.h"

#include <math.h>
#include <stddef.h>

#define NPAIR NEQ_EM_NPAIR
#define MAXPOLES NEQ_EM_MAXPOLES

static double complex inv_rho(const neq_em_geom *g, double complex v, int pol)
{
    double complex rho, tau;
    neq_body_rt(g->b, g->eps, g->k0, I * v, pol, &rho, &tau);
    return 1.0 / rho;
}

/* Newton on f = 1/rho from a real start; 0 on convergence */
static int newton_pole(const neq_em_geom *g, int pol, double complex *v)
{
    /* f is computed to ~1e-16 absolute, so the root is determined to about
     * 1e-16 / |f'|: stop when the step is at rounding level, or no longer
     * shrinks once it is small */
    double complex z = *v;
    double last = INFINITY;
    for (int it = 0; it < 60; it++) {
        double h = 1e-7 * fmax(cabs(z), 1e-9);
        double complex f = inv_rho(g, z, pol);
        double complex df = (inv_rho(g, z + h, pol) - inv_rho(g, z - h, pol)) / (2 * h);
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
static double complex pole_residue(const neq_em_geom *g, int pol, double complex v0, double r,
                                   int N)
{
    double complex s = 0;
    for (int k = 0; k < N; k++) {
        double th = 2 * NEQ_PI * (k + 0.5) / N;
        s += inv_rho(g, v0 + r * cexp(I * th), pol) * cexp(-I * th);
    }
    return 1.0 / (s / (N * r));
}

#define NG 1200 /* scan grid */

void neq_em_poles_scan(const neq_em_geom *g, double range, neq_em_poles *p)
{
    p->n = 0;
    if (g->b->mirror)
        return;
    double grid[NG], mag[2][NG];
    for (int k = 0; k < NG / 2; k++) /* logarithmic near the light line */
        grid[k] = 1e-9 * pow(fmin(range, 1.0) / 1e-9, (double)k / (NG / 2 - 1));
    for (int k = 0; k < NG / 2; k++)
        grid[NG / 2 + k] = fmin(range, 1.0) + (range - fmin(range, 1.0)) * (k + 1.0) / (NG / 2);
    for (int k = 0; k < NG; k++) {
        double complex rr[2], tt[2];
        neq_body_rt2(g->b, g->eps, g->k0, I * grid[k], rr, tt);
        mag[0][k] = cabs(rr[0]); /* the modulus: |Re| + |Im| peaks off the pole */
        mag[1][k] = cabs(rr[1]);
    }
    for (int pol = 0; pol < 2; pol++) {
        double prev2 = 0, prev1 = mag[pol][0];
        for (int k = 1; k < NG; k++) {
            double cur = mag[pol][k];
            if (k >= 2 && prev1 > prev2 && prev1 > cur && prev1 > 1.5) {
                double complex v = grid[k - 1];
                if (newton_pole(g, pol, &v) == 0 && creal(v) > -1e-12 &&
                    cabs(v - grid[k - 1]) < 10 * (grid[k] - grid[k - 2]) + 1e-12 &&
                    p->n < MAXPOLES) {
                    if (cimag(v) < 0 && fabs(cimag(v)) < 1e-14 * cabs(v))
                        v = creal(v); /* lossless: on the axis, outgoing limit */
                    int dup = 0;
                    for (int j = 0; j < p->n; j++)
                        if (p->pol[j] == pol && cabs(p->vp[j] - v) < 1e-10 * cabs(v))
                            dup = 1;
                    if (!dup) {
                        double r = 0.05 * fmax(fabs(creal(v)), 1e-9);
                        double complex R1 = pole_residue(g, pol, v, r, 32);
                        double complex R2 = pole_residue(g, pol, v, r, 64);
                        if (cabs(R1 - R2) <= 1e-9 * cabs(R2)) {
                            int j = p->n++;
                            p->vp[j] = v;
                            p->res[j] = R2;
                            p->pol[j] = pol;
                        }
                    }
                }
            }
            prev2 = prev1;
            prev1 = cur;
        }
    }
}

/* The poles depend on the body and omega only, not on the geometry, which
 * sets only how far out they matter (vmax).  Before, a cached scan was reused
 * for any vmax it covered, but the scan grid depends on the range, so results
 * differed in the last bits with the order of calls.  Now the range is
 * vmax rounded up to a power of two, and a scan is reused only for exactly
 * its key: the grid is then a function of the key, and a hit returns what a
 * miss would compute (tested: tests/em/test_em.c, reproducibility). */
double neq_em_poles_range(double vmax)
{
    if (!(vmax > 0) || !isfinite(vmax))
        return INFINITY;
    int e;
    double f = frexp(vmax, &e); /* vmax = f 2^e, f in [0.5, 1) */
    return f == 0.5 ? vmax : ldexp(1.0, e);
}

static int slot_matches(const neq_em_pole_slot *s, const neq_em_geom *g, double omega, double range)
{
    const neq_body *b = g->b;
    if (!s->valid || s->omega != omega || s->range != range || s->n != b->n ||
        s->mirror != b->mirror || s->below != (b->below != NULL))
        return 0;
    for (int j = 0; j < b->n; j++)
        if (s->d[j] != b->d[j])
            return 0;
    for (int j = 0; j <= b->n; j++)
        if (s->eps[j] != g->eps[j] || s->eps[NEQ_EM_PERP + j] != g->eps[NEQ_EM_PERP + j] ||
            s->eps[NEQ_EM_SHEET + j] != g->eps[NEQ_EM_SHEET + j])
            return 0;
    return 1;
}

void neq_em_poles_find(neq_em_pole_cache *cache, const neq_em_geom *g, double omega, double vmax,
                       neq_em_poles *p)
{
    double range = neq_em_poles_range(vmax);
    if (cache)
        for (int k = 0; k < NEQ_EM_CACHE_SLOTS; k++)
            if (slot_matches(&cache->slot[k], g, omega, range)) {
                *p = cache->slot[k].poles;
                return;
            }
    neq_em_poles_scan(g, range, p);
    if (!cache)
        return;
    const neq_body *b = g->b;
    neq_em_pole_slot *s = &cache->slot[cache->next];
    cache->next = (cache->next + 1) % NEQ_EM_CACHE_SLOTS;
    s->valid = 1;
    s->omega = omega;
    s->range = range;
    s->n = b->n;
    s->mirror = b->mirror;
    s->below = b->below != NULL;
    for (int j = 0; j < b->n; j++)
        s->d[j] = b->d[j];
    for (int j = 0; j <= b->n; j++) {
        s->eps[j] = g->eps[j];
        s->eps[NEQ_EM_PERP + j] = g->eps[NEQ_EM_PERP + j];
        s->eps[NEQ_EM_SHEET + j] = g->eps[NEQ_EM_SHEET + j];
    }
    s->poles = *p;
}

int neq_em_poles_taylor(const neq_em_geom *g, const neq_em_poles *p, neq_em_pole_terms *t)
{
    /* Taylor coefficients of each pole's smooth factor at v_r = Re v_j.  h
     * varies on the scales 1/(k0 sz), 1/(k0 r12) and O(1) in v, so a 5-point
     * stencil with d = 1e-3 of the smallest (and d < v_r / 2.5) gives h' to
     * ~1e-13: a cruder h' leaves a Lorentzian of height R dh' that the
     * quadrature must then resolve. */
    double szmax = 0;
    for (int k = 0; k < NPAIR; k++)
        szmax = fmax(szmax, g->sz[k]);
    double scale = fmin(1.0, 1 / (g->k0 * szmax));
    if (g->r12 > 0)
        scale = fmin(scale, 1 / (g->k0 * g->r12));
    for (int j = 0; j < p->n; j++) {
        double vr = fmax(creal(p->vp[j]), 0.0);
        double d = 1e-3 * scale;
        if (vr > 0 && d > vr / 2.5)
            d = vr / 2.5;
        double h0[2][NEQ_EM_NEV], hp1[2][NEQ_EM_NEV], hm1[2][NEQ_EM_NEV], hp2[2][NEQ_EM_NEV],
            hm2[2][NEQ_EM_NEV];
        NEQ_TRY(neq_em_evanescent_h(g, vr, h0));
        NEQ_TRY(neq_em_evanescent_h(g, vr + d, hp1));
        NEQ_TRY(neq_em_evanescent_h(g, vr + 2 * d, hp2));
        int onesided = vr < 2 * d;
        if (!onesided) {
            NEQ_TRY(neq_em_evanescent_h(g, vr - d, hm1));
            NEQ_TRY(neq_em_evanescent_h(g, vr - 2 * d, hm2));
        } else { /* reuse buffers: h(v+3d), h(v+4d) */
            NEQ_TRY(neq_em_evanescent_h(g, vr + 3 * d, hm1));
            NEQ_TRY(neq_em_evanescent_h(g, vr + 4 * d, hm2));
        }
        t->vr[j] = vr;
        int q = p->pol[j];
        for (int m = 0; m < NEQ_EM_NEV; m++) {
            t->pa[j][m] = h0[q][m];
            if (!onesided)
                t->pb[j][m] = (-hp2[q][m] + 8 * hp1[q][m] - 8 * hm1[q][m] + hm2[q][m]) / (12 * d);
            else /* forward 5-point: (-25 f0 + 48 f1 - 36 f2 + 16 f3 - 3 f4) / 12d */
                t->pb[j][m] = (-25 * h0[q][m] + 48 * hp1[q][m] - 36 * hp2[q][m] + 16 * hm1[q][m] -
                               3 * hm2[q][m]) / (12 * d);
        }
    }
    return NEQ_OK;
}

/* analytic integral over [a, b] of the subtracted pole terms:
 * int_a^b (alpha + beta (v - vr)) / (v - vj) dv
 *   = (alpha + beta (vj - vr)) [log(b - vj) - log(a - vj)] + beta (b - a) */
void neq_em_poles_integrate(const neq_em_poles *p, const neq_em_pole_terms *t, double a, double b,
                            double complex *out)
{
    for (int j = 0; j < p->n; j++) {
        double complex vj = p->vp[j];
        double complex L = clog(b - vj) - clog(a - vj);
        for (int m = 0; m < NEQ_EM_NEV; m++) {
            double complex al = t->pa[j][m], be = t->pb[j][m];
            out[m] += p->res[j] * ((al + be * (vj - t->vr[j])) * L + be * (b - a));
        }
    }
}
