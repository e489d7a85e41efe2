#include "bytebuf.h"

#include <stdlib.h>
#include <string.h>

enum { BYTEBUF_FIRST_CAP = 4096 };

bool bytebuf_append(char **data, size_t *len, size_t *cap, const char *s, size_t n,
                    size_t most_cap)
{
    size_t need;

    if (n >= most_cap - *len)          /* also keeps need from overflowing */
        return false;
    need = *len + n + 1;
    if (need > *cap) {
        size_t grown_cap = *cap ? *cap : BYTEBUF_FIRST_CAP;
        char *grown;

        /* need <= most_cap here, so stopping at most_cap also ends the loop */
        while (grown_cap < need)
            grown_cap = grown_cap > most_cap / 2 ? most_cap : grown_cap * 2;
        if (grown_cap > most_cap)          /* a ceiling below the first size */
            grown_cap = most_cap;
        if ((grown = realloc(*data, grown_cap)) == NULL)
            return false;
        *data = grown;
        *cap = grown_cap;
    }
    memcpy(*data + *len, s, n);
    *len += n;
    (*data)[*len] = '\0';
    return true;
}
