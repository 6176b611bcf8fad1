"""The shared computation of the quiroga-fig3 and quiroga-fig4 references
(the same four numbers at T_M = 0.5 T_c and 0.9 T_c): see those scripts'
docstrings for the method and the tolerances."""
import os
import mpmath as mp
from _qref import Model, nbose, wootters, line
from _qref_qutip import qutip_check


def write(figure, frac):
    """Writes tests/answers/FIGURE.txt for T_M = frac T_c."""
    mp.mp.dps = 40
    FRAC = mp.mpf(frac)
    script = f"ref_{figure}.py"
    out = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), f'{figure}.txt'), 'w')
    out.write(f"# {figure}: name value abs_tol rel_tol source  (written by {script})\n"
              "# references at 40 digits; tolerances = what a double-precision steady-state code meets\n")
    Tc = 1 / mp.asinh(1)
    TM = FRAC * Tc
    for eps, tag in ((mp.mpf(1) / 3, '1/3'), (mp.mpf(3), '3')):
        m = Model(eps, eps)
        name = f"eps{tag}_T_M={frac}" + "T_c"
        s0 = m.state(TM, TM)
        assert abs(wootters(s0['rho']) - float(s0['C'])) < 1e-14
        line(out, f"C_dT=0_{name}", s0['C'], 1e-13, 0, f"{script}: steady state (= Gibbs) of the mpmath Pauli model, X-state concurrence")
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
        line(out, f"C_dT=1.96T_M_{name}", s['C'], 1e-13, 0, f"{script}: steady state of the mpmath Pauli model (QuTiP Davies check)")
        line(out, f"J_dT=1.96T_M_{name}", s['J1'], 1e-12, 1e-10, f"{script}: J1 of the mpmath Pauli model = closed form 1/4 sum w(1-e)(n1-n2)")
        line(out, f"dSdt_dT=1.96T_M_{name}", sig, 1e-12, 1e-10, f"{script}: -J1/T1 - J2/T2 from the mpmath Pauli model")
    out.close()
