/* Steady states of large generators (include/neqent/sparse.h).
 *
 * L(rho) = -i Heff rho + i rho Heff^+ + sum_k s_k L_k rho L_k^+, with
 * Heff = H - (i/2) sum_k s_k L_k^+ L_k (docs/physics.md, "Liouvillian";
 * s_k = -1 only for a Redfield generator's indefinite terms).  Applied to a
 * matrix unit E_mn it gives entries
 *   (a, n): -i Heff_am,   (m, b): i conj(Heff_bn),   (a, b): s_k L_am conj(L_bn),
 * so the basis elements it couples follow from the operators' nonzeros
 * alone.  Blocks: the pairs (m, n) reached from the populations (m, m)
 * through these entries, forwards and backwards; each is closed under L and
 * under the adjoint (Hermitian conjugation maps a block holding (m, m) to
 * itself), so the real Hermitian basis splits along them.  In that basis a
 * block is a real sparse matrix A; its steady state solves A' x = e_r, A'
 * being A with the population row r replaced by the trace (the population
 * rows of a trace-preserving A sum to zero: one of them is redundant). */
#include "internal_sparse.h"
#include "neqent/linalg.h"
#include "neqent/sparse.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <lapacke.h>
#include <suitesparse/umfpack.h>

static const double SQRT1_2 = 0.70710678118654752440;

/* Blocks up to this many unknowns are factorised (UMFPACK); larger ones
 * are solved by GMRES, which from seven qubits on is the faster and the
 * LU's fill the larger (eight qubits: GMRES 0.4 s and 0.1 GB, LU 23 s and
 * 2 GB: Lambda couples each excitation sector's coherences all to all). */
#define NEQ_SPARSE_DIRECT_MAX 1000
/* Blocks up to this many unknowns are factorised dense (LAPACK): there
 * Lambda fills the LU anyway, and UMFPACK's pivot search and assembly cost
 * more than the flops (five qubits, 252 unknowns: 0.35 ms against 0.9 ms). */
#define NEQ_SPARSE_DENSE_MAX 400

/* ------------------------------------------------------- operators */


static void sop_free(neq_sop *s)
{
    free(s->cp);
    free(s->ri);
    free(s->cv);
    free(s->rp);
    free(s->ci);
    memset(s, 0, sizeof *s);
}

/* The nonzeros of dense A (column-major) into s. */
static int sop_from_dense(int d, const double complex *A, neq_sop *s)
{
    memset(s, 0, sizeof *s);
    long nnz = 0;
    for (long p = 0; p < (long)d * d; p++)
        nnz += A[p] != 0;
    s->cp = malloc(sizeof *s->cp * (size_t)(d + 1));
    s->rp = calloc((size_t)d + 1, sizeof *s->rp);
    s->ri = malloc(sizeof *s->ri * (size_t)(nnz + 1));
    s->ci = malloc(sizeof *s->ci * (size_t)(nnz + 1));
    s->cv = malloc(sizeof *s->cv * (size_t)(nnz + 1));
    if (!s->cp || !s->rp || !s->ri || !s->ci || !s->cv) {
        sop_free(s);
        return neq_fail(NEQ_ENOMEM, "no memory for a sparse operator");
    }
    long k = 0;
    for (int j = 0; j < d; j++) {
        s->cp[j] = (int)k;
        for (int i = 0; i < d; i++)
            if (NEQ_AT(A, d, i, j) != 0) {
                s->ri[k] = i;
                s->cv[k++] = NEQ_AT(A, d, i, j);
                s->rp[i + 1]++;
            }
    }
    s->cp[d] = (int)k;
    for (int i = 0; i < d; i++)
        s->rp[i + 1] += s->rp[i];
    int *fill = malloc(sizeof *fill * (size_t)(d + 1));
    if (!fill) {
        sop_free(s);
        return neq_fail(NEQ_ENOMEM, "no memory for a sparse operator");
    }
    memcpy(fill, s->rp, sizeof *fill * (size_t)(d + 1));
    for (int j = 0; j < d; j++)
        for (int p = s->cp[j]; p < s->cp[j + 1]; p++)
            s->ci[fill[s->ri[p]]++] = j;
    free(fill);
    return NEQ_OK;
}


void neq_sops_free(neq_sops *o)
{
    sop_free(&o->heff);
    for (int k = 0; o->jump && k < o->nj; k++)
        sop_free(&o->jump[k]);
    free(o->jump);
    free(o->sign);
    memset(o, 0, sizeof *o);
}

int neq_sops_build(const neq_gksl *g, neq_sops *o)
{
    int d = g->d, rc = NEQ_OK;
    memset(o, 0, sizeof *o);
    o->d = d;
    o->nj = g->njumps;
    o->jump = calloc((size_t)(o->nj + 1), sizeof *o->jump);
    o->sign = malloc(sizeof *o->sign * (size_t)(o->nj + 1));
    double complex *Heff = calloc((size_t)d * d, sizeof *Heff);
    if (!o->jump || !o->sign || !Heff) {
        free(Heff);
        neq_sops_free(o);
        return neq_fail(NEQ_ENOMEM, "no memory for the generator's operators");
    }
    memcpy(Heff, g->H, sizeof *Heff * (size_t)d * d);
    for (int k = 0; k < g->ngh; k++)
        for (long p = 0; p < (long)d * d; p++)
            Heff[p] += g->gh[k].op[p];
    for (int k = 0; rc == 0 && k < o->nj; k++) {
        o->sign[k] = g->jumps[k].sign;
        rc = sop_from_dense(d, g->jumps[k].op, &o->jump[k]);
        if (rc)
            break;
        /* Heff -= (i/2) s L^+ L, row by row of L: (L^+ L)_ij = sum_a conj(L_ai) L_aj */
        const neq_sop *L = &o->jump[k];
        for (int a = 0; a < d; a++)
            for (int x = L->rp[a]; x < L->rp[a + 1]; x++) {
                int i = L->ci[x];
                double complex li = 0;
                for (int p = L->cp[i]; p < L->cp[i + 1]; p++)
                    if (L->ri[p] == a)
                        li = L->cv[p];
                for (int y = L->rp[a]; y < L->rp[a + 1]; y++) {
                    int j = L->ci[y];
                    double complex lj = 0;
                    for (int p = L->cp[j]; p < L->cp[j + 1]; p++)
                        if (L->ri[p] == a)
                            lj = L->cv[p];
                    NEQ_AT(Heff, d, i, j) -= 0.5 * I * o->sign[k] * conj(li) * lj;
                }
            }
    }
    if (rc == 0)
        rc = sop_from_dense(d, Heff, &o->heff);
    free(Heff);
    if (rc)
        neq_sops_free(o);
    return rc;
}

/* ------------------------------------------------------------ plan */


struct neq_sparse_plan {
    int d, nblocks;
    neq_sblock *b;
    int *slot;  /* d x d: for a pair (i <= j) of a block, its unknown (the Re one) */
    int *owner; /* d x d: the pair's block, -1 outside every block */
    long unknowns, nonzeros;
};

struct neq_sparse_workspace {
    int nmax;
    double complex *acc; /* X = L(F_l) by unknown slot */
    int *touched, *mark;
    double *col, *Ax, *x, *rhs;
    long nnzmax;
    double *dense;   /* n x n A' of a block of at most NEQ_SPARSE_DENSE_MAX, then
                      * its row scales and a residual (n each) */
    lapack_int *piv; /* its LU's row interchanges */
    int iterations; /* of the last GMRES solve */
};

/* The pairs linked to (m, n) (both directions): calls visit(a, b) for each. */
#define FOR_NEIGHBOURS(o, m, n, VISIT)                                                     \
    do {                                                                                   \
        const neq_sop *H_ = &(o)->heff;                                                        \
        for (int p_ = H_->cp[m]; p_ < H_->cp[(m) + 1]; p_++)                               \
            VISIT(H_->ri[p_], n);                                                          \
        for (int p_ = H_->rp[m]; p_ < H_->rp[(m) + 1]; p_++)                               \
            VISIT(H_->ci[p_], n);                                                          \
        for (int p_ = H_->cp[n]; p_ < H_->cp[(n) + 1]; p_++)                               \
            VISIT(m, H_->ri[p_]);                                                          \
        for (int p_ = H_->rp[n]; p_ < H_->rp[(n) + 1]; p_++)                               \
            VISIT(m, H_->ci[p_]);                                                          \
        for (int k_ = 0; k_ < (o)->nj; k_++) {                                             \
            const neq_sop *L_ = &(o)->jump[k_];                                                \
            for (int p_ = L_->cp[m]; p_ < L_->cp[(m) + 1]; p_++)                           \
                for (int q_ = L_->cp[n]; q_ < L_->cp[(n) + 1]; q_++)                       \
                    VISIT(L_->ri[p_], L_->ri[q_]);                                         \
            for (int p_ = L_->rp[m]; p_ < L_->rp[(m) + 1]; p_++)                           \
                for (int q_ = L_->rp[n]; q_ < L_->rp[(n) + 1]; q_++)                       \
                    VISIT(L_->ci[p_], L_->ci[q_]);                                         \
        }                                                                                  \
    } while (0)

/* Column l of block b's real matrix: X = L(F_l) into ws->acc by slot (the
 * pairs a <= b only: X is Hermitian), the slots in ws->touched.  Returns the
 * number of slots touched, or -1 if an entry falls outside the block (a
 * generator of another structure). */
static int column(const neq_sparse_plan *P, int bk, const neq_sops *o, int l, neq_sparse_workspace *ws)
{
    const neq_sblock *B = &P->b[bk];
    int d = P->d, m = B->bi[l], n = B->bj[l], t = B->bt[l], nt = 0, bad = 0;
    /* F_l = sum of (coef, E_mn) terms */
    int tm[2] = {m, n}, tn[2] = {n, m};
    double complex coef[2];
    int nterms = 1;
    if (t == 0)
        coef[0] = 1;
    else if (t == 1)
        coef[0] = coef[1] = SQRT1_2, nterms = 2;
    else
        coef[0] = I * SQRT1_2, coef[1] = -I * SQRT1_2, nterms = 2;
#define EMIT(a, b, v)                                                                      \
    do {                                                                                   \
        int a_ = (a), b_ = (b);                                                            \
        if (a_ <= b_) {                                                                    \
            long pr_ = (long)a_ + (long)b_ * d;                                            \
            if (P->owner[pr_] != bk) {                                                     \
                bad = 1;                                                                   \
            } else {                                                                       \
                int s_ = P->slot[pr_];                                                     \
                if (ws->mark[s_] != l + 1) {                                               \
                    ws->mark[s_] = l + 1;                                                  \
                    ws->acc[s_] = 0;                                                       \
                    ws->touched[nt++] = s_;                                                \
                }                                                                          \
                ws->acc[s_] += (v);                                                        \
            }                                                                              \
        }                                                                                  \
    } while (0)
    for (int e = 0; e < nterms; e++) {
        int mm = tm[e], nn = tn[e];
        double complex c = coef[e];
        const neq_sop *H = &o->heff;
        for (int p = H->cp[mm]; p < H->cp[mm + 1]; p++)
            EMIT(H->ri[p], nn, -I * c * H->cv[p]);
        for (int p = H->cp[nn]; p < H->cp[nn + 1]; p++)
            EMIT(mm, H->ri[p], I * c * conj(H->cv[p]));
        for (int k = 0; k < o->nj; k++) {
            const neq_sop *L = &o->jump[k];
            for (int p = L->cp[mm]; p < L->cp[mm + 1]; p++) {
                double complex lp = c * o->sign[k] * L->cv[p];
                for (int q = L->cp[nn]; q < L->cp[nn + 1]; q++)
                    EMIT(L->ri[p], L->ri[q], lp * conj(L->cv[q]));
            }
        }
    }
#undef EMIT
    return bad ? -1 : nt;
}

/* Real entries of column l from the accumulated X: calls put(row, value). */
#define FOR_REAL_ENTRIES(B, ws, nt, PUT)                                                   \
    for (int z_ = 0; z_ < (nt); z_++) {                                                    \
        int s_ = (ws)->touched[z_];                                                        \
        double complex x_ = (ws)->acc[s_];                                                 \
        if ((B)->bt[s_] == 0) {                                                            \
            PUT(s_, creal(x_));                                                            \
        } else {                                                                           \
            PUT(s_, 2 * SQRT1_2 * creal(x_));                                              \
            PUT(s_ + 1, 2 * SQRT1_2 * cimag(x_));                                          \
        }                                                                                  \
    }

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static void block_free(neq_sblock *B)
{
    free(B->bi);
    free(B->bj);
    free(B->bt);
    free(B->Ap);
    free(B->Ai);
    if (B->symbolic)
        umfpack_di_free_symbolic(&B->symbolic);
}

void neq_sparse_plan_free(neq_sparse_plan *P)
{
    if (!P)
        return;
    for (int k = 0; P->b && k < P->nblocks; k++)
        block_free(&P->b[k]);
    free(P->b);
    free(P->slot);
    free(P->owner);
    free(P);
}

static int ws_alloc(int nmax, neq_sparse_workspace **out)
{
    neq_sparse_workspace *ws = calloc(1, sizeof *ws);
    if (ws) {
        ws->nmax = nmax;
        ws->acc = malloc(sizeof *ws->acc * (size_t)(nmax + 1));
        ws->touched = malloc(sizeof *ws->touched * (size_t)(2 * nmax + 2));
        ws->mark = calloc((size_t)nmax + 1, sizeof *ws->mark);
        ws->col = malloc(sizeof *ws->col * (size_t)(nmax + 1));
        ws->x = malloc(sizeof *ws->x * (size_t)(nmax + 1));
        ws->rhs = malloc(sizeof *ws->rhs * (size_t)(nmax + 1));
        if (nmax <= NEQ_SPARSE_DENSE_MAX) {
            ws->dense = malloc(sizeof *ws->dense * ((size_t)nmax * nmax + 2 * (size_t)nmax + 1));
            ws->piv = malloc(sizeof *ws->piv * (size_t)(nmax + 1));
        }
    }
    if (!ws || !ws->acc || !ws->touched || !ws->mark || !ws->col || !ws->x || !ws->rhs ||
        (nmax <= NEQ_SPARSE_DENSE_MAX && (!ws->dense || !ws->piv))) {
        neq_sparse_workspace_free(ws);
        return neq_fail(NEQ_ENOMEM, "no memory for a sparse workspace (%d unknowns)", nmax);
    }
    *out = ws;
    return NEQ_OK;
}

void neq_sparse_workspace_free(neq_sparse_workspace *ws)
{
    if (!ws)
        return;
    free(ws->acc);
    free(ws->touched);
    free(ws->mark);
    free(ws->col);
    free(ws->Ax);
    free(ws->x);
    free(ws->rhs);
    free(ws->dense);
    free(ws->piv);
    free(ws);
}

/* The blocks: breadth-first from each population not yet reached. */
static int find_blocks(neq_sparse_plan *P, const neq_sops *o)
{
    int d = P->d;
    long dd = (long)d * d;
    int *queue = malloc(sizeof *queue * (size_t)dd);
    if (!queue)
        return neq_fail(NEQ_ENOMEM, "no memory to find the blocks (d = %d)", d);
    for (long p = 0; p < dd; p++)
        P->owner[p] = -1;
    int nb = 0, rc = NEQ_OK;
    for (int s = 0; rc == 0 && s < d; s++) {
        if (P->owner[(long)s + (long)s * d] >= 0)
            continue;
        long head = 0, tail = 0;
        P->owner[(long)s + (long)s * d] = nb;
        queue[tail++] = s + s * d;
#define VISIT(a, b)                                                                        \
    do {                                                                                   \
        long v_pair_ = (long)(a) + (long)(b) * d;                                          \
        if (P->owner[v_pair_] < 0) {                                                       \
            P->owner[v_pair_] = nb;                                                        \
            queue[tail++] = (int)v_pair_;                                                  \
        }                                                                                  \
    } while (0)
        while (head < tail) {
            int pr = queue[head++], m = pr % d, n = pr / d;
            FOR_NEIGHBOURS(o, m, n, VISIT);
        }
#undef VISIT
        /* the block's unknowns: its pairs m <= n, in column order */
        neq_sblock *g = realloc(P->b, sizeof *g * (size_t)(nb + 1));
        if (!g) {
            rc = neq_fail(NEQ_ENOMEM, "no memory for the blocks");
            break;
        }
        P->b = g;
        neq_sblock *B = &P->b[nb];
        memset(B, 0, sizeof *B);
        long cnt = 0;
        for (long h = 0; h < tail; h++)
            cnt += queue[h] % d == queue[h] / d ? 1 : queue[h] % d < queue[h] / d ? 2 : 0;
        if (cnt > 0x3fffffff) {
            rc = neq_fail(NEQ_ENOMEM, "a block of %ld unknowns is too large", cnt);
            break;
        }
        B->bi = malloc(sizeof *B->bi * (size_t)cnt);
        B->bj = malloc(sizeof *B->bj * (size_t)cnt);
        B->bt = malloc(sizeof *B->bt * (size_t)cnt);
        P->nblocks = ++nb;
        if (!B->bi || !B->bj || !B->bt) {
            rc = neq_fail(NEQ_ENOMEM, "no memory for a block of %ld unknowns", cnt);
            break;
        }
        qsort(queue, (size_t)tail, sizeof *queue, cmp_int);
        int k = 0;
        B->rrow = -1;
        for (long h = 0; h < tail; h++) {
            int m = queue[h] % d, n = queue[h] / d;
            if (m > n)
                continue;
            P->slot[queue[h]] = k;
            B->bi[k] = B->bi[k + (m < n)] = m;
            B->bj[k] = B->bj[k + (m < n)] = n;
            B->bt[k] = m == n ? 0 : 1;
            if (m == n && B->rrow < 0)
                B->rrow = k;
            if (m < n)
                B->bt[k + 1] = 2;
            k += m == n ? 1 : 2;
        }
        B->n = k;
        P->unknowns += k;
    }
    free(queue);
    return rc;
}

/* Block bk's pattern of A' (the trace in row rrow) and its symbolic
 * factorisation. */
static int analyse(neq_sparse_plan *P, int bk, const neq_sops *o, neq_sparse_workspace *ws)
{
    neq_sblock *B = &P->b[bk];
    int n = B->n;
    long cap = 16L * n + 16, nnz = 0;
    B->Ap = malloc(sizeof *B->Ap * (size_t)(n + 1));
    B->Ai = malloc(sizeof *B->Ai * (size_t)cap);
    if (!B->Ap || !B->Ai)
        return neq_fail(NEQ_ENOMEM, "no memory for a block pattern");
    memset(ws->mark, 0, sizeof *ws->mark * (size_t)n);
    int *rows = ws->touched + n + 1; /* the real rows of one column */
    for (int l = 0; l < n; l++) {
        B->Ap[l] = (int)nnz;
        int nt = column(P, bk, o, l, ws);
        if (nt < 0)
            return neq_fail(NEQ_EINVAL, "the generator couples a block to the rest");
        int nr = 0;
#define PUT(r, v)                                                                          \
    do {                                                                                   \
        (void)(v);                                                                         \
        if ((r) != B->rrow)                                                                \
            rows[nr++] = (r);                                                              \
    } while (0)
        FOR_REAL_ENTRIES(B, ws, nt, PUT);
#undef PUT
        if (B->bt[l] == 0)
            rows[nr++] = B->rrow; /* the trace */
        qsort(rows, (size_t)nr, sizeof *rows, cmp_int);
        if (nnz + nr > cap) {
            cap = 2 * cap + nr;
            int *g = realloc(B->Ai, sizeof *g * (size_t)cap);
            if (!g)
                return neq_fail(NEQ_ENOMEM, "no memory for a block pattern");
            B->Ai = g;
        }
        for (int z = 0; z < nr; z++)
            if (z == 0 || rows[z] != rows[z - 1])
                B->Ai[nnz++] = rows[z];
        if (nnz > 0x7fffffffL)
            return neq_fail(NEQ_ENOMEM, "a block with more than 2^31 nonzeros");
    }
    B->Ap[n] = (int)nnz;
    P->nonzeros += nnz;
    if (n > NEQ_SPARSE_DIRECT_MAX)
        return NEQ_OK; /* solved by GMRES (krylov.c): its LU would not fit */
    double control[UMFPACK_CONTROL], info[UMFPACK_INFO];
    umfpack_di_defaults(control);
    int st = umfpack_di_symbolic(n, n, B->Ap, B->Ai, NULL, &B->symbolic, control, info);
    if (st == UMFPACK_ERROR_out_of_memory)
        return neq_fail(NEQ_ENOMEM, "UMFPACK: no memory to analyse a block of %d unknowns", n);
    if (st != UMFPACK_OK)
        return neq_fail(NEQ_ELAPACK, "UMFPACK symbolic analysis failed (status %d)", st);
    return NEQ_OK;
}

int neq_sparse_plan_alloc(const neq_gksl *g, neq_sparse_plan **out)
{
    neq_clear_error();
    if (!g || !out)
        return neq_fail(NEQ_EINVAL, "neq_sparse_plan_alloc: NULL argument");
    *out = NULL;
    int d = g->d;
    neq_sparse_plan *P = calloc(1, sizeof *P);
    if (!P)
        return neq_fail(NEQ_ENOMEM, "no memory for a sparse plan");
    P->d = d;
    P->slot = malloc(sizeof *P->slot * (size_t)d * (size_t)d);
    P->owner = malloc(sizeof *P->owner * (size_t)d * (size_t)d);
    neq_sops o;
    int rc = (!P->slot || !P->owner) ? neq_fail(NEQ_ENOMEM, "no memory for a sparse plan (d = %d)", d)
                                     : neq_sops_build(g, &o);
    if (rc) {
        neq_sparse_plan_free(P);
        return rc;
    }
    rc = find_blocks(P, &o);
    int nmax = 0;
    for (int k = 0; k < P->nblocks; k++)
        nmax = P->b[k].n > nmax ? P->b[k].n : nmax;
    neq_sparse_workspace *ws = NULL;
    if (rc == 0)
        rc = ws_alloc(nmax, &ws);
    for (int k = 0; rc == 0 && k < P->nblocks; k++)
        rc = analyse(P, k, &o, ws);
    neq_sparse_workspace_free(ws);
    neq_sops_free(&o);
    if (rc) {
        neq_sparse_plan_free(P);
        return rc;
    }
    *out = P;
    return NEQ_OK;
}

int neq_sparse_plan_info(const neq_sparse_plan *P, int *d, int *nblocks, long *unknowns,
                         long *nonzeros)
{
    neq_clear_error();
    if (!P)
        return neq_fail(NEQ_EINVAL, "neq_sparse_plan_info: NULL plan");
    if (d)
        *d = P->d;
    if (nblocks)
        *nblocks = P->nblocks;
    if (unknowns)
        *unknowns = P->unknowns;
    if (nonzeros)
        *nonzeros = P->nonzeros;
    return NEQ_OK;
}

int neq_sparse_workspace_alloc(const neq_sparse_plan *P, neq_sparse_workspace **out)
{
    neq_clear_error();
    if (!P || !out)
        return neq_fail(NEQ_EINVAL, "neq_sparse_workspace_alloc: NULL argument");
    *out = NULL;
    int nmax = 0;
    for (int k = 0; k < P->nblocks; k++)
        nmax = P->b[k].n > nmax ? P->b[k].n : nmax;
    return ws_alloc(nmax, out);
}

/* ----------------------------------------------------------- solve */

/* The values of A' for block bk from generator operators o, into ws->Ax;
 * *norm2 accumulates ||A'||_F^2. */
static int fill(const neq_sparse_plan *P, int bk, const neq_sops *o, neq_sparse_workspace *ws,
                double *norm2)
{
    const neq_sblock *B = &P->b[bk];
    int n = B->n;
    long nnz = B->Ap[n];
    if (nnz > ws->nnzmax) {
        double *g = realloc(ws->Ax, sizeof *g * (size_t)nnz);
        if (!g)
            return neq_fail(NEQ_ENOMEM, "no memory for a block's values");
        ws->Ax = g;
        ws->nnzmax = nnz;
    }
    memset(ws->mark, 0, sizeof *ws->mark * (size_t)n);
    for (int r = 0; r < n; r++)
        ws->col[r] = 0;
    int *inpat = ws->touched + n + 1; /* rows of the pattern, marked per column */
    for (int r = 0; r < n; r++)
        inpat[r] = -1;
    for (int l = 0; l < n; l++) {
        for (int p = B->Ap[l]; p < B->Ap[l + 1]; p++)
            inpat[B->Ai[p]] = l;
        int nt = column(P, bk, o, l, ws), bad = nt < 0;
#define PUT(r, v)                                                                          \
    do {                                                                                   \
        if ((r) != B->rrow) {                                                              \
            if (inpat[r] != l && (v) != 0)                                                 \
                bad = 1;                                                                   \
            else                                                                           \
                ws->col[r] = (v);                                                          \
        }                                                                                  \
    } while (0)
        if (!bad)
            FOR_REAL_ENTRIES(B, ws, nt, PUT);
#undef PUT
        if (bad)
            return neq_fail(NEQ_EINVAL, "the generator's structure differs from the plan's");
        if (B->bt[l] == 0)
            ws->col[B->rrow] = 1; /* the trace */
        for (int p = B->Ap[l]; p < B->Ap[l + 1]; p++) {
            double v = ws->col[B->Ai[p]];
            ws->Ax[p] = v;
            *norm2 += v * v;
            ws->col[B->Ai[p]] = 0;
        }
    }
    return NEQ_OK;
}

/* neq_column_fn over a plan's block (the distributed assembly, krylov.c):
 * column l's real entries as fill() places them, the marks of column()
 * cleared after, so that a column may be asked for again */
typedef struct {
    const neq_sparse_plan *P;
    int bk;
    const neq_sops *o;
    neq_sparse_workspace *ws;
} column_source;

static int real_column(void *ctx, int l, int *rows, double *vals)
{
    column_source *c = ctx;
    const neq_sblock *B = &c->P->b[c->bk];
    neq_sparse_workspace *ws = c->ws;
    int nt = column(c->P, c->bk, c->o, l, ws), nr = 0;
    if (nt < 0)
        return -1;
#define PUT(r, v)                                                                          \
    do {                                                                                   \
        if ((r) != B->rrow && (v) != 0) {                                                  \
            rows[nr] = (r);                                                                \
            vals[nr++] = (v);                                                              \
        }                                                                                  \
    } while (0)
    FOR_REAL_ENTRIES(B, ws, nt, PUT);
#undef PUT
    for (int z = 0; z < nt; z++)
        ws->mark[ws->touched[z]] = 0;
    if (B->bt[l] == 0) { /* the trace */
        rows[nr] = B->rrow;
        vals[nr++] = 1;
    }
    return nr;
}

/* A' x = e_r for a block of at most NEQ_SPARSE_DENSE_MAX unknowns, dense:
 * rows equilibrated by powers of 2 (exact; as in steady.c: Lambda ~ 1e8
 * Gamma beside rates of 1e-8 Gamma), LU with partial pivoting, one step of
 * iterative refinement against the unscaled A'.  A degenerate kernel shows
 * as negligible pivots of U, counted as for UMFPACK's: NEQ_ENONUNIQUE. */
static int dense_solve(const neq_sblock *B, neq_sparse_workspace *ws, int *null_dim)
{
    int n = B->n;
    double *A = ws->dense, *rs = A + (size_t)n * n, *r = rs + n, *x = ws->x;
    memset(A, 0, sizeof *A * (size_t)n * n);
    for (int k = 0; k < n; k++)
        rs[k] = 0;
    for (int l = 0; l < n; l++)
        for (int p = B->Ap[l]; p < B->Ap[l + 1]; p++) {
            A[B->Ai[p] + (size_t)l * n] = ws->Ax[p];
            rs[B->Ai[p]] = fmax(rs[B->Ai[p]], fabs(ws->Ax[p]));
        }
    for (int k = 0; k < n; k++)
        rs[k] = rs[k] > 0 ? ldexp(1.0, -ilogb(rs[k])) : 1;
    for (int l = 0; l < n; l++)
        for (int k = 0; k < n; k++)
            A[k + (size_t)l * n] *= rs[k];
    lapack_int st = LAPACKE_dgetrf_work(LAPACK_COL_MAJOR, n, n, A, n, ws->piv);
    if (st < 0)
        return neq_fail(NEQ_ELAPACK, "dgetrf failed with info = %d", (int)st);
    double mx = 0;
    int small = 0;
    for (int k = 0; k < n; k++)
        mx = fmax(mx, fabs(A[k + (size_t)k * n]));
    for (int k = 0; k < n; k++)
        small += !(fabs(A[k + (size_t)k * n]) > 1e-12 * mx);
    if (small) {
        *null_dim = 1 + small;
        return neq_fail(NEQ_ENONUNIQUE, "steady state is not unique: kernel dimension about %d "
                                        "(from the LU's pivots)", *null_dim);
    }
    for (int k = 0; k < n; k++)
        x[k] = 0;
    x[B->rrow] = rs[B->rrow];
    for (int it = 0; it < 2; it++) {
        if (it == 1) { /* r = D (e_r - A' x) */
            for (int k = 0; k < n; k++)
                r[k] = 0;
            r[B->rrow] = 1;
            for (int l = 0; l < n; l++)
                for (int p = B->Ap[l]; p < B->Ap[l + 1]; p++)
                    r[B->Ai[p]] -= ws->Ax[p] * ws->rhs[l];
            for (int k = 0; k < n; k++)
                x[k] = rs[k] * r[k];
        }
        st = LAPACKE_dgetrs_work(LAPACK_COL_MAJOR, 'N', n, 1, A, n, ws->piv, x, n);
        if (st != 0)
            return neq_fail(NEQ_ELAPACK, "dgetrs failed with info = %d", (int)st);
        for (int k = 0; k < n; k++) /* rhs: the solution so far */
            x[k] = ws->rhs[k] = it == 0 ? x[k] : ws->rhs[k] + x[k];
    }
    return NEQ_OK;
}

/* the smallest eigenvalue of rho (block by block of its support) */
static int min_eigenvalue(int d, const double complex *rho, double *wmin)
{
    double *w = malloc(sizeof *w * (size_t)d);
    if (!w)
        return neq_fail(NEQ_ENOMEM, "no memory for the eigenvalues of rho");
    int rc = neq_herm_eigvals_blocks(d, rho, w);
    *wmin = rc == 0 ? w[0] : NAN;
    free(w);
    return rc;
}

/* ||L(rho)||_F over all of L, and ||L||-scale: for opt->verify. */
static int full_residual(const neq_sops *o, const double complex *rho, double *res)
{
    int d = o->d;
    size_t dd = (size_t)d * d;
    double complex *X = calloc(dd, sizeof *X), *T = malloc(sizeof *T * dd);
    if (!X || !T) {
        free(X);
        free(T);
        return neq_fail(NEQ_ENOMEM, "no memory for the full residual");
    }
    /* -i Heff rho + i rho Heff^+ */
    const neq_sop *H = &o->heff;
    for (int m = 0; m < d; m++)
        for (int p = H->cp[m]; p < H->cp[m + 1]; p++) {
            int a = H->ri[p];
            double complex h = H->cv[p];
            for (int n = 0; n < d; n++) {
                NEQ_AT(X, d, a, n) += -I * h * NEQ_AT(rho, d, m, n);
                NEQ_AT(X, d, n, a) += I * conj(h) * NEQ_AT(rho, d, n, m);
            }
        }
    for (int k = 0; k < o->nj; k++) {
        const neq_sop *L = &o->jump[k];
        memset(T, 0, sizeof *T * dd); /* T = L rho */
        for (int m = 0; m < d; m++)
            for (int p = L->cp[m]; p < L->cp[m + 1]; p++)
                for (int n = 0; n < d; n++)
                    NEQ_AT(T, d, L->ri[p], n) += L->cv[p] * NEQ_AT(rho, d, m, n);
        for (int n = 0; n < d; n++) /* X += s T L^+ */
            for (int p = L->cp[n]; p < L->cp[n + 1]; p++)
                for (int a = 0; a < d; a++)
                    NEQ_AT(X, d, a, L->ri[p]) += o->sign[k] * NEQ_AT(T, d, a, n) * conj(L->cv[p]);
    }
    double s = 0;
    for (size_t p = 0; p < dd; p++)
        s += creal(X[p] * conj(X[p]));
    *res = sqrt(s);
    free(X);
    free(T);
    return NEQ_OK;
}

static int steady(const neq_sparse_plan *P, const neq_gksl *g, neq_gksl **consume,
                  const neq_sparse_options *opt, neq_sparse_workspace *ws,
                  double complex *rho, neq_steady_info *info);

int neq_sparse_steady(const neq_sparse_plan *P, const neq_gksl *g,
                      const neq_sparse_options *opt, neq_sparse_workspace *ws,
                      double complex *rho, neq_steady_info *info)
{
    return steady(P, g, NULL, opt, ws, rho, info);
}

int neq_sparse_steady_consume(const neq_sparse_plan *P, neq_gksl **g,
                              const neq_sparse_options *opt, neq_sparse_workspace *ws,
                              double complex *rho, neq_steady_info *info)
{
    if (!g) {
        neq_clear_error();
        return neq_fail(NEQ_EINVAL, "neq_sparse_steady_consume: NULL argument");
    }
    int rc = steady(P, *g, g, opt, ws, rho, info);
    neq_gksl_free(*g); /* already freed where the operators were taken */
    *g = NULL;
    return rc;
}

static int steady(const neq_sparse_plan *P, const neq_gksl *g, neq_gksl **consume,
                  const neq_sparse_options *opt, neq_sparse_workspace *ws,
                  double complex *rho, neq_steady_info *info)
{
    neq_clear_error();
    if (!P || !g || !rho)
        return neq_fail(NEQ_EINVAL, "neq_sparse_steady: NULL argument");
    if (g->d != P->d)
        return neq_fail(NEQ_EDIM, "generator of dimension %d for a plan of dimension %d", g->d,
                        P->d);
    static const neq_sparse_options defaults = {1e-10, 0, NEQ_SPARSE_AUTO, 0};
    if (!opt)
        opt = &defaults;
    int d = P->d, rc = NEQ_OK;
    neq_sparse_workspace *own = NULL;
    if (!ws) {
        NEQ_TRY(neq_sparse_workspace_alloc(P, &own));
        ws = own;
    }
    if (info)
        memset(info, 0, sizeof *info);
    if (P->nblocks > 1) {
        neq_sparse_workspace_free(own);
        if (info)
            info->null_dim = P->nblocks;
        return neq_fail(NEQ_ENONUNIQUE, "steady state is not unique: %d blocks hold populations",
                        P->nblocks);
    }
    neq_sops o;
    rc = neq_sops_build(g, &o);
    if (consume) { /* its operators are in o now: its dense matrices go */
        neq_gksl_free(*consume);
        *consume = NULL;
        g = NULL;
    }
    if (rc) {
        neq_sparse_workspace_free(own);
        return rc;
    }
    const neq_sblock *B = &P->b[0];
    int n = B->n;
    double norm2 = 0, res2 = -1;
    void *numeric = NULL;
    double control[UMFPACK_CONTROL], uinfo[UMFPACK_INFO];
    umfpack_di_defaults(control);
    int null_dim = 1, iterative = !B->symbolic || opt->method == NEQ_SPARSE_ITERATIVE;
    int dense = !iterative && opt->method == NEQ_SPARSE_AUTO && n <= NEQ_SPARSE_DENSE_MAX;
    /* across ranks, each builds its own columns: no rank holds the block */
    int assembled = iterative && opt->distributed && neq_krylov_ranks() > 1;
    if (assembled) {
        column_source cs = {P, 0, &o, ws};
        memset(ws->mark, 0, sizeof *ws->mark * (size_t)n);
        memset(ws->x, 0, sizeof *ws->x * (size_t)n);
        rc = neq_krylov_steady_assembled_mpi(B, &o, real_column, &cs, ws->x, &ws->iterations,
                                             &norm2, &res2);
    } else {
        rc = fill(P, 0, &o, ws, &norm2);
    }
    if (assembled) {
        /* solved */
    } else if (rc == 0 && iterative) { /* GMRES (krylov.c) */
        memset(ws->x, 0, sizeof *ws->x * (size_t)n);
        rc = neq_krylov_steady(B, &o, ws->Ax, ws->x, &ws->iterations);
    } else if (rc == 0 && dense) {
        rc = dense_solve(B, ws, &null_dim);
    } else if (rc == 0) {
        int st = umfpack_di_numeric(B->Ap, B->Ai, ws->Ax, B->symbolic, &numeric, control, uinfo);
        if (st == UMFPACK_ERROR_out_of_memory)
            rc = neq_fail(NEQ_ENOMEM, "UMFPACK: no memory to factorise %d unknowns", n);
        else if (st == UMFPACK_WARNING_singular_matrix || (st == UMFPACK_OK &&
                                                           !(uinfo[UMFPACK_RCOND] > 1e-15))) {
            /* a degenerate kernel: its dimension from U's negligible pivots */
            double *Ud = malloc(sizeof *Ud * (size_t)n);
            int small = 1;
            if (Ud && umfpack_di_get_numeric(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                             Ud, NULL, NULL, numeric) == UMFPACK_OK) {
                double mx = 0;
                for (int k = 0; k < n; k++)
                    mx = fmax(mx, fabs(Ud[k]));
                small = 0;
                for (int k = 0; k < n; k++)
                    small += fabs(Ud[k]) <= 1e-12 * mx;
            }
            free(Ud);
            null_dim = 1 + (small > 0 ? small : 1);
            rc = neq_fail(NEQ_ENONUNIQUE, "steady state is not unique: kernel dimension about %d "
                                          "(from the LU's pivots)", null_dim);
        } else if (st != UMFPACK_OK)
            rc = neq_fail(NEQ_ELAPACK, "UMFPACK numeric factorisation failed (status %d)", st);
    }
    if (rc == 0 && !iterative && !dense) {
        memset(ws->rhs, 0, sizeof *ws->rhs * (size_t)n);
        ws->rhs[B->rrow] = 1;
        int st = umfpack_di_solve(UMFPACK_A, B->Ap, B->Ai, ws->Ax, ws->x, ws->rhs, numeric,
                                  control, uinfo);
        if (st != UMFPACK_OK)
            rc = neq_fail(NEQ_ELAPACK, "UMFPACK solve failed (status %d)", st);
    }
    if (numeric)
        umfpack_di_free_numeric(&numeric);
    if (info)
        info->null_dim = null_dim;
    if (rc == 0) {
        /* residual of A (not A'): rows but the trace, and the trace row's,
         * which is minus the other populations' sum */
        double *r = ws->col, s2 = res2; /* across ranks: their sums (krylov.c) */
        if (!assembled) {
            memset(r, 0, sizeof *r * (size_t)n);
            for (int l = 0; l < n; l++)
                for (int p = B->Ap[l]; p < B->Ap[l + 1]; p++)
                    r[B->Ai[p]] += ws->Ax[p] * ws->x[l];
            double popsum = 0;
            s2 = 0;
            for (int k = 0; k < n; k++)
                if (k != B->rrow) {
                    s2 += r[k] * r[k];
                    if (B->bt[k] == 0)
                        popsum += r[k];
                }
            s2 += popsum * popsum;
        }
        memset(rho, 0, sizeof *rho * (size_t)d * (size_t)d);
        double tr = 0;
        for (int k = 0; k < n; k++) {
            int i = B->bi[k], j = B->bj[k];
            if (B->bt[k] == 0) {
                NEQ_AT(rho, d, i, i) = ws->x[k];
                tr += ws->x[k];
            } else if (B->bt[k] == 1) {
                double complex v = SQRT1_2 * (ws->x[k] + I * ws->x[k + 1]);
                NEQ_AT(rho, d, i, j) = v;
                NEQ_AT(rho, d, j, i) = conj(v);
            }
        }
        double scale = sqrt(norm2 > 0 ? norm2 : 1);
        double res = sqrt(s2) / scale;
        if (opt->verify) {
            rc = full_residual(&o, rho, &res);
            res /= scale;
        }
        double wmin = NAN;
        if (rc == 0)
            rc = min_eigenvalue(d, rho, &wmin);
        if (info) {
            info->residual = res;
            info->trace_error = fabs(tr - 1);
            info->min_eigenvalue = wmin;
        }
        if (rc == 0 && wmin < -opt->positivity_tol)
            rc = neq_fail(NEQ_EUNPHYSICAL,
                          "steady state has a negative eigenvalue %.3g (residual %.3g)", wmin, res);
    }
    neq_sops_free(&o);
    neq_sparse_workspace_free(own);
    return rc;
}
