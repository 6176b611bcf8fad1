#include "json.h"

#include <math.h>

void json_number(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, "%.17g", v == 0 ? 0.0 : v); /* no "-0" */
    else
        fputs("null", f);
}

void json_cmatrix(FILE *f, int n, const double complex *a)
{
    fputc('[', f);
    for (int i = 0; i < n; i++) {
        fputs(i ? ", [" : "[", f);
        for (int j = 0; j < n; j++) {
            fputs(j ? ", [" : "[", f);
            json_number(f, creal(a[i + j * n]));
            fputs(", ", f);
            json_number(f, cimag(a[i + j * n]));
            fputc(']', f);
        }
        fputc(']', f);
    }
    fputc(']', f);
}
