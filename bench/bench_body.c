/* Body-model benchmark, C side (driven by bench/body.py).
 * (1) the Fig. 4(a) map at 100 x 100 points (z2 in [0.1, 2.5] um, T_M in
 *     [30, 6000] K), geometry-dependent work (alpha, Lambda) once per z2;
 * (2) per point, at the paper's geometry: steady state + concurrence with
 *     the model reused (what a temperature sweep costs).
 * Prints JSON. */
#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <time.h>

#include "neqent/nearbody.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(void)
{
    openblas_set_num_threads(1);
    neq_material *sic;
    neq_body *b;
    neq_material_sic(&sic);
    neq_body_slab(sic, 0.01e-6, &b);
    double best_map = 1e30, t_geo = 0, Cmax = 0;
    for (int rep = 0; rep < 3; rep++) {
        double t0 = now(), tg = 0;
        for (int i = 0; i < 100; i++) {
            neq_nb_geometry g;
            neq_nb_default_geometry(&g);
            g.pos[1][2] = (0.1 + 2.4 * i / 99) * 1e-6;
            double tg0 = now();
            neq_nb_model *m;
            neq_nb_model_alloc(b, &g, NULL, &m);
            tg += now() - tg0;
            for (int k = 0; k < 100; k++) {
                neq_nb_result r;
                neq_nb_steady(m, 30, 30 * pow(200.0, k / 99.0), 0, NULL, &r);
                Cmax = r.concurrence > Cmax ? r.concurrence : Cmax;
            }
            neq_nb_model_free(m);
        }
        double t = now() - t0;
        if (t < best_map) {
            best_map = t;
            t_geo = tg;
        }
    }
    neq_nb_geometry g;
    neq_nb_default_geometry(&g);
    neq_nb_model *m;
    neq_nb_model_alloc(b, &g, NULL, &m);
    double best_pt = 1e30;
    for (int rep = 0; rep < 5; rep++) {
        double t0 = now();
        for (int k = 0; k < 400; k++) {
            neq_nb_result r;
            neq_nb_steady(m, 30, 100 + k, 0, NULL, &r);
        }
        double t = (now() - t0) / 400;
        best_pt = t < best_pt ? t : best_pt;
    }
    printf("{\"map_100x100_s\": %.4f, \"map_geometry_s\": %.4f, \"map_Cmax\": %.6f, "
           "\"per_point_us\": %.3f}\n", best_map, t_geo, Cmax, best_pt * 1e6);
    neq_nb_model_free(m);
    neq_body_free(b);
    neq_material_free(sic);
    return 0;
}
