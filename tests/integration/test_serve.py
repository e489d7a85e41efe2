#!/usr/bin/env python3
"""Integration tests of the foundation: the real `podium serve` / `podium
migrate` against the harness PostgreSQL.  Usage: test_serve.py PODIUM CASE"""
import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time

from podium_harness import (FreshDatabase, PG_HARNESS, Server, check, podium_env, psql,
                            raw_connect, read_response_head, require_db, run)

MIGRATIONS_DIR = os.environ.get('PODIUM_MIGRATIONS_DIR', 'migrations')


def migration_files():
    return sorted(f for f in os.listdir(MIGRATIONS_DIR) if f.endswith('.sql'))


def check_problem(doc, status, code, request_id=None):
    check(isinstance(doc, dict), 'problem body is not an object: %r' % doc)
    check(doc.get('status') == status, 'problem status %r, want %d' % (doc.get('status'), status))
    check(doc.get('code') == code, 'problem code %r, want %r' % (doc.get('code'), code))
    check(doc.get('type') == '/problems/' + code, 'problem type %r' % doc.get('type'))
    check(isinstance(doc.get('title'), str) and doc['title'], 'problem without title')
    if request_id is not None:
        check(doc.get('request_id') == request_id,
              'problem request_id %r, want %r' % (doc.get('request_id'), request_id))


def case_ops(podium):
    """Ops endpoints, 404, 405 + Allow, request ids, access log, metrics."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url) as srv:
        status, headers, doc = srv.json('GET', '/healthz')
        check(status == 200 and doc == {'status': 'ok'}, '/healthz: %d %r' % (status, doc))
        check(headers['content-type'].startswith('application/json'), 'healthz content type')
        status, _, doc = srv.json('GET', '/readyz')
        check(status == 200 and doc == {'status': 'ready'}, '/readyz: %d %r' % (status, doc))
        status, _, doc = srv.json('GET', '/version')
        check(status == 200 and doc.get('name') == 'podium' and doc.get('version'),
              '/version: %r' % doc)
        status, headers, body = srv.request('HEAD', '/healthz')
        check(status == 200 and body == b'', 'HEAD /healthz: %d %r' % (status, body))

        status, headers, doc = srv.json('GET', '/no/such/thing')
        check(status == 404, '/no/such/thing: %d' % status)
        check(headers['content-type'] == 'application/problem+json', '404 content type')
        check_problem(doc, 404, 'not-found', headers.get('x-request-id'))

        status, headers, doc = srv.json('DELETE', '/healthz')
        check(status == 405, 'DELETE /healthz: %d' % status)
        check(headers.get('allow') == 'GET, HEAD', 'Allow: %r' % headers.get('allow'))
        check_problem(doc, 405, 'method-not-allowed')

        # A sane client id is echoed, on errors too; anything else is replaced.
        for path in ('/healthz', '/nope'):
            _, headers, doc = srv.json('GET', path, headers={'X-Request-Id': 'client-id_1.2'})
            check(headers.get('x-request-id') == 'client-id_1.2', 'id not echoed on %s' % path)
        for bad in ('has space', 'x' * 65, 'quote"d'):
            _, headers, _ = srv.json('GET', '/healthz', headers={'X-Request-Id': bad})
            minted = headers.get('x-request-id', '')
            check(minted and minted != bad and minted.isalnum(), 'id %r kept as %r' % (bad, minted))
        _, h1, _ = srv.json('GET', '/healthz')
        _, h2, _ = srv.json('GET', '/healthz')
        check(h1['x-request-id'] != h2['x-request-id'], 'minted ids repeat')

        status, headers, body = srv.request('GET', '/metrics')
        text = body.decode()
        check(status == 200 and headers['content-type'].startswith('text/plain'), 'metrics head')
        for needle in ('podium_http_requests_total{route="/healthz",method="GET",status="200"}',
                       'podium_http_requests_total{route="unmatched",method="GET",status="404"}',
                       'podium_http_requests_total{route="/healthz",method="DELETE",status="405"}',
                       'podium_http_request_duration_seconds_bucket{route="/readyz",method="GET",le="+Inf"} 1',
                       'podium_db_errors_total ', 'podium_build_info{version="'):
            check(needle in text, 'metrics lack %s' % needle)

        check(srv.stop() == 0, 'exit status after SIGTERM is not 0')
        access = [l for l in srv.logs() if l.get('msg') == 'access']
        check(len(access) >= 12, 'expected an access line per request, got %d' % len(access))
        for field in ('ts', 'method', 'path', 'status', 'bytes', 'us', 'request_id'):
            check(all(field in l for l in access), 'access line without %s' % field)
        check(any(l['path'] == '/nope' and l['status'] == 404 and l['request_id'] == 'client-id_1.2'
                  for l in access), 'no access line for GET /nope')


def case_keepalive(podium):
    """Several requests on one connection, as load balancers do."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url) as srv:
        import http.client
        conn = http.client.HTTPConnection('127.0.0.1', srv.port, timeout=30)
        for path in ('/healthz', '/version', '/nope', '/healthz'):
            conn.request('GET', path)
            resp = conn.getresponse()
            resp.read()
            check(resp.getheader('Connection', '').lower() != 'close',
                  'keep-alive lost after %s' % path)
        conn.close()
        check(srv.stop() == 0, 'exit status is not 0')


def case_body_limit(podium):
    """413 from Content-Length before the body is read, and for chunked bodies."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url, PODIUM_MAX_BODY=1024) as srv:
        # Announce a huge body and send none of it: the answer must come anyway.
        sock = raw_connect(srv.port)
        sock.sendall(b'POST /healthz HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\n'
                     b'Content-Length: 1000000000\r\nX-Request-Id: big-1\r\n\r\n')
        status, head = read_response_head(sock)
        sock.close()
        check(status == 413, 'announced oversize body: %d' % status)
        check('x-request-id: big-1' in head.lower(), '413 without the request id')

        status, _, doc = srv.json('POST', '/healthz', body=b'a' * 1025,
                                  headers={'Content-Type': 'text/plain'})
        check(status == 413, 'Content-Length 1025 > 1024: %d' % status)
        check_problem(doc, 413, 'body-too-large')

        # Chunked: no length up front, so the limit is found while reading.
        sock = raw_connect(srv.port)
        sock.sendall(b'POST /healthz HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n')
        for _ in range(3):
            sock.sendall(b'400\r\n' + b'b' * 1024 + b'\r\n')
        sock.sendall(b'0\r\n\r\n')
        status, _ = read_response_head(sock)
        sock.close()
        check(status == 413, 'chunked body over the limit: %d' % status)

        # A body within the limit goes through to the router (405 here).
        status, _, _ = srv.json('POST', '/healthz', body=b'c' * 1024)
        check(status == 405, 'body at the limit: %d' % status)

        # A client that never stops sending loses the connection: bounded.
        sock = raw_connect(srv.port)
        sock.sendall(b'POST /healthz HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n')
        chunk = b'10000\r\n' + b'd' * 0x10000 + b'\r\n'
        closed = False
        try:
            for _ in range(1024):                # 64 MiB at most
                sock.sendall(chunk)
        except OSError:
            closed = True
        sock.close()
        check(closed, 'an endless chunked body was read without limit')
        status, _, _ = srv.json('GET', '/healthz')
        check(status == 200, 'server unwell after an endless body')
        check(srv.stop() == 0, 'exit status is not 0')


def case_db_restart(podium):
    """/readyz turns 503 while PostgreSQL is down and 200 once it is back;
    /healthz never depends on the database."""
    base = require_db()
    if not os.environ.get('PODIUM_PG_HARNESS'):
        check(not os.environ.get('CI'), 'CI run without the PostgreSQL harness')
        print('not inside tests/pg_harness.sh: cannot stop PostgreSQL, skipping')
        raise SystemExit(77)
    with FreshDatabase(base) as db, Server(podium, db.url) as srv:
        srv.wait_status('/readyz', 200)
        subprocess.run(['sh', PG_HARNESS, '--stop'], check=True, timeout=120)
        try:
            status, headers, doc = srv.wait_status('/readyz', 503)
            check_problem(doc, 503, 'database-unavailable')
            check(headers.get('retry-after'), '503 without Retry-After')
            status, _, _ = srv.json('GET', '/healthz')
            check(status == 200, '/healthz depends on the database: %d' % status)
            # Routes that need the database answer 503 fast, not hang.
            started = time.monotonic()
            status, headers, doc = srv.json('GET', '/reports')
            check(status == 503 and headers.get('retry-after'),
                  'GET /reports without a database: %d %r' % (status, headers))
            check_problem(doc, 503, 'database-unavailable')
            check(time.monotonic() - started < 10, 'the 503 took too long')
        finally:
            subprocess.run(['sh', PG_HARNESS, '--start'], check=True, timeout=120)
        srv.wait_status('/readyz', 200, timeout=60)
        status, _, text = srv.request('GET', '/metrics')
        errors = [l for l in text.decode().splitlines() if l.startswith('podium_db_errors_total ')]
        check(errors and int(errors[0].split()[1]) > 0, 'database errors not counted: %r' % errors)
        check(srv.stop() == 0, 'exit status is not 0')


def case_pending(podium):
    """With PODIUM_MIGRATE=0 on an empty database /readyz reports pending
    migrations; `podium migrate` applies them and readiness follows."""
    with FreshDatabase(require_db()) as db:
        with Server(podium, db.url, PODIUM_MIGRATE=0) as srv:
            status, _, doc = srv.json('GET', '/readyz')
            check(status == 503, 'readyz with nothing applied: %d' % status)
            check_problem(doc, 503, 'migrations-pending')
            done = subprocess.run([podium, 'migrate'], env=podium_env(db.url), timeout=120,
                                  capture_output=True, text=True)
            check(done.returncode == 0, 'podium migrate failed: %s' % done.stderr)
            srv.wait_status('/readyz', 200)
            check(srv.stop() == 0, 'exit status is not 0')
        # Idempotent: a second run applies nothing and succeeds.
        again = subprocess.run([podium, 'migrate'], env=podium_env(db.url), timeout=120,
                               capture_output=True, text=True)
        check(again.returncode == 0 and 'applied"' not in again.stderr,
              'second migrate: %d %s' % (again.returncode, again.stderr))


def case_concurrent_start(podium):
    """Two instances starting at once on one empty database apply every
    migration exactly once and both become ready."""
    with FreshDatabase(require_db()) as db:
        servers = [Server(podium, db.url) for _ in range(2)]
        errors = []

        def start(s):
            try:
                s.start()
            except Exception as e:     # reported below, from the main thread
                errors.append(e)
        threads = [threading.Thread(target=start, args=(s,)) for s in servers]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        try:
            check(not errors, 'an instance failed to start: %s' % errors)
            for s in servers:
                s.wait_status('/readyz', 200)
            rows = psql(db.url, 'SELECT version, count(*) FROM schema_migrations GROUP BY version'
                                ' ORDER BY version')
            files = migration_files()
            check(len(rows) == len(files), 'applied %r, files %r' % (rows, files))
            check(all(r.endswith('|1') for r in rows), 'a version applied twice: %r' % rows)
            applied = sum(1 for s in servers for l in s.logs()
                          if l.get('msg', '').startswith('migration ') and
                          l['msg'].endswith(' applied'))
            check(applied == len(files), '%d "applied" lines for %d files' % (applied, len(files)))
            for s in servers:
                check(s.stop() == 0, 'exit status is not 0')
        finally:
            for s in servers:
                s.__exit__(None, None, None)


def case_checksum(podium):
    """A migration changed after it was applied stops migrate and serve."""
    with FreshDatabase(require_db()) as db, tempfile.TemporaryDirectory() as tmp:
        mdir = os.path.join(tmp, 'migrations')
        shutil.copytree(MIGRATIONS_DIR, mdir)
        env = podium_env(db.url, PODIUM_MIGRATIONS_DIR=mdir)
        first = subprocess.run([podium, 'migrate'], env=env, capture_output=True, text=True,
                               timeout=120)
        check(first.returncode == 0, 'first migrate: %s' % first.stderr)
        with open(os.path.join(mdir, migration_files()[0]), 'a') as f:
            f.write('\n-- edited after it was applied\n')
        second = subprocess.run([podium, 'migrate'], env=env, capture_output=True, text=True,
                                timeout=120)
        check(second.returncode != 0, 'a changed migration was accepted')
        check('changed after it was applied' in second.stderr, 'unclear error: %s' % second.stderr)
        serve = subprocess.run([podium, 'serve', '--listen', '127.0.0.1:0'], env=env,
                               capture_output=True, text=True, timeout=120)
        check(serve.returncode == 1, 'serve started on a changed migration')

        os.remove(os.path.join(mdir, migration_files()[0]))
        with open(os.path.join(mdir, '9999_Bad-Name.sql'), 'w') as f:
            f.write('SELECT 1;\n')
        bad = subprocess.run([podium, 'migrate'], env=env, capture_output=True, text=True,
                             timeout=120)
        check(bad.returncode != 0 and 'NNNN_name.sql' in bad.stderr,
              'badly named migration: %d %s' % (bad.returncode, bad.stderr))


def case_shutdown(podium):
    """SIGTERM: new connections are refused, the request in flight finishes,
    the process exits 0. SIGINT behaves the same."""
    with FreshDatabase(require_db()) as db:
        with Server(podium, db.url) as srv:
            idle = raw_connect(srv.port)         # a keep-alive client between requests
            idle.sendall(b'GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n')
            check(read_response_head(idle)[0] == 200, 'healthz before shutdown')
            sock = raw_connect(srv.port)
            sock.sendall(b'POST /healthz HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n12345')
            time.sleep(0.5)                       # the request is now in flight
            srv.proc.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + 30
            while not any(l.get('msg', '').startswith('SIGTERM') for l in srv.logs()):
                check(time.monotonic() < deadline, 'no shutdown log line')
                time.sleep(0.1)
            # Load balancers polling readiness must see the shutdown at once.
            idle.sendall(b'GET /readyz HTTP/1.1\r\nHost: t\r\n\r\n')
            status, head = read_response_head(idle)
            idle.close()
            check(status == 503, 'readyz while shutting down: %d' % status)
            check('connection: close' in head.lower(), 'keep-alive offered while stopping')
            try:
                fresh = raw_connect(srv.port, timeout=5)
                fresh.sendall(b'GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n')
                accepted = bool(fresh.recv(1))
                fresh.close()
            except OSError:
                accepted = False
            check(not accepted, 'a new connection was served after SIGTERM')
            sock.sendall(b'67890')
            status, head = read_response_head(sock)
            sock.close()
            check(status == 405, 'request in flight got %d' % status)
            check('connection: close' in head.lower(), 'keep-alive offered while stopping')
            check(srv.stop() == 0, 'exit status after SIGTERM is not 0')
            check(any(l.get('msg') == 'stopped' for l in srv.logs()), 'no "stopped" line')
        with Server(podium, db.url) as srv:
            check(srv.stop(signal.SIGINT) == 0, 'exit status after SIGINT is not 0')


def case_config(podium):
    """Bad values: one line naming the variable, exit 2. No database needed."""
    for var, value in (('PODIUM_LISTEN', 'localhost'), ('PODIUM_LISTEN', '127.0.0.1:99999'),
                       ('PODIUM_MAX_BODY', '1MB'), ('PODIUM_THREADS', 'many'),
                       ('PODIUM_LOG', 'loud'), ('PODIUM_MIGRATE', 'maybe')):
        for command in ('serve', 'migrate'):
            out = subprocess.run([podium, command], env=podium_env(None, **{var: value}),
                                 capture_output=True, text=True, timeout=60)
            lines = out.stderr.strip().splitlines()
            check(out.returncode == 2, '%s=%s %s: exit %d' % (var, value, command, out.returncode))
            check(len(lines) == 1 and var in lines[0],
                  '%s=%s: expected one line naming it, got %r' % (var, value, out.stderr))
    out = subprocess.run([podium, 'serve', '--listen', 'nowhere'], env=podium_env(None),
                         capture_output=True, text=True, timeout=60)
    check(out.returncode == 2 and '--listen' in out.stderr, '--listen nowhere: %r' % out.stderr)
    for args, code, stream in ((['--version'], 0, 'stdout'), (['--help'], 0, 'stdout'),
                               ([], 2, 'stderr'), (['frobnicate'], 2, 'stderr')):
        out = subprocess.run([podium] + args, capture_output=True, text=True, timeout=60)
        check(out.returncode == code, 'podium %s: exit %d' % (args, out.returncode))
        check(getattr(out, stream).strip(), 'podium %s printed nothing on %s' % (args, stream))
    check(subprocess.run([podium, '--version'], capture_output=True, text=True)
          .stdout.startswith('podium '), '--version output')


def case_cors_auth(podium):
    """CORS from PODIUM_CORS_ORIGINS, and PODIUM_API_TOKEN for writes only."""
    with FreshDatabase(require_db()) as db, \
            Server(podium, db.url, PODIUM_CORS_ORIGINS='https://a.example, https://b.example',
                   PODIUM_API_TOKEN='s3cret-0123456789') as srv:
        _, headers, _ = srv.request('GET', '/healthz', headers={'Origin': 'https://b.example'})
        check(headers.get('access-control-allow-origin') == 'https://b.example', 'ACAO missing')
        check('Origin' in headers.get('vary', ''), 'Vary: Origin missing')
        check('X-Request-Id' in headers.get('access-control-expose-headers', ''), 'expose list')
        _, headers, _ = srv.request('GET', '/healthz', headers={'Origin': 'https://evil.example'})
        check('access-control-allow-origin' not in headers, 'foreign origin allowed')
        status, headers, _ = srv.request('OPTIONS', '/healthz', headers={
            'Origin': 'https://a.example', 'Access-Control-Request-Method': 'GET'})
        check(status == 204 and 'GET' in headers.get('access-control-allow-methods', ''),
              'preflight: %d %r' % (status, headers))
        status, headers, _ = srv.request('OPTIONS', '/healthz', headers={
            'Origin': 'https://evil.example', 'Access-Control-Request-Method': 'GET'})
        check(status == 204 and 'access-control-allow-methods' not in headers,
              'preflight of a foreign origin: %d %r' % (status, headers))
        # Reads never need the token.
        status, _, _ = srv.json('GET', '/version')
        check(status == 200, 'GET /version with a token configured: %d' % status)
        # Writes do: missing or wrong token is 401 with the scheme named.
        for auth in (None, 'Bearer wrong', 'Bearer s3cret-01234567890', 'Basic s3cret-0123456789', 'Bearer '):
            headers = {'Content-Type': 'text/plain'}
            if auth:
                headers['Authorization'] = auth
            for method, path in (('POST', '/reports'), ('DELETE', '/reports/1')):
                status, got, doc = srv.json(method, path, body=b'x', headers=headers)
                check(status == 401, '%s %s with %r: %d' % (method, path, auth, status))
                check(got.get('www-authenticate', '').startswith('Bearer'),
                      '401 without WWW-Authenticate: Bearer')
                check_problem(doc, 401, 'unauthorized')
        status, _, _ = srv.json('DELETE', '/reports/999999999',
                                headers={'Authorization': 'Bearer s3cret-0123456789'})
        check(status != 401, 'the right token was refused')
        # A preflight carries no credentials and needs none.
        status, headers, _ = srv.request('OPTIONS', '/reports', headers={
            'Origin': 'https://a.example', 'Access-Control-Request-Method': 'POST',
            'Access-Control-Request-Headers': 'authorization, content-type'})
        check(status == 204 and 'POST' in headers.get('access-control-allow-methods', ''),
              'preflight of POST /reports: %d %r' % (status, headers))
        check('authorization' in headers.get('access-control-allow-headers', '').lower(),
              'preflight does not allow Authorization')
        # A page elsewhere asks for totals with Prefer and reads its own writes.
        allowed = [h.strip().lower() for h in headers.get('access-control-allow-headers', '').split(',')]
        check('prefer' in allowed and 'podium-lsn' in allowed,
              'preflight does not allow Prefer and Podium-LSN: %r' % allowed)
        check(srv.stop() == 0, 'exit status is not 0')


if __name__ == '__main__':
    run({'ops': case_ops, 'keepalive': case_keepalive, 'body-limit': case_body_limit,
         'db-restart': case_db_restart, 'pending': case_pending,
         'concurrent-start': case_concurrent_start, 'checksum': case_checksum,
         'shutdown': case_shutdown, 'config': case_config, 'cors-auth': case_cors_auth})
