/* Typed access to query results and ownership of what stored objects hold. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "store/store_internal.h"

const char *store_col_text(const PGresult *res, int row, int col)
{
    return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

int64_t store_col_i64(const PGresult *res, int row, int col)
{
    const char *v = store_col_text(res, row, col);

    return v == NULL ? 0 : strtoll(v, NULL, 10);
}

uint32_t store_col_u32(const PGresult *res, int row, int col)
{
    int64_t v = store_col_i64(res, row, col);

    return v < 0 || v > UINT32_MAX ? 0 : (uint32_t)v;
}

double store_col_f64(const PGresult *res, int row, int col)
{
    const char *v = store_col_text(res, row, col);

    return v == NULL ? 0.0 : strtod(v, NULL);
}

const char *store_caseless_param(const char *folded)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)folded;
    utf8proc_int32_t c;
    utf8proc_ssize_t n;

    while (p != NULL && *p != '\0') {
        if ((n = utf8proc_iterate(p, -1, &c)) <= 0)
            return "f";             /* unreadable: let ILIKE decide */
        if (utf8proc_tolower(c) != c || utf8proc_toupper(c) != c)
            return "f";
        p += n;
    }
    return "t";
}

bool store_hold_result(struct stored_hold *hold, PGresult *res)
{
    for (size_t i = 0; i < STORED_HOLD_MAX; i++) {
        if (hold->results[i] == NULL) {
            hold->results[i] = res;
            return true;
        }
    }
    PQclear(res);
    return false;
}

void *store_hold_array(struct stored_hold *hold, size_t n, size_t size)
{
    void *a;

    if (n == 0)
        return NULL;
    for (size_t i = 0; i < STORED_HOLD_MAX; i++) {
        if (hold->arrays[i] == NULL) {
            a = calloc(n, size);
            hold->arrays[i] = a;
            return a;
        }
    }
    return NULL;
}

bool store_hold_results(struct stored_hold *hold, PGresult *const *res, size_t n)
{
    bool held = true;

    for (size_t i = 0; i < n; i++)
        if (res[i] != NULL)
            held = store_hold_result(hold, res[i]) && held;
    return held;
}

size_t store_rows(const PGresult *res)
{
    return res != NULL ? (size_t)PQntuples(res) : 0;
}

void *store_read_rows(const PGresult *res, size_t n, struct stored_hold *hold, size_t size,
                      store_row_fn read, const void *cls)
{
    char *items = store_hold_array(hold, n, size);

    for (size_t i = 0; items != NULL && i < n; i++)
        read(res, (int)i, items + i * size, cls);
    return items;
}

void *store_list_run(struct store *st, const struct store_list *list, struct stored_hold *hold,
                     size_t *n, bool *more, struct store_after *next, enum store_qs *qs)
{
    PGresult *res = NULL;
    size_t rows;
    void *items;

    memset(next, 0, sizeof *next);
    *n = 0;
    *more = false;
    if ((*qs = store_exec(st, list->stmt, list->nparams, list->params, &res)) <= 0)
        return NULL;
    rows = (size_t)PQntuples(res);
    *more = rows > list->limit;
    *n = *more ? list->limit : rows;
    if (!store_hold_result(hold, res) ||
        (items = store_read_rows(res, *n, hold, list->item_size, list->read_item, list->cls)) ==
            NULL) {
        *qs = STORE_HARD_ERROR;
        return NULL;
    }
    if (*more) {
        list->read_next(res, (int)*n - 1, next, list->cls);
        next->set = true;
    }
    return items;
}

bool store_search_fold(struct store_search *s, const char *q, const char *speaker_name)
{
    s->q = store_fold(q);
    s->speaker = store_fold(speaker_name);
    return (q == NULL || s->q != NULL) && (speaker_name == NULL || s->speaker != NULL);
}

void store_search_clear(struct store_search *s)
{
    free(s->q);
    free(s->speaker);
    memset(s, 0, sizeof *s);
}

enum store_qs store_total(struct store *st, enum store_stmt_id id, int nparams,
                          const char *const *params, int64_t *total)
{
    PGresult *res = NULL;
    enum store_qs qs = store_exec(st, id, nparams, params, &res);

    if (qs > 0) {
        *total = store_col_i64(res, 0, STORE_SOLE_COLUMN);
        PQclear(res);
    }
    return qs;
}

void stored_hold_clear(struct stored_hold *hold)
{
    if (hold == NULL)
        return;
    for (size_t i = 0; i < STORED_HOLD_MAX; i++) {
        PQclear(hold->results[i]);
        free(hold->arrays[i]);
    }
    memset(hold, 0, sizeof *hold);
}

const char *store_i64_param(char *buf, int64_t v)
{
    snprintf(buf, 24, "%" PRId64, v);
    return buf;
}

/* Grows a->text to hold n more bytes and the closing "}" and NUL. */
static bool array_reserve(struct store_array *a, size_t n)
{
    char *grown;
    size_t cap;

    if (a->failed)
        return false;
    if (a->len + n + 2 <= a->cap)
        return true;
    cap = (a->len + n + 2) * 2;
    if ((grown = realloc(a->text, cap)) == NULL) {
        a->failed = true;
        return false;
    }
    a->text = grown;
    a->cap = cap;
    return true;
}

void store_array_add(struct store_array *a, const char *v, size_t len)
{
    /* Worst case: every byte escaped, two quotes and the separator. */
    if (!array_reserve(a, v != NULL ? 2 * len + 3 : 5))
        return;
    a->text[a->len++] = a->n++ == 0 ? '{' : ',';
    if (v == NULL) {
        memcpy(a->text + a->len, "NULL", 4);  /* unquoted: SQL NULL, not the word */
        a->len += 4;
        return;
    }
    a->text[a->len++] = '"';
    for (size_t i = 0; i < len; i++) {
        if (v[i] == '"' || v[i] == '\\')
            a->text[a->len++] = '\\';
        a->text[a->len++] = v[i];
    }
    a->text[a->len++] = '"';
}

void store_array_add_str(struct store_array *a, const char *v)
{
    store_array_add(a, v, v != NULL ? strlen(v) : 0);
}

void store_array_add_i64(struct store_array *a, int64_t v)
{
    char buf[24];

    store_array_add_str(a, store_i64_param(buf, v));
}

char *store_array_close(struct store_array *a)
{
    char *text;

    if (!array_reserve(a, 1)) {
        free(a->text);
        memset(a, 0, sizeof *a);
        return NULL;
    }
    if (a->n == 0)
        a->text[a->len++] = '{';
    a->text[a->len++] = '}';
    a->text[a->len] = '\0';
    text = a->text;
    memset(a, 0, sizeof *a);
    return text;
}
