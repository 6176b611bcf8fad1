/* The steady state of a large block by restarted GMRES (PETSc's KSP), for
 * blocks whose LU would fill beyond memory (internal_sparse.h).
 *
 * The preconditioner: A = D + J, D the part of L that maps the coherences
 * between two of Heff's sectors (its connected components: for master
 * equation (1) the excitation numbers) to themselves,
 *   D(X) = -i Heff_a X + i X Heff_b^+,
 * and J the jumps' feeding of one pair of sectors from another.  D is a
 * Sylvester operator, inverted exactly through Heff_a = V_a diag(lambda) V_a^-1:
 *   D^-1(Y) = V_a [(V_a^-1 Y V_b^-+) / (-i lambda_a + i conj(lambda_b))] V_b^+,
 * at the cost of a few products of sector-sized matrices per application
 * (252 x 252 for ten qubits, where the block has 184756 unknowns).  Right
 * preconditioning: GMRES minimises the true residual of A' x = e_r. */
#include "internal_sparse.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <petscksp.h>
#include <pthread.h>
#include <slepcsys.h>
#include <stdlib.h>
#include <string.h>

static const double SQRT1_2 = 0.70710678118654752440;

/* PETSc and SLEPc: initialised once, their errors returned (never
 * printed, never aborting), and not reentrant: one solve at a time. */
static pthread_mutex_t petsc_lock = PTHREAD_MUTEX_INITIALIZER;
static int petsc_ready;

static void petsc_finalize(void)
{
    pthread_mutex_lock(&petsc_lock);
    int done = 0;
    MPI_Finalized(&done); /* a program that started MPI itself has ended it */
    if (petsc_ready && !done)
        SlepcFinalize(); /* PETSc's too: SLEPc started it */
    petsc_ready = 0;
    pthread_mutex_unlock(&petsc_lock);
}

int neq_petsc_enter(void)
{
    pthread_mutex_lock(&petsc_lock);
    if (petsc_ready)
        return NEQ_OK;
    /* no signal handlers (a library's caller owns its signals) and no
     * printing: errors come back as codes */
    PetscOptionsSetValue(NULL, "-no_signal_handler", NULL);
    /* under MPI, each rank starts PETSc on its own: PetscInitialize is
     * collective over PETSC_COMM_WORLD, and the ranks of a sweep reach it
     * at different times, or not at all (a distributed solve names
     * MPI_COMM_WORLD itself) */
    int mpi = 0;
    MPI_Initialized(&mpi);
    if (mpi)
        PETSC_COMM_WORLD = MPI_COMM_SELF;
    if (SlepcInitializeNoArguments() != 0) {
        pthread_mutex_unlock(&petsc_lock);
        return neq_fail(NEQ_ELAPACK, "PETSc/SLEPc could not be initialised");
    }
    PetscPushErrorHandler(PetscReturnErrorHandler, NULL);
    petsc_ready = 1;
    atexit(petsc_finalize); /* MPI's resources released with the process */
    return NEQ_OK;
}

void neq_petsc_leave(void) { pthread_mutex_unlock(&petsc_lock); }

struct neq_sylvester {
    int d, nsec;
    int *sec, *idx;          /* each state's sector and index in it */
    int *size, *start;       /* sectors' sizes and offsets into states */
    int *states;             /* the states, sector by sector */
    double complex **V, **Vi; /* eigenvectors and their inverse, per sector */
    double complex **lam;    /* eigenvalues */
    const neq_sblock *B;
    unsigned char *held;     /* nsec x nsec: the block holds coherences of (a, b) */
    unsigned char *mine;     /* nsec x nsec: the pairs this rank solves (NULL: all) */
    double complex *Y;       /* d x d scratch: Y, then D^-1(Y) */
    double complex *s1, *s2; /* sector-sized scratch */
    int maxsize;
    int failed;
    double complex shift;    /* sigma: (D - sigma)^-1 */
};
typedef struct neq_sylvester sylvester;

static void sylvester_free(sylvester *S)
{
    for (int a = 0; S->V && a < S->nsec; a++) {
        free(S->V[a]);
        free(S->Vi[a]);
        free(S->lam[a]);
    }
    free(S->V);
    free(S->Vi);
    free(S->lam);
    free(S->sec);
    free(S->idx);
    free(S->size);
    free(S->start);
    free(S->states);
    free(S->held);
    free(S->mine);
    free(S->Y);
    free(S->s1);
    free(S->s2);
}

static int find(int *parent, int a)
{
    while (parent[a] != a)
        a = parent[a] = parent[parent[a]];
    return a;
}

/* Heff's sectors and each one's eigendecomposition */
static int sylvester_init(sylvester *S, const neq_sops *o, const neq_sblock *B)
{
    int d = o->d;
    memset(S, 0, sizeof *S);
    S->d = d;
    S->B = B;
    S->sec = malloc(sizeof *S->sec * (size_t)d);
    S->idx = malloc(sizeof *S->idx * (size_t)d);
    S->states = malloc(sizeof *S->states * (size_t)d);
    int *parent = malloc(sizeof *parent * (size_t)d);
    if (!S->sec || !S->idx || !S->states || !parent) {
        free(parent);
        return neq_fail(NEQ_ENOMEM, "no memory for the preconditioner");
    }
    for (int i = 0; i < d; i++)
        parent[i] = i;
    const neq_sop *H = &o->heff;
    for (int j = 0; j < d; j++)
        for (int p = H->cp[j]; p < H->cp[j + 1]; p++) {
            int a = find(parent, H->ri[p]), b = find(parent, j);
            if (a != b)
                parent[a] = b;
        }
    for (int i = 0; i < d; i++)
        S->sec[i] = -1;
    for (int i = 0; i < d; i++) { /* number the sectors in order of their roots */
        int r = find(parent, i);
        if (S->sec[r] < 0)
            S->sec[r] = S->nsec++;
        S->sec[i] = S->sec[r];
    }
    free(parent);
    S->size = calloc((size_t)S->nsec, sizeof *S->size);
    S->start = calloc((size_t)S->nsec + 1, sizeof *S->start);
    S->V = calloc((size_t)S->nsec, sizeof *S->V);
    S->Vi = calloc((size_t)S->nsec, sizeof *S->Vi);
    S->lam = calloc((size_t)S->nsec, sizeof *S->lam);
    if (!S->size || !S->start || !S->V || !S->Vi || !S->lam)
        return neq_fail(NEQ_ENOMEM, "no memory for the preconditioner");
    for (int i = 0; i < d; i++)
        S->idx[i] = S->size[S->sec[i]]++;
    for (int a = 0; a < S->nsec; a++) {
        S->start[a + 1] = S->start[a] + S->size[a];
        S->maxsize = S->size[a] > S->maxsize ? S->size[a] : S->maxsize;
    }
    for (int i = 0; i < d; i++)
        S->states[S->start[S->sec[i]] + S->idx[i]] = i;
    S->held = calloc((size_t)S->nsec * (size_t)S->nsec, 1);
    if (!S->held)
        return neq_fail(NEQ_ENOMEM, "no memory for the preconditioner");
    if (!B) /* the whole space */
        memset(S->held, 1, (size_t)S->nsec * (size_t)S->nsec);
    for (int k = 0; B && k < B->n; k++) {
        int a = S->sec[B->bi[k]], b = S->sec[B->bj[k]];
        S->held[a * S->nsec + b] = S->held[b * S->nsec + a] = 1;
    }
    size_t mm = (size_t)S->maxsize * (size_t)S->maxsize;
    S->Y = calloc((size_t)d * (size_t)d, sizeof *S->Y);
    S->s1 = malloc(sizeof *S->s1 * mm);
    S->s2 = malloc(sizeof *S->s2 * mm);
    lapack_int *ipiv = malloc(sizeof *ipiv * (size_t)S->maxsize);
    if (!S->Y || !S->s1 || !S->s2 || !ipiv) {
        free(ipiv);
        return neq_fail(NEQ_ENOMEM, "no memory for the preconditioner (d = %d)", d);
    }
    int rc = NEQ_OK;
    for (int a = 0; rc == 0 && a < S->nsec; a++) {
        int n = S->size[a];
        size_t nn = (size_t)n * (size_t)n;
        double complex *A = S->s1;
        S->V[a] = malloc(sizeof **S->V * nn);
        S->Vi[a] = malloc(sizeof **S->Vi * nn);
        S->lam[a] = malloc(sizeof **S->lam * (size_t)n);
        if (!S->V[a] || !S->Vi[a] || !S->lam[a]) {
            rc = neq_fail(NEQ_ENOMEM, "no memory for the preconditioner");
            break;
        }
        memset(A, 0, sizeof *A * nn);
        for (int q = 0; q < n; q++) {
            int j = S->states[S->start[a] + q];
            for (int p = H->cp[j]; p < H->cp[j + 1]; p++)
                A[S->idx[H->ri[p]] + (size_t)q * n] = H->cv[p];
        }
        lapack_int info = LAPACKE_zgeev(LAPACK_COL_MAJOR, 'N', 'V', n, A, n, S->lam[a], NULL, 1,
                                        S->V[a], n);
        if (info == 0) {
            memcpy(S->Vi[a], S->V[a], sizeof *A * nn);
            info = LAPACKE_zgetrf(LAPACK_COL_MAJOR, n, n, S->Vi[a], n, ipiv);
            if (info == 0)
                info = LAPACKE_zgetri(LAPACK_COL_MAJOR, n, S->Vi[a], n, ipiv);
        }
        if (info != 0)
            rc = neq_fail(NEQ_ELAPACK, "the preconditioner's eigendecomposition failed "
                                       "(sector of %d states, info %d)", n, (int)info);
    }
    free(ipiv);
    return rc;
}

/* S->Y <- (D - sigma)^-1 S->Y, sector pair by sector pair: the pairs
 * (a, b) the block holds (all of them for the whole space) */
void neq_sylvester_solve(neq_sylvester *S)
{
    int d = S->d;
    for (int a = 0; a < S->nsec; a++)
        for (int b = 0; b < S->nsec; b++) {
            int na = S->size[a], nb = S->size[b];
            if (!S->held[a * S->nsec + b] || (S->mine && !S->mine[a * S->nsec + b]))
                continue;
            double complex *Ysub = S->s1, *T = S->s2;
            for (int q = 0; q < nb; q++)
                for (int p = 0; p < na; p++)
                    Ysub[p + (size_t)q * na] =
                        S->Y[S->states[S->start[a] + p] + (size_t)S->states[S->start[b] + q] * d];
            /* Z = Va^-1 Y Vb^-+ */
            const double complex one = 1, zero = 0;
            cblas_zgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, na, nb, na, &one, S->Vi[a], na,
                        Ysub, na, &zero, T, na);
            cblas_zgemm(CblasColMajor, CblasNoTrans, CblasConjTrans, na, nb, nb, &one, T, na,
                        S->Vi[b], nb, &zero, Ysub, na);
            for (int q = 0; q < nb; q++)
                for (int p = 0; p < na; p++) {
                    double complex den = -I * S->lam[a][p] + I * conj(S->lam[b][q]) - S->shift;
                    Ysub[p + (size_t)q * na] /= den;
                }
            /* X = Va Z Vb^+ */
            cblas_zgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, na, nb, na, &one, S->V[a], na,
                        Ysub, na, &zero, T, na);
            cblas_zgemm(CblasColMajor, CblasNoTrans, CblasConjTrans, na, nb, nb, &one, T, na,
                        S->V[b], nb, &zero, Ysub, na);
            for (int q = 0; q < nb; q++)
                for (int p = 0; p < na; p++)
                    S->Y[S->states[S->start[a] + p] + (size_t)S->states[S->start[b] + q] * d] =
                        Ysub[p + (size_t)q * na];
        }
}

void neq_sylvester_set_shift(neq_sylvester *S, double complex shift) { S->shift = shift; }

static int cmp_score(const void *a, const void *b) /* descending Re nu */
{
    double x = ((const double *)a)[1], y = ((const double *)b)[1];
    return (x < y) - (x > y);
}

static int cmp_freq(const void *a, const void *b)
{
    double x = ((const double *)a)[0], y = ((const double *)b)[0];
    return (x > y) - (x < y);
}

int neq_sylvester_frequencies(const neq_sylvester *S, double width, int kmax, double *freq,
                              int *nfreq)
{
    /* (Im nu, Re nu) of D's eigenvalues nu = -i mu_a + i conj(mu_b) with
     * Im nu >= 0 (L's spectrum is symmetric about the real axis) */
    long n = 0;
    for (int a = 0; a < S->nsec; a++)
        for (int b = 0; b < S->nsec; b++)
            if (S->held[a * S->nsec + b])
                n += (long)S->size[a] * S->size[b];
    double *nu = malloc(sizeof *nu * (size_t)(2 * n + 2));
    if (!nu)
        return neq_fail(NEQ_ENOMEM, "no memory for the frequencies of D");
    long m = 0;
    for (int a = 0; a < S->nsec; a++)
        for (int b = 0; b < S->nsec; b++)
            for (int p = 0; S->held[a * S->nsec + b] && p < S->size[a]; p++)
                for (int q = 0; q < S->size[b]; q++) {
                    double complex v = -I * S->lam[a][p] + I * conj(S->lam[b][q]);
                    if (cimag(v) >= -width) {
                        nu[2 * m] = fabs(cimag(v));
                        nu[2 * m + 1] = creal(v);
                        m++;
                    }
                }
    qsort(nu, (size_t)m, 2 * sizeof *nu, cmp_freq);
    /* clusters of frequencies within width of their neighbours, each
     * scored by its slowest member (compacted in place into nu); the zero
     * frequency's cluster first, then the kmax - 1 slowest others */
    long nc = 0, start = 0;
    while (start < m) {
        long end = start + 1, best = start;
        while (end < m && nu[2 * end] - nu[2 * (end - 1)] <= width) {
            if (nu[2 * end + 1] > nu[2 * best + 1])
                best = end;
            end++;
        }
        double f = nu[2 * start] <= width ? 0 : nu[2 * best], score = nu[2 * best + 1];
        nu[2 * nc] = f, nu[2 * nc + 1] = score;
        nc++;
        start = end;
    }
    *nfreq = 0;
    if (nc > 0 && nu[0] == 0) {
        freq[0] = 0, freq[1] = nu[1];
        *nfreq = 1;
    }
    qsort(nu + 2 * *nfreq, (size_t)(nc - *nfreq), 2 * sizeof *nu, cmp_score);
    for (long c = *nfreq; c < nc && *nfreq < kmax; c++) {
        freq[2 * *nfreq] = nu[2 * c];
        freq[2 * *nfreq + 1] = nu[2 * c + 1];
        (*nfreq)++;
    }
    free(nu);
    return NEQ_OK;
}

int neq_sylvester_alloc(const neq_sops *o, const neq_sblock *B, double complex shift,
                        neq_sylvester **out)
{
    sylvester *S = malloc(sizeof *S);
    if (!S)
        return neq_fail(NEQ_ENOMEM, "no memory for the preconditioner");
    int rc = sylvester_init(S, o, B);
    S->shift = shift;
    if (rc) {
        sylvester_free(S);
        free(S);
        return rc;
    }
    *out = S;
    return NEQ_OK;
}

double complex *neq_sylvester_matrix(neq_sylvester *S) { return S->Y; }

void neq_sylvester_free(neq_sylvester *S)
{
    if (S) {
        sylvester_free(S);
        free(S);
    }
}

/* y (real unknowns) -> x = D^-1 y */
static void sylvester_apply(sylvester *S, const double *y, double *x)
{
    const neq_sblock *B = S->B;
    int d = S->d;
    /* Y = sum_k y_k F_k on the block's pairs */
    for (int k = 0; k < B->n; k++) {
        int m = B->bi[k], n = B->bj[k];
        if (B->bt[k] == 0)
            S->Y[m + (size_t)n * d] = y[k];
        else if (B->bt[k] == 1) {
            double complex v = SQRT1_2 * (y[k] + I * y[k + 1]);
            S->Y[m + (size_t)n * d] = v;
            S->Y[n + (size_t)m * d] = conj(v);
        }
    }
    neq_sylvester_solve(S);
    for (int k = 0; k < B->n; k++) {
        int m = B->bi[k], n = B->bj[k];
        double complex v = S->Y[m + (size_t)n * d];
        if (S->mine && !S->mine[S->sec[m] * S->nsec + S->sec[n]])
            v = 0; /* another rank's pair: its share of the sum */
        if (B->bt[k] == 0)
            x[k] = creal(v);
        else if (B->bt[k] == 1)
            x[k] = 2 * SQRT1_2 * creal(v), x[k + 1] = 2 * SQRT1_2 * cimag(v);
    }
}

int neq_petsc_map(Vec in, Vec out, void (*f)(void *, const double *, double *), void *ctx)
{
    const PetscScalar *x;
    PetscScalar *y;
    PetscCall(VecGetArrayRead(in, &x));
    PetscCall(VecGetArray(out, &y));
    f(ctx, x, y);
    PetscCall(VecRestoreArray(out, &y));
    PetscCall(VecRestoreArrayRead(in, &x));
    return 0;
}

static void pc_map(void *S, const double *y, double *x) { sylvester_apply(S, y, x); }

static PetscErrorCode pc_apply(PC pc, Vec in, Vec out)
{
    sylvester *S;
    PetscCall(PCShellGetContext(pc, &S));
    return neq_petsc_map(in, out, pc_map, S);
}

/* The steady state's GMRES, as both solves run it: restarted every 100,
 * right-preconditioned by the Sylvester operator (apply, on ctx), to 1e-13
 * of the residual in at most 5000 iterations; its reason and count out. */
static PetscErrorCode gmres_solve(MPI_Comm comm, Mat A, Vec b, Vec x,
                                  PetscErrorCode (*apply)(PC, Vec, Vec), void *ctx, KSP *ksp,
                                  KSPConvergedReason *why, PetscInt *its)
{
    PC pc;
    PetscCall(KSPCreate(comm, ksp));
    PetscCall(KSPSetOperators(*ksp, A, A));
    PetscCall(KSPSetType(*ksp, KSPGMRES));
    PetscCall(KSPGMRESSetRestart(*ksp, 100));
    PetscCall(KSPSetPCSide(*ksp, PC_RIGHT));
    PetscCall(KSPGetPC(*ksp, &pc));
    PetscCall(PCSetType(pc, PCSHELL));
    PetscCall(PCShellSetContext(pc, ctx));
    PetscCall(PCShellSetApply(pc, apply));
    PetscCall(KSPSetTolerances(*ksp, 1e-13, 0, PETSC_DEFAULT, 5000));
    PetscCall(KSPSolve(*ksp, b, x));
    PetscCall(KSPGetConvergedReason(*ksp, why));
    return KSPGetIterationNumber(*ksp, its);
}

/* ---------------------------------------------- across MPI ranks */

/* The preconditioner across ranks: the whole vector gathered on every rank
 * (a scatter to all: 5.6 MB at eleven qubits), D^-1 applied by each rank to
 * its own sector pairs (S->mine, shared out by cost), and the pieces summed
 * into each rank's rows (MPI_Reduce_scatter). */
typedef struct {
    sylvester *S;
    VecScatter scat;
    Vec full;          /* the gathered input, every rank */
    double *out;       /* n: this rank's pairs of D^-1 of it, zero elsewhere */
    PetscMPIInt *rows; /* each rank's number of rows */
} dist_pc;

static PetscErrorCode dist_pc_apply(PC pc, Vec in, Vec out)
{
    dist_pc *c;
    PetscCall(PCShellGetContext(pc, &c));
    PetscCall(VecScatterBegin(c->scat, in, c->full, INSERT_VALUES, SCATTER_FORWARD));
    PetscCall(VecScatterEnd(c->scat, in, c->full, INSERT_VALUES, SCATTER_FORWARD));
    const PetscScalar *y;
    PetscScalar *x;
    PetscCall(VecGetArrayRead(c->full, &y));
    sylvester_apply(c->S, y, c->out);
    PetscCall(VecRestoreArrayRead(c->full, &y));
    PetscCall(VecGetArray(out, &x));
    MPI_Reduce_scatter(c->out, x, c->rows, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    PetscCall(VecRestoreArray(out, &x));
    return 0;
}

/* The sector pairs the block holds, shared out among the ranks: the
 * costliest first (a pair (a, b) costs about na nb (na + nb)), each to the
 * least loaded rank.  The same on every rank. */
static int share_pairs(sylvester *S, int size, int rank)
{
    int np = S->nsec * S->nsec;
    S->mine = calloc((size_t)np, 1);
    double *load = calloc((size_t)size, sizeof *load), *cost = malloc(sizeof *cost * (size_t)np);
    int *order = malloc(sizeof *order * (size_t)np);
    if (!S->mine || !load || !cost || !order) {
        free(load), free(cost), free(order);
        return neq_fail(NEQ_ENOMEM, "no memory for the preconditioner");
    }
    for (int k = 0; k < np; k++) {
        double na = S->size[k / S->nsec], nb = S->size[k % S->nsec];
        cost[k] = S->held[k] ? na * nb * (na + nb) : -1;
        order[k] = k;
    }
    for (int i = 1; i < np; i++) /* insertion sort, descending cost (nsec^2 small) */
        for (int j = i; j > 0 && cost[order[j]] > cost[order[j - 1]]; j--) {
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    for (int i = 0; i < np && cost[order[i]] >= 0; i++) {
        int best = 0;
        for (int r = 1; r < size; r++)
            if (load[r] < load[best])
                best = r;
        load[best] += cost[order[i]];
        S->mine[order[i]] = best == rank;
    }
    free(load), free(cost), free(order);
    return NEQ_OK;
}

/* The rank that owns row r under the even split bounds[0..size]. */
static int row_owner(const PetscInt *bounds, int size, PetscInt r)
{
    int a = 0, b = size - 1;
    while (a < b) {
        int c = (a + b + 1) / 2;
        if (bounds[c] <= r)
            a = c;
        else
            b = c - 1;
    }
    return a;
}

/* Every rank's status after a step, so that all take the same branch
 * before the next collective: a rank that failed keeps its own status,
 * the others report the first failure's (NEQ_ELAPACK: not theirs, and not
 * a reason for the CLI to end the job from here). */
static int agree(int rc, const char *what)
{
    int code = rc;
    MPI_Allreduce(MPI_IN_PLACE, &code, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (code && !rc)
        return neq_fail(NEQ_ELAPACK, "another rank failed %s (%s)", what, neq_strerror(code));
    return rc;
}

int neq_krylov_ranks(void)
{
    int ok = 0, size = 1;
    MPI_Initialized(&ok);
    if (ok)
        MPI_Comm_size(MPI_COMM_WORLD, &size);
    return size;
}

/* Assembled across the ranks: each rank computes its own columns of A'
 * (col), and PETSc hands every entry to the rank owning its row, so no rank
 * holds the whole block.  Two passes over the columns: the first counts
 * each row's entries for the preallocation, the second inserts them. */
int neq_krylov_steady_assembled_mpi(const neq_sblock *B, const neq_sops *o, neq_column_fn col,
                                    void *ctx, double *x, int *iterations, double *norm2,
                                    double *res2)
{
    int n = B->n, size = 1, rank = 0;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    PetscInt *bounds = malloc(sizeof *bounds * (size_t)(size + 1));
    PetscMPIInt *counts = malloc(sizeof *counts * (size_t)size);
    int *dcnt = calloc((size_t)n + 1, sizeof *dcnt), *ocnt = calloc((size_t)n + 1, sizeof *ocnt);
    int *rows = malloc(sizeof *rows * (size_t)(n + 1));
    PetscInt *prow = malloc(sizeof *prow * (size_t)(n + 1));
    double *vals = malloc(sizeof *vals * (size_t)(n + 1));
    double *out = malloc(sizeof *out * (size_t)n);
    int rc = (!bounds || !counts || !dcnt || !ocnt || !rows || !prow || !vals || !out)
                 ? neq_fail(NEQ_ENOMEM, "no memory for GMRES (%d unknowns)", n)
                 : NEQ_OK;
    for (int q = 0; rc == 0 && q <= size; q++)
        bounds[q] = (PetscInt)((long)n * q / size);
    for (int q = 0; rc == 0 && q < size; q++)
        counts[q] = (PetscMPIInt)(bounds[q + 1] - bounds[q]);
    PetscInt lo = rc == 0 ? bounds[rank] : 0, hi = rc == 0 ? bounds[rank + 1] : 0, nl = hi - lo;
    for (PetscInt l = lo; rc == 0 && l < hi; l++) { /* pass 1: counts by row */
        int nr = col(ctx, (int)l, rows, vals);
        if (nr < 0) {
            rc = neq_fail(NEQ_EINVAL, "the generator couples a block to the rest");
            break;
        }
        for (int z = 0; z < nr; z++) {
            if (row_owner(bounds, size, rows[z]) == rank)
                dcnt[rows[z]]++;
            else
                ocnt[rows[z]]++;
        }
    }
    /* every rank learns whether one failed before the collectives below */
    if ((rc = agree(rc, "building its columns"))) {
        free(bounds), free(counts), free(dcnt), free(ocnt), free(rows), free(vals), free(out);
        free(prow);
        return rc;
    }
    /* the entries of this rank's rows, summed over the ranks that computed them:
     * the diagonal part counts columns in the owner's range, so a rank's
     * count for row r is diagonal only where it owns r itself */
    PetscInt *d_nnz = malloc(sizeof *d_nnz * (size_t)(nl + 1)),
             *o_nnz = malloc(sizeof *o_nnz * (size_t)(nl + 1));
    int *tot = malloc(sizeof *tot * (size_t)(nl + 1)), *diag = malloc(sizeof *diag * (size_t)(nl + 1));
    int *all = malloc(sizeof *all * (size_t)n);
    rc = !d_nnz || !o_nnz || !tot || !diag || !all
             ? neq_fail(NEQ_ENOMEM, "no memory for GMRES (%d unknowns)", n)
             : NEQ_OK;
    if ((rc = agree(rc, "counting its entries"))) {
        free(d_nnz), free(o_nnz), free(tot), free(diag), free(all);
        free(bounds), free(counts), free(dcnt), free(ocnt), free(rows), free(vals), free(out);
        free(prow);
        return rc;
    }
    /* a row's entries from its owner's own columns are its diagonal part
     * (only the owner counts them in dcnt), the others' its off-diagonal
     * part: the totals and the diagonal counts summed over the ranks */
    for (int r = 0; r < n; r++)
        all[r] = dcnt[r] + ocnt[r];
    MPI_Reduce_scatter(all, tot, counts, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    MPI_Reduce_scatter(dcnt, diag, counts, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    for (PetscInt r = 0; r < nl; r++) {
        d_nnz[r] = diag[r];
        o_nnz[r] = tot[r] - diag[r];
    }
    free(all);
    free(tot);
    free(diag);
    free(dcnt);
    free(ocnt);
    sylvester S;
    memset(&S, 0, sizeof S);
    rc = sylvester_init(&S, o, B);
    if (rc == 0)
        rc = share_pairs(&S, size, rank);
    int locked = rc == 0 && (rc = neq_petsc_enter()) == 0;
    rc = agree(rc, "preparing the preconditioner");
    Mat A = NULL;
    Vec vb = NULL, vx = NULL, vr = NULL;
    KSP ksp = NULL;
    dist_pc c = {&S, NULL, NULL, out, counts};
    KSPConvergedReason why = KSP_CONVERGED_ITERATING;
    PetscInt its = 0;
    double nrm = 0;
    if (rc == 0 && (MatCreate(MPI_COMM_WORLD, &A) || MatSetSizes(A, nl, nl, n, n) ||
                    MatSetType(A, MATMPIAIJ) || MatMPIAIJSetPreallocation(A, 0, d_nnz, 0, o_nnz)))
        rc = neq_fail(NEQ_ELAPACK, "PETSc could not create a block of %d unknowns", n);
    free(d_nnz);
    free(o_nnz);
    rc = agree(rc, "creating the matrix");
    int any = rc != 0;
    /* pass 2: the values; the rows another rank owns are stashed and sent
     * at assembly (a collective: every rank takes part, even after a
     * failure, which it then reports) */
    for (PetscInt l = lo; !any && rc == 0 && l < hi; l++) {
        int nr = col(ctx, (int)l, rows, vals);
        PetscInt cl = l;
        for (int z = 0; z < nr; z++) {
            prow[z] = rows[z];
            nrm += vals[z] * vals[z];
        }
        if (nr < 0 || MatSetValues(A, nr, prow, 1, &cl, vals, INSERT_VALUES))
            rc = neq_fail(NEQ_ELAPACK, "PETSc could not take column %ld", (long)l);
    }
    if (!any && (MatAssemblyBegin(A, MAT_FINAL_ASSEMBLY) || MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY)))
        rc = neq_fail(NEQ_ELAPACK, "PETSc could not assemble a block of %d unknowns", n);
    MPI_Allreduce(MPI_IN_PLACE, &nrm, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    *norm2 = nrm;
    free(rows);
    free(prow);
    free(vals);
    rc = agree(rc, "assembling the matrix");
    if (rc == 0 &&
        (MatCreateVecs(A, &vx, &vb) || VecDuplicate(vb, &vr) || VecSet(vb, 0) ||
         (B->rrow >= lo && B->rrow < hi && VecSetValue(vb, B->rrow, 1.0, INSERT_VALUES)) ||
         VecAssemblyBegin(vb) || VecAssemblyEnd(vb) || VecSet(vx, 0) ||
         VecScatterCreateToAll(vx, &c.scat, &c.full) ||
         gmres_solve(MPI_COMM_WORLD, A, vb, vx, dist_pc_apply, &c, &ksp, &why, &its)))
        rc = neq_fail(NEQ_ELAPACK, "PETSc's distributed GMRES failed on a block of %d unknowns",
                      n);
    if (rc == 0 && why <= 0)
        rc = neq_fail(NEQ_ECONVERGE, "GMRES did not converge on a block of %d unknowns in %d "
                                     "iterations (PETSc reason %d)", n, (int)its, (int)why);
    rc = agree(rc, "in GMRES");
    if (rc == 0) { /* the residual of A (not A'), as neq_sparse_steady's */
        const PetscScalar *r;
        double sums[2] = {0, 0}; /* rows but the trace's; the populations' sum */
        if (MatMult(A, vx, vr) || VecGetArrayRead(vr, &r))
            rc = neq_fail(NEQ_ELAPACK, "PETSc could not form the residual");
        for (PetscInt k = lo; rc == 0 && k < hi; k++)
            if (k != B->rrow) {
                sums[0] += r[k - lo] * r[k - lo];
                if (B->bt[k] == 0)
                    sums[1] += r[k - lo];
            }
        if (rc == 0)
            VecRestoreArrayRead(vr, &r);
        if ((rc = agree(rc, "forming the residual")) == 0)
            MPI_Allreduce(MPI_IN_PLACE, sums, 2, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
        *res2 = sums[0] + sums[1] * sums[1];
    }
    if (rc == 0) { /* the whole solution on every rank */
        const PetscScalar *v;
        if (VecScatterBegin(c.scat, vx, c.full, INSERT_VALUES, SCATTER_FORWARD) ||
            VecScatterEnd(c.scat, vx, c.full, INSERT_VALUES, SCATTER_FORWARD) ||
            VecGetArrayRead(c.full, &v))
            rc = neq_fail(NEQ_ELAPACK, "PETSc could not gather the solution");
        else {
            memcpy(x, v, sizeof *x * (size_t)n);
            VecRestoreArrayRead(c.full, &v);
        }
    }
    KSPDestroy(&ksp);
    VecScatterDestroy(&c.scat);
    VecDestroy(&c.full);
    VecDestroy(&vb);
    VecDestroy(&vx);
    VecDestroy(&vr);
    MatDestroy(&A);
    if (locked)
        neq_petsc_leave();
    if (iterations)
        *iterations = (int)its;
    sylvester_free(&S);
    free(bounds);
    free(counts);
    free(out);
    return rc;
}

int neq_krylov_steady(const neq_sblock *B, const neq_sops *o, const double *Ax, double *x,
                      int *iterations)
{
    int n = B->n;
    long nnz = B->Ap[n];
    /* A' by rows for PETSc (AIJ is CSR) */
    PetscInt *ia = calloc((size_t)n + 1, sizeof *ia), *ja = malloc(sizeof *ja * (size_t)(nnz + 1));
    PetscScalar *a = malloc(sizeof *a * (size_t)(nnz + 1)), *b = calloc((size_t)n, sizeof *b);
    sylvester S;
    memset(&S, 0, sizeof S);
    int rc = (!ia || !ja || !a || !b) ? neq_fail(NEQ_ENOMEM, "no memory for GMRES (%d unknowns)", n)
                                      : sylvester_init(&S, o, B);
    if (rc == 0) {
        for (long p = 0; p < nnz; p++)
            ia[B->Ai[p] + 1]++;
        for (int r = 0; r < n; r++)
            ia[r + 1] += ia[r];
        PetscInt *fill = malloc(sizeof *fill * (size_t)(n + 1));
        if (!fill)
            rc = neq_fail(NEQ_ENOMEM, "no memory for GMRES");
        for (int c = 0; fill && c <= n; c++)
            fill[c] = ia[c];
        for (int c = 0; fill && c < n; c++)
            for (int p = B->Ap[c]; p < B->Ap[c + 1]; p++) {
                ja[fill[B->Ai[p]]] = c;
                a[fill[B->Ai[p]]++] = Ax[p];
            }
        free(fill);
        b[B->rrow] = 1;
    }
    int locked = rc == 0 && (rc = neq_petsc_enter()) == 0;
    Mat A = NULL;
    Vec vb = NULL, vx = NULL;
    KSP ksp = NULL;
    KSPConvergedReason why = KSP_CONVERGED_ITERATING;
    PetscInt its = 0;
    if (rc == 0 &&
        (MatCreateSeqAIJWithArrays(PETSC_COMM_SELF, n, n, ia, ja, a, &A) ||
         VecCreateSeqWithArray(PETSC_COMM_SELF, 1, n, b, &vb) ||
         VecCreateSeqWithArray(PETSC_COMM_SELF, 1, n, x, &vx) ||
         gmres_solve(PETSC_COMM_SELF, A, vb, vx, pc_apply, &S, &ksp, &why, &its)))
        rc = neq_fail(NEQ_ELAPACK, "PETSc's GMRES failed on a block of %d unknowns", n);
    if (rc == 0 && why <= 0)
        rc = neq_fail(NEQ_ECONVERGE, "GMRES did not converge on a block of %d unknowns in %d "
                                     "iterations (PETSc reason %d)", n, (int)its, (int)why);
    KSPDestroy(&ksp);
    VecDestroy(&vb);
    VecDestroy(&vx);
    MatDestroy(&A);
    if (locked)
        neq_petsc_leave();
    if (iterations)
        *iterations = (int)its;
    sylvester_free(&S);
    free(ia);
    free(ja);
    free(a);
    free(b);
    return rc;
}
