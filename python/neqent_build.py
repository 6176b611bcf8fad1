"""Builds neqent's C binding with cffi in API mode (the extension module
neqent._neqent): complex arguments, NumPy buffers, and callbacks from the
grid runner, which runs with the GIL released.

Used by setup.py (`pip install ./python`: the installed library, found
through pkg-config) and by `make python` (the build tree):
    python3 python/neqent_build.py BUILD_DIR OUT_DIR
compiles against BUILD_DIR's libneqent and writes the package to
OUT_DIR/neqent."""
import os
import shutil
import subprocess
import sys
import sysconfig

from cffi import FFI

HERE = os.path.dirname(os.path.abspath(__file__))

# The declarations Python uses, copied from the public headers in the subset
# of C that cffi parses (no macros, no attributes; structs whose layout the
# compiler knows are left open with "...").  API mode compiles them against
# the real headers, so a declaration that drifts from its header fails the
# build instead of miscalling the library.
CDEF = r"""
typedef int... neq_param_kind;
typedef int... neq_unit_kind;
typedef int... neq_quantity_kind;
typedef struct {
    const char *name; neq_param_kind kind; neq_unit_kind unit_kind; const char *unit;
    double def; const char *def_text; double min, max; int min_open, max_open;
    const char *choices; int setup; const char *doc; ...;
} neq_param_desc;
typedef struct {
    const char *name; neq_quantity_kind kind; int size; const char *unit; int costly;
    const char *doc; ...;
} neq_quantity_desc;
typedef struct neq_model neq_model;
typedef struct neq_params neq_params;
typedef struct neq_plan neq_plan;
typedef struct neq_workspace neq_workspace;
typedef struct neq_grid neq_grid;
typedef struct neq_gksl neq_gksl;
typedef struct neq_liouvillian neq_liouvillian;
typedef struct neq_steady_workspace neq_steady_workspace;
typedef struct neq_sparse_plan neq_sparse_plan;
typedef struct neq_sparse_workspace neq_sparse_workspace;

const char *neq_strerror(int status);
const char *neq_errdetail(void);
const char *neq_version(void);

const neq_model *neq_model_lookup(const char *name);
int neq_model_count(void);
const neq_model *neq_model_at(int index);
const char *neq_model_name(const neq_model *m);
const char *neq_model_doc(const neq_model *m);
int neq_model_nparams(const neq_model *m);
const neq_param_desc *neq_model_param(const neq_model *m, int k);
int neq_model_param_index(const neq_model *m, const char *name);
int neq_model_nquantities(const neq_model *m);
const neq_quantity_desc *neq_model_quantity(const neq_model *m, int k);
int neq_model_quantity_index(const neq_model *m, const char *name);
const char *neq_model_suggest(const neq_model *m, int what, const char *name);
int neq_param_parse(const neq_param_desc *d, const char *text, double *value);

int neq_params_alloc(const neq_model *m, neq_params **out);
int neq_params_copy(const neq_params *src, neq_params **out);
void neq_params_free(neq_params *p);
int neq_params_set_text(neq_params *p, const char *name, const char *text);
int neq_params_set(neq_params *p, const char *name, double value);
double neq_params_value(const neq_params *p, int k);
const char *neq_params_text(const neq_params *p, int k);
int neq_params_format(const neq_params *p, int k, char *buf, size_t n);
int neq_params_cost(const neq_params *p, double *bytes, double *seconds);
int neq_quantity_cost(const neq_params *p, int k, double *bytes, double *seconds);

int neq_plan_alloc(const neq_params *p, neq_plan **out);
void neq_plan_free(neq_plan *plan);
int neq_plan_dim(const neq_plan *plan);
int neq_plan_matches(const neq_plan *plan, const neq_params *p);
int neq_plan_nqubits(const neq_plan *plan);
int neq_workspace_alloc(const neq_plan *plan, neq_workspace **out);
void neq_workspace_free(neq_workspace *ws);
int neq_eval(const neq_plan *plan, const neq_params *p, neq_workspace *ws);
int neq_quantity_get(const neq_plan *plan, const neq_params *p, neq_workspace *ws, int k,
                     double *out);
int neq_quantity_length(const neq_plan *plan, int k);

int neq_initial_state(const neq_plan *plan, const neq_params *p, const char *spec,
                      double _Complex *rho0);
int neq_evolve(const neq_plan *plan, const neq_params *p, const double _Complex *rho0, int nt,
               const double *t, double _Complex *rho_t);
int neq_time_grid(int nt, double tmax, int log, double tmin, double *t);
int neq_qubits_nobs(int nq);
int neq_qubits_observables(int nq, const double _Complex *rho, double *obs);
int neq_qubits_observable_name(int nq, int k, char *buf, size_t n);

typedef struct {
    long npoints; long nplans; long plans_alive; double plan_bytes; double bytes; ...;
} neq_grid_cost;
typedef struct {
    int threads; long start; long chunk; double max_bytes;
    volatile const int *stop;
    int (*row)(void *user, long idx, const neq_params *point, const double *values);
    int (*batch)(void *user, long first, long n, const double *values);
    void (*progress)(void *user, long done, long total);
    void *user;
    int on_error;
    int (*failed)(void *user, long idx, int status, const char *why);
    ...;
} neq_grid_options;
int neq_grid_alloc(const neq_params *base, neq_grid **out);
void neq_grid_free(neq_grid *g);
int neq_grid_add_axis(neq_grid *g, const char *param, const double *values, long n);
int neq_grid_add_linked_axis(neq_grid *g, const char *param, const double *values, long n);
int neq_grid_select(neq_grid *g, int nq, const int *quantities);
int neq_grid_nselected(const neq_grid *g);
const int *neq_grid_selected(const neq_grid *g);
int neq_grid_row_length(const neq_grid *g);
int neq_grid_estimate(const neq_grid *g, long chunk, neq_grid_cost *c);
int neq_grid_run(const neq_grid *g, const neq_grid_options *opt, long *done);

typedef struct {
    const char *params; double lo, hi; int log; int nchoices; const char *const *choices;
    int nlinked; const char *const *linked; const double *linked_lo, *linked_hi; ...;
} neq_design_var;
typedef struct { const char *quantity; int op; double bound; ...; } neq_design_constraint;
typedef struct {
    int minimize; unsigned long long seed; int starts; int threads; int global_evals;
    int local_evals; double xtol_rel; ...;
} neq_design_options;
typedef struct {
    int nvars, ncons; int feasible; double value; double *x; neq_params *best;
    double *constraints; int *constraint_active; int *active; double *gradient;
    long evaluations; long failed; int runs; int best_run; double *history; long nhistory;
    int history_cols; ...;
} neq_design_result;
neq_design_options neq_design_options_default(void);
int neq_design_search(const neq_params *base, const char *objective, int nvars,
                      const neq_design_var *vars, int ncons, const neq_design_constraint *cons,
                      const neq_design_options *opt, neq_design_result *res);
void neq_design_result_free(neq_design_result *res);

int neq_gksl_alloc(int dim, neq_gksl **out);
void neq_gksl_free(neq_gksl *g);
int neq_gksl_set_hamiltonian(neq_gksl *g, const double _Complex *H);
int neq_gksl_add_jump(neq_gksl *g, int group, double rate, const double _Complex *L);
int neq_gksl_add_kossakowski(neq_gksl *g, int group, int m, const double _Complex *const *A,
                             const double _Complex *gamma);
typedef struct { double rank_tol; double positivity_tol; ...; } neq_steady_options;
typedef struct {
    double residual; double trace_error; double min_eigenvalue; int null_dim; ...;
} neq_steady_info;
int neq_liouvillian_alloc(const neq_gksl *g, neq_liouvillian **out);
void neq_liouvillian_free(neq_liouvillian *L);
int neq_liouvillian_ngroups(const neq_liouvillian *L);
int neq_steady_state(const neq_liouvillian *L, const neq_steady_options *opt,
                     neq_steady_workspace *ws, double _Complex *rho, neq_steady_info *info);
int neq_steady_state_from(const neq_liouvillian *L, const double _Complex *rho0,
                          const neq_steady_options *opt, neq_steady_workspace *ws,
                          double _Complex *rho, neq_steady_info *info);
int neq_heat_currents(const neq_liouvillian *L, const double _Complex *rho, double *J);
int neq_entropy_production(int ngroups, const double *J, const double *T, double *sigma);
typedef struct { double positivity_tol; int verify; int method; ...; } neq_sparse_options;
int neq_sparse_plan_alloc(const neq_gksl *g, neq_sparse_plan **out);
void neq_sparse_plan_free(neq_sparse_plan *p);
int neq_sparse_steady(const neq_sparse_plan *p, const neq_gksl *g,
                      const neq_sparse_options *opt, neq_sparse_workspace *ws,
                      double _Complex *rho, neq_steady_info *info);

int neq_concurrence(const double _Complex *rho, double *C);
int neq_negativity(int dA, int dB, const double _Complex *rho, double *N, double *logN);

extern "Python" int _neq_py_batch(void *user, long first, long n, const double *values);
extern "Python" void _neq_py_progress(void *user, long done, long total);
extern "Python" int _neq_py_failed(void *user, long idx, int status, const char *why);
"""


def _pkg_config():
    """Compiler and linker flags of the installed library."""
    try:
        cflags = subprocess.check_output(["pkg-config", "--cflags", "neqent"], text=True).split()
        libs = subprocess.check_output(["pkg-config", "--libs", "neqent"], text=True).split()
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit(f"neqent_build: pkg-config cannot find the neqent library ({e}); install it "
                 "first (cmake --install), or set PKG_CONFIG_PATH to its lib/pkgconfig")
    inc = [f[2:] for f in cflags if f.startswith("-I")]
    libdirs = [f[2:] for f in libs if f.startswith("-L")]
    return dict(include_dirs=inc, library_dirs=libdirs, libraries=["neqent"],
                extra_link_args=[f"-Wl,-rpath,{d}" for d in libdirs])


def _build_tree(build):
    """Flags against a CMake build directory (make python)."""
    build = os.path.abspath(build)
    root = os.path.dirname(HERE)
    return dict(include_dirs=[os.path.join(root, "include"), os.path.join(build, "include")],
                library_dirs=[build], libraries=["neqent"],
                extra_link_args=[f"-Wl,-rpath,{build}"])


def builder(flags):
    ffi = FFI()
    ffi.cdef(CDEF)
    ffi.set_source("neqent._neqent", "#include <neqent/neqent.h>\n",
                   extra_compile_args=["-std=c11", "-O2"], **flags)
    return ffi


if __name__ != "__main__":  # setup.py's cffi_modules entry: the installed library
    _tree = os.environ.get("NEQENT_BUILD_DIR")
    ffibuilder = builder(_build_tree(_tree) if _tree else _pkg_config())
else:
    if len(sys.argv) != 3:
        sys.exit("usage: neqent_build.py BUILD_DIR OUT_DIR")
    build, out = sys.argv[1], os.path.abspath(sys.argv[2])
    ffi = builder(_build_tree(build))
    tmp = os.path.join(out, "cffi-tmp")
    os.makedirs(tmp, exist_ok=True)
    so = ffi.compile(tmpdir=tmp, verbose=False)
    pkg = os.path.join(out, "neqent")
    os.makedirs(pkg, exist_ok=True)
    for f in os.listdir(os.path.join(HERE, "neqent")):
        if f.endswith(".py"):
            shutil.copy2(os.path.join(HERE, "neqent", f), pkg)
    shutil.copy2(so, os.path.join(pkg, os.path.basename(so)))
    print(f"neqent_build: {os.path.join(pkg, os.path.basename(so))}")
