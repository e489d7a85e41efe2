/* Deadlines per connection. libmicrohttpd's connection timeout counts
 * inactivity, so a client sending one byte a second never reaches it; a
 * watchdog thread instead cuts every connection whose armed deadline has
 * passed (shutdown() of its socket: libmicrohttpd then sees the end of the
 * stream and closes the connection through its usual path). */
#ifndef PODIUM_HTTP_DEADLINE_H
#define PODIUM_HTTP_DEADLINE_H

#include <stdbool.h>

struct http_deadlines;              /* the watchdog and the connections it watches */
struct http_deadline;               /* one connection's entry */

/* Starts the watchdog; timeout_s is how long an armed deadline lasts.
 * NULL when out of memory or no thread could be started. */
struct http_deadlines *http_deadlines_start(unsigned int timeout_s);
/* Stops the watchdog and frees what is left; call after the daemon stopped. */
void http_deadlines_stop(struct http_deadlines *d);

/* Watches socket fd, armed from now. NULL when out of memory (the
 * connection then only has libmicrohttpd's inactivity timeout). */
struct http_deadline *http_deadline_add(struct http_deadlines *d, int fd);
/* Forgets the entry; must happen before fd is closed. NULL-safe. */
void http_deadline_remove(struct http_deadlines *d, struct http_deadline *e);
/* Arms (from now) or disarms the entry's deadline. NULL-safe. */
void http_deadline_arm(struct http_deadline *e, bool armed);

#endif
