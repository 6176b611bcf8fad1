/* Private layout of the model tables (src/models/ only). */
#ifndef NEQENT_MODELS_INTERNAL_H
#define NEQENT_MODELS_INTERNAL_H

#include "../core/internal.h"
#include "neqent/model.h"

/* A quantity's getter: writes neq_quantity_length() doubles from the last
 * result (or computes a costly quantity from the plan and the point, and
 * may keep it in the result: the result belongs to one thread's
 * workspace). */
typedef int (*neq_getter)(const void *plan_state, const neq_params *p, void *result,
                          double *out);

typedef struct {
    neq_quantity_desc d;
    neq_getter get;
} neq_quantity_entry;

/* A getter that reads one scalar off the result: `expr` may use `result`
 * (each model file defines R as its result's type). */
#define SCALAR(fname, expr)                                                              \
    static int fname(const void *state, const neq_params *p, void *result, double *out) \
    {                                                                                    \
        (void)state;                                                                     \
        (void)p;                                                                         \
        *out = (expr);                                                                   \
        return NEQ_OK;                                                                   \
    }

/* A model: its tables and the hooks that do its physics (GSL's type
 * descriptors, e.g. gsl_odeiv2_step_type, are the pattern). */
struct neq_model {
    const char *name, *doc;
    int nparams;
    const neq_param_desc *params;
    int nquantities;
    const neq_quantity_entry *quantities;
    size_t result_size;
    double plan_bytes; /* memory of one plan, for the estimates of grid runs */
    /* setup from p's setup parameters; *dim = the dimension of its MATRIX
     * quantities, *nq = its number of qubits */
    int (*plan_alloc)(const neq_params *p, void **state, int *dim, int *nq);
    void (*plan_free)(void *state);
    /* the steady state at p into result (result_size bytes) */
    int (*eval)(const void *state, const neq_params *p, void *result);
    int (*generator)(const void *state, const neq_params *p, struct neq_gksl **out);
    /* bytes of the result for this plan (NULL: result_size) */
    size_t (*result_bytes)(const void *state);
    /* memory and time of a plan and one evaluation at p (NULL: negligible) */
    int (*cost)(const neq_params *p, double *bytes, double *seconds);
    /* beyond that, of costly quantity k at p (NULL: negligible) */
    int (*quantity_cost)(const neq_params *p, int k, double *bytes, double *seconds);
    /* d quantity k / d parameter j at the evaluated point (NULL: none) */
    int (*derivative)(const void *state, const neq_params *p, void *result, int k, int j,
                      double *out);
};

struct neq_params {
    const neq_model *m;
    double *v;  /* REAL, FLAG, CHOICE index; NaN for TEXT and VECTOR */
    char **s;   /* TEXT, VECTOR, CHOICE (the name); NULL for REAL and FLAG */
};

extern const neq_model neq_model_baths_type;
extern const neq_model neq_model_body_type;
extern const neq_model neq_model_rates_type;
extern const neq_model neq_model_validity_type;

/* The parameters of the near-body models (body and rates): one table,
 * indexed by this list.  The rates model takes the first
 * NEQ_RATES_NPARAMS of them: all but the master equation's options, which
 * come last. */
enum {
    P_OMEGA, P_Z1, P_Z2, P_R12, P_BODY, P_DELTA, P_MATERIAL, P_DIPOLE1, P_DIPOLE2, P_TOL, P_TW,
    P_TM, P_DIPMOM, P_LAYERS, P_LAYER_INDEX, P_LAYER_THICKNESS, P_SHEET, P_SHEET_MU, P_SHEET_T,
    P_SHEET_GAMMA, P_RADIUS, P_CENTER, P_SHIFTS, P_QUBITS,
    P_ARRAY, P_SPACING, P_HEIGHT, P_NOISE_OMEGA, P_DISTRIBUTED, NEQ_NB_NPARAMS
};
#define NEQ_RATES_NPARAMS P_SHIFTS
extern const neq_param_desc neq_nearbody_params[NEQ_NB_NPARAMS];

struct neq_material;
struct neq_body;
struct neq_sheet;
/* A body with everything it references (materials, sheets), from the
 * parameters body, delta, material, layers and sheet*; freed at once. */
typedef struct {
    struct neq_body *body;
    int nmat, nsheet;
    struct neq_material **mat;
    struct neq_sheet **sheet;
} neq_models_bodyset;
int neq_models_bodyset_alloc(const neq_params *p, neq_models_bodyset *out);
void neq_models_bodyset_free(neq_models_bodyset *s);
/* 1 if omega lies in the valid range of every material of the body (em.h's
 * neq_material_range; a mirror always), else 0: the quantity
 * material_in_range, on which the command line warns. */
double neq_models_in_range(const neq_models_bodyset *s, double omega);

/* The counting statistics of a point's heat (counting.c): the first three
 * cumulants of each group's heat and the thermodynamic-uncertainty ratio
 * sigma kappa_2 / kappa_1^2 of each, computed once per point (have). */
typedef struct {
    int have;
    double cum[NEQ_QUANTITY_NGROUPS][3];
    double tur[NEQ_QUANTITY_NGROUPS];
} neq_models_fcs;
/* The symmetrised noise S(omega) of each group's heat current (NaN where
 * the statistics are undefined, as above). */
int neq_models_fcs_noise(const struct neq_gksl *g, const double complex *Hc,
                         const double complex *rho, double omega, double S[NEQ_QUANTITY_NGROUPS]);
struct neq_gksl;
/* From the generator g (with counting Hamiltonian Hc; NULL: g's own), its
 * steady state rho and entropy production sigma.  NaN where undefined: a
 * generator whose jumps carry no single energy (local, Redfield), a state
 * beyond NEQ_FCS_MAX_DIM, a TUR ratio at zero mean current. */
int neq_models_fcs_compute(const struct neq_gksl *g, const double complex *Hc,
                           const double complex *rho, double sigma, neq_models_fcs *out);
/* Every entry NaN (and have): undefined at this point. */
void neq_models_fcs_undefined(neq_models_fcs *out);

/* Parses "x,y,z[;xi,yi,zi]" into a nonzero complex 3-vector (the detail
 * names `name` and the text). */
int neq_parse_vector(const char *name, const char *text, double complex v[3]);

/* NEQ_EINVAL when p asks for a steady state across MPI ranks (body
 * --distributed): a collective for one point, which grids and design
 * searches, solving points apart on threads and ranks, cannot make. */
int neq_single_point_only(const neq_params *p);

#endif
