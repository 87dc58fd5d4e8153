/*
 * idmap.c - open-addressing hash from id strings to indices.
 *
 * FNV-1a with linear probing, load factor at most 1/2.  Each slot keeps its
 * key's hash and index beside the key pointer, so a probe compares 32-bit
 * hashes in one cache line and reads the key's bytes (which live far away,
 * in the CSV buffer: a cache miss) only on a match.
 */
#include "idmap.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

static uint32_t id_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return (uint32_t)(h ^ (h >> 32));
}

void idmap_init(idmap *m)
{
    m->slots = NULL;
    m->cap = m->n = 0;
}

void idmap_free(idmap *m)
{
    free(m->slots);
    idmap_init(m);
}

static void idmap_insert_slot(idmap_slot *slots, size_t cap, idmap_slot x)
{
    size_t i = x.hash & (cap - 1);
    while (slots[i].key)
        i = (i + 1) & (cap - 1);
    slots[i] = x;
}

static void idmap_grow(idmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    idmap_slot *slots = xcalloc(cap, sizeof *slots);
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key)
            idmap_insert_slot(slots, cap, m->slots[i]);
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
}

static long idmap_find(const idmap *m, const char *key, uint32_t hash)
{
    if (!m->cap)
        return -1;
    size_t i = hash & (m->cap - 1);
    for (const idmap_slot *x = &m->slots[i]; x->key; x = &m->slots[i]) {
        if (x->hash == hash && strcmp(x->key, key) == 0)
            return (long)x->val;
        i = (i + 1) & (m->cap - 1);
    }
    return -1;
}

long idmap_get(const idmap *m, const char *key)
{
    return idmap_find(m, key, id_hash(key));
}

int idmap_put(idmap *m, const char *key, uint32_t val)
{
    uint32_t hash = id_hash(key);
    if (idmap_find(m, key, hash) >= 0)
        return -1;
    if ((m->n + 1) * 2 > m->cap)
        idmap_grow(m);
    idmap_insert_slot(m->slots, m->cap, (idmap_slot){hash, val, key});
    m->n++;
    return 0;
}
