"""Body-model benchmark (issue 5): the Fig. 4(a) map at 100 x 100 points,
and per point neqent vs QuTiP on the same generator (steady state +
concurrence at the paper's geometry, 200 values of T_M; QuTiP receives
master equation (1) built from neqent's rates, as in
tests/peer/test_qutip_body.py).  usage: body.py BUILD_DIR"""
import json
import os
import subprocess
import sys
import time

import numpy as np
import qutip as qt

build = sys.argv[1]
env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
neq = json.loads(subprocess.check_output([os.path.join(build, "bench_body")], env=env))

DIMS = [[2, 2], [2, 2]]
sm = np.array([[0, 1], [0, 0]], complex)
SM = [np.kron(sm, np.eye(2)), np.kron(np.eye(2), sm)]
rates = json.loads(subprocess.check_output([os.path.join(build, "neqent"), "rates", "--json"],
                                           env=env))
mat = lambda m: np.array([[complex(*m[i][j]) for j in range(2)] for i in range(2)])
aW, aM, Lam = mat(rates["alpha_W"]), mat(rates["alpha_M"]), mat(rates["lambda"])
x = 1.054571817e-34 * 0.3 * 1.495e14 / 1.380649e-23
H = qt.Qobj(sum(Lam[q, p] * SM[q].conj().T @ SM[p] for q in range(2) for p in range(2) if q != p),
            dims=DIMS)


def point(TM):
    nW, nM = 1 / np.expm1(x / 30), 1 / np.expm1(x / TM)
    c_ops = []
    for G, A in (((1 + nW) * aW + (1 + nM) * aM, SM),
                 (nW * aW.conj() + nM * aM.conj(), [s.conj().T for s in SM])):
        w, U = np.linalg.eigh((G + G.conj().T) / 2)
        c_ops += [qt.Qobj(np.sqrt(w[k]) * sum(np.conj(U[b, k]) * A[b] for b in range(2)), dims=DIMS)
                  for k in range(2) if w[k] > 0]
    rho = qt.steadystate(H, c_ops)
    return qt.concurrence(rho)


Ts = np.linspace(100, 5000, 200)
t0 = time.perf_counter()
for T in Ts:
    point(T)
us_q = (time.perf_counter() - t0) / len(Ts) * 1e6
print(json.dumps(dict(neq, qutip_per_point_us=us_q, ratio=us_q / neq["per_point_us"])))
print()
print("| one core | time |")
print("|---|---|")
print(f"| Fig. 4(a) map, 100 x 100 points (alpha, Lambda once per z2: {neq['map_geometry_s']:.3f} s) | "
      f"{neq['map_100x100_s']:.2f} s |")
print(f"| neqent per point: steady state + every quantity (model reused) | {neq['per_point_us']:.1f} us |")
print(f"| QuTiP 4.7.1 per point: steadystate + concurrence, same generator | {us_q:.0f} us |")
print(f"| ratio | {us_q / neq['per_point_us']:.0f}x |")
