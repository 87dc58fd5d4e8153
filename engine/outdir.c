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
 *
 * Two promises are kept here because every command that writes goes through
 * here: nothing Truce did not write is replaced (outdir_check, checked again
 * at commit), and nothing Truce leaves behind lives forever.  A temporary
 * directory is flock()ed by its run while it lives; the lock dies with the
 * process, so the next run into the same parent removes the unlocked ones.
 * Creating a temporary directory and sweeping the dead ones happen under a
 * lock on the parent, so a sweep never takes a directory that its run has
 * made but not yet locked.
 */
#include "outdir.h"
#include "manifest.h"
#include "strbuf.h"
#include "tree.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#define TMP_MARK ".truce-tmp."
#define OLD_MARK ".truce-old."
#define SUFFIX_LEN 6

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

/* ---- paths -------------------------------------------------------------------------- */

static char *join(const char *dir, const char *name)
{
    strbuf sb = STRBUF_INIT;
    if (strcmp(dir, "/") == 0)
        sb_printf(&sb, "/%s", name);
    else
        sb_printf(&sb, "%s/%s", dir, name);
    return sb_detach(&sb);
}

/* path without trailing slashes (but "/" stays). */
static char *trimmed(const char *path)
{
    char *p = xstrdup(path);
    size_t n = strlen(p);
    while (n > 1 && p[n - 1] == '/')
        p[--n] = '\0';
    return p;
}

/*
 * The absolute path of `path`, with symbolic links resolved as far as the
 * path exists (the rest appended as written): so that an output and an
 * input are compared as the same place however each was spelled.  The last
 * component of an existing path is resolved too unless keep_last (a
 * symbolic link named by --out is the link, not what it points to).
 */
static char *canonical(const char *path, int keep_last)
{
    char *p = trimmed(path);
    char buf[PATH_MAX];
    struct stat st;
    if (!keep_last || lstat(p, &st) != 0 || !S_ISLNK(st.st_mode)) {
        if (realpath(p, buf)) {
            free(p);
            return xstrdup(buf);
        }
    }
    char *a = xstrdup(p), *b = xstrdup(p);
    const char *dir = dirname(a), *base = basename(b);
    char *out;
    if (strcmp(base, "/") == 0 || strcmp(dir, p) == 0) {
        out = xstrdup(p);  /* nothing left to resolve */
    } else {
        char *cdir = canonical(dir, 0);
        out = strcmp(base, ".") == 0 ? xstrdup(cdir) : join(cdir, base);
        free(cdir);
    }
    free(a);
    free(b);
    free(p);
    return out;
}

/* Is `child` the directory `parent` or inside it (both canonical)? */
static int within(const char *child, const char *parent)
{
    size_t n = strlen(parent);
    if (strcmp(parent, "/") == 0)
        return 1;
    return strncmp(child, parent, n) == 0 && (child[n] == '\0' || child[n] == '/');
}

/* ---- did Truce write it? ----------------------------------------------------------------- */

typedef struct listing {
    const manifest_file **files;   /* the manifest's outputs, sorted by path, for bsearch */
    size_t n;
    strbuf *why;
} listing;

static int by_path(const void *a, const void *b)
{
    return strcmp((*(const manifest_file *const *)a)->path,
                  (*(const manifest_file *const *)b)->path);
}

/* Does some listed output lie under directory rel/? */
static int holds_listed(const listing *l, const char *rel)
{
    size_t n = strlen(rel);
    for (size_t i = 0; i < l->n; i++)
        if (strncmp(l->files[i]->path, rel, n) == 0 && l->files[i]->path[n] == '/')
            return 1;
    return strcmp(rel, "statements") == 0;  /* written even when empty */
}

static const manifest_file *listed(const listing *l, const char *rel)
{
    manifest_file key = {.path = (char *)rel};
    const manifest_file *k = &key;
    const manifest_file **hit = bsearch(&k, l->files, l->n, sizeof *l->files, by_path);
    return hit ? *hit : NULL;
}

/* A tree_walk visit: the entry is one that Truce wrote: 0, else -1 with it named in l->why. */
static int only_listed(void *ctx, const tree_entry *e)
{
    const listing *l = ctx;
    const manifest_file *f;
    if (e->kind != TREE_ENTRY) {
        sb_printf(l->why, "%s cannot be read: %s", e->rel ? e->rel : ".", strerror(e->err));
        return -1;
    }
    if (S_ISDIR(e->st->st_mode)) {
        if (holds_listed(l, e->rel))
            return 0;
        sb_printf(l->why, "it holds %s/, which its manifest.xml does not list", e->rel);
        return -1;
    }
    if (strcmp(e->rel, MANIFEST_FILE) == 0 && S_ISREG(e->st->st_mode))
        return 0;  /* the manifest itself */
    if (!S_ISREG(e->st->st_mode) || !(f = listed(l, e->rel))) {
        sb_printf(l->why, "it holds %s, which its manifest.xml does not list", e->rel);
        return -1;
    }
    if ((uint64_t)e->st->st_size != f->size) {
        sb_printf(l->why, "%s was changed since truce wrote it (%llu bytes, the manifest "
                  "says %llu)", e->rel, (unsigned long long)e->st->st_size,
                  (unsigned long long)f->size);
        return -1;
    }
    return 0;
}

/* Did Truce write the directory at path (its manifest.xml lists everything in it)?  1 yes; 0 no,
   and why says what is not Truce's. */
static int written_by_truce(const char *path, strbuf *why)
{
    char *mpath = join(path, MANIFEST_FILE);
    struct stat st;
    int ours = 0;
    if (lstat(mpath, &st) != 0 || !S_ISREG(st.st_mode)) {
        sb_puts(why, "it has no manifest.xml, so truce did not write it");
        free(mpath);
        return 0;
    }
    diag quiet;
    diag_init(&quiet);
    manifest m;
    if (manifest_read(&m, mpath, &quiet) != 0) {
        sb_puts(why, "its manifest.xml is not one that truce writes");
    } else {
        listing l = {xmalloc((m.noutputs + 1) * sizeof(manifest_file *)), m.noutputs, why};
        for (size_t i = 0; i < m.noutputs; i++)
            l.files[i] = &m.outputs[i];
        qsort(l.files, l.n, sizeof *l.files, by_path);
        ours = tree_walk(path, only_listed, &l) == 0;
        free(l.files);
    }
    manifest_free(&m);
    diag_free(&quiet);
    free(mpath);
    return ours;
}

/* ---- may it be written? ---------------------------------------------------------------- */

/* The target itself: a directory Truce may fill or replace.  0, or -1 (reported). */
static int check_kind(const char *target, const char *path, int force, diag *d)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return 0;  /* absent: created at commit */
    if (S_ISLNK(st.st_mode)) {
        diag_error(d, target, 0, 0, "is a symbolic link; name the directory itself as --out");
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        diag_error(d, target, 0, 0, "is a file, not a directory; --out names a directory for "
                   "the outputs");
        return -1;
    }
    char cwd[PATH_MAX];
    if (getcwd(cwd, sizeof cwd) && within(cwd, path)) {
        diag_error(d, target, 0, 0, "is the current directory or holds it; name a directory "
                   "of its own as --out");
        return -1;
    }
    if (outdir_is_free(path))
        return 0;
    if (!force) {
        diag_error(d, target, 0, 0, "exists and is not empty (use --force to replace an "
                   "earlier output of truce)");
        return -1;
    }
    strbuf why = STRBUF_INIT;
    int ours = written_by_truce(path, &why);
    if (!ours)
        diag_error(d, target, 0, 0, "--force replaces only a directory that truce wrote, and "
                   "%s; nothing was changed", why.p);
    sb_free(&why);
    return ours ? 0 : -1;
}

int outdir_check(const char *target, int force, const char *const *inputs, size_t ninputs,
                 diag *d)
{
    char *path = canonical(target, 1);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < ninputs; i++) {
        struct stat st;
        if (!inputs[i] || stat(inputs[i], &st) != 0)
            continue;  /* not there: reading it fails by name */
        char *in = canonical(inputs[i], 0);
        if (strcmp(in, path) == 0)
            diag_error(d, target, 0, 0, "is an input of this run (%s); write the outputs "
                       "elsewhere", inputs[i]);
        else if (within(in, path))
            diag_error(d, target, 0, 0, "holds %s, an input of this run; write the outputs "
                       "elsewhere", inputs[i]);
        else if (S_ISDIR(st.st_mode) && within(path, in))
            diag_error(d, target, 0, 0, "lies inside %s, an input of this run; write the "
                       "outputs elsewhere", inputs[i]);
        else {
            free(in);
            continue;
        }
        rc = -1;
        free(in);
    }
    if (rc == 0)
        rc = check_kind(target, path, force, d);
    free(path);
    return rc;
}

/* ---- debris of killed runs --------------------------------------------------------------- */

/* A name ".BASE.truce-tmp.XXXXXX" (kind TMP_MARK or OLD_MARK); its BASE, or NULL. */
static char *debris_base(const char *name, const char *mark)
{
    size_t n = strlen(name), m = strlen(mark);
    if (n < 1 + m + SUFFIX_LEN || name[0] != '.')
        return NULL;
    const char *at = name + n - SUFFIX_LEN - m;
    if (strncmp(at, mark, m) != 0 || at == name + 1)
        return NULL;
    return strndup(name + 1, (size_t)(at - name - 1));
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static int remove_tree(const char *path)
{
    return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Is the directory at path locked by a live run?  If not, returns its fd, now locked by us. */
static int lock_if_dead(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        close(fd);
        return -1;  /* its run is alive */
    }
    return fd;
}

/*
 * Removes the dead runs' temporary directories in parent; an earlier output
 * that a killed --force had moved aside is put back when its place is empty,
 * else removed (the new output took its place).  One warning says what was done.
 */
static void sweep(const char *parent, diag *d)
{
    DIR *dh = opendir(parent);
    if (!dh)
        return;
    size_t removed = 0, failed = 0;
    struct dirent *e;
    while ((e = readdir(dh))) {
        char *tmp_base = debris_base(e->d_name, TMP_MARK);
        char *old_base = tmp_base ? NULL : debris_base(e->d_name, OLD_MARK);
        if (!tmp_base && !old_base)
            continue;
        char *path = join(parent, e->d_name);
        int fd = lock_if_dead(path);
        if (fd >= 0) {
            char *home = old_base ? join(parent, old_base) : NULL;
            struct stat st;
            if (home && lstat(home, &st) != 0 && errno == ENOENT && rename(path, home) == 0)
                diag_warn(d, home, 0, 0, "put back: a run killed while replacing it had moved "
                          "it aside to %s", e->d_name);
            else if (remove_tree(path) == 0)
                removed++;
            else
                failed++;
            free(home);
            close(fd);
        }
        free(path);
        free(tmp_base);
        free(old_base);
    }
    closedir(dh);
    if (removed)
        diag_warn(d, parent, 0, 0, "removed %zu temporary director%s left by killed runs "
                  "(.NAME" TMP_MARK "*)", removed, removed == 1 ? "y" : "ies");
    if (failed)
        diag_warn(d, parent, 0, 0, "%zu temporary director%s left by killed runs could not be "
                  "removed (.NAME" TMP_MARK "*)", failed, failed == 1 ? "y" : "ies");
}

/* ---- writing ------------------------------------------------------------------------- */

/* A fresh name "parent/.BASE<mark>XXXXXX" (not created). */
static char *sibling_name(const char *path, const char *mark)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    unsigned char r[SUFFIX_LEN];
    if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) {
        static unsigned long counter;
        unsigned long x = (unsigned long)getpid() * 2654435761u + __atomic_fetch_add(&counter, 1,
                                                                                    __ATOMIC_RELAXED);
        for (int i = 0; i < SUFFIX_LEN; i++, x /= 62)
            r[i] = (unsigned char)(x % 62);
    }
    char suffix[SUFFIX_LEN + 1];
    for (int i = 0; i < SUFFIX_LEN; i++)
        suffix[i] = alphabet[r[i] % 62];
    suffix[SUFFIX_LEN] = '\0';
    char *a = xstrdup(path), *b = xstrdup(path);
    strbuf name = STRBUF_INIT;
    sb_printf(&name, ".%s%s%s", basename(b), mark, suffix);
    char *out = join(dirname(a), name.p);
    sb_free(&name);
    free(a);
    free(b);
    return out;
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
    memset(o, 0, sizeof *o);
    o->tmp_fd = -1;
    o->target = xstrdup(name);
    o->sink = sink;
    o->sink_ctx = ctx;
    inventory_init(o);
}

/* Creates and locks the temporary directory: mkdir gives it the mode that the umask gives any
   directory (mkdtemp's 0700 would need the umask read, and setting it is process-wide). */
static int make_tmp(outdir *o)
{
    for (int tries = 0; tries < 100; tries++) {
        o->tmp = sibling_name(o->path, TMP_MARK);
        if (mkdir(o->tmp, 0777) == 0) {
            o->tmp_fd = open(o->tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (o->tmp_fd >= 0 && flock(o->tmp_fd, LOCK_EX | LOCK_NB) == 0)
                return 0;
            int err = errno;
            if (o->tmp_fd >= 0)
                close(o->tmp_fd);
            o->tmp_fd = -1;
            rmdir(o->tmp);
            errno = err;
            return -1;
        }
        if (errno != EEXIST)
            return -1;
        free(o->tmp);
        o->tmp = NULL;
    }
    return -1;
}

int outdir_begin(outdir *o, const char *target, diag *d)
{
    memset(o, 0, sizeof *o);
    o->tmp_fd = -1;
    o->target = xstrdup(target);
    o->path = canonical(target, 1);
    char *a = xstrdup(o->path);
    const char *parent = dirname(a);
    /* Sweeping and creating under the parent's lock: a sweep never meets an unlocked new one. */
    int pfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (pfd >= 0 && flock(pfd, LOCK_EX) == 0)
        sweep(parent, d);
    int rc = make_tmp(o);
    int err = errno;
    if (pfd >= 0)
        close(pfd);  /* and with it the parent's lock */
    free(a);
    if (rc != 0) {
        diag_error(d, target, 0, 0, "cannot create a temporary directory beside it: %s",
                   strerror(err));
        free(o->tmp);
        free(o->path);
        free(o->target);
        o->tmp = o->path = o->target = NULL;  /* not begun: outdir_abort has nothing to undo */
        return -1;
    }
    inventory_init(o);
    return 0;
}

static char *tmp_path(const outdir *o, const char *rel)
{
    return join(o->tmp, rel);
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

/* Flushes the directory holding path, so that a rename in it survives a crash.  0 or -1. */
static int sync_parent(const char *path)
{
    char *a = xstrdup(path);
    int fd = open(dirname(a), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int ok = fd >= 0 && fsync(fd) == 0;
    int err = errno;
    if (fd >= 0)
        close(fd);
    free(a);
    errno = err;
    return ok ? 0 : -1;
}

/* Flushes everything written under the temporary directory to disk. */
static int sync_tmp(const outdir *o, diag *d)
{
    if (syncfs(o->tmp_fd) == 0)
        return 0;
    diag_error(d, o->target, 0, 0, "cannot flush the output to disk: %s", strerror(errno));
    return -1;
}

/* The output is in place: forget the temporary names, and release the lock. */
static void committed(outdir *o)
{
    if (o->tmp_fd >= 0)
        close(o->tmp_fd);
    o->tmp_fd = -1;
    free(o->tmp);
    free(o->path);
    free(o->target);
    o->tmp = o->path = o->target = NULL;
    inventory_free(o);
}

/* The rename is done; its directory entry is flushed, the old output removed.  0 or -1. */
static int settle(outdir *o, const char *old, diag *d)
{
    int rc = 0;
    if (sync_parent(o->path) != 0) {
        diag_error(d, o->target, 0, 0, "the output is in place, but the directory holding it "
                   "could not be flushed to disk (%s): a crash now could lose the rename",
                   strerror(errno));
        rc = -1;
    }
    if (old && remove_tree(old) != 0)
        diag_warn(d, old, 0, 0, "the previous output of %s could not be removed (%s); remove "
                  "it by hand", o->target, strerror(errno));
    committed(o);
    return rc;
}

/*
 * Where the filesystem cannot swap two directories in one step: move the old
 * output aside (locked, so that no sweep takes it meanwhile), rename the new
 * one in, and put the old one back if that fails.  0 or -1 (reported).
 */
static int replace_in_two_steps(outdir *o, diag *d)
{
    int ofd = open(o->path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (ofd < 0 || flock(ofd, LOCK_EX | LOCK_NB) != 0) {
        diag_error(d, o->target, 0, 0, "cannot lock the old output to move it aside: %s",
                   strerror(errno));
        if (ofd >= 0)
            close(ofd);
        return -1;
    }
    char *old = NULL;
    int moved = 0;
    for (int tries = 0; tries < 100 && !moved; tries++) {
        free(old);
        old = sibling_name(o->path, OLD_MARK);
        struct stat st;
        moved = lstat(old, &st) != 0 && errno == ENOENT && rename(o->path, old) == 0;
    }
    int rc = 0;
    if (!moved) {
        diag_error(d, o->target, 0, 0, "cannot move the old output aside: %s", strerror(errno));
        rc = -1;
    } else if (rename(o->tmp, o->path) != 0) {
        int err = errno;
        if (rename(old, o->path) == 0)
            diag_error(d, o->target, 0, 0, "cannot rename the output into place: %s; the old "
                       "output is unchanged", strerror(err));
        else
            diag_error(d, o->target, 0, 0, "cannot rename the output into place: %s; the old "
                       "output could not be put back and is now at %s: rename it to %s",
                       strerror(err), old, o->target);
        rc = -1;
    }
    if (rc == 0)
        rc = settle(o, old, d);  /* still locked: no sweep takes the old output meanwhile */
    close(ofd);
    free(old);
    return rc;
}

int outdir_commit(outdir *o, int force, diag *d)
{
    if (o->sink) {
        inventory_free(o);
        free(o->target);
        o->target = NULL;
        return 0;
    }
    if (sync_tmp(o, d) || cancelled(o, d))
        return -1;
    if (outdir_is_free(o->path)) {
        /* Absent, or an empty directory that rename(2) replaces. */
        if (rename(o->tmp, o->path) != 0) {
            diag_error(d, o->target, 0, 0, "cannot rename the output into place: %s",
                       strerror(errno));
            return -1;
        }
        return settle(o, NULL, d);
    }
    if (outdir_check(o->target, force, NULL, 0, d) != 0)
        return -1;
    /* Swap old and new in one step where the filesystem can: there is then no moment at
       which --out is missing, even if the process is killed.  The old output is then at the
       temporary name, still locked by us, and goes with it. */
    if (renameat2(AT_FDCWD, o->tmp, AT_FDCWD, o->path, RENAME_EXCHANGE) == 0) {
        char *old = o->tmp;
        o->tmp = NULL;
        int rc = settle(o, old, d);
        free(old);
        return rc;
    }
    return replace_in_two_steps(o, d);
}

void outdir_abort(outdir *o)
{
    if (o->target)
        inventory_free(o);  /* still begun: neither committed nor aborted */
    if (o->tmp)
        remove_tree(o->tmp);
    if (o->tmp_fd >= 0)
        close(o->tmp_fd);
    o->tmp_fd = -1;
    free(o->tmp);
    free(o->path);
    free(o->target);
    o->tmp = o->path = o->target = NULL;
}
