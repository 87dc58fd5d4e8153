/*
 * money.h - exact decimal numbers, rounding to a currency's minor unit, and
 * the two text forms Truce writes.
 *
 * Money is an mpq_t from the moment it is read to the moment it is rounded
 * for payment; no binary floating point is involved anywhere.  Parsing
 * accepts only the grammars of the contract and caps the number of digits,
 * so that a hostile file cannot ask GMP for unbounded memory.
 */
#ifndef TRUCE_MONEY_H
#define TRUCE_MONEY_H

#include <stddef.h>
#include <gmp.h>
#include "strbuf.h"

/* Most digits (integer part + fraction part, or numerator + denominator) in one number. */
#define MONEY_MAX_DIGITS 40

typedef enum {
    ROUND_HALF_UP,    /* "half-up": ties away from zero (the default) */
    ROUND_HALF_EVEN,  /* "half-even": ties to the even neighbour */
    ROUND_DOWN,       /* "down": toward zero */
    ROUND_UP          /* "up": away from zero */
} round_mode;

/* "half-up" etc. to a mode: 0 ok, -1 unknown name. */
int round_mode_parse(const char *name, round_mode *out);
const char *round_mode_name(round_mode m);

typedef enum {
    MONEY_OK = 0,
    MONEY_SYNTAX = -1,   /* not in the grammar */
    MONEY_TOO_LONG = -2  /* more than MONEY_MAX_DIGITS digits */
} money_status;

/*
 * Amount grammar of the batch files: -?[0-9]+(\.[0-9]+)?  exactly (no spaces,
 * no '+', no exponent).  Reads s[0..len).  out must be initialised.
 */
money_status money_parse_decimal(mpq_t out, const char *s, size_t len);

/* Which plan-number forms a caller accepts (contract section 3). */
#define PLAN_NUM_DECIMAL  1u  /* [0-9]+(\.[0-9]+)?        */
#define PLAN_NUM_PERCENT  2u  /* [0-9]+(\.[0-9]+)?%  = /100 */
#define PLAN_NUM_FRACTION 4u  /* [0-9]+/[0-9]+, denominator not zero */
#define PLAN_NUM_ANY (PLAN_NUM_DECIMAL | PLAN_NUM_PERCENT | PLAN_NUM_FRACTION)

/*
 * A non-negative plan number in one of the allowed forms (NUL-terminated).
 * *is_percent (may be NULL) is set when the percent form was used.
 */
money_status money_parse_plan_number(mpq_t out, const char *s, unsigned allow, int *is_percent);

/*
 * Rounds x to `scale` decimal places by mode; the result is an integer count
 * of minor units (x = 12.345, scale 2, half-up -> 1235).
 */
void money_round(mpz_t minor, const mpq_t x, unsigned scale, round_mode mode);

/* Appends minor units with exactly `scale` decimals: 123450,2 -> "1234.50"; -300,2 -> "-3.00"; JPY 1234,0 -> "1234". */
void money_format_minor(strbuf *sb, const mpz_t minor, unsigned scale);

/*
 * Appends the exact text of contract section 4: an integer ("9600"), else a
 * terminating decimal without trailing zeros ("0.125"), else a fraction in
 * lowest terms ("100/3"); a minus sign in front when negative.
 * x must be canonical.
 */
void money_format_exact(strbuf *sb, const mpq_t x);
/* 100 x x, written as money_format_exact writes it: a rate as a percentage, without the '%'. */
void money_format_percent(strbuf *sb, const mpq_t x);

/* ISO 4217 minor unit of an active currency code ("USD" -> 2, "JPY" -> 0, "KWD" -> 3); -1 if unknown. */
int currency_minor_unit(const char *code);

#endif
