"""neqent's HEOM steady state against QuTiP's HEOMSolver (Debian
python3-qutip 4.7, qutip.nonmarkov.heom), on the two-qubit, two-bath model
with Drude-Lorentz baths (include/neqent/heom.h).

The peer side is built independently: the Hamiltonian Q of eq. (5) and the
couplings sigma_x_j in numpy (tests/peer/qutip_models.py); bath j is
QuTiP's own DrudeLorentzPadeBath or DrudeLorentzBath (Matsubara)
(SX[j], lam_j = gamma_j lambda, gamma = cutoff, T_j, Nk), its terminator
(bath.terminator() -> (delta_j, L_j)) added to liouvillian(Q), and
HEOMSolver(..., max_depth).steady_state() gives rho and every ADO.  The
heat currents come from the first-tier ADOs with the formula of QuTiP's
heat-transport tutorial (HEOM example 3; Kato & Tanimura, J. Chem. Phys.
145, 224105 (2016)):
  j_B = sum_{level-1 labels of bath j} vk Tr(Q_j rho_n)
        - 2 (sum of bath j's imaginary coefficients: ck of type I, ck2 of
             type RI) Tr(Q_j^2 rho) - i delta_j Tr([a, Q_j] rho),
  a = i[H, Q_j].
The tutorial defines j_B = d<H_B^j>/dt, the heat flowing from the qubits
into bath j, so neqent's "energy into the qubits from bath j" is
J_j = -j_B (checked by physics: J_1 > 0 when bath 1 is the hotter one, and
J_1 ~ -J_2).  The ADO count is len(ado_state.labels).  As a diagnostic
that localises any disagreement, the expansion (c_k, nu_k, delta) from
neq_drude_expansion is also compared with the QuTiP bath's exponents.

Compared with `neqent validity baths --json --heom_tol 0 ...` (fixed
hierarchy, no convergence loop; --heom_depth is QuTiP's max_depth): rho
(max |entry| difference), the concurrence, the purity and both heat
currents (relative to max |J|) to 1e-8.  Both sides solve the same finite
linear system (same exponents, same truncation, same terminator) directly,
so only rounding in the sparse solvers separates them; the systems are
small (at most 7392 complex unknowns) and well conditioned, and the
observed differences are ~1e-14.  Six cases, both expansions, both temperature orders, K, Kp,
eps1 != eps2 and gamma1 != gamma2 in some; kept small (Nk 1-2, depth 3-5,
at most 462 ADOs) so QuTiP's Python-level construction stays fast."""
import ctypes as ct
import json
import os
import subprocess
import sys
import time

import numpy as np
import qutip as qt
from qutip.nonmarkov.heom import (BathExponent, DrudeLorentzBath, DrudeLorentzPadeBath,
                                  HEOMSolver)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qutip_models import DIMS, SX, Q_of, heom_heat_currents  # noqa: E402

lib = sys.argv[1]
BIN = os.path.join(os.path.dirname(os.path.abspath(lib)), "neqent")
TOL = 1e-8

# (expansion, Nk, depth, eps1, eps2, K, Kp, T1, T2, gamma1, gamma2, lambda, cutoff).
# Every case is close enough to convergence that the heat flows from the
# hotter bath (the sign check below): a too-short expansion need not do so
# (e.g. Matsubara Nk = 2 at T1 = 0.3, cutoff 4.5 gives J1 > 0 with T1 < T2
# on both sides, and neqent warns of negative entropy production).
CASES = [
    ("pade", 1, 3, 1.0, 0.8, 0.3, 0.1, 2.0, 0.5, 1.0, 1.0, 0.05, 1.3),
    ("pade", 2, 3, 1.2, 1.5, -0.4, 0.0, 0.4, 1.1, 1.0, 1.0, 0.02, 3.0),
    ("matsubara", 1, 4, 1.0, 1.0, 0.2, -0.15, 1.5, 0.7, 1.0, 1.0, 0.1, 0.7),
    ("matsubara", 2, 3, 2.0, 1.0, 0.8, 0.3, 0.6, 1.4, 1.0, 1.0, 0.03, 2.5),
    ("pade", 2, 4, 1.0, 0.6, 0.5, -0.2, 3.0, 0.25, 1.0, 1.0, 0.1, 0.9),
    ("pade", 2, 5, 0.7, 1.3, 0.9, 0.05, 1.6, 0.4, 0.5, 2.0, 0.03, 1.7),
]


LIB = ct.CDLL(lib)
LIB.neq_drude_expansion.argtypes = [ct.c_double, ct.c_double, ct.c_double, ct.c_int, ct.c_int,
                                    ct.c_void_p, ct.c_void_p, ct.c_void_p]


def neq_expansion(lam, gc, T, kind, nk):
    """neq_drude_expansion: c[0..nk], nu[0..nk] and the terminator's delta."""
    c = np.zeros(nk + 1, complex)
    nu = np.zeros(nk + 1)
    delta = ct.c_double()
    rc = LIB.neq_drude_expansion(lam, gc, T, 1 if kind == "pade" else 0, nk, c.ctypes.data,
                               nu.ctypes.data, ct.byref(delta))
    if rc != 0:
        raise RuntimeError(f"neq_drude_expansion status {rc}")
    return c, nu, delta.value


def qutip_expansion(bath):
    """(c_k, nu_k) of the full correlation C(t) = sum c_k e^{-nu_k t}."""
    terms = {}
    for e in bath.exponents:
        if e.type == BathExponent.types["R"]:
            ck = e.ck
        elif e.type == BathExponent.types["I"]:
            ck = 1j * e.ck
        else:  # RI
            ck = e.ck + 1j * e.ck2
        terms[e.vk] = terms.get(e.vk, 0) + ck
    nu = np.array(sorted(terms))
    return np.array([terms[v] for v in nu]), nu


def peer(kind, nk, depth, e1, e2, K, Kp, T1, T2, g1, g2, lam, gc):
    H = qt.Qobj(Q_of(e1, e2, K, Kp), dims=DIMS)
    Bath = DrudeLorentzPadeBath if kind == "pade" else DrudeLorentzBath
    Qs = [qt.Qobj(s, dims=DIMS) for s in SX]
    baths = [Bath(Qs[j], g * lam, gc, T, nk, tag=j)
             for j, (T, g) in enumerate(((T1, g1), (T2, g2)))]
    L = qt.liouvillian(H)
    deltas = []
    for b in baths:
        delta, Lt = b.terminator()
        L = L + Lt
        deltas.append(delta)
    solver = HEOMSolver(L, baths, depth, options=qt.Options(nsteps=15000, atol=1e-12, rtol=1e-12))
    rho, ados = solver.steady_state()
    jB = heom_heat_currents(H, Qs, deltas, ados)
    jB = np.array(jB)
    assert np.abs(jB.imag).max() <= 1e-12 * max(np.abs(jB).max(), 1e-300), jB
    r = rho.full()
    return {"rho": r, "C": qt.concurrence(rho), "P": np.trace(r @ r).real, "J": -jB.real,
            "n_ados": len(ados.labels),
            "baths": baths, "deltas": np.real(deltas)}


def neqent(kind, nk, depth, e1, e2, K, Kp, T1, T2, g1, g2, lam, gc):
    cmd = [BIN, "validity", "baths", "--json", "--heom_tol", "0", "--heom_terms", str(nk),
           "--heom_depth", str(depth), "--heom_expansion", kind, "--heom_terminator", "on",
           "--eps1", repr(e1), "--eps2", repr(e2), "--K", repr(K), "--Kp", repr(Kp),
           "--T1", repr(T1), "--T2", repr(T2), "--gamma1", repr(g1), "--gamma2", repr(g2),
           "--lambda", repr(lam), "--cutoff", repr(gc)]
    d = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)["heom"]
    rho = np.array([[complex(re, im) for re, im in row] for row in d["rho"]])
    return {"rho": rho, "C": d["concurrence"], "P": d["purity"], "J": np.array(d["heat_current"]),
            "n_ados": d["settings"]["n_ados"], "terms": d["settings"]["terms per bath"]}


fails = ado_mismatch = 0
worst = {"exp": 0.0, "rho": 0.0, "C": 0.0, "P": 0.0, "J": 0.0}
t_peer = t_neq = 0.0
for case in CASES:
    kind, nk, depth, e1, e2, K, Kp, T1, T2, g1, g2, lam, gc = case
    t0 = time.perf_counter()
    p = peer(*case)
    t1 = time.perf_counter()
    n = neqent(*case)
    t2 = time.perf_counter()
    t_peer += t1 - t0
    t_neq += t2 - t1
    # the expansion itself (diagnostic, same tolerance)
    err_exp = 0.0
    for j, (T, g) in enumerate(((T1, g1), (T2, g2))):
        cq, nq = qutip_expansion(p["baths"][j])
        c, nu, delta = neq_expansion(g * lam, gc, T, kind, nk)
        o = np.argsort(nu)
        scale = np.abs(cq).max()
        err_exp = max(err_exp, np.abs(nu[o] - nq).max() / nq.max(),
                      np.abs(c[o] - cq).max() / scale, abs(delta - p["deltas"][j]) / (g * lam))
    err = {"exp": err_exp,
           "rho": np.abs(n["rho"] - p["rho"]).max(),
           "C": abs(n["C"] - p["C"]),
           "P": abs(n["P"] - p["P"]),
           "J": np.abs(n["J"] - p["J"]).max() / np.abs(p["J"]).max()}
    for k in worst:
        worst[k] = max(worst[k], err[k])
    # the sign relation J_j = -j_B: heat enters the qubits from the hotter bath
    physical = p["J"][0] * (T1 - T2) > 0 and abs(p["J"][0] + p["J"][1]) < 0.1 * abs(p["J"][0])
    same_size = n["n_ados"] == p["n_ados"] and n["terms"] == nk + 1
    ado_mismatch += not same_size
    why = [k for k, v in err.items() if not v <= TOL] + ([] if same_size else ["ADO count"]) + (
        [] if physical else ["peer heat flows from the colder bath"])
    print(f"  {case}: ADOs {n['n_ados']}/{p['n_ados']}, J {n['J']} vs {p['J']}, "
          f"C {n['C']:.6g} vs {p['C']:.6g}, errors " +
          ", ".join(f"{k} {v:.1e}" for k, v in err.items()) +
          f"; QuTiP {t1 - t0:.2f} s, neqent {t2 - t1:.3f} s")
    if why:
        fails += 1
        print(f"  FAILED: {case}: {', '.join(why)}")
print(f"HEOM steady state vs QuTiP HEOMSolver: {len(CASES)} cases, worst differences rho "
      f"{worst['rho']:.1e}, concurrence {worst['C']:.1e}, purity {worst['P']:.1e}, "
      f"heat {worst['J']:.1e} (relative), "
      f"expansion {worst['exp']:.1e} (tolerance {TOL:.0e}), ADO counts "
      f"{'match' if ado_mismatch == 0 else 'DIFFER'}; wall time QuTiP {t_peer:.1f} s, "
      f"neqent {t_neq:.2f} s; {fails} failed")
sys.exit(1 if fails else 0)
