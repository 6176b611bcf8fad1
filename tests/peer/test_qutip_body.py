"""neqent body against QuTiP on master equation (1) of Bellomo & Antezza.

For random geometries (heights, separations, z or x dipoles) and
temperatures, the rates Gamma^{qq'}(+-omega) and Lambda^{qq'} come from
`neqent rates --json`; QuTiP builds eq. (1) from them as printed (rotating
frame: H = sum_{q != q'} Lambda^{qq'} s_q^+ s_q'^-, jump operators from the
eigendecomposition of the 2 x 2 Kossakowski matrices Gamma(omega) with
A = s^- and Gamma(-omega) with A = s^+), and its steady state is compared with
`neqent body --json` (which solves (1) in its own way: eigenbasis of H, walls
and body as separate groups).  rho and C to 1e-10: observed ~1e-12, limited
by the stiffness Lambda / Gamma_A ~ 1e6-1e8 of these geometries."""
import json
import os
import subprocess
import sys

import numpy as np
import qutip as qt

lib = sys.argv[1]
BIN = os.path.join(os.path.dirname(os.path.abspath(lib)), "neqent")
DIMS = [[2, 2], [2, 2]]
sm = np.array([[0, 1], [0, 0]], complex)  # |0><1|, |1> = |e>
I2 = np.eye(2)
SM = [np.kron(sm, I2), np.kron(I2, sm)]
rng = np.random.default_rng(11)


def run(args):
    out = subprocess.run([BIN] + args, capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def mat2(m):
    return np.array([[complex(*m[i][j]) for j in range(2)] for i in range(2)])


failures, worst = 0, 0.0
N = 12
for k in range(N):
    z1, z2 = rng.uniform(0.3, 2.0, 2) * 1e-6
    r12 = rng.uniform(0.05, 1.0) * 1e-6
    TW, TM = rng.uniform(20, 500), rng.uniform(100, 4000)
    dip = "0,0,1" if k % 3 else "1,0,0"
    geo = ["--z1", repr(z1), "--z2", repr(z2), "--r12", repr(r12), "--TW", repr(TW), "--TM",
           repr(TM), "--dipole1", dip, "--dipole2", dip]
    rates = run(["rates", "--json"] + geo)
    body = run(["body", "--json"] + geo)
    Gp, Gm, Lam = mat2(rates["gamma_plus"]), mat2(rates["gamma_minus"]), mat2(rates["lambda"])
    H = sum(Lam[q, p] * SM[q].conj().T @ SM[p] for q in range(2) for p in range(2) if q != p)
    c_ops = []
    for G, A in ((Gp, SM), (Gm, [s.conj().T for s in SM])):
        G = (G + G.conj().T) / 2
        w, U = np.linalg.eigh(G)
        for kk in range(2):
            if w[kk] > 0:
                L = np.sqrt(w[kk]) * sum(np.conj(U[b, kk]) * A[b] for b in range(2))
                c_ops.append(qt.Qobj(L, dims=DIMS))
    rq = qt.steadystate(qt.Qobj(H, dims=DIMS), c_ops).full()
    rn = np.array([[complex(*x) for x in row] for row in body["rho"]])
    e_rho = np.abs(rn - rq).max()
    e_C = abs(body["concurrence"] - qt.concurrence(qt.Qobj(rq, dims=DIMS)))
    worst = max(worst, e_rho, e_C)
    if e_rho > 1e-10 or e_C > 1e-10:
        failures += 1
        print(f"set {k}: |drho| {e_rho:.2e} |dC| {e_C:.2e} (z1 {z1:.3g} z2 {z2:.3g} r12 {r12:.3g} "
              f"TW {TW:.0f} TM {TM:.0f} dip {dip})")
print(f"worst difference over {N} sets: {worst:.2e} (tolerance 1e-10)")
print(f"{N - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
