/* Private helpers shared by the library's modules (not installed). */
#ifndef NEQENT_INTERNAL_H
#define NEQENT_INTERNAL_H

#ifndef LAPACK_COMPLEX_C99
#define LAPACK_COMPLEX_C99
#endif
#include <complex.h>

#include "neqent/status.h"

/* Records a printf-style detail for neq_errdetail() and returns status. */
int neq_fail(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void neq_clear_error(void);

/* The length of the decimal number at the start of s ([+-]digits[.digits]
 * [e[+-]digits]), 0 if none (src/core/text.c). */
#include <stddef.h>
size_t neq_decimal_length(const char *s);

/* Opens a file the user named, for reading: a regular file only (a
 * directory or FIFO is refused without blocking).  NULL with *status set
 * (and the error detail naming `what` and the path) on failure. */
#include <stdio.h>
FILE *neq_open_regular(const char *path, const char *what, int *status);

#define NEQ_TRY(expr)                     \
    do {                                  \
        int neq_try_rc_ = (expr);         \
        if (neq_try_rc_ != 0)             \
            return neq_try_rc_;           \
    } while (0)

#endif
