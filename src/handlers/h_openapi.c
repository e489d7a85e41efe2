/* GET /openapi.json: the document in openapi/openapi.json, embedded at
 * build time, with servers naming the address the request reached. */
#include <string.h>

#include "handlers/h_common.h"
#include "handlers/handlers.h"

extern const char podium_openapi_json[];

/* RFC 3986 allows more in a host, but a Host header with anything beyond
 * these (user info, a path, quotes, spaces) is not an address to hand
 * back to clients as the server to call. */
static bool host_usable(const char *host)
{
    size_t len = host != NULL ? strlen(host) : 0;

    if (len == 0 || len > 255)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = host[i];

        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '.' || c == ':' || c == '[' || c == ']'))
            return false;
    }
    return true;
}

/* "Try it" in a renderer and generated clients call servers[0]: the
 * address the client used is the one it can reach, which the address in
 * the file (the default listen address) often is not. An unusable Host
 * keeps the file's entry. */
static void servers_from_host(const struct http_request *rq, json_t *doc)
{
    const char *host = http_header(rq, "Host");
    json_t *servers;

    if (doc == NULL || !host_usable(host))
        return;
    servers = json_pack("[{s:s+, s:s}]", "url", "http://", host, "description",
                        "The address this document was fetched from");
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
    servers_from_host(rq, doc);
    h_reply_etag(rq, out, doc);
}
