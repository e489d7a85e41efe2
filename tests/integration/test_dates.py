#!/usr/bin/env python3
"""Integration tests of the event dates (issue 12, "Dates a timeline can
use"): the day each stored report is given and where its year came from,
published_at keeping its offset, the migration's backfill, since/until on
the three lists, and the report list's orders paged across pages.
Usage: test_dates.py PODIUM CASE."""
import datetime
import os
import shutil
import tempfile

from podium_harness import FreshDatabase, Server, check, psql, require_db, run
from test_api import check_problem, finish, get_ok, meeting, person, post_json, post_text, q, walk

AHEAD_DAYS = 30         # SEG_DATE_AHEAD_DAYS


def year_for(month, day, ref):
    """The rule under test, written again from its description: the latest
    year that puts month/day no more than AHEAD_DAYS after ref."""
    for year in (ref.year + 1, ref.year, ref.year - 1):
        try:
            when = datetime.date(year, month, day)
        except ValueError:
            continue
        if when <= ref + datetime.timedelta(days=AHEAD_DAYS):
            return year
    return None


def event(doc):
    e = doc['event']
    return e['date'], e['date_iso'], e['date_source']


def stored(srv, doc):
    """The report as GET /reports/{id} and as its /reports list item answer it."""
    _, full = get_ok(srv, '/reports/%d' % doc['id'])
    _, page = get_ok(srv, '/reports?limit=100')
    item = [r for r in page['items'] if r['id'] == doc['id']]
    check(len(item) == 1, 'report %d not listed' % doc['id'])
    return full, item[0]


def case_storage(podium):
    """Each report gets a day and says where its year came from; published_at
    comes back in the offset it was written in."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url) as srv:
        today = datetime.datetime.now(datetime.timezone.utc).date()
        cases = [
            # (body, written, day, source, published_at back)
            ({'text': '南开新闻网讯（记者 王明）12月29日，' + meeting('年终', [person(1)]),
              'published_at': '2024-01-03T09:00:00+08:00'},
             '12月29日', '2023-12-29', 'published_at', '2024-01-03T09:00:00.000000+08:00'),
            ({'text': '1月3日，' + meeting('新年', [person(2)]),
              'published_at': '2023-12-29T18:00:00-05:00'},
             '1月3日', '2024-01-03', 'published_at', '2023-12-29T18:00:00.000000-05:00'),
            ({'text': '2023年11月23日，' + meeting('论坛', [person(3)]),
              'published_at': '2024-05-01T00:00:00Z'},
             '2023年11月23日', '2023-11-23', 'text', '2024-05-01T00:00:00.000000Z'),
            ({'text': 'On Wednesday 14 March the committee met. Ann Lee said the plan should change.',
              'published_at': '2018-03-15T08:00:00+00:00'},
             'Wednesday 14 March', '2018-03-14', 'published_at', '2018-03-15T08:00:00.000000+00:00'),
            # no date in the text: the day of publication as written in its
            # own offset (2024-03-05 at +08:00 is still 03-04 in UTC)
            ({'text': meeting('无日期', [person(4)]), 'published_at': '2024-03-05T01:00:00+08:00'},
             None, '2024-03-05', 'published_at', '2024-03-05T01:00:00.000000+08:00'),
            ({'text': meeting('日期', [person(5)]), 'published_at': '2024-03-05'},
             None, '2024-03-05', 'published_at', '2024-03-05T00:00:00.000000Z'),
            # a year-less date and no publication: the posting day's year
            ({'text': '12月29日，' + meeting('张贴', [person(6)])}, '12月29日',
             '%04d-12-29' % year_for(12, 29, today), 'posted', None),
            ({'text': meeting('张贴无日期', [person(7)])}, None, today.isoformat(), 'posted', None),
        ]
        for body, written, day, source, published in cases:
            status, _, doc = post_json(srv, body)
            check(status == 201, 'POST %r: %d %r' % (body, status, doc))
            full, item = stored(srv, doc)
            for what, got in (('POST', doc), ('GET', full), ('list', item)):
                check(event(got) == (written, day, source),
                      '%s of %r: event %r, want %r' % (what, body['text'][:20], event(got),
                                                      (written, day, source)))
                check(got['published_at'] == published,
                      '%s published_at %r, want %r' % (what, got['published_at'], published))
        # The same instant written in another offset is another report's
        # published_at; each keeps its own.
        check(psql(db.url, "SELECT count(DISTINCT published_offset) FROM reports") == ['4'],
              'offsets kept: %r' % psql(db.url, "SELECT published_offset FROM reports"))

        # text/plain and POST /segment know only the text: a day only with a year.
        status, _, doc = post_text(srv, '二〇二三年十一月二十三日，' + meeting('汉字日期', [person(8)]))
        check(status == 201 and event(doc) == ('二〇二三年十一月二十三日', '2023-11-23', 'text'),
              'text/plain: %r' % (doc.get('event'),))
        for text, want in (('12月29日，' + meeting('预览', [person(9)]), ('12月29日', None, None)),
                           ('March 14, 2024. Ann Lee said the plan should change.',
                            ('March 14, 2024', '2024-03-14', 'text'))):
            status, _, doc = post_json(srv, {'text': text, 'published_at': '2024-01-03T09:00:00Z'},
                                       path='/segment')
            check(status == 200 and event(doc) == want, 'POST /segment: %r' % (doc.get('event'),))
        finish(srv)


# Rows as podium stored them before migration 0006: event_date as written,
# published_at without its offset.
OLD_ROWS = """
INSERT INTO reports (text_sha256, text, text_folded, language, event_date, published_at, created_at)
VALUES (sha256('a'), 'a', 'a', 'zh-Hans', '12月29日', '2024-01-03T01:00:00Z', '2024-02-01T00:00:00Z'),
       (sha256('b'), 'b', 'b', 'zh-Hans', '2023年11月23日', '2024-05-01T00:00:00Z', '2024-05-02T00:00:00Z'),
       (sha256('c'), 'c', 'c', 'zh-Hans', '１月３日', NULL, '2023-12-30T10:00:00Z'),
       (sha256('d'), 'd', 'd', 'zh-Hans', NULL, NULL, '2022-06-07T23:00:00Z'),
       (sha256('e'), 'e', 'e', 'zh-Hans', '2月30日', '2021-03-01T00:00:00Z', '2021-03-02T00:00:00Z');
INSERT INTO people (name_key, name, names, report_count) VALUES ('甲', '甲', '{甲}', 1);
INSERT INTO appearances (report_id, position, person_id, name, role, listed_at, remark_count,
                         recommendation_count)
SELECT r.id, 0, p.id, '甲', 'speaker', r.listed_at, 0, 1 FROM reports r, people p WHERE r.text = 'a';
INSERT INTO recommendations (report_id, appearance_id, person_id, ordinal, paragraph, start_byte,
                             end_byte, text, text_folded, listed_at)
SELECT a.report_id, a.id, a.person_id, 1, 0, 0, 1, 'x', 'x', a.listed_at FROM appearances a;
"""


def case_backfill(podium):
    """Migration 0006 gives the rows already stored a day, with the same rule."""
    migrations = os.environ['PODIUM_MIGRATIONS_DIR']
    with FreshDatabase(require_db()) as db, tempfile.TemporaryDirectory() as older:
        for name in sorted(os.listdir(migrations)):
            if name.endswith('.sql') and name < '0006':
                shutil.copy(os.path.join(migrations, name), older)
        with Server(podium, db.url, PODIUM_MIGRATIONS_DIR=older) as srv:
            check(srv.stop() == 0, 'podium serve on the older schema did not stop cleanly')
        psql(db.url, OLD_ROWS)
        with Server(podium, db.url) as srv:
            rows = psql(db.url, "SELECT text, event_on, event_date_source, coalesce(published_offset, '-')"
                                " FROM reports ORDER BY text")
            check(rows == ['a|2023-12-29|published_at|Z', 'b|2023-11-23|text|Z',
                           'c|2024-01-03|posted|-', 'd|2022-06-07|posted|-',
                           'e|2021-03-01|published_at|Z'], 'backfilled: %r' % rows)
            copies = psql(db.url, "SELECT DISTINCT a.event_on::text || ' ' || c.event_on::text"
                                  " FROM appearances a JOIN recommendations c USING (report_id)")
            check(copies == ['2023-12-29 2023-12-29'], 'copies: %r' % copies)
            _, doc = get_ok(srv, '/reports?since=2023-12-29&until=2023-12-30')
            check([r['event']['date_iso'] for r in doc['items']] == ['2023-12-29'] and
                  doc['items'][0]['published_at'] == '2024-01-03T01:00:00.000000Z',
                  'listed after the backfill: %r' % doc['items'])
            finish(srv)


def post_dated(srv, written, published, people):
    status, _, doc = post_json(srv, {'text': written + '，' + meeting(written, people),
                                     'published_at': published})
    check(status == 201, 'POST %s: %d %r' % (written, status, doc))
    return doc


def ids(doc):
    return [r['id'] for r in doc['items']]


def case_filters(podium):
    """since/until select event days on /reports, /recommendations and /speakers;
    anything outside the grammar is a 400 naming the parameter."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url) as srv:
        a = post_dated(srv, '12月29日', '2024-01-03T09:00:00+08:00', [person(1), person(2)])
        b = post_dated(srv, '1月5日', '2024-01-06T09:00:00+08:00', [person(3)])
        c = post_dated(srv, '2024年1月10日', '2024-02-01T09:00:00+08:00', [person(4)])
        check([r['event']['date_iso'] for r in (a, b, c)] == ['2023-12-29', '2024-01-05', '2024-01-10'],
              'days: %r' % [r['event'] for r in (a, b, c)])
        # An event happens at the start of its day, in the parameter's offset.
        for query, want in (('', [c, b, a]), ('since=2024-01-01', [c, b]),
                            ('until=2024-01-01', [a]),
                            ('since=2023-12-29&until=2023-12-30', [a]),
                            ('since=2024-01-05T00:00:00%2B08:00', [c, b]),
                            ('since=2024-01-05T10:00:00Z', [c]),
                            ('until=2024-01-05T00:00:01Z', [b, a]),
                            ('until=2024-01-05T00:00:00Z', [a]),
                            ('since=2024-01-10&until=2024-01-10', []),
                            ('since=2023-12-31T23:59:59.5-01:00', [c, b])):
            _, doc = get_ok(srv, '/reports?' + query)
            check(ids(doc) == [r['id'] for r in want],
                  '/reports?%s: %r, want %r' % (query, ids(doc), [r['id'] for r in want]))
        _, doc = get_ok(srv, '/recommendations?since=2024-01-01')
        check([r['report']['id'] for r in doc['items']] == [c['id'], b['id']] and
              [r['report']['date_iso'] for r in doc['items']] == ['2024-01-10', '2024-01-05'],
              'recommendations since: %r' % doc['items'])
        _, doc = get_ok(srv, '/recommendations?until=2024-01-01&speaker=%s' % q(person(2)))
        check([r['report']['id'] for r in doc['items']] == [a['id']], 'recommendations until+speaker')
        for query, want in (('since=2024-01-06', {person(4)}), ('until=2024-01-01', {person(1), person(2)}),
                            ('since=2024-01-05&until=2024-01-06', {person(3)}),
                            ('since=2025-01-01', set())):
            for sort in ('-reports', 'name', '-last_seen'):
                names = {p['name_key'] for p in walk(srv, '/speakers?sort=%s&%s' % (sort, query), 1)}
                check(names == want, '/speakers?sort=%s&%s: %r, want %r' % (sort, query, names, want))
        for path in ('/reports', '/recommendations', '/speakers'):
            for name in ('since', 'until'):
                for bad in ('2024-1-5', '2024-01-05T10:00', 'tomorrow', '2024-13-01', '2023-02-29',
                            '2024-01-05%2010:00:00Z', '2024-01-05T10:00:00%2B8:00', ''):
                    status, _, body = srv.json('GET', '%s?%s=%s' % (path, name, bad))
                    check_problem(status, body, 400, 'invalid-parameter', '%s %s=%s' % (path, name, bad))
                    check([e['field'] for e in body.get('errors', [])] == [name],
                          '%s %s=%s names %r' % (path, name, bad, body.get('errors')))
        finish(srv)


def case_sorts(podium):
    """sort=-date (the default), date and -created, each walked page by page
    with ties on one day; a cursor of another order is refused."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url) as srv:
        days = ['3月1日', '1月9日', '3月1日', '2月2日', '1月9日', '3月1日', '2月20日']
        posted = [post_dated(srv, written, '2024-03-05T12:00:00Z', [person(10 + i)])
                  for i, written in enumerate(days)]
        def key(r):
            return (r['event']['date_iso'], r['id'])
        want = {'-date': [r['id'] for r in sorted(posted, key=key, reverse=True)],
                'date': [r['id'] for r in sorted(posted, key=key)],
                '-created': [r['id'] for r in reversed(posted)]}
        check(want['-date'] != want['-created'], 'the fixture does not tell the orders apart')
        _, default = get_ok(srv, '/reports')
        check(ids(default) == want['-date'], 'default order: %r' % ids(default))
        cursors = {}
        for sort, order in want.items():
            for limit in (1, 2, 3):
                walked = walk(srv, '/reports?sort=%s' % q(sort), limit)
                check([r['id'] for r in walked] == order,
                      'sort=%s limit %d: %r, want %r' % (sort, limit, [r['id'] for r in walked], order))
            _, doc = get_ok(srv, '/reports?sort=%s&limit=2' % q(sort))
            cursors[sort] = doc['next']
        # Reports posted during a walk by date: one whose day lies behind the
        # page read is not seen, one ahead of it comes in its place; none
        # repeats.
        _, first = get_ok(srv, '/reports?sort=date&limit=3')
        post_dated(srv, '1月1日', '2024-03-05T12:00:00Z', [person(30)])
        late = post_dated(srv, '3月2日', '2024-03-05T12:00:00Z', [person(31)])
        _, rest = get_ok(srv, '/reports?sort=date&limit=100&cursor=' + first['next'])
        check(ids(first) + ids(rest) == want['date'] + [late['id']],
              'walk with reports posted meanwhile: %r' % (ids(first) + ids(rest)))
        for sort, cursor in cursors.items():
            for other in want:
                if other != sort:
                    status, _, body = srv.json('GET', '/reports?sort=%s&cursor=%s' % (q(other), cursor))
                    check_problem(status, body, 400, 'invalid-parameter',
                                  'cursor of sort=%s under sort=%s' % (sort, other))
        status, _, body = srv.json('GET', '/reports?sort=%s&cursor=%s' % (q('-date'), cursors['-date']))
        check(status == 200, 'its own cursor: %d' % status)
        status, _, body = srv.json('GET', '/reports?cursor=' + cursors['-date'])
        check(status == 200, 'sort=-date is the default: %d' % status)
        for bad in ('newest', '-Date', 'created', ''):
            status, _, body = srv.json('GET', '/reports?sort=' + bad)
            check_problem(status, body, 400, 'invalid-parameter', 'sort=' + bad)
            check([e['field'] for e in body.get('errors', [])] == ['sort'], 'sort=%s' % bad)
        finish(srv)


if __name__ == '__main__':
    run({'storage': case_storage, 'backfill': case_backfill, 'filters': case_filters,
         'sorts': case_sorts})
