/* Minimal test helpers: a failed check prints where and why and exits 1. */
#ifndef PODIUM_TEST_CHECK_H
#define PODIUM_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define fail(...)                                                                 \
    do {                                                                          \
        fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);                           \
        fprintf(stderr, __VA_ARGS__);                                             \
        fputc('\n', stderr);                                                      \
        exit(1);                                                                  \
    } while (0)

#define check(cond)                                                               \
    do {                                                                          \
        if (!(cond))                                                              \
            fail("check failed: %s", #cond);                                      \
    } while (0)

#define check_str(got, want)                                                      \
    do {                                                                          \
        const char *got_ = (got), *want_ = (want);                                \
        if (got_ == NULL || strcmp(got_, want_) != 0)                             \
            fail("%s: got \"%s\", want \"%s\"", #got, got_ ? got_ : "(null)", want_); \
    } while (0)

#endif
