/* Exact time evolution rho(t) = exp(L t) rho0 (include/neqent/master.h).
 *
 * Default: eigendecomposition L = V diag(lambda) V^-1 (LAPACK zgeev on the
 * real Liouvillian, V^-1 by zgesv); then each time point costs O(n^2).
 * When V is ill conditioned (kappa_1(V) > 1e4, e.g. near an exceptional
 * point where L is not diagonalisable) the error of that route grows like
 * eps * kappa, so each time point is computed instead with GSL's
 * scaling-and-squaring matrix exponential of the real matrix L t. */
#include "internal_master.h"
#include "neqent/linalg.h"

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_mode.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NEQ_EIG_COND_MAX 1e4

struct neq_propagator {
    neq_liouvillian *L; /* private copy of what is needed: basis, M */
    int use_eig;
    double complex *lambda; /* n */
    double complex *V;      /* n x n */
    double complex *Vinv;   /* n x n */
    double cond;
};

static double norm1(int n, const double complex *A)
{
    double m = 0;
    for (int j = 0; j < n; j++) {
        double s = 0;
        for (int i = 0; i < n; i++)
            s += cabs(NEQ_AT(A, n, i, j));
        m = fmax(m, s);
    }
    return m;
}

void neq_propagator_free(neq_propagator *P)
{
    if (!P)
        return;
    if (P->L) {
        free(P->L->M);
        free(P->L->basis);
        free(P->L);
    }
    free(P->lambda);
    free(P->V);
    free(P->Vinv);
    free(P);
}

int neq_propagator_alloc(const neq_liouvillian *L, neq_propagator **out)
{
    neq_clear_error();
    if (!L || !out)
        return neq_fail(NEQ_EINVAL, "neq_propagator_alloc: NULL argument");
    *out = NULL;
    int n = L->n;
    size_t nn = (size_t)n * n;
    neq_propagator *P = calloc(1, sizeof *P);
    if (!P)
        return neq_fail(NEQ_ENOMEM, "no memory for a propagator");
    P->L = calloc(1, sizeof *P->L);
    P->lambda = malloc(sizeof *P->lambda * (size_t)n);
    P->V = malloc(sizeof *P->V * nn);
    P->Vinv = malloc(sizeof *P->Vinv * nn);
    double complex *A = malloc(sizeof *A * nn);
    lapack_int *ipiv = malloc(sizeof *ipiv * (size_t)n);
    int rc = NEQ_OK;
    if (!P->L || !P->lambda || !P->V || !P->Vinv || !A || !ipiv)
        rc = neq_fail(NEQ_ENOMEM, "no memory for a propagator");
    if (rc == 0) {
        P->L->d = L->d;
        P->L->n = n;
        P->L->M = malloc(sizeof *P->L->M * nn);
        P->L->basis = malloc(sizeof *P->L->basis * (size_t)n);
        if (!P->L->M || !P->L->basis)
            rc = neq_fail(NEQ_ENOMEM, "no memory for a propagator");
    }
    if (rc == 0) {
        memcpy(P->L->M, L->M, sizeof *L->M * nn);
        memcpy(P->L->basis, L->basis, sizeof *L->basis * (size_t)n);
        for (size_t p = 0; p < nn; p++)
            A[p] = L->M[p];
        lapack_int info =
            LAPACKE_zgeev(LAPACK_COL_MAJOR, 'N', 'V', n, A, n, P->lambda, NULL, 1, P->V, n);
        if (info == 0) {
            /* A GKSL spectrum has Re(lambda) <= 0, and its kernel is exactly
             * stationary: rounding noise there (|lambda| ~ 1e-17) would be
             * amplified by exp(lambda t) at large t, so it is removed. */
            for (int k = 0; k < n; k++) {
                if (cabs(P->lambda[k]) <= 1e-13 * L->norm)
                    P->lambda[k] = 0;
                else if (creal(P->lambda[k]) > 0)
                    P->lambda[k] = I * cimag(P->lambda[k]);
            }
            /* Vinv = V^-1 by solving V X = I. */
            memcpy(A, P->V, sizeof *A * nn);
            memset(P->Vinv, 0, sizeof *P->Vinv * nn);
            for (int k = 0; k < n; k++)
                NEQ_AT(P->Vinv, n, k, k) = 1;
            info = LAPACKE_zgesv(LAPACK_COL_MAJOR, n, n, A, n, ipiv, P->Vinv, n);
        }
        if (info == 0) {
            P->cond = norm1(n, P->V) * norm1(n, P->Vinv);
            P->use_eig = isfinite(P->cond) && P->cond <= NEQ_EIG_COND_MAX;
        } else {
            P->use_eig = 0;
        }
    }
    free(A);
    free(ipiv);
    if (rc != 0) {
        neq_propagator_free(P);
        return rc;
    }
    *out = P;
    return NEQ_OK;
}

static int expm_apply(const neq_propagator *P, double t, const double *c0, double *c)
{
    int n = P->L->n;
    gsl_matrix *A = gsl_matrix_alloc((size_t)n, (size_t)n);
    gsl_matrix *E = gsl_matrix_alloc((size_t)n, (size_t)n);
    if (!A || !E) {
        gsl_matrix_free(A);
        gsl_matrix_free(E);
        return neq_fail(NEQ_ENOMEM, "no memory for a matrix exponential");
    }
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            gsl_matrix_set(A, (size_t)i, (size_t)j, NEQ_AT(P->L->M, n, i, j) * t);
    /* GSL's handler is off for the process (src/core/gsl_quiet.c) */
    int status = gsl_linalg_exponential_ss(A, E, GSL_PREC_DOUBLE);
    if (status == 0)
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++)
                s += gsl_matrix_get(E, (size_t)i, (size_t)j) * c0[j];
            c[i] = s;
        }
    gsl_matrix_free(A);
    gsl_matrix_free(E);
    if (status != 0)
        return neq_fail(NEQ_ECONVERGE, "matrix exponential failed at t = %g (gsl status %d)", t,
                        status);
    return NEQ_OK;
}

int neq_propagate(const neq_propagator *P, const double complex *rho0, int nt, const double *t,
                  double complex *rho_t)
{
    neq_clear_error();
    if (!P || !rho0 || (nt > 0 && (!t || !rho_t)) || nt < 0)
        return neq_fail(NEQ_EINVAL, "neq_propagate: bad arguments");
    int d = P->L->d, n = P->L->n;
    NEQ_TRY(neq_check_hermitian(d, rho0, 1e-10, "initial state"));
    for (int k = 0; k < nt; k++)
        if (!(t[k] >= 0) || !isfinite(t[k]))
            return neq_fail(NEQ_EDOMAIN, "time t[%d] = %g must be finite and >= 0", k, t[k]);
    double *c0 = malloc(sizeof *c0 * 2 * (size_t)n);
    double complex *b = malloc(sizeof *b * 2 * (size_t)n);
    if (!c0 || !b) {
        free(c0);
        free(b);
        return neq_fail(NEQ_ENOMEM, "no memory for time evolution");
    }
    double *c = c0 + n;
    double complex *x = b + n;
    neq_to_hcoef(P->L, rho0, c0);
    int rc = NEQ_OK;
    if (P->use_eig)
        for (int i = 0; i < n; i++) { /* b = V^-1 c0 */
            double complex s = 0;
            for (int j = 0; j < n; j++)
                s += NEQ_AT(P->Vinv, n, i, j) * c0[j];
            b[i] = s;
        }
    for (int k = 0; rc == 0 && k < nt; k++) {
        if (P->use_eig) {
            for (int i = 0; i < n; i++)
                x[i] = cexp(P->lambda[i] * t[k]) * b[i];
            for (int i = 0; i < n; i++) {
                double complex s = 0;
                for (int j = 0; j < n; j++)
                    s += NEQ_AT(P->V, n, i, j) * x[j];
                c[i] = creal(s);
            }
        } else {
            rc = expm_apply(P, t[k], c0, c);
        }
        if (rc == 0)
            neq_from_hcoef(P->L, c, rho_t + (size_t)k * d * d);
    }
    free(c0);
    free(b);
    return rc;
}
