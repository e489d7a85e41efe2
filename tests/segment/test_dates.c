/* The event date: the forms the segmenter reads into a calendar day, the
 * ones it must not, and the year a year-less date is given. */
#include <string.h>

#include "case_util.h"

struct date_case {
    const char *text;
    const char *date;           /* event.date as written, NULL: no date */
    int year, month, day;
};

static const struct date_case cases[] = {
    /* Chinese datelines, with and without the year */
    {"南开新闻网讯（记者 王明）12月29日，我校举办研讨会。", "12月29日", 0, 12, 29},
    {"2023年11月23日上午，论坛在北京举行。", "2023年11月23日", 2023, 11, 23},
    {"本报讯 2024年1月5日，座谈会召开。", "2024年1月5日", 2024, 1, 5},
    {"１２月２９日，会议召开。", "１２月２９日", 0, 12, 29},
    {"２０２３年１１月２３日，会议召开。", "２０２３年１１月２３日", 2023, 11, 23},
    {"二〇二三年十一月二十三日，会议召开。", "二〇二三年十一月二十三日", 2023, 11, 23},
    {"十二月十九日，会议召开。", "十二月十九日", 0, 12, 19},
    {"三月五日，会议召开。", "三月五日", 0, 3, 5},
    {"会议于3月15号举行。", "3月15号", 0, 3, 15},
    {"二〇二四年二月二十九日，会议召开。", "二〇二四年二月二十九日", 2024, 2, 29},
    /* the first date is the dateline, later ones are not */
    {"9月8日，研讨会举行。会议回顾了2019年5月1日的决定。", "9月8日", 0, 9, 8},
    /* a year in which the day does not exist: the text stays, the year goes */
    {"2023年2月29日，会议召开。", "2023年2月29日", 0, 2, 29},
    /* English */
    {"On Wednesday 14 March, the forum met.", "Wednesday 14 March", 0, 3, 14},
    {"Tuesday, 20 June 2017\nThe committee met.", "Tuesday, 20 June 2017", 2017, 6, 20},
    {"The forum met on March 14, 2024 in Paris.", "March 14, 2024", 2024, 3, 14},
    {"Speakers gathered on 14 March 2024.", "14 March 2024", 2024, 3, 14},
    {"The panel convened on Sept. 3 with guests.", NULL, 0, 0, 0},
    {"The panel convened on Sep. 3 with guests.", "Sep. 3", 0, 9, 3},
    {"It opened on 1st December 2015.", "1st December 2015", 2015, 12, 1},
    /* numbers that are no dates */
    {"会议持续3个月，共12个日程。", NULL, 0, 0, 0},
    {"13月45日不是日期。", NULL, 0, 0, 0},
    {"2月30日不是日期。", NULL, 0, 0, 0},
    {"Revenue rose in March 2024 by 5 percent.", NULL, 0, 0, 0},
    {"Members may 5 times object.", NULL, 0, 0, 0},
    {"Marching 14 bands played.", NULL, 0, 0, 0},
    {"共有123月份的数据。", NULL, 0, 0, 0},
};

static void check_case(const struct date_case *c)
{
    struct seg_error err;
    struct seg_result *r = seg_segment(c->text, strlen(c->text), &err);

    if (r == NULL) {
        case_fail(__FILE__, __LINE__, "%s: %s", c->text, err.message);
        return;
    }
    if (c->date == NULL) {
        if (r->event.date != NULL || r->event.date_month != 0)
            case_fail(__FILE__, __LINE__, "%s: found date \"%s\"", c->text, r->event.date);
    } else {
        if (r->event.date == NULL || strcmp(r->event.date, c->date) != 0)
            case_fail(__FILE__, __LINE__, "%s: date \"%s\", want \"%s\"", c->text,
                      r->event.date ? r->event.date : "(null)", c->date);
        if (r->event.date_year != c->year || r->event.date_month != c->month ||
            r->event.date_day != c->day)
            case_fail(__FILE__, __LINE__, "%s: read %d-%d-%d, want %d-%d-%d", c->text,
                      r->event.date_year, r->event.date_month, r->event.date_day, c->year,
                      c->month, c->day);
    }
    seg_result_free(r);
}

/* The dateline of each text, read or refused. */
static void case_datelines(void)
{
    for (size_t i = 0; i < N_OF(cases); i++)
        check_case(&cases[i]);
}

struct year_case {
    int month, day, ref_year, ref_month, ref_day, year;
};

static const struct year_case years[] = {
    {12, 29, 2024, 1, 3, 2023},     /* published after New Year: last year's December */
    {1, 3, 2023, 12, 29, 2024},     /* announced before New Year, within the month ahead */
    {1, 28, 2023, 12, 29, 2024},    /* 30 days ahead: still ahead */
    {1, 29, 2023, 12, 29, 2023},    /* 31 days ahead: read as the year before */
    {12, 29, 2023, 12, 29, 2023},   /* the day itself */
    {6, 18, 2024, 6, 20, 2024},
    {11, 3, 2024, 3, 1, 2023},      /* months before the publication's month */
    {2, 29, 2024, 3, 10, 2024},     /* a leap day in a leap year */
    {2, 29, 2025, 3, 10, 0},        /* and in a year without one */
    {2, 30, 2024, 3, 10, 0},        /* no such day in any year */
    {13, 1, 2024, 3, 10, 0},
    {3, 1, 2024, 2, 30, 0},         /* a reference that is no date */
};

/* The year a year-less date is given from the day it was published. */
static void case_years(void)
{
    for (size_t i = 0; i < N_OF(years); i++) {
        const struct year_case *y = &years[i];
        int got = seg_date_year(y->month, y->day, y->ref_year, y->ref_month, y->ref_day);

        if (got != y->year)
            case_fail(__FILE__, __LINE__, "%d-%d read on %d-%02d-%02d: year %d, want %d",
                      y->month, y->day, y->ref_year, y->ref_month, y->ref_day, got, y->year);
    }
}

static void case_days_in_month(void)
{
    CHECK(seg_days_in_month(2024, 2) == 29 && seg_days_in_month(2023, 2) == 28 &&
          seg_days_in_month(1900, 2) == 28 && seg_days_in_month(2000, 2) == 29 &&
          seg_days_in_month(2023, 0) == 0);
}

static const struct case_entry date_cases[] = {
    {"datelines", case_datelines},
    {"years", case_years},
    {"days_in_month", case_days_in_month},
};

CASE_MAIN(date_cases)
