"""Reference values for neqent's quiroga-noise numbers: the heat current's
fluctuations at the largest gradient of Quiroga's Fig. 4 line.

Model: _qref.py (the Davies model as a 4-state Pauli master equation in
mpmath, 40 digits).  eps1 = eps2 = eps in {1/3, 3}, K = 1, T_M = 0.9 T_c
(T_c = 1/asinh(1)), dT = 1.96 T_M, T1 = T_M + dT/2, T2 = T_M - dT/2.
Counting bath 1's heat: a jump a -> b through bath 1 hands E_b - E_a to the
qubits, so the tilted rate matrix has off-diagonal entries
W1[b][a] e^{s (E_b - E_a)} + W2[b][a] and the untilted escape rates on the
diagonal.  Its largest eigenvalue lambda(s) (mpmath eig) is the scaled
cumulant generating function; var = lambda''(0), kappa3 = lambda'''(0) by
mp.diff at 40 digits (checked: lambda'(0) = J1 of the steady state);
tur = sigma var / J1^2, sigma = -J1/T1 - J2/T2.  A different route from
neqent's (the recursive Drazin-inverse scheme on the full Liouvillian).
Tolerance: 1e-10 relative (neqent's cumulants come from two solves in
double precision on a well-conditioned 16 x 16 system)."""
import os
import mpmath as mp
from _qref import Model, line

mp.mp.dps = 40
out = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'quiroga-noise.txt'), 'w')
out.write("# quiroga-noise: name value abs_tol rel_tol source  (written by ref_quiroga-noise.py)\n"
          "# 40-digit Pauli model; cumulants by mp.diff of the tilted rate matrix's eigenvalue\n")

TM = mp.mpf('0.9') / mp.asinh(1)
dT = mp.mpf('1.96') * TM
T1, T2 = TM + dT / 2, TM - dT / 2
for eps, tag in ((mp.mpf(1) / 3, 'eps1/3'), (mp.mpf(3), 'eps3')):
    m = Model(eps, eps)
    W1, W2 = m.rates(0, T1), m.rates(1, T2)

    def lam(s):
        G = mp.matrix(4, 4)
        for a in range(4):
            for b in range(4):
                if a != b:
                    G[b, a] = W1[b][a] * mp.exp(s * (m.E[b] - m.E[a])) + W2[b][a]
            G[a, a] = -mp.fsum(W1[b][a] + W2[b][a] for b in range(4) if b != a)
        ev = mp.eig(G)[0]
        return max(mp.re(e) for e in ev)

    st = m.state(T1, T2)
    k1, k2, k3 = (mp.diff(lam, 0, n) for n in (1, 2, 3))
    assert abs(k1 - st['J1']) < mp.mpf(10) ** -25, (k1, st['J1'])
    sigma = -st['J1'] / T1 - st['J2'] / T2
    src = "ref_quiroga-noise.py: mp.diff of the tilted Pauli rate matrix's largest eigenvalue (40 digits)"
    line(out, f"var_dT=1.96T_M_{tag}", k2, 0, 1e-10, src)
    line(out, f"kappa3_dT=1.96T_M_{tag}", k3, 0, 1e-10, src)
    line(out, f"tur_dT=1.96T_M_{tag}", sigma * k2 / k1 ** 2, 0, 1e-10, src + "; sigma = -J1/T1 - J2/T2")
out.close()
