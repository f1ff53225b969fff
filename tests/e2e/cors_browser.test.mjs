// SPEC §12 CORS, from a real (headless Debian) Chromium: a single-page app served
// by a small node server on http://localhost:<port> (a public client whose
// registered redirect URI is on that origin) calls Latchkey on
// http://127.0.0.1:<port> with fetch(): discovery, the code exchange with a Basic
// header (so the browser sends a preflight), revocation. A page on another origin
// (the same host on another port: the loopback any-port match of authorization
// does not extend to CORS) and the routes without CORS are refused by the browser.
// The headers themselves are checked from node too: preflight 204, Vary: Origin,
// never Allow-Credentials, OPTIONS elsewhere 405.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, ADMIN, freePort } from './lib/server.mjs';
import { request, json, Dashboard } from './lib/http.mjs';
import { addUser } from './lib/keys.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { pkce, authParams, authorize, authorizePath, registerApp, query } from './lib/oauth.mjs';

let srv, d, spa, spaOrigin, strangerOrigin, b, app;
const servers = [];

// A page server; every path answers the same empty page.
async function site() {
  const port = await freePort();
  const s = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>SPA</title><p>single-page app</p>');
  });
  await new Promise((resolve) => s.listen(port, '127.0.0.1', resolve));
  servers.push(s);
  return `http://localhost:${port}`;
}

before(async () => {
  srv = await startServer();
  d = new Dashboard(srv.base);
  assert.equal((await d.login(ADMIN.email, ADMIN.password)).status, 303);
  spaOrigin = await site();
  strangerOrigin = await site();
  app = await registerApp(d, { name: 'SPA', client_type: 'public', scopes: 'read offline_access',
    redirect_uris: [`${spaOrigin}/cb`], grant_types: ['authorization_code', 'refresh_token'] });
  assert.ok(app.clientId, app.html.slice(0, 300));
  b = await launchBrowser();
  spa = b.page;
  await spa.goto(`${spaOrigin}/`);
});
after(async () => {
  if (b) await b.close();
  for (const s of servers) await new Promise((r) => s.close(r));
  if (srv) await srv.stop();
});

// fetch() in page p; -> {ok, status, body} or {error} when the browser refuses.
function browserFetch(p, url, init = {}) {
  return p.evaluate(async ([u, i]) => {
    try {
      const r = await fetch(u, i);
      return { ok: true, status: r.status, body: await r.text(), type: r.headers.get('content-type') };
    } catch (e) {
      return { error: String(e) };
    }
  }, [url, init]);
}

// A code for the SPA's redirect URI, approved by the signed-in admin.
async function code(verifierPair) {
  const p = authParams(app.clientId, verifierPair.challenge,
    { redirect_uri: `${spaOrigin}/cb`, scope: 'read offline_access' });
  const { location } = await authorize(d, authorizePath(p));
  return query(location).get('code');
}

test('the SPA reads discovery and JWKS, exchanges a code with a preflight, revokes', async () => {
  const meta = await browserFetch(spa, `${srv.base}/.well-known/oauth-authorization-server`);
  assert.equal(meta.status, 200, JSON.stringify(meta));
  assert.equal(JSON.parse(meta.body).token_endpoint.endsWith('/oauth/token'), true);
  const jwks = await browserFetch(spa, `${srv.base}/.well-known/jwks.json`);
  assert.ok(JSON.parse(jwks.body).keys.length >= 1, JSON.stringify(jwks));

  const pair = pkce();
  const c = await code(pair);
  // Basic 'client_id:' (an empty secret) is not CORS-safelisted: a preflight first.
  const tok = await browserFetch(spa, `${srv.base}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: `Basic ${Buffer.from(`${app.clientId}:`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: c,
      redirect_uri: `${spaOrigin}/cb`, code_verifier: pair.verifier }).toString(),
  });
  assert.equal(tok.status, 200, JSON.stringify(tok));
  const t = JSON.parse(tok.body);
  assert.ok(t.access_token && t.refresh_token);
  assert.match(tok.type, /^application\/json/);

  // An error is readable too (the app can show it).
  const bad = await browserFetch(spa, `${srv.base}/oauth/token`, { method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: c, client_id: app.clientId,
      redirect_uri: `${spaOrigin}/cb`, code_verifier: pair.verifier }).toString() });
  assert.equal(bad.status, 400, JSON.stringify(bad));
  assert.equal(JSON.parse(bad.body).error, 'invalid_grant');

  const rv = await browserFetch(spa, `${srv.base}/oauth/revoke`, { method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: t.refresh_token, client_id: app.clientId }).toString() });
  assert.equal(rv.status, 200, JSON.stringify(rv));
  assert.equal(rv.body, '{}');
});

test('the browser refuses: another origin, and routes without CORS', async () => {
  const stranger = await b.context.newPage();
  try {
    await stranger.goto(`${strangerOrigin}/`);
    const r = await browserFetch(stranger, `${srv.base}/.well-known/jwks.json`);
    assert.match(r.error ?? '', /TypeError/, `a loopback origin on another port: ${JSON.stringify(r)}`);
  } finally {
    await stranger.close();
  }
  for (const p of ['/v1/auth/verify', '/v1/keys']) {
    const r = await browserFetch(spa, `${srv.base}${p}`, { headers: { Authorization: 'Bearer x' } });
    assert.match(r.error ?? '', /TypeError/, `${p}: ${JSON.stringify(r)}`);
  }
});

test('headers: preflight 204, Vary: Origin, the origin exactly, never credentials', async () => {
  const pre = await request(srv.base, 'OPTIONS', '/oauth/token', { headers: { Origin: spaOrigin,
    'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization' } });
  assert.equal(pre.status, 204, pre.body);
  assert.equal(pre.body, '');
  assert.equal(pre.headers['access-control-allow-origin'], spaOrigin);
  assert.equal(pre.headers['access-control-allow-methods'], 'POST, OPTIONS');
  assert.match(pre.headers['access-control-allow-headers'], /Authorization/);
  assert.match(pre.headers['access-control-allow-headers'], /Content-Type/);
  assert.equal(pre.headers['access-control-allow-credentials'], undefined);
  assert.match(pre.headers.vary, /Origin/);

  const wk = await request(srv.base, 'OPTIONS', '/.well-known/jwks.json', { headers: { Origin: spaOrigin } });
  assert.equal(wk.status, 204);
  assert.equal(wk.headers['access-control-allow-methods'], 'GET, HEAD, OPTIONS');
  const ui = await request(srv.base, 'OPTIONS', '/oauth/userinfo', { headers: { Origin: spaOrigin,
    'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' } });
  assert.equal(ui.status, 204);
  assert.equal(ui.headers['access-control-allow-origin'], spaOrigin);
  assert.equal(ui.headers['access-control-allow-methods'], 'GET, HEAD, POST, OPTIONS');
  // A 401 from a CORS route is readable by the app too.
  const no = await request(srv.base, 'GET', '/oauth/userinfo', { headers: { Origin: spaOrigin } });
  assert.equal(no.status, 401);
  assert.equal(no.headers['access-control-allow-origin'], spaOrigin);
  const oc = await request(srv.base, 'GET', '/.well-known/openid-configuration', { headers: { Origin: spaOrigin } });
  assert.equal(oc.headers['access-control-allow-origin'], spaOrigin);

  for (const o of [strangerOrigin, `${spaOrigin}/`, 'null', `${spaOrigin.replace('http:', 'https:')}`,
    spaOrigin.replace('localhost', '127.0.0.1')]) {
    const r = await request(srv.base, 'GET', '/.well-known/jwks.json', { headers: { Origin: o } });
    assert.equal(r.status, 200);
    assert.equal(r.headers['access-control-allow-origin'], undefined, o);
    assert.match(r.headers.vary, /Origin/);
    const p = await request(srv.base, 'OPTIONS', '/oauth/token', { headers: { Origin: o } });
    assert.equal(p.status, 204);
    assert.equal(p.headers['access-control-allow-origin'], undefined, o);
  }
  const plain = await request(srv.base, 'GET', '/.well-known/jwks.json', { headers: { Origin: spaOrigin } });
  assert.equal(plain.headers['access-control-allow-origin'], spaOrigin);
  assert.equal(plain.headers['access-control-allow-credentials'], undefined);

  // No CORS elsewhere: OPTIONS is a 405 with Allow, no CORS header.
  for (const p of ['/v1/keys', '/v1/auth/verify', '/oauth/introspect', '/v1/auth/login']) {
    const r = await request(srv.base, 'OPTIONS', p, { headers: { Origin: spaOrigin } });
    assert.equal(r.status, 405, `${p}: ${r.status}`);
    assert.ok(r.headers.allow, p);
    assert.equal(r.headers['access-control-allow-origin'], undefined, p);
    assert.equal(json(r).error, p.startsWith('/oauth/') ? 'invalid_request' : 'method_not_allowed', p);
  }
  const login = await request(srv.base, 'OPTIONS', '/login', { headers: { Origin: spaOrigin } });
  assert.equal(login.status, 405, 'the dashboard has no CORS');
  assert.equal(login.headers['access-control-allow-origin'], undefined);
});

test('a confidential client or a disabled owner gives its origins no CORS', async () => {
  const allowed = async (o) => (await request(srv.base, 'OPTIONS', '/oauth/token',
    { headers: { Origin: o } })).headers['access-control-allow-origin'] === o;
  const conf = await registerApp(d, { name: 'Backend', redirect_uris: ['https://backend.example/cb'] });
  assert.ok(conf.secret);
  assert.equal(await allowed('https://backend.example'), false, 'a confidential client');

  const u = addUser(srv, 'spa-owner@example.com');
  const ud = new Dashboard(srv.base);
  assert.equal((await ud.login(u.email, u.password)).status, 303);
  const pub = await registerApp(ud, { name: 'Owner SPA', client_type: 'public', scopes: 'read',
    redirect_uris: ['https://spa.example:8443/app/cb?x=1'], grant_types: ['authorization_code'] });
  assert.ok(pub.clientId);
  assert.equal(await allowed('https://spa.example:8443'), true, 'port as registered');
  assert.equal(await allowed('https://spa.example'), false, 'another port');
  assert.equal(srv.cli(['user', 'disable', u.email]).status, 0);
  assert.equal(await allowed('https://spa.example:8443'), false, 'a disabled owner');
});
