/* Service configuration: read once from the environment (DESIGN.md section 2),
 * then overridden by command-line flags, then never changed. */
#ifndef PODIUM_CONFIG_H
#define PODIUM_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include "podium/log.h"

#define CFG_LISTEN_DEFAULT "127.0.0.1:8080"
#define CFG_MAX_BODY_DEFAULT ((size_t)1 << 20)
#define CFG_THREADS_MAX 1024
#define CFG_MAX_CONNECTIONS_DEFAULT 1024u
/* A browser opens at most 6 connections to one host and a load balancer a
 * pool of tens; a quarter of the default total lets either work while
 * three quarters stay for everyone else (README, configuration). */
#define CFG_MAX_CONNECTIONS_PER_IP_DEFAULT 256u
#define CFG_TOKEN_MIN 16
#define CFG_CONN_TIMEOUT_DEFAULT 30u
#define CFG_DB_TIMEOUT_DEFAULT 10u
#define CFG_CACHE_MB_DEFAULT 28u

struct cfg {
    const char *database_url;       /* NULL: libpq defaults (PG* variables) */
    const char *database_read_url;  /* GETs read here; NULL: from database_url */
    bool transaction_pooling;       /* PODIUM_DB_POOLING=transaction: no session state */
    char listen[96];                /* as given, for messages */
    struct sockaddr_storage listen_addr;
    socklen_t listen_addr_len;
    unsigned int threads;
    size_t max_body;
    const char *api_token;          /* NULL: writes need no token */
    bool allow_open;                /* PODIUM_ALLOW_OPEN=1: no token off loopback is fine */
    unsigned int max_connections;   /* all clients together */
    unsigned int max_connections_per_ip;   /* 0: no limit per address */
    unsigned int conn_timeout_s;    /* a request must arrive, and its answer leave, within this */
    unsigned int db_timeout_s;      /* statement_timeout of the serving connections */
    unsigned int cache_mb;          /* budget of the cache of single resources; 0: none */
    const char *cors_origins;       /* NULL: no CORS headers */
    enum log_level log_level;
    bool migrate_on_start;          /* PODIUM_MIGRATE, default on */
    const char *migrations_dir;
    const char *web_dir;            /* the page's files, served at / and /assets/ */
    const char *docs_dir;           /* holds redoc.standalone.js, served under /docs */
    const char *public_url;         /* PODIUM_PUBLIC_URL: base of absolute links; NULL: from Host */
};

/* Where cfg_load looks variables up: getenv in the service, a table in tests. */
typedef const char *(*cfg_lookup_fn)(const char *name);

/* Fills *out from the variables. On a bad value returns false and writes one
 * line naming the variable into err (the caller prints it and exits 2).
 * Strings in *out are borrowed from the lookup function's storage. */
bool cfg_load(struct cfg *out, cfg_lookup_fn lookup, char *err, size_t err_size);

/* False with one line in err when the listen address is reachable from
 * other machines while writes need no token and PODIUM_ALLOW_OPEN is not
 * set: an open write API should be a decision, not an accident. */
bool cfg_check_exposure(const struct cfg *cfg, char *err, size_t err_size);

/* "ADDR:PORT" (IPv4, or [IPv6]:PORT) into out; false with err on bad input. */
bool cfg_set_listen(struct cfg *out, const char *value, const char *what,
                    char *err, size_t err_size);

/* A URI host with an optional port, as a Host header or PODIUM_PUBLIC_URL
 * may carry: a name of letters, digits, '-', '.' and '_', or an IP literal
 * in brackets, then ":PORT" (1 to 5 digits, at most 65535) or nothing. */
bool cfg_host_valid(const char *s, size_t len);

/* Positive decimal within [min, max]; strict: no sign, no trailing bytes. */
bool cfg_parse_size(const char *s, unsigned long long min, unsigned long long max,
                    unsigned long long *out);

#endif
