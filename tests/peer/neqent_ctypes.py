"""ctypes bindings to libneqent for the peer tests and benchmarks.

Matrices cross the boundary as column-major complex128 arrays
(include/neqent/linalg.h)."""
import ctypes as ct

import numpy as np

NEQ_ENONUNIQUE = -8


class Neqent:
    def __init__(self, path):
        self.lib = ct.CDLL(path)
        L = self.lib
        vp = ct.c_void_p
        L.neq_gksl_alloc.argtypes = [ct.c_int, ct.POINTER(vp)]
        L.neq_gksl_free.argtypes = [vp]
        L.neq_gksl_set_hamiltonian.argtypes = [vp, vp]
        L.neq_gksl_add_jump.argtypes = [vp, ct.c_int, ct.c_double, vp]
        L.neq_gksl_add_kossakowski.argtypes = [vp, ct.c_int, ct.c_int, ct.POINTER(vp), vp]
        L.neq_liouvillian_alloc.argtypes = [vp, ct.POINTER(vp)]
        L.neq_liouvillian_free.argtypes = [vp]
        L.neq_steady_state.argtypes = [vp, vp, vp, vp, vp]
        L.neq_steady_state_from.argtypes = [vp, vp, vp, vp, vp, vp]
        L.neq_heat_currents.argtypes = [vp, vp, vp]
        L.neq_concurrence.argtypes = [vp, ct.POINTER(ct.c_double)]
        L.neq_errdetail.restype = ct.c_char_p

    @staticmethod
    def _f(a):
        """Column-major complex128 copy that stays alive with the caller."""
        return np.asfortranarray(np.asarray(a, dtype=np.complex128))

    def check(self, rc):
        if rc != 0:
            raise RuntimeError(f"neqent status {rc}: {self.lib.neq_errdetail().decode()}")

    def steady(self, H, jumps=(), kossakowski=(), ngroups=None):
        """jumps: (group, rate, L); kossakowski: (group, [A_a], gamma).
        Returns (status, rho, heat currents)."""
        d = H.shape[0]
        g = ct.c_void_p()
        self.check(self.lib.neq_gksl_alloc(d, ct.byref(g)))
        keep = []
        try:
            Hf = self._f(H)
            self.check(self.lib.neq_gksl_set_hamiltonian(g, Hf.ctypes.data))
            for grp, rate, op in jumps:
                Lf = self._f(op)
                keep.append(Lf)
                self.check(self.lib.neq_gksl_add_jump(g, grp, rate, Lf.ctypes.data))
            for grp, ops, gamma in kossakowski:
                fs = [self._f(a) for a in ops]
                keep.extend(fs)
                arr = (ct.c_void_p * len(fs))(*[f.ctypes.data for f in fs])
                Gf = self._f(gamma)
                self.check(self.lib.neq_gksl_add_kossakowski(g, grp, len(fs), arr, Gf.ctypes.data))
            Lv = ct.c_void_p()
            self.check(self.lib.neq_liouvillian_alloc(g, ct.byref(Lv)))
            rho = np.zeros((d, d), dtype=np.complex128, order="F")
            rc = self.lib.neq_steady_state(Lv, None, None, rho.ctypes.data, None)
            ng = ngroups if ngroups is not None else 1 + max(
                [j[0] for j in jumps] + [k[0] for k in kossakowski] + [-1])
            J = np.zeros(max(ng, 1))
            if rc == 0:
                self.check(self.lib.neq_heat_currents(Lv, rho.ctypes.data, J.ctypes.data))
            self.lib.neq_liouvillian_free(Lv)
            return rc, rho, J[:ng]
        finally:
            self.lib.neq_gksl_free(g)

    def concurrence(self, rho):
        r = self._f(rho)
        C = ct.c_double()
        self.check(self.lib.neq_concurrence(r.ctypes.data, ct.byref(C)))
        return C.value
