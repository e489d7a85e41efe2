/* The one way enc.c and enc_store.c turn a C array into a JSON array. */
#ifndef PODIUM_ENC_ARRAY_H
#define PODIUM_ENC_ARRAY_H

#include <stddef.h>

#include <jansson.h>

/* out = a new JSON array of enc(&items[i]) for i < n; NULL when out of
 * memory or when an element could not be encoded (enc returned NULL). A
 * macro because each enc takes its own element type. */
#define ENC_ARRAY(out, items, n, enc)                                     \
    do {                                                                  \
        (out) = json_array();                                             \
        for (size_t i_ = 0; (out) != NULL && i_ < (n); i_++)              \
            if (json_array_append_new((out), enc(&(items)[i_])) != 0) {   \
                json_decref(out);                                         \
                (out) = NULL;                                             \
            }                                                             \
    } while (0)

#endif
