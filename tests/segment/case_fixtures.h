/* Reports written for these tests in the genre of the corpus (scraped
 * mirror pages in traditional script with pinyin and mojibake; plain
 * simplified-script campus news). Every name, unit and sentence is made
 * up; none is taken from ../shared/corpus or the seed. The texts are
 * tests/fixtures/reports/NAME.txt, compiled in as fixture_NAME by
 * tests/fixtures/embed.py, so the Python tests read the same bytes. */
#ifndef PODIUM_CASE_FIXTURES_H
#define PODIUM_CASE_FIXTURES_H

/* Traditional script, pinyin annotations, mojibake, a byline and footer:
 * the lead (paragraph 0), an attendee list with a mojibake-eaten full stop
 * (1), seven talks (2-8), the byline (9) and three footer lines (10-12). */
extern const char fixture_forum_hant[];

/* Simplified script: two people with one surname told apart by title,
 * 第一/（一）/1. enumerations, an announced count that does not match, a
 * list ending in a name whose last character starts 平等. */
extern const char fixture_county_hans[];

/* Simplified script: 首先/其次/最后 and ①②③ enumerations, 希望 addressed to
 * another party, a commitment (我们将…), 可考虑, and a statement made by the
 * meeting as a body (会议指出). */
extern const char fixture_renewal_hans[];

#endif
