/*
 * mapping.h - a CRM export mapping: which export file and column fills each
 * column of each batch file, and in what format (docs/mapping.md).
 *
 * A mapping is XML in the namespace urn:truce:mapping:1, validated against
 * rules/mapping.xsd (compiled into the library) and loaded with the same
 * guards as a plan: read by Truce, parsed from memory with no network, no
 * DTD and no entities, any DOCTYPE refused.  Then read-only; convert.h
 * applies it.
 */
#ifndef TRUCE_MAPPING_H
#define TRUCE_MAPPING_H

#include <stddef.h>
#include "diag.h"
#include "informat.h"

/* Largest mapping accepted, in bytes: read whole into memory and parsed there. */
#define MAPPING_MAX_BYTES (1024 * 1024)

/* The batch files a mapping fills, in contract order. */
enum { MAP_ROSTER, MAP_DEALS, MAP_TOUCHES, MAP_CAMPAIGNS, MAP_TARGETS };

typedef struct map_recode {
    char *from, *to;
} map_recode;

typedef struct map_field {
    char *name;                /* the batch column it fills */
    char *column;              /* export column it is read from, or NULL for a constant */
    char *value;               /* the constant, or NULL */
    informat format;           /* of the export column (format.currency points into this field) */
    long lookup;               /* index in mapping.lookups, or -1 */
    char *take;                /* with a lookup: the lookup file's column taken */
    map_recode *recodes;       /* whole-value replacements, applied first */
    size_t nrecodes;
    long line;                 /* mapping line of <field> */
} map_field;

typedef struct map_keep {
    char *column, *equals;
    long line;
} map_keep;

typedef struct map_rows {
    char *file;                /* export file, relative to the export directory */
    char *distinct;            /* export column whose repeated values are skipped, or NULL */
    map_keep *keeps;
    size_t nkeeps;
    map_field *fields;         /* in the order of the first block of the target */
    size_t nfields;
    long line;
} map_rows;

typedef struct map_target {
    int present;               /* touches and campaigns are optional */
    map_rows *rows;
    size_t nrows;
    long line;
} map_target;

typedef struct map_lookup {
    char *id, *file, *key;
    long line;
} map_lookup;

typedef struct mapping {
    char *file;                /* name used in diagnostics */
    map_lookup *lookups;
    size_t nlookups;
    map_target target[MAP_TARGETS];
} mapping;

/*
 * Loads and checks a mapping.  `name` is used in diagnostics.  Returns it
 * (free with mapping_free) or NULL after reporting every problem found to
 * d, each at the mapping line of the element at fault: not XML, a DOCTYPE,
 * not valid against mapping.xsd, a field with both or neither of column and
 * value, format attributes on a field that is not a number, a lookup that
 * does not exist, lookup without take, equal decimal and group marks, a
 * batch column mapped twice or (for a required one) not at all, blocks of
 * one file mapping different columns, touches without campaigns.
 */
mapping *mapping_load_file(const char *path, const char *name, diag *d);
mapping *mapping_load_memory(const char *buf, size_t len, const char *name, diag *d);
void mapping_free(mapping *m);

/* The batch file a target fills: "roster.csv", "deals.csv", ... */
const char *mapping_target_file(int target);

#endif
