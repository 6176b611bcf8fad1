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

enum neq_status {
    NEQ_OK = 0,
    NEQ_EINVAL = -1,       /* invalid argument (null pointer, bad option) */
    NEQ_EDIM = -2,         /* inconsistent or unsupported dimension */
    NEQ_ENAN = -3,         /* NaN or infinity in an input */
    NEQ_EHERMITIAN = -4,   /* a matrix that must be Hermitian is not */
    NEQ_ENEGRATE = -5,     /* negative rate or non-positive-semidefinite rate matrix */
    NEQ_ENOMEM = -6,       /* allocation failed */
    NEQ_ELAPACK = -7,      /* LAPACK reported a failure */
    NEQ_ENONUNIQUE = -8,   /* the steady state is not unique */
    NEQ_EUNPHYSICAL = -9,  /* a computed density matrix is not a state */
    NEQ_EDOMAIN = -10,     /* argument outside the model's domain (e.g. T < 0) */
    NEQ_EDIVERGE = -11,    /* a quantity diverges for these inputs */
    NEQ_ECONVERGE = -12,   /* an iterative method did not converge */
    NEQ_EIO = -13          /* file could not be read or written */
};

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
