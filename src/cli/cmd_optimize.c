/* neqent optimize MODEL: the design search of include/neqent/design.h from
 * the command line.  This file parses the variables and constraints, calls
 * neq_design_search, and prints what it found: the best point with every
 * quantity (the table or JSON of `neqent MODEL`), a verdict, the gradient
 * and active bounds, and optionally the history (CSV) and a convergence
 * plot.  Nothing here optimises or computes physics. */
#include "cli.h"
#include "neqent/design.h"
#include "neqent/status.h"
#include "neqent/text.h"
#include "render.h"

#include <cjson/cJSON.h>
#include <libgen.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *USAGE =
    "usage: neqent optimize body|baths --maximize Q | --minimize Q\n"
    "                       --vary NAME=LO:HI[:log][;NAME=A:B] | NAME=v1,v2,... [--vary ...]\n"
    "                       [--subject-to 'Q>=X' | 'Q<=X' ...] [--seed N] [--starts N]\n"
    "                       [--threads N] [--evals N] [--history FILE] [--plot BASE]\n"
    "                       [model options] [--json] [--out FILE] [--force]\n\n"
    "The best point of a model for one scalar quantity: over real parameters within\n"
    "bounds (units as in sweeps: --vary z2=0.2um:3um --vary TM=30K:2000K, ':log' for\n"
    "decades; 'T1,T2=0.1:2' moves both together, 'T1=0.6:1.4;T2=1.4:0.6' moves T2 along\n"
    "a line with T1: a fixed mean), over lists of choices enumerated\n"
    "(--vary material=sic,sio2 --vary body=slab,halfspace), under constraints on other\n"
    "quantities.  Each choice combination gets --starts independent runs (threads):\n"
    "NLopt's CRS2 global search, then COBYLA (with constraints) or BOBYQA.  The\n"
    "concurrence is searched through the smooth 2 max(K1, K2) and reported as C.  A\n"
    "failed evaluation is counted, never scored.  Prints the best point with every\n"
    "quantity, a verdict (interior or on a bound), the gradient there and what is\n"
    "active; the same --seed gives the same result with any number of threads.";

static const neq_param_desc SEED = {"seed", NEQ_PARAM_REAL, NEQ_UNIT_NONE, "1", 1, NULL, 0,
                                    9007199254740992.0, 0, 0, NULL, 0,
                                    "the random seed (a whole number)"};
static const neq_param_desc STARTS = {"starts", NEQ_PARAM_REAL, NEQ_UNIT_NONE, "1", 4, NULL, 1,
                                      1000, 0, 0, NULL, 0,
                                      "independent runs per combination of choices"};
static const neq_param_desc EVALS = {"evals", NEQ_PARAM_REAL, NEQ_UNIT_NONE, "1", 0, NULL, 0, 1e6,
                                     0, 0, NULL, 0,
                                     "evaluations of each run's global stage (0: 5 (n + 2))"};

/* what the variables own: their names, choices and linked parameters */
typedef struct {
    char *names;
    char **choices;
    char **linked;
    double *llo, *lhi;
} var_store;

typedef struct {
    neq_design_var *v;
    var_store *st;
    int n;
} vars_t;

static void vars_free(vars_t *vs)
{
    for (int i = 0; i < vs->n; i++) {
        var_store *s = &vs->st[i];
        free(s->names);
        for (int c = 0; s->choices && c < vs->v[i].nchoices; c++)
            free(s->choices[c]);
        for (int l = 0; s->linked && l < vs->v[i].nlinked; l++)
            free(s->linked[l]);
        free(s->choices);
        free(s->linked);
        free(s->llo);
        free(s->lhi);
    }
    free(vs->v);
    free(vs->st);
}

/* the parameter's "LO:HI" with its units (and whether ":log" follows) */
static int parse_bounds(const neq_param_desc *d, const char *spec, const char *val, double *lo,
                        double *hi, int *lg)
{
    char a[128], b[128];
    const char *c1 = strchr(val, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    if (!c1)
        return cli_error("optimize: --vary '%.80s': expected %s=LO:HI", spec, d->name);
    snprintf(a, sizeof a, "%.*s", (int)(c1 - val), val);
    snprintf(b, sizeof b, "%.*s", (int)(c2 ? c2 - c1 - 1 : (long)strlen(c1 + 1)), c1 + 1);
    if (c2 && (!lg || strcmp(c2 + 1, "log")))
        return cli_error("optimize: --vary '%.80s': after LO:HI only ':log' may follow%s", spec,
                         lg ? "" : " (and not on a linked parameter)");
    if (lg)
        *lg = c2 != NULL;
    if (neq_param_parse(d, a, lo) || neq_param_parse(d, b, hi))
        return cli_error("optimize: --vary %s: %s", d->name, neq_errdetail());
    if (lg && !(*lo < *hi))
        return cli_error("optimize: --vary %s: the range %s:%s is empty", d->name, a, b);
    return 0;
}

/* "...;NAME=A:B;...": the parameters linked to a continuous variable */
static int parse_linked(const neq_model *m, const char *spec, const char *rest, neq_design_var *v,
                        var_store *st)
{
    int n = 0;
    for (const char *q = rest; q; q = strchr(q, ';') ? strchr(q, ';') + 1 : NULL)
        n++;
    st->linked = calloc((size_t)n, sizeof *st->linked);
    st->llo = malloc(sizeof *st->llo * (size_t)n);
    st->lhi = malloc(sizeof *st->lhi * (size_t)n);
    if (!st->linked || !st->llo || !st->lhi)
        return cli_fail("optimize: out of memory");
    v->linked = (const char *const *)st->linked;
    v->linked_lo = st->llo;
    v->linked_hi = st->lhi;
    for (const char *q = rest; q && *q;) {
        size_t len = strcspn(q, ";");
        char item[256];
        snprintf(item, sizeof item, "%.*s", (int)(len < 255 ? len : 255), q);
        char *eq = strchr(item, '=');
        if (!eq)
            return cli_error("optimize: --vary '%.80s': expected ;NAME=A:B", spec);
        *eq = 0;
        int k = neq_model_param_index(m, item);
        if (k < 0 || neq_model_param(m, k)->kind != NEQ_PARAM_REAL)
            return cli_error("optimize: --vary '%.80s': '%s' is not a real parameter", spec, item);
        if (!(st->linked[v->nlinked] = strdup(item)))
            return cli_fail("optimize: out of memory");
        v->nlinked++;
        int rc = parse_bounds(neq_model_param(m, k), spec, eq + 1, &st->llo[v->nlinked - 1],
                              &st->lhi[v->nlinked - 1], NULL);
        if (rc)
            return rc;
        q += len + (q[len] == ';');
    }
    return 0;
}

/* "NAMES=LO:HI[:log][;NAME=A:B...]" or "NAME=v1,v2,...": one variable; 0
 * or an exit status */
static int parse_var(const neq_model *m, const char *spec, neq_design_var *v, var_store *st)
{
    char **names = &st->names, ***choices = &st->choices;
    const char *eq = strchr(spec, '=');
    if (!eq || eq == spec || !eq[1])
        return cli_error("optimize: --vary '%.80s': expected NAME=LO:HI[:log] or NAME=v1,v2,...",
                         spec);
    *names = strndup(spec, (size_t)(eq - spec));
    if (!*names)
        return cli_fail("optimize: out of memory");
    v->params = *names;
    const char *val = eq + 1;
    char first[64];
    snprintf(first, sizeof first, "%.*s", (int)strcspn(*names, ","), *names);
    int k = neq_model_param_index(m, first);
    if (k < 0) {
        const char *s = neq_model_suggest(m, 0, first);
        return cli_error("optimize: --vary: unknown parameter '%s' of the %s model%s%s%s", first,
                         neq_model_name(m), s ? " (did you mean " : "", s ? s : "", s ? "?)" : "");
    }
    const neq_param_desc *d = neq_model_param(m, k);
    if (d->kind == NEQ_PARAM_REAL && strchr(val, ':')) { /* a range, and what moves with it */
        const char *semi = strchr(val, ';');
        char own[256];
        snprintf(own, sizeof own, "%.*s", (int)(semi ? semi - val : (long)strlen(val)), val);
        int rc = parse_bounds(d, spec, own, &v->lo, &v->hi, &v->log);
        return rc ? rc : semi ? parse_linked(m, spec, semi + 1, v, st) : 0;
    }
    /* a list of choices */
    int n = 1;
    for (const char *q = val; *q; q++)
        n += *q == ',';
    *choices = calloc((size_t)n, sizeof **choices);
    if (!*choices)
        return cli_fail("optimize: out of memory");
    for (int c = 0; c < n; c++) {
        size_t len = strcspn(val, ",");
        if (!len)
            return cli_error("optimize: --vary '%.80s': an empty choice", spec);
        if (!((*choices)[c] = strndup(val, len)))
            return cli_fail("optimize: out of memory");
        v->nchoices = c + 1;
        val += len + (val[len] == ',');
    }
    v->choices = (const char *const *)*choices;
    return 0;
}

/* "Q>=X" or "Q<=X" */
static int parse_constraint(const neq_model *m, const char *spec, neq_design_constraint *c,
                            char **name)
{
    const char *op = strstr(spec, ">=");
    c->op = NEQ_DESIGN_GE;
    if (!op) {
        op = strstr(spec, "<=");
        c->op = NEQ_DESIGN_LE;
    }
    if (!op || op == spec)
        return cli_error("optimize: --subject-to '%.80s': expected QUANTITY>=X or QUANTITY<=X",
                         spec);
    *name = strndup(spec, (size_t)(op - spec));
    if (!*name)
        return cli_fail("optimize: out of memory");
    c->quantity = *name;
    if (neq_parse_real(op + 2, &c->bound))
        return cli_error("optimize: --subject-to %s: '%.60s' is not a number", *name, op + 2);
    if (neq_model_quantity_index(m, *name) < 0) {
        const char *s = neq_model_suggest(m, 1, *name);
        return cli_error("optimize: --subject-to: unknown quantity '%.60s' of the %s model%s%s%s",
                         *name, neq_model_name(m), s ? " (did you mean " : "", s ? s : "",
                         s ? "?)" : "");
    }
    return 0;
}

/* the variable's value as text: the choice, or the number with its unit */
static void var_text(const neq_model *m, const neq_design_var *v, double x, char *buf, size_t n)
{
    if (v->nchoices) {
        snprintf(buf, n, "%s", v->choices[(int)x]);
        return;
    }
    char first[64];
    snprintf(first, sizeof first, "%.*s", (int)strcspn(v->params, ","), v->params);
    const neq_param_desc *d = neq_model_param(m, neq_model_param_index(m, first));
    char num[40];
    cli_number(num, sizeof num, x);
    snprintf(buf, n, "%s%s%s", num, strcmp(d->unit, "1") ? " " : "", strcmp(d->unit, "1") ? d->unit : "");
}

/* the one-line verdict */
static void verdict(const neq_model *m, const neq_design_result *r, const vars_t *vs,
                    const neq_design_constraint *cons, char *buf, size_t n)
{
    size_t len = 0;
    int any = 0;
    for (int i = 0; i < vs->n; i++)
        if (r->active[i]) {
            char val[80];
            var_text(m, &vs->v[i], r->x[i], val, sizeof val);
            len += (size_t)snprintf(buf + len, len < n ? n - len : 0, "%s%s at its %s bound (%s)",
                                    any ? "; " : "on a bound: ", vs->v[i].params,
                                    r->active[i] < 0 ? "lower" : "upper", val);
            any = 1;
        }
    for (int k = 0; k < r->ncons; k++)
        if (r->constraint_active[k]) {
            char num[40];
            cli_number(num, sizeof num, cons[k].bound);
            len += (size_t)snprintf(buf + len, len < n ? n - len : 0, "%sconstraint %s %s %s active",
                                    any ? "; " : "", cons[k].quantity,
                                    cons[k].op == NEQ_DESIGN_GE ? ">=" : "<=", num);
            any = 1;
        }
    if (!any)
        snprintf(buf, n, "interior optimum: no bound or constraint is active");
    else if (len < n)
        snprintf(buf + len, n - len, " (widening it may give more)");
}

static const char *const STAGES[] = {"global", "local", "sensitivity"};

/* the file --plot BASE gives for ext, named as convergence_plot's
 * cli_render call names it (DIR/BASE.ext) */
static void plot_target(const char *base_path, const char *ext, char *buf, size_t n)
{
    char *d = strdup(base_path), *b = strdup(base_path);
    if (d && b)
        snprintf(buf, n, "%s/%s.%s", dirname(d), basename(b), ext);
    else
        snprintf(buf, n, "%s.%s", base_path, ext);
    free(d);
    free(b);
}

/* Whether two output paths name one file: the same name in the same
 * directory, however the directory is spelt.  Both are written to
 * temporary files and committed at the end, so one would replace the
 * other, or be refused only after the whole search. */
static int same_output(const char *a, const char *b)
{
    if (!a || !b || !strcmp(a, "-") || !strcmp(b, "-"))
        return 0;
    char *da = strdup(a), *db = strdup(b), *ba = strdup(a), *bb = strdup(b);
    int same;
    if (!da || !db || !ba || !bb)
        same = !strcmp(a, b);
    else if (strcmp(basename(ba), basename(bb)))
        same = 0;
    else {
        struct stat sa, sb;
        same = stat(dirname(da), &sa) == 0 && stat(dirname(db), &sb) == 0
                   ? sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
                   : !strcmp(a, b);
    }
    free(da);
    free(db);
    free(ba);
    free(bb);
    return same;
}

/* --history: every evaluation */
static int write_history(cli_output *o, const char *path, int force, const neq_model *m,
                         const vars_t *vs, const char *objective, int ncons,
                         const neq_design_constraint *cons, const neq_design_result *r,
                         const char *cmdline)
{
    if (cli_output_open(o, path, force))
        return -1;
    FILE *f = o->f;
    cli_comment(f, "# neqent optimize: every evaluation; command: ", cmdline);
    fprintf(f, "run,stage");
    for (int i = 0; i < vs->n; i++) {
        fputc(',', f);
        cli_csv_text(f, vs->v[i].params);
    }
    fprintf(f, ",%s,searched", objective);
    for (int k = 0; k < ncons; k++) {
        fputc(',', f);
        cli_csv_text(f, cons[k].quantity);
    }
    fprintf(f, ",status\n");
    int cols = r->history_cols;
    for (long e = 0; e < r->nhistory; e++) {
        const double *h = r->history + (size_t)e * (size_t)cols;
        fprintf(f, "%d,%s", (int)h[0] + 1, STAGES[(int)h[1]]); /* runs from 1, as in the plot */
        for (int i = 0; i < vs->n; i++) {
            char num[40];
            if (vs->v[i].nchoices) {
                fputc(',', f);
                cli_csv_text(f, vs->v[i].choices[(int)h[2 + i]]);
            } else {
                cli_number(num, sizeof num, h[2 + i]);
                fprintf(f, ",%s", num);
            }
        }
        for (int c = 0; c < 2 + ncons; c++) {
            double x = h[2 + vs->n + c];
            char num[40] = "";
            if (isfinite(x))
                cli_number(num, sizeof num, x);
            fprintf(f, ",%s", num);
        }
        int st = (int)h[cols - 1];
        fprintf(f, ",%s\n", st ? neq_strerror(st) : "ok");
    }
    (void)m;
    return 0;
}

/* --plot BASE: the best value so far against the evaluation, one curve per run */
static int convergence_plot(const char *base_path, int force, const neq_design_result *r,
                            const char *objective, int minimize, cli_plot_files *staged)
{
    cli_table t = {0};
    char *cols[] = {"evaluation", "best", "run"};
    t.name = "convergence";
    t.ncols = 3;
    t.col = cols;
    t.v = malloc(sizeof(double) * 3 * (size_t)(r->nhistory + 1));
    if (!t.v)
        return cli_fail("optimize: out of memory for the plot");
    int cols_h = r->history_cols, nv = r->nvars;
    double best = NAN;
    int run = -1;
    long e = 0;
    for (long i = 0; i < r->nhistory; i++) {
        const double *h = r->history + (size_t)i * (size_t)cols_h;
        if (h[1] == NEQ_DESIGN_SENSITIVITY)
            continue;
        if ((int)h[0] != run) {
            run = (int)h[0];
            best = NAN;
            e = 0;
        }
        e++;
        double v = h[2 + nv];
        if (isfinite(v) && (isnan(best) || (minimize ? v < best : v > best)))
            best = v;
        if (isnan(best))
            continue;
        double *row = t.v + 3 * t.nrows++;
        row[0] = (double)e;
        row[1] = best;
        row[2] = run + 1;
    }
    neq_panel p = {0};
    p.nseries = 1;
    p.series[0] = (neq_series){"convergence", NEQ_PANEL_LINES, "evaluation", "best", NULL, "run",
                               "run %g", NULL};
    char ylabel[120];
    snprintf(ylabel, sizeof ylabel, "best %s so far", objective);
    p.title = "neqent optimize: convergence of each run";
    p.xlabel = "evaluation within the run";
    p.ylabel = ylabel;
    p.xmin = p.xmax = p.ymin = p.ymax = NAN;
    p.x0 = 0;
    p.y0 = 0;
    p.w = 1;
    p.h = 1;
    p.hline = r->value;
    char *dup1 = strdup(base_path), *dup2 = strdup(base_path);
    int rc = dup1 && dup2 ? cli_render(dirname(dup1), basename(dup2), &p, 1, &t, 1, NULL, 0, force,
                                      staged)
                          : cli_fail("optimize: out of memory");
    free(dup1);
    free(dup2);
    free(t.v);
    return rc;
}

/* the search's options from the command line (the same on every rank) */
static neq_design_options search_options(int minimize, double seed, double starts, double evals,
                                         double threads)
{
    neq_design_options o = neq_design_options_default();
    o.minimize = minimize;
    o.seed = (unsigned long long)seed;
    o.starts = (int)starts;
    o.global_evals = (int)evals;
    o.threads = (int)threads;
    o.mpi = cli_mpi_size() > 1; /* the runs shared out among the job's ranks */
    return o;
}

int cmd_optimize(int argc, char **argv)
{
    if (argc < 3 || argv[2][0] == '-') {
        if (argc >= 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"))) {
            printf("%s\n\nneqent optimize body --help lists every option.\n", USAGE);
            return 0;
        }
        return cli_error("optimize: name the model: neqent optimize body|baths ...");
    }
    const neq_model *m = neq_model_lookup(argv[2]);
    if (!m || !strcmp(argv[2], "rates"))
        return cli_error("optimize: unknown model '%s' (body, baths)", argv[2]);
    neq_params *p = NULL;
    if (neq_params_alloc(m, &p))
        return cli_fail("optimize: %s", neq_errdetail());
    const char *maxq = NULL, *minq = NULL, *out = NULL, *hist = NULL, *plot = NULL;
    double seed = 1, starts = 4, evals = 0, threads_d = 1;
    int json = 0, force = 0, rc = 0;
    cli_list vary = {0}, subj = {0};
    cli_opts o = {0};
    cli_opts_add(&o, (cli_opt){"maximize", CLI_TEXT, &maxq, NULL, "the quantity to maximise", 1});
    cli_opts_add(&o, (cli_opt){"minimize", CLI_TEXT, &minq, NULL, "the quantity to minimise", 1});
    cli_opts_add(&o, (cli_opt){"vary", CLI_LIST, &vary, NULL,
                               "NAME=LO:HI[:log] or NAME=v1,v2,... (repeatable) [required]", 1});
    cli_opts_add(&o, (cli_opt){"subject-to", CLI_LIST, &subj, NULL,
                               "a constraint QUANTITY>=X or QUANTITY<=X (repeatable)", 1});
    cli_opts_add(&o, (cli_opt){"seed", CLI_NUMBER, &seed, &SEED, NULL, 1});
    cli_opts_add(&o, (cli_opt){"starts", CLI_NUMBER, &starts, &STARTS, NULL, 1});
    cli_opts_add(&o, (cli_opt){"evals", CLI_NUMBER, &evals, &EVALS, NULL, 1});
    cli_opts_add(&o, (cli_opt){"threads", CLI_NUMBER, &threads_d, &CLI_THREADS, NULL, 0});
    cli_opts_add_model(&o, p, NULL);
    cli_opts_add(&o, (cli_opt){"history", CLI_TEXT, &hist, NULL, "write every evaluation to FILE (CSV)", 0});
    cli_opts_add(&o, (cli_opt){"plot", CLI_TEXT, &plot, NULL,
                               "draw the convergence to BASE.png, .svg and .pdf", 0});
    cli_opts_add(&o, (cli_opt){"json", CLI_FLAG, &json, NULL, "print one JSON object instead of a table", 0});
    cli_opts_add(&o, (cli_opt){"out", CLI_TEXT, &out, NULL, "write to FILE instead of standard output", 0});
    cli_opts_add(&o, (cli_opt){"force", CLI_FLAG, &force, NULL, "allow replacing existing regular files", 0});
    vars_t vs = {0};
    neq_design_constraint *cons = NULL;
    char **cnames = NULL;
    neq_design_result res;
    memset(&res, 0, sizeof res);
    neq_plan *plan = NULL;
    neq_workspace *ws = NULL;
    double *vals = NULL;
    char *cmdline = NULL;
    cJSON *j = NULL;
    cli_output fo = {0}, ho = {0};
    cli_plot_files pf;
    memset(&pf, 0, sizeof pf);
    char cmd[32];
    snprintf(cmd, sizeof cmd, "optimize %s", argv[2]);
    int parsed = cli_parse(cmd, USAGE, argc, argv, 3, &o);
    if (parsed) {
        rc = parsed < 0 ? CLI_USAGE : 0;
        goto done;
    }
    static const char *const run_only[] = {"--force", "--threads", NULL};
    cmdline = cli_command_line(argc, argv, run_only);
    if (!maxq == !minq) {
        rc = cli_error("optimize: give one of --maximize QUANTITY or --minimize QUANTITY");
        goto done;
    }
    const char *objective = maxq ? maxq : minq;
    if (neq_model_quantity_index(m, objective) < 0) {
        const char *s = neq_model_suggest(m, 1, objective);
        rc = cli_error("optimize: unknown quantity '%.60s' of the %s model%s%s%s", objective,
                       neq_model_name(m), s ? " (did you mean " : "", s ? s : "", s ? "?)" : "");
        goto done;
    }
    if (!vary.n) {
        rc = cli_error("optimize: nothing varied (--vary NAME=LO:HI)");
        goto done;
    }
    if (seed != floor(seed) || starts != floor(starts) || evals != floor(evals)) {
        rc = cli_error("optimize: --seed, --starts and --evals take whole numbers");
        goto done;
    }
    vs.v = calloc((size_t)vary.n, sizeof *vs.v);
    vs.st = calloc((size_t)vary.n, sizeof *vs.st);
    cons = calloc((size_t)subj.n + 1, sizeof *cons);
    cnames = calloc((size_t)subj.n + 1, sizeof *cnames);
    if (!vs.v || !vs.st || !cons || !cnames) {
        rc = cli_fail("optimize: out of memory");
        goto done;
    }
    for (int i = 0; i < vary.n; i++) {
        vs.n = i + 1;
        if ((rc = parse_var(m, vary.item[i], &vs.v[i], &vs.st[i])))
            goto done;
        /* a parameter both fixed and varied is a mistake, not a preference */
        for (int l = 0; l < vs.v[i].nlinked; l++)
            if (cli_on_cmdline(&o, vs.v[i].linked[l])) {
                rc = cli_error("optimize: --%s is both fixed and varied (--vary)", vs.v[i].linked[l]);
                goto done;
            }
        for (const char *s = vs.st[i].names; *s;) {
            char name[64];
            size_t len = strcspn(s, ",");
            snprintf(name, sizeof name, "%.*s", (int)(len < 63 ? len : 63), s);
            if (cli_on_cmdline(&o, name)) {
                rc = cli_error("optimize: --%s is both fixed and varied (--vary)", name);
                goto done;
            }
            s += len + (s[len] == ',');
        }
    }
    for (int k = 0; k < subj.n; k++)
        if ((rc = parse_constraint(m, subj.item[k], &cons[k], &cnames[k])))
            goto done;
    /* the other ranks of an MPI job: their share of the runs, no files */
    if (cli_mpi_size() > 1 && cli_mpi_rank() > 0) {
        if (!cli_mpi_go())
            goto done;
        neq_design_options wopt = search_options(minq != NULL, seed, starts, evals, threads_d);
        neq_design_search(p, objective, vs.n, vs.v, subj.n, cons, &wopt, &res);
        rc = 0; /* rank 0 reports, and its exit status is the job's */
        goto done;
    }
    /* everything that can refuse the run comes before it */
    if (cli_output_check(out, force) || (hist && cli_output_check(hist, force))) {
        rc = CLI_RUNTIME;
        goto done;
    }
    char plot_path[3][4200];
    static const char *const plot_ext[3] = {"png", "svg", "pdf"};
    for (int e = 0; plot && e < 3; e++) {
        plot_target(plot, plot_ext[e], plot_path[e], sizeof plot_path[e]);
        if (cli_output_check(plot_path[e], force)) {
            rc = CLI_RUNTIME;
            goto done;
        }
    }
    if (same_output(out, hist)) {
        rc = cli_error("optimize: --out and --history name the same file '%s'", hist);
        goto done;
    }
    for (int e = 0; plot && e < 3; e++)
        if (same_output(out, plot_path[e]) || same_output(hist, plot_path[e])) {
            rc = cli_error("optimize: --%s and --plot name the same file '%s'",
                           same_output(out, plot_path[e]) ? "out" : "history", plot_path[e]);
            goto done;
        }
    if (plot && cli_gnuplot_check()) {
        rc = CLI_RUNTIME;
        goto done;
    }
    if ((rc = cli_check_cost("optimize", p, 0, NULL)))
        goto done;
    if (!cli_mpi_go()) {
        rc = cli_fail("optimize: another rank of the job refused the run (run the same command "
                      "on one rank to see why)");
        goto done;
    }
    neq_design_options opt = search_options(minq != NULL, seed, starts, evals, threads_d);
    int st = neq_design_search(p, objective, vs.n, vs.v, subj.n, cons, &opt, &res);
    if (st) {
        rc = cli_error("optimize: %s", neq_errdetail()) ? cli_status_exit(st) : 0;
        goto done;
    }
    if (!res.feasible) {
        rc = cli_error("optimize: infeasible: none of the %ld evaluated points meets the "
                       "constraints (%ld failed)", res.evaluations, res.failed)
                 ? CLI_RUNTIME
                 : 0;
        goto done;
    }
    /* the best point, evaluated once more for every quantity */
    st = neq_plan_alloc(res.best, &plan);
    if (!st)
        st = neq_workspace_alloc(plan, &ws);
    if (!st)
        st = neq_eval(plan, res.best, ws);
    if (!st && json)
        j = cli_point_json(plan, res.best, ws, 0, NULL, &st);
    else if (!st)
        st = cli_point_fetch(plan, res.best, ws, 0, NULL, &vals);
    if (st) {
        rc = cli_error("optimize: the best point: %s", neq_errdetail()) ? cli_status_exit(st) : 0;
        goto done;
    }
    char why[1200];
    verdict(m, &res, &vs, cons, why, sizeof why);
    if (hist) {
        if (write_history(&ho, hist, force, m, &vs, objective, subj.n, cons, &res,
                          cmdline ? cmdline : "") ||
            cli_output_finish(&ho)) {
            rc = CLI_RUNTIME;
            goto done;
        }
    }
    if (plot && convergence_plot(plot, force, &res, objective, opt.minimize, &pf)) {
        rc = CLI_RUNTIME;
        goto done;
    }
    cli_warn_physics(plan, res.best, ws);
    if (cli_output_open(&fo, out, force)) {
        rc = CLI_RUNTIME;
        goto done;
    }
    if (json) {
        /* { best: {parameters, quantities}, evaluations, failed_evaluations,
         *   active_bounds, ... } */
        cJSON *top = cJSON_CreateObject(), *best = cJSON_AddObjectToObject(top, "best");
        cJSON_AddStringToObject(top, "model", neq_model_name(m));
        cJSON_AddStringToObject(top, "neqent", neq_version());
        cJSON_AddStringToObject(top, opt.minimize ? "minimize" : "maximize", objective);
        cJSON_AddItemToObject(top, "value", cli_json_number(res.value));
        cJSON_AddItemToObject(best, "parameters", cJSON_DetachItemFromObject(j, "parameters"));
        cJSON_AddItemToObject(best, "units", cJSON_DetachItemFromObject(j, "units"));
        cJSON_DeleteItemFromObject(j, "model");
        cJSON_DeleteItemFromObject(j, "neqent");
        cJSON_AddItemToObject(best, "quantities", j);
        j = NULL;
        cJSON *var = cJSON_AddArrayToObject(top, "variables");
        cJSON *act = cJSON_AddObjectToObject(top, "active_bounds");
        for (int i = 0; i < vs.n; i++) {
            cJSON *v = cJSON_CreateObject();
            cJSON_AddStringToObject(v, "name", vs.v[i].params);
            if (vs.v[i].nchoices) {
                cJSON_AddStringToObject(v, "value", vs.v[i].choices[(int)res.x[i]]);
            } else {
                cJSON_AddItemToObject(v, "value", cli_json_number(res.x[i]));
                cJSON_AddItemToObject(v, "lo", cli_json_number(vs.v[i].lo));
                cJSON_AddItemToObject(v, "hi", cli_json_number(vs.v[i].hi));
                cJSON_AddBoolToObject(v, "log", vs.v[i].log);
                cJSON_AddItemToObject(v, "gradient", cli_json_number(res.gradient[i]));
                cJSON_AddItemToObject(v, "gradient_exact",
                                      cJSON_CreateBool(res.gradient_exact[i] != 0));
                cJSON_AddStringToObject(v, "bound", res.active[i] < 0   ? "lower"
                                                    : res.active[i] > 0 ? "upper"
                                                                        : "interior");
                if (res.active[i])
                    cJSON_AddStringToObject(act, vs.v[i].params, res.active[i] < 0 ? "lower" : "upper");
            }
            cJSON_AddItemToArray(var, v);
        }
        cJSON *ca = cJSON_AddArrayToObject(top, "constraints");
        for (int k = 0; k < subj.n; k++) {
            cJSON *c = cJSON_CreateObject();
            cJSON_AddStringToObject(c, "quantity", cons[k].quantity);
            cJSON_AddStringToObject(c, "op", cons[k].op == NEQ_DESIGN_GE ? ">=" : "<=");
            cJSON_AddItemToObject(c, "bound", cli_json_number(cons[k].bound));
            cJSON_AddItemToObject(c, "value", cli_json_number(res.constraints[k]));
            cJSON_AddBoolToObject(c, "active", res.constraint_active[k]);
            cJSON_AddItemToArray(ca, c);
        }
        cJSON_AddNumberToObject(top, "evaluations", (double)res.evaluations);
        cJSON_AddNumberToObject(top, "failed_evaluations", (double)res.failed);
        cJSON_AddNumberToObject(top, "runs", res.runs);
        cJSON_AddNumberToObject(top, "seed", seed);
        cJSON_AddStringToObject(top, "verdict", why);
        cli_json_print(fo.f, top);
        cJSON_Delete(top);
    } else {
        FILE *f = fo.f;
        fprintf(f, "# neqent optimize %s: %s %s\n", neq_model_name(m),
                opt.minimize ? "minimise" : "maximise", objective);
        char num[40];
        cli_number(num, sizeof num, res.value);
        fprintf(f, "# best: %s = %s at", objective, num);
        for (int i = 0; i < vs.n; i++) {
            char val[80];
            var_text(m, &vs.v[i], res.x[i], val, sizeof val);
            fprintf(f, "%s %s = %s", i ? "," : "", vs.v[i].params, val);
        }
        fprintf(f, "\n# verdict: %s\n", why);
        fprintf(f, "# evaluations: %ld in %d runs (seed %.0f), %ld failed\n", res.evaluations,
                res.runs, seed, res.failed);
        for (int i = 0; i < vs.n; i++)
            if (!vs.v[i].nchoices) {
                char g[40], gr[40];
                cli_number(g, sizeof g, res.gradient[i]);
                /* per unit of the variable, and over the whole range */
                double span = vs.v[i].log ? log(vs.v[i].hi / vs.v[i].lo) : vs.v[i].hi - vs.v[i].lo;
                cli_number(gr, sizeof gr, res.gradient[i] * span);
                fprintf(f, "# sensitivity: d %s / d %s%s = %s%s (x the range: %s)%s\n",
                        objective, vs.v[i].log ? "ln " : "", vs.v[i].params, g,
                        res.gradient_exact[i] ? " (exact)" : "", gr,
                        res.active[i] ? (res.active[i] < 0 ? " at the lower bound" : " at the upper bound")
                                      : "");
            }
        for (int k = 0; k < subj.n; k++) {
            char b[40], v[40];
            cli_number(b, sizeof b, cons[k].bound);
            cli_number(v, sizeof v, res.constraints[k]);
            fprintf(f, "# constraint: %s = %s %s %s%s\n", cons[k].quantity, v,
                    cons[k].op == NEQ_DESIGN_GE ? ">=" : "<=", b,
                    res.constraint_active[k] ? " (active)" : "");
        }
        cli_point_table(f, plan, res.best, cmdline ? cmdline : "", 0, NULL, vals);
    }
    /* everything written, then every target checked again (a file may have
     * appeared meanwhile), then all take their names: a failure before the
     * commits leaves none of them (cmd_figure.c's order) */
    rc = cli_output_finish(&fo) ? CLI_RUNTIME : 0;
    if (rc == 0 && cli_output_check(fo.path, force))
        rc = CLI_RUNTIME;
    if (rc == 0 && cli_output_check(ho.path, force))
        rc = CLI_RUNTIME;
    for (int e = 0; rc == 0 && e < 3; e++)
        if (cli_output_check(pf.out[e].path, force))
            rc = CLI_RUNTIME;
    if (rc == 0 && cli_output_commit(&ho))
        rc = CLI_RUNTIME;
    if (rc == 0 && cli_plot_commit(&pf))
        rc = CLI_RUNTIME;
    if (rc == 0 && cli_output_commit(&fo))
        rc = CLI_RUNTIME;
done:
    /* no-ops after a commit: whatever was not committed goes, temporary
     * files and the plot's private directory included */
    cli_output_abort(&fo);
    cli_output_abort(&ho);
    cli_plot_abort(&pf);
    cJSON_Delete(j);
    free(vals);
    free(cmdline);
    neq_workspace_free(ws);
    neq_plan_free(plan);
    neq_design_result_free(&res);
    for (int k = 0; cnames && k < subj.n; k++)
        free(cnames[k]);
    free(cnames);
    free(cons);
    vars_free(&vs);
    cli_list_free(&vary);
    cli_list_free(&subj);
    neq_params_free(p);
    cli_opts_free(&o);
    return rc;
}
