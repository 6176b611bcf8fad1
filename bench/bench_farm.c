/* The message costs of the sweep's task farm (neq_grid_run_mpi), measured
 * between two ranks, for bench/mpi_sim.py:
 *   - taking a task: MPI_Win_lock(shared) + MPI_Fetch_and_op + MPI_Win_unlock
 *     on rank 0's counter, while rank 0 computes without calling MPI (the
 *     farm relies on the counter progressing then: passive target);
 *   - handing back a result: a message of B bytes to rank 0 (MPI_Isend,
 *     received by MPI_Probe + MPI_Recv as rank 0 does), for B from 1 KB to
 *     16 MB: latency + B / bandwidth, fitted.
 * Prints "fetch_s", "latency_s" and "bandwidth_Bps" lines.
 * usage: mpirun -np 2 bench_farm */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (size != 2) {
        if (rank == 0)
            fprintf(stderr, "bench_farm: run on 2 ranks\n");
        MPI_Finalize();
        return 2;
    }
    long *counter;
    MPI_Win win;
    MPI_Win_allocate(rank == 0 ? (MPI_Aint)sizeof(long) : 0, sizeof(long), MPI_INFO_NULL,
                     MPI_COMM_WORLD, &counter, &win);
    if (rank == 0)
        *counter = 0;
    MPI_Barrier(MPI_COMM_WORLD);
    /* the counter while rank 0 is busy for 0.5 s without MPI calls */
    const int nfetch = 2000;
    if (rank == 0) {
        double t0 = now();
        volatile double x = 0;
        while (now() - t0 < 0.5)
            x += 1;
        (void)x;
    } else {
        double t0 = now();
        for (int k = 0; k < nfetch; k++) {
            long one = 1, t;
            MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, win);
            MPI_Fetch_and_op(&one, &t, MPI_LONG, 0, 0, MPI_SUM, win);
            MPI_Win_unlock(0, win);
        }
        double dt = now() - t0;
        printf("fetch_s %.3e\n", dt / nfetch);
        fflush(stdout);
    }
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_Win_free(&win);
    /* results: rank 1 sends, rank 0 probes and receives */
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    int npts = 0;
    for (size_t bytes = 1024; bytes <= (size_t)16 << 20; bytes *= 4) {
        unsigned char *buf = malloc(bytes);
        memset(buf, 1, bytes);
        int reps = bytes < (1 << 20) ? 200 : 20;
        MPI_Barrier(MPI_COMM_WORLD);
        double t0 = now();
        for (int r = 0; r < reps; r++) {
            if (rank == 1) {
                MPI_Request rq;
                MPI_Isend(buf, (int)bytes, MPI_BYTE, 0, 7, MPI_COMM_WORLD, &rq);
                MPI_Wait(&rq, MPI_STATUS_IGNORE);
            } else {
                MPI_Status st;
                int n;
                MPI_Probe(MPI_ANY_SOURCE, 7, MPI_COMM_WORLD, &st);
                MPI_Get_count(&st, MPI_BYTE, &n);
                MPI_Recv(buf, n, MPI_BYTE, st.MPI_SOURCE, 7, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            }
        }
        MPI_Barrier(MPI_COMM_WORLD);
        double per = (now() - t0) / reps;
        sx += (double)bytes, sy += per, sxx += (double)bytes * (double)bytes,
            sxy += (double)bytes * per, npts++;
        free(buf);
    }
    if (rank == 0) {
        double slope = (npts * sxy - sx * sy) / (npts * sxx - sx * sx);
        double icept = (sy - slope * sx) / npts;
        printf("latency_s %.3e\nbandwidth_Bps %.3e\n", icept > 1e-7 ? icept : 1e-7, 1 / slope);
    }
    MPI_Finalize();
    return 0;
}
