/* Two-dimensional conducting sheets (include/neqent/em.h): graphene's local
 * Kubo conductivity, intraband and interband (Falkovsky, J. Phys.: Conf.
 * Ser. 129, 012004 (2008), eqs. (1)-(2); Falkovsky & Varlamov, Eur. Phys. J.
 * B 56, 281 (2007)):
 *   sigma_intra = (2 i e^2 kT / (pi hbar^2 (w + i G))) ln(2 cosh(mu / 2kT)),
 *   sigma_inter = (e^2 / 4 hbar) [H(w/2) + (4 i w / pi) int_0^inf
 *                 (H(x) - H(w/2)) / (w^2 - 4 x^2) dx],
 *   H(x) = sinh(hbar x / kT) / (cosh(mu / kT) + cosh(hbar x / kT)),
 * the principal value removed by the subtraction of H(w/2), which makes the
 * integrand finite at x = w/2.  Convention e^{-i w t}: Re sigma >= 0. */
#include "../core/internal.h"
#include "em_internal.h"
#include "neqent/em.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define HBAR 1.054571817e-34
#define QE 1.602176634e-19
#define KB 1.380649e-23

struct neq_sheet {
    double mu, T, gamma; /* chemical potential [J], temperature [K], scattering rate [rad/s] */
};

int neq_sheet_graphene(double mu, double T, double gamma, neq_sheet **out)
{
    neq_clear_error();
    if (!out)
        return neq_fail(NEQ_EINVAL, "neq_sheet_graphene: NULL argument");
    if (isnan(mu) || isnan(T) || isnan(gamma))
        return neq_fail(NEQ_ENAN, "graphene: a NaN parameter");
    if (!isfinite(mu) || fabs(mu) > 2 * QE)
        return neq_fail(NEQ_EDOMAIN, "graphene: chemical potential %g J (%g eV) outside "
                                     "|mu| <= 2 eV, where the Dirac cone holds", mu, mu / QE);
    if (!(T > 0) || !isfinite(T))
        return neq_fail(NEQ_EDOMAIN, "graphene: temperature T = %g K must be finite and > 0", T);
    if (!(gamma >= 0) || !isfinite(gamma))
        return neq_fail(NEQ_EDOMAIN, "graphene: scattering rate %g rad/s must be finite and >= 0",
                        gamma);
    neq_sheet *s = malloc(sizeof *s);
    if (!s)
        return neq_fail(NEQ_ENOMEM, "no memory for a sheet");
    s->mu = mu, s->T = T, s->gamma = gamma;
    *out = s;
    return NEQ_OK;
}

void neq_sheet_free(neq_sheet *s) { free(s); }

typedef struct {
    double mu, kT, w;
} kubo;

/* H(x), x an angular frequency: the occupation difference of the bands */
static double H(const kubo *k, double x)
{
    double a = HBAR * x / k->kT, b = k->mu / k->kT;
    /* sinh a / (cosh b + cosh a), written to stay finite for large a, b */
    double m = fmax(fabs(a), fabs(b));
    double num = 0.5 * (exp(a - m) - exp(-a - m));
    double den = 0.5 * (exp(b - m) + exp(-b - m) + exp(a - m) + exp(-a - m));
    return num / den;
}

/* in y = x / w, where the integrand is of order 1:
 *   (4 i w / pi) int dx (H(x) - H(w/2)) / (w^2 - 4 x^2)
 *     = (4 i / pi) int dy (H(w y) - H(w/2)) / (1 - 4 y^2) */
static double inter_integrand(double y, void *p)
{
    const kubo *k = p;
    double d = 1 - 4 * y * y;
    return d != 0 ? (H(k, k->w * y) - H(k, k->w / 2)) / d : 0; /* d = 0: never evaluated */
}

int neq_sheet_sigma(const neq_sheet *s, double omega, double complex *sigma)
{
    neq_clear_error();
    if (!s || !sigma)
        return neq_fail(NEQ_EINVAL, "neq_sheet_sigma: NULL argument");
    if (!(omega > 0) || !isfinite(omega))
        return neq_fail(NEQ_EDOMAIN, "omega = %g must be finite and > 0", omega);
    double kT = KB * s->T, x = fabs(s->mu) / (2 * kT);
    /* ln(2 cosh x) without overflow */
    double lc = x + log1p(exp(-2 * x));
    double complex intra = 2 * I * QE * QE * kT / (NEQ_PI * HBAR * HBAR * (omega + I * s->gamma)) * lc;
    kubo k = {s->mu, kT, omega};
    gsl_function F = {inter_integrand, &k};
    gsl_integration_workspace *ws = gsl_integration_workspace_alloc(1000);
    if (!ws)
        return neq_fail(NEQ_ENOMEM, "no memory for the Kubo integral");
    double r[3] = {0, 0, 0}, e;
    /* [0, 1/2] and [1/2, 2] hold the structure (the step at y = mu/(hbar w),
     * the removable point y = 1/2, an end of both: Gauss-Kronrod never
     * evaluates there); the tail decays like 1/y^2 */
    int st = gsl_integration_qag(&F, 0, 0.5, 1e-14, 1e-11, 1000, GSL_INTEG_GAUSS31, ws, &r[0], &e);
    if (st == 0)
        st = gsl_integration_qag(&F, 0.5, 2, 1e-14, 1e-11, 1000, GSL_INTEG_GAUSS31, ws, &r[1], &e);
    if (st == 0)
        st = gsl_integration_qagiu(&F, 2, 1e-14, 1e-11, 1000, ws, &r[2], &e);
    double r1 = r[0] + r[1], r2 = r[2];
    gsl_integration_workspace_free(ws);
    if (st)
        return neq_fail(NEQ_ECONVERGE, "graphene: the interband Kubo integral did not converge "
                                       "at omega = %g (%s)", omega, gsl_strerror(st));
    double complex inter = QE * QE / (4 * HBAR) * (H(&k, omega / 2) + 4 * I / NEQ_PI * (r1 + r2));
    *sigma = intra + inter;
    return NEQ_OK;
}

int neq_sheet_parse(const char *spec, neq_sheet **out)
{
    neq_clear_error();
    if (!spec || !out)
        return neq_fail(NEQ_EINVAL, "sheet: NULL argument");
    /* graphene:MU_eV[,T_K[,GAMMA_rad/s]] */
    double v[3] = {0, 300, 1e13};
    int n = 0;
    if (strncmp(spec, "graphene:", 9))
        return neq_fail(NEQ_EINVAL, "sheet '%s': expected graphene:MU_eV[,T_K[,GAMMA]]", spec);
    const char *p = spec + 9;
    while (n < 3) {
        char *end;
        v[n] = strtod(p, &end);
        if (end == p)
            return neq_fail(NEQ_EINVAL, "sheet '%s': expected graphene:MU_eV[,T_K[,GAMMA]] "
                                        "(MU in eV)", spec);
        n++;
        if (*end == '\0')
            break;
        if (n == 3 || *end != ',')
            return neq_fail(NEQ_EINVAL, "sheet '%s': expected numbers separated by commas "
                                        "(MU in eV, T in K, GAMMA in rad/s)", spec);
        p = end + 1;
    }
    return neq_sheet_graphene(v[0] * QE, v[1], v[2], out);
}
