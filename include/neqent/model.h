/* neqent: models as data.
 *
 * Every physical model of neqent (the two-bath model of Quiroga et al.,
 * "baths"; qubits near a body of Bellomo & Antezza, "body"; that model's
 * electromagnetic functions alone, "rates") is described by one table: its parameters (name, unit, default, valid range, one-line
 * doc) and its output quantities (name, unit, doc, getter).  The command
 * line's options, --help and --print-config, sweep columns and headers,
 * JSON keys, the man page's option lists and the docs tables are all
 * generated from these tables, so every default and every range exists
 * once (here, in src/models/).
 *
 * Use, in the style of FFTW's plan/execute:
 *
 *   const neq_model *m = neq_model_lookup("body");
 *   neq_params *p;         neq_params_alloc(m, &p);          // the defaults
 *   neq_params_set_text(p, "z2", "1.2um");                   // units accepted
 *   neq_plan *plan;        neq_plan_alloc(p, &plan);         // geometry work, once
 *   neq_workspace *ws;     neq_workspace_alloc(plan, &ws);   // one per thread
 *   neq_params_set(p, "TM", 1200);                           // a point
 *   neq_eval(plan, p, ws);                                   // the steady state
 *   double C;              neq_quantity_get(plan, p, ws, neq_model_quantity_index(m, "concurrence"), &C);
 *
 * Setup parameters (neq_param_desc.setup = 1: the geometry of the body and
 * rates models) are fixed by the plan; the others may change from one neq_eval to
 * the next.  neq_eval refuses a point whose setup parameters differ from
 * the plan's (NEQ_EINVAL).
 *
 * Threads: a neq_model is static data.  A neq_params is plain data owned
 * by its caller (not shared while it is written; threads may read one
 * that nobody writes).  A neq_plan is read-only once built: any number of
 * threads may call neq_eval and neq_quantity_get (and neq_plan_generator,
 * neq_plan_matches, ...) on the same plan at once, each with its own
 * neq_workspace (scratch memory and the last result live there; one
 * workspace must not be used by two threads at once).  Results do not
 * depend on the thread or on what the workspace computed before
 * (tests/threads/test_threads.c).  A plan must not be freed while another
 * thread uses it.
 *
 * Units: SI for the body model (m, K, rad/s; results in units of the
 * vacuum rate Gamma_0), k_B = hbar = 1 units ("E", the paper's K = 1) for
 * the two-bath model (docs/physics.md). */
#ifndef NEQENT_MODEL_H
#define NEQENT_MODEL_H

#include <stddef.h>

#include "neqent/text.h"

#include "neqent/common.h"

NEQ_BEGIN_DECLS

/* ------------------------------------------------------- descriptors */

/* What a parameter holds. */
typedef enum {
    NEQ_PARAM_REAL = 0,   /* a real number, with a unit and a range              */
    NEQ_PARAM_CHOICE = 1, /* one name of a list ("global", "local", ...)          */
    NEQ_PARAM_TEXT = 2,   /* free text (a material specification)                */
    NEQ_PARAM_VECTOR = 3, /* a complex 3-vector "x,y,z[;xi,yi,zi]" (a dipole)     */
    NEQ_PARAM_FLAG = 4    /* true or false                                       */
} neq_param_kind;

/* Which unit suffixes a real parameter's text may carry (neq_param_parse). */
typedef enum {
    NEQ_UNIT_NONE = 0,        /* plain numbers only                          */
    NEQ_UNIT_LENGTH = 1,      /* m, mm, um, nm, pm                           */
    NEQ_UNIT_TEMPERATURE = 2, /* K, mK                                       */
    NEQ_UNIT_FREQUENCY = 3,   /* rad/s, Hz and THz (times 2 pi)              */
    NEQ_UNIT_ENERGY = 4       /* J, eV, meV                                  */
} neq_unit_kind;

/* One parameter of a model. */
typedef struct {
    const char *name;       /* as on the command line and in files: "z1"          */
    neq_param_kind kind;
    neq_unit_kind unit_kind;
    const char *unit;       /* "m", "K", "rad/s", "E" (k_B = hbar = 1), "1"       */
    double def;             /* REAL default; FLAG 0/1; CHOICE index                */
    const char *def_text;   /* TEXT and VECTOR default                            */
    double min, max;        /* REAL: valid range                                  */
    int min_open, max_open; /* 1: the bound itself is outside the range           */
    const char *choices;    /* CHOICE: comma-separated names                      */
    int setup;              /* 1: part of the plan (changing it needs a new plan) */
    const char *doc;        /* one line                                           */
} neq_param_desc;

/* The shape of a quantity's value. */
typedef enum {
    NEQ_QUANTITY_SCALAR = 0, /* one double (NaN: undefined at this point)               */
    NEQ_QUANTITY_BOOL = 1,   /* one double, 0 or 1                                      */
    NEQ_QUANTITY_VECTOR = 2, /* `size` doubles                                          */
    NEQ_QUANTITY_MATRIX = 3, /* d x d complex, column-major, re/im interleaved:         */
                             /* 2 d^2 doubles, d = neq_plan_dim(): the Hilbert space   */
                             /* (4) for states, the qubit pair (2) for rates' matrices */
    NEQ_QUANTITY_QUBITS = 4, /* one double per qubit: nq = neq_plan_nqubits()          */
    NEQ_QUANTITY_PAIRS = 5,  /* nq x nq doubles, (q, q') at [q nq + q'] (row by row)    */
    NEQ_QUANTITY_STATES = 6, /* one double per basis state: d = neq_plan_dim()          */
    NEQ_QUANTITY_GROUPS = 7  /* `size` doubles per dissipator group, group by group     */
                             /* (two: the baths; the walls and the body)              */
} neq_quantity_kind;

/* The dissipator groups of a NEQ_QUANTITY_GROUPS quantity's rows. */
#define NEQ_QUANTITY_NGROUPS 2

/* One output quantity of a model. */
typedef struct {
    const char *name;  /* JSON key and sweep column (the column adds "[unit]") */
    neq_quantity_kind kind;
    int size;          /* VECTOR: number of elements                          */
    const char *unit;  /* "1" for dimensionless                               */
    int costly;        /* 1: an extra computation (an eigenvalue problem, a root
                        * search); sweeps compute it only when asked          */
    const char *doc;
} neq_quantity_desc;

typedef struct neq_model neq_model;

/* The models by name ("baths", "body"); NULL if none has that name. */
const neq_model *neq_model_lookup(const char *name);
/* All models: index 0 .. neq_model_count() - 1. */
int neq_model_count(void);
/* Model k, 0 <= k < neq_model_count(); NULL outside. */
const neq_model *neq_model_at(int index);
/* The model's name ("baths", "body", "rates"). */
const char *neq_model_name(const neq_model *m);
/* One line: what the model is, with its paper. */
const char *neq_model_doc(const neq_model *m);

/* Number of parameters of the model. */
int neq_model_nparams(const neq_model *m);
/* Parameter k (0 <= k < neq_model_nparams); NULL outside. */
const neq_param_desc *neq_model_param(const neq_model *m, int k);
/* Index of a parameter by name; -1 if the model has none of that name. */
int neq_model_param_index(const neq_model *m, const char *name);

/* Number of output quantities of the model. */
int neq_model_nquantities(const neq_model *m);
/* Quantity k (0 <= k < neq_model_nquantities); NULL outside. */
const neq_quantity_desc *neq_model_quantity(const neq_model *m, int k);
/* Index of a quantity by name; -1 if the model has none of that name. */
int neq_model_quantity_index(const neq_model *m, const char *name);

/* The closest name among the model's parameters (what = 0) or quantities
 * (what = 1) to a misspelt one, for "did you mean"; NULL if none is close. */
const char *neq_model_suggest(const neq_model *m, int what, const char *name);

/* ------------------------------------------------ parsing one value */

/* A real value from text: a decimal number, optionally with a unit suffix
 * of d->unit_kind ("1.2um", "300K", "7THz"; exact for powers of ten), in
 * d's unit.  Rejected, with the detail naming the text: malformed numbers,
 * hexadecimal floats, inf and NaN, unknown units, values outside d's range
 * (NEQ_EINVAL for bad text, NEQ_EDOMAIN for a value out of range). */
int neq_param_parse(const neq_param_desc *d, const char *text, double *value);
/* Whether v lies in d's range (0 ok; NEQ_EDOMAIN / NEQ_ENAN with a detail
 * such as "T1 = 0 E must be > 0"). */
int neq_param_check(const neq_param_desc *d, double v);
/* A grid of values: "START:STOP:N" (N >= 1 evenly spaced), "START:STOP:N:log"
 * (geometric, START, STOP > 0) or a list "v1,v2,...", with d's units and
 * range.  *values is allocated (free() it); at most max_values values. */
int neq_param_parse_range(const neq_param_desc *d, const char *text, long max_values,
                          double **values, long *n);

/* ---------------------------------------------------- parameter sets */

typedef struct neq_params neq_params;

/* A parameter set of model m holding its defaults. */
int neq_params_alloc(const neq_model *m, neq_params **out);
/* A copy of src (same model, same values). */
int neq_params_copy(const neq_params *src, neq_params **out);
/* Frees a parameter set (NULL is allowed). */
void neq_params_free(neq_params *p);
/* The model of a parameter set. */
const neq_model *neq_params_model(const neq_params *p);

/* Sets a parameter from text, as written on the command line or in a
 * config file: numbers with units (REAL), a name (CHOICE), true/false/1/0/
 * yes/no (FLAG), "x,y,z[;xi,yi,zi]" (VECTOR), any text (TEXT).  The value
 * is checked against the parameter's range. */
int neq_params_set_text(neq_params *p, const char *name, const char *text);
/* Sets a REAL, FLAG (0/1) or CHOICE (index) parameter by name, checked
 * against its range. */
int neq_params_set(neq_params *p, const char *name, double value);
/* Sets REAL, FLAG (0/1) or CHOICE (index) parameter k, checked against its range. */
int neq_params_set_at(neq_params *p, int k, double value);
/* The numeric value of parameter k (REAL, FLAG, CHOICE index); NaN for
 * TEXT and VECTOR. */
double neq_params_value(const neq_params *p, int k);
/* The text of parameter k (TEXT, VECTOR, CHOICE name); NULL for the others. */
const char *neq_params_text(const neq_params *p, int k);
/* The value of parameter k as text that neq_params_set_text reads back to
 * the same value: the shortest such number for REAL (neq_format_real), the
 * name for CHOICE, true/false for FLAG.
 * Returns the length that was needed (as snprintf). */
int neq_params_format(const neq_params *p, int k, char *buf, size_t n);
/* 1 if parameter k of a and b hold the same value. */
int neq_params_equal_at(const neq_params *a, const neq_params *b, int k);

/* What a plan and one evaluation at p will take: memory (bytes) and time
 * (s), estimated before anything is built (0 where negligible). */
int neq_params_cost(const neq_params *p, double *bytes, double *seconds);
/* What computing costly quantity k at p takes beyond that (0 where
 * negligible or k is not costly): e.g. the relaxation time of many qubits. */
int neq_quantity_cost(const neq_params *p, int k, double *bytes, double *seconds);

/* --------------------------------------------- plans and evaluation */

typedef struct neq_plan neq_plan;
typedef struct neq_workspace neq_workspace;

/* The setup of p's model at p's setup parameters (for the body model: the
 * material, the body, and every alpha_W, alpha_M, Lambda of the geometry).
 * Validates every parameter of p first.  Read-only once built. */
int neq_plan_alloc(const neq_params *p, neq_plan **out);
/* Frees a plan (NULL is allowed); its workspaces must not be used with it after. */
void neq_plan_free(neq_plan *plan);
/* The model of a plan. */
const neq_model *neq_plan_model(const neq_plan *plan);
/* The dimension d of the plan's MATRIX quantities: the Hilbert space of
 * the states (4 for two qubits; "baths", "body"), or 2 for "rates", whose
 * matrices are indexed by the qubit pair. */
int neq_plan_dim(const neq_plan *plan);
/* 1 if p's setup parameters equal the plan's (neq_eval accepts p). */
int neq_plan_matches(const neq_plan *plan, const neq_params *p);

/* Scratch memory and the last result of one thread.  A workspace serves
 * any plan of the same model whose dimension is at most that of `plan`. */
int neq_workspace_alloc(const neq_plan *plan, neq_workspace **out);
/* Frees a workspace (NULL is allowed). */
void neq_workspace_free(neq_workspace *ws);

/* The steady state at point p and every quantity of it that is not
 * costly, into ws.  The plan is not modified.  A failed evaluation leaves
 * no result (neq_quantity_get then returns NEQ_EINVAL). */
int neq_eval(const neq_plan *plan, const neq_params *p, neq_workspace *ws);
/* Quantity k of the last neq_eval(plan, p, ws) into out (1, size or 2 d^2
 * doubles by kind); costly quantities are computed here, on demand.  p must
 * hold the values of that evaluation (NEQ_EINVAL naming the parameter
 * that differs otherwise). */
int neq_quantity_get(const neq_plan *plan, const neq_params *p, neq_workspace *ws, int k,
                     double *out);
/* The exact derivative d(quantity k)/d(parameter j) at the point of the last
 * neq_eval(plan, p, ws), where the model has one (exact linear response:
 * the baths model's J1, J2 and entropy_production with respect to T1, T2
 * (global ME) and gamma1, gamma2 (global, local, Redfield); neq_baths_response).
 * NEQ_EINVAL where it has none: use differences. */
int neq_quantity_derivative(const neq_plan *plan, const neq_params *p, neq_workspace *ws, int k,
                            int j, double *out);
/* The number of qubits of the plan's states (2 for "baths" and "rates"). */
int neq_plan_nqubits(const neq_plan *plan);
/* Number of doubles quantity k writes for this plan. */
int neq_quantity_length(const neq_plan *plan, int k);
/* The model's own result of the last evaluation, owned by ws: a structure
 * that starts with a neq_baths_result (baths.h) for "baths", a
 * neq_nb_result (nearbody.h) for "body", a neq_em_rates (em.h) for
 * "rates". */
const void *neq_workspace_result(const neq_workspace *ws);

/* One point, once: plan, workspace, evaluation and quantities k[0..nq-1]
 * into out (their lengths one after the other), everything freed again.
 * For a single evaluation; a loop over points should keep its plan. */
int neq_eval_once(const neq_params *p, int nq, const int *k, double *out);

struct neq_gksl;
/* The master equation at point p as a generator (free with
 * neq_gksl_free): the starting point of time evolution and of any
 * analysis the quantities do not cover. */
int neq_plan_generator(const neq_plan *plan, const neq_params *p, struct neq_gksl **out);

NEQ_END_DECLS
#endif
