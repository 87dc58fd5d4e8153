/*
 * tree.h - every entry under a directory, depth first, each with its path
 * from that directory and its lstat.
 *
 * Three checks ask "is every file under this directory one we know of?":
 * outdir's "did Truce write it?" before --force replaces a directory, the
 * books' "does a closed period hold only what its manifest lists?" and
 * verify's "does the output hold a file the run does not write?".  They walk
 * with tree_walk and differ only in what they make of an entry.  Symbolic
 * links are not followed (lstat); entries come in readdir order.
 */
#ifndef TRUCE_TREE_H
#define TRUCE_TREE_H

#include <sys/stat.h>

typedef enum tree_kind {
    TREE_ENTRY,     /* an entry, with its lstat */
    TREE_NO_STAT,   /* an entry whose lstat failed (err says why) */
    TREE_NO_LIST    /* a directory that cannot be opened (err says why) */
} tree_kind;

typedef struct tree_entry {
    tree_kind kind;
    const char *rel;          /* its path from the walked directory ("statements/ana.txt");
                                 NULL: the walked directory itself (TREE_NO_LIST) */
    const struct stat *st;    /* TREE_ENTRY: its lstat; else NULL */
    int err;                  /* TREE_NO_STAT, TREE_NO_LIST: the errno */
} tree_entry;

/* A visit returns 0 to go on (into a directory's entries first), -1 to end the walk. */
typedef int (*tree_visit)(void *ctx, const tree_entry *e);

/*
 * Calls visit(ctx, e) for every entry under dir (dir itself only when it
 * cannot be opened), a directory before its entries.  0, or -1 when a visit
 * ended the walk.
 */
int tree_walk(const char *dir, tree_visit visit, void *ctx);

#endif
