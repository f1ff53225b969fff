// Rate limits that hold across FastCGI processes: exact counts under
// concurrent load, the X-RateLimit-* headers, Retry-After, the window
// boundary, per-key overrides, and the per-IP throttle on failed client
// authentication at /oauth/token.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startServer, ADMIN } from './lib/server.mjs';
import { request, json, Dashboard } from './lib/http.mjs';
import { createKeyViaForm } from './lib/keys.mjs';

const WINDOW = 6;
let srv;
let key;
before(async () => {
  srv = await startServer({ env: {
    LATCHKEY_API_PROCS: '4',
    LATCHKEY_VERIFY_PROCS: '4',
    LATCHKEY_RATELIMIT_APIKEY: '30',
    LATCHKEY_RATELIMIT_JWT: '7',
    LATCHKEY_RATELIMIT_WINDOW: String(WINDOW),
  } });
  const d = new Dashboard(srv.base);
  await d.login(ADMIN.email, ADMIN.password);
  key = await createKeyViaForm(d, { name: 'limited' });
});
after(async () => { if (srv) await srv.stop(); });

const verify = (headers) => request(srv.base, 'GET', '/v1/auth/verify', { headers });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Sleeps until just after the next window boundary: a fresh count with
// the whole window ahead.
async function freshWindow() {
  const now = Date.now() / 1000;
  await sleep(((Math.floor(now / WINDOW) + 1) * WINDOW - now) * 1000 + 100);
}

test('exactly the limit is accepted under concurrent load across 4 processes', async () => {
  await freshWindow();
  const res = await Promise.all(Array.from({ length: 90 }, () => verify({ 'X-API-Key': key.secret })));
  const ok = res.filter((r) => r.status === 200);
  const limited = res.filter((r) => r.status === 429);
  assert.equal(ok.length, 30);
  assert.equal(limited.length, 60);
  // Remaining counts down through every value exactly once.
  assert.deepEqual(ok.map((r) => Number(r.headers['x-ratelimit-remaining'])).sort((a, b) => a - b),
    Array.from({ length: 30 }, (_, i) => i));
  const reset = Number(ok[0].headers['x-ratelimit-reset']);
  assert.equal(reset % WINDOW, 0);
  assert.ok(reset > Date.now() / 1000 && reset <= Date.now() / 1000 + WINDOW);
  for (const r of [...ok, ...limited]) {
    assert.equal(r.headers['x-ratelimit-limit'], '30');
    assert.equal(r.headers['x-ratelimit-reset'], String(reset));
  }
  const b = json(limited[0]);
  assert.equal(b.error, 'rate_limit_exceeded');
  assert.equal(b.code, 429);
  assert.equal(limited[0].headers['x-ratelimit-remaining'], '0');
  const ra = Number(limited[0].headers['retry-after']);
  assert.ok(ra >= 1 && ra <= WINDOW, `Retry-After ${ra}`);

  // At the window boundary the count starts again.
  await sleep((reset - Date.now() / 1000) * 1000 + 150);
  const again = await verify({ 'X-API-Key': key.secret });
  assert.equal(again.status, 200);
  assert.equal(again.headers['x-ratelimit-remaining'], '29');
});

test('a 401 carries no rate-limit headers and counts against nothing', async () => {
  const res = await verify({ 'X-API-Key': 'sk_test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA0z02M8' });
  assert.equal(res.status, 401);
  assert.equal(res.headers['x-ratelimit-limit'], undefined);
});

test('login JWTs have their own limit, counted per sign-in', async () => {
  await freshWindow();
  const login = json(await request(srv.base, 'POST', '/v1/auth/login', {
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }) }));
  const h = { Authorization: `Bearer ${login.access_token}` };
  const res = await Promise.all(Array.from({ length: 12 }, () => verify(h)));
  assert.equal(res.filter((r) => r.status === 200).length, 7);
  assert.equal(res[0].headers['x-ratelimit-limit'], '7');
  // Refreshing is the same sign-in: no fresh count.
  const r2 = json(await request(srv.base, 'POST', '/v1/auth/refresh', {
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ refresh_token: login.refresh_token }) }));
  const after = await verify({ Authorization: `Bearer ${r2.access_token}` });
  if (Number(after.headers['x-ratelimit-reset']) === Number(res[0].headers['x-ratelimit-reset'])) {
    assert.equal(after.status, 429);
  }
});

test('an admin override changes one key\'s limit', async () => {
  const cli = srv.cli(['keys', 'limit', key.id, '3']);
  assert.equal(cli.status, 0, cli.stderr);
  await freshWindow();
  const res = await Promise.all(Array.from({ length: 8 }, () => verify({ 'X-API-Key': key.secret })));
  assert.equal(res.filter((r) => r.status === 200).length, 3);
  assert.equal(res[0].headers['x-ratelimit-limit'], '3');
  assert.equal(srv.cli(['keys', 'limit', key.id, 'default']).status, 0);
  assert.equal(srv.cli(['keys', 'limit', key.id, '0']).status, 2);
  assert.equal(srv.cli(['keys', 'limit', 'key_nope', '5']).status, 1);
  assert.match(srv.sql(`SELECT detail FROM audit_log WHERE action = 'key.limit' AND target = '${key.id}'`), /3/);
});

test('/oauth/token: 20 failed client authentications per client and address, then 429', async () => {
  const s2 = await startServer();
  try {
    const bad = (id = 'app_AAAAAAAAAAAAAAAA') => request(s2.base, 'POST', '/oauth/token', {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from(`${id}:cs_wrong`).toString('base64')}` },
      body: 'grant_type=client_credentials' });
    for (let i = 0; i < 20; i++) {
      const r = await bad();
      assert.equal(r.status, 401);
      assert.equal(json(r).error, 'invalid_client');
    }
    const r = await bad();
    assert.equal(r.status, 429);
    assert.deepEqual(json(r), { error: 'invalid_client', error_description: 'too many failed attempts' });
    assert.ok(Number(r.headers['retry-after']) > 0);
    // SPEC 8.10: another client from the same address is not locked out.
    const other = await bad('app_BBBBBBBBBBBBBBBB');
    assert.equal(other.status, 401);
  } finally {
    await s2.stop();
  }
});

test('counts live in one bounded file next to the database', () => {
  const st = fs.statSync(`${srv.varDir}/latchkey.db-ratelimit`);
  assert.equal(st.mode & 0o777, 0o600);
  assert.ok(st.size < 16 * 1024 * 1024, `${st.size} bytes`);
  // No counter row ever reaches the database.
  assert.equal(srv.sql("SELECT count(*) FROM sqlite_master WHERE sql LIKE '%ratelimit%count%'").trim(), '0');
});
