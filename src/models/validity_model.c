/* The validity model: HEOM against every master equation for the two-bath
 * model with Drude-Lorentz baths, as data (include/neqent/model.h).  The
 * work is in src/studies/validity.c and src/heom/heom.c. */
#include "baths_params.h"
#include "internal_models.h"
#include "neqent/validity.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum {
    P_EPS1, P_EPS2, P_K, P_KP, P_T1, P_T2, P_GAMMA1, P_GAMMA2, P_SPECTRAL, P_CUTOFF, P_LAMBDA,
    V_EXPANSION, V_TERMINATOR, V_TOL, V_MAXADOS, V_TERMS, V_DEPTH, V_LAMB, NP
};

static const neq_param_desc PARAMS[NP] = {
    NEQ_BATHS_SYSTEM_PARAMS
    [P_SPECTRAL] = {"spectral", NEQ_PARAM_CHOICE, NEQ_UNIT_NONE, "", 0, NULL, 0, 0, 0, 0, "drude",
                    0, "spectral density: Drude-Lorentz (lambda, cutoff), the one HEOM solves"},
    [V_EXPANSION] = {"heom_expansion", NEQ_PARAM_CHOICE, NEQ_UNIT_NONE, "", 0, NULL, 0, 0, 0, 0,
                     "pade,matsubara", 0,
                     "HEOM: the exponentials of the bath correlation (Pade: Hu, Xu, Yan 2010)"},
    [V_TERMINATOR] = {"heom_terminator", NEQ_PARAM_CHOICE, NEQ_UNIT_NONE, "", 0, NULL, 0, 0, 0,
                      0, "on,off", 0,
                      "HEOM: the Ishizaki-Tanimura terminator for the neglected exponentials"},
    [V_TOL] = {"heom_tol", NEQ_PARAM_REAL, NEQ_UNIT_NONE, "1", 1e-4, NULL, 0, 0.1, 0, 0, NULL, 0,
               "HEOM: add exponentials and depth until C and J change by less (0: use "
               "heom_terms and heom_depth as given)"},
    [V_MAXADOS] = {"heom_max_ados", NEQ_PARAM_REAL, NEQ_UNIT_NONE, "1", 200000, NULL, 1, 500000,
                   0, 0, NULL, 0, "HEOM: the largest hierarchy the convergence may build"},
    [V_TERMS] = {"heom_terms", NEQ_PARAM_REAL, NEQ_UNIT_NONE, "1", 2, NULL, 0, 64, 0, 0, NULL,
                 0, "HEOM with heom_tol = 0: exponentials per bath beyond the Drude pole"},
    [V_DEPTH] = {"heom_depth", NEQ_PARAM_REAL, NEQ_UNIT_NONE, "1", 4, NULL, 1, 32, 0, 0, NULL, 0,
                 "HEOM with heom_tol = 0: the hierarchy's depth"},
    [V_LAMB] = {"lamb_shift", NEQ_PARAM_FLAG, NEQ_UNIT_NONE, "", 0, NULL, 0, 0, 0, 0, NULL, 0,
                "the master equations with each bath's Lamb shift (HEOM has it exactly)"},
};

static void to_baths(const neq_params *p, neq_baths_params *b)
{
    NEQ_BATHS_SYSTEM_FROM(p, b);
    b->spectral = NEQ_SPECTRAL_DRUDE; /* the only choice */
}

static int options(const neq_params *p, neq_validity_options *o)
{
    *o = neq_validity_options_default();
    o->expansion = (int)p->v[V_EXPANSION] == 0 ? NEQ_HEOM_PADE : NEQ_HEOM_MATSUBARA;
    o->terminator = (int)p->v[V_TERMINATOR] == 0;
    o->tol = p->v[V_TOL];
    o->max_ados = (long)p->v[V_MAXADOS];
    o->nterms = (int)p->v[V_TERMS];
    o->depth = (int)p->v[V_DEPTH];
    o->lamb_shift = p->v[V_LAMB] != 0;
    if (o->nterms != p->v[V_TERMS] || o->depth != p->v[V_DEPTH] ||
        o->max_ados != p->v[V_MAXADOS])
        return neq_fail(NEQ_EINVAL, "heom_terms, heom_depth and heom_max_ados are whole numbers");
    return NEQ_OK;
}

static int plan_alloc(const neq_params *p, void **state, int *dim, int *nq)
{
    neq_baths_params b;
    neq_validity_options o;
    to_baths(p, &b);
    NEQ_TRY(neq_baths_validate(&b));
    NEQ_TRY(options(p, &o));
    *state = malloc(1);
    if (!*state)
        return neq_fail(NEQ_ENOMEM, "no memory for a plan");
    *dim = 4;
    *nq = 2;
    return NEQ_OK;
}

static void plan_free(void *state) { free(state); }

static int eval(const void *state, const neq_params *p, void *result)
{
    (void)state;
    neq_baths_params b;
    neq_validity_options o;
    to_baths(p, &b);
    NEQ_TRY(options(p, &o));
    return neq_validity_point(&b, &o, result);
}

#define R ((neq_validity_result *)result)

SCALAR(get_hC, R->heom.concurrence)
SCALAR(get_hJ1, R->heom.heat_current[0])
SCALAR(get_hJ2, R->heom.heat_current[1])
SCALAR(get_hP, R->heom.purity)
SCALAR(get_hS, R->heom_entropy_production)
SCALAR(get_hA, (double)R->heom.n_ados)
SCALAR(get_hT, (double)R->settings.nterms + 1)
SCALAR(get_hD, (double)R->settings.depth)
SCALAR(get_hconv, R->converged ? 1.0 : 0.0)
SCALAR(get_hto, R->converged_to)
SCALAR(get_hres, R->heom.residual)
SCALAR(get_hmin, R->heom_min_eigenvalue)

static int get_hrho(const void *state, const neq_params *p, void *result, double *out)
{
    (void)state;
    (void)p;
    memcpy(out, R->heom.rho, sizeof R->heom.rho);
    return NEQ_OK;
}

/* one master equation's seven numbers */
#define ME_GETTERS(tag, m)                                             \
    SCALAR(get_##tag##_C, R->me[m].concurrence)                        \
    SCALAR(get_##tag##_J1, R->me[m].heat_current[0])                   \
    SCALAR(get_##tag##_J2, R->me[m].heat_current[1])                   \
    SCALAR(get_##tag##_P, R->me[m].purity)                             \
    SCALAR(get_##tag##_eC, R->me[m].err_concurrence)                   \
    SCALAR(get_##tag##_eJ, R->me[m].err_heat)                          \
    SCALAR(get_##tag##_eP, R->me[m].err_purity)

ME_GETTERS(global, NEQ_ME_GLOBAL)
ME_GETTERS(local, NEQ_ME_LOCAL)
ME_GETTERS(redfield, NEQ_ME_REDFIELD)
ME_GETTERS(unified, NEQ_ME_UNIFIED)

#undef R

#define ME_QUANTITIES(tag, name)                                                              \
    {{#tag "_concurrence", NEQ_QUANTITY_SCALAR, 1, "1", 0, name ": concurrence"},             \
     get_##tag##_C},                                                                          \
    {{#tag "_J1", NEQ_QUANTITY_SCALAR, 1, "E^2", 0, name ": heat current from bath 1"},       \
     get_##tag##_J1},                                                                         \
    {{#tag "_J2", NEQ_QUANTITY_SCALAR, 1, "E^2", 0, name ": heat current from bath 2"},       \
     get_##tag##_J2},                                                                         \
    {{#tag "_purity", NEQ_QUANTITY_SCALAR, 1, "1", 0, name ": purity"}, get_##tag##_P},       \
    {{#tag "_err_concurrence", NEQ_QUANTITY_SCALAR, 1, "1", 0,                                \
      name ": |C - C_HEOM|"}, get_##tag##_eC},                                                \
    {{#tag "_err_heat", NEQ_QUANTITY_SCALAR, 1, "1", 0,                                       \
      name ": max_j |J_j - J_HEOM,j| / max_j |J_HEOM,j|"}, get_##tag##_eJ},                   \
    {{#tag "_err_purity", NEQ_QUANTITY_SCALAR, 1, "1", 0,                                     \
      name ": |P - P_HEOM| / P_HEOM"}, get_##tag##_eP}

static const neq_quantity_entry QUANTITIES[] = {
    {{"heom_concurrence", NEQ_QUANTITY_SCALAR, 1, "1", 0, "HEOM (exact): concurrence"}, get_hC},
    {{"heom_J1", NEQ_QUANTITY_SCALAR, 1, "E^2", 0,
      "HEOM: heat current from bath 1 into the qubits (first-tier ADOs; Kato & Tanimura 2016)"},
     get_hJ1},
    {{"heom_J2", NEQ_QUANTITY_SCALAR, 1, "E^2", 0, "HEOM: heat current from bath 2"}, get_hJ2},
    {{"heom_purity", NEQ_QUANTITY_SCALAR, 1, "1", 0, "HEOM: purity Tr rho^2"}, get_hP},
    {{"heom_entropy_production", NEQ_QUANTITY_SCALAR, 1, "E", 0,
      "HEOM: -J1/T1 - J2/T2 (>= 0: the second law)"}, get_hS},
    {{"heom_ados", NEQ_QUANTITY_SCALAR, 1, "1", 0, "HEOM: auxiliary density operators used"},
     get_hA},
    {{"heom_used_terms", NEQ_QUANTITY_SCALAR, 1, "1", 0,
      "HEOM: exponentials per bath used (the Drude pole included)"}, get_hT},
    {{"heom_used_depth", NEQ_QUANTITY_SCALAR, 1, "1", 0, "HEOM: depth used"}, get_hD},
    {{"heom_converged", NEQ_QUANTITY_BOOL, 1, "1", 0,
      "HEOM: heom_tol met within heom_max_ados"}, get_hconv},
    {{"heom_converged_to", NEQ_QUANTITY_SCALAR, 1, "1", 0,
      "HEOM: the change of C and J at the last step of the convergence"}, get_hto},
    {{"heom_residual", NEQ_QUANTITY_SCALAR, 1, "1", 0,
      "HEOM: ||A x - b|| / (||A|| ||x||) of the hierarchy's linear system"}, get_hres},
    {{"heom_min_eigenvalue", NEQ_QUANTITY_SCALAR, 1, "1", 0,
      "HEOM: the smallest eigenvalue of rho (< 0: the hierarchy is too short)"}, get_hmin},
    {{"heom_rho", NEQ_QUANTITY_MATRIX, 0, "1", 0, "HEOM: rho, basis |00>,|01>,|10>,|11>"},
     get_hrho},
    ME_QUANTITIES(global, "global ME"),
    ME_QUANTITIES(local, "local ME"),
    ME_QUANTITIES(redfield, "Redfield"),
    ME_QUANTITIES(unified, "unified ME"),
};

const neq_model neq_model_validity_type = {
    "validity",
    "the two-bath model with Drude-Lorentz baths: HEOM (exact) against the global, local, "
    "Redfield and unified master equations; k_B = hbar = 1 units",
    NP,
    PARAMS,
    (int)(sizeof QUANTITIES / sizeof QUANTITIES[0]),
    QUANTITIES,
    sizeof(neq_validity_result),
    64,
    plan_alloc,
    plan_free,
    eval,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
};
