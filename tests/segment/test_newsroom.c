/* Reports of newsrooms the segmenter was not tuned on: Hong Kong reports
 * (traditional script, Cantonese quotations, members of the public named
 * by surname and honorific) and university news (long affiliation lists,
 * speaker lists). Every name, unit and sentence here is made up. Run one
 * case with `test_newsroom NAME`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_util.h"


static void check_affiliation(const struct seg_result *r, const char *name, const char *want)
{
    const struct seg_person *p = case_person(r, name);

    if (p != NULL)
        CHECK_STR(p->affiliation, want);
}

/* An attendee list whose affiliations hold a quoted programme, a post
 * described by its duties (分管…的), numbered items and earlier items of
 * the list: each affiliation is the unit and title before that name. */
static const char list_report[] =
    "南州大学召开学科建设研讨会\n"
    "5月8日，南州大学召开学科建设研讨会。出席会议的有：南州市委宣传部分管日常工作的副部长吴思远，"
    "教育部高等学校“数字人文”教学指导委员会副主任委员、东岭大学教授林海川，"
    "东岭大学文学院院长司文博、北湖大学历史学院院长郑晓东。\n"
    "与会代表包括：\n"
    "（一）南州规划学会会长钱立群；\n"
    "（二）南州测绘学会会长孟凡宇。\n"
    "林海川表示，要加强学科交叉融合。\n"
    "会上还颁发了优秀论文奖，由我校周明远教授、杨佳宁副教授撰写的论文获一等奖。\n";

static void case_affiliation_bounds(void)
{
    struct seg_result *r = case_segment(list_report);

    if (r == NULL)
        return;
    check_affiliation(r, "吴思远", "南州市委宣传部分管日常工作的副部长");
    check_affiliation(r, "林海川", "教育部高等学校“数字人文”教学指导委员会副主任委员、东岭大学教授");
    check_affiliation(r, "郑晓东", "北湖大学历史学院院长");
    check_affiliation(r, "钱立群", "南州规划学会会长");
    check_affiliation(r, "孟凡宇", "南州测绘学会会长");
    seg_result_free(r);
}

/* Authors of an award-winning paper are named in passing: no sentence
 * naming them reports them present, speaking or chairing. */
static void case_bystanders(void)
{
    struct seg_result *r = case_segment(list_report);

    if (r == NULL)
        return;
    CHECK(case_find_person(r, "周明远") == NULL);
    CHECK(case_find_person(r, "杨佳宁") == NULL);
    CHECK(case_find_person(r, "钱立群") != NULL);    /* a numbered item of those present */
    seg_result_free(r);
}

/* A public consultation in a Hong Kong report: members of the public
 * named by surname and form of address, referred back to by surname
 * alone (柯認為) or by a pronoun right after the name. */
static const char public_report[] =
    "屋邨重建諮詢會居民反對拆卸\n"
    "房屋委員會周六在社區會堂舉行重建諮詢會，約50名居民出席。\n"
    "房委會副主席梁志明表示，委員會會聆聽居民意見。\n"
    "現居舊樓的柯先生批評：「政府成日話重建，我哋住咗幾十年。」柯認為，政府應先安置長者。\n"
    "同樣住在邨內的莫女士，斥當局漠視民意。莫女士認為，政府應保留街市。"
    "她詢問副主席梁志明：「幾時先有樓？」質疑當局拖延。\n"
    "20歲的甘小姐在邨內長大，她形容社區關係緊密。\n";

static void case_public_members(void)
{
    struct seg_result *r = case_segment(public_report);
    const struct seg_person *ko, *mok, *kam;

    if (r == NULL)
        return;
    ko = case_person(r, "柯先生");
    mok = case_person(r, "莫女士");
    kam = case_person(r, "甘小姐");
    CHECK(case_find_person(r, "柯先") == NULL);
    if (ko != NULL) {
        CHECK(ko->affiliation == NULL);
        CHECK(ko->role == SEG_ROLE_SPEAKER);
        CHECK(case_item_index(ko, "政府應先安置長者") >= 0);
    }
    if (mok != NULL)
        CHECK(case_item_index(mok, "政府應保留街市") >= 0);
    if (kam != NULL)
        CHECK(case_speaker_at(r, case_offset(public_report, "社區關係緊密")) == kam);
    /* 詢問 is her speech verb; the one asked does not speak */
    CHECK_SAID_BY(r, public_report, "質疑當局拖延", "莫女士");
    check_affiliation(r, "梁志明", "房委會副主席");
    seg_result_free(r);
}

/* Cantonese quotations: 要 there is want, need or take (time), and a
 * question (點解…？) puts nothing forward; 應該 after them still does. */
static const char cantonese_report[] =
    "居民團體反對重建街市\n"
    "關注組召集人伍志強表示：「點解一定要拆街市？我哋要留喺度，唔知要等幾耐。」"
    "他認為，政府應該先諮詢街坊。\n"
    "伍志強又指，當局不需要急於拆卸。\n";

static void case_cantonese_quotes(void)
{
    static const char *const opening = "政府應該先諮詢街坊";
    struct seg_result *r = case_segment(cantonese_report);
    const struct seg_person *ng;

    if (r == NULL)
        return;
    ng = case_person(r, "伍志強");
    if (ng != NULL) {
        CHECK_UINT(ng->n_items, 1);
        CHECK(case_item_index(ng, opening) >= 0);
    }
    seg_result_free(r);
}

/* Keynotes on one shared theme report nobody's words; keynotes with one
 * title each (分别以《A》《B》为题) report each speaker's. */
static const char keynote_report[] =
    "东岭大学举办区域发展论坛\n"
    "西江大学校长罗振华，北湖大学副校长孟庆林，南州社科院院长潘立新等围绕区域协调发展作主旨演讲。\n"
    "罗振华表示，区域发展要坚持系统观念。\n"
    "东岭大学教授邱明远，西江大学教授韦思成分别以《流域经济的新格局》《城市群的协同治理》为题作报告。\n"
    "南州大学教授贺立群以《数字时代的城乡\n"
    "融合》为题作报告。\n"
    "韦思成以“城乡\n"
    "融合”为题发言，指出要统筹城乡规划。\n";

/* A line break inside a title splits one sentence over two paragraphs:
 * the cue in the second line gives the speaker both. */
static void case_title_across_lines(void)
{
    struct seg_result *r = case_segment(keynote_report);
    const struct seg_person *he;

    if (r == NULL)
        return;
    he = case_person(r, "贺立群");
    if (he != NULL) {
        CHECK_UINT(he->n_remarks, 2);
        CHECK(he->n_remarks == 2 && he->remarks[0].paragraph == 4 && he->remarks[1].paragraph == 5);
    }
    /* a first line too short to read as text is no trailer when it opens a quote */
    CHECK_SAID_BY(r, keynote_report, "韦思成以", "韦思成");
    CHECK_SAID_BY(r, keynote_report, "统筹城乡规划", "韦思成");
    seg_result_free(r);
}

static void case_shared_theme(void)
{
    static const unsigned lo_paragraphs[] = {2};
    struct seg_result *r = case_segment(keynote_report);
    const struct seg_person *lo, *meng, *qiu, *wei;

    if (r == NULL)
        return;
    lo = case_person(r, "罗振华");
    meng = case_person(r, "孟庆林");
    qiu = case_person(r, "邱明远");
    wei = case_person(r, "韦思成");
    if (lo != NULL) {
        CHECK(lo->n_remarks == N_OF(lo_paragraphs) && lo->remarks[0].paragraph == lo_paragraphs[0]);
        CHECK(lo->role == SEG_ROLE_SPEAKER);
    }
    if (meng != NULL) {
        CHECK_UINT(meng->n_remarks, 0);
        CHECK(meng->role == SEG_ROLE_SPEAKER);
    }
    if (qiu != NULL && wei != NULL) {
        CHECK(qiu->n_remarks == 1 && qiu->remarks[0].paragraph == 3);
        CHECK(wei->n_remarks >= 1 && wei->remarks[0].paragraph == 3);
    }
    seg_result_free(r);
}

/* A raw Hong Kong page: a video short-code between two paragraphs of one
 * speech, 他 after a sentence that names no one, 擔心 as a speech verb, and
 * the subscription trailer after a rule. */
static const char raw_report[] =
    "# 【城市論壇】學者憂租金上升\n"
    "城市大學客座教授馬國賢出席論壇時指出，租金近年持續上升。\n"
    "{{< video src=\"https://example.org/embed/1\" >}}\n"
    "至於政府日前公布的新措施，市場反應一般。他解釋，措施未觸及供應問題。\n"
    "時事評論員鍾嘉欣亦擔心，小商戶難以承受租金壓力。\n"
    "---\n"
    "請加入成為月費訂戶，長期支持我們的工作。\n";

static void case_raw_page(void)
{
    struct seg_result *r = case_segment(raw_report);

    if (r == NULL)
        return;
    CHECK_SAID_BY(r, raw_report, "措施未觸及供應問題", "馬國賢");
    CHECK_SAID_BY(r, raw_report, "小商戶難以承受", "鍾嘉欣");
    CHECK(case_speaker_at(r, case_offset(raw_report, "{{< video")) == NULL);
    CHECK(case_speaker_at(r, case_offset(raw_report, "請加入")) == NULL);
    seg_result_free(r);
}

/* Several speakers of one sentence: a second subject after ；, two
 * subjects joined by 和, and two people who spoke and then 表示. */
static const char joint_report[] =
    "港大舉辦房屋政策研討會\n"
    "在研討會上，學者伍嘉明建議政府增建公屋；而另外兩名講者區志恒和岑美玲則指出，"
    "過渡性房屋供應不足，因應需求而推出的計劃成效有限。\n"
    "房屋局副局長韋子聰、港大教授翁立行出席開幕式並致辭，表示研討會意義重大。希望大家積極參與討論。\n"
    "社工區志恒及評論員岑美玲亦有出席。\n";

static void case_joint_speakers(void)
{
    static const char *const who[] = {"伍嘉明", "區志恒", "岑美玲"};
    struct seg_result *r = case_segment(joint_report);
    const struct seg_person *wai, *yung;

    if (r == NULL)
        return;
    for (size_t k = 0; k < N_OF(who); k++) {
        const struct seg_person *p = case_person(r, who[k]);

        if (p != NULL)
            CHECK(case_remark_at(p, case_offset(joint_report, "過渡性房屋")) != NULL);
    }
    /* each part of the sentence is its speakers': the proposal is the first one's */
    {
        const struct seg_person *ng = case_find_person(r, "伍嘉明"), *au = case_find_person(r, "區志恒");

        CHECK(ng != NULL && case_item_index(ng, "政府增建公屋") >= 0);
        CHECK(au != NULL && au->n_items == 0);    /* 因應 is no modal */
    }
    wai = case_person(r, "韋子聰");
    yung = case_person(r, "翁立行");
    if (wai != NULL && yung != NULL) {
        CHECK(case_remark_at(wai, case_offset(joint_report, "研討會意義重大")) != NULL);
        CHECK(case_remark_at(yung, case_offset(joint_report, "研討會意義重大")) != NULL);
        /* their joint wish is each one's proposal */
        CHECK(case_item_index(wai, "大家積極參與討論") >= 0);
        CHECK(case_item_index(yung, "大家積極參與討論") >= 0);
    }
    seg_result_free(r);
}

/* Where an item starts and whose it is: a body's frame before a named
 * speaker, 但/故他 before the speech verb of the item's clause, and a
 * third party's view (有意見認為…應…) that opens a clause. */
static const char frame_report[] =
    "法律界論壇討論量刑\n"
    "論壇上亦提及司法覆核，大律師公會主席施家朗認為現行程序冗長，故他認為政府應檢討覆核程序。\n"
    "律政司副司長卓永恆表示尊重各方意見，但認為討論應基於法律原則。他又引述，有意見認為控方應獲准提出量刑建議。\n";

static void case_item_frames(void)
{
    struct seg_result *r = case_segment(frame_report);
    const struct seg_person *sze, *cheuk;

    if (r == NULL)
        return;
    sze = case_person(r, "施家朗");
    cheuk = case_person(r, "卓永恆");
    CHECK_SAID_BY(r, frame_report, "現行程序冗長", "施家朗");
    if (sze != NULL)
        CHECK(case_item_index(sze, "政府應檢討覆核程序") >= 0);
    if (cheuk != NULL) {
        CHECK(case_item_index(cheuk, "討論應基於法律原則") >= 0);
        CHECK(case_item_index(cheuk, "有意見") < 0 && case_item_index(cheuk, "控方應獲准") < 0);
    }
    seg_result_free(r);
}

/* A petition's organiser named right after his group, with a one-character
 * speech verb (指); an official's 需視乎 explains how a law is applied. */
static const char petition_report[] =
    "團體聯署反對條例\n"
    "逾20個團體聯署反對條例。聯署發起人之一東區關注組馮子健指，政府應先諮詢公眾。\n"
    "保安局局長梁文傑回應指，執法機構需視乎證據作判斷。非建制派亦憂慮條例限制言論自由，建議先進行諮詢。\n";

static void case_petition(void)
{
    struct seg_result *r = case_segment(petition_report);
    const struct seg_person *fung, *leung;

    if (r == NULL)
        return;
    check_affiliation(r, "馮子健", "東區關注組");
    fung = case_person(r, "馮子健");
    leung = case_person(r, "梁文傑");
    if (fung != NULL)
        CHECK(case_item_index(fung, "政府應先諮詢公眾") >= 0);
    if (leung != NULL)    /* 非建制派亦憂慮…，建議…: someone else proposes */
        CHECK_UINT(leung->n_items, 0);
    seg_result_free(r);
}

/* Campus news: 大家 as the object of 对 is no subject of 表示; 他 after a
 * sentence without a cue is the person the paragraph named; 建言献策 and
 * 应如何 put nothing forward; 提出的 is no speech verb. */
static const char campus_report[] =
    "学校召开教学工作座谈会\n"
    "12月5日，学校召开教学工作座谈会。校党委副书记孔令强主持会议，校长助理韩立新出席会议，"
    "校长邹明远做总结发言。中国工程院院士朱丽华领衔的团队作专题报告。\n"
    "教务处处长严文博回顾了本学期教学工作。他强调，各学院要落实教学质量标准。质量是生命线。各系要紧密结合学科特点。\n"
    "与会教师围绕教学改革建言献策，探讨了应如何提升课堂质量。\n"
    "孔令强对大家提出的意见建议表示感谢，他指出，要认真研究吸纳。大家提出的建议站位高，"
    "各学院要认真落实。\n";

static void case_campus_cues(void)
{
    struct seg_result *r = case_segment(campus_report);
    const struct seg_person *yan, *kong;

    if (r == NULL)
        return;
    yan = case_person(r, "严文博");
    kong = case_person(r, "孔令强");
    CHECK_SAID_BY(r, campus_report, "各学院要落实", "严文博");
    /* 助理 heads a post; 做总结发言 and 领衔 end the name before them */
    check_affiliation(r, "韩立新", "校长助理");
    CHECK(case_find_person(r, "邹明远") != NULL && case_find_person(r, "邹明远做") == NULL);
    CHECK(case_find_person(r, "朱丽华") != NULL);
    if (yan != NULL) {
        CHECK(case_item_index(yan, "各学院要落实") >= 0);
        CHECK(case_item_index(yan, "各系要紧密结合") >= 0);    /* 要 before 紧密, not 要紧 */
    }
    CHECK_SAID_BY(r, campus_report, "表示感谢", "孔令强");
    if (kong != NULL) {
        CHECK(kong->role == SEG_ROLE_SPEAKER);
        CHECK(case_item_index(kong, "献策") < 0);
        /* 提出的 modifies 建议: the speech goes on */
        CHECK(case_item_index(kong, "各学院要认真落实") >= 0);
    }
    for (size_t i = 0; i < r->n_people; i++)
        CHECK(case_item_index(&r->people[i], "应如何") < 0 && case_item_index(&r->people[i], "献策") < 0);
    seg_result_free(r);
}

/* Proposals that open with 要求 + addressee or are addressed (向X建議);
 * requests for information, conditions, 無論如何, a hope about an outcome
 * (希望令…), 要脅 (threaten), 應否 (whether) and a reported claim
 * (聲稱是要…) are told apart. */
static const char demand_report[] =
    "業界關注新規例\n"
    "測量師學會會長鮑志成表示，要求當局盡快公布時間表。他又要求當局解釋諮詢程序。\n"
    "鮑志成指，學會已向發展局建議設立獨立委員會。無論如何政府必須諮詢業界。"
    "他指出，如果當局需要修例，時間表便會延誤。他希望令審批更快完成。他批評有關部門透過牌照要脅業界，"
    "又說問題不是應否立法。他指當年的天橋聲稱是要紓緩擠塞，結果無人使用。\n";

static void case_demands(void)
{
    struct seg_result *r = case_segment(demand_report);
    const struct seg_person *pau;

    if (r == NULL)
        return;
    pau = case_person(r, "鮑志成");
    if (pau != NULL) {
        CHECK(case_item_index(pau, "當局盡快公布時間表") >= 0);
        CHECK(case_item_index(pau, "設立獨立委員會") >= 0);
        CHECK(case_item_index(pau, "無論如何政府必須") >= 0);
        CHECK_UINT(pau->n_items, 3);
    }
    seg_result_free(r);
}

/* A name after 向 is the object, and one after 被 the agent of a
 * question: the speech verb belongs to the other name. */
static const char object_report[] =
    "團體請願要求增建公屋\n"
    "小組主席龐家樂出席論壇。前議員施麗明向龐家樂遞上請願信，批評小組拖延。\n"
    "被主持龐家樂問及會否延長諮詢，施麗明稱諮詢期應延長三個月。\n";

static void case_object_not_subject(void)
{
    struct seg_result *r = case_segment(object_report);

    if (r == NULL)
        return;
    CHECK_SAID_BY(r, object_report, "批評小組拖延", "施麗明");
    /* the agent of 被…問及 asked; the one asked answers */
    CHECK_SAID_BY(r, object_report, "會否延長諮詢", "施麗明");
    seg_result_free(r);
}

/* An enumeration of what was explored (进行了一些新的探索。一是…) lists
 * achievements, not proposals. */
static void case_explorations(void)
{
    static const char text[] =
        "学校召开专题学习会\n"
        "校党委书记葛文涛强调，学校围绕“必须坚持人才引领”的要求进行了一些新的探索。一是树立新理念，让人才培养更加扎实。"
        "二是完善评价体系，让教师潜心育人。\n";
    struct seg_result *r = case_segment(text);
    const struct seg_person *ge;

    if (r == NULL)
        return;
    ge = case_person(r, "葛文涛");
    if (ge != NULL)
        CHECK(case_item_index(ge, "一是树立新理念") < 0 && case_item_index(ge, "二是完善评价体系") < 0);
    seg_result_free(r);
}

/* Newsrooms other than the tuned ones: foreign names joined by a middle
 * dot whose parts are everyday characters, rare surnames, a group post
 * (市领导) before a list of names, an address read out for another, and
 * a member of the public after a descriptive noun. */
static const char wider_report[] =
    "东江市召开营商环境座谈会\n"
    "本报讯 6月3日，东江市召开营商环境座谈会。市领导柏玉清、郑国华出席会议。\n"
    "会议由市政府副秘书长仉文远主持。\n"
    "受市长萧立群委托，副市长宓海宁宣读致辞。萧立群在致辞中指出，要持续优化营商环境。\n"
    "国际商会副会长阿依努尔·买买提指出，要降低企业融资成本。\n"
    "经济学院副教授拉末·安南表示，应当完善中小企业服务体系。\n"
    "另一名商户伍女士則指，希望政府减少检查频次。\n"
    "工会副秘书长莎拉·易卜拉欣说，应该延长就业补贴。\n"
    "居於深水埗的商户黎先生說：「租金太貴，做唔落去。」\n"
    "市长萧立群要求，各级领导干部要深入企业，张掖市等地的经验值得借鉴。\n"
    "商会总会长拿督斯里魏国安、署理总会长丹斯里覃文昌出席，茶叙由商会秘书陆明伟主持。\n"
    "魏国安表示，商家应当抱团取暖。\n"
    "环境局副局长（环境基建）戚美兰、研究所所长穆罕默德·法依兹亦有出席。青石镇、柳塘乡作交流发言。\n";

static void case_wider_newsrooms(void)
{
    struct seg_result *r = case_segment(wider_report);
    const struct seg_person *p;

    if (r == NULL)
        return;
    check_affiliation(r, "柏玉清", "市领导");
    CHECK(case_find_person(r, "郑国华") != NULL);
    p = case_person(r, "仉文远");
    if (p != NULL)
        CHECK(p->role == SEG_ROLE_MODERATOR);
    p = case_person(r, "萧立群");
    if (p != NULL)
        CHECK(p->role == SEG_ROLE_SPEAKER && p->n_remarks > 0);
    p = case_person(r, "宓海宁");    /* read the address out: no speech of her own */
    if (p != NULL)
        CHECK(p->role == SEG_ROLE_ATTENDEE && p->n_remarks == 0);
    p = case_person(r, "阿依努尔·买买提");
    if (p != NULL)
        CHECK(p->n_remarks == 1 && p->n_items == 1);
    CHECK(case_find_person(r, "阿依努尔") == NULL);
    p = case_person(r, "拉末·安南");
    if (p != NULL)
        CHECK_STR(p->affiliation, "经济学院副教授");
    p = case_person(r, "伍女士");
    if (p != NULL)
        CHECK(p->n_remarks == 1);
    p = case_person(r, "莎拉·易卜拉欣");    /* 说 closes the name, not its last part */
    if (p != NULL)
        CHECK(p->n_remarks == 1);
    CHECK(case_find_person(r, "黎先生") != NULL);    /* 說 right after, though a single character */
    CHECK(case_find_person(r, "干部要") == NULL);    /* 领导干部: a post and a noun, no name */
    CHECK(case_find_person(r, "张掖市") == NULL);    /* a city, not a person */
    /* Malaysian honours stand between the post and the name, in neither */
    check_affiliation(r, "魏国安", "商会总会长");
    CHECK(case_find_person(r, "覃文昌") != NULL);
    CHECK(case_find_person(r, "丹斯里") == NULL);
    check_affiliation(r, "戚美兰", "环境局副局长（环境基建）");    /* a portfolio in brackets */
    CHECK(case_find_person(r, "穆罕默德·法依兹") != NULL);    /* whole, though 穆 is a surname */
    CHECK(case_find_person(r, "柳塘乡") == NULL);    /* a township speaks through its delegate */
    p = case_person(r, "陆明伟");
    if (p != NULL)
        CHECK(p->role == SEG_ROLE_MODERATOR);
    seg_result_free(r);
}

static const struct case_entry cases[] = {
    {"affiliation_bounds", case_affiliation_bounds},
    {"bystanders", case_bystanders},
    {"public_members", case_public_members},
    {"cantonese_quotes", case_cantonese_quotes},
    {"shared_theme", case_shared_theme},
    {"title_across_lines", case_title_across_lines},
    {"raw_page", case_raw_page},
    {"joint_speakers", case_joint_speakers},
    {"item_frames", case_item_frames},
    {"petition", case_petition},
    {"campus_cues", case_campus_cues},
    {"demands", case_demands},
    {"object_not_subject", case_object_not_subject},
    {"explorations", case_explorations},
    {"wider_newsrooms", case_wider_newsrooms},
};

CASE_MAIN(cases)
