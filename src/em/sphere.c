/* A sphere (Mie theory): the scattering Green tensor and the body's own
 * emission alpha_M for two points outside it (include/neqent/em.h; the
 * derivation and the symbols are in docs/physics.md, "Sphere").
 *
 * Both points are expressed about the centre.  The source point is put on
 * the z axis, where only the multipoles m = 0, 1 of the vector spherical
 * wave functions (Bohren & Huffman, eq. 4.50) are nonzero, so that every
 * tensor is a single sum over the order n of
 *   g_s   = (3i/2) sum_n w_n [-b_n M(r) M(r') - a_n N(r) N(r')],
 *   alpha_M = (3/2) sum_n w_n [W^M_n M(r) M(r')* + W^N_n N(r) N(r')*],
 * w_n = (2n+1)/(n(n+1)), with outgoing radial functions h_n(k r) (the free
 * dyadic Green function's expansion, Tai, Dyadic Green Functions in
 * Electromagnetic Theory, eq. 7.1.x, with g = (6 pi / k) G).  W_n is the
 * absorbed fraction of multipole n, from the volume integral of
 * Im eps |E_inside|^2 in closed form (Lommel's integral) or from the Mie
 * coefficients, Re b_n - |b_n|^2 (the absorbed power): the two routes.
 *
 * Far beyond the size parameter x = k a the terms fall like (a^2/(r r'))^n
 * while h_n(k r) and 1/psi_n(x) overflow: every radial quantity is carried
 * as a ratio to its value at x (T_n = xi_n(k r)/xi_n(x)), products like
 * psi_n(x) xi_n(x) stay O(1), and the Riccati-Bessel functions are advanced
 * by ratio recurrences (upward for xi, downward for the logarithmic
 * derivatives D_n = psi_n'/psi_n, the stable directions). */
#include "em_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The most multipoles a sum may take: beyond, NEQ_ECONVERGE (a point 1e-9 of
 * the radius from a surface) */
#define MIE_MAXN 4000000
/* The largest |m| x the downward recurrence of D_n(m x) may start above: it
 * runs ~|m| x steps per sum (some 10 s at 1e9) and its starting order, about
 * MIE_MAXN + |m| x, must fit an int */
#define MIE_MAXMX 1e9

static int cfinite(double complex z)
{
    return isfinite(creal(z)) && isfinite(cimag(z));
}

int neq_body_sphere(const neq_material *m, double radius, const double center[3], neq_body **out)
{
    neq_clear_error();
    if (!out)
        return neq_fail(NEQ_EINVAL, "neq_body_sphere: out is NULL");
    *out = NULL;
    if (isnan(radius))
        return neq_fail(NEQ_ENAN, "sphere radius R is NaN");
    if (!(radius > 0) || isinf(radius))
        return neq_fail(NEQ_EDOMAIN, "sphere radius R = %g m must be finite and > 0", radius);
    double c[3] = {0, 0, -radius};
    if (center)
        for (int i = 0; i < 3; i++) {
            if (!isfinite(center[i]))
                return neq_fail(isnan(center[i]) ? NEQ_ENAN : NEQ_EDOMAIN,
                                "sphere centre coordinate %d = %g m must be finite", i + 1,
                                center[i]);
            c[i] = center[i];
        }
    if (m && neq_material_is_uniaxial(m))
        return neq_fail(NEQ_EINVAL, "a sphere of a uniaxial material (%s) is not supported: the "
                                    "Mie series needs an isotropic eps",
                        neq_material_name(m) ? neq_material_name(m) : "uniaxial");
    neq_body *b = calloc(1, sizeof *b);
    if (!b)
        return neq_fail(NEQ_ENOMEM, "no memory for a body");
    b->sphere = 1;
    b->radius = radius;
    memcpy(b->center, c, sizeof c);
    b->below = m;
    *out = b;
    return NEQ_OK;
}

int neq_body_outside(const neq_body *b, const double r[3])
{
    neq_clear_error();
    if (!b || !r)
        return neq_fail(NEQ_EINVAL, "neq_body_outside: NULL argument");
    for (int i = 0; i < 3; i++)
        if (!isfinite(r[i]))
            return neq_fail(isnan(r[i]) ? NEQ_ENAN : NEQ_EDOMAIN,
                            "position (%g, %g, %g) m is not finite", r[0], r[1], r[2]);
    if (!b->sphere) {
        if (!(r[2] > 0))
            return neq_fail(NEQ_EDOMAIN, "height z = %g m must be > 0 (inside the body?)", r[2]);
        return NEQ_OK;
    }
    double d = hypot(hypot(r[0] - b->center[0], r[1] - b->center[1]), r[2] - b->center[2]);
    if (!(d > b->radius))
        return neq_fail(NEQ_EDOMAIN,
                        "(%g, %g, %g) m is %s the sphere of radius R = %g m centred at "
                        "(%g, %g, %g) m (%g m from its centre)",
                        r[0], r[1], r[2], d == b->radius ? "on the surface of" : "inside",
                        b->radius, b->center[0], b->center[1], b->center[2], d);
    return NEQ_OK;
}

/* ------------------------------------------------------ one radial point */

/* A point at k d from the centre: xi_n(rho) by its ratio R = xi_n/xi_{n-1}
 * (upward, xi_n = (2n-1)/rho xi_{n-1} - xi_{n-2}; xi_0 = -i e^{i rho},
 * xi_{-1} = e^{i rho}), and the radial factors of M and N relative to
 * xi_n(x): fM = T/rho, fNr = n(n+1) T/rho^2, fNt = (xi_n'/xi_n) T/rho. */
typedef struct {
    double rho;
    double complex R, T, fM, fNr, fNt;
} mie_point;

static void point_init(mie_point *p, double rho, double x)
{
    p->rho = rho;
    p->R = -I;
    p->T = cexp(I * (rho - x));
}

static void point_step(mie_point *p, int n, double complex Rx)
{
    double rho = p->rho;
    p->R = (2 * n - 1) / rho - 1.0 / p->R;
    p->T *= p->R / Rx;
    double complex Dxi = 1.0 / p->R - n / rho;
    p->fM = p->T / rho;
    p->fNr = (double)n * (n + 1) * p->T / (rho * rho);
    p->fNt = Dxi * p->T / rho;
}

/* ------------------------------------------------------------- the sums */

/* The local frames: the source point r' on +z at distance dB, the field
 * point at distance dA and polar angle theta in the xz plane (phi = 0). */
typedef struct {
    double complex g[3][3], a[3][3]; /* g_s and alpha_M, local axes */
} mie_block;

/* Adds order n's term (coefficients CM, CN of M and N, w_n) of a block with
 * field point A at polar angle (mu = cos theta, st = sin theta; Legendre
 * factors pi, tau, P) and source B on the axis.  conj_B: alpha_M's
 * M(r) M(r')* (else g's M(r) M(r')). */
static void add_term(double complex X[3][3], double w, double complex CM, double complex CN,
                     const mie_point *A, const mie_point *B, int conj_B, double mu, double st,
                     double pi, double tau, double P)
{
    double complex bM = conj_B ? conj(B->fM) : B->fM, bNt = conj_B ? conj(B->fNt) : B->fNt,
                   bNr = conj_B ? conj(B->fNr) : B->fNr;
    const double er[3] = {st, 0, mu}, et[3] = {mu, 0, -st};
    /* the x column: M_o1n and N_e1n at B; y: M_e1n and N_o1n; z: N_e0n */
    double complex cxr = CN * bNt * st * pi * A->fNr;                     /* along e_r     */
    double complex cxt = CM * bM * pi * A->fM + CN * bNt * tau * A->fNt; /* along e_theta */
    double complex cy = CM * bM * tau * A->fM + CN * bNt * pi * A->fNt;  /* along e_phi   */
    double complex czr = CN * bNr * P * A->fNr, czt = -CN * bNr * st * pi * A->fNt;
    for (int i = 0; i < 3; i++) {
        X[i][0] += w * (cxr * er[i] + cxt * et[i]);
        X[i][2] += w * (czr * er[i] + czt * et[i]);
    }
    X[1][1] += w * cy;
}

/* Downward recurrence of D_n(z) = psi_n'(z)/psi_n(z),
 * D_{n-1} = n/z - 1/(D_n + n/z), from D = 0 well above max(nmax, |z|)
 * (Bohren & Huffman, sec. 4.8): stable for complex z too.  The caller keeps
 * |z| <= MIE_MAXMX and nmax <= MIE_MAXN + 1, so that start fits an int. */
static void log_derivative(double complex z, int nmax, double complex *D)
{
    int start = nmax + 16 + (int)(cabs(z) + 4 * cbrt(cabs(z)));
    double complex d = 0;
    for (int n = start; n > 0; n--) {
        double complex nz = n / z;
        if (n <= nmax)
            D[n] = d;
        d = nz - 1.0 / (d + nz);
    }
    D[0] = d;
}

static int ensure(neq_em_workspace *ws, size_t n)
{
    if (ws->mie_cap >= n)
        return NEQ_OK;
    double *dx = realloc(ws->mie_dx, n * sizeof *dx);
    if (dx)
        ws->mie_dx = dx;
    double complex *dm = realloc(ws->mie_dm, n * sizeof *dm);
    if (dm)
        ws->mie_dm = dm;
    if (!dx || !dm)
        return neq_fail(NEQ_ENOMEM, "no memory for %zu multipoles of a sphere", n);
    ws->mie_cap = n;
    return NEQ_OK;
}

typedef struct {
    double x, a;
    int pec, lossy;
    double complex m;
    int route;
} mie_sphere;

/* The sums up to at most nmax multipoles; *used the number taken, 0 if the
 * tolerance was not reached within nmax.  d1, d2 distances from the centre,
 * theta the angle between the points (block 0: r1 with r1, 1: r2 with r2,
 * 2: r1 with r2 on the axis). */
static int mie_sums(const mie_sphere *s, double k, double d1, double d2, double mu, double st,
                    double epsrel, double epsabs, int nmax, neq_em_workspace *ws, mie_block bl[3],
                    int *used)
{
    double x = s->x;
    double complex m = s->m;
    NEQ_TRY(ensure(ws, (size_t)nmax + 2));
    double complex *Dm = ws->mie_dm;
    double *Dx = ws->mie_dx;
    {
        double complex *tmp = ws->mie_dm; /* D_n(x) first, real */
        log_derivative(x, nmax + 1, tmp);
        for (int n = 0; n <= nmax + 1; n++)
            Dx[n] = creal(tmp[n]);
        if (!s->pec)
            log_derivative(m * x, nmax + 1, Dm);
    }
    memset(bl, 0, 3 * sizeof *bl);
    mie_point p1, p2;
    point_init(&p1, k * d1, x);
    point_init(&p2, k * d2, x);
    /* xi_n(x) = psi_n + i eta_n upward while n <= x (psi_n by ratios
     * beyond, where it decays and the upward recurrence would not hold) */
    int nup = (int)floor(x);
    double psi0 = cos(x), psi1 = sin(x), eta0 = sin(x), eta1 = -cos(x);
    double complex Rx = -I, xi = psi1 + I * eta1;
    double complex P = psi1 * xi;                 /* psi_n(x) xi_n(x)   */
    double complex e = xi / cabs(xi);             /* xi_n(x)/|xi_n(x)| */
    double L = 1.0 / (creal(xi) * creal(xi) + cimag(xi) * cimag(xi)); /* 1/|xi_n(x)|^2 */
    double pim = 0, pin = 1, Pm = 1, Pn = mu;     /* pi_{n-1}, pi_n; P_{n-1}, P_n */
    double qa = (s->a / fmin(d1, d2)) * (s->a / fmin(d1, d2));
    int nmin = (int)(x + 4 * cbrt(x) + 2);
    double prev[3] = {INFINITY, INFINITY, INFINITY};
    for (int n = 1; n <= nmax; n++) {
        Rx = (2 * n - 1) / x - 1.0 / Rx;
        double complex Dxi = 1.0 / Rx - n / x;
        double complex bt, at; /* b_n xi_n(x)^2 and a_n xi_n(x)^2 */
        if (n <= nup) {
            double psi = (2 * n - 1) / x * psi1 - psi0, eta = (2 * n - 1) / x * eta1 - eta0;
            double dpsi = psi1 - n * psi / x;
            psi0 = psi1;
            psi1 = psi;
            eta0 = eta1;
            eta1 = eta;
            xi = psi + I * eta;
            P = psi * xi;
            e = xi / cabs(xi);
            L = 1.0 / (psi * psi + eta * eta);
            if (s->pec) {
                bt = P;
                at = xi * dpsi / Dxi;
            } else {
                bt = xi * (dpsi - m * Dm[n] * psi) / (Dxi - m * Dm[n]);
                at = xi * (m * dpsi - Dm[n] * psi) / (m * Dxi - Dm[n]);
            }
        } else {
            double Spsi = 1.0 / (Dx[n] + n / x); /* psi_n/psi_{n-1} */
            P *= Spsi * Rx;
            e *= Rx / cabs(Rx);
            L /= creal(Rx) * creal(Rx) + cimag(Rx) * cimag(Rx);
            if (s->pec) {
                bt = P;
                at = P * Dx[n] / Dxi;
            } else {
                bt = P * (Dx[n] - m * Dm[n]) / (Dxi - m * Dm[n]);
                at = P * (m * Dx[n] - Dm[n]) / (m * Dxi - Dm[n]);
            }
        }
        /* the absorbed fractions times |xi_n(x)|^2 */
        double WM = 0, WN = 0;
        if (s->lossy && s->route == NEQ_EM_MIE_ABSORBED) {
            double complex e2 = conj(e) * conj(e);
            WM = creal(bt * e2) - (creal(bt) * creal(bt) + cimag(bt) * cimag(bt)) * L;
            WN = creal(at * e2) - (creal(at) * creal(at) + cimag(at) * cimag(at)) * L;
        } else if (s->lossy) {
            /* Lommel: k^3 Im eps int_0^a |j_l(m k r)|^2 r^2 dr
             *   = -|j_l(m x)|^2 Im(m u_l) / k-free form, u_l = j_{l-1}/j_l = D_l + l/(m x) */
            double complex un = Dm[n] + n / (m * x), up = Dm[n + 1] + (n + 1) / (m * x);
            double iml = cimag(m * Dm[n - 1]), imn = cimag(m * Dm[n]), imp = cimag(m * Dm[n + 1]);
            double complex dM = Dxi - m * Dm[n], dN = m * Dxi - Dm[n];
            double au = creal(un) * creal(un) + cimag(un) * cimag(un);
            double aup = creal(up) * creal(up) + cimag(up) * cimag(up);
            WM = -imn / (creal(dM) * creal(dM) + cimag(dM) * cimag(dM));
            WN = -((n + 1) * au * iml + n * imp / aup) /
                 ((2 * n + 1) * (creal(dN) * creal(dN) + cimag(dN) * cimag(dN)));
        }
        point_step(&p1, n, Rx);
        point_step(&p2, n, Rx);
        if (n > 1) {
            double pi2 = ((2 * n - 1) * mu * pin - n * pim) / (n - 1);
            pim = pin;
            pin = pi2;
            double P2 = ((2 * n - 1) * mu * Pn - (n - 1) * Pm) / n;
            Pm = Pn;
            Pn = P2;
        }
        double tau = n * mu * pin - (n + 1) * pim;
        double w = (2.0 * n + 1) / ((double)n * (n + 1)), h = 0.5 * n * (n + 1);
        double complex CMg = -1.5 * I * bt, CNg = -1.5 * I * at;
        double CMa = 1.5 * WM, CNa = 1.5 * WN;
        /* self terms on the axis: diag(t, t, r) */
        mie_block term[3];
        memset(term, 0, sizeof term);
        const mie_point *pt[2] = {&p1, &p2};
        for (int q = 0; q < 2; q++) {
            const mie_point *p = pt[q];
            double complex tg = w * h * (CMg * p->fM * p->fM + CNg * p->fNt * p->fNt);
            double complex rg = w * CNg * p->fNr * p->fNr;
            double aM = cabs(p->fM), aNt = cabs(p->fNt), aNr = cabs(p->fNr);
            double ta = w * h * (CMa * aM * aM + CNa * aNt * aNt), ra = w * CNa * aNr * aNr;
            term[q].g[0][0] = term[q].g[1][1] = tg;
            term[q].g[2][2] = rg;
            term[q].a[0][0] = term[q].a[1][1] = ta;
            term[q].a[2][2] = ra;
        }
        add_term(term[2].g, w, CMg, CNg, &p1, &p2, 0, mu, st, pin, tau, Pn);
        add_term(term[2].a, w, CMa, CNa, &p1, &p2, 1, mu, st, pin, tau, Pn);
        double tmax[3] = {0, 0, 0}, smax[3] = {0, 0, 0};
        int finite = 1; /* fmax below drops NaN: each entry is tested itself */
        for (int q = 0; q < 3; q++)
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++) {
                    bl[q].g[i][j] += term[q].g[i][j];
                    bl[q].a[i][j] += term[q].a[i][j];
                    finite = finite && cfinite(term[q].g[i][j]) && cfinite(term[q].a[i][j]) &&
                             cfinite(bl[q].g[i][j]) && cfinite(bl[q].a[i][j]);
                    double complex wt = cimag(term[q].g[i][j]) - term[q].a[i][j];
                    double complex ws_ = cimag(bl[q].g[i][j]) - bl[q].a[i][j] + (i == j && q < 2);
                    if (q < 2) { /* the pair's terms oscillate with P_n(cos theta) and are
                                    bounded by the self terms (|pi_n|, |tau_n| <= n(n+1)/2) */
                        tmax[0] = fmax(tmax[0], cabs(term[q].g[i][j]));
                        tmax[1] = fmax(tmax[1], cabs(term[q].a[i][j]));
                        tmax[2] = fmax(tmax[2], cabs(wt));
                    }
                    smax[0] = fmax(smax[0], cabs(bl[q].g[i][j]));
                    smax[1] = fmax(smax[1], cabs(bl[q].a[i][j]));
                    smax[2] = fmax(smax[2], cabs(ws_));
                }
        if (!finite)
            return neq_fail(NEQ_EDOMAIN, "the sphere's multipole %d or its partial sum is not "
                                         "finite (x = %g, m = %g%+gi)", n, x, creal(m), cimag(m));
        if (n >= nmin) {
            /* beyond the resonances the terms fall like (a^2/(d d'))^n n^2 */
            double qe = qa * (1 + 3.0 / n);
            int done = qe < 1;
            for (int c = 0; c < 3 && done; c++)
                done = tmax[c] <= prev[c] * (1 + 1e-12) &&
                       tmax[c] * qe / (1 - qe) <= epsrel * smax[c] + epsabs;
            if (done) {
                *used = n;
                return NEQ_OK;
            }
        }
        memcpy(prev, tmax, sizeof prev);
    }
    *used = 0;
    return NEQ_OK;
}

/* The local frame of a distance-d point on +z: rows of Rm are the local
 * axes in global coordinates (Rm[2] = the unit vector r/d). */
static void frame(const double u[3], const double v[3], double Rm[3][3])
{
    for (int i = 0; i < 3; i++)
        Rm[2][i] = u[i];
    /* x axis: v's part normal to u, or any normal to u */
    double c = v[0] * u[0] + v[1] * u[1] + v[2] * u[2], x[3], nx = 0;
    for (int i = 0; i < 3; i++) {
        x[i] = v[i] - c * u[i];
        nx += x[i] * x[i];
    }
    if (!(nx > 1e-24)) {
        int j = fabs(u[0]) < 0.9 ? 0 : 1;
        for (int i = 0; i < 3; i++)
            x[i] = (i == j) - u[j] * u[i];
        nx = x[0] * x[0] + x[1] * x[1] + x[2] * x[2];
    }
    nx = sqrt(nx);
    for (int i = 0; i < 3; i++)
        Rm[0][i] = x[i] / nx;
    Rm[1][0] = u[1] * Rm[0][2] - u[2] * Rm[0][1];
    Rm[1][1] = u[2] * Rm[0][0] - u[0] * Rm[0][2];
    Rm[1][2] = u[0] * Rm[0][1] - u[1] * Rm[0][0];
}

/* global = Rm^T X Rm */
static void to_global(double Rm[3][3], double complex X[3][3], double complex Y[3][3])
{
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            double complex v = 0;
            for (int a = 0; a < 3; a++)
                for (int b = 0; b < 3; b++)
                    v += Rm[a][i] * X[a][b] * Rm[b][j];
            Y[i][j] = v;
        }
}

int neq_em_sphere_tensors(const neq_body *b, double omega, const double r1[3], const double r2[3],
                          double epsrel, double epsabs, int route, neq_em_workspace *ws,
                          neq_em_tensors *t)
{
    double k = omega / NEQ_C_LIGHT;
    mie_sphere s = {.a = b->radius, .x = k * b->radius, .pec = b->below == NULL, .route = route};
    if (!s.pec) {
        double complex eps;
        NEQ_TRY(neq_material_eps(b->below, omega, &eps));
        if (!isfinite(creal(eps)) || !isfinite(cimag(eps)) || cimag(eps) < 0)
            return neq_fail(NEQ_EDOMAIN, "the sphere's eps = %g%+gi at omega = %g rad/s is not "
                                         "finite with Im >= 0", creal(eps), cimag(eps), omega);
        s.m = csqrt(eps);
        if (cimag(s.m) < 0)
            s.m = -s.m;
        s.lossy = cimag(eps) > 0;
    }
    /* the series only converges past the order x + 4 x^(1/3) (the resonances,
     * Wiscombe's criterion): a size parameter that puts it beyond MIE_MAXN
     * would also overflow the int orders below */
    if (!(s.x + 4 * cbrt(s.x) + 2 <= MIE_MAXN))
        return neq_fail(NEQ_EDOMAIN, "the sphere's size parameter x = k R = %g (R = %g m, omega = "
                                     "%g rad/s) needs more than the %d multipoles the Mie series "
                                     "may take", s.x, s.a, omega, MIE_MAXN);
    if (!s.pec && !(cabs(s.m) * s.x <= MIE_MAXMX))
        return neq_fail(NEQ_EDOMAIN, "the sphere's |m| x = %g (m = sqrt(eps) = %g%+gi, x = k R = "
                                     "%g) exceeds %g, the most the Mie recursion supports",
                        cabs(s.m) * s.x, creal(s.m), cimag(s.m), s.x, MIE_MAXMX);
    double u1[3], u2[3], d1, d2;
    {
        double a[3], c[3];
        for (int i = 0; i < 3; i++) {
            a[i] = r1[i] - b->center[i];
            c[i] = r2[i] - b->center[i];
        }
        d1 = sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
        d2 = sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
        for (int i = 0; i < 3; i++) {
            u1[i] = a[i] / d1;
            u2[i] = c[i] / d2;
        }
    }
    double mu = u1[0] * u2[0] + u1[1] * u2[1] + u1[2] * u2[2];
    mu = fmax(-1.0, fmin(1.0, mu));
    double R1[3][3], R2[3][3];
    frame(u1, u2, R1);
    frame(u2, u1, R2);
    double st = 0; /* sin theta: r1's component along R2's x axis */
    for (int i = 0; i < 3; i++)
        st += R2[0][i] * u1[i];
    /* the number of multipoles: the resonances, then (a^2/d^2)^n down to
     * the tolerance (doubled until the sums converge) */
    double qa = (s.a / fmin(d1, d2)) * (s.a / fmin(d1, d2));
    double nest = s.x + 4 * cbrt(s.x) + 20 + log(epsrel * 1e-3 * (1 - qa)) / log(qa);
    /* nest is NaN or -inf for a point that rounds onto the surface (qa >= 1) */
    int nmax = nest >= 1 && nest < MIE_MAXN ? (int)nest : MIE_MAXN, used = 0;
    mie_block bl[3];
    for (;;) {
        NEQ_TRY(mie_sums(&s, k, d1, d2, mu, st, epsrel, epsabs, nmax, ws, bl, &used));
        if (used || nmax >= MIE_MAXN)
            break;
        nmax = nmax > MIE_MAXN / 2 ? MIE_MAXN : 2 * nmax;
    }
    if (!used)
        return neq_fail(NEQ_ECONVERGE, "the sphere's Mie series did not reach epsrel = %g within "
                                       "%d multipoles (points %g and %g m from the surface, "
                                       "R = %g m)", epsrel, MIE_MAXN, d1 - s.a, d2 - s.a, s.a);
    /* assembled aside: t is written only on success (em.h) */
    neq_em_tensors res, *o = &res;
    memset(o, 0, sizeof *o);
    /* blocks 0, 1: each point with itself in its own frame; 2: the pair, in
     * r2's frame with r1 at polar angle theta (phi = 0) */
    static const int at[3][2] = {{0, 0}, {1, 1}, {0, 1}};
    for (int k = 0; k < 3; k++) {
        double(*Rm)[3] = k == 0 ? R1 : R2;
        to_global(Rm, bl[k].g, o->g_R[at[k][0]][at[k][1]]);
        to_global(Rm, bl[k].a, o->alpha_M[at[k][0]][at[k][1]]);
    }
    double R[3];
    for (int i = 0; i < 3; i++)
        R[i] = r1[i] - r2[i];
    if (R[0] == 0 && R[1] == 0 && R[2] == 0) /* one point: the self convention */
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                o->g_0[0][1][i][j] = (i == j) ? I : 0;
    else
        neq_em_vacuum_g0_3d(k, R, o->g_0[0][1]);
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            /* reciprocity g(r2, r1) = g(r1, r2)^T; alpha^{21} = (alpha^{12})^+ */
            o->g_R[1][0][i][j] = o->g_R[0][1][j][i];
            o->g_0[1][0][i][j] = o->g_0[0][1][j][i];
            o->alpha_M[1][0][i][j] = conj(o->alpha_M[0][1][j][i]);
            o->g_0[0][0][i][j] = o->g_0[1][1][i][j] = (i == j) ? I : 0;
        }
    for (int q = 0; q < 2; q++)
        for (int p = 0; p < 2; p++)
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++) /* alpha_W is the rest of Im g */
                    o->alpha_W[q][p][i][j] = cimag(o->g_0[q][p][i][j] + o->g_R[q][p][i][j]) -
                                             o->alpha_M[q][p][i][j];
    /* the sums were finite; the rotations and Im g - alpha_M can still
     * overflow near DBL_MAX, and no success may carry a NaN */
    double complex(*X[4])[2][3][3] = {o->g_R, o->g_0, o->alpha_W, o->alpha_M};
    static const char *const name[4] = {"g_R", "g_0", "alpha_W", "alpha_M"};
    for (int c = 0; c < 4; c++)
        for (int q = 0; q < 2; q++)
            for (int p = 0; p < 2; p++)
                for (int i = 0; i < 3; i++)
                    for (int j = 0; j < 3; j++)
                        if (!cfinite(X[c][q][p][i][j]))
                            return neq_fail(NEQ_EDOMAIN, "the sphere's %s^%d%d_%c%c is not finite "
                                                         "(x = %g, m = %g%+gi, %d multipoles)",
                                            name[c], q + 1, p + 1, "xyz"[i], "xyz"[j], s.x,
                                            creal(s.m), cimag(s.m), used);
    o->nevals = used;
    *t = res;
    return NEQ_OK;
}
