/*
 * parts.h - the partitions of a two-phase sharded run (docs/scale.md): what
 * phase 1 (crediting deal shard K of N) hands to phase 2 (earning payee
 * shard J of N), written and read back.
 *
 * Phase 1's output directory holds, written atomically (outdir.h):
 *   TASK         "K/N": which task wrote it
 *   inputs.csv   name,path,size,sha256 of each input, in the run's record
 *                order; sha256 only for the inputs this task hashed (input i
 *                is hashed by task i mod N, so the batch is hashed once)
 *   part-J       for J = 0..N-1: everything payee shard J needs of this
 *                task's deals (below)
 *   manifest.xml the command, the period and every file above with its
 *                size and SHA-256, which phase 2 checks before reading
 *
 * part-J is text, a record a line; a record with bytes of a batch file ends
 * with its length, and exactly that many bytes follow it:
 *   truce-part 1 K N J
 *   head deals|events|payments LEN     the file's head (BOM, header), once each
 *   deal ROW LINE SPLIT LEN            a deal's record of deals.csv (ROW: its index
 *                                      among the file's records, LINE: where it starts)
 *     line PAYEE CAMPAIGN ROLE CREDIT  its credit lines of shard J's payees (and, in
 *                                      part-0, those of nobody), in credit_deal's order;
 *                                      indices in the roster and campaigns.csv, -1 none;
 *                                      CREDIT exact, "num/den" or "num"
 *     weight CAMPAIGN W                with closer lines of shard J: each campaign's
 *                                      attribution weight on the won deal (the scoreboard)
 *   event ROW LINE LEN                 events.csv and payments.csv records of the deals
 *   payment ROW LINE LEN               above, in file order
 *   campaign C TOUCHED WON ATTR REVENUE CREDIT  a campaign's scoreboard tallies over the
 *                                      task's deals, in the part of its owner's shard
 *   end
 * Deals, events and payments come in file order; phase 2 merges the tasks'
 * by ROW, so its batch is the original files' rows in their order.
 */
#ifndef TRUCE_PARTS_H
#define TRUCE_PARTS_H

#include <gmp.h>
#include <stddef.h>
#include <stdint.h>
#include "credit.h"
#include "diag.h"
#include "manifest.h"
#include "strbuf.h"

#define PARTS_TASK_FILE "TASK"
#define PARTS_INPUTS_FILE "inputs.csv"
#define PARTS_HEADER "truce-part 1"

/* The per-deal files a partition carries records of (the others phase 2 reads whole, or not). */
typedef enum { PART_DEALS, PART_EVENTS, PART_PAYMENTS, PART_FILES } part_file;

/* "part-J" into buf. */
void parts_file_name(char *buf, size_t size, unsigned j);

/* ---- writing (phase 1) ----------------------------------------------------------- */

void part_put_begin(strbuf *sb, unsigned k, unsigned n, unsigned j);
void part_put_head(strbuf *sb, part_file f, const char *bytes, size_t len);
void part_put_deal(strbuf *sb, uint32_t row, long line, long split_index, const char *bytes,
                   size_t len);
void part_put_line(strbuf *sb, const credit_line *l);
void part_put_weight(strbuf *sb, uint32_t ci, const mpq_t w);
/* An event or payment record. */
void part_put_row(strbuf *sb, part_file f, uint32_t row, long line, const char *bytes, size_t len);
void part_put_campaign(strbuf *sb, uint32_t ci, long touched, long won,
                       const mpq_t won_attr, const mpq_t revenue, const mpq_t credit);
void part_put_end(strbuf *sb);

/* ---- reading (phase 2) ----------------------------------------------------------- */

/* A record of a batch file, pointing into the partition read. */
typedef struct part_record {
    uint32_t row;
    long line;
    const char *bytes;
    size_t len;
} part_record;

/* A credit line as read: its credit is NUL-terminated text that mpq_set_str takes. */
typedef struct part_line {
    int32_t payee, campaign;
    credit_role role;
    const char *credit;
} part_line;

typedef struct part_weight {
    uint32_t campaign;
    const char *w;       /* NUL-terminated exact text */
} part_weight;

typedef struct part_deal {
    part_record rec;
    long split;
    size_t line0;        /* its lines: parts.lines[line0 .. line0 + nlines) */
    uint32_t nlines;
    size_t weight0;      /* its weights: parts.weights[weight0 .. weight0 + nweights) */
    uint32_t nweights;
} part_deal;

typedef struct part_tally {
    uint32_t campaign;
    long touched, won;
    const char *won_attr, *revenue, *credit;  /* NUL-terminated exact text */
} part_tally;

/* Payee shard j's partitions from every task of phase 1, checked and merged. */
typedef struct parts {
    unsigned j, n;
    char **text;                   /* each task's part-j, owned (NULs put in) */
    size_t ntext;
    int has[PART_FILES];           /* the run has the file (events, payments optional) */
    const char *head[PART_FILES];  /* each file's head */
    size_t head_len[PART_FILES];
    part_deal *deals;              /* by ROW: the shard's batch's deals, in order */
    size_t ndeals;
    part_record *rows[PART_FILES]; /* events, payments by ROW ([PART_DEALS] unused) */
    size_t nrows[PART_FILES];
    part_line *lines;
    size_t nlines;
    part_weight *weights;
    size_t nweights;
    part_tally *tallies;
    size_t ntallies;
    manifest inputs;               /* the run's inputs: path, size and the hash of phase 1 */
} parts;

/*
 * Reads payee shard j of n from the phase 1 outputs in dir (each
 * non-hidden entry one task's directory), checking that they are tasks 0..n-1
 * of this run, each once: written by this engine, for the command `command`
 * (the run's, as its manifest records it), whose inputs are `own` (names
 * and paths, as record.h lists them; sizes are compared with the files'
 * now), with every file as its directory's manifest lists it.  0, or -1
 * with each problem reported (p then holds nothing to free).
 */
int parts_open(parts *p, const char *dir, unsigned j, unsigned n, const manifest *own,
               const char *const *command, size_t ncommand, diag *d);
void parts_free(parts *p);

#endif
