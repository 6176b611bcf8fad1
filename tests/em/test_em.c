/* The electromagnetic module against closed forms and independent routes.
 * Tolerances: 1e-9 relative where the reference is exact (vacuum, mirror,
 * sum rule by an independent quadrature at 1e-12); looser only for
 * asymptotic references, each stated. */
#include "check.h"
#include "neqent/em.h"
#include "neqent/neqent.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_roots.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const double WR = 1.495e14; /* SiC omega_r = omega_T */

static double relerr(double complex a, double complex b)
{
    return cabs(a - b) / fmax(cabs(b), 1e-300);
}

/* ------------------------------------------------------------- SiC */

static double re_eps_plus_one(double w, void *m)
{
    double complex e;
    neq_material_eps(m, w, &e);
    return creal(e) + 1;
}

static void sic_surface_polariton(void)
{
    neq_material *sic;
    CHECK_RC(neq_material_sic(&sic), NEQ_OK);
    /* Re eps(w) = -1 in the Reststrahlen band (w_T, w_L): Brent */
    gsl_function F = {re_eps_plus_one, sic};
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    gsl_root_fsolver_set(s, &F, 1.6e14, 1.82e14);
    for (int i = 0; i < 100; i++)
        gsl_root_fsolver_iterate(s);
    double wp = gsl_root_fsolver_root(s);
    gsl_root_fsolver_free(s);
    /* the paper's omega_p = 1.787e14 rad/s to the quoted digits */
    CHECK_CLOSE(wp, 1.787e14, 0.0005e14);
    /* the model itself at 0.3 omega_r, typed independently */
    double w = 0.3 * WR, wL = 1.827e14, wT = 1.495e14, g = 0.9e12;
    double complex ref = 6.7 * (wL * wL - w * w - I * g * w) / (wT * wT - w * w - I * g * w), e;
    CHECK_RC(neq_material_eps(sic, w, &e), NEQ_OK);
    CHECK(relerr(e, ref) < 1e-14);
    neq_material_free(sic);
}

/* ---------------------------------------------------------- vacuum */

/* Two free dipoles at distance r along x (k0 r = xi), closed forms:
 * z dipoles (perpendicular to the separation):
 *   Im g = 3/2 (sin xi/xi + cos xi/xi^2 - sin xi/xi^3),
 *   Lambda/Gamma0 = 3/4 (-cos xi/xi + sin xi/xi^2 + cos xi/xi^3);
 * x dipoles (along the separation):
 *   Im g = 3 (sin xi - xi cos xi)/xi^3, Lambda/Gamma0 = -3/2 (cos xi + xi sin xi)/xi^3. */
static void vacuum_limits(void)
{
    neq_material *vac;
    neq_body *b;
    CHECK_RC(neq_material_constant(1.0, &vac), NEQ_OK);
    CHECK_RC(neq_body_slab(vac, 1e-6, &b), NEQ_OK);
    double w = 0.3 * WR, k0 = w / NEQ_C_LIGHT, z = 1.3e-6;
    const double seps[] = {0.05e-6, 0.25e-6, 2e-6, 20e-6};
    for (int k = 0; k < 4; k++) {
        double r = seps[k], xi = k0 * r;
        neq_em_tensors t;
        CHECK_RC(neq_em_tensors_compute(b, w, z, z, r, NULL, NULL, &t), NEQ_OK);
        neq_em_rates R;
        double complex dz[3] = {0, 0, 1}, dx[3] = {1, 0, 0};
        CHECK_RC(neq_em_rates_compute(&t, w, dz, dz, 300, 300, &R), NEQ_OK);
        double imz = 1.5 * (sin(xi) / xi + cos(xi) / (xi * xi) - sin(xi) / (xi * xi * xi));
        double lz = 0.75 * (-cos(xi) / xi + sin(xi) / (xi * xi) + cos(xi) / (xi * xi * xi));
        CHECK_CLOSE(creal(R.alpha_W[0][1]), imz, 1e-9 * fabs(imz) + 1e-12);
        CHECK_CLOSE(creal(R.alpha_W[0][0]), 1.0, 1e-10);
        CHECK_CLOSE(cabs(R.alpha_M[0][1]), 0.0, 1e-12);
        CHECK_CLOSE(cabs(R.alpha_M[0][0]), 0.0, 1e-12);
        CHECK_CLOSE(creal(R.lambda[0][1]), lz, 1e-9 * fabs(lz));
        CHECK_CLOSE(cabs(R.lambda[0][0]), 0.0, 1e-12); /* no body, no shift */
        CHECK_RC(neq_em_rates_compute(&t, w, dx, dx, 300, 300, &R), NEQ_OK);
        double imx = 3 * (sin(xi) - xi * cos(xi)) / (xi * xi * xi);
        double lx = -1.5 * (cos(xi) + xi * sin(xi)) / (xi * xi * xi);
        CHECK_CLOSE(creal(R.alpha_W[0][1]), imx, 1e-9 * fabs(imx) + 1e-12);
        CHECK_CLOSE(creal(R.lambda[0][1]), lx, 1e-9 * fabs(lx));
    }
    neq_body_free(b);
    neq_material_free(vac);
}

/* --------------------------------------- independent route: Sommerfeld */

/* g_R for r12 = 0 by the Sommerfeld integral of the reflected Green tensor
 * along a path dipping below the real u axis (away from the guided-mode
 * poles, Im u > 0, and the branch point u = 1), then along the real axis:
 *   g_R,zz = (3i/2) int u du/w rho_TM u^2 e^{i k0 w sz},
 *   g_R,xx = (3i/2) int u du/w (rho_TE - w^2 rho_TM)/2 e^{i k0 w sz},
 * with GSL's QAG on each real and imaginary part (w = sqrt(1 - u^2), Im >= 0). */
typedef struct {
    const neq_body *b;
    double w, k0, sz, U, depth;
    int comp, part; /* comp 0: zz, 1: xx; part 0: Re, 1: Im */
    int tail;
} som_ctx;

static double som_integrand(double t, void *vp)
{
    som_ctx *c = vp;
    double complex u, du;
    if (!c->tail) {
        u = t - I * c->depth * sin(NEQ_PI * t / c->U);
        du = 1 - I * c->depth * NEQ_PI / c->U * cos(NEQ_PI * t / c->U);
    } else {
        u = t;
        du = 1;
    }
    double complex w = csqrt(1 - u * u);
    if (cimag(w) < 0)
        w = -w;
    double complex rte, rtm, tau;
    neq_body_fresnel(c->b, c->w, w, NEQ_TE, &rte, &tau);
    neq_body_fresnel(c->b, c->w, w, NEQ_TM, &rtm, &tau);
    double complex e = cexp(I * c->k0 * w * c->sz);
    double complex f = c->comp == 0 ? rtm * u * u : 0.5 * (rte - w * w * rtm);
    double complex val = 1.5 * I * u / w * f * e * du;
    return c->part ? cimag(val) : creal(val);
}

static double complex sommerfeld_gR(const neq_body *b, double w, double sz, int comp)
{
    gsl_integration_workspace *ws = gsl_integration_workspace_alloc(2000);
    som_ctx c = {b, w, w / NEQ_C_LIGHT, sz, 3.0, 0.3, comp, 0, 0};
    double res[2] = {0, 0};
    for (int part = 0; part < 2; part++) {
        c.part = part;
        double r1, r2, e;
        c.tail = 0;
        gsl_function F = {som_integrand, &c};
        gsl_integration_qag(&F, 0, c.U, 1e-15, 1e-12, 2000, GSL_INTEG_GAUSS61, ws, &r1, &e);
        c.tail = 1; /* to where e^{-k0 v sz} < e^{-60}: no overflow of u^2 */
        gsl_integration_qag(&F, c.U, c.U + 60 / (c.k0 * sz), 1e-15, 1e-12, 2000,
                            GSL_INTEG_GAUSS61, ws, &r2, &e);
        res[part] = r1 + r2;
    }
    gsl_integration_workspace_free(ws);
    return res[0] + I * res[1];
}

/* alpha_W + alpha_M = Im(g0 + g_R) with g_R from the independent route:
 * at the paper's slab (two guided-mode poles within 1e-5 of the light line)
 * and a half-space, for equal and different heights (r12 = 0). */
static void equilibrium_sum_rule(void)
{
    neq_material *sic, *die;
    CHECK_RC(neq_material_sic(&sic), NEQ_OK);
    CHECK_RC(neq_material_constant(4.0 + 0.3 * I, &die), NEQ_OK);
    neq_body *bodies[3];
    CHECK_RC(neq_body_slab(sic, 0.01e-6, &bodies[0]), NEQ_OK);
    CHECK_RC(neq_body_halfspace(die, &bodies[1]), NEQ_OK);
    CHECK_RC(neq_body_slab(die, 0.5e-6, &bodies[2]), NEQ_OK);
    double w = 0.3 * WR;
    const double zs[3][2] = {{1e-6, 1.05e-6}, {0.6e-6, 1.4e-6}, {3e-6, 2e-6}};
    for (int ib = 0; ib < 3; ib++)
        for (int g = 0; g < 3; g++) {
            neq_em_tensors t;
            CHECK_RC(neq_em_tensors_compute(bodies[ib], w, zs[g][0], zs[g][1], 0, NULL, NULL, &t), NEQ_OK);
            for (int q = 0; q < 2; q++)
                for (int p = 0; p < 2; p++) {
                    double sz = zs[g][q] + zs[g][p];
                    double complex gzz = sommerfeld_gR(bodies[ib], w, sz, 0);
                    double complex gxx = sommerfeld_gR(bodies[ib], w, sz, 1);
                    CHECK(relerr(t.g_R[q][p][2][2], gzz) < 1e-9);
                    CHECK(relerr(t.g_R[q][p][0][0], gxx) < 1e-9);
                    double lzz = creal(t.alpha_W[q][p][2][2] + t.alpha_M[q][p][2][2]);
                    double lxx = creal(t.alpha_W[q][p][0][0] + t.alpha_M[q][p][0][0]);
                    double rzz = cimag(t.g_0[q][p][2][2] + gzz), rxx = cimag(t.g_0[q][p][0][0] + gxx);
                    CHECK_CLOSE(lzz, rzz, 1e-9 * fabs(rzz));
                    CHECK_CLOSE(lxx, rxx, 1e-9 * fabs(rxx));
                }
            if (ib == 0)
                CHECK(t.npoles >= 2); /* TE0 and TM0 guided modes were found */
        }
    for (int ib = 0; ib < 3; ib++)
        neq_body_free(bodies[ib]);
    neq_material_free(sic);
    neq_material_free(die);
}

/* ------------------------------------------------- uniaxial layers */

/* kz/k0 on the branch Im >= 0 */
static double complex branch(double complex x)
{
    double complex k = csqrt(x);
    return cimag(k) < 0 ? -k : k;
}

/* Uniaxial layers (optic axis z), hBN in both of its bands (hyperbolic: Re
 * eps_par and Re eps_perp of opposite signs):
 *   - a half-space against the closed forms r_TE = (q - kz)/(q + kz),
 *     kz = sqrt(eps_par - u^2), and r_TM = (eps_par q - kze)/(eps_par q + kze),
 *     kze = sqrt(eps_par - (eps_par/eps_perp) u^2), u^2 = 1 - q^2, written
 *     here from the wave equation in the medium, for propagating and
 *     evanescent q up to u = 30 (the hyperbolic continuum), to 1e-12;
 *   - a layer of 1 mm equals the half-space (its losses end every round
 *     trip: e^{-2 Im kze k0 d} < 1e-15) to 1e-12;
 *   - eps_perp = eps_par (1 + 1e-9) differs from the isotropic layer by
 *     O(1e-9): the uniaxial formulas reach the isotropic ones continuously. */
static void uniaxial_layers(void)
{
    neq_material *hbn, *near_iso, *iso;
    CHECK_RC(neq_material_parse("hbn", &hbn), NEQ_OK);
    const double band[2] = {1500 * 2 * NEQ_PI * NEQ_C_LIGHT * 100,  /* in-plane band */
                            805 * 2 * NEQ_PI * NEQ_C_LIGHT * 100};  /* out of plane */
    neq_body *half, *thick;
    CHECK_RC(neq_body_halfspace(hbn, &half), NEQ_OK);
    CHECK_RC(neq_body_slab(hbn, 1e-3, &thick), NEQ_OK);
    for (int k = 0; k < 2; k++) {
        double w = band[k];
        double complex par, perp;
        CHECK_RC(neq_material_eps_tensor(hbn, w, &par, &perp), NEQ_OK);
        CHECK(creal(par) * creal(perp) < 0); /* hyperbolic */
        const double complex qs[6] = {1.0, 0.3, 0.5 * I, 3.0 * I, 10.0 * I, 30.0 * I};
        for (int j = 0; j < 6; j++) {
            double complex q = qs[j], u2 = 1 - q * q;
            double complex kz = branch(par - u2), kze = branch(par - par / perp * u2);
            double complex rte = (q - kz) / (q + kz), rtm = (par * q - kze) / (par * q + kze);
            double complex r, t, r2, t2;
            CHECK_RC(neq_body_fresnel(half, w, q, NEQ_TE, &r, &t), NEQ_OK);
            CHECK(cabs(r - rte) < 1e-12 * cabs(rte));
            CHECK_RC(neq_body_fresnel(half, w, q, NEQ_TM, &r, &t), NEQ_OK);
            CHECK(cabs(r - rtm) < 1e-12 * cabs(rtm));
            if (cimag(q) > 0) {
                CHECK_RC(neq_body_fresnel(thick, w, q, NEQ_TM, &r2, &t2), NEQ_OK);
                CHECK(cabs(r2 - rtm) < 1e-12 * cabs(rtm));
            }
        }
    }
    /* the isotropic limit, through the general formulas */
    CHECK_RC(neq_material_parse("uniaxial:const:4,0.3;const:4.000000004,0.3000000003",
                                &near_iso), NEQ_OK);
    CHECK_RC(neq_material_parse("const:4,0.3", &iso), NEQ_OK);
    neq_body *a, *b;
    CHECK_RC(neq_body_slab(near_iso, 0.2e-6, &a), NEQ_OK);
    CHECK_RC(neq_body_slab(iso, 0.2e-6, &b), NEQ_OK);
    double maxd = 0;
    for (double v = 0.1; v < 100; v *= 2)
        for (int pol = 0; pol < 2; pol++) {
            double complex ra, ta, rb, tb;
            neq_body_fresnel(a, 0.3 * WR, I * v, pol, &ra, &ta);
            neq_body_fresnel(b, 0.3 * WR, I * v, pol, &rb, &tb);
            maxd = fmax(maxd, fmax(cabs(ra - rb) / cabs(rb), cabs(ta - tb) / fmax(cabs(tb), 1e-300)));
        }
    CHECK(maxd > 0 && maxd < 1e-8);
    neq_body_free(a);
    neq_body_free(b);
    neq_body_free(half);
    neq_body_free(thick);
    neq_material_free(near_iso);
    neq_material_free(iso);
    neq_material_free(hbn);
}

/* g_R,zz for r12 = 0 along the real axis itself, in the variables that make
 * both parts smooth (u du / w = -dq for propagating q = w in [0, 1];
 * = -i dv for evanescent w = i v):
 *   g_zz = (3i/2) [int_0^1 dq rho_TM(q) (1 - q^2) e^{i k0 q sz}
 *                  - i int_0^inf dv rho_TM(iv) (1 + v^2) e^{-k0 v sz}].
 * For a uniaxial half-space the path of sommerfeld_gR may not be used: the
 * medium's kz (Im >= 0) has a cut just below the real axis. */
typedef struct {
    const neq_body *b;
    double w, k0, sz;
    int evan, part;
} axis_ctx;

static double axis_integrand(double x, void *vp)
{
    axis_ctx *c = vp;
    double complex r, t, val;
    if (!c->evan) {
        neq_body_fresnel(c->b, c->w, x, NEQ_TM, &r, &t);
        val = 1.5 * I * r * (1 - x * x) * cexp(I * c->k0 * x * c->sz);
    } else {
        neq_body_fresnel(c->b, c->w, I * x, NEQ_TM, &r, &t);
        val = 1.5 * r * (1 + x * x) * exp(-c->k0 * x * c->sz);
    }
    return c->part ? cimag(val) : creal(val);
}

static double complex axis_gzz(const neq_body *b, double w, double sz)
{
    gsl_integration_workspace *ws = gsl_integration_workspace_alloc(2000);
    double res[2] = {0, 0};
    for (int evan = 0; evan < 2; evan++)
        for (int part = 0; part < 2; part++) {
            axis_ctx c = {b, w, w / NEQ_C_LIGHT, sz, evan, part};
            gsl_function F = {axis_integrand, &c};
            double r, e;
            if (evan)
                gsl_integration_qagiu(&F, 0, 1e-15, 1e-12, 2000, ws, &r, &e);
            else
                gsl_integration_qag(&F, 0, 1, 1e-15, 1e-12, 2000, GSL_INTEG_GAUSS61, ws, &r, &e);
            res[part] += r;
        }
    gsl_integration_workspace_free(ws);
    return res[0] + I * res[1];
}

/* The equilibrium sum rule alpha_W + alpha_M = Im(g0 + g_R) and g_R against
 * independent quadratures (axis_gzz; sommerfeld_gR for the layer) for an hBN half-space and a
 * 0.1 um hBN layer in each band, where the integrands are a broad continuum
 * of hyperbolic modes instead of isolated poles (1e-8: the quadrature of
 * both routes through that continuum); and the near-field closed form of a
 * uniaxial half-space, g_R^zz -> 3 beta/(8 (k0 z)^3) with
 * beta = (sqrt(eps_par eps_perp) - 1)/(sqrt(eps_par eps_perp) + 1). */
static void hyperbolic_bodies(void)
{
    neq_material *hbn;
    CHECK_RC(neq_material_parse("hbn", &hbn), NEQ_OK);
    neq_body *bodies[2];
    CHECK_RC(neq_body_halfspace(hbn, &bodies[0]), NEQ_OK);
    CHECK_RC(neq_body_slab(hbn, 0.1e-6, &bodies[1]), NEQ_OK);
    const double band[2] = {1500 * 2 * NEQ_PI * NEQ_C_LIGHT * 100,
                            805 * 2 * NEQ_PI * NEQ_C_LIGHT * 100};
    for (int ib = 0; ib < 2; ib++)
        for (int k = 0; k < 2; k++) {
            neq_em_tensors t;
            double z = 0.5e-6;
            CHECK_RC(neq_em_tensors_compute(bodies[ib], band[k], z, 1.4 * z, 0, NULL, NULL, &t),
                     NEQ_OK);
            double complex gzz = axis_gzz(bodies[ib], band[k], 2 * z);
            CHECK(relerr(t.g_R[0][0][2][2], gzz) < 1e-8);
            if (ib == 1) { /* a layer: rho is even in its kz, no cut: the deformed path too */
                double complex gxx = sommerfeld_gR(bodies[ib], band[k], 2 * z, 1);
                CHECK(relerr(t.g_R[0][0][0][0], gxx) < 1e-8);
            }
            double lzz = creal(t.alpha_W[0][0][2][2] + t.alpha_M[0][0][2][2]);
            CHECK_CLOSE(lzz, cimag(t.g_0[0][0][2][2] + gzz), 1e-8 * fabs(lzz));
        }
    /* near field of the half-space */
    double w = band[0], k0 = w / NEQ_C_LIGHT;
    double complex par, perp;
    neq_material_eps_tensor(hbn, w, &par, &perp);
    double complex e = branch(par * perp), beta = (e - 1) / (e + 1);
    double err[2];
    for (int s = 0; s < 2; s++) {
        double z = (s == 0 ? 1e-2 : 1e-3) * 2 * NEQ_PI / k0, kz3 = pow(k0 * z, 3);
        neq_em_tensors t;
        CHECK_RC(neq_em_tensors_compute(bodies[0], w, z, z, 10 * z, NULL, NULL, &t), NEQ_OK);
        err[s] = relerr(t.g_R[0][0][2][2], 3 * beta / (8 * kz3));
    }
    CHECK(err[1] < 2e-2 && err[1] < err[0] / 5);
    neq_body_free(bodies[0]);
    neq_body_free(bodies[1]);
    neq_material_free(hbn);
}

/* ------------------------------------------------------------ sheets */

/* Graphene (neq_sheet_graphene) against the zero-temperature closed forms
 * (T = 1 K, kT = 8.6e-5 eV: corrections ~ (kT/|hbar w - 2 mu|)^2 < 1e-7):
 *   sigma_intra = i e^2 mu / (pi hbar^2 (w + i G)),
 *   sigma_inter = (e^2/4 hbar)[theta(hbar w - 2 mu) + (i/pi) ln|(hbar w - 2 mu)/(hbar w + 2 mu)|],
 * at hbar w = 0.1 eV (below 2 mu = 0.4 eV) and 1 eV (above), to 1e-6; a
 * room-temperature value against a 30-digit mpmath quadrature (1e-10); a
 * free-standing sheet against r_TM = s q/(2 + s q), r_TE = -s/(2 q + s),
 * t_TM = 2/(2 + s q) (s = Z0 sigma), to 1e-12; the plasmon pole at
 * q = -2/s exactly (1/r_TM = 0 there), i.e. u ~ 2 i eps0 c / sigma, the
 * nonretarded dispersion k = 2 i eps0 w / sigma at large k; and the sum rule
 * for graphene on a SiO2 layer against the independent quadrature. */
static void graphene_sheets(void)
{
    const double hbar = 1.054571817e-34, e = 1.602176634e-19, mu = 0.2 * e;
    neq_sheet *g;
    double complex sig0;
    CHECK_RC(neq_sheet_graphene(mu, 1.0, 0, &g), NEQ_OK);
    for (int k = 0; k < 2; k++) {
        double hw = (k == 0 ? 0.1 : 1.0) * e, w = hw / hbar;
        double complex sig, want = I * e * e * mu / (NEQ_PI * hbar * hbar * w) +
                                   e * e / (4 * hbar) * ((hw > 2 * mu) + I / NEQ_PI *
                                   log(fabs((hw - 2 * mu) / (hw + 2 * mu))));
        CHECK_RC(neq_sheet_sigma(g, w, &sig), NEQ_OK);
        CHECK(cabs(sig - want) < 1e-6 * cabs(want));
    }
    neq_sheet_free(g);
    /* at room temperature, against the same integrals done by mpmath at 30
     * digits (mp.quad over [0, 1/2, 2, 10, 100, inf] in y = x/omega):
     * mu = 0.2 eV, T = 300 K, G = 1e13 rad/s, omega = 1.5e14 rad/s */
    CHECK_RC(neq_sheet_graphene(mu, 300, 1e13, &g), NEQ_OK);
    CHECK_RC(neq_sheet_sigma(g, 1.5e14, &sig0), NEQ_OK);
    CHECK(cabs(sig0 - (1.0593268428750775913e-5 + 1.4568385395526568284e-4 * I)) <
          1e-10 * cabs(sig0));
    neq_sheet_free(g);
    /* a free-standing sheet at room temperature, damped */
    CHECK_RC(neq_sheet_parse("graphene:0.2,300,1e13", &g), NEQ_OK);
    neq_body *b;
    CHECK_RC(neq_body_sheet(g, &b), NEQ_OK);
    double w = 2e14;
    double complex sig;
    CHECK_RC(neq_sheet_sigma(g, w, &sig), NEQ_OK);
    CHECK(creal(sig) > 0 && cimag(sig) > 0); /* Drude-like below 2 mu */
    double complex sz = sig / (NEQ_EPS0 * NEQ_C_LIGHT);
    const double complex qs[4] = {1.0, 0.4, 2.0 * I, 40.0 * I};
    for (int j = 0; j < 4; j++) {
        double complex q = qs[j], r, t;
        CHECK_RC(neq_body_fresnel(b, w, q, NEQ_TM, &r, &t), NEQ_OK);
        CHECK(cabs(r - sz * q / (2 + sz * q)) < 1e-12 * cabs(r) &&
              cabs(t - 2 / (2 + sz * q)) < 1e-12 * cabs(t));
        CHECK_RC(neq_body_fresnel(b, w, q, NEQ_TE, &r, &t), NEQ_OK);
        CHECK(cabs(r + sz / (2 * q + sz)) < 1e-12 * cabs(r));
    }
    double complex r, t, qp = -2 / sz;
    CHECK_RC(neq_body_fresnel(b, w, qp, NEQ_TM, &r, &t), NEQ_OK);
    CHECK(cabs(1 / r) < 1e-10);
    double complex up = csqrt(1 - qp * qp), nonret = 2 * I * NEQ_EPS0 * NEQ_C_LIGHT / sig;
    CHECK(creal(up) > 30 && cabs(up - nonret) < 1e-3 * cabs(up)); /* retardation: 1/(2u^2) */
    neq_body_free(b);
    /* the sum rule on graphene over a 0.1 um SiO2 layer (strongly damped: the
     * plasmon pole far from the axis, for the independent route) */
    neq_sheet *gd;
    CHECK_RC(neq_sheet_parse("graphene:0.3,300,2e14", &gd), NEQ_OK);
    neq_material *sio2;
    CHECK_RC(neq_material_parse("sio2", &sio2), NEQ_OK);
    CHECK_RC(neq_body_slab(sio2, 0.1e-6, &b), NEQ_OK);
    CHECK_RC(neq_body_add_sheet(b, 0, gd), NEQ_OK);
    CHECK_RC(neq_body_add_sheet(b, 2, gd), NEQ_EINVAL);
    neq_em_tensors tt;
    CHECK_RC(neq_em_tensors_compute(b, 1.5e14, 0.5e-6, 0.7e-6, 0, NULL, NULL, &tt), NEQ_OK);
    double complex gzz = sommerfeld_gR(b, 1.5e14, 1e-6, 0);
    CHECK(relerr(tt.g_R[0][0][2][2], gzz) < 1e-8);
    double lzz = creal(tt.alpha_W[0][0][2][2] + tt.alpha_M[0][0][2][2]);
    CHECK_CLOSE(lzz, cimag(tt.g_0[0][0][2][2] + gzz), 1e-8 * fabs(lzz));
    neq_body_free(b);
    neq_material_free(sio2);
    neq_sheet_free(gd);
    neq_sheet_free(g);
    /* bad input */
    const char *bad[] = {"graphene:abc", "graphene:0.2,-1", "graphene:3", "graphene:nan",
                         "graphene:0.2,300,-1", "gold:1", "graphene:0.2;300"};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        neq_sheet *x = NULL;
        CHECK(neq_sheet_parse(bad[k], &x) != 0 && x == NULL);
    }
}

/* lossless slab: |rho|^2 + |tau|^2 = 1, so the propagating sector of
 * alpha_M vanishes (1e-12) */
static void lossless_propagating(void)
{
    neq_material *m;
    neq_body *b;
    CHECK_RC(neq_material_constant(10.3, &m), NEQ_OK);
    CHECK_RC(neq_body_slab(m, 0.2e-6, &b), NEQ_OK);
    neq_em_tensors t;
    CHECK_RC(neq_em_tensors_compute(b, 0.3 * WR, 1e-6, 1.5e-6, 0.7e-6, NULL, NULL, &t), NEQ_OK);
    for (int q = 0; q < 2; q++)
        for (int p = 0; p < 2; p++)
            for (int i = 0; i < 3; i++)
                for (int k = 0; k < 3; k++)
                    CHECK_CLOSE(cabs(t.alpha_M_prop[q][p][i][k]), 0.0, 1e-12);
    neq_body_free(b);
    neq_material_free(m);
}

/* ----------------------------------------------------------- mirror */

/* Perfect mirror: the reflected field is that of the image dipole
 * (-d_x, -d_y, d_z) at the mirrored position: g_R(r_q, r_q') =
 * g0(r_q - r'_q') diag(-1, -1, 1), r'_q' = (x_q', 0, -z_q'). */
static void mirror_image(void)
{
    neq_body *b;
    CHECK_RC(neq_body_mirror(&b), NEQ_OK);
    double w = 0.3 * WR, k0 = w / NEQ_C_LIGHT;
    const double geo[3][3] = {{1e-6, 1e-6, 0.25e-6}, {0.3e-6, 2e-6, 1e-6}, {5e-6, 4e-6, 10e-6}};
    for (int g = 0; g < 3; g++) {
        neq_em_tensors t;
        double z[2] = {geo[g][0], geo[g][1]}, x[2] = {0, geo[g][2]};
        CHECK_RC(neq_em_tensors_compute(b, w, z[0], z[1], geo[g][2], NULL, NULL, &t), NEQ_OK);
        for (int q = 0; q < 2; q++)
            for (int p = 0; p < 2; p++) {
                double R[3] = {x[q] - x[p], 0, z[q] + z[p]}, r = sqrt(R[0] * R[0] + R[2] * R[2]);
                double xi = k0 * r;
                double complex e = 1.5 * cexp(I * xi) / (xi * xi * xi);
                double complex A = e * (xi * xi + I * xi - 1), B = e * (3 - 3 * I * xi - xi * xi);
                const double M[3] = {-1, -1, 1};
                for (int i = 0; i < 3; i++)
                    for (int k = 0; k < 3; k++) {
                        double complex g0 = (i == k ? A : 0) + B * R[i] * R[k] / (r * r);
                        double complex ref = g0 * M[k];
                        CHECK_CLOSE(cabs(t.g_R[q][p][i][k] - ref), 0.0, 1e-9 * cabs(A) + 1e-12);
                    }
            }
    }
    neq_body_free(b);
}

/* ------------------------------------------------------- half-space */

/* Near field of a half-space (k0 z << 1): the quasi-static image,
 * g_R,zz(z, z) -> 3 beta / (8 (k0 z)^3), g_R,xx -> 3 beta / (16 (k0 z)^3),
 * beta = (eps - 1)/(eps + 1).  Corrections are relative O(k0 z): at
 * k0 z = 2 pi 1e-3 the tolerance is 2e-2, and the error must shrink
 * with z (checked at two heights). */
static void halfspace_near_field(void)
{
    neq_material *m;
    neq_body *b;
    double complex eps = 3.0 + 0.5 * I, beta = (eps - 1) / (eps + 1);
    CHECK_RC(neq_material_constant(eps, &m), NEQ_OK);
    CHECK_RC(neq_body_halfspace(m, &b), NEQ_OK);
    double w = 0.3 * WR, k0 = w / NEQ_C_LIGHT, lambda = 2 * NEQ_PI / k0;
    double err[2];
    for (int s = 0; s < 2; s++) {
        double z = (s == 0 ? 1e-2 : 1e-3) * lambda, kz3 = pow(k0 * z, 3);
        neq_em_tensors t; /* qubit 2 elsewhere: only the (1,1) self terms are used */
        CHECK_RC(neq_em_tensors_compute(b, w, z, z, 10 * z, NULL, NULL, &t), NEQ_OK);
        double ezz = relerr(t.g_R[0][0][2][2], 3 * beta / (8 * kz3));
        double exx = relerr(t.g_R[0][0][0][0], 3 * beta / (16 * kz3));
        err[s] = fmax(ezz, exx);
    }
    CHECK(err[1] < 2e-2);
    CHECK(err[1] < err[0] / 5); /* shrinking with z like k0 z */
    neq_body_free(b);
    neq_material_free(m);
}

/* ------------------------------------------------ symmetry relations */

/* Hermiticity alpha^{qq'}_{ii'} = conj(alpha^{q'q}_{i'i}) (alpha_W, alpha_M)
 * and reciprocity g_R^{qq'}_{ii'} = g_R^{q'q}_{i'i}, computed independently
 * for both orders (1e-10), at different heights and a lateral separation. */
static void symmetries(void)
{
    neq_material *sic;
    neq_body *b;
    CHECK_RC(neq_material_sic(&sic), NEQ_OK);
    CHECK_RC(neq_body_slab(sic, 0.05e-6, &b), NEQ_OK);
    neq_em_tensors t;
    CHECK_RC(neq_em_tensors_compute(b, 0.3 * WR, 0.8e-6, 1.7e-6, 0.9e-6, NULL, NULL, &t), NEQ_OK);
    double scale = 0;
    for (int i = 0; i < 3; i++)
        for (int k = 0; k < 3; k++)
            scale = fmax(scale, cabs(t.g_R[0][1][i][k]));
    for (int i = 0; i < 3; i++)
        for (int k = 0; k < 3; k++) {
            CHECK_CLOSE(cabs(t.alpha_W[0][1][i][k] - conj(t.alpha_W[1][0][k][i])), 0, 1e-10);
            CHECK_CLOSE(cabs(t.alpha_M[0][1][i][k] - conj(t.alpha_M[1][0][k][i])), 0, 1e-10);
            CHECK_CLOSE(cabs(t.g_R[0][1][i][k] - t.g_R[1][0][k][i]), 0, 1e-10 * scale);
        }
    CHECK(cabs(t.alpha_W[0][1][0][2]) > 1e-6); /* the xz coupling is really there */
    neq_body_free(b);
    neq_material_free(sic);
}

/* ------------------------------------------------------ convergence */

/* At the paper's geometry (SiC slab, delta = 0.01 um, omega = 0.3 omega_r,
 * z1 = 1 um, z2 from 0.5 to 2 um, r12 = 0.25 um), tightening the tolerance
 * from the default 1e-10 to 1e-12 changes no entry by more than 1e-8
 * relative (or 1e-12 absolute). */
static void convergence(void)
{
    neq_material *sic;
    neq_body *b;
    CHECK_RC(neq_material_sic(&sic), NEQ_OK);
    CHECK_RC(neq_body_slab(sic, 0.01e-6, &b), NEQ_OK);
    neq_em_options tight = {1e-12, 1e-15};
    const double z2s[3] = {0.5e-6, 1e-6, 2e-6};
    for (int g = 0; g < 3; g++) {
        neq_em_tensors a, c;
        CHECK_RC(neq_em_tensors_compute(b, 0.3 * WR, 1e-6, z2s[g], 0.25e-6, NULL, NULL, &a), NEQ_OK);
        CHECK_RC(neq_em_tensors_compute(b, 0.3 * WR, 1e-6, z2s[g], 0.25e-6, &tight, NULL, &c), NEQ_OK);
        for (int q = 0; q < 2; q++)
            for (int p = 0; p < 2; p++)
                for (int i = 0; i < 3; i++)
                    for (int k = 0; k < 3; k++) {
                        double complex x[3] = {a.alpha_W[q][p][i][k], a.alpha_M[q][p][i][k], a.g_R[q][p][i][k]};
                        double complex y[3] = {c.alpha_W[q][p][i][k], c.alpha_M[q][p][i][k], c.g_R[q][p][i][k]};
                        for (int s = 0; s < 3; s++)
                            CHECK_CLOSE(cabs(x[s] - y[s]), 0, fmax(1e-8 * cabs(y[s]), 1e-12));
                    }
    }
    neq_body_free(b);
    neq_material_free(sic);
}

/* --------------------------------------------------------- layering */

/* A slab split into two equal layers is the same slab; a 1 m thick lossy
 * slab is a half-space (no overflow in the recursion); 1e-12. */
static void multilayer(void)
{
    neq_material *sic;
    CHECK_RC(neq_material_sic(&sic), NEQ_OK);
    neq_body *one, *two, *thick, *half;
    const neq_material *ls[2] = {sic, sic};
    double d2[2] = {0.05e-6, 0.05e-6};
    CHECK_RC(neq_body_slab(sic, 0.1e-6, &one), NEQ_OK);
    CHECK_RC(neq_body_multilayer(2, ls, d2, NULL, &two), NEQ_OK);
    CHECK_RC(neq_body_slab(sic, 1.0, &thick), NEQ_OK);
    CHECK_RC(neq_body_halfspace(sic, &half), NEQ_OK);
    double w = 1.7e14; /* inside the Reststrahlen band: eps < 0, lossy */
    for (double q = 0.05; q < 30; q *= 1.7)
        for (int pol = 0; pol < 2; pol++) {
            double complex kz = q < 1 ? q : I * q; /* propagating and evanescent */
            double complex r1, t1, r2, t2, r3, t3, r4, t4;
            CHECK_RC(neq_body_fresnel(one, w, kz, pol, &r1, &t1), NEQ_OK);
            CHECK_RC(neq_body_fresnel(two, w, kz, pol, &r2, &t2), NEQ_OK);
            CHECK_RC(neq_body_fresnel(thick, w, kz, pol, &r3, &t3), NEQ_OK);
            CHECK_RC(neq_body_fresnel(half, w, kz, pol, &r4, &t4), NEQ_OK);
            CHECK(cabs(r1 - r2) < 1e-12 && cabs(t1 - t2) < 1e-12);
            CHECK(cabs(r3 - r4) < 1e-12 && cabs(t3) < 1e-12);
            CHECK(isfinite(creal(r3)) && isfinite(cimag(r3)));
        }
    neq_body_free(one);
    neq_body_free(two);
    neq_body_free(thick);
    neq_body_free(half);
    neq_material_free(sic);
}

/* ------------------------------------------------- reproducibility */

/* The pole cache in a workspace changes no bit: geometry G first in a fresh
 * workspace, then after other geometries in the same workspace (heights
 * that need a wider and a narrower pole scan, another separation, another
 * frequency, another body), then in a second fresh workspace after those,
 * and with ws = NULL: memcmp-identical tensors.  The body, a thick
 * high-index slab, has guided modes beyond v = 1, where the scan grid
 * depends on the scanned range: a cache reused for any range it covered
 * made G depend on the order of calls (3e-16 relative in g_R). */
static void reproducibility(void)
{
    neq_material *hi, *sic;
    neq_body *b, *other;
    CHECK_RC(neq_material_constant(12.0 + 0.01 * I, &hi), NEQ_OK);
    CHECK_RC(neq_material_sic(&sic), NEQ_OK);
    CHECK_RC(neq_body_slab(hi, 5e-6, &b), NEQ_OK);
    CHECK_RC(neq_body_slab(sic, 0.01e-6, &other), NEQ_OK);
    const double w = 0.3 * WR;
    const double G[4] = {w, 1e-6, 1.3e-6, 0.25e-6}; /* omega, z1, z2, r12 */
    const double others[5][4] = {{w, 0.2e-6, 0.5e-6, 0.25e-6},  /* wider scan */
                                 {w, 3e-6, 2.2e-6, 0.25e-6},    /* narrower scan */
                                 {w, 1e-6, 1.3e-6, 2.1e-6},     /* separation */
                                 {1.07 * w, 1e-6, 1.3e-6, 0.25e-6}, /* frequency */
                                 {w, 0.9e-6, 1.3e-6, 0.25e-6}};
    neq_em_workspace *ws, *ws2;
    CHECK_RC(neq_em_workspace_alloc(&ws), NEQ_OK);
    CHECK_RC(neq_em_workspace_alloc(&ws2), NEQ_OK);
    neq_em_tensors first, t, again, fresh, none;
    memset(&first, 0, sizeof first); /* no padding in neq_em_tensors, but be sure */
    memset(&again, 0, sizeof again);
    memset(&fresh, 0, sizeof fresh);
    memset(&none, 0, sizeof none);
    CHECK_RC(neq_em_tensors_compute(b, G[0], G[1], G[2], G[3], NULL, ws, &first), NEQ_OK);
    CHECK(first.npoles >= 2);
    for (int k = 0; k < 5; k++) {
        const double *o = others[k];
        CHECK_RC(neq_em_tensors_compute(b, o[0], o[1], o[2], o[3], NULL, ws, &t), NEQ_OK);
        CHECK_RC(neq_em_tensors_compute(other, o[0], o[1], o[2], o[3], NULL, ws, &t), NEQ_OK);
        CHECK_RC(neq_em_tensors_compute(b, o[0], o[1], o[2], o[3], NULL, ws2, &t), NEQ_OK);
    }
    CHECK_RC(neq_em_tensors_compute(b, G[0], G[1], G[2], G[3], NULL, ws, &again), NEQ_OK);
    CHECK_RC(neq_em_tensors_compute(b, G[0], G[1], G[2], G[3], NULL, ws2, &fresh), NEQ_OK);
    CHECK_RC(neq_em_tensors_compute(b, G[0], G[1], G[2], G[3], NULL, NULL, &none), NEQ_OK);
    CHECK(memcmp(&first, &again, sizeof first) == 0);
    CHECK(memcmp(&first, &fresh, sizeof first) == 0);
    CHECK(memcmp(&first, &none, sizeof first) == 0);
    neq_em_workspace_free(ws);
    neq_em_workspace_free(ws2);
    neq_em_workspace_free(NULL); /* NULL-safe */
    neq_body_free(b);
    neq_body_free(other);
    neq_material_free(hi);
    neq_material_free(sic);
}

/* Two threads share one body (a tabulated material: spline evaluation) and
 * compute the same geometries in opposite orders, each with its own
 * workspace; every result equals the serial one bit for bit. */
#define NGEO 6
typedef struct {
    const neq_body *b;
    const double (*geo)[4];
    int reverse, rc;
    neq_em_tensors out[NGEO];
} thread_job;

static void *thread_worker(void *p)
{
    thread_job *j = p;
    neq_em_workspace *ws;
    j->rc = neq_em_workspace_alloc(&ws);
    for (int i = 0; j->rc == 0 && i < NGEO; i++) {
        int k = j->reverse ? NGEO - 1 - i : i;
        const double *g = j->geo[k];
        j->rc = neq_em_tensors_compute(j->b, g[0], g[1], g[2], g[3], NULL, ws, &j->out[k]);
    }
    neq_em_workspace_free(ws);
    return NULL;
}

static int write_sic_table(char *path)
{
    neq_material *sic;
    if (neq_material_sic(&sic))
        return -1;
    int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        neq_material_free(sic);
        return -1;
    }
    fprintf(f, "# neqent-table x=omega y=eps\n");
    for (int k = 0; k <= 400; k++) {
        double w = 0.2e14 + k * 0.005e14;
        double complex e;
        neq_material_eps(sic, w, &e);
        fprintf(f, "%.17g %.17g %.17g\n", w, creal(e), cimag(e));
    }
    fclose(f);
    neq_material_free(sic);
    return 0;
}

static void threads(void)
{
    char path[] = "/tmp/neqent_test_threads_XXXXXX";
    CHECK(write_sic_table(path) == 0);
    neq_material *tab;
    neq_body *b;
    CHECK_RC(neq_material_table(path, &tab), NEQ_OK);
    remove(path);
    CHECK_RC(neq_body_slab(tab, 0.02e-6, &b), NEQ_OK);
    static const double geo[NGEO][4] = {{0.3 * WR, 1e-6, 1e-6, 0.25e-6},
                                        {0.3 * WR, 0.5e-6, 1.5e-6, 0.4e-6},
                                        {0.31 * WR, 1e-6, 1.2e-6, 0.25e-6},
                                        {0.3 * WR, 2e-6, 0.7e-6, 1.1e-6},
                                        {0.29 * WR, 0.8e-6, 0.8e-6, 0.05e-6},
                                        {0.3 * WR, 1e-6, 1e-6, 3e-6}};
    neq_em_tensors ref[NGEO];
    memset(ref, 0, sizeof ref);
    for (int k = 0; k < NGEO; k++)
        CHECK_RC(neq_em_tensors_compute(b, geo[k][0], geo[k][1], geo[k][2], geo[k][3], NULL,
                                        NULL, &ref[k]), NEQ_OK);
    thread_job jobs[2];
    memset(jobs, 0, sizeof jobs);
    pthread_t th[2];
    for (int i = 0; i < 2; i++) {
        jobs[i].b = b;
        jobs[i].geo = geo;
        jobs[i].reverse = i;
        CHECK(pthread_create(&th[i], NULL, thread_worker, &jobs[i]) == 0);
    }
    for (int i = 0; i < 2; i++) {
        CHECK(pthread_join(th[i], NULL) == 0);
        CHECK_RC(jobs[i].rc, NEQ_OK);
        for (int k = 0; k < NGEO; k++)
            CHECK(memcmp(&jobs[i].out[k], &ref[k], sizeof ref[k]) == 0);
    }
    neq_body_free(b);
    neq_material_free(tab);
}

/* ------------------------------------------------------ tables, input */

static void material_tables(void)
{
    neq_material *sic, *tab;
    CHECK_RC(neq_material_sic(&sic), NEQ_OK);
    char path[] = "/tmp/neqent_test_table_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fprintf(f, "# neqent-table x=wavelength y=nk\n# sampled from the SiC model\n");
    for (int k = 0; k <= 400; k++) {
        double w = 0.2e14 + k * 0.005e14;
        double complex e, n;
        neq_material_eps(sic, w, &e);
        n = csqrt(e);
        fprintf(f, "%.17g %.17g %.17g\n", 2 * NEQ_PI * NEQ_C_LIGHT / w, creal(n), cimag(n));
    }
    fclose(f);
    CHECK_RC(neq_material_table(path, &tab), NEQ_OK);
    /* cubic-spline interpolation of a smooth region: 1e-6 relative */
    for (double w = 0.31e14; w < 1.2e14; w += 0.0731e14) {
        double complex a, b;
        neq_material_eps(sic, w, &a);
        CHECK_RC(neq_material_eps(tab, w, &b), NEQ_OK);
        CHECK(relerr(b, a) < 1e-6);
    }
    double complex e;
    CHECK_RC(neq_material_eps(tab, 5e14, &e), NEQ_EDOMAIN);
    neq_material_free(tab);
    /* malformed files */
    f = fopen(path, "w");
    fprintf(f, "1 2 3\n4 5 6\n");
    fclose(f);
    /* bad content is bad input (EINVAL); a file that cannot be read, EIO */
    CHECK_RC(neq_material_table(path, &tab), NEQ_EINVAL);
    f = fopen(path, "w");
    fprintf(f, "# neqent-table x=omega y=eps\n1e14 2 0.1\n2e14 abc 0.1\n");
    fclose(f);
    CHECK_RC(neq_material_table(path, &tab), NEQ_EINVAL);
    CHECK(strstr(neq_errdetail(), ":3:") != NULL);
    f = fopen(path, "w");
    fprintf(f, "# neqent-table x=omega y=eps\n1e14 2 0.1\n");
    fclose(f);
    CHECK_RC(neq_material_table(path, &tab), NEQ_EINVAL);
    /* a hexadecimal float is not a decimal number */
    f = fopen(path, "w");
    fprintf(f, "# neqent-table x=omega y=eps\n1e14 2 0.1\n2e14 0x1p2 0.1\n3e14 2 0.1\n4e14 2 0.1\n");
    fclose(f);
    CHECK_RC(neq_material_table(path, &tab), NEQ_EINVAL);
    remove(path);
    CHECK_RC(neq_material_table("/tmp", &tab), NEQ_EIO); /* a directory */
    CHECK_RC(neq_material_table("/nonexistent/table.txt", &tab), NEQ_EIO);
    CHECK_RC(neq_material_parse("gold", &tab), NEQ_EINVAL);
    CHECK_RC(neq_material_parse("const:2,0.1", &tab), NEQ_OK);
    neq_material_free(tab);
    neq_material_free(sic);
}

/* Gamma_0 against a published rate: hydrogen Lyman-alpha 2p -> 1s,
 * |<1s|z|2p0>| = (128 sqrt2 / 243) a, a = a0 (1 + m_e/m_p) the reduced-mass
 * Bohr radius, lambda = 121.567 nm, A = 6.2649e8 1/s (NIST ASD); 1e-4. */
static void vacuum_rate(void)
{
    const double e = 1.602176634e-19, a0 = 5.29177210903e-11;
    double a = a0 * (1 + 1 / 1836.15267343);
    double d = 128 * sqrt(2.0) / 243 * e * a, w = 2 * NEQ_PI * NEQ_C_LIGHT / 121.567e-9, g;
    CHECK_RC(neq_em_gamma0(w, d, &g), NEQ_OK);
    CHECK_CLOSE(g / 6.2649e8, 1.0, 1e-4);
    CHECK_RC(neq_em_gamma0(-w, d, &g), NEQ_EDOMAIN);
    double T;
    CHECK_RC(neq_em_effective_temperature(w, 1 / expm1(NEQ_HBAR * w / (NEQ_KB * 300)), &T), NEQ_OK);
    CHECK_CLOSE(T, 300.0, 1e-9); /* inverse of n(w, T) */
}

/* Qubits 1e-160 m apart laterally: J1, J2 of k0 u r12 ~ 1e-155 underflow
 * inside GSL, which must neither abort (its default handler would) nor fail:
 * the tensors are finite and equal those at r12 = 0 (reference: the exact
 * x = 0 angular factors, J0 = 1, J1 = J2 = 0), to 1e-12 relative.  At equal
 * heights the vacuum coupling ~ 1/(k0 r12)^3 overflows: NEQ_EDIVERGE. */
static void tiny_separation(void)
{
    neq_material *sic;
    neq_body *b;
    CHECK_RC(neq_material_sic(&sic), NEQ_OK);
    CHECK_RC(neq_body_slab(sic, 0.01e-6, &b), NEQ_OK);
    neq_em_tensors t, t0;
    double w = 0.3 * WR;
    CHECK_RC(neq_em_tensors_compute(b, w, 1e-6, 1.3e-6, 1e-160, NULL, NULL, &t), NEQ_OK);
    CHECK_RC(neq_em_tensors_compute(b, w, 1e-6, 1.3e-6, 0, NULL, NULL, &t0), NEQ_OK);
    const double complex *x = &t.alpha_W[0][0][0][0], *y = &t0.alpha_W[0][0][0][0];
    int finite = 1;
    double scale = 0, diff = 0;
    for (int k = 0; k < 5 * 36; k++) { /* alpha_W, alpha_M, alpha_M_prop, g_R, g_0 */
        finite &= isfinite(creal(x[k])) && isfinite(cimag(x[k]));
        scale = fmax(scale, cabs(y[k]));
        diff = fmax(diff, cabs(x[k] - y[k]));
    }
    CHECK(finite);
    CHECK_CLOSE(diff, 0.0, 1e-12 * scale);
    CHECK_RC(neq_em_tensors_compute(b, w, 1e-6, 1e-6, 1e-160, NULL, NULL, &t), NEQ_EDIVERGE);
    CHECK(strstr(neq_errdetail(), "1e-160 m apart") != NULL);
    neq_body_free(b);
    neq_material_free(sic);
}

/* A quadrature that cannot converge: qubits 1 cm apart, where J_n(k0 u r12)
 * oscillates faster than 4000 subintervals can follow.  NEQ_ECONVERGE, with
 * a detail naming the entry, its sector, the geometry and the error reached
 * against the tolerance. */
static void no_convergence(void)
{
    neq_material *sic;
    neq_body *b;
    CHECK_RC(neq_material_sic(&sic), NEQ_OK);
    CHECK_RC(neq_body_slab(sic, 0.01e-6, &b), NEQ_OK);
    neq_em_tensors t;
    CHECK_RC(neq_em_tensors_compute(b, 0.3 * WR, 1e-6, 1e-6, 1e-2, NULL, NULL, &t), NEQ_ECONVERGE);
    const char *d = neq_errdetail();
    CHECK(strstr(d, "g_R^12_") != NULL || strstr(d, "g_R^21_") != NULL);
    CHECK(strstr(d, "evanescent sector") != NULL);
    CHECK(strstr(d, "omega = 4.485e+13 rad/s, z1 = 1e-06 m, z2 = 1e-06 m, r12 = 0.01 m") != NULL);
    CHECK(strstr(d, "quadrature reached error") != NULL && strstr(d, "> tolerance") != NULL);
    CHECK(strstr(d, "intervals (the limit)") != NULL);
    neq_body_free(b);
    neq_material_free(sic);
}

static void bad_input(void)
{
    neq_material *sic;
    neq_body *b;
    CHECK_RC(neq_material_sic(&sic), NEQ_OK);
    CHECK_RC(neq_body_slab(sic, 0.0, &b), NEQ_EDOMAIN);
    CHECK_RC(neq_body_slab(sic, -1e-6, &b), NEQ_EDOMAIN);
    CHECK_RC(neq_body_slab(sic, NAN, &b), NEQ_ENAN);
    CHECK_RC(neq_body_slab(sic, 1e-8, &b), NEQ_OK);
    neq_em_tensors t;
    CHECK_RC(neq_em_tensors_compute(b, 0.3 * WR, 0.0, 1e-6, 0, NULL, NULL, &t), NEQ_EDOMAIN);
    CHECK(strstr(neq_errdetail(), "z1") != NULL);
    CHECK_RC(neq_em_tensors_compute(b, 0.3 * WR, 1e-6, -1e-6, 0, NULL, NULL, &t), NEQ_EDOMAIN);
    CHECK_RC(neq_em_tensors_compute(b, -1.0, 1e-6, 1e-6, 0, NULL, NULL, &t), NEQ_EDOMAIN);
    CHECK_RC(neq_em_tensors_compute(b, 0.3 * WR, NAN, 1e-6, 0, NULL, NULL, &t), NEQ_ENAN);
    CHECK_RC(neq_em_tensors_compute(b, 0.3 * WR, 1e-6, 1e-6, -1, NULL, NULL, &t), NEQ_EDOMAIN);
    CHECK_RC(neq_em_tensors_compute(b, 0.3 * WR, 1e-6, 1e-6, 0, NULL, NULL, &t), NEQ_EDOMAIN);
    CHECK(strstr(neq_errdetail(), "coincide") != NULL);
    CHECK_RC(neq_em_tensors_compute(b, 0.3 * WR, 1e-6, 1e-6, 0.25e-6, NULL, NULL, &t), NEQ_OK);
    neq_em_rates R;
    double complex zero[3] = {0, 0, 0}, dz[3] = {0, 0, 1};
    CHECK_RC(neq_em_rates_compute(&t, 0.3 * WR, zero, dz, 300, 300, &R), NEQ_EDOMAIN);
    CHECK(strstr(neq_errdetail(), "zero") != NULL);
    CHECK_RC(neq_em_rates_compute(&t, 0.3 * WR, dz, dz, -3, 300, &R), NEQ_EDOMAIN);
    neq_material *gain = NULL;
    CHECK_RC(neq_material_constant(2.0 - 0.1 * I, &gain), NEQ_EDOMAIN); /* gain */
    CHECK(gain == NULL);
    neq_body_free(b);
    neq_material_free(sic);
}

int main(void)
{
    /* Loading the library switched GSL's aborting default handler (NULL)
     * off (src/core/gsl_quiet.c): the previous handler is not NULL. */
    CHECK(gsl_set_error_handler_off() != NULL);
    sic_surface_polariton();
    vacuum_limits();
    equilibrium_sum_rule();
    uniaxial_layers();
    hyperbolic_bodies();
    graphene_sheets();
    lossless_propagating();
    mirror_image();
    halfspace_near_field();
    symmetries();
    convergence();
    multilayer();
    reproducibility();
    threads();
    material_tables();
    vacuum_rate();
    tiny_separation();
    no_convergence();
    bad_input();
    return check_report("em");
}
