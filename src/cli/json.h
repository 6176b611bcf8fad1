/* Minimal JSON writing helpers (output only; numbers round-trip with %.17g). */
#ifndef NEQENT_CLI_JSON_H
#define NEQENT_CLI_JSON_H

#include <complex.h>
#include <stdio.h>

/* A finite number as %.17g; a non-finite one as null (JSON has no inf). */
void json_number(FILE *f, double v);
/* n x n column-major complex matrix as rows of [re, im] pairs. */
void json_cmatrix(FILE *f, int n, const double complex *a);

#endif
