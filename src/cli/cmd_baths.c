/* neqent baths: two coupled qubits with two baths (Quiroga et al. 2007). */
#include "cli.h"
#include "json.h"
#include "neqent/baths.h"
#include "neqent/status.h"

#include <math.h>
#include <string.h>

static const char *USAGE =
    "usage: neqent baths [--eps1 E] [--eps2 E] [--K K] [--Kp K'] [--T1 T] [--T2 T]\n"
    "                    [--gamma1 G] [--gamma2 G] [--json] [--out FILE [--force]]\n\n"
    "Steady state of two coupled qubits (Quiroga et al. 2007, eq. 5), qubit j in\n"
    "contact with its own boson bath at temperature Tj (global Born-Markov master\n"
    "equation, eqs. 3 and 7).  Units: k_B = hbar = 1, energies and temperatures in\n"
    "one common unit (the paper's K = 1).  Matrices in the basis |00>,|01>,|10>,|11>\n"
    "(qubit 1 left, |1> excited).  Heat current Jj > 0 when bath j heats the qubits.";

static void print_table(FILE *f, const neq_baths_params *p, const neq_baths_result *r)
{
    fprintf(f, "# neqent baths: eps1=%g eps2=%g K=%g K'=%g T1=%g T2=%g gamma1=%g gamma2=%g\n",
            p->eps1, p->eps2, p->K, p->Kp, p->T1, p->T2, p->gamma1, p->gamma2);
    fprintf(f, "concurrence            %.12g\n", r->concurrence);
    fprintf(f, "linear_entropy         %.12g\n", r->linear_entropy);
    fprintf(f, "von_neumann_entropy    %.12g   [nats]\n", r->von_neumann_entropy);
    fprintf(f, "purity                 %.12g\n", r->purity);
    fprintf(f, "heat_current J1        %.12g\n", r->heat_current[0]);
    fprintf(f, "heat_current J2        %.12g\n", r->heat_current[1]);
    fprintf(f, "entropy_production     %.12g\n", r->entropy_production);
    fprintf(f, "residual ||L rho||     %.3g\n", r->info.residual);
    fprintf(f, "rho (computational basis |00>,|01>,|10>,|11>; re im):\n");
    for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 4; j++)
            fprintf(f, "  %+.10f %+.10f", creal(r->rho[i + 4 * j]), cimag(r->rho[i + 4 * j]));
        fputc('\n', f);
    }
}

static void print_json(FILE *f, const neq_baths_params *p, const neq_baths_result *r)
{
    fputs("{\"model\": \"baths\", \"parameters\": {", f);
    const char *names[] = {"eps1", "eps2", "K", "Kp", "T1", "T2", "gamma1", "gamma2"};
    double vals[] = {p->eps1, p->eps2, p->K, p->Kp, p->T1, p->T2, p->gamma1, p->gamma2};
    for (int k = 0; k < 8; k++) {
        fprintf(f, "%s\"%s\": ", k ? ", " : "", names[k]);
        json_number(f, vals[k]);
    }
    fputs(", \"me\": \"global\", \"spectral\": \"flat\"}", f);
    fputs(", \"concurrence\": ", f);
    json_number(f, r->concurrence);
    fputs(", \"linear_entropy\": ", f);
    json_number(f, r->linear_entropy);
    fputs(", \"von_neumann_entropy\": ", f);
    json_number(f, r->von_neumann_entropy);
    fputs(", \"purity\": ", f);
    json_number(f, r->purity);
    fputs(", \"heat_current\": [", f);
    json_number(f, r->heat_current[0]);
    fputs(", ", f);
    json_number(f, r->heat_current[1]);
    fputs("], \"entropy_production\": ", f);
    json_number(f, r->entropy_production);
    fputs(", \"residual\": ", f);
    json_number(f, r->info.residual);
    fputs(", \"rho\": ", f);
    json_cmatrix(f, 4, r->rho);
    fputs("}\n", f);
}

int cmd_baths(int argc, char **argv)
{
    neq_baths_params p;
    neq_baths_default(&p);
    int json = 0, force = 0, help = 0;
    const char *out = NULL;
    const cli_option opts[] = {
        {"eps1", OPT_DOUBLE, &p.eps1, "splitting of qubit 1 [energy unit; default 1/3]"},
        {"eps2", OPT_DOUBLE, &p.eps2, "splitting of qubit 2 [energy unit; default 1/3]"},
        {"K", OPT_DOUBLE, &p.K, "XX coupling K [energy unit; default 1]"},
        {"Kp", OPT_DOUBLE, &p.Kp, "Ising coupling K' [energy unit; default 0]"},
        {"T1", OPT_DOUBLE, &p.T1, "temperature of bath 1, >= 0 [energy unit; default 1.5]"},
        {"T2", OPT_DOUBLE, &p.T2, "temperature of bath 2, >= 0 [energy unit; default 0.5]"},
        {"gamma1", OPT_DOUBLE, &p.gamma1, "coupling to bath 1, J1(w) = gamma1 [default 1]"},
        {"gamma2", OPT_DOUBLE, &p.gamma2, "coupling to bath 2, J2(w) = gamma2 [default 1]"},
        {"json", OPT_FLAG, &json, "print one JSON object instead of a table"},
        {"out", OPT_STRING, &out, "write to FILE instead of standard output"},
        {"force", OPT_FLAG, &force, "allow --out to overwrite an existing file"},
        {"help", OPT_FLAG, &help, "show this help"},
    };
    int nopts = (int)(sizeof opts / sizeof opts[0]);
    if (cli_parse("baths", argc, argv, 2, opts, nopts))
        return 2;
    if (help) {
        cli_print_help(stdout, USAGE, opts, nopts);
        return 0;
    }
    neq_baths_result r;
    int rc = neq_baths_steady(&p, &r);
    if (rc != 0)
        return cli_error("baths: %s", neq_errdetail()[0] ? neq_errdetail() : neq_strerror(rc));
    cli_output o;
    if (cli_output_open(&o, out, force))
        return 1;
    if (json)
        print_json(o.f, &p, &r);
    else
        print_table(o.f, &p, &r);
    return cli_output_close(&o) ? 1 : 0;
}
