/* neqent baths | neqent body: the steady state of a model at one point,
 * as a table or a JSON object.  Options, keys and units come from the
 * model's table (src/models/); baths --lnel adds the linear-nonequilibrium
 * coefficients (Quiroga et al., from src/baths/). */
#include "cli.h"
#include "neqent/baths.h"
#include "neqent/status.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *BATHS_USAGE =
    "usage: neqent baths [model options] [--quantities LIST] [--json] [--out FILE [--force]]\n"
    "       neqent baths --lnel --T-mean T [model options] [--json]\n\n"
    "Steady state of two coupled qubits (Quiroga et al. 2007, eq. 5), qubit j in contact\n"
    "with its own boson bath at temperature Tj.  Units: k_B = hbar = 1, energies, rates\n"
    "and temperatures in one common unit E (the paper's K = 1).  Matrices in the basis\n"
    "|00>,|01>,|10>,|11> (qubit 1 left, |1> excited) and in the eigenbasis s1..s4 of the\n"
    "paper.  Heat current Jj > 0 when bath j heats the qubits; entropy production\n"
    "-J1/T1 - J2/T2.  --lnel prints the linear-nonequilibrium coefficients at\n"
    "T1 = T_M + dT/2, T2 = T_M - dT/2: C = C_eq + dC dT - alpha dT^2,\n"
    "S_L = S_L,eq + dSL dT + alpha' dT^2, J1 = kappa dT.";

static const char *VALIDITY_USAGE =
    "usage: neqent validity baths --spectral drude --lambda L --cutoff GC [model options]\n"
    "                             [--quantities LIST] [--json] [--out FILE [--force]]\n\n"
    "Which master equation holds: the two-bath model with Drude-Lorentz baths solved\n"
    "exactly by the hierarchical equations of motion (HEOM, converged to --heom_tol in\n"
    "the number of exponentials and the depth), and by the global, local, Redfield and\n"
    "unified master equations with the same spectral density, each with its error\n"
    "against HEOM.  Bath j's reorganisation energy is gamma_j lambda; units as in\n"
    "neqent baths.  `neqent sweep validity` maps it.";

static const char *BODY_USAGE =
    "usage: neqent body [model options] [--quantities LIST] [--json] [--out FILE [--force]]\n\n"
    "Steady state of two identical qubits near a body at T_M inside walls at T_W\n"
    "(Bellomo & Antezza 2013, master equation 1 with the rates of eq. 4 and Lambda of\n"
    "eqs. 6-7).  SI inputs (unit suffixes accepted: 1.2um, 300K, 7THz).  Rates and times\n"
    "in units of the vacuum rate Gamma_0, heat currents in hbar omega Gamma_0 (positive\n"
    "into the qubits), entropy production in k_B Gamma_0.  rho in the basis\n"
    "|00>,|01>,|10>,|11> (qubit 1 left, |1> = |e>); coupled basis G = |gg>,\n"
    "A = (|eg> - |ge>)/sqrt2, S = (|eg> + |ge>)/sqrt2, E = |ee>.  Defaults: the paper's\n"
    "Fig. 4 (SiC slab, delta = 0.01 um, omega = 0.3 omega_r, z1 = z2 = 1 um,\n"
    "r12 = 0.25 um, T_W = 30 K) with T_M = 1000 K.";

static const char *RATES_USAGE =
    "usage: neqent rates [model options of neqent body] [--quantities LIST] [--json]\n"
    "                    [--out FILE [--force]]\n\n"
    "alpha_W, alpha_M (eq. 5), Gamma(+-omega) (eq. 4), Lambda (eqs. 6-7) and the effective\n"
    "photon numbers and temperatures (eq. 9) for two qubits above a planar body at T_M\n"
    "inside walls at T_W.  SI inputs (suffixes accepted).  Qubit 1 at lateral position 0\n"
    "and height z1, qubit 2 at lateral distance r12 (along x) and height z2; the body\n"
    "fills z < 0 (slab: -delta < z < 0).  alpha, Gamma and Lambda in units of the vacuum\n"
    "rate Gamma_0; 2 x 2 matrices indexed (q, q'), as rows of [re, im] pairs in JSON.\n"
    "The diagonal of lambda holds each qubit's body-induced frequency shift.  With\n"
    "--dipole_moment |d| (C m), Gamma0 in 1/s.  Defaults: those of neqent body.";

/* the warnings a physicist must see: a state that is not positive, or a
 * negative entropy production, named with the master equation */
void cli_warn_physics(const neq_plan *plan, const neq_params *p, neq_workspace *ws)
{
    const neq_model *m = neq_plan_model(plan);
    char me[64] = "master equation (1)";
    int kme = neq_model_param_index(m, "me");
    if (kme >= 0) {
        char name[24];
        neq_params_format(p, kme, name, sizeof name);
        snprintf(me, sizeof me, "%s master equation", name);
    }
    double v;
    int k = neq_model_quantity_index(m, "heom_converged");
    if (k >= 0 && neq_quantity_get(plan, p, ws, k, &v) == 0 && v == 0) {
        double c = NAN;
        int kc = neq_model_quantity_index(m, "heom_converged_to");
        if (kc >= 0)
            neq_quantity_get(plan, p, ws, kc, &c);
        fprintf(stderr, "neqent: warning: HEOM did not converge to heom_tol (the hierarchy "
                        "would pass heom_max_ados, or its solve failed); the last step changed "
                        "C or J by %.3g\n", c);
    }
    k = neq_model_quantity_index(m, "heom_min_eigenvalue");
    if (k >= 0 && neq_quantity_get(plan, p, ws, k, &v) == 0 && v < -1e-8)
        fprintf(stderr, "neqent: warning: HEOM's state is not positive (eigenvalue %.3g): the "
                        "hierarchy is too short (raise heom_terms and heom_depth, or use "
                        "heom_tol)\n", v);
    k = neq_model_quantity_index(m, "heom_entropy_production");
    if (k >= 0 && neq_quantity_get(plan, p, ws, k, &v) == 0 && v < -1e-12)
        fprintf(stderr, "neqent: warning: HEOM gives entropy production %.3g < 0: not "
                        "converged, or the expansion is too short\n", v);
    k = neq_model_quantity_index(m, "min_eigenvalue");
    if (k >= 0 && neq_quantity_get(plan, p, ws, k, &v) == 0 && v < -1e-10)
        fprintf(stderr, "neqent: warning: the %s gives a steady state that is not positive "
                        "(eigenvalue %.3g): outside its validity\n", me, v);
    k = neq_model_quantity_index(m, "material_in_range");
    int km = neq_model_param_index(m, "material"), kw = neq_model_param_index(m, "omega");
    if (k >= 0 && km >= 0 && kw >= 0 && neq_quantity_get(plan, p, ws, k, &v) == 0 && v == 0) {
        char mat[200], w[40];
        neq_params_format(p, km, mat, sizeof mat);
        neq_params_format(p, kw, w, sizeof w);
        char clean[200];
        cli_clean(mat, clean, sizeof clean);
        int kl = neq_model_param_index(m, "layers");
        char lay[200] = "none";
        if (kl >= 0)
            neq_params_format(p, kl, lay, sizeof lay);
        if (strcmp(lay, "none")) {
            cli_clean(lay, clean, sizeof clean);
            fprintf(stderr, "neqent: warning: omega = %s rad/s is outside the range where a "
                            "material of %s is modelled (neqent materials show NAME)\n", w, clean);
        } else
            fprintf(stderr, "neqent: warning: omega = %s rad/s is outside the range where material "
                            "%s is modelled (neqent materials show NAME)\n", w, clean);
    }
    k = neq_model_quantity_index(m, "entropy_production");
    if (k >= 0 && neq_quantity_get(plan, p, ws, k, &v) == 0 && v < -1e-12)
        fprintf(stderr, "neqent: warning: the %s breaks the second law here (entropy "
                        "production %.3g < 0)\n", me, v);
    k = neq_model_quantity_index(m, "heat_from_hot");
    if (k >= 0 && neq_quantity_get(plan, p, ws, k, &v) == 0 && v == 0)
        fprintf(stderr, "neqent: warning: the %s makes heat flow from the colder bath to the "
                        "hotter one here (the second law broken)\n", me);
    k = neq_model_quantity_index(m, "energy_balance");
    int kJ = neq_model_quantity_index(m, "J1");
    if (kJ < 0)
        kJ = neq_model_quantity_index(m, "heat_body");
    double J;
    if (k >= 0 && kJ >= 0 && neq_quantity_get(plan, p, ws, k, &v) == 0 &&
        neq_quantity_get(plan, p, ws, kJ, &J) == 0 && fabs(v) > 1e-9 * fabs(J) + 1e-13)
        fprintf(stderr, "neqent: warning: the %s does not conserve energy here (the heat currents "
                        "sum to %.3g)\n", me, v);
}

static void print_matrix(FILE *f, const char *title, const double *v, int d)
{
    fprintf(f, "%s\n", title);
    for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
            size_t at = 2 * ((size_t)i + (size_t)j * (size_t)d);
            fprintf(f, "  %+.10f%+.10fi", v[at] + 0.0, v[at + 1] + 0.0);
        }
        fputc('\n', f);
    }
}

/* rho and other d x d matrices are printed and put in JSON up to six
 * qubits (64 x 64); beyond, only on request (--rho) */
#define CLI_MATRIX_MAX 64
/* costly quantities estimated longer than this (s) only on request */
#define CLI_COSTLY_MAX 5.0

/* the quantities shown: sel[0..nsel-1], or all of them (sel NULL) */
static int shown(const int *sel, int i) { return sel ? sel[i] : i; }

/* Every shown quantity, one after the other, into *vals (malloc'd):
 * everything that can fail is computed before any output exists.  0 or the
 * failing status. */
int cli_point_fetch(const neq_plan *plan, const neq_params *p, neq_workspace *ws, int nsel,
                    const int *sel, double **vals)
{
    const neq_model *m = neq_plan_model(plan);
    int nq = sel ? nsel : neq_model_nquantities(m);
    size_t total = 1;
    for (int i = 0; i < nq; i++)
        total += (size_t)neq_quantity_length(plan, shown(sel, i));
    double *v = *vals = malloc(sizeof *v * total);
    if (!v)
        return NEQ_ENOMEM;
    for (int i = 0; i < nq; i++) {
        int k = shown(sel, i), rc = neq_quantity_get(plan, p, ws, k, v);
        if (rc)
            return rc;
        v += neq_quantity_length(plan, k);
    }
    return NEQ_OK;
}

/* The table of the shown quantities, whose values fetch() gave */
void cli_point_table(FILE *f, const neq_plan *plan, const neq_params *p, const char *cmdline,
                     int nsel, const int *sel, const double *vals)
{
    const neq_model *m = neq_plan_model(plan);
    fprintf(f, "# neqent %s %s: %s\n", neq_version(), neq_model_name(m), neq_model_doc(m));
    cli_comment(f, "# command: ", cmdline);
    fputs("# parameters:", f);
    for (int k = 0; k < neq_model_nparams(m); k++) {
        char buf[4200];
        neq_params_format(p, k, buf, sizeof buf);
        const neq_param_desc *d = neq_model_param(m, k);
        char item[4400];
        snprintf(item, sizeof item, " %s = %s%s%s", d->name, buf,
                 d->kind == NEQ_PARAM_REAL && strcmp(d->unit, "1") ? " " : "",
                 d->kind == NEQ_PARAM_REAL && strcmp(d->unit, "1") ? d->unit : "");
        cli_comment(f, "", item);
        if (k + 1 < neq_model_nparams(m))
            fputs("#", f);
    }
    int d = neq_plan_dim(plan);
    size_t off = 0;
    for (int i = 0; i < (sel ? nsel : neq_model_nquantities(m)); i++) {
        int k = shown(sel, i);
        const neq_quantity_desc *q = neq_model_quantity(m, k);
        const double *v = vals + off;
        off += (size_t)neq_quantity_length(plan, k);
        if (q->kind == NEQ_QUANTITY_MATRIX && d > CLI_MATRIX_MAX) {
            fprintf(f, "%s: %d x %d, not printed (--rho FILE writes rho)\n", q->name, d, d);
            continue;
        }
        if (q->kind == NEQ_QUANTITY_MATRIX) {
            int defined = 1;
            for (long e = 0; e < 2L * d * d; e++)
                defined &= isfinite(v[e]) != 0;
            if (!defined) { /* e.g. the pair's coupled basis for other than two qubits */
                fprintf(f, "%-22s %-20s %-20s %s\n", q->name, "undefined", "", q->doc);
                continue;
            }
            char title[200];
            snprintf(title, sizeof title, "%s: %s", q->name, q->doc);
            print_matrix(f, title, v, d);
            continue;
        }
        if (q->kind == NEQ_QUANTITY_PAIRS) { /* N rows of N, '-' where undefined */
            int nq = neq_plan_nqubits(plan);
            fprintf(f, "%s: %s\n", q->name, q->doc);
            for (int r = 0; r < nq; r++) {
                for (int c = 0; c < nq; c++)
                    if (isfinite(v[r * nq + c]))
                        fprintf(f, "  %12.9f", v[r * nq + c] + 0.0);
                    else
                        fprintf(f, "  %12s", "-");
                fputc('\n', f);
            }
            continue;
        }
        if (q->kind == NEQ_QUANTITY_STATES) { /* d values, eight to a line */
            int n = neq_quantity_length(plan, k);
            char unit[40] = "";
            if (strcmp(q->unit, "1"))
                snprintf(unit, sizeof unit, " [%s]", q->unit);
            fprintf(f, "%s%s: %s\n", q->name, unit, q->doc);
            for (int i = 0; i < n; i++) {
                if (isfinite(v[i]))
                    fprintf(f, "  %14.9g", v[i] == 0 ? 0.0 : v[i]);
                else
                    fprintf(f, "  %14s", "undefined");
                if (i % 8 == 7 || i == n - 1)
                    fputc('\n', f);
            }
            continue;
        }
        char val[600] = "", num[40];
        int n = q->kind == NEQ_QUANTITY_VECTOR   ? q->size
                : q->kind == NEQ_QUANTITY_GROUPS ? NEQ_QUANTITY_NGROUPS * q->size
                : q->kind == NEQ_QUANTITY_QUBITS ? neq_plan_nqubits(plan)
                                                 : 1;
        size_t len = 0;
        for (int i = 0; i < n; i++) {
            if (q->kind == NEQ_QUANTITY_BOOL)
                snprintf(num, sizeof num, "%s", v[i] != 0 ? "true" : "false");
            else if (isfinite(v[i]))
                snprintf(num, sizeof num, "%.12g", v[i] == 0 ? 0.0 : v[i]);
            else
                snprintf(num, sizeof num, "undefined");
            len += (size_t)snprintf(val + len, sizeof val - len, "%s%s", i ? " " : "", num);
        }
        char unit[40] = "";
        if (strcmp(q->unit, "1"))
            snprintf(unit, sizeof unit, "[%s]", q->unit);
        fprintf(f, "%-22s %-20s %-20s %s\n", q->name, val, unit, q->doc);
    }
}

/* --rho FILE: the state as a MatrixMarket coordinate complex matrix (its
 * nonzeros, 1-based), finished but not committed: it takes its name with
 * the main output. */
static int write_rho(cli_output *o, const char *path, int force, const neq_plan *plan,
                     const neq_params *p, neq_workspace *ws, const char *cmdline)
{
    int k = neq_model_quantity_index(neq_plan_model(plan), "rho"), d = neq_plan_dim(plan);
    double *v = malloc(sizeof *v * (size_t)(neq_quantity_length(plan, k) > 0 ? neq_quantity_length(plan, k) : 1));
    if (!v)
        return cli_fail("out of memory for rho"), -1;
    if (neq_quantity_get(plan, p, ws, k, v)) {
        free(v);
        return cli_fail("rho: %s", neq_errdetail()), -1;
    }
    if (cli_output_open(o, path, force)) {
        free(v);
        return -1;
    }
    long nnz = 0;
    for (long e = 0; e < (long)d * d; e++)
        nnz += v[2 * e] != 0 || v[2 * e + 1] != 0;
    fprintf(o->f, "%%%%MatrixMarket matrix coordinate complex general\n");
    fprintf(o->f, "%% neqent %s: steady state of %d qubits, basis |0..00>, |0..01>, ... (qubit 1 "
                  "leftmost, |1> = |e>)\n", neq_version(), neq_plan_nqubits(plan));
    cli_comment(o->f, "% command: ", cmdline);
    fprintf(o->f, "%d %d %ld\n", d, d, nnz);
    char re[40], im[40];
    for (long j = 0; j < d; j++)
        for (long i = 0; i < d; i++) {
            const double *x = v + 2 * (i + j * d);
            if (x[0] == 0 && x[1] == 0)
                continue;
            cli_number(re, sizeof re, x[0] + 0.0);
            cli_number(im, sizeof im, x[1] + 0.0);
            fprintf(o->f, "%ld %ld %s %s\n", i + 1, j + 1, re, im);
        }
    free(v);
    if (cli_output_finish(o))
        return -1;
    return 0;
}

/* NULL with *status the failure's code */
cJSON *cli_point_json(const neq_plan *plan, const neq_params *p, neq_workspace *ws, int nsel,
                      const int *sel, int *status)
{
    *status = NEQ_ENOMEM;
    const neq_model *m = neq_plan_model(plan);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "model", neq_model_name(m));
    cJSON_AddStringToObject(o, "neqent", neq_version());
    cJSON_AddItemToObject(o, "parameters", cli_json_params(p));
    cJSON *units = cJSON_AddObjectToObject(o, "units");
    for (int i = 0; units && i < (sel ? nsel : neq_model_nquantities(m)); i++) {
        int k = shown(sel, i);
        const neq_quantity_desc *q = neq_model_quantity(m, k);
        if (q->kind == NEQ_QUANTITY_MATRIX && neq_plan_dim(plan) > CLI_MATRIX_MAX)
            continue; /* a 2^N x 2^N state: only with --rho */
        cJSON_AddStringToObject(units, q->name, q->unit);
        cJSON *v = cli_json_quantity(plan, p, ws, k, status);
        if (!v) {
            cJSON_Delete(o);
            return NULL;
        }
        cJSON_AddItemToObject(o, q->name, v);
    }
    if (o && units)
        *status = NEQ_OK;
    else
        cJSON_Delete(o);
    return o && units ? o : NULL;
}

/* baths --lnel: the model's LNEL quantities (Quiroga et al.), at the
 * equilibrium point T1 = T2 = T_mean about which they expand */
static const char *const LNEL_QUANTITIES[] = {"C_eq_X", "S_L_eq", "dC",     "dC_err",
                                              "alpha",  "alpha_err", "dSL", "dSL_err",
                                              "alpha_prime", "alpha_prime_err", "kappa",
                                              "kappa_err"};
enum { NLNEL = sizeof LNEL_QUANTITIES / sizeof *LNEL_QUANTITIES };

/* --quantities a,b,c: their indices into sel (at most the model's count,
 * each once).  0, or CLI_USAGE with the unknown or repeated name. */
static int select_quantities(const char *cmd, const neq_model *m, const char *list, int *sel,
                             int *nsel)
{
    *nsel = 0;
    for (const char *s = list;;) {
        const char *e = strchr(s, ',');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        int k = -1;
        for (int j = 0; j < neq_model_nquantities(m); j++) {
            const char *name = neq_model_quantity(m, j)->name;
            if (strlen(name) == len && !strncmp(name, s, len))
                k = j;
        }
        if (k < 0)
            return cli_error("%s: --quantities: unknown quantity '%.*s' (neqent %s --help "
                                        "lists them)", cmd, (int)(len < 200 ? len : 200), s, cmd);
        for (int j = 0; j < *nsel; j++)
            if (sel[j] == k)
                return cli_error("%s: --quantities: '%.*s' given twice", cmd, (int)(len < 200 ? len : 200), s);
        sel[(*nsel)++] = k;
        if (!e)
            return 0;
        s = e + 1;
    }
}

/* --json of `neqent validity baths`: one object per method instead of the
 * model's flat names (heom_J1 -> heom.heat_current[0], global_err_heat ->
 * global.rel_error.heat_current, ...) */
static void move(cJSON *from, const char *name, cJSON *to, const char *as)
{
    cJSON *it = cJSON_DetachItemFromObjectCaseSensitive(from, name);
    if (it)
        cJSON_AddItemToObject(to, as, it);
}

static void pair(cJSON *from, const char *a, const char *b, cJSON *to, const char *as)
{
    cJSON *arr = cJSON_CreateArray(), *x = cJSON_DetachItemFromObjectCaseSensitive(from, a),
          *y = cJSON_DetachItemFromObjectCaseSensitive(from, b);
    if (arr && x && y) {
        cJSON_AddItemToArray(arr, x);
        cJSON_AddItemToArray(arr, y);
        cJSON_AddItemToObject(to, as, arr);
        return;
    }
    cJSON_Delete(arr);
    /* only one of them selected (--quantities): it stays, under its name */
    if (x)
        cJSON_AddItemToObject(to, a, x);
    if (y)
        cJSON_AddItemToObject(to, b, y);
}

static void nest_validity(cJSON *j)
{
    cJSON *h = cJSON_CreateObject(), *set = cJSON_CreateObject();
    if (!h || !set) {
        cJSON_Delete(h);
        cJSON_Delete(set);
        return;
    }
    move(j, "heom_concurrence", h, "concurrence");
    pair(j, "heom_J1", "heom_J2", h, "heat_current");
    move(j, "heom_purity", h, "purity");
    move(j, "heom_entropy_production", h, "entropy_production");
    move(j, "heom_used_depth", set, "depth");
    move(j, "heom_used_terms", set, "terms per bath");
    move(j, "heom_ados", set, "n_ados");
    cJSON_AddItemToObject(h, "settings", set);
    move(j, "heom_converged", h, "converged");
    move(j, "heom_converged_to", h, "converged_to");
    move(j, "heom_residual", h, "residual");
    move(j, "heom_min_eigenvalue", h, "min_eigenvalue");
    move(j, "heom_rho", h, "rho");
    cJSON_AddItemToObject(j, "heom", h);
    static const char *const tags[] = {"global", "local", "redfield", "unified"};
    for (int m = 0; m < 4; m++) {
        cJSON *o = cJSON_CreateObject(), *e = cJSON_CreateObject();
        if (!o || !e) {
            cJSON_Delete(o);
            cJSON_Delete(e);
            return;
        }
        char a[64], b[64];
        snprintf(a, sizeof a, "%s_concurrence", tags[m]);
        move(j, a, o, "concurrence");
        snprintf(a, sizeof a, "%s_J1", tags[m]);
        snprintf(b, sizeof b, "%s_J2", tags[m]);
        pair(j, a, b, o, "heat_current");
        snprintf(a, sizeof a, "%s_purity", tags[m]);
        move(j, a, o, "purity");
        snprintf(a, sizeof a, "%s_err_concurrence", tags[m]);
        move(j, a, e, "concurrence");
        snprintf(a, sizeof a, "%s_err_heat", tags[m]);
        move(j, a, e, "heat_current");
        snprintf(a, sizeof a, "%s_err_purity", tags[m]);
        move(j, a, e, "purity");
        cJSON_AddItemToObject(o, "rel_error", e);
        cJSON_AddItemToObject(j, tags[m], o);
    }
}

/* body --distributed: the ranks agree on the solve's failures inside it
 * (krylov.c), so every rank meets them alike; any other failure of the
 * evaluation (memory) is one rank's own, and the others may be waiting in
 * the solve */
static int own_failure(int st)
{
    return st && st != NEQ_ENONUNIQUE && st != NEQ_ECONVERGE && st != NEQ_EUNPHYSICAL &&
           st != NEQ_ELAPACK;
}

int cmd_model(const char *model, int argc, char **argv)
{
    const neq_model *m = neq_model_lookup(model);
    neq_params *p = NULL;
    if (!m || neq_params_alloc(m, &p))
        return cli_fail("%s: %s", model, neq_errdetail());
    int json = 0, force = 0, want_lnel = 0, is_baths = strcmp(model, "baths") == 0;
    int is_validity = strcmp(model, "validity") == 0;
    double T_mean = NAN;
    const char *out = NULL, *rho_out = NULL;
    int kT1 = neq_model_param_index(m, "T1"), kT2 = neq_model_param_index(m, "T2");
    /* T_M takes the bath temperatures' unit and range */
    neq_param_desc tmean = kT1 >= 0 ? *neq_model_param(m, kT1) : (neq_param_desc){0};
    tmean.name = "T-mean";
    tmean.def = NAN;
    tmean.doc = "mean temperature T_M, required by --lnel";
    int *sel = malloc(sizeof *sel * (size_t)(neq_model_nquantities(m) + NLNEL)), nsel = 0;
    const char *qlist = NULL;
    if (!sel) {
        neq_params_free(p);
        return cli_fail("out of memory");
    }
    cli_opts o = {0};
    cli_opts_add_model(&o, p, NULL);
    if (is_baths) {
        cli_opts_add(&o, (cli_opt){"lnel", CLI_FLAG, &want_lnel, NULL,
                                   "print the linear-nonequilibrium coefficients instead", 0});
        cli_opts_add(&o, (cli_opt){"T-mean", CLI_NUMBER, &T_mean, &tmean, NULL, 0});
    }
    if (!strcmp(model, "body"))
        cli_opts_add(&o, (cli_opt){"rho", CLI_TEXT, &rho_out, NULL,
                                   "also write rho to FILE (MatrixMarket; any number of qubits)", 0});
    cli_opts_add(&o, (cli_opt){"quantities", CLI_TEXT, &qlist, NULL,
                               "only these quantities, comma-separated (costly ones included)", 0});
    cli_opts_add(&o, (cli_opt){"json", CLI_FLAG, &json, NULL, "print one JSON object instead of a table", 0});
    cli_opts_add(&o, (cli_opt){"out", CLI_TEXT, &out, NULL, "write to FILE instead of standard output", 0});
    cli_opts_add(&o, (cli_opt){"force", CLI_FLAG, &force, NULL,
                               "allow --out to replace an existing regular file", 0});
    int rc = 0;
    if (is_validity && (argc < 3 || strcmp(argv[2], "baths"))) {
        int help = argc >= 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"));
        if (help)
            printf("%s\n", VALIDITY_USAGE);
        else
            cli_error("validity: the model comes first: neqent validity baths [options] (the "
                      "two-bath model is the one HEOM solves)");
        neq_params_free(p);
        free(sel);
        cli_opts_free(&o);
        return help ? 0 : CLI_USAGE;
    }
    int parsed = cli_parse(model, is_baths ? BATHS_USAGE : is_validity ? VALIDITY_USAGE
                                  : !strcmp(model, "body") ? BODY_USAGE
                                                           : RATES_USAGE,
                           argc, argv, is_validity ? 3 : 2, &o);
    static const char *const run_only[] = {"--force", NULL};
    char *cmdline = NULL;
    neq_plan *plan = NULL;
    neq_workspace *ws = NULL;
    double *vals = NULL;
    if (parsed) {
        rc = parsed < 0 ? CLI_USAGE : 0;
        goto done;
    }
    cmdline = cli_command_line(argc, argv, run_only);
    if (want_lnel) {
        if (isnan(T_mean)) {
            rc = cli_error("baths: --lnel needs --T-mean T");
            goto done;
        }
        if (cli_on_cmdline(&o, "T1") || cli_on_cmdline(&o, "T2")) {
            rc = cli_error("baths: --lnel sets T1 = T2 = --T-mean: do not give --%s",
                           cli_on_cmdline(&o, "T1") ? "T1" : "T2");
            goto done;
        }
        if (neq_params_set_at(p, kT1, T_mean) || neq_params_set_at(p, kT2, T_mean)) {
            rc = cli_error("baths: --T-mean: %s", neq_errdetail());
            goto done;
        }
        for (nsel = 0; nsel < NLNEL; nsel++)
            sel[nsel] = neq_model_quantity_index(m, LNEL_QUANTITIES[nsel]);
    } else if (!isnan(T_mean)) {
        rc = cli_error("baths: --T-mean is only used with --lnel");
        goto done;
    }
    if (qlist && want_lnel) {
        rc = cli_error("%s: --quantities and --lnel both choose the quantities: give one", model);
        goto done;
    }
    if (qlist && (rc = select_quantities(model, m, qlist, sel, &nsel)))
        goto done;
    /* under mpirun: body --distributed solves the steady state on every
     * rank together (rank 0 checks and writes, the others compute it with
     * it and leave); anything else runs on rank 0 alone */
    int kd = neq_model_param_index(m, "distributed");
    int together = cli_mpi_size() > 1 && kd >= 0 && neq_params_value(p, kd) != 0;
    if (cli_mpi_rank() > 0) {
        if (together && cli_mpi_go()) {
            int st = neq_plan_alloc(p, &plan);
            if (st == 0)
                st = neq_workspace_alloc(plan, &ws);
            /* every rank has its model (a geometry file another node
             * cannot read fails here, on that rank alone) */
            if (!cli_mpi_agree(st) && own_failure(neq_eval(plan, p, ws)))
                cli_mpi_abort(1);
        }
        goto done; /* rank 0 reports, and its exit status is the job's */
    }
    /* everything that can refuse the run comes before the output exists */
    if (cli_output_check(out, force) || (rho_out && cli_output_check(rho_out, force))) {
        rc = CLI_RUNTIME;
        goto done;
    }
    int selected = want_lnel || qlist;
    if (!selected) {
        /* a costly quantity estimated to take longer than CLI_COSTLY_MAX
         * (the relaxation time of seven qubits and more: an eigenvalue
         * problem of 4^N) only on request, with --quantities */
        for (int k = 0; k < neq_model_nquantities(m); k++) {
            double b = 0, s = 0;
            if (neq_quantity_cost(p, k, &b, &s) == 0 && s <= CLI_COSTLY_MAX)
                sel[nsel++] = k;
        }
        selected = nsel < neq_model_nquantities(m);
    }
    if ((rc = cli_check_cost(model, p, selected ? nsel : -1, sel)))
        goto done;
    if (together && !cli_mpi_go()) {
        rc = cli_fail("%s: another rank of the job refused the run (run the same command on "
                      "one rank to see why)", model);
        goto done;
    }
    int st = neq_plan_alloc(p, &plan);
    if (st == 0)
        st = neq_workspace_alloc(plan, &ws);
    if (together && cli_mpi_agree(st) && st == 0) {
        rc = cli_fail("%s: another rank of the job could not build the model (a file only "
                      "this node can read?)", model);
        goto done;
    }
    int abort_others = 0;
    if (st == 0) {
        st = neq_eval(plan, p, ws);
        abort_others = together && own_failure(st);
    }
    cJSON *j = NULL;
    if (st == 0 && json)
        j = cli_point_json(plan, p, ws, nsel, selected ? sel : NULL, &st);
    else if (st == 0)
        st = cli_point_fetch(plan, p, ws, nsel, selected ? sel : NULL, &vals);
    cli_output ro = {0};
    if (st == 0 && rho_out && write_rho(&ro, rho_out, force, plan, p, ws, cmdline ? cmdline : "")) {
        cJSON_Delete(j);
        rc = CLI_RUNTIME;
        goto done;
    }
    if (st) {
        const char *why = neq_errdetail()[0] ? neq_errdetail() : neq_strerror(st);
        rc = cli_error("%s: %s", model, why) ? cli_status_exit(st) : 0;
        cJSON_Delete(j);
        if (abort_others) /* its own failure: the others may wait in the solve */
            cli_mpi_abort(rc);
        goto done;
    }
    cli_warn_physics(plan, p, ws);
    cli_output f;
    if (cli_output_open(&f, out, force)) {
        cJSON_Delete(j);
        rc = CLI_RUNTIME;
        goto done;
    }
    if (json && is_validity)
        nest_validity(j);
    if (json)
        cli_json_print(f.f, j);
    else
        cli_point_table(f.f, plan, p, cmdline ? cmdline : "", nsel, selected ? sel : NULL, vals);
    cJSON_Delete(j);
    rc = cli_output_close(&f) ? CLI_RUNTIME : 0;
    if (rho_out && (rc ? (cli_output_abort(&ro), 1) : cli_output_close(&ro) != 0))
        rc = CLI_RUNTIME;
done:
    free(sel);
    free(vals);
    free(cmdline);
    neq_workspace_free(ws);
    neq_plan_free(plan);
    neq_params_free(p);
    cli_opts_free(&o);
    return rc;
}
