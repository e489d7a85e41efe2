/* Folding for search: stored *_folded columns and search strings go
 * through the same function, so a query in either script meets a text in
 * either script, and 會(huì)議 in a report is found by 会议. Pinyin
 * annotations are dropped by the rule of ../shared/tools/score.py (1-7
 * pinyin letters in ASCII brackets, removed when toned or after a CJK
 * character), then OpenCC's t2s configuration folds the script, as in the
 * segmenter. The converter is opened once and shared under a lock because
 * OpenCC does not promise that concurrent conversions are safe. */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <opencc/opencc.h>
#include <utf8proc.h>

#include "podium/log.h"
#include "store/store_internal.h"

static opencc_t converter = (opencc_t)-1;
static pthread_once_t converter_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t converter_lock = PTHREAD_MUTEX_INITIALIZER;

static void converter_open(void)
{
    static const char *const configs[] = {"t2s.json", "/usr/share/opencc/t2s.json"};

    for (size_t i = 0; i < sizeof configs / sizeof configs[0]; i++) {
        converter = opencc_open(configs[i]);
        if (converter != (opencc_t)-1)
            return;
    }
    log_error("store: cannot open OpenCC t2s.json; search folds nothing");
}

#define ANNOTATION_MAX 7

static bool pinyin_letter(utf8proc_int32_t c, bool *toned)
{
    static const utf8proc_int32_t marks[] = {
        0x101, 0xE1, 0x1CE, 0xE0, 0x113, 0xE9, 0x11B, 0xE8, 0x12B, 0xED, 0x1D0, 0xEC,
        0x14D, 0xF3, 0x1D2, 0xF2, 0x16B, 0xFA, 0x1D4, 0xF9, 0x1D6, 0x1D8, 0x1DA, 0x1DC,
        0x144, 0x148, 0x1F9, 0x1E3F};

    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == 0xFC)
        return true;
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
        if (c == marks[i]) {
            *toned = true;
            return true;
        }
    }
    return false;
}

/* Length in bytes of the annotation starting at s (an ASCII '('), or 0. */
static size_t annotation_len(const utf8proc_uint8_t *s, bool after_cjk)
{
    const utf8proc_uint8_t *p = s + 1;
    bool toned = false;
    int letters = 0;
    utf8proc_int32_t c;
    utf8proc_ssize_t k;

    while ((k = utf8proc_iterate(p, -1, &c)) > 0 && letters <= ANNOTATION_MAX &&
           pinyin_letter(c, &toned)) {
        p += k;
        letters++;
    }
    if (letters == 0 || letters > ANNOTATION_MAX || *p != ')' || !(toned || after_cjk))
        return 0;
    return (size_t)(p + 1 - s);
}

/* text without pinyin annotations; malloc'd, NULL when out of memory. */
static char *strip_annotations(const char *text)
{
    const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)text;
    char *out = malloc(strlen(text) + 1), *o = out;
    utf8proc_int32_t c, prev = 0;
    utf8proc_ssize_t k;
    size_t skip;

    if (out == NULL)
        return NULL;
    while (*s) {
        if (*s == '(' && (skip = annotation_len(s, prev > 0x2E80)) > 0) {
            s += skip;
            continue;
        }
        k = utf8proc_iterate(s, -1, &c);
        if (k <= 0) {               /* invalid UTF-8: keep the byte as it is */
            k = 1;
            c = 0;
        }
        memcpy(o, s, (size_t)k);
        o += k;
        s += k;
        prev = c;
    }
    *o = '\0';
    return out;
}

char *store_fold(const char *text)
{
    char *clean, *converted = NULL, *folded;

    if (text == NULL || (clean = strip_annotations(text)) == NULL)
        return NULL;
    pthread_once(&converter_once, converter_open);
    if (converter != (opencc_t)-1) {
        pthread_mutex_lock(&converter_lock);
        converted = opencc_convert_utf8(converter, clean, strlen(clean));
        pthread_mutex_unlock(&converter_lock);
    }
    if (converted == NULL)          /* no converter, or invalid UTF-8: search it unfolded */
        return clean;
    folded = strdup(converted);     /* callers free() what they get */
    opencc_convert_utf8_free(converted);
    free(clean);
    return folded;
}
