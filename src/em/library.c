/* The built-in material library (include/neqent/em.h): each entry once, with
 * its model, parameters, source and valid frequency range.  `neqent
 * materials`, docs/materials.md and neq_material_parse read this table. */
#include "../core/internal.h"
#include "em_internal.h"
#include "neqent/em.h"
#include "neqent/text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* wavenumber (cm^-1) to angular frequency (rad/s): 2 pi c x 100 */
#define CM1 (2 * NEQ_PI * NEQ_C_LIGHT * 100)
/* photon energy (eV) to angular frequency (rad/s) */
#define EV (1.602176634e-19 / 1.054571817e-34)

/* doped silicon (n-type): eps_inf, conductivity mass, and the Caughey-Thomas
 * electron mobility mu(N) = mu_min + (mu_max - mu_min)/(1 + (N/N_ref)^a)
 * with Masetti et al.'s constants for phosphorus */
#define SI_EPS_INF 11.7
#define SI_MSTAR 0.26 /* in electron masses */
#define SI_MU_MIN 68.5e-4  /* m^2/(V s) */
#define SI_MU_MAX 1414e-4  /* m^2/(V s) */
#define SI_N_REF 9.2e22    /* m^-3 */
#define SI_ALPHA 0.711

enum { LIB_DL, LIB_LORENTZ, LIB_DRUDE, LIB_UNIAXIAL_DL, LIB_DOPED_SI };

typedef struct {
    neq_material_info info;
    int model;
    double p[12];
} lib_entry;

static const lib_entry LIB[] = {
    {{"sic", "silicon carbide (6H), one phonon: the paper's material",
      "eps_inf (wL^2 - w^2 - i g w)/(wT^2 - w^2 - i g w): eps_inf 6.7, wL 1.827e14, "
      "wT 1.495e14, g 0.9e12 rad/s",
      "Bellomo & Antezza, EPL 104, 10006 (2013), after Palik, Handbook of Optical Constants "
      "of Solids (1985)",
      /* 6-95 um: the reststrahlen band, its upper flank, and the far infrared
       * below it, where the one-phonon model tends to the static eps (the
       * paper works at 0.3 omega_T = 4.5e13 rad/s) */
      2e13, 3.1e14, 0, 0},
     LIB_DL,
     {NEQ_SIC_EPS_INF, NEQ_SIC_OMEGA_L, NEQ_SIC_OMEGA_T, NEQ_SIC_GAMMA}},
    {{"sio2", "amorphous silica, three phonon oscillators",
      "eps_inf + sum_j S_j w_j^2/(w_j^2 - w^2 - i G_j w_j w): eps_inf 2.03843; "
      "hbar w_j 0.05624, 0.09952, 0.13355 eV; S_j 0.93752, 0.05050, 0.60642; "
      "G_j 0.09906, 0.05511, 0.05246",
      "Czapla & Narayanaswamy, J. Quant. Spectrosc. Radiat. Transf. 227, 4 (2019)",
      /* 5-50 um: the three phonon bands the oscillators describe */
      3.8e13, 3.8e14, 0, 0},
     LIB_LORENTZ,
     {2.03843, 0.05624 * EV, 0.09952 * EV, 0.13355 * EV, 0.93752, 0.05050, 0.60642, 0.09906,
      0.05511, 0.05246}},
    {{"hbn", "hexagonal boron nitride, uniaxial (optic axis c, normal to the layers): two "
             "reststrahlen bands",
      "per axis eps_inf (wL^2 - w^2 - i g w)/(wT^2 - w^2 - i g w); in-plane (par): eps_inf "
      "4.87, wT 1370, wL 1610, g 5 cm^-1; out of plane (perp): eps_inf 2.95, wT 780, "
      "wL 830, g 4 cm^-1",
      "Caldwell et al., Nat. Commun. 5, 5221 (2014)",
      /* 5.5-16 um: both bands and their flanks */
      1.2e14, 3.4e14, 1, 0},
     LIB_UNIAXIAL_DL,
     {4.87, 1610 * CM1, 1370 * CM1, 5 * CM1, 2.95, 830 * CM1, 780 * CM1, 4 * CM1}},
    {{"au", "gold, free electrons (Drude)",
      "eps_inf - wp^2/(w^2 + i g w): eps_inf 1, wp 72800 cm^-1 (1.371e16 rad/s), "
      "g 215 cm^-1 (4.05e13 rad/s)",
      "Ordal et al., Appl. Opt. 22, 1099 (1983)",
      /* the infrared: below the interband edge (~2 eV) */
      1e12, 2.5e15, 0, 0},
     LIB_DRUDE,
     {1, 72800 * CM1, 215 * CM1}},
    {{"si-n", "n-doped silicon, free electrons (Drude) at carrier density N: si-n:N (m^-3, "
              "or with the suffix cm-3)",
      "eps_inf - wp^2/(w^2 + i g w), wp^2 = N e^2/(eps0 m*), g = e/(m* mu(N)); eps_inf 11.7, "
      "m* 0.26 m_e, mu(N) = mu_min + (mu_max - mu_min)/(1 + (N/N_ref)^0.711), mu_min 68.5, "
      "mu_max 1414 cm^2/(V s), N_ref 9.2e16 cm^-3",
      "Basu, Lee & Zhang, J. Heat Transfer 132, 023301 (2010) (the model); Masetti, Severi & "
      "Solmi, IEEE Trans. Electron Devices 30, 764 (1983) (the mobility; N from 1e20 to 1e27 "
      "m^-3)",
      /* the infrared, where free carriers dominate and the lattice is transparent */
      1e12, 1e15, 0, 1},
     LIB_DOPED_SI,
     {SI_EPS_INF}},
};
enum { NLIB = sizeof LIB / sizeof LIB[0] };

int neq_material_library_count(void) { return NLIB; }

int neq_material_library_info(int k, neq_material_info *info)
{
    neq_clear_error();
    if (!info || k < 0 || k >= NLIB)
        return neq_fail(NEQ_EINVAL, "material library index %d outside 0..%d", k, NLIB - 1);
    *info = LIB[k].info;
    return NEQ_OK;
}

/* "1e19cm-3" or "1e25" (m^-3) */
static int carrier_density(const char *text, double *N)
{
    size_t n = strlen(text);
    double scale = 1;
    char buf[64];
    if (n > 4 && strcmp(text + n - 4, "cm-3") == 0)
        n -= 4, scale = 1e6;
    else if (n > 3 && strcmp(text + n - 3, "m-3") == 0)
        n -= 3;
    if (n == 0 || n >= sizeof buf)
        return neq_fail(NEQ_EINVAL, "carrier density '%s': expected a number in m^-3 or with "
                                    "cm-3", text);
    memcpy(buf, text, n);
    buf[n] = '\0';
    if (neq_parse_real(buf, N))
        return neq_fail(NEQ_EINVAL, "carrier density '%s': not a number", text);
    *N *= scale;
    if (isnan(*N))
        return neq_fail(NEQ_ENAN, "carrier density is NaN");
    /* the range of the mobility fit (1e14 to 1e21 cm^-3) */
    if (!(*N >= 1e20 && *N <= 1e27))
        return neq_fail(NEQ_EDOMAIN, "carrier density %s outside 1e20..1e27 m^-3 (1e14..1e21 "
                                     "cm^-3), where the mobility model holds", text);
    return NEQ_OK;
}

int neq_material_library(const char *name, neq_material **out)
{
    neq_clear_error();
    if (!name || !out)
        return neq_fail(NEQ_EINVAL, "neq_material_library: NULL argument");
    *out = NULL;
    const char *arg = strchr(name, ':');
    size_t len = arg ? (size_t)(arg - name) : strlen(name);
    for (int k = 0; k < NLIB; k++) {
        const lib_entry *e = &LIB[k];
        if (strlen(e->info.name) != len || strncmp(e->info.name, name, len))
            continue;
        if (e->info.needs_argument != (arg != NULL))
            return neq_fail(NEQ_EINVAL, arg ? "material '%s' takes no argument"
                                            : "material '%s' needs an argument: %s", name,
                            e->info.description);
        const double *p = e->p;
        neq_material *m = NULL, *perp = NULL;
        int rc;
        switch (e->model) {
        case LIB_DL:
            rc = neq_material_drude_lorentz(p[0], p[1], p[2], p[3], &m);
            break;
        case LIB_LORENTZ: {
            double g[3] = {p[7] * p[1], p[8] * p[2], p[9] * p[3]}; /* G_j w_j */
            rc = neq_material_lorentz(p[0], 3, p + 4, p + 1, g, &m);
            break;
        }
        case LIB_UNIAXIAL_DL:
            rc = neq_material_drude_lorentz(p[0], p[1], p[2], p[3], &m);
            if (rc == 0)
                rc = neq_material_drude_lorentz(p[4], p[5], p[6], p[7], &perp);
            if (rc == 0)
                rc = neq_material_make_uniaxial(m, perp);
            perp = NULL; /* owned by m now, or freed */
            break;
        case LIB_DRUDE:
            rc = neq_material_drude(p[0], p[1], p[2], &m);
            break;
        case LIB_DOPED_SI: {
            double N, mstar = SI_MSTAR * 9.1093837015e-31, q = 1.602176634e-19;
            rc = carrier_density(arg + 1, &N);
            if (rc)
                break;
            double mu = SI_MU_MIN + (SI_MU_MAX - SI_MU_MIN) / (1 + pow(N / SI_N_REF, SI_ALPHA));
            double wp = sqrt(N * q * q / (8.8541878128e-12 * mstar)), g = q / (mstar * mu);
            rc = neq_material_drude(p[0], wp, g, &m);
            break;
        }
        default:
            rc = neq_fail(NEQ_EINVAL, "material library: unknown model");
        }
        if (rc == 0)
            neq_material_set_info(m, &e->info);
        if (rc) {
            neq_material_free(m);
            return rc;
        }
        *out = m;
        return NEQ_OK;
    }
    return neq_fail(NEQ_EINVAL, "unknown material '%.*s' (neqent materials lists them)",
                    (int)(len < 100 ? len : 100), name);
}
