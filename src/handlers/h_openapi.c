/* GET /openapi.json: the document in openapi/openapi.json, embedded at
 * build time, with servers naming the address the request reached. */
#include "handlers/h_common.h"
#include "handlers/handlers.h"

extern const char podium_openapi_json[];

/* "Try it" in a renderer and generated clients call servers[0]: the
 * service's public address (PODIUM_PUBLIC_URL), else the address the client
 * used, which it can reach and the address in the file (the default listen
 * address) often is not. A Host that is not a plain host[:port] keeps the
 * file's entry (http_base_url is empty then). */
static void servers_from_request(const struct http_request *rq, json_t *doc)
{
    char base[512];
    json_t *servers;

    if (doc == NULL || http_base_url(rq, base, sizeof base) == 0)
        return;
    servers = json_pack("[{s:s, s:s}]", "url", base, "description",
                        rq->cfg != NULL && rq->cfg->public_url != NULL
                            ? "The service's public address"
                            : "The address this document was fetched from");
    if (servers != NULL)
        json_object_set_new(doc, "servers", servers);
}

void h_openapi(const struct http_request *rq, struct http_reply *out)
{
    static const char *const allowed[] = {NULL};
    json_t *doc;

    if (!h_params_known(rq, allowed, out))
        return;
    doc = json_loads(podium_openapi_json, 0, NULL);
    servers_from_request(rq, doc);
    h_reply_etag(rq, out, doc);
}
