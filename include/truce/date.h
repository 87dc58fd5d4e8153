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

#endif
