/* The English path on the two genres of the development corpus, with text
 * written for these tests: a raw press release (setext title, bold date
 * lines, advertisement line, speaker after the quote) and a politics story
 * (officials only named, a body as the subject of "said", proposals). The
 * annotation rules of corpus/SOURCES.md decide what is expected. Run one
 * case with `test_english NAME`. */
#include <stdio.h>
#include <string.h>

#include "case_util.h"


static const char press_release[] =
    "Forum hears call for better river data\n"
    "======================================\n"
    "\n"
    "**Monday, 3 March 2025, 9:12 am**\n"
    "**Press Release: Riverbend University**\n"
    "**Whaanga says councils must share river data**\n"
    "Advertisement - scroll to continue reading\n"
    "\"Regional councils need to share their monitoring records openly,\" said Honourable "
    "Dr Anaru Whaanga, Minister for Rivers and Lakes, at the opening of the forum in "
    "Hamilton.\n"
    "Hon. Dr Whaanga added that the forum was timely.\n"
    "Riverbend University Associate Professor Clara Voss says catchment groups have done "
    "well, but the national agency must fund long-term sampling.\n"
    "Professor Voss said the latest survey showed cleaner streams. \"We have to keep the "
    "volunteers. Every catchment needs a plan,\" she said.\n"
    "Dame Helen Aroha, chair of the Waters Trust said farmers had made progress. \"More "
    "support is needed,\" Dame Aroha said.\n"
    "ENDS\n";

static const char politics_story[] =
    "Charity calls for debate on road tolls\n"
    "A national road toll should be debated before the budget, a transport charity has "
    "said.\n"
    "It would be up to Prime Minister Mark Avery and opposition leader Joan Pike to "
    "respond, the charity said.\n"
    "Its director, Samuel Orme, called for a public inquiry into congestion charges.\n"
    "Mr Orme said drivers might have to pay more in future. Former transport secretary "
    "Alan Kerr had opposed tolls in 2003, he said.\n"
    "Voters in New Carlow said the tolls were unfair.\n"
    "Residents' association chair Sarah Lyle opened the meeting. Parking was the main "
    "topic, and she says councils should publish their traffic counts.\n";

static const char debate_story[] =
    "Panel weighs up river rules\n"
    "Panel member Mere Tane said the question of whether councils should charge for water "
    "was open. \"No, we've got to fund the monitoring first,\" she said.\n"
    "Tom Rangi said more money was needed to clean the streams. \"So, I think there are "
    "options …and we have to choose one,\" he said.\n"
    "Ana Lee argued that as part of their duties, councils \"should publish the data\". The "
    "key thing is that farmers should be heard, she said.\n"
    "Responding to calls for a water tax, Mr Rangi said rivers which should be clean were "
    "not. Ms Tane said if the dam fails, then the council must rebuild it.\n";

static const char posts_story[] =
    "Councils back new parking rules\n"
    "More parking wardens will be hired, said transport minister Ruth Kemp.\n"
    "Auckland Transport General Manager Parking Services, Hemi Walker says the rules are "
    "fair.\n"
    "The panel heard from Professor of Economics Lena Stroud, Waikato University. Ms Stroud "
    "said prices would rise.\n"
    "The plan was drafted under Peter Dunne in 2019. Mr Dunne had opposed it, Ms Kemp said. "
    "A review commissioned by Hana Reid recommended lower fees.\n";

static const char lead_story[] =
    "Minister wants clearer labels\n"
    "Food labels should show sugar in teaspoons, the health minister has said.\n"
    "Grace Holt is expected to call for a national labelling standard at a meeting on "
    "Monday. Campaigners criticised Health Secretary Oliver Marsh last year.\n"
    "Panel member Ian Tait opened the session. He pointed out that most shoppers eat more "
    "sugar than they need to, and welcomed the report.\n";

static const char colon_story[] =
    "Water plan released\n"
    "The council met in Jordan on Monday.\n"
    "Jordan Hale, the council's planner, said:\n"
    "\"Every household should fit a rain tank.\"\n";

static const char quote_story[] =
    "Rail fares to rise\n"
    "Tom Baird said recently: \"Fares should be frozen. It is important that commuters are "
    "heard.\"\n"
    "Officials said Ella Moss owes commuters an apology.\n";

static const char unnamed_story[] =
    "Police powers row\n"
    "Rights group head Omar Field said the powers were unfair. \"They target one "
    "community,\" he said.\n"
    "Later, a government spokesman urged calm. Officials had been saying they understood "
    "the concern, the spokesman said.\n"
    "\"The powers will be reviewed next year.\"\n";

static const char possessive_story[] =
    "Lake symposium\n"
    "Dr Rua Kingi said the lake was recovering.\n"
    "Water quality had improved since 2015. Dr Kingi's presentation showed that nitrate "
    "levels had fallen.\n"
    "Engineer Tia Moana said the outlet was silting up. Her recommendations included "
    "dredging the outlet every spring.\n";

static const char panel_story[] =
    "Panel on farming\n"
    "Ruth Oakes said water was the main issue. Ben Lowe said energy was.\n"
    "The panel covered water (supply will tighten, said Ruth Oakes) and energy (prices will "
    "rise, said Ben Lowe).\n";

static const char wire_story[] =
    "Senators press for broadband funding\n"
    "Rural communities should get faster internet before cities, a group of senators said "
    "Tuesday.\n"
    "Sen. Maria Lopez, D-New Mexico, said the gap was growing. \"We have to close it this "
    "year,\" Lopez told reporters.\n"
    "Her colleague, Sen. Tom Bradley of Ohio, agreed but warned that costs could rise.\n"
    "Lopez said in a statement that lawmakers needed to \"stop talking and start "
    "building.\"\n";

static const char summit_story[] =
    "Summit on flooding\n"
    "Northbridge City Council leader Cllr Anne Fox said the council was drafting a new "
    "plan.\n"
    "The summit closed with a panel chaired by BBC presenter Tom Hale.\n";

static void check_names(const struct seg_result *r, const char *const *names, size_t n)
{
    if (r->n_people != n) {
        case_fail(__FILE__, __LINE__, "%zu people, want %zu", r->n_people, n);
        case_dump(r);
    }
    for (size_t i = 0; i < n; i++)
        case_person(r, names[i]);
}

/* A speaker named after the quote with his styles (said Honourable Dr X,
 * post): Dr and Honourable are in neither name nor affiliation, Professor
 * written before a name is in the affiliation, Dame is in the name and
 * Dame + surname is the same person; a body ending in Trust is no person. */
static void case_styles_and_titles(void)
{
    static const char *const names[] = {"Anaru Whaanga", "Clara Voss", "Dame Helen Aroha"};
    struct seg_result *r = case_segment(press_release);
    const struct seg_person *p;

    if (r == NULL)
        return;
    check_names(r, names, N_OF(names));
    if ((p = case_find_person(r, "Anaru Whaanga")) != NULL)
        CHECK_STR(p->affiliation, NULL);
    if ((p = case_find_person(r, "Clara Voss")) != NULL)
        CHECK_STR(p->affiliation, "Riverbend University Associate Professor");
    if ((p = case_find_person(r, "Dame Helen Aroha")) != NULL)
        CHECK_STR(p->affiliation, NULL);
    CHECK_SAID_BY(r, press_release, "Regional councils need", "Anaru Whaanga");
    CHECK_SAID_BY(r, press_release, "the forum was timely", "Anaru Whaanga");
    CHECK_SAID_BY(r, press_release, "More support is needed", "Dame Helen Aroha");
    seg_result_free(r);
}

/* The lines of a raw release around the story (rule, bold date, source
 * and repeated title lines, advertisement, ENDS) carry nobody's remarks. */
static void case_release_clutter(void)
{
    static const char *const clutter[] = {"=====",         "Monday, 3 March", "Press Release:",
                                          "Whaanga says",  "Advertisement",   "ENDS"};
    struct seg_result *r = case_segment(press_release);

    if (r == NULL)
        return;
    for (size_t i = 0; i < N_OF(clutter); i++) {
        const struct seg_person *who = case_speaker_at(r, case_offset(press_release, clutter[i]));

        if (who != NULL)
            case_fail(__FILE__, __LINE__, "\"%s\" is attributed to %s", clutter[i], who->name);
    }
    seg_result_free(r);
}

/* Markers the rules count (need to, have to, must, in the clause that
 * carries it) and those they do not (needs + noun, is needed). */
static void case_modal_forms(void)
{
    static const char *const whaanga[] = {"Regional councils need to share"};
    static const char *const voss[] = {"the national agency must fund", "We have to keep"};
    struct seg_result *r = case_segment(press_release);

    if (r == NULL)
        return;
    CHECK_ITEMS(case_find_person(r, "Anaru Whaanga"), whaanga, NULL, N_OF(whaanga));
    CHECK_ITEMS(case_find_person(r, "Clara Voss"), voss, NULL, N_OF(voss));
    CHECK_ITEMS(case_find_person(r, "Dame Helen Aroha"), NULL, NULL, 0);
    seg_result_free(r);
}

/* Officials only named after their posts are not people of the report,
 * nor is a place, nor a named person whose sentence has a subject of its
 * own (…, the charity said); "called for" makes an item after the verb,
 * hedged "might have to" none; a he/she with no current speaker is the
 * person named before it in the paragraph. */
static void case_politics_story(void)
{
    static const char *const names[] = {"Samuel Orme", "Sarah Lyle"};
    static const char *const orme[] = {"a public inquiry into congestion charges"};
    static const char *const lyle[] = {"councils should publish"};
    struct seg_result *r = case_segment(politics_story);

    if (r == NULL)
        return;
    check_names(r, names, N_OF(names));
    CHECK_SAID_BY(r, politics_story, "Former transport secretary", "Samuel Orme");
    CHECK_SAID_BY(r, politics_story, "councils should publish", "Sarah Lyle");
    if (case_speaker_at(r, case_offset(politics_story, "It would be up to")) != NULL)
        case_fail(__FILE__, __LINE__, "the charity's sentence is attributed to a person");
    CHECK_ITEMS(case_find_person(r, "Samuel Orme"), orme, NULL, N_OF(orme));
    CHECK_ITEMS(case_find_person(r, "Sarah Lyle"), lyle, NULL, N_OF(lyle));
    seg_result_free(r);
}

/* Where an item starts and what is none: past a reply word (No, …) and
 * after "…and", at a that-clause (the key thing is that…) or after the
 * reported "that" of a partial quote, with its if-clause when "then"
 * opens the main one; not a modal inside a whether- or
 * which-clause, not a passive "was needed to", not "calls for" as a noun. */
static void case_item_boundaries(void)
{
    static const char *const tane[] = {"we've got to fund the monitoring first",
                                       "if the dam fails, then the council must"};
    static const char *const rangi[] = {"we have to choose one"};
    static const char *const lee[] = {"as part of their duties", "farmers should be heard"};
    struct seg_result *r = case_segment(debate_story);

    if (r == NULL)
        return;
    CHECK_ITEMS(case_person(r, "Mere Tane"), tane, NULL, N_OF(tane));
    CHECK_ITEMS(case_person(r, "Tom Rangi"), rangi, NULL, N_OF(rangi));
    CHECK_ITEMS(case_person(r, "Ana Lee"), lee, NULL, N_OF(lee));
    seg_result_free(r);
}

/* Posts written before a name in the forms of the genre: a lowercase
 * modifier after "said", "Professor of Unit", a post closed by a comma.
 * A name only styled Mr elsewhere, never speaking, is no person; nor is
 * the agent of a passive (commissioned by X recommended). */
static void case_posts(void)
{
    static const char *const names[] = {"Ruth Kemp", "Hemi Walker", "Lena Stroud"};
    struct seg_result *r = case_segment(posts_story);
    const struct seg_person *p;

    if (r == NULL)
        return;
    check_names(r, names, N_OF(names));
    if ((p = case_find_person(r, "Ruth Kemp")) != NULL)
        CHECK_STR(p->affiliation, "transport minister");
    if ((p = case_find_person(r, "Hemi Walker")) != NULL)
        CHECK_STR(p->affiliation, "Auckland Transport General Manager Parking Services");
    if ((p = case_find_person(r, "Lena Stroud")) != NULL)
        CHECK_STR(p->affiliation, "Professor of Economics");
    CHECK_SAID_BY(r, posts_story, "More parking wardens", "Ruth Kemp");
    CHECK_SAID_BY(r, posts_story, "Mr Dunne had opposed", "Ruth Kemp");
    seg_result_free(r);
}

/* A lead that names the speaker by post alone ("…, the health minister
 * has said.") belongs to the person named as the next speaker; "is
 * expected to call for" reports her; the object of "criticised" is no
 * speaker; "He pointed out" is the person named before it; "need to"
 * without a verb is no item. */
static void case_lead_and_verbs(void)
{
    static const char *const names[] = {"Grace Holt", "Ian Tait"};
    static const char *const holt[] = {"Food labels should show sugar",
                                       "a national labelling standard"};
    struct seg_result *r = case_segment(lead_story);

    if (r == NULL)
        return;
    check_names(r, names, N_OF(names));
    CHECK_SAID_BY(r, lead_story, "Food labels should", "Grace Holt");
    CHECK_SAID_BY(r, lead_story, "He pointed out", "Ian Tait");
    CHECK_ITEMS(case_find_person(r, "Grace Holt"), holt, NULL, N_OF(holt));
    CHECK_ITEMS(case_find_person(r, "Ian Tait"), NULL, NULL, 0);
    seg_result_free(r);
}

/* A one-word place (in Jordan) does not veto a name that starts with it;
 * a short line ending in a colon introduces the quote below it and is no
 * clutter. */
static void case_place_and_colon(void)
{
    static const char *const names[] = {"Jordan Hale"};
    static const char *const hale[] = {"Every household should fit a rain tank"};
    struct seg_result *r = case_segment(colon_story);

    if (r == NULL)
        return;
    check_names(r, names, N_OF(names));
    CHECK_SAID_BY(r, colon_story, "Every household", "Jordan Hale");
    CHECK_ITEMS(case_find_person(r, "Jordan Hale"), hale, NULL, N_OF(hale));
    seg_result_free(r);
}

/* A sentence inside an open quotation continues its speaker; a name
 * after "said" with a verb of its own is what was said, not who said it. */
static void case_quote_carry(void)
{
    static const char *const names[] = {"Tom Baird"};
    static const char *const baird[] = {"Fares should be frozen",
                                        "It is important that commuters"};
    struct seg_result *r = case_segment(quote_story);

    if (r == NULL)
        return;
    check_names(r, names, N_OF(names));
    CHECK_SAID_BY(r, quote_story, "It is important", "Tom Baird");
    CHECK_ITEMS(case_find_person(r, "Tom Baird"), baird, NULL, N_OF(baird));
    seg_result_free(r);
}

/* Once someone the report does not name speaks (a spokesman urged…, the
 * spokesman said), the quotation after it is not the last named
 * speaker's. */
static void case_unnamed_speaker(void)
{
    struct seg_result *r = case_segment(unnamed_story);

    if (r == NULL)
        return;
    CHECK_SAID_BY(r, unnamed_story, "They target one", "Omar Field");
    if (case_speaker_at(r, case_offset(unnamed_story, "Officials had been")) != NULL ||
        case_speaker_at(r, case_offset(unnamed_story, "The powers will")) != NULL)
        case_fail(__FILE__, __LINE__, "the spokesman's words are given to a named person");
    seg_result_free(r);
}

/* What someone said, named in the possessive (Dr Kingi's presentation
 * showed…, Her recommendations included…), is that person's remark; the
 * noun of a proposal makes an item of what it includes. */
static void case_possessive_frame(void)
{
    static const char *const moana[] = {"dredging the outlet every spring"};
    struct seg_result *r = case_segment(possessive_story);

    if (r == NULL)
        return;
    CHECK_SAID_BY(r, possessive_story, "presentation showed", "Rua Kingi");
    CHECK_SAID_BY(r, possessive_story, "Her recommendations", "Tia Moana");
    CHECK_ITEMS(case_person(r, "Tia Moana"), moana, NULL, N_OF(moana));
    seg_result_free(r);
}

/* Two speakers of one sentence, each named after a speech verb, both
 * have it as a remark. */
static void case_two_speakers(void)
{
    struct seg_result *r = case_segment(panel_story);
    size_t at = case_offset(panel_story, "The panel covered");

    if (r == NULL)
        return;
    CHECK(case_remark_at(case_person(r, "Ruth Oakes"), at) != NULL);
    CHECK(case_remark_at(case_person(r, "Ben Lowe"), at) != NULL);
    seg_result_free(r);
}

/* A wire story: Sen. is a style that ends no sentence, the party and
 * state between commas after a name describe it (no person), "X of
 * Place, agreed" reports X, and "said in a statement that" starts what
 * was said after the "that". */
static void case_wire_story(void)
{
    static const char *const names[] = {"Maria Lopez", "Tom Bradley"};
    static const char *const lopez[] = {"We have to close it this year",
                                        "lawmakers needed to"};
    struct seg_result *r = case_segment(wire_story);

    if (r == NULL)
        return;
    check_names(r, names, N_OF(names));
    CHECK_SAID_BY(r, wire_story, "agreed but warned", "Tom Bradley");
    CHECK_ITEMS(case_find_person(r, "Maria Lopez"), lopez, NULL, N_OF(lopez));
    seg_result_free(r);
}

/* Cllr is a style, in neither name nor affiliation; a person given a
 * panel "chaired by" them, who says nothing, is its moderator. */
static void case_chair(void)
{
    static const char *const names[] = {"Anne Fox", "Tom Hale"};
    struct seg_result *r = case_segment(summit_story);
    const struct seg_person *p;

    if (r == NULL)
        return;
    check_names(r, names, N_OF(names));
    if ((p = case_find_person(r, "Anne Fox")) != NULL)
        CHECK_STR(p->affiliation, "Northbridge City Council leader");
    if ((p = case_find_person(r, "Tom Hale")) != NULL) {
        CHECK_STR(p->affiliation, "BBC presenter");
        CHECK(p->role == SEG_ROLE_MODERATOR);
    }
    seg_result_free(r);
}

/* The chair named as the subject of a chairing verb (X opened the
 * session and moderated the discussion), and a body that calls for
 * something beside the person who leads it: the body is no speaker. */
static const char roundtable_story[] =
    "Event summary: Water and the next decade\n"
    "On 4 May the Riverside Policy Institute convened a roundtable in Leeds. Institute "
    "director Maren Holt opened the session and moderated the discussion.\n"
    "Priya Nandakumar, chief executive of the Northern Water Partnership, called for "
    "drought funds to be devolved to local councils.\n"
    "Engineer Colm Brady said councils must publish their leakage figures every year.\n"
    "Tom Reyes of the Center for Fiscal Accountability contended that audits must come first.\n"
    "Shri Anil Vasant Rao, managing director of a forging firm, said exporters need to diversify.\n";

static void case_chair_subject(void)
{
    static const char *const names[] = {"Maren Holt", "Priya Nandakumar", "Colm Brady",
                                        "Anil Vasant Rao"};    /* Shri is a style */
    struct seg_result *r = case_segment(roundtable_story);
    const struct seg_person *p;

    if (r == NULL)
        return;
    check_names(r, names, N_OF(names));
    if ((p = case_find_person(r, "Maren Holt")) != NULL)
        CHECK(p->role == SEG_ROLE_MODERATOR);
    if ((p = case_find_person(r, "Priya Nandakumar")) != NULL)
        CHECK(p->n_items == 1);
    CHECK(case_find_person(r, "Northern Water Partnership") == NULL);
    CHECK(case_find_person(r, "Fiscal Accountability") == NULL);    /* the end of a body's name */
    seg_result_free(r);
}

static const struct case_entry cases[] = {
    {"styles_and_titles", case_styles_and_titles},
    {"release_clutter", case_release_clutter},
    {"modal_forms", case_modal_forms},
    {"politics_story", case_politics_story},
    {"item_boundaries", case_item_boundaries},
    {"posts", case_posts},
    {"lead_and_verbs", case_lead_and_verbs},
    {"place_and_colon", case_place_and_colon},
    {"quote_carry", case_quote_carry},
    {"unnamed_speaker", case_unnamed_speaker},
    {"possessive_frame", case_possessive_frame},
    {"two_speakers", case_two_speakers},
    {"wire_story", case_wire_story},
    {"chair", case_chair},
    {"chair_subject", case_chair_subject},
};

CASE_MAIN(cases)
