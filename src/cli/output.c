/* Output of the neqent program: files written atomically and only over
 * regular files, error lines without raw bytes, numbers, CSV fields
 * (Debian's libcsv) and JSON (Debian's libcjson). */
#include "cli.h"

#include <cjson/cJSON.h>
#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "neqent/status.h"
#include "neqent/text.h"

/* ------------------------------------------------------------ errors */

void cli_clean(const char *s, char *buf, size_t n)
{
    size_t len = 0;
    if (n == 0)
        return;
    for (const unsigned char *c = (const unsigned char *)s; *c && len + 5 < n; c++) {
        if (*c >= 0x20 && *c < 0x7f)
            buf[len++] = (char)*c;
        else
            len += (size_t)snprintf(buf + len, n - len, "\\x%02x", *c);
    }
    buf[len] = 0;
}

static void verror(const char *fmt, va_list ap)
{
    if (cli_mpi_rank() > 0)
        return; /* under mpirun rank 0 says it, once */
    char msg[2048], clean[4096];
    vsnprintf(msg, sizeof msg, fmt, ap);
    cli_clean(msg, clean, sizeof clean);
    fprintf(stderr, "neqent: %s\n", clean);
}

int cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verror(fmt, ap);
    va_end(ap);
    return CLI_USAGE;
}

int cli_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verror(fmt, ap);
    va_end(ap);
    return CLI_RUNTIME;
}

int cli_status_exit(int status)
{
    /* the library reports EIO only for files the user named (a material
     * table, a state file) and EDIVERGE only for inputs where a quantity
     * diverges: both are bad input */
    return status == NEQ_EINVAL || status == NEQ_ENAN || status == NEQ_EDOMAIN ||
                   status == NEQ_EDIM || status == NEQ_EIO || status == NEQ_EDIVERGE
               ? CLI_USAGE
               : CLI_RUNTIME;
}

/* ------------------------------------------------- cleanup on signals */

/* Temporary files being written and a running gnuplot: a signal that ends
 * the program removes the files (unlink is async-signal-safe) and stops the
 * child, so an interrupted run leaves nothing behind. */
#define CLEANUP_SLOTS 64 /* a figure's tables, numbers and plots at most */
static char *volatile cleanup_path[CLEANUP_SLOTS];
static volatile pid_t cleanup_child;

int cli_cleanup_add(char *path)
{
    for (int k = 0; k < CLEANUP_SLOTS; k++)
        if (!cleanup_path[k]) {
            cleanup_path[k] = path;
            return 0;
        }
    return -1;
}

void cli_cleanup_remove(const char *path)
{
    for (int k = 0; k < CLEANUP_SLOTS; k++)
        if (cleanup_path[k] == path)
            cleanup_path[k] = NULL;
}

void cli_cleanup_child(pid_t pid) { cleanup_child = pid; }

static void on_fatal_signal(int sig)
{
    if (cleanup_child > 0)
        kill(cleanup_child, SIGKILL);
    for (int k = 0; k < CLEANUP_SLOTS; k++)
        if (cleanup_path[k])
            unlink(cleanup_path[k]);
    for (int k = 0; k < CLEANUP_SLOTS; k++)
        if (cleanup_path[k])
            rmdir(cleanup_path[k]); /* a private directory, emptied above */
    signal(sig, SIG_DFL);
    raise(sig);
}

void cli_cleanup_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fatal_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

/* ------------------------------------------------------------- files */

int cli_output_check(const char *path, int force)
{
    if (!path || strcmp(path, "-") == 0)
        return 0;
    if (!*path)
        return cli_error("--out: empty file name"), -1;
    struct stat st, lst;
    /* lstat: a symbolic link, even a dangling one, is something that exists */
    if (lstat(path, &lst) == 0) {
        int target = stat(path, &st) == 0;
        if (target && !S_ISREG(st.st_mode))
            return cli_fail("output '%s' is %s, not a regular file: refusing to replace it%s",
                            path, S_ISDIR(st.st_mode) ? "a directory"
                                  : S_ISFIFO(st.st_mode) ? "a FIFO"
                                  : (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) ? "a device"
                                                                                 : "special",
                            force ? " (even with --force)" : ""),
                   -1;
        if (!force)
            return cli_fail("output '%s' exists%s; pass --force to replace it", path,
                            S_ISLNK(lst.st_mode) ? " (a symbolic link)" : ""),
                   -1;
    } else if (errno != ENOENT)
        return cli_fail("cannot write '%s': %s", path, strerror(errno)), -1;
    /* the directory must exist and be writable */
    char *dir = strdup(path);
    if (!dir)
        return cli_fail("out of memory"), -1;
    char *slash = strrchr(dir, '/');
    const char *d = slash ? (slash == dir ? "/" : (*slash = 0, dir)) : ".";
    int ok = stat(d, &st) == 0 && S_ISDIR(st.st_mode) && access(d, W_OK) == 0;
    int err = errno;
    if (!ok) {
        cli_fail("cannot write '%s': directory '%s' %s", path, d,
                 stat(d, &st) != 0 ? strerror(err) : !S_ISDIR(st.st_mode) ? "is not a directory"
                                                                           : "is not writable");
        free(dir);
        return -1;
    }
    free(dir);
    return 0;
}

/* a short temporary name in the directory of path: "DIR/.neqent-PID-N.tmp"
 * (a suffix on a long name could exceed the file system's name limit) */
static char *temp_name(const char *path)
{
    static int counter;
    const char *slash = strrchr(path, '/');
    size_t dl = slash ? (size_t)(slash - path) + 1 : 0, n = dl + 64;
    char *t = malloc(n);
    if (t)
        snprintf(t, n, "%.*s.neqent-%ld-%d.tmp", (int)dl, path, (long)getpid(), counter++);
    return t;
}

int cli_output_open(cli_output *o, const char *path, int force)
{
    memset(o, 0, sizeof *o);
    if (!path || strcmp(path, "-") == 0) {
        o->f = stdout;
        return 0;
    }
    if (cli_output_check(path, force))
        return -1;
    o->path = strdup(path);
    o->tmp = temp_name(path);
    o->force = force;
    if (!o->path || !o->tmp) {
        cli_output_abort(o);
        return cli_fail("out of memory"), -1;
    }
    /* exclusively: never write through an existing name */
    int fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
        cli_fail("cannot write '%s': %s", path, strerror(errno));
        free(o->path);
        free(o->tmp);
        memset(o, 0, sizeof *o);
        return -1;
    }
    if (cli_cleanup_add(o->tmp)) {
        cli_fail("cannot write '%s': too many temporary files at once", path);
        close(fd);
        cli_output_abort(o);
        return -1;
    }
    if (!(o->f = fdopen(fd, "w"))) {
        cli_fail("cannot write '%s': %s", path, strerror(errno));
        close(fd);
        cli_output_abort(o);
        return -1;
    }
    return 0;
}

void cli_output_abort(cli_output *o)
{
    if (o->f && o->f != stdout)
        fclose(o->f);
    if (o->tmp) {
        remove(o->tmp);
        cli_cleanup_remove(o->tmp);
    }
    free(o->path);
    free(o->tmp);
    memset(o, 0, sizeof *o);
}

int cli_output_finish(cli_output *o)
{
    if (o->f == stdout) {
        int bad = fflush(stdout) != 0 || ferror(stdout);
        o->f = NULL;
        if (bad)
            cli_fail("error writing standard output");
        return bad ? -1 : 0;
    }
    if (!o->f)
        return 0;
    int bad = ferror(o->f) != 0, err = 0;
    if (fflush(o->f) != 0) {
        bad = 1;
        err = errno;
    }
    if (fclose(o->f) != 0) {
        bad = 1;
        err = errno;
    }
    o->f = NULL;
    if (bad) {
        cli_fail("cannot write '%s': %s", o->path, strerror(err ? err : EIO));
        cli_output_abort(o);
        return -1;
    }
    return 0;
}

int cli_commit_file(const char *tmp, const char *path, int force, char *why, size_t n)
{
    struct stat st;
    if (lstat(path, &st) == 0) {
        if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
            return snprintf(why, n, "it is no longer a regular file"), -1;
        if (!force)
            return snprintf(why, n, "it appeared during the run (pass --force to replace it)"),
                   -1;
    }
    if (force) {
        if (rename(tmp, path) != 0)
            return snprintf(why, n, "%s", strerror(errno)), -1;
        return 0;
    }
    /* link refuses an existing name, atomically: nothing that appears in
     * the meantime is replaced */
    if (link(tmp, path) == 0) {
        unlink(tmp);
        return 0;
    }
    int err = errno;
    if (err == EEXIST)
        return snprintf(why, n, "it appeared during the run (pass --force to replace it)"), -1;
    /* a file system without hard links: rename, just checked free */
    if (err == EPERM || err == ENOTSUP || err == EOPNOTSUPP || err == EMLINK) {
        if (rename(tmp, path) == 0)
            return 0;
        err = errno;
    }
    return snprintf(why, n, "%s", strerror(err)), -1;
}

int cli_output_commit(cli_output *o)
{
    if (!o->tmp)
        return 0;
    char why[300];
    if (cli_commit_file(o->tmp, o->path, o->force, why, sizeof why)) {
        cli_fail("cannot write '%s': %s", o->path, why);
        cli_output_abort(o);
        return -1;
    }
    cli_cleanup_remove(o->tmp); /* the temporary name is gone */
    free(o->path);
    free(o->tmp);
    memset(o, 0, sizeof *o);
    return 0;
}

int cli_output_close(cli_output *o)
{
    if (cli_output_finish(o))
        return -1;
    return cli_output_commit(o);
}

FILE *cli_open_input(const char *what, const char *path)
{
    /* O_NONBLOCK: a FIFO would otherwise block the open forever */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        cli_error("cannot read %s '%s': %s", what, path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        cli_error("cannot read %s '%s': %s", what, path, strerror(errno));
        close(fd);
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        cli_error("%s '%s' is %s, not a regular file", what, path,
                  S_ISDIR(st.st_mode) ? "a directory" : "special");
        close(fd);
        return NULL;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    FILE *f = fdopen(fd, "r");
    if (!f) {
        close(fd);
        cli_fail("cannot read %s '%s': %s", what, path, strerror(errno));
    }
    return f;
}

/* ------------------------------------------------------------ text */

void cli_number(char *buf, size_t n, double v)
{
    if (isfinite(v))
        neq_format_real(buf, n, v);
    else if (n)
        buf[0] = 0;
}

int cli_csv_number(const void *s, size_t len, double *v, char *buf, size_t n)
{
    *v = NAN;
    if (n == 0)
        return -1;
    size_t k = len < n - 1 ? len : n - 1;
    if (k)
        memcpy(buf, s, k); /* an empty field comes as NULL (CSV_EMPTY_IS_NULL) */
    buf[k] = 0;
    if (len == 0)
        return 0;
    return len >= n || neq_parse_real(buf, v) ? -1 : 0;
}

void cli_csv_text(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\n\r\t "))
        csv_fwrite(f, s, strlen(s));
    else
        fputs(s, f);
}

void cli_comment(FILE *f, const char *prefix, const char *text)
{
    fputs(prefix, f);
    for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
        if (*c == '\n')
            fputs("\\n", f);
        else if (*c < 0x20 || *c == 0x7f)
            fprintf(f, "\\x%02x", *c);
        else
            fputc(*c, f);
    }
    fputc('\n', f);
}

/* ------------------------------------------------------------- JSON */

cJSON *cli_json_params(const neq_params *p)
{
    const neq_model *m = neq_params_model(p);
    cJSON *o = cJSON_CreateObject();
    for (int k = 0; o && k < neq_model_nparams(m); k++) {
        const neq_param_desc *d = neq_model_param(m, k);
        cJSON *v;
        if (d->kind == NEQ_PARAM_REAL)
            v = cli_json_number(neq_params_value(p, k));
        else if (d->kind == NEQ_PARAM_FLAG)
            v = cJSON_CreateBool(neq_params_value(p, k) != 0);
        else
            v = cJSON_CreateString(neq_params_text(p, k));
        if (!v || !cJSON_AddItemToObject(o, d->name, v)) {
            cJSON_Delete(v);
            cJSON_Delete(o);
            return NULL;
        }
    }
    return o;
}

cJSON *cli_json_number(double v)
{
    /* cJSON prints %1.15g when that reads back within DBL_EPSILON, which
     * can lose the last bit: the text here reads back exactly */
    char buf[40];
    if (!isfinite(v))
        return cJSON_CreateNull();
    neq_format_real(buf, sizeof buf, v);
    return cJSON_CreateRaw(buf);
}

cJSON *cli_json_quantity(const neq_plan *plan, const neq_params *p, neq_workspace *ws, int k,
                         int *status)
{
    const neq_quantity_desc *d = neq_model_quantity(neq_plan_model(plan), k);
    int len = neq_quantity_length(plan, k);
    double *v = malloc(sizeof *v * (size_t)(len > 0 ? len : 1));
    *status = NEQ_ENOMEM;
    if (!v)
        return NULL;
    cJSON *out = NULL;
    int rc = neq_quantity_get(plan, p, ws, k, v);
    if (rc)
        *status = rc;
    else {
        if (d->kind == NEQ_QUANTITY_SCALAR)
            out = cli_json_number(v[0]);
        else if (d->kind == NEQ_QUANTITY_BOOL)
            out = cJSON_CreateBool(v[0] != 0);
        else if (d->kind == NEQ_QUANTITY_VECTOR || d->kind == NEQ_QUANTITY_QUBITS ||
                 d->kind == NEQ_QUANTITY_STATES) {
            out = cJSON_CreateArray();
            for (int i = 0; out && i < len; i++)
                cJSON_AddItemToArray(out, cli_json_number(v[i]));
        } else if (d->kind == NEQ_QUANTITY_GROUPS) { /* one array per group */
            out = cJSON_CreateArray();
            for (int g = 0; out && g < NEQ_QUANTITY_NGROUPS; g++) {
                cJSON *row = cJSON_CreateArray();
                for (int j = 0; row && j < d->size; j++)
                    cJSON_AddItemToArray(row, cli_json_number(v[g * d->size + j]));
                cJSON_AddItemToArray(out, row);
            }
        } else if (d->kind == NEQ_QUANTITY_PAIRS) { /* N rows of N */
            int nq = neq_plan_nqubits(plan);
            out = cJSON_CreateArray();
            for (int i = 0; out && i < nq; i++) {
                cJSON *row = cJSON_CreateArray();
                for (int j = 0; row && j < nq; j++)
                    cJSON_AddItemToArray(row, cli_json_number(v[i * nq + j]));
                cJSON_AddItemToArray(out, row);
            }
        } else { /* rows of [re, im] from the column-major interleaved matrix */
            int dim = neq_plan_dim(plan);
            out = cJSON_CreateArray();
            for (int i = 0; out && i < dim; i++) {
                cJSON *row = cJSON_CreateArray();
                for (int j = 0; row && j < dim; j++) {
                    cJSON *pair = cJSON_CreateArray();
                    size_t at = 2 * ((size_t)i + (size_t)j * (size_t)dim);
                    cJSON_AddItemToArray(pair, cli_json_number(v[at]));
                    cJSON_AddItemToArray(pair, cli_json_number(v[at + 1]));
                    cJSON_AddItemToArray(row, pair);
                }
                cJSON_AddItemToArray(out, row);
            }
        }
        if (out)
            *status = NEQ_OK;
    }
    free(v);
    return out;
}

int cli_json_print(FILE *f, cJSON *obj)
{
    char *s = obj ? cJSON_PrintUnformatted(obj) : NULL;
    if (!s)
        return -1;
    fputs(s, f);
    fputc('\n', f);
    cJSON_free(s);
    return 0;
}

int cli_check_cost(const char *cmd, const neq_params *p, int nsel, const int *sel)
{
    double need = 0, secs = 0;
    if (neq_params_cost(p, &need, &secs))
        return cli_error("%s: %s", cmd, neq_errdetail()) ? cli_status_exit(NEQ_EINVAL) : 0;
    const neq_model *m = neq_params_model(p);
    double qsecs = 0;
    int n = nsel < 0 ? neq_model_nquantities(m) : nsel;
    for (int i = 0; i < n; i++) { /* the costly quantities computed */
        double b = 0, s = 0;
        if (neq_quantity_cost(p, nsel < 0 ? i : sel[i], &b, &s) == 0) {
            need = b > need ? b : need;
            qsecs += s;
        }
    }
    /* body --distributed on several ranks: the block and the Krylov vectors
     * are split, but every rank builds the generator's dense operators,
     * whose peak is about 0.7 to 0.8 of one process's at eleven and twelve
     * qubits, whatever the number of ranks (docs/benchmarks.md) */
    int kd = neq_model_param_index(m, "distributed");
    if (kd >= 0 && neq_params_value(p, kd) != 0 && cli_mpi_size() > 1)
        need *= 0.8;
    double ram = cli_ram_per_rank();
    if (ram > 0 && need > 0.8 * ram)
        return cli_fail("%s: the steady state needs about %.3g GB; this machine has %.3g GB%s",
                        cmd, need / 1e9, ram / 1e9, cli_mpi_size() > 1 ? " per rank" : "");
    if (secs + qsecs > 5) /* stated before a long run */
        fprintf(stderr, "neqent: %s: about %.3g GB and %.0f s for the steady state%s\n", cmd,
                need / 1e9, secs + qsecs, qsecs > 0 ? " and the costly quantities asked for" : "");
    return 0;
}
