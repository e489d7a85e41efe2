#include <stdio.h>
#include <string.h>

#include "podium_build.h"

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--version") == 0) {
        printf("podium %s\n", PODIUM_VERSION);
        return 0;
    }
    fprintf(stderr, "usage: podium serve|migrate|segment [FILE|-]\n");
    return 2;
}
