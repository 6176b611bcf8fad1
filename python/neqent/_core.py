"""The binding's core: errors, the model tables, parameter sets, results.

Everything here is read from the C library's descriptor tables at import
time (include/neqent/model.h): a parameter or quantity added in C appears
in Python with its name, unit, default and doc, without editing Python."""
import keyword
import numpy as np

from ._neqent import ffi, lib

# status codes (include/neqent/status.h)
EINVAL, EDIM, ENAN, EHERMITIAN, ENEGRATE, ENOMEM, ELAPACK, ENONUNIQUE = range(-1, -9, -1)
EUNPHYSICAL, EDOMAIN, EDIVERGE, ECONVERGE, EIO = range(-9, -14, -1)

# kinds (model.h)
PARAM_REAL, PARAM_CHOICE, PARAM_TEXT, PARAM_VECTOR, PARAM_FLAG = range(5)
Q_SCALAR, Q_BOOL, Q_VECTOR, Q_MATRIX, Q_QUBITS, Q_PAIRS, Q_STATES, Q_GROUPS = range(8)
NGROUPS = 2  # the rows of a Q_GROUPS quantity: the baths, or the walls and the body


class NeqentError(RuntimeError):
    """A computation the library could not carry out; .status is its code."""

    def __init__(self, message, status):
        super().__init__(message)
        self.status = status


class NeqentValueError(NeqentError, ValueError):
    """Bad input: a value out of range, NaN, a wrong shape, an unknown name."""


class NonUniqueError(NeqentError):
    """The steady state is not unique (.null_dim: the kernel's dimension);
    pass rho0 to get the state reached from it."""

    def __init__(self, message, status, null_dim):
        super().__init__(message, status)
        self.null_dim = null_dim


# the statuses that mean bad input (the command line's exit 2)
_BAD_INPUT = {EINVAL, EDIM, ENAN, EHERMITIAN, ENEGRATE, EDOMAIN, EDIVERGE, EIO}


def _text(p):
    return ffi.string(p).decode() if p != ffi.NULL else None


def _raise(status, context=None):
    detail = _text(lib.neq_errdetail()) or _text(lib.neq_strerror(status))
    msg = f"{context}: {detail}" if context else detail
    raise (NeqentValueError if status in _BAD_INPUT else NeqentError)(msg, status)


def check(status, context=None):
    """Raises the library's message for a nonzero status."""
    if status:
        _raise(status, context)


class Parameter:
    """One parameter of a model, as in its table: name, unit, default, range, doc."""

    def __init__(self, desc):
        self.name = _text(desc.name)
        self.kind = int(desc.kind)
        self.unit = _text(desc.unit)
        self.doc = _text(desc.doc)
        self.setup = bool(desc.setup)
        self.choices = (_text(desc.choices) or "").split(",") if self.kind == PARAM_CHOICE else None
        if self.kind == PARAM_REAL:
            self.default = float(getattr(desc, "def"))
        elif self.kind == PARAM_FLAG:
            self.default = bool(getattr(desc, "def"))
        elif self.kind == PARAM_CHOICE:
            self.default = self.choices[int(getattr(desc, "def"))]
        else:
            self.default = _text(desc.def_text)
        self.min, self.max = float(desc.min), float(desc.max)
        self._desc = desc

    def describe(self):
        unit = f" [{self.unit}]" if self.unit not in (None, "1") else ""
        extra = f"; one of {', '.join(self.choices)}" if self.choices else ""
        return f"{self.name}{unit} = {self.default!r}: {self.doc}{extra}"


class Quantity:
    """One output quantity of a model: name, shape kind, unit, doc."""

    def __init__(self, index, desc):
        self.index = index
        self.name = _text(desc.name)
        self.kind = int(desc.kind)
        self.size = int(desc.size)
        self.unit = _text(desc.unit)
        self.costly = bool(desc.costly)
        self.doc = _text(desc.doc)


class Model:
    """A model's tables (baths, body, rates)."""

    def __init__(self, name):
        self.ptr = lib.neq_model_lookup(name.encode())
        if self.ptr == ffi.NULL:
            raise NeqentValueError(f"unknown model '{name}'", EINVAL)
        self.name = name
        self.doc = _text(lib.neq_model_doc(self.ptr))
        self.params = [Parameter(lib.neq_model_param(self.ptr, k))
                       for k in range(lib.neq_model_nparams(self.ptr))]
        self.quantities = [Quantity(k, lib.neq_model_quantity(self.ptr, k))
                           for k in range(lib.neq_model_nquantities(self.ptr))]
        self.param_index = {p.name: k for k, p in enumerate(self.params)}
        self.quantity_index = {q.name: q.index for q in self.quantities}

    def unknown(self, what, name):
        """The error for a misspelt parameter (what = 0) or quantity (1)."""
        s = _text(lib.neq_model_suggest(self.ptr, what, name.encode()))
        hint = f" (did you mean '{s}'?)" if s else ""
        kind = "parameter" if what == 0 else "quantity"
        return NeqentValueError(f"{self.name}: unknown {kind} '{name}'{hint}", EINVAL)


MODELS = {_text(lib.neq_model_name(lib.neq_model_at(i))): None
          for i in range(lib.neq_model_count())}
for _name in MODELS:
    MODELS[_name] = Model(_name)


def model(name):
    try:
        return MODELS[name]
    except (KeyError, TypeError):
        raise NeqentValueError(f"unknown model '{name}' (one of {', '.join(MODELS)})",
                               EINVAL) from None


def _bad(msg):
    return NeqentValueError(msg, EINVAL)


def _value_text(param, value):
    """A Python value as the text the library parses for this parameter."""
    if isinstance(value, str):
        return value
    if param.kind == PARAM_FLAG:
        if isinstance(value, (bool, np.bool_)) or value in (0, 1):
            return "true" if value else "false"
        raise _bad(f"{param.name}: expected True or False, got {value!r}")
    if param.kind == PARAM_CHOICE:
        raise _bad(f"{param.name}: expected one of {', '.join(param.choices)}, got {value!r}")
    if param.kind == PARAM_TEXT:
        raise _bad(f"{param.name}: expected text, got {value!r}")
    if param.kind == PARAM_VECTOR:
        try:
            v = np.asarray(value, dtype=complex).ravel()
        except (TypeError, ValueError):
            raise _bad(f"{param.name}: expected three numbers (x, y, z), got {value!r}") from None
        if np.any(v.imag != 0):
            return ",".join(repr(float(x)) for x in v.real) + ";" + ",".join(
                repr(float(x)) for x in v.imag)
        return ",".join(repr(float(x)) for x in v.real)
    return None


def keyword_safe(name):
    """A parameter's name as a Python keyword argument: a name that is a
    Python keyword (lambda) takes a trailing underscore (lambda_)."""
    return name + "_" if keyword.iskeyword(name) else name


def unkeyword(name):
    """The library's name of a keyword argument (lambda_ -> lambda)."""
    return name[:-1] if name.endswith("_") and keyword.iskeyword(name[:-1]) else name


class Params:
    """A parameter set of a model (the library's neq_params), owned here."""

    def __init__(self, m, values=None, base=None):
        self.model = m
        out = ffi.new("neq_params **")
        if base is not None:
            check(lib.neq_params_copy(base.ptr, out))
        else:
            check(lib.neq_params_alloc(m.ptr, out))
        self.ptr = ffi.gc(out[0], lib.neq_params_free)
        for k, v in (values or {}).items():
            self.set(k, v)

    def set(self, name, value):
        if not isinstance(name, str):
            raise _bad(f"{self.model.name}: a parameter name must be a string, not {name!r}")
        name = unkeyword(name)
        k = self.model.param_index.get(name)
        if k is None:
            raise self.model.unknown(0, name)
        p = self.model.params[k]
        text = _value_text(p, value)
        if text is not None:
            check(lib.neq_params_set_text(self.ptr, name.encode(), text.encode()), name)
        else:
            try:
                if isinstance(value, (complex, np.complexfloating)) or isinstance(value, bool):
                    raise TypeError
                v = float(value)
            except (TypeError, ValueError, OverflowError):
                raise NeqentValueError(f"{name}: expected a number or a string with a unit, "
                                       f"got {value!r}", EINVAL) from None
            check(lib.neq_params_set(self.ptr, name.encode(), v), name)

    def value(self, k):
        p = self.model.params[k]
        if p.kind in (PARAM_TEXT, PARAM_VECTOR, PARAM_CHOICE):
            return _text(lib.neq_params_text(self.ptr, k))
        v = lib.neq_params_value(self.ptr, k)
        return bool(v) if p.kind == PARAM_FLAG else float(v)

    def as_dict(self):
        """{name: (value, unit)} of every parameter."""
        return {p.name: (self.value(k), p.unit) for k, p in enumerate(self.model.params)}


class Result:
    """The quantities of one point: attributes and items by name (floats for
    scalars, NumPy arrays otherwise: rho complex d x d), .parameters
    {name: (value, unit)} and .units {quantity: unit}."""

    def __init__(self, model_name, values, units, parameters):
        self._values = values
        self.model = model_name
        self.units = units
        self._parameters = parameters  # a dict, or a callable making it on first use

    @property
    def parameters(self):
        if callable(self._parameters):
            self._parameters = self._parameters()
        return self._parameters

    def __getattr__(self, name):
        values = self.__dict__.get("_values")
        if values is None:  # copy/pickle probe an empty instance
            raise AttributeError(name)
        if name in values:
            return values[name]
        if name.lower() in values:  # r.Lambda for the quantity "lambda" (a keyword)
            return values[name.lower()]
        raise AttributeError(name)

    def __getitem__(self, name):
        return self._values[name]

    def __contains__(self, name):
        return name in self._values

    def keys(self):
        return self._values.keys()

    def __getstate__(self):  # picklable: the parameters as a plain dict
        state = dict(self.__dict__)
        state["_parameters"] = self.parameters
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)

    def as_dict(self):
        return dict(self._values)

    def __dir__(self):
        return list(self._values) + ["parameters", "units", "model", "keys", "as_dict"]

    def __repr__(self):
        scal = [f"{k}={v:.6g}" for k, v in self._values.items() if isinstance(v, float)][:6]
        return f"<neqent {self.model} result: {', '.join(scal)}, ...>"


def shape_value(q, raw, dim, nq):
    """A quantity's doubles as Python: float, bool or an array of its shape."""
    if q.kind == Q_SCALAR:
        return float(raw[0])
    if q.kind == Q_BOOL:
        return bool(raw[0])
    if q.kind == Q_MATRIX:  # column-major, re/im interleaved
        z = raw[0::2] + 1j * raw[1::2]
        return z.reshape((dim, dim), order="F")
    if q.kind == Q_PAIRS:
        return raw.reshape((nq, nq)).copy()
    if q.kind == Q_GROUPS:  # a row per bath or field
        return raw.reshape((NGROUPS, -1)).copy()
    return raw.copy()


class Plan:
    """A model's setup (for the body model: the electromagnetic functions of
    one geometry), built once from a parameter set, and a workspace to
    evaluate points with it.  Not to be shared between threads."""

    def __init__(self, params):
        self.model = params.model
        self.setup_params = Params(self.model, base=params)
        out = ffi.new("neq_plan **")
        check(lib.neq_plan_alloc(params.ptr, out), self.model.name)
        self.ptr = ffi.gc(out[0], lib.neq_plan_free)
        ws = ffi.new("neq_workspace **")
        check(lib.neq_workspace_alloc(self.ptr, ws))
        self.ws = ffi.gc(ws[0], lib.neq_workspace_free)
        self.dim = lib.neq_plan_dim(self.ptr)
        self.nq = lib.neq_plan_nqubits(self.ptr)
        self._buf = {}
        self._selection = {}

    def matches(self, params):
        return bool(lib.neq_plan_matches(self.ptr, params.ptr))

    def evaluate(self, params, quantities=None, costly_limit=5.0):
        """The result at params (whose setup must be the plan's).  quantities:
        names to compute (default: all but the costly ones estimated beyond
        costly_limit seconds, as the command line does)."""
        m = self.model
        if not self.matches(params):
            raise NeqentValueError(f"{m.name}: a setup parameter differs from the plan's "
                                   "(build a new model for another geometry)", EINVAL)
        check(lib.neq_eval(self.ptr, params.ptr, self.ws), m.name)
        if quantities is None:
            qs = []
            for q in m.quantities:
                if q.costly:
                    b, s = ffi.new("double *"), ffi.new("double *")
                    if lib.neq_quantity_cost(params.ptr, q.index, b, s) == 0 and s[0] > costly_limit:
                        continue
                qs.append(q)
        else:
            if isinstance(quantities, str):
                quantities = [quantities]
            try:
                key = tuple(quantities)
                hash(key)
            except TypeError:
                raise _bad("quantities: expected a name or a list of names, got "
                           f"{quantities!r}") from None
            if not all(isinstance(q, str) for q in key):
                raise _bad(f"quantities: names must be strings, got {list(key)!r}")
            qs = self._selection.get(key)
            if qs is None:
                qs = []
                for name in quantities:
                    if name not in m.quantity_index:
                        raise m.unknown(1, name)
                    qs.append(m.quantities[m.quantity_index[name]])
                self._selection[key] = qs
        values = {}
        for q in qs:
            n = lib.neq_quantity_length(self.ptr, q.index)
            buf = self._buf.get(n)
            if buf is None:
                buf = self._buf[n] = np.empty(max(n, 1))
            check(lib.neq_quantity_get(self.ptr, params.ptr, self.ws, q.index,
                                       ffi.from_buffer("double[]", buf)), q.name)
            values[q.name] = shape_value(q, buf[:n], self.dim, self.nq)
        units = {q.name: q.unit for q in qs}
        # the coupled-basis populations as one array: G, A, S, E for two
        # qubits near a body; the eigenstates s1..s4 of the two-bath model
        names = ["rho_G", "rho_A", "rho_S", "rho_E"]
        if all(n in values for n in names) and self.nq == 2:
            values["populations_coupled"] = np.array([values[n] for n in names])
            units["populations_coupled"] = "1"
        elif "rho_eigenbasis" in values:
            values["populations_coupled"] = np.real(np.diag(values["rho_eigenbasis"])).copy()
            units["populations_coupled"] = "1"
        return Result(m.name, values, units, Params(m, base=params).as_dict)
