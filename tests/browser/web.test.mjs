// The web page in a real browser: Playwright (playwright-core, no browser
// download) driving Debian's chromium headless against the podium serve
// that run_browser.py started on a fresh database.
//
// Environment: PODIUM_URL, WEB_GROUP (page | token | seed | docs), WEB_DATABASE_URL,
// SCREENSHOTS (folder), CHROMIUM, SEED_FILE (seed group only).
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {fileURLToPath} from 'node:url';

import {chromium} from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BASE = process.env.PODIUM_URL;
const GROUP = process.env.WEB_GROUP || 'page';
const SHOTS = process.env.SCREENSHOTS;
const FIXTURE = readFileSync(path.join(HERE, 'fixtures', 'forum.txt'), 'utf8');
const PSQL = '/usr/lib/postgresql/15/bin/psql';

assert.ok(BASE, 'PODIUM_URL is not set: run through run_browser.py');

let browser;
const pageErrors = [];

before(async () => {
  // As root chromium needs --no-sandbox; the network flags keep it from
  // calling out (this machine has no network beyond the package mirrors).
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  // Any script error, or anything the page did that its own policy refused
  // (an inline style or script of ours), fails the run.
  assert.deepEqual(pageErrors, []);
});

async function newPage(viewport = {width: 1280, height: 900}) {
  const context = await browser.newContext({viewport});
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text()) && !page.expectCspReport)
      pageErrors.push(`console: ${msg.text()}`);
  });
  return page;
}

// Opens #hash and waits until the view has rendered (or shown its problem).
async function open(page, hash) {
  await page.goto(`${BASE}/${hash}`);
  await page.waitForSelector('.view[data-ready="true"]');
}

async function shot(page, name) {
  await page.screenshot({path: path.join(SHOTS, `${name}.png`), fullPage: false});
}

async function api(method, urlPath, body, type = 'application/json') {
  const response = await fetch(`${BASE}${urlPath}`, {
    method, body: body === undefined ? undefined : (type === 'application/json' ? JSON.stringify(body) : body),
    headers: body === undefined ? {} : {'Content-Type': type},
  });
  const doc = await response.json();
  assert.ok(response.status < 300, `${method} ${urlPath}: ${response.status} ${JSON.stringify(doc)}`);
  return doc;
}

function psql(sql) {
  execFileSync(PSQL, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', process.env.WEB_DATABASE_URL,
    '-c', sql], {stdio: ['ignore', 'ignore', 'inherit']});
}

// What the page must show for span: the bytes of the original, decoded.
function slicer(text) {
  const bytes = new TextEncoder().encode(text);
  const decoder = new TextDecoder();
  return (span) => decoder.decode(bytes.subarray(span.start, span.end));
}

// Pastes text, segments it, and checks the page against the JSON of
// POST /segment: the counts, the paragraphs as written, and every remark of
// person `name` shaded at exactly the characters of its slice.
async function segmentAndCheck(page, text, name, expected) {
  await open(page, '#/');
  await page.fill('textarea[name=text]', text);
  await page.click('button[type=submit]');
  await page.waitForSelector('.view[data-state]');
  assert.equal(await page.getAttribute('.view', 'data-state'), 'segmented');
  const seg = await api('POST', '/segment', text, 'text/plain; charset=utf-8');
  const recs = seg.people.reduce((n, p) => n + p.recommendations.length, 0);
  assert.equal(seg.people.length, expected.people, 'people in the JSON');
  assert.equal(recs, expected.recommendations, 'recommendations in the JSON');
  await checkSegmentation(page, text, seg, name);
  return seg;
}

async function checkSegmentation(page, text, seg, name) {
  const slice = slicer(text);
  const recs = seg.people.reduce((n, p) => n + p.recommendations.length, 0);
  assert.equal(await page.getAttribute('[data-stat=people]', 'data-count'), String(seg.people.length));
  assert.equal(await page.locator('.people-legend > li').count(), seg.people.length);
  assert.equal(await page.getAttribute('[data-stat=recommendations]', 'data-count'), String(recs));
  assert.equal(await page.locator('.ptext .rec-start').count(), recs, 'numbered recommendations');
  assert.equal(await page.locator('.notes .note-link').count(), recs, 'margin notes');
  assert.deepEqual(await page.locator('.notes .note-link .badge').allTextContents(),
    Array.from({length: recs}, (_, i) => String(i + 1)));
  // The text as written: each paragraph is exactly its slice.
  const shown = await page.locator('.ptext').allTextContents();
  assert.deepEqual(shown, seg.paragraphs.map(slice));
  // One speaker's remarks: the shaded characters are the slices.
  const pi = seg.people.findIndex((p) => p.name === name);
  assert.ok(pi >= 0, `${name} is among the people`);
  const person = seg.people[pi];
  assert.ok(person.remarks.length > 0, `${name} has remarks`);
  const shaded = await page.$$eval(`.ptext [data-remark^="${pi}."]`, (spans) => {
    const byRemark = {};
    for (const s of spans) {
      byRemark[s.dataset.remark] = (byRemark[s.dataset.remark] || '') + s.textContent;
      if (getComputedStyle(s).backgroundColor === 'rgba(0, 0, 0, 0)') return null;
    }
    return byRemark;
  });
  assert.ok(shaded, 'every remark span has a background colour');
  assert.deepEqual(shaded,
    Object.fromEntries(person.remarks.map((r, ri) => [`${pi}.${ri}`, slice(r)])));
  // Their colour is theirs alone.
  const colours = await page.$$eval('.ptext .remark', (spans) => {
    const byPerson = {};
    for (const s of spans) {
      const pi = s.dataset.remark.split('.')[0];
      (byPerson[pi] ||= new Set()).add(getComputedStyle(s).backgroundColor);
    }
    return Object.fromEntries(Object.entries(byPerson).map(([k, v]) => [k, [...v]]));
  });
  assert.equal(colours[pi].length, 1);
  for (const [other, list] of Object.entries(colours))
    if (Number(other) !== pi && seg.people.length <= 10) assert.ok(!list.includes(colours[pi][0]));
  // Cue words are underlined where the JSON says.
  const cues = person.remarks.filter((r) => r.cue).map((r) => slice(r.cue));
  const underlined = await page.$$eval(`.ptext .cue[data-remark^="${pi}."]`,
    (spans) => spans.map((s) => [s.textContent, getComputedStyle(s).textDecorationLine]));
  assert.deepEqual(underlined.map(([t]) => t), cues);
  for (const [, line] of underlined) assert.match(line, /underline/);
  // Warnings are marked where they are.
  const warned = await page.locator('.ptext .warn').allTextContents();
  assert.deepEqual(warned, seg.warnings.map(slice));
}

if (GROUP === 'page') {
  test('the page answers with a policy that forbids inline scripts, and it holds', async () => {
    const response = await fetch(`${BASE}/`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), /^text\/html/);
    const csp = response.headers.get('content-security-policy');
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const etag = response.headers.get('etag');
    const again = await fetch(`${BASE}/`, {headers: {'If-None-Match': etag}});
    assert.equal(again.status, 304);
    const page = await newPage();
    await open(page, '#/');
    page.expectCspReport = true;
    const ran = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inline = 1';
      document.head.append(s);
      return window.__inline === 1;
    });
    assert.equal(ran, false, 'an inline script ran');
    await page.context().close();
  });

  test('paste a report: people, recommendations and one speaker shaded at the JSON slices', async () => {
    const page = await newPage();
    await segmentAndCheck(page, FIXTURE, '刘建军', {people: 4, recommendations: 6});
    assert.equal(await page.getAttribute('[data-stat=warnings]', 'data-count'), '1');
    assert.match(await page.locator('.event').textContent(), /第三届长江数字经济论坛/);
    await shot(page, 'segment');
    await page.locator('.para').nth(3).screenshot({path: path.join(SHOTS, 'segment-remarks.png')});
    await page.context().close();
  });

  test('a .txt file, dropped or chosen, fills the box', async () => {
    const page = await newPage();
    await open(page, '#/');
    const dropped = await page.evaluateHandle((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'forum.txt', {type: 'text/plain'}));
      return transfer;
    }, FIXTURE);
    await page.dispatchEvent('textarea', 'drop', {dataTransfer: dropped});
    await page.waitForFunction((t) => document.querySelector('textarea').value === t, FIXTURE);
    assert.match(await page.locator('.status').textContent(), /Read forum\.txt/);
    await open(page, '#/');
    await page.setInputFiles('input[type=file]', {name: 'forum.txt', mimeType: 'text/plain',
      buffer: Buffer.from(FIXTURE)});
    await page.waitForFunction((t) => document.querySelector('textarea').value === t, FIXTURE);
    await page.context().close();
  });

  test('save opens the stored report page', async () => {
    const page = await newPage();
    const seg = await segmentAndCheck(page, FIXTURE, '张国华', {people: 4, recommendations: 6});
    await page.fill('input[name=title]', '长江数字经济论坛');
    await page.click('button:has-text("Save")');
    await page.waitForURL(/#\/reports\/\d+$/);
    await page.waitForSelector('.view[data-ready="true"] .segmentation');
    assert.equal(await page.locator('h1').textContent(), '长江数字经济论坛');
    await checkSegmentation(page, FIXTURE, seg, '陈晓燕');
    // People of a stored report link to their pages.
    assert.match(await page.getAttribute('.people-legend a.person-name >> nth=0', 'href'),
      /^#\/people\/\d+$/);
    await shot(page, 'report');
    await page.context().close();
  });

  test('people search in the other script finds the person, whose page links to the report', async () => {
    await api('POST', '/reports', {text: FIXTURE, title: '长江数字经济论坛'});
    const page = await newPage();
    await open(page, '#/people');
    await page.fill('input[name=q]', '張國華');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=/);
    await page.waitForSelector('.view[data-ready="true"] .people-list');
    const names = await page.locator('.people-list .card-title').allTextContents();
    assert.deepEqual(names, ['张国华']);
    // the directory counts the person's roles, from the API's roles
    const [person] = (await api('GET', `/speakers?q=${encodeURIComponent('张国华')}`)).items;
    const roles = Object.entries(person.roles).map(([role, n]) => `${role} in ${n}`).join(' · ');
    assert.ok(roles.length > 0, 'no roles in the API answer');
    assert.equal(await page.locator('.people-list .roles').textContent(), roles);
    await shot(page, 'people');
    await page.click('.people-list .card-title');
    await page.waitForURL(/#\/people\/\d+$/);
    await page.waitForSelector('.view[data-ready="true"]');
    assert.equal(await page.locator('h1').textContent(), '张国华');
    assert.equal(await page.locator('.timeline .dot').count(), 1);
    assert.equal(await page.locator('.appearances li').count(), 1);
    await shot(page, 'person');
    // A remark links to its place: the report opens with it marked.
    const quote = await page.locator('.quotes blockquote >> nth=0').textContent();
    await page.click('.quotes a.place >> nth=0');
    await page.waitForURL(/#\/reports\/\d+\?at=\d+&end=\d+$/);
    await page.waitForSelector('.view[data-ready="true"] .segmentation');
    const marked = (await page.locator('.ptext .target').allTextContents()).join('');
    assert.equal(marked, quote);
    await page.context().close();
  });

  test('a recommendation search in the other script, linked to its report', async () => {
    await api('POST', '/reports', {text: FIXTURE, title: '长江数字经济论坛'});
    const page = await newPage();
    await open(page, '#/recommendations');
    await page.fill('input[name=q]', '數據產權');
    await page.click('form.filters button[type=submit]');
    await page.waitForSelector('.view[data-ready="true"] .rec-list');
    assert.deepEqual(await page.locator('.rec-list .rec-text').allTextContents(),
      ['一是加快建立数据产权登记制度']);
    assert.equal(await page.locator('.rec-list .meta a >> nth=0').textContent(), '刘建军');
    await shot(page, 'recommendations');
    await page.click('.rec-list .meta a >> nth=1');
    await page.waitForSelector('.view[data-ready="true"] .segmentation');
    assert.equal((await page.locator('.ptext .target').allTextContents()).join(''),
      '一是加快建立数据产权登记制度');
    // The speaker filter takes a name in either script too.
    await open(page, '#/recommendations?speaker=陳曉燕');
    assert.equal(await page.locator('.rec-list .rec-text').count(), 2);
    await page.context().close();
  });

  test('reports list: dates, languages, counts and a next page', async () => {
    await api('POST', '/reports', {text: FIXTURE, title: '长江数字经济论坛'});
    for (let i = 1; i <= 21; i++)
      await api('POST', '/reports', {text: `第${i}次座谈会在北京举行。会议由市委宣传部主办。`,
        published_at: `2025-01-${String(i).padStart(2, '0')}T09:00:00Z`});
    const page = await newPage();
    await open(page, '#/reports');
    assert.equal(await page.locator('.report-list > li').count(), 20);
    const first = await page.locator('.report-list > li >> nth=0').textContent();
    assert.match(first, /长江数字经济论坛/);
    assert.match(first, /\d{4}-\d\d-\d\d · zh-Hans · 4 people · 7 remarks · 6 recommendations/);
    await shot(page, 'reports');
    await page.click('a[rel=next]');
    await page.waitForURL(/cursor=/);
    await page.waitForSelector('.view[data-ready="true"] .report-list');
    assert.equal(await page.locator('.report-list > li').count(), 2);
    assert.equal(await page.locator('a[rel=next]').count(), 0);
    // Filters the API offers: since/until.
    await open(page, '#/reports?since=2025-01-20&until=2025-01-22');
    assert.equal(await page.locator('.report-list > li').count(), 2);
    await page.context().close();
  });

  test('a person page draws every appearance on its timeline, past the 20 latest listed', async () => {
    const days = 23;
    for (let day = 1; day <= days; day++)
      await api('POST', '/reports', {text: `东湖片区第${day}次协调会召开\n2024年3月${day}日，东湖片区协调会在市政府召开。` +
        `市发改委主任柯文涛出席并讲话。\n柯文涛指出，要加强片区之间的协同。\n`});
    const people = await api('GET', `/speakers?q=${encodeURIComponent('柯文涛')}`);
    assert.equal(people.items.length, 1);
    const page = await newPage();
    await open(page, `#/people/${people.items[0].id}`);
    await page.waitForSelector('.view[data-ready="true"] .timeline');
    assert.equal(await page.locator('.timeline .dot').count(), days);
    assert.equal(await page.locator('.appearances li').count(), 20);
    assert.equal(await page.locator('.roles').textContent(), `speaker in ${days}`);
    // the line runs from the first event day to the last
    assert.deepEqual(await page.locator('.timeline .tick').allTextContents(), ['2024-03-01', '2024-03-23']);
    await page.context().close();
  });

  test('markup in names, titles and texts shows as text; a javascript: url is no link', async () => {
    const text = '南京座谈会召开\n11月9日，基础研究座谈会在南京召开。南京大学教授孙文博表示，' +
      '<script>window.__xss=1</script>要加强<img src=x onerror="window.__xss=2">基础研究。\n';
    const evilName = '<img src=x onerror="window.__xss=3">孙文博';
    const evilTitle = '<img src=x onerror="window.__xss=4"><script>window.__xss=5</script>';
    const report = await api('POST', '/reports', {text, title: evilTitle,
      url: 'https://example.org/forum', source: '<b>source</b>'});
    const personId = report.people[0].person_id;
    // the API refuses a javascript: url now; a row stored before that rule may still hold one
    psql(`UPDATE reports SET url = 'javascript:window.__xss=6' WHERE id = ${report.id};
          UPDATE people SET name = $x$${evilName}$x$, names = ARRAY[$x$${evilName}$x$],
          affiliation = $x$<iframe src="javascript:window.__xss=7">$x$ WHERE id = ${personId};
          UPDATE appearances SET name = $x$${evilName}$x$ WHERE person_id = ${personId}`);
    const page = await newPage();
    const clean = async () => {
      assert.equal(await page.evaluate(() => window.__xss), undefined);
      assert.equal(await page.locator('main img, main script, main iframe, main b').count(), 0);
    };
    await segmentAndCheck(page, text, '孙文博', {people: 1, recommendations: 1});
    assert.match(await page.locator('.report-text').textContent(), /<script>window.__xss=1<\/script>/);
    await clean();
    await open(page, `#/reports/${report.id}`);
    assert.equal(await page.locator('h1').textContent(), evilTitle);
    assert.equal(await page.locator('.meta a[href^="javascript"]').count(), 0);
    assert.match(await page.locator('.meta').first().textContent(), /javascript:window.__xss=6/);
    await clean();
    await open(page, '#/reports');
    assert.match(await page.locator('.report-list').textContent(), /<img src=x onerror/);
    await clean();
    await open(page, `#/people/${personId}`);
    assert.equal(await page.locator('h1').textContent(), evilName);
    assert.match(await page.locator('.affiliation').textContent(), /<iframe/);
    await clean();
    await open(page, '#/people');
    assert.ok((await page.locator('.people-list .card-title').allTextContents()).includes(evilName));
    await clean();
    await open(page, '#/recommendations?q=基础研究');
    assert.match(await page.locator('.rec-list').textContent(), /<script>window.__xss=1<\/script>/);
    await clean();
    await shot(page, 'escaped');
    // An http(s) url is a link.
    const linked = await api('POST', '/reports', {text: FIXTURE + '\n（完）\n',
      url: 'https://example.org/forum'});
    await open(page, `#/reports/${linked.id}`);
    assert.equal(await page.getAttribute('.meta a[href^="https:"]', 'href'),
      'https://example.org/forum');
    await page.context().close();
  });

  test('bad input: the problem detail is shown, not a blank page', async () => {
    const page = await newPage();
    await open(page, '#/reports?since=2024-02-31');
    const box = page.locator('.problem[role=alert]');
    assert.match(await box.textContent(), /400 · A query parameter is invalid/);
    assert.match(await box.textContent(), /since must be a date such as 2023-11-23/);
    await shot(page, 'problem');
    // A NUL byte in a dropped file: the segment answer's detail.
    await open(page, '#/');
    await page.setInputFiles('input[type=file]', {name: 'nul.txt', mimeType: 'text/plain',
      buffer: Buffer.from('研讨会\u0000召开')});
    await page.waitForFunction(() => document.querySelector('textarea').value.includes('\u0000'));
    await page.click('button[type=submit]');
    await page.waitForSelector('.view[data-state=failed] .problem');
    assert.match(await page.locator('.problem').textContent(), /NUL byte at offset 9/);
    assert.equal(await page.locator('button:has-text("Save")').isDisabled(), true);
    await page.context().close();
  });

  test('keyboard alone: tab to a section, search, open a result', async () => {
    await api('POST', '/reports', {text: FIXTURE, title: '长江数字经济论坛'});
    const page = await newPage();
    await open(page, '#/');
    let label = '';
    // The text box has the focus: back through the navigation.
    for (let i = 0; i < 8 && label !== 'People'; i++) {
      await page.keyboard.press('Shift+Tab');
      label = await page.evaluate(() => document.activeElement.textContent);
    }
    assert.equal(label, 'People');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.view[data-view=viewPeople][data-ready="true"]');
    await page.focus('input[name=q]');
    await page.keyboard.type('陈晓');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=/);
    await page.waitForSelector('.view[data-ready="true"] .people-list');
    await page.focus('.people-list .card-title');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/people\/\d+$/);
    await page.waitForSelector('.view[data-ready="true"]');
    assert.equal(await page.locator('h1').textContent(), '陈晓燕');
    // Focus shows.
    await page.focus('.quotes a.place >> nth=0');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.equal(outline, 'solid');
    await page.context().close();
  });

  test('a phone-sized screen: nothing wider than the screen', async () => {
    const page = await newPage({width: 375, height: 740});
    await segmentAndCheck(page, FIXTURE, '陈晓燕', {people: 4, recommendations: 6});
    const fits = async () => page.evaluate(() =>
      document.documentElement.scrollWidth <= window.innerWidth);
    assert.ok(await fits(), 'the segmented report is wider than the screen');
    await page.locator('.para').nth(3).scrollIntoViewIfNeeded();
    await shot(page, 'phone-segment');
    for (const hash of ['#/reports', '#/people', '#/recommendations']) {
      await open(page, hash);
      assert.ok(await fits(), `${hash} is wider than the screen`);
    }
    await page.context().close();
  });
}

if (GROUP === 'token') {
  test('a podium that wants a token: the field shows on 401, then segment and save work', async () => {
    const page = await newPage();
    await open(page, '#/');
    assert.equal(await page.locator('input[name=token]').isVisible(), false);
    await page.fill('textarea[name=text]', FIXTURE);
    await page.click('button[type=submit]');
    await page.waitForSelector('.view[data-state=failed] .problem');
    assert.match(await page.locator('.problem').textContent(), /401 · /);
    assert.equal(await page.locator('input[name=token]').isVisible(), true);
    assert.equal(await page.evaluate(() => document.activeElement.name), 'token');
    await page.fill('input[name=token]', 'wrong');
    await page.click('button[type=submit]');
    await page.waitForSelector('.view[data-state=failed] .problem');
    await page.fill('input[name=token]', process.env.WEB_TOKEN);
    await page.click('button[type=submit]');
    await page.waitForSelector('.view[data-state=segmented]');
    await shot(page, 'token');
    await page.click('button:has-text("Save")');
    await page.waitForURL(/#\/reports\/\d+$/);
    await page.waitForSelector('.view[data-ready="true"] .segmentation');
    // Kept for the tab: another view's write needs no new entry.
    assert.equal(await page.evaluate(() => sessionStorage.getItem('podium.token')),
      process.env.WEB_TOKEN);
    await page.context().close();
  });
}

if (GROUP === 'seed') {
  test('the seed: 8 people, 23 recommendations, 徐康寧 shaded at the slices, found as 徐康宁', async () => {
    const seed = readFileSync(process.env.SEED_FILE, 'utf8');
    const page = await newPage();
    await segmentAndCheck(page, seed, '徐康寧', {people: 8, recommendations: 23});
    await shot(page, 'seed-segment');
    await page.click('button:has-text("Save")');
    await page.waitForURL(/#\/reports\/\d+$/);
    await page.waitForSelector('.view[data-ready="true"] .segmentation');
    await open(page, '#/people?q=徐康宁');
    assert.deepEqual(await page.locator('.people-list .card-title').allTextContents(), ['徐康寧']);
    await page.click('.people-list .card-title');
    await page.waitForSelector('.view[data-view=viewPerson][data-ready="true"]');
    assert.equal(await page.locator('h1').textContent(), '徐康寧');
    await shot(page, 'seed-person');
    await open(page, '#/recommendations?q=科技创新');
    assert.ok(await page.locator('.rec-list > li').count() >= 2);
    assert.match(await page.locator('.rec-list').textContent(), /科技創新/);
    await page.context().close();
  });
}

if (GROUP === 'docs') {
  test('/docs renders the operations of openapi.json, with nothing from another site', async () => {
    const page = await newPage();
    const foreign = [], refused = [];
    // A request the policy refused fails; only finished ones reached a site.
    page.on('requestfinished', (request) => {
      const url = request.url();
      if (!url.startsWith(BASE) && !/^(blob|data):/.test(url)) foreign.push(url);
    });
    // Redoc always shows Redocly's badge from their CDN; the page's policy
    // refusing it is the point. Any other refusal means Redoc lacks
    // something the policy should allow.
    page.expectCspReport = true;
    page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text()) &&
          !msg.text().includes('https://cdn.redoc.ly/redoc/logo-mini.svg'))
        refused.push(msg.text());
    });
    await page.goto(`${BASE}/docs`);
    await page.waitForFunction(() => document.body.textContent.includes('Segment and store a report'),
      null, {timeout: 60000});
    const spec = await (await fetch(`${BASE}/openapi.json`)).json();
    const summaries = Object.values(spec.paths).flatMap((item) =>
      Object.values(item).filter((op) => op && op.summary).map((op) => op.summary));
    const body = await page.textContent('body');
    const missing = summaries.filter((summary) => !body.includes(summary));
    assert.deepEqual(missing, [], 'operations /docs does not show');
    assert.deepEqual(foreign, [], 'requests to another site');
    assert.deepEqual(refused, [], 'refused by the policy of /docs');
    await shot(page, 'docs');
    await page.context().close();
  });
}
