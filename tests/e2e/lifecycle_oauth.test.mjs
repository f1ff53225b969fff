// SPEC §8.2 (a disabled owner's apps stop), §8.5 (codes die with consent or
// app; no token for a deleted app), §8.7 (consent memory), §8.11
// (introspection visibility, resource servers, last_used_at), §8.12
// (redirect URI hosts, a 4096-character state through the signed-out round
// trip); ATTACKS 53, 55, 58, 59, 62, 63, 64.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, ADMIN } from './lib/server.mjs';
import { json } from './lib/http.mjs';
import { addUser, createKeyViaForm, unescapeHtml } from './lib/keys.mjs';
import { registerApp, authorize, authorizePath, authParams, pkce, query, token, introspect, verify,
  codeFlow, consentFields } from './lib/oauth.mjs';
import { from, addresses, dashboardAt, signInAt, apiLogin, num, one, sqlWrite, holdWriteLock,
  signInForm, sleep } from './lib/lifecycle.mjs';

const CB = 'https://app.example/cb';
const PW = 'oauth lifecycle passphrase 5';
const ALL = ['authorization_code', 'refresh_token', 'client_credentials'];
const ip = addresses(80);
// ATTACKS 59 rounds: today's code leaks a token in about 7 rounds of 10.
const ROUNDS_59 = 6;

let srv;
let ad; // admin dashboard
let adminKey; // an admin user's API key holding admin
let owner; let od; // the apps' owner
let user; let ud; // a user of the apps
before(async () => {
  srv = await startServer({ env: { LATCHKEY_API_PROCS: '4' } });
  ad = await signInAt(srv.base, ip(), ADMIN.email, ADMIN.password);
  adminKey = (await createKeyViaForm(ad, { name: 'introspector', permissions: ['read', 'write', 'delete', 'admin'] })).secret;
  owner = addUser(srv, 'owner@example.com', PW);
  od = await signInAt(srv.base, ip(), owner.email, PW);
  user = addUser(srv, 'user@example.com', PW);
  ud = await signInAt(srv.base, ip(), user.email, PW);
});
after(async () => { if (srv) await srv.stop(); });

// Token endpoint calls from a fresh address each: expected failures here
// must not throttle the next test (client authentication throttling, §8.10).
const tokenAt = (...a) => from(ip(), () => token(...a));
const introspectAt = (...a) => from(ip(), () => introspect(...a));
const auth = (a) => ({ auth: [a.clientId, a.secret] });
const cc = (a, scope = 'read') => tokenAt(srv.base, { grant_type: 'client_credentials', scope }, auth(a));
const asAdmin = (tok) => introspectAt(srv.base, { token: tok }, { headers: { 'X-API-Key': adminKey } });
const apps = () => num(srv, 'SELECT count(*) FROM oauth_clients');

async function app(d, fields) {
  const a = await registerApp(d, fields);
  assert.equal(a.res.status, 200, `register: ${a.res.status} ${a.html.slice(0, 300)}`);
  assert.ok(a.clientId);
  return a;
}

// A code for user dashboard d and app a (approving consent if asked).
async function getCode(d, a, over = {}) {
  const { verifier, challenge } = pkce();
  const p = authParams(a.clientId, challenge, over);
  const { location, res } = await authorize(d, authorizePath(p));
  assert.equal(res.status, 303, `authorize: ${res.status} ${res.body.slice(0, 300)}`);
  const code = query(location).get('code');
  assert.ok(code, location);
  return { code, verifier, redirect: p.redirect_uri };
}

const exchange = (a, c) => tokenAt(srv.base, { grant_type: 'authorization_code', code: c.code,
  redirect_uri: c.redirect, code_verifier: c.verifier, ...(a.secret ? {} : { client_id: a.clientId }) },
a.secret ? auth(a) : {});

function oauthError(res, status, error, what) {
  assert.equal(res.status, status, `${what}: ${res.status} ${res.body}`);
  const b = json(res);
  assert.equal(b.error, error, `${what}: ${res.body}`);
  assert.equal('access_token' in b, false, what);
}

async function dead(tok, what) {
  const v = await verify(srv.base, tok);
  assert.equal(v.status, 401, `${what}: verify ${v.status} ${v.body}`);
  assert.equal(json(v).error, 'invalid_token', what);
  const i = await asAdmin(tok);
  assert.equal(i.status, 200, `${what}: introspect ${i.status}`);
  assert.equal(i.body, '{"active":false}', `${what}: introspect`);
}

// An error page: 4xx HTML, never a redirect, no consent form.
function errorPage(res, what) {
  assert.ok(res.status >= 400 && res.status < 500, `${what}: ${res.status} ${res.headers.location ?? ''}`);
  assert.match(res.headers['content-type'], /^text\/html/, what);
  assert.equal(res.headers.location, undefined, what);
  assert.doesNotMatch(res.body, /name="decision"/, what);
}

// The consent page: 200 HTML with the Approve form, no redirect.
function consentPage(res, what) {
  assert.equal(res.status, 200, `${what}: ${res.status} ${res.headers.location ?? ''}`);
  assert.equal(res.headers.location, undefined, what);
  assert.match(res.body, /name="decision" value="approve"/, what);
  assert.ok(consentFields(res.body), what);
}

// §8.2, ATTACKS 53: a disabled user's apps stop, for every user of them.
test('§8.2 / ATTACKS 53: disabling an app owner stops the app and the tokens it issued to others', async () => {
  const o = addUser(srv, 'disabled-owner@example.com', PW);
  const d = await signInAt(srv.base, ip(), o.email, PW);
  const X = await app(d, { name: 'Owner disabled', grant_types: ALL });
  const ut = await codeFlow(ud, srv.base, X); // the user's tokens through X
  const ct = json(await cc(X));
  assert.equal((await verify(srv.base, ut.access_token)).status, 200);
  assert.equal(json(await asAdmin(ut.access_token)).active, true);
  const r = await ad.post(`/admin/users/${o.id}/disable`, {});
  assert.equal(r.status, 303, `disable: ${r.status}`);

  oauthError(await cc(X), 401, 'invalid_client', 'client_credentials with the secret');
  oauthError(await tokenAt(srv.base, { grant_type: 'refresh_token', refresh_token: ut.refresh_token }, auth(X)),
    401, 'invalid_client', "refreshing the user's token");
  await dead(ut.access_token, "the user's access token");
  await dead(ct.access_token, 'the client_credentials token');
  const ri = await asAdmin(ut.refresh_token);
  assert.equal(ri.body, '{"active":false}', "the user's refresh token introspects inactive");
  const { challenge } = pkce();
  errorPage(await ud.get(authorizePath(authParams(X.clientId, challenge))), 'authorize for the app');
  errorPage(await dashboardAt(srv.base, ip()).get(authorizePath(authParams(X.clientId, challenge))),
    'authorize for the app, signed out');
  // Re-enabling may or may not bring the app back; nothing else is asked here.
});

// §8.2 through the CLI.
test('§8.2: `latchkey user disable` stops the owner\'s app too', async () => {
  const o = addUser(srv, 'cli-disabled-owner@example.com', PW);
  const d = await signInAt(srv.base, ip(), o.email, PW);
  const X = await app(d, { name: 'CLI disabled', grant_types: ALL });
  const ut = await codeFlow(ud, srv.base, X);
  assert.equal(srv.cli(['user', 'disable', o.email]).status, 0);
  oauthError(await cc(X), 401, 'invalid_client', 'client_credentials with the secret');
  await dead(ut.access_token, "the user's access token");
  const { challenge } = pkce();
  errorPage(await ud.get(authorizePath(authParams(X.clientId, challenge))), 'authorize');
});

// §8.5, ATTACKS 55: revoking consent kills the user's unredeemed codes.
test('§8.5 / ATTACKS 55: consent revoked between authorize and token: invalid_grant', async () => {
  const Y = await app(od, { name: 'Consent revoked', grant_types: ALL });
  const other = addUser(srv, 'other55@example.com', PW);
  const vd = await signInAt(srv.base, ip(), other.email, PW);
  const mine = await getCode(ud, Y);
  const mine2 = await getCode(ud, Y); // remembered consent: a second code
  const theirs = await getCode(vd, Y);
  await ud.get('/settings/authorized-apps');
  const r = await ud.post(`/settings/authorized-apps/${Y.clientId}/revoke`, {});
  assert.equal(r.status, 303, `revoke: ${r.status}`);
  oauthError(await exchange(Y, mine), 400, 'invalid_grant', 'code issued before the revocation');
  oauthError(await exchange(Y, mine2), 400, 'invalid_grant', 'second code issued before the revocation');
  const ok = await exchange(Y, theirs);
  assert.equal(ok.status, 200, `another user's code for the app still works: ${ok.body}`);
});

// §8.5, ATTACKS 55: deleting the app kills its codes.
test('§8.5 / ATTACKS 55: app deleted between authorize and token: no token', async () => {
  for (const client_type of ['confidential', 'public']) {
    const Z = await app(od, { name: `Deleted ${client_type}`, client_type });
    const c = await getCode(ud, Z);
    await od.get('/settings/oauth-apps');
    const r = await od.post(`/settings/oauth-apps/${Z.clientId}/delete`, {});
    assert.equal(r.status, 303);
    const res = await exchange(Z, c);
    // §8.5 says invalid_grant; a client that no longer exists can't
    // authenticate either, so invalid_client is accepted too.
    assert.ok((res.status === 400 && json(res).error === 'invalid_grant')
      || (res.status === 401 && json(res).error === 'invalid_client'), `${client_type}: ${res.status} ${res.body}`);
    assert.equal('access_token' in json(res), false);
  }
});

// ATTACKS 59, §8.5: deletion racing client_credentials grants leaves no live token.
test('§8.5 / ATTACKS 59: delete an app while 4 loops get client_credentials tokens: none survives', async () => {
  const leaks = [];
  for (let round = 1; round <= ROUNDS_59; round++) {
    const A = await app(od, { name: `Raced ${round}`, scopes: 'read', grant_types: ['client_credentials'] });
    const tokens = [];
    let stop = false;
    const counts = [0, 0, 0, 0];
    // (cc() asks from a fresh address each time: the failures after the
    // delete throttle nothing else.)
    const loop = async (n) => {
      while (!stop) {
        const r = await cc(A).catch(() => null);
        if (r && r.status === 200) { tokens.push(json(r).access_token); counts[n]++; }
      }
    };
    const loops = [0, 1, 2, 3].map(loop);
    for (let i = 0; i < 500 && counts.some((c) => c === 0); i++) await sleep(10);
    assert.ok(counts.every((c) => c > 0), `every loop got a token: ${counts}`);
    // A slow concurrent writer holds the write lock: grants that already
    // authenticated the client queue up behind it, next to the delete.
    await od.get('/settings/oauth-apps');
    const lock = await holdWriteLock(srv);
    const del = od.post(`/settings/oauth-apps/${A.clientId}/delete`, {});
    await sleep(300);
    await lock.release();
    const res = await del;
    stop = true;
    await Promise.all(loops);
    assert.equal(res.status, 303, `delete: ${res.status}`);
    let alive = 0;
    for (const t of tokens) {
      const v = await verify(srv.base, t);
      const i = await asAdmin(t);
      if (v.status !== 401 || i.body !== '{"active":false}') alive++;
    }
    leaks.push(`round ${round}: ${alive} of ${tokens.length} live`);
    if (alive) break;
  }
  assert.ok(leaks.every((l) => / 0 of /.test(l)), `tokens of a deleted app still work: ${leaks.join('; ')}`);
});

// §8.7, ATTACKS 58: remembered consent only for confidential clients and exact redirect URIs.
test('§8.7 / ATTACKS 58: remembered consent + public client: the consent page again', async () => {
  const P = await app(od, { name: 'Public app', client_type: 'public', grant_types: ['authorization_code', 'refresh_token'] });
  assert.equal(P.secret, null);
  const { challenge } = pkce();
  const first = await authorize(ud, authorizePath(authParams(P.clientId, challenge)));
  assert.equal(first.remembered, false);
  assert.ok(query(first.location).get('code'), 'approved once');
  for (let i = 0; i < 2; i++) {
    consentPage(await ud.get(authorizePath(authParams(P.clientId, challenge))), `public client asking again (${i + 1})`);
  }
  // Approving again still works.
  const again = await authorize(ud, authorizePath(authParams(P.clientId, challenge)));
  assert.ok(query(again.location).get('code'));
});

test('§8.7 / ATTACKS 58: remembered consent + loopback on another port: the consent page; exact URI: silent', async () => {
  const C = await app(od, { name: 'Loopback app', redirect_uris: [CB, 'http://127.0.0.1/cb'] });
  const { challenge } = pkce();
  const first = await authorize(ud, authorizePath(authParams(C.clientId, challenge)));
  assert.equal(first.remembered, false);
  // Confidential client, exactly registered redirect_uri: silent redirect.
  const silent = await ud.get(authorizePath(authParams(C.clientId, challenge)));
  assert.equal(silent.status, 303, 'exact registered URI of a confidential client');
  assert.ok(silent.headers.location.startsWith(`${CB}?code=`), silent.headers.location);
  // Loopback matched on another port: always the page.
  const loop = { redirect_uri: 'http://127.0.0.1:5555/cb' };
  consentPage(await ud.get(authorizePath(authParams(C.clientId, challenge, loop))), 'loopback on port 5555');
  const approved = await authorize(ud, authorizePath(authParams(C.clientId, challenge, loop)));
  assert.ok(approved.location.startsWith('http://127.0.0.1:5555/cb?code='), approved.location);
  consentPage(await ud.get(authorizePath(authParams(C.clientId, challenge, loop))), 'loopback again after approving');
  consentPage(await ud.get(authorizePath(authParams(C.clientId, challenge, { redirect_uri: 'http://127.0.0.1:6000/cb' }))),
    'loopback on port 6000');
});

// §8.11, ATTACKS 62: introspection visibility and resource servers.
test('§8.11 / ATTACKS 62: client B sees only its own tokens unless marked resource server (CLI)', async () => {
  const A = await app(od, { name: 'Issuer A', scopes: 'read', grant_types: ['client_credentials'] });
  const B = await app(od, { name: 'Resource B', scopes: 'read', grant_types: ['client_credentials'] });
  const key = await createKeyViaForm(ud, { name: 'seen-by-B', permissions: ['read'] });
  const tA = json(await cc(A)).access_token;
  const tB = json(await cc(B)).access_token;
  const login = (await from(ip(), () => apiLogin(srv, user.email, PW))).json;
  const lastUsed = () => one(srv, `SELECT coalesce(last_used_at, 'never') FROM api_keys WHERE id = '${key.id}'`);
  assert.equal(lastUsed(), 'never');
  const byB = async (tok) => introspectAt(srv.base, { token: tok }, auth(B));

  assert.equal(json(await byB(tB)).active, true, 'B sees its own token');
  for (const [what, tok] of [["a user's API key", key.secret], ["A's token", tA], ['a login JWT', login.access_token],
    ['a login refresh token', login.refresh_token]]) {
    const r = await byB(tok);
    assert.equal(r.status, 200, what);
    assert.equal(r.body, '{"active":false}', `B introspecting ${what}`);
  }
  assert.equal(lastUsed(), 'never', 'introspection is not a use');

  const on = srv.cli(['app', 'resource-server', B.clientId, 'on']);
  assert.equal(on.status, 0, `latchkey app resource-server on: ${on.status} ${on.stderr}`);
  const k = json(await byB(key.secret));
  assert.equal(k.active, true, 'a resource server sees API keys');
  assert.equal(k.key_id, key.id);
  assert.equal(json(await byB(tA)).active, true, "a resource server sees A's token");
  assert.equal(json(await byB(login.access_token)).active, true, 'and login JWTs');
  assert.equal(lastUsed(), 'never', 'introspection by a resource server is not a use');
  const off = srv.cli(['app', 'resource-server', B.clientId, 'off']);
  assert.equal(off.status, 0, off.stderr);
  assert.equal((await byB(key.secret)).body, '{"active":false}', 'off again');
  assert.equal((await byB(tA)).body, '{"active":false}');
  assert.equal(srv.cli(['app', 'resource-server', 'app_AAAAAAAAAAAAAAAA', 'on']).status, 1, 'unknown app');
  assert.equal(srv.cli(['app', 'resource-server', B.clientId, 'maybe']).status, 2, 'usage');
});

test('§8.11 / ATTACKS 62: the admin apps page marks resource servers; only admins', async () => {
  const A = await app(od, { name: 'Issuer A2', scopes: 'read', grant_types: ['client_credentials'] });
  const B = await app(od, { name: 'Resource B2', scopes: 'read', grant_types: ['client_credentials'] });
  const tA = json(await cc(A)).access_token;
  const byB = async (tok) => introspectAt(srv.base, { token: tok }, auth(B));
  assert.equal((await byB(tA)).body, '{"active":false}');
  const page = await ad.get('/admin/apps');
  assert.equal(page.status, 200, `/admin/apps: ${page.status}`);
  assert.ok(page.body.includes(`data-client-id="${B.clientId}"`), 'a row for B');
  assert.match(page.body, new RegExp(`action="/admin/apps/${B.clientId}/resource-server"`));
  // Not for other users; no CSRF, no change.
  assert.equal((await od.get('/admin/apps')).status, 403);
  await od.get('/settings/oauth-apps');
  assert.equal((await od.post(`/admin/apps/${B.clientId}/resource-server`, { resource_server: 'on' })).status, 403);
  assert.equal((await ad.post(`/admin/apps/${B.clientId}/resource-server`, { resource_server: 'on' }, { csrf: false })).status, 403);
  assert.equal((await byB(tA)).body, '{"active":false}', 'refused requests changed nothing');
  const r = await ad.post(`/admin/apps/${B.clientId}/resource-server`, { resource_server: 'on' });
  assert.equal(r.status, 303, `mark: ${r.status} ${r.body.slice(0, 200)}`);
  assert.equal(json(await byB(tA)).active, true, 'marked: B sees A\'s token');
  await ad.get('/admin/apps');
  assert.equal((await ad.post(`/admin/apps/${B.clientId}/resource-server`, { resource_server: 'off' })).status, 303);
  assert.equal((await byB(tA)).body, '{"active":false}', 'unmarked');
});

test('§8.11 / ATTACKS 62: admin keys of admin users see everything; introspection never moves last_used_at', async () => {
  const A = await app(od, { name: 'Issuer A3', scopes: 'read', grant_types: ['client_credentials'] });
  const tA = json(await cc(A)).access_token;
  const fresh = await createKeyViaForm(ud, { name: 'never-used', permissions: ['read'] });
  const used = await createKeyViaForm(ud, { name: 'used-long-ago', permissions: ['read'] });
  const old = Math.floor(Date.now() / 1000) - 1000;
  sqlWrite(srv, `UPDATE api_keys SET last_used_at = ${old} WHERE id = '${used.id}'`);
  const lastUsed = (k) => one(srv, `SELECT coalesce(last_used_at, 'never') FROM api_keys WHERE id = '${k.id}'`);
  for (const k of [fresh, used]) {
    const r = json(await asAdmin(k.secret));
    assert.equal(r.active, true, 'an admin user\'s admin key sees every key');
  }
  assert.equal(json(await asAdmin(tA)).active, true, 'and every token');
  assert.equal(lastUsed(fresh), 'never', 'never-used key stays never used');
  assert.equal(lastUsed(used), String(old), 'a key used 1000 s ago keeps its last_used_at');
  // A non-admin user's key with admin: not a window onto other users.
  const ownerKey = await createKeyViaForm(od, { name: 'owner-admin', permissions: ['read', 'admin'] });
  const r = await introspectAt(srv.base, { token: fresh.secret }, { headers: { 'X-API-Key': ownerKey.secret } });
  assert.ok(r.status === 403 || r.body === '{"active":false}', `another user's admin key: ${r.status} ${r.body}`);
  assert.equal(lastUsed(fresh), 'never');
});

// §8.12, ATTACKS 63: a redirect URI's host is LDH labels or an IP literal, port numeric.
test('§8.12 / ATTACKS 63: hosts with ; \' , % and other non-LDH characters are refused at registration', async () => {
  const n = apps();
  for (const ru of ['https://a.example;script-src/cb', "https://a'b.example/cb", 'https://a,b.example/cb',
    'https://a%2eb.example/cb', 'https://a%00.example/cb', 'https://a.example%2f@evil.example/cb',
    'https://a b.example/cb', 'https://a"b.example/cb', 'https://a<b.example/cb', 'https://a.example:8x/cb',
    'https://a.example:443;x/cb', 'http://localhost;script-src/cb', 'http://127.0.0.1;x/cb']) {
    const r = await registerApp(od, { name: 'Bad host', redirect_uris: [CB, ru] });
    assert.equal(r.res.status, 400, `${ru}: ${r.res.status}`);
    assert.match(r.html, /id="redirect_uris-error"/, ru);
    assert.equal(r.clientId, null, ru);
    assert.equal(r.secret, null, ru);
  }
  assert.equal(apps(), n, 'no app created');
  for (const ru of ['https://a-b.example:8443/cb', 'https://192.0.2.7/cb', 'http://127.0.0.1:8080/cb',
    'https://xn--bcher-kva.example/cb']) {
    const r = await registerApp(od, { name: 'Good host', redirect_uris: [ru] });
    assert.equal(r.res.status, 200, `${ru}: ${r.res.status} ${r.html.slice(0, 200)}`);
    assert.ok(r.clientId, ru);
  }
});

// §8.12, ATTACKS 64: a 4096-character state survives the signed-out sign-in round trip.
test('§8.12 / ATTACKS 64: a 4096-character state of quotes, signed out, comes back byte-exact', async () => {
  const C = await app(od, { name: 'Stateful signed out' });
  const unit = `"'"'<>&="'+%20#'"`;
  const state = unit.repeat(Math.ceil(4096 / unit.length)).slice(0, 4096);
  assert.equal(state.length, 4096);
  const { verifier, challenge } = pkce();
  const p = authParams(C.clientId, challenge, { state });
  const d = dashboardAt(srv.base, ip()); // signed out
  let res = await d.get(authorizePath(p));
  let signedIn = false;
  let consented = false;
  let here = authorizePath(p);
  let final = null;
  // A Location over 8 KB can't pass through Apache (it reads a FastCGI
  // header line into 8 KB): then the server answers a page that goes on
  // by itself with a meta refresh, which a browser follows like a 303.
  const refresh = (r) => {
    const m = r.status === 200 && /<meta http-equiv="refresh" content="0; url=([^"]*)">/.exec(r.body);
    return m ? unescapeHtml(m[1]) : null;
  };
  for (let step = 0; step < 10 && !final; step++) {
    if (res.status === 302 || res.status === 303 || refresh(res)) {
      const loc = res.headers.location ?? refresh(res);
      if (loc.startsWith(CB)) { final = loc; break; }
      const u = new URL(loc, srv.base);
      assert.equal(u.origin, srv.base, `a local redirect: ${loc.slice(0, 100)}`);
      here = u.pathname + u.search;
      res = await d.get(here);
      continue;
    }
    assert.equal(res.status, 200, `step ${step}: ${res.status} ${res.body.slice(0, 300)}`);
    const login = signInForm(res.body);
    if (login && !signedIn) {
      const action = login.action || here;
      res = await d.post(action, [...login.fields, ['email', user.email], ['password', PW]]);
      signedIn = true;
      continue;
    }
    const consent = consentFields(res.body);
    assert.ok(consent && !consented, `step ${step}: neither a sign-in form nor the consent page`);
    res = await d.post('/oauth/authorize', [...consent, ['decision', 'approve']]);
    consented = true;
  }
  assert.ok(final, 'ended at the redirect URI');
  assert.ok(signedIn && consented);
  assert.equal(query(final).get('state'), state, 'state byte-exact');
  const t = await tokenAt(srv.base, { grant_type: 'authorization_code', code: query(final).get('code'),
    redirect_uri: CB, code_verifier: verifier }, auth(C));
  assert.equal(t.status, 200, t.body);
});
