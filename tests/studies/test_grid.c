/* The grid runner (include/neqent/grid.h).  Where each expected value
 * comes from:
 *
 *   - order and points: grid.h defines the points as the Cartesian product
 *     of the axes, first axis outermost, delivered in grid order; so for
 *     axes T1 (3 values) x T2 (4 values) row idx must carry
 *     T1 = t1[idx / 4], T2 = t2[idx % 4] (exact: the values are copied);
 *   - row values: each row must be bit-identical (memcmp) to neq_eval_once
 *     at that point (model.h), a second route through a fresh plan and
 *     workspace; and a run on 2 threads must give the same bytes as one on
 *     1 thread (grid.h: rows in grid order whatever the threads; model.h:
 *     results do not depend on the thread or the workspace's history);
 *   - linked axes: T2 linked to T1 with the same values gives the points
 *     T1 = T2 (6 points, not 36), where the global master equation's steady
 *     state is the Gibbs state: its concurrence equals C_eq, the Gibbs
 *     state's concurrence at T_M = (T1 + T2)/2 computed without any master
 *     equation, to 1e-10 (and J1 is exactly 0: master.h's rounding floor);
 *   - "T1=0.5:1:3;T2=1:0.5:3": 3 points (0.5, 1), (0.75, 0.75), (1, 0.5)
 *     (linear ranges whose values are exact in binary);
 *   - stop, start, failures: exact counts from grid.h's contract (the stop
 *     flag is read before each batch of `chunk` points, so a stop raised in
 *     row 5 ends the run after ceil(5/chunk) chunk rows; start = 7 delivers
 *     7..11 and *done counts from start);
 *   - a failing point: the two-bath local master equation has no
 *     transition frequency at eps1 = 0 (src/baths/baths.c: NEQ_EDIVERGE),
 *     a value inside eps1's range; the body model's qubits coincide at
 *     r12 = 0, z1 = z2 (src/em/green.c: NEQ_EDOMAIN while building the
 *     plan).  Rows before the failing point arrive, none after, and the
 *     detail names the varied parameters with their values (grid.h);
 *   - estimates: npoints is the product of the (unlinked) axes' lengths,
 *     nplans the product of the lengths of the axes that vary a setup
 *     parameter (z1, z2 of the body model; TM and T1, T2 are not setup). */
#include "check.h"
#include "neqent/neqent.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXROWS 64
#define MAXLEN 64

/* what a run delivered */
typedef struct {
    long n;                  /* rows seen */
    long idx[MAXROWS];       /* their indices, in arrival order */
    double T[MAXROWS][2];    /* the point's values of params k0, k1 */
    double v[MAXROWS][MAXLEN];
    int rowlen;
    int k0, k1;              /* parameter indices to record */
    int eval_ok;             /* rows equal to neq_eval_once */
    int nsel;
    const int *sel;
    int points_ok;           /* the callback's point equals neq_grid_point */
    const neq_grid *g;
    long stop_after;         /* raise *stop after this many rows (0: never) */
    volatile int *stop;
    long fail_at;            /* return fail_rc at this idx (-1: never) */
    int fail_rc;
    long progress_last, progress_calls;
    int progress_monotone;
} record;

static void record_init(record *r, const neq_grid *g, int k0, int k1)
{
    memset(r, 0, sizeof *r);
    r->g = g;
    r->k0 = k0;
    r->k1 = k1;
    r->rowlen = neq_grid_row_length(g);
    r->nsel = neq_grid_nselected(g);
    r->sel = neq_grid_selected(g);
    r->eval_ok = 1;
    r->points_ok = 1;
    r->fail_at = -1;
    r->progress_monotone = 1;
}

static int on_row(void *user, long idx, const neq_params *point, const double *values)
{
    record *r = user;
    if (r->n < MAXROWS && r->rowlen <= MAXLEN) {
        r->idx[r->n] = idx;
        r->T[r->n][0] = neq_params_value(point, r->k0);
        r->T[r->n][1] = neq_params_value(point, r->k1);
        memcpy(r->v[r->n], values, sizeof *values * (size_t)r->rowlen);
        /* a second route: the same point evaluated alone */
        double once[MAXLEN];
        if (neq_eval_once(point, r->nsel, r->sel, once) != 0 ||
            memcmp(once, values, sizeof *values * (size_t)r->rowlen) != 0)
            r->eval_ok = 0;
        /* the callback's point is the grid's point idx */
        neq_params *q = NULL;
        if (neq_params_copy(point, &q) == 0 && neq_grid_point(r->g, idx, q) == 0) {
            const neq_model *m = neq_params_model(point);
            for (int k = 0; k < neq_model_nparams(m); k++)
                if (!neq_params_equal_at(point, q, k))
                    r->points_ok = 0;
        } else
            r->points_ok = 0;
        neq_params_free(q);
    }
    r->n++;
    if (r->stop && r->stop_after > 0 && r->n == r->stop_after)
        *r->stop = 1;
    if (idx == r->fail_at)
        return r->fail_rc;
    return 0;
}

static void on_progress(void *user, long done, long total)
{
    record *r = user;
    if (done <= r->progress_last || done > total)
        r->progress_monotone = 0;
    r->progress_last = done;
    r->progress_calls++;
}

static neq_grid_options options(record *r, int threads, long chunk)
{
    neq_grid_options o;
    memset(&o, 0, sizeof o);
    o.threads = threads;
    o.chunk = chunk;
    o.row = on_row;
    o.progress = on_progress;
    o.user = r;
    return o;
}

static const double T1V[3] = {0.3, 0.8, 2.5};
static const double T2V[4] = {0.1, 0.6, 1.2, 4.0};

/* the 3 x 4 baths grid T1 x T2 at the defaults */
static neq_grid *grid_3x4(const neq_params *base)
{
    neq_grid *g = NULL;
    CHECK_RC(neq_grid_alloc(base, &g), NEQ_OK);
    CHECK_RC(neq_grid_add_axis(g, "T1", T1V, 3), NEQ_OK);
    CHECK_RC(neq_grid_add_axis(g, "T2", T2V, 4), NEQ_OK);
    return g;
}

static void order_and_values(void)
{
    const neq_model *m = neq_model_lookup("baths");
    neq_params *base = NULL;
    CHECK_RC(neq_params_alloc(m, &base), NEQ_OK);
    int k1 = neq_model_param_index(m, "T1"), k2 = neq_model_param_index(m, "T2");
    neq_grid *g = grid_3x4(base);
    if (!g)
        return;
    CHECK(neq_grid_npoints(g) == 12);
    CHECK(neq_grid_naxes(g) == 2);
    CHECK(neq_grid_axis_link(g, 0) == -1 && neq_grid_axis_link(g, 1) == -1);
    int pa = -1;
    long na = 0;
    const double *va = NULL;
    CHECK_RC(neq_grid_axis(g, 1, &pa, &na, &va), NEQ_OK);
    CHECK(pa == k2 && na == 4 && va && va != T2V && memcmp(va, T2V, sizeof T2V) == 0);
    CHECK_RC(neq_grid_axis(g, 2, &pa, &na, &va), NEQ_EINVAL);
    /* the default selection: every scalar and boolean quantity that is not
     * costly, in table order */
    int nexp = 0, match = 1;
    for (int k = 0; k < neq_model_nquantities(m); k++) {
        const neq_quantity_desc *d = neq_model_quantity(m, k);
        if ((d->kind == NEQ_QUANTITY_SCALAR || d->kind == NEQ_QUANTITY_BOOL) && !d->costly) {
            if (nexp >= neq_grid_nselected(g) || neq_grid_selected(g)[nexp] != k)
                match = 0;
            nexp++;
        }
    }
    CHECK(match && nexp == neq_grid_nselected(g));
    CHECK(neq_grid_row_length(g) == nexp);

    static record r1, r2;
    record_init(&r1, g, k1, k2);
    neq_grid_options o = options(&r1, 1, 0);
    long done = -1;
    CHECK_RC(neq_grid_run(g, &o, &done), NEQ_OK);
    CHECK(done == 12 && r1.n == 12);
    for (long i = 0; i < 12 && i < r1.n; i++) {
        CHECK(r1.idx[i] == i);
        CHECK(r1.T[i][0] == T1V[i / 4]);
        CHECK(r1.T[i][1] == T2V[i % 4]);
    }
    CHECK(r1.eval_ok);
    CHECK(r1.points_ok);
    CHECK(r1.progress_monotone && r1.progress_last == 12);
    /* the rows differ from point to point (the comparison is not trivial) */
    CHECK(memcmp(r1.v[0], r1.v[11], sizeof(double) * (size_t)r1.rowlen) != 0);
    /* neq_grid_point_values agrees with the axes */
    double *pv = malloc(sizeof *pv * (size_t)neq_model_nparams(m));
    for (long i = 0; i < 12; i++) {
        CHECK_RC(neq_grid_point_values(g, i, pv), NEQ_OK);
        CHECK(pv[k1] == T1V[i / 4] && pv[k2] == T2V[i % 4]);
    }
    CHECK_RC(neq_grid_point_values(g, 12, pv), NEQ_EINVAL);
    CHECK_RC(neq_grid_point_values(g, -1, pv), NEQ_EINVAL);
    free(pv);

    /* 2 threads, batches of 5: the same bytes in the same order */
    record_init(&r2, g, k1, k2);
    o = options(&r2, 2, 5);
    CHECK_RC(neq_grid_run(g, &o, &done), NEQ_OK);
    CHECK(done == 12 && r2.n == 12);
    for (long i = 0; i < 12 && i < r2.n; i++)
        CHECK(r2.idx[i] == i);
    CHECK(memcmp(r1.v, r2.v, sizeof r1.v[0] * 12) == 0);
    CHECK(r2.progress_monotone && r2.progress_last == 12 && r2.progress_calls == 3);

    neq_grid_free(g);
    neq_params_free(base);
}

/* batches: every point once, in order, the same bytes as rows */
typedef struct {
    long next;
    int ok;
    int rowlen;
    double v[MAXROWS * MAXLEN];
} batches;

static int on_batch(void *user, long first, long n, const double *values)
{
    batches *b = user;
    if (first != b->next || (first + n) * b->rowlen > MAXROWS * MAXLEN) {
        b->ok = 0;
        return 0;
    }
    memcpy(b->v + first * b->rowlen, values, sizeof *values * (size_t)(n * b->rowlen));
    b->next = first + n;
    return 0;
}

static void batch_callback(void)
{
    const neq_model *m = neq_model_lookup("baths");
    neq_params *base = NULL;
    CHECK_RC(neq_params_alloc(m, &base), NEQ_OK);
    neq_grid *g = grid_3x4(base);
    static record r;
    record_init(&r, g, 0, 1);
    neq_grid_options o = options(&r, 1, 0);
    CHECK_RC(neq_grid_run(g, &o, NULL), NEQ_OK);
    static batches b;
    memset(&b, 0, sizeof b);
    b.ok = 1;
    b.rowlen = neq_grid_row_length(g);
    neq_grid_options ob;
    memset(&ob, 0, sizeof ob);
    ob.threads = 2;
    ob.chunk = 5;
    ob.batch = on_batch;
    ob.user = &b;
    long done = -1;
    CHECK_RC(neq_grid_run(g, &ob, &done), NEQ_OK);
    CHECK(b.ok && b.next == 12 && done == 12);
    int same = 1;
    for (int i = 0; i < 12; i++)
        same &= memcmp(b.v + i * b.rowlen, r.v[i], sizeof(double) * (size_t)b.rowlen) == 0;
    CHECK(same);
    neq_grid_free(g);
    neq_params_free(base);
}

static void linked_axes(void)
{
    const neq_model *m = neq_model_lookup("baths");
    neq_params *base = NULL;
    CHECK_RC(neq_params_alloc(m, &base), NEQ_OK);
    int k1 = neq_model_param_index(m, "T1"), k2 = neq_model_param_index(m, "T2");
    const double T[6] = {0.05, 0.2, 0.45, 0.8, 1.0, 2.0};
    neq_grid *g = NULL;
    CHECK_RC(neq_grid_alloc(base, &g), NEQ_OK);
    CHECK_RC(neq_grid_add_axis(g, "T1", T, 6), NEQ_OK);
    CHECK_RC(neq_grid_add_linked_axis(g, "T2", T, 6), NEQ_OK);
    CHECK(neq_grid_npoints(g) == 6);
    CHECK(neq_grid_naxes(g) == 2);
    CHECK(neq_grid_axis_link(g, 0) == -1 && neq_grid_axis_link(g, 1) == 0);
    int sel[3] = {neq_model_quantity_index(m, "concurrence"), neq_model_quantity_index(m, "C_eq"),
                  neq_model_quantity_index(m, "J1")};
    CHECK_RC(neq_grid_select(g, 3, sel), NEQ_OK);
    CHECK(neq_grid_row_length(g) == 3 && neq_grid_nselected(g) == 3);
    static record r;
    record_init(&r, g, k1, k2);
    neq_grid_options o = options(&r, 2, 2);
    long done = -1;
    CHECK_RC(neq_grid_run(g, &o, &done), NEQ_OK);
    CHECK(done == 6 && r.n == 6);
    int entangled = 0;
    for (int i = 0; i < 6 && i < r.n; i++) {
        CHECK(r.idx[i] == i);
        CHECK(r.T[i][0] == T[i] && r.T[i][1] == T[i]);
        CHECK_CLOSE(r.v[i][0], r.v[i][1], 1e-10);
        CHECK(r.v[i][2] == 0);
        entangled += r.v[i][1] > 0.01;
    }
    CHECK(entangled >= 3); /* not only 0 = 0 */
    CHECK(r.eval_ok && r.points_ok);
    /* selection errors */
    int twice[2] = {sel[0], sel[0]};
    CHECK_RC(neq_grid_select(g, 2, twice), NEQ_EINVAL);
    int matrix = neq_model_quantity_index(m, "rho");
    CHECK_RC(neq_grid_select(g, 1, &matrix), NEQ_EINVAL);
    int outside = neq_model_nquantities(m);
    CHECK_RC(neq_grid_select(g, 1, &outside), NEQ_EINVAL);
    CHECK(neq_grid_row_length(g) == 3); /* unchanged by the refusals */
    int vec = neq_model_quantity_index(m, "energies");
    CHECK_RC(neq_grid_select(g, 1, &vec), NEQ_OK);
    CHECK(neq_grid_row_length(g) == neq_model_quantity(m, vec)->size);
    neq_grid_free(g);

    /* the same line from text */
    CHECK_RC(neq_grid_alloc(base, &g), NEQ_OK);
    CHECK_RC(neq_grid_add_axis_text(g, "T1=0.5:1:3;T2=1:0.5:3"), NEQ_OK);
    CHECK(neq_grid_npoints(g) == 3 && neq_grid_naxes(g) == 2 && neq_grid_axis_link(g, 1) == 0);
    neq_params *p = NULL;
    CHECK_RC(neq_params_copy(base, &p), NEQ_OK);
    const double e1[3] = {0.5, 0.75, 1.0}, e2[3] = {1.0, 0.75, 0.5};
    for (long i = 0; i < 3; i++) {
        CHECK_RC(neq_grid_point(g, i, p), NEQ_OK);
        CHECK(neq_params_value(p, k1) == e1[i] && neq_params_value(p, k2) == e2[i]);
        if (i > 0) /* T2 decreasing */
            CHECK(e2[i] < e2[i - 1]);
    }
    CHECK_RC(neq_grid_point(g, 3, p), NEQ_EINVAL);
    neq_grid_free(g);

    /* refusals */
    CHECK_RC(neq_grid_alloc(base, &g), NEQ_OK);
    const double five[5] = {1, 2, 3, 4, 5};
    CHECK_RC(neq_grid_add_linked_axis(g, "T2", five, 5), NEQ_EINVAL); /* no axis before */
    CHECK_RC(neq_grid_add_axis(g, "T1", five, 5), NEQ_OK);
    CHECK_RC(neq_grid_add_linked_axis(g, "T2", five, 4), NEQ_EINVAL); /* length 4 after 5 */
    CHECK_RC(neq_grid_add_linked_axis(g, "T2", five, 6), NEQ_EINVAL);
    CHECK(strstr(neq_errdetail(), "T2") != NULL);
    CHECK_RC(neq_grid_add_axis(g, "T1", five, 5), NEQ_EINVAL);        /* varied twice */
    CHECK_RC(neq_grid_add_linked_axis(g, "T1", five, 5), NEQ_EINVAL); /* linked to itself */
    CHECK_RC(neq_grid_add_axis(g, "me", five, 1), NEQ_EINVAL);        /* not a real number */
    CHECK_RC(neq_grid_add_axis(g, "T3", five, 5), NEQ_EINVAL);        /* unknown */
    CHECK_RC(neq_grid_add_axis(g, "T2", five, 0), NEQ_EINVAL);        /* no values */
    const double neg[2] = {1, -1};
    CHECK_RC(neq_grid_add_axis(g, "T2", neg, 2), NEQ_EDOMAIN);        /* T2 > 0 */
    CHECK(neq_grid_naxes(g) == 1 && neq_grid_npoints(g) == 5);        /* nothing added */
    neq_grid_free(g);
    CHECK_RC(neq_grid_alloc(base, &g), NEQ_OK);
    CHECK_RC(neq_grid_add_axis_text(g, "T1=0.5:1:3;T2=1:0.5:4"), NEQ_EINVAL);
    neq_grid_free(g);
    CHECK_RC(neq_grid_alloc(base, &g), NEQ_OK);
    CHECK_RC(neq_grid_add_axis_text(g, "T1"), NEQ_EINVAL);
    CHECK_RC(neq_grid_add_axis_text(g, "T1=0:1:3"), NEQ_EDOMAIN);
    neq_grid_free(g);
    neq_params_free(p);
    neq_params_free(base);
}

static void stop_and_start(void)
{
    const neq_model *m = neq_model_lookup("baths");
    neq_params *base = NULL;
    CHECK_RC(neq_params_alloc(m, &base), NEQ_OK);
    int k1 = neq_model_param_index(m, "T1"), k2 = neq_model_param_index(m, "T2");
    neq_grid *g = grid_3x4(base);
    static record full, r;
    record_init(&full, g, k1, k2);
    neq_grid_options o = options(&full, 1, 0);
    CHECK_RC(neq_grid_run(g, &o, NULL), NEQ_OK);

    /* stop raised in the 5th row: the run ends after the batch holding it */
    const long chunks[3] = {1, 4, 0};
    const long expect[3] = {5, 8, 12}; /* ceil(5 / chunk) * chunk, capped at 12 */
    for (int c = 0; c < 3; c++)
        for (int threads = 1; threads <= 2; threads++) {
            volatile int stop = 0;
            record_init(&r, g, k1, k2);
            r.stop = &stop;
            r.stop_after = 5;
            o = options(&r, threads, chunks[c]);
            o.stop = &stop;
            long done = -1;
            CHECK_RC(neq_grid_run(g, &o, &done), NEQ_OK);
            CHECK(done == expect[c] && r.n == expect[c]);
            CHECK(expect[c] == 12 || done < neq_grid_npoints(g));
            for (long i = 0; i < r.n && i < MAXROWS; i++)
                CHECK(r.idx[i] == i);
        }
    /* a stop already raised: nothing runs */
    {
        volatile int stop = 1;
        record_init(&r, g, k1, k2);
        o = options(&r, 1, 1);
        o.stop = &stop;
        long done = -1;
        CHECK_RC(neq_grid_run(g, &o, &done), NEQ_OK);
        CHECK(done == 0 && r.n == 0);
    }
    /* start = 7: points 7..11 only, the same bytes as in the full run */
    for (int threads = 1; threads <= 2; threads++) {
        record_init(&r, g, k1, k2);
        o = options(&r, threads, 2);
        o.start = 7;
        long done = -1;
        CHECK_RC(neq_grid_run(g, &o, &done), NEQ_OK);
        CHECK(done == 12 && r.n == 5);
        for (long i = 0; i < r.n && i < 5; i++) {
            CHECK(r.idx[i] == 7 + i);
            CHECK(r.T[i][0] == T1V[(7 + i) / 4] && r.T[i][1] == T2V[(7 + i) % 4]);
            CHECK(memcmp(r.v[i], full.v[7 + i], sizeof(double) * (size_t)r.rowlen) == 0);
        }
    }
    /* start at the end: nothing to do; beyond it or negative: refused */
    record_init(&r, g, k1, k2);
    o = options(&r, 1, 0);
    o.start = 12;
    long done = -1;
    CHECK_RC(neq_grid_run(g, &o, &done), NEQ_OK);
    CHECK(done == 12 && r.n == 0);
    o.start = 13;
    CHECK_RC(neq_grid_run(g, &o, &done), NEQ_EINVAL);
    o.start = -1;
    CHECK_RC(neq_grid_run(g, &o, &done), NEQ_EINVAL);
    o.start = 0;
    o.threads = 0;
    CHECK_RC(neq_grid_run(g, &o, &done), NEQ_EINVAL);
    o.threads = 1;
    o.row = NULL;
    CHECK_RC(neq_grid_run(g, &o, &done), NEQ_EINVAL);
    CHECK(r.n == 0);
    /* a row callback's nonzero status stops the run with that status */
    for (int threads = 1; threads <= 2; threads++) {
        record_init(&r, g, k1, k2);
        r.fail_at = 3;
        r.fail_rc = 42;
        o = options(&r, threads, 0);
        done = -1;
        CHECK_RC(neq_grid_run(g, &o, &done), 42);
        CHECK(r.n == 4); /* rows 0..3 seen, nothing after the refusing one */
        CHECK(done == 3 || done == 4);
    }
    neq_grid_free(g);
    neq_params_free(base);
}

static void failing_points(void)
{
    /* baths, local master equation: eps1 = 0 is in range but has no
     * transition frequency; point 2 (eps1 = 0, T1 = 0.7) fails */
    const neq_model *m = neq_model_lookup("baths");
    neq_params *base = NULL;
    CHECK_RC(neq_params_alloc(m, &base), NEQ_OK);
    CHECK_RC(neq_params_set_text(base, "me", "local"), NEQ_OK);
    int ke = neq_model_param_index(m, "eps1"), kT = neq_model_param_index(m, "T1");
    const double eps[3] = {0.5, 0.0, 0.25}, T[2] = {0.7, 1.3};
    neq_grid *g = NULL;
    CHECK_RC(neq_grid_alloc(base, &g), NEQ_OK);
    CHECK_RC(neq_grid_add_axis(g, "eps1", eps, 3), NEQ_OK);
    CHECK_RC(neq_grid_add_axis(g, "T1", T, 2), NEQ_OK);
    /* eps1 = 0 passes the range check: the failure is the evaluation's */
    CHECK_RC(neq_param_check(neq_model_param(m, ke), 0.0), NEQ_OK);
    const long chunks[2] = {0, 1};
    for (int c = 0; c < 2; c++)
        for (int threads = 1; threads <= 2; threads++) {
            static record r;
            record_init(&r, g, ke, kT);
            neq_grid_options o = options(&r, threads, chunks[c]);
            long done = -1;
            CHECK_RC(neq_grid_run(g, &o, &done), NEQ_EDIVERGE);
            const char *det = neq_errdetail();
            CHECK(done == 2 && r.n == 2);
            CHECK(r.n < 1 || r.idx[0] == 0);
            CHECK(r.n < 2 || r.idx[1] == 1);
            CHECK(strstr(det, "eps1 = 0 ") != NULL);
            CHECK(strstr(det, "T1 = 0.7 ") != NULL);
            CHECK(strstr(det, "point 3") != NULL); /* the third point, counted from 1 */
            if (!strstr(det, "eps1 = 0 "))
                fprintf(stderr, "  detail: %s\n", det);
        }
    neq_grid_free(g);
    neq_params_free(base);

    /* body: the qubits coincide at z2 = z1 = 1 um with r12 = 0; the plan
     * of point 1 cannot be built */
    m = neq_model_lookup("body");
    CHECK_RC(neq_params_alloc(m, &base), NEQ_OK);
    CHECK_RC(neq_params_set_text(base, "r12", "0"), NEQ_OK);
    CHECK_RC(neq_params_set_text(base, "z1", "1um"), NEQ_OK);
    int kz = neq_model_param_index(m, "z2"), kTM = neq_model_param_index(m, "TM");
    const double z2[3] = {1.2e-6, 1e-6, 0.8e-6};
    CHECK_RC(neq_grid_alloc(base, &g), NEQ_OK);
    CHECK_RC(neq_grid_add_axis(g, "z2", z2, 3), NEQ_OK);
    for (int threads = 1; threads <= 2; threads++) {
        static record r;
        record_init(&r, g, kz, kTM);
        neq_grid_options o = options(&r, threads, 0);
        long done = -1;
        CHECK_RC(neq_grid_run(g, &o, &done), NEQ_EDOMAIN);
        const char *det = neq_errdetail();
        CHECK(done == 1 && r.n == 1);
        CHECK(strstr(det, "z2 = 1e-06 m") != NULL);
        CHECK(strstr(det, "point 2") != NULL);
        if (!strstr(det, "z2 = 1e-06 m"))
            fprintf(stderr, "  detail: %s\n", det);
        CHECK(r.eval_ok);
    }
    neq_grid_free(g);
    neq_params_free(base);
}

/* a small body grid: the plan of each geometry serves points that are not
 * adjacent (TM outermost), on 2 threads; rows equal neq_eval_once */
static void body_grid(void)
{
    const neq_model *m = neq_model_lookup("body");
    neq_params *base = NULL;
    CHECK_RC(neq_params_alloc(m, &base), NEQ_OK);
    int kz = neq_model_param_index(m, "z2"), kTM = neq_model_param_index(m, "TM");
    const double TM[3] = {300, 1000, 2500}, z2[2] = {0.7e-6, 1.4e-6};
    neq_grid *g = NULL;
    CHECK_RC(neq_grid_alloc(base, &g), NEQ_OK);
    CHECK_RC(neq_grid_add_axis(g, "TM", TM, 3), NEQ_OK);
    CHECK_RC(neq_grid_add_axis(g, "z2", z2, 2), NEQ_OK);
    neq_grid_cost c;
    CHECK_RC(neq_grid_estimate(g, 0, &c), NEQ_OK);
    CHECK(c.npoints == 6 && c.nplans == 2);
    for (long chunk = 1; chunk <= 4; chunk += 3) {
        static record r;
        record_init(&r, g, kTM, kz);
        neq_grid_options o = options(&r, 2, chunk);
        long done = -1;
        CHECK_RC(neq_grid_run(g, &o, &done), NEQ_OK);
        CHECK(done == 6 && r.n == 6);
        for (long i = 0; i < 6 && i < r.n; i++) {
            CHECK(r.idx[i] == i);
            CHECK(r.T[i][0] == TM[i / 2] && r.T[i][1] == z2[i % 2]);
        }
        CHECK(r.eval_ok && r.points_ok);
    }
    neq_grid_free(g);
    neq_params_free(base);
}

static void estimates(void)
{
    const neq_model *m = neq_model_lookup("body");
    neq_params *base = NULL;
    CHECK_RC(neq_params_alloc(m, &base), NEQ_OK);
    /* sanity of the premise: z1, z2 are setup parameters, TM is not */
    CHECK(neq_model_param(m, neq_model_param_index(m, "z2"))->setup == 1);
    CHECK(neq_model_param(m, neq_model_param_index(m, "z1"))->setup == 1);
    CHECK(neq_model_param(m, neq_model_param_index(m, "TM"))->setup == 0);
    const double z[7] = {0.5e-6, 0.8e-6, 1e-6, 1.5e-6, 2e-6, 2.5e-6, 3e-6};
    const double zz[7] = {0.6e-6, 0.9e-6, 1.1e-6, 1.6e-6, 2.1e-6, 2.6e-6, 3.1e-6};
    const double TM[7] = {100, 200, 300, 500, 800, 1300, 2100};
    struct {
        const char *a[3];
        int len[3];
        int linked[3];
        long npoints, nplans;
    } cases[] = {
        {{"z2", "TM", NULL}, {5, 7, 0}, {0, 0, 0}, 35, 5},
        {{"TM", "z2", NULL}, {7, 5, 0}, {0, 0, 0}, 35, 5},
        {{"z2", "z1", "TM"}, {5, 3, 2}, {0, 0, 0}, 30, 15},
        {{"TM", "z1", "z2"}, {2, 3, 5}, {0, 0, 0}, 30, 15},
        {{"z2", "z1", "TM"}, {5, 5, 3}, {0, 1, 0}, 15, 5},  /* z1 linked to z2 */
        {{"TM", "z2", NULL}, {7, 7, 0}, {0, 1, 0}, 7, 7},   /* z2 linked to TM */
        {{"TM", NULL, NULL}, {7, 0, 0}, {0, 0, 0}, 7, 1},
        {{NULL, NULL, NULL}, {0, 0, 0}, {0, 0, 0}, 1, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        neq_grid *g = NULL;
        CHECK_RC(neq_grid_alloc(base, &g), NEQ_OK);
        for (int a = 0; a < 3 && cases[i].a[a]; a++) {
            const char *name = cases[i].a[a];
            const double *v = !strcmp(name, "TM") ? TM : !strcmp(name, "z1") ? zz : z;
            if (cases[i].linked[a])
                CHECK_RC(neq_grid_add_linked_axis(g, name, v, cases[i].len[a]), NEQ_OK);
            else
                CHECK_RC(neq_grid_add_axis(g, name, v, cases[i].len[a]), NEQ_OK);
        }
        neq_grid_cost c;
        memset(&c, 0xff, sizeof c);
        CHECK_RC(neq_grid_estimate(g, 0, &c), NEQ_OK);
        CHECK(c.npoints == cases[i].npoints && neq_grid_npoints(g) == cases[i].npoints);
        CHECK(c.nplans == cases[i].nplans);
        if (c.nplans != cases[i].nplans)
            fprintf(stderr, "  case %zu: nplans %ld, expected %ld\n", i, c.nplans, cases[i].nplans);
        CHECK(c.plans_alive >= 1 && c.plans_alive <= c.nplans);
        CHECK(c.plan_bytes > 0 && c.bytes >= c.plans_alive * c.plan_bytes);
        neq_grid_free(g);
    }
    /* the baths model has no setup parameter: one plan whatever the axes */
    neq_params_free(base);
    CHECK_RC(neq_params_alloc(neq_model_lookup("baths"), &base), NEQ_OK);
    neq_grid *g = grid_3x4(base);
    neq_grid_cost c;
    CHECK_RC(neq_grid_estimate(g, 0, &c), NEQ_OK);
    CHECK(c.npoints == 12 && c.nplans == 1 && c.plans_alive == 1);
    /* a run whose estimate exceeds max_bytes is refused before it starts */
    static record r;
    record_init(&r, g, 0, 1);
    neq_grid_options o = options(&r, 1, 0);
    o.max_bytes = 0.5 * c.bytes;
    long done = -1;
    CHECK_RC(neq_grid_run(g, &o, &done), NEQ_ENOMEM);
    CHECK(r.n == 0 && done == 0);
    neq_grid_free(g);
    neq_params_free(base);
}

int main(void)
{
    order_and_values();
    batch_callback();
    linked_axes();
    stop_and_start();
    failing_points();
    body_grid();
    estimates();
    return check_report("grid");
}
