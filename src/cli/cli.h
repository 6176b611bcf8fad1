/* The neqent program: option tables generated from the model descriptors,
 * safe output, plots.  Nothing here computes physics: every number comes
 * from the library (include/neqent/). */
#ifndef NEQENT_CLI_H
#define NEQENT_CLI_H

#include <complex.h>
#include <stdio.h>

#include "neqent/model.h"

/* Exit statuses (man page): 0 ok, 1 runtime or output error, 2 usage or
 * bad input. */
enum { CLI_OK = 0, CLI_RUNTIME = 1, CLI_USAGE = 2 };

/* ------------------------------------------------------------ options */

typedef enum {
    CLI_PARAM,  /* a model parameter: neq_params_set_text(target, name, value) */
    CLI_NUMBER, /* double*, parsed and range-checked with `desc`               */
    CLI_FLAG,   /* int*, no value on the command line (true/false in files)    */
    CLI_TEXT,   /* const char**                                                */
    CLI_LIST    /* cli_list*: repeatable, values in order                      */
} cli_kind;

/* A growing list of strings (no fixed size: --vary, --quantities). */
typedef struct {
    char **item;
    int n, cap;
    int nfile; /* the first nfile items came from the config file */
} cli_list;
void cli_list_free(cli_list *l);

typedef struct {
    const char *name; /* without "--" */
    cli_kind kind;
    void *target;
    const neq_param_desc *desc; /* PARAM and NUMBER */
    const char *help;           /* FLAG, TEXT, LIST: one line with the default */
    int in_config;              /* written by --print-config */
} cli_opt;

typedef struct {
    cli_opt *v;
    int n, cap;
    neq_params *params; /* the model parameters behind the CLI_PARAM options */
    unsigned char *given; /* given[k]: option k was on the command line */
} cli_opts;
/* 1 if option `name` was given on the command line (not only in a config
 * file). */
int cli_on_cmdline(const cli_opts *o, const char *name);

int cli_opts_add(cli_opts *o, cli_opt opt);
/* One CLI_PARAM option per parameter of p's model (skip: NULL-terminated
 * names to leave out). */
int cli_opts_add_model(cli_opts *o, neq_params *p, const char *const *skip);
void cli_opts_free(cli_opts *o);

/* --threads of the commands that run grids: range 1..1024 */
extern const neq_param_desc CLI_THREADS;
/* 1 if a --vary item ("NAME=RANGE", or linked "A=RANGE;B=RANGE") varies
 * parameter `name`. */
int cli_item_varies(const char *item, const char *name);

/* Parses argv[first..argc) after the options of an INI file named by
 * --config FILE (flags override the file).  Returns 0; 1 when --help or
 * --print-config printed what they print (exit 0); -1 after one error
 * line (exit 2). */
int cli_parse(const char *cmd, const char *usage, int argc, char **argv, int first,
              cli_opts *o);
/* The same on INI text (for the fuzz target); name: the file's name. */
int cli_parse_config_text(const char *cmd, const char *name, const char *text, cli_opts *o);
void cli_print_help(FILE *f, const char *usage, const cli_opts *o);

/* The command line, arguments quoted for a shell where needed (drop:
 * NULL-terminated options to leave out; a name ending in '=' also drops
 * its value).  Returns a malloc'd string. */
char *cli_command_line(int argc, char **argv, const char *const *drop);

/* ------------------------------------------------------------ errors */

/* "neqent: <msg>" on stderr with every non-printable byte escaped (no raw
 * bytes of user input reach the terminal); returns CLI_USAGE. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same, returning CLI_RUNTIME. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The exit status for a library status: bad input (EINVAL, ENAN, EDOMAIN,
 * EDIM, and EIO and EDIVERGE, which the library raises only for a file the
 * user named and for inputs where a quantity diverges) is usage (2),
 * anything else runtime (1). */
int cli_status_exit(int status);
/* Copies s into buf with non-printable bytes as \xNN. */
void cli_clean(const char *s, char *buf, size_t n);

/* ------------------------------------------------------------ output */

/* Output that never overwrites silently, never replaces anything but a
 * regular file, and never leaves half a file: writes DIR/.neqent-PID-N.tmp
 * (created exclusively), renamed over PATH on cli_output_close.  path NULL or "-"
 * is standard output. */
typedef struct {
    FILE *f;
    char *path, *tmp;
    int force; /* replace an existing regular file at commit */
} cli_output;
/* Checks, without creating anything, that path may be written: not a
 * directory, device or FIFO; not existing unless force; its directory
 * exists.  0, or one error line and -1. */
int cli_output_check(const char *path, int force);
int cli_output_open(cli_output *o, const char *path, int force);
/* close = finish (flush and close: write errors such as a full disk show
 * here) + commit (rename into place).  Several outputs that stand or fall
 * together (a figure's files) are finished one by one and committed only
 * when all are written.  Each returns 0, or one error line and -1 with the
 * temporary file removed; abort removes it without a word. */
int cli_output_close(cli_output *o);
int cli_output_finish(cli_output *o);
int cli_output_commit(cli_output *o);
/* Moves a finished temporary file to path: with force replacing a regular
 * file (never a directory, device or FIFO, checked again now); without,
 * never replacing anything, not even a file that appeared during the run
 * (link + unlink).  0, or -1 with the reason in why (tmp stays). */
int cli_commit_file(const char *tmp, const char *path, int force, char *why, size_t n);
void cli_output_abort(cli_output *o);
/* Temporary files and a child process to clean up if a signal ends the
 * program (cli_cleanup_install, once, in main): a run that is interrupted
 * leaves nothing behind.  The paths are not copied: keep them alive while
 * registered. */
#include <sys/types.h>
void cli_cleanup_install(void);
int cli_cleanup_add(char *path); /* -1 (silently) if too many */
void cli_cleanup_remove(const char *path);
void cli_cleanup_child(pid_t pid);
/* Opens an input file that must be a regular file (not a directory or a
 * FIFO: refused without blocking); one error line (exit 2) and NULL. */
FILE *cli_open_input(const char *what, const char *path);

/* A number as text: %.17g, "" for NaN or infinity (CSV), never "-0". */
void cli_number(char *buf, size_t n, double v);
/* A CSV field as libcsv hands it (s, len; NULL when empty) as a number:
 * NaN for an empty field, -1 unless a plain decimal number (neq_parse_real);
 * buf receives the field's text (for messages). */
int cli_csv_number(const void *s, size_t len, double *v, char *buf, size_t n);
/* A text field of a CSV row, quoted by libcsv when it needs quotes. */
void cli_csv_text(FILE *f, const char *s);
/* Comment text for a '#' header line: newlines and control bytes escaped. */
void cli_comment(FILE *f, const char *prefix, const char *text);

/* JSON through cJSON (struct cJSON *). */
struct cJSON;
/* A number that reads back exactly (null if not finite). */
struct cJSON *cli_json_number(double v);
/* The model parameters of p as an object {name: value}. */
struct cJSON *cli_json_params(const neq_params *p);
/* Quantity k of the last evaluation as JSON (number, null, bool, array, or
 * rows of [re, im] pairs for matrices); NULL with *status the library's
 * code (NEQ_ENOMEM when JSON itself ran out of memory). */
struct cJSON *cli_json_quantity(const neq_plan *plan, const neq_params *p, neq_workspace *ws,
                                int k, int *status);
/* Prints the object unformatted with a newline; 0 or -1. */
int cli_json_print(FILE *f, struct cJSON *obj);

/* ------------------------------------------------- one point's output */

/* (cmd_model.c) The warnings a physicist must see at an evaluated point:
 * a state that is not positive, a negative entropy production (naming the
 * master equation), a material outside its valid range; on stderr. */
void cli_warn_physics(const neq_plan *plan, const neq_params *p, neq_workspace *ws);
/* The shown quantities (sel[0..nsel-1], or all: sel NULL) of the evaluated
 * point into *vals (malloc'd): 0 or the failing status. */
int cli_point_fetch(const neq_plan *plan, const neq_params *p, neq_workspace *ws, int nsel,
                    const int *sel, double **vals);
/* The table of `neqent body` (header with every parameter, then the
 * quantities cli_point_fetch gave). */
void cli_point_table(FILE *f, const neq_plan *plan, const neq_params *p, const char *cmdline,
                     int nsel, const int *sel, const double *vals);
/* The JSON object of `neqent body --json`: model, version, parameters,
 * units and the quantities; NULL with *status on failure. */
struct cJSON *cli_point_json(const neq_plan *plan, const neq_params *p, neq_workspace *ws,
                             int nsel, const int *sel, int *status);

/* ------------------------------------------------------------ plots */

/* A plot drawn but not yet in place: its three outputs, finished, in a
 * private directory. */
typedef struct {
    cli_output out[3]; /* tmp PRIV/plot.EXT, path DIR/BASE.EXT */
    char *priv;
} cli_plot_files;
/* Runs gnuplot (fork/exec, no shell, the script on its standard input) in
 * a private directory inside dir; `data` (datablocks) then `body` (plot
 * commands) render DIR/BASE.png, .svg and .pdf.  staged NULL: they are
 * committed (cli_output_commit: only regular files replaced, only with
 * force); else left staged for cli_plot_commit or cli_plot_abort, so that a
 * caller commits them with its other files.  0, or one error line and -1. */
int cli_plot(const char *dir, const char *base, const char *data, const char *body, int force,
             cli_plot_files *staged);
/* Commits a staged plot (0, or one error line and -1; nothing staged is
 * left either way). */
int cli_plot_commit(cli_plot_files *pf);
/* Removes a staged plot. */
void cli_plot_abort(cli_plot_files *pf);
/* The memory and time of p's steady state and of the costly quantities
 * among the nsel of sel (nsel < 0: every quantity), estimated before
 * anything is built: refused (one line, exit 1) beyond 80% of this
 * machine's memory, stated on stderr when longer than 5 s.  0 or an exit
 * status. */
int cli_check_cost(const char *cmd, const neq_params *p, int nsel, const int *sel);
/* 0 if gnuplot is on PATH, else one error line and -1: checked before a
 * long computation whose plot it would draw. */
int cli_gnuplot_check(void);
/* The common look of every plot: a perceptually uniform (viridis)
 * palette, fonts, tics.  Prepended to every script. */
extern const char *const CLI_PLOT_STYLE;
/* Writes s into a gnuplot single-quoted string ('' for ', control bytes
 * dropped). */
void cli_gp_quote(char *buf, size_t n, const char *s);

/* The quantities of a comma-separated list ("concurrence,J1") selected
 * in the grid g (struct neq_grid); 0, or one error line and non-zero. */
struct neq_grid;
int cli_sweep_quantities(struct neq_grid *g, const char *text);

/* ----------------------------------------------------------- MPI (mpi.c) */

/* MPI_Init when started by mpirun, mpiexec or srun (NEQENT_MPI build);
 * otherwise nothing: rank 0 of 1. */
void cli_mpi_init(int *argc, char ***argv);
int cli_mpi_rank(void);
int cli_mpi_size(void);
/* The ranks meet before a design search or a distributed steady state:
 * rank 0 says go (its checks of the outputs passed), the others wait for
 * its word; 1: go. */
int cli_mpi_go(void);
/* The memory one process may count on: this machine's RAM, shared among
 * the job's ranks on this node under mpirun or srun (each holds its own
 * plans, and under body --distributed its own copy of the model). */
double cli_ram_per_rank(void);
/* Every rank says whether its step failed (status != 0); 1 when one did
 * (a collective: every rank of the job calls it, under MPI only). */
int cli_mpi_agree(int status);
/* Ends every rank of the job (a rank failed inside a collective run that
 * the others would wait on); returns only without MPI. */
void cli_mpi_abort(int code);
/* The sweep reached neq_grid_run_mpi: the ranks met there. */
void cli_mpi_released(void);
/* At exit: releases ranks still waiting for a refused sweep, MPI_Finalize. */
void cli_mpi_finish(void);
/* OpenMP threads per rank by default: the scheduler's allocation
 * (SLURM_CPUS_PER_TASK, OMP_NUM_THREADS), else this process's CPUs shared
 * among the node's ranks. */
int cli_default_threads(void);

/* ----------------------------------------------------------- commands */

int cmd_model(const char *model, int argc, char **argv);
int cmd_evolve(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_figure(int argc, char **argv);
int cmd_doc(int argc, char **argv);
int cmd_materials(int argc, char **argv);
int cmd_optimize(int argc, char **argv);

#endif
