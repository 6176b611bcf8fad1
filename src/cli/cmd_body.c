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
        {"omega", OPT_DOUBLE, &g.omega, "qubit frequency [rad/s; default 0.3 x 1.495e14]"},
        {"z1", OPT_DOUBLE, &z1, "height of qubit 1, > 0 [m; default 1e-6]"},
        {"z2", OPT_DOUBLE, &z2, "height of qubit 2, > 0 [m; default 1e-6]"},
        {"r12", OPT_DOUBLE, &r12, "lateral separation, >= 0 [m; default 0.25e-6]"},
        {"body", OPT_STRING, &body, "slab (default), halfspace or mirror"},
        {"delta", OPT_DOUBLE, &delta, "slab thickness, > 0 [m; default 0.01e-6]"},
        {"material", OPT_STRING, &material, "permittivity model [default sic] (see neqent rates --help)"},
        {"TW", OPT_DOUBLE, &TW, "temperature of the walls, > 0 [K; default 30]"},
        {"TM", OPT_DOUBLE, &TM, "temperature of the body, > 0 [K; default 1000]"},
        {"dipole1", OPT_STRING, &d1s, "dipole direction of qubit 1, x,y,z[;xi,yi,zi] [default 0,0,1]"},
        {"dipole2", OPT_STRING, &d2s, "dipole direction of qubit 2 [default 0,0,1]"},
        {"shifts", OPT_FLAG, &shifts, "include the body-induced frequency shifts (the paper drops them)"},
        {"json", OPT_FLAG, &json, "print one JSON object instead of a table"},
        {"out", OPT_STRING, &out, "write to FILE instead of standard output"},
        {"force", OPT_FLAG, &force, "allow --out to overwrite an existing file"},
        {"help", OPT_FLAG, &help, "show this help"},
    };
    int nopts = (int)(sizeof opts / sizeof opts[0]);
    if (cli_parse("body", argc, argv, 2, opts, nopts))
        return 2;
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
    int rc = neq_nb_model_alloc(b, &g, NULL, &model);
    if (rc == 0)
        rc = neq_nb_steady(model, TW, TM, shifts, NULL, &r);
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
    double tau = r.relaxation_rate > 0 ? 1 / r.relaxation_rate : INFINITY;
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
