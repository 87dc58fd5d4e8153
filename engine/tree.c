/*
 * tree.c - every entry under a directory, depth first (tree.h says who asks).
 */
#include "tree.h"
#include "strbuf.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static char *join(const char *dir, const char *name)
{
    strbuf sb = STRBUF_INIT;
    sb_printf(&sb, "%s/%s", dir, name);
    return sb_detach(&sb);
}

/* The entries of dir, whose path from the walked directory is rel (NULL: the walked one). */
static int walk(const char *dir, const char *rel, tree_visit visit, void *ctx)
{
    DIR *dh = opendir(dir);
    if (!dh) {
        tree_entry e = {TREE_NO_LIST, rel, NULL, errno};
        return visit(ctx, &e) < 0 ? -1 : 0;
    }
    int rc = 0;
    struct dirent *d;
    while (rc == 0 && (d = readdir(dh))) {
        if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
            continue;
        char *path = join(dir, d->d_name);
        char *sub = rel ? join(rel, d->d_name) : xstrdup(d->d_name);
        struct stat st;
        tree_entry e = {TREE_ENTRY, sub, &st, 0};
        if (lstat(path, &st) != 0)
            e = (tree_entry){TREE_NO_STAT, sub, NULL, errno};
        if (visit(ctx, &e) < 0)
            rc = -1;
        else if (e.st && S_ISDIR(st.st_mode))
            rc = walk(path, sub, visit, ctx);
        free(sub);
        free(path);
    }
    closedir(dh);
    return rc;
}

int tree_walk(const char *dir, tree_visit visit, void *ctx)
{
    return walk(dir, NULL, visit, ctx);
}
