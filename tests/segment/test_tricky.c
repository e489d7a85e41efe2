/* The fifteen tricky cases of SEGMENTER.md section 7 and its "Also test"
 * list, on the public API of podium/seg.h. Where the note and the corpus
 * annotation rules (corpus/SOURCES.md) could be read two ways, the rules
 * decide. Run one case with `test_tricky NAME`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_fixtures.h"
#include "case_util.h"


static void check_identity(const struct seg_person *p, const char *name_key,
                           const char *affiliation, const char *title, enum seg_role role)
{
    if (p == NULL)
        return;
    CHECK_STR(p->name_key, name_key);
    CHECK_STR(p->affiliation, affiliation);
    CHECK_STR(p->title, title);
    if (p->role != role)
        case_fail(__FILE__, __LINE__, "%s is %s, want %s", p->name, seg_role_name(p->role),
                  seg_role_name(role));
}

static void check_said_by_nobody(const struct seg_result *r, const char *input,
                                 const char *needle)
{
    const struct seg_person *who = case_speaker_at(r, case_offset(input, needle));

    if (who != NULL)
        case_fail(__FILE__, __LINE__, "\"%s\" is attributed to %s, want nobody (context)",
                  needle, who->name);
}

static bool has_warning_at(const struct seg_result *r, const char *code, size_t offset)
{
    for (size_t i = 0; i < r->n_warnings; i++)
        if (r->warnings[i].span.start <= offset && offset < r->warnings[i].span.end &&
            (code == NULL || strcmp(r->warnings[i].code, code) == 0))
            return true;
    return false;
}

static size_t count_warnings(const struct seg_result *r, const char *code, unsigned paragraph)
{
    size_t n = 0;

    for (size_t i = 0; i < r->n_warnings; i++)
        n += strcmp(r->warnings[i].code, code) == 0 && r->warnings[i].paragraph == paragraph;
    return n;
}

/* ---- section 7, case by case ---- */

/* 1: pinyin after Han is stripped everywhere, bracketed place names and a
 * bracketed acronym after a space are kept, and an annotation after a Latin
 * letter (L(zhǎng), a title eaten by mojibake) is stripped with the L
 * flagged. */
static void case_annotations(void)
{
    const char *in = fixture_forum_hant;
    struct seg_result *r = case_segment(in);
    const struct seg_person *qian, *han, *lu, *zheng;

    if (r == NULL)
        return;
    qian = case_person(r, "錢蘊華");
    han = case_person(r, "韓露");
    lu = case_person(r, "陸文博");
    zheng = case_person(r, "鄭朗");
    if (han != NULL) {
        CHECK_STR(han->affiliation, "星河智算(蘇州)有限公司總經理");
        const struct seg_remark *m = case_remark_at(han, case_offset(in, "(AI)"));

        CHECK(m != NULL && m->text != NULL && case_text_contains(m->text, "人工智能 (AI) 大模型"));
    }
    if (lu != NULL) {
        const struct seg_remark *m = case_remark_at(lu, case_offset(in, "要加快建設(shè)"));

        CHECK(m != NULL && m->text != NULL && strstr(m->text, "(shè)") == NULL &&
              strstr(m->text, "要加快建設城鄉一體") != NULL);
        CHECK(case_item_index(lu, "要加快建設城鄉一體") == 0);
    }
    if (qian != NULL)
        CHECK_STR(qian->name_key, "钱蕴华");
    if (zheng != NULL)
        CHECK_STR(zheng->affiliation, "市委黨??芡瀾剺處L");
    CHECK(has_warning_at(r, NULL, case_offset(in, "處L(zhǎng)") + strlen("處")));
    seg_result_free(r);
}

/* 2: a mojibake `?` that ate the full stop does not end the sentence: the
 * list still yields its seven people, the chair is found after it, and the
 * `?` carries a warning. */
static void case_list_across_mojibake(void)
{
    static const char *const listed[] = {"周明遠", "陸文博", "韓露", "鄭朗",
                                         "錢蘊華", "蔣一帆", "梁思齊"};
    const char *in = fixture_forum_hant;
    struct seg_result *r = case_segment(in);
    const struct seg_person *jin;

    if (r == NULL)
        return;
    for (size_t i = 0; i < N_OF(listed); i++)
        case_person(r, listed[i]);
    jin = case_person(r, "金華");
    check_identity(jin, "金华", "省數字經濟研究會秘書處主任", "主任", SEG_ROLE_MODERATOR);
    if (jin != NULL)
        CHECK_UINT(jin->n_remarks, 0);
    CHECK(has_warning_at(r, "mojibake", case_offset(in, "論壇?蓙") + strlen("論壇")));
    CHECK_UINT(r->n_people, N_OF(listed) + 1);
    seg_result_free(r);
}

/* 3: a unit garbled up to the title keeps its mojibake as written, has no
 * title, anchors the name on the surname, and the person speaks later. */
static void case_mojibake_affiliation(void)
{
    const char *in = fixture_forum_hant;
    struct seg_result *r = case_segment(in);
    const struct seg_person *zheng;
    static const unsigned paragraphs[] = {5};

    if (r == NULL)
        return;
    zheng = case_person(r, "鄭朗");
    check_identity(zheng, "郑朗", "市委黨??芡瀾剺處L", NULL, SEG_ROLE_SPEAKER);
    CHECK_PARAGRAPHS(zheng, paragraphs, N_OF(paragraphs));
    CHECK(has_warning_at(r, "mojibake", case_offset(in, "黨??芡") + strlen("黨")));
    seg_result_free(r);
}

/* 4: surname + honorific resolves to the only person of that surname, even
 * though the honorific (教授) is not the listed title (副院長). */
static void case_surname_honorific(void)
{
    const char *in = fixture_forum_hant;
    struct seg_result *r = case_segment(in);
    const struct seg_person *zhou;
    const struct seg_remark *m;

    if (r == NULL)
        return;
    zhou = case_person(r, "周明遠");
    check_identity(zhou, "周明远", "南京審計大學政府治理研究院副院長", "副院長",
                   SEG_ROLE_SPEAKER);
    CHECK_SAID_BY(r, in, "數據標準不統一", "周明遠");
    m = case_remark_at(zhou, case_offset(in, "數據標準不統一"));
    if (m != NULL) {
        CHECK(m->has_cue);
        CHECK_STR(m->cue_text, "指出");
        CHECK_UINT(m->cue.start, case_offset(in, "周教授指出") + strlen("周教授"));
    }
    CHECK(case_find_person(r, "周教授") == NULL);
    seg_result_free(r);
}

/* 5: 他/她 + cue go to the current speaker; gender is never consulted (韓露
 * is 她 here, and the same rule must hold for 他 elsewhere). */
static void case_pronoun_cues(void)
{
    const char *in = fixture_forum_hant;
    struct seg_result *r = case_segment(in);
    const struct seg_remark *m;

    if (r == NULL)
        return;
    CHECK_SAID_BY(r, in, "以標準互認推動", "周明遠");
    CHECK_SAID_BY(r, in, "要加快建設(shè)", "陸文博");
    CHECK_SAID_BY(r, in, "生成式人工智能", "韓露");
    CHECK_SAID_BY(r, in, "權責清晰的管理體制", "鄭朗");
    m = case_remark_at(case_find_person(r, "周明遠"), case_offset(in, "以標準互認推動"));
    if (m != NULL && m->has_cue)
        CHECK_STR(m->cue_text, "建議");
    m = case_remark_at(case_find_person(r, "韓露"), case_offset(in, "生成式人工智能"));
    if (m != NULL)
        CHECK(m->has_cue && m->cue_text != NULL && strcmp(m->cue_text, "指出") == 0);
    seg_result_free(r);
}

/* 6: the sentence that opens a talk's paragraph before its first cue is
 * context, attributed to nobody; so is the report's lead. */
static void case_lead_in_context(void)
{
    const char *in = fixture_forum_hant;
    struct seg_result *r = case_segment(in);

    if (r == NULL)
        return;
    check_said_by_nobody(r, in, "數據要素市場化配置");
    check_said_by_nobody(r, in, "智能時代,算力已成為");
    check_said_by_nobody(r, in, "流域生態保護任務繁重");
    check_said_by_nobody(r, in, "數字治理既是技術問題");
    check_said_by_nobody(r, in, "為深入學習貫徹");
    CHECK_SAID_BY(r, in, "剖析了當前跨省", "周明遠");
    seg_result_free(r);
}

/* 7: 提出四點建議 followed by 一是…四是 gives four items whether the items are
 * ；-separated or one sentence each; no count warning when the count holds. */
static void case_enumerations(void)
{
    static const char *const qian_items[] = {"一是摸清生態家底", "二是健全橫向補償",
                                             "三是加快培育生態", "四是強化數字監測"};
    static const char *const jiang_items[] = {"一是加強跨省產業", "二是發展工業互聯網",
                                              "三是完善要素跨區域", "四是培育一批數字化"};
    static const char *const markers[] = {"一是", "二是", "三是", "四是"};
    const char *in = fixture_forum_hant;
    struct seg_result *r = case_segment(in);
    const struct seg_person *qian, *jiang;

    if (r == NULL)
        return;
    qian = case_person(r, "錢蘊華");
    jiang = case_person(r, "蔣一帆");
    CHECK_ITEMS(qian, qian_items, markers, N_OF(qian_items));
    CHECK_ITEMS(jiang, jiang_items, markers, N_OF(jiang_items));
    for (size_t i = 0; qian != NULL && i < qian->n_items; i++)
        CHECK_UINT(qian->items[i].paragraph, 6);
    CHECK_UINT(count_warnings(r, "count-mismatch", 6) + count_warnings(r, "count-mismatch", 7),
               0);
    seg_result_free(r);
}

/* 7 (second half): three announced, four found: four items and a warning. */
static void case_count_mismatch(void)
{
    static const char *const items[] = {"（一）建立县域经济", "（二）完善乡镇数据",
                                        "（三）加强基层统计", "（四）推进统计数据"};
    static const char *const markers[] = {"（一）", "（二）", "（三）", "（四）"};
    const char *in = fixture_county_hans;
    struct seg_result *r = case_segment(in);

    if (r == NULL)
        return;
    CHECK_ITEMS(case_person(r, "金子航"), items, markers, N_OF(items));
    CHECK_UINT(count_warnings(r, "count-mismatch", 3), 1);
    seg_result_free(r);
}

/* 8 and the 建議，X rule: the proposition after 他建議 is an item; a
 * 要-clause split at ；gives one item per part, the first keeping its 要. */
static void case_semicolon_items(void)
{
    static const char *const items[] = {"以標準互認推動跨省", "要完善流域數據目錄",
                                        "優化數據授權運營", "建立跨部門數據質量",
                                        "推進公共數據有序", "支持龍頭企業牽頭"};
    const char *in = fixture_forum_hant;
    struct seg_result *r = case_segment(in);
    const struct seg_person *zhou;

    if (r == NULL)
        return;
    zhou = case_person(r, "周明遠");
    CHECK_ITEMS(zhou, items, NULL, N_OF(items));
    for (size_t i = 0; zhou != NULL && i < zhou->n_items; i++) {
        CHECK(zhou->items[i].marker == NULL);
        CHECK_UINT(zhou->items[i].paragraph, 2);
    }
    if (zhou != NULL && zhou->n_items > 1)
        CHECK_UINT(zhou->items[1].span.start, case_offset(in, "要完善流域"));
    seg_result_free(r);
}

/* 9: comma clauses (支持…，支持…，支持…) inside one 要-sentence stay in that
 * one item. */
static void case_comma_clauses(void)
{
    static const char *const items[] = {"要加快建設城鄉一體", "要統籌構建流域治理"};
    const char *in = fixture_forum_hant;
    struct seg_result *r = case_segment(in);
    const struct seg_person *lu;

    if (r == NULL)
        return;
    lu = case_person(r, "陸文博");
    CHECK_ITEMS(lu, items, NULL, N_OF(items));
    if (lu != NULL && lu->n_items == 2) {
        CHECK(case_text_contains(lu->items[1].text, "支持蘇中地區培育綠色算力產業"));
        CHECK(lu->items[1].span.end > case_offset(in, "支持蘇北地區"));
    }
    seg_result_free(r);
}

/* 10: a third party's demand (對…提出…新要求) and 要 inside a word (首要,
 * 重要, 需要 in context) are not proposals; the modal 應 after a subject is. */
static void case_non_proposals(void)
{
    static const char *const han_items[] = {"算力調度應緊跟國家"};
    const char *in = fixture_forum_hant;
    struct seg_result *r = case_segment(in);
    const struct seg_person *han;

    if (r == NULL)
        return;
    han = case_person(r, "韓露");
    CHECK_ITEMS(han, han_items, NULL, N_OF(han_items));
    for (size_t i = 0; i < r->n_people; i++) {
        const struct seg_person *p = &r->people[i];

        CHECK(case_item_index(p, "對數字政務平臺提出") < 0);
        CHECK(case_item_index(p, "牢牢把握綠色轉型首要") < 0);
        CHECK(case_item_index(p, "努力建設數字治理的重要") < 0);
        CHECK(case_item_index(p, "頂層規劃引領") < 0);
    }
    seg_result_free(r);
}

/* 11: a bracketed journal name inside a unit belongs to the affiliation,
 * not to the topic; the title takes its prefixes (原副主編). */
static void case_bracketed_unit(void)
{
    const char *in = fixture_forum_hant;
    struct seg_result *r = case_segment(in);
    const struct seg_person *lu;

    if (r == NULL)
        return;
    lu = case_person(r, "陸文博");
    check_identity(lu, "陆文博", "常州市委《江南論壇》編輯部原副主編", "原副主編",
                   SEG_ROLE_SPEAKER);
    if (lu != NULL) {
        CHECK(lu->topic != NULL &&
              case_text_same(lu->topic, "推進城鄉數字融合 構筑流域發展新支點"));
        CHECK(lu->topic == NULL || strstr(lu->topic, "江南論壇") == NULL);
    }
    seg_result_free(r);
}

/* 12: the title anchor decides the name's length (總經理韓露: two
 * characters; 副院長錢蘊(yùn)華: three, the annotation inside removed), and a
 * name that is also a place (主任金華) is a person. */
static void case_title_anchor(void)
{
    const char *in = fixture_forum_hant;
    struct seg_result *r = case_segment(in);

    if (r == NULL)
        return;
    check_identity(case_person(r, "韓露"), "韩露", "星河智算(蘇州)有限公司總經理", "總經理",
                   SEG_ROLE_SPEAKER);
    check_identity(case_person(r, "錢蘊華"), "钱蕴华", "南京郵電大學管理學院副院長", "副院長",
                   SEG_ROLE_SPEAKER);
    check_identity(case_person(r, "蔣一帆"), "蒋一帆", "安徽大學經濟學院教授", "教授",
                   SEG_ROLE_SPEAKER);
    case_person(r, "金華");
    CHECK(case_find_person(r, "錢蘊") == NULL && case_find_person(r, "蘊華") == NULL);
    seg_result_free(r);
}

/* 13: 作…總結 makes a summarizer; the 需要…提出…建議 requirement, the three
 * announced items and the unnumbered 要以此為依托 afterwards are five items. */
static void case_summarizer(void)
{
    static const char *const items[] = {"需要高校智庫和政策", "一是深化研究", "二是加強協作",
                                        "三是注重轉化", "要以此為依托"};
    static const char *const markers[] = {NULL, "一是", "二是", "三是", NULL};
    static const unsigned paragraphs[] = {8};
    const char *in = fixture_forum_hant;
    struct seg_result *r = case_segment(in);
    const struct seg_person *liang;

    if (r == NULL)
        return;
    liang = case_person(r, "梁思齊");
    check_identity(liang, "梁思齐", "省發展改革委副主任", "副主任", SEG_ROLE_SUMMARIZER);
    CHECK_PARAGRAPHS(liang, paragraphs, N_OF(paragraphs));
    CHECK_ITEMS(liang, items, markers, N_OF(items));
    CHECK_SAID_BY(r, in, "本次論壇主題鮮明", "梁思齊");
    seg_result_free(r);
}

/* 14: 圍繞“A”“B”“C”三個方面，深入闡釋怎樣“D”: the topic is D, not A-C. Also
 * the other topic cues: 圍繞《…》發言, 以《…》為題, 對“…”進行解讀, 以“…”為切口. */
static void case_topics(void)
{
    const char *in = fixture_forum_hant;
    struct seg_result *r = case_segment(in);
    static const struct {
        const char *name, *topic;
    } want[] = {
        {"鄭朗", "以制度創新釋放數據要素的乘數效應"},
        {"周明遠", "以數據要素激活流域治理新動能"},
        {"韓露", "政務大模型賦能基層治理"},
        {"蔣一帆", "數字賦能流域產業協同"},
    };

    if (r == NULL)
        return;
    for (size_t i = 0; i < N_OF(want); i++) {
        const struct seg_person *p = case_person(r, want[i].name);

        if (p != NULL && (p->topic == NULL || !case_text_same(p->topic, want[i].topic)))
            case_fail(__FILE__, __LINE__, "topic of %s is %s, want %s", p->name,
                      p->topic ? p->topic : "NULL", want[i].topic);
    }
    seg_result_free(r);
}

/* 15: the byline gives the reporter (a rare surname accepted because of
 * 記者), who is not a person of the meeting; the garbled outlet is flagged;
 * the footer lines stay paragraphs but carry no remarks and no people. */
static void case_byline_footer(void)
{
    const char *in = fixture_forum_hant;
    struct seg_result *r = case_segment(in);

    if (r == NULL)
        return;
    CHECK_STR(r->event.reporter, "禚亮");
    CHECK(case_find_person(r, "禚亮") == NULL);
    CHECK(has_warning_at(r, NULL, case_offset(in, "晨?qǐng)") + strlen("晨")));
    CHECK_UINT(r->n_paragraphs, 13);
    if (r->n_paragraphs == 13) {
        CHECK_UINT(r->paragraphs[10].span.start, case_offset(in, "江淮報業網"));
        CHECK_UINT(r->paragraphs[12].span.start, case_offset(in, "iPhone版"));
        CHECK_UINT(r->paragraphs[12].span.end, case_offset(in, "iPhone版") + strlen("iPhone版"));
    }
    for (size_t i = 0; i < r->n_people; i++)
        for (size_t k = 0; k < r->people[i].n_remarks; k++)
            CHECK(r->people[i].remarks[k].paragraph < 9);
    seg_result_free(r);
}

/* ---- the "Also test" list ---- */

/* A leader quoted in the lead (習近平總書記) is a mention, never a person of
 * the meeting; the meeting has exactly the eight people it names. */
static void case_leader_not_person(void)
{
    struct seg_result *r = case_segment(fixture_forum_hant);

    if (r == NULL)
        return;
    CHECK(case_find_person(r, "習近平") == NULL);
    CHECK_UINT(r->n_people, 8);
    seg_result_free(r);
}

/* 龐學平等 at the end of a list is 龐學平 + 等; outside a list, 平等 is a word
 * and makes nobody. */
static void case_list_deng(void)
{
    const char *in = fixture_county_hans;
    struct seg_result *r = case_segment(in);
    const struct seg_person *pang;

    if (r == NULL)
        return;
    pang = case_person(r, "庞学平");
    check_identity(pang, "庞学平", "市农业农村局局长", "局长", SEG_ROLE_SPEAKER);
    CHECK(case_find_person(r, "庞学平等") == NULL && case_find_person(r, "庞学") == NULL);
    CHECK_SAID_BY(r, in, "要推动城乡要素平等交换", "庞学平");
    CHECK_UINT(r->n_people, 5);
    seg_result_free(r);
}

/* Two people share a surname: 金主任 is the 主任, 金局長 the 副局長 (the
 * title matches once 副 is ignored). */
static void case_same_surname(void)
{
    static const char *const jin_items[] = {"第一,加快补齐县城", "第二,推动县域特色",
                                            "第三,健全农民工"};
    static const unsigned para2[] = {2}, para3[] = {3};
    const char *in = fixture_county_hans;
    struct seg_result *r = case_segment(in);
    const struct seg_person *lixin, *zihang;

    if (r == NULL)
        return;
    lixin = case_person(r, "金立新");
    zihang = case_person(r, "金子航");
    check_identity(lixin, "金立新", "江州市发改委主任", "主任", SEG_ROLE_SPEAKER);
    check_identity(zihang, "金子航", "市统计局副局长", "副局长", SEG_ROLE_SPEAKER);
    CHECK_PARAGRAPHS(lixin, para2, N_OF(para2));
    CHECK_PARAGRAPHS(zihang, para3, N_OF(para3));
    CHECK_SAID_BY(r, in, "县域是城乡融合发展", "金立新");
    CHECK_SAID_BY(r, in, "近年来全市县域经济", "金子航");
    CHECK_ITEMS(lixin, jin_items, NULL, N_OF(jin_items));
    if (lixin != NULL && lixin->n_items == 3)
        CHECK(lixin->items[0].marker != NULL && case_text_starts(lixin->items[0].marker, "第一"));
    seg_result_free(r);
}

/* Numbered items (1. 2. 3.) and the 作交流发言 topic; the chair of the
 * meeting (由…主持 at the end) is a moderator. */
static void case_numbered_items_and_chair(void)
{
    static const char *const items[] = {"1.要完善农村数字", "2.要培育新型职业", "3.要健全农产品"};
    static const char *const markers[] = {"1.", "2.", "3."};
    const char *in = fixture_county_hans;
    struct seg_result *r = case_segment(in);
    const struct seg_person *tang;

    if (r == NULL)
        return;
    tang = case_person(r, "唐韵");
    check_identity(tang, "唐韵", "江州学院经济系副教授", "副教授", SEG_ROLE_SPEAKER);
    CHECK_ITEMS(tang, items, markers, N_OF(items));
    if (tang != NULL)
        CHECK(tang->topic != NULL && case_text_same(tang->topic, "数字乡村建设"));
    check_identity(case_person(r, "何川"), "何川", "市政府副秘书长", "副秘书长",
                   SEG_ROLE_MODERATOR);
    seg_result_free(r);
}

/* ---- the annotation rules of corpus/SOURCES.md beyond section 7 ---- */

/* 首先/其次/最后 enumerate like 一是/二是; ①②③ too. */
static void case_other_markers(void)
{
    static const char *const kong_items[] = {"首先,建立居民议事", "其次,完善改造资金",
                                             "最后,探索社区规划师"};
    static const char *const shen_items[] = {"①推动社区规划师", "②建立社区更新",
                                             "③加强专业人才", "可考虑设立社区更新"};
    static const char *const shen_markers[] = {"①", "②", "③", NULL};
    const char *in = fixture_renewal_hans;
    struct seg_result *r = case_segment(in);
    const struct seg_person *kong, *shen;

    if (r == NULL)
        return;
    kong = case_person(r, "孔令书");
    shen = case_person(r, "沈一鸣");
    check_identity(kong, "孔令书", "临川大学城市研究院院长", "院长", SEG_ROLE_SPEAKER);
    CHECK_ITEMS(kong, kong_items, NULL, N_OF(kong_items));
    for (size_t i = 0; kong != NULL && i < kong->n_items && i < N_OF(kong_items); i++)
        CHECK(kong->items[i].marker != NULL &&
              case_text_starts(kong_items[i], kong->items[i].marker));
    check_identity(shen, "沈一鸣", "社区规划师协会理事长", "理事长", SEG_ROLE_SPEAKER);
    CHECK_ITEMS(shen, shen_items, shen_markers, N_OF(shen_items));
    seg_result_free(r);
}

/* 希望 addressed to another party is a request (the item starts after the
 * verb); a commitment (我们将…) is not an item. */
static void case_hope_and_commitment(void)
{
    static const char *const lu_items[] = {"高校智库持续关注"};
    const char *in = fixture_renewal_hans;
    struct seg_result *r = case_segment(in);
    const struct seg_person *lu;

    if (r == NULL)
        return;
    lu = case_person(r, "鲁佳");
    check_identity(lu, "鲁佳", "市住建局副局长", "副局长", SEG_ROLE_SPEAKER);
    CHECK_ITEMS(lu, lu_items, NULL, N_OF(lu_items));
    CHECK_SAID_BY(r, in, "我们将继续加大", "鲁佳");
    seg_result_free(r);
}

/* What a meeting says as a body (会议指出，要…) belongs to nobody and is no
 * one's item, even between two talks of the same person. */
static void case_body_statement(void)
{
    const char *in = fixture_renewal_hans;
    struct seg_result *r = case_segment(in);

    if (r == NULL)
        return;
    check_said_by_nobody(r, in, "要把城市更新作为");
    for (size_t i = 0; i < r->n_people; i++)
        CHECK(case_item_index(&r->people[i], "要把城市更新作为") < 0);
    CHECK_UINT(r->n_people, 3);
    seg_result_free(r);
}

/* Event metadata and language of both fixtures. */
static void case_event_and_language(void)
{
    struct seg_result *hant = case_segment(fixture_forum_hant);
    struct seg_result *hans = case_segment(fixture_county_hans);

    if (hant != NULL) {
        CHECK_STR(hant->language, "zh-Hant");
        CHECK_STR(hant->event.name, "第三屆長江數字治理論壇");
        CHECK_STR(hant->event.date, "9月12日");
        CHECK_STR(hant->event.venue, "河海大學");
        CHECK_STR(hant->event.theme, "數據要素賦能流域治理");
        CHECK(hant->event.n_organizers >= 1 &&
              strcmp(hant->event.organizers[0], "江蘇省數字經濟研究會") == 0);
        seg_result_free(hant);
    }
    if (hans != NULL) {
        CHECK_STR(hans->language, "zh-Hans");
        CHECK_STR(hans->event.date, "11月3日");
        CHECK_STR(hans->event.name, "乡村振兴与县域经济座谈会");
        CHECK_STR(hans->event.venue, "江州市");
        seg_result_free(hans);
    }
}

/* A report segmented twice gives the same JSON (the determinism that
 * storage and ETags rely on). */
static void case_deterministic(void)
{
    struct seg_result *a = case_segment(fixture_forum_hant);
    struct seg_result *b = case_segment(fixture_forum_hant);
    char *ja = a != NULL ? case_json(a) : NULL;
    char *jb = b != NULL ? case_json(b) : NULL;

    CHECK(ja != NULL && jb != NULL && strcmp(ja, jb) == 0);
    free(ja);
    free(jb);
    if (a != NULL)
        seg_result_free(a);
    if (b != NULL)
        seg_result_free(b);
}

static const struct case_entry cases[] = {
    {"annotations", case_annotations},
    {"list_across_mojibake", case_list_across_mojibake},
    {"mojibake_affiliation", case_mojibake_affiliation},
    {"surname_honorific", case_surname_honorific},
    {"pronoun_cues", case_pronoun_cues},
    {"lead_in_context", case_lead_in_context},
    {"enumerations", case_enumerations},
    {"count_mismatch", case_count_mismatch},
    {"semicolon_items", case_semicolon_items},
    {"comma_clauses", case_comma_clauses},
    {"non_proposals", case_non_proposals},
    {"bracketed_unit", case_bracketed_unit},
    {"title_anchor", case_title_anchor},
    {"summarizer", case_summarizer},
    {"topics", case_topics},
    {"byline_footer", case_byline_footer},
    {"leader_not_person", case_leader_not_person},
    {"list_deng", case_list_deng},
    {"same_surname", case_same_surname},
    {"numbered_items_and_chair", case_numbered_items_and_chair},
    {"other_markers", case_other_markers},
    {"hope_and_commitment", case_hope_and_commitment},
    {"body_statement", case_body_statement},
    {"event_and_language", case_event_and_language},
    {"deterministic", case_deterministic},
};

CASE_MAIN(cases)
