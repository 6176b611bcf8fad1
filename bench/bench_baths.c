/* Two-bath model benchmark, C side (driven by bench/baths.py): the full
 * quantity set (rho, C, S_L, S_vN, purity, J1, J2, sigma) on a T1 x T2 grid.
 * usage: bench_baths NT1 NT2 ROUNDS OUT -> prints microseconds per point
 * (minimum over rounds) and writes the results for comparison. */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "neqent/neqent.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(int argc, char **argv)
{
    if (argc != 5)
        return 2;
    openblas_set_num_threads(1);
    int n1 = atoi(argv[1]), n2 = atoi(argv[2]), rounds = atoi(argv[3]), np = n1 * n2;
    neq_baths_result *r = malloc(sizeof *r * (size_t)np);
    double best = 1e30;
    for (int round = 0; round < rounds; round++) {
        double t0 = now();
        for (int i = 0; i < n1; i++)
            for (int j = 0; j < n2; j++) {
                neq_baths_params p;
                neq_baths_default(&p);
                p.eps1 = 1.3;
                p.eps2 = 0.7;
                p.Kp = 0.2;
                p.T1 = 0.05 + 2.95 * i / (n1 - 1);
                p.T2 = 0.05 + 2.95 * j / (n2 - 1);
                if (neq_baths_steady(&p, &r[i * n2 + j])) {
                    fprintf(stderr, "%s\n", neq_errdetail());
                    return 1;
                }
            }
        double t = (now() - t0) / np;
        best = t < best ? t : best;
    }
    FILE *f = fopen(argv[4], "wb");
    for (int k = 0; k < np; k++) {
        fwrite(r[k].rho, sizeof(double complex), 16, f);
        double q[7] = {r[k].concurrence, r[k].linear_entropy, r[k].von_neumann_entropy,
                       r[k].purity, r[k].heat_current[0], r[k].heat_current[1],
                       r[k].entropy_production};
        fwrite(q, sizeof(double), 7, f);
    }
    fclose(f);
    printf("%.4f\n", best * 1e6);
    free(r);
    return 0;
}
