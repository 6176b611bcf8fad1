/* neqent: numbers as text.  Every number neqent reads from a user's text
 * (options, config files, material tables, state files, data files) goes
 * through neq_parse_real or the unit-aware neq_param_parse (model.h);
 * every number it writes through neq_format_real, so that output reads back
 * exactly.
 *
 * Threads: both functions are reentrant. */
#ifndef NEQENT_TEXT_H
#define NEQENT_TEXT_H

#include <stddef.h>

#include "neqent/common.h"

NEQ_BEGIN_DECLS

/* A plain decimal number ([+-]digits[.digits][e[+-]digits], nothing else:
 * no hexadecimal floats, inf, nan, blanks or units), finite, and not a
 * nonzero number that rounds to 0 (subnormals are read: neq_format_real
 * writes them).  NEQ_EINVAL for malformed text, NEQ_EDOMAIN for out of
 * range; the detail quotes the text. */
int neq_parse_real(const char *text, double *value);

/* The shortest decimal text (%.15g, %.16g or %.17g) that reads back to
 * exactly v; "-0" is written "0".  Returns the length (as snprintf). */
int neq_format_real(char *buf, size_t n, double v);

NEQ_END_DECLS
#endif
