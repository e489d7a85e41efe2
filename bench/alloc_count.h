/* Heap accounting for the benchmark: this binary replaces malloc and
 * friends with thin wrappers around glibc's own allocator that keep the
 * live and peak number of usable bytes. It sees every heap allocation of
 * the process, including OpenCC's and libstdc++'s, but not mmap calls made
 * outside malloc. Built only without sanitizers, which bring their own
 * allocator. */
#ifndef PODIUM_BENCH_ALLOC_COUNT_H
#define PODIUM_BENCH_ALLOC_COUNT_H

#include <stddef.h>

/* Starts a new measurement: the peak is reset to what is live now. */
void bench_alloc_mark(void);

/* Highest live heap since the mark, minus what was live at the mark. */
size_t bench_alloc_peak_since_mark(void);

#endif
