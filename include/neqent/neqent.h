/* neqent: umbrella header.  Each module has its own header; this one
 * includes them all. */
#ifndef NEQENT_H
#define NEQENT_H

#include "neqent/status.h"
#include "neqent/text.h"
#include "neqent/linalg.h"
#include "neqent/thermal.h"
#include "neqent/master.h"
#include "neqent/davies.h"
#include "neqent/qinfo.h"
#include "neqent/baths.h"
#include "neqent/em.h"
#include "neqent/nearbody.h"
#include "neqent/model.h"
#include "neqent/grid.h"
#include "neqent/optimize.h"
#include "neqent/evolve.h"
#include "neqent/figures.h"

#endif
