// Who is signed in. Locally the gateway mints development tokens (POST /dev/token); in
// AWS the portal signs people in with OpenID Connect, authorization code with PKCE
// (RFC 7636), against the issuer the HTTP API's JWT authorizer trusts (/portal.json).
// The token lives in sessionStorage: it ends with the tab, and no other site can read it.

const KEY = 'ictgov.session';
const FLOW = 'ictgov.oidc';
const listeners = new Set();

export function onSession(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
const emit = () => listeners.forEach((fn) => fn());

export function session() {
  try {
    const s = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    if (s && s.expiresAt && Date.now() > s.expiresAt) {
      signOutExpired();
      return null;
    }
    return s;
  } catch {
    return null;
  }
}

let expired = false;
export const wasExpired = () => expired;

export function setSession(s) {
  expired = false;
  sessionStorage.setItem(KEY, JSON.stringify(s));
  emit();
}

export function signOut() {
  sessionStorage.removeItem(KEY);
  emit();
}

// signOutExpired: the API said 401. The screen asks to sign in again and comes back here.
export function signOutExpired() {
  if (!sessionStorage.getItem(KEY)) return;
  expired = true;
  sessionStorage.setItem('ictgov.returnTo', location.hash || '#/');
  sessionStorage.removeItem(KEY);
  emit();
}

export function takeReturnTo() {
  const r = sessionStorage.getItem('ictgov.returnTo');
  sessionStorage.removeItem('ictgov.returnTo');
  return r;
}

function jwtClaims(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(part), (c) => c.charCodeAt(0))));
  } catch {
    return {};
  }
}

async function me(token) {
  const res = await fetch('/v1/me', { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
  if (!res.ok) throw Object.assign(new Error('me'), { status: res.status });
  return res.json();
}

async function finish(token, mode) {
  const who = await me(token);
  const exp = jwtClaims(token).exp;
  setSession({ token, mode, me: who, expiresAt: exp ? exp * 1000 : null });
}

// devSignIn: the local gateway's development tokens, for a person, organisation and roles.
export async function devSignIn(sub, org, roles) {
  const res = await fetch('/dev/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ sub, org, roles }),
  });
  if (!res.ok) throw Object.assign(new Error('token'), { status: res.status });
  const { token } = await res.json();
  await finish(token, 'dev');
}

// --- OpenID Connect, authorization code with PKCE -------------------------------------

const b64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

export function randomVerifier() {
  return b64url(crypto.getRandomValues(new Uint8Array(48)));
}

// challengeOf is RFC 7636's S256 code challenge of a verifier.
export async function challengeOf(verifier) {
  return b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

async function discover(issuer) {
  const res = await fetch(issuer.replace(/\/$/, '') + '/.well-known/openid-configuration');
  if (!res.ok) throw Object.assign(new Error('discovery'), { status: res.status });
  return res.json();
}

const redirectUri = () => location.origin;

export async function oidcSignIn(config) {
  const meta = await discover(config.issuer);
  const verifier = randomVerifier();
  const state = randomVerifier();
  sessionStorage.setItem(FLOW, JSON.stringify({ verifier, state, returnTo: location.hash || '#/' }));
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: config.scopes || 'openid',
    state,
    code_challenge: await challengeOf(verifier),
    code_challenge_method: 'S256',
  });
  location.assign(`${meta.authorization_endpoint}?${q}`);
}

// oidcCallback completes a sign-in when the identity provider sent the browser back with
// ?code=&state=; it returns the route to go back to, or null when this is no callback.
export async function oidcCallback(config) {
  const q = new URLSearchParams(location.search);
  if (!q.has('code') && !q.has('error')) return null;
  const flow = JSON.parse(sessionStorage.getItem(FLOW) || 'null');
  sessionStorage.removeItem(FLOW);
  history.replaceState(null, '', location.pathname + (flow ? flow.returnTo : '#/'));
  if (q.has('error') || !flow || q.get('state') !== flow.state) {
    throw Object.assign(new Error('callback'), { status: 401 });
  }
  const meta = await discover(config.issuer);
  const res = await fetch(meta.token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: q.get('code'),
      redirect_uri: redirectUri(),
      client_id: config.clientId,
      code_verifier: flow.verifier,
    }),
  });
  if (!res.ok) throw Object.assign(new Error('token'), { status: res.status });
  const t = await res.json();
  // The HTTP API's authorizer takes the access token when it is a JWT (Cognito's is, with
  // org and cognito:groups from the pre-token trigger); otherwise the ID token.
  const token = t.access_token && t.access_token.split('.').length === 3 ? t.access_token : t.id_token;
  await finish(token, 'oidc');
  return flow.returnTo;
}

// Who may do what: the roles a token carries (contract: roles claim).
export const hasRole = (me, ...roles) => !!me && roles.some((r) => (me.roles || []).includes(r));
export const REVIEWERS = ['authorized_body', 'service_integrator', 'operator', 'admin', 'coordinator'];
