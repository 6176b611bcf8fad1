"""Reference values for neqent's bellomo-fig3a numbers: the marked point of the paper's Fig. 3(a), i.e.
the maximum of C along the line z2 = z1 = 1 um of Fig. 4(a) (SiC slab 0.01 um, w = 0.3 x 1.495e14 rad/s,
r12 = 0.25 um, z dipoles, T_W = 30 K): Gamma_A/Gamma_S there, n_S and n_A of eq. (9) at the T_M that
maximises eq. (12), and eq. (12) at those n_S, n_A (= C_max_line of Fig. 4(a)).

Model and method: _bref.py (independent EM functions: contour Sommerfeld integral + propagating integrals,
cross-checked against bench/em.py to 2e-11), eq. (9), eq. (12), mpmath maximisation in T_M.
Tolerances: as in ref_bellomo-fig4a.py: max(3 x spread under random 1e-10 relative perturbations of every
EM entry (what a code integrating each entry to 1e-10 meets), argmax flatness at dC = 1e-14 mapped
through n(T_M), own accuracy 1e-12 relative), rounded up to one digit.
"""
import os
import numpy as np
import mpmath as mp
from _bref import Geometry, perturbed, line_outputs, _nSA_mp, eq12, ceil1

mp.mp.dps = 30
g = Geometry(1e-6, 1e-6, 0.25e-6)
L = line_outputs(g, mp)
C12 = eq12(L['n_S_line'], L['n_A_line'], mp.mpf(g.GammaS), mp.mpf(g.GammaA), mp)[0]
ref = dict(Gamma_A_over_Gamma_S=L['Gamma_A_over_Gamma_S_line'], n_S_line=L['n_S_line'],
           n_A_line=L['n_A_line'], C_eq12_at_mark=C12)
rng = np.random.default_rng(1)
dev = dict.fromkeys(ref, 0.0)
for _ in range(12):
    Lp = line_outputs(perturbed(g, rng.uniform(-1e-10, 1e-10, 7)))
    Lp['Gamma_A_over_Gamma_S'], Lp['C_eq12_at_mark'] = Lp['Gamma_A_over_Gamma_S_line'], Lp['C_max_line']
    for k in ref:
        dev[k] = max(dev[k], abs(float(Lp[k]) - float(ref[k])))
T0 = L['T_M_at_max_line']
c2 = -mp.diff(lambda T: eq12(*_nSA_mp(g, T), g.GammaS, g.GammaA, mp)[1], T0, 2)
dT = mp.sqrt(2e-14 / c2)
flat = dict(n_S_line=float(abs(mp.diff(lambda T: _nSA_mp(g, T)[0], T0)) * dT),
            n_A_line=float(abs(mp.diff(lambda T: _nSA_mp(g, T)[1], T0)) * dT))
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'bellomo-fig3a.txt'), 'w') as fo:
    fo.write("# bellomo-fig3a: name value abs_tol rel_tol source  (written by ref_bellomo-fig3a.py)\n"
             f"# the mark: T_M = {mp.nstr(T0, 15)} K on the line z2 = z1 = 1 um; abs_tol = max(3 x EM-perturbation"
             " spread, argmax flatness, 1e-12 x |value|) rounded up\n")
    for k, v in ref.items():
        tol = ceil1(max(3 * dev[k], flat.get(k, 0.0), 1e-12 * abs(float(v))))
        s = (f"{k} {'%.17g' % float(v)} {tol:g} 0 ref_bellomo-fig3a.py: independent EM (_bref.py) + eq. (9)"
             f" + eq. (12) maximised in T_M (mpmath) [EM spread {dev[k]:.1e}, flatness {flat.get(k, 0):.1e}]")
        print(s)
        fo.write(s + "\n")
