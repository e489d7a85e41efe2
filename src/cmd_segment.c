/* podium segment [--explain] [FILE|-]: one report in, Segmentation JSON
 * out, or with --explain the same decisions as text, each with the rule
 * that made it and the input it read. Problems are one line on stderr and
 * exit status 2. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "podium/cli.h"
#include "podium/enc.h"
#include "podium/seg.h"

#define EXIT_BAD_INPUT 2
#define EXPLAIN_QUOTE_CHARS 48    /* code points of a quoted text before it is cut */

/* Reads the whole stream, refusing more than SEG_MAX_INPUT bytes. */
static char *read_all(FILE *f, size_t *len, const char *name)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);

    while (buf != NULL) {
        size_t got;

        if (n == cap) {
            char *nb;

            if (cap > SEG_MAX_INPUT) {
                fprintf(stderr, "podium segment: %s: larger than %zu bytes\n", name,
                        (size_t)SEG_MAX_INPUT);
                free(buf);
                return NULL;
            }
            nb = realloc(buf, cap * 2);
            if (nb == NULL)
                break;
            buf = nb;
            cap *= 2;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                fprintf(stderr, "podium segment: %s: read error: %s\n", name, strerror(errno));
                free(buf);
                return NULL;
            }
            *len = n;
            return buf;
        }
    }
    free(buf);
    fprintf(stderr, "podium segment: %s: out of memory\n", name);
    return NULL;
}

/* Prints at most EXPLAIN_QUOTE_CHARS code points of s[0, len) on one line:
 * line breaks and other controls become spaces, a cut ends in "…". */
static void put_quote(FILE *out, const char *s, size_t len)
{
    size_t chars = 0;

    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        if ((c & 0xC0) != 0x80 && chars++ == EXPLAIN_QUOTE_CHARS) {
            fputs("…", out);
            return;
        }
        fputc(c < ' ' || c == 0x7F ? ' ' : c, out);
    }
}

static void put_reason(FILE *out, const char *indent, const char *text,
                       const struct seg_reason *why)
{
    fprintf(out, "%s  rule %s: %s\n", indent, why->rule, why->about);
    if (why->has_evidence) {
        fprintf(out, "%s  evidence bytes %u-%u: ", indent, why->evidence.start, why->evidence.end);
        put_quote(out, text + why->evidence.start, why->evidence.end - why->evidence.start);
        fputc('\n', out);
    }
}

/* One block per person: the person, then each remark and recommendation,
 * each followed by its rule and the evidence it read. */
static int explain(FILE *out, const char *text, const struct seg_result *r)
{
    fprintf(out, "language %s, %zu paragraphs, %zu people, %zu warnings\n", r->language,
            r->n_paragraphs, r->n_people, r->n_warnings);
    for (size_t k = 0; k < r->n_people; k++) {
        const struct seg_person *p = &r->people[k];

        fprintf(out, "\nperson %zu: %s (%s)", k + 1, p->name, seg_role_name(p->role));
        if (p->affiliation != NULL)
            fprintf(out, ", affiliation %s", p->affiliation);
        fputc('\n', out);
        put_reason(out, "", text, &p->why);
        for (size_t i = 0; i < p->n_remarks; i++) {
            const struct seg_remark *m = &p->remarks[i];

            fprintf(out, "  remark %zu, paragraph %u, bytes %u-%u, confidence %.2f: ", i + 1,
                    m->paragraph, m->span.start, m->span.end, m->confidence);
            put_quote(out, m->text, strlen(m->text));
            fputc('\n', out);
            put_reason(out, "  ", text, &m->why);
        }
        for (size_t i = 0; i < p->n_items; i++) {
            const struct seg_item *it = &p->items[i];

            fprintf(out, "  recommendation %u, paragraph %u, bytes %u-%u: ", it->ordinal,
                    it->paragraph, it->span.start, it->span.end);
            put_quote(out, it->text, strlen(it->text));
            fputc('\n', out);
            put_reason(out, "  ", text, &it->why);
        }
    }
    for (size_t k = 0; k < r->n_warnings; k++)
        fprintf(out, "%swarning %s, paragraph %u, bytes %u-%u\n", k == 0 ? "\n" : "",
                r->warnings[k].code, r->warnings[k].paragraph, r->warnings[k].span.start,
                r->warnings[k].span.end);
    return fflush(out) == 0 ? 0 : 1;
}

static int print_json(const char *name, const struct seg_result *r)
{
    json_t *doc = enc_segmentation(r);
    char *out = doc != NULL ? json_dumps(doc, ENC_DUMP_FLAGS) : NULL;
    int status;

    if (out != NULL) {
        fputs(out, stdout);
        fputc('\n', stdout);
        status = fflush(stdout) == 0 ? 0 : 1;
    } else {
        fprintf(stderr, "podium segment: %s: could not encode the result\n", name);
        status = 1;
    }
    free(out);
    json_decref(doc);
    return status;
}

int cmd_segment(int argc, char **argv)
{
    const bool explaining = argc > 1 && strcmp(argv[1], "--explain") == 0;
    const char *path = argc > 1 + explaining ? argv[1 + explaining] : "-";
    const char *name = strcmp(path, "-") == 0 ? "stdin" : path;
    struct seg_error err;
    struct seg_result *r;
    FILE *f = stdin;
    char *text;
    size_t len = 0;
    int status;

    if (argc > 2 + explaining || (path[0] == '-' && path[1] != '\0')) {
        fprintf(stderr, "usage: podium segment [--explain] [FILE|-]\n");
        return EXIT_BAD_INPUT;
    }
    if (strcmp(path, "-") != 0 && (f = fopen(path, "rb")) == NULL) {
        fprintf(stderr, "podium segment: %s: %s\n", path, strerror(errno));
        return EXIT_BAD_INPUT;
    }
    text = read_all(f, &len, name);
    if (f != stdin)
        fclose(f);
    if (text == NULL)
        return EXIT_BAD_INPUT;
    r = seg_segment(text, len, &err);
    if (r == NULL) {
        fprintf(stderr, "podium segment: %s: %s\n", name, err.message);
        free(text);
        return err.status == SEG_E_NOMEM || err.status == SEG_E_INIT ? 1 : EXIT_BAD_INPUT;
    }
    status = explaining ? explain(stdout, text, r) : print_json(name, r);
    seg_result_free(r);
    free(text);
    return status;
}
