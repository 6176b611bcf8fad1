"""Independent reference model for Bellomo & Antezza 2013 (shared by ref_bellomo-fig*.py).

Geometry and material (the paper's Fig. 4): SiC slab of thickness delta = 0.01 um in vacuum, occupying
-delta < z < 0, eps(w) = 6.7 (wL^2 - w^2 - i g w)/(wT^2 - w^2 - i g w), wL = 1.827e14, wT = 1.495e14,
g = 0.9e12 rad/s; qubit frequency w = 0.3 wT; qubit 1 at height z1, qubit 2 at z2, lateral distance
r12 along x; both dipoles along z.  e^{-i w t} convention, Im kz >= 0.

Electromagnetic functions (normalised so that the vacuum decay rate is 1, i.e. units of Gamma_0):
  g^{qq'} = (6 pi eps0 c^3/w^3) G_zz(R_q, R_q')  (dimensionless Green function, Im g0(r, r) = 1)
  * vacuum:    g0_zz = 3/2 e^{i xi}/xi^3 [(xi^2 + i xi - 1) + (3 - 3 i xi - xi^2) cos^2 theta], xi = k0 R
  * reflected: g_R^{qq'} = 3i/2 int_0^oo du (u^3/w) J0(k0 u x) rho_TM(u) exp(i k0 w (z_q + z_q')),
    w = sqrt(1 - u^2) (Im w >= 0), rho_TM the slab's TM (magnetic-field convention) reflection
    coefficient.  The integral is done on a contour dipping below the real u axis on (0, 2) (the slab's
    guided-mode pole, TM0 at u - 1 ~ 2e-7, lies just ABOVE the axis; nothing is crossed), then on the
    real axis: no pole subtraction is needed (neqent and bench/em.py subtract the pole instead).
  * walls part (eq. 5, propagating sector, zz entry; modes incident from above, reflected, and from below,
    transmitted):  alpha_W^{qq'} = 3/4 int_0^1 dw u^2 J0(k0 u x) [e^{i k0 w dz}(|rho|^2 + |tau|^2)
                   + rho e^{i k0 w sz} + c.c. + e^{-i k0 w dz}],  dz = z_q - z_q', sz = z_q + z_q'.
  * body part:  alpha_M = Im g - alpha_W (elementwise Im; g is symmetric, reciprocal medium).  This is the
    sum rule alpha_W + alpha_M = Im g stated below eq. (6) of the paper; it equals eq. (5)'s alpha_M.
  * Lambda^{12} = -1/2 Re g^{12} (eq. 7); body-induced frequency shifts (q = q') are neglected.
To avoid cancellation in Gamma_A ~ 1e-4 (alpha^{11} ~ alpha^{12} ~ 1), every field's 2 x 2 matrix is
  computed directly in the collective basis S = (1 + 2)/sqrt2, A = (1 - 2)/sqrt2: the integrands of
  (a11 + a22)/2 +- Re a12 are combined pointwise before integrating.

Master equation (1), rotating frame, in the coupled basis |G>, |A>, |S>, |E>:
  H = Lambda12 (s1+ s2- + s2+ s1-) = Lambda12 (|S><S| - |A><A|),
  D(rho) = sum_{lk} Gp'_{lk} (B_k rho B_l^+ - 1/2 {B_l^+ B_k, rho}) + sum_{lk} Gm'_{lk} (B_k^+ rho B_l - ...),
  B_S = (s1- + s2-)/sqrt2, B_A = (s1- - s2-)/sqrt2, Gp' = M^T Gp M, M = [[1, 1], [1, -1]]/sqrt2,
  Gp^{qq'} = (1 + n_W) alpha_W^{qq'} + (1 + n_M) alpha_M^{qq'},  Gm^{qq'} = n_W alpha_W^{qq'*} + n_M alpha_M^{qq'*}
  (eq. 4).  Steady state and dynamics in mpmath (30 digits) on the invariant 6-dim subspace
  {GG, AA, SS, EE, SA, AS} (the generator conserves excitation-number blocks); C = 2 max(0, K1),
  K1 = |rho_{eg,ge}| - sqrt(rho_GG rho_EE) (X state; K2 = -sqrt(rho_eg rho_ge) < 0).
"""
import numpy as np
import mpmath as mp
from scipy import integrate, special

C0 = 299792458.0
HBAR, KB = 1.054571817e-34, 1.380649e-23
W = 0.3 * 1.495e14
K0 = W / C0
DELTA = 0.01e-6
EPS = 6.7 * (1.827e14 ** 2 - W ** 2 - 1j * 0.9e12 * W) / (1.495e14 ** 2 - W ** 2 - 1j * 0.9e12 * W)
XT = HBAR * W / KB          # hbar w / k_B in K
TW = 30.0


def nbose(T):
    return 1 / np.expm1(XT / T)


def slab_tm(u):
    """TM (magnetic-field convention) reflection and transmission of the slab, u = k_par/k0 (complex ok)"""
    u = np.asarray(u, dtype=complex)
    w = np.sqrt(1 - u * u)
    w = np.where(w.imag < 0, -w, w)
    k1 = np.sqrt(EPS - u * u)
    k1 = np.where(k1.imag < 0, -k1, k1)
    r01 = (EPS * w - k1) / (EPS * w + k1)
    P2 = np.exp(2j * k1 * K0 * DELTA)
    den = 1 - r01 * r01 * P2
    rho = r01 * (1 - P2) / den
    tau = (1 - r01 * r01) * np.exp(1j * k1 * K0 * DELTA) / den
    return rho, tau, w


def _quad(f, pts):
    """adaptive scipy.integrate.quad_vec on consecutive intervals (the slow, careful route)"""
    tot, err = 0, 0
    for a, b in zip(pts[:-1], pts[1:]):
        v, e = integrate.quad_vec(f, a, b, epsabs=1e-15, epsrel=1e-13, norm='max', limit=4000)
        tot, err = tot + v, err + e
    return tot, err


def _gl(f, pts, n):
    """composite Gauss-Legendre, n nodes per panel, f vectorised (returns array (k, len(t)))"""
    x, wt = np.polynomial.legendre.leggauss(n)
    a, b = np.asarray(pts[:-1], float), np.asarray(pts[1:], float)
    t = ((b - a)[:, None] * (x[None, :] + 1) / 2 + a[:, None]).ravel()
    w = ((b - a)[:, None] / 2 * wt[None, :]).ravel()
    return f(t) @ w, 0.0


def _panels(kind, Umax=None, fine=1):
    """panel end points: 'w' graded towards w = 0 (TM0 pole at w = 6.8e-4 i), 'c' the contour's
    t in [0, 2], 'r' the real axis [2, Umax]"""
    if kind == 'w':
        p = np.concatenate(([0.0], np.geomspace(1e-7, 1, 15 * 7 * fine + 1)))
    elif kind == 'c':
        p = np.linspace(0, 2, 40 * fine + 1)
    else:
        p = np.linspace(2, Umax, int(np.ceil((Umax - 2) / 1.0)) * fine + 1)
    return p


class Geometry:
    """z1, z2, r12 in m.  Attributes: aW, aM (dicts 'SS','AA','SA' complex/real, S/A basis), lam (Lambda12),
    and the q-basis matrices aWq, aMq, gq (2x2)."""

    def __init__(self, z1, z2, r12, careful=False, fine=1, n=20):
        Z1, Z2, X = K0 * z1, K0 * z2, K0 * r12
        Dz, Sz = Z1 - Z2, Z1 + Z2

        # ---- walls: propagating sector, w in [0, 1]
        def fW(w):
            u2 = 1 - w * w
            rho, tau, _ = slab_tm(np.sqrt(u2))
            RT = abs(rho) ** 2 + abs(tau) ** 2
            f11 = 0.75 * u2 * (RT + 2 * (rho * np.exp(2j * w * Z1)).real + 1)
            f22 = 0.75 * u2 * (RT + 2 * (rho * np.exp(2j * w * Z2)).real + 1)
            j = special.j0(np.sqrt(u2) * X)
            f12 = 0.75 * u2 * j * (np.exp(1j * w * Dz) * RT + 2 * (rho * np.exp(1j * w * Sz)).real
                                   + np.exp(-1j * w * Dz))
            # AA combination pointwise: (f11 + f22)/2 - Re f12
            fAA = 0.75 * u2 * (RT * (1 - j * np.cos(w * Dz)) + (1 - j * np.cos(w * Dz))
                               + (rho * (np.exp(2j * w * Z1) + np.exp(2j * w * Z2)) / 2).real * 2
                               - 2 * j * (rho * np.exp(1j * w * Sz)).real)
            return np.array([f11, f22, f12.real, f12.imag, fAA])

        if careful:
            vW, eW = _quad(fW, [0, 1e-4, 1e-3, 1e-2, 0.1, 0.5, 1])
        else:
            vW, eW = _gl(fW, _panels('w', fine=fine), n)

        # ---- reflected Green function: contour in u
        h = 0.3

        def fG(t, seg):
            if seg == 0:
                u = t - 1j * h * np.sin(np.pi * t / 2)
                du = 1 - 1j * h * np.pi / 2 * np.cos(np.pi * t / 2)
            else:
                u, du = t + 0j, 1.0
            rho, _, w = slab_tm(u)
            base = 1.5j * u ** 3 / w * rho * du
            j = special.jv(0, u * X)
            g11 = base * np.exp(1j * w * 2 * Z1)
            g22 = base * np.exp(1j * w * 2 * Z2)
            g12 = base * j * np.exp(1j * w * Sz)
            return np.array([g11, g22, g12, (g11 + g22) / 2 - g12])

        Umax = 2 + 60 / min(2 * Z1, 2 * Z2, Sz)      # exp(-60) tail neglected
        if careful:
            v0, e0 = _quad(lambda t: fG(t, 0), [0, 0.5, 0.9, 1.0, 1.1, 1.5, 2])
            pts = [2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048]
            pts = [p for p in pts if p < Umax] + [Umax]
            v1, e1 = _quad(lambda t: fG(t, 1), pts)
        else:
            v0, e0 = _gl(lambda t: fG(t, 0), _panels('c', fine=fine), n)
            v1, e1 = _gl(lambda t: fG(t, 1), _panels('r', Umax, fine=fine), n)
        gR = v0 + v1
        self.quad_err = max(np.max(eW), np.max(e0 + e1))

        # ---- vacuum
        R = np.hypot(X, Dz)
        c2 = (Dz / R) ** 2
        g0 = 1.5 * np.exp(1j * R) / R ** 3 * ((R * R + 1j * R - 1) + (3 - 3j * R - R * R) * c2)
        # Im g0^{12} from its plane-wave form 3/2 int_0^1 dw u^2 J0(u X) cos(w Dz) (the closed form loses
        # ~1/xi^3 x eps ~ 1e-12 to cancellation); 1 - Im g0^{12} likewise, without cancellation
        fv = lambda w: np.array([1.5 * (1 - w * w) * special.j0(np.sqrt(1 - w * w) * X) * np.cos(w * Dz),
                                 1.5 * (1 - w * w) * (1 - special.j0(np.sqrt(1 - w * w) * X) * np.cos(w * Dz))])
        img0, oneminus = _gl(fv, np.linspace(0, 1, 9), 40)[0]
        assert abs(oneminus - (1 - g0.imag)) < 1e-10 and abs(img0 - g0.imag) < 1e-10
        g0 = g0.real + 1j * img0

        a11W, a22W, a12W = vW[0], vW[1], vW[2] + 1j * vW[3]
        g11, g22, g12 = 1j + gR[0], 1j + gR[1], g0 + gR[2]           # Re of the vacuum self term dropped
        self.aWq = np.array([[a11W, a12W], [np.conj(a12W), a22W]])
        self.gq = np.array([[g11, g12], [g12, g22]])
        Img = np.array([[g11.imag, g12.imag], [g12.imag, g22.imag]])
        self.aMq = Img - self.aWq
        self.lam = -0.5 * g12.real
        # S/A basis, AA from the pointwise-combined integrands
        aW = dict(SS=(a11W + a22W) / 2 + a12W.real, AA=vW[4], SA=(a11W - a22W) / 2 - 1j * a12W.imag)
        ImgAA = oneminus + gR[3].imag
        aM = dict(SS=(g11.imag + g22.imag) / 2 + g12.imag - aW['SS'], AA=ImgAA - aW['AA'],
                  SA=(g11.imag - g22.imag) / 2 - aW['SA'])
        self.aW, self.aM = aW, aM
        self.GammaS = (g11.imag + g22.imag) / 2 + g12.imag
        self.GammaA = ImgAA
        self.z1, self.z2, self.r12 = z1, z2, r12

    def nSA(self, TM):
        """eq. (9) (exact for z1 = z2): n_S, n_A"""
        nW, nM = nbose(TW), nbose(TM)
        nS = (self.aW['SS'] * nW + self.aM['SS'] * nM) / (self.aW['SS'] + self.aM['SS'])
        nA = (self.aW['AA'] * nW + self.aM['AA'] * nM) / (self.aW['AA'] + self.aM['AA'])
        return nS, nA


# ---- generator as explicit matrices (basis order G, A, S, E)
def _ops():
    BS = np.zeros((4, 4)); BA = np.zeros((4, 4))
    G_, A_, S_, E_ = range(4)
    BS[G_, S_] = 1; BS[S_, E_] = 1          # B_S|S> = |G>, B_S|E> = |S>
    BA[G_, A_] = 1; BA[A_, E_] = -1         # B_A|A> = |G>, B_A|E> = -|A>
    return [BS, BA]


IDX6 = [0 + 4 * 0, 1 + 4 * 1, 2 + 4 * 2, 3 + 4 * 3, 2 + 4 * 1, 1 + 4 * 2]   # GG, AA, SS, EE, SA, AS


def restrict6(L):
    """the invariant 6-dim block (mpmath or numpy); checks invariance"""
    if isinstance(L, np.ndarray):
        others = [i for i in range(16) if i not in IDX6]
        assert np.abs(L[np.ix_(others, IDX6)]).max() == 0
        return L[np.ix_(IDX6, IDX6)]
    L6 = mp.matrix(6, 6)
    for a, i in enumerate(IDX6):
        for b, j in enumerate(IDX6):
            L6[a, b] = L[i, j]
    return L6


def conc(r, lib=mp):
    """C = 2 max(0, K1), K1 = |rho_{eg,ge}| - sqrt(rho_GG rho_EE); eg = (S + A)/sqrt2, ge = (S - A)/sqrt2"""
    r23 = (r['SS'] - r['SA'] + r['AS'] - r['AA']) / 2
    K1 = abs(r23) - lib.sqrt(lib.re(r['GG'] * r['EE'])) if lib is mp else abs(r23) - np.sqrt((r['GG'] * r['EE']).real)
    return max(0, K1 * 2), 2 * K1


def eq12(nS, nA, GS, GA, lib=mp):
    WG = (1 + nA) ** 2 * (1 + 2 * nS) * GA + (1 + 2 * nA) * (1 + nS) ** 2 * GS
    WA = nA * (1 + nA) * (1 + 2 * nS) * GA + (nA * (1 + 2 * nS) + nS ** 2 * (1 + 2 * nA)) * GS
    WS = nS * (1 + nS) * (1 + 2 * nA) * GS + (nS * (1 + 2 * nA) + nA ** 2 * (1 + 2 * nS)) * GA
    WE = nA ** 2 * (1 + 2 * nS) * GA + (1 + 2 * nA) * nS ** 2 * GS
    K1 = (abs(nS - nA) * (GS + GA) / 2 - lib.sqrt(WG * WE)) / (WG + WA + WS + WE)
    return 2 * max(0, K1), 2 * K1


# ---- fast path: the 6 x 6 block as a linear combination of temperature-independent parts
def _dissip(gam, ops):
    """sum_lk gam_lk (A_k rho A_l^+ - 1/2 {A_l^+ A_k, rho}) as a 16 x 16 superoperator (column stacking)"""
    I = np.eye(4)
    L = np.zeros((16, 16), complex)
    for l in range(2):
        for k in range(2):
            Ak, Al = ops[k], ops[l]
            AlhAk = Al.conj().T @ Ak
            L += gam[l, k] * (np.kron(Al.conj(), Ak) - 0.5 * np.kron(I, AlhAk) - 0.5 * np.kron(AlhAk.T, I))
    return L


class Generator6:
    """L6(T_M) = LH + (1 + nW) DWp + nW DWm + (1 + nM) DMp + nM DMm on the block {GG, AA, SS, EE, SA, AS}"""

    def __init__(self, g):
        mat = lambda a: np.array([[a['SS'], a['SA']], [np.conj(a['SA']), a['AA']]], dtype=complex)
        AW, AM = mat(g.aW), mat(g.aM)
        B = _ops(); Bd = [b.T for b in B]
        Hm = np.diag([0, -g.lam, g.lam, 0]).astype(complex)
        I = np.eye(4)
        LH = -1j * np.kron(I, Hm) + 1j * np.kron(Hm.T, I)
        self.parts = [restrict6(x) for x in (LH, _dissip(AW, B), _dissip(AW.conj(), Bd),
                                              _dissip(AM, B), _dissip(AM.conj(), Bd))]
        self.full = [LH, _dissip(AW, B), _dissip(AW.conj(), Bd), _dissip(AM, B), _dissip(AM.conj(), Bd)]
        self.mp_parts = None

    def coeffs(self, TM, lib=np):
        if lib is np:
            nW, nM = nbose(TW), nbose(TM)
        else:
            nW, nM = 1 / mp.expm1(mp.mpf(XT) / TW), 1 / mp.expm1(mp.mpf(XT) / mp.mpf(TM))
        return [1, 1 + nW, nW, 1 + nM, nM]

    def L6(self, TM):
        return sum(c * p for c, p in zip(self.coeffs(TM), self.parts))

    def L16(self, TM, lib=np):
        if lib is np:
            return sum(c * p for c, p in zip(self.coeffs(TM), self.full))
        P = [mp.matrix([[mp.mpc(complex(x)) for x in row] for row in p]) for p in self.full]
        c = self.coeffs(TM, mp)
        L = P[0] * c[0]
        for ci, Pi in zip(c[1:], P[1:]):
            L += ci * Pi
        return L

    def steady(self, TM, lib=np):
        if lib is np:
            A = self.L6(TM).copy()
            A[0] = [1, 1, 1, 1, 0, 0]
            x = np.linalg.solve(A, [1, 0, 0, 0, 0, 0])
        else:
            if self.mp_parts is None:
                self.mp_parts = [mp.matrix([[mp.mpc(complex(x)) for x in row] for row in p]) for p in self.parts]
            c = self.coeffs(TM, mp)
            A = self.mp_parts[0] * c[0]
            for ci, Pi in zip(c[1:], self.mp_parts[1:]):
                A += ci * Pi
            for b in range(6):
                A[0, b] = 1 if b < 4 else 0
            x = mp.lu_solve(A, mp.matrix([1, 0, 0, 0, 0, 0]))
        return dict(GG=x[0], AA=x[1], SS=x[2], EE=x[3], SA=x[4], AS=x[5])

    def C(self, TM, lib=np):
        return conc(self.steady(TM, lib), lib)[0]


def perturbed(g, f):
    """copy of Geometry g whose q-basis entries are multiplied by (1 + f[k]) (k = 0..6: aW11, aW22,
    aW12, aM11, aM22, aM12, Lambda12), the S/A combinations then formed from these entries (as a code
    that integrates each entry separately would): used to size tolerances."""
    import copy
    h = copy.copy(g)
    W = g.aWq.copy(); M = g.aMq.copy()
    W[0, 0] *= 1 + f[0]; W[1, 1] *= 1 + f[1]; W[0, 1] *= 1 + f[2]; W[1, 0] = np.conj(W[0, 1])
    M[0, 0] *= 1 + f[3]; M[1, 1] *= 1 + f[4]; M[0, 1] *= 1 + f[5]; M[1, 0] = np.conj(M[0, 1])
    comb = lambda a: dict(SS=((a[0, 0] + a[1, 1]) / 2 + a[0, 1].real).real,
                          AA=((a[0, 0] + a[1, 1]) / 2 - a[0, 1].real).real,
                          SA=(a[0, 0] - a[1, 1]).real / 2 - 1j * a[0, 1].imag)
    h.aW, h.aM, h.lam = comb(W), comb(M), g.lam * (1 + f[6])
    h.GammaS, h.GammaA = h.aW['SS'] + h.aM['SS'], h.aW['AA'] + h.aM['AA']
    return h


def line_max(g, lib=np):
    """maximum over T_M in [30, 6000] K of eq. (12) with eq. (9)'s n_S(T_M), n_A(T_M) (z1 = z2 geometry).
    lib = np: scipy bounded Brent in log T_M; lib = mp: then polished by mpmath root finding of dC/dT."""
    from scipy.optimize import minimize_scalar

    def C(T, lib=np):
        nS, nA = g.nSA(T) if lib is np else _nSA_mp(g, T)
        return eq12(nS, nA, g.GammaS, g.GammaA, lib)[1]
    Ts = np.geomspace(30, 6000, 400)
    k = int(np.argmax([C(T) for T in Ts]))
    r = minimize_scalar(lambda lt: -C(np.exp(lt)), bounds=(np.log(Ts[max(k - 1, 0)]), np.log(Ts[min(k + 1, 399)])),
                        method='bounded', options=dict(xatol=1e-12))
    T = np.exp(r.x)
    if lib is np:
        return T, C(T)
    Tm = mp.findroot(lambda t: mp.diff(lambda s: C(s, mp), t), mp.mpf(T))
    return Tm, C(Tm, mp)


def _nSA_mp(g, T):
    nW, nM = 1 / mp.expm1(mp.mpf(XT) / TW), 1 / mp.expm1(mp.mpf(XT) / mp.mpf(T))
    a = {k: mp.mpf(v) for k, v in (('WS', g.aW['SS']), ('WA', g.aW['AA']), ('MS', g.aM['SS']), ('MA', g.aM['AA']))}
    nS = (a['WS'] * nW + a['MS'] * nM) / (a['WS'] + a['MS'])
    nA = (a['WA'] * nW + a['MA'] * nM) / (a['WA'] + a['MA'])
    return nS, nA


def plane_newton(make, x, iters=6):
    """maximise C(z2 [um], T_M [K]) by Newton steps with finite-difference gradient (steps 1e-5 um, 1e-2 K)
    and Hessian (1e-3 um, 1 K); make(z2) -> Generator6.  Returns x, C, Hessian."""
    sc = np.array([1.0, 1000.0])
    cache = {}

    def f(z, T):
        if z not in cache:
            cache[z] = make(z)
        return cache[z].C(T)
    for it in range(iters):
        h, H2 = 1e-5 * sc, 1e-3 * sc
        E = np.eye(2)
        g = np.array([(f(*(x + h[i] * E[i])) - f(*(x - h[i] * E[i]))) / (2 * h[i]) for i in range(2)])
        Hm = np.zeros((2, 2))
        for i in range(2):
            for j in range(2):
                a, b = H2[i] * E[i], H2[j] * E[j]
                Hm[i, j] = (f(*(x + a + b)) - f(*(x + a - b)) - f(*(x - a + b)) + f(*(x - a - b))) / (4 * H2[i] * H2[j])
        x = x - np.linalg.solve(Hm, g)
    return x, f(*x), Hm


def line_outputs(g, lib=np):
    """the line (z2 = z1) quantities at the maximum of C over T_M"""
    T, C = line_max(g, lib)
    nS, nA = g.nSA(float(T)) if lib is np else _nSA_mp(g, T)
    lg = np.log1p if lib is np else mp.log1p
    return dict(C_max_line=C, T_M_at_max_line=T, n_S_line=nS, n_A_line=nA,
                T_S_line=XT / lg(1 / nS), T_A_line=XT / lg(1 / nA),
                Gamma_A_over_Gamma_S_line=g.GammaA / g.GammaS)


def ceil1(t):
    """round a tolerance UP to one significant digit"""
    if t <= 0:
        return 0.0
    e = 10.0 ** np.floor(np.log10(t))
    return float('%g' % (np.ceil(t / e * (1 - 1e-12)) * e))
