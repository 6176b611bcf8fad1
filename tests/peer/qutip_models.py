"""The two-bath model of Quiroga et al. built for the QuTiP peer tests,
independently of neqent: the Hamiltonian Q of eq. (5) and the Davies
(global) jump operators from numpy's eigendecomposition of Q, grouped by
Bohr frequency, with emission J(w)(1 + n) and absorption J(w) n (flat
J = gamma).  Each jump comes with the energy it hands the qubits (-w for
emission, +w for absorption), for counting statistics."""
import numpy as np

DIMS = [[2, 2], [2, 2]]
sm = np.array([[0, 1], [0, 0]], complex)  # |0><1|: lowering, |1> excited
I2 = np.eye(2)
SM = [np.kron(sm, I2), np.kron(I2, sm)]
SX = [s + s.conj().T for s in SM]


def Q_of(e1, e2, K, Kp):
    sz = np.diag([-1.0, 1.0])  # |0> ground: sz|1> = +|1>
    Sz = [np.kron(sz, I2), np.kron(I2, sz)]
    sp = [s.conj().T for s in SM]
    return (e1 / 2 * Sz[0] + e2 / 2 * Sz[1] + K * (sp[0] @ SM[1] + SM[0] @ sp[1])
            + Kp * Sz[0] @ Sz[1])


def nbar(w, T):
    return 0.0 if T == 0 else 1.0 / np.expm1(w / T)


def davies_groups(Q, T, G):
    """Per bath j: [(collapse operator, energy it gives the qubits), ...]."""
    E, V = np.linalg.eigh(Q)
    groups = [[], []]
    for j in range(2):
        Xe = V.conj().T @ SX[j] @ V
        # group transitions by Bohr frequency (degenerate ones together)
        freqs = {}  # rounded key -> [true frequency, operator]
        for a in range(4):
            for b in range(4):
                w = E[b] - E[a]
                if w > 1e-9 and abs(Xe[a, b]) > 1e-14:
                    entry = freqs.setdefault(round(w, 9), [w, np.zeros((4, 4), complex)])
                    entry[1] += Xe[a, b] * np.outer(V[:, a], V[:, b].conj())
        for w, A in freqs.values():  # rates at the true frequency
            n = nbar(w, T[j])
            groups[j].append((np.sqrt(G[j] * (1 + n)) * A, -w))
            if n > 0:
                groups[j].append((np.sqrt(G[j] * n) * A.conj().T, w))
    return groups


def heom_heat_currents(H, Qs, deltas, ados):
    """The heat current out of each bath j from QuTiP's HEOM steady state:
    the first-tier ADOs tagged j plus the terminator's term, as in QuTiP's
    tutorial "quantum heat transport" (Kato & Tanimura 2016).  Complex (the
    imaginary parts should vanish); shared by tests/peer/test_qutip_heom.py
    and bench/heom.py."""
    from qutip.nonmarkov.heom import BathExponent
    jB = []
    for j in range(2):
        Qj = Qs[j]
        a = 1j * (H * Qj - Qj * H)
        cur, cI0 = 0, 0
        for label in ados.filter(level=1, tags=[j]):
            [exp] = ados.exps(label)
            cur += exp.vk * (Qj * ados.extract(label)).tr()
            if exp.type == BathExponent.types["I"]:
                cI0 += exp.ck
            elif exp.type == BathExponent.types["RI"]:
                cI0 += exp.ck2
        cur -= 2 * cI0 * (Qj * Qj * ados.rho).tr()
        cur -= 1j * deltas[j] * ((a * Qj - Qj * a) * ados.rho).tr()
        jB.append(cur)
    return jB
