#include "alloc_count.h"

#include <errno.h>
#include <malloc.h>
#include <stdatomic.h>
#include <stdlib.h>

/* glibc's allocator under its internal names, so the wrappers below can
 * take the public ones. */
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);
extern void __libc_free(void *p);

static atomic_size_t live_bytes, peak_bytes, mark_bytes;

static void *counted(void *p)
{
    if (p != NULL) {
        size_t now = atomic_fetch_add_explicit(&live_bytes, malloc_usable_size(p),
                                               memory_order_relaxed) +
                     malloc_usable_size(p);
        size_t peak = atomic_load_explicit(&peak_bytes, memory_order_relaxed);

        while (now > peak && !atomic_compare_exchange_weak_explicit(
                                 &peak_bytes, &peak, now, memory_order_relaxed,
                                 memory_order_relaxed))
            ;
    }
    return p;
}

static void uncount(void *p)
{
    if (p != NULL)
        atomic_fetch_sub_explicit(&live_bytes, malloc_usable_size(p), memory_order_relaxed);
}

void *malloc(size_t size)
{
    return counted(__libc_malloc(size));
}

void *calloc(size_t n, size_t size)
{
    return counted(__libc_calloc(n, size));
}

void *realloc(void *p, size_t size)
{
    void *q;

    uncount(p);
    q = __libc_realloc(p, size);
    if (q == NULL && size != 0) {
        counted(p);   /* the old block is still there */
        return NULL;
    }
    return counted(q);
}

void free(void *p)
{
    uncount(p);
    __libc_free(p);
}

void *memalign(size_t alignment, size_t size)
{
    return counted(__libc_memalign(alignment, size));
}

void *aligned_alloc(size_t alignment, size_t size)
{
    return counted(__libc_memalign(alignment, size));
}

int posix_memalign(void **out, size_t alignment, size_t size)
{
    void *p;

    if (alignment < sizeof(void *) || (alignment & (alignment - 1)) != 0)
        return EINVAL;
    p = counted(__libc_memalign(alignment, size));
    if (p == NULL)
        return ENOMEM;
    *out = p;
    return 0;
}

void bench_alloc_mark(void)
{
    size_t now = atomic_load(&live_bytes);

    atomic_store(&mark_bytes, now);
    atomic_store(&peak_bytes, now);
}

size_t bench_alloc_peak_since_mark(void)
{
    size_t peak = atomic_load(&peak_bytes), mark = atomic_load(&mark_bytes);

    return peak > mark ? peak - mark : 0;
}
