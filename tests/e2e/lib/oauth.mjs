// Helpers for the OAuth end-to-end tests: app registration through the
// dashboard form, PKCE pairs, the consent round trip as a browser without
// JavaScript would make it, and plain token-endpoint requests.
import crypto from 'node:crypto';
import { request, json } from './http.mjs';

export const FORM = 'application/x-www-form-urlencoded';

// The few entities ClearSilver's HTML escaping produces, undone.
export function unescapeHtml(s) {
  return s.replace(/&(#x?[0-9a-fA-F]+|amp|lt|gt|quot|apos);/g, (m, e) => {
    const named = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (named[e]) return named[e];
    return String.fromCodePoint(e[1] === 'x' || e[1] === 'X'
      ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

// The text of the element with this id (no nested markup expected).
export function textOf(html, id) {
  const m = new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html);
  return m ? unescapeHtml(m[1]) : null;
}

// registerApp(dashboard, {name, redirect_uris (string|array), client_type,
//   scopes, grant_types (array)}) -> {clientId, secret, html, res}
export async function registerApp(d, fields = {}) {
  const page = await d.get('/settings/oauth-apps');
  const nonce = /name="form_nonce" value="([^"]*)"/.exec(page.body);
  const uris = fields.redirect_uris ?? ['https://app.example/cb'];
  const entries = [
    ['name', fields.name ?? 'Test app'],
    ['redirect_uris', Array.isArray(uris) ? uris.join('\r\n') : uris],
    ['client_type', fields.client_type ?? 'confidential'],
    ['scopes', fields.scopes ?? 'read write offline_access'],
    ...(fields.grant_types ?? ['authorization_code', 'refresh_token']).map((g) => ['grant_types', g]),
  ];
  if (nonce && fields.form_nonce !== false) entries.push(['form_nonce', nonce[1]]);
  const res = await d.post('/settings/oauth-apps', entries);
  return {
    res,
    html: res.body,
    clientId: textOf(res.body, 'client-id'),
    secret: textOf(res.body, 'new-client-secret'),
  };
}

export function pkce() {
  const verifier = crypto.randomBytes(32).toString('base64url');
  const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

// /oauth/authorize?... from an object (or array of pairs) of parameters.
export function authorizePath(params) {
  const q = new URLSearchParams(Array.isArray(params) ? params : Object.entries(params));
  return `/oauth/authorize?${q}`;
}

// Standard parameters for client c plus overrides; null removes one.
export function authParams(clientId, challenge, over = {}) {
  const p = {
    response_type: 'code',
    client_id: clientId,
    redirect_uri: 'https://app.example/cb',
    scope: 'read write offline_access',
    state: crypto.randomBytes(12).toString('base64url'),
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...over,
  };
  for (const k of Object.keys(p)) if (p[k] === null) delete p[k];
  return p;
}

// The hidden fields of the consent form (the one posting to /oauth/authorize).
export function consentFields(html) {
  const form = /<form method="post" action="\/oauth\/authorize"[^>]*>([\s\S]*?)<\/form>/.exec(html);
  if (!form) return null;
  const out = [];
  const re = /<input type="hidden" name="([^"]*)" value="([^"]*)">/g;
  let m;
  while ((m = re.exec(form[1])) !== null) out.push([unescapeHtml(m[1]), unescapeHtml(m[2])]);
  return out;
}

// GETs the authorize URL (path or absolute URL) with the signed-in dashboard d;
// if the consent page is shown, posts its hidden fields back with the decision.
// -> {location, consent: the GET response, res: the final response}
export async function authorize(d, pathOrUrl, decision = 'approve') {
  const u = new URL(pathOrUrl, d.base);
  const consent = await d.get(u.pathname + u.search);
  if (consent.status === 303) {
    return { location: consent.headers.location, consent, res: consent, remembered: true };
  }
  if (consent.status !== 200) return { location: consent.headers.location, consent, res: consent };
  const fields = consentFields(consent.body);
  if (fields === null) throw new Error(`no consent form in: ${consent.body.slice(0, 500)}`);
  fields.push(['decision', decision]);
  const res = await d.post('/oauth/authorize', fields);
  return { location: res.headers.location, consent, res, remembered: false };
}

// Query parameters of a Location header.
export function query(location) {
  return new URL(location).searchParams;
}

export function basic(id, secret) {
  const e = (s) => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${e(id)}:${e(secret)}`).toString('base64')}`;
}

// POST a form to an OAuth endpoint. fields: object or array of pairs (or a
// raw string body); opts.auth [id, secret] adds HTTP Basic; opts.headers.
export async function oauthPost(base, path, fields, opts = {}) {
  const body = typeof fields === 'string' ? fields
    : new URLSearchParams(Array.isArray(fields) ? fields : Object.entries(fields)).toString();
  const headers = { 'Content-Type': FORM, ...(opts.headers || {}) };
  if (opts.auth) headers.Authorization = basic(...opts.auth);
  return request(base, 'POST', path, { headers, body });
}

export const token = (base, fields, opts) => oauthPost(base, '/oauth/token', fields, opts);
export const introspect = (base, fields, opts) => oauthPost(base, '/oauth/introspect', fields, opts);
export const revoke = (base, fields, opts) => oauthPost(base, '/oauth/revoke', fields, opts);

export function verify(base, accessToken) {
  return request(base, 'GET', '/v1/auth/verify',
    { headers: { Authorization: `Bearer ${accessToken}` } });
}

// Runs code + PKCE to the end with Basic auth; -> token response body.
export async function codeFlow(d, base, app, over = {}, redirect = 'https://app.example/cb') {
  const { verifier, challenge } = pkce();
  const p = authParams(app.clientId, challenge, { redirect_uri: redirect, ...over });
  const { location } = await authorize(d, authorizePath(p));
  const code = query(location).get('code');
  if (!code) throw new Error(`no code in ${location}`);
  const fields = { grant_type: 'authorization_code', code, redirect_uri: redirect,
    code_verifier: verifier };
  const opts = {};
  if (app.secret) opts.auth = [app.clientId, app.secret];
  else fields.client_id = app.clientId;
  const res = await token(base, fields, opts);
  if (res.status !== 200) throw new Error(`token exchange ${res.status}: ${res.body}`);
  return json(res);
}
