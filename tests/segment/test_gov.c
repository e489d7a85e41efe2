/* Reports in the style of state television transcripts and government
 * pages: a leader chairing and speaking, speakers summed up as a group,
 * lists after 还有, transliterated foreign names, speech frames beyond
 * NAME表示. Every name, unit and sentence is made up. Run one case with
 * `test_gov NAME`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_util.h"


/* Paragraph 0 is the headline; 1 the lead, where the chair speaks; 2 the
 * speakers summed up as a group; 3-4 the chair's speech; 5 a list of bare
 * names, one spelled like a common word; 6 further attendees after 还有. */
static const char report_hans[] =
    "中共江州市委召开党外人士座谈会 习文强主持并发表重要讲话\n"
    "本报江州3月5日电　3月4日，中共江州市委召开党外人士座谈会。市委书记习文强主持座谈会并发表重要讲话强调，"
    "要坚定信心、稳中求进，推动全市经济持续向好。\n"
    "座谈会上，民革市委主委郑立新、民盟市委主委罗晓东、市工商联主席高明远先后发言。他们一致赞同市委对经济形势的"
    "分析判断，并就扩大内需、优化营商环境等提出意见建议。\n"
    "在认真听取大家发言后，习文强发表重要讲话。他指出，今年全市经济运行稳中有进，成绩来之不易。\n"
    "习文强强调，各民主党派要深入开展调查研究，提出有分量的意见建议。\n"
    "李晓明、周密、王海涛出席座谈会。\n"
    "出席座谈会的党外人士还有陈思远、林海波、方立群和杜明等。\n";

/* A visit and a forum: foreign heads of state and guests named after a
 * country and a title, with · and a regnal number; 1 is a press
 * conference, 3 a foreign expert's view, 4 a ruler talked about. */
static const char visit_hans[] =
    "王立新会见瑞典国王卡尔八世\n"
    "本报北京5月6日电　国家主席王立新同意大利总统罗西尼会谈后共同会见记者。\n"
    "王立新指出，双方一致认为，应当加强在绿色能源领域的合作。\n"
    "当天，王立新会见来访的瑞典国王卡尔八世。卡尔八世表示，瑞方愿同中方深化交流。\n"
    "德国经济研究所所长汉娜·施密特认为，全球能源转型离不开开放合作。\n"
    "至于美国总统布兰登把关税作为筹码，分析人士普遍表示担忧。\n"
    "论坛开幕式上宣读了王立新主席贺信。\n"
    "卡尔八世表示，瑞典高度重视对华关系。瑞典祝贺中国在王立新主席领导下取得伟大成就，希望深化双方合作。"
    "瑞典支持王立新主席提出的全球发展倡议，愿同中方加强协作。\n";

/* Reactions gathered from several people, each ending in 说. */
static const char reactions_hans[] =
    "两国学者热议合作新前景\n"
    "“这次研讨为两国交流指明了方向。”河海大学教授潘玉华说。\n"
    "潘玉华说，希望双方继续深化理论交流。\n"
    "越南社会科学院研究员阮文明说，研讨会成果丰硕。\n"
    "省发展研究中心主任秦峰说，要把合作落到实处。\n"
    "秦峰说，双方可以分享更多经验。\n"
    "越南政治分析人士黎文海表示，两国关系根基牢固。\n"
    "河内友好协会委员阮氏秋红说，两国人民友谊深厚。\n";

/* A scraped government page: the headline printed twice, a date and
 * source line, font-size controls, the editor's line and related links. */
static const char page_hans[] =
    "李立群在数字经济论坛上强调：加快数字基础设施建设\n"
    "李立群在数字经济论坛上强调：加快数字基础设施建设\n"
    "2025-03-01 10:00　来源：新华社\n"
    "【字号 大 中 小】\n"
    "新华社北京3月1日电　数字经济论坛1日在京开幕。国务院副总理李立群出席开幕式并致辞。\n"
    "李立群表示，要加快数字基础设施建设，推动数据要素有序流通。\n"
    "【我要纠错】责任编辑：王小明\n"
    "相关稿件\n";

/* A provincial department's meeting: a summary that lists what the
 * meeting achieved, then what the entrepreneurs said as a group. */
static const char summary_hans[] =
    "市发展改革委召开民营企业座谈会\n"
    "会上，企业家代表踊跃发言，提出了意见建议。\n"
    "市发展改革委副主任韩立明最后总结时表示，座谈会达到了两个目的，一是倾听企业心声，了解企业诉求；"
    "二是宣传惠企政策，做好上传下达。\n"
    "会后，企业家们表示将坚定发展信心，加大投资力度。\n"
    "市发展改革委相关处室负责同志一同参加座谈交流。\n";

/* A forum opened with a head of state's letter, read out by a minister,
 * and a guest's reaction to it. */
static const char letter_hans[] =
    "王立新向第三届江海论坛致贺信\n"
    "本报南京6月2日电　6月1日，第三届江海论坛在南京开幕。国家主席王立新向论坛致贺信。\n"
    "王立新在贺信中指出，江海论坛为各方交流搭建了平台。希望各方加强合作。\n"
    "国务院副总理李立群出席开幕式，宣读王立新主席贺信并致辞。\n"
    "江州大学教授潘玉华说，王立新主席的贺信高度评价了论坛的作用。"
    "“我们要深刻领会贺信精神，不负王立新主席的殷切期望。”\n"
    "省社科院研究员秦峰说：“王立新主席贺信体现了开放精神。王立新主席强调合作共赢，这为论坛指明了方向。”\n"
    "“王立新主席的贺信为论坛指明了方向。”潘玉华说。\n";

/* 习 is a surname like any other: the chair named after his title is a
 * person, speaks in the lead and in his speech. */
static void case_leader_surname(void)
{
    static const unsigned paras[] = {1, 3, 4};
    struct seg_result *r = case_segment(report_hans);
    const struct seg_person *chair;

    if (r == NULL)
        return;
    chair = case_person(r, "习文强");
    if (chair != NULL) {
        CHECK_STR(chair->affiliation, "市委书记");
        CHECK(chair->role == SEG_ROLE_SPEAKER);
        CHECK(case_item_index(chair, "要坚定信心") >= 0);
    }
    CHECK_PARAGRAPHS(chair, paras, N_OF(paras));
    seg_result_free(r);
}

/* Transcribed foreign names after a country and a title are people, with
 * the country and title as affiliation; one only talked about is not. */
static void case_foreign_names(void)
{
    struct seg_result *r = case_segment(visit_hans);
    const struct seg_person *p;

    if (r == NULL)
        return;
    p = case_person(r, "罗西尼");
    if (p != NULL) {
        CHECK_STR(p->affiliation, "意大利总统");
        CHECK(p->role == SEG_ROLE_SPEAKER);    /* 共同会见记者 */
    }
    p = case_person(r, "卡尔八世");
    if (p != NULL)
        CHECK_STR(p->affiliation, "瑞典国王");
    p = case_person(r, "汉娜·施密特");
    if (p != NULL) {
        CHECK_STR(p->affiliation, "德国经济研究所所长");
        CHECK(case_remark_at(p, case_offset(visit_hans, "全球能源转型")) != NULL);
    }
    CHECK(case_find_person(r, "布兰登") == NULL);
    seg_result_free(r);
}

/* The 说 (or 做) after a name ends it: 潘玉华 (玉 is also a surname, so
 * 潘玉华说 could pass for a double-surname name) and 秦峰, not 潘玉华说 or
 * 秦峰说. */
static void case_name_before_say(void)
{
    static const unsigned pan_paras[] = {1, 2}, qin_paras[] = {4, 5};
    struct seg_result *r = case_segment(reactions_hans);

    if (r == NULL)
        return;
    CHECK_PARAGRAPHS(case_person(r, "潘玉华"), pan_paras, N_OF(pan_paras));
    CHECK_PARAGRAPHS(case_person(r, "秦峰"), qin_paras, N_OF(qin_paras));
    CHECK(case_find_person(r, "阮文明") != NULL);
    CHECK(case_find_person(r, "潘玉华说") == NULL && case_find_person(r, "秦峰说") == NULL);
    seg_result_free(r);
    /* 做 (作) before 总结 is the verb, not a third character */
    r = case_segment("学校举行集体学习会\n"
                     "校长、校党委副书记姚峰做总结发言。姚峰指出，要抓好落实。\n");
    if (r != NULL) {
        const struct seg_person *p = case_person(r, "姚峰");

        CHECK(case_find_person(r, "姚峰做") == NULL);
        if (p != NULL) {
            CHECK_STR(p->affiliation, "校长、校党委副书记");
            CHECK(p->role == SEG_ROLE_SUMMARIZER);
        }
        seg_result_free(r);
    }
}

/* …先后发言。他们一致赞同…提出意见建议: the collective statement is a
 * remark of each named speaker, and no one's item. */
static void case_group_summary(void)
{
    static const unsigned para2[] = {2};
    static const char *const names[] = {"郑立新", "罗晓东", "高明远"};
    struct seg_result *r = case_segment(report_hans);

    if (r == NULL)
        return;
    for (size_t k = 0; k < N_OF(names); k++) {
        const struct seg_person *p = case_person(r, names[k]);

        CHECK_PARAGRAPHS(p, para2, N_OF(para2));
        if (p != NULL)
            CHECK_UINT(p->n_items, 0);
    }
    CHECK_STR(case_person(r, "郑立新") ? case_person(r, "郑立新")->affiliation : NULL, "民革市委主委");
    seg_result_free(r);
}

/* Attendees listed after the cue (出席…的…还有A、B和C等), and bare names
 * that the common-word veto (周密) or an everyday-word surname (方) would
 * refuse alone, taken because the list holds other names. */
static void case_attendee_lists(void)
{
    static const char *const names[] = {"李晓明", "周密", "王海涛", "陈思远", "林海波", "方立群", "杜明"};
    struct seg_result *r = case_segment(report_hans);

    if (r == NULL)
        return;
    for (size_t k = 0; k < N_OF(names); k++) {
        const struct seg_person *p = case_person(r, names[k]);

        if (p != NULL)
            CHECK(p->role == SEG_ROLE_ATTENDEE);
    }
    CHECK(case_find_person(r, "杜明等") == NULL);
    CHECK_UINT(r->n_people, 11);
    seg_result_free(r);
    /* a count closing a list (等20余人) is no name after an ASCII character */
    r = case_segment("统一战线双月座谈会召开\n"
                     "市委统战部部长张立新、市工商联主席李海波、各民主党派负责人及党外代表人士等20余人参加座谈会。\n");
    if (r != NULL) {
        CHECK(case_find_person(r, "余人") == NULL);
        CHECK_UINT(r->n_people, 2);
        seg_result_free(r);
    }
}

/* 王立新主席贺信: the title is the post of the name before it, so the
 * word after it (贺 is a surname) is no person. */
static void case_title_after_name(void)
{
    struct seg_result *r = case_segment(visit_hans);

    if (r == NULL)
        return;
    CHECK(case_find_person(r, "贺信") == NULL);
    CHECK(case_find_person(r, "王立新") != NULL);
    seg_result_free(r);
}

/* The repeated headline and the page chrome are no remarks and give no
 * items; the speech is the speaker's only remark paragraph. */
static void case_page_chrome(void)
{
    static const unsigned para5[] = {5};
    struct seg_result *r = case_segment(page_hans);
    const struct seg_person *p;

    if (r == NULL)
        return;
    p = case_person(r, "李立群");
    CHECK_PARAGRAPHS(p, para5, N_OF(para5));
    if (p != NULL) {
        CHECK_UINT(p->n_items, 1);
        CHECK_STR(p->affiliation, "国务院副总理");
    }
    CHECK(case_find_person(r, "王小明") == NULL);
    seg_result_free(r);
}

/* What a meeting achieved (达到了两个目的，一是…) is no list of proposals,
 * and 企业家们表示 is other people's statement, not the summarizer's. */
static void case_achievements_and_others(void)
{
    static const unsigned para2[] = {2};
    struct seg_result *r = case_segment(summary_hans);
    const struct seg_person *p;

    if (r == NULL)
        return;
    p = case_person(r, "韩立明");
    CHECK_PARAGRAPHS(p, para2, N_OF(para2));
    if (p != NULL) {
        CHECK_UINT(p->n_items, 0);
        CHECK(p->role == SEG_ROLE_SUMMARIZER);
    }
    seg_result_free(r);
}

/* 常 is a surname that is also an everyday word; 同志 after the candidate
 * shows a person is named, as a speech verb would. */
static void case_weak_surname_courtesy(void)
{
    static const char in[] = "市委理论学习中心组举行集体学习\n"
                             "江州大学教授常立新同志就这个问题进行讲解，提出工作建议。\n"
                             "与会同志认真听取讲解，并进行了讨论。\n";
    static const unsigned para1[] = {1};
    struct seg_result *r = case_segment(in);
    const struct seg_person *p;

    if (r == NULL)
        return;
    p = case_person(r, "常立新");
    CHECK_PARAGRAPHS(p, para1, N_OF(para1));
    if (p != NULL)
        CHECK_STR(p->affiliation, "江州大学教授");
    seg_result_free(r);
}

/* Who only sent a letter is not a person of the event, what the letter
 * says is nobody's remark, the reader of the letter spoke, and a guest
 * quoting the letter or its author inside a quotation (also one named
 * only after it: “…贺信指明…”潘某说) keeps the floor. */
static void case_letters(void)
{
    static const unsigned para4[] = {4, 6};
    struct seg_result *r = case_segment(letter_hans);
    const struct seg_person *p;

    if (r == NULL)
        return;
    CHECK(case_find_person(r, "王立新") == NULL);
    CHECK(case_speaker_at(r, case_offset(letter_hans, "江海论坛为各方")) == NULL);
    CHECK(case_speaker_at(r, case_offset(letter_hans, "希望各方加强合作")) == NULL);
    /* 王立新主席强调 inside 秦峰's quotation is 秦峰 quoting him */
    p = case_person(r, "秦峰");
    if (p != NULL)
        CHECK(case_remark_at(p, case_offset(letter_hans, "这为论坛指明了方向")) != NULL);
    p = case_person(r, "李立群");
    if (p != NULL)
        CHECK(p->role == SEG_ROLE_SPEAKER);
    p = case_person(r, "潘玉华");
    CHECK_PARAGRAPHS(p, para4, N_OF(para4));
    if (p != NULL) {
        CHECK_UINT(p->n_items, 1);
        CHECK(case_item_index(p, "要深刻领会贺信精神") >= 0);
    }
    seg_result_free(r);
}

/* The host mentioned inside the guest's words (在…领导下, …提出的…倡议) is
 * neither the subject of the guest's 希望 nor of a noun 倡议: the whole
 * paragraph stays the guest's. */
static void case_guest_mentions_host(void)
{
    struct seg_result *r = case_segment(visit_hans);
    const struct seg_person *guest, *host;

    if (r == NULL)
        return;
    guest = case_person(r, "卡尔八世");
    host = case_person(r, "王立新");
    if (guest != NULL) {
        CHECK(case_remark_at(guest, case_offset(visit_hans, "希望深化双方合作")) != NULL);
        CHECK(case_remark_at(guest, case_offset(visit_hans, "愿同中方加强协作")) != NULL);
        /* 希望深化…: a wish that names no one to act is no item */
        CHECK(case_item_index(guest, "深化双方合作") < 0);
    }
    if (host != NULL)
        for (size_t i = 0; i < host->n_remarks; i++)
            CHECK(host->remarks[i].paragraph != 7);
    seg_result_free(r);
}

/* 主持并讲话: the chair also spoke, so is a speaker, not a moderator. */
static void case_chair_who_spoke(void)
{
    static const char in[] = "省发展改革委召开规划编制座谈会\n"
                             "省发展改革委副主任陶立新主持并讲话，专家学者代表先后发言。\n";
    struct seg_result *r = case_segment(in);
    const struct seg_person *p;

    if (r == NULL)
        return;
    p = case_person(r, "陶立新");
    if (p != NULL)
        CHECK(p->role == SEG_ROLE_SPEAKER);
    seg_result_free(r);
}

/* A capacity (分析人士) anchors a name like a post, and a Vietnamese
 * woman's name puts 氏 after the surname (four characters); the wife of a
 * head of state (夫人) is named after the word for her. */
static void case_capacities_and_wives(void)
{
    static const unsigned para6[] = {6}, para7[] = {7};
    static const char visit[] = "王立新和夫人林晓红为卡尔八世举行欢迎仪式。\n"
                                "王立新表示，欢迎国王来访。\n";
    struct seg_result *r = case_segment(reactions_hans);
    const struct seg_person *p;

    if (r != NULL) {
        p = case_person(r, "黎文海");
        CHECK_PARAGRAPHS(p, para6, N_OF(para6));
        if (p != NULL)
            CHECK_STR(p->affiliation, "越南政治分析人士");
        CHECK_PARAGRAPHS(case_person(r, "阮氏秋红"), para7, N_OF(para7));
        seg_result_free(r);
    }
    r = case_segment(visit);
    if (r != NULL) {
        CHECK(case_find_person(r, "林晓红") != NULL);
        seg_result_free(r);
    }
}

/* 都 and 但 are surnames, but 都能够 and 但政府 are an adverb or a
 * conjunction before a word no given name is spelled like. */
static void case_function_words_no_names(void)
{
    static const char in[] = "学校召开班子成员分享交流会\n"
                             "党委书记高明远主持会议。每一位班子成员都能够紧密结合实际，深入思考。"
                             "班子成员都能够做到学思结合。\n"
                             "居民代表李红说，方案已经公布，但政府提出的时间表太紧。但政府表示会再研究。\n";
    struct seg_result *r = case_segment(in);

    if (r == NULL)
        return;
    CHECK(case_find_person(r, "都能够") == NULL && case_find_person(r, "都能") == NULL);
    CHECK(case_find_person(r, "但政府") == NULL);
    CHECK(case_find_person(r, "高明远") != NULL && case_find_person(r, "李红") != NULL);
    CHECK_UINT(r->n_people, 2);
    seg_result_free(r);
}

/* 要深化党的…: 党的 is a fixed phrase, not the 的 of 要处理的问题; 需要
 * closing its clause (产业发展需要，) and the 需 of 内需 are nouns, no
 * modals. */
static void case_modal_words(void)
{
    static const char *const items[] = {"要深化党的创新理论宣传"};
    static const char in[] = "市委召开理论学习中心组学习会\n"
                             "市委书记习文强指出，要深化党的创新理论宣传，推出更多优秀作品。"
                             "优化培养布局，紧扣产业发展需要，向急需领域拓展。"
                             "我们将深入实施扩大内需战略，扩大市场准入。\n";
    struct seg_result *r = case_segment(in);
    const struct seg_person *p;

    if (r == NULL)
        return;
    p = case_person(r, "习文强");
    if (p != NULL) {
        CHECK_UINT(p->n_items, N_OF(items));
        CHECK(case_item_index(p, items[0]) >= 0);
    }
    seg_result_free(r);
}

/* 副校长（副院长）谢某: a second post in brackets between the title and
 * the name still anchors it, and the next item of the list keeps its own
 * affiliation. */
static void case_bracketed_second_post(void)
{
    static const char in[] = "纪念座谈会在京举行\n"
                             "座谈会上，市委党校副校长（副院长）谢立群、团市委书记王海涛先后发言。\n";
    struct seg_result *r = case_segment(in);
    const struct seg_person *p;

    if (r == NULL)
        return;
    p = case_person(r, "谢立群");
    if (p != NULL)
        CHECK_STR(p->affiliation, "市委党校副校长（副院长）");
    p = case_person(r, "王海涛");
    if (p != NULL)
        CHECK_STR(p->affiliation, "团市委书记");
    seg_result_free(r);
}

/* 对A提出针对性建议。 gives an item about A; thanking people for their
 * 建言献策 gives none. */
static void case_advice_frames(void)
{
    static const char in[] = "市发展改革委召开规划编制座谈会\n"
                             "座谈会上，专家徐立群介绍了产业发展总体形势，并对我市加快培育人工智能、新材料等重点产业"
                             "提出针对性建议。\n"
                             "市发展改革委副主任万立新对与会专家积极建言献策表示感谢。\n";
    struct seg_result *r = case_segment(in);
    const struct seg_person *p;

    if (r == NULL)
        return;
    p = case_person(r, "徐立群");
    if (p != NULL) {
        CHECK_UINT(p->n_items, 1);
        CHECK(case_item_index(p, "对我市加快培育人工智能") >= 0);
    }
    p = case_person(r, "万立新");
    if (p != NULL)
        CHECK_UINT(p->n_items, 0);
    seg_result_free(r);
}

/* People only talked about: the late (已故教授X), and someone named only
 * as the owner of something (总设计师X同志的家乡) are not of the event. */
static void case_talked_about(void)
{
    static const char in[] = "江州大学举行学科建设研讨会\n"
                             "会上，校长王立新指出，已故教授高文森在国际法教学领域贡献卓著。"
                             "江州作为总设计师李宏远同志的家乡，要继续弘扬改革精神。\n";
    struct seg_result *r = case_segment(in);

    if (r == NULL)
        return;
    CHECK(case_find_person(r, "王立新") != NULL);
    CHECK(case_find_person(r, "高文森") == NULL);
    CHECK(case_find_person(r, "李宏远") == NULL);
    seg_result_free(r);
}

/* A leader quoted by name and post (某某总书记强调) in a speaker's paragraph
 * is a third party whatever the name: the speech stops before it, and what
 * the leader asked for is nobody's item. */
static void case_quoted_leader_post(void)
{
    static const char text[] = "座谈会在市行政中心召开\n"
                               "市委书记张立群主持座谈会。\n"
                               "市发改委主任刘文涛表示，全市经济运行总体平稳。"
                               "吴明远总书记强调，要坚持稳中求进工作总基调，推动高质量发展。\n";
    struct seg_result *r = case_segment(text);
    const struct seg_person *p;

    if (r == NULL)
        return;
    p = case_person(r, "刘文涛");
    if (p != NULL) {
        CHECK_UINT(p->n_items, 0);
        for (size_t k = 0; k < p->n_remarks; k++)
            CHECK(strstr(p->remarks[k].text, "稳中求进") == NULL);
    }
    seg_result_free(r);
}

static const struct case_entry cases[] = {
    {"leader_surname", case_leader_surname},
    {"foreign_names", case_foreign_names},
    {"name_before_say", case_name_before_say},
    {"group_summary", case_group_summary},
    {"attendee_lists", case_attendee_lists},
    {"title_after_name", case_title_after_name},
    {"page_chrome", case_page_chrome},
    {"achievements_and_others", case_achievements_and_others},
    {"weak_surname_courtesy", case_weak_surname_courtesy},
    {"letters", case_letters},
    {"guest_mentions_host", case_guest_mentions_host},
    {"chair_who_spoke", case_chair_who_spoke},
    {"capacities_and_wives", case_capacities_and_wives},
    {"function_words_no_names", case_function_words_no_names},
    {"modal_words", case_modal_words},
    {"bracketed_second_post", case_bracketed_second_post},
    {"advice_frames", case_advice_frames},
    {"talked_about", case_talked_about},
    {"quoted_leader_post", case_quoted_leader_post},
};

CASE_MAIN(cases)
