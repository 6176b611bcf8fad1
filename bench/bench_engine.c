/* Engine benchmark, C side (driven by bench/engine.py).
 *
 * Reads generators from a binary file (float64 little-endian):
 *   npoints, then per point: H (16 complex as re,im pairs), njumps, and per
 *   jump: group, rate, L (16 complex).
 * Times, per point, (a) neqent: generator + Liouvillian plan + steady state
 * + concurrence + heat currents, and (b) the floor: one bare LAPACK zgesv of
 * the 16 x 16 complex system (superoperator with its first row replaced by
 * the trace condition), matrix prepared outside the timing.
 * Writes rho, C, J1, J2 of every point to the output file for comparison. */
#define LAPACK_COMPLEX_C99
#include <cblas.h>
#include <lapacke.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "neqent/neqent.h"

typedef struct {
    double complex H[16];
    int nj;
    int group[32];
    double rate[32];
    double complex L[32][16];
} gen;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* The generator of point p and its Liouvillian plan. */
static void build(const gen *G, neq_gksl **g, neq_liouvillian **L)
{
    neq_gksl_alloc(4, g);
    neq_gksl_set_hamiltonian(*g, G->H);
    for (int j = 0; j < G->nj; j++)
        neq_gksl_add_jump(*g, G->group[j], G->rate[j], G->L[j]);
    neq_liouvillian_alloc(*g, L);
}

static int rd(FILE *f, double *x, size_t n) { return fread(x, sizeof *x, n, f) == n ? 0 : -1; }

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: bench_engine GENERATORS OUT REPEATS\n");
        return 2;
    }
    openblas_set_num_threads(1);
    FILE *f = fopen(argv[1], "rb");
    if (!f)
        return 1;
    double x;
    if (rd(f, &x, 1))
        return 1;
    int np = (int)x, reps = atoi(argv[3]);
    gen *G = calloc((size_t)np, sizeof *G);
    for (int p = 0; p < np; p++) {
        if (rd(f, (double *)G[p].H, 32) || rd(f, &x, 1))
            return 1;
        G[p].nj = (int)x;
        for (int j = 0; j < G[p].nj; j++) {
            double gr[2];
            if (rd(f, gr, 2) || rd(f, (double *)G[p].L[j], 32))
                return 1;
            G[p].group[j] = (int)gr[0];
            G[p].rate[j] = gr[1];
        }
    }
    fclose(f);
    double complex(*rho)[16] = malloc(sizeof *rho * (size_t)np);
    double *C = malloc(sizeof *C * (size_t)np), *J = malloc(sizeof *J * 2 * (size_t)np);

    /* floor input: the 16 x 16 complex system with row 0 <- trace functional */
    double complex(*A)[256] = malloc(sizeof *A * (size_t)np);
    neq_steady_workspace *ws = NULL; /* scratch, reused over every point (all d = 4) */
    for (int p = 0; p < np; p++) {
        neq_gksl *g;
        neq_liouvillian *L;
        build(&G[p], &g, &L);
        if (p == 0 && neq_steady_workspace_alloc(L, &ws) != 0)
            return 1;
        neq_liouvillian_matrix(L, A[p]);
        for (int k = 0; k < 16; k++)
            A[p][0 + 16 * k] = (k % 5 == 0) ? 1.0 : 0.0;
        neq_liouvillian_free(L);
        neq_gksl_free(g);
    }
    /* Rounds alternate the two measurements; the minimum over rounds of each
     * per-point time is reported (robust to interference on a shared VM). */
    double t_neq = 1e30, t_floor = 1e30, maxdiff = 0;
    double complex W[256], b[16];
    lapack_int ipiv[16];
    for (int r = 0; r < reps; r++) {
        double t0 = now();
        for (int p = 0; p < np; p++) {
            neq_gksl *g;
            neq_liouvillian *L;
            build(&G[p], &g, &L);
            if (neq_steady_state(L, NULL, ws, rho[p], NULL) != 0)
                fprintf(stderr, "point %d: %s\n", p, neq_errdetail());
            neq_concurrence(rho[p], &C[p]);
            neq_heat_currents(L, rho[p], J + 2 * p);
            neq_liouvillian_free(L);
            neq_gksl_free(g);
        }
        double t1 = now();
        for (int p = 0; p < np; p++) {
            memcpy(W, A[p], sizeof W);
            memset(b, 0, sizeof b);
            b[0] = 1;
            LAPACKE_zgesv(LAPACK_COL_MAJOR, 16, 1, W, 16, ipiv, b, 16);
            if (r == 0)
                for (int k = 0; k < 16; k++) {
                    double dd = cabs(b[k] - rho[p][k]);
                    maxdiff = dd > maxdiff ? dd : maxdiff;
                }
        }
        double t2 = now();
        if ((t1 - t0) / np < t_neq)
            t_neq = (t1 - t0) / np;
        if ((t2 - t1) / np < t_floor)
            t_floor = (t2 - t1) / np;
    }

    FILE *o = fopen(argv[2], "wb");
    for (int p = 0; p < np; p++) {
        fwrite(rho[p], sizeof(double complex), 16, o);
        fwrite(&C[p], sizeof(double), 1, o);
        fwrite(J + 2 * p, sizeof(double), 2, o);
    }
    fclose(o);
    printf("{\"neqent_us\": %.4f, \"zgesv_us\": %.4f, \"neqent_vs_zgesv_maxdiff\": %.3g}\n",
           t_neq * 1e6, t_floor * 1e6, maxdiff);
    neq_steady_workspace_free(ws);
    free(G);
    free(rho);
    free(C);
    free(J);
    free(A);
    return 0;
}
