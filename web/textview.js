// A report's text as written, with what the segmenter found marked in it:
// each person's remarks shaded in the person's colour, cue words
// underlined, recommendations numbered in the margin, warnings flagged.
//
// Offsets in the answer are UTF-8 byte offsets into the original text, so
// the text is encoded once and every piece is decoded from a byte slice;
// JavaScript string indices (UTF-16 code units) would drift at the first
// character outside ASCII.
import {h} from './dom.js';

export const COLOURS = 10;

export function colourClass(personIndex) {
  return `c${personIndex % COLOURS}`;
}

// Every mark with its byte span, recommendations numbered in text order.
function collectMarks(seg) {
  const marks = [];
  const recs = [];
  (seg.people || []).forEach((person, pi) => {
    (person.remarks || []).forEach((remark, ri) => {
      marks.push({kind: 'remark', start: remark.start, end: remark.end, pi, ri});
      if (remark.cue) marks.push({kind: 'cue', start: remark.cue.start, end: remark.cue.end, pi});
    });
    for (const rec of person.recommendations || [])
      recs.push({kind: 'rec', start: rec.start, end: rec.end, pi, ordinal: rec.ordinal,
                 marker: rec.marker, person});
  });
  recs.sort((a, b) => a.start - b.start || a.pi - b.pi);
  recs.forEach((rec, i) => { rec.n = i + 1; });
  for (const warning of seg.warnings || [])
    marks.push({kind: 'warn', start: warning.start, end: warning.end, code: warning.code,
                text: warning.text});
  return {marks: marks.concat(recs), recs};
}

// The index of the paragraph holding byte offset, by binary search.
function paragraphAt(paragraphs, offset) {
  let lo = 0;
  let hi = paragraphs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (paragraphs[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function segmentClasses(active, a, target) {
  const classes = [];
  const data = {};
  for (const mark of active) {
    if (mark.kind === 'remark') {
      classes.push('remark', colourClass(mark.pi));
      data['data-remark'] = `${mark.pi}.${mark.ri}`;
    } else if (mark.kind === 'cue') {
      classes.push('cue');
    } else if (mark.kind === 'rec') {
      classes.push('rec');
      data['data-rec'] = mark.n;
      if (mark.start === a) {
        classes.push('rec-start');
        data['data-n'] = mark.n;
        data.id = `rec-${mark.n}`;
      }
    } else if (mark.kind === 'warn') {
      classes.push('warn');
      data.title = `warning: ${mark.code}`;
    }
  }
  if (target && a >= target.at && a < target.end) classes.push('target');
  return {classes, data};
}

function noteFor(rec, names) {
  return h('li.note', {},
    h('button.note-link', {type: 'button', 'data-n': rec.n,
                           'aria-label': `Recommendation ${rec.n} by ${names(rec.person)}`,
                           onclick: () => {
                             const span = document.getElementById(`rec-${rec.n}`);
                             if (span) {
                               span.scrollIntoView({block: 'center'});
                               span.classList.add('flash');
                               setTimeout(() => span.classList.remove('flash'), 1200);
                             }
                           }},
      h('span.badge', {}, String(rec.n)),
      h(`span.swatch.${colourClass(rec.pi)}`, {'aria-hidden': 'true'}),
      h('span.note-name', {}, names(rec.person)),
      h('span.note-ordinal', {}, ` · ${rec.marker || '#' + rec.ordinal}`)));
}

// The text of seg (whose offsets index text) as paragraphs with margins.
// target: {at, end} byte span to mark and scroll to, or null.
export function renderText(text, seg, target) {
  const bytes = new TextEncoder().encode(text);
  const decoder = new TextDecoder();
  const slice = (a, b) => decoder.decode(bytes.subarray(a, b));
  const paragraphs = seg.paragraphs && seg.paragraphs.length
    ? seg.paragraphs : [{index: 0, start: 0, end: bytes.length}];
  const {marks} = collectMarks(seg);
  const buckets = paragraphs.map(() => []);
  for (const mark of marks) {
    if (!(mark.end > mark.start) || mark.start < 0 || mark.end > bytes.length) continue;
    for (let p = paragraphAt(paragraphs, mark.start);
      p < paragraphs.length && paragraphs[p].start < mark.end; p++)
      if (paragraphs[p].end > mark.start) buckets[p].push(mark);
  }
  const names = (person) => person.name;
  const container = h('div.report-text', {});
  paragraphs.forEach((para, p) => {
    const inside = buckets[p];
    const cuts = new Set([para.start, para.end]);
    for (const mark of inside) {
      cuts.add(Math.max(mark.start, para.start));
      cuts.add(Math.min(mark.end, para.end));
    }
    if (target) for (const at of [target.at, target.end])
      if (at > para.start && at < para.end) cuts.add(at);
    const points = [...cuts].sort((x, y) => x - y);
    const line = h('p.ptext', {'data-start': para.start, 'data-end': para.end});
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i];
      const b = points[i + 1];
      const active = inside.filter((mark) => mark.start <= a && mark.end >= b);
      const {classes, data} = segmentClasses(active, a, target);
      const piece = slice(a, b);
      if (!classes.length) {
        line.append(document.createTextNode(piece));
        continue;
      }
      const span = h('span', {className: classes.join(' '), 'data-start': a, 'data-end': b},
        piece);
      for (const [key, value] of Object.entries(data)) {
        if (key === 'id') span.id = value;
        else if (key === 'title') span.title = value;
        else span.setAttribute(key, String(value));
      }
      line.append(span);
    }
    const notes = h('ul.notes', {'aria-label': 'Recommendations and warnings in this paragraph'});
    for (const mark of inside) {
      if (mark.kind === 'rec' && mark.start >= para.start) notes.append(noteFor(mark, names));
      if (mark.kind === 'warn' && mark.start >= para.start)
        notes.append(h('li.note.warn-note', {}, h('span.warn-icon', {'aria-hidden': 'true'}, '⚠'),
          ` ${mark.code}: `, h('span.warn-text', {}, slice(mark.start, mark.end))));
    }
    container.append(h('div.para', {}, line, notes.childElementCount ? notes : null));
  });
  return container;
}

// The people of seg as a legend: colour, name, role, affiliation, counts.
// link(person) gives the href of the person's page, or null.
export function renderPeople(seg, link) {
  const list = h('ul.people-legend', {'aria-label': 'People in this report'});
  (seg.people || []).forEach((person, pi) => {
    const href = link ? link(person) : null;
    const remarks = (person.remarks || []).length;
    const recs = (person.recommendations || []).length;
    list.append(h('li.person', {'data-person': pi},
      h(`span.swatch.${colourClass(pi)}`, {'aria-hidden': 'true'}),
      href ? h('a.person-name', {href}, person.name) : h('span.person-name', {}, person.name),
      h('span.role', {}, person.role || ''),
      person.affiliation ? h('span.affiliation', {}, person.affiliation) : null,
      person.topic ? h('span.topic', {}, `“${person.topic}”`) : null,
      h('span.counts', {}, `${remarks} remark${remarks === 1 ? '' : 's'} · ` +
        `${recs} recommendation${recs === 1 ? '' : 's'}`)));
  });
  return list;
}

export function countRecommendations(seg) {
  return (seg.people || []).reduce((n, p) => n + (p.recommendations || []).length, 0);
}
