/* Options of the neqent program: generated from the model descriptors
 * (include/neqent/model.h), read from the command line and from INI files
 * (Debian's libinih), printed back by --print-config and --help. */
#include "cli.h"

#include <ini.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "neqent/status.h"

void cli_list_free(cli_list *l)
{
    if (!l)
        return;
    for (int i = 0; i < l->n; i++)
        free(l->item[i]);
    free(l->item);
    memset(l, 0, sizeof *l);
}

static int list_push(cli_list *l, const char *s)
{
    if (l->n == l->cap) {
        int cap = l->cap ? 2 * l->cap : 8;
        char **g = realloc(l->item, sizeof *g * (size_t)cap);
        if (!g)
            return -1;
        l->item = g;
        l->cap = cap;
    }
    char *c = strdup(s);
    if (!c)
        return -1;
    l->item[l->n++] = c;
    return 0;
}

/* strings read from a config file, kept until cli_opts_free */
static cli_list kept;

int cli_opts_add(cli_opts *o, cli_opt opt)
{
    if (o->n == o->cap) {
        int cap = o->cap ? 2 * o->cap : 32;
        cli_opt *g = realloc(o->v, sizeof *g * (size_t)cap);
        if (g)
            o->v = g;
        unsigned char *gv = g ? realloc(o->given, (size_t)cap) : NULL;
        if (!gv)
            return -1;
        o->given = gv;
        o->cap = cap;
    }
    o->given[o->n] = 0;
    o->v[o->n++] = opt;
    return 0;
}

int cli_opts_add_model(cli_opts *o, neq_params *p, const char *const *skip)
{
    const neq_model *m = neq_params_model(p);
    o->params = p;
    for (int k = 0; k < neq_model_nparams(m); k++) {
        const neq_param_desc *d = neq_model_param(m, k);
        int drop = 0;
        for (const char *const *s = skip; s && *s; s++)
            drop |= strcmp(*s, d->name) == 0;
        if (!drop && cli_opts_add(o, (cli_opt){d->name, CLI_PARAM, p, d, NULL, 1}))
            return -1;
    }
    return 0;
}

void cli_opts_free(cli_opts *o)
{
    free(o->v);
    free(o->given);
    memset(o, 0, sizeof *o);
    cli_list_free(&kept);
}

/* '-' and '_' are the same letter in an option's name: parameters are
 * named as in JSON and Python (lamb_shift), and both --lamb-shift and
 * --lamb_shift find them. */
static int same_name(const char *a, const char *b, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (a[i] != b[i] && !((a[i] == '-' || a[i] == '_') && (b[i] == '-' || b[i] == '_')))
            return 0;
    return 1;
}

static const cli_opt *find_opt(const cli_opts *o, const char *name, size_t len)
{
    for (int k = 0; k < o->n; k++)
        if (strlen(o->v[k].name) == len && same_name(o->v[k].name, name, len))
            return &o->v[k];
    return NULL;
}

/* Sets option `opt` from its text; `where` names the source ("" on the
 * command line, "FILE:LINE: " in a config file). */
static int apply(const char *cmd, const cli_opt *opt, const char *val, const char *where)
{
    char clean[300];
    switch (opt->kind) {
    case CLI_FLAG:
        if (!strcmp(val, "true") || !strcmp(val, "1") || !strcmp(val, "yes"))
            *(int *)opt->target = 1;
        else if (!strcmp(val, "false") || !strcmp(val, "0") || !strcmp(val, "no"))
            *(int *)opt->target = 0;
        else {
            cli_clean(val, clean, sizeof clean);
            cli_error("%s: %s%s: '%s' is not true or false", cmd, where, opt->name, clean);
            return -1;
        }
        return 0;
    case CLI_PARAM:
        if (neq_params_set_text(opt->target, opt->name, val)) {
            cli_error("%s: %s%s", cmd, where, neq_errdetail());
            return -1;
        }
        return 0;
    case CLI_NUMBER:
        if (neq_param_parse(opt->desc, val, (double *)opt->target)) {
            cli_error("%s: %s%s", cmd, where, neq_errdetail());
            return -1;
        }
        return 0;
    case CLI_TEXT:
    case CLI_LIST: {
        if (!*val) {
            cli_error("%s: %s--%s: empty value ''", cmd, where, opt->name);
            return -1;
        }
        if (where[0]) { /* file strings outlive the parser */
            if (list_push(&kept, val)) {
                cli_error("%s: out of memory", cmd);
                return -1;
            }
            val = kept.item[kept.n - 1];
        }
        if (opt->kind == CLI_TEXT) {
            *(const char **)opt->target = val;
            return 0;
        }
        if (list_push(opt->target, val)) {
            cli_error("%s: out of memory", cmd);
            return -1;
        }
        return 0;
    }
    }
    return -1;
}

/* ------------------------------------------------------------- INI */

/* libinih reads lines of at most INI_MAX_LINE bytes (a longer one is cut
 * and its rest parsed as a next line), and Debian's build gives the
 * handler no line numbers: both are handled by reading the text first. */
#define INI_LINE_LIMIT 198

typedef struct {
    const char *cmd, *file, *text;
    cli_opts *o;
    int failed;
    const char *cursor; /* where the last key was found */
    int line;
} ini_ctx;

/* the line number of the next line from the cursor that sets `key` */
static int key_line(ini_ctx *c, const char *key)
{
    size_t len = strlen(key);
    const char *p = c->cursor;
    int line = c->line;
    while (*p) {
        const char *s = p;
        while (*s == ' ' || *s == '\t')
            s++;
        const char *e = strchr(p, '\n');
        if (strncmp(s, key, len) == 0) {
            const char *t = s + len;
            while (*t == ' ' || *t == '\t')
                t++;
            if (*t == '=' || *t == ':') {
                c->cursor = e ? e + 1 : p + strlen(p);
                c->line = line + 1;
                return line;
            }
        }
        if (!e)
            break;
        p = e + 1;
        line++;
    }
    return c->line;
}

static int config_handler(void *user, const char *section, const char *key, const char *value
#if INI_HANDLER_LINENO
                       , int lineno
#endif
)
{
    ini_ctx *c = user;
    (void)section; /* sections only make a file readable ([baths], [sweep]) */
    if (c->failed)
        return 0;
    int line = key_line(c, key);
    char where[600], clean[200];
    snprintf(where, sizeof where, "%s:%d: ", c->file, line);
    const cli_opt *opt = find_opt(c->o, key, strlen(key));
    if (!opt || !opt->in_config) {
        cli_clean(key, clean, sizeof clean);
        const char *s = c->o->params ? neq_model_suggest(neq_params_model(c->o->params), 0, key)
                                     : NULL;
        cli_error("%s: %sunknown key '%s'%s%s%s", c->cmd, where, clean,
                  s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "");
        c->failed = 1;
        return 0;
    }
    if (apply(c->cmd, opt, value, where)) {
        c->failed = 1;
        return 0;
    }
    return 1;
}

/* The text must be text: no NUL or control bytes (a binary file is named,
 * never echoed), and no line beyond libinih's limit. */
static int check_text(const char *cmd, const char *name, const char *text, size_t len)
{
    int line = 1;
    size_t col = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)text[i];
        if (ch == '\n') {
            line++;
            col = 0;
            continue;
        }
        if ((ch < 0x20 && ch != '\t' && ch != '\r') || ch == 0x7f)
            return cli_error("%s: %s:%d: not a text file (byte 0x%02x)", cmd, name, line, ch),
                   -1;
        if (++col > INI_LINE_LIMIT)
            return cli_error("%s: %s:%d: line longer than %d characters", cmd, name, line,
                             INI_LINE_LIMIT),
                   -1;
    }
    return 0;
}

int cli_parse_config_text(const char *cmd, const char *name, const char *text, cli_opts *o)
{
    if (check_text(cmd, name, text, strlen(text)))
        return -1;
    ini_ctx c = {cmd, name, text, o, 0, text, 1};
    int r = ini_parse_string(text, config_handler, &c);
    if (c.failed)
        return -1;
    if (r != 0) {
        cli_error("%s: %s:%d: malformed line (expected key = value)", cmd, name, r);
        return -1;
    }
    return 0;
}

static int read_config(const char *cmd, const char *file, cli_opts *o)
{
    FILE *f = cli_open_input("config file", file);
    if (!f)
        return -1;
    size_t cap = 4096, len = 0;
    char *text = malloc(cap);
    size_t got;
    while (text && (got = fread(text + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (len > (1u << 20)) {
            fclose(f);
            free(text);
            return cli_error("%s: %s: larger than 1 MiB: not a config file", cmd, file), -1;
        }
        if (cap - len - 1 == 0) {
            char *g = realloc(text, cap * 2);
            if (!g) {
                free(text);
                text = NULL;
                break;
            }
            text = g;
            cap *= 2;
        }
    }
    int err = ferror(f);
    fclose(f);
    if (!text || err) {
        free(text);
        return cli_fail("%s: cannot read config file '%s'", cmd, file), -1;
    }
    text[len] = 0;
    if (check_text(cmd, file, text, len)) { /* a NUL inside stops strlen: check len */
        free(text);
        return -1;
    }
    int rc = cli_parse_config_text(cmd, file, text, o);
    free(text);
    return rc;
}

/* ------------------------------------------------------ print-config */

const neq_param_desc CLI_THREADS = {"threads", NEQ_PARAM_REAL, NEQ_UNIT_NONE, "1", 1, NULL, 1,
                                    1024, 0, 0, NULL, 0,
                                    "OpenMP threads (a whole number; results do not depend on it)"};

int cli_on_cmdline(const cli_opts *o, const char *name)
{
    for (int k = 0; k < o->n; k++)
        if (!strcmp(o->v[k].name, name))
            return o->given[k];
    return 0;
}

int cli_item_varies(const char *item, const char *name)
{
    size_t len = strlen(name);
    for (const char *a = item; a; a = strchr(a, ';') ? strchr(a, ';') + 1 : NULL)
        if (strncmp(a, name, len) == 0 && a[len] == '=')
            return 1;
    return 0;
}

/* whether an item of a list option varies `name` (a varied parameter of a
 * sweep: its fixed value is not used) */
static int listed(const cli_opts *o, const char *name)
{
    for (int k = 0; k < o->n; k++)
        if (o->v[k].kind == CLI_LIST) {
            const cli_list *l = o->v[k].target;
            for (int i = 0; i < l->n; i++)
                if (cli_item_varies(l->item[i], name))
                    return 1;
        }
    return 0;
}

static void print_config(FILE *f, const char *cmd, const cli_opts *o)
{
    const char *sp = strrchr(cmd, ' ');
    fprintf(f, "# neqent %s configuration (INI); command-line flags override it\n[%s]\n", cmd,
            sp ? sp + 1 : cmd);
    for (int k = 0; k < o->n; k++) {
        const cli_opt *opt = &o->v[k];
        if (!opt->in_config)
            continue;
        if (opt->kind == CLI_LIST) {
            const cli_list *l = opt->target;
            for (int i = 0; i < l->n; i++)
                fprintf(f, "%s = %s\n", opt->name, l->item[i]);
        } else if (listed(o, opt->name))
            fprintf(f, "# %s: varied\n", opt->name);
        else if (opt->kind == CLI_PARAM) {
            char buf[4200];
            int k2 = neq_model_param_index(neq_params_model(opt->target), opt->name);
            neq_params_format(opt->target, k2, buf, sizeof buf);
            fprintf(f, "%s = %s\n", opt->name, buf);
        } else if (opt->kind == CLI_FLAG)
            fprintf(f, "%s = %s\n", opt->name, *(int *)opt->target ? "true" : "false");
        else if (opt->kind == CLI_TEXT) {
            const char *v = *(const char **)opt->target;
            if (v)
                fprintf(f, "%s = %s\n", opt->name, v);
            else
                fprintf(f, "# %s = (not set)\n", opt->name);
        } else if (!isnan(*(double *)opt->target)) {
            char num[40];
            cli_number(num, sizeof num, *(double *)opt->target);
            fprintf(f, "%s = %s\n", opt->name, num);
        } else
            fprintf(f, "# %s = (not set)\n", opt->name);
    }
}

/* ------------------------------------------------------------ parse */

int cli_parse(const char *cmd, const char *usage, int argc, char **argv, int first,
              cli_opts *o)
{
    int print = 0;
    for (int i = first; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            cli_print_help(stdout, usage, o);
            return 1;
        }
    /* --config FILE first (anywhere on the line), then the flags over it */
    for (int i = first; i < argc; i++) {
        if (strcmp(argv[i], "--print-config") == 0)
            print = 1;
        if (strcmp(argv[i], "--config") == 0 || strncmp(argv[i], "--config=", 9) == 0) {
            const char *file = argv[i][8] == '=' ? argv[i] + 9 : (i + 1 < argc ? argv[i + 1] : NULL);
            if (!file)
                return cli_error("%s: --config needs a value", cmd), -1;
            if (read_config(cmd, file, o))
                return -1;
            if (argv[i][8] != '=')
                i++;
        }
    }
    for (int k = 0; k < o->n; k++)
        if (o->v[k].kind == CLI_LIST)
            ((cli_list *)o->v[k].target)->nfile = ((cli_list *)o->v[k].target)->n;
    for (int i = first; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--print-config") == 0 || strncmp(a, "--config=", 9) == 0)
            continue;
        if (strcmp(a, "--config") == 0) {
            i++;
            continue;
        }
        char clean[300];
        if (strncmp(a, "--", 2) != 0) {
            cli_clean(a, clean, sizeof clean);
            return cli_error("%s: unexpected argument '%s' (options start with --)", cmd, clean),
                   -1;
        }
        const char *name = a + 2;
        const char *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        const cli_opt *opt = find_opt(o, name, len);
        if (!opt) {
            char nm[80];
            snprintf(nm, sizeof nm, "%.*s", (int)(len < 60 ? len : 60), name);
            cli_clean(nm, clean, sizeof clean);
            const char *s = o->params ? neq_model_suggest(neq_params_model(o->params), 0, nm)
                                      : NULL;
            return cli_error("%s: unknown option '--%s'%s%s%s (see neqent %s --help)", cmd,
                             clean, s ? " (did you mean '--" : "", s ? s : "", s ? "'?)" : "",
                             cmd),
                   -1;
        }
        int is_flag = opt->kind == CLI_FLAG ||
                      (opt->kind == CLI_PARAM && opt->desc->kind == NEQ_PARAM_FLAG);
        if (is_flag) {
            if (eq)
                return cli_error("%s: --%s takes no value", cmd, opt->name), -1;
            if (opt->kind == CLI_FLAG)
                *(int *)opt->target = 1;
            else if (apply(cmd, opt, "true", ""))
                return -1;
            continue;
        }
        const char *val = eq ? eq + 1 : NULL;
        if (!val) {
            if (i + 1 >= argc)
                return cli_error("%s: --%s needs a value", cmd, opt->name), -1;
            val = argv[++i];
        }
        if (apply(cmd, opt, val, ""))
            return -1;
        o->given[opt - o->v] = 1;
    }
    /* list items NAME=...: a command-line item overrides the file's of the
     * same NAME (flags override the file) */
    for (int k = 0; k < o->n; k++)
        if (o->v[k].kind == CLI_LIST) {
            cli_list *l = o->v[k].target;
            int keep = 0, nfile = l->nfile;
            for (int i = 0; i < l->n; i++) {
                size_t len = strcspn(l->item[i], "=");
                int overridden = 0;
                for (int j = nfile; i < nfile && j < l->n; j++)
                    if (strncmp(l->item[j], l->item[i], len) == 0 && l->item[j][len] == '=')
                        overridden = 1;
                if (overridden) {
                    free(l->item[i]);
                    l->nfile--;
                } else
                    l->item[keep++] = l->item[i];
            }
            l->n = keep;
        }
    if (print) {
        for (int k = 0; k < o->n; k++)
            if (!strcmp(o->v[k].name, "out") && o->v[k].kind == CLI_TEXT &&
                *(const char **)o->v[k].target)
                return cli_error("%s: --print-config prints to standard output: drop --out", cmd),
                       -1;
        print_config(stdout, cmd, o);
        return 1;
    }
    return 0;
}

/* "[m; default 1e-06; > 0; units m, mm, um, nm, pm]" for a parameter */
static void param_help(const neq_param_desc *d, const neq_params *p, char *buf, size_t n)
{
    size_t len = 0;
    switch (d->kind) {
    case NEQ_PARAM_REAL: {
        int k = neq_model_param_index(neq_params_model(p), d->name);
        double def = p && k >= 0 ? neq_params_value(p, k) : d->def;
        len += (size_t)snprintf(buf + len, n - len, "[%s; default %.6g", d->unit, def);
        if (d->min > -1e300)
            len += (size_t)snprintf(buf + len, n - len, "; %s %g", d->min_open ? ">" : ">=", d->min);
        if (d->max < 1e300)
            len += (size_t)snprintf(buf + len, n - len, "; %s %g", d->max_open ? "<" : "<=", d->max);
        const char *u = d->unit_kind == NEQ_UNIT_LENGTH        ? "m, mm, um, nm, pm"
                        : d->unit_kind == NEQ_UNIT_TEMPERATURE ? "K, mK"
                        : d->unit_kind == NEQ_UNIT_FREQUENCY   ? "rad/s, Hz, THz"
                                                               : NULL;
        if (u)
            len += (size_t)snprintf(buf + len, n - len, "; suffixes %s", u);
        snprintf(buf + len, n - len, "]");
        return;
    }
    case NEQ_PARAM_CHOICE: {
        char def[64] = "";
        int k = neq_model_param_index(neq_params_model(p), d->name);
        if (p && k >= 0)
            neq_params_format(p, k, def, sizeof def);
        snprintf(buf, n, "[%s; default %s]", d->choices, def);
        return;
    }
    case NEQ_PARAM_FLAG:
        snprintf(buf, n, "[flag; default %s]", d->def != 0 ? "on" : "off");
        return;
    default:
        snprintf(buf, n, "[default %s]", d->def_text);
    }
}

void cli_print_help(FILE *f, const char *usage, const cli_opts *o)
{
    fprintf(f, "%s\n\nOptions:\n", usage);
    for (int k = 0; k < o->n; k++) {
        const cli_opt *opt = &o->v[k];
        char name[64], extra[300] = "";
        const char *arg = opt->kind == CLI_FLAG ? "" : opt->kind == CLI_LIST ? " SPEC" : " VALUE";
        if (opt->kind == CLI_PARAM || opt->kind == CLI_NUMBER) {
            const neq_param_desc *d = opt->desc;
            arg = d->kind == NEQ_PARAM_FLAG ? "" : d->kind == NEQ_PARAM_CHOICE ? " NAME"
                  : d->kind == NEQ_PARAM_VECTOR ? " X,Y,Z" : d->kind == NEQ_PARAM_TEXT ? " SPEC"
                                                                                       : " X";
            param_help(d, opt->kind == CLI_PARAM ? opt->target : NULL, extra, sizeof extra);
            if (opt->kind == CLI_NUMBER) {
                double v = *(double *)opt->target;
                char def[40] = "not set";
                if (!isnan(v))
                    snprintf(def, sizeof def, "%.6g", v);
                snprintf(extra, sizeof extra, "[%s; default %s]", d->unit, def);
            }
        }
        snprintf(name, sizeof name, "--%s%s", opt->name, arg);
        const char *doc = opt->desc ? opt->desc->doc : opt->help;
        fprintf(f, "  %-20s %s%s%s\n", name, doc, extra[0] ? "\n                       " : "",
                extra);
    }
    fprintf(f, "  %-20s %s\n  %-20s %s\n  %-20s %s\n", "--config FILE",
            "read options from an INI file (key = value; flags override it)", "--print-config",
            "print the effective configuration as INI and exit", "--help", "show this help");
}

char *cli_command_line(int argc, char **argv, const char *const *drop)
{
    size_t cap = 64;
    for (int i = 0; i < argc; i++)
        cap += 4 * strlen(argv[i]) + 4;
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
    size_t len = (size_t)snprintf(buf, cap, "neqent");
    for (int i = 1; i < argc; i++) {
        int skip = 0;
        for (const char *const *d = drop; d && *d && !skip; d++) {
            size_t dl = strlen(*d);
            if ((*d)[dl - 1] == '=' && strncmp(argv[i], *d, dl - 1) == 0 &&
                argv[i][dl - 1] == '\0') {
                skip = 1;
                i++; /* and its value */
            } else if (strcmp(argv[i], *d) == 0 ||
                       ((*d)[dl - 1] == '=' && strncmp(argv[i], *d, dl) == 0))
                skip = 1;
        }
        if (skip)
            continue;
        const char *a = argv[i];
        int safe = a[0] != 0;
        for (const char *c = a; *c; c++)
            if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                        "_-+=.,:/@%", *c))
                safe = 0;
        buf[len++] = ' ';
        if (!safe)
            buf[len++] = '\'';
        for (const char *c = a; *c; c++) {
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
    return buf;
}
