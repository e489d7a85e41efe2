#!/usr/bin/env python3
"""Bulk import and export (issue 14): `podium import`, POST /reports:batch,
`podium export` and GET /export against the harness PostgreSQL, one fresh
database per case, on the project's own fixture reports.
Usage: test_bulk.py PODIUM CASE."""
import csv
import http.client
import io
import json
import os
import subprocess
import tempfile
import zipfile

from podium_harness import FreshDatabase, Server, check, podium_env, psql, require_db, run
from test_api import fixtures, finish, get_ok, meeting, person, post_json

NDJSON = {'Content-Type': 'application/x-ndjson'}
# Keys that differ between two databases holding the same report.
VOLATILE = {'id', 'report_id', 'person_id', 'created_at'}


def import_cli(podium, db, args, stdin=None, cwd=None):
    """(exit status, summary dict from stdout, stderr text) of podium import."""
    out = subprocess.run([os.path.abspath(podium), 'import'] + args, env=podium_env(db.url), input=stdin,
                         capture_output=True, timeout=600, cwd=cwd)
    err = out.stderr.decode('utf-8', 'replace')
    lines = out.stdout.decode('utf-8').splitlines()
    summary = json.loads(lines[-1]) if lines else None
    return out.returncode, summary, err


def export_cli(podium, db, args):
    out = subprocess.run([podium, 'export'] + args, env=podium_env(db.url), capture_output=True,
                         timeout=600)
    check(out.returncode == 0, 'podium export %s: %d %s' % (args, out.returncode, out.stderr[-400:]))
    return out.stdout


def write_reports(folder, reports):
    os.makedirs(folder, exist_ok=True)
    for name, text in reports:
        with open(os.path.join(folder, name + '.txt'), 'w', encoding='utf-8', newline='') as f:
            f.write(text)


def jsonl(docs):
    return ''.join(json.dumps(d, ensure_ascii=False) + '\n' for d in docs)


def count(db, table):
    return int(psql(db.url, 'SELECT count(*) FROM %s' % table)[0])


def stable(doc):
    """doc without what two databases number differently."""
    if isinstance(doc, dict):
        return {k: stable(v) for k, v in doc.items() if k not in VOLATILE}
    if isinstance(doc, list):
        return [stable(v) for v in doc]
    return doc


def case_import_resume(podium):
    """A folder (with a subfolder) imported twice: the second run stores
    nothing and counts every report as skipped; what import stores is what
    POST /reports stores, row for row."""
    reports = fixtures.written() + fixtures.composed(24)
    with tempfile.TemporaryDirectory() as tmp, FreshDatabase(require_db()) as db, \
            FreshDatabase(require_db()) as posted:
        folder = os.path.join(tmp, 'archive')
        write_reports(folder, reports[:20])
        write_reports(os.path.join(folder, '2024'), reports[20:])
        with open(os.path.join(folder, 'notes.md'), 'w') as f:
            f.write('not a report: other extensions are not read\n')
        status, first, err = import_cli(podium, db, [folder, '--threads', '2', '--batch', '7'], cwd=tmp)
        check(status == 0, 'first import: %d %s' % (status, err[-400:]))
        check(first['stored'] == len(reports) and first['duplicates'] == 0 and first['rejected'] == 0,
              'first import: %r' % first)
        check(count(db, 'reports') == len(reports), 'reports stored: %d' % count(db, 'reports'))
        tables = {t: count(db, t) for t in ('appearances', 'remarks', 'recommendations', 'people')}
        # Not a terminal: progress comes as JSON lines on stderr, the last one complete.
        progress = [json.loads(line)['progress'] for line in err.splitlines()
                    if line.startswith('{"progress"')]
        check(progress and progress[-1]['done'] == len(reports) and
              progress[-1]['total'] == len(reports), 'progress lines: %r' % progress[-1:])

        status, second, err = import_cli(podium, db, [folder], cwd=tmp)
        check(status == 0, 'second import: %d %s' % (status, err[-400:]))
        check(second['stored'] == 0 and second['duplicates'] == len(reports),
              'second import stored again: %r' % second)
        check(count(db, 'reports') == len(reports) and
              {t: count(db, t) for t in tables} == tables, 'second import changed rows')

        with Server(podium, posted.url) as srv_posted, Server(podium, db.url) as srv:
            for name, text in reports[:6]:
                status, _, doc = srv_posted.json('POST', '/reports', body=text.encode('utf-8'),
                                                 headers={'Content-Type': 'text/plain'})
                check(status == 201, 'post %s: %d' % (name, status))
                # The same text posted where it was imported is a duplicate.
                status, _, again = srv.json('POST', '/reports', body=text.encode('utf-8'),
                                            headers={'Content-Type': 'text/plain'})
                check(status == 200, 'imported %s posted again: %d' % (name, status))
                check(stable(again) == stable(doc), 'imported %s differs from posted' % name)
            finish(srv)
            finish(srv_posted)


def case_import_rejects(podium):
    """A bad line in the middle of a JSONL file is rejected with its file,
    line and reason, on stderr and in the rejects file; the lines around
    it are stored whole, and the exit status says something was rejected."""
    good = [{'text': meeting('第%d次' % i, [person(i), person(i + 1)]),
             'title': '会议%d' % i, 'published_at': '2024-03-%02dT09:00:00+08:00' % (i + 1)}
            for i in range(6)]
    lines = [json.dumps(d, ensure_ascii=False) for d in good[:3]]
    lines += ['{"text": "unfinished', '', json.dumps({'text': ''}),
              json.dumps({'text': good[0]['text'] + '再。', 'url': 'javascript:alert(1)'}),
              json.dumps({'title': 'no text'}), json.dumps(['not', 'an', 'object'])]
    lines += [json.dumps(d, ensure_ascii=False) for d in good[3:]]
    with tempfile.TemporaryDirectory() as tmp, FreshDatabase(require_db()) as db:
        path = os.path.join(tmp, 'mixed.jsonl')
        with open(path, 'w', encoding='utf-8') as f:
            f.write('\n'.join(lines) + '\n')
        rejects = os.path.join(tmp, 'bad.jsonl')
        status, summary, err = import_cli(podium, db, ['--rejects', rejects, path])
        check(status == 1, 'import with rejects: exit %d %s' % (status, err[-300:]))
        check(summary['stored'] == 6 and summary['rejected'] == 5, 'summary: %r' % summary)
        with open(rejects, encoding='utf-8') as f:
            got = [json.loads(line) for line in f]
        want_lines = [4, 6, 7, 8, 9]     # line 5 is blank: skipped, not rejected
        check([r['line'] for r in got] == want_lines, 'rejected lines: %r' % got)
        check(all(r['file'] == path for r in got), 'rejects name another file: %r' % got)
        check([r['code'] for r in got] == ['invalid-json', 'unprocessable', 'invalid-field',
                                           'invalid-field', 'invalid-field'], 'codes: %r' % got)
        check('url' in got[2]['reason'] and 'text' in got[3]['reason'], 'reasons: %r' % got)
        check('%s:7: url: must be an http or https URL' % path in err, 'stderr: %s' % err[-500:])
        # Stored whole or not at all: six reports with two people each.
        check(count(db, 'reports') == 6 and count(db, 'appearances') == 12,
              'rows: %d reports, %d appearances' % (count(db, 'reports'), count(db, 'appearances')))
        titles = psql(db.url, 'SELECT title FROM reports ORDER BY published_at')
        check(titles == [d['title'] for d in good], 'titles: %r' % titles)

        # Bad usage: exit 2, one line, nothing read.
        for args in (['--batch', '0', path], [os.path.join(tmp, 'missing')], []):
            status, _, err = import_cli(podium, db, args)
            check(status == 2, 'import %r: exit %d' % (args, status))


def case_import_stdin(podium):
    """'-' reads NDJSON from standard input, total unknown."""
    docs = [{'text': meeting('标准输入%d' % i, [person(i)]), 'metadata': {'n': i}} for i in range(5)]
    with tempfile.TemporaryDirectory() as tmp, FreshDatabase(require_db()) as db:
        status, summary, err = import_cli(podium, db, ['-'], stdin=jsonl(docs).encode('utf-8'),
                                          cwd=tmp)
        check(status == 0 and summary['stored'] == 5, 'stdin: %d %r %s' % (status, summary, err))
        check('"total":null' in err, 'progress of stdin should have no total: %s' % err[-300:])
        meta = psql(db.url, "SELECT metadata->>'n' FROM reports ORDER BY (metadata->>'n')::int")
        check(meta == ['0', '1', '2', '3', '4'], 'metadata: %r' % meta)
        status, summary, _ = import_cli(podium, db, ['-'], stdin=jsonl(docs).encode('utf-8'), cwd=tmp)
        check(status == 0 and summary['duplicates'] == 5, 'stdin again: %r' % summary)


def post_batch(srv, body, headers=NDJSON):
    status, h, data = srv.request('POST', '/reports:batch', body=body, headers=headers, timeout=300)
    return status, h, data


def case_batch_order(podium):
    """One answer line per report line, in input order, with its id or its
    problem; a duplicate is an id with created false."""
    docs = [{'text': meeting('批量%d' % i, [person(i)])} for i in range(40)]
    lines = [json.dumps(d, ensure_ascii=False) for d in docs]
    lines.insert(10, '{"text": 42}')
    lines.insert(20, '')
    lines.insert(30, 'not json')
    lines.append(lines[0])                      # a duplicate of the first
    body = ('\r\n'.join(lines)).encode('utf-8')   # CRLF and no final line end
    with FreshDatabase(require_db()) as db, Server(podium, db.url) as srv:
        status, h, data = post_batch(srv, body)
        check(status == 200 and h['content-type'].startswith('application/x-ndjson'),
              'batch: %d %r' % (status, h))
        answers = [json.loads(line) for line in data.decode('utf-8').splitlines()]
        want = [i + 1 for i in range(len(lines)) if lines[i] != '']
        check([a['line'] for a in answers] == want, 'answer lines: %r' % [a['line'] for a in answers])
        bad = {a['line']: a['problem']['code'] for a in answers if 'problem' in a}
        check(bad == {11: 'invalid-field', 31: 'invalid-json'}, 'problems: %r' % bad)
        ids = [a for a in answers if 'id' in a]
        check(all(a['created'] for a in ids[:-1]) and ids[-1]['created'] is False and
              ids[-1]['id'] == ids[0]['id'], 'created flags: %r' % ids[-3:])
        check(count(db, 'reports') == 40, 'reports: %d' % count(db, 'reports'))
        for a in ids[:3]:
            _, doc = get_ok(srv, '/reports/%d' % a['id'])
            check(doc['people'][0]['name_key'] == person(ids.index(a)), 'id %d is another report' % a['id'])

        status, h, data = post_batch(srv, body, headers={'Content-Type': 'application/json'})
        check(status == 415 and 'application/x-ndjson' in h.get('accept-post', ''),
              'json content type: %d %r' % (status, h))
        finish(srv)


def vm_hwm_kib(pid):
    with open('/proc/%d/status' % pid) as f:
        for line in f:
            if line.startswith('VmHWM:'):
                return int(line.split()[1])
    raise AssertionError('no VmHWM')


def case_batch_bounded(podium):
    """A body of many megabytes, sent in chunks, never sits in memory: the
    server's peak RSS grows far less than the body. A line over
    PODIUM_MAX_BODY is answered as too large and the lines after it are
    still read; a Content-Length over the documented 1 GiB is 413 at once."""
    real = [json.dumps({'text': meeting('长批量%d' % i, [person(i)])}, ensure_ascii=False).encode('utf-8')
            for i in range(4)]
    filler = b' ' * 1000 + b'\n'                     # blank lines: read and skipped
    long_line = b'{"text": "' + 'é'.encode('utf-8') * (1 << 20) + b'"}'   # 2 MiB: over the limit
    body_mb = 64

    def chunks():
        yield real[0] + b'\n' + real[1] + b'\n'
        for _ in range(body_mb * 1024 // 64):
            yield filler * 64
        yield long_line + b'\n'
        yield real[2] + b'\n' + real[3]

    with FreshDatabase(require_db()) as db, Server(podium, db.url) as srv:
        post_batch(srv, real[0] + b'\n')              # warm: pools, statements, segmenter
        before = vm_hwm_kib(srv.proc.pid)
        conn = http.client.HTTPConnection('127.0.0.1', srv.port, timeout=300)
        conn.request('POST', '/reports:batch', body=chunks(), headers=NDJSON, encode_chunked=True)
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        check(resp.status == 200, 'long batch: %d %r' % (resp.status, data[:300]))
        answers = [json.loads(line) for line in data.decode('utf-8').splitlines()]
        check(len(answers) == 5, 'answers: %r' % answers)
        check(answers[2]['problem']['code'] == 'body-too-large', 'long line: %r' % answers[2])
        check([a.get('created') for a in answers] == [False, True, None, True, True],
              'created: %r' % answers)
        grown = vm_hwm_kib(srv.proc.pid) - before
        check(grown < 24 * 1024, 'peak RSS grew %d KiB for a %d MiB body' % (grown, body_mb))

        status, h, data = srv.request('POST', '/reports:batch', body=b'',
                                      headers=dict(NDJSON, **{'Content-Length': str((1 << 30) + 1)}))
        check(status == 413, 'over 1 GiB announced: %d %r' % (status, data[:200]))
        finish(srv)


def seed(srv, n=12):
    """n fixture reports posted, with dates; their ids."""
    ids = []
    for i, (name, text) in enumerate((fixtures.written() + fixtures.composed(n))[:n]):
        doc = {'text': text, 'title': '标题, "引号" %s' % name,
               'published_at': '2024-%02d-15T08:00:00Z' % (i % 12 + 1), 'metadata': {'i': i}}
        status, _, rep = post_json(srv, doc)
        check(status == 201, 'post %s: %d %r' % (name, status, rep))
        ids.append(rep['id'])
    return ids


def case_export_jsonl(podium):
    """Every line of the JSONL export equals GET /reports/{id}, over the CLI
    and over HTTP; since/until keep the reports whose event day is in [since, until)."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url) as srv:
        ids = seed(srv)
        lines = export_cli(podium, db, ['--format', 'jsonl']).decode('utf-8').splitlines()
        docs = [json.loads(line) for line in lines]
        check([d['id'] for d in docs] == sorted(ids), 'exported ids: %r' % [d['id'] for d in docs])
        for d in docs:
            _, want = get_ok(srv, '/reports/%d' % d['id'])
            check(d == want, 'export of %d differs from GET' % d['id'])
        status, h, body = srv.request('GET', '/export?format=jsonl')
        check(status == 200 and h['content-type'].startswith('application/x-ndjson'),
              'GET /export: %d %r' % (status, h))
        check(body.decode('utf-8').splitlines() == lines, 'HTTP and CLI exports differ')

        text_docs = [json.loads(l) for l in
                     export_cli(podium, db, ['--format', 'jsonl', '--text']).splitlines()]
        _, want = get_ok(srv, '/reports/%d?include=text' % ids[0])
        check(text_docs[0] == want, '--text differs from ?include=text')

        window = export_cli(podium, db, ['--format', 'jsonl', '--since', '2024-03-01',
                                         '--until', '2024-06-01T00:00:00Z']).splitlines()
        days = sorted(json.loads(l)['event']['date_iso'] for l in window)
        want = sorted(d['event']['date_iso'] for d in docs
                      if '2024-03-01' <= d['event']['date_iso'] < '2024-06-01')
        check(want and days == want, 'since/until keep the event days in the window: %r, not %r'
              % (days, want))
        status, _, body = srv.request('GET', '/export?format=jsonl&since=2024-03-01&until=2024-06-01')
        check(status == 200 and body.splitlines() == window, 'GET since/until differs')
        for bad in ('format=xml', 'format=jsonl&table=people', 'format=csv&table=x',
                    'format=jsonl&since=yesterday', 'format=csv&bom=2', 'format=jsonl&x=1'):
            status, _, doc = srv.json('GET', '/export?' + bad)
            check(status == 400 and doc['code'] == 'invalid-parameter', '%s: %d %r' % (bad, status, doc))
        out = subprocess.run([podium, 'export', '--format', 'csv'], env=podium_env(db.url),
                             capture_output=True, timeout=60)
        check(out.returncode == 2 and len(out.stderr.splitlines()) >= 1, 'csv without --out: %d' % out.returncode)
        finish(srv)


def csv_rows(data, bom):
    text = data.decode('utf-8')
    check(text.startswith('\ufeff') == bom, 'BOM %s expected' % ('a' if bom else 'no'))
    return list(csv.DictReader(io.StringIO(text.lstrip('\ufeff'), newline='')))


def opt(v):
    return '' if v is None else str(v)


def want_tables(docs):
    """The four CSV tables as the JSON export says they must read."""
    reports, people, remarks, recs = [], [], [], []
    for d in docs:
        ev = d['event']
        reports.append({'id': str(d['id']), 'sha256': d['sha256'], 'title': opt(d['title']),
                        'published_at': opt(d['published_at']), 'language': d['language'],
                        'event_name': opt(ev['name']), 'event_date': opt(ev['date']),
                        'people_count': str(len(d['people']))})
        for p in d['people']:
            people.append({'report_id': str(d['id']), 'id': str(p['id']), 'person_id': str(p['person_id']),
                           'name': p['name'], 'name_key': p['name_key'],
                           'affiliation': opt(p['affiliation']), 'role': p['role'],
                           'remark_count': str(p['remark_count'])})
            for m in p['remarks']:
                remarks.append({'id': str(m['id']), 'report_id': str(d['id']),
                                'person_id': str(p['person_id']), 'text': m['text'],
                                'start': str(m['start']), 'end': str(m['end']),
                                'cue_text': opt(m['cue'] and m['cue']['text']),
                                'confidence': m['confidence']})
            for c in p['recommendations']:
                recs.append({'id': str(c['id']), 'report_id': str(d['id']), 'ordinal': str(c['ordinal']),
                             'marker': opt(c['marker']), 'text': c['text'],
                             'paragraph': str(c['paragraph'])})
    return {'reports': reports, 'people': people, 'remarks': remarks, 'recommendations': recs}


def check_tables(tables, docs):
    want = want_tables(docs)
    for name, rows in want.items():
        got = tables[name]
        check(len(got) == len(rows) and rows, '%s: %d rows, want %d' % (name, len(got), len(rows)))
        for g, w in zip(got, rows):
            for k, v in w.items():
                if k == 'confidence':
                    check(abs(float(g[k]) - v) < 1e-4, '%s %s: %r != %r' % (name, k, g[k], v))
                else:
                    check(g[k] == v, '%s row %s, %s: %r != %r' % (name, w.get('id'), k, g[k], v))
    meta = [json.loads(r['metadata']) for r in tables['reports']]
    check(meta == [d['metadata'] for d in docs], 'metadata column: %r' % meta[:2])


def case_export_csv(podium):
    """The CSV tables (a folder, a zip, GET /export?format=csv) read by
    Python's csv module hold the same rows as the JSON export, with quotes,
    commas and Chinese intact, and the BOM only when asked for."""
    with tempfile.TemporaryDirectory() as tmp, FreshDatabase(require_db()) as db, \
            Server(podium, db.url) as srv:
        seed(srv)
        docs = [json.loads(l) for l in export_cli(podium, db, ['--format', 'jsonl']).splitlines()]
        folder = os.path.join(tmp, 'tables')
        export_cli(podium, db, ['--format', 'csv', '--out', folder])
        names = ('reports', 'people', 'remarks', 'recommendations')
        raw = {}
        for n in names:
            with open(os.path.join(folder, n + '.csv'), 'rb') as f:
                raw[n] = f.read()
        check_tables({n: csv_rows(raw[n], False) for n in names}, docs)

        bom_folder = os.path.join(tmp, 'bom')
        export_cli(podium, db, ['--format', 'csv', '--bom', '--out', bom_folder])
        for n in names:
            with open(os.path.join(bom_folder, n + '.csv'), 'rb') as f:
                data = f.read()
            check(data == '\ufeff'.encode('utf-8') + raw[n], '%s.csv with --bom' % n)

        archive = os.path.join(tmp, 'all.zip')
        export_cli(podium, db, ['--format', 'csv-zip', '--bom', '--out', archive])
        with zipfile.ZipFile(archive) as z:
            check(sorted(z.namelist()) == sorted(n + '.csv' for n in names), 'zip: %r' % z.namelist())
            check(z.testzip() is None, 'zip is damaged')
            check_tables({n: csv_rows(z.read(n + '.csv'), True) for n in names}, docs)
        check(sorted(os.listdir(tmp)) == ['all.zip', 'bom', 'tables'], 'left behind: %r' % os.listdir(tmp))

        for n in names:
            status, h, body = srv.request('GET', '/export?format=csv&table=%s' % n)
            check(status == 200 and h['content-type'].startswith('text/csv'), '%s: %d' % (n, status))
            check(body == raw[n], 'GET /export table=%s differs from the CLI file' % n)
        status, _, body = srv.request('GET', '/export?format=csv&bom=1')
        check(body == '\ufeff'.encode('utf-8') + raw['reports'], 'GET csv default table or bom')
        finish(srv)


if __name__ == '__main__':
    run({'import-resume': case_import_resume, 'import-rejects': case_import_rejects,
         'import-stdin': case_import_stdin, 'batch-order': case_batch_order,
         'batch-bounded': case_batch_bounded, 'export-jsonl': case_export_jsonl,
         'export-csv': case_export_csv})
