/* What the stages of attribution share (cues.c, items.c, topics.c,
 * forms.c, attrib.c), and no other file of the segmenter: the cue map
 * built first and read by the later stages, the list state that runs from
 * one remark to the next, and the look-ups each stage borrows from another. */
#ifndef PODIUM_SEGMENT_ATTRIB_INTERNAL_H
#define PODIUM_SEGMENT_ATTRIB_INTERNAL_H

#include "segment/seg_internal.h"

enum cue_kind { CUE_NONE, CUE_SAY, CUE_PROPOSE, CUE_TOPIC, CUE_SUMMARY, CUE_SPOKE, CUE_HOST,
                CUE_LIST };

struct cue {
    enum cue_kind kind;
    uint32_t b, e;
};

/* cues.c */
bool seg_is_delim(uint32_t c);
/* The cue at i, from the map seg_cue_map built. */
struct cue seg_cue_at(const struct seg_doc *d, uint32_t i, uint32_t end);
bool seg_cue_map(struct seg_doc *d);

#endif
