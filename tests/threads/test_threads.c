/* Thread safety of the execute calls (FFTW style: a plan is read-only once
 * built, scratch lives in caller-held workspaces).  NTHREADS POSIX threads
 * share ONE object each time, each with its own workspace, and every result
 * must be bit-identical (memcmp) to a serial run of the same calls:
 *   (a) the two-bath model through the model API (neq_plan, neq_eval,
 *       neq_quantity_get), NB points (T1, T2) per thread;
 *   (b) the body model, one plan = one geometry, NBODY points (TW, TM);
 *   (c) one neq_liouvillian: neq_steady_state / neq_steady_state_from with a
 *       neq_steady_workspace per thread, neq_heat_currents, and one shared
 *       neq_propagator (neq_propagate);
 *   (d) neq_em_tensors_compute on one neq_body (a slab, a sphere), a
 *       neq_em_workspace per thread;
 *   (e) neq_material_table: the same permittivity table read by every thread
 *       at once (its parser must keep no hidden state, as strtok would);
 *   (f) neq_design_search: every thread searching the same base parameters
 *       with the same seed (its runs on one thread each) finds the same
 *       point and history;
 *   (g) neq_heom_steady on one shared neq_baths_params and settings, with
 *       UMFPACK (a small hierarchy) and with PETSc's GMRES (a larger one),
 *       and neq_validity_point through the validity model.
 * Every thread runs all the points, starting at a different one (its own
 * history in its workspace), so a result that depended on another thread or
 * on what ran before in the workspace would differ from the serial one.
 *
 * The ThreadSanitizer build (make test: build/tsan, cmake -DNEQ_TSAN=ON)
 * runs this test to catch unsynchronised writes into the shared objects
 * that happen not to change a result here (tests/threads/tsan.supp lists
 * what it must ignore, and why). */
#include "check.h"
#include "neqent/neqent.h"
#include "random.h"

#include <complex.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NTHREADS 8
#define NB 200   /* two-bath points */
#define NBODY 50 /* body points */
#define NSS 64   /* steady-state calls per thread */
#define NGEO 6   /* electromagnetic geometries */

/* One thread's job: the shared object, where its results go, how it ended. */
typedef struct {
    const void *shared;
    int start; /* first point: the thread goes start, start + 1, ... (mod n) */
    double *out;
    int rc;
    char detail[256];
} job;

static void fail_detail(job *j, int rc)
{
    j->rc = rc;
    snprintf(j->detail, sizeof j->detail, "%s", neq_errdetail());
}

/* Runs fn on NTHREADS threads (job k starts at point k * n / NTHREADS),
 * each writing n * rowlen doubles; returns the jobs (free with free_jobs). */
static job *run_threads(void *(*fn)(void *), const void *shared, int n, size_t rowlen)
{
    job *jobs = calloc(NTHREADS, sizeof *jobs);
    pthread_t th[NTHREADS];
    for (int t = 0; t < NTHREADS; t++) {
        jobs[t].shared = shared;
        jobs[t].start = t * n / NTHREADS;
        jobs[t].out = calloc((size_t)n * rowlen, sizeof(double));
        CHECK(pthread_create(&th[t], NULL, fn, &jobs[t]) == 0);
    }
    for (int t = 0; t < NTHREADS; t++)
        CHECK(pthread_join(th[t], NULL) == 0);
    return jobs;
}

/* Every thread ended well and wrote exactly the serial results. */
static void compare(const char *what, job *jobs, const double *ref, int n, size_t rowlen)
{
    for (int t = 0; t < NTHREADS; t++) {
        CHECK_RC(jobs[t].rc, NEQ_OK);
        if (jobs[t].rc)
            fprintf(stderr, "%s, thread %d: %s\n", what, t, jobs[t].detail);
        int same = memcmp(jobs[t].out, ref, sizeof *ref * (size_t)n * rowlen) == 0;
        CHECK(same);
        for (int k = 0; !same && k < n; k++)
            if (memcmp(jobs[t].out + (size_t)k * rowlen, ref + (size_t)k * rowlen,
                       sizeof *ref * rowlen) != 0) {
                fprintf(stderr, "%s, thread %d: point %d differs from the serial run\n", what,
                        t, k);
                break;
            }
        free(jobs[t].out);
    }
    free(jobs);
}

/* ------------------------------------------------ (a), (b): the model API */

/* A model's points: a plan, the base parameters, two varied parameters and
 * their values; every quantity of the model in a row, the costly ones at
 * every `costly_every`-th point only (NaN elsewhere). */
typedef struct {
    const neq_plan *plan;
    const neq_params *base;
    int ia, ib;        /* indices of the varied parameters */
    const double *va, *vb;
    int n, costly_every;
    size_t rowlen;
} model_run;

static size_t row_length(const neq_plan *plan)
{
    const neq_model *m = neq_plan_model(plan);
    size_t len = 0;
    for (int q = 0; q < neq_model_nquantities(m); q++)
        len += (size_t)neq_quantity_length(plan, q);
    return len;
}

/* Points start, start + 1, ... of r into out (n rows), with a parameter set
 * and a workspace of the caller's own. */
static int eval_points(const model_run *r, int start, double *out)
{
    const neq_model *m = neq_plan_model(r->plan);
    neq_params *p = NULL;
    neq_workspace *ws = NULL;
    int rc = neq_params_copy(r->base, &p);
    if (rc == 0)
        rc = neq_workspace_alloc(r->plan, &ws);
    for (int j = 0; rc == 0 && j < r->n; j++) {
        int k = (start + j) % r->n;
        double *row = out + (size_t)k * r->rowlen;
        rc = neq_params_set_at(p, r->ia, r->va[k]);
        if (rc == 0)
            rc = neq_params_set_at(p, r->ib, r->vb[k]);
        if (rc == 0)
            rc = neq_eval(r->plan, p, ws);
        for (int q = 0, off = 0; rc == 0 && q < neq_model_nquantities(m); q++) {
            int len = neq_quantity_length(r->plan, q);
            if (neq_model_quantity(m, q)->costly && k % r->costly_every != 0)
                for (int x = 0; x < len; x++)
                    row[off + x] = NAN;
            else
                rc = neq_quantity_get(r->plan, p, ws, q, row + off);
            off += len;
        }
    }
    neq_workspace_free(ws);
    neq_params_free(p);
    return rc;
}

static void *model_worker(void *arg)
{
    job *j = arg;
    int rc = eval_points(j->shared, j->start, j->out);
    if (rc)
        fail_detail(j, rc);
    return NULL;
}

static void model_threads(const char *what, model_run *r)
{
    r->rowlen = row_length(r->plan);
    double *ref = calloc((size_t)r->n * r->rowlen, sizeof *ref);
    CHECK_RC(eval_points(r, 0, ref), NEQ_OK);
    job *jobs = run_threads(model_worker, r, r->n, r->rowlen);
    compare(what, jobs, ref, r->n, r->rowlen);
    free(ref);
}

/* (a) Quiroga's two-bath model, defaults but T1 in [0.2, 3], T2 in [0.1, 2.5]
 * (units E), every quantity; the costly ones (Liouvillian gap, C_eq, T_c:
 * a GSL Brent search) at every 10th point. */
static void baths_model(void)
{
    const neq_model *m = neq_model_lookup("baths");
    neq_params *p = NULL;
    neq_plan *plan = NULL;
    CHECK_RC(neq_params_alloc(m, &p), NEQ_OK);
    CHECK_RC(neq_plan_alloc(p, &plan), NEQ_OK);
    double T1[NB], T2[NB];
    for (int k = 0; k < NB; k++) {
        T1[k] = 0.2 + 2.8 * k / (NB - 1);
        T2[k] = 0.1 + 2.4 * fmod(0.618034 * k, 1.0);
    }
    model_run r = {plan, p, neq_model_param_index(m, "T1"), neq_model_param_index(m, "T2"),
                   T1, T2, NB, 10, 0};
    model_threads("baths", &r);
    neq_plan_free(plan);
    neq_params_free(p);
}

/* (b) Bellomo & Antezza's body model at the paper's Fig. 4 geometry (one
 * plan: the SiC slab's alpha and Lambda computed once), TW in [10, 300] K,
 * TM in [30, 6000] K, every quantity; the relaxation time at every 5th. */
static void body_model(void)
{
    const neq_model *m = neq_model_lookup("body");
    neq_params *p = NULL;
    neq_plan *plan = NULL;
    CHECK_RC(neq_params_alloc(m, &p), NEQ_OK);
    CHECK_RC(neq_params_set(p, "dipole_moment", 1e-30), NEQ_OK); /* Gamma0 defined */
    CHECK_RC(neq_plan_alloc(p, &plan), NEQ_OK);
    double TW[NBODY], TM[NBODY];
    for (int k = 0; k < NBODY; k++) {
        TW[k] = 10 + 290 * fmod(0.381966 * k, 1.0);
        TM[k] = 30 * pow(200.0, (double)k / (NBODY - 1));
    }
    model_run r = {plan, p, neq_model_param_index(m, "TW"), neq_model_param_index(m, "TM"),
                   TW, TM, NBODY, 5, 0};
    model_threads("body", &r);
    neq_plan_free(plan);
    neq_params_free(p);
}

/* ---------------------------------------- (c) one Liouvillian, one propagator */

#define D 4
#define DD (D * D)
/* a row: rho (2 DD), its info (4), rho from rho0 (2 DD), its info (4),
 * heat currents (2), rho(t) (2 DD) */
#define SS_ROW (6 * DD + 10)

typedef struct {
    const neq_liouvillian *L;
    const neq_propagator *P;
    double complex rho0[NSS][DD]; /* an initial state per call */
    double t[NSS];
} engine_shared;

static void put_info(const neq_steady_info *i, double *v)
{
    v[0] = i->residual;
    v[1] = i->trace_error;
    v[2] = i->min_eigenvalue;
    v[3] = i->null_dim;
}

static int engine_calls(const engine_shared *s, int start, double *out)
{
    neq_steady_workspace *ws = NULL;
    int rc = neq_steady_workspace_alloc(s->L, &ws);
    for (int j = 0; rc == 0 && j < NSS; j++) {
        int k = (start + j) % NSS;
        double *row = out + (size_t)k * SS_ROW;
        double complex rho[DD], rt[DD];
        neq_steady_info info;
        rc = neq_steady_state(s->L, NULL, ws, rho, &info);
        if (rc == 0) {
            memcpy(row, rho, sizeof rho);
            put_info(&info, row + 2 * DD);
            rc = neq_heat_currents(s->L, rho, row + 4 * DD + 8);
        }
        if (rc == 0)
            rc = neq_steady_state_from(s->L, s->rho0[k], NULL, ws, rho, &info);
        if (rc == 0) {
            memcpy(row + 2 * DD + 4, rho, sizeof rho);
            put_info(&info, row + 4 * DD + 4);
            rc = neq_propagate(s->P, s->rho0[k], 1, &s->t[k], rt);
        }
        if (rc == 0)
            memcpy(row + 4 * DD + 10, rt, sizeof rt);
    }
    neq_steady_workspace_free(ws);
    return rc;
}

static void *engine_worker(void *arg)
{
    job *j = arg;
    int rc = engine_calls(j->shared, j->start, j->out);
    if (rc)
        fail_detail(j, rc);
    return NULL;
}

/* A random two-qubit generator (random H, two groups of random jumps with
 * rates in [0.05, 1]), NSS random initial states and times in [0, 5]. */
static void engine(void)
{
    rng_seed(8);
    neq_gksl *g = NULL;
    neq_liouvillian *L = NULL;
    neq_propagator *P = NULL;
    double complex H[DD], A[DD];
    CHECK_RC(neq_gksl_alloc(D, &g), NEQ_OK);
    rng_hermitian(D, H);
    CHECK_RC(neq_gksl_set_hamiltonian(g, H), NEQ_OK);
    for (int j = 0; j < 4; j++) {
        rng_cmatrix(D, A);
        CHECK_RC(neq_gksl_add_jump(g, j % 2, rng_range(0.05, 1), A), NEQ_OK);
    }
    CHECK_RC(neq_liouvillian_alloc(g, &L), NEQ_OK);
    CHECK_RC(neq_propagator_alloc(L, &P), NEQ_OK);
    engine_shared *s = calloc(1, sizeof *s);
    s->L = L;
    s->P = P;
    for (int k = 0; k < NSS; k++) {
        rng_state_full(D, s->rho0[k]);
        s->t[k] = rng_range(0, 5);
    }
    double *ref = calloc((size_t)NSS * SS_ROW, sizeof *ref);
    CHECK_RC(engine_calls(s, 0, ref), NEQ_OK);
    job *jobs = run_threads(engine_worker, s, NSS, SS_ROW);
    compare("liouvillian", jobs, ref, NSS, SS_ROW);
    free(ref);
    free(s);
    neq_propagator_free(P);
    neq_liouvillian_free(L);
    neq_gksl_free(g);
}

/* -------------------------------------------------- (d) one body, em tensors */

#define WR 1.495e14 /* SiC's transverse optical frequency, rad/s */
#define EM_ROW (sizeof(neq_em_tensors) / sizeof(double))

static const double GEO[NGEO][4] = {{0.3 * WR, 1e-6, 1e-6, 0.25e-6},
                                    {0.3 * WR, 0.5e-6, 1.5e-6, 0.4e-6},
                                    {0.31 * WR, 1e-6, 1.2e-6, 0.25e-6},
                                    {0.3 * WR, 2e-6, 0.7e-6, 1.1e-6},
                                    {0.29 * WR, 0.8e-6, 0.8e-6, 0.05e-6},
                                    {0.3 * WR, 1e-6, 1e-6, 3e-6}};

static int em_calls(const neq_body *b, int start, neq_em_workspace *ws, double *out)
{
    for (int j = 0; j < NGEO; j++) {
        int k = (start + j) % NGEO;
        neq_em_tensors t;
        memset(&t, 0, sizeof t); /* padding, if any, compares equal */
        int rc = neq_em_tensors_compute(b, GEO[k][0], GEO[k][1], GEO[k][2], GEO[k][3], NULL, ws,
                                        &t);
        if (rc)
            return rc;
        memcpy(out + (size_t)k * EM_ROW, &t, sizeof t);
    }
    return NEQ_OK;
}

static void *em_worker(void *arg)
{
    job *j = arg;
    neq_em_workspace *ws = NULL;
    int rc = neq_em_workspace_alloc(&ws);
    if (rc == 0)
        rc = em_calls(j->shared, j->start, ws, j->out);
    if (rc)
        fail_detail(j, rc);
    neq_em_workspace_free(ws);
    return NULL;
}

/* SiC slab of 0.02 um, then a SiC sphere of 1 um (the Mie sums' buffers
 * live in the workspace); the serial reference with a temporary workspace
 * per call (ws = NULL), the threads with one workspace each over all
 * geometries (its pole cache or buffers filled by the previous ones). */
static void em(void)
{
    _Static_assert(sizeof(neq_em_tensors) % sizeof(double) == 0, "tensors in doubles");
    neq_material *sic = NULL;
    CHECK_RC(neq_material_sic(&sic), NEQ_OK);
    for (int kind = 0; kind < 2; kind++) {
        neq_body *b = NULL;
        CHECK_RC(kind ? neq_body_sphere(sic, 1e-6, NULL, &b) : neq_body_slab(sic, 0.02e-6, &b),
                 NEQ_OK);
        double *ref = calloc(NGEO * EM_ROW, sizeof *ref);
        CHECK_RC(em_calls(b, 0, NULL, ref), NEQ_OK);
        job *jobs = run_threads(em_worker, b, NGEO, EM_ROW);
        compare(kind ? "em sphere" : "em slab", jobs, ref, NGEO, EM_ROW);
        free(ref);
        neq_body_free(b);
    }
    neq_material_free(sic);
}

/* ------------------------------------------------ (e): material tables */

#define NTAB 41  /* table rows */
#define NREAD 20 /* reads per thread */

/* The table read NREAD times; each read's eps at a frequency between rows
 * (interpolated), its real and imaginary parts in a row of out. */
static void *table_worker(void *arg)
{
    job *j = arg;
    const char *path = j->shared;
    for (int r = 0; r < NREAD && !j->rc; r++) {
        int k = (j->start + r) % NREAD;
        neq_material *m = NULL;
        double complex e = 0;
        int rc = neq_material_table(path, &m);
        if (!rc)
            rc = neq_material_eps(m, 1.0e14 + (k + 0.5) * 0.05e14, &e);
        if (rc)
            fail_detail(j, rc);
        j->out[2 * k] = creal(e);
        j->out[2 * k + 1] = cimag(e);
        neq_material_free(m);
    }
    return NULL;
}

static void tables(void)
{
    char path[] = "/tmp/neqent_test_threads_XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    CHECK(f != NULL);
    if (!f)
        return;
    /* a passive Lorentzian, rows padded with extra blanks and tabs */
    fprintf(f, "# neqent-table x=omega y=eps\n");
    for (int k = 0; k < NTAB; k++) {
        double w = 1.0e14 + k * 0.05e14, x = w / 1.5e14;
        fprintf(f, "%.17g \t %.17g  %.17g\n", w, 2 + 1 / (1 - x * x + 0.01), 0.1 + 0.01 * k);
    }
    fclose(f);
    double *ref = calloc(2 * NREAD, sizeof *ref);
    job serial = {path, 0, ref, 0, ""};
    table_worker(&serial);
    CHECK_RC(serial.rc, NEQ_OK);
    job *jobs = run_threads(table_worker, path, NREAD, 2);
    compare("material table", jobs, ref, NREAD, 2);
    free(ref);
    remove(path);
}

/* ------------------------------------------------ (f): design search */

#define DESIGN_ROW 4 /* value, z2, TM, evaluations */

static int design_once(const neq_params *base, double *out)
{
    neq_design_var v[2] = {{.params = "z2", .lo = 0.5e-6, .hi = 2e-6},
                           {.params = "TM", .lo = 300, .hi = 2000}};
    neq_design_options o = neq_design_options_default();
    o.starts = 2;
    neq_design_result r;
    int rc = neq_design_search(base, "concurrence", 2, v, 0, NULL, &o, &r);
    if (rc == 0) {
        out[0] = r.value;
        out[1] = r.x[0];
        out[2] = r.x[1];
        out[3] = (double)r.evaluations;
    }
    neq_design_result_free(&r);
    return rc;
}

static void *design_worker(void *arg)
{
    job *j = arg;
    int rc = design_once(j->shared, j->out);
    if (rc)
        fail_detail(j, rc);
    return NULL;
}

static void design(void)
{
    neq_params *p = NULL;
    CHECK_RC(neq_params_alloc(neq_model_lookup("body"), &p), NEQ_OK);
    double ref[DESIGN_ROW];
    CHECK_RC(design_once(p, ref), NEQ_OK);
    job *jobs = run_threads(design_worker, p, 1, DESIGN_ROW);
    compare("design search", jobs, ref, 1, DESIGN_ROW);
    neq_params_free(p);
}

/* ------------------------------------------------ (g): HEOM */

#define HEOM_ROW 20 /* rho (16 re), J1, J2, C, ADOs */

static int heom_once(const neq_baths_params *p, int solver, double *out)
{
    neq_heom_settings s = {NEQ_HEOM_PADE, 2, solver == NEQ_HEOM_KRYLOV ? 4 : 3, 1, solver};
    neq_heom_result r;
    int rc = neq_heom_steady(p, &s, &r);
    if (rc == 0) {
        for (int k = 0; k < 16; k++)
            out[k] = creal(r.rho[k]);
        out[16] = r.heat_current[0];
        out[17] = r.heat_current[1];
        out[18] = r.concurrence;
        out[19] = (double)r.n_ados;
    }
    return rc;
}

static void *heom_worker(void *arg)
{
    job *j = arg;
    int rc = heom_once(j->shared, NEQ_HEOM_DIRECT, j->out);
    if (rc == 0)
        rc = heom_once(j->shared, NEQ_HEOM_KRYLOV, j->out + HEOM_ROW);
    if (rc)
        fail_detail(j, rc);
    return NULL;
}

static void heom(void)
{
    neq_baths_params p;
    neq_baths_default(&p);
    p.spectral = NEQ_SPECTRAL_DRUDE;
    p.lambda = 0.02;
    p.cutoff = 2;
    p.eps1 = 1;
    p.eps2 = 1.2;
    p.K = 0.1;
    double ref[2 * HEOM_ROW];
    CHECK_RC(heom_once(&p, NEQ_HEOM_DIRECT, ref), NEQ_OK);
    CHECK_RC(heom_once(&p, NEQ_HEOM_KRYLOV, ref + HEOM_ROW), NEQ_OK);
    job *jobs = run_threads(heom_worker, &p, 1, 2 * HEOM_ROW);
    compare("HEOM", jobs, ref, 1, 2 * HEOM_ROW);
}

int main(void)
{
    heom();
    design();
    baths_model();
    body_model();
    engine();
    em();
    tables();
    return check_report("threads");
}
