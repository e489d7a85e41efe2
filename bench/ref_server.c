/* The read reference: the least a libmicrohttpd + libpq server can do per
 * request, measured beside podium in the same run.
 *
 * usage: ref_server [-t THREADS]      (DATABASE_URL from the environment)
 *
 * Listens on an ephemeral port of 127.0.0.1 and prints "port N" on stdout.
 *   GET /const        a constant 300-byte JSON body (the /healthz reference)
 *   GET /people/ID    one prepared SELECT of people by primary key on the
 *                     worker thread's own connection, encoded with jansson
 *                     (the GET /speakers/{id} reference)
 * Same daemon flags as podium: epoll, an internal thread pool, keep-alive,
 * the reply queued on the last call. Stops on SIGTERM or SIGINT, or after
 * an hour at the latest so a forgotten one cannot linger. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <libpq-fe.h>
#include <microhttpd.h>

#define LIFETIME_SECONDS 3600

static pthread_key_t conn_key;
static const char *database_url;
static volatile sig_atomic_t stopping;

static const char constant_body[] =
    "{\"status\":\"ok\",\"service\":\"reference\",\"detail\":\"a constant body of about three "
    "hundred bytes, so the reference answers as much as a small podium object does; the text "
    "carries no meaning and is the same in every answer\",\"items\":[1,2,3,4,5,6,7,8,9,10],"
    "\"next\":null,\"version\":\"0.1.0\",\"padding\":\"............\"}";

static void conn_close(void *conn)
{
    PQfinish(conn);
}

/* The worker's connection with the statement prepared, opened on first use. */
static PGconn *thread_conn(void)
{
    PGconn *conn = pthread_getspecific(conn_key);
    PGresult *res;

    if (conn != NULL && PQstatus(conn) == CONNECTION_OK)
        return conn;
    if (conn != NULL)
        PQfinish(conn);
    conn = PQconnectdb(database_url);
    if (PQstatus(conn) != CONNECTION_OK) {
        fprintf(stderr, "ref_server: %s", PQerrorMessage(conn));
        PQfinish(conn);
        pthread_setspecific(conn_key, NULL);
        return NULL;
    }
    res = PQprepare(conn, "person",
                    "SELECT id, name, name_key, affiliation, report_count, remark_count,"
                    " recommendation_count FROM people WHERE id = $1::bigint", 1, NULL);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        fprintf(stderr, "ref_server: prepare: %s", PQerrorMessage(conn));
        PQclear(res);
        PQfinish(conn);
        pthread_setspecific(conn_key, NULL);
        return NULL;
    }
    PQclear(res);
    pthread_setspecific(conn_key, conn);
    return conn;
}

static char *person_json(const char *id, unsigned int *status)
{
    PGconn *conn = thread_conn();
    PGresult *res;
    json_t *obj;
    char *body;

    *status = MHD_HTTP_SERVICE_UNAVAILABLE;
    if (conn == NULL)
        return NULL;
    res = PQexecPrepared(conn, "person", 1, &id, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
        *status = PQresultStatus(res) == PGRES_TUPLES_OK ? MHD_HTTP_NOT_FOUND
                                                         : MHD_HTTP_INTERNAL_SERVER_ERROR;
        PQclear(res);
        return NULL;
    }
    obj = json_pack("{s:I, s:s, s:s, s:s?, s:i, s:i, s:i}",
                    "id", (json_int_t)strtoll(PQgetvalue(res, 0, 0), NULL, 10),
                    "name", PQgetvalue(res, 0, 1), "name_key", PQgetvalue(res, 0, 2),
                    "affiliation", PQgetisnull(res, 0, 3) ? NULL : PQgetvalue(res, 0, 3),
                    "report_count", atoi(PQgetvalue(res, 0, 4)),
                    "remark_count", atoi(PQgetvalue(res, 0, 5)),
                    "recommendation_count", atoi(PQgetvalue(res, 0, 6)));
    PQclear(res);
    body = obj != NULL ? json_dumps(obj, JSON_COMPACT) : NULL;
    json_decref(obj);
    *status = body != NULL ? MHD_HTTP_OK : MHD_HTTP_INTERNAL_SERVER_ERROR;
    return body;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **req_cls)
{
    static int first_call_marker;
    struct MHD_Response *resp;
    unsigned int status = MHD_HTTP_NOT_FOUND;
    enum MHD_Result ret;
    char *body = NULL;

    if (*req_cls == NULL) {          /* headers only: answer on the last call */
        *req_cls = &first_call_marker;
        return MHD_YES;
    }
    *upload_size = 0;
    if (strcmp(url, "/const") == 0) {
        resp = MHD_create_response_from_buffer(sizeof constant_body - 1, (void *)constant_body,
                                               MHD_RESPMEM_PERSISTENT);
        status = MHD_HTTP_OK;
    } else {
        if (strncmp(url, "/people/", 8) == 0)
            body = person_json(url + 8, &status);
        if (body != NULL)
            resp = MHD_create_response_from_buffer(strlen(body), body, MHD_RESPMEM_MUST_FREE);
        else
            resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
    }
    if (resp == NULL) {
        free(body);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
    ret = MHD_queue_response(conn, status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static void on_signal(int sig)
{
    stopping = 1;
}

int main(int argc, char **argv)
{
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0};
    struct sigaction sa = {.sa_handler = on_signal};
    const union MHD_DaemonInfo *info;
    struct MHD_Daemon *daemon;
    unsigned int threads = 8;
    int opt;

    while ((opt = getopt(argc, argv, "t:")) != -1) {
        if (opt == 't' && atoi(optarg) >= 1 && atoi(optarg) <= 256) {
            threads = (unsigned int)atoi(optarg);
            continue;
        }
        fprintf(stderr, "usage: ref_server [-t THREADS 1-256]\n");
        return 2;
    }
    if ((database_url = getenv("DATABASE_URL")) == NULL) {
        fprintf(stderr, "ref_server: DATABASE_URL is not set\n");
        return 2;
    }
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    pthread_key_create(&conn_key, conn_close);
    daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG,
                              0, NULL, NULL, on_request, NULL,
                              MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
                              MHD_OPTION_THREAD_POOL_SIZE, threads,
                              MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_END);
    if (daemon == NULL) {
        fprintf(stderr, "ref_server: cannot start the HTTP daemon\n");
        return 1;
    }
    info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    printf("port %u\n", info != NULL ? (unsigned int)info->port : 0u);
    fflush(stdout);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    for (int waited = 0; !stopping && waited < LIFETIME_SECONDS; waited++)
        sleep(1);
    MHD_stop_daemon(daemon);
    return 0;
}
