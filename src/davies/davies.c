/* Davies generator builder (include/neqent/davies.h). */
#include "neqent/davies.h"
#include "../core/internal.h"
#include "neqent/linalg.h"
#include "neqent/thermal.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_expint.h>
#include <gsl/gsl_sf_psi.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int neq_spectral_eval(const neq_spectral_density *J, double w, double *value)
{
    neq_clear_error();
    if (!J || !value)
        return neq_fail(NEQ_EINVAL, "neq_spectral_eval: NULL argument");
    if (!isfinite(J->gamma) || J->gamma < 0)
        return neq_fail(NEQ_EDOMAIN, "coupling gamma = %g must be finite and >= 0", J->gamma);
    switch (J->kind) {
    case NEQ_SPECTRAL_FLAT:
        *value = J->gamma;
        return NEQ_OK;
    case NEQ_SPECTRAL_OHMIC:
        if (!(J->cutoff > 0) || !isfinite(J->cutoff))
            return neq_fail(NEQ_EDOMAIN, "ohmic cutoff = %g must be finite and > 0", J->cutoff);
        *value = J->gamma * w * exp(-w / J->cutoff);
        return NEQ_OK;
    case NEQ_SPECTRAL_DRUDE:
        if (!(J->cutoff > 0) || !isfinite(J->cutoff))
            return neq_fail(NEQ_EDOMAIN, "Drude cutoff = %g must be finite and > 0", J->cutoff);
        *value = 4 * J->gamma * J->cutoff * w / (w * w + J->cutoff * J->cutoff);
        return NEQ_OK;
    }
    return neq_fail(NEQ_EINVAL, "unknown spectral density kind %d", (int)J->kind);
}

int neq_spectral_zero_rate(const neq_spectral_density *J, double T, double *rate, double *slope)
{
    neq_clear_error();
    if (!J || !rate)
        return neq_fail(NEQ_EINVAL, "neq_spectral_zero_rate: NULL argument");
    double jv;
    NEQ_TRY(neq_spectral_eval(J, 1.0, &jv)); /* validates gamma and the cutoff */
    if (J->gamma == 0) {
        *rate = 0;
        if (slope)
            *slope = 0;
        return NEQ_OK;
    }
    if (J->kind == NEQ_SPECTRAL_FLAT) {
        if (T > 0 || slope)
            return neq_fail(NEQ_EDIVERGE,
                            "zero Bohr frequency with a flat spectral density at T = %g: "
                            "the dephasing rate J(0) n(0) diverges", T);
        *rate = J->gamma;
        return NEQ_OK;
    }
    /* J(w) ~ J'(0) w and n ~ T/w as w -> 0 */
    double s = J->kind == NEQ_SPECTRAL_OHMIC ? J->gamma : 4 * J->gamma / J->cutoff;
    *rate = s * T;
    if (slope)
        *slope = s;
    return NEQ_OK;
}

/* e^{-x} Ei(x) (any x != 0) and e^{x} E1(x) (x > 0), through GSL's scaled
 * forms so that neither overflows. */
static int ei_scaled(double x, double *v)
{
    gsl_sf_result r;
    if (gsl_sf_expint_Ei_scaled_e(x, &r) != GSL_SUCCESS || !isfinite(r.val))
        return neq_fail(NEQ_EDIVERGE, "Lamb shift: Ei(%g) failed", x);
    *v = r.val;
    return NEQ_OK;
}

static int e1_scaled(double x, double *v)
{
    gsl_sf_result r;
    if (gsl_sf_expint_E1_scaled_e(x, &r) != GSL_SUCCESS || !isfinite(r.val))
        return neq_fail(NEQ_EDIVERGE, "Lamb shift: E1(%g) failed", x);
    *v = r.val;
    return NEQ_OK;
}

/* h(x) = e^{-x} Ei(x) + e^{x} Ei(-x), the k-th term of the ohmic thermal
 * shift at x = |w| (k/T + 1/w_c) (docs/physics.md, "Lamb shift"); f and g
 * its two parts. */
static int thermal_term(double x, double *h, double *f, double *g)
{
    NEQ_TRY(ei_scaled(x, f));
    NEQ_TRY(e1_scaled(x, g));
    *g = -*g; /* e^{x} Ei(-x) = -e^{x} E1(x) */
    *h = *f + *g;
    return NEQ_OK;
}

/* sum_{k >= 1} h(|w| (k/T + 1/w_c)): 64 terms directly, then the rest by
 * Euler-Maclaurin, whose remainder is of order (a/x0)^7 < 1e-13 because the
 * step a = |w|/T is below x0/64.  It needs h's integral and odd
 * derivatives, in closed form from f' = 1/x - f and g' = 1/x + g:
 *   int_x0^inf h = f(x0) - g(x0),   h' = g - f + 2/x,
 *   h(3) = h' + 4/x^3,              h(5) = h(3) + 48/x^5. */
static int ohmic_thermal_sum(double wabs, double T, double cutoff, double *sum)
{
    enum { DIRECT = 64 };
    double a = wabs / T, c = wabs / cutoff, s = 0, h = 0, f = 0, g = 0;
    if (a >= 40) {
        /* every x_k >= 40: h's asymptotic series 2 sum_{m odd} m!/x^{m+1}
         * (its seventh term is below 1e-10 of the first there), summed
         * over k in closed form, sum_k (a k + c)^-2j = psi^(2j-1)(1 + c/a)
         * / ((2j-1)! a^2j); subtracting f and g's 1/x terms loses all
         * digits at large x, this does not */
        double total = 0;
        for (int m = 1; m <= 13; m += 2) {
            gsl_sf_result r;
            if (gsl_sf_psi_n_e(m, 1 + c / a, &r) != GSL_SUCCESS)
                return neq_fail(NEQ_EDIVERGE, "Lamb shift: polygamma failed");
            /* 2 m! sum_k x_k^-(m+1), the sum psi^(m)(1 + c/a) / (m! a^(m+1)) */
            total += 2 * r.val / pow(a, m + 1);
        }
        *sum = total;
        return NEQ_OK;
    }
    for (int k = 1; k <= DIRECT; k++) {
        NEQ_TRY(thermal_term(a * k + c, &h, &f, &g));
        s += h;
    }
    double x0 = a * (DIRECT + 1) + c;
    NEQ_TRY(thermal_term(x0, &h, &f, &g));
    double h1 = g - f + 2 / x0, h3 = h1 + 4 / (x0 * x0 * x0), h5 = h3 + 48 / pow(x0, 5);
    s += (f - g) / a + h / 2 - a / 12 * h1 + pow(a, 3) / 720 * h3 - pow(a, 5) / 30240 * h5;
    *sum = s;
    return NEQ_OK;
}

/* The Drude density's shift from its correlation function's exponentials
 * (heom.h): Gamma(w) = int_0^inf e^{iwt} C(t) dt = sum_k c_k / (nu_k - i w),
 * C = QuTiP's correlation of J_Q = J/2, whose transform is these rates
 * J (1 + n).  S = Im Gamma = sum_k (Re c_k w + Im c_k nu_k)/(nu_k^2 + w^2):
 * the Drude pole, then the Matsubara terms, real and falling like 1/k^3. */
static double drude_shift(double lambda, double gc, double T, double w)
{
    const double pi = 3.14159265358979323846;
    if (T == 0) /* (1/2 pi) P int J(v)/(w - v) dv in closed form (partial fractions) */
        return (w == 0 ? -lambda * gc * gc
                       : 2 * lambda * gc / pi * w * log(fabs(w) / gc) - lambda * gc * gc) /
               (gc * gc + w * w);
    double a = 2 * pi * T, need = 30 * (gc + fabs(w)) / a;
    if (need > 1e6) {
        /* T far below gc: the Matsubara sum would need more terms than it
         * can take, and cot(gc/2T) oscillates.  The T = 0 form is then
         * exact but for the thermal part's leading term, J'(0) pi T^2/(6 w),
         * with J'(0) = 4 lambda/gc (valid for T << |w|) */
        if (!(fabs(w) >= 100 * T))
            return NAN; /* refused by the caller */
        return drude_shift(lambda, gc, 0, w) + 4 * lambda / gc * pi * T * T / (6 * w);
    }
    double half = gc / (2 * T), cot = cos(half) / sin(half);
    double S = (lambda * gc * cot * w - lambda * gc * gc) / (gc * gc + w * w);
    /* terms until nu_k passes 30 (gc + |w|), then the tail's two leading
     * orders, 4 lambda gc T w / nu^3 (1 + (gc^2 - w^2)/nu^2), summed with
     * sum_{k>N} k^-3 ~ 1/(2 N'^2), k^-5 ~ 1/(4 N'^4), N' = N + 1/2 */
    long terms = need < 2000 ? 2000 : need > 1e6 ? 1000000 : (long)need;
    for (long k = terms; k >= 1; k--) { /* small terms first */
        double v = a * k, c = 4 * lambda * gc * T * v / (v * v - gc * gc);
        S += c * w / (v * v + w * w);
    }
    double N = terms + 0.5;
    return S + 4 * lambda * gc * T * w / (a * a * a) *
                   (1 / (2 * N * N) + (gc * gc - w * w) / (a * a) / (4 * N * N * N * N));
}

int neq_lamb_shift(const neq_spectral_density *J, double T, double w, double *S)
{
    neq_clear_error();
    if (!J || !S)
        return neq_fail(NEQ_EINVAL, "neq_lamb_shift: NULL argument");
    if (isnan(T) || isnan(w))
        return neq_fail(NEQ_ENAN, "neq_lamb_shift: T or w is NaN");
    if (T < 0 || isinf(T) || isinf(w))
        return neq_fail(NEQ_EDOMAIN,
                        "neq_lamb_shift: T = %g must be finite and >= 0, and w = %g finite", T, w);
    double jv;
    NEQ_TRY(neq_spectral_eval(J, 1.0, &jv)); /* validates gamma and the ohmic cutoff */
    *S = 0;
    if (J->gamma == 0)
        return NEQ_OK;
    const double pi = 3.14159265358979323846;
    double pre = J->gamma / (2 * pi), wc = J->cutoff;
    if (J->kind == NEQ_SPECTRAL_DRUDE) {
        *S = drude_shift(J->gamma, J->cutoff, T, w);
        return isfinite(*S) ? NEQ_OK
                            : neq_fail(NEQ_EDOMAIN, "Drude Lamb shift at w = %g, T = %g: not "
                                                    "computed (a cutoff on a Matsubara "
                                                    "frequency, or |w| and T both far below the "
                                                    "cutoff)", w, T);
    }
    if (J->kind == NEQ_SPECTRAL_FLAT) {
        /* J n(v) ~ gamma T / v as v -> 0: the principal value diverges */
        if (T > 0)
            return neq_fail(NEQ_EDIVERGE,
                            "the Lamb shift of a flat spectral density diverges at T = %g "
                            "(J n(v) ~ gamma T/v as v -> 0): use --spectral ohmic", T);
        if (!(wc > 0) || isinf(wc))
            return neq_fail(NEQ_EDOMAIN, "flat Lamb shift: cutoff = %g must be finite and > 0",
                            wc);
        if (w == 0 || w == wc)
            return neq_fail(NEQ_EDIVERGE, "the Lamb shift of a flat spectral density cut off "
                                          "at %g diverges at w = %g", wc, w);
        *S = pre * log(fabs(w) / fabs(w - wc)); /* P int_0^wc dv / (w - v) */
        return NEQ_OK;
    }
    /* ohmic, vacuum part: P int_0^inf v e^{-v/wc} / (w - v) dv
     *   = -wc + w e^{-w/wc} Ei(w/wc)   (either sign of w) */
    double vac = -wc, th = 0;
    if (w != 0) {
        double f = 0;
        NEQ_TRY(ei_scaled(w / wc, &f));
        vac += w * f;
    }
    /* thermal part, odd in w: P int J n (1/(w - v) + 1/(w + v)) dv, with
     * n e^{-v/wc} = sum_k e^{-v (k/T + 1/wc)} */
    if (T > 0 && w != 0) {
        double s = 0;
        NEQ_TRY(ohmic_thermal_sum(fabs(w), T, wc, &s));
        th = w * s;
    }
    *S = pre * (vac + th);
    if (!isfinite(*S))
        return neq_fail(NEQ_EDIVERGE, "Lamb shift at w = %g, T = %g is not finite", w, T);
    return NEQ_OK;
}

typedef struct {
    double w;
    int a, b; /* transition |b> -> |a>, w = E_b - E_a >= 0 */
} transition;

static int cmp_transition(const void *p, const void *q)
{
    double x = ((const transition *)p)->w, y = ((const transition *)q)->w;
    return (x > y) - (x < y);
}

/* n(w, T) and its first two derivatives in T: with x = w/T,
 * n' = (x/T) n (n + 1),  n'' = (x n (n + 1)/T^2) (x (2n + 1) - 2) */
static int bose_dT(double w, double T, int order, double *v)
{
    double n;
    NEQ_TRY(neq_bose_einstein(w, T, &n));
    double x = w / T;
    if (order && n == 0) { /* n underflowed (w >> T): so have its derivatives */
        *v = 0;
        return NEQ_OK;
    }
    *v = order == 0 ? n
         : order == 1 ? (T > 0 ? x / T * n * (n + 1) : 0)
                      : (T > 0 ? x * n * (n + 1) / (T * T) * (x * (2 * n + 1) - 2) : 0);
    return NEQ_OK;
}

/* The builder: order 0 the generator itself; order 1 or 2 the superoperator
 * sum_j coef[j] d^order L / dT_j^order (rates coef_j J n^(order) for both
 * directions, since (1 + n)^(k) = n^(k); no Hamiltonian; a negative rate
 * enters as an indefinite 1 x 1 Kossakowski term) */
static int build(int d, const double complex *H, int nbaths, const neq_bath *baths,
                 double bohr_tol, double cluster, int lamb, const double *coef, int order,
                 neq_gksl **out, int *nclusters);

int neq_davies_build(int d, const double complex *H, int nbaths, const neq_bath *baths,
                     double bohr_tol, neq_gksl **out)
{
    neq_clear_error();
    return build(d, H, nbaths, baths, bohr_tol, 0, 0, NULL, 0, out, NULL);
}

int neq_davies_build_clustered(int d, const double complex *H, int nbaths, const neq_bath *baths,
                               double cluster, neq_gksl **out, int *nclusters)
{
    neq_clear_error();
    if (!(cluster >= 0) || isinf(cluster))
        return neq_fail(NEQ_EINVAL, "cluster width %g must be finite and >= 0", cluster);
    return build(d, H, nbaths, baths, 0, cluster, 0, NULL, 0, out, nclusters);
}

int neq_davies_build_lamb(int d, const double complex *H, int nbaths, const neq_bath *baths,
                          double cluster, neq_gksl **out)
{
    neq_clear_error();
    if (!(cluster >= 0) || isinf(cluster))
        return neq_fail(NEQ_EINVAL, "cluster width %g must be finite and >= 0", cluster);
    return build(d, H, nbaths, baths, 0, cluster, 1, NULL, 0, out, NULL);
}

int neq_davies_build_dT(int d, const double complex *H, int nbaths, const neq_bath *baths,
                        double bohr_tol, const double *coef, int order, neq_gksl **out)
{
    neq_clear_error();
    if (!coef || order < 1 || order > 2)
        return neq_fail(NEQ_EINVAL, "neq_davies_build_dT: no coefficients, or order %d of 1..2",
                        order);
    for (int j = 0; j < nbaths; j++)
        if (!isfinite(coef[j]))
            return neq_fail(NEQ_EINVAL, "neq_davies_build_dT: coefficient %d is not finite", j);
    return build(d, H, nbaths, baths, bohr_tol, 0, 0, coef, order, out, NULL);
}

static int add_rate(neq_gksl *g, int group, double rate, const double complex *A)
{
    if (rate >= 0)
        return neq_gksl_add_jump(g, group, rate, A);
    const double complex *ops[1] = {A};
    double complex c = rate;
    return neq_gksl_add_kossakowski_indefinite(g, group, 1, ops, &c);
}

/* HLS += S(w) A^+ A + S(-w) A A^+ (Breuer & Petruccione eq. 3.142, with
 * A(-w) = A(w)^+), or S(0) A^+ A for the zero frequency (A Hermitian); t1,
 * t2 scratch. */
static int add_lamb_shift(int d, const neq_bath *b, double w, int zero,
                          const double complex *A, double complex *t1, double complex *t2,
                          double complex *HLS)
{
    double Sp, Sm = 0;
    NEQ_TRY(neq_lamb_shift(&b->J, b->T, w, &Sp));
    if (!zero)
        NEQ_TRY(neq_lamb_shift(&b->J, b->T, -w, &Sm));
    int dd = d * d;
    neq_mat_mul_adj_left(d, A, A, t1); /* A^+ A */
    for (int p = 0; p < dd; p++)
        HLS[p] += Sp * t1[p];
    if (!zero) {
        neq_mat_adjoint(d, A, t2);
        neq_mat_mul(d, A, t2, t1); /* A A^+ */
        for (int p = 0; p < dd; p++)
            HLS[p] += Sm * t1[p];
    }
    return NEQ_OK;
}

static int build(int d, const double complex *H, int nbaths, const neq_bath *baths,
                 double bohr_tol, double cluster, int lamb, const double *coef, int order,
                 neq_gksl **out, int *nclusters)
{
    if (nclusters)
        *nclusters = 0;
    if (!H || !out || nbaths < 0 || (nbaths > 0 && !baths))
        return neq_fail(NEQ_EINVAL, "neq_davies_build: bad arguments");
    *out = NULL;
    if (bohr_tol < 0 || !isfinite(bohr_tol))
        return neq_fail(NEQ_EINVAL, "Bohr-frequency tolerance %g is invalid", bohr_tol);
    if (bohr_tol == 0)
        bohr_tol = 1e-9;
    for (int j = 0; j < nbaths; j++) {
        if (isnan(baths[j].T))
            return neq_fail(NEQ_ENAN, "bath %d: temperature is NaN", j + 1);
        if (baths[j].T < 0 || isinf(baths[j].T))
            return neq_fail(NEQ_EDOMAIN, "bath %d: temperature T = %g must be finite and >= 0",
                            j + 1, baths[j].T);
        if (!baths[j].X)
            return neq_fail(NEQ_EINVAL, "bath %d: coupling operator is NULL", j + 1);
        double jv;
        NEQ_TRY(neq_spectral_eval(&baths[j].J, 1.0, &jv));
    }
    neq_gksl *g = NULL;
    NEQ_TRY(neq_gksl_alloc(d, &g));
    int rc = order ? NEQ_OK : neq_gksl_set_hamiltonian(g, H); /* a derivative has none */
    int dd = d * d;
    double *E = malloc(sizeof *E * (size_t)d);
    double complex *V = malloc(sizeof *V * (size_t)dd);
    double complex *Xe = malloc(sizeof *Xe * (size_t)dd);
    double complex *tmp = malloc(sizeof *tmp * (size_t)dd);
    double complex *A = malloc(sizeof *A * (size_t)dd);
    double complex *Ac = malloc(sizeof *Ac * (size_t)dd);
    transition *tr = malloc(sizeof *tr * (size_t)dd);
    double complex *HLS = lamb ? calloc((size_t)dd, sizeof *HLS) : NULL;
    if (rc == 0 && (!E || !V || !Xe || !tmp || !A || !Ac || !tr || (lamb && !HLS)))
        rc = neq_fail(NEQ_ENOMEM, "no memory for the Davies generator");
    if (rc == 0)
        rc = neq_herm_eig(d, H, E, V);
    double tol = 0;
    int ntr = 0;
    if (rc == 0) {
        tol = bohr_tol * (1.0 + (E[d - 1] - E[0]));
        for (int b = 0; b < d; b++)
            for (int a = 0; a < d; a++)
                if (E[b] - E[a] > -tol && (E[b] - E[a] > tol || a <= b))
                    /* w >= 0 (each zero-frequency pair once per ordered pair
                     * inside its group; handled below) */
                    tr[ntr++] = (transition){fmax(E[b] - E[a], 0.0), a, b};
        qsort(tr, (size_t)ntr, sizeof *tr, cmp_transition);
    }
    for (int j = 0; rc == 0 && j < nbaths; j++) {
        if (coef && coef[j] == 0)
            continue;
        double cj = coef ? coef[j] : 1;
        rc = neq_check_hermitian(d, baths[j].X, 1e-12, "coupling operator");
        if (rc)
            break;
        if (lamb)
            memset(HLS, 0, sizeof *HLS * (size_t)dd);
        /* Xe = V^+ X V: coupling operator in the eigenbasis of H */
        neq_mat_mul(d, baths[j].X, V, tmp);
        neq_mat_mul_adj_left(d, V, tmp, Xe);
        int start = 0;
        while (rc == 0 && start < ntr) {
            int end = start + 1;
            /* one Bohr frequency (to tol), or a cluster of positive ones
             * closer than `cluster` to their neighbours (single linkage):
             * the unified equation's "treated as degenerate" */
            while (end < ntr && (tr[end].w - tr[end - 1].w <= tol ||
                                 (tr[start].w > tol && tr[end].w - tr[end - 1].w < cluster)))
                end++;
            if (nclusters && j == 0 && tr[start].w > tol)
                ++*nclusters;
            double wsum = 0;
            for (int t = start; t < end; t++)
                wsum += tr[t].w;
            double w = wsum / (end - start);
            int zero = tr[start].w <= tol;
            /* A(w) in the eigenbasis; for w = 0 every pair (a, b) inside a
             * degenerate group, both orders */
            memset(A, 0, sizeof *A * (size_t)dd);
            for (int t = start; t < end; t++) {
                int a = tr[t].a, b = tr[t].b;
                NEQ_AT(A, d, a, b) = NEQ_AT(Xe, d, a, b);
                if (zero)
                    NEQ_AT(A, d, b, a) = NEQ_AT(Xe, d, b, a);
            }
            /* back to the caller's basis: V A V^+ */
            neq_mat_mul(d, V, A, tmp);
            neq_mat_adjoint(d, V, Ac);
            neq_mat_mul(d, tmp, Ac, A);
            double amax = 0;
            for (int p = 0; p < dd; p++)
                amax = fmax(amax, cabs(A[p]));
            if (amax > 0 && lamb && baths[j].J.gamma > 0)
                rc = add_lamb_shift(d, &baths[j], zero ? 0 : w, zero, A, tmp, Ac, HLS);
            if (rc == 0 && amax > 0) {
                if (zero) {
                    double r = 0, slope = 0;
                    /* linear in T: its derivatives the slope, then 0 */
                    rc = neq_spectral_zero_rate(&baths[j].J, baths[j].T, &r,
                                                order ? &slope : NULL);
                    if (rc == 0 && order)
                        r = order == 1 ? cj * slope : 0;
                    if (rc == 0 && r != 0)
                        rc = add_rate(g, j, r, A);
                } else {
                    double Jw, n;
                    rc = neq_spectral_eval(&baths[j].J, w, &Jw);
                    if (rc == 0)
                        rc = bose_dT(w, baths[j].T, order, &n);
                    if (rc == 0 && Jw > 0) {
                        rc = add_rate(g, j, cj * Jw * (order ? n : 1.0 + n), A);
                        if (rc == 0 && n != 0) {
                            neq_mat_adjoint(d, A, Ac);
                            rc = add_rate(g, j, cj * Jw * n, Ac);
                        }
                    }
                }
            }
            start = end;
        }
        if (rc == 0 && lamb) {
            neq_mat_hermitize(d, HLS);
            rc = neq_gksl_add_group_hamiltonian(g, j, HLS);
        }
    }
    /* every bath owns a group even if it produced no jump (J = 0) */
    if (rc == 0)
        rc = neq_gksl_reserve_groups(g, nbaths);
    free(E);
    free(V);
    free(Xe);
    free(tmp);
    free(A);
    free(Ac);
    free(tr);
    free(HLS);
    if (rc != 0) {
        neq_gksl_free(g);
        return rc;
    }
    *out = g;
    return NEQ_OK;
}

int neq_davies_onsager(int d, const double complex *H, int nbaths, const neq_bath *baths,
                       double T, double *Lon)
{
    neq_clear_error();
    if (!H || !baths || !Lon || nbaths < 1)
        return neq_fail(NEQ_EINVAL, "neq_davies_onsager: bad arguments");
    if (isnan(T))
        return neq_fail(NEQ_ENAN, "Onsager matrix: T is NaN");
    if (!(T > 0) || isinf(T))
        return neq_fail(NEQ_EDOMAIN, "Onsager matrix: T = %g must be finite and > 0", T);
    if (d > NEQ_RESPONSE_MAX_DIM)
        return neq_fail(NEQ_EDIM, "Onsager matrix: dimension %d beyond %d", d,
                        NEQ_RESPONSE_MAX_DIM);
    neq_bath *eq = malloc(sizeof *eq * (size_t)nbaths);
    double *coef = calloc((size_t)nbaths, sizeof *coef), *dJ = malloc(sizeof *dJ * (size_t)nbaths);
    double complex *rho = malloc(sizeof *rho * (size_t)d * d * 2), *drho = rho ? rho + d * d : NULL;
    neq_gksl *g = NULL;
    neq_liouvillian *L = NULL;
    int rc = (!eq || !coef || !dJ || !rho) ? neq_fail(NEQ_ENOMEM, "no memory for the Onsager "
                                                                  "matrix")
                                           : NEQ_OK;
    for (int j = 0; !rc && j < nbaths; j++) {
        eq[j] = baths[j];
        eq[j].T = T;
    }
    if (!rc)
        rc = neq_davies_build(d, H, nbaths, eq, 0, &g);
    if (!rc)
        rc = neq_liouvillian_alloc(g, &L);
    neq_steady_info info;
    if (!rc)
        rc = neq_steady_state(L, NULL, NULL, rho, &info);
    neq_liouvillian_free(L);
    /* column k: one exact response to T_k, the other baths held */
    for (int k = 0; !rc && k < nbaths; k++) {
        neq_gksl *dg = NULL;
        coef[k] = 1;
        rc = build(d, H, nbaths, eq, 0, 0, 0, coef, 1, &dg, NULL);
        coef[k] = 0;
        if (!rc)
            rc = neq_steady_response(g, dg, -1, rho, drho, dJ);
        neq_gksl_free(dg);
        for (int i = 0; !rc && i < nbaths; i++)
            Lon[i + (size_t)nbaths * k] = T * T * dJ[i];
    }
    neq_gksl_free(g);
    free(eq);
    free(coef);
    free(dJ);
    free(rho);
    return rc;
}
