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

/* One slot: its key's hash (most probes never touch the key's bytes), the index, the key (NULL
   when empty), side by side so that a probe reads one cache line, not three arrays'. */
typedef struct idmap_slot {
    uint32_t hash;
    uint32_t val;
    const char *key;
} idmap_slot;

typedef struct idmap {
    idmap_slot *slots;
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
