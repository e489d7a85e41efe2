/* GET / and GET /assets/{file}: the web page's files from cfg->web_dir
 * (PODIUM_WEB_DIR, else ./web of a checkout, else the installed copy).
 *
 * Only flat names of a few letters with one known extension are served, so
 * no request can reach outside the folder ("..", "/", "\", NUL and hidden
 * files fail the name check before any file is opened), and only regular
 * files up to WEB_FILE_MAX bytes, read whole per request: the files are a
 * few kilobytes, and reading them again means an edited page shows at
 * once, while the ETag spares the transfer. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "handlers/h_common.h"
#include "handlers/handlers.h"
#include "podium/log.h"

#define WEB_FILE_MAX ((size_t)1 << 20)
/* Redoc's standalone bundle is about 1 MB and carries its own React. */
#define DOCS_BUNDLE_MAX ((size_t)8 << 20)
#define DOCS_BUNDLE "redoc.standalone.js"
#define WEB_NAME_MAX 64

static const struct {
    const char *extension;          /* after the name's only dot */
    const char *content_type;
} web_types[] = {
    {"html", "text/html; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"svg", "image/svg+xml"},
    {"png", "image/png"},
};

/* Scripts only from this origin and never inline, no plugins, no framing;
 * connect-src 'self' keeps the page talking to this podium alone. */
static const char web_csp[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_';
}

/* The content type for a servable name, NULL for any other name. */
static const char *web_content_type(const char *name)
{
    size_t stem = 0, len = strlen(name);

    if (len > WEB_NAME_MAX)
        return NULL;
    while (name_char(name[stem]))
        stem++;
    if (stem == 0 || name[stem] != '.')
        return NULL;
    for (size_t i = 0; i < sizeof web_types / sizeof web_types[0]; i++)
        if (strcmp(name + stem + 1, web_types[i].extension) == 0)
            return web_types[i].content_type;
    return NULL;
}

/* Reads dir/name whole into a malloc'd buffer; false when it is missing,
 * not a regular file or larger than max bytes. */
static bool web_read(const char *dir, const char *name, size_t max, char **body, size_t *len)
{
    char path[4096], *buf = NULL;
    struct stat info;
    size_t size, got = 0;
    bool ok = false;
    int fd;

    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path)
        return false;
    /* O_NONBLOCK: a FIFO put in the folder must not hold the worker. */
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return false;
    if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode))
        goto out;
    size = (size_t)info.st_size;
    if (size > max) {
        log_error("web: %s is over %zu bytes, not served", path, max);
        goto out;
    }
    buf = malloc(size + 1);
    while (buf != NULL && got < size) {
        ssize_t n = read(fd, buf + got, size - got);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    if (buf != NULL && got == size) {
        *body = buf;
        *len = size;
        buf = NULL;
        ok = true;
    }
out:
    free(buf);
    close(fd);
    return ok;
}

static void web_serve(const struct http_request *rq, struct http_reply *out, const char *name)
{
    static const char *const allowed[] = {NULL};
    const char *content_type = web_content_type(name);
    char *body;
    size_t len;

    if (!h_params_known(rq, allowed, out))
        return;
    if (content_type == NULL || !web_read(rq->cfg->web_dir, name, WEB_FILE_MAX, &body, &len)) {
        http_problem(out, PODIUM_E_NOT_FOUND, rq->id, "no file of the web page at this path");
        return;
    }
    /* no-cache: stored, but asked about each time; a 304 costs one read. */
    http_reply_header(out, "Cache-Control", "no-cache");
    http_reply_header(out, "Content-Security-Policy", "%s", web_csp);
    http_reply_header(out, "X-Content-Type-Options", "nosniff");
    http_reply_header(out, "Referrer-Policy", "no-referrer");
    h_reply_bytes_etag(rq, out, content_type, body, len);
}

void h_web_index(const struct http_request *rq, struct http_reply *out)
{
    web_serve(rq, out, "index.html");
}

void h_web_asset(const struct http_request *rq, struct http_reply *out)
{
    web_serve(rq, out, rq->args[0]);
}

/* Redoc renders with styles it injects at run time and searches in a
 * worker it starts from a blob: URL; it fetches nothing but the document,
 * from this origin. */
static const char docs_csp[] =
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src blob:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/* The <redoc> element is picked up by the bundle itself once it loads, so
 * the page needs no script of its own. */
static const char docs_page[] =
    "<!DOCTYPE html>\n"
    "<html lang=\"en\">\n"
    "<head>\n"
    "<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>Podium API</title>\n"
    "</head>\n"
    "<body>\n"
    "<redoc spec-url=\"/openapi.json\"></redoc>\n"
    "<script src=\"/docs/" DOCS_BUNDLE "\"></script>\n"
    "</body>\n"
    "</html>\n";

static void docs_missing(const struct http_request *rq, struct http_reply *out)
{
    http_problem(out, PODIUM_E_DOCS_NOT_INSTALLED, rq->id,
                 "%s/%s is missing: run scripts/run, or npm ci --prefix openapi/docs, "
                 "or point PODIUM_DOCS_DIR at the folder that holds it",
                 rq->cfg->docs_dir, DOCS_BUNDLE);
}

static void docs_headers(struct http_reply *out)
{
    http_reply_header(out, "Cache-Control", "no-cache");
    http_reply_header(out, "Content-Security-Policy", "%s", docs_csp);
    http_reply_header(out, "X-Content-Type-Options", "nosniff");
    http_reply_header(out, "Referrer-Policy", "no-referrer");
}

void h_docs_page(const struct http_request *rq, struct http_reply *out)
{
    static const char *const allowed[] = {NULL};
    char path[4096], *body;

    if (!h_params_known(rq, allowed, out))
        return;
    /* A page that could only show an empty frame helps nobody: say what is
     * missing instead. */
    if ((size_t)snprintf(path, sizeof path, "%s/%s", rq->cfg->docs_dir, DOCS_BUNDLE) >= sizeof path ||
        access(path, R_OK) != 0) {
        docs_missing(rq, out);
        return;
    }
    body = strdup(docs_page);
    if (body == NULL) {
        http_problem(out, PODIUM_E_INTERNAL, rq->id, NULL);
        return;
    }
    docs_headers(out);
    h_reply_bytes_etag(rq, out, "text/html; charset=utf-8", body, sizeof docs_page - 1);
}

void h_docs_bundle(const struct http_request *rq, struct http_reply *out)
{
    static const char *const allowed[] = {NULL};
    char *body;
    size_t len;

    if (!h_params_known(rq, allowed, out))
        return;
    if (!web_read(rq->cfg->docs_dir, DOCS_BUNDLE, DOCS_BUNDLE_MAX, &body, &len)) {
        docs_missing(rq, out);
        return;
    }
    docs_headers(out);
    h_reply_bytes_etag(rq, out, "text/javascript; charset=utf-8", body, len);
}
