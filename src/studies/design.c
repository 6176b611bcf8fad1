/* Design search (include/neqent/design.h): categorical combinations x
 * independent runs, each NLopt's CRS2-LM global stage and a COBYLA or
 * BOBYQA polish, over a model's parameters or a function.
 *
 * The search works in y = x, or ln x for log variables, and always
 * maximises g = +-(searched objective).  Each run keeps its best feasible
 * point and its own history; runs are combined in run order after the
 * parallel loop, so the result is the same for any number of threads. */
#include "neqent/design.h"
#include "../core/internal.h"
#include "../models/internal_models.h"

#include <math.h>
#include <nlopt.h>
#include <stdlib.h>
#include <string.h>
#ifdef NEQ_MPI
#include "counter.h"
#include <mpi.h>
#endif

#define MAX_COMBOS 100000
#define MAX_RUNS 1000000 /* combinations x starts: each run holds its own state and history */
#define FAILED_G (-1e300)     /* a failed evaluation, ranked below everything */
#define INFEASIBLE_G (-1e250) /* times (1 + violation): below every feasible point */
#define PLAN_CACHE 4

neq_design_options neq_design_options_default(void)
{
    neq_design_options o = {0, 1, 4, 1, 0, 400, 1e-7, 0};
    return o;
}

/* ------------------------------------------------ the evaluators */

/* One run's evaluator: continuous values x (parameter units) in, the
 * objective, the searched objective and the constrained quantities out. */
typedef struct {
    int (*eval)(void *ctx, const double *x, double *value, double *s, double *cons);
    /* a context for a run with categorical choices cat[]: 0, or a status
     * with a detail */
    int (*ctx_new)(void *user, const int *cat, void **ctx);
    void (*ctx_free)(void *ctx);
    void *user;
    /* the objective's exact derivative with respect to continuous variable
     * j at x, where the model has one (NULL, or NEQ_EINVAL: none) */
    int (*deriv)(void *ctx, const double *x, int j, double *g);
} evaluator;

/* --- over a function */

typedef struct {
    neq_design_fn f;
    neq_design_surrogate_fn s;
    void *user;
} fn_user;

static int fn_eval(void *ctx, const double *x, double *value, double *s, double *cons)
{
    fn_user *u = ctx;
    NEQ_TRY(u->f(u->user, x, value, cons));
    if (u->s)
        return u->s(u->user, x, s);
    *s = *value;
    return NEQ_OK;
}

static int fn_ctx_new(void *user, const int *cat, void **ctx)
{
    (void)cat;
    *ctx = user;
    return NEQ_OK;
}

static void fn_ctx_free(void *ctx) { (void)ctx; }

/* --- over a model */

typedef struct {
    const neq_params *base;
    int nvars;
    const neq_design_var *vars;
    int **pidx;        /* per variable: its parameter indices, -1 ended */
    int **lidx;        /* per variable: its linked parameters' indices */
    int ncont, *cont;  /* the continuous variables */
    int qk, k1, k2;    /* objective; K1, K2 for the surrogate (-1: none) */
    int ncons, *ck;    /* constrained quantities */
    int minimize;
} model_user;

typedef struct {
    const model_user *u;
    neq_params *p;
    neq_plan *plan[PLAN_CACHE];
    neq_workspace *ws[PLAN_CACHE];
    long used[PLAN_CACHE], tick;
} model_ctx;

static void model_ctx_free(void *vctx)
{
    model_ctx *c = vctx;
    if (!c)
        return;
    for (int k = 0; k < PLAN_CACHE; k++) {
        neq_workspace_free(c->ws[k]);
        neq_plan_free(c->plan[k]);
    }
    neq_params_free(c->p);
    free(c);
}

static int model_ctx_new(void *user, const int *cat, void **ctx)
{
    model_user *u = user;
    model_ctx *c = calloc(1, sizeof *c);
    *ctx = NULL;
    if (!c)
        return neq_fail(NEQ_ENOMEM, "no memory for a design run");
    c->u = u;
    int rc = neq_params_copy(u->base, &c->p);
    if (rc) {
        model_ctx_free(c);
        return rc;
    }
    const neq_model *m = neq_params_model(u->base);
    for (int i = 0, ci = 0; i < u->nvars; i++) {
        if (!u->vars[i].nchoices)
            continue;
        for (const int *k = u->pidx[i]; *k >= 0; k++)
            if ((rc = neq_params_set_text(c->p, neq_model_param(m, *k)->name,
                                          u->vars[i].choices[cat[ci]]))) {
                model_ctx_free(c);
                return rc;
            }
        ci++;
    }
    *ctx = c;
    return NEQ_OK;
}

/* the plan of the context's current parameters: from the cache (the
 * geometry's electromagnetic functions reused) or built, evicting the
 * least recently used */
static int model_plan(model_ctx *c, int *slot)
{
    c->tick++;
    for (int k = 0; k < PLAN_CACHE; k++)
        if (c->plan[k] && neq_plan_matches(c->plan[k], c->p)) {
            c->used[k] = c->tick;
            *slot = k;
            return NEQ_OK;
        }
    int k = 0;
    for (int j = 1; j < PLAN_CACHE; j++)
        if (c->used[j] < c->used[k])
            k = j;
    neq_workspace_free(c->ws[k]);
    neq_plan_free(c->plan[k]);
    c->ws[k] = NULL;
    c->plan[k] = NULL;
    c->used[k] = 0;
    NEQ_TRY(neq_plan_alloc(c->p, &c->plan[k]));
    int rc = neq_workspace_alloc(c->plan[k], &c->ws[k]);
    if (rc) {
        /* cached without its workspace, the plan would match the next point
         * of this geometry and fail it with a misleading EINVAL */
        neq_plan_free(c->plan[k]);
        c->plan[k] = NULL;
        return rc;
    }
    c->used[k] = c->tick;
    *slot = k;
    return NEQ_OK;
}

/* the parameters linked to continuous variable v at value x: on the line
 * from linked_lo (x = lo) to linked_hi (x = hi), linear in v's coordinate */
static int set_linked(neq_params *p, const neq_design_var *v, const int *lidx, double x)
{
    double t = v->log ? log(x / v->lo) / log(v->hi / v->lo) : (x - v->lo) / (v->hi - v->lo);
    for (int l = 0; l < v->nlinked; l++) {
        double a = v->linked_lo[l], b = v->linked_hi[l];
        double y = t <= 0 ? a : t >= 1 ? b : a + t * (b - a);
        NEQ_TRY(neq_params_set_at(p, lidx[l], y));
    }
    return NEQ_OK;
}

static int model_eval(void *vctx, const double *x, double *value, double *s, double *cons)
{
    model_ctx *c = vctx;
    const model_user *u = c->u;
    for (int j = 0; j < u->ncont; j++) {
        const neq_design_var *v = &u->vars[u->cont[j]];
        for (const int *k = u->pidx[u->cont[j]]; *k >= 0; k++)
            NEQ_TRY(neq_params_set_at(c->p, *k, x[j]));
        NEQ_TRY(set_linked(c->p, v, u->lidx[u->cont[j]], x[j]));
    }
    int slot;
    NEQ_TRY(model_plan(c, &slot));
    neq_plan *plan = c->plan[slot];
    neq_workspace *ws = c->ws[slot];
    NEQ_TRY(neq_eval(plan, c->p, ws));
    NEQ_TRY(neq_quantity_get(plan, c->p, ws, u->qk, value));
    if (!isfinite(*value))
        return neq_fail(NEQ_EDOMAIN, "%s is undefined here",
                        neq_model_quantity(neq_plan_model(plan), u->qk)->name);
    *s = *value;
    if (u->k1 >= 0) { /* the X state's signed concurrence 2 max(K1, K2) */
        double a, b;
        NEQ_TRY(neq_quantity_get(plan, c->p, ws, u->k1, &a));
        NEQ_TRY(neq_quantity_get(plan, c->p, ws, u->k2, &b));
        if (isfinite(a) && isfinite(b))
            *s = u->minimize ? *value : 2 * fmax(a, b);
    }
    for (int k = 0; k < u->ncons; k++)
        NEQ_TRY(neq_quantity_get(plan, c->p, ws, u->ck[k], &cons[k]));
    return NEQ_OK;
}

/* d objective / d x_j at x: the sum over the variable's tied parameters of
 * the model's exact derivatives (neq_quantity_derivative); a variable with
 * linked parameters has none here */
static int model_deriv(void *vctx, const double *x, int j, double *g)
{
    model_ctx *c = vctx;
    const model_user *u = c->u;
    int i = u->cont[j];
    if (u->vars[i].nlinked)
        return neq_fail(NEQ_EINVAL, "linked parameters: no exact derivative");
    double v, s, cons[64];
    if (u->ncons > 64)
        return neq_fail(NEQ_EINVAL, "too many constraints for the exact derivative");
    NEQ_TRY(model_eval(c, x, &v, &s, cons));
    int slot;
    NEQ_TRY(model_plan(c, &slot));
    double sum = 0;
    for (const int *k = u->pidx[i]; *k >= 0; k++) {
        double d;
        NEQ_TRY(neq_quantity_derivative(c->plan[slot], c->p, c->ws[slot], u->qk, *k, &d));
        sum += d;
    }
    *g = sum;
    return isfinite(sum) ? NEQ_OK : neq_fail(NEQ_EDOMAIN, "the derivative is not finite");
}

/* ------------------------------------------------------ one run */

typedef struct {
    const evaluator *ev;
    void *ctx;
    int n;                         /* continuous variables */
    const double *ylo, *yhi;       /* their bounds in y */
    const int *lg;
    int nvars;                     /* all variables (for the history) */
    const neq_design_var *vars;
    const int *cont;               /* continuous variable j is variable cont[j] */
    const double *catx;            /* the run's categorical indices, by variable */
    int ncons;
    const neq_design_constraint *cons;
    int sign;                      /* +1 maximise, -1 minimise */
    int run, stage;
    /* the best feasible point */
    int have;
    double best_g, best_v, *best_y, *best_c;
    /* the last evaluation (COBYLA asks for the constraints separately) */
    double *last_y, last_g, *last_slack;
    int last_ok, last_valid;
    double *cbuf;
    /* history */
    double *hist;
    long nh, cap;
    int cols;
    long nevals, nfailed;
    int first_status;
    char first_detail[256];
    int status; /* a failure of the machinery itself (memory, NLopt) */
    char status_detail[256];
    nlopt_opt nl;
} run_state;

/* Stops the run for a failure of the machinery.  Its message is kept
 * here, apart from first_detail: the thread's detail is overwritten by the
 * next call, and the run's first failed evaluation is another matter. */
static void run_fail(run_state *r, int status)
{
    if (r->status)
        return;
    r->status = status;
    snprintf(r->status_detail, sizeof r->status_detail, "%s",
             neq_errdetail()[0] ? neq_errdetail() : neq_strerror(status));
    if (r->nl)
        nlopt_force_stop(r->nl);
}

static double to_x(const run_state *r, int j, double y)
{
    /* the bounds as given, not exp(log(lo)) rounded beyond them; at a
     * bound in y, exactly the bound */
    const neq_design_var *v = &r->vars[r->cont[j]];
    if (y <= r->ylo[j])
        return v->lo;
    if (y >= r->yhi[j])
        return v->hi;
    double x = r->lg[j] ? exp(y) : y;
    return fmin(fmax(x, v->lo), v->hi);
}

static int hist_add(run_state *r, const double *x, double v, double s, const double *cons, int st)
{
    if (r->nh == r->cap) {
        long cap = r->cap ? 2 * r->cap : 64;
        double *h = realloc(r->hist, sizeof *h * (size_t)cap * (size_t)r->cols);
        if (!h)
            return neq_fail(NEQ_ENOMEM, "no memory for the history");
        r->hist = h;
        r->cap = cap;
    }
    double *row = r->hist + (size_t)r->nh * (size_t)r->cols;
    row[0] = r->run;
    row[1] = r->stage;
    for (int i = 0; i < r->nvars; i++)
        row[2 + i] = r->catx[i];
    for (int j = 0; j < r->n; j++)
        row[2 + r->cont[j]] = x[j];
    row[2 + r->nvars] = v;
    row[3 + r->nvars] = s;
    for (int k = 0; k < r->ncons; k++)
        row[4 + r->nvars + k] = cons ? cons[k] : NAN;
    row[4 + r->nvars + r->ncons] = st;
    r->nh++;
    return NEQ_OK;
}

/* Evaluates at y: g (searched, to maximise; FAILED_G on failure), the
 * constraints' slacks (<= 0 kept), whether it worked.  Records it. */
static int run_eval(run_state *r, const double *y, double *g, double *slack)
{
    double x[64], *xp = r->n <= 64 ? x : malloc(sizeof *xp * (size_t)r->n);
    if (!xp) {
        run_fail(r, neq_fail(NEQ_ENOMEM, "no memory"));
        return 0;
    }
    for (int j = 0; j < r->n; j++)
        xp[j] = to_x(r, j, y[j]);
    double v = NAN, s = NAN;
    r->nevals++;
    /* so that a function that fails without a word is not given the
     * message of an earlier failure on this thread */
    neq_clear_error();
    int rc = r->ev->eval(r->ctx, xp, &v, &s, r->cbuf);
    if (rc == 0 && !isfinite(s))
        rc = neq_fail(NEQ_EDOMAIN, "the searched objective is undefined here");
    if (rc) {
        r->nfailed++;
        if (!r->first_status) {
            r->first_status = rc;
            snprintf(r->first_detail, sizeof r->first_detail, "%s",
                     neq_errdetail()[0] ? neq_errdetail() : neq_strerror(rc));
        }
    }
    int hr = hist_add(r, xp, rc ? NAN : v, rc ? NAN : s, rc ? NULL : r->cbuf, rc);
    if (hr)
        run_fail(r, hr);
    int ok = rc == 0;
    *g = ok ? r->sign * s : FAILED_G;
    int feasible = ok;
    for (int k = 0; k < r->ncons; k++) {
        double B = r->cons[k].bound, q = ok ? r->cbuf[k] : NAN;
        double sl = !isfinite(q) ? 1e300 : r->cons[k].op == NEQ_DESIGN_LE ? q - B : B - q;
        slack[k] = sl;
        if (!(sl <= 1e-12 * fmax(1, fabs(B))))
            feasible = 0;
    }
    if (feasible && (!r->have || *g > r->best_g)) {
        r->have = 1;
        r->best_g = *g;
        r->best_v = v;
        if (r->n)
            memcpy(r->best_y, y, sizeof *y * (size_t)r->n);
        if (r->ncons)
            memcpy(r->best_c, r->cbuf, sizeof *r->best_c * (size_t)r->ncons);
    }
    if (xp != x)
        free(xp);
    return ok;
}

/* the global stage: infeasible points below every feasible one, ranked by
 * their violation */
static double global_obj(unsigned n, const double *y, double *grad, void *data)
{
    (void)n;
    (void)grad;
    run_state *r = data;
    double g;
    int ok = run_eval(r, y, &g, r->last_slack);
    if (!ok)
        return FAILED_G;
    double viol = 0;
    for (int k = 0; k < r->ncons; k++)
        if (r->last_slack[k] > 0)
            viol += fmin(r->last_slack[k] / fmax(1, fabs(r->cons[k].bound)), 1e40);
    return viol > 0 ? INFEASIBLE_G * (1 + viol) : g;
}

static int same_y(const run_state *r, const double *y)
{
    return r->last_valid && !memcmp(y, r->last_y, sizeof *y * (size_t)r->n);
}

static void local_at(run_state *r, const double *y)
{
    if (same_y(r, y))
        return;
    r->last_ok = run_eval(r, y, &r->last_g, r->last_slack);
    memcpy(r->last_y, y, sizeof *y * (size_t)r->n);
    r->last_valid = 1;
}

static double local_obj(unsigned n, const double *y, double *grad, void *data)
{
    (void)n;
    (void)grad;
    run_state *r = data;
    local_at(r, y);
    return r->last_ok ? r->last_g : FAILED_G;
}

static void local_cons(unsigned m, double *result, unsigned n, const double *y, double *grad,
                       void *data)
{
    (void)n;
    (void)grad;
    run_state *r = data;
    local_at(r, y);
    for (unsigned k = 0; k < m; k++)
        result[k] = r->last_ok ? r->last_slack[k] / fmax(1, fabs(r->cons[k].bound)) : 1e300;
}

static unsigned long long splitmix(unsigned long long *s)
{
    unsigned long long z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* NLopt's verdict on a stage.  Stopping at the budget, at a tolerance, at
 * the limit rounding sets (the point is still the best found, as NLopt
 * documents) or by run_fail's force_stop ends a stage normally; any other
 * failure means the stage never searched, which must not pass for a
 * result. */
static void stage_done(run_state *r, nlopt_result res, const char *stage)
{
    if (res > 0 || res == NLOPT_ROUNDOFF_LIMITED || res == NLOPT_FORCED_STOP)
        return;
    const char *why = r->nl ? nlopt_get_errmsg(r->nl) : NULL;
    run_fail(r, neq_fail(res == NLOPT_OUT_OF_MEMORY ? NEQ_ENOMEM
                         : res == NLOPT_INVALID_ARGS ? NEQ_EINVAL
                                                     : NEQ_ECONVERGE,
                         "run %d: NLopt's %s failed: %s", r->run + 1, stage,
                         why && *why ? why : nlopt_result_to_string(res)));
}

static void run_search(run_state *r, unsigned long long seed, const neq_design_options *o)
{
    int n = r->n;
    if (n == 0) { /* categorical only: the combination itself */
        double g;
        run_eval(r, NULL, &g, r->last_slack);
        return;
    }
    unsigned long long st = seed ^ (0xD1B54A32D192ED03ULL * (unsigned long long)(r->run + 1));
    nlopt_srand(splitmix(&st));
    double *y = malloc(sizeof *y * (size_t)n * 3);
    if (!y) {
        run_fail(r, neq_fail(NEQ_ENOMEM, "no memory"));
        return;
    }
    double *step = y + n, *tol = step + n;
    for (int j = 0; j < n; j++) {
        double u = (double)(splitmix(&st) >> 11) * 0x1.0p-53;
        /* never beyond the upper bound by a rounding: NLopt refuses such a start */
        y[j] = fmin(r->ylo[j] + u * (r->yhi[j] - r->ylo[j]), r->yhi[j]);
        step[j] = 0.1 * (r->yhi[j] - r->ylo[j]);
        tol[j] = 1e-9 * (r->yhi[j] - r->ylo[j]);
    }
    double f;
    int budget = o->global_evals > 0 ? o->global_evals : 5 * (n + 2);
    /* CRS needs a simplex, n + 1 points, before its first step: NLopt
     * refuses a smaller population without evaluating anything.  A budget
     * below n + 1 is still spent, on the start and random points alone. */
    int pop = budget / 2 < 10 * (n + 1) ? budget / 2 : 10 * (n + 1);
    if (pop < n + 1)
        pop = n + 1;
    r->stage = NEQ_DESIGN_GLOBAL;
    r->nl = nlopt_create(NLOPT_GN_CRS2_LM, (unsigned)n);
    if (!r->nl) {
        run_fail(r, neq_fail(NEQ_ENOMEM, "no memory for NLopt"));
        free(y);
        return;
    }
    nlopt_result res = nlopt_set_lower_bounds(r->nl, r->ylo);
    if (res > 0)
        res = nlopt_set_upper_bounds(r->nl, r->yhi);
    if (res > 0)
        res = nlopt_set_max_objective(r->nl, global_obj, r);
    if (res > 0)
        res = nlopt_set_maxeval(r->nl, budget);
    if (res > 0)
        res = nlopt_set_population(r->nl, (unsigned)pop);
    if (res > 0)
        res = nlopt_optimize(r->nl, y, &f); /* stops at maxeval: its best point is what we keep */
    stage_done(r, res, "global stage (CRS2)");
    nlopt_destroy(r->nl);
    r->nl = NULL;
    if (r->status) {
        free(y);
        return;
    }
    /* the polish from the best feasible point (else the global stage's) */
    if (r->have)
        memcpy(y, r->best_y, sizeof *y * (size_t)n);
    r->stage = NEQ_DESIGN_LOCAL;
    r->last_valid = 0;
    r->nl = nlopt_create(r->ncons ? NLOPT_LN_COBYLA : NLOPT_LN_BOBYQA, (unsigned)n);
    if (!r->nl) {
        run_fail(r, neq_fail(NEQ_ENOMEM, "no memory for NLopt"));
        free(y);
        return;
    }
    res = nlopt_set_lower_bounds(r->nl, r->ylo);
    if (res > 0)
        res = nlopt_set_upper_bounds(r->nl, r->yhi);
    if (res > 0)
        res = nlopt_set_max_objective(r->nl, local_obj, r);
    if (res > 0 && r->ncons) {
        /* without its constraints COBYLA would polish towards infeasible
         * points: no memory for them stops the run instead */
        double *ctol = malloc(sizeof *ctol * (size_t)r->ncons);
        for (int k = 0; ctol && k < r->ncons; k++)
            ctol[k] = 1e-12;
        res = ctol ? nlopt_add_inequality_mconstraint(r->nl, (unsigned)r->ncons, local_cons, r, ctol)
                   : NLOPT_OUT_OF_MEMORY;
        free(ctol);
    }
    if (res > 0)
        res = nlopt_set_initial_step(r->nl, step);
    if (res > 0)
        res = nlopt_set_xtol_rel(r->nl, o->xtol_rel > 0 ? o->xtol_rel : 1e-7);
    if (res > 0)
        res = nlopt_set_xtol_abs(r->nl, tol);
    if (res > 0)
        res = nlopt_set_maxeval(r->nl, o->local_evals > 0 ? o->local_evals : 400);
    if (res > 0)
        res = nlopt_optimize(r->nl, y, &f);
    stage_done(r, res, r->ncons ? "polish (COBYLA)" : "polish (BOBYQA)");
    nlopt_destroy(r->nl);
    r->nl = NULL;
    free(y);
}

/* ----------------------------------------------------- the driver */

typedef struct {
    int nvars;
    const neq_design_var *vars;
    int ncons;
    const neq_design_constraint *cons;
    const neq_design_options *opt;
    const evaluator *ev;
    int ncont, *cont, ncat, *catv;
    double *ylo, *yhi;
    int *lg;
} problem;

static void res_init(neq_design_result *res, int nvars, int ncons)
{
    memset(res, 0, sizeof *res);
    res->nvars = nvars;
    res->ncons = ncons;
    res->value = NAN;
    res->best_run = -1;
}

/* the categorical indices of combination c (mixed radix, first variable slowest) */
static void decode(const problem *pb, long c, int *cat)
{
    for (int i = pb->ncat - 1; i >= 0; i--) {
        int nc = pb->vars[pb->catv[i]].nchoices;
        cat[i] = (int)(c % nc);
        c /= nc;
    }
}

#ifdef NEQ_MPI
/* Every rank's runs to every rank (MPI_COMM_WORLD): what each run found,
 * packed in run order, so that all ranks combine the same results in the
 * same order. */
static size_t run_bytes(const run_state *r, int n, int ncons, int cols)
{
    return sizeof(int) * 4 + sizeof(double) * (2 + (size_t)n + (size_t)ncons) +
           sizeof(long) * 3 + 512 + sizeof(double) * (size_t)r->nh * (size_t)cols;
}

static unsigned char *pack_run(const run_state *r, int n, int ncons, int cols, unsigned char *q)
{
#define PUT(x, size)                                                                     \
    do {                                                                                 \
        memcpy(q, (x), (size));                                                          \
        q += (size);                                                                     \
    } while (0)
    PUT(&r->run, sizeof(int));
    PUT(&r->have, sizeof(int));
    PUT(&r->first_status, sizeof(int));
    PUT(&r->status, sizeof(int));
    PUT(&r->best_g, sizeof(double));
    PUT(&r->best_v, sizeof(double));
    PUT(r->best_y, sizeof(double) * (size_t)n);
    PUT(r->best_c, sizeof(double) * (size_t)ncons);
    PUT(&r->nh, sizeof(long));
    PUT(&r->nevals, sizeof(long));
    PUT(&r->nfailed, sizeof(long));
    PUT(r->first_detail, 256);
    PUT(r->status_detail, 256);
    if (r->nh)
        PUT(r->hist, sizeof(double) * (size_t)r->nh * (size_t)cols);
#undef PUT
    return q;
}

static const unsigned char *unpack_run(run_state *rs, int n, int ncons, int cols,
                                       const unsigned char *q)
{
#define GET(x, size)                                                                     \
    do {                                                                                 \
        memcpy((x), q, (size));                                                          \
        q += (size);                                                                     \
    } while (0)
    int run;
    GET(&run, sizeof(int));
    run_state *r = &rs[run];
    GET(&r->have, sizeof(int));
    GET(&r->first_status, sizeof(int));
    GET(&r->status, sizeof(int));
    GET(&r->best_g, sizeof(double));
    GET(&r->best_v, sizeof(double));
    r->best_y = malloc(sizeof(double) * ((size_t)n + 1));
    r->best_c = malloc(sizeof(double) * ((size_t)ncons + 1));
    if (!r->best_y || !r->best_c)
        MPI_Abort(MPI_COMM_WORLD, 1);
    GET(r->best_y, sizeof(double) * (size_t)n);
    GET(r->best_c, sizeof(double) * (size_t)ncons);
    GET(&r->nh, sizeof(long));
    GET(&r->nevals, sizeof(long));
    GET(&r->nfailed, sizeof(long));
    GET(r->first_detail, 256);
    GET(r->status_detail, 256);
    r->hist = r->nh ? malloc(sizeof(double) * (size_t)r->nh * (size_t)cols) : NULL;
    if (r->nh && !r->hist)
        MPI_Abort(MPI_COMM_WORLD, 1);
    if (r->nh)
        GET(r->hist, sizeof(double) * (size_t)r->nh * (size_t)cols);
#undef GET
    return q;
}

static void share_runs(run_state *rs, int nruns, int n, int ncons, int cols, int rank, int size,
                       const unsigned char *here)
{
    size_t mine = 0;
    for (int run = 0; run < nruns; run++)
        if (here[run])
            mine += run_bytes(&rs[run], n, ncons, cols);
    unsigned char *buf = malloc(mine + 1), *q = buf;
    int *counts = malloc(sizeof *counts * (size_t)size), *displs = malloc(sizeof *displs * (size_t)size);
    if (!buf || !counts || !displs || mine > 0x7fffffff)
        MPI_Abort(MPI_COMM_WORLD, 1);
    for (int run = 0; run < nruns; run++)
        if (here[run])
            q = pack_run(&rs[run], n, ncons, cols, q);
    int len = (int)(q - buf);
    MPI_Allgather(&len, 1, MPI_INT, counts, 1, MPI_INT, MPI_COMM_WORLD);
    long total = 0;
    for (int k = 0; k < size; k++) {
        displs[k] = (int)total;
        total += counts[k];
    }
    unsigned char *all = malloc((size_t)total + 1);
    if (!all || total > 0x7fffffff)
        MPI_Abort(MPI_COMM_WORLD, 1);
    MPI_Allgatherv(buf, len, MPI_BYTE, all, counts, displs, MPI_BYTE, MPI_COMM_WORLD);
    for (int k = 0; k < size; k++) {
        if (k == rank)
            continue;
        const unsigned char *p = all + displs[k], *end = p + counts[k];
        while (p < end)
            p = unpack_run(rs, n, ncons, cols, p);
    }
    free(all);
    free(buf);
    free(counts);
    free(displs);
}
#endif

/* run `run`: its categorical choices (run / starts), then the search from
 * its start; what it found stays in rs[run] */
static void do_run(const problem *pb, run_state *rs, int run, int starts)
{
    const neq_design_options *o = pb->opt;
    run_state *r = &rs[run];
    int *cat = malloc(sizeof *cat * (size_t)(pb->ncat + 1));
    double *catx = malloc(sizeof *catx * (size_t)(pb->nvars + 1));
    size_t nd = (size_t)pb->ncont + 1, nc = (size_t)pb->ncons + 1;
    r->best_y = malloc(sizeof(double) * nd);
    r->last_y = malloc(sizeof(double) * nd);
    r->best_c = malloc(sizeof(double) * nc);
    r->last_slack = malloc(sizeof(double) * nc);
    r->cbuf = malloc(sizeof(double) * nc);
    if (!cat || !catx || !r->best_y || !r->last_y || !r->best_c || !r->last_slack || !r->cbuf) {
        run_fail(r, neq_fail(NEQ_ENOMEM, "no memory for run %d", run));
    } else {
        decode(pb, run / starts, cat);
        for (int i = 0; i < pb->nvars; i++)
            catx[i] = NAN;
        for (int i = 0; i < pb->ncat; i++)
            catx[pb->catv[i]] = cat[i];
        r->catx = catx;
        int st = pb->ev->ctx_new(pb->ev->user, cat, &r->ctx);
        if (st) {
            run_fail(r, st);
        } else {
            run_search(r, o->seed, o);
            pb->ev->ctx_free(r->ctx);
        }
        r->ctx = NULL;
        r->catx = NULL;
    }
    free(cat);
    free(catx);
    free(r->last_y);
    free(r->last_slack);
    free(r->cbuf);
    r->last_y = r->last_slack = r->cbuf = NULL;
}

static int solve(const problem *pb, neq_design_result *res)
{
    const neq_design_options *o = pb->opt;
    long ncombo = 1;
    for (int i = 0; i < pb->ncat; i++)
        ncombo *= pb->vars[pb->catv[i]].nchoices;
    int starts = pb->ncont ? (o->starts > 0 ? o->starts : 4) : 1;
    if ((long long)ncombo * starts > MAX_RUNS)
        return neq_fail(NEQ_EINVAL, "%ld combinations of choices x %d starts: more than %d runs",
                        ncombo, starts, MAX_RUNS);
    int nruns = (int)(ncombo * starts);
    int cols = 5 + pb->nvars + pb->ncons;
    run_state *rs = calloc((size_t)nruns, sizeof *rs);
    if (!rs)
        return neq_fail(NEQ_ENOMEM, "no memory for %d runs", nruns);
    int threads = o->threads > 0 ? o->threads : 1;
    /* under MPI the ranks share the runs out (below), then every rank has
     * all of them (share_runs): the result does not depend on the ranks */
    int rank = 0, size = 1;
    (void)rank;
#ifdef NEQ_MPI
    int mpi = 0;
    if (o->mpi)
        MPI_Initialized(&mpi);
    if (mpi) {
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
        MPI_Comm_size(MPI_COMM_WORLD, &size);
    }
#endif
    for (int run = 0; run < nruns; run++) { /* every run's frame, the other ranks' too */
        run_state *r = &rs[run];
        r->ev = pb->ev;
        r->n = pb->ncont;
        r->ylo = pb->ylo;
        r->yhi = pb->yhi;
        r->lg = pb->lg;
        r->nvars = pb->nvars;
        r->vars = pb->vars;
        r->cont = pb->cont;
        r->ncons = pb->ncons;
        r->cons = pb->cons;
        r->sign = o->minimize ? -1 : 1;
        r->run = run;
        r->cols = cols;
    }
    /* under MPI the ranks take runs from a counter on rank 0 (one-sided,
     * as the sweep's farm), a batch of `threads` at a time, so that runs of
     * different cost (a sphere beside a slab) balance; each run's result
     * depends on its index alone, and every rank then has them all */
    unsigned char *here = calloc((size_t)nruns + 1, 1);
    if (!here) {
#ifdef NEQ_MPI
        if (size > 1) /* the others would wait for this rank's counter */
            MPI_Abort(MPI_COMM_WORLD, 1);
#endif
        free(rs);
        return neq_fail(NEQ_ENOMEM, "no memory for %d runs", nruns);
    }
    if (size == 1) {
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
        for (int run = 0; run < nruns; run++)
            do_run(pb, rs, run, starts);
    }
#ifdef NEQ_MPI
    else {
        neq_counter counter;
        neq_counter_open(&counter);
        for (;;) {
            long step = threads, first = neq_counter_take(&counter, step);
            if (first >= nruns)
                break;
            int last = first + step < nruns ? (int)(first + step) : nruns;
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
            for (int run = (int)first; run < last; run++) {
                do_run(pb, rs, run, starts);
                here[run] = 1;
            }
        }
        neq_counter_close(&counter);
        share_runs(rs, nruns, pb->ncont, pb->ncons, cols, rank, size, here);
    }
#endif
    free(here);

    /* combine in run order */
    int rc = NEQ_OK, best = -1;
    long nh = 0;
    for (int run = 0; run < nruns; run++) {
        run_state *r = &rs[run];
        if (!rc && r->status)
            rc = neq_fail(r->status, "%s", r->status_detail);
        res->evaluations += r->nevals;
        res->failed += r->nfailed;
        nh += r->nh;
        if (r->have && (best < 0 || r->best_g > rs[best].best_g))
            best = run;
    }
    res->runs = nruns;
    if (!rc && res->evaluations > 0 && res->failed == res->evaluations) {
        int first = 0;
        while (first < nruns && !rs[first].first_status)
            first++;
        rc = neq_fail(NEQ_ECONVERGE, "every one of %ld evaluations failed; the first: %s",
                      res->evaluations, first < nruns ? rs[first].first_detail : "?");
    }
    res->history_cols = cols;
    res->history = rc ? NULL : malloc(sizeof(double) * (size_t)(nh + 1) * (size_t)cols);
    if (!rc && !res->history)
        rc = neq_fail(NEQ_ENOMEM, "no memory for the history");
    for (int run = 0; !rc && run < nruns; run++) {
        memcpy(res->history + (size_t)res->nhistory * (size_t)cols, rs[run].hist,
               sizeof(double) * (size_t)rs[run].nh * (size_t)cols);
        res->nhistory += rs[run].nh;
    }
    if (!rc && best >= 0) {
        run_state *r = &rs[best];
        res->feasible = 1;
        res->best_run = best;
        res->value = r->best_v;
        int *cat = malloc(sizeof *cat * (size_t)(pb->ncat + 1));
        if (!cat)
            rc = neq_fail(NEQ_ENOMEM, "no memory");
        else
            decode(pb, best / starts, cat);
        for (int i = 0; !rc && i < pb->ncat; i++)
            res->x[pb->catv[i]] = cat[i];
        for (int j = 0; !rc && j < pb->ncont; j++)
            res->x[pb->cont[j]] = to_x(r, j, r->best_y[j]);
        for (int k = 0; !rc && k < pb->ncons; k++)
            res->constraints[k] = r->best_c[k];
        free(cat);
    }
    for (int run = 0; run < nruns; run++) {
        free(rs[run].hist);
        free(rs[run].best_y);
        free(rs[run].best_c);
    }
    free(rs);
    return rc;
}

/* The gradient at the best point by central differences (one-sided at a
 * bound), in the search variable y, with the evaluations appended to the
 * history; which bounds and constraints are active. */
static int sensitivity(const problem *pb, neq_design_result *res)
{
    int starts = pb->ncont ? (pb->opt->starts > 0 ? pb->opt->starts : 4) : 1;
    int *cat = malloc(sizeof *cat * (size_t)(pb->ncat + 1));
    double *catx = malloc(sizeof *catx * (size_t)(pb->nvars + 1));
    int n = pb->ncont, cols = res->history_cols;
    run_state r = {0};
    double *y = malloc(sizeof *y * (size_t)(n + 1));
    double *slack = malloc(sizeof *slack * (size_t)(pb->ncons + 1));
    r.best_y = malloc(sizeof(double) * (size_t)(n + 1));
    r.best_c = malloc(sizeof(double) * (size_t)(pb->ncons + 1));
    r.cbuf = malloc(sizeof(double) * (size_t)(pb->ncons + 1));
    int rc = (!cat || !catx || !y || !slack || !r.best_y || !r.best_c || !r.cbuf)
                 ? neq_fail(NEQ_ENOMEM, "no memory")
                 : NEQ_OK;
    if (!rc) {
        decode(pb, res->best_run / starts, cat);
        for (int i = 0; i < pb->nvars; i++)
            catx[i] = NAN;
        for (int i = 0; i < pb->ncat; i++)
            catx[pb->catv[i]] = cat[i];
        r = (run_state){.ev = pb->ev, .n = n, .ylo = pb->ylo, .yhi = pb->yhi, .lg = pb->lg,
                        .nvars = pb->nvars, .vars = pb->vars, .cont = pb->cont, .catx = catx,
                        .ncons = pb->ncons,
                        .cons = pb->cons, .sign = 1, .run = res->best_run,
                        .stage = NEQ_DESIGN_SENSITIVITY, .cols = cols, .best_y = r.best_y,
                        .best_c = r.best_c, .cbuf = r.cbuf};
        rc = pb->ev->ctx_new(pb->ev->user, cat, &r.ctx);
    }
    for (int j = 0; !rc && j < n; j++) {
        int i = pb->cont[j];
        double x = res->x[i], y0 = pb->lg[j] ? log(x) : x, span = pb->yhi[j] - pb->ylo[j];
        double h = 1e-4 * span, tolb = 1e-6 * span;
        res->active[i] = y0 <= pb->ylo[j] + tolb ? -1 : y0 >= pb->yhi[j] - tolb ? 1 : 0;
        double ya = fmax(y0 - h, pb->ylo[j]), yb = fmin(y0 + h, pb->yhi[j]), va = NAN, vb = NAN;
        for (int s = 0; s < 2; s++) {
            for (int k = 0; k < n; k++)
                y[k] = pb->lg[k] ? log(res->x[pb->cont[k]]) : res->x[pb->cont[k]];
            y[j] = s ? yb : ya;
            double g;
            run_eval(&r, y, &g, slack);
            /* the true objective (the history's value), not the searched one */
            if (r.nh)
                (s ? &vb : &va)[0] = r.hist[(size_t)(r.nh - 1) * (size_t)cols + 2 + (size_t)pb->nvars];
        }
        res->gradient[i] = (vb - va) / (yb - ya);
        if (r.status) /* its own message: later evaluations overwrite the thread's */
            rc = neq_fail(r.status, "%s", r.status_detail);
        /* exact where the model has the derivative (linear response): it
         * replaces the differences, kept above for the history */
        double gx, *xs = NULL;
        if (!rc && pb->ev->deriv && (xs = malloc(sizeof *xs * (size_t)(n + 1)))) {
            for (int k = 0; k < n; k++)
                xs[k] = res->x[pb->cont[k]];
            if (pb->ev->deriv(r.ctx, xs, j, &gx) == 0) {
                res->gradient[i] = pb->lg[j] ? gx * x : gx;
                res->gradient_exact[i] = 1;
            }
            neq_clear_error();
        }
        free(xs);
    }
    for (int i = 0; i < pb->nvars; i++)
        if (pb->vars[i].nchoices)
            res->gradient[i] = NAN;
    for (int k = 0; !rc && k < pb->ncons; k++) {
        double B = pb->cons[k].bound;
        res->constraint_active[k] = fabs(res->constraints[k] - B) <= 1e-6 * fmax(1, fabs(B));
    }
    if (r.ctx)
        pb->ev->ctx_free(r.ctx);
    if (!rc && r.nh) {
        double *h = realloc(res->history, sizeof(double) * (size_t)(res->nhistory + r.nh) * (size_t)cols);
        if (!h)
            rc = neq_fail(NEQ_ENOMEM, "no memory for the history");
        else {
            res->history = h;
            memcpy(h + (size_t)res->nhistory * (size_t)cols, r.hist,
                   sizeof(double) * (size_t)r.nh * (size_t)cols);
            res->nhistory += r.nh;
        }
    }
    res->evaluations += r.nevals;
    res->failed += r.nfailed;
    free(r.hist);
    free(r.best_y);
    free(r.best_c);
    free(r.cbuf);
    free(slack);
    free(y);
    free(cat);
    free(catx);
    return rc;
}

/* Validates the variables' shapes and bounds (ranges by check(k, v) of
 * the caller), fills pb's variable layout and res's arrays. */
static int setup(problem *pb, neq_design_result *res)
{
    int nv = pb->nvars, nc = pb->ncons;
    pb->cont = malloc(sizeof(int) * (size_t)(nv + 1));
    pb->catv = malloc(sizeof(int) * (size_t)(nv + 1));
    pb->lg = malloc(sizeof(int) * (size_t)(nv + 1));
    pb->ylo = malloc(sizeof(double) * (size_t)(nv + 1));
    pb->yhi = malloc(sizeof(double) * (size_t)(nv + 1));
    res->x = malloc(sizeof(double) * (size_t)(nv + 1));
    res->gradient = malloc(sizeof(double) * (size_t)(nv + 1));
    res->gradient_exact = calloc((size_t)nv + 1, sizeof(int));
    res->active = calloc((size_t)nv + 1, sizeof(int));
    res->constraints = malloc(sizeof(double) * (size_t)(nc + 1));
    res->constraint_active = calloc((size_t)nc + 1, sizeof(int));
    if (!pb->cont || !pb->catv || !pb->lg || !pb->ylo || !pb->yhi || !res->x || !res->gradient ||
        !res->gradient_exact || !res->active || !res->constraints || !res->constraint_active)
        return neq_fail(NEQ_ENOMEM, "no memory for the search");
    long combos = 1;
    for (int i = 0; i < nv; i++) {
        const neq_design_var *v = &pb->vars[i];
        res->x[i] = res->gradient[i] = NAN;
        if (v->nchoices < 0 || (v->nchoices > 0 && !v->choices))
            return neq_fail(NEQ_EINVAL, "variable %d: bad list of choices", i + 1);
        if (v->nchoices) {
            combos *= v->nchoices;
            if (combos > MAX_COMBOS)
                return neq_fail(NEQ_EINVAL, "more than %d combinations of choices", MAX_COMBOS);
            pb->catv[pb->ncat++] = i;
            continue;
        }
        if (isnan(v->lo) || isnan(v->hi))
            return neq_fail(NEQ_ENAN, "%s: a bound is NaN", v->params);
        if (!(v->lo < v->hi) || !isfinite(v->lo) || !isfinite(v->hi))
            return neq_fail(NEQ_EINVAL, "%s: the range [%g, %g] is empty", v->params, v->lo, v->hi);
        if (v->log && !(v->lo > 0))
            return neq_fail(NEQ_EINVAL, "%s: a log range needs positive bounds, not [%g, %g]",
                            v->params, v->lo, v->hi);
        int j = pb->ncont++;
        pb->cont[j] = i;
        pb->lg[j] = v->log != 0;
        pb->ylo[j] = v->log ? log(v->lo) : v->lo;
        pb->yhi[j] = v->log ? log(v->hi) : v->hi;
    }
    for (int k = 0; k < nc; k++)
        if (pb->cons[k].op != NEQ_DESIGN_LE && pb->cons[k].op != NEQ_DESIGN_GE)
            return neq_fail(NEQ_EINVAL, "constraint %d: op must be <= or >=", k + 1);
        else if (!isfinite(pb->cons[k].bound))
            return neq_fail(NEQ_EINVAL, "constraint on %s: the bound is not finite",
                            pb->cons[k].quantity ? pb->cons[k].quantity : "?");
    return NEQ_OK;
}

static void problem_free(problem *pb)
{
    free(pb->cont);
    free(pb->catv);
    free(pb->lg);
    free(pb->ylo);
    free(pb->yhi);
}

static int run_problem(problem *pb, neq_design_result *res)
{
    int rc = setup(pb, res);
    if (!rc)
        rc = solve(pb, res);
    if (!rc && res->feasible)
        rc = sensitivity(pb, res);
    problem_free(pb);
    return rc;
}

int neq_design_search_fn(neq_design_fn f, neq_design_surrogate_fn surrogate, void *user, int nvars,
                         const neq_design_var *vars, int ncons, const neq_design_constraint *cons,
                         const neq_design_options *opt, neq_design_result *res)
{
    neq_clear_error();
    if (!res)
        return neq_fail(NEQ_EINVAL, "neq_design_search_fn: res is NULL");
    res_init(res, nvars, ncons);
    if (!f || nvars < 1 || !vars || ncons < 0 || (ncons && !cons))
        return neq_fail(NEQ_EINVAL, "neq_design_search_fn: bad arguments");
    for (int i = 0; i < nvars; i++)
        if (vars[i].nchoices)
            return neq_fail(NEQ_EINVAL, "neq_design_search_fn: continuous variables only");
    neq_design_options def = neq_design_options_default();
    fn_user fu = {f, surrogate, user};
    evaluator ev = {fn_eval, fn_ctx_new, fn_ctx_free, &fu, NULL};
    problem pb = {nvars, vars, ncons, cons, opt ? opt : &def, &ev, 0, NULL, 0, NULL, NULL, NULL, NULL};
    int rc = run_problem(&pb, res);
    if (rc) /* a failure leaves nothing to free */
        neq_design_result_free(res);
    return rc;
}

/* the quantity's index, scalar, with a suggestion when misspelt */
static int scalar_quantity(const neq_model *m, const char *name, const char *role, int *k)
{
    *k = name ? neq_model_quantity_index(m, name) : -1;
    if (*k < 0) {
        const char *s = name ? neq_model_suggest(m, 1, name) : NULL;
        return neq_fail(NEQ_EINVAL, "%s: unknown quantity '%.60s' of the %s model%s%s%s", role,
                        name ? name : "(none)", neq_model_name(m), s ? " (did you mean " : "",
                        s ? s : "", s ? "?)" : "");
    }
    const neq_quantity_desc *q = neq_model_quantity(m, *k);
    if (q->kind != NEQ_QUANTITY_SCALAR && q->kind != NEQ_QUANTITY_BOOL)
        return neq_fail(NEQ_EINVAL, "%s: %s is not a scalar quantity", role, q->name);
    return NEQ_OK;
}

int neq_design_search(const neq_params *base, const char *objective, int nvars,
                      const neq_design_var *vars, int ncons, const neq_design_constraint *cons,
                      const neq_design_options *opt, neq_design_result *res)
{
    neq_clear_error();
    if (!res)
        return neq_fail(NEQ_EINVAL, "neq_design_search: res is NULL");
    res_init(res, nvars, ncons);
    if (!base || nvars < 1 || !vars || ncons < 0 || (ncons && !cons))
        return neq_fail(NEQ_EINVAL, "neq_design_search: bad arguments");
    NEQ_TRY(neq_single_point_only(base));
    const neq_model *m = neq_params_model(base);
    neq_design_options def = neq_design_options_default();
    if (!opt)
        opt = &def;
    model_user u = {base, nvars, vars, NULL, NULL, 0, NULL, -1, -1, -1, ncons, NULL, opt->minimize};
    NEQ_TRY(scalar_quantity(m, objective, "objective", &u.qk));
    if (!strcmp(objective, "concurrence")) {
        u.k1 = neq_model_quantity_index(m, "K1");
        u.k2 = neq_model_quantity_index(m, "K2");
        if (u.k1 < 0 || u.k2 < 0)
            u.k1 = u.k2 = -1;
    }
    int rc = NEQ_OK;
    u.ck = malloc(sizeof(int) * (size_t)(ncons + 1));
    u.pidx = calloc((size_t)nvars, sizeof *u.pidx);
    u.lidx = calloc((size_t)nvars, sizeof *u.lidx);
    u.cont = malloc(sizeof(int) * (size_t)(nvars + 1));
    if (!u.ck || !u.pidx || !u.lidx || !u.cont)
        rc = neq_fail(NEQ_ENOMEM, "no memory for the search");
    for (int k = 0; !rc && k < ncons; k++)
        rc = scalar_quantity(m, cons[k].quantity, "constraint", &u.ck[k]);
    neq_params *scratch = NULL;
    if (!rc)
        rc = neq_params_copy(base, &scratch);
    /* each variable's parameters: known, REAL if continuous, every choice
     * parsing, bounds in range, none varied twice */
    for (int i = 0; !rc && i < nvars; i++) {
        const neq_design_var *v = &vars[i];
        const char *s = v->params ? v->params : "";
        size_t count = 1;
        for (const char *q = s; *q; q++)
            count += *q == ',';
        u.pidx[i] = malloc(sizeof(int) * (count + 1));
        if (!u.pidx[i]) {
            rc = neq_fail(NEQ_ENOMEM, "no memory");
            break;
        }
        int np = 0;
        while (!rc) {
            size_t len = strcspn(s, ",");
            char name[64];
            snprintf(name, sizeof name, "%.*s", (int)(len < 63 ? len : 63), s);
            int k = neq_model_param_index(m, name);
            if (k < 0) {
                const char *sg = neq_model_suggest(m, 0, name);
                rc = neq_fail(NEQ_EINVAL, "unknown parameter '%s' of the %s model%s%s%s", name,
                              neq_model_name(m), sg ? " (did you mean " : "", sg ? sg : "",
                              sg ? "?)" : "");
                break;
            }
            const neq_param_desc *d = neq_model_param(m, k);
            for (int j = 0; j < i && !rc; j++)
                for (const int *kk = u.pidx[j]; *kk >= 0; kk++)
                    if (*kk == k)
                        rc = neq_fail(NEQ_EINVAL, "%s is varied twice", d->name);
            for (int j = 0; j < np && !rc; j++)
                if (u.pidx[i][j] == k)
                    rc = neq_fail(NEQ_EINVAL, "%s is varied twice", d->name);
            if (rc)
                break;
            if (!v->nchoices) {
                if (d->kind != NEQ_PARAM_REAL)
                    rc = neq_fail(NEQ_EINVAL, "%s is not a real parameter: give its values as a "
                                              "list (NAME=a,b,...)", d->name);
                else if (!isnan(v->lo) && !isnan(v->hi) && v->lo < v->hi &&
                         ((rc = neq_param_check(d, v->lo)) || (rc = neq_param_check(d, v->hi))))
                    rc = neq_fail(rc, "%s bounds: %s", d->name, neq_errdetail());
            } else {
                /* each choice read, and built once at the base point: a
                 * material that does not exist is refused here, not met as
                 * a failed evaluation */
                for (int c = 0; !rc && c < v->nchoices; c++) {
                    neq_params *one = NULL;
                    neq_plan *plan = NULL;
                    if (!v->choices[c] || neq_params_set_text(scratch, d->name, v->choices[c]))
                        rc = neq_fail(NEQ_EINVAL, "%s", neq_errdetail());
                    else if ((rc = neq_params_copy(base, &one)) == 0 &&
                             (rc = neq_params_set_text(one, d->name, v->choices[c])) == 0 &&
                             neq_plan_alloc(one, &plan) == NEQ_EINVAL)
                        rc = neq_fail(NEQ_EINVAL, "%s = %s: %s", d->name, v->choices[c],
                                      neq_errdetail());
                    neq_plan_free(plan);
                    neq_params_free(one);
                }
            }
            u.pidx[i][np++] = k;
            s += len;
            if (!*s)
                break;
            s++;
        }
        if (u.pidx[i])
            u.pidx[i][np] = -1;
        if (!rc && v->nlinked < 0)
            rc = neq_fail(NEQ_EINVAL, "%s: bad number of linked parameters", s);
        if (!rc && v->nlinked && (v->nchoices || !v->linked || !v->linked_lo || !v->linked_hi))
            rc = neq_fail(NEQ_EINVAL, "%s: only a continuous variable takes linked parameters",
                          v->params);
        if (!rc && v->nlinked && !(u.lidx[i] = malloc(sizeof(int) * (size_t)v->nlinked)))
            rc = neq_fail(NEQ_ENOMEM, "no memory");
        for (int l = 0; !rc && l < v->nlinked; l++) {
            int k = v->linked[l] ? neq_model_param_index(m, v->linked[l]) : -1;
            const neq_param_desc *d = k >= 0 ? neq_model_param(m, k) : NULL;
            if (!d || d->kind != NEQ_PARAM_REAL)
                rc = neq_fail(NEQ_EINVAL, "linked '%.60s': not a real parameter of the %s model",
                              v->linked[l] ? v->linked[l] : "(null)", neq_model_name(m));
            else if ((rc = neq_param_check(d, v->linked_lo[l])) ||
                     (rc = neq_param_check(d, v->linked_hi[l])))
                rc = neq_fail(rc, "linked %s: %s", d->name, neq_errdetail());
            for (int j = 0; !rc && j <= i; j++)
                for (const int *kk = u.pidx[j]; kk && *kk >= 0; kk++)
                    if (*kk == k)
                        rc = neq_fail(NEQ_EINVAL, "%s is varied twice", d->name);
            for (int j = 0; !rc && j < l; j++)
                if (u.lidx[i][j] == k)
                    rc = neq_fail(NEQ_EINVAL, "%s is varied twice", d->name);
            if (!rc)
                u.lidx[i][l] = k;
        }
        if (!rc && !v->nchoices)
            u.cont[u.ncont++] = i;
    }
    neq_params_free(scratch);
    if (!rc) {
        evaluator ev = {model_eval, model_ctx_new, model_ctx_free, &u, model_deriv};
        problem pb = {nvars, vars, ncons, cons, opt, &ev, 0, NULL, 0, NULL, NULL, NULL, NULL};
        rc = run_problem(&pb, res);
    }
    /* a true/false quantity always sits on its bound when kept: not "active" */
    for (int k = 0; !rc && res->feasible && k < ncons; k++)
        if (neq_model_quantity(m, u.ck[k])->kind == NEQ_QUANTITY_BOOL)
            res->constraint_active[k] = 0;
    if (!rc && res->feasible) { /* the best point's parameters */
        rc = neq_params_copy(base, &res->best);
        for (int i = 0; !rc && i < nvars; i++)
            for (const int *k = u.pidx[i]; !rc && *k >= 0; k++)
                rc = vars[i].nchoices
                         ? neq_params_set_text(res->best, neq_model_param(m, *k)->name,
                                               vars[i].choices[(int)res->x[i]])
                         : neq_params_set_at(res->best, *k, res->x[i]);
        for (int i = 0; !rc && i < nvars; i++)
            if (vars[i].nlinked)
                rc = set_linked(res->best, &vars[i], u.lidx[i], res->x[i]);
    }
    for (int i = 0; u.pidx && i < nvars; i++)
        free(u.pidx[i]);
    for (int i = 0; u.lidx && i < nvars; i++)
        free(u.lidx[i]);
    free(u.pidx);
    free(u.lidx);
    free(u.ck);
    free(u.cont);
    if (rc) /* a failure leaves nothing to free */
        neq_design_result_free(res);
    return rc;
}

void neq_design_result_free(neq_design_result *res)
{
    if (!res)
        return;
    free(res->x);
    neq_params_free(res->best);
    free(res->constraints);
    free(res->constraint_active);
    free(res->active);
    free(res->gradient);
    free(res->gradient_exact);
    free(res->history);
    int nv = res->nvars, nc = res->ncons;
    memset(res, 0, sizeof *res);
    res->nvars = nv;
    res->ncons = nc;
}
