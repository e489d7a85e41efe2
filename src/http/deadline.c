/* The connection watchdog. See deadline.h. */
#include "http/deadline.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "http/metrics.h"
#include "podium/log.h"
#include "podium/ticker.h"

/* How often the watchdog looks: a deadline is enforced at most this late. */
#define SCAN_INTERVAL_MS 250

struct http_deadline {
    struct http_deadline *prev, *next;
    int fd;
    atomic_int_fast64_t due_ms;     /* CLOCK_MONOTONIC ms; 0 = disarmed */
    int64_t timeout_ms;
};

struct http_deadlines {
    pthread_mutex_t lock;           /* guards the list */
    struct http_deadline *head;
    int64_t timeout_ms;
    struct ticker *watchdog;
};

static int64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Entries leave the list before their socket is closed, and the list is
 * walked under the lock, so fd always names the connection's own socket. */
static void cut_overdue(void *cls)
{
    struct http_deadlines *d = cls;
    int64_t now = now_ms();

    pthread_mutex_lock(&d->lock);
    for (struct http_deadline *e = d->head; e != NULL; e = e->next) {
        int64_t due = atomic_load(&e->due_ms);

        if (due == 0 || now < due)
            continue;
        atomic_store(&e->due_ms, 0);
        log_warn("closing a connection that did not finish its request or read its answer "
                 "within %lld s", (long long)(e->timeout_ms / 1000));
        shutdown(e->fd, SHUT_RDWR);
        http_metrics_connection_cut();
    }
    pthread_mutex_unlock(&d->lock);
}

struct http_deadlines *http_deadlines_start(unsigned int timeout_s)
{
    struct http_deadlines *d = calloc(1, sizeof *d);

    if (d == NULL)
        return NULL;
    d->timeout_ms = (int64_t)timeout_s * 1000;
    pthread_mutex_init(&d->lock, NULL);
    if ((d->watchdog = ticker_start(SCAN_INTERVAL_MS, cut_overdue, d)) == NULL) {
        pthread_mutex_destroy(&d->lock);
        free(d);
        return NULL;
    }
    return d;
}

void http_deadlines_stop(struct http_deadlines *d)
{
    if (d == NULL)
        return;
    ticker_stop(d->watchdog);
    while (d->head != NULL) {
        struct http_deadline *e = d->head;

        d->head = e->next;
        free(e);
    }
    pthread_mutex_destroy(&d->lock);
    free(d);
}

struct http_deadline *http_deadline_add(struct http_deadlines *d, int fd)
{
    struct http_deadline *e = calloc(1, sizeof *e);

    if (e == NULL)
        return NULL;
    e->fd = fd;
    e->timeout_ms = d->timeout_ms;
    http_deadline_arm(e, true);
    pthread_mutex_lock(&d->lock);
    e->next = d->head;
    if (d->head != NULL)
        d->head->prev = e;
    d->head = e;
    pthread_mutex_unlock(&d->lock);
    return e;
}

void http_deadline_remove(struct http_deadlines *d, struct http_deadline *e)
{
    if (e == NULL)
        return;
    pthread_mutex_lock(&d->lock);
    if (e->prev != NULL)
        e->prev->next = e->next;
    else
        d->head = e->next;
    if (e->next != NULL)
        e->next->prev = e->prev;
    pthread_mutex_unlock(&d->lock);
    free(e);
}

void http_deadline_arm(struct http_deadline *e, bool armed)
{
    if (e != NULL)
        atomic_store(&e->due_ms, armed ? now_ms() + e->timeout_ms : 0);
}
