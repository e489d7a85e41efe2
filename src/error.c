/* The error registry of podium/error.h as data: what every layer may ask of
 * a code, with no HTTP machinery behind it (the CLI reports slugs too). */
#include <stdbool.h>

#include "podium/error.h"

static const struct {
    unsigned int status;
    const char *slug, *title;
} errtab[] = {
#define PODIUM_ERR_ROW(name, status, slug, title) [PODIUM_E_##name] = {status, slug, title},
    PODIUM_ERRORS(PODIUM_ERR_ROW)
#undef PODIUM_ERR_ROW
};

bool podium_err_known(enum podium_err e)
{
    return (unsigned int)e < sizeof errtab / sizeof errtab[0];
}

unsigned int podium_err_status(enum podium_err e)
{
    return podium_err_known(e) ? errtab[e].status : 0;
}

const char *podium_err_slug(enum podium_err e)
{
    return podium_err_known(e) ? errtab[e].slug : errtab[PODIUM_E_INTERNAL].slug;
}

const char *podium_err_title(enum podium_err e)
{
    return podium_err_known(e) ? errtab[e].title : errtab[PODIUM_E_INTERNAL].title;
}
