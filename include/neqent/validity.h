/* neqent: which master equation holds?  The two-bath model with
 * Drude-Lorentz baths, solved exactly by HEOM (heom.h) and by each master
 * equation (global, local, Redfield, unified) with the same spectral
 * density, and the error of each against HEOM.  The `validity` model
 * (`neqent validity baths`, `neqent sweep validity`) is built on it.
 *
 * Threads: reentrant; nothing is shared between calls. */
#ifndef NEQENT_VALIDITY_H
#define NEQENT_VALIDITY_H

#include "neqent/baths.h"
#include "neqent/common.h"
#include "neqent/heom.h"

NEQ_BEGIN_DECLS

/* One master equation against HEOM. */
typedef struct {
    int status;              /* 0, or the NEQ_E... code the ME failed with (then NaN below) */
    double concurrence, heat_current[2], purity;
    double err_concurrence;  /* |C - C_HEOM| (C is in [0, 1]; 0 is common) */
    double err_heat;         /* max_j |J_j - J_HEOM,j| / max_j |J_HEOM,j| (at least 1e-6
                              * neq_heom_current_scale: J_HEOM may vanish) */
    double err_purity;       /* |P - P_HEOM| / P_HEOM */
} neq_validity_me;

typedef struct {
    neq_heom_expansion expansion; /* [Pade] */
    int terminator;               /* [1] */
    double tol;       /* HEOM converged until C and J change by less [1e-4]; 0: fixed below */
    long max_ados;    /* the largest hierarchy the convergence may build [200000] */
    int nterms, depth; /* the hierarchy when tol = 0 */
    int lamb_shift;    /* 1: the master equations with their Lamb shifts [0] */
} neq_validity_options;

typedef struct {
    neq_heom_result heom;
    neq_heom_settings settings; /* what HEOM used */
    int converged;              /* 1 if tol was met (or tol = 0) */
    double converged_to;        /* the last step's change (NaN for fixed settings) */
    double heom_entropy_production; /* -J1/T1 - J2/T2 of HEOM */
    double heom_min_eigenvalue; /* of HEOM's rho: < 0 when the hierarchy is too short */
    neq_validity_me me[4];      /* indexed by neq_me_kind */
} neq_validity_result;

/* The defaults in brackets above. */
neq_validity_options neq_validity_options_default(void);
/* HEOM and the four master equations at p (p->spectral must be
 * NEQ_SPECTRAL_DRUDE; p->me and p->lamb_shift are ignored: o->lamb_shift
 * decides).  HEOM not
 * converging within max_ados is no error: converged = 0 and converged_to
 * say how far it got.  A master equation that fails sets its own status
 * only. */
int neq_validity_point(const neq_baths_params *p, const neq_validity_options *o,
                       neq_validity_result *r);

NEQ_END_DECLS
#endif
