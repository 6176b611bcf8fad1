/* neqent: command-line entry point.  Each command is a thin layer over the
 * library: options from the model tables, results from the library. */
#include "cli.h"
#include "neqent/figures.h"
#include "neqent/status.h"

#include <cblas.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
    fputs("usage: neqent <command> [options]\n\n"
          "Commands:\n"
          "  baths     two coupled qubits with two baths (Quiroga et al. 2007): steady state\n"
          "  body      two qubits near a body out of thermal equilibrium (Bellomo & Antezza)\n"
          "  sweep     parameter maps: neqent sweep baths|body --vary NAME=A:B:N ... --out FILE\n"
          "  optimize  design search: neqent optimize body|baths --maximize Q --vary NAME=LO:HI ...\n"
          "  evolve    time evolution: neqent evolve body --initial A|S|thermal:T|file:PATH\n"
          "  rates     electromagnetic rates near a body (Bellomo & Antezza eqs. 4-7)\n"
          "  validity  which master equation holds: neqent validity baths --spectral drude ...\n"
          "  figure    data and plots of the papers' figures: neqent figure NAME|all\n"
          "  plot      line plot or heat map of any output: neqent plot FILE --x COL --y COL [--z COL]\n"
          "  doc       the model tables as man-page or markdown text (neqent doc man|markdown)\n"
          "  materials the material library: neqent materials [list | show NAME]\n"
          "  version   print the version\n\n"
          "Figures:",
          f);
    for (int k = 0; k < neq_figure_count(); k++)
        fprintf(f, "%s%s", k % 5 ? " " : "\n  ", neq_figure_name(neq_figure_at(k)));
    fputs("\n\nneqent <command> --help lists the options of a command, each with its default\n"
          "and unit.  Exit status: 0 ok, 1 runtime or output error, 2 usage or bad input.\n",
          f);
}

static int run(int argc, char **argv);

int main(int argc, char **argv)
{
    /* The matrices are tiny (16 x 16 usually): BLAS threads only add
     * overhead, and sweeps use OpenMP. */
    openblas_set_num_threads(1);
    /* past a file-size limit (ulimit -f), fail the write with EFBIG and a
     * clear message instead of dying on the signal with a partial file */
    signal(SIGXFSZ, SIG_IGN);
    /* an interrupted run removes its temporary files (sweeps keep their
     * finished rows: cmd_sweep installs its own handler) */
    cli_cleanup_install();
    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    cli_mpi_init(&argc, &argv);
    int rc = run(argc, argv);
    cli_mpi_finish();
    return rc;
}

static int run(int argc, char **argv)
{
    const char *cmd = argv[1];
    /* under mpirun a sweep and a design search are shared out, and body
     * --distributed solves its steady state across the ranks; anything
     * else runs once, on rank 0, and the other ranks leave quietly */
    if (cli_mpi_size() > 1 && cli_mpi_rank() > 0 && strcmp(cmd, "sweep") &&
        strcmp(cmd, "optimize") && strcmp(cmd, "body"))
        return 0;
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
        if (argc > 2)
            return cli_error("version: unexpected argument '%s'", argv[2]);
        printf("neqent %s\n", neq_version());
        return 0;
    }
    if (!strcmp(cmd, "baths") || !strcmp(cmd, "body") || !strcmp(cmd, "rates") ||
        !strcmp(cmd, "validity"))
        return cmd_model(cmd, argc, argv);
    if (!strcmp(cmd, "sweep"))
        return cmd_sweep(argc, argv);
    if (!strcmp(cmd, "plot"))
        return cmd_plot(argc, argv);
    if (!strcmp(cmd, "evolve"))
        return cmd_evolve(argc, argv);
    if (!strcmp(cmd, "figure"))
        return cmd_figure(argc, argv);
    if (!strcmp(cmd, "doc"))
        return cmd_doc(argc, argv);
    if (!strcmp(cmd, "materials"))
        return cmd_materials(argc, argv);
    if (!strcmp(cmd, "optimize"))
        return cmd_optimize(argc, argv);
    return cli_error("unknown command '%s' (see neqent --help)", cmd);
}
