/* neqent figure NAME: data and plots of the papers' figures. */
#include "figure.h"
#include "neqent/status.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int fig_csv_open(const fig_ctx *c, cli_output *o, const char *name, const char *caption,
                 const char *columns)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", c->dir, name);
    if (cli_output_open(o, path, c->force))
        return -1;
    fprintf(o->f, "# neqent %s\n# command: %s\n", neq_version(), c->cmdline);
    /* caption: several lines separated by '\n', each gets a '# ' */
    const char *s = caption;
    while (s && *s) {
        const char *e = strchr(s, '\n');
        int len = e ? (int)(e - s) : (int)strlen(s);
        fprintf(o->f, "# %.*s\n", len, s);
        s = e ? e + 1 : NULL;
    }
    fprintf(o->f, "%s\n", columns);
    return 0;
}

int fig_gnuplot(const fig_ctx *c, const char *png_name, const char *script)
{
    if (!c->plot)
        return 0;
    char path[4096], tmp[4200];
    snprintf(path, sizeof path, "%s/%s", c->dir, png_name);
    if (!c->force && access(path, F_OK) == 0) {
        fprintf(stderr, "neqent: output '%s' exists; pass --force to overwrite it\n", path);
        return -1;
    }
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld.png", path, (long)getpid());
    char cmd[4400];
    snprintf(cmd, sizeof cmd, "cd '%s' && gnuplot 1>&2", c->dir);
    FILE *g = popen(cmd, "w");
    if (!g) {
        fprintf(stderr, "neqent: cannot run gnuplot: %s\n", strerror(errno));
        return -1;
    }
    const char *base = strrchr(tmp, '/');
    fprintf(g, "set terminal pngcairo size 1100,760 font 'Sans,11'\nOUTPUT = '%s'\n"
               "set output OUTPUT\nset datafile separator ','\n%s\n",
            base ? base + 1 : tmp, script);
    int st = pclose(g);
    if (st != 0 || access(tmp, F_OK) != 0) {
        remove(tmp);
        fprintf(stderr, "neqent: gnuplot failed for '%s' (is gnuplot installed? "
                        "scripts/install-deps installs it)\n", path);
        return -1;
    }
    if (rename(tmp, path) != 0) {
        remove(tmp);
        fprintf(stderr, "neqent: cannot write '%s': %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

static const char *USAGE =
    "usage: neqent figure NAME [--out-dir DIR] [--force] [--no-plot]\n\n"
    "Writes the data (CSV) and a plot (PNG, through gnuplot) of a figure of the\n"
    "founding papers.  NAME: quiroga-fig1 ... quiroga-fig5, bellomo-fig3a, bellomo-fig3b,\n"
    "bellomo-fig4a, bellomo-fig4b, or all.";

static const char *const NAMES[] = {"quiroga-fig1", "quiroga-fig2", "quiroga-fig3",
                                    "quiroga-fig4", "quiroga-fig5", "bellomo-fig4a",
                                    "bellomo-fig4b", "bellomo-fig3a", "bellomo-fig3b"};

static int run_one(const fig_ctx *c, int k)
{
    double t0 = now();
    int rc = k < 5 ? fig_quiroga(c, k + 1) : fig_bellomo(c, NAMES[k] + strlen("bellomo-fig"));
    if (rc == 0)
        fprintf(stderr, "neqent: %s written to %s/ (%.2f s)\n", NAMES[k], c->dir, now() - t0);
    return rc;
}

int cmd_figure(int argc, char **argv)
{
    int force = 0, help = 0, noplot = 0;
    const char *dir = ".";
    const cli_option opts[] = {
        {"out-dir", OPT_STRING, &dir, "directory for the data and plots [default .]"},
        {"force", OPT_FLAG, &force, "overwrite existing files"},
        {"no-plot", OPT_FLAG, &noplot, "write the data only (no gnuplot)"},
        {"help", OPT_FLAG, &help, "show this help"},
    };
    int nopts = (int)(sizeof opts / sizeof opts[0]);
    if (argc >= 3 && (strcmp(argv[2], "--help") == 0)) {
        cli_print_help(stdout, USAGE, opts, nopts);
        return 0;
    }
    if (argc < 3 || argv[2][0] == '-')
        return cli_error("figure: name a figure (quiroga-fig1..5, bellomo-fig3a, bellomo-fig3b, "
                         "bellomo-fig4a, bellomo-fig4b, or all)");
    const char *name = argv[2];
    int parsed = cli_parse("figure", argc, argv, 3, opts, nopts);
    if (parsed)
        return parsed < 0 ? 2 : 0;
    if (help) {
        cli_print_help(stdout, USAGE, opts, nopts);
        return 0;
    }
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return cli_error("figure: cannot create directory '%s': %s", dir, strerror(errno));
    char cmdline[2048];
    static const char *const run_only[] = {"--force", NULL};
    cli_command_line(cmdline, sizeof cmdline, argc, argv, run_only);
    fig_ctx c = {dir, force, !noplot, cmdline};
    int n = (int)(sizeof NAMES / sizeof NAMES[0]);
    if (strcmp(name, "all") == 0) {
        for (int k = 0; k < n; k++)
            if (run_one(&c, k))
                return 1;
        return 0;
    }
    for (int k = 0; k < n; k++)
        if (strcmp(name, NAMES[k]) == 0)
            return run_one(&c, k) ? 1 : 0;
    return cli_error("figure: unknown figure '%s' (quiroga-fig1..5, bellomo-fig3a, bellomo-fig3b, "
                     "bellomo-fig4a, bellomo-fig4b, or all)", name);
}
