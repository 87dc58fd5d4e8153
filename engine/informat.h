/*
 * informat.h - the input formats of CRM export columns, converted exactly
 * into the contract's formats.
 *
 * A CRM writes "$48,000.00", "03/15/2027" or "Moses Frase" where a Truce
 * batch wants 48000.00, 2027-03-15 and moses-frase.  Each conversion here is
 * text to text: digits are moved, never computed, so no amount goes through
 * a binary float and none can change.  A value that does not match its
 * declared format is refused with a reason, never guessed at.
 */
#ifndef TRUCE_INFORMAT_H
#define TRUCE_INFORMAT_H

#include "strbuf.h"

typedef enum {
    INFORMAT_TEXT,      /* "text": as is */
    INFORMAT_ID,        /* "id": trimmed, ASCII lower case, runs of spaces/tabs to one '-' */
    INFORMAT_DATE_YMD,  /* "YYYY-MM-DD" */
    INFORMAT_DATE_MDY,  /* "MM/DD/YYYY" (month and day may have one digit) */
    INFORMAT_DATE_DMY,  /* "DD.MM.YYYY" (day and month may have one digit) */
    INFORMAT_NUMBER     /* "number": marks and currency as below */
} informat_kind;

typedef struct informat {
    informat_kind kind;
    char decimal_mark;      /* number: '.' or ',' */
    char group_mark;        /* number: ',', '.', ' ', '\'' or 0 for none; never decimal_mark */
    const char *currency;   /* number: a sign allowed before or after ("$"), or NULL; borrowed */
} informat;

/* The kind written `name` in a mapping ("MM/DD/YYYY"): 0, or -1 if unknown. */
int informat_parse_kind(const char *name, informat_kind *out);
const char *informat_kind_name(informat_kind k);

/*
 * Appends s (NUL-terminated), converted by f, to out.  An empty s stays
 * empty (whether it may be empty is the batch's rule, not the format's).
 * Returns 0, or -1 with *why set to a static phrase saying what is wrong
 * ("is not a date (MM/DD/YYYY)"); out may then hold a partial value.
 *
 * Numbers: an optional '-' first (before or after a leading currency sign),
 * the currency sign before or after the number with at most one space
 * between, an integer part of digits either plain or in groups of three
 * split by group_mark (the first group 1 to 3 digits), then optionally
 * decimal_mark and one or more digits.  Written -?[0-9]+(\.[0-9]+)?, every
 * digit kept (so "$48,000.00" gives "48000.00").
 * Dates: a real Gregorian date with a four-digit year, written YYYY-MM-DD.
 */
int informat_convert(strbuf *out, const char *s, const informat *f, const char **why);

/*
 * Appends how f is declared in a mapping and a value written that way, for a
 * message about a value that is not: `format="number" decimal-mark=","
 * group-mark="." currency="€": e.g. 1.234,56 €`.
 */
void informat_describe(strbuf *out, const informat *f);

#endif
