/* Figures 3 and 4 of Bellomo & Antezza (2013): data and plots.  Fig. 4
 * parameters as the caption gives them: z1 = 1 um, r12 = 0.25 um,
 * T_W = 30 K, SiC slab delta = 0.01 um, omega = 0.3 omega_r, z dipoles.
 * The ranges of the axes, which the text does not give, are written into
 * the CSV headers (and docs/figures.md). */
#include "figure.h"
#include "neqent/nearbody.h"
#include "neqent/qinfo.h"
#include "neqent/status.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_min.h>
#include <gsl/gsl_multimin.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *UNITS_B =
    "units: lengths in m (um where named), temperatures in K, time in 1/Gamma_0 (the vacuum "
    "decay rate), occupations and concurrence dimensionless";

typedef struct {
    neq_material *sic;
    neq_body *slab;
} paper_body;

static int paper_setup(paper_body *p)
{
    if (neq_material_sic(&p->sic) || neq_body_slab(p->sic, 0.01e-6, &p->slab)) {
        fprintf(stderr, "neqent: %s\n", neq_errdetail());
        return -1;
    }
    return 0;
}

static void paper_free(paper_body *p)
{
    neq_body_free(p->slab);
    neq_material_free(p->sic);
}

static int model_at(const paper_body *p, double z2, neq_nb_model **m)
{
    neq_nb_geometry g;
    neq_nb_default_geometry(&g);
    g.pos[1][2] = z2;
    if (neq_nb_model_alloc(p->slab, &g, NULL, m)) {
        fprintf(stderr, "neqent: %s\n", neq_errdetail());
        return -1;
    }
    return 0;
}

/* the steady state at (z2, T_M), T_W = 30 K: one model, used once */
static int steady_at(const paper_body *p, double z2, double TM, neq_nb_result *r)
{
    neq_nb_model *m;
    if (model_at(p, z2, &m))
        return -1;
    int rc = neq_nb_steady(m, 30, TM, 0, NULL, r);
    neq_nb_model_free(m);
    if (rc)
        fprintf(stderr, "neqent: %s\n", neq_errdetail());
    return rc ? -1 : 0;
}

static double minus_C_of_TM(double TM, void *m)
{
    neq_nb_result r;
    if (neq_nb_steady(m, 30, TM, 0, NULL, &r))
        return 0;
    return -r.concurrence;
}

/* maximum over T_M in [a, b] for a model (Brent, bracketed by a scan) */
static double max_over_TM(neq_nb_model *m, double a, double b, double *TMbest)
{
    const int N = 60;
    double best = 1, bestT = a;
    for (int k = 0; k <= N; k++) {
        double T = a * pow(b / a, (double)k / N), f = minus_C_of_TM(T, m);
        if (f < best) {
            best = f;
            bestT = T;
        }
    }
    double lo = fmax(a, bestT / pow(b / a, 1.0 / N)), hi = fmin(b, bestT * pow(b / a, 1.0 / N));
    if (best < 0 && lo < bestT && bestT < hi) {
        gsl_function F = {minus_C_of_TM, m};
        gsl_min_fminimizer *s = gsl_min_fminimizer_alloc(gsl_min_fminimizer_brent);
        gsl_error_handler_t *old = gsl_set_error_handler_off();
        if (gsl_min_fminimizer_set(s, &F, bestT, lo, hi) == GSL_SUCCESS)
            for (int it = 0; it < 100; it++) {
                gsl_min_fminimizer_iterate(s);
                if (gsl_min_test_interval(gsl_min_fminimizer_x_lower(s),
                                          gsl_min_fminimizer_x_upper(s), 1e-3, 0) == GSL_SUCCESS)
                    break;
            }
        bestT = gsl_min_fminimizer_x_minimum(s);
        best = gsl_min_fminimizer_f_minimum(s);
        gsl_set_error_handler(old);
        gsl_min_fminimizer_free(s);
    }
    *TMbest = bestT;
    return -best;
}

/* the maximum over T_M in [30, 6000] K at height z2 (one model per z2:
 * the geometry work is done once, then reused for every T_M) */
static int max_at_z2(const paper_body *p, double z2, double *C, double *TM)
{
    neq_nb_model *m;
    if (model_at(p, z2, &m))
        return -1;
    *C = max_over_TM(m, 30, 6000, TM);
    neq_nb_model_free(m);
    return 0;
}

/* ------------------------------------------------------------- Fig. 4a */

static int fig4a(const fig_ctx *c, double *z2max, double *TMmax)
{
    paper_body p;
    if (paper_setup(&p))
        return -1;
    cli_output o;
    char cap[1200];
    snprintf(cap, sizeof cap,
             "Bellomo & Antezza Fig. 4(a): steady concurrence C over (z2, T_M); z1 = 1 um, "
             "r12 = 0.25 um, T_W = 30 K, SiC slab delta = 0.01 um,\nomega = 0.3 omega_r, dipoles "
             "along z; z2 from 0.1 to 2.5 um (49 values), T_M from 30 to 6000 K (60 values, "
             "logarithmic)\n%s", UNITS_B);
    if (fig_csv_open(c, &o, "bellomo-fig4a.csv", cap,
                     "z2[um],T_M[K],C[1],n_S[1],n_A[1],T_S[K],T_A[K]")) {
        paper_free(&p);
        return -1;
    }
    double best = -1, bz = 0;
    for (int i = 0; i < 49; i++) {
        double z2 = (0.1 + 0.05 * i) * 1e-6;
        neq_nb_model *m;
        if (model_at(&p, z2, &m)) {
            cli_output_abort(&o);
            paper_free(&p);
            return -1;
        }
        for (int k = 0; k < 60; k++) {
            double TM = 30 * pow(200.0, k / 59.0);
            neq_nb_result r;
            if (neq_nb_steady(m, 30, TM, 0, NULL, &r)) {
                fprintf(stderr, "neqent: %s\n", neq_errdetail());
                neq_nb_model_free(m);
                cli_output_abort(&o);
                paper_free(&p);
                return -1;
            }
            fprintf(o.f, "%.6g,%.10g,%.17g,%.17g,%.17g,%.17g,%.17g\n", z2 * 1e6, TM, r.concurrence,
                    r.n_S, r.n_A, r.T_S, r.T_A);
            if (r.concurrence > best) {
                best = r.concurrence;
                bz = z2;
            }
        }
        fputc('\n', o.f); /* gnuplot: one block per z2 */
        neq_nb_model_free(m);
    }
    if (cli_output_close(&o)) {
        paper_free(&p);
        return -1;
    }
    /* refine: golden-section over z2 around the grid maximum, Brent over T_M */
    double a = fmax(0.1e-6, bz - 0.05e-6), b = bz + 0.05e-6, gr = (sqrt(5.0) - 1) / 2;
    double x1 = b - gr * (b - a), x2 = a + gr * (b - a), T1, T2, f1, f2;
    if (max_at_z2(&p, x1, &f1, &T1) || max_at_z2(&p, x2, &f2, &T2))
        goto fail;
    for (int it = 0; it < 25; it++) {
        if (f1 > f2) {
            b = x2;
            x2 = x1;
            f2 = f1;
            T2 = T1;
            x1 = b - gr * (b - a);
            if (max_at_z2(&p, x1, &f1, &T1))
                goto fail;
        } else {
            a = x1;
            x1 = x2;
            f1 = f2;
            T1 = T2;
            x2 = a + gr * (b - a);
            if (max_at_z2(&p, x2, &f2, &T2))
                goto fail;
        }
    }
    double zopt = f1 > f2 ? x1 : x2, Topt = f1 > f2 ? T1 : T2, Copt = fmax(f1, f2);
    /* the z2 = z1 line (the paper's white line, eq. 12) */
    double Tline, Cline;
    neq_nb_result rl, rm;
    if (max_at_z2(&p, 1e-6, &Cline, &Tline) || steady_at(&p, 1e-6, Tline, &rl) ||
        steady_at(&p, zopt, Topt, &rm))
        goto fail;
    snprintf(cap, sizeof cap,
             "Bellomo & Antezza Fig. 4(a): the maxima; 'map' = over the whole (z2, T_M) plane "
             "(grid, then golden section in z2 and Brent in T_M), 'line' = along z2 = z1 "
             "(the white line)\n%s", UNITS_B);
    if (fig_csv_open(c, &o, "bellomo-fig4a-max.csv", cap,
                     "where,z2[um],T_M[K],C[1],n_S[1],n_A[1],T_S[K],T_A[K],Gamma_A_over_Gamma_S[1]"))
        goto fail;
    fprintf(o.f, "map,%.10g,%.10g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g\n", zopt * 1e6, Topt, Copt,
            rm.n_S, rm.n_A, rm.T_S, rm.T_A, rm.Gamma_A / rm.Gamma_S);
    fprintf(o.f, "line,%.10g,%.10g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g\n", 1.0, Tline, Cline,
            rl.n_S, rl.n_A, rl.T_S, rl.T_A, rl.Gamma_A / rl.Gamma_S);
    if (cli_output_close(&o))
        goto fail;
    fprintf(stderr, "neqent: Fig. 4(a) maximum C = %.6f at z2 = %.4f um, T_M = %.0f K; along z2 = z1: "
                    "C = %.6f at T_M = %.0f K (n_A = %.4g, T_A = %.0f K; n_S = %.4g, T_S = %.0f K)\n",
            Copt, zopt * 1e6, Topt, Cline, Tline, rl.n_A, rl.T_A, rl.n_S, rl.T_S);
    paper_free(&p);
    *z2max = zopt;
    *TMmax = Topt;
    char script[2000];
    snprintf(script, sizeof script,
             "set title 'Bellomo and Antezza Fig. 4(a): steady concurrence (T_W = 30 K)'\n"
             "set xlabel 'z_2 [um]'; set ylabel 'T_M [K]'; set logscale y\n"
             "set view map; set pm3d map; set palette rgb 33,13,10; set cblabel 'C'\n"
             "set arrow from 1,30 to 1,6000 nohead lw 2 lc 'white' front\n"
             "set label 1 'max C = %.3f' at %.4f,%.1f point pt 7 lc 'red' offset 1,0 front tc 'white'\n"
             "splot 'bellomo-fig4a.csv' u 1:2:3 w pm3d notitle\n",
             Copt, zopt * 1e6, Topt);
    return fig_gnuplot(c, "bellomo-fig4a.png", script);
fail:
    paper_free(&p);
    return -1;
}

/* ------------------------------------------------------------- Fig. 4b */

static int fig4b(const fig_ctx *c, double z2, double TM)
{
    paper_body p;
    if (paper_setup(&p))
        return -1;
    neq_nb_model *m;
    if (model_at(&p, z2, &m)) {
        paper_free(&p);
        return -1;
    }
    neq_gksl *g = NULL;
    neq_liouvillian *L = NULL;
    neq_propagator *P = NULL;
    int rc = neq_nb_generator(m, 30, TM, 0, &g);
    if (rc == 0)
        rc = neq_liouvillian_alloc(g, &L);
    if (rc == 0)
        rc = neq_propagator_alloc(L, &P);
    double gap = 0;
    if (rc == 0)
        rc = neq_liouvillian_gap(L, &gap);
    enum { NT = 240 };
    double t[NT];
    double tmax = 8 / gap;
    for (int k = 0; k < NT; k++)
        t[k] = tmax * k / (NT - 1);
    static double complex rt[3][NT * 16];
    const double s = sqrt(0.5);
    double n30 = 1 / expm1(NEQ_HBAR * 0.3 * 1.495e14 / (NEQ_KB * 30));
    for (int which = 0; rc == 0 && which < 3; which++) {
        double complex rho0[16] = {0};
        if (which < 2) {
            double sign = which == 0 ? -1 : 1;
            double complex psi[4] = {0, sign * s, s, 0};
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 4; j++)
                    rho0[i + 4 * j] = psi[i] * conj(psi[j]);
        } else {
            double Z = (1 + 2 * n30) * (1 + 2 * n30);
            rho0[0] = (1 + n30) * (1 + n30) / Z;
            rho0[5] = rho0[10] = n30 * (1 + n30) / Z;
            rho0[15] = n30 * n30 / Z;
        }
        rc = neq_propagate(P, rho0, NT, t, rt[which]);
    }
    neq_propagator_free(P);
    neq_liouvillian_free(L);
    neq_gksl_free(g);
    neq_nb_model_free(m);
    paper_free(&p);
    if (rc) {
        fprintf(stderr, "neqent: %s\n", neq_errdetail());
        return -1;
    }
    cli_output o;
    char cap[1000];
    snprintf(cap, sizeof cap,
             "Bellomo & Antezza Fig. 4(b): C(t) at the maximum of Fig. 4(a) (z2 = %.4f um, "
             "T_M = %.0f K) from the antisymmetric, the symmetric and the 30 K thermal state;\n"
             "relaxation time 1/gap = %.6g / Gamma_0\n%s", z2 * 1e6, TM, 1 / gap, UNITS_B);
    if (fig_csv_open(c, &o, "bellomo-fig4b.csv", cap, "t[1/Gamma0],C_A[1],C_S[1],C_thermal[1]"))
        return -1;
    for (int k = 0; k < NT; k++) {
        double C[3];
        for (int w = 0; w < 3; w++)
            neq_concurrence(rt[w] + 16 * k, &C[w]);
        fprintf(o.f, "%.10g,%.17g,%.17g,%.17g\n", t[k], C[0], C[1], C[2]);
    }
    if (cli_output_close(&o))
        return -1;
    return fig_gnuplot(c, "bellomo-fig4b.png",
                       "set title 'Bellomo and Antezza Fig. 4(b): C(t) at the maximum of Fig. 4(a)'\n"
                       "set xlabel 'Gamma_0 t'; set ylabel 'C'; set key top right\n"
                       "plot 'bellomo-fig4b.csv' u 1:2 w l lw 2 dt 2 lc 'web-green' t 'antisymmetric',"
                       " '' u 1:3 w l lw 2 dt 4 lc 'blue' t 'symmetric',"
                       " '' u 1:4 w l lw 2 lc 'red' t 'thermal, 30 K'\n");
}

/* ------------------------------------------------------------- Fig. 3 */

static double ratio_of_paper(void)
{
    paper_body p;
    if (paper_setup(&p))
        return NAN;
    neq_nb_result r;
    int rc = steady_at(&p, 1e-6, 300, &r);
    paper_free(&p);
    return rc ? NAN : r.Gamma_A / r.Gamma_S;
}

static int fig3a(const fig_ctx *c)
{
    double ratio = ratio_of_paper();
    if (isnan(ratio))
        return -1;
    cli_output o;
    char cap[1000];
    snprintf(cap, sizeof cap,
             "Bellomo & Antezza Fig. 3(a): steady concurrence (eq. 12) over (n_S, n_A) at "
             "Gamma_A/Gamma_S = %.6g, the value of the paper's geometry (z1 = z2 = 1 um, "
             "r12 = 0.25 um; withheld in our copy of the paper)\n%s", ratio, UNITS_B);
    if (fig_csv_open(c, &o, "bellomo-fig3a.csv", cap, "n_S[1],n_A[1],C[1]"))
        return -1;
    for (int i = 0; i <= 80; i++) {
        for (int k = 0; k <= 80; k++) {
            double nS = 0.1 * i / 80, nA = 3.0 * k / 80, pop[4], C;
            neq_nb_analytic(1.0, ratio, nS, nA, pop, &C);
            fprintf(o.f, "%.10g,%.10g,%.17g\n", nS, nA, C);
        }
        fputc('\n', o.f);
    }
    if (cli_output_close(&o))
        return -1;
    return fig_gnuplot(c, "bellomo-fig3a.png",
                       "set title 'Bellomo and Antezza Fig. 3(a): C(n_S, n_A) at the geometry''s Gamma_A/Gamma_S'\n"
                       "set xlabel 'n_S'; set ylabel 'n_A'; set view map; set pm3d map\n"
                       "set palette rgb 33,13,10; set cblabel 'C'\n"
                       "stats 'bellomo-fig4a-max.csv' u ((strcol(1) eq 'line') ? $5 : 1/0):6 nooutput\n"
                       "splot 'bellomo-fig3a.csv' u 1:2:3 w pm3d notitle, "
                       "'bellomo-fig4a-max.csv' u ((strcol(1) eq 'line') ? $5 : 1/0):6:(0) w p pt 7 ps 2 lc 'red' "
                       "t 'max along z_2 = z_1 (Fig. 4a)'\n");
}

/* max over (n_S, n_A) >= 0 of eq. (12) at fixed Gamma_A/Gamma_S:
 * Nelder-Mead on (n_S, n_A) = (x^2, y^2) from several starts */
static double fig3b_fn(const gsl_vector *v, void *pr)
{
    double ratio = *(double *)pr, x = gsl_vector_get(v, 0), y = gsl_vector_get(v, 1), pop[4], C;
    if (neq_nb_analytic(1.0, ratio, x * x, y * y, pop, &C))
        return 0;
    return -C;
}

static double cmax_at(double ratio, double *nS, double *nA)
{
    const gsl_multimin_fminimizer_type *T = gsl_multimin_fminimizer_nmsimplex2;
    gsl_multimin_fminimizer *s = gsl_multimin_fminimizer_alloc(T, 2);
    gsl_vector *x = gsl_vector_alloc(2), *step = gsl_vector_alloc(2);
    gsl_multimin_function F = {fig3b_fn, 2, &ratio};
    double best = 0, bS = 0, bA = 0;
    const double starts[4][2] = {{0.05, 1}, {0.01, 5}, {1, 0.05}, {5, 0.01}};
    for (int k = 0; k < 4; k++) {
        gsl_vector_set(x, 0, sqrt(starts[k][0]));
        gsl_vector_set(x, 1, sqrt(starts[k][1]));
        gsl_vector_set_all(step, 0.3);
        gsl_multimin_fminimizer_set(s, &F, x, step);
        for (int it = 0; it < 2000; it++) {
            if (gsl_multimin_fminimizer_iterate(s))
                break;
            if (gsl_multimin_test_size(gsl_multimin_fminimizer_size(s), 1e-10) == GSL_SUCCESS)
                break;
        }
        double f = -s->fval;
        if (f > best) {
            best = f;
            bS = pow(gsl_vector_get(s->x, 0), 2);
            bA = pow(gsl_vector_get(s->x, 1), 2);
        }
    }
    gsl_vector_free(x);
    gsl_vector_free(step);
    gsl_multimin_fminimizer_free(s);
    *nS = bS;
    *nA = bA;
    return best;
}

static int fig3b(const fig_ctx *c)
{
    cli_output o;
    char cap[800];
    snprintf(cap, sizeof cap,
             "Bellomo & Antezza Fig. 3(b): maximum of the steady concurrence (eq. 12) over "
             "(n_S, n_A) versus Gamma_A/Gamma_S (1e-8 ... 1e8); the limits at both ends are 1/3 "
             "(state (2/3)|G><G| + (1/3)|A><A| or |S><S|)\n%s", UNITS_B);
    if (fig_csv_open(c, &o, "bellomo-fig3b.csv", cap,
                     "Gamma_A_over_Gamma_S[1],C_max[1],n_S_at_max[1],n_A_at_max[1]"))
        return -1;
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    for (int k = 0; k <= 64; k++) {
        double ratio = pow(10.0, -8 + 16.0 * k / 64), nS, nA;
        double C = cmax_at(ratio, &nS, &nA);
        fprintf(o.f, "%.10g,%.17g,%.17g,%.17g\n", ratio, C, nS, nA);
    }
    gsl_set_error_handler(old);
    if (cli_output_close(&o))
        return -1;
    return fig_gnuplot(c, "bellomo-fig3b.png",
                       "set title 'Bellomo and Antezza Fig. 3(b): maximum steady concurrence'\n"
                       "set xlabel 'Gamma_A / Gamma_S'; set ylabel 'C_{max}'; set logscale x\n"
                       "set yrange [0:0.36]; set format x '10^{%L}'\n"
                       "plot 'bellomo-fig3b.csv' u 1:2 w lp pt 7 ps 0.6 lw 2 notitle, 1.0/3 dt 2 lc 'black' t '1/3'\n");
}

int fig_bellomo(const fig_ctx *c, const char *which)
{
    static double z2max = 0, TMmax = 0;
    if (strcmp(which, "4a") == 0)
        return fig4a(c, &z2max, &TMmax);
    if (strcmp(which, "4b") == 0) {
        if (z2max == 0) { /* 4b alone: the maximum is needed first */
            fig_ctx quiet = *c;
            quiet.plot = 0;
            char dir[] = "/tmp/neqent-fig4a-XXXXXX";
            if (!mkdtemp(dir))
                return -1;
            quiet.dir = dir;
            quiet.force = 1;
            int rc = fig4a(&quiet, &z2max, &TMmax);
            char path[128];
            snprintf(path, sizeof path, "%s/bellomo-fig4a.csv", dir);
            remove(path);
            snprintf(path, sizeof path, "%s/bellomo-fig4a-max.csv", dir);
            remove(path);
            remove(dir);
            if (rc)
                return rc;
        }
        return fig4b(c, z2max, TMmax);
    }
    if (strcmp(which, "3a") == 0)
        return fig3a(c);
    if (strcmp(which, "3b") == 0)
        return fig3b(c);
    fprintf(stderr, "neqent: no Bellomo figure '%s'\n", which);
    return -1;
}
