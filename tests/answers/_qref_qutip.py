"""QuTiP 4.7.1 cross-check of _qref.py: the full Davies Liouvillian (all coherences kept), built from
A_j(w) = sum_{E_a - E_b = w} P_b X_j P_a, solved with qutip.steadystate; compares rho, J1, C."""
import numpy as np
import qutip as qt


def qutip_check(eps1, eps2, T1, T2, ref, tol=1e-9):
    sx, I = np.array([[0, 1], [1, 0]]), np.eye(2)
    sz, sp = np.diag([-1.0, 1.0]), np.array([[0, 0], [1.0, 0]])
    X = [np.kron(sx, I), np.kron(I, sx)]
    H = eps1 / 2 * np.kron(sz, I) + eps2 / 2 * np.kron(I, sz) + np.kron(sp, sp.T) + np.kron(sp.T, sp)
    E, V = np.linalg.eigh(H)
    P = [np.outer(V[:, k], V[:, k]) for k in range(4)]
    n = lambda w, T: 1 / np.expm1(w / T)
    groups = []
    for Xj, T in zip(X, (T1, T2)):
        ops = {}
        for a in range(4):
            for b in range(4):
                if a != b and abs(V[:, b] @ Xj @ V[:, a]) > 1e-14:
                    w = round(E[a] - E[b], 9)
                    ops[w] = ops.get(w, 0) + P[b] @ Xj @ P[a]
        groups.append([((1 + n(w, T)) if w > 0 else n(-w, T), qt.Qobj(A, dims=[[2, 2], [2, 2]]))
                       for w, A in ops.items()])
    Hq = qt.Qobj(H, dims=[[2, 2], [2, 2]])
    rho = qt.steadystate(Hq, [np.sqrt(r) * A for g in groups for r, A in g])
    D = lambda g: sum(r * (A * rho * A.dag() - 0.5 * (A.dag() * A * rho + rho * A.dag() * A)) for r, A in g)
    J1 = (Hq * D(groups[0])).tr().real
    rref = np.array(ref['rho'].tolist(), dtype=float)
    assert np.abs(rho.full() - rref).max() < tol, np.abs(rho.full() - rref).max()
    assert abs(J1 - float(ref['J1'])) < tol * max(1, abs(J1)), (J1, ref['J1'])
    assert abs(qt.concurrence(rho) - float(ref['C'])) < 1e-6          # qutip.concurrence: ~1e-6 near C ~ 0
    return rho, J1
