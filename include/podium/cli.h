/* Subcommands of the podium executable; each returns the process exit code. */
#ifndef PODIUM_CLI_H
#define PODIUM_CLI_H

struct cfg;

int cmd_segment(int argc, char **argv);   /* podium segment [FILE|-] */
int cmd_import(const struct cfg *cfg, int argc, char **argv);   /* podium import PATH... */
int cmd_export(const struct cfg *cfg, int argc, char **argv);   /* podium export --format ... */

#endif
