#!/usr/bin/env python3
"""Simulated strong scaling of a sweep's task farm to 256 ranks (issue 16).

This machine has two cores, so scaling beyond two ranks is simulated, from
what is measured here:
  - the cost of a grid point and of a geometry's setup, for two workloads
    (five qubits in a chain, and the two-qubit pair), from timed
    single-process sweeps (one thread); a point's cost includes formatting
    its row, which runs on the rank that computed it;
  - the bytes each row writes, and rank 0's write bandwidth (the sweep's
    own files: page cache, no fsync, as neqent writes);
  - the farm's messages, by bench_farm under mpirun -np 2: taking a task
    (lock + MPI_Fetch_and_op + unlock on rank 0's counter) and handing a
    result to rank 0 (latency + bytes / bandwidth).
The simulation replays the farm of src/studies/grid.c (neq_grid_run_mpi)
event by event: the same task list (cut_tasks, replicated below), every
rank, rank 0 included, taking the next task from the counter as it finishes
the last; each worker sending its packed result; rank 0 receiving and
writing results in grid order between its own tasks (in batches of 32
points, with a progress turn after each) and, once the tasks are gone, as they come.
Two networks: this machine's shared memory as measured, and an InfiniBand
cluster with assumed costs (fetch 3 us, latency 2 us, 10 GB/s, 1 GB/s to
the file system), with the counter served by remote atomics; and a third,
pessimistic one where the counter moves only when rank 0 calls MPI (a TCP
network without remote atomics), which rank 0 does after every batch.
It is checked against a real two-rank run first.

usage: bench/mpi_sim.py BUILD_DIR   (about 1 min)
"""
import heapq
import math
import os
import subprocess
import sys
import tempfile
import time

BUILD = os.path.abspath(sys.argv[1])
BIN = os.path.join(BUILD, "neqent")
MPI = ["mpirun", "--oversubscribe", "--allow-run-as-root", "--mca", "btl", "self,vader", "-np"]
CHUNK = 256


def timed(cmd, cwd):
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def measure_workload(name, args, geom_axis, ngeom, tmp):
    """per-point and per-setup cost (s), bytes per row"""
    d = tempfile.mkdtemp(dir=tmp)
    sweep = [BIN, "sweep", "body"] + args + ["--threads", "1", "--quiet"]
    t0 = min(timed(sweep + ["--vary", geom_axis + ":1", "--vary", "TM=300K:300K:1",
                            "--out", f"s{k}.csv"], d) for k in range(3))
    t1 = timed(sweep + ["--vary", f"{geom_axis}:{ngeom}", "--vary", "TM=100K:3000K:1",
                        "--out", "a.csv"], d)
    m = 400
    t2 = timed(sweep + ["--vary", f"{geom_axis}:{ngeom}", "--vary", f"TM=100K:3000K:{m}",
                        "--out", "b.csv"], d)
    c_point = (t2 - t1) / (ngeom * (m - 1))
    c_setup = max((t1 - t0) / ngeom - c_point, 0.0)
    with open(os.path.join(d, "b.csv"), "rb") as f:
        rows = [ln for ln in f if not ln.startswith(b"#")][1:]
    row_bytes = sum(len(r) for r in rows) / len(rows)
    print(f"  {name}: point {c_point * 1e6:.1f} us, geometry setup {c_setup * 1e3:.2f} ms, "
          f"row {row_bytes:.0f} bytes")
    return c_point, c_setup, row_bytes


def write_bandwidth(tmp):
    block = b"0.123456789012345678," * 50000  # 1 MB of text
    path = os.path.join(tmp, "w.bin")
    with open(path, "wb") as f:
        t0 = time.perf_counter()
        for _ in range(256):
            f.write(block)
        f.flush()
        dt = time.perf_counter() - t0
    os.remove(path)
    return 256 * len(block) / dt


def farm_costs():
    out = subprocess.run(MPI + ["2", os.path.join(BUILD, "bench_farm")], check=True,
                         capture_output=True, text=True).stdout
    v = dict(ln.split() for ln in out.splitlines() if ln.strip())
    return float(v["fetch_s"]), float(v["latency_s"]), float(v["bandwidth_Bps"])


def cut_tasks(npts, per_setup, start, size):
    """src/studies/grid.c: cut_tasks, with neq_grid_run_mpi's target; the
    grid geometry-major, per_setup points per geometry"""
    target = (npts - start) // (8 * size)
    target = max(min(target, 65536), CHUNK)
    b, pos = [], start
    while pos < npts:
        end = min(pos + target, npts)
        if end < npts and end // per_setup == (end - 1) // per_setup:
            end = min((end // per_setup + 1) * per_setup, pos + 4 * target, npts)
        b.append(pos)
        pos = end
    b.append(npts)
    return b


def simulate(P, npts, per_setup, c_point, c_setup, row_bytes, net, served_by_rank0=False):
    """wall time of the farm on P ranks (seconds)"""
    fetch, lat, bw, wbw = net
    b = cut_tasks(npts, per_setup, 0, P)
    ntasks = len(b) - 1

    def cost(t):
        n = b[t + 1] - b[t]
        setups = (b[t + 1] - 1) // per_setup - b[t] // per_setup + 1
        return n * c_point + setups * c_setup

    def nbytes(t):
        return (b[t + 1] - b[t]) * row_bytes

    batch_time = (32 if P > 2 else CHUNK) * c_point  # rank 0's progress turns, one per batch
    nxt = 0                       # the counter
    counter_free = 0.0
    ready = {}                    # task -> time its result can be received
    rank0_busy_until = 0.0        # rank 0 computing its own task (no MPI calls)
    rank0_task_start = 0.0
    own = set()                   # rank 0's own tasks

    def serve(t_req):
        """the counter's answer to a fetch issued at t_req"""
        nonlocal counter_free
        t = max(t_req + fetch / 2, counter_free)
        if served_by_rank0 and rank0_task_start <= t < rank0_busy_until:
            # the next progress turn of rank 0
            k = int((t - rank0_task_start) / batch_time) + 1
            t = min(rank0_task_start + k * batch_time, rank0_busy_until)
        counter_free = t + 1e-7
        return t + fetch / 2

    # event queue of worker fetches: (time, rank); rank 0 driven explicitly
    q = [(0.0, r) for r in range(1, P)]
    heapq.heapify(q)
    now0 = 0.0
    delivered = 0
    own_done = False

    def run_workers_until(t_limit):
        nonlocal nxt
        while q and q[0][0] <= t_limit:
            t, r = heapq.heappop(q)
            t = serve(t)
            if nxt >= ntasks:
                continue
            k = nxt
            nxt += 1
            done = t + cost(k)
            ready[k] = done + lat  # the envelope reaches rank 0
            heapq.heappush(q, (done, r))

    while delivered < ntasks:
        if not own_done:
            run_workers_until(now0)
            t = now0 + fetch
            if nxt >= ntasks:
                own_done = True
                now0 = t
            else:
                k = nxt
                nxt += 1
                rank0_task_start, rank0_busy_until = t, t + cost(k)
                run_workers_until(rank0_busy_until)
                now0 = rank0_busy_until
                ready[k] = now0  # its own result, at hand
                own.add(k)
                rank0_busy_until = 0.0
        else:
            run_workers_until(now0)
            # wait for the next in order
            if delivered not in ready:
                t_next = q[0][0] if q else now0
                run_workers_until(t_next)
                if delivered not in ready:
                    now0 = max(now0, t_next)
                    continue
            now0 = max(now0, ready[delivered])
        # receive and write what is there, in order
        while delivered in ready and ready[delivered] <= now0:
            k = delivered
            if k not in own:
                now0 += lat + nbytes(k) / bw
            now0 += nbytes(k) / wbw
            delivered += 1
    return now0 + 2 * math.log2(max(P, 2)) * lat


def serial_time(npts, per_setup, c_point, c_setup, row_bytes, wbw):
    return npts * c_point + (npts // per_setup) * c_setup + npts * row_bytes / wbw


def main():
    tmp = tempfile.mkdtemp()
    print("measured here (one core):")
    w5 = measure_workload("five-qubit chain", ["--array", "chain:5", "--height", "1um"],
                          "spacing=0.1um:1um", 10, tmp)
    w2 = measure_workload("two qubits", [], "z2=0.3um:2um", 40, tmp)
    wbw = write_bandwidth(tmp)
    fetch, lat, bw = farm_costs()
    print(f"  rank 0 writes {wbw / 1e9:.2f} GB/s; farm (2 ranks, shared memory): "
          f"fetch {fetch * 1e6:.2f} us, message latency {lat * 1e6:.1f} us, "
          f"{bw / 1e9:.2f} GB/s")
    local = (fetch, lat, bw, wbw)
    ib = (3e-6, 2e-6, 10e9, 1e9)

    # the check: the simulation of a real two-rank run against the run
    d = tempfile.mkdtemp(dir=tmp)
    g = ["sweep", "body", "--array", "chain:5", "--height", "1um", "--vary",
         "spacing=0.1um:1um:20", "--vary", "TM=100K:3000K:200", "--threads", "1", "--quiet"]
    t1 = timed([BIN] + g + ["--out", "a.csv"], d)
    t2 = timed(MPI + ["2", BIN] + g + ["--out", "b.csv"], d)
    t0 = timed(MPI + ["2", BIN, "sweep", "body", "--vary", "z2=1um:1um:1", "--vary",
                      "TM=300K:300K:1", "--quiet", "--out", "c.csv"], d)
    s2 = simulate(2, 4000, 200, *w5, local)
    s1 = serial_time(4000, 200, *w5, wbw)
    print(f"\ncheck, 4,000 points of five qubits (20 geometries) on 2 ranks: measured "
          f"{t2 - t0:.2f} s (mpirun's start-up of {t0:.2f} s taken off; one process "
          f"{t1:.2f} s), simulated {s2:.2f} s (one process {s1:.2f} s)")

    npts = 10_000_000
    print(f"\n10^7-point sweeps, 1000 geometries x 10,000 TM, parallel efficiency "
          f"T1 / (P T_P):")
    print("| ranks | five qubits, this machine's network | five qubits, InfiniBand "
          "| five qubits, counter moved by rank 0 (TCP) | two qubits, InfiniBand |")
    print("|---|---|---|---|---|")
    for P in (1, 2, 4, 8, 16, 32, 64, 128, 256):
        row = [str(P)]
        for w, net, by0 in ((w5, local, False), (w5, ib, False), (w5, ib, True),
                            (w2, ib, False)):
            t1 = serial_time(npts, 10_000, *w, net[3])
            tp = simulate(P, npts, 10_000, *w, net, by0) if P > 1 else t1
            row.append(f"{t1 / (P * tp):.0%} ({tp:.4g} s)")
        print("| " + " | ".join(row) + " |")
    c_point, c_setup, rb = w2
    print(f"\nthe two-qubit sweep writes {npts * rb / 1e9:.1f} GB: at 1 GB/s rank 0 needs "
          f"{npts * rb / 1e9:.0f} s for it, a floor for any number of ranks")


if __name__ == "__main__":
    main()
