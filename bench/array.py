"""Arrays of qubits (issue 10): neqent against QuTiP on the same rates.

The issue's chain of N qubits above the paper's slab (bench_array.c gives
the geometry).  neqent: one steady state on the reused model (bench_array:
the best of repeated solves; its process's peak memory).  QuTiP 4.7: master
equation (1) built from the rates bench_array prints (as in
tests/peer/test_qutip_array.py), `steadystate` with its default sparse
direct solver and with method="iterative-gmres" (ILU-preconditioned), each
in a process of its own for its peak memory, the best of repeats for small
N.  Both on one core (OPENBLAS_NUM_THREADS=1).  Prints a Markdown table
(time, peak memory, QuTiP/neqent ratio, agreement of the populations) and
writes the data as CSV for `neqent plot`.
usage: array.py BUILD_DIR [NMAX] [CSV]"""
import json
import os
import resource
import subprocess
import sys
import time

import numpy as np

TIMEOUT = 1800  # s for one QuTiP solve


def qutip_solve(path, method):
    """child process: solve, print time and peak memory"""
    import qutip as qt
    r = json.load(open(path))
    N = r["N"]
    sm = np.array([[0, 1], [0, 0]], complex)
    S = []
    for q in range(N):
        ops = [np.eye(2)] * N
        ops[q] = sm
        out = ops[0]
        for o in ops[1:]:
            out = np.kron(out, o)
        S.append(out)
    mat = lambda m: np.array([[complex(*m[i][j]) for j in range(N)] for i in range(N)])
    Gp, Gm, Lam = mat(r["gamma_plus"]), mat(r["gamma_minus"]), mat(r["lambda"])
    dims = [[2] * N, [2] * N]
    H = qt.Qobj(sum(Lam[a, b] * S[a].conj().T @ S[b] for a in range(N) for b in range(N) if a != b)
                if N > 1 else np.zeros((2, 2)), dims=dims)
    c_ops = []
    for G, A in ((Gp, S), (Gm, [s.conj().T for s in S])):
        w, U = np.linalg.eigh((G + G.conj().T) / 2)
        c_ops += [qt.Qobj(np.sqrt(w[k]) * sum(np.conj(U[b, k]) * A[b] for b in range(N)), dims=dims)
                  for k in range(N) if w[k] > 1e-12 * w.max()]
    best, total, reps = 1e300, 0.0, 0
    while reps < 1 or (total < 1.0 and reps < 50):
        t = time.perf_counter()
        rho = qt.steadystate(H, c_ops, method=method) if method != "direct" else \
            qt.steadystate(H, c_ops)
        t = time.perf_counter() - t
        best, total, reps = min(best, t), total + t, reps + 1
    diag = np.real(np.diag(rho.full()))
    err = float(np.abs(diag - np.array(r["rho_diag"])).max())
    print(json.dumps({"time": best, "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                      "pop_diff": err}))


if len(sys.argv) > 2 and sys.argv[1] == "--qutip":
    qutip_solve(sys.argv[2], sys.argv[3])
    sys.exit(0)

build = sys.argv[1]
nmax = int(sys.argv[2]) if len(sys.argv) > 2 else 8
csv_path = sys.argv[3] if len(sys.argv) > 3 else None
env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
rows, csv = [], ["N,solver,time[s],memory[MB]"]
print("| N | neqent steady state | neqent peak MB | QuTiP direct | MB | ratio | QuTiP gmres "
      "| MB | ratio | populations differ by |")
print("|---|---|---|---|---|---|---|---|---|---|")
for N in range(2, nmax + 1):
    out = subprocess.check_output([os.path.join(build, "bench_array"), str(N)], env=env)
    r = json.loads(out)
    path = f"/tmp/neqent-bench-array-{os.getpid()}-{N}.json"
    with open(path, "w") as f:
        f.write(out.decode())
    res = {}
    for method in ("direct", "iterative-gmres"):
        try:
            q = subprocess.run([sys.executable, __file__, "--qutip", path, method], env=env,
                               capture_output=True, text=True, timeout=TIMEOUT)
            res[method] = json.loads(q.stdout) if q.returncode == 0 else None
        except subprocess.TimeoutExpired:
            res[method] = None
    os.remove(path)
    ns, nm = r["steady_s"], r["maxrss_kb"] / 1024
    cells = [str(N), f"{ns * 1e3:.3g} ms", f"{nm:.0f}"]
    csv.append(f"{N},1,{ns!r},{nm:.1f}")
    diff = []
    for k, (method, code) in enumerate((("direct", 2), ("iterative-gmres", 3))):
        q = res[method]
        if q:
            cells += [f"{q['time'] * 1e3:.3g} ms", f"{q['maxrss_kb'] / 1024:.0f}",
                      f"{q['time'] / ns:.3g}x"]
            csv.append(f"{N},{code},{q['time']!r},{q['maxrss_kb'] / 1024:.1f}")
            diff.append(q["pop_diff"])
        else:
            cells += ["failed or > 30 min", "-", "-"]
    cells.append(f"{max(diff):.1e}" if diff else "-")
    print("| " + " | ".join(cells) + " |", flush=True)
for N in range(nmax + 1, 11):  # neqent alone beyond what QuTiP can do here
    r = json.loads(subprocess.check_output([os.path.join(build, "bench_array"), str(N)], env=env))
    print(f"| {N} | {r['steady_s'] * 1e3:.3g} ms | {r['maxrss_kb'] / 1024:.0f} | - | - | - | - | - "
          f"| - | - |", flush=True)
    csv.append(f"{N},1,{r['steady_s']!r},{r['maxrss_kb'] / 1024:.1f}")
if csv_path:
    with open(csv_path, "w") as f:
        f.write("# neqent bench/array.py: steady state of N qubits (the issue's chain), one core;\n"
                "# solver 1 neqent, 2 QuTiP steadystate (direct), 3 QuTiP iterative-gmres\n")
        f.write("\n".join(csv) + "\n")
