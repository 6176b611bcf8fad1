/* Private to src/studies: the shared counter of a task farm across MPI
 * ranks (the sweep's tasks, the design search's runs): one long on rank 0
 * that every rank fetches and adds to, one-sided (MPI_Fetch_and_op under a
 * passive lock), so that rank 0 computes too and serves nobody.  Only in
 * the NEQENT_MPI build. */
#ifndef NEQENT_STUDIES_COUNTER_H
#define NEQENT_STUDIES_COUNTER_H
#ifdef NEQ_MPI
#include <mpi.h>

typedef struct {
    MPI_Win win;
    long *cell; /* on rank 0 */
} neq_counter;

/* Collective over MPI_COMM_WORLD: the counter, at 0. */
void neq_counter_open(neq_counter *c);
/* Adds n and returns the value before (the first of this rank's n). */
long neq_counter_take(neq_counter *c, long n);
/* Sets it to v (past the last task: the others stop taking). */
void neq_counter_set(neq_counter *c, long v);
/* Collective: frees it. */
void neq_counter_close(neq_counter *c);
#endif
#endif
