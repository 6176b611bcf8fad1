/* The figures of the founding papers as specifications
 * (include/neqent/figures.h): each figure is a table of what it shows
 * (its data sets, with their parameters as data), how to plot it (its
 * panels) and which numbers to extract from it.  The computations are the
 * library's studies; nothing here is specific to a plotting program. */
#include "neqent/figures.h"
#include "../core/internal.h"
#include "neqent/baths.h"
#include "neqent/em.h"
#include "neqent/evolve.h"
#include "neqent/fcs.h"
#include "neqent/grid.h"
#include "neqent/model.h"
#include "neqent/nearbody.h"
#include "neqent/optimize.h"
#include "neqent/qinfo.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------ the run state */

typedef struct {
    const neq_figure_sink *s;
    neq_figure_number *num;
    int nnum, cap;
} fig_run;

static int begin(fig_run *r, const char *table, const char *caption, int ncols,
                 const char *const *cols)
{
    if (r->s->begin(r->s->user, table, caption, ncols, cols))
        return neq_fail(NEQ_EIO, "figure table %s: the output refused it", table);
    return NEQ_OK;
}

static int row(fig_run *r, const double *v)
{
    return r->s->row(r->s->user, v) ? neq_fail(NEQ_EIO, "figure output failed") : NEQ_OK;
}

static int block(fig_run *r)
{
    return r->s->block && r->s->block(r->s->user) ? neq_fail(NEQ_EIO, "figure output failed")
                                                  : NEQ_OK;
}

static int end(fig_run *r)
{
    return r->s->end(r->s->user) ? neq_fail(NEQ_EIO, "figure output failed") : NEQ_OK;
}

static int number(fig_run *r, const char *name, double value, const char *unit, const char *doc)
{
    if (r->nnum == r->cap) {
        int cap = r->cap ? 2 * r->cap : 16;
        neq_figure_number *g = realloc(r->num, sizeof *g * (size_t)cap);
        if (!g)
            return neq_fail(NEQ_ENOMEM, "no memory for the figure's numbers");
        r->num = g;
        r->cap = cap;
    }
    neq_figure_number *n = &r->num[r->nnum++];
    snprintf(n->name, sizeof n->name, "%s", name);
    n->value = value;
    snprintf(n->unit, sizeof n->unit, "%s", unit);
    snprintf(n->doc, sizeof n->doc, "%s", doc);
    return NEQ_OK;
}

/* ------------------------------------------------ Quiroga et al. 2007 */

static const char *UNITS_Q =
    "units: energies, temperatures and rates in one unit E (k_B = hbar = 1, the paper's K = 1); "
    "[E^2] heat current, [E] entropy production (nats per unit time)";

static void quiroga_params(double eps1, double eps2, neq_baths_params *p)
{
    neq_baths_default(p); /* K = 1, K' = 0, Gamma = 1, flat, global: the captions */
    p->eps1 = eps1;
    p->eps2 = eps2;
}

/* Rows eps1, eps2, T_M, dT, T1, T2, C, J1, S_L, sigma for dT from 0 to
 * 1.96 T_M (T2 down to 0.02 T_M), at each T_M. */
typedef struct {
    const char *table, *caption;
    int neps;
    double eps[2][2];
    int ntm;
    double tm[8];    /* fractions of T_c (tm_fraction) or absolute T_M */
    int tm_fraction;
    int ndT;
} gradient_spec;

static const char *const GRAD_COLS[] = {"eps1[E]", "eps2[E]", "T_M[E]", "dT[E]", "T1[E]",
                                        "T2[E]", "C[1]", "J[E^2]", "S_L[1]", "dSdt[E]"};

static int gradient_point(double eps1, double eps2, double TM, double dT, double *v)
{
    neq_baths_params p;
    quiroga_params(eps1, eps2, &p);
    p.T1 = TM + dT / 2;
    p.T2 = TM - dT / 2;
    neq_baths_result res;
    NEQ_TRY(neq_baths_steady(&p, &res));
    const double out[10] = {eps1, eps2, TM, dT, p.T1, p.T2, res.concurrence, res.heat_current[0],
                            res.linear_entropy, res.entropy_production};
    memcpy(v, out, sizeof out);
    return NEQ_OK;
}

/* A line through the two-bath model's parameters, through the grid runner:
 * T1 = T_M + dT/2 with T2 = T_M - dT/2 linked to it, the selected
 * quantities handed to `row` with the point. */
typedef int (*line_row)(fig_run *r, long idx, const neq_params *p, const double *q, void *data);
typedef struct {
    fig_run *r;
    line_row row;
    void *data;
} line_ctx;

static int line_cb(void *user, long idx, const neq_params *p, const double *q)
{
    (void)idx;
    line_ctx *c = user;
    return c->row(c->r, idx, p, q, c->data);
}

static int baths_line(fig_run *r, double eps1, double eps2, int n, const double *T1,
                      const double *T2, int nq, const char *const *quantities, line_row row,
                      void *data)
{
    const neq_model *m = neq_model_lookup("baths");
    neq_params *p = NULL;
    neq_grid *g = NULL;
    int sel[16], rc = neq_params_alloc(m, &p);
    if (rc == 0)
        rc = neq_params_set(p, "eps1", eps1);
    if (rc == 0)
        rc = neq_params_set(p, "eps2", eps2);
    if (rc == 0)
        rc = neq_grid_alloc(p, &g);
    if (rc == 0)
        rc = neq_grid_add_axis(g, "T1", T1, n);
    if (rc == 0)
        rc = neq_grid_add_linked_axis(g, "T2", T2, n);
    for (int k = 0; k < nq && k < 16; k++)
        sel[k] = neq_model_quantity_index(m, quantities[k]);
    if (rc == 0)
        rc = neq_grid_select(g, nq, sel);
    line_ctx c = {r, row, data};
    neq_grid_options go = {.threads = r->s->threads, .row = line_cb, .user = &c};
    if (rc == 0)
        rc = neq_grid_run(g, &go, NULL);
    neq_grid_free(g);
    neq_params_free(p);
    return rc;
}

static double param(const neq_params *p, const char *name)
{
    return neq_params_value(p, neq_model_param_index(neq_params_model(p), name));
}

/* a gradient row: eps1, eps2, T_M, dT, T1, T2, C, J1, S_L, sigma */
static int gradient_row(fig_run *r, long idx, const neq_params *p, const double *q, void *data)
{
    const double *line = data; /* T_M, then the dT of each point */
    double v[10] = {param(p, "eps1"), param(p, "eps2"), line[0], line[1 + idx], param(p, "T1"),
                    param(p, "T2"), q[0], q[1], q[2], q[3]};
    return row(r, v);
}

static const char *const GRAD_Q[] = {"concurrence", "J1", "linear_entropy", "entropy_production"};

static int gradient(fig_run *r, const gradient_spec *g)
{
    char cap[1600];
    snprintf(cap, sizeof cap,
             "%s\ndT = T1 - T2 from 0 to 1.96 T_M (%d rows per curve); J = J1, into the qubits "
             "from the hot bath 1; K = 1, K' = 0, Gamma = 1, global ME\n%s", g->caption, g->ndT,
             UNITS_Q);
    NEQ_TRY(begin(r, g->table, cap, 10, GRAD_COLS));
    double *T1 = malloc(sizeof *T1 * (3 * (size_t)g->ndT + 1));
    if (!T1)
        return neq_fail(NEQ_ENOMEM, "no memory");
    double *T2 = T1 + g->ndT, *line = T2 + g->ndT;
    int rc = NEQ_OK;
    for (int e = 0; rc == 0 && e < g->neps; e++) {
        double Tc = 1;
        if (g->tm_fraction) {
            neq_baths_params p;
            quiroga_params(g->eps[e][0], g->eps[e][1], &p);
            rc = neq_baths_tc(&p, &Tc);
        }
        for (int i = 0; rc == 0 && i < g->ntm; i++) {
            double TM = g->tm[i] * Tc;
            line[0] = TM;
            for (int k = 0; k < g->ndT; k++) {
                double dT = 1.96 * TM * k / (g->ndT - 1);
                line[1 + k] = dT;
                T1[k] = TM + dT / 2;
                T2[k] = TM - dT / 2;
            }
            rc = baths_line(r, g->eps[e][0], g->eps[e][1], g->ndT, T1, T2, 4, GRAD_Q,
                            gradient_row, line);
        }
    }
    free(T1);
    NEQ_TRY(rc);
    return end(r);
}

/* ----- Fig. 1 */

/* Entanglement borders in the (e1, e2) plane from the corrected eq. (8)
 * (docs/physics.md): eps < 1: C = 0 where (1 - (e1 + e2)/2)^2 =
 * e1 e2 (1 - e1/2)(1 - e2/2); eps > 1 (rho_11 <-> rho_44, rho_22 <->
 * rho_33): (e2 - e1)^2 / 4 = e1 e2 (1 - e1/2)(1 - e2/2).  Each border is a
 * quadratic in e2 at fixed e1, solved in closed form. */
static int border_roots(double e1, int strong, double *roots)
{
    /* rhs = e1 (1 - e1/2) (e2 - e2^2/2) = c (e2 - e2^2/2) */
    double c = e1 * (1 - e1 / 2), a, b, k;
    if (!strong) { /* eps < 1: (1 - e1/2 - e2/2)^2 = c (e2 - e2^2/2) */
        double u = 1 - e1 / 2;
        a = 0.25 + c / 2;
        b = -u - c;
        k = u * u;
    } else { /* eps > 1: (e2 - e1)^2 / 4 = c (e2 - e2^2/2) */
        a = 0.25 + c / 2;
        b = -e1 / 2 - c;
        k = e1 * e1 / 4;
    }
    double disc = b * b - 4 * a * k;
    if (disc < 0)
        return 0;
    double q = -0.5 * (b + copysign(sqrt(disc), b)); /* no cancellation */
    double x1 = q / a, x2 = k / q;
    int n = 0;
    if (x1 >= 0 && x1 <= 1)
        roots[n++] = x1;
    if (x2 >= 0 && x2 <= 1 && fabs(x2 - x1) > 0)
        roots[n++] = x2;
    return n;
}

/* eps, dT, T1, T2, e1, e2, C; the equilibrium state's C as a number */
static int states_row(fig_run *r, long idx, const neq_params *p, const double *q, void *data)
{
    (void)data;
    double T1 = param(p, "T1"), T2 = param(p, "T2"), eps = param(p, "eps1");
    double v[7] = {eps, 0.1 * (double)idx, T1, T2, q[0], q[1], q[2]};
    if (T1 == T2)
        NEQ_TRY(number(r, eps < 1 ? "C_eq_T1_eps1/3" : "C_eq_T1_eps3", q[2], "1",
                       "concurrence at T1 = T2 = 1 (the equilibrium state)"));
    return row(r, v);
}

static int fig1(const neq_figure *f, fig_run *r)
{
    (void)f;
    static const char *const EQ[] = {"T[E]", "e1[1]", "e2[1]"};
    char cap[600];
    snprintf(cap, sizeof cap, "Quiroga et al. Fig. 1, equilibrium line: T1 = T2 = T, eps = 1/3 "
                              "(w1 = 2/3, w2 = 4/3); the same curve for eps = 3\n%s", UNITS_Q);
    NEQ_TRY(begin(r, "quiroga-fig1-equilibrium", cap, 3, EQ));
    for (int k = 0; k <= 200; k++) {
        double T = 0.02 * pow(2500.0, k / 200.0), v[3] = {T, 0, 0};
        NEQ_TRY(neq_baths_e(2.0 / 3.0, T, T, &v[1]));
        NEQ_TRY(neq_baths_e(4.0 / 3.0, T, T, &v[2]));
        NEQ_TRY(row(r, v));
    }
    NEQ_TRY(end(r));
    static const char *const BO[] = {"border[1]", "e1[1]", "e2[1]"};
    snprintf(cap, sizeof cap, "Quiroga et al. Fig. 1, entangled-unentangled borders C = 0 in the "
                              "(e1, e2) plane from the corrected eq. (8): border 1 for eps < 1 "
                              "(green in the paper), 2 for eps > 1 (red)\n%s", UNITS_Q);
    NEQ_TRY(begin(r, "quiroga-fig1-borders", cap, 3, BO));
    for (int strong = 0; strong < 2; strong++)
        for (int i = 1; i < 400; i++) {
            double e1 = i / 400.0, roots[2];
            int n = border_roots(e1, strong, roots);
            for (int k = 0; k < n; k++) {
                double v[3] = {1.0 + strong, e1, roots[k]};
                NEQ_TRY(row(r, v));
            }
        }
    NEQ_TRY(end(r));
    static const char *const ST[] = {"eps[E]", "dT[E]", "T1[E]", "T2[E]", "e1[1]", "e2[1]", "C[1]"};
    snprintf(cap, sizeof cap, "Quiroga et al. Fig. 1, states shifted by a gradient dT = T1 - T2 "
                              "at T_M = 1: eps = 1/3 (blue) and eps = 3 (brown)\n%s", UNITS_Q);
    NEQ_TRY(begin(r, "quiroga-fig1-states", cap, 7, ST));
    const double epss[2] = {1.0 / 3.0, 3.0};
    static const char *const Q[] = {"e1", "e2", "concurrence"};
    double T1[20], T2[20];
    for (int k = 0; k <= 19; k++) { /* T_M = 1, dT = 0 ... 1.9 */
        T1[k] = 1 + 0.05 * k;
        T2[k] = 1 - 0.05 * k;
    }
    for (int ie = 0; ie < 2; ie++)
        NEQ_TRY(baths_line(r, epss[ie], epss[ie], 20, T1, T2, 3, Q, states_row, NULL));
    NEQ_TRY(end(r));
    double roots[2];
    int n = border_roots(0.5, 0, roots);
    NEQ_TRY(number(r, "border_eps<1_e2_at_e1=0.5", n ? roots[0] : NAN, "1",
                   "the eps < 1 border crosses e1 = 0.5 here"));
    n = border_roots(0.5, 1, roots);
    NEQ_TRY(number(r, "border_eps>1_e2_at_e1=0.5", n ? roots[0] : NAN, "1",
                   "the eps > 1 border crosses e1 = 0.5 here (lower root)"));
    return NEQ_OK;
}

/* ----- Fig. 2 */

/* the T_M in [a, b] where the LNEL alpha changes sign (bisection) */
static int alpha_root(const neq_baths_params *p, double a, double b, double *T)
{
    neq_baths_lnel_result La, Lb, Lm;
    NEQ_TRY(neq_baths_lnel(p, a, &La));
    NEQ_TRY(neq_baths_lnel(p, b, &Lb));
    if ((La.alpha > 0) == (Lb.alpha > 0)) {
        *T = NAN;
        return NEQ_OK;
    }
    for (int it = 0; it < 40; it++) {
        double m = 0.5 * (a + b);
        NEQ_TRY(neq_baths_lnel(p, m, &Lm));
        if ((Lm.alpha > 0) == (La.alpha > 0))
            a = m, La = Lm;
        else
            b = m;
    }
    *T = 0.5 * (a + b);
    return NEQ_OK;
}

/* eps, T_M, alpha, alpha_err, alpha', alpha'_err, kappa, kappa_err, C_eq */
static int lnel_row(fig_run *r, long idx, const neq_params *p, const double *q, void *data)
{
    (void)data;
    (void)idx;
    double v[9] = {param(p, "eps1"), param(p, "T1"), q[0], q[1], q[2], q[3], q[4], q[5], q[6]};
    return row(r, v);
}

static int fig2(const neq_figure *f, fig_run *r)
{
    (void)f;
    static const char *const COLS[] = {"eps[E]", "T_M[E]", "alpha[E^-2]", "alpha_err[E^-2]",
                                       "alpha_prime[E^-2]", "alpha_prime_err[E^-2]", "kappa[E]",
                                       "kappa_err[E]", "C_eq[1]"};
    char cap[800];
    snprintf(cap, sizeof cap,
             "Quiroga et al. Fig. 2: LNEL coefficients alpha (concurrence) and alpha' (linear "
             "entropy) vs T_M, (a) eps = 3, (b) eps = 1/3; insets: C_eq(T); K = 1, K' = 0, "
             "Gamma = 1, global ME; kappa = thermal conductance\n%s", UNITS_Q);
    NEQ_TRY(begin(r, "quiroga-fig2", cap, 9, COLS));
    const double epss[2] = {3.0, 1.0 / 3.0};
    static const char *const Q[] = {"alpha", "alpha_err", "alpha_prime", "alpha_prime_err",
                                    "kappa", "kappa_err", "C_eq"};
    double T[80];
    for (int k = 0; k < 80; k++)
        T[k] = 0.05 + k * 0.025;
    for (int ie = 0; ie < 2; ie++) /* T1 = T2 = T_M: the LNEL coefficients at T_M */
        NEQ_TRY(baths_line(r, epss[ie], epss[ie], 80, T, T, 7, Q, lnel_row, NULL));
    NEQ_TRY(end(r));
    for (int ie = 0; ie < 2; ie++) {
        neq_baths_params p;
        quiroga_params(epss[ie], epss[ie], &p);
        double Tc, T0;
        neq_baths_lnel_result L;
        NEQ_TRY(neq_baths_tc(&p, &Tc));
        NEQ_TRY(alpha_root(&p, 0.3, 1.5, &T0));
        NEQ_TRY(neq_baths_lnel(&p, 1.0, &L));
        const char *e = ie ? "1/3" : "3";
        char name[48];
        snprintf(name, sizeof name, "T_c_eps%s", e);
        NEQ_TRY(number(r, name, Tc, "E", "sudden-death temperature of C_eq"));
        snprintf(name, sizeof name, "alpha_sign_change_T_M_eps%s", e);
        NEQ_TRY(number(r, name, T0, "E", "T_M where alpha changes sign (none in 0.3..1.5: NaN, an empty CSV field)"));
        snprintf(name, sizeof name, "kappa_T_M=1_eps%s", e);
        NEQ_TRY(number(r, name, L.kappa, "E", "thermal conductance dJ1/ddT at T_M = 1"));
        snprintf(name, sizeof name, "alpha_T_M=1_eps%s", e);
        NEQ_TRY(number(r, name, L.alpha, "E^-2", "LNEL alpha at T_M = 1"));
    }
    return NEQ_OK;
}

/* ----- Figs. 3 and 4 (symmetric), 5 (non-symmetric) */

static const gradient_spec FIG34 = {
    NULL, NULL, 2, {{1.0 / 3.0, 1.0 / 3.0}, {3.0, 3.0}}, 4, {0.3, 0.5, 0.7, 0.9}, 1, 50};

static int gradient_numbers(fig_run *r, double eps, double TM, const char *tag)
{
    double v0[10], v1[10];
    NEQ_TRY(gradient_point(eps, eps, TM, 0, v0));
    NEQ_TRY(gradient_point(eps, eps, TM, 1.96 * TM, v1));
    char name[48];
    snprintf(name, sizeof name, "C_dT=0_%s", tag);
    NEQ_TRY(number(r, name, v0[6], "1", "C at dT = 0 (equilibrium at T_M)"));
    snprintf(name, sizeof name, "C_dT=1.96T_M_%s", tag);
    NEQ_TRY(number(r, name, v1[6], "1", "C at the largest gradient, T2 = 0.02 T_M"));
    snprintf(name, sizeof name, "J_dT=1.96T_M_%s", tag);
    NEQ_TRY(number(r, name, v1[7], "E^2", "heat current J1 at the largest gradient"));
    snprintf(name, sizeof name, "dSdt_dT=1.96T_M_%s", tag);
    NEQ_TRY(number(r, name, v1[9], "E", "entropy production at the largest gradient"));
    return NEQ_OK;
}

static int fig3(const neq_figure *f, fig_run *r)
{
    (void)f;
    gradient_spec g = FIG34;
    g.table = "quiroga-fig3";
    g.caption = "Quiroga et al. Fig. 3: heat current J and concurrence C for T_M = f T_c, f = 0.3, "
                "0.5, 0.7, 0.9 (inset: S_L vs C); the caption names no eps: both eps = 1/3 and "
                "eps = 3 (T_c = 1/asinh(1) for both)";
    NEQ_TRY(gradient(r, &g));
    double Tc = 1 / asinh(1.0);
    NEQ_TRY(gradient_numbers(r, 1.0 / 3.0, 0.5 * Tc, "eps1/3_T_M=0.5T_c"));
    return gradient_numbers(r, 3.0, 0.5 * Tc, "eps3_T_M=0.5T_c");
}

static int fig4(const neq_figure *f, fig_run *r)
{
    (void)f;
    gradient_spec g = FIG34;
    g.table = "quiroga-fig4";
    g.caption = "Quiroga et al. Fig. 4: entropy production rate dS/dt and concurrence C for "
                "T_M = f T_c, f = 0.3, 0.5, 0.7, 0.9; both eps = 1/3 and eps = 3";
    NEQ_TRY(gradient(r, &g));
    double Tc = 1 / asinh(1.0);
    NEQ_TRY(gradient_numbers(r, 1.0 / 3.0, 0.9 * Tc, "eps1/3_T_M=0.9T_c"));
    return gradient_numbers(r, 3.0, 0.9 * Tc, "eps3_T_M=0.9T_c");
}

/* Quiroga Fig. 5's feature: how many gradients dT in [0, 1.96 T_M] share
 * one concurrence (the most over all levels), from C(dT) sampled on n
 * points: levels between consecutive critical values of the samples. */
static int branches(double eps1, double eps2, double TM, int n, int *count)
{
    double *C = malloc(sizeof *C * (size_t)n);
    if (!C)
        return neq_fail(NEQ_ENOMEM, "no memory");
    for (int k = 0; k < n; k++) {
        double v[10];
        int rc = gradient_point(eps1, eps2, TM, 1.96 * TM * k / (n - 1), v);
        if (rc) {
            free(C);
            return rc;
        }
        C[k] = v[6];
    }
    /* the critical values: the ends and every local extremum */
    double crit[64];
    int nc = 0;
    crit[nc++] = C[0];
    crit[nc++] = C[n - 1];
    for (int k = 1; k + 1 < n && nc < 64; k++)
        if ((C[k] - C[k - 1]) * (C[k + 1] - C[k]) < 0)
            crit[nc++] = C[k];
    for (int i = 1; i < nc; i++) /* sort */
        for (int j = i; j > 0 && crit[j] < crit[j - 1]; j--) {
            double t = crit[j];
            crit[j] = crit[j - 1];
            crit[j - 1] = t;
        }
    int best = 1;
    for (int i = 0; i + 1 < nc; i++) {
        if (!(crit[i + 1] > crit[i]))
            continue;
        double level = 0.5 * (crit[i] + crit[i + 1]);
        int cross = 0;
        for (int k = 0; k + 1 < n; k++)
            cross += (C[k] - level) * (C[k + 1] - level) < 0;
        if (cross > best)
            best = cross;
    }
    free(C);
    *count = best;
    return NEQ_OK;
}

/* the T_M between a (count < 3) and b (count >= 3), or the reverse */
static int window_end(double a, double b, double *T)
{
    int ca, cm;
    NEQ_TRY(branches(8, 3, a, 600, &ca));
    for (int it = 0; it < 14; it++) {
        double m = 0.5 * (a + b);
        NEQ_TRY(branches(8, 3, m, 600, &cm));
        if ((cm >= 3) == (ca >= 3))
            a = m;
        else
            b = m;
    }
    *T = 0.5 * (a + b);
    return NEQ_OK;
}

static int fig5(const neq_figure *f, fig_run *r)
{
    (void)f;
    const gradient_spec g = {
        "quiroga-fig5",
        "Quiroga et al. Fig. 5: non-symmetric case, J vs C for T_M = f T_c, f = 0.255, 0.3, 0.5, "
        "0.7, 0.9; main: eps1 = 8 (hot bath 1), eps2 = 3; inset: the swapped connection eps1 = 3 "
        "(hot), eps2 = 8.  At f = 0.255 (T_M = 0.40) up to three gradients share one C with "
        "different J (the paper's feature, for T_M in about 0.342..0.448)",
        2, {{8.0, 3.0}, {3.0, 8.0}}, 5, {0.255, 0.3, 0.5, 0.7, 0.9}, 1, 60};
    NEQ_TRY(gradient(r, &g));
    const gradient_spec zoom = {
        "quiroga-fig5-zoom",
        "Quiroga et al. Fig. 5, the low-temperature curve alone: T_M = 0.40 (0.255 T_c), "
        "eps1 = 8 (hot), eps2 = 3; C(dT) rises, falls and rises again, so one C belongs to up "
        "to three gradients with different heat currents",
        1, {{8.0, 3.0}, {0, 0}}, 1, {0.40}, 0, 400};
    NEQ_TRY(gradient(r, &zoom));
    neq_baths_params p;
    quiroga_params(8, 3, &p);
    double Tc, lo, hi;
    int c40 = 0;
    NEQ_TRY(neq_baths_tc(&p, &Tc));
    NEQ_TRY(number(r, "T_c_eps8,3", Tc, "E", "sudden-death temperature of eps1 = 8, eps2 = 3"));
    NEQ_TRY(branches(8, 3, 0.40, 600, &c40));
    NEQ_TRY(number(r, "branches_T_M=0.40", c40, "1",
                   "most gradients sharing one C at T_M = 0.40 (eps1 = 8 hot, eps2 = 3)"));
    NEQ_TRY(window_end(0.30, 0.40, &lo));
    NEQ_TRY(window_end(0.50, 0.40, &hi));
    NEQ_TRY(number(r, "three_branch_T_M_low", lo, "E", "lowest T_M with three branches"));
    NEQ_TRY(number(r, "three_branch_T_M_high", hi, "E", "highest T_M with three branches"));
    int cs = 0;
    NEQ_TRY(branches(3, 8, 0.40, 600, &cs));
    return number(r, "branches_swapped_T_M=0.40", cs, "1",
                  "the same for the swapped connection eps1 = 3 (hot), eps2 = 8");
}

/* ---------------- neqent's extensions: heat noise, master equations */

/* the noise figure's row: eps, T_M, dT, C, J1, Var, kappa3, TUR (bath 1) */
static int noise_row(fig_run *r, long idx, const neq_params *p, const double *q, void *data)
{
    const double *line = data;
    double v[8] = {param(p, "eps1"), line[0], line[1 + idx], q[0], q[1], q[3], q[4], q[8]};
    return row(r, v);
}

/* Quiroga's Fig. 4 line (T_M = 0.9 T_c, dT = 0 .. 1.96 T_M) with the heat's
 * fluctuations: variance, third cumulant and the TUR ratio of bath 1 */
static int fig_noise(const neq_figure *f, fig_run *r)
{
    (void)f;
    static const char *const COLS[] = {"eps[E]", "T_M[E]", "dT[E]", "C[1]", "J[E^2]",
                                       "var[E^3]", "kappa3[E^4]", "tur[1]"};
    static const char *const Q[] = {"concurrence", "J1", "heat_cumulants", "tur_ratio"};
    char cap[800];
    snprintf(cap, sizeof cap,
             "neqent (beyond Quiroga et al.): the heat current's fluctuations along Fig. 4's "
             "line, T_M = 0.9 T_c, dT = T1 - T2 from 0 to 1.96 T_M; var and kappa3 the second "
             "and third cumulants of bath 1's heat per unit time, tur = sigma var / J^2 (the "
             "thermodynamic uncertainty ratio, >= 2 for these classical steady states); eps = "
             "1/3 and 3, K = 1, K' = 0, Gamma = 1, global ME\n%s", UNITS_Q);
    NEQ_TRY(begin(r, "quiroga-noise", cap, 8, COLS));
    enum { NDT = 50 };
    double T1[NDT], T2[NDT], line[1 + NDT], Tc = 1 / asinh(1.0), TM = 0.9 * Tc;
    for (int k = 0; k < NDT; k++) {
        line[1 + k] = 1.96 * TM * k / (NDT - 1);
        T1[k] = TM + line[1 + k] / 2;
        T2[k] = TM - line[1 + k] / 2;
    }
    line[0] = TM;
    const double epss[2] = {1.0 / 3.0, 3.0};
    for (int e = 0; e < 2; e++)
        NEQ_TRY(baths_line(r, epss[e], epss[e], NDT, T1, T2, 4, Q, noise_row, line));
    NEQ_TRY(end(r));
    for (int e = 0; e < 2; e++) { /* at the largest gradient */
        neq_baths_params p;
        quiroga_params(epss[e], epss[e], &p);
        p.T1 = T1[NDT - 1];
        p.T2 = T2[NDT - 1];
        neq_baths_result res;
        neq_gksl *g = NULL;
        neq_fcs *fc = NULL;
        double k[3];
        NEQ_TRY(neq_baths_steady(&p, &res));
        NEQ_TRY(neq_baths_generator(&p, &g));
        int rc = neq_fcs_alloc(g, NULL, &fc);
        if (rc == 0)
            rc = neq_fcs_cumulants(fc, res.rho, 0, 3, k);
        neq_fcs_free(fc);
        neq_gksl_free(g);
        NEQ_TRY(rc);
        const char *tag = e ? "eps3" : "eps1/3";
        char name[48];
        snprintf(name, sizeof name, "var_dT=1.96T_M_%s", tag);
        NEQ_TRY(number(r, name, k[1], "E^3", "variance of bath 1's heat per unit time"));
        snprintf(name, sizeof name, "kappa3_dT=1.96T_M_%s", tag);
        NEQ_TRY(number(r, name, k[2], "E^4", "third cumulant of bath 1's heat per unit time"));
        snprintf(name, sizeof name, "tur_dT=1.96T_M_%s", tag);
        NEQ_TRY(number(r, name, res.entropy_production * k[1] / (k[0] * k[0]), "1",
                       "sigma var / J^2 (>= 2)"));
    }
    return NEQ_OK;
}

/* nearly degenerate qubits: J1 and C of every master equation as
 * eps1 - eps2 = delta passes through 0 at small K */
static int fig_me(const neq_figure *f, fig_run *r)
{
    (void)f;
    static const char *const COLS[] = {"me[1]", "delta[E]", "J[E^2]", "C[1]"};
    char cap[900];
    snprintf(cap, sizeof cap,
             "neqent (beyond Quiroga et al.): the four master equations for nearly degenerate "
             "qubits, eps1 = 1 + delta/2, eps2 = 1 - delta/2, K = 0.01, K' = 0, T1 = 1.5, "
             "T2 = 0.5, Gamma = 1; me = 0 global (secular: wrong within |delta| ~ Gamma, where "
             "it carries heat through the collective states), 1 local, 2 Redfield, 3 unified "
             "(the close Bohr frequencies clustered)\n%s", UNITS_Q);
    NEQ_TRY(begin(r, "quiroga-me", cap, 4, COLS));
    enum { ND = 81 };
    for (int me = 0; me < 4; me++)
        for (int k = 0; k < ND; k++) {
            double delta = -0.2 + 0.4 * k / (ND - 1);
            neq_baths_params p;
            quiroga_params(1 + delta / 2, 1 - delta / 2, &p);
            p.K = 0.01;
            p.me = (neq_me_kind)me;
            neq_baths_result res;
            NEQ_TRY(neq_baths_steady(&p, &res));
            const double v[4] = {me, delta, res.heat_current[0], res.concurrence};
            NEQ_TRY(row(r, v));
        }
    NEQ_TRY(end(r));
    static const char *const names[4] = {"global", "local", "redfield", "unified"};
    for (int me = 0; me < 2; me++) { /* at resonance: the numbers with references */
        neq_baths_params p;
        quiroga_params(1, 1, &p);
        p.K = 0.01;
        p.me = (neq_me_kind)me;
        neq_baths_result res;
        NEQ_TRY(neq_baths_steady(&p, &res));
        char name[48];
        snprintf(name, sizeof name, "J_delta=0_%s", names[me]);
        NEQ_TRY(number(r, name, res.heat_current[0], "E^2", "bath 1's heat current at resonance"));
    }
    return NEQ_OK;
}

/* ------------------------------------------- Bellomo & Antezza 2013 */

static const char *UNITS_B = "units: lengths in um, temperatures in K, time in 1/Gamma_0 (the "
                             "vacuum decay rate), occupations and concurrence dimensionless";

/* the paper's Fig. 4 setting: the body model's defaults (z1 = 1 um,
 * r12 = 0.25 um, T_W = 30 K, SiC slab of 0.01 um, omega = 0.3 omega_r,
 * z dipoles) */
static int paper_params(neq_params **p) { return neq_params_alloc(neq_model_lookup("body"), p); }

/* the maximum of C over (z2, T_M), and along z2 = z1 = 1 um over T_M */
typedef struct {
    double C, z2, TM;               /* over the plane */
    double Cl, TMl;                 /* along the line */
    double nS, nA, TS, TA, ratio;   /* at the line's maximum */
    int nevals;
} fig4a_max;

static int maxima_4a(int threads, fig4a_max *mx)
{
    neq_params *p = NULL;
    NEQ_TRY(paper_params(&p));
    const neq_opt_var plane[2] = {{"z2", 0.1e-6, 2.5e-6, 0}, {"TM", 30, 6000, 1}};
    const int npl[2] = {25, 30};
    const neq_opt_options opt = {1e-8, 3000};
    double x[2];
    neq_opt_result res;
    int rc = neq_maximize_grid(p, "concurrence", 2, plane, npl, threads, &opt, x, &res);
    if (rc == 0) {
        mx->C = res.fmax;
        mx->z2 = x[0];
        mx->TM = x[1];
        mx->nevals = res.nevals;
        const neq_opt_var line = {"TM", 30, 6000, 1};
        const int nl = 60;
        rc = neq_maximize_grid(p, "concurrence", 1, &line, &nl, threads, &opt, x, &res);
    }
    if (rc == 0) {
        mx->Cl = res.fmax;
        mx->TMl = x[0];
        rc = neq_params_set(p, "TM", mx->TMl);
    }
    const char *names[5] = {"n_S", "n_A", "T_S", "T_A", "gamma_A_over_gamma_S"};
    double *dst[5] = {&mx->nS, &mx->nA, &mx->TS, &mx->TA, &mx->ratio};
    int sel[5];
    for (int k = 0; k < 5; k++)
        sel[k] = neq_model_quantity_index(neq_params_model(p), names[k]);
    double v[5];
    if (rc == 0)
        rc = neq_eval_once(p, 5, sel, v);
    for (int k = 0; rc == 0 && k < 5; k++)
        *dst[k] = v[k];
    neq_params_free(p);
    return rc;
}

/* ----- Fig. 4(a) */

typedef struct {
    fig_run *r;
    long nTM;
    int status;
} map_ctx;

static int map_row(void *user, long idx, const neq_params *point, const double *q)
{
    map_ctx *c = user;
    const neq_model *m = neq_params_model(point);
    if (idx > 0 && idx % c->nTM == 0 && (c->status = block(c->r)) != 0)
        return c->status;
    double v[7] = {1e6 * neq_params_value(point, neq_model_param_index(m, "z2")),
                   neq_params_value(point, neq_model_param_index(m, "TM")), q[0], q[1], q[2],
                   q[3], q[4]};
    return (c->status = row(c->r, v));
}

static int fig4a(const neq_figure *f, fig_run *r)
{
    (void)f;
    static const char *const COLS[] = {"z2[um]", "T_M[K]", "C[1]", "n_S[1]", "n_A[1]", "T_S[K]",
                                       "T_A[K]"};
    char cap[900];
    snprintf(cap, sizeof cap,
             "Bellomo & Antezza Fig. 4(a): steady concurrence C over (z2, T_M); z1 = 1 um, "
             "r12 = 0.25 um, T_W = 30 K, SiC slab delta = 0.01 um, omega = 0.3 omega_r, dipoles "
             "along z; z2 from 0.1 to 2.5 um (49 values), T_M from 30 to 6000 K (60 values, "
             "logarithmic)\n%s", UNITS_B);
    neq_params *p = NULL;
    neq_grid *g = NULL;
    NEQ_TRY(paper_params(&p));
    int rc = neq_grid_alloc(p, &g);
    neq_params_free(p);
    double z2[49], TM[60];
    for (int i = 0; i < 49; i++)
        z2[i] = (0.1 + 0.05 * i) * 1e-6;
    for (int k = 0; k < 60; k++)
        TM[k] = 30 * pow(200.0, k / 59.0);
    if (rc == 0)
        rc = neq_grid_add_axis(g, "z2", z2, 49);
    if (rc == 0)
        rc = neq_grid_add_axis(g, "TM", TM, 60);
    const neq_model *m = neq_model_lookup("body");
    const int sel[5] = {neq_model_quantity_index(m, "concurrence"),
                        neq_model_quantity_index(m, "n_S"), neq_model_quantity_index(m, "n_A"),
                        neq_model_quantity_index(m, "T_S"), neq_model_quantity_index(m, "T_A")};
    if (rc == 0)
        rc = neq_grid_select(g, 5, sel);
    if (rc == 0)
        rc = begin(r, "bellomo-fig4a", cap, 7, COLS);
    map_ctx mc = {r, 60, 0};
    if (rc == 0) {
        neq_grid_options go = {.threads = r->s->threads, .row = map_row, .user = &mc};
        rc = neq_grid_run(g, &go, NULL);
    }
    neq_grid_free(g);
    if (rc == 0)
        rc = end(r);
    NEQ_TRY(rc);
    fig4a_max mx;
    NEQ_TRY(maxima_4a(r->s->threads, &mx));
    NEQ_TRY(number(r, "C_max", mx.C, "1", "maximum of C over the (z2, T_M) plane"));
    NEQ_TRY(number(r, "z2_at_max", 1e6 * mx.z2, "um", "z2 of the maximum"));
    NEQ_TRY(number(r, "T_M_at_max", mx.TM, "K", "T_M of the maximum"));
    NEQ_TRY(number(r, "C_max_line", mx.Cl, "1", "maximum of C along z2 = z1 (the white line)"));
    NEQ_TRY(number(r, "T_M_at_max_line", mx.TMl, "K", "T_M of the line's maximum"));
    NEQ_TRY(number(r, "n_S_line", mx.nS, "1", "n_S at the line's maximum"));
    NEQ_TRY(number(r, "n_A_line", mx.nA, "1", "n_A at the line's maximum"));
    NEQ_TRY(number(r, "T_S_line", mx.TS, "K", "T_S at the line's maximum"));
    NEQ_TRY(number(r, "T_A_line", mx.TA, "K", "T_A at the line's maximum"));
    return number(r, "Gamma_A_over_Gamma_S_line", mx.ratio, "1", "Gamma_A/Gamma_S at z1 = z2");
}

/* ----- Fig. 4(b) */

static int fig4b(const neq_figure *f, fig_run *r)
{
    (void)f;
    fig4a_max mx;
    NEQ_TRY(maxima_4a(r->s->threads, &mx));
    neq_params *p = NULL;
    neq_plan *plan = NULL;
    neq_workspace *ws = NULL;
    enum { NT = 240 };
    double t[NT], gap_time = NAN, Cs = NAN;
    double complex *rt = malloc(sizeof *rt * 3 * NT * 16);
    int rc = rt ? paper_params(&p) : neq_fail(NEQ_ENOMEM, "no memory");
    if (rc == 0)
        rc = neq_params_set(p, "z2", mx.z2);
    if (rc == 0)
        rc = neq_params_set(p, "TM", mx.TM);
    if (rc == 0)
        rc = neq_plan_alloc(p, &plan);
    if (rc == 0)
        rc = neq_workspace_alloc(plan, &ws);
    if (rc == 0)
        rc = neq_eval(plan, p, ws);
    const neq_model *m = neq_model_lookup("body");
    if (rc == 0)
        rc = neq_quantity_get(plan, p, ws, neq_model_quantity_index(m, "relaxation_time"),
                              &gap_time);
    if (rc == 0)
        rc = neq_quantity_get(plan, p, ws, neq_model_quantity_index(m, "concurrence"), &Cs);
    for (int k = 0; k < NT; k++)
        t[k] = 8 * gap_time * k / (NT - 1);
    const char *init[3] = {"A", "S", "thermal:30"};
    for (int w = 0; rc == 0 && w < 3; w++) {
        double complex rho0[16];
        rc = neq_initial_state(plan, p, init[w], rho0);
        if (rc == 0)
            rc = neq_evolve(plan, p, rho0, NT, t, rt + (size_t)w * NT * 16);
    }
    neq_workspace_free(ws);
    neq_plan_free(plan);
    neq_params_free(p);
    char cap[900];
    snprintf(cap, sizeof cap,
             "Bellomo & Antezza Fig. 4(b): C(t) at the maximum of Fig. 4(a) (z2 = %.4f um, "
             "T_M = %.0f K) from the antisymmetric, the symmetric and the 30 K thermal state; "
             "relaxation time %.6g / Gamma_0\n%s", 1e6 * mx.z2, mx.TM, gap_time, UNITS_B);
    static const char *const COLS[] = {"t[1/Gamma0]", "C_A[1]", "C_S[1]", "C_thermal[1]"};
    if (rc == 0)
        rc = begin(r, "bellomo-fig4b", cap, 4, COLS);
    double last[3] = {0};
    for (int k = 0; rc == 0 && k < NT; k++) {
        double v[4] = {t[k], 0, 0, 0};
        for (int w = 0; rc == 0 && w < 3; w++)
            rc = neq_concurrence(rt + ((size_t)w * NT + (size_t)k) * 16, &v[1 + w]);
        if (rc == 0)
            rc = row(r, v);
        memcpy(last, v + 1, sizeof last);
    }
    free(rt);
    if (rc == 0)
        rc = end(r);
    NEQ_TRY(rc);
    NEQ_TRY(number(r, "relaxation_time", gap_time, "1/Gamma0", "1/gap of the Liouvillian"));
    NEQ_TRY(number(r, "C_steady", Cs, "1", "steady C at the maximum of Fig. 4(a)"));
    NEQ_TRY(number(r, "C_A_end", last[0], "1", "C(t) from |A> at t = 8 relaxation times"));
    NEQ_TRY(number(r, "C_S_end", last[1], "1", "C(t) from |S> at t = 8 relaxation times"));
    return number(r, "C_thermal_end", last[2], "1", "C(t) from the 30 K state at t = 8 times");
}

/* ----- Fig. 3 */

static int fig3a(const neq_figure *f, fig_run *r)
{
    (void)f;
    fig4a_max mx;
    NEQ_TRY(maxima_4a(r->s->threads, &mx));
    char cap[900];
    snprintf(cap, sizeof cap,
             "Bellomo & Antezza Fig. 3(a): steady concurrence (eq. 12) over (n_S, n_A) at "
             "Gamma_A/Gamma_S = %.6g, the value of the paper's geometry (z1 = z2 = 1 um, "
             "r12 = 0.25 um; withheld in the paper); the marked point is the maximum along "
             "z2 = z1 of Fig. 4(a)\n%s", mx.ratio, UNITS_B);
    static const char *const COLS[] = {"n_S[1]", "n_A[1]", "C[1]"};
    NEQ_TRY(begin(r, "bellomo-fig3a", cap, 3, COLS));
    for (int i = 0; i <= 80; i++) {
        for (int k = 0; k <= 80; k++) {
            double v[3] = {0.1 * i / 80, 3.0 * k / 80, 0}, pop[4];
            NEQ_TRY(neq_nb_analytic(1.0, mx.ratio, v[0], v[1], pop, &v[2]));
            NEQ_TRY(row(r, v));
        }
        NEQ_TRY(block(r));
    }
    NEQ_TRY(end(r));
    double pop[4], C12;
    NEQ_TRY(neq_nb_analytic(1.0, mx.ratio, mx.nS, mx.nA, pop, &C12));
    NEQ_TRY(number(r, "Gamma_A_over_Gamma_S", mx.ratio, "1", "of z1 = z2 = 1 um, r12 = 0.25 um"));
    NEQ_TRY(number(r, "n_S_line", mx.nS, "1", "the marked point: n_S at Fig. 4(a)'s line maximum"));
    NEQ_TRY(number(r, "n_A_line", mx.nA, "1", "n_A there"));
    return number(r, "C_eq12_at_mark", C12, "1",
                  "eq. (12) at the marked point (equals the master equation's C there)");
}

static const double FIG3B_R[] = {1e-8, 1e-6, 1e-4, 1e-3, 1e-2, 0.1, 0.2, 0.3, 0.33, 1.0,
                                 3.03, 5.0, 10.0, 100.0, 1e4, 1e8};

static int fig3b(const neq_figure *f, fig_run *r)
{
    (void)f;
    char cap[700];
    snprintf(cap, sizeof cap,
             "Bellomo & Antezza Fig. 3(b): maximum of the steady concurrence (eq. 12) over "
             "n_S, n_A >= 0 versus Gamma_A/Gamma_S (1e-8 ... 1e8); exactly 0 on [1/3, 3], "
             "positive outside, C_max(r) = C_max(1/r), limits 1/3 at both ends (state "
             "(2/3)|G><G| + (1/3)|A><A| or |S><S|)\n%s", UNITS_B);
    static const char *const COLS[] = {"Gamma_A_over_Gamma_S[1]", "C_max[1]", "n_S_at_max[1]",
                                       "n_A_at_max[1]"};
    NEQ_TRY(begin(r, "bellomo-fig3b", cap, 4, COLS));
    for (int k = 0; k <= 160; k++) {
        double v[4] = {pow(10.0, -8 + 16.0 * k / 160), 0, 0, 0};
        NEQ_TRY(neq_nb_cmax(v[0], &v[1], &v[2], &v[3]));
        NEQ_TRY(row(r, v));
    }
    NEQ_TRY(end(r));
    for (size_t k = 0; k < sizeof FIG3B_R / sizeof FIG3B_R[0]; k++) {
        double C, nS, nA;
        char name[48];
        NEQ_TRY(neq_nb_cmax(FIG3B_R[k], &C, &nS, &nA));
        snprintf(name, sizeof name, "C_max_r=%g", FIG3B_R[k]);
        NEQ_TRY(number(r, name, C, "1", "maximum of eq. (12) at this Gamma_A/Gamma_S"));
    }
    return NEQ_OK;
}

/* -------------------------------------------------- the specifications */

#define PANEL_DEFAULTS NAN, NAN, NAN, NAN
#define WHOLE 0, 0, 1, 1
#define NOMARK NULL, NULL, NULL

struct neq_figure {
    const char *name, *title;
    int (*run)(const neq_figure *f, fig_run *r);
    int npanels;
    neq_panel panels[6];
};

#define S(t, k, x, y, z, g, leg, sel) {t, k, x, y, z, g, leg, sel}
#define NOSERIES {NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL}

static const neq_figure FIGURES[] = {
    {"quiroga-fig1", "Quiroga et al. Fig. 1: state space (e1, e2), borders and shifted states", fig1, 1,
     {{3,
       {S("quiroga-fig1-equilibrium", NEQ_PANEL_LINES, "e1[1]", "e2[1]", NULL, NULL, "equilibrium", NULL),
        S("quiroga-fig1-borders", NEQ_PANEL_POINTS, "e1[1]", "e2[1]", NULL, "border[1]", "border %g (1: eps < 1, 2: eps > 1)", NULL),
        S("quiroga-fig1-states", NEQ_PANEL_POINTS, "e1[1]", "e2[1]", NULL, "eps[E]", "eps = %.3g, T_M = 1", NULL),
        NOSERIES},
       "Quiroga et al. Fig. 1: state space (e_1, e_2)", "e_1", "e_2", NULL, 0, 0, 0, 1, 0, 1,
       WHOLE, 0, NOMARK, NAN}}},
    {"quiroga-fig2", "Quiroga et al. Fig. 2: LNEL coefficients alpha, alpha' vs T_M", fig2, 4,
     {{2,
       {S("quiroga-fig2", NEQ_PANEL_LINES, "T_M[E]", "alpha[E^-2]", NULL, NULL, "alpha", "eps[E]=3"),
        S("quiroga-fig2", NEQ_PANEL_LINES, "T_M[E]", "alpha_prime[E^-2]", NULL, NULL, "alpha'", "eps[E]=3"),
        NOSERIES, NOSERIES},
       "(a) eps = 3", "T_M", "LNEL coefficient", NULL, 0, 0, PANEL_DEFAULTS, 0, 0, 0.5, 1, 0, NOMARK, 0},
      {2,
       {S("quiroga-fig2", NEQ_PANEL_LINES, "T_M[E]", "alpha[E^-2]", NULL, NULL, "alpha", "eps[E]=0.33333333333333331"),
        S("quiroga-fig2", NEQ_PANEL_LINES, "T_M[E]", "alpha_prime[E^-2]", NULL, NULL, "alpha'", "eps[E]=0.33333333333333331"),
        NOSERIES, NOSERIES},
       "(b) eps = 1/3", "T_M", "LNEL coefficient", NULL, 0, 0, PANEL_DEFAULTS, 0.5, 0, 0.5, 1, 0, NOMARK, 0},
      {1,
       {S("quiroga-fig2", NEQ_PANEL_LINES, "T_M[E]", "C_eq[1]", NULL, NULL, NULL, "eps[E]=3"),
        NOSERIES, NOSERIES, NOSERIES},
       NULL, "T", "C_{eq}", NULL, 0, 0, PANEL_DEFAULTS, 0.27, 0.5, 0.2, 0.3, 1, NOMARK, NAN},
      {1,
       {S("quiroga-fig2", NEQ_PANEL_LINES, "T_M[E]", "C_eq[1]", NULL, NULL, NULL, "eps[E]=0.33333333333333331"),
        NOSERIES, NOSERIES, NOSERIES},
       NULL, "T", "C_{eq}", NULL, 0, 0, PANEL_DEFAULTS, 0.77, 0.5, 0.2, 0.3, 1, NOMARK, NAN}}},
    {"quiroga-fig3", "Quiroga et al. Fig. 3: heat current vs concurrence (insets: S_L vs C)", fig3, 4,
     {{1,
       {S("quiroga-fig3", NEQ_PANEL_LINES, "C[1]", "J[E^2]", NULL, "T_M[E]", "T_M = %.3g", "eps1[E]=0.33333333333333331"),
        NOSERIES, NOSERIES, NOSERIES},
       "eps = 1/3", "C", "J", NULL, 0, 0, PANEL_DEFAULTS, 0, 0, 0.5, 1, 0, NOMARK, NAN},
      {1,
       {S("quiroga-fig3", NEQ_PANEL_LINES, "C[1]", "J[E^2]", NULL, "T_M[E]", "T_M = %.3g", "eps1[E]=3"),
        NOSERIES, NOSERIES, NOSERIES},
       "eps = 3", "C", "J", NULL, 0, 0, PANEL_DEFAULTS, 0.5, 0, 0.5, 1, 0, NOMARK, NAN},
      {1,
       {S("quiroga-fig3", NEQ_PANEL_LINES, "C[1]", "S_L[1]", NULL, "T_M[E]", NULL, "eps1[E]=0.33333333333333331"),
        NOSERIES, NOSERIES, NOSERIES},
       NULL, "C", "S_L", NULL, 0, 0, PANEL_DEFAULTS, 0.28, 0.58, 0.2, 0.3, 1, NOMARK, NAN},
      {1,
       {S("quiroga-fig3", NEQ_PANEL_LINES, "C[1]", "S_L[1]", NULL, "T_M[E]", NULL, "eps1[E]=3"),
        NOSERIES, NOSERIES, NOSERIES},
       NULL, "C", "S_L", NULL, 0, 0, PANEL_DEFAULTS, 0.78, 0.58, 0.2, 0.3, 1, NOMARK, NAN}}},
    {"quiroga-fig4", "Quiroga et al. Fig. 4: entropy production vs concurrence", fig4, 2,
     {{1,
       {S("quiroga-fig4", NEQ_PANEL_LINES, "C[1]", "dSdt[E]", NULL, "T_M[E]", "T_M = %.3g", "eps1[E]=0.33333333333333331"),
        NOSERIES, NOSERIES, NOSERIES},
       "eps = 1/3", "C", "dS/dt", NULL, 0, 0, PANEL_DEFAULTS, 0, 0, 0.5, 1, 0, NOMARK, NAN},
      {1,
       {S("quiroga-fig4", NEQ_PANEL_LINES, "C[1]", "dSdt[E]", NULL, "T_M[E]", "T_M = %.3g", "eps1[E]=3"),
        NOSERIES, NOSERIES, NOSERIES},
       "eps = 3", "C", "dS/dt", NULL, 0, 0, PANEL_DEFAULTS, 0.5, 0, 0.5, 1, 0, NOMARK, NAN}}},
    {"quiroga-fig5", "Quiroga et al. Fig. 5: non-symmetric qubits, J vs C", fig5, 3,
     {{1,
       {S("quiroga-fig5", NEQ_PANEL_LINES, "C[1]", "J[E^2]", NULL, "T_M[E]", "T_M = %.3g", "eps1[E]=8"),
        NOSERIES, NOSERIES, NOSERIES},
       "eps1 = 8 (hot bath), eps2 = 3", "C", "J", NULL, 0, 0, PANEL_DEFAULTS, 0, 0, 0.5, 1, 0, NOMARK, NAN},
      {1,
       {S("quiroga-fig5", NEQ_PANEL_LINES, "C[1]", "J[E^2]", NULL, "T_M[E]", "T_M = %.3g", "eps1[E]=3"),
        NOSERIES, NOSERIES, NOSERIES},
       "swapped: eps1 = 3 (hot), eps2 = 8 (the paper's inset)", "C", "J", NULL, 0, 0, PANEL_DEFAULTS,
       0.5, 0, 0.5, 1, 0, NOMARK, NAN},
      {1,
       {S("quiroga-fig5-zoom", NEQ_PANEL_LINES, "C[1]", "J[E^2]", NULL, NULL, NULL, NULL),
        NOSERIES, NOSERIES, NOSERIES},
       "T_M = 0.40: three branches", "C", "J", NULL, 0, 0, PANEL_DEFAULTS, 0.22, 0.22, 0.26, 0.36, 1,
       NOMARK, NAN}}},
    {"quiroga-noise", "neqent: heat fluctuations and the TUR ratio along Quiroga's Fig. 4 line", fig_noise, 2,
     {{2,
       {S("quiroga-noise", NEQ_PANEL_LINES, "dT[E]", "tur[1]", NULL, NULL, "eps = 1/3", "eps[E]=0.33333333333333331"),
        S("quiroga-noise", NEQ_PANEL_LINES, "dT[E]", "tur[1]", NULL, NULL, "eps = 3", "eps[E]=3"),
        NOSERIES, NOSERIES},
       "TUR ratio sigma Var(J)/J^2 (bound 2, dashed)", "dT", "sigma Var(J) / J^2", NULL, 0, 0,
       PANEL_DEFAULTS, 0, 0, 0.5, 1, 0, NOMARK, 2},
      {2,
       {S("quiroga-noise", NEQ_PANEL_LINES, "dT[E]", "var[E^3]", NULL, NULL, "eps = 1/3", "eps[E]=0.33333333333333331"),
        S("quiroga-noise", NEQ_PANEL_LINES, "dT[E]", "var[E^3]", NULL, NULL, "eps = 3", "eps[E]=3"),
        NOSERIES, NOSERIES},
       "variance of the heat per unit time", "dT", "Var(J)", NULL, 0, 0, PANEL_DEFAULTS, 0.5, 0,
       0.5, 1, 0, NOMARK, NAN}}},
    {"quiroga-me", "neqent: global, local, Redfield and unified master equations near degeneracy", fig_me, 1,
     {{4,
       {S("quiroga-me", NEQ_PANEL_LINES, "delta[E]", "J[E^2]", NULL, NULL, "global", "me[1]=0"),
        S("quiroga-me", NEQ_PANEL_LINES, "delta[E]", "J[E^2]", NULL, NULL, "local", "me[1]=1"),
        S("quiroga-me", NEQ_PANEL_LINES, "delta[E]", "J[E^2]", NULL, NULL, "Redfield", "me[1]=2"),
        S("quiroga-me", NEQ_PANEL_LINES, "delta[E]", "J[E^2]", NULL, NULL, "unified", "me[1]=3")},
       "heat current J1 (log scale)", "eps1 - eps2", "J", NULL, 0, 1, NAN, NAN, 1e-6, 1, 0, 0, 1, 1, 0,
       NOMARK, NAN}}},
    {"bellomo-fig3a", "Bellomo & Antezza Fig. 3(a): C(n_S, n_A) at the geometry's Gamma_A/Gamma_S", fig3a, 1,
     {{1,
       {S("bellomo-fig3a", NEQ_PANEL_MAP, "n_S[1]", "n_A[1]", "C[1]", NULL, NULL, NULL),
        NOSERIES, NOSERIES, NOSERIES},
       "Bellomo and Antezza Fig. 3(a): steady concurrence, eq. (12)", "n_S", "n_A", "C", 0, 0,
       PANEL_DEFAULTS, WHOLE, 0, "n_S_line", "n_A_line", "max along z_2 = z_1 (Fig. 4a)", NAN}}},
    {"bellomo-fig3b", "Bellomo & Antezza Fig. 3(b): maximum steady concurrence vs Gamma_A/Gamma_S", fig3b, 1,
     {{1,
       {S("bellomo-fig3b", NEQ_PANEL_LINES, "Gamma_A_over_Gamma_S[1]", "C_max[1]", NULL, NULL, "maximum over n_S, n_A", NULL),
        NOSERIES, NOSERIES, NOSERIES},
       "Bellomo and Antezza Fig. 3(b): maximum steady concurrence", "Gamma_A / Gamma_S", "C_{max}",
       NULL, 1, 0, NAN, NAN, 0, 0.36, WHOLE, 0, NOMARK, 1.0 / 3.0}}},
    {"bellomo-fig4a", "Bellomo & Antezza Fig. 4(a): steady concurrence over (z2, T_M)", fig4a, 1,
     {{1,
       {S("bellomo-fig4a", NEQ_PANEL_MAP, "z2[um]", "T_M[K]", "C[1]", NULL, NULL, NULL),
        NOSERIES, NOSERIES, NOSERIES},
       "Bellomo and Antezza Fig. 4(a): steady concurrence (T_W = 30 K)", "z_2 [µm]", "T_M [K]", "C",
       0, 1, PANEL_DEFAULTS, WHOLE, 0, "z2_at_max", "T_M_at_max", "maximum", NAN}}},
    {"bellomo-fig4b", "Bellomo & Antezza Fig. 4(b): C(t) at the maximum of Fig. 4(a)", fig4b, 1,
     {{3,
       {S("bellomo-fig4b", NEQ_PANEL_LINES, "t[1/Gamma0]", "C_A[1]", NULL, NULL, "antisymmetric", NULL),
        S("bellomo-fig4b", NEQ_PANEL_LINES, "t[1/Gamma0]", "C_S[1]", NULL, NULL, "symmetric", NULL),
        S("bellomo-fig4b", NEQ_PANEL_LINES, "t[1/Gamma0]", "C_thermal[1]", NULL, NULL, "thermal, 30 K", NULL),
        NOSERIES},
       "Bellomo and Antezza Fig. 4(b): C(t) at the maximum of Fig. 4(a)", "Gamma_0 t", "C", NULL, 0,
       0, PANEL_DEFAULTS, WHOLE, 0, NOMARK, NAN}}},
};

#define NFIG ((int)(sizeof FIGURES / sizeof FIGURES[0]))

int neq_figure_count(void) { return NFIG; }
const neq_figure *neq_figure_at(int k) { return k >= 0 && k < NFIG ? &FIGURES[k] : NULL; }
const neq_figure *neq_figure_lookup(const char *name)
{
    for (int k = 0; name && k < NFIG; k++)
        if (!strcmp(FIGURES[k].name, name))
            return &FIGURES[k];
    return NULL;
}
const char *neq_figure_name(const neq_figure *f) { return f ? f->name : NULL; }
const char *neq_figure_title(const neq_figure *f) { return f ? f->title : NULL; }
int neq_figure_npanels(const neq_figure *f) { return f ? f->npanels : 0; }
const neq_panel *neq_figure_panel(const neq_figure *f, int k)
{
    return f && k >= 0 && k < f->npanels ? &f->panels[k] : NULL;
}

int neq_figure_run(const neq_figure *f, const neq_figure_sink *sink, neq_figure_number **numbers,
                   int *n)
{
    neq_clear_error();
    if (!f || !sink || !sink->begin || !sink->row || !sink->end)
        return neq_fail(NEQ_EINVAL, "neq_figure_run: NULL figure or sink");
    if (sink->threads < 1)
        return neq_fail(NEQ_EINVAL, "neq_figure_run: threads = %d must be >= 1", sink->threads);
    fig_run r = {sink, NULL, 0, 0};
    int rc = f->run(f, &r);
    if (rc || !numbers) {
        free(r.num);
        if (numbers)
            *numbers = NULL;
        if (n)
            *n = 0;
        return rc;
    }
    *numbers = r.num;
    if (n)
        *n = r.nnum;
    return NEQ_OK;
}
