/* neqent: optimisers over a model's parameters (Debian's NLopt).
 *
 * They report failure: an evaluation that fails stops the search and its
 * status is returned, never counted as a low value; an optimiser that
 * does not converge, or runs out of evaluations (maxeval) first, returns
 * NEQ_ECONVERGE naming NLopt's reason.  A search stopped by rounding
 * (NLOPT_ROUNDOFF_LIMITED: the best point double precision resolves) is a
 * result.
 *
 * Threads: every function here is reentrant (no state outside its
 * arguments); neq_maximize builds its own plans. */
#ifndef NEQENT_OPTIMIZE_H
#define NEQENT_OPTIMIZE_H

#include "neqent/common.h"
#include "neqent/grid.h"
#include "neqent/model.h"

NEQ_BEGIN_DECLS

/* One variable of a search: a real parameter of the model, its bounds
 * (inside the parameter's range), and whether to search in log(value)
 * (for temperatures spanning decades). */
typedef struct {
    const char *param;
    double lo, hi;
    int log;
} neq_opt_var;

typedef struct {
    double xtol_rel; /* relative tolerance on the variables              [1e-7] */
    int maxeval;     /* evaluations at most                              [2000] */
} neq_opt_options;

typedef struct {
    double fmax;      /* the maximum found                                      */
    int nevals;       /* evaluations used                                       */
    int nlopt_result; /* NLopt's stop reason (xtol/ftol reached, or roundoff)   */
} neq_opt_result;

/* The maximum of scalar `quantity` of base's model over the variables,
 * from x0 (in the parameters' units); x receives the maximiser.  A local
 * method (BOBYQA, bounded, derivative-free): start it inside the basin of
 * the maximum (e.g. from the best point of a grid).  Variables that are
 * setup parameters rebuild the plan at every evaluation (one plan is kept
 * while they do not change).  opt may be NULL. */
int neq_maximize(const neq_params *base, const char *quantity, int nvars, const neq_opt_var *vars,
                 const double *x0, const neq_opt_options *opt, double *x, neq_opt_result *res);

/* The global maximum over a box: a grid of npts[i] values per variable
 * (geometric where vars[i].log) finds the basin, then neq_maximize
 * polishes the best grid point.  x receives the maximiser, *grid_best the
 * best grid value (may be NULL).  threads: OpenMP threads of the grid. */
int neq_maximize_grid(const neq_params *base, const char *quantity, int nvars,
                      const neq_opt_var *vars, const int *npts, int threads,
                      const neq_opt_options *opt, double *x, neq_opt_result *res);

/* Bellomo & Antezza Fig. 3(b): the largest steady concurrence of the
 * analytic case (eq. 12) over all effective photon numbers n_S, n_A >= 0
 * at a fixed ratio r = Gamma_A/Gamma_S > 0, and where it is attained.
 * The smooth signed K1 (neq_nb_analytic_k1) is maximised: over the two
 * edges n_S = 0 and n_A = 0 (scan, then a bounded local search) and over
 * the interior from several starts.  *C = 0 (with n_S = n_A = 0) when no
 * state is entangled, which is the case exactly for 1/3 <= r <= 3 (at the
 * doubles next to the thresholds eq. (12)'s cancelling terms leave C of
 * order 1e-32). */
int neq_nb_cmax(double r, double *C, double *n_S, double *n_A);

NEQ_END_DECLS
#endif
