"""Reference values for neqent's quiroga-fig3 numbers: T_M = 0.5 T_c, T_c = 1/asinh(1), eps1 = eps2 = eps
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
from _qgradient import write

write("quiroga-fig3", "0.5")
