/* neqent: command-line entry point. */
#include "cli.h"
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
          "  plot      line plot or heat map of any output: neqent plot FILE --x COL --y COL [--z COL]\n"
          "  evolve    time evolution: neqent evolve body --initial A|S|thermal:T|file:PATH\n"
          "  rates     electromagnetic rates near a planar body (Bellomo & Antezza eqs. 4-7)\n"
          "  figure    data and plots of the papers' figures (quiroga-fig1..5, all)\n"
          "  version   print the version\n\n"
          "neqent <command> --help lists the options of a command.\n",
          f);
}

int main(int argc, char **argv)
{
    /* The matrices here are tiny (at most 4096 x 4096 for six qubits, 16 x 16
     * usually); BLAS threads only add overhead, and sweeps use OpenMP. */
    openblas_set_num_threads(1);
    /* past a file-size limit (ulimit -f), fail the write with EFBIG and a
     * clear message instead of dying on the signal with a partial file */
    signal(SIGXFSZ, SIG_IGN);
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        printf("neqent %s\n", neq_version());
        return 0;
    }
    if (strcmp(cmd, "baths") == 0)
        return cmd_baths(argc, argv);
    if (strcmp(cmd, "body") == 0)
        return cmd_body(argc, argv);
    if (strcmp(cmd, "sweep") == 0)
        return cmd_sweep(argc, argv);
    if (strcmp(cmd, "plot") == 0)
        return cmd_plot(argc, argv);
    if (strcmp(cmd, "evolve") == 0)
        return cmd_evolve(argc, argv);
    if (strcmp(cmd, "rates") == 0)
        return cmd_rates(argc, argv);
    if (strcmp(cmd, "figure") == 0)
        return cmd_figure(argc, argv);
    return cli_error("unknown command '%s' (see neqent --help)", cmd);
}
