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

void *store_list_page(struct store *st, const char *name, int nparams, const char *const *params,
                      unsigned int limit, size_t size, struct stored_hold *hold, size_t *n,
                      bool *more, PGresult **res, enum store_qs *qs)
{
    size_t rows;
    void *items;

    if ((*qs = store_exec(st, name, nparams, params, res)) <= 0)
        return NULL;
    rows = (size_t)PQntuples(*res);
    *more = rows > limit;
    *n = *more ? limit : rows;
    if (!store_hold_result(hold, *res) || (items = store_hold_array(hold, *n, size)) == NULL) {
        *qs = STORE_HARD_ERROR;
        return NULL;
    }
    return items;
}

enum store_qs store_total(struct store *st, const char *name, int nparams,
                          const char *const *params, int64_t *total)
{
    PGresult *res = NULL;
    enum store_qs qs = store_exec(st, name, nparams, params, &res);

    if (qs > 0) {
        *total = store_col_i64(res, 0, 0);
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
