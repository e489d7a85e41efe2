#!/usr/bin/env python3
"""How answers travel (issue 12): Cache-Control for each kind of answer,
ETags and 304 on lists, a 304 without "Content-Length: 0", gzip with its
threshold and Accept-Encoding weights, Idempotent-Replayed, the final
newline and ?pretty, and a page for every problem type.
Usage: test_transfer.py PODIUM CASE."""
import gzip
import http.client
import json
import os
import re

from podium_harness import FreshDatabase, Server, check, require_db, run
from test_api import (ROOT, check_problem, finish, fixtures, meeting, person, post_json,
                      post_text)

REVALIDATE = 'no-cache'
IMMUTABLE = 'max-age=86400, immutable'
GZIP_MIN = 1024


def get(srv, path, **headers):
    return srv.request('GET', path, headers=headers)


def vary_fields(headers):
    return [f.strip().lower() for f in headers.get('vary', '').split(',') if f.strip()]


def stored(srv, n):
    """Posts n small reports; returns their answers."""
    out = []
    for i in range(n):
        status, _, doc = post_text(srv, meeting('第%d届' % i, [person(i), person(i + 30)]))
        check(status == 201, 'post %d: %d %r' % (i, status, doc))
        out.append(doc)
    return out


def longest_fixture():
    return max((text for _, text in fixtures.written()), key=lambda t: len(t.encode('utf-8')))


def check_not_modified(srv, path, tag, plain_len, **headers):
    """If-None-Match with tag gives a 304 without Content-Length (nor
    chunked framing), after which the next request gets its answer whole."""
    conn = http.client.HTTPConnection('127.0.0.1', srv.port, timeout=30)
    try:
        conn.request('GET', path, headers=dict(headers, **{'If-None-Match': tag}))
        resp = conn.getresponse()
        resp.read()
        h = {k.lower(): v for k, v in resp.getheaders()}
        check(resp.status == 304, '%s with its ETag: %d' % (path, resp.status))
        check('content-length' not in h and 'transfer-encoding' not in h,
              '%s: 304 framed as if it had a body: %r' % (path, h))
        check(h.get('etag') == tag and 'cache-control' in h and 'content-type' not in h,
              '%s: 304 headers %r' % (path, h))
        # Nothing followed the 304's head: the next answer parses (on a new
        # connection, as the 304 closes its own: see server.c).
        conn.request('GET', path, headers=headers)
        resp = conn.getresponse()
        body = resp.read()
        check(resp.status == 200 and len(body) == plain_len,
              '%s: the answer after a 304 on the same connection: %d, %d bytes'
              % (path, resp.status, len(body)))
        return h
    finally:
        conn.close()


def case_headers(podium):
    """Cache-Control on every kind of answer; ETag and 304 on lists, and a
    list's tag changes with its data."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url) as srv:
        reports = stored(srv, 3)
        rid = reports[0]['id']
        pid = reports[0]['people'][0]['person_id']

        lists = ['/reports', '/speakers', '/recommendations', '/reports/%d/speakers' % rid,
                 '/reports/%d/recommendations' % rid, '/openapi.json']
        tags = {}
        for path in lists:
            status, h, body = get(srv, path)
            check(status == 200, '%s: %d' % (path, status))
            check(h.get('cache-control') == REVALIDATE, '%s: Cache-Control %r'
                  % (path, h.get('cache-control')))
            check(re.fullmatch(r'"[0-9a-f]{16}"', h.get('etag', '')) is not None,
                  '%s: ETag %r' % (path, h.get('etag')))
            tags[path] = h['etag']
            check_not_modified(srv, path, h['etag'], len(body))
            status, _, _ = get(srv, path, **{'If-None-Match': '"0000000000000000"'})
            check(status == 200, '%s: another tag gave %d' % (path, status))
            status, hh, head = srv.request('HEAD', path)
            check(status == 200 and head == b'' and hh.get('etag') == h['etag'] and
                  hh.get('content-length') == str(len(body)), '%s: HEAD %d %r' % (path, status, hh))

        # A single resource that changes with the data, and the stored reports.
        status, h, _ = get(srv, '/speakers/%d' % pid)
        check(status == 200 and h.get('cache-control') == REVALIDATE,
              'speaker: %d %r' % (status, h.get('cache-control')))
        for path in ('/reports/%d' % rid, '/reports/%d?include=text' % rid):
            status, h, body = get(srv, path)
            check(status == 200 and h.get('cache-control') == IMMUTABLE,
                  '%s: %d %r' % (path, status, h.get('cache-control')))
            check_not_modified(srv, path, h['etag'], len(body))
            status, h, body = get(srv, path)       # from the cache of single resources
            check(h.get('cache-control') == IMMUTABLE, '%s cached: %r' % (path, h))

        # A new report changes every list it appears in.
        stored_more = post_text(srv, meeting('新增', [person(77)]))
        check(stored_more[0] == 201, 'post: %d' % stored_more[0])
        for path in ('/reports', '/speakers', '/recommendations'):
            status, h, _ = get(srv, path, **{'If-None-Match': tags[path]})
            check(status == 200 and h.get('etag') != tags[path],
                  '%s after a new report: %d, tag %r' % (path, status, h.get('etag')))

        # Writes, problems and the operational endpoints are never kept.
        status, h, _ = post_text(srv, meeting('再来', [person(5)]))
        check(status == 201 and h.get('cache-control') == 'no-store', 'POST: %r' % h)
        status, h, _ = post_text(srv, meeting('再来', [person(5)]))
        check(status == 200 and h.get('cache-control') == 'no-store', 'POST again: %r' % h)
        for path in ('/reports?limit=0', '/reports/99999999', '/nowhere', '/healthz', '/readyz',
                     '/version', '/metrics'):
            status, h, _ = get(srv, path)
            check(h.get('cache-control') == 'no-store', '%s (%d): Cache-Control %r'
                  % (path, status, h.get('cache-control')))
        status, h, _ = srv.request('DELETE', '/reports/%d' % rid)
        check(status == 204 and h.get('cache-control') == 'no-store', 'DELETE: %d %r' % (status, h))
        status, h, doc = srv.json('GET', '/reports/%d' % rid)
        check_problem(status, doc, 404, 'not-found', 'deleted report')
        check(h.get('cache-control') == 'no-store', 'deleted report: %r' % h.get('cache-control'))
        finish(srv)


def case_gzip(podium):
    """gzip for a list, a report and openapi.json: the decompressed body is
    the plain one; small bodies go plain; Accept-Encoding weights count."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url) as srv:
        stored(srv, 8)
        status, _, doc = post_text(srv, longest_fixture())
        check(status == 201, 'post fixture: %d' % status)
        for path in ('/reports?limit=100', '/reports/%d?include=text' % doc['id'], '/openapi.json'):
            status, plain_h, plain = get(srv, path)
            check(status == 200 and len(plain) >= GZIP_MIN, '%s: %d, %d bytes'
                  % (path, status, len(plain)))
            check('content-encoding' not in plain_h, '%s: encoded unasked' % path)
            check('accept-encoding' in vary_fields(plain_h), '%s plain: Vary %r'
                  % (path, plain_h.get('vary')))
            status, h, packed = get(srv, path, **{'Accept-Encoding': 'gzip'})
            check(status == 200 and h.get('content-encoding') == 'gzip',
                  '%s: %d, Content-Encoding %r' % (path, status, h.get('content-encoding')))
            check('accept-encoding' in vary_fields(h), '%s: Vary %r' % (path, h.get('vary')))
            check(int(h['content-length']) == len(packed) < len(plain),
                  '%s: %d gzip bytes for %d' % (path, len(packed), len(plain)))
            check(gzip.decompress(packed) == plain, '%s: gzip body differs from the plain one'
                  % path)
            # The two are different representations: different tags, and each
            # revalidates only itself.
            check(h['etag'] != plain_h['etag'], '%s: gzip and plain share a tag' % path)
            check_not_modified(srv, path, h['etag'], len(packed), **{'Accept-Encoding': 'gzip'})
            status, _, _ = get(srv, path, **{'Accept-Encoding': 'gzip',
                                             'If-None-Match': plain_h['etag']})
            check(status == 200, '%s: the plain tag revalidated the gzip body' % path)
            status, hh, _ = srv.request('HEAD', path, headers={'Accept-Encoding': 'gzip'})
            check(hh.get('content-encoding') == 'gzip' and
                  hh.get('content-length') == str(len(packed)), '%s: HEAD %r' % (path, hh))

        # Which Accept-Encoding means gzip.
        path = '/openapi.json'
        for header, want in (('gzip', True), ('GZIP', True), ('x-gzip', True), ('*', True),
                             ('br, gzip;q=0.5', True), ('gzip; q=0.001', True),
                             ('gzip;q=0', False), ('gzip; Q=0.000', False), ('*;q=0', False),
                             ('gzip;q=0, *', False), ('identity', False), ('deflate, br', False),
                             ('', False)):
            _, h, body = get(srv, path, **{'Accept-Encoding': header})
            got = h.get('content-encoding') == 'gzip'
            check(got == want, 'Accept-Encoding %r: gzip %s, want %s' % (header, got, want))
            check(got or json.loads(body)['openapi'], 'Accept-Encoding %r: body' % header)

        # Below the threshold a body goes plain, without Vary.
        for path in ('/healthz', '/version', '/reports?limit=0'):
            _, h, body = get(srv, path, **{'Accept-Encoding': 'gzip'})
            check(len(body) < GZIP_MIN and 'content-encoding' not in h and
                  'accept-encoding' not in vary_fields(h), '%s: %r' % (path, h))
        finish(srv)

    # Vary names Origin and Accept-Encoding together when CORS is on.
    with FreshDatabase(require_db()) as db, \
            Server(podium, db.url, PODIUM_CORS_ORIGINS='https://app.example') as srv:
        _, h, _ = get(srv, '/openapi.json', **{'Accept-Encoding': 'gzip',
                                              'Origin': 'https://app.example'})
        check(set(vary_fields(h)) == {'origin', 'accept-encoding'}, 'Vary %r' % h.get('vary'))
        finish(srv)


def case_replay(podium):
    """A repeated Idempotency-Key answers the first answer, marked."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url) as srv:
        body = {'text': meeting('幂等', [person(3)])}
        first = post_json(srv, body, **{'Idempotency-Key': 'transfer-1'})
        check(first[0] == 201 and 'idempotent-replayed' not in first[1],
              'first: %d %r' % (first[0], first[1]))
        for _ in range(2):
            again = post_json(srv, body, **{'Idempotency-Key': 'transfer-1'})
            check(again[0] == 201 and again[2] == first[2], 'replay: %d' % again[0])
            check(again[1].get('idempotent-replayed') == 'true', 'replay headers: %r' % again[1])
            check(again[1].get('cache-control') == 'no-store', 'replay: %r' % again[1])
        # Without a key the same text is a plain 200, not a replay.
        plain = post_json(srv, body)
        check(plain[0] == 200 and 'idempotent-replayed' not in plain[1], 'no key: %r' % plain[1])
        finish(srv)


def without_id(body):
    """The body without the request id a problem carries, which differs
    from one request to the next."""
    return re.sub(rb'"request_id": ?"[^"]*"', b'"request_id":""', body)


def case_pretty(podium):
    """Every JSON answer ends with a newline; ?pretty indents the same
    document, under its own tag; a bad value is 400 naming pretty."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url) as srv:
        rid = stored(srv, 2)[0]['id']
        status, h, body = srv.request('POST', '/segment', body=meeting('分段', [person(1)]).encode(),
                                      headers={'Content-Type': 'text/plain'})
        check(status == 200 and body.endswith(b'}\n'), 'POST /segment: %r' % body[-20:])
        paths = ['/reports', '/reports/%d' % rid, '/reports/%d' % rid, '/speakers',
                 '/openapi.json', '/healthz', '/readyz', '/version', '/reports?limit=0', '/nowhere']
        for path in paths:
            status, h, body = get(srv, path)
            check(body.endswith(b'}\n') and body.count(b'\n') == 1,
                  '%s (%d): not one line ending with a newline: %r' % (path, status, body[-40:]))
            sep = '&' if '?' in path else '?'
            for value in ('1', 'true', ''):
                pretty_path = '%s%spretty%s' % (path, sep, '=' + value if value else '')
                pstatus, ph, pbody = get(srv, pretty_path)
                check(pstatus == status, '%s: %d, plain %d' % (pretty_path, pstatus, status))
                check(pbody.endswith(b'\n') and b'\n  "' in pbody,
                      '%s: not indented: %r' % (pretty_path, pbody[:80]))
                check(json.loads(without_id(pbody)) == json.loads(without_id(body)),
                      '%s: another document' % pretty_path)
                if 'etag' in h:
                    check(ph.get('etag') not in (None, h['etag']), '%s: tag %r' % (pretty_path, ph))
                    check_not_modified(srv, pretty_path, ph['etag'], len(pbody))
            for value in ('0', 'false'):
                _, _, same = get(srv, '%s%spretty=%s' % (path, sep, value))
                check(without_id(same) == without_id(body),
                      '%s pretty=%s is not the compact body' % (path, value))
        # pretty and gzip together.
        _, h, packed = get(srv, '/openapi.json?pretty=1', **{'Accept-Encoding': 'gzip'})
        _, _, plain = get(srv, '/openapi.json?pretty=1')
        check(h.get('content-encoding') == 'gzip' and gzip.decompress(packed) == plain and
              h['etag'].endswith('-pretty-gzip"'), 'pretty gzip: %r' % h)
        for path in ('/reports?pretty=2', '/reports/%d?pretty=yes' % rid, '/healthz?pretty=on'):
            status, _, doc = srv.json('GET', path)
            check_problem(status, doc, 400, 'invalid-parameter', path)
            check([e['field'] for e in doc.get('errors', [])] == ['pretty'], '%s: %r' % (path, doc))
        finish(srv)


def registry_slugs():
    text = open(os.path.join(ROOT, 'include', 'podium', 'error.h'), encoding='utf-8').read()
    rows = re.findall(r'X\((\w+),\s*(\d+),\s*"([a-z0-9-]+)",\s*"([^"]*)"\)', text)
    check(len(rows) > 10, 'error registry not found')
    return [(int(status), slug, title) for _, status, slug, title in rows if slug != 'none']


def case_problems(podium):
    """Every problem type of the registry resolves to a page that explains
    it, and the types the service answers point there."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url) as srv:
        explanations = set()
        for status, slug, title in registry_slugs():
            path = '/problems/' + slug
            got, h, body = get(srv, path)
            check(got == 200 and h.get('content-type') == 'text/html; charset=utf-8',
                  '%s: %d %r' % (path, got, h.get('content-type')))
            page = body.decode('utf-8')
            check('<h1>%s</h1>' % title in page, '%s: no title' % path)
            check('HTTP status %d.' % status in page, '%s: no status' % path)
            paragraphs = re.findall(r'<p>(.*?)</p>', page, re.S)
            check(len(paragraphs) == 3 and len(paragraphs[1]) > 40,
                  '%s: no explanation: %r' % (path, paragraphs))
            explanations.add(paragraphs[1])
            check(h.get('cache-control') == 'max-age=86400' and 'etag' in h, '%s: %r' % (path, h))
            check_not_modified(srv, path, h['etag'], len(body))
        check(len(explanations) == len(registry_slugs()), 'two problems share an explanation')

        # The types in real answers resolve.
        for method, path in (('GET', '/reports/0'), ('GET', '/reports?limit=x'),
                             ('PUT', '/reports'), ('GET', '/problems/none'),
                             ('GET', '/problems/no-such-problem')):
            status, _, doc = srv.json(method, path)
            check(status >= 400 and doc['type'].startswith('/problems/'), '%s: %r' % (path, doc))
            got, _, _ = get(srv, doc['type'])
            check(got == 200, '%s: its type %s answers %d' % (path, doc['type'], got))
        status, _, doc = srv.json('GET', '/problems/no-such-problem')
        check_problem(status, doc, 404, 'not-found', 'unknown problem type')
        status, _, doc = srv.json('GET', '/problems/not-found?x=1')
        check_problem(status, doc, 400, 'invalid-parameter', 'problem page with a parameter')
        finish(srv)


if __name__ == '__main__':
    run({'headers': case_headers, 'gzip': case_gzip, 'replay': case_replay,
         'pretty': case_pretty, 'problems': case_problems})
