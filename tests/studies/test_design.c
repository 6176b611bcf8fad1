/* The design search (include/neqent/design.h) against optima known without
 * it:
 *   - Bellomo-Antezza Fig. 4(a): C_max = 0.224136696 at z2 = 1.2623 um,
 *     T_M = 1209.4 K (tests/answers/bellomo-fig4a.txt: a 30-digit nested
 *     search), from random starts: within 1e-4 in at least 18 of 20 seeds
 *     (the 90 %); measured 20 of 20;
 *   - Fig. 3(b): the largest C of eq. (12) over (n_S, n_A) at fixed
 *     Gamma_A/Gamma_S (bellomo-fig3b.txt, mpmath), within 1e-4;
 *   - two baths at equilibrium (T1 = T2 = T tied): C of the Gibbs state of
 *     Q in closed form, max(0, |p3 - p4| sin(theta) - 2 sqrt(p1 p2)),
 *     decreasing in T (to its T -> 0 value): the optimum sits on the
 *     lower bound, and says so;
 *   - a line through parameter space (T2 linked to T1 at a fixed mean)
 *     keeps its line and beats every one of 201 points sampled along it;
 *   - constraints are honoured (and reported active); an infeasible
 *     problem is reported as infeasible; failed evaluations are counted
 *     and never chosen; categorical choices are enumerated;
 *   - the same seed gives the same result, bit for bit, on 1 or 2 threads;
 *   - a global budget below the n + 1 points CRS needs is still spent, to
 *     the evaluation; NLopt refusing a stage is an error, not an empty
 *     result; more runs than the search holds are refused;
 *   - bad input: one detail each. */
#include "check.h"
#include "neqent/baths.h"
#include "neqent/design.h"
#include "neqent/nearbody.h"
#include "neqent/status.h"

#include <float.h>
#include <math.h>
#include <string.h>

/* a continuous variable, and a list of choices */
#define REAL(name, a, b, lg) {.params = name, .lo = a, .hi = b, .log = lg}
#define CHOICE(name, n, list) {.params = name, .nchoices = n, .choices = list}

#define C_FIG4A 0.22413669555323196
#define Z2_FIG4A 1.2622638152988068e-6
#define TM_FIG4A 1209.4364234940476

static void fig4a(void)
{
    neq_params *p = NULL;
    CHECK_RC(neq_params_alloc(neq_model_lookup("body"), &p), 0);
    neq_design_var v[2] = {REAL("z2", 0.2e-6, 3e-6, 0), REAL("TM", 30, 2000, 0)};
    int good = 0;
    for (int seed = 1; seed <= 20; seed++) {
        neq_design_options o = neq_design_options_default();
        o.seed = (unsigned long long)seed;
        o.starts = 1; /* one random start each */
        neq_design_result r;
        CHECK_RC(neq_design_search(p, "concurrence", 2, v, 0, NULL, &o, &r), 0);
        good += r.feasible && fabs(r.value - C_FIG4A) < 1e-4;
        if (seed == 1) { /* where, and that it is interior */
            CHECK_CLOSE(r.x[0], Z2_FIG4A, 1e-3 * Z2_FIG4A);
            CHECK_CLOSE(r.x[1], TM_FIG4A, 1e-3 * TM_FIG4A);
            CHECK(r.active[0] == 0 && r.active[1] == 0);
            CHECK(r.failed == 0 && r.evaluations > 20);
            /* at an interior maximum the gradient over the range is ~0 */
            CHECK(fabs(r.gradient[0] * 2.8e-6) < 1e-5 && fabs(r.gradient[1] * 1970) < 1e-5);
            CHECK(r.best != NULL && r.history && r.nhistory == r.evaluations);
        }
        neq_design_result_free(&r);
    }
    CHECK(good >= 18);
    if (good < 18)
        fprintf(stderr, "  fig. 4(a): %d of 20 seeds within 1e-4\n", good);
    neq_params_free(p);
}

/* Fig. 3(b): eq. (12) at Gamma_A/Gamma_S = r, over n_S, n_A in [0, 50];
 * searched through the signed 2 K1 */
static int eq12(void *user, const double *x, double *value, double *cons)
{
    (void)cons;
    double pop[4];
    return neq_nb_analytic(1.0, *(const double *)user, x[0], x[1], pop, value);
}

static int eq12_k1(void *user, const double *x, double *s)
{
    double k1;
    int rc = neq_nb_analytic_k1(1.0, *(const double *)user, x[0], x[1], &k1);
    *s = 2 * k1;
    return rc;
}

static void fig3b(void)
{
    static const double r[] = {1e-4, 1e-3, 1e-2, 0.1, 10, 100};
    static const double want[] = {0.29333433770412254, 0.24897718738794539, 0.1629269261522073,
                                  0.03676406814596582, 0.03676406814596582, 0.1629269261522073};
    neq_design_var v[2] = {REAL("n_S", 0, 50, 0), REAL("n_A", 0, 50, 0)};
    for (int k = 0; k < 6; k++) {
        neq_design_result res;
        neq_design_options o = neq_design_options_default();
        double ratio = r[k];
        CHECK_RC(neq_design_search_fn(eq12, eq12_k1, &ratio, 2, v, 0, NULL, &o, &res), 0);
        CHECK_CLOSE(res.value, want[k], 1e-4);
        /* the maximiser lies on an edge: n_S = 0 for r < 1, n_A = 0 beyond */
        CHECK(res.active[r[k] < 1 ? 0 : 1] == -1);
        neq_design_result_free(&res);
    }
}

/* two baths at T1 = T2 = T (one variable for both): the Gibbs state */
static double gibbs_c(double e1, double e2, double K, double Kp, double T)
{
    double a = sqrt(K * K + 0.25 * (e1 - e2) * (e1 - e2)), th = atan2(2 * K, e1 - e2);
    double E[4] = {-(e1 + e2) / 2 + Kp, (e1 + e2) / 2 + Kp, a - Kp, -a - Kp}, Emin = E[0];
    for (int i = 1; i < 4; i++)
        Emin = fmin(Emin, E[i]);
    double p[4], Z = 0;
    for (int i = 0; i < 4; i++)
        Z += p[i] = exp(-(E[i] - Emin) / T);
    for (int i = 0; i < 4; i++)
        p[i] /= Z;
    return fmax(0, fabs(p[2] - p[3]) * sin(th) - 2 * sqrt(p[0] * p[1]));
}

static void baths_equilibrium(void)
{
    neq_params *p = NULL;
    CHECK_RC(neq_params_alloc(neq_model_lookup("baths"), &p), 0);
    CHECK_RC(neq_params_set(p, "eps1", 1.0), 0);
    CHECK_RC(neq_params_set(p, "eps2", 0.8), 0);
    CHECK_RC(neq_params_set(p, "K", 2.0), 0);
    CHECK_RC(neq_params_set(p, "Kp", 0.3), 0);
    neq_design_var v = REAL("T1,T2", 0.4, 3, 1);
    neq_design_result r;
    CHECK_RC(neq_design_search(p, "concurrence", 1, &v, 0, NULL, NULL, &r), 0);
    CHECK(r.active[0] == -1);
    CHECK_CLOSE(r.x[0], 0.4, 1e-12);
    CHECK_CLOSE(r.value, gibbs_c(1.0, 0.8, 2.0, 0.3, 0.4), 1e-9);
    CHECK(r.gradient[0] < 0); /* falling with T */
    neq_design_result_free(&r);
    /* minimising it instead, below the sudden death at T ~ 2.6: the upper bound */
    neq_design_options o = neq_design_options_default();
    o.minimize = 1;
    v.hi = 2.2;
    CHECK_RC(neq_design_search(p, "concurrence", 1, &v, 0, NULL, &o, &r), 0);
    CHECK(r.active[0] == 1);
    CHECK_CLOSE(r.value, gibbs_c(1.0, 0.8, 2.0, 0.3, 2.2), 1e-9);
    neq_design_result_free(&r);
    neq_params_free(p);
}

/* a line through parameter space: T1 = 1 + d, T2 = 1 - d (a fixed mean
 * temperature) with T2 linked to T1; the best point keeps the mean and is
 * at least the best of 201 points along the line (evaluated one by one) */
static void linked(void)
{
    neq_params *p = NULL;
    CHECK_RC(neq_params_alloc(neq_model_lookup("baths"), &p), 0);
    const char *l[] = {"T2"};
    double llo[] = {1.6}, lhi[] = {0.4};
    neq_design_var v = {.params = "T1", .lo = 0.4, .hi = 1.6, .nlinked = 1, .linked = l,
                        .linked_lo = llo, .linked_hi = lhi};
    neq_design_result r;
    CHECK_RC(neq_design_search(p, "concurrence", 1, &v, 0, NULL, NULL, &r), 0);
    int k1 = neq_model_param_index(neq_model_lookup("baths"), "T1");
    int k2 = neq_model_param_index(neq_model_lookup("baths"), "T2");
    CHECK_CLOSE(neq_params_value(r.best, k1) + neq_params_value(r.best, k2), 2.0, 1e-12);
    int kc = neq_model_quantity_index(neq_model_lookup("baths"), "concurrence");
    double gmax = 0;
    for (int i = 0; i <= 200; i++) {
        double t1 = 0.4 + 1.2 * i / 200.0, c;
        CHECK_RC(neq_params_set_at(p, k1, t1), 0);
        CHECK_RC(neq_params_set_at(p, k2, 2.0 - t1), 0);
        CHECK_RC(neq_eval_once(p, 1, &kc, &c), 0);
        gmax = fmax(gmax, c);
    }
    CHECK(r.value >= gmax - 1e-12);
    CHECK(r.value <= gmax + 1e-4); /* and not beyond what the line holds */
    neq_design_result_free(&r);
    const char *bad[] = {"eps9"};
    v.linked = bad;
    CHECK_RC(neq_design_search(p, "concurrence", 1, &v, 0, NULL, NULL, &r), NEQ_EINVAL);
    neq_design_result_free(&r);
    neq_params_free(p);
}

static void constraints(void)
{
    neq_params *p = NULL;
    CHECK_RC(neq_params_alloc(neq_model_lookup("body"), &p), 0);
    neq_design_var v[2] = {REAL("z2", 0.2e-6, 3e-6, 0), REAL("TM", 30, 2000, 0)};
    /* the unconstrained optimum draws heat_body = h0 from the body; ask for
     * at most half of it */
    neq_design_result r;
    CHECK_RC(neq_design_search(p, "heat_body", 2, v, 0, NULL, NULL, &r), 0);
    neq_design_result_free(&r);
    double cap = 2e-3;
    neq_design_constraint c = {"heat_body", NEQ_DESIGN_LE, cap};
    CHECK_RC(neq_design_search(p, "concurrence", 2, v, 1, &c, NULL, &r), 0);
    CHECK(r.feasible);
    CHECK(r.constraints[0] <= cap * (1 + 1e-9));
    CHECK(r.value < C_FIG4A);
    neq_design_result_free(&r);
    /* infeasible: purity above 1 */
    neq_design_constraint bad = {"purity", NEQ_DESIGN_GE, 1.5};
    neq_design_options o = neq_design_options_default();
    o.starts = 1;
    o.global_evals = 20;
    o.local_evals = 20;
    CHECK_RC(neq_design_search(p, "concurrence", 2, v, 1, &bad, &o, &r), 0);
    CHECK(r.feasible == 0 && r.evaluations > 0 && isnan(r.value));
    neq_design_result_free(&r);
    /* categorical: the material from a list, each its own problem */
    const char *mats[] = {"sic", "vacuum"};
    neq_design_var vc[2] = {CHOICE("material", 2, mats), REAL("TM", 30, 2000, 0)};
    o = neq_design_options_default();
    o.starts = 2;
    CHECK_RC(neq_design_search(p, "concurrence", 2, vc, 0, NULL, &o, &r), 0);
    CHECK(r.runs == 4 && r.x[0] == 0); /* a vacuum slab entangles nothing */
    CHECK(isnan(r.gradient[0]));
    neq_design_result_free(&r);
    neq_params_free(p);
}

/* failures are counted, never taken as values */
static int half_fails(void *user, const double *x, double *value, double *cons)
{
    (void)user;
    (void)cons;
    if (x[0] > 0.7)
        return NEQ_ECONVERGE;
    *value = -(x[0] - 0.9) * (x[0] - 0.9); /* the true maximum is where it fails */
    return NEQ_OK;
}

static void failures(void)
{
    neq_design_var v = REAL("x", 0, 1, 0);
    neq_design_result r;
    CHECK_RC(neq_design_search_fn(half_fails, NULL, NULL, 1, &v, 0, NULL, NULL, &r), 0);
    CHECK(r.failed > 0 && r.failed < r.evaluations);
    CHECK(r.x[0] <= 0.7 && r.x[0] > 0.69);
    neq_design_result_free(&r);
}

static void reproducible(void)
{
    neq_params *p = NULL;
    CHECK_RC(neq_params_alloc(neq_model_lookup("body"), &p), 0);
    neq_design_var v[3] = {REAL("z1", 0.5e-6, 2e-6, 0),
                           REAL("z2", 0.5e-6, 2e-6, 0),
                           REAL("TM", 100, 2000, 1)};
    neq_design_result a, b;
    neq_design_options o = neq_design_options_default();
    o.seed = 42;
    o.threads = 1;
    CHECK_RC(neq_design_search(p, "concurrence", 3, v, 0, NULL, &o, &a), 0);
    o.threads = 2;
    CHECK_RC(neq_design_search(p, "concurrence", 3, v, 0, NULL, &o, &b), 0);
    CHECK(a.value == b.value && a.nhistory == b.nhistory && a.evaluations == b.evaluations);
    CHECK(!memcmp(a.x, b.x, 3 * sizeof *a.x));
    CHECK(!memcmp(a.history, b.history, sizeof(double) * (size_t)a.nhistory * (size_t)a.history_cols));
    neq_design_result_free(&a);
    o.seed = 43; /* another seed, another path */
    CHECK_RC(neq_design_search(p, "concurrence", 3, v, 0, NULL, &o, &a), 0);
    CHECK(a.history[2] != b.history[2]);
    neq_design_result_free(&a);
    neq_design_result_free(&b);
    neq_params_free(p);
}

/* evaluations of the global stage in res's history */
static long global_rows(const neq_design_result *res)
{
    long n = 0;
    for (long e = 0; e < res->nhistory; e++)
        n += res->history[(size_t)e * (size_t)res->history_cols + 1] == NEQ_DESIGN_GLOBAL;
    return n;
}

static int bowl(void *user, const double *x, double *value, double *cons)
{
    (void)user;
    (void)cons;
    *value = -(x[0] - 0.3) * (x[0] - 0.3) - (x[1] - 0.6) * (x[1] - 0.6);
    return NEQ_OK;
}

/* CRS needs n + 1 points before its first step, and NLopt refuses a
 * smaller population without evaluating anything: a budget of 2 .. 2n + 1
 * used to skip the global stage without a word */
static void small_budget(void)
{
    neq_design_var v[2] = {REAL("x", 0, 1, 0), REAL("y", 0, 1, 0)};
    for (int budget = 1; budget <= 6; budget++) {
        neq_design_options o = neq_design_options_default();
        o.starts = 1;
        o.global_evals = budget;
        neq_design_result r;
        CHECK_RC(neq_design_search_fn(bowl, NULL, NULL, 2, v, 0, NULL, &o, &r), 0);
        long g = global_rows(&r);
        /* up to n + 1 the budget buys exactly that many points */
        CHECK(budget <= 3 ? g == budget : g >= 3);
        if (budget <= 3 && g != budget)
            fprintf(stderr, "  budget %d: %ld global evaluations\n", budget, g);
        CHECK(r.feasible && fabs(r.value) < 1e-6); /* the polish still finds the top */
        neq_design_result_free(&r);
    }
}

/* a stage NLopt refuses (CRS2 needs a finite span; DBL_MAX - -DBL_MAX is
 * not) is an error naming NLopt, not "infeasible" after no evaluation */
static void nlopt_refusal(void)
{
    neq_design_var v = REAL("x", -DBL_MAX, DBL_MAX, 0);
    neq_design_result r;
    CHECK_RC(neq_design_search_fn(bowl, NULL, NULL, 1, &v, 0, NULL, NULL, &r), NEQ_EINVAL);
    CHECK(strstr(neq_errdetail(), "NLopt"));
    neq_design_result_free(&r);
}

/* combinations x starts beyond an int used to wrap: 3 x 1431655766 runs
 * became 2, searched as if that were the request */
static void too_many_runs(void)
{
    neq_params *p = NULL;
    CHECK_RC(neq_params_alloc(neq_model_lookup("baths"), &p), 0);
    const char *t1[] = {"0.5", "1", "1.5"};
    neq_design_var v[2] = {CHOICE("T1", 3, t1), REAL("T2", 0.5, 1.5, 0)};
    neq_design_options o = neq_design_options_default();
    o.starts = 1431655766;
    neq_design_result r;
    CHECK_RC(neq_design_search(p, "concurrence", 2, v, 0, NULL, &o, &r), NEQ_EINVAL);
    CHECK(strstr(neq_errdetail(), "runs"));
    neq_design_result_free(&r);
    neq_params_free(p);
}

static void bad_input(void)
{
    neq_params *p = NULL;
    CHECK_RC(neq_params_alloc(neq_model_lookup("body"), &p), 0);
    neq_design_var v = REAL("z2", 0.2e-6, 3e-6, 0);
    neq_design_result r;
    CHECK_RC(neq_design_search(p, "concurence", 1, &v, 0, NULL, NULL, &r), NEQ_EINVAL);
    CHECK(strstr(neq_errdetail(), "did you mean concurrence"));
    neq_design_result_free(&r);
    CHECK_RC(neq_design_search(p, "rho", 1, &v, 0, NULL, NULL, &r), NEQ_EINVAL);
    CHECK(strstr(neq_errdetail(), "not a scalar"));
    neq_design_var empty = REAL("z2", 3e-6, 1e-6, 0);
    CHECK_RC(neq_design_search(p, "concurrence", 1, &empty, 0, NULL, NULL, &r), NEQ_EINVAL);
    CHECK(strstr(neq_errdetail(), "empty"));
    neq_design_var out = REAL("z2", -1e-6, 1e-6, 0);
    CHECK_RC(neq_design_search(p, "concurrence", 1, &out, 0, NULL, NULL, &r), NEQ_EDOMAIN);
    neq_design_constraint c = {"purty", NEQ_DESIGN_GE, 0.5};
    CHECK_RC(neq_design_search(p, "concurrence", 1, &v, 1, &c, NULL, &r), NEQ_EINVAL);
    CHECK(strstr(neq_errdetail(), "did you mean purity"));
    neq_design_var np = REAL("zz2", 1e-6, 2e-6, 0);
    CHECK_RC(neq_design_search(p, "concurrence", 1, &np, 0, NULL, NULL, &r), NEQ_EINVAL);
    neq_design_var twice[2] = {REAL("z2", 1e-6, 2e-6, 0), REAL("z1,z2", 1e-6, 2e-6, 0)};
    CHECK_RC(neq_design_search(p, "concurrence", 2, twice, 0, NULL, NULL, &r), NEQ_EINVAL);
    CHECK(strstr(neq_errdetail(), "twice"));
    const char *badmat[] = {"sic", "unobtainium"};
    neq_design_var vm = CHOICE("material", 2, badmat);
    CHECK_RC(neq_design_search(p, "concurrence", 1, &vm, 0, NULL, NULL, &r), NEQ_EINVAL);
    CHECK(strstr(neq_errdetail(), "unobtainium"));
    neq_design_result_free(&r);
    neq_params_free(p);
}

/* the sensitivity's gradient is the model's exact linear response where it
 * has one (the baths model's J1 against T1 and, on a log scale, gamma2),
 * and agrees with fourth-order differences of neq_baths_steady (1e-8); the
 * concurrence has none, and keeps its differences */
static double J1_at(double T1, double g2)
{
    neq_baths_params b;
    neq_baths_default(&b);
    b.T1 = T1;
    b.gamma2 = g2;
    neq_baths_result r;
    CHECK_RC(neq_baths_steady(&b, &r), 0);
    return r.heat_current[0];
}

static void exact_gradient(void)
{
    neq_params *p = NULL;
    CHECK_RC(neq_params_alloc(neq_model_lookup("baths"), &p), 0);
    neq_design_var v[2] = {REAL("T1", 1, 2, 0), REAL("gamma2", 0.1, 2, 1)};
    neq_design_options o = neq_design_options_default();
    o.starts = 1;
    neq_design_result r;
    CHECK_RC(neq_design_search(p, "J1", 2, v, 0, NULL, &o, &r), 0);
    CHECK(r.gradient_exact[0] == 1 && r.gradient_exact[1] == 1);
    double T1 = r.x[0], g2 = r.x[1], h = 1e-3;
    double dT = (8 * (J1_at(T1 + h, g2) - J1_at(T1 - h, g2)) -
                 (J1_at(T1 + 2 * h, g2) - J1_at(T1 - 2 * h, g2))) / (12 * h);
    double dg = (8 * (J1_at(T1, g2 + h) - J1_at(T1, g2 - h)) -
                 (J1_at(T1, g2 + 2 * h) - J1_at(T1, g2 - 2 * h))) / (12 * h);
    CHECK_CLOSE(r.gradient[0], dT, 1e-8 * fabs(dT));
    CHECK_CLOSE(r.gradient[1], g2 * dg, 1e-8 * fabs(g2 * dg)); /* per unit of ln gamma2 */
    neq_design_result_free(&r);
    CHECK_RC(neq_design_search(p, "concurrence", 2, v, 0, NULL, &o, &r), 0);
    CHECK(r.gradient_exact[0] == 0 && r.gradient_exact[1] == 0);
    neq_design_result_free(&r);
    neq_params_free(p);
}

int main(void)
{
    exact_gradient();
    fig4a();
    fig3b();
    baths_equilibrium();
    linked();
    constraints();
    failures();
    reproducible();
    small_budget();
    nlopt_refusal();
    too_many_runs();
    bad_input();
    return check_report("design");
}
