/* The one error registry: each code yields its HTTP status, its stable slug
 * (the RFC 9457 problem type "/problems/<slug>" and the "code" member clients
 * branch on) and its title. Add new codes here, never status numbers in code. */
#ifndef PODIUM_ERROR_H
#define PODIUM_ERROR_H

#include <stdbool.h>

#define PODIUM_ERRORS(X)                                                                      \
    X(NONE,                   0,   "none",                   "No error")                      \
    X(BAD_JSON,               400, "invalid-json",           "Request body is not valid JSON") \
    X(BAD_FIELD,              400, "invalid-field",          "A field of the request is invalid") \
    X(BAD_PARAM,              400, "invalid-parameter",      "A query parameter is invalid")  \
    X(BAD_UTF8,               400, "invalid-utf8",           "Text is not valid UTF-8")       \
    X(BAD_REQUEST,            400, "bad-request",            "The request is malformed")      \
    X(UNAUTHORIZED,           401, "unauthorized",           "A valid bearer token is required") \
    X(CROSS_SITE,             403, "cross-site-write",       "Writes from another site are refused") \
    X(NOT_FOUND,              404, "not-found",              "No such resource")              \
    X(METHOD_NOT_ALLOWED,     405, "method-not-allowed",     "Method not allowed on this resource") \
    X(CONFLICT,               409, "conflict",               "The request conflicts with the current state") \
    X(IN_PROGRESS,            409, "request-in-progress",    "A request with this Idempotency-Key is still running") \
    X(BODY_TOO_LARGE,         413, "body-too-large",         "Request body is too large")     \
    X(URI_TOO_LONG,           414, "uri-too-long",           "The request target is too long") \
    X(UNSUPPORTED_MEDIA_TYPE, 415, "unsupported-media-type", "Unsupported Content-Type")      \
    X(UNPROCESSABLE,          422, "unprocessable",          "The request cannot be processed") \
    X(HEADERS_TOO_LARGE,      431, "headers-too-large",      "The request headers are too large") \
    X(INTERNAL,               500, "internal",               "Internal server error")         \
    X(DB_UNAVAILABLE,         503, "database-unavailable",   "The database is not available") \
    X(MIGRATIONS_PENDING,     503, "migrations-pending",     "Database migrations are pending") \
    X(DOCS_NOT_INSTALLED,     503, "docs-not-installed",     "The renderer of /docs is not installed") \
    X(SHUTTING_DOWN,          503, "shutting-down",          "The service is shutting down")

enum podium_err {
#define PODIUM_ERR_ENUM(name, status, slug, title) PODIUM_E_##name,
    PODIUM_ERRORS(PODIUM_ERR_ENUM)
#undef PODIUM_ERR_ENUM
    PODIUM_E_COUNT_
};

/* True for a code of the registry (any but a stray value cast to the enum). */
bool podium_err_known(enum podium_err e);
/* HTTP status of an error code (0 for NONE and for codes out of range). */
unsigned int podium_err_status(enum podium_err e);
/* Stable machine-readable slug, e.g. "not-found". */
const char *podium_err_slug(enum podium_err e);
const char *podium_err_title(enum podium_err e);

#endif
