/* Issue 12's benchmark, neqent's side: one geometry (two qubits at z1 = 1 um,
 * z2 = 1.1 um, r12 = 0.25 um, tolerance 1e-8) for each new body, the time of
 * neq_em_tensors_compute (best of repeats, the pole cache cold) and qubit 1's
 * self term of g_R (zz, xx), which bench/bodies.py computes independently.
 * usage: bench_bodies  (prints one JSON object per body, one per line) */
#include "neqent/neqent.h"

#include <stdio.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(void)
{
    const double cm1 = 2 * NEQ_PI * NEQ_C_LIGHT * 100;
    struct {
        const char *name, *mat, *sub, *sheet;
        double d, w;
    } cases[] = {
        {"sic slab 10 nm (the paper)", "sic", NULL, NULL, 1e-8, 0.3 * 1.495e14},
        {"hbn half-space, upper band", "hbn", "hbn", NULL, 0, 1500 * cm1},
        {"hbn half-space, lower band", "hbn", "hbn", NULL, 0, 805 * cm1},
        {"hbn slab 100 nm, upper band", "hbn", NULL, NULL, 1e-7, 1500 * cm1},
        {"graphene on sio2 100 nm on si-n", "sio2", "si-n:1e25", "graphene:0.2,300,1e13", 1e-7,
         1.5e14},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        neq_material *m = NULL, *s = NULL;
        neq_sheet *g = NULL;
        neq_body *b = NULL;
        if (neq_material_parse(cases[k].mat, &m))
            return fprintf(stderr, "%s\n", neq_errdetail()), 1;
        if (cases[k].sub && neq_material_parse(cases[k].sub, &s))
            return fprintf(stderr, "%s\n", neq_errdetail()), 1;
        int rc = cases[k].d > 0 ? neq_body_multilayer(1, (const neq_material *const *)&m,
                                                      &cases[k].d, s, &b)
                                : neq_body_halfspace(m, &b);
        if (rc == 0 && cases[k].sheet)
            rc = neq_sheet_parse(cases[k].sheet, &g) || neq_body_add_sheet(b, 0, g);
        if (rc)
            return fprintf(stderr, "%s\n", neq_errdetail()), 1;
        neq_em_options o = neq_em_options_rel(1e-8);
        neq_em_tensors t;
        double best = 1e300;
        for (int r = 0; r < 20; r++) {
            double t0 = now();
            if (neq_em_tensors_compute(b, cases[k].w, 1e-6, 1.1e-6, 0.25e-6, &o, NULL, &t))
                return fprintf(stderr, "%s\n", neq_errdetail()), 1;
            double dt = now() - t0;
            best = dt < best ? dt : best;
        }
        printf("{\"name\": \"%s\", \"ms\": %.4f, \"omega\": %.17g, \"gzz\": [%.17g, %.17g], "
               "\"gxx\": [%.17g, %.17g], \"poles\": %d}\n", cases[k].name, best * 1e3,
               cases[k].w, creal(t.g_R[0][0][2][2]), cimag(t.g_R[0][0][2][2]),
               creal(t.g_R[0][0][0][0]), cimag(t.g_R[0][0][0][0]), t.npoles);
        neq_body_free(b);
        neq_sheet_free(g);
        neq_material_free(m);
        neq_material_free(s);
    }
    return 0;
}
