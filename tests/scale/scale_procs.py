"""The processes the scale tests start beside the harness's PostgreSQL: a
streaming replica of it, PgBouncer and HAProxy. Each lives in a temporary
folder of its own, listens on loopback or a Unix socket there, and is
stopped and removed by its context manager whatever the test did."""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'integration'))
from podium_harness import TestFailure, check, psql  # noqa: E402  (the path set just above)

PGBIN = os.environ.get('PGBIN', '/usr/lib/postgresql/15/bin')
# The replica's socket sits in its own folder; a port of its own as well
# keeps its socket file name apart from the primary's in every listing.
REPLICA_PORT = 5433


def is_root():
    return os.geteuid() == 0


def as_postgres(argv):
    """PostgreSQL and PgBouncer refuse to run as root; CI runs as root."""
    return ['runuser', '-u', 'postgres', '--'] + argv if is_root() else argv


def own_dir(prefix):
    path = tempfile.mkdtemp(prefix=prefix)
    if is_root():
        shutil.chown(path, 'postgres')
        os.chmod(path, 0o755)
    return path


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def primary_socket_dir():
    """The folder of the harness's Unix socket (its DATABASE_URL's host)."""
    url = os.environ['DATABASE_URL']
    host = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query).get('host', [None])[0]
    check(host is not None, 'DATABASE_URL names no socket folder: %s' % url)
    return host


def run_quiet(argv, what, timeout=120):
    out = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    if out.returncode != 0:
        raise TestFailure('%s failed: %s%s' % (what, out.stdout, out.stderr))


class Replica:
    """A hot standby of the harness cluster made by pg_basebackup -R,
    streaming from it over the Unix socket."""

    def __init__(self):
        self.dir = None

    def __enter__(self):
        self.dir = own_dir('podium-replica.')
        run_quiet(as_postgres([PGBIN + '/pg_basebackup', '-h', primary_socket_dir(),
                               '-U', 'postgres', '-D', self.dir + '/data', '-R',
                               '-X', 'stream', '-c', 'fast']), 'pg_basebackup')
        self.start()
        return self

    def __exit__(self, *exc):
        if os.path.exists(self.dir + '/data/postmaster.pid'):
            subprocess.run(as_postgres([PGBIN + '/pg_ctl', '-D', self.dir + '/data', '-m',
                                        'immediate', '-w', 'stop']), capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)

    def start(self):
        run_quiet(as_postgres([PGBIN + '/pg_ctl', '-D', self.dir + '/data', '-l',
                               self.dir + '/log', '-w', '-t', '60', '-o',
                               "-k %s -p %d -c listen_addresses=''" % (self.dir, REPLICA_PORT),
                               'start']), 'starting the replica')

    def stop(self):
        run_quiet(as_postgres([PGBIN + '/pg_ctl', '-D', self.dir + '/data', '-m', 'fast', '-w',
                               'stop']), 'stopping the replica')

    def url(self, dbname):
        return 'postgresql://postgres@/%s?host=%s&port=%d' % (dbname, self.dir, REPLICA_PORT)

    def wait_for(self, dbname, timeout=30):
        """Until the replica accepts connections to dbname (replayed its creation)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                return psql(self.url(dbname), 'SELECT 1', timeout=10)
            except (TestFailure, subprocess.SubprocessError):
                check(time.monotonic() < deadline, 'the replica has no database %s' % dbname)
                time.sleep(0.2)


def wait_listening(port, proc, what, log, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(('127.0.0.1', port), timeout=1).close()
            return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            with open(log, errors='replace') as f:
                raise TestFailure('%s did not start listening on %d: %s' % (what, port, f.read()))
        time.sleep(0.1)


class Daemon:
    """A process in the foreground of its own folder, killed on exit."""

    def __init__(self, prefix):
        self.dir = own_dir(prefix)
        self.port = free_port()
        self.proc = None
        self.log = self.dir + '/log'

    def spawn(self, argv, what):
        with open(self.log, 'w') as log:
            self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log,
                                         stderr=subprocess.STDOUT)
        wait_listening(self.port, self.proc, what, self.log)

    def __exit__(self, *exc):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


class PgBouncer(Daemon):
    """PgBouncer in transaction pooling mode on 127.0.0.1 in front of the
    harness cluster; every database name maps to the same name there."""

    def __init__(self):
        super().__init__('podium-pgbouncer.')

    def __enter__(self):
        with open(self.dir + '/users.txt', 'w') as f:
            f.write('"postgres" ""\n')
        with open(self.dir + '/pgbouncer.ini', 'w') as f:
            f.write('[databases]\n* = host=%s\n[pgbouncer]\nlisten_addr = 127.0.0.1\n'
                    'listen_port = %d\nunix_socket_dir =\nauth_type = trust\n'
                    'auth_file = %s/users.txt\npool_mode = transaction\nmax_client_conn = 400\n'
                    'default_pool_size = 8\n' % (primary_socket_dir(), self.port, self.dir))
        self.spawn(as_postgres(['pgbouncer', self.dir + '/pgbouncer.ini']), 'pgbouncer')
        return self

    def url(self, dbname):
        return 'postgresql://postgres@127.0.0.1:%d/%s' % (self.port, dbname)


class HAProxy(Daemon):
    """HAProxy on 127.0.0.1 spreading requests round robin over backends
    (ports on 127.0.0.1). A backend that stops answering /healthz leaves the
    rotation within a few checks; a request whose connection is refused is
    sent to another backend."""

    def __init__(self, backend_ports):
        super().__init__('podium-haproxy.')
        self.backends = backend_ports

    def __enter__(self):
        servers = ''.join('    server p%d 127.0.0.1:%d check inter 200ms fall 2 rise 2\n'
                          % (i, port) for i, port in enumerate(self.backends))
        with open(self.dir + '/haproxy.cfg', 'w') as f:
            f.write('global\n    maxconn 256\ndefaults\n    mode http\n    timeout connect 2s\n'
                    '    timeout client 60s\n    timeout server 60s\n    retries 3\n'
                    '    option redispatch\nfrontend api\n    bind 127.0.0.1:%d\n'
                    '    default_backend podium\nbackend podium\n    balance roundrobin\n'
                    '    option httpchk GET /healthz\n%s' % (self.port, servers))
        self.spawn(['haproxy', '-db', '-f', self.dir + '/haproxy.cfg'], 'haproxy')
        return self
