/*
 * date.c - Gregorian dates as day numbers, without time zones.
 *
 * days_from_civil / civil_from_days are Howard Hinnant's exact algorithms;
 * they need no tables and no libc time functions, so TZ cannot matter.
 */
#include "date.h"

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

day_t date_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (day_t)(era * 146097 + doe - 719468);
}

void date_to_ymd(day_t day, int *y, int *m, int *d)
{
    int z = day + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

int date_parse(const char *s, size_t len, day_t *out)
{
    int y, m, d;
    if (len != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    if (digits(s, 4, &y) || digits(s + 5, 2, &m) || digits(s + 8, 2, &d))
        return -1;
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > date_days_in_month(y, m))
        return -1;
    *out = date_from_ymd(y, m, d);
    return 0;
}

void date_format(day_t day, char *buf)
{
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    buf[0] = (char)('0' + y / 1000 % 10);
    buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10);
    buf[3] = (char)('0' + y % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + m / 10);
    buf[6] = (char)('0' + m % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + d / 10);
    buf[9] = (char)('0' + d % 10);
    buf[10] = '\0';
}

int period_parse(const char *s, int *year, int *month)
{
    int y, m;
    for (int i = 0; i < 7; i++)
        if (!s[i])
            return -1;
    if (s[7] != '\0' || s[4] != '-')
        return -1;
    if (digits(s, 4, &y) || digits(s + 5, 2, &m) || y < 1 || m < 1 || m > 12)
        return -1;
    *year = y;
    *month = m;
    return 0;
}

int period_parse_any(const char *s, period *out)
{
    int y, n;
    size_t len = 0;
    while (len < 8 && s[len])
        len++;
    if (len < 4 || digits(s, 4, &y) || y < 1)
        return -1;
    if (len == 4)
        return period_make(out, y, 1, 12);
    if (len != 7 || s[4] != '-')
        return -1;
    if (s[5] == 'Q' && s[6] >= '1' && s[6] <= '4') {
        n = s[6] - '0';
        return period_make(out, y, 3 * n - 2, 3 * n);
    }
    if (s[5] == 'H' && s[6] >= '1' && s[6] <= '2') {
        n = s[6] - '0';
        return period_make(out, y, 6 * n - 5, 6 * n);
    }
    if (digits(s + 5, 2, &n) || n < 1 || n > 12)
        return -1;
    return period_make(out, y, n, n);
}

int period_make(period *out, int year, int first, int last)
{
    period_kind kind;
    if (year < 1 || year > 9999 || first < 1 || last > 12 || first > last)
        return -1;
    if (first == last)
        kind = PERIOD_MONTH;
    else if (first == 1 && last == 12)
        kind = PERIOD_YEAR;
    else if (last - first == 5 && first % 6 == 1)
        kind = PERIOD_HALF;
    else if (last - first == 2 && first % 3 == 1)
        kind = PERIOD_QUARTER;
    else
        return -1;
    *out = (period){year, first, last, kind};
    return 0;
}

void period_format(const period *p, char *buf)
{
    int y = p->year;
    buf[0] = (char)('0' + y / 1000 % 10);
    buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10);
    buf[3] = (char)('0' + y % 10);
    buf[4] = '\0';
    if (p->kind == PERIOD_YEAR)
        return;
    buf[4] = '-';
    if (p->kind == PERIOD_MONTH) {
        buf[5] = (char)('0' + p->first / 10);
        buf[6] = (char)('0' + p->first % 10);
    } else if (p->kind == PERIOD_QUARTER) {
        buf[5] = 'Q';
        buf[6] = (char)('0' + (p->first + 2) / 3);
    } else {
        buf[5] = 'H';
        buf[6] = (char)('0' + (p->first + 5) / 6);
    }
    buf[7] = '\0';
}

const char *period_word(const period *p)
{
    static const char *const word[] = {"month", "quarter", "half-year", "year"};
    return word[p->kind];
}
