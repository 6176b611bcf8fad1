/* neqent: status codes, error messages and version.
 *
 * Every library function returns an int: 0 (NEQ_OK) on success or a negative
 * NEQ_E... code.  neq_strerror() explains a code; neq_errdetail() returns a
 * one-line description of the last error raised on the calling thread,
 * naming the offending value (for example "rate[2] = -0.5 is negative").
 * The library never prints and never exits.
 *
 * GSL: loading the library switches GSL's error handler off for the whole
 * process (gsl_set_error_handler_off; GSL's default handler aborts), and
 * neqent checks the status of every GSL call itself.  A program that
 * installs its own GSL handler afterwards must not make it abort while
 * neqent runs.
 *
 * Threads: neq_strerror and neq_version return constant strings (any
 * thread).  The error detail is kept per thread (thread-local storage): a
 * thread sees only the errors raised on it, and the string neq_errdetail
 * returns belongs to the calling thread, valid until its next neqent call
 * (copy it to hand it to another thread).  GSL's error handler is the one
 * process-wide setting: switched off once at load, never toggled around
 * calls (toggling it races between threads). */
#ifndef NEQENT_STATUS_H
#define NEQENT_STATUS_H

#include "neqent/common.h"
#include "neqent/version.h"

NEQ_BEGIN_DECLS

/* Every status code, once: name, value, and what neq_strerror says. */
#define NEQ_STATUS_LIST(X)                                                                 \
    X(NEQ_OK, 0, "success")                                                                \
    X(NEQ_EINVAL, -1, "invalid argument")             /* null pointer, bad option */      \
    X(NEQ_EDIM, -2, "inconsistent or unsupported dimension")                               \
    X(NEQ_ENAN, -3, "NaN or infinite value in input")                                      \
    X(NEQ_EHERMITIAN, -4, "matrix is not Hermitian")                                       \
    X(NEQ_ENEGRATE, -5, "negative rate or rate matrix not positive semidefinite")          \
    X(NEQ_ENOMEM, -6, "out of memory")                                                     \
    X(NEQ_ELAPACK, -7, "LAPACK routine failed")                                            \
    X(NEQ_ENONUNIQUE, -8, "steady state is not unique")                                    \
    X(NEQ_EUNPHYSICAL, -9, "result is not a physical density matrix")                      \
    X(NEQ_EDOMAIN, -10, "argument outside the model's domain") /* e.g. T < 0 */           \
    X(NEQ_EDIVERGE, -11, "quantity diverges for these inputs")                             \
    X(NEQ_ECONVERGE, -12, "iteration did not converge")                                    \
    X(NEQ_EIO, -13, "input/output error")           /* a file not read or written */

#define NEQ_STATUS_ENUM_(name, value, text) name = value,
enum neq_status { NEQ_STATUS_LIST(NEQ_STATUS_ENUM_) };
#undef NEQ_STATUS_ENUM_

/* A short fixed description of a status code. */
const char *neq_strerror(int status);

/* Detail of the last error on this thread: every function that returns a
 * status clears it when it starts, so after a call that succeeded it is ""
 * (never a stale message from an earlier failure, even one the library
 * recovered from inside the call). */
const char *neq_errdetail(void);

/* Library version, "MAJOR.MINOR.PATCH". */
const char *neq_version(void);

NEQ_END_DECLS
#endif
