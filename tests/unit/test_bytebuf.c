/* The growth rule every byte buffer shares: bytes kept with a NUL after
 * them, capacity doubling from 4 KiB, a ceiling never passed, and a refused
 * append leaving the buffer as it was. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bytebuf.h"
#include "check.h"

static void appends_and_terminates(void)
{
    char *data = NULL;
    size_t len = 0, cap = 0;

    check(bytebuf_append(&data, &len, &cap, "林书航", strlen("林书航"), SIZE_MAX));
    check(bytebuf_append(&data, &len, &cap, "表示", strlen("表示"), SIZE_MAX));
    check_str(data, "林书航表示");
    check(len == strlen("林书航表示"));
    check(cap == 4096);
    check(bytebuf_append(&data, &len, &cap, "", 0, SIZE_MAX));
    check(len == strlen("林书航表示"));
    free(data);
}

static void doubles_to_fit(void)
{
    char *data = NULL, block[5000];
    size_t len = 0, cap = 0;

    memset(block, 'a', sizeof block);
    check(bytebuf_append(&data, &len, &cap, block, sizeof block, SIZE_MAX));
    check(cap == 8192);
    check(bytebuf_append(&data, &len, &cap, block, sizeof block, SIZE_MAX));
    check(cap == 16384 && len == 2 * sizeof block && data[len] == '\0');
    free(data);
}

/* A request body of at most 6000 bytes: room for 6000 and the NUL, never
 * the 8 KiB that doubling would reach, and the byte over is refused. */
static void stops_at_the_ceiling(void)
{
    enum { MOST_BYTES = 6000 };
    char *data = NULL, block[4000];
    size_t len = 0, cap = 0;

    memset(block, 'b', sizeof block);
    check(bytebuf_append(&data, &len, &cap, block, sizeof block, MOST_BYTES + 1));
    check(cap == 4096);
    check(bytebuf_append(&data, &len, &cap, block, MOST_BYTES - sizeof block, MOST_BYTES + 1));
    check(cap == MOST_BYTES + 1 && len == MOST_BYTES);
    check(!bytebuf_append(&data, &len, &cap, "b", 1, MOST_BYTES + 1));
    check(len == MOST_BYTES && cap == MOST_BYTES + 1 && data[len] == '\0');
    free(data);
}

static void refuses_what_cannot_fit(void)
{
    char *data = NULL;
    size_t len = 0, cap = 0;

    check(!bytebuf_append(&data, &len, &cap, "abc", 3, 3));
    check(data == NULL && len == 0 && cap == 0);
    check(bytebuf_append(&data, &len, &cap, "ab", 2, 3));
    check_str(data, "ab");
    check(cap == 3);
    check(!bytebuf_append(&data, &len, &cap, "c", SIZE_MAX, SIZE_MAX));
    check_str(data, "ab");
    free(data);
}

int main(void)
{
    appends_and_terminates();
    doubles_to_fit();
    stops_at_the_ceiling();
    refuses_what_cannot_fit();
    return 0;
}
