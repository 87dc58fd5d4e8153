/*
 * record.c - the run's own record for manifest.xml: command, inputs, hashes.
 *
 * Input files are hashed by a thread started before the run reads them and
 * joined before anything is written, so a large batch's SHA-256 overlaps its
 * parsing and crediting.  The thread owns nothing but its diag: the record's
 * strings are copied before it starts and read-only while it runs.
 */
#include "record.h"
#include "digest.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

void record_init(run_record *rec)
{
    memset(rec, 0, sizeof *rec);
    manifest_init(&rec->m);
    diag_init(&rec->d);
}

static void add_path(run_record *rec, const char *name, const char *path)
{
    if (path)
        manifest_add_input(&rec->m, name, path);
}

static void *hash_inputs(void *arg)
{
    run_record *rec = arg;
    for (size_t i = 0; i < rec->m.ninputs; i++) {
        manifest_file *f = &rec->m.inputs[i];
        digest_file(f->sha256, &f->size, f->path, &rec->d);
    }
    return NULL;
}

void record_files(run_record *rec, const batch_paths *paths, const char *paid,
                  const char *const *command, size_t ncommand, int hash)
{
    manifest_set_command(&rec->m, command, command ? ncommand : 0);
    /* Plan versions are each an input called "plan", in the order given. */
    if (paths->nplans > 0)
        for (size_t i = 0; i < paths->nplans; i++)
            add_path(rec, "plan", paths->plans[i]);
    else
        add_path(rec, "plan", paths->plan);
    add_path(rec, "roster", paths->roster);
    add_path(rec, "deals", paths->deals);
    add_path(rec, "touches", paths->touches);
    add_path(rec, "campaigns", paths->campaigns);
    add_path(rec, "splits", paths->splits);
    add_path(rec, "territories", paths->territories);
    add_path(rec, "quotas", paths->quotas);
    add_path(rec, "fx", paths->fx);
    add_path(rec, "events", paths->events);
    add_path(rec, "payments", paths->payments);
    add_path(rec, "adjustments", paths->adjustments);
    add_path(rec, "paid", paid);
    if (!hash)
        return;
    /* No thread to be had: hash here, it only costs time. */
    rec->hashing = pthread_create(&rec->tid, NULL, hash_inputs, rec) == 0;
    if (!rec->hashing)
        hash_inputs(rec);
}

static void add_source(run_record *rec, const char *name, const batch_source *s)
{
    if (!s->data)
        return;
    manifest_file *f = manifest_add_input(&rec->m, name, s->name ? s->name : name);
    f->size = s->len;
    digest_bytes(f->sha256, s->data, s->len);
}

void record_sources(run_record *rec, const batch_sources *src, const char *paid,
                    const char *const *command, size_t ncommand)
{
    manifest_set_command(&rec->m, command, command ? ncommand : 0);
    add_source(rec, "plan", &src->plan);
    add_source(rec, "roster", &src->roster);
    add_source(rec, "deals", &src->deals);
    add_source(rec, "touches", &src->touches);
    add_source(rec, "campaigns", &src->campaigns);
    add_source(rec, "splits", &src->splits);
    add_source(rec, "territories", &src->territories);
    add_source(rec, "quotas", &src->quotas);
    add_source(rec, "fx", &src->fx);
    add_source(rec, "events", &src->events);
    add_source(rec, "payments", &src->payments);
    add_source(rec, "adjustments", &src->adjustments);
    if (paid) {
        manifest_file *f = manifest_add_input(&rec->m, "paid", paid);
        digest_file(f->sha256, &f->size, paid, &rec->d);
    }
}

int record_wait(run_record *rec, diag *d)
{
    if (rec->hashing) {
        pthread_join(rec->tid, NULL);
        rec->hashing = 0;
    }
    size_t errors = rec->d.errors;
    if (d)
        diag_append(d, &rec->d);
    diag_free(&rec->d);
    diag_init(&rec->d);
    return errors ? -1 : 0;
}

void record_rename_input(run_record *rec, const char *name, size_t nth, const char *path)
{
    for (size_t i = 0; i < rec->m.ninputs; i++)
        if (strcmp(rec->m.inputs[i].name, name) == 0 && nth-- == 0) {
            free(rec->m.inputs[i].path);
            rec->m.inputs[i].path = xstrdup(path);
            return;
        }
}

int record_manifest(strbuf *out, const run_record *rec, const char *version, const plan *p,
                    const period *per, shard sh, const outdir_entry *files, size_t nfiles, diag *d)
{
    manifest m;
    manifest_copy(&m, &rec->m);
    m.version = xstrdup(version);
    m.per = *per;
    if (sh.n)
        m.shard_k = sh.k, m.shard_n = sh.n;
    m.plan.id = xstrdup(p->id);
    m.plan.year = p->year;
    m.plan.currency = xstrdup(p->currency);
    m.plan.rounding = xstrdup(round_mode_name(p->rounding));
    const manifest_file *pf = manifest_input(&m, "plan");
    if (pf)
        memcpy(m.plan.sha256, pf->sha256, sizeof m.plan.sha256);
    for (size_t i = 0; i < nfiles; i++)
        manifest_add_output(&m, files[i].rel, files[i].size, files[i].sha256);
    manifest_sort_outputs(&m);
    int rc = manifest_write(out, &m, MANIFEST_FILE, d);
    manifest_free(&m);
    return rc;
}

int record_outputs_manifest(strbuf *out, const char *version, const char *const *command,
                            size_t ncommand, const period *per, const outdir_entry *files,
                            size_t nfiles, diag *d)
{
    manifest m;
    manifest_init(&m);
    manifest_set_command(&m, command, command ? ncommand : 0);
    m.version = xstrdup(version);
    if (per)
        m.per = *per;
    for (size_t i = 0; i < nfiles; i++)
        manifest_add_output(&m, files[i].rel, files[i].size, files[i].sha256);
    manifest_sort_outputs(&m);
    int rc = manifest_write(out, &m, MANIFEST_FILE, d);
    manifest_free(&m);
    return rc;
}

void record_free(run_record *rec)
{
    if (rec->hashing)
        pthread_join(rec->tid, NULL);
    manifest_free(&rec->m);
    diag_free(&rec->d);
    memset(rec, 0, sizeof *rec);
}
