/* neqent: parameter grids (the study behind `neqent sweep` and every
 * figure's maps and curves).
 *
 * A grid is a base parameter set of one model (include/neqent/model.h)
 * and axes: real parameters, each with a list of values; the points are
 * their Cartesian product, the first axis outermost (slowest).  A run
 * evaluates the points on OpenMP threads and hands each one's quantities
 * to a callback in grid order, whatever the threads.  The setup work (a
 * plan: for the body model, the electromagnetic functions of a geometry)
 * is done once per distinct combination of varied setup parameters, in
 * parallel, and freed after its last point.
 *
 * Threads: a grid is read-only once its axes and quantities are set; any
 * number of runs of the same grid may go on at once.  neq_grid_run uses
 * OpenMP threads inside; its callbacks run on the calling thread only. */
#ifndef NEQENT_GRID_H
#define NEQENT_GRID_H

#include "neqent/model.h"

#include "neqent/common.h"

NEQ_BEGIN_DECLS

typedef struct neq_grid neq_grid;

/* A grid over the model of `base` (copied), with no axis yet. */
int neq_grid_alloc(const neq_params *base, neq_grid **out);
/* Frees a grid (NULL is allowed). */
void neq_grid_free(neq_grid *g);

/* Varies real parameter `param` over n values (copied), as the next
 * (inner) axis.  Each value is checked against the parameter's range; a
 * parameter may be varied once. */
int neq_grid_add_axis(neq_grid *g, const char *param, const double *values, long n);
/* Varies `param` together with the last axis added (a line through
 * parameter space rather than a product): value i goes with that axis's
 * value i, so n must equal its length.  E.g. T1 and T2 along a gradient
 * at fixed mean temperature. */
int neq_grid_add_linked_axis(neq_grid *g, const char *param, const double *values, long n);
/* The same from text "NAME=START:STOP:N[:log]" or "NAME=v1,v2,..." with
 * the parameter's units (neq_param_parse_range); "A=RANGE;B=RANGE" adds an
 * axis A and B linked to it. */
int neq_grid_add_axis_text(neq_grid *g, const char *spec);
/* The quantities a run computes, by index into the model's table.  The
 * default is every scalar and boolean quantity that is not costly. */
int neq_grid_select(neq_grid *g, int nq, const int *quantities);

/* Number of points: the product of the axes' lengths (1 with no axis). */
long neq_grid_npoints(const neq_grid *g);
/* Number of axes, linked axes included. */
int neq_grid_naxes(const neq_grid *g);
/* Axis a (axes and linked axes, in the order added): its parameter index,
 * its number of values and the values. */
int neq_grid_axis(const neq_grid *g, int a, int *param, long *n, const double **values);
/* -1 if entry a is an axis, else the index of the axis it is linked to. */
int neq_grid_axis_link(const neq_grid *g, int a);
/* The base parameters (owned by the grid). */
const neq_params *neq_grid_base(const neq_grid *g);
/* Number of selected quantities. */
int neq_grid_nselected(const neq_grid *g);
/* The selected quantities' indices (owned by the grid). */
const int *neq_grid_selected(const neq_grid *g);
/* Doubles per row: the sum of the selected quantities' lengths (scalars 1). */
int neq_grid_row_length(const neq_grid *g);
/* The parameters of point idx (0 <= idx < npoints) into p, a set of the
 * grid's model. */
int neq_grid_point(const neq_grid *g, long idx, neq_params *p);

/* The numeric values of every parameter at point idx (REAL, FLAG, CHOICE
 * index; NaN for TEXT and VECTOR) into v[neq_model_nparams]: cheaper than
 * neq_grid_point, and reentrant. */
int neq_grid_point_values(const neq_grid *g, long idx, double *v);

/* "point N (A = a unit, B = b unit)": point idx (numbered from 1) and its
 * varied parameters, as run errors name it; truncated to n bytes. */
int neq_grid_describe_point(const neq_grid *g, long idx, char *buf, size_t n);

/* What a run will need, known before it starts. */
typedef struct {
    long npoints;
    long nplans;       /* distinct setups (plans built) */
    long plans_alive;  /* the most plans held at once */
    double plan_bytes; /* memory of one plan (estimate) */
    double bytes;      /* peak memory of a run (estimate) */
} neq_grid_cost;
/* Fills c for a run in batches of chunk points (0: the default 256). */
int neq_grid_estimate(const neq_grid *g, long chunk, neq_grid_cost *c);

typedef struct {
    int threads;               /* OpenMP threads, >= 1                              */
    long start;                /* first point to compute (to resume a run)          */
    long chunk;                /* points per batch; 0: 256                          */
    double max_bytes;          /* refuse a run whose estimate exceeds this (0: no limit) */
    volatile const int *stop;  /* if set and nonzero, the run stops after a batch  */
                               /* (a signal handler may set it: read each batch)  */
    /* Every point in grid order, on the calling thread: its index, its
     * parameters and the row (neq_grid_row_length doubles, the selected
     * quantities in order; NaN where a quantity is undefined).  Nonzero
     * return stops the run with that status. */
    int (*row)(void *user, long idx, const neq_params *point, const double *values);
    /* Instead of `row` (which may then be NULL): every batch of points at
     * once, in grid order: points first .. first + n - 1, their rows one
     * after the other in values (n x neq_grid_row_length doubles).  Lets a
     * caller format many rows on its own threads. */
    int (*batch)(void *user, long first, long n, const double *values);
    /* After every batch (may be NULL). */
    void (*progress)(void *user, long done, long total);
    void *user;
    /* What a point that fails does: NEQ_GRID_STOP (0) ends the run with its
     * status; NEQ_GRID_CONTINUE hands it to `failed` (which may be NULL) and
     * delivers its row as NaN, and the run goes on. */
    int on_error;
    /* With NEQ_GRID_CONTINUE: each failing point, in grid order, on the
     * calling thread, before the row or batch that holds it: its index,
     * status and the library's detail (the setup's, when its plan could not
     * be built).  Nonzero return stops the run with that status. */
    int (*failed)(void *user, long idx, int status, const char *why);
    /* The point after the last to compute: points start .. end - 1 (0: to
     * the last point). */
    long end;
    /* Under neq_grid_run_mpi with more than one rank, when both are set
     * (otherwise unused): the rank that computed a batch turns it into
     * bytes with `encode` (called as `batch` would be, after `failed` for
     * its failing points, with that rank's own options and user), and rank
     * 0 hands the bytes to `write` in grid order, instead of calling
     * `batch`.  Formatting then runs on every rank, and rank 0 only writes:
     * a sweep of cheap points is otherwise bound by rank 0's formatting.
     * *bytes is malloc'd (or NULL when *len is 0); the library frees it. */
    int (*encode)(void *user, long first, long n, const double *values, char **bytes,
                  size_t *len);
    int (*write)(void *user, long first, long n, const char *bytes, size_t len);
} neq_grid_options;
enum { NEQ_GRID_STOP = 0, NEQ_GRID_CONTINUE = 1 };

/* Runs points opt->start .. npoints - 1 (or opt->end - 1).  *done (may be NULL) receives the
 * index after the last point delivered (start counts as delivered): all of
 * them on success, fewer after a stop or a failure (a row or batch callback
 * that returns nonzero has not taken its points).  A point that fails stops the
 * run; the error detail names it and its varied parameters.  A stop
 * request is not an error (returns 0 with *done < npoints). */
int neq_grid_run(const neq_grid *g, const neq_grid_options *opt, long *done);

/* The same run across the ranks of MPI_COMM_WORLD (in the NEQENT_MPI build
 * and once MPI is initialised; otherwise neq_grid_run).  Every rank calls
 * it with the same grid; rank 0's options count (its start, callbacks,
 * stop flag), the others' callbacks are never called, except `failed` and
 * `encode` on the rank that computed the batch.  The points are cut into
 * tasks (contiguous, whole setups where they fit, about 1/8 of each rank's
 * share, at least opt->chunk and at most 65,536 points unless that cuts a
 * setup) that every rank, rank 0 included, takes from a one-sided counter
 * as it finishes the last: a dynamic farm, so points of different cost
 * balance.  Rank 0 delivers the rows (or the encoded bytes) to its
 * callbacks in grid order, exactly as neq_grid_run would: the same rows,
 * bit for bit.  Every rank returns rank 0's status; *done is set on rank
 * 0.  The first thing it does is a collective handshake (a minimum over
 * the ranks): any rank may instead call neq_grid_mpi_cancel when it refuses
 * the run, and then every rank's call returns NEQ_EINVAL without running.
 * Ranks must not call it from several threads at once. */
int neq_grid_run_mpi(const neq_grid *g, const neq_grid_options *opt, long *done);
/* A rank's refusal of a run the others are waiting for in their
 * neq_grid_run_mpi (see above): collective, in its place. */
int neq_grid_mpi_cancel(void);

NEQ_END_DECLS
#endif
