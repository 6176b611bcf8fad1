/* alpha_W, alpha_M (Bellomo-Antezza eq. 5) and the reflected Green tensor
 * for a planar body (include/neqent/em.h; derivation in docs/physics.md,
 * "Body model"): the driver.  It validates the geometry, finds the poles of
 * rho_p (poles.c), integrates the propagating sector w in [0, 1], the
 * evanescent sector v in [0, V] with the poles subtracted and added back
 * analytically, and the tail v > V (quadrature.c over integrands.c), and
 * assembles the tensors. */
#include "em_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NPAIR NEQ_EM_NPAIR
#define NCOMP NEQ_EM_NCOMP
#define MAXPOLES NEQ_EM_MAXPOLES

static void store(double complex dst[2][2][3][3], const double complex *src)
{
    static const int ii[NCOMP] = {0, 1, 2, 0, 2}, jj[NCOMP] = {0, 1, 2, 2, 0};
    memset(dst, 0, sizeof(double complex) * 36);
    for (int k = 0; k < NPAIR; k++)
        for (int m = 0; m < NCOMP; m++)
            dst[k / 2][k % 2][ii[m]][jj[m]] = src[k * NCOMP + m];
}

/* r12 is a lateral separation for either body: a negative one is refused
 * before a sphere's branch turns it into a position */
static int check_sep(double r12)
{
    if (isnan(r12))
        return neq_fail(NEQ_ENAN, "separation r12 is NaN");
    if (r12 < 0 || isinf(r12))
        return neq_fail(NEQ_EDOMAIN, "separation r12 = %g m must be finite and >= 0", r12);
    return NEQ_OK;
}

static int check_len(double v, const char *what)
{
    if (isnan(v))
        return neq_fail(NEQ_ENAN, "%s is NaN", what);
    if (!(v > 0) || isinf(v))
        return neq_fail(NEQ_EDOMAIN, "%s = %g m must be finite and > 0 (a qubit at or inside the "
                                     "body?)", what, v);
    return NEQ_OK;
}

int neq_em_workspace_alloc(neq_em_workspace **out)
{
    neq_clear_error();
    if (!out)
        return neq_fail(NEQ_EINVAL, "neq_em_workspace_alloc: out is NULL");
    *out = NULL;
    neq_em_workspace *ws = calloc(1, sizeof *ws); /* calloc: every cache slot invalid */
    if (!ws)
        return neq_fail(NEQ_ENOMEM, "no memory for an em workspace");
    int rc = neq_em_quad_alloc(NEQ_EM_QUAD_LIMIT, &ws->quad);
    if (rc) {
        free(ws);
        return rc;
    }
    *out = ws;
    return NEQ_OK;
}

void neq_em_workspace_free(neq_em_workspace *ws)
{
    if (!ws)
        return;
    neq_em_quad_free(ws->quad);
    free(ws->mie_dx);
    free(ws->mie_dm);
    free(ws);
}

static int compute(const neq_body *b, double omega, double z1, double z2, double r12,
                   double epsrel, double epsabs, neq_em_workspace *ws, neq_em_tensors *t);

/* opt's tolerances (NULL: the defaults), checked */
static int tolerances(const neq_em_options *opt, double *epsrel, double *epsabs)
{
    neq_em_options def = neq_em_options_rel(NEQ_EM_EPSREL);
    *epsrel = (opt ? opt : &def)->epsrel;
    *epsabs = (opt ? opt : &def)->epsabs;
    if (!(*epsrel > 0 && *epsrel < 1) || !(*epsabs > 0))
        return neq_fail(NEQ_EINVAL, "tolerances (%g, %g) out of range", *epsrel, *epsabs);
    return NEQ_OK;
}

enum { PROPAGATING, EVANESCENT, TAIL };

static int all_finite(const double complex *x, int n)
{
    for (int m = 0; m < n; m++)
        if (!isfinite(creal(x[m])) || !isfinite(cimag(x[m])))
            return 0;
    return 1;
}

/* NEQ_ECONVERGE with a detail that names the entry that missed its
 * tolerance (component info->worst of the sector's integrand, see
 * integrands.c for the order), the geometry and the error reached. */
static int converge_fail(int sector, const neq_em_quad_info *info, double omega, double z1,
                         double z2, double r12)
{
    static const char *const what[3] = {"alpha_W", "alpha_M", "g_R"};
    static const char *const ij[NCOMP] = {"xx", "yy", "zz", "xz", "zx"};
    static const char *const where[3] = {"propagating sector",
                                         "evanescent sector, also in alpha_M",
                                         "evanescent tail, also in alpha_M"};
    int m = info->worst / 2, k = (m % NEQ_EM_NEV) / NCOMP;
    return neq_fail(NEQ_ECONVERGE,
                    "%s %s^%d%d_%s (%s) at omega = %g rad/s, z1 = %g m, z2 = %g m, r12 = %g m: "
                    "quadrature reached error %.2g > tolerance %.2g after %d intervals%s",
                    info->worst % 2 ? "Im" : "Re", sector == PROPAGATING ? what[m / NEQ_EM_NEV] : "g_R",
                    k / 2 + 1, k % 2 + 1, ij[m % NCOMP], where[sector], omega, z1, z2, r12,
                    info->worst_err, info->worst_tol, info->nintervals,
                    info->limit_hit ? " (the limit)" : " (no further bisection possible)");
}

neq_em_options neq_em_options_rel(double epsrel)
{
    return (neq_em_options){epsrel, NEQ_EM_EPSABS_PER_REL * epsrel};
}

int neq_em_tensors_compute(const neq_body *b, double omega, double z1, double z2, double r12,
                           const neq_em_options *opt, neq_em_workspace *ws, neq_em_tensors *t)
{
    neq_clear_error();
    if (!b || !t)
        return neq_fail(NEQ_EINVAL, "neq_em_tensors_compute: NULL argument");
    if (isnan(omega))
        return neq_fail(NEQ_ENAN, "omega is NaN");
    if (!(omega > 0) || isinf(omega))
        return neq_fail(NEQ_EDOMAIN, "omega = %g rad/s must be finite and > 0", omega);
    if (b->sphere) { /* the planar geometry's two points, in the sphere's axes */
        NEQ_TRY(check_sep(r12));
        return neq_em_tensors_at(b, omega, (const double[3]){0, 0, z1},
                                 (const double[3]){r12, 0, z2}, opt, ws, t);
    }
    NEQ_TRY(check_len(z1, "height z1"));
    NEQ_TRY(check_len(z2, "height z2"));
    NEQ_TRY(check_sep(r12));
    if (r12 == 0 && z1 == z2)
        return neq_fail(NEQ_EDOMAIN, "the two qubits coincide (r12 = 0, z1 = z2 = %g m): their "
                                     "dipole-dipole coupling diverges", z1);
    /* the qubits' vacuum coupling g0 ~ 1/(k0 R)^3 (eq. in docs/physics.md)
     * overflows for R below ~1e-103 / k0 */
    double complex g0[NCOMP];
    neq_em_vacuum_g0(omega / NEQ_C_LIGHT, r12, z1 - z2, 0, g0);
    for (int m = 0; m < NCOMP; m++)
        if (!isfinite(creal(g0[m])) || !isfinite(cimag(g0[m])))
            return neq_fail(NEQ_EDIVERGE, "the qubits are %g m apart (r12 = %g m, z1 - z2 = %g "
                                          "m): their vacuum dipole-dipole coupling overflows",
                            hypot(r12, z1 - z2), r12, z1 - z2);
    double epsrel, epsabs;
    NEQ_TRY(tolerances(opt, &epsrel, &epsabs));
    if (ws)
        return compute(b, omega, z1, z2, r12, epsrel, epsabs, ws, t);
    NEQ_TRY(neq_em_workspace_alloc(&ws));
    int rc = compute(b, omega, z1, z2, r12, epsrel, epsabs, ws, t);
    neq_em_workspace_free(ws);
    return rc;
}

static int compute(const neq_body *b, double omega, double z1, double z2, double r12,
                   double epsrel, double epsabs, neq_em_workspace *ws, neq_em_tensors *t)
{
    neq_em_geom geom, *g = &geom;
    neq_em_geom_init(g, b, omega, z1, z2, r12);
    double szmin = 2 * fmin(z1, z2);
    double V = 40 / (g->k0 * szmin); /* beyond, e^{-k0 v sz} < e^{-40} */
    if (!isfinite(neq_em_poles_range(V)))
        return neq_fail(NEQ_EDOMAIN, "omega = %g rad/s and height %g m: k0 z = %g is too small",
                        omega, fmin(z1, z2), g->k0 * fmin(z1, z2));
    if (!b->mirror)
        NEQ_TRY(neq_body_eps(b, omega, g->eps));
    double complex prop[NEQ_EM_NPROP], ev[NEQ_EM_NEV], tail[NEQ_EM_NEV];
    double complex eprop[NEQ_EM_NPROP], eev[NEQ_EM_NEV], etail[NEQ_EM_NEV];
    neq_em_quad_info info[3] = {{0}};
    int sector = PROPAGATING;
    neq_em_poles *P = &ws->poles;
    neq_em_pole_terms *T = &ws->terms;
    neq_em_poles_find(&ws->cache, g, omega, V, P);
    int rc = neq_em_poles_taylor(g, P, T);
    if (rc == 0) {
        /* propagating: breakpoints near w = 0 where light-line poles sit */
        double pts[3 + MAXPOLES];
        int np = 0;
        pts[np++] = 0;
        for (int j = 0; j < P->n; j++)
            if (cabs(P->vp[j]) < 0.5)
                pts[np++] = cabs(P->vp[j]);
        pts[np++] = 1;
        for (int i = 1; i < np; i++) /* sort */
            for (int k = i; k > 0 && pts[k] < pts[k - 1]; k--) {
                double s = pts[k];
                pts[k] = pts[k - 1];
                pts[k - 1] = s;
            }
        rc = neq_em_quad_integrate(ws->quad, neq_em_propagating_integrand, g, NEQ_EM_NPROP,
                                   NEQ_EM_MAP_NONE, 0, pts, np, epsrel, epsabs, prop, eprop,
                                   &info[0]);
    }
    if (rc == 0) {
        /* evanescent on [0, V]: breakpoints at the poles and the decay scales */
        double pts[8 + MAXPOLES];
        int np = 0;
        pts[np++] = 0;
        const double sc[5] = {0.1, 1, 4, 12, 25};
        for (int s = 0; s < 5; s++)
            if (sc[s] / (g->k0 * szmin) < V)
                pts[np++] = sc[s] / (g->k0 * szmin);
        for (int j = 0; j < P->n; j++)
            if (T->vr[j] > 0 && T->vr[j] < V)
                pts[np++] = T->vr[j];
        pts[np++] = V;
        for (int i = 1; i < np; i++)
            for (int k = i; k > 0 && pts[k] < pts[k - 1]; k--) {
                double s = pts[k];
                pts[k] = pts[k - 1];
                pts[k - 1] = s;
            }
        neq_em_evanescent_params ep = {g, P, T};
        sector = EVANESCENT;
        rc = neq_em_quad_integrate(ws->quad, neq_em_evanescent_integrand, &ep, NEQ_EM_NEV,
                                   NEQ_EM_MAP_NONE, 0, pts, np, epsrel, epsabs, ev, eev, &info[1]);
        if (rc == 0)
            neq_em_poles_integrate(P, T, 0, V, ev);
    }
    if (rc == 0) {
        /* tail [V, oo): no pole subtraction there (none matters: e^{-40}) */
        neq_em_evanescent_params ep = {g, NULL, NULL};
        sector = TAIL;
        double tp[2] = {0, 1};
        rc = neq_em_quad_integrate(ws->quad, neq_em_evanescent_integrand, &ep, NEQ_EM_NEV,
                                   NEQ_EM_MAP_TAIL, V, tp, 2, epsrel, fmax(epsabs, 1e-16), tail,
                                   etail, &info[2]);
    }
    if (rc == NEQ_ECONVERGE)
        rc = converge_fail(sector, &info[sector], omega, z1, z2, r12);
    /* a NaN passes every tolerance test: refuse it here */
    if (rc == 0 && !(all_finite(prop, NEQ_EM_NPROP) && all_finite(ev, NEQ_EM_NEV) &&
                     all_finite(tail, NEQ_EM_NEV)))
        rc = neq_fail(NEQ_EDOMAIN, "non-finite integral at omega = %g rad/s, z1 = %g m, z2 = %g "
                                   "m, r12 = %g m (outside the range of this quadrature)",
                      omega, z1, z2, r12);
    if (rc == 0) {
        double complex gR[NEQ_EM_NEV], aM[NEQ_EM_NEV], g0[NEQ_EM_NEV];
        for (int m = 0; m < NEQ_EM_NEV; m++) {
            double complex gev = ev[m] + tail[m];
            gR[m] = prop[2 * NEQ_EM_NEV + m] + gev;
            /* alpha_M evanescent = Im g_R,ev (the angular tensor is real there) */
            aM[m] = prop[NEQ_EM_NEV + m] + cimag(gev);
        }
        for (int k = 0; k < NPAIR; k++)
            neq_em_vacuum_g0(g->k0, g->x[k], g->dz[k], k == 0 || k == 3, g0 + k * NCOMP);
        store(t->alpha_W, prop);
        store(t->alpha_M, aM);
        store(t->alpha_M_prop, prop + NEQ_EM_NEV);
        store(t->g_R, gR);
        store(t->g_0, g0);
        t->npoles = P->n;
        t->nevals = info[0].neval + info[1].neval + info[2].neval;
    }
    return rc;
}

/* T = R T R^T, R the rotation by phi about z (local x -> global). */
static void rotate(double phi, double complex T[3][3])
{
    double c = cos(phi), s = sin(phi);
    double R[3][3] = {{c, -s, 0}, {s, c, 0}, {0, 0, 1}};
    double complex t[3][3];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            double complex v = 0;
            for (int k = 0; k < 3; k++)
                for (int l = 0; l < 3; l++)
                    v += R[i][k] * T[k][l] * R[j][l];
            t[i][j] = v;
        }
    memcpy(T, t, sizeof t);
}

int neq_em_tensors_at(const neq_body *b, double omega, const double r1[3], const double r2[3],
                      const neq_em_options *opt, neq_em_workspace *ws, neq_em_tensors *t)
{
    neq_clear_error();
    if (!b || !r1 || !r2 || !t)
        return neq_fail(NEQ_EINVAL, "neq_em_tensors_at: NULL argument");
    if (isnan(omega))
        return neq_fail(NEQ_ENAN, "omega is NaN");
    if (!(omega > 0) || isinf(omega))
        return neq_fail(NEQ_EDOMAIN, "omega = %g rad/s must be finite and > 0", omega);
    NEQ_TRY(neq_body_outside(b, r1));
    NEQ_TRY(neq_body_outside(b, r2));
    double dx = r2[0] - r1[0], dy = r2[1] - r1[1];
    int same = r1[0] == r2[0] && r1[1] == r2[1] && r1[2] == r2[2];
    if (!b->sphere && same) { /* the self terms, with a partner aside */
        NEQ_TRY(neq_em_tensors_compute(b, omega, r1[2], r1[2], r1[2], opt, ws, t));
        for (int k = 1; k < 4; k++) {
            memcpy(t->alpha_W[k / 2][k % 2], t->alpha_W[0][0], sizeof t->alpha_W[0][0]);
            memcpy(t->alpha_M[k / 2][k % 2], t->alpha_M[0][0], sizeof t->alpha_M[0][0]);
            memcpy(t->alpha_M_prop[k / 2][k % 2], t->alpha_M_prop[0][0],
                   sizeof t->alpha_M_prop[0][0]);
            memcpy(t->g_R[k / 2][k % 2], t->g_R[0][0], sizeof t->g_R[0][0]);
            memcpy(t->g_0[k / 2][k % 2], t->g_0[0][0], sizeof t->g_0[0][0]);
        }
        return NEQ_OK;
    }
    if (!b->sphere) {
        /* the pair's own frame: qubit 1 at the origin, qubit 2 along +x */
        double r12 = hypot(dx, dy), phi = r12 > 0 ? atan2(dy, dx) : 0;
        NEQ_TRY(neq_em_tensors_compute(b, omega, r1[2], r2[2], r12, opt, ws, t));
        double complex(*X[5])[2][3][3] = {t->alpha_W, t->alpha_M, t->alpha_M_prop, t->g_R,
                                          t->g_0};
        for (int k = 0; k < 5; k++)
            for (int q = 0; q < 2; q++)
                for (int p = 0; p < 2; p++)
                    rotate(phi, X[k][q][p]);
        return NEQ_OK;
    }
    double R[3] = {-dx, -dy, r1[2] - r2[2]};
    double complex g0[3][3];
    neq_em_vacuum_g0_3d(omega / NEQ_C_LIGHT, R, g0);
    for (int i = 0; i < 3 && !same; i++)
        for (int j = 0; j < 3; j++)
            if (!isfinite(creal(g0[i][j])) || !isfinite(cimag(g0[i][j])))
                return neq_fail(NEQ_EDIVERGE, "the qubits at (%g, %g, %g) and (%g, %g, %g) m "
                                              "coincide or nearly: their vacuum coupling diverges",
                                r1[0], r1[1], r1[2], r2[0], r2[1], r2[2]);
    double epsrel, epsabs;
    NEQ_TRY(tolerances(opt, &epsrel, &epsabs));
    if (ws)
        return neq_em_sphere_tensors(b, omega, r1, r2, epsrel, epsabs, NEQ_EM_MIE_VOLUME, ws, t);
    NEQ_TRY(neq_em_workspace_alloc(&ws));
    int rc = neq_em_sphere_tensors(b, omega, r1, r2, epsrel, epsabs, NEQ_EM_MIE_VOLUME, ws, t);
    neq_em_workspace_free(ws);
    return rc;
}
