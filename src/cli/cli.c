/* Option parsing and safe output for the neqent program. */
#include "cli.h"

#include <ini.h>
#include "neqent/em.h"
#include "neqent/status.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("neqent: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return 2;
}

static int parse_double(const char *cmd, const char *name, const char *s, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0') {
        fprintf(stderr, "neqent %s: --%s: '%s' is not a number\n", cmd, name, s);
        return -1;
    }
    if (errno == ERANGE || isinf(v)) {
        fprintf(stderr, "neqent %s: --%s: '%s' is out of range\n", cmd, name, s);
        return -1;
    }
    if (isnan(v)) {
        fprintf(stderr, "neqent %s: --%s: NaN is not allowed\n", cmd, name);
        return -1;
    }
    *out = v;
    return 0;
}

int cli_parse_si(const char *cmd, const char *name, const char *s, opt_kind kind, double *out)
{
    /* pow10: the unit is 10^pow10 (applied to the decimal text, so that
     * "1.3um" is exactly the double of "1.3e-6"); factor: then multiplied */
    static const struct {
        opt_kind kind;
        const char *suffix;
        int pow10;
        double factor;
    } units[] = {
        {OPT_LENGTH, "m", 0, 1},         {OPT_LENGTH, "mm", -3, 1},
        {OPT_LENGTH, "um", -6, 1},       {OPT_LENGTH, "nm", -9, 1},
        {OPT_LENGTH, "pm", -12, 1},      {OPT_TEMPERATURE, "K", 0, 1},
        {OPT_TEMPERATURE, "mK", -3, 1},  {OPT_FREQUENCY, "rad/s", 0, 1},
        {OPT_FREQUENCY, "Hz", 0, 6.283185307179586}, {OPT_FREQUENCY, "THz", 12, 6.283185307179586},
    };
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s) {
        fprintf(stderr, "neqent %s: --%s: '%s' is not a number\n", cmd, name, s);
        return -1;
    }
    if (isnan(v)) {
        fprintf(stderr, "neqent %s: --%s: NaN is not allowed\n", cmd, name);
        return -1;
    }
    if (errno == ERANGE || isinf(v)) {
        fprintf(stderr, "neqent %s: --%s: '%s' is out of range\n", cmd, name, s);
        return -1;
    }
    if (*end == '\0') {
        *out = v;
        return 0;
    }
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++)
        if (units[k].kind == kind && strcmp(end, units[k].suffix) == 0) {
            /* mantissa text and exponent, the exponent shifted by the unit */
            char num[128];
            size_t len = (size_t)(end - s);
            if (len >= 64) {
                fprintf(stderr, "neqent %s: --%s: '%s' is too long\n", cmd, name, s);
                return -1;
            }
            const char *e = s;
            while (e < end && *e != 'e' && *e != 'E')
                e++;
            long ex = e < end ? strtol(e + 1, NULL, 10) : 0;
            snprintf(num, sizeof num, "%.*se%ld", (int)(e - s), s, ex + units[k].pow10);
            double w = strtod(num, NULL) * units[k].factor;
            if (!isfinite(w)) {
                fprintf(stderr, "neqent %s: --%s: '%s' is out of range\n", cmd, name, s);
                return -1;
            }
            *out = w;
            return 0;
        }
    const char *expect = kind == OPT_LENGTH        ? "m, mm, um, nm, pm"
                         : kind == OPT_TEMPERATURE ? "K, mK"
                         : kind == OPT_FREQUENCY   ? "rad/s, Hz, THz"
                                                   : "no unit";
    fprintf(stderr, "neqent %s: --%s: unknown unit '%s' in '%s' (expected %s)\n", cmd, name, end, s,
            expect);
    return -1;
}

/* Strings copied from config files live until exit (options point at them). */
static char **kept;
static size_t nkept;
static void free_kept(void)
{
    for (size_t k = 0; k < nkept; k++)
        free(kept[k]);
    free(kept);
}

static char *keep_string(const char *v)
{
    char **grown = realloc(kept, sizeof *kept * (nkept + 1));
    char *copy = grown ? strdup(v) : NULL;
    if (grown)
        kept = grown;
    if (!copy)
        return NULL;
    if (nkept == 0)
        atexit(free_kept);
    kept[nkept++] = copy;
    return copy;
}

/* Sets option o from its text value; `where` names the source for errors
 * ("" for the command line, "FILE:LINE: " for a config file). */
static int apply_value(const char *cmd, const cli_option *o, const char *val, const char *where)
{
    if (o->kind == OPT_FLAG) {
        if (strcmp(val, "true") == 0 || strcmp(val, "1") == 0 || strcmp(val, "yes") == 0)
            *(int *)o->target = 1;
        else if (strcmp(val, "false") == 0 || strcmp(val, "0") == 0 || strcmp(val, "no") == 0)
            *(int *)o->target = 0;
        else {
            fprintf(stderr, "neqent %s: %s%s: '%s' is not true or false\n", cmd, where, o->name, val);
            return -1;
        }
        return 0;
    }
    if (o->kind == OPT_STRING || o->kind == OPT_LIST) {
        /* config strings outlive the parser: keep a copy */
        const char *copy = where[0] ? keep_string(val) : val;
        if (!copy) {
            fprintf(stderr, "neqent: out of memory\n");
            return -1;
        }
        if (o->kind == OPT_STRING) {
            *(const char **)o->target = copy;
            return 0;
        }
        cli_list *l = o->target;
        if (l->n == CLI_LIST_MAX) {
            fprintf(stderr, "neqent %s: %s%s: at most %d values\n", cmd, where, o->name,
                    CLI_LIST_MAX);
            return -1;
        }
        l->item[l->n++] = copy;
        return 0;
    }
    if (where[0]) { /* numbers from a file: the same checks, with the place */
        double v;
        char name[700]; /* the error names the file: --TM (in run.ini: ) */
        snprintf(name, sizeof name, "%s (in %.*s)", o->name, (int)strlen(where) - 2, where);
        if (o->kind == OPT_DOUBLE ? parse_double(cmd, name, val, &v)
                                  : cli_parse_si(cmd, name, val, o->kind, &v))
            return -1;
        *(double *)o->target = v;
        return 0;
    }
    if (o->kind == OPT_DOUBLE)
        return parse_double(cmd, o->name, val, (double *)o->target);
    return cli_parse_si(cmd, o->name, val, o->kind, (double *)o->target);
}

typedef struct {
    const char *cmd, *file;
    const cli_option *opts;
    int nopts, failed;
} ini_ctx;

static int ini_handler_fn(void *user, const char *section, const char *key, const char *value
#if INI_HANDLER_LINENO
                          , int lineno
#endif
)
{
    ini_ctx *c = user;
    (void)section; /* sections are allowed for readability ([baths], [body]) */
    if (c->failed)
        return 0;
    for (int k = 0; k < c->nopts; k++)
        if (strcmp(c->opts[k].name, key) == 0) {
            char where[600];
            snprintf(where, sizeof where, "%s: ", c->file);
            if (apply_value(c->cmd, &c->opts[k], value, where)) {
                c->failed = 1;
                return 0;
            }
            return 1;
        }
    fprintf(stderr, "neqent %s: %s: unknown key '%s' for neqent %s\n", c->cmd, c->file, key, c->cmd);
    c->failed = 1;
    return 0;
}

int cli_parse_config_text(const char *cmd, const char *name, const char *text,
                          const cli_option *opts, int nopts)
{
    ini_ctx c = {cmd, name, opts, nopts, 0};
    int r = ini_parse_string(text, ini_handler_fn, &c);
    if (c.failed)
        return -1;
    if (r != 0) {
        fprintf(stderr, "neqent %s: %s:%d: malformed line (expected key = value)\n", cmd, name, r);
        return -1;
    }
    return 0;
}

/* whether a list item "NAME=..." of some OPT_LIST option names `name`
 * (sweep: a varied parameter, whose fixed value is unused) */
static int listed(const char *name, const cli_option *opts, int nopts)
{
    size_t len = strlen(name);
    for (int k = 0; k < nopts; k++)
        if (opts[k].kind == OPT_LIST) {
            const cli_list *l = opts[k].target;
            for (int i = 0; i < l->n; i++)
                if (strncmp(l->item[i], name, len) == 0 && l->item[i][len] == '=')
                    return 1;
        }
    return 0;
}

static void print_config(FILE *f, const char *cmd, const cli_option *opts, int nopts)
{
    /* the section is the command's last word ([baths], [body], [sweep]) */
    const char *sp = strrchr(cmd, ' ');
    fprintf(f, "# neqent %s configuration (INI); command-line flags override it\n[%s]\n", cmd,
            sp ? sp + 1 : cmd);
    for (int k = 0; k < nopts; k++) {
        const cli_option *o = &opts[k];
        if (!strcmp(o->name, "help") || !strcmp(o->name, "out") || !strcmp(o->name, "force") ||
            !strcmp(o->name, "json") || !strcmp(o->name, "resume") || !strcmp(o->name, "quiet") ||
            !strcmp(o->name, "threads"))
            continue;
        if (o->kind == OPT_LIST) {
            const cli_list *l = o->target;
            for (int i = 0; i < l->n; i++)
                fprintf(f, "%s = %s\n", o->name, l->item[i]);
        } else if (listed(o->name, opts, nopts))
            fprintf(f, "# %s: varied\n", o->name);
        else if (o->kind == OPT_FLAG) /* unset flags as comments: other commands may lack them */
            fprintf(f, "%s%s = %s\n", *(int *)o->target ? "" : "# ", o->name,
                    *(int *)o->target ? "true" : "false");
        else if (o->kind == OPT_STRING) {
            const char *v = *(const char **)o->target;
            if (v)
                fprintf(f, "%s = %s\n", o->name, v);
            else
                fprintf(f, "# %s = (not set)\n", o->name);
        } else if (!isnan(*(double *)o->target))
            fprintf(f, "%s = %.17g\n", o->name, *(double *)o->target);
    }
}

int cli_parse(const char *cmd, int argc, char **argv, int first, const cli_option *opts, int nopts)
{
    /* --config FILE first (anywhere on the line), then the flags over it */
    int print = 0;
    for (int i = first; i < argc; i++) {
        if (strcmp(argv[i], "--print-config") == 0)
            print = 1;
        if (strcmp(argv[i], "--config") == 0 || strncmp(argv[i], "--config=", 9) == 0) {
            const char *file = argv[i][8] == '=' ? argv[i] + 9 : (i + 1 < argc ? argv[i + 1] : NULL);
            if (!file) {
                fprintf(stderr, "neqent %s: --config needs a value\n", cmd);
                return -1;
            }
            ini_ctx c = {cmd, file, opts, nopts, 0};
            int r = ini_parse(file, ini_handler_fn, &c);
            if (c.failed)
                return -1;
            if (r == -1) {
                fprintf(stderr, "neqent %s: cannot read config file '%s': %s\n", cmd, file,
                        strerror(errno));
                return -1;
            }
            if (r != 0) {
                fprintf(stderr, "neqent %s: %s:%d: malformed line (expected key = value)\n", cmd,
                        file, r);
                return -1;
            }
        }
    }
    for (int k = 0; k < nopts; k++)
        if (opts[k].kind == OPT_LIST)
            ((cli_list *)opts[k].target)->nfile = ((cli_list *)opts[k].target)->n;
    for (int i = first; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--print-config") == 0)
            continue;
        if (strcmp(a, "--config") == 0) {
            i++;
            continue;
        }
        if (strncmp(a, "--config=", 9) == 0)
            continue;
        if (strncmp(a, "--", 2) != 0) {
            fprintf(stderr, "neqent %s: unexpected argument '%s'\n", cmd, a);
            return -1;
        }
        const char *name = a + 2;
        const char *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        const cli_option *o = NULL;
        for (int k = 0; k < nopts; k++)
            if (strlen(opts[k].name) == len && strncmp(opts[k].name, name, len) == 0)
                o = &opts[k];
        if (!o) {
            fprintf(stderr, "neqent %s: unknown option '%.*s' (see neqent %s --help)\n", cmd,
                    (int)len + 2, a, cmd);
            return -1;
        }
        if (o->kind == OPT_FLAG) {
            if (eq) {
                fprintf(stderr, "neqent %s: --%s takes no value\n", cmd, o->name);
                return -1;
            }
            *(int *)o->target = 1;
            continue;
        }
        const char *val = eq ? eq + 1 : NULL;
        if (!val) {
            if (i + 1 >= argc) {
                fprintf(stderr, "neqent %s: --%s needs a value\n", cmd, o->name);
                return -1;
            }
            val = argv[++i];
        }
        if (apply_value(cmd, o, val, ""))
            return -1;
    }
    /* list items NAME=...: a command-line item overrides the file's of the
     * same NAME (flags override the file) */
    for (int k = 0; k < nopts; k++)
        if (opts[k].kind == OPT_LIST) {
            cli_list *l = opts[k].target;
            int keep = 0, nfile = l->nfile;
            for (int i = 0; i < l->n; i++) {
                size_t len = strcspn(l->item[i], "=");
                int overridden = 0;
                for (int j = nfile; i < nfile && j < l->n; j++)
                    if (strncmp(l->item[j], l->item[i], len) == 0 && l->item[j][len] == '=')
                        overridden = 1;
                if (!overridden)
                    l->item[keep++] = l->item[i];
                else
                    l->nfile--;
            }
            l->n = keep;
        }
    if (print) {
        print_config(stdout, cmd, opts, nopts);
        return 1;
    }
    return 0;
}

void cli_print_help(FILE *f, const char *usage, const cli_option *opts, int nopts)
{
    fprintf(f, "%s\n\nOptions:\n", usage);
    for (int k = 0; k < nopts; k++)
        fprintf(f, "  --%-14s %s\n", opts[k].name, opts[k].help);
    fprintf(f, "  --%-14s %s\n  --%-14s %s\n", "config FILE",
            "read options from an INI file (key = value; flags override it)", "print-config",
            "print the effective configuration as INI and exit");
}

void cli_command_line(char *buf, size_t n, int argc, char **argv, const char *const *drop)
{
    snprintf(buf, n, "neqent");
    size_t len = strlen(buf);
    for (int i = 1; i < argc; i++) {
        int skip = 0;
        for (const char *const *d = drop; d && *d && !skip; d++) {
            size_t dl = strlen(*d);
            if ((*d)[dl - 1] == '=' && strncmp(argv[i], *d, dl - 1) == 0 &&
                argv[i][dl - 1] == '\0') {
                skip = 1;
                i++; /* and its value */
            } else if (strcmp(argv[i], *d) == 0 || ((*d)[dl - 1] == '=' && strncmp(argv[i], *d, dl) == 0))
                skip = 1;
        }
        if (skip)
            continue;
        /* quote unless every character is safe for a shell */
        const char *a = argv[i];
        int safe = a[0] != 0;
        for (const char *c = a; *c; c++)
            if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                        "_-+=.,:/@%", *c))
                safe = 0;
        if (len + 3 >= n)
            break;
        buf[len++] = ' ';
        if (!safe)
            buf[len++] = '\'';
        for (const char *c = a; *c && len + 6 < n; c++) {
            if (*c == '\'') { /* ' becomes '\'' */
                memcpy(buf + len, "'\\''", 4);
                len += 4;
            } else
                buf[len++] = *c;
        }
        if (!safe)
            buf[len++] = '\'';
        buf[len] = 0;
    }
}

int cli_output_open(cli_output *o, const char *path, int force)
{
    memset(o, 0, sizeof *o);
    if (!path || strcmp(path, "-") == 0) {
        o->f = stdout;
        return 0;
    }
    if (!force && access(path, F_OK) == 0) {
        fprintf(stderr, "neqent: output '%s' exists; pass --force to overwrite it\n", path);
        return -1;
    }
    size_t n = strlen(path) + 32;
    o->path = strdup(path);
    o->tmp = malloc(n);
    if (!o->path || !o->tmp) {
        free(o->path);
        free(o->tmp);
        fprintf(stderr, "neqent: out of memory\n");
        return -1;
    }
    snprintf(o->tmp, n, "%s.tmp.%ld", path, (long)getpid());
    o->f = fopen(o->tmp, "w");
    if (!o->f) {
        fprintf(stderr, "neqent: cannot write '%s': %s\n", path, strerror(errno));
        free(o->path);
        free(o->tmp);
        o->path = o->tmp = NULL;
        return -1;
    }
    return 0;
}

void cli_output_abort(cli_output *o)
{
    if (o->f && o->f != stdout) {
        fclose(o->f);
        remove(o->tmp);
    }
    free(o->path);
    free(o->tmp);
    memset(o, 0, sizeof *o);
}

int cli_output_close(cli_output *o)
{
    if (o->f == stdout) {
        int bad = fflush(stdout) != 0 || ferror(stdout);
        o->f = NULL;
        if (bad)
            fprintf(stderr, "neqent: error writing standard output\n");
        return bad ? -1 : 0;
    }
    int bad = ferror(o->f) != 0;
    if (fclose(o->f) != 0)
        bad = 1;
    o->f = NULL;
    if (!bad && rename(o->tmp, o->path) != 0)
        bad = 1;
    if (bad) {
        fprintf(stderr, "neqent: cannot write '%s': %s\n", o->path, strerror(errno));
        remove(o->tmp);
    }
    free(o->path);
    free(o->tmp);
    o->path = o->tmp = NULL;
    return bad ? -1 : 0;
}

/* "x,y,z" with optional imaginary parts "x,y,z;xi,yi,zi" */
int cli_parse_vec(const char *cmd, const char *name, const char *s, double complex v[3])
{
    double re[3] = {0}, im[3] = {0};
    const char *p = s;
    for (int part = 0; part < 2; part++) {
        double *dst = part ? im : re;
        for (int k = 0; k < 3; k++) {
            char *end;
            errno = 0;
            dst[k] = strtod(p, &end);
            if (end == p || errno == ERANGE || !isfinite(dst[k])) {
                fprintf(stderr, "neqent %s: --%s: '%s' is not a vector x,y,z\n", cmd, name, s);
                return -1;
            }
            p = end;
            if (k < 2) {
                if (*p != ',') {
                    fprintf(stderr, "neqent %s: --%s: '%s' is not a vector x,y,z\n", cmd, name, s);
                    return -1;
                }
                p++;
            }
        }
        if (*p == '\0')
            break;
        if (*p != ';' || part == 1) {
            fprintf(stderr, "neqent %s: --%s: '%s' is not a vector x,y,z[;xi,yi,zi]\n", cmd, name, s);
            return -1;
        }
        p++;
    }
    for (int k = 0; k < 3; k++)
        v[k] = re[k] + I * im[k];
    return 0;
}


int cli_make_body(const char *cmd, const char *body, const char *material, double delta,
                  neq_material **m, neq_body **b)
{
    *m = NULL;
    *b = NULL;
    if (strcmp(body, "slab") && strcmp(body, "halfspace") && strcmp(body, "mirror")) {
        cli_error("%s: --body: unknown body '%s' (slab, halfspace, mirror)", cmd, body);
        return -1;
    }
    int rc;
    if (strcmp(body, "mirror") == 0)
        rc = neq_body_mirror(b);
    else {
        rc = neq_material_parse(material, m);
        if (rc == 0)
            rc = strcmp(body, "slab") == 0 ? neq_body_slab(*m, delta, b) : neq_body_halfspace(*m, b);
    }
    if (rc) {
        cli_error("%s: %s", cmd, neq_errdetail());
        neq_material_free(*m);
        *m = NULL;
        return -1;
    }
    return 0;
}
