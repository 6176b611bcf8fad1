/* The Liouvillian superoperator, built once per generator
 * (include/neqent/master.h).  Stored as a real matrix in a Hermitian
 * orthonormal basis (internal_master.h): a GKSL generator maps Hermitian
 * matrices to Hermitian matrices, so in that basis it is real, which halves
 * the work of every later solve, and its kernel has the same dimension as
 * the complex one.  Its block structure (groups of basis elements that do
 * not couple, e.g. populations and coherences of a secular generator) is
 * found once, so that solves run block by block. */
#include "internal_master.h"
#include "neqent/linalg.h"

#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const double SQRT1_2 = 0.70710678118654752440;

/* The (at most two) nonzero entries of vec(F_k): positions p[] and values v[]. */
static int basis_vec(const neq_hbasis *b, int d, int p[2], double complex v[2])
{
    if (b->type == 0) {
        p[0] = b->i + b->i * d;
        v[0] = 1;
        return 1;
    }
    p[0] = b->i + b->j * d;
    p[1] = b->j + b->i * d;
    if (b->type == 1) {
        v[0] = SQRT1_2;
        v[1] = SQRT1_2;
    } else {
        v[0] = I * SQRT1_2;
        v[1] = -I * SQRT1_2;
    }
    return 2;
}

void neq_to_hcoef(const neq_liouvillian *L, const double complex *rho, double *c)
{
    int d = L->d;
    for (int k = 0; k < L->n; k++) {
        const neq_hbasis *b = &L->basis[k];
        if (b->type == 0)
            c[k] = creal(NEQ_AT(rho, d, b->i, b->i));
        else if (b->type == 1)
            c[k] = 2 * SQRT1_2 * creal(NEQ_AT(rho, d, b->i, b->j));
        else
            c[k] = 2 * SQRT1_2 * cimag(NEQ_AT(rho, d, b->i, b->j));
    }
}

void neq_from_hcoef(const neq_liouvillian *L, const double *c, double complex *rho)
{
    int d = L->d;
    for (int k = 0; k < L->n; k++) {
        const neq_hbasis *b = &L->basis[k];
        if (b->type == 0)
            NEQ_AT(rho, d, b->i, b->i) = c[k];
        else if (b->type == 1) {
            double complex re = SQRT1_2 * c[k];
            double complex im = SQRT1_2 * c[k + 1];
            NEQ_AT(rho, d, b->i, b->j) = re + I * im;
            NEQ_AT(rho, d, b->j, b->i) = re - I * im;
        }
    }
}

/* Nonzero entries of a d x d operator: positions in column-major order. */
static int nonzeros(int d, const double complex *A, int *nz)
{
    int nnz = 0;
    for (int p = 0; p < d * d; p++)
        if (A[p] != 0)
            nz[nnz++] = p;
    return nnz;
}

/* out += A^+ B restricted to the listed nonzeros of A and B:
 * (A^+ B)_ij = sum_a conj(A_ai) B_aj.  Jump operators of secular generators
 * have one or two nonzeros, where this costs a few flops against the fixed
 * overhead of a BLAS call; dense operators go through zgemm. */
static void add_adj_product(int d, double sign, const double complex *A, const int *nzA, int nA,
                            const double complex *B, const int *nzB, int nB, double complex *out,
                            double complex *scratch)
{
    if ((long)nA * nB > 4L * d * d * d) {
        neq_mat_mul_adj_left(d, A, B, scratch);
        for (int p = 0; p < d * d; p++)
            out[p] += sign * scratch[p];
        return;
    }
    for (int x = 0; x < nA; x++) {
        int a = nzA[x] % d, i = nzA[x] / d;
        double complex ca = sign * conj(A[nzA[x]]);
        for (int y = 0; y < nB; y++)
            if (nzB[y] % d == a)
                NEQ_AT(out, d, i, nzB[y] / d) += ca * B[nzB[y]];
    }
}

/* Complex superoperator S on column-stacked vec(rho):
 * S = -i (I (x) Heff) + i (conj(Heff) (x) I) + sum_k conj(L_k) (x) L_k,
 * with Heff = H - (i/2) sum_k L_k^+ L_k (docs/physics.md, "Liouvillian").
 * Also the heat operators Q_g = D_g^dagger(H)
 *   = sum_{k in g} L_k^+ H L_k - 1/2 {K_g, H},  K_g = sum_{k in g} L_k^+ L_k,
 * so that Tr{H D_g(rho)} = Tr{Q_g rho}. */
static int build_superop(const neq_gksl *g, neq_liouvillian *Lv, double complex *S)
{
    int d = g->d, n = d * d, ng = g->ngroups;
    double complex *buf = calloc((size_t)n * (size_t)(4 + ng), sizeof *buf);
    int *nzi = malloc(sizeof *nzi * (size_t)n);
    int *nzh = malloc(sizeof *nzh * (size_t)n);
    if (ng > 0)
        Lv->Q = calloc((size_t)ng * n, sizeof *Lv->Q);
    if (!buf || !nzi || !nzh || (ng > 0 && !Lv->Q)) {
        free(buf);
        free(nzi);
        free(nzh);
        return neq_fail(NEQ_ENOMEM, "no memory for the Liouvillian");
    }
    double complex *Heff = buf, *HL = buf + n, *scratch = buf + 2 * n, *t2 = buf + 3 * n;
    double complex *K = buf + 4 * n; /* ng blocks */
    memset(S, 0, sizeof *S * (size_t)n * n);
    for (int k = 0; k < g->njumps; k++) {
        const double complex *Lk = g->jumps[k].op;
        int grp = g->jumps[k].group;
        double sg = g->jumps[k].sign;
        int nnz = nonzeros(d, Lk, nzi);
        add_adj_product(d, sg, Lk, nzi, nnz, Lk, nzi, nnz, K + (size_t)grp * n, scratch);
        /* conj(L) (x) L: S[i + j d, kk + l d] += conj(L_jl) L_i,kk */
        for (int a = 0; a < nnz; a++) {
            int j = nzi[a] % d, l = nzi[a] / d;
            double complex cjl = sg * conj(Lk[nzi[a]]);
            for (int b = 0; b < nnz; b++) {
                int i = nzi[b] % d, kk = nzi[b] / d;
                NEQ_AT(S, n, i + j * d, kk + l * d) += cjl * Lk[nzi[b]];
            }
        }
        /* L^+ H L into Q_g: first H L over the nonzeros of L */
        memset(HL, 0, sizeof *HL * (size_t)n);
        for (int b = 0; b < nnz; b++) {
            int bb = nzi[b] % d, j = nzi[b] / d;
            for (int a = 0; a < d; a++)
                NEQ_AT(HL, d, a, j) += NEQ_AT(g->H, d, a, bb) * Lk[nzi[b]];
        }
        int nh = nonzeros(d, HL, nzh);
        add_adj_product(d, sg, Lk, nzi, nnz, HL, nzh, nh, Lv->Q + (size_t)grp * n, scratch);
    }
    memcpy(Heff, g->H, sizeof *Heff * (size_t)n);
    /* group Hamiltonians: in Heff, and i[Hg, H] in that group's Q */
    for (int k = 0; k < g->ngh; k++) {
        const double complex *Hg = g->gh[k].op;
        double complex *Q = Lv->Q + (size_t)g->gh[k].group * n;
        neq_mat_mul(d, Hg, g->H, scratch);
        neq_mat_mul(d, g->H, Hg, t2);
        for (int p = 0; p < n; p++) {
            Heff[p] += Hg[p];
            Q[p] += I * (scratch[p] - t2[p]);
        }
    }
    for (int grp = 0; grp < ng; grp++) {
        double complex *Kg = K + (size_t)grp * n, *Q = Lv->Q + (size_t)grp * n;
        neq_mat_mul(d, Kg, g->H, scratch);
        neq_mat_mul(d, g->H, Kg, t2);
        for (int p = 0; p < n; p++) {
            Q[p] -= 0.5 * (scratch[p] + t2[p]);
            Heff[p] -= 0.5 * I * Kg[p];
        }
    }
    for (int j = 0; j < d; j++)
        for (int i = 0; i < d; i++)
            for (int k = 0; k < d; k++) {
                NEQ_AT(S, n, i + j * d, k + j * d) += -I * NEQ_AT(Heff, d, i, k);
                NEQ_AT(S, n, j + i * d, j + k * d) += I * conj(NEQ_AT(Heff, d, i, k));
            }
    free(nzh);
    free(nzi);
    free(buf);
    return NEQ_OK;
}

static int find_root(int *parent, int x)
{
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

/* Groups basis elements into blocks of M that do not couple.  An entry
 * below 1e-14 of the larger of its row's and its column's largest is
 * rounding noise from eigenvectors and is ignored for the grouping only
 * (the residual is always checked with the full M).  Relative to its own
 * row and column, not to all of M: a population's rates of 1e-6 Gamma_0
 * beside a coherent coupling of 1e9 Gamma_0 elsewhere are no noise. */
static int find_blocks(neq_liouvillian *L)
{
    int n = L->n;
    int *parent = malloc(sizeof *parent * (size_t)n);
    double *rmax = calloc(2 * (size_t)n, sizeof *rmax), *cmax = rmax + n;
    if (!parent || !rmax) {
        free(parent);
        free(rmax);
        return neq_fail(NEQ_ENOMEM, "no memory for the Liouvillian blocks");
    }
    for (int k = 0; k < n; k++)
        parent[k] = k;
    for (int l = 0; l < n; l++)
        for (int k = 0; k < n; k++) {
            double a = fabs(NEQ_AT(L->M, n, k, l)); /* no fmax calls: a hot loop */
            rmax[k] = a > rmax[k] ? a : rmax[k];
            cmax[l] = a > cmax[l] ? a : cmax[l];
        }
    for (int l = 0; l < n; l++)
        for (int k = 0; k < n; k++)
            if (fabs(NEQ_AT(L->M, n, k, l)) > 1e-14 * (rmax[k] > cmax[l] ? rmax[k] : cmax[l])) {
                int a = find_root(parent, k), b = find_root(parent, l);
                if (a != b)
                    parent[a] = b;
            }
    int *label = malloc(sizeof *label * (size_t)n);
    if (!label) {
        free(parent);
        free(rmax);
        return neq_fail(NEQ_ENOMEM, "no memory for the Liouvillian blocks");
    }
    for (int k = 0; k < n; k++)
        label[k] = -1;
    int nb = 0;
    for (int k = 0; k < n; k++) {
        int r = find_root(parent, k);
        if (label[r] < 0)
            label[r] = nb++;
        L->block_of[k] = label[r];
    }
    L->nblocks = nb;
    memset(L->block_start, 0, sizeof *L->block_start * (size_t)(n + 1));
    for (int k = 0; k < n; k++)
        L->block_start[L->block_of[k] + 1]++;
    for (int b = 0; b < nb; b++)
        L->block_start[b + 1] += L->block_start[b];
    int *fill = label; /* reuse */
    for (int b = 0; b < nb; b++)
        fill[b] = L->block_start[b];
    for (int k = 0; k < n; k++)
        L->block_idx[fill[L->block_of[k]]++] = k;
    free(label);
    free(parent);
    free(rmax);
    return NEQ_OK;
}

void neq_liouvillian_free(neq_liouvillian *L)
{
    if (!L)
        return;
    free(L->M);
    free(L->H);
    free(L->Q);
    free(L->basis);
    free(L->block_of);
    free(L->block_start);
    free(L->block_idx);
    free(L);
}

int neq_liouvillian_alloc(const neq_gksl *g, neq_liouvillian **out)
{
    neq_clear_error();
    if (!g || !out)
        return neq_fail(NEQ_EINVAL, "neq_liouvillian_alloc: NULL argument");
    *out = NULL;
    int d = g->d, n = d * d;
    if (d > NEQ_MAX_DIM)
        return neq_fail(NEQ_EDIM, "a dense Liouvillian of dimension %d (> %d) would take %.3g "
                                  "GB: use the sparse solver (sparse.h)", d, NEQ_MAX_DIM,
                        8.0 * n * (double)n / 1e9);
    neq_liouvillian *L = calloc(1, sizeof *L);
    if (!L)
        return neq_fail(NEQ_ENOMEM, "no memory for the Liouvillian");
    L->d = d;
    L->n = n;
    L->ngroups = g->ngroups;
    size_t nn = (size_t)n * n;
    L->M = malloc(sizeof *L->M * nn);
    L->H = malloc(sizeof *L->H * (size_t)n);
    L->basis = malloc(sizeof *L->basis * (size_t)n);
    L->block_of = malloc(sizeof *L->block_of * (size_t)n);
    L->block_start = malloc(sizeof *L->block_start * (size_t)(n + 1));
    L->block_idx = malloc(sizeof *L->block_idx * (size_t)n);
    double complex *S = malloc(sizeof *S * nn);
    int rc = NEQ_OK;
    if (!L->M || !L->H || !L->basis || !L->block_of || !L->block_start || !L->block_idx || !S)
        rc = neq_fail(NEQ_ENOMEM, "no memory for a Liouvillian of dimension %d", d);
    if (rc == 0) {
        memcpy(L->H, g->H, sizeof *L->H * (size_t)n);
        int k = 0;
        for (int i = 0; i < d; i++)
            L->basis[k++] = (neq_hbasis){i, i, 0};
        for (int j = 0; j < d; j++)
            for (int i = 0; i < j; i++) {
                L->basis[k++] = (neq_hbasis){i, j, 1};
                L->basis[k++] = (neq_hbasis){i, j, 2};
            }
        rc = build_superop(g, L, S);
    }
    /* Inverse of the basis map: vec position p lies in at most two basis
     * elements, rp[2p..] with coefficients rv (T_pk). */
    int *rp = malloc(sizeof *rp * 2 * (size_t)n);
    double complex *rv = malloc(sizeof *rv * 2 * (size_t)n);
    int *rn = calloc((size_t)n, sizeof *rn);
    if (rc == 0 && (!rp || !rv || !rn))
        rc = neq_fail(NEQ_ENOMEM, "no memory for the Liouvillian");
    if (rc == 0) {
        for (int k = 0; k < n; k++) {
            int pk[2];
            double complex vk[2];
            int nk = basis_vec(&L->basis[k], d, pk, vk);
            for (int a = 0; a < nk; a++) {
                rp[2 * pk[a] + rn[pk[a]]] = k;
                rv[2 * pk[a] + rn[pk[a]]] = vk[a];
                rn[pk[a]]++;
            }
        }
        /* M_kl = sum_pq conj(T_pk) S_pq T_ql over the nonzeros of S only */
        memset(L->M, 0, sizeof *L->M * nn);
        for (int q = 0; q < n; q++)
            for (int p = 0; p < n; p++) {
                double complex spq = NEQ_AT(S, n, p, q);
                if (spq == 0)
                    continue;
                for (int a = 0; a < rn[p]; a++)
                    for (int b = 0; b < rn[q]; b++)
                        NEQ_AT(L->M, n, rp[2 * p + a], rp[2 * q + b]) +=
                            creal(conj(rv[2 * p + a]) * spq * rv[2 * q + b]);
            }
        double fro = 0;
        for (size_t x = 0; x < nn; x++)
            fro += L->M[x] * L->M[x];
        L->norm = fmax(sqrt(fro), 1e-300);
        rc = find_blocks(L);
    }
    free(rp);
    free(rv);
    free(rn);
    free(S);
    if (rc != 0) {
        neq_liouvillian_free(L);
        return rc;
    }
    *out = L;
    return NEQ_OK;
}

int neq_liouvillian_dim(const neq_liouvillian *L) { return L ? L->d : 0; }
int neq_liouvillian_ngroups(const neq_liouvillian *L) { return L ? L->ngroups : 0; }

int neq_liouvillian_matrix(const neq_liouvillian *L, double complex *S)
{
    neq_clear_error();
    if (!L || !S)
        return neq_fail(NEQ_EINVAL, "neq_liouvillian_matrix: NULL argument");
    int d = L->d, n = L->n;
    /* S = T M T^+ with T the (sparse, unitary) basis-change matrix. */
    memset(S, 0, sizeof *S * (size_t)n * n);
    for (int l = 0; l < n; l++) {
        int pl[2], pk[2];
        double complex vl[2], vk[2];
        int nl = basis_vec(&L->basis[l], d, pl, vl);
        for (int k = 0; k < n; k++) {
            double m = NEQ_AT(L->M, n, k, l);
            if (m == 0)
                continue;
            int nk = basis_vec(&L->basis[k], d, pk, vk);
            for (int a = 0; a < nk; a++)
                for (int b = 0; b < nl; b++)
                    NEQ_AT(S, n, pk[a], pl[b]) += vk[a] * m * conj(vl[b]);
        }
    }
    return NEQ_OK;
}

int neq_liouvillian_spectrum(const neq_liouvillian *L, double complex *eig)
{
    neq_clear_error();
    if (!L || !eig)
        return neq_fail(NEQ_EINVAL, "neq_liouvillian_spectrum: NULL argument");
    int n = L->n;
    /* M is block diagonal in the basis permuted by blocks: its spectrum is
     * the union of the blocks' spectra (dgeev per block). */
    double *A = malloc(sizeof *A * ((size_t)n * n + 2 * (size_t)n));
    if (!A)
        return neq_fail(NEQ_ENOMEM, "no memory for the spectrum");
    double *wr = A + (size_t)n * n, *wi = wr + n;
    lapack_int info = 0;
    int out = 0;
    for (int b = 0; info == 0 && b < L->nblocks; b++) {
        const int *idx = L->block_idx + L->block_start[b];
        int nb = L->block_start[b + 1] - L->block_start[b];
        for (int q = 0; q < nb; q++)
            for (int p = 0; p < nb; p++)
                A[p + q * nb] = NEQ_AT(L->M, n, idx[p], idx[q]);
        if (nb <= 2) {
            /* 1x1 and 2x2 blocks (a secular generator's coherence pairs): the
             * roots of the characteristic polynomial, without the fixed cost
             * of a LAPACK call */
            if (nb == 1) {
                eig[out++] = A[0];
                continue;
            }
            double tr = A[0] + A[3], det = A[0] * A[3] - A[1] * A[2];
            double disc = tr * tr / 4 - det;
            double complex sq = disc >= 0 ? sqrt(disc) : I * sqrt(-disc);
            eig[out++] = tr / 2 + sq;
            eig[out++] = tr / 2 - sq;
            continue;
        }
        info = LAPACKE_dgeev(LAPACK_COL_MAJOR, 'N', 'N', nb, A, nb, wr, wi, NULL, 1, NULL, 1);
        for (int k = 0; info == 0 && k < nb; k++)
            eig[out++] = wr[k] + I * wi[k];
    }
    free(A);
    if (info != 0)
        return neq_fail(NEQ_ELAPACK, "dgeev failed with info = %d", (int)info);
    return NEQ_OK;
}

int neq_liouvillian_gap(const neq_liouvillian *L, double *gap)
{
    neq_clear_error();
    if (!L || !gap)
        return neq_fail(NEQ_EINVAL, "neq_liouvillian_gap: NULL argument");
    double complex *eig = malloc(sizeof *eig * (size_t)L->n);
    if (!eig)
        return neq_fail(NEQ_ENOMEM, "no memory for the spectrum");
    int rc = neq_liouvillian_spectrum(L, eig);
    if (rc == 0) {
        double g = INFINITY, zero = 1e-10 * L->norm;
        for (int k = 0; k < L->n; k++)
            if (cabs(eig[k]) > zero && fabs(creal(eig[k])) < g)
                g = fabs(creal(eig[k]));
        *gap = isfinite(g) ? g : 0.0;
    }
    free(eig);
    return rc;
}

int neq_gksl_gap(const neq_gksl *g, double *gap)
{
    neq_clear_error();
    if (!g || !gap)
        return neq_fail(NEQ_EINVAL, "neq_gksl_gap: NULL argument");
    neq_liouvillian *L = NULL;
    int rc = neq_liouvillian_alloc(g, &L);
    if (rc == 0)
        rc = neq_liouvillian_gap(L, gap);
    neq_liouvillian_free(L);
    return rc;
}
