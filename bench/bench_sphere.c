/* Issue 12's sphere benchmark, neqent's side: two qubits outside a SiC
 * sphere at omega = 1.6e14 rad/s (in the reststrahlen band), tolerance 1e-8,
 * the time of neq_em_tensors_at (best of repeats) and every tensor entry,
 * which bench/sphere.py computes independently (bench/sphere_ref.py).
 * Radii from 1 um to 1 mm at a 0.1 R gap and at a fixed 1 um gap show how
 * the cost grows with the number of multipoles (~ 11 R/gap).
 * usage: bench_sphere  (one JSON object per case, one per line) */
#include "neqent/neqent.h"

#include <stdio.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static void print_tensor(const char *key, double complex X[2][2][3][3])
{
    printf("\"%s\": [", key);
    const double complex *x = &X[0][0][0][0];
    for (int k = 0; k < 36; k++)
        printf("%s[%.17g, %.17g]", k ? ", " : "", creal(x[k]), cimag(x[k]));
    printf("]");
}

int main(void)
{
    const double w = 1.6e14;
    /* radius, then the qubits relative to the centre (m) */
    struct {
        double R, r1[3], r2[3];
    } cases[] = {
        {1e-6, {0, 0, 1.1e-6}, {0.25e-6, 0, 1.1e-6}},             /* the target case */
        {1e-6, {0.3e-6, -0.2e-6, 1.2e-6}, {-0.9e-6, 0.4e-6, 0.6e-6}}, /* fully 3D */
        {10e-6, {0, 0, 11e-6}, {2.5e-6, 0, 11e-6}},
        {10e-6, {0, 0, 11e-6}, {0.25e-6, 0, 11e-6}},              /* gap 1 um */
        {100e-6, {0, 0, 101e-6}, {0.25e-6, 0, 101e-6}},
        {1e-3, {0, 0, 1.001e-3}, {0.25e-6, 0, 1.001e-3}},
    };
    neq_material *sic = NULL;
    if (neq_material_sic(&sic))
        return fprintf(stderr, "%s\n", neq_errdetail()), 1;
    neq_em_workspace *ws = NULL;
    if (neq_em_workspace_alloc(&ws))
        return fprintf(stderr, "%s\n", neq_errdetail()), 1;
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        neq_body *b = NULL;
        if (neq_body_sphere(sic, cases[k].R, (const double[3]){0, 0, 0}, &b))
            return fprintf(stderr, "%s\n", neq_errdetail()), 1;
        neq_em_options o = neq_em_options_rel(1e-8);
        neq_em_tensors t;
        double best = 1e300;
        for (int r = 0; r < 10; r++) {
            double t0 = now();
            if (neq_em_tensors_at(b, w, cases[k].r1, cases[k].r2, &o, ws, &t))
                return fprintf(stderr, "%s\n", neq_errdetail()), 1;
            double dt = now() - t0;
            best = dt < best ? dt : best;
        }
        printf("{\"R\": %.17g, \"omega\": %.17g, \"r1\": [%.17g, %.17g, %.17g], "
               "\"r2\": [%.17g, %.17g, %.17g], \"ms\": %.5f, \"multipoles\": %d, ",
               cases[k].R, w, cases[k].r1[0], cases[k].r1[1], cases[k].r1[2], cases[k].r2[0],
               cases[k].r2[1], cases[k].r2[2], best * 1e3, t.nevals);
        print_tensor("g_R", t.g_R);
        printf(", ");
        print_tensor("alpha_M", t.alpha_M);
        printf(", ");
        print_tensor("alpha_W", t.alpha_W);
        printf("}\n");
        neq_body_free(b);
    }
    neq_em_workspace_free(ws);
    neq_material_free(sic);
    return 0;
}
