"""Electromagnetic benchmark (issue 4): neqent vs an adaptive reference,
scipy.integrate.quad on the same integrands, side by side.

Geometry: the paper's (SiC slab, delta = 10 nm, omega = 0.3 omega_r,
z1 = z2 = 1 um, r12 = 0.25 um), z dipoles: the 2 x 2 matrices alpha_W,
alpha_M and Lambda/Gamma_0 (12 numbers).  The reference: the reduced eq. (5)
(docs/physics.md) coded here with numpy for the slab's rho, tau, the guided-
mode poles found by its own scan + complex Newton and passed to quad as break
points, each of the 12 numbers one quad call per sector at epsrel 1e-10.
usage: em.py BUILD_DIR"""
import json
import os
import subprocess
import sys
import time

import numpy as np
from scipy import integrate, special

build = sys.argv[1]
C = 299792458.0
w = 0.3 * 1.495e14
k0 = w / C
delta, z, r12 = 0.01e-6, 1e-6, 0.25e-6
eps = 6.7 * (1.827e14**2 - w**2 - 1j * 0.9e12 * w) / (1.495e14**2 - w**2 - 1j * 0.9e12 * w)


def rho_tau_tm(q):
    """slab (vacuum both sides), TM magnetic convention, q = kz0/k0"""
    k1 = np.sqrt(eps - 1 + q * q + 0j)
    if k1.imag < 0:
        k1 = -k1
    r = (eps * q - k1) / (eps * q + k1)
    t01 = 2 * eps * q / (eps * q + k1)
    t10 = 2 * k1 / (k1 + eps * q)
    P = np.exp(1j * k1 * k0 * delta)
    den = 1 - r * r * P * P
    return r * (1 - P * P) / den, t01 * t10 * P / den


def scan_poles():
    v = np.concatenate([np.geomspace(1e-9, 1, 600), np.linspace(1, 40 / (k0 * 2 * z), 600)[1:]])
    mag = np.abs([rho_tau_tm(1j * x)[0] for x in v])
    poles = []
    for k in range(1, len(v) - 1):
        if mag[k] > mag[k - 1] and mag[k] > mag[k + 1] and mag[k] > 1.5:
            p = complex(v[k])
            for _ in range(50):
                h = 1e-7 * abs(p)
                f = 1 / rho_tau_tm(1j * p)[0]
                df = (1 / rho_tau_tm(1j * (p + h))[0] - 1 / rho_tau_tm(1j * (p - h))[0]) / (2 * h)
                p -= f / df
            poles.append(p.real)
    return poles


def residue(p, r, N=64):
    th = 2 * np.pi * (np.arange(N) + 0.5) / N
    zs = p + r * np.exp(1j * th)
    f = np.array([1 / rho_tau_tm(1j * zz)[0] for zz in zs])
    return 1 / (np.sum(f * np.exp(-1j * th)) / (N * r))


def newton(v):
    p = complex(v)
    for _ in range(50):
        h = 1e-7 * abs(p)
        f = 1 / rho_tau_tm(1j * p)[0]
        df = (1 / rho_tau_tm(1j * (p + h))[0] - 1 / rho_tau_tm(1j * (p - h))[0]) / (2 * h)
        p -= f / df
    return p


def quantities(subtract):
    """subtract=True: neqent's integrands (pole term subtracted, added back
    analytically); False: the raw integrands with break points at the poles"""
    poles = [newton(p) for p in scan_poles()]
    poles = [(p, residue(p, 0.05 * p.real)) for p in poles]
    V = 40 / (k0 * 2 * z)
    out = {"alpha_W": [], "alpha_M": [], "lambda": []}
    for x in (0.0, r12, r12, 0.0):  # (1,1), (1,2), (2,1), (2,2); z1 = z2
        sz, dz = 2 * z, 0.0

        def prop(wv, which):
            u = np.sqrt(1 - wv * wv)
            A = u * u * special.j0(k0 * u * x)
            rho, tau = rho_tau_tm(wv)
            es = np.exp(1j * k0 * wv * sz)
            if which == "W":
                val = 0.75 * A * (abs(rho) ** 2 + abs(tau) ** 2 + es * rho + np.conj(es * rho) + 1)
            elif which == "M":
                val = 0.75 * A * (1 - abs(rho) ** 2 - abs(tau) ** 2)
            else:
                val = 1.5j * rho * es * A
            return val.real

        def h(v):
            u = np.sqrt(1 + v * v)
            return 1.5 * np.exp(-k0 * v * sz) * u * u * special.j0(k0 * u * x)

        # Taylor data of the smooth factor at each pole (5-point stencil)
        tay = []
        for p, R in poles:
            vr, d = p.real, min(p.real / 2.5, 1e-3 / (k0 * sz))
            dh = (-h(vr + 2 * d) + 8 * h(vr + d) - 8 * h(vr - d) + h(vr - 2 * d)) / (12 * d)
            tay.append((p, R, vr, h(vr), dh))

        def evan(v, part):
            val = rho_tau_tm(1j * v)[0] * h(v)
            if subtract:
                for p, R, vr, a0, a1 in tay:
                    val -= R * (a0 + a1 * (v - vr)) / (v - p)
            return val.imag if part == "im" else val.real

        def analytic(a, b):
            tot = 0j
            if subtract:
                for p, R, vr, a0, a1 in tay:
                    L = np.log(b - p) - np.log(a - p)
                    tot += R * ((a0 + a1 * (p - vr)) * L + a1 * (b - a))
            return tot

        q = lambda f, a, b, pts=None: integrate.quad(f, a, b, points=pts, epsrel=1e-10,
                                                     epsabs=1e-14, limit=2000)[0]
        pts = [p.real for p, _ in poles if 0 < p.real < V]
        an = analytic(0.0, V)
        aW = q(lambda t: prop(t, "W"), 0, 1)
        aM = q(lambda t: prop(t, "M"), 0, 1) + q(lambda t: evan(t, "im"), 0, V, pts) + an.imag
        gR = q(lambda t: prop(t, "G"), 0, 1) + q(lambda t: evan(t, "re"), 0, V, pts) + an.real
        if x == 0:
            lam = -0.5 * gR
        else:
            xi = k0 * x
            reg0 = 1.5 * (np.cos(xi) / xi - np.cos(xi) / xi**3 - np.sin(xi) / xi**2)
            lam = -0.5 * (reg0 + gR)
        out["alpha_W"].append(aW)
        out["alpha_M"].append(aM)
        out["lambda"].append(lam)
    return out


def rho_tau_both(q):
    """slab: [TE, TM] reflection and transmission (vacuum both sides)"""
    k1 = np.sqrt(eps - 1 + q * q + 0j)
    if k1.imag < 0:
        k1 = -k1
    P = np.exp(1j * k1 * k0 * delta)
    out = []
    for a, c in ((q, k1), (eps * q, k1)):  # TE: (kz0, kz1); TM: (eps kz0, kz1)
        r = (a - c) / (a + c)
        t01, t10 = 2 * a / (a + c), 2 * c / (c + a)
        den = 1 - r * r * P * P
        out.append((r * (1 - P * P) / den, t01 * t10 * P / den))
    return out


def full_tensors():
    """every entry neqent computes: alpha_W, alpha_M, g_R, 5 tensor entries,
    4 pairs, both polarisations (TE and TM poles subtracted as in neqent),
    one quad call per real and imaginary part"""
    V = 40 / (k0 * 2 * z)
    poles = []
    for pol in (0, 1):
        vgrid = np.concatenate([np.geomspace(1e-9, 1, 600), np.linspace(1, V, 600)[1:]])
        mag = np.abs([rho_tau_both(1j * x)[pol][0] for x in vgrid])
        for k in range(1, len(vgrid) - 1):
            if mag[k] > mag[k - 1] and mag[k] > mag[k + 1] and mag[k] > 1.5:
                pv = complex(vgrid[k])
                for _ in range(50):
                    h = 1e-7 * abs(pv)
                    f = lambda y: 1 / rho_tau_both(1j * y)[pol][0]
                    pv -= f(pv) / ((f(pv + h) - f(pv - h)) / (2 * h))
                th = 2 * np.pi * (np.arange(64) + 0.5) / 64
                r0 = 0.05 * pv.real
                fs = np.array([1 / rho_tau_both(1j * (pv + r0 * np.exp(1j * t)))[pol][0] for t in th])
                poles.append((pol, pv, 1 / (np.sum(fs * np.exp(-1j * th)) / (64 * r0))))
    pairs = [(0.0, 2 * z), (-r12, 2 * z), (r12, 2 * z), (0.0, 2 * z)]
    values = []
    for x, sz in pairs:
        def ang(u):
            y = k0 * u * x
            J0, J1, J2 = special.j0(y), special.j1(y), special.jv(2, y)
            return (J0 - J2) / 2, (J0 + J2) / 2, J0, J1

        def hev(v):  # [TE, TM] x 5 components
            u = np.sqrt(1 + v * v)
            c2, s2, j0, j1 = ang(u)
            E = 1.5 * np.exp(-k0 * v * sz)
            return [np.array([E * s2, E * c2, 0, 0, 0]),
                    np.array([E * v * v * c2, E * v * v * s2, E * u * u * j0, E * v * u * j1,
                              -E * v * u * j1])]

        tay = []
        for pol, pv, R in poles:
            vr, d = pv.real, min(pv.real / 2.5, 1e-3 / (k0 * sz))
            dh = (-hev(vr + 2 * d)[pol] + 8 * hev(vr + d)[pol] - 8 * hev(vr - d)[pol]
                  + hev(vr - 2 * d)[pol]) / (12 * d)
            tay.append((pv, R, vr, hev(vr)[pol], dh))

        def evan(v):
            h = hev(v)
            rr = rho_tau_both(1j * v)
            val = rr[0][0] * h[0] + rr[1][0] * h[1]
            for pv, R, vr, a0, a1 in tay:
                val = val - R * (a0 + a1 * (v - vr)) / (v - pv)
            return val

        def prop(wv):
            u = np.sqrt(1 - wv * wv)
            c2, s2, j0, j1 = ang(u)
            rr = rho_tau_both(wv)
            es = np.exp(1j * k0 * wv * sz)
            W = np.zeros(5, complex)
            M = np.zeros(5, complex)
            G = np.zeros(5, complex)
            for pol in (0, 1):
                rho, tau = rr[pol]
                RT = abs(rho) ** 2 + abs(tau) ** 2
                if pol == 0:
                    App = Amm = Apm = Amp = np.array([s2, c2, 0, 0, 0], complex)
                else:
                    xz = 1j * wv * u * j1
                    App = np.array([wv * wv * c2, wv * wv * s2, u * u * j0, -xz, -xz])
                    Amm = np.array([wv * wv * c2, wv * wv * s2, u * u * j0, xz, xz])
                    Apm = np.array([-wv * wv * c2, -wv * wv * s2, u * u * j0, -xz, xz])
                    Amp = np.array([-wv * wv * c2, -wv * wv * s2, u * u * j0, xz, -xz])
                W += 0.75 * (App * RT + es * Apm * rho + np.conj(es) * Amp * np.conj(rho) + Amm)
                M += 0.75 * App * (1 - RT)
                G += 1.5j * rho * es * Apm
            return np.concatenate([W, M, G])

        pts = sorted(pv.real for _, pv, _ in poles if 0 < pv.real < V)
        q = lambda f, a, b, pp=None: integrate.quad(f, a, b, points=pp, epsrel=1e-10,
                                                    epsabs=1e-14, limit=2000)[0]
        P = [[q(lambda t: part(prop(t)[m]), 0, 1) for part in (np.real, np.imag)]
             for m in range(15)]
        Ev = [[q(lambda t: part(evan(t)[m]), 0, V, pts) for part in (np.real, np.imag)]
              for m in range(5)]
        # analytic pole terms, as in neqent
        an = np.zeros(5, complex)
        for pv, R, vr, a0, a1 in tay:
            L = np.log(V - pv) - np.log(0 - pv)
            an += R * ((a0 + a1 * (pv - vr)) * L + a1 * (V - 0))
        ev = np.array([complex(*e) for e in Ev]) + an
        Pc = np.array([complex(*e) for e in P])
        values += list(Pc[0:5])                        # alpha_W
        values += list(Pc[5:10] + ev.imag)             # alpha_M = prop + Im g_R,ev
        values += list(Pc[10:15] + ev)                 # g_R
    return values


env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
neq = json.loads(subprocess.check_output([os.path.join(build, "bench_em"), "1e-9"], env=env))
import warnings
t0 = time.perf_counter()
reps = 3
for _ in range(reps):
    ref = quantities(True)
t_sp = (time.perf_counter() - t0) / reps * 1e3
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # QUADPACK warns of roundoff: that is the point
    t0 = time.perf_counter()
    raw = quantities(False)
    t_raw = (time.perf_counter() - t0) * 1e3
err_neq = max(abs(a - b) / max(abs(b), 1e-12) for k in ("alpha_W", "alpha_M", "lambda")
              for a, b in zip(neq[k], neq[k + "_ref"]))
err_sp = max(abs(a - b) / max(abs(b), 1e-12) for k in ("alpha_W", "alpha_M", "lambda")
             for a, b in zip(ref[k], neq[k + "_ref"]))
t0 = time.perf_counter()
full = full_tensors()
t_full = (time.perf_counter() - t0) * 1e3
tr = neq["tensors_ref"]
tref = [complex(tr[2 * i], tr[2 * i + 1]) for i in range(len(tr) // 2)]
scale = max(abs(v) for v in tref)
err_full = max(abs(a - b) / max(abs(b), 1e-6 * scale) for a, b in zip(full, tref))
err_raw = max(abs(a - b) / max(abs(b), 1e-12) for k in ("alpha_W", "alpha_M", "lambda")
              for a, b in zip(raw[k], neq[k + "_ref"]))
print(json.dumps({"neqent_cold_ms": neq["cold_ms"], "neqent_warm_ms": neq["warm_ms"],
                  "scipy_ms": t_sp, "ratio_cold": t_sp / neq["cold_ms"],
                  "neqent_max_rel_err": err_neq, "scipy_max_rel_err": err_sp,
                  "scipy_raw_ms": t_raw, "scipy_raw_max_rel_err": err_raw,
                  "scipy_full_ms": t_full, "ratio_full_cold": t_full / neq["cold_ms"],
                  "scipy_full_max_rel_err": err_full}))
print()
print("| one geometry: 2x2 alpha_W, alpha_M, Lambda (z dipoles), one core | time | max rel. error vs 1e-13 run |")
print("|---|---|---|")
print(f"| scipy.integrate.quad on neqent's integrands, every entry neqent computes (3x3 tensors, 4 pairs, TE+TM, one quad per real part), epsrel 1e-10 | {t_full:.0f} ms | {err_full:.1e} |")
print(f"| scipy.integrate.quad on neqent's integrands, z-projected 2x2 only (poles subtracted), epsrel 1e-10 | {t_sp:.1f} ms | {err_sp:.1e} |")
print(f"| scipy.integrate.quad on the raw integrands, break points at the poles | {t_raw:.1f} ms | {err_raw:.1e} (wrong) |")
print(f"| neqent, first geometry for this body and omega (pole scan included) | {neq['cold_ms']:.3f} ms | {err_neq:.1e} |")
print(f"| neqent, further geometries (poles cached) | {neq['warm_ms']:.3f} ms | {err_neq:.1e} |")
print(f"| ratio, same set of entries (cold) | {t_full / neq['cold_ms']:.0f}x | |")
print(f"| ratio, z-projected reference (cold) | {t_sp / neq['cold_ms']:.0f}x | |")
