/* Single-thread throughput and peak heap of the segmenter.
 *
 * usage: segment [-r RUNS] [-t SECONDS] [-1] SEED CORPUS_FILE...
 *
 * Prints "key value" lines that bench/segment.sh turns into a table:
 *   seed_mbps, corpus_mbps    median over RUNS runs; each run repeats full
 *                             passes (every file segmented and freed once)
 *                             for at least SECONDS; MB = 10^6 bytes
 *   big_input_bytes, big_peak_heap_bytes, big_rss_growth_kb
 *                             one ~5 MB input made of the corpus files
 *                             repeated: peak heap during seg_segment() and
 *                             its result (alloc_count.h), and growth of the
 *                             process's maximum resident set
 *   doc_peak_heap_bytes, doc_bytes
 *                             the highest peak heap of any single corpus file
 *   slow_file PATH MBPS       the three slowest corpus files on their own
 *                             (median of 3 runs of >= SECONDS/5), to show
 *                             where a low corpus figure comes from
 * With -1, a warm-up pass and one counted pass over the corpus only (for
 * callgrind, which counts inside counted_pass) and prints pass_bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "alloc_count.h"
#include "podium/seg.h"

#define BIG_INPUT_BYTES ((size_t)5 << 20)

struct doc {
    const char *path;
    char *text;
    size_t len;
};

struct doc_set {
    struct doc *docs;
    size_t n, bytes;
};

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    long size;

    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0 || (text = malloc((size_t)size + 1)) == NULL ||
        fread(text, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "segment: cannot read %s\n", path);
        exit(2);
    }
    fclose(f);
    *len = (size_t)size;
    return text;
}

static void load(struct doc_set *set, char **paths, size_t n)
{
    set->docs = calloc(n, sizeof *set->docs);
    if (set->docs == NULL) {
        fprintf(stderr, "segment: out of memory\n");
        exit(2);
    }
    set->n = n;
    for (size_t i = 0; i < n; i++) {
        set->docs[i].path = paths[i];
        set->docs[i].text = read_file(paths[i], &set->docs[i].len);
        set->bytes += set->docs[i].len;
    }
}

static void unload(struct doc_set *set)
{
    for (size_t i = 0; i < set->n; i++)
        free(set->docs[i].text);
    free(set->docs);
}

static double now_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Segments and frees one text; a file the segmenter refuses is fatal here,
 * since a benchmark of error paths would measure nothing useful. */
static void segment_once(const char *path, const char *text, size_t len)
{
    struct seg_error err;
    struct seg_result *r = seg_segment(text, len, &err);

    if (r == NULL) {
        fprintf(stderr, "segment: %s: %s\n", path, err.message);
        exit(1);
    }
    seg_result_free(r);
}

static void pass(const struct doc_set *set)
{
    for (size_t i = 0; i < set->n; i++)
        segment_once(set->docs[i].path, set->docs[i].text, set->docs[i].len);
}

/* The pass callgrind counts (bench/segment.sh collects inside it only):
 * apart from the warm-up, so that tables built once per process are not
 * counted as work per byte. */
__attribute__((noinline)) static void counted_pass(const struct doc_set *set)
{
    pass(set);
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* Median MB/s of runs, each at least min_seconds of whole passes. */
static double throughput(const struct doc_set *set, int runs, double min_seconds)
{
    double *rates = calloc((size_t)runs, sizeof *rates), median;

    if (rates == NULL) {
        fprintf(stderr, "segment: out of memory\n");
        exit(2);
    }
    pass(set);   /* warm caches and any lazy tables */
    for (int r = 0; r < runs; r++) {
        double start = now_seconds(), elapsed;
        size_t passes = 0;

        do {
            pass(set);
            passes++;
            elapsed = now_seconds() - start;
        } while (elapsed < min_seconds);
        rates[r] = (double)set->bytes * (double)passes / elapsed / 1e6;
    }
    qsort(rates, (size_t)runs, sizeof *rates, compare_double);
    median = rates[runs / 2];
    free(rates);
    return median;
}

struct file_rate {
    const char *path;
    double mbps;
};

static int compare_rate(const void *a, const void *b)
{
    return compare_double(&((const struct file_rate *)a)->mbps,
                          &((const struct file_rate *)b)->mbps);
}

/* The three slowest single files, each timed alone. */
static void slowest_files(const struct doc_set *corpus, int runs, double min_seconds)
{
    struct file_rate *rates = calloc(corpus->n, sizeof *rates);

    if (rates == NULL) {
        fprintf(stderr, "segment: out of memory\n");
        exit(2);
    }
    for (size_t i = 0; i < corpus->n; i++) {
        struct doc_set one = {&corpus->docs[i], 1, corpus->docs[i].len};

        rates[i] = (struct file_rate){corpus->docs[i].path,
                                      throughput(&one, runs < 3 ? runs : 3, min_seconds / 5)};
    }
    qsort(rates, corpus->n, sizeof *rates, compare_rate);
    for (size_t k = 0; k < corpus->n && k < 3; k++)
        printf("slow_file %s %.2f\n", rates[k].path, rates[k].mbps);
    free(rates);
}

static long max_rss_kb(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* Peak heap of the biggest single document, and of a ~5 MB input. */
static void memory(const struct doc_set *corpus)
{
    size_t worst_peak = 0, worst_len = 0, len = 0;
    char *big = malloc(BIG_INPUT_BYTES + 64 * 1024);
    long rss_before;

    for (size_t i = 0; i < corpus->n; i++) {
        size_t peak;

        bench_alloc_mark();
        segment_once(corpus->docs[i].path, corpus->docs[i].text, corpus->docs[i].len);
        peak = bench_alloc_peak_since_mark();
        if (peak > worst_peak) {
            worst_peak = peak;
            worst_len = corpus->docs[i].len;
        }
    }
    printf("doc_peak_heap_bytes %zu\ndoc_bytes %zu\n", worst_peak, worst_len);

    if (big == NULL) {
        fprintf(stderr, "segment: out of memory\n");
        exit(2);
    }
    for (size_t i = 0; len < BIG_INPUT_BYTES; i = (i + 1) % corpus->n) {
        if (len + corpus->docs[i].len + 1 > BIG_INPUT_BYTES + 64 * 1024)
            break;
        memcpy(big + len, corpus->docs[i].text, corpus->docs[i].len);
        len += corpus->docs[i].len;
        big[len++] = '\n';
    }
    rss_before = max_rss_kb();
    bench_alloc_mark();
    segment_once("5 MB input", big, len);
    printf("big_input_bytes %zu\nbig_peak_heap_bytes %zu\nbig_rss_growth_kb %ld\n", len,
           bench_alloc_peak_since_mark(), max_rss_kb() - rss_before);
    free(big);
}

static void usage(void)
{
    fprintf(stderr, "usage: segment [-r RUNS] [-t SECONDS] [-1] SEED CORPUS_FILE...\n");
    exit(2);
}

int main(int argc, char **argv)
{
    struct seg_error err;
    struct doc_set seed = {0}, corpus = {0};
    int runs = 7, opt;
    double min_seconds = 0.5;
    int one_pass = 0;

    while ((opt = getopt(argc, argv, "r:t:1")) != -1) {
        if (opt == 'r' && (runs = atoi(optarg)) >= 1)
            continue;
        if (opt == 't' && (min_seconds = atof(optarg)) > 0)
            continue;
        if (opt == '1') {
            one_pass = 1;
            continue;
        }
        usage();
    }
    if (argc - optind < 2)
        usage();
    if (!seg_init(&err)) {
        fprintf(stderr, "segment: %s\n", err.message);
        return 2;
    }
    load(&seed, argv + optind, 1);
    load(&corpus, argv + optind + 1, (size_t)(argc - optind - 1));
    if (one_pass) {
        pass(&corpus);    /* builds the one-time tables (Chinese and English) outside the count */
        counted_pass(&corpus);
        printf("pass_bytes %zu\n", corpus.bytes);
    } else {
        printf("seed_bytes %zu\nseed_mbps %.2f\n", seed.bytes,
               throughput(&seed, runs, min_seconds));
        printf("corpus_files %zu\ncorpus_bytes %zu\ncorpus_mbps %.2f\n", corpus.n,
               corpus.bytes, throughput(&corpus, runs, min_seconds));
        slowest_files(&corpus, runs, min_seconds);
        memory(&corpus);
    }
    unload(&seed);
    unload(&corpus);
    return 0;
}
