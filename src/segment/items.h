/* Recommendations (items.c): the enumerated and modal items of a
 * speaker's sentences, and the list state that runs from one remark to
 * the next, which attribution and profile boxes carry. */
#ifndef PODIUM_SEGMENT_ITEMS_H
#define PODIUM_SEGMENT_ITEMS_H

#include <pthread.h>

#include "segment/seg_internal.h"

/* The list state of one speaker's enumerated items (一是…；二是…), which
 * attribution and profile boxes carry from one sentence to the next. */
struct enum_state {
    int person;
    bool active;        /* inside an enumerated item: no other items */
    bool valid;         /* the current list is a list of proposals */
    bool short_items;   /* each item one sentence (一是…。二是…。) */
    int last;
    size_t marker_sent; /* sentence of the last marker */
    int announced;      /* 提出三点建议: the count announced, or 0 */
    uint32_t announce_b, announce_e;
};

/* The first-code-point maps of the item word lists, built once. */
extern pthread_once_t seg_firsts_once;
void seg_firsts_build(void);
int seg_cn_number(const struct seg_doc *d, uint32_t i, uint32_t end, uint32_t *len);
uint32_t seg_enum_marker(const struct seg_doc *d, uint32_t i, uint32_t end, int *ord);
uint32_t seg_proposing_verb(const struct seg_doc *d, uint32_t i, uint32_t end);
void seg_finish_list(struct seg_doc *d, struct enum_state *es);
/* Past the spaces and the markup (*, #) at i. Inline: every clause of the
 * item scan asks it, and most open with Han, which the first test passes. */
static inline uint32_t seg_skip_markup(const struct seg_doc *d, uint32_t i, uint32_t end)
{
    while (i < end && !seg_in_cjk_span(d->v.cp[i]) /* Han, most text, is none of them */ &&
           (seg_is_space(d->v.cp[i]) || d->v.sh[i] == '*' || d->v.sh[i] == '#'))
        i++;
    return i;
}
bool seg_sentence_items(struct seg_doc *d, const struct seg_sent *s, int who, uint32_t cs,
                        bool after_proposing, struct enum_state *es);
bool seg_sentence_items_until(struct seg_doc *d, const struct seg_sent *s, uint32_t end, int who,
                              uint32_t cs, bool after_proposing, struct enum_state *es);

#endif
