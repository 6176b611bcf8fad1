/* The integrands of alpha_W, alpha_M (Bellomo-Antezza eq. 5) and the
 * reflected Green tensor g_R for a planar body, and the vacuum tensor g0
 * (src/em/em_internal.h; derivation in docs/physics.md, "Eq. (5) for a
 * planar body, reduced").
 *
 * After the angular integral (Bessel J0, J1, J2 of k x), everything is a
 * one-dimensional integral over the lateral wave number u = k/k0 in two
 * sectors, in variables that remove the 1/kz branch singularity:
 *   propagating  w = kz/k0 in [0, 1],  u = sqrt(1 - w^2),  u du / w = dw;
 *   evanescent   v = |kz|/k0 in [0, oo), u = sqrt(1 + v^2), u du / v = dv. */
#include "em_internal.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_bessel.h>
#include <math.h>
#include <string.h>

#define NPAIR NEQ_EM_NPAIR
#define NCOMP NEQ_EM_NCOMP
#define XX NEQ_EM_XX
#define YY NEQ_EM_YY
#define ZZ NEQ_EM_ZZ
#define XZ NEQ_EM_XZ
#define ZX NEQ_EM_ZX

void neq_em_geom_init(neq_em_geom *g, const neq_body *b, double omega, double z1, double z2,
                      double r12)
{
    memset(g, 0, sizeof *g); /* eps too: read (as a cache key) even for a mirror */
    g->b = b;
    g->k0 = omega / NEQ_C_LIGHT;
    g->r12 = r12;
    const double zq[2] = {z1, z2}, xq[2] = {0, r12};
    for (int k = 0; k < NPAIR; k++) {
        int q = k / 2, qp = k % 2;
        g->dz[k] = zq[q] - zq[qp];
        g->sz[k] = zq[q] + zq[qp];
        g->x[k] = xq[q] - xq[qp];
    }
}

/* Angular factors at lateral wave number u for pair k: c2 = (J0 - J2)/2,
 * s2 = (J0 + J2)/2, j0 = J0, j1 = J1 of k0 u x (J1 odd in x). */
typedef struct {
    double c2, s2, j0, j1;
} angular;

/* J_n(y) for n = 0, 1, 2 by GSL's _e functions (the handler is off:
 * src/core/gsl_quiet.c).  An underflow (J1, J2 of y below ~1e-154, as for
 * qubits 1e-160 m apart) is a value below DBL_MIN: 0. */
static int bessel_J(int n, double y, double *J)
{
    gsl_sf_result r;
    int s = n == 0 ? gsl_sf_bessel_J0_e(y, &r)
            : n == 1 ? gsl_sf_bessel_J1_e(y, &r)
                     : gsl_sf_bessel_Jn_e(n, y, &r);
    if (s == GSL_EUNDRFLW) {
        *J = 0;
        return NEQ_OK;
    }
    if (s)
        return neq_fail(NEQ_EDOMAIN, "Bessel function J%d(%g) failed: %s", n, y, gsl_strerror(s));
    *J = r.val;
    return NEQ_OK;
}

static int angular_factors(const neq_em_geom *g, double u, angular a[NPAIR])
{
    double y = g->k0 * u * g->r12, J0 = 1, J1 = 0, J2 = 0;
    if (y != 0) {
        NEQ_TRY(bessel_J(0, y, &J0));
        NEQ_TRY(bessel_J(1, y, &J1));
        NEQ_TRY(bessel_J(2, y, &J2));
    }
    for (int k = 0; k < NPAIR; k++) {
        if (g->x[k] == 0)
            a[k] = (angular){0.5, 0.5, 1.0, 0.0};
        else
            a[k] = (angular){(J0 - J2) / 2, (J0 + J2) / 2, J0, g->x[k] > 0 ? J1 : -J1};
    }
    return NEQ_OK;
}

/* --------------------------------------------------------- evanescent */

/* h_p(v) = (3/2) e^{-k0 v sz} A_p(v), A_p the evanescent angular tensor
 * (docs/physics.md: TE diag(s2, c2, 0); TM xx = v^2 c2, yy = v^2 s2,
 * zz = u^2 J0, xz = v u J1, zx = -v u J1) */
static int evanescent_h(const neq_em_geom *g, double v, double h[2][NEQ_EM_NEV])
{
    double u = sqrt(1 + v * v);
    angular a[NPAIR];
    NEQ_TRY(angular_factors(g, u, a));
    for (int k = 0; k < NPAIR; k++) {
        double E = 1.5 * exp(-g->k0 * v * g->sz[k]);
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
    return NEQ_OK;
}

/* exported for poles.c; the integrand calls the static one, which the
 * compiler may inline (an exported function of a shared library may be
 * interposed, so it is neither inlined nor called directly) */
int neq_em_evanescent_h(const neq_em_geom *g, double v, double h[2][NEQ_EM_NEV])
{
    return evanescent_h(g, v, h);
}

/* out = sum_p rho_p h_p - pole terms.  noise[m]: the rounding scale of
 * out[m].  Next to a pole rho = N/D is computed with a relative error
 * ~eps |rho| (D cancels), and the subtraction leaves that absolute error on
 * a much smaller remainder. */
int neq_em_evanescent_integrand(void *params, double v, double complex *out, double *noise)
{
    const neq_em_evanescent_params *P = params;
    const neq_em_geom *g = P->g;
    double h[2][NEQ_EM_NEV];
    NEQ_TRY(evanescent_h(g, v, h));
    double complex rr[2], tt[2];
    neq_body_rt2(g->b, g->eps, g->k0, I * v, rr, tt);
    double complex rte = rr[NEQ_TE], rtm = rr[NEQ_TM];
    double ate = fabs(creal(rte)) + fabs(cimag(rte)), atm = fabs(creal(rtm)) + fabs(cimag(rtm));
    double cte = 4e-16 * (1 + ate) * ate, ctm = 4e-16 * (1 + atm) * atm;
    for (int m = 0; m < NEQ_EM_NEV; m++) {
        out[m] = rte * h[NEQ_TE][m] + rtm * h[NEQ_TM][m];
        noise[m] = cte * fabs(h[NEQ_TE][m]) + ctm * fabs(h[NEQ_TM][m]);
    }
    const neq_em_poles *p = P->poles;
    if (p) {
        const neq_em_pole_terms *t = P->terms;
        for (int j = 0; j < p->n; j++) {
            double complex s = p->res[j] / (v - p->vp[j]);
            for (int m = 0; m < NEQ_EM_NEV; m++)
                out[m] -= s * (t->pa[j][m] + t->pb[j][m] * (v - t->vr[j]));
        }
    }
    return NEQ_OK;
}

/* -------------------------------------------------------- propagating */

/* out: alpha_W (20), alpha_M,prop (20), g_R,prop (20), all complex (the
 * w integrands of docs/physics.md); noise: rounding scale per entry */
int neq_em_propagating_integrand(void *params, double w, double complex *out, double *noise)
{
    const neq_em_geom *g = params;
    double u = sqrt(fmax(0.0, 1 - w * w));
    angular a[NPAIR];
    NEQ_TRY(angular_factors(g, u, a));
    double complex rho[2], tau[2];
    neq_body_rt2(g->b, g->eps, g->k0, w, rho, tau);
    double complex *aW = out, *aM = out + NEQ_EM_NEV, *gR = out + 2 * NEQ_EM_NEV;
    for (int k = 0; k < NPAIR; k++) {
        double complex ed = cexp(I * g->k0 * w * g->dz[k]), es = cexp(I * g->k0 * w * g->sz[k]);
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
    for (int m = 0; m < NEQ_EM_NPROP; m++) /* terms of O(|entry| + 1) */
        noise[m] = 4e-16 * (1 + fabs(creal(out[m])) + fabs(cimag(out[m])));
    return NEQ_OK;
}

/* ------------------------------------------------------------- vacuum */

/* g0 = (3/2) e^{i xi}/xi^3 [(xi^2 + i xi - 1) I + (3 - 3 i xi - xi^2) R^R^],
 * xi = k0 R (docs/physics.md) */
void neq_em_vacuum_g0_3d(double k0, const double R[3], double complex g[3][3])
{
    double r = sqrt(R[0] * R[0] + R[1] * R[1] + R[2] * R[2]), xi = k0 * r;
    double complex e = 1.5 * cexp(I * xi) / (xi * xi * xi);
    double complex A = e * (xi * xi + I * xi - 1), B = e * (3 - 3 * I * xi - xi * xi);
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            g[i][j] = (i == j ? A : 0) + B * (R[i] / r) * (R[j] / r);
}

void neq_em_vacuum_g0(double k0, double x, double dz, int same, double complex g[NEQ_EM_NCOMP])
{
    if (same) {
        g[XX] = g[YY] = g[ZZ] = I;
        g[XZ] = g[ZX] = 0;
        return;
    }
    double complex t[3][3];
    neq_em_vacuum_g0_3d(k0, (const double[3]){x, 0, dz}, t);
    g[XX] = t[0][0];
    g[YY] = t[1][1];
    g[ZZ] = t[2][2];
    g[XZ] = t[0][2];
    g[ZX] = t[2][0];
}
