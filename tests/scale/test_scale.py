#!/usr/bin/env python3
"""Podium beyond one process and one server (issue 15): a streaming
replica answering GETs, PgBouncer in transaction mode, several instances
behind HAProxy, failover with pg_auto_failover, and the keys a
distribution by report_id needs.
Usage: test_scale.py PODIUM CASE. Every process a case starts listens on
loopback or a Unix socket of its own and is stopped when the case ends."""
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.parse

# scale_procs puts tests/integration on the path: podium_harness and
# test_api come from there.
from scale_procs import AutoFailover, HAProxy, PgBouncer, Replica
from podium_harness import FreshDatabase, Server, check, check_problem, psql, require_db, run
from test_api import meeting, person, post_json

INTEGRATION = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'integration')


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


class Front(Server):
    """Requests to a port something else listens on (the load balancer)."""

    def __init__(self, port):  # pylint: disable=super-init-not-called
        self.port, self.proc = port, None


def at_once(calls):
    """Runs the calls in threads released together; their results in order.
    An exception in one becomes its result, so no failure is lost."""
    results, barrier = [None] * len(calls), threading.Barrier(len(calls))

    def one(i):
        barrier.wait()
        try:
            results[i] = calls[i]()
        except Exception as e:  # noqa: BLE001  (reported by the caller's check)
            results[i] = e
    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    return results


def migration_files():
    return len([f for f in os.listdir(os.environ['PODIUM_MIGRATIONS_DIR']) if f.endswith('.sql')])


def posts_under_load(front, victim, clients=6, seconds=4.0, kill_at=1.5):
    """Distinct reports posted through front by several clients while victim
    is killed with SIGKILL kill_at seconds in: (acknowledged ids, failures
    as (seconds since the kill, status or error), posts answered after the
    kill)."""
    acked, failures, lock = [], [], threading.Lock()
    after_kill = [0]
    start = time.monotonic()
    killed = [None]

    def client(k):
        i = 0
        while time.monotonic() - start < seconds:
            i += 1
            body = {'text': meeting('负载%d号%d' % (k, i), [person((k * 7 + i) % 100)])}
            try:
                status, _, doc = post_json(front, body)
                error = None if status in (200, 201) else status
            except OSError as e:
                error = repr(e)
            with lock:
                since = None if killed[0] is None else time.monotonic() - killed[0]
                if error is None:
                    acked.append(doc['id'])
                    after_kill[0] += since is not None
                else:
                    failures.append((since, error))
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    time.sleep(kill_at)
    with lock:
        killed[0] = time.monotonic()
    victim.proc.send_signal(signal.SIGKILL)
    victim.proc.wait()
    for t in threads:
        t.join(120)
    return acked, failures, after_kill[0]


def case_instances(podium):
    """Three `podium serve` on one database behind HAProxy: migrations
    started together apply once, one text posted everywhere at once is one
    report, caches follow writes made elsewhere, and SIGKILL of one instance
    under load loses no acknowledged report while the others keep serving."""
    with FreshDatabase(require_db()) as db:
        servers = [Server(podium, db.url, PODIUM_THREADS='4') for _ in range(3)]
        try:
            started = at_once([s.start for s in servers])
            check(all(isinstance(r, Server) for r in started), 'start: %r' % started)
            applied = [line['msg'] for s in servers for line in s.logs()
                       if line.get('msg', '').startswith('migration ')
                       and line['msg'].endswith(' applied')]
            check(len(applied) == migration_files() == len(set(applied)),
                  'migrations applied by three instances at once: %r' % applied)
            check(int(psql(db.url, 'SELECT count(*) FROM schema_migrations')[0]) == len(applied),
                  'schema_migrations rows')
            with HAProxy([s.port for s in servers]) as proxy:
                front = Front(proxy.port)
                text = meeting('同文', [person(1), person(2)])
                answers = at_once([lambda s=s: post_json(s, {'text': text})
                                   for s in servers * 3 + [front] * 3])
                check(all(isinstance(a, tuple) for a in answers), 'posts: %r' % answers)
                check(sorted(a[0] for a in answers) == [200] * 11 + [201],
                      'one text on all instances at once: %r' % [a[0] for a in answers])
                check(len({a[2]['id'] for a in answers}) == 1, 'one text got several ids')
                check(int(psql(db.url, 'SELECT count(*) FROM reports')[0]) == 1, 'reports rows')
                report = answers[0][2]
                speaker = next(p['person_id'] for p in report['people']
                               if p['name_key'] == person(1))

                # Every instance caches what it read; writes made through
                # another one are seen at once by all of them.
                for s in servers:
                    for _ in range(2):
                        check(s.json('GET', '/speakers/%d' % speaker)[0] == 200, 'speaker')
                        check(s.json('GET', '/reports/%d' % report['id'])[0] == 200, 'report')
                status, _, other = post_json(servers[1], {'text': meeting('另文', [person(1)])})
                check(status == 201, 'second report: %d' % status)
                for s in servers + [front] * 3:
                    status, _, doc = s.json('GET', '/speakers/%d' % speaker)
                    check(status == 200 and doc['report_count'] == 2,
                          'stale speaker after a write elsewhere: %r' % doc.get('report_count'))
                status, _, _ = servers[2].request('DELETE', '/reports/%d' % report['id'])
                check(status == 204, 'DELETE: %d' % status)
                for s in servers + [front] * 3:
                    check(s.json('GET', '/reports/%d' % report['id'])[0] == 404,
                          'a deleted report still served')
                    status, _, doc = s.json('GET', '/speakers/%d' % speaker)
                    check(status == 200 and doc['report_count'] == 1,
                          'stale speaker after a delete elsewhere')

                acked, failures, after = posts_under_load(front, servers[0])
                check(len(acked) >= 20 and after >= 10,
                      'too little load: %d acknowledged, %d after the kill' % (len(acked), after))
                late = [f for f in failures if f[0] is None or f[0] > 2.0]
                check(not late, 'failures before the kill or over 2 s after it: %r' % late)
                ids = ','.join(str(i) for i in set(acked))
                stored = int(psql(db.url, 'SELECT count(*) FROM reports WHERE id IN (%s)' % ids)[0])
                check(stored == len(set(acked)) == len(acked),
                      '%d acknowledged, %d distinct, %d stored' % (len(acked), len(set(acked)),
                                                                   stored))
                for s in servers[1:]:
                    check(s.json('GET', '/reports/%d' % acked[-1])[0] == 200, 'survivor reads')
                print('SIGKILL under load: %d acknowledged (%d after the kill), all stored; '
                      '%d failed within 2 s of the kill' % (len(acked), after, len(failures)))
        finally:
            for s in servers:
                s.__exit__(None, None, None)


def case_failover(podium):
    """pg_auto_failover: the primary stopped during a write load. Writes get
    503 with Retry-After while the secondary is promoted, then succeed on
    it without restarting Podium; every report answered 200/201 is stored
    exactly once. A 503'd text is posted again until answered, as a client
    would, so a commit whose answer was lost comes back as 200."""
    with AutoFailover() as paf:
        psql(paf.url('postgres'), 'CREATE DATABASE podium')
        url = paf.url('podium')
        with Server(podium, url, PODIUM_THREADS='4') as srv:
            log, lock, stop = [], threading.Lock(), threading.Event()
            start = time.monotonic()

            def client(k):
                i = 0
                while not stop.is_set():
                    i += 1
                    body = {'text': meeting('切换%d号%d' % (k, i), [person((k * 11 + i) % 100)])}
                    while not stop.is_set():
                        try:
                            status, headers, doc = post_json(srv, body)
                        except OSError as e:
                            status, headers, doc = repr(e), {}, None
                        with lock:
                            log.append((time.monotonic() - start, status,
                                        headers.get('retry-after'),
                                        doc.get('id') if status in (200, 201) else None))
                        if status in (200, 201):
                            break
                        time.sleep(0.2)
            threads = [threading.Thread(target=client, args=(k,)) for k in range(4)]
            for t in threads:
                t.start()
            time.sleep(3)
            stop_begun = time.monotonic() - start
            paf.stop_node('node1')
            stopped_at = time.monotonic() - start
            paf.wait_promoted('node_2')
            promoted_at = time.monotonic() - start
            time.sleep(3)               # writing on the new primary
            stop.set()
            for t in threads:
                t.join(60)
            check(any(e[0] > promoted_at + 1 and e[3] is not None for e in log),
                  'no write succeeded on the new primary')
            odd = [e for e in log if e[1] not in (200, 201, 503)]
            check(not odd, 'answers other than 200, 201 and 503: %r' % odd[:5])
            refused = [e for e in log if e[1] == 503]
            check(all(e[2] for e in refused), 'a 503 without Retry-After')
            check(refused, 'no 503 during the failover: did it happen?')
            acked = [e[3] for e in log if e[3] is not None]
            ids = ','.join(str(i) for i in set(acked))
            stored = int(psql(url, 'SELECT count(*) FROM reports WHERE id IN (%s)' % ids)[0])
            total = int(psql(url, 'SELECT count(*) FROM reports')[0])
            check(stored == len(set(acked)), '%d acknowledged ids, %d stored' % (len(set(acked)),
                                                                                stored))
            before = sum(1 for e in log if e[3] is not None and e[0] <= stop_begun)
            first_503, last_503 = refused[0][0], refused[-1][0]
            during = sum(1 for e in log if e[3] is not None and stop_begun < e[0] <= last_503)
            print('failover: node_2 promoted %.1f s after the stop; '
                  '503 for %.1f s (the first %.1f s after the stop began), %d answered 503; '
                  'acknowledged %d before, %d during, %d after; %d distinct, %d stored, %d rows'
                  % (promoted_at - stopped_at, last_503 - first_503, first_503 - stop_begun,
                     len(refused), before, during,
                     len(acked) - before - during, len(set(acked)), stored, total))
            check(total == len(set(acked)), '%d rows for %d acknowledged reports' % (total,
                                                                                  len(set(acked))))
            status = srv.stop()
            check(status == 0, 'podium exited %d' % status)


# Unique keys of per-report tables without the distribution column, each
# with the reason it is there and the plan for it (docs/scaling.md). The
# list must match the catalog exactly: a new key without report_id fails
# the test, and so does one removed without updating the plan.
KEYS_WITHOUT_REPORT_ID = {
    # The same text is stored once, across all reports: under Citus this
    # becomes its own table distributed by text_sha256 (docs/scaling.md).
    ('reports', 'reports_text_sha256_key'),
}


def case_keys(podium):
    """After migrating, every primary and unique key of a per-report table
    (reports by its id, any table with a report_id column) contains the
    report's id, so that distributing the tables by report_id stays possible."""
    with FreshDatabase(require_db()) as db:
        migrate(podium, db.url)
        rows = psql(db.url, """
            SELECT t.relname, i.relname,
                   coalesce(string_agg(a.attname, ' ' ORDER BY a.attnum), '')
            FROM pg_index x
            JOIN pg_class t ON t.oid = x.indrelid
            JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY (x.indkey)
            WHERE n.nspname = 'public' AND x.indisunique
              AND (t.relname = 'reports' OR EXISTS (
                   SELECT 1 FROM pg_attribute r
                   WHERE r.attrelid = t.oid AND r.attname = 'report_id' AND NOT r.attisdropped))
            GROUP BY t.relname, i.relname""")
        keys = [row.split('|') for row in rows]
        tables = {table for table, _, _ in keys}
        check({'reports', 'appearances', 'remarks', 'recommendations'} <= tables,
              'per-report tables found: %r' % sorted(tables))
        lacking = {(table, index) for table, index, columns in keys
                   if ('id' if table == 'reports' else 'report_id') not in columns.split()}
        check(lacking == KEYS_WITHOUT_REPORT_ID,
              'unique keys without the report id: %r, known: %r'
              % (sorted(lacking), sorted(KEYS_WITHOUT_REPORT_ID)))


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
    run({'replica': case_replica, 'pgbouncer': case_pgbouncer, 'instances': case_instances,
         'keys': case_keys, 'failover': case_failover})
