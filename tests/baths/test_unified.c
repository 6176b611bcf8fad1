/* The unified (partial-secular) master equation, --me unified
 * (neq_davies_build_clustered; Trushechkin, PRA 103, 062226 (2021)),
 * against the equations it must reduce to, each built another way:
 *   - the global (Davies) equation, to 1e-12, when every coupled Bohr gap
 *     exceeds 100 times the relaxation rate (nothing is clustered);
 *   - the local equation (sigma_j^-, rates at eps_j) as K -> 0 at
 *     eps1 = eps2: the difference falls like K;
 *   - complete positivity on 1000 random cases (every Kossakowski term
 *     positive semidefinite) and a positive steady state; the smallest
 *     entropy production is printed: clustering rates at the cluster's
 *     mean frequency can break the second law when the clustered
 *     frequencies' occupations differ (docs/physics.md);
 *   - Bloch-Redfield, where it is positive: while clustered, no worse than
 *     twice the local equation's error; once the gaps are resolved the
 *     steady states differ by O(gamma) (log-log slope 1, within 0.2). */
#include "check.h"
#include "neqent/neqent.h"

#include <math.h>
#include <string.h>

static double urand(void)
{
    static unsigned long long s = 4242;
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(s >> 11) / 9007199254740992.0;
}

static double rho_diff(const neq_baths_result *a, const neq_baths_result *b)
{
    double m = 0;
    for (int k = 0; k < 16; k++)
        m = fmax(m, cabs(a->rho[k] - b->rho[k]));
    return m;
}

static void reduces_to_global(void)
{
    for (int trial = 0; trial < 20; trial++) {
        neq_baths_params p;
        neq_baths_default(&p);
        p.eps1 = 0.5 + urand();
        p.eps2 = p.eps1 + 0.4 + urand();
        p.K = 0.2 + 0.5 * urand();
        p.Kp = 0.3 * (urand() - 0.5);
        p.gamma1 = p.gamma2 = 1e-5 * (1 + urand());
        p.T1 = 0.3 + urand();
        p.T2 = 0.3 + urand();
        double width;
        int nc;
        p.me = NEQ_ME_UNIFIED;
        CHECK_RC(neq_baths_unified_clusters(&p, &width, &nc), 0);
        CHECK(width < 1e-2); /* the gaps (> 0.1) exceed 10 widths, 100 relaxation rates */
        neq_baths_result u, g;
        CHECK_RC(neq_baths_steady(&p, &u), 0);
        p.me = NEQ_ME_GLOBAL;
        CHECK_RC(neq_baths_steady(&p, &g), 0);
        CHECK_CLOSE(rho_diff(&u, &g), 0, 1e-12);
        CHECK_CLOSE(u.heat_current[0], g.heat_current[0], 1e-12 * fabs(g.heat_current[0]) + 1e-20);
    }
}

static void reduces_to_local(void)
{
    double prev = NAN;
    for (int k = 0; k < 4; k++) {
        neq_baths_params p;
        neq_baths_default(&p);
        p.eps1 = p.eps2 = 1;
        p.K = 1e-3 / pow(10, k);
        p.gamma1 = p.gamma2 = 0.05;
        p.me = NEQ_ME_UNIFIED;
        neq_baths_result u, l, g;
        CHECK_RC(neq_baths_steady(&p, &u), 0);
        p.me = NEQ_ME_LOCAL;
        CHECK_RC(neq_baths_steady(&p, &l), 0);
        p.me = NEQ_ME_GLOBAL;
        CHECK_RC(neq_baths_steady(&p, &g), 0);
        double d = rho_diff(&u, &l) + fabs(u.heat_current[0] - l.heat_current[0]);
        /* the global equation misses it badly (a heat current of order gamma
         * through the collective states, however small K) */
        CHECK(fabs(g.heat_current[0]) > 100 * fabs(u.heat_current[0]));
        if (k > 0)
            CHECK(d < 0.2 * prev); /* O(K): a tenth per decade (measured) */
        prev = d;
    }
    CHECK(prev < 1e-5);
}

static void completely_positive(void)
{
    int worst_cp = 1;
    double worst_sigma = INFINITY, worst_eig = INFINITY;
    for (int trial = 0; trial < 1000; trial++) {
        neq_baths_params p;
        neq_baths_default(&p);
        p.eps1 = 0.05 + 2 * urand();
        p.eps2 = trial % 3 ? 0.05 + 2 * urand() : p.eps1 + 1e-3 * urand();
        p.K = 2 * urand() - 1;
        p.Kp = urand() - 0.5;
        p.gamma1 = 0.01 + urand();
        p.gamma2 = 0.01 + urand();
        p.T1 = 0.1 + 2 * urand();
        p.T2 = 0.1 + 2 * urand();
        p.spectral = trial % 2 ? NEQ_SPECTRAL_OHMIC : NEQ_SPECTRAL_FLAT;
        p.me = NEQ_ME_UNIFIED;
        neq_gksl *g = NULL;
        CHECK_RC(neq_baths_generator(&p, &g), 0);
        worst_cp &= neq_gksl_is_completely_positive(g);
        neq_gksl_free(g);
        neq_baths_result r;
        CHECK_RC(neq_baths_steady(&p, &r), 0);
        worst_eig = fmin(worst_eig, r.info.min_eigenvalue);
        worst_sigma = fmin(worst_sigma, r.entropy_production);
    }
    CHECK(worst_cp);
    CHECK(worst_eig > -1e-12);
    printf("  unified, 1000 random cases: completely positive %s, smallest eigenvalue of rho "
           "%.2e, smallest entropy production %.2e\n", worst_cp ? "always" : "NOT always",
           worst_eig, worst_sigma);
}

/* qubits 0.02 apart, K = 0.01: unified vs Redfield as gamma falls.  While
 * the Bohr gaps are within 10 relaxation rates they are clustered and the
 * error is that of treating them as degenerate (no worse than twice the
 * local equation's); once resolved, the error against gamma on a log-log
 * scale has slope 1 */
static void against_redfield(void)
{
    for (int k = 0; k < 3; k++) {
        neq_baths_params p;
        neq_baths_default(&p);
        p.eps1 = 1;
        p.eps2 = 1.02;
        p.K = 0.01;
        p.gamma1 = p.gamma2 = 0.02 / pow(4, k);
        p.T1 = 1.2;
        p.T2 = 0.6;
        neq_baths_result u, r, l;
        p.me = NEQ_ME_UNIFIED;
        CHECK_RC(neq_baths_steady(&p, &u), 0);
        p.me = NEQ_ME_REDFIELD;
        CHECK_RC(neq_baths_steady(&p, &r), 0);
        p.me = NEQ_ME_LOCAL;
        CHECK_RC(neq_baths_steady(&p, &l), 0);
        CHECK(rho_diff(&u, &r) <= 2 * rho_diff(&l, &r));
    }
    double lg[4], le[4];
    for (int k = 0; k < 4; k++) {
        neq_baths_params p;
        neq_baths_default(&p);
        p.eps1 = 1;
        p.eps2 = 1.02;
        p.K = 0.01;
        p.gamma1 = p.gamma2 = 3e-4 / pow(4, k);
        p.T1 = 1.2;
        p.T2 = 0.6;
        p.me = NEQ_ME_UNIFIED;
        neq_baths_result u, r;
        CHECK_RC(neq_baths_steady(&p, &u), 0);
        p.me = NEQ_ME_REDFIELD;
        CHECK_RC(neq_baths_steady(&p, &r), 0);
        CHECK(r.info.min_eigenvalue > -1e-12); /* Redfield positive here */
        lg[k] = log(p.gamma1);
        le[k] = log(rho_diff(&u, &r));
        printf("  gamma %.5f: |rho_unified - rho_redfield| = %.3e\n", p.gamma1, exp(le[k]));
    }
    double slope = (le[3] - le[0]) / (lg[3] - lg[0]);
    CHECK(fabs(slope - 1) < 0.2);
    printf("  log-log slope %.3f (O(gamma): 1)\n", slope);
}

int main(void)
{
    reduces_to_global();
    reduces_to_local();
    completely_positive();
    against_redfield();
    return check_report("unified");
}
