/* The protocol rules of http/proto.c and the entity tags of transfer.c. */
#include <stdlib.h>

#include "check.h"
#include "http/proto.h"

static void check_b64url(const char *plain, const char *want)
{
    char text[64];
    unsigned char back[64];
    size_t n = strlen(plain);
    long got;

    check(HTTP_B64URL_SIZE(n) >= strlen(want) + 1);
    http_b64url_encode((const unsigned char *)plain, n, text);
    check_str(text, want);
    got = http_b64url_decode(text, back, sizeof back);
    if (got != (long)n || memcmp(back, plain, n) != 0)
        fail("\"%s\" did not decode back to \"%s\"", text, plain);
}

struct fake_source {
    const char *host;
};

static const char *fake_header(void *cls, const char *name)
{
    const struct fake_source *src = cls;

    return strcmp(name, "Host") == 0 ? src->host : NULL;
}

static const char *fake_query(void *cls, const char *key)
{
    (void)cls;
    (void)key;
    return NULL;
}

static bool fake_query_each(void *cls, http_query_fn fn, void *fn_cls)
{
    (void)cls;
    return fn(fn_cls, "q", "a b/\xc3\xa9") && fn(fn_cls, "cursor", "old") &&
           fn(fn_cls, "limit", "5");
}

static const struct http_source fake = {fake_header, fake_query, fake_query_each};

int main(void)
{
    char buf[64], base[HTTP_BASE_URL_MAX], tag[HTTP_ETAG_SIZE], *links;
    unsigned char raw[8];
    struct fake_source src = {"example.org:8080"};
    struct http_request rq = {.method = "GET", .path = "/reports/a b", .source = &fake,
                              .source_cls = &src};

    /* RFC 4648's vectors, unpadded */
    check_b64url("", "");
    check_b64url("f", "Zg");
    check_b64url("fo", "Zm8");
    check_b64url("foo", "Zm9v");
    check_b64url("foob", "Zm9vYg");
    check_b64url("fooba", "Zm9vYmE");
    check_b64url("foobar", "Zm9vYmFy");
    check_b64url("\xfb\xff", "-_8");
    check(http_b64url_decode("Zg==", raw, sizeof raw) == -1);     /* padding */
    check(http_b64url_decode("Zm9v+", raw, sizeof raw) == -1);    /* not url-safe */
    check(http_b64url_decode("Z", raw, sizeof raw) == -1);        /* half a byte */
    check(http_b64url_decode("Zh", raw, sizeof raw) == -1);       /* bits left over */
    check(http_b64url_decode("Zm9vYmFy", raw, 5) == -1);          /* longer than cap */

    check(http_time_valid("2023-11-23", buf));
    check_str(buf, "2023-11-23T00:00:00Z");
    check(http_time_valid("2024-02-29T23:59:59.123456+08:00", buf));
    check_str(buf, "2024-02-29T23:59:59.123456+08:00");
    check(http_time_valid("2023-11-23t10:00:00z", buf));
    check(!http_time_valid("2023-02-29", buf));
    check(!http_time_valid("2023-11-23T24:00:00Z", buf));
    check(!http_time_valid("2023-11-23 10:00:00Z", buf));
    check(!http_time_valid("2023-11-23T10:00:00", buf));
    check(!http_time_valid("2023-11-23T10:00:00.Z", buf));
    check(!http_time_valid("2023-11-23T10:00:00+8:00", buf));

    /* the tag of nothing is the hash's starting value: tags clients hold
     * stay good only while this stays */
    http_etag_of("", 0, tag);
    check_str(tag, "\"14650fb0739d0383\"");
    http_etag_of("a", 1, buf);
    check(strcmp(tag, buf) != 0 && strlen(buf) == 18);

    check(http_base_url(&rq, base, sizeof base) == strlen("http://example.org:8080"));
    check_str(base, "http://example.org:8080");
    src.host = "evil.example/path";
    check(http_base_url(&rq, base, sizeof base) == 0);
    check_str(base, "");
    src.host = "example.org:8080";

    links = http_list_links(&rq, "NEXT");
    check_str(links, "<http://example.org:8080/reports/a%20b?q=a%20b%2F%C3%A9&limit=5&cursor=NEXT>;"
                     " rel=\"next\", <http://example.org:8080/reports/a%20b?q=a%20b%2F%C3%A9&limit=5>;"
                     " rel=\"first\"");
    free(links);
    links = http_list_links(&rq, NULL);
    check_str(links, "<http://example.org:8080/reports/a%20b?q=a%20b%2F%C3%A9&limit=5>; rel=\"first\"");
    free(links);
    return 0;
}
