"""Engine benchmark: neqent vs QuTiP vs a bare zgesv, same generators.

Generators: the two-qubit, two-bath Davies generator (Quiroga et al.) at
random (eps1, eps2, K, K', T1, T2), built here with numpy (eigenbasis of H,
jump operators per Bohr frequency), so both sides receive identical jump
operators.  Per point, QuTiP runs steadystate + concurrence + the two heat
currents Tr{H D_j(rho)}; neqent runs generator + plan + steady state +
concurrence + heat currents (bench_engine.c).

usage: engine.py BUILD_DIR [NPOINTS]   (prints JSON and a markdown table)"""
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import qutip as qt

build = sys.argv[1]
npts = int(sys.argv[2]) if len(sys.argv) > 2 else 200
rng = np.random.default_rng(7)
DIMS = [[2, 2], [2, 2]]


def model(e1, e2, K, Kp):
    H = np.zeros((4, 4), complex)
    H[0, 0] = -(e1 + e2) / 2 + Kp
    H[1, 1] = (-e1 + e2) / 2 - Kp
    H[2, 2] = (e1 - e2) / 2 - Kp
    H[3, 3] = (e1 + e2) / 2 + Kp
    H[1, 2] = H[2, 1] = K
    return H


sx = np.array([[0, 1], [1, 0]], complex)
X = [np.kron(sx, np.eye(2)), np.kron(np.eye(2), sx)]


def davies(H, T):
    E, V = np.linalg.eigh(H)
    jumps = []
    for j in range(2):
        Xe = V.conj().T @ X[j] @ V
        for a in range(4):
            for b in range(4):
                w = E[b] - E[a]
                if w > 1e-9 and abs(Xe[a, b]) > 1e-14:
                    A = np.zeros((4, 4), complex)
                    A[a, b] = Xe[a, b]
                    A = V @ A @ V.conj().T
                    n = 1 / np.expm1(w / T[j]) if T[j] > 0 else 0.0
                    jumps.append((j, 1 + n, A))
                    if n > 0:
                        jumps.append((j, n, A.conj().T))
    return jumps


points = []
while len(points) < npts:
    e1, e2 = rng.uniform(0.1, 4, 2)
    K, Kp = rng.uniform(-1.5, 1.5, 2)
    H = model(e1, e2, K, Kp)
    E = np.linalg.eigvalsh(H)
    if np.min(np.abs(np.subtract.outer(E, E)) + np.eye(4) * 10) < 1e-3:
        continue  # skip (nearly) degenerate Bohr frequencies: kept simple here
    points.append((H, davies(H, rng.uniform(0.1, 3, 2))))

tmp = tempfile.mkdtemp()
gen_path, out_path = os.path.join(tmp, "gen.bin"), os.path.join(tmp, "out.bin")
buf = [np.array([float(npts)])]
for H, jumps in points:
    buf.append(np.asfortranarray(H).ravel(order="F").view(np.float64))
    buf.append(np.array([float(len(jumps))]))
    for grp, rate, A in jumps:
        buf.append(np.array([float(grp), rate]))
        buf.append(np.asfortranarray(A).ravel(order="F").view(np.float64))
np.concatenate(buf).tofile(gen_path)

reps = max(1, 20000 // npts)
env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
res = json.loads(subprocess.check_output(
    [os.path.join(build, "bench_engine"), gen_path, out_path, str(reps)], env=env))
raw = np.fromfile(out_path, dtype=np.float64).reshape(npts, 35)
rho_neq = raw[:, :32].view(np.complex128).reshape(npts, 4, 4, order="C").transpose(0, 2, 1)
C_neq, J_neq = raw[:, 32], raw[:, 33:35]


def qutip_point(H, jumps, times):
    """One point in QuTiP; times[0..2] accumulate steadystate, concurrence
    and heat-current seconds separately."""
    t0 = time.perf_counter()
    Hq = qt.Qobj(H, dims=DIMS)
    c_ops = [qt.Qobj(np.sqrt(r) * A, dims=DIMS) for _, r, A in jumps]
    rho = qt.steadystate(Hq, c_ops)
    t1 = time.perf_counter()
    C = qt.concurrence(rho)
    t2 = time.perf_counter()
    # heat currents as a QuTiP user writes them: J_g = <D_g^dagger(H)>
    J = [0.0, 0.0]
    for grp in (0, 1):
        Q = sum((c.dag() * Hq * c - 0.5 * (c.dag() * c * Hq + Hq * c.dag() * c))
                for (g, _, _), c in zip(jumps, c_ops) if g == grp)
        J[grp] = qt.expect(Q, rho)
    t3 = time.perf_counter()
    times[0] += t1 - t0
    times[1] += t2 - t1
    times[2] += t3 - t2
    return rho.full(), C, J


times = [0.0, 0.0, 0.0]
q = [qutip_point(H, jumps, times) for H, jumps in points]
t_ss, t_c, t_j = (x / npts * 1e6 for x in times)
t_q = t_ss + t_c + t_j

d_rho = max(np.abs(rho_neq[i] - q[i][0]).max() for i in range(npts))
d_C = max(abs(C_neq[i] - q[i][1]) for i in range(npts))
d_J = max(np.abs(J_neq[i] - np.array(q[i][2])).max() for i in range(npts))
res.update({"qutip_us": t_q, "qutip_steadystate_us": t_ss, "qutip_concurrence_us": t_c,
            "qutip_heat_us": t_j, "points": npts, "speedup_vs_qutip": t_q / res["neqent_us"],
            "speedup_vs_qutip_steadystate_concurrence": (t_ss + t_c) / res["neqent_us"],
            "neqent_over_zgesv": res["neqent_us"] / res["zgesv_us"],
            "max_diff_rho": d_rho, "max_diff_C": d_C, "max_diff_J": d_J})
print(json.dumps(res))
print()
print("| per point (one core) | time | ratio |")
print("|---|---|---|")
print(f"| QuTiP 4.7 steadystate + concurrence + 2 heat currents | {t_q:.0f} us | "
      f"{res['speedup_vs_qutip']:.0f}x slower than neqent |")
print(f"| QuTiP 4.7 steadystate + concurrence only ({t_ss:.0f} + {t_c:.0f} us) | "
      f"{t_ss + t_c:.0f} us | {res['speedup_vs_qutip_steadystate_concurrence']:.0f}x slower than "
      f"neqent's full pipeline |")
print(f"| neqent generator + plan + steady state + concurrence + heat currents | "
      f"{res['neqent_us']:.2f} us | 1 |")
print(f"| bare LAPACK zgesv of the 16x16 complex system (floor) | {res['zgesv_us']:.2f} us | "
      f"neqent = {res['neqent_over_zgesv']:.2f}x the floor |")
print(f"\nmax |neqent - QuTiP| over {npts} points: rho {d_rho:.1e}, C {d_C:.1e}, J {d_J:.1e}")
