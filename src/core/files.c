/* Opening the files a user names (material tables, state files). */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

FILE *neq_open_regular(const char *path, const char *what, int *status)
{
    /* O_NONBLOCK: opening a FIFO for reading would otherwise wait for a
     * writer forever; the type is checked before anything is read */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        *status = neq_fail(NEQ_EIO, "cannot read %s '%.200s': %s", what, path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        *status = neq_fail(NEQ_EIO, "cannot read %s '%.200s': %s", what, path, strerror(errno));
        close(fd);
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        *status = neq_fail(NEQ_EIO, "%s '%.200s' is %s, not a regular file", what, path,
                           S_ISDIR(st.st_mode) ? "a directory" : "special");
        return NULL;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    FILE *f = fdopen(fd, "r");
    if (!f) {
        close(fd);
        *status = neq_fail(NEQ_ENOMEM, "cannot read %s '%.200s': %s", what, path, strerror(errno));
    }
    return f;
}
