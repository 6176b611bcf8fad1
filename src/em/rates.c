/* Rates Gamma^{qq'}(+-omega) (Bellomo-Antezza eq. 4), the coupling
 * Lambda^{qq'} (eq. 7) and effective photon numbers (eq. 9), from the
 * tensors of green.c (include/neqent/em.h). */
#include "em_internal.h"
#include "neqent/thermal.h"

#include <math.h>

int neq_em_gamma0(double omega, double dipole_moment, double *gamma0)
{
    neq_clear_error();
    if (!gamma0)
        return neq_fail(NEQ_EINVAL, "gamma0 is NULL");
    if (isnan(omega) || isnan(dipole_moment))
        return neq_fail(NEQ_ENAN, "omega or dipole moment is NaN");
    if (!(omega > 0) || isinf(omega))
        return neq_fail(NEQ_EDOMAIN, "omega = %g must be finite and > 0", omega);
    if (!(dipole_moment >= 0) || isinf(dipole_moment))
        return neq_fail(NEQ_EDOMAIN, "dipole moment = %g C m must be finite and >= 0",
                        dipole_moment);
    /* Gamma_0 = |d|^2 omega^3 / (3 pi hbar eps0 c^3) */
    double g = dipole_moment * dipole_moment * omega * omega * omega /
               (3 * NEQ_PI * NEQ_HBAR * NEQ_EPS0 * NEQ_C_LIGHT * NEQ_C_LIGHT * NEQ_C_LIGHT);
    if (!isfinite(g))
        return neq_fail(NEQ_EDOMAIN, "Gamma_0 overflows for dipole moment %g C m at omega = %g "
                                     "rad/s", dipole_moment, omega);
    *gamma0 = g;
    return NEQ_OK;
}

int neq_em_effective_temperature(double omega, double n, double *T)
{
    neq_clear_error();
    if (!T)
        return neq_fail(NEQ_EINVAL, "T is NULL");
    if (isnan(n) || isnan(omega))
        return neq_fail(NEQ_ENAN, "omega or n is NaN");
    if (!(n >= 0) || !(omega > 0))
        return neq_fail(NEQ_EDOMAIN, "effective temperature needs n >= 0 and omega > 0");
    /* n(omega, T) = n  <=>  T = hbar omega / (k_B ln(1 + 1/n)); n = 0 <=> T = 0 */
    *T = n == 0 ? 0.0 : NEQ_HBAR * omega / (NEQ_KB * log1p(1 / n));
    return NEQ_OK;
}

static int unit_vector(const double complex d[3], double complex u[3], int q)
{
    double s = 0;
    for (int i = 0; i < 3; i++) {
        if (!isfinite(creal(d[i])) || !isfinite(cimag(d[i])))
            return neq_fail(NEQ_ENAN, "dipole %d has a non-finite component", q);
        s += creal(d[i] * conj(d[i]));
    }
    if (!(s > 0))
        return neq_fail(NEQ_EDOMAIN, "dipole %d is the zero vector", q);
    for (int i = 0; i < 3; i++)
        u[i] = d[i] / sqrt(s);
    return NEQ_OK;
}

int neq_em_collective(double omega, const double complex alpha_W[2][2],
                      const double complex alpha_M[2][2], double n_W, double n_M, double *Gamma_S,
                      double *Gamma_A, double *n_S, double *n_A, double *T_S, double *T_A)
{
    neq_clear_error();
    if (!alpha_W || !alpha_M || !Gamma_S || !Gamma_A || !n_S || !n_A || !T_S || !T_A)
        return neq_fail(NEQ_EINVAL, "neq_em_collective: NULL argument");
    /* eq. (9) with alpha = (alpha^11 + alpha^22)/2 and Re alpha^12 */
    double aW = 0.5 * creal(alpha_W[0][0] + alpha_W[1][1]);
    double aM = 0.5 * creal(alpha_M[0][0] + alpha_M[1][1]);
    double bW = creal(alpha_W[0][1]), bM = creal(alpha_M[0][1]);
    *Gamma_A = aW - bW + aM - bM;
    *Gamma_S = aW + bW + aM + bM;
    /* a channel without decay (Gamma_A = 0: the paper's footnote case) has
     * no effective photon number: undefined, not a division by zero */
    const double G[2] = {*Gamma_S, *Gamma_A}, w[2][2] = {{aW + bW, aM + bM}, {aW - bW, aM - bM}};
    double *n[2] = {n_S, n_A}, *T[2] = {T_S, T_A};
    for (int c = 0; c < 2; c++) {
        if (!(G[c] > 1e-300)) {
            *n[c] = *T[c] = NAN;
            continue;
        }
        *n[c] = (w[c][0] * n_W + w[c][1] * n_M) / G[c];
        NEQ_TRY(neq_em_effective_temperature(omega, fmax(*n[c], 0), T[c]));
    }
    return NEQ_OK;
}

double complex neq_em_project(const double complex a[3], const double complex b[3],
                              const double complex X[3][3])
{
    double complex s = 0;
    for (int i = 0; i < 3; i++)
        for (int k = 0; k < 3; k++)
            s += conj(a[i]) * b[k] * X[i][k];
    return s;
}

int neq_em_rates_compute(const neq_em_tensors *t, double omega, const double complex d1[3],
                         const double complex d2[3], double T_W, double T_M, neq_em_rates *r)
{
    neq_clear_error();
    if (!t || !d1 || !d2 || !r)
        return neq_fail(NEQ_EINVAL, "neq_em_rates_compute: NULL argument");
    if (isnan(T_W) || isnan(T_M))
        return neq_fail(NEQ_ENAN, "temperature is NaN");
    /* > 0 as in every model (docs/physics.md): one range for temperatures */
    if (!(T_W > 0) || !(T_M > 0) || isinf(T_W) || isinf(T_M))
        return neq_fail(NEQ_EDOMAIN, "temperatures T_W = %g K, T_M = %g K must be finite and > 0",
                        T_W, T_M);
    double complex u[2][3];
    NEQ_TRY(unit_vector(d1, u[0], 1));
    NEQ_TRY(unit_vector(d2, u[1], 2));
    /* n(omega, T) with hbar omega / k_B T */
    double x = NEQ_HBAR * omega / NEQ_KB;
    NEQ_TRY(neq_bose_einstein(x, T_W, &r->n_W));
    NEQ_TRY(neq_bose_einstein(x, T_M, &r->n_M));
    for (int q = 0; q < 2; q++)
        for (int p = 0; p < 2; p++) {
            double complex aW = neq_em_project(u[q], u[p], (const double complex(*)[3])t->alpha_W[q][p]);
            double complex aM = neq_em_project(u[q], u[p], (const double complex(*)[3])t->alpha_M[q][p]);
            r->alpha_W[q][p] = aW;
            r->alpha_M[q][p] = aM;
            /* eq. (4), in units of Gamma_0 (identical |d|) */
            r->gamma_plus[q][p] = (1 + r->n_W) * aW + (1 + r->n_M) * aM;
            r->gamma_minus[q][p] = r->n_W * conj(aW) + r->n_M * conj(aM);
            /* eq. (7): Lambda / Gamma_0 = -1/2 sum conj(d_i) d_i' Re g_ii'; the
             * diagonal keeps the body part only (vacuum Lamb shift is in omega) */
            double complex Reg[3][3];
            for (int i = 0; i < 3; i++)
                for (int k = 0; k < 3; k++)
                    Reg[i][k] = creal(t->g_R[q][p][i][k]) + (q == p ? 0.0 : creal(t->g_0[q][p][i][k]));
            r->lambda[q][p] = -0.5 * neq_em_project(u[q], u[p], (const double complex(*)[3])Reg);
        }
    for (int q = 0; q < 2; q++) {
        double w = creal(r->alpha_W[q][q]), m = creal(r->alpha_M[q][q]);
        r->n_q[q] = (w * r->n_W + m * r->n_M) / (w + m);
        NEQ_TRY(neq_em_effective_temperature(omega, r->n_q[q], &r->T_q[q]));
    }
    return neq_em_collective(omega, (const double complex(*)[2])r->alpha_W,
                             (const double complex(*)[2])r->alpha_M, r->n_W, r->n_M, &r->Gamma_S,
                             &r->Gamma_A, &r->n_S, &r->n_A, &r->T_S, &r->T_A);
}
