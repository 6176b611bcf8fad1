/* Planar bodies and their Fresnel coefficients (include/neqent/em.h).
 *
 * Layers 1..n below the vacuum half-space z > 0, then a substrate (vacuum
 * or a material).  Reflection and transmission by the stable recursion
 *   R_{j-1} = (r_{j-1,j} + R_j P_j^2) / (1 + r_{j-1,j} R_j P_j^2),
 *   T_{j-1} = t_{j-1,j} T_j P_j / (1 + r_{j-1,j} R_j P_j^2),
 * P_j = exp(i kz_j d_j), |P_j| <= 1 for Im kz_j >= 0: no growing exponential
 * appears, so thick lossy layers cannot overflow (docs/physics.md). */
#include "em_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int neq_body_multilayer(int n, const neq_material *const *layers, const double *thickness,
                        const neq_material *below, neq_body **out)
{
    neq_clear_error();
    if (!out || n < 0 || n > NEQ_EM_MAX_LAYERS || (n > 0 && (!layers || !thickness)))
        return neq_fail(NEQ_EINVAL, "multilayer: bad arguments (n = %d)", n);
    *out = NULL;
    for (int j = 0; j < n; j++) {
        if (!layers[j])
            return neq_fail(NEQ_EINVAL, "multilayer: layer %d material is NULL", j + 1);
        if (isnan(thickness[j]))
            return neq_fail(NEQ_ENAN, "layer %d thickness is NaN", j + 1);
        if (!(thickness[j] > 0) || isinf(thickness[j]))
            return neq_fail(NEQ_EDOMAIN, "layer %d thickness delta = %g m must be finite and > 0",
                            j + 1, thickness[j]);
    }
    if (n == 0 && !below)
        return neq_fail(NEQ_EINVAL, "a body needs at least one layer or a substrate");
    neq_body *b = calloc(1, sizeof *b);
    if (!b)
        return neq_fail(NEQ_ENOMEM, "no memory for a body");
    b->n = n;
    for (int j = 0; j < n; j++) {
        b->layer[j] = layers[j];
        b->d[j] = thickness[j];
    }
    b->below = below;
    *out = b;
    return NEQ_OK;
}

int neq_body_slab(const neq_material *m, double delta, neq_body **out)
{
    neq_clear_error();
    if (!m)
        return neq_fail(NEQ_EINVAL, "slab: material is NULL");
    if (isnan(delta))
        return neq_fail(NEQ_ENAN, "slab thickness delta is NaN");
    if (!(delta > 0) || isinf(delta))
        return neq_fail(NEQ_EDOMAIN, "slab thickness delta = %g m must be finite and > 0", delta);
    return neq_body_multilayer(1, &m, &delta, NULL, out);
}

int neq_body_halfspace(const neq_material *m, neq_body **out)
{
    neq_clear_error();
    if (!m)
        return neq_fail(NEQ_EINVAL, "half-space: material is NULL");
    return neq_body_multilayer(0, NULL, NULL, m, out);
}

int neq_body_mirror(neq_body **out)
{
    neq_clear_error();
    if (!out)
        return neq_fail(NEQ_EINVAL, "out is NULL");
    neq_body *b = calloc(1, sizeof *b);
    if (!b)
        return neq_fail(NEQ_ENOMEM, "no memory for a body");
    b->mirror = 1;
    *out = b;
    return NEQ_OK;
}

void neq_body_free(neq_body *b) { free(b); }

int neq_body_eps(const neq_body *b, double omega, double complex *eps)
{
    for (int j = 0; j < b->n; j++)
        NEQ_TRY(neq_material_eps_tensor(b->layer[j], omega, &eps[j], &eps[NEQ_EM_PERP + j]));
    if (b->below)
        NEQ_TRY(neq_material_eps_tensor(b->below, omega, &eps[b->n],
                                        &eps[NEQ_EM_PERP + b->n]));
    else
        eps[b->n] = eps[NEQ_EM_PERP + b->n] = 1.0;
    for (int j = 0; j <= b->n; j++) { /* sheets: Z0 sigma = sigma / (eps0 c) */
        eps[NEQ_EM_SHEET + j] = 0;
        if (b->sheet[j]) {
            double complex sigma;
            NEQ_TRY(neq_sheet_sigma(b->sheet[j], omega, &sigma));
            eps[NEQ_EM_SHEET + j] = sigma / (NEQ_EPS0 * NEQ_C_LIGHT);
        }
    }
    return NEQ_OK;
}

int neq_body_add_sheet(neq_body *b, int interface, const neq_sheet *s)
{
    neq_clear_error();
    if (!b || !s)
        return neq_fail(NEQ_EINVAL, "neq_body_add_sheet: NULL argument");
    if (b->mirror || b->sphere)
        return neq_fail(NEQ_EINVAL, "a %s takes no sheet", b->mirror ? "perfect mirror" : "sphere");
    if (interface < 0 || interface > b->n)
        return neq_fail(NEQ_EINVAL, "sheet at interface %d: a body of %d layers has interfaces "
                                    "0 (its top) to %d", interface, b->n, b->n);
    if (!b->sheet[interface])
        b->nsheets++;
    b->sheet[interface] = s;
    return NEQ_OK;
}

int neq_body_sheet(const neq_sheet *s, neq_body **out)
{
    neq_clear_error();
    if (!s || !out)
        return neq_fail(NEQ_EINVAL, "neq_body_sheet: NULL argument");
    neq_body *b = calloc(1, sizeof *b);
    if (!b)
        return neq_fail(NEQ_ENOMEM, "no memory for a body");
    b->sheet[0] = s;
    b->nsheets = 1;
    *out = b;
    return NEQ_OK;
}

/* kz/k0 = sqrt(eps - u^2) = sqrt(eps - 1 + q^2), branch Im >= 0 */
static double complex kz_of(double complex eps, double complex q2)
{
    double complex k = csqrt(eps - 1.0 + q2);
    return cimag(k) < 0 ? -k : k;
}

/* With conducting sheets: each interface's coefficients downwards and
 * upwards differ (a sheet of conductance s = Z0 sigma between media a above
 * and c below):
 *   TE: D = a + c + s,           r = (a - c - s)/D,  r' = (c - a - s)/D,
 *       t = 2a/D, t' = 2c/D;
 *   TM: D = ec a + ea c + s a c, r = (ec a - ea c + s a c)/D,
 *       r' = (ea c - ec a + s a c)/D, t = 2 ec a/D, t' = 2 ea c/D;
 * and the recursion the general Airy sum
 *   R_{j-1} = r + t t' R_j P^2 / (1 - r' R_j P^2),
 *   T_{j-1} = t T_j P / (1 - r' R_j P^2),
 * which without sheets (r' = -r, t t' = 1 - r^2) is the one below. */
static void rt_sheets(const neq_body *b, const double complex *eps, double k0,
                      const double complex *kz, const double complex *kzm,
                      const double complex *ep, double complex rho[2], double complex tau[2])
{
    int n = b->n;
    double complex R[2] = {0, 0}, T[2] = {1, 1};
    for (int j = n + 1; j >= 1; j--) { /* the interface above medium j */
        double complex s = eps[NEQ_EM_SHEET + j - 1];
        double complex a = kz[j - 1], c = kz[j], am = kzm[j - 1], cm = kzm[j], ea = ep[j - 1],
                       ec = ep[j];
        double complex ite = 1.0 / (a + c + s), itm = 1.0 / (ec * am + ea * cm + s * am * cm);
        double complex r[2] = {(a - c - s) * ite, (ec * am - ea * cm + s * am * cm) * itm};
        double complex ru[2] = {(c - a - s) * ite, (ea * cm - ec * am + s * am * cm) * itm};
        double complex t[2] = {2.0 * a * ite, 2.0 * ec * am * itm};
        double complex tu[2] = {2.0 * c * ite, 2.0 * ea * cm * itm};
        double complex P[2] = {1, 1};
        if (j <= n) { /* a layer below this interface */
            P[0] = cexp(I * kz[j] * k0 * b->d[j - 1]);
            P[1] = kzm[j] == kz[j] ? P[0] : cexp(I * kzm[j] * k0 * b->d[j - 1]);
        }
        for (int p = 0; p < 2; p++) {
            if (j == n + 1) { /* the bottom interface */
                R[p] = r[p];
                T[p] = t[p];
                continue;
            }
            double complex P2 = P[p] * P[p], iden = 1.0 / (1.0 - ru[p] * R[p] * P2);
            T[p] = t[p] * T[p] * P[p] * iden;
            R[p] = r[p] + t[p] * tu[p] * R[p] * P2 * iden;
        }
    }
    for (int p = 0; p < 2; p++) {
        rho[p] = R[p];
        tau[p] = b->below ? 0.0 : T[p];
    }
}

void neq_body_rt2(const neq_body *b, const double complex *eps, double k0, double complex q,
                  double complex rho[2], double complex tau[2])
{
    if (b->mirror) {
        rho[NEQ_TE] = -1.0;
        rho[NEQ_TM] = 1.0;
        tau[0] = tau[1] = 0;
        return;
    }
    int n = b->n;
    double complex q2 = q * q;
    /* media: 0 = vacuum above, 1..n layers, n+1 substrate.  A uniaxial medium
     * with its optic axis along z (eps_par in the plane, eps_perp along z)
     * has kz/k0 = sqrt(eps_par - u^2) for TE and
     * sqrt(eps_par - (eps_par/eps_perp) u^2) for TM, u^2 = 1 - q^2 (the
     * ordinary and extraordinary waves), and its TM interface coefficients
     * take eps_par where an isotropic medium has eps; with eps_perp = eps_par
     * both reduce to the isotropic kz (Yeh, Optical Waves in Layered Media,
     * ch. 9) */
    double complex kz[NEQ_EM_MAX_LAYERS + 2], kzm[NEQ_EM_MAX_LAYERS + 2],
        ep[NEQ_EM_MAX_LAYERS + 2];
    kz[0] = kzm[0] = q;
    ep[0] = 1.0;
    for (int j = 1; j <= n + 1; j++) {
        double complex par = eps[j - 1], perp = eps[NEQ_EM_PERP + j - 1];
        ep[j] = par;
        if (j == n + 1 && !b->below) {
            kz[j] = kzm[j] = q;
        } else {
            kz[j] = kz_of(par, q2);
            kzm[j] = par == perp ? kz[j] : kz_of(par, (par / perp) * (q2 - 1.0) + 1.0);
        }
    }
    if (b->nsheets) {
        rt_sheets(b, eps, k0, kz, kzm, ep, rho, tau);
        return;
    }
    /* complex division with range reduction is the costly operation here
     * (and must stay exact: see CMakeLists.txt), so each interface's TE and
     * TM coefficients share their two reciprocals and each layer's R and T
     * share one */
    double complex R[2], T[2];
    {
        double complex a = kz[n], c = kz[n + 1], am = kzm[n], cm = kzm[n + 1], ea = ep[n],
                       ec = ep[n + 1];
        double complex ite = 1.0 / (a + c), itm = 1.0 / (ec * am + ea * cm);
        R[NEQ_TE] = (a - c) * ite;
        T[NEQ_TE] = 2.0 * a * ite;
        R[NEQ_TM] = (ec * am - ea * cm) * itm;
        T[NEQ_TM] = 2.0 * ec * am * itm;
    }
    for (int j = n; j >= 1; j--) {
        double complex P[2];
        P[0] = cexp(I * kz[j] * k0 * b->d[j - 1]);
        P[1] = kzm[j] == kz[j] ? P[0] : cexp(I * kzm[j] * k0 * b->d[j - 1]);
        double complex a = kz[j - 1], c = kz[j], am = kzm[j - 1], cm = kzm[j], ea = ep[j - 1],
                       ec = ep[j];
        double complex ite = 1.0 / (a + c), itm = 1.0 / (ec * am + ea * cm);
        double complex r[2] = {(a - c) * ite, (ec * am - ea * cm) * itm};
        double complex t[2] = {2.0 * a * ite, 2.0 * ec * am * itm};
        for (int p = 0; p < 2; p++) {
            double complex P2 = P[p] * P[p], iden = 1.0 / (1.0 + r[p] * R[p] * P2);
            T[p] = t[p] * T[p] * P[p] * iden;
            R[p] = (r[p] + R[p] * P2) * iden;
        }
    }
    for (int p = 0; p < 2; p++) {
        rho[p] = R[p];
        tau[p] = b->below ? 0.0 : T[p];
    }
}

void neq_body_rt(const neq_body *b, const double complex *eps, double k0, double complex q, int pol,
                 double complex *rho, double complex *tau)
{
    double complex r[2], t[2];
    neq_body_rt2(b, eps, k0, q, r, t);
    *rho = r[pol];
    *tau = t[pol];
}

int neq_body_fresnel(const neq_body *b, double omega, double complex kz0_over_k0, int pol,
                     double complex *rho, double complex *tau)
{
    neq_clear_error();
    if (!b || !rho || !tau || (pol != NEQ_TE && pol != NEQ_TM))
        return neq_fail(NEQ_EINVAL, "neq_body_fresnel: bad arguments");
    if (b->sphere)
        return neq_fail(NEQ_EINVAL, "a sphere has no Fresnel coefficients (neq_em_tensors_at)");
    double complex eps[NEQ_EM_NEPS];
    if (!b->mirror)
        NEQ_TRY(neq_body_eps(b, omega, eps));
    neq_body_rt(b, eps, omega / NEQ_C_LIGHT, kz0_over_k0, pol, rho, tau);
    return NEQ_OK;
}
