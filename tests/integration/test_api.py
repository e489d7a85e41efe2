#!/usr/bin/env python3
"""Integration tests of the storage and query API (issue 4): the real
`podium serve` against the harness PostgreSQL, one fresh database per case.
Usage: test_api.py PODIUM CASE.  The reports posted are the project's own
fixtures (tests/fixtures): hand-written ones and as many composed ones as
the development corpus holds."""
import base64
import json
import os
import re
import subprocess
import sys
import threading
import urllib.parse

from podium_harness import FreshDatabase, Server, check, psql, require_db, run

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'fixtures'))
import podium_fixtures as fixtures  # noqa: E402  (found through the path set just above)

BIG_TABLES = ('reports', 'appearances', 'remarks', 'recommendations')
# The report the search case is written against: traditional script, names
# that differ between the scripts, pinyin inside 會(huì)議, a unit with a
# bracketed place, a moderator and a summarizer.
SEARCHED = 'symposium_hant'


def fixture_reports():
    """(name, text) of every fixture report; the test fails rather than pass
    on less than the corpus's volume or on repeated texts."""
    reports = fixtures.reports()
    check(len(reports) >= 70, 'only %d fixture reports' % len(reports))
    check(len({text for _, text in reports}) == len(reports), 'fixture reports repeat a text')
    return reports


SURNAMES = '赵钱孙李周吴郑王冯陈'
GIVEN = '明华强军平伟芳敏静磊'


def person(i):
    """A two-character name the segmenter recognises, different for each i < 100."""
    return SURNAMES[i // 10 % 10] + GIVEN[i % 10]


def meeting(tag, people):
    """A small report in the shape the segmenter reads: attendees with units
    and titles, then one remark with a recommendation per person."""
    listed = '、'.join('南京大学教授%s' % name for name in people)
    lines = ['%s研讨会在南京举行。%s等出席会议。' % (tag, listed)]
    lines += ['%s表示，要推动%s改革。' % (name, tag) for name in people]
    return '\n'.join(lines) + '\n'


def largest_text():
    return max((text for _, text in fixture_reports()), key=lambda t: len(t.encode('utf-8')))


def q(s):
    return urllib.parse.quote(str(s), safe='')


def post_text(srv, text, **headers):
    h = {'Content-Type': 'text/plain; charset=utf-8'}
    h.update(headers)
    return srv.json('POST', '/reports', body=text.encode('utf-8'), headers=h)


def post_json(srv, doc, path='/reports', **headers):
    h = {'Content-Type': 'application/json'}
    h.update(headers)
    return srv.json('POST', path, body=json.dumps(doc, ensure_ascii=False).encode('utf-8'),
                    headers=h)


def finish(srv):
    """SIGTERM and a clean exit: under ASan, LeakSanitizer reports at exit."""
    status = srv.stop()
    check(status == 0, 'podium serve exited with %d: %s' % (status, srv.log_text()))


def get_ok(srv, path):
    status, headers, doc = srv.json('GET', path)
    check(status == 200, 'GET %s: %d %r' % (path, status, doc))
    return headers, doc


def check_problem(status, doc, want_status, want_code, what):
    check(status == want_status, '%s: status %d, want %d (%r)' % (what, status, want_status, doc))
    check(isinstance(doc, dict) and doc.get('code') == want_code and
          doc.get('type') == '/problems/' + want_code and doc.get('request_id'),
          '%s: problem %r, want code %s' % (what, doc, want_code))


def walk(srv, path, limit):
    """Every item of a list, page by page, checking the Link header."""
    items, url, pages = [], path, 0
    sep = '&' if '?' in path else '?'
    url = '%s%slimit=%d' % (path, sep, limit)
    while url is not None:
        headers, doc = get_ok(srv, url)
        check(set(doc) == {'items', 'next'}, 'list shape: %r' % list(doc))
        check(len(doc['items']) <= limit, 'page larger than limit')
        items += doc['items']
        pages += 1
        check(pages < 1000, 'pagination does not end')
        links = link_targets(headers)
        check(links.get('first', '').endswith(path_of(url).split('cursor=')[0].rstrip('?&')) and
              'cursor=' not in links['first'], 'rel="first": %r' % links)
        if doc['next'] is None:
            check('next' not in links, 'rel="next" on the last page')
            url = None
        else:
            check('next' in links, 'Link header: %r' % headers.get('link'))
            url = path_of(links['next'])
            check('cursor=' + doc['next'] in url, 'Link does not carry the next cursor')
    return items


def link_targets(headers):
    """{rel: URL} of the Link header; every URL is absolute."""
    links = {}
    for target, rel in re.findall(r'<([^>]*)>; rel="([a-z]+)"', headers.get('link', '')):
        check(re.match(r'https?://[^/]+/', target) is not None, 'Link not absolute: %r' % target)
        links[rel] = target
    return links


def path_of(url):
    """The path and query of an absolute URL (or url itself when relative)."""
    parts = urllib.parse.urlsplit(url)
    return parts.path + ('?' + parts.query if parts.query else '') if parts.scheme else url


def table_count(db, table):
    return int(psql(db.url, 'SELECT count(*) FROM %s' % table)[0])


def segment_cli(podium, text):
    out = subprocess.run([podium, 'segment', '-'], input=text.encode('utf-8'), capture_output=True,
                         timeout=60)
    check(out.returncode == 0, 'podium segment: %s' % out.stderr[-300:])
    return json.loads(out.stdout)


def counts_of(people):
    return (len(people), sum(len(p['remarks']) for p in people),
            sum(len(p['recommendations']) for p in people))


def case_reports(podium):
    """Every fixture report stored; stored counts equal podium segment's."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url) as srv:
        ids, texts, totals = {}, {}, [0, 0, 0]
        for path, text in fixture_reports():
            status, headers, doc = post_json(srv, {'text': text, 'title': path, 'source': 'fixtures'})
            check(status == 201, 'POST %s: %d %.300r' % (path, status, doc))
            check(headers.get('location') == 'http://127.0.0.1:%d/reports/%d' % (srv.port, doc['id']),
                  'Location: %r' % headers)
            seg = segment_cli(podium, text)
            check(counts_of(doc['people']) == counts_of(seg['people']),
                  '%s: stored %r, segment %r' % (path, counts_of(doc['people']),
                                                 counts_of(seg['people'])))
            totals = [a + b for a, b in zip(totals, counts_of(doc['people']))]
            check(doc['language'] == seg['language'] and doc['event']['name'] == seg['event']['name'],
                  '%s: language or event differ' % path)
            check(doc['paragraphs'] == seg['paragraphs'], '%s: paragraphs differ' % path)
            for stored, fresh in zip(doc['people'], seg['people']):
                for field in ('name', 'name_key', 'affiliation', 'title', 'role', 'topic'):
                    check(stored[field] == fresh[field], '%s: %s %r vs %r' % (path, field,
                                                                              stored[field], fresh[field]))
                for sr, fr in zip(stored['remarks'], fresh['remarks']):
                    check((sr['start'], sr['end'], sr['text']) == (fr['start'], fr['end'], fr['text']),
                          '%s: remark differs' % path)
            ids[path], texts[path] = doc['id'], text
        # The fixtures must give the store real work: many people, remarks
        # and items, not 70 empty segmentations.
        check(totals[0] >= 500 and totals[1] >= 1000 and totals[2] >= 1300,
              'fixtures segment into too little: people, remarks, items %r' % totals)
        rows = {t: table_count(db, t) for t in BIG_TABLES + ('people',)}
        check(rows['reports'] == len(ids), 'reports rows %d' % rows['reports'])

        # The same text again: 200, the same report, no new rows anywhere.
        path = SEARCHED
        status, headers, doc = post_text(srv, texts[path])
        check(status == 200 and doc['id'] == ids[path], 'repost: %d %r' % (status, doc.get('id')))
        check(headers.get('location') == 'http://127.0.0.1:%d/reports/%d' % (srv.port, ids[path]),
              'repost Location')
        check({t: table_count(db, t) for t in rows} == rows, 'repost wrote rows')

        # A report read back: whole, with the original on request, ETag/304.
        rid = ids[path]
        headers, doc = get_ok(srv, '/reports/%d?include=text' % rid)
        check(doc['text'] == texts[path], 'include=text differs')
        raw = doc['text'].encode('utf-8')
        for person in doc['people']:
            for r in person['remarks']:
                check(0 <= r['start'] < r['end'] <= len(raw), 'remark span outside the text')
        headers, doc = get_ok(srv, '/reports/%d' % rid)
        check('text' not in doc, 'text without include=text')
        etag = headers.get('etag', '')
        check(re.match(r'^"[0-9a-f]+"$', etag), 'ETag: %r' % etag)
        status, _, body = srv.request('GET', '/reports/%d' % rid, headers={'If-None-Match': etag})
        check(status == 304 and body == b'', 'If-None-Match: %d' % status)
        status, _, _ = srv.request('GET', '/reports/%d' % rid, headers={'If-None-Match': '"x"'})
        check(status == 200, 'other If-None-Match: %d' % status)

        # Parts of one report.
        _, sp = get_ok(srv, '/reports/%d/speakers' % rid)
        check([p['name'] for p in sp['items']] == [p['name'] for p in doc['people']] and
              sp['next'] is None, '/reports/{id}/speakers differs from the report')
        recs = walk(srv, '/reports/%d/recommendations' % rid, 3)
        check([r['id'] for r in recs] ==
              [r['id'] for p in doc['people'] for r in p['recommendations']],
              '/reports/{id}/recommendations is not the report\'s, in text order')
        for path_ in ('/reports/999999', '/reports/999999/speakers',
                      '/reports/999999/recommendations', '/reports/abc', '/speakers/999999'):
            status, _, body = srv.json('GET', path_)
            check_problem(status, body, 404, 'not-found', path_)

        # /segment answers what podium segment prints and stores nothing.
        status, _, seg = srv.json('POST', '/segment', body=texts[path].encode('utf-8'),
                                  headers={'Content-Type': 'text/plain; charset=utf-8'})
        check(status == 200 and seg == segment_cli(podium, texts[path]), 'POST /segment differs')
        check({t: table_count(db, t) for t in rows} == rows, 'POST /segment stored rows')
        finish(srv)


def person_named(srv, name):
    _, doc = get_ok(srv, '/speakers?q=%s' % q(name))
    return doc['items']


def case_search(podium):
    """Search in both scripts, filters, sorts, literal special characters."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url) as srv:
        status, _, rep = post_json(srv, {'text': fixtures.written_text(SEARCHED),
                                         'title': '蘇州高質量發展理論研討會',
                                         'published_at': '2024-11-09T09:00:00+08:00'})
        check(status == 201, '%s: %d %r' % (SEARCHED, status, rep))
        keys = {p['name_key'] for p in rep['people']}
        check('顾晓东' in keys, '%s has no 顾晓东: %r' % (SEARCHED, keys))

        # 顾晓东 finds 顧曉東 and back, in /speakers, /reports and /recommendations.
        for name in ('顾晓东', '顧曉東'):
            found = person_named(srv, name)
            check(any(p['name_key'] == '顾晓东' and '顧曉東' in p['names'] for p in found),
                  'speaker search %s: %r' % (name, found))
            _, doc = get_ok(srv, '/reports?speaker=%s' % q(name))
            check([r['id'] for r in doc['items']] == [rep['id']], 'reports?speaker=%s' % name)
            _, doc = get_ok(srv, '/recommendations?speaker=%s' % q(name))
            check(doc['items'] and all(r['speaker']['name_key'] == '顾晓东' for r in doc['items']),
                  'recommendations?speaker=%s: %r' % (name, doc['items'][:1]))
        # A two-character name, and part of a name.
        two = sorted((p for p in rep['people'] if len(p['name_key']) == 2), key=lambda p: p['name_key'])
        check(two, 'no two-character name in %s' % SEARCHED)
        check(any(p['name_key'] == two[0]['name_key'] for p in person_named(srv, two[0]['name'])),
              'two-character name search %s' % two[0]['name'])
        check(any(p['name_key'] == '顾晓东' for p in person_named(srv, '曉東')), 'part of a name')
        person = person_named(srv, '顾晓东')[0]
        _, doc = get_ok(srv, '/reports?speaker=%d' % person['id'])
        check([r['id'] for r in doc['items']] == [rep['id']], 'reports?speaker=ID')

        # q over text and title, either script.
        for word in ('研討會', '研讨会', '高質量', '高质量'):
            _, doc = get_ok(srv, '/reports?q=%s' % q(word))
            check([r['id'] for r in doc['items']] == [rep['id']], 'reports?q=%s' % word)
        # The text is searched without its pinyin annotations: 會(huì)議 is the
        # only 會議 of the text. A bracketed place is not an annotation.
        for word in ('會議', '会议', '晶片(蘇州)有限', '晶片(苏州)有限'):
            _, doc = get_ok(srv, '/reports?q=%s' % q(word))
            check([r['id'] for r in doc['items']] == [rep['id']], 'reports?q=%s' % word)
        _, everything = get_ok(srv, '/reports')
        _, doc = get_ok(srv, '/reports?q=&speaker=')
        check(doc == everything, 'empty q and speaker filter nothing')
        _, doc = get_ok(srv, '/reports?q=%s' % q('不存在的词语'))
        check(doc['items'] == [], 'reports?q=absent')
        rec = rep['people'][[p['name_key'] for p in rep['people']].index('顾晓东')]['recommendations'][0]
        simplified = rec['text'][:6].translate(str.maketrans('創驅動產', '创驱动产'))
        check(simplified != rec['text'][:6], 'the first item of 顾晓东 has no traditional character')
        for text in (rec['text'][:6], simplified):
            _, doc = get_ok(srv, '/recommendations?q=%s' % q(text))
            check(rec['id'] in [r['id'] for r in doc['items']], 'recommendations?q=%s' % text)
            check(all(r['report']['id'] == rep['id'] and r['speaker']['id'] for r in doc['items']),
                  'recommendation item without speaker or report')

        _, doc = get_ok(srv, '/recommendations?report=%d&limit=100' % rep['id'])
        check([r['id'] for r in doc['items']] ==
              [r['id'] for p in rep['people'] for r in p['recommendations']],
              'recommendations?report=ID')

        # Injection-looking and LIKE-special input is stored and found verbatim.
        odd = ["'; DROP TABLE reports; --", '100%', 'a_b', 'back\\slash']
        odd_ids = {}
        for i, s in enumerate(odd):
            status, _, doc = post_json(srv, {'text': '特殊字符测试%d：%s。' % (i, s), 'title': s,
                                             'metadata': {'tag': s}})
            check(status == 201 and doc['title'] == s and doc['metadata'] == {'tag': s},
                  'odd %r: %d %r' % (s, status, doc))
            odd_ids[s] = doc['id']
        check(int(psql(db.url, "SELECT count(*) FROM reports")[0]) == 1 + len(odd), 'reports table')
        for s in odd:
            _, doc = get_ok(srv, '/reports?q=%s' % q(s))
            check([r['id'] for r in doc['items']] == [odd_ids[s]], 'q=%r found %r' % (s, doc['items']))
        _, doc = get_ok(srv, '/reports?q=%s' % q('%'))
        check([r['id'] for r in doc['items']] == [odd_ids['100%']], 'q=%% is not a wildcard')
        _, doc = get_ok(srv, '/reports?q=%s' % q('_'))
        check([r['id'] for r in doc['items']] == [odd_ids['a_b']], 'q=_ is not a wildcard')

        # since/until on the event day: 11月9日 of a report published
        # 2024-11-09 is 2024-11-09; the odd ones write no date and were
        # posted today.
        _, doc = get_ok(srv, '/reports?until=2024-11-10')
        check([r['id'] for r in doc['items']] == [rep['id']], 'until')
        _, doc = get_ok(srv, '/reports?since=2024-11-10T00:00:00Z')
        check(rep['id'] not in [r['id'] for r in doc['items']] and len(doc['items']) == len(odd),
              'since')
        _, doc = get_ok(srv, '/recommendations?since=2024-11-09&until=2024-11-10')
        check(doc['items'] and all(r['report']['id'] == rep['id'] and
                                   r['report']['date_iso'] == '2024-11-09' for r in doc['items']),
              'recommendations since/until')
        for bad in ('since=yesterday', 'until=2024-02-30', 'since=2024-08-16T25:00:00Z'):
            status, _, body = srv.json('GET', '/reports?' + bad)
            check_problem(status, body, 400, 'invalid-parameter', bad)

        # Sorts of /speakers.
        by_reports = walk(srv, '/speakers', 100)
        counts = [p['report_count'] for p in by_reports]
        check(counts == sorted(counts, reverse=True), 'sort=-reports order')
        names = [p['name_key'] for p in walk(srv, '/speakers?sort=name', 100)]
        pinyin = psql(db.url, 'SELECT name_key FROM people WHERE report_count > 0'
                              ' ORDER BY name_key COLLATE podium_pinyin, id')
        check(names == pinyin, 'sort=name order: %r' % names)
        seen = [p['last_seen'] for p in walk(srv, '/speakers?sort=-last_seen', 100)]
        check(seen == sorted(seen, reverse=True), 'sort=-last_seen order')
        status, _, body = srv.json('GET', '/speakers?sort=age')
        check_problem(status, body, 400, 'invalid-parameter', 'sort=age')

        # One person: appearances, latest remarks and recommendations, links.
        headers, doc = get_ok(srv, '/speakers/%d' % person['id'])
        check(doc['appearances'][0]['report_id'] == rep['id'] and doc['latest_recommendations'] and
              doc['links']['recommendations'] == '/recommendations?speaker=%d' % person['id'],
              '/speakers/{id}: %r' % {k: doc[k] for k in ('appearances', 'links')})
        status, _, _ = srv.request('GET', '/speakers/%d' % person['id'],
                                   headers={'If-None-Match': headers['etag']})
        check(status == 304, '/speakers/{id} If-None-Match: %d' % status)
        # Letters with case match either case; text without case matches as is.
        status, _, mixed = post_text(srv, meeting('AI赋能', [SURNAMES[3] + GIVEN[4]]))
        check(status == 201 and mixed['people'][0]['recommendations'], 'post AI meeting: %d' % status)
        want = mixed['people'][0]['recommendations'][0]['id']
        for word in ('AI赋能', 'ai赋能', 'Ai赋', '赋能改革'):
            _, doc = get_ok(srv, '/recommendations?q=%s' % q(word))
            check([r['id'] for r in doc['items']] == [want], 'recommendations?q=%s: %r'
                  % (word, [r['id'] for r in doc['items']]))
            _, doc = get_ok(srv, '/reports?q=%s' % q(word))
            check([r['id'] for r in doc['items']] == [mixed['id']], 'reports?q=%s: %r'
                  % (word, [r['id'] for r in doc['items']]))
        finish(srv)


def case_pagination(podium):
    """Keyset walks see every row once while reports arrive; bad input is 400."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url) as srv:
        for i in range(23):
            status, _, doc = post_text(srv, meeting('第%d次' % i, [person(i), person(i + 30)]))
            check(status == 201 and len(doc['people']) == 2, 'post %d: %d %.300r' % (i, status, doc))
        before = [r['id'] for r in walk(srv, '/reports', 100)]
        check(len(before) == 23 and before == sorted(before, reverse=True), 'newest first')

        # Walk by 4 and post a new report before every page.
        seen, url, extra = [], '/reports?limit=4', 0
        while url:
            status, _, _ = post_text(srv, meeting('新增第%d次' % extra, [person(60 + extra)]))
            check(status == 201, 'post during walk')
            extra += 1
            headers, doc = get_ok(srv, url)
            seen += [r['id'] for r in doc['items']]
            url = path_of(link_targets(headers)['next']) if doc['next'] else None
        check(len(seen) == len(set(seen)), 'a report was listed twice')
        check(set(before) <= set(seen), 'reports missed: %r' % (set(before) - set(seen)))

        # The other lists walk completely too.
        speakers = walk(srv, '/speakers?sort=name', 1)
        check(len(speakers) == len({p['id'] for p in speakers}) == table_count(db, 'people'),
              'speakers walk')
        for sort in ('-reports', '-last_seen'):
            walked = walk(srv, '/speakers?sort=' + sort, 1)
            check(sorted(p['id'] for p in walked) == sorted(p['id'] for p in speakers),
                  'speakers walk sort=%s' % sort)
        recs = walk(srv, '/recommendations', 2)
        check(len(recs) == len({r['id'] for r in recs}) == table_count(db, 'recommendations'),
              'recommendations walk')

        # Limits, cursors and parameters are checked.
        _, doc = get_ok(srv, '/reports?limit=2')
        good = doc['next']
        raw = bytearray(base64.urlsafe_b64decode(good + '=' * (-len(good) % 4)))
        check(len(raw) == 26, 'cursor layout changed: %d bytes' % len(raw))
        raw[17] ^= 1                    # another report id: well-formed, pages on from there
        flipped_kind = bytearray(raw)
        flipped_kind[1] = ord('m')
        bad_cursors = ['x', '!!!!', base64.urlsafe_b64encode(bytes(raw[:-1])).decode().rstrip('='),
                       base64.urlsafe_b64encode(b'\x02' + bytes(raw[1:])).decode().rstrip('=')]
        for path in ['/reports?limit=0', '/reports?limit=101', '/reports?limit=ten',
                     '/reports?limit=-1', '/speakers?limit=1000', '/reports?colour=red',
                     '/speakers?since=2024-01-32', '/recommendations?report=abc',
                     '/reports/1?include=everything', '/recommendations?cursor=' + good,
                     '/speakers?sort=name&cursor=' + good,
                     '/reports?cursor=' + base64.urlsafe_b64encode(bytes(flipped_kind)).decode().rstrip('=')] + \
                ['/reports?cursor=' + q(c) for c in bad_cursors]:
            status, _, body = srv.json('GET', path)
            check_problem(status, body, 400, 'invalid-parameter', path)
        # Hand-made cursors whose layout is right but whose values PostgreSQL
        # would refuse (invalid UTF-8 name key, a count beyond integer, a time
        # beyond timestamptz) are bad cursors too, not server faults.
        def cursor(kind, payload):
            return base64.urlsafe_b64encode(b'\x01' + kind + payload).decode().rstrip('=')

        def keyset(at, rid=1, item=0):
            return b''.join(v.to_bytes(8, 'big', signed=True) for v in (at, rid, item))
        for path in ['/speakers?sort=name&cursor=' + cursor(b'y', keyset(0)[:8] + b'\xff\xfe'),
                     '/speakers?sort=name&cursor=' + cursor(b'y', keyset(1)[8:16] + b'ab\xc3'),
                     '/speakers?sort=name&cursor=' + cursor(b'n', '张'.encode()),
                     '/speakers?sort=-reports&cursor=' + cursor(b'c', keyset(1 << 40)),
                     '/speakers?sort=-reports&cursor=' + cursor(b'c', keyset(-1)),
                     '/speakers?sort=-last_seen&cursor=' + cursor(b'l', keyset(1 << 62)),
                     '/reports?cursor=' + cursor(b'd', keyset(-(1 << 62))),
                     '/reports?sort=-created&cursor=' + cursor(b'k', keyset(-(1 << 62))),
                     '/recommendations?cursor=' + cursor(b'e', keyset(1 << 40, 1, 1))]:
            status, _, body = srv.json('GET', path)
            check_problem(status, body, 400, 'invalid-parameter', path)
        for path in ['/speakers?sort=name&cursor=' + cursor(b'y', keyset(1)[8:16] + '张'.encode()),
                     '/speakers?sort=-reports&cursor=' + cursor(b'c', keyset(2 ** 31 - 1)),
                     '/reports?cursor=' + cursor(b'd', keyset(0))]:
            status, _, body = srv.json('GET', path)
            check(status == 200, '%s: a valid hand-made cursor pages: %d %r' % (path, status, body))
        altered = base64.urlsafe_b64encode(bytes(raw)).decode().rstrip('=')
        status, _, _ = srv.json('GET', '/reports?cursor=' + altered)
        check(status == 200, 'a well-formed cursor still pages: %d' % status)
        finish(srv)


def case_delete(podium):
    """DELETE removes everything under a report; orphaned people vanish."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url) as srv:
        status, _, a = post_text(srv, meeting('第一次', [person(1), person(2)]))
        status2, _, b = post_text(srv, meeting('第二次', [person(1)]))
        check(status == 201 and status2 == 201, 'posts: %d %d' % (status, status2))
        names_a = {p['name_key'] for p in a['people']}
        names_b = {p['name_key'] for p in b['people']}
        shared, only_a = names_a & names_b, names_a - names_b
        check(shared and only_a, 'fixtures do not share a person: %r %r' % (names_a, names_b))
        status, _, body = srv.request('DELETE', '/reports/%d' % a['id'])
        check(status == 204 and body == b'', 'DELETE: %d %r' % (status, body))
        status, _, doc = srv.json('GET', '/reports/%d' % a['id'])
        check_problem(status, doc, 404, 'not-found', 'deleted report')
        status, _, doc = srv.json('DELETE', '/reports/%d' % a['id'])
        check_problem(status, doc, 404, 'not-found', 'DELETE twice')
        listed = {p['name_key']: p for p in walk(srv, '/speakers', 100)}
        check(set(listed) == names_b, 'speakers after delete: %r' % set(listed))
        for key in shared:
            check(listed[key]['report_count'] == 1, 'shared person count %r' % listed[key])
        for table in ('appearances', 'remarks', 'recommendations'):
            left = int(psql(db.url, 'SELECT count(*) FROM %s WHERE report_id = %d'
                            % (table, a['id']))[0])
            check(left == 0, '%s rows left under the deleted report' % table)
        orphan = psql(db.url, "SELECT count(*) FROM people WHERE name_key IN (%s)" %
                      ', '.join("'%s'" % k for k in only_a))
        check(orphan == ['0'], 'orphaned people remain')
        status, _, _ = srv.request('DELETE', '/reports/%d' % b['id'])
        check(status == 204, 'DELETE b: %d' % status)
        _, doc = get_ok(srv, '/speakers')
        check(doc['items'] == [], 'speakers after deleting everything: %r' % doc['items'])
        check(all(table_count(db, t) == 0 for t in BIG_TABLES + ('people',)), 'rows remain')
        finish(srv)


def case_concurrent(podium):
    """The same text twice in a row and from 8 clients at once: one report.
    Idempotency-Key replays the first answer."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url, PODIUM_THREADS='8') as srv:
        text = largest_text()
        results, barrier = [], threading.Barrier(8)

        def client():
            barrier.wait()
            results.append(post_text(srv, text, **{'Content-Type': 'text/plain'}))
        threads = [threading.Thread(target=client) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        statuses = sorted(r[0] for r in results)
        check(statuses == [200] * 7 + [201], '8 concurrent posts: %r' % statuses)
        check(len({r[2]['id'] for r in results}) == 1, 'concurrent posts gave several ids')
        check(table_count(db, 'reports') == 1, 'reports rows after concurrent posts')
        people = table_count(db, 'people')
        status, _, _ = post_text(srv, text)
        check(status == 200 and table_count(db, 'people') == people, 'post again')

        # Idempotency-Key: the first answer comes back, even a 201.
        body = {'text': meeting('幂等', [person(5)])}
        first = post_json(srv, body, **{'Idempotency-Key': 'key-1'})
        again = post_json(srv, body, **{'Idempotency-Key': 'key-1'})
        check(first[0] == 201 and again[0] == 201 and first[2] == again[2] and
              again[1].get('location') == first[1].get('location'), 'Idempotency-Key replay')
        plain = post_json(srv, body)
        check(plain[0] == 200 and plain[2]['id'] == first[2]['id'], 'same text without key')
        status, _, doc = post_json(srv, {'text': '另一篇。'}, **{'Idempotency-Key': 'key-1'})
        check_problem(status, doc, 422, 'unprocessable', 'key reused for another body')
        # After 24 hours a key is free again, and expired keys are purged.
        psql(db.url, "UPDATE idempotency_keys SET created_at = now() - interval '25 hours'")
        psql(db.url, "INSERT INTO idempotency_keys (key, request_hash, status, body, created_at) "
                     "SELECT 'old-' || g, '\\x00', 200, '{}', now() - interval '2 days' "
                     "FROM generate_series(1, 150) g")
        status, _, doc = post_json(srv, {'text': meeting('过期', [person(6)])},
                                   **{'Idempotency-Key': 'key-1'})
        check(status == 201 and doc['id'] != first[2]['id'], 'expired key: %d' % status)
        again = post_json(srv, {'text': meeting('过期', [person(6)])}, **{'Idempotency-Key': 'key-1'})
        check(again[0] == 201 and again[2]['id'] == doc['id'], 'expired key taken over')
        left = int(psql(db.url, "SELECT count(*) FROM idempotency_keys WHERE key LIKE 'old-%'")[0])
        check(left < 150, 'expired keys are not purged')
        # A Content-Type carrying a byte 0x80-0xFF is part of the request's
        # identity, as bytes: it is stored and replayed, never a 500.
        odd = {'Content-Type': b'text/plain; charset=utf-8; x=\xe9', 'Idempotency-Key': 'key-2'}
        text = meeting('字节', [person(7)]).encode('utf-8')
        first = srv.json('POST', '/reports', body=text, headers=dict(odd))
        again = srv.json('POST', '/reports', body=text, headers=dict(odd))
        check(first[0] == 201 and again[0] == 201 and first[2] == again[2],
              'Content-Type with 0xE9: %d %r, again %d %r' % (first[0], first[2], again[0], again[2]))
        odd['Content-Type'] = b'text/plain; charset=utf-8; x=\xea'
        status, _, doc = srv.json('POST', '/reports', body=text, headers=odd)
        check_problem(status, doc, 422, 'unprocessable', 'key reused with another Content-Type')
        status, _, doc = post_json(srv, body, **{'Idempotency-Key': 'x' * 300})
        check_problem(status, doc, 400, 'invalid-parameter', 'overlong key')
        finish(srv)


def case_race(podium):
    """Writers and deleters sharing people at the same time: no error, and
    every person's summary matches the appearances left."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url, PODIUM_THREADS='8') as srv:
        failures = []

        def worker(w):
            for i in range(12):         # bounded: 4 workers x 12 reports
                text = meeting('并发%d-%d' % (w, i), [person(1), person(10 + (w + i) % 5)])
                status, _, doc = post_text(srv, text)
                if status != 201:
                    failures.append('post %d' % status)
                    continue
                if i % 2 == 0:
                    status, _, _ = srv.request('DELETE', '/reports/%d' % doc['id'])
                    if status != 204:
                        failures.append('delete %d' % status)
        threads = [threading.Thread(target=worker, args=(w,)) for w in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(240)
        check(not failures, 'concurrent writes failed: %r' % failures[:5])
        check(table_count(db, 'reports') == 4 * 6, 'reports left')
        wrong = psql(db.url, """
            SELECT p.name_key, p.report_count, count(DISTINCT a.report_id)
            FROM people p LEFT JOIN appearances a ON a.person_id = p.id
            GROUP BY p.id HAVING p.report_count <> count(DISTINCT a.report_id)
                              OR count(a.report_id) = 0""")
        check(wrong == [], 'people summaries disagree with appearances: %r' % wrong)
        finish(srv)


def case_input(podium):
    """Write input rules shared by POST /reports and POST /segment."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url,
                                                    PODIUM_CORS_ORIGINS='https://app.example') as srv:
        for path in ('/reports', '/segment'):
            status, headers, doc = srv.json('POST', path, body=b'x',
                                            headers={'Content-Type': 'text/html'})
            check_problem(status, doc, 415, 'unsupported-media-type', path + ' text/html')
            check('application/json' in headers.get('accept-post', ''), 'Accept-Post: %r' % headers)
            status, _, doc = srv.json('POST', path, body=b'x', headers={
                'Content-Type': 'text/plain; charset=latin-1'})
            check_problem(status, doc, 415, 'unsupported-media-type', path + ' latin-1')
            status, _, doc = srv.json('POST', path, body=b'{"text": ',
                                      headers={'Content-Type': 'application/json'})
            check_problem(status, doc, 400, 'invalid-json', path + ' bad JSON')
            for bad, field in (({'title': 'no text'}, 'text'), ({'text': 'a', 'colour': 1}, 'colour'),
                               ({'text': 'a', 'published_at': 'soon'}, 'published_at'),
                               ({'text': 'a', 'metadata': [1]}, 'metadata'), ([1], '(body)')):
                status, _, doc = post_json(srv, bad, path=path)
                check_problem(status, doc, 400, 'invalid-field', '%s %r' % (path, bad))
                check(doc['errors'][0]['field'] == field, 'errors field %r' % doc['errors'])
            status, _, doc = srv.json('POST', path, body=b' \n ',
                                      headers={'Content-Type': 'text/plain'})
            check_problem(status, doc, 422, 'unprocessable', path + ' empty')
            status, _, doc = srv.json('POST', path, body=b'\xff\xfe bad',
                                      headers={'Content-Type': 'text/plain'})
            check_problem(status, doc, 400, 'invalid-utf8', path + ' bad UTF-8')
        check(table_count(db, 'reports') == 0, 'refused input was stored')

        # CORS on the API: the browser may read Link and ETag.
        status, headers, _ = srv.json('GET', '/reports', headers={'Origin': 'https://app.example'})
        check(status == 200 and headers.get('access-control-allow-origin') == 'https://app.example'
              and 'Link' in headers.get('access-control-expose-headers', '')
              and 'Origin' in headers.get('vary', ''), 'CORS headers: %r' % headers)
        status, headers, _ = srv.request('OPTIONS', '/reports', headers={
            'Origin': 'https://app.example', 'Access-Control-Request-Method': 'POST',
            'Access-Control-Request-Headers': 'Content-Type, Idempotency-Key'})
        check(status == 204 and 'POST' in headers.get('access-control-allow-methods', ''),
              'preflight: %d %r' % (status, headers))
        finish(srv)


def routed():
    """(method, path) rows of the route table, read from its source."""
    src = open(os.path.join(ROOT, 'src', 'handlers', 'routes.c'), encoding='utf-8').read()
    rows = re.findall(r'\{"([A-Z]+)",\s*"(/[^"]*)"', src)
    check(len(rows) >= 10, 'route table not found')
    return {(m.lower(), p) for m, p in rows}


def case_openapi(podium):
    """openapi.json documents exactly the routed paths, with the problem codes."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url) as srv:
        headers, doc = get_ok(srv, '/openapi.json')
        check(doc.get('openapi', '').startswith('3.1'), 'not OpenAPI 3.1')
        documented = {(m, p) for p, ops in doc['paths'].items() for m in ops
                      if m in ('get', 'post', 'put', 'patch', 'delete')}
        routes = routed()
        check(documented == routes, 'routed but not documented: %r; documented but not routed: %r'
              % (sorted(routes - documented), sorted(documented - routes)))
        codes = set(doc['components']['schemas']['Problem']['properties']['code']['enum'])
        header = open(os.path.join(ROOT, 'include', 'podium', 'error.h'), encoding='utf-8').read()
        slugs = set(re.findall(r'X\(\w+,\s*\d+,\s*"([a-z0-9-]+)"', header)) - {'none'}
        check(slugs and codes == slugs, 'problem codes differ from error.h: %r' % (codes ^ slugs))
        text = json.dumps(doc)
        for ref in set(re.findall(r'"#/components/(\w+)/(\w+)"', text)):
            check(ref[1] in doc['components'][ref[0]], 'dangling $ref %r' % (ref,))
        status, _, _ = srv.request('GET', '/openapi.json', headers={'If-None-Match': headers['etag']})
        check(status == 304, 'openapi.json ETag: %d' % status)

        # Every documented query parameter is one the handler knows.
        params = doc['components']['parameters']
        for path, ops in doc['paths'].items():
            op = ops.get('get')
            if op is None:
                continue
            for p in ops.get('parameters', []) + op.get('parameters', []):
                p = params[p['$ref'].rsplit('/', 1)[1]] if '$ref' in p else p
                if p['in'] != 'query':
                    continue
                url = '%s?%s=1' % (path.replace('{id}', '1'), p['name'])
                status, _, body = srv.json('GET', url)
                check(status != 400 or 'unknown query parameter' not in body.get('detail', ''),
                      '%s is documented but refused: %r' % (url, body))
            if path in ('/healthz', '/readyz', '/version', '/metrics'):
                continue                    # the foundation's: parameters are ignored there
            status, _, body = srv.json('GET', path.replace('{id}', '1') + '?undocumented=1')
            check(status == 400, '%s accepts an undocumented parameter: %d' % (path, status))
        finish(srv)


GENERATE = """
INSERT INTO reports (text_sha256, text, text_folded, title, title_folded, language, published_at,
                     published_offset, event_on, event_date_source)
SELECT sha256(convert_to('generated ' || g, 'UTF8')), t, t, '报告 ' || g, '报告 ' || g, 'zh-Hans',
       timestamptz '2020-01-01' + g * interval '1 hour', 'Z',
       date '2020-01-01' + g / 24, 'published_at'
FROM generate_series(1, 10000) g,
     LATERAL (SELECT '第' || g || '次研讨会在会议室举行。' || md5(g::text) || '专家指出要推动创新。' AS t) x;
INSERT INTO people (name_key, name, names, report_count, last_seen)
SELECT '人' || g, '人' || g, ARRAY['人' || g], 15, now() FROM generate_series(1, 2000) g;
INSERT INTO appearances (report_id, position, person_id, name, role, listed_at, remark_count,
                         recommendation_count, event_on)
SELECT r.id, k, b.base + (r.id * 7 + k * 13) % 2000, 'n', 'speaker', r.listed_at, 2, 2, r.event_on
FROM reports r, generate_series(0, 2) k,
     (SELECT min(id) AS base FROM people WHERE name_key LIKE '人%') b;
INSERT INTO remarks (report_id, appearance_id, person_id, position, paragraph, start_byte, end_byte,
                     text, text_folded, confidence, listed_at)
SELECT a.report_id, a.id, a.person_id, k, 0, 0, 10, t, t, 0.9, a.listed_at
FROM appearances a, generate_series(0, 1) k, LATERAL (SELECT '发言' || md5(a.id::text || k) AS t) x;
INSERT INTO recommendations (report_id, appearance_id, person_id, ordinal, paragraph, start_byte,
                             end_byte, text, text_folded, listed_at, event_on)
SELECT a.report_id, a.id, a.person_id, k + 1, 0, 0, 10, t, t, a.listed_at, a.event_on
FROM appearances a, generate_series(0, 1) k,
     LATERAL (SELECT '建议' || md5(a.id::text || 'r' || k) AS t) x;
"""


def case_explain(podium):
    """On 10 000 generated reports the list and search statements use
    indexes: api_plans runs each prepared statement until the plan cache has
    settled, then prints EXPLAIN EXECUTE of it."""
    with FreshDatabase(require_db()) as db:
        with Server(podium, db.url) as srv:       # migrates the fresh database
            check(srv.stop() == 0, 'podium serve did not stop cleanly')
        # Generating takes half a minute on an idle 2-core machine and twice
        # that when the machine is shared: give it most of the test's time.
        psql(db.url, GENERATE, timeout=200)
        psql(db.url, 'VACUUM ANALYZE', timeout=200)  # as autovacuum would: statistics, GIN pending list
        check(table_count(db, 'reports') == 10000, 'generated reports')
        word = psql(db.url, "SELECT substr(md5('4321'), 3, 6)")[0]
        out = subprocess.run([os.environ['API_PLANS'], db.url, word], capture_output=True,
                             text=True, timeout=120)
        check(out.returncode == 0, 'api_plans failed: %s' % out.stderr[-2000:])
        plans = out.stdout
        # rec_list keeps its page under a Limit and joins only that page.
        check(plans.count('report_list_date_desc: Limit') == 8 and
              re.search(r'^rec_list:.*\bLimit\b', plans, re.M) is not None and
              'report_list_date: Limit' in plans and 'report_list_created_desc: Limit' in plans,
              'plans missing:\n%s' % plans[-3000:])
        for table in BIG_TABLES:
            check(re.search(r'Seq Scan on %s\b' % table, plans) is None,
                  'sequential scan on %s:\n%s' % (table, plans))
        check('reports_text_trgm_idx' in plans and 'recommendations_spread_trgm_idx' in plans,
              'trigram indexes unused:\n%s' % plans)


if __name__ == '__main__':
    run({'reports': case_reports, 'search': case_search, 'pagination': case_pagination,
         'delete': case_delete, 'concurrent': case_concurrent, 'race': case_race,
         'input': case_input,
         'openapi': case_openapi, 'explain': case_explain})
