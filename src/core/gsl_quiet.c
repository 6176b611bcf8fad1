/* GSL's error handler off, once, when the library is loaded.
 *
 * GSL reports an error (an underflow in a Bessel function, a spline
 * evaluated out of range, ...) by calling its error handler, and the default
 * handler prints to stderr and calls abort(): a library that never prints or
 * aborts (docs: include/neqent/status.h) cannot run under it.  Every GSL call
 * in neqent therefore checks a returned status (the _e variants of special
 * functions) and turns it into a NEQ_E... code, with the handler off.
 *
 * Off once for the whole process, at load time, rather than switched off
 * and restored around each call: the handler is one global, and saving and
 * restoring it from several threads races (a thread can restore the aborting
 * handler while another is inside GSL).  The constructor runs when the shared
 * library is loaded, before any neqent function can be called.  (In a static
 * link this object file would be dropped, nothing referring to it.) */
#include <gsl/gsl_errno.h>

__attribute__((constructor)) static void neq_gsl_quiet(void) { gsl_set_error_handler_off(); }
