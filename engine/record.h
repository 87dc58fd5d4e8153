/*
 * record.h - what a run records about itself for manifest.xml, as it runs.
 *
 * The command and the inputs are recorded when the run starts, and the
 * inputs are hashed on a thread of their own while the run reads and credits
 * them, so that the hashes cost no wall time on a machine with a spare core.
 * run_write completes the record (period, plan, outputs) into manifest.xml.
 */
#ifndef TRUCE_RECORD_H
#define TRUCE_RECORD_H

#include <pthread.h>
#include "load.h"
#include "diag.h"
#include "earn.h"
#include "manifest.h"
#include "outdir.h"
#include "plan.h"

typedef struct run_record {
    manifest m;          /* command and inputs (name, path as given, size, SHA-256) */
    pthread_t tid;
    int hashing;         /* the hashing thread runs and must be joined */
    diag d;              /* problems the hashing thread met */
} run_record;

void record_init(run_record *rec);

/*
 * Records the command and the inputs by path (paid: the --paid file, may be
 * NULL), then starts hashing the files (hash 0: record without hashing, for
 * runs that write nothing).  Everything is copied.
 */
void record_files(run_record *rec, const batch_paths *paths, const char *paid,
                  const char *const *command, size_t ncommand, int hash);

/* Records inputs held in memory (batch_sources) and the paid file (may be NULL), hashed at once. */
void record_sources(run_record *rec, const batch_sources *src, const char *paid,
                    const char *const *command, size_t ncommand);

/* Waits for the hashing to end; reports what it met to d (NULL: forgets it).  0 or -1. */
int record_wait(run_record *rec, diag *d);

/* Names an input again (verify records the paths of the original run): the nth (from 0) of
   the inputs called name (plan versions are several inputs called "plan"). */
void record_rename_input(run_record *rec, const char *name, size_t nth, const char *path);

/*
 * The manifest.xml of a run: the record's command and inputs, the engine
 * version, the period, the shard, the plan, and the files written so far
 * (outputs, listed by path).  0 or -1 (a string XML cannot carry; reported).
 */
int record_manifest(strbuf *out, const run_record *rec, const char *version, const plan *p,
                    const period *per, shard sh, const outdir_entry *files, size_t nfiles, diag *d);

/*
 * The manifest.xml of an output that is not a run's (convert's batch, diff's
 * report): the engine version, the command, the period (per NULL: none) and
 * the files written, so that it is recognisably truce's (--force replaces
 * only such directories).  0 or -1 (reported).
 */
int record_outputs_manifest(strbuf *out, const char *version, const char *const *command,
                            size_t ncommand, const period *per, const outdir_entry *files,
                            size_t nfiles, diag *d);

void record_free(run_record *rec);

#endif
