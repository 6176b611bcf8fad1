/* Minimal assertion helpers for neqent's C tests.  Each CHECK prints the
 * failing expression with its values; main() returns check_report(). */
#ifndef NEQENT_TEST_CHECK_H
#define NEQENT_TEST_CHECK_H

#include <complex.h>
#include <math.h>
#include <stdio.h>

static int check_failures = 0, check_count = 0;

#define CHECK(cond)                                                              \
    do {                                                                         \
        check_count++;                                                           \
        if (!(cond)) {                                                           \
            check_failures++;                                                    \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                        \
    } while (0)

/* |a - b| <= tol */
#define CHECK_CLOSE(a, b, tol)                                                   \
    do {                                                                         \
        double check_a_ = (a), check_b_ = (b);                                   \
        check_count++;                                                           \
        if (!(fabs(check_a_ - check_b_) <= (tol))) {                             \
            check_failures++;                                                    \
            fprintf(stderr, "%s:%d: %s = %.17g, expected %s = %.17g (|diff| %.3g > %.3g)\n", \
                    __FILE__, __LINE__, #a, check_a_, #b, check_b_,              \
                    fabs(check_a_ - check_b_), (double)(tol));                   \
        }                                                                        \
    } while (0)

#define CHECK_RC(expr, expected)                                                 \
    do {                                                                         \
        int check_rc_ = (expr);                                                  \
        check_count++;                                                           \
        if (check_rc_ != (expected)) {                                           \
            check_failures++;                                                    \
            fprintf(stderr, "%s:%d: %s returned %d, expected %d (%s)\n", __FILE__, \
                    __LINE__, #expr, check_rc_, (int)(expected), neq_errdetail()); \
        }                                                                        \
    } while (0)

/* max_ij |A_ij - B_ij| over n*n entries */
static inline double check_maxdiff(int n, const double complex *A, const double complex *B)
{
    double m = 0;
    for (int k = 0; k < n * n; k++)
        if (cabs(A[k] - B[k]) > m)
            m = cabs(A[k] - B[k]);
    return m;
}

static inline int check_report(const char *name)
{
    printf("%s: %d checks, %d failed\n", name, check_count, check_failures);
    return check_failures ? 1 : 0;
}

#endif
