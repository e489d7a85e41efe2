#!/usr/bin/env python3
"""Live conformance of the running service with the document it serves.

The document drives the run: every (path, method) in /openapi.json is
called once for each documented status the probes below know how to
provoke (a valid call, a repeat, If-None-Match, an unknown parameter, a
missing resource, no token, a foreign Origin, a body over the limit, a
foreign media type, an empty text, a database that is gone, a /docs
without its bundle), and every answer is checked against the document:

- its status is documented for that path and method;
- its media type is one the status documents, and a JSON body validates
  against that schema (python3-jsonschema, JSON Schema 2020-12, with the
  document's components for $ref); a status without content has no body;
- every header the status declares as required is there, and an integer
  header holds an integer;
- and every routed path is documented, and every documented one routed;
  a method a path does not list is 405 with Allow naming the documented
  ones, an unknown path 404, both problems of the documented shape.

Usage: test_conformance.py PODIUM CASE
  live        the check above against the served document
  self-check  the same answers against doctored copies of the document:
              each doctoring must be caught (the check can fail)
  document    what generators and renderers rely on: required members,
              tags, X-Request-Id declared, servers from Host, since/until;
              and /docs without Redoc says how to install it
"""
import copy
import json
import os
import re
import tempfile
import urllib.parse

import jsonschema

from podium_harness import FreshDatabase, Server, check, psql, require_db, run
from test_api import fixtures, routed

METHODS = ('get', 'post', 'put', 'patch', 'delete')
NDJSON = ('application/x-ndjson', 'application/jsonl')    # JSON lines
TOKEN = 'conformance-token'
MAX_BODY = 65536
MISSING_ID = '987654321'
WEB_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'web')
# Statuses no request from outside can bring about on purpose: a write
# still running under the same Idempotency-Key (a race), and a bug.
UNPROVOKABLE = {'409', '500'}


def deref(doc, obj):
    while isinstance(obj, dict) and '$ref' in obj:
        node = doc
        for part in obj['$ref'].lstrip('#/').split('/'):
            node = node[part]
        obj = node
    return obj


def operations(doc):
    """(path, method, operation) of the document, writes before reads and
    deletes last, so reads find what the writes stored."""
    order = {'post': 0, 'put': 0, 'patch': 0, 'get': 1, 'delete': 2}
    ops = [(path, m, op) for path, item in doc['paths'].items()
           for m, op in item.items() if m in METHODS]
    return sorted(ops, key=lambda o: order[o[1]])


def parameters(doc, path, op):
    item = doc['paths'][path]
    return [deref(doc, p) for p in item.get('parameters', []) + op.get('parameters', [])]


class World:
    """What the probes fill path parameters with: ids the service handed
    out, else a value the parameter's own schema names."""

    def __init__(self):
        self.ids = {}

    def value(self, doc, path, op, name, missing):
        before = path.split('{' + name + '}')[0].rstrip('/').rsplit('/', 1)[-1]
        if before in self.ids:
            return MISSING_ID if missing else self.ids[before]
        if before == 'assets':
            return 'no-such-file.js' if missing else 'app.js'
        schema = next((p.get('schema', {}) for p in parameters(doc, path, op)
                       if p['name'] == name and p['in'] == 'path'), {})
        if missing:
            return 'no-such-' + name
        for key in ('enum', 'examples'):
            if schema.get(key):
                return str(schema[key][0])
        if 'example' in schema:
            return str(schema['example'])
        return MISSING_ID if schema.get('type') == 'integer' else name

    def url(self, doc, path, op, missing=False, query=''):
        url = re.sub(r'\{(\w+)\}', lambda m: self.value(doc, path, op, m.group(1), missing), path)
        return url + query

    def learn(self, path, method, status, body):
        """Remembers the ids of what a write created or a list returned."""
        if status not in (200, 201) or not isinstance(body, dict):
            return
        resource = path.strip('/').split('/')[0]
        if method == 'post' and isinstance(body.get('id'), int):
            self.ids.setdefault(resource, str(body['id']))
        items = body.get('items')
        if method == 'get' and path.count('/') == 1 and isinstance(items, list) and items \
                and isinstance(items[0], dict) and isinstance(items[0].get('id'), int):
            self.ids.setdefault(resource, str(items[0]['id']))


class Exchange:
    def __init__(self, path, method, intent, status, headers, body):
        self.path, self.method, self.intent = path, method, intent
        self.status, self.headers, self.body = status, headers, body

    def __repr__(self):
        return '%s %s (%s): %d' % (self.method.upper(), self.path, self.intent, self.status)


def media(op):
    body = op.get('requestBody', {}).get('content', {})
    return list(body)


def sample(param):
    """A value the document itself offers for param, else one of its type."""
    schema = param.get('schema', {})
    schema = schema.get('anyOf', [schema])[0]
    examples = param.get('examples')
    if examples:
        return str(next(iter(examples.values()))['value'])
    for value in (param.get('example'), schema.get('example')):
        if value is not None:
            return str(value)
    if schema.get('enum'):
        return str(schema['enum'][0])
    if 'default' in schema:
        return str(schema['default'])
    if schema.get('type') == 'integer':
        return str(schema.get('minimum', 1))
    return {'date': '2023-11-23', 'date-time': '2023-11-23T09:00:00Z'}.get(
        schema.get('format'), param['name'])


def with_params(doc, path, op, where):
    """(name, sample) of each documented parameter in where (query, header)."""
    return [(p['name'], sample(p)) for p in parameters(doc, path, op)
            if p['in'] == where and p['name'] != 'If-None-Match']


def probes(doc, path, method, op, world, report_text):
    """(intent, url, headers, body) to send; each names the status it aims at."""
    documented = set(op.get('responses', {}))
    auth = {'Authorization': 'Bearer ' + TOKEN}
    has_args = '{' in path
    out = []
    if method in ('post', 'put', 'patch'):
        types = media(op)
        text = report_text.encode('utf-8')
        if 'text/plain' in types:
            plain = dict(auth, **{'Content-Type': 'text/plain; charset=utf-8'})
            out.append(('ok', world.url(doc, path, op), plain, text))
            out.append(('repeat', world.url(doc, path, op), plain, text))
            if '413' in documented:
                out.append(('413', world.url(doc, path, op), plain, b'x' * (MAX_BODY + 1)))
            if '401' in documented:
                out.append(('401', world.url(doc, path, op),
                            {'Content-Type': 'text/plain; charset=utf-8'}, text))
            if '403' in documented:
                out.append(('403', world.url(doc, path, op),
                            dict(plain, Origin='http://elsewhere.example'), text))
            # Each documented header sent twice: what a retry with it answers.
            for name, value in with_params(doc, path, op, 'header'):
                for intent in ('ok-header-' + name, 'ok-header-again-' + name):
                    out.append((intent, world.url(doc, path, op), dict(plain, **{name: value}),
                                text + b'\n' + name.encode()))
        if 'application/json' in types:
            js = dict(auth, **{'Content-Type': 'application/json'})
            out.append(('ok-json', world.url(doc, path, op), js,
                        json.dumps({'text': report_text + '\n', 'title': 'conformance',
                                    'published_at': '2023-11-23T09:00:00+08:00'},
                                   ensure_ascii=False).encode('utf-8')))
            if '400' in documented:
                out.append(('400', world.url(doc, path, op), js, b'{"text": '))
            if '422' in documented:
                out.append(('422', world.url(doc, path, op), js, b'{"text": ""}'))
        if 'application/x-ndjson' in types:
            nd = dict(auth, **{'Content-Type': 'application/x-ndjson'})
            line = json.dumps({'text': report_text + '\nbatch'}, ensure_ascii=False)
            out.append(('ok-ndjson', world.url(doc, path, op), nd,
                        (line + '\n{"text": \n').encode('utf-8')))    # a good and a bad line
        if '415' in documented:
            out.append(('415', world.url(doc, path, op),
                        dict(auth, **{'Content-Type': 'application/xml'}), b'<report/>'))
        return out
    headers = auth if method == 'delete' else {}
    if method == 'delete':
        if '401' in documented:
            out.append(('401', world.url(doc, path, op), {}, None))
        if '403' in documented:
            out.append(('403', world.url(doc, path, op),
                        dict(auth, Origin='http://elsewhere.example'), None))
    if '400' in documented:
        out.append(('400', world.url(doc, path, op, query='?conformance-unknown=1'), headers, None))
        integers = {p['name'] for p in parameters(doc, path, op)
                    if p['in'] == 'path' and p.get('schema', {}).get('type') == 'integer'}
        if integers:
            out.append(('400-id', re.sub(r'\{(\w+)\}', lambda m: 'abc' if m.group(1) in integers
                                         else world.value(doc, path, op, m.group(1), False), path),
                        headers, None))
    if '404' in documented and has_args:
        out.append(('404', world.url(doc, path, op, missing=True), headers, None))
    out.append(('ok', world.url(doc, path, op), headers, None))
    # Each documented query parameter with a value the document offers.
    for name, value in with_params(doc, path, op, 'query'):
        out.append(('ok-query-' + name, world.url(doc, path, op, query='?%s=%s' % (
            name, urllib.parse.quote(value, safe=''))), headers, None))
    return out


def send(srv, doc, path, method, op, world, intent, url, headers, body):
    status, got, data = srv.request(method.upper(), url, body=body, headers=headers)
    parsed = None
    got_type = got.get('content-type', '').split(';')[0].strip()
    if got_type in NDJSON and data:
        try:
            parsed = [json.loads(line) for line in data.splitlines() if line.strip()]
        except ValueError:
            parsed = data
    elif got_type.endswith('json') and data:
        try:
            parsed = json.loads(data)
        except ValueError:
            parsed = data
    else:
        parsed = data
    world.learn(path, method, status, parsed)
    exchanges = [Exchange(path, method, intent, status, got, parsed)]
    # A tagged answer is asked again with its tag when 304 is documented.
    if status == 200 and method == 'get' and '304' in op.get('responses', {}) and 'etag' in got:
        s2, h2, d2 = srv.request('GET', url, headers=dict(headers, **{'If-None-Match': got['etag']}))
        exchanges.append(Exchange(path, method, '304', s2, h2, d2))
    return exchanges


def drive(srv, doc, world, report_text, only_ok=False):
    out = []
    for path, method, op in operations(doc):
        for intent, url, headers, body in probes(doc, path, method, op, world, report_text):
            if only_ok and not intent.startswith('ok'):
                continue
            out += send(srv, doc, path, method, op, world, intent, url, headers, body)
    return out


def off_document(srv, doc, world):
    """Answers to what the document does not offer: each path with a method
    it does not list, and a path that is not there. They are problems
    (the document's Problem schema), 405 with Allow naming exactly the
    documented methods, and 404."""
    errors = []
    problem = {'$ref': '#/components/schemas/Problem'}
    for path, item in doc['paths'].items():
        listed = {m for m in item if m in METHODS}
        absent = next(m for m in METHODS if m not in listed)
        op = item[sorted(listed)[0]]
        status, headers, body = srv.json(absent.upper(), world.url(doc, path, op))
        allow = {m.strip().lower() for m in headers.get('allow', '').split(',')} - {'options', 'head'}
        if status != 405 or allow != listed:
            errors.append('%s %s: %d with Allow %r, want 405 with %s'
                          % (absent.upper(), path, status, headers.get('allow'), sorted(listed)))
        errors += schema_errors(doc, problem, body, '%s %s -> %d' % (absent.upper(), path, status))
    status, headers, body = srv.json('GET', '/conformance/no-such-path')
    if status != 404:
        errors.append('GET /conformance/no-such-path: %d, want 404' % status)
    errors += schema_errors(doc, problem, body, 'GET /conformance/no-such-path')
    return errors


def schema_errors(doc, schema, body, where):
    validator = jsonschema.Draft202012Validator(
        schema, resolver=jsonschema.RefResolver('', doc), format_checker=jsonschema.FormatChecker())
    return ['%s: at /%s: %s' % (where, '/'.join(map(str, e.absolute_path)), e.message[:300])
            for e in sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))[:5]]


def validate(doc, ex):
    """The ways answer ex departs from the document (empty when it conforms)."""
    where = '%s %s -> %d (%s)' % (ex.method.upper(), ex.path, ex.status, ex.intent)
    op = doc['paths'].get(ex.path, {}).get(ex.method)
    if op is None:
        return ['%s: the operation is not documented' % where]
    response = op['responses'].get(str(ex.status))
    if response is None:
        return ['%s: status %d is not documented (documented: %s)'
                % (where, ex.status, ', '.join(sorted(op['responses'])))]
    response = deref(doc, response)
    errors = []
    for name, header in response.get('headers', {}).items():
        header = deref(doc, header)
        value = ex.headers.get(name.lower())
        if value is None:
            if header.get('required'):
                errors.append('%s: required header %s is missing' % (where, name))
            continue
        if header.get('schema', {}).get('type') == 'integer' and not re.fullmatch(r'\d+', value):
            errors.append('%s: header %s is %r, not an integer' % (where, name, value))
    content = response.get('content')
    got_type = ex.headers.get('content-type', '').split(';')[0].strip().lower()
    if not content:
        if ex.body:
            errors.append('%s: a body where the document has none: %r' % (where, ex.body[:100]))
        return errors
    if got_type not in content:
        errors.append('%s: Content-Type %r, documented %s' % (where, got_type, ', '.join(content)))
        return errors
    schema = content[got_type].get('schema')
    if schema is None:
        return errors
    if got_type in NDJSON:    # one JSON value per line, each to the schema
        if isinstance(ex.body, (bytes, str)):
            return errors + ['%s: a line is not JSON: %r' % (where, ex.body[:100])]
        for k, item in enumerate(ex.body):
            errors += schema_errors(doc, schema, item, '%s line %d' % (where, k + 1))
    elif got_type.endswith('json'):
        if isinstance(ex.body, (bytes, str)):
            return errors + ['%s: body is not JSON: %r' % (where, ex.body[:100])]
        errors += schema_errors(doc, schema, ex.body, where)
    elif schema.get('type') == 'string':
        try:
            ex.body.decode('utf-8')
        except UnicodeDecodeError:
            errors.append('%s: the text body is not UTF-8' % where)
    return errors


def route_problems(doc):
    documented = {(m, p) for p, ops in doc['paths'].items() for m in ops if m in METHODS}
    routes = routed()
    return ['routed but not documented: %s %s' % (m.upper(), p) for m, p in sorted(routes - documented)] + \
           ['documented but not routed: %s %s' % (m.upper(), p) for m, p in sorted(documented - routes)]


def check_all(doc, exchanges):
    problems = route_problems(doc)
    for ex in exchanges:
        problems += validate(doc, ex)
    return problems


def exchange_all(podium):
    """(document, answers) of a full run: one server with a token and a small
    body limit until its database is gone, one without the /docs bundle."""
    report_text = fixtures.written_text('seminar_hans')
    with FreshDatabase(require_db()) as db, tempfile.TemporaryDirectory() as empty, \
            tempfile.TemporaryDirectory() as docs:
        # The contract of /docs, not Redoc, is checked here: a stand-in
        # bundle keeps the check independent of npm (the browser test
        # renders the real one).
        with open(os.path.join(docs, 'redoc.standalone.js'), 'w') as f:
            f.write('/* stand-in for Redoc */\n')
        with Server(podium, db.url, PODIUM_API_TOKEN=TOKEN, PODIUM_MAX_BODY=MAX_BODY,
                    PODIUM_DOCS_DIR=docs, PODIUM_WEB_DIR=WEB_DIR) as srv:
            status, _, doc = srv.json('GET', '/openapi.json')
            check(status == 200 and isinstance(doc, dict), 'GET /openapi.json: %d' % status)
            world = World()
            exchanges = drive(srv, doc, world, report_text)
            off = off_document(srv, doc, world)
            # The same calls once the database is gone: 503 where it is needed.
            psql(db.base_url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE datname = '%s'" % db.name)
            psql(db.base_url, 'ALTER DATABASE %s WITH ALLOW_CONNECTIONS false' % db.name)
            exchanges += drive(srv, doc, world, report_text, only_ok=True)
            psql(db.base_url, 'ALTER DATABASE %s WITH ALLOW_CONNECTIONS true' % db.name)
        with Server(podium, db.url, PODIUM_DOCS_DIR=empty, PODIUM_WEB_DIR=WEB_DIR) as srv:
            exchanges += drive(srv, doc, World(), report_text, only_ok=True)
    return doc, exchanges, off


def coverage(doc, exchanges):
    """Lines naming each operation's statuses, reached or not; fails when an
    operation never answered with success."""
    seen = {}
    for ex in exchanges:
        seen.setdefault((ex.path, ex.method), set()).add(str(ex.status))
    lines = []
    for path, method, op in operations(doc):
        got = seen.get((path, method), set())
        check(any(s.startswith('2') for s in got),
              '%s %s never answered 2xx (%s)' % (method.upper(), path, ', '.join(sorted(got))))
        missed = sorted(set(op['responses']) - got - UNPROVOKABLE)
        lines.append('%-6s %-32s reached %-28s%s' % (method.upper(), path, ' '.join(sorted(got)),
                     ('  not provoked: ' + ' '.join(missed)) if missed else ''))
    return lines


def case_live(podium):
    doc, exchanges, off = exchange_all(podium)
    print('\n'.join(coverage(doc, exchanges)))
    print('%d answers checked' % len(exchanges))
    problems = check_all(doc, exchanges) + off
    check(not problems, '%d departures from openapi.json:\n%s'
          % (len(problems), '\n'.join(problems[:40])))


def doctorings(doc):
    """(what, doctored copy, text a reported departure must contain)."""
    def doctor(fn):
        d = copy.deepcopy(doc)
        fn(d)
        return d
    schemas = lambda d: d['components']['schemas']  # noqa: E731
    yield ('a list item field changes type',
           doctor(lambda d: schemas(d)['ReportSummary']['properties']['id'].update(type='string')),
           'GET /reports -> 200')
    yield ('a field becomes required that answers lack',
           doctor(lambda d: schemas(d)['Report']['required'].append('conformance_field')),
           "'conformance_field' is a required property")
    yield ('a status the service answers is dropped',
           doctor(lambda d: d['paths']['/reports/{id}']['get']['responses'].pop('404')),
           'status 404 is not documented')
    yield ('a header is declared required that answers lack',
           doctor(lambda d: d['paths']['/healthz']['get']['responses']['200']['headers'].update(
               {'X-Conformance': {'required': True, 'schema': {'type': 'string'}}})),
           'required header X-Conformance is missing')
    yield ('a header changes type',
           doctor(lambda d: d['components']['headers']['XRequestId']['schema'].update(type='integer')),
           'not an integer')
    yield ('an answer gains a body it does not have',
           doctor(lambda d: d['paths']['/reports/{id}']['delete']['responses']['204'].update(
               content={'application/json': {'schema': {'type': 'object'}}})),
           "Content-Type ''")
    yield ('a problem code disappears from the enumeration',
           doctor(lambda d: schemas(d)['Problem']['properties']['code']['enum'].remove('not-found')),
           "'not-found' is not one of")
    yield ('a routed path is left out',
           doctor(lambda d: d['paths'].pop('/healthz')),
           'routed but not documented: GET /healthz')


def case_self_check(podium):
    doc, exchanges, _ = exchange_all(podium)
    problems = check_all(doc, exchanges)
    check(not problems, 'the served document itself departs:\n%s' % '\n'.join(problems[:20]))
    for what, doctored, expected in doctorings(doc):
        found = check_all(doctored, exchanges)
        check(any(expected in p for p in found),
              'not caught: %s (want %r among %d reports: %s)'
              % (what, expected, len(found), found[:5]))
        print('caught: %s: %s' % (what, next(p for p in found if expected in p)))


def object_schemas(node, where='#'):
    """(where, schema) of every object schema with properties in node."""
    if isinstance(node, dict):
        kinds = node.get('type')
        if 'properties' in node and (kinds == 'object' or 'object' in (kinds or [])):
            yield where, node
        for key, value in node.items():
            yield from object_schemas(value, where + '/' + key)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from object_schemas(value, '%s/%d' % (where, i))


def case_document(podium):
    """What a generator or a renderer relies on: required members, tags,
    X-Request-Id on every answer, servers naming the address reached."""
    with FreshDatabase(require_db()) as db, Server(podium, db.url) as srv:
        status, _, doc = srv.json('GET', '/openapi.json', headers={'Host': 'api.example:8443'})
        check(status == 200, 'GET /openapi.json: %d' % status)
        check(doc['servers'][0]['url'] == 'http://api.example:8443',
              'servers from Host: %r' % doc['servers'])
        # Apart from servers, the same document as the file (its Chinese
        # samples included).
        with open(os.path.join(os.path.dirname(WEB_DIR), 'openapi', 'openapi.json'),
                  encoding='utf-8') as f:
            source = json.load(f)
        check(dict(doc, servers=None) == dict(source, servers=None),
              'the served document differs from openapi/openapi.json')
        _, _, plain = srv.json('GET', '/openapi.json', headers={'Host': 'a"b c'})
        check(plain['servers'][0]['url'] == 'http://127.0.0.1:8080',
              'an unusable Host must leave the file\'s servers: %r' % plain['servers'])
        for where, schema in object_schemas(doc):
            check('required' in schema, '%s lists no required members' % where)
            check(set(schema['required']) <= set(schema['properties']),
                  '%s requires members it does not define' % where)
        declared = {t['name'] for t in doc['tags'] if t.get('description')}
        for path, method, op in operations(doc):
            check(op.get('tags') and set(op['tags']) <= declared,
                  '%s %s: tags %r not among the described %r' % (method, path, op.get('tags'), declared))
            for code, response in op['responses'].items():
                headers = deref(doc, response).get('headers', {})
                check('X-Request-Id' in headers, '%s %s %s: X-Request-Id not declared'
                      % (method, path, code))
        for name in ('since', 'until'):
            forms = {s.get('format') for s in doc['components']['parameters'][name]['schema']['anyOf']}
            check(forms == {'date', 'date-time'}, '%s: forms %r' % (name, forms))
        status, _, _ = srv.json('GET', '/reports?since=2023-11-23&until=2023-11-24T00:00:00%2B08:00')
        check(status == 200, 'a bare date and a timestamp in since/until: %d' % status)
    with FreshDatabase(require_db()) as db, tempfile.TemporaryDirectory() as empty, \
            Server(podium, db.url, PODIUM_DOCS_DIR=empty) as srv:
        for path in ('/docs', '/docs/redoc.standalone.js'):
            status, _, body = srv.json('GET', path)
            check(status == 503 and body['code'] == 'docs-not-installed' and
                  'npm ci --prefix openapi/docs' in body['detail'] and empty in body['detail'],
                  '%s without the bundle: %d %r' % (path, status, body))


if __name__ == '__main__':
    run({'live': case_live, 'self-check': case_self_check, 'document': case_document})
