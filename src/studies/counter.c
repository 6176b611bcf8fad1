/* The shared counter of a task farm across MPI ranks (counter.h). */
#include "counter.h"

#ifdef NEQ_MPI
void neq_counter_open(neq_counter *c)
{
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Win_allocate(rank == 0 ? (MPI_Aint)sizeof(long) : 0, sizeof(long), MPI_INFO_NULL,
                     MPI_COMM_WORLD, &c->cell, &c->win);
    if (rank == 0)
        *c->cell = 0;
    MPI_Barrier(MPI_COMM_WORLD); /* at 0 before anybody takes */
}

long neq_counter_take(neq_counter *c, long n)
{
    long old;
    MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, c->win);
    MPI_Fetch_and_op(&n, &old, MPI_LONG, 0, 0, MPI_SUM, c->win);
    MPI_Win_unlock(0, c->win);
    return old;
}

void neq_counter_set(neq_counter *c, long v)
{
    long old;
    MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, c->win);
    MPI_Fetch_and_op(&v, &old, MPI_LONG, 0, 0, MPI_REPLACE, c->win);
    MPI_Win_unlock(0, c->win);
}

void neq_counter_close(neq_counter *c) { MPI_Win_free(&c->win); }
#else
typedef int neq_counter_unused; /* ISO C: a translation unit is not empty */
#endif
