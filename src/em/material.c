/* Dielectric permittivity models (include/neqent/em.h).  Convention
 * e^{-i omega t}: Im eps >= 0 for a passive medium. */
#include "../core/internal.h"
#include "neqent/em.h"
#include "neqent/text.h"

#include <errno.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_spline.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { MAT_CONST, MAT_LORENTZ, MAT_DRUDE, MAT_TABLE };

struct neq_material {
    int kind;
    double complex eps;
    double eps_inf;
    int n;
    double *s, *w0, *g; /* n oscillators, one allocation (s) */
    double wp, gd;
    /* table */
    size_t npts;
    double *w, *re, *im;
    /* Only read after construction (neq_material_eps may run on several
     * threads at once): evaluated without a gsl_interp_accel, whose cached
     * index GSL writes on every lookup; a bisection over the table costs
     * log2(npts) comparisons. */
    gsl_spline *sre, *sim;
    /* a library entry's name, source and valid range (NULL: none) */
    const neq_material_info *info;
    /* uniaxial: this material is eps_par (in the plane), perp along the
     * optic axis (owned) */
    neq_material *perp;
};

void neq_material_set_info(neq_material *m, const neq_material_info *info) { m->info = info; }

int neq_material_make_uniaxial(neq_material *par, neq_material *perp)
{
    if (!par || !perp || par->perp || perp->perp) {
        neq_material_free(perp);
        return neq_fail(NEQ_EINVAL, "uniaxial material: two isotropic components needed");
    }
    par->perp = perp;
    return NEQ_OK;
}

int neq_material_is_uniaxial(const neq_material *m) { return m && m->perp != NULL; }

int neq_material_range(const neq_material *m, double *wmin, double *wmax)
{
    neq_clear_error();
    if (!m || !wmin || !wmax)
        return neq_fail(NEQ_EINVAL, "neq_material_range: NULL argument");
    *wmin = 0;
    *wmax = INFINITY;
    if (m->info)
        *wmin = m->info->wmin, *wmax = m->info->wmax;
    else if (m->kind == MAT_TABLE)
        *wmin = m->w[0], *wmax = m->w[m->npts - 1];
    return NEQ_OK;
}

const char *neq_material_name(const neq_material *m)
{
    return m && m->info ? m->info->name : NULL;
}

static int finite_nonneg(double v, const char *what)
{
    if (isnan(v))
        return neq_fail(NEQ_ENAN, "%s is NaN", what);
    if (isinf(v) || v < 0)
        return neq_fail(NEQ_EDOMAIN, "%s = %g must be finite and >= 0", what, v);
    return NEQ_OK;
}

static neq_material *mat_new(int kind)
{
    neq_material *m = calloc(1, sizeof *m);
    if (m)
        m->kind = kind;
    return m;
}

int neq_material_constant(double complex eps, neq_material **out)
{
    neq_clear_error();
    if (!out)
        return neq_fail(NEQ_EINVAL, "out is NULL");
    if (isnan(creal(eps)) || isnan(cimag(eps)))
        return neq_fail(NEQ_ENAN, "permittivity is NaN");
    if (!isfinite(creal(eps)) || !isfinite(cimag(eps)))
        return neq_fail(NEQ_EDOMAIN, "permittivity %g%+gi is not finite", creal(eps), cimag(eps));
    if (cimag(eps) < 0)
        return neq_fail(NEQ_EDOMAIN, "Im eps = %g < 0 describes gain, not a passive body",
                        cimag(eps));
    neq_material *m = mat_new(MAT_CONST);
    if (!m)
        return neq_fail(NEQ_ENOMEM, "no memory for a material");
    m->eps = eps;
    *out = m;
    return NEQ_OK;
}

int neq_material_lorentz(double eps_inf, int n, const double *s, const double *w0,
                         const double *g, neq_material **out)
{
    neq_clear_error();
    if (!out || n < 0 || n > INT_MAX / 3 || (n > 0 && (!s || !w0 || !g)))
        return neq_fail(NEQ_EINVAL, "Lorentz model: bad arguments (n = %d)", n);
    NEQ_TRY(finite_nonneg(eps_inf, "eps_inf"));
    for (int j = 0; j < n; j++) {
        NEQ_TRY(finite_nonneg(s[j], "oscillator strength"));
        NEQ_TRY(finite_nonneg(g[j], "oscillator damping"));
        NEQ_TRY(finite_nonneg(w0[j], "oscillator frequency"));
        if (w0[j] == 0)
            return neq_fail(NEQ_EDOMAIN, "oscillator frequency must be > 0");
    }
    neq_material *m = mat_new(MAT_LORENTZ);
    double *osc = malloc(3 * (size_t)(n > 0 ? n : 1) * sizeof *osc);
    if (!m || !osc) {
        free(m);
        free(osc);
        return neq_fail(NEQ_ENOMEM, "no memory for a material of %d oscillators", n);
    }
    m->s = osc, m->w0 = osc + n, m->g = osc + 2 * n;
    m->eps_inf = eps_inf;
    m->n = n;
    for (int j = 0; j < n; j++) {
        m->s[j] = s[j];
        m->w0[j] = w0[j];
        m->g[j] = g[j];
    }
    *out = m;
    return NEQ_OK;
}

int neq_material_drude_lorentz(double eps_inf, double wL, double wT, double g, neq_material **out)
{
    neq_clear_error();
    NEQ_TRY(finite_nonneg(eps_inf, "eps_inf"));
    NEQ_TRY(finite_nonneg(wL, "omega_L"));
    NEQ_TRY(finite_nonneg(wT, "omega_T"));
    if (!(wL > wT) || wT == 0)
        return neq_fail(NEQ_EDOMAIN, "need omega_L = %g > omega_T = %g > 0", wL, wT);
    /* eps_inf (wL^2 - w^2 - i g w)/(wT^2 - w^2 - i g w)
     *   = eps_inf + eps_inf (wL^2 - wT^2)/(wT^2 - w^2 - i g w):
     * one Lorentz oscillator of strength eps_inf (wL^2 - wT^2)/wT^2 */
    double s = eps_inf * (wL * wL - wT * wT) / (wT * wT);
    return neq_material_lorentz(eps_inf, 1, &s, &wT, &g, out);
}

int neq_material_sic(neq_material **out)
{
    neq_clear_error();
    return neq_material_drude_lorentz(NEQ_SIC_EPS_INF, NEQ_SIC_OMEGA_L, NEQ_SIC_OMEGA_T,
                                      NEQ_SIC_GAMMA, out);
}

int neq_material_drude(double eps_inf, double wp, double g, neq_material **out)
{
    neq_clear_error();
    if (!out)
        return neq_fail(NEQ_EINVAL, "out is NULL");
    NEQ_TRY(finite_nonneg(eps_inf, "eps_inf"));
    NEQ_TRY(finite_nonneg(wp, "plasma frequency"));
    NEQ_TRY(finite_nonneg(g, "Drude damping"));
    neq_material *m = mat_new(MAT_DRUDE);
    if (!m)
        return neq_fail(NEQ_ENOMEM, "no memory for a material");
    m->eps_inf = eps_inf;
    m->wp = wp;
    m->gd = g;
    *out = m;
    return NEQ_OK;
}

void neq_material_free(neq_material *m)
{
    if (!m)
        return;
    if (m->kind == MAT_TABLE) {
        gsl_spline_free(m->sre);
        gsl_spline_free(m->sim);
        free(m->w);
        free(m->re);
        free(m->im);
    }
    neq_material_free(m->perp);
    free(m->s);
    free(m);
}

typedef struct {
    double w, re[2], im[2]; /* eps (or eps_par) and eps_perp */
} table_row;

static int cmp_row(const void *a, const void *b)
{
    double x = ((const table_row *)a)->w, y = ((const table_row *)b)->w;
    return (x > y) - (x < y);
}

/* A table material from component c of the sorted rows. */
static int table_component(const char *path, const table_row *rows, size_t n, int c,
                           neq_material **out)
{
    int rc = NEQ_OK;
    neq_material *m = mat_new(MAT_TABLE);
    if (m) {
        m->npts = n;
        m->w = malloc(sizeof *m->w * n);
        m->re = malloc(sizeof *m->re * n);
        m->im = malloc(sizeof *m->im * n);
        m->sre = gsl_spline_alloc(gsl_interp_cspline, n);
        m->sim = gsl_spline_alloc(gsl_interp_cspline, n);
    }
    if (!m || !m->w || !m->re || !m->im || !m->sre || !m->sim)
        rc = neq_fail(NEQ_ENOMEM, "no memory for the material table");
    if (rc == 0) {
        for (size_t k = 0; k < n; k++) {
            m->w[k] = rows[k].w;
            m->re[k] = rows[k].re[c];
            m->im[k] = rows[k].im[c];
        }
        if (gsl_spline_init(m->sre, m->w, m->re, n) || gsl_spline_init(m->sim, m->w, m->im, n))
            rc = neq_fail(NEQ_EINVAL, "%s: cannot build the spline of the table", path);
    }
    if (rc) {
        neq_material_free(m);
        return rc;
    }
    *out = m;
    return NEQ_OK;
}

int neq_material_table(const char *path, neq_material **out)
{
    neq_clear_error();
    if (!path || !out)
        return neq_fail(NEQ_EINVAL, "table: NULL argument");
    int rc = NEQ_OK;
    FILE *f = neq_open_regular(path, "material table", &rc);
    if (!f)
        return rc;
    char *line = NULL;
    size_t linecap = 0;
    int xw = -1, ynk = -1, ncomp = 1, lineno = 0;
    size_t n = 0, cap = 0;
    table_row *rows = NULL;
    while (rc == 0 && getline(&line, &linecap, f) > 0) {
        lineno++;
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\n' || *p == '\0' || *p == '\r')
            continue;
        if (*p == '#') {
            char xs[32], ys[32];
            if (xw < 0 && sscanf(p, "# neqent-table x=%31s y=%31s", xs, ys) == 2) {
                xw = strcmp(xs, "wavelength") == 0 ? 1 : strcmp(xs, "omega") == 0 ? 0 : -2;
                ncomp = ys[0] && ys[strlen(ys) - 1] == '2' ? 2 : 1; /* eps2, nk2: uniaxial */
                if (ncomp == 2)
                    ys[strlen(ys) - 1] = '\0';
                ynk = strcmp(ys, "nk") == 0 ? 1 : strcmp(ys, "eps") == 0 ? 0 : -2;
                if (xw == -2 || ynk == -2)
                    rc = neq_fail(NEQ_EINVAL, "%s:%d: header must say x=omega|wavelength "
                                              "y=eps|nk|eps2|nk2", path, lineno);
            }
            continue;
        }
        if (xw < 0) {
            rc = neq_fail(NEQ_EINVAL, "%s:%d: data before the '# neqent-table x=... y=...' header",
                          path, lineno);
            break;
        }
        /* 1 + 2 ncomp plain decimal numbers, blank-separated, nothing else */
        double v[5];
        int nv = 0, bad = 0, want = 1 + 2 * ncomp;
        char *save = NULL; /* strtok_r: tables may be read on many threads at once */
        for (char *tok = strtok_r(p, " \t\r\n", &save); tok;
             tok = strtok_r(NULL, " \t\r\n", &save)) {
            if (nv == want || neq_parse_real(tok, &v[nv])) {
                bad = 1;
                break;
            }
            nv++;
        }
        if (bad || nv != want) {
            rc = neq_fail(NEQ_EINVAL, "%s:%d: expected %s finite decimal numbers", path, lineno,
                          want == 3 ? "three" : "five");
            break;
        }
        double a = v[0];
        if (!(a > 0)) {
            rc = neq_fail(NEQ_EINVAL, "%s:%d: %s = %g must be > 0", path, lineno,
                          xw ? "wavelength" : "omega", a);
            break;
        }
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            table_row *r2 = realloc(rows, sizeof *r2 * cap);
            if (!r2) {
                rc = neq_fail(NEQ_ENOMEM, "no memory for the material table");
                break;
            }
            rows = r2;
        }
        table_row row = {xw ? 2 * NEQ_PI * NEQ_C_LIGHT / a : a, {0, 0}, {0, 0}};
        for (int c = 0; c < ncomp; c++) {
            double complex y = v[1 + 2 * c] + I * v[2 + 2 * c], e = ynk ? y * y : y;
            if (cimag(e) < 0) {
                rc = neq_fail(NEQ_EINVAL, "%s:%d: Im eps = %g < 0 (gain)", path, lineno,
                              cimag(e));
                break;
            }
            row.re[c] = creal(e);
            row.im[c] = cimag(e);
        }
        if (rc)
            break;
        rows[n++] = row;
    }
    free(line);
    fclose(f);
    if (rc == 0 && xw < 0)
        rc = neq_fail(NEQ_EINVAL, "%s: missing '# neqent-table x=omega|wavelength y=eps|nk' header",
                      path);
    if (rc == 0 && n < 4)
        rc = neq_fail(NEQ_EINVAL, "%s: needs at least 4 data rows (has %zu)", path, n);
    neq_material *m = NULL, *perp = NULL;
    if (rc == 0) {
        qsort(rows, n, sizeof *rows, cmp_row);
        for (size_t k = 1; rc == 0 && k < n; k++)
            if (rows[k].w == rows[k - 1].w)
                rc = neq_fail(NEQ_EINVAL, "%s: repeated frequency %g", path, rows[k].w);
    }
    if (rc == 0)
        rc = table_component(path, rows, n, 0, &m);
    if (rc == 0 && ncomp == 2) {
        rc = table_component(path, rows, n, 1, &perp);
        if (rc == 0)
            rc = neq_material_make_uniaxial(m, perp); /* owns perp, or freed it */
    }
    free(rows);
    if (rc) {
        neq_material_free(m);
        return rc;
    }
    *out = m;
    return NEQ_OK;
}

int neq_material_eps(const neq_material *m, double omega, double complex *eps)
{
    neq_clear_error();
    if (!m || !eps)
        return neq_fail(NEQ_EINVAL, "neq_material_eps: NULL argument");
    if (isnan(omega))
        return neq_fail(NEQ_ENAN, "omega is NaN");
    if (!(omega > 0) || isinf(omega))
        return neq_fail(NEQ_EDOMAIN, "omega = %g must be finite and > 0", omega);
    if (m->perp)
        return neq_fail(NEQ_EINVAL, "material %s is uniaxial: it has eps_par and eps_perp "
                                    "(neq_material_eps_tensor), not one eps",
                        m->info ? m->info->name : "");
    switch (m->kind) {
    case MAT_CONST:
        *eps = m->eps;
        return NEQ_OK;
    case MAT_LORENTZ: {
        double complex e = m->eps_inf;
        for (int j = 0; j < m->n; j++) {
            double w0 = m->w0[j];
            e += m->s[j] * w0 * w0 / (w0 * w0 - omega * omega - I * m->g[j] * omega);
        }
        *eps = e;
        return NEQ_OK;
    }
    case MAT_DRUDE:
        *eps = m->eps_inf - m->wp * m->wp / (omega * omega + I * m->gd * omega);
        return NEQ_OK;
    case MAT_TABLE: {
        if (omega < m->w[0] || omega > m->w[m->npts - 1])
            return neq_fail(NEQ_EDOMAIN, "omega = %g outside the table's range [%g, %g] rad/s",
                            omega, m->w[0], m->w[m->npts - 1]);
        double re, im; /* no accelerator (NULL): m stays untouched */
        if (gsl_spline_eval_e(m->sre, omega, NULL, &re) ||
            gsl_spline_eval_e(m->sim, omega, NULL, &im))
            return neq_fail(NEQ_EDOMAIN, "omega = %g: spline evaluation of the table failed",
                            omega);
        *eps = re + I * fmax(0.0, im);
        return NEQ_OK;
    }
    }
    return neq_fail(NEQ_EINVAL, "unknown material kind");
}

int neq_material_eps_tensor(const neq_material *m, double omega, double complex *eps_par,
                            double complex *eps_perp)
{
    neq_clear_error();
    if (!m || !eps_par || !eps_perp)
        return neq_fail(NEQ_EINVAL, "neq_material_eps_tensor: NULL argument");
    if (!m->perp) {
        NEQ_TRY(neq_material_eps(m, omega, eps_par));
        *eps_perp = *eps_par;
        return NEQ_OK;
    }
    neq_material par = *m;
    par.perp = NULL; /* the in-plane component alone */
    NEQ_TRY(neq_material_eps(&par, omega, eps_par));
    return neq_material_eps(m->perp, omega, eps_perp);
}

static int parse_list(const char *s, double *v, int max)
{
    int n = 0;
    char *end;
    while (n < max) {
        errno = 0;
        v[n] = strtod(s, &end);
        if (end == s || errno == ERANGE)
            return -1;
        n++;
        if (*end == '\0')
            return n;
        if (*end != ',')
            return -1;
        s = end + 1;
    }
    return -1;
}

int neq_material_parse(const char *spec, neq_material **out)
{
    neq_clear_error();
    if (!spec || !out)
        return neq_fail(NEQ_EINVAL, "material: NULL argument");
    double v[8];
    int n;
    if (strncmp(spec, "uniaxial:", 9) == 0) { /* uniaxial:PAR;PERP, each a specification */
        const char *semi = strchr(spec + 9, ';');
        if (!semi || strchr(semi + 1, ';'))
            return neq_fail(NEQ_EINVAL, "material '%s': expected uniaxial:PAR;PERP", spec);
        size_t n1 = (size_t)(semi - (spec + 9));
        char *a = malloc(n1 + 1);
        if (!a)
            return neq_fail(NEQ_ENOMEM, "no memory for a material");
        memcpy(a, spec + 9, n1);
        a[n1] = '\0';
        neq_material *par = NULL, *perp = NULL;
        int rc = neq_material_parse(a, &par);
        free(a);
        if (rc == 0)
            rc = neq_material_parse(semi + 1, &perp);
        if (rc == 0 && (par->perp || perp->perp))
            rc = neq_fail(NEQ_EINVAL, "material '%s': the components must be isotropic", spec);
        if (rc == 0)
            rc = neq_material_make_uniaxial(par, perp); /* owns perp, or freed it */
        else
            neq_material_free(perp);
        if (rc) {
            neq_material_free(par);
            return rc;
        }
        *out = par;
        return NEQ_OK;
    }
    if (strcmp(spec, "vacuum") == 0)
        return neq_material_constant(1.0, out);
    if (strncmp(spec, "file:", 5) == 0)
        return neq_material_table(spec + 5, out);
    if (strncmp(spec, "const:", 6) == 0) {
        n = parse_list(spec + 6, v, 2);
        if (n < 1)
            return neq_fail(NEQ_EINVAL, "material '%s': expected const:RE[,IM]", spec);
        return neq_material_constant(v[0] + I * (n > 1 ? v[1] : 0.0), out);
    }
    if (strncmp(spec, "drude:", 6) == 0) {
        if (parse_list(spec + 6, v, 3) != 3)
            return neq_fail(NEQ_EINVAL, "material '%s': expected drude:EPSINF,WP,G", spec);
        return neq_material_drude(v[0], v[1], v[2], out);
    }
    if (strncmp(spec, "dl:", 3) == 0) {
        if (parse_list(spec + 3, v, 4) != 4)
            return neq_fail(NEQ_EINVAL, "material '%s': expected dl:EPSINF,WL,WT,G", spec);
        return neq_material_drude_lorentz(v[0], v[1], v[2], v[3], out);
    }
    int rc = neq_material_library(spec, out);
    if (rc == 0 || strncmp(neq_errdetail(), "unknown material", 16))
        return rc; /* a library material, or one with a bad argument */
    return neq_fail(NEQ_EINVAL,
                    "unknown material '%s' (a library name: neqent materials; vacuum, "
                    "const:RE[,IM], drude:EPSINF,WP,G, dl:EPSINF,WL,WT,G, uniaxial:PAR;PERP, "
                    "file:PATH)", spec);
}
