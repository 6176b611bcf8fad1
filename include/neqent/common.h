/* neqent: what every public header shares.
 *
 * NEQ_BEGIN_DECLS / NEQ_END_DECLS enclose a public header's declarations.
 * They give them C linkage under C++ and default symbol visibility: the
 * library is built with -fvisibility=hidden, so it exports exactly the
 * functions declared between these two macros in include/neqent/, and its
 * private helpers (declared in headers under src/) stay hidden.
 *
 * Threads: macros only, no state.  The rule of every header in
 * include/neqent/: an object built by an _alloc function (a plan) is only
 * read by the functions that take it as const, so threads may share it;
 * scratch memory lives in workspaces, one per thread; nothing the library
 * computes with is global or static mutable state.  Each header's own
 * "Threads:" paragraph says which of its objects may be shared. */
#ifndef NEQENT_COMMON_H
#define NEQENT_COMMON_H

#if defined(__GNUC__) || defined(__clang__)
#define NEQ_VISIBILITY_PUSH_ _Pragma("GCC visibility push(default)")
#define NEQ_VISIBILITY_POP_ _Pragma("GCC visibility pop")
#else
#define NEQ_VISIBILITY_PUSH_
#define NEQ_VISIBILITY_POP_
#endif

#ifdef __cplusplus
#define NEQ_BEGIN_DECLS extern "C" { NEQ_VISIBILITY_PUSH_
#define NEQ_END_DECLS NEQ_VISIBILITY_POP_ }
#else
#define NEQ_BEGIN_DECLS NEQ_VISIBILITY_PUSH_
#define NEQ_END_DECLS NEQ_VISIBILITY_POP_
#endif

#endif
