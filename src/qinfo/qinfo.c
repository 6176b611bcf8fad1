/* Quantum-information measures (include/neqent/qinfo.h). */
#include "neqent/qinfo.h"
#include "../core/internal.h"
#include "neqent/linalg.h"

#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define QI_MAX_DIM 64

static int check_state(int d, const double complex *rho, const char *what)
{
    if (d < 1 || d > QI_MAX_DIM || !rho)
        return neq_fail(NEQ_EINVAL, "%s: bad dimension %d or NULL matrix", what, d);
    return neq_check_hermitian(d, rho, 1e-8, what);
}

/* W = V sqrt(max(D, 0)) with rho = V D V^+, so that rho = W W^+. */
static int sqrt_factor(int d, const double complex *rho, double complex *W)
{
    double w[QI_MAX_DIM];
    NEQ_TRY(neq_herm_eig(d, rho, w, W));
    for (int k = 0; k < d; k++) {
        double s = w[k] > 0 ? sqrt(w[k]) : 0.0;
        for (int i = 0; i < d; i++)
            NEQ_AT(W, d, i, k) *= s;
    }
    return NEQ_OK;
}

static int singular_values(int m, double complex *A, double *s)
{
    double superb[QI_MAX_DIM];
    lapack_int info = LAPACKE_zgesvd(LAPACK_COL_MAJOR, 'N', 'N', m, m, A, m, s, NULL, 1, NULL, 1,
                                     superb);
    if (info != 0)
        return neq_fail(NEQ_ELAPACK, "zgesvd failed with info = %d", (int)info);
    return NEQ_OK;
}

/* X state: every entry off the diagonal and the anti-diagonal vanishes
 * (to 1e-15 of the trace). */
static int is_x_state(const double complex *rho)
{
    double tr = fabs(creal(rho[0] + rho[5] + rho[10] + rho[15]));
    for (int j = 0; j < 4; j++)
        for (int i = 0; i < 4; i++)
            if (i != j && i + j != 3 && cabs(NEQ_AT(rho, 4, i, j)) > 1e-15 * tr)
                return 0;
    return 1;
}

/* 2 max(K1, K2) of Bellomo-Antezza eq. (2), unclamped */
static double x_state_signed(const double complex *rho)
{
    double r11 = fmax(creal(NEQ_AT(rho, 4, 0, 0)), 0), r22 = fmax(creal(NEQ_AT(rho, 4, 1, 1)), 0);
    double r33 = fmax(creal(NEQ_AT(rho, 4, 2, 2)), 0), r44 = fmax(creal(NEQ_AT(rho, 4, 3, 3)), 0);
    double K1 = cabs(NEQ_AT(rho, 4, 1, 2)) - sqrt(r11 * r44);
    double K2 = cabs(NEQ_AT(rho, 4, 0, 3)) - sqrt(r22 * r33);
    return 2.0 * fmax(K1, K2);
}

static double x_state_concurrence(const double complex *rho)
{
    return fmax(0.0, x_state_signed(rho));
}

int neq_concurrence_x_signed(const double complex *rho, double *K)
{
    neq_clear_error();
    if (!K)
        return neq_fail(NEQ_EINVAL, "neq_concurrence_x_signed: K is NULL");
    NEQ_TRY(check_state(4, rho, "two-qubit X state"));
    *K = x_state_signed(rho);
    return NEQ_OK;
}

int neq_concurrence(const double complex *rho, double *C)
{
    neq_clear_error();
    if (!C)
        return neq_fail(NEQ_EINVAL, "neq_concurrence: C is NULL");
    NEQ_TRY(check_state(4, rho, "two-qubit state"));
    /* For X states Wootters' formula reduces exactly to the closed form
     * (Yu & Eberly), which needs no decomposition and keeps full accuracy
     * for nearly pure states, where the general route loses digits through
     * square roots of rounding-level eigenvalues. */
    if (is_x_state(rho)) {
        *C = x_state_concurrence(rho);
        return NEQ_OK;
    }
    double complex W[16], YW[16], tau[16];
    NEQ_TRY(sqrt_factor(4, rho, W));
    /* (sigma_y (x) sigma_y) is the real anti-diagonal (-1, 1, 1, -1). */
    static const double ydiag[4] = {-1, 1, 1, -1};
    for (int j = 0; j < 4; j++)
        for (int i = 0; i < 4; i++)
            NEQ_AT(YW, 4, i, j) = ydiag[i] * NEQ_AT(W, 4, 3 - i, j);
    /* tau = W^T (Y W) */
    for (int j = 0; j < 4; j++)
        for (int i = 0; i < 4; i++) {
            double complex s = 0;
            for (int k = 0; k < 4; k++)
                s += NEQ_AT(W, 4, k, i) * NEQ_AT(YW, 4, k, j);
            NEQ_AT(tau, 4, i, j) = s;
        }
    double s[4];
    NEQ_TRY(singular_values(4, tau, s)); /* descending */
    *C = fmax(0.0, s[0] - s[1] - s[2] - s[3]);
    return NEQ_OK;
}

int neq_concurrence_x(const double complex *rho, double *C)
{
    neq_clear_error();
    if (!C)
        return neq_fail(NEQ_EINVAL, "neq_concurrence_x: C is NULL");
    NEQ_TRY(check_state(4, rho, "two-qubit X state"));
    *C = x_state_concurrence(rho);
    return NEQ_OK;
}

int neq_negativity(int dA, int dB, const double complex *rho, double *N, double *logN)
{
    neq_clear_error();
    if (dA < 1 || dB < 1 || dA * dB > QI_MAX_DIM)
        return neq_fail(NEQ_EDIM, "bipartition %d x %d unsupported", dA, dB);
    int d = dA * dB;
    NEQ_TRY(check_state(d, rho, "bipartite state"));
    double complex *pt = malloc(sizeof *pt * (size_t)d * d);
    if (!pt)
        return neq_fail(NEQ_ENOMEM, "neq_negativity: no memory");
    /* (rho^{T_B})_{(a b),(a' b')} = rho_{(a b'),(a' b)} */
    for (int a = 0; a < dA; a++)
        for (int b = 0; b < dB; b++)
            for (int a2 = 0; a2 < dA; a2++)
                for (int b2 = 0; b2 < dB; b2++)
                    NEQ_AT(pt, d, a * dB + b, a2 * dB + b2) = NEQ_AT(rho, d, a * dB + b2, a2 * dB + b);
    double w[QI_MAX_DIM];
    int rc = neq_herm_eig(d, pt, w, NULL);
    free(pt);
    NEQ_TRY(rc);
    /* (||rho^T_B||_1 - 1)/2 is the sum of |negative eigenvalues| (the
     * trace is 1): summed directly it is >= 0 exactly, where the difference
     * of norm and trace leaves -1e-16 for separable states */
    double neg = 0;
    for (int k = 0; k < d; k++)
        neg -= fmin(w[k], 0.0);
    if (N)
        *N = neg;
    if (logN)
        *logN = log2(1 + 2 * neg);
    return NEQ_OK;
}

int neq_purity(int d, const double complex *rho, double *P)
{
    neq_clear_error();
    if (!P)
        return neq_fail(NEQ_EINVAL, "neq_purity: P is NULL");
    NEQ_TRY(check_state(d, rho, "density matrix"));
    /* Tr rho^2 = sum_ij |rho_ij|^2 for Hermitian rho */
    double s = 0;
    for (int k = 0; k < d * d; k++)
        s += creal(rho[k]) * creal(rho[k]) + cimag(rho[k]) * cimag(rho[k]);
    *P = s;
    return NEQ_OK;
}

int neq_linear_entropy(int d, const double complex *rho, double *SL)
{
    neq_clear_error();
    if (!SL)
        return neq_fail(NEQ_EINVAL, "neq_linear_entropy: SL is NULL");
    if (d < 2)
        return neq_fail(NEQ_EDIM, "linear entropy needs d >= 2 (d = %d)", d);
    double P;
    NEQ_TRY(neq_purity(d, rho, &P));
    *SL = (double)d / (d - 1) * (1.0 - P);
    return NEQ_OK;
}

int neq_von_neumann_entropy(int d, const double complex *rho, double *S)
{
    neq_clear_error();
    if (!S)
        return neq_fail(NEQ_EINVAL, "neq_von_neumann_entropy: S is NULL");
    NEQ_TRY(check_state(d, rho, "density matrix"));
    double w[QI_MAX_DIM];
    NEQ_TRY(neq_herm_eig(d, rho, w, NULL));
    double s = 0;
    for (int k = 0; k < d; k++)
        if (w[k] > 0)
            s -= w[k] * log(w[k]);
    *S = s;
    return NEQ_OK;
}

int neq_fidelity(int d, const double complex *rho, const double complex *sigma, double *F)
{
    neq_clear_error();
    if (!F)
        return neq_fail(NEQ_EINVAL, "neq_fidelity: F is NULL");
    NEQ_TRY(check_state(d, rho, "first state"));
    NEQ_TRY(check_state(d, sigma, "second state"));
    size_t dd = (size_t)d * d;
    double complex *Wr = malloc(sizeof *Wr * 3 * dd);
    if (!Wr)
        return neq_fail(NEQ_ENOMEM, "neq_fidelity: no memory");
    double complex *Ws = Wr + dd, *M = Ws + dd;
    double s[QI_MAX_DIM];
    int rc = sqrt_factor(d, rho, Wr);
    if (rc == 0)
        rc = sqrt_factor(d, sigma, Ws);
    if (rc == 0) {
        neq_mat_mul_adj_left(d, Wr, Ws, M);
        rc = singular_values(d, M, s);
    }
    free(Wr);
    NEQ_TRY(rc);
    double t = 0;
    for (int k = 0; k < d; k++)
        t += s[k];
    *F = t * t;
    return NEQ_OK;
}

int neq_partial_trace(int dA, int dB, const double complex *rho, int keep, double complex *out)
{
    neq_clear_error();
    if (dA < 1 || dB < 1 || !rho || !out || (keep != 0 && keep != 1))
        return neq_fail(NEQ_EINVAL, "neq_partial_trace: bad arguments");
    int d = dA * dB;
    NEQ_TRY(neq_check_finite(d * d, rho, "bipartite state"));
    if (keep == 0) {
        for (int a2 = 0; a2 < dA; a2++)
            for (int a = 0; a < dA; a++) {
                double complex s = 0;
                for (int b = 0; b < dB; b++)
                    s += NEQ_AT(rho, d, a * dB + b, a2 * dB + b);
                NEQ_AT(out, dA, a, a2) = s;
            }
    } else {
        for (int b2 = 0; b2 < dB; b2++)
            for (int b = 0; b < dB; b++) {
                double complex s = 0;
                for (int a = 0; a < dA; a++)
                    s += NEQ_AT(rho, d, a * dB + b, a * dB + b2);
                NEQ_AT(out, dB, b, b2) = s;
            }
    }
    return NEQ_OK;
}

/* ---------------------------------------------------------- N qubits */

static int check_qubits(int nq, const double complex *rho)
{
    if (nq < 1 || nq > 12 || !rho)
        return neq_fail(NEQ_EDIM, "number of qubits %d outside 1..12 (or NULL state)", nq);
    return NEQ_OK;
}

int neq_negativity_qubits(int nq, const double complex *rho, unsigned mask, double *N,
                          double *logN)
{
    neq_clear_error();
    NEQ_TRY(check_qubits(nq, rho));
    int d = 1 << nq;
    /* qubit q is bit (nq - 1 - q) of a basis index */
    unsigned bits = 0;
    for (int q = 0; q < nq; q++)
        if (mask & (1u << q))
            bits |= 1u << (nq - 1 - q);
    double complex *pt = malloc(sizeof *pt * (size_t)d * (size_t)d);
    double *w = malloc(sizeof *w * (size_t)d);
    if (!pt || !w) {
        free(pt);
        free(w);
        return neq_fail(NEQ_ENOMEM, "neq_negativity_qubits: no memory");
    }
    /* (rho^{T_mask})_{m n} = rho_{m' n'}: the masked bits of m and n exchanged */
    for (int n = 0; n < d; n++)
        for (int m = 0; m < d; m++) {
            int mm = (int)((m & ~bits) | (n & bits)), nn = (int)((n & ~bits) | (m & bits));
            NEQ_AT(pt, d, m, n) = NEQ_AT(rho, d, mm, nn);
        }
    int rc = neq_herm_eigvals_blocks(d, pt, w);
    double neg = 0;
    for (int k = 0; rc == 0 && k < d; k++)
        neg -= fmin(w[k], 0.0); /* the sum of |negative eigenvalues|: >= 0 exactly */
    free(pt);
    free(w);
    NEQ_TRY(rc);
    if (N)
        *N = neg;
    if (logN)
        *logN = log2(1 + 2 * neg);
    return NEQ_OK;
}

int neq_reduce_pair(int nq, const double complex *rho, int a, int b, double complex *out)
{
    neq_clear_error();
    NEQ_TRY(check_qubits(nq, rho));
    if (a < 0 || b < 0 || a >= nq || b >= nq || a == b || !out)
        return neq_fail(NEQ_EINVAL, "neq_reduce_pair: qubits %d, %d of %d", a, b, nq);
    int d = 1 << nq, ba = 1 << (nq - 1 - a), bb = 1 << (nq - 1 - b);
    memset(out, 0, sizeof *out * 16);
    for (int t = 0; t < d; t++)
        for (int s = 0; s < d; s++) {
            if ((s & ~(ba | bb)) != (t & ~(ba | bb))) /* the other qubits agree */
                continue;
            int i = ((s & ba) ? 2 : 0) | ((s & bb) ? 1 : 0);
            int j = ((t & ba) ? 2 : 0) | ((t & bb) ? 1 : 0);
            NEQ_AT(out, 4, i, j) += NEQ_AT(rho, d, s, t);
        }
    return NEQ_OK;
}

int neq_gme_criteria(int nq, const double complex *rho, double *W, double *GHZ)
{
    neq_clear_error();
    NEQ_TRY(check_qubits(nq, rho));
    if (nq < 3)
        return neq_fail(NEQ_EDIM, "genuine multipartite entanglement needs 3 or more qubits");
    int d = 1 << nq;
    if (W) { /* Huber et al. 2010, the W-type criterion */
        double off = 0, dbl = 0, diag = 0, g0 = fmax(creal(rho[0]), 0);
        for (int i = 0; i < nq; i++) {
            int wi = 1 << i;
            diag += creal(NEQ_AT(rho, d, wi, wi));
            for (int j = 0; j < nq; j++) {
                if (j == i)
                    continue;
                int wj = 1 << j, dij = wi | wj;
                off += cabs(NEQ_AT(rho, d, wi, wj));
                dbl += sqrt(g0 * fmax(creal(NEQ_AT(rho, d, dij, dij)), 0));
            }
        }
        *W = off - dbl - (nq - 2) * diag;
    }
    if (GHZ) { /* Huber et al. 2010, the GHZ-type criterion */
        double s = 0;
        for (int k = 1; k < d / 2; k++)
            s += sqrt(fmax(creal(NEQ_AT(rho, d, k, k)), 0) *
                      fmax(creal(NEQ_AT(rho, d, d - 1 - k, d - 1 - k)), 0));
        *GHZ = cabs(NEQ_AT(rho, d, 0, d - 1)) - s;
    }
    return NEQ_OK;
}
