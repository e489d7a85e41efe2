/* Handlers: thin (parse -> call store/segmenter -> encode). One file per
 * resource; each declares its handlers here and adds rows to routes.c. */
#ifndef PODIUM_HANDLERS_H
#define PODIUM_HANDLERS_H

#include "http/http.h"
#include "http/router.h"

struct h_cache;

/* routes.c: the application the server runs, its routes with cache (NULL:
 * none) as their state. */
struct http_app h_app(struct h_cache *cache);

/* h_ops.c */
void h_healthz(const struct http_request *rq, struct http_reply *out);
void h_readyz(const struct http_request *rq, struct http_reply *out);
void h_version(const struct http_request *rq, struct http_reply *out);
void h_metrics(const struct http_request *rq, struct http_reply *out);

/* h_reports.c */
void h_report_create(const struct http_request *rq, struct http_reply *out);
void h_report_list(const struct http_request *rq, struct http_reply *out);
void h_report_get(const struct http_request *rq, struct http_reply *out);
void h_report_delete(const struct http_request *rq, struct http_reply *out);
void h_report_speakers(const struct http_request *rq, struct http_reply *out);

/* h_recs.c */
void h_rec_list(const struct http_request *rq, struct http_reply *out);
void h_report_recs(const struct http_request *rq, struct http_reply *out);

/* h_speakers.c */
void h_speaker_list(const struct http_request *rq, struct http_reply *out);
void h_speaker_get(const struct http_request *rq, struct http_reply *out);

/* h_segment.c */
void h_segment(const struct http_request *rq, struct http_reply *out);

/* h_batch.c: POST /reports:batch, read a line at a time by the server */
struct http_lines;
extern const struct http_lines h_batch_lines;
void h_batch(const struct http_request *rq, struct http_reply *out);

/* h_export.c */
void h_export(const struct http_request *rq, struct http_reply *out);

/* h_openapi.c */
void h_openapi(const struct http_request *rq, struct http_reply *out);

/* h_problems.c */
void h_problem_page(const struct http_request *rq, struct http_reply *out);
/* The explanation on a problem's page; NULL for NONE or a code without one. */
const char *h_problem_explanation(enum podium_err e);

/* h_web.c */
void h_web_index(const struct http_request *rq, struct http_reply *out);
void h_web_asset(const struct http_request *rq, struct http_reply *out);
void h_docs_page(const struct http_request *rq, struct http_reply *out);
void h_docs_bundle(const struct http_request *rq, struct http_reply *out);

#endif
