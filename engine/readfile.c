/*
 * readfile.c - a whole file into memory, capped (readfile.h says why).
 */
#include "readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

int read_whole_file(strbuf *out, const char *path, size_t cap, const char *name, diag *d)
{
    if (!name)
        name = path;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        diag_error(d, name, 0, 0, "cannot open: %s", strerror(errno));
        return -1;
    }
    size_t start = out->len;
    char block[65536];
    ssize_t n;
    int err = 0, too_big = 0;
    while ((n = read(fd, block, sizeof block)) != 0) {
        if (n < 0) {
            if (errno == EINTR)
                continue;
            err = errno;
            break;
        }
        if (out->len - start + (size_t)n > cap) {
            too_big = 1;
            break;
        }
        sb_putn(out, block, (size_t)n);
    }
    close(fd);
    if (!err && !too_big)
        return 0;
    out->len = start;
    if (out->p)
        out->p[start] = '\0';
    if (too_big)
        diag_error(d, name, 0, 0, "is larger than %zu bytes", cap);
    else
        diag_error(d, name, 0, 0, "cannot read: %s", strerror(err));
    return -1;
}
