/* HEOM for two qubits with two Drude-Lorentz baths (include/neqent/heom.h). */
#include "neqent/heom.h"
#include "../core/internal.h"
#include "../master/internal_sparse.h"
#include "neqent/linalg.h"
#include "neqent/qinfo.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>
#include <lapacke.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <petscksp.h>
#include <suitesparse/umfpack.h>

#define MAX_TERMS 64
#define MAX_DEPTH 32
#define MAX_UNKNOWNS 4000000L
/* UMFPACK's LU of a hierarchy fills in like a lattice of dimension K: up
 * to about 2000 ADOs it is the fastest (1287: 0.30 s against GMRES's
 * 0.40; 3003: 1.9 s against 0.42), and at 93,000 unknowns it runs out of
 * memory (2^31 entries).  GMRES takes over beyond. */
#define DIRECT_MAX 16000L
#define NB 8 /* real unknowns per ADO */

static const double PI = 3.14159265358979323846;

neq_heom_settings neq_heom_settings_default(void)
{
    return (neq_heom_settings){NEQ_HEOM_PADE, 2, 4, 1, NEQ_HEOM_AUTO};
}

long neq_heom_count(int nexp, int depth)
{
    if (nexp < 0 || depth < 0)
        return -1;
    /* binomial(nexp + depth, depth), exactly, in steps that stay integers */
    double b = 1;
    for (int i = 1; i <= depth; i++) {
        b = b * (nexp + i) / i;
        if (b > 4.6e18)
            return -1;
    }
    return (long)llround(b);
}

/* --------------------------------------------------------- the expansion */

/* The [N-1/N] Pade decomposition of the Bose function (Hu, Xu, Yan 2010):
 * 1/(1 - e^{-x}) = 1/x + 1/2 + sum_j 2 eta_j x / (x^2 + xi_j^2).  The xi_j
 * are 2/|lambda| for the N negative eigenvalues of the 2N x 2N tridiagonal
 * matrix with off-diagonal 1/sqrt((2m+1)(2m+3)), m = 1..2N-1; the zeta_k
 * likewise from the (2N-1) x (2N-1) one with 1/sqrt((2m+3)(2m+5)); and
 * eta_j = N(2N+3)/2 prod_k (zeta_k^2 - xi_j^2) / prod_{k!=j} (xi_k^2 - xi_j^2). */
static int tridiag_poles(int size, int shift, int count, double *out)
{
    double *dg = calloc((size_t)size, sizeof *dg), *off = malloc(sizeof *off * (size_t)size);
    if (!dg || !off) {
        free(dg);
        free(off);
        return neq_fail(NEQ_ENOMEM, "no memory for the Pade poles");
    }
    for (int m = 1; m < size; m++)
        off[m - 1] = 1 / sqrt((2.0 * m + shift) * (2.0 * m + shift + 2));
    lapack_int info = LAPACKE_dstev(LAPACK_COL_MAJOR, 'N', size, dg, off, NULL, 1);
    if (info == 0) /* ascending: the most negative first, the smallest pole first */
        for (int k = 0; k < count; k++)
            out[k] = -2 / dg[k];
    free(dg);
    free(off);
    return info ? neq_fail(NEQ_ECONVERGE, "Pade poles: LAPACK dstev failed (%d)", (int)info)
                : NEQ_OK;
}

static int pade(int N, double *xi, double *eta)
{
    double zeta[MAX_TERMS];
    NEQ_TRY(tridiag_poles(2 * N, 1, N, xi));
    if (N > 1)
        NEQ_TRY(tridiag_poles(2 * N - 1, 3, N - 1, zeta));
    for (int j = 0; j < N; j++) {
        /* the N - 1 ratios paired (zeta_k with the k-th xi other than xi_j)
         * so that the products stay in range at large N */
        double e = 0.5 * N * (2 * N + 3);
        for (int k = 0, m = 0; k < N - 1; k++, m++) {
            if (m == j)
                m++;
            e *= (zeta[k] * zeta[k] - xi[j] * xi[j]) / (xi[m] * xi[m] - xi[j] * xi[j]);
        }
        eta[j] = e;
    }
    return NEQ_OK;
}

int neq_drude_expansion(double lambda, double cutoff, double T, neq_heom_expansion kind,
                        int nterms, double complex *c, double *nu, double *delta)
{
    neq_clear_error();
    if (!c || !nu || !delta)
        return neq_fail(NEQ_EINVAL, "neq_drude_expansion: NULL argument");
    if (isnan(lambda) || isnan(cutoff) || isnan(T))
        return neq_fail(NEQ_ENAN, "Drude expansion: lambda, cutoff or T is NaN");
    if (!(lambda >= 0) || isinf(lambda))
        return neq_fail(NEQ_EDOMAIN, "Drude expansion: lambda = %g must be finite and >= 0",
                        lambda);
    if (!(cutoff > 0) || isinf(cutoff))
        return neq_fail(NEQ_EDOMAIN, "Drude expansion: cutoff = %g must be finite and > 0",
                        cutoff);
    if (!(T > 0) || isinf(T))
        return neq_fail(NEQ_EDOMAIN, "Drude expansion: T = %g must be finite and > 0", T);
    if (nterms < 0 || nterms > MAX_TERMS)
        return neq_fail(NEQ_EINVAL, "Drude expansion: %d terms outside 0..%d", nterms, MAX_TERMS);
    if (kind != NEQ_HEOM_MATSUBARA && kind != NEQ_HEOM_PADE)
        return neq_fail(NEQ_EINVAL, "Drude expansion: unknown kind %d", (int)kind);
    double half = cutoff / (2 * T), s = sin(half);
    if (fabs(s) < 1e-12 * fmax(1, half))
        return neq_fail(NEQ_EDIVERGE, "Drude expansion: the cutoff %g is the Matsubara frequency "
                                      "2 pi k T at T = %g (cot diverges)", cutoff, T);
    double cot = cos(half) / s;
    /* C(t) = (1/pi) int J [coth(w/2T) cos wt - i sin wt]: the residue at the
     * Drude pole w = -i gc, and those of coth at w = -i nu_k */
    c[0] = lambda * cutoff * (cot - I);
    nu[0] = cutoff;
    double xi[MAX_TERMS], eta[MAX_TERMS];
    if (kind == NEQ_HEOM_PADE && nterms > 0)
        NEQ_TRY(pade(nterms, xi, eta));
    double kept = 0;
    for (int k = 1; k <= nterms; k++) {
        double v = kind == NEQ_HEOM_MATSUBARA ? 2 * PI * k * T : xi[k - 1] * T;
        double w = kind == NEQ_HEOM_MATSUBARA ? 1 : eta[k - 1];
        nu[k] = v;
        if (fabs(v * v - cutoff * cutoff) <= 1e-12 * v * v)
            return neq_fail(NEQ_EDIVERGE, "Drude expansion: the cutoff %g is the %s pole %d "
                                          "(%g) at T = %g: its coefficient diverges", cutoff,
                            kind == NEQ_HEOM_PADE ? "Pade" : "Matsubara", k, v, T);
        c[k] = w * 4 * lambda * cutoff * T * v / (v * v - cutoff * cutoff);
        kept += creal(c[k]) / v;
    }
    /* sum_{k>=1} c_k/nu_k over all Matsubara terms, in closed form from
     * sum_k 1/(k^2 - a^2) = (1 - pi a cot(pi a)) / (2 a^2) */
    *delta = 2 * lambda * T / cutoff - lambda * cot - kept;
    return NEQ_OK;
}

/* ---------------------------------------------------------- the hierarchy */

/* The real basis of one parity class, Hermitian and orthonormal under
 * Tr(F_m F_n): class 0 (even under sz1 sz2: |00>,|11> and |01>,|10> among
 * themselves), class 1 (odd: between the two).  With P = diag(1,-1,-1,1)
 * in the basis |00>,|01>,|10>,|11>. */
static void basis_element(int cls, int m, double complex *F)
{
    static const int even_pairs[2][2] = {{0, 3}, {1, 2}};
    static const int odd_pairs[4][2] = {{0, 1}, {0, 2}, {3, 1}, {3, 2}};
    memset(F, 0, sizeof *F * 16);
    int i, j, type;
    if (cls == 0 && m < 4) {
        F[m + 4 * m] = 1;
        return;
    }
    if (cls == 0) {
        i = even_pairs[(m - 4) / 2][0];
        j = even_pairs[(m - 4) / 2][1];
        type = (m - 4) % 2;
    } else {
        i = odd_pairs[m / 2][0];
        j = odd_pairs[m / 2][1];
        type = m % 2;
    }
    double r = 1 / sqrt(2.0);
    F[i + 4 * j] = type ? I * r : r;
    F[j + 4 * i] = type ? -I * r : r;
}

/* A superoperator X -> a X + X b + (l X r) terms: enough for every part of
 * the hierarchy: -i[H, X] (a = -iH, b = iH), -i(c Q X - c^* X Q), and the
 * terminator -delta (Q^2 X + X Q^2 - 2 Q X Q). */
typedef struct {
    double complex a[16], b[16], l[16], r[16];
    double complex w; /* weight of l X r */
} superop;

static void apply_superop(const superop *S, const double complex *X, double complex *Y)
{
    double complex t[16], u[16];
    neq_mat_mul(4, S->a, X, Y);
    neq_mat_mul(4, X, S->b, t);
    for (int k = 0; k < 16; k++)
        Y[k] += t[k];
    if (S->w != 0) {
        neq_mat_mul(4, S->l, X, t);
        neq_mat_mul(4, t, S->r, u);
        for (int k = 0; k < 16; k++)
            Y[k] += S->w * u[k];
    }
}

/* M[m + 8 n] = Tr(F_m^to S(F_n^from)): real for a map that keeps
 * Hermiticity */
static void real_block(const superop *S, int from, int to, double *M)
{
    for (int n = 0; n < NB; n++) {
        double complex F[16], Y[16], G[16];
        basis_element(from, n, F);
        apply_superop(S, F, Y);
        for (int m = 0; m < NB; m++) {
            basis_element(to, m, G);
            double complex t = 0;
            for (int i = 0; i < 4; i++)
                for (int k = 0; k < 4; k++)
                    t += G[i + 4 * k] * Y[k + 4 * i];
            M[m + NB * n] = creal(t);
        }
    }
}

static void sigma_x(int q, double complex *X)
{
    memset(X, 0, sizeof *X * 16);
    for (int s = 0; s < 4; s++)
        X[(s ^ (q == 0 ? 2 : 1)) + 4 * s] = 1; /* qubit 1 is the high bit */
}

typedef struct {
    int K, depth;          /* exponentials (both baths), depth */
    long nado;
    unsigned char *idx;    /* nado x K multi-indices, lexicographic */
    int bath[2 * (MAX_TERMS + 1)];
    double complex c[2 * (MAX_TERMS + 1)];
    double nu[2 * (MAX_TERMS + 1)];
    double delta[2];
    double complex Q[16], X[2][16];
    /* blocks: system part per class, up (-i[X_j, .]) per bath and class of
     * the target, down (-i(c X . - c^* . X)) per exponential and target class */
    double sys[2][NB * NB], up[2][2][NB * NB], *down; /* down: K x 2 x 64 */
} hierarchy;

static void hierarchy_free(hierarchy *h)
{
    free(h->idx);
    free(h->down);
}

static long find_ado(const hierarchy *h, const unsigned char *key)
{
    long lo = 0, hi = h->nado - 1;
    while (lo <= hi) {
        long mid = lo + (hi - lo) / 2;
        int c = memcmp(h->idx + (size_t)mid * h->K, key, (size_t)h->K);
        if (c == 0)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

/* every n with sum n_k <= depth, in lexicographic order */
static void enumerate(hierarchy *h, int pos, int left, unsigned char *cur, long *count)
{
    if (pos == h->K) {
        memcpy(h->idx + (size_t)*count * h->K, cur, (size_t)h->K);
        ++*count;
        return;
    }
    for (int v = 0; v <= left; v++) {
        cur[pos] = (unsigned char)v;
        enumerate(h, pos + 1, left - v, cur, count);
    }
}

static int check_settings(const neq_baths_params *p, const neq_heom_settings *s)
{
    if (!p || !s)
        return neq_fail(NEQ_EINVAL, "HEOM: NULL argument");
    NEQ_TRY(neq_baths_validate(p));
    if (p->spectral != NEQ_SPECTRAL_DRUDE)
        return neq_fail(NEQ_EINVAL, "HEOM: the baths must be Drude-Lorentz (--spectral drude)");
    if (s->nterms < 0 || s->nterms > MAX_TERMS)
        return neq_fail(NEQ_EINVAL, "HEOM: %d exponentials per bath outside 0..%d", s->nterms,
                        MAX_TERMS);
    if (s->depth < 1 || s->depth > MAX_DEPTH)
        return neq_fail(NEQ_EINVAL, "HEOM: depth %d outside 1..%d", s->depth, MAX_DEPTH);
    if (s->expansion != NEQ_HEOM_MATSUBARA && s->expansion != NEQ_HEOM_PADE)
        return neq_fail(NEQ_EINVAL, "HEOM: unknown expansion %d", (int)s->expansion);
    if (s->solver < NEQ_HEOM_AUTO || s->solver > NEQ_HEOM_KRYLOV)
        return neq_fail(NEQ_EINVAL, "HEOM: unknown solver %d", s->solver);
    return NEQ_OK;
}

static int hierarchy_build(const neq_baths_params *p, const neq_heom_settings *s, hierarchy *h)
{
    memset(h, 0, sizeof *h);
    NEQ_TRY(check_settings(p, s));
    int per = s->nterms + 1;
    h->K = 2 * per;
    h->depth = s->depth;
    long n = neq_heom_count(h->K, s->depth);
    if (n < 0 || n > MAX_UNKNOWNS / NB) {
        char count[40];
        snprintf(count, sizeof count, n < 0 ? "more than 4.6e18" : "%ld", n);
        return neq_fail(NEQ_EDIM, "HEOM: %s auxiliary operators (%d exponentials, depth %d) "
                                  "exceed the %ld this build solves", count, h->K, s->depth,
                        MAX_UNKNOWNS / NB);
    }
    h->nado = n;
    for (int j = 0; j < 2; j++) {
        double lam = (j ? p->gamma2 : p->gamma1) * p->lambda, T = j ? p->T2 : p->T1;
        NEQ_TRY(neq_drude_expansion(lam, p->cutoff, T, s->expansion, s->nterms, h->c + j * per,
                                    h->nu + j * per, &h->delta[j]));
        if (!s->terminator)
            h->delta[j] = 0;
        for (int k = 0; k < per; k++)
            h->bath[j * per + k] = j;
        sigma_x(j, h->X[j]);
    }
    NEQ_TRY(neq_baths_hamiltonian(p, h->Q));
    h->idx = malloc((size_t)n * (size_t)h->K);
    h->down = malloc(sizeof *h->down * (size_t)h->K * 2 * NB * NB);
    if (!h->idx || !h->down) {
        hierarchy_free(h);
        return neq_fail(NEQ_ENOMEM, "HEOM: no memory for %ld auxiliary operators", n);
    }
    unsigned char cur[2 * (MAX_TERMS + 1)];
    long count = 0;
    enumerate(h, 0, s->depth, cur, &count);
    /* the blocks */
    superop S;
    memset(&S, 0, sizeof S);
    for (int k = 0; k < 16; k++) {
        S.a[k] = -I * h->Q[k];
        S.b[k] = I * h->Q[k];
    }
    /* terminator: -delta_j (X^2 rho + rho X^2 - 2 X rho X), X^2 = 1 */
    double dsum = h->delta[0] + h->delta[1];
    for (int i = 0; i < 4; i++) {
        S.a[i + 4 * i] -= dsum;
        S.b[i + 4 * i] -= dsum;
    }
    for (int cls = 0; cls < 2; cls++) {
        double M[NB * NB], Mt[NB * NB];
        real_block(&S, cls, cls, M);
        for (int j = 0; j < 2; j++) {
            if (h->delta[j] == 0)
                continue;
            superop Tj;
            memset(&Tj, 0, sizeof Tj);
            memcpy(Tj.l, h->X[j], sizeof Tj.l);
            memcpy(Tj.r, h->X[j], sizeof Tj.r);
            Tj.w = 2 * h->delta[j];
            real_block(&Tj, cls, cls, Mt);
            for (int k = 0; k < NB * NB; k++)
                M[k] += Mt[k];
        }
        memcpy(h->sys[cls], M, sizeof M);
    }
    for (int j = 0; j < 2; j++)
        for (int to = 0; to < 2; to++) {
            superop U;
            memset(&U, 0, sizeof U);
            for (int k = 0; k < 16; k++) {
                U.a[k] = -I * h->X[j][k];
                U.b[k] = I * h->X[j][k];
            }
            real_block(&U, 1 - to, to, h->up[j][to]);
        }
    for (int k = 0; k < h->K; k++)
        for (int to = 0; to < 2; to++) {
            superop D;
            memset(&D, 0, sizeof D);
            const double complex *X = h->X[h->bath[k]];
            for (int e = 0; e < 16; e++) {
                D.a[e] = -I * h->c[k] * X[e];
                D.b[e] = I * conj(h->c[k]) * X[e];
            }
            real_block(&D, 1 - to, to, h->down + ((size_t)k * 2 + to) * NB * NB);
        }
    return NEQ_OK;
}

/* The hierarchy's generator as triplets (row, col, value), rows 8a + m; with
 * trace_row, ADO 0's first equation becomes Tr rho_0 (= 1). */
typedef struct {
    long n, cap;
    int *ri, *ci;
    double *v;
} triplets;

static int push(triplets *t, long r, long c, double v)
{
    if (v == 0)
        return NEQ_OK;
    if (t->n == t->cap) {
        long cap = t->cap ? 2 * t->cap : 1 << 16;
        int *ri = realloc(t->ri, sizeof *ri * (size_t)cap);
        if (ri)
            t->ri = ri;
        int *ci = realloc(t->ci, sizeof *ci * (size_t)cap);
        if (ci)
            t->ci = ci;
        double *vv = realloc(t->v, sizeof *vv * (size_t)cap);
        if (vv)
            t->v = vv;
        if (!ri || !ci || !vv)
            return neq_fail(NEQ_ENOMEM, "HEOM: no memory for the matrix");
        t->cap = cap;
    }
    t->ri[t->n] = (int)r;
    t->ci[t->n] = (int)c;
    t->v[t->n] = v;
    t->n++;
    return NEQ_OK;
}

static int push_block(triplets *t, long a, long b, const double *M, double scale, int skip_row0)
{
    for (int n = 0; n < NB; n++)
        for (int m = 0; m < NB; m++) {
            if (skip_row0 && a == 0 && m == 0)
                continue;
            NEQ_TRY(push(t, NB * a + m, NB * b + n, scale * M[m + NB * n]));
        }
    return NEQ_OK;
}

static int assemble(const hierarchy *h, int trace_row, triplets *t)
{
    unsigned char key[2 * (MAX_TERMS + 1)];
    int K = h->K;
    for (long a = 0; a < h->nado; a++) {
        const unsigned char *na = h->idx + (size_t)a * K;
        int level = 0;
        double damp = 0;
        for (int k = 0; k < K; k++) {
            level += na[k];
            damp += na[k] * h->nu[k];
        }
        int cls = level & 1;
        double M[NB * NB];
        memcpy(M, h->sys[cls], sizeof M);
        for (int m = 0; m < NB; m++)
            M[m + NB * m] -= damp;
        NEQ_TRY(push_block(t, a, a, M, 1, trace_row));
        memcpy(key, na, (size_t)K);
        for (int k = 0; k < K; k++) {
            if (level < h->depth) { /* rho_{n + e_k} */
                key[k]++;
                long b = find_ado(h, key);
                key[k]--;
                if (b >= 0)
                    NEQ_TRY(push_block(t, a, b, h->up[h->bath[k]][cls], 1, trace_row));
            }
            if (na[k] > 0) { /* n_k rho_{n - e_k} */
                key[k]--;
                long b = find_ado(h, key);
                key[k]++;
                if (b >= 0)
                    NEQ_TRY(push_block(t, a, b, h->down + ((size_t)k * 2 + cls) * NB * NB,
                                       na[k], trace_row));
            }
        }
    }
    if (trace_row)
        for (int m = 0; m < 4; m++) /* the diagonal basis elements: trace 1 each */
            NEQ_TRY(push(t, 0, m, 1));
    return NEQ_OK;
}

static void triplets_free(triplets *t)
{
    free(t->ri);
    free(t->ci);
    free(t->v);
}

/* rho from the 8 coefficients of class cls */
static void to_matrix(int cls, const double *x, double complex *rho)
{
    memset(rho, 0, sizeof *rho * 16);
    for (int m = 0; m < NB; m++) {
        double complex F[16];
        basis_element(cls, m, F);
        for (int k = 0; k < 16; k++)
            rho[k] += x[m] * F[k];
    }
}

static double trace_prod(const double complex *A, const double complex *B)
{
    double complex t = 0;
    for (int i = 0; i < 4; i++)
        for (int k = 0; k < 4; k++)
            t += A[i + 4 * k] * B[k + 4 * i];
    return creal(t);
}

/* J_j into the qubits (header): from rho_0 and the first-tier ADOs */
static void heat(const hierarchy *h, const double *x, double *J)
{
    unsigned char key[2 * (MAX_TERMS + 1)] = {0};
    double complex rho[16], ado[16], t1[16], t2[16], C[16];
    to_matrix(0, x, rho);
    for (int j = 0; j < 2; j++) {
        double v = 0, imc = 0;
        for (int k = 0; k < h->K; k++) {
            if (h->bath[k] != j)
                continue;
            imc += cimag(h->c[k]);
            key[k] = 1;
            long b = find_ado(h, key);
            key[k] = 0;
            if (b < 0)
                continue;
            to_matrix(1, x + NB * b, ado);
            v -= h->nu[k] * trace_prod(h->X[j], ado);
        }
        v += 2 * imc; /* Tr{X^2 rho} = 1 */
        /* the terminator's part: -delta_j Tr{[[Q, X], X] rho} */
        neq_mat_mul(4, h->Q, h->X[j], t1);
        neq_mat_mul(4, h->X[j], h->Q, t2);
        for (int k = 0; k < 16; k++)
            C[k] = t1[k] - t2[k]; /* [Q, X] */
        neq_mat_mul(4, C, h->X[j], t1);
        neq_mat_mul(4, h->X[j], C, t2);
        for (int k = 0; k < 16; k++)
            t1[k] -= t2[k];
        v -= h->delta[j] * trace_prod(t1, rho);
        J[j] = v;
    }
}

/* ||A x - b||_inf relative to ||A||_inf ||x||_inf; a solution that is not
 * finite is a singular system */
static int residual_of(long n, const triplets *t, const double *x, const double *b,
                       double *residual)
{
    double *r = calloc((size_t)n, sizeof *r), *rowsum = calloc((size_t)n, sizeof *rowsum);
    double xm = 0, am = 0, rm = 0;
    int rc = (!r || !rowsum) ? neq_fail(NEQ_ENOMEM, "HEOM: no memory for the residual") : NEQ_OK;
    for (long k = 0; !rc && k < t->n; k++) {
        r[t->ri[k]] += t->v[k] * x[t->ci[k]];
        rowsum[t->ri[k]] += fabs(t->v[k]);
    }
    for (long k = 0; !rc && k < n; k++) {
        xm = fmax(xm, fabs(x[k]));
        am = fmax(am, rowsum[k]);
        rm = fmax(rm, fabs(r[k] - b[k]));
        if (!isfinite(x[k]))
            rc = neq_fail(NEQ_ENONUNIQUE, "HEOM: the solve is singular to working precision");
    }
    *residual = rm / fmax(am * xm, 1e-300);
    free(r);
    free(rowsum);
    return rc;
}

static int solve_sparse(long n, const triplets *t, double *x, double *b, double *residual)
{
    if (t->n > INT_MAX || n > INT_MAX) /* UMFPACK's di interface counts in int */
        return neq_fail(NEQ_EDIM, "HEOM: %ld nonzeros are beyond UMFPACK's int indices: use "
                                  "the Krylov solver", t->n);
    int *Ap = malloc(sizeof *Ap * (size_t)(n + 1)), *Ai = malloc(sizeof *Ai * (size_t)t->n);
    double *Ax = malloc(sizeof *Ax * (size_t)t->n);
    void *sym = NULL, *num = NULL;
    int rc = NEQ_OK;
    if (!Ap || !Ai || !Ax)
        rc = neq_fail(NEQ_ENOMEM, "HEOM: no memory for the sparse matrix");
    double control[UMFPACK_CONTROL], info[UMFPACK_INFO];
    umfpack_di_defaults(control);
    /* the hierarchy couples n to n +- e_k both ways: structurally symmetric */
    control[UMFPACK_STRATEGY] = UMFPACK_STRATEGY_SYMMETRIC;
    if (!rc && umfpack_di_triplet_to_col((int)n, (int)n, (int)t->n, t->ri, t->ci, t->v, Ap, Ai,
                                         Ax, NULL) != UMFPACK_OK)
        rc = neq_fail(NEQ_ENOMEM, "HEOM: UMFPACK could not convert the matrix");
    if (!rc) {
        int st = umfpack_di_symbolic((int)n, (int)n, Ap, Ai, Ax, &sym, control, info);
        if (st == UMFPACK_OK)
            st = umfpack_di_numeric(Ap, Ai, Ax, sym, &num, control, info);
        if (st == UMFPACK_WARNING_singular_matrix)
            rc = neq_fail(NEQ_ENONUNIQUE, "HEOM: the hierarchy's steady state is not unique");
        else if (st == UMFPACK_ERROR_out_of_memory)
            rc = neq_fail(NEQ_ENOMEM, "HEOM: UMFPACK ran out of memory (%ld unknowns)", n);
        else if (st != UMFPACK_OK)
            rc = neq_fail(NEQ_ECONVERGE, "HEOM: UMFPACK failed (status %d)", st);
    }
    if (!rc && umfpack_di_solve(UMFPACK_A, Ap, Ai, Ax, x, b, num, control, info) != UMFPACK_OK)
        rc = neq_fail(NEQ_ECONVERGE, "HEOM: UMFPACK's solve failed");
    if (!rc)
        rc = residual_of(n, t, x, b, residual);
    umfpack_di_free_symbolic(&sym);
    umfpack_di_free_numeric(&num);
    free(Ap);
    free(Ai);
    free(Ax);
    return rc;
}

/* The same system by restarted GMRES, or BiCGStab, (PETSc) with an
 * ILU(levels) preconditioner in reverse Cuthill-McKee order (in the natural
 * order ILU(0) breaks down and ILU(2) is ten times slower; rho_0's
 * populations may have no diagonal, hence the shift), then iterative
 * refinement. */
static int solve_krylov(long n, const triplets *t, double *x, double *b, double *residual,
                        int *iterations, int levels, int bicgstab)
{
    PetscInt *nnz = calloc((size_t)n, sizeof *nnz);
    if (!nnz)
        return neq_fail(NEQ_ENOMEM, "HEOM: no memory for GMRES");
    for (long k = 0; k < t->n; k++)
        nnz[t->ri[k]]++;
    int rc = neq_petsc_enter();
    if (rc) {
        free(nnz);
        return rc;
    }
    Mat A = NULL;
    Vec vb = NULL, vx = NULL;
    KSP ksp = NULL;
    PC pc;
    KSPConvergedReason why = KSP_CONVERGED_ITERATING;
    PetscInt its = 0;
    int fail = MatCreateSeqAIJ(PETSC_COMM_SELF, (PetscInt)n, (PetscInt)n, 0, nnz, &A) != 0;
    for (long k = 0; !fail && k < t->n; k++) {
        PetscInt r = t->ri[k], c = t->ci[k];
        PetscScalar v = t->v[k];
        fail = MatSetValues(A, 1, &r, 1, &c, &v, INSERT_VALUES) != 0;
    }
    fail = fail || MatAssemblyBegin(A, MAT_FINAL_ASSEMBLY) || MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY) ||
           VecCreateSeqWithArray(PETSC_COMM_SELF, 1, (PetscInt)n, b, &vb) ||
           VecCreateSeqWithArray(PETSC_COMM_SELF, 1, (PetscInt)n, x, &vx) ||
           KSPCreate(PETSC_COMM_SELF, &ksp) || KSPSetOperators(ksp, A, A) ||
           KSPSetType(ksp, bicgstab ? KSPBCGS : KSPGMRES) ||
           (!bicgstab && KSPGMRESSetRestart(ksp, 200)) ||
           KSPSetPCSide(ksp, PC_RIGHT) || KSPGetPC(ksp, &pc) || PCSetType(pc, PCILU) ||
           PCFactorSetLevels(pc, levels) || PCFactorSetShiftType(pc, MAT_SHIFT_NONZERO) ||
           PCFactorSetMatOrderingType(pc, MATORDERINGRCM) ||
           KSPSetTolerances(ksp, 1e-13, 0, PETSC_DEFAULT, 20000) || KSPSolve(ksp, vb, vx) ||
           KSPGetConvergedReason(ksp, &why) || KSPGetIterationNumber(ksp, &its);
    /* GMRES's recurrence overstates how small the true residual is on
     * these ill-conditioned systems: iterative refinement with the same
     * preconditioner, A d = b - A x, until the true residual stops falling */
    double *rr = fail || why <= 0 ? NULL : malloc(sizeof *rr * (size_t)n * 2), last = INFINITY;
    /* each round needs only to gain digits on a residual already small: a
     * loose relative tolerance, and a round that fails leaves x as it is
     * (the solve above converged; the residual is measured afterwards) */
    if (rr && KSPSetTolerances(ksp, 1e-6, 0, PETSC_DEFAULT, 2000))
        rr = (free(rr), NULL);
    for (int round = 0; rr && round < 4; round++) {
        double *d = rr + n, rm = 0;
        memcpy(rr, b, sizeof *rr * (size_t)n);
        for (long k = 0; k < t->n; k++)
            rr[t->ri[k]] -= t->v[k] * x[t->ci[k]];
        for (long k = 0; k < n; k++)
            rm = fmax(rm, fabs(rr[k]));
        if (!(rm < 0.5 * last))
            break;
        last = rm;
        Vec vr = NULL, vd = NULL;
        PetscInt more = 0;
        memset(d, 0, sizeof *d * (size_t)n);
        KSPConvergedReason step = KSP_CONVERGED_ITERATING;
        int bad = VecCreateSeqWithArray(PETSC_COMM_SELF, 1, (PetscInt)n, rr, &vr) ||
                  VecCreateSeqWithArray(PETSC_COMM_SELF, 1, (PetscInt)n, d, &vd) ||
                  KSPSolve(ksp, vr, vd) || KSPGetConvergedReason(ksp, &step) ||
                  KSPGetIterationNumber(ksp, &more);
        VecDestroy(&vr);
        VecDestroy(&vd);
        if (bad || step <= 0)
            break;
        its += more;
        for (long k = 0; k < n; k++)
            x[k] += d[k];
    }
    free(rr);
    if (fail)
        rc = neq_fail(NEQ_ELAPACK, "HEOM: PETSc's GMRES failed (%ld unknowns)", n);
    else if (why <= 0)
        rc = neq_fail(NEQ_ECONVERGE, "HEOM: GMRES did not converge on %ld unknowns in %d "
                                     "iterations (PETSc reason %d)", n, (int)its, (int)why);
    KSPDestroy(&ksp);
    VecDestroy(&vb);
    VecDestroy(&vx);
    MatDestroy(&A);
    neq_petsc_leave();
    free(nnz);
    *iterations = (int)its;
    if (!rc)
        rc = residual_of(n, t, x, b, residual);
    return rc;
}

int neq_heom_steady(const neq_baths_params *p, const neq_heom_settings *s, neq_heom_result *r)
{
    neq_clear_error();
    if (!r)
        return neq_fail(NEQ_EINVAL, "HEOM: result is NULL");
    hierarchy h;
    NEQ_TRY(hierarchy_build(p, s, &h));
    triplets t = {0};
    long n = NB * h.nado;
    double *x = calloc((size_t)n, sizeof *x), *b = calloc((size_t)n, sizeof *b);
    int rc = (!x || !b) ? neq_fail(NEQ_ENOMEM, "HEOM: no memory for %ld unknowns", n)
                        : assemble(&h, 1, &t);
    int its = 0;
    if (!rc) {
        b[0] = 1;
        int direct = s->solver == NEQ_HEOM_DIRECT || (s->solver == NEQ_HEOM_AUTO && n <= DIRECT_MAX);
        if (direct)
            rc = solve_sparse(n, &t, x, b, &r->residual);
        else {
            /* ILU(0) is the fastest (19448 ADOs: 0.8 s), but GMRES breaks
             * down on it at even depths, where BiCGStab does not (3003
             * ADOs: 0.5 s, against 1.3 s with ILU(2)); ILU(2) is sturdier;
             * the direct solve is the last resort where it fits */
            rc = solve_krylov(n, &t, x, b, &r->residual, &its, 0, 0);
            for (int retry = 0; retry < 2 && (rc == NEQ_ECONVERGE || rc == NEQ_ELAPACK);
                 retry++) { /* a breakdown, or a factor PETSc could not make */
                memset(x, 0, sizeof *x * (size_t)n);
                rc = solve_krylov(n, &t, x, b, &r->residual, &its, retry ? 2 : 0, !retry);
            }
            if ((rc == NEQ_ECONVERGE || rc == NEQ_ELAPACK) && n <= 4 * DIRECT_MAX) {
                memset(x, 0, sizeof *x * (size_t)n);
                rc = solve_sparse(n, &t, x, b, &r->residual);
                its = 0;
            }
        }
    }
    if (!rc) {
        to_matrix(0, x, r->rho);
        heat(&h, x, r->heat_current);
        r->n_ados = h.nado;
        r->iterations = its;
        r->unknowns = n;
        r->purity = 0;
        for (int k = 0; k < 16; k++)
            r->purity += creal(r->rho[k] * conj(r->rho[k]));
        rc = neq_concurrence(r->rho, &r->concurrence);
    }
    triplets_free(&t);
    free(x);
    free(b);
    hierarchy_free(&h);
    return rc;
}

double neq_heom_current_scale(const neq_baths_params *p)
{
    if (!p)
        return NAN;
    return 4 * p->lambda * fmax(p->gamma1, p->gamma2) *
           (fabs(p->eps1) + fabs(p->eps2) + fabs(p->K) + fabs(p->Kp));
}

/* the largest change of C and of J (relative to max |J|, or to 1e-6 of the
 * current scale where J vanishes) between two results */
static double change(const neq_baths_params *p, const neq_heom_result *a,
                     const neq_heom_result *b)
{
    double js = fmax(fmax(fabs(a->heat_current[0]), fabs(a->heat_current[1])),
                     fmax(1e-6 * neq_heom_current_scale(p), 1e-300));
    double dj = fmax(fabs(a->heat_current[0] - b->heat_current[0]),
                     fabs(a->heat_current[1] - b->heat_current[1])) / js;
    return fmax(fabs(a->concurrence - b->concurrence), dj);
}

int neq_heom_converge(const neq_baths_params *p, neq_heom_expansion kind, int terminator,
                      double tol, long max_ados, neq_heom_settings *reached, neq_heom_result *r,
                      double *chg)
{
    neq_clear_error();
    if (!reached || !r || !chg)
        return neq_fail(NEQ_EINVAL, "neq_heom_converge: NULL argument");
    if (!(tol > 0) || isinf(tol))
        return neq_fail(NEQ_EINVAL, "HEOM convergence: tolerance %g must be finite and > 0", tol);
    if (max_ados < 1)
        return neq_fail(NEQ_EINVAL, "HEOM convergence: max_ados %ld must be >= 1", max_ados);
    neq_heom_settings s = {kind, 1, 2, terminator, NEQ_HEOM_AUTO};
    neq_heom_result cur, more_terms, more_depth;
    NEQ_TRY(neq_heom_steady(p, &s, &cur));
    *chg = INFINITY;
    for (;;) {
        neq_heom_settings st = s, sd = s;
        st.nterms++;
        sd.depth++;
        long nt = neq_heom_count(2 * (st.nterms + 1), st.depth);
        long nd = neq_heom_count(2 * (sd.nterms + 1), sd.depth);
        if (nt < 0 || nd < 0 || nt > max_ados || nd > max_ados || st.nterms > MAX_TERMS ||
            sd.depth > MAX_DEPTH) {
            *reached = s;
            *r = cur;
            return neq_fail(NEQ_ECONVERGE, "HEOM: not converged to %g within %ld auxiliary "
                                           "operators (%d exponentials per bath, depth %d: the "
                                           "last change %.3g)", tol, max_ados, s.nterms + 1,
                            s.depth, *chg);
        }
        int rt = neq_heom_steady(p, &st, &more_terms);
        int rd = rt ? rt : neq_heom_steady(p, &sd, &more_depth);
        if (rd == NEQ_ECONVERGE || rd == NEQ_ENOMEM || rd == NEQ_EDIM) {
            /* the next hierarchy is beyond the solvers: report how far it got */
            char why[200];
            snprintf(why, sizeof why, "%s", neq_errdetail());
            *reached = s;
            *r = cur;
            return neq_fail(NEQ_ECONVERGE, "HEOM: not converged to %g: the next hierarchy failed "
                                           "(%s); %d exponentials per bath, depth %d: the last "
                                           "change %.3g", tol, why, s.nterms + 1, s.depth, *chg);
        }
        if (rd)
            return rd;
        double ct = change(p, &cur, &more_terms), cd = change(p, &cur, &more_depth);
        *chg = fmax(ct, cd);
        if (ct < tol && cd < tol) {
            /* the finer of the two is reported: both agree with cur to tol */
            *reached = nt >= nd ? st : sd;
            *r = nt >= nd ? more_terms : more_depth;
            return NEQ_OK;
        }
        if (ct >= cd) {
            s = st;
            cur = more_terms;
        } else {
            s = sd;
            cur = more_depth;
        }
    }
}

/* ------------------------------------------------------------ evolution */

typedef struct {
    long n;
    const int *Ap, *Ai;
    const double *Ax;
} csc;

static int rhs(double t, const double y[], double f[], void *params)
{
    (void)t;
    const csc *A = params;
    memset(f, 0, sizeof *f * (size_t)A->n);
    for (long c = 0; c < A->n; c++) {
        double yc = y[c];
        if (yc == 0)
            continue;
        for (int k = A->Ap[c]; k < A->Ap[c + 1]; k++)
            f[A->Ai[k]] += A->Ax[k] * yc;
    }
    return GSL_SUCCESS;
}

int neq_heom_evolve(const neq_baths_params *p, const neq_heom_settings *s,
                    const double complex *rho0, int nt, const double *t, double complex *rho_t)
{
    neq_clear_error();
    if (!rho0 || !t || !rho_t || nt < 1)
        return neq_fail(NEQ_EINVAL, "neq_heom_evolve: bad arguments");
    for (int k = 0; k < nt; k++)
        if (!isfinite(t[k]) || t[k] < 0 || (k && t[k] < t[k - 1]))
            return neq_fail(NEQ_EINVAL, "HEOM evolution: times must be finite, >= 0 and "
                                        "increasing (t[%d] = %g)", k, t[k]);
    /* rho0 in the even sector, Hermitian */
    double x0[NB];
    for (int m = 0; m < NB; m++) {
        double complex F[16];
        basis_element(0, m, F);
        x0[m] = trace_prod(F, rho0);
    }
    double complex back[16];
    to_matrix(0, x0, back);
    for (int k = 0; k < 16; k++)
        if (!(cabs(back[k] - rho0[k]) <= 1e-12))
            return neq_fail(NEQ_EINVAL, "HEOM evolution: rho0 must be Hermitian and commute with "
                                        "sz1 sz2 (no coherence between |00>,|11> and |01>,|10>)");
    hierarchy h;
    NEQ_TRY(hierarchy_build(p, s, &h));
    triplets tr = {0};
    long n = NB * h.nado;
    int rc = assemble(&h, 0, &tr);
    int *Ap = NULL, *Ai = NULL;
    double *Ax = NULL, *y = NULL;
    if (!rc) {
        Ap = malloc(sizeof *Ap * (size_t)(n + 1));
        Ai = malloc(sizeof *Ai * (size_t)tr.n);
        Ax = malloc(sizeof *Ax * (size_t)tr.n);
        y = calloc((size_t)n, sizeof *y);
        if (!Ap || !Ai || !Ax || !y)
            rc = neq_fail(NEQ_ENOMEM, "HEOM evolution: no memory for %ld unknowns", n);
    }
    if (!rc && umfpack_di_triplet_to_col((int)n, (int)n, (int)tr.n, tr.ri, tr.ci, tr.v, Ap, Ai,
                                         Ax, NULL) != UMFPACK_OK)
        rc = neq_fail(NEQ_ENOMEM, "HEOM evolution: could not convert the matrix");
    if (!rc) {
        csc A = {n, Ap, Ai, Ax};
        gsl_odeiv2_system sys = {rhs, NULL, (size_t)n, &A};
        gsl_odeiv2_driver *drv =
            gsl_odeiv2_driver_alloc_y_new(&sys, gsl_odeiv2_step_rk8pd, 1e-3, 1e-10, 1e-10);
        if (!drv)
            rc = neq_fail(NEQ_ENOMEM, "HEOM evolution: no memory for the integrator");
        memcpy(y, x0, sizeof x0);
        double now = 0;
        for (int k = 0; !rc && k < nt; k++) {
            if (t[k] > now) {
                int st = gsl_odeiv2_driver_apply(drv, &now, t[k], y);
                if (st != GSL_SUCCESS)
                    rc = neq_fail(NEQ_ECONVERGE, "HEOM evolution: the integrator failed at "
                                                 "t = %g (GSL status %d)", now, st);
            }
            if (!rc)
                to_matrix(0, y, rho_t + 16 * (size_t)k);
        }
        if (drv)
            gsl_odeiv2_driver_free(drv);
    }
    free(Ap);
    free(Ai);
    free(Ax);
    free(y);
    triplets_free(&tr);
    hierarchy_free(&h);
    return rc;
}
