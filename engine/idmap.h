/*
 * idmap.h - interning of ids: string -> dense index.
 *
 * Batches refer to payees, deals and campaigns by id; crediting and earning
 * want array indices.  An open-addressing table keyed by the id bytes does
 * the translation once, at load time.  Keys are borrowed, not copied: they
 * must outlive the map (they point into the CSV tables).
 */
#ifndef TRUCE_IDMAP_H
#define TRUCE_IDMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct idmap {
    const char **keys;   /* slot -> key, NULL when empty */
    uint32_t *hashes;    /* slot -> hash of its key: most probes never touch the key's bytes */
    uint32_t *vals;      /* slot -> index */
    size_t cap;          /* power of two */
    size_t n;
} idmap;

void idmap_init(idmap *m);
void idmap_free(idmap *m);
/* Inserts key -> val.  Returns -1 (and changes nothing) if key is present, else 0. */
int idmap_put(idmap *m, const char *key, uint32_t val);
/* The index stored for key, or -1. */
long idmap_get(const idmap *m, const char *key);

#endif
