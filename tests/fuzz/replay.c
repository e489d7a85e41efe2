/* Runs a libFuzzer target's entry point over files, without libFuzzer: the
 * seeds and the inputs of past crashes become an ordinary test in every
 * build (gcc, sanitizers), and a saved crash can be replayed under a
 * debugger. usage: replay FILE|DIR... (a missing folder holds nothing) */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char *data = NULL;
    size_t size = 0, cap = 0, got;

    if (f == NULL) {
        perror(path);
        return false;
    }
    do {
        if (size == cap) {
            unsigned char *grown = realloc(data, cap = cap ? cap * 2 : 4096);

            if (grown == NULL) {
                fprintf(stderr, "%s: out of memory\n", path);
                free(data);
                fclose(f);
                return false;
            }
            data = grown;
        }
        got = fread(data + size, 1, cap - size, f);
        size += got;
    } while (got > 0);
    fclose(f);
    LLVMFuzzerTestOneInput(data, size);
    free(data);
    return true;
}

int main(int argc, char **argv)
{
    int replayed = 0;

    for (int i = 1; i < argc; i++) {
        DIR *dir = opendir(argv[i]);
        struct dirent *e;

        if (dir == NULL) {
            if (errno == ENOENT)
                continue;
            if (errno != ENOTDIR || !replay_file(argv[i]))
                return 1;
            replayed++;
            continue;
        }
        while ((e = readdir(dir)) != NULL) {
            char path[4096];

            if (e->d_name[0] == '.')
                continue;
            snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
            if (!replay_file(path)) {
                closedir(dir);
                return 1;
            }
            replayed++;
        }
        closedir(dir);
    }
    printf("%d input(s) replayed\n", replayed);
    return replayed > 0 ? 0 : 1;
}
