/* The two-bath model's system parameters, defined once and shared by the
 * models built on it (baths_model.c, validity_model.c): each includes them
 * in its own table after defining the P_ indices below. */
#ifndef NEQENT_BATHS_PARAMS_H
#define NEQENT_BATHS_PARAMS_H

/* In units of K = 1, magnitudes beyond 1e6 leave the range where the rates
 * and occupations of double precision mean anything (the steady state's
 * rank test then fails on rounding): the ranges stop there. */
#define ANY -1e6, 1e6, 0, 0
#define POSITIVE 0, 1e6, 1, 0
#define NONNEG 0, 1e6, 0, 0

/* Defaults: the paper's Fig. 1-4 setting (eps = 1/3, K = 1, K' = 0,
 * Gamma = 1) with T1 = 1.5, T2 = 0.5. */
#define NEQ_BATHS_SYSTEM_PARAMS \
    [P_EPS1] = {"eps1", NEQ_PARAM_REAL, NEQ_UNIT_NONE, "E", 1.0 / 3.0, NULL, ANY, NULL, 0, \
                "splitting of qubit 1 (eq. 5)"}, \
    [P_EPS2] = {"eps2", NEQ_PARAM_REAL, NEQ_UNIT_NONE, "E", 1.0 / 3.0, NULL, ANY, NULL, 0, \
                "splitting of qubit 2 (eq. 5)"}, \
    [P_K] = {"K", NEQ_PARAM_REAL, NEQ_UNIT_NONE, "E", 1.0, NULL, ANY, NULL, 0, \
             "XX (exchange) coupling K (eq. 5)"}, \
    [P_KP] = {"Kp", NEQ_PARAM_REAL, NEQ_UNIT_NONE, "E", 0.0, NULL, ANY, NULL, 0, \
              "Ising coupling K' (eq. 5)"}, \
    [P_T1] = {"T1", NEQ_PARAM_REAL, NEQ_UNIT_NONE, "E", 1.5, NULL, POSITIVE, NULL, 0, \
              "temperature of bath 1; at T = 0 the entropy production diverges"}, \
    [P_T2] = {"T2", NEQ_PARAM_REAL, NEQ_UNIT_NONE, "E", 0.5, NULL, POSITIVE, NULL, 0, \
              "temperature of bath 2; at T = 0 the entropy production diverges"}, \
    [P_GAMMA1] = {"gamma1", NEQ_PARAM_REAL, NEQ_UNIT_NONE, "E", 1.0, NULL, NONNEG, NULL, 0, \
                  "coupling to bath 1: J1(w) = gamma1 (flat), gamma1 w e^{-w/cutoff} " \
                  "(ohmic), or gamma1 times the Drude density of lambda"}, \
    [P_GAMMA2] = {"gamma2", NEQ_PARAM_REAL, NEQ_UNIT_NONE, "E", 1.0, NULL, NONNEG, NULL, 0, \
                  "coupling to bath 2"}, \
    [P_CUTOFF] = {"cutoff", NEQ_PARAM_REAL, NEQ_UNIT_NONE, "E", 10.0, NULL, POSITIVE, NULL, 0, \
                  "cutoff frequency of the ohmic or Drude spectral density"}, \
    [P_LAMBDA] = {"lambda", NEQ_PARAM_REAL, NEQ_UNIT_NONE, "E", 0.01, NULL, NONNEG, NULL, 0, \
                  "Drude reorganisation energy: J_j(w) = 4 gamma_j lambda cutoff w/(w^2 + " \
                  "cutoff^2), i.e. QuTiP's DrudeLorentzBath(lam = gamma_j lambda) (its rates are " \
                  "2 J (1 + n))"},

/* The system's parameters of set p (indexed by the including model's P_
 * indices) into b, the rest of b at neq_baths_default's values. */
#define NEQ_BATHS_SYSTEM_FROM(p, b)                                                           \
    do {                                                                                      \
        neq_baths_default(b);                                                                 \
        (b)->eps1 = (p)->v[P_EPS1];                                                           \
        (b)->eps2 = (p)->v[P_EPS2];                                                           \
        (b)->K = (p)->v[P_K];                                                                 \
        (b)->Kp = (p)->v[P_KP];                                                               \
        (b)->T1 = (p)->v[P_T1];                                                               \
        (b)->T2 = (p)->v[P_T2];                                                               \
        (b)->gamma1 = (p)->v[P_GAMMA1];                                                       \
        (b)->gamma2 = (p)->v[P_GAMMA2];                                                       \
        (b)->cutoff = (p)->v[P_CUTOFF];                                                       \
        (b)->lambda = (p)->v[P_LAMBDA];                                                       \
    } while (0)

#endif