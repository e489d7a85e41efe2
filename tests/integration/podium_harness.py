"""Shared helpers for integration tests: a fresh database per test, the real
`podium serve` on an ephemeral loopback port, plain HTTP requests.

Python 3 standard library only. Exit codes follow meson: 0 pass, 1 fail,
77 skip (only when DATABASE_URL is missing and CI is not set).
"""
import http.client
import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid

SKIP = 77
START_TIMEOUT = 60      # ASan builds start slowly on a busy 2-core machine
PG_HARNESS = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'pg_harness.sh')


class TestFailure(Exception):
    pass


def check(cond, message):
    if not cond:
        raise TestFailure(message)


def require_db():
    """The harness URL, or skip locally / fail in CI when there is none."""
    url = os.environ.get('DATABASE_URL')
    if url:
        return url
    if os.environ.get('CI'):
        print('DATABASE_URL is not set but CI is: integration tests must not pass vacuously',
              file=sys.stderr)
        sys.exit(1)
    print('DATABASE_URL is not set: skipping (run under tests/pg_harness.sh)', file=sys.stderr)
    sys.exit(SKIP)


def psql_path():
    for candidate in ('/usr/lib/postgresql/15/bin/psql', shutil.which('psql')):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise TestFailure('psql not found')


def psql(url, sql, timeout=60):
    """Runs sql, returns its unaligned output lines."""
    out = subprocess.run([psql_path(), '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1',
                          '-d', url, '-c', sql],
                         capture_output=True, text=True, timeout=timeout)
    if out.returncode != 0:
        raise TestFailure('psql failed: %s' % out.stderr.strip())
    return [line for line in out.stdout.splitlines() if line]


def with_dbname(url, dbname):
    if '://' not in url:                      # key=value conninfo
        return url + ' dbname=' + dbname
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path='/' + dbname))


class FreshDatabase:
    """A database of its own for one test, dropped afterwards."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.name = 'podium_t_' + uuid.uuid4().hex[:12]
        self.url = with_dbname(base_url, self.name)

    def __enter__(self):
        psql(self.base_url, 'CREATE DATABASE %s' % self.name)
        return self

    def __exit__(self, *exc):
        try:
            psql(self.base_url, 'DROP DATABASE IF EXISTS %s WITH (FORCE)' % self.name)
        except (TestFailure, subprocess.SubprocessError):
            pass                             # the cluster may be down after a failure


def podium_env(db_url=None, **extra):
    env = dict(os.environ)
    env.pop('DATABASE_URL', None)
    if db_url is not None:
        env['DATABASE_URL'] = db_url
    env.setdefault('PODIUM_THREADS', '4')
    env.update({k: str(v) for k, v in extra.items()})
    return env



def check_problem(answer, status, code, what):
    """The (status, headers, doc) of an answer is the problem+json of code."""
    got, headers, doc = answer
    check(got == status, '%s: status %d, want %d (%r)' % (what, got, status, doc))
    check(headers.get('content-type') == 'application/problem+json',
          '%s: content type %r' % (what, headers.get('content-type')))
    check(isinstance(doc, dict) and doc.get('code') == code and doc.get('status') == status,
          '%s: problem %r, want code %r' % (what, doc, code))
    return doc


def count(db, table):
    """Rows of table in the FreshDatabase db."""
    return int(psql(db.url, 'SELECT count(*) FROM %s' % table)[0])

class Server:
    """`podium serve` on 127.0.0.1 with an ephemeral port, stderr captured."""

    def __init__(self, podium, db_url, args=(), **env):
        self.podium = podium
        self.env = podium_env(db_url, **env)
        self.args = list(args)
        self.lines = []
        self._lines_q = queue.Queue()
        self.proc = None
        self.port = None

    def start(self):
        self.proc = subprocess.Popen([self.podium, 'serve', '--listen', '127.0.0.1:0'] + self.args,
                                     env=self.env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                     errors='replace')
        threading.Thread(target=self._read_stderr, daemon=True).start()
        deadline = time.monotonic() + START_TIMEOUT
        while self.port is None:
            remaining = deadline - time.monotonic()
            check(remaining > 0, 'podium serve did not start listening: %s' % self.log_text())
            try:
                line = self._lines_q.get(timeout=remaining)
            except queue.Empty:
                continue
            if line is None:
                raise TestFailure('podium serve exited early (%s): %s'
                                  % (self.proc.wait(), self.log_text()))
            msg = parse_log(line).get('msg', '')
            if msg.startswith('listening on 127.0.0.1:'):
                self.port = int(msg.split()[2].rsplit(':', 1)[1])
        return self

    def _read_stderr(self):
        for line in self.proc.stderr:
            self.lines.append(line.rstrip('\n'))
            self._lines_q.put(line)
        self._lines_q.put(None)

    def log_text(self):
        return '\n'.join(self.lines[-40:])

    def logs(self):
        return [parse_log(line) for line in self.lines]

    def request(self, method, path, body=None, headers=None, timeout=30):
        """(status, headers dict with lower-case names, body bytes)."""
        conn = http.client.HTTPConnection('127.0.0.1', self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            data = resp.read()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, data
        finally:
            conn.close()

    def json(self, method, path, **kw):
        status, headers, data = self.request(method, path, **kw)
        try:
            doc = json.loads(data) if data else None
        except ValueError:
            raise TestFailure('%s %s: body is not JSON: %r' % (method, path, data[:200]))
        return status, headers, doc

    def wait_status(self, path, status, timeout=30):
        """Polls path until it answers status; returns the last answer."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                answer = self.json('GET', path, timeout=10)
                if answer[0] == status:
                    return answer
            except (OSError, http.client.HTTPException):
                answer = None
            check(time.monotonic() < deadline,
                  '%s did not answer %d within %ds (last: %r)' % (path, status, timeout, answer))
            time.sleep(0.2)

    def stop(self, sig=signal.SIGTERM, timeout=30):
        """Sends sig and returns the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise TestFailure('podium did not exit within %ds of %s' % (timeout, sig))

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def parse_log(line):
    try:
        doc = json.loads(line)
    except ValueError:
        return {}
    return doc if isinstance(doc, dict) else {}


def raw_connect(port, timeout=30):
    sock = socket.create_connection(('127.0.0.1', port), timeout=timeout)
    return sock


def read_response_head(sock):
    """Reads until the end of the response headers; returns (status, head text)."""
    data = b''
    while b'\r\n\r\n' not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    head = data.split(b'\r\n\r\n', 1)[0].decode('latin-1')
    check(head.startswith('HTTP/1.1 '), 'no HTTP response, got %r' % data[:200])
    return int(head.split()[1]), head


def run(cases):
    """main(): runs the case named by argv[2] with argv[1] = podium binary."""
    if len(sys.argv) != 3 or sys.argv[2] not in cases:
        print('usage: %s PODIUM CASE (%s)' % (sys.argv[0], ', '.join(cases)), file=sys.stderr)
        sys.exit(2)
    try:
        cases[sys.argv[2]](sys.argv[1])
    except TestFailure as e:
        print('FAIL: %s' % e, file=sys.stderr)
        sys.exit(1)
