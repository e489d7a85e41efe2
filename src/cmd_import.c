/* podium import PATH...: many reports in at once. A directory gives its .txt
 * files (one report each) and its .jsonl/.ndjson files (one report object,
 * the JSON body of POST /reports, per line), searched in name order; "-" is
 * NDJSON on standard input.
 *
 * Reports go through in batches: the reader fills a batch, every core
 * parses and segments it, and while one thread writes it in one
 * transaction (the statement of POST /reports, so the rows are the same)
 * the next batch is read and segmented. A report already stored is
 * skipped and counted, so an import run again after a stop stores only
 * what is missing. A bad line is rejected with its file, line and reason,
 * on stderr and in the rejects file, and never stops the import.
 *
 * Exit status: 0 every report stored or already there, 1 some were
 * rejected, 2 bad usage or a path that cannot be read, 3 the database
 * failed (what was committed stays; run again to go on). */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "handlers/h_common.h"
#include "podium/cli.h"
#include "podium/enc.h"
#include "store/store.h"

#define EXIT_REJECTS 1
#define EXIT_USAGE 2
#define EXIT_DATABASE 3
#define BATCH_DEFAULT 100
#define BATCH_MAX 10000
#define TTY_EVERY_S 0.2         /* a bar that moves without flooding the terminal */
#define LOG_EVERY_S 2.0         /* a progress line in a log every few seconds */
#define BAR_WIDTH 30

enum source_kind { SOURCE_TEXT, SOURCE_LINES };

struct source {
    char *path;                     /* "-" for standard input */
    enum source_kind kind;
};

/* One report on its way: read, then parsed and segmented by a worker. */
struct item {
    const char *file;
    unsigned long line;             /* 0: the whole file is the report */
    char *buf;
    size_t len;
    bool failed;
    bool known;                     /* stored before: skipped without segmenting */
    struct h_report_input in;
    struct store_report_prepared prepared;
    struct h_input_problem problem;
};

struct batch {
    struct item *items;
    size_t n;
    struct store_batch_item *writes;
    size_t n_writes;
    enum store_qs qs;               /* of the write */
    atomic_size_t next;             /* the next item a worker takes */
};

struct importer {
    struct source *sources;
    size_t n_sources, current;
    FILE *lines;                    /* the SOURCE_LINES file being read, or NULL */
    unsigned long line;
    unsigned int threads;
    size_t batch_size;
    struct store *st;               /* the writer's */
    struct store *check_st;         /* the reader's, for texts stored before */
    FILE *rejects;
    const char *rejects_path;
    unsigned long total;            /* 0: unknown (standard input) */
    unsigned long done, stored, duplicates, rejected;
    struct timespec started;
    double last_progress;
    bool tty;
};

static const char usage[] =
    "usage: podium import [--rejects FILE] [--batch N] [--threads N] PATH...\n"
    "  PATH: a directory (its .txt, .jsonl and .ndjson files), a file, or - for NDJSON on stdin\n";

static double elapsed(const struct importer *im)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - im->started.tv_sec) +
           (double)(now.tv_nsec - im->started.tv_nsec) / 1e9;
}

static bool has_suffix(const char *name, const char *suffix)
{
    size_t n = strlen(name), k = strlen(suffix);

    return n > k && strcmp(name + n - k, suffix) == 0;
}

static bool lines_file(const char *name)
{
    return has_suffix(name, ".jsonl") || has_suffix(name, ".ndjson");
}

static bool add_source(struct importer *im, const char *path, enum source_kind kind)
{
    struct source *grown = realloc(im->sources, (im->n_sources + 1) * sizeof *grown);

    if (grown == NULL)
        return false;
    im->sources = grown;
    if ((grown[im->n_sources].path = strdup(path)) == NULL)
        return false;
    grown[im->n_sources++].kind = kind;
    return true;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the report files under dir, subdirectories included, in name order. */
static bool add_directory(struct importer *im, const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **names = NULL;
    size_t n = 0;
    bool ok = true;

    if (d == NULL) {
        fprintf(stderr, "podium import: %s: %s\n", dir, strerror(errno));
        return false;
    }
    while (ok && (e = readdir(d)) != NULL) {
        char **grown;

        if (e->d_name[0] == '.')
            continue;
        if ((grown = realloc(names, (n + 1) * sizeof *grown)) == NULL ||
            asprintf(&grown[n], "%s/%s", dir, e->d_name) < 0) {
            names = grown != NULL ? grown : names;
            ok = false;
            break;
        }
        names = grown;
        n++;
    }
    closedir(d);
    qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        struct stat sb;

        if (ok && stat(names[i], &sb) == 0) {
            if (S_ISDIR(sb.st_mode))
                ok = add_directory(im, names[i]);
            else if (S_ISREG(sb.st_mode) && has_suffix(names[i], ".txt"))
                ok = add_source(im, names[i], SOURCE_TEXT);
            else if (S_ISREG(sb.st_mode) && lines_file(names[i]))
                ok = add_source(im, names[i], SOURCE_LINES);
        }
        free(names[i]);
    }
    free(names);
    return ok;
}

static bool add_path(struct importer *im, const char *path)
{
    struct stat sb;

    if (strcmp(path, "-") == 0)
        return add_source(im, path, SOURCE_LINES);
    if (stat(path, &sb) != 0) {
        fprintf(stderr, "podium import: %s: %s\n", path, strerror(errno));
        return false;
    }
    if (S_ISDIR(sb.st_mode))
        return add_directory(im, path);
    return add_source(im, path, lines_file(path) ? SOURCE_LINES : SOURCE_TEXT);
}

static bool blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return false;
    return true;
}

/* Reports the sources hold, for the progress bar: one per text file, one
 * per non-blank line. Unknown (0) when standard input is among them. */
static unsigned long count_reports(const struct importer *im)
{
    unsigned long total = 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;

    for (size_t i = 0; i < im->n_sources; i++) {
        FILE *f;

        if (im->sources[i].kind == SOURCE_TEXT) {
            total++;
            continue;
        }
        if (strcmp(im->sources[i].path, "-") == 0) {
            total = 0;
            break;
        }
        if ((f = fopen(im->sources[i].path, "rb")) == NULL)
            continue;
        while ((len = getline(&line, &cap, f)) >= 0)
            total += !blank(line, (size_t)len);
        fclose(f);
    }
    free(line);
    return total;
}

static void item_clear(struct item *it)
{
    store_report_prepared_clear(&it->prepared);
    h_report_input_clear(&it->in);
    free(it->buf);
    memset(it, 0, sizeof *it);
}

static void item_refuse(struct item *it, enum podium_err code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void item_refuse(struct item *it, enum podium_err code, const char *fmt, ...)
{
    va_list ap;

    it->failed = true;
    it->problem.code = code;
    va_start(ap, fmt);
    vsnprintf(it->problem.detail, sizeof it->problem.detail, fmt, ap);
    va_end(ap);
}

/* A whole text file as one report; a file too large or unreadable becomes
 * a rejected item rather than an error, like any other bad input. */
static void read_text_file(struct item *it, const char *path)
{
    FILE *f = fopen(path, "rb");
    struct stat sb;

    it->file = path;
    if (f == NULL || fstat(fileno(f), &sb) != 0) {
        item_refuse(it, PODIUM_E_BAD_REQUEST, "cannot read: %s", strerror(errno));
    } else if ((size_t)sb.st_size > SEG_MAX_INPUT) {
        item_refuse(it, PODIUM_E_BODY_TOO_LARGE, "%s", "larger than the segmenter's limit");
    } else if ((it->buf = malloc((size_t)sb.st_size + 1)) == NULL) {
        item_refuse(it, PODIUM_E_INTERNAL, "%s", "out of memory");
    } else {
        it->len = fread(it->buf, 1, (size_t)sb.st_size, f);
        it->buf[it->len] = '\0';
        if (ferror(f))
            item_refuse(it, PODIUM_E_BAD_REQUEST, "cannot read: %s", strerror(errno));
    }
    if (f != NULL)
        fclose(f);
}

/* The next report of the sources into it; false when all are read. */
static bool read_item(struct importer *im, struct item *it)
{
    while (im->current < im->n_sources) {
        struct source *src = &im->sources[im->current];
        ssize_t len;
        size_t cap = 0;

        if (src->kind == SOURCE_TEXT) {
            im->current++;
            read_text_file(it, src->path);
            return true;
        }
        if (im->lines == NULL) {
            im->lines = strcmp(src->path, "-") == 0 ? stdin : fopen(src->path, "rb");
            im->line = 0;
            if (im->lines == NULL) {
                im->current++;
                it->file = src->path;
                item_refuse(it, PODIUM_E_BAD_REQUEST, "cannot read: %s", strerror(errno));
                return true;
            }
        }
        while ((len = getline(&it->buf, &cap, im->lines)) >= 0) {
            im->line++;
            if (blank(it->buf, (size_t)len))
                continue;
            it->file = src->path;
            it->line = im->line;
            it->len = (size_t)len;
            return true;
        }
        free(it->buf);
        it->buf = NULL;
        if (im->lines != stdin)
            fclose(im->lines);
        im->lines = NULL;
        im->current++;
    }
    return false;
}

/* Reads the report out of the item's bytes (JSON for a line). */
static void parse_item(struct item *it)
{
    if (it->failed)
        return;
    if (it->line == 0) {
        it->in.text = it->buf;
        it->in.text_len = it->len;
    } else if (!h_report_json_parse(it->buf, it->len, &it->in, &it->problem)) {
        it->failed = true;
    }
}

/* Segments and prepares one item; runs on many threads at once. */
static void prepare_item(struct item *it)
{
    if (it->failed || it->known)
        return;
    if (!h_report_segment(&it->in, &it->problem)) {
        it->failed = true;
        return;
    }
    if (!store_report_prepare(&it->prepared, &(struct store_report_in){
            .text = it->in.text, .text_len = it->in.text_len, .seg = it->in.seg,
            .title = it->in.title, .source = it->in.source, .url = it->in.url,
            .published_at = it->in.published_at, .metadata_json = it->in.metadata_json}))
        item_refuse(it, PODIUM_E_INTERNAL, "%s", "out of memory");
}

static void *worker(void *arg)
{
    struct batch *b = arg;
    size_t i;

    while ((i = atomic_fetch_add(&b->next, 1)) < b->n)
        prepare_item(&b->items[i]);
    return NULL;
}

/* Marks the items whose text is stored already, in one round trip. Texts
 * the database could not take as text (not UTF-8, NUL) are left to the
 * segmenter, which rejects them with the reason. On failure nothing is
 * marked: the write skips them anyway, after segmenting. */
static void mark_known(struct importer *im, struct batch *b)
{
    const char **texts = calloc(b->n, sizeof *texts);
    size_t *lens = calloc(b->n, sizeof *lens), *which = calloc(b->n, sizeof *which), n = 0;
    bool *known = calloc(b->n, sizeof *known);

    for (size_t i = 0; texts != NULL && lens != NULL && which != NULL && known != NULL && i < b->n;
         i++) {
        struct item *it = &b->items[i];

        if (!it->failed && memchr(it->in.text, '\0', it->in.text_len) == NULL &&
            enc_utf8_valid(it->in.text, it->in.text_len)) {
            texts[n] = it->in.text;
            lens[n] = it->in.text_len;
            which[n++] = i;
        }
    }
    if (n > 0 && store_reports_known(im->check_st, texts, lens, n, known) >= 0)
        for (size_t k = 0; k < n; k++)
            b->items[which[k]].known = known[k];
    free(texts);
    free(lens);
    free(which);
    free(known);
}

static void prepare_batch(struct importer *im, struct batch *b)
{
    pthread_t threads[64];
    unsigned int started = 0;

    for (size_t i = 0; i < b->n; i++)
        parse_item(&b->items[i]);
    mark_known(im, b);
    atomic_store(&b->next, 0);
    for (unsigned int t = 1; t < im->threads && t < 64; t++)
        if (pthread_create(&threads[started], NULL, worker, b) == 0)
            started++;
    worker(b);                      /* this thread helps, and works alone if none started */
    for (unsigned int t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
}

struct write_job {
    struct store *st;
    struct batch *b;
};

static void *write_batch(void *arg)
{
    struct write_job *job = arg;
    struct batch *b = job->b;

    b->n_writes = 0;
    for (size_t i = 0; i < b->n; i++)
        if (!b->items[i].failed && !b->items[i].known)
            b->writes[b->n_writes++] = (struct store_batch_item){.prepared = &b->items[i].prepared};
    b->qs = store_report_insert_batch(job->st, b->writes, b->n_writes);
    return NULL;
}

static void reject(struct importer *im, const struct item *it)
{
    json_t *line = json_pack("{s:s, s:o, s:s, s:s}", "file", it->file,
                             "line", it->line > 0 ? json_integer((json_int_t)it->line) : json_null(),
                             "code", podium_err_slug(it->problem.code), "reason", it->problem.detail);
    char *text = line != NULL ? json_dumps(line, JSON_COMPACT) : NULL;

    im->rejected++;
    if (it->line > 0)
        fprintf(stderr, "%s%s:%lu: %s\n", im->tty ? "\r\033[K" : "", it->file, it->line,
                it->problem.detail);
    else
        fprintf(stderr, "%s%s: %s\n", im->tty ? "\r\033[K" : "", it->file, it->problem.detail);
    if (text != NULL && im->rejects != NULL)
        fprintf(im->rejects, "%s\n", text);
    free(text);
    json_decref(line);
}

/* Counts the outcome of a written batch and empties it; false when the
 * database failed and the import must stop. */
static bool settle(struct importer *im, struct batch *b)
{
    size_t w = 0;

    for (size_t i = 0; i < b->n; i++) {
        struct item *it = &b->items[i];
        const struct store_batch_item *r = it->failed || it->known ? NULL : &b->writes[w++];

        if (r != NULL && r->qs == STORE_SOFT_ERROR) {
            item_clear(it);         /* not stored: the next run takes it */
            continue;
        }
        if (r != NULL && r->qs < 0) {
            it->failed = true;
            it->problem.code = PODIUM_E_INTERNAL;
            snprintf(it->problem.detail, sizeof it->problem.detail,
                     "the database refused the report");
        } else if (r != NULL && r->created) {
            im->stored++;
        } else if (!it->failed) {
            im->duplicates++;
        }
        if (it->failed)
            reject(im, it);
        im->done++;
        item_clear(it);
    }
    b->n = 0;
    return b->qs != STORE_SOFT_ERROR;
}

static void progress(struct importer *im, bool last)
{
    double t = elapsed(im), rate = t > 0 ? (double)im->done / t : 0;
    double left = rate > 0 && im->total > im->done ? (double)(im->total - im->done) / rate : 0;

    if (!last && t - im->last_progress < (im->tty ? TTY_EVERY_S : LOG_EVERY_S))
        return;
    im->last_progress = t;
    if (im->tty) {
        int filled = im->total > 0 ? (int)((double)BAR_WIDTH * (double)im->done / (double)im->total) : 0;

        fprintf(stderr, "\r\033[K[%.*s%*s] %lu/", filled > BAR_WIDTH ? BAR_WIDTH : filled,
                "##############################", BAR_WIDTH - (filled > BAR_WIDTH ? BAR_WIDTH : filled),
                "", im->done);
        if (im->total > 0)
            fprintf(stderr, "%lu  %.0f reports/s  %d:%02d left", im->total, rate,
                    (int)left / 60, (int)left % 60);
        else
            fprintf(stderr, "?  %.0f reports/s", rate);
        if (last)
            fputc('\n', stderr);
    } else {
        fprintf(stderr, "{\"progress\":{\"done\":%lu,\"total\":", im->done);
        if (im->total > 0)
            fprintf(stderr, "%lu", im->total);
        else
            fputs("null", stderr);
        fprintf(stderr, ",\"stored\":%lu,\"duplicates\":%lu,\"rejected\":%lu,"
                "\"reports_per_s\":%.1f,\"seconds\":%.1f,\"seconds_left\":", im->stored,
                im->duplicates, im->rejected, rate, t);
        if (im->total > 0)
            fprintf(stderr, "%.0f}}\n", left);
        else
            fputs("null}}\n", stderr);
    }
    fflush(stderr);
}

static bool import_flags(struct importer *im, int argc, char **argv)
{
    static const struct option options[] = {
        {"rejects", required_argument, NULL, 'r'},
        {"batch", required_argument, NULL, 'b'},
        {"threads", required_argument, NULL, 't'},
        {NULL, 0, NULL, 0},
    };
    unsigned long long n;
    int opt;

    optind = 1;
    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (opt) {
        case 'r':
            im->rejects_path = optarg;
            break;
        case 'b':
            if (!cfg_parse_size(optarg, 1, BATCH_MAX, &n)) {
                fprintf(stderr, "podium import: --batch: expected 1-%d, got \"%s\"\n", BATCH_MAX,
                        optarg);
                return false;
            }
            im->batch_size = (size_t)n;
            break;
        case 't':
            if (!cfg_parse_size(optarg, 1, 64, &n)) {
                fprintf(stderr, "podium import: --threads: expected 1-64, got \"%s\"\n", optarg);
                return false;
            }
            im->threads = (unsigned int)n;
            break;
        default:
            fputs(usage, stderr);
            return false;
        }
    }
    if (optind == argc) {
        fputs(usage, stderr);
        return false;
    }
    for (int i = optind; i < argc; i++)
        if (!add_path(im, argv[i]))
            return false;
    return true;
}

static bool batch_alloc(struct batch *b, size_t n)
{
    b->items = calloc(n, sizeof *b->items);
    b->writes = calloc(n, sizeof *b->writes);
    return b->items != NULL && b->writes != NULL;
}

static void batch_free(struct batch *b)
{
    for (size_t i = 0; i < b->n; i++)
        item_clear(&b->items[i]);
    free(b->items);
    free(b->writes);
}

/* Reads, segments and writes everything; false when the database failed. */
static bool run(struct importer *im, struct batch batches[2])
{
    struct write_job job = {im->st, NULL};
    pthread_t writer;
    bool writing = false, ok = true;
    int cur = 0;

    for (;;) {
        struct batch *b = &batches[cur];

        while (b->n < im->batch_size && read_item(im, &b->items[b->n]))
            b->n++;
        if (b->n > 0)
            prepare_batch(im, b);
        if (writing) {
            pthread_join(writer, NULL);
            writing = false;
            ok = settle(im, job.b);
            progress(im, false);
        }
        if (b->n == 0 || !ok)
            return ok;
        job.b = b;
        if (pthread_create(&writer, NULL, write_batch, &job) == 0) {
            writing = true;
        } else {
            write_batch(&job);
            if (!(ok = settle(im, b)))
                return false;
        }
        cur = 1 - cur;
    }
}

int cmd_import(const struct cfg *cfg, int argc, char **argv)
{
    struct importer im = {.batch_size = BATCH_DEFAULT, .rejects_path = "import-rejects.jsonl"};
    struct batch batches[2] = {{0}, {0}};
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    struct seg_error serr;
    double seconds;
    int status = EXIT_USAGE;
    bool ok;

    im.threads = cores > 0 && cores < 64 ? (unsigned int)cores : 1;
    if (!import_flags(&im, argc, argv))
        goto out;
    if ((im.rejects = fopen(im.rejects_path, "w")) == NULL) {
        fprintf(stderr, "podium import: %s: %s\n", im.rejects_path, strerror(errno));
        goto out;
    }
    status = EXIT_DATABASE;
    if (!seg_init(&serr)) {
        fprintf(stderr, "podium import: %s\n", serr.message);
        goto out;
    }
    if (cfg->migrate_on_start && store_migrate(cfg->database_url, cfg->migrations_dir) != 0) {
        fprintf(stderr, "podium import: migrations failed (PODIUM_MIGRATE=0 skips them)\n");
        goto out;
    }
    if ((im.check_st = store_open(cfg->database_url)) == NULL ||
        (im.st = store_open(cfg->database_url)) == NULL || !store_connected(im.st)) {
        fprintf(stderr, "podium import: no database: %s\n",
                im.st != NULL ? store_error_message(im.st) : "out of memory");
        goto out;
    }
    if (!batch_alloc(&batches[0], im.batch_size) || !batch_alloc(&batches[1], im.batch_size)) {
        fprintf(stderr, "podium import: out of memory\n");
        goto out;
    }
    im.tty = isatty(STDERR_FILENO) == 1;
    im.total = count_reports(&im);
    clock_gettime(CLOCK_MONOTONIC, &im.started);
    ok = run(&im, batches);
    progress(&im, true);
    seconds = elapsed(&im);
    if (!ok)
        fprintf(stderr, "podium import: the database failed: %s; run again to go on\n",
                store_error_message(im.st));
    fprintf(stderr, "podium import: %lu stored, %lu skipped as duplicates, %lu rejected%s%s in %.1f s\n",
            im.stored, im.duplicates, im.rejected, im.rejected > 0 ? ", listed in " : "",
            im.rejected > 0 ? im.rejects_path : "", seconds);
    printf("{\"stored\":%lu,\"duplicates\":%lu,\"rejected\":%lu,\"seconds\":%.3f,"
           "\"reports_per_s\":%.1f}\n", im.stored, im.duplicates, im.rejected, seconds,
           seconds > 0 ? (double)im.done / seconds : 0.0);
    status = !ok ? EXIT_DATABASE : im.rejected > 0 ? EXIT_REJECTS : 0;
out:
    if (im.lines != NULL && im.lines != stdin)
        fclose(im.lines);
    if (im.rejects != NULL && fclose(im.rejects) != 0 && status == 0)
        status = EXIT_REJECTS;
    batch_free(&batches[0]);
    batch_free(&batches[1]);
    store_close(im.st);
    store_close(im.check_st);
    for (size_t i = 0; i < im.n_sources; i++)
        free(im.sources[i].path);
    free(im.sources);
    return status;
}
