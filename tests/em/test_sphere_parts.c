/* The sphere (src/em/sphere.c, Mie series) against values obtained
 * without it:
 *   - the two routes to alpha_M: the volume integral of Im eps |E|^2 inside
 *     (the default) and the absorbed power Re b_n - |b_n|^2 (internal);
 *   - the Rayleigh limit: a 1 nm sphere is a point dipole with the
 *     radiation-corrected polarisability (closed form);
 *   - R -> infinity at a fixed gap: the planar half-space and mirror of
 *     neqent's Fresnel/Sommerfeld code (a different method); the total fast,
 *     the split into walls and body only as (0.05 mm)/R (extrapolated);
 *   - the vacuum limit, a perfect conductor (alpha_M = 0), a lossless
 *     sphere (alpha_M = 0, alpha_W = Im g >= 0);
 *   - geometry: the same configuration rotated, and the points swapped,
 *     give the rotated and transposed tensors (a second route through the
 *     frames), and the tolerance sets the number of multipoles;
 *   - T_W = T_M: three qubits around a sphere relax to the thermal state.
 * Links the static archive: neq_em_sphere_tensors is internal. */
#include "check.h"
#include "../../src/em/em_internal.h"
#include "neqent/nearbody.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define OMEGA_SPP 1.6e14 /* rad/s: in SiC's reststrahlen band, near its surface polariton */

/* max over all entries of |A - B| and of |B| */
static void tdiff(double complex A[2][2][3][3], double complex B[2][2][3][3],
                  double *d, double *scale)
{
    const double complex *a = &A[0][0][0][0], *b = &B[0][0][0][0];
    *d = *scale = 0;
    for (int k = 0; k < 36; k++) {
        *d = fmax(*d, cabs(a[k] - b[k]));
        *scale = fmax(*scale, cabs(b[k]));
    }
}

static int sphere_at(const neq_body *b, double omega, const double r1[3], const double r2[3],
                     double epsrel, int route, neq_em_tensors *t)
{
    neq_em_workspace *ws = NULL;
    int rc = neq_em_workspace_alloc(&ws);
    if (rc == 0)
        rc = neq_em_sphere_tensors(b, omega, r1, r2, epsrel, 1e-3 * epsrel, route, ws, t);
    neq_em_workspace_free(ws);
    return rc;
}

/* the volume integral and the absorbed power: one alpha_M, to 1e-8 */
static void two_routes(void)
{
    const char *mats[] = {"sic", "au", "sio2", "const:2.25,0.3", "drude:1,1e15,1e13"};
    const double radius[] = {1e-6, 5e-8, 3e-6, 1e-6, 2e-7};
    const double omega[] = {OMEGA_SPP, 1e14, 2e14, 3e14, 1e14};
    for (int k = 0; k < 5; k++) {
        neq_material *m = NULL;
        neq_body *b = NULL;
        CHECK_RC(neq_material_parse(mats[k], &m), 0);
        CHECK_RC(neq_body_sphere(m, radius[k], (const double[3]){0.1e-6, -0.2e-6, 0.3e-6}, &b), 0);
        double a = radius[k];
        double r1[3] = {0.1e-6 + 0.3 * a, -0.2e-6 - 0.2 * a, 0.3e-6 + 1.2 * a};
        double r2[3] = {0.1e-6 - 1.1 * a, -0.2e-6 + 0.4 * a, 0.3e-6 + 0.5 * a};
        neq_em_tensors tv, ta;
        CHECK_RC(sphere_at(b, omega[k], r1, r2, 1e-12, NEQ_EM_MIE_VOLUME, &tv), 0);
        CHECK_RC(sphere_at(b, omega[k], r1, r2, 1e-12, NEQ_EM_MIE_ABSORBED, &ta), 0);
        double d, s;
        tdiff(tv.alpha_M, ta.alpha_M, &d, &s);
        CHECK(s > 1e-6);
        CHECK_CLOSE(d / s, 0, 1e-8);
        if (!(d / s <= 1e-8))
            fprintf(stderr, "  %s R = %g: volume vs absorbed %.3g\n", mats[k], a, d / s);
        neq_body_free(b);
        neq_material_free(m);
    }
}

/* small sphere: g_s = beta g0(r1, c) g0(c, r2), beta = k^3 alpha / (6 pi),
 * alpha = alpha0 / (1 - i k^3 alpha0 / (6 pi)), alpha0 = 4 pi a^3 (eps - 1)/(eps + 2);
 * alpha_M = (k^3 Im alpha0 / (6 pi)) g0(r1, c) g0(r2, c)^+ (quasi-static absorption) */
static void rayleigh(void)
{
    neq_material *sic = NULL;
    CHECK_RC(neq_material_sic(&sic), 0);
    double a = 1e-9, c[3] = {0.2e-6, 0.1e-6, -0.4e-6};
    neq_body *b = NULL;
    CHECK_RC(neq_body_sphere(sic, a, c, &b), 0);
    double r[2][3] = {{0.5e-6, 0.3e-6, 0.6e-6}, {-0.4e-6, 0.2e-6, 0.1e-6}};
    neq_em_tensors t;
    CHECK_RC(neq_em_tensors_at(b, OMEGA_SPP, r[0], r[1], &(neq_em_options){1e-12, 1e-15}, NULL, &t),
             0);
    double complex eps;
    CHECK_RC(neq_material_eps(sic, OMEGA_SPP, &eps), 0);
    double k = OMEGA_SPP / NEQ_C_LIGHT;
    double complex a0 = 4 * NEQ_PI * a * a * a * (eps - 1) / (eps + 2);
    double complex beta = k * k * k * (a0 / (1 - I * k * k * k * a0 / (6 * NEQ_PI))) / (6 * NEQ_PI);
    double betaM = k * k * k * cimag(a0) / (6 * NEQ_PI);
    double complex g[2][3][3];
    for (int q = 0; q < 2; q++) {
        double R[3] = {r[q][0] - c[0], r[q][1] - c[1], r[q][2] - c[2]};
        neq_em_vacuum_g0_3d(k, R, g[q]);
    }
    double dg = 0, sg = 0, dm = 0, sm = 0;
    for (int q = 0; q < 2; q++)
        for (int p = 0; p < 2; p++)
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++) {
                    double complex G = 0, M = 0;
                    for (int l = 0; l < 3; l++) {
                        G += g[q][i][l] * g[p][l][j]; /* g0(c, r_p) = g0(r_p, c)^T = g0 */
                        M += g[q][i][l] * conj(g[p][j][l]);
                    }
                    G *= beta;
                    M *= betaM;
                    dg = fmax(dg, cabs(t.g_R[q][p][i][j] - G));
                    sg = fmax(sg, cabs(G));
                    dm = fmax(dm, cabs(t.alpha_M[q][p][i][j] - M));
                    sm = fmax(sm, cabs(M));
                }
    /* the neglected orders: (k a)^2 ~ 3e-7 and the quadrupole's (a/d)^2 ~ 1e-5 */
    CHECK_CLOSE(dg / sg, 0, 1e-4);
    CHECK_CLOSE(dm / sm, 0, 1e-4);
    neq_body_free(b);
    neq_material_free(sic);
}

/* R -> infinity above the sphere's top vs the planar body at the same gap */
static void large_radius(void)
{
    neq_material *sic = NULL;
    neq_body *hs = NULL, *mir = NULL;
    CHECK_RC(neq_material_sic(&sic), 0);
    CHECK_RC(neq_body_halfspace(sic, &hs), 0);
    CHECK_RC(neq_body_mirror(&mir), 0);
    double r1[3] = {0, 0, 1e-6}, r2[3] = {0.25e-6, 0, 1e-6};
    neq_em_options opt = {1e-10, 1e-13};
    neq_em_tensors h, t, t2;
    CHECK_RC(neq_em_tensors_at(hs, OMEGA_SPP, r1, r2, &opt, NULL, &h), 0);
    /* the total Im g (alpha_W + alpha_M) converges fast: 1e-3 at R = 100 um */
    neq_body *b = NULL;
    CHECK_RC(neq_body_sphere(sic, 100e-6, NULL, &b), 0);
    CHECK_RC(neq_em_tensors_at(b, OMEGA_SPP, r1, r2, &opt, NULL, &t), 0);
    neq_body_free(b);
    for (int q = 0; q < 2; q++)
        for (int p = 0; p < 2; p++) {
            double zs = cimag(t.g_R[q][p][2][2]), zh = cimag(h.g_R[q][p][2][2]);
            double xs = cimag(t.g_R[q][p][0][0]), xh = cimag(h.g_R[q][p][0][0]);
            CHECK_CLOSE(zs / zh, 1, 2e-3); /* 1e-3 measured */
            CHECK_CLOSE(xs / xh, 1, 1e-2); /* 6e-3: the tangential dipole sees more of the curvature */
            CHECK_CLOSE(creal(t.g_R[q][p][2][2]) / creal(h.g_R[q][p][2][2]), 1, 2e-2);
        }
    /* ... while the split is still far off: the polariton leaks from the
     * curved surface (alpha_M 0.34 instead of 2.03) */
    CHECK(creal(t.alpha_M[0][0][2][2]) < 0.5 * creal(h.alpha_M[0][0][2][2]));
    /* the split converges as 1/R beyond the polariton's propagation length:
     * extrapolated from R = 8 and 16 mm, both to 1e-3 */
    CHECK_RC(neq_body_sphere(sic, 8e-3, NULL, &b), 0);
    CHECK_RC(neq_em_tensors_at(b, OMEGA_SPP, r1, r2, &opt, NULL, &t), 0);
    neq_body_free(b);
    CHECK_RC(neq_body_sphere(sic, 16e-3, NULL, &b), 0);
    CHECK_RC(neq_em_tensors_at(b, OMEGA_SPP, r1, r2, &opt, NULL, &t2), 0);
    neq_body_free(b);
    for (int q = 0; q < 2; q++)
        for (int p = 0; p < 2; p++)
            for (int i = 0; i < 3; i += 2) {
                double complex M1 = t.alpha_M[q][p][i][i], M2 = t2.alpha_M[q][p][i][i];
                double complex W1 = t.alpha_W[q][p][i][i], W2 = t2.alpha_W[q][p][i][i];
                double complex Mh = h.alpha_M[q][p][i][i], Wh = h.alpha_W[q][p][i][i];
                double dev16 = cabs(M2 - Mh) / cabs(Mh), dev8 = cabs(M1 - Mh) / cabs(Mh);
                CHECK(dev16 < 0.6 * dev8); /* still converging as ~ 1/R */
                CHECK_CLOSE(cabs(2 * M2 - M1 - Mh) / cabs(Mh), 0, 1e-3);
                CHECK_CLOSE(cabs(2 * W2 - W1 - Wh) / cabs(Wh), 0, 1e-3);
            }
    /* a perfectly conducting sphere tends to the mirror, with no polariton
     * to wait for: (gap / R) ~ 1e-4 at R = 10 mm */
    neq_em_tensors hm;
    CHECK_RC(neq_em_tensors_at(mir, 3e14, r1, r2, &opt, NULL, &hm), 0);
    CHECK_RC(neq_body_sphere(NULL, 10e-3, NULL, &b), 0);
    CHECK_RC(neq_em_tensors_at(b, 3e14, r1, r2, &opt, NULL, &t), 0);
    neq_body_free(b);
    double d, s;
    tdiff(t.g_R, hm.g_R, &d, &s);
    CHECK_CLOSE(d / s, 0, 1e-3);
    tdiff(t.alpha_W, hm.alpha_W, &d, &s);
    CHECK_CLOSE(d / s, 0, 1e-3);
    tdiff(t.alpha_M, hm.alpha_M, &d, &s); /* both exactly 0 */
    CHECK(d == 0 && s == 0);
    neq_body_free(mir);
    neq_body_free(hs);
    neq_material_free(sic);
}

/* eps = 1: nothing scatters; a lossless sphere emits nothing and
 * alpha_W = Im g is positive semidefinite */
static void limits(void)
{
    neq_material *vac = NULL, *glass = NULL;
    CHECK_RC(neq_material_parse("vacuum", &vac), 0);
    CHECK_RC(neq_material_parse("const:4", &glass), 0);
    double r1[3] = {0.3e-6, 0, 1.1e-6}, r2[3] = {-0.5e-6, 0.7e-6, 0.2e-6};
    neq_body *b = NULL;
    neq_em_tensors t;
    CHECK_RC(neq_body_sphere(vac, 1e-6, NULL, &b), 0);
    CHECK_RC(neq_em_tensors_at(b, 2e14, r1, r2, NULL, NULL, &t), 0);
    double d, s;
    for (int q = 0; q < 2; q++)
        for (int p = 0; p < 2; p++)
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++) {
                    CHECK(cabs(t.g_R[q][p][i][j]) < 1e-13);
                    CHECK(t.alpha_M[q][p][i][j] == 0);
                    CHECK_CLOSE(cabs(t.alpha_W[q][p][i][j] - cimag(t.g_0[q][p][i][j])), 0, 1e-13);
                }
    neq_body_free(b);
    CHECK_RC(neq_body_sphere(glass, 1e-6, NULL, &b), 0);
    CHECK_RC(neq_em_tensors_at(b, 2e14, r1, r2, NULL, NULL, &t), 0);
    tdiff(t.alpha_M, t.alpha_M, &d, &s);
    CHECK(s == 0);
    /* the 6 x 6 matrix alpha_W[(q,i),(p,j)] is Hermitian positive
     * semidefinite: every projection on random complex dipoles is >= 0 */
    unsigned long long seed = 7;
    for (int trial = 0; trial < 50; trial++) {
        double complex v[2][3];
        for (int q = 0; q < 2; q++)
            for (int i = 0; i < 3; i++) {
                seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
                double u1 = (double)(seed >> 11) / 9007199254740992.0;
                seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
                double u2 = (double)(seed >> 11) / 9007199254740992.0;
                v[q][i] = (u1 - 0.5) + I * (u2 - 0.5);
            }
        double complex e = 0;
        for (int q = 0; q < 2; q++)
            for (int p = 0; p < 2; p++)
                e += neq_em_project(v[q], v[p], (const double complex(*)[3])t.alpha_W[q][p]);
        CHECK(creal(e) > -1e-12 && fabs(cimag(e)) < 1e-12);
    }
    neq_body_free(b);
    /* a perfect conductor absorbs nothing */
    CHECK_RC(neq_body_sphere(NULL, 1e-6, NULL, &b), 0);
    CHECK_RC(neq_em_tensors_at(b, 2e14, r1, r2, NULL, NULL, &t), 0);
    tdiff(t.alpha_M, t.alpha_M, &d, &s);
    CHECK(s == 0);
    CHECK(cabs(t.g_R[0][0][2][2]) > 0.1);
    neq_body_free(b);
    neq_material_free(glass);
    neq_material_free(vac);
}

/* rotating everything by Q gives Q T Q^T; swapping the points transposes
 * g_R's pair and conjugate-transposes alpha's */
static void geometry(void)
{
    neq_material *sic = NULL;
    CHECK_RC(neq_material_sic(&sic), 0);
    double c[3] = {0.1e-6, 0.2e-6, -1.3e-6}, r1[3] = {0.4e-6, -0.3e-6, 0.5e-6},
           r2[3] = {-0.6e-6, 0.9e-6, -0.2e-6};
    double th = 0.7, ph = -1.1; /* Q = Rz(ph) Ry(th) */
    double Q[3][3] = {{cos(ph) * cos(th), -sin(ph), cos(ph) * sin(th)},
                      {sin(ph) * cos(th), cos(ph), sin(ph) * sin(th)},
                      {-sin(th), 0, cos(th)}};
    double qc[3] = {0}, q1[3] = {0}, q2[3] = {0};
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            qc[i] += Q[i][j] * c[j];
            q1[i] += Q[i][j] * r1[j];
            q2[i] += Q[i][j] * r2[j];
        }
    neq_body *b = NULL, *bq = NULL;
    CHECK_RC(neq_body_sphere(sic, 1e-6, c, &b), 0);
    CHECK_RC(neq_body_sphere(sic, 1e-6, qc, &bq), 0);
    neq_em_options opt = {1e-12, 1e-15};
    neq_em_tensors t, tq, ts;
    CHECK_RC(neq_em_tensors_at(b, OMEGA_SPP, r1, r2, &opt, NULL, &t), 0);
    CHECK_RC(neq_em_tensors_at(bq, OMEGA_SPP, q1, q2, &opt, NULL, &tq), 0);
    CHECK_RC(neq_em_tensors_at(b, OMEGA_SPP, r2, r1, &opt, NULL, &ts), 0);
    double dg = 0, dm = 0, dsg = 0, dsm = 0, s = 0;
    for (int q = 0; q < 2; q++)
        for (int p = 0; p < 2; p++)
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++) {
                    double complex G = 0, M = 0;
                    for (int a = 0; a < 3; a++)
                        for (int e = 0; e < 3; e++) {
                            G += Q[i][a] * t.g_R[q][p][a][e] * Q[j][e];
                            M += Q[i][a] * t.alpha_M[q][p][a][e] * Q[j][e];
                        }
                    dg = fmax(dg, cabs(tq.g_R[q][p][i][j] - G));
                    dm = fmax(dm, cabs(tq.alpha_M[q][p][i][j] - M));
                    /* swapped: the pair (1, 2) of ts is (2, 1) of t */
                    dsg = fmax(dsg, cabs(ts.g_R[1 - q][1 - p][i][j] - t.g_R[q][p][i][j]));
                    dsm = fmax(dsm, cabs(ts.alpha_M[1 - q][1 - p][i][j] - t.alpha_M[q][p][i][j]));
                    s = fmax(s, cabs(t.g_R[q][p][i][j]));
                }
    CHECK_CLOSE(dg / s, 0, 1e-10);
    CHECK_CLOSE(dm / s, 0, 1e-10);
    CHECK_CLOSE(dsg / s, 0, 1e-10);
    CHECK_CLOSE(dsm / s, 0, 1e-10);
    /* the tolerance sets the number of multipoles (a point 0.1 R from the
     * surface needs more) and the answers agree to the looser one */
    neq_em_tensors lo, hi;
    double n1[3] = {0, 0, 0.1e-6}, n2[3] = {0.3e-6, 0, 0.2e-6};
    neq_body_free(b);
    CHECK_RC(neq_body_sphere(sic, 1e-6, NULL, &b), 0);
    CHECK_RC(neq_em_tensors_at(b, OMEGA_SPP, n1, n2, &(neq_em_options){1e-5, 1e-8}, NULL, &lo), 0);
    CHECK_RC(neq_em_tensors_at(b, OMEGA_SPP, n1, n2, &(neq_em_options){1e-12, 1e-15}, NULL, &hi), 0);
    CHECK(lo.nevals < hi.nevals);
    double d;
    tdiff(lo.g_R, hi.g_R, &d, &s);
    CHECK(d / s < 1e-5);
    neq_body_free(b);
    neq_body_free(bq);
    neq_material_free(sic);
}

/* T_W = T_M: three qubits around a sphere relax to the free qubits'
 * thermal state, p_e = n/(2n + 1) each (eq. 3 of Bellomo-Antezza) */
static void thermal_state(void)
{
    neq_material *sic = NULL;
    CHECK_RC(neq_material_sic(&sic), 0);
    neq_body *b = NULL;
    CHECK_RC(neq_body_sphere(sic, 0.5e-6, (const double[3]){0, 0, 0}, &b), 0);
    neq_nb_geometry g;
    neq_nb_default_geometry(&g);
    g.omega = OMEGA_SPP;
    g.nq = 3;
    double pos[3][3] = {{0.7e-6, 0, 0.1e-6}, {-0.2e-6, 0.65e-6, 0.2e-6}, {0.1e-6, -0.3e-6, -0.8e-6}};
    double complex dip[3][3] = {{0, 0, 1}, {1, 0.3, 0}, {0.2, I, 0.5}};
    memcpy(g.pos, pos, sizeof pos);
    memcpy(g.dip, dip, sizeof dip);
    neq_nb_model *m = NULL;
    CHECK_RC(neq_nb_model_alloc(b, &g, NULL, &m), 0);
    double T = 700;
    static double complex rho[64];
    neq_nb_result r;
    CHECK_RC(neq_nb_steady_rho(m, T, T, 0, NULL, rho, &r), 0);
    double x = NEQ_HBAR * OMEGA_SPP / (NEQ_KB * T), n = 1 / expm1(x), pe = n / (2 * n + 1);
    double dmax = 0;
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 8; j++) {
            int k = __builtin_popcount((unsigned)i);
            double want = i == j ? pow(pe, k) * pow(1 - pe, 3 - k) : 0;
            dmax = fmax(dmax, cabs(rho[i + 8 * j] - want));
        }
    CHECK_CLOSE(dmax, 0, 1e-10);
    CHECK_CLOSE(r.heat_walls, 0, 1e-12);
    CHECK_CLOSE(r.heat_body, 0, 1e-12);
    neq_nb_model_free(m);
    /* a qubit inside: one line naming it */
    g.pos[1][0] = 0.1e-6;
    g.pos[1][1] = 0;
    CHECK_RC(neq_nb_model_alloc(b, &g, NULL, &m), NEQ_EDOMAIN);
    CHECK(strstr(neq_errdetail(), "qubit 2") && strstr(neq_errdetail(), "inside the sphere"));
    neq_body_free(b);
    neq_material_free(sic);
}

static void bad_input(void)
{
    neq_material *sic = NULL, *hbn = NULL;
    CHECK_RC(neq_material_sic(&sic), 0);
    CHECK_RC(neq_material_library("hbn", &hbn), 0);
    neq_body *b = NULL;
    CHECK_RC(neq_body_sphere(sic, 0, NULL, &b), NEQ_EDOMAIN);
    CHECK_RC(neq_body_sphere(sic, -1e-6, NULL, &b), NEQ_EDOMAIN);
    CHECK_RC(neq_body_sphere(sic, NAN, NULL, &b), NEQ_ENAN);
    CHECK_RC(neq_body_sphere(sic, 1e-6, (const double[3]){0, INFINITY, 0}, &b), NEQ_EDOMAIN);
    CHECK_RC(neq_body_sphere(hbn, 1e-6, NULL, &b), NEQ_EINVAL);
    CHECK(b == NULL);
    CHECK_RC(neq_body_sphere(sic, 1e-6, NULL, &b), 0);
    neq_em_tensors t;
    double in[3] = {0, 0, -0.5e-6}, out[3] = {0, 0, 1e-6}, on[3] = {0, 0, 0};
    CHECK_RC(neq_em_tensors_at(b, 1e14, in, out, NULL, NULL, &t), NEQ_EDOMAIN);
    CHECK_RC(neq_em_tensors_at(b, 1e14, out, on, NULL, NULL, &t), NEQ_EDOMAIN);
    CHECK(strstr(neq_errdetail(), "on the surface"));
    CHECK_RC(neq_em_tensors_at(b, 1e14, out, (const double[3]){0, NAN, 1e-6}, NULL, NULL, &t),
             NEQ_ENAN);
    double complex rho, tau;
    CHECK_RC(neq_body_fresnel(b, 1e14, 1, NEQ_TE, &rho, &tau), NEQ_EINVAL);
    /* one qubit: its self terms in every entry, nothing diverges */
    CHECK_RC(neq_em_tensors_at(b, 1e14, out, out, NULL, NULL, &t), 0);
    CHECK(t.g_R[0][1][2][2] == t.g_R[0][0][2][2] && t.g_0[0][1][2][2] == I);
    neq_body_free(b);
    neq_material_free(hbn);
    neq_material_free(sic);
}

int main(void)
{
    two_routes();
    rayleigh();
    large_radius();
    limits();
    geometry();
    thermal_state();
    bad_input();
    return check_report("sphere");
}
