// ATTACKS.md 44: SQL injection strings in every form field, query
// parameter, path id, JSON member, credential header, cookie, Origin,
// X-Forwarded-For, User-Agent and JWT header/claim. Each answer is a normal
// 2xx/3xx/4xx, shows no SQL error text, and the slow payloads stay fast;
// values that are accepted are stored byte-exact; afterwards the database
// is intact. tests/sqlmap.sh is the automated counterpart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { startServer, ADMIN } from './lib/server.mjs';
import { Dashboard, request, raw, statusOf } from './lib/http.mjs';
import { createKeyViaForm, createFields, nonceFrom, secretFrom, idForSecret, addUser, api,
  count } from './lib/keys.mjs';
import { registerApp, authorize, authorizePath, authParams, pkce, token, oauthPost,
  basic } from './lib/oauth.mjs';

const PWN = '/tmp/latchkey-sqli-pwn.db';
const P = [
  "' OR '1'='1",
  "' OR 1=1--",
  '"; DROP TABLE users;--',
  '1; SELECT sqlite_version()',
  "' UNION SELECT password_hash FROM users--",
  "admin@example.com'--",
  '%27%20OR%201%3D1',
  "\\' OR 1=1",
  "' AND (SELECT 1 FROM (SELECT count(*),randomblob(1000000000)) )--",
  "1' AND sleep(5)--",
  "1 AND 1=LIKE('ABCDEFG',UPPER(HEX(RANDOMBLOB(500000000/2))))",
  "x' AND (SELECT count(*) FROM sqlite_master a, sqlite_master b, sqlite_master c, sqlite_master d)>0--",
  "') OR ('a'='a",
  `'; ATTACH DATABASE '${PWN}' AS pwn; CREATE TABLE pwn.t(x);--`,
  "' OR 1=1\u0000--",
  `' OR 1=1-- ${'A'.repeat(5000)}`,
];
// Email-shaped payloads that valid_email accepts (quotes are legal in a local part).
const EMAILS = ["'or'1'='1'--@example.com", "x'||'1'='1'||'@example.com"];
const SLOW = /randomblob|sleep|sqlite_master a/i;
const SQL_ERR = /sqlite|syntax error|SQLITE_|no such (table|column|function)|unrecognized token|near "|SQL logic error|constraint failed/i;
const hasCtl = (s) => /[\0-\x08\x0a-\x1f\x7f]/.test(s);
const hex = (s) => Buffer.from(s).toString('hex').toUpperCase();
const enc = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const short = (p) => JSON.stringify(p.length > 40 ? `${p.slice(0, 40)}…` : p);

let srv, ad, vd, victim, K, app, jwt, users0, schema0;
let ipSeq = 0;
const nextIp = () => { ipSeq++; return `10.44.${ipSeq >> 8}.${ipSeq & 255}`; };
const XFF = () => ({ 'X-Forwarded-For': nextIp() });

// The ways a payload may come back in a page or a JSON body: removed before
// looking for SQL error text, so that a key named "1; SELECT sqlite_version()"
// shown in the list is not taken for an error.
function variants(s) {
  const h = (q) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;').replace(/'/g, q);
  return [s, h('&#39;'), h('&#x27;'), h('&apos;'), h("'"), JSON.stringify(s).slice(1, -1),
    encodeURIComponent(s), new URLSearchParams({ x: s }).toString().slice(2)];
}
const REFLECTED = [...P, ...EMAILS].flatMap(variants).sort((a, b) => b.length - a.length);
function scrub(text) {
  let t = text;
  for (const v of REFLECTED) if (t.includes(v)) t = t.split(v).join('');
  return t.replace(/sqlite_(version|master)/g, '');
}

const problems = [];
function check(what, p, res, ms) {
  const label = `${what} ${short(p)}`;
  if (!(res.status >= 200 && res.status < 500)) problems.push(`${label}: status ${res.status}`);
  const text = `${JSON.stringify(res.headers)}\n${res.body}`;
  const m = SQL_ERR.test(text) && SQL_ERR.exec(scrub(text));
  if (m) problems.push(`${label}: SQL error text "${m[0]}" in ${res.body.slice(0, 200)}`);
  if (SLOW.test(p) && ms > 2000) problems.push(`${label}: took ${ms} ms`);
  return res;
}
async function hit(what, p, fn, statuses) {
  const t = Date.now();
  const res = check(what, p, await fn(), Date.now() - t);
  if (statuses && !statuses.includes(res.status)) {
    problems.push(`${what} ${short(p)}: status ${res.status}, want ${statuses}: ${res.body.slice(0, 120)}`);
  }
  return res;
}
function flush() {
  const out = problems.splice(0);
  assert.deepEqual(out, [], out.join('\n'));
}
function want(cond, msg) { if (!cond) problems.push(msg); }

// request(), or a raw HTTP/1.0 request when a header holds a byte Node refuses.
async function send(method, path, headers = {}, body) {
  if (!Object.values(headers).some((v) => hasCtl(String(v)))) {
    return request(srv.base, method, path, { headers, body });
  }
  let s = `${method} ${path} HTTP/1.0\r\nHost: ${srv.host}\r\n`;
  for (const [k, v] of Object.entries(headers)) s += `${k}: ${v}\r\n`;
  s += `Content-Length: ${Buffer.byteLength(body ?? '')}\r\n\r\n${body ?? ''}`;
  const out = await raw(srv.port, Buffer.from(s, 'latin1'));
  return { status: statusOf(out), headers: {}, body: out.slice(out.indexOf('\r\n\r\n') + 4), cookies: [] };
}
const apiJson = (method, path, body, extra = {}) => send(method, path,
  { 'Content-Type': 'application/json', ...XFF(), ...extra }, body === undefined ? undefined : JSON.stringify(body));
const storedHex = (sql) => srv.sql(sql).trim();
const qs = (o) => `?${new URLSearchParams(o)}`;

before(async () => {
  fs.rmSync(PWN, { force: true });
  // X-Forwarded-For from 127.0.0.1 is believed: that puts the header's value
  // into the database (sessions, audit log, throttle), and a fresh address per
  // failed sign-in keeps the per-IP throttle from answering 429 to everything.
  srv = await startServer({ env: { LATCHKEY_TRUSTED_PROXY: '127.0.0.1' } });
  schema0 = srv.sql('SELECT type, name, sql FROM sqlite_master ORDER BY name');
  ad = new Dashboard(srv.base);
  assert.equal((await ad.login(ADMIN.email, ADMIN.password)).status, 303);
  victim = addUser(srv, 'victim@example.com');
  vd = new Dashboard(srv.base);
  assert.equal((await vd.login(victim.email, victim.password)).status, 303);
  K = await createKeyViaForm(ad, { name: 'sqli admin', permissions: ['read', 'write', 'delete', 'admin'] });
  app = await registerApp(ad, { name: 'sqli app', grant_types: ['authorization_code', 'client_credentials'] });
  assert.ok(app.clientId && app.secret);
  const login = await api(srv, 'POST', '/v1/auth/login', { body: { email: ADMIN.email, password: ADMIN.password } });
  assert.equal(login.status, 200);
  jwt = login.json.access_token;
  users0 = count(srv, 'SELECT count(*) FROM users');
});
after(async () => { if (srv) await srv.stop(); fs.rmSync(PWN, { force: true }); });

test('sign-in: /login and /v1/auth/login email, password and next', async () => {
  const anon = new Dashboard(srv.base);
  await anon.get('/login');
  const form = (f) => anon.post('/login', f, { headers: XFF() });
  for (const p of P) {
    for (const r of [
      await hit('/login email', p, () => form({ email: p, password: ADMIN.password }), [400, 401]),
      // The victim's account is throttled after 5 failures: 429 then.
      await hit('/login password', p, () => form({ email: victim.email, password: p }), [400, 401, 429]),
    ]) want(!r.cookies.some((c) => c.name === '__Host-latchkey_session' && c.value), `session for ${short(p)}`);
    const d = new Dashboard(srv.base);
    await d.get('/login');
    const n = await hit('/login next', p, () => d.post('/login', { email: ADMIN.email, password: ADMIN.password, next: p },
      { headers: XFF() }), [303, 400]);
    if (n.status === 303) want(/^\/(?![/\\])/.test(n.headers.location), `next ${short(p)} → ${n.headers.location}`);
    await hit('/v1/auth/login email', p, () => apiJson('POST', '/v1/auth/login', { email: p, password: ADMIN.password }), [400, 401]);
    await hit('/v1/auth/login password', p, () => apiJson('POST', '/v1/auth/login',
      { email: `nobody${ipSeq}@example.com`, password: p }), [400, 401]);
  }
  flush();
});

test('dashboard forms: create key, register app, change password, consent', async () => {
  const created = [];
  const createKey = async (what, p, fields) => {
    const page = await ad.get('/settings/api-keys');
    const res = await hit(`create key ${what}`, p, () => ad.post('/settings/api-keys',
      createFields({ name: 'sqli', ...fields }, nonceFrom(page.body))), what === 'name' ? [200, 400] : [400]);
    return res.status === 200 ? idForSecret(res.body, secretFrom(res.body)) : null;
  };
  for (const p of P) {
    const id = await createKey('name', p, { name: p });
    if (id) {
      created.push(id);
      want(storedHex(`SELECT hex(name) FROM api_keys WHERE id = '${id}'`) === hex(p), `key name ${short(p)} not stored verbatim`);
    } else want(hasCtl(p) || p.length > 100, `key named ${short(p)} refused`);
    await createKey('environment', p, { environment: p });
    await createKey('resource_permissions', p, { restricted: '1', permissions: [], resource_permissions: p });
    await createKey('expires_in_days', p, { expires_in_days: p });
    await createKey('form_nonce', p, { form_nonce: p });

    for (const f of ['name', 'redirect_uris', 'scopes', 'client_type', 'grant_types']) {
      const v = f === 'grant_types' ? [p] : p;
      const r = await hit(`register app ${f}`, p, async () => (await registerApp(ad, { [f]: v })).res,
        f === 'name' ? [200, 400] : [400]);
      if (f === 'name' && r.status === 200) {
        want(storedHex(`SELECT hex(name) FROM oauth_clients ORDER BY created_at DESC, rowid DESC LIMIT 1`) === hex(p),
          `app name ${short(p)} not stored verbatim`);
      }
    }

    await hit('change password current', p, () => vd.post('/settings/security/password',
      { current_password: p, new_password: 'a brand new passphrase 42' }), [400, 401, 403]);
    const ch = await hit('change password new', p, () => vd.post('/settings/security/password',
      { current_password: victim.password, new_password: p }), [303, 400]);
    if (ch.status === 303) victim.password = p;

    const { challenge } = pkce();
    for (const f of ['client_id', 'redirect_uri']) {
      const r = await hit(`authorize ${f}`, p, () => ad.get(authorizePath(authParams(app.clientId, challenge, { [f]: p }))), [400]);
      want(r.headers.location === undefined, `authorize ${f} ${short(p)} redirected to ${r.headers.location}`);
    }
    for (const f of ['scope', 'code_challenge', 'response_type', 'code_challenge_method']) {
      const r = await hit(`authorize ${f}`, p, () => ad.get(authorizePath(authParams(app.clientId, challenge, { [f]: p }))), [303, 400]);
      if (r.status === 303) want(new URL(r.headers.location).searchParams.get('error'), `authorize ${f} ${short(p)}: no error`);
    }
    const st = await authorize(ad, authorizePath(authParams(app.clientId, challenge, { state: p })));
    check('authorize state', p, st.res, 0);
    if (hasCtl(p) || p.length > 4096) want(st.res.status === 400, `state ${short(p)}: ${st.res.status}`);
    else want(st.res.status === 303 && new URL(st.location).searchParams.get('state') === p, `state ${short(p)} not returned exactly`);
    const fields = Object.entries(authParams(app.clientId, challenge, { client_id: p }));
    const post = await hit('consent POST client_id', p, () => ad.post('/oauth/authorize', [...fields, ['decision', 'approve']]), [400]);
    want(post.headers.location === undefined, `consent client_id ${short(p)} redirected`);
  }
  want(count(srv, "SELECT count(*) FROM api_keys WHERE name <> 'sqli admin'") === created.length, 'keys created from refused forms');
  flush();
});

test('admin: add user, find key, revoke, key and audit filters, path ids', async () => {
  let added = 0;
  const addUserForm = (p, f) => hit(`add user ${Object.keys(f)[0]}`, p,
    () => ad.post('/admin/users', { email: `u${ipSeq++}@example.com`, name: 'n', role: 'user', password: 'an added user passphrase', ...f }));
  for (const p of [...P, ...EMAILS]) {
    const e = await addUserForm(p, { email: p });
    if (e.status === 303) added++;
    want(EMAILS.includes(p) ? e.status === 303 : e.status === 400, `add user email ${short(p)}: ${e.status}`);
    const n = await addUserForm(p, { name: p });
    if (n.status === 303) {
      added++;
      want(storedHex('SELECT hex(name) FROM users ORDER BY created_at DESC, rowid DESC LIMIT 1') === hex(p), `user name ${short(p)}`);
    } else want(n.status === 400 && (hasCtl(p) || p.length > 200), `add user name ${short(p)}: ${n.status}`);
    if (!P.includes(p)) continue;
    await addUserForm(p, { role: p }).then((r) => want(r.status === 400, `role ${short(p)}: ${r.status}`));
    await hit('find key', p, () => ad.post('/admin/keys/find', { key: p }), [200, 400]);
    await hit('revoke key_id', p, () => ad.post('/admin/keys/revoke', { key_id: p, reason: 'sqli' }), [400]);
    for (const f of ['owner', 'status', 'environment', 'q', 'page']) {
      const r = await hit(`/admin/keys ${f}`, p, () => ad.get(`/admin/keys${qs({ [f]: p })}`), [200, 400]);
      if (f === 'q' && r.status === 200) {
        const rows = (r.body.match(/<tr data-key-id="key_/g) || []).length;
        const n = count(srv, `SELECT count(*) FROM api_keys WHERE instr(lower(name), lower(CAST(X'${hex(p)}' AS TEXT))) > 0`);
        want(rows === n, `q=${short(p)} listed ${rows} keys, ${n} match`);
      }
    }
    for (const f of ['actor', 'action', 'from', 'to']) {
      await hit(`/admin/audit ${f}`, p, () => ad.get(`/admin/audit${qs({ [f]: p })}`), [200, 400]);
    }
    const id = encodeURIComponent(p);
    for (const path of [`/settings/api-keys/${id}/revoke`, `/settings/api-keys/${id}/roll`, `/admin/users/${id}/disable`,
      `/settings/oauth-apps/${id}/delete`, `/settings/authorized-apps/${id}/revoke`, `/admin/keys/${id}/revoke`]) {
      await hit(`GET ${path.replace(id, '{id}')}`, p, () => ad.get(path), [400, 404]);
      if (!path.startsWith('/admin/keys')) await hit(`POST ${path.replace(id, '{id}')}`, p, () => ad.post(path, { grace_seconds: '0' }), [400, 404]);
    }
  }
  // The reason goes to the database as given: revoke each payload-named key with it.
  for (const p of P) {
    const id = srv.sql(`SELECT id FROM api_keys WHERE name = CAST(X'${hex(p)}' AS TEXT) AND revoked_at IS NULL LIMIT 1`).trim();
    if (!id) continue;
    await hit('revoke reason', p, () => ad.post('/admin/keys/revoke', { key_id: id, reason: p }), [303]);
    want(storedHex(`SELECT hex(revoke_reason) FROM api_keys WHERE id = '${id}'`) === hex(p), `reason ${short(p)}`);
  }
  want(count(srv, 'SELECT count(*) FROM users') === users0 + added, 'users created beyond the accepted forms');
  users0 += added;
  // An email with quotes is just an email: its owner signs in with their own password only.
  const q = new Dashboard(srv.base);
  assert.equal((await q.login(EMAILS[0], ADMIN.password)).status, 401);
  assert.equal((await q.login(EMAILS[0], 'an added user passphrase')).status, 303);
  flush();
});

test('JSON API: bodies, path ids, query parameters, credentials, OAuth endpoints', async () => {
  const auth = { 'X-API-Key': K.secret };
  const { keys: [jwk] } = JSON.parse((await request(srv.base, 'GET', '/.well-known/jwks.json')).body);
  const iss = `http://localhost:${srv.port}`;
  const now = Math.floor(Date.now() / 1000);
  let created = 0;
  const keys0 = count(srv, 'SELECT count(*) FROM api_keys');
  for (const p of P) {
    await hit('refresh', p, () => apiJson('POST', '/v1/auth/refresh', { refresh_token: p }), [400, 401]);
    await hit('logout', p, () => apiJson('POST', '/v1/auth/logout', { refresh_token: p }), [204, 400, 401]);
    const base = { name: 'api', environment: 'test', permissions: ['read'] };
    const c = await hit('POST /v1/keys name', p, () => apiJson('POST', '/v1/keys', { ...base, name: p }, auth), [201, 400]);
    if (c.status === 201) {
      created++;
      const b = JSON.parse(c.body);
      want(b.name === p && storedHex(`SELECT hex(name) FROM api_keys WHERE id = '${b.id}'`) === hex(p), `API key name ${short(p)}`);
    }
    for (const [f, v] of [['environment', p], ['permissions', [p]], ['expires_in_days', p], ['restricted', p]]) {
      await hit(`POST /v1/keys ${f}`, p, () => apiJson('POST', '/v1/keys', { ...base, [f]: v }, auth), [400]);
    }
    await hit('roll grace_seconds', p, () => apiJson('POST', `/v1/keys/${K.id}/roll`, { grace_seconds: p }, auth), [400]);
    const id = encodeURIComponent(p);
    await hit('GET /v1/keys/{id}', p, () => apiJson('GET', `/v1/keys/${id}`, undefined, auth), [400, 404]);
    await hit('DELETE /v1/keys/{id}', p, () => apiJson('DELETE', `/v1/keys/${id}`, undefined, auth), [400, 404]);
    await hit('POST /v1/keys/{id}/roll', p, () => apiJson('POST', `/v1/keys/${id}/roll`, { grace_seconds: 0 }, auth), [400, 404]);
    const lk = await hit('revoke-leaked', p, () => apiJson('POST', '/v1/keys/revoke-leaked', { keys: [p, K.secret.slice(0, -1) + p] }), [200, 400]);
    if (lk.status === 200) want(lk.body === '{"revoked":0}', `revoke-leaked ${short(p)}: ${lk.body}`);
    for (const f of ['scope', 'environment']) {
      await hit(`verify ?${f}`, p, () => send('GET', `/v1/auth/verify${qs({ [f]: p })}`, auth), [400]);
    }
    await hit('X-API-Key', p, () => send('GET', '/v1/auth/verify', { 'X-API-Key': p }), [400, 401]);
    await hit('Bearer', p, () => send('GET', '/v1/keys', { Authorization: `Bearer ${p}` }), [400, 401]);
    for (const kid of [p, jwk.kid]) {
      for (const typ of ['JWT', 'at+jwt']) {
        const forged = `${enc({ alg: 'EdDSA', typ, kid })}.${enc({ iss, sub: p, aud: iss, exp: now + 600, iat: now,
          jti: p, scope: 'read', client_id: p })}.${crypto.randomBytes(64).toString('base64url')}`;
        // Four copies of the 5 KB payload make a 27 KB header: lighttpd says 431, Apache 400.
        await hit(`JWT kid=${kid === p ? 'payload' : 'real'} ${typ}`, p, () => send('GET', '/v1/auth/verify',
          { Authorization: `Bearer ${forged}` }), forged.length > 8192 ? [400, 401, 431] : [401]);
      }
    }
    const cc = { grant_type: 'client_credentials', scope: 'read' };
    const tok = (f, opts) => token(srv.base, f, { ...opts, headers: XFF() });
    await hit('token Basic id+secret', p, () => tok(cc, { auth: [p, p] }), [400, 401]);
    await hit('token Basic secret', p, () => tok(cc, { auth: [app.clientId, p] }), [400, 401]);
    await hit('token post client_id', p, () => tok({ ...cc, client_id: p, client_secret: p }), [400, 401]);
    for (const [f, g] of [['grant_type', null], ['scope', 'client_credentials'], ['code', 'authorization_code'],
      ['redirect_uri', 'authorization_code'], ['code_verifier', 'authorization_code'], ['refresh_token', 'refresh_token']]) {
      const fields = { grant_type: g ?? p, code: 'c', redirect_uri: 'https://app.example/cb', code_verifier: 'v'.repeat(43), [f]: p };
      await hit(`token ${f}`, p, () => tok(fields, { auth: [app.clientId, app.secret] }), [400, 401]);
    }
    for (const ep of ['/oauth/revoke', '/oauth/introspect']) {
      await hit(`${ep} token`, p, () => oauthPost(srv.base, ep, { token: p }, { auth: [app.clientId, app.secret], headers: XFF() }), [200, 400]);
      await hit(`${ep} client`, p, () => oauthPost(srv.base, ep, { token: 'x' }, { headers: { Authorization: basic(p, p), ...XFF() } }), [400, 401]);
    }
  }
  const v = await send('GET', '/v1/auth/verify', { Authorization: `Bearer ${jwt}` });
  assert.equal(v.status, 200, 'the real login JWT still verifies');
  assert.equal(count(srv, 'SELECT count(*) FROM api_keys'), keys0 + created, 'keys created by refused requests');
  flush();
});

test('headers: cookies, Origin, X-Forwarded-For and User-Agent (stored verbatim, shown escaped)', async () => {
  // Its own account: sign-ins per account are limited to 30 a minute
  // (SPEC 8.9), and the admin's are needed elsewhere.
  const ua = addUser(srv, 'headers@example.com');
  users0++;
  for (const p of P) {
    await hit('session cookie', p, () => send('GET', '/settings/api-keys', { Cookie: `__Host-latchkey_session=${p}` }), [302, 303, 400]);
    await hit('csrf cookie', p, () => send('POST', '/login', { Cookie: `__Host-latchkey_csrf=${p}`,
      'Content-Type': 'application/x-www-form-urlencoded', ...XFF() },
    new URLSearchParams({ email: ADMIN.email, password: ADMIN.password, csrf_token: p }).toString()), [400, 403]);
    const keys0 = count(srv, 'SELECT count(*) FROM api_keys');
    await hit('Origin', p, () => send('POST', '/settings/api-keys', { Cookie: ad.cookieHeader(), Origin: p,
      'Content-Type': 'application/x-www-form-urlencoded' }, new URLSearchParams(createFields({ name: 'origin' })).toString()), [400, 403]);
    want(count(srv, 'SELECT count(*) FROM api_keys') === keys0, `Origin ${short(p)} created a key`);

    // A sign-in from behind the trusted proxy: the last X-Forwarded-For entry is the IP.
    const d = new Dashboard(srv.base);
    await d.get('/login');
    const body = new URLSearchParams({ email: ua.email, password: ua.password, csrf_token: d.csrf }).toString();
    const r = await hit('User-Agent + X-Forwarded-For', p, () => send('POST', '/login', { 'Content-Type': 'application/x-www-form-urlencoded',
      Cookie: d.cookieHeader(), Origin: srv.base, 'User-Agent': p, 'X-Forwarded-For': p }, body), [303, 400]);
    if (hasCtl(p)) { want(r.status === 400, `header with NUL: ${r.status}`); continue; }
    want(r.status === 303, `sign-in with UA ${short(p)}: ${r.status}`);
    if (r.status !== 303) continue;
    d.keep(r);
    const agent = p.slice(0, 200);
    const last = p.slice(p.lastIndexOf(',') + 1).replace(/^ +/, '');
    const ip = last && last.length <= 45 ? last : '127.0.0.1';
    const sid = `SELECT %s FROM sessions WHERE user_agent = CAST(X'${hex(agent)}' AS TEXT) ORDER BY created_at DESC LIMIT 1`;
    want(storedHex(sid.replace('%s', 'hex(user_agent)')) === hex(agent), `UA ${short(p)} not stored verbatim`);
    want(storedHex(sid.replace('%s', 'hex(ip)')) === hex(ip), `IP ${short(ip)} not stored verbatim`);
    want(storedHex(`SELECT hex(ip) FROM audit_log WHERE action = 'login.success' ORDER BY id DESC LIMIT 1`) === hex(ip),
      `audit IP ${short(ip)} not stored verbatim`);
    const page = await hit('security page', p, () => d.get('/settings/security'), [200]);
    const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;');
    want(page.body.includes(`<span class="truncate" title="${esc(agent)}">${esc(agent)}</span>`), `UA ${short(p)} not shown escaped`);
    want(page.body.includes(`<td class="mono nowrap">${esc(ip)}</td>`), `IP ${short(ip)} not shown escaped`);
  }
  flush();
});

test('afterwards the database is intact and the admin still signs in', async () => {
  assert.equal(srv.sql('PRAGMA integrity_check').trim(), 'ok');
  assert.equal(srv.sql('PRAGMA foreign_key_check').trim(), '');
  assert.equal(srv.sql('SELECT type, name, sql FROM sqlite_master ORDER BY name'), schema0, 'schema changed');
  assert.equal(count(srv, 'SELECT count(*) FROM users'), users0);
  assert.equal(count(srv, "SELECT count(*) FROM users WHERE role = 'admin'"), 1, 'a new admin appeared');
  assert.equal(srv.sql(`SELECT hex(email) FROM users WHERE role = 'admin'`).trim(), hex(ADMIN.email));
  assert.ok(!fs.existsSync(PWN), `${PWN} was created: ATTACH ran`);
  const d = new Dashboard(srv.base);
  const r = await d.login(ADMIN.email, ADMIN.password);
  assert.equal(r.status, 303, 'the admin signs in');
  assert.equal((await d.get('/admin/users')).status, 200);
  const a = await api(srv, 'POST', '/v1/auth/login', { body: { email: ADMIN.email, password: ADMIN.password },
    headers: XFF() });
  assert.equal(a.status, 200);
  assert.equal((await send('GET', '/v1/auth/verify', { 'X-API-Key': K.secret })).status, 200, 'the admin key still works');
  const sqlLines = srv.log().split('\n').filter((l) => /sqlite/i.test(l));
  assert.deepEqual(sqlLines, [], 'SQLite errors in the log');
});
