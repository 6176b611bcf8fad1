/* The two-qubit two-bath model (Quiroga et al. 2007) as data: its
 * parameters and quantities, defined once (include/neqent/model.h).  The
 * physics is in src/baths/baths.c. */
#include "baths_params.h"
#include "internal_models.h"
#include "neqent/baths.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum {
    P_EPS1, P_EPS2, P_K, P_KP, P_T1, P_T2, P_GAMMA1, P_GAMMA2, P_ME, P_SPECTRAL, P_CUTOFF,
    P_NOISE_W, P_LAMB, P_LAMBDA, NP
};

static const neq_param_desc PARAMS[NP] = {
    NEQ_BATHS_SYSTEM_PARAMS
    [P_SPECTRAL] = {"spectral", NEQ_PARAM_CHOICE, NEQ_UNIT_NONE, "", 0, NULL, 0, 0, 0, 0,
                    "flat,ohmic,drude", 0,
                    "spectral density: flat J = gamma, ohmic, or Drude-Lorentz (lambda, cutoff)"},
    [P_ME] = {"me", NEQ_PARAM_CHOICE, NEQ_UNIT_NONE, "", 0, NULL, 0, 0, 0, 0,
              "global,local,redfield,unified", 0,
              "master equation: global (Davies, eqs. 3, 7), local, redfield (not CP), or unified "
              "(partial secular: Bohr frequencies closer than the relaxation rate clustered)"},
    [P_NOISE_W] = {"noise_omega", NEQ_PARAM_REAL, NEQ_UNIT_NONE, "E", 0.0, NULL, NONNEG, NULL,
                       0, "the frequency of heat_noise, S(omega)"},
    [P_LAMB] = {"lamb_shift", NEQ_PARAM_FLAG, NEQ_UNIT_NONE, "", 0, NULL, 0, 0, 0, 0, NULL, 0,
                "add each bath's Lamb shift to any master equation (ohmic or Drude; eps1, eps2 "
                "are then the bare splittings)"},
};

static void to_baths(const neq_params *p, neq_baths_params *b)
{
    NEQ_BATHS_SYSTEM_FROM(p, b);
    b->me = (neq_me_kind)(int)p->v[P_ME];
    b->spectral = (neq_spectral_kind)(int)p->v[P_SPECTRAL];
    b->lamb_shift = p->v[P_LAMB] != 0;
}

/* the result: the steady state, and the LNEL coefficients at
 * T_M = (T1 + T2)/2 once a quantity asked for them (neq_workspace_result
 * gives the first member) */
typedef struct {
    neq_baths_result r;
    int have_lnel;
    neq_baths_lnel_result L;
    neq_models_fcs fcs; /* heat_cumulants, tur_ratio: once asked for */
} baths_result;

/* no setup: the generator depends on every parameter */
static int plan_alloc(const neq_params *p, void **state, int *dim, int *nq)
{
    neq_baths_params b;
    to_baths(p, &b);
    NEQ_TRY(neq_baths_validate(&b));
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
    baths_result *res = result;
    neq_baths_params b;
    to_baths(p, &b);
    res->have_lnel = 0;
    res->fcs.have = 0;
    return neq_baths_steady(&b, &res->r);
}

static int generator(const void *state, const neq_params *p, neq_gksl **out)
{
    (void)state;
    neq_baths_params b;
    to_baths(p, &b);
    return neq_baths_generator(&b, out);
}

/* ------------------------------------------------------- getters */

#define R (&((baths_result *)result)->r)

SCALAR(get_C, R->concurrence)
SCALAR(get_neg, R->negativity)
SCALAR(get_SL, R->linear_entropy)
SCALAR(get_SvN, R->von_neumann_entropy)
SCALAR(get_purity, R->purity)
SCALAR(get_J1, R->heat_current[0])
SCALAR(get_J2, R->heat_current[1])
SCALAR(get_sigma, R->entropy_production)
/* the audit: energy balance, and heat entering from the hotter bath (a
 * current at rounding, zeroed by neq_heat_currents, is no violation) */
SCALAR(get_balance, R->heat_current[0] + R->heat_current[1])
SCALAR(get_hot, !(R->heat_current[0] * (p->v[P_T1] - p->v[P_T2]) < 0))
SCALAR(get_e1, R->has_e ? R->e1 : NAN)
SCALAR(get_e2, R->has_e ? R->e2 : NAN)
SCALAR(get_theta, R->eigen.theta)
SCALAR(get_res, R->info.residual)
SCALAR(get_tr, R->info.trace_error)
SCALAR(get_mineig, R->info.min_eigenvalue)
SCALAR(get_cp, R->completely_positive ? 1.0 : 0.0)

static int get_energies(const void *state, const neq_params *p, void *result, double *out)
{
    (void)state;
    (void)p;
    memcpy(out, R->eigen.E, sizeof R->eigen.E);
    return NEQ_OK;
}

static int get_rho(const void *state, const neq_params *p, void *result, double *out)
{
    (void)state;
    (void)p;
    memcpy(out, R->rho, sizeof R->rho);
    return NEQ_OK;
}

static int get_rho_eigen(const void *state, const neq_params *p, void *result, double *out)
{
    (void)state;
    (void)p;
    memcpy(out, R->rho_eigen, sizeof R->rho_eigen);
    return NEQ_OK;
}

static int get_relaxation(const void *state, const neq_params *p, void *result, double *out)
{
    (void)state;
    (void)result;
    neq_baths_params b;
    double gap;
    to_baths(p, &b);
    NEQ_TRY(neq_baths_relaxation(&b, &gap));
    *out = gap > 0 ? 1 / gap : NAN; /* no relaxation: undefined */
    return NEQ_OK;
}

/* the heat's counting statistics of the point, once (global ME: Davies
 * jumps carry the energies of Q; NaN for local and Redfield) */
static int fcs_of(const void *state, const neq_params *p, baths_result *res)
{
    if (res->fcs.have)
        return NEQ_OK;
    neq_gksl *g = NULL;
    NEQ_TRY(generator(state, p, &g));
    int rc = neq_models_fcs_compute(g, NULL, res->r.rho, res->r.entropy_production, &res->fcs);
    neq_gksl_free(g);
    return rc;
}

static int get_cumulants(const void *state, const neq_params *p, void *result, double *out)
{
    baths_result *res = result;
    NEQ_TRY(fcs_of(state, p, res));
    memcpy(out, res->fcs.cum, sizeof res->fcs.cum);
    return NEQ_OK;
}

static int get_noise(const void *state, const neq_params *p, void *result, double *out)
{
    baths_result *res = result;
    neq_gksl *g = NULL;
    NEQ_TRY(generator(state, p, &g));
    int rc = neq_models_fcs_noise(g, NULL, res->r.rho, p->v[P_NOISE_W], out);
    neq_gksl_free(g);
    return rc;
}

/* the unified equation's clustering (NaN for the others) */
static int get_unified(const neq_params *p, double *width, double *clusters)
{
    neq_baths_params b;
    to_baths(p, &b);
    *width = *clusters = NAN;
    if (b.me != NEQ_ME_UNIFIED)
        return NEQ_OK;
    int nc;
    NEQ_TRY(neq_baths_unified_clusters(&b, width, &nc));
    *clusters = nc;
    return NEQ_OK;
}

static int get_uwidth(const void *state, const neq_params *p, void *result, double *out)
{
    (void)state;
    (void)result;
    double n;
    return get_unified(p, out, &n);
}

static int get_unclusters(const void *state, const neq_params *p, void *result, double *out)
{
    (void)state;
    (void)result;
    double w;
    return get_unified(p, &w, out);
}

static int get_tur(const void *state, const neq_params *p, void *result, double *out)
{
    baths_result *res = result;
    NEQ_TRY(fcs_of(state, p, res));
    memcpy(out, res->fcs.tur, sizeof res->fcs.tur);
    return NEQ_OK;
}

/* the LNEL coefficients at T_M = (T1 + T2)/2 (Quiroga et al.), computed
 * once per point for all twelve quantities */
static int lnel_of(const neq_params *p, baths_result *res)
{
    if (res->have_lnel)
        return NEQ_OK;
    neq_baths_params b;
    to_baths(p, &b);
    NEQ_TRY(neq_baths_lnel(&b, (b.T1 + b.T2) / 2, &res->L));
    res->have_lnel = 1;
    return NEQ_OK;
}

#define LNEL(fname, field)                                                               \
    static int fname(const void *state, const neq_params *p, void *result, double *out)  \
    {                                                                                    \
        (void)state;                                                                     \
        NEQ_TRY(lnel_of(p, result));                                                     \
        *out = ((baths_result *)result)->L.field;                                        \
        return NEQ_OK;                                                                   \
    }
LNEL(get_alpha, alpha)
LNEL(get_alpha_err, alpha_err)
LNEL(get_alpha_p, alpha_p)
LNEL(get_alpha_p_err, alpha_p_err)
LNEL(get_kappa, kappa)
LNEL(get_kappa_err, kappa_err)
LNEL(get_dC, dC)
LNEL(get_dC_err, dC_err)
LNEL(get_dSL, dSL)
LNEL(get_dSL_err, dSL_err)
LNEL(get_ceq_x, C_eq)
LNEL(get_sl_eq, SL_eq)

static int get_ceq(const void *state, const neq_params *p, void *result, double *out)
{
    (void)state;
    (void)result;
    neq_baths_params b;
    to_baths(p, &b);
    return neq_baths_ceq(&b, (b.T1 + b.T2) / 2, out);
}

static int get_tc(const void *state, const neq_params *p, void *result, double *out)
{
    (void)state;
    (void)result;
    neq_baths_params b;
    to_baths(p, &b);
    return neq_baths_tc(&b, out);
}

#undef R

static const neq_quantity_entry QUANTITIES[] = {
    {{"concurrence", NEQ_QUANTITY_SCALAR, 1, "1", 0, "Wootters concurrence of the steady state"}, get_C},
    {{"negativity", NEQ_QUANTITY_SCALAR, 1, "1", 0, "negativity (||rho^T_B||_1 - 1)/2"}, get_neg},
    {{"linear_entropy", NEQ_QUANTITY_SCALAR, 1, "1", 0, "4/3 (1 - Tr rho^2)"}, get_SL},
    {{"von_neumann_entropy", NEQ_QUANTITY_SCALAR, 1, "nats", 0, "-Tr rho ln rho"}, get_SvN},
    {{"purity", NEQ_QUANTITY_SCALAR, 1, "1", 0, "Tr rho^2"}, get_purity},
    {{"J1", NEQ_QUANTITY_SCALAR, 1, "E^2", 0,
      "heat current from bath 1 into the qubits, Tr{Q D_1(rho)}"}, get_J1},
    {{"J2", NEQ_QUANTITY_SCALAR, 1, "E^2", 0, "heat current from bath 2 into the qubits"}, get_J2},
    {{"entropy_production", NEQ_QUANTITY_SCALAR, 1, "E", 0,
      "-J1/T1 - J2/T2 (nats per unit time, >= 0 for CP generators)"}, get_sigma},
    {{"energy_balance", NEQ_QUANTITY_SCALAR, 1, "E^2", 0,
      "J1 + J2: 0 in a steady state (the audit; a warning names the master equation "
      "otherwise)"}, get_balance},
    {{"heat_from_hot", NEQ_QUANTITY_BOOL, 1, "1", 0,
      "heat enters the qubits from the hotter bath (the audit: false is the second law broken "
      "in the flow of heat)"}, get_hot},
    {{"heat_cumulants", NEQ_QUANTITY_GROUPS, 3, "E^(k+1)", 1,
      "per bath: mean, variance and third cumulant of the heat it gives the qubits, per unit "
      "time (E^2, E^3, E^4; exact, full counting statistics; global ME only)"}, get_cumulants},
    {{"tur_ratio", NEQ_QUANTITY_VECTOR, 2, "1", 1,
      "per bath: sigma Var(J) / J^2, the thermodynamic uncertainty ratio (>= 2 for classical "
      "Markov processes; undefined at equilibrium)"}, get_tur},
    {{"heat_noise", NEQ_QUANTITY_VECTOR, 2, "E^3", 1,
      "per bath: the symmetrised noise S(omega) of its heat current at omega = noise_omega "
      "(S(0) = the variance of heat_cumulants)"}, get_noise},
    {{"e1", NEQ_QUANTITY_SCALAR, 1, "1", 0,
      "Fig. 1 coordinate e(w1) (eps1 = eps2 > 0, K' = 0 only)"}, get_e1},
    {{"e2", NEQ_QUANTITY_SCALAR, 1, "1", 0, "Fig. 1 coordinate e(w2)"}, get_e2},
    {{"relaxation_time", NEQ_QUANTITY_SCALAR, 1, "1/E", 1,
      "inverse Liouvillian gap (slowest relaxation)"}, get_relaxation},
    {{"C_eq", NEQ_QUANTITY_SCALAR, 1, "1", 1,
      "concurrence of the Gibbs state at T_M = (T1 + T2)/2"}, get_ceq},
    {{"T_c", NEQ_QUANTITY_SCALAR, 1, "E", 1,
      "sudden-death temperature: the largest T with C_eq(T) = 0"}, get_tc},
    {{"alpha", NEQ_QUANTITY_SCALAR, 1, "1/E^2", 1,
      "LNEL: C = C_eq + dC dT - alpha dT^2 at T_M = (T1 + T2)/2, dT = T1 - T2"}, get_alpha},
    {{"alpha_err", NEQ_QUANTITY_SCALAR, 1, "1/E^2", 1, "error estimate of alpha"}, get_alpha_err},
    {{"alpha_prime", NEQ_QUANTITY_SCALAR, 1, "1/E^2", 1,
      "LNEL: S_L = S_L,eq + dSL dT + alpha' dT^2 at T_M"}, get_alpha_p},
    {{"alpha_prime_err", NEQ_QUANTITY_SCALAR, 1, "1/E^2", 1, "error estimate of alpha'"},
     get_alpha_p_err},
    {{"kappa", NEQ_QUANTITY_SCALAR, 1, "E", 1, "thermal conductance: J1 = kappa dT + O(dT^2) at T_M"},
     get_kappa},
    {{"kappa_err", NEQ_QUANTITY_SCALAR, 1, "E", 1, "error estimate of kappa"}, get_kappa_err},
    {{"dC", NEQ_QUANTITY_SCALAR, 1, "1/E", 1,
      "LNEL: first-order coefficient of C (0 by symmetry if eps1 = eps2, gamma1 = gamma2)"},
     get_dC},
    {{"dC_err", NEQ_QUANTITY_SCALAR, 1, "1/E", 1, "error estimate of dC"}, get_dC_err},
    {{"dSL", NEQ_QUANTITY_SCALAR, 1, "1/E", 1, "LNEL: first-order coefficient of S_L"}, get_dSL},
    {{"dSL_err", NEQ_QUANTITY_SCALAR, 1, "1/E", 1, "error estimate of dSL"}, get_dSL_err},
    {{"C_eq_X", NEQ_QUANTITY_SCALAR, 1, "1", 1,
      "LNEL's C_eq: 2 max(K1, K2) of the Gibbs state at T_M, unclamped (< 0: separable)"},
     get_ceq_x},
    {{"S_L_eq", NEQ_QUANTITY_SCALAR, 1, "1", 1, "LNEL's S_L,eq: linear entropy of the Gibbs state at T_M"},
     get_sl_eq},
    {{"energies", NEQ_QUANTITY_VECTOR, 4, "E", 0, "eigenvalues E1..E4 of Q (paper's labels s1..s4)"},
     get_energies},
    {{"theta", NEQ_QUANTITY_SCALAR, 1, "1", 0, "mixing angle, tan theta = 2K/(eps1 - eps2)"}, get_theta},
    {{"residual", NEQ_QUANTITY_SCALAR, 1, "1", 0,
      "||L(rho)||_F / ||L||_F of the steady state (relative to the generator's scale)"}, get_res},
    {{"trace_error", NEQ_QUANTITY_SCALAR, 1, "1", 0, "|Tr rho - 1|"}, get_tr},
    {{"min_eigenvalue", NEQ_QUANTITY_SCALAR, 1, "1", 0,
      "smallest eigenvalue of rho (< 0: not positive, Redfield)"}, get_mineig},
    {{"unified_width", NEQ_QUANTITY_SCALAR, 1, "E", 1,
      "--me unified: Bohr frequencies closer than this are clustered (the largest relaxation "
      "rate J(w)(2n + 1))"},
     get_uwidth},
    {{"unified_clusters", NEQ_QUANTITY_SCALAR, 1, "1", 1,
      "--me unified: the clusters of positive Bohr frequencies (global: one per frequency)"},
     get_unclusters},
    {{"completely_positive", NEQ_QUANTITY_BOOL, 1, "1", 0,
      "whether the master equation is of GKSL form"}, get_cp},
    {{"rho", NEQ_QUANTITY_MATRIX, 0, "1", 0, "steady state, basis |00>,|01>,|10>,|11>"}, get_rho},
    {{"rho_eigenbasis", NEQ_QUANTITY_MATRIX, 0, "1", 0, "steady state in the eigenbasis s1..s4"},
     get_rho_eigen},
};

/* exact derivatives of the heat currents and the entropy production with
 * respect to the temperatures and couplings (neq_baths_response) */
static int derivative(const void *state, const neq_params *p, void *result, int k, int j,
                      double *out)
{
    (void)state;
    const char *q = QUANTITIES[k].d.name;
    int which = j == P_T1 ? NEQ_BATHS_D_T1 : j == P_T2 ? NEQ_BATHS_D_T2
                : j == P_GAMMA1 ? NEQ_BATHS_D_GAMMA1 : j == P_GAMMA2 ? NEQ_BATHS_D_GAMMA2 : -1;
    int kind = !strcmp(q, "J1") ? 0 : !strcmp(q, "J2") ? 1 : !strcmp(q, "entropy_production") ? 2
                                                                                          : -1;
    if (which < 0 || kind < 0)
        return neq_fail(NEQ_EINVAL, "no exact derivative of %s with respect to %s", q,
                        PARAMS[j].name);
    neq_baths_params b;
    to_baths(p, &b);
    double complex drho[16];
    double dJ[2];
    NEQ_TRY(neq_baths_response(&b, (neq_baths_dparam)which, drho, dJ));
    if (kind < 2) {
        *out = dJ[kind];
        return NEQ_OK;
    }
    /* sigma = -J1/T1 - J2/T2 */
    const double *J = ((baths_result *)result)->r.heat_current;
    *out = -dJ[0] / b.T1 - dJ[1] / b.T2 + (j == P_T1 ? J[0] / (b.T1 * b.T1) : 0) +
           (j == P_T2 ? J[1] / (b.T2 * b.T2) : 0);
    return NEQ_OK;
}

const neq_model neq_model_baths_type = {
    "baths",
    "two coupled qubits, each with its own boson bath (Quiroga et al., PRA 75, 032308, 2007); "
    "k_B = hbar = 1 units",
    NP,
    PARAMS,
    (int)(sizeof QUANTITIES / sizeof QUANTITIES[0]),
    QUANTITIES,
    sizeof(baths_result),
    64,
    plan_alloc,
    plan_free,
    eval,
    generator,
    NULL,
    NULL,
    NULL,
    derivative,
};
