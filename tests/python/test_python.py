"""The Python package (python/neqent) against the command line and QuTiP.

Run with PYTHONPATH at the built package (make python):
    tests/python/test_python.py NEQENT_BINARY
- values equal the command line's JSON on the same inputs bit for bit (the
  same C code; the JSON's numbers read back exactly);
- sweep arrays equal `neqent sweep` CSV rows bit for bit;
- steadystate round trip with QuTiP Qobjs against qutip.steadystate to 1e-10
  (both solve the same linear problem to ~1e-13; d = 4, 8 dense and 16, 32
  through the sparse solver), the Kossakowski form against the equivalent
  collapse operators (its eigen-operators) to 1e-12;
- a non-unique steady state raises, or warns with rho0 and returns the state
  reached (the dark state stays dark);
- the GIL is released during a sweep: another Python thread keeps counting;
- neqent.optimize gives the command line's optimum bit for bit (and the
  Fig. 4(a) maximum), keeps a linked parameter on its line, reports an
  infeasible problem;
- bad input raises ValueError with the library's message, never crashes;
- 10,000 calls do not grow the resident memory (less than 8 MB)."""
import inspect
import json
import math
import subprocess
import sys
import threading
import time
import warnings

import numpy as np

import neqent

BIN = sys.argv[1]
BAD_ONLY = "--bad-input" in sys.argv[2:]
fails = 0
checks = 0


def check(cond, what):
    global fails, checks
    checks += 1
    if not cond:
        fails += 1
        print(f"FAIL: {what}")


def cli_json(*args):
    return json.loads(subprocess.check_output([BIN, *args, "--json"]))


# --- bad input (also run alone under ASan+UBSan: --bad-input) -------------


def bad_input():
    bad = [(lambda: neqent.body(TM=float("nan")), "TM"),
           (lambda: neqent.body(TM=-5), "TM"),
           (lambda: neqent.baths(T1="-1"), "T1"),
           (lambda: neqent.body(zz1=1e-6), "did you mean 'z1'"),
           (lambda: neqent.body(z1="1 parsec"), "z1"),
           (lambda: neqent.body(quantities=["concurence"]), "did you mean 'concurrence'"),
           (lambda: neqent.steadystate(np.zeros((4, 3)), []), "shape"),
           (lambda: neqent.steadystate(np.eye(4), [np.eye(2)]), "shape"),
           (lambda: neqent.steadystate(np.eye(2) * np.nan, []), "NaN"),
           (lambda: neqent.concurrence(np.eye(3)), "4 x 4"),
           (lambda: neqent.sweep("body", vary={"TM": [300, -1]}), "TM"),
           (lambda: neqent.sweep("nobody", vary={}), "unknown model"),
           (lambda: neqent.BodyModel().steady(30, 1000, z1="2um"), "setup"),
           (lambda: neqent.body(array="chain:13"), "array"),
           (lambda: neqent.body(z1="-1um"), "z1"),
           (lambda: neqent.body(z1=float("inf")), "z1"),
           (lambda: neqent.body(TM=[300, 400]), "TM"),
           (lambda: neqent.body(qubits="/nonexistent.geo"), "nonexistent"),
           (lambda: neqent.body(qubits="/tmp"), "/tmp"),
           (lambda: neqent.evolve("body", initial="file:/tmp", t_max=1), "/tmp"),
           (lambda: neqent.evolve("body", initial="B", t_max=1), "B"),
           (lambda: neqent.evolve("body", initial=np.eye(3), t_max=1), "shape"),
           (lambda: neqent.evolve("body", t_max=-1), "t"),
           (lambda: neqent.negativity(np.eye(6) / 6, dims=(4, 2)), "dims"),
           (lambda: neqent.steadystate(np.eye(2), [], kossakowski=(np.eye(2), [np.eye(2)])),
            "rate matrix"),
           (lambda: neqent.sweep("body", vary={"TM": []}), "no values"),
           (lambda: neqent.sweep("body", vary={"T": [1]}), "did you mean"),
           (lambda: neqent.sweep("body", vary={"TM": [1]}, on_error="ignore"), "on_error"),
           (lambda: neqent.Model("body").steady(1, 2, 3), "positional"),
           (lambda: neqent.Model("body").steady(300, TW=400), "TW given twice"),
           (lambda: neqent.evolve("baths", initial=np.eye(4) / 2, t_max=1), "trace 2"),
           (lambda: neqent.evolve("baths", initial=np.diag([1.5, -.5, 0, 0]), t_max=1),
            "not positive"),
           (lambda: neqent.evolve("baths", t_max=1, points=3.7), "points"),
           (lambda: neqent.evolve("baths", times=[]), "times"),
           (lambda: neqent.concurrence(2 * np.eye(4) / 4), "trace 2"),
           (lambda: neqent.negativity(np.eye(8) / 8), "dims"),
           (lambda: neqent.negativity(np.eye(4) / 4, dims="22"), "dims"),
           (lambda: neqent.steadystate(np.array([["a"]]), []), "numbers"),
           (lambda: neqent.sweep("body", vary={"TM": [[300, 600], [900, 1200]]}), "1-D"),
           (lambda: neqent.sweep("body", vary=None), "dict"),
           (lambda: neqent.sweep("body", vary={1: [300]}), "strings"),
           (lambda: neqent.sweep("body", vary={"TM": [300]}, threads=None), "threads"),
           (lambda: neqent.sweep("body", vary={"TM": [300]}, threads=10**10), "threads"),
           (lambda: neqent.sweep("body", vary={"TM": [300]}, quantities=[None]), "strings"),
           (lambda: neqent.sweep("body", vary={"TM": [300]}, quantities=[]), "empty"),
           (lambda: neqent.sweep("body", vary={"TM": [1j]}), "TM"),
           (lambda: neqent.body(quantities=[None]), "strings"),
           (lambda: neqent.body(dipole1=None), "dipole1"),
           (lambda: neqent.body(shifts=2), "shifts"),
           (lambda: neqent.body(body=1), "body"),
           (lambda: neqent.Model(["body"]), "unknown model"),
           (lambda: neqent.optimize("body", maximize="concurence", vary={"TM": (30, 2000)}),
            "did you mean 'concurrence'"),
           (lambda: neqent.optimize("body", vary={"TM": (30, 2000)}), "maximize= or minimize="),
           (lambda: neqent.optimize("body", maximize="concurrence"), "nothing varied"),
           (lambda: neqent.optimize("body", maximize="concurrence", vary={"TM": ("2000K", "30K")}),
            "empty"),
           (lambda: neqent.optimize("body", maximize="concurrence", vary={"TM": (30, "hot")}), "TM"),
           (lambda: neqent.optimize("body", maximize="concurrence", vary={"TM": 300}), "expected"),
           (lambda: neqent.optimize("body", maximize="rho", vary={"TM": (30, 2000)}), "not a scalar"),
           (lambda: neqent.optimize("body", maximize="concurrence", vary={"TM": (30, 2000)},
                                    subject_to=["purty>=1"]), "purty"),
           (lambda: neqent.optimize("body", maximize="concurrence", vary={"TM": (30, 2000)},
                                    subject_to=["purity=1"]), "QUANTITY>=X"),
           (lambda: neqent.optimize("body", maximize="concurrence", vary={"TM": (30, 2000)},
                                    seed=-1), "seed"),
           (lambda: neqent.optimize("body", maximize="concurrence",
                                    vary={"material": ["sic", "unobtainium"]}), "unobtainium")]
    for f, what in bad:
        try:
            f()
            check(False, f"no exception ({what})")
        except ValueError as e:
            check(what in str(e), f"message {str(e)!r} does not name {what!r}")
        except Exception as e:  # noqa: BLE001
            check(False, f"{type(e).__name__} instead of ValueError: {e}")


def same(a, b):
    """bit for bit, NaN (undefined: null in JSON) equal to NaN"""
    if a is None:
        return isinstance(b, float) and math.isnan(b)
    return a == b


if BAD_ONLY:
    bad_input()
    print(f"python (bad input): {checks} checks, {fails} failed")
    sys.exit(1 if fails else 0)

# help() lists every parameter with its default and unit
doc = neqent.body.__doc__
check("z1 [m] = 1e-06" in doc and "TM [K] = 1000.0" in doc and "concurrence" in doc,
      "help(neqent.body) lacks a parameter's default and unit")
check(str(inspect.signature(neqent.baths)).startswith("(*, eps1=0.3333333333333333"),
      f"signature {inspect.signature(neqent.baths)}")

# --- values equal the command line's ------------------------------------
cases = [("body", {}), ("body", {"z2": "1.2um", "TM": "1209K", "r12": "0.1um"}),
         ("body", {"array": "chain:3:0.2um"}), ("baths", {}), ("baths", {"me": "local", "T1": 2}),
         ("baths", {"me": "redfield", "eps2": 0.9}), ("rates", {"z2": "0.7um"})]
for model, kw in cases:
    args = [model] + [x for k, v in kw.items() for x in (f"--{k}", str(v))]
    c = cli_json(*args)
    r = getattr(neqent, model)(**kw)
    for q, v in c.items():
        if q in ("model", "neqent", "parameters", "units"):
            continue
        p = r[q]
        if isinstance(p, float) or isinstance(p, bool):
            check(same(v, p), f"{model} {kw}: {q} {v!r} (CLI) != {p!r}")
        elif isinstance(p, np.ndarray) and np.iscomplexobj(p):
            cm = np.array([[complex(*(float("nan") if y is None else y for y in x)) for x in row]
                           for row in v])
            check(np.array_equal(cm, p, equal_nan=True), f"{model} {kw}: {q} differs")
        else:
            cv = np.array(v, dtype=float)  # null -> nan
            check(np.array_equal(cv, np.asarray(p, dtype=float), equal_nan=True),
                  f"{model} {kw}: {q} differs")
    for k, v in c["parameters"].items():
        check(r.parameters[k][0] == v, f"{model}: parameter {k} {v!r} != {r.parameters[k]!r}")
# the model object reuses the geometry: same numbers as a fresh call
m = neqent.BodyModel(z2="1.2um")
for TM in (300, 1209):
    a, b = m.steady(30, TM), neqent.body(z2="1.2um", TM=TM)
    check(a.concurrence == b.concurrence and np.array_equal(a.rho, b.rho), f"BodyModel at {TM}")

# --- sweep arrays equal the CLI's CSV --------------------------------------
TM = np.linspace(300, 1500, 4)
z2 = ["0.9um", "1.1um", "1.3um"]
s = neqent.sweep("body", vary={"z2": z2, "TM": TM}, threads=2, frame=False, progress=False,
                 quantities=["concurrence", "heat_body", "purity"])
subprocess.check_call([BIN, "sweep", "body", "--vary", "z2=0.9um,1.1um,1.3um", "--vary",
                       "TM=" + ",".join(repr(x) for x in TM), "--quantities",
                       "concurrence,heat_body,purity", "--out", "/tmp/neqent-py-sweep.csv",
                       "--force", "--quiet"])
rows = [l.split(",") for l in open("/tmp/neqent-py-sweep.csv") if not l.startswith("#")]
head, rows = rows[0], rows[1:]
col = {h.split("[")[0].strip(): i for i, h in enumerate(head)}
check(s["concurrence"].shape == (3, 4), f"sweep shape {s['concurrence'].shape}")
for i, row in enumerate(rows):
    a, b = divmod(i, 4)
    for q in ("concurrence", "heat_body", "purity"):
        check(float(row[col[q]]) == s[q][a, b], f"sweep row {i} {q}: {row[col[q]]} != {s[q][a, b]!r}")
check(np.array_equal(s["TM"], TM) and abs(s["z2"][1] - 1.1e-6) < 1e-20, "sweep axes")
# with pandas (installed by scripts/install-deps): a DataFrame, one row per point in grid order
import pandas as pd  # noqa: E402

df = neqent.sweep("body", vary={"z2": z2, "TM": TM}, quantities=["concurrence"], progress=False)
check(isinstance(df, pd.DataFrame) and list(df.columns) == ["z2", "TM", "concurrence"] and
      np.array_equal(df["concurrence"].to_numpy(), s["concurrence"].ravel()) and
      np.array_equal(df["TM"].to_numpy(), np.tile(TM, 3)), "sweep as a DataFrame")

# --- steadystate against QuTiP ----------------------------------------------
import qutip as qt  # noqa: E402

rng = np.random.default_rng(3)


def rand_op(d):
    return rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d))


for n in (1, 2, 3, 4, 5):
    d = 2 ** n
    dims = [[2] * n, [2] * n]
    A = rand_op(d)
    H = qt.Qobj((A + A.conj().T) / 2, dims=dims)
    c_ops = [qt.Qobj(0.3 * rand_op(d), dims=dims) for _ in range(2)]
    rq = qt.steadystate(H, c_ops)
    rn, info = neqent.steadystate(H, c_ops, return_info=True)
    check(isinstance(rn, qt.Qobj) and rn.dims == dims, f"d = {d}: a Qobj in gives a Qobj out")
    err = np.abs(rn.full() - rq.full()).max()
    check(err < 1e-10, f"d = {d}: steadystate differs from QuTiP by {err:.2e}")
    check(info["residual"] < 1e-12 and info["null_dim"] == 1, f"d = {d}: info {info}")
    rr = neqent.steadystate(H.full(), [c.full() for c in c_ops])
    check(isinstance(rr, np.ndarray) and np.array_equal(rr, rn.full()), f"d = {d}: arrays in")
check(abs(neqent.concurrence(rn.full()[:4, :4] / np.trace(rn.full()[:4, :4])) - qt.concurrence(
    qt.Qobj(rn.full()[:4, :4] / np.trace(rn.full()[:4, :4]), dims=[[2, 2], [2, 2]]))) < 1e-12,
    "concurrence against QuTiP")
rho = neqent.from_qutip(qt.rand_dm(4, dims=[[2, 2], [2, 2]], seed=5))
check(abs(neqent.negativity(rho) - qt.negativity(neqent.to_qutip(rho), 1)) < 1e-12,
      "negativity against QuTiP")
# Kossakowski form sum_ab gamma_ab (A_b rho A_a^+ - ...) (docs/physics.md): with
# gamma = U diag(w) U^+ it equals collapse operators sqrt(w_k) sum_b conj(U_bk) A_b
d = 4
A = [rand_op(d) for _ in range(3)]
G = rand_op(3)
gamma = G @ G.conj().T
w, U = np.linalg.eigh(gamma)
L = [np.sqrt(w[k]) * sum(np.conj(U[i, k]) * A[i] for i in range(3)) for k in range(3)]
H0 = rand_op(d)
H0 = (H0 + H0.conj().T) / 2
a = neqent.steadystate(H0, [], kossakowski=(gamma, A))
b = neqent.steadystate(H0, L)
check(np.abs(a - b).max() < 1e-12, f"Kossakowski form: {np.abs(a - b).max():.1e}")
# heat currents of two baths at equal temperatures vanish; at different, sum to 0
sm = np.array([[0, 1], [0, 0]], complex)  # |0><1|: lowers |1> (excited) to |0>
Hq = np.diag([-0.5, 0.5]).astype(complex)
bath = lambda n: [math.sqrt(1 + n) * sm, math.sqrt(n) * sm.conj().T]  # noqa: E731
J, sigma = neqent.heat_currents(Hq, [bath(0.2), bath(0.7)],
                                temperatures=[1 / math.log(1 / 0.2 + 1), 1 / math.log(1 / 0.7 + 1)])
check(abs(J.sum()) < 1e-14 and J[1] > 0 and sigma >= 0, f"heat currents {J}, sigma {sigma}")

# --- non-unique steady states -------------------------------------------------
sm2 = [np.kron(sm, np.eye(2)), np.kron(np.eye(2), sm)]
collective = sm2[0] + sm2[1]  # the antisymmetric state is dark
try:
    neqent.steadystate(np.zeros((4, 4)), [collective])
    check(False, "a dark state: no exception")
except neqent.NonUniqueError as e:
    check(e.null_dim >= 2, f"null_dim {e.null_dim}")
dark = np.array([0, 1, -1, 0]) / math.sqrt(2)
with warnings.catch_warnings(record=True) as wlist:
    warnings.simplefilter("always")
    r = neqent.steadystate(np.zeros((4, 4)), [collective], rho0=np.outer(dark, dark))
check(any("not unique" in str(x.message) for x in wlist), "no warning for a non-unique state")
check(abs(neqent.concurrence(r) - 1) < 1e-12, "the dark state did not stay dark")

# --- evolve ------------------------------------------------------------------
t, rho_t, obs = neqent.evolve("body", initial="A", t_max=10000, points=5)  # 35 x 1/gap
r = neqent.body()
check(rho_t.shape == (5, 4, 4) and abs(obs["C_1_2"][-1] - r.concurrence) < 1e-6,
      f"evolve: C(t_max) {obs['C_1_2'][-1]} vs steady {r.concurrence}")
check(abs(obs["C_1_2"][0] - 1) < 1e-12, "evolve: C(0) of |A> is 1")

# --- the GIL is released during a sweep ------------------------------------------
count = [0]
stop = threading.Event()


def counter():
    while not stop.is_set():
        count[0] += 1


th = threading.Thread(target=counter)
th.start()
time.sleep(0.05)
c0 = count[0]
t0 = time.perf_counter()
neqent.sweep("baths", vary={"T1": np.linspace(0.5, 3, 300), "T2": np.linspace(0.5, 3, 300)},
             threads=1, frame=False, progress=False)
dt = time.perf_counter() - t0
c1 = count[0]
stop.set()
th.join()
check(dt > 0.2 and c1 - c0 > 1000, f"GIL: the counter advanced {c1 - c0} in {dt:.2f} s")

bad_input()

# a failed call leaves nothing behind in the model (review: TM stayed 500)
mb = neqent.BodyModel()
try:
    mb.steady(TM=500, TW=-5)
except ValueError:
    pass
check(mb.steady(TW=40).concurrence == neqent.body(TW=40).concurrence,
      "Model.steady kept a value from a call that failed")
# results copy and pickle (multiprocessing)
import copy  # noqa: E402
import pickle  # noqa: E402

rb = neqent.baths()
check(copy.copy(rb).concurrence == rb.concurrence and
      pickle.loads(pickle.dumps(rb)).parameters == rb.parameters, "copy or pickle of a result")
# Ctrl-C stops a sweep with KeyboardInterrupt, never a result with holes
import os  # noqa: E402
import signal  # noqa: E402

threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
try:
    neqent.sweep("body", vary={"z1": np.linspace(0.5e-6, 3e-6, 3000), "TM": [300, 600]},
                 quantities=["concurrence"], frame=False, progress=False)
    check(False, "Ctrl-C during a sweep: no KeyboardInterrupt")
except KeyboardInterrupt:
    check(True, "")

# --- optimize: the library's search, the command line's answer bit for bit ---------

o = neqent.optimize("body", maximize="concurrence", vary={"z2": ("0.2um", "3um"),
                                                          "TM": ("30K", "2000K")}, seed=5)
c = cli_json("optimize", "body", "--maximize", "concurrence", "--vary", "z2=0.2um:3um",
             "--vary", "TM=30K:2000K", "--seed", "5")
check(o.value == c["value"] and o.x["z2"] == c["variables"][0]["value"] and
      o.result.concurrence == c["best"]["quantities"]["concurrence"],
      f"optimize differs from the command line: {o.value} vs {c['value']}")
check(abs(o.value - 0.22413669555323196) < 1e-4 and o.bounds == {"z2": "interior", "TM": "interior"},
      f"optimize: the Fig. 4(a) maximum, got {o!r}")
check(o.history.shape == (o.evaluations, len(o.history_columns)) and o.failed == 0,
      f"optimize history {o.history.shape}")
e = neqent.optimize("baths", maximize="concurrence", vary={"T1": (0.6, 1.4, {"T2": (1.4, 0.6)})})
check(abs(e.parameters["T1"][0] + e.parameters["T2"][0] - 2) < 1e-12, "optimize: linked T2")
inf = neqent.optimize("body", maximize="concurrence", vary={"TM": (30, 2000)},
                      subject_to=[("purity", ">=", 1.5)], starts=1, evals=10)
check(not inf.feasible and inf.value is None and inf.result is None, "optimize: infeasible")

# --- memory ------------------------------------------------------------------------


def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024


m = neqent.BathsModel()
for i in range(500):
    m.steady(1, 1 + i * 1e-3)
r0 = rss()
for i in range(10000):
    m.steady(1, 1 + i * 1e-4)
    if i % 10 == 0:
        neqent.baths(T1=1 + i * 1e-5)
grow = rss() - r0
check(grow < 8e6, f"10,000 calls grew the resident memory by {grow / 1e6:.1f} MB")

print(f"python: {checks} checks, {fails} failed")
sys.exit(1 if fails else 0)
