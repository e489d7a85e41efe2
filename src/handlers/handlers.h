/* Handlers: thin (parse -> call store/segmenter -> encode). One file per
 * resource; each declares its handlers here and adds rows to routes.c. */
#ifndef PODIUM_HANDLERS_H
#define PODIUM_HANDLERS_H

#include "http/http.h"

/* h_ops.c */
void h_healthz(const struct http_request *rq, struct http_reply *out);
void h_readyz(const struct http_request *rq, struct http_reply *out);
void h_version(const struct http_request *rq, struct http_reply *out);
void h_metrics(const struct http_request *rq, struct http_reply *out);

#endif
