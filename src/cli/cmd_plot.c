/* neqent plot FILE --x COL --y COL [--z COL]: a line plot or a heat map of
 * any neqent output, PNG and SVG through gnuplot. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "cli.h"
#include "figure.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *USAGE =
    "usage: neqent plot FILE --x COL --y COL [--z COL] [--out BASE] [--force] [--logx] [--logy]\n\n"
    "Plots columns of a neqent CSV (or TSV) file through gnuplot: y against x, or a\n"
    "heat map of z over (x, y).  Columns by name, with or without the unit in\n"
    "brackets (T_M or T_M[K]).  Writes BASE.png and BASE.svg (default: FILE without\n"
    "its extension).";

/* index of column `want` in the header line, -1 if absent */
static int column(char *header, char sep, const char *want, char *label, size_t nlabel)
{
    int idx = 0;
    char *p = header;
    while (p && *p) {
        char *e = strchr(p, sep);
        size_t len = e ? (size_t)(e - p) : strcspn(p, "\r\n");
        size_t base = strcspn(p, "[");
        if (base > len)
            base = len;
        if ((strlen(want) == len && !strncmp(p, want, len)) ||
            (strlen(want) == base && !strncmp(p, want, base))) {
            snprintf(label, nlabel, "%.*s", (int)len, p);
            return idx;
        }
        idx++;
        p = e ? e + 1 : NULL;
    }
    return -1;
}

int cmd_plot(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[2], "--help") == 0) {
        puts(USAGE);
        return 0;
    }
    if (argc < 3 || argv[2][0] == '-')
        return cli_error("plot: name the data file: neqent plot FILE --x COL --y COL");
    const char *file = argv[2], *xs = NULL, *ys = NULL, *zs = NULL, *out = NULL;
    int force = 0, help = 0, logx = 0, logy = 0;
    const cli_option opts[] = {
        {"x", OPT_STRING, &xs, "column on the x axis [required]"},
        {"y", OPT_STRING, &ys, "column on the y axis [required]"},
        {"z", OPT_STRING, &zs, "column as colour: a heat map over (x, y)"},
        {"out", OPT_STRING, &out, "output base name [default FILE without extension]"},
        {"force", OPT_FLAG, &force, "overwrite existing plots"},
        {"logx", OPT_FLAG, &logx, "logarithmic x axis"},
        {"logy", OPT_FLAG, &logy, "logarithmic y axis"},
        {"help", OPT_FLAG, &help, "show this help"},
    };
    int nopts = (int)(sizeof opts / sizeof opts[0]);
    int parsed = cli_parse("plot", argc, argv, 3, opts, nopts);
    if (parsed)
        return parsed < 0 ? 2 : 0;
    if (help) {
        cli_print_help(stdout, USAGE, opts, nopts);
        return 0;
    }
    if (!xs || !ys)
        return cli_error("plot: --x and --y are required");
    FILE *f = fopen(file, "r");
    if (!f)
        return cli_error("plot: cannot read '%s': %s", file, strerror(errno));
    static char line[65536];
    char header[65536] = "";
    long rows = 0;
    int bad_row = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        if (!header[0])
            snprintf(header, sizeof header, "%s", line);
        else
            rows++;
    }
    fclose(f);
    if (!header[0] || rows == 0)
        return cli_error("plot: '%s' has no header line or no data rows", file);
    char sep = strchr(header, '\t') ? '\t' : ',';
    char lx[256], ly[256], lz[256] = "";
    int cx = column(header, sep, xs, lx, sizeof lx), cy = column(header, sep, ys, ly, sizeof ly);
    int cz = zs ? column(header, sep, zs, lz, sizeof lz) : -2;
    if (cx < 0 || cy < 0 || cz == -1) {
        const char *miss = cx < 0 ? xs : cy < 0 ? ys : zs;
        return cli_error("plot: no column '%s' in '%s'", miss, file);
    }
    (void)bad_row;
    /* the output base and the directory of the data (gnuplot runs there) */
    char base[4096], dir[4096], data[4096];
    snprintf(base, sizeof base, "%s", out ? out : file);
    if (!out) {
        char *dot = strrchr(base, '.'), *slash = strrchr(base, '/');
        if (dot && (!slash || dot > slash))
            *dot = 0;
    }
    char *abs = realpath(file, NULL);
    if (!abs)
        return cli_error("plot: cannot resolve '%s'", file);
    snprintf(data, sizeof data, "%s", abs);
    free(abs);
    snprintf(dir, sizeof dir, "%s", base);
    char *slash = strrchr(dir, '/');
    const char *name = base;
    if (slash) {
        *slash = 0;
        name = slash + 1;
    } else
        snprintf(dir, sizeof dir, ".");
    char png[4200], svg[4200];
    snprintf(png, sizeof png, "%s.png", name);
    snprintf(svg, sizeof svg, "%s.svg", name);
    fig_ctx c = {dir, force, 1, "neqent plot"};
    char script[9000];
    int n = snprintf(script, sizeof script,
                     "set datafile separator '%s'\nset datafile commentschars '#'\n"
                     "set key autotitle columnhead noenhanced\nset xlabel '%s' noenhanced\n"
                     "set ylabel '%s' noenhanced\n%s%s",
                     sep == '\t' ? "\\t" : ",", lx, ly, logx ? "set logscale x\n" : "",
                     logy ? "set logscale y\n" : "");
    if (cz >= 0)
        snprintf(script + n, sizeof script - (size_t)n,
                 "set cblabel '%s' noenhanced\nset palette rgb 33,13,10\n"
                 "plot '%s' u %d:%d:%d w points pt 5 ps 1.2 palette notitle\n",
                 lz, data, cx + 1, cy + 1, cz + 1);
    else
        snprintf(script + n, sizeof script - (size_t)n,
                 "plot '%s' u %d:%d w lp pt 7 ps 0.5 lw 2 notitle\n", data, cx + 1, cy + 1);
    if (fig_gnuplot(&c, png, script))
        return 1;
    /* SVG: the same script on the svg terminal */
    char svgscript[9300];
    snprintf(svgscript, sizeof svgscript, "set terminal svg size 1100,760\nset output OUTPUT\n%s",
             script);
    if (fig_gnuplot(&c, svg, svgscript))
        return 1;
    fprintf(stderr, "neqent: wrote %s/%s and %s/%s\n", dir, png, dir, svg);
    return 0;
}
