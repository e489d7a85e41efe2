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
 * not a regular file or larger than WEB_FILE_MAX. */
static bool web_read(const char *dir, const char *name, char **body, size_t *len)
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
    if (size > WEB_FILE_MAX) {
        log_error("web: %s is over %zu bytes, not served", path, WEB_FILE_MAX);
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
    if (content_type == NULL || !web_read(rq->cfg->web_dir, name, &body, &len)) {
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
