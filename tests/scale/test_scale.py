#!/usr/bin/env python3
"""Podium beyond one process and one server (issue 15): a streaming
replica answering GETs, PgBouncer in transaction mode, several instances
behind HAProxy, and the keys a distribution by report_id needs.
Usage: test_scale.py PODIUM CASE. Every process a case starts listens on
loopback or a Unix socket of its own and is stopped when the case ends."""
import os
import subprocess
import sys
import time
import urllib.parse

from scale_procs import PgBouncer, Replica  # (also sets the path of the imports below)
from podium_harness import FreshDatabase, Server, check, check_problem, psql, require_db, run
INTEGRATION = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'integration')
sys.path.insert(0, INTEGRATION)
from test_api import meeting, person, post_json  # noqa: E402


def migrate(podium, url):
    out = subprocess.run([podium, 'migrate'], env=dict(os.environ, DATABASE_URL=url),
                         capture_output=True, text=True, timeout=120)
    check(out.returncode == 0, 'podium migrate: %s' % out.stderr)


def podium_sessions(url, dbname):
    """Podium's sessions on the server of url, in database dbname."""
    return int(psql(url, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'podium'"
                         " AND datname = '%s'" % dbname)[0])


def post_new(srv, tag, i):
    status, headers, doc = post_json(srv, {'text': meeting(tag, [person(i)])})
    check(status == 201, 'POST %s: %d %r' % (tag, status, doc))
    return doc['id'], headers.get('podium-lsn')


def case_replica(podium):
    """GETs read from DATABASE_READ_URL; the replica lagging, stopped and
    back; a read carrying its write's Podium-LSN always sees the write."""
    with FreshDatabase(require_db()) as db:
        migrate(podium, db.url)
        with Replica() as replica:
            replica.wait_for(db.name)
            read_url = replica.url(db.name)
            with Server(podium, db.url, DATABASE_READ_URL=read_url, PODIUM_THREADS='2') as srv:
                first, lsn = post_new(srv, '复制', 1)
                check(lsn is not None, 'a write with a replica answers no Podium-LSN')
                status, _, doc = srv.json('GET', '/reports/%d' % first, headers={'Podium-LSN': lsn})
                check(status == 200 and doc['id'] == first, 'read your write: %d' % status)
                check(podium_sessions(read_url, db.name) >= 1,
                      "the replica's pg_stat_activity shows no podium session")
                check_problem(srv.json('GET', '/reports/%d' % first,
                                       headers={'Podium-LSN': 'latest'}),
                              400, 'bad-request', 'a Podium-LSN that is no WAL position')

                # Replay paused: the replica lags, and plain reads show it.
                psql(read_url, 'SELECT pg_wal_replay_pause()')
                lagging, lsn = post_new(srv, '延迟', 2)
                status, _, _ = srv.json('GET', '/reports/%d' % lagging)
                check(status == 404, 'a plain GET during the lag came from the primary: %d' % status)
                started = time.monotonic()
                status, _, doc = srv.json('GET', '/reports/%d' % lagging,
                                          headers={'Podium-LSN': lsn})
                waited = time.monotonic() - started
                check(status == 200 and doc['id'] == lagging,
                      'read-your-write during the lag: %d' % status)
                check(waited < 2, 'read-your-write waited %.2f s for a paused replica' % waited)
                psql(read_url, 'SELECT pg_wal_replay_resume()')
                srv.wait_status('/reports/%d' % lagging, 200, timeout=30)

                # Replica stopped: every read is answered by the primary.
                replica.stop()
                for _ in range(10):
                    for path in ('/reports/%d' % first, '/reports?limit=5', '/speakers?limit=5'):
                        status, _, doc = srv.json('GET', path)
                        check(status == 200, 'GET %s, replica down: %d %r' % (path, status, doc))
                after_stop, _ = post_new(srv, '停机', 3)
                status, _, _ = srv.json('GET', '/reports/%d' % after_stop)
                check(status == 200, 'a write while the replica is down, read back: %d' % status)

                # Replica back: reads return to it (a paused replay shows where they go).
                replica.start()
                replica.wait_for(db.name)
                psql(read_url, 'SELECT pg_wal_replay_pause()')
                behind, _ = post_new(srv, '恢复', 4)
                deadline = time.monotonic() + 20
                while srv.json('GET', '/reports/%d' % behind)[0] != 404:
                    check(time.monotonic() < deadline, 'reads never returned to the replica')
                    time.sleep(0.2)
                psql(read_url, 'SELECT pg_wal_replay_resume()')
                status = srv.stop()
                check(status == 0, 'podium exited %d' % status)


# What of the API suite runs through the pooler: writes, the idempotency
# reservation, deletes racing writes, every list and search, the caches.
# Not api-explain: EXPLAIN EXECUTE needs the named statements a pooler
# cannot keep.
POOLED_CASES = (('test_api.py', 'reports'), ('test_api.py', 'search'),
                ('test_api.py', 'pagination'), ('test_api.py', 'delete'),
                ('test_api.py', 'concurrent'), ('test_api.py', 'race'),
                ('test_cache.py', 'report'))


def case_pgbouncer(podium):
    """The API suite through PgBouncer in transaction mode with
    PODIUM_DB_POOLING=transaction, migrations included; and what goes wrong
    without the setting, so the setting is shown to matter."""
    base = require_db()
    with PgBouncer() as bouncer:
        url = bouncer.url(urllib.parse.urlsplit(base).path.lstrip('/'))
        env = dict(os.environ, DATABASE_URL=url, PODIUM_DB_POOLING='transaction')
        for script, case in POOLED_CASES:
            out = subprocess.run([sys.executable, os.path.join(INTEGRATION, script), podium, case],
                                 env=env, capture_output=True, text=True, timeout=600)
            check(out.returncode == 0, '%s %s through PgBouncer: %s' % (script, case,
                                                                         out.stderr[-2000:]))
        with FreshDatabase(url) as db:
            with Server(podium, db.url, PODIUM_DB_POOLING='session', PODIUM_MIGRATE='0') as srv:
                status, _, doc = srv.json('GET', '/reports')
                check(status == 503, 'session mode through PgBouncer answered %d' % status)


if __name__ == '__main__':
    run({'replica': case_replica, 'pgbouncer': case_pgbouncer})
