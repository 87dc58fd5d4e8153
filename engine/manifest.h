/*
 * manifest.h - OUT/manifest.xml: what a run read, what it wrote, and how.
 *
 * A manifest names the engine version, the command, the period (and shard),
 * the plan, every input with its size and SHA-256, and every output with its
 * size and SHA-256.  It holds no clock, host or user name: the same inputs
 * and command give the same bytes anywhere, so a recomputation (`truce
 * verify`) can compare its own manifest with the one on disk byte for byte.
 *
 *   <manifest xmlns="urn:truce:manifest:1">
 *     <engine name="truce" version="0.3.0"/>
 *     <command><arg>run</arg><arg>--in</arg><arg>example</arg>...</command>
 *     <period>2027-03</period>                              (or 2027-Q1, 2027-H2, 2027;
 *                                                            convert's output has none)
 *     <shard k="0" n="3"/>                                  (shards only)
 *     <statements>text</statements>                         (--statements other than all)
 *     <plans><plan id="acme-2027" year="2027" currency="USD" rounding="half-up" sha256="..."/></plans>
 *     <fits>                                                (plans with markov or shapley only)
 *       <fit version="1" line="7" model="markov" trained-on="2026" journeys="4" won="3">
 *         <campaign id="A" value="1"/><campaign id="B" value="0.5"/>...
 *       </fit>
 *     </fits>
 *     <inputs><input name="plan" path="example/plan.xml" size="1398" sha256="..."/>...</inputs>
 *     <outputs><output path="credits.csv" size="1101" sha256="..."/>...</outputs>
 *   </manifest>
 */
#ifndef TRUCE_MANIFEST_H
#define TRUCE_MANIFEST_H

#include <stddef.h>
#include <stdint.h>
#include "date.h"
#include "diag.h"
#include "digest.h"
#include "strbuf.h"

#define MANIFEST_FILE "manifest.xml"
#define MANIFEST_NS "urn:truce:manifest:1"
/* Largest manifest.xml read back (a run with a million statements writes about 150 MB). */
#define MANIFEST_MAX_BYTES (1024L * 1024 * 1024)

typedef struct manifest_file {
    char *name;                    /* inputs: plan (once per plan version), roster, deals, touches,
                                      campaigns, splits, territories, quotas, fx, events,
                                      payments, adjustments, paid; outputs: NULL */
    char *path;                    /* inputs: as given to the run; outputs: relative to the output directory */
    uint64_t size;
    char sha256[DIGEST_HEX_SIZE];  /* lowercase hex; empty until hashed */
} manifest_file;

typedef struct manifest_plan {
    char *id, *currency, *rounding;
    int year;
    char sha256[DIGEST_HEX_SIZE];  /* the plan file's: a plan's version is its content */
} manifest_plan;

/* A data-driven model's fit (issue 17): each campaign of its journeys with the exact value
   behind its weight (removal effect or Shapley value), as text, by campaign_id bytewise. */
typedef struct manifest_fit {
    unsigned version;              /* the plan version, from 1 (effective-from order) */
    unsigned long line;            /* of its <marketing> */
    char *model, *trained_on;
    uint64_t journeys, won;
    char **campaign, **value;      /* n of each */
    size_t n;
} manifest_fit;

typedef struct manifest {
    char *version;                 /* of the engine that wrote the outputs */
    char **command;                /* the arguments after the program's name */
    size_t ncommand;
    period per;                    /* the period (date.h): 2027-03, 2027-Q1, 2027-H2, 2027;
                                      per.year 0: none recorded */
    unsigned shard_k, shard_n;     /* shard_n 0: not a shard */
    char *statements;              /* the statements asked for when not all of them: "text",
                                      "html" or "none" (NULL: all, and no element) */
    manifest_plan plan;            /* id NULL: none recorded */
    manifest_fit *fits;            /* in plan version, then split order */
    size_t nfits;
    manifest_file *inputs, *outputs;
    size_t ninputs, noutputs;
} manifest;

void manifest_init(manifest *m);
void manifest_free(manifest *m);

/* Copies argv[0..n) as the command. */
void manifest_set_command(manifest *m, const char *const *argv, size_t n);
/* Appends an input (name, path copied; size and hash left for the caller). */
manifest_file *manifest_add_input(manifest *m, const char *name, const char *path);
/* Appends an empty fit (strings NULL, no campaign). */
manifest_fit *manifest_add_fit(manifest *m);
/* Appends campaign id's value to fit f (both copied). */
void manifest_fit_add(manifest_fit *f, const char *id, const char *value);
/* Appends an output (path copied) with its size and hash. */
void manifest_add_output(manifest *m, const char *path, uint64_t size, const char *sha256);
/* Orders the outputs by path, bytewise, so that the listing never depends on thread timing. */
void manifest_sort_outputs(manifest *m);
/* The input called name, or NULL. */
const manifest_file *manifest_input(const manifest *m, const char *name);
/* A deep copy of src into dst (initialised by the call). */
void manifest_copy(manifest *dst, const manifest *src);

/*
 * Appends the XML of m to out (libxml2's xmlTextWriter, two-space indent).
 * A string that XML cannot carry (not UTF-8, or a control character) is an
 * error naming it and the manifest called `name`: 0 or -1 (reported).
 */
int manifest_write(strbuf *out, const manifest *m, const char *name, diag *d);

/*
 * Reads a manifest written by manifest_write (from memory, or the file at
 * path), checking its structure strictly: unknown elements, missing or
 * malformed attributes, a DOCTYPE are errors at `name` and the line.
 * m is initialised by the call; free it with manifest_free either way.
 */
int manifest_parse(manifest *m, const char *buf, size_t len, const char *name, diag *d);
int manifest_read(manifest *m, const char *path, diag *d);

#endif
