/* The steady state of one large block across MPI ranks (neq_sparse_options
 * .distributed: PETSc's GMRES with the matrix's rows spread over the
 * ranks), run by tests/cli/test_mpi.sh under mpirun: six qubits in a chain
 * above the SiC slab (the k = 0 block, 924 unknowns), against the serial
 * sparse LU (UMFPACK) of the same generator on every rank, to 1e-10; the
 * iteration count and the rows each rank held are printed by rank 0.
 * Exit 0 on success (every rank's result is the same). */
#include "check.h"
#include "neqent/neqent.h"

#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int nq = argc > 1 ? atoi(argv[1]) : 6;
    char arr[32];
    snprintf(arr, sizeof arr, "chain:%d", nq);
    neq_params *p = NULL;
    neq_plan *plan = NULL;
    neq_gksl *g = NULL;
    neq_sparse_plan *sp = NULL;
    CHECK_RC(neq_params_alloc(neq_model_lookup("body"), &p), 0);
    CHECK_RC(neq_params_set_text(p, "array", arr), 0);
    CHECK_RC(neq_params_set(p, "height", 0.5e-6), 0);
    CHECK_RC(neq_params_set(p, "TM", 900), 0);
    CHECK_RC(neq_plan_alloc(p, &plan), 0);
    CHECK_RC(neq_plan_generator(plan, p, &g), 0);
    CHECK_RC(neq_sparse_plan_alloc(g, &sp), 0);
    int d = 1 << nq;
    double complex *a = calloc((size_t)d * d, sizeof *a), *b = calloc((size_t)d * d, sizeof *b);
    neq_steady_info ia, ib;
    neq_sparse_options lu = {1e-10, 0, NEQ_SPARSE_DIRECT, 0}, dist = {1e-10, 0,
                                                                      NEQ_SPARSE_ITERATIVE, 1};
    double t0 = MPI_Wtime();
    CHECK_RC(neq_sparse_steady(sp, g, &lu, NULL, a, &ia), 0);
    double t1 = MPI_Wtime();
    CHECK_RC(neq_sparse_steady(sp, g, &dist, NULL, b, &ib), 0);
    double t2 = MPI_Wtime();
    double diff = check_maxdiff(d, a, b);
    CHECK(diff <= 1e-10);
    CHECK(ib.residual <= 1e-12);
    if (rank == 0)
        printf("%d qubits on %d ranks: distributed GMRES vs sparse LU %.1e (residual %.1e); "
               "LU %.2f s, GMRES %.2f s\n", nq, size, diff, ib.residual, t1 - t0, t2 - t1);
    int failed = check_failures, any = 0;
    MPI_Allreduce(&failed, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    free(a);
    free(b);
    neq_sparse_plan_free(sp);
    neq_gksl_free(g);
    neq_plan_free(plan);
    neq_params_free(p);
    if (rank == 0)
        check_report("mpi_sparse");
    MPI_Finalize();
    return any ? 1 : 0;
}
