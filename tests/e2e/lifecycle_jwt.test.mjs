// SPEC §8.6 (a retired signing key dies in every process when its window
// ends; tokens longer-lived or wider than their grant are invalid), and the
// client_credentials claims of §2 / §8.13; ATTACKS 56, 57. Tokens are forged
// with the instance's own current signing key (unsealed from the secrets
// file, see lib/lifecycle.mjs), so only the claims are wrong.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, ADMIN } from './lib/server.mjs';
import { request, json } from './lib/http.mjs';
import { createKeyViaForm } from './lib/keys.mjs';
import { registerApp, codeFlow, token, introspect } from './lib/oauth.mjs';
import { from, addresses, signInAt, apiLogin, bearerVerify, decodeJwt, signingKey, sqlWrite, one,
  sleep } from './lib/lifecycle.mjs';

const ip = addresses(100);
let srv;
let d; // admin dashboard
let adminKey;
let app;
let narrowApp; // allowed scope: read only
before(async () => {
  srv = await startServer({ env: { LATCHKEY_API_PROCS: '4' } });
  d = await signInAt(srv.base, ip(), ADMIN.email, ADMIN.password);
  adminKey = (await createKeyViaForm(d, { name: 'jwt-admin', permissions: ['read', 'write', 'delete', 'admin'] })).secret;
  app = await registerApp(d, { name: 'Forgery target', scopes: 'read write delete admin offline_access',
    grant_types: ['authorization_code', 'refresh_token', 'client_credentials'] });
  assert.ok(app.secret);
  narrowApp = await registerApp(d, { name: 'Read-only client', scopes: 'read', grant_types: ['client_credentials'] });
  assert.ok(narrowApp.secret);
});
after(async () => { if (srv) await srv.stop(); });

const login = async () => (await from(ip(), () => apiLogin(srv, ADMIN.email, ADMIN.password))).json;
const adminIntrospect = (t) => introspect(srv.base, { token: t }, { headers: { 'X-API-Key': adminKey } });

function invalid(res, what) {
  assert.equal(res.status, 401, `${what}: ${res.status} ${res.body}`);
  assert.equal(res.json.error, 'invalid_token', what);
  assert.match(res.headers['www-authenticate'], /error="invalid_token"/, what);
}

// The token with its claims changed by fn, signed with the current key.
function forge(k, tok, fn) {
  const { header, payload } = decodeJwt(tok);
  fn(payload, header);
  return k.sign(header, payload);
}

// §8.6, ATTACKS 57: exp - iat beyond the access lifetime.
test('§8.6 / ATTACKS 57: a token living longer than 3600 s, signed with a current key, is invalid_token', async () => {
  const t = (await login()).access_token;
  const k = signingKey(srv);
  assert.equal(decodeJwt(t).header.kid, k.kid);
  assert.equal(k.resignRaw(t), t, 'the unsealed key is the one that signs (control)');
  const same = forge(k, t, (p) => { p.jti = `jti_${'B'.repeat(16)}`; });
  assert.equal((await bearerVerify(srv, same)).status, 200, 'a forged token with honest claims verifies (control)');
  for (const [what, fn] of [
    ['a year', (p) => { p.exp = p.iat + 365 * 86400; }],
    ['3601 s', (p) => { p.exp = p.iat + 3601; }],
    ['iat a day back, exp as issued', (p) => { p.iat -= 86400; }],
  ]) {
    const f = forge(k, t, fn);
    invalid(await bearerVerify(srv, f), what);
    assert.equal((await adminIntrospect(f)).body, '{"active":false}', `${what}: introspection`);
  }
});

// §8.6, ATTACKS 57: a scope wider than the grant's.
test('§8.6 / ATTACKS 57: a token whose scope is wider than its grant, signed with a current key, is invalid_token', async () => {
  const k = signingKey(srv);
  const code = await codeFlow(d, srv.base, app, { scope: 'read' });
  assert.equal(code.scope, 'read');
  // For client_credentials the grant is the client's allowed scopes: an app
  // allowed only read.
  const cc = json(await token(srv.base, { grant_type: 'client_credentials', scope: 'read' },
    { auth: [narrowApp.clientId, narrowApp.secret] }));
  for (const [what, t] of [['authorization_code', code.access_token], ['client_credentials', cc.access_token]]) {
    assert.equal(k.resignRaw(t), t, `${what}: signed by the current key`);
    const same = forge(k, t, (p) => { p.jti = `jti_${'A'.repeat(16)}`; });
    assert.equal((await bearerVerify(srv, same)).status, 200, `${what}: the same scope re-signed verifies (control)`);
    for (const scope of ['read write delete admin', 'read admin', 'write']) {
      const f = forge(k, t, (p) => { p.scope = scope; });
      invalid(await bearerVerify(srv, f), `${what} widened to ${scope}`);
      const i = await adminIntrospect(f);
      assert.equal(i.body, '{"active":false}', `${what} widened to ${scope}: introspection`);
      const mk = await request(srv.base, 'POST', '/v1/keys', { headers: { Authorization: `Bearer ${f}`,
        'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'forged', environment: 'test', permissions: ['read'] }) });
      assert.equal(mk.status, 401, `${what} widened to ${scope}: POST /v1/keys`);
    }
  }
});

// §8.6, ATTACKS 56: the end of a retired key's publication window, in every process.
test('§8.6 / ATTACKS 56: once a retired key\'s window ends, no process accepts its tokens', async () => {
  const old = (await login()).access_token;
  const oldKid = decodeJwt(old).header.kid;
  const many = async (t, n = 40) => Promise.all(Array.from({ length: n }, () => bearerVerify(srv, t)));
  // Every process has verified (and may have cached) the old key and token.
  assert.deepEqual((await many(old)).map((r) => r.status), Array(40).fill(200));
  const rot = srv.cli(['signing-key', 'rotate']);
  assert.equal(rot.status, 0, rot.stderr);
  assert.deepEqual((await many(old)).map((r) => r.status), Array(40).fill(200), 'inside the window: still valid');
  const fresh = (await login()).access_token;
  assert.notEqual(decodeJwt(fresh).header.kid, oldKid);
  // The window ends (simulated: retired long ago).
  sqlWrite(srv, 'UPDATE signing_keys SET retired_at = retired_at - 100000 WHERE retired_at IS NOT NULL');
  assert.equal(one(srv, `SELECT retired_at < strftime('%s', 'now') - 86400 FROM signing_keys WHERE kid = '${oldKid}'`), '1');
  await sleep(6000); // §8.6: within 5 s
  const after = await many(old);
  const accepted = after.filter((r) => r.status !== 401).length;
  assert.equal(accepted, 0, `${accepted} of 40 verifications still accepted the retired key's token`);
  for (const r of after) invalid(r, 'old kid');
  assert.equal((await adminIntrospect(old)).body, '{"active":false}');
  const kids = json(await request(srv.base, 'GET', '/.well-known/jwks.json')).keys.map((k) => k.kid);
  assert.ok(!kids.includes(oldKid), 'no longer published');
  assert.deepEqual((await many(fresh, 8)).map((r) => r.status), Array(8).fill(200), 'the current key works');
});

// §2 / §8.13: client_credentials tokens name the client.
test('§2 / §8.13: a client_credentials token has sub = client_id; verify and introspection say so', async () => {
  const owner = one(srv, `SELECT id FROM users WHERE email = '${ADMIN.email}'`);
  const res = await token(srv.base, { grant_type: 'client_credentials', scope: 'read' }, { auth: [app.clientId, app.secret] });
  assert.equal(res.status, 200, res.body);
  const t = json(res).access_token;
  const { header, payload } = decodeJwt(t);
  assert.equal(header.typ, 'at+jwt');
  assert.equal(payload.sub, app.clientId, 'RFC 9068 §2.2: sub is the client');
  assert.equal(payload.client_id, app.clientId);
  const v = await bearerVerify(srv, t);
  assert.equal(v.status, 200);
  assert.equal(v.json.type, 'oauth');
  assert.equal(v.json.grant_type, 'client_credentials');
  assert.equal(v.json.user_id, owner, "user_id is the app's owner");
  assert.equal(v.json.client_id, app.clientId);
  const i = json(await introspect(srv.base, { token: t }, { auth: [app.clientId, app.secret] }));
  assert.equal(i.active, true);
  assert.equal(i.sub, app.clientId);
  assert.equal(i.grant_type, 'client_credentials');
  assert.equal(i.user_id, owner);
  assert.equal(i.client_id, app.clientId);
  // A code-flow token is the user's: sub = the user, no grant_type claim of client_credentials.
  const c = await codeFlow(d, srv.base, app, { scope: 'read' });
  assert.equal(decodeJwt(c.access_token).payload.sub, owner);
  assert.notEqual((await bearerVerify(srv, c.access_token)).json.grant_type, 'client_credentials');
});
