"""Issue 14's benchmark: heat counting statistics and exact linear response,
neqent (bench_fcs, C) against QuTiP on the same generator, one core.

Per point: the first three cumulants of bath 1's heat and S(omega) at ten
frequencies.  QuTiP 4.7 has particle-current statistics only
(countstat_current_noise; no third cumulant): it is given the
energy-weighted current superoperators (tests/peer/qutip_models.py builds
the Davies generator independently) and asked for the mean and the noise at
the same ten frequencies; its steady state is included.  The numbers are
compared too (after QuTiP's particle "shot" term is replaced by the energy
one, as in tests/peer/test_qutip_fcs.py).  Then the LNEL coefficients:
exact against finite differences, and both against one steady state.
usage: fcs.py BUILD_DIR"""
import json
import os
import subprocess
import sys
import time

import numpy as np
import qutip as qt

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "peer"))
from qutip_models import DIMS, Q_of, davies_groups  # noqa: E402

build = sys.argv[1]
c = json.loads(subprocess.run([os.path.join(build, "bench_fcs")], capture_output=True, text=True,
                              check=True).stdout)
W = [0.2 * w for w in range(10)]


def qutip_point():
    Q = Q_of(1 / 3, 1 / 3, 1.0, 0.0)
    groups = davies_groups(Q, [1.5, 0.5], [1.0, 1.0])
    c_ops = [qt.Qobj(a, dims=DIMS) for grp in groups for a, _ in grp]
    L = qt.liouvillian(qt.Qobj(Q, dims=DIMS), c_ops)
    rho = qt.steadystate(L)
    J = [sum(e * qt.sprepost(qt.Qobj(a, dims=DIMS), qt.Qobj(a, dims=DIMS).dag()) for a, e in grp)
         for grp in groups]
    I, S = qt.countstat_current_noise(L, [], wlist=W, rhoss=rho, J_ops=[J[0]], sparse=False)
    r = rho.full()
    shot = sum(e * e * np.trace(a @ r @ a.conj().T).real for a, e in groups[0])
    return I[0], S[0, 0, :] - I[0] + shot


best = 1e300
for _ in range(5):
    t0 = time.perf_counter()
    I, S = qutip_point()
    best = min(best, time.perf_counter() - t0)
diff = max(abs(I - c["kappa"][0]), np.abs(S - np.array(c["S"])).max()) / abs(S).max()
print(f"counting statistics per point (3 cumulants + S(w) at 10 frequencies; QuTiP: mean + 10 "
      f"noises, no third cumulant):")
print(f"  neqent {c['fcs_us']:.1f} us, QuTiP {best * 1e6:.0f} us: {best * 1e6 / c['fcs_us']:.0f}x; "
      f"numbers agree to {diff:.1e}")
print(f"exact linear response (LNEL alpha, alpha', kappa at T_M = 1): {c['lnel_exact_us']:.1f} us "
      f"= {c['lnel_exact_us'] / c['steady_us']:.2f} steady states ({c['steady_us']:.1f} us); finite "
      f"differences {c['lnel_fd_us']:.1f} us = {c['lnel_fd_us'] / c['steady_us']:.1f} steady states")
