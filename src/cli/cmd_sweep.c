/* neqent sweep baths|body: parameter maps on a Cartesian grid, parallel over
 * OpenMP threads, rows in grid order, interruptible and resumable. */
#include "cli.h"
#include "neqent/baths.h"
#include "neqent/nearbody.h"
#include "neqent/status.h"

#include <errno.h>
#include <math.h>
#include <omp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_AXES 8
#define MAX_VALUES 100000
#define CHUNK 256

static volatile sig_atomic_t stop_requested = 0;
static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

typedef struct {
    const char *name, *unit;
    char help[160];       /* for --help: what it is, unit, default */
    int kind;             /* opt_kind for unit suffixes (OPT_DOUBLE: none) */
    double value;         /* fixed value (default or --name) */
    int n;                /* number of grid values when varied, 0 if fixed */
    double *values;
} param;

/* the sweepable parameters of a model: index into p[] */
typedef struct {
    int model; /* 0 baths, 1 body */
    param p[16];
    int np;
    int axis[MAX_AXES], naxes;
} sweep;

static void add_param(sweep *s, const char *name, const char *unit, double def, const char *what)
{
    int kind = strcmp(unit, "m") == 0 ? OPT_LENGTH : strcmp(unit, "K") == 0 ? OPT_TEMPERATURE
               : strcmp(unit, "rad/s") == 0 ? OPT_FREQUENCY : OPT_DOUBLE;
    param *p = &s->p[s->np++];
    *p = (param){name, unit, "", kind, def, 0, NULL};
    snprintf(p->help, sizeof p->help, "%s [%s; default %.6g]", what,
             strcmp(unit, "E") == 0 ? "energy, k_B = hbar = 1" : unit, def);
}

static int find_param(const sweep *s, const char *name, size_t len)
{
    for (int k = 0; k < s->np; k++)
        if (strlen(s->p[k].name) == len && strncmp(s->p[k].name, name, len) == 0)
            return k;
    return -1;
}

/* NAME=START:STOP:N[:log] or NAME=v1,v2,... */
static int parse_vary(sweep *s, const char *spec)
{
    const char *eq = strchr(spec, '=');
    if (!eq) {
        fprintf(stderr, "neqent sweep: --vary '%s': expected NAME=START:STOP:N[:log] or "
                        "NAME=v1,v2,...\n", spec);
        return -1;
    }
    int k = find_param(s, spec, (size_t)(eq - spec));
    if (k < 0) {
        fprintf(stderr, "neqent sweep: --vary: unknown parameter '%.*s'\n", (int)(eq - spec), spec);
        return -1;
    }
    if (s->p[k].n) {
        fprintf(stderr, "neqent sweep: --vary: '%s' is varied twice\n", s->p[k].name);
        return -1;
    }
    if (s->naxes == MAX_AXES) {
        fprintf(stderr, "neqent sweep: at most %d varied parameters\n", MAX_AXES);
        return -1;
    }
    if (cli_parse_range("sweep", s->p[k].name, eq + 1, (opt_kind)s->p[k].kind, MAX_VALUES,
                        &s->p[k].values, &s->p[k].n))
        return -1;
    s->axis[s->naxes++] = k;
    return 0;
}

/* values of every parameter at grid index idx (first --vary outermost) */
static void point_values(const sweep *s, long idx, double *v)
{
    for (int k = 0; k < s->np; k++)
        v[k] = s->p[k].value;
    for (int a = s->naxes - 1; a >= 0; a--) {
        const param *p = &s->p[s->axis[a]];
        v[s->axis[a]] = p->values[idx % p->n];
        idx /= p->n;
    }
}

/* ----------------------------------------------------------- the models */

static const char *BATHS_Q[] = {"concurrence[1]", "negativity[1]", "linear_entropy[1]",
                                "von_neumann_entropy[nats]", "purity[1]", "J1[E^2]", "J2[E^2]",
                                "entropy_production[1/t]", "e1[1]", "e2[1]"};
#define NBATHS_Q 10
static const char *BODY_Q[] = {"concurrence[1]", "K1[1]", "K2[1]", "rho_G[1]", "rho_A[1]",
                               "rho_S[1]", "rho_E[1]", "n_S[1]", "n_A[1]", "T_S[K]", "T_A[K]",
                               "gamma_A_over_gamma_S[1]", "heat_body[hbar*omega*Gamma0]",
                               "heat_walls[hbar*omega*Gamma0]", "entropy_production[kB*Gamma0]",
                               "purity[1]", "linear_entropy[1]", "von_neumann_entropy[nats]",
                               "n_W[1]", "n_M[1]"};
#define NBODY_Q 20
#define MAXQ 20

typedef struct {
    neq_baths_params base;
    const char *material, *body;
    neq_material *mat;
    neq_body *b;
    neq_nb_geometry geo0; /* body: dipoles and the defaults of the rest */
    int shifts;           /* body: include the frequency shifts */
    /* body: distinct geometries and their models */
    int ngeo;
    double (*geo)[5]; /* omega, z1, z2, r12, delta */
    neq_nb_model **models;
    long *geo_of_point;
} model_ctx;

/* results as text, NAN -> empty field */
static void fmt_value(char *buf, size_t n, double v)
{
    if (isfinite(v))
        snprintf(buf, n, "%.17g", v == 0 ? 0.0 : v);
    else
        buf[0] = 0;
}

static int eval_point(const sweep *s, model_ctx *m, long idx, double *q, char *err, size_t errn)
{
    double v[16];
    point_values(s, idx, v);
    if (s->model == 0) {
        neq_baths_params p = m->base;
        p.eps1 = v[0], p.eps2 = v[1], p.K = v[2], p.Kp = v[3], p.T1 = v[4], p.T2 = v[5];
        p.gamma1 = v[6], p.gamma2 = v[7], p.cutoff = v[8];
        neq_baths_result r;
        if (neq_baths_steady(&p, &r)) {
            snprintf(err, errn, "%s", neq_errdetail());
            return -1;
        }
        double out[NBATHS_Q] = {r.concurrence, r.negativity, r.linear_entropy,
                                r.von_neumann_entropy, r.purity, r.heat_current[0],
                                r.heat_current[1], r.entropy_production, r.has_e ? r.e1 : NAN,
                                r.has_e ? r.e2 : NAN};
        memcpy(q, out, sizeof out);
        return 0;
    }
    neq_nb_model *model = m->models[m->geo_of_point[idx]];
    neq_nb_result r;
    if (neq_nb_steady(model, v[5], v[6], m->shifts, NULL, &r)) {
        snprintf(err, errn, "%s", neq_errdetail());
        return -1;
    }
    double out[NBODY_Q] = {r.concurrence, r.K1, r.K2, r.populations_coupled[0],
                           r.populations_coupled[1], r.populations_coupled[2],
                           r.populations_coupled[3], r.n_S, r.n_A, r.T_S, r.T_A,
                           r.Gamma_A / r.Gamma_S, r.heat_body, r.heat_walls, r.entropy_production,
                           r.purity, r.linear_entropy, r.von_neumann_entropy, r.n_W, r.n_M};
    memcpy(q, out, sizeof out);
    return 0;
}

/* body: the distinct geometries of the grid, each model built once
 * (in parallel), points mapped to them */
static int prepare_geometries(const sweep *s, model_ctx *m, long npts, int threads)
{
    m->geo = malloc(sizeof *m->geo * (size_t)npts);
    m->geo_of_point = malloc(sizeof *m->geo_of_point * (size_t)npts);
    if (!m->geo || !m->geo_of_point)
        return cli_error("sweep: out of memory") ? -1 : -1;
    m->ngeo = 0;
    for (long i = 0; i < npts; i++) {
        double v[16];
        point_values(s, i, v);
        int found = -1;
        /* geometry = omega, z1, z2, r12, delta: often few, scan back */
        for (int g = m->ngeo - 1; g >= 0 && found < 0; g--)
            if (!memcmp(m->geo[g], v, sizeof(double) * 5))
                found = g;
        if (found < 0) {
            found = m->ngeo++;
            memcpy(m->geo[found], v, sizeof(double) * 5);
        }
        m->geo_of_point[i] = found;
    }
    m->models = calloc((size_t)m->ngeo, sizeof *m->models);
    neq_body **bodies = calloc((size_t)m->ngeo, sizeof *bodies);
    if (!m->models || !bodies)
        return cli_error("sweep: out of memory") ? -1 : -1;
    int failed = 0;
    char msg[256] = "";
#pragma omp parallel for schedule(dynamic) num_threads(threads)
    for (int g = 0; g < m->ngeo; g++) {
        neq_nb_geometry geo = m->geo0;
        geo.omega = m->geo[g][0];
        geo.pos[0][2] = m->geo[g][1];
        geo.pos[1][2] = m->geo[g][2];
        geo.pos[1][0] = m->geo[g][3];
        int rc;
        if (strcmp(m->body, "mirror") == 0)
            rc = neq_body_mirror(&bodies[g]);
        else if (strcmp(m->body, "halfspace") == 0)
            rc = neq_body_halfspace(m->mat, &bodies[g]);
        else
            rc = neq_body_slab(m->mat, m->geo[g][4], &bodies[g]);
        if (rc == 0)
            rc = neq_nb_model_alloc(bodies[g], &geo, NULL, &m->models[g]);
        if (rc) {
#pragma omp critical
            {
                failed = 1;
                snprintf(msg, sizeof msg, "%s", neq_errdetail());
            }
        }
    }
    for (int g = 0; g < m->ngeo; g++)
        neq_body_free(bodies[g]);
    free(bodies);
    if (failed)
        return cli_error("sweep: %s", msg) ? -1 : -1;
    return 0;
}

/* ------------------------------------------------------------- driver */

static void progress(long done, long total, double t0, int show)
{
    if (!show)
        return;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double el = (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec - t0;
    if (el < 1.0 && done < total)
        return;
    double rate = done / fmax(el, 1e-9), left = (total - done) / fmax(rate, 1e-9);
    int w = 30, filled = (int)(w * (double)done / total);
    fprintf(stderr, "\r[%.*s%*s] %ld/%ld  %.0f points/s  %.0f s left ", filled,
            "##############################", w - filled, "", done, total, rate, left);
    if (done == total)
        fputc('\n', stderr);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* the run's state, file scope so that one exit path frees it all */
static sweep S;
static model_ctx MC;

static int sweep_main(int argc, char **argv);

int cmd_sweep(int argc, char **argv)
{
    memset(&S, 0, sizeof S);
    memset(&MC, 0, sizeof MC);
    int rc = sweep_main(argc, argv);
    for (int g = 0; g < MC.ngeo; g++)
        neq_nb_model_free(MC.models ? MC.models[g] : NULL);
    free(MC.models);
    free(MC.geo);
    free(MC.geo_of_point);
    neq_material_free(MC.mat);
    for (int k = 0; k < S.np; k++)
        free(S.p[k].values);
    return rc;
}

static const char *USAGE =
    "usage: neqent sweep baths|body --vary NAME=START:STOP:N[:log] [--vary ...]\n"
    "                    [fixed parameters as --NAME VALUE] --out FILE [--force]\n"
    "                    [--resume] [--threads N] [--quantities a,b,...] [--quiet]\n"
    "                    [--format csv|tsv|json] [--config FILE] [--print-config]\n\n"
    "Runs the Cartesian grid of the varied parameters (the first --vary outermost;\n"
    "NAME=v1,v2,... lists values) and writes one CSV row per point: every parameter,\n"
    "then the model's scalar quantities.  Units in the column names; baths in units\n"
    "of K (k_B = hbar = 1, [E]), body in SI (unit suffixes accepted: 1um, 300K).\n"
    "Parallel over OpenMP threads; rows in grid order whatever the threads.\n"
    "--format tsv: tab-separated; json: JSON Lines (a metadata object, then one\n"
    "object per row; undefined values null).  Ctrl-C or SIGTERM keeps every\n"
    "completed row in FILE.partial; --resume continues it.  Existing FILE needs\n"
    "--force.  A config file (--config) may hold fixed parameters and vary lines\n"
    "(vary = TM=300:1500:5); files from neqent baths|body --print-config work too.";

static int sweep_main(int argc, char **argv)
{
    if (argc < 3 || (strcmp(argv[2], "baths") && strcmp(argv[2], "body"))) {
        if (argc >= 3 && strcmp(argv[2], "--help") == 0) {
            printf("%s\n\nneqent sweep baths --help and neqent sweep body --help list every "
                   "option\nwith its default and unit.\n", USAGE);
            return 0;
        }
        return cli_error("sweep: name the model: neqent sweep baths|body ...");
    }
    S.model = strcmp(argv[2], "body") == 0;
    if (S.model == 0) {
        neq_baths_params d;
        neq_baths_default(&d);
        add_param(&S, "eps1", "E", d.eps1, "splitting of qubit 1");
        add_param(&S, "eps2", "E", d.eps2, "splitting of qubit 2");
        add_param(&S, "K", "E", d.K, "XX coupling K");
        add_param(&S, "Kp", "E", d.Kp, "Ising coupling K'");
        add_param(&S, "T1", "E", d.T1, "temperature of bath 1, >= 0");
        add_param(&S, "T2", "E", d.T2, "temperature of bath 2, >= 0");
        add_param(&S, "gamma1", "E", d.gamma1, "coupling to bath 1, >= 0");
        add_param(&S, "gamma2", "E", d.gamma2, "coupling to bath 2, >= 0");
        add_param(&S, "cutoff", "E", d.cutoff, "ohmic cutoff frequency");
    } else {
        add_param(&S, "omega", "rad/s", 0.3 * 1.495e14, "qubit frequency (0.3 x 1.495e14)");
        add_param(&S, "z1", "m", 1e-6, "height of qubit 1, > 0");
        add_param(&S, "z2", "m", 1e-6, "height of qubit 2, > 0");
        add_param(&S, "r12", "m", 0.25e-6, "lateral separation, >= 0");
        add_param(&S, "delta", "m", 0.01e-6, "slab thickness, > 0");
        add_param(&S, "TW", "K", 30, "temperature of the walls, > 0");
        add_param(&S, "TM", "K", 1000, "temperature of the body, > 0");
        neq_nb_default_geometry(&MC.geo0);
    }
    cli_list vary = {{0}, 0, 0};
    const char *out = NULL, *quant = NULL, *fmt = "csv", *me = NULL, *spectral = NULL;
    const char *material = "sic", *body = "slab", *d1s = NULL, *d2s = NULL;
    double threads_d = NAN; /* unset: all cores */
    int force = 0, resume = 0, quiet = 0, help = 0;
    cli_option opts[40];
    int no = 0;
    opts[no++] = (cli_option){"vary", OPT_LIST, &vary,
                              "NAME=START:STOP:N[:log] or NAME=v1,v2,... (repeat for more axes)"};
    for (int k = 0; k < S.np; k++)
        opts[no++] = (cli_option){S.p[k].name, (opt_kind)S.p[k].kind, &S.p[k].value, S.p[k].help};
    if (S.model == 0) {
        opts[no++] = (cli_option){"me", OPT_STRING, &me,
                                  "master equation: global (default), local, redfield"};
        opts[no++] = (cli_option){"spectral", OPT_STRING, &spectral,
                                  "spectral density: flat (default) or ohmic"};
    } else {
        opts[no++] = (cli_option){"body", OPT_STRING, &body, "slab (default), halfspace or mirror"};
        opts[no++] = (cli_option){"material", OPT_STRING, &material,
                                  "permittivity model [default sic] (see neqent rates --help)"};
        opts[no++] = (cli_option){"dipole1", OPT_STRING, &d1s,
                                  "dipole direction of qubit 1, x,y,z[;xi,yi,zi] [default 0,0,1]"};
        opts[no++] = (cli_option){"dipole2", OPT_STRING, &d2s,
                                  "dipole direction of qubit 2 [default 0,0,1]"};
        opts[no++] = (cli_option){"shifts", OPT_FLAG, &MC.shifts,
                                  "include the body-induced frequency shifts"};
    }
    opts[no++] = (cli_option){"quantities", OPT_STRING, &quant,
                              "comma-separated columns to keep [default all]"};
    opts[no++] = (cli_option){"format", OPT_STRING, &fmt, "csv (default), tsv or json (JSON Lines)"};
    opts[no++] = (cli_option){"out", OPT_STRING, &out, "the output file [required]"};
    opts[no++] = (cli_option){"force", OPT_FLAG, &force, "allow overwriting an existing --out"};
    opts[no++] = (cli_option){"resume", OPT_FLAG, &resume, "continue an interrupted sweep"};
    opts[no++] = (cli_option){"threads", OPT_DOUBLE, &threads_d,
                              "OpenMP threads [default: all cores]"};
    opts[no++] = (cli_option){"quiet", OPT_FLAG, &quiet, "no progress bar"};
    opts[no++] = (cli_option){"help", OPT_FLAG, &help, "show this help"};
    char cmd[16];
    snprintf(cmd, sizeof cmd, "sweep %s", argv[2]);
    int parsed = cli_parse(cmd, argc, argv, 3, opts, no);
    if (parsed)
        return parsed < 0 ? 2 : 0;
    if (help) {
        cli_print_help(stdout, USAGE, opts, no);
        return 0;
    }
    /* the varied axes (cli_parse dropped the file's where the command line
     * varies the same name) */
    for (int i = 0; i < vary.n; i++)
        if (parse_vary(&S, vary.item[i]))
            return 2;
    int format = 0; /* 0 csv, 1 tsv, 2 json (JSON Lines) */
    if (strcmp(fmt, "tsv") == 0)
        format = 1;
    else if (strcmp(fmt, "json") == 0)
        format = 2;
    else if (strcmp(fmt, "csv") != 0) {
        fprintf(stderr, "neqent sweep: --format: unknown format '%s' (csv, tsv, json)\n", fmt);
        return 2;
    }
    if (!isnan(threads_d) &&
        (!(threads_d >= 1) || threads_d != floor(threads_d) || threads_d > 256)) {
        fprintf(stderr, "neqent sweep: --threads %g must be a whole number from 1 to 256\n",
                threads_d);
        return 2;
    }
    if (S.model == 1 && ((d1s && cli_parse_vec("sweep", "dipole1", d1s, MC.geo0.dip[0])) ||
                         (d2s && cli_parse_vec("sweep", "dipole2", d2s, MC.geo0.dip[1]))))
        return 2;
    if (!out)
        return cli_error("sweep: --out FILE is required");
    if (S.naxes == 0)
        return cli_error("sweep: nothing varied (--vary NAME=START:STOP:N)");
    long npts = 1;
    for (int a = 0; a < S.naxes; a++) {
        npts *= S.p[S.axis[a]].n;
        if (npts > 100000000L)
            return cli_error("sweep: more than 1e8 points");
    }
    /* quantities */
    const char **qnames = S.model ? BODY_Q : BATHS_Q;
    int nq_all = S.model ? NBODY_Q : NBATHS_Q, qsel[MAXQ], nq = 0;
    if (quant) {
        const char *q = quant;
        while (*q) {
            const char *e = strchr(q, ',');
            if (!e)
                e = q + strlen(q);
            int found = -1;
            for (int k = 0; k < nq_all; k++) {
                size_t base = strcspn(qnames[k], "[");
                if (base == (size_t)(e - q) && strncmp(qnames[k], q, base) == 0)
                    found = k;
            }
            if (found < 0) {
                fprintf(stderr, "neqent sweep: --quantities: unknown quantity '%.*s'\n",
                        (int)(e - q), q);
                return 2;
            }
            qsel[nq++] = found;
            q = *e ? e + 1 : e;
        }
    } else
        for (int k = 0; k < nq_all; k++)
            qsel[nq++] = k;
    /* the model */
    if (S.model == 0) {
        neq_baths_default(&MC.base);
        if (me && neq_me_parse(me, &MC.base.me))
            return cli_error("sweep: --me: %s", neq_errdetail());
        if (spectral) {
            if (strcmp(spectral, "ohmic") == 0)
                MC.base.spectral = NEQ_SPECTRAL_OHMIC;
            else if (strcmp(spectral, "flat") != 0)
                return cli_error("sweep: --spectral: unknown spectral density '%s'", spectral);
        }
    } else {
        MC.material = material;
        MC.body = body;
        if (strcmp(body, "slab") && strcmp(body, "halfspace") && strcmp(body, "mirror"))
            return cli_error("sweep: --body: unknown body '%s' (slab, halfspace, mirror)", body);
        if (strcmp(body, "mirror") && neq_material_parse(material, &MC.mat))
            return cli_error("sweep: %s", neq_errdetail());
    }
    int threads = isnan(threads_d) ? omp_get_num_procs() : (int)threads_d;
    /* the output: FILE.partial, renamed at the end */
    char partial[4200], cmdline[4096];
    snprintf(partial, sizeof partial, "%s.partial", out);
    /* the command line for the header, without what does not change the
     * rows; with --config, the equivalent command without it (a config
     * file can change, the output's header must not depend on it) */
    static const char *const run_only[] = {"--resume", "--force", "--quiet", "--threads=", NULL};
    int with_config = 0;
    for (int i = 3; i < argc; i++)
        with_config |= strcmp(argv[i], "--config") == 0 || strncmp(argv[i], "--config=", 9) == 0;
    if (with_config) {
        char *eqv[128], nums[16][32];
        int ne = 0;
        eqv[ne++] = argv[0], eqv[ne++] = argv[1], eqv[ne++] = argv[2];
        for (int i = 0; i < vary.n; i++)
            eqv[ne++] = "--vary", eqv[ne++] = (char *)vary.item[i];
        static char names[40][24];
        int nn = 0, nv = 0;
        for (int k = 0; k < no; k++) {
            const cli_option *o = &opts[k];
            const char *v = NULL;
            if (o->kind == OPT_STRING)
                v = *(const char **)o->target;
            else if (o->kind != OPT_FLAG && o->kind != OPT_LIST && strcmp(o->name, "threads")) {
                int k2 = find_param(&S, o->name, strlen(o->name));
                if (k2 >= 0 && S.p[k2].n)
                    continue; /* varied */
                snprintf(nums[nv], sizeof nums[nv], "%.17g", *(double *)o->target);
                v = nums[nv++];
            } else if (o->kind == OPT_FLAG && *(int *)o->target && !strcmp(o->name, "shifts"))
                v = "";
            if (!v || !strcmp(o->name, "out"))
                continue;
            snprintf(names[nn], sizeof names[nn], "--%s", o->name);
            eqv[ne++] = names[nn++];
            if (v[0])
                eqv[ne++] = (char *)v;
        }
        eqv[ne++] = "--out", eqv[ne++] = (char *)out;
        cli_command_line(cmdline, sizeof cmdline, ne, eqv, NULL);
    } else
        cli_command_line(cmdline, sizeof cmdline, argc, argv, run_only);
    /* header text */
    char *header = malloc(65536);
    if (!header)
        return cli_error("sweep: out of memory");
    /* fixed values printed exactly, so the header alone regenerates the file */
    int hl = 0;
    const char sep = format == 1 ? '\t' : ',';
    if (format == 2) { /* JSON Lines: a metadata object, then one object per row */
        hl = snprintf(header, 65536, "{\"neqent\": \"%s\", \"sweep\": \"%s\", \"command\": \"",
                      neq_version(), argv[2]);
        for (const char *c = cmdline; *c && hl < 60000; c++) {
            if (*c == '"' || *c == '\\')
                header[hl++] = '\\';
            header[hl++] = *c;
        }
        hl += snprintf(header + hl, 65536 - (size_t)hl, "\", \"fixed\": {");
        int first = 1;
        for (int k = 0; k < S.np; k++)
            if (!S.p[k].n) {
                hl += snprintf(header + hl, 65536 - (size_t)hl, "%s\"%s[%s]\": %.17g",
                               first ? "" : ", ", S.p[k].name, S.p[k].unit, S.p[k].value);
                first = 0;
            }
        hl += snprintf(header + hl, 65536 - (size_t)hl, "}, \"%s\": \"%s\"}\n",
                       S.model ? "body" : "master_equation",
                       S.model ? body : neq_me_name(MC.base.me));
    } else {
        hl = snprintf(header, 65536, "# neqent %s sweep %s\n# command: %s\n", neq_version(),
                      argv[2], cmdline);
        for (int k = 0; k < S.np; k++) {
            if (S.p[k].n)
                hl += snprintf(header + hl, 65536 - (size_t)hl, "# %s[%s]: varied, %d values\n",
                               S.p[k].name, S.p[k].unit, S.p[k].n);
            else
                hl += snprintf(header + hl, 65536 - (size_t)hl, "# %s[%s] = %.17g\n", S.p[k].name,
                               S.p[k].unit, S.p[k].value);
        }
        if (S.model == 0)
            hl += snprintf(header + hl, 65536 - (size_t)hl,
                           "# master equation: %s; spectral density: %s; units: k_B = hbar = 1, "
                           "energies and temperatures in one unit [E]\n",
                           neq_me_name(MC.base.me), MC.base.spectral ? "ohmic" : "flat");
        else
            hl += snprintf(header + hl, 65536 - (size_t)hl,
                           "# body: %s, material: %s; SI inputs; rates in Gamma_0\n", body,
                           material);
        for (int k = 0; k < S.np; k++)
            hl += snprintf(header + hl, 65536 - (size_t)hl, "%s%s[%s]", k ? (char[2]){sep, 0} : "",
                           S.p[k].name, S.p[k].unit);
        for (int k = 0; k < nq; k++)
            hl += snprintf(header + hl, 65536 - (size_t)hl, "%c%s", sep, qnames[qsel[k]]);
        hl += snprintf(header + hl, 65536 - (size_t)hl, "\n");
    }
    if (!force && access(out, F_OK) == 0) {
        free(header);
        return cli_error("sweep: output '%s' exists; pass --force to overwrite it", out);
    }
    long start = 0;
    FILE *f = NULL;
    if (resume) {
        FILE *r = fopen(partial, "r");
        if (!r) {
            free(header);
            return cli_error("sweep: --resume: no '%s' to resume", partial);
        }
        char *buf = malloc((size_t)hl + 2);
        size_t got = buf ? fread(buf, 1, (size_t)hl, r) : 0;
        int same = buf && got == (size_t)hl && memcmp(buf, header, (size_t)hl) == 0;
        free(buf);
        if (!same) {
            fclose(r);
            free(header);
            return cli_error("sweep: --resume: '%s' was written by a different command", partial);
        }
        /* count complete lines; a torn last line is cut */
        long rows = 0, pos_last = (long)hl, pos = (long)hl;
        int c;
        while ((c = fgetc(r)) != EOF) {
            pos++;
            if (c == '\n') {
                rows++;
                pos_last = pos;
            }
        }
        fclose(r);
        if (truncate(partial, pos_last) != 0) {
            free(header);
            return cli_error("sweep: cannot resume '%s': %s", partial, strerror(errno));
        }
        start = rows;
        f = fopen(partial, "a");
    } else {
        f = fopen(partial, "w");
        if (f)
            fwrite(header, 1, (size_t)hl, f);
    }
    free(header);
    if (!f)
        return cli_error("sweep: cannot write '%s': %s", partial, strerror(errno));
    if (S.model == 1 && prepare_geometries(&S, &MC, npts, threads)) {
        fclose(f);
        return 1;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    int show = !quiet && isatty(fileno(stderr));
    double t0 = now();
    char (*lines)[4096] = malloc(sizeof *lines * CHUNK);
    int rc = lines ? 0 : 1;
    static char errmsg[8192];
    errmsg[0] = 0;
    long done = start;
    while (rc == 0 && done < npts && !stop_requested) {
        long n = npts - done < CHUNK ? npts - done : CHUNK;
        int failed = 0;
#pragma omp parallel for schedule(dynamic, 4) num_threads(threads)
        for (long j = 0; j < n; j++) {
            double v[16], q[MAXQ];
            char err[256];
            point_values(&S, done + j, v);
            if (eval_point(&S, &MC, done + j, q, err, sizeof err)) {
#pragma omp critical
                {
                    if (!failed)
                        snprintf(errmsg, sizeof errmsg, "point %ld: %s", done + j + 1, err);
                    failed = 1;
                }
                continue;
            }
            int len = 0;
            char num[40];
            if (format == 2) {
                len += snprintf(lines[j], 4096, "{");
                for (int k = 0; k < S.np + nq; k++) {
                    double x = k < S.np ? v[k] : q[qsel[k - S.np]];
                    fmt_value(num, sizeof num, x);
                    if (k < S.np)
                        len += snprintf(lines[j] + len, 4096 - (size_t)len, "%s\"%s[%s]\": %s",
                                        k ? ", " : "", S.p[k].name, S.p[k].unit, num);
                    else
                        len += snprintf(lines[j] + len, 4096 - (size_t)len, ", \"%s\": %s",
                                        qnames[qsel[k - S.np]], num[0] ? num : "null");
                }
                snprintf(lines[j] + len, 4096 - (size_t)len, "}\n");
            } else {
                for (int k = 0; k < S.np; k++) {
                    fmt_value(num, sizeof num, v[k]);
                    len += snprintf(lines[j] + len, 4096 - (size_t)len, "%s%s", k ? (char[2]){sep, 0} : "", num);
                }
                for (int k = 0; k < nq; k++) {
                    fmt_value(num, sizeof num, q[qsel[k]]);
                    len += snprintf(lines[j] + len, 4096 - (size_t)len, "%c%s", sep, num);
                }
                snprintf(lines[j] + len, 4096 - (size_t)len, "\n");
            }
        }
        if (failed) {
            rc = 1;
            break;
        }
        for (long j = 0; j < n; j++)
            fputs(lines[j], f);
        if (fflush(f) != 0 || ferror(f)) {
            snprintf(errmsg, sizeof errmsg, "cannot write '%s': %s", partial, strerror(errno));
            rc = 1;
            break;
        }
        done += n;
        progress(done, npts, t0, show);
    }
    free(lines);
    if (fclose(f) != 0 && rc == 0) {
        snprintf(errmsg, sizeof errmsg, "cannot write '%s': %s", partial, strerror(errno));
        rc = 1;
    }
    if (rc) {
        remove(partial); /* a failed point means a wrong parameter: nothing to resume */
        return cli_error("sweep: %s", errmsg);
    }
    if (stop_requested) {
        fprintf(stderr, "neqent: sweep interrupted after %ld of %ld points; %s keeps them "
                        "(resume with --resume)\n", done, npts, partial);
        return 130;
    }
    if (rename(partial, out) != 0)
        return cli_error("sweep: cannot write '%s': %s", out, strerror(errno));
    return 0;
}
