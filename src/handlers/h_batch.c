/* POST /reports:batch: NDJSON in, one report object per line (the JSON
 * body of POST /reports), NDJSON out with one line per report line, in
 * input order: {"line", "id", "created"} or {"line", "problem"}. Blank
 * lines are skipped and have no answer line; "line" counts them, so it is
 * the line number of the input.
 *
 * The server hands the lines over as they arrive (struct http_lines), and
 * they are stored a batch at a time in one transaction each, as `podium
 * import` does. Answer lines wait in a temporary file, so memory holds one
 * batch whatever the body's length; the file is streamed back at the end
 * (libmicrohttpd cannot answer while a body is still arriving). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "handlers/h_common.h"
#include "handlers/handlers.h"
#include "http/router.h"
#include "podium/enc.h"

#define BATCH_ITEMS 32
/* Text held before a batch is written, whatever the count. */
#define BATCH_TEXT_MAX ((size_t)4 << 20)
#define ACCEPTED_TYPES "application/x-ndjson, application/jsonl"

struct batch_line {
    unsigned long line;
    bool failed;
    struct h_report_input in;
    struct h_input_problem problem;
    struct store_report_prepared prepared;
};

struct batch_state {
    FILE *answers;
    unsigned long line;
    struct batch_line items[BATCH_ITEMS];
    size_t n, text_bytes;
    struct store_batch_item writes[BATCH_ITEMS];
    bool write_failed;              /* the answers file could not be written */
};

static void item_clear(struct batch_line *it)
{
    store_report_prepared_clear(&it->prepared);
    h_report_input_clear(&it->in);
    memset(it, 0, sizeof *it);
}

static void answer_line(struct batch_state *s, json_t *doc)
{
    char *text = doc != NULL ? json_dumps(doc, ENC_DUMP_FLAGS) : NULL;

    if (text == NULL || fprintf(s->answers, "%s\n", text) < 0)
        s->write_failed = true;
    free(text);
    json_decref(doc);
}

/* {"line", "problem"} with the problem document a single POST would get. */
static void answer_problem(struct batch_state *s, const struct http_request *rq,
                           unsigned long line, const struct batch_line *it, enum store_qs qs)
{
    struct http_reply problem = {0};

    if (it->failed)
        h_input_problem_reply(rq, &it->problem, &problem);
    else
        http_store_problem(rq, &problem, qs);
    answer_line(s, json_pack("{s:I, s:O}", "line", (json_int_t)line, "problem", problem.json));
    http_reply_clear(&problem);
}

/* Writes the pending lines in one transaction and answers each, in order. */
static void flush(struct batch_state *s, const struct http_request *rq)
{
    size_t n_writes = 0, w = 0;

    for (size_t i = 0; i < s->n; i++)
        if (!s->items[i].failed)
            s->writes[n_writes++] = (struct store_batch_item){.prepared = &s->items[i].prepared};
    store_report_insert_batch(rq->st, s->writes, n_writes);     /* each item says how it went */
    for (size_t i = 0; i < s->n; i++) {
        struct batch_line *it = &s->items[i];

        if (it->failed) {
            answer_problem(s, rq, it->line, it, STORE_ONE_RESULT);
        } else {
            const struct store_batch_item *r = &s->writes[w++];

            if (r->qs < 0)
                answer_problem(s, rq, it->line, it, r->qs);
            else
                answer_line(s, json_pack("{s:I, s:I, s:b}", "line", (json_int_t)it->line,
                                         "id", (json_int_t)r->id, "created", r->created));
        }
        item_clear(it);
    }
    s->n = 0;
    s->text_bytes = 0;
}

static void *batch_begin(const struct http_request *rq, struct http_reply *out)
{
    static const char *const allowed[] = {NULL};
    const char *ct = http_header(rq, "Content-Type");
    size_t n = ct != NULL ? strcspn(ct, "; \t") : 0;
    struct batch_state *s;

    if (!h_params_known(rq, allowed, out))
        return NULL;
    if (ct == NULL || !((n == 20 && strncasecmp(ct, "application/x-ndjson", n) == 0) ||
                        (n == 17 && strncasecmp(ct, "application/jsonl", n) == 0))) {
        http_problem(out, PODIUM_E_UNSUPPORTED_MEDIA_TYPE, rq->id,
                     "send one report object per line as application/x-ndjson");
        http_reply_header(out, "Accept-Post", ACCEPTED_TYPES);
        return NULL;
    }
    if ((s = calloc(1, sizeof *s)) == NULL || (s->answers = tmpfile()) == NULL) {
        free(s);
        http_problem(out, PODIUM_E_INTERNAL, rq->id, "no room for the answer");
        return NULL;
    }
    return s;
}

static void batch_line(void *state, const struct http_request *rq, const char *line, size_t len,
                       bool too_long)
{
    struct batch_state *s = state;
    struct batch_line *it = &s->items[s->n];
    bool blank = true;

    s->line++;
    if (len > 0 && line[len - 1] == '\r')
        len--;
    for (size_t i = 0; i < len && blank; i++)
        blank = line[i] == ' ' || line[i] == '\t';
    if (blank && !too_long)
        return;
    it->line = s->line;
    if (too_long) {
        it->failed = true;
        it->problem.code = PODIUM_E_BODY_TOO_LARGE;
        snprintf(it->problem.detail, sizeof it->problem.detail,
                 "the line exceeds %zu bytes (PODIUM_MAX_BODY)", rq->cfg->max_body);
    } else if (!h_report_json_parse(line, len, &it->in, &it->problem) ||
               !h_report_segment(&it->in, &it->problem)) {
        it->failed = true;
    } else if (!store_report_prepare(&it->prepared, &(struct store_report_in){
                   .text = it->in.text, .text_len = it->in.text_len, .seg = it->in.seg,
                   .title = it->in.title, .source = it->in.source, .url = it->in.url,
                   .published_at = it->in.published_at, .metadata_json = it->in.metadata_json})) {
        it->failed = true;
        it->problem.code = PODIUM_E_INTERNAL;
        snprintf(it->problem.detail, sizeof it->problem.detail, "out of memory");
    }
    s->n++;
    s->text_bytes += len;
    if (s->n == BATCH_ITEMS || s->text_bytes >= BATCH_TEXT_MAX)
        flush(s, rq);
}

static ssize_t answers_read(void *cls, char *buf, size_t max)
{
    FILE *f = cls;
    size_t n = fread(buf, 1, max, f);

    return n > 0 ? (ssize_t)n : ferror(f) ? -1 : 0;
}

static void answers_close(void *cls)
{
    fclose(cls);
}

static void batch_finish(void *state, const struct http_request *rq, struct http_reply *out)
{
    struct batch_state *s = state;

    flush(s, rq);
    if (s->write_failed || fflush(s->answers) != 0 || fseek(s->answers, 0, SEEK_SET) != 0) {
        http_problem(out, PODIUM_E_INTERNAL, rq->id, "the answer could not be kept");
        return;
    }
    http_reply_stream(out, 200, "application/x-ndjson; charset=utf-8",
                      (struct http_stream){answers_read, answers_close, s->answers});
    s->answers = NULL;
}

static void batch_free(void *state)
{
    struct batch_state *s = state;

    for (size_t i = 0; i < s->n; i++)
        item_clear(&s->items[i]);
    if (s->answers != NULL)
        fclose(s->answers);
    free(s);
}

const struct http_lines h_batch_lines = {batch_begin, batch_line, batch_finish, batch_free};

void h_batch(const struct http_request *rq, struct http_reply *out)
{
    http_lines_run(&h_batch_lines, rq, out);
}
