/* JSON encoding of domain objects: the one place, shared by CLI and HTTP. */
#ifndef PODIUM_ENC_H
#define PODIUM_ENC_H

#include <jansson.h>

#include "podium/seg.h"

/* Segmentation JSON (DESIGN.md section 3). New reference, or NULL on OOM. */
json_t *enc_segmentation(const struct seg_result *r);

/* Flags for json_dumps of every Podium document. */
#define ENC_DUMP_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(4))

#endif
