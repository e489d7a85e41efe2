/* Configuration parsing: defaults, strict numbers, one-line errors naming
 * the variable. */
#include <arpa/inet.h>
#include <netinet/in.h>

#include "check.h"
#include "podium/config.h"

static const char *const *env;      /* NAME, VALUE, NAME, VALUE, ..., NULL */

static const char *lookup(const char *name)
{
    for (size_t i = 0; env[i] != NULL; i += 2)
        if (strcmp(env[i], name) == 0)
            return env[i + 1];
    return NULL;
}

static bool load(struct cfg *c, char *err, const char *const *vars)
{
    env = vars;
    return cfg_load(c, lookup, err, 256);
}

/* The variable's value must be refused with a message that names it. */
static void expect_bad(const char *name, const char *value)
{
    const char *vars[] = {name, value, NULL};
    char err[256] = "";
    struct cfg c;

    if (load(&c, err, vars))
        fail("%s=\"%s\" was accepted", name, value);
    if (strstr(err, name) == NULL || strchr(err, '\n') != NULL)
        fail("%s=\"%s\": message does not name the variable on one line: %s", name, value, err);
}

int main(void)
{
    static const char *const none[] = {NULL};
    char err[256];
    struct cfg c;

    check(load(&c, err, none));
    check_str(c.listen, "127.0.0.1:8080");
    check(c.listen_addr.ss_family == AF_INET);
    check(ntohs(((struct sockaddr_in *)&c.listen_addr)->sin_port) == 8080);
    check(c.max_body == 1048576);
    check(c.threads >= 4 && c.threads % 4 == 0);
    check(c.log_level == LOG_LEVEL_INFO);
    check(c.migrate_on_start);
    check(c.cache_mb == 28);
    check(c.database_url == NULL && c.api_token == NULL && c.cors_origins == NULL);
    check(c.database_read_url == NULL && !c.transaction_pooling);

    {
        const char *vars[] = {"DATABASE_URL", "postgresql://u@h1,h2/db?target_session_attrs=read-write",
                              "PODIUM_LISTEN", "[::1]:0", "PODIUM_THREADS", "3",
                              "PODIUM_MAX_BODY", "2048", "PODIUM_LOG", "debug",
                              "PODIUM_MIGRATE", "0", "PODIUM_API_TOKEN", "",
                              "PODIUM_MIGRATIONS_DIR", "/srv/m", "PODIUM_CACHE_MB", "0",
                              "PODIUM_WEB_DIR", "/srv/w", "PODIUM_DOCS_DIR", "/srv/d",
                              "PODIUM_DB_POOLING", "transaction",
                              "DATABASE_READ_URL", "postgresql://u@r1,r2/db?target_session_attrs=prefer-standby",
                              NULL};
        check(load(&c, err, vars));
        /* Passed to libpq unchanged, so multi-host URIs keep working. */
        check_str(c.database_url, "postgresql://u@h1,h2/db?target_session_attrs=read-write");
        check(c.listen_addr.ss_family == AF_INET6);
        check(c.threads == 3 && c.max_body == 2048);
        check(c.log_level == LOG_LEVEL_DEBUG && !c.migrate_on_start);
        check(c.api_token == NULL);               /* empty counts as unset */
        check_str(c.migrations_dir, "/srv/m");
        check_str(c.web_dir, "/srv/w");
        check_str(c.docs_dir, "/srv/d");
        check(c.cache_mb == 0);
        check(c.transaction_pooling);
        check_str(c.database_read_url, "postgresql://u@r1,r2/db?target_session_attrs=prefer-standby");
    }

    expect_bad("PODIUM_LISTEN", "8080");
    expect_bad("PODIUM_LISTEN", "127.0.0.1:");
    expect_bad("PODIUM_LISTEN", "127.0.0.1:65536");
    expect_bad("PODIUM_LISTEN", "127.0.0.1:80x");
    expect_bad("PODIUM_LISTEN", "localhost:8080");
    expect_bad("PODIUM_LISTEN", "[::1]8080");
    expect_bad("PODIUM_THREADS", "0");
    expect_bad("PODIUM_THREADS", "-4");
    expect_bad("PODIUM_THREADS", " 4");
    expect_bad("PODIUM_THREADS", "4k");
    expect_bad("PODIUM_THREADS", "100000");
    expect_bad("PODIUM_MAX_BODY", "1MB");
    expect_bad("PODIUM_MAX_BODY", "0");
    expect_bad("PODIUM_MAX_BODY", "99999999999999999999999");
    expect_bad("PODIUM_LOG", "verbose");
    expect_bad("PODIUM_LOG", "INFO");
    expect_bad("PODIUM_MIGRATE", "yes");
    expect_bad("PODIUM_DB_POOLING", "statement");
    expect_bad("PODIUM_DB_POOLING", "Transaction");
    expect_bad("PODIUM_CACHE_MB", "4097");
    expect_bad("PODIUM_CACHE_MB", "16M");
    /* A token anyone could guess, or one no header can carry, opens the
     * write API as surely as none; the refusal never repeats the token. */
    expect_bad("PODIUM_API_TOKEN", "a");
    expect_bad("PODIUM_API_TOKEN", " ");
    expect_bad("PODIUM_API_TOKEN", "0123456789abcde");
    expect_bad("PODIUM_API_TOKEN", "                ");
    expect_bad("PODIUM_API_TOKEN", "0123456789 abcdef");
    {
        const char *vars[] = {"PODIUM_API_TOKEN", "short-secret", NULL};

        check(!load(&c, err, vars) && strstr(err, "short-secret") == NULL);
    }
    {
        const char *vars[] = {"PODIUM_API_TOKEN", "0123456789abcdef", NULL};

        check(load(&c, err, vars));
        check_str(c.api_token, "0123456789abcdef");
    }

    /* One address may hold a quarter of the default connections. */
    check(load(&c, err, none));
    check(c.max_connections == 1024 && c.max_connections_per_ip == 256);

    /* An IPv4-mapped address is listened on as the IPv4 address it is, so
     * it binds, and counts as loopback when it is one. */
    {
        const char *vars[] = {"PODIUM_LISTEN", "[::ffff:127.0.0.1]:8089", NULL};
        const struct sockaddr_in *a4 = (const struct sockaddr_in *)&c.listen_addr;

        check(load(&c, err, vars));
        check(c.listen_addr.ss_family == AF_INET && c.listen_addr_len == sizeof *a4);
        check(ntohl(a4->sin_addr.s_addr) == 0x7f000001 && ntohs(a4->sin_port) == 8089);
        check_str(c.listen, "[::ffff:127.0.0.1]:8089");
        check(cfg_check_exposure(&c, err, sizeof err));
    }
    {
        const char *vars[] = {"PODIUM_LISTEN", "[::ffff:10.1.2.3]:80", NULL};

        check(load(&c, err, vars) && c.listen_addr.ss_family == AF_INET);
        check(!cfg_check_exposure(&c, err, sizeof err));
    }

    /* Links are built by appending to PODIUM_PUBLIC_URL: a query,
     * fragment or user part in it would corrupt every one. */
    {
        const char *vars[] = {"PODIUM_PUBLIC_URL", "https://podium.example.org:8443/api/", NULL};

        check(load(&c, err, none) && c.public_url == NULL);
        check(load(&c, err, vars));
        check_str(c.public_url, "https://podium.example.org:8443/api/");
    }
    expect_bad("PODIUM_PUBLIC_URL", "podium.example.org");
    expect_bad("PODIUM_PUBLIC_URL", "ftp://podium.example.org");
    expect_bad("PODIUM_PUBLIC_URL", "https://");
    expect_bad("PODIUM_PUBLIC_URL", "https://user@podium.example.org");
    expect_bad("PODIUM_PUBLIC_URL", "https://podium.example.org/?a=1");
    expect_bad("PODIUM_PUBLIC_URL", "https://podium.example.org/#top");
    expect_bad("PODIUM_PUBLIC_URL", "https://podium.example.org:99999");
    expect_bad("PODIUM_PUBLIC_URL", "https://podium example.org");

    /* What a Host header may be for it to appear in a link. */
    {
        static const char *const good[] = {"localhost", "127.0.0.1:8080", "[::1]:80",
                                           "api.example.org", "a_b-c.example:1"};
        static const char *const bad[] = {"", ":80", "host:", "host:123456", "host:70000",
                                          "[::1", "[]", "a b", "evil\"<x>", "host/path",
                                          "host:80x", "[::1]x"};

        for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
            if (!cfg_host_valid(good[i], strlen(good[i])))
                fail("Host \"%s\" refused", good[i]);
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
            if (cfg_host_valid(bad[i], strlen(bad[i])))
                fail("Host \"%s\" accepted", bad[i]);
    }

    {
        unsigned long long v;

        check(cfg_parse_size("0", 0, 10, &v) && v == 0);
        check(cfg_parse_size("10", 0, 10, &v) && v == 10);
        check(!cfg_parse_size("11", 0, 10, &v));
        check(!cfg_parse_size("+1", 0, 10, &v));
        check(!cfg_parse_size("", 0, 10, &v));
        check(!cfg_parse_size(NULL, 0, 10, &v));
    }
    return 0;
}
