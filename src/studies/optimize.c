/* Optimisers (include/neqent/optimize.h) over Debian's NLopt. */
#include "neqent/optimize.h"
#include "../core/internal.h"
#include "neqent/nearbody.h"

#include <math.h>
#include <nlopt.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------ model parameters */

typedef struct {
    const neq_params *base;
    neq_params *p;
    int nvars;
    const neq_opt_var *vars;
    int *index;      /* parameter index of each variable */
    int qk;          /* quantity index */
    neq_plan *plan;  /* the last plan, reused while the setup stays */
    neq_workspace *ws;
    int status;      /* the first failure */
    nlopt_opt nl;
    int nevals;
} max_ctx;

static double objective(unsigned n, const double *y, double *grad, void *data)
{
    (void)n;
    (void)grad;
    max_ctx *c = data;
    c->nevals++;
    for (int i = 0; i < c->nvars; i++) {
        double v = c->vars[i].log ? exp(y[i]) : y[i];
        /* the bounds as given, not a rounding beyond them */
        v = fmin(fmax(v, c->vars[i].lo), c->vars[i].hi);
        int rc = neq_params_set_at(c->p, c->index[i], v);
        if (rc) {
            c->status = rc;
            nlopt_force_stop(c->nl);
            return 0;
        }
    }
    int rc = NEQ_OK;
    if (!c->plan || !neq_plan_matches(c->plan, c->p)) {
        neq_plan_free(c->plan);
        c->plan = NULL;
        rc = neq_plan_alloc(c->p, &c->plan);
        if (rc == 0 && !c->ws)
            rc = neq_workspace_alloc(c->plan, &c->ws);
    }
    double f = NAN;
    if (rc == 0)
        rc = neq_eval(c->plan, c->p, c->ws);
    if (rc == 0)
        rc = neq_quantity_get(c->plan, c->p, c->ws, c->qk, &f);
    if (rc == 0 && !isfinite(f))
        rc = neq_fail(NEQ_EDOMAIN, "the objective is undefined at this point");
    if (rc) {
        c->status = rc;
        nlopt_force_stop(c->nl);
        return 0;
    }
    return f;
}

/* NLopt's verdict as a status.  Converged (xtol or ftol reached) and
 * "roundoff-limited" (stopped at the best point rounding allows) are
 * results; running out of evaluations is not: the maximum was not found. */
static int nlopt_status(nlopt_result r, const char *what, int maxeval)
{
    if (r == NLOPT_MAXEVAL_REACHED || r == NLOPT_MAXTIME_REACHED)
        return neq_fail(NEQ_ECONVERGE,
                        "NLopt (BOBYQA) maximising %s: not converged within %d evaluations", what,
                        maxeval);
    if (r < 0 && r != NLOPT_ROUNDOFF_LIMITED)
        return neq_fail(NEQ_ECONVERGE, "NLopt (BOBYQA) failed maximising %s: %s", what,
                        nlopt_result_to_string(r));
    return NEQ_OK;
}

int neq_maximize(const neq_params *base, const char *quantity, int nvars, const neq_opt_var *vars,
                 const double *x0, const neq_opt_options *opt, double *x, neq_opt_result *res)
{
    neq_clear_error();
    if (!base || !quantity || nvars < 1 || !vars || !x0 || !x || !res)
        return neq_fail(NEQ_EINVAL, "neq_maximize: bad arguments");
    const neq_model *m = neq_params_model(base);
    int qk = neq_model_quantity_index(m, quantity);
    if (qk < 0)
        return neq_fail(NEQ_EINVAL, "unknown quantity '%.60s' of the %s model", quantity,
                        neq_model_name(m));
    const neq_quantity_desc *qd = neq_model_quantity(m, qk);
    if (qd->kind != NEQ_QUANTITY_SCALAR)
        return neq_fail(NEQ_EINVAL, "%s is not a scalar: it cannot be maximised", quantity);
    double xtol = opt && opt->xtol_rel > 0 ? opt->xtol_rel : 1e-7;
    int maxeval = opt && opt->maxeval > 0 ? opt->maxeval : 2000;
    max_ctx c = {base, NULL, nvars, vars, NULL, qk, NULL, NULL, 0, NULL, 0};
    double *lb = malloc(sizeof *lb * 4 * (size_t)nvars);
    c.index = malloc(sizeof *c.index * (size_t)nvars);
    int rc = (!lb || !c.index) ? neq_fail(NEQ_ENOMEM, "no memory for the optimiser") : NEQ_OK;
    double *ub = lb + nvars, *y = ub + nvars, *step = y + nvars;
    for (int i = 0; rc == 0 && i < nvars; i++) {
        int k = neq_model_param_index(m, vars[i].param);
        const neq_param_desc *d = neq_model_param(m, k);
        if (k < 0 || d->kind != NEQ_PARAM_REAL)
            rc = neq_fail(NEQ_EINVAL, "'%.60s' is not a real parameter of the %s model",
                          vars[i].param, neq_model_name(m));
        else if (!(vars[i].lo < vars[i].hi) || (vars[i].log && !(vars[i].lo > 0)))
            rc = neq_fail(NEQ_EINVAL, "%s: bounds [%g, %g] are empty%s", d->name, vars[i].lo,
                          vars[i].hi, vars[i].log ? " or not positive (log search)" : "");
        else if ((rc = neq_param_check(d, vars[i].lo)) == 0 &&
                 (rc = neq_param_check(d, vars[i].hi)) == 0 && !(x0[i] >= vars[i].lo && x0[i] <= vars[i].hi))
            rc = neq_fail(NEQ_EINVAL, "%s: start %g outside [%g, %g]", d->name, x0[i], vars[i].lo,
                          vars[i].hi);
        if (rc)
            break;
        c.index[i] = k;
        lb[i] = vars[i].log ? log(vars[i].lo) : vars[i].lo;
        ub[i] = vars[i].log ? log(vars[i].hi) : vars[i].hi;
        y[i] = vars[i].log ? log(x0[i]) : x0[i];
        step[i] = 0.05 * (ub[i] - lb[i]);
    }
    if (rc == 0)
        rc = neq_params_copy(base, &c.p);
    if (rc == 0) {
        c.nl = nlopt_create(NLOPT_LN_BOBYQA, (unsigned)nvars);
        if (!c.nl)
            rc = neq_fail(NEQ_ENOMEM, "no memory for NLopt");
    }
    double f = NAN;
    nlopt_result r = NLOPT_FAILURE;
    if (rc == 0) {
        nlopt_set_lower_bounds(c.nl, lb);
        nlopt_set_upper_bounds(c.nl, ub);
        nlopt_set_initial_step(c.nl, step);
        nlopt_set_xtol_rel(c.nl, xtol);
        nlopt_set_maxeval(c.nl, maxeval);
        nlopt_set_max_objective(c.nl, objective, &c);
        r = nlopt_optimize(c.nl, y, &f);
        rc = c.status ? c.status : nlopt_status(r, quantity, maxeval);
    }
    if (rc == 0) {
        for (int i = 0; i < nvars; i++)
            x[i] = fmin(fmax(vars[i].log ? exp(y[i]) : y[i], vars[i].lo), vars[i].hi);
        res->fmax = f;
        res->nevals = c.nevals;
        res->nlopt_result = (int)r;
    }
    if (c.nl)
        nlopt_destroy(c.nl);
    neq_workspace_free(c.ws);
    neq_plan_free(c.plan);
    neq_params_free(c.p);
    free(c.index);
    free(lb);
    return rc;
}

typedef struct {
    int nvars;
    const int *index;
    double best;
    double *x;
} best_ctx;

static int keep_best(void *user, long idx, const neq_params *point, const double *values)
{
    (void)idx;
    best_ctx *b = user;
    if (isfinite(values[0]) && values[0] > b->best) {
        b->best = values[0];
        for (int i = 0; i < b->nvars; i++)
            b->x[i] = neq_params_value(point, b->index[i]);
    }
    return 0;
}

int neq_maximize_grid(const neq_params *base, const char *quantity, int nvars,
                      const neq_opt_var *vars, const int *npts, int threads,
                      const neq_opt_options *opt, double *x, neq_opt_result *res)
{
    neq_clear_error();
    if (!base || !quantity || nvars < 1 || !vars || !npts || !x || !res)
        return neq_fail(NEQ_EINVAL, "neq_maximize_grid: bad arguments");
    const neq_model *m = neq_params_model(base);
    int qk = neq_model_quantity_index(m, quantity);
    if (qk < 0)
        return neq_fail(NEQ_EINVAL, "unknown quantity '%.60s' of the %s model", quantity,
                        neq_model_name(m));
    neq_grid *g = NULL;
    int *index = malloc(sizeof *index * (size_t)nvars);
    double *x0 = malloc(sizeof *x0 * (size_t)nvars);
    int rc = (!index || !x0) ? neq_fail(NEQ_ENOMEM, "no memory") : neq_grid_alloc(base, &g);
    for (int i = 0; rc == 0 && i < nvars; i++) {
        int n = npts[i];
        if (n < 2 || !(vars[i].lo < vars[i].hi) || (vars[i].log && !(vars[i].lo > 0))) {
            rc = neq_fail(NEQ_EINVAL, "%s: a search grid needs >= 2 points in a non-empty box",
                          vars[i].param);
            break;
        }
        double *v = malloc(sizeof *v * (size_t)n);
        if (!v) {
            rc = neq_fail(NEQ_ENOMEM, "no memory");
            break;
        }
        for (int k = 0; k < n; k++) {
            double t = (double)k / (n - 1);
            v[k] = vars[i].log ? vars[i].lo * pow(vars[i].hi / vars[i].lo, t)
                               : vars[i].lo + (vars[i].hi - vars[i].lo) * t;
        }
        v[0] = vars[i].lo;
        v[n - 1] = vars[i].hi;
        rc = neq_grid_add_axis(g, vars[i].param, v, n);
        free(v);
        index[i] = neq_model_param_index(m, vars[i].param);
    }
    if (rc == 0)
        rc = neq_grid_select(g, 1, &qk);
    best_ctx b = {nvars, index, -INFINITY, x0};
    if (rc == 0) {
        neq_grid_options go = {.threads = threads > 0 ? threads : 1, .row = keep_best, .user = &b};
        rc = neq_grid_run(g, &go, NULL);
    }
    if (rc == 0 && !isfinite(b.best))
        rc = neq_fail(NEQ_EDOMAIN, "%s is undefined at every grid point", quantity);
    if (rc == 0)
        rc = neq_maximize(base, quantity, nvars, vars, x0, opt, x, res);
    if (rc == 0 && res->fmax < b.best) /* the polish never loses the grid's best */
        rc = neq_fail(NEQ_ECONVERGE, "the local search ended below the grid's best (%g < %g)",
                      res->fmax, b.best);
    neq_grid_free(g);
    free(index);
    free(x0);
    return rc;
}

/* ------------------------------------------- Bellomo-Antezza Fig. 3b */

/* n = x^2 keeps the search inside n >= 0 and smooth at the edge */
typedef struct {
    double r;
    int edge; /* -1: interior (n_S, n_A) = (x0^2, x1^2); 0: n_S = 0, x0^2 = n_A; 1: n_A = 0 */
    int status;
} k1_ctx;

static double k1_objective(unsigned n, const double *x, double *grad, void *data)
{
    (void)n;
    (void)grad;
    k1_ctx *c = data;
    double nS = c->edge == 0 ? 0 : x[0] * x[0];
    double nA = c->edge == 0 ? x[0] * x[0] : c->edge == 1 ? 0 : x[1] * x[1];
    double K1 = -1;
    int rc = neq_nb_analytic_k1(1.0, c->r, nS, nA, &K1);
    if (rc)
        c->status = rc;
    return K1;
}

/* a bounded local maximisation of K1 from x (1 or 2 variables) */
static int k1_local(k1_ctx *c, unsigned n, double *x, double *f)
{
    nlopt_opt o = nlopt_create(NLOPT_LN_BOBYQA, n);
    if (!o)
        return neq_fail(NEQ_ENOMEM, "no memory for NLopt");
    double lb[2] = {0, 0}, ub[2] = {1e4, 1e4}, dx[2];
    for (unsigned i = 0; i < n; i++)
        dx[i] = fmax(0.1 * x[i], 1e-4);
    nlopt_set_lower_bounds(o, lb);
    nlopt_set_upper_bounds(o, ub);
    nlopt_set_initial_step(o, dx);
    nlopt_set_xtol_rel(o, 1e-12);
    nlopt_set_ftol_abs(o, 1e-17);
    nlopt_set_maxeval(o, 4000);
    nlopt_set_max_objective(o, k1_objective, c);
    nlopt_result r = nlopt_optimize(o, x, f);
    nlopt_destroy(o);
    return c->status ? c->status : nlopt_status(r, "K1 of eq. (12)", 4000);
}

int neq_nb_cmax(double r, double *C, double *n_S, double *n_A)
{
    neq_clear_error();
    if (!C || !n_S || !n_A)
        return neq_fail(NEQ_EINVAL, "neq_nb_cmax: NULL argument");
    if (isnan(r))
        return neq_fail(NEQ_ENAN, "Gamma_A/Gamma_S is NaN");
    if (!(r > 0) || isinf(r))
        return neq_fail(NEQ_EDOMAIN, "Gamma_A/Gamma_S = %g must be finite and > 0", r);
    double best = -INFINITY, bS = 0, bA = 0;
    /* the edges: a log scan of n in [1e-12, 1e6] finds the basin (the
     * entangled region is a thin sliver along an edge near the
     * thresholds, invisible to a coarse 2-D search), then a local search */
    for (int edge = 0; edge < 2; edge++) {
        k1_ctx c = {r, edge, 0};
        double xs = 0, fs = -INFINITY;
        for (int k = 0; k <= 360; k++) {
            double x[2] = {sqrt(pow(10.0, -12 + 18.0 * k / 360)), 0};
            double f = k1_objective(1, x, NULL, &c);
            if (f > fs) {
                fs = f;
                xs = x[0];
            }
        }
        NEQ_TRY(c.status);
        double f;
        NEQ_TRY(k1_local(&c, 1, &xs, &f));
        if (f > best) {
            best = f;
            bS = edge == 0 ? 0 : xs * xs;
            bA = edge == 0 ? xs * xs : 0;
        }
    }
    /* the interior, from a few starts (a maximum there would beat the edges) */
    const double starts[4][2] = {{0.05, 1}, {0.01, 5}, {1, 0.05}, {5, 0.01}};
    for (int k = 0; k < 4; k++) {
        k1_ctx c = {r, -1, 0};
        double x[2] = {sqrt(starts[k][0]), sqrt(starts[k][1])}, f;
        NEQ_TRY(k1_local(&c, 2, x, &f));
        if (f > best) {
            best = f;
            bS = x[0] * x[0];
            bA = x[1] * x[1];
        }
    }
    if (!(best > 0)) { /* nothing entangled: C = 0, attained at n_S = n_A = 0 */
        *C = 0;
        *n_S = *n_A = 0;
        return NEQ_OK;
    }
    *C = 2 * best;
    *n_S = bS;
    *n_A = bA;
    return NEQ_OK;
}
