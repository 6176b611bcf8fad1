"""Independent reference model for Quiroga et al. 2007 (shared by ref_quiroga-fig*.py).

Written from the paper's definitions (as fixed in the brief), not from neqent:
  H = eps1/2 sz1 + eps2/2 sz2 + K (s1+ s2- + s1- s2+)   (K = 1, K' = 0)
  basis |00>,|01>,|10>,|11> (|1> excited), qubit j couples to bath j through sigma_x^(j),
  flat spectral density gamma = 1, global Davies (secular) master equation:
  transition a -> b at Bohr frequency w = E_a - E_b > 0 (emission) has rate |<b|X_j|a>|^2 (1 + n_j(w)),
  the reverse (absorption) |<b|X_j|a>|^2 n_j(w).  H has a non-degenerate spectrum (eps1 + eps2 != 2
  alpha), so the steady state is diagonal in the eigenbasis: a 4-state Pauli master equation.
  J_j = sum_{a,b} (E_b - E_a) W^j_{ba} p_a  (heat per unit time INTO the qubits from bath j).
  C_u = 2 max(K1, K2), K1 = |rho_{01,10}| - sqrt(rho_00 rho_11,11), K2 = |rho_{00,11}| - sqrt(rho_01 rho_10)
  (unclamped X-state concurrence; the Wootters concurrence is max(0, C_u) for these X states).
All in mpmath (set mp.mp.dps in the caller), so every derivative / root below is far below 1e-15.
"""
import mpmath as mp


def eig(eps1, eps2, K=1):
    e1, e2, K = mp.mpf(eps1), mp.mpf(eps2), mp.mpf(K)
    al = mp.sqrt(K ** 2 + (e1 - e2) ** 2 / 4)
    th = mp.atan2(2 * K, e1 - e2)
    c, s = mp.cos(th / 2), mp.sin(th / 2)
    # eigenvectors (columns of V): |00>, |11>, c|10> + s|01>, -s|10> + c|01>
    V = mp.matrix([[1, 0, 0, 0], [0, 0, s, c], [0, 0, c, -s], [0, 1, 0, 0]])
    E = [-(e1 + e2) / 2, (e1 + e2) / 2, al, -al]
    H = mp.matrix(4, 4)
    H[0, 0], H[3, 3], H[1, 1], H[2, 2] = -(e1 + e2) / 2, (e1 + e2) / 2, (e2 - e1) / 2, (e1 - e2) / 2  # H[1,1]: |01>
    H[1, 2] = H[2, 1] = K
    for k in range(4):  # check H v = E v
        v = V[:, k]
        assert mp.norm(H * v - E[k] * v) < mp.mpf(10) ** (5 - mp.mp.dps)
    return E, V, H


def nbose(w, T):
    T = mp.mpf(T)
    return mp.mpf(0) if T == 0 else 1 / mp.expm1(w / T)


class Model:
    def __init__(self, eps1, eps2, K=1):
        self.E, self.V, self.H = eig(eps1, eps2, K)
        X1 = mp.matrix([[0, 0, 1, 0], [0, 0, 0, 1], [1, 0, 0, 0], [0, 1, 0, 0]])  # sigma_x (x) 1
        X2 = mp.matrix([[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]])  # 1 (x) sigma_x
        self.M = []
        for X in (X1, X2):
            Xe = self.V.T * X * self.V
            self.M.append([[Xe[b, a] ** 2 for a in range(4)] for b in range(4)])

    def rates(self, j, T):
        W = [[mp.mpf(0)] * 4 for _ in range(4)]
        for a in range(4):
            for b in range(4):
                m = self.M[j][b][a]
                if a == b or m == 0:
                    continue
                w = self.E[a] - self.E[b]
                W[b][a] = m * (1 + nbose(w, T)) if w > 0 else m * nbose(-w, T)
        return W

    def state(self, T1, T2):
        """steady state: populations p (eigenbasis), rho (computational basis), J1, J2, C_u, C."""
        W1, W2 = self.rates(0, T1), self.rates(1, T2)
        G = mp.matrix(4, 4)
        for a in range(4):
            for b in range(4):
                if a != b:
                    G[b, a] = W1[b][a] + W2[b][a]
            G[a, a] = -sum(W1[b][a] + W2[b][a] for b in range(4) if b != a)
        A = G.copy()
        for a in range(4):
            A[3, a] = 1
        p = mp.lu_solve(A, mp.matrix([0, 0, 0, 1]))
        rho = self.V * mp.diag([p[k] for k in range(4)]) * self.V.T
        J = [mp.fsum((self.E[b] - self.E[a]) * W[b][a] * p[a] for a in range(4) for b in range(4))
             for W in (W1, W2)]
        return dict(p=p, rho=rho, J1=J[0], J2=J[1], Cu=xconc(rho), C=max(mp.mpf(0), xconc(rho)))

    def gibbs(self, T):
        T = mp.mpf(T)
        w = [mp.exp(-(e - min(self.E)) / T) for e in self.E]
        Z = mp.fsum(w)
        return self.V * mp.diag([x / Z for x in w]) * self.V.T


def xconc(r):
    K1 = abs(r[1, 2]) - mp.sqrt(r[0, 0] * r[3, 3])
    K2 = abs(r[0, 3]) - mp.sqrt(r[1, 1] * r[2, 2])
    return 2 * max(K1, K2)


def wootters(r):
    """Full Wootters concurrence (numpy, double) of a real 4x4 mpmath/numpy matrix: a check of xconc."""
    import numpy as np
    R = np.array(r.tolist(), dtype=float)
    Y = np.kron([[0, -1j], [1j, 0]], [[0, -1j], [1j, 0]])
    ev = np.sqrt(np.abs(np.sort(np.linalg.eigvals(R @ Y @ R.conj() @ Y).real)[::-1]))
    return max(0.0, ev[0] - ev[1] - ev[2] - ev[3])


def line(f, name, value, atol, rtol, source):
    """one answer line: name value abs_tol rel_tol source (value to 17 significant digits; None -> nan)"""
    v = 'nan' if value is None else '%.17g' % float(value)
    s = f"{name} {v} {atol:g} {rtol:g} {source}"
    print(s)
    f.write(s + "\n")
