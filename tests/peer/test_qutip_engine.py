"""Engine against QuTiP (Debian python3-qutip) on the same generators.

Random two-qubit generators: random Hermitian H, plain jumps in groups 0
and 1, and a non-diagonal Kossakowski block in group 2 that QuTiP receives
in diagonalised form (gamma = U D U^+, L_k = sqrt(D_k) sum_b conj(U_bk) A_b,
done here with numpy, independently of neqent).  Steady state, concurrence
and heat currents must agree to 1e-10: both are direct solves of a
well-conditioned 16 x 16 system (condition ~1e2-1e4), so agreement is
limited by rounding near 1e-13; 1e-10 leaves margin for QuTiP's sparse LU.

Also: the dark-state generator (collective decay, T = 0) must be reported
as non-unique by neqent (status NEQ_ENONUNIQUE) rather than returning some
matrix."""
import sys

import numpy as np
import qutip as qt

from neqent_ctypes import NEQ_ENONUNIQUE, Neqent

neq = Neqent(sys.argv[1])
rng = np.random.default_rng(20261121)
DIMS = [[2, 2], [2, 2]]


def rand_c(n):
    return rng.uniform(-1, 1, (n, n)) + 1j * rng.uniform(-1, 1, (n, n))


def qobj(a):
    return qt.Qobj(a, dims=DIMS)


def heat(H, ops, rho):
    """Tr{H D[L](rho)} summed over the group's diagonal jump operators."""
    tot = 0.0
    for L in ops:
        Lq = qobj(L)
        r = qobj(rho)
        D = Lq * r * Lq.dag() - 0.5 * (Lq.dag() * Lq * r + r * Lq.dag() * Lq)
        tot += (qobj(H) * D).tr().real
    return tot


failures = 0
worst = {"rho": 0.0, "C": 0.0, "J": 0.0}
NTRIALS = 60
for trial in range(NTRIALS):
    H = rand_c(4)
    H = (H + H.conj().T) / 2
    jumps = [(0, rng.uniform(0.05, 1.0), rand_c(4)), (1, rng.uniform(0.05, 1.0), rand_c(4))]
    A = [rand_c(4) for _ in range(3)]
    W = rand_c(3)
    G = W.conj().T @ W
    # Every third trial: a low-rank state-like situation (weak jumps).
    if trial % 3 == 0:
        jumps = [(g, r * 1e-3, L) for g, r, L in jumps]
    rc, rho, J = neq.steady(H, jumps, [(2, A, G)])
    assert rc == 0, rc
    # QuTiP: the same generator, Kossakowski block diagonalised by numpy.
    dvals, U = np.linalg.eigh(G)
    kops = [np.sqrt(max(dk, 0)) * sum(np.conj(U[b, k]) * A[b] for b in range(3))
            for k, dk in enumerate(dvals)]
    c_ops = [qobj(np.sqrt(r) * L) for _, r, L in jumps] + [qobj(K) for K in kops]
    rq = qt.steadystate(qobj(H), c_ops).full()
    Jq = [heat(H, [np.sqrt(jumps[0][1]) * jumps[0][2]], rq),
          heat(H, [np.sqrt(jumps[1][1]) * jumps[1][2]], rq),
          heat(H, kops, rq)]
    e_rho = np.abs(rho - rq).max()
    e_C = abs(neq.concurrence(rho) - qt.concurrence(qobj(rq)))
    e_J = np.abs(np.array(J) - np.array(Jq)).max()
    worst["rho"] = max(worst["rho"], e_rho)
    worst["C"] = max(worst["C"], e_C)
    worst["J"] = max(worst["J"], e_J)
    if e_rho > 1e-10 or e_C > 1e-10 or e_J > 1e-10:
        failures += 1
        print(f"trial {trial}: |drho| {e_rho:.3g} |dC| {e_C:.3g} |dJ| {e_J:.3g}")

# Dark state: L = s1- + s2-, H = (sz1 + sz2)/2, T = 0.
sm = np.array([[0, 1], [0, 0]], dtype=complex)  # |0><1| in basis |0>,|1>
I2 = np.eye(2)
Lc = np.kron(sm, I2) + np.kron(I2, sm)
Hd = np.diag([-1.0, 0.0, 0.0, 1.0]).astype(complex)
rc, _, _ = neq.steady(Hd, [(0, 0.5, Lc)])
if rc != NEQ_ENONUNIQUE:
    failures += 1
    print(f"dark state: neqent returned status {rc}, expected NEQ_ENONUNIQUE")
rq = qt.steadystate(qobj(Hd), [qobj(np.sqrt(0.5) * Lc)], method="direct", sparse=False)
print("dark state: QuTiP's dense direct solver returns eigenvalues",
      np.round(np.linalg.eigvalsh(rq.full()), 6), "(one of many steady states, no warning)")

print(f"worst over {NTRIALS} generators: |drho| {worst['rho']:.2e}, |dC| {worst['C']:.2e}, "
      f"|dJ| {worst['J']:.2e} (tolerance 1e-10)")
print(f"{NTRIALS + 1 - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
