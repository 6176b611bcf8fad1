/* Two identical qubits near a SiC slab out of thermal equilibrium with the
 * walls around it (Bellomo & Antezza 2013): the steady entanglement created
 * by a hot body in cold surroundings.
 *
 * Build against an installed neqent:
 *   cc body_steady.c $(pkg-config --cflags --libs neqent) -o body_steady */
#include <neqent/neqent.h>

#include <stdio.h>

/* Prints what went wrong and returns 1 (for main to return). */
static int fail(const char *what, int rc)
{
    fprintf(stderr, "%s: %s (%s)\n", what, neq_strerror(rc), neq_errdetail());
    return 1;
}

int main(void)
{
    neq_material *sic = NULL;
    neq_body *slab = NULL;
    neq_nb_model *model = NULL;
    int status = 1;
    int rc;

    /* The body: a 0.01 um slab of silicon carbide (SI units: lengths in m). */
    if ((rc = neq_material_sic(&sic)) != NEQ_OK) {
        status = fail("neq_material_sic", rc);
        goto done;
    }
    if ((rc = neq_body_slab(sic, 0.01e-6, &slab)) != NEQ_OK) {
        status = fail("neq_body_slab", rc);
        goto done;
    }

    /* The qubits: the paper's Fig. 4 geometry (both 1 um above the slab,
     * 0.25 um apart, dipoles perpendicular to it).  The model computes the
     * electromagnetic functions of this geometry once (the slow part); it
     * can then be used for any temperatures.  NULL: default accuracy. */
    neq_nb_geometry geometry;
    neq_nb_default_geometry(&geometry);
    if ((rc = neq_nb_model_alloc(slab, &geometry, NULL, &model)) != NEQ_OK) {
        status = fail("neq_nb_model_alloc", rc);
        goto done;
    }

    /* Steady state for walls at T_W = 30 K and the slab at T_M = 1000 K,
     * without the body-induced frequency shifts (shifts = 0, as in the
     * paper), starting from the ground state (rho0 = NULL) should the
     * steady state not be unique.  The result is large (it holds states
     * of up to 6 qubits): static, not on the stack. */
    static neq_nb_result r;
    if ((rc = neq_nb_steady(model, 30.0, 1000.0, 0, NULL, &r)) != NEQ_OK) {
        status = fail("neq_nb_steady", rc);
        goto done;
    }
    printf("neqent %s\n", neq_version());
    printf("concurrence %.17g\n", r.concurrence);
    status = 0;

done:
    /* Free in reverse order: the slab refers to its material, so the
     * material goes last.  Each _free accepts NULL. */
    neq_nb_model_free(model);
    neq_body_free(slab);
    neq_material_free(sic);
    return status;
}
