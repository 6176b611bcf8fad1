/* neqent: design search (studies level) -- the parameters of a model (body,
 * geometry, temperatures, couplings) that maximise or minimise one of its
 * quantities within bounds and under constraints on others, with Debian's
 * NLopt doing every optimisation:
 *   - categorical variables (a material from a list, the body type) are
 *     enumerated: each combination is its own continuous problem;
 *   - each combination gets `starts` independent runs, spread over threads;
 *   - a run is a global stage, NLopt's controlled random search with local
 *     mutation (NLOPT_GN_CRS2_LM, seeded from the run's own seed; points
 *     that break a constraint rank below every point that keeps them),
 *     then a local polish from its best point: COBYLA with the constraints
 *     as nonlinear inequalities, or BOBYQA without constraints;
 *   - a clamped objective is searched through a smooth surrogate: the
 *     concurrence of a model that has the X-state quantities K1 and K2
 *     through 2 max(K1, K2), which equals C where C > 0 and keeps its slope
 *     where C = 0; the true quantity is what is reported;
 *   - an evaluation that fails (a quadrature that does not converge, a
 *     non-unique state) is counted and ranked below every computed point,
 *     never scored as a value.
 * The result does not depend on the number of threads: runs are
 * independent, each seeded from (seed, run index), and combined in run
 * order (ties go to the lower run).
 *
 * Threads: neq_design_search reads base only and builds its own plans (a
 * small cache per run, so that points that share a geometry share its
 * electromagnetic functions); it is reentrant.  Error details are per
 * thread. */
#ifndef NEQENT_DESIGN_H
#define NEQENT_DESIGN_H

#include "neqent/common.h"
#include "neqent/model.h"

NEQ_BEGIN_DECLS

/* One variable.  params: one parameter's name, or several REAL ones
 * separated by commas that take the same value ("T1,T2": equilibrium).
 * Continuous (nchoices = 0): a REAL parameter within [lo, hi] (its units,
 * inside its range), searched in log(value) if log; nlinked more REAL
 * parameters may move along with it on a line, linked[k] from
 * linked_lo[k] (when the variable is at lo) to linked_hi[k] (at hi),
 * linearly in the variable's searched coordinate (e.g. T1 = Tm + d with
 * T2 = Tm - d: a fixed mean temperature).  Categorical (nchoices > 0): the
 * values choices[0..nchoices-1] as text, each parsed as on the command
 * line (a material, a body type, a number). */
typedef struct {
    const char *params;
    double lo, hi;
    int log;
    int nchoices;
    const char *const *choices;
    int nlinked;
    const char *const *linked;
    const double *linked_lo, *linked_hi;
} neq_design_var;

enum { NEQ_DESIGN_LE = 0, NEQ_DESIGN_GE = 1 };
/* A constraint: scalar quantity <= bound (NEQ_DESIGN_LE) or >= bound. */
typedef struct {
    const char *quantity;
    int op;
    double bound;
} neq_design_constraint;

typedef struct {
    int minimize;          /* 1: minimise the objective                   [0] */
    unsigned long long seed; /* the random stream of every run             [1] */
    int starts;            /* independent runs per categorical combination [4] */
                           /* (combinations x starts: at most 1000000 runs)    */
    int threads;           /* OpenMP threads over the runs                  [1] */
    int global_evals;      /* evaluations of each run's global stage  [5 (n + 2)] */
                           /* (NLopt stops there; CRS may pass it by a few      */
                           /* improving steps.  A budget below the n + 1 points */
                           /* of CRS's first simplex is still spent: that many  */
                           /* random points, the start among them)              */
    int local_evals;       /* at most, in each run's local polish         [400] */
    double xtol_rel;       /* the polish's relative tolerance on x       [1e-7] */
    int mpi;               /* 1: the runs shared out among MPI_COMM_WORLD's ranks
                            * (NEQENT_MPI build): a collective call, every rank
                            * with the same problem; each returns the whole
                            * result, the same as one process's              [0] */
} neq_design_options;

/* One evaluation of the history: which run and stage, the variables, the
 * objective (true and searched), the constraints' quantities, the status. */
enum { NEQ_DESIGN_GLOBAL = 0, NEQ_DESIGN_LOCAL = 1, NEQ_DESIGN_SENSITIVITY = 2 };

typedef struct {
    int nvars, ncons;
    int feasible;            /* 0: no evaluated point met the constraints          */
    double value;            /* the objective (the true quantity) at the best point  */
    double *x;               /* nvars: the value, or the choice index (categorical)  */
    neq_params *best;        /* every parameter at the best point                    */
    double *constraints;     /* ncons: each constrained quantity there               */
    int *constraint_active;  /* ncons: 1 if it lies on its bound (1e-6 relative)     */
    int *active;             /* nvars: -1 on the lower bound, +1 on the upper, 0 not */
    double *gradient;        /* nvars: d value / d variable at the best point, per   */
                             /* unit of the variable (per unit of ln x for log ones); */
                             /* NaN for categorical ones                            */
    int *gradient_exact;     /* nvars: 1 where that gradient is exact (the model's   */
                             /* linear response: neq_quantity_derivative), 0 where   */
                             /* it is a central difference                          */
    long evaluations;        /* every evaluation, the sensitivity's included         */
    long failed;             /* evaluations that failed                              */
    int runs;                /* combinations x starts                                */
    int best_run;            /* the run that found the best point                    */
    /* history: nhistory rows of history_cols doubles: run, stage, the nvars
     * variables, objective, searched objective, the ncons constrained
     * quantities, status (0 or a NEQ_E... code); NaN where undefined */
    double *history;
    long nhistory;
    int history_cols;
} neq_design_result;

/* Default options (the values in brackets above). */
neq_design_options neq_design_options_default(void);

/* The best point of base's model for `objective` (a scalar quantity) over
 * the variables, under the constraints (ncons may be 0).  Fills res (free
 * it with neq_design_result_free; after a failure it holds nothing, and
 * freeing it is harmless).  Returns 0 with
 * res->feasible = 0 when no evaluated point met the constraints;
 * NEQ_EINVAL (with the detail naming it, and a suggestion for a misspelt
 * name) for an unknown or non-scalar quantity, an unknown or non-real
 * parameter, empty bounds, bounds outside a parameter's range, a choice
 * that does not parse, more than 1000000 runs, a stage NLopt refuses (the
 * detail names it: e.g. a span that overflows a double); NEQ_ECONVERGE
 * when every evaluation failed (the first failure's detail) or NLopt
 * failed otherwise; NEQ_ENOMEM (its own detail, not an evaluation's). */
int neq_design_search(const neq_params *base, const char *objective, int nvars,
                      const neq_design_var *vars, int ncons, const neq_design_constraint *cons,
                      const neq_design_options *opt, neq_design_result *res);

/* The objective of neq_design_search_fn at x[0..n-1]: the value, and the
 * ncons constrained quantities into cons; 0 or a NEQ_E... status (a
 * failed evaluation). */
typedef int (*neq_design_fn)(void *user, const double *x, double *value, double *cons);
/* The smooth function searched in the objective's place. */
typedef int (*neq_design_surrogate_fn)(void *user, const double *x, double *s);
/* The same search over a function f instead of a model, within
 * [vars[i].lo, vars[i].hi]; surrogate NULL: the objective is searched
 * itself, else surrogate in its place (both as opt->minimize says), and
 * the objective reported.  Both must be safe to call from several threads at
 * once.  Continuous variables only (vars[i].nchoices = 0; vars[i].params
 * names them).  Returns as neq_design_search. */
int neq_design_search_fn(neq_design_fn f, neq_design_surrogate_fn surrogate, void *user, int nvars,
                         const neq_design_var *vars, int ncons, const neq_design_constraint *cons,
                         const neq_design_options *opt, neq_design_result *res);

/* Frees what a search allocated in res (res itself is the caller's). */
void neq_design_result_free(neq_design_result *res);

NEQ_END_DECLS
#endif
