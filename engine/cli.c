/*
 * cli.c - the `truce` command: arguments in, exit status out.
 *
 * Exit status (contract section 2): 0 success; 1 an input is invalid or
 * missing (nothing written); 2 wrong usage.  All computing is libtruce's;
 * this file only parses flags, finds the batch files and prints diagnostics.
 */
#include "truce/truce.h"
#include "truce/strbuf.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { EXIT_INPUT = 1, EXIT_USAGE = 2 };

/*
 * SIGINT, SIGTERM and SIGHUP while outputs are being written: the writers
 * stop at the next file and remove the temporary directory; then the signal
 * is raised again so the caller sees the process die of it.  Before writing
 * starts, nothing is on disk and the signals keep their default action.
 */
static volatile sig_atomic_t interrupted;
static const int caught[] = {SIGINT, SIGTERM, SIGHUP};

static void on_signal(int sig)
{
    interrupted = sig;
}

static void catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof caught / sizeof caught[0]; i++)
        sigaction(caught[i], &sa, NULL);
}

/* Dies of the signal that interrupted the writing, if one did. */
static void die_if_interrupted(void)
{
    if (!interrupted)
        return;
    int sig = interrupted;
    signal(sig, SIG_DFL);
    raise(sig);
}

static const char usage_text[] =
    "usage: truce run   [--in DIR] [FILE FLAGS] --period YYYY-MM --out DIR [--force]\n"
    "                   [--jobs N] [--shard K/N] [--timings]\n"
    "       truce check [--in DIR] [FILE FLAGS] [--jobs N]\n"
    "       truce merge --out DIR [--force] SHARD_OUT...\n"
    "       truce --help | --version\n"
    "file flags: --plan F --roster F --deals F --touches F --campaigns F (override --in DIR)\n"
    "see docs/cli.md for the full reference\n";

typedef struct options {
    const char *command;
    const char *in;
    const char *file[5];  /* plan, roster, deals, touches, campaigns */
    const char *period;
    const char *out;
    int force;
    int timings;  /* --timings: stage times on stderr */
    const char *jobs;
    const char *shard;
    int jobs_n;             /* parsed --jobs (0: one per core) */
    unsigned shard_k, shard_n;
} options;

static const char *const file_flag[5] = {"plan", "roster", "deals", "touches", "campaigns"};
static const char *const file_name[5] = {"plan.xml", "roster.csv", "deals.csv", "touches.csv",
                                         "campaigns.csv"};

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* One line saying what is wrong, one pointing to --help; exit status 2. */
static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("truce: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\ntry 'truce --help'\n", stderr);
    return EXIT_USAGE;
}

/* Matches "--name" (value in the next argument) or "--name=value". */
static int flag_value(const char *arg, const char *name, int *i, int argc, char **argv,
                      const char **val)
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
    if (*i + 1 >= argc) {
        *val = NULL;
        return 1;
    }
    *val = argv[++*i];
    return 1;
}

static int parse_flags(options *o, int argc, char **argv)
{
    int is_run = strcmp(o->command, "run") == 0;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        const char **slot = NULL;
        if (flag_value(a, "in", &i, argc, argv, &v))
            slot = &o->in;
        for (int f = 0; !slot && f < 5; f++)
            if (flag_value(a, file_flag[f], &i, argc, argv, &v))
                slot = &o->file[f];
        if (!slot && is_run && flag_value(a, "period", &i, argc, argv, &v))
            slot = &o->period;
        if (!slot && is_run && flag_value(a, "out", &i, argc, argv, &v))
            slot = &o->out;
        if (!slot && flag_value(a, "jobs", &i, argc, argv, &v))
            slot = &o->jobs;
        if (!slot && is_run && flag_value(a, "shard", &i, argc, argv, &v))
            slot = &o->shard;
        if (slot) {
            if (!v || !*v)
                return usage_error("flag '%s' needs a value", a);
            *slot = v;
            continue;
        }
        if (is_run && strcmp(a, "--force") == 0) {
            o->force = 1;
            continue;
        }
        if (strcmp(a, "--timings") == 0) {
            o->timings = 1;
            continue;
        }
        return usage_error("unknown flag '%s'", a);
    }
    return 0;
}

/* A whole number in [lo, hi], digits only. */
static int parse_uint(const char *s, const char *end, unsigned long lo, unsigned long hi,
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

static int parse_jobs(const char *s, int *out)
{
    unsigned long v;
    if (parse_uint(s, s + strlen(s), 1, 256, &v))
        return -1;
    *out = (int)v;
    return 0;
}

static int parse_shard(const char *s, unsigned *k, unsigned *n)
{
    const char *slash = strchr(s, '/');
    unsigned long kk, nn;
    if (!slash || parse_uint(s, slash, 0, 65535, &kk) ||
        parse_uint(slash + 1, slash + strlen(slash), 1, 65536, &nn) || kk >= nn)
        return -1;
    *k = (unsigned)kk;
    *n = (unsigned)nn;
    return 0;
}

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Flags win over --in; optional files count only if they exist in --in. */
static void resolve_paths(const options *o, batch_paths *p, char **owned)
{
    const char **slot[5] = {&p->plan, &p->roster, &p->deals, &p->touches, &p->campaigns};
    for (int f = 0; f < 5; f++) {
        *slot[f] = o->file[f];
        owned[f] = NULL;
        if (o->file[f] || !o->in)
            continue;
        strbuf sb = STRBUF_INIT;
        sb_printf(&sb, "%s/%s", o->in, file_name[f]);
        owned[f] = sb_detach(&sb);
        if (f < 3 || file_exists(owned[f]))
            *slot[f] = owned[f];
    }
}

static int report(diag *d, int failed)
{
    diag_print(d, stderr);
    return failed ? EXIT_INPUT : 0;
}

static int command(const options *o)
{
    batch_paths paths;
    char *owned[5];
    resolve_paths(o, &paths, owned);
    diag d;
    diag_init(&d);
    int year = 0, month = 0, status = 0;
    if (!paths.roster)
        diag_error(&d, NULL, 0, 0, "no roster given (--roster or --in)");
    if (!paths.deals)
        diag_error(&d, NULL, 0, 0, "no deals given (--deals or --in)");
    truce_options to = {0, o->jobs_n, {o->shard_k, o->shard_n}};
    if (o->period)
        period_parse(o->period, &year, &month);
    to.month = month;
    truce_run r;
    int failed = truce_compute(&r, &paths, &to, &d) != 0 || d.errors > 0;
    if (!failed && o->period) {
        if (year != r.plan->year) {
            diag_error(&d, NULL, 0, 0, "period %s is outside the plan year %d", o->period,
                       r.plan->year);
            failed = 1;
        } else {
            r.cancel = &interrupted;
            catch_signals();
            failed = truce_write(&r, month, o->out, o->force, &d) != 0;
        }
    }
    status = report(&d, failed);
    die_if_interrupted();
    if (o->timings)
        fprintf(stderr, "timings: read %.3fs credit %.3fs earn %.3fs write %.3fs\n", r.t_read,
                r.t_credit, r.t_earn, r.t_write);
    if (!failed && o->period) {
        size_t statements = 0;
        for (size_t s = 0; s < r.earnings.n; s++)
            statements += r.earnings.v[s].role->ncomponents > 0;
        printf("truce: %s: %zu payee statements written to %s/statements/\n", o->period,
               statements, o->out);
    }
    else if (!failed)
        printf("truce: batch is valid (%zu payees, %zu deals, %zu in scope)\n", r.batch.npayees,
               r.batch.ndeals, r.in_scope);
    truce_run_free(&r);
    diag_free(&d);
    for (int f = 0; f < 5; f++)
        free(owned[f]);
    return status;
}

/* truce merge --out DIR [--force] SHARD_OUT... */
static int merge_command(int argc, char **argv)
{
    const char *out = NULL;
    int force = 0;
    const char **dirs = xcalloc((size_t)argc, sizeof *dirs);
    size_t ndirs = 0;
    for (int i = 2; i < argc; i++) {
        const char *v = NULL;
        if (flag_value(argv[i], "out", &i, argc, argv, &v)) {
            if (!v || !*v) {
                free(dirs);
                return usage_error("flag '%s' needs a value", "--out");
            }
            out = v;
        } else if (strcmp(argv[i], "--force") == 0) {
            force = 1;
        } else if (strncmp(argv[i], "--", 2) == 0) {
            free(dirs);
            return usage_error("unknown flag '%s'", argv[i]);
        } else {
            dirs[ndirs++] = argv[i];
        }
    }
    int status = 0;
    if (!out)
        status = usage_error("%s", "merge needs --out DIR");
    else if (ndirs == 0)
        status = usage_error("%s", "merge needs the output directories of the shards");
    else if (!force && !truce_out_is_free(out))
        status = usage_error("--out '%s' exists and is not empty (use --force to replace it)", out);
    if (status) {
        free(dirs);
        return status;
    }
    diag d;
    diag_init(&d);
    catch_signals();
    int failed = truce_merge(out, dirs, ndirs, force, &interrupted, &d) != 0;
    diag_print(&d, stderr);
    die_if_interrupted();
    if (!failed)
        printf("truce: %zu shards merged into %s\n", ndirs, out);
    diag_free(&d);
    free(dirs);
    return failed ? EXIT_INPUT : 0;
}

int main(int argc, char **argv)
{
    /* A file-size limit must surface as a write error (EFBIG), not kill the run. */
    signal(SIGXFSZ, SIG_IGN);
    if (argc < 2)
        return usage_error("%s", "missing command");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage_text, stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        puts("truce " TRUCE_VERSION);
        return 0;
    }
    options o = {0};
    o.command = argv[1];
    if (strcmp(o.command, "merge") == 0)
        return merge_command(argc, argv);
    if (strcmp(o.command, "run") != 0 && strcmp(o.command, "check") != 0)
        return usage_error("unknown command '%s'", o.command);
    int rc = parse_flags(&o, argc, argv);
    if (rc)
        return rc;
    if (strcmp(o.command, "run") == 0) {
        int y, m;
        if (!o.period)
            return usage_error("%s", "run needs --period YYYY-MM");
        if (period_parse(o.period, &y, &m) != 0)
            return usage_error("--period '%s' is not YYYY-MM", o.period);
        if (!o.out)
            return usage_error("%s", "run needs --out DIR");
        if (!o.force && !truce_out_is_free(o.out))
            return usage_error("--out '%s' exists and is not empty (use --force to replace it)",
                               o.out);
    }
    if (o.jobs && parse_jobs(o.jobs, &o.jobs_n) != 0)
        return usage_error("--jobs '%s' is not a number from 1 to 256", o.jobs);
    if (o.shard && parse_shard(o.shard, &o.shard_k, &o.shard_n) != 0)
        return usage_error("--shard '%s' is not K/N with 0 <= K < N", o.shard);
    return command(&o);
}
