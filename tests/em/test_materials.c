/* The material library (src/em/library.c) against what each cited model
 * must give, derived here independently of the library's code:
 *   - sic from the library is the paper's SiC exactly;
 *   - hbn: the Lyddane-Sachs-Teller static limits eps_inf (wL/wT)^2 per axis
 *     (to 1e-6 at 1e9 rad/s, where the damping's i g w correction is
 *     1e-8 relative), Re eps < 0 inside each reststrahlen band and > 0 just
 *     outside, uniaxial (eps_par != eps_perp), and neq_material_eps refused
 *     (its bodies: tests/em/test_em.c, uniaxial_layers);
 *   - sio2: the static limit eps_inf + sum S_j = 3.63287 and the transparent
 *     limit eps_inf far above the phonons (1e-4);
 *   - au: the Drude closed form with Ordal et al.'s wp, g written in cm^-1;
 *   - si-n: Re eps = 0 exactly at w0^2 = wp^2/eps_inf - g^2, wp and g from
 *     the carrier density, the mass and the Caughey-Thomas mobility
 *     (at N = N_ref the mobility is (mu_min + mu_max)/2), to 1e-9; "cm-3"
 *     = 1e6 m^-3 exactly;
 *   - every entry passive (Im eps >= 0) across its valid range, its range
 *     reported (neq_material_range), tables too;
 *   - bad names and arguments refused with a message naming them. */
#include "check.h"
#include "neqent/neqent.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const double C = 299792458.0;
static double cm1(double k) { return 2 * 3.14159265358979323846 * C * 100 * k; }

static double complex dl(double einf, double wL, double wT, double g, double w)
{
    return einf * (wL * wL - w * w - I * g * w) / (wT * wT - w * w - I * g * w);
}

static void sic(void)
{
    neq_material *a, *b;
    CHECK_RC(neq_material_library("sic", &a), NEQ_OK);
    CHECK_RC(neq_material_sic(&b), NEQ_OK);
    for (double w = 1e14; w < 3e14; w *= 1.1) {
        double complex x, y;
        neq_material_eps(a, w, &x);
        neq_material_eps(b, w, &y);
        CHECK(x == y);
    }
    CHECK(strcmp(neq_material_name(a), "sic") == 0 && neq_material_name(b) == NULL);
    neq_material_free(a);
    neq_material_free(b);
}

static void hbn(void)
{
    neq_material *m;
    CHECK_RC(neq_material_library("hbn", &m), NEQ_OK);
    CHECK(neq_material_is_uniaxial(m));
    double complex par, perp, e;
    CHECK_RC(neq_material_eps(m, 2e14, &e), NEQ_EINVAL);
    CHECK(strstr(neq_errdetail(), "uniaxial") != NULL);
    CHECK_RC(neq_material_eps_tensor(m, 1e9, &par, &perp), NEQ_OK);
    CHECK_CLOSE(creal(par), 4.87 * pow(1610.0 / 1370, 2), 1e-6);
    CHECK_CLOSE(creal(perp), 2.95 * pow(830.0 / 780, 2), 1e-6);
    /* the bands: in-plane 1370-1610 cm^-1, out of plane 780-830 cm^-1 */
    CHECK_RC(neq_material_eps_tensor(m, cm1(1490), &par, &perp), NEQ_OK);
    CHECK(creal(par) < 0 && creal(perp) > 0);
    CHECK(cabs(par - dl(4.87, cm1(1610), cm1(1370), cm1(5), cm1(1490))) < 1e-12 * cabs(par));
    CHECK_RC(neq_material_eps_tensor(m, cm1(805), &par, &perp), NEQ_OK);
    CHECK(creal(perp) < 0 && creal(par) > 0);
    CHECK(cabs(perp - dl(2.95, cm1(830), cm1(780), cm1(4), cm1(805))) < 1e-12 * cabs(perp));
    CHECK_RC(neq_material_eps_tensor(m, cm1(1700), &par, &perp), NEQ_OK);
    CHECK(creal(par) > 0 && creal(perp) > 0);
    neq_material_free(m);
}

static void sio2(void)
{
    neq_material *m;
    CHECK_RC(neq_material_library("sio2", &m), NEQ_OK);
    double complex e;
    CHECK_RC(neq_material_eps(m, 1e11, &e), NEQ_OK);
    CHECK_CLOSE(creal(e), 2.03843 + 0.93752 + 0.05050 + 0.60642, 1e-4);
    CHECK_RC(neq_material_eps(m, 1e17, &e), NEQ_OK);
    CHECK_CLOSE(creal(e), 2.03843, 1e-4);
    neq_material_free(m);
}

static void au(void)
{
    neq_material *m;
    CHECK_RC(neq_material_library("au", &m), NEQ_OK);
    double wp = cm1(72800), g = cm1(215), w = 1.2e14;
    double complex e, want = 1 - wp * wp / (w * w + I * g * w);
    CHECK_RC(neq_material_eps(m, w, &e), NEQ_OK);
    CHECK(cabs(e - want) < 1e-12 * cabs(want));
    neq_material_free(m);
    CHECK_RC(neq_material_library("au:1", &m), NEQ_EINVAL);
    CHECK(m == NULL);
}

static void doped_si(void)
{
    const double q = 1.602176634e-19, me = 9.1093837015e-31, eps0 = 8.8541878128e-12;
    const double N = 9.2e22, ms = 0.26 * me, mu = 0.5 * (68.5e-4 + 1414e-4);
    double wp2 = N * q * q / (eps0 * ms), g = q / (ms * mu), w0 = sqrt(wp2 / 11.7 - g * g);
    neq_material *a, *b;
    CHECK_RC(neq_material_library("si-n:9.2e22", &a), NEQ_OK);
    CHECK_RC(neq_material_library("si-n:9.2e16cm-3", &b), NEQ_OK);
    double complex e, f;
    CHECK_RC(neq_material_eps(a, w0, &e), NEQ_OK);
    CHECK_RC(neq_material_eps(b, w0, &f), NEQ_OK);
    CHECK(fabs(creal(e)) < 1e-9 * 11.7 && cimag(e) > 0);
    CHECK(e == f);
    neq_material_free(a);
    neq_material_free(b);
    const char *bad[] = {"si-n", "si-n:", "si-n:-1e24", "si-n:0", "si-n:abc", "si-n:nan",
                         "si-n:1e19cm-2", "sio2:3", "gold", "hbn:1"};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        neq_material *m = NULL;
        int rc = neq_material_parse(bad[k], &m);
        CHECK(rc != 0 && m == NULL);
        if (rc == 0)
            neq_material_free(m);
    }
    neq_material *m = NULL;
    CHECK(neq_material_parse("gold", &m) != 0 && strstr(neq_errdetail(), "'gold'") != NULL);
}

/* A uniaxial table (y=eps2: five columns) of gold's Drude eps in the plane
 * and a constant along the axis, 400 points over 1e13..1e15 rad/s: the
 * splines reproduce the model between the points to 1e-6, each component
 * on its own; a five-column header with three columns is refused. */
static void uniaxial_table(void)
{
    const char *path = "/tmp/neqent-test-uniaxial-table.txt";
    neq_material *au;
    CHECK_RC(neq_material_library("au", &au), NEQ_OK);
    FILE *f = fopen(path, "w");
    fprintf(f, "# neqent-table x=omega y=eps2\n");
    for (int k = 0; k < 400; k++) {
        double w = 1e13 * pow(100.0, k / 399.0);
        double complex e;
        neq_material_eps(au, w, &e);
        fprintf(f, "%.17g %.17g %.17g 2.5 0.01\n", w, creal(e), cimag(e));
    }
    fclose(f);
    char spec[128];
    snprintf(spec, sizeof spec, "file:%s", path);
    neq_material *t;
    CHECK_RC(neq_material_parse(spec, &t), NEQ_OK);
    CHECK(neq_material_is_uniaxial(t));
    double worst = 0;
    for (double w = 1.3e13; w < 9e14; w *= 1.37) {
        double complex p, q, e;
        CHECK_RC(neq_material_eps_tensor(t, w, &p, &q), NEQ_OK);
        neq_material_eps(au, w, &e);
        worst = fmax(worst, cabs(p - e) / cabs(e));
        CHECK(cabs(q - (2.5 + 0.01 * I)) < 1e-12);
    }
    CHECK(worst < 1e-6);
    neq_material_free(t);
    f = fopen(path, "w");
    fprintf(f, "# neqent-table x=omega y=eps2\n1e13 1 0\n2e13 1 0\n3e13 1 0\n4e13 1 0\n");
    fclose(f);
    CHECK_RC(neq_material_parse(spec, &t), NEQ_EINVAL);
    CHECK(strstr(neq_errdetail(), "five") != NULL);
    remove(path);
    neq_material_free(au);
}

static void passive_and_ranges(void)
{
    int n = neq_material_library_count();
    CHECK(n >= 5);
    for (int k = 0; k < n; k++) {
        neq_material_info in;
        CHECK_RC(neq_material_library_info(k, &in), NEQ_OK);
        char spec[64];
        snprintf(spec, sizeof spec, "%s%s", in.name, in.needs_argument ? ":1e25" : "");
        neq_material *m;
        CHECK_RC(neq_material_library(spec, &m), NEQ_OK);
        double a, b;
        CHECK_RC(neq_material_range(m, &a, &b), NEQ_OK);
        CHECK(a == in.wmin && b == in.wmax && a > 0 && b > a);
        CHECK(in.source && strlen(in.source) > 10 && in.model && strlen(in.model) > 10);
        for (int j = 0; j <= 200; j++) {
            double w = a * pow(b / a, j / 200.0);
            double complex p, s;
            CHECK_RC(neq_material_eps_tensor(m, w, &p, &s), NEQ_OK);
            CHECK(cimag(p) >= 0 && cimag(s) >= 0 && isfinite(creal(p)) && isfinite(creal(s)));
        }
        neq_material_free(m);
    }
    neq_material_info in;
    CHECK_RC(neq_material_library_info(n, &in), NEQ_EINVAL);
    /* a material without a library entry: no range */
    neq_material *m;
    CHECK_RC(neq_material_parse("const:2,0.1", &m), NEQ_OK);
    double a, b;
    CHECK_RC(neq_material_range(m, &a, &b), NEQ_OK);
    CHECK(a == 0 && isinf(b));
    neq_material_free(m);
}

int main(void)
{
    sic();
    hbn();
    sio2();
    au();
    doped_si();
    uniaxial_table();
    passive_and_ranges();
    return check_report("em/materials");
}
