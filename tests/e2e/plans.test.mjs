// Plans, tiers, quotas and usage (SPEC §9) through the real server, with
// six verify processes racing: exact limits per second, hour and month,
// cost=N, the 429 codes and headers, tier and quota in the verify body and
// the tier claim, usage per key and day that survives a restart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt } from 'jose';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startServer, ADMIN, BIN } from './lib/server.mjs';
import { request } from './lib/http.mjs';
import {
  createKeyViaForm, signedIn, addUser, api, verify, assertError, count, nonceFrom, createFields,
  secretFrom, unescapeHtml,
} from './lib/keys.mjs';

const WINDOW = 6; // the "hour" window, shortened for the test
const ENV = {
  LATCHKEY_API_PROCS: '2',
  LATCHKEY_VERIFY_PROCS: '6',
  LATCHKEY_RATELIMIT_WINDOW: String(WINDOW),
};
let srv;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const cli = (...args) => srv.cli(args);
const ok = (r) => { assert.equal(r.status, 0, `${r.stdout} ${r.stderr}`); return r; };
const loginJwt = async (email, password) => (await api(srv, 'POST', '/v1/auth/login',
  { body: { email, password } })).json.access_token;
const newKey = (jwt, fields) => api(srv, 'POST', '/v1/keys',
  { bearer: jwt, body: { name: 'k', environment: 'test', permissions: ['read', 'admin'], ...fields } });
const all = (n, fn) => Promise.all(Array.from({ length: n }, (_, i) => fn(i)));
const utcDay = () => new Date().toISOString().slice(0, 10);

// Just after the next boundary of a window of w seconds.
async function fresh(w) {
  const now = Date.now() / 1000;
  await sleep(((Math.floor(now / w) + 1) * w - now) * 1000 + 120);
}

// A user on a plan, signed in through the API: {email, password, id, jwt}.
async function customer(email, plan) {
  const u = addUser(srv, email);
  if (plan) ok(cli('user', 'plan', email, plan));
  u.jwt = await loginJwt(u.email, u.password);
  return u;
}

before(async () => {
  srv = await startServer({ env: ENV });
  ok(cli('plan', 'add', 'lite', '--display-name', 'Lite', '--rank', '10', '--per-second', '5',
    '--per-hour', '20', '--per-month', '10000'));
  ok(cli('plan', 'add', 'standard', '--display-name', 'Standard', '--rank', '20',
    '--per-hour', '500', '--per-month', '25'));
  ok(cli('plan', 'add', 'professional', '--display-name', 'Professional', '--rank', '30',
    '--per-second', '100', '--per-hour', '100000'));
});
after(async () => { if (srv) await srv.stop(); });

test('latchkey plan: add, set, list, remove, with refusals and audit rows', () => {
  const list = ok(cli('plan', 'list')).stdout.split('\n');
  assert.equal(list[0], 'name\tdisplay_name\trank\tper_second\tper_hour\tper_month\taccounts\tkeys');
  assert.ok(list.includes('lite\tLite\t10\t5\t20\t10000\t0\t0'), list.join('\n'));
  assert.ok(list.includes('standard\tStandard\t20\t-\t500\t25\t0\t0'), list.join('\n'));
  // Duplicate, bad names and values are refused, nothing changed.
  assert.equal(cli('plan', 'add', 'lite').status, 1);
  for (const bad of [['plan', 'add', 'Big'], ['plan', 'add', 'x'.repeat(33)], ['plan', 'add', 'a b'],
    ['plan', 'add', 'ok', '--per-hour', '0'], ['plan', 'add', 'ok', '--per-hour', '-3'],
    ['plan', 'add', 'ok', '--rank'], ['plan', 'add', 'ok', '--frob', '1'],
    ['plan', 'add', 'ok', '--per-month', '2000000001']]) {
    assert.equal(cli(...bad).status, 2, bad.join(' '));
  }
  assert.equal(count(srv, "SELECT count(*) FROM plans WHERE name = 'ok'"), 0);
  ok(cli('plan', 'add', 'temp', '--per-hour', '7'));
  ok(cli('plan', 'set', 'temp', '--per-hour', 'none', '--rank', '-2', '--display-name', 'Temporary'));
  assert.equal(srv.sql("SELECT display_name, rank, quote(per_hour) FROM plans WHERE name = 'temp'").trim(),
    'Temporary|-2|NULL');
  assert.equal(cli('plan', 'set', 'nope', '--rank', '1').status, 1);
  // Refused while an account uses it; then removed.
  addUser(srv, 'plan-temp@example.com');
  ok(cli('user', 'plan', 'plan-temp@example.com', 'temp'));
  const busy = cli('plan', 'remove', 'temp');
  assert.equal(busy.status, 1);
  assert.match(busy.stderr, /in use/);
  ok(cli('user', 'plan', 'plan-temp@example.com', 'none'));
  ok(cli('plan', 'remove', 'temp'));
  assert.equal(cli('plan', 'remove', 'temp').status, 1);
  assert.equal(cli('user', 'plan', 'plan-temp@example.com', 'nope').status, 1);
  assert.equal(cli('user', 'plan', 'nobody@example.com', 'lite').status, 1);
  assert.equal(count(srv, "SELECT count(*) FROM audit_log WHERE action LIKE 'plan.%' AND target = 'temp'"), 3);
  assert.equal(count(srv, "SELECT count(*) FROM audit_log WHERE action = 'user.plan'"), 2);
});

test('tier on key creation: the account\'s plan by default, lower ranks allowed, never above', async () => {
  const u = await customer('tier-api@example.com', 'standard');
  const def = await newKey(u.jwt, {});
  assert.equal(def.status, 201, def.body);
  assert.equal(def.json.tier, 'standard');
  const low = await newKey(u.jwt, { tier: 'lite' });
  assert.equal(low.status, 201);
  assert.equal(low.json.tier, 'lite');
  const before = count(srv, `SELECT count(*) FROM api_keys WHERE user_id = '${u.id}'`);
  const high = await newKey(u.jwt, { tier: 'professional' });
  assertError(high, 403, 'forbidden');
  assert.match(high.json.message, /tier/);
  const unknown = await newKey(u.jwt, { tier: 'gold' });
  assertError(unknown, 400, 'invalid_request');
  assert.match(unknown.json.message, /tier/);
  assertError(await newKey(u.jwt, { tier: 'BAD NAME' }), 400, 'invalid_request');
  assertError(await newKey(u.jwt, { tier: 5 }), 400, 'invalid_request');
  assert.equal(count(srv, `SELECT count(*) FROM api_keys WHERE user_id = '${u.id}'`), before);
  // The key object carries it; a roll keeps it; a later plan change doesn't move it.
  const got = await api(srv, 'GET', `/v1/keys/${low.json.id}`, { bearer: u.jwt });
  assert.equal(got.json.tier, 'lite');
  const rolled = await api(srv, 'POST', `/v1/keys/${low.json.id}/roll`, { bearer: u.jwt, body: { grace_seconds: 0 } });
  assert.equal(rolled.status, 201);
  assert.equal(rolled.json.tier, 'lite');
  ok(cli('user', 'plan', u.email, 'professional'));
  assert.equal((await api(srv, 'GET', `/v1/keys/${def.json.id}`, { bearer: u.jwt })).json.tier, 'standard');
  // An account without a plan: no tier by default, none may be chosen.
  const none = await customer('tier-none@example.com');
  const plain = await newKey(none.jwt, {});
  assert.equal(plain.status, 201);
  assert.equal(plain.json.tier, null);
  assertError(await newKey(none.jwt, { tier: 'lite' }), 403, 'forbidden');
  // An admin sets any tier, or none.
  ok(cli('keys', 'tier', plain.json.id, 'professional'));
  assert.equal((await api(srv, 'GET', `/v1/keys/${plain.json.id}`, { bearer: none.jwt })).json.tier, 'professional');
  ok(cli('keys', 'tier', plain.json.id, 'none'));
  assert.equal(cli('keys', 'tier', plain.json.id, 'gold').status, 1);
  assert.equal(cli('keys', 'tier', 'key_AAAAAAAAAAAAAAAA', 'lite').status, 1);
  assert.equal(count(srv, `SELECT count(*) FROM audit_log WHERE action = 'key.tier' AND target = '${plain.json.id}'`), 2);
});

test('tier on the dashboard form: a select up to the plan; above it, an error at the field', async () => {
  const u = addUser(srv, 'tier-form@example.com');
  const d0 = await signedIn(srv.base, u.email, u.password);
  assert.doesNotMatch((await d0.get('/settings/api-keys/new')).body, /name="tier"/);
  // No plan: a tier posted anyway is refused, and the page says why.
  const bare = await d0.post('/settings/api-keys', createFields({ name: 'no-plan', permissions: ['read'],
    tier: 'lite' }, nonceFrom((await d0.get('/settings/api-keys/new')).body)));
  assert.equal(bare.status, 400);
  assert.match(bare.body, /<div class="alert" role="alert" id="tier-error">A key(&#39;|')s tier can(&#39;|')t be above your plan\. Your account has no plan/);
  assert.equal(count(srv, "SELECT count(*) FROM api_keys WHERE name = 'no-plan'"), 0);
  ok(cli('user', 'plan', u.email, 'standard'));
  const page = (await d0.get('/settings/api-keys/new')).body;
  assert.match(page, /<select id="tier" name="tier"/);
  assert.match(page, /<option value="standard" selected>Standard \(500\/h, 25\/month\)<\/option>/);
  assert.match(page, /<option value="lite">Lite/);
  assert.doesNotMatch(page, /value="professional"/);
  const k = await createKeyViaForm(d0, { name: 'form-lite', tier: 'lite' });
  assert.equal(srv.sql(`SELECT tier FROM api_keys WHERE id = '${k.id}'`).trim(), 'lite');
  const again = (await d0.get('/settings/api-keys/new')).body;
  const res = await d0.post('/settings/api-keys', createFields({ name: 'form-pro', permissions: ['read'],
    tier: 'professional' }, nonceFrom(again)));
  assert.equal(res.status, 400);
  assert.match(res.body, /<p class="field-error" id="tier-error">A key&#39;s tier can&#39;t be above your plan.<\/p>|id="tier-error">A key's tier/);
  assert.equal(secretFrom(res.body), null);
  assert.equal(count(srv, "SELECT count(*) FROM api_keys WHERE name = 'form-pro'"), 0);
});

// Groups responses by the window their X-RateLimit-Reset names.
function byWindow(res) {
  const g = new Map();
  for (const r of res) {
    const k = r.headers['x-ratelimit-reset'];
    if (!g.has(k)) g.set(k, { ok: 0, limited: 0 });
    if (r.status === 200) g.get(k).ok++; else g.get(k).limited++;
  }
  return g;
}

test('per-second limit of a tier: exact across 6 processes, 429 rate_limit_exceeded', async () => {
  const u = await customer('tier-second@example.com', 'lite');
  const key = (await newKey(u.jwt, {})).json.key;
  await fresh(1);
  const res = await all(30, () => verify(srv, key));
  assert.ok(res.every((r) => r.status === 200 || r.status === 429), res.map((r) => r.status).join());
  const g = byWindow(res);
  for (const [reset, n] of g) {
    assert.ok(n.ok <= 5, `window ${reset}: ${n.ok}`);
    if (n.limited > 0) assert.equal(n.ok, 5, `window ${reset} refused before its limit`);
  }
  const lim = res.find((r) => r.status === 429);
  assert.ok(lim, 'some were refused');
  assertError({ ...lim, json: JSON.parse(lim.body) }, 429, 'rate_limit_exceeded');
  assert.equal(lim.headers['x-ratelimit-limit'], '5');
  assert.equal(lim.headers['x-ratelimit-remaining'], '0');
  assert.equal(lim.headers['retry-after'], '1');
  assert.match(lim.headers['ratelimit-policy'], /^"second";q=5;w=1, "hour";q=20;w=6, "month";q=10000;w=2592000$/);
  assert.match(lim.headers.ratelimit, /^"second";r=0;t=1, "hour";r=\d+;t=\d, "month";r=\d+;t=\d+$/);
});

test('per-hour limit of a tier: exactly the limit, the tightest window in X-RateLimit-*', async () => {
  const u = await customer('tier-hour@example.com', 'standard');
  const key = (await newKey(u.jwt, { tier: 'lite' })).json.key; // 5/s, 20 per window
  await fresh(WINDOW);
  let okN = 0;
  for (let s = 0; s < 5 && okN < 20; s++) {
    const res = await all(8, () => verify(srv, key));
    okN += res.filter((r) => r.status === 200).length;
    await sleep(1000);
  }
  // 5 a second over 4 s reach 20; whatever remains of the window is refused.
  const more = await all(6, () => verify(srv, key));
  if (Math.floor(Date.now() / 1000 / WINDOW) === Math.floor((Date.now() / 1000 - 5) / WINDOW)) {
    assert.equal(okN, 20);
    assert.ok(more.every((r) => r.status === 429));
    assert.equal(more[0].headers['x-ratelimit-limit'], '20');
    assert.equal(JSON.parse(more[0].body).error, 'rate_limit_exceeded');
    assert.match(JSON.parse(more[0].body).message, /hour/);
  }
});

test('monthly quota: exact across processes and credentials, quota_exceeded, refused charge nothing', async () => {
  const u = await customer('quota@example.com', 'standard'); // 25 a month, 500 an hour
  const k1 = (await newKey(u.jwt, {})).json;
  const k2 = (await newKey(u.jwt, {})).json;
  const first = await verify(srv, k1.key);
  assert.equal(first.status, 200);
  assert.equal(first.json.tier, 'standard');
  const reset = first.json.quota.reset;
  assert.deepEqual(first.json.quota, { limit: 25, remaining: 24, reset });
  const now = new Date();
  assert.equal(reset, new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString()
    .replace('.000Z', 'Z'));
  // The quota is the tightest window: X-RateLimit-* describe it.
  assert.equal(first.headers['x-ratelimit-limit'], '25');
  assert.equal(first.headers['x-ratelimit-remaining'], '24');
  assert.equal(first.headers['x-ratelimit-reset'], String(Date.parse(reset) / 1000));
  assert.equal(first.headers['ratelimit-policy'], `"hour";q=500;w=${WINDOW}, "month";q=25;w=2592000`);
  const res = await all(60, (i) => (i === 7 ? api(srv, 'GET', '/v1/auth/verify', { bearer: u.jwt })
    : verify(srv, i % 2 ? k1.key : k2.key)));
  const good = res.filter((r) => r.status === 200);
  const over = res.filter((r) => r.status === 429);
  assert.equal(good.length, 24);
  assert.equal(over.length, 36);
  assert.deepEqual(good.map((r) => r.json.quota.remaining).sort((a, b) => a - b),
    Array.from({ length: 24 }, (_, i) => i));
  for (const r of over) {
    assertError(r, 429, 'quota_exceeded');
    const ra = Number(r.headers['retry-after']);
    assert.ok(Math.abs(ra - (Date.parse(reset) / 1000 - Date.now() / 1000)) < 5, `Retry-After ${ra}`);
    assert.equal(r.headers['x-ratelimit-remaining'], '0');
  }
  // Key management and usage never count against the quota nor are refused by it.
  assert.equal((await api(srv, 'GET', '/v1/keys', { key: k1.key })).status, 200);
  const created = await newKey(u.jwt, { name: 'after-quota' });
  assert.equal(created.status, 201);
  const usage = await api(srv, 'GET', '/v1/usage', { key: k2.key });
  assert.equal(usage.status, 200);
  assert.deepEqual(usage.json, { month: now.toISOString().slice(0, 7), used: 25, quota: 25, plan: 'standard' });
  // A higher quota lets the account go on, from the same count.
  ok(cli('plan', 'set', 'standard', '--per-month', '27'));
  const more = await verify(srv, k1.key);
  assert.equal(more.status, 200);
  assert.equal(more.json.quota.remaining, 1);
  ok(cli('plan', 'set', 'standard', '--per-month', '25'));
});

test('cost=N charges every window; a cost beyond what is left is refused and charges nothing', async () => {
  ok(cli('plan', 'add', 'tiny', '--rank', '1', '--per-month', '10'));
  const u = await customer('cost@example.com', 'tiny');
  const key = (await newKey(u.jwt, {})).json.key;
  for (const bad of ['0', '1001', 'abc', '-1', '1.5', '', '1&cost=1']) {
    const r = await verify(srv, key, `?cost=${bad}`);
    assertError(r, 400, 'invalid_request');
    assert.equal(r.headers['x-ratelimit-remaining'], '10', 'a bad cost charges nothing, and says so');
  }
  const a = await verify(srv, key, '?cost=4');
  assert.equal(a.status, 200);
  assert.equal(a.json.quota.remaining, 6);
  assert.equal(a.headers['x-ratelimit-remaining'], '6');
  assert.equal((await verify(srv, key, '?cost=4')).json.quota.remaining, 2);
  const c = await verify(srv, key, '?cost=4');
  assertError(c, 429, 'quota_exceeded');
  assert.equal(c.headers['x-ratelimit-remaining'], '2');
  const d = await verify(srv, key, '?cost=2&scope=read');
  assert.equal(d.status, 200);
  assert.equal(d.json.quota.remaining, 0);
  assert.equal((await api(srv, 'GET', '/v1/usage', { key })).json.used, 10);
  // The hour window counted the costs too (default 1000 for a key without tier limits).
  assert.match(d.headers.ratelimit, /^"hour";r=990;t=\d+, "month";r=0;t=\d+$/);
});

test('keys without a tier keep today\'s limit; no quota without a plan; verify says tier null', async () => {
  const u = await customer('notier@example.com');
  const k = (await newKey(u.jwt, {})).json;
  const r = await verify(srv, k.key);
  assert.equal(r.status, 200);
  assert.equal(r.json.tier, null);
  assert.equal(r.json.quota, undefined);
  assert.equal(r.headers['x-ratelimit-limit'], '1000');
  assert.equal(r.headers['ratelimit-policy'], `"hour";q=1000;w=${WINDOW}`);
  assert.match(r.headers.ratelimit, /^"hour";r=999;t=\d+$/);
  const list = await api(srv, 'GET', '/v1/keys', { key: k.key });
  assert.equal(list.headers['ratelimit-policy'], `"hour";q=1000;w=${WINDOW}`);
  assert.deepEqual((await api(srv, 'GET', '/v1/usage', { key: k.key })).json,
    { month: new Date().toISOString().slice(0, 7), used: 1, quota: null, plan: null });
});

test('an introspection of an account\'s active credential counts against its quota', async () => {
  ok(cli('plan', 'add', 'tiny3', '--rank', '1', '--per-month', '3'));
  const u = await customer('introspect@example.com', 'tiny3');
  const k = (await newKey(u.jwt, {})).json;
  const d = await signedIn(srv.base, ADMIN.email, ADMIN.password);
  const admin = await createKeyViaForm(d, { name: 'introspector', permissions: ['read', 'admin'] });
  const introspect = (token) => request(srv.base, 'POST', '/oauth/introspect', {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-API-Key': admin.secret },
    body: new URLSearchParams({ token }).toString() });
  for (let i = 0; i < 2; i++) {
    const r = await introspect(k.key);
    assert.equal(r.status, 200, r.body);
    assert.equal(JSON.parse(r.body).active, true);
  }
  // Unknown credentials are inactive and charge nothing.
  assert.deepEqual(JSON.parse((await introspect('sk_test_nope')).body), { active: false });
  assert.equal((await verify(srv, k.key)).json.quota.remaining, 0);
  const over = await introspect(k.key);
  assert.equal(over.status, 429);
  assert.equal(JSON.parse(over.body).error, 'quota_exceeded');
  assert.ok(Number(over.headers['retry-after']) > 0);
  assertError(await verify(srv, k.key), 429, 'quota_exceeded');
  assert.equal((await api(srv, 'GET', '/v1/usage', { key: k.key })).json.used, 3);
});

test('login JWTs carry the tier claim; verify reports the account\'s plan for them', async () => {
  const u = await customer('claim@example.com', 'professional');
  assert.equal(decodeJwt(u.jwt).tier, 'professional');
  const v = await api(srv, 'GET', '/v1/auth/verify', { bearer: u.jwt });
  assert.equal(v.status, 200);
  assert.equal(v.json.tier, 'professional');
  assert.equal(v.json.quota, undefined);
  const n = await customer('claim-none@example.com');
  assert.equal(decodeJwt(n.jwt).tier, undefined);
  assert.equal((await api(srv, 'GET', '/v1/auth/verify', { bearer: n.jwt })).json.tier, null);
});

test('usage per key and day: exact across processes, each outcome, and after a restart', async () => {
  ok(cli('plan', 'add', 'metered', '--rank', '5', '--per-second', '1000', '--per-month', '50'));
  const u = await customer('usage@example.com', 'metered');
  const reader = (await newKey(u.jwt, { permissions: ['read'] })).json;
  const other = (await newKey(u.jwt, {})).json;
  const N = 40;
  const res = await all(N, (i) => verify(srv, reader.key, i % 4 === 0 ? '?scope=admin' : ''));
  assert.equal(res.filter((r) => r.status === 200).length, 30);
  assert.equal(res.filter((r) => r.status === 403).length, 10);
  // 10 more charges reach the quota (50); then refusals.
  await all(10, () => verify(srv, other.key));
  const over = await all(7, () => verify(srv, reader.key));
  assert.ok(over.every((r) => r.status === 429 && r.json.error === 'quota_exceeded'));
  // Not a verification: not counted.
  await api(srv, 'GET', '/v1/keys', { key: reader.key });
  await verify(srv, reader.key, '?cost=0');
  const expect = { date: utcDay(), ok: 30, insufficient_scope: 10, rate_limited: 0, quota_exceeded: 7 };
  const live = await api(srv, 'GET', `/v1/keys/${reader.id}/usage`, { key: reader.key });
  assert.equal(live.status, 200);
  assert.equal(live.json.data.length, 30);
  assert.deepEqual(live.json.data.at(-1), expect);
  assert.equal(live.json.data[0].date, new Date(Date.now() - 29 * 86400000).toISOString().slice(0, 10));
  const week = await api(srv, 'GET', `/v1/keys/${reader.id}/usage?days=7`, { key: reader.key });
  assert.equal(week.json.data.length, 7);
  for (const bad of ['0', '91', 'x', '7&days=7']) {
    assertError(await api(srv, 'GET', `/v1/keys/${reader.id}/usage?days=${bad}`, { key: reader.key }),
      400, 'invalid_request');
  }
  const stranger = await customer('usage-stranger@example.com');
  assertError(await api(srv, 'GET', `/v1/keys/${reader.id}/usage`, { bearer: stranger.jwt }), 404, 'not_found');
  // Not written yet (no flush in this minute, most likely), then the stop writes it all.
  const varDir = srv.varDir;
  await srv.stop({ keepVar: true });
  srv = await startServer({ env: ENV, varDir });
  assert.equal(srv.sql(`SELECT ok, insufficient_scope, rate_limited, quota_exceeded FROM key_usage
    WHERE key_id = '${reader.id}'`).trim(), '30|10|0|7');
  const after = await api(srv, 'GET', `/v1/keys/${reader.id}/usage`, { key: reader.key });
  assert.deepEqual(after.json.data.at(-1), expect);
  assert.deepEqual((await api(srv, 'GET', `/v1/keys/${other.id}/usage?days=1`, { key: other.key })).json.data,
    [{ date: utcDay(), ok: 10, insufficient_scope: 0, rate_limited: 0, quota_exceeded: 0 }]);
  // The month's count survived too: still over the quota.
  assertError(await verify(srv, other.key), 429, 'quota_exceeded');
  assert.equal((await api(srv, 'GET', '/v1/usage', { key: other.key })).json.used, 50);
});

test('rate-limited verifications are counted; latchkey usage flush writes them', async () => {
  const u = await customer('usage-rate@example.com', 'lite'); // 5 a second
  const k = (await newKey(u.jwt, {})).json;
  await fresh(1);
  const res = await all(12, () => verify(srv, k.key));
  const limited = res.filter((r) => r.status === 429).length;
  assert.ok(limited > 0);
  ok(cli('usage', 'flush'));
  assert.equal(srv.sql(`SELECT ok + rate_limited, rate_limited FROM key_usage WHERE key_id = '${k.id}'`).trim(),
    `12|${limited}`);
});

test('LATCHKEY_DEFAULT_PLAN gives new accounts a plan; an unknown one none', () => {
  const env = { ...process.env, LATCHKEY_DB: `${srv.varDir}/latchkey.db`, LATCHKEY_SECRETS: `${srv.varDir}/secrets` };
  const add = (email, plan) => execFileSync(path.join(BIN, 'latchkey'), ['user', 'add', email, '--password-stdin'],
    { env: { ...env, LATCHKEY_DEFAULT_PLAN: plan }, input: 'default plan passphrase 3\n' });
  add('default-plan@example.com', 'lite');
  assert.equal(srv.sql("SELECT plan FROM users WHERE email = 'default-plan@example.com'").trim(), 'lite');
  add('default-none@example.com', 'gold');
  assert.equal(srv.sql("SELECT quote(plan) FROM users WHERE email = 'default-none@example.com'").trim(), 'NULL');
});

test('latchkey purge drops usage older than 400 days, keeps the rest', () => {
  const day = Math.floor(Date.now() / 86400000);
  execFileSync('sqlite3', ['-cmd', '.timeout 5000', `${srv.varDir}/latchkey.db`,
    `INSERT INTO key_usage (key_id, user_id, day, ok) VALUES ('key_old', 'usr_x', ${day - 401}, 1),
     ('key_old', 'usr_x', ${day - 399}, 2)`]);
  ok(cli('purge'));
  assert.equal(srv.sql("SELECT group_concat(ok) FROM key_usage WHERE key_id = 'key_old'").trim(), '2');
});
