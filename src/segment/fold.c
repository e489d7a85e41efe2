/* Search folding: the clean view's shadow written out as UTF-8. Stored text
 * and search strings go through this one function, so a query meets a text
 * whatever the script of either and whatever annotations stand in it
 * (會(huì)議 is found by 会议), by the same rules the segmenter matches with. */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "segment/seg_internal.h"

char *seg_fold_text(const char *text, size_t len)
{
    struct seg_doc d;
    struct seg_error err;
    char *out, *o;

    if (text == NULL)
        return NULL;
    memset(&d, 0, sizeof d);
    if (!seg_init(&err) || !seg_view_build(&d, text, len, &err)) {
        /* Nothing readable to fold (empty, invalid UTF-8, no tables): the
         * text is searched as it stands. */
        seg_doc_free(&d);
        out = malloc(len + 1);
        if (out != NULL) {
            memcpy(out, text, len);
            out[len] = '\0';
        }
        return out;
    }
    out = malloc((size_t)d.v.n * 4 + 1);     /* a code point is at most 4 bytes */
    if (out != NULL) {
        o = out;
        for (uint32_t i = 0; i < d.v.n; i++)
            o += utf8proc_encode_char((utf8proc_int32_t)d.v.sh[i], (utf8proc_uint8_t *)o);
        *o = '\0';
    }
    seg_doc_free(&d);
    return out;
}
