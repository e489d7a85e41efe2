/* Appending to a growable byte buffer: the one growth rule for the
 * export's files, request bodies and test inputs. The caller keeps the
 * buffer in its own struct (pointer, length, capacity) and frees it. */
#ifndef PODIUM_BYTEBUF_H
#define PODIUM_BYTEBUF_H

#include <stdbool.h>
#include <stddef.h>

/* Appends n bytes of s to *data, which holds *len bytes in *cap, and keeps
 * a NUL after them so the buffer can be read as a string. The capacity
 * doubles from 4 KiB but never past most_cap (SIZE_MAX: no ceiling), so a
 * caller that refuses more than a limit never holds twice the limit.
 * False, with the buffer unchanged, when out of memory or when the bytes
 * and their NUL need more than most_cap. */
bool bytebuf_append(char **data, size_t *len, size_t *cap, const char *s, size_t n,
                    size_t most_cap);

#endif
