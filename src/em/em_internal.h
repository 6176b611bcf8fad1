/* Private declarations of src/em/ (not installed): the layout of bodies and
 * workspaces, and the pieces of the Green-tensor computation, one file each:
 *   integrands.c  angular factors, the evanescent and propagating integrands,
 *                 the vacuum tensor g0;
 *   quadrature.c  the vector GK21 global-adaptive integrator;
 *   poles.c       poles of rho_p(v): scan, Newton, residues, their Taylor
 *                 factors and analytic integrals, and the pole cache;
 *   green.c       the driver neq_em_tensors_compute.
 * Derivation and variables: docs/physics.md, "Body model". */
#ifndef NEQENT_EM_INTERNAL_H
#define NEQENT_EM_INTERNAL_H

#include "../core/internal.h"
#include "neqent/em.h"

#define NEQ_EM_MAX_LAYERS NEQ_BODY_MAX_LAYERS
/* the permittivities of a body at one frequency: eps_par of the layers and
 * substrate at [0..n], eps_perp (along the optic axis, z) of the same at
 * [NEQ_EM_PERP + 0..n]; equal for isotropic media */
#define NEQ_EM_PERP (NEQ_EM_MAX_LAYERS + 1)
/* ... and the sheets' conductances Z0 sigma (dimensionless) at interfaces
 * 0..n from [NEQ_EM_SHEET] on (0 where there is none) */
#define NEQ_EM_SHEET (2 * NEQ_EM_PERP)
#define NEQ_EM_NEPS (3 * NEQ_EM_PERP)

struct neq_body {
    int mirror;
    int n;                                         /* layers */
    const neq_material *layer[NEQ_EM_MAX_LAYERS];  /* not owned: must outlive the body */
    double d[NEQ_EM_MAX_LAYERS];
    const neq_material *below;                     /* NULL: vacuum */
    const neq_sheet *sheet[NEQ_EM_MAX_LAYERS + 1]; /* at interface j (0: the top), not owned */
    int nsheets;
    /* a sphere (sphere.c): radius, centre, material in `below` (NULL: a
     * perfect conductor); none of the planar fields above is used */
    int sphere;
    double radius, center[3];
};

/* The library's entry of a material (library.c), and uniaxial materials:
 * par takes ownership of perp (freed on failure too). */
void neq_material_set_info(neq_material *m, const neq_material_info *info);
int neq_material_make_uniaxial(neq_material *par, neq_material *perp);

/* eps[0..n-1] of the layers and eps[n] of the substrate (1 for vacuum), and
 * their eps_perp from eps[NEQ_EM_PERP] on (NEQ_EM_NEPS entries in all). */
int neq_body_eps(const neq_body *b, double omega, double complex *eps);
/* rho, tau of both polarisations ([NEQ_TE], [NEQ_TM]) for q = kz0/k0. */
void neq_body_rt2(const neq_body *b, const double complex *eps, double k0, double complex q,
                  double complex rho[2], double complex tau[2]);
/* rho, tau for q = kz0/k0 (any complex), with eps from neq_body_eps. */
void neq_body_rt(const neq_body *b, const double complex *eps, double k0, double complex q, int pol,
                 double complex *rho, double complex *tau);

/* ------------------------------------------------------------ sizes */

#define NEQ_EM_NPAIR 4    /* (q, q') = (1,1), (1,2), (2,1), (2,2), index 2 (q-1) + (q'-1) */
#define NEQ_EM_NCOMP 5    /* xx, yy, zz, xz, zx (xy, yx, yz, zy vanish) */
#define NEQ_EM_NEV (NEQ_EM_NPAIR * NEQ_EM_NCOMP)   /* evanescent components: g_R,ev */
#define NEQ_EM_NPROP (3 * NEQ_EM_NEV)              /* alpha_W, alpha_M,prop, g_R,prop */
#define NEQ_EM_MAXPOLES 32

enum { NEQ_EM_XX, NEQ_EM_YY, NEQ_EM_ZZ, NEQ_EM_XZ, NEQ_EM_ZX };

/* ------------------------------------------------------ integrands.c */

/* One geometry at one frequency: what the integrands read.  Pair k joins
 * qubit q = k / 2 to q' = k % 2. */
typedef struct {
    const neq_body *b;
    double complex eps[NEQ_EM_NEPS]; /* from neq_body_eps */
    double k0;                                 /* omega / c */
    double r12;
    double dz[NEQ_EM_NPAIR], sz[NEQ_EM_NPAIR], x[NEQ_EM_NPAIR]; /* z_q - z_q', z_q + z_q',
                                                                   x_q - x_q' */
} neq_em_geom;

/* Fills g (body unset) from omega, heights and separation; eps is left for
 * the caller (neq_body_eps). */
void neq_em_geom_init(neq_em_geom *g, const neq_body *b, double omega, double z1, double z2,
                      double r12);

/* The smooth real factor h_p of the evanescent integrand at v (eq. for g_R,ev
 * in docs/physics.md): g_R,ev = sum_p int dv rho_p(v) h_p(v).  Status: only
 * a failure of a Bessel function (not an underflow, which is 0). */
int neq_em_evanescent_h(const neq_em_geom *g, double v, double h[2][NEQ_EM_NEV]);

/* Subtracted singular parts: pole j of polarisation pol[j] at vp[j] with
 * residue res[j] (the part that depends on the body and omega only, cached
 * in poles.c). */
typedef struct {
    int n;
    double complex vp[NEQ_EM_MAXPOLES], res[NEQ_EM_MAXPOLES];
    int pol[NEQ_EM_MAXPOLES];
} neq_em_poles;

/* Per geometry: res_j (pa_j + pb_j (v - vr_j)) / (v - vp_j) is subtracted,
 * pa_j + pb_j (v - vr_j) the Taylor polynomial of h_pol[j] at vr_j = Re vp_j. */
typedef struct {
    double vr[NEQ_EM_MAXPOLES];
    double complex pa[NEQ_EM_MAXPOLES][NEQ_EM_NEV], pb[NEQ_EM_MAXPOLES][NEQ_EM_NEV];
} neq_em_pole_terms;

/* params of neq_em_evanescent_integrand; poles NULL: nothing subtracted */
typedef struct {
    const neq_em_geom *g;
    const neq_em_poles *poles;
    const neq_em_pole_terms *terms;
} neq_em_evanescent_params;

/* Integrands in the form of neq_em_vec_fn (below): the evanescent one
 * (NEQ_EM_NEV components, g_R,ev minus pole terms) at v, params a
 * neq_em_evanescent_params; the propagating one (NEQ_EM_NPROP components:
 * alpha_W, alpha_M,prop, g_R,prop) at w = kz/k0, params a neq_em_geom. */
int neq_em_evanescent_integrand(void *params, double v, double complex *out, double *noise);
int neq_em_propagating_integrand(void *params, double w, double complex *out, double *noise);

/* Vacuum part of g for one pair (NEQ_EM_NCOMP entries): lateral offset x,
 * height difference dz; same != 0 for a qubit with itself (Im = 1, Re = 0
 * by convention).  Not finite when k0 |r| is so small that 1/(k0 r)^3
 * overflows. */
void neq_em_vacuum_g0(double k0, double x, double dz, int same, double complex g[NEQ_EM_NCOMP]);

/* ------------------------------------------------------ quadrature.c */

/* A vector integrand: y[0..dim-1] at x and noise[m] >= 0, the rounding
 * scale of y[m] (the quadrature does not try to resolve below it).
 * Returns 0, or a negative NEQ_E... status (with neq_fail) that stops the
 * integration. */
typedef int (*neq_em_vec_fn)(void *params, double x, double complex *y, double *noise);

#define NEQ_EM_QUAD_MAXDIM NEQ_EM_NPROP
#define NEQ_EM_QUAD_LIMIT 4000

/* Scratch of the integrator: room for `limit` subintervals of up to
 * NEQ_EM_QUAD_MAXDIM complex components. */
typedef struct neq_em_quad neq_em_quad;

int neq_em_quad_alloc(int limit, neq_em_quad **out);
void neq_em_quad_free(neq_em_quad *q);

enum { NEQ_EM_MAP_NONE = 0, NEQ_EM_MAP_TAIL = 1 }; /* tail: x = V + t / (1 - t), t in [0, 1) */

/* What one integration did; on NEQ_ECONVERGE also which real component
 * failed. */
typedef struct {
    int neval;      /* integrand evaluations */
    int nintervals; /* subintervals in the final partition */
    int limit_hit;  /* 1: stopped at the workspace's limit; 0: an interval could not be
                       bisected further (or converged) */
    int worst;      /* component farthest above its tolerance, 2 m + (0: Re, 1: Im) */
    double worst_err, worst_tol; /* its error estimate and tolerance */
} neq_em_quad_info;

/* Integrates f over the union of [pts[k], pts[k+1]] (each mapped by `map`,
 * with V the tail's start); dim <= NEQ_EM_QUAD_MAXDIM.  result[m] and
 * abserr[m] (creal: error estimate of Re result[m]; cimag: of Im result[m])
 * are filled also when the tolerance is not met.  Each real component meets
 * err <= max(epsrel |I|, epsabs, 2 x its accumulated rounding scale).
 * Returns 0, NEQ_ECONVERGE (info says why; no detail is set: the caller
 * knows what was integrated), or the integrand's status. */
int neq_em_quad_integrate(neq_em_quad *q, neq_em_vec_fn f, void *params, int dim, int map,
                          double V, const double *pts, int npts, double epsrel, double epsabs,
                          double complex *result, double complex *abserr, neq_em_quad_info *info);

/* ----------------------------------------------------------- poles.c */

/* A few scans of the poles, each stored with everything it depends on
 * (the key: omega, the body's layout and thicknesses, the permittivities
 * themselves rather than the body's address, which a caller may reuse, and
 * the scanned range). */
#define NEQ_EM_CACHE_SLOTS 4

typedef struct {
    int valid, n, below, mirror;
    double omega, range, d[NEQ_EM_MAX_LAYERS];
    double complex eps[NEQ_EM_NEPS];
    neq_em_poles poles;
} neq_em_pole_slot;

typedef struct {
    neq_em_pole_slot slot[NEQ_EM_CACHE_SLOTS];
    int next; /* slot to overwrite on a miss (round robin) */
} neq_em_pole_cache;

/* The scanned range for a geometry that needs poles up to vmax: vmax
 * rounded up to a power of two (nearby geometries share a scan); +inf if
 * vmax is not finite and positive. */
double neq_em_poles_range(double vmax);
/* The poles of rho_p(v) for g's body at omega, scanned over
 * [0, neq_em_poles_range(vmax)]: from `cache` when the same scan is there,
 * else scanned (and stored; cache NULL: no cache).  The scan is a function
 * of the key alone, so a hit returns exactly what a miss computes: results
 * do not depend on what was computed before. */
void neq_em_poles_find(neq_em_pole_cache *cache, const neq_em_geom *g, double omega, double vmax,
                       neq_em_poles *p);
/* The scan itself: peaks of |rho_p| on a grid over [1e-9, range], complex
 * Newton on 1/rho_p, residues by contour integrals. */
void neq_em_poles_scan(const neq_em_geom *g, double range, neq_em_poles *p);
/* Taylor factors of each pole's smooth factor for this geometry. */
int neq_em_poles_taylor(const neq_em_geom *g, const neq_em_poles *p, neq_em_pole_terms *t);
/* out[m] += integral over [a, b] of the subtracted pole terms (analytic). */
void neq_em_poles_integrate(const neq_em_poles *p, const neq_em_pole_terms *t, double a, double b,
                            double complex *out);

/* ------------------------------------------------------- workspace */

struct neq_em_workspace {
    neq_em_quad *quad;
    neq_em_pole_cache cache;
    neq_em_poles poles;      /* scratch of one call */
    neq_em_pole_terms terms;
    /* the sphere's logarithmic derivatives D_n(x), D_n(m x), n = 0..cap-1 */
    double *mie_dx;
    double complex *mie_dm;
    size_t mie_cap;
};

/* ----------------------------------------------------------- sphere.c */

/* The Mie sums' two routes to the body's emission (docs/physics.md,
 * "Sphere"): the volume integral of Im eps |E_inside|^2 (the default) and
 * the absorbed power Re b_n - |b_n|^2, Re a_n - |a_n|^2. */
enum { NEQ_EM_MIE_VOLUME = 0, NEQ_EM_MIE_ABSORBED = 1 };
/* The tensors of a sphere body for points r1, r2 (global axes, outside
 * it), alpha_M by `route`; checked arguments (neq_em_tensors_at). */
int neq_em_sphere_tensors(const neq_body *b, double omega, const double r1[3], const double r2[3],
                          double epsrel, double epsabs, int route, neq_em_workspace *ws,
                          neq_em_tensors *t);
/* The vacuum g0 of two distinct points R = r - r' apart (3 x 3, global axes). */
void neq_em_vacuum_g0_3d(double k0, const double R[3], double complex g[3][3]);

#endif
