/* The event date: the first date written in the report, read into year
 * (when written), month and day, and the rule that gives a year-less date
 * its year from the day the report was published or posted. */
#include <stdlib.h>

#include "segment/seg_internal.h"

int seg_days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

    if (month < 1 || month > 12)
        return 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil), so that dates across a year's end compare by
 * subtraction. */
static long day_number(int year, int month, int day)
{
    long y = year - (month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    return era * 146097 + doe - 719468;
}

int seg_date_year(int month, int day, int ref_year, int ref_month, int ref_day)
{
    long latest = day_number(ref_year, ref_month, ref_day) + SEG_DATE_AHEAD_DAYS;
    int year = ref_year + 1;        /* 1月3日 announced on 12-29 is next year's */

    if (seg_days_in_month(2000, month) < day || day < 1 ||
        seg_days_in_month(ref_year, ref_month) < ref_day || ref_day < 1)
        return 0;
    while (day_number(year, month, day) > latest)
        year--;
    return day <= seg_days_in_month(year, month) ? year : 0;
}

/* ---- reading the date in the text ---- */

struct found_date {
    uint32_t b, e;
    int year, month, day;
};

static bool arabic_at(const struct seg_doc *d, uint32_t i)
{
    return i < d->v.n && d->v.sh[i] >= '0' && d->v.sh[i] <= '9';
}

/* The value of 〇/零 and 一..九, or -1. */
static int han_digit(uint32_t c)
{
    static const char32_t digits[] = U"〇一二三四五六七八九";

    if (c == U'零')
        return 0;
    for (int k = 0; k < 10; k++)
        if ((uint32_t)digits[k] == c)
            return k;
    return -1;
}

/* A day or month number of one or two Arabic digits, or written in Han
 * numerals (三, 十一, 二十三, 三十一), starting at i: its value (0 when none)
 * and its length in *len. Never a number that goes on (123, 二百). */
static int number_at(const struct seg_doc *d, uint32_t i, uint32_t *len)
{
    const uint32_t *sh = d->v.sh;
    uint32_t j = i;
    int v = 0;

    *len = 0;
    if (arabic_at(d, j)) {
        while (arabic_at(d, j) && j - i < 3)
            v = v * 10 + (int)(sh[j++] - '0');
        if (j - i > 2)
            return 0;
    } else {
        int tens = 0, units = 0;

        if (j < d->v.n && han_digit(sh[j]) > 0 && j + 1 < d->v.n && sh[j + 1] == U'十')
            tens = han_digit(sh[j]), j += 2;
        else if (j < d->v.n && sh[j] == U'十')
            tens = 1, j++;
        if (j < d->v.n && han_digit(sh[j]) > 0)
            units = han_digit(sh[j++]);
        if (j < d->v.n && (han_digit(sh[j]) >= 0 || sh[j] == U'十' || sh[j] == U'百'))
            return 0;
        v = tens * 10 + units;
    }
    *len = j - i;
    return v;
}

/* A year of four digits, Arabic or Han (二〇二三), ending just before the
 * 年 at y: its value, or 0. */
static int year_before(const struct seg_doc *d, uint32_t y, uint32_t *b)
{
    int v = 0;

    if (y < 4)
        return 0;
    for (uint32_t j = y - 4; j < y; j++) {
        int digit = arabic_at(d, j) ? (int)(d->v.sh[j] - '0') : han_digit(d->v.sh[j]);

        if (digit < 0)
            return 0;
        v = v * 10 + digit;
    }
    if (y > 4 && (arabic_at(d, y - 5) || han_digit(d->v.sh[y - 5]) >= 0))
        return 0;
    *b = y - 4;
    return v >= 1000 ? v : 0;
}

/* [YYYY年]M月D日 (or 号) around the 月 at m, in Arabic or Han numerals. */
static bool chinese_date_at(const struct seg_doc *d, uint32_t m, struct found_date *f)
{
    uint32_t mb, len, dlen, yb;
    int month = 0, day;

    /* the month ends at m: try the longest number that does */
    for (mb = m >= 3 ? m - 3 : 0; mb < m && month == 0; mb++)
        if ((month = number_at(d, mb, &len)) != 0 && mb + len != m)
            month = 0;
    mb--;
    if (month < 1 || month > 12 || (mb > 0 && (arabic_at(d, mb - 1) || han_digit(d->v.sh[mb - 1]) >= 0)))
        return false;
    day = number_at(d, m + 1, &dlen);
    if (dlen == 0 || m + 1 + dlen >= d->v.n ||
        (d->v.sh[m + 1 + dlen] != U'日' && d->v.sh[m + 1 + dlen] != U'号') ||
        day < 1 || day > seg_days_in_month(2000, month))
        return false;
    *f = (struct found_date){mb, m + 2 + dlen, 0, month, day};
    if (mb > 0 && d->v.sh[mb - 1] == U'年' && (f->year = year_before(d, mb - 1, &yb)) != 0)
        f->b = yb;
    return true;
}

static bool is_letter(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A capitalised word from names (full, or its first three letters with an
 * optional full stop) at i: its index, with its length in *len; else -1. */
static int word_at(const struct seg_doc *d, uint32_t i, const char *const *names, int n,
                   uint32_t *len)
{
    const uint32_t *sh = d->v.sh;

    if (i > 0 && is_letter(sh[i - 1]))
        return -1;
    for (int k = 0; k < n; k++) {
        uint32_t j = 0;

        while (names[k][j] != '\0' && i + j < d->v.n && sh[i + j] == (unsigned char)names[k][j])
            j++;
        if (names[k][j] != '\0' && j != 3)
            continue;
        if (i + j < d->v.n && is_letter(sh[i + j]))
            continue;
        if (names[k][j] != '\0' && i + j < d->v.n && sh[i + j] == '.')
            j++;
        *len = j;
        return k;
    }
    return -1;
}

static const char *const months[] = {"January", "February", "March", "April", "May", "June",
                                     "July", "August", "September", "October", "November",
                                     "December"};
static const char *const weekdays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                       "Saturday", "Sunday"};

static uint32_t skip_spaces(const struct seg_doc *d, uint32_t i)
{
    while (i < d->v.n && d->v.sh[i] == ' ')
        i++;
    return i;
}

/* An English day number with an optional ordinal suffix (14, 14th) at i:
 * its value, with *end after it; 0 when none. */
static int english_day_at(const struct seg_doc *d, uint32_t i, uint32_t *end)
{
    static const char *const suffixes[] = {"st", "nd", "rd", "th"};
    uint32_t len;
    int day = arabic_at(d, i) ? number_at(d, i, &len) : 0;

    if (day == 0)
        return 0;
    i += len;
    for (size_t k = 0; k < 4; k++)
        if (i + 1 < d->v.n && d->v.sh[i] == (unsigned char)suffixes[k][0] &&
            d->v.sh[i + 1] == (unsigned char)suffixes[k][1]) {
            i += 2;
            break;
        }
    if (i < d->v.n && is_letter(d->v.sh[i]))
        return 0;
    *end = i;
    return day;
}

/* ", 2024" or " 2024" at i: the year, with *end after it; 0 when none. */
static int english_year_at(const struct seg_doc *d, uint32_t i, uint32_t *end)
{
    int year = 0;
    uint32_t j;

    if (i < d->v.n && d->v.sh[i] == U'，')
        i++;
    i = skip_spaces(d, i);
    for (j = i; arabic_at(d, j) && j - i < 5; j++)
        year = year * 10 + (int)(d->v.sh[j] - '0');
    if (j - i != 4 || year < 1000 || (j < d->v.n && is_letter(d->v.sh[j])))
        return 0;
    *end = j;
    return year;
}

/* Wednesday, 14 March [2024] or March 14[,] [2024] with the Month at i; a
 * weekday before the date belongs to it as written. */
static bool english_date_at(const struct seg_doc *d, uint32_t i, struct found_date *f)
{
    uint32_t len, wlen, e, ye, b = i, j;
    int month = word_at(d, i, months, 12, &len), day = 0, year;

    if (month < 0)
        return false;
    e = i + len;
    j = skip_spaces(d, e);
    if (j > e && (day = english_day_at(d, j, &e)) != 0) {
        /* March 14 */
    } else {
        /* 14 March: the day ends before the spaces that end before i */
        for (j = i; j > 0 && d->v.sh[j - 1] == ' '; j--)
            ;
        if (j >= 3 && is_letter(d->v.sh[j - 1]) && is_letter(d->v.sh[j - 2]) &&
            arabic_at(d, j - 3))
            j -= 2;     /* 1st, 14th: english_day_at reads the suffix again */
        b = j;
        while (b > 0 && j - b < 2 && arabic_at(d, b - 1))
            b--;
        if (j == i || b == j || (b > 0 && (arabic_at(d, b - 1) || is_letter(d->v.sh[b - 1]))) ||
            (day = english_day_at(d, b, &j)) == 0)
            return false;
        e = i + len;
    }
    if (day > seg_days_in_month(2000, month + 1))
        return false;
    *f = (struct found_date){b, e, 0, month + 1, day};
    if ((year = english_year_at(d, e, &ye)) != 0)
        f->year = year, f->e = ye;
    /* Wednesday[,] before it */
    for (j = b; j > 0 && (d->v.sh[j - 1] == ' ' || d->v.sh[j - 1] == U'，') && b - j < 3; j--)
        ;
    for (int w = 0; w < 7; w++) {
        size_t n = strlen(weekdays[w]);

        if (j >= n && j < b && word_at(d, j - (uint32_t)n, &weekdays[w], 1, &wlen) == 0 &&
            wlen == n)
            f->b = j - (uint32_t)n;
    }
    return true;
}

/* The earliest date written in the report, Chinese or English. A date
 * whose year does not give it a day (2023年2月29日) keeps its text but no
 * year. */
void seg_find_date(struct seg_doc *d)
{
    struct found_date best = {0}, f;
    bool found = false;

    for (uint32_t m = 0; m < d->v.n; m++) {
        m = seg_next_cp(d->v.sh, m, d->v.n, U'月');
        if (m < d->v.n && chinese_date_at(d, m, &f)) {
            best = f;
            found = true;
            break;
        }
    }
    for (uint32_t i = 0; i < (found ? best.b : d->v.n); i++) {
        i = seg_next_in_range(d->v.sh, i, found ? best.b : d->v.n, 'A', 'Z');
        if (i < (found ? best.b : d->v.n) && english_date_at(d, i, &f)) {
            best = f;
            found = true;
            break;
        }
    }
    if (!found)
        return;
    if (best.year != 0 && best.day > seg_days_in_month(best.year, best.month))
        best.year = 0;
    d->event.date = (struct seg_ispan){best.b, best.e};
    d->event.year = best.year;
    d->event.month = best.month;
    d->event.day = best.day;
}
