/* neqent rates: the electromagnetic functions of Bellomo & Antezza (2013)
 * near a planar body, eqs. (4)-(7), for two dipoles. */
#include "cli.h"
#include "json.h"
#include "neqent/em.h"
#include "neqent/status.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *USAGE =
    "usage: neqent rates [--omega W] [--z1 Z] [--z2 Z] [--r12 R] [--body slab|halfspace|mirror]\n"
    "                    [--delta D] [--material SPEC] [--dipole1 x,y,z] [--dipole2 x,y,z]\n"
    "                    [--TW T] [--TM T] [--tol E] [--json] [--out FILE [--force]]\n\n"
    "alpha_W, alpha_M (eq. 5), Gamma(+-omega) (eq. 4), Lambda (eqs. 6-7) and the effective\n"
    "photon numbers and temperatures for two qubits above a planar body at T_M inside walls\n"
    "at T_W.  SI units: omega in rad/s, lengths in m, temperatures in K.  Qubit 1 at\n"
    "lateral position 0 and height z1, qubit 2 at lateral distance r12 (along x) and\n"
    "height z2; the body fills z < 0 (slab: -delta < z < 0).  alpha, Gamma and Lambda are\n"
    "dimensionless, in units of the vacuum rate Gamma_0; 2x2 matrices are indexed (q, q').\n"
    "The diagonal of lambda holds each qubit's body-induced frequency shift.  Defaults:\n"
    "the paper's Fig. 4 (SiC slab, delta = 0.01 um, omega = 0.3 omega_r, z1 = 1 um,\n"
    "r12 = 0.25 um, T_W = 30 K).  Materials: sic, vacuum, const:RE[,IM],\n"
    "drude:EPSINF,WP,G, dl:EPSINF,WL,WT,G, file:PATH (see docs/physics.md).";

static void json_mat2(FILE *f, const char *key, double complex m[2][2])
{
    double complex cm[4] = {m[0][0], m[1][0], m[0][1], m[1][1]}; /* column-major */
    fprintf(f, ", \"%s\": ", key);
    json_cmatrix(f, 2, cm);
}

static void table_mat2(FILE *f, const char *name, double complex m[2][2])
{
    fprintf(f, "%-12s (1,1) %+.10e%+.3ei  (1,2) %+.10e%+.3ei\n", name, creal(m[0][0]),
            cimag(m[0][0]), creal(m[0][1]), cimag(m[0][1]));
    fprintf(f, "%-12s (2,1) %+.10e%+.3ei  (2,2) %+.10e%+.3ei\n", "", creal(m[1][0]),
            cimag(m[1][0]), creal(m[1][1]), cimag(m[1][1]));
}

int cmd_rates(int argc, char **argv)
{
    double omega = 0.3 * 1.495e14, z1 = 1e-6, z2 = 1e-6, r12 = 0.25e-6, delta = 0.01e-6;
    double TW = 30, TM = 600, tol = 1e-9, dmom = 0;
    const char *material = "sic", *body = "slab", *d1s = NULL, *d2s = NULL, *out = NULL;
    int json = 0, force = 0, help = 0;
    const cli_option opts[] = {
        {"omega", OPT_FREQUENCY, &omega, "qubit frequency [rad/s; default 0.3 x 1.495e14]"},
        {"z1", OPT_LENGTH, &z1, "height of qubit 1 above the body, > 0 [m; default 1e-6]"},
        {"z2", OPT_LENGTH, &z2, "height of qubit 2, > 0 [m; default 1e-6]"},
        {"r12", OPT_LENGTH, &r12, "lateral separation, >= 0 [m; default 0.25e-6]"},
        {"body", OPT_STRING, &body, "slab (default), halfspace or mirror (perfect conductor)"},
        {"delta", OPT_LENGTH, &delta, "slab thickness, > 0 [m; default 0.01e-6]"},
        {"material", OPT_STRING, &material, "permittivity model [default sic]"},
        {"dipole1", OPT_STRING, &d1s, "dipole direction of qubit 1, x,y,z[;xi,yi,zi] [default 0,0,1]"},
        {"dipole2", OPT_STRING, &d2s, "dipole direction of qubit 2 [default 0,0,1]"},
        {"TW", OPT_TEMPERATURE, &TW, "temperature of the walls, >= 0 [K; default 30]"},
        {"TM", OPT_TEMPERATURE, &TM, "temperature of the body, >= 0 [K; default 600]"},
        {"tol", OPT_DOUBLE, &tol, "requested relative accuracy of the integrals [default 1e-9]"},
        {"dipole-moment", OPT_DOUBLE, &dmom,
         "|d| to also print the vacuum rate Gamma_0 in 1/s [C m; default: not printed]"},
        {"json", OPT_FLAG, &json, "print one JSON object instead of a table"},
        {"out", OPT_STRING, &out, "write to FILE instead of standard output"},
        {"force", OPT_FLAG, &force, "allow --out to overwrite an existing file"},
        {"help", OPT_FLAG, &help, "show this help"},
    };
    int nopts = (int)(sizeof opts / sizeof opts[0]);
    int parsed = cli_parse("rates", argc, argv, 2, opts, nopts);
    if (parsed)
        return parsed < 0 ? 2 : 0;
    if (help) {
        cli_print_help(stdout, USAGE, opts, nopts);
        return 0;
    }
    double complex d1[3] = {0, 0, 1}, d2[3] = {0, 0, 1};
    if ((d1s && cli_parse_vec("rates", "dipole1", d1s, d1)) || (d2s && cli_parse_vec("rates", "dipole2", d2s, d2)))
        return 2;
    if (!(tol > 0 && tol < 1e-2))
        return cli_error("rates: --tol %g must be in (0, 1e-2)", tol);
    neq_material *m = NULL;
    neq_body *b = NULL;
    if (cli_make_body("rates", body, material, delta, &m, &b))
        return 2;
    int rc = NEQ_OK;
    neq_em_tensors t;
    neq_em_rates R;
    neq_em_options o = {tol, 1e-3 * tol};
    if (rc == 0)
        rc = neq_em_tensors_compute(b, omega, z1, z2, r12, &o, NULL, &t);
    if (rc == 0)
        rc = neq_em_rates_compute(&t, omega, d1, d2, TW, TM, &R);
    double gamma0 = 0;
    if (rc == 0 && dmom != 0)
        rc = neq_em_gamma0(omega, dmom, &gamma0);
    neq_body_free(b);
    neq_material_free(m);
    if (rc)
        return cli_error("rates: %s", neq_errdetail());
    cli_output co;
    if (cli_output_open(&co, out, force))
        return 1;
    FILE *f = co.f;
    if (json) {
        fprintf(f, "{\"model\": \"rates\", \"parameters\": {\"omega\": %.17g, \"z1\": %.17g, "
                   "\"z2\": %.17g, \"r12\": %.17g, \"body\": \"%s\", \"delta\": %.17g, "
                   "\"material\": \"%s\", \"TW\": %.17g, \"TM\": %.17g, \"tol\": %.17g, "
                   "\"units\": \"SI; alpha, lambda, gamma in units of Gamma_0\"}",
                omega, z1, z2, r12, body, delta, material, TW, TM, tol);
        json_mat2(f, "alpha_W", R.alpha_W);
        json_mat2(f, "alpha_M", R.alpha_M);
        json_mat2(f, "lambda", R.lambda);
        json_mat2(f, "gamma_plus", R.gamma_plus);
        json_mat2(f, "gamma_minus", R.gamma_minus);
        const char *k[] = {"n_W", "n_M", "n_1", "n_2", "T_1", "T_2", "Gamma_S", "Gamma_A", "n_S",
                           "n_A", "T_S", "T_A"};
        double v[] = {R.n_W, R.n_M, R.n_q[0], R.n_q[1], R.T_q[0], R.T_q[1], R.Gamma_S,
                      R.Gamma_A, R.n_S, R.n_A, R.T_S, R.T_A};
        for (int i = 0; i < 12; i++) {
            fprintf(f, ", \"%s\": ", k[i]);
            json_number(f, v[i]);
        }
        if (dmom != 0)
            fprintf(f, ", \"gamma0_per_s\": %.17g", gamma0);
        fprintf(f, ", \"poles\": %d}\n", t.npoles);
    } else {
        fprintf(f, "# neqent rates: omega=%g rad/s z1=%g z2=%g r12=%g m, %s %s delta=%g m, "
                   "T_W=%g K T_M=%g K\n", omega, z1, z2, r12, body, material, delta, TW, TM);
        fprintf(f, "# dimensionless, units of Gamma_0; index (q, q')\n");
        table_mat2(f, "alpha_W", R.alpha_W);
        table_mat2(f, "alpha_M", R.alpha_M);
        table_mat2(f, "lambda", R.lambda);
        table_mat2(f, "gamma(+w)", R.gamma_plus);
        table_mat2(f, "gamma(-w)", R.gamma_minus);
        fprintf(f, "n(w,T_W) = %.10g   n(w,T_M) = %.10g\n", R.n_W, R.n_M);
        fprintf(f, "qubit 1: n = %.10g (T = %.6g K)   qubit 2: n = %.10g (T = %.6g K)\n", R.n_q[0],
                R.T_q[0], R.n_q[1], R.T_q[1]);
        fprintf(f, "eq. (9): Gamma_S = %.10g  Gamma_A = %.10g  n_S = %.10g (T_S = %.6g K)  "
                   "n_A = %.10g (T_A = %.6g K)\n", R.Gamma_S, R.Gamma_A, R.n_S, R.T_S, R.n_A, R.T_A);
        if (dmom != 0)
            fprintf(f, "Gamma_0 = %.10g 1/s (|d| = %g C m): multiply the rates by it for SI\n",
                    gamma0, dmom);
        fprintf(f, "guided-mode/polariton poles subtracted: %d\n", t.npoles);
    }
    return cli_output_close(&co) ? 1 : 0;
}
