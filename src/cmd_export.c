/* podium export --format jsonl|csv|csv-zip [--since DATE] [--until DATE]
 * [--bom] [--text] [--out PATH]: every stored report out (podium/export.h).
 * jsonl goes to --out FILE or standard output; csv writes reports.csv,
 * people.csv, remarks.csv and recommendations.csv into the directory --out
 * (made when missing); csv-zip puts the same four files into the zip file
 * --out. A bad flag is one line and exit 2; a database or write failure
 * is exit 1. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zip.h>

#include "handlers/h_common.h"
#include "podium/cli.h"
#include "podium/export.h"
#include "store/store.h"

#define EXIT_FAILED 1
#define EXIT_USAGE 2

enum format { FORMAT_JSONL, FORMAT_CSV, FORMAT_CSV_ZIP };

struct export_opts {
    enum format format;
    const char *since, *until, *out;
    char since_buf[40], until_buf[40];
    bool bom, with_text;
};

static const char usage[] =
    "usage: podium export --format jsonl|csv|csv-zip [--since DATE] [--until DATE] [--bom]\n"
    "                     [--text] [--out PATH]\n"
    "  jsonl: to PATH or stdout; csv: four tables into directory PATH; csv-zip: into zip PATH\n";

static bool bad_usage(const char *what, const char *value)
{
    fprintf(stderr, "podium export: %s \"%s\"\n%s", what, value, usage);
    return false;
}

static bool export_flags(struct export_opts *o, int argc, char **argv)
{
    static const struct option options[] = {
        {"format", required_argument, NULL, 'f'}, {"since", required_argument, NULL, 's'},
        {"until", required_argument, NULL, 'u'},  {"out", required_argument, NULL, 'o'},
        {"bom", no_argument, NULL, 'b'},          {"text", no_argument, NULL, 't'},
        {NULL, 0, NULL, 0},
    };
    bool have_format = false;
    int opt;

    optind = 1;
    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (opt) {
        case 'f':
            have_format = true;
            if (strcmp(optarg, "jsonl") == 0)
                o->format = FORMAT_JSONL;
            else if (strcmp(optarg, "csv") == 0)
                o->format = FORMAT_CSV;
            else if (strcmp(optarg, "csv-zip") == 0)
                o->format = FORMAT_CSV_ZIP;
            else
                return bad_usage("--format: expected jsonl, csv or csv-zip, got", optarg);
            break;
        case 's':
            if (!h_day_of(optarg, o->since_buf))
                return bad_usage("--since: expected an RFC 3339 date or date-time, got", optarg);
            o->since = o->since_buf;
            break;
        case 'u':
            if (!h_day_of(optarg, o->until_buf))
                return bad_usage("--until: expected an RFC 3339 date or date-time, got", optarg);
            o->until = o->until_buf;
            break;
        case 'o':
            o->out = optarg;
            break;
        case 'b':
            o->bom = true;
            break;
        case 't':
            o->with_text = true;
            break;
        default:
            fputs(usage, stderr);
            return false;
        }
    }
    if (optind != argc)
        return bad_usage("unexpected argument", argv[optind]);
    if (!have_format)
        return bad_usage("--format is required:", "jsonl|csv|csv-zip");
    if (o->format != FORMAT_JSONL && o->out == NULL)
        return bad_usage("--out is required for", o->format == FORMAT_CSV ? "csv" : "csv-zip");
    return true;
}

/* Writes what the buffer holds and empties it; false on a write error. */
static bool drain(struct export_buf *b, FILE *f)
{
    bool ok = !b->failed && fwrite(b->data != NULL ? b->data : "", 1, b->len, f) == b->len;

    b->len = 0;
    return ok;
}

/* Streams every report into the files: files[EXPORT_TABLES] for CSV, or
 * files[0] alone for JSON lines. */
static int write_all(const struct cfg *cfg, const struct export_opts *o, FILE *const *files)
{
    struct store *st = store_open(cfg->database_url);
    struct export_cursor cursor;
    struct export_buf b = {0};
    struct stored_report rep;
    int got, status = EXIT_FAILED;
    unsigned long reports = 0;
    bool csv = o->format != FORMAT_JSONL;

    if (st == NULL || !store_connected(st)) {
        fprintf(stderr, "podium export: no database: %s\n",
                st != NULL ? store_error_message(st) : "out of memory");
        goto out;
    }
    for (int t = 0; csv && t < EXPORT_TABLES; t++) {
        if (o->bom)
            export_buf_add(&b, EXPORT_BOM, strlen(EXPORT_BOM));
        export_csv_header((enum export_table)t, &b);
        if (!drain(&b, files[t]))
            goto write_failed;
    }
    export_cursor_init(&cursor, o->since, o->until, o->with_text);
    while ((got = export_next(&cursor, st, &rep)) > 0) {
        bool ok = true;

        reports++;
        if (!csv) {
            export_jsonl(&rep, &b);
            ok = drain(&b, files[0]);
        }
        for (int t = 0; csv && ok && t < EXPORT_TABLES; t++) {
            export_csv_rows(&rep, (enum export_table)t, &b);
            ok = drain(&b, files[t]);
        }
        stored_hold_clear(&rep.hold);
        if (!ok)
            goto write_failed;
    }
    if (got < 0) {
        fprintf(stderr, "podium export: the database failed: %s\n", store_error_message(st));
        goto out;
    }
    fprintf(stderr, "podium export: %lu reports\n", reports);
    status = 0;
    goto out;
write_failed:
    fprintf(stderr, "podium export: cannot write: %s\n", b.failed ? "out of memory" : strerror(errno));
out:
    export_buf_free(&b);
    store_close(st);
    return status;
}

/* The four CSV files of dir, opened for writing. */
static bool open_tables(const char *dir, char *paths[EXPORT_TABLES], FILE *files[EXPORT_TABLES])
{
    for (int t = 0; t < EXPORT_TABLES; t++) {
        if (asprintf(&paths[t], "%s/%s.csv", dir, export_table_name((enum export_table)t)) < 0) {
            paths[t] = NULL;
            return false;
        }
        if ((files[t] = fopen(paths[t], "wb")) == NULL) {
            fprintf(stderr, "podium export: %s: %s\n", paths[t], strerror(errno));
            return false;
        }
    }
    return true;
}

static bool close_tables(FILE *files[EXPORT_TABLES])
{
    bool ok = true;

    for (int t = 0; t < EXPORT_TABLES; t++) {
        if (files[t] != NULL && fclose(files[t]) != 0)
            ok = false;
        files[t] = NULL;
    }
    return ok;
}

/* Puts the four files into a new zip archive at out; libzip reads them
 * while it writes the archive, so they never have to be in memory. */
static bool zip_tables(const char *out, char *const paths[EXPORT_TABLES])
{
    int err = 0;
    zip_t *za = zip_open(out, ZIP_CREATE | ZIP_TRUNCATE, &err);

    if (za == NULL) {
        zip_error_t ze;

        zip_error_init_with_code(&ze, err);
        fprintf(stderr, "podium export: %s: %s\n", out, zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return false;
    }
    for (int t = 0; t < EXPORT_TABLES; t++) {
        char name[40];
        zip_source_t *src = zip_source_file(za, paths[t], 0, 0);

        snprintf(name, sizeof name, "%s.csv", export_table_name((enum export_table)t));
        if (src == NULL || zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
            fprintf(stderr, "podium export: %s: %s\n", out, zip_strerror(za));
            zip_source_free(src);
            zip_discard(za);
            return false;
        }
    }
    if (zip_close(za) != 0) {
        fprintf(stderr, "podium export: %s: %s\n", out, zip_strerror(za));
        zip_discard(za);
        return false;
    }
    return true;
}

static int export_tables(const struct cfg *cfg, const struct export_opts *o)
{
    char *paths[EXPORT_TABLES] = {NULL}, *tmp = NULL;
    FILE *files[EXPORT_TABLES] = {NULL};
    const char *dir = o->out;
    int status = EXIT_FAILED;

    if (o->format == FORMAT_CSV_ZIP) {
        /* Beside the archive, so the tables are on a disk that has room
         * for them, not in a small /tmp. */
        if (asprintf(&tmp, "%s.tables.XXXXXX", o->out) < 0 || mkdtemp(tmp) == NULL) {
            fprintf(stderr, "podium export: cannot make a folder beside %s: %s\n", o->out,
                    strerror(errno));
            goto out;
        }
        dir = tmp;
    } else if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "podium export: %s: %s\n", dir, strerror(errno));
        goto out;
    }
    if (!open_tables(dir, paths, files))
        goto out;
    status = write_all(cfg, o, files);
    if (!close_tables(files) && status == 0) {
        fprintf(stderr, "podium export: cannot write into %s\n", dir);
        status = EXIT_FAILED;
    }
    if (status == 0 && o->format == FORMAT_CSV_ZIP && !zip_tables(o->out, paths))
        status = EXIT_FAILED;
out:
    close_tables(files);
    for (int t = 0; t < EXPORT_TABLES; t++) {
        if (tmp != NULL && paths[t] != NULL)
            unlink(paths[t]);
        free(paths[t]);
    }
    if (tmp != NULL && tmp[0] != '\0')
        rmdir(tmp);
    free(tmp);
    return status;
}

int cmd_export(const struct cfg *cfg, int argc, char **argv)
{
    struct export_opts o = {0};
    FILE *f;
    int status;

    if (!export_flags(&o, argc, argv))
        return EXIT_USAGE;
    if (o.format != FORMAT_JSONL)
        return export_tables(cfg, &o);
    if (o.out == NULL)
        return write_all(cfg, &o, &(FILE *){stdout}) == 0 && fflush(stdout) == 0 ? 0 : EXIT_FAILED;
    if ((f = fopen(o.out, "wb")) == NULL) {
        fprintf(stderr, "podium export: %s: %s\n", o.out, strerror(errno));
        return EXIT_FAILED;
    }
    status = write_all(cfg, &o, &f);
    if (fclose(f) != 0 && status == 0) {
        fprintf(stderr, "podium export: %s: %s\n", o.out, strerror(errno));
        status = EXIT_FAILED;
    }
    return status;
}
