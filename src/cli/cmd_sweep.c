/* neqent sweep MODEL: a parameter grid through the library's grid runner
 * (include/neqent/grid.h), written as CSV, TSV or JSON Lines; rows in grid
 * order, interruptible, resumable (rows re-validated). */
#include "cli.h"
#include "neqent/grid.h"
#include "neqent/status.h"

#include <cjson/cJSON.h>
#include <csv.h>
#include "neqent/text.h"
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

/* the grid runner reads this between batches */
static volatile int stop_requested = 0;
static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static const char *USAGE =
    "usage: neqent sweep baths|body|rates --vary NAME=START:STOP:N[:log] [--vary ...]\n"
    "                    [fixed parameters as --NAME VALUE] --out FILE [--force]\n"
    "                    [--resume] [--threads N] [--quantities a,b,...] [--quiet]\n"
    "                    [--format csv|tsv|json] [--on-error stop|nan|skip]\n"
    "                    [--config FILE] [--print-config]\n\n"
    "Runs the Cartesian grid of the varied parameters (the first --vary outermost;\n"
    "NAME=v1,v2,... lists values; --vary 'A=RANGE;B=RANGE' moves B along with A, a\n"
    "line through parameter space, e.g. T1 and T2 at fixed mean temperature) and\n"
    "writes one row per point: every real parameter,\n"
    "then the quantities (default: every scalar that costs no extra computation;\n"
    "--quantities names others, e.g. relaxation_time).  Units in the column names;\n"
    "baths in k_B = hbar = 1 units [E], body and rates in SI (suffixes: 1um, 300K).\n"
    "Parallel over OpenMP threads; rows in grid order whatever the threads.  The setup\n"
    "of the body model (its electromagnetic functions) is computed once per geometry.\n"
    "--format tsv: tab-separated; json: JSON Lines (a metadata object, then one object\n"
    "per row; undefined values null).  Ctrl-C or SIGTERM keeps every completed row in\n"
    "FILE.partial; --resume checks every kept row against the grid and continues.\n"
    "A point that fails stops the run, naming it; with --on-error nan it leaves a note\n"
    "(a '# point N (...): why' line, or {\"point\": N, \"error\": ...} in JSON) and a row of\n"
    "empty values, with skip the note alone, and the run goes on.\n"
    "Memory and output size are estimated first: a grid that will not fit is refused.";

typedef struct {
    const neq_grid *g;
    FILE *f;
    int format; /* 0 csv, 1 tsv, 2 json */
    char sep;
    int ncols;
    char **colname;
    int *pcol; /* parameter index of each parameter column */
    int npcol;
    int show, threads;
    double t0;
    int werr; /* the writer's own failure: errno of a write, or ENOMEM */
    int on_error; /* ON_STOP, ON_NAN, ON_SKIP */
    /* the failing points of the batch about to be written, in grid order */
    long *fidx;
    char **fwhy;
    long nf, capf;
} writer;

enum { ON_STOP, ON_NAN, ON_SKIP };

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* One row as text: the real parameters pv[] (every parameter's numeric
 * value, by index), then the quantities q[]; malloc'd, NULL without memory.
 * Reentrant: the batches are formatted on several threads. */
static char *format_row(const writer *w, const double *pv, const double *q)
{
    int nval = w->ncols - w->npcol;
    if (w->format == 2) {
        cJSON *o = cJSON_CreateObject();
        for (int c = 0; o && c < w->ncols; c++) {
            double x = c < w->npcol ? pv[w->pcol[c]] : q[c - w->npcol];
            cJSON_AddItemToObject(o, w->colname[c], cli_json_number(x));
        }
        char *s = o ? cJSON_PrintUnformatted(o) : NULL;
        cJSON_Delete(o);
        if (!s)
            return NULL;
        size_t len = strlen(s);
        char *line = malloc(len + 2);
        if (line) {
            memcpy(line, s, len);
            line[len] = '\n';
            line[len + 1] = 0;
        }
        cJSON_free(s);
        return line;
    }
    size_t cap = (size_t)w->ncols * 26 + 2, len = 0; /* %.17g fits 24 bytes */
    char *line = malloc(cap);
    if (!line)
        return NULL;
    for (int c = 0; c < w->npcol + nval; c++) {
        if (c)
            line[len++] = w->sep;
        cli_number(line + len, cap - len, c < w->npcol ? pv[w->pcol[c]] : q[c - w->npcol]);
        len += strlen(line + len);
    }
    line[len++] = '\n';
    line[len] = 0;
    return line;
}

/* the row of one point with its parameters (resume) */
static char *point_row(const writer *w, const neq_params *point, const double *q)
{
    int np = neq_model_nparams(neq_params_model(point));
    double *pv = malloc(sizeof *pv * (size_t)(np + 1));
    if (!pv)
        return NULL;
    for (int k = 0; k < np; k++)
        pv[k] = neq_params_value(point, k);
    char *line = format_row(w, pv, q);
    free(pv);
    return line;
}

/* The note a failing point leaves (--on-error nan|skip): a comment line
 * "# point N (A = a ...): why" (CSV, TSV) or the object
 * {"point": N, "error": "..."} (JSON Lines); with nan, its row of empty
 * fields follows.  malloc'd, NULL without memory. */
static char *note_text(const writer *w, long idx, const char *why)
{
    char where[1024], clean[1200];
    cli_clean(why, clean, sizeof clean); /* one line, printable; first: why may be the */
    neq_grid_describe_point(w->g, idx, where, sizeof where); /* error detail it clears */
    if (w->format == 2) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "point", (double)(idx + 1));
        char msg[2300];
        snprintf(msg, sizeof msg, "%s: %s", where, clean);
        cJSON_AddStringToObject(o, "error", msg);
        char *s = o ? cJSON_PrintUnformatted(o) : NULL;
        cJSON_Delete(o);
        char *line = s ? malloc(strlen(s) + 2) : NULL;
        if (line)
            sprintf(line, "%s\n", s);
        cJSON_free(s);
        return line;
    }
    size_t len = strlen(where) + strlen(clean) + 8;
    char *line = malloc(len);
    if (line)
        snprintf(line, len, "# %s: %s\n", where, clean);
    return line;
}

/* the failing points the grid reports before each batch (--on-error) */
static int on_failed(void *user, long idx, int status, const char *why)
{
    (void)status;
    writer *w = user;
    if (w->nf == w->capf) {
        long cap = w->capf ? 2 * w->capf : 16;
        long *fi = realloc(w->fidx, sizeof *fi * (size_t)cap);
        if (fi)
            w->fidx = fi;
        char **fw = fi ? realloc(w->fwhy, sizeof *fw * (size_t)cap) : NULL;
        if (!fw)
            return w->werr = ENOMEM, NEQ_ENOMEM;
        w->fwhy = fw;
        w->capf = cap;
    }
    if (!(w->fwhy[w->nf] = strdup(why)))
        return w->werr = ENOMEM, NEQ_ENOMEM;
    w->fidx[w->nf++] = idx;
    return 0;
}

/* a batch of rows as text (malloc'd, *len bytes): formatted on the OpenMP
 * threads (formatting a number so that it reads back exactly costs as much
 * as a steady state); under MPI, on the rank that computed the batch */
static int encode_batch(void *user, long first, long n, const double *values, char **text,
                        size_t *len)
{
    *text = NULL;
    *len = 0;
    writer *w = user;
    int rowlen = neq_grid_row_length(w->g), np = neq_model_nparams(neq_params_model(neq_grid_base(w->g)));
    char **lines = calloc((size_t)n, sizeof *lines);
    long *failed = calloc((size_t)n, sizeof *failed); /* 1 + index into fidx, or 0 */
    if (!lines || !failed) {
        free(lines);
        free(failed);
        return w->werr = ENOMEM, NEQ_ENOMEM;
    }
    for (long k = 0; k < w->nf; k++)
        if (w->fidx[k] >= first && w->fidx[k] < first + n)
            failed[w->fidx[k] - first] = k + 1;
    int oom = 0;
#pragma omp parallel num_threads(w->threads)
    {
        double *pv = malloc(sizeof *pv * (size_t)(np + 1));
#pragma omp for schedule(static)
        for (long j = 0; j < n; j++) {
            char *row = NULL, *note = NULL;
            if (pv && neq_grid_point_values(w->g, first + j, pv) == 0 &&
                !(failed[j] && w->on_error == ON_SKIP))
                row = format_row(w, pv, values + (size_t)j * (size_t)rowlen);
            if (failed[j])
                note = note_text(w, first + j, w->fwhy[failed[j] - 1]);
            if (!failed[j])
                lines[j] = row;
            else if (note && (row || w->on_error == ON_SKIP)) {
                size_t a = strlen(note), b = row ? strlen(row) : 0;
                if ((lines[j] = malloc(a + b + 1))) {
                    memcpy(lines[j], note, a);
                    memcpy(lines[j] + a, row ? row : "", b + 1);
                }
            }
            if (failed[j]) {
                free(note);
                free(row);
            }
            if (!lines[j]) {
#pragma omp atomic write
                oom = 1;
            }
        }
        free(pv);
    }
    free(failed);
    for (long k = 0; k < w->nf; k++)
        free(w->fwhy[k]);
    w->nf = 0;
    size_t total = 0;
    for (long j = 0; j < n && !oom; j++)
        total += strlen(lines[j]);
    char *t = oom ? NULL : malloc(total + 1);
    for (long j = 0, at = 0; t && j < n; j++) {
        size_t l = strlen(lines[j]);
        memcpy(t + at, lines[j], l);
        at += (long)l;
    }
    for (long j = 0; j < n; j++)
        free(lines[j]);
    free(lines);
    if (!t)
        return w->werr = ENOMEM, NEQ_ENOMEM;
    *text = t;
    *len = total;
    return 0;
}

/* rows as encode_batch made them, in grid order */
static int write_text(void *user, long first, long n, const char *text, size_t len)
{
    (void)first;
    (void)n;
    writer *w = user;
    if (len && fwrite(text, 1, len, w->f) != len)
        return w->werr = errno ? errno : EIO, NEQ_EIO;
    if (ferror(w->f))
        return w->werr = errno ? errno : EIO, NEQ_EIO;
    return 0;
}

/* a batch of rows, in one process: formatted, then written */
static int write_batch(void *user, long first, long n, const double *values)
{
    char *text;
    size_t len;
    int rc = encode_batch(user, first, n, values, &text, &len);
    if (rc)
        return rc;
    rc = write_text(user, first, n, text, len);
    free(text);
    return rc;
}

static void progress(void *user, long done, long total)
{
    writer *w = user;
    if (fflush(w->f) != 0)
        return; /* the next row reports the error */
    if (!w->show)
        return;
    double el = now() - w->t0;
    if (el < 1.0 && done < total)
        return;
    double rate = done / fmax(el, 1e-9), left = (total - done) / fmax(rate, 1e-9);
    int width = 30, filled = (int)(width * (double)done / (double)total);
    fprintf(stderr, "\r[%.*s%*s] %ld/%ld  %.0f points/s  %.0f s left ", filled,
            "##############################", width - filled, "", done, total, rate, left);
    if (done == total)
        fputc('\n', stderr);
}

/* --------------------------------------------------------- resume */

/* A kept row is accepted only if it is exactly the text this run would
 * write for its grid point: its parameters are the grid's, and its numbers
 * are written as neqent writes them (so an edited, reformatted or truncated
 * row is refused); the last kept row, the one an interruption could have
 * damaged, is also recomputed and must match bit for bit. */
typedef struct {
    const writer *w;
    double *vals; /* the quantity fields of the row being read */
    int field, rows_ended, bad;
    char why[300];
} resume_ctx;

static void resume_field(void *s, size_t len, void *data)
{
    resume_ctx *c = data;
    int col = c->field++;
    if (c->bad)
        return;
    if (col >= c->w->ncols) {
        c->bad = 1;
        snprintf(c->why, sizeof c->why, "more than %d fields", c->w->ncols);
        return;
    }
    char buf[64];
    double v;
    if (cli_csv_number(s, len, &v, buf, sizeof buf)) {
        c->bad = 1;
        snprintf(c->why, sizeof c->why, "%s is '%s', not a number", c->w->colname[col], buf);
        return;
    }
    if (col >= c->w->npcol)
        c->vals[col - c->w->npcol] = v;
}

static void resume_row_end(int ch, void *data)
{
    (void)ch;
    resume_ctx *c = data;
    if (!c->bad && c->field != c->w->ncols) {
        c->bad = 1;
        snprintf(c->why, sizeof c->why, "%d fields instead of %d", c->field, c->w->ncols);
    }
    c->rows_ended++;
}

static int json_row_values(resume_ctx *c, const char *line)
{
    cJSON *o = cJSON_Parse(line);
    int ok = o && cJSON_IsObject(o) && cJSON_GetArraySize(o) == c->w->ncols;
    for (int col = c->w->npcol; ok && col < c->w->ncols; col++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, c->w->colname[col]);
        ok = cJSON_IsNumber(v) || cJSON_IsNull(v);
        if (ok)
            c->vals[col - c->w->npcol] = cJSON_IsNull(v) ? NAN : v->valuedouble;
    }
    if (!ok)
        snprintf(c->why, sizeof c->why, "not a row object of this sweep");
    cJSON_Delete(o);
    return ok;
}

/* the text this run would write for this point and these values */
static char *row_text(const writer *w, long idx, const neq_params *p, const double *vals)
{
    (void)idx;
    return point_row(w, p, vals);
}

/* Checks every complete row of the partial file; cuts a torn last line
 * (an interrupted write).  Returns the number of rows kept, or -1 after an
 * error line. */
static long resume_rows(FILE *r, const char *partial, const char *header, size_t hl,
                        const writer *w)
{
    char *buf = malloc(hl + 1);
    size_t got = buf ? fread(buf, 1, hl, r) : 0;
    int same = buf && got == hl && memcmp(buf, header, hl) == 0;
    free(buf);
    if (!same) {
        return cli_fail("sweep: --resume: '%s' was written by a different command", partial), -1;
    }
    int rowlen = neq_grid_row_length(w->g);
    resume_ctx c = {w, malloc(sizeof(double) * (size_t)(rowlen + 1)), 0, 0, 0, ""};
    neq_params *p = NULL;
    if (!c.vals || neq_params_copy(neq_grid_base(w->g), &p)) {
        free(c.vals);
        return cli_fail("sweep: out of memory"), -1;
    }
    long npts = neq_grid_npoints(w->g), keep_pos = (long)hl, rows = 0;
    char *line = NULL, *last = NULL;
    size_t cap = 0;
    ssize_t n;
    int failed = 0, last_failing = 0;
    long pending = 0; /* --on-error nan: a checked note whose row must follow */
    const char *note_start = w->format == 2 ? "{\"point\":" : "# point ";
    while (!failed && (n = getline(&line, &cap, r)) > 0) {
        if (line[n - 1] != '\n')
            break; /* torn: cut */
        if (w->on_error != ON_STOP && !pending && rows < npts &&
            !strncmp(line, note_start, strlen(note_start))) {
            /* a failing point's note: it must fail now, with the same words */
            neq_grid_point(w->g, rows, p);
            char *want = NULL;
            if (neq_eval_once(p, neq_grid_nselected(w->g), neq_grid_selected(w->g), c.vals))
                want = note_text(w, rows, neq_errdetail());
            if (!want || strcmp(want, line) != 0) {
                cli_fail("sweep: --resume: line %ld of '%s' is not the note of a failing point "
                         "of this grid; remove the file to start again", rows + 1, partial);
                failed = 1;
            }
            free(want);
            if (!failed && w->on_error == ON_SKIP) {
                keep_pos += n; /* the note is the point's whole output */
                rows++;
                last_failing = 1;
            } else
                pending = n; /* kept with the row that follows */
            continue;
        }
        if (rows >= npts) {
            cli_fail("sweep: --resume: '%s' has more rows than the grid's %ld points", partial,
                     npts);
            failed = 1;
            break;
        }
        neq_grid_point(w->g, rows, p);
        c.bad = 0;
        c.why[0] = 0;
        for (int k = 0; k < rowlen; k++)
            c.vals[k] = NAN;
        if (w->format == 2) {
            line[n - 1] = 0;
            c.bad = !json_row_values(&c, line);
            line[n - 1] = '\n';
        } else {
            struct csv_parser cp;
            csv_init(&cp, CSV_STRICT | CSV_EMPTY_IS_NULL);
            csv_set_delim(&cp, (unsigned char)w->sep);
            c.field = c.rows_ended = 0;
            if (csv_parse(&cp, line, (size_t)n, resume_field, resume_row_end, &c) != (size_t)n ||
                csv_fini(&cp, resume_field, resume_row_end, &c) != 0 || c.rows_ended != 1) {
                c.bad = 1;
                if (!c.why[0])
                    snprintf(c.why, sizeof c.why, "not one CSV row");
            }
            csv_free(&cp);
        }
        char *want = c.bad ? NULL : row_text(w, rows, p, c.vals);
        if (!c.bad && (!want || strcmp(want, line) != 0)) {
            c.bad = 1;
            snprintf(c.why, sizeof c.why, "it is not the text neqent writes for this grid point");
        }
        free(want);
        if (c.bad) {
            cli_fail("sweep: --resume: row %ld of '%s' does not belong to this grid (%s); "
                     "remove the file to start again", rows + 1, partial, c.why);
            failed = 1;
            break;
        }
        free(last);
        last = strdup(line);
        keep_pos += pending + n;
        last_failing = pending > 0; /* its note was checked by recomputation */
        pending = 0;
        rows++;
    }
    /* the last kept row, recomputed: an interrupted write damages the end */
    if (!failed && rows > 0 && last && !last_failing) {
        neq_grid_point(w->g, rows - 1, p);
        char *want = NULL;
        if (neq_eval_once(p, neq_grid_nselected(w->g), neq_grid_selected(w->g), c.vals) == 0)
            want = row_text(w, rows - 1, p, c.vals);
        if (!want || strcmp(want, last) != 0) {
            cli_fail("sweep: --resume: row %ld of '%s' does not match its recomputation; remove "
                     "the file to start again", rows, partial);
            failed = 1;
        }
        free(want);
    }
    free(last);
    free(line);
    neq_params_free(p);
    free(c.vals);
    if (failed)
        return -1;
    /* the kept rows stay; writing continues after them */
    if (fflush(r) != 0 || ftruncate(fileno(r), (off_t)keep_pos) != 0 || fseek(r, 0, SEEK_END) != 0)
        return cli_fail("sweep: cannot resume '%s': %s", partial, strerror(errno)), -1;
    return rows;
}

/* ------------------------------------------------------------ main */

typedef struct {
    neq_params *p;
    neq_grid *g;
    cli_opts o;
    cli_list vary;
    char *cmdline, *header, *partial;
    writer w;
} sweep_state;

static void state_free(sweep_state *s)
{
    neq_grid_free(s->g);
    neq_params_free(s->p);
    cli_opts_free(&s->o);
    cli_list_free(&s->vary);
    free(s->cmdline);
    free(s->header);
    free(s->partial);
    for (int c = 0; s->w.colname && c < s->w.ncols; c++)
        free(s->w.colname[c]);
    free(s->w.colname);
    free(s->w.pcol);
    for (long k = 0; k < s->w.nf; k++)
        free(s->w.fwhy[k]);
    free(s->w.fidx);
    free(s->w.fwhy);
}

/* the quantities named in "a,b,c" into the grid (cli.h) */
int cli_sweep_quantities(neq_grid *g, const char *text)
{
    const neq_model *m = neq_params_model(neq_grid_base(g));
    int n = 1;
    for (const char *c = text; *c; c++)
        n += *c == ',';
    int *sel = malloc(sizeof *sel * (size_t)n), k = 0;
    if (!sel)
        return cli_fail("sweep: out of memory");
    const char *q = text;
    for (;;) {
        size_t len = strcspn(q, ",");
        char name[64];
        if (len == 0 || len >= sizeof name) {
            free(sel);
            return cli_error("sweep: --quantities: '%.60s' is not a quantity name", q);
        }
        memcpy(name, q, len);
        name[len] = 0;
        int idx = neq_model_quantity_index(m, name);
        if (idx < 0) {
            const char *s = neq_model_suggest(m, 1, name);
            free(sel);
            return cli_error("sweep: --quantities: unknown quantity '%s' of the %s model%s%s%s",
                             name, neq_model_name(m), s ? " (did you mean '" : "", s ? s : "",
                             s ? "'?)" : "");
        }
        sel[k++] = idx;
        if (!q[len])
            break;
        q += len + 1;
    }
    int rc = neq_grid_select(g, k, sel);
    free(sel);
    return rc ? cli_error("sweep: --quantities: %s", neq_errdetail()) : 0;
}

/* column names: the real parameters, then the quantities ("[unit]") */
static int make_columns(sweep_state *s)
{
    const neq_model *m = neq_params_model(s->p);
    writer *w = &s->w;
    int np = neq_model_nparams(m), nsel = neq_grid_nselected(s->g);
    const int *sel = neq_grid_selected(s->g);
    int cap = np + neq_grid_row_length(s->g);
    w->colname = calloc((size_t)cap, sizeof *w->colname);
    w->pcol = malloc(sizeof *w->pcol * (size_t)np);
    if (!w->colname || !w->pcol)
        return -1;
    char name[200];
    for (int k = 0; k < np; k++) {
        const neq_param_desc *d = neq_model_param(m, k);
        if (d->kind != NEQ_PARAM_REAL)
            continue;
        snprintf(name, sizeof name, "%s[%s]", d->name, d->unit);
        w->pcol[w->npcol++] = k;
        if (!(w->colname[w->ncols++] = strdup(name)))
            return -1;
    }
    for (int i = 0; i < nsel; i++) {
        const neq_quantity_desc *q = neq_model_quantity(m, sel[i]);
        int n = q->kind == NEQ_QUANTITY_VECTOR   ? q->size
                : q->kind == NEQ_QUANTITY_GROUPS ? NEQ_QUANTITY_NGROUPS * q->size
                                                 : 1;
        for (int e = 0; e < n; e++) {
            if (q->kind == NEQ_QUANTITY_GROUPS) /* name_GROUP_ENTRY */
                snprintf(name, sizeof name, "%s_%d_%d[%s]", q->name, e / q->size + 1,
                         e % q->size + 1, q->unit);
            else if (n > 1)
                snprintf(name, sizeof name, "%s_%d[%s]", q->name, e + 1, q->unit);
            else
                snprintf(name, sizeof name, "%s[%s]", q->name, q->unit);
            if (!(w->colname[w->ncols++] = strdup(name)))
                return -1;
        }
    }
    return 0;
}

/* the header: version, command, every parameter, then the column names */
static char *make_header(sweep_state *s, const char *model)
{
    char *text = NULL;
    size_t len = 0;
    FILE *h = open_memstream(&text, &len);
    if (!h)
        return NULL;
    const neq_model *m = neq_params_model(s->p);
    writer *w = &s->w;
    if (w->format == 2) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "neqent", neq_version());
        cJSON_AddStringToObject(o, "sweep", model);
        cJSON_AddStringToObject(o, "command", s->cmdline);
        cJSON *fixed = cJSON_AddObjectToObject(o, "fixed");
        for (int k = 0; fixed && k < neq_model_nparams(m); k++) {
            const neq_param_desc *d = neq_model_param(m, k);
            int varied = 0;
            for (int a = 0; a < neq_grid_naxes(s->g); a++) {
                int pk;
                neq_grid_axis(s->g, a, &pk, NULL, NULL);
                varied |= pk == k;
            }
            if (varied)
                continue;
            char buf[4200];
            neq_params_format(s->p, k, buf, sizeof buf);
            if (d->kind == NEQ_PARAM_REAL)
                cJSON_AddItemToObject(fixed, d->name, cli_json_number(neq_params_value(s->p, k)));
            else
                cJSON_AddStringToObject(fixed, d->name, buf);
        }
        cJSON *cols = cJSON_AddArrayToObject(o, "columns");
        for (int c = 0; cols && c < w->ncols; c++)
            cJSON_AddItemToArray(cols, cJSON_CreateString(w->colname[c]));
        cli_json_print(h, o);
        cJSON_Delete(o);
    } else {
        fprintf(h, "# neqent %s sweep %s: %s\n", neq_version(), model, neq_model_doc(m));
        cli_comment(h, "# command: ", s->cmdline);
        for (int k = 0; k < neq_model_nparams(m); k++) {
            const neq_param_desc *d = neq_model_param(m, k);
            long nv = 0;
            for (int a = 0; a < neq_grid_naxes(s->g); a++) {
                int pk;
                long n;
                neq_grid_axis(s->g, a, &pk, &n, NULL);
                if (pk == k)
                    nv = n;
            }
            char buf[4400], val[4200];
            neq_params_format(s->p, k, val, sizeof val);
            if (nv)
                snprintf(buf, sizeof buf, "%s[%s]: varied, %ld values", d->name, d->unit, nv);
            else if (d->kind == NEQ_PARAM_REAL)
                snprintf(buf, sizeof buf, "%s[%s] = %s", d->name, d->unit, val);
            else
                snprintf(buf, sizeof buf, "%s = %s", d->name, val);
            cli_comment(h, "# ", buf);
        }
        for (int c = 0; c < w->ncols; c++)
            fprintf(h, "%s%s", c ? (char[2]){w->sep, 0} : "", w->colname[c]);
        fputc('\n', h);
    }
    if (fclose(h) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

/* with --config, the equivalent command without it: the output's header
 * must not depend on a file that can change */
static char *equivalent_command(sweep_state *s, const char *model, const char *quant,
                                const char *fmt, const char *out)
{
    const neq_model *m = neq_params_model(s->p);
    int cap = 8 + 2 * s->vary.n + 2 * neq_model_nparams(m), n = 0;
    char **argv = calloc((size_t)cap, sizeof *argv);
    char **own = calloc((size_t)cap, sizeof *own);
    char *line = NULL;
    if (!argv || !own)
        goto out;
    argv[n++] = "neqent";
    argv[n++] = "sweep";
    argv[n++] = (char *)model;
    for (int i = 0; i < s->vary.n; i++) {
        argv[n++] = "--vary";
        argv[n++] = s->vary.item[i];
    }
    for (int k = 0; k < neq_model_nparams(m); k++) {
        const neq_param_desc *d = neq_model_param(m, k);
        int varied = 0;
        for (int i = 0; i < s->vary.n; i++)
            varied |= cli_item_varies(s->vary.item[i], d->name);
        if (varied)
            continue;
        char buf[4200], opt[80];
        neq_params_format(s->p, k, buf, sizeof buf);
        snprintf(opt, sizeof opt, "--%s", d->name);
        if (d->kind == NEQ_PARAM_FLAG) { /* a flag: present or absent */
            if (neq_params_value(s->p, k) != 0 && (own[2 * k] = strdup(opt)))
                argv[n++] = own[2 * k];
            continue;
        }
        own[2 * k] = strdup(opt);
        own[2 * k + 1] = strdup(buf);
        if (!own[2 * k] || !own[2 * k + 1])
            goto out;
        argv[n++] = own[2 * k];
        argv[n++] = own[2 * k + 1];
    }
    if (quant)
        argv[n++] = "--quantities", argv[n++] = (char *)quant;
    if (strcmp(fmt, "csv"))
        argv[n++] = "--format", argv[n++] = (char *)fmt;
    argv[n++] = "--out";
    argv[n++] = (char *)out;
    line = cli_command_line(n, argv, NULL);
out:
    for (int i = 0; own && i < cap; i++)
        free(own[i]);
    free(own);
    free(argv);
    return line;
}

static int run_sweep(sweep_state *s, int argc, char **argv)
{
    if (argc < 3 || argv[2][0] == '-') {
        if (argc >= 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"))) {
            printf("%s\n\nneqent sweep baths --help and neqent sweep body --help list every "
                   "option\nwith its default and unit.\n", USAGE);
            return 0;
        }
        return cli_error("sweep: name the model: neqent sweep baths|body ...");
    }
    const char *model = argv[2];
    const neq_model *m = neq_model_lookup(model);
    if (!m)
        return cli_error("sweep: unknown model '%s' (baths, body, rates)", model);
    if (neq_params_alloc(m, &s->p))
        return cli_fail("sweep: %s", neq_errdetail());
    const char *out = NULL, *quant = NULL, *fmt = "csv", *onerr = "stop";
    int force = 0, resume = 0, quiet = 0;
    double threads_d = cli_default_threads();
    cli_opts *o = &s->o;
    cli_opts_add(o, (cli_opt){"vary", CLI_LIST, &s->vary, NULL,
                              "NAME=START:STOP:N[:log] or NAME=v1,v2,... (repeat for more axes)", 1});
    cli_opts_add_model(o, s->p, NULL);
    cli_opts_add(o, (cli_opt){"quantities", CLI_TEXT, &quant, NULL,
                              "comma-separated quantities to write [default: every cheap scalar]", 1});
    cli_opts_add(o, (cli_opt){"format", CLI_TEXT, &fmt, NULL, "csv (default), tsv or json (JSON Lines)", 1});
    cli_opts_add(o, (cli_opt){"out", CLI_TEXT, &out, NULL, "the output file [required]", 0});
    cli_opts_add(o, (cli_opt){"force", CLI_FLAG, &force, NULL, "allow replacing an existing regular --out", 0});
    cli_opts_add(o, (cli_opt){"resume", CLI_FLAG, &resume, NULL, "continue an interrupted sweep from FILE.partial", 0});
    cli_opts_add(o, (cli_opt){"threads", CLI_NUMBER, &threads_d, &CLI_THREADS, NULL, 0});
    cli_opts_add(o, (cli_opt){"quiet", CLI_FLAG, &quiet, NULL, "no progress bar", 0});
    cli_opts_add(o, (cli_opt){"on-error", CLI_TEXT, &onerr, NULL,
                              "a failing point: stop (default: the run ends, naming it), nan (a "
                              "note and a row of empty values) or skip (the note only)", 1});
    char cmd[32];
    snprintf(cmd, sizeof cmd, "sweep %s", model);
    int parsed = cli_parse(cmd, USAGE, argc, argv, 3, o);
    if (parsed)
        return parsed < 0 ? CLI_USAGE : 0;
    if (threads_d != floor(threads_d))
        return cli_error("sweep: --threads %g must be a whole number", threads_d);
    writer *w = &s->w;
    if (!strcmp(fmt, "csv"))
        w->format = 0, w->sep = ',';
    else if (!strcmp(fmt, "tsv"))
        w->format = 1, w->sep = '\t';
    else if (!strcmp(fmt, "json"))
        w->format = 2, w->sep = ',';
    else
        return cli_error("sweep: --format: unknown format '%s' (csv, tsv, json)", fmt);
    if (!strcmp(onerr, "stop") || !strcmp(onerr, "nan") || !strcmp(onerr, "skip"))
        w->on_error = !strcmp(onerr, "stop") ? ON_STOP : !strcmp(onerr, "nan") ? ON_NAN : ON_SKIP;
    else
        return cli_error("sweep: --on-error: unknown choice '%s' (stop, nan, skip)", onerr);
    if (!out)
        return cli_error("sweep: --out FILE is required");
    if (neq_grid_alloc(s->p, &s->g))
        return cli_fail("sweep: %s", neq_errdetail());
    for (int i = 0; i < s->vary.n; i++) {
        if (neq_grid_add_axis_text(s->g, s->vary.item[i]))
            return cli_error("sweep: --vary %s", neq_errdetail());
    }
    /* a value given on the command line for a varied parameter would be
     * ignored: say so (a config file's fixed value is overridden, as flags
     * override the file) */
    for (int a = 0; a < neq_grid_naxes(s->g); a++) {
        int pk;
        neq_grid_axis(s->g, a, &pk, NULL, NULL);
        const char *name = neq_model_param(m, pk)->name;
        if (cli_on_cmdline(o, name))
            return cli_error("sweep: --%s is both fixed and varied (--vary)", name);
    }
    if (neq_grid_naxes(s->g) == 0)
        return cli_error("sweep: nothing varied (--vary NAME=START:STOP:N)");
    if (quant && cli_sweep_quantities(s->g, quant))
        return CLI_USAGE;
    w->g = s->g;
    if (make_columns(s))
        return cli_fail("sweep: out of memory");
    if (cli_mpi_size() > 1 && cli_mpi_rank() > 0) {
        /* another rank: its share of the points, no files and no checks of
         * its own (rank 0 checks, writes and decides; its exit status is
         * the job's) */
        /* the rows it computes are formatted here (encode_batch), so rank
         * 0 only writes */
        w->threads = (int)threads_d;
        neq_grid_options go = {.threads = (int)threads_d,
                               .chunk = 256,
                               .user = w,
                               .on_error = w->on_error == ON_STOP ? NEQ_GRID_STOP
                                                                  : NEQ_GRID_CONTINUE,
                               .failed = on_failed,
                               .encode = encode_batch};
        cli_mpi_released();
        neq_grid_run_mpi(s->g, &go, NULL);
        return 0;
    }
    /* what the run needs, before anything is written */
    long npts = neq_grid_npoints(s->g);
    neq_grid_cost cost;
    neq_grid_estimate(s->g, 256, &cost);
    double ram = cli_ram_per_rank();
    if (ram > 0 && cost.bytes > 0.8 * ram)
        return cli_fail("sweep: the grid needs about %.3g GB of memory (%ld plans held at once); "
                        "this machine has %.3g GB%s: put the varied geometry first (outermost) "
                        "or split the grid", cost.bytes / 1e9, cost.plans_alive, ram / 1e9,
                        cli_mpi_size() > 1 ? " per rank" : "");
    size_t plen = strlen(out) + 16;
    s->partial = malloc(plen);
    if (!s->partial)
        return cli_fail("sweep: out of memory");
    snprintf(s->partial, plen, "%s.partial", out);
    if (cli_output_check(out, force))
        return CLI_RUNTIME;
    /* lstat: a link named FILE.partial is neither followed nor replaced */
    struct stat st;
    int have_partial = lstat(s->partial, &st) == 0;
    if (have_partial && !S_ISREG(st.st_mode))
        return cli_fail("sweep: '%s' is %s, not a regular file: refusing to use it",
                        s->partial, S_ISLNK(st.st_mode) ? "a symbolic link" : "special");
    if (!resume && have_partial && !force)
        return cli_fail("sweep: '%s' exists (an interrupted run?): pass --resume to continue "
                        "it or --force to start again", s->partial);
    if (resume && !have_partial)
        return cli_fail("sweep: --resume: no '%s' to resume", s->partial);
    double row_bytes = 24.0 * w->ncols + 2;
    struct statvfs vfs;
    char *dir = strdup(out);
    if (!dir)
        return cli_fail("sweep: out of memory");
    char *slash = strrchr(dir, '/');
    const char *dpath = slash ? (slash == dir ? "/" : (*slash = 0, dir)) : ".";
    if (statvfs(dpath, &vfs) == 0) {
        double avail = (double)vfs.f_bavail * (double)vfs.f_frsize;
        if (row_bytes * (double)npts > avail) {
            cli_fail("sweep: the output needs about %.3g MB (%ld rows) but '%s' has %.3g MB free",
                     row_bytes * (double)npts / 1e6, npts, dpath, avail / 1e6);
            free(dir);
            return CLI_RUNTIME;
        }
    }
    free(dir);
    /* the first point's setup: a bad material file, coinciding qubits...
     * are refused before any file exists; a computation that fails there
     * (not bad input) is, with --on-error nan|skip, the run's to note like
     * any other point's */
    {
        neq_params *p0 = NULL;
        neq_plan *plan0 = NULL;
        int rc = neq_params_copy(s->p, &p0);
        if (rc == 0)
            rc = neq_grid_point(s->g, 0, p0);
        if (rc == 0)
            rc = neq_plan_alloc(p0, &plan0);
        neq_plan_free(plan0);
        neq_params_free(p0);
        if (rc && (s->w.on_error == ON_STOP || cli_status_exit(rc) == CLI_USAGE)) {
            char why[600], where[400] = "";
            snprintf(why, sizeof why, "%s", neq_errdetail());
            neq_grid_describe_point(s->g, 0, where, sizeof where);
            return cli_error("sweep: %s: %s", where, why) ? cli_status_exit(rc) : 0;
        }
    }
    int with_config = 0;
    for (int i = 3; i < argc; i++)
        with_config |= !strcmp(argv[i], "--config") || !strncmp(argv[i], "--config=", 9);
    static const char *const run_only[] = {"--resume", "--force", "--quiet", "--threads=", NULL};
    s->cmdline = with_config ? equivalent_command(s, model, quant, fmt, out)
                             : cli_command_line(argc, argv, run_only);
    if (!s->cmdline || !(s->header = make_header(s, model)))
        return cli_fail("sweep: out of memory");
    size_t hl = strlen(s->header);
    long start = 0;
    /* FILE.partial: resumed in place (never through a link: O_NOFOLLOW, and
     * a regular file), or created anew (O_EXCL, after removing the regular
     * file --force replaces) */
    int fd;
    if (resume) {
        fd = open(s->partial, O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    } else {
        if (have_partial && unlink(s->partial) != 0)
            return cli_fail("sweep: cannot replace '%s': %s", s->partial, strerror(errno));
        fd = open(s->partial, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    }
    struct stat fst;
    if (fd >= 0 && (fstat(fd, &fst) != 0 || !S_ISREG(fst.st_mode))) {
        close(fd);
        return cli_fail("sweep: '%s' is not a regular file: refusing to use it", s->partial);
    }
    FILE *f = fd >= 0 ? fdopen(fd, "r+") : NULL;
    if (!f) {
        int err = errno;
        if (fd >= 0)
            close(fd);
        return cli_fail("sweep: cannot write '%s': %s", s->partial, strerror(err));
    }
    if (resume) {
        start = resume_rows(f, s->partial, s->header, hl, w);
        if (start < 0) {
            fclose(f);
            return CLI_RUNTIME;
        }
    } else {
        fputs(s->header, f);
    }
    w->f = f;
    w->show = !quiet && isatty(fileno(stderr));
    w->t0 = now();
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    w->threads = (int)threads_d;
    neq_grid_options go = {.threads = (int)threads_d,
                           .start = start,
                           .chunk = 256,
                           .max_bytes = 0.8 * ram,
                           .stop = &stop_requested,
                           .batch = write_batch,
                           .progress = progress,
                           .user = w,
                           .on_error = w->on_error == ON_STOP ? NEQ_GRID_STOP
                                                              : NEQ_GRID_CONTINUE,
                           .failed = on_failed,
                           .encode = encode_batch,
                           .write = write_text};
    long done = 0;
    cli_mpi_released();
    int rc = neq_grid_run_mpi(s->g, &go, &done);
    char msg[2048];
    snprintf(msg, sizeof msg, "%s", neq_errdetail());
    if (fclose(f) != 0 && rc == 0)
        w->werr = errno ? errno : EIO;
    /* the writer's own failure (a full disk, no memory) passes: the rows
     * written are kept for --resume (a torn last line is cut then) */
    if (w->werr) {
        cli_fail("sweep: cannot write '%s': %s; it keeps the rows written so far (resume "
                 "with --resume)", s->partial, strerror(w->werr));
        return CLI_RUNTIME;
    }
    if (rc) {
        /* a point that fails fails again when resumed: nothing to keep */
        remove(s->partial);
        return cli_error("sweep: %s", msg) ? cli_status_exit(rc) : 0;
    }
    if (done < npts) {
        fprintf(stderr, "neqent: sweep interrupted after %ld of %ld points; %s keeps them "
                        "(resume with --resume)\n", done, npts, s->partial);
        return 130;
    }
    /* still the file written (not replaced meanwhile); FILE is then
     * committed as any output (cli_commit_file: no replacing without
     * --force, never a directory, device or FIFO) */
    struct stat now_st;
    if (lstat(s->partial, &now_st) != 0 || now_st.st_dev != fst.st_dev ||
        now_st.st_ino != fst.st_ino)
        return cli_fail("sweep: '%s' was replaced during the run: not renamed", s->partial);
    char why[300];
    if (cli_commit_file(s->partial, out, force, why, sizeof why))
        return cli_fail("sweep: cannot write '%s': %s; the rows stay in '%s'", out, why,
                        s->partial);
    return 0;
}

int cmd_sweep(int argc, char **argv)
{
    sweep_state s;
    memset(&s, 0, sizeof s);
    int rc = run_sweep(&s, argc, argv);
    state_free(&s);
    return rc;
}
