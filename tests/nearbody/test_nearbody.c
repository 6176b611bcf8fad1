/* Qubits near a body: the paper's analytic results and limits against the
 * numerical master equation (1). */
#include "check.h"
#include "neqent/neqent.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static neq_material *sic;
static neq_body *slab;

static double nbose(double T)
{
    return 1 / expm1(NEQ_HBAR * 0.3 * 1.495e14 / (NEQ_KB * T));
}

/* T_W = T_M = T: the thermal state (3), diagonal with
 * [(1+n)^2, n(1+n), n(1+n), n^2] / (1+2n)^2 in |gg>, |eg>, |ge>, |ee>, and
 * C = 0, for any geometry (equivalent positions or not, any dipoles);
 * 1e-10 (the rates are quadratures at 1e-9 requested, ~1e-11 actual). */
static void thermal_equilibrium(void)
{
    const double geo[3][6] = {{0.25e-6, 0, 1e-6, 1e-6, 0, 1},      /* paper, z dipoles */
                              {0.6e-6, 0.3e-6, 0.8e-6, 1.9e-6, 1, 0}, /* x dipoles */
                              {0.1e-6, 0, 0.5e-6, 0.7e-6, 1, 1}};     /* tilted */
    const double Ts[3] = {30, 450, 3000};
    for (int k = 0; k < 3; k++) {
        neq_nb_geometry g;
        neq_nb_default_geometry(&g);
        g.pos[1][0] = geo[k][0];
        g.pos[1][1] = geo[k][1];
        g.pos[0][2] = geo[k][2];
        g.pos[1][2] = geo[k][3];
        for (int q = 0; q < 2; q++) {
            g.dip[q][0] = geo[k][4];
            g.dip[q][1] = 0;
            g.dip[q][2] = geo[k][5];
        }
        neq_nb_model *m;
        CHECK_RC(neq_nb_model_alloc(slab, &g, NULL, &m), NEQ_OK);
        for (int t = 0; t < 3; t++) {
            neq_nb_result r;
            CHECK_RC(neq_nb_steady(m, Ts[t], Ts[t], 0, NULL, &r), NEQ_OK);
            double n = nbose(Ts[t]), Z = (1 + 2 * n) * (1 + 2 * n);
            double ref[4] = {(1 + n) * (1 + n) / Z, n * (1 + n) / Z, n * (1 + n) / Z, n * n / Z};
            const int idx[4] = {0, 2, 1, 3}; /* gg, eg, ge, ee */
            for (int s = 0; s < 4; s++)
                CHECK_CLOSE(creal(r.rho[5 * idx[s]]), ref[s], 1e-10);
            CHECK_CLOSE(cabs(r.rho[1 + 4 * 2]), 0.0, 1e-10);
            CHECK_CLOSE(r.concurrence, 0.0, 1e-12);
            CHECK_CLOSE(r.heat_walls, 0.0, 1e-12);
            CHECK_CLOSE(r.heat_body, 0.0, 1e-12);
        }
        neq_nb_model_free(m);
    }
}

/* Equivalent positions (z1 = z2, z dipoles, real Gamma^12): the stationary
 * populations of the rate equations (8), eq. (10), and the concurrence (12)
 * equal the numerical solution of (1) (1e-12: both use the same rates). */
static void analytic_case(void)
{
    neq_nb_geometry g;
    neq_nb_default_geometry(&g);
    const double zs[3] = {0.4e-6, 1e-6, 2.5e-6};
    for (int k = 0; k < 3; k++) {
        g.pos[0][2] = g.pos[1][2] = zs[k];
        neq_nb_model *m;
        CHECK_RC(neq_nb_model_alloc(slab, &g, NULL, &m), NEQ_OK);
        for (double TM = 100; TM < 6000; TM *= 2.3) {
            neq_nb_result r;
            CHECK_RC(neq_nb_steady(m, 30, TM, 0, NULL, &r), NEQ_OK);
            double pop[4], C;
            CHECK_RC(neq_nb_analytic(r.Gamma_S, r.Gamma_A, r.n_S, r.n_A, pop, &C), NEQ_OK);
            for (int s = 0; s < 4; s++)
                CHECK_CLOSE(r.populations_coupled[s], pop[s], 1e-12);
            CHECK_CLOSE(r.concurrence, C, 1e-12);
            /* steady state: heat from the hot body to the cold walls */
            CHECK(r.heat_body > 0 && r.heat_walls < 0);
            CHECK_CLOSE(r.heat_body + r.heat_walls, 0.0, 1e-12);
            CHECK(r.entropy_production > 0);
            /* equal body-induced shifts (equivalent positions) add a term
             * proportional to N, which commutes with everything: the steady
             * state must not change (this also runs the general builder) */
            neq_nb_result rs;
            CHECK_RC(neq_nb_steady(m, 30, TM, 1, NULL, &rs), NEQ_OK);
            CHECK(check_maxdiff(4, rs.rho, r.rho) < 1e-10);
            /* n_S, n_A between n(T_W) and n(T_M) (the paper, below eq. 9) */
            CHECK(r.n_S >= r.n_W - 1e-15 && r.n_S <= r.n_M + 1e-15);
            CHECK(r.n_A >= r.n_W - 1e-15 && r.n_A <= r.n_M + 1e-15);
        }
        neq_nb_model_free(m);
    }
}

/* Stationary populations of the rate equations (8) on the ring
 * G -S- E -A- G (the S channel links G-S and S-E, the A channel G-A and
 * A-E), by Gaussian elimination of the 4 x 4 balance equations with the
 * normalisation replacing the first: a route independent of the library's
 * tree-theorem weights and of the master equation. */
static void rate_equations(double GS, double GA, double nS, double nA, double p[4])
{
    /* W[i][j]: rate from state i to j, states G 0, A 1, S 2, E 3 */
    double W[4][4] = {{0}};
    W[0][2] = GS * nS, W[2][0] = GS * (1 + nS), W[2][3] = GS * nS, W[3][2] = GS * (1 + nS);
    W[0][1] = GA * nA, W[1][0] = GA * (1 + nA), W[1][3] = GA * nA, W[3][1] = GA * (1 + nA);
    double A[4][5] = {{0}};
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) /* dp_i/dt = sum_j p_j W[j][i] - p_i sum_j W[i][j] */
            A[i][j] += i == j ? -(W[i][0] + W[i][1] + W[i][2] + W[i][3]) : W[j][i];
    for (int j = 0; j < 4; j++)
        A[0][j] = 1;
    A[0][4] = 1;
    for (int c = 0; c < 4; c++) { /* partial pivoting */
        int piv = c;
        for (int r = c + 1; r < 4; r++)
            if (fabs(A[r][c]) > fabs(A[piv][c]))
                piv = r;
        for (int k = 0; k < 5; k++) {
            double t = A[c][k];
            A[c][k] = A[piv][k];
            A[piv][k] = t;
        }
        for (int r = 0; r < 4; r++)
            if (r != c) {
                double f = A[r][c] / A[c][c];
                for (int k = c; k < 5; k++)
                    A[r][k] -= f * A[c][k];
            }
    }
    for (int i = 0; i < 4; i++)
        p[i] = A[i][4] / A[i][i];
}

/* Accurate across scales: qubits at equal heights coming together,
 * r12 = 1 um down to 2 nm above the paper's slab (z = 0.65 um,
 * T_M = 368 K), where Lambda/Gamma_0 grows to 1e10 and Gamma_A/Gamma_S
 * falls to 1e-7.  The master equation's populations must match the rate
 * equations (8) and its concurrence eq. (12), C = max(0, |p_S - p_A| -
 * 2 sqrt(p_G p_E)), to 1e-9; Gamma_S, Gamma_A, n_S, n_A from the model's
 * alpha by eq. (9), written out here.  (Gamma_A = alpha_11 - alpha_12 is a
 * difference of O(1) numbers: known to ~1e-16/Gamma_A relative.) */
static void small_separations(void)
{
    const double r12s[] = {1e-6, 0.25e-6, 0.1e-6, 0.05e-6, 20e-9, 10e-9, 5e-9, 2e-9};
    for (size_t k = 0; k < sizeof r12s / sizeof *r12s; k++) {
        neq_nb_geometry g;
        neq_nb_default_geometry(&g);
        g.pos[0][2] = g.pos[1][2] = 0.65e-6;
        g.pos[1][0] = r12s[k];
        neq_nb_model *m;
        CHECK_RC(neq_nb_model_alloc(slab, &g, NULL, &m), NEQ_OK);
        neq_nb_result r;
        int rc = neq_nb_steady(m, 30, 368, 0, NULL, &r);
        CHECK_RC(rc, NEQ_OK);
        double complex aW[4], aM[4];
        CHECK_RC(neq_nb_alpha(m, aW, aM, NULL), NEQ_OK);
        double nW = nbose(30), nM = nbose(368);
        double GSW = creal(aW[0] + aW[2]), GSM = creal(aM[0] + aM[2]);
        double GAW = creal(aW[0] - aW[2]), GAM = creal(aM[0] - aM[2]);
        double GS = GSW + GSM, GA = GAW + GAM;
        double nS = (nW * GSW + nM * GSM) / GS, nA = (nW * GAW + nM * GAM) / GA;
        double p[4];
        rate_equations(GS, GA, nS, nA, p);
        double C = fmax(0, fabs(p[2] - p[1]) - 2 * sqrt(p[0] * p[3]));
        for (int s = 0; rc == 0 && s < 4; s++)
            CHECK_CLOSE(r.populations_coupled[s], p[s], 1e-9);
        if (rc == 0) {
            CHECK_CLOSE(r.concurrence, C, 1e-9);
            CHECK(r.info.min_eigenvalue > -1e-12 && r.info.residual < 1e-14);
        }
        neq_nb_model_free(m);
    }
}

/* The paper's Fig. 3(b) limit: at Gamma_A/Gamma_S -> 0, n_S -> 0, n_A -> oo
 * the state is (2/3)|G><G| + (1/3)|A><A| and C -> 1/3 (the rate equations
 * alone, by the tree theorem: W_G ~ 2 n_A Gamma_S, W_A ~ n_A Gamma_S; the
 * limit needs n_A^2 Gamma_A -> 0 too: corrections ~ 1/(9 n_A) and
 * sqrt(n_A^3 Gamma_A / Gamma_S)). */
static void analytic_limits(void)
{
    double pop[4], C;
    CHECK_RC(neq_nb_analytic(1.0, 1e-18, 0.0, 1e5, pop, &C), NEQ_OK);
    CHECK_CLOSE(pop[0], 2.0 / 3.0, 1e-4);
    CHECK_CLOSE(pop[1], 1.0 / 3.0, 1e-4);
    CHECK_CLOSE(C, 1.0 / 3.0, 1e-4);
    /* and the symmetric limit Gamma_S/Gamma_A -> 0, n_A -> 0, n_S -> oo */
    CHECK_RC(neq_nb_analytic(1e-18, 1.0, 1e5, 0.0, pop, &C), NEQ_OK);
    CHECK_CLOSE(pop[2], 1.0 / 3.0, 1e-4);
    CHECK_CLOSE(C, 1.0 / 3.0, 1e-4);
    /* equal occupations: the thermal state, no entanglement */
    CHECK_RC(neq_nb_analytic(2.0, 0.3, 0.7, 0.7, pop, &C), NEQ_OK);
    CHECK_CLOSE(C, 0.0, 1e-15);
    CHECK_CLOSE(pop[1], pop[2], 1e-15);
}

/* N = 3 with the third qubit far away reduces to N = 2: the pair (1,2)
 * concurrence converges to the N = 2 value as the third moves away (its
 * couplings fall like 1/(k0 r)). */
static void three_qubits(void)
{
    neq_nb_geometry g;
    neq_nb_default_geometry(&g);
    neq_nb_model *m2;
    CHECK_RC(neq_nb_model_alloc(slab, &g, NULL, &m2), NEQ_OK);
    neq_nb_result r2;
    CHECK_RC(neq_nb_steady(m2, 30, 1000, 0, NULL, &r2), NEQ_OK);
    double lambda = 2 * NEQ_PI * NEQ_C_LIGHT / g.omega, diff[2];
    for (int k = 0; k < 2; k++) {
        neq_nb_geometry g3 = g;
        g3.nq = 3;
        g3.pos[2][0] = (k == 0 ? 3 : 30) * lambda;
        g3.pos[2][2] = 1e-6;
        g3.dip[2][2] = 1;
        neq_nb_model *m3;
        CHECK_RC(neq_nb_model_alloc(slab, &g3, NULL, &m3), NEQ_OK);
        neq_nb_result r3;
        CHECK_RC(neq_nb_steady(m3, 30, 1000, 0, NULL, &r3), NEQ_OK);
        diff[k] = fabs(r3.pair_concurrence[0][1] - r2.concurrence);
        CHECK(r3.info.residual < 1e-10 && r3.info.min_eigenvalue > -1e-12);
        neq_nb_model_free(m3);
    }
    CHECK(diff[1] < 2e-3);
    CHECK(diff[1] < diff[0]);
    /* the same with five and seven qubits (the sparse solver; seven through
     * neq_nb_steady_rho): the others receding to 30 wavelengths leave the
     * pair as it was; heat in = heat out, rho positive */
    const int Ns[2] = {5, 7};
    for (int k = 0; k < 2; k++) {
        neq_nb_geometry gn = g;
        gn.nq = Ns[k];
        for (int q = 2; q < Ns[k]; q++) { /* on a ring of 30 wavelengths around the pair */
            double th = 2 * NEQ_PI * (q - 2) / (Ns[k] - 2);
            gn.pos[q][0] = 30 * lambda * cos(th);
            gn.pos[q][1] = 30 * lambda * sin(th);
            gn.pos[q][2] = 1e-6;
            gn.dip[q][0] = gn.dip[q][1] = 0;
            gn.dip[q][2] = 1;
        }
        neq_nb_model *mn;
        CHECK_RC(neq_nb_model_alloc(slab, &gn, NULL, &mn), NEQ_OK);
        int d = 1 << Ns[k];
        double complex *rho = malloc(sizeof *rho * (size_t)d * d);
        neq_nb_result rn;
        CHECK_RC(neq_nb_steady_rho(mn, 30, 1000, 0, NULL, rho, &rn), NEQ_OK);
        CHECK(fabs(rn.pair_concurrence[0][1] - r2.concurrence) < 2e-3);
        CHECK(fabs(rn.heat_walls + rn.heat_body) < 1e-12);
        CHECK(rn.info.min_eigenvalue > -1e-12 && rn.info.residual < 1e-12);
        if (Ns[k] > NEQ_NB_RHO_MAX_QUBITS) /* rho does not fit the result */
            CHECK_RC(neq_nb_steady(mn, 30, 1000, 0, NULL, &rn), NEQ_EDIM);
        free(rho);
        neq_nb_model_free(mn);
    }
    neq_nb_model_free(m2);
}

/* Non-equivalent positions: the shifts differ and do change the state
 * (detuned qubits), which must stay a valid state with balanced heat. */
static void unequal_shifts(void)
{
    neq_nb_geometry g;
    neq_nb_default_geometry(&g);
    g.pos[1][2] = 0.4e-6;
    neq_nb_model *m;
    CHECK_RC(neq_nb_model_alloc(slab, &g, NULL, &m), NEQ_OK);
    neq_nb_result a, b;
    CHECK_RC(neq_nb_steady(m, 30, 1000, 0, NULL, &a), NEQ_OK);
    CHECK_RC(neq_nb_steady(m, 30, 1000, 1, NULL, &b), NEQ_OK);
    CHECK(check_maxdiff(4, a.rho, b.rho) > 1e-6);
    CHECK(b.info.residual < 1e-10 && b.info.min_eigenvalue > -1e-12);
    CHECK_CLOSE(b.heat_body + b.heat_walls, 0.0, 1e-12);
    neq_nb_model_free(m);
}

/* The paper's footnote: Gamma_ii = Gamma_ij (here alpha_W all ones, no
 * body field) leaves the antisymmetric state dark: the steady state is not
 * unique, it is reported, and the state reached depends on the initial one:
 * from |gg> the ground state, from |A> the state |A> itself.  At 1 K
 * n(omega, T) ~ 1e-149 and Lambda = 0, so the whole {|G>, |A>} block,
 * coherences included, is stationary: kernel dimension 4. */
static void footnote_nonunique(void)
{
    double complex aW[4] = {1, 1, 1, 1}, aM[4] = {0}, lam[4] = {0};
    neq_nb_model *m;
    CHECK_RC(neq_nb_model_from_alpha(0.3 * 1.495e14, 2, aW, aM, lam, &m), NEQ_OK);
    neq_nb_result r;
    CHECK_RC(neq_nb_steady(m, 1, 1, 0, NULL, &r), NEQ_OK);
    CHECK(r.null_dim == 4);
    CHECK_CLOSE(r.populations_coupled[0], 1.0, 1e-12);
    /* eq. (9) there: Gamma_A = 0 exactly, so n_A (and T_A) are undefined,
     * NaN, not a division by zero; the S channel is defined */
    CHECK(r.Gamma_A == 0 && isnan(r.n_A) && isnan(r.T_A));
    CHECK_CLOSE(r.Gamma_S, 2.0, 1e-15);
    CHECK(isfinite(r.n_S) && isfinite(r.T_S));
    const double s = sqrt(0.5);
    double complex psi[4] = {0, -s, s, 0}, rho0[16];
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            rho0[i + 4 * j] = psi[i] * conj(psi[j]);
    CHECK_RC(neq_nb_steady(m, 1, 1, 0, rho0, &r), NEQ_OK);
    CHECK(r.null_dim == 4);
    CHECK_CLOSE(r.populations_coupled[1], 1.0, 1e-12);
    CHECK_CLOSE(r.concurrence, 1.0, 1e-12);
    neq_nb_model_free(m);
    double complex bad[4] = {1, 2, 0.5, 1}; /* not Hermitian */
    CHECK_RC(neq_nb_model_from_alpha(1e14, 2, bad, aM, lam, &m), NEQ_EHERMITIAN);
}

/* N = 3 with identical collective rates, no body field and n ~ 1e-149
 * (1 K): S^- = sum_q s_q^- annihilates |G> = |ggg> and the two
 * single-excitation states orthogonal to the symmetric one (the J = 1/2
 * copies' m = -1/2 states), so every state on that 3-dimensional span is
 * stationary: a kernel of dimension 9, reported; from the dark state
 * |D> = (|100> - |010>)/sqrt 2 the state stays |D><D|: qubits 1 and 2
 * maximally entangled (C = 1), qubit 3 in its ground state. */
static void dark_three(void)
{
    double complex aW[9], aM[9] = {0}, lam[9] = {0};
    for (int k = 0; k < 9; k++)
        aW[k] = 1;
    neq_nb_model *m;
    CHECK_RC(neq_nb_model_from_alpha(0.3 * 1.495e14, 3, aW, aM, lam, &m), NEQ_OK);
    const double s = sqrt(0.5);
    double complex psi[8] = {0}, rho0[64];
    psi[4] = s;  /* |100>: qubit 1 excited (basis order q1 q2 q3, docs/physics.md) */
    psi[2] = -s; /* |010> */
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 8; j++)
            rho0[i + 8 * j] = psi[i] * conj(psi[j]);
    neq_nb_result r;
    CHECK_RC(neq_nb_steady(m, 1, 1, 0, rho0, &r), NEQ_OK);
    CHECK(r.null_dim == 9);
    CHECK(check_maxdiff(8, r.rho, rho0) < 1e-12);
    CHECK_CLOSE(r.pair_concurrence[0][1], 1.0, 1e-12);
    CHECK_CLOSE(r.pair_concurrence[0][2], 0.0, 1e-12);
    /* without an initial state: the ground state's basin is reported too */
    CHECK_RC(neq_nb_steady(m, 1, 1, 0, NULL, &r), NEQ_OK);
    CHECK(r.null_dim == 9);
    neq_nb_model_free(m);
}

/* Populations in H's eigenbasis (neq_nb_eigenpopulations):
 *   - two qubits in equivalent positions: H = Lambda (s1+ s2- + h.c.) with
 *     Lambda real has eigenstates G, A, S, E (energies 0, -+Lambda, 0), so
 *     the populations are the paper's rho_G, rho_A, rho_S, rho_E
 *     (neq_nb_coupled: a second route, through the coupled basis);
 *   - three qubits coupled equally (Lambda = l for every pair): in each
 *     sector of one or two excitations H = l (J - 1), J the all-ones
 *     3 x 3: energies -l, -l, 2l; each sector's populations sum to the
 *     trace of rho over it (the computational states with that many 1s). */
static void eigenpopulations(void)
{
    neq_nb_geometry g;
    neq_nb_default_geometry(&g);
    neq_nb_model *m;
    CHECK_RC(neq_nb_model_alloc(slab, &g, NULL, &m), NEQ_OK);
    neq_nb_result r;
    CHECK_RC(neq_nb_steady(m, 30, 1000, 0, NULL, &r), NEQ_OK);
    double E[4], pop[4], lam[4];
    double complex aW[4], aM[4], L[4];
    CHECK_RC(neq_nb_alpha(m, aW, aM, L), NEQ_OK);
    CHECK_RC(neq_nb_eigenpopulations(m, 0, r.rho, E, pop), NEQ_OK);
    lam[0] = 0, lam[1] = -fabs(creal(L[2])), lam[2] = fabs(creal(L[2])), lam[3] = 0;
    for (int k = 0; k < 4; k++)
        CHECK_CLOSE(E[k], lam[k], 1e-12 * fabs(lam[1]));
    /* energies ascending in the one-excitation sector: A first when Lambda > 0 */
    int a = creal(L[2]) > 0 ? 1 : 2;
    CHECK_CLOSE(pop[0], r.populations_coupled[0], 1e-13);
    CHECK_CLOSE(pop[a], r.populations_coupled[1], 1e-13);
    CHECK_CLOSE(pop[3 - a], r.populations_coupled[2], 1e-13);
    CHECK_CLOSE(pop[3], r.populations_coupled[3], 1e-13);
    neq_nb_model_free(m);

    const double l = 0.7;
    double complex a3[9], b3[9], l3[9];
    for (int q = 0; q < 3; q++)
        for (int p = 0; p < 3; p++) {
            a3[q + 3 * p] = q == p ? 1 : 0.3;
            b3[q + 3 * p] = q == p ? 0.5 : 0.1;
            l3[q + 3 * p] = q == p ? 0 : l;
        }
    CHECK_RC(neq_nb_model_from_alpha(0.3 * 1.495e14, 3, a3, b3, l3, &m), NEQ_OK);
    CHECK_RC(neq_nb_steady(m, 300, 3000, 0, NULL, &r), NEQ_OK);
    double E8[8], p8[8], sector[4] = {0};
    CHECK_RC(neq_nb_eigenpopulations(m, 0, r.rho, E8, p8), NEQ_OK);
    const double want[8] = {0, -l, -l, 2 * l, -l, -l, 2 * l, 0};
    for (int k = 0; k < 8; k++)
        CHECK_CLOSE(E8[k], want[k], 1e-14);
    for (int u = 0; u < 8; u++)
        sector[__builtin_popcount((unsigned)u)] += creal(r.rho[u + 8 * u]);
    CHECK_CLOSE(p8[0], sector[0], 1e-15);
    CHECK_CLOSE(p8[1] + p8[2] + p8[3], sector[1], 1e-14);
    CHECK_CLOSE(p8[4] + p8[5] + p8[6], sector[2], 1e-14);
    CHECK_CLOSE(p8[7], sector[3], 1e-15);
    for (int k = 0; k < 8; k++)
        CHECK(p8[k] > -1e-14);
    neq_nb_model_free(m);
}

static void bad_input(void)
{
    neq_nb_geometry g;
    neq_nb_default_geometry(&g);
    neq_nb_model *m = NULL;
    g.pos[1][2] = -1e-7;
    CHECK_RC(neq_nb_model_alloc(slab, &g, NULL, &m), NEQ_EDOMAIN);
    CHECK(strstr(neq_errdetail(), "qubit 2") != NULL);
    neq_nb_default_geometry(&g);
    g.dip[0][0] = g.dip[0][1] = g.dip[0][2] = 0;
    CHECK_RC(neq_nb_model_alloc(slab, &g, NULL, &m), NEQ_EDOMAIN);
    neq_nb_default_geometry(&g);
    g.nq = NEQ_NB_MAX_QUBITS + 1;
    CHECK_RC(neq_nb_model_alloc(slab, &g, NULL, &m), NEQ_EDIM);
    neq_nb_default_geometry(&g);
    g.omega = NAN;
    CHECK_RC(neq_nb_model_alloc(slab, &g, NULL, &m), NEQ_ENAN);
    neq_nb_default_geometry(&g);
    CHECK_RC(neq_nb_model_alloc(slab, &g, NULL, &m), NEQ_OK);
    neq_nb_result r;
    CHECK_RC(neq_nb_steady(m, 0.0, 300, 0, NULL, &r), NEQ_EDOMAIN);
    CHECK_RC(neq_nb_steady(m, 30, -5, 0, NULL, &r), NEQ_EDOMAIN);
    CHECK_RC(neq_nb_steady(m, NAN, 300, 0, NULL, &r), NEQ_ENAN);
    neq_nb_model_free(m);
}

int main(void)
{
    neq_material_sic(&sic);
    neq_body_slab(sic, 0.01e-6, &slab);
    thermal_equilibrium();
    analytic_case();
    small_separations();
    analytic_limits();
    three_qubits();
    unequal_shifts();
    footnote_nonunique();
    dark_three();
    eigenpopulations();
    bad_input();
    neq_body_free(slab);
    neq_material_free(sic);
    return check_report("nearbody");
}
