/* Plots through gnuplot without a shell: fork/exec with an argument
 * vector, the script on gnuplot's standard input, data inside the script
 * as datablocks (so no file name of the user's ever appears in it), and
 * outputs under fixed temporary names renamed into place. */
#include "cli.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* viridis (matplotlib's perceptually uniform map, sampled at 9 points),
 * a sans font, tics out, no mirror clutter */
const char *const CLI_PLOT_STYLE =
    "set encoding utf8\n"
    "set palette defined (0 '#440154', 1 '#472c7a', 2 '#3b518b', 3 '#2c718e', "
    "4 '#21908d', 5 '#27ad81', 6 '#5cc863', 7 '#aadc32', 8 '#fde725')\n"
    "set tics out nomirror\nset border 3 lw 1.2\nset key box opaque\n"
    "set linetype 1 lc rgb '#1f77b4' lw 2\nset linetype 2 lc rgb '#d62728' lw 2\n"
    "set linetype 3 lc rgb '#2ca02c' lw 2\nset linetype 4 lc rgb '#9467bd' lw 2\n"
    "set linetype 5 lc rgb '#ff7f0e' lw 2\nset linetype 6 lc rgb '#8c564b' lw 2\n";

void cli_gp_quote(char *buf, size_t n, const char *s)
{
    size_t len = 0;
    if (n < 3)
        return;
    buf[len++] = '\'';
    for (const unsigned char *c = (const unsigned char *)s; *c && len + 4 < n; c++) {
        if (*c < 0x20 || *c == 0x7f)
            continue; /* a newline would end the command */
        if (*c == '\'')
            buf[len++] = '\'';
        buf[len++] = (char)*c;
    }
    buf[len++] = '\'';
    buf[len] = 0;
}

static const char *const TERMINALS[3][2] = {
    {"png", "set terminal pngcairo size 1100,760 font 'Sans,12' linewidth 1.3"},
    {"svg", "set terminal svg size 1100,760 font 'Sans,12' dynamic"},
    {"pdf", "set terminal pdfcairo size 8in,5.5in font 'Sans,11'"},
};

/* gnuplot's absolute path from PATH (execvp's search, an empty entry
 * meaning the current directory), malloc'd, or NULL: resolved before the
 * child changes directory, so a relative PATH entry means what it says. */
static char *find_gnuplot(void)
{
    const char *path = getenv("PATH");
    if (!path || !*path)
        path = "/bin:/usr/bin";
    char *cwd = getcwd(NULL, 0);
    size_t n = strlen(path) + (cwd ? strlen(cwd) : 0) + sizeof "//gnuplot";
    char *buf = cwd ? malloc(n) : NULL;
    for (const char *p = path; buf; p += strcspn(p, ":") + 1) {
        size_t len = strcspn(p, ":");
        struct stat st;
        if (len && p[0] == '/')
            snprintf(buf, n, "%.*s/gnuplot", (int)len, p);
        else /* relative, or empty: the current directory */
            snprintf(buf, n, "%s/%.*s%sgnuplot", cwd, (int)len, p, len ? "/" : "");
        if (stat(buf, &st) == 0 && S_ISREG(st.st_mode) && access(buf, X_OK) == 0)
            break;
        if (!p[len]) {
            free(buf);
            buf = NULL;
        }
    }
    free(cwd);
    return buf;
}

int cli_gnuplot_check(void)
{
    char *g = find_gnuplot();
    free(g);
    if (!g)
        return cli_fail("gnuplot is not installed (scripts/install-deps installs it; "
                        "--no-plot writes the data without plots)"),
               -1;
    return 0;
}

static int run(const char *dir, const char *script, char *err, size_t nerr)
{
    char *gnuplot = find_gnuplot();
    if (!gnuplot) {
        snprintf(err, nerr, "gnuplot is not installed (scripts/install-deps installs it)");
        return -1;
    }
    FILE *errf = tmpfile();
    int in[2];
    if (!errf || pipe(in) != 0) {
        if (errf)
            fclose(errf);
        snprintf(err, nerr, "cannot start gnuplot: %s", strerror(errno));
        free(gnuplot);
        return -1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(err, nerr, "cannot start gnuplot: %s", strerror(errno));
        close(in[0]);
        close(in[1]);
        fclose(errf);
        free(gnuplot);
        return -1;
    }
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(fileno(errf), 1);
        dup2(fileno(errf), 2);
        close(in[0]);
        close(in[1]);
        if (chdir(dir) != 0)
            _exit(126);
        char *const argv[] = {"gnuplot", NULL};
        execv(gnuplot, argv);
        _exit(127);
    }
    free(gnuplot);
    close(in[0]);
    cli_cleanup_child(pid); /* a signal that ends us stops gnuplot too */
    /* a gnuplot that dies early must not kill us with SIGPIPE */
    void (*old)(int) = signal(SIGPIPE, SIG_IGN);
    size_t len = strlen(script), off = 0;
    while (off < len) {
        ssize_t w = write(in[1], script + off, len - off);
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    close(in[1]);
    signal(SIGPIPE, old);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    cli_cleanup_child(0);
    int ok = WIFEXITED(st) && WEXITSTATUS(st) == 0;
    if (!ok) {
        char line[512] = "";
        rewind(errf);
        /* the first line that says what went wrong */
        while (fgets(line, sizeof line, errf))
            if (strstr(line, "rror") || strstr(line, "line "))
                break;
        line[strcspn(line, "\n")] = 0;
        if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
            snprintf(err, nerr, "gnuplot is not installed (scripts/install-deps installs it)");
        else if (WIFEXITED(st) && WEXITSTATUS(st) == 126)
            snprintf(err, nerr, "cannot enter directory '%.600s'", dir);
        else
            snprintf(err, nerr, "gnuplot failed: %s", line[0] ? line : "no message");
    }
    fclose(errf);
    return ok ? 0 : -1;
}

void cli_plot_abort(cli_plot_files *pf)
{
    for (int t = 0; t < 3; t++)
        cli_output_abort(&pf->out[t]);
    if (pf->priv) {
        rmdir(pf->priv);
        cli_cleanup_remove(pf->priv);
        free(pf->priv);
    }
    memset(pf, 0, sizeof *pf);
}

int cli_plot_commit(cli_plot_files *pf)
{
    int rc = 0;
    for (int t = 0; t < 3; t++)
        if (rc == 0 && cli_output_commit(&pf->out[t]))
            rc = -1;
    cli_plot_abort(pf); /* what was not committed, and the directory */
    return rc;
}

/* Renders `body` (plot commands, after the datablocks `data`) as
 * DIR/BASE.png, .svg and .pdf.  gnuplot writes them into a private
 * directory (mkdtemp, mode 0700, inside DIR so a rename moves them): no
 * name it writes can be a link someone else planted. */
int cli_plot(const char *dir, const char *base, const char *data, const char *body, int force,
             cli_plot_files *staged)
{
    cli_plot_files pf;
    memset(&pf, 0, sizeof pf);
    char err[800] = "out of memory";
    size_t dl = strlen(dir), bl = strlen(base);
    int rc = 0;
    for (int t = 0; t < 3 && rc == 0; t++) {
        cli_output *o = &pf.out[t];
        o->force = force;
        if (!(o->path = malloc(dl + bl + 8)))
            rc = -1;
        else {
            snprintf(o->path, dl + bl + 8, "%s/%s.%s", dir, base, TERMINALS[t][0]);
            if (cli_output_check(o->path, force)) {
                cli_plot_abort(&pf);
                return -1;
            }
        }
    }
    if (rc == 0 && (pf.priv = malloc(dl + 32))) {
        snprintf(pf.priv, dl + 32, "%s/.neqent-plot-XXXXXX", dir);
        if (!mkdtemp(pf.priv)) {
            snprintf(err, sizeof err, "cannot create a temporary directory in '%.600s': %s", dir,
                     strerror(errno));
            free(pf.priv);
            pf.priv = NULL;
            rc = -1;
        } else if (cli_cleanup_add(pf.priv)) {
            snprintf(err, sizeof err, "too many temporary files at once");
            rmdir(pf.priv);
            free(pf.priv);
            pf.priv = NULL;
            rc = -1;
        }
    } else
        rc = -1;
    /* each output's temporary name: PRIV/plot.EXT, registered for cleanup */
    for (int t = 0; t < 3 && rc == 0; t++) {
        cli_output *o = &pf.out[t];
        size_t n = strlen(pf.priv) + 16;
        if (!(o->tmp = malloc(n)))
            rc = -1;
        else {
            snprintf(o->tmp, n, "%s/plot.%s", pf.priv, TERMINALS[t][0]);
            if (cli_cleanup_add(o->tmp)) {
                snprintf(err, sizeof err, "too many temporary files at once");
                free(o->tmp);
                o->tmp = NULL;
                rc = -1;
            }
        }
    }
    size_t cap = strlen(data) + 3 * (strlen(body) + strlen(CLI_PLOT_STYLE) + 400) + 64;
    char *script = rc ? NULL : malloc(cap);
    if (script) {
        size_t len = (size_t)snprintf(script, cap, "%s\n", data);
        for (int t = 0; t < 3; t++)
            len += (size_t)snprintf(script + len, cap - len,
                                    "reset\n%s%s\nset output 'plot.%s'\n%s\nunset output\n",
                                    CLI_PLOT_STYLE, TERMINALS[t][1], TERMINALS[t][0], body);
        rc = run(pf.priv, script, err, sizeof err);
        free(script);
    } else
        rc = -1;
    for (int t = 0; t < 3 && rc == 0; t++) {
        struct stat st;
        if (lstat(pf.out[t].tmp, &st) != 0 || !S_ISREG(st.st_mode)) {
            snprintf(err, sizeof err, "gnuplot wrote no %s output", TERMINALS[t][0]);
            rc = -1;
        }
    }
    if (rc) {
        cli_plot_abort(&pf);
        return cli_fail("plot '%s/%s': %s", dir, base, err), -1;
    }
    if (staged) {
        *staged = pf;
        return 0;
    }
    return cli_plot_commit(&pf);
}

