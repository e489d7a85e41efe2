// Podium's web page: one document, views chosen by the part after '#'
// (#/reports/12, #/people?q=...), so the JSON API keeps its own paths and
// the browser's back button walks through views.
import * as api from './api.js';
import {append, day, externalLink, h, plural, svg} from './dom.js';
import {countRecommendations, renderPeople, renderText} from './textview.js';

const main = () => document.getElementById('main');

// ---- routing ----

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  return {path, params};
}

function hashFor(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') query.set(key, value);
  const qs = query.toString();
  return `#${path}${qs ? '?' + qs : ''}`;
}

const routes = [
  [/^\/$/, viewSegment, 'segment'],
  [/^\/reports$/, viewReports, 'reports'],
  [/^\/reports\/(\d+)$/, viewReport, 'reports'],
  [/^\/people$/, viewPeople, 'people'],
  [/^\/people\/(\d+)$/, viewPerson, 'people'],
  [/^\/recommendations$/, viewRecommendations, 'recommendations'],
];

let renderSerial = 0;

async function route() {
  const {path, params} = parseHash();
  const serial = ++renderSerial;
  for (const [pattern, view, section] of routes) {
    const m = path.match(pattern);
    if (!m) continue;
    for (const link of document.querySelectorAll('nav a'))
      link.toggleAttribute('aria-current', link.dataset.section === section);
    const root = h('div.view', {'data-view': view.name});
    main().replaceChildren(root);
    try {
      await view(root, params, ...m.slice(1));
    } catch (err) {
      if (serial === renderSerial) root.append(problemBox(err));
    }
    if (serial === renderSerial) {
      document.title = `${root.dataset.title || 'Podium'} · Podium`;
      root.dataset.ready = 'true';
      // The link or button that led here is gone with the old view: start
      // the keyboard from the new one rather than from the top of the page.
      if (!document.activeElement || document.activeElement === document.body)
        main().focus({preventScroll: true});
    }
    return;
  }
  main().replaceChildren(h('div.view', {'data-ready': 'true'},
    h('h1', {}, 'Not here'), h('p', {}, 'No view at this address. '),
    h('a', {href: '#/'}, 'Segment a report')));
}

// ---- shared pieces ----

function problemBox(err) {
  const box = h('div.problem', {role: 'alert'});
  if (err instanceof api.Problem) {
    append(box, [
      h('strong.problem-title', {}, err.status ? `${err.status} · ${err.title}` : err.title),
      err.detail ? h('p.problem-detail', {}, err.detail) : null,
      err.errors.length ? h('ul.problem-errors', {},
        err.errors.map((e) => h('li', {}, h('code', {}, e.field || ''), ` ${e.detail || ''}`))) : null,
      err.requestId ? h('p.request-id', {}, `request id ${err.requestId}`) : null,
    ]);
  } else {
    append(box, [h('strong.problem-title', {}, 'Something went wrong'),
      h('p.problem-detail', {}, String(err && err.message ? err.message : err))]);
  }
  return box;
}

function field(label, input, hint) {
  return h('label.field', {}, h('span.label', {}, label), input,
    hint ? h('span.hint', {}, hint) : null);
}

// A search form whose fields live in the hash: submitting it opens the
// same view with the new values, from the first page.
function filterForm(path, params, fields) {
  const inputs = {};
  const form = h('form.filters', {role: 'search',
    onsubmit: (event) => {
      event.preventDefault();
      const values = {};
      for (const [name, input] of Object.entries(inputs)) values[name] = input.value.trim();
      location.hash = hashFor(path, values);
    }});
  for (const f of fields) {
    let input;
    if (f.options) {
      input = h('select', {name: f.name},
        f.options.map(([value, label]) => h('option', {value, selected: params.get(f.name) === value},
          label)));
    } else {
      input = h('input', {name: f.name, type: f.type || 'search', value: params.get(f.name) || '',
                          placeholder: f.placeholder || '', autocomplete: 'off'});
    }
    inputs[f.name] = input;
    form.append(field(f.label, input));
  }
  form.append(h('button.primary', {type: 'submit'}, 'Search'));
  return form;
}

// The next page of a keyset list: the cursor goes into the hash, so back
// goes to the page before.
function pager(path, params, next) {
  const nav = h('nav.pager', {'aria-label': 'Pages'});
  if (params.get('cursor')) {
    const first = Object.fromEntries(params);
    delete first.cursor;
    nav.append(h('a', {href: hashFor(path, first)}, '« First page'));
  }
  if (next) nav.append(h('a', {href: hashFor(path, {...Object.fromEntries(params), cursor: next}),
                               rel: 'next'}, 'Next page »'));
  return nav;
}

function listParams(params, names) {
  const out = {};
  for (const name of names) out[name] = params.get(name) || '';
  return out;
}

function reportLabel(report) {
  return report.title || (report.event && report.event.name) || `Report ${report.id}`;
}

// The event day (event.date_iso), which the lists filter and sort on.
function reportDate(report) {
  return day((report.event && report.event.date_iso) || report.published_at || report.created_at);
}

function eventBlock(event) {
  if (!event) return null;
  const rows = [['Event', event.name], ['Date', event.date], ['Venue', event.venue],
    ['Theme', event.theme],
    ['Organisers', Array.isArray(event.organizers) && event.organizers.length
      ? event.organizers.join('; ') : null],
    ['Reporter', event.reporter]].filter(([, value]) => value);
  if (!rows.length) return null;
  return h('dl.event', {'aria-label': 'Event'},
    rows.map(([key, value]) => [h('dt', {}, key), h('dd', {}, value)]));
}

function summaryLine(seg) {
  const people = (seg.people || []).length;
  const remarks = (seg.people || []).reduce((n, p) => n + (p.remarks || []).length, 0);
  const recs = countRecommendations(seg);
  const warnings = (seg.warnings || []).length;
  return h('p.summary', {},
    h('span.stat', {'data-stat': 'language'}, seg.language || 'und'), ' · ',
    h('span.stat', {'data-stat': 'people', 'data-count': people}, plural(people, 'person', 'people')),
    ' · ',
    h('span.stat', {'data-stat': 'remarks', 'data-count': remarks}, plural(remarks, 'remark')), ' · ',
    h('span.stat', {'data-stat': 'recommendations', 'data-count': recs},
      plural(recs, 'recommendation')), ' · ',
    h('span.stat', {'data-stat': 'warnings', 'data-count': warnings}, plural(warnings, 'warning')));
}

// The segmented text with its people and event above it.
function segmentation(text, seg, personLink, target) {
  return h('section.segmentation', {'aria-label': 'Segmented report'},
    summaryLine(seg),
    eventBlock(seg.event),
    renderPeople(seg, personLink),
    renderText(text, seg, target));
}

// ---- Segment ----

async function viewSegment(root) {
  root.dataset.title = 'Segment';
  const textarea = h('textarea', {name: 'text', rows: 12, required: true, spellcheck: false,
    placeholder: 'Paste a report here, or drop a .txt file on this box'});
  const file = h('input', {type: 'file', accept: '.txt,text/plain', name: 'file'});
  const title = h('input', {name: 'title', type: 'text', autocomplete: 'off'});
  const tokenInput = h('input', {name: 'token', type: 'password', autocomplete: 'off',
                                 value: api.token()});
  const tokenField = field('API token', tokenInput, 'this podium needs a token for writes');
  tokenField.hidden = !api.token();
  const saveButton = h('button', {type: 'button', disabled: true}, 'Save');
  const status = h('div.status', {'aria-live': 'polite'});
  const result = h('div.result');
  let segmented = null;             // {text, seg} of the answer on show

  const loadFile = async (f) => {
    if (!f) return;
    textarea.value = await f.text();
    status.replaceChildren(`Read ${f.name}.`);
  };
  file.addEventListener('change', () => loadFile(file.files[0]));
  // The whole form takes a dropped file; a file let fall elsewhere would
  // make the browser leave the page to show it.
  const dropZone = (target) => {
    for (const type of ['dragenter', 'dragover'])
      target.addEventListener(type, (event) => {
        event.preventDefault();
        textarea.classList.add('dropping');
      });
    target.addEventListener('dragleave', () => textarea.classList.remove('dropping'));
    target.addEventListener('drop', (event) => {
      event.preventDefault();
      textarea.classList.remove('dropping');
      const dropped = event.dataTransfer && event.dataTransfer.files[0];
      if (dropped) loadFile(dropped);
    });
  };
  dropZone(root);

  const needToken = (err) => {
    if (err instanceof api.Problem && err.status === 401) {
      tokenField.hidden = false;
      tokenInput.focus();
    }
  };
  tokenInput.addEventListener('change', () => api.setToken(tokenInput.value.trim()));

  const form = h('form.segment-form', {
    onsubmit: async (event) => {
      event.preventDefault();
      api.setToken(tokenInput.value.trim());
      const text = textarea.value;
      delete root.dataset.state;
      segmented = null;
      saveButton.disabled = true;
      result.replaceChildren();
      status.replaceChildren('Segmenting…');
      try {
        const {doc} = await api.postText('/segment', text);
        segmented = {text, seg: doc};
        status.replaceChildren();
        result.replaceChildren(segmentation(text, doc, null, null));
        saveButton.disabled = false;
        result.scrollIntoView({block: 'start'});
      } catch (err) {
        status.replaceChildren();
        result.replaceChildren(problemBox(err));
        needToken(err);
      }
      root.dataset.state = segmented ? 'segmented' : 'failed';
    }},
    field('Report text', textarea),
    h('div.row', {}, field('or a .txt file', file), field('Title (kept when saved)', title)),
    tokenField,
    h('div.actions', {}, h('button.primary', {type: 'submit'}, 'Segment'), saveButton));

  saveButton.addEventListener('click', async () => {
    if (!segmented) return;
    api.setToken(tokenInput.value.trim());
    status.replaceChildren('Saving…');
    try {
      const body = {text: segmented.text};
      if (title.value.trim()) body.title = title.value.trim();
      const {doc} = await api.postJson('/reports', body);
      location.hash = hashFor(`/reports/${doc.id}`);
    } catch (err) {
      status.replaceChildren(problemBox(err));
      needToken(err);
    }
  });

  append(root, [h('h1', {}, 'Segment a report'),
    h('p.lead', {}, 'Who spoke, what they said, and what they recommended: paste a report ' +
      'in Chinese or English and Podium marks it up. Nothing is stored until you press Save.'),
    form, status, result]);
  textarea.focus();
}

// ---- Reports ----

async function viewReports(root, params) {
  root.dataset.title = 'Reports';
  const filters = listParams(params, ['q', 'speaker', 'since', 'until']);
  append(root, [h('h1', {}, 'Reports'),
    filterForm('/reports', params, [
      {name: 'q', label: 'Text or title', placeholder: '研讨会'},
      {name: 'speaker', label: 'Speaker', placeholder: 'name or id'},
      {name: 'since', label: 'From', type: 'date'},
      {name: 'until', label: 'Before', type: 'date'}])]);
  const page = await api.get('/reports', {...filters, cursor: params.get('cursor')});
  if (!page.items.length) {
    root.append(h('p.empty', {}, 'No reports match.'));
    return;
  }
  root.append(h('ol.cards.report-list', {},
    page.items.map((r) => h('li.card', {},
      h('a.card-title', {href: hashFor(`/reports/${r.id}`)}, reportLabel(r)),
      h('p.meta', {},
        h('time', {dateTime: reportDate(r)}, reportDate(r)), ' · ',
        h('span.lang', {}, r.language || 'und'), ' · ',
        plural(r.people_count, 'person', 'people'), ' · ',
        plural(r.remark_count, 'remark'), ' · ',
        plural(r.recommendation_count, 'recommendation')),
      r.event && (r.event.venue || r.event.date)
        ? h('p.meta', {}, [r.event.date, r.event.venue].filter(Boolean).join(' · ')) : null))));
  root.append(pager('/reports', params, page.next));
}

async function viewReport(root, params, id) {
  const report = await api.get(`/reports/${id}`, {include: 'text'});
  root.dataset.title = reportLabel(report);
  const at = Number(params.get('at'));
  const end = Number(params.get('end'));
  const target = params.has('at') && Number.isInteger(at)
    ? {at, end: Number.isInteger(end) && end > at ? end : at + 1} : null;
  append(root, [
    h('h1', {}, reportLabel(report)),
    h('p.meta', {},
      h('time', {dateTime: reportDate(report)}, reportDate(report)),
      report.source ? [' · ', h('span', {}, report.source)] : null,
      report.url ? [' · ', externalLink(report.url)] : null,
      ' · ', h('a', {href: `/reports/${report.id}`}, 'JSON')),
    segmentation(report.text || '', report,
      (person) => person.person_id ? hashFor(`/people/${person.person_id}`) : null, target)]);
  if (target) {
    const first = root.querySelector('.target');
    if (first) requestAnimationFrame(() => first.scrollIntoView({block: 'center'}));
  }
}

// ---- People ----

async function viewPeople(root, params) {
  root.dataset.title = 'People';
  append(root, [h('h1', {}, 'People'),
    filterForm('/people', params, [
      {name: 'q', label: 'Name (either script)', placeholder: '徐康宁'},
      {name: 'sort', label: 'Order', options: [['', 'most reports'], ['name', 'name'],
        ['-last_seen', 'last seen']]}])]);
  const page = await api.get('/speakers', {...listParams(params, ['q', 'sort']),
                                           cursor: params.get('cursor')});
  if (!page.items.length) {
    root.append(h('p.empty', {}, 'Nobody matches.'));
    return;
  }
  root.append(h('ol.cards.people-list', {},
    page.items.map((p) => h('li.card', {},
      h('a.card-title', {href: hashFor(`/people/${p.id}`)}, p.name),
      (p.names || []).length > 1
        ? h('p.aka', {}, `also written ${p.names.filter((n) => n !== p.name).join(', ')}`) : null,
      p.affiliation ? h('p.affiliation', {}, p.affiliation) : null,
      h('p.meta', {}, plural(p.report_count, 'report'), ' · ', plural(p.remark_count, 'remark'),
        ' · ', plural(p.recommendation_count, 'recommendation'), ' · last seen ',
        h('time', {dateTime: day(p.last_seen)}, day(p.last_seen))),
      roleCounts(p.roles)))));
  root.append(pager('/people', params, page.next));
}

// How often a person had each role: "speaker in 3 · moderator in 1".
function roleCounts(roles) {
  const parts = Object.entries(roles || {}).map(([role, n]) => `${role} in ${n}`);
  return parts.length ? h('p.roles', {}, parts.join(' · ')) : null;
}

// Every report a person appears in, by event day, for the timeline: pages
// of /reports?speaker=ID, at most MAX_TIMELINE reports (cut says so).
const MAX_TIMELINE = 2000;
async function reportsOf(id) {
  const reports = [];
  let cursor;
  do {
    const page = await api.get('/reports', {speaker: id, sort: 'date', limit: 100, cursor});
    reports.push(...page.items);
    cursor = page.next;
  } while (cursor && reports.length < MAX_TIMELINE);
  return {reports, cut: Boolean(cursor)};
}

// Appearances as dots on a line from the first to the last event day; each
// dot is a report (report_id, report_title, date: the event day).
function timeline(appearances) {
  const dated = appearances.map((a) => ({a, t: Date.parse(a.date)})).filter((d) => !isNaN(d.t));
  if (!dated.length) return null;
  const min = Math.min(...dated.map((d) => d.t));
  const max = Math.max(...dated.map((d) => d.t));
  const width = 600;
  const x = (t) => (max === min ? width / 2 : 20 + ((t - min) / (max - min)) * (width - 40));
  const chart = svg('svg', {viewBox: `0 0 ${width} 56`, class: 'timeline', role: 'img',
    'aria-label': `${dated.length} appearances from ${day(new Date(min).toISOString())} ` +
      `to ${day(new Date(max).toISOString())}`},
  svg('line', {x1: 10, y1: 28, x2: width - 10, y2: 28, class: 'axis'}),
  dated.map(({a, t}) => svg('a', {href: hashFor(`/reports/${a.report_id}`), tabindex: -1},
    svg('circle', {cx: x(t), cy: 28, r: 7, class: 'dot'},
      svg('title', {}, `${day(a.date)} · ${a.report_title || 'Report ' + a.report_id}`)))),
  svg('text', {x: 10, y: 52, class: 'tick'}, day(new Date(min).toISOString())),
  max !== min ? svg('text', {x: width - 10, y: 52, class: 'tick end'},
    day(new Date(max).toISOString())) : null);
  return h('figure.timeline-box', {}, chart);
}

function placeLink(item) {
  return hashFor(`/reports/${item.report_id}`, {at: item.start, end: item.end});
}

// Quotes of a person, each linked to its place; titles come from the
// appearances, which name the reports the quotes stand in.
function quotes(items, titles) {
  if (!items || !items.length) return h('p.empty', {}, 'None.');
  return h('ol.quotes', {}, items.map((r) => h('li', {},
    h('blockquote', {}, r.text),
    h('a.place', {href: placeLink(r)},
      `${titles.get(r.report_id) || 'Report ' + r.report_id}, paragraph ${r.paragraph + 1}`))));
}

async function viewPerson(root, params, id) {
  const [p, all] = await Promise.all([api.get(`/speakers/${id}`), reportsOf(id)]);
  root.dataset.title = p.name;
  const appearances = p.appearances || [];
  const days = all.reports.map((r) => ({report_id: r.id, report_title: r.title,
    date: reportDate(r)}));
  const titles = new Map(appearances.filter((a) => a.report_title)
    .map((a) => [a.report_id, a.report_title]));
  append(root, [
    h('h1', {}, p.name),
    (p.names || []).length > 1
      ? h('p.aka', {}, `also written ${p.names.filter((n) => n !== p.name).join(', ')}`) : null,
    p.affiliation ? h('p.affiliation', {}, p.affiliation) : null,
    h('p.meta', {}, plural(p.report_count, 'report'), ' · ', plural(p.remark_count, 'remark'), ' · ',
      plural(p.recommendation_count, 'recommendation'), ' · last seen ',
      h('time', {dateTime: day(p.last_seen)}, day(p.last_seen))),
    roleCounts(p.roles),
    h('h2', {}, 'Appearances'),
    timeline(days),
    all.cut ? h('p.note', {}, `The timeline shows the first ${all.reports.length} reports.`) : null,
    h('ol.appearances', {}, appearances.map((a) => h('li', {},
      h('time', {dateTime: day(a.date)}, day(a.date)), ' ',
      h('a', {href: hashFor(`/reports/${a.report_id}`)}, a.report_title || `Report ${a.report_id}`),
      h('span.role', {}, a.role || ''),
      a.topic ? h('span.topic', {}, `“${a.topic}”`) : null,
      h('span.counts', {}, ` ${plural(a.remark_count, 'remark')} · ` +
        plural(a.recommendation_count, 'recommendation'))))),
    p.report_count > appearances.length
      ? h('p', {}, h('a', {href: hashFor('/reports', {speaker: p.id})},
        `All ${p.report_count} reports`)) : null,
    h('h2', {}, 'Latest remarks'),
    quotes(p.latest_remarks, titles),
    h('h2', {}, 'Latest recommendations'),
    quotes(p.latest_recommendations, titles),
    p.recommendation_count > (p.latest_recommendations || []).length
      ? h('p', {}, h('a', {href: hashFor('/recommendations', {speaker: p.id})},
        `All ${p.recommendation_count} recommendations`)) : null,
  ]);
}

// ---- Recommendations ----

async function viewRecommendations(root, params) {
  root.dataset.title = 'Recommendations';
  const filters = listParams(params, ['q', 'speaker', 'since', 'until']);
  append(root, [h('h1', {}, 'Recommendations'),
    filterForm('/recommendations', params, [
      {name: 'q', label: 'Text (either script)', placeholder: '科技创新'},
      {name: 'speaker', label: 'Speaker', placeholder: 'name or id'},
      {name: 'since', label: 'From', type: 'date'},
      {name: 'until', label: 'Before', type: 'date'}])]);
  const page = await api.get('/recommendations', {...filters, cursor: params.get('cursor')});
  if (!page.items.length) {
    root.append(h('p.empty', {}, 'No recommendations match.'));
    return;
  }
  root.append(h('ol.cards.rec-list', {},
    page.items.map((r) => h('li.card', {},
      h('p.rec-text', {}, r.text),
      h('p.meta', {},
        h('a', {href: hashFor(`/people/${r.speaker.id}`)}, r.speaker.name), ' · ',
        h('a', {href: placeLink(r)}, r.report.title || `Report ${r.report.id}`), ' · ',
        h('time', {dateTime: day(r.report.date)}, day(r.report.date)))))));
  root.append(pager('/recommendations', params, page.next));
}

window.addEventListener('hashchange', route);
route();

