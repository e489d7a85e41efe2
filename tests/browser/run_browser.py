"""Runs the browser tests (web.test.mjs, Playwright in Debian's chromium)
against a real `podium serve` on a fresh database of the harness.

    run_browser.py PODIUM GROUP      GROUP: page, token (a server that wants
                                     a token for writes), seed (../shared),
                                     docs (/docs, Redoc from openapi/docs)

Exit codes follow meson: 0 pass, 1 fail, 77 skip. Without DATABASE_URL, or
without node_modules/chromium, a local run skips and a CI run fails, as the
integration tests do. The seed group skips whenever ../shared is absent, so
a clone without it passes.
"""
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'integration'))

from podium_harness import SKIP, FreshDatabase, Server, require_db  # noqa: E402

CHROMIUM = os.environ.get('CHROMIUM', '/usr/bin/chromium')
SEED = os.path.join(ROOT, '..', 'shared', 'seeds', '000_5e284a82f95b1934.txt')
TOKEN = 'browser-test-token'
DOCS_DIR = os.path.join(ROOT, 'openapi', 'docs', 'node_modules', 'redoc', 'bundles')
SCREENSHOTS = os.environ.get('PODIUM_SCREENSHOTS', os.path.join(HERE, 'screenshots'))


def missing_tools(group):
    if group == 'docs' and not os.path.isfile(os.path.join(DOCS_DIR, 'redoc.standalone.js')):
        return 'Redoc is not installed: run scripts/test, or npm ci in openapi/docs'
    if shutil.which('node') is None:
        return 'node is not installed (Node.js 20 or newer)'
    if not os.path.isdir(os.path.join(HERE, 'node_modules', 'playwright-core')):
        return 'tests/browser/node_modules is missing: run scripts/test, or npm ci in tests/browser'
    if not os.access(CHROMIUM, os.X_OK):
        return '%s is missing: apt-get install chromium' % CHROMIUM
    return None


def main():
    podium, group = sys.argv[1], sys.argv[2]
    if group == 'seed' and not os.path.isfile(SEED):
        print('../shared is absent: the seed case skips', file=sys.stderr)
        return SKIP
    problem = missing_tools(group)
    if problem:
        print(problem, file=sys.stderr)
        return 1 if os.environ.get('CI') else SKIP
    base_url = require_db()
    os.makedirs(SCREENSHOTS, exist_ok=True)
    extra = {'PODIUM_API_TOKEN': TOKEN} if group == 'token' else {}
    with FreshDatabase(base_url) as db, \
            Server(podium, db.url, PODIUM_WEB_DIR=os.path.join(ROOT, 'web'),
                   PODIUM_DOCS_DIR=DOCS_DIR, **extra) as srv:
        env = dict(os.environ, PODIUM_URL='http://127.0.0.1:%d' % srv.port, WEB_GROUP=group,
                   WEB_DATABASE_URL=db.url, SCREENSHOTS=SCREENSHOTS, CHROMIUM=CHROMIUM,
                   SEED_FILE=SEED if group == 'seed' else '', WEB_TOKEN=TOKEN)
        done = subprocess.run(['node', os.path.join(HERE, 'web.test.mjs')], env=env, cwd=HERE,
                              timeout=600)
        if done.returncode != 0:
            print(srv.log_text(), file=sys.stderr)
        return 0 if done.returncode == 0 else 1


if __name__ == '__main__':
    sys.exit(main())
