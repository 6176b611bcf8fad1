/* The Onsager matrix of Davies generators with three baths
 * (neq_davies_onsager), and through it the exact linear response
 * (neq_steady_response).  Two systems with three baths each:
 *   - a three-level absorption refrigerator, each bath on its own
 *     transition (0-1, 1-2, 0-2);
 *   - a chain of three qubits with XX couplings, each qubit with its own
 *     ohmic bath through sigma_x.
 * Checked against what holds independently of the code:
 *   - reciprocity, Lon_ik = Lon_ki (Onsager; a consequence of detailed
 *     balance that the computation does not impose), to 1e-10 of max |Lon|;
 *   - energy conservation and equilibrium under a common shift: rows and
 *     columns sum to 0, to 1e-10;
 *   - the second law: Lon positive semidefinite (eigenvalues >= -1e-12);
 *   - a second route: T^2 dJ_i/dT_k by central differences of steady
 *     states at T_k = T +- h (h = 1e-4 T; O(h^2) ~ 1e-8 and rounding
 *     1e-12/h ~ 1e-8), to 1e-6 of max |Lon|. */
#include "check.h"
#include "neqent/neqent.h"

#include <math.h>
#include <string.h>

static void currents(int d, const double complex *H, int nb, const neq_bath *b, double *J)
{
    neq_gksl *g = NULL;
    neq_liouvillian *L = NULL;
    double complex rho[64];
    neq_steady_info info;
    CHECK_RC(neq_davies_build(d, H, nb, b, 0, &g), 0);
    CHECK_RC(neq_liouvillian_alloc(g, &L), 0);
    CHECK_RC(neq_steady_state(L, NULL, NULL, rho, &info), 0);
    /* unfloored: the differences need the currents' last digits */
    for (int k = 0; k < nb; k++) {
        double complex D[64];
        CHECK_RC(neq_gksl_apply(g, k, rho, D), 0);
        double complex t = 0;
        for (int i = 0; i < d; i++)
            for (int m = 0; m < d; m++)
                t += H[i + m * d] * D[m + i * d];
        J[k] = creal(t);
    }
    neq_liouvillian_free(L);
    neq_gksl_free(g);
}

static void check_onsager(const char *name, int d, const double complex *H, neq_bath *b, double T)
{
    double Lon[9], J[2][3];
    CHECK_RC(neq_davies_onsager(d, H, 3, b, T, Lon), 0);
    double m = 0, asym = 0, rows = 0;
    for (int k = 0; k < 9; k++)
        m = fmax(m, fabs(Lon[k]));
    for (int i = 0; i < 3; i++) {
        double r = 0, c = 0;
        for (int k = 0; k < 3; k++) {
            asym = fmax(asym, fabs(Lon[i + 3 * k] - Lon[k + 3 * i]));
            r += Lon[i + 3 * k];
            c += Lon[k + 3 * i];
        }
        rows = fmax(rows, fmax(fabs(r), fabs(c)));
    }
    CHECK(m > 0);
    CHECK(asym <= 1e-10 * m);
    CHECK(rows <= 1e-10 * m);
    CHECK(fabs(Lon[0 + 3 * 2]) > 1e-3 * m); /* baths 1 and 3 are coupled */
    double complex S[9], V[9];
    double ev[3];
    for (int k = 0; k < 9; k++)
        S[k] = 0.5 * (Lon[k] + Lon[(k % 3) * 3 + k / 3]);
    CHECK_RC(neq_herm_eig(3, S, ev, V), 0);
    CHECK(ev[0] >= -1e-12 * m);
    double fd = 0, h = 1e-4 * T;
    for (int k = 0; k < 3; k++) {
        for (int s = 0; s < 2; s++) {
            neq_bath bb[3];
            memcpy(bb, b, sizeof bb);
            for (int j = 0; j < 3; j++)
                bb[j].T = T;
            bb[k].T = T + (s ? -h : h);
            currents(d, H, 3, bb, J[s]);
        }
        for (int i = 0; i < 3; i++)
            fd = fmax(fd, fabs(T * T * (J[0][i] - J[1][i]) / (2 * h) - Lon[i + 3 * k]));
    }
    CHECK(fd <= 1e-6 * m);
    printf("%s: max |Lon| %.3e, asymmetry %.1e, row sums %.1e, eigenvalues %.3e %.3e %.3e, "
           "vs differences %.1e\n", name, m, asym / m, rows / m, ev[0], ev[1], ev[2], fd / m);
}

static void refrigerator(void)
{
    double complex H[9] = {0}, X[3][9] = {{0}};
    const double E[3] = {0, 1.0, 2.7};
    for (int i = 0; i < 3; i++)
        H[i + 3 * i] = E[i];
    const int pairs[3][2] = {{0, 1}, {1, 2}, {0, 2}};
    for (int j = 0; j < 3; j++) {
        X[j][pairs[j][0] + 3 * pairs[j][1]] = 1;
        X[j][pairs[j][1] + 3 * pairs[j][0]] = 1;
    }
    neq_bath b[3] = {{X[0], {NEQ_SPECTRAL_FLAT, 0.3, 0}, 0},
                     {X[1], {NEQ_SPECTRAL_FLAT, 0.7, 0}, 0},
                     {X[2], {NEQ_SPECTRAL_OHMIC, 0.2, 5.0}, 0}};
    check_onsager("three-level refrigerator", 3, H, b, 0.9);
}

static void chain(void)
{
    /* qubit q is bit (2 - q) of the basis index; sz|1> = +|1> */
    double complex H[64] = {0}, X[3][64] = {{0}};
    const double eps[3] = {1.0, 1.3, 0.8}, K[2] = {0.4, 0.25};
    for (int s = 0; s < 8; s++) {
        for (int q = 0; q < 3; q++) {
            int bit = 1 << (2 - q);
            H[s + 8 * s] += eps[q] / 2 * ((s & bit) ? 1 : -1);
            X[q][(s ^ bit) + 8 * s] = 1;
        }
        for (int q = 0; q < 2; q++) { /* K (s+_q s-_{q+1} + h.c.) */
            int a = 1 << (2 - q), c = 1 << (1 - q);
            if (((s & a) != 0) != ((s & c) != 0))
                H[(s ^ a ^ c) + 8 * s] += K[q];
        }
    }
    neq_bath b[3] = {{X[0], {NEQ_SPECTRAL_OHMIC, 0.05, 8.0}, 0},
                     {X[1], {NEQ_SPECTRAL_OHMIC, 0.02, 8.0}, 0},
                     {X[2], {NEQ_SPECTRAL_OHMIC, 0.08, 8.0}, 0}};
    check_onsager("three-qubit chain", 8, H, b, 1.2);
}

static void bad_input(void)
{
    double complex H[4] = {0, 0, 0, 1}, X[4] = {0, 1, 1, 0};
    neq_bath b[1] = {{X, {NEQ_SPECTRAL_FLAT, 1, 0}, 0}};
    double Lon[1];
    CHECK_RC(neq_davies_onsager(2, H, 1, b, 0, Lon), NEQ_EDOMAIN);
    CHECK_RC(neq_davies_onsager(2, H, 1, b, NAN, Lon), NEQ_ENAN);
    CHECK_RC(neq_davies_onsager(2, H, 0, b, 1, Lon), NEQ_EINVAL);
    /* one bath: its own conductance vanishes (nowhere for heat to go) */
    CHECK_RC(neq_davies_onsager(2, H, 1, b, 1, Lon), 0);
    CHECK(fabs(Lon[0]) <= 1e-12);
}

int main(void)
{
    refrigerator();
    chain();
    bad_input();
    return check_report("test_onsager");
}
