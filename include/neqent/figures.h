/* neqent: the figures of the founding papers as specifications.
 *
 * A figure is data: named tables of numbers (each written by the CLI as a
 * CSV file), panels that say how to plot them (columns, axes, curves,
 * insets), and extracted numbers (maxima and where they are, limits,
 * thresholds) that `make test` compares with stored answers
 * (tests/answers/).  The tables come from the library's studies: grids of
 * a model (grid.h), the two-bath model's gradients and LNEL coefficients
 * (baths.h), the analytic case and its maximum (nearbody.h, optimize.h),
 * time evolution (evolve.h).
 *
 * Quiroga et al., PRA 75, 032308 (2007): quiroga-fig1 ... quiroga-fig5.
 * Bellomo & Antezza, EPL 104, 10006 (2013): bellomo-fig3a, -fig3b, -fig4a,
 * -fig4b.  docs/figures.md compares each with the paper.
 *
 * Threads: the specifications are static data; neq_figure_run is
 * reentrant (its sink is called on the calling thread). */
#ifndef NEQENT_FIGURES_H
#define NEQENT_FIGURES_H

#include "neqent/common.h"

NEQ_BEGIN_DECLS

typedef struct neq_figure neq_figure;

/* How a panel shows its table. */
typedef enum {
    NEQ_PANEL_LINES = 0,  /* y against x, a curve per value of `group`      */
    NEQ_PANEL_POINTS = 1, /* the same, as points                            */
    NEQ_PANEL_MAP = 2     /* z as colour over (x, y): a filled heat map     */
} neq_panel_kind;

/* One data series of a panel: columns of a table. */
typedef struct {
    const char *table;     /* the table it plots                                  */
    neq_panel_kind kind;
    const char *x, *y, *z; /* column names (z: MAP only)                          */
    const char *group;     /* a curve per distinct value of this column (or NULL) */
    const char *legend;    /* label: printf of the group value, or the text       */
    const char *select;    /* "COLUMN=VALUE": only those rows (or NULL)           */
} neq_series;

#define NEQ_PANEL_MAX_SERIES 4

/* One panel of a figure: up to four series on common axes. */
typedef struct {
    int nseries;
    neq_series series[NEQ_PANEL_MAX_SERIES];
    const char *title, *xlabel, *ylabel, *zlabel;
    int logx, logy;
    double xmin, xmax, ymin, ymax; /* axis ranges (NaN: fitted to the data)       */
    double x0, y0, w, h;           /* place in the figure, fractions of its size  */
    int inset;                     /* drawn over another panel: small, no key     */
    const char *mark_x, *mark_y;   /* extracted numbers marking a point (or NULL) */
    const char *mark_label;
    double hline;                  /* a dashed horizontal line at this y (NaN: none) */
} neq_panel;

/* A number extracted from a figure's data. */
typedef struct {
    char name[48];
    double value;
    char unit[24];
    char doc[160];
} neq_figure_number;

/* Where a figure's tables go. */
typedef struct {
    /* a table begins: its name (file stem), caption lines ('\n'-separated)
     * and column names with units; nonzero return aborts the run */
    int (*begin)(void *user, const char *table, const char *caption, int ncols,
                 const char *const *columns);
    int (*row)(void *user, const double *values);
    /* a break between blocks of a map (gnuplot's blank line); may be NULL */
    int (*block)(void *user);
    int (*end)(void *user);
    void *user;
    int threads; /* for the grids inside (>= 1) */
} neq_figure_sink;

/* Number of figures (quiroga-fig1..5, bellomo-fig3a..4b). */
int neq_figure_count(void);
/* Figure k, 0 <= k < neq_figure_count(); NULL outside. */
const neq_figure *neq_figure_at(int k);
/* NULL if no figure has this name. */
const neq_figure *neq_figure_lookup(const char *name);
/* Its name, as on the command line ("bellomo-fig4a"). */
const char *neq_figure_name(const neq_figure *f);
/* What the figure shows, one line. */
const char *neq_figure_title(const neq_figure *f);
/* Number of panels of the figure's plot. */
int neq_figure_npanels(const neq_figure *f);
/* Panel k of the figure's plot; NULL outside. */
const neq_panel *neq_figure_panel(const neq_figure *f, int k);

/* Computes the figure: its tables through the sink, and its extracted
 * numbers into *numbers (an array of *n, free() it; numbers may be NULL).
 * A failed computation stops the run and is returned. */
int neq_figure_run(const neq_figure *f, const neq_figure_sink *sink, neq_figure_number **numbers,
                   int *n);

NEQ_END_DECLS
#endif
