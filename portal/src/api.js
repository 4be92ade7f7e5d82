// The one way the portal talks to the API: the caller's token, Idempotency-Key on every
// POST, and every failure turned into an ApiError the screens explain in words
// (errors.jsx), never a raw problem document.

import { session, signOutExpired } from './auth.js';

export class ApiError extends Error {
  // status: the HTTP status, or 0 when the network failed; problem: the RFC 9457
  // document (or API Gateway's {"message"}), when there was one.
  constructor(status, problem, retryAfter) {
    super((problem && (problem.detail || problem.title || problem.message)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || null;
    this.retryAfter = retryAfter || null;
  }
  // fieldErrors maps each field a 400 or 422 names to its reasons.
  get fieldErrors() {
    const out = {};
    for (const e of (this.problem && this.problem.errors) || []) {
      (out[e.field] = out[e.field] || []).push(e.reason);
    }
    return out;
  }
}

// newKey is an Idempotency-Key for one logical request: a retry reuses it, so a request
// whose answer was lost acts once.
export function newKey(prefix = 'p') {
  return `${prefix}-${crypto.randomUUID()}`;
}

// request sends one API request. opts: method, body (JSON), key (Idempotency-Key, made
// for a POST when not given), ifMatch, auth (default true), raw (return the Response).
export async function request(path, opts = {}) {
  const method = opts.method || 'GET';
  const headers = { Accept: 'application/json' };
  if (opts.auth !== false) {
    const s = session();
    if (!s) throw new ApiError(401, { title: 'Unauthorized', detail: 'not signed in' });
    headers.Authorization = `Bearer ${s.token}`;
  }
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method === 'POST') headers['Idempotency-Key'] = opts.key || newKey();
  if (opts.ifMatch) headers['If-Match'] = opts.ifMatch;
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, null);
  }
  if (res.status === 401 && opts.auth !== false) signOutExpired();
  if (!res.ok) {
    let problem = null;
    try {
      problem = await res.json();
    } catch {
      problem = null;
    }
    throw new ApiError(res.status, problem, res.headers.get('Retry-After'));
  }
  if (opts.raw) return res;
  if (res.status === 204) return null;
  const body = await res.json();
  const etag = res.headers.get('ETag');
  if (etag && body && typeof body === 'object' && !Array.isArray(body)) {
    Object.defineProperty(body, '_etag', { value: etag, enumerable: false });
  }
  return body;
}

export const get = (path, opts) => request(path, opts);
export const post = (path, body, opts = {}) => request(path, { ...opts, method: 'POST', body });
export const patch = (path, body, opts = {}) => request(path, { ...opts, method: 'PATCH', body });

// Procedures change only with a deploy: fetched once per page load.
let procs = null;
export function procedures() {
  if (!procs) {
    procs = request('/v1/procedures', { auth: false }).then((r) => {
      const byId = {};
      for (const p of r.items) byId[p.id] = p;
      return byId;
    });
    procs.catch(() => {
      procs = null;
    });
  }
  return procs;
}

// upload sends a file to the slot the API gave, reporting progress (0..1). XMLHttpRequest
// because fetch reports no upload progress.
export function upload(slot, file, onProgress) {
  return new Promise((resolve, reject) => {
    const u = slot.upload;
    const xhr = new XMLHttpRequest();
    xhr.open(u.method, u.url);
    let body = file;
    if (u.method === 'POST') {
      body = new FormData();
      for (const [k, v] of Object.entries(u.fields || {})) body.append(k, v);
      body.append('file', file);
    } else {
      for (const [k, v] of Object.entries(u.headers || {})) xhr.setRequestHeader(k, v);
    }
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new ApiError(xhr.status >= 500 ? 503 : 'upload', { detail: xhr.responseText.slice(0, 200) })));
    xhr.onerror = () => reject(new ApiError(0, null));
    xhr.send(body);
  });
}

// sha256 of a file as hex, as the upload slot asks.
export async function sha256(file) {
  const d = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

// limited runs fn with at most four such calls in flight: rows of a list that each read
// something more (an application's clock, an object's budget gate) do not flood the API.
let active = 0;
const waiting = [];
export function limited(fn) {
  return new Promise((resolve, reject) => {
    const go = () => {
      active++;
      fn().then(resolve, reject).finally(() => {
        active--;
        if (waiting.length) waiting.shift()();
      });
    };
    if (active < 4) go();
    else waiting.push(go);
  });
}
