/*
 * outdir.c - write outputs beside the target, then rename into place.
 *
 * rename(2) of a directory is atomic on one filesystem, which is why the
 * temporary directory is created in the target's parent and not in /tmp.
 * The files are flushed to disk before the rename (one syncfs for the whole
 * directory: thousands of statement files would cost one fsync each) so that
 * a crash after it cannot leave a complete-looking directory of empty files.
 * Every file written is listed with its size and SHA-256, hashed from the
 * bytes written, for manifest.xml; an outdir with a sink (verify's) hands the
 * files to it instead of the disk.
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

/* The inventory and its lock, for a directory that now exists (or a sink). */
static void inventory_init(outdir *o)
{
    pthread_mutex_init(&o->lock, NULL);
    o->files = NULL;
    o->nfiles = o->capfiles = 0;
}

static void inventory_free(outdir *o)
{
    for (size_t i = 0; i < o->nfiles; i++)
        free(o->files[i].rel);
    free(o->files);
    o->files = NULL;
    o->nfiles = o->capfiles = 0;
    pthread_mutex_destroy(&o->lock);
}

/* Lists a file written; the hash is taken by the writing thread, outside the lock. */
static void inventory_add(outdir *o, const char *rel, const char *data, size_t len)
{
    outdir_entry e = {xstrdup(rel), len, {0}};
    digest_bytes(e.sha256, data, len);
    pthread_mutex_lock(&o->lock);
    if (o->nfiles == o->capfiles) {
        o->capfiles = o->capfiles ? o->capfiles * 2 : 16;
        o->files = xrealloc(o->files, o->capfiles * sizeof *o->files);
    }
    o->files[o->nfiles++] = e;
    pthread_mutex_unlock(&o->lock);
}

const outdir_entry *outdir_files(const outdir *o, size_t *n)
{
    *n = o->nfiles;
    return o->files;
}

void outdir_begin_sink(outdir *o, const char *name, outdir_sink sink, void *ctx)
{
    o->cancel = NULL;
    o->target = xstrdup(name);
    o->tmp = NULL;
    o->sink = sink;
    o->sink_ctx = ctx;
    inventory_init(o);
}

/*
 * mkdtemp makes the directory 0700; --out should get what mkdir would give
 * it (0777 less the umask), like the statements/ directory inside it.
 * Reading the umask sets it back at once; no other thread creates files then.
 */
static mode_t usual_dir_mode(void)
{
    mode_t mask = umask(0);
    umask(mask);
    return 0777 & ~mask;
}

int outdir_begin(outdir *o, const char *target, diag *d)
{
    o->cancel = NULL;
    o->sink = NULL;
    o->sink_ctx = NULL;
    o->target = xstrdup(target);
    o->tmp = sibling_template(target, "tmp");
    int made = mkdtemp(o->tmp) != NULL;
    if (made && chmod(o->tmp, usual_dir_mode()) != 0) {
        int err = errno;
        rmdir(o->tmp);
        errno = err;
        made = 0;
    }
    if (!made) {
        diag_error(d, target, 0, 0, "cannot create a temporary directory beside it: %s",
                   strerror(errno));
        free(o->tmp);
        o->tmp = NULL;
        free(o->target);
        o->target = NULL;  /* not begun: outdir_abort has nothing to undo */
        return -1;
    }
    inventory_init(o);
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
    if (o->sink)
        return 0;  /* a sink has no directories */
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
    if (o->sink) {
        inventory_add(o, rel, data, len);
        return o->sink(o->sink_ctx, rel, data, len, d);
    }
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
    else
        inventory_add(o, rel, data, len);
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

/* The output is in place: forget the temporary names. */
static void committed(outdir *o)
{
    free(o->tmp);
    o->tmp = NULL;
    free(o->target);
    o->target = NULL;
    inventory_free(o);
}

int outdir_commit(outdir *o, int force, diag *d)
{
    char *old = NULL;
    if (o->sink) {
        inventory_free(o);
        free(o->target);
        o->target = NULL;
        return 0;
    }
    if (sync_tmp(o, d) || cancelled(o, d))
        return -1;
    if (!outdir_is_free(o->target)) {
        if (!force) {
            diag_error(d, o->target, 0, 0, "exists and is not empty (use --force to replace it)");
            return -1;
        }
        /* Swap old and new in one step where the filesystem can: there is then no
           moment at which --out is missing, even if the process is killed. */
        if (renameat2(AT_FDCWD, o->tmp, AT_FDCWD, o->target, RENAME_EXCHANGE) == 0) {
            sync_parent(o->target);
            remove_tree(o->tmp);  /* the old output, now at the temporary name */
            committed(o);
            return 0;
        }
        /* Otherwise move the old directory aside first, then rename the new one in. */
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
    committed(o);
    return 0;
}

void outdir_abort(outdir *o)
{
    if (o->target)
        inventory_free(o);  /* still begun: neither committed nor aborted */
    if (o->tmp)
        remove_tree(o->tmp);
    free(o->tmp);
    free(o->target);
    o->tmp = o->target = NULL;
}
