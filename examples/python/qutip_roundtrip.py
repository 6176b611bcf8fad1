"""neqent next to QuTiP: the rates of two qubits near the slab from neqent,
master equation (1) built and solved in QuTiP, and the same generator solved
by neqent.steadystate (Qobj in, Qobj out), against neqent.body.

Run: PYTHONPATH=build/python python3 examples/python/qutip_roundtrip.py"""
import numpy as np
import qutip as qt

import neqent

rates = neqent.rates(TM=1000)                     # alpha_W, alpha_M, Lambda: 2 x 2 complex
Gp, Gm, Lam = rates.gamma_plus, rates.gamma_minus, rates.Lambda
# neqent's basis has |1> = excited, so QuTiP's sigmap() = |0><1| is the lowering s^-
sm = [qt.tensor(qt.sigmap(), qt.qeye(2)), qt.tensor(qt.qeye(2), qt.sigmap())]
H = Lam[0, 1] * sm[0].dag() * sm[1] + Lam[1, 0] * sm[1].dag() * sm[0]
c_ops = []
for G, ops in ((Gp, sm), (Gm, [s.dag() for s in sm])):  # emission, absorption: eq. (4)
    w, U = np.linalg.eigh(G)
    c_ops += [np.sqrt(w[k]) * (np.conj(U[0, k]) * ops[0] + np.conj(U[1, k]) * ops[1])
              for k in range(2) if w[k] > 1e-12 * w.max()]
rho_qutip = qt.steadystate(H, c_ops).full()      # arrays: Qobj arithmetic rounds to 1e-14
rho_engine = neqent.steadystate(H, c_ops)         # a Qobj in gives a Qobj out
rho_model = neqent.body(TM=1000).rho              # the model's own state
d_engine = np.abs(rho_qutip - rho_engine.full()).max()
d_model = np.abs(rho_qutip - rho_model).max()
print(f"QuTiP vs neqent.steadystate: {d_engine:.1e}")
print(f"QuTiP vs neqent.body:        {d_model:.1e}")
print(f"concurrence: QuTiP {qt.concurrence(neqent.to_qutip(rho_qutip)):.12f}, "
      f"neqent {neqent.concurrence(rho_model):.12f}")
print(f"ROUNDTRIP {max(d_engine, d_model)!r}")
