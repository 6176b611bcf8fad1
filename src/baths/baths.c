/* Two qubits, two baths (include/neqent/baths.h; Quiroga et al. 2007). */
#include "neqent/baths.h"
#include "../core/internal.h"
#include "neqent/linalg.h"
#include "neqent/qinfo.h"
#include "neqent/thermal.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <math.h>
#include <string.h>

static const char *const me_names[] = {"global", "local", "redfield", "unified"};
#define NME 4

const char *neq_me_name(neq_me_kind me)
{
    return (unsigned)me < NME ? me_names[me] : NULL;
}

int neq_me_parse(const char *name, neq_me_kind *me)
{
    neq_clear_error();
    for (int k = 0; name && k < NME; k++)
        if (strcmp(name, me_names[k]) == 0) {
            *me = (neq_me_kind)k;
            return NEQ_OK;
        }
    return neq_fail(NEQ_EINVAL, "unknown master equation '%s' (global, local, redfield or unified)",
                    name ? name : "(null)");
}

void neq_baths_default(neq_baths_params *p)
{
    *p = (neq_baths_params){.eps1 = 1.0 / 3.0, .eps2 = 1.0 / 3.0, .K = 1.0, .Kp = 0.0,
                            .T1 = 1.5, .T2 = 0.5, .gamma1 = 1.0, .gamma2 = 1.0,
                            .spectral = NEQ_SPECTRAL_FLAT, .cutoff = 10.0, .lambda = 0.01,
                            .me = NEQ_ME_GLOBAL};
}

/* sign: 0 any, 1 >= 0, 2 > 0 */
static int check_real(double v, const char *name, int sign)
{
    if (isnan(v))
        return neq_fail(NEQ_ENAN, "%s is NaN", name);
    if (isinf(v))
        return neq_fail(NEQ_EDOMAIN, "%s = %g is not finite", name, v);
    if (sign == 1 && v < 0)
        return neq_fail(NEQ_EDOMAIN, "%s = %g must be >= 0", name, v);
    if (sign == 2 && !(v > 0))
        return neq_fail(NEQ_EDOMAIN, "%s = %g must be > 0 (the entropy production diverges at "
                                     "T = 0)", name, v);
    return NEQ_OK;
}

int neq_baths_validate(const neq_baths_params *p)
{
    neq_clear_error();
    if (!p)
        return neq_fail(NEQ_EINVAL, "parameters are NULL");
    NEQ_TRY(check_real(p->eps1, "eps1", 0));
    NEQ_TRY(check_real(p->eps2, "eps2", 0));
    NEQ_TRY(check_real(p->K, "K", 0));
    NEQ_TRY(check_real(p->Kp, "K'", 0));
    NEQ_TRY(check_real(p->T1, "T1", 2));
    NEQ_TRY(check_real(p->T2, "T2", 2));
    NEQ_TRY(check_real(p->gamma1, "gamma1", 1));
    NEQ_TRY(check_real(p->gamma2, "gamma2", 1));
    if (p->spectral == NEQ_SPECTRAL_OHMIC || p->spectral == NEQ_SPECTRAL_DRUDE) {
        NEQ_TRY(check_real(p->cutoff, "cutoff", 1));
        if (p->cutoff == 0)
            return neq_fail(NEQ_EDOMAIN, "cutoff = 0 must be > 0");
        if (p->spectral == NEQ_SPECTRAL_DRUDE)
            NEQ_TRY(check_real(p->lambda, "lambda", 1));
    } else if (p->spectral != NEQ_SPECTRAL_FLAT)
        return neq_fail(NEQ_EINVAL, "unknown spectral density %d", (int)p->spectral);
    if (p->lamb_shift != 0 && p->lamb_shift != 1)
        return neq_fail(NEQ_EINVAL, "lamb_shift = %d must be 0 or 1", p->lamb_shift);
    if (p->lamb_shift && p->spectral == NEQ_SPECTRAL_FLAT && (p->gamma1 > 0 || p->gamma2 > 0))
        return neq_fail(NEQ_EDIVERGE, "lamb_shift: the Lamb shift of a flat spectral density "
                                      "diverges at T > 0 (J n(w) ~ gamma T/w as w -> 0): use "
                                      "--spectral ohmic");
    if (!neq_me_name(p->me))
        return neq_fail(NEQ_EINVAL, "unknown master equation %d", (int)p->me);
    return NEQ_OK;
}

int neq_baths_hamiltonian(const neq_baths_params *p, double complex *Q)
{
    neq_clear_error();
    NEQ_TRY(neq_baths_validate(p));
    if (!Q)
        return neq_fail(NEQ_EINVAL, "Q is NULL");
    /* Quiroga eq. (5): sum_a eps_a/2 sz_a + K (s1+ s2- + s1- s2+) + K' sz1 sz2,
     * sz|1> = +|1> (|1> excited), basis |00>,|01>,|10>,|11>. */
    memset(Q, 0, sizeof *Q * 16);
    double e1 = p->eps1, e2 = p->eps2;
    NEQ_AT(Q, 4, 0, 0) = -(e1 + e2) / 2 + p->Kp;
    NEQ_AT(Q, 4, 1, 1) = (-e1 + e2) / 2 - p->Kp;
    NEQ_AT(Q, 4, 2, 2) = (e1 - e2) / 2 - p->Kp;
    NEQ_AT(Q, 4, 3, 3) = (e1 + e2) / 2 + p->Kp;
    NEQ_AT(Q, 4, 1, 2) = p->K; /* <01| s1- s2+ |10> */
    NEQ_AT(Q, 4, 2, 1) = p->K; /* <10| s1+ s2- |01> */
    return NEQ_OK;
}

int neq_baths_eigensystem(const neq_baths_params *p, neq_baths_eigen *e)
{
    neq_clear_error();
    NEQ_TRY(neq_baths_validate(p));
    if (!e)
        return neq_fail(NEQ_EINVAL, "eigensystem is NULL");
    double d = p->eps1 - p->eps2;
    e->alpha = sqrt(p->K * p->K + d * d / 4);
    e->theta = atan2(2 * p->K, d); /* tan(theta) = 2K/(eps1 - eps2) */
    e->E[0] = -(p->eps1 + p->eps2) / 2 + p->Kp;
    e->E[1] = (p->eps1 + p->eps2) / 2 + p->Kp;
    e->E[2] = e->alpha - p->Kp;
    e->E[3] = -e->alpha - p->Kp;
    double c = cos(e->theta / 2), s = sin(e->theta / 2);
    memset(e->V, 0, sizeof e->V);
    NEQ_AT(e->V, 4, 0, 0) = 1; /* s1 = |00> */
    NEQ_AT(e->V, 4, 3, 1) = 1; /* s2 = |11> */
    NEQ_AT(e->V, 4, 2, 2) = c; /* s3 = cos|10> + sin|01> */
    NEQ_AT(e->V, 4, 1, 2) = s;
    NEQ_AT(e->V, 4, 2, 3) = -s; /* s4 = -sin|10> + cos|01> */
    NEQ_AT(e->V, 4, 1, 3) = c;
    return NEQ_OK;
}

/* sigma_x of qubit q (0 or 1): the coupling operator of eq. (6) (its
 * rotating-wave form gives the same secular generator because Q conserves
 * the number of excitations). */
static void sigma_x(int q, double complex *X)
{
    memset(X, 0, sizeof *X * 16);
    for (int s = 0; s < 4; s++)
        NEQ_AT(X, 4, s ^ (q == 0 ? 2 : 1), s) = 1; /* qubit 1 is the high bit */
}

static void spectral(const neq_baths_params *p, int j, neq_spectral_density *J)
{
    double g = j == 0 ? p->gamma1 : p->gamma2;
    *J = (neq_spectral_density){p->spectral, p->spectral == NEQ_SPECTRAL_DRUDE ? g * p->lambda : g,
                                p->cutoff};
}

static int local_lamb_shift(const neq_spectral_density *J, double T, double w,
                            const double complex *down, const double complex *up, neq_gksl *g,
                            int j)
{
    double Sp, Sm;
    NEQ_TRY(neq_lamb_shift(J, T, w, &Sp));
    NEQ_TRY(neq_lamb_shift(J, T, -w, &Sm));
    double complex a[16], b[16];
    neq_mat_mul(4, up, down, a);
    neq_mat_mul(4, down, up, b);
    for (int q = 0; q < 16; q++)
        a[q] = Sp * a[q] + Sm * b[q];
    return neq_gksl_add_group_hamiltonian(g, j, a);
}

/* Local ME: bath j damps qubit j alone, at its bare frequency |eps_j|, with
 * the lowering operator of the local Hamiltonian eps_j/2 sz_j. */
static int local_generator(const neq_baths_params *p, const double complex *Q, neq_gksl **out)
{
    neq_gksl *g = NULL;
    NEQ_TRY(neq_gksl_alloc(4, &g));
    int rc = neq_gksl_set_hamiltonian(g, Q);
    for (int j = 0; rc == 0 && j < 2; j++) {
        double eps = j == 0 ? p->eps1 : p->eps2, T = j == 0 ? p->T1 : p->T2;
        double w = fabs(eps), Jw, n;
        if (w == 0) {
            rc = neq_fail(NEQ_EDIVERGE, "local master equation: eps%d = 0 leaves qubit %d "
                                        "without a transition frequency", j + 1, j + 1);
            break;
        }
        neq_spectral_density J;
        spectral(p, j, &J);
        rc = neq_spectral_eval(&J, w, &Jw);
        if (rc == 0)
            rc = neq_bose_einstein(w, T, &n);
        if (rc)
            break;
        double complex lo[16] = {0}, hi[16];
        int bit = j == 0 ? 2 : 1;
        for (int s = 0; s < 4; s++)
            if (s & bit)
                NEQ_AT(lo, 4, s ^ bit, s) = 1; /* sigma_j^- */
        neq_mat_adjoint(4, lo, hi);
        const double complex *down = eps > 0 ? lo : hi, *up = eps > 0 ? hi : lo;
        rc = neq_gksl_add_jump(g, j, Jw * (1 + n), down);
        if (rc == 0 && n > 0)
            rc = neq_gksl_add_jump(g, j, Jw * n, up);
        if (rc == 0 && p->lamb_shift) /* S(w) up down + S(-w) down up, on qubit j alone */
            rc = local_lamb_shift(&J, T, w, down, up, g, j);
    }
    return neq_gksl_complete(rc, g, 2, out); /* both baths own a group */
}

/* Bloch-Redfield without the secular approximation.  With X_j = sum_w
 * A_j(w) over all Bohr frequencies w (both signs, and 0) and Gamma(w) =
 * gamma(w)/2 + i S(w) (S the Lamb shift with p->lamb_shift, else 0),
 *   D_j(rho) = sum_{w,w'} Gamma(w) [A(w) rho A(w')^+ - A(w')^+ A(w) rho] + h.c.
 *            = sum_{w,w'} c_{w'w} (A(w) rho A(w')^+ - 1/2 {A(w')^+ A(w), rho})
 *              - i [Ka, rho],
 * c_{w'w} = Gamma(w) + Gamma(w')^* (Hermitian, indefinite in general),
 * Ka = sum_{w,w'} (Gamma(w) - Gamma(w')^*)/(2i) A(w')^+ A(w)  (docs/physics.md). */
static int redfield_generator(const neq_baths_params *p, const double complex *Q, neq_gksl **out)
{
    neq_baths_eigen e;
    NEQ_TRY(neq_baths_eigensystem(p, &e));
    neq_gksl *g = NULL;
    NEQ_TRY(neq_gksl_alloc(4, &g));
    int rc = neq_gksl_set_hamiltonian(g, Q);
    double tol = 1e-9 * (1 + fabs(e.E[0]) + fabs(e.E[1]) + fabs(e.E[2]) + fabs(e.E[3]));
    for (int j = 0; rc == 0 && j < 2; j++) {
        double complex X[16], t[16], Xe[16];
        sigma_x(j, X);
        neq_mat_mul(4, X, e.V, t);
        neq_mat_mul_adj_left(4, e.V, t, Xe); /* X in the eigenbasis */
        /* distinct Bohr frequencies w = E_b - E_a of the nonzero elements */
        double wlist[16];
        int nw = 0;
        for (int b = 0; b < 4; b++)
            for (int a = 0; a < 4; a++) {
                if (cabs(NEQ_AT(Xe, 4, a, b)) < 1e-15)
                    continue;
                double w = e.E[b] - e.E[a];
                int found = 0;
                for (int k = 0; k < nw; k++)
                    if (fabs(wlist[k] - w) <= tol)
                        found = 1;
                if (!found)
                    wlist[nw++] = w;
            }
        double complex Aop[16][16], *ops[16], Gam[16];
        neq_spectral_density J;
        spectral(p, j, &J);
        double T = j == 0 ? p->T1 : p->T2;
        for (int k = 0; rc == 0 && k < nw; k++) {
            double complex Ae[16] = {0};
            for (int b = 0; b < 4; b++)
                for (int a = 0; a < 4; a++)
                    if (fabs(e.E[b] - e.E[a] - wlist[k]) <= tol)
                        NEQ_AT(Ae, 4, a, b) = NEQ_AT(Xe, 4, a, b);
            neq_mat_mul(4, e.V, Ae, t);
            double complex Vd[16];
            neq_mat_adjoint(4, e.V, Vd);
            neq_mat_mul(4, t, Vd, Aop[k]);
            ops[k] = Aop[k];
            double w = wlist[k], Jw, n, gamma;
            if (fabs(w) <= tol) {
                rc = neq_spectral_zero_rate(&J, T, &gamma, NULL);
            } else {
                rc = neq_spectral_eval(&J, fabs(w), &Jw);
                if (rc == 0)
                    rc = neq_bose_einstein(fabs(w), T, &n);
                gamma = w > 0 ? Jw * (1 + n) : Jw * n;
            }
            double S = 0;
            if (rc == 0 && p->lamb_shift)
                rc = neq_lamb_shift(&J, T, fabs(w) <= tol ? 0 : w, &S);
            Gam[k] = gamma / 2 + I * S;
        }
        if (rc)
            break;
        double complex c[256], Ka[16] = {0};
        for (int b = 0; b < nw; b++)
            for (int a = 0; a < nw; a++) {
                c[a + nw * b] = Gam[b] + conj(Gam[a]); /* c_{w_a w_b}: A(w_b) rho A(w_a)^+ */
                double complex t2[16];
                neq_mat_mul_adj_left(4, ops[a], ops[b], t2); /* A(w_a)^+ A(w_b) */
                for (int q = 0; q < 16; q++)
                    Ka[q] += (Gam[b] - conj(Gam[a])) / (2 * I) * t2[q];
            }
        neq_mat_hermitize(4, Ka);
        rc = neq_gksl_add_kossakowski_indefinite(g, j, nw, (const double complex *const *)ops, c);
        if (rc == 0)
            rc = neq_gksl_add_group_hamiltonian(g, j, Ka);
    }
    return neq_gksl_complete(rc, g, 2, out); /* both baths own a group */
}

int neq_baths_generator(const neq_baths_params *p, neq_gksl **out)
{
    neq_clear_error();
    if (!out)
        return neq_fail(NEQ_EINVAL, "out is NULL");
    *out = NULL;
    double complex Q[16], X1[16], X2[16];
    NEQ_TRY(neq_baths_hamiltonian(p, Q));
    if (p->me == NEQ_ME_LOCAL)
        return local_generator(p, Q, out);
    if (p->me == NEQ_ME_REDFIELD)
        return redfield_generator(p, Q, out);
    sigma_x(0, X1);
    sigma_x(1, X2);
    neq_bath baths[2] = {{X1, {0}, p->T1}, {X2, {0}, p->T2}};
    spectral(p, 0, &baths[0].J);
    spectral(p, 1, &baths[1].J);
    if (p->me == NEQ_ME_UNIFIED) {
        double width;
        int nc;
        NEQ_TRY(neq_baths_unified_clusters(p, &width, &nc));
        if (p->lamb_shift)
            return neq_davies_build_lamb(4, Q, 2, baths, width, out);
        return neq_davies_build_clustered(4, Q, 2, baths, width, out, NULL);
    }
    if (p->lamb_shift)
        return neq_davies_build_lamb(4, Q, 2, baths, 0, out);
    return neq_davies_build(4, Q, 2, baths, 0, out);
}

int neq_baths_unified_clusters(const neq_baths_params *p, double *width, int *nclusters)
{
    neq_clear_error();
    if (!p || !width || !nclusters)
        return neq_fail(NEQ_EINVAL, "neq_baths_unified_clusters: NULL argument");
    double complex Q[16], V[16], X[16], t[16], Xe[16];
    double E[4], coupling = 0;
    NEQ_TRY(neq_baths_hamiltonian(p, Q));
    NEQ_TRY(neq_herm_eig(4, Q, E, V));
    for (int j = 0; j < 2; j++) {
        neq_spectral_density J;
        spectral(p, j, &J);
        sigma_x(j, X); /* the transitions bath j drives: <a|X_j|b> != 0 */
        neq_mat_mul(4, X, V, t);
        neq_mat_mul_adj_left(4, V, t, Xe);
        for (int a = 0; a < 4; a++)
            for (int b = 0; b < 4; b++) {
                double w = E[b] - E[a], v, n;
                if (w > 1e-9 * (1 + E[3] - E[0]) && cabs(Xe[a + 4 * b]) > 1e-12 &&
                    neq_spectral_eval(&J, w, &v) == 0 &&
                    neq_bose_einstein(w, j ? p->T2 : p->T1, &n) == 0)
                    coupling = fmax(coupling, v * (2 * n + 1));
            }
    }
    *width = NEQ_UNIFIED_FACTOR * coupling;
    /* the clusters themselves: as the builder makes them */
    double complex X1[16], X2[16];
    sigma_x(0, X1);
    sigma_x(1, X2);
    neq_bath baths[2] = {{X1, {0}, p->T1}, {X2, {0}, p->T2}};
    spectral(p, 0, &baths[0].J);
    spectral(p, 1, &baths[1].J);
    neq_gksl *g = NULL;
    NEQ_TRY(neq_davies_build_clustered(4, Q, 2, baths, *width, &g, nclusters));
    neq_gksl_free(g);
    return NEQ_OK;
}

int neq_baths_relaxation(const neq_baths_params *p, double *rate)
{
    neq_clear_error();
    if (!rate)
        return neq_fail(NEQ_EINVAL, "rate is NULL");
    neq_gksl *g = NULL;
    NEQ_TRY(neq_baths_generator(p, &g));
    int rc = neq_gksl_gap(g, rate);
    neq_gksl_free(g);
    return rc;
}

int neq_baths_e(double w, double T1, double T2, double *e)
{
    neq_clear_error();
    double n1, n2;
    NEQ_TRY(neq_bose_einstein(w, T1, &n1));
    NEQ_TRY(neq_bose_einstein(w, T2, &n2));
    *e = (n1 + n2) / (1 + n1 + n2);
    return NEQ_OK;
}

int neq_baths_steady(const neq_baths_params *p, neq_baths_result *r)
{
    neq_clear_error();
    if (!r)
        return neq_fail(NEQ_EINVAL, "result is NULL");
    memset(r, 0, sizeof *r);
    neq_gksl *g = NULL;
    neq_liouvillian *L = NULL;
    NEQ_TRY(neq_baths_generator(p, &g));
    r->completely_positive = neq_gksl_is_completely_positive(g);
    int rc = neq_liouvillian_alloc(g, &L);
    /* Redfield may yield a slightly non-positive state: accept and report */
    neq_steady_options opt = {1e-10, r->completely_positive ? 1e-10 : INFINITY};
    if (rc == 0)
        rc = neq_steady_state(L, &opt, NULL, r->rho, &r->info);
    if (rc == 0)
        rc = neq_heat_currents(L, r->rho, r->heat_current);
    neq_liouvillian_free(L);
    neq_gksl_free(g);
    NEQ_TRY(rc);
    NEQ_TRY(neq_baths_eigensystem(p, &r->eigen));
    double complex t[16];
    neq_mat_mul(4, r->rho, r->eigen.V, t);
    neq_mat_mul_adj_left(4, r->eigen.V, t, r->rho_eigen);
    NEQ_TRY(neq_concurrence(r->rho, &r->concurrence));
    NEQ_TRY(neq_purity(4, r->rho, &r->purity));
    r->linear_entropy = 4.0 / 3.0 * (1.0 - r->purity);
    NEQ_TRY(neq_von_neumann_entropy(4, r->rho, &r->von_neumann_entropy));
    NEQ_TRY(neq_negativity(2, 2, r->rho, &r->negativity, NULL));
    double T[2] = {p->T1, p->T2};
    NEQ_TRY(neq_entropy_production(2, r->heat_current, T, &r->entropy_production));
    /* Fig. 1 coordinates: symmetric, K' = 0 (then w1 = w4, w2 = w3) */
    double eps = p->eps1, aK = fabs(p->K);
    r->w1 = fabs(eps - aK);
    r->w2 = eps + aK;
    if (p->eps1 == p->eps2 && p->Kp == 0 && eps > 0 && aK > 0 && r->w1 > 0) {
        r->has_e = 1;
        NEQ_TRY(neq_baths_e(r->w1, p->T1, p->T2, &r->e1));
        NEQ_TRY(neq_baths_e(r->w2, p->T1, p->T2, &r->e2));
    }
    return NEQ_OK;
}

static int gibbs_unclamped(const neq_baths_params *p, double T, double *f)
{
    double complex Q[16], rho[16];
    NEQ_TRY(neq_baths_hamiltonian(p, Q));
    NEQ_TRY(neq_gibbs_state(4, Q, T, rho));
    return neq_concurrence_x_signed(rho, f);
}

int neq_baths_ceq(const neq_baths_params *p, double T, double *C)
{
    neq_clear_error();
    if (!C)
        return neq_fail(NEQ_EINVAL, "C is NULL");
    double complex Q[16], rho[16];
    NEQ_TRY(neq_baths_hamiltonian(p, Q));
    NEQ_TRY(neq_gibbs_state(4, Q, T, rho));
    return neq_concurrence(rho, C);
}

typedef struct {
    const neq_baths_params *p;
    int status;
} tc_ctx;

static double tc_fn(double logT, void *vctx)
{
    tc_ctx *c = vctx;
    double f = 0;
    int rc = gibbs_unclamped(c->p, exp(logT), &f);
    if (rc)
        c->status = rc;
    return f;
}

int neq_baths_tc(const neq_baths_params *p, double *Tc)
{
    neq_clear_error();
    if (!Tc)
        return neq_fail(NEQ_EINVAL, "Tc is NULL");
    NEQ_TRY(neq_baths_validate(p));
    /* scan log T over a wide range around the energy scale, find the last
     * + to - change of the unclamped concurrence, then refine with Brent */
    double scale = fabs(p->eps1) + fabs(p->eps2) + fabs(p->K) + fabs(p->Kp);
    if (scale == 0) {
        *Tc = 0;
        return NEQ_OK;
    }
    tc_ctx ctx = {p, 0};
    const int N = 400;
    double lo = log(1e-3 * scale), hi = log(1e3 * scale), step = (hi - lo) / N;
    double prev = tc_fn(lo, &ctx), a = NAN;
    for (int k = 1; k <= N; k++) {
        double x = lo + k * step, f = tc_fn(x, &ctx);
        if (prev > 0 && f <= 0)
            a = x - step;
        prev = f;
    }
    NEQ_TRY(ctx.status);
    if (isnan(a)) {
        *Tc = 0;
        return NEQ_OK;
    }
    gsl_function F = {tc_fn, &ctx};
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!s)
        return neq_fail(NEQ_ENOMEM, "no memory for the root finder");
    int status = gsl_root_fsolver_set(s, &F, a, a + step);
    double x = a;
    for (int it = 0; status == GSL_SUCCESS && it < 200; it++) {
        status = gsl_root_fsolver_iterate(s);
        x = gsl_root_fsolver_root(s);
        double xl = gsl_root_fsolver_x_lower(s), xu = gsl_root_fsolver_x_upper(s);
        if (gsl_root_test_interval(xl, xu, 0, 1e-15) == GSL_SUCCESS)
            break;
    }
    gsl_root_fsolver_free(s);
    NEQ_TRY(ctx.status);
    if (status != GSL_SUCCESS)
        return neq_fail(NEQ_ECONVERGE, "sudden-death temperature: Brent failed (gsl %d)", status);
    *Tc = exp(x);
    return NEQ_OK;
}

/* C (unclamped), S_L and J1 of the steady state at T1 = T + d/2, T2 = T - d/2 */
static int lnel_point(const neq_baths_params *p, double T, double d, double out[3])
{
    neq_baths_params q = *p;
    q.T1 = T + d / 2;
    q.T2 = T - d / 2;
    neq_baths_result r;
    NEQ_TRY(neq_baths_steady(&q, &r));
    NEQ_TRY(neq_concurrence_x_signed(r.rho, &out[0]));
    out[1] = r.linear_entropy;
    out[2] = r.heat_current[0];
    return NEQ_OK;
}

/* Richardson extrapolation of central differences with steps h0 / 2^k:
 * D1(h) = (f(h) - f(-h)) / 2h, D2(h) = (f(h) - 2 f(0) + f(-h)) / h^2, both
 * with error series in h^2, h^4, ...  Returns the extrapolated value and an
 * error estimate: the last correction, or the rounding floor eps_f / h^order
 * amplified by the table, whichever is larger. */
#define LNEL_LEVELS 6
static void richardson(const double *tab_in, int n, double round_floor, double *val, double *err)
{
    double T[LNEL_LEVELS][LNEL_LEVELS];
    for (int k = 0; k < n; k++) {
        T[k][0] = tab_in[k];
        for (int m = 1; m <= k; m++) {
            double f = pow(4.0, m);
            T[k][m] = T[k][m - 1] + (T[k][m - 1] - T[k - 1][m - 1]) / (f - 1);
        }
    }
    /* best diagonal element: the one whose change from the previous is smallest */
    double best = T[n - 1][n - 1], besterr = INFINITY;
    for (int k = 1; k < n; k++) {
        double e = fabs(T[k][k] - T[k - 1][k - 1]);
        if (e < besterr) {
            besterr = e;
            best = T[k][k];
        }
    }
    *val = best;
    *err = fmax(besterr, round_floor);
}

int neq_baths_lnel_fd(const neq_baths_params *p, double T_mean, neq_baths_lnel_result *r)
{
    neq_clear_error();
    if (!r)
        return neq_fail(NEQ_EINVAL, "result is NULL");
    NEQ_TRY(neq_baths_validate(p));
    if (isnan(T_mean))
        return neq_fail(NEQ_ENAN, "T-mean is NaN");
    if (!(T_mean > 0) || isinf(T_mean))
        return neq_fail(NEQ_EDOMAIN, "T-mean = %g must be finite and > 0", T_mean);
    memset(r, 0, sizeof *r);
    r->T_mean = T_mean;
    r->symmetric = p->eps1 == p->eps2 && p->gamma1 == p->gamma2;
    double f0[3];
    NEQ_TRY(lnel_point(p, T_mean, 0, f0));
    r->C_eq = f0[0];
    r->SL_eq = f0[1];
    double h0 = T_mean / 2; /* keeps T2 = T_M - h/2 > 0 */
    double d1[3][LNEL_LEVELS], d2[3][LNEL_LEVELS], hmin = h0;
    for (int k = 0; k < LNEL_LEVELS; k++) {
        double h = h0 / pow(2, k), fp[3], fm[3];
        NEQ_TRY(lnel_point(p, T_mean, h, fp));
        NEQ_TRY(lnel_point(p, T_mean, -h, fm));
        for (int q = 0; q < 3; q++) {
            d1[q][k] = (fp[q] - fm[q]) / (2 * h);
            d2[q][k] = (fp[q] - 2 * f0[q] + fm[q]) / (h * h);
        }
        hmin = h;
    }
    /* rounding floor: quantities are accurate to ~1e-14 absolute (the steady
     * state's residual), amplified by 1/h (first) and 4/h^2 (second) */
    const double feps = 1e-14;
    double v, e;
    richardson(d1[0], LNEL_LEVELS, feps / hmin, &v, &e);
    r->dC = v;
    r->dC_err = e;
    richardson(d2[0], LNEL_LEVELS, 4 * feps / (hmin * hmin), &v, &e);
    r->alpha = -v / 2; /* C = C_eq + dC dT - alpha dT^2 */
    r->alpha_err = e / 2;
    richardson(d1[1], LNEL_LEVELS, feps / hmin, &v, &e);
    r->dSL = v;
    r->dSL_err = e;
    richardson(d2[1], LNEL_LEVELS, 4 * feps / (hmin * hmin), &v, &e);
    r->alpha_p = v / 2; /* S_L = S_eq + dSL dT + alpha' dT^2 */
    r->alpha_p_err = e / 2;
    richardson(d1[2], LNEL_LEVELS, feps / hmin, &v, &e);
    r->kappa = v;
    r->kappa_err = e;
    /* at extreme T_mean the differences underflow or overflow: say so
     * rather than return NaN */
    const double all[10] = {r->dC, r->dC_err, r->alpha, r->alpha_err, r->dSL, r->dSL_err,
                            r->alpha_p, r->alpha_p_err, r->kappa, r->kappa_err};
    for (int k = 0; k < 10; k++)
        if (!isfinite(all[k]))
            return neq_fail(NEQ_EDOMAIN, "LNEL coefficients at T-mean = %g are not finite: the "
                                         "finite differences lose every digit there", T_mean);
    return NEQ_OK;
}

/* --------------------------------------------- exact linear response */

/* d/dt and d^2/dt^2 of |z(t)| and sqrt(u(t) v(t)) from the values and
 * derivatives along a path (the chain rule; z != 0, u v > 0) */
static void abs_d(double complex z, double complex z1, double complex z2, double *a1, double *a2)
{
    double a = cabs(z), p = creal(conj(z) * z1);
    if (a == 0) { /* identically 0 along the path (an excitation-conserving Q), else a kink */
        *a1 = z1 == 0 ? 0 : NAN;
        *a2 = z1 == 0 && z2 == 0 ? 0 : NAN;
        return;
    }
    *a1 = p / a;
    *a2 = (creal(conj(z1) * z1) + creal(conj(z) * z2)) / a - p * p / (a * a * a);
}

static void sqrt_d(double u, double u1, double u2, double v, double v1, double v2, double *b1,
                   double *b2)
{
    double b = sqrt(u * v), w1 = u1 * v + u * v1;
    *b1 = w1 / (2 * b);
    *b2 = (u2 * v + 2 * u1 * v1 + u * v2) / (2 * b) - w1 * w1 / (4 * b * b * b);
}

/* the superoperator (16 x 16, column-stacked vec) of a generator */
static int superop(const neq_gksl *g, double complex *S)
{
    neq_liouvillian *L = NULL;
    NEQ_TRY(neq_liouvillian_alloc(g, &L));
    int rc = neq_liouvillian_matrix(L, S);
    neq_liouvillian_free(L);
    return rc;
}

static void apply16(const double complex *S, const double complex *x, double complex *y)
{
    for (int r = 0; r < 16; r++) {
        double complex v = 0;
        for (int c = 0; c < 16; c++)
            v += S[r + 16 * c] * x[c];
        y[r] = v;
    }
}

int neq_baths_lnel_exact(const neq_baths_params *p, double T_mean, neq_baths_lnel_result *r)
{
    neq_clear_error();
    if (!r)
        return neq_fail(NEQ_EINVAL, "result is NULL");
    NEQ_TRY(neq_baths_validate(p));
    if (p->me != NEQ_ME_GLOBAL || p->lamb_shift)
        return neq_fail(NEQ_EINVAL, "exact linear response: the global master equation without "
                                    "the Lamb shift only (its rates' temperature derivatives "
                                    "are analytic)");
    if (isnan(T_mean))
        return neq_fail(NEQ_ENAN, "T-mean is NaN");
    if (!(T_mean > 0) || isinf(T_mean))
        return neq_fail(NEQ_EDOMAIN, "T-mean = %g must be finite and > 0", T_mean);
    memset(r, 0, sizeof *r);
    r->T_mean = T_mean;
    r->symmetric = p->eps1 == p->eps2 && p->gamma1 == p->gamma2;
    neq_baths_params q = *p;
    q.T1 = q.T2 = T_mean;
    /* rho(dT) along T1 = T_M + dT/2, T2 = T_M - dT/2: L rho' = -Lv rho,
     * L rho'' = -2 Lv rho' - Lvv rho, Lv = (L_T1 - L_T2)/2,
     * Lvv = (L_T1T1 + L_T2T2)/4 (no bath's rates depend on the other's T).
     * The steady state comes from the steady-state solver (equilibrated
     * rows: populations of e^{-30} keep their relative accuracy, which the
     * second derivatives need at low T); then A = L - |rho><<1| is
     * invertible when it is unique, and for a traceless b, A x = b is
     * L x = b with Tr x = 0. */
    double complex Q[16], X1[16], X2[16];
    NEQ_TRY(neq_baths_hamiltonian(&q, Q));
    sigma_x(0, X1);
    sigma_x(1, X2);
    neq_bath baths[2] = {{X1, {0}, T_mean}, {X2, {0}, T_mean}};
    spectral(&q, 0, &baths[0].J);
    spectral(&q, 1, &baths[1].J);
    double complex L0[256], Lv[256], Lvv[256], A[256];
    neq_gksl *g = NULL, *gv = NULL, *gvv = NULL;
    const double cv[2] = {0.5, -0.5}, cvv[2] = {0.25, 0.25};
    double complex rho[16], r1[16], r2[16], t[16];
    neq_liouvillian *L = NULL;
    neq_steady_info info;
    int rc = neq_davies_build(4, Q, 2, baths, 0, &g);
    if (!rc)
        rc = neq_davies_build_dT(4, Q, 2, baths, 0, cv, 1, &gv);
    if (!rc)
        rc = neq_davies_build_dT(4, Q, 2, baths, 0, cvv, 2, &gvv);
    if (!rc)
        rc = neq_liouvillian_alloc(g, &L);
    if (!rc)
        rc = neq_steady_state(L, NULL, NULL, rho, &info);
    if (!rc)
        rc = neq_liouvillian_matrix(L, L0);
    neq_liouvillian_free(L);
    if (!rc)
        rc = superop(gv, Lv);
    if (!rc)
        rc = superop(gvv, Lvv);
    neq_gksl_free(gvv);
    if (rc) {
        neq_gksl_free(gv);
        neq_gksl_free(g);
        return rc;
    }
    memcpy(A, L0, sizeof A);
    for (int i = 0; i < 4; i++) /* the trace functional: columns i + 4 i */
        for (int row = 0; row < 16; row++)
            A[row + 16 * (5 * i)] -= rho[row];
    int piv[16];
    if (neq_zlu_factor(16, A, piv)) {
        neq_gksl_free(gv);
        neq_gksl_free(g);
        return neq_fail(NEQ_ENONUNIQUE, "exact linear response: the steady state at T = %g is "
                                        "not unique", T_mean);
    }
    apply16(Lv, rho, r1);
    for (int e = 0; e < 16; e++)
        r1[e] = -r1[e];
    neq_zlu_solve(16, A, piv, r1);
    apply16(Lv, r1, r2);
    apply16(Lvv, rho, t);
    for (int e = 0; e < 16; e++)
        r2[e] = -2 * r2[e] - t[e];
    neq_zlu_solve(16, A, piv, r2);
    int finite = 1;
    for (int e = 0; e < 16; e++)
        finite &= isfinite(creal(r2[e])) && isfinite(cimag(r2[e]));
    /* C = 2 max(K1, K2) (the branch that is larger at dT = 0) */
    double K;
    rc = finite ? neq_concurrence_x_signed(rho, &K)
                : neq_fail(NEQ_ENONUNIQUE, "exact linear response: the solve at T = %g is "
                                           "singular to working precision", T_mean);
    if (rc) {
        neq_gksl_free(gv);
        neq_gksl_free(g);
        return rc;
    }
    r->C_eq = K;
    double k1 = cabs(rho[1 + 4 * 2]) - sqrt(fmax(creal(rho[0]), 0) * fmax(creal(rho[15]), 0));
    double k2 = cabs(rho[0 + 4 * 3]) - sqrt(fmax(creal(rho[5]), 0) * fmax(creal(rho[10]), 0));
    int zi = k1 >= k2 ? 1 + 4 * 2 : 0 + 4 * 3, ui = k1 >= k2 ? 0 : 5, vi = k1 >= k2 ? 15 : 10;
    double a1, a2, b1 = 0, b2 = 0, u = creal(rho[ui]), v = creal(rho[vi]);
    abs_d(rho[zi], r1[zi], r2[zi], &a1, &a2);
    /* sqrt(u v) and its derivatives scale with sqrt(u v) itself; a
     * population below rounding (e^{-6/T} of an excited pair at low T)
     * leaves them unresolved: taken as 0, with that in the error below */
    int resolved = u * v > 1e-28;
    if (resolved)
        sqrt_d(u, creal(r1[ui]), creal(r2[ui]), v, creal(r1[vi]), creal(r2[vi]), &b1, &b2);
    r->dC = 2 * (a1 - b1);
    r->alpha = -(2 * (a2 - b2)) / 2; /* C = C_eq + dC dT - alpha dT^2 */
    /* S_L = 4/3 (1 - Tr rho^2) */
    double tr0 = 0, tr1 = 0, tr2 = 0;
    for (int e = 0; e < 16; e++)
        tr0 += creal(rho[e] * conj(rho[e]));
    r->SL_eq = 4.0 / 3.0 * (1 - tr0);
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) {
            tr1 += creal(rho[i + 4 * j] * r1[j + 4 * i]);
            tr2 += creal(r1[i + 4 * j] * r1[j + 4 * i] + rho[i + 4 * j] * r2[j + 4 * i]);
        }
    r->dSL = -8.0 / 3.0 * tr1;
    r->alpha_p = -8.0 / 3.0 * tr2 / 2; /* S_L = S_eq + dSL dT + alpha' dT^2 */
    /* J1 = Tr{Q D1(rho)}: dJ1/ddT = Tr{Q (L_T1/2) rho} + Tr{Q D1(rho')}, the
     * first term bath 1's part of Lv */
    double complex d1[16], d2[16];
    rc = neq_gksl_apply(g, 0, r1, d1);
    if (!rc)
        rc = neq_gksl_apply(gv, 0, rho, d2);
    neq_gksl_free(gv);
    neq_gksl_free(g);
    NEQ_TRY(rc);
    double complex J = 0;
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            J += Q[i + 4 * j] * (d1[j + 4 * i] + d2[j + 4 * i]);
    r->kappa = creal(J);
    /* exact: what remains is rounding, ~1e-13 of each coefficient's scale */
    r->dC_err = 1e-12 * (fabs(r->dC) + 1 / T_mean);
    r->alpha_err = 1e-12 * (fabs(r->alpha) + 1 / (T_mean * T_mean));
    if (!resolved) { /* sqrt(u v) < 1e-14, times (d ln v/dT)^k ~ T^-2k */
        r->dC_err += 1e-14 / (T_mean * T_mean);
        r->alpha_err += 1e-14 / pow(T_mean, 4);
    }
    r->dSL_err = 1e-12 * (fabs(r->dSL) + 1 / T_mean);
    r->alpha_p_err = 1e-12 * (fabs(r->alpha_p) + 1 / (T_mean * T_mean));
    r->kappa_err = 1e-12 * (fabs(r->kappa) + 1);
    return NEQ_OK;
}

int neq_baths_lnel(const neq_baths_params *p, double T_mean, neq_baths_lnel_result *r)
{
    neq_clear_error();
    if (p && p->me == NEQ_ME_GLOBAL && !p->lamb_shift)
        return neq_baths_lnel_exact(p, T_mean, r);
    return neq_baths_lnel_fd(p, T_mean, r);
}

int neq_baths_response(const neq_baths_params *p, neq_baths_dparam which, double complex *drho,
                       double *dJ)
{
    neq_clear_error();
    if (!drho || !dJ)
        return neq_fail(NEQ_EINVAL, "neq_baths_response: NULL argument");
    NEQ_TRY(neq_baths_validate(p));
    int j = which & 1, temperature = which == NEQ_BATHS_D_T1 || which == NEQ_BATHS_D_T2;
    if (which < NEQ_BATHS_D_T1 || which > NEQ_BATHS_D_GAMMA2)
        return neq_fail(NEQ_EINVAL, "neq_baths_response: unknown parameter %d", (int)which);
    if (temperature && (p->me != NEQ_ME_GLOBAL || p->lamb_shift))
        return neq_fail(NEQ_EINVAL, "exact response to T%d: the global master equation without "
                                    "the Lamb shift only", j + 1);
    if (!temperature && p->me == NEQ_ME_UNIFIED)
        return neq_fail(NEQ_EINVAL, "exact response to gamma%d: not for the unified master "
                                    "equation, whose clusters depend on the couplings", j + 1);
    neq_baths_result r;
    NEQ_TRY(neq_baths_steady(p, &r));
    neq_gksl *g = NULL, *dg = NULL;
    int rc = neq_baths_generator(p, &g), dgroup = -1;
    if (!rc && temperature) {
        double complex Q[16], X1[16], X2[16];
        const double coef[2] = {j == 0, j == 1};
        sigma_x(0, X1);
        sigma_x(1, X2);
        neq_bath baths[2] = {{X1, {0}, p->T1}, {X2, {0}, p->T2}};
        spectral(p, 0, &baths[0].J);
        spectral(p, 1, &baths[1].J);
        rc = neq_baths_hamiltonian(p, Q);
        if (!rc)
            rc = neq_davies_build_dT(4, Q, 2, baths, 0, coef, 1, &dg);
    } else if (!rc) {
        /* linear in gamma_j: bath j's group at gamma_j = 1 is dL/dgamma_j */
        neq_baths_params q = *p;
        if (j == 0)
            q.gamma1 = 1;
        else
            q.gamma2 = 1;
        rc = neq_baths_generator(&q, &dg);
        dgroup = j;
    }
    if (!rc)
        rc = neq_steady_response(g, dg, dgroup, r.rho, drho, dJ);
    neq_gksl_free(g);
    neq_gksl_free(dg);
    return rc;
}
