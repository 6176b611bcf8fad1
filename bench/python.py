"""The Python package's cost (issue 11), side by side in one script:
  1. per-call overhead: Model.steady(T1, T2, quantities=[...]) against the
     same evaluation through the C API (neq_eval + neq_quantity_get called
     directly through cffi, ~0.1 us per call), two-bath model, one core;
  2. a 10,000-point body sweep (100 z2 x 100 T_M, 2 threads) through
     neqent.sweep against `neqent sweep` writing CSV;
  3. the same sweep the QuTiP way: per z2 the rates from neqent (a rates
     Model: the geometry once), then a loop
     of qutip.steadystate + concurrence per point (timed on a sample of
     points, scaled to 10,000).
usage: PYTHONPATH=build/python python.py BUILD_DIR"""
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

import neqent
from neqent._neqent import ffi, lib

build = sys.argv[1]
cli = os.path.join(build, "neqent")


def best(f, reps=5):
    return min(f() for _ in range(reps))


# 1. per-call overhead
m = neqent.BathsModel()
k = m._m.quantity_index["concurrence"]
plan, p = m._plan, m._work
out = ffi.new("double[1]")


def py_loop(n=20000):
    t = time.perf_counter()
    for i in range(n):
        m.steady(1.5, 0.5 + i * 1e-7, quantities=["concurrence"])
    return (time.perf_counter() - t) / n


def c_loop(n=20000):
    t = time.perf_counter()
    for i in range(n):
        lib.neq_params_set(p.ptr, b"T2", 0.5 + i * 1e-7)
        lib.neq_eval(plan.ptr, p.ptr, plan.ws)
        lib.neq_quantity_get(plan.ptr, p.ptr, plan.ws, k, out)
    return (time.perf_counter() - t) / n


tp, tc = best(py_loop), best(c_loop)
print("| per point, two-bath model, concurrence | time |")
print("|---|---|")
print(f"| C API (neq_eval + neq_quantity_get) | {tc * 1e6:.2f} us |")
print(f"| Python Model.steady(T1, T2, quantities=['concurrence']) | {tp * 1e6:.2f} us |")
print(f"| overhead per call | **{(tp - tc) * 1e6:.2f} us** (target 5 us) |")
print()

# 2. a 10,000-point body sweep
z2 = np.linspace(0.5e-6, 2e-6, 100)
TM = np.linspace(300, 3000, 100)


def py_sweep():
    t = time.perf_counter()
    neqent.sweep("body", vary={"z2": z2, "TM": TM}, threads=2, frame=False, progress=False)
    return time.perf_counter() - t


def cli_sweep():
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        subprocess.check_call([cli, "sweep", "body", "--vary", "z2=0.5um:2um:100", "--vary",
                               "TM=300:3000:100", "--threads", "2", "--quiet", "--out",
                               os.path.join(tmp, "s.csv")])
        return time.perf_counter() - t


ts_py, ts_cli = best(py_sweep, 3), best(cli_sweep, 3)

# 3. the QuTiP way
import qutip as qt  # noqa: E402

sm = [qt.tensor(qt.sigmap(), qt.qeye(2)), qt.tensor(qt.qeye(2), qt.sigmap())]


def qutip_point(r):
    Gp, Gm, Lam = r.gamma_plus, r.gamma_minus, r.Lambda
    H = Lam[0, 1] * sm[0].dag() * sm[1] + Lam[1, 0] * sm[1].dag() * sm[0]
    c_ops = []
    for G, ops in ((Gp, sm), (Gm, [s.dag() for s in sm])):
        w, U = np.linalg.eigh(G)
        c_ops += [np.sqrt(w[j]) * (np.conj(U[0, j]) * ops[0] + np.conj(U[1, j]) * ops[1])
                  for j in range(2) if w[j] > 1e-12 * w.max()]
    return qt.concurrence(qt.steadystate(H, c_ops))


sample = [(z, T) for z in z2[::25] for T in TM[::10]]  # 40 points
t = time.perf_counter()
for z in z2[::25]:  # the rates' geometry once per z2, as a careful user would
    rm = neqent.Model("rates", z2=z)
    for T in TM[::10]:
        qutip_point(rm.steady(30, T))
t_qutip = (time.perf_counter() - t) / len(sample) * z2.size * TM.size
print("| 10,000-point body sweep (100 z2 x 100 T_M), 2 threads | time | vs CLI |")
print("|---|---|---|")
print(f"| `neqent sweep body` (CLI, CSV) | {ts_cli:.2f} s | 1 |")
print(f"| `neqent.sweep('body', ...)` (Python, arrays) | {ts_py:.2f} s | **{ts_py / ts_cli:.2f}x** "
      "(target 1.1x) |")
print(f"| the QuTiP way: rates from neqent, qutip.steadystate + concurrence per point "
      f"(1 thread, {len(sample)} points timed, scaled) | {t_qutip:.0f} s | "
      f"{t_qutip / ts_cli:.0f}x |")
