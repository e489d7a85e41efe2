/* api_plans DATABASE_URL WORD: prints the plan PostgreSQL uses for each list
 * and search statement of the API, one "statement: plan line" per line.
 * Each statement first runs several times with the same values, so the plan
 * cache has settled on a custom or generic plan, as in a long-running
 * server; then EXPLAIN EXECUTE shows the plan that would run now.
 * test_api.py (case explain) prepares the data and judges the plans. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

#define MAX_PARAMS 11
#define RUNS 8

struct probe {
    enum store_stmt_id stmt;
    int n;
    const char *params[MAX_PARAMS];
};

/* SQL literal of a test value (values come from this file and argv). */
static void append_literal(char *sql, size_t size, const char *v)
{
    size_t len = strlen(sql);

    if (v == NULL) {
        snprintf(sql + len, size - len, "NULL");
        return;
    }
    sql[len++] = '\'';
    for (; *v && len + 3 < size; v++) {
        if (*v == '\'')
            sql[len++] = '\'';
        sql[len++] = *v;
    }
    sql[len++] = '\'';
    sql[len] = '\0';
}

static int explain(struct store *st, const struct probe *p)
{
    char sql[1024];
    PGresult *res = NULL;

    for (int i = 0; i < RUNS; i++) {
        if (store_exec(st, p->stmt, p->n, p->params, &res) < 0) {
            fprintf(stderr, "%s failed: %s\n", store_stmt_name(p->stmt), store_error_message(st));
            return 1;
        }
        PQclear(res);
        res = NULL;
    }
    snprintf(sql, sizeof sql, "EXPLAIN EXECUTE %s(", store_stmt_name(p->stmt));
    for (int i = 0; i < p->n; i++) {
        if (i > 0)
            strncat(sql, ", ", sizeof sql - strlen(sql) - 1);
        append_literal(sql, sizeof sql, p->params[i]);
    }
    strncat(sql, ")", sizeof sql - strlen(sql) - 1);
    if (store_exec_sql(st, sql, 0, NULL, &res) <= 0) {
        fprintf(stderr, "%s: EXPLAIN failed: %s\n", store_stmt_name(p->stmt), store_error_message(st));
        return 1;
    }
    for (int r = 0; r < PQntuples(res); r++)
        printf("%s: %s\n", store_stmt_name(p->stmt), PQgetvalue(res, r, 0));
    PQclear(res);
    return 0;
}

int main(int argc, char **argv)
{
    char rec_word[64];
    const char *word;
    struct store *st;
    int failed = 0;

    if (argc != 3) {
        fprintf(stderr, "usage: api_plans DATABASE_URL WORD\n");
        return 2;
    }
    word = argv[2];
    snprintf(rec_word, sizeof rec_word, "建议%.4s", word);
    {
        const struct probe probes[] = {
            {STMT_REPORT_LIST_DATE_DESC, 10, {NULL, NULL, NULL, NULL, NULL, NULL, NULL, "21", "t", NULL}},
            {STMT_REPORT_LIST_DATE_DESC, 10, {word, NULL, NULL, NULL, NULL, NULL, NULL, "21", "f", NULL}},
            {STMT_REPORT_LIST_DATE_DESC, 10, {"研讨会在会议", NULL, NULL, NULL, NULL, NULL, NULL, "21", "t",
                                           NULL}},
            {STMT_REPORT_LIST_DATE_DESC, 10, {NULL, NULL, "人5", NULL, NULL, NULL, NULL, "21", "t", NULL}},
            {STMT_REPORT_LIST_DATE_DESC, 10, {NULL, "17", NULL, NULL, NULL, NULL, NULL, "21", "t", NULL}},
            {STMT_REPORT_LIST_DATE_DESC, 10, {NULL, NULL, NULL, "2020-06-01", "2020-07-01", NULL, NULL,
                                           "21", "t", NULL}},
            {STMT_REPORT_LIST_DATE_DESC, 10, {NULL, NULL, NULL, NULL, NULL, "18414", "3000", "21", "t",
                                           NULL}},
            {STMT_REPORT_LIST_DATE, 10, {NULL, NULL, NULL, "2020-06-01", NULL, "18414", "3000", "21",
                                      "t", NULL}},
            {STMT_REPORT_LIST_CREATED_DESC, 10, {NULL, NULL, NULL, NULL, NULL, "1590969600000000",
                                              "3000", "21", "t", NULL}},
            {STMT_REC_LIST, 11, {NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "21", "t"}},
            {STMT_REC_LIST, 11, {rec_word, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "21", "f"}},
            {STMT_REC_LIST, 11, {"建议研究", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "21", "t"}},
            {STMT_REC_LIST, 11, {NULL, NULL, "人7", NULL, NULL, NULL, NULL, NULL, NULL, "21", "t"}},
            {STMT_REC_LIST, 11, {NULL, NULL, NULL, "77", NULL, NULL, NULL, NULL, NULL, "21", "t"}},
            {STMT_REC_LIST, 11, {NULL, NULL, NULL, NULL, NULL, NULL, "18414", "3000", "9000", "21",
                              "t"}},
            {STMT_REC_LIST, 11, {NULL, NULL, NULL, NULL, "2020-03-01", "2020-03-08", NULL, NULL, NULL,
                              "21", "t"}},
            {STMT_REPORT_LIST_DATE_DESC, 10, {NULL, NULL, NULL, NULL, NULL, NULL, NULL, "21", "t",
                                           "zh-Hans"}},
            {STMT_REC_LIST_OLDEST, 11, {NULL, NULL, NULL, NULL, NULL, NULL, "18414", "3000", "9000",
                                     "21", "t"}},
            {STMT_SPEAKER_LIST_REPORTS, 7, {NULL, NULL, NULL, NULL, "21", NULL, NULL}},
            {STMT_SPEAKER_LIST_REPORTS, 7, {"人12", NULL, NULL, NULL, "21", NULL, NULL}},
            {STMT_SPEAKER_LIST_REPORTS, 7, {NULL, NULL, NULL, NULL, "21", "2020-03-01", "2020-03-08"}},
            {STMT_SPEAKER_LIST_REPORTS_ASC, 7, {NULL, NULL, "3", "100", "21", NULL, NULL}},
            {STMT_SPEAKER_LIST_NAME, 7, {NULL, NULL, "人5", "100", "21", NULL, NULL}},
            {STMT_SPEAKER_LIST_NAME_DESC, 7, {NULL, NULL, "人5", "100", "21", NULL, NULL}},
            {STMT_SPEAKER_LIST_LAST_SEEN, 7, {NULL, NULL, NULL, NULL, "21", NULL, NULL}},
            {STMT_SPEAKER_LIST_LAST_SEEN_ASC, 7, {NULL, NULL, NULL, NULL, "21", NULL, NULL}},
            {STMT_SPEAKER_LIST_REPORTS, 7, {NULL, "moderator", NULL, NULL, "21", NULL, NULL}},
            {STMT_REPORT_PEOPLE, 3, {"77", "2", "21"}},
        };

        if ((st = store_open(argv[1])) == NULL || !store_connected(st)) {
            fprintf(stderr, "cannot connect: %s\n", st ? store_error_message(st) : "out of memory");
            store_close(st);
            return 1;
        }
        for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++)
            failed |= explain(st, &probes[i]);
    }
    store_close(st);
    return failed;
}
