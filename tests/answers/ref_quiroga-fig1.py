"""Reference values for neqent's quiroga-fig1 numbers (K = 1, flat gamma = 1, global Davies ME).

C_eq_T1_eps*: concurrence of the Gibbs state exp(-H/T)/Z at T = 1 (mpmath 40 digits, X-state
  formula, checked against the full Wootters formula and against the T1 = T2 = 1 steady state of the
  independent Pauli model of _qref.py), eps1 = eps2 = 1/3 and 3.
border_*: corrected eq. (8) (docs/physics.md; the populations are also checked here against the
  _qref.py steady state at an arbitrary (T1, T2)): C = 0 borders at e1 = 1/2, solved in closed form
  eps < 1: (1 - (e1+e2)/2)^2 = e1 e2 (1 - e1/2)(1 - e2/2)  ->  e2 = (9 - 3 sqrt 2)/7
  eps > 1: (e2 - e1)^2 / 4    = e1 e2 (1 - e1/2)(1 - e2/2)  ->  e2 = (5 - 3 sqrt 2)/7 (lower root)
  and cross-checked by mpmath root finding of the concurrence built from the populations.
Tolerances: these are closed-form / 40-digit values; a double-precision code (Gibbs state or steady
  state + Wootters, Brent roots) should meet 1e-12 absolute (values are O(0.1..1)).
"""
import os
import mpmath as mp
from _qref import Model, xconc, wootters, line

mp.mp.dps = 40
out = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'quiroga-fig1.txt'), 'w')
out.write("# quiroga-fig1: name value abs_tol rel_tol source  (written by ref_quiroga-fig1.py)\n"
          "# tolerance 1e-12 abs: exact/40-digit references; a double code meets ~1e-14\n")

for eps, tag in ((mp.mpf(1) / 3, '1/3'), (mp.mpf(3), '3')):
    m = Model(eps, eps)
    rg = m.gibbs(1)
    C = max(mp.mpf(0), xconc(rg))
    Css = m.state(1, 1)['C']                      # steady state at T1 = T2 = 1 must be Gibbs
    assert abs(C - Css) < mp.mpf(10) ** -30 and abs(wootters(rg) - float(C)) < 1e-14
    line(out, f"C_eq_T1_eps{tag}", C, 1e-12, 0,
         "ref_quiroga-fig1.py: concurrence of the Gibbs state (mpmath 40 digits), = Pauli steady state at T1=T2=1")

# check the corrected eq. (8) against the steady state (eps < 1 and eps > 1, arbitrary T1, T2)
for eps in (mp.mpf(1) / 3, mp.mpf(3)):
    m = Model(eps, eps)
    T1, T2 = mp.mpf('0.7'), mp.mpf('0.25')
    w1, w2 = abs(eps - 1), eps + 1
    x = [1 / mp.expm1(w / T1) + 1 / mp.expm1(w / T2) for w in (w1, w2)]   # n1(w) + n2(w)
    e1, e2 = [v / (1 + v) for v in x]                                       # e(w1), e(w2)
    st = m.state(T1, T2)
    rho = st['rho']
    # eq. (8) corrected, eps < 1: C = 2 max(0, |r33 - r44|/2 - sqrt(r11 r22)), r11 = e1/2(1-e2/2),
    # r22 = (1-e1/2) e2/2, r33 = e1 e2/4, r44 = (1-e1/2)(1-e2/2); eps > 1: r11 <-> r44, r22 <-> r33
    r11, r22, r33, r44 = e1 / 2 * (1 - e2 / 2), (1 - e1 / 2) * e2 / 2, e1 * e2 / 4, (1 - e1 / 2) * (1 - e2 / 2)
    if eps > 1:
        r11, r44, r22, r33 = r44, r11, r33, r22
    C8 = 2 * (abs(r33 - r44) / 2 - mp.sqrt(r11 * r22))
    assert abs(C8 - st['Cu']) < mp.mpf(10) ** -30, (C8, st['Cu'])
    assert max(abs(a - b) for a, b in zip(sorted(st['p']), sorted([r11, r22, r33, r44]))) < mp.mpf(10) ** -30

e1 = mp.mpf(1) / 2
f_lt = lambda e2: (1 - (e1 + e2) / 2) ** 2 - e1 * e2 * (1 - e1 / 2) * (1 - e2 / 2)
f_gt = lambda e2: (e2 - e1) ** 2 / 4 - e1 * e2 * (1 - e1 / 2) * (1 - e2 / 2)
b_lt, b_gt = (9 - 3 * mp.sqrt(2)) / 7, (5 - 3 * mp.sqrt(2)) / 7
assert abs(mp.findroot(f_lt, (0, 1), solver='anderson') - b_lt) < mp.mpf(10) ** -30
assert abs(mp.findroot(f_gt, (0, 0.5), solver='anderson') - b_gt) < mp.mpf(10) ** -30
assert abs(f_lt(b_lt)) < mp.mpf(10) ** -35 and abs(f_gt(b_gt)) < mp.mpf(10) ** -35
line(out, "border_eps<1_e2_at_e1=0.5", b_lt, 1e-12, 0,
     "ref_quiroga-fig1.py: closed-form root (9-3sqrt2)/7 of the corrected eq.(8) border, checked by mpmath findroot")
line(out, "border_eps>1_e2_at_e1=0.5", b_gt, 1e-12, 0,
     "ref_quiroga-fig1.py: closed-form lower root (5-3sqrt2)/7 of the corrected eq.(8) border, checked by mpmath findroot")
out.close()
