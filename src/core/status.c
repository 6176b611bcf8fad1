/* Status codes and the per-thread error detail (include/neqent/status.h). */
#include "neqent/status.h"
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>

static _Thread_local char errdetail[256];

const char *neq_strerror(int status)
{
    switch (status) {
    case NEQ_OK: return "success";
    case NEQ_EINVAL: return "invalid argument";
    case NEQ_EDIM: return "inconsistent or unsupported dimension";
    case NEQ_ENAN: return "NaN or infinite value in input";
    case NEQ_EHERMITIAN: return "matrix is not Hermitian";
    case NEQ_ENEGRATE: return "negative rate or rate matrix not positive semidefinite";
    case NEQ_ENOMEM: return "out of memory";
    case NEQ_ELAPACK: return "LAPACK routine failed";
    case NEQ_ENONUNIQUE: return "steady state is not unique";
    case NEQ_EUNPHYSICAL: return "result is not a physical density matrix";
    case NEQ_EDOMAIN: return "argument outside the model's domain";
    case NEQ_EDIVERGE: return "quantity diverges for these inputs";
    case NEQ_ECONVERGE: return "iteration did not converge";
    case NEQ_EIO: return "input/output error";
    default: return "unknown status code";
    }
}

const char *neq_errdetail(void) { return errdetail; }

const char *neq_version(void) { return NEQ_VERSION_STRING; }

int neq_fail(int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(errdetail, sizeof errdetail, fmt, ap);
    va_end(ap);
    return status;
}

void neq_clear_error(void) { errdetail[0] = '\0'; }
