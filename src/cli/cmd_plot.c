/* neqent plot FILE --x COL --y COL [--z COL]: a line plot or a filled heat
 * map of any neqent CSV or TSV output (read with Debian's libcsv), PNG,
 * SVG and PDF through gnuplot (render.c: the data go to gnuplot inside the
 * script, never by file name). */
#include "cli.h"
#include "render.h"

#include <csv.h>
#include "neqent/text.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *USAGE =
    "usage: neqent plot FILE --x COL --y COL [--z COL] [--group COL] [--out BASE] [--force]\n"
    "                   [--logx] [--logy]\n\n"
    "Plots columns of a neqent CSV or TSV file: y against x (a curve per value of --group),\n"
    "or a filled heat map of z over (x, y).  Columns by name, with or without the unit in\n"
    "brackets (T_M or T_M[K]).  Writes BASE.png, BASE.svg and BASE.pdf (default BASE: FILE\n"
    "without its extension).  '#' lines are comments; the first other line names the\n"
    "columns; every row must hold numbers (empty fields are missing values).";

typedef struct {
    cli_table *t;
    int field, header, bad;
    long line;
    char **names;
    int nnames, cap;
    double *row;
    char why[200];
} reader;

static void on_field(void *s, size_t len, void *data)
{
    reader *r = data;
    if (r->bad)
        return;
    if (r->header) {
        if (r->nnames == r->cap) {
            int cap = r->cap ? 2 * r->cap : 16;
            char **g = realloc(r->names, sizeof *g * (size_t)cap);
            if (!g) {
                r->bad = 1;
                return;
            }
            r->names = g;
            r->cap = cap;
        }
        char *c = malloc(len + 1);
        if (!c) {
            r->bad = 1;
            return;
        }
        if (len)
            memcpy(c, s, len);
        c[len] = 0;
        r->names[r->nnames++] = c;
        return;
    }
    int col = r->field++;
    if (col >= r->t->ncols) {
        r->bad = 1;
        snprintf(r->why, sizeof r->why, "more fields than the %d columns", r->t->ncols);
        return;
    }
    char buf[64];
    double v;
    if (cli_csv_number(s, len, &v, buf, sizeof buf)) {
        r->bad = 1;
        snprintf(r->why, sizeof r->why, "field %d ('%.40s') is not a decimal number", col + 1, buf);
        return;
    }
    r->row[col] = v;
}

static void on_row(int ch, void *data)
{
    (void)ch;
    reader *r = data;
    if (r->bad)
        return;
    if (r->header) {
        r->header = 0;
        cli_table *t = r->t;
        /* a header of numbers is a data row: the file has no header */
        int numeric = r->nnames > 0;
        for (int k = 0; k < r->nnames && numeric; k++) {
            double v;
            numeric = neq_parse_real(r->names[k], &v) == 0;
        }
        if (numeric) {
            r->bad = 1;
            snprintf(r->why, sizeof r->why, "no header line naming the columns (the first line "
                                            "holds numbers)");
            return;
        }
        t->ncols = r->nnames;
        t->col = r->names;
        r->names = NULL;
        r->nnames = r->cap = 0;
        r->row = malloc(sizeof *r->row * (size_t)(t->ncols > 0 ? t->ncols : 1));
        if (!r->row)
            r->bad = 1;
        return;
    }
    cli_table *t = r->t;
    if (r->field != t->ncols) {
        r->bad = 1;
        snprintf(r->why, sizeof r->why, "%d fields where the header has %d", r->field, t->ncols);
        return;
    }
    r->field = 0;
    if (t->nrows == t->cap) {
        long cap = t->cap ? 2 * t->cap : 256;
        double *g = realloc(t->v, sizeof *g * (size_t)cap * (size_t)t->ncols);
        if (!g) {
            r->bad = 1;
            return;
        }
        t->v = g;
        t->cap = cap;
    }
    memcpy(t->v + t->nrows * t->ncols, r->row, sizeof *r->row * (size_t)t->ncols);
    t->nrows++;
}

int cli_table_parse(FILE *f, const char *file, cli_table *t)
{
    reader r = {t, 0, 1, 0, 0, NULL, 0, 0, NULL, ""};
    struct csv_parser p;
    csv_init(&p, CSV_STRICT | CSV_EMPTY_IS_NULL);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int rc = 0;
    while ((n = getline(&line, &cap, f)) > 0 && !r.bad) {
        r.line++;
        if (memchr(line, 0, (size_t)n)) {
            rc = cli_error("plot: %s:%ld: not a text file", file, r.line);
            break;
        }
        if (line[0] == '#' || (line[0] == '\n' && r.header))
            continue;
        if (line[0] == '\n')
            continue; /* a blank line between blocks of a map */
        if (r.header)
            csv_set_delim(&p, strchr(line, '\t') ? '\t' : ',');
        if (csv_parse(&p, line, (size_t)n, on_field, on_row, &r) != (size_t)n)
            r.bad = 1, snprintf(r.why, sizeof r.why, "%s", csv_strerror(csv_error(&p)));
    }
    if (rc == 0 && !r.bad)
        csv_fini(&p, on_field, on_row, &r);
    csv_free(&p);
    free(line);
    for (int k = 0; k < r.nnames; k++)
        free(r.names[k]);
    free(r.names);
    free(r.row);
    if (rc)
        return -1;
    if (r.bad)
        return cli_error("plot: %s:%ld: %s", file, r.line, r.why[0] ? r.why : "out of memory"), -1;
    if (t->ncols == 0 || t->nrows == 0)
        return cli_error("plot: '%s' has no header line or no data rows", file), -1;
    return 0;
}

#define MAX_GROUPS 64 /* curves of one plot: beyond, no legend can be read */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int cmd_plot(int argc, char **argv)
{
    const char *xs = NULL, *ys = NULL, *zs = NULL, *gs = NULL, *out = NULL;
    int force = 0, logx = 0, logy = 0, rc = 0;
    cli_opts o = {0};
    cli_opts_add(&o, (cli_opt){"x", CLI_TEXT, &xs, NULL, "column on the x axis [required]", 0});
    cli_opts_add(&o, (cli_opt){"y", CLI_TEXT, &ys, NULL, "column on the y axis [required]", 0});
    cli_opts_add(&o, (cli_opt){"z", CLI_TEXT, &zs, NULL, "column as colour: a filled heat map over (x, y)", 0});
    cli_opts_add(&o, (cli_opt){"group", CLI_TEXT, &gs, NULL,
                               "a curve per distinct value of this column (at most 64)", 0});
    cli_opts_add(&o, (cli_opt){"out", CLI_TEXT, &out, NULL, "output base name [default FILE without extension]", 0});
    cli_opts_add(&o, (cli_opt){"force", CLI_FLAG, &force, NULL, "replace existing plots (regular files only)", 0});
    cli_opts_add(&o, (cli_opt){"logx", CLI_FLAG, &logx, NULL, "logarithmic x axis", 0});
    cli_opts_add(&o, (cli_opt){"logy", CLI_FLAG, &logy, NULL, "logarithmic y axis", 0});
    cli_table t = {0};
    char *base = NULL;
    if (argc >= 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"))) {
        cli_print_help(stdout, USAGE, &o);
        goto done;
    }
    if (argc < 3 || argv[2][0] == '-') {
        rc = cli_error("plot: name the data file: neqent plot FILE --x COL --y COL");
        goto done;
    }
    const char *file = argv[2];
    int parsed = cli_parse("plot", USAGE, argc, argv, 3, &o);
    if (parsed) {
        rc = parsed < 0 ? CLI_USAGE : 0;
        goto done;
    }
    if (!xs || !ys) {
        rc = cli_error("plot: --x and --y are required");
        goto done;
    }
    if (zs && gs) {
        rc = cli_error("plot: --group makes curves, --z a map: not both");
        goto done;
    }
    t.name = "data";
    FILE *in = cli_open_input("data file", file);
    if (!in) {
        rc = CLI_USAGE;
        goto done;
    }
    int bad = cli_table_parse(in, file, &t);
    fclose(in);
    if (bad) {
        rc = CLI_USAGE;
        goto done;
    }
    const char *want[3] = {xs, ys, zs ? zs : gs};
    for (int k = 0; k < 3; k++) {
        int c = want[k] ? cli_table_column(&t, want[k]) : -2;
        if (c == -1) {
            rc = cli_error("plot: no column '%s' in '%s'", want[k], file);
            goto done;
        }
        long finite = 0;
        for (long r = 0; c >= 0 && r < t.nrows; r++)
            finite += isfinite(t.v[r * t.ncols + c]) != 0;
        if (c >= 0 && !finite) {
            rc = cli_error("plot: column '%s' of '%s' has no values", want[k], file);
            goto done;
        }
    }
    /* curves per --group value: a handful, not one per row of a continuous
     * column (the distinct values counted on a sorted copy; NaN is one) */
    if (gs) {
        int cg = cli_table_column(&t, gs);
        double *g = malloc(sizeof *g * (size_t)(t.nrows > 0 ? t.nrows : 1));
        if (!g) {
            rc = cli_fail("plot: out of memory");
            goto done;
        }
        long ng = 0, distinct = 0, nan = 0;
        for (long r = 0; r < t.nrows; r++) {
            double v = t.v[r * t.ncols + cg];
            if (isnan(v))
                nan = 1;
            else
                g[ng++] = v;
        }
        qsort(g, (size_t)ng, sizeof *g, cmp_double);
        for (long r = 0; r < ng; r++)
            distinct += r == 0 || g[r] != g[r - 1];
        free(g);
        if (distinct + nan > MAX_GROUPS) {
            rc = cli_error("plot: --group column '%s' has %ld distinct values: at most %d curves "
                           "(a continuous column belongs on --z)", gs, distinct + nan, MAX_GROUPS);
            goto done;
        }
    }
    /* the output base and its directory */
    base = strdup(out ? out : file);
    if (!base) {
        rc = cli_fail("plot: out of memory");
        goto done;
    }
    if (!out) {
        char *dot = strrchr(base, '.'), *slash = strrchr(base, '/');
        if (dot && (!slash || dot > slash))
            *dot = 0;
    }
    char *slash = strrchr(base, '/');
    const char *dir = ".", *name = base;
    if (slash) {
        *slash = 0;
        dir = slash == base ? "/" : base;
        name = slash + 1;
    }
    if (!*name) {
        rc = cli_error("plot: --out '%s' names a directory, not a file base", out ? out : file);
        goto done;
    }
    int cx = cli_table_column(&t, xs), cy = cli_table_column(&t, ys);
    neq_panel pn = {1,
                    {{"data", zs ? NEQ_PANEL_MAP : NEQ_PANEL_LINES, t.col[cx], t.col[cy],
                      zs ? t.col[cli_table_column(&t, zs)] : NULL,
                      gs ? t.col[cli_table_column(&t, gs)] : NULL, NULL, NULL}},
                    NULL, t.col[cx], t.col[cy], zs ? t.col[cli_table_column(&t, zs)] : NULL, logx,
                    logy, NAN, NAN, NAN, NAN, 0, 0, 1, 1, 0, NULL, NULL, NULL, NAN};
    char legend[96];
    if (gs) { /* the column's name as literal text: its '%' signs doubled */
        size_t n = 0;
        for (const char *c = t.col[cli_table_column(&t, gs)]; *c && n < 80; c++) {
            if (*c == '%')
                legend[n++] = '%';
            legend[n++] = *c;
        }
        snprintf(legend + n, sizeof legend - n, " = %%.4g");
        pn.series[0].legend = legend;
    }
    if (cli_render(dir, name, &pn, 1, &t, 1, NULL, 0, force, NULL)) {
        rc = CLI_RUNTIME;
        goto done;
    }
    char clean[800];
    cli_clean(name, clean, sizeof clean);
    char cdir[800];
    cli_clean(dir, cdir, sizeof cdir);
    fprintf(stderr, "neqent: wrote %s/%s.png, .svg and .pdf\n", cdir, clean);
done:
    for (int k = 0; t.col && k < t.ncols; k++)
        free(t.col[k]);
    free(t.col);
    free(t.v);
    free(base);
    cli_opts_free(&o);
    return rc;
}
