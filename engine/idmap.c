/*
 * idmap.c - open-addressing hash from id strings to indices.
 *
 * FNV-1a with linear probing, load factor at most 1/2: ids are short and
 * lookups happen a few times per row, so simplicity wins over cleverness.
 */
#include "truce/idmap.h"
#include "truce/strbuf.h"

#include <stdlib.h>
#include <string.h>

static uint64_t id_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h;
}

void idmap_init(idmap *m)
{
    m->keys = NULL;
    m->vals = NULL;
    m->cap = m->n = 0;
}

void idmap_free(idmap *m)
{
    free(m->keys);
    free(m->vals);
    idmap_init(m);
}

static void idmap_insert_slot(const char **keys, uint32_t *vals, size_t cap,
                              const char *key, uint32_t val)
{
    size_t i = (size_t)id_hash(key) & (cap - 1);
    while (keys[i])
        i = (i + 1) & (cap - 1);
    keys[i] = key;
    vals[i] = val;
}

static void idmap_grow(idmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    const char **keys = xcalloc(cap, sizeof *keys);
    uint32_t *vals = xcalloc(cap, sizeof *vals);
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i])
            idmap_insert_slot(keys, vals, cap, m->keys[i], m->vals[i]);
    free(m->keys);
    free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap = cap;
}

long idmap_get(const idmap *m, const char *key)
{
    if (!m->cap)
        return -1;
    size_t i = (size_t)id_hash(key) & (m->cap - 1);
    while (m->keys[i]) {
        if (strcmp(m->keys[i], key) == 0)
            return (long)m->vals[i];
        i = (i + 1) & (m->cap - 1);
    }
    return -1;
}

int idmap_put(idmap *m, const char *key, uint32_t val)
{
    if (idmap_get(m, key) >= 0)
        return -1;
    if ((m->n + 1) * 2 > m->cap)
        idmap_grow(m);
    idmap_insert_slot(m->keys, m->vals, m->cap, key, val);
    m->n++;
    return 0;
}
