/*
 * readfile.c - a whole file into memory, capped (readfile.h says why).
 *
 * The buffer is sized from fstat when the file is a regular one and the
 * bytes are read straight into it; once it is full, a one-byte read tells
 * the end of the file from a file that grew (or a device or FIFO, which has
 * no size), and only then does the buffer grow.
 */
#include "readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Takes out back to start bytes. */
static void cut_back(strbuf *out, size_t start)
{
    out->len = start;
    if (out->p)
        out->p[start] = '\0';
}

/*
 * Appends fd's bytes to out, at most cap + 1 of them (READ_TOO_BIG when there
 * are more than cap).  keep: on READ_TOO_BIG the cap + 1 bytes stay in out;
 * else nothing does, and a regular file longer than cap is not read at all.
 */
static read_status read_fd(strbuf *out, int fd, size_t cap, int keep, int *err)
{
    size_t start = out->len, limit = cap == READ_NO_CAP ? READ_NO_CAP : cap + 1;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        if (!keep && (uint64_t)st.st_size > (uint64_t)cap)
            return READ_TOO_BIG;
        sb_grow(out, (uint64_t)st.st_size < (uint64_t)limit ? (size_t)st.st_size : limit);
    }
    for (;;) {
        size_t got = out->len - start;
        if (got == limit) {
            if (!keep)
                cut_back(out, start);
            return READ_TOO_BIG;
        }
        size_t room = out->cap > out->len + 1 ? out->cap - out->len - 1 : 0;
        char probe;
        ssize_t n = room ? read(fd, out->p + out->len, room < limit - got ? room : limit - got)
                         : read(fd, &probe, 1);
        if (n == 0)
            return READ_OK;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            *err = errno;
            cut_back(out, start);
            return READ_CANNOT_READ;
        }
        if (room) {
            out->len += (size_t)n;
            out->p[out->len] = '\0';
        } else {
            sb_putc(out, probe);  /* more than the room: grow */
        }
    }
}

static read_status read_path(strbuf *out, const char *path, size_t cap, int keep, int *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *err = errno;
        return READ_CANNOT_OPEN;
    }
    read_status st = read_fd(out, fd, cap, keep, err);
    close(fd);
    return st;
}

read_status read_file_capped(strbuf *out, const char *path, size_t cap, int *err)
{
    return read_path(out, path, cap, 1, err);
}

void read_report(diag *d, const char *name, read_status st, int err, size_t cap)
{
    char buf[128];
    if (st == READ_CANNOT_OPEN)
        diag_error(d, name, 0, 0, "cannot open: %s", strerror_r(err, buf, sizeof buf));
    else if (st == READ_CANNOT_READ)
        diag_error(d, name, 0, 0, "cannot read: %s", strerror_r(err, buf, sizeof buf));
    else if (st == READ_TOO_BIG)
        diag_error(d, name, 0, 0, "is larger than %zu bytes", cap);
}

int read_whole_file(strbuf *out, const char *path, size_t cap, const char *name, diag *d)
{
    int err = 0;
    read_status st = read_path(out, path, cap, 0, &err);
    if (st == READ_OK)
        return 0;
    read_report(d, name ? name : path, st, err, cap);
    return -1;
}
