/* neqent body: two qubits near a body out of thermal equilibrium
 * (Bellomo & Antezza 2013), the steady state of master equation (1). */
#include "cli.h"
#include "json.h"
#include "neqent/nearbody.h"
#include "neqent/status.h"

#include <math.h>
#include <string.h>

static const char *USAGE =
    "usage: neqent body [--omega W] [--z1 Z] [--z2 Z] [--r12 R] [--body slab|halfspace|mirror]\n"
    "                   [--delta D] [--material SPEC] [--TW T] [--TM T] [--dipole1 x,y,z]\n"
    "                   [--dipole2 x,y,z] [--shifts] [--json] [--out FILE [--force]]\n\n"
    "Steady state of two identical qubits near a body at T_M inside walls at T_W\n"
    "(Bellomo & Antezza 2013, master equation 1 with the rates of eq. 4 and Lambda of\n"
    "eqs. 6-7).  SI inputs: omega in rad/s, lengths in m, temperatures in K (> 0).\n"
    "Outputs: rates and times in units of the vacuum rate Gamma_0 (1/Gamma_0), heat\n"
    "currents in hbar omega Gamma_0 (positive into the qubits), entropy production in\n"
    "k_B Gamma_0.  rho in the basis |00>,|01>,|10>,|11> (qubit 1 left, |1> = |e>); the\n"
    "coupled basis G = |gg>, A = (|eg> - |ge>)/sqrt2, S = (|eg> + |ge>)/sqrt2, E = |ee>.\n"
    "Defaults: the paper's Fig. 4 (SiC slab, delta = 0.01 um, omega = 0.3 omega_r,\n"
    "z1 = z2 = 1 um, r12 = 0.25 um, T_W = 30 K), with T_M = 1000 K.";

int cmd_body(int argc, char **argv)
{
    neq_nb_geometry g;
    neq_nb_default_geometry(&g);
    double z1 = 1e-6, z2 = 1e-6, r12 = 0.25e-6, delta = 0.01e-6, TW = 30, TM = 1000;
    const char *material = "sic", *body = "slab", *d1s = NULL, *d2s = NULL, *out = NULL;
    int json = 0, force = 0, help = 0, shifts = 0;
    const cli_option opts[] = {
        {"omega", OPT_FREQUENCY, &g.omega, "qubit frequency [rad/s; default 0.3 x 1.495e14]"},
        {"z1", OPT_LENGTH, &z1, "height of qubit 1, > 0 [m; default 1e-6]"},
        {"z2", OPT_LENGTH, &z2, "height of qubit 2, > 0 [m; default 1e-6]"},
        {"r12", OPT_LENGTH, &r12, "lateral separation, >= 0 [m; default 0.25e-6]"},
        {"body", OPT_STRING, &body, "slab (default), halfspace or mirror"},
        {"delta", OPT_LENGTH, &delta, "slab thickness, > 0 [m; default 0.01e-6]"},
        {"material", OPT_STRING, &material, "permittivity model [default sic] (see neqent rates --help)"},
        {"TW", OPT_TEMPERATURE, &TW, "temperature of the walls, > 0 [K; default 30]"},
        {"TM", OPT_TEMPERATURE, &TM, "temperature of the body, > 0 [K; default 1000]"},
        {"dipole1", OPT_STRING, &d1s, "dipole direction of qubit 1, x,y,z[;xi,yi,zi] [default 0,0,1]"},
        {"dipole2", OPT_STRING, &d2s, "dipole direction of qubit 2 [default 0,0,1]"},
        {"shifts", OPT_FLAG, &shifts, "include the body-induced frequency shifts (the paper drops them)"},
        {"json", OPT_FLAG, &json, "print one JSON object instead of a table"},
        {"out", OPT_STRING, &out, "write to FILE instead of standard output"},
        {"force", OPT_FLAG, &force, "allow --out to overwrite an existing file"},
        {"help", OPT_FLAG, &help, "show this help"},
    };
    int nopts = (int)(sizeof opts / sizeof opts[0]);
    int parsed = cli_parse("body", argc, argv, 2, opts, nopts);
    if (parsed)
        return parsed < 0 ? 2 : 0;
    if (help) {
        cli_print_help(stdout, USAGE, opts, nopts);
        return 0;
    }
    if ((d1s && cli_parse_vec("body", "dipole1", d1s, g.dip[0])) ||
        (d2s && cli_parse_vec("body", "dipole2", d2s, g.dip[1])))
        return 2;
    g.pos[0][2] = z1;
    g.pos[1][0] = r12;
    g.pos[1][2] = z2;
    if (isnan(r12) || r12 < 0)
        return cli_error("body: separation r12 = %g m must be >= 0", r12);
    neq_material *m = NULL;
    neq_body *b = NULL;
    if (cli_make_body("body", body, material, delta, &m, &b))
        return 2;
    neq_nb_model *model = NULL;
    neq_nb_result r;
    double rate = 0;
    int rc = neq_nb_model_alloc(b, &g, NULL, &model);
    if (rc == 0)
        rc = neq_nb_steady(model, TW, TM, shifts, NULL, &r);
    if (rc == 0)
        rc = neq_nb_relaxation(model, TW, TM, shifts, &rate);
    neq_nb_model_free(model);
    neq_body_free(b);
    neq_material_free(m);
    if (rc)
        return cli_error("body: %s", neq_errdetail());
    cli_output o;
    if (cli_output_open(&o, out, force))
        return 1;
    FILE *f = o.f;
    double ratio = r.Gamma_S > 0 ? r.Gamma_A / r.Gamma_S : INFINITY;
    double tau = rate > 0 ? 1 / rate : INFINITY;
    if (json) {
        fprintf(f, "{\"model\": \"body\", \"parameters\": {\"omega\": %.17g, \"z1\": %.17g, "
                   "\"z2\": %.17g, \"r12\": %.17g, \"body\": \"%s\", \"delta\": %.17g, "
                   "\"material\": \"%s\", \"TW\": %.17g, \"TM\": %.17g, \"shifts\": %s, "
                   "\"units\": \"SI inputs; rates in Gamma_0, time in 1/Gamma_0, heat in hbar "
                   "omega Gamma_0, entropy production in k_B Gamma_0\"}",
                g.omega, z1, z2, r12, body, delta, material, TW, TM, shifts ? "true" : "false");
        const char *k[] = {"concurrence", "K1", "K2", "purity", "linear_entropy",
                           "von_neumann_entropy", "n_S", "n_A", "T_S", "T_A",
                           "gamma_A_over_gamma_S", "relaxation_time", "entropy_production",
                           "n_W", "n_M"};
        double v[] = {r.concurrence, r.K1, r.K2, r.purity, r.linear_entropy,
                      r.von_neumann_entropy, r.n_S, r.n_A, r.T_S, r.T_A, ratio, tau,
                      r.entropy_production, r.n_W, r.n_M};
        for (int i = 0; i < 15; i++) {
            fprintf(f, ", \"%s\": ", k[i]);
            json_number(f, v[i]);
        }
        fputs(", \"populations_coupled\": {", f);
        const char *pn[4] = {"G", "A", "S", "E"};
        for (int i = 0; i < 4; i++) {
            fprintf(f, "%s\"%s\": ", i ? ", " : "", pn[i]);
            json_number(f, r.populations_coupled[i]);
        }
        fputs("}, \"heat_current\": {\"body\": ", f);
        json_number(f, r.heat_body);
        fputs(", \"walls\": ", f);
        json_number(f, r.heat_walls);
        fprintf(f, "}, \"null_dim\": %d, \"residual\": ", r.null_dim);
        json_number(f, r.info.residual);
        fputs(", \"rho\": ", f);
        json_cmatrix(f, 4, r.rho);
        fputs(", \"rho_coupled\": ", f);
        json_cmatrix(f, 4, r.rho_coupled);
        fputs("}\n", f);
    } else {
        fprintf(f, "# neqent body: omega=%g rad/s z1=%g z2=%g r12=%g m, %s %s delta=%g m, "
                   "T_W=%g K T_M=%g K%s\n", g.omega, z1, z2, r12, body, material, delta, TW, TM,
                shifts ? ", with frequency shifts" : "");
        fprintf(f, "concurrence              %.12g   (K1 = %.6g, K2 = %.6g, eq. 2)\n",
                r.concurrence, r.K1, r.K2);
        fprintf(f, "populations G, A, S, E   %.10g  %.10g  %.10g  %.10g\n",
                r.populations_coupled[0], r.populations_coupled[1], r.populations_coupled[2],
                r.populations_coupled[3]);
        fprintf(f, "n_S, n_A                 %.10g  %.10g   (n_W = %.6g, n_M = %.6g)\n", r.n_S,
                r.n_A, r.n_W, r.n_M);
        fprintf(f, "T_S, T_A                 %.6g K  %.6g K\n", r.T_S, r.T_A);
        fprintf(f, "Gamma_A / Gamma_S        %.10g\n", ratio);
        fprintf(f, "relaxation time          %.10g   [1/Gamma_0]\n", tau);
        fprintf(f, "heat from body, walls    %.10g  %.10g   [hbar omega Gamma_0]\n", r.heat_body,
                r.heat_walls);
        fprintf(f, "entropy production       %.10g   [k_B Gamma_0]\n", r.entropy_production);
        fprintf(f, "purity, S_L, S_vN        %.10g  %.10g  %.10g\n", r.purity, r.linear_entropy,
                r.von_neumann_entropy);
        if (r.null_dim > 1)
            fprintf(f, "steady state NOT unique (kernel dimension %d): the one reached from "
                       "|gg> is shown\n", r.null_dim);
        fprintf(f, "rho, coupled basis G, A, S, E (re):\n");
        for (int i = 0; i < 4; i++)
            fprintf(f, "  %+.10f %+.10f %+.10f %+.10f\n", creal(r.rho_coupled[i]) + 0.0,
                    creal(r.rho_coupled[i + 4]) + 0.0, creal(r.rho_coupled[i + 8]) + 0.0,
                    creal(r.rho_coupled[i + 12]) + 0.0);
    }
    return cli_output_close(&o) ? 1 : 0;
}

/* ------------------------------------------------------ neqent evolve body */

#include "neqent/linalg.h"
#include "neqent/qinfo.h"

#include <errno.h>
#include <stdlib.h>

static const char *EVOLVE_USAGE =
    "usage: neqent evolve body --initial A|S|thermal:T|file:PATH [--t-max T] [--points N]\n"
    "                          [--log [--t-min T]] [model options of neqent body] [--out FILE]\n\n"
    "rho(t) of two qubits near a body from an initial state, exact for the time-\n"
    "independent generator (eigendecomposition or matrix exponential).  Time in units of\n"
    "1/Gamma_0.  Initial states: A = (|eg> - |ge>)/sqrt2, S = (|eg> + |ge>)/sqrt2,\n"
    "thermal:T = the thermal state (eq. 3) at T kelvin, file:PATH = a 4 x 4 density\n"
    "matrix, four lines of four real numbers or of four 're,im' pairs, basis\n"
    "|00>,|01>,|10>,|11>.  Writes CSV: t, C, K1, K2 and the populations G, A, S, E.";

static int read_state_file(const char *path, double complex *rho)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        cli_error("evolve: cannot read initial state '%s': %s", path, strerror(errno));
        return -1;
    }
    char line[1024];
    int row = 0, lineno = 0;
    while (row < 4 && fgets(line, sizeof line, f)) {
        lineno++;
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '#' || *p == '\n' || *p == '\0')
            continue;
        for (int c = 0; c < 4; c++) {
            char *end;
            double re = strtod(p, &end), im = 0;
            if (end == p || !isfinite(re)) {
                fclose(f);
                cli_error("evolve: %s:%d: expected four numbers (or re,im pairs)", path, lineno);
                return -1;
            }
            p = end;
            if (*p == ',') {
                im = strtod(p + 1, &end);
                if (end == p + 1 || !isfinite(im)) {
                    fclose(f);
                    cli_error("evolve: %s:%d: malformed re,im pair", path, lineno);
                    return -1;
                }
                p = end;
            }
            NEQ_AT(rho, 4, row, c) = re + I * im;
        }
        row++;
    }
    fclose(f);
    if (row < 4) {
        cli_error("evolve: %s: needs four rows of a 4 x 4 matrix", path);
        return -1;
    }
    double w[4];
    if (neq_mat_hermiticity_error(4, rho) > 1e-10 || neq_herm_eig(4, rho, w, NULL) ||
        w[0] < -1e-10 || fabs(creal(neq_mat_trace(4, rho)) - 1) > 1e-10) {
        cli_error("evolve: %s is not a density matrix (Hermitian, trace 1, positive)", path);
        return -1;
    }
    return 0;
}

static int initial_state(const char *spec, double omega, double complex *rho)
{
    memset(rho, 0, sizeof *rho * 16);
    const double s = sqrt(0.5);
    if (strcmp(spec, "A") == 0 || strcmp(spec, "S") == 0) {
        double sign = spec[0] == 'A' ? -1 : 1;
        double complex psi[4] = {0, sign * s, s, 0}; /* |10> = eg, |01> = ge */
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                NEQ_AT(rho, 4, i, j) = psi[i] * conj(psi[j]);
        return 0;
    }
    if (strncmp(spec, "thermal:", 8) == 0) {
        char *end;
        double T = strtod(spec + 8, &end);
        if (end == spec + 8 || *end || !(T > 0) || !isfinite(T)) {
            cli_error("evolve: --initial %s: the temperature must be a number > 0", spec);
            return -1;
        }
        double n = 1 / expm1(NEQ_HBAR * omega / (NEQ_KB * T)), Z = (1 + 2 * n) * (1 + 2 * n);
        double p[4] = {(1 + n) * (1 + n) / Z, n * (1 + n) / Z, n * (1 + n) / Z, n * n / Z};
        for (int k = 0; k < 4; k++)
            NEQ_AT(rho, 4, k, k) = p[k]; /* eq. (3): gg, ge, eg, ee (symmetric) */
        return 0;
    }
    if (strncmp(spec, "file:", 5) == 0)
        return read_state_file(spec + 5, rho);
    cli_error("evolve: unknown initial state '%s' (A, S, thermal:T, file:PATH)", spec);
    return -1;
}

int cmd_evolve(int argc, char **argv)
{
    if (argc < 3 || strcmp(argv[2], "body") != 0) {
        if (argc >= 3 && strcmp(argv[2], "--help") == 0) {
            puts(EVOLVE_USAGE);
            return 0;
        }
        return cli_error("evolve: name the model: neqent evolve body ...");
    }
    neq_nb_geometry g;
    neq_nb_default_geometry(&g);
    double z1 = 1e-6, z2 = 1e-6, r12 = 0.25e-6, delta = 0.01e-6, TW = 30, TM = 1000;
    double tmax = 2000, tmin = NAN, points = 200;
    const char *material = "sic", *body = "slab", *init = NULL, *out = NULL;
    int force = 0, help = 0, shifts = 0, logt = 0;
    const cli_option opts[] = {
        {"initial", OPT_STRING, &init, "A, S, thermal:T (kelvin) or file:PATH [required]"},
        {"t-max", OPT_DOUBLE, &tmax, "last time [1/Gamma_0; default 2000]"},
        {"points", OPT_DOUBLE, &points, "number of times, >= 2 [default 200]"},
        {"log", OPT_FLAG, &logt, "logarithmic time grid from --t-min to --t-max"},
        {"t-min", OPT_DOUBLE, &tmin, "first nonzero time of a log grid [default t-max/1e4]"},
        {"omega", OPT_FREQUENCY, &g.omega, "qubit frequency [rad/s; default 0.3 x 1.495e14]"},
        {"z1", OPT_LENGTH, &z1, "height of qubit 1 [m; default 1e-6]"},
        {"z2", OPT_LENGTH, &z2, "height of qubit 2 [m; default 1e-6]"},
        {"r12", OPT_LENGTH, &r12, "lateral separation [m; default 0.25e-6]"},
        {"body", OPT_STRING, &body, "slab (default), halfspace or mirror"},
        {"delta", OPT_LENGTH, &delta, "slab thickness [m; default 0.01e-6]"},
        {"material", OPT_STRING, &material, "permittivity model [default sic]"},
        {"TW", OPT_TEMPERATURE, &TW, "temperature of the walls [K; default 30]"},
        {"TM", OPT_TEMPERATURE, &TM, "temperature of the body [K; default 1000]"},
        {"shifts", OPT_FLAG, &shifts, "include the body-induced frequency shifts"},
        {"out", OPT_STRING, &out, "write to FILE instead of standard output"},
        {"force", OPT_FLAG, &force, "allow --out to overwrite an existing file"},
        {"help", OPT_FLAG, &help, "show this help"},
    };
    int nopts = (int)(sizeof opts / sizeof opts[0]);
    int parsed = cli_parse("evolve", argc, argv, 3, opts, nopts);
    if (parsed)
        return parsed < 0 ? 2 : 0;
    if (help) {
        cli_print_help(stdout, EVOLVE_USAGE, opts, nopts);
        return 0;
    }
    if (!init)
        return cli_error("evolve: --initial is required (A, S, thermal:T, file:PATH)");
    int np = (int)points;
    if (!(points >= 2) || points != np || np > 1000000)
        return cli_error("evolve: --points %g must be a whole number from 2 to 1e6", points);
    if (!(tmax > 0) || !isfinite(tmax))
        return cli_error("evolve: --t-max %g must be finite and > 0", tmax);
    if (isnan(tmin))
        tmin = tmax / 1e4;
    if (logt && !(tmin > 0 && tmin < tmax))
        return cli_error("evolve: --t-min %g must be in (0, t-max)", tmin);
    double complex rho0[16];
    if (initial_state(init, g.omega, rho0))
        return 2;
    g.pos[0][2] = z1;
    g.pos[1][0] = r12;
    g.pos[1][2] = z2;
    neq_material *m = NULL;
    neq_body *b = NULL;
    if (cli_make_body("evolve", body, material, delta, &m, &b))
        return 2;
    neq_nb_model *model = NULL;
    neq_gksl *gen = NULL;
    neq_liouvillian *L = NULL;
    neq_propagator *P = NULL;
    double *t = malloc(sizeof *t * (size_t)np);
    double complex *rt = malloc(sizeof *rt * 16 * (size_t)np);
    int rc = (!t || !rt) ? -1 : 0;
    if (rc == 0)
        rc = neq_nb_model_alloc(b, &g, NULL, &model);
    if (rc == 0)
        rc = neq_nb_generator(model, TW, TM, shifts, &gen);
    if (rc == 0)
        rc = neq_liouvillian_alloc(gen, &L);
    if (rc == 0)
        rc = neq_propagator_alloc(L, &P);
    for (int k = 0; rc == 0 && k < np; k++)
        t[k] = logt ? (k == 0 ? 0.0 : tmin * pow(tmax / tmin, (k - 1.0) / (np - 2)))
                    : tmax * k / (np - 1);
    if (rc == 0)
        rc = neq_propagate(P, rho0, np, t, rt);
    neq_propagator_free(P);
    neq_liouvillian_free(L);
    neq_gksl_free(gen);
    neq_nb_model_free(model);
    neq_body_free(b);
    neq_material_free(m);
    if (rc) {
        free(t);
        free(rt);
        return cli_error("evolve: %s", rc == -1 ? "out of memory" : neq_errdetail());
    }
    cli_output o;
    if (cli_output_open(&o, out, force)) {
        free(t);
        free(rt);
        return 1;
    }
    fprintf(o.f, "# neqent %s evolve body: initial %s, omega=%.17g z1=%.17g z2=%.17g r12=%.17g "
                 "%s %s delta=%.17g T_W=%.17g T_M=%.17g%s\n", neq_version(), init, g.omega, z1,
            z2, r12, body, material, delta, TW, TM, shifts ? " shifts" : "");
    fprintf(o.f, "# time in 1/Gamma_0; populations in the coupled basis G, A, S, E\n");
    fprintf(o.f, "t[1/Gamma0],C[1],K1[1],K2[1],rho_G[1],rho_A[1],rho_S[1],rho_E[1]\n");
    const double s = sqrt(0.5);
    for (int k = 0; k < np; k++) {
        const double complex *r = rt + 16 * (size_t)k;
        double C = 0;
        neq_concurrence(r, &C);
        double K1 = cabs(NEQ_AT(r, 4, 2, 1)) -
                    sqrt(fmax(creal(r[0]), 0) * fmax(creal(NEQ_AT(r, 4, 3, 3)), 0));
        double K2 = cabs(NEQ_AT(r, 4, 0, 3)) -
                    sqrt(fmax(creal(NEQ_AT(r, 4, 2, 2)), 0) * fmax(creal(NEQ_AT(r, 4, 1, 1)), 0));
        /* <A|rho|A>, <S|rho|S> with |A> = s(|10> - |01>), |S> = s(|10> + |01>) */
        double r11 = creal(NEQ_AT(r, 4, 1, 1)), r22 = creal(NEQ_AT(r, 4, 2, 2));
        double x = creal(NEQ_AT(r, 4, 2, 1));
        double pA = s * s * (r22 + r11 - 2 * x), pS = s * s * (r22 + r11 + 2 * x);
        fprintf(o.f, "%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g\n", t[k], C, K1, K2,
                creal(r[0]), pA, pS, creal(NEQ_AT(r, 4, 3, 3)));
    }
    free(t);
    free(rt);
    return cli_output_close(&o) ? 1 : 0;
}
