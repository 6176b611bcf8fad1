/* Two qubits near a body out of thermal equilibrium (Bellomo & Antezza
 * 2013) as data: parameters and quantities, defined once
 * (include/neqent/model.h).  The physics is in src/em/ and src/nearbody/. */
#include "internal_models.h"
#include "neqent/em.h"
#include "neqent/nearbody.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


/* The ranges keep to what the model describes: frequencies from microwaves
 * to the ultraviolet, lengths up to a metre, temperatures up to 1e9 K, and
 * slabs no thinner than a picometre; outside them the electromagnetic
 * integrals overflow or lose every digit. */
#define POSITIVE_LENGTH 0, 1.0, 1, 0
#define NONNEG_LENGTH 0, 1.0, 0, 0
#define TEMPERATURE 0, 1e9, 1, 0

/* Defaults: the paper's Fig. 4 (SiC slab of 0.01 um, omega = 0.3 omega_r
 * with omega_r = 1.495e14 rad/s, z1 = z2 = 1 um, r12 = 0.25 um, dipoles
 * along z, T_W = 30 K) at T_M = 1000 K. */
/* shared with the rates model (rates_model.c): one table for both */
const neq_param_desc neq_nearbody_params[NEQ_NB_NPARAMS] = {
    [P_OMEGA] = {"omega", NEQ_PARAM_REAL, NEQ_UNIT_FREQUENCY, "rad/s", NEQ_NB_FIG4_OMEGA, NULL,
                 1e9, 1e17, 0, 0, NULL, 1, "qubit transition frequency (default 0.3 x 1.495e14)"},
    [P_Z1] = {"z1", NEQ_PARAM_REAL, NEQ_UNIT_LENGTH, "m", NEQ_NB_FIG4_Z, NULL, POSITIVE_LENGTH, NULL, 1,
              "height of qubit 1 above the surface; z <= 0 is inside the body"},
    [P_Z2] = {"z2", NEQ_PARAM_REAL, NEQ_UNIT_LENGTH, "m", NEQ_NB_FIG4_Z, NULL, POSITIVE_LENGTH, NULL, 1,
              "height of qubit 2 above the surface; z <= 0 is inside the body"},
    [P_R12] = {"r12", NEQ_PARAM_REAL, NEQ_UNIT_LENGTH, "m", NEQ_NB_FIG4_R12, NULL, NONNEG_LENGTH, NULL, 1,
               "lateral separation of the qubits, along x"},
    [P_BODY] = {"body", NEQ_PARAM_CHOICE, NEQ_UNIT_NONE, "", 0, NULL, 0, 0, 0, 0,
                "slab,halfspace,mirror", 1,
                "the body: a slab -delta < z < 0, a half-space z < 0, or a perfect mirror"},
    [P_DELTA] = {"delta", NEQ_PARAM_REAL, NEQ_UNIT_LENGTH, "m", NEQ_NB_FIG4_DELTA, NULL, 1e-12, 1.0, 0, 0, NULL, 1,
                 "slab thickness"},
    [P_MATERIAL] = {"material", NEQ_PARAM_TEXT, NEQ_UNIT_NONE, "", 0, "sic", 0, 0, 0, 0, NULL, 1,
                    "permittivity: sic, vacuum, const:RE[,IM], drude:EPSINF,WP,G, "
                    "dl:EPSINF,WL,WT,G or file:PATH"},
    [P_DIPOLE1] = {"dipole1", NEQ_PARAM_VECTOR, NEQ_UNIT_NONE, "", 0, "0,0,1", 0, 0, 0, 0, NULL,
                   1, "dipole direction of qubit 1, x,y,z[;xi,yi,zi] (normalised)"},
    [P_DIPOLE2] = {"dipole2", NEQ_PARAM_VECTOR, NEQ_UNIT_NONE, "", 0, "0,0,1", 0, 0, 0, 0, NULL,
                   1, "dipole direction of qubit 2"},
    /* below 1e-13 the quadrature's own rounding floor is reached first */
    [P_TOL] = {"tol", NEQ_PARAM_REAL, NEQ_UNIT_NONE, "1", NEQ_EM_EPSREL, NULL, 1e-13, 1e-2, 0, 0, NULL, 1,
               "requested relative accuracy of the electromagnetic integrals"},
    [P_TW] = {"TW", NEQ_PARAM_REAL, NEQ_UNIT_TEMPERATURE, "K", NEQ_NB_FIG4_TW, NULL, TEMPERATURE, NULL, 0,
              "temperature of the walls, i.e. of the environment's radiation"},
    [P_TM] = {"TM", NEQ_PARAM_REAL, NEQ_UNIT_TEMPERATURE, "K", 1000, NULL, TEMPERATURE, NULL, 0,
              "temperature of the body"},
    [P_DIPMOM] = {"dipole_moment", NEQ_PARAM_REAL, NEQ_UNIT_NONE, "C*m", 0, NULL, 0, 1e-20, 0, 0,
                  NULL, 0, "|d|, to give the vacuum rate Gamma0 in 1/s (0: Gamma0 undefined)"},
    [P_SHIFTS] = {"shifts", NEQ_PARAM_FLAG, NEQ_UNIT_NONE, "", 0, NULL, 0, 0, 0, 0, NULL, 0,
                  "include the body-induced frequency shifts (the paper drops them)"},
};

typedef struct {
    neq_nb_model *model;
    double omega;
} body_plan;

static void plan_free(void *state)
{
    body_plan *s = state;
    if (!s)
        return;
    neq_nb_model_free(s->model);
    free(s);
}

int neq_models_body(int kind, const char *spec, double delta, neq_material **mat, neq_body **b)
{
    *mat = NULL;
    *b = NULL;
    if (kind == 2)
        return neq_body_mirror(b);
    int rc = neq_material_parse(spec, mat);
    if (rc == 0)
        rc = kind == 0 ? neq_body_slab(*mat, delta, b) : neq_body_halfspace(*mat, b);
    if (rc) {
        neq_material_free(*mat);
        *mat = NULL;
    }
    return rc;
}

static int plan_alloc(const neq_params *p, void **state, int *dim)
{
    neq_nb_geometry g;
    neq_nb_default_geometry(&g);
    g.omega = p->v[P_OMEGA];
    g.pos[0][2] = p->v[P_Z1];
    g.pos[1][0] = p->v[P_R12];
    g.pos[1][2] = p->v[P_Z2];
    NEQ_TRY(neq_parse_vector("dipole1", p->s[P_DIPOLE1], g.dip[0]));
    NEQ_TRY(neq_parse_vector("dipole2", p->s[P_DIPOLE2], g.dip[1]));
    neq_em_options opt = neq_em_options_rel(p->v[P_TOL]);
    neq_material *mat = NULL;
    neq_body *b = NULL;
    int rc = neq_models_body((int)p->v[P_BODY], p->s[P_MATERIAL], p->v[P_DELTA], &mat, &b);
    body_plan *s = calloc(1, sizeof *s);
    if (rc == 0 && !s)
        rc = neq_fail(NEQ_ENOMEM, "no memory for a plan");
    if (rc == 0) {
        s->omega = g.omega;
        rc = neq_nb_model_alloc(b, &g, &opt, &s->model);
    }
    /* the model holds every electromagnetic function it needs: the body
     * and its material are no longer used */
    neq_body_free(b);
    neq_material_free(mat);
    if (rc) {
        plan_free(s);
        return rc;
    }
    *state = s;
    *dim = 4;
    return NEQ_OK;
}

static int eval(const void *state, const neq_params *p, void *result)
{
    const body_plan *s = state;
    return neq_nb_steady(s->model, p->v[P_TW], p->v[P_TM], p->v[P_SHIFTS] != 0, NULL, result);
}

static int generator(const void *state, const neq_params *p, neq_gksl **out)
{
    const body_plan *s = state;
    return neq_nb_generator(s->model, p->v[P_TW], p->v[P_TM], p->v[P_SHIFTS] != 0, out);
}

/* ------------------------------------------------------- getters */

#define R ((const neq_nb_result *)result)

SCALAR(get_C, R->concurrence)
SCALAR(get_K1, R->K1)
SCALAR(get_K2, R->K2)
SCALAR(get_pG, R->populations_coupled[0])
SCALAR(get_pA, R->populations_coupled[1])
SCALAR(get_pS, R->populations_coupled[2])
SCALAR(get_pE, R->populations_coupled[3])
SCALAR(get_nS, R->n_S)
SCALAR(get_nA, R->n_A)
SCALAR(get_TS, R->T_S)
SCALAR(get_TA, R->T_A)
SCALAR(get_ratio, R->Gamma_S > 0 ? R->Gamma_A / R->Gamma_S : NAN)
SCALAR(get_heat_body, R->heat_body)
SCALAR(get_heat_walls, R->heat_walls)
SCALAR(get_sigma, R->entropy_production)
SCALAR(get_purity, R->purity)
SCALAR(get_SL, R->linear_entropy)
SCALAR(get_SvN, R->von_neumann_entropy)
SCALAR(get_nW, R->n_W)
SCALAR(get_nM, R->n_M)
SCALAR(get_null, (double)R->null_dim)
SCALAR(get_res, R->info.residual)

static int get_rho(const void *state, const neq_params *p, void *result, double *out)
{
    (void)state;
    (void)p;
    int d = 1 << R->nq;
    memcpy(out, R->rho, sizeof R->rho[0] * (size_t)d * (size_t)d);
    return NEQ_OK;
}

static int get_rho_coupled(const void *state, const neq_params *p, void *result,
                           double *out)
{
    (void)state;
    (void)p;
    memcpy(out, R->rho_coupled, sizeof R->rho_coupled);
    return NEQ_OK;
}

static int get_gamma0(const void *state, const neq_params *p, void *result, double *out)
{
    (void)result;
    const body_plan *s = state;
    *out = NAN;
    return p->v[P_DIPMOM] > 0 ? neq_em_gamma0(s->omega, p->v[P_DIPMOM], out) : NEQ_OK;
}

static int get_relaxation(const void *state, const neq_params *p, void *result, double *out)
{
    (void)result;
    const body_plan *s = state;
    double gap;
    NEQ_TRY(neq_nb_relaxation(s->model, p->v[P_TW], p->v[P_TM], p->v[P_SHIFTS] != 0, &gap));
    *out = gap > 0 ? 1 / gap : NAN;
    return NEQ_OK;
}

#undef R

static const neq_quantity_entry QUANTITIES[] = {
    {{"concurrence", NEQ_QUANTITY_SCALAR, 1, "1", 0, "Wootters concurrence of the steady state"}, get_C},
    {{"K1", NEQ_QUANTITY_SCALAR, 1, "1", 0, "|rho_23| - sqrt(rho_11 rho_44) (eq. 2)"}, get_K1},
    {{"K2", NEQ_QUANTITY_SCALAR, 1, "1", 0, "|rho_14| - sqrt(rho_22 rho_33) (eq. 2)"}, get_K2},
    {{"rho_G", NEQ_QUANTITY_SCALAR, 1, "1", 0, "population of G = |gg>"}, get_pG},
    {{"rho_A", NEQ_QUANTITY_SCALAR, 1, "1", 0, "population of A = (|eg> - |ge>)/sqrt2"}, get_pA},
    {{"rho_S", NEQ_QUANTITY_SCALAR, 1, "1", 0, "population of S = (|eg> + |ge>)/sqrt2"}, get_pS},
    {{"rho_E", NEQ_QUANTITY_SCALAR, 1, "1", 0, "population of E = |ee>"}, get_pE},
    {{"n_S", NEQ_QUANTITY_SCALAR, 1, "1", 0, "effective photon number of the S channel (eq. 9)"}, get_nS},
    {{"n_A", NEQ_QUANTITY_SCALAR, 1, "1", 0,
      "effective photon number of the A channel (eq. 9; undefined when Gamma_A = 0)"}, get_nA},
    {{"T_S", NEQ_QUANTITY_SCALAR, 1, "K", 0, "effective temperature of n_S"}, get_TS},
    {{"T_A", NEQ_QUANTITY_SCALAR, 1, "K", 0, "effective temperature of n_A"}, get_TA},
    {{"gamma_A_over_gamma_S", NEQ_QUANTITY_SCALAR, 1, "1", 0, "Gamma_A / Gamma_S (eq. 9)"}, get_ratio},
    {{"heat_body", NEQ_QUANTITY_SCALAR, 1, "hbar*omega*Gamma0", 0,
      "heat current from the body's field into the qubits"}, get_heat_body},
    {{"heat_walls", NEQ_QUANTITY_SCALAR, 1, "hbar*omega*Gamma0", 0,
      "heat current from the walls' field into the qubits"}, get_heat_walls},
    {{"entropy_production", NEQ_QUANTITY_SCALAR, 1, "kB*Gamma0", 0,
      "-(hbar omega/k_B)(J_W/T_W + J_M/T_M), >= 0"}, get_sigma},
    {{"purity", NEQ_QUANTITY_SCALAR, 1, "1", 0, "Tr rho^2"}, get_purity},
    {{"linear_entropy", NEQ_QUANTITY_SCALAR, 1, "1", 0, "4/3 (1 - Tr rho^2)"}, get_SL},
    {{"von_neumann_entropy", NEQ_QUANTITY_SCALAR, 1, "nats", 0, "-Tr rho ln rho"}, get_SvN},
    {{"n_W", NEQ_QUANTITY_SCALAR, 1, "1", 0, "n(omega, T_W)"}, get_nW},
    {{"n_M", NEQ_QUANTITY_SCALAR, 1, "1", 0, "n(omega, T_M)"}, get_nM},
    {{"Gamma0", NEQ_QUANTITY_SCALAR, 1, "1/s", 0,
      "vacuum decay rate |d|^2 omega^3/(3 pi hbar eps0 c^3) (with dipole_moment)"}, get_gamma0},
    {{"relaxation_time", NEQ_QUANTITY_SCALAR, 1, "1/Gamma0", 1,
      "inverse Liouvillian gap (slowest relaxation)"}, get_relaxation},
    {{"null_dim", NEQ_QUANTITY_SCALAR, 1, "1", 0,
      "dimension of the Liouvillian's kernel (> 1: not unique; rho from |gg>)"}, get_null},
    {{"residual", NEQ_QUANTITY_SCALAR, 1, "1", 0,
      "||L(rho)||_F / ||L||_F of the steady state (relative to the generator's scale)"}, get_res},
    {{"rho", NEQ_QUANTITY_MATRIX, 0, "1", 0, "steady state, basis |00>,|01>,|10>,|11> (|1> = |e>)"},
     get_rho},
    {{"rho_coupled", NEQ_QUANTITY_MATRIX, 0, "1", 0, "steady state in the coupled basis G, A, S, E"},
     get_rho_coupled},
};

const neq_model neq_model_body_type = {
    "body",
    "two qubits near a body out of thermal equilibrium (Bellomo & Antezza, EPL 104, 10006, "
    "2013); SI inputs, rates in units of Gamma_0",
    NEQ_NB_NPARAMS,
    neq_nearbody_params,
    (int)(sizeof QUANTITIES / sizeof QUANTITIES[0]),
    QUANTITIES,
    sizeof(neq_nb_result),
    24576,
    plan_alloc,
    plan_free,
    eval,
    generator,
};
