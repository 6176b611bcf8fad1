/* Shared pieces of the neqent command-line program. */
#ifndef NEQENT_CLI_H
#define NEQENT_CLI_H

#include <stdio.h>

/* One option of a subcommand: --name VALUE (double), or a flag. */
/* OPT_LENGTH, OPT_TEMPERATURE, OPT_FREQUENCY: SI numbers that also accept a
 * unit suffix (1um, 10nm, 300K, 4.5e13rad/s; see cli_parse_si). */
/* OPT_LIST: a repeatable option (--vary A=..., --vary B=...), collected in
 * a cli_list in order, the config file's items first. */
typedef enum { OPT_DOUBLE, OPT_FLAG, OPT_STRING, OPT_LENGTH, OPT_TEMPERATURE, OPT_FREQUENCY,
               OPT_LIST } opt_kind;
#define CLI_LIST_MAX 16
typedef struct {
    const char *item[CLI_LIST_MAX];
    int n;     /* items */
    int nfile; /* of which the first nfile came from the config file */
} cli_list;
typedef struct {
    const char *name; /* without the leading "--" */
    opt_kind kind;
    void *target;     /* double*, int*, const char**, or cli_list* */
    const char *help; /* one line, with the default and unit */
} cli_option;

/* Parses argv[first..argc) against opts, after the options of an INI file
 * named by --config FILE (flags override the file).  Returns 0, or 1 when
 * --print-config printed the effective configuration (the command then
 * exits 0), or -1 after one line "neqent <cmd>: ..." on stderr. */
int cli_parse(const char *cmd, int argc, char **argv, int first, const cli_option *opts, int nopts);
void cli_print_help(FILE *f, const char *usage, const cli_option *opts, int nopts);
/* The command line as a shell would need it (arguments quoted where
 * needed), without the options named in `drop` (NULL-terminated; a name
 * ending in '=' also drops the value that follows it). */
void cli_command_line(char *buf, size_t n, int argc, char **argv, const char *const *drop);
/* Prints "neqent: <msg>" and returns exit status 1 / 2. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Output that never overwrites silently and never leaves half a file:
 * writes to PATH.tmp.PID, renames on cli_output_close.  path NULL or "-"
 * means stdout. */
typedef struct {
    FILE *f;
    char *path, *tmp;
} cli_output;
int cli_output_open(cli_output *o, const char *path, int force);
int cli_output_close(cli_output *o); /* 0 ok; on error removes the temp file */
void cli_output_abort(cli_output *o);

/* "x,y,z[;xi,yi,zi]" into a complex 3-vector; prints one line on error. */
#include <complex.h>
int cli_parse_vec(const char *cmd, const char *name, const char *s, double complex v[3]);
/* Material from its specification and the body (slab, halfspace, mirror);
 * prints one line and returns -1 on error.  Free *b, then *m. */
struct neq_material;
struct neq_body;
int cli_make_body(const char *cmd, const char *body, const char *material, double delta,
                  struct neq_material **m, struct neq_body **b);

/* A number with an optional SI unit suffix of the given kind (OPT_LENGTH:
 * m, mm, um, nm, pm; OPT_TEMPERATURE: K, mK; OPT_FREQUENCY: rad/s, Hz
 * (times 2 pi), THz (times 2 pi 1e12)); plain numbers are SI.  0 on
 * success, else prints one line naming option and value. */
int cli_parse_si(const char *cmd, const char *name, const char *s, opt_kind kind, double *out);

/* START:STOP:N[:log] or v1,v2,... (units per kind) into a new array of
 * *n values (free it); one error line and -1 on bad input. */
int cli_parse_range(const char *cmd, const char *name, const char *text, opt_kind kind,
                    int max_values, double **values, int *n);
/* An INI text as a config file would be read (name: for error messages). */
int cli_parse_config_text(const char *cmd, const char *name, const char *text,
                          const cli_option *opts, int nopts);

int cmd_baths(int argc, char **argv);
int cmd_body(int argc, char **argv);
int cmd_evolve(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_figure(int argc, char **argv);
int cmd_rates(int argc, char **argv);

#endif
