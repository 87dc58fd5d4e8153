/*
 * truce.h - libtruce: a compensation and commission engine with exact
 * arithmetic, behind one small API.
 *
 * Everything goes through a handle, a truce_run, whose fields are private:
 * callers set its inputs and options, run it, and read what it produced
 * through functions, so that the library can change inside without breaking
 * a program built against it (docs/embedding.md: what bumps the soname).
 *
 *     truce_run *r = truce_run_new();
 *     truce_set_dir(r, "fixtures/example");        // or truce_set_file / _buffer
 *     truce_set_period(r, "2027-Q1");
 *     if (truce_compute(r) == TRUCE_OK)
 *         for (size_t i = 0; i < truce_payout_count(r); i++) { truce_payout p; truce_payout_at(r, i, &p); ... }
 *     for (size_t i = 0; i < truce_diag_count(r); i++) { truce_diag d; truce_diag_at(r, i, &d); ... }
 *     truce_run_free(r);
 *
 * Conventions of every function here:
 * - A function that can fail returns a result code: TRUCE_OK, TRUCE_ERROR (an
 *   input is invalid or missing, or a check failed: the run's diagnostics say
 *   what, each located at file:line:col) or TRUCE_MISUSE (a call out of
 *   order, or an argument outside what the function takes).  truce_errmsg()
 *   gives the first error as one line.  The library never prints.
 * - Strings and buffers passed in are copied (or read during the call): the
 *   caller may free them once the call returns.
 * - A pointer returned (a diagnostic's text, a row's fields, a statement)
 *   is owned by the run and valid until the next call that changes the run
 *   (a truce_set_*, truce_compute, truce_write, a command, truce_diag_clear)
 *   or truce_run_free; copy what must live longer.
 * - Money is exact: amounts are decimal text ("5640.00", and credits as
 *   exact decimals or fractions: "100/3").  No float ever holds money.
 * - Allocation failure aborts the process (as GMP's allocator does), so no
 *   function returns an out-of-memory code.
 * - Separate truce_runs may be used from separate threads; one truce_run
 *   from one thread at a time (but truce_progress may be read from another).
 *   One process-wide effect: the first plan loaded installs a deny-all
 *   external entity loader in libxml2 (plans are hostile input).
 * - Compile with `pkg-config --cflags truce`, link with `--libs truce`.
 */
#ifndef TRUCE_H
#define TRUCE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Only what carries TRUCE_API is exported from libtruce.so; everything else is hidden. */
#ifndef TRUCE_API
#define TRUCE_API __attribute__((visibility("default")))
#endif

/* The engine's version: manifests record it, `truce --version` prints it. */
#define TRUCE_VERSION "0.3.0"

/* The version of the library a program runs against (TRUCE_VERSION of libtruce.so). */
TRUCE_API const char *truce_version(void);

/* Result codes. */
#define TRUCE_OK 0
#define TRUCE_ERROR 1   /* invalid or missing input, a failed check: see the diagnostics */
#define TRUCE_MISUSE 2  /* a call out of order, or an argument the function does not take */

typedef struct truce_run truce_run;

/* A new run with no inputs and default options (all cores, no period, no shard).  Never NULL.
   Free it with truce_run_free. */
TRUCE_API truce_run *truce_run_new(void);
/* Frees the run and everything it holds; every pointer it returned becomes invalid.  NULL: no-op. */
TRUCE_API void truce_run_free(truce_run *r);

/* ---- inputs -------------------------------------------------------------------------- */

/* The batch files.  Plan, roster and deals are required; the others optional. */
typedef enum truce_input {
    TRUCE_PLAN, TRUCE_ROSTER, TRUCE_DEALS, TRUCE_TOUCHES, TRUCE_CAMPAIGNS, TRUCE_SPLITS,
    TRUCE_TERRITORIES, TRUCE_QUOTAS, TRUCE_FX, TRUCE_EVENTS, TRUCE_PAYMENTS, TRUCE_ADJUSTMENTS,
    TRUCE_NINPUTS
} truce_input;

/* "plan", "roster", ... (the CLI's flag names); NULL for a value out of range.  Static. */
TRUCE_API const char *truce_input_name(truce_input kind);
/* "plan.xml", "roster.csv", ... (the names in a batch directory); NULL out of range.  Static. */
TRUCE_API const char *truce_input_file(truce_input kind);

/*
 * A batch directory: each input not set by truce_set_file is DIR/its file
 * name when present (roster and deals always: a missing one fails by name);
 * the plan is DIR/plans/ (every *.xml in it, sorted by name: plan versions)
 * or else DIR/plan.xml, and both present is an error.  Resolved when the run
 * is computed.  TRUCE_OK, or TRUCE_MISUSE (NULL).
 */
TRUCE_API int truce_set_dir(truce_run *r, const char *dir);
/*
 * Input `kind` from the file at path (it wins over truce_set_dir).  Setting
 * TRUCE_PLAN again adds a plan version (up to 12).  Diagnostics name the file
 * as given.  TRUCE_OK, or TRUCE_MISUSE (out of range, NULL, too many plans).
 */
TRUCE_API int truce_set_file(truce_run *r, truce_input kind, const char *path);
/*
 * Input `kind` held in memory: data[0..len) is copied; `name` is what
 * diagnostics and the manifest call it.  A run takes its inputs either from
 * files (truce_set_dir, truce_set_file) or from buffers, not both.
 * TRUCE_OK, or TRUCE_MISUSE.
 */
TRUCE_API int truce_set_buffer(truce_run *r, truce_input kind, const char *name, const void *data,
                               size_t len);

/* ---- options --------------------------------------------------------------------------- */

/*
 * A period's text ("2027-03", "2027-Q1", "2027-H2", "2027") as its year and
 * its first and last months (1..12).  TRUCE_OK, or TRUCE_MISUSE when text is
 * not a period (nothing is written then).
 */
TRUCE_API int truce_period_parse(const char *text, int *year, int *first, int *last);

/*
 * The period to report: "2027-03" (a month), "2027-Q1", "2027-H2" or "2027"
 * (the year).  Without one, truce_compute validates and credits only (what
 * `truce check` does).  TRUCE_OK, or TRUCE_MISUSE when text is not a period.
 */
TRUCE_API int truce_set_period(truce_run *r, const char *text);
/* Threads for crediting, earning and writing, 1..256; 0: one per online core (the default).
   Every output is the same for every value. */
TRUCE_API int truce_set_jobs(truce_run *r, int jobs);
/* Compute only the payees of shard k of n (FNV-1a of payee_id modulo n); n = 0: all. */
TRUCE_API int truce_set_shard(truce_run *r, unsigned k, unsigned n);
/*
 * A two-phase sharded run (docs/scale.md), which a scheduler runs as two
 * arrays of n tasks, k = 0..n-1 of each set with truce_set_shard:
 * phase 1, task k credits the deals whose deal_id hashes to k (FNV-1a modulo
 * n) and truce_write writes, for each payee shard, what it needs of them
 * (the partitions); phase 2, task k earns, pays and writes payee shard k
 * from the partitions of every task of phase 1, which truce_set_parts
 * names, into an output that `truce merge` (truce_merge) joins with the
 * others' into the unsharded run's, byte for byte.  Both phases take the
 * run's files (not buffers), its period and its options, the same in every
 * task; phase 2 refuses partitions that are missing, repeated, changed, or
 * another run's.
 */
typedef enum truce_phase {
    TRUCE_PHASE_ALL,     /* the whole run (the default) */
    TRUCE_PHASE_CREDIT,  /* phase 1: truce_compute credits deal shard k; truce_write writes its
                            partitions; no figures, rows or statements */
    TRUCE_PHASE_EARN     /* phase 2: payee shard k, from truce_set_parts' partitions */
} truce_phase;
TRUCE_API int truce_set_phase(truce_run *r, truce_phase phase);
/* Phase 2's partitions: the directory holding the output directory of every task of phase 1
   (each non-hidden entry must be one). */
TRUCE_API int truce_set_parts(truce_run *r, const char *dir);
/* Which payee statements truce_write writes (--statements): both files per payee by default;
   manifest.xml records any other choice, and truce_verify follows it. */
typedef enum truce_statements {
    TRUCE_STATEMENTS_ALL = 0,  /* statements/ID.txt and statements/ID.html */
    TRUCE_STATEMENTS_TEXT,     /* statements/ID.txt only */
    TRUCE_STATEMENTS_HTML,     /* statements/ID.html only */
    TRUCE_STATEMENTS_NONE      /* an empty statements/ */
} truce_statements;
/* TRUCE_OK, or TRUCE_MISUSE for a value not in the list. */
TRUCE_API int truce_set_statements(truce_run *r, truce_statements which);
/* The paid history: earlier payouts.csv files concatenated, for true-ups (NULL: none). */
TRUCE_API int truce_set_paid(truce_run *r, const char *path);
/* The books: the closed periods (truce_close_period) to true up against (NULL: none). */
TRUCE_API int truce_set_books(truce_run *r, const char *dir);
/* The command to record in manifest.xml (argv[0..argc), copied); none by default. */
TRUCE_API int truce_set_command(truce_run *r, int argc, const char *const *argv);
/* When *flag becomes non-zero (a signal handler sets it), writing stops at the next file and
   removes what it wrote.  The flag must outlive the run; NULL: never. */
TRUCE_API void truce_set_cancel(truce_run *r, const volatile sig_atomic_t *flag);

/* ---- running --------------------------------------------------------------------------- */

/*
 * Loads and validates the inputs (reporting every problem found, in every
 * file), credits every in-scope deal and computes every paid payee's
 * earnings and payouts for the whole plan year.  TRUCE_OK; TRUCE_ERROR when
 * anything was an error (warnings do not fail it); TRUCE_MISUSE when the
 * run was computed already.
 */
TRUCE_API int truce_compute(truce_run *r);
/*
 * Adds `truce check`'s warnings about a plan that is legal but probably
 * wrong (a split that can never apply, shares over 100%, a rate above
 * 100%, ...) to the diagnostics: the first `shown` of them, then one warning
 * counting the rest ((size_t)-1: all).  After a successful truce_compute.
 * Returns how many there were.
 */
TRUCE_API size_t truce_lint(truce_run *r, size_t shown);
/*
 * Writes the period's outputs into the directory `out`, all at once:
 * payouts.csv, credits.csv, payroll.csv, scoreboard.csv and .html,
 * statements/, ledger.csv (with pay mechanics), and manifest.xml last.  out
 * must be absent or empty; force replaces only a directory that truce wrote
 * (truce_check_out).  After a successful truce_compute with a period.
 * TRUCE_OK or TRUCE_ERROR (out is then as it was).
 */
TRUCE_API int truce_write(truce_run *r, const char *out, int force);
/*
 * May `out` receive this run's outputs?  Refused (TRUCE_MISUSE, with the
 * reason in the diagnostics): a file, a symbolic link, the current
 * directory or one holding it, a non-empty directory without force or one
 * that truce did not write (its manifest.xml lists every file in it), and a
 * directory that is, holds or lies inside one of the run's inputs (those set
 * so far, the paid file and the books included).  Also for the commands
 * below that write a directory.  TRUCE_OK when it may.
 */
TRUCE_API int truce_check_out(truce_run *r, const char *out, int force);

/* The counts a run keeps, for summaries (0 before the stage that sets them). */
typedef enum truce_count {
    TRUCE_COUNT_PAYEES,       /* roster rows */
    TRUCE_COUNT_DEALS,        /* deals.csv rows */
    TRUCE_COUNT_IN_SCOPE,     /* deals closing in the plan year */
    TRUCE_COUNT_STATEMENTS,   /* payees with a payout row (and a statement) */
    TRUCE_COUNT_CLOSED,       /* closed periods of the books trued up against */
    TRUCE_COUNT_INPUTS,       /* truce_verify: inputs whose hashes matched */
    TRUCE_COUNT_OUTPUTS,      /* truce_verify: outputs compared; truce_close_period: files stored */
    TRUCE_COUNT_UNTRUED       /* truce_close_period: earlier closed periods the run ignored */
} truce_count;
TRUCE_API size_t truce_count_of(const truce_run *r, truce_count what);

/* Wall-clock seconds of a stage of the last compute and write; never part of any output. */
typedef enum truce_stage { TRUCE_STAGE_READ, TRUCE_STAGE_CREDIT, TRUCE_STAGE_EARN, TRUCE_STAGE_WRITE }
    truce_stage;
TRUCE_API double truce_seconds(const truce_run *r, truce_stage stage);

/*
 * Where truce_compute or truce_write is, for a progress display: the stage
 * (0 none, then 1 reading, 2 crediting, 3 earning, 4 writing), what is done
 * of it and its total (0 when unknown).  Safe to call from another thread
 * while the run computes or writes.
 */
TRUCE_API void truce_progress(const truce_run *r, int *stage, uint64_t *done, uint64_t *total);

/* ---- the figures ------------------------------------------------------------------------ */

/* A row of payouts.csv: the period's payable amount of a payee's component. */
typedef struct truce_payout {
    const char *period;        /* "2027-03" */
    const char *payee_id, *role, *component_id;
    const char *amount;        /* in the currency's minor unit, as payouts.csv writes it */
} truce_payout;
/* Rows of payouts.csv of the run's period (shard), after a successful truce_compute with a
   period; 0 otherwise. */
TRUCE_API size_t truce_payout_count(const truce_run *r);
/* Row i (i < truce_payout_count) into *row: TRUCE_OK, or TRUCE_MISUSE. */
TRUCE_API int truce_payout_at(truce_run *r, size_t i, truce_payout *row);

/* A row of credits.csv: one credit of a deal closing in the period. */
typedef struct truce_credit {
    const char *deal_id, *close_date, *role;
    const char *campaign_id;   /* "" for a closer line */
    const char *payee_id;      /* "" when the credit went to nobody */
    const char *credit;        /* exact: "9600", "0.125", "100/3" */
} truce_credit;
TRUCE_API size_t truce_credit_count(const truce_run *r);
TRUCE_API int truce_credit_at(truce_run *r, size_t i, truce_credit *row);

/* The statements of the period: one per payee with a payout row, by payee_id. */
TRUCE_API size_t truce_statement_count(const truce_run *r);
/* Statement i: its payee_id and its text (statements/PAYEE.txt, len bytes); html non-zero: the
   HTML page instead.  TRUCE_OK, or TRUCE_MISUSE. */
TRUCE_API int truce_statement_at(truce_run *r, size_t i, int html, const char **payee_id,
                                 const char **text, size_t *len);

/* ---- diagnostics ----------------------------------------------------------------------- */

#define TRUCE_DIAG_ERROR 0
#define TRUCE_DIAG_WARNING 1

typedef struct truce_diag {
    int level;                 /* TRUCE_DIAG_ERROR or TRUCE_DIAG_WARNING */
    const char *file;          /* NULL when the problem has no file */
    long line, col;            /* 1-based; 0 when unknown */
    const char *message;
} truce_diag;

/* Diagnostics kept so far (the first 1000; the counts below go on). */
TRUCE_API size_t truce_diag_count(const truce_run *r);
TRUCE_API int truce_diag_at(const truce_run *r, size_t i, truce_diag *out);
/* Errors and warnings reported so far, all of them. */
TRUCE_API size_t truce_error_count(const truce_run *r);
TRUCE_API size_t truce_warning_count(const truce_run *r);
/* The first error as "file:line:col: message" (parts omitted when unknown), or "" if none. */
TRUCE_API const char *truce_errmsg(truce_run *r);
/* Forgets the diagnostics reported so far (a caller that printed them); the counts restart. */
TRUCE_API void truce_diag_clear(truce_run *r);
/* Reports a problem of the caller's own (a CLI's usage checks) with the run's. */
TRUCE_API void truce_diag_add(truce_run *r, int level, const char *file, long line, long col,
                              const char *message);

/* ---- the audit and designer commands --------------------------------------------------- */
/* Each uses the run's options and reports into its diagnostics; the text it produces (for a
   person) is read with truce_text. */

/* The last text a command produced (NUL-terminated; its length in *len when len is set); "" if
   none.  Owned by the run, as above. */
TRUCE_API const char *truce_text(const truce_run *r, size_t *len);

/*
 * `truce explain`: how payee_id's payout of the run's period came about,
 * for a person: the splits and attribution of its deals (only deal_id's,
 * when set), each line's walk through the tiers (only component_id's, when
 * set), the rounding and the payout.  After a successful truce_compute with a
 * period.  The text is truce_text's.  TRUCE_OK or TRUCE_ERROR.
 */
TRUCE_API int truce_explain(truce_run *r, const char *payee_id, const char *deal_id,
                            const char *component_id);
/*
 * `truce scoreboard`: scoreboard.csv year to date through the period's last
 * month, or with models, each campaign's attributed revenue under every
 * attribution model.  After a successful truce_compute with a period.  The
 * CSV is truce_text's.
 */
TRUCE_API int truce_scoreboard(truce_run *r, int models);
/*
 * `truce verify`: is the output directory `out` what its inputs give?  Its
 * manifest's inputs are re-hashed (found at their recorded paths, or in
 * in_dir when set; closed periods in books_dir when set) and the run is
 * computed again and compared byte for byte.  Counts TRUCE_COUNT_INPUTS and
 * _OUTPUTS; the engine version that wrote it is truce_text's.  Uses the
 * run's jobs; its inputs and period are not read.  TRUCE_OK or TRUCE_ERROR.
 */
TRUCE_API int truce_verify(truce_run *r, const char *out, const char *in_dir,
                           const char *books_dir);
/*
 * `truce merge`: joins the output directories of the n shards of one run
 * into `out`, byte for byte what the unsharded run writes.  force as for
 * truce_write; an out that may not be written (truce_check_out, with the
 * shards' directories as the inputs) is TRUCE_MISUSE.  TRUCE_OK or
 * TRUCE_ERROR.
 */
TRUCE_API int truce_merge(truce_run *r, const char *out, const char *const *dirs, size_t n,
                          int force);
/*
 * `truce diff`: the batch of `old` under its plan and under new_'s, both
 * computed (with the same period) by the caller, compared: diff.csv,
 * diff.html and a manifest into `out` (force as for truce_write), and the
 * summary (cost under each plan, gainers and losers, the first line and rule
 * behind each change) as old's truce_text.  Diagnostics go to old.
 * TRUCE_OK, TRUCE_ERROR (different years or currencies, a period outside
 * the year), or TRUCE_MISUSE (out refused by truce_check_out of either run).
 */
TRUCE_API int truce_diff(truce_run *old, truce_run *new_, const char *out, int force);
/*
 * `truce convert`: CRM exports in directory `from` turned into a batch by
 * the mapping file `map` (docs/mapping.md), checked as truce_compute would
 * (with `plan`, when set, copied in as plan.xml), each problem located in
 * the export's own file and line, then written to `out` with a manifest
 * (force as for truce_write; an out refused by truce_check_out, with map,
 * from and plan as the inputs, is TRUCE_MISUSE).  The summary of the files
 * written is truce_text's.  TRUCE_OK or TRUCE_ERROR.
 */
TRUCE_API int truce_convert(truce_run *r, const char *map, const char *from, const char *plan,
                            const char *out, int force);
/*
 * `truce close`: checks the run output directory `run_dir` against its
 * manifest, then stores it in the books `books_dir` as the closed record of
 * its period (docs/cli.md has the rules).  Counts TRUCE_COUNT_OUTPUTS (files
 * stored) and TRUCE_COUNT_UNTRUED (earlier closed periods of the year the run
 * did not true up against: a warning says so); truce_text is the line
 * "closed PERIOD (plan ID): N files stored in DIR".  TRUCE_OK or TRUCE_ERROR
 * (the books unchanged).
 */
TRUCE_API int truce_close_period(truce_run *r, const char *run_dir, const char *books_dir);
/*
 * `truce books`: the closed periods of `books_dir`, a line each (period,
 * plan, currency, payees, total payable, intact or changed), as truce_text.
 * TRUCE_ERROR when the books cannot be read or a closed period changed.
 */
TRUCE_API int truce_books(truce_run *r, const char *books_dir);

#ifdef __cplusplus
}
#endif

#endif
