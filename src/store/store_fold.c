/* Script folding for search: stored *_folded columns and search strings go
 * through the same function, so a query in either script meets a text in
 * either script. OpenCC's t2s configuration is the table, as in the
 * segmenter; a converter is opened once and shared under a lock because
 * OpenCC does not promise that concurrent conversions are safe. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <opencc/opencc.h>

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

char *store_fold(const char *text)
{
    char *converted, *copy;

    if (text == NULL)
        return NULL;
    pthread_once(&converter_once, converter_open);
    if (converter == (opencc_t)-1)
        return strdup(text);
    pthread_mutex_lock(&converter_lock);
    converted = opencc_convert_utf8(converter, text, strlen(text));
    pthread_mutex_unlock(&converter_lock);
    if (converted == NULL)          /* invalid UTF-8: search it as written */
        return strdup(text);
    copy = strdup(converted);       /* callers free() what they get */
    opencc_convert_utf8_free(converted);
    return copy;
}
