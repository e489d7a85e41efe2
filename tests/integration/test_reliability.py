#!/usr/bin/env python3
"""Reliability and security (issue 5): exposure without a token, hostile
input, database faults, slow clients, connection limits, shutdown while
writers are busy. The real `podium serve` against the harness PostgreSQL.
Usage: test_reliability.py PODIUM CASE.  The reports posted are the
project's own fixtures (tests/fixtures)."""
import http.client
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
import urllib.parse

from podium_harness import (FreshDatabase, PG_HARNESS, Server, TestFailure, check,
                            check_problem, count, podium_env, psql, raw_connect,
                            read_response_head, require_db, run)

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'fixtures'))
import podium_fixtures as fixtures  # noqa: E402  (found through the path set just above)

TEXT = {'Content-Type': 'text/plain; charset=utf-8'}
JSON = {'Content-Type': 'application/json'}
# A small report in the shape the segmenter reads, written for these tests.
MEETING = ('科技创新研讨会在南京举行。南京大学教授李明、东南大学教授王芳出席会议。\n'
           '李明表示，要推动科技成果转化；要加强人才培养。\n'
           '王芳指出，应当完善产业政策。\n')


def report_texts():
    """Every fixture report, as many and as varied as the development corpus."""
    texts = [text for _, text in fixtures.reports()]
    check(len(texts) >= 70, 'only %d fixture reports' % len(texts))
    return texts


def field_named(doc, field, what):
    fields = [e.get('field') for e in doc.get('errors', [])]
    check(field in fields or field in doc.get('detail', ''),
          '%s: the problem does not name %r: %r' % (what, field, doc))


def stored_rows(db):
    """Rows of every table a report writes: none may stay behind a failure."""
    return {t: count(db, t) for t in ('reports', 'appearances', 'remarks', 'recommendations')}


def shape(doc):
    """What must match between a report as answered, as stored and as segmented."""
    people = doc.get('people', [])
    return (len(people), sum(len(p.get('remarks', [])) for p in people),
            sum(len(p.get('recommendations', [])) for p in people))


def case_exposure(podium):
    """No token and an address other machines can reach: refused, unless
    PODIUM_ALLOW_OPEN=1 says so. Nothing here listens off loopback: the
    accepted cases use an address this machine does not have."""
    def serve(listen, **env):
        env.setdefault('PODIUM_MIGRATE', '0')
        return subprocess.run([podium, 'serve', '--listen', listen], env=podium_env(None, **env),
                              capture_output=True, text=True, timeout=60)

    for listen in ('0.0.0.0:0', '[::]:0', '192.0.2.1:0', '[::ffff:10.0.0.1]:0'):
        out = serve(listen)
        lines = out.stderr.strip().splitlines()
        check(out.returncode == 2, '%s without a token: exit %d' % (listen, out.returncode))
        check(len(lines) == 1 and 'PODIUM_API_TOKEN' in lines[0] and
              'PODIUM_ALLOW_OPEN' in lines[0], '%s: unclear refusal %r' % (listen, out.stderr))
    # TEST-NET-1 is not an address of this machine: the bind fails (exit 1),
    # which shows the exposure check let it through.
    for env in ({'PODIUM_ALLOW_OPEN': '1'}, {'PODIUM_API_TOKEN': 't0ken-0123456789'}):
        out = serve('192.0.2.1:0', **env)
        check(out.returncode == 1 and 'cannot listen' in out.stderr,
              '%r off loopback: exit %d %r' % (env, out.returncode, out.stderr))
    for var, value in (('PODIUM_ALLOW_OPEN', 'yes'), ('PODIUM_MAX_CONNECTIONS', '0'),
                       ('PODIUM_MAX_CONNECTIONS_PER_IP', '-1'), ('PODIUM_CONN_TIMEOUT', '0'),
                       ('PODIUM_CONN_TIMEOUT', '10s'), ('PODIUM_DB_TIMEOUT', '99999')):
        out = serve('127.0.0.1:0', **{var: value})
        lines = out.stderr.strip().splitlines()
        check(out.returncode == 2 and len(lines) == 1 and var in lines[0],
              '%s=%s: exit %d %r' % (var, value, out.returncode, out.stderr))
    out = serve('127.0.0.1:0', PODIUM_THREADS='4', PODIUM_MAX_CONNECTIONS='2')
    check(out.returncode != 0 and 'PODIUM_MAX_CONNECTIONS' in out.stderr,
          'fewer connections than threads: %d %r' % (out.returncode, out.stderr))


def case_auth(podium):
    """The token guards writes, reads stay open, and the token never reaches
    the logs, right or wrong."""
    token, wrong = 'tok-7f3a9c1e5b4d2a80', 'tok-7f3a9c1e5b4d2a8X'
    with FreshDatabase(require_db()) as db, \
            Server(podium, db.url, PODIUM_API_TOKEN=token, PODIUM_LOG='debug') as srv:
        for auth in (None, 'Bearer ' + wrong, 'Bearer ' + token[:-1], 'Bearer ' + token + 'x',
                     'bearer', token, 'Bearer  ' + token):
            headers = dict(TEXT)
            if auth is not None:
                headers['Authorization'] = auth
            answer = srv.json('POST', '/reports', body=MEETING.encode(), headers=headers)
            check_problem(answer, 401, 'unauthorized', 'POST with %r' % auth)
            check(answer[1].get('www-authenticate', '').startswith('Bearer'),
                  '401 without WWW-Authenticate: Bearer')
        check(count(db, 'reports') == 0, 'an unauthorised write was stored')
        status, headers, doc = srv.json('POST', '/reports', body=MEETING.encode(),
                                        headers=dict(TEXT, Authorization='Bearer ' + token))
        check(status == 201, 'the right token: %d %r' % (status, doc))
        stored = urllib.parse.urlsplit(headers['location']).path
        for path in ('/reports', stored, '/speakers', '/healthz'):
            check(srv.json('GET', path)[0] == 200, 'GET %s needs a token' % path)
        check(srv.request('OPTIONS', '/reports')[0] == 204, 'OPTIONS needs a token')
        answer = srv.json('DELETE', stored)
        check_problem(answer, 401, 'unauthorized', 'DELETE without a token')
        check(srv.stop() == 0, 'exit status is not 0')
        logs = '\n'.join(srv.lines)
        check(token not in logs and wrong not in logs, 'a token was written to the log')


def raw_request(srv, data, timeout=30):
    """Sends raw bytes, returns (status, head, body bytes) of the answer."""
    sock = raw_connect(srv.port, timeout=timeout)
    chunks = []
    try:
        try:
            sock.sendall(data)
        except OSError:
            pass                              # answered and closed before all was sent
        while True:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:     # closed with our bytes unread: the answer came first
                break
            if not chunk:
                break
            chunks.append(chunk)
            whole = b''.join(chunks)
            if b'\r\n\r\n' in whole:
                head, body = whole.split(b'\r\n\r\n', 1)
                length = [l for l in head.decode('latin-1').lower().split('\r\n')
                          if l.startswith('content-length:')]
                if length and len(body) >= int(length[0].split(':')[1]):
                    break
    finally:
        sock.close()
    whole = b''.join(chunks)
    check(whole.startswith(b'HTTP/1.1 '), 'no HTTP answer to %r: %r' % (data[:80], whole[:200]))
    head, _, body = whole.partition(b'\r\n\r\n')
    return int(head.split()[1]), head.decode('latin-1'), body


def case_bad_input(podium):
    """Every kind of bad input gets a precise problem, nothing is stored and
    the server keeps serving; injection-looking text is data."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url, PODIUM_MAX_BODY=65536) as srv:
        post = lambda body, headers=TEXT, path='/reports': srv.json('POST', path, body=body,
                                                                    headers=headers)
        # Text that is not UTF-8: the byte offset of the first bad byte.
        doc = check_problem(post('研讨会'.encode() + b'\xc3\x28 rest'), 400, 'invalid-utf8',
                            'invalid UTF-8')
        check('9' in doc.get('detail', ''), 'no byte offset in %r' % doc.get('detail'))
        # jansson itself refuses \u0000 in a string, naming it.
        doc = check_problem(post(json.dumps({'text': 'ab\u0000cd'}).encode(), JSON), 400,
                            'invalid-json', 'NUL in JSON text')
        check('u0000' in doc.get('detail', ''), 'NUL not named: %r' % doc)
        check_problem(post(b'abc\x00def'), 400, 'invalid-field', 'NUL in a text body')
        for body in (b'', b' \t\r\n \n', '\u3000\n'.encode()):
            check_problem(post(body), 422, 'unprocessable', 'empty text %r' % body)
        check_problem(post(json.dumps({'text': ' \n '}).encode(), JSON), 422, 'unprocessable',
                      'whitespace-only JSON text')
        # Over the limit, announced and chunked.
        check_problem(post(b'a' * 65537), 413, 'body-too-large', 'Content-Length over the limit')
        status, _, _ = raw_request(srv, b'POST /reports HTTP/1.1\r\nHost: t\r\n'
                                   b'Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n'
                                   + (b'8000\r\n' + b'x' * 0x8000 + b'\r\n') * 3 + b'0\r\n\r\n')
        check(status == 413, 'chunked body over the limit: %d' % status)
        # Content types.
        for ct in (None, 'text/html', 'application/x-www-form-urlencoded', 'multipart/form-data',
                   'text/plain; charset=iso-8859-1', 'application/jsonx', ''):
            headers = {} if ct is None else {'Content-Type': ct}
            doc = check_problem(post(MEETING.encode(), headers), 415, 'unsupported-media-type',
                                'Content-Type %r' % ct)
        # JSON that is broken, of the wrong shape or the wrong types.
        for body in (b'{', b'{"text": "a",}', b'{"text": "a"} x', b"{'text': 'a'}", b'nul',
                     b'{"text": "\\ud800"}', b'{"text": "a\xff"}'):
            check_problem(post(body, JSON), 400, 'invalid-json', 'malformed JSON %r' % body)
        for body, field in ((b'[]', '(body)'), (b'"text"', '(body)'), (b'42', '(body)'),
                            (b'{}', 'text'), (b'{"text": 5}', 'text'), (b'{"text": null}', 'text'),
                            (b'{"text": ["a"]}', 'text'), (b'{"text": {"a": 1}}', 'text'),
                            (b'{"text": true}', 'text'), (b'{"text": "a", "title": 7}', 'title'),
                            (b'{"text": "a", "url": []}', 'url'),
                            (b'{"text": "a", "published_at": "2024-02-30"}', 'published_at'),
                            (b'{"text": "a", "published_at": 1e999}', 'published_at'),
                            (b'{"text": "a", "metadata": "x"}', 'metadata'),
                            (b'{"text": "a", "extra": 1}', 'extra')):
            answer = post(body, JSON)
            if answer[0] == 400 and answer[2].get('code') == 'invalid-json':
                continue                     # jansson may refuse a number before the shape
            doc = check_problem(answer, 400, 'invalid-field', 'JSON %r' % body)
            field_named(doc, field, 'JSON %r' % body)
        for body in (b'{"text": 1' + b'0' * 400 + b'}', b'{"text": "a", "n": 1e400}',
                     b'{"text": "a", "n": -99999999999999999999999999}'):
            check(post(body, JSON)[0] == 400, 'huge number %r... accepted' % body[:20])
        deep = b'{"text": "a", "metadata": ' + b'[' * 5000 + b']' * 5000 + b'}'
        check(post(deep, JSON)[0] == 400, 'deeply nested JSON accepted')
        deep = b'{"text": "a", "metadata": ' + b'{"a":' * 3000 + b'1' + b'}' * 3001
        check(post(deep, JSON)[0] == 400, 'deeply nested objects accepted')
        doc = check_problem(post(b'{"text": "a", "text": "b"}', JSON), 400, 'invalid-json',
                            'duplicate keys')
        check('text' in doc.get('detail', ''), 'duplicate key not named: %r' % doc)
        # Ids and list parameters.
        for path in ('/reports/0', '/reports/-1', '/reports/abc', '/reports/1.5', '/reports/0x10',
                     '/reports/99999999999999999999', '/reports/%201', '/speakers/1e3',
                     '/reports/12345678901', '/reports/1/speakers/2'):
            status, _, _ = srv.json('GET', path)
            check(status == 404, 'GET %s: %d' % (path, status))
        for query, name in (('limit=0', 'limit'), ('limit=101', 'limit'), ('limit=-1', 'limit'),
                            ('limit=abc', 'limit'), ('limit=1e2', 'limit'), ('limit=', 'limit'),
                            ('limit=99999999999999999999', 'limit'), ('cursor=abc', 'cursor'),
                            ('cursor=AAAA', 'cursor'), ('cursor=%FF%FE', 'cursor'),
                            ('cursor=' + 'A' * 5000, 'cursor'), ('since=yesterday', 'since'),
                            ('since=2024-13-01', 'since'), ('until=2024-02-30', 'until'),
                            ('until=2024-01-01T25:00:00Z', 'until'), ('colour=red', 'colour'),
                            ('since=2024-01-01%00', 'since')):
            for path in ('/reports', '/speakers', '/recommendations'):
                if name in ('since', 'until') and path != '/reports':
                    continue
                answer = srv.json('GET', '%s?%s' % (path, query))
                doc = check_problem(answer, 400, 'invalid-parameter', 'GET %s?%s' % (path, query))
                field_named(doc, name, 'GET %s?%s' % (path, query))
        # Query values that are not UTF-8 are refused before they reach
        # PostgreSQL (which would answer 22021, a 500), naming the field.
        for path, name in (('/reports', 'q'), ('/speakers', 'q'), ('/recommendations', 'q'),
                           ('/recommendations', 'speaker')):
            what = 'GET %s?%s=%%FF' % (path, name)
            doc = check_problem(srv.json('GET', '%s?%s=%%FF' % (path, name)), 400,
                                'invalid-parameter', what)
            check(name in [e.get('field') for e in doc.get('errors', [])],
                  '%s: errors do not name %r: %r' % (what, name, doc))
        check(srv.json('GET', '/reports?q=%C3%A9')[0] == 200, 'valid UTF-8 in q refused')
        # The cursor of one list is refused by another.
        for i in range(3):
            post(MEETING.replace('南京', '南京%d' % i).encode())
        status, _, doc = srv.json('GET', '/reports?limit=1')
        check(status == 200 and doc['next'], 'no next cursor: %r' % doc)
        answer = srv.json('GET', '/recommendations?cursor=' + doc['next'])
        check_problem(answer, 400, 'invalid-parameter', 'a /reports cursor on /recommendations')
        psql(db.url, 'TRUNCATE reports CASCADE')
        # Hostile request ids are replaced, never echoed.
        for bad in ('x' * 10000, 'a\tb', '<script>', 'id\u00e9'.encode('utf-8').decode('latin-1')):
            status, headers, _ = srv.json('GET', '/healthz', headers={'X-Request-Id': bad})
            check(status == 200 and headers['x-request-id'] != bad and
                  len(headers['x-request-id']) <= 64, 'request id %r kept' % bad[:20])
        # Header floods: too many or too large headers are refused, not buffered.
        flood = b''.join(b'X-Flood-%d: %s\r\n' % (i, b'v' * 100) for i in range(2000))
        status, _, _ = raw_request(srv, b'GET /healthz HTTP/1.1\r\nHost: t\r\n' + flood + b'\r\n')
        check(status in (413, 431), 'header flood: %d' % status)
        status, _, _ = raw_request(srv, b'GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: ' +
                                   b'b' * 100000 + b'\r\n\r\n')
        check(status in (413, 431), 'one huge header: %d' % status)
        # Paths: encoded garbage and dot segments reach no file and no route.
        for path in (b'/reports/..', b'/reports/../healthz', b'/reports/%2e%2e/1', b'/..%2f..%2fetc',
                     b'/reports/%00', b'/reports/%zz', b'/reports/%', b'/%ff%fe', b'/reports//1',
                     b'/' + b'a/' * 500, b'/reports/1%0d%0aX-Evil:%201'):
            status, head, body = raw_request(srv, b'GET ' + path + b' HTTP/1.1\r\nHost: t\r\n\r\n')
            check(status in (400, 404), 'GET %r: %d' % (path, status))
            check('x-evil' not in head.lower(), 'header injected through %r' % path)
        check(stored_rows(db) == dict.fromkeys(stored_rows(db), 0), 'refused input was stored')

        # Injection-looking text is stored and answered byte for byte.
        hostile = ("李明表示，要推动'); DROP TABLE reports; -- 改革。\n"
                   '<script>alert(1)</script> %s %n %% \\x00 ${jndi:ldap://x} {{7*7}} ../../etc\n'
                   + MEETING)
        status, headers, doc = post(json.dumps({'text': hostile, 'title': "t'; DELETE FROM people;--",
                                                'metadata': {'$where': '1==1', 'k': '<b>'}}).encode(),
                                    JSON)
        check(status == 201, 'hostile-looking report: %d %r' % (status, doc))
        status, _, got = srv.json('GET', urllib.parse.urlsplit(headers['location']).path +
                                  '?include=text')
        check(status == 200 and got['text'] == hostile and
              got.get('title') == "t'; DELETE FROM people;--", 'the text came back altered')
        status, _, found = srv.json('GET', '/reports?q=' + '%27%29%3B%20DROP%20TABLE')
        check(status == 200 and len(found['items']) == 1, 'search for SQL-looking text: %r' % found)
        check(count(db, 'reports') == 1, 'reports table harmed')
        check(srv.json('GET', '/healthz')[0] == 200, 'server unwell after bad input')
        check(srv.stop() == 0, 'exit status is not 0')
        # Answers the server gives before routing (the early 413, a bad query
        # parameter) carry the same CORS headers as routed ones.
        origin = 'https://app.example'
        with Server(podium, db.url, PODIUM_MAX_BODY=65536,
                    PODIUM_CORS_ORIGINS='https://other.example, ' + origin) as srv:
            for what, want, answer in (
                    ('early 413', 413, srv.json('POST', '/reports', body=b'a' * 65537,
                                                    headers=dict(TEXT, Origin=origin))),
                    ('q=%FF', 400, srv.json('GET', '/reports?q=%FF', headers={'Origin': origin})),
                    ('q=%00', 400, srv.json('GET', '/reports?q=a%00', headers={'Origin': origin}))):
                status, headers, _ = answer
                check(status == want, '%s with CORS: %d' % (what, status))
                check(headers.get('access-control-allow-origin') == origin,
                      '%s: no Access-Control-Allow-Origin: %r' % (what, headers))
                check('Origin' in headers.get('vary', ''), '%s: no Vary: Origin: %r' % (what, headers))
                check('X-Request-Id' in headers.get('access-control-expose-headers', ''),
                      '%s: no Access-Control-Expose-Headers: %r' % (what, headers))
            check(srv.stop() == 0, 'exit status is not 0')


def in_harness():
    if not os.environ.get('PODIUM_PG_HARNESS'):
        check(not os.environ.get('CI'), 'CI run without the PostgreSQL harness')
        print('not inside tests/pg_harness.sh: cannot stop PostgreSQL, skipping')
        raise SystemExit(77)


def case_db_down(podium):
    """PostgreSQL stopped under a running server: writes and reads answer 503
    with Retry-After in bounded time, liveness stays up, readiness goes down;
    once PostgreSQL is back writes work again without a restart."""
    in_harness()
    with FreshDatabase(require_db()) as db, Server(podium, db.url) as srv:
        check(srv.json('POST', '/reports', body=MEETING.encode(), headers=TEXT)[0] == 201,
              'first write')
        subprocess.run(['sh', PG_HARNESS, '--stop'], check=True, timeout=120)
        try:
            srv.wait_status('/readyz', 503)
            for method, path, body in (('POST', '/reports', MEETING.replace('南京', '上海')),
                                       ('GET', '/reports/1', None), ('GET', '/speakers', None),
                                       ('DELETE', '/reports/1', None)):
                started = time.monotonic()
                answer = srv.json(method, path, body=body and body.encode(), headers=TEXT)
                check_problem(answer, 503, 'database-unavailable', '%s %s' % (method, path))
                check(answer[1].get('retry-after', '').isdigit(), '503 without Retry-After')
                check(time.monotonic() - started < 20, '%s %s took too long' % (method, path))
            check(srv.json('GET', '/healthz')[0] == 200, '/healthz depends on the database')
            check(srv.json('POST', '/segment', body=MEETING.encode(), headers=TEXT)[0] == 200,
                  '/segment depends on the database')
        finally:
            subprocess.run(['sh', PG_HARNESS, '--start'], check=True, timeout=120)
        srv.wait_status('/readyz', 200, timeout=60)
        deadline = time.monotonic() + 60
        while True:                          # each worker reconnects on its next request
            status, _, doc = srv.json('POST', '/reports', body=MEETING.replace('南京', '上海').encode(),
                                      headers=TEXT)
            if status in (200, 201):
                break
            check(time.monotonic() < deadline, 'writes did not recover: %d %r' % (status, doc))
            time.sleep(0.5)
        check(count(db, 'reports') == 2, 'reports after recovery: %d' % count(db, 'reports'))
        check(srv.stop() == 0, 'exit status is not 0')


def case_db_timeout(podium):
    """A statement stuck behind a lock is cut by PODIUM_DB_TIMEOUT: 503 with
    Retry-After, no rows left behind, and the server recovers at once."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url, PODIUM_DB_TIMEOUT=2) as srv:
        psql_bin = psql.__globals__['psql_path']()
        holder = subprocess.Popen([psql_bin, '-X', '-q', '-d', db.url, '-c',
                                   'BEGIN; LOCK TABLE reports IN ACCESS EXCLUSIVE MODE; '
                                   'SELECT pg_sleep(60); COMMIT;'],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 30
            while psql(db.url, "SELECT count(*) FROM pg_locks WHERE mode = 'AccessExclusiveLock'"
                               " AND relation = 'reports'::regclass")[0] == '0':
                check(time.monotonic() < deadline, 'the lock was never taken')
                time.sleep(0.2)
            for method, path, body in (('POST', '/reports', MEETING), ('GET', '/reports', None)):
                started = time.monotonic()
                answer = srv.json(method, path, body=body and body.encode(), headers=TEXT,
                                  timeout=60)
                took = time.monotonic() - started
                check_problem(answer, 503, 'database-unavailable', '%s %s behind a lock'
                              % (method, path))
                check(answer[1].get('retry-after'), '503 without Retry-After')
                check(1.5 < took < 20, '%s %s answered after %.1f s' % (method, path, took))
        finally:
            holder.kill()
            holder.wait()
        psql(db.url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                     " WHERE query LIKE '%pg_sleep(60)%' AND pid <> pg_backend_pid()")
        check(stored_rows(db) == dict.fromkeys(stored_rows(db), 0), 'a cut write left rows')
        status, _, doc = srv.json('POST', '/reports', body=MEETING.encode(), headers=TEXT)
        check(status == 201, 'write after the lock went away: %d %r' % (status, doc))
        check(srv.stop() == 0, 'exit status is not 0')


FAULT_FUNCTION = """
CREATE FUNCTION podium_test_fault() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_ARGV[0] = 'kill' THEN
    PERFORM pg_terminate_backend(pg_backend_pid());
  END IF;
  RAISE EXCEPTION 'injected fault';
END $$;
"""


def case_tx_fault(podium):
    """A report whose transaction fails after its first rows were written
    answers an error and leaves nothing: the report, people, appearances
    and remarks written before the failure are rolled back with it."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url) as srv:
        psql(db.url, FAULT_FUNCTION)
        for mode, status in (('raise', 500), ('kill', 503)):
            psql(db.url, 'CREATE TRIGGER fault BEFORE INSERT ON recommendations FOR EACH ROW'
                         " EXECUTE FUNCTION podium_test_fault('%s')" % mode)
            answer = srv.json('POST', '/reports', body=MEETING.encode(), headers=TEXT)
            check(answer[0] == status and answer[2].get('status') == status,
                  '%s fault: %d %r' % (mode, answer[0], answer[2]))
            rows = stored_rows(db)
            check(rows == dict.fromkeys(rows, 0), '%s fault left rows: %r' % (mode, rows))
            psql(db.url, 'DROP TRIGGER fault ON recommendations')
        status, _, doc = srv.json('POST', '/reports', body=MEETING.encode(), headers=TEXT)
        check(status == 201 and shape(doc)[2] >= 2, 'write after the faults: %d %r' % (status, doc))
        check(srv.stop() == 0, 'exit status is not 0')


def case_slow_client(podium):
    """A client sending a byte a second is cut by PODIUM_CONN_TIMEOUT, in the
    headers and in the body, while others are served."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url, PODIUM_CONN_TIMEOUT=2) as srv:
        requests = (b'GET /healthz HTTP/1.1\r\nHost: t\r\nX-Slow: ' + b'z' * 60 + b'\r\n\r\n',
                    b'POST /segment HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\n'
                    b'Content-Length: 60\r\n\r\n' + b'z' * 60)
        for data in requests:
            head_len = data.index(b'\r\n') if data.startswith(b'GET') else data.index(b'\r\n\r\n') + 4
            sock = raw_connect(srv.port, timeout=30)
            sock.sendall(data[:head_len])
            started = time.monotonic()
            cut = False
            for byte in data[head_len:]:
                try:
                    sock.sendall(bytes([byte]))
                    # Look without waiting: a wait would itself be the
                    # inactivity libmicrohttpd's own timeout cuts.
                    if select.select([sock], [], [], 0)[0]:
                        cut = sock.recv(1) == b''     # b'H...' would be an answer
                        break
                except OSError:
                    cut = True
                    break
                check(srv.json('GET', '/healthz', timeout=10)[0] == 200, 'others starved')
                time.sleep(1)
            took = time.monotonic() - started
            sock.close()
            check(cut, 'a byte-a-second client was never cut (%r...)' % data[:20])
            check(took < 15, 'cut only after %.1f s' % took)
        status, _, text = srv.request('GET', '/metrics')
        cut = [l for l in text.decode().splitlines()
               if l.startswith('podium_http_connections_cut_total ')]
        check(cut and int(cut[0].split()[1]) >= len(requests), 'cuts not counted: %r' % cut)
        # A client that is merely quick is not affected.
        conn = http.client.HTTPConnection('127.0.0.1', srv.port, timeout=30)
        for _ in range(3):
            conn.request('GET', '/healthz')
            check(conn.getresponse().read() != b'', 'keep-alive request failed')
            time.sleep(0.5)
        conn.close()
        check(srv.stop() == 0, 'exit status is not 0')


def held_open(port, n):
    """n connections that have each been served once and are kept alive."""
    socks = []
    for _ in range(n):
        s = raw_connect(port)
        s.sendall(b'GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n')
        check(read_response_head(s)[0] == 200, 'a connection under the limit was refused')
        socks.append(s)
    return socks


def refused(port):
    """True when the server does not serve a new connection: closed at once
    (per-IP limit) or left in the listen backlog (overall limit)."""
    try:
        s = raw_connect(port, timeout=5)
        s.sendall(b'GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n')
        data = s.recv(64)
        s.close()
        return data == b''
    except OSError:
        return True


def case_conn_limits(podium):
    """PODIUM_MAX_CONNECTIONS_PER_IP and PODIUM_MAX_CONNECTIONS."""
    with FreshDatabase(require_db()) as db:
        for env in ({'PODIUM_MAX_CONNECTIONS_PER_IP': 3}, {'PODIUM_MAX_CONNECTIONS': 3}):
            with Server(podium, db.url, PODIUM_THREADS=1, **env) as srv:
                socks = held_open(srv.port, 3)
                check(refused(srv.port), 'a fourth connection was served with %r' % env)
                socks.pop().close()
                deadline = time.monotonic() + 20
                while True:                  # the server notices the close on its next poll
                    try:
                        socks += held_open(srv.port, 1)
                        break
                    except (TestFailure, OSError):
                        check(time.monotonic() < deadline, 'a freed slot was not reused')
                        time.sleep(0.2)
                for s in socks:
                    s.close()
                check(srv.stop() == 0, 'exit status is not 0')


def case_shutdown_load(podium):
    """SIGTERM while 32 clients post distinct reports: every 201 is stored
    with all its rows, nothing is half-written, exit 0 within the drain bound."""
    texts = report_texts()
    with FreshDatabase(require_db()) as db:
        with Server(podium, db.url, PODIUM_THREADS=8) as srv:
            acked, errors, lock = {}, [], threading.Lock()
            stop = threading.Event()

            def client(k):
                n = 0
                while not stop.is_set() and n < 200:
                    text = '%s\n第%d-%d号\n' % (texts[(k + n) % len(texts)], k, n)
                    n += 1
                    try:
                        status, headers, doc = srv.json('POST', '/reports', body=text.encode(),
                                                        headers=TEXT, timeout=60)
                    except (OSError, http.client.HTTPException):
                        continue             # refused or cut by the shutdown: not acknowledged
                    except TestFailure as e:
                        errors.append(str(e))
                        continue
                    if status == 201:
                        with lock:
                            acked[doc['id']] = (text, shape(doc))
                    elif status != 503:
                        errors.append('%d %r' % (status, doc))
            threads = [threading.Thread(target=client, args=(k,)) for k in range(32)]
            for t in threads:
                t.start()
            deadline = time.monotonic() + 120
            while len(acked) < 64:
                check(time.monotonic() < deadline and all(t.is_alive() for t in threads),
                      'only %d reports stored before the shutdown: %r' % (len(acked), errors[:3]))
                time.sleep(0.1)
            signalled = time.monotonic()
            srv.proc.send_signal(signal.SIGTERM)
            status = srv.stop(timeout=60)
            took = time.monotonic() - signalled
            stop.set()
            for t in threads:
                t.join(120)
            check(status == 0, 'exit status %d after SIGTERM under load' % status)
            check(took < 9 + 10, 'exit %.1f s after SIGTERM, beyond the drain bound' % took)
            check(not errors, 'unexpected answers: %r' % errors[:5])
        stored = {int(r.split('|')[0]): r.split('|')[1] for r in
                  psql(db.url, 'SELECT id, encode(text_sha256, \'hex\') FROM reports')}
        missing = sorted(set(acked) - set(stored))
        check(not missing, 'acknowledged but not stored: %r' % missing[:10])
        # Read every stored report back and compare it with the answer its
        # writer got and with a fresh segmentation of its text.
        with Server(podium, db.url) as srv:
            for rid in stored:
                status, _, doc = srv.json('GET', '/reports/%d?include=text' % rid)
                check(status == 200, 'GET /reports/%d: %d' % (rid, status))
                status, _, seg = srv.json('POST', '/segment', body=doc['text'].encode(),
                                          headers=TEXT)
                check(status == 200, 'segment of report %d: %d' % (rid, status))
                check(shape(doc) == shape(seg), 'report %d half-written: %r stored, %r segmented'
                      % (rid, shape(doc), shape(seg)))
                if rid in acked:
                    check(doc['text'] == acked[rid][0] and shape(doc) == acked[rid][1],
                          'report %d differs from its 201 answer' % rid)
            check(srv.stop() == 0, 'exit status is not 0')
        print('%d acknowledged, %d stored, exit after %.1f s' % (len(acked), len(stored), took))


if __name__ == '__main__':
    run({'exposure': case_exposure, 'auth': case_auth, 'bad-input': case_bad_input,
         'db-down': case_db_down, 'db-timeout': case_db_timeout, 'tx-fault': case_tx_fault,
         'slow-client': case_slow_client, 'conn-limits': case_conn_limits,
         'shutdown-load': case_shutdown_load})
