#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tally.h"

double tally_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void tally_ok(struct tally *t, double seconds)
{
    if (t->n_ok == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 1024;
        if ((t->latencies = realloc(t->latencies, t->cap * sizeof *t->latencies)) == NULL) {
            fprintf(stderr, "out of memory\n");
            exit(1);
        }
    }
    t->latencies[t->n_ok++] = seconds;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

void tally_print(struct tally *const *tallies, size_t n, double elapsed)
{
    size_t ok = 0, failed = 0, k = 0;
    double *all, sum = 0;

    for (size_t i = 0; i < n; i++) {
        ok += tallies[i]->n_ok;
        failed += tallies[i]->n_failed;
    }
    if ((all = malloc((ok + 1) * sizeof *all)) == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    for (size_t i = 0; i < n; i++) {
        if (tallies[i]->n_ok > 0)
            memcpy(all + k, tallies[i]->latencies, tallies[i]->n_ok * sizeof *all);
        k += tallies[i]->n_ok;
        free(tallies[i]->latencies);
        tallies[i]->latencies = NULL;
    }
    qsort(all, ok, sizeof *all, compare_double);
    for (size_t i = 0; i < ok; i++)
        sum += all[i];
    printf("sent %zu\nok %zu\nfailed %zu\nseconds %.2f\nper_second %.1f\np50_ms %.2f\n"
           "p99_ms %.2f\nmean_ms %.2f\n", ok + failed, ok, failed, elapsed,
           (double)ok / elapsed, ok ? all[ok / 2] * 1000 : 0.0,
           ok ? all[(size_t)((double)ok * 0.99)] * 1000 : 0.0, ok ? sum / (double)ok * 1000 : 0.0);
    free(all);
}
