#!/usr/bin/env python3
"""Holes found by attacking the running service (issue 11): cross-site
writes, the Idempotency-Key race, one address holding every connection,
conflicting Content-Length and oversize requests, weak tokens, IPv4-mapped
listen addresses, database messages in answers, unsafe urls, repeated
metric series and non-canonical ids. The real `podium serve`.
Usage: test_hardening.py PODIUM CASE."""
import http.client
import json
import re
import socket
import subprocess
import threading
import time
import urllib.parse

from podium_harness import (FreshDatabase, Server, check, check_problem, count, parse_log,
                            podium_env, psql, psql_path as psql_bin, require_db, run)

TEXT = {'Content-Type': 'text/plain; charset=utf-8'}
JSON = {'Content-Type': 'application/json'}
# Short reports in the genre's shape, written for these tests.
FORUM = ('数字经济论坛在苏州召开。苏州大学教授陈立、江南大学研究员周敏出席论坛。\n'
         '陈立表示，要加快数据要素市场建设；要完善平台治理规则。\n'
         '周敏指出，应当支持中小企业数字化转型。\n')


def forum(n):
    """A distinct report for each n."""
    return FORUM + '（第%d场）\n' % n


def raw_exchange(port, data, source='127.0.0.1', timeout=10):
    """Sends raw bytes, returns everything the server answers until it closes."""
    sock = socket.create_connection(('127.0.0.1', port), timeout=timeout,
                                    source_address=(source, 0))
    try:
        sock.sendall(data)
        out = b''
        while True:
            try:
                chunk = sock.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            out += chunk
        return out
    finally:
        sock.close()


def parse_raw(data, what):
    """(status, lower-case headers, JSON body) of one raw HTTP/1.1 answer."""
    check(data.startswith(b'HTTP/1.1 '), '%s: no HTTP answer: %r' % (what, data[:200]))
    head, _, body = data.partition(b'\r\n\r\n')
    lines = head.decode('latin-1').split('\r\n')
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(':')
        headers[name.strip().lower()] = value.strip()
    try:
        doc = json.loads(body[:int(headers.get('content-length', len(body)))])
    except ValueError:
        doc = None
    check(isinstance(doc, dict), '%s: body is not a JSON object: %r' % (what, body[:200]))
    return int(lines[0].split()[1]), headers, doc


def case_cross_site(podium):
    """A page on another site may not write: POST and DELETE whose Origin is
    neither this server nor an allowed one, or that Sec-Fetch-Site marks
    cross-site, are 403 and store nothing. Reads, allowed origins, this
    server's own pages and clients that are not browsers still work."""
    allowed = 'https://app.example'
    with FreshDatabase(require_db()) as db:
        for cors in (allowed, None):
            env = {'PODIUM_CORS_ORIGINS': cors} if cors else {}
            with Server(podium, db.url, **env) as srv:
                stored = count(db, 'reports')
                for what, headers in (
                        ('foreign Origin', {'Origin': 'https://evil.example'}),
                        ('Origin null', {'Origin': 'null'}),
                        ('Origin of another port', {'Origin': 'http://127.0.0.1:%d' % (srv.port + 1)}),
                        ('Sec-Fetch-Site cross-site', {'Sec-Fetch-Site': 'cross-site'})):
                    for method, path in (('POST', '/reports'), ('DELETE', '/reports/1')):
                        answer = srv.json(method, path, body=forum(1).encode(),
                                          headers=dict(TEXT, **headers))
                        check_problem(answer, 403, 'cross-site-write',
                                      '%s %s, %s, CORS %r' % (method, path, what, cors))
                check(count(db, 'reports') == stored, 'a cross-site write was stored (CORS %r)' % cors)
                status, _, _ = srv.json('GET', '/reports', headers={'Origin': 'https://evil.example',
                                                                    'Sec-Fetch-Site': 'cross-site'})
                check(status == 200, 'a cross-site read was refused: %d' % status)
                own = 'http://127.0.0.1:%d' % srv.port
                writers = [('no browser headers', {}), ('own origin', {'Origin': own}),
                           ('same-origin fetch', {'Origin': own, 'Sec-Fetch-Site': 'same-origin'}),
                           ('navigation', {'Sec-Fetch-Site': 'none'})]
                if cors:
                    writers.append(('allowed origin', {'Origin': allowed,
                                                       'Sec-Fetch-Site': 'cross-site'}))
                for n, (what, headers) in enumerate(writers):
                    status, _, doc = srv.json('POST', '/reports',
                                              body=forum(100 + n + (50 if cors else 0)).encode(),
                                              headers=dict(TEXT, **headers))
                    check(status == 201, '%s: %d %r' % (what, status, doc))
                check(srv.stop() == 0, 'exit status is not 0')


def post_all(srv, bodies, key):
    """POSTs every body at once with one Idempotency-Key: [(status, doc)]."""
    start = threading.Barrier(len(bodies))
    answers = [None] * len(bodies)

    def post(i):
        conn = http.client.HTTPConnection('127.0.0.1', srv.port, timeout=60)
        try:
            conn.connect()
            start.wait()
            conn.request('POST', '/reports', body=json.dumps({'text': bodies[i]}).encode(),
                         headers=dict(JSON, **{'Idempotency-Key': key}))
            resp = conn.getresponse()
            answers[i] = (resp.status, json.loads(resp.read()), resp.getheader('Retry-After'))
        finally:
            conn.close()
    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(bodies))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check(all(a is not None for a in answers), 'a request got no answer')
    return answers


def case_idempotency_race(podium):
    """16 POSTs at once with one Idempotency-Key store one report: one 201,
    the others 409 (still running) or 422 (another body), never a second
    report; with one body, every answer is that report or a 409."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url, PODIUM_THREADS=8) as srv:
        for rnd in range(4):
            before = count(db, 'reports')
            bodies = [forum(rnd * 100 + i) for i in range(16)]
            answers = post_all(srv, bodies, 'race-%d' % rnd)
            statuses = sorted(a[0] for a in answers)
            check(statuses.count(201) == 1 and all(s in (201, 409, 422) for s in statuses),
                  'round %d, different bodies: %r' % (rnd, statuses))
            for status, doc, retry in answers:
                if status == 409:
                    check(doc.get('code') == 'request-in-progress' and retry is not None,
                          '409 without its code or Retry-After: %r %r' % (doc, retry))
                if status == 422:
                    check(doc.get('code') == 'unprocessable', '422: %r' % doc)
            check(count(db, 'reports') == before + 1,
                  'round %d: %d reports for one key' % (rnd, count(db, 'reports') - before))
            first = [a[0] for a in answers].index(201)
            winner = answers[first][1]
            status, _, doc = srv.json('POST', '/reports',
                                      body=json.dumps({'text': bodies[first]}).encode(),
                                      headers=dict(JSON, **{'Idempotency-Key': 'race-%d' % rnd}))
            check(status == 201 and doc['id'] == winner['id'], 'the replay: %d %r' % (status, doc))

            before = count(db, 'reports')
            answers = post_all(srv, [forum(1000 + rnd)] * 16, 'same-%d' % rnd)
            ids = {doc['id'] for status, doc, _ in answers if status == 201}
            check(all(a[0] in (201, 409) for a in answers) and len(ids) == 1,
                  'round %d, one body: %r' % (rnd, sorted(a[0] for a in answers)))
            check(count(db, 'reports') == before + 1, 'one body stored %d times'
                  % (count(db, 'reports') - before))

        # A key held by a request that is still running, then by one that
        # died a minute ago without answering.
        psql(db.url, "INSERT INTO idempotency_keys (key, request_hash) VALUES ('held', '\\x00')")
        answer = srv.json('POST', '/reports', body=forum(2000).encode(),
                          headers=dict(TEXT, **{'Idempotency-Key': 'held'}))
        check(answer[0] in (409, 422), 'a held key: %d %r' % (answer[0], answer[2]))
        psql(db.url, "UPDATE idempotency_keys SET created_at = now() - interval '61 seconds'"
                     " WHERE key = 'held'")
        status, _, doc = srv.json('POST', '/reports', body=forum(2000).encode(),
                                  headers=dict(TEXT, **{'Idempotency-Key': 'held'}))
        check(status == 201, 'an abandoned reservation was not taken over: %d %r' % (status, doc))
        check(srv.stop() == 0, 'exit status is not 0')


def answered_at_once(port, source, timeout=3.0):
    """True when a request from source is answered within timeout seconds."""
    try:
        data = raw_exchange(port, b'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
                            source=source, timeout=timeout)
    except OSError:
        return False
    return data.startswith(b'HTTP/1.1 200')


def still_open(sock):
    """False once the server closed the socket (nothing is ever sent on it)."""
    sock.setblocking(False)
    try:
        return sock.recv(1) != b''
    except BlockingIOError:
        return True
    except OSError:
        return False


def case_per_address(podium):
    """With the default PODIUM_MAX_CONNECTIONS_PER_IP, one address holding
    every connection it may leaves room: another address is served at once,
    and the first address's next connection is refused."""
    with FreshDatabase(require_db()) as db, \
            Server(podium, db.url, PODIUM_THREADS=1, PODIUM_MAX_CONNECTIONS=300) as srv:
        held = []
        try:
            for _ in range(300):
                held.append(socket.create_connection(('127.0.0.1', srv.port), timeout=10,
                                                     source_address=('127.0.0.1', 0)))
            # The server accepts 256 of them and closes the rest as it gets
            # to them.
            deadline = time.monotonic() + 30
            while True:
                alive = sum(still_open(s) for s in held)
                if alive <= 256:
                    break
                check(time.monotonic() < deadline, '%d connections of one address stayed open' % alive)
                time.sleep(0.2)
            check(alive == 256, '%d connections of one address stayed open, want 256' % alive)
            started = time.monotonic()
            check(answered_at_once(srv.port, '127.0.0.2'),
                  'a second address waited while the first held its connections')
            check(time.monotonic() - started < 3, 'the second address waited')
            check(not answered_at_once(srv.port, '127.0.0.1'),
                  'the first address was served past its limit')
        finally:
            for s in held:
                s.close()
        # The server frees the slots as it notices the closes, on its next poll.
        deadline = time.monotonic() + 20
        while not answered_at_once(srv.port, '127.0.0.1'):
            check(time.monotonic() < deadline, 'the first address was not served after closing')
            time.sleep(0.2)
        check(srv.stop() == 0, 'exit status is not 0')


def case_framing(podium):
    """Two different Content-Lengths are 400; a request target or headers
    past podium's limits are 414 and 431; all as problem+json."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url) as srv:
        body = forum(1).encode()
        for lengths, want in (((len(body), len(body) + 1), 400), ((len(body), len(body)), 201)):
            head = 'POST /reports HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n' + ''.join(
                'Content-Length: %d\r\n' % n for n in lengths) + 'Connection: close\r\n\r\n'
            status, headers, doc = parse_raw(raw_exchange(srv.port, head.encode() + body + b'x'),
                                             'Content-Length %r' % (lengths,))
            check(status == want, 'Content-Length %r: %d %r' % (lengths, status, doc))
            if want == 400:
                check(headers.get('content-type') == 'application/problem+json' and
                      doc.get('code') == 'bad-request', 'two lengths: %r %r' % (headers, doc))
        check(count(db, 'reports') == 1, 'a request of two lengths was stored')
        for what, request, status, code in (
                ('long path', 'GET /reports/%s HTTP/1.1\r\nHost: x\r\n' % ('1' * 9000), 414,
                 'uri-too-long'),
                ('long query', 'GET /reports?q=%s HTTP/1.1\r\nHost: x\r\n' % ('a' * 9000), 414,
                 'uri-too-long'),
                ('large headers', 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: %s\r\n' % ('p' * 17000),
                 431, 'headers-too-large')):
            data = raw_exchange(srv.port, (request + 'Connection: close\r\n\r\n').encode())
            got, headers, doc = parse_raw(data, what)
            check(got == status and headers.get('content-type') == 'application/problem+json' and
                  doc.get('code') == code, '%s: %d %r %r' % (what, got, headers, doc))
        check(srv.json('GET', '/reports?q=' + 'a' * 4000)[0] == 200, 'a 4000-byte query was refused')
        check(srv.stop() == 0, 'exit status is not 0')


def serve_once(podium, listen, **env):
    env.setdefault('PODIUM_MIGRATE', '0')
    return subprocess.run([podium, 'serve', '--listen', listen], env=podium_env(None, **env),
                          capture_output=True, text=True, timeout=60)


def case_weak_token(podium):
    """A token under 16 bytes, or of spaces, does not open off-loopback
    listening: one line naming the variable (never the token), exit 2.
    192.0.2.1 is not on this machine, so a token let through fails to bind
    (exit 1) instead."""
    for token in (' ', 'a', '                ', 'fifteen-bytes-x', 'with space 0123456789'):
        out = serve_once(podium, '192.0.2.1:0', PODIUM_API_TOKEN=token)
        lines = out.stderr.strip().splitlines()
        check(out.returncode == 2 and len(lines) == 1 and 'PODIUM_API_TOKEN' in lines[0],
              'token %r: exit %d %r' % (token, out.returncode, out.stderr))
        check(len(token.strip()) < 4 or token not in out.stderr, 'the token was printed')
    out = serve_once(podium, '192.0.2.1:0', PODIUM_API_TOKEN='sixteen-bytes-ok')
    check(out.returncode == 1 and 'cannot listen' in out.stderr,
          'a 16-byte token: exit %d %r' % (out.returncode, out.stderr))


def case_mapped_listen(podium):
    """[::ffff:127.0.0.1] is loopback: podium starts without a token and
    answers on 127.0.0.1."""
    proc = subprocess.Popen([podium, 'serve', '--listen', '[::ffff:127.0.0.1]:0'],
                            env=podium_env(None, PODIUM_MIGRATE='0'), stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        port, lines = None, []
        deadline = time.monotonic() + 60
        while port is None and time.monotonic() < deadline:
            line = proc.stderr.readline()
            if not line:
                break
            lines.append(line)
            found = re.match(r'listening on (\S+):(\d+) ', parse_log(line).get('msg', '') + ' ')
            if found:
                port = int(found.group(2))
        check(port, 'podium did not listen on [::ffff:127.0.0.1]: exit %r %r'
              % (proc.poll(), ''.join(lines)))
        check(answered_at_once(port, '127.0.0.1', timeout=10), 'no answer on 127.0.0.1:%d' % port)
    finally:
        proc.kill()
        proc.wait()


def case_db_message(podium):
    """A database that cannot be reached gives 503 with a fixed sentence;
    libpq's message, with its socket path, goes to the log only."""
    hidden = '/tmp/podium-no-such-socket-dir-4c1e'
    with Server(podium, 'postgresql://podium@/nodb?host=' + hidden, PODIUM_MIGRATE='0') as srv:
        for path in ('/readyz', '/reports', '/reports/1', '/speakers'):
            status, _, doc = srv.json('GET', path)
            check(status == 503 and doc.get('code') == 'database-unavailable',
                  '%s: %d %r' % (path, status, doc))
            for leak in (hidden, 'socket', 'connection to server', 'libpq', 'FATAL'):
                check(leak not in json.dumps(doc), '%s: the answer tells %r: %r' % (path, leak, doc))
        status, _, doc = srv.json('GET', '/readyz')
        check(doc.get('detail') == 'the database does not answer', 'readyz detail: %r' % doc)
        srv.stop()
        check(any(hidden in line for line in srv.lines), 'libpq message missing from the log')


def case_url(podium):
    """url holds a web address: http or https with a host, nothing else."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url) as srv:
        for n, url in enumerate(('javascript:alert(1)', 'JavaScript://%0aalert(1)',
                                 'data:text/html,<script>alert(1)</script>', 'ftp://example.org/a',
                                 'file:///etc/passwd', 'http:/example.org', 'https://', 'http:///x',
                                 '//example.org/a', 'example.org', ' https://example.org', '')):
            answer = srv.json('POST', '/reports', body=json.dumps({'text': forum(n), 'url': url}).encode(),
                              headers=JSON)
            doc = check_problem(answer, 400, 'invalid-field', 'url %r' % url)
            check([e.get('field') for e in doc.get('errors', [])] == ['url'], 'url %r: %r' % (url, doc))
        check(count(db, 'reports') == 0, 'a report with an unsafe url was stored')
        for n, url in enumerate(('https://example.org/news/1', 'HTTP://EXAMPLE.ORG', 'http://[::1]:8/a')):
            status, _, doc = srv.json('POST', '/reports', headers=JSON,
                                      body=json.dumps({'text': forum(100 + n), 'url': url}).encode())
            check(status == 201 and doc.get('url') == url, 'url %r: %d %r' % (url, status, doc))
        check(srv.stop() == 0, 'exit status is not 0')


def metric_series(text):
    """[(name, frozenset of label pairs)] of every sample line."""
    series = []
    for line in text.splitlines():
        if not line or line.startswith('#'):
            continue
        found = re.match(r'([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? \S+$', line)
        check(found, 'not a sample line: %r' % line)
        labels = re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"', found.group(3) or '')
        series.append((found.group(1), frozenset(labels)))
    return series


def case_metrics(podium):
    """After every method on routes that share a path, /metrics names each
    series once, and the duration histogram is labelled by method."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url) as srv:
        status, headers, _ = srv.json('POST', '/reports', body=forum(1).encode(), headers=TEXT)
        check(status == 201, 'POST: %d' % status)
        stored = urllib.parse.urlsplit(headers['location']).path
        for method, path in (('GET', '/reports'), ('HEAD', '/reports'), ('PUT', '/reports'),
                             ('OPTIONS', '/reports'), ('GET', stored),
                             ('HEAD', stored), ('DELETE', stored),
                             ('GET', '/reports/1/speakers'), ('GET', '/nowhere'),
                             ('DELETE', '/nowhere'), ('BREW', '/reports')):
            srv.request(method, path)
        status, _, body = srv.request('GET', '/metrics')
        check(status == 200, '/metrics: %d' % status)
        series = metric_series(body.decode())
        seen, repeated = set(), []
        for s in series:
            if s in seen:
                repeated.append(s)
            seen.add(s)
        check(not repeated, 'repeated series: %r' % sorted(repeated, key=str)[:5])
        buckets = [dict(labels) for name, labels in series
                   if name == 'podium_http_request_duration_seconds_count']
        check(all('method' in b and 'route' in b for b in buckets), 'histogram labels: %r' % buckets)
        methods = {b['method'] for b in buckets if b['route'] == '/reports'}
        check({'GET', 'POST', 'HEAD'} <= methods, 'histogram of /reports by method: %r' % methods)
        check(srv.stop() == 0, 'exit status is not 0')


def case_canonical_ids(podium):
    """Every {id} route serves only the canonical id: an escaped '/', a
    leading zero or a sign is 404, and a number too large to be stored is
    404 "no report N" like any missing one."""
    huge = '9' * 25
    with FreshDatabase(require_db()) as db, Server(podium, db.url) as srv:
        status, _, doc = srv.json('POST', '/reports', body=forum(1).encode(), headers=TEXT)
        check(status == 201 and doc['id'] == 1, 'POST: %d %r' % (status, doc))
        speaker = srv.json('GET', '/speakers')[2]['items'][0]['id']
        for base, resource, ident in (('/reports/', 'report', 1), ('/speakers/', 'speaker', speaker)):
            tails = [''] if resource == 'speaker' else ['', '/speakers', '/recommendations']
            for tail in tails:
                path = '%s%d%s' % (base, ident, tail)
                check(srv.json('GET', path)[0] == 200, '%s: not served' % path)
                check(srv.json('GET', path + '?x=%2F')[0] == 400, '%s?x=%%2F: an escaped / in the'
                      ' query was taken for one in the path' % path)
                odd = [base[:-1] + '%2F' + str(ident) + tail, base[:-1] + '%2f' + str(ident) + tail,
                       '%s0%d%s' % (base, ident, tail), '%s+%d%s' % (base, ident, tail),
                       '%s%%2B%d%s' % (base, ident, tail), '%s%d%%2F%s' % (base, ident, tail)]
                if tail:
                    odd.append('%s%d%s' % (base, ident, tail.replace('/', '%2F')))
                for path in odd:
                    check_problem(srv.json('GET', path), 404, 'not-found', path)
                doc = check_problem(srv.json('GET', base + huge + tail), 404, 'not-found', 'huge id')
                check(doc.get('detail') == 'no %s %s' % (resource, huge), 'huge id: %r' % doc)
        # Only the path counts: an escaped / in a cookie neither hides nor
        # raises the path's own.
        check(srv.json('GET', '/reports/1', headers={'Cookie': 'a=%2F'})[0] == 200,
              '/reports/1 with a cookie holding %2F')
        check_problem(srv.json('GET', '/reports%2F1', headers={'Cookie': 'a=b'}), 404, 'not-found',
                      '/reports%2F1 with a cookie')
        # an escaped NUL would end the decoded path early (/healthz%00x as /healthz)
        for path in ('/healthz%00x', '/reports/1%00', '/reports%001'):
            check_problem(srv.json('GET', path), 404, 'not-found', path)
        for path in ('/reports%2F1', '/reports/01', '/reports/+1'):
            check_problem(srv.json('DELETE', path), 404, 'not-found', 'DELETE ' + path)
        doc = check_problem(srv.json('DELETE', '/reports/' + huge), 404, 'not-found', 'DELETE huge')
        check(doc.get('detail') == 'no report ' + huge, 'DELETE huge: %r' % doc)
        check(count(db, 'reports') == 1, 'a non-canonical DELETE deleted')
        check(srv.stop() == 0, 'exit status is not 0')


def case_committed_503(podium):
    """A report that commits but whose answer cannot be read back is
    answered 503; the retry gets 200 with that report, with and without an
    Idempotency-Key, and nothing is stored twice (README, Faults). The read
    is made to fail by a lock queued while the insert runs: a trigger holds
    the insert until the lock waits behind it, the lock is granted at its
    commit, and podium's read waits past PODIUM_DB_TIMEOUT."""
    with FreshDatabase(require_db()) as db, \
            Server(podium, db.url, PODIUM_DB_TIMEOUT=5, PODIUM_CACHE_MB=0) as srv:
        psql(db.url, "CREATE FUNCTION test_wait_for_lock() RETURNS trigger LANGUAGE plpgsql AS $$"
                     " BEGIN"
                     "   FOR i IN 1..200 LOOP"
                     "     EXIT WHEN EXISTS (SELECT 1 FROM pg_locks WHERE NOT granted"
                     "                       AND relation = 'reports'::regclass);"
                     "     PERFORM pg_sleep(0.02);"
                     "   END LOOP;"
                     "   RETURN NULL;"
                     " END$$;"
                     " CREATE TRIGGER test_wait_for_lock AFTER INSERT ON reports"
                     " FOR EACH STATEMENT EXECUTE FUNCTION test_wait_for_lock()")
        for n, extra in enumerate(({}, {'Idempotency-Key': 'restart-1'})):
            answer = {}
            body = forum(3000 + n).encode()
            post = threading.Thread(target=lambda: answer.update(
                r=srv.json('POST', '/reports', body=body, headers=dict(TEXT, **extra))))
            post.start()
            deadline = time.monotonic() + 30
            while not psql(db.url, "SELECT 1 FROM pg_stat_activity WHERE wait_event = 'PgSleep'"
                                   " AND query LIKE '%INSERT%'"):
                check(time.monotonic() < deadline, 'the insert never reached the trigger')
                time.sleep(0.05)
            locker = subprocess.Popen(
                [psql_bin(), '-X', '-q', '-d', db.url, '-c',
                 'BEGIN; LOCK TABLE reports IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(7); COMMIT;'],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            post.join()
            locker.wait(timeout=60)
            status, _, doc = answer['r']
            check(status == 503 and doc.get('code') == 'database-unavailable',
                  'the unreadable answer: %d %r' % (status, doc))
            check(count(db, 'reports') == n + 1, 'the report was not committed')
            stored = int(psql(db.url, 'SELECT max(id) FROM reports')[0])
            status, headers, doc = srv.json('POST', '/reports', body=body, headers=dict(TEXT, **extra))
            check(status == 200 and doc['id'] == stored and
                  headers['location'] == 'http://127.0.0.1:%d/reports/%d' % (srv.port, stored),
                  'the retry %r: %d %r' % (extra, status, doc))
            check(count(db, 'reports') == n + 1, 'the retry stored the report again')
        check(srv.stop() == 0, 'exit status is not 0')


if __name__ == '__main__':
    run({'cross-site': case_cross_site, 'idempotency-race': case_idempotency_race,
         'per-address': case_per_address, 'framing': case_framing, 'weak-token': case_weak_token,
         'mapped-listen': case_mapped_listen, 'db-message': case_db_message, 'url': case_url,
         'metrics': case_metrics, 'canonical-ids': case_canonical_ids,
         'committed-503': case_committed_503})
