"""Reference values for neqent's quiroga-fig4 numbers: T_M = 0.9 T_c, T_c = 1/asinh(1), eps1 = eps2 = eps
in {1/3, 3}, K = 1, gamma = 1, global Davies ME; T1 = T_M + dT/2, T2 = T_M - dT/2.
  C_dT=0:          Wootters concurrence (clamped) of the steady state at dT = 0 (= Gibbs state)
  C, J, dSdt at dT = 1.96 T_M: steady state of the independent Pauli model _qref.py in mpmath (40 digits);
                   J = J1 (into the qubits from bath 1), dSdt = -J1/T1 - J2/T2.
  Checks: X-state concurrence = full Wootters formula (numpy) to 1e-14; J1 + J2 = 0; J1 equals the closed
  form 1/4 sum_k w_k (1 - e_k)(n1 - n2)(w_k); and a QuTiP 4.7.1 steady state of the full Davies
  Liouvillian (built here operator by operator) agrees to its solver accuracy (1e-10).
Tolerances: exact to > 25 digits here; a double-precision steady state (QR) + Wootters (SVD) gives
  ~1e-15 absolute in C and ~1e-15 relative in J; allowed: C 1e-13 abs; J and dSdt 1e-12 abs + 1e-10 rel
  (T2 = 0.02 T_M is small, so dSdt = J1 (1/T2 - 1/T1) carries J1's relative error).
"""
import os
import mpmath as mp
from _qref import Model, nbose, wootters, line
from _qref_qutip import qutip_check

mp.mp.dps = 40
FRAC = mp.mpf('0.9')
out = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'quiroga-fig4.txt'), 'w')
out.write("# quiroga-fig4: name value abs_tol rel_tol source  (written by ref_quiroga-fig4.py)\n"
          "# references at 40 digits; tolerances = what a double-precision steady-state code meets\n")
Tc = 1 / mp.asinh(1)
TM = FRAC * Tc
for eps, tag in ((mp.mpf(1) / 3, '1/3'), (mp.mpf(3), '3')):
    m = Model(eps, eps)
    name = f"eps{tag}_T_M=0.9" + "T_c"
    s0 = m.state(TM, TM)
    assert abs(wootters(s0['rho']) - float(s0['C'])) < 1e-14
    line(out, f"C_dT=0_{name}", s0['C'], 1e-13, 0, "ref_quiroga-fig4.py: steady state (= Gibbs) of the mpmath Pauli model, X-state concurrence")
    dT = mp.mpf('1.96') * TM
    T1, T2 = TM + dT / 2, TM - dT / 2
    s = m.state(T1, T2)
    assert abs(wootters(s['rho']) - float(s['C'])) < 1e-14 and abs(s['J1'] + s['J2']) < mp.mpf(10) ** -35
    ws = (abs(eps - 1), eps + 1)
    J9 = mp.fsum(w * (1 - (nbose(w, T1) + nbose(w, T2)) / (1 + nbose(w, T1) + nbose(w, T2)))
                 * (nbose(w, T1) - nbose(w, T2)) for w in ws) / 4
    assert abs(J9 - s['J1']) < mp.mpf(10) ** -35
    qutip_check(float(eps), float(eps), float(T1), float(T2), s)
    sig = -s['J1'] / T1 - s['J2'] / T2
    line(out, f"C_dT=1.96T_M_{name}", s['C'], 1e-13, 0, "ref_quiroga-fig4.py: steady state of the mpmath Pauli model (QuTiP Davies check)")
    line(out, f"J_dT=1.96T_M_{name}", s['J1'], 1e-12, 1e-10, "ref_quiroga-fig4.py: J1 of the mpmath Pauli model = closed form 1/4 sum w(1-e)(n1-n2)")
    line(out, f"dSdt_dT=1.96T_M_{name}", sig, 1e-12, 1e-10, "ref_quiroga-fig4.py: -J1/T1 - J2/T2 from the mpmath Pauli model")
out.close()
