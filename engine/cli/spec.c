/*
 * spec.c - the one description of the `truce` commands and their flags
 * (spec.h says why), the parser built from it, and the help printed from it.
 *
 * A command lists the flags it takes, in synopsis order; the batch file
 * flags go as one group, shown "[FILE FLAGS]".  From that list come the
 * getopt_long table, the synopsis line, `truce CMD --help`, and which flags a
 * manifest leaves out (those that change no byte of the outputs).
 */
#include "spec.h"
#include "cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* A flag of any command: its name, what its value is called (NULL: a switch), whether it
   changes no output (so a manifest leaves it out), and its help. */
typedef struct flag_info {
    const char *name, *metavar;
    int neutral;
    const char *help;
} flag_info;

static const flag_info flag_table[F_COUNT] = {
    [F_IN] = {"in", "DIR", 0, "the batch directory: its files under their usual names "
                              "(plan.xml or plans/, roster.csv, deals.csv, ...)"},
    [F_PLAN] = {"plan", "F", 0, "the plan; repeat it for plan versions, or name a directory "
                                "of them"},
    [F_ROSTER] = {"roster", "F", 0, "roster.csv: payee_id,name,role,annual_quota"},
    [F_DEALS] = {"deals", "F", 0, "deals.csv: deal_id,close_date,amount,closer_id, ..."},
    [F_TOUCHES] = {"touches", "F", 0, "touches.csv: the marketing touches of each deal"},
    [F_CAMPAIGNS] = {"campaigns", "F", 0, "campaigns.csv: each campaign, its owner and cost"},
    [F_SPLITS] = {"splits", "F", 0, "splits.csv: team splits of a deal's closer share"},
    [F_TERRITORIES] = {"territories", "F", 0, "territories.csv: who covers which deals "
                                              "(overlays)"},
    [F_QUOTAS] = {"quotas", "F", 0, "quotas.csv: a payee's quota for a window"},
    [F_FX] = {"fx", "F", 0, "fx.csv: exchange rates into the plan's currency"},
    [F_EVENTS] = {"events", "F", 0, "events.csv: cancellations and refunds (clawbacks)"},
    [F_PAYMENTS] = {"payments", "F", 0, "payments.csv: payments received (holds)"},
    [F_ADJUSTMENTS] = {"adjustments", "F", 0, "adjustments.csv: approved manual adjustments"},
    [F_PERIOD] = {"period", "P", 0, "the period: YYYY-MM (a month), YYYY-Qn (a quarter), "
                                    "YYYY-Hn (a half-year) or YYYY (the year)"},
    [F_OUT] = {"out", "DIR", 1, "where the outputs go: absent or empty (or, with --force, an "
                                "earlier output of truce); never an input"},
    [F_FORCE] = {"force", NULL, 1, "replace --out if truce wrote it (its manifest.xml lists "
                                   "every file in it)"},
    [F_BOOKS] = {"books", "DIR", 0, "the books: the closed periods to true up against "
                                    "(truce close)"},
    [F_PAID] = {"paid", "FILE", 0, "what was paid: earlier payouts.csv files, concatenated, to "
                                   "true up against"},
    [F_STRICT] = {"strict", NULL, 1, "fail (exit 1, nothing written) on any warning"},
    [F_JOBS] = {"jobs", "N", 1, "threads, 1 to 256 (default: one per core); outputs are the "
                                "same for any N"},
    [F_SHARD] = {"shard", "K/N", 1, "compute only the payees of shard K of N (truce merge joins "
                                    "the shards); with --phase, task K of N of that phase"},
    [F_PHASE] = {"phase", "credit|earn", 1, "one phase of a two-phase sharded run "
                                           "(docs/scale.md): credit writes deal shard K's "
                                           "partitions into --out; earn writes payee shard K "
                                           "from the partitions in --parts"},
    [F_PARTS] = {"parts", "DIR", 1, "with --phase earn: the directory holding every phase 1 "
                                    "task's --out"},
    [F_TIMINGS] = {"timings", NULL, 1, "print each stage's wall time on stderr"},
    [F_QUIET] = {"quiet", NULL, 1, "draw no progress bar"},
    [F_PAYEE] = {"payee", "ID", 0, "the payee whose payout to explain"},
    [F_DEAL] = {"deal", "D", 0, "only the lines of this deal"},
    [F_COMPONENT] = {"component", "C", 0, "only this component of the payee's role"},
    [F_MAP] = {"map", "FILE", 0, "the mapping: which export column fills which batch column "
                                 "(docs/mapping.md)"},
    [F_FROM] = {"from", "DIR", 0, "where the exports are (default: the mapping's directory)"},
    [F_MODELS] = {"models", NULL, 0, "each campaign's attributed revenue under every "
                                     "attribution model"},
    [F_HELP] = {"help", NULL, 1, "print this help"},
    [F_STATEMENTS] = {"statements", "KIND", 0, "which payee statements to write: all (the "
                                               "default: ID.txt and ID.html), text, html or none"},
};

/* A flag in a command's list.  F_COUNT stands for the batch file flags as one group; a
   required flag is shown without brackets; `shown`, `help`: this command's own words. */
typedef struct cmd_flag {
    int flag;
    int required;
    const char *shown;
    const char *help;
} cmd_flag;

#define FILE_FLAGS F_COUNT
#define END {-1, 0, NULL, NULL}

struct cli_command {
    const char *name;
    const char *positional;        /* how the positional arguments are shown; NULL: none */
    const char *positional_is;     /* what they are, for a message */
    size_t min_pos, max_pos;
    const char *summary;
    const cmd_flag *flags;         /* ends with END */
    int (*run)(const cli_args *a);
};

static const cmd_flag run_flags[] = {
    {F_IN, 0, NULL, NULL}, {FILE_FLAGS, 0, NULL, NULL}, {F_PERIOD, 1, NULL, NULL},
    {F_OUT, 1, NULL, NULL}, {F_FORCE, 0, NULL, NULL}, {F_BOOKS, 0, NULL, NULL},
    {F_PAID, 0, NULL, NULL}, {F_STRICT, 0, NULL, NULL}, {F_JOBS, 0, NULL, NULL},
    {F_SHARD, 0, NULL, NULL}, {F_PHASE, 0, NULL, NULL}, {F_PARTS, 0, NULL, NULL},
    {F_TIMINGS, 0, NULL, NULL}, {F_QUIET, 0, NULL, NULL}, {F_STATEMENTS, 0, NULL, NULL}, END};
static const cmd_flag check_flags[] = {
    {F_IN, 0, NULL, NULL}, {FILE_FLAGS, 0, NULL, NULL}, {F_STRICT, 0, NULL, NULL},
    {F_JOBS, 0, NULL, NULL}, {F_TIMINGS, 0, NULL, NULL}, END};
static const cmd_flag close_flags[] = {
    {F_BOOKS, 1, NULL, "the books: where the closed periods are kept (created if absent)"}, END};
static const cmd_flag books_flags[] = {END};
static const cmd_flag merge_flags[] = {
    {F_OUT, 1, NULL, NULL}, {F_FORCE, 0, NULL, NULL}, END};
static const cmd_flag verify_flags[] = {
    {F_IN, 0, NULL, "look for the inputs in DIR (under each recorded path's file name)"},
    {F_BOOKS, 0, NULL, "look for the closed periods the run trued up against in DIR"},
    {F_JOBS, 0, NULL, NULL}, END};
static const cmd_flag explain_flags[] = {
    {F_IN, 0, NULL, NULL}, {FILE_FLAGS, 0, NULL, NULL}, {F_PERIOD, 1, NULL, NULL},
    {F_PAYEE, 1, NULL, NULL}, {F_DEAL, 0, NULL, NULL}, {F_COMPONENT, 0, NULL, NULL},
    {F_BOOKS, 0, NULL, NULL}, {F_PAID, 0, NULL, NULL}, {F_JOBS, 0, NULL, NULL}, END};
static const cmd_flag convert_flags[] = {
    {F_MAP, 1, NULL, NULL}, {F_FROM, 0, NULL, NULL},
    {F_PLAN, 0, NULL, "a plan to check the converted batch against, copied in as plan.xml"},
    {F_OUT, 1, NULL, NULL}, {F_FORCE, 0, NULL, NULL}, {F_JOBS, 0, NULL, NULL}, END};
static const cmd_flag diff_flags[] = {
    {F_PLAN, 1, "--plan OLD --plan NEW", "the old plan, then the new (a file, or a directory of "
                                          "plan versions)"},
    {F_IN, 0, NULL, NULL}, {FILE_FLAGS, 0, NULL, NULL}, {F_PERIOD, 1, NULL, NULL},
    {F_OUT, 1, NULL, NULL}, {F_FORCE, 0, NULL, NULL}, {F_JOBS, 0, NULL, NULL}, END};
static const cmd_flag scoreboard_flags[] = {
    {F_MODELS, 0, NULL, NULL}, {F_IN, 0, NULL, NULL}, {FILE_FLAGS, 0, NULL, NULL},
    {F_PERIOD, 1, NULL, "the period: the scoreboard is year to date through its last month"},
    {F_JOBS, 0, NULL, NULL}, END};
static const cmd_flag help_flags[] = {END};

static const cli_command commands[] = {
    {"run", NULL, NULL, 0, 0, "Computes one period's payouts and writes them, all at once: "
     "payouts.csv, credits.csv, statements, payroll.csv, the scoreboard and manifest.xml.",
     run_flags, cmd_run},
    {"check", NULL, NULL, 0, 0, "Validates a batch as run would, reporting every problem, and warns "
     "about a plan that is legal but probably wrong; writes nothing.", check_flags, cmd_check},
    {"close", "RUN_OUT", "the output directory of a run", 1, 1, "Closes the period of a run: checks its output against its "
     "manifest, then stores it in the books, in order, under a lock.", close_flags, cmd_close},
    {"books", "DIR", "the books directory", 1, 1, "Lists the closed periods of the books, with their totals, and "
     "whether each is still as it was closed.", books_flags, cmd_books},
    {"merge", "SHARD_OUT...", "the output directories of the shards", 1, (size_t)-1, "Joins the outputs of the shards of one run "
     "(--shard K/N) into what the unsharded run writes.", merge_flags, cmd_merge},
    {"verify", "OUT", "the output directory of a run", 1, 1, "Proves a run's output is what its inputs give: every input "
     "re-hashed, the run recomputed and compared byte for byte.", verify_flags, cmd_verify},
    {"explain", NULL, NULL, 0, 0, "Shows how a payee's payout came about: splits, attribution, each "
     "line's walk through the tiers, the rounding.", explain_flags, cmd_explain},
    {"convert", NULL, NULL, 0, 0, "Turns CRM exports into a batch by a mapping, checks it, and "
     "writes it.", convert_flags, cmd_convert},
    {"diff", NULL, NULL, 0, 0, "Runs a batch under an old and a new plan: what the change would "
     "have cost, and who gains or loses.", diff_flags, cmd_diff},
    {"scoreboard", NULL, NULL, 0, 0, "Prints the campaign scoreboard (scoreboard.csv) on stdout, "
     "or with --models every attribution model side by side.", scoreboard_flags,
     cmd_scoreboard},
    {"help", "[COMMAND]", "a command", 0, 1, "Prints the commands, or one command's flags.", help_flags,
     cmd_help},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

const cli_command *cli_find(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

const char *cli_name(const cli_command *c)
{
    return c->name;
}

/* ---- what a command takes ---------------------------------------------------------------- */

/* Does command c take flag f (directly, or in its file group)? */
static const cmd_flag *takes(const cli_command *c, int f)
{
    for (const cmd_flag *cf = c->flags; cf->flag >= 0; cf++) {
        if (cf->flag == f)
            return cf;
        if (cf->flag == FILE_FLAGS && f >= F_FIRST_FILE && f <= F_ADJUSTMENTS) {
            /* diff takes --plan on its own: its file group is the others */
            const cmd_flag *own = NULL;
            for (const cmd_flag *o = c->flags; o->flag >= 0; o++)
                if (o->flag == f)
                    own = o;
            return own ? own : cf;
        }
    }
    return NULL;
}

static const char *help_of(const cmd_flag *cf, int f)
{
    return cf && cf->help && cf->flag == f ? cf->help : flag_table[f].help;
}

/* ---- help ------------------------------------------------------------------------------- */

/* Appends a word to a synopsis, wrapping before column 78 with the continuation indent. */
typedef struct line {
    FILE *out;
    size_t col, indent;
} line;

static void word(line *l, const char *w)
{
    size_t n = strlen(w);
    if (l->col + 1 + n > 78 && l->col > l->indent) {
        fprintf(l->out, "\n%*s", (int)l->indent, "");
        l->col = l->indent;
    } else {
        fputc(' ', l->out);
        l->col++;
    }
    fputs(w, l->out);
    l->col += n;
}

/* "--name METAVAR", bracketed unless required. */
static void flag_word(line *l, const cmd_flag *cf)
{
    char buf[128];
    const flag_info *fi = &flag_table[cf->flag];
    if (cf->shown)
        snprintf(buf, sizeof buf, "%s", cf->shown);
    else if (fi->metavar)
        snprintf(buf, sizeof buf, cf->required ? "--%s %s" : "[--%s %s]", fi->name, fi->metavar);
    else
        snprintf(buf, sizeof buf, cf->required ? "--%s" : "[--%s]", fi->name);
    word(l, buf);
}

/* "truce run [--in DIR] [FILE FLAGS] --period P ..." wrapped, continuation lines indented. */
static void synopsis(FILE *out, const cli_command *c, const char *lead)
{
    fprintf(out, "%struce %s", lead, c->name);
    line l = {out, strlen(lead) + 6 + strlen(c->name), strlen(lead) + 8};
    if (c->positional && c->min_pos > 0)
        word(&l, c->positional);
    for (const cmd_flag *cf = c->flags; cf->flag >= 0; cf++) {
        if (cf->flag == FILE_FLAGS)
            word(&l, "[FILE FLAGS]");
        else
            flag_word(&l, cf);
    }
    if (c->positional && c->min_pos == 0)
        word(&l, c->positional);
    fputc('\n', out);
}

void cli_help_all(FILE *out)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        synopsis(out, &commands[i], i == 0 ? "usage: " : "       ");
    fputs("       truce --version\n"
          "FILE FLAGS: --plan F --roster F --deals F --touches F --campaigns F --splits F\n"
          "  --territories F --quotas F --fx F --events F --payments F --adjustments F\n"
          "  (each overrides the file of the same name in --in DIR)\n"
          "P, a period: YYYY-MM, YYYY-Qn (quarter), YYYY-Hn (half-year) or YYYY (year)\n"
          "truce help COMMAND (or truce COMMAND --help) explains a command and its flags;\n"
          "the full reference: man truce (or docs/cli.md)\n", out);
}

/* text, wrapped before column 78; lines after the first start at column `indent` (the first
   at `col`, where the caller left it). */
static void wrapped(FILE *out, const char *text, size_t col, size_t indent)
{
    line l = {out, col, indent};
    char w[256];
    for (const char *p = text; *p;) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        if (n == 0)
            break;
        snprintf(w, sizeof w, "%.*s", (int)(n < sizeof w ? n : sizeof w - 1), p);
        if (l.col == col && col == indent && p == text) {
            fputs(w, out);  /* the first word of a paragraph: no space before it */
            l.col += strlen(w);
        } else {
            word(&l, w);
        }
        p += n;
    }
    fputc('\n', out);
}

static void flag_help(FILE *out, int f, const cmd_flag *cf)
{
    const flag_info *fi = &flag_table[f];
    char head[64];
    snprintf(head, sizeof head, "--%s%s%s", fi->name, fi->metavar ? " " : "",
             fi->metavar ? fi->metavar : "");
    fprintf(out, "  %-18s", head);
    wrapped(out, help_of(cf, f), 20, 21);
}

void cli_help_command(FILE *out, const cli_command *c)
{
    synopsis(out, c, "usage: ");
    fputc('\n', out);
    wrapped(out, c->summary, 0, 0);
    int files = 0, any = 0;
    for (const cmd_flag *cf = c->flags; cf->flag >= 0; cf++) {
        if (!any++)
            fputs("\nflags:\n", out);
        if (cf->flag == FILE_FLAGS)
            files = 1;
        else
            flag_help(out, cf->flag, cf);
    }
    if (files) {
        fputs("\nfile flags (each overrides the file of the same name in --in DIR):\n", out);
        for (int f = F_FIRST_FILE; f <= F_ADJUSTMENTS; f++)
            if (takes(c, f) && takes(c, f)->flag == FILE_FLAGS)
                flag_help(out, f, NULL);
    }
    fputs("\nFlags take their value as --flag VALUE or --flag=VALUE, and may be shortened\n"
          "to any unambiguous prefix; -- ends the flags.  The full reference: man truce.\n",
          out);
}

/* ---- parsing ------------------------------------------------------------------------------ */

int cli_usage(const cli_command *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("truce: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\ntry 'truce help %s'\n", c->name);
    return EXIT_USAGE;
}

/* May flag f be given more than once here? */
static int repeatable(const cli_command *c, int f)
{
    return f == F_PLAN && (strcmp(c->name, "run") == 0 || strcmp(c->name, "check") == 0 ||
                           strcmp(c->name, "explain") == 0 || strcmp(c->name, "scoreboard") == 0 ||
                           strcmp(c->name, "diff") == 0);
}

/* An argument getopt_long refused: ambiguous (it starts several of the command's flags, which
   are named) or unknown. */
static int unknown_flag(const cli_command *c, const char *arg, const struct option *opts,
                        size_t n)
{
    const char *name = arg + (strncmp(arg, "--", 2) == 0 ? 2 : 0);
    size_t len = strcspn(name, "=");
    char fits[256] = "";
    size_t matches = 0;
    for (size_t i = 0; i < n && len > 0; i++)
        if (strncmp(opts[i].name, name, len) == 0) {
            size_t at = strlen(fits);
            snprintf(fits + at, sizeof fits - at, "%s--%s", matches++ ? ", " : "", opts[i].name);
        }
    if (matches > 1)
        return cli_usage(c, "ambiguous flag '%s': %s?", arg, fits);
    return cli_usage(c, "unknown flag '%s' (truce %s does not take it)", arg, c->name);
}

int cli_parse(const cli_command *c, int argc, char **argv, cli_args *a)
{
    memset(a, 0, sizeof *a);
    a->positional = calloc((size_t)argc + 1, sizeof *a->positional);
    a->recorded = calloc((size_t)argc + 1, sizeof *a->recorded);
    struct option *opts = calloc(F_COUNT + 1, sizeof *opts);
    if (!a->positional || !a->recorded || !opts)
        abort();
    size_t n = 0;
    for (int f = 0; f < F_COUNT; f++)
        if (f == F_HELP || takes(c, f))
            opts[n++] = (struct option){flag_table[f].name,
                                        flag_table[f].metavar ? required_argument : no_argument,
                                        NULL, 1000 + f};
    a->recorded[a->nrecorded++] = argv[1];
    int status = 0;
    opterr = 0;
    optind = 2;
    for (;;) {
        int start = optind;
        int got = getopt_long(argc, argv, ":", opts, NULL);
        if (got == -1)
            break;
        if (got == '?') {
            status = unknown_flag(c, argv[optind - 1], opts, n);
            break;
        }
        if (got == ':') {
            status = cli_usage(c, "flag '%s' needs a value", argv[optind - 1]);
            break;
        }
        int f = got - 1000;
        if (f == F_HELP) {
            cli_help_command(stdout, c);
            status = -1;
            break;
        }
        if (a->given[f] && !repeatable(c, f)) {
            status = cli_usage(c, "flag --%s given twice", flag_table[f].name);
            break;
        }
        if (a->given[f] == CLI_MAX_REPEAT) {
            status = cli_usage(c, "flag --%s given more than %d times", flag_table[f].name,
                               CLI_MAX_REPEAT);
            break;
        }
        const char *v = flag_table[f].metavar ? optarg : "";
        if (flag_table[f].metavar && !*v) {
            status = cli_usage(c, "flag '%s' needs a value", argv[optind - 1]);
            break;
        }
        a->values[f][a->given[f]++] = v;
        a->value[f] = v;
        if (!flag_table[f].neutral)
            for (int i = start; i < optind; i++)
                a->recorded[a->nrecorded++] = argv[i];
    }
    for (int i = optind; status == 0 && i < argc; i++) {
        a->positional[a->npositional++] = argv[i];
        a->recorded[a->nrecorded++] = argv[i];
    }
    if (status == 0 && (a->npositional < c->min_pos || a->npositional > c->max_pos)) {
        if (a->npositional > c->max_pos)
            status = cli_usage(c, "%s takes %s (%s), not '%s' too", c->name, c->positional_is,
                               c->positional, a->positional[c->max_pos]);
        else
            status = cli_usage(c, "%s needs %s (%s)", c->name, c->positional_is, c->positional);
    }
    free(opts);
    return status;
}

void cli_args_free(cli_args *a)
{
    free(a->positional);
    free(a->recorded);
    memset(a, 0, sizeof *a);
}

int cli_require(const cli_command *c, const cli_args *a, cli_flag f)
{
    if (a->given[f])
        return 0;
    const flag_info *fi = &flag_table[f];
    const cmd_flag *cf = takes(c, f);
    if (cf && cf->shown)
        return cli_usage(c, "%s needs %s", c->name, cf->shown);
    return cli_usage(c, "%s needs --%s%s%s", c->name, fi->name, fi->metavar ? " " : "",
                     fi->metavar ? fi->metavar : "");
}

int cli_dispatch(const cli_command *c, int argc, char **argv)
{
    cli_args a;
    int status = cli_parse(c, argc, argv, &a);
    if (status == 0)
        status = c->run(&a);
    else if (status < 0)
        status = 0;  /* --help */
    cli_args_free(&a);
    return status;
}
