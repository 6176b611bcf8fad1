/* neqent figure NAME|all: a figure of the founding papers from its
 * specification in the library (include/neqent/figures.h): its tables as
 * CSV files, its extracted numbers as NAME-numbers.csv, its plot as PNG,
 * SVG and PDF. */
#include "cli.h"
#include "render.h"
#include "neqent/figures.h"
#include "neqent/status.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const char *USAGE =
    "usage: neqent figure NAME|all [--out-dir DIR] [--force] [--no-plot] [--threads N]\n\n"
    "Writes the data (CSV, one file per table), the extracted numbers (NAME-numbers.csv:\n"
    "maxima, their locations, thresholds, limits) and a plot (NAME.png, .svg and .pdf,\n"
    "through gnuplot) of a figure of the founding papers.  Every CSV starts with '#'\n"
    "lines: the neqent version, the command, the caption and the units.  Names:";

/* The tables as they are computed: kept in memory for the plot, and each
 * written to its temporary file, committed (renamed into place) with the
 * numbers only once the plot has been drawn too: a figure that fails
 * anywhere leaves none of its files. */
typedef struct {
    const char *dir, *cmdline;
    int force;
    cli_output *out; /* out[k]: table k's file */
    cli_table *t;
    int nt;
    int failed;
} sink_ctx;

static int sink_begin(void *user, const char *table, const char *caption, int ncols,
                      const char *const *columns)
{
    sink_ctx *c = user;
    char path[4200];
    snprintf(path, sizeof path, "%s/%s.csv", c->dir, table);
    cli_table *g = realloc(c->t, sizeof *g * (size_t)(c->nt + 1));
    if (g)
        c->t = g;
    cli_output *go = g ? realloc(c->out, sizeof *go * (size_t)(c->nt + 1)) : NULL;
    if (!go)
        return -1;
    c->out = go;
    cli_output *o = &c->out[c->nt];
    cli_table *t = &c->t[c->nt++];
    memset(t, 0, sizeof *t);
    memset(o, 0, sizeof *o);
    t->name = strdup(table);
    t->ncols = ncols;
    t->col = calloc((size_t)ncols, sizeof *t->col);
    if (!t->name || !t->col)
        return -1;
    for (int k = 0; k < ncols; k++)
        if (!(t->col[k] = strdup(columns[k])))
            return -1;
    if (cli_output_open(o, path, c->force))
        return c->failed = 1, -1;
    fprintf(o->f, "# neqent %s\n", neq_version());
    cli_comment(o->f, "# command: ", c->cmdline);
    const char *s = caption;
    while (s && *s) {
        const char *e = strchr(s, '\n');
        char line[2000];
        snprintf(line, sizeof line, "%.*s", (int)(e ? e - s : (long)strlen(s)), s);
        cli_comment(o->f, "# ", line);
        s = e ? e + 1 : NULL;
    }
    for (int k = 0; k < ncols; k++)
        fprintf(o->f, "%s%s", k ? "," : "", columns[k]);
    fputc('\n', o->f);
    return 0;
}

static int sink_row(void *user, const double *v)
{
    sink_ctx *c = user;
    cli_table *t = &c->t[c->nt - 1];
    if (t->nrows == t->cap) {
        long cap = t->cap ? 2 * t->cap : 256;
        double *g = realloc(t->v, sizeof *g * (size_t)cap * (size_t)t->ncols);
        if (!g)
            return -1;
        t->v = g;
        t->cap = cap;
    }
    memcpy(t->v + t->nrows * t->ncols, v, sizeof *v * (size_t)t->ncols);
    t->nrows++;
    FILE *f = c->out[c->nt - 1].f;
    char num[40];
    for (int k = 0; k < t->ncols; k++) {
        cli_number(num, sizeof num, v[k]);
        fprintf(f, "%s%s", k ? "," : "", num);
    }
    fputc('\n', f);
    if (ferror(f)) { /* a full disk...: said when the file is finished */
        cli_output_finish(&c->out[c->nt - 1]);
        return c->failed = 1, -1;
    }
    return 0;
}

static int sink_block(void *user)
{
    sink_ctx *c = user;
    fputc('\n', c->out[c->nt - 1].f); /* gnuplot's scan separator, for users' own plots */
    return 0;
}

static int sink_end(void *user)
{
    sink_ctx *c = user;
    if (cli_output_finish(&c->out[c->nt - 1]))
        return c->failed = 1, -1;
    return 0;
}

/* Frees the tables; removes every table file not committed. */
static void tables_free(sink_ctx *c)
{
    for (int k = 0; k < c->nt; k++) {
        cli_output_abort(&c->out[k]);
        for (int j = 0; c->t[k].col && j < c->t[k].ncols; j++)
            free(c->t[k].col[j]);
        free(c->t[k].col);
        free(c->t[k].name);
        free(c->t[k].v);
    }
    free(c->t);
    free(c->out);
    c->t = NULL;
    c->out = NULL;
    c->nt = 0;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Every file a figure writes, checked before anything is computed: a run
 * that would be refused halfway writes nothing. */
static int check_outputs(const neq_figure *f, const char *dir, int force, int plot)
{
    if (plot && cli_gnuplot_check())
        return -1;
    char path[4400];
    snprintf(path, sizeof path, "%s/%s-numbers.csv", dir, neq_figure_name(f));
    if (cli_output_check(path, force))
        return -1;
    static const char *const ext[3] = {"png", "svg", "pdf"};
    for (int e = 0; plot && e < 3; e++) {
        snprintf(path, sizeof path, "%s/%s.%s", dir, neq_figure_name(f), ext[e]);
        if (cli_output_check(path, force))
            return -1;
    }
    for (int k = 0; k < neq_figure_npanels(f); k++) {
        const neq_panel *pn = neq_figure_panel(f, k);
        for (int j = 0; j < pn->nseries; j++) {
            snprintf(path, sizeof path, "%s/%s.csv", dir, pn->series[j].table);
            if (cli_output_check(path, force))
                return -1;
        }
    }
    return 0;
}

static int run_one(const neq_figure *f, const char *dir, const char *cmdline, int force, int plot,
                   int threads)
{
    double t0 = now();
    if (check_outputs(f, dir, force, plot))
        return CLI_RUNTIME;
    sink_ctx c = {dir, cmdline, force, NULL, NULL, 0, 0};
    neq_figure_sink sink = {sink_begin, sink_row, sink_block, sink_end, &c, threads};
    neq_figure_number *num = NULL;
    int n = 0;
    int rc = neq_figure_run(f, &sink, &num, &n);
    if (rc) {
        tables_free(&c);
        if (!c.failed)
            cli_fail("figure %s: %s", neq_figure_name(f), neq_errdetail());
        return CLI_RUNTIME;
    }
    /* the extracted numbers, compared with stored answers in make test */
    char path[4200];
    snprintf(path, sizeof path, "%s/%s-numbers.csv", dir, neq_figure_name(f));
    cli_output o;
    if (cli_output_open(&o, path, force)) {
        free(num);
        tables_free(&c);
        return CLI_RUNTIME;
    }
    fprintf(o.f, "# neqent %s: numbers extracted from %s\n", neq_version(), neq_figure_name(f));
    cli_comment(o.f, "# command: ", cmdline);
    fputs("name,value,unit,meaning\n", o.f);
    for (int k = 0; k < n; k++) {
        char v[40];
        cli_number(v, sizeof v, num[k].value);
        cli_csv_text(o.f, num[k].name);
        fprintf(o.f, ",%s,", v); /* a number the figure lacks: empty */
        cli_csv_text(o.f, num[k].unit);
        fputc(',', o.f);
        cli_csv_text(o.f, num[k].doc);
        fputc('\n', o.f);
    }
    rc = cli_output_finish(&o) ? CLI_RUNTIME : 0;
    cli_plot_files pf;
    memset(&pf, 0, sizeof pf);
    if (rc == 0 && plot &&
        cli_render(dir, neq_figure_name(f), neq_figure_panel(f, 0), neq_figure_npanels(f), c.t,
                   c.nt, num, n, force, &pf))
        rc = CLI_RUNTIME;
    /* everything written: every target checked again (a file may have
     * appeared meanwhile), then all take their names */
    for (int k = 0; rc == 0 && k < c.nt; k++)
        rc = cli_output_check(c.out[k].path, force) ? CLI_RUNTIME : 0;
    for (int k = 0; rc == 0 && plot && k < 3; k++)
        rc = cli_output_check(pf.out[k].path, force) ? CLI_RUNTIME : 0;
    if (rc == 0)
        rc = cli_output_check(o.path, force) ? CLI_RUNTIME : 0;
    for (int k = 0; rc == 0 && k < c.nt; k++)
        rc = cli_output_commit(&c.out[k]) ? CLI_RUNTIME : 0;
    if (rc == 0 && cli_output_commit(&o))
        rc = CLI_RUNTIME;
    if (rc == 0 && plot && cli_plot_commit(&pf))
        rc = CLI_RUNTIME;
    cli_plot_abort(&pf);
    cli_output_abort(&o);
    free(num);
    tables_free(&c);
    if (rc == 0) {
        char clean[600];
        cli_clean(dir, clean, sizeof clean);
        fprintf(stderr, "neqent: %s written to %s/ (%.2f s)\n", neq_figure_name(f), clean,
                now() - t0);
    }
    return rc;
}

int cmd_figure(int argc, char **argv)
{
    int force = 0, noplot = 0;
    const char *dir = ".";
    double threads = 1;
    cli_opts o = {0};
    cli_opts_add(&o, (cli_opt){"out-dir", CLI_TEXT, &dir, NULL,
                               "directory for the data and plots (created if missing) [default .]", 0});
    cli_opts_add(&o, (cli_opt){"force", CLI_FLAG, &force, NULL, "replace existing regular files", 0});
    cli_opts_add(&o, (cli_opt){"no-plot", CLI_FLAG, &noplot, NULL, "write the data only (no gnuplot)", 0});
    cli_opts_add(&o, (cli_opt){"threads", CLI_NUMBER, &threads, &CLI_THREADS, NULL, 0});
    char usage[2000];
    size_t len = (size_t)snprintf(usage, sizeof usage, "%s", USAGE);
    for (int k = 0; k < neq_figure_count(); k++)
        len += (size_t)snprintf(usage + len, sizeof usage - len, "\n  %-14s %s",
                                neq_figure_name(neq_figure_at(k)),
                                neq_figure_title(neq_figure_at(k)));
    snprintf(usage + len, sizeof usage - len, "\n  %-14s every figure", "all");
    int rc;
    if (argc >= 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"))) {
        cli_print_help(stdout, usage, &o);
        rc = 0;
        goto done;
    }
    if (argc < 3 || argv[2][0] == '-') {
        rc = cli_error("figure: name a figure (see neqent figure --help)");
        goto done;
    }
    const char *name = argv[2];
    const neq_figure *f = neq_figure_lookup(name);
    if (!f && strcmp(name, "all")) {
        rc = cli_error("figure: unknown figure '%s' (see neqent figure --help)", name);
        goto done;
    }
    int parsed = cli_parse("figure", usage, argc, argv, 3, &o);
    if (parsed) {
        rc = parsed < 0 ? CLI_USAGE : 0;
        goto done;
    }
    if (threads != floor(threads)) {
        rc = cli_error("figure: --threads %g must be a whole number", threads);
        goto done;
    }
    struct stat st;
    if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
        rc = cli_fail("figure: --out-dir '%s' is not a directory", dir);
        goto done;
    }
    if (stat(dir, &st) != 0 && mkdir(dir, 0777) != 0) {
        rc = cli_fail("figure: cannot create directory '%s': %s", dir, strerror(errno));
        goto done;
    }
    static const char *const run_only[] = {"--force", "--threads=", NULL};
    char *cmdline = cli_command_line(argc, argv, run_only);
    rc = 0;
    for (int k = 0; rc == 0 && k < neq_figure_count(); k++)
        if (!f || f == neq_figure_at(k))
            rc = run_one(neq_figure_at(k), dir, cmdline ? cmdline : "neqent figure", force, !noplot,
                         (int)threads);
    free(cmdline);
done:
    cli_opts_free(&o);
    return rc;
}
