/* Two coupled qubits, each coupled to its own bath (Quiroga et al. 2007):
 * the steady state between a hot and a cold bath, its entanglement and the
 * heat that flows through it.
 *
 * Build against an installed neqent:
 *   cc baths_steady.c $(pkg-config --cflags --libs neqent) -o baths_steady */
#include <neqent/neqent.h>

#include <math.h>
#include <stdio.h>

int main(void)
{
    /* Start from the built-in parameters (eps1 = eps2 = 1/3, K = 1, flat
     * spectral densities, global master equation), then choose the bath
     * temperatures (units k_B = hbar = 1, energies in the unit of eps). */
    neq_baths_params p;
    neq_baths_default(&p);
    p.T1 = 1.2; /* hot bath, on qubit 1 */
    p.T2 = 0.3; /* cold bath, on qubit 2 */

    neq_baths_result r;
    int rc = neq_baths_steady(&p, &r);
    if (rc != NEQ_OK) {
        fprintf(stderr, "neq_baths_steady: %s (%s)\n", neq_strerror(rc), neq_errdetail());
        return 1;
    }

    printf("neqent %s\n", neq_version());
    printf("concurrence     %.17g\n", r.concurrence);
    printf("heat current J1 %.17g\n", r.heat_current[0]); /* > 0: bath 1 heats the qubits */
    printf("heat current J2 %.17g\n", r.heat_current[1]);

    /* In a steady state the qubits store no energy: what bath 1 puts in,
     * bath 2 takes out, J1 + J2 = 0 up to rounding. */
    double sum = r.heat_current[0] + r.heat_current[1];
    double scale = fabs(r.heat_current[0]) + fabs(r.heat_current[1]);
    if (!(fabs(sum) <= 1e-12 * scale + 1e-15)) {
        fprintf(stderr, "J1 + J2 = %.3g is not ~0\n", sum);
        return 1;
    }
    return 0;
}
