"""The web page's files as podium serves them (src/handlers/h_web.c): types,
headers, conditional GETs, and nothing outside PODIUM_WEB_DIR however the
path is spelt.

    test_web.py PODIUM static
"""
import os
import shutil
import tempfile
import time

from podium_harness import FreshDatabase, Server, check, require_db, run

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WEB = os.path.join(ROOT, 'web')
SECRET = b'secret bytes outside the web folder'


def make_site(top):
    """top/web: a copy of web/ plus odd entries; top/secret.js beside it."""
    site = os.path.join(top, 'web')
    shutil.copytree(WEB, site)
    with open(os.path.join(top, 'secret.js'), 'wb') as f:
        f.write(SECRET)
    os.mkdir(os.path.join(site, 'sub'))
    with open(os.path.join(site, 'sub', 'inner.js'), 'wb') as f:
        f.write(SECRET)
    with open(os.path.join(site, '.hidden.js'), 'wb') as f:
        f.write(SECRET)
    with open(os.path.join(site, 'notes.md'), 'wb') as f:
        f.write(SECRET)
    with open(os.path.join(site, 'big.js'), 'wb') as f:
        f.write(b'/' * ((1 << 20) + 1))
    with open(os.path.join(site, 'edge.js'), 'wb') as f:
        f.write(b'/' * (1 << 20))
    os.mkfifo(os.path.join(site, 'fifo.js'))
    os.mkdir(os.path.join(site, 'dir.js'))
    return site


def case_static(podium):
    with tempfile.TemporaryDirectory() as top, FreshDatabase(require_db()) as db:
        site = make_site(top)
        with Server(podium, db.url, PODIUM_WEB_DIR=site) as srv:
            # The page and its files, each with its type and the headers.
            for path, name, ctype in [('/', 'index.html', 'text/html; charset=utf-8'),
                                      ('/assets/index.html', 'index.html', 'text/html; charset=utf-8'),
                                      ('/assets/app.js', 'app.js', 'text/javascript; charset=utf-8'),
                                      ('/assets/style.css', 'style.css', 'text/css; charset=utf-8'),
                                      ('/assets/favicon.svg', 'favicon.svg', 'image/svg+xml')]:
                status, headers, body = srv.request('GET', path)
                check(status == 200, '%s: %d' % (path, status))
                check(headers.get('content-type') == ctype, '%s: %r' % (path, headers))
                with open(os.path.join(WEB, name), 'rb') as f:
                    check(body == f.read(), '%s: not the bytes of web/%s' % (path, name))
                csp = headers.get('content-security-policy', '')
                check("script-src 'self'" in csp and 'unsafe-inline' not in csp,
                      '%s: Content-Security-Policy %r' % (path, csp))
                check(headers.get('x-content-type-options') == 'nosniff', path)
                check(headers.get('cache-control') == 'no-cache', path)
                etag = headers.get('etag', '')
                check(etag.startswith('"') and etag.endswith('"'), '%s: ETag %r' % (path, etag))
                status, headers304, body = srv.request('GET', path, headers={'If-None-Match': etag})
                check(status == 304 and body == b'', '%s with If-None-Match: %d' % (path, status))
                check(headers304.get('etag') == etag, '%s: 304 without its ETag' % path)
            status, headers, body = srv.request('HEAD', '/')
            check(status == 200 and body == b'' and headers.get('etag'), 'HEAD /: %d' % status)
            status, _, body = srv.request('GET', '/assets/edge.js')
            check(status == 200 and len(body) == 1 << 20, 'a file of exactly 1 MiB: %d' % status)

            # Nothing else: other folders, other types, hidden files, odd
            # files, however the path is spelt.
            for path in ['/assets/..%2fsecret.js', '/assets/%2e%2e%2fsecret.js',
                         '/assets/%2E%2E/secret.js', '/assets/../secret.js', '/../secret.js',
                         '/assets/..%5csecret.js', '/assets/..', '/assets/%2e%2e',
                         '/assets/sub/inner.js', '/assets/sub%2finner.js', '/assets/sub%5cinner.js',
                         '/assets/.hidden.js', '/assets/%2ehidden.js', '/assets/notes.md',
                         '/assets/app.js.css', '/assets/app.JS', '/assets/%00secret.js',
                         '/assets/%2fetc%2fpasswd',
                         '/assets/', '/assets', '/assets/big.js', '/assets/fifo.js',
                         '/assets/dir.js', '/assets/missing.js', '/index.html', '/web/app.js']:
                status, headers, body = srv.request('GET', path)
                check(status == 404, '%s: %d, want 404' % (path, status))
                check(SECRET not in body and headers.get('content-type') == 'application/problem+json',
                      '%s: %r' % (path, body[:80]))
            # The server cuts a path at an encoded NUL on every route (GET
            # /healthz%00x is /healthz), so this one names app.js: still a
            # file the name check allows, inside the folder.
            status, _, body = srv.request('GET', '/assets/app.js%00/../../secret.js')
            check(SECRET not in body and status in (200, 404), 'NUL in the path: %d' % status)
            # The log is read by another thread: give it a moment.
            deadline = time.monotonic() + 10
            while not any('big.js is over' in line for line in srv.lines):
                check(time.monotonic() < deadline, 'the file over the limit is not logged')
                time.sleep(0.05)

            # Query strings are refused, as on every other route; writes are 405.
            status, _, doc = srv.json('GET', '/?x=1')
            check(status == 400 and doc.get('code') == 'invalid-parameter', '/?x=1: %d' % status)
            status, _, _ = srv.json('GET', '/assets/app.js?v=2')
            check(status == 400, '/assets/app.js?v=2: %d' % status)
            status, headers, _ = srv.json('POST', '/', body=b'x')
            check(status == 405 and 'GET' in headers.get('allow', ''), 'POST /: %d' % status)
            # An edited file is served at once with a new tag.
            etag = srv.request('GET', '/assets/app.js')[1]['etag']
            with open(os.path.join(site, 'app.js'), 'ab') as f:
                f.write(b'\n// edited\n')
            status, _, body = srv.request('GET', '/assets/app.js', headers={'If-None-Match': etag})
            check(status == 200 and body.endswith(b'// edited\n'), 'edited app.js: %d' % status)

        # A folder that is not there: the page is a 404 problem, the API works.
        with Server(podium, db.url, PODIUM_WEB_DIR=os.path.join(top, 'absent')) as srv:
            status, _, doc = srv.json('GET', '/')
            check(status == 404 and doc.get('code') == 'not-found', 'absent folder: %d' % status)
            status, _, _ = srv.json('GET', '/healthz')
            check(status == 200, '/healthz with no web folder: %d' % status)


if __name__ == '__main__':
    run({'static': case_static})
