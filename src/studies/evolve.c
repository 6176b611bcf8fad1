/* Time evolution of a model at one point (include/neqent/evolve.h). */
#include "neqent/evolve.h"
#include "../core/internal.h"
#include "neqent/em.h"
#include "neqent/linalg.h"
#include "neqent/master.h"
#include "neqent/nearbody.h"
#include "neqent/qinfo.h"
#include "neqent/text.h"
#include "neqent/thermal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* "re" or "re,im" at *p (plain decimal numbers), advancing it */
static int read_entry(const char **p, double complex *z)
{
    char buf[96];
    size_t len = strcspn(*p, " \t\r\n");
    if (len == 0 || len >= sizeof buf)
        return -1;
    memcpy(buf, *p, len);
    buf[len] = 0;
    char *comma = strchr(buf, ',');
    double re, im = 0;
    if (comma)
        *comma = 0;
    if (neq_parse_real(buf, &re) || (comma && neq_parse_real(comma + 1, &im)))
        return -1;
    *p += len;
    *z = re + I * im;
    return 0;
}

int neq_state_read(const char *path, int d, double complex *rho)
{
    neq_clear_error();
    if (!path || !rho || d < 1 || d > 4096)
        return neq_fail(NEQ_EINVAL, "neq_state_read: bad arguments");
    int rc = NEQ_OK;
    FILE *f = neq_open_regular(path, "state file", &rc);
    if (!f)
        return rc;
    char *line = NULL;
    size_t cap = 0;
    int row = 0, lineno = 0;
    while (rc == 0 && getline(&line, &cap, f) > 0) {
        lineno++;
        const char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '#' || *p == '\n' || *p == '\r' || *p == '\0')
            continue;
        if (row == d) {
            rc = neq_fail(NEQ_EDIM, "%.200s:%d: more than %d rows: the model's states are %d x %d",
                          path, lineno, d, d, d);
            break;
        }
        int col = 0;
        while (rc == 0) {
            while (*p == ' ' || *p == '\t')
                p++;
            if (*p == '\n' || *p == '\r' || *p == '\0')
                break;
            double complex z;
            if (read_entry(&p, &z)) {
                rc = neq_fail(NEQ_EINVAL, "%.200s:%d: entry %d is not a decimal number or re,im pair",
                              path, lineno, col + 1);
                break;
            }
            if (col < d)
                NEQ_AT(rho, d, row, col) = z;
            col++;
        }
        if (rc == 0 && col != d)
            rc = neq_fail(NEQ_EDIM, "%.200s:%d: %d entries where a %d x %d state has %d", path,
                          lineno, col, d, d, d);
        row++;
    }
    free(line);
    fclose(f);
    NEQ_TRY(rc);
    if (row != d)
        return neq_fail(NEQ_EDIM, "%.200s: %d rows where a %d x %d state has %d", path, row, d, d,
                        d);
    double *w = malloc(sizeof *w * (size_t)d);
    if (!w)
        return neq_fail(NEQ_ENOMEM, "no memory");
    rc = neq_mat_hermiticity_error(d, rho) > 1e-10
             ? neq_fail(NEQ_EDOMAIN, "%.200s is not Hermitian", path)
             : neq_herm_eig(d, rho, w, NULL);
    if (rc == 0 && w[0] < -1e-10)
        rc = neq_fail(NEQ_EDOMAIN, "%.200s is not positive (eigenvalue %.3g)", path, w[0]);
    if (rc == 0 && fabs(creal(neq_mat_trace(d, rho)) - 1) > 1e-10)
        rc = neq_fail(NEQ_EDOMAIN, "%.200s has trace %.12g, not 1", path,
                      creal(neq_mat_trace(d, rho)));
    free(w);
    return rc;
}

int neq_initial_state(const neq_plan *plan, const neq_params *p, const char *spec,
                      double complex *rho0)
{
    neq_clear_error();
    if (!plan || !p || !spec || !rho0)
        return neq_fail(NEQ_EINVAL, "neq_initial_state: NULL argument");
    int d = neq_plan_dim(plan);
    const neq_model *m = neq_plan_model(plan);
    memset(rho0, 0, sizeof *rho0 * (size_t)d * (size_t)d);
    if (!strcmp(spec, "ground")) {
        rho0[0] = 1;
        return NEQ_OK;
    }
    if (!strcmp(spec, "A") || !strcmp(spec, "S")) {
        if (d != 4)
            return neq_fail(NEQ_EDIM, "initial state %s needs two qubits", spec);
        const double s = sqrt(0.5), sign = spec[0] == 'A' ? -1 : 1;
        const double complex psi[4] = {0, sign * s, s, 0}; /* |10> = eg, |01> = ge */
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                NEQ_AT(rho0, 4, i, j) = psi[i] * conj(psi[j]);
        return NEQ_OK;
    }
    if (!strncmp(spec, "thermal:", 8)) {
        double T = NAN;
        if (neq_parse_real(spec + 8, &T) || !(T > 0))
            return neq_fail(NEQ_EDOMAIN, "initial state '%.60s': the temperature must be a "
                                         "number > 0", spec);
        int kw = neq_model_param_index(m, "omega");
        if (kw >= 0) { /* uncoupled qubits at omega: eq. (3) */
            double n;
            NEQ_TRY(neq_bose_einstein(NEQ_HBAR * neq_params_value(p, kw) / NEQ_KB, T, &n));
            double pe = n / (1 + 2 * n);
            for (int s = 0; s < d; s++) {
                double prob = 1;
                for (int b = 1; b < d; b <<= 1)
                    prob *= (s & b) ? pe : 1 - pe;
                NEQ_AT(rho0, d, s, s) = prob;
            }
            return NEQ_OK;
        }
        neq_gksl *g = NULL;
        NEQ_TRY(neq_plan_generator(plan, p, &g));
        int rc = neq_gibbs_state(d, neq_gksl_hamiltonian(g), T, rho0);
        neq_gksl_free(g);
        return rc;
    }
    if (!strncmp(spec, "file:", 5))
        return neq_state_read(spec + 5, d, rho0);
    return neq_fail(NEQ_EINVAL, "unknown initial state '%.60s' (A, S, ground, thermal:T, "
                                "file:PATH)", spec);
}

int neq_evolve(const neq_plan *plan, const neq_params *p, const double complex *rho0, int nt,
               const double *t, double complex *rho_t)
{
    neq_clear_error();
    if (!plan || !p || !rho0 || nt < 0 || (nt > 0 && (!t || !rho_t)))
        return neq_fail(NEQ_EINVAL, "neq_evolve: bad arguments");
    neq_gksl *g = NULL;
    neq_liouvillian *L = NULL;
    neq_propagator *P = NULL;
    int rc = neq_plan_generator(plan, p, &g);
    if (rc == 0)
        rc = neq_liouvillian_alloc(g, &L);
    if (rc == 0)
        rc = neq_propagator_alloc(L, &P);
    if (rc == 0)
        rc = neq_propagate(P, rho0, nt, t, rho_t);
    neq_propagator_free(P);
    neq_liouvillian_free(L);
    neq_gksl_free(g);
    return rc;
}

int neq_time_grid(int nt, double tmax, int logscale, double tmin, double *t)
{
    neq_clear_error();
    if (nt < 2 || !t)
        return neq_fail(NEQ_EINVAL, "a time grid needs at least 2 times (%d)", nt);
    if (!(tmax > 0) || isinf(tmax))
        return neq_fail(isnan(tmax) ? NEQ_ENAN : NEQ_EDOMAIN, "t-max = %g must be finite and > 0",
                        tmax);
    if (logscale && !(tmin > 0 && tmin < tmax))
        return neq_fail(isnan(tmin) ? NEQ_ENAN : NEQ_EDOMAIN,
                        "t-min = %g must be > 0 and below t-max = %g", tmin, tmax);
    /* geometric in log space: the ratio tmax/tmin may exceed a double */
    double a = logscale ? log(tmin) : 0, b = logscale ? log(tmax) : 0;
    for (int k = 0; k < nt; k++)
        t[k] = !logscale ? tmax * k / (nt - 1)
               : k == 0 ? 0.0
               : nt == 2 ? tmax
                         : exp(a + (b - a) * (k - 1.0) / (nt - 2));
    t[nt - 1] = tmax;
    return NEQ_OK;
}

static const char *const OBS_NAMES[NEQ_TWO_QUBIT_NOBS] = {"C",     "K1",    "K2",   "rho_G",
                                                          "rho_A", "rho_S", "rho_E"};

const char *neq_two_qubit_observable_name(int k)
{
    return k >= 0 && k < NEQ_TWO_QUBIT_NOBS ? OBS_NAMES[k] : NULL;
}

int neq_two_qubit_observables(const double complex *rho, double obs[NEQ_TWO_QUBIT_NOBS])
{
    neq_clear_error();
    if (!rho || !obs)
        return neq_fail(NEQ_EINVAL, "neq_two_qubit_observables: NULL argument");
    NEQ_TRY(neq_concurrence(rho, &obs[0]));
    return neq_nb_coupled(rho, NULL, obs + 3, &obs[1], &obs[2]);
}

int neq_qubits_nobs(int nq) { return nq >= 1 ? 1 + nq * (nq - 1) / 2 : 0; }

int neq_qubits_observables(int nq, const double complex *rho, double *obs)
{
    neq_clear_error();
    if (nq < 1 || nq > 12 || !rho || !obs)
        return neq_fail(NEQ_EINVAL, "neq_qubits_observables: bad arguments (nq = %d)", nq);
    int d = 1 << nq, k = 1;
    double P = 0;
    for (long e = 0; e < (long)d * d; e++)
        P += creal(rho[e]) * creal(rho[e]) + cimag(rho[e]) * cimag(rho[e]);
    obs[0] = P;
    for (int a = 0; a < nq; a++)
        for (int b = a + 1; b < nq; b++) {
            double complex red[16];
            NEQ_TRY(neq_reduce_pair(nq, rho, a, b, red));
            NEQ_TRY(neq_concurrence(red, &obs[k++]));
        }
    return NEQ_OK;
}

int neq_qubits_observable_name(int nq, int k, char *buf, size_t n)
{
    if (k < 0 || k >= neq_qubits_nobs(nq) || !buf)
        return -1;
    if (k == 0)
        return snprintf(buf, n, "purity");
    for (int a = 0, i = 1; a < nq; a++)
        for (int b = a + 1; b < nq; b++, i++)
            if (i == k)
                return snprintf(buf, n, "C_%d_%d", a + 1, b + 1);
    return -1;
}
