"""Issue 15's benchmark: the HEOM steady state of the two-qubit, two-bath
model (include/neqent/heom.h), neqent against QuTiP 4.7's HEOMSolver on the
same hierarchies, one core (OPENBLAS_NUM_THREADS=1).

Model: eps1 = 1, eps2 = 1.2, K = 0.05, K' = 0, T1 = 1.5, T2 = 0.5,
gamma1 = gamma2 = 1, Drude-Lorentz baths with lambda = 0.1, cutoff 2; Pade
expansion with the terminator.  Three parts:

1. Side by side: Pade Nk = 1, 2, 3 and depth 3..6 (35 to 3003 ADOs), and
   Nk = 4, depth 5.
   neqent: neq_heom_steady called through ctypes on libneqent.so (the best
   of repeats; it builds the hierarchy and solves it; PETSc started
   beforehand), and the command line (`neqent validity baths --json
   --heom_tol 0 ...`, which also solves the four master equations) once,
   for its wall time and peak memory (GNU time's %M).  QuTiP: the peer of
   tests/peer/test_qutip_heom.py (its function peer(), copied below), each
   hierarchy in a process of its own for its peak memory: the HEOMSolver's
   construction and steady_state() timed apart (its default sparse LU,
   scipy's spsolve: no MKL here).  rho, the concurrence, the purity and the
   heat currents are compared (rho to 1e-8).  QuTiP is not run on larger
   hierarchies once one of its solves exceeds QUTIP_STOP seconds, or once
   its solves so far extrapolate beyond QUTIP_PREDICT (a power law in the
   ADO count); Nk = 4, depth 5 (3003 ADOs, odd depth: GMRES) comes before
   Nk = 3, depth 6 (3003 ADOs, even depth: GMRES breaks down, UMFPACK).
2. neqent alone as the depth (Nk = 3) and the number of exponentials
   (depth 5) grow, up to ~44,000 ADOs, and two more: UMFPACK up to 16000
   real unknowns (2000 ADOs), GMRES + ILU(0) beyond (ILU(2), then UMFPACK
   up to 64000 unknowns, when GMRES breaks down: the path is read from
   PETSc's -ksp_converged_reason on the command line's run); the exponent of
   time and memory against the ADO count, fitted per solver.
3. Converged points: neq_heom_converge with the command line's defaults
   (Pade, terminator, heom_tol 1e-4, heom_max_ados 200000) and the whole
   `neqent validity baths --lambda L --cutoff 2 --eps1 1 --eps2 1.2 --K 0.05`
   (best of 3 wall times), lambda = 0.001 ... 0.1, against the issue's
   targets (lambda <= 0.03: 0.2 s; 0.1: 2 s).
usage: heom.py BUILD_DIR"""
import ctypes as ct
import json
import math
import os
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = dict(e1=1.0, e2=1.2, K=0.05, Kp=0.0, T1=1.5, T2=0.5, g1=1.0, g2=1.0, lam=0.1, gc=2.0)
QUTIP_STOP = 120.0     # s: no larger hierarchy on QuTiP after a solve this long
QUTIP_PREDICT = 600.0  # s: nor when its solves so far extrapolate beyond this
QUTIP_TIMEOUT = 240.0  # s: a QuTiP process is killed after this (with its solve
                       # unfinished: 3003 ADOs took > 720 s and > 7.5 GB here)
PART1 = [(nk, d) for nk in (1, 2, 3) for d in (3, 4, 5, 6)] + [(4, 5)]
PART2 = [(3, d) for d in range(3, 11)] + [(nk, 5) for nk in range(1, 9)] + [(2, 10), (4, 7)]
LAMBDAS = [0.001, 0.003, 0.01, 0.03, 0.1]
TOL = 1e-8


def n_ados(nk, depth):
    """binomial(K + depth, depth), K = 2 (nk + 1) exponentials (both baths, Drude pole included)"""
    return math.comb(2 * (nk + 1) + depth, depth)


# ---- QuTiP, in a process of its own -------------------------------------------------------------

def peer(kind, nk, depth, e1, e2, K, Kp, T1, T2, g1, g2, lam, gc):
    """As tests/peer/test_qutip_heom.py (peer()), with the construction and the
    steady_state() call timed apart; the heat currents as there (not timed)."""
    import qutip as qt
    from qutip.nonmarkov.heom import (DrudeLorentzBath, DrudeLorentzPadeBath,
                                      HEOMSolver)
    sys.path.insert(0, os.path.join(HERE, "..", "tests", "peer"))
    from qutip_models import DIMS, SX, Q_of, heom_heat_currents

    def build():
        H = qt.Qobj(Q_of(e1, e2, K, Kp), dims=DIMS)
        Bath = DrudeLorentzPadeBath if kind == "pade" else DrudeLorentzBath
        Qs = [qt.Qobj(s, dims=DIMS) for s in SX]
        baths = [Bath(Qs[j], g * lam, gc, T, nk, tag=j)
                 for j, (T, g) in enumerate(((T1, g1), (T2, g2)))]
        L = qt.liouvillian(H)
        deltas = []
        for b in baths:
            delta, Lt = b.terminator()
            L = L + Lt
            deltas.append(delta)
        solver = HEOMSolver(L, baths, depth,
                            options=qt.Options(nsteps=15000, atol=1e-12, rtol=1e-12))
        return H, Qs, deltas, solver

    def best_of(f):  # small ones: the best of a few (at most 5, within ~1 s)
        t = time.perf_counter()
        out = f()
        best, total, reps = time.perf_counter() - t, time.perf_counter() - t, 1
        while reps < 5 and total + best < 1.0:
            t = time.perf_counter()
            f()
            t = time.perf_counter() - t
            best, total, reps = min(best, t), total + t, reps + 1
        return best, out

    t_build, (H, Qs, deltas, solver) = best_of(build)
    t_solve, (rho, ados) = best_of(solver.steady_state)
    jB = heom_heat_currents(H, Qs, deltas, ados)
    r = rho.full()
    return {"build": t_build, "solve": t_solve, "rho": [[z.real, z.imag] for z in r.ravel()],
            "C": qt.concurrence(rho), "P": float((r @ r).trace().real),
            "J": [-complex(j).real for j in jB], "n_ados": len(ados.labels)}


if len(sys.argv) > 1 and sys.argv[1] == "--qutip":
    print(json.dumps(peer("pade", int(sys.argv[2]), int(sys.argv[3]), *MODEL.values())))
    sys.exit(0)


# ---- neqent through ctypes ----------------------------------------------------------------------

class BathsParams(ct.Structure):  # neq_baths_params (include/neqent/baths.h)
    _fields_ = [(n, ct.c_double) for n in ("eps1", "eps2", "K", "Kp", "T1", "T2", "gamma1",
                                           "gamma2")] + \
               [("spectral", ct.c_int), ("cutoff", ct.c_double), ("lambda_", ct.c_double),
                ("me", ct.c_int), ("lamb_shift", ct.c_int)]


class HeomSettings(ct.Structure):  # neq_heom_settings (include/neqent/heom.h)
    _fields_ = [("expansion", ct.c_int), ("nterms", ct.c_int), ("depth", ct.c_int),
                ("terminator", ct.c_int), ("solver", ct.c_int)]


class HeomResult(ct.Structure):  # neq_heom_result
    _fields_ = [("rho", ct.c_double * 32), ("heat_current", ct.c_double * 2),
                ("concurrence", ct.c_double), ("purity", ct.c_double), ("n_ados", ct.c_long),
                ("unknowns", ct.c_long), ("residual", ct.c_double), ("iterations", ct.c_int)]


assert (ct.sizeof(BathsParams), BathsParams.cutoff.offset, BathsParams.me.offset) == (96, 72, 88)
assert ct.sizeof(HeomSettings) == 20
assert (ct.sizeof(HeomResult), HeomResult.n_ados.offset, HeomResult.iterations.offset) == \
    (320, 288, 312)
NEQ_SPECTRAL_DRUDE, NEQ_HEOM_PADE, NEQ_ECONVERGE = 2, 1, -12

build = sys.argv[1]
BIN = os.path.join(build, "neqent")
LIB = ct.CDLL(os.path.join(build, "libneqent.so"))
LIB.neq_baths_default.argtypes = [ct.POINTER(BathsParams)]
LIB.neq_heom_steady.argtypes = [ct.POINTER(BathsParams), ct.POINTER(HeomSettings),
                                ct.POINTER(HeomResult)]
LIB.neq_heom_converge.argtypes = [ct.POINTER(BathsParams), ct.c_int, ct.c_int, ct.c_double,
                                  ct.c_long, ct.POINTER(HeomSettings), ct.POINTER(HeomResult),
                                  ct.POINTER(ct.c_double)]
LIB.neq_strerror.restype = ct.c_char_p
LIB.neq_errdetail.restype = ct.c_char_p

import numpy as np  # noqa: E402  (after the QuTiP child's early exit)


def params(lam=MODEL["lam"]):
    p = BathsParams()
    LIB.neq_baths_default(ct.byref(p))
    p.eps1, p.eps2, p.K, p.Kp = MODEL["e1"], MODEL["e2"], MODEL["K"], MODEL["Kp"]
    p.T1, p.T2, p.gamma1, p.gamma2 = MODEL["T1"], MODEL["T2"], MODEL["g1"], MODEL["g2"]
    p.spectral, p.cutoff, p.lambda_ = NEQ_SPECTRAL_DRUDE, MODEL["gc"], lam
    return p


def check(rc, what):
    if rc != 0:
        raise RuntimeError(f"{what}: {LIB.neq_strerror(rc).decode()} "
                           f"({(LIB.neq_errdetail() or b'').decode()})")


def lib_steady(nk, depth, budget=1.0):
    """neq_heom_steady: the best of repeats (at least one, until `budget` s are spent); on
    failure {"error": message, "time": that call's time}"""
    p, s, r = params(), HeomSettings(NEQ_HEOM_PADE, nk, depth, 1, 0), HeomResult()
    best, total, reps = 1e300, 0.0, 0
    while reps < 1 or (total < budget and reps < 20):
        t = time.perf_counter()
        rc = LIB.neq_heom_steady(ct.byref(p), ct.byref(s), ct.byref(r))
        t = time.perf_counter() - t
        if rc != 0:
            return {"error": (LIB.neq_errdetail() or LIB.neq_strerror(rc)).decode(), "time": t}
        best, total, reps = min(best, t), total + t, reps + 1
    assert r.n_ados == n_ados(nk, depth) and r.unknowns == 8 * r.n_ados
    rho = np.array(r.rho[0::2]) + 1j * np.array(r.rho[1::2])
    return {"time": best, "rho": rho.reshape(4, 4, order="F"), "C": r.concurrence,
            "P": r.purity, "J": np.array(r.heat_current[:]), "n_ados": r.n_ados,
            "unknowns": r.unknowns, "residual": r.residual, "iterations": r.iterations}


def run_timed(cmd, timeout=None, env=None):
    """wall time, peak memory (MB), stdout, stderr and exit status of one process.  The peak is
    GNU time's %M: its own wait4 on a child it forked while small (a child of this Python
    process would inherit this process's resident set through fork or vfork + exec); time's
    own start (~1 ms) is in the wall time.  All None if it was killed after `timeout` s."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", **(env or {}))
    with tempfile.NamedTemporaryFile("r") as mem:
        t = time.perf_counter()
        proc = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", mem.name] + cmd, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:  # time and its child: the group this Popen made
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            return None, None, None, None, None
        dt = time.perf_counter() - t
        mb = int(mem.read().split()[-1]) / 1024 if proc.returncode == 0 else float("nan")
    return dt, mb, out.decode(), err.decode(), proc.returncode


def cli(args, env=None):
    """the command line: wall time, peak MB, its "heom" object (None if it failed), its stderr
    and PETSc's lines (-ksp_converged_reason writes them to stdout, before the JSON)"""
    dt, mb, out, err, rc = run_timed([BIN, "validity", "baths", "--json"] + args, env=env)
    lines = out.splitlines()
    err += "\n".join(x for x in lines if x.startswith("Linear solve"))
    js = [x for x in lines if x.startswith("{")]
    return dt, mb, json.loads(js[0])["heom"] if rc == 0 and js else None, err


def cli_fixed(nk, depth, env=None):
    return cli(["--heom_tol", "0", "--heom_terms", str(nk), "--heom_depth", str(depth),
                "--heom_expansion", "pade", "--heom_terminator", "on",
                "--eps1", repr(MODEL["e1"]), "--eps2", repr(MODEL["e2"]), "--K", repr(MODEL["K"]),
                "--Kp", repr(MODEL["Kp"]), "--T1", repr(MODEL["T1"]), "--T2", repr(MODEL["T2"]),
                "--gamma1", repr(MODEL["g1"]), "--gamma2", repr(MODEL["g2"]),
                "--lambda", repr(MODEL["lam"]), "--cutoff", repr(MODEL["gc"]),
                "--quantities", "heom_concurrence,heom_J1,heom_J2,heom_purity,heom_ados,"
                "heom_residual,heom_rho"], env)


def cli_rho(d):
    return np.array([[complex(re, im) for re, im in row] for row in d["rho"]])


def fit(x, y):
    """exponent b of y ~ a x^b (least squares in logs); nan with fewer than two points"""
    if len(x) < 2:
        return float("nan")
    return float(np.polyfit(np.log(x), np.log(y), 1)[0])


def ms(t):
    return f"{t * 1e3:.3g} ms" if t < 1 else f"{t:.3g} s"


def cli_differs(d, n):
    """the command line's rho against the library's (the same code: to rounding)"""
    return d is None or d["settings"]["n_ados"] != n["n_ados"] or \
        np.abs(cli_rho(d) - n["rho"]).max() > 1e-12


def path(n, err):
    """the solver's path, from PETSc's -ksp_converged_reason lines (the CLI's run): GMRES with
    ILU(0), its iterations per solve (the first, then the rounds of iterative refinement);
    after a breakdown the same with ILU(2); after another UMFPACK up to 4 x 16000 unknowns"""
    if "error" not in n and n["iterations"] == 0 and n["unknowns"] <= 16000:
        return "UMFPACK"
    attempts, cur = [], []
    for line in err.splitlines():
        if line.startswith("Linear solve"):
            its = line.split()[-1]
            cur.append(f"breakdown at {its}" if "DIVERGED" in line else its)
            if "DIVERGED" in line:
                attempts.append(cur)
                cur = []
    if cur:
        attempts.append(cur)
    out = "; ".join(f"ILU({2 * k}) " + "+".join(a).replace("+breakdown", ", breakdown")
                    for k, a in enumerate(attempts))
    if "error" in n:
        return out + ": **fails**"
    return out + ("; UMFPACK" if n["iterations"] == 0 else "")


t_start = time.perf_counter()
print(f"model: {MODEL}; Pade with the terminator; one core; load average "
      f"{os.getloadavg()[0]:.2f}")
first = lib_steady(4, 5, budget=0)["time"]  # PETSc starts on a process's first GMRES solve
print(f"PETSc's start: the first GMRES solve in a process (Nk 4, depth 5, 3003 ADOs) "
      f"{ms(first)}, then {ms(lib_steady(4, 5)['time'])}: the timings below exclude it, the "
      f"command line's include it")

# ---- part 1 ---------------------------------------------------------------------------------
print("\n1. the same hierarchy on both sides (neqent: neq_heom_steady, best of repeats; CLI: one "
      "process; QuTiP: HEOMSolver build + steady_state, a process of its own)")
print("| Nk | depth | ADOs | unknowns neqent (real) / QuTiP (complex) | neqent | CLI wall | CLI peak "
      "MB | QuTiP build | QuTiP steady_state | QuTiP peak MB | QuTiP (build + solve) / neqent "
      "| solve / neqent | rho differs by |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
qutip_on, qhist, worst, fails = True, [], 0.0, 0
for nk, depth in sorted(PART1, key=lambda c: (n_ados(*c), -c[0])):
    n = lib_steady(nk, depth)
    if "error" in n:
        fails += 1
        print(f"| {nk} | {depth} | {n_ados(nk, depth)} | FAILED: {n['error']} |")
        continue
    dt, mb, d, _ = cli_fixed(nk, depth)
    if cli_differs(d, n):
        fails += 1
        print(f"  FAILED: the command line and the library differ at Nk {nk} depth {depth}")
    row = (f"| {nk} | {depth} | {n['n_ados']} | {n['unknowns']} / {16 * n['n_ados']} | "
           f"{ms(n['time'])} | {ms(dt)} | {mb:.0f} |")
    big = [(a, t) for a, t in qhist if a >= 150]
    if qutip_on and len(big) >= 3:  # extrapolate: a power law through the solves from 150 ADOs
        b, c = np.polyfit(np.log([a for a, _ in big]), np.log([t for _, t in big]), 1)
        guess = math.exp(c) * n["n_ados"] ** b
        if guess > QUTIP_PREDICT:
            qutip_on = False
            print(f"  (QuTiP not run from here: its solves so far extrapolate to {guess:.0f} s)")
    if qutip_on:
        qt_wall, qt_mb, out, err, rc = run_timed([sys.executable, os.path.abspath(__file__),
                                                  "--qutip", str(nk), str(depth)], QUTIP_TIMEOUT)
        if qt_wall is None:
            qutip_on = False
            print(row + f" killed after {QUTIP_TIMEOUT:.0f} s | (unfinished) | - | **> "
                  f"{QUTIP_TIMEOUT / n['time']:.0f}x** | - | - |", flush=True)
            continue
        elif rc != 0:
            raise RuntimeError(f"the QuTiP process failed: {err}")
    if qutip_on:
        q = json.loads(out)
        qrho = np.array([complex(*z) for z in q["rho"]]).reshape(4, 4)
        err = np.abs(qrho - n["rho"]).max()
        errJ = np.abs(np.array(q["J"]) - n["J"]).max() / np.abs(q["J"]).max()
        errCP = max(abs(q["C"] - n["C"]), abs(q["P"] - n["P"]))
        worst = max(worst, err, errJ, errCP)
        if not max(err, errJ, errCP) <= TOL or q["n_ados"] != n["n_ados"]:
            fails += 1
            print(f"  FAILED: QuTiP differs at Nk {nk} depth {depth}: rho {err:.1e}, J {errJ:.1e}, "
                  f"C/P {errCP:.1e}, ADOs {q['n_ados']}")
        row += (f" {ms(q['build'])} | {ms(q['solve'])} | {qt_mb:.0f} | "
                f"**{(q['build'] + q['solve']) / n['time']:.0f}x** | "
                f"{q['solve'] / n['time']:.0f}x | {err:.1e} |")
        qhist.append((n["n_ados"], q["solve"]))
        if q["solve"] > QUTIP_STOP:
            qutip_on = False
    else:
        row += " - | - | - | - | - | - |"
    print(row, flush=True)
print(f"worst difference from QuTiP (rho, C, P absolute; J relative to max |J|): {worst:.1e} "
      f"(tolerance {TOL:.0e})")

# ---- part 2 ---------------------------------------------------------------------------------
print("\n2. neqent alone (neq_heom_steady, best of repeats; CLI: one process, its solver's path "
      "from PETSc's -ksp_converged_reason)")
print("| Nk | depth | ADOs | real unknowns | solver | neq_heom_steady | per ADO | CLI wall "
      "| CLI peak MB | residual |")
print("|---|---|---|---|---|---|---|---|---|---|")
pts = []
for nk, depth in sorted(set(PART2), key=lambda c: (n_ados(*c), c)):
    n = lib_steady(nk, depth, budget=0.5)
    dt, mb, d, err = cli_fixed(nk, depth, {"PETSC_OPTIONS": "-ksp_converged_reason"})
    N = n_ados(nk, depth)
    if "error" in n:
        print(f"| {nk} | {depth} | {N} | {8 * N} | {path(n, err)} | fails after {ms(n['time'])} "
              f"(\"{n['error']}\") | | {ms(dt)} ({'fails too' if d is None else 'succeeds'}) "
              f"| | |", flush=True)
        if d is not None:
            fails += 1
            print("  FAILED: the command line succeeded where the library did not")
        continue
    if cli_differs(d, n):
        fails += 1
        print(f"  FAILED: the command line and the library differ at Nk {nk} depth {depth}")
    print(f"| {nk} | {depth} | {N} | {n['unknowns']} | {path(n, err)} | {ms(n['time'])} | "
          f"{n['time'] / N * 1e6:.0f} us | {ms(dt)} | {mb:.0f} | {n['residual']:.1e} |", flush=True)
    kind = "UMFPACK" if n["iterations"] == 0 and n["unknowns"] <= 16000 else \
        "ILU(0)" if n["iterations"] and "DIVERGED" not in err else "fallback"
    pts.append((N, n["time"], mb, kind))
for kind, lo in (("UMFPACK", 100), ("ILU(0)", 0)):
    s = [x for x in pts if x[3] == kind and x[0] >= lo]
    if s:
        print(f"  {kind}, {len(s)} hierarchies of {min(x[0] for x in s)}-{max(x[0] for x in s)} ADOs: "
              f"time ~ ADOs^{fit([x[0] for x in s], [x[1] for x in s]):.2f}, CLI peak memory above "
              f"its 37 MB ~ ADOs^"
              f"{fit([x[0] for x in s if x[2] > 45], [x[2] - 37 for x in s if x[2] > 45]):.2f}")

# ---- part 3 ---------------------------------------------------------------------------------
print("\n3. converged points: neq_heom_converge (Pade, terminator, tol 1e-4, max 200000 ADOs; best "
      "of 3) and `neqent validity baths --lambda L --cutoff 2 --eps1 1 --eps2 1.2 --K 0.05` "
      "(best of 3 wall times)")
print("| lambda | neq_heom_converge | CLI wall | CLI peak MB | terms per bath (Drude pole "
      "included) | depth | ADOs | converged (last change) | target |")
print("|---|---|---|---|---|---|---|---|---|")
for lam in LAMBDAS:
    p, reached, r, change = params(lam), HeomSettings(), HeomResult(), ct.c_double()
    best = 1e300
    for _ in range(3):
        t = time.perf_counter()
        rc = LIB.neq_heom_converge(ct.byref(p), NEQ_HEOM_PADE, 1, 1e-4, 200000, ct.byref(reached),
                                   ct.byref(r), ct.byref(change))
        best = min(best, time.perf_counter() - t)
    if rc not in (0, NEQ_ECONVERGE):
        check(rc, f"neq_heom_converge lambda {lam}")
    runs = [cli(["--lambda", repr(lam), "--cutoff", "2", "--eps1", "1", "--eps2", "1.2",
                 "--K", "0.05"]) for _ in range(3)]
    dt, mb, d, _ = min(runs, key=lambda x: x[0])
    if d is None or d["settings"]["n_ados"] != r.n_ados or d["converged"] != (rc == 0):
        fails += 1
        print(f"  FAILED: the command line and the library differ at lambda {lam}")
    target = 0.2 if lam <= 0.03 else 2.0
    met = "met" if max(best, dt) < target else \
        "met by the library, not the CLI" if best < target else "**NOT met**"
    print(f"| {lam:g} | {ms(best)} | {ms(dt)} | {mb:.0f} | {reached.nterms + 1} | {reached.depth} | "
          f"{r.n_ados} | {'yes' if rc == 0 else '**no**'} ({change.value:.1e}) | < {target:g} s: "
          f"{met} |", flush=True)

print(f"\ntotal {time.perf_counter() - t_start:.0f} s; load average {os.getloadavg()[0]:.2f} "
      f"(1 min), {os.getloadavg()[2]:.2f} (15 min); {fails} failed")
sys.exit(1 if fails else 0)
