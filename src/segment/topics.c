/* Talk topics (SEGMENTER.md step 10). A TOPIC cue (围绕, 题为, 解读…)
 * governs the quote after it rather than its own sentence, so the topic is
 * searched from the cue forward and recorded on the person, not in a
 * remark. */
#include "segment/seg_internal.h"
#include "segment/cues.h"
#include "segment/items.h"
#include "segment/topics.h"

/* End (exclusive) of the quote opening at i, or i when it does not close
 * within the lookahead. Only quotation and title marks count, and the cue
 * map marks them: the scan jumps from one to the next. */
static uint32_t quote_end(const struct seg_doc *d, uint32_t i, uint32_t end)
{
    uint32_t open = d->v.sh[i], close = open == U'《' ? U'》' : U'”', depth = 0;
    const uint32_t reach = end - i > SEG_LOOKAHEAD * 2 ? i + SEG_LOOKAHEAD * 2 : end;

    for (uint32_t j = i; j < reach; j = seg_next_marked(d, j + 1, reach, CUE_AT_QUOTE)) {
        if (d->v.sh[j] == open)
            depth++;
        else if (d->v.sh[j] == close && --depth == 0)
            return j + 1;
    }
    return i;
}

/* The 《…》 or “…” a TOPIC cue governs. A run of quotes followed by
 * 三个方面 names the parts of the talk (“A”“B”“C”三个方面), not its topic. */
void seg_find_topic(struct seg_doc *d, struct seg_iperson *p, uint32_t from, uint32_t end)
{
    for (uint32_t i = seg_next_marked(d, from, end, CUE_AT_QUOTE); i < end;
         i = seg_next_marked(d, i + 1, end, CUE_AT_QUOTE)) {
        uint32_t run_end = i, qe, len;

        if (d->v.sh[i] != U'《' && d->v.sh[i] != U'“')
            continue;
        while (run_end < end && (d->v.sh[run_end] == U'《' || d->v.sh[run_end] == U'“') &&
               (qe = quote_end(d, run_end, end)) > run_end)
            run_end = qe;
        if (run_end == i)
            return;
        if (seg_cn_number(d, run_end, end, &len) > 0 && seg_lit(d, run_end + len, end, U"个方面")) {
            i = run_end - 1;
            continue;
        }
        qe = quote_end(d, i, end);
        if (qe > i + 2) {
            p->topic_b = i + 1;
            p->topic_e = qe - 1;
        }
        return;
    }
}
