// SPEC §12 forward authentication: the shipped conf/gateways/nginx.conf and
// conf/gateways/Caddyfile, run for real in front of an upstream that echoes
// what it receives. The upstream sees the caller's identity as X-Latchkey-*
// headers (never forged ones), a route needing a scope refuses a credential
// without it, and 401/403/429 (with Retry-After) reach the client as such.
// Also the §2/§3/§12 corrections third-party clients need: verify's headers,
// client_credentials sub, /oauth/revoke's {} and a public client by Basic.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, ADMIN } from './lib/server.mjs';
import { request, json, Dashboard } from './lib/http.mjs';
import { createKeyViaForm, addUser } from './lib/keys.mjs';
import { registerApp, token, revoke, introspect, pkce, authParams, authorizePath,
  authorize } from './lib/oauth.mjs';
import { decodeJwt } from 'jose';
import { echoUpstream, startNginx, startCaddy } from './lib/gateway.mjs';

const LIMIT = 6; // API key requests per hour, to reach a 429 quickly
let srv, d, up, userId, ccApp;
before(async () => {
  srv = await startServer({ env: { LATCHKEY_RATELIMIT_APIKEY: String(LIMIT) } });
  d = new Dashboard(srv.base);
  assert.equal((await d.login(ADMIN.email, ADMIN.password)).status, 303);
  userId = srv.sql(`SELECT id FROM users WHERE email = '${ADMIN.email}'`).trim();
  ccApp = await registerApp(d, { name: 'Gateway cc', scopes: 'read write',
    grant_types: ['client_credentials'] });
  up = await echoUpstream();
});
after(async () => {
  if (up) await up.close();
  if (srv) await srv.stop();
});

const key = (permissions, name = 'gw') => createKeyViaForm(d, { name, permissions });
const ccToken = async (scope = 'read') => json(await token(srv.base,
  { grant_type: 'client_credentials', scope }, { auth: [ccApp.clientId, ccApp.secret] })).access_token;
const lk = (h) => Object.fromEntries(Object.entries(h).filter(([k]) => k.startsWith('x-latchkey-')));

test('verify carries the identity as headers (SPEC §12), body unchanged', async () => {
  const k = await key(['read', 'write']);
  const r = await request(srv.base, 'GET', '/v1/auth/verify', { headers: { 'X-API-Key': k.secret } });
  assert.equal(r.status, 200, r.body);
  assert.deepEqual(lk(r.headers), {
    'x-latchkey-user-id': userId, 'x-latchkey-credential-type': 'api_key',
    'x-latchkey-scopes': 'read write', 'x-latchkey-key-id': k.id, 'x-latchkey-environment': 'test',
  });
  assert.equal(json(r).key_id, k.id);
  const t = await ccToken('read write');
  const o = await request(srv.base, 'GET', '/v1/auth/verify', { headers: { Authorization: `Bearer ${t}` } });
  assert.equal(o.status, 200, o.body);
  assert.deepEqual(lk(o.headers), {
    'x-latchkey-user-id': userId, 'x-latchkey-credential-type': 'oauth',
    'x-latchkey-scopes': 'read write', 'x-latchkey-client-id': ccApp.clientId,
    'x-latchkey-subject': ccApp.clientId,
  });
  const bad = await request(srv.base, 'GET', '/v1/auth/verify?scope=admin', { headers: { 'X-API-Key': k.secret } });
  assert.equal(bad.status, 403);
  assert.deepEqual(lk(bad.headers), {}, 'no identity on a refusal');
});

test('client_credentials: sub is the client (RFC 9068), introspection says the grant', async () => {
  const t = await ccToken();
  const c = decodeJwt(t);
  assert.equal(c.sub, ccApp.clientId);
  assert.equal(c.client_id, ccApp.clientId);
  const i = json(await introspect(srv.base, { token: t }, { auth: [ccApp.clientId, ccApp.secret] }));
  assert.equal(i.sub, ccApp.clientId);
  assert.equal(i.user_id, userId);
  assert.equal(i.grant_type, 'client_credentials');
});

test('/oauth/revoke answers {} as JSON, unknown tokens too; a 308 is JSON too (SPEC §3)', async () => {
  for (const tok of [await ccToken(), 'unknown']) {
    const r = await revoke(srv.base, { token: tok }, { auth: [ccApp.clientId, ccApp.secret] });
    assert.equal(r.status, 200);
    assert.equal(r.body, '{}');
    assert.match(r.headers['content-type'], /^application\/json/);
    assert.match(r.headers['x-request-id'], /^req_/);
  }
  // Every API answer but a 204 is JSON: the trailing-slash 308 too.
  const slash = await request(srv.base, 'GET', '/v1/keys/');
  assert.equal(slash.status, 308);
  assert.equal(slash.headers.location, '/v1/keys');
  assert.match(slash.headers['content-type'], /^application\/json/);
  assert.equal(slash.body, '{}');
});

test("a public client authenticating as Basic 'client_id:' (Go's x/oauth2) is accepted", async () => {
  const pub = await registerApp(d, { name: 'Go SPA', client_type: 'public', scopes: 'read',
    grant_types: ['authorization_code'] });
  assert.ok(pub.clientId);
  assert.equal(pub.secret, null);
  const goBasic = `Basic ${Buffer.from(`${pub.clientId}:`).toString('base64')}`;
  const { verifier, challenge } = pkce();
  const { location } = await authorize(d, authorizePath(authParams(pub.clientId, challenge, { scope: 'read' })));
  const code = new URL(location).searchParams.get('code');
  const r = await request(srv.base, 'POST', '/oauth/token', {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: goBasic },
    body: new URLSearchParams({ grant_type: 'authorization_code', code,
      redirect_uri: 'https://app.example/cb', code_verifier: verifier }).toString(),
  });
  assert.equal(r.status, 200, r.body);
  assert.equal(decodeJwt(json(r).access_token).client_id, pub.clientId);
  // An empty secret is no way around a confidential client's secret.
  const cc = await token(srv.base, { grant_type: 'client_credentials' },
    { headers: { Authorization: `Basic ${Buffer.from(`${ccApp.clientId}:`).toString('base64')}` } });
  assert.equal(cc.status, 401, cc.body);
  assert.equal(json(cc).error, 'invalid_client');
});

test('a resource-server app (set on /admin/apps, audited) introspects every kind of credential', async () => {
  const rs = await registerApp(d, { name: 'Apache mod_oauth2', scopes: 'read', grant_types: ['client_credentials'] });
  const other = await registerApp(d, { name: 'Other app', scopes: 'read', grant_types: ['client_credentials'] });
  const k = await key(['read'], 'seen by the resource server');
  const r = await fetch(`${srv.base}/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }) }).then((x) => x.json());
  const otherTok = json(await token(srv.base, { grant_type: 'client_credentials' },
    { auth: [other.clientId, other.secret] })).access_token;
  const creds = { 'an API key': k.secret, "another app's token": otherTok, 'a login JWT': r.access_token,
    'a refresh token': r.refresh_token };
  const by = async (a, tok) => json(await introspect(srv.base, { token: tok }, { auth: [a.clientId, a.secret] }));
  for (const [what, tok] of Object.entries(creds)) {
    assert.deepEqual(await by(rs, tok), { active: false }, `an ordinary app can't see ${what}`);
  }
  assert.equal((await by(other, otherTok)).active, true, 'its own token it sees');

  // A non-admin user can't make an app a resource server.
  const u = addUser(srv, 'rs-user@example.com');
  const ud = new Dashboard(srv.base);
  assert.equal((await ud.login(u.email, u.password)).status, 303);
  await ud.get('/settings/api-keys');
  const refused = await ud.post(`/admin/apps/${rs.clientId}/resource-server`, { resource_server: 'on' });
  assert.ok([403, 404].includes(refused.status), `a user: ${refused.status}`);

  await d.get('/admin/apps');
  const on = await d.post(`/admin/apps/${rs.clientId}/resource-server`, { resource_server: 'on' });
  assert.equal(on.status, 303, on.body.slice(0, 200));
  assert.equal(srv.sql(`SELECT count(*) FROM audit_log WHERE action = 'admin.app.resource_server'
    AND target = '${rs.clientId}'`).trim(), '1', 'audited');
  for (const [what, tok] of Object.entries(creds)) {
    const i = await by(rs, tok);
    assert.equal(i.active, true, `a resource server sees ${what}`);
  }
  assert.equal((await by(rs, k.secret)).key_id, k.id);
  assert.equal((await by(rs, r.access_token)).sub, userId);
});

for (const [name, start] of [['nginx', startNginx], ['Caddy', startCaddy]]) {
  describe(`conf/gateways: ${name}`, () => {
    let gw;
    before(async () => { gw = await start(srv.port, up.port); });
    after(async () => { if (gw) await gw.stop(); });

    const via = (method, path, headers = {}, body) => request(gw.base, method, path,
      { headers, body });
    const reached = async (fn) => {
      const n = up.seen.length;
      const r = await fn();
      return { r, reached: up.seen.length > n };
    };

    test('no credential or a bad one: 401 with WWW-Authenticate, upstream untouched', async () => {
      for (const h of [{}, { 'X-API-Key': 'sk_test_nonsense' }, { Authorization: 'Bearer a.b.c' }]) {
        const { r, reached: hit } = await reached(() => via('GET', '/data', h));
        assert.equal(r.status, 401, `${JSON.stringify(h)}: ${r.status} ${r.body}`);
        assert.match(r.headers['www-authenticate'], /^Bearer realm="latchkey"/);
        assert.equal(hit, false);
      }
    });

    test('a valid key: the upstream sees its identity, forged headers are gone', async () => {
      const k = await key(['read'], `${name} read`);
      const r = await via('POST', '/data?x=1', { 'X-API-Key': k.secret, 'Content-Type': 'text/plain',
        'X-Latchkey-User-Id': 'usr_forged', 'X-Latchkey-Client-Id': 'forged',
        'X-Latchkey-Scopes': 'admin' }, 'hello');
      assert.equal(r.status, 200, `${r.body} ${gw.output()}`);
      const seen = json(r);
      assert.equal(seen.path, '/data?x=1');
      assert.equal(seen.method, 'POST');
      assert.equal(seen.body, 'hello', 'the body reaches the upstream');
      assert.deepEqual(lk(seen.headers), {
        'x-latchkey-user-id': userId, 'x-latchkey-credential-type': 'api_key',
        'x-latchkey-scopes': 'read', 'x-latchkey-key-id': k.id, 'x-latchkey-environment': 'test',
      });
    });

    test('an OAuth token: client id and subject reach the upstream', async () => {
      const r = await via('GET', '/data', { Authorization: `Bearer ${await ccToken('read write')}` });
      assert.equal(r.status, 200, r.body);
      assert.deepEqual(lk(json(r).headers), {
        'x-latchkey-user-id': userId, 'x-latchkey-credential-type': 'oauth',
        'x-latchkey-scopes': 'read write', 'x-latchkey-client-id': ccApp.clientId,
        'x-latchkey-subject': ccApp.clientId,
      });
    });

    test('scopes gate routes: /write/ needs write (403 without it)', async () => {
      const ro = await key(['read'], `${name} ro`);
      const rw = await key(['read', 'write'], `${name} rw`);
      const { r: no, reached: hit } = await reached(() => via('PUT', '/write/x', { 'X-API-Key': ro.secret }));
      assert.equal(no.status, 403, no.body);
      assert.equal(hit, false);
      const ok = await via('PUT', '/write/x', { 'X-API-Key': rw.secret });
      assert.equal(ok.status, 200, ok.body);
      assert.equal(json(ok).headers['x-latchkey-scopes'], 'read write');
      const tok = await via('PUT', '/write/y', { Authorization: `Bearer ${await ccToken('read')}` });
      assert.equal(tok.status, 403, 'a token without write');
    });

    test('a rate-limited key: 429 with Retry-After reaches the client', async () => {
      const k = await key(['read'], `${name} limited`);
      for (let i = 0; i < LIMIT; i++) {
        assert.equal((await via('GET', '/data', { 'X-API-Key': k.secret })).status, 200, `request ${i}`);
      }
      const { r, reached: hit } = await reached(() => via('GET', '/data', { 'X-API-Key': k.secret }));
      assert.equal(r.status, 429, `${r.body} ${gw.errorLog ? gw.errorLog() : ''}`);
      assert.match(r.headers['retry-after'], /^[1-9][0-9]*$/);
      assert.ok(Number(r.headers['retry-after']) <= 3600);
      assert.equal(json(r).error, 'rate_limit_exceeded');
      assert.equal(hit, false);
    });
  });
}
