/* Private layout of bodies (src/em/ only). */
#ifndef NEQENT_EM_INTERNAL_H
#define NEQENT_EM_INTERNAL_H

#include "../core/internal.h"
#include "neqent/em.h"

#define NEQ_EM_MAX_LAYERS 32

struct neq_body {
    int mirror;
    int n;                                         /* layers */
    const neq_material *layer[NEQ_EM_MAX_LAYERS];  /* not owned: must outlive the body */
    double d[NEQ_EM_MAX_LAYERS];
    const neq_material *below;                     /* NULL: vacuum */
};

/* eps[0..n-1] of the layers and eps[n] of the substrate (1 for vacuum). */
int neq_body_eps(const neq_body *b, double omega, double complex *eps);
/* rho, tau of both polarisations ([NEQ_TE], [NEQ_TM]) for q = kz0/k0. */
void neq_body_rt2(const neq_body *b, const double complex *eps, double k0, double complex q,
                  double complex rho[2], double complex tau[2]);
/* rho, tau for q = kz0/k0 (any complex), with eps from neq_body_eps. */
void neq_body_rt(const neq_body *b, const double complex *eps, double k0, double complex q, int pol,
                 double complex *rho, double complex *tau);

#endif
