/* Configuration from the environment, parsed strictly: a value that is not
 * exactly what the variable expects is an error naming the variable, never a
 * silent default. */
#include "podium/config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "podium/seg.h"
#include "podium_build.h"

bool cfg_parse_size(const char *s, unsigned long long min, unsigned long long max,
                    unsigned long long *out)
{
    char *end;
    unsigned long long v;

    /* strtoull accepts leading blanks and a minus sign (wrapping around):
     * demand a digit first. */
    if (s == NULL || *s < '0' || *s > '9')
        return false;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < min || v > max)
        return false;
    *out = v;
    return true;
}

bool cfg_set_listen(struct cfg *out, const char *value, const char *what,
                    char *err, size_t err_size)
{
    char host[INET6_ADDRSTRLEN + 2];
    const char *colon, *port_text;
    unsigned long long port;
    size_t host_len;

    if (value[0] == '[') {          /* [IPv6]:PORT */
        const char *close = strchr(value, ']');

        if (close == NULL || close[1] != ':')
            goto bad;
        host_len = (size_t)(close - value - 1);
        if (host_len >= sizeof host)
            goto bad;
        memcpy(host, value + 1, host_len);
        port_text = close + 2;
    } else {
        colon = strrchr(value, ':');
        if (colon == NULL)
            goto bad;
        host_len = (size_t)(colon - value);
        if (host_len >= sizeof host)
            goto bad;
        memcpy(host, value, host_len);
        port_text = colon + 1;
    }
    host[host_len] = '\0';
    if (!cfg_parse_size(port_text, 0, 65535, &port))
        goto bad;

    memset(&out->listen_addr, 0, sizeof out->listen_addr);
    if (value[0] == '[') {
        struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&out->listen_addr;

        if (inet_pton(AF_INET6, host, &a6->sin6_addr) != 1)
            goto bad;
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)port);
        out->listen_addr_len = sizeof *a6;
        /* libmicrohttpd makes its IPv6 socket IPv6-only, which cannot bind
         * an IPv4-mapped address: listen on the IPv4 address it names. */
        if (IN6_IS_ADDR_V4MAPPED(&a6->sin6_addr)) {
            struct sockaddr_in a4 = {.sin_family = AF_INET, .sin_port = a6->sin6_port};

            memcpy(&a4.sin_addr, &a6->sin6_addr.s6_addr[12], sizeof a4.sin_addr);
            memset(&out->listen_addr, 0, sizeof out->listen_addr);
            memcpy(&out->listen_addr, &a4, sizeof a4);
            out->listen_addr_len = sizeof a4;
        }
    } else {
        struct sockaddr_in *a4 = (struct sockaddr_in *)&out->listen_addr;

        if (inet_pton(AF_INET, host, &a4->sin_addr) != 1)
            goto bad;
        a4->sin_family = AF_INET;
        a4->sin_port = htons((uint16_t)port);
        out->listen_addr_len = sizeof *a4;
    }
    snprintf(out->listen, sizeof out->listen, "%s", value);
    return true;
bad:
    snprintf(err, err_size, "%s: expected IPV4:PORT or [IPV6]:PORT with a port of 0-65535, got \"%s\"",
             what, value);
    return false;
}

bool cfg_host_valid(const char *s, size_t len)
{
    size_t i = 0, host_end;

    if (len == 0 || len > 255)
        return false;
    if (s[0] == '[') {
        for (i = 1; i < len && s[i] != ']'; i++)
            if (!(isxdigit((unsigned char)s[i]) || s[i] == ':' || s[i] == '.'))
                return false;
        if (i == len || i == 1)
            return false;
        host_end = ++i;
    } else {
        while (i < len && (isalnum((unsigned char)s[i]) || s[i] == '-' || s[i] == '.' ||
                           s[i] == '_'))
            i++;
        if (i == 0)
            return false;
        host_end = i;
    }
    if (host_end == len)
        return true;
    if (s[host_end] != ':' || len - host_end - 1 == 0 || len - host_end - 1 > 5)
        return false;
    for (i = host_end + 1; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return strtoul(s + host_end + 1, NULL, 10) <= 65535;
}

/* http or https, a valid host[:port], then an optional path of unreserved
 * characters and '/': no query, fragment or user part, since links and
 * Location are built by appending to it. */
static bool public_url_valid(const char *url)
{
    const char *host = strncmp(url, "https://", 8) == 0 ? url + 8
                       : strncmp(url, "http://", 7) == 0 ? url + 7 : NULL;
    const char *path;

    if (host == NULL)
        return false;
    path = host + strcspn(host, "/");
    if (!cfg_host_valid(host, (size_t)(path - host)))
        return false;
    for (; *path; path++)
        if (!(isalnum((unsigned char)*path) || strchr("/-._~", *path) != NULL))
            return false;
    return true;
}

static unsigned int default_threads(void)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);

    if (cores < 1)
        cores = 1;
    /* libpq calls block the worker, so more threads than cores pay off. */
    return cores > CFG_THREADS_MAX / 4 ? CFG_THREADS_MAX : (unsigned int)cores * 4;
}

/* Empty counts as unset: `FOO= podium serve` is a common way to clear one. */
static const char *lookup_set(cfg_lookup_fn lookup, const char *name)
{
    const char *v = lookup(name);

    return v != NULL && v[0] != '\0' ? v : NULL;
}

static const char *default_migrations_dir(void)
{
    static const char local[] = "migrations";

    /* A checkout run from its root uses its own files; an installed binary
     * uses the copy installed with it. */
    return access(local, R_OK | X_OK) == 0 ? local : PODIUM_MIGRATIONS_DIR;
}

/* The same rule as the migrations: the checkout's own page, else the
 * installed copy. */
static const char *default_web_dir(void)
{
    static const char local[] = "web";

    return access(local, R_OK | X_OK) == 0 ? local : PODIUM_WEB_DIR;
}

/* Where npm ci of openapi/docs (scripts/run, scripts/test) puts Redoc's
 * bundle in a checkout, else the installed copy. */
static const char *default_docs_dir(void)
{
    static const char local[] = "openapi/docs/node_modules/redoc/bundles";

    return access(local, R_OK | X_OK) == 0 ? local : PODIUM_DOCS_DIR;
}

/* A switch: "1" or "0" from variable name, or def when unset. */
static bool load_switch(cfg_lookup_fn lookup, const char *name, bool def, bool *out, char *err,
                        size_t err_size)
{
    const char *v = lookup_set(lookup, name);

    *out = def;
    if (v == NULL)
        return true;
    if (strcmp(v, "0") != 0 && strcmp(v, "1") != 0) {
        snprintf(err, err_size, "%s: expected 0 or 1, got \"%s\"", name, v);
        return false;
    }
    *out = v[0] == '1';
    return true;
}

/* A whole number of [min, max] from variable name, or def when unset. */
static bool load_count(cfg_lookup_fn lookup, const char *name, unsigned int min,
                       unsigned int max, unsigned int def, const char *unit,
                       unsigned int *out, char *err, size_t err_size)
{
    const char *v = lookup_set(lookup, name);
    unsigned long long n;

    *out = def;
    if (v == NULL)
        return true;
    if (!cfg_parse_size(v, min, max, &n)) {
        snprintf(err, err_size, "%s: expected %s of %u-%u, got \"%s\"", name, unit, min, max, v);
        return false;
    }
    *out = (unsigned int)n;
    return true;
}

/* cfg_set_listen turned an IPv4-mapped address into IPv4 already. */
static bool is_loopback(const struct sockaddr_storage *addr)
{
    if (addr->ss_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)addr)->sin_addr.s_addr) >> 24) == 127;
    if (addr->ss_family == AF_INET6)
        return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)addr)->sin6_addr);
    return false;
}

/* A bearer token must be guessable by no one and sendable in a header:
 * at least CFG_TOKEN_MIN visible ASCII characters. The message gives the
 * length, never the token. */
static bool token_valid(const char *token, char *err, size_t err_size)
{
    size_t len = strlen(token);
    bool visible = true;

    for (const char *p = token; *p; p++)
        if (*p <= ' ' || *p > '~')
            visible = false;
    if (len >= CFG_TOKEN_MIN && visible)
        return true;
    snprintf(err, err_size, "PODIUM_API_TOKEN: expected at least %d visible ASCII characters "
             "(no spaces), got %zu byte(s)%s", CFG_TOKEN_MIN, len,
             visible ? "" : " with spaces or other invisible ones");
    return false;
}

bool cfg_check_exposure(const struct cfg *cfg, char *err, size_t err_size)
{
    if (cfg->api_token != NULL || cfg->allow_open || is_loopback(&cfg->listen_addr))
        return true;
    snprintf(err, err_size, "refusing to listen on %s without PODIUM_API_TOKEN: anyone who can "
             "reach it could write; set a token, or PODIUM_ALLOW_OPEN=1 to mean it", cfg->listen);
    return false;
}

bool cfg_load(struct cfg *out, cfg_lookup_fn lookup, char *err, size_t err_size)
{
    const char *v;
    unsigned long long n;

    memset(out, 0, sizeof *out);
    out->database_url = lookup_set(lookup, "DATABASE_URL");
    out->database_read_url = lookup_set(lookup, "DATABASE_READ_URL");
    out->api_token = lookup_set(lookup, "PODIUM_API_TOKEN");
    out->cors_origins = lookup_set(lookup, "PODIUM_CORS_ORIGINS");
    if (out->api_token != NULL && !token_valid(out->api_token, err, err_size))
        return false;

    v = lookup_set(lookup, "PODIUM_LISTEN");
    if (!cfg_set_listen(out, v ? v : CFG_LISTEN_DEFAULT, "PODIUM_LISTEN", err, err_size))
        return false;

    out->threads = default_threads();
    if ((v = lookup_set(lookup, "PODIUM_THREADS")) != NULL) {
        if (!cfg_parse_size(v, 1, CFG_THREADS_MAX, &n)) {
            snprintf(err, err_size, "PODIUM_THREADS: expected a whole number of 1-%d, got \"%s\"",
                     CFG_THREADS_MAX, v);
            return false;
        }
        out->threads = (unsigned int)n;
    }

    out->max_body = CFG_MAX_BODY_DEFAULT;
    if ((v = lookup_set(lookup, "PODIUM_MAX_BODY")) != NULL) {
        /* The segmenter refuses larger texts anyway; a larger body
         * would only be buffered to be refused. */
        if (!cfg_parse_size(v, 1, SEG_MAX_INPUT, &n)) {
            snprintf(err, err_size, "PODIUM_MAX_BODY: expected a size in bytes of 1-%zu, got \"%s\"",
                     SEG_MAX_INPUT, v);
            return false;
        }
        out->max_body = (size_t)n;
    }

    out->log_level = LOG_LEVEL_INFO;
    if ((v = lookup_set(lookup, "PODIUM_LOG")) != NULL && !log_level_parse(v, &out->log_level)) {
        snprintf(err, err_size, "PODIUM_LOG: expected debug, info, warn or error, got \"%s\"", v);
        return false;
    }

    if (!load_switch(lookup, "PODIUM_MIGRATE", true, &out->migrate_on_start, err, err_size))
        return false;

    if ((v = lookup_set(lookup, "PODIUM_DB_POOLING")) != NULL) {
        if (strcmp(v, "transaction") == 0) {
            out->transaction_pooling = true;
        } else if (strcmp(v, "session") != 0) {
            snprintf(err, err_size, "PODIUM_DB_POOLING: expected session or transaction, got \"%s\"",
                     v);
            return false;
        }
    }

    if (!load_switch(lookup, "PODIUM_ALLOW_OPEN", false, &out->allow_open, err, err_size))
        return false;
    if (!load_count(lookup, "PODIUM_MAX_CONNECTIONS", 1, 65535, CFG_MAX_CONNECTIONS_DEFAULT,
                    "a whole number", &out->max_connections, err, err_size) ||
        !load_count(lookup, "PODIUM_MAX_CONNECTIONS_PER_IP", 0, 65535,
                    CFG_MAX_CONNECTIONS_PER_IP_DEFAULT,
                    "a whole number (0: no limit)", &out->max_connections_per_ip, err, err_size) ||
        !load_count(lookup, "PODIUM_CONN_TIMEOUT", 1, 3600, CFG_CONN_TIMEOUT_DEFAULT,
                    "seconds", &out->conn_timeout_s, err, err_size) ||
        !load_count(lookup, "PODIUM_DB_TIMEOUT", 1, 3600, CFG_DB_TIMEOUT_DEFAULT,
                    "seconds", &out->db_timeout_s, err, err_size) ||
        !load_count(lookup, "PODIUM_CACHE_MB", 0, 4096, CFG_CACHE_MB_DEFAULT,
                    "megabytes (0: no cache)", &out->cache_mb, err, err_size))
        return false;

    v = lookup_set(lookup, "PODIUM_MIGRATIONS_DIR");
    out->migrations_dir = v ? v : default_migrations_dir();
    v = lookup_set(lookup, "PODIUM_WEB_DIR");
    out->web_dir = v ? v : default_web_dir();
    v = lookup_set(lookup, "PODIUM_DOCS_DIR");
    out->docs_dir = v ? v : default_docs_dir();
    /* Behind a proxy the Host the service sees is not the one clients use. */
    out->public_url = lookup_set(lookup, "PODIUM_PUBLIC_URL");
    if (out->public_url != NULL && !public_url_valid(out->public_url)) {
        snprintf(err, err_size, "PODIUM_PUBLIC_URL: expected http(s)://HOST[:PORT][/PATH] "
                 "without query or fragment, got \"%s\"", out->public_url);
        return false;
    }
    return true;
}
