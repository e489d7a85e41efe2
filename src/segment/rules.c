/* The rule table of rules.h, indexed by enum seg_rule. */
#include <stdint.h>

#include "segment/rules.h"

const struct seg_rule_info seg_rules[SEG_RULE_COUNT] = {
#define SEG_RULE_ROW(id, name, confidence, about) [SEG_RULE_##id] = {name, confidence, about},
    SEG_RULES(SEG_RULE_ROW)
#undef SEG_RULE_ROW
};
