/* neqent baths: two coupled qubits with two baths (Quiroga et al. 2007). */
#include "cli.h"
#include "json.h"
#include "neqent/baths.h"
#include "neqent/status.h"

#include <math.h>
#include <string.h>

static const char *USAGE =
    "usage: neqent baths [--eps1 E] [--eps2 E] [--K K] [--Kp K'] [--T1 T] [--T2 T]\n"
    "                    [--gamma1 G] [--gamma2 G] [--me global|local|redfield]\n"
    "                    [--spectral flat|ohmic] [--cutoff W] [--json] [--out FILE [--force]]\n"
    "       neqent baths --lnel --T-mean T [model options] [--json]\n\n"
    "Steady state of two coupled qubits (Quiroga et al. 2007, eq. 5), qubit j in\n"
    "contact with its own boson bath at temperature Tj.  Units: k_B = hbar = 1,\n"
    "energies, rates and temperatures in one common unit (the paper's K = 1).\n"
    "Matrices in the basis |00>,|01>,|10>,|11> (qubit 1 left, |1> excited) and in the\n"
    "eigenbasis s1..s4 of the paper.  Heat current Jj > 0 when bath j heats the qubits;\n"
    "entropy production -J1/T1 - J2/T2 (nats per unit time).  --lnel prints the\n"
    "linear-nonequilibrium coefficients at T1 = T_M + dT/2, T2 = T_M - dT/2:\n"
    "C = C_eq + dC dT - alpha dT^2, S_L = S_L,eq + dSL dT + alpha' dT^2, J1 = kappa dT.";

typedef struct {
    neq_baths_params p;
    int json, force, help, lnel;
    double T_mean;
    const char *out, *me, *spectral;
} baths_args;

static void json_kv(FILE *f, const char *key, double v, int first)
{
    fprintf(f, "%s\"%s\": ", first ? "" : ", ", key);
    json_number(f, v);
}

static void json_params(FILE *f, const neq_baths_params *p)
{
    fputs("\"parameters\": {", f);
    json_kv(f, "eps1", p->eps1, 1);
    json_kv(f, "eps2", p->eps2, 0);
    json_kv(f, "K", p->K, 0);
    json_kv(f, "Kp", p->Kp, 0);
    json_kv(f, "T1", p->T1, 0);
    json_kv(f, "T2", p->T2, 0);
    json_kv(f, "gamma1", p->gamma1, 0);
    json_kv(f, "gamma2", p->gamma2, 0);
    fprintf(f, ", \"me\": \"%s\", \"spectral\": \"%s\"", neq_me_name(p->me),
            p->spectral == NEQ_SPECTRAL_OHMIC ? "ohmic" : "flat");
    if (p->spectral == NEQ_SPECTRAL_OHMIC)
        json_kv(f, "cutoff", p->cutoff, 0);
    fputc('}', f);
}

static void print_matrix(FILE *f, const char *title, const double complex *a)
{
    fprintf(f, "%s\n", title);
    for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 4; j++)
            fprintf(f, "  %+.10f%+.10fi", creal(a[i + 4 * j]) + 0.0, cimag(a[i + 4 * j]) + 0.0);
        fputc('\n', f);
    }
}

static void print_table(FILE *f, const neq_baths_params *p, const neq_baths_result *r, double Ceq,
                        double Tc, double gap)
{
    fprintf(f, "# neqent baths (%s ME): eps1=%g eps2=%g K=%g K'=%g T1=%g T2=%g gamma1=%g gamma2=%g\n",
            neq_me_name(p->me), p->eps1, p->eps2, p->K, p->Kp, p->T1, p->T2, p->gamma1,
            p->gamma2);
    fprintf(f, "concurrence              %.12g\n", r->concurrence);
    fprintf(f, "negativity               %.12g\n", r->negativity);
    fprintf(f, "linear_entropy           %.12g\n", r->linear_entropy);
    fprintf(f, "von_neumann_entropy      %.12g   [nats]\n", r->von_neumann_entropy);
    fprintf(f, "purity                   %.12g\n", r->purity);
    fprintf(f, "heat_current J1          %.12g   [into the qubits from bath 1]\n",
            r->heat_current[0]);
    fprintf(f, "heat_current J2          %.12g\n", r->heat_current[1]);
    fprintf(f, "entropy_production       %.12g\n", r->entropy_production);
    fprintf(f, "relaxation_time          %.12g   [1/gap]\n",
            gap > 0 ? 1 / gap : INFINITY);
    if (r->has_e)
        fprintf(f, "e1, e2 (Fig. 1)          %.12g  %.12g   [w1 = %g, w2 = %g]\n", r->e1, r->e2,
                r->w1, r->w2);
    fprintf(f, "C_eq(T_mean = %g)        %.12g\n", (p->T1 + p->T2) / 2, Ceq);
    fprintf(f, "sudden-death T_c         %.12g\n", Tc);
    fprintf(f, "energies E1..E4 (s1..s4) %.10g %.10g %.10g %.10g   theta = %.10g\n",
            r->eigen.E[0], r->eigen.E[1], r->eigen.E[2], r->eigen.E[3], r->eigen.theta);
    fprintf(f, "checks: ||L rho|| = %.2g, |Tr rho - 1| = %.2g, min eigenvalue = %.3g\n",
            r->info.residual, r->info.trace_error, r->info.min_eigenvalue);
    print_matrix(f, "rho, computational basis |00>,|01>,|10>,|11>:", r->rho);
    print_matrix(f, "rho, eigenbasis s1,s2,s3,s4:", r->rho_eigen);
}

static void print_json(FILE *f, const neq_baths_params *p, const neq_baths_result *r, double Ceq,
                       double Tc, double gap)
{
    fputs("{\"model\": \"baths\", ", f);
    json_params(f, p);
    json_kv(f, "concurrence", r->concurrence, 0);
    json_kv(f, "negativity", r->negativity, 0);
    json_kv(f, "linear_entropy", r->linear_entropy, 0);
    json_kv(f, "von_neumann_entropy", r->von_neumann_entropy, 0);
    json_kv(f, "purity", r->purity, 0);
    fputs(", \"heat_current\": [", f);
    json_number(f, r->heat_current[0]);
    fputs(", ", f);
    json_number(f, r->heat_current[1]);
    fputc(']', f);
    json_kv(f, "entropy_production", r->entropy_production, 0);
    json_kv(f, "relaxation_rate", gap, 0);
    json_kv(f, "C_eq_T_mean", Ceq, 0);
    json_kv(f, "T_c", Tc, 0);
    if (r->has_e) {
        json_kv(f, "e1", r->e1, 0);
        json_kv(f, "e2", r->e2, 0);
    }
    fputs(", \"energies\": [", f);
    for (int k = 0; k < 4; k++) {
        fputs(k ? ", " : "", f);
        json_number(f, r->eigen.E[k]);
    }
    fputc(']', f);
    json_kv(f, "theta", r->eigen.theta, 0);
    json_kv(f, "residual", r->info.residual, 0);
    json_kv(f, "min_eigenvalue", r->info.min_eigenvalue, 0);
    fprintf(f, ", \"completely_positive\": %s", r->completely_positive ? "true" : "false");
    fputs(", \"rho\": ", f);
    json_cmatrix(f, 4, r->rho);
    fputs(", \"rho_eigenbasis\": ", f);
    json_cmatrix(f, 4, r->rho_eigen);
    fputs("}\n", f);
}

static void print_lnel(FILE *f, int json, const neq_baths_params *p, const neq_baths_lnel_result *L)
{
    if (json) {
        fputs("{\"model\": \"baths\", \"lnel\": true, ", f);
        json_params(f, p);
        json_kv(f, "T_mean", L->T_mean, 0);
        json_kv(f, "C_eq", L->C_eq, 0);
        json_kv(f, "S_L_eq", L->SL_eq, 0);
        json_kv(f, "alpha", L->alpha, 0);
        json_kv(f, "alpha_err", L->alpha_err, 0);
        json_kv(f, "alpha_prime", L->alpha_p, 0);
        json_kv(f, "alpha_prime_err", L->alpha_p_err, 0);
        json_kv(f, "kappa", L->kappa, 0);
        json_kv(f, "kappa_err", L->kappa_err, 0);
        json_kv(f, "dC", L->dC, 0);
        json_kv(f, "dC_err", L->dC_err, 0);
        json_kv(f, "dSL", L->dSL, 0);
        json_kv(f, "dSL_err", L->dSL_err, 0);
        fprintf(f, ", \"symmetric\": %s}\n", L->symmetric ? "true" : "false");
        return;
    }
    fprintf(f, "# neqent baths --lnel (%s ME): eps1=%g eps2=%g K=%g K'=%g T_M=%g\n",
            neq_me_name(p->me), p->eps1, p->eps2, p->K, p->Kp, L->T_mean);
    fprintf(f, "C_eq(T_M)      %.12g   (unclamped X-state concurrence)\n", L->C_eq);
    fprintf(f, "S_L,eq(T_M)    %.12g\n", L->SL_eq);
    fprintf(f, "alpha          %.12g +- %.2g\n", L->alpha, L->alpha_err);
    fprintf(f, "alpha'         %.12g +- %.2g\n", L->alpha_p, L->alpha_p_err);
    fprintf(f, "kappa          %.12g +- %.2g\n", L->kappa, L->kappa_err);
    fprintf(f, "dC/ddT         %.12g +- %.2g%s\n", L->dC, L->dC_err,
            L->symmetric ? "   (0 by symmetry)" : "   (first order: non-symmetric case)");
    fprintf(f, "dS_L/ddT       %.12g +- %.2g\n", L->dSL, L->dSL_err);
}

int cmd_baths(int argc, char **argv)
{
    baths_args a = {0};
    neq_baths_default(&a.p);
    a.T_mean = NAN;
    const cli_option opts[] = {
        {"eps1", OPT_DOUBLE, &a.p.eps1, "splitting of qubit 1 [energy; default 1/3]"},
        {"eps2", OPT_DOUBLE, &a.p.eps2, "splitting of qubit 2 [energy; default 1/3]"},
        {"K", OPT_DOUBLE, &a.p.K, "XX coupling K [energy; default 1]"},
        {"Kp", OPT_DOUBLE, &a.p.Kp, "Ising coupling K' [energy; default 0]"},
        {"T1", OPT_DOUBLE, &a.p.T1, "temperature of bath 1, >= 0 [energy; default 1.5]"},
        {"T2", OPT_DOUBLE, &a.p.T2, "temperature of bath 2, >= 0 [energy; default 0.5]"},
        {"gamma1", OPT_DOUBLE, &a.p.gamma1, "coupling to bath 1, >= 0 [rate; default 1]"},
        {"gamma2", OPT_DOUBLE, &a.p.gamma2, "coupling to bath 2, >= 0 [rate; default 1]"},
        {"me", OPT_STRING, &a.me, "master equation: global (default), local, redfield"},
        {"spectral", OPT_STRING, &a.spectral,
         "spectral density: flat J = gamma (default) or ohmic J = gamma w e^{-w/cutoff}"},
        {"cutoff", OPT_DOUBLE, &a.p.cutoff, "ohmic cutoff frequency [energy; default 10]"},
        {"lnel", OPT_FLAG, &a.lnel, "print the linear-nonequilibrium coefficients instead"},
        {"T-mean", OPT_DOUBLE, &a.T_mean, "mean temperature T_M for --lnel [energy; required]"},
        {"json", OPT_FLAG, &a.json, "print one JSON object instead of a table"},
        {"out", OPT_STRING, &a.out, "write to FILE instead of standard output"},
        {"force", OPT_FLAG, &a.force, "allow --out to overwrite an existing file"},
        {"help", OPT_FLAG, &a.help, "show this help"},
    };
    int nopts = (int)(sizeof opts / sizeof opts[0]);
    int parsed = cli_parse("baths", argc, argv, 2, opts, nopts);
    if (parsed)
        return parsed < 0 ? 2 : 0;
    if (a.help) {
        cli_print_help(stdout, USAGE, opts, nopts);
        return 0;
    }
    if (a.me && neq_me_parse(a.me, &a.p.me))
        return cli_error("baths: --me: %s", neq_errdetail());
    if (a.spectral) {
        if (strcmp(a.spectral, "flat") == 0)
            a.p.spectral = NEQ_SPECTRAL_FLAT;
        else if (strcmp(a.spectral, "ohmic") == 0)
            a.p.spectral = NEQ_SPECTRAL_OHMIC;
        else
            return cli_error("baths: --spectral: unknown spectral density '%s' (flat or ohmic)",
                             a.spectral);
    }
    if (a.lnel) {
        if (isnan(a.T_mean))
            return cli_error("baths: --lnel needs --T-mean T");
        neq_baths_lnel_result L;
        if (neq_baths_lnel(&a.p, a.T_mean, &L))
            return cli_error("baths: %s", neq_errdetail());
        cli_output o;
        if (cli_output_open(&o, a.out, a.force))
            return 1;
        print_lnel(o.f, a.json, &a.p, &L);
        return cli_output_close(&o) ? 1 : 0;
    }
    if (!isnan(a.T_mean))
        return cli_error("baths: --T-mean is only used with --lnel");
    neq_baths_result r;
    double Ceq, Tc, gap;
    if (neq_baths_steady(&a.p, &r) || neq_baths_ceq(&a.p, (a.p.T1 + a.p.T2) / 2, &Ceq) ||
        neq_baths_tc(&a.p, &Tc) || neq_baths_relaxation(&a.p, &gap))
        return cli_error("baths: %s", neq_errdetail());
    if (r.info.min_eigenvalue < -1e-10)
        fprintf(stderr, "neqent: warning: the %s steady state is not positive (eigenvalue %.3g): "
                        "outside the validity of this master equation\n",
                neq_me_name(a.p.me), r.info.min_eigenvalue);
    cli_output o;
    if (cli_output_open(&o, a.out, a.force))
        return 1;
    if (a.json)
        print_json(o.f, &a.p, &r, Ceq, Tc, gap);
    else
        print_table(o.f, &a.p, &r, Ceq, Tc, gap);
    return cli_output_close(&o) ? 1 : 0;
}
