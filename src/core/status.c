/* Status codes and the per-thread error detail (include/neqent/status.h). */
#include "neqent/status.h"
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>

static _Thread_local char errdetail[256];

const char *neq_strerror(int status)
{
    switch (status) {
#define NEQ_STATUS_TEXT_(name, value, text)                                                  \
    case name: return text;
        NEQ_STATUS_LIST(NEQ_STATUS_TEXT_)
#undef NEQ_STATUS_TEXT_
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
