#!/usr/bin/python3
"""Independent plain-Python reference for the EM dyadic Green tensor near a sphere.

numpy + scipy only.  SI units, time dependence exp(-i omega t), mu = 1.

    curl curl G - k^2 eps(r) G = I delta(r - r'),   E(r) = (k^2/eps0) G(r, r') p,
    normalised  g = (6 pi / k) G,  so that  Im g0(r, r) = I  in vacuum.

Formulation (no rotation of any point onto an axis; all (n, m) summed in the
global Cartesian frame whose z axis is the polar axis about the sphere centre):

* Vector spherical harmonics (orthonormal on the unit sphere), built from the
  orthonormal Condon-Shortley scalar harmonics Y_nm with the angular momentum
  operator L = -i r x grad (Jackson, Classical Electrodynamics, sec. 9.7):
      X_nm = L Y_nm / sqrt(n(n+1)),     C_nm = -i X_nm = (grad Y_nm x r)/sqrt(n(n+1)),
      B_nm = -i rhat x X_nm = r grad Y_nm / sqrt(n(n+1)),   P_nm = rhat Y_nm.
  L Y is evaluated with the ladder relations L+- Y_nm = sqrt((n-+m)(n+-m+1)) Y_n,m+-1,
  which is regular on the polar axis.
* Vector wave functions (Stratton; Tai; Chew ch. 7; Bohren & Huffman ch. 4):
      M_nm = z_n(kr) C_nm,
      N_nm = sqrt(n(n+1)) z_n(kr)/(kr) P_nm + [(kr z_n(kr))'/(kr)] B_nm,
  superscript (1): z = j_n, (3): z = h_n^(1).
* Free dyadic Green function, |r| > |r'| (Tai, Dyadic Green Functions in EM
  Theory, eq. for G_e0 with normalised harmonics; Chew eq. 7.1.x):
      G0(r, r') = i k sum_{n,m} [ M3_nm(r) M1_nm(r')^* + N3_nm(r) N1_nm(r')^* ]
  (* = complex conjugate of the angular part; the delta term -rr delta/k^2 is
  absent for r != r').  For |r| < |r'| swap the roles (reciprocity).
* Mie coefficients (Bohren & Huffman eqs. 4.52-4.53, mu1 = mu = 1, m = sqrt(eps),
  x = k a, psi_n(z) = z j_n(z), xi_n(z) = z h_n(z), D_n = psi_n'/psi_n):
      a_n = [m psi(mx) psi'(x) - psi(x) psi'(mx)] / [m psi(mx) xi'(x) - xi(x) psi'(mx)]
      b_n = [psi(mx) psi'(x) - m psi(x) psi'(mx)] / [psi(mx) xi'(x) - m xi(x) psi'(mx)]
      c_n = i m / [psi(mx) xi'(x) - m xi(x) psi'(mx)]   (internal M, field j_n(mkr))
      d_n = i m / [m psi(mx) xi'(x) - xi(x) psi'(mx)]   (internal N)
  (c_n, d_n: BH 4.52 simplified with the Wronskian psi xi' - psi' xi = i.)
  PEC: b_n = psi(x)/xi(x), a_n = psi'(x)/xi'(x).
  Scattered part (sources and fields outside; Li, Kang, Leong, Yeo 1994, with
  the BH sign convention E_s = sum(i a_n N3 - b_n M3) for E_i = sum(M1 - i N1)):
      G_s(r, r') = i k sum_{n,m} [ -b_n M3_nm(r) M3_nm(r')^* - a_n N3_nm(r) N3_nm(r')^* ]
  Inside the sphere (source r' outside):
      G(r, r') = i k sum_{n,m} [ c_n M1_nm(mk r) M3_nm(r')^* + d_n N1_nm(mk r) N3_nm(r')^* ].
* alpha_M = 6 pi k Im(eps) int_V G(r_q,x) G(r_p,x)^dagger: angular orthonormality
  leaves radial integrals int_0^a |j_n(alpha r)|^2 r^2 dr (alpha = m k), done with
  the Lommel integral  int_0^a r^2 j_n(alpha r) j_n(beta r) dr
      = a^2 [beta j_n(alpha a) j_n'(beta a) - alpha j_n'(alpha a) j_n(beta a)]/(alpha^2 - beta^2)
  at beta = conj(alpha), and for the N waves
      n(n+1)|j_n/rho|^2 + |(rho j_n)'/rho|^2 = [(n+1)|j_{n-1}|^2 + n |j_{n+1}|^2]/(2n+1).
  (Checked against scipy quadrature in self-check g.)
* alpha_W: outgoing coefficients (w.r.t. M3_nm, N3_nm) of the total field of a
  unit dipole e_i at r_q, valid at r > all sources:
      aM_nm(q,i) = [j_n(kr_q) - b_n h_n(kr_q)] C_nm(q)^*_i
      aN_nm(q,i) = [N1_nm(r_q) - a_n N3_nm(r_q)]^*ang_i
  alpha_W[q][p][i][j] = 6 pi sum aM(q,i) conj(aM(p,j)) + (same for N)
  ( = (3/2) sum ... if the harmonics are normalised to 4 pi instead of 1 ),
  which in vacuum gives Im g0(r, r) = I.  This is the far-field flux; it is not
  obtained as a remainder.

Huge/tiny radial factors (h_n(x) ~ 1e+300, b_n ~ 1e-600 for n ~ 150) are handled
through complex logarithms of j_n, h_n (ratio recurrences) and logarithmic
derivatives, so every combination that is summed is O(1).

g0[q][p] is the vacuum part (6 pi / k) G0(r_q, r_p); for q == p (or r1 == r2)
its real part diverges and only the imaginary part I is returned (g0 = 1j*I).
"""
import time
import numpy as np
from scipy.special import spherical_jn, spherical_yn

C0 = 299792458.0
FOURPI = 4.0 * np.pi


# ----------------------------------------------------------------------------
# radial functions
# ----------------------------------------------------------------------------
def _radial_real(N, y):
    """Complex logs of j_n(y), h_n(y) (h = h^(1)), and ratios R_n = h_n/h_{n-1},
    for n = 0..N, real y > 0."""
    n = np.arange(N + 1)
    # --- h_n: upward ratio recurrence (stable, h dominated by y_n) ---
    R = np.empty(N + 1, complex)
    R[0] = np.nan
    if N >= 1:
        R[1] = 1.0 / y - 1j
        for k in range(2, N + 1):
            R[k] = (2 * k - 1) / y - 1.0 / R[k - 1]
    logh = np.empty(N + 1, complex)
    logh[0] = -np.log(y) + 1j * (y - np.pi / 2)          # h_0 = -i e^{iy}/y
    if N >= 1:
        logh[1:] = logh[0] + np.cumsum(np.log(R[1:]))
    # --- j_n: scipy below n_sw (> y, beyond the last zero region), then
    #     downward (Miller) ratios S_n = j_n / j_{n-1} ---
    n_sw = min(N + 1, int(np.ceil(y)) + 2)
    jv = spherical_jn(n[:n_sw], y).astype(complex)
    logj = np.empty(N + 1, complex)
    logj[:n_sw] = np.log(jv)
    if n_sw <= N:
        top = int(max(N, y)) + 60
        S = 0.0
        Sarr = np.empty(N + 1)
        for k in range(top, n_sw - 1, -1):
            S = y / (2 * k + 1 - y * S)
            if k <= N:
                Sarr[k] = S
        logj[n_sw:] = logj[n_sw - 1] + np.cumsum(np.log(Sarr[n_sw:].astype(complex)))
    return logj, logh, R


def _logderiv_psi(Nmax, rho):
    """D_n(rho) = psi_n'(rho)/psi_n(rho), n = 0..Nmax, by downward recurrence
    (Bohren & Huffman, BHMIE)."""
    nstart = int(max(Nmax, abs(rho))) + 30
    D = np.zeros(nstart + 1, complex)
    for k in range(nstart, 0, -1):
        D[k - 1] = k / rho - 1.0 / (D[k] + k / rho)
    return D[:Nmax + 1]


def _sphere_coeffs(eps, x, N, lx):
    """Per-n (index 0..N, index 0 unused) scaled Mie quantities.
    Returns bxi2 = b_n xi_n(x)^2, axi2 = a_n xi_n(x)^2, and absorption weights
    AM, AN (zero for PEC / lossless)."""
    logj, logh, R = lx
    n = np.arange(N + 1)
    xipsi = np.zeros(N + 1, complex)
    xipsip = np.zeros(N + 1, complex)
    xipsi[1:] = x * x * np.exp(logh[1:] + logj[1:])
    xipsip[1:] = x * x * np.exp(logh[1:] + logj[:-1]) - n[1:] * x * np.exp(logh[1:] + logj[1:])
    Lxi = np.zeros(N + 1, complex)
    Lxi[1:] = 1.0 / R[1:] - n[1:] / x                         # xi'/xi at x
    AM = np.zeros(N + 1)
    AN = np.zeros(N + 1)
    if eps is None:                                           # perfect conductor
        bxi2 = xipsi.copy()
        axi2 = np.zeros(N + 1, complex)
        axi2[1:] = xipsip[1:] / Lxi[1:]
        return bxi2, axi2, AM, AN
    eps = complex(eps)
    m = np.sqrt(eps)
    rho = m * x
    D = _logderiv_psi(N + 1, rho)
    Dn = D[:N + 1]
    bxi2 = (xipsip - m * xipsi * Dn) / (Lxi - m * Dn)
    axi2 = (m * xipsip - xipsi * Dn) / (m * Lxi - Dn)
    bxi2[0] = axi2[0] = 0
    if eps.imag != 0.0:
        nn = n[1:]
        gM = 1.0 / (x * x * (Lxi[1:] - m * Dn[1:]))           # c_n h_n(x) j_n(mx)/i
        gN = 1.0 / (x * x * (m * Lxi[1:] - Dn[1:]))           # d_n h_n(x) j_n(mx)/i
        ImrD = np.imag(rho * D)                               # Im(rho D_n), n = 0..N+1
        AM[1:] = -6 * np.pi * x * ImrD[1:N + 1] * abs(gM) ** 2
        rm = abs(Dn[1:] + nn / rho) ** 2                      # |j_{n-1}/j_n|^2
        rp = abs((nn + 1) / rho - Dn[1:]) ** 2                # |j_{n+1}/j_n|^2
        AN[1:] = (-6 * np.pi * x * abs(gN) ** 2
                  * ((nn + 1) * ImrD[0:N] * rm + nn * ImrD[2:N + 2] * rp) / (2 * nn + 1))
    return bxi2, axi2, AM, AN


# ----------------------------------------------------------------------------
# angular functions
# ----------------------------------------------------------------------------
def _ylm_table(N, rhat):
    """Y[n, m + N + 1] orthonormal Condon-Shortley Y_nm, n = 0..N, |m| <= n,
    zero for |m| > n (table padded by one column on each side)."""
    ct = rhat[2]
    st = np.hypot(rhat[0], rhat[1])
    eph = (rhat[0] + 1j * rhat[1]) / st if st > 0 else 1.0 + 0j
    P = np.zeros((N + 1, N + 1))
    P[0, 0] = 1.0 / np.sqrt(FOURPI)
    for mm in range(1, N + 1):
        P[mm, mm] = -np.sqrt((2 * mm + 1) / (2.0 * mm)) * st * P[mm - 1, mm - 1]
    for mm in range(0, N):
        P[mm + 1, mm] = np.sqrt(2 * mm + 3) * ct * P[mm, mm]
    for nn in range(2, N + 1):
        mm = np.arange(0, nn - 1)
        a1 = np.sqrt((4.0 * nn * nn - 1) / (nn * nn - mm * mm))
        a0 = np.sqrt((4.0 * (nn - 1) ** 2 - 1) / ((nn - 1) ** 2 - mm * mm))
        P[nn, mm] = a1 * (ct * P[nn - 1, mm] - P[nn - 2, mm] / a0)
    mpos = np.arange(N + 1)
    E = eph ** mpos
    Y = np.zeros((N + 1, 2 * N + 3), complex)
    Y[:, N + 1 + mpos] = P * E[None, :]
    sgn = (-1.0) ** mpos
    Y[:, N + 1 - mpos] = sgn[None, :] * np.conj(Y[:, N + 1 + mpos])
    return Y


def _nm_index(N):
    nk = np.concatenate([np.full(2 * n + 1, n) for n in range(1, N + 1)])
    mk = np.concatenate([np.arange(-n, n + 1) for n in range(1, N + 1)])
    return nk, mk


def _vsh(N, rhat, nk, mk):
    """P_nm, B_nm, C_nm (K x 3, Cartesian) at unit vector rhat, k over (n, m)."""
    Y = _ylm_table(N, rhat)
    off = N + 1
    Y0 = Y[nk, off + mk]
    Yp = Y[nk, off + mk + 1]
    Ym = Y[nk, off + mk - 1]
    Lp = np.sqrt((nk - mk) * (nk + mk + 1.0)) * Yp
    Lm = np.sqrt((nk + mk) * (nk - mk + 1.0)) * Ym
    X = np.stack([(Lp + Lm) / 2, (Lp - Lm) / 2j, mk * Y0], axis=1)
    X /= np.sqrt(nk * (nk + 1.0))[:, None]
    Cv = -1j * X
    Bv = -1j * np.cross(np.broadcast_to(rhat, X.shape), X)
    Pv = Y0[:, None] * rhat[None, :]
    return Pv, Bv, Cv


# ----------------------------------------------------------------------------
# vacuum
# ----------------------------------------------------------------------------
def g0_closed(k, r, rp):
    """(6 pi/k) G0(r, r'), G0 = (I + grad grad/k^2) e^{ikR}/(4 pi R)."""
    Rv = np.asarray(r, float) - np.asarray(rp, float)
    R = np.linalg.norm(Rv)
    u = Rv / R
    kr = k * R
    A = 1 + 1j / kr - 1 / kr ** 2
    Bc = -1 - 3j / kr + 3 / kr ** 2
    G = (A * np.eye(3) + Bc * np.outer(u, u)) * np.exp(1j * kr) / (FOURPI * R)
    return (6 * np.pi / k) * G


def g0_multipole(k, r, rp, N):
    """(6 pi/k) G0(r, r') from the VSH expansion, |r| > |r'| (origin = 0)."""
    r = np.asarray(r, float)
    rp = np.asarray(rp, float)
    y, yp = k * np.linalg.norm(r), k * np.linalg.norm(rp)
    assert y > yp
    nk, mk = _nm_index(N)
    P1, B1, C1 = _vsh(N, r / np.linalg.norm(r), nk, mk)
    P2, B2, C2 = _vsh(N, rp / np.linalg.norm(rp), nk, mk)
    ljy, lhy, Ry = _radial_real(N, y)
    ljp, lhp, Rp = _radial_real(N, yp)
    n = np.arange(1, N + 1)
    hj = np.exp(lhy[1:] + ljp[1:])                            # h_n(y) j_n(y')
    hjm = np.exp(lhy[1:] + ljp[:-1])                          # h_n(y) j_{n-1}(y')
    s = np.sqrt(n * (n + 1.0))
    hP, hB = s / y, 1 / Ry[1:] - n / y                        # N3 / h_n(y)
    # N1(y') * h_n(y):  P part s j_n/y', B part j_{n-1} - n j_n / y'
    jP = s / yp * hj
    jB = hjm - n / yp * hj
    idx = nk - 1
    U = hP[idx, None] * P1 + hB[idx, None] * B1
    V = jP[idx, None] * np.conj(P2) + jB[idx, None] * np.conj(B2)
    g = np.einsum('k,ki,kj->ij', hj[idx], C1, np.conj(C2)) + np.einsum('ki,kj->ij', U, V)
    return 6j * np.pi * g


# ----------------------------------------------------------------------------
# main routine
# ----------------------------------------------------------------------------
def _per_n(eps, x, Ncap, ys):
    lx = _radial_real(Ncap, x)
    bxi2, axi2, AM, AN = _sphere_coeffs(eps, x, Ncap, lx)
    n = np.arange(Ncap + 1)
    s = np.sqrt(n * (n + 1.0))
    pts = []
    for y in ys:
        lj, lh, R = _radial_real(Ncap, y)
        hh = np.zeros(Ncap + 1, complex)                      # h_n(y)/h_n(x)
        hh[1:] = np.exp(lh[1:] - lx[1][1:])
        hP = np.zeros(Ncap + 1, complex)
        hB = np.zeros(Ncap + 1, complex)
        hP[1:] = s[1:] / y
        hB[1:] = 1 / R[1:] - n[1:] / y
        # outgoing coefficients of the total field (alpha_W)
        Th_over = np.zeros(Ncap + 1, complex)                 # h_n(y)/xi_n(x)^2
        Th_over[1:] = np.exp(lh[1:] - 2 * lx[1][1:]) / x ** 2
        jn = np.zeros(Ncap + 1, complex)
        jm = np.zeros(Ncap + 1, complex)
        jn[1:] = np.exp(lj[1:])
        jm[1:] = np.exp(lj[:-1])
        sM = jn - bxi2 * Th_over
        ThN = -axi2 * Th_over                                 # T^N h_n(y)
        sNP = np.zeros(Ncap + 1, complex)
        sNP[1:] = s[1:] / y * (jn[1:] + ThN[1:])
        sNB = np.zeros(Ncap + 1, complex)
        sNB[1:] = (jm[1:] - n[1:] * jn[1:] / y) + ThN[1:] * hB[1:]
        pts.append(dict(hh=hh, hP=hP, hB=hB, sM=sM, sNP=sNP, sNB=sNB))
    return dict(bxi2=bxi2, axi2=axi2, AM=AM, AN=AN, pts=pts)


def _choose_N(rad, x, Ncap, tol):
    n = np.arange(Ncap + 1)
    w = (2 * n + 1) / FOURPI
    P = rad['pts']
    terms = []
    for q in range(2):
        for p in range(2):
            Aq = abs(P[q]['hP']) + abs(P[q]['hB'])
            Ap = abs(P[p]['hP']) + abs(P[p]['hB'])
            F = abs(P[q]['hh'] * P[p]['hh']) / x ** 2
            terms.append(6 * np.pi * w * F * (abs(rad['bxi2']) + abs(rad['axi2']) * Aq * Ap))
            terms.append(w * abs(P[q]['hh'] * P[p]['hh']) * (rad['AM'] + rad['AN'] * Aq * Ap))
        terms.append(6 * np.pi * w * (abs(P[q]['sM']) ** 2
                                      + (abs(P[q]['sNP']) + abs(P[q]['sNB'])) ** 2))
    nmin = x + 4 * x ** (1.0 / 3) + 2
    ok = np.ones(Ncap + 1, bool)
    ok[0] = False
    for t in terms:
        t = t.copy()
        t[0] = 0
        S = np.cumsum(t)
        small = t <= tol * S
        ok &= small & np.concatenate([[False], small[:-1]])
        # geometric estimate of the neglected tail, t_n r/(1-r), r = t_n/t_{n-1}
        tp = np.concatenate([[0.0], t[:-1]])
        with np.errstate(divide='ignore', invalid='ignore'):
            r = np.where(tp > 0, t / tp, 0.0)
            tail = np.where(r < 1, t * r / (1 - r), np.inf)
        ok &= (tail <= tol * S) | (t == 0)
    ok &= n > nmin
    good = np.nonzero(ok)[0]
    return int(good[0]) if len(good) else None


def tensors(eps, a, center, omega, r1, r2, tol=1e-10):
    """gR, alpha_M, alpha_W, g0 (each complex (2,2,3,3), [q][p][i][j]) and nmax.

    eps: complex permittivity (Im >= 0) or None for a perfect conductor.
    Truncation: per-n Cauchy-Schwarz bounds t_n of every summed quantity
    (sum_m |V_nm|^2 = (2n+1)/4pi times the radial factors); nmax is the first
    n > ka + 4 (ka)^(1/3) + 2 with t_n <= tol S_n, t_{n-1} <= tol S_{n-1}
    (S = running sum of the bounds) and geometric tail estimate <= tol S_n.
    """
    k = omega / C0
    x = k * a
    c = np.asarray(center, float)
    pts = [np.asarray(r1, float) - c, np.asarray(r2, float) - c]
    dist = [np.linalg.norm(v) for v in pts]
    if min(dist) <= a:
        raise ValueError("points must lie outside the sphere")
    ys = [k * d for d in dist]
    if eps is not None and complex(eps).imag < 0:
        raise ValueError("Im eps must be >= 0")
    Ncap = int(2 * (x + 4 * x ** (1 / 3) + 2)) + 40
    while True:
        rad = _per_n(eps, x, Ncap, ys)
        N = _choose_N(rad, x, Ncap, tol)
        if N is not None:
            break
        Ncap *= 2
        if Ncap > 20000:
            raise RuntimeError("multipole series did not converge")
    nk, mk = _nm_index(N)
    idx = nk
    V = [_vsh(N, v / d, nk, mk) for v, d in zip(pts, dist)]
    bxi2, axi2, AM, AN = rad['bxi2'], rad['axi2'], rad['AM'], rad['AN']
    Pt = rad['pts']
    gR = np.zeros((2, 2, 3, 3), complex)
    aM = np.zeros((2, 2, 3, 3), complex)
    aW = np.zeros((2, 2, 3, 3), complex)
    g0 = np.zeros((2, 2, 3, 3), complex)
    UN = []       # hP P + hB B            (N3 / h_n(y))
    UNs = []      # hP P^* + hB B^*        (N3^{*ang} / h_n(y))
    WM = []       # alpha_W coefficient vectors
    WN = []
    for q in range(2):
        Pv, Bv, Cv = V[q]
        d = Pt[q]
        UN.append(d['hP'][idx, None] * Pv + d['hB'][idx, None] * Bv)
        UNs.append(d['hP'][idx, None] * np.conj(Pv) + d['hB'][idx, None] * np.conj(Bv))
        WM.append(d['sM'][idx, None] * np.conj(Cv))
        WN.append(d['sNP'][idx, None] * np.conj(Pv) + d['sNB'][idx, None] * np.conj(Bv))
    for q in range(2):
        for p in range(2):
            Cq, Cp = V[q][2], V[p][2]
            F = Pt[q]['hh'] * Pt[p]['hh'] / x ** 2               # h(y_q)h(y_p)/xi(x)^2
            gR[q, p] = 6j * np.pi * (
                np.einsum('k,ki,kj->ij', -(bxi2 * F)[idx], Cq, np.conj(Cp))
                + np.einsum('k,ki,kj->ij', -(axi2 * F)[idx], UN[q], UNs[p]))
            Hm = Pt[q]['hh'] * np.conj(Pt[p]['hh'])
            if np.any(AM) or np.any(AN):
                aM[q, p] = (np.einsum('k,ki,kj->ij', (AM * Hm)[idx], np.conj(Cq), Cp)
                            + np.einsum('k,ki,kj->ij', (AN * Hm)[idx], UNs[q], np.conj(UNs[p])))
            aW[q, p] = 6 * np.pi * (np.einsum('ki,kj->ij', WM[q], np.conj(WM[p]))
                                    + np.einsum('ki,kj->ij', WN[q], np.conj(WN[p])))
            if q == p or np.allclose(pts[q], pts[p], rtol=0, atol=0):
                g0[q, p] = 1j * np.eye(3)
            else:
                g0[q, p] = g0_closed(k, pts[q], pts[p])
    return {'gR': gR, 'alpha_M': aM, 'alpha_W': aW, 'g0': g0, 'nmax': N}


# ----------------------------------------------------------------------------
# self-checks
# ----------------------------------------------------------------------------
def eps_sic(w):
    return 6.7 * (1.827e14 ** 2 - w ** 2 - 1j * 0.9e12 * w) / (1.495e14 ** 2 - w ** 2 - 1j * 0.9e12 * w)


def _rel(a, b):
    return np.max(np.abs(a - b)) / np.max(np.abs(b))


if __name__ == "__main__":
    from scipy.special import sph_harm
    from scipy.integrate import quad
    ok_all = True

    def report(name, val, lim):
        global ok_all
        good = val <= lim
        ok_all &= good
        print(f"{'PASS' if good else 'FAIL'}  {name}: {val:.3e} (limit {lim:.0e})")

    um = 1e-6
    # 0. scalar harmonics vs scipy
    rh = np.array([0.3, -0.5, 0.7]); rh /= np.linalg.norm(rh)
    Y = _ylm_table(12, rh)
    th, ph = np.arccos(rh[2]), np.arctan2(rh[1], rh[0])
    err = max(abs(Y[n, 13 + m] - sph_harm(m, n, ph, th)) for n in range(13) for m in range(-n, n + 1))
    report("0. Y_nm table vs scipy.special.sph_harm (abs)", err, 1e-13)

    # a. vacuum closed form vs multipole expansion
    k = 1.6e14 / C0
    errs = []
    for r, rp in [((0.9, 0.5, 1.2), (0.2, -0.3, 0.1)), ((0.0, 0.0, 2.0), (0.3, 0.4, -0.5)),
                  ((1.5, -1.0, 0.0), (0.0, 0.0, 0.7)), ((3.0, 2.0, -4.0), (1.0, 0.5, 2.0))]:
        r, rp = np.array(r) * um, np.array(rp) * um
        ratio = np.linalg.norm(rp) / np.linalg.norm(r)
        N = int(np.log(1e-14) / np.log(ratio)) + 10
        errs.append(_rel(g0_multipole(k, r, rp, N), g0_closed(k, r, rp)))
    report("a. G0 closed form vs VSH expansion (max rel, 4 geometries)", max(errs), 1e-10)

    # b. eps = 1
    c = np.array([0.1, -0.2, 0.3]) * um
    r1 = c + np.array([0.2, 0.1, 1.3]) * um
    r2 = c + np.array([-0.4, 0.6, 0.9]) * um
    T = tensors(1.0 + 0j, 1 * um, c, 1.6e14, r1, r2)
    report("b. eps=1: max|gR|", np.max(abs(T['gR'])), 1e-12)
    report("b. eps=1: max|alpha_M|", np.max(abs(T['alpha_M'])), 1e-14)
    report("b. eps=1: max|alpha_W - Im g0|", np.max(abs(T['alpha_W'] - T['g0'].imag)), 1e-10)

    # c. small sphere vs dipole
    w = 1.6e14; k = w / C0; eps = -5 + 1j; a = 1e-9
    c = np.array([0.05, 0.02, -0.03]) * um
    r1 = c + np.array([0.3, -0.2, 1.0]) * um
    r2 = c + np.array([-0.5, 0.4, 0.8]) * um
    T = tensors(eps, a, c, w, r1, r2)
    a0 = FOURPI * a ** 3 * (eps - 1) / (eps + 2)
    apol = a0 / (1 - 1j * k ** 3 * a0 / (6 * np.pi))
    beta = k ** 3 * apol / (6 * np.pi)
    rr = [r1, r2]
    e = max(_rel(T['gR'][q, p], beta * g0_closed(k, rr[q], c) @ g0_closed(k, c, rr[p]))
            for q in range(2) for p in range(2))
    report(f"c. small sphere gR vs beta g0 g0 (max rel, nmax={T['nmax']})", e, 1e-4)

    # d. sum rule at a lossy sphere
    a = 1 * um; c = np.array([0.2, -0.1, 0.05]) * um
    r1 = c + np.array([0, 0, 1.5]) * um
    r2 = c + np.array([0.3, -0.2, 1.4]) * um
    T = tensors(eps, a, c, w, r1, r2)
    lhs = T['alpha_W'] + T['alpha_M']
    rhs = (T['g0'] + T['gR']).imag
    report(f"d. sum rule alpha_W+alpha_M = Im(g0+gR) (rel. to max, nmax={T['nmax']})",
           np.max(abs(lhs - rhs)) / np.max(abs(rhs)), 1e-9)
    print(f"      max|Im(g0+gR)| = {np.max(abs(rhs)):.6g}, max|alpha_M| = {np.max(abs(T['alpha_M'])):.6g},"
          f" max|alpha_W| = {np.max(abs(T['alpha_W'])):.6g}")
    # same with PEC (alpha_M = 0)
    Tp = tensors(None, a, c, w, r1, r2)
    report("d'. PEC sum rule alpha_W = Im(g0+gR)",
           np.max(abs(Tp['alpha_W'] - (Tp['g0'] + Tp['gR']).imag)) / np.max(abs((Tp['g0'] + Tp['gR']).imag)), 1e-9)
    # and a larger, less lossy sphere (size parameter ~ 10)
    Tb = tensors(2.5 + 0.1j, 1 * um, c, 3e15, c + np.array([0.4, 0.3, 1.2]) * um,
                 c + np.array([-0.6, 0.5, 1.3]) * um)
    rb = (Tb['g0'] + Tb['gR']).imag
    report(f"d''. sum rule ka={3e15 / C0 * um:.1f}, eps=2.5+0.1j (nmax={Tb['nmax']})",
           np.max(abs(Tb['alpha_W'] + Tb['alpha_M'] - rb)) / np.max(abs(rb)), 1e-9)

    # e. reciprocity
    gR = T['gR']
    report("e. gR[0][1] - gR[1][0]^T", np.max(abs(gR[0, 1] - gR[1, 0].T)) / np.max(abs(gR)), 1e-12)
    for key in ('alpha_M', 'alpha_W'):
        A = T[key]
        report(f"e. {key}[1][0] - {key}[0][1]^H", np.max(abs(A[1, 0] - A[0, 1].conj().T)) / np.max(abs(A)), 1e-12)
        report(f"e. {key}[q][q] Hermitian", max(np.max(abs(A[q, q] - A[q, q].conj().T)) for q in range(2)) / np.max(abs(A)), 1e-12)

    # h. covariance under a global rotation of the whole geometry (general positions)
    th, ph = 0.7, 0.4
    Q = (np.array([[np.cos(th), -np.sin(th), 0], [np.sin(th), np.cos(th), 0], [0, 0, 1]])
         @ np.array([[1, 0, 0], [0, np.cos(ph), -np.sin(ph)], [0, np.sin(ph), np.cos(ph)]]))
    c = np.array([0.1, 0.2, -0.1]) * um
    p1 = np.array([0.3, -0.4, 1.2]) * um; p2 = np.array([-0.8, 0.5, 0.9]) * um
    T1 = tensors(eps, a, c, w, c + p1, c + p2)
    T2 = tensors(eps, a, Q @ c, w, Q @ c + Q @ p1, Q @ c + Q @ p2)
    eh = max(np.max(abs(np.einsum('ia,qpab,jb->qpij', Q, T1[key], Q) - T2[key])) / np.max(abs(T2[key]))
             for key in ('gR', 'alpha_M', 'alpha_W'))
    report("h. rotation covariance Q T Q^T (max rel over gR, alpha_M, alpha_W)", eh, 1e-12)

    # g. alpha_M radial route vs quadrature (unscaled Mie c_n, d_n of BH 4.52)
    m = np.sqrt(eps); x = k * a; alpha = m * k
    lx = _radial_real(8, x)
    _, _, AM, AN = _sphere_coeffs(eps, x, 8, lx)
    errg = 0
    for n in (1, 2, 3, 5, 8):
        j = lambda z, d=False: spherical_jn(n, z, derivative=d)
        h = lambda z, d=False: spherical_jn(n, z, derivative=d) + 1j * spherical_yn(n, z, derivative=d)
        xh_p = h(x) + x * h(x, True)
        xj_p = j(x) + x * j(x, True)
        mxj_p = j(m * x) + m * x * j(m * x, True)
        cn = (j(x) * xh_p - h(x) * xj_p) / (j(m * x) * xh_p - h(x) * mxj_p)
        dn = (m * j(x) * xh_p - m * h(x) * xj_p) / (m * m * j(m * x) * xh_p - h(x) * mxj_p)
        fM = lambda r: abs(j(alpha * r)) ** 2 * r * r
        fN = lambda r: (n * (n + 1) * abs(j(alpha * r) / (alpha * r)) ** 2
                        + abs((j(alpha * r) + alpha * r * j(alpha * r, True)) / (alpha * r)) ** 2) * r * r
        IM = quad(fM, 0, a, epsabs=0, epsrel=1e-13, limit=200)[0]
        IN = quad(fN, 0, a, epsabs=0, epsrel=1e-13, limit=200)[0]
        pref = 6 * np.pi * k ** 3 * eps.imag * abs(h(x)) ** 2
        errg = max(errg, abs(pref * abs(cn) ** 2 * IM / AM[n] - 1), abs(pref * abs(dn) ** 2 * IN / AN[n] - 1))
    report("g. alpha_M closed-form radial integrals vs quadrature with BH c_n,d_n (max rel)", errg, 1e-9)

    # f. timing
    w = 1.6e14; eps = eps_sic(w); c = np.zeros(3)
    r1 = np.array([0, 0, 1.1]) * um; r2 = np.array([0.25, 0, 1.1]) * um
    tensors(eps, 1 * um, c, w, r1, r2, tol=1e-8)          # warm-up
    t0 = time.perf_counter()
    Tf = tensors(eps, 1 * um, c, w, r1, r2, tol=1e-8)
    dt = time.perf_counter() - t0
    rf = (Tf['g0'] + Tf['gR']).imag
    print(f"f. timing: eps_SiC({w:.2e}) = {eps:.6g}, one tensors() call: {dt * 1e3:.1f} ms, "
          f"nmax = {Tf['nmax']}, sum-rule residual {np.max(abs(Tf['alpha_W'] + Tf['alpha_M'] - rf)) / np.max(abs(rf)):.2e}")
    Tr = tensors(eps, 1 * um, c, w, r1, r2, tol=1e-14)
    for key in ('gR', 'alpha_M', 'alpha_W'):
        report(f"f. truncation error at tol=1e-8 vs tol=1e-14 (nmax {Tf['nmax']} vs {Tr['nmax']}), {key}",
               np.max(abs(Tf[key] - Tr[key])) / np.max(abs(Tr[key])), 1e-8)
    print("ALL PASS" if ok_all else "SOME CHECKS FAILED")
