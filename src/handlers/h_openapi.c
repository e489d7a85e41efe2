/* GET /openapi.json: the document in openapi/openapi.json, embedded at
 * build time. */
#include "handlers/h_common.h"
#include "handlers/handlers.h"

extern const char podium_openapi_json[];

void h_openapi(const struct http_request *rq, struct http_reply *out)
{
    static const char *const allowed[] = {NULL};

    if (h_params_known(rq, allowed, out))
        h_reply_etag(rq, out, json_loads(podium_openapi_json, 0, NULL));
}
