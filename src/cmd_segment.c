/* podium segment [FILE|-]: one report in, Segmentation JSON out. Problems
 * are one line on stderr and exit status 2. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "podium/cli.h"
#include "podium/enc.h"
#include "podium/seg.h"

#define EXIT_BAD_INPUT 2

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

int cmd_segment(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "-";
    const char *name = strcmp(path, "-") == 0 ? "stdin" : path;
    struct seg_error err;
    struct seg_result *r;
    FILE *f = stdin;
    json_t *doc;
    char *text, *out;
    size_t len = 0;
    int status = EXIT_BAD_INPUT;

    if (argc > 2) {
        fprintf(stderr, "usage: podium segment [FILE|-]\n");
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
    doc = enc_segmentation(r);
    out = doc != NULL ? json_dumps(doc, ENC_DUMP_FLAGS) : NULL;
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
    seg_result_free(r);
    free(text);
    return status;
}
