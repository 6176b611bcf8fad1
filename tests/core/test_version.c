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
    /* ...and the version CMakeLists.txt declares, read here from the source */
    FILE *f = fopen(NEQ_SOURCE_DIR "/CMakeLists.txt", "r");
    CHECK(f != NULL);
    char line[512], declared[64] = "";
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, " project(neqent VERSION %63[0-9.]", declared) == 1)
            break;
    if (f)
        fclose(f);
    CHECK(strcmp(declared, NEQ_VERSION_STRING) == 0);
    return check_report("core/version");
}
