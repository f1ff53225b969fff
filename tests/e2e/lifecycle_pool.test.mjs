// SPEC §8.9 (logins cannot starve verification): GET /v1/auth/verify and
// POST /oauth/introspect have their own FastCGI pool (run/verify.sock,
// run/verify.pid, LATCHKEY_VERIFY_PROCS, default 2) that keeps answering
// while every latchkey-api process is stopped; at most
// LATCHKEY_HASH_CONCURRENCY password hashes at once, beyond that 503 with
// Retry-After: 1. ATTACKS 51 without timing: structure, not speed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startServer, ADMIN } from './lib/server.mjs';
import { json } from './lib/http.mjs';
import { badChecksum, createKeyViaForm } from './lib/keys.mjs';
import { registerApp, token, introspect } from './lib/oauth.mjs';
import { from, addresses, dashboardAt, signInAt, apiLogin, keyVerify, bearerVerify, pidFile, alive,
  within } from './lib/lifecycle.mjs';

const ip = addresses(120);
let srv;
let key; // an admin user's API key with admin
let jwt;
let app;
before(async () => {
  srv = await startServer({ env: { LATCHKEY_API_PROCS: '2' } });
  const d = await signInAt(srv.base, ip(), ADMIN.email, ADMIN.password);
  key = await createKeyViaForm(d, { name: 'pool-admin', permissions: ['read', 'write', 'delete', 'admin'] });
  jwt = (await from(ip(), () => apiLogin(srv, ADMIN.email, ADMIN.password))).json.access_token;
  app = await registerApp(d, { name: 'Pool app', scopes: 'read', grant_types: ['client_credentials'] });
  assert.ok(app.secret);
});
after(async () => { if (srv) await srv.stop(); });

// §8.9: the pool's socket and pid file.
test('§8.9: a verify pool of its own: run/verify.sock and run/verify.pid (2 processes by default)', async () => {
  const run = `${srv.varDir}/run`;
  assert.ok(fs.existsSync(`${run}/verify.sock`), `files in run/: ${fs.readdirSync(run).join(' ')}`);
  assert.ok(fs.statSync(`${run}/verify.sock`).isSocket(), 'verify.sock is a socket');
  const pids = pidFile(srv, 'verify');
  assert.equal(pids.length, 2, `verify.pid: ${pids}`);
  assert.ok(pids.every(alive), 'the verify processes run');
  const others = [...pidFile(srv, 'api'), ...pidFile(srv, 'web')];
  assert.ok(others.length >= 4);
  assert.deepEqual(pids.filter((p) => others.includes(p)), [], 'not the api or web processes');
});

// §8.9, ATTACKS 51: with every latchkey-api process stopped, verification goes on.
test('§8.9 / ATTACKS 51: SIGSTOP every latchkey-api process: verify and introspect still answer', async () => {
  const api = pidFile(srv, 'api');
  assert.equal(api.length, 2, `api.pid: ${api}`);
  const cc = json(await token(srv.base, { grant_type: 'client_credentials', scope: 'read' },
    { auth: [app.clientId, app.secret] })).access_token;
  assert.ok(cc);
  for (const pid of api) process.kill(pid, 'SIGSTOP');
  try {
    const v = await within(keyVerify(srv, key.secret), 5000);
    assert.notEqual(v, 'timeout', 'verify of an API key answered');
    assert.equal(v.status, 200);
    assert.equal(v.json.key_id, key.id);
    const j = await within(bearerVerify(srv, jwt), 5000);
    assert.notEqual(j, 'timeout', 'verify of a login JWT answered');
    assert.equal(j.status, 200);
    const byKey = await within(introspect(srv.base, { token: cc }, { headers: { 'X-API-Key': key.secret } }), 5000);
    assert.notEqual(byKey, 'timeout', 'introspection with an admin key answered');
    assert.equal(json(byKey).active, true);
    const byClient = await within(introspect(srv.base, { token: cc }, { auth: [app.clientId, app.secret] }), 5000);
    assert.notEqual(byClient, 'timeout', 'introspection by a client answered');
    assert.equal(json(byClient).active, true);
    // Another last character (never the same one: that would be the key).
    const bad = await within(keyVerify(srv, badChecksum(key.secret)), 5000);
    assert.notEqual(bad, 'timeout');
    assert.equal(bad.status, 401);
  } finally {
    for (const pid of api) { try { process.kill(pid, 'SIGCONT'); } catch { /* gone */ } }
  }
  assert.equal((await from(ip(), () => apiLogin(srv, ADMIN.email, ADMIN.password))).status, 200, 'the api pool is back');
});

// §8.9: LATCHKEY_VERIFY_PROCS.
test('§8.9: LATCHKEY_VERIFY_PROCS=3 starts three verify processes', async () => {
  const s = await startServer({ env: { LATCHKEY_VERIFY_PROCS: '3' } });
  try {
    const pids = pidFile(s, 'verify');
    assert.equal(pids.length, 3, `verify.pid: ${pids}`);
    assert.ok(pids.every(alive));
  } finally {
    await s.stop();
  }
  assert.equal(fs.existsSync(`${s.varDir}/run/verify.sock`), false, 'nothing left behind');
});

// §8.9: at most LATCHKEY_HASH_CONCURRENCY hashes at once; beyond, 503 + Retry-After: 1.
test('§8.9: LATCHKEY_HASH_CONCURRENCY=1 and 16 parallel correct sign-ins: 200/303 or 503 Retry-After: 1', async () => {
  const s = await startServer({ env: { LATCHKEY_HASH_CONCURRENCY: '1', LATCHKEY_API_PROCS: '4', LATCHKEY_WEB_PROCS: '4' } });
  try {
    const browsers = await Promise.all(Array.from({ length: 4 }, async () => {
      const d = dashboardAt(s.base, ip());
      await d.get('/login');
      return d;
    }));
    const res = await Promise.all([
      ...Array.from({ length: 12 }, () => from(ip(), () => apiLogin(s, ADMIN.email, ADMIN.password))),
      ...browsers.map((d) => d.post('/login', { email: ADMIN.email, password: ADMIN.password })),
    ]);
    const st = res.map((r) => r.status);
    const busy = res.filter((r) => r.status === 503);
    assert.ok(st.slice(0, 12).every((x) => x === 200 || x === 503), `API: ${st.slice(0, 12)}`);
    assert.ok(st.slice(12).every((x) => x === 303 || x === 503), `form: ${st.slice(12)}`);
    assert.ok(busy.length > 0, `some sign-ins are refused while a hash runs: ${st.join(' ')}`);
    assert.ok(busy.length < 16, 'some get through');
    for (const r of busy) {
      assert.equal(r.headers['retry-after'], '1', 'Retry-After: 1');
      assert.equal(r.cookies.some((c) => c.name === '__Host-latchkey_session' && c.value), false);
    }
    for (const r of res.slice(0, 12).filter((x) => x.status === 503)) {
      assert.match(r.headers['content-type'], /^application\/json/);
      assert.equal(r.json.code, 503);
      assert.equal('access_token' in r.json, false);
    }
    // Nothing was counted as a failed password.
    assert.equal((await from(ip(), () => apiLogin(s, ADMIN.email, ADMIN.password))).status, 200);
  } finally {
    await s.stop();
  }
});
