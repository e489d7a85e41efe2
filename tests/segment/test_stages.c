/* Unit tests of the segmenter, stage by stage, on text written for them in
 * the genre's style (no corpus text). Run one case with `test_stages NAME`.
 * The whole-result checks of case_segment() are left to the case tests, so
 * a stage is judged only on what its case asks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "case_util.h"
#include "segment/seg_internal.h"

/* Runs the stages up to and including `stages` (1 view, 2 split, 3 people,
 * 4 mentions, 5 attribution) on text; false on an input error. */
static bool run_stages(struct seg_doc *d, const char *text, int stages)
{
    struct seg_error err;

    memset(d, 0, sizeof *d);
    if (!seg_view_build(d, text, strlen(text), &err))
        return false;
    if (stages >= 2 && !(seg_split(d) && seg_find_warnings(d)))
        return false;
    if (stages >= 3 && !seg_find_people(d))
        return false;
    if (stages >= 4 && !seg_find_mentions(d))
        return false;
    return stages < 5 || seg_attribute(d);
}

static char *clean_text(const struct seg_doc *d)
{
    char *s = malloc((size_t)d->v.n * 4 + 1), *w = s;

    for (uint32_t i = 0; s != NULL && i < d->v.n; i++)
        w += utf8proc_encode_char((utf8proc_int32_t)d->v.cp[i], (utf8proc_uint8_t *)w);
    if (s != NULL)
        *w = '\0';
    return s;
}

static struct seg_result *segment(const char *text)
{
    struct seg_error err;
    struct seg_result *r = seg_segment(text, strlen(text), &err);

    if (r == NULL)
        fprintf(stderr, "segment failed: %s\n", err.message);
    return r;
}

/* Pinyin after Han goes, bracketed words stay, an annotation after a Latin
 * letter goes and flags the letter. */
static void test_annotations(void)
{
    struct seg_doc d;
    char *clean;

    CHECK(run_stages(&d, "研討會(huì)在星河科技(蘇州)有限公司舉行,主題為(AI)治理,處L(zhǎng)出席。", 1));
    clean = clean_text(&d);
    CHECK_STR(clean, "研討會在星河科技(蘇州)有限公司舉行,主題為(AI)治理,處L出席。");
    for (uint32_t i = 0; i < d.v.n; i++)
        if (d.v.cp[i] == 'L')
            CHECK(d.v.flag[i] & FLAG_MOJIBAKE);
    CHECK(d.v.flag[2] & FLAG_ANNOTATED);    /* 會 */
    free(clean);
    seg_doc_free(&d);

    /* an orphan whose '(' mojibake ate: the letters and ')' go, '?' is flagged */
    CHECK(run_stages(&d, "出席會議?dòng)由", 1));
    clean = clean_text(&d);
    CHECK_STR(clean, "出席會議?由");
    CHECK(d.v.flag[4] & FLAG_MOJIBAKE);
    free(clean);
    seg_doc_free(&d);
}

/* Every clean character maps back to the original bytes it came from. */
static void test_offset_map(void)
{
    static const char text[] = "\xEF\xBB\xBF林書航(háng)表示,要加強(qiáng)協作。";
    struct seg_doc d;

    CHECK(run_stages(&d, text, 1));
    CHECK(d.v.src[0] == 3);    /* the BOM is skipped, offsets stay original */
    for (uint32_t i = 0; i < d.v.n; i++) {
        utf8proc_int32_t c;

        utf8proc_iterate((const utf8proc_uint8_t *)text + d.v.src[i], -1, &c);
        CHECK((uint32_t)c == d.v.cp[i]);
    }
    seg_doc_free(&d);
}

/* The shadow is simplified, folded and exactly as long as the clean view. */
static void test_shadow(void)
{
    static const char text[] = "會議討論，（一）ＡＩ數據";
    static const char want[] = "会议讨论，（一）AI数据";
    struct seg_doc d;
    utf8proc_int32_t c;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)want;

    CHECK(run_stages(&d, text, 1));
    for (uint32_t i = 0; i < d.v.n; i++) {
        p += utf8proc_iterate(p, -1, &c);
        CHECK(d.v.sh[i] == seg_fold((uint32_t)c));
    }
    CHECK(*p == '\0');
    CHECK(seg_t2s(0x8AAA /* 說 */) == 0x8BF4 /* 说 */);
    CHECK(seg_fold(',') == 0xFF0C);
    CHECK(seg_fold('?') == '?');
    seg_doc_free(&d);
}

/* Attendee lists: title anchors, compound surnames, names after a bracketed
 * unit, a mojibake post anchored on the surname, a trailing 等. */
static void test_gazetteer(void)
{
    struct seg_result *r = segment(
        "9月3日,濱江治理論壇在東海大學舉行。\n"
        "東海大學經濟學院副院長林書航,市科技局原局長歐陽明,星河科技(蘇州)有限公司總經理韓晴,"
        "市委黨??芡瀾L(zhǎng)鄭朗,市統計局副局長周子航等出席會議。\n");
    const struct seg_person *p;

    CHECK(r != NULL && r->n_people == 5);
    CHECK((p = case_find_person(r, "林書航")) != NULL);
    if (p != NULL) {
        CHECK_STR(p->affiliation, "東海大學經濟學院副院長");
        CHECK_STR(p->title, "副院長");
        CHECK_STR(p->name_key, "林书航");
        CHECK(p->role == SEG_ROLE_ATTENDEE);
    }
    CHECK((p = case_find_person(r, "歐陽明")) != NULL);
    if (p != NULL)
        CHECK_STR(p->affiliation, "市科技局原局長");
    CHECK((p = case_find_person(r, "韓晴")) != NULL);
    if (p != NULL)
        CHECK_STR(p->affiliation, "星河科技(蘇州)有限公司總經理");
    CHECK((p = case_find_person(r, "鄭朗")) != NULL);
    if (p != NULL)
        CHECK(p->title == NULL);
    CHECK(case_find_person(r, "周子航") != NULL);
    CHECK(r != NULL && r->n_warnings > 0);
    seg_result_free(r);
}

/* 林教授 is the only 林; two 周 are told apart by their titles; 他 is a
 * pronoun mention, 其他 and 他们 are not. */
static void test_mentions(void)
{
    static const char text[] =
        "市统计局副局长周子航,江州学院院长周文远,东海大学教授林书航等出席。\n"
        "林教授表示,要加强协作。周院长指出,他们和其他人都要参与。他认为,要统一标准。\n";
    struct seg_doc d;
    int lin = -1, zhou_dean = -1, found_lin = 0, found_dean = 0, pronouns = 0;

    CHECK(run_stages(&d, text, 4));
    for (size_t k = 0; k < d.n_people; k++) {
        uint32_t len = d.people[k].name_e - d.people[k].name_b;

        if (len == 3 && d.v.sh[d.people[k].name_b] == 0x6797 /* 林 */)
            lin = (int)k;
        if (len == 3 && d.v.sh[d.people[k].name_b + 1] == 0x6587 /* 周文远 */)
            zhou_dean = (int)k;
    }
    CHECK(d.n_people == 3 && lin >= 0 && zhou_dean >= 0);
    for (size_t m = 0; m < d.n_mentions; m++) {
        const struct seg_mention *mm = &d.mentions[m];

        if (mm->kind == MENTION_PARTIAL && d.v.sh[mm->b] == 0x6797)
            found_lin += mm->person == lin;
        if (mm->kind == MENTION_PARTIAL && d.v.sh[mm->b] == 0x5468)
            found_dean += mm->person == zhou_dean;
        pronouns += mm->kind == MENTION_PRONOUN;
    }
    CHECK(found_lin == 1);
    CHECK(found_dean == 1);
    CHECK(pronouns == 1);
    seg_doc_free(&d);
}

/* Lead-ins are context; a cue sets the speaker; sentences without a cue and
 * 他 + cue stay with the speaker; a third party's statement ends the speech. */
static void test_attribution(void)
{
    struct seg_result *r = segment(
        "东海大学教授林书航出席会议。\n"
        "数字时代,数据已成为治理的关键要素。林书航指出,数据标准不统一。跨部门共享仍有障碍。"
        "他表示,要加快建设数据平台。\n"
        "会议强调,要抓好落实。\n");
    const struct seg_person *p = case_find_person(r, "林书航");

    CHECK(p != NULL && p->n_remarks == 2);
    if (p != NULL && p->n_remarks == 2) {
        CHECK(p->role == SEG_ROLE_SPEAKER);
        CHECK(p->remarks[0].paragraph == 1);
        CHECK(p->remarks[0].has_cue);
        CHECK_STR(p->remarks[0].cue_text, "指出");
        CHECK_STR(p->remarks[0].text, "林书航指出,数据标准不统一。跨部门共享仍有障碍。");
        CHECK(p->remarks[0].confidence > p->remarks[1].confidence);
        CHECK_STR(p->remarks[1].cue_text, "表示");
        CHECK(p->n_items == 1);
    }
    seg_result_free(r);
}

/* Enumerations, ；-lists, 建议，X, and 要 inside words. */
static void test_items(void)
{
    struct seg_result *r = segment(
        "东海大学教授林书航,市科技局局长周子航出席。\n"
        "林书航提出三点建议。一是完善数据目录;二是健全共享机制;三是加强安全评估。\n"
        "周子航表示,这是一项重要任务。他建议,以标准互认推动共享。要完善目录,明确边界;"
        "优化授权机制;支持企业牵头。需要说明的是,要求各方配合。\n");
    const struct seg_person *lin = case_find_person(r, "林书航"), *zhou = case_find_person(r, "周子航");

    CHECK(lin != NULL && lin->n_items == 3);
    if (lin != NULL && lin->n_items == 3) {
        CHECK_STR(lin->items[0].marker, "一是");
        CHECK_STR(lin->items[0].text, "一是完善数据目录");
        CHECK(lin->items[2].ordinal == 3);
    }
    CHECK(zhou != NULL && zhou->n_items == 4);
    if (zhou != NULL && zhou->n_items == 4) {
        CHECK_STR(zhou->items[0].text, "以标准互认推动共享");
        CHECK_STR(zhou->items[1].text, "要完善目录,明确边界");
        CHECK_STR(zhou->items[2].text, "优化授权机制");
        CHECK(zhou->items[3].marker == NULL);
    }
    seg_result_free(r);
}

/* A profile box: 姓名：X names the person; age is a fact, other labelled
 * lines are X's remarks, and a 建议 line gives one item per ；-part. */
static void test_profile(void)
{
    struct seg_result *r = segment(
        "社区论坛今日举行。\n"
        "姓名： 林晓岚\n"
        "年龄： 68岁\n"
        "心声： 看病要排很久的队。\n"
        "建议： 增加社区诊所；延长夜间门诊。\n"
        "论坛随后结束。\n");
    const struct seg_person *p = case_find_person(r, "林晓岚");

    CHECK(p != NULL);
    if (p != NULL) {
        CHECK(p->role == SEG_ROLE_SPEAKER);
        CHECK(p->n_remarks == 2 && p->remarks[0].paragraph == 3 && p->remarks[1].paragraph == 4);
        CHECK(p->n_items == 2);
        if (p->n_items == 2) {
            CHECK_STR(p->items[0].text, "增加社区诊所");
            CHECK_STR(p->items[1].text, "延长夜间门诊");
        }
    }
    seg_result_free(r);
}

/* English: a name after its post and before a speech verb, Mr + surname
 * and he as mentions, a should-clause as an item. */
static void test_english(void)
{
    struct seg_result *r = segment(
        "Rail plans criticised\n"
        "The transport committee published its report on Monday.\n"
        "Committee chairman Peter Walsh said the railways should be reformed within a year.\n"
        "Mr Walsh told reporters the timetable was unrealistic. He added that ministers had "
        "ignored the warnings.\n");
    const struct seg_person *p = case_find_person(r, "Peter Walsh");

    CHECK(r != NULL && strcmp(r->language, "en") == 0 && r->n_people == 1);
    CHECK(p != NULL);
    if (p != NULL) {
        CHECK_STR(p->affiliation, "Committee chairman");
        CHECK(p->role == SEG_ROLE_SPEAKER);
        /* one remark per cue: said; told; he added */
        CHECK(p->n_remarks == 3);
        if (p->n_remarks == 3) {
            CHECK(p->remarks[0].paragraph == 2 && p->remarks[2].paragraph == 3);
            CHECK_STR(p->remarks[1].cue_text, "told");
            CHECK_STR(p->remarks[2].cue_text, "added");
            CHECK(p->remarks[2].confidence < p->remarks[1].confidence);
        }
        CHECK(p->n_items == 1);
        if (p->n_items == 1)
            CHECK_STR(p->items[0].text, "the railways should be reformed within a year");
    }
    seg_result_free(r);
}

static void test_language_and_errors(void)
{
    struct seg_error err;
    struct seg_result *r;

    r = segment("會議在南京舉行。");
    CHECK(r != NULL && strcmp(r->language, "zh-Hant") == 0);
    seg_result_free(r);
    r = segment("会议在南京举行。");
    CHECK(r != NULL && strcmp(r->language, "zh-Hans") == 0);
    seg_result_free(r);
    r = segment("The minister said the committee should meet.");
    CHECK(r != NULL && strcmp(r->language, "en") == 0);
    seg_result_free(r);
    CHECK(seg_segment("ab\xC3(", 4, &err) == NULL && err.status == SEG_E_UTF8 && err.offset == 2);
    CHECK(seg_segment("ab\0c", 4, &err) == NULL && err.status == SEG_E_NUL && err.offset == 2);
    CHECK(seg_segment(" \n\t\xE3\x80\x80", 6, &err) == NULL && err.status == SEG_E_EMPTY);
    CHECK(seg_segment("", 0, &err) == NULL && err.status == SEG_E_EMPTY);
}

/* The class of every code point, read from the start-up table in the BMP
 * and worked out in the header beyond it, is what seg_char_class says. */
static void test_char_classes(void)
{
    unsigned wrong = 0;

    CHECK(seg_init(NULL));
    for (uint32_t c = 0; c <= 0x10FFFF; c++)
        wrong += seg_class_of(c) != seg_char_class(c);
    CHECK_UINT(wrong, 0);
    CHECK(seg_class_of(U'𠀀') == CLASS_HAN);
    CHECK(seg_class_of(U'😀') == 0);
}

static const struct case_entry cases[] = {
    {"annotations", test_annotations}, {"offset_map", test_offset_map},
    {"shadow", test_shadow},           {"char_classes", test_char_classes},
    {"gazetteer", test_gazetteer},
    {"mentions", test_mentions},       {"attribution", test_attribution},
    {"items", test_items},             {"profile", test_profile},
    {"english", test_english},
    {"language_and_errors", test_language_and_errors},
};

CASE_MAIN(cases)
