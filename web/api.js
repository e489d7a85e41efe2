// The JSON API of the same podium. Errors come back as RFC 9457 problems;
// they are thrown as Problem so every view can show what went wrong.

const TOKEN_KEY = 'podium.token';

export class Problem extends Error {
  constructor(status, doc) {
    super(doc.detail || doc.title || `HTTP ${status}`);
    this.status = status;
    this.code = doc.code || null;
    this.title = doc.title || `HTTP ${status}`;
    this.detail = doc.detail || null;
    this.errors = Array.isArray(doc.errors) ? doc.errors : [];
    this.requestId = doc.request_id || null;
  }
}

// The bearer token for writes, kept for this tab only.
export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

async function call(method, path, {body, contentType} = {}) {
  const headers = {Accept: 'application/json'};
  if (body !== undefined) headers['Content-Type'] = contentType;
  if (method !== 'GET' && token()) headers.Authorization = `Bearer ${token()}`;
  let response;
  try {
    response = await fetch(path, {method, headers, body});
  } catch (err) {
    throw new Problem(0, {title: 'Podium did not answer', detail: String(err.message || err)});
  }
  const type = response.headers.get('Content-Type') || '';
  const doc = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) throw new Problem(response.status, doc || {title: response.statusText});
  return {doc, location: response.headers.get('Location'), status: response.status};
}

// GET path with the query parameters that are set (empty ones are left out).
export async function get(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') query.set(key, value);
  const qs = query.toString();
  return (await call('GET', qs ? `${path}?${qs}` : path)).doc;
}

export async function postText(path, text) {
  return call('POST', path, {body: text, contentType: 'text/plain; charset=utf-8'});
}

export async function postJson(path, value) {
  return call('POST', path, {body: JSON.stringify(value), contentType: 'application/json'});
}
