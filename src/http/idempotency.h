/* Idempotency-Key around a write (idempotency.c), for the router. */
#ifndef PODIUM_HTTP_IDEMPOTENCY_H
#define PODIUM_HTTP_IDEMPOTENCY_H

#include "http/http.h"

/* Runs handler under the request's Idempotency-Key (idempotency.c): a
 * replay or refusal instead when the key is known, the answer recorded
 * when it is worth replaying. Without the header, just the handler. */
void http_idempotent_run(http_handler_fn handler, const struct http_request *rq,
                         struct http_reply *out);

#endif
