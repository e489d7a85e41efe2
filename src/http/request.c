/* Request access for handlers, through the request's source (see http.h). */
#include "http/http.h"

const char *http_header(const struct http_request *rq, const char *name)
{
    return rq->source->header(rq->source_cls, name);
}

const char *http_query(const struct http_request *rq, const char *key)
{
    return rq->source->query(rq->source_cls, key);
}

bool http_query_each(const struct http_request *rq, http_query_fn fn, void *cls)
{
    return rq->source->query_each(rq->source_cls, fn, cls);
}
