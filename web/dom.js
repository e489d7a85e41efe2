// Building the page's DOM. Every piece of data goes in through textContent
// or a property, never through innerHTML, so a name such as <script> shows
// as the letters it is made of.

// h('a.name', {href: '#/people/1'}, 'text', child, ...): an element with
// classes after the dots, properties (or data-*/aria-* attributes) and
// children (strings become text nodes; null and false are skipped).
export function h(spec, props, ...children) {
  const [tag, ...classes] = spec.split('.');
  const node = document.createElement(tag || 'div');
  if (classes.length) node.className = classes.join(' ');
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('data-') || key.startsWith('aria-') || key === 'role' || key === 'for')
      node.setAttribute(key, String(value));
    else if (key.startsWith('on'))
      node.addEventListener(key.slice(2), value);
    else
      node[key] = value;
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
  for (const child of children.flat())
    if (child !== null && child !== undefined)
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

// A link for a url from the data when it is http or https; anything else
// (javascript:, data:, relative paths) stays plain text.
export function externalLink(url, label) {
  let parsed = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (parsed && (parsed.protocol === 'http:' || parsed.protocol === 'https:'))
    return h('a', {href: parsed.href, rel: 'noopener noreferrer nofollow', target: '_blank'},
             label || url);
  return h('span.url', {}, label || url);
}

// The date part of an RFC 3339 time ("2024-06-25T01:00:00Z" -> "2024-06-25").
export function day(time) {
  return typeof time === 'string' ? time.slice(0, 10) : '';
}

export function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many || one + 's'}`;
}
