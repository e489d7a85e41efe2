/* What the two ingest load programs (post, ref_ingest) count per thread and
 * print at the end, in one place so their figures mean the same. */
#ifndef PODIUM_BENCH_TALLY_H
#define PODIUM_BENCH_TALLY_H

#include <stddef.h>

struct tally {
    double *latencies;              /* seconds, one per success */
    size_t n_ok, cap, n_failed;
};

/* Monotonic seconds. */
double tally_now(void);
/* Counts one success taking seconds; exits the program when out of memory. */
void tally_ok(struct tally *t, double seconds);
/* Prints sent, ok, failed, seconds, per_second, p50_ms, p99_ms and mean_ms
 * as "key value" lines over the n tallies, and frees their latencies. */
void tally_print(struct tally *const *tallies, size_t n, double elapsed);

#endif
