/* The topic of a speaker's remark (topics.c). */
#ifndef PODIUM_SEGMENT_TOPICS_H
#define PODIUM_SEGMENT_TOPICS_H

#include "segment/seg_internal.h"

void seg_find_topic(struct seg_doc *d, struct seg_iperson *p, uint32_t from, uint32_t end);

#endif
