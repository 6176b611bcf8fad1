/* The error detail: set by a failure, naming the value; empty after any
 * call that succeeds, including one that recovered from a failure inside
 * (the non-unique steady state of the paper's footnote falls back from
 * neq_steady_state to neq_steady_state_from). */
#include "check.h"
#include "neqent/neqent.h"

#include <string.h>

int main(void)
{
    neq_params *p = NULL;
    CHECK_RC(neq_params_alloc(neq_model_lookup("baths"), &p), NEQ_OK);
    CHECK_RC(neq_params_set_text(p, "T1", "-3"), NEQ_EDOMAIN);
    CHECK(strstr(neq_errdetail(), "T1 = -3") != NULL);
    CHECK_RC(neq_params_set_text(p, "T1", "2"), NEQ_OK);
    CHECK(neq_errdetail()[0] == 0); /* a success after a failure: no stale detail */
    neq_params_free(p);

    /* the footnote case: alpha_W all ones, no body field, Lambda = 0 */
    double complex aW[4] = {1, 1, 1, 1}, aM[4] = {0}, lam[4] = {0};
    neq_nb_model *m = NULL;
    CHECK_RC(neq_nb_model_from_alpha(0.3 * 1.495e14, 2, aW, aM, lam, &m), NEQ_OK);
    neq_nb_result r;
    CHECK_RC(neq_params_alloc(NULL, &p), NEQ_EINVAL); /* a failure first */
    CHECK(neq_errdetail()[0] != 0);
    CHECK_RC(neq_nb_steady(m, 1, 1, 0, NULL, &r), NEQ_OK);
    CHECK(r.null_dim > 1);          /* it did recover from NEQ_ENONUNIQUE inside */
    CHECK(neq_errdetail()[0] == 0); /* and says nothing after its success */
    neq_nb_model_free(m);
    return check_report("errors");
}
