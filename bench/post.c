/* The ingest load client: POSTs reports to a podium server over keep-alive
 * connections, one thread per connection, and prints the same "key value"
 * lines as bench/ref_ingest. It reads the variants that ref_ingest reads
 * (bench/load.py dump), so both sides get the same input, and does nothing
 * per request but copy a text and append a number to it: the client takes
 * as little as it can of the CPU that podium and PostgreSQL share with it.
 *
 * usage: post [-c CONNECTIONS] [-s SECONDS] [-n COUNT] [-f FIRST] URL VARIANTS_FILE
 *   URL: http://127.0.0.1:PORT (the reports go to URL/reports).
 *   Request k = FIRST, FIRST+1, ... posts variant k mod V with a last line
 *   naming k, so every text is new as long as the numbers are; it stops
 *   after COUNT requests or SECONDS, whichever comes first (one at least
 *   must be given). "next" in the output is the first number not used. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "tally.h"

#define IO_TIMEOUT_S 60
#define HEAD_MAX 8192

struct text {
    const char *s;
    size_t len;
};

struct shared {
    const struct text *variants;
    size_t n_variants;
    struct sockaddr_in addr;
    atomic_ullong next;             /* the next request number */
    unsigned long long last;        /* requests stop before this number */
    double stop;                    /* ... or at this time */
};

struct worker {
    pthread_t thread;
    struct shared *sh;
    struct tally tally;             /* a success is a 200 or 201 */
    char *buf;                      /* request, then response */
    size_t buf_cap;
};

_Noreturn static void die(const char *what)
{
    fprintf(stderr, "post: %s\n", what);
    exit(1);
}

static int connect_server(const struct shared *sh)
{
    struct timeval tv = {IO_TIMEOUT_S, 0};
    int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0);

    if (fd < 0)
        return -1;
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (const struct sockaddr *)&sh->addr, sizeof sh->addr) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static bool send_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

/* Reads one response and returns its status, or 0 when the connection
 * failed or the response cannot be read (no Content-Length). The body is
 * read and dropped; *closing tells whether the server ends the connection. */
static int read_response(int fd, bool *closing)
{
    char head[HEAD_MAX + 1], sink[65536];
    size_t got = 0, body_have, body_len;
    const char *end = NULL, *cl;
    int status;

    while (end == NULL) {
        ssize_t r;

        if (got == HEAD_MAX)
            return 0;
        r = recv(fd, head + got, HEAD_MAX - got, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return 0;
        got += (size_t)r;
        head[got] = '\0';
        end = strstr(head, "\r\n\r\n");
    }
    if (sscanf(head, "HTTP/1.%*d %d", &status) != 1)
        return 0;
    cl = strcasestr(head, "\r\nContent-Length:");
    if (cl == NULL || cl > end)
        return 0;
    body_len = strtoul(cl + 17, NULL, 10);
    *closing = strcasestr(head, "\r\nConnection: close") != NULL;
    body_have = got - (size_t)(end + 4 - head);
    while (body_have < body_len) {
        size_t want = body_len - body_have;
        ssize_t r = recv(fd, sink, want < sizeof sink ? want : sizeof sink, 0);

        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return 0;
        body_have += (size_t)r;
    }
    return body_have == body_len ? status : 0;
}

/* The request for number k in w->buf; returns its length. */
static size_t build_request(struct worker *w, unsigned long long k)
{
    const struct text *t = &w->sh->variants[k % w->sh->n_variants];
    char tail[48], head[160];
    int tail_len = snprintf(tail, sizeof tail, "(post %llu)\n", k);
    int head_len = snprintf(head, sizeof head,
                            "POST /reports HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            "Content-Type: text/plain; charset=utf-8\r\n"
                            "Content-Length: %zu\r\n\r\n", t->len + (size_t)tail_len);
    size_t n = (size_t)head_len + t->len + (size_t)tail_len;

    if (n > w->buf_cap) {
        w->buf_cap = n * 2;
        if ((w->buf = realloc(w->buf, w->buf_cap)) == NULL)
            die("out of memory");
    }
    memcpy(w->buf, head, (size_t)head_len);
    memcpy(w->buf + head_len, t->s, t->len);
    memcpy(w->buf + (size_t)head_len + t->len, tail, (size_t)tail_len);
    return n;
}

static void *worker_run(void *arg)
{
    struct worker *w = arg;
    struct shared *sh = w->sh;
    int fd = -1;

    for (;;) {
        unsigned long long k = atomic_fetch_add(&sh->next, 1);
        size_t n;
        double start;
        int status = 0;
        bool closing = false;

        if (k >= sh->last || tally_now() >= sh->stop)
            break;
        n = build_request(w, k);
        start = tally_now();
        if (fd < 0)
            fd = connect_server(sh);
        if (fd >= 0 && send_all(fd, w->buf, n))
            status = read_response(fd, &closing);
        if (fd >= 0 && (status == 0 || closing)) {  /* unknown state, or ended */
            close(fd);
            fd = -1;
        }
        if (status == 200 || status == 201) {
            tally_ok(&w->tally, tally_now() - start);
            continue;
        }
        if (w->tally.n_failed++ == 0)
            fprintf(stderr, "post: request %llu: %s\n", k,
                    status ? "answered neither 200 nor 201" : "connection failed");
    }
    if (fd >= 0)
        close(fd);
    return NULL;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    long size;

    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0 || (data = malloc((size_t)size + 1)) == NULL ||
        fread(data, 1, (size_t)size, f) != (size_t)size)
        die("cannot read the variants file");
    fclose(f);
    data[size] = '\0';
    *len = (size_t)size;
    return data;
}

static void usage(void)
{
    fprintf(stderr, "usage: post [-c CONNECTIONS] [-s SECONDS] [-n COUNT] [-f FIRST] "
                    "http://127.0.0.1:PORT VARIANTS_FILE\n");
    exit(2);
}

int main(int argc, char **argv)
{
    struct shared sh = {0};
    struct worker *workers;
    struct tally **tallies;
    struct text *variants = NULL;
    size_t len, n = 0;
    unsigned long long count = 0, first = 0;
    double seconds = 0, begin, elapsed;
    int conns = 16, opt, port;
    char *data, *p;

    while ((opt = getopt(argc, argv, "c:s:n:f:")) != -1) {
        if (opt == 'c' && (conns = atoi(optarg)) >= 1 && conns <= 256)
            continue;
        if (opt == 's' && (seconds = atof(optarg)) > 0 && seconds <= 3600)
            continue;
        if (opt == 'n' && (count = strtoull(optarg, NULL, 10)) > 0)
            continue;
        if (opt == 'f') {
            first = strtoull(optarg, NULL, 10);
            continue;
        }
        usage();
    }
    if (optind != argc - 2 || (count == 0 && seconds == 0) ||
        sscanf(argv[optind], "http://127.0.0.1:%d", &port) != 1 || port <= 0 || port > 65535)
        usage();
    data = read_all(argv[optind + 1], &len);
    for (p = data; p < data + len; p += strlen(p) + 1) {
        if ((n & (n - 1)) == 0 &&
            (variants = realloc(variants, (n ? n * 2 : 1) * sizeof *variants)) == NULL)
            die("out of memory");
        variants[n++] = (struct text){p, strlen(p)};
    }
    if (n == 0)
        die("no reports in the variants file");
    sh.variants = variants;
    sh.n_variants = n;
    sh.addr.sin_family = AF_INET;
    sh.addr.sin_port = htons((uint16_t)port);
    sh.addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    atomic_init(&sh.next, first);
    sh.last = count ? first + count : ~0ULL;
    /* Without a time limit, a count still ends within the hour. */
    begin = tally_now();
    sh.stop = begin + (seconds > 0 ? seconds : 3600);
    if ((workers = calloc((size_t)conns, sizeof *workers)) == NULL ||
        (tallies = calloc((size_t)conns, sizeof *tallies)) == NULL)
        die("out of memory");
    for (int i = 0; i < conns; i++) {
        workers[i].sh = &sh;
        if (pthread_create(&workers[i].thread, NULL, worker_run, &workers[i]) != 0)
            die("cannot start a thread");
    }
    for (int i = 0; i < conns; i++) {
        pthread_join(workers[i].thread, NULL);
        tallies[i] = &workers[i].tally;
        free(workers[i].buf);
    }
    elapsed = tally_now() - begin;
    printf("next %llu\n", (unsigned long long)atomic_load(&sh.next));
    tally_print(tallies, (size_t)conns, elapsed);
    free(tallies);
    free(workers);
    free(variants);
    free(data);
    return 0;
}
