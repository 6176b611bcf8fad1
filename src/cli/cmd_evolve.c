/* neqent evolve MODEL: rho(t) from an initial state at one point of a
 * model, exact for the time-independent generator (include/neqent/
 * evolve.h); every model option of `neqent MODEL` applies. */
#include "cli.h"
#include "neqent/evolve.h"
#include "neqent/nearbody.h"
#include "neqent/qinfo.h"
#include "neqent/status.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *USAGE =
    "usage: neqent evolve body|baths --initial A|S|ground|thermal:T|file:PATH [--t-max T]\n"
    "                     [--points N] [--log [--t-min T]] [model options] [--out FILE]\n\n"
    "rho(t) of two qubits from an initial state, exact for the time-independent generator\n"
    "(eigendecomposition or matrix exponential).  Every option of neqent body (or baths)\n"
    "sets the model.  Time in units of 1/Gamma_0 (body) or 1/E (baths).  Initial states:\n"
    "A = (|eg> - |ge>)/sqrt2, S = (|eg> + |ge>)/sqrt2, ground = |gg>, thermal:T = the\n"
    "uncoupled qubits at T (kelvin for body, eq. 3; the Gibbs state of Q for baths),\n"
    "file:PATH = a 4 x 4 density matrix, four lines of four real numbers or 're,im' pairs,\n"
    "basis |00>,|01>,|10>,|11>.  --log: t = 0, then N - 1 times from --t-min to --t-max,\n"
    "geometric.  Writes CSV: t, C, K1, K2 and the populations of G, A, S, E.";

int cmd_evolve(int argc, char **argv)
{
    if (argc < 3 || argv[2][0] == '-') {
        if (argc >= 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"))) {
            printf("%s\n\nneqent evolve body --help lists every option.\n", USAGE);
            return 0;
        }
        return cli_error("evolve: name the model: neqent evolve body|baths ...");
    }
    const neq_model *m = neq_model_lookup(argv[2]);
    if (!m || !strcmp(argv[2], "rates"))
        return cli_error("evolve: unknown model '%s' (body, baths)", argv[2]);
    neq_params *p = NULL;
    if (neq_params_alloc(m, &p))
        return cli_fail("evolve: %s", neq_errdetail());
    static const neq_param_desc TMAX = {"t-max", NEQ_PARAM_REAL, NEQ_UNIT_NONE, "1/rate", 2000, NULL,
                                        0, 1e300, 1, 0, NULL, 0, "last time"};
    static const neq_param_desc TMIN = {"t-min", NEQ_PARAM_REAL, NEQ_UNIT_NONE, "1/rate", NAN, NULL,
                                        0, 1e300, 1, 0, NULL, 0,
                                        "first nonzero time of a log grid [default t-max/1e4]"};
    static const neq_param_desc POINTS = {"points", NEQ_PARAM_REAL, NEQ_UNIT_NONE, "1", 200, NULL,
                                          2, 1e6, 0, 0, NULL, 0, "number of times"};
    double tmax = 2000, tmin = NAN, points = 200;
    const char *init = NULL, *out = NULL;
    int force = 0, logt = 0, rc = 0;
    cli_opts o = {0};
    cli_opts_add(&o, (cli_opt){"initial", CLI_TEXT, &init, NULL,
                               "A, S, ground, thermal:T or file:PATH [required]", 1});
    cli_opts_add(&o, (cli_opt){"t-max", CLI_NUMBER, &tmax, &TMAX, NULL, 1});
    cli_opts_add(&o, (cli_opt){"points", CLI_NUMBER, &points, &POINTS, NULL, 1});
    cli_opts_add(&o, (cli_opt){"log", CLI_FLAG, &logt, NULL, "logarithmic time grid from --t-min to --t-max", 1});
    cli_opts_add(&o, (cli_opt){"t-min", CLI_NUMBER, &tmin, &TMIN, NULL, 1});
    cli_opts_add_model(&o, p, NULL);
    cli_opts_add(&o, (cli_opt){"out", CLI_TEXT, &out, NULL, "write to FILE instead of standard output", 0});
    cli_opts_add(&o, (cli_opt){"force", CLI_FLAG, &force, NULL, "allow --out to replace an existing regular file", 0});
    neq_plan *plan = NULL;
    double *t = NULL;
    double complex *rt = NULL, *rho0 = NULL;
    char cmd[32];
    snprintf(cmd, sizeof cmd, "evolve %s", argv[2]);
    int parsed = cli_parse(cmd, USAGE, argc, argv, 3, &o);
    if (parsed) {
        rc = parsed < 0 ? CLI_USAGE : 0;
        goto done;
    }
    if (!init) {
        rc = cli_error("evolve: --initial is required (A, S, ground, thermal:T, file:PATH)");
        goto done;
    }
    int np = (int)points;
    if (points != np) {
        rc = cli_error("evolve: --points %g must be a whole number", points);
        goto done;
    }
    if (!isnan(tmin) && !logt) {
        rc = cli_error("evolve: --t-min is only used with --log");
        goto done;
    }
    if (isnan(tmin))
        tmin = tmax / 1e4;
    t = malloc(sizeof *t * (size_t)np);
    if (!t) {
        rc = cli_fail("evolve: out of memory for %d times", np);
        goto done;
    }
    int st = neq_time_grid(np, tmax, logt, tmin, t);
    if (st) {
        rc = cli_error("evolve: %s", neq_errdetail()) ? cli_status_exit(st) : 0;
        goto done;
    }
    if (cli_output_check(out, force)) {
        rc = CLI_RUNTIME;
        goto done;
    }
    if ((rc = cli_check_cost("evolve", p, 0, NULL)))
        goto done;
    st = neq_plan_alloc(p, &plan);
    int nq = st == 0 ? neq_plan_nqubits(plan) : 0, d = 1 << nq;
    if (st == 0 && d != neq_plan_dim(plan)) { /* rates: no state */
        rc = cli_error("evolve: the %s model has no state to evolve", argv[2]);
        goto done;
    }
    if (st == 0 && !(rho0 = malloc(sizeof *rho0 * (size_t)d * (size_t)d))) {
        rc = cli_fail("evolve: out of memory");
        goto done;
    }
    if (st == 0)
        st = neq_initial_state(plan, p, init, rho0);
    if (st) {
        rc = cli_error("evolve: %s", neq_errdetail()) ? cli_status_exit(st) : 0;
        goto done;
    }
    rt = malloc(sizeof *rt * (size_t)d * (size_t)d * (size_t)np);
    if (!rt) {
        rc = cli_fail("evolve: out of memory for %d times", np);
        goto done;
    }
    st = neq_evolve(plan, p, rho0, np, t, rt);
    if (st) {
        rc = cli_fail("evolve: %s", neq_errdetail());
        goto done;
    }
    cli_output f;
    if (cli_output_open(&f, out, force)) {
        rc = CLI_RUNTIME;
        goto done;
    }
    static const char *const run_only[] = {"--force", NULL};
    char *cmdline = cli_command_line(argc, argv, run_only);
    fprintf(f.f, "# neqent %s evolve %s: %s\n", neq_version(), argv[2], neq_model_doc(m));
    cli_comment(f.f, "# command: ", cmdline ? cmdline : "");
    free(cmdline);
    cli_comment(f.f, "# initial state: ", init); /* the user's text, one clean line */
    fprintf(f.f, "# time in 1/%s; %s\n", strcmp(argv[2], "body") ? "E" : "Gamma_0",
            nq == 2 ? "populations in the coupled basis G, A, S, E"
                    : "purity and the concurrence of every pair C_q_r");
    fprintf(f.f, "t[1/%s]", strcmp(argv[2], "body") ? "E" : "Gamma0");
    int nobs = nq == 2 ? NEQ_TWO_QUBIT_NOBS : neq_qubits_nobs(nq);
    for (int i = 0; i < nobs; i++) {
        char name[32];
        if (nq == 2)
            snprintf(name, sizeof name, "%s", neq_two_qubit_observable_name(i));
        else
            neq_qubits_observable_name(nq, i, name, sizeof name);
        fprintf(f.f, ",%s[1]", name);
    }
    fputc('\n', f.f);
    double *v = malloc(sizeof *v * (size_t)(1 + nobs));
    for (int k = 0; k < np && st == 0; k++) {
        const double complex *rk = rt + (size_t)d * (size_t)d * (size_t)k;
        if (!v) {
            st = NEQ_ENOMEM;
            break;
        }
        v[0] = t[k];
        st = nq == 2 ? neq_two_qubit_observables(rk, v + 1) : neq_qubits_observables(nq, rk, v + 1);
        char num[40];
        for (int i = 0; st == 0 && i < 1 + nobs; i++) {
            cli_number(num, sizeof num, v[i]);
            fprintf(f.f, "%s%s", i ? "," : "", num);
        }
        fputc('\n', f.f);
    }
    free(v);
    if (st) {
        cli_output_abort(&f);
        rc = cli_fail("evolve: %s", st == NEQ_ENOMEM ? "out of memory" : neq_errdetail());
        goto done;
    }
    rc = cli_output_close(&f) ? CLI_RUNTIME : 0;
done:
    free(t);
    free(rt);
    free(rho0);
    neq_plan_free(plan);
    neq_params_free(p);
    cli_opts_free(&o);
    return rc;
}
