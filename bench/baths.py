"""Two-bath benchmark (issue 3): neqent vs QuTiP on a 1000-point (T1, T2)
grid of the full quantity set, and the wall time of `neqent figure all`.

Parameters eps1 = 1.3, eps2 = 0.7, K = 1, K' = 0.2, Gamma = 1 (flat), global
ME; T1 in [0.05, 3] (40 values) x T2 in [0.05, 3] (25 values).  QuTiP does
what a user's script does per point: Davies jump operators from numpy's
eigendecomposition, steadystate, concurrence, entropy_linear (x 4/3),
entropy_vn (nats), purity, two heat currents <D_j^dagger(Q)>, and sigma.

usage: baths.py BUILD_DIR"""
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import qutip as qt

build = sys.argv[1]
N1, N2 = 40, 25
DIMS = [[2, 2], [2, 2]]
e1, e2, K, Kp = 1.3, 0.7, 1.0, 0.2
sm = np.array([[0, 1], [0, 0]], complex)
I2 = np.eye(2)
SM = [np.kron(sm, I2), np.kron(I2, sm)]
SX = [s + s.conj().T for s in SM]
sz = np.diag([-1.0, 1.0])
Q = (e1 / 2 * np.kron(sz, I2) + e2 / 2 * np.kron(I2, sz)
     + K * (SM[0].conj().T @ SM[1] + SM[0] @ SM[1].conj().T) + Kp * np.kron(sz, sz))


def qutip_point(T1, T2):
    Qq = qt.Qobj(Q, dims=DIMS)
    E, V = np.linalg.eigh(Q)
    groups = [[], []]
    for j, T in enumerate((T1, T2)):
        Xe = V.conj().T @ SX[j] @ V
        for a in range(4):
            for b in range(4):
                w = E[b] - E[a]
                if w > 1e-9 and abs(Xe[a, b]) > 1e-14:
                    A = Xe[a, b] * np.outer(V[:, a], V[:, b].conj())
                    n = 1 / np.expm1(w / T)
                    groups[j].append(qt.Qobj(np.sqrt(1 + n) * A, dims=DIMS))
                    groups[j].append(qt.Qobj(np.sqrt(n) * A.conj().T, dims=DIMS))
    rho = qt.steadystate(Qq, groups[0] + groups[1])
    C = qt.concurrence(rho)
    SL = 4 / 3 * qt.entropy_linear(rho)
    S = qt.entropy_vn(rho)  # natural log
    P = (rho * rho).tr().real
    J = []
    for grp in groups:
        Qd = sum(c.dag() * Qq * c - 0.5 * (c.dag() * c * Qq + Qq * c.dag() * c) for c in grp)
        J.append(qt.expect(Qd, rho))
    sigma = -J[0] / T1 - J[1] / T2
    return rho.full(), [C, SL, S, P, J[0], J[1], sigma]


out = os.path.join(tempfile.mkdtemp(), "baths.bin")
env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
us_neq = float(subprocess.check_output(
    [os.path.join(build, "bench_baths"), str(N1), str(N2), "5", out], env=env))
raw = np.fromfile(out, dtype=np.float64).reshape(N1 * N2, 39)
rho_n = raw[:, :32].view(np.complex128).reshape(-1, 4, 4).transpose(0, 2, 1)
q_n = raw[:, 32:]

t0 = time.perf_counter()
res = [qutip_point(0.05 + 2.95 * i / (N1 - 1), 0.05 + 2.95 * j / (N2 - 1))
       for i in range(N1) for j in range(N2)]
us_q = (time.perf_counter() - t0) / (N1 * N2) * 1e6
d_rho = max(np.abs(rho_n[k] - res[k][0]).max() for k in range(N1 * N2))
d_q = np.abs(q_n - np.array([r[1] for r in res])).max(axis=0)

with tempfile.TemporaryDirectory() as d:
    t0 = time.perf_counter()
    subprocess.run([os.path.join(build, "neqent"), "figure", "all", "--out-dir", d,
                    "--no-plot"], check=True, env=env, stderr=subprocess.DEVNULL)
    t_data = time.perf_counter() - t0
    t0 = time.perf_counter()
    subprocess.run([os.path.join(build, "neqent"), "figure", "all", "--out-dir", d, "--force"],
                   check=True, env=env, stderr=subprocess.DEVNULL)
    t_all = time.perf_counter() - t0

names = ["C", "S_L", "S_vN", "purity", "J1", "J2", "sigma"]
print(json.dumps({"points": N1 * N2, "neqent_us": us_neq, "qutip_us": us_q,
                  "ratio": us_q / us_neq, "max_diff_rho": d_rho,
                  "max_diff": dict(zip(names, d_q.tolist())),
                  "figure_all_data_s": t_data, "figure_all_with_plots_s": t_all}))
print()
print(f"| 1000-point (T1, T2) grid, full quantity set, one core | per point | points/s |")
print("|---|---|---|")
print(f"| QuTiP 4.7.1 (Davies ops + steadystate + measures + heat) | {us_q:.0f} us | "
      f"{1e6 / us_q:.0f} |")
print(f"| neqent `neq_baths_steady` | {us_neq:.1f} us | {1e6 / us_neq:.0f} |")
print(f"| ratio | | {us_q / us_neq:.0f}x |")
print(f"\nmax |neqent - QuTiP|: rho {d_rho:.1e}; " +
      ", ".join(f"{n} {v:.1e}" for n, v in zip(names, d_q)))
print(f"neqent figure all (Figs. 1-5): {t_data:.2f} s data only, {t_all:.2f} s with gnuplot PNGs")
