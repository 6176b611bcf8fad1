/* The model registry, plans, workspaces and evaluation
 * (include/neqent/model.h).  The physics of each model is in its own file
 * (baths_model.c, body_model.c); this file only dispatches. */
#include "internal_models.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const neq_model *const MODELS[] = {&neq_model_baths_type, &neq_model_body_type,
                                          &neq_model_rates_type, &neq_model_validity_type};
#define NMODELS ((int)(sizeof MODELS / sizeof MODELS[0]))

const neq_model *neq_model_lookup(const char *name)
{
    for (int k = 0; name && k < NMODELS; k++)
        if (strcmp(MODELS[k]->name, name) == 0)
            return MODELS[k];
    return NULL;
}

int neq_model_count(void) { return NMODELS; }
const neq_model *neq_model_at(int index)
{
    return index >= 0 && index < NMODELS ? MODELS[index] : NULL;
}
const char *neq_model_name(const neq_model *m) { return m ? m->name : NULL; }
const char *neq_model_doc(const neq_model *m) { return m ? m->doc : NULL; }
int neq_model_nparams(const neq_model *m) { return m ? m->nparams : 0; }
int neq_model_nquantities(const neq_model *m) { return m ? m->nquantities : 0; }

const neq_param_desc *neq_model_param(const neq_model *m, int k)
{
    return m && k >= 0 && k < m->nparams ? &m->params[k] : NULL;
}

const neq_quantity_desc *neq_model_quantity(const neq_model *m, int k)
{
    return m && k >= 0 && k < m->nquantities ? &m->quantities[k].d : NULL;
}

int neq_model_param_index(const neq_model *m, const char *name)
{
    for (int k = 0; m && name && k < m->nparams; k++)
        if (strcmp(m->params[k].name, name) == 0)
            return k;
    return -1;
}

int neq_model_quantity_index(const neq_model *m, const char *name)
{
    for (int k = 0; m && name && k < m->nquantities; k++)
        if (strcmp(m->quantities[k].d.name, name) == 0)
            return k;
    return -1;
}

/* Levenshtein distance, case-insensitive, of two short names (longer
 * ones are not compared: no name of a model is longer than 40) */
static int distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 40 || lb > 40)
        return 1000;
    int row[41];
    for (size_t j = 0; j <= lb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int up = row[j];
            char ca = a[i - 1], cb = b[j - 1];
            if (ca >= 'A' && ca <= 'Z')
                ca = (char)(ca - 'A' + 'a');
            if (cb >= 'A' && cb <= 'Z')
                cb = (char)(cb - 'A' + 'a');
            int sub = diag + (ca != cb);
            int best = up + 1 < row[j - 1] + 1 ? up + 1 : row[j - 1] + 1;
            row[j] = sub < best ? sub : best;
            diag = up;
        }
    }
    return row[lb];
}

const char *neq_model_suggest(const neq_model *m, int what, const char *name)
{
    if (!m || !name)
        return NULL;
    int n = what ? m->nquantities : m->nparams, best = 1000;
    const char *pick = NULL;
    for (int k = 0; k < n; k++) {
        const char *c = what ? m->quantities[k].d.name : m->params[k].name;
        int dd = distance(name, c);
        if (dd < best) {
            best = dd;
            pick = c;
        }
    }
    /* close: at most a third of the name's letters wrong, and at most 3 */
    size_t len = strlen(name);
    return pick && best <= 3 && (size_t)best * 3 <= len + 2 ? pick : NULL;
}

/* ------------------------------------------------------------ plans */

struct neq_plan {
    const neq_model *m;
    void *state;
    int dim, nq;
    size_t result_bytes;
    neq_params *setup; /* the parameters the plan was built for */
};

/* A workspace fits any plan of its model up to its dimension, so that a
 * thread can go from one plan to the next (grids) with one workspace. */
struct neq_workspace {
    const neq_model *m;
    int dim;
    void *result;
    int valid;
    double *point; /* the numeric parameters of the last neq_eval */
    size_t result_bytes;
};

int neq_quantity_cost(const neq_params *p, int k, double *bytes, double *seconds)
{
    neq_clear_error();
    if (!p || !bytes || !seconds)
        return neq_fail(NEQ_EINVAL, "neq_quantity_cost: NULL argument");
    if (k < 0 || k >= p->m->nquantities)
        return neq_fail(NEQ_EINVAL, "quantity index %d outside 0..%d", k, p->m->nquantities - 1);
    *bytes = *seconds = 0;
    return p->m->quantity_cost && p->m->quantities[k].d.costly
               ? p->m->quantity_cost(p, k, bytes, seconds)
               : NEQ_OK;
}

int neq_params_cost(const neq_params *p, double *bytes, double *seconds)
{
    neq_clear_error();
    if (!p || !bytes || !seconds)
        return neq_fail(NEQ_EINVAL, "neq_params_cost: NULL argument");
    *bytes = *seconds = 0;
    return p->m->cost ? p->m->cost(p, bytes, seconds) : NEQ_OK;
}

int neq_plan_alloc(const neq_params *p, neq_plan **out)
{
    neq_clear_error();
    if (!p || !out)
        return neq_fail(NEQ_EINVAL, "neq_plan_alloc: NULL argument");
    *out = NULL;
    for (int k = 0; k < p->m->nparams; k++)
        if (p->m->params[k].kind == NEQ_PARAM_REAL)
            NEQ_TRY(neq_param_check(&p->m->params[k], p->v[k]));
    neq_plan *plan = calloc(1, sizeof *plan);
    if (!plan)
        return neq_fail(NEQ_ENOMEM, "no memory for a plan");
    plan->m = p->m;
    int rc = neq_params_copy(p, &plan->setup);
    if (rc == 0)
        rc = p->m->plan_alloc(p, &plan->state, &plan->dim, &plan->nq);
    if (rc == 0)
        plan->result_bytes = p->m->result_bytes ? p->m->result_bytes(plan->state)
                                                : p->m->result_size;
    if (rc) {
        neq_plan_free(plan);
        return rc;
    }
    *out = plan;
    return NEQ_OK;
}

void neq_plan_free(neq_plan *plan)
{
    if (!plan)
        return;
    if (plan->state)
        plan->m->plan_free(plan->state);
    neq_params_free(plan->setup);
    free(plan);
}

const neq_model *neq_plan_model(const neq_plan *plan) { return plan ? plan->m : NULL; }
int neq_plan_dim(const neq_plan *plan) { return plan ? plan->dim : 0; }
int neq_plan_nqubits(const neq_plan *plan) { return plan ? plan->nq : 0; }

int neq_plan_matches(const neq_plan *plan, const neq_params *p)
{
    if (!plan || !p || p->m != plan->m)
        return 0;
    for (int k = 0; k < p->m->nparams; k++)
        if (p->m->params[k].setup && !neq_params_equal_at(plan->setup, p, k))
            return 0;
    return 1;
}

int neq_workspace_alloc(const neq_plan *plan, neq_workspace **out)
{
    neq_clear_error();
    if (!plan || !out)
        return neq_fail(NEQ_EINVAL, "neq_workspace_alloc: NULL argument");
    *out = NULL;
    neq_workspace *ws = calloc(1, sizeof *ws);
    if (ws) {
        ws->result = calloc(1, plan->result_bytes);
        ws->point = calloc((size_t)plan->m->nparams, sizeof *ws->point);
    }
    if (!ws || !ws->result || !ws->point) {
        neq_workspace_free(ws);
        return neq_fail(NEQ_ENOMEM, "no memory for a workspace");
    }
    ws->m = plan->m;
    ws->dim = plan->dim;
    ws->result_bytes = plan->result_bytes;
    *out = ws;
    return NEQ_OK;
}

void neq_workspace_free(neq_workspace *ws)
{
    if (!ws)
        return;
    free(ws->result);
    free(ws->point);
    free(ws);
}

const void *neq_workspace_result(const neq_workspace *ws)
{
    return ws && ws->valid ? ws->result : NULL;
}

/* the plan, the point and the workspace belong together */
static int check_point(const neq_plan *plan, const neq_params *p, const neq_workspace *ws)
{
    if (!plan || !p || !ws)
        return neq_fail(NEQ_EINVAL, "NULL plan, parameters or workspace");
    if (p->m != plan->m)
        return neq_fail(NEQ_EINVAL, "parameters of the %s model given to a plan of the %s model",
                        p->m->name, plan->m->name);
    if (ws->m != plan->m || ws->dim < plan->dim || ws->result_bytes < plan->result_bytes)
        return neq_fail(NEQ_EINVAL, "the workspace belongs to another model or a smaller plan");
    for (int k = 0; k < p->m->nparams; k++) {
        const neq_param_desc *d = &p->m->params[k];
        if (d->setup && !neq_params_equal_at(plan->setup, p, k)) {
            char a[64], b[64];
            neq_params_format(plan->setup, k, a, sizeof a);
            neq_params_format(p, k, b, sizeof b);
            return neq_fail(NEQ_EINVAL, "%s = %s differs from the plan's %s = %s: build a new "
                                        "plan for a new setup", d->name, b, d->name, a);
        }
        if (d->kind == NEQ_PARAM_REAL)
            NEQ_TRY(neq_param_check(d, p->v[k]));
    }
    return NEQ_OK;
}

int neq_eval(const neq_plan *plan, const neq_params *p, neq_workspace *ws)
{
    neq_clear_error();
    NEQ_TRY(check_point(plan, p, ws));
    ws->valid = 0;
    NEQ_TRY(plan->m->eval(plan->state, p, ws->result));
    memcpy(ws->point, p->v, sizeof *p->v * (size_t)plan->m->nparams);
    ws->valid = 1;
    return NEQ_OK;
}

int neq_quantity_length(const neq_plan *plan, int k)
{
    if (!plan || k < 0 || k >= plan->m->nquantities)
        return 0;
    const neq_quantity_desc *d = &plan->m->quantities[k].d;
    switch (d->kind) {
    case NEQ_QUANTITY_VECTOR: return d->size;
    case NEQ_QUANTITY_MATRIX: return 2 * plan->dim * plan->dim;
    case NEQ_QUANTITY_QUBITS: return plan->nq;
    case NEQ_QUANTITY_PAIRS: return plan->nq * plan->nq;
    case NEQ_QUANTITY_STATES: return plan->dim;
    case NEQ_QUANTITY_GROUPS: return NEQ_QUANTITY_NGROUPS * d->size;
    default: return 1;
    }
}

int neq_quantity_get(const neq_plan *plan, const neq_params *p, neq_workspace *ws, int k,
                     double *out)
{
    neq_clear_error();
    NEQ_TRY(check_point(plan, p, ws));
    if (k < 0 || k >= plan->m->nquantities || !out)
        return neq_fail(NEQ_EINVAL, "quantity index %d outside 0..%d", k,
                        plan->m->nquantities - 1);
    if (!ws->valid)
        return neq_fail(NEQ_EINVAL, "no result in the workspace: neq_eval first");
    /* a costly quantity is computed from p: it must be the point evaluated
     * (setup parameters, text ones included, are the plan's: checked above) */
    for (int j = 0; j < plan->m->nparams; j++)
        if (!(p->v[j] == ws->point[j] || (isnan(p->v[j]) && isnan(ws->point[j]))))
            return neq_fail(NEQ_EINVAL, "%s = %g is not the point of the last neq_eval (%g)",
                            plan->m->params[j].name, p->v[j], ws->point[j]);
    return plan->m->quantities[k].get(plan->state, p, ws->result, out);
}

int neq_quantity_derivative(const neq_plan *plan, const neq_params *p, neq_workspace *ws, int k,
                            int j, double *out)
{
    neq_clear_error();
    if (!plan || k < 0 || k >= plan->m->nquantities || !out)
        return neq_fail(NEQ_EINVAL, "neq_quantity_derivative: bad arguments");
    if (neq_quantity_length(plan, k) != 1)
        return neq_fail(NEQ_EINVAL, "%s is not a scalar: no derivative",
                        plan->m->quantities[k].d.name);
    double v;
    NEQ_TRY(neq_quantity_get(plan, p, ws, k, &v)); /* the same checks: the evaluated point */
    if (j < 0 || j >= plan->m->nparams)
        return neq_fail(NEQ_EINVAL, "parameter index %d outside 0..%d", j,
                        plan->m->nparams - 1);
    if (!plan->m->derivative)
        return neq_fail(NEQ_EINVAL, "the %s model has no exact derivatives", plan->m->name);
    return plan->m->derivative(plan->state, p, ws->result, k, j, out);
}

int neq_eval_once(const neq_params *p, int nq, const int *k, double *out)
{
    neq_clear_error();
    if (!p || nq < 0 || (nq > 0 && (!k || !out)))
        return neq_fail(NEQ_EINVAL, "neq_eval_once: bad arguments");
    neq_plan *plan = NULL;
    neq_workspace *ws = NULL;
    int rc = neq_plan_alloc(p, &plan);
    if (rc == 0)
        rc = neq_workspace_alloc(plan, &ws);
    if (rc == 0)
        rc = neq_eval(plan, p, ws);
    for (int i = 0, off = 0; rc == 0 && i < nq; i++) {
        rc = neq_quantity_get(plan, p, ws, k[i], out + off);
        off += neq_quantity_length(plan, k[i]);
    }
    neq_workspace_free(ws);
    neq_plan_free(plan);
    return rc;
}

int neq_plan_generator(const neq_plan *plan, const neq_params *p, struct neq_gksl **out)
{
    neq_clear_error();
    if (!out)
        return neq_fail(NEQ_EINVAL, "neq_plan_generator: out is NULL");
    *out = NULL;
    if (!plan || !p || p->m != plan->m)
        return neq_fail(NEQ_EINVAL, "neq_plan_generator: bad plan or parameters");
    if (!neq_plan_matches(plan, p))
        return neq_fail(NEQ_EINVAL, "the point's setup parameters differ from the plan's");
    if (!plan->m->generator)
        return neq_fail(NEQ_EINVAL, "the %s model has no single generator", plan->m->name);
    return plan->m->generator(plan->state, p, out);
}
