/* Tables in memory and their plots (render.c). */
#ifndef NEQENT_CLI_RENDER_H
#define NEQENT_CLI_RENDER_H

#include "cli.h"
#include "neqent/figures.h"

/* A table of numbers: ncols named columns, nrows rows (row-major). */
typedef struct {
    char *name;
    int ncols;
    char **col;
    double *v;
    long nrows, cap;
} cli_table;

const cli_table *cli_table_find(const cli_table *t, int n, const char *name);
/* Column index by name, with or without its "[unit]"; -1 if absent. */
int cli_table_column(const cli_table *t, const char *name);

/* Reads a neqent CSV or TSV (comment lines '#', a header, rows of numbers
 * or empty fields) from f into t (free its col[], col and v); `file` names
 * it in errors.  0, or one error line and -1. */
int cli_table_parse(FILE *f, const char *file, cli_table *t);

/* Plots panels of tables into DIR/BASE.{png,svg,pdf}; numbers: for marked
 * points; staged: as cli_plot's.  0, or one error line and -1. */
int cli_render(const char *dir, const char *base, const neq_panel *panels, int npanels,
               const cli_table *tables, int ntables, const neq_figure_number *nums, int nnums,
               int force, cli_plot_files *staged);

#endif
