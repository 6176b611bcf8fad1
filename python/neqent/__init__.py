"""neqent from Python: qubits out of thermal equilibrium.

The C library itself (libneqent, through cffi), so results are the command
line's bit for bit and as fast.  One function per model, generated from the
library's tables (parameter names, units, defaults and docs are the command
line's; see help(neqent.body)):

    r = neqent.body(z2="1.2um", TM=1209)      # numbers in SI or strings with units
    r.concurrence, r.rho, r.parameters["z2"]
    m = neqent.BodyModel(z2="1.2um")          # the geometry's work once ...
    m.steady(TW=30, TM=1000)                  # ... reused per temperature
    neqent.sweep("body", vary={"TM": np.geomspace(30, 3000, 50)})
    neqent.optimize("body", maximize="concurrence",   # a design search
                    vary={"z2": ("0.2um", "3um"), "TM": ("30K", "2000K")})
    neqent.steadystate(H, c_ops)              # like qutip.steadystate

Units: SI for the body model (rates in Gamma_0), k_B = hbar = 1 for the
two-bath model; docs/physics.md of the repository has every convention."""
import inspect
import os
import threading
import warnings

import numpy as np

from ._core import (EINVAL, ENONUNIQUE, MODELS, NeqentError, NeqentValueError, NonUniqueError,
                    Params, Plan, Result, check, keyword_safe, model, unkeyword, NGROUPS, Q_BOOL,
                    Q_GROUPS, Q_SCALAR)
from ._neqent import ffi, lib

__all__ = ["baths", "body", "rates", "validity", "Model", "BathsModel", "BodyModel", "sweep", "optimize", "evolve",
           "steadystate", "concurrence", "negativity", "heat_currents", "to_qutip",
           "from_qutip", "parameters", "quantities", "NeqentError", "NeqentValueError",
           "NonUniqueError", "version"]

version = ffi.string(lib.neq_version()).decode()


def parameters(model_name):
    """The parameters of a model: a list of (name, default, unit, doc)."""
    return [(p.name, p.default, p.unit, p.doc) for p in model(model_name).params]


def quantities(model_name):
    """The quantities of a model: a list of (name, unit, doc)."""
    return [(q.name, q.unit, q.doc) for q in model(model_name).quantities]


def _signature(m):
    return inspect.Signature([inspect.Parameter(keyword_safe(p.name),
                                                inspect.Parameter.KEYWORD_ONLY,
                                                default=p.default) for p in m.params]
                             + [inspect.Parameter("quantities", inspect.Parameter.KEYWORD_ONLY,
                                                  default=None)])


def _doc(m, head):
    lines = [head, "", m.doc, "", "Parameters (keyword only; numbers in the unit shown, or "
             "strings with a unit suffix such as '1um', '300K'):"]
    lines += ["    " + p.describe() for p in m.params]
    lines += ["    quantities: names to compute (default: all but costly ones estimated "
              "beyond 5 s)", "", "Quantities of the result (attributes and items):"]
    for q in m.quantities:
        unit = f" [{q.unit}]" if q.unit != "1" else ""
        lines.append(f"    {q.name}{unit}: {q.doc}")
    return "\n".join(lines)


def _make_point_function(name):
    m = MODELS[name]

    def run(**kw):
        quantities = kw.pop("quantities", None)
        p = Params(m, kw)
        return Plan(p).evaluate(p, quantities)

    run.__name__ = run.__qualname__ = name
    run.__signature__ = _signature(m)
    run.__doc__ = _doc(m, f"{name}(**parameters) -> Result: one point of the {name} model.")
    return run


for _name in MODELS:
    globals()[_name] = _make_point_function(_name)


class Model:
    """A model with its setup built once (for the body model: the
    electromagnetic functions of one geometry; for the baths model: nothing
    costly), to evaluate many points of other parameters:

        m = neqent.Model("body", z1="1um", z2="1.2um", r12="0.25um")
        r = m.steady(TW=30, TM=1000)

    A point may change any parameter that is not part of the setup (the
    temperatures); changing a setup parameter needs a new Model.  One thread
    at a time per Model: give each thread its own."""

    _temperatures = {"body": ("TW", "TM"), "baths": ("T1", "T2"), "rates": ("TW", "TM")}

    def __init__(self, model_name, **fixed):
        self._m = model(model_name)
        self._base = Params(self._m, fixed)
        self._plan = Plan(self._base)
        self._lock = threading.Lock()
        self._work = Params(self._m, base=self._base)  # the point, set in place
        self._dirty = set()

    def steady(self, *temperatures, quantities=None, **point):
        """The result at this point: the setup's parameters and these
        (positionally the two temperatures: TW, TM for body; T1, T2 for baths)."""
        names = self._temperatures.get(self._m.name, ())
        if len(temperatures) > len(names):
            raise NeqentValueError(f"{self._m.name}: at most {len(names)} positional "
                                   f"temperatures ({', '.join(names)})", EINVAL)
        point = {unkeyword(k): v for k, v in point.items()}
        for name, v in zip(names, temperatures):
            if name in point:
                raise NeqentValueError(f"{self._m.name}: {name} given twice", EINVAL)
            point[name] = v
        with self._lock:
            p = self._work
            # every name touched counts as changed before it is set: a call
            # that fails halfway must not leave its values for the next
            self._dirty |= point.keys()
            for name in self._dirty - point.keys():  # back to the model's value
                p.set(name, self._base.value(self._m.param_index[name]))
            for name, v in point.items():
                p.set(name, v)
            self._dirty = set(point)
            return self._plan.evaluate(p, quantities)

    @property
    def parameters(self):
        return self._base.as_dict()


def BodyModel(**geometry):
    """Model("body", **geometry): qubits near a body, geometry once."""
    return Model("body", **geometry)


def BathsModel(**fixed):
    """Model("baths", **fixed): two qubits, two baths."""
    return Model("baths", **fixed)


# ------------------------------------------------------------------ sweeps

class _Run:
    """What a sweep's callbacks fill (looked up by handle from C)."""
    pending = None  # an exception raised in a callback (one sweep at a time sets it)

    def __init__(self, out, rowlen, bar, total):
        self.out, self.rowlen, self.bar, self.total = out, rowlen, bar, total
        self.errors = []
        self.filled = 0
        self.stop = ffi.new("int *")


def _callback_error(exception, exc_value, traceback):
    """An exception in a callback (Ctrl-C included): kept for after the run,
    which the nonzero status stops."""
    _Run.pending = exc_value


@ffi.def_extern(onerror=_callback_error, error=EINVAL)
def _neq_py_batch(user, first, n, values):
    run = ffi.from_handle(user)
    buf = np.frombuffer(ffi.buffer(values, 8 * n * run.rowlen), dtype=np.float64)
    run.out[first:first + n] = buf.reshape(n, run.rowlen)
    run.filled = first + n
    return 0


@ffi.def_extern(onerror=_callback_error)
def _neq_py_progress(user, done, total):
    run = ffi.from_handle(user)
    if run.bar is not None:
        run.bar.update(done - run.bar.n)
    if _Run.pending is not None:  # progress returns nothing: stop through opt.stop
        run.stop[0] = 1


@ffi.def_extern(onerror=_callback_error, error=EINVAL)
def _neq_py_failed(user, idx, status, why):
    run = ffi.from_handle(user)
    run.errors.append((int(idx), int(status), ffi.string(why).decode() if why else ""))
    return 0


def _progress_bar(total, progress):
    if progress is False:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return None
    return tqdm(total=total, unit="pt")


def _axis_values(m, name, values):
    """An axis's values as SI doubles (strings with units parsed by the library)."""
    if not isinstance(name, str):
        raise NeqentValueError(f"sweep: axis names must be strings, not {name!r}", EINVAL)
    name = unkeyword(name)
    k = m.param_index.get(name)
    if k is None:
        raise m.unknown(0, name)
    desc = lib.neq_model_param(m.ptr, k)
    try:
        items = list(values) if not isinstance(values, (str, bytes)) else [values]
    except TypeError:
        items = [values]
    out = []
    for v in items:
        if isinstance(v, str):
            x = ffi.new("double *")
            check(lib.neq_param_parse(desc, v.encode(), x), name)
            out.append(x[0])
            continue
        try:
            if isinstance(v, (complex, np.complexfloating, bool)) or np.ndim(v) != 0:
                raise TypeError
            out.append(float(v))
        except (TypeError, ValueError, OverflowError):
            raise NeqentValueError(f"sweep: axis {name} needs numbers or strings with units "
                                   f"(a 1-D list), got {v!r}", EINVAL) from None
    return np.ascontiguousarray(out, dtype=np.float64)


class OptimizeResult:
    """What neqent.optimize found: .value (the objective there), .x {variable:
    value or choice}, .result (every quantity at the best point, a Result),
    .parameters {name: (value, unit)}, .feasible, .evaluations, .failed,
    .runs, .bounds {variable: "lower" | "upper" | "interior"}, .gradient
    {variable: d value / d variable (per unit of ln x for log ones)},
    .constraints [(quantity, op, bound, value, active)], .history (one row
    per evaluation, columns .history_columns)."""

    def __repr__(self):
        return f"OptimizeResult(value={self.value!r}, x={self.x!r}, feasible={self.feasible})"


def _design_bound(m, name, v):
    """A bound of a variable in SI (strings with units parsed by the library)."""
    return float(_axis_values(m, name, [v])[0])


def optimize(model_name, maximize=None, minimize=None, vary=None, subject_to=(), seed=1,
             starts=4, threads=1, evals=0, **fixed):
    """The best point of a model for one scalar quantity (the library's
    neq_design_search; `neqent optimize` on the command line):

        r = neqent.optimize("body", maximize="concurrence",
                            vary={"z2": ("0.2um", "3um"), "TM": ("30K", "2000K", "log"),
                                  "material": ["sic", "sio2"]},
                            subject_to=["purity>=0.5"], seed=1)
        r.value, r.x, r.result.n_A, r.bounds

    vary: {name: (lo, hi[, "log"][, {linked: (at lo, at hi)}]) or [choices]};
    "T1,T2" moves both together, {"T2": (1.4, 0.6)} moves T2 on a line with
    the variable.  subject_to: "QUANTITY>=X" / "QUANTITY<=X" strings or
    (quantity, ">=" | "<=", X).  Other keywords fix parameters.  Each
    combination of choices gets `starts` runs over `threads` threads;
    the same seed gives the same result with any number of threads."""
    m = model(model_name)
    if (maximize is None) == (minimize is None):
        raise NeqentValueError("optimize: give one of maximize= or minimize=", EINVAL)
    objective = maximize if maximize is not None else minimize
    if not isinstance(objective, str):
        raise NeqentValueError(f"optimize: the objective must be a quantity's name, not "
                               f"{objective!r}", EINVAL)
    if objective not in m.quantity_index:
        raise m.unknown(1, objective)
    if not vary or not isinstance(vary, dict):
        raise NeqentValueError("optimize: nothing varied (vary={name: (lo, hi)})", EINVAL)
    base = Params(m, fixed)
    keep = []  # what the C structures point to, alive during the call
    cvars = ffi.new("neq_design_var[]", len(vary))
    names = list(vary)
    for i, name in enumerate(names):
        spec, v = vary[name], cvars[i]
        if not isinstance(name, str):
            raise NeqentValueError(f"optimize: variable names must be strings, not {name!r}", EINVAL)
        keep.append(ffi.new("char[]", name.encode()))
        v.params = keep[-1]
        first = name.split(",")[0]
        if isinstance(spec, list):  # choices
            texts = [ffi.new("char[]", str(c).encode()) for c in spec]
            keep.extend(texts)
            keep.append(ffi.new("char *[]", texts))
            v.nchoices, v.choices = len(texts), keep[-1]
            continue
        if not isinstance(spec, tuple) or len(spec) < 2:
            raise NeqentValueError(f"optimize: {name}: expected (lo, hi[, 'log'][, {{linked}}]) or "
                                   f"a list of choices, got {spec!r}", EINVAL)
        v.lo, v.hi = _design_bound(m, first, spec[0]), _design_bound(m, first, spec[1])
        rest = spec[2:]
        v.log = "log" in rest
        linked = next((r for r in rest if isinstance(r, dict)), {})
        if any(not isinstance(r, dict) and r != "log" for r in rest):
            raise NeqentValueError(f"optimize: {name}: after (lo, hi) only 'log' and a dict of "
                                   f"linked parameters, got {rest!r}", EINVAL)
        if linked:
            lnames = [ffi.new("char[]", str(k).encode()) for k in linked]
            keep.extend(lnames)
            keep.append(ffi.new("char *[]", lnames))
            v.linked = keep[-1]
            ends = [(_design_bound(m, k, a), _design_bound(m, k, b)) for k, (a, b) in linked.items()]
            keep.append(ffi.new("double[]", [a for a, _ in ends]))
            v.linked_lo = keep[-1]
            keep.append(ffi.new("double[]", [b for _, b in ends]))
            v.linked_hi = keep[-1]
            v.nlinked = len(linked)
    cons = []
    for c in (subject_to or ()):
        if isinstance(c, str):
            op = ">=" if ">=" in c else "<=" if "<=" in c else None
            if op is None:
                raise NeqentValueError(f"optimize: constraint {c!r}: expected QUANTITY>=X or "
                                       "QUANTITY<=X", EINVAL)
            q, x = c.split(op, 1)
            try:
                x = float(x)
            except ValueError:
                raise NeqentValueError(f"optimize: constraint {c!r}: '{x}' is not a number",
                                       EINVAL) from None
            cons.append((q.strip(), op, x))
        else:
            cons.append(tuple(c))
    ccons = ffi.new("neq_design_constraint[]", max(1, len(cons)))
    for j, (q, op, x) in enumerate(cons):
        keep.append(ffi.new("char[]", str(q).encode()))
        ccons[j].quantity = keep[-1]
        if op not in (">=", "<="):
            raise NeqentValueError(f"optimize: constraint on {q}: op must be '>=' or '<='", EINVAL)
        ccons[j].op = 1 if op == ">=" else 0
        ccons[j].bound = float(x)
    opt = ffi.new("neq_design_options *")
    opt[0] = lib.neq_design_options_default()
    opt.minimize = minimize is not None
    for what, val in (("seed", seed), ("starts", starts), ("threads", threads), ("evals", evals)):
        if not isinstance(val, (int, np.integer)) or isinstance(val, bool) or val < 0:
            raise NeqentValueError(f"optimize: {what} must be a whole number >= 0, not {val!r}",
                                   EINVAL)
    opt.seed, opt.starts, opt.threads, opt.global_evals = seed, starts, max(1, threads), evals
    res = ffi.new("neq_design_result *")
    try:
        check(lib.neq_design_search(base.ptr, objective.encode(), len(names), cvars, len(cons),
                                    ccons, opt, res), "optimize")
        out = OptimizeResult()
        out.objective, out.feasible = objective, bool(res.feasible)
        out.evaluations, out.failed, out.runs = int(res.evaluations), int(res.failed), int(res.runs)
        cols = res.history_cols
        out.history = np.frombuffer(ffi.buffer(res.history, 8 * cols * res.nhistory),
                                    dtype=np.float64).reshape(res.nhistory, cols).copy()
        out.history_columns = (["run", "stage"] + names + [objective, "searched"] +
                               [q for q, _, _ in cons] + ["status"])
        out.value = float(res.value) if res.feasible else None
        out.x, out.bounds, out.gradient = {}, {}, {}
        for i, name in enumerate(names):
            spec = vary[name]
            if isinstance(spec, list):
                out.x[name] = spec[int(res.x[i])] if res.feasible else None
                continue
            out.x[name] = float(res.x[i]) if res.feasible else None
            out.bounds[name] = ("lower" if res.active[i] < 0 else
                                "upper" if res.active[i] > 0 else "interior")
            out.gradient[name] = float(res.gradient[i])
        out.constraints = [(q, op, x, float(res.constraints[j]) if res.feasible else None,
                            bool(res.constraint_active[j])) for j, (q, op, x) in enumerate(cons)]
        out.result = out.parameters = None
        if res.feasible:
            best = Params(m, base=_Borrowed(res.best))
            out.result = Plan(best).evaluate(best)
            out.parameters = best.as_dict()
        return out
    finally:
        lib.neq_design_result_free(res)


class _Borrowed:
    """A library neq_params seen as a Params' base (copied, not owned)."""

    def __init__(self, ptr):
        self.ptr = ptr


def sweep(model_name, vary, threads=1, quantities=None, on_error="stop", progress=None,
          frame=None, **fixed):
    """A grid over the parameters in `vary` ({name: values}, axes multiply in
    order), every other parameter from `fixed` or its default, on `threads`
    OpenMP threads with the GIL released: the command line's grid runner.

    Returns {quantity: array shaped like the grid} plus the axes' values
    under their parameter names (as a pandas DataFrame, one row per point,
    when pandas is importable and frame is not False).  Booleans come as 0.0
    and 1.0.  quantities: a name or names (default: every scalar that costs
    no extra computation).  on_error: "stop" (raise, naming the point) or
    "nan" (the point's row is NaN; the reasons in the result's "errors"
    entry as (index from 0 in grid order, status, why)).  A progress bar
    when tqdm is importable (progress=False: none).  Ctrl-C stops the run
    (KeyboardInterrupt); a grid beyond 80% of the memory is refused."""
    m = model(model_name)
    if not isinstance(vary, dict):
        raise NeqentValueError(f"sweep: vary must be a dict {{name: values}}, not {vary!r}",
                               EINVAL)
    if isinstance(threads, bool) or not isinstance(threads, (int, np.integer)) or \
            not 1 <= threads <= 1024:
        raise NeqentValueError(f"sweep: threads must be a whole number from 1 to 1024, not "
                               f"{threads!r}", EINVAL)
    base = Params(m, fixed)
    g = ffi.new("neq_grid **")
    check(lib.neq_grid_alloc(base.ptr, g), model_name)
    grid = ffi.gc(g[0], lib.neq_grid_free)
    axes = {}
    for name, values in vary.items():
        v = _axis_values(m, name, values)
        if v.size == 0:
            raise NeqentValueError(f"sweep: axis {name} has no values", EINVAL)
        check(lib.neq_grid_add_axis(grid, name.encode(), ffi.from_buffer("double[]", v), v.size),
              name)
        axes[name] = v
    if quantities is not None:
        if isinstance(quantities, str):
            quantities = [quantities]
        try:
            quantities = list(quantities)
        except TypeError:
            raise NeqentValueError(f"sweep: quantities must be a name or a list of names, not "
                                   f"{quantities!r}", EINVAL) from None
        if not quantities:
            raise NeqentValueError("sweep: quantities is empty (None: the default ones)", EINVAL)
        idx = []
        for q in quantities:
            if not isinstance(q, str):
                raise NeqentValueError(f"sweep: quantity names must be strings, not {q!r}",
                                       EINVAL)
            if q not in m.quantity_index:
                raise m.unknown(1, q)
            idx.append(m.quantity_index[q])
        check(lib.neq_grid_select(grid, len(idx), ffi.new("int[]", idx)), "sweep")
    nsel = lib.neq_grid_nselected(grid)
    sel = [lib.neq_grid_selected(grid)[i] for i in range(nsel)]
    rowlen = lib.neq_grid_row_length(grid)
    cost = ffi.new("neq_grid_cost *")
    check(lib.neq_grid_estimate(grid, 0, cost))
    total = int(cost.npoints)
    if on_error not in ("stop", "nan"):
        raise NeqentValueError(f"sweep: on_error must be 'stop' or 'nan', not {on_error!r}",
                               EINVAL)
    need = cost.bytes + 8.0 * total * rowlen  # the run, and the arrays handed back
    ram = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    if need > 0.8 * ram:
        raise NeqentValueError(f"sweep: {total} points need about {need / 1e9:.3g} GB; this "
                               f"machine has {ram / 1e9:.3g} GB: split the grid", EINVAL)
    out = np.full((total, rowlen), np.nan)  # a row never filled stays NaN
    bar = _progress_bar(total, progress)
    run = _Run(out, rowlen, bar, total)
    handle = ffi.new_handle(run)
    opt = ffi.new("neq_grid_options *")
    opt.threads = int(threads)
    opt.stop = run.stop
    opt.batch = lib._neq_py_batch
    opt.progress = lib._neq_py_progress
    opt.failed = lib._neq_py_failed
    opt.on_error = 1 if on_error == "nan" else 0
    opt.user = handle
    done = ffi.new("long *")
    _Run.pending = None
    try:
        rc = lib.neq_grid_run(grid, opt, done)  # the GIL is released inside
    finally:
        if bar is not None:
            bar.close()
    exc, _Run.pending = _Run.pending, None
    if exc is not None:  # Ctrl-C or an error in a callback: the run stopped there
        raise exc
    check(rc, "sweep")
    if done[0] < total or run.filled < total:
        raise NeqentError(f"sweep: stopped after {run.filled} of {total} points", EINVAL)
    shape = tuple(v.size for v in axes.values())
    result = {}
    col = 0
    for k in sel:
        q = m.quantities[k]
        n = 1 if q.kind in (Q_SCALAR, Q_BOOL) else q.size * (NGROUPS if q.kind == Q_GROUPS else 1)
        block = out[:, col:col + n]
        result[q.name] = (block[:, 0].reshape(shape) if n == 1 else
                          block.reshape(shape + ((NGROUPS, q.size) if q.kind == Q_GROUPS else (n,))))
        col += n
    if frame is not False:
        try:
            import pandas as pd
        except ImportError:
            pd = None
        if pd is not None:
            mesh = np.meshgrid(*axes.values(), indexing="ij")
            data = {name: a.ravel() for name, a in zip(axes, mesh)}
            data.update({k: v.reshape(total, -1)[:, 0] if v.ndim == len(shape) else list(
                v.reshape(total, -1)) for k, v in result.items()})
            df = pd.DataFrame(data)
            df.attrs["errors"] = run.errors
            return df
    result.update(axes)
    if run.errors:
        result["errors"] = run.errors
    return result


# --------------------------------------------------------------- evolution

def evolve(model_name, initial="ground", t_max=None, points=200, log=False, t_min=None,
           times=None, **params):
    """rho(t) from an initial state ("A", "S", "ground", "thermal:T",
    "file:PATH", or a density matrix), exactly (the propagator of the
    time-independent generator).  Times in the model's unit (1/Gamma_0 for
    body, 1/E for baths): `times`, or `points` from 0 to t_max (log: 0 then
    geometric from t_min).  Returns (t, rho_t, observables): rho_t of shape
    (len(t), d, d), observables {name: array} (purity and every pair's
    concurrence, C_q_r, as `neqent evolve` writes them for arrays; for two
    qubits the command line writes the paper's C, K1, K2 and populations,
    which the returned rho_t gives too))."""
    m = model(model_name)
    p = Params(m, params)
    plan = Plan(p)
    d = plan.dim
    if times is None:
        if t_max is None:
            raise NeqentValueError("evolve: give t_max (and points) or times", EINVAL)
        if isinstance(points, bool) or not isinstance(points, (int, np.integer)) or \
                not 2 <= points <= 10**6:
            raise NeqentValueError(f"evolve: points must be a whole number from 2 to 1e6, not "
                                   f"{points!r}", EINVAL)
        try:
            t_max = float(t_max)
            t_min = float(t_min) if t_min is not None else 0.0
        except (TypeError, ValueError):
            raise NeqentValueError(f"evolve: t_max and t_min are numbers in the model's time "
                                   f"unit, got {t_max!r}, {t_min!r}", EINVAL) from None
        t = np.empty(int(points))
        check(lib.neq_time_grid(int(points), t_max, int(bool(log)), t_min,
                                ffi.from_buffer("double[]", t)), "evolve")
    else:
        try:
            t = np.asarray(times, dtype=np.float64)
        except (TypeError, ValueError):
            raise NeqentValueError("evolve: times must be numbers", EINVAL) from None
        if t.ndim != 1 or t.size < 1:
            raise NeqentValueError(f"evolve: times must be a 1-D list of at least one time, got "
                                   f"shape {t.shape}", EINVAL)
        t = np.ascontiguousarray(t)
    rho0 = np.zeros((d, d), complex)
    if isinstance(initial, str):
        buf = np.zeros(d * d, complex)
        check(lib.neq_initial_state(plan.ptr, p.ptr, initial.encode(),
                                    ffi.from_buffer("double _Complex[]", buf)), "evolve")
        rho0 = buf.reshape((d, d), order="F")
    else:
        rho0 = _state(from_qutip(initial), "initial state", d)
    col = np.ascontiguousarray(rho0.T).ravel()  # column-major
    out = np.empty(t.size * d * d, complex)
    check(lib.neq_evolve(plan.ptr, p.ptr, ffi.from_buffer("double _Complex[]", col), t.size,
                         ffi.from_buffer("double[]", t),
                         ffi.from_buffer("double _Complex[]", out)), "evolve")
    rho_t = out.reshape((t.size, d, d)).transpose(0, 2, 1).copy()
    obs = {}
    nq = plan.nq
    if nq >= 1:
        nobs = lib.neq_qubits_nobs(nq)
        names = []
        for k in range(nobs):
            b = ffi.new("char[64]")
            lib.neq_qubits_observable_name(nq, k, b, 64)
            names.append(ffi.string(b).decode())
        vals = np.empty((t.size, nobs))
        o = np.empty(nobs)
        for i in range(t.size):
            check(lib.neq_qubits_observables(nq, ffi.from_buffer(
                "double _Complex[]", out[i * d * d:(i + 1) * d * d]),
                ffi.from_buffer("double[]", o)))
            vals[i] = o
        obs = {n: vals[:, k] for k, n in enumerate(names)}
    return t, rho_t, obs


# -------------------------------------------------- the engine for any model

def from_qutip(x):
    """A NumPy array from a QuTiP Qobj (anything else is returned as an array)."""
    if hasattr(x, "full") and hasattr(x, "dims"):
        return np.asarray(x.full())
    return np.asarray(x)


def to_qutip(rho, dims=None):
    """A QuTiP Qobj from a density matrix (dims: QuTiP's, default qubits
    when the dimension is a power of 2)."""
    import qutip
    rho = _matrix(from_qutip(rho), "rho")
    d = rho.shape[0]
    if dims is None and d > 1 and d & (d - 1) == 0:
        n = d.bit_length() - 1
        dims = [[2] * n, [2] * n]
    return qutip.Qobj(rho, dims=dims)


def _matrix(a, what, d=None):
    try:
        a = np.asarray(a, dtype=complex)
    except (TypeError, ValueError):
        raise NeqentValueError(f"{what}: expected a matrix of numbers", EINVAL) from None
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] == 0 or \
            (d is not None and a.shape[0] != d):
        want = f"{d} x {d}" if d else "square"
        raise NeqentValueError(f"{what}: expected a {want} matrix, got shape {a.shape}", EINVAL)
    if not np.all(np.isfinite(a)):
        raise NeqentValueError(f"{what}: NaN or infinite entries", EINVAL)
    return a


def _state(a, what, d=None):
    """A density matrix: Hermitian, trace 1, positive, each to 1e-10 (as
    the library's state files are checked)."""
    a = _matrix(a, what, d)
    if np.abs(a - a.conj().T).max() > 1e-10:
        raise NeqentValueError(f"{what} is not Hermitian", EINVAL)
    tr = np.trace(a).real
    if abs(tr - 1) > 1e-10:
        raise NeqentValueError(f"{what} has trace {tr:.12g}, not 1", EINVAL)
    w = np.linalg.eigvalsh((a + a.conj().T) / 2).min()
    if w < -1e-10:
        raise NeqentValueError(f"{what} is not positive (eigenvalue {w:.3g})", EINVAL)
    return a


def _col(a):
    """The column-major complex buffer the library reads."""
    return np.ascontiguousarray(np.asarray(a, complex).T).ravel()


class _Generator:
    """A neq_gksl built from H and dissipator groups (lists of operators,
    or Kossakowski pairs (gamma, [A_1..A_m]))."""

    def __init__(self, H, groups):
        H = _matrix(from_qutip(H), "H")
        self.d = d = H.shape[0]
        g = ffi.new("neq_gksl **")
        check(lib.neq_gksl_alloc(d, g))
        self.ptr = ffi.gc(g[0], lib.neq_gksl_free)
        self._keep = []
        check(lib.neq_gksl_set_hamiltonian(self.ptr, self._buf(H)), "H")
        for gi, ops in enumerate(groups):
            if isinstance(ops, tuple) and len(ops) == 2 and not hasattr(ops[0], "dims") and \
                    np.asarray(ops[0]).ndim == 2 and isinstance(ops[1], (list, tuple)):
                gamma = _matrix(from_qutip(ops[0]), "Kossakowski rate matrix")
                A = [_matrix(from_qutip(a), "Kossakowski operator", d) for a in ops[1]]
                if gamma.shape[0] != len(A):
                    raise NeqentValueError(f"Kossakowski form: a {gamma.shape[0]} x "
                                           f"{gamma.shape[0]} rate matrix for {len(A)} "
                                           "operators", EINVAL)
                ptrs = ffi.new("double _Complex *[]", [self._buf(a) for a in A])
                check(lib.neq_gksl_add_kossakowski(self.ptr, gi, len(A), ptrs,
                                                   self._buf(gamma)), "Kossakowski form")
            else:
                for L in ops:
                    L = _matrix(from_qutip(L), "collapse operator", d)
                    check(lib.neq_gksl_add_jump(self.ptr, gi, 1.0, self._buf(L)),
                          "collapse operator")

    def _buf(self, a):
        b = _col(a)
        self._keep.append(b)
        return ffi.from_buffer("double _Complex[]", b)


def _dense_steady(gen, rho0):
    L = ffi.new("neq_liouvillian **")
    check(lib.neq_liouvillian_alloc(gen.ptr, L))
    L = ffi.gc(L[0], lib.neq_liouvillian_free)
    d = gen.d
    out = np.empty(d * d, complex)
    info = ffi.new("neq_steady_info *")
    if rho0 is None:
        rc = lib.neq_steady_state(L, ffi.NULL, ffi.NULL, ffi.from_buffer("double _Complex[]", out),
                                  info)
    else:
        r0 = _col(_matrix(from_qutip(rho0), "rho0", d))
        rc = lib.neq_steady_state_from(L, ffi.from_buffer("double _Complex[]", r0), ffi.NULL,
                                       ffi.NULL, ffi.from_buffer("double _Complex[]", out), info)
    return rc, L, out, info


def _sparse_steady(gen):
    P = ffi.new("neq_sparse_plan **")
    check(lib.neq_sparse_plan_alloc(gen.ptr, P))
    P = ffi.gc(P[0], lib.neq_sparse_plan_free)
    out = np.empty(gen.d * gen.d, complex)
    info = ffi.new("neq_steady_info *")
    rc = lib.neq_sparse_steady(P, gen.ptr, ffi.NULL, ffi.NULL,
                               ffi.from_buffer("double _Complex[]", out), info)
    return rc, out, info


def steadystate(H, c_ops=(), rho0=None, kossakowski=None, return_info=False):
    """The steady state of d rho/dt = -i[H, rho] + sum_L D[L] rho, called like
    qutip.steadystate: H and c_ops NumPy arrays or QuTiP Qobjs (a Qobj in
    gives a Qobj out).  kossakowski: (gamma, [A_1..A_m]) adds
    sum_ij gamma_ij (A_j rho A_i^+ - {A_i^+ A_j, rho}/2).  A non-unique
    steady state raises NonUniqueError, or with rho0 warns and returns the
    state reached from rho0 (up to d = 64).  return_info: also a dict with
    the residual (relative to ||L||), the kernel's dimension, the smallest
    eigenvalue and the trace error."""
    qobj = hasattr(H, "dims")
    dims = H.dims if qobj else None
    if c_ops is None:
        c_ops = []
    if not isinstance(c_ops, (list, tuple)):
        raise NeqentValueError("steadystate: c_ops must be a list of operators", EINVAL)
    if kossakowski is not None and (not isinstance(kossakowski, (list, tuple)) or
                                    len(kossakowski) != 2):
        raise NeqentValueError("steadystate: kossakowski must be (gamma, [A_1, ..., A_m])",
                               EINVAL)
    groups = [list(c_ops)] + ([tuple(kossakowski)] if kossakowski is not None else [])
    gen = _Generator(H, groups)
    d = gen.d
    if rho0 is not None:
        rho0 = _state(from_qutip(rho0), "rho0", d)
    if d <= 8:
        rc, _, out, info = _dense_steady(gen, None)
    else:
        rc, out, info = _sparse_steady(gen)
    if rc == ENONUNIQUE:
        null_dim = int(info.null_dim)
        if rho0 is None or d > 64:
            detail = ffi.string(lib.neq_errdetail()).decode()
            raise NonUniqueError(f"{detail}; pass rho0 for the state reached from it"
                                 if d <= 64 else detail, rc, null_dim)
        rc, _, out, info = _dense_steady(gen, rho0)
        check(rc, "steadystate")
        warnings.warn(f"steady state not unique (kernel dimension {int(info.null_dim)}): the "
                      "state reached from rho0", RuntimeWarning, stacklevel=2)
    check(rc, "steadystate")
    rho = out.reshape((d, d), order="F")
    res = to_qutip(rho, dims) if qobj else rho
    if return_info:
        return res, {"residual": info.residual, "null_dim": int(info.null_dim),
                     "min_eigenvalue": info.min_eigenvalue, "trace_error": info.trace_error}
    return res


def concurrence(rho):
    """Wootters concurrence of a two-qubit density matrix (4 x 4 array or
    Qobj: Hermitian, trace 1, positive)."""
    r = _col(_state(from_qutip(rho), "rho", 4))
    C = ffi.new("double *")
    check(lib.neq_concurrence(ffi.from_buffer("double _Complex[]", r), C), "concurrence")
    return C[0]


def negativity(rho, dims=None, log=False):
    """Negativity (||rho^T_B||_1 - 1)/2 of a bipartite density matrix,
    dims = (dA, dB) (default: two equal halves, for d a perfect square);
    log=True gives the log-negativity."""
    a = _state(from_qutip(rho), "rho")
    d = a.shape[0]
    if dims is None:
        dA = int(round(np.sqrt(d)))
        if dA * dA != d:
            raise NeqentValueError(f"negativity: a {d} x {d} state has no two equal halves: "
                                   "give dims=(dA, dB)", EINVAL)
        dims = (dA, dA)
    try:
        dA, dB = (int(x) for x in dims)
        if (dA, dB) != tuple(dims):
            raise ValueError
    except (TypeError, ValueError):
        raise NeqentValueError(f"negativity: dims must be two whole numbers, not {dims!r}",
                               EINVAL) from None
    if dA < 1 or dB < 1 or dA * dB != d:
        raise NeqentValueError(f"negativity: dims {(dA, dB)} do not multiply to {d}", EINVAL)
    dims = (dA, dB)
    N, logN = ffi.new("double *"), ffi.new("double *")
    check(lib.neq_negativity(int(dims[0]), int(dims[1]),
                             ffi.from_buffer("double _Complex[]", _col(a)), N, logN),
          "negativity")
    return logN[0] if log else N[0]


def heat_currents(H, baths, rho=None, temperatures=None):
    """Heat currents J_b = Tr{H D_b(rho)} into the system from each bath (a
    list of collapse-operator lists, or Kossakowski pairs (gamma, ops)), in
    the steady state (or in rho).  Positive when bath b heats the system.
    With temperatures (one per bath, same units as H), also the entropy
    production -sum_b J_b / T_b: returns (J, sigma)."""
    gen = _Generator(H, list(baths))
    d = gen.d
    L = ffi.new("neq_liouvillian **")
    check(lib.neq_liouvillian_alloc(gen.ptr, L))
    L = ffi.gc(L[0], lib.neq_liouvillian_free)
    if rho is None:
        out = np.empty(d * d, complex)
        info = ffi.new("neq_steady_info *")
        check(lib.neq_steady_state(L, ffi.NULL, ffi.NULL, ffi.from_buffer("double _Complex[]", out),
                                   info), "heat_currents")
        r = out
    else:
        r = _col(_matrix(from_qutip(rho), "rho", d))
    ng = lib.neq_liouvillian_ngroups(L)
    J = np.empty(ng)
    check(lib.neq_heat_currents(L, ffi.from_buffer("double _Complex[]", r),
                                ffi.from_buffer("double[]", J)), "heat_currents")
    if temperatures is None:
        return J
    T = np.ascontiguousarray(temperatures, dtype=np.float64)
    if T.size != ng:
        raise NeqentValueError(f"heat_currents: {T.size} temperatures for {ng} baths", EINVAL)
    s = ffi.new("double *")
    check(lib.neq_entropy_production(ng, ffi.from_buffer("double[]", J),
                                     ffi.from_buffer("double[]", T), s), "entropy production")
    return J, s[0]
