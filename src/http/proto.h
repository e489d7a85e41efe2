/* Protocol rules the handlers build their answers with (proto.c). */
#ifndef PODIUM_HTTP_PROTO_H
#define PODIUM_HTTP_PROTO_H

#include <stdbool.h>
#include <stddef.h>

#include "http/http.h"

/* An RFC 3339 date-time (or full-date, read as midnight UTC) in s, checked
 * for real calendar values and copied to buf in a form PostgreSQL reads the
 * same way; false when it is not RFC 3339. */
bool http_time_valid(const char *s, char buf[40]);

/* Bytes base64url takes for n bytes, unpadded, with the NUL. */
#define HTTP_B64URL_SIZE(n) (((n) + 2) / 3 * 4 + 1)
/* Writes in[0..n) as unpadded base64url to out (HTTP_B64URL_SIZE(n) bytes). */
void http_b64url_encode(const unsigned char *in, size_t n, char *out);
/* Reads unpadded base64url only, into at most cap bytes; the byte count, or
 * -1 for anything else (padding, other letters, non-zero leftover bits). */
long http_b64url_decode(const char *in, unsigned char *out, size_t cap);

/* The scheme, host and path prefix links and Location start with:
 * PODIUM_PUBLIC_URL without a trailing '/', else "http://" and the Host
 * header when it is a valid host[:port]. Anything else in Host is never
 * reflected: the links stay relative (""). Returns the length. */
#define HTTP_BASE_URL_MAX 512
size_t http_base_url(const struct http_request *rq, char *buf, size_t size);

/* Adds Location: path made absolute like the links of lists. */
void http_reply_location(const struct http_request *rq, struct http_reply *out,
                         const char *path);

/* The Link value of a paged list: rel="next" with ?cursor=next (when next
 * is not NULL) and rel="first", both absolute (http_base_url), the path and
 * the request's parameters but its cursor percent-encoded. malloc'd; NULL
 * when out of memory. */
char *http_list_links(const struct http_request *rq, const char *next);

#endif
