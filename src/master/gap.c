/* The Liouvillian gap of large generators (include/neqent/sparse.h):
 * SLEPc's Krylov-Schur with shift and invert, matrix-free.
 *
 * Krylov methods on L itself converge to the extremes of its spectrum,
 * which Lambda stretches along the imaginary axis: at four qubits they
 * return -0.06 + 25432i for a gap of 0.0128.  Shift and invert about
 * sigma brings the modes nearest sigma out instead, so the gap is sought
 * about every frequency where a slow mode can live: L = D + J, D the
 * part that keeps each pair of Heff's sectors (its eigenvalues
 * -i mu_a + i conj mu_b from Heff's, krylov.c) and J the jumps between
 * sectors; the oscillation frequencies of L's slow modes are D's, which
 * are grouped into clusters and tried slowest first (NEQ_GAP_SHIFTS of
 * them), each with sigma = s + i omega, s the mean decay rate of Heff's
 * eigenstates, and GMRES preconditioned by (D - sigma)^-1 for the solves.
 *
 * The operator works on complex d x d matrices as 2 d^2 real numbers
 * (PETSc here is real): the complex-linear L - sigma is real-linear there,
 * with the eigenvalues 1/(lambda - sigma) and their conjugates, whose
 * real parts give the same Re lambda.  The steady state's eigenvalue 0 is
 * moved away by Brauer's theorem: L'(X) = L(X) - c rho_ss Tr X has L's
 * eigenvalues but 0, which becomes -c (Tr is 0's left eigenvector,
 * Tr rho_ss = 1), c = 10 s: exactly -c is then recognised and skipped.
 * A second steady state keeps a 0 and the gap is 0, as it should be. */
#include "internal_sparse.h"
#include "neqent/sparse.h"

#include <math.h>
#include <slepceps.h>
#include <stdlib.h>
#include <string.h>

/* frequencies tried, and eigenvalues sought about each */
#define NEQ_GAP_SHIFTS 8
#define NEQ_GAP_MODES 3

typedef struct {
    const neq_sops *o;
    int d;
    const double complex *rho; /* rho_ss */
    double c;                  /* Brauer's shift of the steady state */
    double complex sigma;      /* the spectral shift: (L' - sigma)^-1 */
    double complex *Z;         /* d x d scratch */
    neq_sylvester *pre;        /* (D - sigma)^-1, preconditioning the inner solves */
    KSP ksp;                   /* the inner solves */
    long applications, inner;
    int why; /* the last inner solve's KSPConvergedReason */
} gap_op;

/* Y = L(X) - c rho Tr X - sigma X for any complex X, column by column of the
 * sparse operators: -i Heff X, i X Heff^+ (column m of Heff^+ ... as
 * Y(:, b) += i conj(Heff_bm) X(:, m)), s L X L^+ = T L^+ with T = L X. */
static void apply(void *ctx, const double complex *X, double complex *Y)
{
    gap_op *g = ctx;
    const neq_sops *o = g->o;
    int d = g->d;
    size_t dd = (size_t)d * d;
    double complex tr = 0;
    for (int i = 0; i < d; i++)
        tr += X[i + (size_t)i * d];
    for (size_t p = 0; p < dd; p++)
        Y[p] = -g->c * tr * g->rho[p] - g->sigma * X[p];
    const neq_sop *H = &o->heff;
    for (int m = 0; m < d; m++)
        for (int p = H->cp[m]; p < H->cp[m + 1]; p++) {
            int a = H->ri[p];
            double complex h = H->cv[p], hc = I * conj(h);
            for (int n = 0; n < d; n++) /* -i Heff X: row a from row m */
                Y[a + (size_t)n * d] += -I * h * X[m + (size_t)n * d];
            double complex *y = Y + (size_t)a * d; /* i X Heff^+: column a from column m */
            const double complex *x = X + (size_t)m * d;
            for (int r = 0; r < d; r++)
                y[r] += hc * x[r];
        }
    for (int k = 0; k < o->nj; k++) {
        const neq_sop *L = &o->jump[k];
        memset(g->Z, 0, sizeof *g->Z * dd);
        for (int m = 0; m < d; m++) /* Z = L X */
            for (int p = L->cp[m]; p < L->cp[m + 1]; p++) {
                double complex l = L->cv[p];
                int a = L->ri[p];
                for (int n = 0; n < d; n++)
                    g->Z[a + (size_t)n * d] += l * X[m + (size_t)n * d];
            }
        for (int n = 0; n < d; n++) /* Y(:, b) += s Z(:, n) conj(L_bn) */
            for (int p = L->cp[n]; p < L->cp[n + 1]; p++) {
                double complex w = o->sign[k] * conj(L->cv[p]);
                double complex *y = Y + (size_t)L->ri[p] * d;
                const double complex *z = g->Z + (size_t)n * d;
                for (int a = 0; a < d; a++)
                    y[a] += w * z[a];
            }
    }
    g->applications++;
}

static void mult_map(void *g, const double *x, double *y)
{
    apply(g, (const double complex *)x, (double complex *)y);
}

static PetscErrorCode mult(Mat A, Vec in, Vec out)
{
    gap_op *g;
    PetscCall(MatShellGetContext(A, &g));
    return neq_petsc_map(in, out, mult_map, g);
}

/* the inner solves' preconditioner: (D - sigma)^-1 */
static void precondition_map(void *ctx, const double *x, double *y)
{
    gap_op *g = ctx;
    size_t dd = (size_t)g->d * g->d;
    double complex *Y = neq_sylvester_matrix(g->pre);
    memcpy(Y, x, sizeof *Y * dd);
    neq_sylvester_solve(g->pre);
    memcpy(y, Y, sizeof *Y * dd);
}

static PetscErrorCode precondition(PC pc, Vec in, Vec out)
{
    gap_op *g;
    PetscCall(PCShellGetContext(pc, &g));
    return neq_petsc_map(in, out, precondition_map, g);
}

/* the eigen-solver's operator: x -> (L' - sigma)^-1 x by GMRES */
static PetscErrorCode shift_invert(Mat M, Vec in, Vec out)
{
    gap_op *g;
    KSPConvergedReason why;
    PetscInt its;
    PetscCall(MatShellGetContext(M, &g));
    PetscCall(KSPSolve(g->ksp, in, out));
    PetscCall(KSPGetConvergedReason(g->ksp, &why));
    PetscCall(KSPGetIterationNumber(g->ksp, &its));
    g->inner += its;
    g->why = (int)why;
    PetscCheck(why > 0, PETSC_COMM_SELF, PETSC_ERR_NOT_CONVERGED, "inner GMRES did not converge");
    return 0;
}

/* The modes nearest g->sigma: the slowest of them into *best (its Re and
 * Im, its residual).  Called with the PETSc lock held. */
static int modes_near(gap_op *g, double tol, double *best, double *bestim, double *besterr)
{
    PetscInt n = (PetscInt)(2 * (size_t)g->d * g->d), nconv = 0, its = 0;
    Mat A = NULL, M = NULL;
    EPS eps = NULL;
    PC pc;
    int rc = NEQ_OK;
    PetscErrorCode e = 0;
    if ((e = MatCreateShell(PETSC_COMM_SELF, n, n, n, n, g, &A)) ||
        (e = MatShellSetOperation(A, MATOP_MULT, (void (*)(void))mult)) ||
        (e = KSPCreate(PETSC_COMM_SELF, &g->ksp)) ||
        (e = KSPSetOperators(g->ksp, A, A)) ||
        (e = KSPSetType(g->ksp, KSPGMRES)) ||
        (e = KSPGMRESSetRestart(g->ksp, 100)) ||
        (e = KSPSetPCSide(g->ksp, PC_RIGHT)) ||
        (e = KSPGetPC(g->ksp, &pc)) ||
        (e = PCSetType(pc, PCSHELL)) ||
        (e = PCShellSetContext(pc, g)) ||
        (e = PCShellSetApply(pc, precondition)) ||
        (e = KSPSetTolerances(g->ksp, 1e-12, 0, PETSC_DEFAULT, 5000)) ||
        (e = MatCreateShell(PETSC_COMM_SELF, n, n, n, n, g, &M)) ||
        (e = MatShellSetOperation(M, MATOP_MULT, (void (*)(void))shift_invert)) ||
        (e = EPSCreate(PETSC_COMM_SELF, &eps)) ||
        (e = EPSSetOperators(eps, M, NULL)) ||
        (e = EPSSetProblemType(eps, EPS_NHEP)) ||
        (e = EPSSetType(eps, EPSKRYLOVSCHUR)) ||
        (e = EPSSetWhichEigenpairs(eps, EPS_LARGEST_MAGNITUDE)) ||
        (e = EPSSetDimensions(eps, NEQ_GAP_MODES, PETSC_DEFAULT, PETSC_DEFAULT)) ||
        (e = EPSSetTolerances(eps, tol, 1000)) ||
        (e = EPSSolve(eps)) ||
        (e = EPSGetConverged(eps, &nconv)) ||
        (e = EPSGetIterationNumber(eps, &its))) {
        const char *why = NULL;
        PetscErrorMessage(e, &why, NULL);
        if (e == PETSC_ERR_NOT_CONVERGED)
            rc = neq_fail(NEQ_ECONVERGE, "the Liouvillian gap (d = %d, shift %.6g%+.6gi): "
                                         "GMRES did not converge (PETSc reason %d)",
                          g->d, creal(g->sigma), cimag(g->sigma), g->why);
        else
            rc = neq_fail(NEQ_ELAPACK, "the Liouvillian gap (d = %d, shift %.6g%+.6gi): %s", g->d,
                          creal(g->sigma), cimag(g->sigma), why ? why : "SLEPc failed");
    }
    if (rc == 0 && nconv < 1)
        rc = neq_fail(NEQ_ECONVERGE, "the Liouvillian gap did not converge in %d restarts "
                                     "(%ld applications of L)", (int)its, g->applications);
    /* theta = 1 / (lambda - sigma), or its conjugate: the same Re lambda */
    for (PetscInt k = 0; rc == 0 && k < nconv; k++) {
        PetscScalar tr, ti;
        PetscReal err;
        if (EPSGetEigenpair(eps, k, &tr, &ti, NULL, NULL) ||
            EPSComputeError(eps, k, EPS_ERROR_RELATIVE, &err)) {
            rc = neq_fail(NEQ_ELAPACK, "SLEPc: no eigenpair");
            break;
        }
        double complex lam = g->sigma + 1 / (tr + I * ti);
        if (cabs(lam + g->c) < 1e-6 * g->c) /* the steady state, deflated */
            continue;
        double rate = creal(lam) < 0 ? -creal(lam) : 0; /* > 0: rounding of a second 0 */
        if (rate < *best)
            *best = rate, *bestim = fabs(cimag(lam)), *besterr = err;
    }
    EPSDestroy(&eps);
    KSPDestroy(&g->ksp);
    MatDestroy(&M);
    MatDestroy(&A);
    return rc;
}

int neq_sparse_gap(const neq_gksl *gen, const double complex *rho_ss, double tol, double *gap,
                   neq_gap_info *info)
{
    neq_clear_error();
    if (!gen || !rho_ss || !gap)
        return neq_fail(NEQ_EINVAL, "neq_sparse_gap: NULL argument");
    if (!(tol > 0 && tol < 1))
        return neq_fail(NEQ_EDOMAIN, "gap tolerance %g outside (0, 1)", tol);
    *gap = NAN;
    if (info)
        memset(info, 0, sizeof *info);
    neq_sops o;
    NEQ_TRY(neq_sops_build(gen, &o));
    int d = o.d, nf = 0;
    gap_op g = {.o = &o, .d = d, .rho = rho_ss};
    g.Z = malloc(sizeof *g.Z * (size_t)d * d);
    double freq[2 * NEQ_GAP_SHIFTS], s = 0;
    int rc = g.Z ? NEQ_OK : neq_fail(NEQ_ENOMEM, "no memory for the gap's operator (d = %d)", d);
    if (rc == 0) {
        /* s: the mean decay rate of Heff's eigenstates, -2 Im Tr Heff / d.
         * Not 0: D - sigma stays invertible where a state hardly decays
         * (the ground state when n(omega, T) ~ 0). */
        double complex tr = 0;
        for (int j = 0; j < d; j++)
            for (int p = o.heff.cp[j]; p < o.heff.cp[j + 1]; p++)
                tr += o.heff.ri[p] == j ? o.heff.cv[p] : 0;
        s = -2 * cimag(tr) / d;
        if (!(s > 0))
            rc = neq_fail(NEQ_EDOMAIN, "the Liouvillian gap: no decay in the generator");
        /* Brauer's shift: -c well away from sigma (so that it is not among
         * the modes sought) but not far beyond L's slow scale: a c of ||L||
         * makes L' - sigma so ill-conditioned that the inner GMRES
         * stagnates (seven qubits; 20x more applications at five) */
        g.c = 10 * s;
    }
    if (rc == 0)
        rc = neq_sylvester_alloc(&o, NULL, s, &g.pre);
    if (rc == 0) /* frequencies closer than s are one shift's neighbourhood */
        rc = neq_sylvester_frequencies(g.pre, s, NEQ_GAP_SHIFTS, freq, &nf);
    double best = INFINITY, bestim = 0, besterr = NAN;
    int locked = rc == 0 && (rc = neq_petsc_enter()) == 0;
    for (int k = 0; rc == 0 && k < nf; k++) {
        g.sigma = s + I * freq[2 * k];
        neq_sylvester_set_shift(g.pre, g.sigma);
        rc = modes_near(&g, tol, &best, &bestim, &besterr);
    }
    if (locked)
        neq_petsc_leave();
    if (rc == 0 && !isfinite(best))
        rc = neq_fail(NEQ_ECONVERGE, "the Liouvillian gap: no mode but the steady state found");
    if (rc == 0) {
        *gap = best;
        if (info) {
            info->residual = besterr;
            info->imag = bestim;
            info->applications = g.applications;
        }
    }
    neq_sylvester_free(g.pre);
    free(g.Z);
    neq_sops_free(&o);
    return rc;
}
