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
        try:
            self.make()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def make(self):
        run_quiet(as_postgres([PGBIN + '/pg_basebackup', '-h', primary_socket_dir(),
                               '-U', 'postgres', '-D', self.dir + '/data', '-R',
                               '-X', 'stream', '-c', 'fast']), 'pg_basebackup')
        self.start()

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
        try:
            wait_listening(self.port, self.proc, what, self.log)
        except BaseException:
            self.__exit__(None, None, None)
            raise

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


# The monitor decides a node is gone after these (milliseconds; the
# defaults add up to about 30 s): one failed check of a 1 s timeout, and
# 3 s unhealthy; and it promotes the secondary 3 s after it told a primary
# it cannot reach to demote itself (30 s by default: the old primary's
# keeper must have had the time to see it and stop taking writes).
MONITOR_SETTINGS = {'pgautofailover.health_check_period': 1000,
                    'pgautofailover.health_check_timeout': 1000,
                    'pgautofailover.health_check_max_retries': 1,
                    'pgautofailover.health_check_retry_delay': 500,
                    'pgautofailover.node_considered_unhealthy_timeout': 3000,
                    'pgautofailover.primary_demote_timeout': 3000}


class AutoFailover:
    """pg_auto_failover on loopback: a monitor, a primary and a synchronous
    secondary, each a `pg_autoctl run` of its own (Debian's
    postgresql-15-auto-failover)."""

    def __init__(self):
        self.dir = own_dir('podium-paf.')
        self.ports = {'monitor': free_port(), 'node1': free_port(), 'node2': free_port()}
        self.procs = {}
        self.env = ['env', 'PG_CONFIG=' + PGBIN + '/pg_config',
                    'XDG_CONFIG_HOME=' + self.dir + '/config',
                    'XDG_DATA_HOME=' + self.dir + '/share']

    def autoctl(self, args, what):
        run_quiet(as_postgres(self.env + ['pg_autoctl'] + args), what)

    def run(self, name):
        log = open(os.path.join(self.dir, name + '.log'), 'a')
        self.procs[name] = subprocess.Popen(
            as_postgres(self.env + ['pg_autoctl', 'run', '--pgdata', self.pgdata(name)]),
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        log.close()

    def pgdata(self, name):
        return os.path.join(self.dir, name)

    def monitor_url(self):
        return 'postgresql://postgres@127.0.0.1:%d/pg_auto_failover' % self.ports['monitor']

    def states(self):
        """{node name: (reported state, assigned state)} from the monitor."""
        rows = psql(self.monitor_url(), 'SELECT nodename, reportedstate, goalstate'
                                        ' FROM pgautofailover.node', timeout=10)
        return {r.split('|')[0]: tuple(r.split('|')[1:]) for r in rows}

    def wait_states(self, want, timeout=120):
        deadline = time.monotonic() + timeout
        while True:
            try:
                got = self.states()
            except (TestFailure, subprocess.SubprocessError):
                got = None
            if got == want:
                return
            check(time.monotonic() < deadline, 'pg_auto_failover states %r, want %r' % (got, want))
            time.sleep(0.3)

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            self.__exit__(None, None, None)
            raise

    def start(self):
        common = ['--pgctl', PGBIN + '/pg_ctl', '--hostname', '127.0.0.1', '--auth', 'trust',
                  '--no-ssl']
        self.autoctl(['create', 'monitor', '--pgdata', self.pgdata('monitor'),
                      '--pgport', str(self.ports['monitor'])] + common, 'pg_autoctl create monitor')
        self.run('monitor')
        deadline = time.monotonic() + 60
        while True:
            try:
                psql(self.monitor_url(), 'SELECT 1', timeout=10)
                break
            except (TestFailure, subprocess.SubprocessError):
                check(time.monotonic() < deadline, 'the monitor did not start')
                time.sleep(0.3)
        for setting in MONITOR_SETTINGS.items():
            psql(self.monitor_url(), 'ALTER SYSTEM SET %s = %d' % setting)
        psql(self.monitor_url(), 'SELECT pg_reload_conf()')
        monitor = 'postgres://autoctl_node@127.0.0.1:%d/pg_auto_failover?sslmode=disable' \
            % self.ports['monitor']
        # Alone, the first node is "single"; the second joining makes them
        # primary and secondary.
        for name, want in (('node1', {'node_1': ('single', 'single')}),
                           ('node2', {'node_1': ('primary', 'primary'),
                                      'node_2': ('secondary', 'secondary')})):
            self.autoctl(['create', 'postgres', '--pgdata', self.pgdata(name), '--pgport',
                          str(self.ports[name]), '--monitor', monitor] + common,
                         'pg_autoctl create postgres ' + name)
            self.run(name)
            self.wait_states(want)
        return self

    def wait_promoted(self, node, timeout=120):
        """Until the monitor reports node as the one taking writes."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                state = self.states().get(node, ('',))[0]
            except (TestFailure, subprocess.SubprocessError):
                state = None
            if state in ('wait_primary', 'primary'):
                return
            check(time.monotonic() < deadline, '%s not promoted: %r' % (node, state))
            time.sleep(0.2)

    def stop_node(self, name):
        """The node's keeper and its PostgreSQL stop: to the monitor, a lost machine."""
        self.autoctl(['stop', '--pgdata', self.pgdata(name)], 'pg_autoctl stop ' + name)
        self.procs[name].wait(60)

    def url(self, dbname):
        """The multi-host URI the monitor gives for the formation, for dbname
        as the postgres user."""
        out = subprocess.run(as_postgres(self.env + ['pg_autoctl', 'show', 'uri', '--pgdata',
                                                     self.pgdata('monitor'), '--formation',
                                                     'default']),
                             capture_output=True, text=True, timeout=60)
        uri = out.stdout.strip()
        check(out.returncode == 0 and uri.startswith('postgres://') and '/postgres?' in uri,
              'pg_autoctl show uri: %r %s' % (uri, out.stderr))
        return uri.replace('postgres://', 'postgres://postgres@', 1).replace(
            '/postgres?', '/%s?' % dbname, 1)

    def __exit__(self, *exc):
        for name in ('node2', 'node1', 'monitor'):
            proc = self.procs.get(name)
            if proc is not None and proc.poll() is None:
                subprocess.run(as_postgres(self.env + ['pg_autoctl', 'stop', '--pgdata',
                                                       self.pgdata(name)]), capture_output=True)
                try:
                    proc.wait(30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
            if os.path.exists(os.path.join(self.pgdata(name), 'postmaster.pid')):
                subprocess.run(as_postgres([PGBIN + '/pg_ctl', '-D', self.pgdata(name), '-m',
                                            'immediate', '-w', 'stop']), capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)
