/* Plots of tables: turns the panels of a figure (include/neqent/figures.h)
 * or of `neqent plot` into a gnuplot script whose data are datablocks, so
 * that no file name or other user text is interpreted by gnuplot, and runs
 * it (gnuplot.c).  PNG, SVG and PDF; viridis maps; axes fitted to the
 * data; maps filled cell by cell around each point; insets with few tics. */
#include "render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const cli_table *cli_table_find(const cli_table *t, int n, const char *name)
{
    for (int k = 0; k < n; k++)
        if (!strcmp(t[k].name, name))
            return &t[k];
    return NULL;
}

int cli_table_column(const cli_table *t, const char *name)
{
    if (!name)
        return -1;
    size_t len = strlen(name);
    for (int c = 0; c < t->ncols; c++) {
        /* "T_M" matches "T_M[K]" */
        size_t base = strcspn(t->col[c], "[");
        if (!strcmp(t->col[c], name) || (base == len && !strncmp(t->col[c], name, len)))
            return c;
    }
    return -1;
}

/* a growing text */
typedef struct {
    char *s;
    size_t len, cap;
    int oom;
} text;

static void add(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#include <stdarg.h>
static void add(text *t, const char *fmt, ...)
{
    if (t->oom)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(t->s ? t->s + t->len : NULL, t->s ? t->cap - t->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0) {
            t->oom = 1;
            return;
        }
        if (t->s && t->len + (size_t)n < t->cap) {
            t->len += (size_t)n;
            return;
        }
        size_t cap = (t->cap ? 2 * t->cap : 4096) + (size_t)n;
        char *g = realloc(t->s, cap);
        if (!g) {
            t->oom = 1;
            return;
        }
        t->s = g;
        t->cap = cap;
    }
}

static int row_selected(const cli_table *t, long r, const char *select)
{
    if (!select)
        return 1;
    const char *eq = strchr(select, '=');
    if (!eq)
        return 1;
    char col[64];
    snprintf(col, sizeof col, "%.*s", (int)(eq - select), select);
    int c = cli_table_column(t, col);
    if (c < 0)
        return 0;
    double want = strtod(eq + 1, NULL), v = t->v[r * t->ncols + c];
    return fabs(v - want) <= 1e-12 * fmax(1, fabs(want));
}

/* a step of 1, 2 or 5 times a power of ten giving about n intervals */
static double nice_step(double range, int n)
{
    double raw = range / n, p = pow(10, floor(log10(raw))), m = raw / p;
    return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

typedef struct {
    double x, y, z;
} pt;

static int cmp_pt(const void *a, const void *b)
{
    const pt *p = a, *q = b;
    if (p->x != q->x)
        return p->x < q->x ? -1 : 1;
    return (p->y > q->y) - (p->y < q->y);
}

/* the datablocks and plot clauses of one series */
static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* the cell [lo, hi] of value v among the sorted distinct values g[0..n) */
static void cell(const double *g, long n, double v, int logscale, double *lo, double *hi)
{
    long i = 0;
    while (i < n && g[i] != v)
        i++;
    double left = i > 0 ? g[i - 1] : NAN, right = i + 1 < n ? g[i + 1] : NAN;
    double mid_l = logscale ? sqrt(left * v) : 0.5 * (left + v);
    double mid_r = logscale ? sqrt(right * v) : 0.5 * (right + v);
    if (n < 2) { /* a single value: a cell of relative width 1% */
        *lo = logscale ? v / 1.01 : v - 0.005 * fmax(fabs(v), 1e-300);
        *hi = logscale ? v * 1.01 : v + 0.005 * fmax(fabs(v), 1e-300);
        return;
    }
    if (isnan(mid_l)) /* the first value: mirror the right half-cell */
        mid_l = logscale ? v * v / mid_r : 2 * v - mid_r;
    if (isnan(mid_r))
        mid_r = logscale ? v * v / mid_l : 2 * v - mid_l;
    /* cells overlap by 1% of their width: no antialiasing seams between them */
    if (logscale) {
        double f = pow(mid_r / mid_l, 0.01);
        *lo = mid_l / f;
        *hi = mid_r * f;
    } else {
        double e = 0.01 * (mid_r - mid_l);
        *lo = mid_l - e;
        *hi = mid_r + e;
    }
}

/* A legend is text with at most one number placeholder, %g or %.Ng
 * (N < 18), which takes the group value ("missing" for NaN: empty fields);
 * "%%" is a percent sign and any other '%' is copied as it stands.  The
 * legend is never used as a printf format: a plotted file's column names
 * reach it. */
static void legend_text(char *out, size_t size, const char *legend, int has_value, double value)
{
    size_t n = 0;
    int used = 0;
    for (const char *c = legend; *c && n + 1 < size; c++) {
        int prec = -1;
        const char *e = c + 1;
        if (*c == '%' && *e == '.' && e[1] >= '0' && e[1] <= '9') {
            prec = 0;
            for (e++; *e >= '0' && *e <= '9' && prec < 100; e++)
                prec = 10 * prec + (*e - '0');
        }
        if (*c == '%' && *e == 'g' && has_value && !used && prec < 18) {
            /* a group of empty fields (NaN) is the missing values' */
            int w = isfinite(value)
                        ? snprintf(out + n, size - n, "%.*g", prec < 0 ? 6 : prec, value)
                        : snprintf(out + n, size - n, "missing");
            n = w > 0 ? n + (size_t)w : n;
            n = n < size ? n : size - 1;
            used = 1;
            c = e;
        } else if (*c == '%' && c[1] == '%') {
            out[n++] = '%';
            c++;
        } else {
            out[n++] = *c;
        }
    }
    out[n] = '\0';
}

/* group values: NaN (an empty field) is one group, as any other value */
static int same_group(double a, double b) { return a == b || (isnan(a) && isnan(b)); }

static int series(text *data, text *plot, int *nclauses, const cli_table *t, const neq_series *s,
                  int id, int inset, int logx, int logy, double *lim)
{
    int cx = cli_table_column(t, s->x), cy = cli_table_column(t, s->y);
    int cz = s->kind == NEQ_PANEL_MAP ? cli_table_column(t, s->z) : -2;
    int cg = s->group ? cli_table_column(t, s->group) : -2;
    if (cx < 0 || cy < 0 || cz == -1 || cg == -1)
        return -1;
    char q[300];
    if (s->kind == NEQ_PANEL_MAP) {
        pt *p = malloc(sizeof *p * (size_t)(t->nrows > 0 ? t->nrows : 1));
        if (!p)
            return -1;
        long n = 0;
        for (long r = 0; r < t->nrows; r++) {
            const double *v = t->v + r * t->ncols;
            if (row_selected(t, r, s->select) && isfinite(v[cx]) && isfinite(v[cy]))
                p[n++] = (pt){v[cx], v[cy], v[cz]};
        }
        qsort(p, (size_t)n, sizeof *p, cmp_pt);
        /* each point fills the cell around it: bounds halfway (geometric
         * on a log axis) to the neighbouring grid values, so any grid,
         * log-spaced included, is drawn filled and centred */
        double *xs = malloc(sizeof *xs * (size_t)(n + 1)), *ys = malloc(sizeof *ys * (size_t)(n + 1));
        long nx = 0, ny = 0;
        for (long i = 0; xs && ys && i < n; i++) {
            if (!nx || xs[nx - 1] != p[i].x)
                xs[nx++] = p[i].x;
            ys[ny++] = p[i].y;
        }
        if (!xs || !ys) {
            free(xs);
            free(ys);
            free(p);
            return -1;
        }
        qsort(ys, (size_t)ny, sizeof *ys, cmp_double);
        long u = 0;
        for (long i = 0; i < ny; i++)
            if (!u || ys[u - 1] != ys[i])
                ys[u++] = ys[i];
        ny = u;
        add(data, "$d%d << EOD\n", id);
        for (long i = 0; i < n; i++) {
            double xl, xh, yl, yh;
            cell(xs, nx, p[i].x, logx, &xl, &xh);
            cell(ys, ny, p[i].y, logy, &yl, &yh);
            add(data, "%.17g %.17g %.17g %.17g %.17g %.17g %.17g\n", p[i].x, p[i].y, xl, xh, yl, yh,
                isfinite(p[i].z) ? p[i].z : NAN);
            lim[0] = fmin(lim[0], xl), lim[1] = fmax(lim[1], xh);
            lim[2] = fmin(lim[2], yl), lim[3] = fmax(lim[3], yh);
        }
        add(data, "EOD\n");
        free(xs);
        free(ys);
        free(p);
        add(plot, "%s$d%d using 1:2:3:4:5:6:7 with boxxyerror fillstyle solid 1.0 noborder "
                  "fillcolor palette notitle", (*nclauses)++ ? ", " : "", id);
        return 0;
    }
    /* lines or points, a curve per distinct group value (in order of appearance) */
    double *groups = malloc((t->nrows > 0 ? (size_t)t->nrows : 1) * sizeof *groups);
    int ng = 0;
    if (!groups)
        return -1;
    for (long r = 0; r < t->nrows; r++) {
        if (!row_selected(t, r, s->select))
            continue;
        double gv = cg >= 0 ? t->v[r * t->ncols + cg] : 0;
        int found = 0;
        for (int k = 0; k < ng && !found; k++)
            found = same_group(groups[k], gv);
        if (!found)
            groups[ng++] = gv;
    }
    for (int k = 0; k < ng; k++) {
        add(data, "$d%d_%d << EOD\n", id, k);
        for (long r = 0; r < t->nrows; r++) {
            const double *v = t->v + r * t->ncols;
            if (!row_selected(t, r, s->select) || (cg >= 0 && !same_group(v[cg], groups[k])))
                continue;
            if (!isfinite(v[cx]) || !isfinite(v[cy]))
                continue;
            add(data, "%.17g %.17g\n", v[cx], v[cy]);
            lim[0] = fmin(lim[0], v[cx]), lim[1] = fmax(lim[1], v[cx]);
            lim[2] = fmin(lim[2], v[cy]), lim[3] = fmax(lim[3], v[cy]);
        }
        add(data, "EOD\n");
        char title[200] = "";
        if (s->legend && !inset)
            legend_text(title, sizeof title, s->legend, cg >= 0, groups[k]);
        cli_gp_quote(q, sizeof q, title);
        add(plot, "%s$d%d_%d using 1:2 with %s %s %s", (*nclauses)++ ? ", " : "", id, k,
            s->kind == NEQ_PANEL_POINTS ? "points pt 7 ps 0.6" : "lines lw 2",
            title[0] ? "title" : "notitle", title[0] ? q : "");
    }
    free(groups);
    return 0;
}

int cli_render(const char *dir, const char *base, const neq_panel *panels, int npanels,
               const cli_table *tables, int ntables, const neq_figure_number *nums, int nnums,
               int force, cli_plot_files *staged)
{
    text data = {0}, body = {0};
    int id = 0, rc = 0;
    char q[400];
    add(&body, "set multiplot\n");
    for (int k = 0; k < npanels && rc == 0; k++) {
        const neq_panel *pn = &panels[k];
        text plot = {0};
        int nclauses = 0, map = 0;
        double lim[4] = {INFINITY, -INFINITY, INFINITY, -INFINITY};
        for (int s = 0; s < pn->nseries && rc == 0; s++) {
            const neq_series *se = &pn->series[s];
            const cli_table *t = cli_table_find(tables, ntables, se->table);
            map |= se->kind == NEQ_PANEL_MAP;
            if (!t || series(&data, &plot, &nclauses, t, se, id++, pn->inset, pn->logx, pn->logy, lim))
                rc = cli_fail("plot: panel %d: no table or column for %s/%s", k + 1,
                              se->table ? se->table : "?", se->y ? se->y : "?");
        }
        add(&body, "reset\n%s", CLI_PLOT_STYLE);
        add(&body, "set origin %g,%g\nset size %g,%g\n", pn->x0, pn->y0, pn->w, pn->h);
        if (pn->title) {
            cli_gp_quote(q, sizeof q, pn->title);
            add(&body, "set title %s\n", q);
        }
        if (pn->xlabel) {
            cli_gp_quote(q, sizeof q, pn->xlabel);
            add(&body, "set xlabel %s%s\n", q, pn->inset ? " offset 0,0.8" : "");
        }
        if (pn->ylabel) {
            cli_gp_quote(q, sizeof q, pn->ylabel);
            add(&body, "set ylabel %s%s\n", q, pn->inset ? " offset 1.5,0" : "");
        }
        if (pn->zlabel) {
            cli_gp_quote(q, sizeof q, pn->zlabel);
            add(&body, "set cblabel %s\n", q);
        }
        if (pn->logx)
            add(&body, "set logscale x\nset format x '10^{%%L}'\n");
        if (pn->logy)
            add(&body, "set logscale y\n");
        /* axes fitted to the data (or the spec's ranges) */
        add(&body, "set autoscale xfix\n%s", map ? "set autoscale yfix\n" : "set offsets 0,0,graph 0.04,graph 0.04\n");
        if (!isnan(pn->xmin) || !isnan(pn->xmax))
            add(&body, "set xrange [%s%.17g:%.17g]\n", "", isnan(pn->xmin) ? lim[0] : pn->xmin,
                isnan(pn->xmax) ? lim[1] : pn->xmax);
        if (!isnan(pn->ymin) || !isnan(pn->ymax))
            add(&body, "set yrange [%.17g:%.17g]\n", isnan(pn->ymin) ? lim[2] : pn->ymin,
                isnan(pn->ymax) ? lim[3] : pn->ymax);
        if (pn->inset) {
            /* small, few tics, no key: no labels overlap */
            add(&body, "set tics font ',8'\nset xlabel font ',9'\nset ylabel font ',9'\n"
                       "unset key\nset object 1 rectangle from graph 0,0 to graph 1,1 behind "
                       "fillcolor rgb 'white' fillstyle solid 1.0 noborder\n");
            if (isfinite(lim[0]) && lim[1] > lim[0] && !pn->logx)
                add(&body, "set xtics %.17g\n", nice_step(lim[1] - lim[0], 2));
            if (isfinite(lim[2]) && lim[3] > lim[2] && !pn->logy)
                add(&body, "set ytics %.17g\n", nice_step(lim[3] - lim[2], 3));
        } else
            add(&body, "set key top right\n");
        if (!isnan(pn->hline))
            add(&body, "set arrow from graph 0, first %.17g to graph 1, first %.17g nohead dt 2 "
                       "lc rgb 'black'\n", pn->hline, pn->hline);
        /* a marked point from the extracted numbers */
        double mx = NAN, my = NAN;
        for (int i = 0; i < nnums; i++) {
            if (pn->mark_x && !strcmp(nums[i].name, pn->mark_x))
                mx = nums[i].value;
            if (pn->mark_y && !strcmp(nums[i].name, pn->mark_y))
                my = nums[i].value;
        }
        if (isfinite(mx) && isfinite(my)) {
            add(&data, "$mark%d << EOD\n%.17g %.17g 0\nEOD\n", k, mx, my);
            cli_gp_quote(q, sizeof q, pn->mark_label ? pn->mark_label : "");
            add(&plot, ", $mark%d using 1:2 with points pt 7 ps 2 lc rgb 'red' title %s", k, q);
        }
        add(&body, "plot %s\n", plot.s ? plot.s : "");
        if (plot.oom)
            rc = cli_fail("plot: out of memory");
        free(plot.s);
    }
    add(&body, "unset multiplot\n");
    if (rc == 0 && (data.oom || body.oom))
        rc = cli_fail("plot: out of memory");
    if (rc == 0)
        rc = cli_plot(dir, base, data.s ? data.s : "", body.s, force, staged);
    free(data.s);
    free(body.s);
    return rc;
}
