/*
 * args.c - flag parsing shared by the subcommands, and the batch flags.
 *
 * Flags are "--name value" or "--name=value"; the batch flags mean the same
 * in every command that reads a batch, so they are parsed in one place.
 */
#include "cli.h"
#include "truce/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const file_flag[5] = {"plan", "roster", "deals", "touches", "campaigns"};
static const char *const file_name[5] = {"plan.xml", "roster.csv", "deals.csv", "touches.csv",
                                         "campaigns.csv"};

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
    for (int f = 0; !slot && f < 5; f++)
        if (flag_value(a, file_flag[f], i, argc, argv, &v))
            slot = &ba->file[f];
    if (!slot && flag_value(a, "jobs", i, argc, argv, &v))
        slot = &ba->jobs;
    if (!slot)
        return 0;
    if (!v || !*v)
        *status = usage_error("flag '%s' needs a value", a);
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

/* lstat: a dangling symlink is a file the user meant, and must fail by name when read. */
static int file_exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

void batch_resolve(const batch_args *ba, batch_paths *p, char **owned)
{
    const char **slot[5] = {&p->plan, &p->roster, &p->deals, &p->touches, &p->campaigns};
    for (int f = 0; f < 5; f++) {
        *slot[f] = ba->file[f];
        owned[f] = NULL;
        if (ba->file[f] || !ba->in)
            continue;
        strbuf sb = STRBUF_INIT;
        sb_printf(&sb, "%s/%s", ba->in, file_name[f]);
        owned[f] = sb_detach(&sb);
        if (f < 3 || file_exists(owned[f]))
            *slot[f] = owned[f];
    }
}

void batch_owned_free(char **owned)
{
    for (int f = 0; f < 5; f++)
        free(owned[f]);
}
