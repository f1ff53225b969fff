// SPEC §8.3 (OAuth tokens never manage API keys), §8.4 (environment
// boundary; revoking needs covering the target), §8.12 (grace_seconds),
// §8.13 (at most 1000 unrevoked keys and 100 apps per user); ATTACKS 52, 54, 65.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { json } from './lib/http.mjs';
import { addUser, createKeyViaForm, api, verify, assertError, nonceFrom, createFields, secretFrom } from './lib/keys.mjs';
import { registerApp, codeFlow, token } from './lib/oauth.mjs';
import { from, addresses, signInAt, apiLogin, num, one, copyRows } from './lib/lifecycle.mjs';

const PW = 'keys lifecycle passphrase 3';
const ip = addresses(90);
const NEW_KEY = { name: 'made-by', environment: 'test', restricted: false, permissions: ['read'] };

let srv;
let u; let d; // the user and their dashboard
let jwt; // a login access token of u
const K = {};
before(async () => {
  srv = await startServer();
  u = addUser(srv, 'keys-owner@example.com', PW);
  d = await signInAt(srv.base, ip(), u.email, PW);
  jwt = (await from(ip(), () => apiLogin(srv, u.email, PW))).json.access_token;
  K.testAdmin = await createKeyViaForm(d, { name: 'test-admin', permissions: ['read', 'write', 'delete', 'admin'] });
  K.testRead = await createKeyViaForm(d, { name: 'test-read', permissions: ['read'] });
  K.liveAdmin = await createKeyViaForm(d, { name: 'live-admin', environment: 'live', permissions: ['read', 'admin'] });
  K.liveRead = await createKeyViaForm(d, { name: 'live-read', environment: 'live', permissions: ['read'] });
});
after(async () => { if (srv) await srv.stop(); });

const keyCount = (id = u.id) => num(srv, `SELECT count(*) FROM api_keys WHERE user_id = '${id}'`);
const unrevoked = (id) => num(srv, `SELECT count(*) FROM api_keys WHERE user_id = '${id}' AND revoked_at IS NULL`);

// §8.3, ATTACKS 54: delegation never outlives its grant.
test('§8.3 / ATTACKS 54: OAuth access tokens (any scope, any grant) cannot create or roll keys', async () => {
  const M = await registerApp(d, { name: 'Delegated', scopes: 'read write delete admin offline_access',
    grant_types: ['authorization_code', 'refresh_token', 'client_credentials'] });
  assert.ok(M.secret, M.html.slice(0, 200));
  const code = await codeFlow(d, srv.base, M, { scope: 'read write delete admin offline_access' });
  const refreshed = json(await token(srv.base, { grant_type: 'refresh_token', refresh_token: code.refresh_token },
    { auth: [M.clientId, M.secret] }));
  const cc = json(await token(srv.base, { grant_type: 'client_credentials', scope: 'read write delete admin' },
    { auth: [M.clientId, M.secret] }));
  const narrow = await codeFlow(d, srv.base, M, { scope: 'read' });
  const target = await createKeyViaForm(d, { name: 'roll-target', permissions: ['read'] });
  const before = keyCount();
  for (const [what, t] of [['authorization_code, admin', code.access_token], ['refreshed, admin', refreshed.access_token],
    ['client_credentials, admin', cc.access_token], ['authorization_code, read', narrow.access_token]]) {
    assert.ok(t, what);
    assert.equal((await api(srv, 'GET', '/v1/auth/verify', { bearer: t })).json.type, 'oauth', what);
    const c = await api(srv, 'POST', '/v1/keys', { bearer: t, body: { ...NEW_KEY, name: what } });
    assertError(c, 403, 'forbidden');
    assert.equal('key' in c.json, false, `${what}: no key`);
    const r = await api(srv, 'POST', `/v1/keys/${target.id}/roll`, { bearer: t, body: { grace_seconds: 0 } });
    assertError(r, 403, 'forbidden');
  }
  assert.equal(keyCount(), before, 'no key created');
  assert.equal((await verify(srv, target.secret)).status, 200, 'the target was not rolled');
  assert.equal(one(srv, `SELECT coalesce(rolled_to, '') FROM api_keys WHERE id = '${target.id}'`), '');
  // Key management stays open to login JWTs and admin API keys.
  assert.equal((await api(srv, 'POST', '/v1/keys', { bearer: jwt, body: NEW_KEY })).status, 201);
  assert.equal((await api(srv, 'POST', '/v1/keys', { key: K.testAdmin.secret, body: NEW_KEY })).status, 201);
});

// §8.4, ATTACKS 52: a test key sees only test keys.
test('§8.4 / ATTACKS 52: a test key lists, reads, rolls and revokes only test keys; live keys are 404', async () => {
  const list = await api(srv, 'GET', '/v1/keys', { key: K.testAdmin.secret });
  assert.equal(list.status, 200);
  const envs = list.json.data.map((k) => `${k.id}:${k.environment}`);
  assert.ok(list.json.data.some((k) => k.id === K.testRead.id), 'its own environment listed');
  assert.deepEqual(list.json.data.filter((k) => k.environment !== 'test').map((k) => k.id), [],
    `live keys listed to a test key: ${envs.join(' ')}`);
  const all = await api(srv, 'GET', '/v1/keys', { bearer: jwt });
  assert.ok(all.json.data.some((k) => k.id === K.liveRead.id), 'a login JWT still lists live keys');
  for (const live of [K.liveRead, K.liveAdmin]) {
    assertError(await api(srv, 'GET', `/v1/keys/${live.id}`, { key: K.testAdmin.secret }), 404, 'not_found');
    assertError(await api(srv, 'POST', `/v1/keys/${live.id}/roll`, { key: K.testAdmin.secret, body: { grace_seconds: 0 } }),
      404, 'not_found');
    assertError(await api(srv, 'DELETE', `/v1/keys/${live.id}`, { key: K.testAdmin.secret }), 404, 'not_found');
    assert.equal((await verify(srv, live.secret)).status, 200, 'the live key still works');
    assert.equal(one(srv, `SELECT coalesce(rolled_to, '') || coalesce(revoked_at, '') FROM api_keys WHERE id = '${live.id}'`), '');
  }
  assert.equal((await api(srv, 'GET', `/v1/keys/${K.testRead.id}`, { key: K.testAdmin.secret })).status, 200);
});

// §8.4, ATTACKS 52: revoking needs covering the target's permissions.
test('§8.4 / ATTACKS 52: a delete-only key cannot revoke a key holding admin (or read); it can revoke its peers', async () => {
  const del = await createKeyViaForm(d, { name: 'delete-only', restricted: '1', permissions: ['delete'] });
  const admin = await createKeyViaForm(d, { name: 'admin-target', permissions: ['read', 'admin'] });
  const read = await createKeyViaForm(d, { name: 'read-target', permissions: ['read'] });
  const peer = await createKeyViaForm(d, { name: 'delete-peer', restricted: '1', permissions: ['delete'] });
  assert.ok(del.secret.startsWith('rk_test_'));
  for (const [what, target] of [['admin', admin], ['read', read]]) {
    const r = await api(srv, 'DELETE', `/v1/keys/${target.id}`, { key: del.secret });
    assertError(r, 403, 'forbidden');
    assert.equal((await verify(srv, target.secret)).status, 200, `the ${what} key still verifies`);
    assert.equal(one(srv, `SELECT coalesce(revoked_at, 'live') FROM api_keys WHERE id = '${target.id}'`), 'live', what);
  }
  const ok = await api(srv, 'DELETE', `/v1/keys/${peer.id}`, { key: del.secret });
  assert.equal(ok.status, 204, `a key it covers: ${ok.status} ${ok.body}`);
  assert.equal((await verify(srv, peer.secret)).status, 401);
});

// §8.12, ATTACKS 65: grace_seconds is one of four values in the API too.
test('§8.12 / ATTACKS 65: grace_seconds 12345 (and other values) -> 400; 0, 3600, 86400, 604800 accepted', async () => {
  let cur = await createKeyViaForm(d, { name: 'grace', permissions: ['read'] });
  for (const g of [12345, 1, 59, 3599, 3601, 604799, -1]) {
    const r = await api(srv, 'POST', `/v1/keys/${cur.id}/roll`, { key: K.testAdmin.secret, body: { grace_seconds: g } });
    assertError(r, 400, 'invalid_request');
    assert.equal(one(srv, `SELECT coalesce(rolled_to, '') FROM api_keys WHERE id = '${cur.id}'`), '', `${g}: not rolled`);
  }
  for (const g of [0, 3600, 86400, 604800]) {
    const r = await api(srv, 'POST', `/v1/keys/${cur.id}/roll`, { key: K.testAdmin.secret, body: { grace_seconds: g } });
    assert.equal(r.status, 201, `${g}: ${r.status} ${r.body}`);
    assert.equal((await verify(srv, cur.secret)).status, g === 0 ? 401 : 200, `old key after a roll with grace ${g}`);
    cur = { id: r.json.id, secret: r.json.key };
    assert.equal((await verify(srv, cur.secret)).status, 200);
  }
});

// §8.13: at most 1000 unrevoked keys per user.
test('§8.13: the 1001st unrevoked key of a user is 403 forbidden (API and dashboard)', async () => {
  const b = addUser(srv, 'bulk-keys@example.com', PW);
  const bt = (await from(ip(), () => apiLogin(srv, b.email, PW))).json.access_token;
  const first = await api(srv, 'POST', '/v1/keys', { bearer: bt, body: NEW_KEY });
  assert.equal(first.status, 201);
  copyRows(srv, 'api_keys', `id = '${first.json.id}'`, 998, {
    id: "'key_' || printf('%016d', i)", name: "'seeded ' || i", key_hash: 'randomblob(32)',
  });
  assert.equal(unrevoked(b.id), 999);
  const k1000 = await api(srv, 'POST', '/v1/keys', { bearer: bt, body: NEW_KEY });
  assert.equal(k1000.status, 201, `the 1000th: ${k1000.body}`);
  const k1001 = await api(srv, 'POST', '/v1/keys', { bearer: bt, body: NEW_KEY });
  assertError(k1001, 403, 'forbidden');
  assert.equal('key' in k1001.json, false);
  assert.equal(unrevoked(b.id), 1000);
  // The dashboard refuses it too.
  const bd = await signInAt(srv.base, ip(), b.email, PW);
  const page = await bd.get('/settings/api-keys/new');
  const res = await bd.post('/settings/api-keys', createFields({ name: 'one too many' }, nonceFrom(page.body)));
  assert.ok(res.status === 403 || res.status === 400, `dashboard: ${res.status}`);
  assert.equal(secretFrom(res.body), null, 'no key shown');
  assert.equal(unrevoked(b.id), 1000);
  // Revoked keys don't count.
  assert.equal((await api(srv, 'DELETE', `/v1/keys/${k1000.json.id}`, { bearer: bt })).status, 204);
  assert.equal((await api(srv, 'POST', '/v1/keys', { bearer: bt, body: NEW_KEY })).status, 201, 'room again');
});

// §8.13: at most 100 apps per user.
test('§8.13: the 101st app of a user is refused', async () => {
  const a = addUser(srv, 'bulk-apps@example.com', PW);
  const ab = await signInAt(srv.base, ip(), a.email, PW);
  const first = await registerApp(ab, { name: 'First' });
  assert.ok(first.clientId);
  copyRows(srv, 'oauth_clients', `client_id = '${first.clientId}'`, 98, {
    client_id: "'app_' || printf('%016d', i)", name: "'seeded ' || i", secret_hash: 'randomblob(32)',
    cc_sid: 'NULL',
  });
  const apps = () => num(srv, `SELECT count(*) FROM oauth_clients WHERE user_id = '${a.id}'`);
  assert.equal(apps(), 99);
  const a100 = await registerApp(ab, { name: 'Hundredth' });
  assert.equal(a100.res.status, 200, `the 100th: ${a100.res.status}`);
  assert.ok(a100.clientId);
  const a101 = await registerApp(ab, { name: 'One too many' });
  assert.ok(a101.res.status === 403 || a101.res.status === 400, `the 101st: ${a101.res.status}`);
  assert.equal(a101.clientId, null);
  assert.equal(a101.secret, null);
  assert.equal(apps(), 100);
  await ab.get('/settings/oauth-apps');
  assert.equal((await ab.post(`/settings/oauth-apps/${a100.clientId}/delete`, {})).status, 303);
  assert.ok((await registerApp(ab, { name: 'Room again' })).clientId, 'room again after a delete');
});
