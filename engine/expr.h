/*
 * expr.h - the `when` language of contract section 3.5.
 *
 *   or     := and { 'or' and }
 *   and    := not { 'and' not }
 *   not    := 'not' not | cmp
 *   cmp    := sum [ ('='|'!='|'<'|'<='|'>'|'>=') sum | 'in' '(' literal { ',' literal } ')' ]
 *   sum    := term { ('+'|'-') term }
 *   term   := unary { ('*'|'/') unary }
 *   unary  := '-' unary | atom
 *   atom   := number | percent | 'string' | column | '(' or ')'
 *
 * An expression is compiled once when the plan loads (parse + type check),
 * bound once to the deals.csv header (column names to indices), then
 * evaluated for each deal with exact rational arithmetic.  A compiled
 * expression is immutable after binding, so threads may evaluate it at once.
 */
#ifndef TRUCE_EXPR_H
#define TRUCE_EXPR_H

#include <stddef.h>

typedef struct expr expr;

/* Longest expression source accepted, and deepest nesting of the parse tree. */
#define EXPR_MAX_LENGTH 4096
#define EXPR_MAX_DEPTH 64

/*
 * Compiles src (NUL-terminated).  On error returns NULL and writes a message
 * to err (errlen bytes, always NUL-terminated) and the 1-based character
 * position of the fault within src to *errcol (0 if none applies).
 * Errors: empty expression, syntax, unknown token, reserved word used as a
 * column, too long or too deep, and type errors (the whole expression or an
 * operand of and/or/not that is not a comparison or `in`; arithmetic on a
 * string; a string compared with anything but a column or a string literal;
 * an `in` list mixing strings and numbers).
 */
expr *expr_compile(const char *src, char *err, size_t errlen, int *errcol);

/* Number of distinct column names used, and the i-th (in order of first use). */
size_t expr_column_count(const expr *e);
const char *expr_column_name(const expr *e, size_t i);

/*
 * Resolves every column name against header[0..ncols).  Returns 0, or -1 with
 * "column 'x' is not in the deals header" (or similar) in err.
 */
int expr_bind(expr *e, const char *const *header, size_t ncols, char *err, size_t errlen);

/*
 * Evaluates a bound expression on one deal row (fields[i] is the value of
 * header column i).  A column's value is a number when it matches
 * -?[0-9]+(\.[0-9]+)?, else text.  Returns 1 (holds), 0 (does not), or -1 on
 * an evaluation error with a message in err naming the column and value
 * ("column 'amount' value 'abc' is not a number") or "division by zero".
 * Thread-safe: keeps no state between calls.
 */
int expr_eval(const expr *e, const char *const *fields, char *err, size_t errlen);

/* The source text the expression was compiled from. */
const char *expr_source(const expr *e);

void expr_free(expr *e);

#endif
