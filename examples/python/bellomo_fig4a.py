"""Bellomo & Antezza (2013), Fig. 4(a): the steady concurrence of two qubits
above a SiC slab over (z2, T_M), and its maximum along z2 = z1.

Run: PYTHONPATH=build/python python3 examples/python/bellomo_fig4a.py"""
import matplotlib.pyplot as plt
import numpy as np
from scipy.optimize import minimize_scalar

import neqent

# the map: the library's grid runner, two threads, arrays shaped like the grid
z2 = np.linspace(0.5e-6, 2.0e-6, 31)
TM = np.linspace(300, 3000, 31)
grid = neqent.sweep("body", vary={"z2": z2, "TM": TM}, threads=2, frame=False,
                    quantities=["concurrence"])
fig, ax = plt.subplots(figsize=(5, 4))
cs = ax.contourf(TM, z2 * 1e6, grid["concurrence"], levels=20, cmap="viridis")
fig.colorbar(cs, label="C")
ax.set_xlabel("T_M (K)")
ax.set_ylabel("z2 (um)")
fig.savefig("bellomo_fig4a.png", dpi=120)

# along z2 = z1 = 1 um: one geometry, so one model and many temperatures
m = neqent.BodyModel()                       # the paper's geometry, z1 = z2 = 1 um
best = minimize_scalar(lambda T: -m.steady(30, T).concurrence, bounds=(800, 1500),
                       method="bounded", options={"xatol": 1e-6})
r = m.steady(30, best.x)
print(f"ANSWER C_max_line {r.concurrence!r}")
print(f"ANSWER T_M_at_max_line {best.x!r}")
print(f"ANSWER n_S_line {r.n_S!r}")
print(f"ANSWER n_A_line {r.n_A!r}")
