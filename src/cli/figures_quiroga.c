/* Figures 1-5 of Quiroga et al. (2007): data and plots.  Parameters as the
 * captions give them (K = 1, K' = 0, Gamma1 = Gamma2 = 1, flat spectral
 * densities, global master equation); where a caption leaves a value open
 * (which eps in Figs. 3-4, which T_M), the choice is written into the CSV
 * header and docs/figures.md. */
#include "figure.h"
#include "neqent/baths.h"
#include "neqent/status.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <math.h>
#include <stdio.h>

static const char *UNITS =
    "units: energies, temperatures and rates in units of K (k_B = hbar = 1); [E] = that "
    "unit, [E^2] = energy per unit time (heat current), [1/t] = entropy per unit time "
    "(nats), [1] = dimensionless";

static int fail_model(const char *what)
{
    fprintf(stderr, "neqent: %s: %s\n", what, neq_errdetail());
    return -1;
}

/* ------------------------------------------------------------ Fig. 1 */

/* Entanglement borders in the (e1, e2) plane from the corrected eq. (8):
 * eps < 1: C = 0 where (1 - (e1 + e2)/2)^2 = e1 e2 (1 - e1/2)(1 - e2/2);
 * eps > 1 (rho_11 <-> rho_44, rho_22 <-> rho_33):
 *          C = 0 where (e2 - e1)^2 / 4 = e1 e2 (1 - e1/2)(1 - e2/2). */
typedef struct {
    double e1;
    int weak;
} border_ctx;

static double border_fn(double e2, void *v)
{
    const border_ctx *b = v;
    double e1 = b->e1, rhs = e1 * e2 * (1 - e1 / 2) * (1 - e2 / 2);
    double lhs = b->weak ? (e2 - e1) * (e2 - e1) / 4 : (1 - (e1 + e2) / 2) * (1 - (e1 + e2) / 2);
    return lhs - rhs;
}

static void write_border(FILE *f, int weak)
{
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    const int NE = 300, NS = 600;
    for (int i = 1; i < NE; i++) {
        border_ctx b = {(double)i / NE, weak};
        gsl_function F = {border_fn, &b};
        double prev = border_fn(1e-9, &b);
        for (int k = 1; k <= NS; k++) {
            double x0 = (k - 1.0) / NS + 1e-9, x1 = (double)k / NS - 1e-9;
            double cur = border_fn(x1, &b);
            if ((prev < 0) != (cur < 0)) {
                gsl_root_fsolver_set(s, &F, x0, x1);
                double r = x0;
                for (int it = 0; it < 100; it++) {
                    gsl_root_fsolver_iterate(s);
                    r = gsl_root_fsolver_root(s);
                    if (gsl_root_test_interval(gsl_root_fsolver_x_lower(s),
                                               gsl_root_fsolver_x_upper(s), 1e-14, 0) == GSL_SUCCESS)
                        break;
                }
                fprintf(f, "%s,%.17g,%.17g\n", weak ? "eps>1" : "eps<1", b.e1, r);
            }
            prev = cur;
        }
    }
    gsl_set_error_handler(old);
    gsl_root_fsolver_free(s);
}

static int fig1(const fig_ctx *c)
{
    cli_output o;
    char cap[1024];
    snprintf(cap, sizeof cap,
             "Quiroga et al. Fig. 1, equilibrium line: T1 = T2 = T, eps = 1/3 (w1 = 2/3, w2 = "
             "4/3); the same curve for eps = 3 (w2/w1 = 2 in both)\n%s", UNITS);
    if (fig_csv_open(c, &o, "quiroga-fig1-equilibrium.csv", cap, "T[E],e1[1],e2[1]"))
        return -1;
    for (int k = 0; k <= 200; k++) {
        double T = 0.02 * pow(2500.0, k / 200.0), e1, e2;
        neq_baths_e(2.0 / 3.0, T, T, &e1);
        neq_baths_e(4.0 / 3.0, T, T, &e2);
        fprintf(o.f, "%.17g,%.17g,%.17g\n", T, e1, e2);
    }
    if (cli_output_close(&o))
        return -1;
    snprintf(cap, sizeof cap,
             "Quiroga et al. Fig. 1, entangled-unentangled borders C = 0 in the (e1, e2) plane,\n"
             "from the corrected eq. (8) (docs/physics.md): border 'eps<1' (green in the paper) "
             "and 'eps>1' (red)\n%s", UNITS);
    if (fig_csv_open(c, &o, "quiroga-fig1-borders.csv", cap, "border,e1[1],e2[1]"))
        return -1;
    write_border(o.f, 0);
    write_border(o.f, 1);
    if (cli_output_close(&o))
        return -1;
    snprintf(cap, sizeof cap,
             "Quiroga et al. Fig. 1, states shifted by a gradient dT = T1 - T2 at T_M = 1:\n"
             "eps = 1/3 (blue) and eps = 3 (brown), K = 1, K' = 0, Gamma = 1, global ME\n%s",
             UNITS);
    if (fig_csv_open(c, &o, "quiroga-fig1-states.csv", cap,
                     "eps[E],dT[E],T1[E],T2[E],e1[1],e2[1],C[1]"))
        return -1;
    const double epss[2] = {1.0 / 3.0, 3.0};
    for (int ie = 0; ie < 2; ie++)
        for (int k = 0; k <= 19; k++) {
            neq_baths_params p;
            neq_baths_default(&p);
            p.eps1 = p.eps2 = epss[ie];
            double dT = 0.1 * k;
            p.T1 = 1 + dT / 2;
            p.T2 = 1 - dT / 2;
            neq_baths_result r;
            if (neq_baths_steady(&p, &r)) {
                cli_output_abort(&o);
                return fail_model("quiroga-fig1");
            }
            fprintf(o.f, "%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g\n", p.eps1, dT, p.T1, p.T2,
                    r.e1, r.e2, r.concurrence);
        }
    if (cli_output_close(&o))
        return -1;
    return fig_gnuplot(c, "quiroga-fig1.png",
                       "set title 'Quiroga et al. Fig. 1: state space (e1, e2)'\n"
                       "set xlabel 'e_1'; set ylabel 'e_2'; set xrange [0:1]; set yrange [0:1]\n"
                       "set key top left\n"
                       "plot 'quiroga-fig1-equilibrium.csv' u 2:3 w l lw 2 lc 'black' t 'equilibrium',\\\n"
                       " 'quiroga-fig1-borders.csv' u (strcol(1) eq 'eps<1' ? $2 : 1/0):3 w p pt 7 ps 0.3 lc 'web-green' t 'border, eps < 1',\\\n"
                       " '' u (strcol(1) eq 'eps>1' ? $2 : 1/0):3 w p pt 7 ps 0.3 lc 'red' t 'border, eps > 1',\\\n"
                       " 'quiroga-fig1-states.csv' u ($1 < 1 ? $5 : 1/0):6 w p pt 6 ps 1.5 lc 'blue' t 'eps = 1/3, T_M = 1',\\\n"
                       " '' u ($1 > 1 ? $5 : 1/0):6 w p pt 6 ps 1.5 lc 'brown' t 'eps = 3, T_M = 1'\n");
}

/* ------------------------------------------------------------ Fig. 2 */

static int fig2(const fig_ctx *c)
{
    cli_output o;
    char cap[1024];
    snprintf(cap, sizeof cap,
             "Quiroga et al. Fig. 2: LNEL coefficients alpha (concurrence) and alpha' (linear "
             "entropy) vs T_M,\n(a) eps = 3, (b) eps = 1/3; insets: C_eq(T); K = 1, K' = 0, "
             "Gamma = 1, global ME; kappa = thermal conductance\n%s", UNITS);
    if (fig_csv_open(c, &o, "quiroga-fig2.csv", cap,
                     "eps[E],T_M[E],alpha[E^-2],alpha_err[E^-2],alpha_prime[E^-2],"
                     "alpha_prime_err[E^-2],kappa[E],kappa_err[E],C_eq[1]"))
        return -1;
    const double epss[2] = {3.0, 1.0 / 3.0};
    for (int ie = 0; ie < 2; ie++)
        for (int k = 0; k < 80; k++) {
            neq_baths_params p;
            neq_baths_default(&p);
            p.eps1 = p.eps2 = epss[ie];
            double T = 0.05 + k * 0.025;
            neq_baths_lnel_result L;
            double Ceq;
            if (neq_baths_lnel(&p, T, &L) || neq_baths_ceq(&p, T, &Ceq)) {
                cli_output_abort(&o);
                return fail_model("quiroga-fig2");
            }
            fprintf(o.f, "%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g\n", p.eps1, T,
                    L.alpha, L.alpha_err, L.alpha_p, L.alpha_p_err, L.kappa, L.kappa_err, Ceq);
        }
    if (cli_output_close(&o))
        return -1;
    return fig_gnuplot(
        c, "quiroga-fig2.png",
        "set multiplot title 'Quiroga et al. Fig. 2: LNEL coefficients (insets: C_{eq}(T))'\n"
        "set xlabel 'T_M'; set key top right; set zeroaxis\n"
        "set size 0.5,0.93; set origin 0,0; set title '(a) eps = 3'\n"
        "plot 'quiroga-fig2.csv' u ($1 > 1 ? $2 : 1/0):3 w l lw 2 t 'alpha', '' u ($1 > 1 ? $2 : 1/0):5 w l lw 2 t \"alpha'\"\n"
        "set origin 0.5,0; set title '(b) eps = 1/3'\n"
        "plot 'quiroga-fig2.csv' u ($1 < 1 ? $2 : 1/0):3 w l lw 2 t 'alpha', '' u ($1 < 1 ? $2 : 1/0):5 w l lw 2 t \"alpha'\"\n"
        "unset title; unset key; set xlabel 'T' offset 0,0.5; set ylabel 'C_{eq}' offset 2; set tics font ',8'\n"
        "set size 0.2,0.3; set origin 0.27,0.36\n"
        "plot 'quiroga-fig2.csv' u ($1 > 1 ? $2 : 1/0):9 w l lc 'black'\n"
        "set origin 0.77,0.36\n"
        "plot 'quiroga-fig2.csv' u ($1 < 1 ? $2 : 1/0):9 w l lc 'black'\n"
        "unset multiplot\n");
}

/* ------------------------------------------------------- Figs. 3-5 */

/* Rows eps1, eps2, T_M, dT, T1, T2, C, J, S_L, dS/dt for dT from 0 to
 * 1.96 T_M (T2 down to 0.02 T_M), at T_M = f * T_c for the given fractions. */
static int gradient_rows(FILE *f, double eps1, double eps2, const double *fr, int nfr,
                         const char *what)
{
    neq_baths_params p;
    neq_baths_default(&p);
    p.eps1 = eps1;
    p.eps2 = eps2;
    double Tc;
    if (neq_baths_tc(&p, &Tc))
        return fail_model(what);
    for (int i = 0; i < nfr; i++) {
        double TM = fr[i] * Tc;
        for (int k = 0; k <= 49; k++) {
            double dT = 1.96 * TM * k / 49.0;
            p.T1 = TM + dT / 2;
            p.T2 = TM - dT / 2;
            neq_baths_result r;
            if (neq_baths_steady(&p, &r))
                return fail_model(what);
            fprintf(f, "%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g\n", eps1, eps2,
                    TM, dT, p.T1, p.T2, r.concurrence, r.heat_current[0], r.linear_entropy,
                    r.entropy_production);
        }
    }
    return 0;
}

static const char *GRAD_COLUMNS =
    "eps1[E],eps2[E],T_M[E],dT[E],T1[E],T2[E],C[1],J[E^2],S_L[1],dSdt[1/t]";

static int gradient_csv(const fig_ctx *c, const char *name, const char *caption,
                        const double (*eps)[2], int neps, const double *fr, int nfr)
{
    cli_output o;
    char cap[1400];
    snprintf(cap, sizeof cap,
             "%s\nT_M = f T_c with f in {0.3, 0.5, 0.7, 0.9} and T_c the sudden-death "
             "temperature of each Hamiltonian;\ndT = T1 - T2 from 0 to 1.96 T_M (one row per "
             "dT); J = J1, into the qubits from the hot bath 1; K = 1, K' = 0, Gamma = 1, "
             "global ME\n%s", caption, UNITS);
    if (fig_csv_open(c, &o, name, cap, GRAD_COLUMNS))
        return -1;
    for (int k = 0; k < neps; k++)
        if (gradient_rows(o.f, eps[k][0], eps[k][1], fr, nfr, name)) {
            cli_output_abort(&o);
            return -1;
        }
    return cli_output_close(&o);
}

static const double FRACTIONS[4] = {0.3, 0.5, 0.7, 0.9};
static const double SYMMETRIC[2][2] = {{1.0 / 3.0, 1.0 / 3.0}, {3.0, 3.0}};
static const double ASYMMETRIC[2][2] = {{8.0, 3.0}, {3.0, 8.0}};

/* Two panels (one per (eps1, eps2)), one curve per T_M fraction, y column
 * ycol against C (column 7); an optional inset per panel plotting column
 * inset_col against C. */
static int plot_vs_c(const fig_ctx *c, const char *png, const char *csv, const char *title,
                     int ycol, const char *ylabel, const double (*eps)[2], int inset_col,
                     const char *inset_label)
{
    char s[8000];
    int n = snprintf(s, sizeof s, "set multiplot title '%s'\n", title);
    for (int k = 0; k < 2; k++) {
        /* T_c of the panel: its smallest T_M over the smallest fraction 0.3 */
        n += snprintf(s + n, sizeof s - (size_t)n,
                      "stats '%s' u ($1 == %.17g && $2 == %.17g ? $3 : 1/0) nooutput\n"
                      "TC = STATS_min / 0.3\n"
                      "set size 0.5,0.93; set origin %g,0; set title 'eps1 = %g, eps2 = %g'\n"
                      "set xlabel 'C'; set ylabel '%s'; set tics font ',10'\n"
                      "set key outside bottom center horizontal\n"
                      "plot for [f in '0.3 0.5 0.7 0.9'] '%s' u (($1 == %.17g && $2 == %.17g "
                      "&& abs($3 - f*TC) < 1e-9) ? $7 : 1/0):%d w lp pt 7 ps 0.5 "
                      "t sprintf('T_M = %%.1f T_c', f+0)\n",
                      csv, eps[k][0], eps[k][1], 0.5 * k, eps[k][0], eps[k][1], ylabel, csv,
                      eps[k][0], eps[k][1], ycol);
        if (inset_col > 0)
            n += snprintf(s + n, sizeof s - (size_t)n,
                          "set size 0.2,0.3; set origin %g,0.55; unset title; unset key\n"
                          "set xlabel 'C' offset 0,0.7; set ylabel '%s' offset 2; set tics font ',8'\n"
                          "plot for [f in '0.3 0.5 0.7 0.9'] '%s' u (($1 == %.17g && $2 == %.17g "
                          "&& abs($3 - f*TC) < 1e-9) ? $7 : 1/0):%d w l\n",
                          0.5 * k + 0.27, inset_label, csv, eps[k][0], eps[k][1], inset_col);
    }
    snprintf(s + n, sizeof s - (size_t)n, "unset multiplot\n");
    return fig_gnuplot(c, png, s);
}

int fig_quiroga(const fig_ctx *c, int number)
{
    switch (number) {
    case 1:
        return fig1(c);
    case 2:
        return fig2(c);
    case 3:
        if (gradient_csv(c, "quiroga-fig3.csv",
                         "Quiroga et al. Fig. 3: heat current J and concurrence C for several T_M "
                         "(inset: S_L vs C);\nthe caption names no eps: both eps = 1/3 and eps = 3",
                         SYMMETRIC, 2, FRACTIONS, 4))
            return -1;
        return plot_vs_c(c, "quiroga-fig3.png", "quiroga-fig3.csv",
                         "Quiroga et al. Fig. 3: heat current vs concurrence (insets: S_L vs C)", 8,
                         "J", SYMMETRIC, 9, "S_L");
    case 4:
        if (gradient_csv(c, "quiroga-fig4.csv",
                         "Quiroga et al. Fig. 4: entropy production rate dS/dt and concurrence C "
                         "for several T_M;\nthe caption names no eps: both eps = 1/3 and eps = 3",
                         SYMMETRIC, 2, FRACTIONS, 4))
            return -1;
        return plot_vs_c(c, "quiroga-fig4.png", "quiroga-fig4.csv",
                         "Quiroga et al. Fig. 4: entropy production vs concurrence", 10, "dS/dt",
                         SYMMETRIC, 0, NULL);
    case 5:
        if (gradient_csv(c, "quiroga-fig5.csv",
                         "Quiroga et al. Fig. 5: non-symmetric case, J vs C; main: eps1 = 8 "
                         "(hot bath 1), eps2 = 3;\ninset: the swapped connection eps1 = 3 (hot), "
                         "eps2 = 8",
                         ASYMMETRIC, 2, FRACTIONS, 4))
            return -1;
        return plot_vs_c(c, "quiroga-fig5.png", "quiroga-fig5.csv",
                         "Quiroga et al. Fig. 5: non-symmetric qubits, J vs C (right: the inset of the paper)",
                         8, "J", ASYMMETRIC, 0, NULL);
    }
    return -1;
}
