/* libFuzzer target: any byte string must give a clean error or a result
 * that keeps every invariant the case tests check, and that encodes as JSON.
 * A broken invariant aborts, so libFuzzer saves the input as a crash. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "case_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool ready;
    struct seg_error err;
    struct seg_result *r;

    if (!ready) {
        if (!seg_init(&err)) {
            fprintf(stderr, "seg_init: %s\n", err.message);
            abort();
        }
        ready = true;
    }
    r = seg_segment((const char *)data, size, &err);
    if (r == NULL) {
        if (err.message[0] == '\0')
            abort();
        return 0;
    }
    case_verify(r, (const char *)data, size);
    seg_result_free(r);
    if (case_failures != 0)
        abort();
    return 0;
}
