"""neqent's heat counting statistics against QuTiP's countstat (Debian
python3-qutip 4.7), on the two-bath model with the global master equation.

The peer side is built independently (tests/peer/qutip_models.py: the
Davies jumps from numpy's eigendecomposition of Q, each with the energy it
hands the qubits).  The energy-weighted current superoperator of bath j is
J_j = sum_c e_c sprepost(c, c^+) over its jumps; QuTiP's
countstat_current_noise(L, [], wlist, rhoss, J_ops) returns the mean
current I_j and the noise S_jj(w).  QuTiP counts particles: its noise's
"shot" term is <<1|J_j|rho>> = I_j, while for energy it is
<<1|J_j^(2)|rho>> = sum_c e_c^2 Tr(c rho c^+); the comparison adds that
difference (computed here from the peer's own jumps).  Compared with
`neqent baths --json --quantities heat_cumulants,heat_noise
--noise_omega w`: the mean and S(0) (= the variance) to 1e-8, and S(w) at
three nonzero frequencies to 1e-8, relative to the current's scale."""
import json
import os
import subprocess
import sys

import numpy as np
import qutip as qt

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qutip_models import DIMS, Q_of, davies_groups  # noqa: E402

lib = sys.argv[1]
BIN = os.path.join(os.path.dirname(os.path.abspath(lib)), "neqent")
rng = np.random.default_rng(17)
W = [0.0, 0.3, 1.1, 4.0]


def peer(e1, e2, K, Kp, T1, T2, g1, g2):
    Q = Q_of(e1, e2, K, Kp)
    groups = davies_groups(Q, [T1, T2], [g1, g2])
    c_ops = [qt.Qobj(c, dims=DIMS) for grp in groups for c, _ in grp]
    L = qt.liouvillian(qt.Qobj(Q, dims=DIMS), c_ops)
    rho = qt.steadystate(L)
    J_ops = [sum(e * qt.sprepost(qt.Qobj(c, dims=DIMS), qt.Qobj(c, dims=DIMS).dag())
                 for c, e in grp) for grp in groups]
    I, S = qt.countstat_current_noise(L, [], wlist=W, rhoss=rho, J_ops=J_ops, sparse=False)
    r = rho.full()
    shot = [sum(e * e * np.trace(c @ r @ c.conj().T).real for c, e in grp) for grp in groups]
    return I, np.array([[S[j, j, k] - I[j] + shot[j] for k in range(len(W))] for j in range(2)])


def neqent(e1, e2, K, Kp, T1, T2, g1, g2):
    base = [BIN, "baths", "--json", "--quantities", "heat_cumulants,heat_noise", "--eps1", repr(e1),
            "--eps2", repr(e2), "--K", repr(K), "--Kp", repr(Kp), "--T1", repr(T1), "--T2",
            repr(T2), "--gamma1", repr(g1), "--gamma2", repr(g2)]
    S = []
    for w in W:
        d = json.loads(subprocess.run(base + ["--noise_omega", repr(w)], capture_output=True,
                                      text=True, check=True).stdout)
        S.append(d["heat_noise"])
        if w == 0:
            cum = d["heat_cumulants"]
    return np.array([c[0] for c in cum]), np.array([c[1] for c in cum]), np.array(S).T


fails, worst = 0, 0.0
for k in range(25):
    e1, e2 = rng.uniform(0.2, 3.0, 2)
    K = rng.uniform(-1.5, 1.5)
    Kp = rng.uniform(-0.6, 0.6) if k % 3 else 0.0
    T1, T2 = rng.uniform(0.1, 3.0, 2)
    g1, g2 = rng.uniform(0.1, 1.5, 2)
    pars = (e1, e2, K, Kp, T1, T2, g1, g2)
    I, S = peer(*pars)
    mean, var, Sn = neqent(*pars)
    scale = np.abs(S).max() + np.abs(I).max()
    err = max(np.abs(mean - I).max(), np.abs(var - S[:, 0]).max(), np.abs(Sn - S).max()) / scale
    worst = max(worst, err)
    if not err <= 1e-8:
        fails += 1
        print(f"{pars}: mean {mean} vs {I}, S {Sn.tolist()} vs {S.tolist()}")
print(f"heat counting statistics vs QuTiP countstat: 25 cases, worst relative difference "
      f"{worst:.1e} (tolerance 1e-8), {fails} failed")
sys.exit(1 if fails else 0)
