#!/usr/bin/python3
"""Latency of read requests, one at a time, for bench/import.sh.

usage: reads.py BASE_URL PATHS_FILE
       reads.py --paths PSQL_URL OUT_DIR   (draws the path files)

Each line of PATHS_FILE is requested once, in order, over one keep-alive
connection, so each figure is a request's own latency and not a queue's.
Prints "p50_ms X", "p99_ms Y", "requests N"; any answer other than 200 fails.

--paths draws the query sets from what the database holds now (the first
reports of a run), with a fixed seed, so the same paths are measured again
when the database has grown: words of recommendations as written in
simplified and in traditional reports, names of people, report ids.
"""
import http.client
import statistics
import subprocess
import sys
import time
import urllib.parse

PER_SET = 150
CJK = "^[一-鿿]+$"


def psql(url, sql):
    out = subprocess.run(["/usr/lib/postgresql/15/bin/psql", "-X", "-q", "-A", "-t",
                          "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
                         check=True, capture_output=True, text=True).stdout
    return [line for line in out.split("\n") if line]


def words(url, language, length):
    """Words of `length` Chinese characters cut at random places from the
    recommendations of reports written in `language`."""
    return psql(url, f"""
        SELECT setseed(0.{length}{len(language)});
        SELECT w FROM (SELECT substr(c.text, 1 + (random() * greatest(char_length(c.text) - {length}, 0))::int,
                                     {length}) AS w
                         FROM recommendations c JOIN reports r ON r.id = c.report_id
                        WHERE r.language = '{language}' ORDER BY c.id) s
         WHERE w ~ '{CJK}' AND char_length(w) = {length} ORDER BY random() LIMIT {PER_SET}""")[1:]


def draw(url, out):
    def q(word):
        return urllib.parse.quote(word)

    sets = {}
    for language, script in (("zh-Hans", "simplified"), ("zh-Hant", "traditional")):
        for length in (2, 4):
            sets[f"recs_q{length}_{script}"] = [f"/recommendations?q={q(w)}"
                                               for w in words(url, language, length)]
    sets["speakers_q"] = ["/speakers?q=" + q(n) for n in psql(url, f"""
        SELECT setseed(0.5); SELECT name FROM people WHERE name ~ '{CJK}'
         ORDER BY random() LIMIT {PER_SET}""")[1:]]
    sets["reports_list"] = ["/reports?limit=20"] * PER_SET
    sets["report_by_id"] = ["/reports/" + i for i in psql(url, f"""
        SELECT setseed(0.25); SELECT id FROM reports ORDER BY random() LIMIT {PER_SET}""")[1:]]
    for name, paths in sets.items():
        if len(paths) < PER_SET // 2:
            sys.exit(f"reads.py: only {len(paths)} paths for {name}")
        with open(f"{out}/{name}.paths", "w", encoding="utf-8") as f:
            f.write("\n".join(paths) + "\n")
    print(" ".join(sets))


def measure(base, paths_file):
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    took = []
    with open(paths_file, encoding="utf-8") as f:
        paths = [line.strip() for line in f if line.strip()]
    for path in paths:
        start = time.perf_counter()
        conn.request("GET", path, headers={"Accept-Encoding": "identity"})
        resp = conn.getresponse()
        resp.read()
        took.append((time.perf_counter() - start) * 1000)
        if resp.status != 200:
            sys.exit(f"reads.py: GET {path}: {resp.status}")
    took.sort()
    p99 = took[min(len(took) - 1, int(0.99 * len(took)))]
    print(f"p50_ms {statistics.median(took):.3f}\np99_ms {p99:.3f}\nrequests {len(took)}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--paths":
        draw(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3:
        measure(sys.argv[1], sys.argv[2])
    else:
        sys.exit(__doc__)
