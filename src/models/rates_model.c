/* The electromagnetic functions of two qubits near a body (Bellomo &
 * Antezza 2013, eqs. 4-7, 9) as a model: the same parameters as the body
 * model (one table, body_model.c); the setup is the geometry's tensors,
 * an evaluation projects them and adds the temperatures.  Physics in
 * src/em/. */
#include "internal_models.h"
#include "neqent/em.h"
#include "neqent/master.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    neq_em_tensors t;
    double omega;
    double complex d1[3], d2[3];
    double in_range; /* neq_models_in_range of the material at omega */
} rates_plan;

typedef struct {
    neq_em_rates r;
    double gamma0;
} rates_result;

static void plan_free(void *state) { free(state); }

static int plan_alloc(const neq_params *p, void **state, int *dim, int *nq)
{
    rates_plan *s = calloc(1, sizeof *s);
    if (!s)
        return neq_fail(NEQ_ENOMEM, "no memory for a plan");
    int rc = neq_parse_vector("dipole1", p->s[P_DIPOLE1], s->d1);
    if (rc == 0)
        rc = neq_parse_vector("dipole2", p->s[P_DIPOLE2], s->d2);
    neq_models_bodyset bs = {0};
    if (rc == 0)
        rc = neq_models_bodyset_alloc(p, &bs);
    neq_em_options opt = neq_em_options_rel(p->v[P_TOL]);
    s->omega = p->v[P_OMEGA];
    s->in_range = rc == 0 ? neq_models_in_range(&bs, s->omega) : 1;
    if (rc == 0)
        rc = neq_em_tensors_compute(bs.body, s->omega, p->v[P_Z1], p->v[P_Z2], p->v[P_R12], &opt, NULL,
                                    &s->t);
    neq_models_bodyset_free(&bs);
    if (rc) {
        free(s);
        return rc;
    }
    *state = s;
    *dim = 2; /* the matrices are indexed by the qubit pair (q, q') */
    *nq = 2;
    return NEQ_OK;
}

static int eval(const void *state, const neq_params *p, void *result)
{
    const rates_plan *s = state;
    rates_result *r = result;
    r->gamma0 = NAN;
    if (p->v[P_DIPMOM] > 0)
        NEQ_TRY(neq_em_gamma0(s->omega, p->v[P_DIPMOM], &r->gamma0));
    return neq_em_rates_compute(&s->t, s->omega, s->d1, s->d2, p->v[P_TW], p->v[P_TM], &r->r);
}

static int generator(const void *state, const neq_params *p, neq_gksl **out)
{
    (void)state;
    (void)p;
    (void)out;
    return neq_fail(NEQ_EINVAL, "the rates model has no master equation: use the body model");
}

#define R (&((const rates_result *)result)->r)

/* a 2 x 2 [q][q'] array as a column-major interleaved matrix */
static void mat2(const double complex m[2][2], double *out)
{
    for (int q = 0; q < 2; q++)
        for (int p = 0; p < 2; p++) {
            out[2 * (q + 2 * p)] = creal(m[q][p]);
            out[2 * (q + 2 * p) + 1] = cimag(m[q][p]);
        }
}

#define MATRIX(fname, field)                                                             \
    static int fname(const void *state, const neq_params *p, void *result, double *out) \
    {                                                                                    \
        (void)state;                                                                     \
        (void)p;                                                                         \
        mat2((const double complex(*)[2])R->field, out);                                 \
        return NEQ_OK;                                                                   \
    }

MATRIX(get_aW, alpha_W)
MATRIX(get_aM, alpha_M)
MATRIX(get_lambda, lambda)
MATRIX(get_gp, gamma_plus)
MATRIX(get_gm, gamma_minus)
SCALAR(get_nW, R->n_W)
SCALAR(get_nM, R->n_M)
SCALAR(get_n1, R->n_q[0])
SCALAR(get_n2, R->n_q[1])
SCALAR(get_T1, R->T_q[0])
SCALAR(get_T2, R->T_q[1])
SCALAR(get_GS, R->Gamma_S)
SCALAR(get_GA, R->Gamma_A)
SCALAR(get_nS, R->n_S)
SCALAR(get_nA, R->n_A)
SCALAR(get_TS, R->T_S)
SCALAR(get_TA, R->T_A)
SCALAR(get_g0, ((const rates_result *)result)->gamma0)

static int get_in_range(const void *state, const neq_params *p, void *result, double *out)
{
    (void)p;
    (void)result;
    *out = ((const rates_plan *)state)->in_range;
    return NEQ_OK;
}

static int get_npoles(const void *state, const neq_params *p, void *result, double *out)
{
    (void)p;
    (void)result;
    *out = ((const rates_plan *)state)->t.npoles;
    return NEQ_OK;
}

#undef R

static const neq_quantity_entry QUANTITIES[] = {
    {{"alpha_W", NEQ_QUANTITY_MATRIX, 0, "Gamma0", 0,
      "alpha_W^{qq'} (eq. 5), the walls' field, [q][q'] by row and column"}, get_aW},
    {{"alpha_M", NEQ_QUANTITY_MATRIX, 0, "Gamma0", 0, "alpha_M^{qq'} (eq. 5), the body's field"},
     get_aM},
    {{"lambda", NEQ_QUANTITY_MATRIX, 0, "Gamma0", 0,
      "Lambda^{qq'} (eq. 7); the diagonal holds each qubit's body-induced shift"}, get_lambda},
    {{"gamma_plus", NEQ_QUANTITY_MATRIX, 0, "Gamma0", 0, "Gamma^{qq'}(+omega) (eq. 4)"}, get_gp},
    {{"gamma_minus", NEQ_QUANTITY_MATRIX, 0, "Gamma0", 0, "Gamma^{qq'}(-omega) (eq. 4)"}, get_gm},
    {{"n_W", NEQ_QUANTITY_SCALAR, 1, "1", 0, "n(omega, T_W)"}, get_nW},
    {{"n_M", NEQ_QUANTITY_SCALAR, 1, "1", 0, "n(omega, T_M)"}, get_nM},
    {{"n_1", NEQ_QUANTITY_SCALAR, 1, "1", 0, "effective photon number of qubit 1"}, get_n1},
    {{"n_2", NEQ_QUANTITY_SCALAR, 1, "1", 0, "effective photon number of qubit 2"}, get_n2},
    {{"T_1", NEQ_QUANTITY_SCALAR, 1, "K", 0, "effective temperature of qubit 1"}, get_T1},
    {{"T_2", NEQ_QUANTITY_SCALAR, 1, "K", 0, "effective temperature of qubit 2"}, get_T2},
    {{"Gamma_S", NEQ_QUANTITY_SCALAR, 1, "Gamma0", 0, "rate of the S channel (eq. 9)"}, get_GS},
    {{"Gamma_A", NEQ_QUANTITY_SCALAR, 1, "Gamma0", 0, "rate of the A channel (eq. 9)"}, get_GA},
    {{"n_S", NEQ_QUANTITY_SCALAR, 1, "1", 0, "effective photon number of S (eq. 9)"}, get_nS},
    {{"n_A", NEQ_QUANTITY_SCALAR, 1, "1", 0,
      "effective photon number of A (eq. 9; undefined when Gamma_A = 0)"}, get_nA},
    {{"T_S", NEQ_QUANTITY_SCALAR, 1, "K", 0, "effective temperature of S"}, get_TS},
    {{"T_A", NEQ_QUANTITY_SCALAR, 1, "K", 0, "effective temperature of A"}, get_TA},
    {{"Gamma0", NEQ_QUANTITY_SCALAR, 1, "1/s", 0,
      "vacuum decay rate |d|^2 omega^3/(3 pi hbar eps0 c^3) (with dipole_moment)"}, get_g0},
    {{"npoles", NEQ_QUANTITY_SCALAR, 1, "1", 0,
      "guided modes and polaritons subtracted from the integrals"}, get_npoles},
    {{"material_in_range", NEQ_QUANTITY_BOOL, 1, "1", 0,
      "omega lies where the material's model is valid (neqent materials show NAME)"},
     get_in_range},
};

const neq_model neq_model_rates_type = {
    "rates",
    "the electromagnetic functions of two qubits near a body out of thermal "
    "equilibrium (Bellomo & Antezza 2013, eqs. 4-7 and 9); SI, rates in units of Gamma_0",
    NEQ_RATES_NPARAMS, /* body's parameters but for the master equation's (shifts) */
    neq_nearbody_params,
    (int)(sizeof QUANTITIES / sizeof QUANTITIES[0]),
    QUANTITIES,
    sizeof(rates_result),
    sizeof(rates_plan),
    plan_alloc,
    plan_free,
    eval,
    generator,
    NULL,
    NULL,
    NULL,
    NULL,
};
