/* GKSL generator in Kossakowski form (include/neqent/master.h). */
#include "internal_master.h"
#include "neqent/linalg.h"

#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int neq_gksl_alloc(int dim, neq_gksl **out)
{
    neq_clear_error();
    if (!out)
        return neq_fail(NEQ_EINVAL, "neq_gksl_alloc: out is NULL");
    *out = NULL;
    if (dim < 1 || dim > NEQ_GKSL_MAX_DIM)
        return neq_fail(NEQ_EDIM, "Hilbert-space dimension %d outside 1..%d", dim,
                        NEQ_GKSL_MAX_DIM);
    neq_gksl *g = calloc(1, sizeof *g);
    if (!g)
        return neq_fail(NEQ_ENOMEM, "neq_gksl_alloc: no memory");
    g->d = dim;
    g->completely_positive = 1;
    g->H = calloc((size_t)dim * dim, sizeof *g->H);
    if (!g->H) {
        free(g);
        return neq_fail(NEQ_ENOMEM, "neq_gksl_alloc: no memory");
    }
    *out = g;
    return NEQ_OK;
}

void neq_gksl_free(neq_gksl *g)
{
    if (!g)
        return;
    for (int k = 0; k < g->njumps; k++)
        free(g->jumps[k].op);
    free(g->jumps);
    for (int k = 0; k < g->ngh; k++)
        free(g->gh[k].op);
    free(g->gh);
    free(g->H);
    free(g);
}

int neq_gksl_dim(const neq_gksl *g) { return g ? g->d : 0; }
int neq_gksl_ngroups(const neq_gksl *g) { return g ? g->ngroups : 0; }
const double complex *neq_gksl_hamiltonian(const neq_gksl *g) { return g ? g->H : NULL; }

int neq_gksl_reserve_groups(neq_gksl *g, int ngroups)
{
    neq_clear_error();
    if (!g || ngroups < 0)
        return neq_fail(NEQ_EINVAL, "neq_gksl_reserve_groups: bad arguments");
    if (ngroups > g->ngroups)
        g->ngroups = ngroups;
    return NEQ_OK;
}

int neq_gksl_complete(int rc, neq_gksl *g, int ngroups, neq_gksl **out)
{
    if (rc == 0) /* a failure passed in keeps the detail its caller wrote */
        neq_clear_error();
    if (rc == 0 && !out)
        rc = neq_fail(NEQ_EINVAL, "neq_gksl_complete: out is NULL");
    if (rc == 0)
        rc = neq_gksl_reserve_groups(g, ngroups);
    if (rc) {
        neq_gksl_free(g);
        return rc;
    }
    *out = g;
    return NEQ_OK;
}

int neq_gksl_set_hamiltonian(neq_gksl *g, const double complex *H)
{
    neq_clear_error();
    if (!g || !H)
        return neq_fail(NEQ_EINVAL, "neq_gksl_set_hamiltonian: NULL argument");
    NEQ_TRY(neq_check_hermitian(g->d, H, 1e-12, "Hamiltonian"));
    memcpy(g->H, H, sizeof *H * (size_t)g->d * g->d);
    neq_mat_hermitize(g->d, g->H);
    return NEQ_OK;
}

int neq_gksl_is_completely_positive(const neq_gksl *g) { return g ? g->completely_positive : 0; }

/* Entries of a jump operator within rounding of its largest are noise (a
 * change of basis leaves ~1e-16 of every channel everywhere): zeroed, so
 * that a symmetry of the generator stays exact and its blocks separate.
 * Kept, they couple a rate of 1e-6 to a coherence rotating at 1e9 with
 * weight 1e-16 Gamma_S, which no solve can tell from the rate. */
static void drop_rounding(int dd, double complex *op)
{
    double mx2 = 0; /* squared moduli: no hypot per entry on the hot path */
    for (int k = 0; k < dd; k++)
    {
        double a2 = creal(op[k]) * creal(op[k]) + cimag(op[k]) * cimag(op[k]);
        mx2 = a2 > mx2 ? a2 : mx2;
    }
    double cut2 = NEQ_JUMP_FLOOR * NEQ_JUMP_FLOOR * mx2;
    for (int k = 0; k < dd; k++)
        if (creal(op[k]) * creal(op[k]) + cimag(op[k]) * cimag(op[k]) <= cut2)
            op[k] = 0;
}

static int push_jump(neq_gksl *g, int group, double sign, double complex *op)
{
    drop_rounding(g->d * g->d, op);
    if (g->njumps == g->capjumps) {
        int cap = g->capjumps ? 2 * g->capjumps : 8;
        neq_jump *j = realloc(g->jumps, sizeof *j * (size_t)cap);
        if (!j) {
            free(op);
            return neq_fail(NEQ_ENOMEM, "no memory for jump operators");
        }
        g->jumps = j;
        g->capjumps = cap;
    }
    g->jumps[g->njumps++] = (neq_jump){group, sign, op};
    if (group + 1 > g->ngroups)
        g->ngroups = group + 1;
    return NEQ_OK;
}

int neq_gksl_add_jump(neq_gksl *g, int group, double rate, const double complex *L)
{
    neq_clear_error();
    if (!g || !L)
        return neq_fail(NEQ_EINVAL, "neq_gksl_add_jump: NULL argument");
    if (group < 0)
        return neq_fail(NEQ_EINVAL, "dissipator group %d is negative", group);
    if (!isfinite(rate))
        return neq_fail(NEQ_ENAN, "rate = %g is not finite", rate);
    if (rate < 0)
        return neq_fail(NEQ_ENEGRATE, "rate = %g is negative", rate);
    int dd = g->d * g->d;
    NEQ_TRY(neq_check_finite(dd, L, "jump operator"));
    double complex *op = malloc(sizeof *op * (size_t)dd);
    if (!op)
        return neq_fail(NEQ_ENOMEM, "no memory for a jump operator");
    double s = sqrt(rate);
    for (int k = 0; k < dd; k++)
        op[k] = s * L[k];
    return push_jump(g, group, 1.0, op);
}

int neq_kossakowski_diag(int m, const double complex *gamma, double neg_tol, double *w,
                         double complex *U, int *nkeep)
{
    neq_clear_error();
    if (m < 1 || !gamma || !w || !U || !nkeep || !(neg_tol >= 0))
        return neq_fail(NEQ_EINVAL, "neq_kossakowski_diag: bad arguments");
    NEQ_TRY(neq_check_hermitian(m, gamma, 1e-12, "Kossakowski rate matrix"));
    NEQ_TRY(neq_herm_eig(m, gamma, w, U));
    double scale = 0;
    for (int k = 0; k < m; k++)
        scale = fmax(scale, fabs(w[k]));
    int keep = 0;
    for (int k = 0; k < m; k++) {
        /* a rate matrix from a quadrature is positive semidefinite only to
         * its accuracy: small negative eigenvalues (down to -neg_tol of the
         * largest) are rounding, dropped like the zero ones */
        if (w[k] < -neg_tol * scale)
            return neq_fail(NEQ_ENEGRATE, "Kossakowski rate matrix is not positive semidefinite "
                                          "(eigenvalue %g of %g)", w[k], scale);
        if (fabs(w[k]) <= 1e-14 * scale || (w[k] < 0 && isfinite(neg_tol)))
            continue;
        w[keep] = w[k];
        if (keep != k)
            memmove(U + (size_t)keep * m, U + (size_t)k * m, sizeof *U * (size_t)m);
        keep++;
    }
    *nkeep = keep;
    return NEQ_OK;
}

static int add_kossakowski(neq_gksl *g, int group, int m, const double complex *const *A,
                           const double complex *gamma, double neg_tol)
{
    if (!g || !A || !gamma)
        return neq_fail(NEQ_EINVAL, "neq_gksl_add_kossakowski: NULL argument");
    if (group < 0)
        return neq_fail(NEQ_EINVAL, "dissipator group %d is negative", group);
    if (m < 1 || m > 4 * NEQ_MAX_DIM * NEQ_MAX_DIM)
        return neq_fail(NEQ_EDIM, "Kossakowski matrix size m = %d is invalid", m);
    int dd = g->d * g->d;
    for (int a = 0; a < m; a++) {
        if (!A[a])
            return neq_fail(NEQ_EINVAL, "operator A[%d] is NULL", a);
        NEQ_TRY(neq_check_finite(dd, A[a], "Kossakowski operator"));
    }
    double *w = malloc(sizeof *w * (size_t)m);
    double complex *U = malloc(sizeof *U * (size_t)m * m);
    if (!w || !U) {
        free(w);
        free(U);
        return neq_fail(NEQ_ENOMEM, "no memory for the Kossakowski matrix");
    }
    int nk = 0;
    int rc = neq_kossakowski_diag(m, gamma, neg_tol, w, U, &nk);
    /* gamma = U D U^+  =>  L_k = sqrt(|D_k|) sum_b conj(U_bk) A_b with the
     * sign of D_k (internal_master.h) */
    for (int k = 0; rc == 0 && k < nk; k++) {
        double complex *op = calloc((size_t)dd, sizeof *op);
        if (!op) {
            rc = neq_fail(NEQ_ENOMEM, "no memory for a jump operator");
            break;
        }
        double s = sqrt(fabs(w[k]));
        for (int b = 0; b < m; b++) {
            double complex c = s * conj(NEQ_AT(U, m, b, k));
            if (c != 0)
                for (int p = 0; p < dd; p++)
                    op[p] += c * A[b][p];
        }
        rc = push_jump(g, group, w[k] > 0 ? 1.0 : -1.0, op);
        if (rc == 0 && w[k] < 0)
            g->completely_positive = 0;
    }
    if (rc == 0 && group + 1 > g->ngroups)
        g->ngroups = group + 1;
    free(w);
    free(U);
    return rc;
}

int neq_gksl_add_kossakowski(neq_gksl *g, int group, int m, const double complex *const *A,
                             const double complex *gamma)
{
    neq_clear_error();
    return add_kossakowski(g, group, m, A, gamma, 1e-12);
}

int neq_gksl_add_kossakowski_tol(neq_gksl *g, int group, int m, const double complex *const *A,
                                 const double complex *gamma, double neg_tol)
{
    neq_clear_error();
    if (!(neg_tol >= 0) || isinf(neg_tol))
        return neq_fail(NEQ_EINVAL, "negative-eigenvalue tolerance %g must be finite and >= 0",
                        neg_tol);
    return add_kossakowski(g, group, m, A, gamma, neg_tol);
}

int neq_gksl_add_kossakowski_indefinite(neq_gksl *g, int group, int m,
                                        const double complex *const *A,
                                        const double complex *gamma)
{
    neq_clear_error();
    return add_kossakowski(g, group, m, A, gamma, INFINITY);
}

int neq_gksl_add_group_hamiltonian(neq_gksl *g, int group, const double complex *Hg)
{
    neq_clear_error();
    if (!g || !Hg)
        return neq_fail(NEQ_EINVAL, "neq_gksl_add_group_hamiltonian: NULL argument");
    if (group < 0)
        return neq_fail(NEQ_EINVAL, "dissipator group %d is negative", group);
    NEQ_TRY(neq_check_hermitian(g->d, Hg, 1e-12, "group Hamiltonian"));
    size_t dd = (size_t)g->d * g->d;
    double complex *op = malloc(sizeof *op * dd);
    neq_group_hamiltonian *gh = realloc(g->gh, sizeof *gh * (size_t)(g->ngh + 1));
    if (!op || !gh) {
        free(op);
        if (gh)
            g->gh = gh;
        return neq_fail(NEQ_ENOMEM, "no memory for a group Hamiltonian");
    }
    memcpy(op, Hg, sizeof *op * dd);
    neq_mat_hermitize(g->d, op);
    g->gh = gh;
    g->gh[g->ngh++] = (neq_group_hamiltonian){group, op};
    if (group + 1 > g->ngroups)
        g->ngroups = group + 1;
    return NEQ_OK;
}

int neq_gksl_apply(const neq_gksl *g, int group, const double complex *rho, double complex *out)
{
    neq_clear_error();
    if (!g || !rho || !out)
        return neq_fail(NEQ_EINVAL, "neq_gksl_apply: NULL argument");
    int d = g->d, dd = d * d;
    double complex *t1 = malloc(sizeof *t1 * 3 * (size_t)dd);
    if (!t1)
        return neq_fail(NEQ_ENOMEM, "neq_gksl_apply: no memory");
    double complex *t2 = t1 + dd, *LdL = t2 + dd;
    memset(out, 0, sizeof *out * (size_t)dd);
    if (group < 0) { /* -i[H, rho] */
        neq_mat_mul(d, g->H, rho, t1);
        neq_mat_mul(d, rho, g->H, t2);
        for (int p = 0; p < dd; p++)
            out[p] = -I * (t1[p] - t2[p]);
    }
    for (int k = 0; k < g->ngh; k++) {
        if (group >= 0 && g->gh[k].group != group)
            continue;
        neq_mat_mul(d, g->gh[k].op, rho, t1);
        neq_mat_mul(d, rho, g->gh[k].op, t2);
        for (int p = 0; p < dd; p++)
            out[p] += -I * (t1[p] - t2[p]);
    }
    for (int k = 0; k < g->njumps; k++) {
        if (group >= 0 && g->jumps[k].group != group)
            continue;
        const double complex *Lk = g->jumps[k].op;
        double sg = g->jumps[k].sign;
        neq_mat_mul(d, Lk, rho, t1);            /* L rho */
        neq_mat_adjoint(d, Lk, LdL);
        neq_mat_mul(d, t1, LdL, t2);            /* L rho L^+ */
        neq_mat_mul_adj_left(d, Lk, Lk, LdL);   /* L^+ L */
        for (int p = 0; p < dd; p++)
            out[p] += sg * t2[p];
        neq_mat_mul(d, LdL, rho, t1);
        neq_mat_mul(d, rho, LdL, t2);
        for (int p = 0; p < dd; p++)
            out[p] -= sg * 0.5 * (t1[p] + t2[p]);
    }
    free(t1);
    return NEQ_OK;
}
