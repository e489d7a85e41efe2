/* The segmenter's rules, one row each: every person, remark and item records
 * the rule that decided it, so that `podium segment --explain` can show a
 * reader why, and a wrong call can be traced to one row here.
 *
 * Columns: enum name, stable public name, confidence, what the rule reads.
 * A remark rule's confidence is its precision: remark paragraphs the rule
 * attributed that the gold gives the same person, measured on the Chinese
 * development reports by scripts/measure_confidence.py and smoothed as
 * (right + 1) / (attributed + 2) so that a small sample claims no certainty
 * (counts of the last run in the comments). Person and item rules carry no
 * confidence (0): the Segmentation JSON has none for them. */
#ifndef PODIUM_SEGMENT_RULES_H
#define PODIUM_SEGMENT_RULES_H

#include <stdint.h>

#define SEG_RULES(X)                                                                            \
    X(PERSON_TITLE_BEFORE, "person.title-before", 0,                                            \
      "a surname and given name right after a title (…副院长X)")                                \
    X(PERSON_UNIT_DE, "person.unit-de", 0, "a name after a unit and 的 (…学院的X)")             \
    X(PERSON_TITLE_AFTER, "person.title-after", 0, "a name right before a title (X教授)")       \
    X(PERSON_LIST_ITEM, "person.list-item", 0,                                                  \
      "an item of an attendance list (X、Y等出席) that reads as a whole name")                  \
    X(PERSON_TRANSLIT, "person.translit", 0,                                                     \
      "a name in transcription characters after a country and a title (法国总统马克龙)")         \
    X(PERSON_LIST_HELD, "person.list-held", 0,                                                   \
      "a list item the common-word veto refused, in a list that gives two other names")         \
    X(PERSON_LIST_UNIT_END, "person.list-unit-end", 0,                                          \
      "the last two or three characters of a list item, after its unit")                        \
    X(PERSON_CUE_SUBJECT, "person.cue-subject", 0,                                              \
      "a surname and given name written twice, once right before a reporting verb (X表示)")     \
    X(PERSON_UNIT_CUE, "person.unit-cue", 0,                                                    \
      "a name after a body's name and before a speech verb (某同盟X指，), the body its affiliation") \
    X(PERSON_PUBLIC, "person.public", 0,                                                        \
      "a member of the public by surname and 先生/女士, in a paragraph that reports speech")    \
    X(PERSON_FORM_LABEL, "person.form-label", 0, "the value of a name line of a profile box")   \
    X(PERSON_EN_NAME, "person.en-name", 0,                                                      \
      "capitalised words with a title or a speech verb beside them (Professor X said)")         \
    X(PERSON_EN_SUBJECT, "person.en-subject", 0,                                                \
      "one capitalised word as the subject of a speech verb")                                   \
    /* 408/414 */                                                                               \
    X(REMARK_CUE, "remark.cue", 0.98,                                                           \
      "a name or partial reference (徐教授) right before a cue (表示, 指出, 以…为题)")          \
    /* 96/97, one under the cue rule to keep the values apart */                                \
    X(REMARK_PRONOUN, "remark.pronoun", 0.97,                                                   \
      "a pronoun (他/她) before a reporting verb, read as the current speaker")                 \
    /* 35/36 */                                                                                 \
    X(REMARK_CARRIED, "remark.carried", 0.95,                                                   \
      "no cue of its own: the sentence goes on with the paragraph's speaker")                   \
    /* 9/9 */                                                                                   \
    X(REMARK_FORM, "remark.form-line", 0.91, "a labelled line of a profile box (心声：…)")      \
    /* 7/7 */                                                                                   \
    X(REMARK_PRONOUN_PREV, "remark.pronoun-previous", 0.89,                                     \
      "a pronoun and a reporting verb opening a paragraph: the previous paragraph's speaker")   \
    /* 8/8 */                                                                                   \
    X(REMARK_PRONOUN_NAMED, "remark.pronoun-named", 0.90,                                       \
      "a pronoun and a reporting verb, read as the person last named in its paragraph")         \
    /* 22/27 */                                                                                 \
    X(REMARK_CONTINUED, "remark.continued", 0.79,                                               \
      "a paragraph without names that continues the previous speech (after …： or an item)")    \
    /* 23/23 */                                                                                 \
    X(REMARK_GROUP_VIEW, "remark.group-view", 0.96,                                            \
      "a view of the group just said to have spoken (…先后发言。大家一致认为…), each member's")   \
    /* English only, not measured yet: just under the continued paragraph */                    \
    X(REMARK_EN_LEAD, "remark.en-lead", 0.69,                                                   \
      "a news lead naming its speaker only by post, given to the person named next")            \
    X(ITEM_ENUMERATION, "item.enumeration", 0,                                                  \
      "an enumeration marker (一是, （一）, 1.) opens the item; it runs to the next marker")    \
    X(ITEM_PROPOSAL_VERB, "item.proposal-verb", 0,                                              \
      "the clause after a proposing verb (建议, 呼吁)")                                         \
    X(ITEM_ADDRESSED_ADVICE, "item.addressed-advice", 0,                                        \
      "advice about what 对 introduces, in a sentence ending with the proposing frame")          \
    X(ITEM_ADDRESSED_PROPOSAL, "item.addressed-proposal", 0,                                    \
      "what is proposed to someone named (向X建议…)")                                            \
    X(ITEM_AFTER_PROPOSAL, "item.after-proposal", 0,                                            \
      "the content of a sentence whose cue is a proposing verb")                                \
    X(ITEM_LIST_SEGMENT, "item.list-segment", 0,                                                \
      "a ；-separated segment of a list that an earlier item opened")                           \
    X(ITEM_MODAL_CLAUSE, "item.modal-clause", 0, "a clause that opens with a modal (要, 应当)") \
    X(ITEM_MODAL_INSIDE, "item.modal-inside", 0,                                                \
      "a clause with a modal after its subject (政府应…)")                                      \
    X(ITEM_EN_MODAL, "item.en-modal", 0,                                                        \
      "an English sentence with a prescriptive modal (should, must, called for)")

enum seg_rule {
#define SEG_RULE_ENUM(id, name, confidence, about) SEG_RULE_##id,
    SEG_RULES(SEG_RULE_ENUM)
#undef SEG_RULE_ENUM
        SEG_RULE_COUNT
};

struct seg_rule_info {
    const char *name;
    double confidence;
    const char *about;
};

extern const struct seg_rule_info seg_rules[SEG_RULE_COUNT];

/* Why one decision was made: its rule and the evidence span in the clean
 * view (b == e: none, e.g. a sentence carried over without a cue). */
struct seg_why {
    enum seg_rule rule;
    uint32_t b, e;
};

#endif
