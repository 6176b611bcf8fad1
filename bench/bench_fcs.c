/* Issue 14's benchmark, neqent's side, at the two-bath default point
 * (eps = 1/3, K = 1, T1 = 1.5, T2 = 0.5, global ME), one core:
 *   - a steady state (neq_baths_steady) for scale;
 *   - the counting statistics of bath 1's heat: the generator, neq_fcs_alloc,
 *     the first three cumulants and S(omega) at ten frequencies;
 *   - the LNEL coefficients exactly (neq_baths_lnel_exact) and by finite
 *     differences (neq_baths_lnel_fd).
 * Best of repeats, in microseconds; one JSON object on stdout. */
#include "neqent/neqent.h"

#include <stdio.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

#define BEST(var, reps, body)                                                                      \
    do {                                                                                           \
        var = 1e300;                                                                               \
        for (int r_ = 0; r_ < (reps); r_++) {                                                      \
            double t0_ = now();                                                                    \
            body;                                                                                  \
            double dt_ = now() - t0_;                                                              \
            var = dt_ < var ? dt_ : var;                                                           \
        }                                                                                          \
    } while (0)

int main(void)
{
    neq_baths_params p;
    neq_baths_default(&p);
    neq_baths_result res;
    double t_ss, t_fcs, t_ex, t_fd, k[3], S[10];
    const double W[10] = {0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8};
    int rc = 0;
    BEST(t_ss, 200, rc |= neq_baths_steady(&p, &res));
    BEST(t_fcs, 200, {
        neq_gksl *g = NULL;
        neq_fcs *f = NULL;
        rc |= neq_baths_generator(&p, &g);
        rc |= neq_fcs_alloc(g, NULL, &f);
        rc |= neq_fcs_cumulants(f, res.rho, 0, 3, k);
        rc |= neq_fcs_noise_spectrum(f, res.rho, 0, 10, W, S);
        neq_fcs_free(f);
        neq_gksl_free(g);
    });
    neq_baths_lnel_result a, b;
    BEST(t_ex, 100, rc |= neq_baths_lnel_exact(&p, 1.0, &a));
    BEST(t_fd, 20, rc |= neq_baths_lnel_fd(&p, 1.0, &b));
    if (rc)
        return fprintf(stderr, "%s\n", neq_errdetail()), 1;
    printf("{\"steady_us\": %.3f, \"fcs_us\": %.3f, \"lnel_exact_us\": %.3f, \"lnel_fd_us\": %.3f, "
           "\"kappa\": [%.17g, %.17g, %.17g], \"S\": [", t_ss * 1e6, t_fcs * 1e6, t_ex * 1e6,
           t_fd * 1e6, k[0], k[1], k[2]);
    for (int w = 0; w < 10; w++)
        printf("%s%.17g", w ? ", " : "", S[w]);
    printf("]}\n");
    return 0;
}
