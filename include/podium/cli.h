/* Subcommands of the podium executable; each returns the process exit code. */
#ifndef PODIUM_CLI_H
#define PODIUM_CLI_H

int cmd_segment(int argc, char **argv);   /* podium segment [FILE|-] */

#endif
