/* Parameter grids (include/neqent/grid.h). */
#include "neqent/grid.h"
#include "../models/internal_models.h"

#include <limits.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_POINTS 100000000L /* 1e8: beyond, a row index no longer fits a useful file */
/* every axis varies a different parameter: a model has fewer than this */
#define NEQ_GRID_MAX_ENTRIES 64

struct neq_grid {
    neq_params *base;
    int naxes;       /* axes and linked axes ("entries") */
    int *param;      /* naxes: parameter index of each axis */
    int *link;       /* naxes: -1 for an axis, else the axis a linked entry follows */
    long *n;         /* naxes: number of values */
    double **values; /* naxes arrays */
    int nsel, rowlen;
    int *sel;
};

void neq_grid_free(neq_grid *g)
{
    if (!g)
        return;
    for (int a = 0; a < g->naxes; a++)
        free(g->values[a]);
    free(g->values);
    free(g->link);
    free(g->param);
    free(g->n);
    free(g->sel);
    neq_params_free(g->base);
    free(g);
}

static int default_selection(neq_grid *g)
{
    const neq_model *m = g->base->m;
    free(g->sel);
    g->sel = malloc(sizeof *g->sel * (size_t)(m->nquantities + 1));
    if (!g->sel)
        return neq_fail(NEQ_ENOMEM, "no memory for the grid");
    g->nsel = 0;
    g->rowlen = 0;
    for (int k = 0; k < m->nquantities; k++) {
        const neq_quantity_desc *d = &m->quantities[k].d;
        if ((d->kind == NEQ_QUANTITY_SCALAR || d->kind == NEQ_QUANTITY_BOOL) && !d->costly) {
            g->sel[g->nsel++] = k;
            g->rowlen++;
        }
    }
    return NEQ_OK;
}

int neq_grid_alloc(const neq_params *base, neq_grid **out)
{
    neq_clear_error();
    if (!base || !out)
        return neq_fail(NEQ_EINVAL, "neq_grid_alloc: NULL argument");
    *out = NULL;
    NEQ_TRY(neq_single_point_only(base));
    neq_grid *g = calloc(1, sizeof *g);
    if (!g)
        return neq_fail(NEQ_ENOMEM, "no memory for the grid");
    int rc = neq_params_copy(base, &g->base);
    if (rc == 0)
        rc = default_selection(g);
    if (rc) {
        neq_grid_free(g);
        return rc;
    }
    *out = g;
    return NEQ_OK;
}

long neq_grid_npoints(const neq_grid *g)
{
    if (!g)
        return 0;
    long n = 1;
    for (int a = 0; a < g->naxes; a++)
        if (g->link[a] < 0)
            n *= g->n[a];
    return n;
}

/* whether axis a (not a linked entry) changes a setup parameter: its own,
 * or one linked to it */
static int axis_setup(const neq_grid *g, int a)
{
    for (int b = 0; b < g->naxes; b++)
        if ((b == a || g->link[b] == a) && g->base->m->params[g->param[b]].setup)
            return 1;
    return 0;
}

/* the index on every entry of point idx (linked entries: their axis's) */
static void entry_indices(const neq_grid *g, long idx, long *ai)
{
    for (int a = g->naxes - 1; a >= 0; a--)
        if (g->link[a] < 0) {
            ai[a] = idx % g->n[a];
            idx /= g->n[a];
        }
    for (int a = 0; a < g->naxes; a++)
        if (g->link[a] >= 0)
            ai[a] = ai[g->link[a]];
}

static int add_entry(neq_grid *g, const char *param, const double *values, long n, int link)
{
    if (!g || !param || !values)
        return neq_fail(NEQ_EINVAL, "neq_grid_add_axis: NULL argument");
    const neq_model *m = g->base->m;
    int k = neq_model_param_index(m, param);
    if (k < 0) {
        const char *s = neq_model_suggest(m, 0, param);
        return neq_fail(NEQ_EINVAL, "unknown parameter '%.60s' of the %s model%s%s%s", param,
                        m->name, s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "");
    }
    const neq_param_desc *d = &m->params[k];
    if (d->kind != NEQ_PARAM_REAL)
        return neq_fail(NEQ_EINVAL, "%s is not a real number and cannot be varied", param);
    for (int a = 0; a < g->naxes; a++)
        if (g->param[a] == k)
            return neq_fail(NEQ_EINVAL, "%s is varied twice", param);
    if (g->naxes >= NEQ_GRID_MAX_ENTRIES)
        return neq_fail(NEQ_EINVAL, "more than %d varied parameters", NEQ_GRID_MAX_ENTRIES);
    if (n < 1)
        return neq_fail(NEQ_EINVAL, "%s: an axis needs at least one value", param);
    if (link >= 0 && n != g->n[link])
        return neq_fail(NEQ_EINVAL, "%s: %ld values cannot follow %s's %ld", param, n,
                        m->params[g->param[link]].name, g->n[link]);
    long total = neq_grid_npoints(g);
    if (link < 0 && n > MAX_POINTS / total)
        return neq_fail(NEQ_EDOMAIN, "%s: the grid would have more than %ld points", param,
                        MAX_POINTS);
    for (long i = 0; i < n; i++)
        NEQ_TRY(neq_param_check(d, values[i]));
    double *copy = malloc(sizeof *copy * (size_t)n);
    int *pa = realloc(g->param, sizeof *pa * (size_t)(g->naxes + 1));
    if (pa)
        g->param = pa;
    int *la = realloc(g->link, sizeof *la * (size_t)(g->naxes + 1));
    if (la)
        g->link = la;
    long *na = realloc(g->n, sizeof *na * (size_t)(g->naxes + 1));
    if (na)
        g->n = na;
    double **va = realloc(g->values, sizeof *va * (size_t)(g->naxes + 1));
    if (va)
        g->values = va;
    if (!copy || !pa || !la || !na || !va) {
        free(copy);
        return neq_fail(NEQ_ENOMEM, "no memory for the grid");
    }
    memcpy(copy, values, sizeof *copy * (size_t)n);
    g->param[g->naxes] = k;
    g->link[g->naxes] = link;
    g->n[g->naxes] = n;
    g->values[g->naxes] = copy;
    g->naxes++;
    return NEQ_OK;
}

int neq_grid_add_axis(neq_grid *g, const char *param, const double *values, long n)
{
    neq_clear_error();
    return add_entry(g, param, values, n, -1);
}

int neq_grid_add_linked_axis(neq_grid *g, const char *param, const double *values, long n)
{
    neq_clear_error();
    if (!g)
        return neq_fail(NEQ_EINVAL, "neq_grid_add_linked_axis: NULL grid");
    int last = -1;
    for (int a = 0; a < g->naxes; a++)
        if (g->link[a] < 0)
            last = a;
    if (last < 0)
        return neq_fail(NEQ_EINVAL, "%.60s: a linked axis needs an axis before it",
                        param ? param : "(null)");
    return add_entry(g, param, values, n, last);
}

/* one "NAME=RANGE" of a text axis, as an axis or linked to the last one */
static int add_text(neq_grid *g, const char *spec, size_t speclen, int linked)
{
    const char *eq = memchr(spec, '=', speclen);
    if (!eq)
        return neq_fail(NEQ_EINVAL, "'%.*s': expected NAME=START:STOP:N[:log] or NAME=v1,v2,...",
                        (int)(speclen > 80 ? 80 : speclen), spec);
    char name[64], *range;
    size_t len = (size_t)(eq - spec);
    if (len == 0 || len >= sizeof name)
        return neq_fail(NEQ_EINVAL, "'%.*s': no parameter name before '='",
                        (int)(speclen > 80 ? 80 : speclen), spec);
    memcpy(name, spec, len);
    name[len] = 0;
    const neq_model *m = g->base->m;
    int k = neq_model_param_index(m, name);
    if (k < 0) {
        const char *s = neq_model_suggest(m, 0, name);
        return neq_fail(NEQ_EINVAL, "unknown parameter '%s' of the %s model%s%s%s", name, m->name,
                        s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "");
    }
    size_t rl = speclen - len - 1;
    range = malloc(rl + 1);
    if (!range)
        return neq_fail(NEQ_ENOMEM, "no memory");
    memcpy(range, eq + 1, rl);
    range[rl] = 0;
    double *v = NULL;
    long n = 0;
    int rc = neq_param_parse_range(&m->params[k], range, MAX_POINTS, &v, &n);
    free(range);
    if (rc == 0)
        rc = linked ? neq_grid_add_linked_axis(g, name, v, n) : neq_grid_add_axis(g, name, v, n);
    free(v);
    return rc;
}

int neq_grid_add_axis_text(neq_grid *g, const char *spec)
{
    neq_clear_error();
    if (!g || !spec)
        return neq_fail(NEQ_EINVAL, "neq_grid_add_axis_text: NULL argument");
    /* "A=RANGE;B=RANGE": B follows A (a line through parameter space) */
    int first = 1;
    for (const char *p = spec;; first = 0) {
        size_t len = strcspn(p, ";");
        NEQ_TRY(add_text(g, p, len, !first));
        if (!p[len])
            break;
        p += len + 1;
    }
    return NEQ_OK;
}

int neq_grid_select(neq_grid *g, int nq, const int *quantities)
{
    neq_clear_error();
    if (!g || nq < 0 || (nq > 0 && !quantities))
        return neq_fail(NEQ_EINVAL, "neq_grid_select: bad arguments");
    const neq_model *m = g->base->m;
    if (nq == 0)
        return default_selection(g);
    int *sel = malloc(sizeof *sel * (size_t)nq);
    if (!sel)
        return neq_fail(NEQ_ENOMEM, "no memory for the grid");
    int len = 0;
    for (int i = 0; i < nq; i++) {
        int k = quantities[i];
        if (k < 0 || k >= m->nquantities) {
            free(sel);
            return neq_fail(NEQ_EINVAL, "quantity index %d outside 0..%d", k, m->nquantities - 1);
        }
        const neq_quantity_desc *d = &m->quantities[k].d;
        if (d->kind == NEQ_QUANTITY_MATRIX || d->kind == NEQ_QUANTITY_QUBITS ||
            d->kind == NEQ_QUANTITY_PAIRS || d->kind == NEQ_QUANTITY_STATES) {
            free(sel);
            return neq_fail(NEQ_EINVAL, "%s is a matrix, per-qubit or per-state list (its size "
                                        "depends on the point): a grid holds scalars and vectors", d->name);
        }
        for (int j = 0; j < i; j++)
            if (sel[j] == k) {
                free(sel);
                return neq_fail(NEQ_EINVAL, "quantity %s is selected twice", d->name);
            }
        sel[i] = k;
        len += d->kind == NEQ_QUANTITY_VECTOR   ? d->size
               : d->kind == NEQ_QUANTITY_GROUPS ? NEQ_QUANTITY_NGROUPS * d->size
                                                : 1;
    }
    free(g->sel);
    g->sel = sel;
    g->nsel = nq;
    g->rowlen = len;
    return NEQ_OK;
}

int neq_grid_naxes(const neq_grid *g) { return g ? g->naxes : 0; }
const neq_params *neq_grid_base(const neq_grid *g) { return g ? g->base : NULL; }
int neq_grid_nselected(const neq_grid *g) { return g ? g->nsel : 0; }
const int *neq_grid_selected(const neq_grid *g) { return g ? g->sel : NULL; }
int neq_grid_row_length(const neq_grid *g) { return g ? g->rowlen : 0; }

int neq_grid_axis_link(const neq_grid *g, int a)
{
    return g && a >= 0 && a < g->naxes ? g->link[a] : -1;
}

int neq_grid_axis(const neq_grid *g, int a, int *param, long *n, const double **values)
{
    neq_clear_error();
    if (!g || a < 0 || a >= g->naxes)
        return neq_fail(NEQ_EINVAL, "axis %d does not exist", a);
    if (param)
        *param = g->param[a];
    if (n)
        *n = g->n[a];
    if (values)
        *values = g->values[a];
    return NEQ_OK;
}

/* the axis values of point idx into p (p already holds the base) */
static void set_axes(const neq_grid *g, long idx, neq_params *p)
{
    long ai[NEQ_GRID_MAX_ENTRIES];
    entry_indices(g, idx, ai);
    for (int a = 0; a < g->naxes; a++)
        p->v[g->param[a]] = g->values[a][ai[a]];
}

int neq_grid_point(const neq_grid *g, long idx, neq_params *p)
{
    neq_clear_error();
    if (!g || !p || p->m != g->base->m || idx < 0 || idx >= neq_grid_npoints(g))
        return neq_fail(NEQ_EINVAL, "neq_grid_point: bad arguments (point %ld)", idx);
    for (int k = 0; k < p->m->nparams; k++) {
        p->v[k] = g->base->v[k];
        if (g->base->s[k] && (!p->s[k] || strcmp(p->s[k], g->base->s[k]))) {
            char *c = strdup(g->base->s[k]);
            if (!c)
                return neq_fail(NEQ_ENOMEM, "no memory");
            free(p->s[k]);
            p->s[k] = c;
        }
    }
    set_axes(g, idx, p);
    return NEQ_OK;
}

int neq_grid_point_values(const neq_grid *g, long idx, double *v)
{
    neq_clear_error();
    if (!g || !v || idx < 0 || idx >= neq_grid_npoints(g))
        return neq_fail(NEQ_EINVAL, "neq_grid_point_values: bad arguments (point %ld)", idx);
    long ai[NEQ_GRID_MAX_ENTRIES];
    entry_indices(g, idx, ai);
    memcpy(v, g->base->v, sizeof *v * (size_t)g->base->m->nparams);
    for (int a = 0; a < g->naxes; a++)
        v[g->param[a]] = g->values[a][ai[a]];
    return NEQ_OK;
}

/* ---------------------------------------------------------- setups */

/* The plan of a point is identified by its indices on the setup axes
 * (mixed radix, in axis order). */
static long setup_key(const neq_grid *g, long idx)
{
    long key = 0, mult = 1;
    for (int a = g->naxes - 1; a >= 0; a--) {
        if (g->link[a] >= 0)
            continue;
        long i = idx % g->n[a];
        idx /= g->n[a];
        if (axis_setup(g, a)) {
            key += i * mult;
            mult *= g->n[a];
        }
    }
    return key;
}

/* the last point that uses the plan of point idx: every non-setup axis at
 * its last value */
static long last_use(const neq_grid *g, long idx)
{
    long rem = idx, out = 0, stride = 1;
    for (int a = g->naxes - 1; a >= 0; a--) {
        if (g->link[a] >= 0)
            continue;
        long i = rem % g->n[a];
        rem /= g->n[a];
        if (!axis_setup(g, a))
            i = g->n[a] - 1;
        out += i * stride;
        stride *= g->n[a];
    }
    return out;
}

int neq_grid_estimate(const neq_grid *g, long chunk, neq_grid_cost *c)
{
    neq_clear_error();
    if (!g || !c)
        return neq_fail(NEQ_EINVAL, "neq_grid_estimate: NULL argument");
    if (chunk <= 0)
        chunk = 256;
    memset(c, 0, sizeof *c);
    c->npoints = neq_grid_npoints(g);
    c->nplans = 1;
    /* plans alive at once: the setups inside the outermost non-setup axis
     * recur on each of its values; those outside it never come back */
    int outer = -1;
    for (int a = 0; a < g->naxes && outer < 0; a++)
        if (g->link[a] < 0 && !axis_setup(g, a))
            outer = a;
    long inner = 1;
    for (int a = 0; a < g->naxes; a++)
        if (g->link[a] < 0 && axis_setup(g, a)) {
            c->nplans *= g->n[a];
            if (outer >= 0 && a > outer)
                inner *= g->n[a];
        }
    c->plans_alive = outer < 0 ? (c->nplans < chunk ? c->nplans : chunk) : inner + 1;
    if (c->plans_alive > c->nplans)
        c->plans_alive = c->nplans;
    c->plan_bytes = g->base->m->plan_bytes;
    c->bytes = (double)c->plans_alive * c->plan_bytes + 16.0 * (double)c->nplans +
               (double)chunk * (8.0 * g->rowlen + 8.0) +
               2.0 * (double)g->base->m->result_size * 8; /* workspaces */
    return NEQ_OK;
}

/* ------------------------------------------------------------- run */

typedef struct {
    long idx;
    int status;
    char *msg;
} failure;

static void describe_point(const neq_grid *g, long idx, char *buf, size_t n);

int neq_grid_describe_point(const neq_grid *g, long idx, char *buf, size_t n)
{
    neq_clear_error();
    if (!g || !buf || n == 0 || idx < 0 || idx >= neq_grid_npoints(g))
        return neq_fail(NEQ_EINVAL, "neq_grid_describe_point: bad arguments");
    describe_point(g, idx, buf, n);
    return NEQ_OK;
}

static void describe_point(const neq_grid *g, long idx, char *buf, size_t n)
{
    size_t len = (size_t)snprintf(buf, n, "point %ld", idx + 1);
    long ai[NEQ_GRID_MAX_ENTRIES];
    entry_indices(g, idx, ai);
    for (int a = 0; a < g->naxes && len < n; a++) {
        const neq_param_desc *d = &g->base->m->params[g->param[a]];
        len += (size_t)snprintf(buf + len, n - len, "%s%s = %.10g %s", a ? ", " : " (", d->name,
                                g->values[a][ai[a]], d->unit);
    }
    if (g->naxes > 0 && len < n)
        snprintf(buf + len, n - len, ")");
}

int neq_grid_run(const neq_grid *g, const neq_grid_options *opt, long *done)
{
    neq_clear_error();
    if (done)
        *done = 0;
    if (!g || !opt || (!opt->row && !opt->batch))
        return neq_fail(NEQ_EINVAL, "neq_grid_run: NULL grid, options or row callback");
    long npts = neq_grid_npoints(g), chunk = opt->chunk > 0 ? opt->chunk : 256;
    if (opt->threads < 1 || opt->threads > 1024)
        return neq_fail(NEQ_EINVAL, "threads = %d must be from 1 to 1024", opt->threads);
    if (opt->start < 0 || opt->start > npts)
        return neq_fail(NEQ_EINVAL, "start = %ld outside 0..%ld", opt->start, npts);
    if (opt->end < 0 || opt->end > npts || (opt->end > 0 && opt->end < opt->start))
        return neq_fail(NEQ_EINVAL, "end = %ld outside %ld..%ld", opt->end, opt->start, npts);
    long total = npts;
    if (opt->end > 0)
        npts = opt->end; /* the points after it are another run's */
    neq_grid_cost cost;
    NEQ_TRY(neq_grid_estimate(g, chunk, &cost));
    if (opt->max_bytes > 0 && cost.bytes > opt->max_bytes)
        return neq_fail(NEQ_ENOMEM, "the grid needs about %.3g bytes (%ld plans alive of %ld) "
                                    "but the limit is %.3g: put the varied setup parameters "
                                    "first (outermost), or split the grid", cost.bytes,
                        cost.plans_alive, cost.nplans, opt->max_bytes);
    if (done)
        *done = opt->start;
    if (opt->start == npts)
        return NEQ_OK;
    const neq_model *m = g->base->m;
    int threads = opt->threads, rowlen = g->rowlen;
    long nkeys = cost.nplans;
    neq_plan **plans = calloc((size_t)nkeys, sizeof *plans);
    double *buf = malloc(sizeof *buf * (size_t)chunk * (size_t)(rowlen > 0 ? rowlen : 1));
    int *status = malloc(sizeof *status * (size_t)chunk);
    char **why = calloc((size_t)chunk, sizeof *why); /* a failing point's detail */
    long *need = malloc(sizeof *need * (size_t)chunk);
    /* with NEQ_GRID_CONTINUE: the status and detail of each setup whose plan
     * could not be built, for all its points */
    int cont = opt->on_error == NEQ_GRID_CONTINUE;
    int *plan_st = cont ? calloc((size_t)nkeys, sizeof *plan_st) : NULL;
    char **plan_why = cont ? calloc((size_t)nkeys, sizeof *plan_why) : NULL;
    neq_params **tp = calloc((size_t)threads + 1, sizeof *tp);
    neq_workspace **tws = calloc((size_t)threads, sizeof *tws);
    int rc = (!plans || !buf || !status || !why || !need || !tp || !tws ||
              (cont && (!plan_st || !plan_why)))
                 ? neq_fail(NEQ_ENOMEM, "no memory for the grid run") : NEQ_OK;
    for (int t = 0; rc == 0 && t <= threads; t++)
        rc = neq_params_copy(g->base, &tp[t]);
    neq_params *mine = rc == 0 ? tp[threads] : NULL; /* the calling thread's */
    long pos = opt->start;
    while (rc == 0 && pos < npts && !(opt->stop && *opt->stop)) {
        long n = npts - pos < chunk ? npts - pos : chunk;
        /* the plans this batch needs and does not have yet */
        long nneed = 0;
        for (long j = 0; j < n; j++) {
            long key = setup_key(g, pos + j);
            if (plans[key] || (cont && plan_st[key]))
                continue;
            int dup = 0;
            for (long q = 0; q < nneed && !dup; q++)
                dup = setup_key(g, need[q]) == key;
            if (!dup)
                need[nneed++] = pos + j;
        }
        failure fail = {-1, 0, NULL};
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
        for (long q = 0; q < nneed; q++) {
            neq_params *p = tp[omp_get_thread_num()];
            set_axes(g, need[q], p);
            neq_plan *plan = NULL;
            int st = neq_plan_alloc(p, &plan);
            if (st == 0)
                plans[setup_key(g, need[q])] = plan;
            else if (cont) { /* its points fail with this, and the run goes on */
                plan_st[setup_key(g, need[q])] = st;
                plan_why[setup_key(g, need[q])] = strdup(neq_errdetail());
            } else {
#pragma omp critical
                if (fail.idx < 0 || need[q] < fail.idx) {
                    free(fail.msg);
                    fail.idx = need[q];
                    fail.status = st;
                    fail.msg = strdup(neq_errdetail());
                }
            }
        }
        /* workspaces: one per thread, from the first plan (same model and
         * dimension for every setup of a model); the points before a failed
         * setup still need them */
        for (int t = 0; t < threads && !tws[t]; t++) {
            const neq_plan *any = NULL;
            for (long j = 0; j < n && !any; j++)
                any = plans[setup_key(g, pos + j)];
            int st = any ? neq_workspace_alloc(any, &tws[t]) : NEQ_OK;
            if (st) {
                free(fail.msg);
                fail.status = st;
                fail.idx = pos;
                fail.msg = strdup(neq_errdetail());
            }
        }
        long limit = fail.idx >= 0 ? fail.idx - pos : n; /* points before a failed setup */
#pragma omp parallel for schedule(dynamic, 4) num_threads(threads)
        for (long j = 0; j < limit; j++) {
            int t = omp_get_thread_num();
            neq_params *p = tp[t];
            set_axes(g, pos + j, p);
            long key = setup_key(g, pos + j);
            const neq_plan *plan = plans[key];
            double *row = buf + (size_t)j * (size_t)rowlen;
            int st = plan ? neq_eval(plan, p, tws[t]) : plan_st[key];
            for (int s = 0, off = 0; st == 0 && s < g->nsel; s++) {
                st = neq_quantity_get(plan, p, tws[t], g->sel[s], row + off);
                off += neq_quantity_length(plan, g->sel[s]);
            }
            status[j] = st;
            if (st && cont) { /* a row of NaN, the reason kept for `failed` */
                for (int k = 0; k < rowlen; k++)
                    row[k] = NAN;
                why[j] = strdup(plan ? neq_errdetail() : plan_why[key] ? plan_why[key] : "");
            } else if (st) {
#pragma omp critical
                if (fail.idx < 0 || pos + j < fail.idx) {
                    free(fail.msg);
                    fail.idx = pos + j;
                    fail.status = st;
                    fail.msg = strdup(neq_errdetail());
                }
            }
        }
        (void)m;
        long deliver = fail.idx >= 0 ? fail.idx - pos : n;
        for (long j = 0; cont && j < n; j++) {
            if (status[j] && rc == 0 && opt->failed)
                rc = opt->failed(opt->user, pos + j, status[j], why[j] ? why[j] : "out of memory");
            free(why[j]);
            why[j] = NULL;
        }
        if (rc == 0 && opt->batch && deliver > 0) {
            rc = opt->batch(opt->user, pos, deliver, buf);
            if (rc == 0 && done)
                *done = pos + deliver;
        }
        for (long j = 0; !opt->batch && rc == 0 && j < deliver; j++) {
            set_axes(g, pos + j, mine);
            int st = opt->row(opt->user, pos + j, mine, buf + (size_t)j * (size_t)rowlen);
            if (st)
                rc = st;
            else if (done)
                *done = pos + j + 1;
        }
        if (rc == 0 && fail.idx >= 0) {
            char where[1024];
            describe_point(g, fail.idx, where, sizeof where);
            rc = neq_fail(fail.status, "%s: %s", where, fail.msg ? fail.msg : "out of memory");
        }
        free(fail.msg);
        /* plans whose last point is done */
        long end = pos + n;
        for (long j = 0; j < n; j++) {
            long key = setup_key(g, pos + j);
            if (plans[key] && last_use(g, pos + j) < end) {
                neq_plan_free(plans[key]);
                plans[key] = NULL;
            }
        }
        pos = end;
        if (rc == 0 && opt->progress)
            opt->progress(opt->user, pos, total);
    }
    if (plans)
        for (long k = 0; k < nkeys; k++)
            neq_plan_free(plans[k]);
    for (long k = 0; plan_why && k < nkeys; k++)
        free(plan_why[k]);
    free(plan_st);
    free(plan_why);
    free(why);
    for (int t = 0; tws && t < threads; t++)
        neq_workspace_free(tws[t]);
    for (int t = 0; tp && t <= threads; t++)
        neq_params_free(tp[t]);
    free(plans);
    free(buf);
    free(status);
    free(need);
    free(tp);
    free(tws);
    return rc;
}

/* ------------------------------------------------------------ MPI */

#ifdef NEQ_MPI
#include "counter.h"
#include <mpi.h>

/* A task: points [first, end) in grid order, whole runs of one setup where
 * they fit (a geometry's electromagnetic functions built once), of at least
 * `target` points; every rank cuts the same list. */
static long *cut_tasks(const neq_grid *g, long start, long npts, long target, long *ntasks)
{
    long cap = 64, n = 0, pos = start;
    long *b = malloc(sizeof *b * (size_t)cap);
    while (b && pos < npts) {
        long end = pos + 1;
        /* to the target, then on to the end of the setup's run (at most 4
         * targets: a grid of one setup is still shared out) */
        while (end < npts && (end - pos < target ||
                              (end - pos < 4 * target && setup_key(g, end) == setup_key(g, end - 1))))
            end++;
        if (n + 2 > cap) {
            long *nb = realloc(b, sizeof *b * (size_t)(cap *= 2));
            if (!nb) {
                free(b);
                return NULL;
            }
            b = nb;
        }
        b[n++] = pos;
        pos = end;
    }
    if (b)
        b[n] = npts;
    *ntasks = n;
    return b;
}

/* one task's result, packed for MPI: header, then either the rows and the
 * failures, or the bytes `encode` made of them; then the error detail.  The
 * header's length keeps the rows' doubles aligned. */
#define TASK_HEADER (4 * sizeof(long) + 4 * sizeof(int))
typedef struct {
    long task, done, nfail;
    int status, rowlen;
    size_t bytes;
    unsigned char *buf; /* header | rows | failures or text | error detail */
} task_result;

/* a task's batches as bytes (neq_grid_options.encode), on the rank that
 * computed them */
typedef struct {
    const neq_grid_options *opt;
    char *text;
    size_t len, cap;
} encoder;

static int encode_failed(void *user, long idx, int status, const char *why)
{
    const encoder *e = user;
    return e->opt->failed ? e->opt->failed(e->opt->user, idx, status, why) : NEQ_OK;
}

static int encode_batch(void *user, long first, long n, const double *values)
{
    encoder *e = user;
    char *b = NULL;
    size_t l = 0;
    int rc = e->opt->encode(e->opt->user, first, n, values, &b, &l);
    if (rc) {
        free(b);
        return rc;
    }
    if (e->len + l > e->cap) {
        size_t cap = 2 * (e->len + l);
        char *nt = realloc(e->text, cap);
        if (!nt) {
            free(b);
            return neq_fail(NEQ_ENOMEM, "no memory for a task's rows");
        }
        e->text = nt;
        e->cap = cap;
    }
    if (l)
        memcpy(e->text + e->len, b, l);
    e->len += l;
    free(b);
    return NEQ_OK;
}

typedef struct {
    double *values;
    long n, first;
    int rowlen;
    unsigned char *fails; /* idx (long), status (int), length (int), text */
    size_t fbytes, fcap;
    long nfail;
} collector;

static int collect_batch(void *user, long first, long n, const double *values)
{
    collector *c = user;
    memcpy(c->values + (size_t)(first - c->first) * (size_t)c->rowlen, values,
           sizeof *values * (size_t)n * (size_t)c->rowlen);
    c->n = first - c->first + n;
    return NEQ_OK;
}

static int collect_failed(void *user, long idx, int status, const char *why)
{
    collector *c = user;
    int len = (int)strlen(why);
    size_t need = sizeof(long) + 2 * sizeof(int) + (size_t)len;
    if (c->fbytes + need > c->fcap) {
        size_t cap = (c->fcap + need) * 2;
        unsigned char *nb = realloc(c->fails, cap);
        if (!nb)
            return neq_fail(NEQ_ENOMEM, "no memory for a failing point's note");
        c->fails = nb;
        c->fcap = cap;
    }
    unsigned char *q = c->fails + c->fbytes;
    memcpy(q, &idx, sizeof idx);
    memcpy(q + sizeof idx, &status, sizeof status);
    memcpy(q + sizeof idx + sizeof status, &len, sizeof len);
    memcpy(q + sizeof idx + 2 * sizeof status, why, (size_t)len);
    c->fbytes += need;
    c->nfail++;
    return NEQ_OK;
}

/* after every batch of a task: MPI's progress engine a turn, so that rank
 * 0's counter answers the others' fetches and the sends complete while
 * this rank computes (a network without remote atomics moves one-sided
 * operations only when the target calls MPI) */
static void farm_poke(void *user, long done, long total)
{
    (void)user;
    (void)done;
    (void)total;
    int flag;
    MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, MPI_STATUS_IGNORE);
}

/* runs task t on this rank (OpenMP threads inside) into a packed result;
 * encoded: as bytes (neq_grid_options.encode) */
static int run_task(const neq_grid *g, const neq_grid_options *opt, const long *b, long t,
                    int encoded, task_result *r)
{
    long first = b[t], n = b[t + 1] - b[t];
    int rowlen = g->rowlen;
    collector c = {NULL, 0, first, rowlen, NULL, 0, 0, 0};
    encoder e = {opt, NULL, 0, 0};
    if (!encoded &&
        !(c.values = malloc(sizeof(double) * (size_t)n * (size_t)(rowlen > 0 ? rowlen : 1))))
        return neq_fail(NEQ_ENOMEM, "no memory for a task of %ld points", n);
    neq_grid_options o = *opt;
    o.start = first;
    o.end = b[t + 1];
    o.row = NULL;
    o.batch = encoded ? encode_batch : collect_batch;
    o.progress = farm_poke;
    o.failed = encoded ? encode_failed : collect_failed;
    o.user = encoded ? (void *)&e : (void *)&c;
    o.stop = NULL;
    long done = first;
    int st = neq_grid_run(g, &o, &done);
    const char *why = st ? neq_errdetail() : "";
    int wl = (int)strlen(why), kind = encoded;
    long textlen = (long)e.len;
    r->task = t;
    r->done = done - first;
    r->nfail = c.nfail;
    r->status = st;
    r->rowlen = rowlen;
    size_t vb = encoded ? e.len : sizeof(double) * (size_t)r->done * (size_t)rowlen;
    r->bytes = TASK_HEADER + vb + c.fbytes + (size_t)wl;
    r->buf = calloc(1, r->bytes); /* the header's padding too: all of it is sent */
    if (!r->buf) {
        free(c.values);
        free(c.fails);
        free(e.text);
        return neq_fail(NEQ_ENOMEM, "no memory for a task's result");
    }
    unsigned char *q = r->buf;
    memcpy(q, &r->task, sizeof(long));
    memcpy(q + sizeof(long), &r->done, sizeof(long));
    memcpy(q + 2 * sizeof(long), &r->nfail, sizeof(long));
    memcpy(q + 3 * sizeof(long), &textlen, sizeof(long));
    memcpy(q + 4 * sizeof(long), &r->status, sizeof(int));
    memcpy(q + 4 * sizeof(long) + sizeof(int), &wl, sizeof(int));
    int fb = (int)c.fbytes;
    memcpy(q + 4 * sizeof(long) + 2 * sizeof(int), &fb, sizeof(int));
    memcpy(q + 4 * sizeof(long) + 3 * sizeof(int), &kind, sizeof(int));
    q += TASK_HEADER;
    if (vb)
        memcpy(q, encoded ? (const void *)e.text : (const void *)c.values, vb);
    if (c.fbytes)
        memcpy(q + vb, c.fails, c.fbytes);
    if (wl)
        memcpy(q + vb + c.fbytes, why, (size_t)wl);
    free(c.values);
    free(c.fails);
    free(e.text);
    return NEQ_OK;
}

/* rank 0: hands one packed result to the caller's callbacks, in order */
static int deliver(const neq_grid *g, const neq_grid_options *opt, const long *b,
                   const unsigned char *buf, neq_params *mine, long *done)
{
    long t, n, nfail, textlen;
    int status, wl, fb, kind;
    memcpy(&t, buf, sizeof(long));
    memcpy(&n, buf + sizeof(long), sizeof(long));
    memcpy(&nfail, buf + 2 * sizeof(long), sizeof(long));
    memcpy(&textlen, buf + 3 * sizeof(long), sizeof(long));
    memcpy(&status, buf + 4 * sizeof(long), sizeof(int));
    memcpy(&wl, buf + 4 * sizeof(long) + sizeof(int), sizeof(int));
    memcpy(&fb, buf + 4 * sizeof(long) + 2 * sizeof(int), sizeof(int));
    memcpy(&kind, buf + 4 * sizeof(long) + 3 * sizeof(int), sizeof(int));
    const unsigned char *q = buf + TASK_HEADER;
    const double *values = (const double *)(const void *)q;
    size_t vb = kind ? (size_t)textlen : sizeof(double) * (size_t)n * (size_t)g->rowlen;
    const unsigned char *f = q + vb;
    long first = b[t];
    if (kind && n > 0) { /* bytes made on the computing rank: written as they are */
        if (!opt->write)
            return neq_fail(NEQ_EINVAL, "neq_grid_run_mpi: encoded rows and no write callback");
        NEQ_TRY(opt->write(opt->user, first, n, (const char *)q, vb));
        *done = first + n;
    }
    for (long k = 0; k < nfail; k++) {
        long idx;
        int st, len;
        memcpy(&idx, f, sizeof idx);
        memcpy(&st, f + sizeof idx, sizeof st);
        memcpy(&len, f + sizeof idx + sizeof st, sizeof len);
        char *why = malloc((size_t)len + 1);
        if (!why)
            return neq_fail(NEQ_ENOMEM, "no memory");
        memcpy(why, f + sizeof idx + 2 * sizeof st, (size_t)len);
        why[len] = 0;
        int rc = opt->failed ? opt->failed(opt->user, idx, st, why) : NEQ_OK;
        free(why);
        if (rc)
            return rc;
        f += sizeof idx + 2 * sizeof st + (size_t)len;
    }
    if (!kind && opt->batch && n > 0) {
        NEQ_TRY(opt->batch(opt->user, first, n, values));
        *done = first + n;
    }
    for (long j = 0; !kind && !opt->batch && j < n; j++) {
        set_axes(g, first + j, mine);
        NEQ_TRY(opt->row(opt->user, first + j, mine, values + (size_t)j * (size_t)g->rowlen));
        *done = first + j + 1;
    }
    if (opt->progress)
        opt->progress(opt->user, first + n, neq_grid_npoints(g));
    if (status) {
        char *why = malloc((size_t)wl + 1);
        if (why) {
            memcpy(why, q + vb + (size_t)fb, (size_t)wl);
            why[wl] = 0;
        }
        int rc = neq_fail(status, "%s", why ? why : "a point failed");
        free(why);
        return rc;
    }
    return NEQ_OK;
}

/* The handshake before a shared run, one per rank: the minimum over the
 * ranks of two words.  Rank 0 brings its word (the first point, or -1 when
 * it refuses the run) and its values; every other rank LONG_MAX (ready) or
 * -1 (it refused the run itself).  So all learn rank 0's word, unless one
 * refused.  cli_mpi_go (src/cli/mpi.c) makes the same call. */
static void handshake(long go[2])
{
    MPI_Allreduce(MPI_IN_PLACE, go, 2, MPI_LONG, MPI_MIN, MPI_COMM_WORLD);
}

int neq_grid_mpi_cancel(void)
{
    int ok = 0;
    MPI_Initialized(&ok);
    if (!ok)
        return NEQ_OK;
    long go[2] = {-1, -1};
    handshake(go);
    return NEQ_OK;
}

int neq_grid_run_mpi(const neq_grid *g, const neq_grid_options *opt, long *done)
{
    neq_clear_error();
    int ok = 0, rank = 0, size = 1;
    MPI_Initialized(&ok);
    if (ok) {
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
        MPI_Comm_size(MPI_COMM_WORLD, &size);
    }
    if (size == 1) {
        if (ok) { /* the handshake, with nobody */
            long go[2] = {opt ? opt->start : -1, 0};
            handshake(go);
        }
        return neq_grid_run(g, opt, done);
    }
    if (done)
        *done = 0;
    /* rank 0 says go (the first point) or stop (-1), and whether it writes
     * encoded rows: its checks of the output happen before, on rank 0
     * only; a rank that cannot take part says -1 too */
    int usable = g && opt &&
                 (rank > 0 || opt->row || opt->batch || (opt->encode && opt->write));
    long go[2] = {LONG_MAX, LONG_MAX};
    if (!usable)
        go[0] = -1;
    else if (rank == 0)
        go[0] = opt->start, go[1] = opt->encode && opt->write;
    handshake(go);
    if (!usable)
        return neq_fail(NEQ_EINVAL, "neq_grid_run_mpi: NULL grid, options or row callback");
    if (go[0] < 0)
        return neq_fail(NEQ_EINVAL, rank == 0 ? "another rank of the job refused the run (run "
                                                "the same command on one rank to see why)"
                                              : "the run was cancelled by rank 0");
    int encoded = go[1] == 1 && opt->encode;
    long npts = neq_grid_npoints(g), chunk = opt->chunk > 0 ? opt->chunk : 256;
    /* about 8 tasks per rank, so the last ones balance; at most 65,536
     * points, so that a task's message stays far below MPI's int count */
    long target = (npts - go[0]) / (8L * size);
    if (target > 65536)
        target = 65536;
    if (target < chunk)
        target = chunk;
    long ntasks = 0;
    long *b = cut_tasks(g, go[0], npts, target, &ntasks);
    if (!b) /* the others would wait in the collectives below */
        MPI_Abort(MPI_COMM_WORLD, 1);
    /* the next task: a counter on rank 0 that every rank fetches and adds
     * to, one-sided (rank 0 computes too, without serving requests) */
    neq_counter counter;
    neq_counter_open(&counter);
    int rc = NEQ_OK;
    long sent = 0;
    if (rank != 0) {
        MPI_Request *req = NULL;
        unsigned char **bufs = NULL;
        for (;;) {
            long t = neq_counter_take(&counter, 1);
            if (t >= ntasks)
                break;
            task_result r;
            if ((rc = run_task(g, opt, b, t, encoded, &r)))
                break; /* out of memory: rank 0 waits for this task forever: abort */
            MPI_Request *nr = realloc(req, sizeof *req * (size_t)(sent + 1));
            unsigned char **nb = realloc(bufs, sizeof *bufs * (size_t)(sent + 1));
            if (nr)
                req = nr;
            if (nb)
                bufs = nb;
            if (!nr || !nb) {
                rc = neq_fail(NEQ_ENOMEM, "no memory");
                free(r.buf);
                break;
            }
            bufs[sent] = r.buf;
            MPI_Isend(r.buf, (int)r.bytes, MPI_BYTE, 0, 7, MPI_COMM_WORLD, &req[sent]);
            sent++;
        }
        if (rc) /* a task rank 0 would wait for: end the job */
            MPI_Abort(MPI_COMM_WORLD, 1);
        /* the count first: rank 0 receives what is pending only once it
         * knows how much, and a large send completes only when received */
        MPI_Gather(&sent, 1, MPI_LONG, NULL, 1, MPI_LONG, 0, MPI_COMM_WORLD);
        MPI_Waitall((int)sent, req, MPI_STATUSES_IGNORE);
        for (long k = 0; k < sent; k++)
            free(bufs[k]);
        free(req);
        free(bufs);
    } else {
        unsigned char **res = calloc((size_t)ntasks + 1, sizeof *res);
        neq_params *mine = NULL;
        long next = 0, got = 0, mine_n = 0, delivered = go[0];
        int own_done = 0, stopped = 0;
        if (!res || neq_params_copy(g->base, &mine))
            MPI_Abort(MPI_COMM_WORLD, 1);
        /* rank 0's own tasks in batches of at most 32 points: between
         * them it gives MPI a turn (farm_poke), and where the network has
         * no remote atomics that is when the others' fetches are served */
        neq_grid_options own = *opt;
        long small = 4L * (opt->threads > 8 ? opt->threads : 8); /* work for every thread */
        if (size > 2 && (own.chunk <= 0 || own.chunk > small))
            own.chunk = small;
        while (next < ntasks && !stopped) {
            if (!own_done) {
                long t = neq_counter_take(&counter, 1);
                if (t >= ntasks)
                    own_done = 1;
                else {
                    task_result r;
                    if (run_task(g, &own, b, t, encoded, &r))
                        MPI_Abort(MPI_COMM_WORLD, 1);
                    res[t] = r.buf;
                    mine_n++;
                }
            }
            for (;;) { /* what the others sent meanwhile */
                int flag = 0;
                MPI_Status st;
                MPI_Iprobe(MPI_ANY_SOURCE, 7, MPI_COMM_WORLD, &flag, &st);
                if (!flag && !(own_done && !res[next]))
                    break;
                if (!flag)
                    MPI_Probe(MPI_ANY_SOURCE, 7, MPI_COMM_WORLD, &st);
                int bytes;
                MPI_Get_count(&st, MPI_BYTE, &bytes);
                unsigned char *buf = malloc((size_t)bytes);
                if (!buf)
                    MPI_Abort(MPI_COMM_WORLD, 1);
                MPI_Recv(buf, bytes, MPI_BYTE, st.MPI_SOURCE, 7, MPI_COMM_WORLD,
                         MPI_STATUS_IGNORE);
                long t;
                memcpy(&t, buf, sizeof t);
                res[t] = buf;
                got++;
                if (own_done && res[next])
                    break;
            }
            while (next < ntasks && res[next] && !stopped) {
                rc = deliver(g, opt, b, res[next], mine, &delivered);
                free(res[next]);
                res[next] = NULL;
                next++;
                if (rc || (opt->stop && *opt->stop))
                    stopped = 1;
            }
        }
        if (stopped) { /* no more tasks for anyone */
            neq_counter_set(&counter, ntasks);
        }
        /* every message sent is received, delivered or not */
        long *counts = malloc(sizeof *counts * (size_t)size), total = 0;
        MPI_Gather(&sent, 1, MPI_LONG, counts, 1, MPI_LONG, 0, MPI_COMM_WORLD);
        for (int k = 1; counts && k < size; k++)
            total += counts[k];
        for (; got < total; got++) {
            MPI_Status st;
            MPI_Probe(MPI_ANY_SOURCE, 7, MPI_COMM_WORLD, &st);
            int bytes;
            MPI_Get_count(&st, MPI_BYTE, &bytes);
            unsigned char *buf = malloc((size_t)(bytes > 0 ? bytes : 1));
            MPI_Recv(buf, bytes, MPI_BYTE, st.MPI_SOURCE, 7, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            free(buf);
        }
        free(counts);
        for (long k = 0; k < ntasks; k++)
            free(res[k]);
        free(res);
        neq_params_free(mine);
        if (done)
            *done = delivered;
        (void)mine_n;
    }
    neq_counter_close(&counter);
    free(b);
    /* every rank returns rank 0's status */
    int all[2] = {rc, 0};
    MPI_Bcast(all, 2, MPI_INT, 0, MPI_COMM_WORLD);
    if (rank != 0 && all[0])
        return neq_fail(all[0], "rank 0 ended the run");
    return rc;
}
#else
int neq_grid_mpi_cancel(void) { return NEQ_OK; }

int neq_grid_run_mpi(const neq_grid *g, const neq_grid_options *opt, long *done)
{
    return neq_grid_run(g, opt, done);
}
#endif
