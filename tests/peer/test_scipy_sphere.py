"""neqent's sphere against an independent plain-Python Mie sum
(bench/sphere_ref.py: vector spherical harmonics summed over every m in the
global frame, alpha_W from the far field rather than as a remainder).

`neqent rates --body sphere` at fully 3D geometries (the centre off every
axis, qubits at different distances, real and complex dipoles, SiC in its
band, a Drude metal, a lossy dielectric, a perfect conductor) prints the
projected alpha_W^{qq'}, alpha_M^{qq'} and Lambda^{qq'}; the reference
projects its tensors the same way (x^{qq'} = conj(d_q) . X^{qq'} . d_q').
Both at tolerance 1e-10; agreement to 1e-8 of the largest entry (the
truncation of two independent series).  alpha_W's agreement is the
equilibrium sum rule alpha_W + alpha_M = Im g checked against the far
field."""
import json
import os
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "bench"))
import sphere_ref  # noqa: E402

lib = sys.argv[1]
BIN = os.path.join(os.path.dirname(os.path.abspath(lib)), "neqent")
C0 = 299792458.0

cases = [  # material spec, eps(omega) for the reference, R, centre, omega, z1, z2, r12, d1, d2
    ("sic", sphere_ref.eps_sic(1.6e14), 1e-6, (0.3e-6, -0.4e-6, -1.5e-6), 1.6e14, 0.4e-6, 1.1e-6, 0.7e-6,
     "0,0,1", "1,0,0"),
    ("sic", sphere_ref.eps_sic(1.6e14), 0.5e-6, (-0.2e-6, 0.6e-6, -0.1e-6), 1.6e14, 0.3e-6, 0.5e-6, 1.2e-6,
     "1,1,0", "0,1,1;0.5,0,0"),
    ("drude:1,1.37e16,1e14", 1 - 1.37e16 ** 2 / (3e14 ** 2 + 1j * 1e14 * 3e14), 0.2e-6, (0, 0, -0.3e-6),
     3e14, 0.15e-6, 0.2e-6, 0.4e-6, "0,0,1", "0,0,1"),
    ("const:2.25,0.4", 2.25 + 0.4j, 2e-6, (1e-6, 0, -2.5e-6), 2e14, 0.1e-6, 1.0e-6, 0.2e-6,
     "1,0,1", "0,1,0"),
    ("pec", None, 1e-6, (0, 0.3e-6, -1.2e-6), 2e14, 0.5e-6, 0.6e-6, 0.5e-6, "0,0,1", "1,0,0"),
]


def vec(s):
    parts = s.split(";")
    re = np.array([float(x) for x in parts[0].split(",")])
    im = np.array([float(x) for x in parts[1].split(",")]) if len(parts) > 1 else np.zeros(3)
    v = re + 1j * im
    return v / np.linalg.norm(v)


fails = 0
worst = 0.0
for mat, eps, R, c, w, z1, z2, r12, d1, d2 in cases:
    args = [BIN, "rates", "--body", "sphere", "--material", mat, "--radius", repr(R),
            "--center", ",".join(repr(x) for x in c), "--omega", repr(w), "--z1", repr(z1),
            "--z2", repr(z2), "--r12", repr(r12), "--dipole1", d1, "--dipole2", d2,
            "--tol", "1e-10", "--json"]
    d = json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout)
    r1, r2 = np.array([0.0, 0.0, z1]), np.array([r12, 0.0, z2])
    ref = sphere_ref.tensors(eps, R, np.array(c), w, r1, r2, tol=1e-10)
    u = [vec(d1), vec(d2)]
    for key, T in (("alpha_W", ref["alpha_W"]), ("alpha_M", ref["alpha_M"]),
                   ("lambda", None)):
        got = np.array(d[key])[..., 0] + 1j * np.array(d[key])[..., 1]
        want = np.zeros((2, 2), complex)
        for q in range(2):
            for p in range(2):
                if key == "lambda":  # eq. (7): -1/2 d* Re(g) d; self: the body's part only
                    G = ref["gR"][q][p].real + (0 if q == p else ref["g0"][q][p].real)
                    want[q, p] = -0.5 * (u[q].conj() @ G @ u[p])
                else:
                    want[q, p] = u[q].conj() @ T[q][p] @ u[p]
        scale = max(np.max(np.abs(want)), 1e-300)
        err = np.max(np.abs(got - want)) / scale
        worst = max(worst, err)
        if not err <= 1e-8 and not (key == "alpha_M" and scale == 0 and np.max(np.abs(got)) == 0):
            fails += 1
            print(f"FAIL {mat} R={R}: {key} differs by {err:.2e}\n  neqent {got}\n  ref    {want}")
print(f"sphere vs plain Python Mie: {len(cases)} geometries, largest difference {worst:.1e}, "
      f"{fails} failed")
sys.exit(1 if fails else 0)
