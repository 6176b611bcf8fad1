/* neqent: umbrella header.  Each module has its own header; this one
 * includes them all.
 *
 * Threads (FFTW's plan/execute): plans -- neq_liouvillian, neq_propagator
 * (master.h), neq_sparse_plan (sparse.h), neq_nb_model (nearbody.h), neq_material and neq_body (em.h),
 * neq_plan (model.h), neq_grid (grid.h) -- are read-only once built, so any
 * number of threads may execute on one plan at once; scratch and results
 * live in caller-held workspaces (neq_steady_workspace, neq_em_workspace,
 * neq_workspace), one per thread.  Objects being built (a neq_gksl, a
 * neq_params, a neq_grid before its run) belong to one thread.  Error
 * details are per thread (status.h).  Each header's "Threads:" paragraph
 * says the details. */
#ifndef NEQENT_H
#define NEQENT_H

#include "neqent/status.h"
#include "neqent/text.h"
#include "neqent/linalg.h"
#include "neqent/thermal.h"
#include "neqent/master.h"
#include "neqent/sparse.h"
#include "neqent/davies.h"
#include "neqent/qinfo.h"
#include "neqent/baths.h"
#include "neqent/heom.h"
#include "neqent/em.h"
#include "neqent/nearbody.h"
#include "neqent/model.h"
#include "neqent/grid.h"
#include "neqent/optimize.h"
#include "neqent/design.h"
#include "neqent/validity.h"
#include "neqent/fcs.h"
#include "neqent/evolve.h"
#include "neqent/figures.h"

#endif
