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

from scale_procs import Replica, free_port  # noqa: F401  (also sets the path below)
from podium_harness import FreshDatabase, Server, check, check_problem, psql, require_db, run
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'integration'))
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


if __name__ == '__main__':
    run({'replica': case_replica})
