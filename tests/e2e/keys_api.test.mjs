// API keys through the JSON API (SPEC §3): verify, /v1/keys, roll, revoke,
// revoke-leaked, against 4 latchkey-api processes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, ADMIN } from './lib/server.mjs';
import {
  KEY_ID_RE, validKey, forgeKey, badChecksum, createKeyViaForm, signedIn, addUser, api, verify,
  assertError, count, sqlWrite, holdReadLock,
} from './lib/keys.mjs';

let srv;
let me; // admin user id
let other; // {user, key: {secret, id}}
const K = {}; // the admin's keys by role
const ENV = { LATCHKEY_API_PROCS: '4', LATCHKEY_VERIFY_PROCS: '4' };
const KEY_FIELDS = ['created_at', 'environment', 'expires_at', 'hint', 'id', 'last_used_at', 'name',
  'permissions', 'prefix', 'restricted', 'revoked_at', 'status', 'jwt_signing', 'public_jwk', 'tier'].sort();
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const auditCount = (action, target) => count(srv,
  `SELECT count(*) FROM audit_log WHERE action = '${action}' AND target = '${target}'`);

before(async () => {
  srv = await startServer({ env: ENV });
  me = srv.sql(`SELECT id FROM users WHERE email = '${ADMIN.email}'`).trim();
  const d = await signedIn(srv.base, ADMIN.email, ADMIN.password);
  K.admin = await createKeyViaForm(d, { name: 'admin', permissions: ['read', 'write', 'delete', 'admin'] });
  K.liveAdmin = await createKeyViaForm(d, { name: 'live-admin', environment: 'live', permissions: ['admin'] });
  K.read = await createKeyViaForm(d, { name: 'read', permissions: ['read'] });
  K.rw = await createKeyViaForm(d, { name: 'rw', permissions: ['read', 'write'] });
  K.readAdmin = await createKeyViaForm(d, { name: 'read-admin', permissions: ['read', 'admin'] });
  K.invoices = await createKeyViaForm(d, { name: 'inv', restricted: '1', permissions: [],
    resource_permissions: 'invoices:read' });
  const u = addUser(srv, 'api-other@example.com');
  const od = await signedIn(srv.base, u.email, u.password);
  other = { user: u, key: await createKeyViaForm(od, { name: 'other', permissions: ['read', 'admin'] }),
    key2: await createKeyViaForm(od, { name: 'other2', permissions: ['read'] }) };
});
after(async () => { if (process.env.KEYS_DEBUG) console.log(srv.output(), srv.log()); if (srv) await srv.stop(); });

test('verify with X-API-Key, Bearer, or both equal; shape of the answer', async () => {
  const expected = {
    authenticated: true, type: 'api_key', user_id: me, key_id: K.admin.id,
    scopes: ['read', 'write', 'delete', 'admin'], environment: 'test', expires_at: null, tier: null,
  };
  assert.match(me, /^usr_[0-9A-Za-z]{16}$/);
  const a = await verify(srv, K.admin.secret);
  assert.equal(a.status, 200);
  assert.match(a.headers['content-type'], /^application\/json/);
  assert.match(a.headers['x-request-id'], /^req_/);
  assert.deepEqual(a.json, expected);
  const b = await api(srv, 'GET', '/v1/auth/verify', { bearer: K.admin.secret });
  assert.equal(b.status, 200);
  assert.deepEqual(b.json, expected);
  const both = await api(srv, 'GET', '/v1/auth/verify', { key: K.admin.secret, bearer: K.admin.secret });
  assert.equal(both.status, 200);
  assert.deepEqual(both.json, expected);
  const live = await verify(srv, K.liveAdmin.secret);
  assert.equal(live.json.environment, 'live');
  const inv = await verify(srv, K.invoices.secret);
  assert.deepEqual(inv.json.scopes, ['invoices:read']);
});

test('verify refusals: two credentials, none, garbage, Basic', async () => {
  const two = await api(srv, 'GET', '/v1/auth/verify', { key: K.admin.secret, bearer: K.read.secret });
  assertError(two, 400, 'invalid_request');
  const none = await api(srv, 'GET', '/v1/auth/verify');
  assertError(none, 401, 'unauthorized');
  assert.equal(none.headers['www-authenticate'], 'Bearer realm="latchkey"');
  for (const g of ['garbage', 'sk_test_nope', forgeKey(), `${K.admin.secret}x`]) {
    for (const how of ['key', 'bearer']) {
      const r = await api(srv, 'GET', '/v1/auth/verify', { [how]: g });
      assertError(r, 401, 'invalid_token');
      assert.equal(r.headers['www-authenticate'], 'Bearer realm="latchkey", error="invalid_token"');
      assert.ok(!r.body.includes(g), 'the credential is not echoed');
    }
  }
  const basic = await api(srv, 'GET', '/v1/auth/verify',
    { headers: { Authorization: `Basic ${Buffer.from(`x:${K.admin.secret}`).toString('base64')}` } });
  assert.equal(basic.status, 401, basic.body);
  assert.ok(['unauthorized', 'invalid_token'].includes(basic.json.error));
  assert.match(basic.headers['www-authenticate'], /^Bearer realm="latchkey"/);
});

test('malformed keys are refused without the database; well-formed ones wait for it', async () => {
  const lock = await holdReadLock(srv);
  try {
    const timed = async (key) => {
      const t = Date.now();
      const r = await api(srv, 'GET', '/v1/auth/verify', { key });
      return { r, ms: Date.now() - t };
    };
    const wellFormed = [timed(forgeKey()), timed(K.read.secret)];
    const bad = [];
    for (const k of [badChecksum(K.admin.secret), K.admin.secret.slice(0, -1),
      `xk_${K.admin.secret.slice(3)}`, `sk_prod_${K.admin.secret.slice(8)}`, K.admin.secret.replace('_test_', '_live_')]) {
      bad.push(await timed(k));
    }
    for (const { r, ms } of bad) {
      assertError(r, 401, 'invalid_token');
      assert.ok(ms < 1000, `malformed key answered in ${ms} ms`);
    }
    for (const { r, ms } of await Promise.all(wellFormed)) {
      assert.notEqual(r.status, 200, 'never fails open');
      assertError(r, 503, 'service_unavailable');
      assert.ok(ms >= 1000, `a locked database answered in ${ms} ms`);
    }
  } finally {
    await lock.release();
  }
  assert.equal((await verify(srv, K.read.secret)).status, 200, 'works again after the lock');
});

test('a revoked key fails on the very next request in every process', async () => {
  const d = await signedIn(srv.base, ADMIN.email, ADMIN.password);
  const k = await createKeyViaForm(d, { name: 'race', permissions: ['read', 'delete'] });
  const first = await Promise.all(Array.from({ length: 20 }, () => verify(srv, k.secret)));
  assert.deepEqual(first.map((r) => r.status), Array(20).fill(200));
  const del = await api(srv, 'DELETE', `/v1/keys/${k.id}`, { key: K.admin.secret });
  assert.equal(del.status, 204);
  assert.equal(del.body, '');
  const after = await Promise.all(Array.from({ length: 40 }, (_, i) =>
    (i % 2 ? api(srv, 'GET', '/v1/auth/verify', { bearer: k.secret }) : verify(srv, k.secret))));
  for (const r of after) assertError(r, 401, 'invalid_token');
  assert.equal(auditCount('key.revoke', k.id), 1);
  const got = await api(srv, 'GET', `/v1/keys/${k.id}`, { key: K.admin.secret });
  assert.equal(got.json.status, 'revoked');
  assert.match(got.json.revoked_at, RFC3339);
});

test('verify ?scope= and ?environment=', async () => {
  const w = await verify(srv, K.read.secret, '?scope=write');
  assertError(w, 403, 'insufficient_scope');
  assert.match(w.headers['www-authenticate'], /error="insufficient_scope"/);
  assert.equal((await verify(srv, K.invoices.secret, '?scope=invoices:read')).status, 200);
  assertError(await verify(srv, K.invoices.secret, '?scope=invoices:write'), 403, 'insufficient_scope');
  assertError(await verify(srv, K.invoices.secret, '?scope=read'), 403, 'insufficient_scope');
  assertError(await verify(srv, K.invoices.secret, '?scope=customers:read'), 403, 'insufficient_scope');
  const cov = await verify(srv, K.read.secret, '?scope=invoices:read');
  assert.equal(cov.status, 200);
  assert.equal(cov.json.key_id, K.read.id);
  assertError(await verify(srv, K.read.secret, '?scope=invoices:read%20invoices:write'), 403, 'insufficient_scope');
  assert.equal((await verify(srv, K.admin.secret, '?scope=read%20write%20customers:delete')).status, 200);
  assertError(await verify(srv, K.read.secret, '?environment=live'), 403, 'insufficient_scope');
  assert.equal((await verify(srv, K.read.secret, '?environment=test')).status, 200);
  assertError(await verify(srv, K.liveAdmin.secret, '?environment=test'), 403, 'insufficient_scope');
  assertError(await verify(srv, K.read.secret, '?scope=bogus!'), 400, 'invalid_request');
  assertError(await verify(srv, K.read.secret, '?environment=prod'), 400, 'invalid_request');
});

test('GET /v1/keys: needs read, lists only the caller\'s keys, exact fields; another user\'s key is 404', async () => {
  assertError(await api(srv, 'GET', '/v1/keys', { key: K.invoices.secret }), 403, 'insufficient_scope');
  const res = await api(srv, 'GET', '/v1/keys', { key: K.read.secret });
  assert.equal(res.status, 200);
  assert.deepEqual(Object.keys(res.json), ['data']);
  const ids = res.json.data.map((k) => k.id);
  assert.ok(ids.includes(K.admin.id) && ids.includes(K.invoices.id));
  assert.ok(!ids.includes(other.key.id), "another user's key is listed");
  // SPEC 8.4: a test key sees the test keys only.
  assert.ok(!ids.includes(K.liveAdmin.id), 'a test key lists a live key');
  assert.equal(ids.length, count(srv, `SELECT count(*) FROM api_keys WHERE user_id = '${me}' AND environment = 'test'`));
  for (const k of res.json.data) {
    assert.deepEqual(Object.keys(k).sort(), KEY_FIELDS);
    assert.match(k.id, KEY_ID_RE);
    assert.match(k.created_at, RFC3339);
    assert.ok(!JSON.stringify(k).match(/[sr]k_(live|test)_[0-9A-Za-z]{38}/), 'no secret in a listing');
  }
  const inv = res.json.data.find((k) => k.id === K.invoices.id);
  assert.deepEqual(inv, {
    ...inv, name: 'inv', prefix: 'rk_test_', hint: K.invoices.secret.slice(-4), environment: 'test',
    restricted: true, permissions: ['invoices:read'], status: 'active', expires_at: null, revoked_at: null,
  });
  const one = await api(srv, 'GET', `/v1/keys/${K.admin.id}`, { key: K.read.secret });
  assert.equal(one.status, 200);
  assert.deepEqual(Object.keys(one.json).sort(), KEY_FIELDS);
  assert.equal(one.json.id, K.admin.id);
  assert.deepEqual(one.json.permissions, ['read', 'write', 'delete', 'admin']);
  assertError(await api(srv, 'GET', `/v1/keys/${other.key.id}`, { key: K.admin.secret }), 404, 'not_found');
  assertError(await api(srv, 'GET', '/v1/keys/key_0000000000000000', { key: K.admin.secret }), 404, 'not_found');
});

test('POST /v1/keys: creates within the caller\'s rights, validates the body', async () => {
  const before = count(srv, 'SELECT count(*) FROM api_keys');
  const c = await api(srv, 'POST', '/v1/keys', { key: K.admin.secret,
    body: { name: 'made-by-api', environment: 'test', restricted: false, permissions: ['read', 'write'], expires_in_days: 30 } });
  assert.equal(c.status, 201, c.body);
  assert.equal(c.headers['cache-control'], 'no-store');
  assert.ok(validKey(c.json.key));
  assert.match(c.json.key, /^sk_test_/);
  assert.deepEqual(Object.keys(c.json).sort(), [...KEY_FIELDS, 'key'].sort());
  assert.equal(c.json.status, 'active');
  assert.equal(c.json.hint, c.json.key.slice(-4));
  assert.deepEqual(c.json.permissions, ['read', 'write']);
  assert.ok(Math.abs(Date.parse(c.json.expires_at) - Date.now() - 30 * 86400e3) < 60e3);
  const v = await verify(srv, c.json.key);
  assert.equal(v.status, 200);
  assert.equal(v.json.key_id, c.json.id);
  assert.equal(count(srv, 'SELECT count(*) FROM api_keys'), before + 1);
  assert.equal(count(srv, `SELECT count(*) FROM audit_log WHERE action = 'key.create' AND target = '${c.json.id}' AND actor_id = '${me}'`), 1);

  const rk = await api(srv, 'POST', '/v1/keys', { key: K.readAdmin.secret,
    body: { name: 'r', environment: 'test', restricted: true, permissions: ['invoices:read', 'read'] } });
  assert.equal(rk.status, 201, rk.body);
  assert.match(rk.json.key, /^rk_test_/);
  assert.equal(rk.json.restricted, true);
  const ra = await api(srv, 'POST', '/v1/keys', { key: K.readAdmin.secret,
    body: { name: 'r', environment: 'test', permissions: ['read'] } });
  assert.equal(ra.status, 201, ra.body);
  assertError(await api(srv, 'POST', '/v1/keys', { key: K.admin.secret,
    body: { name: 'x', environment: 'test', restricted: true, permissions: ['admin'] } }), 400, 'invalid_request');
  assertError(await api(srv, 'POST', '/v1/keys', { key: K.rw.secret,
    body: { name: 'x', environment: 'test', permissions: ['read'] } }), 403, 'insufficient_scope');
  assertError(await api(srv, 'POST', '/v1/keys', { key: K.admin.secret,
    body: { name: 'x', environment: 'live', permissions: ['read'] } }), 403, 'forbidden');
  const live = await api(srv, 'POST', '/v1/keys', { key: K.liveAdmin.secret,
    body: { name: 'live', environment: 'live', permissions: ['read'] } });
  assert.equal(live.status, 201, live.body);
  assert.match(live.json.key, /^sk_live_/);

  const mid = count(srv, 'SELECT count(*) FROM api_keys');
  const bad = [
    { environment: 'test', permissions: ['read'] },
    { name: 'x', environment: 'test', permissions: ['read'], colour: 'red' },
    { name: 'x', environment: 'test', permissions: 'read' },
    { name: 'x', environment: 'test', permissions: ['read'], expires_in_days: 0 },
    { name: 'x', environment: 'test', permissions: ['read'], expires_in_days: 4000 },
    { name: 'x', environment: 'prod', permissions: ['read'] },
    { name: 'x', environment: 'test', permissions: ['sudo'] },
    { name: 'x', environment: 'test', permissions: [] },
    { name: '', environment: 'test', permissions: ['read'] },
  ];
  for (const body of bad) {
    assertError(await api(srv, 'POST', '/v1/keys', { key: K.admin.secret, body }), 400, 'invalid_request');
  }
  assertError(await api(srv, 'POST', '/v1/keys', { key: K.admin.secret,
    body: '{"name":"x","name":"y","environment":"test","permissions":["read"]}' }), 400, 'invalid_request');
  assert.equal(count(srv, 'SELECT count(*) FROM api_keys'), mid, 'no key from a bad body');
});

test('POST /v1/keys/{id}/roll', async () => {
  const mk = async (name) => (await api(srv, 'POST', '/v1/keys', { key: K.admin.secret,
    body: { name, environment: 'test', permissions: ['read'] } })).json;
  const old = await mk('roll-grace');
  const r = await api(srv, 'POST', `/v1/keys/${old.id}/roll`, { key: K.admin.secret, body: { grace_seconds: 3600 } });
  assert.equal(r.status, 201, r.body);
  assert.ok(validKey(r.json.key));
  assert.notEqual(r.json.id, old.id);
  assert.equal(r.json.name, 'roll-grace');
  assert.deepEqual(r.json.permissions, ['read']);
  assert.equal((await verify(srv, r.json.key)).json.key_id, r.json.id);
  assert.equal((await verify(srv, old.key)).status, 200, 'old key within grace');
  const oldNow = (await api(srv, 'GET', `/v1/keys/${old.id}`, { key: K.admin.secret })).json;
  assert.ok(Math.abs(Date.parse(oldNow.expires_at) - Date.now() - 3600e3) < 60e3, oldNow.expires_at);
  assertError(await api(srv, 'POST', `/v1/keys/${old.id}/roll`, { key: K.admin.secret, body: { grace_seconds: 3600 } }), 400, 'invalid_request');
  assert.equal(count(srv, `SELECT count(*) FROM audit_log WHERE action = 'key.roll' AND target = '${old.id}' AND actor_id = '${me}'`), 1);

  const now0 = await mk('roll-now');
  const r0 = await api(srv, 'POST', `/v1/keys/${now0.id}/roll`, { key: K.admin.secret, body: { grace_seconds: 0 } });
  assert.equal(r0.status, 201);
  const v0 = await verify(srv, now0.key);
  assert.equal(v0.status, 401);
  assert.ok(['invalid_token', 'token_expired'].includes(v0.json.error), v0.body);
  assert.equal((await verify(srv, r0.json.key)).status, 200);

  const big = await mk('roll-big');
  assertError(await api(srv, 'POST', `/v1/keys/${big.id}/roll`, { key: K.admin.secret, body: { grace_seconds: 999999 } }), 400, 'invalid_request');
  assert.equal((await verify(srv, big.key)).status, 200);
  assertError(await api(srv, 'POST', `/v1/keys/${big.id}/roll`, { key: K.rw.secret, body: { grace_seconds: 0 } }), 403, 'insufficient_scope');
  assertError(await api(srv, 'POST', `/v1/keys/${other.key.id}/roll`, { key: K.admin.secret, body: { grace_seconds: 0 } }), 404, 'not_found');
  assert.equal((await verify(srv, other.key.secret)).status, 200);
});

test('DELETE /v1/keys/{id}: needs delete, 404 for another user\'s key', async () => {
  const t = (await api(srv, 'POST', '/v1/keys', { key: K.admin.secret,
    body: { name: 'del', environment: 'test', permissions: ['read'] } })).json;
  assertError(await api(srv, 'DELETE', `/v1/keys/${t.id}`, { key: K.rw.secret }), 403, 'insufficient_scope');
  assert.equal((await verify(srv, t.key)).status, 200);
  assertError(await api(srv, 'DELETE', `/v1/keys/${other.key.id}`, { key: K.admin.secret }), 404, 'not_found');
  assert.equal((await verify(srv, other.key.secret)).status, 200);
  assert.equal(srv.sql(`SELECT revoked_at IS NULL FROM api_keys WHERE id = '${other.key.id}'`).trim(), '1');
  const ok = await api(srv, 'DELETE', `/v1/keys/${t.id}`, { key: K.admin.secret });
  assert.equal(ok.status, 204);
  assert.equal(ok.body, '');
  assertError(await verify(srv, t.key), 401, 'invalid_token');
});

test('expired and disabled: status in the key object, 401 at verify', async () => {
  const t = (await api(srv, 'POST', '/v1/keys', { key: K.admin.secret,
    body: { name: 'exp', environment: 'test', permissions: ['read'], expires_in_days: 1 } })).json;
  sqlWrite(srv, `UPDATE api_keys SET expires_at = ${Math.floor(Date.now() / 1000) - 10} WHERE id = '${t.id}'`);
  const e = await verify(srv, t.key);
  assertError(e, 401, 'token_expired');
  assert.equal(e.headers['www-authenticate'], 'Bearer realm="latchkey", error="invalid_token", error_description="expired"');
  assertError(await api(srv, 'GET', '/v1/keys', { key: t.key }), 401, 'token_expired');
  const got = (await api(srv, 'GET', `/v1/keys/${t.id}`, { key: K.admin.secret })).json;
  assert.equal(got.status, 'expired');
  const u = addUser(srv, 'api-disabled@example.com');
  const uk = await createKeyViaForm(await signedIn(srv.base, u.email, u.password), { name: 'dis' });
  assert.equal((await verify(srv, uk.secret)).status, 200);
  assert.equal(srv.cli(['user', 'disable', u.email]).status, 0);
  assertError(await verify(srv, uk.secret), 401, 'invalid_token');
  assert.equal(srv.cli(['user', 'enable', u.email]).status, 0);
  assert.equal((await verify(srv, uk.secret)).status, 200);
});

test('revoke-leaked revokes every valid key given, anyone\'s, without credentials', async () => {
  const k1 = (await api(srv, 'POST', '/v1/keys', { key: K.admin.secret,
    body: { name: 'leak1', environment: 'test', permissions: ['read'] } })).json;
  const res = await api(srv, 'POST', '/v1/keys/revoke-leaked', { body: { keys: [k1.key, 'garbage', other.key2.secret] } });
  assert.equal(res.status, 200, res.body);
  assert.deepEqual(res.json, { revoked: 2 });
  assertError(await verify(srv, k1.key), 401, 'invalid_token');
  assertError(await verify(srv, other.key2.secret), 401, 'invalid_token');
  assert.equal((await verify(srv, K.read.secret)).status, 200, 'others untouched');
  assert.equal(auditCount('key.revoke_leaked', k1.id), 1);
  assert.equal(auditCount('key.revoke_leaked', other.key2.id), 1);
  const again = await api(srv, 'POST', '/v1/keys/revoke-leaked', { body: { keys: [k1.key] } });
  assert.deepEqual(again.json, { revoked: 0 });
  const many = Array.from({ length: 1001 }, () => forgeKey());
  assertError(await api(srv, 'POST', '/v1/keys/revoke-leaked', { body: { keys: many } }), 400, 'invalid_request');
  const ok1000 = await api(srv, 'POST', '/v1/keys/revoke-leaked', { body: { keys: many.slice(1) } });
  assert.deepEqual(ok1000.json, { revoked: 0 });
});

// Regression: a leak report used to overwrite last_used_at, the owner's
// evidence of when the key was really last used.
test('a leak report is not a use of the key', async () => {
  const t = (await api(srv, 'POST', '/v1/keys', { key: K.admin.secret,
    body: { name: 'leak-used', environment: 'test', permissions: ['read'] } })).json;
  const then = Math.floor(Date.now() / 1000) - 600;
  sqlWrite(srv, `UPDATE api_keys SET last_used_at = ${then} WHERE id = '${t.id}'`);
  const res = await api(srv, 'POST', '/v1/keys/revoke-leaked', { body: { keys: [t.key] } });
  assert.deepEqual(res.json, { revoked: 1 });
  assert.equal(srv.sql(`SELECT last_used_at FROM api_keys WHERE id = '${t.id}'`).trim(), String(then));
});

// Regression: a leaked key of a disabled user used to be skipped, and
// worked again once the user was re-enabled.
test('a leaked key of a disabled user is revoked too', async () => {
  const u = addUser(srv, 'api-leak-disabled@example.com');
  const uk = await createKeyViaForm(await signedIn(srv.base, u.email, u.password), { name: 'dis-leak' });
  assert.equal(srv.cli(['user', 'disable', u.email]).status, 0);
  const res = await api(srv, 'POST', '/v1/keys/revoke-leaked', { body: { keys: [uk.secret] } });
  assert.equal(srv.cli(['user', 'enable', u.email]).status, 0);
  assertError(await verify(srv, uk.secret), 401, 'invalid_token');
  assert.deepEqual(res.json, { revoked: 1 });
});

test('the audit log records create, roll, revoke by the actor and holds no secret', async () => {
  for (const a of ['key.create', 'key.roll', 'key.revoke']) {
    assert.ok(count(srv, `SELECT count(*) FROM audit_log WHERE action = '${a}' AND actor_id = '${me}'`) >= 1, a);
  }
  assert.ok(count(srv, `SELECT count(*) FROM audit_log WHERE action = 'key.create' AND actor_id = '${other.user.id}' AND target = '${other.key.id}'`) === 1);
  const log = srv.sql('SELECT * FROM audit_log');
  assert.ok(log.includes(K.admin.id));
  assert.ok(!/[sr]k_(live|test)_[0-9A-Za-z]{10}/.test(log), 'a secret in the audit log');
  for (const k of Object.values(K)) assert.ok(!log.includes(k.secret.slice(8, 40)));
  assert.ok(!/[sr]k_(live|test)_[0-9A-Za-z]{10}/.test(srv.log()), 'a secret in the request log');
});

test('API key rate limit: headers on every response, 429 after the limit, across processes', async () => {
  const s3 = await startServer({ env: { ...ENV, LATCHKEY_RATELIMIT_APIKEY: '5' } });
  try {
    const k = await createKeyViaForm(await signedIn(s3.base, ADMIN.email, ADMIN.password), { name: 'rl' });
    const rs = await Promise.all(Array.from({ length: 5 }, () => verify(s3, k.secret)));
    assert.deepEqual(rs.map((r) => r.status), Array(5).fill(200));
    const remaining = rs.map((r) => Number(r.headers['x-ratelimit-remaining'])).sort();
    assert.deepEqual(remaining, [0, 1, 2, 3, 4]);
    for (const r of rs) {
      assert.equal(r.headers['x-ratelimit-limit'], '5');
      assert.ok(Number(r.headers['x-ratelimit-reset']) > Date.now() / 1000);
    }
    const over = await verify(s3, k.secret);
    assertError(over, 429, 'rate_limit_exceeded');
    assert.ok(Number(over.headers['retry-after']) > 0);
    assert.equal(over.headers['x-ratelimit-remaining'], '0');
  } finally {
    await s3.stop();
  }
});

test('revoke-leaked is throttled: the 61st request in an hour from one IP gets 429', async () => {
  const s2 = await startServer({ env: ENV });
  try {
    const statuses = [];
    for (let i = 0; i < 60; i++) {
      const r = await api(s2, 'POST', '/v1/keys/revoke-leaked', { body: { keys: [forgeKey()] } });
      statuses.push(r.status);
    }
    assert.deepEqual(statuses, Array(60).fill(200));
    const r = await api(s2, 'POST', '/v1/keys/revoke-leaked', { body: { keys: [forgeKey()] } });
    assertError(r, 429, 'rate_limit_exceeded');
    const ra = Number(r.headers['retry-after']);
    assert.ok(Number.isInteger(ra) && ra > 0 && ra <= 3600, `Retry-After ${r.headers['retry-after']}`);
  } finally {
    await s2.stop();
  }
});
