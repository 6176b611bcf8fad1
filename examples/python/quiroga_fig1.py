"""Quiroga et al. (2007), Fig. 1: where the two-qubit steady state sits in the
(e1, e2) plane (the populations of the eigenstates s1, s2) as the baths move
apart, T1 = T_M + dT/2, T2 = T_M - dT/2 at T_M = 1, for eps = 1/3 and 3.

Run: PYTHONPATH=build/python python3 examples/python/quiroga_fig1.py"""
import matplotlib.pyplot as plt
import numpy as np

import neqent

fig, ax = plt.subplots(figsize=(5, 4))
for eps, style in ((1 / 3, "o-"), (3.0, "s-")):
    m = neqent.BathsModel(eps1=eps, eps2=eps)        # K = 1, global master equation
    dT = np.arange(0, 2.0, 0.1)
    states = [m.steady(1 + d / 2, 1 - d / 2) for d in dT]  # T1, T2
    ax.plot([s.e1 for s in states], [s.e2 for s in states], style, ms=3,
            label=f"eps = {eps:.3g}")
    # the equilibrium state (dT = 0): its concurrence, a number of the figure
    name = "C_eq_T1_eps1/3" if eps < 1 else "C_eq_T1_eps3"
    print(f"ANSWER {name} {states[0].concurrence!r}")
ax.set_xlabel("e1")
ax.set_ylabel("e2")
ax.legend()
fig.savefig("quiroga_fig1.png", dpi=120)
