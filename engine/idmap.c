/*
 * idmap.c - open-addressing hash from id strings to indices.
 *
 * FNV-1a with linear probing, load factor at most 1/2.  Each slot keeps its
 * key's hash, so a probe compares 32-bit hashes and reads the key's bytes
 * (which live far away, in the CSV buffer: a cache miss) only on a match.
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
    m->keys = NULL;
    m->hashes = NULL;
    m->vals = NULL;
    m->cap = m->n = 0;
}

void idmap_free(idmap *m)
{
    free(m->keys);
    free(m->hashes);
    free(m->vals);
    idmap_init(m);
}

static void idmap_insert_slot(const char **keys, uint32_t *hashes, uint32_t *vals, size_t cap,
                              const char *key, uint32_t hash, uint32_t val)
{
    size_t i = hash & (cap - 1);
    while (keys[i])
        i = (i + 1) & (cap - 1);
    keys[i] = key;
    hashes[i] = hash;
    vals[i] = val;
}

static void idmap_grow(idmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    const char **keys = xcalloc(cap, sizeof *keys);
    uint32_t *hashes = xcalloc(cap, sizeof *hashes);
    uint32_t *vals = xcalloc(cap, sizeof *vals);
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i])
            idmap_insert_slot(keys, hashes, vals, cap, m->keys[i], m->hashes[i], m->vals[i]);
    free(m->keys);
    free(m->hashes);
    free(m->vals);
    m->keys = keys;
    m->hashes = hashes;
    m->vals = vals;
    m->cap = cap;
}

static long idmap_find(const idmap *m, const char *key, uint32_t hash)
{
    if (!m->cap)
        return -1;
    size_t i = hash & (m->cap - 1);
    while (m->keys[i]) {
        if (m->hashes[i] == hash && strcmp(m->keys[i], key) == 0)
            return (long)m->vals[i];
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
    idmap_insert_slot(m->keys, m->hashes, m->vals, m->cap, key, hash, val);
    m->n++;
    return 0;
}
