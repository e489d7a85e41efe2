#!/usr/bin/env python3
"""Filters, orders, totals and links of the lists (issue 12): the real
`podium serve` against the harness PostgreSQL, one fresh database per case.
Usage: test_lists.py PODIUM CASE.  The reports are written here, in the
genre's shape, and by tests/fixtures."""
import os
import re
import subprocess
import sys

from podium_harness import FreshDatabase, Server, check, podium_env, psql, require_db, run
from test_api import (finish, get_ok, link_targets, meeting, path_of, person, post_json,
                      post_text, q, walk)
from test_dates import post_dated

# A report in traditional script: 徐康寧's unit is written 東南大學, and a
# search in simplified script must find him by it. The names sort
# differently by pinyin (包 bāo, 王 wáng, 徐 xú, 張 zhāng) than by code point.
HANT_REPORT = ('高質量發展研討會在南京舉行。東南大學教授徐康寧、南京大學教授包明、'
               '省委黨校教授張偉等出席會議。中共江蘇省委宣傳部副部長王芳主持會議。\n'
               '徐康寧表示，要推動區域協調發展。\n'
               '包明指出，要加快科技創新。\n')
ENGLISH_REPORT = ('The Harbour Futures Forum met in Dunmore on Tuesday.\n'
                  'Professor Alice Brennan of Dunmore University said the port should '
                  'publish its emissions every quarter.\n'
                  'Councillor Tom Hale said the council must fund the new ferry link.\n')


def problem_field(srv, path, field, headers=None):
    """path answers 400 invalid-parameter whose errors name field."""
    status, _, doc = srv.json('GET', path, headers=headers or {})
    check(status == 400 and doc.get('code') == 'invalid-parameter',
          '%s: %d %r' % (path, status, doc))
    fields = [e.get('field') for e in doc.get('errors', [])]
    check(fields == [field], '%s: errors name %r, want %r' % (path, fields, field))
    return doc


def total_of(srv, path, prefer=False):
    """The list's total, asked for by ?count=exact or by Prefer."""
    sep = '&' if '?' in path else '?'
    url, headers = (path, {'Prefer': 'count=exact'}) if prefer else (path + sep + 'count=exact', {})
    status, got, doc = srv.json('GET', url, headers=headers)
    check(status == 200 and isinstance(doc.get('total'), int), '%s: %d %r' % (url, status, doc))
    check(got.get('preference-applied') == 'count=exact', '%s: Preference-Applied %r' % (url, got))
    return doc['total']


def post_many(srv):
    """Twelve reports whose people recur unevenly (report counts tie and
    differ), the traditional-script one and the English one."""
    for k in range(12):
        people = sorted({person(k % 7), person(10 + (k * 3) % 7), person(20 + k % 3)})
        status, _, doc = post_text(srv, meeting('第%d届' % k, people))
        check(status == 201, 'post %d: %d %.200r' % (k, status, doc))
    for text in (HANT_REPORT, ENGLISH_REPORT):
        status, _, doc = post_text(srv, text)
        check(status == 201, 'post: %d %.200r' % (status, doc))


def case_speakers(podium):
    """q over names and affiliations, role, six orders walked page by page,
    totals, and cursors tied to their order."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url) as srv:
        post_many(srv)
        found = walk(srv, '/speakers?q=' + q('东南大学'), 5)
        check([p['name'] for p in found] == ['徐康寧'], 'q over affiliations: %r' % found)
        check([p['name'] for p in walk(srv, '/speakers?q=' + q('徐康宁'), 5)] == ['徐康寧'],
              'q over names in the other script')
        moderators = walk(srv, '/speakers?role=moderator', 5)
        check([p['name'] for p in moderators] == ['王芳'], 'role=moderator: %r' % moderators)
        check(total_of(srv, '/speakers?role=moderator') == 1, 'total of role=moderator')
        # every person counts their reports by role, and the counts add up
        everyone = walk(srv, '/speakers', 5)
        for p in everyone:
            check(sum(p['roles'].values()) == p['report_count'],
                  '%s: roles %r do not add up to %d reports' % (p['name'], p['roles'], p['report_count']))
        check(moderators[0]['roles'].get('moderator', 0) >= 1, 'the moderator: %r' % moderators[0])
        check(all('moderator' not in p['roles'] for p in everyone if p['name'] != '王芳'),
              'a moderator count for someone who never moderated')
        attendees = {p['name'] for p in walk(srv, '/speakers?role=attendee&q=' + q('教授'), 5)}
        check(attendees == {'張偉'}, 'role and q together: %r' % attendees)

        everyone = int(psql(db.url, 'SELECT count(*) FROM people WHERE report_count > 0')[0])
        check(everyone >= 20, 'people: %d' % everyone)
        orders = {
            'reports': lambda p: (p['report_count'], p['id']),
            'last_seen': lambda p: (p['last_seen'], p['id']),
        }
        for sort in ('reports', '-reports', 'last_seen', '-last_seen', 'name', '-name'):
            walked = walk(srv, '/speakers?sort=' + sort, 3)
            ids = [p['id'] for p in walked]
            check(len(ids) == len(set(ids)) == everyone, 'sort=%s walks everyone once' % sort)
            check(total_of(srv, '/speakers?sort=' + sort, prefer=True) == everyone,
                  'sort=%s total' % sort)
            field = sort.lstrip('-')
            if field == 'name':
                want = [int(i) for i in psql(db.url, 'SELECT id FROM people WHERE report_count > 0'
                                             ' ORDER BY name_key COLLATE podium_pinyin, id')]
            else:
                want = [p['id'] for p in sorted(walked, key=orders[field])]
            if sort.startswith('-'):
                want.reverse()
            check(ids == want, 'sort=%s order: %r' % (sort, [p['name'] for p in walked]))
        names = [p['name'] for p in walk(srv, '/speakers?sort=name', 4) if p['name'] in
                 ('包明', '王芳', '徐康寧', '張偉')]
        check(names == ['包明', '王芳', '徐康寧', '張偉'], 'pinyin order: %r' % names)

        # A cursor belongs to its order; tampering is refused.
        for given, used in (('name', '-name'), ('-reports', 'reports'),
                            ('-last_seen', 'last_seen'), ('reports', 'name')):
            _, doc = get_ok(srv, '/speakers?limit=1&sort=' + given)
            problem_field(srv, '/speakers?sort=%s&cursor=%s' % (used, doc['next']), 'cursor')
        problem_field(srv, '/speakers?role=chair', 'role')
        problem_field(srv, '/speakers?sort=age', 'sort')
        finish(srv)


def case_reports(podium):
    """language, q over title and text, speaker, and totals of /reports."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url) as srv:
        post_many(srv)
        status, _, titled = post_json(srv, {'title': '港口年度观察', 'text': meeting('年会', [person(40)])})
        check(status == 201, 'post titled: %d' % status)
        for language in ('en', 'zh-Hant', 'zh-Hans'):
            items = walk(srv, '/reports?language=' + language, 2)
            want = int(psql(db.url, "SELECT count(*) FROM reports WHERE language = '%s'" % language)[0])
            check(len(items) == want > 0 and all(r['language'] == language for r in items),
                  'language=%s: %d of %d' % (language, len(items), want))
            check(total_of(srv, '/reports?language=' + language) == want, 'total %s' % language)
        problem_field(srv, '/reports?language=fr', 'language')
        by_title = walk(srv, '/reports?q=' + q('年度观察'), 5)
        check([r['id'] for r in by_title] == [titled['id']], 'q finds the title: %r' % by_title)
        by_text = walk(srv, '/reports?q=' + q('emissions'), 5)
        check(len(by_text) == 1 and by_text[0]['language'] == 'en', 'q finds the text')
        by_speaker = walk(srv, '/reports?speaker=' + q('徐康宁'), 5)
        check(len(by_speaker) == 1 and by_speaker[0]['language'] == 'zh-Hant', 'speaker by name')
        everything = walk(srv, '/reports', 4)
        check(total_of(srv, '/reports') == len(everything) == 15, 'total of /reports')
        check(total_of(srv, '/reports?limit=1&q=' + q('研讨会'), prefer=True) ==
              len(walk(srv, '/reports?q=' + q('研讨会'), 3)), 'total of a search')
        # The total is only counted when asked for.
        _, doc = get_ok(srv, '/reports?limit=1')
        check('total' not in doc, 'total without asking')
        status, headers, doc = srv.json('GET', '/reports?limit=1',
                                        headers={'Prefer': 'return=minimal, count=exact'})
        check(status == 200 and doc.get('total') == 15 and
              headers.get('preference-applied') == 'count=exact', 'Prefer with two preferences')
        problem_field(srv, '/reports?count=estimated', 'count')
        finish(srv)


def case_recs(podium):
    """/recommendations: both date orders walked, speaker and report, totals."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url) as srv:
        post_many(srv)
        all_recs = int(psql(db.url, 'SELECT count(*) FROM recommendations')[0])
        newest = walk(srv, '/recommendations', 3)
        oldest = walk(srv, '/recommendations?sort=date', 3)
        check(len(oldest) == len(newest) == all_recs == total_of(srv, '/recommendations?sort=date'),
              'recommendations walked: %d, %d of %d' % (len(oldest), len(newest), all_recs))
        key = [(r['report']['date'], r['report_id'], r['id']) for r in oldest]
        check(key == sorted(key), 'sort=date order')
        check([r['report_id'] for r in newest] == sorted((r['report_id'] for r in newest),
                                                        reverse=True), 'sort=-date order')
        _, doc = get_ok(srv, '/recommendations?limit=1&sort=date')
        problem_field(srv, '/recommendations?sort=-date&cursor=' + doc['next'], 'cursor')
        problem_field(srv, '/recommendations?sort=newest', 'sort')
        one = oldest[0]
        path = '/recommendations?speaker=%d&report=%d' % (one['speaker']['id'], one['report_id'])
        picked = walk(srv, path, 1)
        check(picked and all(r['speaker']['id'] == one['speaker']['id'] and
                             r['report_id'] == one['report_id'] for r in picked),
              'speaker and report together: %r' % picked)
        check(total_of(srv, path) == len(picked), 'total of speaker and report')
        finish(srv)


def case_report_speakers(podium):
    """/reports/{id}/speakers pages like every list."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url) as srv:
        people = [person(i) for i in range(7)]
        status, _, rep = post_text(srv, meeting('七人', people))
        check(status == 201 and len(rep['people']) == 7, 'post: %d' % status)
        status, _, other = post_text(srv, meeting('两人', people[:2]))
        path = '/reports/%d/speakers' % rep['id']
        walked = walk(srv, path, 2)
        check([a['name'] for a in walked] == [p['name'] for p in rep['people']],
              'people in text order: %r' % [a['name'] for a in walked])
        check(total_of(srv, path) == 7, 'total of a report\'s people')
        _, doc = get_ok(srv, path + '?limit=3')
        check(len(doc['items']) == 3 and doc['next'], 'a page of three')
        problem_field(srv, '/reports/%d/speakers?cursor=%s' % (other['id'], doc['next']), 'cursor')
        problem_field(srv, path + '?limit=101', 'limit')
        status, _, doc = srv.json('GET', '/reports/%d/speakers?limit=2' % (other['id'] + 10))
        check(status == 404, 'unknown report: %d' % status)
        finish(srv)


def case_links(podium):
    """Link and Location are absolute: from Host, or PODIUM_PUBLIC_URL."""
    with FreshDatabase(require_db()) as db:
        with Server(podium, db.url) as srv:
            status, headers, rep = post_text(srv, meeting('链接', [person(1), person(2)]))
            want = 'http://127.0.0.1:%d/reports/%d' % (srv.port, rep['id'])
            check(status == 201 and headers.get('location') == want,
                  'Location %r, want %r' % (headers.get('location'), want))
            post_text(srv, meeting('链接二', [person(3)]))
            _, headers, _ = srv.json('GET', '/reports?limit=1&q=' + q('链接'),
                                     headers={'Host': 'podium.example.org:8443'})
            links = link_targets(headers)
            check(links.get('first') == 'http://podium.example.org:8443/reports?limit=1&q=' +
                  q('链接') and links.get('next', '').startswith(links['first'] + '&cursor='),
                  'links from Host: %r' % links)
            # a cache keeps a list apart for each Prefer (count=exact adds total)
            vary = [v.strip().lower() for v in headers.get('vary', '').split(',')]
            check('prefer' in vary, 'a list does not vary on Prefer: %r' % headers.get('vary'))
            for host in ('evil.example/"><script>', 'a b', 'x:99999', '[::1'):
                _, headers, _ = srv.json('GET', '/speakers?limit=1', headers={'Host': host})
                link = headers.get('link', '')
                check(link.startswith('</speakers?limit=1') and 'evil' not in link and
                      'script' not in link, 'Host %r reflected: %r' % (host, link))
            finish(srv)
        public = 'https://podium.example.org/api/'
        with Server(podium, db.url, PODIUM_PUBLIC_URL=public) as srv:
            status, headers, rep = post_text(srv, meeting('代理', [person(5)]))
            check(headers.get('location') == 'https://podium.example.org/api/reports/%d' % rep['id'],
                  'Location behind a proxy: %r' % headers.get('location'))
            _, headers, _ = srv.json('GET', '/reports?limit=1', headers={'Host': 'internal:8080'})
            links = link_targets(headers)
            check(links.get('first') == 'https://podium.example.org/api/reports?limit=1' and
                  links['next'].startswith('https://podium.example.org/api/reports?limit=1&cursor='),
                  'links behind a proxy: %r' % links)
            # The proxy takes /api off before it passes the request on.
            _, doc = get_ok(srv, path_of(links['next'])[len('/api'):])
            check(len(doc['items']) == 1, 'the next link pages')
            # the OpenAPI document names the public address as its server
            _, doc = get_ok(srv, '/openapi.json')
            check(doc['servers'][0]['url'] == 'https://podium.example.org/api',
                  'servers behind a proxy: %r' % doc['servers'])
            finish(srv)
        for bad in ('ftp://example.org', 'https://example.org/a?b=1', 'https://', 'example.org',
                    'https://user@example.org'):
            out = subprocess.run([podium, 'serve'], env=podium_env(db.url, PODIUM_PUBLIC_URL=bad),
                                 capture_output=True, text=True, timeout=30)
            lines = out.stderr.strip().splitlines()
            check(out.returncode == 2 and len(lines) == 1 and 'PODIUM_PUBLIC_URL' in lines[0],
                  'PODIUM_PUBLIC_URL=%s: exit %d %r' % (bad, out.returncode, out.stderr))


def case_params(podium):
    """Repeated parameters, malformed percent-encoding and values outside
    the grammar are 400s naming the parameter."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url) as srv:
        post_text(srv, meeting('参数', [person(1)]))
        problem_field(srv, '/reports?q=a&q=b', 'q')
        problem_field(srv, '/speakers?sort=name&limit=2&sort=-name', 'sort')
        problem_field(srv, '/recommendations?limit=1&limit=1', 'limit')
        problem_field(srv, '/reports/1/speakers?limit=1&limit=2', 'limit')
        problem_field(srv, '/reports?q=%zz', 'q')
        problem_field(srv, '/reports?limit=2&q=100%', 'q')
        problem_field(srv, '/speakers?q=%E4%B8', 'q')          # cut in the middle of a character
        problem_field(srv, '/reports?%zz=1', '(query)')
        for path, field in (('/reports?language=EN', 'language'), ('/speakers?role=', 'role'),
                            ('/speakers?count=true', 'count'), ('/recommendations?sort=', 'sort'),
                            ('/reports?limit=1.5', 'limit'), ('/recommendations?report=x', 'report')):
            problem_field(srv, path, field)
        # What is well formed still answers.
        _, doc = get_ok(srv, '/reports?q=' + q('100%'))
        check(doc['items'] == [], 'an encoded %% is a literal')
        finish(srv)


def case_dates(podium):
    """The lists' orders and filters together with the event days: both
    orders of /recommendations follow the event day, not the posting;
    role, language, sort and totals combine with since/until; a cursor of
    one list's order is refused by every other."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url) as srv:
        # Posted in this order, held on days in another.
        posted = [post_dated(srv, written, '2024-03-05T12:00:00Z', [person(10 + i), person(20 + i % 2)])
                  for i, written in enumerate(['3月1日', '1月9日', '2月2日', '1月9日'])]
        status, _, hant = post_json(srv, {'text': HANT_REPORT, 'published_at': '2024-02-10T09:00:00+08:00'})
        check(status == 201 and hant['event']['date_iso'] == '2024-02-10', 'hant: %d %r' % (status, hant))
        day_of = {r['id']: r['event']['date_iso'] for r in posted + [hant]}
        check(sorted(day_of, key=lambda i: (day_of[i], i)) != sorted(day_of),
              'the fixture does not tell event days from posting')

        all_recs = int(psql(db.url, 'SELECT count(*) FROM recommendations')[0])
        for sort, latest_first in (('-date', True), ('date', False)):
            for limit in (1, 2, 3):
                recs = walk(srv, '/recommendations?sort=%s' % q(sort), limit)
                check(len(recs) == all_recs and all(r['report']['date_iso'] == day_of[r['report_id']]
                                                     for r in recs), 'sort=%s: %d' % (sort, len(recs)))
                sign = -1 if latest_first else 1
                key = [(sign * int(r['report']['date_iso'].replace('-', '')), sign * r['report_id'],
                        r['id']) for r in recs]
                check(key == sorted(key), 'sort=%s limit %d: %r' % (sort, limit, key))
        window = '/recommendations?sort=date&since=2024-01-09&until=2024-02-03'
        picked = walk(srv, window, 2)
        want = {i for i, day in day_of.items() if '2024-01-09' <= day < '2024-02-03'}
        check(picked and {r['report_id'] for r in picked} == want, 'window: %r' % picked)
        check(total_of(srv, window) == len(picked), 'total of the window')

        for query, names in (('role=moderator&since=2024-02-01', ['王芳']),
                             ('role=moderator&until=2024-02-10', []),
                             ('q=%s&since=2024-02-10' % q('东南大学'), ['徐康寧'])):
            found = [p['name'] for p in walk(srv, '/speakers?' + query, 2)]
            check(found == names, '/speakers?%s: %r' % (query, found))
            check(total_of(srv, '/speakers?' + query) == len(names), 'total of %s' % query)
        in_january = {p['id'] for p in walk(srv, '/speakers?until=2024-02-01', 2)}
        by_name = walk(srv, '/speakers?sort=-name&until=2024-02-01', 2)
        check(len(by_name) == len(in_january) and {p['id'] for p in by_name} == in_january,
              'sort=-name with until: %r' % by_name)

        simplified = [r['id'] for r in walk(srv, '/reports?language=zh-Hans&sort=date', 2)]
        check(simplified == sorted((i for i in day_of if i != hant['id']), key=lambda i: (day_of[i], i)),
              'language with sort=date: %r' % simplified)
        check(total_of(srv, '/reports?language=zh-Hans&since=2024-02-01') == 2, 'total by language and day')
        for query, want_ids in (('language=zh-Hant&since=2024-02-01', [hant['id']]),
                                ('language=zh-Hant&until=2024-02-10', [])):
            check([r['id'] for r in walk(srv, '/reports?' + query, 2)] == want_ids, query)

        # Every order's cursor belongs to it alone, across lists too.
        cursors = {}
        for path in ('/reports?sort=-date', '/reports?sort=date', '/reports?sort=-created',
                     '/recommendations?sort=-date', '/recommendations?sort=date',
                     '/speakers?sort=name', '/speakers?sort=-name', '/speakers?sort=reports',
                     '/speakers?sort=-last_seen', '/reports/%d/speakers?count=exact' % hant['id']):
            _, doc = get_ok(srv, path + '&limit=1')
            check(doc['next'] is not None, '%s has a second page' % path)
            cursors[path] = doc['next']
        for path in cursors:
            for other, cursor in cursors.items():
                if other != path:
                    problem_field(srv, path + '&cursor=' + cursor, 'cursor')
        finish(srv)


if __name__ == '__main__':
    run({'speakers': case_speakers, 'reports': case_reports, 'recs': case_recs,
         'report-speakers': case_report_speakers, 'links': case_links, 'params': case_params,
         'dates': case_dates})
