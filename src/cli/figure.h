/* Figure production: CSV data files and gnuplot PNGs. */
#ifndef NEQENT_CLI_FIGURE_H
#define NEQENT_CLI_FIGURE_H

#include "cli.h"

typedef struct {
    const char *dir;  /* output directory (created if missing) */
    int force;        /* overwrite existing files */
    int plot;         /* run gnuplot (0 with --no-plot) */
    const char *cmdline;
} fig_ctx;

/* Opens DIR/NAME for writing (temp + rename) and writes the comment header:
 * neqent version, the command line, the caption/parameters lines, and the
 * column header.  Returns 0 or prints one line and returns -1. */
int fig_csv_open(const fig_ctx *c, cli_output *o, const char *name, const char *caption,
                 const char *columns);
/* Runs gnuplot on `script` writing DIR/NAME.png (through a temporary file).
 * The script refers to the output as OUTPUT and to data files by name
 * relative to DIR.  No-op when plotting is off. */
int fig_gnuplot(const fig_ctx *c, const char *png_name, const char *script);

int fig_quiroga(const fig_ctx *c, int number);
/* which: "3a", "3b", "4a", "4b" */
int fig_bellomo(const fig_ctx *c, const char *which);

#endif
