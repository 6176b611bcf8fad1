"""Reference values for neqent's quiroga-fig2 numbers (LNEL coefficients, eps1 = eps2 = eps, K = 1).

T1 = T_M + dT/2, T2 = T_M - dT/2; C(dT) = C_eq + dC dT - alpha dT^2 with C the UNCLAMPED X-state
concurrence 2 max(K1, K2); J1(dT) = kappa dT + O(dT^2) (J1 into the qubits from bath 1).
Model: _qref.py (independent Pauli/Davies model, mpmath 40 digits).
  T_c_eps*:   mpmath findroot of C_u(Gibbs, T) = 0 (largest root; C_u > 0 below, < 0 above up to T = 50),
              checked against 1/asinh(1).
  kappa:      mp.diff (40-digit arithmetic) of J1 at dT = 0; cross-checked against the closed form
              kappa = 1/4 sum_k w_k dn/dT(w_k) / (1 + 2 n(w_k)), w = |eps - 1|, eps + 1 (derived from
              J1 = 1/4 sum_k w_k (1 - e_k)(n1 - n2)(w_k), verified here numerically too).
  alpha:      -1/2 d^2 C_u / d dT^2 at 0 (mp.diff), dC/d dT = 0 checked.
  sign change: alpha(T_M) scanned on [0.3, 1.5] (step 0.01), root polished with mpmath findroot.
Tolerances (what a sound double code meets, the reference being exact to > 20 digits):
  T_c: 1e-12 abs (Brent on a smooth function);
  kappa: 1e-11 abs (first derivative by differences: rounding floor ~1e-14/h, h ~ T_M/64);
  alpha: 1e-9 abs (second derivative: floor ~4e-14/h^2 ~ 2e-10 at h = T_M/64);
  alpha sign change: 1e-8 abs (alpha error 1e-9 divided by |d alpha/d T_M| ~ 0.4, plus root tolerance).
"""
import os
import mpmath as mp
from _qref import Model, nbose, line

mp.mp.dps = 40
out = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'quiroga-fig2.txt'), 'w')
out.write("# quiroga-fig2: name value abs_tol rel_tol source  (written by ref_quiroga-fig2.py)\n"
          "# references at 40 digits; tolerances = what a double-precision finite-difference code meets\n")

def coeffs(m, TM):
    TM = mp.mpf(TM)
    st = lambda d: m.state(TM + d / 2, TM - d / 2)
    kappa = mp.diff(lambda d: st(d)['J1'], 0)
    alpha = -mp.diff(lambda d: st(d)['Cu'], 0, 2) / 2
    dC = mp.diff(lambda d: st(d)['Cu'], 0)
    return kappa, alpha, dC

for eps, tag in ((mp.mpf(3), '3'), (mp.mpf(1) / 3, '1/3')):
    m = Model(eps, eps)
    f = lambda T: __import__('_qref').xconc(m.gibbs(T))
    # largest root: C_u changes sign once on a grid up to T = 50
    grid = [mp.mpf(k) / 20 for k in range(2, 1001)]
    Tc = mp.findroot(f, (mp.mpf(1), mp.mpf('1.3')), solver='anderson')
    assert all(f(T) > 0 for T in grid if T < Tc - mp.mpf('0.01')) and all(f(T) < 0 for T in grid if T > Tc + mp.mpf('0.01'))
    assert abs(Tc - 1 / mp.asinh(1)) < mp.mpf(10) ** -35
    line(out, f"T_c_eps{tag}", Tc, 1e-12, 0,
         "ref_quiroga-fig2.py: mpmath root of the Gibbs-state concurrence (= 1/asinh(1) to 35 digits)")

    kappa, alpha, dC = coeffs(m, 1)
    assert abs(dC) < mp.mpf(10) ** -25
    # closed-form kappa (linearisation of J1 = 1/4 sum w (1 - e)(n1 - n2), e = x/(1+x), x = n1 + n2)
    TM = mp.mpf(1)
    ws = (abs(eps - 1), eps + 1)
    kap_cf = mp.fsum(w * mp.diff(lambda T: nbose(w, T), TM) / (1 + 2 * nbose(w, TM)) for w in ws) / 4
    assert abs(kap_cf - kappa) < mp.mpf(10) ** -25, (kap_cf, kappa)
    T1, T2 = mp.mpf('1.3'), mp.mpf('0.45')
    J9 = mp.fsum(w * (1 - (nbose(w, T1) + nbose(w, T2)) / (1 + nbose(w, T1) + nbose(w, T2)))
                 * (nbose(w, T1) - nbose(w, T2)) for w in ws) / 4
    assert abs(J9 - m.state(T1, T2)['J1']) < mp.mpf(10) ** -30
    line(out, f"kappa_T_M=1_eps{tag}", kappa, 1e-11, 0,
         "ref_quiroga-fig2.py: mp.diff of the steady-state J1 at dT=0 (40 digits), = closed form 1/4 sum w n'(w)/(1+2n)")
    line(out, f"alpha_T_M=1_eps{tag}", alpha, 1e-9, 0,
         "ref_quiroga-fig2.py: -1/2 mp.diff^2 of the unclamped steady-state concurrence at dT=0 (40 digits)")

    # sign change of alpha in T_M in [0.3, 1.5]
    Ts = [mp.mpf('0.3') + mp.mpf(k) / 100 for k in range(121)]
    al = [coeffs(m, T)[1] for T in Ts]
    roots = []
    for k in range(len(Ts) - 1):
        if (al[k] > 0) != (al[k + 1] > 0):
            r = mp.findroot(lambda T: coeffs(m, T)[1], (Ts[k], Ts[k + 1]), solver='anderson')
            slope = mp.diff(lambda T: coeffs(m, T)[1], r)
            print(f"# eps={tag}: alpha changes sign at T_M = {mp.nstr(r, 20)}, d alpha/d T_M = {mp.nstr(slope, 6)}")
            roots.append(r)
    print(f"# eps={tag}: alpha on [0.3,1.5]: min {mp.nstr(min(al), 6)} max {mp.nstr(max(al), 6)}; roots {len(roots)}")
    assert len(roots) <= 1
    if roots:
        line(out, f"alpha_sign_change_T_M_eps{tag}", roots[0], 1e-8, 0,
             "ref_quiroga-fig2.py: scan of alpha(T_M) step 0.01 + mpmath findroot (40 digits)")
    else:
        line(out, f"alpha_sign_change_T_M_eps{tag}", None, 0, 0,
             "ref_quiroga-fig2.py: alpha(T_M) has no sign change on [0.3, 1.5] (scan step 0.01): nan expected")
out.close()
