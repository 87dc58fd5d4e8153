/*
 * date.h - Gregorian calendar dates as day numbers.
 *
 * Dates are stored as days since 1970-01-01 (proleptic Gregorian), so that
 * ages and comparisons are integer arithmetic and no time zone is involved.
 */
#ifndef TRUCE_DATE_H
#define TRUCE_DATE_H

#include <stddef.h>
#include <stdint.h>

typedef int32_t day_t;

/* Parses exactly "YYYY-MM-DD" (len bytes, years 0001..9999), a real date. 0 ok, -1 not. */
int date_parse(const char *s, size_t len, day_t *out);
day_t date_from_ymd(int y, int m, int d);
void date_to_ymd(day_t day, int *y, int *m, int *d);
/* Writes "YYYY-MM-DD" and a NUL into buf (at least 11 bytes). */
void date_format(day_t day, char *buf);
int date_days_in_month(int y, int m);
/* Parses exactly "YYYY-MM". 0 ok, -1 not. */
int period_parse(const char *s, int *year, int *month);

/*
 * A reporting period: the months [first, last] (1..12) of one year, in one of
 * four forms, which `kind` records so that the text round-trips:
 *   PERIOD_MONTH    "2027-03"  first = last = 3
 *   PERIOD_QUARTER  "2027-Q1"  months 1..3 (Q2 4..6, Q3 7..9, Q4 10..12)
 *   PERIOD_HALF     "2027-H2"  months 7..12 (H1 1..6)
 *   PERIOD_YEAR     "2027"     months 1..12
 */
typedef enum period_kind { PERIOD_MONTH, PERIOD_QUARTER, PERIOD_HALF, PERIOD_YEAR } period_kind;

typedef struct period {
    int year, first, last;
    period_kind kind;
} period;

/* Longest period text and its NUL ("2027-03", "2027-Q1", "2027-H2", "2027"). */
#define PERIOD_TEXT_SIZE 8
/* The forms, as usage messages list them. */
#define PERIOD_FORMS "YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY"

/*
 * Parses exactly one of the four forms: YYYY a year 0001..9999, MM 01..12,
 * Q then 1..4, H then 1..2 (upper case; nothing before or after).  0 ok, -1 not.
 */
int period_parse_any(const char *s, period *out);
/* The period of months [first, last] of year, if it is one of the four forms (its kind
   deduced: 1..3 is a quarter, 1..6 a half, ...).  0 ok, -1 not (out untouched). */
int period_make(period *out, int year, int first, int last);
/* Writes the canonical text of p and a NUL into buf (at least PERIOD_TEXT_SIZE bytes). */
void period_format(const period *p, char *buf);
/* The kind's word for people: "month", "quarter", "half-year", "year". */
const char *period_word(const period *p);

#endif
