/* Qubits near a body out of thermal equilibrium (Bellomo & Antezza 2013) as
 * data: parameters and quantities, defined once (include/neqent/model.h):
 * the paper's pair (z1, z2, r12), or N qubits from a geometry file or a
 * generated array.  The physics is in src/em/, src/nearbody/, src/qinfo/. */
#include "internal_models.h"
#include "neqent/em.h"
#include "neqent/fcs.h"
#include "neqent/nearbody.h"
#include "neqent/qinfo.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* The ranges keep to what the model describes: frequencies from microwaves
 * to the ultraviolet, lengths up to a metre, temperatures up to 1e9 K, and
 * slabs no thinner than a picometre; outside them the electromagnetic
 * integrals overflow or lose every digit. */
#define POSITIVE_LENGTH 0, 1.0, 1, 0
#define NONNEG_LENGTH 0, 1.0, 0, 0
#define TEMPERATURE 0, 1e9, 1, 0
/* the defaults of --layer_thickness and --radius (an option left at its
 * default by a body that does not use it is not an error) */
#define LAYER_D 1e-7
#define SPHERE_R 1e-6

/* Defaults: the paper's Fig. 4 (SiC slab of 0.01 um, omega = 0.3 omega_r
 * with omega_r = 1.495e14 rad/s, z1 = z2 = 1 um, r12 = 0.25 um, dipoles
 * along z, T_W = 30 K) at T_M = 1000 K. */
/* shared with the rates model (rates_model.c): one table for both */
const neq_param_desc neq_nearbody_params[NEQ_NB_NPARAMS] = {
    [P_OMEGA] = {"omega", NEQ_PARAM_REAL, NEQ_UNIT_FREQUENCY, "rad/s", NEQ_NB_FIG4_OMEGA, NULL,
                 1e9, 1e17, 0, 0, NULL, 1, "qubit transition frequency (default 0.3 x 1.495e14)"},
    [P_Z1] = {"z1", NEQ_PARAM_REAL, NEQ_UNIT_LENGTH, "m", NEQ_NB_FIG4_Z, NULL, POSITIVE_LENGTH, NULL, 1,
              "height of qubit 1 above the surface; z <= 0 is inside the body"},
    [P_Z2] = {"z2", NEQ_PARAM_REAL, NEQ_UNIT_LENGTH, "m", NEQ_NB_FIG4_Z, NULL, POSITIVE_LENGTH, NULL, 1,
              "height of qubit 2 above the surface; z <= 0 is inside the body"},
    [P_R12] = {"r12", NEQ_PARAM_REAL, NEQ_UNIT_LENGTH, "m", NEQ_NB_FIG4_R12, NULL, NONNEG_LENGTH, NULL, 1,
               "lateral separation of the qubits, along x"},
    [P_BODY] = {"body", NEQ_PARAM_CHOICE, NEQ_UNIT_NONE, "", 0, NULL, 0, 0, 0, 0,
                "slab,halfspace,mirror,layers,sphere", 1,
                "the body: a slab -delta < z < 0, a half-space z < 0, a perfect mirror, the "
                "layers of --layers, or a sphere (--radius, --center; Mie series)"},
    [P_DELTA] = {"delta", NEQ_PARAM_REAL, NEQ_UNIT_LENGTH, "m", NEQ_NB_FIG4_DELTA, NULL, 1e-12, 1.0, 0, 0, NULL, 1,
                 "slab thickness"},
    [P_MATERIAL] = {"material", NEQ_PARAM_TEXT, NEQ_UNIT_NONE, "", 0, "sic", 0, 0, 0, 0, NULL, 1,
                    "permittivity: a library name (neqent materials: sic, sio2, hbn, au, "
                    "si-n:N), vacuum, const:RE[,IM], drude:EPSINF,WP,G, dl:EPSINF,WL,WT,G, "
                    "uniaxial:PAR;PERP or file:PATH; with --body sphere also pec (a perfect "
                    "conductor)"},
    [P_DIPOLE1] = {"dipole1", NEQ_PARAM_VECTOR, NEQ_UNIT_NONE, "", 0, "0,0,1", 0, 0, 0, 0, NULL,
                   1, "dipole direction of qubit 1, x,y,z[;xi,yi,zi] (normalised)"},
    [P_DIPOLE2] = {"dipole2", NEQ_PARAM_VECTOR, NEQ_UNIT_NONE, "", 0, "0,0,1", 0, 0, 0, 0, NULL,
                   1, "dipole direction of qubit 2"},
    /* below 1e-13 the quadrature's own rounding floor is reached first */
    [P_TOL] = {"tol", NEQ_PARAM_REAL, NEQ_UNIT_NONE, "1", NEQ_EM_EPSREL, NULL, 1e-13, 1e-2, 0, 0, NULL, 1,
               "requested relative accuracy of the electromagnetic integrals"},
    [P_TW] = {"TW", NEQ_PARAM_REAL, NEQ_UNIT_TEMPERATURE, "K", NEQ_NB_FIG4_TW, NULL, TEMPERATURE, NULL, 0,
              "temperature of the walls, i.e. of the environment's radiation"},
    [P_TM] = {"TM", NEQ_PARAM_REAL, NEQ_UNIT_TEMPERATURE, "K", 1000, NULL, TEMPERATURE, NULL, 0,
              "temperature of the body"},
    [P_DIPMOM] = {"dipole_moment", NEQ_PARAM_REAL, NEQ_UNIT_NONE, "C*m", 0, NULL, 0, 1e-20, 0, 0,
                  NULL, 0, "|d|, to give the vacuum rate Gamma0 in 1/s (0: Gamma0 undefined)"},
    [P_SHIFTS] = {"shifts", NEQ_PARAM_FLAG, NEQ_UNIT_NONE, "", 0, NULL, 0, 0, 0, 0, NULL, 0,
                  "include the body-induced frequency shifts (the paper drops them)"},
    [P_QUBITS] = {"qubits", NEQ_PARAM_TEXT, NEQ_UNIT_NONE, "", 0, "none", 0, 0, 0, 0, NULL, 1,
                  "a geometry file, one qubit per line: x y z [dx dy dz] (m, suffixes such as "
                  "0.3um; dipole along z if not given; '#' comments); none: the pair z1, z2, r12"},
    [P_ARRAY] = {"array", NEQ_PARAM_TEXT, NEQ_UNIT_NONE, "", 0, "none", 0, 0, 0, 0, NULL, 1,
                 "KIND:N[:SPACING]: N qubits at --height, z dipoles; KIND chain (along x), ring "
                 "(a polygon of side SPACING) or square (N = n^2); none: the pair z1, z2, r12"},
    [P_SPACING] = {"spacing", NEQ_PARAM_REAL, NEQ_UNIT_LENGTH, "m", NEQ_NB_FIG4_R12, NULL,
                   POSITIVE_LENGTH, NULL, 1, "the --array spacing when KIND:N gives none"},
    [P_HEIGHT] = {"height", NEQ_PARAM_REAL, NEQ_UNIT_LENGTH, "m", NEQ_NB_FIG4_Z, NULL,
                  POSITIVE_LENGTH, NULL, 1, "height of the --array qubits above the surface"},
    [P_NOISE_OMEGA] = {"noise_omega", NEQ_PARAM_REAL, NEQ_UNIT_NONE, "Gamma0", 0, NULL, 0, 1e12,
                       0, 0, NULL, 0,
                       "the frequency of heat_noise, S(omega), in units of Gamma_0 (the dynamics' "
                       "rotating frame)"},
    [P_DISTRIBUTED] = {"distributed", NEQ_PARAM_FLAG, NEQ_UNIT_NONE, "", 0, NULL, 0, 0, 0, 0,
                       NULL, 0,
                       "under mpirun or srun: one steady state solved across the job's ranks "
                       "(from seven qubits; every rank runs the same command)"},
    [P_LAYERS] = {"layers", NEQ_PARAM_TEXT, NEQ_UNIT_NONE, "", 0, "none", 0, 0, 0, 0, NULL, 1,
                  "with --body layers: a file of layers from the top down, one a line: MATERIAL "
                  "THICKNESS [sheet:SPEC] (the sheet on the layer's upper face); a last line "
                  "MATERIAL inf is the substrate (none: vacuum below)"},
    [P_LAYER_INDEX] = {"layer_index", NEQ_PARAM_REAL, NEQ_UNIT_NONE, "1", 0, NULL, 0,
                       NEQ_BODY_MAX_LAYERS, 0, 0, NULL, 1,
                       "with --layers: the layer (1 = the top) whose thickness --layer_thickness "
                       "sets, e.g. to sweep it; 0: the file's thicknesses"},
    [P_LAYER_THICKNESS] = {"layer_thickness", NEQ_PARAM_REAL, NEQ_UNIT_LENGTH, "m", LAYER_D, NULL,
                           1e-12, 1.0, 0, 0, NULL, 1,
                           "the thickness of layer --layer_index (replacing the file's)"},
    [P_SHEET] = {"sheet", NEQ_PARAM_CHOICE, NEQ_UNIT_NONE, "", 0, NULL, 0, 0, 0, 0,
                 "none,graphene", 1,
                 "a conducting sheet on the body's top face: graphene (local Kubo conductivity)"},
    [P_SHEET_MU] = {"sheet_mu", NEQ_PARAM_REAL, NEQ_UNIT_ENERGY, "J", 0.2 * 1.602176634e-19, NULL,
                    -2 * 1.602176634e-19, 2 * 1.602176634e-19, 0, 0, NULL, 1,
                    "the sheet's chemical potential (the gate), e.g. 0.2eV"},
    [P_SHEET_T] = {"sheet_T", NEQ_PARAM_REAL, NEQ_UNIT_TEMPERATURE, "K", 300, NULL, TEMPERATURE,
                   NULL, 1, "the temperature of the sheet's electrons in its conductivity"},
    [P_SHEET_GAMMA] = {"sheet_gamma", NEQ_PARAM_REAL, NEQ_UNIT_FREQUENCY, "rad/s", 1e13, NULL, 0,
                       1e16, 0, 0, NULL, 1, "the sheet's intraband scattering rate"},
    [P_RADIUS] = {"radius", NEQ_PARAM_REAL, NEQ_UNIT_LENGTH, "m", SPHERE_R, NULL, POSITIVE_LENGTH,
                  NULL, 1, "with --body sphere: its radius R"},
    [P_CENTER] = {"center", NEQ_PARAM_TEXT, NEQ_UNIT_NONE, "", 0, "top", 0, 0, 0, 0, NULL, 1,
                  "with --body sphere: its centre x,y,z (lengths, e.g. 0,0,-2um); top: "
                  "(0, 0, -R), so that z is the height above the sphere's top"},
};

typedef struct {
    neq_nb_model *model;
    double omega;
    double in_range; /* neq_models_in_range of the material at omega */
} body_plan;

static void plan_free(void *state)
{
    body_plan *s = state;
    if (!s)
        return;
    neq_nb_model_free(s->model);
    free(s);
}

double neq_models_in_range(const neq_models_bodyset *s, double omega)
{
    for (int k = 0; k < s->nmat; k++) {
        double a, b;
        if (neq_material_range(s->mat[k], &a, &b) == 0 && !(omega >= a && omega <= b))
            return 0;
    }
    return 1;
}

void neq_models_bodyset_free(neq_models_bodyset *s)
{
    neq_body_free(s->body);
    for (int k = 0; k < s->nmat; k++)
        neq_material_free(s->mat[k]);
    for (int k = 0; k < s->nsheet; k++)
        neq_sheet_free(s->sheet[k]);
    free(s->mat);
    free(s->sheet);
    memset(s, 0, sizeof *s);
}

/* the library's last error, prefixed with the file and line it came from */
static int at_line(int rc, const char *path, int lineno)
{
    char why[300];
    snprintf(why, sizeof why, "%s", neq_errdetail());
    return neq_fail(rc, "%s:%d: %s", path, lineno, why);
}

/* the --layers file: MATERIAL THICKNESS [sheet:SPEC] per line, top down;
 * "MATERIAL inf" last: the substrate */
static int read_layers(const char *path, neq_models_bodyset *s, const neq_material ***layers,
                       double **d, int *n, const neq_material **below, int *sheet_at)
{
    int rc = NEQ_OK;
    FILE *f = neq_open_regular(path, "layers file", &rc);
    if (!f)
        return rc;
    char *line = NULL;
    size_t cap = 0;
    int lineno = 0;
    *n = 0;
    *below = NULL;
    ssize_t len;
    while (rc == 0 && (len = getline(&line, &cap, f)) > 0) {
        lineno++;
        if (strlen(line) != (size_t)len) {
            rc = neq_fail(NEQ_EINVAL, "%s:%d: a NUL byte: not a text file", path, lineno);
            break;
        }
        char *save = NULL, *tok[4];
        int nt = 0;
        for (char *t = strtok_r(line, " \t\r\n", &save); t && nt < 4;
             t = strtok_r(NULL, " \t\r\n", &save))
            tok[nt++] = t;
        if (nt == 0 || tok[0][0] == '#')
            continue;
        if (*below) {
            rc = neq_fail(NEQ_EINVAL, "%s:%d: a line after the substrate (MATERIAL inf)", path,
                          lineno);
            break;
        }
        if (nt < 2 || nt > 3 || (nt == 3 && strncmp(tok[2], "sheet:", 6))) {
            rc = neq_fail(NEQ_EINVAL, "%s:%d: expected MATERIAL THICKNESS [sheet:SPEC]", path,
                          lineno);
            break;
        }
        if (*n == NEQ_BODY_MAX_LAYERS) {
            rc = neq_fail(NEQ_EINVAL, "%s:%d: more than %d layers", path, lineno,
                          NEQ_BODY_MAX_LAYERS);
            break;
        }
        neq_material **m2 = realloc(s->mat, sizeof *m2 * (size_t)(s->nmat + 1));
        neq_sheet **s2 = realloc(s->sheet, sizeof *s2 * (size_t)(s->nsheet + 1));
        if (m2)
            s->mat = m2;
        if (s2)
            s->sheet = s2;
        if (!m2 || !s2) {
            rc = neq_fail(NEQ_ENOMEM, "no memory for the layers");
            break;
        }
        rc = neq_material_parse(tok[0], &s->mat[s->nmat]);
        if (rc) {
            rc = at_line(rc, path, lineno);
            break;
        }
        neq_material *mat = s->mat[s->nmat++];
        if (nt == 3) {
            rc = neq_sheet_parse(tok[2] + 6, &s->sheet[s->nsheet]);
            if (rc) {
                rc = at_line(rc, path, lineno);
                break;
            }
            sheet_at[*n] = s->nsheet++;
        }
        if (!strcmp(tok[1], "inf")) {
            *below = mat;
            continue;
        }
        double t;
        neq_param_desc thick = neq_nearbody_params[P_DELTA];
        thick.name = "layer thickness";
        rc = neq_param_parse(&thick, tok[1], &t);
        if (rc) {
            rc = at_line(rc, path, lineno);
            break;
        }
        (*layers)[*n] = mat;
        (*d)[(*n)++] = t;
    }
    free(line);
    fclose(f);
    if (rc == 0 && *n == 0 && !*below)
        rc = neq_fail(NEQ_EINVAL, "%s: no layers", path);
    return rc;
}

/* The coordinates of a geometry file: x, y anywhere within a metre, z above
 * the surface (as z1, z2). */
static const neq_param_desc COORD[3] = {
    {"x", NEQ_PARAM_REAL, NEQ_UNIT_LENGTH, "m", 0, NULL, -1.0, 1.0, 0, 0, NULL, 1, "x"},
    {"y", NEQ_PARAM_REAL, NEQ_UNIT_LENGTH, "m", 0, NULL, -1.0, 1.0, 0, 0, NULL, 1, "y"},
    {"z", NEQ_PARAM_REAL, NEQ_UNIT_LENGTH, "m", 0, NULL, POSITIVE_LENGTH, NULL, 1,
     "height above the surface; z <= 0 is inside the body"},
};

/* A length with an optional unit suffix, as the parameters take it. */
static int read_length(const char *what, const neq_param_desc *d, const char *text, double *v)
{
    if (neq_param_parse(d, text, v) == 0)
        return NEQ_OK;
    char why[200];
    snprintf(why, sizeof why, "%s", neq_errdetail());
    return neq_fail(NEQ_EINVAL, "%s: %s", what, why);
}

/* --body sphere: --material (pec: a perfect conductor), --radius, --center */
static int sphere(const neq_params *p, neq_models_bodyset *s)
{
    if (p->v[P_SHEET] != 0)
        return neq_fail(NEQ_EINVAL, "a sphere takes no sheet");
    double c[3], *cp = NULL;
    const char *text = p->s[P_CENTER];
    if (strcmp(text, "top")) {
        const char *q = text;
        for (int i = 0; i < 3; i++) {
            size_t len = strcspn(q, ",");
            char buf[64];
            if (len >= sizeof buf || (i < 2 && q[len] != ',') || (i == 2 && q[len]))
                return neq_fail(NEQ_EINVAL, "center '%.60s': expected x,y,z (lengths)", text);
            memcpy(buf, q, len);
            buf[len] = 0;
            NEQ_TRY(read_length("center", &COORD[0], buf, &c[i]));
            q += len + 1;
        }
        cp = c;
    }
    int rc = NEQ_OK;
    if (strcmp(p->s[P_MATERIAL], "pec")) {
        s->mat = malloc(sizeof *s->mat);
        rc = s->mat ? neq_material_parse(p->s[P_MATERIAL], &s->mat[0])
                    : neq_fail(NEQ_ENOMEM, "no memory for the body");
        if (rc == 0)
            s->nmat = 1;
    }
    if (rc == 0)
        rc = neq_body_sphere(s->nmat ? s->mat[0] : NULL, p->v[P_RADIUS], cp, &s->body);
    if (rc)
        neq_models_bodyset_free(s);
    return rc;
}

int neq_models_bodyset_alloc(const neq_params *p, neq_models_bodyset *s)
{
    memset(s, 0, sizeof *s);
    int kind = (int)p->v[P_BODY], rc = NEQ_OK;
    if ((kind == 2 || kind == 3) && strcmp(p->s[P_MATERIAL], "sic")) {
        /* --material is not used by a mirror or a layers file: refused
         * rather than silently ignored */
        return neq_fail(NEQ_EINVAL, "--material %s: the %s body does not use it", p->s[P_MATERIAL],
                        kind == 2 ? "mirror" : "layers");
    }
    if (kind != 3 && p->v[P_LAYER_INDEX] != 0)
        return neq_fail(NEQ_EINVAL, "--layer_index is for --body layers");
    if (p->v[P_LAYER_INDEX] == 0 && p->v[P_LAYER_THICKNESS] != LAYER_D)
        return neq_fail(NEQ_EINVAL, "--layer_thickness needs --layer_index (which layer)");
    if (kind != 4 && (strcmp(p->s[P_CENTER], "top") || p->v[P_RADIUS] != SPHERE_R))
        return neq_fail(NEQ_EINVAL, "--radius and --center are for --body sphere");
    if (kind == 2) {
        if (p->v[P_SHEET] != 0)
            return neq_fail(NEQ_EINVAL, "a perfect mirror takes no sheet");
        return neq_body_mirror(&s->body);
    }
    if (kind == 4)
        return sphere(p, s);
    const neq_material *layers[NEQ_BODY_MAX_LAYERS], *below = NULL;
    const neq_material **lp = layers;
    double dd[NEQ_BODY_MAX_LAYERS], *dp = dd;
    int n = 0, sheet_at[NEQ_BODY_MAX_LAYERS + 1];
    for (int k = 0; k <= NEQ_BODY_MAX_LAYERS; k++)
        sheet_at[k] = -1;
    if (kind == 3) {
        if (!strcmp(p->s[P_LAYERS], "none"))
            return neq_fail(NEQ_EINVAL, "--body layers needs --layers FILE");
        rc = read_layers(p->s[P_LAYERS], s, &lp, &dp, &n, &below, sheet_at);
        double li = p->v[P_LAYER_INDEX];
        if (rc == 0 && li != 0 && (li != floor(li) || li > n))
            rc = neq_fail(NEQ_EINVAL, "--layer_index %g: the layers file has layers 1 to %d", li,
                          n);
        if (rc == 0 && li != 0) /* a thickness from the options, e.g. swept */
            dp[(int)li - 1] = p->v[P_LAYER_THICKNESS];
    } else {
        if (strcmp(p->s[P_LAYERS], "none"))
            return neq_fail(NEQ_EINVAL, "--layers is for --body layers");
        s->mat = malloc(sizeof *s->mat);
        rc = s->mat ? neq_material_parse(p->s[P_MATERIAL], &s->mat[0])
                    : neq_fail(NEQ_ENOMEM, "no memory for the body");
        if (rc == 0) {
            s->nmat = 1;
            if (kind == 0)
                layers[n] = s->mat[0], dd[n++] = p->v[P_DELTA];
            else
                below = s->mat[0];
        }
    }
    if (rc == 0 && p->v[P_SHEET] != 0) { /* graphene on the top face */
        if (sheet_at[0] >= 0)
            rc = neq_fail(NEQ_EINVAL, "--sheet: the layers file already puts a sheet on top");
        neq_sheet **s2 = rc ? NULL : realloc(s->sheet, sizeof *s2 * (size_t)(s->nsheet + 1));
        if (rc == 0 && !s2)
            rc = neq_fail(NEQ_ENOMEM, "no memory for the sheet");
        if (rc == 0) {
            s->sheet = s2;
            rc = neq_sheet_graphene(p->v[P_SHEET_MU], p->v[P_SHEET_T], p->v[P_SHEET_GAMMA],
                                    &s->sheet[s->nsheet]);
        }
        if (rc == 0)
            sheet_at[0] = s->nsheet++;
    }
    if (rc == 0)
        rc = neq_body_multilayer(n, layers, dd, below, &s->body);
    for (int k = 0; rc == 0 && k <= n; k++)
        if (sheet_at[k] >= 0)
            rc = neq_body_add_sheet(s->body, k, s->sheet[sheet_at[k]]);
    if (rc)
        neq_models_bodyset_free(s);
    return rc;
}

/* --qubits FILE: one qubit per line, "x y z [dx dy dz]" */
static int read_qubits(const char *path, neq_nb_geometry *g)
{
    int status = NEQ_OK;
    FILE *f = neq_open_regular(path, "geometry file", &status);
    if (!f)
        return status;
    char *line = NULL;
    size_t cap = 0;
    int lineno = 0, rc = NEQ_OK;
    g->nq = 0;
    while (rc == 0 && getline(&line, &cap, f) > 0) {
        lineno++;
        char *p = line + strspn(line, " \t\r\n");
        if (!*p || *p == '#')
            continue;
        char *tok[8], *save = NULL;
        int nt = 0;
        for (char *t = strtok_r(p, " \t\r\n", &save); t; t = strtok_r(NULL, " \t\r\n", &save))
            tok[nt < 8 ? nt : 7] = t, nt++;
        if (nt != 3 && nt != 6) {
            rc = neq_fail(NEQ_EINVAL, "%s:%d: expected x y z [dx dy dz], found %d fields", path,
                          lineno, nt);
            break;
        }
        if (g->nq == NEQ_NB_MAX_QUBITS) {
            rc = neq_fail(NEQ_EDIM, "%s:%d: more than %d qubits", path, lineno, NEQ_NB_MAX_QUBITS);
            break;
        }
        int q = g->nq;
        char what[64];
        for (int i = 0; rc == 0 && i < 3; i++) {
            snprintf(what, sizeof what, "%.30s:%d", path, lineno);
            rc = read_length(what, &COORD[i], tok[i], &g->pos[q][i]);
        }
        for (int i = 0; rc == 0 && i < 3; i++) {
            double v = i == 2;
            if (nt == 6 && neq_parse_real(tok[3 + i], &v))
                rc = neq_fail(NEQ_EINVAL, "%s:%d: dipole component '%.40s' is not a number", path,
                              lineno, tok[3 + i]);
            g->dip[q][i] = v;
        }
        g->nq++;
    }
    if (rc == 0 && ferror(f))
        rc = neq_fail(NEQ_EIO, "cannot read geometry file '%.200s': %s", path, strerror(errno));
    if (rc == 0 && g->nq == 0)
        rc = neq_fail(NEQ_EINVAL, "geometry file '%.200s' lists no qubit", path);
    free(line);
    fclose(f);
    return rc;
}

/* --array KIND:N[:SPACING] */
static int make_array(const char *spec, double spacing, double height, neq_nb_geometry *g)
{
    static const char *const kinds[] = {"chain", "ring", "square"};
    size_t kl = strcspn(spec, ":");
    int kind = 0;
    for (int k = 0; k < 3; k++)
        if (strlen(kinds[k]) == kl && !strncmp(spec, kinds[k], kl))
            kind = k + 1;
    if (!kind || spec[kl] != ':')
        return neq_fail(NEQ_EINVAL, "array '%.60s': expected chain|ring|square:N[:SPACING]", spec);
    const char *ns = spec + kl + 1;
    char nbuf[16];
    size_t nl = strcspn(ns, ":");
    double n = 0;
    snprintf(nbuf, sizeof nbuf, "%.*s", (int)(nl < 15 ? nl : 15), ns);
    if (nl > 15 || neq_parse_real(nbuf, &n) || n != floor(n) || n < 1 || n > NEQ_NB_MAX_QUBITS)
        return neq_fail(NEQ_EINVAL, "array '%.60s': N must be a whole number from 1 to %d", spec,
                        NEQ_NB_MAX_QUBITS);
    if (ns[nl] == ':')
        NEQ_TRY(read_length("array", &neq_nearbody_params[P_SPACING], ns + nl + 1, &spacing));
    return neq_nb_array(kind, (int)n, spacing, height, g);
}

/* the geometry the parameters describe */
static int geometry(const neq_params *p, neq_nb_geometry *g)
{
    const char *file = p->s[P_QUBITS], *spec = p->s[P_ARRAY];
    int has_file = file && strcmp(file, "none"), has_array = spec && strcmp(spec, "none");
    if (has_file && has_array)
        return neq_fail(NEQ_EINVAL, "qubits '%.60s' and array '%.60s': give one geometry", file,
                        spec);
    neq_nb_default_geometry(g);
    if (has_file) {
        NEQ_TRY(read_qubits(file, g));
    } else if (has_array) {
        NEQ_TRY(make_array(spec, p->v[P_SPACING], p->v[P_HEIGHT], g));
    } else {
        g->pos[0][2] = p->v[P_Z1];
        g->pos[1][0] = p->v[P_R12];
        g->pos[1][2] = p->v[P_Z2];
        NEQ_TRY(neq_parse_vector("dipole1", p->s[P_DIPOLE1], g->dip[0]));
        NEQ_TRY(neq_parse_vector("dipole2", p->s[P_DIPOLE2], g->dip[1]));
    }
    g->omega = p->v[P_OMEGA];
    return NEQ_OK;
}

/* The result: neq_nb_result, then (beyond NEQ_NB_RHO_MAX_QUBITS) rho. */
typedef struct {
    neq_nb_result r;
    neq_models_fcs fcs; /* heat_cumulants, tur_ratio: once asked for */
    double complex big[];
} body_result;

static size_t result_bytes(const void *state)
{
    int n = neq_nb_nq(((const body_plan *)state)->model);
    size_t d = (size_t)1 << n;
    return sizeof(body_result) + (n > NEQ_NB_RHO_MAX_QUBITS ? d * d * sizeof(double complex) : 0);
}

static const double complex *result_rho(const void *result)
{
    const body_result *b = result;
    return b->r.nq > NEQ_NB_RHO_MAX_QUBITS ? b->big : b->r.rho;
}

/* the relaxation time beyond six qubits (SLEPc; measured, docs/benchmarks.md) */
static int quantity_cost(const neq_params *p, int k, double *bytes, double *seconds)
{
    neq_nb_geometry g;
    if (strcmp(p->m->quantities[k].d.name, "relaxation_time"))
        return NEQ_OK;
    NEQ_TRY(geometry(p, &g));
    return neq_nb_gap_cost(g.nq, bytes, seconds);
}

static int cost(const neq_params *p, double *bytes, double *seconds)
{
    neq_nb_geometry g;
    NEQ_TRY(geometry(p, &g));
    return neq_nb_cost(g.nq, bytes, seconds);
}

static int plan_alloc(const neq_params *p, void **state, int *dim, int *nq)
{
    neq_nb_geometry g;
    NEQ_TRY(geometry(p, &g));
    neq_em_options opt = neq_em_options_rel(p->v[P_TOL]);
    neq_models_bodyset bs;
    int rc = neq_models_bodyset_alloc(p, &bs);
    body_plan *s = calloc(1, sizeof *s);
    if (rc == 0 && !s)
        rc = neq_fail(NEQ_ENOMEM, "no memory for a plan");
    if (rc == 0) {
        s->omega = g.omega;
        s->in_range = neq_models_in_range(&bs, g.omega);
        rc = neq_nb_model_alloc(bs.body, &g, &opt, &s->model);
    }
    /* the model holds every electromagnetic function it needs: the body
     * and its materials are no longer used */
    neq_models_bodyset_free(&bs);
    if (rc) {
        plan_free(s);
        return rc;
    }
    *state = s;
    *dim = 1 << g.nq;
    *nq = g.nq;
    return NEQ_OK;
}

static int eval(const void *state, const neq_params *p, void *result)
{
    const body_plan *s = state;
    body_result *b = result;
    double complex *rho = neq_nb_nq(s->model) > NEQ_NB_RHO_MAX_QUBITS ? b->big : b->r.rho;
    b->fcs.have = 0;
    /* --distributed: a collective call, made by every rank of the job */
    return (p->v[P_DISTRIBUTED] != 0 ? neq_nb_steady_rho_mpi : neq_nb_steady_rho)(
        s->model, p->v[P_TW], p->v[P_TM], p->v[P_SHIFTS] != 0, NULL, rho, &b->r);
}

static int generator(const void *state, const neq_params *p, neq_gksl **out)
{
    const body_plan *s = state;
    return neq_nb_generator(s->model, p->v[P_TW], p->v[P_TM], p->v[P_SHIFTS] != 0, out);
}

/* the heat's counting statistics, once: energies counted in hbar omega by
 * the excitation number N (the frame rotates at omega; each jump moves one
 * quantum); NaN beyond four qubits */
static int fcs_of(const void *state, const neq_params *p, body_result *b)
{
    if (b->fcs.have)
        return NEQ_OK;
    int nq = b->r.nq, d = 1 << nq;
    if (d > NEQ_FCS_MAX_DIM) {
        neq_models_fcs_undefined(&b->fcs);
        return NEQ_OK;
    }
    double complex N[NEQ_FCS_MAX_DIM * NEQ_FCS_MAX_DIM] = {0};
    for (int i = 0; i < d; i++)
        N[i + i * d] = __builtin_popcount((unsigned)i);
    neq_gksl *g = NULL;
    NEQ_TRY(generator(state, p, &g));
    int rc = neq_models_fcs_compute(g, N, b->r.rho, b->r.entropy_production, &b->fcs);
    neq_gksl_free(g);
    return rc;
}

static int get_cumulants(const void *state, const neq_params *p, void *result, double *out)
{
    body_result *b = result;
    NEQ_TRY(fcs_of(state, p, b));
    memcpy(out, b->fcs.cum, sizeof b->fcs.cum);
    return NEQ_OK;
}

static int get_noise(const void *state, const neq_params *p, void *result, double *out)
{
    body_result *b = result;
    int d = 1 << b->r.nq;
    double complex N[NEQ_FCS_MAX_DIM * NEQ_FCS_MAX_DIM] = {0};
    for (int i = 0; i < d && d <= NEQ_FCS_MAX_DIM; i++)
        N[i + i * d] = __builtin_popcount((unsigned)i);
    neq_gksl *g = NULL;
    if (d <= NEQ_FCS_MAX_DIM)
        NEQ_TRY(generator(state, p, &g));
    int rc = neq_models_fcs_noise(g, N, b->r.rho, p->v[P_NOISE_OMEGA], out);
    neq_gksl_free(g);
    return rc;
}

static int get_conductance(const void *state, const neq_params *p, void *result, double *out)
{
    (void)result;
    const body_plan *s = state;
    int rc = neq_nb_conductance(s->model, p->v[P_TW], p->v[P_SHIFTS] != 0, out);
    if (rc == NEQ_EDIM) { /* beyond four qubits: undefined here */
        *out = NAN;
        return NEQ_OK;
    }
    return rc;
}

static int get_tur(const void *state, const neq_params *p, void *result, double *out)
{
    body_result *b = result;
    NEQ_TRY(fcs_of(state, p, b));
    memcpy(out, b->fcs.tur, sizeof b->fcs.tur);
    return NEQ_OK;
}

/* ------------------------------------------------------- getters */

#define R ((const neq_nb_result *)result)

SCALAR(get_C, R->concurrence)
SCALAR(get_K1, R->K1)
SCALAR(get_K2, R->K2)
SCALAR(get_pG, R->populations_coupled[0])
SCALAR(get_pA, R->populations_coupled[1])
SCALAR(get_pS, R->populations_coupled[2])
SCALAR(get_pE, R->populations_coupled[3])
SCALAR(get_nS, R->n_S)
SCALAR(get_nA, R->n_A)
SCALAR(get_TS, R->T_S)
SCALAR(get_TA, R->T_A)
SCALAR(get_ratio, R->Gamma_S > 0 ? R->Gamma_A / R->Gamma_S : NAN)
SCALAR(get_heat_body, R->heat_body)
SCALAR(get_heat_walls, R->heat_walls)
SCALAR(get_sigma, R->entropy_production)
/* the audit: energy balance, and the body's heat flowing as its temperature
 * says (a current at rounding, 1e-13 of hbar omega Gamma0, is no violation) */
SCALAR(get_balance, R->heat_walls + R->heat_body)
SCALAR(get_hot, !(R->heat_body * (p->v[P_TM] - p->v[P_TW]) < 0 && fabs(R->heat_body) > 1e-13))
SCALAR(get_purity, R->purity)
SCALAR(get_SL, R->linear_entropy)
SCALAR(get_SvN, R->von_neumann_entropy)
SCALAR(get_nW, R->n_W)
SCALAR(get_nM, R->n_M)
SCALAR(get_null, (double)R->null_dim)
SCALAR(get_res, R->info.residual)

static int get_rho(const void *state, const neq_params *p, void *result, double *out)
{
    (void)state;
    (void)p;
    size_t d = (size_t)1 << R->nq;
    memcpy(out, result_rho(result), sizeof(double complex) * d * d);
    return NEQ_OK;
}

static int get_rho_coupled(const void *state, const neq_params *p, void *result,
                           double *out)
{
    (void)state;
    (void)p;
    size_t d = (size_t)1 << R->nq;
    if (R->nq == 2)
        memcpy(out, R->rho_coupled, sizeof R->rho_coupled);
    else /* the coupled basis is the pair's */
        for (size_t k = 0; k < 2 * d * d; k++)
            out[k] = NAN;
    return NEQ_OK;
}

SCALAR(get_nq, (double)R->nq)

static int get_pairs(const void *state, const neq_params *p, void *result, double *out)
{
    (void)state;
    (void)p;
    int n = R->nq;
    for (int q = 0; q < n; q++)
        for (int r = 0; r < n; r++)
            out[q * n + r] = q == r ? NAN : R->pair_concurrence[q][r];
    return NEQ_OK;
}

/* the pair of largest concurrence: its value (what = 0) or its qubits,
 * numbered from 1 (what = 1, 2) */
static double best_pair(const neq_nb_result *r, int what)
{
    int bq = 0, br = 1;
    for (int q = 0; q < r->nq; q++)
        for (int s = q + 1; s < r->nq; s++)
            if (r->pair_concurrence[q][s] > r->pair_concurrence[bq][br])
                bq = q, br = s;
    if (r->nq < 2)
        return NAN;
    return what == 0 ? r->pair_concurrence[bq][br] : what == 1 ? bq + 1 : br + 1;
}
SCALAR(get_best, best_pair(R, 0))
SCALAR(get_best1, best_pair(R, 1))
SCALAR(get_best2, best_pair(R, 2))

/* negativity (log = 0) or log-negativity (log = 1) of every qubit against
 * the rest */
static int negativities_1(const void *result, int log, double *out)
{
    for (int q = 0; q < R->nq; q++) {
        double N = NAN, L = NAN;
        if (R->nq >= 2)
            NEQ_TRY(neq_negativity_qubits(R->nq, result_rho(result), 1u << q, &N, &L));
        out[q] = log ? L : N;
    }
    return NEQ_OK;
}

static int get_neg1(const void *state, const neq_params *p, void *result, double *out)
{
    (void)state;
    (void)p;
    return negativities_1(result, 0, out);
}

static int get_logneg1(const void *state, const neq_params *p, void *result, double *out)
{
    (void)state;
    (void)p;
    return negativities_1(result, 1, out);
}

/* negativity of every pair against the rest (up to six qubits: beyond, the
 * N(N-1)/2 partial transposes of 2^N x 2^N cost too much for a routine
 * quantity) */
static int get_neg2(const void *state, const neq_params *p, void *result, double *out)
{
    (void)state;
    (void)p;
    int n = R->nq;
    for (int q = 0; q < n; q++)
        for (int r = 0; r < n; r++) {
            out[q * n + r] = NAN;
            if (q != r && n >= 4 && n <= NEQ_NB_RHO_MAX_QUBITS)
                NEQ_TRY(neq_negativity_qubits(n, result_rho(result), (1u << q) | (1u << r),
                                              &out[q * n + r], NULL));
        }
    return NEQ_OK;
}

static int gme(const void *result, int which, double *out)
{
    double W = NAN, G = NAN;
    if (R->nq >= 3)
        NEQ_TRY(neq_gme_criteria(R->nq, result_rho(result), &W, &G));
    *out = which ? G : W;
    return NEQ_OK;
}

static int get_gmeW(const void *state, const neq_params *p, void *result, double *out)
{
    (void)state;
    (void)p;
    return gme(result, 0, out);
}

static int get_gmeG(const void *state, const neq_params *p, void *result, double *out)
{
    (void)state;
    (void)p;
    return gme(result, 1, out);
}

static int get_gamma0(const void *state, const neq_params *p, void *result, double *out)
{
    (void)result;
    const body_plan *s = state;
    *out = NAN;
    return p->v[P_DIPMOM] > 0 ? neq_em_gamma0(s->omega, p->v[P_DIPMOM], out) : NEQ_OK;
}

/* rho's populations in H's eigenbasis and those eigenstates' energies
 * (neq_nb_eigenpopulations: sector by sector of excitation number) */
static int get_popH(const void *state, const neq_params *p, void *result, double *out)
{
    const body_plan *s = state;
    return neq_nb_eigenpopulations(s->model, p->v[P_SHIFTS] != 0, result_rho(result), NULL, out);
}

static int get_energyH(const void *state, const neq_params *p, void *result, double *out)
{
    const body_plan *s = state;
    return neq_nb_eigenpopulations(s->model, p->v[P_SHIFTS] != 0, result_rho(result), out, NULL);
}

static int get_in_range(const void *state, const neq_params *p, void *result, double *out)
{
    (void)p;
    (void)result;
    *out = ((const body_plan *)state)->in_range;
    return NEQ_OK;
}

static int get_relaxation(const void *state, const neq_params *p, void *result, double *out)
{
    (void)result;
    const body_plan *s = state;
    double gap;
    *out = NAN;
    NEQ_TRY(neq_nb_relaxation(s->model, p->v[P_TW], p->v[P_TM], p->v[P_SHIFTS] != 0, &gap));
    *out = gap > 0 ? 1 / gap : NAN;
    return NEQ_OK;
}

#undef R

static const neq_quantity_entry QUANTITIES[] = {
    {{"concurrence", NEQ_QUANTITY_SCALAR, 1, "1", 0, "Wootters concurrence of the steady state"}, get_C},
    {{"K1", NEQ_QUANTITY_SCALAR, 1, "1", 0, "|rho_23| - sqrt(rho_11 rho_44) (eq. 2)"}, get_K1},
    {{"K2", NEQ_QUANTITY_SCALAR, 1, "1", 0, "|rho_14| - sqrt(rho_22 rho_33) (eq. 2)"}, get_K2},
    {{"rho_G", NEQ_QUANTITY_SCALAR, 1, "1", 0, "population of G = |gg>"}, get_pG},
    {{"rho_A", NEQ_QUANTITY_SCALAR, 1, "1", 0, "population of A = (|eg> - |ge>)/sqrt2"}, get_pA},
    {{"rho_S", NEQ_QUANTITY_SCALAR, 1, "1", 0, "population of S = (|eg> + |ge>)/sqrt2"}, get_pS},
    {{"rho_E", NEQ_QUANTITY_SCALAR, 1, "1", 0, "population of E = |ee>"}, get_pE},
    {{"n_S", NEQ_QUANTITY_SCALAR, 1, "1", 0, "effective photon number of the S channel (eq. 9)"}, get_nS},
    {{"n_A", NEQ_QUANTITY_SCALAR, 1, "1", 0,
      "effective photon number of the A channel (eq. 9; undefined when Gamma_A = 0)"}, get_nA},
    {{"T_S", NEQ_QUANTITY_SCALAR, 1, "K", 0, "effective temperature of n_S"}, get_TS},
    {{"T_A", NEQ_QUANTITY_SCALAR, 1, "K", 0, "effective temperature of n_A"}, get_TA},
    {{"gamma_A_over_gamma_S", NEQ_QUANTITY_SCALAR, 1, "1", 0, "Gamma_A / Gamma_S (eq. 9)"}, get_ratio},
    {{"heat_body", NEQ_QUANTITY_SCALAR, 1, "hbar*omega*Gamma0", 0,
      "heat current from the body's field into the qubits"}, get_heat_body},
    {{"heat_walls", NEQ_QUANTITY_SCALAR, 1, "hbar*omega*Gamma0", 0,
      "heat current from the walls' field into the qubits"}, get_heat_walls},
    {{"entropy_production", NEQ_QUANTITY_SCALAR, 1, "kB*Gamma0", 0,
      "-(hbar omega/k_B)(J_W/T_W + J_M/T_M), >= 0"}, get_sigma},
    {{"energy_balance", NEQ_QUANTITY_SCALAR, 1, "hbar*omega*Gamma0", 0,
      "heat_walls + heat_body: 0 in a steady state (the audit)"}, get_balance},
    {{"heat_from_hot", NEQ_QUANTITY_BOOL, 1, "1", 0,
      "heat flows from the hotter of walls and body into the qubits (the audit)"}, get_hot},
    {{"heat_cumulants", NEQ_QUANTITY_GROUPS, 3, "(hbar*omega)^k*Gamma0", 1,
      "per field (walls, body): mean, variance and third cumulant of the heat it gives the "
      "qubits per unit time, in hbar omega Gamma0, (hbar omega)^2 Gamma0, (hbar omega)^3 Gamma0 "
      "(exact, full counting statistics; up to four qubits)"}, get_cumulants},
    {{"tur_ratio", NEQ_QUANTITY_VECTOR, 2, "1", 1,
      "per field: sigma Var(J) / J^2, the thermodynamic uncertainty ratio (>= 2 for classical "
      "Markov processes; undefined at equilibrium)"}, get_tur},
    {{"thermal_conductance", NEQ_QUANTITY_SCALAR, 1, "hbar*omega*Gamma0/K", 1,
      "d heat_body / d TM at TM = TW: the body-qubits thermal conductance, exact linear "
      "response (up to four qubits)"}, get_conductance},
    {{"heat_noise", NEQ_QUANTITY_VECTOR, 2, "(hbar*omega)^2*Gamma0", 1,
      "per field: the symmetrised noise S(omega) of its heat current at omega = noise_omega "
      "(S(0) = the variance of heat_cumulants)"}, get_noise},
    {{"purity", NEQ_QUANTITY_SCALAR, 1, "1", 0, "Tr rho^2"}, get_purity},
    {{"linear_entropy", NEQ_QUANTITY_SCALAR, 1, "1", 0, "4/3 (1 - Tr rho^2)"}, get_SL},
    {{"von_neumann_entropy", NEQ_QUANTITY_SCALAR, 1, "nats", 0, "-Tr rho ln rho"}, get_SvN},
    {{"n_W", NEQ_QUANTITY_SCALAR, 1, "1", 0, "n(omega, T_W)"}, get_nW},
    {{"n_M", NEQ_QUANTITY_SCALAR, 1, "1", 0, "n(omega, T_M)"}, get_nM},
    {{"Gamma0", NEQ_QUANTITY_SCALAR, 1, "1/s", 0,
      "vacuum decay rate |d|^2 omega^3/(3 pi hbar eps0 c^3) (with dipole_moment)"}, get_gamma0},
    {{"material_in_range", NEQ_QUANTITY_BOOL, 1, "1", 0,
      "omega lies where the material's model is valid (neqent materials show NAME)"},
     get_in_range},
    {{"relaxation_time", NEQ_QUANTITY_SCALAR, 1, "1/Gamma0", 1,
      "inverse Liouvillian gap (slowest relaxation)"}, get_relaxation},
    {{"null_dim", NEQ_QUANTITY_SCALAR, 1, "1", 0,
      "dimension of the Liouvillian's kernel (> 1: not unique; rho from |gg>)"}, get_null},
    {{"residual", NEQ_QUANTITY_SCALAR, 1, "1", 0,
      "||L(rho)||_F / ||L||_F of the steady state (relative to the generator's scale)"}, get_res},
    {{"nq", NEQ_QUANTITY_SCALAR, 1, "1", 0, "number of qubits"}, get_nq},
    {{"best_pair_concurrence", NEQ_QUANTITY_SCALAR, 1, "1", 0,
      "the largest concurrence of a pair (reduced state)"}, get_best},
    {{"best_pair_1", NEQ_QUANTITY_SCALAR, 1, "1", 0, "its first qubit (from 1)"}, get_best1},
    {{"best_pair_2", NEQ_QUANTITY_SCALAR, 1, "1", 0, "its second qubit"}, get_best2},
    {{"gme_W", NEQ_QUANTITY_SCALAR, 1, "1", 0,
      "W-type genuine-multipartite criterion (Huber et al. PRL 104, 210501): > 0 certifies it; "
      "N >= 3"}, get_gmeW},
    {{"gme_GHZ", NEQ_QUANTITY_SCALAR, 1, "1", 0,
      "GHZ-type criterion of the same paper: > 0 certifies genuine N-partite entanglement"},
     get_gmeG},
    {{"pair_concurrence", NEQ_QUANTITY_PAIRS, 0, "1", 0,
      "concurrence of every pair's reduced state (N x N, diagonal undefined)"}, get_pairs},
    {{"negativity_1", NEQ_QUANTITY_QUBITS, 0, "1", 1, "negativity of each qubit against the rest"},
     get_neg1},
    {{"log_negativity_1", NEQ_QUANTITY_QUBITS, 0, "1", 1,
      "log-negativity of each qubit against the rest"}, get_logneg1},
    {{"negativity_2", NEQ_QUANTITY_PAIRS, 0, "1", 1,
      "negativity of each pair against the rest (4 <= N <= 6)"}, get_neg2},
    {{"populations_H", NEQ_QUANTITY_STATES, 0, "1", 0,
      "populations in the eigenbasis of H (the coupled basis for N qubits): by excitation "
      "number 0..N, then energy (energies_H)"}, get_popH},
    {{"energies_H", NEQ_QUANTITY_STATES, 0, "hbar*Gamma0", 0,
      "eigenvalues of H in the rotating frame, in the order of populations_H"}, get_energyH},
    {{"rho", NEQ_QUANTITY_MATRIX, 0, "1", 0,
      "steady state, basis |0..00>,|0..01>,... (qubit 1 leftmost, |1> = |e>)"}, get_rho},
    {{"rho_coupled", NEQ_QUANTITY_MATRIX, 0, "1", 0,
      "two qubits: the steady state in the coupled basis G, A, S, E"}, get_rho_coupled},
};

const neq_model neq_model_body_type = {
    "body",
    "qubits near a body out of thermal equilibrium (Bellomo & Antezza, EPL 104, 10006, 2013): "
    "the pair z1, z2, r12, or up to 12 from --qubits or --array; SI inputs, rates in units of "
    "Gamma_0",
    NEQ_NB_NPARAMS,
    neq_nearbody_params,
    (int)(sizeof QUANTITIES / sizeof QUANTITIES[0]),
    QUANTITIES,
    sizeof(body_result),
    24576,
    plan_alloc,
    plan_free,
    eval,
    generator,
    result_bytes,
    cost,
    quantity_cost,
    NULL,
};
