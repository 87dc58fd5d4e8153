/*
 * outdir.c - write outputs beside the target, then rename into place.
 *
 * rename(2) of a directory is atomic on one filesystem, which is why the
 * temporary directory is created in the target's parent and not in /tmp.
 * The files are flushed to disk before the rename (one syncfs for the whole
 * directory: thousands of statement files would cost one fsync each) so that
 * a crash after it cannot leave a complete-looking directory of empty files.
 */
#include "truce/outdir.h"
#include "truce/strbuf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int outdir_is_free(const char *path)
{
    DIR *dir = opendir(path);
    if (!dir)
        return errno == ENOENT;
    struct dirent *e;
    int empty = 1;
    while ((e = readdir(dir)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            empty = 0;
            break;
        }
    closedir(dir);
    return empty;
}

/* "dir/.base.truce-SUFFIX.XXXXXX": a sibling of path, so rename stays on one filesystem. */
static char *sibling_template(const char *path, const char *suffix)
{
    char *a = xstrdup(path), *b = xstrdup(path);
    strbuf sb = STRBUF_INIT;
    /* Trailing slashes would make basename() empty-ish; strip them. */
    size_t n = strlen(b);
    while (n > 1 && b[n - 1] == '/')
        b[--n] = '\0';
    n = strlen(a);
    while (n > 1 && a[n - 1] == '/')
        a[--n] = '\0';
    sb_printf(&sb, "%s/.%s.truce-%s.XXXXXX", dirname(a), basename(b), suffix);
    free(a);
    free(b);
    return sb_detach(&sb);
}

int outdir_begin(outdir *o, const char *target, diag *d)
{
    o->cancel = NULL;
    o->target = xstrdup(target);
    o->tmp = sibling_template(target, "tmp");
    if (!mkdtemp(o->tmp)) {
        diag_error(d, target, 0, 0, "cannot create a temporary directory beside it: %s",
                   strerror(errno));
        free(o->tmp);
        o->tmp = NULL;
        return -1;
    }
    return 0;
}

static char *tmp_path(const outdir *o, const char *rel)
{
    strbuf sb = STRBUF_INIT;
    sb_printf(&sb, "%s/%s", o->tmp, rel);
    return sb_detach(&sb);
}

int outdir_mkdir(outdir *o, const char *rel, diag *d)
{
    char *path = tmp_path(o, rel);
    int r = mkdir(path, 0777);
    if (r != 0)
        diag_error(d, o->target, 0, 0, "cannot create %s: %s", rel, strerror(errno));
    free(path);
    return r == 0 ? 0 : -1;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, data, len);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        data += w;
        len -= (size_t)w;
    }
    return 0;
}

static int cancelled(const outdir *o, diag *d)
{
    if (!o->cancel || !*o->cancel)
        return 0;
    diag_error(d, o->target, 0, 0, "interrupted; nothing was written");
    return 1;
}

int outdir_write(outdir *o, const char *rel, const char *data, size_t len, diag *d)
{
    if (cancelled(o, d))
        return -1;
    char *path = tmp_path(o, rel);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    int ok = fd >= 0 && write_all(fd, data, len) == 0;
    int err = errno;
    if (fd >= 0 && close(fd) != 0 && ok) {
        ok = 0;
        err = errno;
    }
    if (!ok)
        diag_error(d, o->target, 0, 0, "cannot write %s: %s", rel, strerror(err));
    free(path);
    return ok ? 0 : -1;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static void remove_tree(const char *path)
{
    nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void sync_parent(const char *path)
{
    char *a = xstrdup(path);
    int fd = open(dirname(a), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(a);
}

/* Flushes everything written under the temporary directory to disk. */
static int sync_tmp(const outdir *o, diag *d)
{
    int fd = open(o->tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int ok = fd >= 0 && syncfs(fd) == 0;
    int err = errno;
    if (fd >= 0)
        close(fd);
    if (!ok)
        diag_error(d, o->target, 0, 0, "cannot flush the output to disk: %s", strerror(err));
    return ok ? 0 : -1;
}

int outdir_commit(outdir *o, int force, diag *d)
{
    char *old = NULL;
    if (sync_tmp(o, d) || cancelled(o, d))
        return -1;
    if (!outdir_is_free(o->target)) {
        if (!force) {
            diag_error(d, o->target, 0, 0, "exists and is not empty (use --force to replace it)");
            return -1;
        }
        /* Move the old directory aside first, so the new one replaces it in one rename. */
        old = sibling_template(o->target, "old");
        if (!mkdtemp(old) || rename(o->target, old) != 0) {
            diag_error(d, o->target, 0, 0, "cannot move the old output aside: %s", strerror(errno));
            free(old);
            return -1;
        }
    }
    if (rename(o->tmp, o->target) != 0) {
        int err = errno;
        if (old)
            rename(old, o->target);  /* put the old output back */
        diag_error(d, o->target, 0, 0, "cannot rename the output into place: %s", strerror(err));
        free(old);
        return -1;
    }
    sync_parent(o->target);
    if (old) {
        remove_tree(old);
        free(old);
    }
    free(o->tmp);
    o->tmp = NULL;
    free(o->target);
    o->target = NULL;
    return 0;
}

void outdir_abort(outdir *o)
{
    if (o->tmp)
        remove_tree(o->tmp);
    free(o->tmp);
    free(o->target);
    o->tmp = o->target = NULL;
}
