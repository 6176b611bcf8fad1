"""Reference values for neqent's quiroga-me numbers: bath 1's heat current
at resonance (eps1 = eps2 = 1, K = 0.01, K' = 0, T1 = 1.5, T2 = 0.5,
Gamma = 1) for the global and the local master equations.

global: _qref.py's 4-state Pauli model of the Davies equation (mpmath).
local:  written here from its definition, in mpmath: H = Q (eq. 5), bath j
        damps qubit j alone with sigma_j^- at rate 1 + n_j(1) and sigma_j^+ at
        n_j(1) (the bare frequency eps_j = 1); the 16 x 16 Liouvillian on
        column-stacked rho with the trace replacing one equation, solved by
        mp.lu_solve; J1 = Tr{Q D_1(rho)}.
Tolerance 1e-11 relative (neqent solves the same small systems in double)."""
import os
import mpmath as mp
from _qref import Model, eig, nbose, line

mp.mp.dps = 30
out = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'quiroga-me.txt'), 'w')
out.write("# quiroga-me: name value abs_tol rel_tol source  (written by ref_quiroga-me.py)\n"
          "# resonance eps1 = eps2 = 1, K = 0.01, T1 = 1.5, T2 = 0.5, Gamma = 1\n")
T1, T2, K = mp.mpf('1.5'), mp.mpf('0.5'), mp.mpf('0.01')

g = Model(1, 1, K).state(T1, T2)['J1']
line(out, "J_delta=0_global", g, 0, 1e-11, "ref_quiroga-me.py: _qref Pauli model of the Davies equation")

_, _, Q = eig(1, 1, K)
sm = mp.matrix([[0, 1], [0, 0]])
I2 = mp.eye(2)


def kron(A, B):
    C = mp.matrix(A.rows * B.rows, A.cols * B.cols)
    for i in range(A.rows):
        for j in range(A.cols):
            for k in range(B.rows):
                for l in range(B.cols):
                    C[i * B.rows + k, j * B.cols + l] = A[i, j] * B[k, l]
    return C


S = [kron(sm, I2), kron(I2, sm)]  # |1> = excited is index 1 of each qubit; qubit 1 left


def dissipator(j, T):
    n = nbose(1, T)
    ops = [(S[j], 1 + n), (S[j].T, n)]
    return ops


def apply_L(rho, ops_by_bath, with_h=True):
    out = -1j * (Q * rho - rho * Q) if with_h else mp.matrix(4, 4)
    for ops in ops_by_bath:
        for A, r in ops:
            AdA = A.T * A
            out += r * (A * rho * A.T - (AdA * rho + rho * AdA) / 2)
    return out


baths = [dissipator(0, T1), dissipator(1, T2)]
M = mp.matrix(16, 16)
for c in range(16):
    E = mp.matrix(4, 4)
    E[c % 4, c // 4] = 1
    Lc = apply_L(E, baths)
    for r in range(16):
        M[r, c] = Lc[r % 4, r // 4]
b = mp.matrix(16, 1)
for c in range(16):  # trace row
    M[0, c] = 1 if c % 4 == c // 4 else 0
b[0] = 1
v = mp.lu_solve(M, b)
rho = mp.matrix(4, 4)
for k in range(16):
    rho[k % 4, k // 4] = v[k]
D1 = apply_L(rho, [baths[0]], with_h=False)
J1 = mp.re(sum(Q[i, j] * D1[j, i] for i in range(4) for j in range(4)))
line(out, "J_delta=0_local", J1, 0, 1e-11, "ref_quiroga-me.py: the local equation in mpmath (16 x 16 solve)")
out.close()
