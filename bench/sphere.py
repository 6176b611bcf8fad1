"""Issue 12's sphere benchmark: neqent's Mie series (bench_sphere, C) against
a plain Python Mie sum (bench/sphere_ref.py: full sums over m of vector
spherical harmonics in the global frame, no rotation, alpha_W from the far
field), side by side on the same inputs at the same tolerance (1e-8).

For each case: both times per geometry, their ratio, the number of
multipoles each took, and the largest difference of every tensor entry
(g_R, alpha_M, alpha_W of both points and the pair) relative to that
tensor's largest entry.  The reference is run only where its multipole
count stays moderate (it is ~300x slower per multipole).
usage: sphere.py BUILD_DIR"""
import json
import os
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sphere_ref  # noqa: E402

build = sys.argv[1]
out = subprocess.run([os.path.join(build, "bench_sphere")], capture_output=True, text=True,
                     check=True).stdout
print(f"{'case':>34} {'neqent ms':>10} {'ref ms':>9} {'ratio':>7} {'n':>6} {'n ref':>6} "
      f"{'g_R':>8} {'alpha_M':>8} {'alpha_W':>8}")
worst = 0.0
for line in out.splitlines():
    c = json.loads(line)
    R, w = c["R"], c["omega"]
    name = (f"R {R * 1e6:g} um, gap {(np.linalg.norm(c['r1']) - R) * 1e6:.3g} um" +
            (" (3D)" if c["r1"][0] else ""))
    tens = {k: np.array(c[k])[:, 0] + 1j * np.array(c[k])[:, 1] for k in ("g_R", "alpha_M", "alpha_W")}
    if c["multipoles"] > 2500:
        print(f"{name:>34} {c['ms']:10.3f} {'-':>9} {'-':>7} {c['multipoles']:6d} {'-':>6}   "
              "(beyond the reference's reach)")
        continue
    eps = sphere_ref.eps_sic(w)
    best = 1e300
    for _ in range(3):
        t0 = time.perf_counter()
        ref = sphere_ref.tensors(eps, R, np.zeros(3), w, np.array(c["r1"]), np.array(c["r2"]), tol=1e-8)
        best = min(best, time.perf_counter() - t0)
    diffs = []
    for k, rk in (("g_R", "gR"), ("alpha_M", "alpha_M"), ("alpha_W", "alpha_W")):
        r = ref[rk].reshape(36)
        d = np.max(np.abs(tens[k] - r)) / np.max(np.abs(r))
        diffs.append(d)
        worst = max(worst, d)
    ms = best * 1e3
    print(f"{name:>34} {c['ms']:10.3f} {ms:9.1f} {ms / c['ms']:7.0f} {c['multipoles']:6d} "
          f"{ref['nmax']:6d} " + " ".join(f"{d:8.1e}" for d in diffs))
print(f"largest relative difference: {worst:.1e} (both at tolerance 1e-8)")
