/* Script folding. OpenCC (t2s.json) stays the source of truth: at start-up
 * every Han code point of the BMP is converted through it once, in one call
 * with one character per line so that no phrase rule spans two of them, and
 * the single-code-point results fill a table that the hot path reads. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <opencc/opencc.h>
#include <utf8proc.h>

#include "segment/lex.h"
#include "segment/seg_internal.h"

static uint16_t t2s_table[0x10000];    /* 0: unchanged */
/* seg_bmp_chars (seg_internal.h) is filled here at start-up: the shadow
 * of each document is one table read per code point instead of two calls.
 * Both map the BMP into the BMP and leave other planes unchanged. */
uint32_t seg_bmp_chars[0x10000];
static bool init_ok;
static char init_message[128];
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static bool table_range(uint32_t cp)
{
    return (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF);
}

static bool build_t2s(void)
{
    static const char *const configs[] = {"t2s.json", "/usr/share/opencc/t2s.json"};
    opencc_t cc = (opencc_t)-1;
    size_t cap = 0x10000 * 4, len = 0;
    char *in, *out;
    const char *p;

    for (size_t i = 0; i < sizeof configs / sizeof configs[0] && cc == (opencc_t)-1; i++)
        cc = opencc_open(configs[i]);
    if (cc == (opencc_t)-1) {
        snprintf(init_message, sizeof init_message, "cannot open OpenCC t2s.json");
        return false;
    }
    in = malloc(cap);
    if (in == NULL) {
        opencc_close(cc);
        return false;
    }
    for (uint32_t c = 0; c < 0x10000; c++) {
        if (!table_range(c))
            continue;
        len += (size_t)utf8proc_encode_char((utf8proc_int32_t)c, (utf8proc_uint8_t *)in + len);
        in[len++] = '\n';
    }
    out = opencc_convert_utf8(cc, in, len);
    opencc_close(cc);
    free(in);
    if (out == NULL) {
        snprintf(init_message, sizeof init_message, "OpenCC conversion failed");
        return false;
    }
    p = out;
    for (uint32_t c = 0; c < 0x10000 && *p; c++) {
        utf8proc_int32_t s;
        utf8proc_ssize_t k;

        if (!table_range(c))
            continue;
        k = utf8proc_iterate((const utf8proc_uint8_t *)p, -1, &s);
        if (k > 0 && p[k] == '\n') {
            if ((uint32_t)s != c && s > 0 && s < 0x10000)
                t2s_table[c] = (uint16_t)s;
            p += k + 1;
        } else {
            /* Not one code point: leave c unchanged and resynchronise. */
            while (*p && *p != '\n')
                p++;
            if (*p)
                p++;
        }
    }
    opencc_convert_utf8_free(out);
    return true;
}

static void init_once_fn(void)
{
    if (!build_t2s())
        return;
    for (uint32_t c = 0; c < 0x10000; c++)
        seg_bmp_chars[c] = seg_fold(seg_t2s(c));
    for (uint32_t c = 0; c < 0x10000; c++)    /* reads the shadow: after it */
        seg_bmp_chars[c] |= (uint32_t)seg_char_class(c) << 16 |
                            (c < 0x800 || c - 0xD800 < 0x800 ? SEG_BMP_NOT_THREE_BYTE : 0);
    if (!lex_init()) {
        snprintf(init_message, sizeof init_message, "out of memory loading lexicons");
        return;
    }
    init_ok = true;
}

bool seg_init(struct seg_error *err)
{
    pthread_once(&init_once, init_once_fn);
    if (!init_ok && err != NULL) {
        err->status = SEG_E_INIT;
        err->offset = 0;
        snprintf(err->message, sizeof err->message, "%s",
                 init_message[0] ? init_message : "segmenter initialisation failed");
    }
    return init_ok;
}

uint32_t seg_t2s(uint32_t cp)
{
    return cp < 0x10000 && t2s_table[cp] ? t2s_table[cp] : cp;
}

/* One code point to one: full-width forms to ASCII letters and digits, and
 * ASCII punctuation used as Chinese punctuation to its Chinese form, so rules
 * see one spelling. '?' stays ASCII: it is the mojibake signal. */
uint32_t seg_fold(uint32_t cp)
{
    if (cp >= 0xFF01 && cp <= 0xFF5E && cp != U'？' && cp != U'，' && cp != U'；' &&
        cp != U'：' && cp != U'！' && cp != U'（' && cp != U'）')
        cp -= 0xFEE0;
    switch (cp) {
    case ',': return U'，';
    case ';': return U'；';
    case ':': return U'：';
    case '!': return U'！';
    case '(': return U'（';
    case ')': return U'）';
    case 0x3000: return ' ';
    case U'「': return U'“';
    case U'」': return U'”';
    case U'『': return U'‘';
    case U'』': return U'’';
    case U'﹐': return U'，';
    default: return cp;
    }
}
