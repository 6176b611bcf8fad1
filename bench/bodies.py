"""Issue 12's benchmark: each new body's electromagnetic functions, neqent
against an independent reference side by side.

neqent (bench_bodies): one geometry at tolerance 1e-8, the time of
neq_em_tensors_compute and qubit 1's self term g_R (zz, xx) at z = 1 um.
The reference, written here: the Fresnel coefficients of uniaxial layers
with conducting sheets by the Airy sum in numpy (its own formulas, the
permittivities and graphene's Kubo conductivity coded from the same sources
as the library's table), and g_R on the real axis in the smooth variables
  g_zz = (3i/2)[int_0^1 dq r_TM (1 - q^2) e^{i k0 q sz}
                - i int_0^inf dv r_TM(iv) (1 + v^2) e^{-k0 v sz}],
  g_xx = (3i/4)[int_0^1 dq (r_TE - q^2 r_TM) e^{i k0 q sz}
                - i int_0^inf dv (r_TE(iv) + v^2 r_TM(iv)) e^{-k0 v sz}],
by scipy.integrate.quad at epsrel 1e-10, the peaks of |r_TM(iv)| (guided
modes, polaritons) found by a scan and given as break points.
usage: bodies.py BUILD_DIR"""
import json
import os
import subprocess
import sys
import time

import numpy as np
from scipy import integrate

build = sys.argv[1]
C, HBAR, QE, KB, EPS0 = 299792458.0, 1.054571817e-34, 1.602176634e-19, 1.380649e-23, 8.8541878128e-12
CM1 = 2 * np.pi * C * 100


def dl(einf, wl, wt, g, w):
    return einf * (wl**2 - w**2 - 1j * g * w) / (wt**2 - w**2 - 1j * g * w)


def eps_of(name, w):
    """(eps_par, eps_perp) from the cited models (docs/materials.md)"""
    if name == "sic":
        e = dl(6.7, 1.827e14, 1.495e14, 0.9e12, w)
        return e, e
    if name == "hbn":
        return dl(4.87, 1610 * CM1, 1370 * CM1, 5 * CM1, w), dl(2.95, 830 * CM1, 780 * CM1, 4 * CM1, w)
    if name == "sio2":
        e = 2.03843 + 0j
        for hw, S, G in ((0.05624, 0.93752, 0.09906), (0.09952, 0.05050, 0.05511),
                         (0.13355, 0.60642, 0.05246)):
            w0 = hw * QE / HBAR
            e += S * w0**2 / (w0**2 - w**2 - 1j * G * w0 * w)
        return e, e
    if name == "si-n:1e25":
        N, ms = 1e25, 0.26 * 9.1093837015e-31
        mu = 68.5e-4 + (1414e-4 - 68.5e-4) / (1 + (N / 9.2e22) ** 0.711)
        wp2, g = N * QE**2 / (EPS0 * ms), QE / (ms * mu)
        e = 11.7 - wp2 / (w**2 + 1j * g * w)
        return e, e
    raise ValueError(name)


def graphene_sigma(mu, T, gamma, w):
    kT = KB * T
    intra = 2j * QE**2 * kT / (np.pi * HBAR**2 * (w + 1j * gamma)) * np.log(2 * np.cosh(mu / (2 * kT)))
    H = lambda x: np.sinh(HBAR * x / kT) / (np.cosh(mu / kT) + np.cosh(HBAR * x / kT))  # noqa: E731
    # in y = x / w (values of order 1: quad's default absolute tolerance would
    # swamp the 1e-30 scale of the integral in x)
    f = lambda y: (H(w * y) - H(w / 2)) / (1 - 4 * y * y)  # noqa: E731
    Y = 60 + (40 * kT + 2 * abs(mu)) / (HBAR * w)  # beyond Y, H = 1 to double precision:
    I = sum(integrate.quad(f, a, b, epsabs=0, epsrel=1e-12, limit=400)[0]
            for a, b in ((0, 0.5), (0.5, 2), (2, Y)))
    I += (1 - H(w / 2)) / 4 * np.log((2 * Y - 1) / (2 * Y + 1))  # int_Y^inf, closed form
    return intra + QE**2 / (4 * HBAR) * (H(w / 2) + 4j / np.pi * I)


def kz(x):
    k = np.sqrt(x + 0j)
    return -k if k.imag < 0 else k


def fresnel(media, d, sheets, k0, q):
    """media: [(eps_par, eps_perp)] from the vacuum above to the half-space
    below; d: thicknesses of the layers between; sheets: conductance Z0 sigma
    at each interface.  Returns (r_TE, r_TM)."""
    u2 = 1 - q * q
    out = []
    for pol in (0, 1):
        kzs = [kz(ep - u2) if pol == 0 else kz(ep - ep / epp * u2) for ep, epp in media]
        kzs[0] = q
        R = 0
        for j in range(len(media) - 1, 0, -1):  # the interface above medium j
            a, c, s = kzs[j - 1], kzs[j], sheets[j - 1]
            ea, ec = media[j - 1][0], media[j][0]
            if pol == 0:
                D = a + c + s
                r, ru, t, tu = (a - c - s) / D, (c - a - s) / D, 2 * a / D, 2 * c / D
            else:
                D = ec * a + ea * c + s * a * c
                r, ru = (ec * a - ea * c + s * a * c) / D, (ea * c - ec * a + s * a * c) / D
                t, tu = 2 * ec * a / D, 2 * ea * c / D
            if j == len(media) - 1:
                R = r
            else:
                P2 = np.exp(2j * kzs[j] * k0 * d[j - 1])
                R = r + t * tu * R * P2 / (1 - ru * R * P2)
        out.append(R)
    return out


def reference(case):
    w = case["omega"]
    k0, sz = w / C, 2e-6
    media = [(1 + 0j, 1 + 0j)] + [eps_of(m, w) for m in case["media"]]
    z0s = [case["sheet"](w) / (EPS0 * C) if i == 0 and case["sheet"] else 0
           for i in range(len(media) - 1)]
    r = lambda q: fresnel(media, case["d"], z0s, k0, q)  # noqa: E731
    vmax = 80 / (k0 * sz)
    grid = np.geomspace(1e-3, vmax, 4000)
    mag = np.array([abs(r(1j * v)[1]) for v in grid])
    peaks = [grid[i] for i in range(1, len(grid) - 1) if mag[i] > mag[i - 1] and mag[i] > mag[i + 1]
             and mag[i] > 2]
    res = []
    for comp in ("zz", "xx"):
        def prop(q, part):
            te, tm = r(q)
            f = tm * (1 - q * q) if comp == "zz" else 0.5 * (te - q * q * tm)
            v = 1.5j * f * np.exp(1j * k0 * q * sz)
            return v.real if part == 0 else v.imag

        def evan(v, part):
            te, tm = r(1j * v)
            f = tm * (1 + v * v) if comp == "zz" else 0.5 * (te + v * v * tm)
            val = 1.5 * f * np.exp(-k0 * v * sz)
            return val.real if part == 0 else val.imag
        tot = 0
        for part in (0, 1):
            a = integrate.quad(prop, 0, 1, args=(part,), epsrel=1e-10, limit=800)[0]
            b = integrate.quad(evan, 0, vmax, args=(part,), epsrel=1e-10, limit=2000,
                               points=peaks or None)[0]
            tot += (a + b) * (1 if part == 0 else 1j)
        res.append(tot)
    return res


CASES = [
    {"media": ["hbn"], "d": [], "sheet": None},
    {"media": ["hbn"], "d": [], "sheet": None},
    {"media": ["hbn", "vacuum"], "d": [1e-7], "sheet": None},
    {"media": ["sio2", "si-n:1e25"], "d": [1e-7],
     "sheet": lambda w: graphene_sigma(0.2 * QE, 300, 1e13, w)},
]


_eps_library = eps_of


def eps_of(name, w):  # noqa: F811 - the vacuum below a layer, then the library
    return (1 + 0j, 1 + 0j) if name == "vacuum" else _eps_library(name, w)

out = subprocess.check_output([os.path.join(build, "bench_bodies")], text=True)
rows = [json.loads(l) for l in out.splitlines()][1:]  # the SiC slab: bench/em.py's
print("| body (tolerance 1e-8, one geometry) | neqent | scipy reference | ratio | "
      "g_R zz, xx: relative difference |")
print("|---|---|---|---|---|")
for row, case in zip(rows, CASES):
    case["omega"] = row["omega"]
    t = time.perf_counter()
    gzz, gxx = reference(case)
    tref = time.perf_counter() - t
    ezz = abs(gzz - complex(*row["gzz"])) / abs(gzz)
    exx = abs(gxx - complex(*row["gxx"])) / abs(gxx)
    print(f"| {row['name']} | {row['ms']:.2f} ms | {tref * 1e3:.0f} ms (2 of neqent's numbers) | "
          f"{tref * 1e3 / row['ms']:.0f}x | {ezz:.1e}, {exx:.1e} |", flush=True)
