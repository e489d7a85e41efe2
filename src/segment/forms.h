/* Profile boxes (forms.c): lines 姓名：X, 职务：… about one person. */
#ifndef PODIUM_SEGMENT_FORMS_H
#define PODIUM_SEGMENT_FORMS_H

#include "segment/seg_internal.h"
#include "segment/items.h"

uint32_t seg_form_label(const struct seg_doc *d, const struct seg_para *pa, bool *facts);
bool seg_form_line(struct seg_doc *d, int who, const struct seg_para *pa, size_t first_sent,
                  struct enum_state *es);

#endif
