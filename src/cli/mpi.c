/* The program under mpirun or srun: MPI started only then, rank 0 the one
 * that reads and writes files, the others computing their share of a sweep
 * (neq_grid_run_mpi).  See README, "On a cluster". */
#define _GNU_SOURCE /* sched_getaffinity: the CPUs this process may use */
#include "cli.h"

#include "neqent/grid.h"

#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef NEQ_MPI
#include <mpi.h>
#endif

static int mpi_on, rank, size = 1, released;

#ifdef NEQ_MPI
/* started by mpirun/mpiexec (Open MPI or a PMI launcher) or srun */
static int launched(void)
{
    return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMI_SIZE") || getenv("PMIX_RANK") ||
           (getenv("SLURM_STEP_ID") && getenv("SLURM_NTASKS"));
}
#endif

void cli_mpi_init(int *argc, char ***argv)
{
#ifdef NEQ_MPI
    if (!launched())
        return;
    int provided;
    /* OpenMP threads compute, only the main thread calls MPI */
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
        return;
    mpi_on = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    /* rank 0 speaks for the job (help, tables, errors: cli_error is quiet
     * on the others); mpirun names a rank that fails on its own */
    if (rank > 0) {
        FILE *quiet = freopen("/dev/null", "w", stdout);
        (void)quiet; /* without /dev/null, stdout stays: harmless */
    }
#else
    (void)argc;
    (void)argv;
#endif
}

int cli_mpi_rank(void) { return rank; }

int cli_mpi_go(void)
{
    released = 1;
#ifdef NEQ_MPI
    if (mpi_on && size > 1) {
        /* the handshake of src/studies/grid.c: the minimum over the ranks,
         * rank 0's word 1 (go), the others' LONG_MAX (ready); a rank that
         * refused calls neq_grid_mpi_cancel (-1) instead */
        long go[2] = {rank == 0 ? 1 : LONG_MAX, LONG_MAX};
        MPI_Allreduce(MPI_IN_PLACE, go, 2, MPI_LONG, MPI_MIN, MPI_COMM_WORLD);
        return go[0] > 0;
    }
#endif
    return 1;
}
int cli_mpi_size(void) { return size; }

int cli_mpi_agree(int status)
{
    int failed = status != 0;
#ifdef NEQ_MPI
    if (mpi_on && size > 1)
        MPI_Allreduce(MPI_IN_PLACE, &failed, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
#endif
    return failed;
}

void cli_mpi_abort(int code)
{
#ifdef NEQ_MPI
    if (mpi_on && size > 1)
        MPI_Abort(MPI_COMM_WORLD, code);
#endif
    (void)code;
}
void cli_mpi_released(void) { released = 1; }

void cli_mpi_finish(void)
{
#ifdef NEQ_MPI
    if (!mpi_on)
        return;
    if (!released && size > 1) /* a refused sweep: the others wait for word */
        neq_grid_mpi_cancel();
    MPI_Finalize();
    mpi_on = 0;
#endif
}

/* the job's ranks on this node (1 outside mpirun/srun) */
static int local_ranks(void)
{
    const char *local = getenv("OMPI_COMM_WORLD_LOCAL_SIZE");
    if (!local)
        local = getenv("SLURM_NTASKS_PER_NODE");
    int per = local && atoi(local) > 0 ? atoi(local) : 1;
    if (mpi_on && !local)
        per = size;
    return mpi_on ? per : 1;
}

double cli_ram_per_rank(void)
{
    double ram = (double)sysconf(_SC_PHYS_PAGES) * (double)sysconf(_SC_PAGESIZE);
    return ram / local_ranks();
}

/* OpenMP threads per rank: what the scheduler gave (SLURM_CPUS_PER_TASK,
 * OMP_NUM_THREADS), else this process's CPUs (the cgroup's cpuset, via the
 * affinity mask) shared among the ranks on this node */
int cli_default_threads(void)
{
    const char *v = getenv("SLURM_CPUS_PER_TASK");
    if (!v || atoi(v) < 1)
        v = getenv("OMP_NUM_THREADS");
    if (v && atoi(v) >= 1)
        return atoi(v) > 1024 ? 1024 : atoi(v);
    cpu_set_t set;
    int n = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set)
                                                       : (int)sysconf(_SC_NPROCESSORS_ONLN);
    /* a cgroup's CPU quota (v2: cpu.max "QUOTA PERIOD", or "max"): a
     * container may see every CPU and be allowed fewer */
    FILE *f = fopen("/sys/fs/cgroup/cpu.max", "r");
    if (f) {
        char q[32] = "";
        long period = 0;
        if (fscanf(f, "%31s %ld", q, &period) == 2 && strcmp(q, "max") != 0 && period > 0) {
            long quota = atol(q);
            int allowed = (int)((quota + period - 1) / period);
            if (quota > 0 && allowed < n)
                n = allowed;
        }
        fclose(f);
    }
    n /= local_ranks();
    return n < 1 ? 1 : n > 1024 ? 1024 : n;
}
