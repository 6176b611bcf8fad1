/* Issue 10's benchmark, neqent's side: N qubits in the chain above
 * the paper's slab (x = 0.25 um q, y = 0.1 um (q mod 2), z = 1 um + 0.05 um q,
 * z dipoles, T_W = 30 K, T_M = 1000 K).  Prints one JSON object: the time
 * of the model (electromagnetic functions, plan) and of one steady state on
 * the reused model (the best of several repeats, at least 1 s of them),
 * the peak memory of the process, and the rate matrices Gamma(+-omega) and
 * Lambda, so that QuTiP (bench/array.py) solves the same master equation.
 * usage: bench_array N */
#include "neqent/neqent.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static void matrix(const char *name, int n, const double complex *m)
{
    printf(", \"%s\": [", name);
    for (int i = 0; i < n; i++) {
        printf("%s[", i ? ", " : "");
        for (int j = 0; j < n; j++)
            printf("%s[%.17g, %.17g]", j ? ", " : "", creal(m[i + j * n]), cimag(m[i + j * n]));
        printf("]");
    }
    printf("]");
}

int main(int argc, char **argv)
{
    int N = argc > 1 ? atoi(argv[1]) : 0;
    neq_material *mat;
    neq_body *b;
    neq_nb_geometry g;
    neq_nb_model *m;
    if (N < 1 || N > NEQ_NB_MAX_QUBITS || neq_material_sic(&mat) ||
        neq_body_slab(mat, NEQ_NB_FIG4_DELTA, &b))
        return fprintf(stderr, "usage: bench_array N (1..%d)\n", NEQ_NB_MAX_QUBITS), 2;
    neq_nb_default_geometry(&g);
    g.nq = N;
    for (int q = 0; q < N; q++) {
        g.pos[q][0] = 0.25e-6 * q;
        g.pos[q][1] = 0.1e-6 * (q % 2);
        g.pos[q][2] = 1e-6 + 0.05e-6 * q;
        g.dip[q][0] = g.dip[q][1] = 0;
        g.dip[q][2] = 1;
    }
    double t0 = now();
    if (neq_nb_model_alloc(b, &g, NULL, &m))
        return fprintf(stderr, "bench_array: %s\n", neq_errdetail()), 1;
    double t_model = now() - t0;
    size_t d = (size_t)1 << N;
    double complex *rho = malloc(sizeof *rho * d * d);
    neq_nb_result r;
    double best = 1e300, total = 0;
    int reps = 0;
    while (reps < 3 || (total < 1.0 && reps < 1000)) {
        double t = now();
        if (neq_nb_steady_rho(m, 30, 1000, 0, NULL, rho, &r))
            return fprintf(stderr, "bench_array: %s\n", neq_errdetail()), 1;
        t = now() - t;
        best = t < best ? t : best;
        total += t;
        reps++;
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double complex *aW = malloc(sizeof *aW * N * N), *aM = malloc(sizeof *aM * N * N),
                   *lam = malloc(sizeof *lam * N * N), *gp = malloc(sizeof *gp * N * N),
                   *gm = malloc(sizeof *gm * N * N);
    neq_nb_alpha(m, aW, aM, lam);
    for (int k = 0; k < N * N; k++) { /* eq. (4): per field, emission and absorption */
        gp[k] = (1 + r.n_W) * aW[k] + (1 + r.n_M) * aM[k];
        gm[k] = r.n_W * conj(aW[k]) + r.n_M * conj(aM[k]);
    }
    printf("{\"N\": %d, \"model_s\": %.6g, \"steady_s\": %.6g, \"repeats\": %d, "
           "\"maxrss_kb\": %ld, \"best_pair_concurrence_check\": %.17g",
           N, t_model, best, reps, ru.ru_maxrss, r.pair_concurrence[0][N > 1 ? 1 : 0]);
    matrix("gamma_plus", N, gp);
    matrix("gamma_minus", N, gm);
    matrix("lambda", N, lam);
    printf(", \"rho_diag\": [");
    for (size_t i = 0; i < d; i++)
        printf("%s%.17g", i ? ", " : "", creal(rho[i + i * d]));
    printf("]}\n");
    return 0;
}
