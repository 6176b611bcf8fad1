/* Full counting statistics of heat (include/neqent/fcs.h; docs/physics.md,
 * "Full counting statistics").  Dense complex superoperators on
 * column-stacked vec(rho) (index i + j d), as neq_liouvillian_matrix: the
 * generator L0, and per group and per distinct jump energy e the jump
 * superoperator J_e = sum_k conj(L_k) (x) L_k, so that the n-th derivative of
 * the tilted generator at s = 0 is L_n = sum_e e^n J_e. */
#include "internal_master.h"
#include "neqent/fcs.h"
#include "neqent/linalg.h"

#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ORDER 8

typedef struct {
    int group;
    double e;          /* the energy each of its jumps gives the system */
    double complex *J; /* n x n */
} fcs_term;

struct neq_fcs {
    int d, n, ngroups, nterms;
    double complex *L0; /* n x n */
    fcs_term *t;
};

int neq_fcs_ngroups(const neq_fcs *f) { return f ? f->ngroups : 0; }

void neq_fcs_free(neq_fcs *f)
{
    if (!f)
        return;
    for (int k = 0; k < f->nterms; k++)
        free(f->t[k].J);
    free(f->t);
    free(f->L0);
    free(f);
}

/* the energy e with [Hc, L] = e L, or NaN if L carries none */
static double jump_energy(int d, const double complex *Hc, const double complex *L, double hnorm)
{
    double complex num = 0;
    double den = 0, lnorm = 0;
    double complex C[NEQ_FCS_MAX_DIM * NEQ_FCS_MAX_DIM]; /* d <= NEQ_FCS_MAX_DIM, checked */
    for (int i = 0; i < d; i++)
        for (int j = 0; j < d; j++) {
            double complex c = 0;
            for (int k = 0; k < d; k++)
                c += Hc[i + k * d] * L[k + j * d] - L[i + k * d] * Hc[k + j * d];
            C[i + j * d] = c;
            num += conj(L[i + j * d]) * c;
            den += creal(L[i + j * d] * conj(L[i + j * d]));
        }
    lnorm = sqrt(den);
    double e = den > 0 ? creal(num) / den : NAN, res = 0;
    for (int k = 0; k < d * d; k++)
        res += creal((C[k] - e * L[k]) * conj(C[k] - e * L[k]));
    /* an eigen-operator of the commutator, to rounding */
    return sqrt(res) <= 1e-9 * (hnorm + fabs(e)) * lnorm ? e : NAN;
}

static int commutes(int d, const double complex *H, const double complex *G, double hnorm)
{
    double gnorm = 0, c = 0;
    for (int k = 0; k < d * d; k++)
        gnorm = fmax(gnorm, cabs(G[k]));
    for (int i = 0; i < d; i++)
        for (int j = 0; j < d; j++) {
            double complex v = 0;
            for (int k = 0; k < d; k++)
                v += H[i + k * d] * G[k + j * d] - G[i + k * d] * H[k + j * d];
            c = fmax(c, cabs(v));
        }
    return c <= 1e-10 * d * hnorm * gnorm;
}

int neq_fcs_alloc(const neq_gksl *g, const double complex *Hc, neq_fcs **out)
{
    neq_clear_error();
    if (!g || !out)
        return neq_fail(NEQ_EINVAL, "neq_fcs_alloc: NULL argument");
    *out = NULL;
    int d = g->d, n = d * d;
    if (d > NEQ_FCS_MAX_DIM)
        return neq_fail(NEQ_EDIM, "counting statistics: dimension %d beyond %d (four qubits)", d,
                        NEQ_FCS_MAX_DIM);
    if (!g->completely_positive)
        return neq_fail(NEQ_EINVAL, "counting statistics: the generator is not of GKSL form "
                                    "(a Redfield equation): its heat statistics are undefined");
    if (!Hc)
        Hc = g->H;
    double hnorm = 0;
    for (int k = 0; k < n; k++)
        hnorm = fmax(hnorm, cabs(Hc[k]));
    /* a group's Hamiltonian (a Lamb shift) that commutes with Hc exchanges
     * no energy: the heat is still counted by the jumps alone */
    for (int k = 0; k < g->ngh; k++)
        if (!commutes(d, Hc, g->gh[k].op, hnorm))
            return neq_fail(NEQ_EINVAL, "counting statistics: group %d's Hamiltonian does not "
                                        "commute with the counting Hamiltonian (a non-secular "
                                        "Lamb shift): its heat statistics are undefined",
                            g->gh[k].group);
    neq_fcs *f = calloc(1, sizeof *f);
    if (!f)
        return neq_fail(NEQ_ENOMEM, "no memory for counting statistics");
    f->d = d;
    f->n = n;
    f->ngroups = g->ngroups;
    f->L0 = malloc(sizeof *f->L0 * (size_t)n * (size_t)n);
    f->t = calloc((size_t)g->njumps + 1, sizeof *f->t);
    neq_liouvillian *L = NULL;
    int rc = (!f->L0 || !f->t) ? neq_fail(NEQ_ENOMEM, "no memory for counting statistics")
                               : neq_liouvillian_alloc(g, &L);
    if (!rc)
        rc = neq_liouvillian_matrix(L, f->L0);
    neq_liouvillian_free(L);
    for (int k = 0; !rc && k < g->njumps; k++) {
        const neq_jump *jk = &g->jumps[k];
        double e = jump_energy(d, Hc, jk->op, hnorm);
        if (isnan(e)) {
            rc = neq_fail(NEQ_EINVAL, "counting statistics: jump %d of group %d carries no "
                                      "single energy of the counting Hamiltonian (a local or "
                                      "non-secular master equation?)", k + 1, jk->group);
            break;
        }
        /* one superoperator per (group, energy) */
        int t = 0;
        while (t < f->nterms && !(f->t[t].group == jk->group &&
                                  fabs(f->t[t].e - e) <= 1e-10 * (hnorm + fabs(e))))
            t++;
        if (t == f->nterms) {
            f->t[t].group = jk->group;
            f->t[t].e = e;
            f->t[t].J = calloc((size_t)n * (size_t)n, sizeof *f->t[t].J);
            if (!f->t[t].J) {
                rc = neq_fail(NEQ_ENOMEM, "no memory for counting statistics");
                break;
            }
            f->nterms++;
        }
        /* conj(L) (x) L: row i + j d, column a + b d: conj(L_jb) L_ia */
        double complex *J = f->t[t].J;
        const double complex *Lk = jk->op;
        for (int b = 0; b < d; b++)
            for (int j = 0; j < d; j++) {
                double complex cj = conj(Lk[j + b * d]);
                if (cj == 0)
                    continue;
                for (int a = 0; a < d; a++)
                    for (int i = 0; i < d; i++)
                        J[(i + j * d) + (size_t)(a + b * d) * (size_t)n] += cj * Lk[i + a * d];
            }
    }
    if (rc) {
        neq_fcs_free(f);
        return rc;
    }
    *out = f;
    return NEQ_OK;
}

static int check_group(const neq_fcs *f, int group)
{
    if (group < 0 || group >= f->ngroups)
        return neq_fail(NEQ_EINVAL, "counting statistics: group %d outside 0..%d", group,
                        f->ngroups - 1);
    return NEQ_OK;
}

/* y = sum_e w(e) J_e x over group's terms (w(e) = e^order, or the tilt) */
static void apply_terms(const neq_fcs *f, int group, int order, double s, const double complex *x,
                        double complex *y)
{
    int n = f->n;
    memset(y, 0, sizeof *y * (size_t)n);
    for (int t = 0; t < f->nterms; t++) {
        if (f->t[t].group != group)
            continue;
        double e = f->t[t].e, w = order >= 0 ? pow(e, order) : expm1(s * e);
        if (w == 0)
            continue;
        const double complex *J = f->t[t].J;
        for (int c = 0; c < n; c++) {
            double complex xc = w * x[c];
            if (xc == 0)
                continue;
            for (int r = 0; r < n; r++)
                y[r] += J[r + (size_t)c * n] * xc;
        }
    }
}

static double complex trace_vec(int d, const double complex *x)
{
    double complex t = 0;
    for (int i = 0; i < d; i++)
        t += x[i + i * d];
    return t;
}

/* A = L0 + shift I - |rho>><<1| (shift 0: invertible when the steady state
 * is unique; the Drazin inverse on traceless vectors), LU-factored */
static int factor(const neq_fcs *f, const double complex *rho, double complex shift,
                  double complex *A, int *piv)
{
    int n = f->n, d = f->d;
    memcpy(A, f->L0, sizeof *A * (size_t)n * (size_t)n);
    for (int r = 0; r < n; r++)
        A[r + (size_t)r * n] += shift;
    if (rho)
        for (int i = 0; i < d; i++) /* the trace functional: columns i + i d */
            for (int r = 0; r < n; r++)
                A[r + (size_t)(i + i * d) * n] -= rho[r];
    int info = neq_zlu_factor(n, A, piv);
    if (info)
        return neq_fail(NEQ_ENONUNIQUE, "counting statistics: the generator's steady state is not "
                                       "unique (pivot %d)", (int)info);
    return NEQ_OK;
}

static int solve(int n, const double complex *A, const int *piv, double complex *x)
{
    neq_zlu_solve(n, A, piv, x);
    for (int r = 0; r < n; r++)
        if (!isfinite(creal(x[r])) || !isfinite(cimag(x[r])))
            return neq_fail(NEQ_ENONUNIQUE, "counting statistics: the solve overflowed (a "
                                            "steady state that is nearly not unique)");
    return NEQ_OK;
}

static double binom(int n, int k)
{
    double b = 1;
    for (int i = 1; i <= k; i++)
        b = b * (n - k + i) / i;
    return b;
}

int neq_fcs_cumulants(const neq_fcs *f, const double complex *rho, int group, int order,
                      double *kappa)
{
    neq_clear_error();
    if (!f || !rho || !kappa || order < 1 || order > MAX_ORDER)
        return neq_fail(NEQ_EINVAL, "neq_fcs_cumulants: bad arguments (order %d of 1..%d)", order,
                        MAX_ORDER);
    NEQ_TRY(check_group(f, group));
    int n = f->n, d = f->d;
    double complex *A = malloc(sizeof *A * (size_t)n * (size_t)(n + 2 * (order + 1)));
    int *piv = malloc(sizeof *piv * (size_t)n);
    if (!A || !piv) {
        free(A);
        free(piv);
        return neq_fail(NEQ_ENOMEM, "no memory for counting statistics");
    }
    /* rho_0 .. rho_order, and scratch */
    double complex *R = A + (size_t)n * n, *tmp = R + (size_t)n * (order + 1);
    memcpy(R, rho, sizeof *R * (size_t)n);
    double complex lam[MAX_ORDER + 1] = {0};
    int rc = factor(f, rho, 0, A, piv);
    /* lambda_m = sum_{k=1}^m C(m,k) <<1|L_k|rho_{m-k}>>;
     * rho_m = R sum_{k=1}^m C(m,k) (lambda_k - L_k) rho_{m-k}, <<1|rho_m>> = 0 */
    for (int m = 1; !rc && m <= order; m++) {
        double complex *rm = R + (size_t)n * m;
        lam[m] = 0;
        for (int k = 1; k <= m; k++) {
            apply_terms(f, group, k, 0, R + (size_t)n * (m - k), tmp);
            lam[m] += binom(m, k) * trace_vec(d, tmp);
        }
        if (m == order)
            break;
        memset(rm, 0, sizeof *rm * (size_t)n);
        for (int k = 1; k <= m; k++) {
            const double complex *rk = R + (size_t)n * (m - k);
            apply_terms(f, group, k, 0, rk, tmp);
            double c = binom(m, k);
            for (int r = 0; r < n; r++)
                rm[r] += c * (lam[k] * rk[r] - tmp[r]);
        }
        rc = solve(n, A, piv, rm);
    }
    for (int m = 1; !rc && m <= order; m++)
        kappa[m - 1] = creal(lam[m]);
    free(A);
    free(piv);
    return rc;
}

int neq_fcs_gross_flux(const neq_fcs *f, const double complex *rho, int group, double *F)
{
    neq_clear_error();
    if (!f || !rho || !F)
        return neq_fail(NEQ_EINVAL, "neq_fcs_gross_flux: NULL argument");
    NEQ_TRY(check_group(f, group));
    int n = f->n, d = f->d;
    double complex *y = malloc(sizeof *y * (size_t)n);
    if (!y)
        return neq_fail(NEQ_ENOMEM, "no memory for counting statistics");
    double sum = 0;
    for (int t = 0; t < f->nterms; t++) {
        if (f->t[t].group != group)
            continue;
        const double complex *J = f->t[t].J;
        for (int r = 0; r < n; r++) {
            double complex v = 0;
            for (int c = 0; c < n; c++)
                v += J[r + (size_t)c * n] * rho[c];
            y[r] = v;
        }
        sum += fabs(f->t[t].e) * creal(trace_vec(d, y));
    }
    free(y);
    *F = sum;
    return NEQ_OK;
}

int neq_fcs_noise(const neq_fcs *f, const double complex *rho, int group, double omega, double *S)
{
    return neq_fcs_noise_spectrum(f, rho, group, 1, &omega, S);
}

int neq_fcs_noise_spectrum(const neq_fcs *f, const double complex *rho, int group, int nw,
                           const double *omega, double *S)
{
    neq_clear_error();
    if (!f || !rho || !S || nw < 1 || !omega)
        return neq_fail(NEQ_EINVAL, "neq_fcs_noise: bad arguments");
    for (int k = 0; k < nw; k++)
        if (!isfinite(omega[k]))
            return neq_fail(NEQ_EINVAL, "neq_fcs_noise: frequency %d is not finite", k);
    NEQ_TRY(check_group(f, group));
    int n = f->n, d = f->d;
    double complex *A = malloc(sizeof *A * (size_t)n * (size_t)(n + 4));
    int *piv = malloc(sizeof *piv * (size_t)n);
    if (!A || !piv) {
        free(A);
        free(piv);
        return neq_fail(NEQ_ENOMEM, "no memory for counting statistics");
    }
    /* shared by every frequency: <<1|L_2|rho>> and y = Q L_1 rho */
    double complex *y = A + (size_t)n * n, *z = y + n, *w = z + n, *u = w + n;
    apply_terms(f, group, 2, 0, rho, u);
    double S2 = creal(trace_vec(d, u)), S0 = NAN;
    apply_terms(f, group, 1, 0, rho, y);
    double complex ty = trace_vec(d, y);
    for (int r = 0; r < n; r++)
        y[r] -= rho[r] * ty;
    int rc = NEQ_OK;
    for (int k = 0; !rc && k < nw; k++) {
        if (omega[k] == 0) { /* S(0): the variance, by the Drazin inverse */
            if (isnan(S0)) {
                double c[2];
                rc = neq_fcs_cumulants(f, rho, group, 2, c);
                S0 = c[1];
            }
            S[k] = S0;
            continue;
        }
        /* L preserves Hermiticity, so (L - i w)^{-1} y = [(L + i w)^{-1} y]^+
         * for a Hermitian y, and the R(-w) term is the conjugate of the R(w)
         * one: one solve per frequency.  L + i w - |rho>><<1| is invertible
         * at every w (rho's eigenvalue becomes i w - 1), and for the
         * traceless y it gives (L + i w)^{-1} y, so even a w of 1e-200 is
         * no pivot of zero */
        memcpy(z, y, sizeof *z * (size_t)n);
        rc = factor(f, rho, I * omega[k], A, piv);
        if (!rc)
            rc = solve(n, A, piv, z);
        if (rc)
            break;
        double complex tz = trace_vec(d, z);
        for (int r = 0; r < n; r++) /* Q z */
            z[r] -= rho[r] * tz;
        apply_terms(f, group, 1, 0, z, w);
        S[k] = S2 - 2 * creal(trace_vec(d, w));
    }
    free(A);
    free(piv);
    return rc;
}

/* the tilted generator's leading eigenvalue and its slope */
static int leading(const neq_fcs *f, int group, double s, double *lambda, double *dlambda)
{
    int n = f->n;
    double complex *M = malloc(sizeof *M * (size_t)n * (size_t)(3 * n + 4));
    if (!M)
        return neq_fail(NEQ_ENOMEM, "no memory for counting statistics");
    double complex *VL = M + (size_t)n * n, *VR = VL + (size_t)n * n, *ev = VR + (size_t)n * n,
                   *col = ev + n, *tmp = col + n;
    memcpy(M, f->L0, sizeof *M * (size_t)n * (size_t)n);
    for (int t = 0; t < f->nterms; t++) {
        if (f->t[t].group != group)
            continue;
        double w = expm1(s * f->t[t].e);
        for (size_t k = 0; k < (size_t)n * n; k++)
            M[k] += w * f->t[t].J[k];
    }
    lapack_int info = LAPACKE_zgeev(LAPACK_COL_MAJOR, 'V', 'V', n, M, n, ev, VL, n, VR, n);
    int rc = NEQ_OK;
    if (info)
        rc = neq_fail(NEQ_ECONVERGE, "counting statistics: eigenvalues of the tilted generator "
                                     "(s = %g) did not converge", s);
    int best = 0;
    for (int k = 1; !rc && k < n; k++)
        if (creal(ev[k]) > creal(ev[best]))
            best = k;
    if (!rc) {
        *lambda = creal(ev[best]);
        if (dlambda) {
            /* dlambda/ds = <l| sum_e e e^{s e} J_e |r> / <l|r> */
            const double complex *l = VL + (size_t)best * n, *r = VR + (size_t)best * n;
            memset(col, 0, sizeof *col * (size_t)n);
            for (int t = 0; t < f->nterms; t++) {
                if (f->t[t].group != group)
                    continue;
                double w = f->t[t].e * exp(s * f->t[t].e);
                const double complex *J = f->t[t].J;
                for (int c = 0; c < n; c++)
                    for (int q = 0; q < n; q++)
                        col[q] += w * J[q + (size_t)c * n] * r[c];
            }
            double complex num = 0, den = 0;
            for (int q = 0; q < n; q++) {
                num += conj(l[q]) * col[q];
                den += conj(l[q]) * r[q];
            }
            (void)tmp;
            *dlambda = creal(num / den);
        }
    }
    free(M);
    return rc;
}

int neq_fcs_scgf(const neq_fcs *f, int group, double s, double *lambda, double *dlambda)
{
    neq_clear_error();
    if (!f || !lambda || !isfinite(s))
        return neq_fail(NEQ_EINVAL, "neq_fcs_scgf: bad arguments");
    NEQ_TRY(check_group(f, group));
    return leading(f, group, s, lambda, dlambda);
}

int neq_fcs_rate_function(const neq_fcs *f, int group, int n, const double *s, double *J,
                          double *rate)
{
    neq_clear_error();
    if (!f || n < 1 || !s || !J || !rate)
        return neq_fail(NEQ_EINVAL, "neq_fcs_rate_function: bad arguments");
    NEQ_TRY(check_group(f, group));
    for (int k = 0; k < n; k++) {
        double lam, dl;
        if (!isfinite(s[k]))
            return neq_fail(NEQ_EINVAL, "neq_fcs_rate_function: s[%d] is not finite", k);
        NEQ_TRY(leading(f, group, s[k], &lam, &dl));
        J[k] = dl;
        rate[k] = s[k] * dl - lam; /* Legendre: I(J(s)) = s J(s) - lambda(s) */
    }
    return NEQ_OK;
}
