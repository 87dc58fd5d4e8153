/*
 * args.c - flag parsing shared by the subcommands, and the batch flags.
 *
 * Flags are "--name value" or "--name=value"; the batch flags mean the same
 * in every command that reads a batch, so they are parsed in one place.
 */
#include "cli.h"
#include "truce/strbuf.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define NFILES CLI_NFILES
static const char *const file_flag[NFILES] = {"plan",      "roster", "deals",       "touches",
                                              "campaigns", "splits", "territories", "quotas",
                                              "fx",        "events", "payments",    "adjustments"};
static const char *const file_name[NFILES] = {"plan.xml", "roster.csv", "deals.csv", "touches.csv",
                                              "campaigns.csv", "splits.csv", "territories.csv",
                                              "quotas.csv", "fx.csv", "events.csv", "payments.csv",
                                              "adjustments.csv"};

int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("truce: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\ntry 'truce --help'\n", stderr);
    return EXIT_USAGE;
}

int flag_value(const char *arg, const char *name, int *i, int argc, char **argv, const char **val)
{
    size_t n = strlen(name);
    if (strncmp(arg, "--", 2) != 0 || strncmp(arg + 2, name, n) != 0)
        return 0;
    const char *rest = arg + 2 + n;
    if (*rest == '=') {
        *val = rest + 1;
        return 1;
    }
    if (*rest != '\0')
        return 0;
    *val = *i + 1 < argc ? argv[++*i] : NULL;
    return 1;
}

int parse_uint(const char *s, const char *end, unsigned long lo, unsigned long hi,
               unsigned long *out)
{
    unsigned long v = 0;
    if (s == end)
        return -1;
    for (; s < end; s++) {
        if (*s < '0' || *s > '9' || v > hi)
            return -1;
        v = v * 10 + (unsigned long)(*s - '0');
    }
    if (v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

int batch_flag(batch_args *ba, int *i, int argc, char **argv, int *status)
{
    const char *a = argv[*i], *v = NULL;
    const char **slot = NULL;
    if (flag_value(a, "in", i, argc, argv, &v))
        slot = &ba->in;
    for (int f = 0; !slot && f < NFILES; f++)
        if (flag_value(a, file_flag[f], i, argc, argv, &v))
            slot = &ba->file[f];
    if (!slot && flag_value(a, "jobs", i, argc, argv, &v))
        slot = &ba->jobs;
    if (!slot)
        return 0;
    if (!v || !*v) {
        *status = usage_error("flag '%s' needs a value", a);
        return 1;
    }
    if (slot == &ba->file[0]) {  /* --plan again: one more plan version */
        if (ba->nplans == CLI_MAX_PLANS) {
            *status = usage_error("--plan given more than %d times (one version a month at most)",
                                  CLI_MAX_PLANS);
            return 1;
        }
        ba->plans[ba->nplans++] = v;
        if (ba->nplans > 1)
            return 1;  /* file[0] stays the first */
    }
    *slot = v;
    return 1;
}

int batch_args_check(batch_args *ba)
{
    unsigned long v;
    if (!ba->jobs)
        return 0;
    if (parse_uint(ba->jobs, ba->jobs + strlen(ba->jobs), 1, 256, &v))
        return usage_error("--jobs '%s' is not a number from 1 to 256", ba->jobs);
    ba->jobs_n = (int)v;
    return 0;
}

size_t batch_args_inputs(const batch_args *ba, const char **v)
{
    size_t n = 0;
    if (ba->in)
        v[n++] = ba->in;
    for (int f = 0; f < NFILES; f++)
        if (ba->file[f])
            v[n++] = ba->file[f];
    for (size_t i = 1; i < ba->nplans; i++)  /* the first is file[0] */
        v[n++] = ba->plans[i];
    return n;
}

/* 1: a flag that changes no output; 2: one that also takes the next argument as its value. */
static int output_neutral(const char *arg)
{
    static const char *const neutral[] = {"out",     "jobs",  "shard", "force",
                                          "timings", "quiet", "strict"};
    for (size_t i = 0; i < sizeof neutral / sizeof neutral[0]; i++) {
        size_t n = strlen(neutral[i]);
        if (strncmp(arg, "--", 2) != 0 || strncmp(arg + 2, neutral[i], n) != 0)
            continue;
        if (arg[2 + n] == '=')
            return 1;
        if (arg[2 + n] == '\0')
            return i < 3 ? 2 : 1;
    }
    return 0;
}

size_t manifest_command(int argc, char **argv, const char **v)
{
    size_t n = 0;
    for (int i = 1; i < argc; i++) {
        int neutral = output_neutral(argv[i]);
        if (neutral == 2)
            i++;
        else if (!neutral)
            v[n++] = argv[i];
    }
    return n;
}

int out_check(const char *out, int force, const char *const *inputs, size_t ninputs)
{
    diag d;
    diag_init(&d);
    int rc = truce_out_check(out, force, inputs, ninputs, &d);
    if (rc != 0) {
        diag_print(&d, stderr);
        fputs("try 'truce --help'\n", stderr);
    }
    diag_free(&d);
    return rc != 0 ? EXIT_USAGE : 0;
}

/* lstat: a dangling symlink is a file the user meant, and must fail by name when read. */
static int file_exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.xml files of dir (not hidden, not directories), sorted bytewise, as dir/NAME; 0 or -1. */
int list_plans(const char *dir, batch_owned *owned, diag *d)
{
    DIR *dh = opendir(dir);
    if (!dh) {
        diag_error(d, dir, 0, 0, "cannot read the directory: %s", strerror(errno));
        return -1;
    }
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(dh))) {
        size_t n = strlen(e->d_name);
        if (e->d_name[0] == '.' || n < 5 || strcmp(e->d_name + n - 4, ".xml") != 0)
            continue;
        strbuf sb = STRBUF_INIT;
        sb_printf(&sb, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(sb.p, &st) == 0 && S_ISDIR(st.st_mode)) {
            sb_free(&sb);
            continue;
        }
        if (owned->nplans == cap) {
            cap = cap ? cap * 2 : 8;
            owned->plans = xrealloc(owned->plans, cap * sizeof *owned->plans);
        }
        owned->plans[owned->nplans++] = sb_detach(&sb);
    }
    closedir(dh);
    if (owned->nplans == 0) {
        diag_error(d, dir, 0, 0, "no plan (*.xml) in this directory");
        return -1;
    }
    qsort(owned->plans, owned->nplans, sizeof *owned->plans, by_name);
    return 0;
}

/* The plan(s) of --in DIR: DIR/plans/ (plan versions) or DIR/plan.xml, not both; 0 or -1. */
static int resolve_dir_plans(const char *in, batch_paths *p, batch_owned *owned, diag *d)
{
    strbuf dir = STRBUF_INIT;
    sb_printf(&dir, "%s/plans", in);
    struct stat st;
    int rc = 0;
    if (stat(dir.p, &st) != 0 || !S_ISDIR(st.st_mode)) {
        p->plan = owned->file[0];  /* missing: reading it fails by name */
    } else if (file_exists(owned->file[0])) {
        diag_error(d, NULL, 0, 0, "%s and %s/ are both present: give either one plan (plan.xml) "
                   "or plan versions (plans/), not both", owned->file[0], dir.p);
        rc = -1;
    } else if ((rc = list_plans(dir.p, owned, d)) == 0) {
        p->plans = (const char *const *)owned->plans;
        p->nplans = owned->nplans;
        p->plan = owned->plans[0];
    }
    sb_free(&dir);
    return rc;
}

int batch_resolve(const batch_args *ba, batch_paths *p, batch_owned *owned)
{
    const char **slot[NFILES] = {&p->plan,      &p->roster, &p->deals,       &p->touches,
                                 &p->campaigns, &p->splits, &p->territories, &p->quotas,
                                 &p->fx,        &p->events, &p->payments,    &p->adjustments};
    memset(p, 0, sizeof *p);
    memset(owned, 0, sizeof *owned);
    for (int f = 0; f < NFILES; f++) {
        *slot[f] = ba->file[f];
        if (ba->file[f] || !ba->in)
            continue;
        strbuf sb = STRBUF_INIT;
        sb_printf(&sb, "%s/%s", ba->in, file_name[f]);
        owned->file[f] = sb_detach(&sb);
        /* Roster and deals are required: a missing one fails by name when read.  The plan
           is decided below (plan.xml or plans/). */
        if (f == 1 || f == 2 || (f >= 3 && file_exists(owned->file[f])))
            *slot[f] = owned->file[f];
    }
    if (ba->nplans > 0) {
        p->plans = ba->plans;
        p->nplans = ba->nplans;
        p->plan = ba->plans[0];
        return 0;
    }
    if (ba->file[0] || !ba->in)
        return 0;
    diag d;
    diag_init(&d);
    int rc = resolve_dir_plans(ba->in, p, owned, &d);
    diag_print(&d, stderr);
    diag_free(&d);
    if (rc == 0)
        return 0;
    batch_owned_free(owned);
    return EXIT_INPUT;
}

void batch_owned_free(batch_owned *owned)
{
    for (int f = 0; f < NFILES; f++)
        free(owned->file[f]);
    for (size_t i = 0; i < owned->nplans; i++)
        free(owned->plans[i]);
    free(owned->plans);
    memset(owned, 0, sizeof *owned);
}
