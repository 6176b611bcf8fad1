"""Reference values for neqent's bellomo-fig3b numbers: C_max(r) = max_{n_S, n_A >= 0} C(inf) of eq. (12)
at r = Gamma_A/Gamma_S (Gamma_S = 1; K1 is homogeneous of degree 0 in the Gammas).

eq. (12), typed from the paper: K1 = [|n_S - n_A|(G_S + G_A)/2 - sqrt(W_G W_E)] / Z,
  W_G = (1+n_A)^2 (1+2n_S) G_A + (1+2n_A)(1+n_S)^2 G_S,  W_E = n_A^2 (1+2n_S) G_A + (1+2n_A) n_S^2 G_S,
  Z = sum of the four numerators of eq. (10); C = 2 max(0, K1).
Method (as established in /work/research/report.md, section 1, re-done here):
  * 1/3 <= r <= 3: C_max = 0 exactly (K1 <= 0 everywhere; exact proof in research/q1_proof_band.py);
    here re-checked: max of K1 over a 400 x 400 log grid is <= 0.
  * r < 1/3: the maximiser lies on the edge n_S = 0 (K1 decreases away from it: checked on the grid and by
    the sign of dK1/dn_S at the optimum); maximise K1(0, n_A) by mpmath (30 digits) root finding of
    dK1/d(log n_A), started from the best grid point.  r > 3: mirror image (n_A = 0, variable n_S).
  * the global grid maximum never exceeds the edge optimum.
Tolerance: the maximum value is insensitive to the optimiser's location error (quadratic), and eq. (12)
  loses at most ~1e3 x eps to cancellation near r = 1/3, 3; a double code meets ~1e-13 relative:
  allowed 1e-9 relative + 1e-14 absolute (the absolute part for the exact zeros).
"""
import os
import numpy as np
import mpmath as mp

mp.mp.dps = 30
R = [1e-08, 1e-06, 0.0001, 0.001, 0.01, 0.1, 0.2, 0.3, 0.33, 1, 3.03, 5, 10, 100, 10000, 1e+08]


def K1(nS, nA, r, lib=np):
    GA, GS = r, 1
    WG = (1 + nA) ** 2 * (1 + 2 * nS) * GA + (1 + 2 * nA) * (1 + nS) ** 2 * GS
    WA = nA * (1 + nA) * (1 + 2 * nS) * GA + (nA * (1 + 2 * nS) + nS ** 2 * (1 + 2 * nA)) * GS
    WS = nS * (1 + nS) * (1 + 2 * nA) * GS + (nS * (1 + 2 * nA) + nA ** 2 * (1 + 2 * nS)) * GA
    WE = nA ** 2 * (1 + 2 * nS) * GA + (1 + 2 * nA) * nS ** 2 * GS
    return (abs(nS - nA) * (GS + GA) / 2 - lib.sqrt(WG * WE)) / (WG + WA + WS + WE)


g = np.concatenate(([0.0], np.logspace(-10, 4, 399)))
NS, NA = np.meshgrid(g, g, indexing='ij')
out = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'bellomo-fig3b.txt'), 'w')
out.write("# bellomo-fig3b: name value abs_tol rel_tol source  (written by ref_bellomo-fig3b.py)\n"
          "# C_max(r) = max over n_S, n_A >= 0 of eq. (12); 30-digit values; tolerance 1e-9 rel + 1e-14 abs\n")
for r in R:
    k = K1(NS, NA, r)
    i = np.unravel_index(np.argmax(k), k.shape)
    if 1 / 3 <= r <= 3:
        assert k[i] <= 1e-15
        C, how = mp.mpf(0), "0 exactly for 1/3 <= r <= 3 (exact proof research/q1_proof_band.py; grid max of K1 <= 0)"
    else:
        edge = 'S' if r < 1 / 3 else 'A'           # which n is 0 at the optimum
        rr = mp.mpf(r)
        f = (lambda x: K1(mp.mpf(0), x, rr, mp)) if edge == 'S' else (lambda x: K1(x, mp.mpf(0), rr, mp))
        x0 = NA[i] if edge == 'S' else NS[i]
        assert (NS[i] if edge == 'S' else NA[i]) == 0 and x0 > 0           # grid optimum on the edge
        t = mp.findroot(lambda s: mp.diff(lambda u: f(mp.e ** u), s), mp.log(x0), tol=mp.mpf(10) ** -26)
        x = mp.e ** t
        Kx = f(x)
        assert Kx >= k[i] - 1e-15 and mp.diff(lambda u: f(mp.e ** u), t, 2) < 0
        # KKT: moving off the edge lowers K1
        dn = mp.diff(lambda y: K1(y, x, rr, mp), 0, direction=1) if edge == 'S' else \
            mp.diff(lambda y: K1(x, y, rr, mp), 0, direction=1)
        assert dn < 0
        C = 2 * Kx
        how = (f"maximiser on the edge n_{edge} = 0, n_{'A' if edge == 'S' else 'S'}* = {mp.nstr(x, 12)};"
               f" mpmath 30 digits, dK1/dn_normal = {mp.nstr(dn, 3)} < 0")
    name = "C_max_r=%g" % r
    s = f"{name} {'%.17g' % float(C)} 1e-14 1e-09 ref_bellomo-fig3b.py: {how}"
    print(s)
    out.write(s + "\n")
out.close()
