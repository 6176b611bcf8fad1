"""The Lamb shift (`neqent baths --lamb-shift`, ohmic baths) against an
independent construction, for the Redfield, local and global master
equations.

Independent of neqent on both counts:
- S(w) = (1/2 pi) P int gamma(v)/(w - v) dv is integrated numerically by
  mpmath (30 digits; the principal value by subtracting f(w) over
  [0, 2w]), not summed in closed form as neqent does.
- Redfield is built in its commutator form, L(rho) = -i[Q, rho]
  - sum_j [X_j, Lam_j rho - rho Lam_j^+], Lam_j = Gamma_j(w_ba) o X_j
  elementwise in Q's eigenbasis, Gamma = gamma/2 + i S (Breuer &
  Petruccione eq. 3.118 with 3.137), where neqent uses a Kossakowski matrix.
  Bath j's heat current is Tr{Q D_j(rho)} with D_j = -[X_j, Lam_j rho -
  rho Lam_j^+], its whole second-order term.
- The local equation: QuTiP's liouvillian and steadystate with
  H = Q + sum_j (S_j(e_j) s+s- + S_j(-e_j) s-s+)_j, rates at the bare e_j;
  the shift of qubit j counts in J_j, so J_j = Tr{Q (D_j(rho) - i[HLS_j,
  rho])}.
- The global (Davies) equation: QuTiP with the Davies jumps of numpy's
  eigendecomposition and H_LS = sum_w S(w) A^+A + S(-w) A A^+ per bath.

rho (the 16 entries) and J1, J2 agree to 1e-9 relative to their scale: the
steady states are well conditioned here (gap > 1e-3), and both S(w) routes
are good to better than 1e-12."""
import json
import os
import subprocess
import sys

import mpmath as mp
import numpy as np
import qutip as qt

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qutip_models import DIMS, SM, SX, Q_of, nbar  # noqa: E402

mp.mp.dps = 30
lib = sys.argv[1]
BIN = os.path.join(os.path.dirname(os.path.abspath(lib)), "neqent")
rng = np.random.default_rng(2021)


def J_ohmic(v, g, wc):
    return g * v * mp.exp(-v / wc)


def lamb(w, T, g, wc):
    """S(w) by numerical principal values."""
    def n(v):
        return 1 / mp.expm1(v / T) if T > 0 else mp.mpf(0)

    def f_em(v):
        return J_ohmic(v, g, wc) * (n(v) + 1)

    def f_ab(v):
        return J_ohmic(v, g, wc) * n(v)

    def pv(f, c):  # P int_0^inf f(v) / (c - v) dv
        if c <= 0:
            return mp.quad(lambda v: f(v) / (c - v), [0, mp.inf])
        fc = f(c)
        return (mp.quad(lambda v: (f(v) - fc) / (c - v), [0, c, 2 * c])
                + mp.quad(lambda v: f(v) / (c - v), [2 * c, mp.inf]))

    w = mp.mpf(w)
    if w == 0:  # the two poles at v = 0 cancel: -(1/2pi) int J/v
        return float(-mp.quad(lambda v: J_ohmic(v, g, wc) / v, [0, mp.inf]) / (2 * mp.pi))
    # emission part 1/(w - v); absorption part 1/(w + v) = -1/(-w - v)
    return float((pv(f_em, w) - pv(f_ab, -w)) / (2 * mp.pi))


def rate(w, T, g, wc):
    """gamma(w): emission for w > 0, absorption for w < 0, dephasing at 0."""
    if abs(w) < 1e-9:
        return g * T
    v = abs(w)
    J = g * v * np.exp(-v / wc)
    return J * (1 + nbar(v, T)) if w > 0 else J * nbar(v, T)


def liouvillian(fn):
    """The 16 x 16 matrix (column-stacked vec) of rho -> fn(rho)."""
    M = np.zeros((16, 16), complex)
    for k in range(16):
        E = np.zeros(16, complex)
        E[k] = 1
        M[:, k] = fn(E.reshape(4, 4, order="F")).reshape(16, order="F")
    return M


def kernel(M):
    _, s, vh = np.linalg.svd(M)
    rho = vh[-1].conj().reshape(4, 4, order="F")
    return rho / np.trace(rho)


def redfield(Q, T, g, wc):
    E, V = np.linalg.eigh(Q)
    W = E[None, :] - E[:, None]  # W[a, b] = E_b - E_a
    Lam = []
    for j in range(2):
        Xe = V.conj().T @ SX[j] @ V
        G = np.zeros((4, 4), complex)
        cache = {}
        for a in range(4):
            for b in range(4):
                if abs(Xe[a, b]) > 1e-14:
                    w = 0.0 if abs(W[a, b]) < 1e-9 else W[a, b]
                    key = round(w, 9)
                    if key not in cache:
                        cache[key] = rate(w, T[j], g[j], wc) / 2 + 1j * lamb(w, T[j], g[j], wc)
                    G[a, b] = cache[key]
        Lam.append(V @ (G * Xe) @ V.conj().T)

    def D(j, r):
        return -(SX[j] @ (Lam[j] @ r - r @ Lam[j].conj().T)
                 - (Lam[j] @ r - r @ Lam[j].conj().T) @ SX[j])

    rho = kernel(liouvillian(lambda r: -1j * (Q @ r - r @ Q) + D(0, r) + D(1, r)))
    return rho, [np.trace(Q @ D(j, rho)).real for j in range(2)]


def local(e, Q, T, g, wc):
    sp = [s.conj().T for s in SM]
    HLS, c_ops = [], []
    for j in range(2):
        w = abs(e[j])
        down, up = (SM[j], sp[j]) if e[j] > 0 else (sp[j], SM[j])
        HLS.append(lamb(w, T[j], g[j], wc) * up @ down + lamb(-w, T[j], g[j], wc) * down @ up)
        J = g[j] * w * np.exp(-w / wc)
        c_ops.append([np.sqrt(J * (1 + nbar(w, T[j]))) * down, np.sqrt(J * nbar(w, T[j])) * up])
    H = Q + HLS[0] + HLS[1]
    L = qt.liouvillian(qt.Qobj(H, dims=DIMS), [qt.Qobj(c, dims=DIMS) for cs in c_ops for c in cs])
    rho = qt.steadystate(L).full()
    cur = []
    for j in range(2):
        d = sum(c @ rho @ c.conj().T - 0.5 * (c.conj().T @ c @ rho + rho @ c.conj().T @ c)
                for c in c_ops[j])
        d = d - 1j * (HLS[j] @ rho - rho @ HLS[j])
        cur.append(np.trace(Q @ d).real)
    return rho, cur


def davies(Q, T, g, wc):
    E, V = np.linalg.eigh(Q)
    H = Q.astype(complex)
    c_ops = [[], []]
    for j in range(2):
        Xe = V.conj().T @ SX[j] @ V
        freqs = {}
        for a in range(4):
            for b in range(4):
                w = E[b] - E[a]
                if w > 1e-9 and abs(Xe[a, b]) > 1e-14:
                    ent = freqs.setdefault(round(w, 9), [w, np.zeros((4, 4), complex)])
                    ent[1] += Xe[a, b] * np.outer(V[:, a], V[:, b].conj())
        for w, A in freqs.values():
            c_ops[j] += [np.sqrt(rate(w, T[j], g[j], wc)) * A,
                         np.sqrt(rate(-w, T[j], g[j], wc)) * A.conj().T]
            H = H + (lamb(w, T[j], g[j], wc) * A.conj().T @ A
                     + lamb(-w, T[j], g[j], wc) * A @ A.conj().T)
    L = qt.liouvillian(qt.Qobj(H, dims=DIMS), [qt.Qobj(c, dims=DIMS) for cs in c_ops for c in cs])
    rho = qt.steadystate(L).full()
    cur = [sum(np.trace(Q @ (c @ rho @ c.conj().T - 0.5 * (c.conj().T @ c @ rho
                                                          + rho @ c.conj().T @ c))).real
               for c in c_ops[j]) for j in range(2)]
    return rho, cur


def neqent(me, e1, e2, K, Kp, T, g, wc):
    cmd = [BIN, "baths", "--json", "--lamb-shift", "--spectral", "ohmic", "--cutoff", repr(wc),
           "--me", me, "--quantities", "J1,J2,rho", "--eps1", repr(e1), "--eps2", repr(e2),
           "--K", repr(K), "--Kp", repr(Kp), "--T1", repr(T[0]), "--T2", repr(T[1]),
           "--gamma1", repr(g[0]), "--gamma2", repr(g[1])]
    d = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
    rho = np.array([[complex(*x) for x in row] for row in d["rho"]])
    return rho, [d["J1"], d["J2"]]


fails, worst, count = 0, {}, 0
for me in ("redfield", "local", "global"):
    worst[me] = 0.0
    for k in range(6):
        # nearly resonant qubits, weakly coupled: where the shift detunes them
        e1 = rng.uniform(0.5, 2.0)
        e2 = e1 + rng.uniform(-0.05, 0.05)
        K = rng.uniform(0.005, 0.05) * rng.choice([-1, 1])
        Kp = rng.uniform(-0.02, 0.02) if k % 2 else 0.0
        T = list(rng.uniform(0.2, 3.0, 2))
        g = list(rng.uniform(0.002, 0.02, 2))
        wc = rng.uniform(3.0, 30.0)
        Q = Q_of(e1, e2, K, Kp)
        if me == "redfield":
            ref = redfield(Q, T, g, wc)
        elif me == "local":
            ref = local([e1, e2], Q, T, g, wc)
        else:
            ref = davies(Q, T, g, wc)
        got = neqent(me, e1, e2, K, Kp, T, g, wc)
        err_rho = np.abs(got[0] - ref[0]).max()
        scale = max(abs(ref[1][0]), abs(ref[1][1]))
        err_J = max(abs(got[1][i] - ref[1][i]) for i in range(2)) / scale
        err = max(err_rho, err_J)
        worst[me] = max(worst[me], err)
        count += 1
        if not err <= 1e-9:
            fails += 1
            print(f"{me} {(e1, e2, K, Kp, T, g, wc)}: rho off by {err_rho:.2e}, "
                  f"J {got[1]} vs {ref[1]}")
print(f"Lamb shift vs independent Redfield/local/global constructions: {count} cases, worst "
      + ", ".join(f"{m} {v:.1e}" for m, v in worst.items()) + f" (tolerance 1e-9), {fails} failed")
sys.exit(1 if fails else 0)
