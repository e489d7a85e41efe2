/* Profile boxes (姓名：X, then 心聲：…, 建議：…). Their lines speak for the
 * person named at the head of the box without any speech cue, so they
 * bypass the cue state machine and become remarks and items directly. */
#include "segment/zh_words.h"
#include "segment/seg_internal.h"
#include "segment/forms.h"

/* The label of a profile line (遭遇：…, 建議：…): its length up to the
 * colon, or 0. Age and sex lines are facts, not remarks. */
uint32_t seg_form_label(const struct seg_doc *d, const struct seg_para *pa, bool *facts)
{
    static const char32_t *const fact_labels[] = {ZH_FORM_LABEL_FACT_LABELS};
    uint32_t i = pa->b;

    while (i < pa->e && i - pa->b <= 4 && seg_is_han(d->v.cp[i]))
        i++;
    if (i - pa->b < 2 || i >= pa->e || d->v.sh[i] != U'：')
        return 0;
    *facts = false;
    for (size_t k = 0; k < sizeof fact_labels / sizeof fact_labels[0]; k++)
        *facts |= seg_lit(d, pa->b, i, fact_labels[k]) == i - pa->b;
    return i + 1 - pa->b;
}

/* Lines after 姓名：X are X's: 心聲：… is a remark, 建議：a；b gives items. */
bool seg_form_line(struct seg_doc *d, int who, const struct seg_para *pa, size_t first_sent,
                   struct enum_state *es)
{
    bool facts;
    uint32_t label = seg_form_label(d, pa, &facts);
    bool proposals = seg_lit(d, pa->b, pa->b + label, U"建议") ||
                     seg_lit(d, pa->b, pa->b + label, U"诉求");

    if (facts)
        return true;
    for (size_t k = first_sent; k < d->n_sents && &d->paras[d->sents[k].para] == pa; k++) {
        const struct seg_sent *s = &d->sents[k];
        uint32_t cs = k == first_sent ? pa->b + label : s->b;

        while (cs < s->e && seg_is_space(d->v.cp[cs]))
            cs++;
        /* only the proposals line puts anything forward; 遭遇/心聲 describe */
        if (!seg_add_remark(d, who, s, -1, -1, SEG_RULE_REMARK_FORM, k != first_sent) ||
            (proposals && !seg_sentence_items(d, s, who, cs, k == first_sent, es)))
            return false;
    }
    return true;
}
