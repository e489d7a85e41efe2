#!/usr/bin/env python3
"""The cache of single resources (issue 6): a repeated GET /speakers/{id} or
GET /reports/{id} is answered from memory, and never with an answer older
than the database, whichever instance wrote. Usage: test_cache.py PODIUM CASE."""
import re

from podium_harness import FreshDatabase, Server, check, require_db, run
from test_api import check_problem, finish, get_ok, meeting, person, post_text


def lookups(srv):
    """(hits, misses) from /metrics."""
    status, _, body = srv.request('GET', '/metrics')
    check(status == 200, '/metrics: %d' % status)
    text = body.decode('utf-8')
    found = [re.search(r'^podium_cache_lookups_total\{outcome="%s"\} (\d+)$' % o, text, re.M)
             for o in ('hit', 'miss')]
    check(all(found), 'cache counters missing from /metrics')
    return tuple(int(m.group(1)) for m in found)


def raw_get(srv, path, **headers):
    status, h, body = srv.request('GET', path, headers=headers)
    check(status in (200, 304), 'GET %s: %d %r' % (path, status, body[:300]))
    return status, h, body


def case_speaker(podium):
    """Bodies from the cache equal fresh ones; a write by another instance
    (a new report of the person, a deletion) is seen at once."""
    with FreshDatabase(require_db()) as db, \
            Server(podium, db.url) as reader, \
            Server(podium, db.url, PODIUM_CACHE_MB='0') as writer:
        status, _, a = post_text(writer, meeting('第一次', [person(1), person(2)]))
        check(status == 201, 'post a: %d' % status)
        pid = next(p['person_id'] for p in a['people'] if p['name_key'] == person(1))
        other = next(p['person_id'] for p in a['people'] if p['name_key'] == person(2))
        path = '/speakers/%d' % pid

        _, h1, first = raw_get(reader, path)
        hits, misses = lookups(reader)
        _, h2, again = raw_get(reader, path)
        check(lookups(reader) == (hits + 1, misses), 'the second read was not a cache hit')
        check(again == first and h2['etag'] == h1['etag'], 'cached body differs')
        _, _, uncached = raw_get(writer, path)
        check(uncached == first, 'cached and uncached bodies differ')
        status, _, _ = raw_get(reader, path, **{'If-None-Match': h1['etag']})
        check(status == 304, 'If-None-Match on a cached body: %d' % status)
        # Only the canonical spelling of the id names it (issue 11).
        status, _, _ = reader.request('GET', '/speakers/000%d' % pid)
        check(status == 404, '/speakers/000ID: %d' % status)

        # Another instance adds a report of the person: the next read shows it.
        status, _, b = post_text(writer, meeting('第二次', [person(1)]))
        check(status == 201, 'post b: %d' % status)
        status, h3, _ = raw_get(reader, path, **{'If-None-Match': h1['etag']})
        check(status == 200 and h3['etag'] != h1['etag'], 'stale 304 after a new report')
        _, doc = get_ok(reader, path)
        check(doc['report_count'] == 2 and len(doc['appearances']) == 2,
              'stale answer after a new report: %r' % doc['report_count'])
        _, _, fresh = raw_get(writer, path)
        _, _, cached = raw_get(reader, path)
        check(cached == fresh, 'cached body differs after a new report')

        # ... and deletes it: the answer is the first one again.
        status, _, _ = writer.request('DELETE', '/reports/%d' % b['id'])
        check(status == 204, 'DELETE b: %d' % status)
        _, h4, back = raw_get(reader, path)
        check(back == first and h4['etag'] == h1['etag'], 'answer after delete: %r' % back[:200])

        # A person whose last report goes is gone, however often it was read.
        raw_get(reader, '/speakers/%d' % other)
        status, _, _ = writer.request('DELETE', '/reports/%d' % a['id'])
        check(status == 204, 'DELETE a: %d' % status)
        status, _, doc = reader.json('GET', '/speakers/%d' % other)
        check_problem(status, doc, 404, 'not-found', 'speaker of a deleted report')
        finish(reader)
        finish(writer)


def case_report(podium):
    """GET /reports/{id}, with and without the text, from memory; a report
    deleted by another instance is 404 at once."""
    with FreshDatabase(require_db()) as db, \
            Server(podium, db.url) as reader, \
            Server(podium, db.url, PODIUM_CACHE_MB='0') as writer:
        status, _, a = post_text(writer, meeting('第一次', [person(1), person(2)]))
        check(status == 201, 'post a: %d' % status)
        path = '/reports/%d' % a['id']
        for variant in (path, path + '?include=text'):
            _, h1, first = raw_get(reader, variant)
            hits, misses = lookups(reader)
            _, h2, again = raw_get(reader, variant)
            check(lookups(reader) == (hits + 1, misses), '%s: not a cache hit' % variant)
            check(again == first and h2['etag'] == h1['etag'], '%s: cached body differs' % variant)
            _, _, uncached = raw_get(writer, variant)
            check(uncached == first, '%s: cached and uncached bodies differ' % variant)
            status, _, _ = raw_get(reader, variant, **{'If-None-Match': h1['etag']})
            check(status == 304, '%s: If-None-Match on a cached body: %d' % (variant, status))
        _, _, plain = raw_get(reader, path)
        _, _, full = raw_get(reader, path + '?include=text')
        check(b'"text":' in full and full != plain, 'include=text served the plain body')
        status, _, _ = writer.request('DELETE', path)
        check(status == 204, 'DELETE: %d' % status)
        for variant in (path, path + '?include=text'):
            status, _, doc = reader.json('GET', variant)
            check_problem(status, doc, 404, 'not-found', 'deleted report %s' % variant)
        finish(reader)
        finish(writer)


def case_bounded(podium):
    """A person in more reports than one answer shows: the latest 20
    appearances, newest first, the count of all, and every report through
    the link."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url) as srv:
        ids = []
        for i in range(23):
            status, _, rep = post_text(srv, meeting('第%d次' % i, [person(7)]))
            check(status == 201, 'post %d: %d' % (i, status))
            ids.append(rep['id'])
        pid = rep['people'][0]['person_id']
        _, doc = get_ok(srv, '/speakers/%d' % pid)
        shown = [a['report_id'] for a in doc['appearances']]
        check(doc['report_count'] == 23 and shown == ids[::-1][:20],
              'appearances %r of %d' % (shown, doc['report_count']))
        _, listed = get_ok(srv, doc['links']['reports'] + '&limit=100')
        check(sorted(r['id'] for r in listed['items']) == ids, 'links.reports: not every report')
        finish(srv)


if __name__ == '__main__':
    run({'speaker': case_speaker, 'report': case_report, 'bounded': case_bounded})
