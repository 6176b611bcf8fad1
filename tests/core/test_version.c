/* The version: neq_version() of the library and the generated neqent/version.h
 * agree, and both come from project(neqent VERSION ...) in CMakeLists.txt. */
#include "check.h"
#include "neqent/neqent.h"

#include <stdio.h>
#include <string.h>

int main(void)
{
    /* the string the header was generated with and the loaded library's */
    CHECK(strcmp(neq_version(), NEQ_VERSION_STRING) == 0);
    /* NEQ_VERSION_STRING is MAJOR.MINOR.PATCH of the numeric macros */
    char buf[64];
    snprintf(buf, sizeof buf, "%d.%d.%d", NEQ_VERSION_MAJOR, NEQ_VERSION_MINOR, NEQ_VERSION_PATCH);
    CHECK(strcmp(buf, NEQ_VERSION_STRING) == 0);
    CHECK(NEQ_VERSION_MAJOR >= 0 && NEQ_VERSION_MINOR >= 0 && NEQ_VERSION_PATCH >= 0);
    return check_report("core/version");
}
