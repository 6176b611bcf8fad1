/* neqent: the electromagnetic environment near a planar body
 * (Bellomo & Antezza 2013, eqs. 4-7).  SI units throughout: angular
 * frequencies in rad/s, lengths in m, temperatures in K.
 *
 * Geometry (docs/physics.md, "Body model"): the body occupies z < 0 (a slab
 * -delta < z < 0, a half-space, or a stack of layers), vacuum above.  Qubit 1
 * sits at lateral position (0, 0) and height z1 > 0, qubit 2 at (r12, 0) and
 * height z2 > 0.  Dipole unit vectors (complex allowed) in these axes; the
 * paper's choice is z (perpendicular to the body).
 *
 * Normalisation: alpha_W, alpha_M and g = (6 pi eps0 c^3/omega^3) G are
 * dimensionless, with Im g0(r, r) = 1 in vacuum, so that a qubit's vacuum
 * decay rate Gamma_0 multiplies them (eq. 4).
 *
 * Threads: materials and bodies are read-only once built, so any number of
 * threads may use the same ones at once (neq_material_eps, neq_body_fresnel,
 * neq_em_tensors_compute).  neq_em_tensors_compute keeps no state between
 * calls outside the neq_em_workspace it is given: give each thread its own
 * workspace (or NULL); one workspace must not be used by two threads at
 * once.  Results do not depend on the thread, the workspace or what was
 * computed before.  Constructors and _free functions act on their own
 * object only; a material or body must not be freed while another thread
 * uses it.  Error details (neq_errdetail) are per thread. */
#ifndef NEQENT_EM_H
#define NEQENT_EM_H

#include <complex.h>

#include "neqent/common.h"

NEQ_BEGIN_DECLS

#define NEQ_C_LIGHT 299792458.0        /* m/s */
#define NEQ_HBAR 1.054571817e-34       /* J s */
#define NEQ_KB 1.380649e-23            /* J/K */
#define NEQ_EPS0 8.8541878128e-12      /* F/m */
#define NEQ_PI 3.14159265358979323846

/* ------------------------------------------------------------ materials */

typedef struct neq_material neq_material;

/* eps = constant (Im eps >= 0). */
int neq_material_constant(double complex eps, neq_material **out);
/* eps = eps_inf + sum_j s_j w_j^2 / (w_j^2 - w^2 - i g_j w)  (Lorentz oscillators). */
int neq_material_lorentz(double eps_inf, int n, const double *s, const double *w0,
                         const double *g, neq_material **out);
/* eps = eps_inf - wp^2 / (w^2 + i g w)  (Drude metal). */
int neq_material_drude(double eps_inf, double wp, double g, neq_material **out);
/* The factorised Drude-Lorentz form eps_inf (wL^2 - w^2 - i g w)/(wT^2 - w^2 - i g w). */
int neq_material_drude_lorentz(double eps_inf, double wL, double wT, double g, neq_material **out);
/* SiC's Drude-Lorentz constants (Bellomo & Antezza 2013, after Palik). */
#define NEQ_SIC_EPS_INF 6.7
#define NEQ_SIC_OMEGA_L 1.827e14 /* rad/s */
#define NEQ_SIC_OMEGA_T 1.495e14 /* rad/s: the paper's omega_r */
#define NEQ_SIC_GAMMA 0.9e12     /* rad/s */
/* Built-in SiC: neq_material_drude_lorentz with the NEQ_SIC_ constants. */
int neq_material_sic(neq_material **out);
/* Tabulated data: a text file whose first comment line is
 *   # neqent-table x=omega|wavelength y=eps|nk|eps2|nk2
 * (omega in rad/s, wavelength in m; y columns Re, Im of eps or n, k), then
 * three plain decimal numbers per line (neq_parse_real), or five for a
 * uniaxial material (eps2, nk2: eps_par's two, then eps_perp's); '#' lines
 * are comments.  Interpolated by cubic splines in omega; outside the tabulated
 * range is NEQ_EDOMAIN.  A file that cannot be read, or is not a regular
 * file (a directory, a FIFO: refused without blocking), is NEQ_EIO; bad
 * content NEQ_EINVAL with the line number. */
int neq_material_table(const char *path, neq_material **out);
/* From a specification: a library name (neq_material_library), "vacuum",
 * "const:RE[,IM]", "drude:EPSINF,WP,G", "dl:EPSINF,WL,WT,G", "file:PATH", or
 * "uniaxial:PAR;PERP" of two isotropic ones (eps_par in the plane of the
 * layers, eps_perp along z). */
int neq_material_parse(const char *spec, neq_material **out);
/* eps(omega) of a material; reads m only (safe from several threads).
 * NEQ_EINVAL for a uniaxial material (neq_material_eps_tensor). */
int neq_material_eps(const neq_material *m, double omega, double complex *eps);
/* The in-plane and out-of-plane (optic axis) permittivities of a uniaxial
 * material; both equal eps for an isotropic one. */
int neq_material_eps_tensor(const neq_material *m, double omega, double complex *eps_par,
                            double complex *eps_perp);
/* 1 for a uniaxial material (hbn), 0 otherwise. */
int neq_material_is_uniaxial(const neq_material *m);
/* The frequencies [rad/s] where a material's model is valid: a library
 * entry's documented range, a table's tabulated one, (0, inf) otherwise.
 * Outside it eps is still computed: callers warn (the command line does). */
int neq_material_range(const neq_material *m, double *wmin, double *wmax);
/* A library material's name ("sio2"), NULL for others. */
const char *neq_material_name(const neq_material *m);

/* The built-in library (docs/materials.md, `neqent materials`): one entry. */
typedef struct {
    const char *name;        /* as in --material: "sio2", "si-n:N"'s "si-n"           */
    const char *description; /* one line                                               */
    const char *model;       /* the formula and every parameter's value                */
    const char *source;      /* paper and table                                        */
    double wmin, wmax;       /* valid frequency range [rad/s]                          */
    int uniaxial;            /* 1: eps_par, eps_perp (neq_material_eps_tensor)          */
    int needs_argument;      /* 1: NAME:ARG (si-n:N, the carrier density)               */
} neq_material_info;
/* The number of library entries. */
int neq_material_library_count(void);
/* Entry k (0-based) of the library. */
int neq_material_library_info(int k, neq_material_info *info);
/* A library material by name ("sic", "sio2", "hbn", "au", "si-n:1e19cm-3"). */
int neq_material_library(const char *name, neq_material **out);
/* Frees a material (NULL is allowed); free the bodies that use it first. */
void neq_material_free(neq_material *m);

/* --------------------------------------------------------------- bodies */

typedef struct neq_body neq_body;

/* -------------------------------------------------------------- sheets */

/* A two-dimensional conducting sheet (graphene) at an interface of a body. */
typedef struct neq_sheet neq_sheet;
/* Graphene with the local Kubo conductivity, intraband and interband
 * (Falkovsky 2008): chemical potential mu [J] (|mu| <= 2 eV), temperature
 * T [K] > 0, scattering rate gamma [rad/s] >= 0. */
int neq_sheet_graphene(double mu, double T, double gamma, neq_sheet **out);
/* "graphene:MU[,T[,GAMMA]]": MU in eV, T in K (300), GAMMA in rad/s (1e13). */
int neq_sheet_parse(const char *spec, neq_sheet **out);
/* Its surface conductivity sigma(omega) [S] (Re sigma >= 0). */
int neq_sheet_sigma(const neq_sheet *s, double omega, double complex *sigma);
/* Frees a sheet (NULL is allowed); free the bodies that use it first. */
void neq_sheet_free(neq_sheet *s);

/* The most layers a multilayer body holds. */
#define NEQ_BODY_MAX_LAYERS 32
/* Slab -delta < z < 0 of material m, vacuum on both sides.  A body keeps
 * references to its materials: free them after the body. */
int neq_body_slab(const neq_material *m, double delta, neq_body **out);
/* Half-space z < 0. */
int neq_body_halfspace(const neq_material *m, neq_body **out);
/* Layers 1..n from the top (z = 0 downwards), thickness[j] > 0, then a
 * substrate `below` (NULL: vacuum). */
int neq_body_multilayer(int n, const neq_material *const *layers, const double *thickness,
                        const neq_material *below, neq_body **out);
/* A perfect mirror (rho_TE = -1, rho_TM = +1, no transmission). */
int neq_body_mirror(neq_body **out);
/* Puts sheet s at interface `interface` of body b: 0 its top (facing the
 * qubits), j between layers j and j + 1, n between the last layer and the
 * substrate.  The body keeps a reference: free the sheet after the body. */
int neq_body_add_sheet(neq_body *b, int interface, const neq_sheet *s);
/* A free-standing sheet in vacuum at z = 0. */
int neq_body_sheet(const neq_sheet *s, neq_body **out);
/* A sphere of radius R > 0 [m] of material m centred at `center` [m]
 * (NULL: (0, 0, -R), so that z is the height above its top, as above a
 * half-space), vacuum around it.  m NULL: a perfect conductor (alpha_M = 0).
 * Isotropic materials only (NEQ_EINVAL for a uniaxial one).  Its tensors
 * come from the Mie series (neq_em_tensors_at; docs/physics.md, "Sphere");
 * it has no Fresnel coefficients (neq_body_fresnel: NEQ_EINVAL). */
int neq_body_sphere(const neq_material *m, double radius, const double center[3], neq_body **out);
/* 0 if the point r [m] lies outside body b (z > 0 for a planar body,
 * farther than R from a sphere's centre); NEQ_EDOMAIN (inside or on the
 * surface, with the detail saying where) or NEQ_ENAN otherwise. */
int neq_body_outside(const neq_body *b, const double r[3]);
/* Frees a body (NULL is allowed); its materials are not freed. */
void neq_body_free(neq_body *b);

enum { NEQ_TE = 0, NEQ_TM = 1 };

/* Reflection rho_p and transmission tau_p (vacuum above to vacuum below;
 * 0 for an opaque substrate) of a plane wave with lateral wave number
 * k = u omega/c, for any complex kz0 = (omega/c) sqrt(1 - u^2) given by
 * `kz0_over_k0` (propagating: real >= 0; evanescent: i v).  TM in the
 * magnetic-field convention (rho_TM = +1 for a perfect conductor). */
int neq_body_fresnel(const neq_body *b, double omega, double complex kz0_over_k0, int pol,
                     double complex *rho, double complex *tau);

/* -------------------------------------------------------- the functions */

/* Accuracy options (NULL: requested relative NEQ_EM_EPSREL per entry,
 * absolute NEQ_EM_EPSABS_PER_REL times that; the error estimate is
 * conservative: measured errors at the paper's geometry are ~3e-11,
 * docs/benchmarks.md). */
typedef struct {
    double epsrel, epsabs;
} neq_em_options;
/* The default relative accuracy of the electromagnetic integrals. */
#define NEQ_EM_EPSREL 1e-9
/* The absolute accuracy per unit of relative accuracy (entries are O(1)
 * in units of Gamma_0; the absolute floor serves entries that vanish). */
#define NEQ_EM_EPSABS_PER_REL 1e-3
/* The options for relative accuracy epsrel (absolute NEQ_EM_EPSABS_PER_REL
 * epsrel). */
neq_em_options neq_em_options_rel(double epsrel);

/* Everything about one geometry, tensors (3 x 3, row-major [i][i']) for the
 * four pairs (q, q') in {1, 2}^2 at index [q-1][q'-1]. */
typedef struct {
    double complex alpha_W[2][2][3][3];
    double complex alpha_M[2][2][3][3];
    double complex alpha_M_prop[2][2][3][3]; /* propagating-sector part of alpha_M */
    double complex g_R[2][2][3][3];          /* reflected (body) part of g */
    double complex g_0[2][2][3][3];          /* vacuum part (q = q': Im = 1, Re = 0 by
                                                convention: the vacuum Lamb shift is in omega) */
    int npoles;                              /* near-real poles subtracted */
    int nevals;                              /* integrand evaluations */
} neq_em_tensors;

/* Scratch memory of neq_em_tensors_compute (its quadrature's subintervals)
 * and a cache of the poles of rho_p (guided modes, surface polaritons),
 * which depend on the body and omega but not on the qubits' positions: a
 * workspace reused over the geometries of one body and frequency (a sweep)
 * scans for them once per few geometries rather than per call.  The cache
 * changes no result: a geometry gives bit-identical tensors from a fresh or a
 * used workspace or none, whatever was computed before.  About 12 MB of
 * address space, of which a call touches what its quadrature needs.
 * Threads: one workspace per thread (it is written by every call). */
typedef struct neq_em_workspace neq_em_workspace;

/* 0; NEQ_EINVAL (out NULL) or NEQ_ENOMEM (then *out = NULL). */
int neq_em_workspace_alloc(neq_em_workspace **out);
/* Frees ws (NULL: nothing to do). */
void neq_em_workspace_free(neq_em_workspace *ws);

/* The tensors for qubits at heights z1, z2 > 0 and lateral separation
 * r12 >= 0 [m] at frequency omega > 0 [rad/s] above body b (eqs. 5 and the
 * reduced integrals of docs/physics.md), to the accuracy `opt` (NULL:
 * defaults).  ws: scratch and pole cache (NULL: a temporary workspace is
 * allocated and freed inside the call, with the same results).  Threads:
 * b is only read (share it); ws is written (one per thread).
 * Returns 0; NEQ_EINVAL (NULL b or t, bad tolerances), NEQ_ENAN,
 * NEQ_EDOMAIN (omega, a height or r12 out of range, coinciding qubits, a
 * material undefined at omega, a non-finite integral), NEQ_EDIVERGE (qubits so close that their
 * vacuum coupling overflows), NEQ_ECONVERGE (a quadrature missed its
 * tolerance; the detail names the quantity, the geometry and the error
 * reached), NEQ_ENOMEM.  t is written only on success. */
int neq_em_tensors_compute(const neq_body *b, double omega, double z1, double z2, double r12,
                           const neq_em_options *opt, neq_em_workspace *ws, neq_em_tensors *t);

/* The same tensors for two points r1, r2 [m] anywhere outside any body,
 * in the global axes (x, y, z): a planar body's are those of
 * neq_em_tensors_compute at heights r1[2], r2[2] and lateral separation
 * |r2 - r1|, rotated from the pair's frame (qubit 2 along +x) to the global
 * one; a sphere's come from the Mie series, its number of multipoles chosen
 * from opt's tolerance (doubled until the tail estimate meets it; nevals
 * says how many were taken, npoles is 0, alpha_M_prop is 0: a sphere has
 * no propagating sector of its own).  Cross terms follow eq. (5)'s order,
 * alpha^{qq'}_{ii'} ~ <E_i(r_q) E_i'(r_q')*>, so alpha^{21} = (alpha^{12})^+;
 * near a sphere alpha_W^{12} and alpha_M^{12} are complex even for real
 * dipoles and only their sum Im g^{12} is real.  Errors as
 * neq_em_tensors_compute, and NEQ_EDOMAIN for a point inside the body.
 * r1 == r2 (one qubit): every entry is the point's self term. */
int neq_em_tensors_at(const neq_body *b, double omega, const double r1[3], const double r2[3],
                      const neq_em_options *opt, neq_em_workspace *ws, neq_em_tensors *t);

/* Projections on dipole unit vectors d1, d2 (normalised here; complex
 * allowed): x^{qq'} = sum_ii' conj(d_q)_i (d_q')_i' X^{qq'}_ii'. */
typedef struct {
    double complex alpha_W[2][2], alpha_M[2][2];
    double complex lambda[2][2];      /* Lambda^{qq'} / Gamma_0 (eq. 7); diagonal: the
                                         body-induced shift of qubit q, -1/2 Re g_R^{qq} */
    double complex gamma_plus[2][2];  /* Gamma^{qq'}(+omega) / Gamma_0 (eq. 4) */
    double complex gamma_minus[2][2]; /* Gamma^{qq'}(-omega) / Gamma_0 */
    double n_W, n_M;                  /* n(omega, T_W), n(omega, T_M) */
    double n_q[2], T_q[2];            /* each qubit's effective photon number/temperature */
    double Gamma_S, Gamma_A, n_S, n_A, T_S, T_A; /* eq. (9), with alpha = (alpha^11 +
                                                    alpha^22)/2 and Re alpha^12 */
} neq_em_rates;

/* Projects t on the dipoles d1, d2 (normalised here) and adds the temperatures T_W, T_M > 0 [K]. */
int neq_em_rates_compute(const neq_em_tensors *t, double omega, const double complex d1[3],
                         const double complex d2[3], double T_W, double T_M, neq_em_rates *r);

/* sum_ii' conj(a_i) b_i' X[i][i']: a tensor projected on two dipoles. */
double complex neq_em_project(const double complex a[3], const double complex b[3],
                              const double complex X[3][3]);

/* Eq. (9): the collective rates Gamma_S, Gamma_A [Gamma_0] and effective
 * photon numbers n_S, n_A (and their temperatures [K]) of two identical
 * qubits from the projected alpha_W, alpha_M ([q][q'], units of Gamma_0),
 * with alpha = (alpha^11 + alpha^22)/2 and Re alpha^12.  A channel whose
 * rate vanishes (Gamma_A = 0, the paper's footnote) has n and T NaN
 * (undefined), not a division by zero. */
int neq_em_collective(double omega, const double complex alpha_W[2][2],
                      const double complex alpha_M[2][2], double n_W, double n_M, double *Gamma_S,
                      double *Gamma_A, double *n_S, double *n_A, double *T_S, double *T_A);

/* Vacuum decay rate Gamma_0 = |d|^2 omega^3 / (3 pi hbar eps0 c^3) [1/s] of a
 * dipole moment |d| [C m]. */
int neq_em_gamma0(double omega, double dipole_moment, double *gamma0);
/* The temperature at which n(omega, T) = n: hbar omega / (k_B ln(1 + 1/n)). */
int neq_em_effective_temperature(double omega, double n, double *T);

NEQ_END_DECLS
#endif
