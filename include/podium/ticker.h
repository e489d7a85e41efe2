/* A thread that calls one function at a fixed interval until stopped: the
 * connection watchdog (http/deadline.c) and the database maintenance
 * (store/store_maint.c). */
#ifndef PODIUM_TICKER_H
#define PODIUM_TICKER_H

struct ticker;

/* Calls fn(cls) every interval_ms, the first time interval_ms from now.
 * NULL when out of memory or no thread could be started. */
struct ticker *ticker_start(unsigned int interval_ms, void (*fn)(void *cls), void *cls);
/* Wakes the thread, waits for a call in progress to return, and frees
 * everything; NULL-safe. fn is not called after this returns. */
void ticker_stop(struct ticker *t);

#endif
