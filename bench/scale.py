#!/usr/bin/env python3
"""The capacity model of docs/scaling.md, measured: what one PostgreSQL core
ingests, what one replica core serves, what one instance holds in memory.

usage: tests/pg_harness.sh python3 bench/scale.py BUILD_DIR [SECONDS]

BUILD_DIR holds podium and bench/post (a release build: build-bench/ of
bench/run, or `meson setup build/rel --buildtype=release`). Inside the
harness it makes a streaming replica of the harness's cluster
(tests/scale/scale_procs.py), starts `podium serve` with DATABASE_READ_URL
on it, posts distinct reports of the dev corpus (bench/load.py variants,
read from ../shared, never copied) with bench/post for SECONDS, then reads
random /speakers/{id} with wrk for SECONDS. CPU time is read from /proc for
each side's processes (the postmaster and its children), so the figures are
per core-second of the server that did the work, whatever else runs on
the machine. Prints "key value" lines."""
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'scale'))
from scale_procs import Replica  # noqa: E402  (the path set just above)
from podium_harness import FreshDatabase, Server, psql  # noqa: E402

TICKS = os.sysconf('SC_CLK_TCK')


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        try:
            with open('/proc/%d/stat' % pid) as f:
                fields = f.read().rsplit(')', 1)[1].split()
            total += int(fields[11]) + int(fields[12])      # utime, stime
        except (OSError, IndexError):
            pass                                            # a backend that just ended
    return total / TICKS


def cluster_pids(data_dir):
    """The postmaster of data_dir and every process it started."""
    with open(os.path.join(data_dir, 'postmaster.pid')) as f:
        postmaster = int(f.readline())
    pids = [postmaster]
    for entry in os.listdir('/proc'):
        if entry.isdigit():
            try:
                with open('/proc/%s/stat' % entry) as f:
                    if int(f.read().rsplit(')', 1)[1].split()[1]) == postmaster:
                        pids.append(int(entry))
            except (OSError, IndexError):
                pass
    return pids


def memory_kb(pid, key):
    with open('/proc/%d/status' % pid) as f:
        return next(int(line.split()[1]) for line in f if line.startswith(key + ':'))


class Meter:
    """CPU seconds spent by the processes of each named side between start
    and stop; backends are listed again at stop, so new sessions count."""

    def __init__(self, **sides):
        self.sides = sides                  # name -> function giving its pids
        self.start = {name: cpu_seconds(pids()) for name, pids in sides.items()}

    def stop(self):
        return {name: cpu_seconds(pids()) - self.start[name] for name, pids in self.sides.items()}


def kv(text):
    return dict(line.split(' ', 1) for line in text.splitlines() if ' ' in line)


def main():
    build, seconds = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20
    shared = os.environ.get('SHARED', os.path.join(ROOT, '..', 'shared'))
    work = tempfile.mkdtemp(prefix='podium-scale-bench.')
    variants = os.path.join(work, 'variants')
    subprocess.run([sys.executable, os.path.join(ROOT, 'bench', 'load.py'), 'dump',
                    os.path.join(shared, 'corpus', 'dev'), '0', '2000', variants], check=True)
    primary_data = os.path.join(os.environ['PODIUM_PG_HARNESS'], 'data')
    with FreshDatabase(os.environ['DATABASE_URL']) as db:
        subprocess.run([build + '/podium', 'migrate'], check=True,
                       env=dict(os.environ, DATABASE_URL=db.url, PODIUM_LOG='warn'))
        with Replica() as replica:
            replica.wait_for(db.name)
            replica_data = os.path.join(replica.dir, 'data')
            with Server(build + '/podium', db.url, DATABASE_READ_URL=replica.url(db.name),
                        PODIUM_THREADS='8') as srv:
                base = 'http://127.0.0.1:%d' % srv.port
                podium = lambda: [srv.proc.pid]     # noqa: E731
                meter = Meter(primary=lambda: cluster_pids(primary_data), podium=podium)
                out = subprocess.run([build + '/bench/post', '-c', '8', '-s', str(seconds), base,
                                      variants], check=True, capture_output=True, text=True)
                cpu, posted = meter.stop(), kv(out.stdout)
                ok = int(posted['ok'])
                print('ingest_reports_per_s %.1f' % float(posted['per_second']))
                print('ingest_failed %s' % posted['failed'])
                print('ingest_primary_cpu_s %.2f' % cpu['primary'])
                print('ingest_reports_per_primary_core_s %.0f' % (ok / cpu['primary']))
                print('ingest_reports_per_podium_core_s %.0f' % (ok / cpu['podium']))

                paths = os.path.join(work, 'paths')
                with open(paths, 'w') as f:
                    for pid in psql(db.url, 'SELECT id FROM people ORDER BY random() LIMIT 1000'):
                        f.write('/speakers/%s\n' % pid)
                time.sleep(2)                       # the replica replays the last posts
                meter = Meter(replica=lambda: cluster_pids(replica_data),
                              primary=lambda: cluster_pids(primary_data), podium=podium)
                out = subprocess.run(['wrk', '-t', '2', '-c', '32', '-d', '%ds' % seconds,
                                      '-s', os.path.join(ROOT, 'bench', 'paths.lua'), base],
                                     env=dict(os.environ, PATHS=paths), check=True,
                                     capture_output=True, text=True)
                cpu = meter.stop()
                line = next(x for x in out.stdout.splitlines() if x.startswith('Requests/sec:'))
                per_s = float(line.split()[1])
                print('read_per_s %.0f' % per_s)
                print('read_replica_cpu_s %.2f' % cpu['replica'])
                print('read_primary_cpu_s %.2f' % cpu['primary'])
                print('reads_per_replica_core_s %.0f' % (per_s * seconds / cpu['replica']))
                print('reads_per_podium_core_s %.0f' % (per_s * seconds / cpu['podium']))
                print('podium_rss_kb %d' % memory_kb(srv.proc.pid, 'VmRSS'))
                print('podium_peak_rss_kb %d' % memory_kb(srv.proc.pid, 'VmHWM'))
                print('reports %s' % psql(db.url, 'SELECT count(*) FROM reports')[0])
                srv.stop()
                for line in srv.logs():
                    if line.get('level') in ('warn', 'error') or line.get('status', 0) >= 500:
                        print('podium: %r' % line, file=sys.stderr)
    subprocess.run(['rm', '-rf', work], check=False)


if __name__ == '__main__':
    main()
