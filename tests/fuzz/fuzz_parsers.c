/* libFuzzer target for every parser of user input: numbers with unit
 * suffixes and every kind of model parameter (neq_params_set_text: reals,
 * choices, flags, dipole vectors, text), ranges (--vary), INI config text,
 * material specifications and tables, state files, and the CSV/TSV reader
 * of `neqent plot`, sweep axes and --quantities lists, and the rows of a
 * partial sweep file given to --resume.  Every input must give a clean success or a clean
 * error: no crash, no sanitizer report, no non-finite value accepted.
 * The first byte picks the parser and, for parameters, which one. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/cli/render.h"
#include "neqent/neqent.h"

/* text through a temporary regular file (the parsers that read files) */
static char *as_file(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/neqent-fuzz-%ld.txt", (long)getpid());
    FILE *f = fopen(path, "w");
    if (!f)
        return NULL;
    fputs(text, f);
    fclose(f);
    return path;
}

/* A partial file of `neqent sweep baths --vary T1=1,2,3` whose rows are
 * the input, resumed: kept only if every row is what neqent writes (and the
 * last one recomputes), refused otherwise; never a crash. */
static void resume(const char *rows)
{
    static char dir[64], header[4096];
    static size_t hl;
    char out[128], part[160];
    if (!dir[0]) { /* the header, once: from a finished run */
        snprintf(dir, sizeof dir, "/tmp/neqent-fuzz-resume-%ld", (long)getpid());
        mkdir(dir, 0700);
        snprintf(out, sizeof out, "%s/s.csv", dir);
        char *argv[] = {"neqent", "sweep", "baths", "--vary", "T1=1,2,3", "--quantities",
                        "concurrence,J1", "--quiet", "--threads", "1", "--out", out, NULL};
        cmd_sweep(12, argv);
        FILE *f = fopen(out, "r");
        char line[2048];
        while (f && fgets(line, sizeof line, f) && hl + strlen(line) < sizeof header) {
            memcpy(header + hl, line, strlen(line));
            hl += strlen(line);
            if (line[0] != '#')
                break; /* the column line ends the header */
        }
        if (f)
            fclose(f);
        remove(out);
    }
    snprintf(out, sizeof out, "%s/s.csv", dir);
    snprintf(part, sizeof part, "%s/s.csv.partial", dir);
    FILE *f = fopen(part, "w");
    if (!f)
        return;
    fwrite(header, 1, hl, f);
    fputs(rows, f);
    fclose(f);
    char *argv[] = {"neqent", "sweep", "baths", "--vary", "T1=1,2,3", "--quantities",
                    "concurrence,J1", "--quiet", "--threads", "1", "--resume", "--out", out, NULL};
    FILE *keep = stderr;
    stderr = fopen("/dev/null", "w");
    if (stderr) {
        cmd_sweep(13, argv);
        fclose(stderr);
    }
    stderr = keep;
    remove(out);
    remove(part);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 4096)
        return 0;
    char *text = malloc(size);
    if (!text)
        return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = 0;
    const neq_model *m = neq_model_at(data[0] % 3);
    neq_params *p = NULL;
    if (neq_params_alloc(m, &p)) {
        free(text);
        return 0;
    }
    int k = (data[0] / 3) % neq_model_nparams(m);
    const neq_param_desc *d = neq_model_param(m, k);
    switch (data[0] / 36) { /* 0 .. 7 */
    case 0: /* one parameter from text */
        if (neq_params_set_text(p, d->name, text) == 0 && d->kind == NEQ_PARAM_REAL &&
            !isfinite(neq_params_value(p, k)))
            abort();
        break;
    case 1: { /* a range of values */
        double *v = NULL;
        long n = 0;
        if (neq_param_parse_range(d, text, 1000, &v, &n) == 0) {
            if (n < 1 || n > 1000 || !v)
                abort();
            for (long i = 0; i < n; i++)
                if (!isfinite(v[i]) || neq_param_check(d, v[i]))
                    abort();
        }
        free(v);
        break;
    }
    case 2: { /* a config file's text */
        cli_opts o = {0};
        cli_list vary = {0};
        cli_opts_add_model(&o, p, NULL);
        cli_opts_add(&o, (cli_opt){"vary", CLI_LIST, &vary, NULL, "", 1});
        FILE *keep = stderr;
        stderr = fopen("/dev/null", "w");
        if (stderr) {
            if (cli_parse_config_text("fuzz", "fuzz.ini", text, &o) == 0)
                for (int j = 0; j < neq_model_nparams(m); j++)
                    if (neq_model_param(m, j)->kind == NEQ_PARAM_REAL &&
                        !isfinite(neq_params_value(p, j)))
                        abort();
            fclose(stderr);
        }
        stderr = keep;
        cli_list_free(&vary);
        cli_opts_free(&o);
        break;
    }
    case 3: { /* a material: a specification, or a table file */
        neq_material *mat = NULL;
        const char *path = (data[0] & 1) ? as_file(text) : NULL;
        int rc = path ? neq_material_table(path, &mat) : neq_material_parse(text, &mat);
        double complex eps;
        if (rc == 0 && neq_material_eps(mat, 4.485e13, &eps) == 0 &&
            (!isfinite(creal(eps)) || !isfinite(cimag(eps))))
            abort();
        neq_material_free(mat);
        break;
    }
    case 4: { /* a state file */
        double complex rho[16];
        const char *path = as_file(text);
        if (path && neq_state_read(path, 4, rho) == 0)
            for (int i = 0; i < 16; i++)
                if (!isfinite(creal(rho[i])) || !isfinite(cimag(rho[i])))
                    abort();
        break;
    }
    case 6: { /* a sweep axis "NAME=RANGE[;NAME=RANGE...]", or a --quantities list */
        neq_grid *g = NULL;
        FILE *keep = stderr;
        stderr = fopen("/dev/null", "w");
        if (neq_grid_alloc(p, &g) == 0) {
            if (data[0] & 1) {
                if (stderr && cli_sweep_quantities(g, text) == 0 && neq_grid_row_length(g) < 1)
                    abort();
            } else if (neq_grid_add_axis_text(g, text) == 0 &&
                       (neq_grid_npoints(g) < 1 || neq_grid_naxes(g) < 1))
                abort();
        }
        if (stderr)
            fclose(stderr);
        stderr = keep;
        neq_grid_free(g);
        break;
    }
    case 7: /* the rows of a partial sweep file, resumed */
        resume(text);
        break;
    default: { /* a CSV/TSV data file of neqent plot */
        FILE *f = fmemopen(text, strlen(text), "r");
        cli_table t = {0};
        FILE *keep = stderr;
        stderr = fopen("/dev/null", "w");
        if (f && stderr && cli_table_parse(f, "fuzz.csv", &t) == 0)
            for (long i = 0; i < t.nrows * t.ncols; i++)
                if (isinf(t.v[i]))
                    abort();
        if (stderr)
            fclose(stderr);
        stderr = keep;
        if (f)
            fclose(f);
        for (int j = 0; t.col && j < t.ncols; j++)
            free(t.col[j]);
        free(t.col);
        free(t.v);
        break;
    }
    }
    neq_params_free(p);
    free(text);
    return 0;
}
