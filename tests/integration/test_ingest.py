#!/usr/bin/env python3
"""Integration tests of the per-person summaries kept by POST /reports
(incremented by the insert) and DELETE /reports/{id} (recomputed): after any
sequence of reports, in or out of date order, every summary equals what the
person's appearances say. Usage: test_ingest.py PODIUM CASE."""
import json
import time
import urllib.parse

from podium_harness import FreshDatabase, Server, check, psql, require_db, run

# Every summary recomputed from the appearances, in the order that defines
# them (latest affiliation by listed_at, then report id, then position);
# the rows where the stored summary differs, or that no appearance backs.
DISAGREEING = """
SELECT p.name_key, p.report_count, p.remark_count, p.recommendation_count, p.last_seen,
       p.affiliation, s.reports, s.remarks, s.recs, s.last_seen, l.affiliation
FROM people p
LEFT JOIN (SELECT person_id, count(DISTINCT report_id) AS reports, sum(remark_count) AS remarks,
                  sum(recommendation_count) AS recs, max(listed_at) AS last_seen
           FROM appearances GROUP BY person_id) s ON s.person_id = p.id
LEFT JOIN LATERAL (SELECT a.affiliation, a.listed_at, a.report_id FROM appearances a
                   WHERE a.person_id = p.id AND a.affiliation IS NOT NULL
                   ORDER BY a.listed_at DESC, a.report_id DESC, a.position LIMIT 1) l ON true
WHERE s.person_id IS NULL
   OR (p.report_count, p.remark_count, p.recommendation_count, p.last_seen)
      IS DISTINCT FROM (s.reports::int, s.remarks::int, s.recs::int, s.last_seen)
   OR (p.affiliation, p.affiliation_listed_at, p.affiliation_report_id)
      IS DISTINCT FROM (l.affiliation, l.listed_at, l.report_id)
"""

NAME = '周明'


def meeting(tag, unit, others=()):
    """A small report: NAME of unit, and others of another unit, each with
    one remark carrying a recommendation."""
    people = [(NAME, unit)] + [(o, '东南大学') for o in others]
    listed = '、'.join('%s教授%s' % (u, n) for n, u in people)
    lines = ['%s研讨会在南京举行。%s等出席会议。' % (tag, listed)]
    lines += ['%s表示，要推动%s改革。' % (n, tag) for n, _ in people]
    return '\n'.join(lines) + '\n'


def post(srv, text, published_at):
    status, _, doc = srv.json('POST', '/reports', body=json.dumps(
        {'text': text, 'published_at': published_at}, ensure_ascii=False).encode('utf-8'),
        headers={'Content-Type': 'application/json'})
    check(status == 201, 'POST: %d %r' % (status, doc))
    return doc['id']


def speaker(srv, db):
    pid = psql(db.url, "SELECT id FROM people WHERE name_key = '%s'" % NAME)
    check(len(pid) == 1, 'no person %s' % NAME)
    status, _, doc = srv.json('GET', '/speakers/%s' % pid[0])
    check(status == 200, 'GET speaker: %d %r' % (status, doc))
    return doc


def agree(db, what):
    wrong = psql(db.url, DISAGREEING)
    check(wrong == [], '%s: summaries disagree with appearances: %r' % (what, wrong))


def case_summaries(podium):
    """Affiliation follows the latest appearance by date, not by arrival: a
    back-dated report keeps a newer affiliation, a tie on the date goes to
    the later report, a delete restores the one before; counters add up."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url) as srv:
        post(srv, meeting('第一', '南京大学', ['李华']), '2024-06-01T09:00:00Z')
        check(speaker(srv, db)['affiliation'].startswith('南京大学'), 'first affiliation')
        post(srv, meeting('第二', '北京大学'), '2023-01-01T09:00:00Z')
        doc = speaker(srv, db)
        check(doc['affiliation'].startswith('南京大学'),
              'a back-dated report replaced the newer affiliation: %r' % doc['affiliation'])
        agree(db, 'back-dated report')
        later = post(srv, meeting('第三', '清华大学', ['王平']), '2024-07-01T09:00:00Z')
        check(speaker(srv, db)['affiliation'].startswith('清华大学'), 'later report affiliation')
        tie = post(srv, meeting('第四', '复旦大学'), '2024-07-01T09:00:00Z')
        check(tie > later and speaker(srv, db)['affiliation'].startswith('复旦大学'),
              'same date: the later report wins')
        agree(db, 'reports on the same date')
        for report in (tie, later):
            status, _, _ = srv.request('DELETE', '/reports/%d' % report)
            check(status == 204, 'DELETE: %d' % status)
        doc = speaker(srv, db)
        check(doc['affiliation'].startswith('南京大学') and doc['report_count'] == 2,
              'after deleting the later reports: %r' % {k: doc.get(k) for k in
                                                        ('affiliation', 'report_count')})
        agree(db, 'after deletes')
        again = post(srv, meeting('第五', '浙江大学'), '2022-01-01T09:00:00Z')
        check(speaker(srv, db)['affiliation'].startswith('南京大学'), 'back-dated after delete')
        agree(db, 'back-dated after delete')
        status, _, _ = srv.request('DELETE', '/reports/%d' % again)
        check(status == 204, 'DELETE: %d' % status)
        agree(db, 'the end')
        status = srv.stop()
        check(status == 0, 'podium serve exited with %d: %s' % (status, srv.log_text()))


TRGM_INDEXES = ('reports_text_trgm_idx', 'reports_title_trgm_idx', 'recommendations_spread_trgm_idx')


def pending_tuples(db):
    """Entries waiting in each trigram index's pending list."""
    return {i: int(psql(db.url, "SELECT pending_tuples FROM pgstatginindex('%s')" % i)[0])
            for i in TRGM_INDEXES}


def case_pending_lists(podium):
    """The server merges the trigram indexes' pending lists by itself: a few
    posts, far below the lists' limit, are in the indexes proper within
    seconds, and searching still finds them."""
    with FreshDatabase(require_db()) as db:
        psql(db.url, 'CREATE EXTENSION IF NOT EXISTS pgstattuple')
        with Server(podium, db.url) as srv:
            limits = psql(db.url, "SELECT reloptions::text FROM pg_class WHERE relname IN (%s)"
                          % ', '.join("'%s'" % i for i in TRGM_INDEXES))
            check(limits == ['{gin_pending_list_limit=32768}'] * len(TRGM_INDEXES), 'limits: %r' % limits)
            for i in range(3):
                post(srv, meeting('第%d次' % i, '南京大学'), '2024-06-0%dT09:00:00Z' % (i + 1))
            deadline = time.monotonic() + 10
            waiting = pending_tuples(db)
            while any(waiting.values()) and time.monotonic() < deadline:
                time.sleep(0.2)
                waiting = pending_tuples(db)
            check(not any(waiting.values()), 'pending lists not merged: %r' % waiting)
            status, _, doc = srv.json('GET', '/recommendations?q=%s' % urllib.parse.quote('第2次改革'))
            check(status == 200 and len(doc['items']) == 1, 'search after the merge: %r' % doc)
            status = srv.stop()
            check(status == 0, 'podium serve exited with %d: %s' % (status, srv.log_text()))


if __name__ == '__main__':
    run({'summaries': case_summaries, 'pending-lists': case_pending_lists})
