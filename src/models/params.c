/* Parameter values: text with units, ranges of values, parameter sets
 * (include/neqent/model.h). */
#include "internal_models.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ units */

typedef struct {
    neq_unit_kind kind;
    const char *suffix;
    int pow10;     /* the unit is 10^pow10 of the SI unit, applied to the decimal text */
    double factor; /* then multiplied (Hz -> rad/s) */
} unit_entry;

static const unit_entry UNITS[] = {
    {NEQ_UNIT_LENGTH, "m", 0, 1},       {NEQ_UNIT_LENGTH, "mm", -3, 1},
    {NEQ_UNIT_LENGTH, "um", -6, 1},     {NEQ_UNIT_LENGTH, "nm", -9, 1},
    {NEQ_UNIT_LENGTH, "pm", -12, 1},    {NEQ_UNIT_TEMPERATURE, "K", 0, 1},
    {NEQ_UNIT_TEMPERATURE, "mK", -3, 1}, {NEQ_UNIT_FREQUENCY, "rad/s", 0, 1},
    {NEQ_UNIT_FREQUENCY, "Hz", 0, 6.283185307179586},
    {NEQ_UNIT_FREQUENCY, "THz", 12, 6.283185307179586},
    {NEQ_UNIT_ENERGY, "J", 0, 1},       {NEQ_UNIT_ENERGY, "eV", 0, 1.602176634e-19},
    {NEQ_UNIT_ENERGY, "meV", -3, 1.602176634e-19},
};

static const char *unit_list(neq_unit_kind k)
{
    switch (k) {
    case NEQ_UNIT_LENGTH: return "m, mm, um, nm, pm";
    case NEQ_UNIT_TEMPERATURE: return "K, mK";
    case NEQ_UNIT_FREQUENCY: return "rad/s, Hz, THz";
    case NEQ_UNIT_ENERGY: return "J, eV, meV";
    default: return "none";
    }
}

static int parse_number(const neq_param_desc *d, const char *text, double *out)
{
    size_t len = neq_decimal_length(text);
    if (len == 0)
        return neq_fail(NEQ_EINVAL, "%s: '%.60s' is not a number", d->name, text);
    if (len > 80)
        return neq_fail(NEQ_EINVAL, "%s: '%.60s...' is too long for a number", d->name, text);
    const char *suffix = text + len;
    int pow10 = 0;
    double factor = 1;
    if (*suffix) {
        const unit_entry *u = NULL;
        for (size_t k = 0; k < sizeof UNITS / sizeof UNITS[0]; k++)
            if (UNITS[k].kind == d->unit_kind && d->unit_kind != NEQ_UNIT_NONE &&
                strcmp(suffix, UNITS[k].suffix) == 0)
                u = &UNITS[k];
        if (!u) {
            if (d->unit_kind == NEQ_UNIT_NONE)
                return neq_fail(NEQ_EINVAL, "%s: '%.60s' is not a number (no unit suffix "
                                            "allowed)", d->name, text);
            return neq_fail(NEQ_EINVAL, "%s: unknown unit '%.20s' in '%.60s' (expected %s)",
                            d->name, suffix, text, unit_list(d->unit_kind));
        }
        pow10 = u->pow10;
        factor = u->factor;
    }
    /* the unit's power of ten joins the decimal exponent, so "1.3um" is
     * exactly the double of "1.3e-6" */
    const char *e = text;
    while (e < suffix && *e != 'e' && *e != 'E')
        e++;
    long ex = 0;
    if (e < suffix) {
        errno = 0;
        ex = strtol(e + 1, NULL, 10);
        if (errno == ERANGE || ex > 100000 || ex < -100000)
            return neq_fail(NEQ_EDOMAIN, "%s: '%.60s' is out of range", d->name, text);
    }
    size_t nnum = (size_t)(e - text) + 32; /* mantissa of any length, "e", exponent */
    char *num = malloc(nnum);
    if (!num)
        return neq_fail(NEQ_ENOMEM, "%s: no memory to read '%.60s'", d->name, text);
    snprintf(num, nnum, "%.*se%ld", (int)(e - text), text, ex + pow10);
    errno = 0;
    double v = strtod(num, NULL);
    int range = errno == ERANGE;
    free(num);
    /* overflow, or a nonzero number rounded to 0: not what was typed (a
     * subnormal is kept, as by neq_parse_real; ranges judge it) */
    if (!isfinite(v) || (range && v == 0))
        return neq_fail(NEQ_EDOMAIN, "%s: '%.60s' is out of the range of a double", d->name,
                        text);
    v *= factor;
    if (!isfinite(v))
        return neq_fail(NEQ_EDOMAIN, "%s: '%.60s' is out of range", d->name, text);
    *out = v;
    return NEQ_OK;
}

/* " m", " K": the unit after a value; nothing for dimensionless ones */
static const char *unit_sep(const neq_param_desc *d)
{
    return d->unit && d->unit[0] && strcmp(d->unit, "1") ? " " : "";
}
static const char *unit_of(const neq_param_desc *d)
{
    return d->unit && strcmp(d->unit, "1") ? d->unit : "";
}

int neq_param_check(const neq_param_desc *d, double v)
{
    neq_clear_error();
    if (!d)
        return neq_fail(NEQ_EINVAL, "neq_param_check: NULL descriptor");
    if (d->kind != NEQ_PARAM_REAL)
        return NEQ_OK;
    if (isnan(v))
        return neq_fail(NEQ_ENAN, "%s is NaN", d->name);
    if (!isfinite(v))
        return neq_fail(NEQ_EDOMAIN, "%s = %g%s%s is not finite", d->name, v, unit_sep(d),
                        unit_of(d));
    if (v < d->min || (d->min_open && v == d->min))
        return neq_fail(NEQ_EDOMAIN, "%s = %.6g%s%s must be %s %g (%s)", d->name, v, unit_sep(d),
                        unit_of(d), d->min_open ? ">" : ">=", d->min, d->doc);
    if (v > d->max || (d->max_open && v == d->max))
        return neq_fail(NEQ_EDOMAIN, "%s = %.6g%s%s must be %s %g (%s)", d->name, v, unit_sep(d),
                        unit_of(d), d->max_open ? "<" : "<=", d->max, d->doc);
    return NEQ_OK;
}

int neq_param_parse(const neq_param_desc *d, const char *text, double *value)
{
    neq_clear_error();
    if (!d || !text || !value)
        return neq_fail(NEQ_EINVAL, "neq_param_parse: NULL argument");
    double v = NAN;
    NEQ_TRY(parse_number(d, text, &v));
    NEQ_TRY(neq_param_check(d, v));
    *value = v;
    return NEQ_OK;
}

/* one number of a range, [s, end) */
static int range_number(const neq_param_desc *d, const char *s, const char *end, double *v)
{
    char buf[96];
    size_t len = (size_t)(end - s);
    if (len == 0)
        return neq_fail(NEQ_EINVAL, "%s: an empty value in the range", d->name);
    if (len >= sizeof buf)
        return neq_fail(NEQ_EINVAL, "%s: '%.60s...' is too long for a number", d->name, s);
    memcpy(buf, s, len);
    buf[len] = 0;
    return neq_param_parse(d, buf, v);
}

int neq_param_parse_range(const neq_param_desc *d, const char *text, long max_values,
                          double **values, long *n)
{
    neq_clear_error();
    if (!d || !text || !values || !n || max_values < 1)
        return neq_fail(NEQ_EINVAL, "neq_param_parse_range: bad arguments");
    *values = NULL;
    *n = 0;
    if (d->kind != NEQ_PARAM_REAL)
        return neq_fail(NEQ_EINVAL, "%s is not a number and cannot take a range of values",
                        d->name);
    if (!*text)
        return neq_fail(NEQ_EINVAL, "%s: no values", d->name);
    const char *c1 = strchr(text, ':');
    if (c1) {
        const char *c2 = strchr(c1 + 1, ':');
        const char *c3 = c2 ? strchr(c2 + 1, ':') : NULL;
        if (!c2 || (c3 && strchr(c3 + 1, ':')))
            return neq_fail(NEQ_EINVAL, "%s=%.80s: expected START:STOP:N[:log]", d->name, text);
        const char *nend = c3 ? c3 : c2 + 1 + strlen(c2 + 1);
        int logsp = 0;
        if (c3) {
            if (strcmp(c3 + 1, "log") != 0)
                return neq_fail(NEQ_EINVAL, "%s=%.80s: the fourth field may only be 'log'",
                                d->name, text);
            logsp = 1;
        }
        /* N: a whole decimal number, no sign, no exponent */
        long cnt = 0;
        const char *q = c2 + 1;
        if (q == nend)
            return neq_fail(NEQ_EINVAL, "%s=%.80s: expected START:STOP:N[:log]", d->name, text);
        for (; q < nend; q++) {
            if (!isdigit((unsigned char)*q))
                return neq_fail(NEQ_EINVAL, "%s=%.80s: N = '%.*s' must be a whole number",
                                d->name, text, (int)(nend - c2 - 1 > 20 ? 20 : nend - c2 - 1),
                                c2 + 1);
            if (cnt <= max_values) /* stops growing past max_values: no overflow */
                cnt = cnt > (LONG_MAX - 9) / 10 ? LONG_MAX : cnt * 10 + (*q - '0');
        }
        if (cnt < 1 || cnt > max_values)
            return neq_fail(NEQ_EINVAL, "%s=%.80s: N must be a whole number from 1 to %ld",
                            d->name, text, max_values);
        double a, b;
        NEQ_TRY(range_number(d, text, c1, &a));
        NEQ_TRY(range_number(d, c1 + 1, c2, &b));
        if (logsp && !(a > 0 && b > 0))
            return neq_fail(NEQ_EINVAL, "%s=%.80s: a log range needs START, STOP > 0", d->name,
                            text);
        if (cnt > 1 && a == b)
            return neq_fail(NEQ_EINVAL, "%s=%.80s: empty range (START = STOP with N > 1)",
                            d->name, text);
        double *vals = malloc(sizeof *vals * (size_t)cnt);
        if (!vals)
            return neq_fail(NEQ_ENOMEM, "%s: no memory for %ld values", d->name, cnt);
        /* geometric steps in log space: b / a may overflow where a and b do not */
        double la = logsp ? log(a) : 0, lb = logsp ? log(b) : 0;
        for (long i = 0; i < cnt; i++) {
            double t = cnt == 1 ? 0 : (double)i / (double)(cnt - 1);
            vals[i] = logsp ? exp(la + (lb - la) * t) : a + (b - a) * t;
        }
        /* the ends exactly as written (pow and the affine form may round) */
        vals[0] = a;
        vals[cnt - 1] = cnt > 1 ? b : a;
        for (long i = 0; i < cnt; i++) { /* interior points of a range inside [a, b] */
            int rc = neq_param_check(d, vals[i]);
            if (rc) {
                free(vals);
                return rc;
            }
        }
        *values = vals;
        *n = cnt;
        return NEQ_OK;
    }
    long cap = 16, cnt = 0;
    double *vals = malloc(sizeof *vals * (size_t)cap);
    if (!vals)
        return neq_fail(NEQ_ENOMEM, "%s: no memory", d->name);
    const char *q = text;
    for (;;) {
        const char *e = strchr(q, ',');
        if (!e)
            e = q + strlen(q);
        if (cnt == max_values) {
            free(vals);
            return neq_fail(NEQ_EINVAL, "%s: more than %ld values", d->name, max_values);
        }
        if (cnt == cap) {
            cap *= 2;
            double *g = realloc(vals, sizeof *vals * (size_t)cap);
            if (!g) {
                free(vals);
                return neq_fail(NEQ_ENOMEM, "%s: no memory", d->name);
            }
            vals = g;
        }
        int rc = range_number(d, q, e, &vals[cnt]);
        if (rc) {
            free(vals);
            return rc;
        }
        cnt++;
        if (!*e)
            break;
        q = e + 1;
    }
    *values = vals;
    *n = cnt;
    return NEQ_OK;
}

/* --------------------------------------------------------- vectors */

int neq_parse_vector(const char *name, const char *text, double complex v[3])
{
    double re[3] = {0}, im[3] = {0};
    const char *p = text;
    for (int part = 0; part < 2; part++) {
        double *dst = part ? im : re;
        for (int k = 0; k < 3; k++) {
            size_t len = neq_decimal_length(p);
            if (len == 0)
                return neq_fail(NEQ_EINVAL, "%s: '%.60s' is not a vector x,y,z[;xi,yi,zi]", name,
                                text);
            char buf[96];
            if (len >= sizeof buf)
                return neq_fail(NEQ_EINVAL, "%s: '%.60s' has a component that is too long", name,
                                text);
            memcpy(buf, p, len);
            buf[len] = 0;
            errno = 0;
            dst[k] = strtod(buf, NULL);
            if (!isfinite(dst[k]))
                return neq_fail(NEQ_EDOMAIN, "%s: '%.60s' has a component out of range", name,
                                text);
            p += len;
            if (k < 2) {
                if (*p != ',')
                    return neq_fail(NEQ_EINVAL, "%s: '%.60s' is not a vector x,y,z[;xi,yi,zi]",
                                    name, text);
                p++;
            }
        }
        if (*p == '\0')
            break;
        if (*p != ';' || part == 1)
            return neq_fail(NEQ_EINVAL, "%s: '%.60s' is not a vector x,y,z[;xi,yi,zi]", name, text);
        p++;
    }
    double n2 = 0;
    for (int k = 0; k < 3; k++) {
        v[k] = re[k] + I * im[k];
        n2 += re[k] * re[k] + im[k] * im[k];
    }
    if (!(n2 > 0) || !isfinite(n2))
        return neq_fail(NEQ_EDOMAIN, "%s: '%.60s' is the zero vector (or too large)", name, text);
    return NEQ_OK;
}

/* ------------------------------------------------------ parameter sets */

void neq_params_free(neq_params *p)
{
    if (!p)
        return;
    if (p->s)
        for (int k = 0; k < p->m->nparams; k++)
            free(p->s[k]);
    free(p->s);
    free(p->v);
    free(p);
}

static int set_string(neq_params *p, int k, const char *text)
{
    char *copy = strdup(text);
    if (!copy)
        return neq_fail(NEQ_ENOMEM, "no memory for parameter %s", p->m->params[k].name);
    free(p->s[k]);
    p->s[k] = copy;
    return NEQ_OK;
}

/* the index of `text` in a comma-separated list, -1 if absent */
static int choice_index(const char *choices, const char *text)
{
    size_t len = strlen(text);
    int idx = 0;
    for (const char *c = choices; *c; idx++) {
        const char *e = strchr(c, ',');
        size_t l = e ? (size_t)(e - c) : strlen(c);
        if (l == len && strncmp(c, text, len) == 0)
            return idx;
        if (!e)
            break;
        c = e + 1;
    }
    return -1;
}

/* the name at `index` of a comma-separated list into buf */
static int choice_name(const char *choices, int index, char *buf, size_t n)
{
    const char *c = choices;
    for (int i = 0; i < index && c; i++) {
        c = strchr(c, ',');
        if (c)
            c++;
    }
    if (!c)
        return neq_fail(NEQ_EINVAL, "choice index %d out of range", index);
    size_t l = strcspn(c, ",");
    snprintf(buf, n, "%.*s", (int)l, c);
    return NEQ_OK;
}

int neq_params_alloc(const neq_model *m, neq_params **out)
{
    neq_clear_error();
    if (!m || !out)
        return neq_fail(NEQ_EINVAL, "neq_params_alloc: NULL argument");
    *out = NULL;
    neq_params *p = calloc(1, sizeof *p);
    if (p) {
        p->m = m;
        p->v = malloc(sizeof *p->v * (size_t)m->nparams);
        p->s = calloc((size_t)m->nparams, sizeof *p->s);
    }
    if (!p || !p->v || !p->s) {
        neq_params_free(p);
        return neq_fail(NEQ_ENOMEM, "no memory for a parameter set");
    }
    for (int k = 0; k < m->nparams; k++) {
        const neq_param_desc *d = &m->params[k];
        p->v[k] = d->def;
        int rc = NEQ_OK;
        if (d->kind == NEQ_PARAM_TEXT || d->kind == NEQ_PARAM_VECTOR) {
            p->v[k] = NAN;
            rc = set_string(p, k, d->def_text);
        } else if (d->kind == NEQ_PARAM_CHOICE) {
            char name[64];
            rc = choice_name(d->choices, (int)d->def, name, sizeof name);
            if (rc == 0)
                rc = set_string(p, k, name);
        }
        if (rc) {
            neq_params_free(p);
            return rc;
        }
    }
    *out = p;
    return NEQ_OK;
}

int neq_params_copy(const neq_params *src, neq_params **out)
{
    neq_clear_error();
    if (!src || !out)
        return neq_fail(NEQ_EINVAL, "neq_params_copy: NULL argument");
    NEQ_TRY(neq_params_alloc(src->m, out));
    neq_params *p = *out;
    for (int k = 0; k < src->m->nparams; k++) {
        p->v[k] = src->v[k];
        if (src->s[k]) {
            int rc = set_string(p, k, src->s[k]);
            if (rc) {
                neq_params_free(p);
                *out = NULL;
                return rc;
            }
        }
    }
    return NEQ_OK;
}

const neq_model *neq_params_model(const neq_params *p) { return p ? p->m : NULL; }

static int param_lookup(const neq_params *p, const char *name, int *k)
{
    *k = -1;
    if (!p || !name)
        return neq_fail(NEQ_EINVAL, "NULL parameter set or name");
    *k = neq_model_param_index(p->m, name);
    if (*k < 0) {
        const char *s = neq_model_suggest(p->m, 0, name);
        return neq_fail(NEQ_EINVAL, "unknown parameter '%.60s' of the %s model%s%s%s", name,
                        p->m->name, s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "");
    }
    return NEQ_OK;
}

int neq_params_set_at(neq_params *p, int k, double value)
{
    neq_clear_error();
    if (!p || k < 0 || k >= p->m->nparams)
        return neq_fail(NEQ_EINVAL, "neq_params_set_at: bad parameter index %d", k);
    const neq_param_desc *d = &p->m->params[k];
    switch (d->kind) {
    case NEQ_PARAM_REAL:
        NEQ_TRY(neq_param_check(d, value));
        p->v[k] = value;
        return NEQ_OK;
    case NEQ_PARAM_FLAG:
        if (value != 0 && value != 1)
            return neq_fail(NEQ_EINVAL, "%s = %g must be 0 or 1", d->name, value);
        p->v[k] = value;
        return NEQ_OK;
    case NEQ_PARAM_CHOICE: {
        char name[64];
        if (value != floor(value) || value < 0 || value > 1000 ||
            choice_name(d->choices, (int)value, name, sizeof name))
            return neq_fail(NEQ_EINVAL, "%s: choice index %g out of range (%s)", d->name, value,
                            d->choices);
        NEQ_TRY(set_string(p, k, name));
        p->v[k] = value;
        return NEQ_OK;
    }
    default:
        return neq_fail(NEQ_EINVAL, "%s is text: use neq_params_set_text", d->name);
    }
}

int neq_params_set(neq_params *p, const char *name, double value)
{
    neq_clear_error();
    int k = -1;
    NEQ_TRY(param_lookup(p, name, &k));
    return neq_params_set_at(p, k, value);
}

int neq_params_set_text(neq_params *p, const char *name, const char *text)
{
    neq_clear_error();
    int k = -1;
    NEQ_TRY(param_lookup(p, name, &k));
    if (!text)
        return neq_fail(NEQ_EINVAL, "%s: no value", name);
    const neq_param_desc *d = &p->m->params[k];
    switch (d->kind) {
    case NEQ_PARAM_REAL: {
        double v;
        NEQ_TRY(neq_param_parse(d, text, &v));
        p->v[k] = v;
        return NEQ_OK;
    }
    case NEQ_PARAM_FLAG:
        if (!strcmp(text, "true") || !strcmp(text, "1") || !strcmp(text, "yes"))
            p->v[k] = 1;
        else if (!strcmp(text, "false") || !strcmp(text, "0") || !strcmp(text, "no"))
            p->v[k] = 0;
        else
            return neq_fail(NEQ_EINVAL, "%s: '%.60s' is not true or false", name, text);
        return NEQ_OK;
    case NEQ_PARAM_CHOICE: {
        int idx = choice_index(d->choices, text);
        if (idx < 0)
            return neq_fail(NEQ_EINVAL, "%s: unknown value '%.60s' (%s)", name, text, d->choices);
        NEQ_TRY(set_string(p, k, text));
        p->v[k] = idx;
        return NEQ_OK;
    }
    case NEQ_PARAM_VECTOR: {
        double complex v[3];
        NEQ_TRY(neq_parse_vector(name, text, v));
        return set_string(p, k, text);
    }
    case NEQ_PARAM_TEXT:
        if (!*text)
            return neq_fail(NEQ_EINVAL, "%s: empty value", name);
        if (strlen(text) > 4096)
            return neq_fail(NEQ_EINVAL, "%s: value longer than 4096 characters", name);
        return set_string(p, k, text);
    }
    return neq_fail(NEQ_EINVAL, "%s: unknown parameter kind", name);
}

double neq_params_value(const neq_params *p, int k)
{
    return p && k >= 0 && k < p->m->nparams ? p->v[k] : NAN;
}

const char *neq_params_text(const neq_params *p, int k)
{
    return p && k >= 0 && k < p->m->nparams ? p->s[k] : NULL;
}

int neq_params_format(const neq_params *p, int k, char *buf, size_t n)
{
    if (!p || k < 0 || k >= p->m->nparams)
        return snprintf(buf, n, "%s", "");
    const neq_param_desc *d = &p->m->params[k];
    if (d->kind == NEQ_PARAM_REAL)
        return neq_format_real(buf, n, p->v[k]);
    if (d->kind == NEQ_PARAM_FLAG)
        return snprintf(buf, n, "%s", p->v[k] != 0 ? "true" : "false");
    return snprintf(buf, n, "%s", p->s[k] ? p->s[k] : "");
}

int neq_params_equal_at(const neq_params *a, const neq_params *b, int k)
{
    if (!a || !b || a->m != b->m || k < 0 || k >= a->m->nparams)
        return 0;
    if (a->s[k] || b->s[k])
        return a->s[k] && b->s[k] && strcmp(a->s[k], b->s[k]) == 0;
    return a->v[k] == b->v[k] || (isnan(a->v[k]) && isnan(b->v[k]));
}

int neq_single_point_only(const neq_params *p)
{
    int k = p ? neq_model_param_index(p->m, "distributed") : -1;
    if (k >= 0 && p->v[k] != 0)
        return neq_fail(NEQ_EINVAL, "distributed: one steady state solved across MPI ranks is "
                                    "for a single point (neqent body); the points of a sweep "
                                    "or a design search are solved apart: drop it");
    return NEQ_OK;
}
