/* podium: configuration (environment, then flags) and subcommand dispatch. */
#include <getopt.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers/h_cache.h"
#include "handlers/handlers.h"
#include "http/server.h"
#include "podium/cli.h"
#include "podium/config.h"
#include "podium/log.h"
#include "podium_build.h"
#include "store/store.h"

/* Long enough for a slow request to finish, short enough for an orchestrator
 * that sends SIGKILL after its own grace period (Docker: 10 s by default). */
#define SHUTDOWN_GRACE_MS 9000
/* How often the trigram indexes' pending lists are merged (store_maint.c): about a
 * second of posts per merge, the batch size the default 4 MB list gave. */
#define MAINT_INTERVAL_MS 1000

static const char usage[] =
    "usage: podium COMMAND [OPTIONS]\n"
    "\n"
    "commands:\n"
    "  serve [--listen ADDR:PORT] [--threads N]\n"
    "                     serve HTTP; applies pending migrations first unless PODIUM_MIGRATE=0\n"
    "  migrate            apply pending migrations and exit\n"
    "  segment [--explain] [FILE|-]\n"
    "                     print the Segmentation JSON of one report (no database); with\n"
    "                     --explain, each decision with its rule and evidence, as text\n"
    "  import [--rejects FILE] [--batch N] [--threads N] PATH...\n"
    "                     store many reports: directories of .txt and .jsonl files, or -\n"
    "                     for NDJSON on stdin; reports already stored are skipped\n"
    "  export --format jsonl|csv|csv-zip [--since DATE] [--until DATE] [--bom] [--text]\n"
    "         [--out PATH]\n"
    "                     every stored report as JSON lines, or as CSV tables\n"
    "  --help, --version\n"
    "\n"
    "environment: DATABASE_URL, PODIUM_LISTEN (127.0.0.1:8080), PODIUM_THREADS (4 x cores),\n"
    "  PODIUM_MAX_BODY (1048576), PODIUM_API_TOKEN, PODIUM_CORS_ORIGINS, PODIUM_LOG (info),\n"
    "  PODIUM_MIGRATE (1), PODIUM_MIGRATIONS_DIR, PODIUM_WEB_DIR, PODIUM_DOCS_DIR,\n"
    "  PODIUM_ALLOW_OPEN (0), PODIUM_MAX_CONNECTIONS (1024), PODIUM_MAX_CONNECTIONS_PER_IP (256),\n"
    "  PODIUM_CONN_TIMEOUT (30 s), PODIUM_DB_TIMEOUT (10 s), PODIUM_CACHE_MB (28)\n";

static const char *env_lookup(const char *name)
{
    return getenv(name);
}

static bool load_config(struct cfg *cfg)
{
    char err[256];

    if (!cfg_load(cfg, env_lookup, err, sizeof err)) {
        fprintf(stderr, "podium: %s\n", err);
        return false;
    }
    log_set_level(cfg->log_level);
    store_set_transaction_pooling(cfg->transaction_pooling);
    return true;
}

/* Flags of `podium serve`, applied over the environment. */
static bool serve_flags(struct cfg *cfg, int argc, char **argv)
{
    static const struct option options[] = {
        {"listen", required_argument, NULL, 'l'},
        {"threads", required_argument, NULL, 't'},
        {NULL, 0, NULL, 0},
    };
    char err[256];
    unsigned long long n;
    int opt;

    optind = 1;
    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (opt) {
        case 'l':
            if (!cfg_set_listen(cfg, optarg, "--listen", err, sizeof err)) {
                fprintf(stderr, "podium: %s\n", err);
                return false;
            }
            break;
        case 't':
            if (!cfg_parse_size(optarg, 1, CFG_THREADS_MAX, &n)) {
                fprintf(stderr, "podium: --threads: expected a whole number of 1-%d, got \"%s\"\n",
                        CFG_THREADS_MAX, optarg);
                return false;
            }
            cfg->threads = (unsigned int)n;
            break;
        default:
            fputs(usage, stderr);
            return false;
        }
    }
    if (optind != argc) {
        fprintf(stderr, "podium serve: unexpected argument \"%s\"\n", argv[optind]);
        return false;
    }
    return true;
}

static int cmd_serve(int argc, char **argv)
{
    struct http_server *srv;
    struct h_cache *cache = NULL;
    struct http_app app;
    struct store_maint *maint;
    struct cfg cfg;
    char err[256], host[sizeof cfg.listen];
    sigset_t stop_signals;
    int sig = 0;

    if (!load_config(&cfg) || !serve_flags(&cfg, argc, argv))
        return 2;
    if (!cfg_check_exposure(&cfg, err, sizeof err)) {
        fprintf(stderr, "podium: %s\n", err);
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    /* glibc gives each worker thread an arena of its own, and each keeps
     * what its requests freed: the same reads peaked at 56.8 MB of RSS on
     * per-thread arenas and at 52.2 MB on two, at the same requests per
     * second (issue 6 measures RSS against a 64 MiB target). */
    mallopt(M_ARENA_MAX, 2);
    /* Until the server runs, SIGTERM simply ends the process: a migration
     * in progress is rolled back by the server when the connection drops. */
    if (cfg.migrate_on_start && store_migrate(cfg.database_url, cfg.migrations_dir) != 0) {
        log_error("serve: migrations failed; not starting (PODIUM_MIGRATE=0 skips them)");
        return 1;
    }
    /* Blocked before any worker thread starts, so every thread inherits the
     * mask and the signals reach only sigwait() below. */
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
    if (cfg.cache_mb > 0 && (cache = h_cache_new((size_t)cfg.cache_mb << 20)) == NULL) {
        log_error("serve: out of memory");
        return 1;
    }
    app = h_app(cache);
    srv = http_server_start(&cfg, &app, err, sizeof err);
    if (srv == NULL) {
        log_error("serve: %s", err);
        h_cache_free(cache);
        return 1;
    }
    if ((maint = store_maint_start(cfg.database_url, MAINT_INTERVAL_MS)) == NULL)
        log_warn("serve: no maintenance thread: inserts will merge index pending lists themselves");
    snprintf(host, sizeof host, "%.*s", (int)(strrchr(cfg.listen, ':') - cfg.listen), cfg.listen);
    log_info("listening on %s:%u with %u threads", host, http_server_port(srv), cfg.threads);

    sigwait(&stop_signals, &sig);
    log_info("%s: shutting down; waiting up to %d ms for requests in flight",
             sig == SIGINT ? "SIGINT" : "SIGTERM", SHUTDOWN_GRACE_MS);
    http_server_stop(srv, SHUTDOWN_GRACE_MS);
    store_maint_stop(maint);
    h_cache_free(cache);
    log_info("stopped");
    return 0;
}

static int cmd_migrate(int argc, char **argv)
{
    struct cfg cfg;

    if (argc > 1) {
        fprintf(stderr, "podium migrate: unexpected argument \"%s\"\n", argv[1]);
        return 2;
    }
    if (!load_config(&cfg))
        return 2;
    return store_migrate(cfg.database_url, cfg.migrations_dir) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    const char *command = argc > 1 ? argv[1] : NULL;

    if (command == NULL) {
        fputs(usage, stderr);
        return 2;
    }
    if (strcmp(command, "--help") == 0 || strcmp(command, "-h") == 0 ||
        strcmp(command, "help") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(command, "--version") == 0 || strcmp(command, "-V") == 0) {
        printf("podium %s\n", PODIUM_VERSION);
        return 0;
    }
    /* Each subcommand sees its own argv: argv[0] is the command's name. */
    if (strcmp(command, "serve") == 0)
        return cmd_serve(argc - 1, argv + 1);
    if (strcmp(command, "migrate") == 0)
        return cmd_migrate(argc - 1, argv + 1);
    if (strcmp(command, "segment") == 0)
        return cmd_segment(argc - 1, argv + 1);
    if (strcmp(command, "import") == 0 || strcmp(command, "export") == 0) {
        struct cfg cfg;

        if (!load_config(&cfg))
            return 2;
        return command[0] == 'i' ? cmd_import(&cfg, argc - 1, argv + 1)
                                 : cmd_export(&cfg, argc - 1, argv + 1);
    }
    fprintf(stderr, "podium: unknown command \"%s\"\n\n%s", command, usage);
    return 2;
}
