/* The near-body thermal conductance (neq_nb_conductance: linear response
 * with the generator's exact T_M derivative) against values obtained
 * without it:
 *   - one qubit: the closed form of the two-level rate equations,
 *     dJ_M/dT_M = n'(T) a_W a_M / ((a_W + a_M)(2n + 1)), a_f its alpha_f;
 *   - two and three qubits near a slab and a sphere: a central difference of
 *     the heat from the body, (J_M(T + h) - J_M(T - h)) / 2h with h = 1e-3 T,
 *     to its O(h^2) = 1e-6;
 *   - equal temperatures give no current, so kappa > 0 (heat flows from the
 *     hotter body) and kappa -> 0 far below hbar omega / k_B. */
#include "check.h"
#include "neqent/neqent.h"

#include <math.h>
#include <string.h>

static double heat_body(const neq_nb_model *m, double TW, double TM)
{
    neq_nb_result r;
    static double complex rho[64 * 64];
    if (neq_nb_steady_rho(m, TW, TM, 0, NULL, rho, &r))
        return NAN;
    return r.heat_body;
}

int main(void)
{
    neq_material *sic = NULL;
    neq_body *slab = NULL, *sph = NULL;
    CHECK_RC(neq_material_sic(&sic), 0);
    CHECK_RC(neq_body_slab(sic, 0.01e-6, &slab), 0);
    CHECK_RC(neq_body_sphere(sic, 0.5e-6, NULL, &sph), 0);
    /* one qubit */
    neq_nb_geometry g;
    neq_nb_default_geometry(&g);
    g.nq = 1;
    neq_nb_model *m = NULL;
    CHECK_RC(neq_nb_model_alloc(slab, &g, NULL, &m), 0);
    double complex aW, aM;
    CHECK_RC(neq_nb_alpha(m, &aW, &aM, NULL), 0);
    for (double T = 100; T <= 2000; T *= 2.2) {
        double k, x = NEQ_HBAR * g.omega / (NEQ_KB * T), n = 1 / expm1(x);
        double dn = x / T * n * (n + 1);
        double want = dn * creal(aW) * creal(aM) / ((creal(aW) + creal(aM)) * (2 * n + 1));
        CHECK_RC(neq_nb_conductance(m, T, 0, &k), 0);
        CHECK_CLOSE(k, want, 1e-11 * want);
        CHECK(k > 0);
    }
    double kcold;
    CHECK_RC(neq_nb_conductance(m, 1.0, 0, &kcold), 0); /* 1 K: hbar omega / k_B = 342 K */
    CHECK(kcold >= 0 && kcold < 1e-100);
    neq_nb_model_free(m);
    /* two and three qubits near a slab and a sphere */
    const neq_body *bodies[2] = {slab, sph};
    for (int bi = 0; bi < 2; bi++)
        for (int nq = 2; nq <= 3; nq++) {
            neq_nb_default_geometry(&g);
            g.nq = nq;
            for (int q = 0; q < nq; q++) {
                g.pos[q][0] = 0.3e-6 * q;
                g.pos[q][1] = 0.1e-6 * (q % 2);
                g.pos[q][2] = (0.8 + 0.3 * q) * 1e-6;
                g.dip[q][0] = 0;
                g.dip[q][1] = 0;
                g.dip[q][2] = 1;
            }
            CHECK_RC(neq_nb_model_alloc(bodies[bi], &g, NULL, &m), 0);
            double T = 600, h = 1e-3 * T, k;
            CHECK_RC(neq_nb_conductance(m, T, 0, &k), 0);
            double fd = (heat_body(m, T, T + h) - heat_body(m, T, T - h)) / (2 * h);
            CHECK_CLOSE(k, fd, 1e-6 * fabs(fd));
            CHECK(k > 0);
            neq_nb_model_free(m);
        }
    /* bad input */
    neq_nb_default_geometry(&g);
    CHECK_RC(neq_nb_model_alloc(slab, &g, NULL, &m), 0);
    double k;
    CHECK_RC(neq_nb_conductance(m, -1, 0, &k), NEQ_EDOMAIN);
    CHECK_RC(neq_nb_conductance(m, NAN, 0, &k), NEQ_ENAN);
    neq_nb_model_free(m);
    neq_body_free(sph);
    neq_body_free(slab);
    neq_material_free(sic);
    return check_report("conductance");
}
