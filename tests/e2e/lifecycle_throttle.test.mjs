// SPEC §8.8 (guessing passwords: the three counters, device cookies, the
// password-change form, concurrent guesses), §8.9's caps on successful
// sign-ins, §8.10 (client authentication throttling per client and address),
// ATTACKS 49, 50, 60, 61. Every case uses fresh 127.x.y.z addresses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, ADMIN } from './lib/server.mjs';
import { addUser } from './lib/keys.mjs';
import { registerApp, token } from './lib/oauth.mjs';
import { from, addresses, dashboardAt, signInAt, apiLogin, num, one, pool, sleep } from './lib/lifecycle.mjs';

const DEVICE = '__Host-latchkey_device';
const PW = 'throttle passphrase 88';
const WRONG = 'not the passphrase 00';
const ip = addresses(70);

let srv;
before(async () => {
  srv = await startServer({ env: { LATCHKEY_WEB_PROCS: '4', LATCHKEY_API_PROCS: '4',
    LATCHKEY_HASH_CONCURRENCY: '16' } });
});
after(async () => { if (srv) await srv.stop(); });

// One sign-in attempt through the form from addr, as a fresh browser
// (optionally holding a device cookie) -> the POST's response.
async function formAttempt(addr, email, password, device) {
  const d = dashboardAt(srv.base, addr);
  if (device) d.jar.set(DEVICE, device);
  await d.get('/login');
  const res = await d.post('/login', { email, password });
  res.dashboard = d;
  return res;
}

const apiAttempt = (addr, email, password) => from(addr, () => apiLogin(srv, email, password));
const deviceCookie = (res) => res.cookies.filter((c) => c.name === DEVICE).at(-1);
const audits = (action, id) => num(srv, `SELECT count(*) FROM audit_log WHERE action = '${action}' AND target = '${id}'`);

function throttledPage(res, what) {
  assert.equal(res.status, 429, `${what}: ${res.status} ${res.body.slice(0, 200)}`);
  assert.match(res.headers['content-type'], /^text\/html/, what);
  const ra = Number(res.headers['retry-after']);
  assert.ok(ra > 0 && ra <= 900, `${what}: Retry-After ${res.headers['retry-after']}`);
  assert.equal(res.cookies.some((c) => c.name === '__Host-latchkey_session' && c.value), false, `${what}: no session`);
}

function throttledApi(res, what) {
  assert.equal(res.status, 429, `${what}: ${res.status} ${res.body}`);
  assert.equal(res.json.error, 'rate_limit_exceeded', what);
  assert.ok(Number(res.headers['retry-after']) > 0, `${what}: Retry-After`);
  assert.equal('access_token' in res.json, false);
}

// Fixed one-minute windows would let a burst that straddles a boundary
// through twice: start a burst only with `need` seconds of the minute left.
async function earlyInAMinute(need) {
  const s = (Date.now() / 1000) % 60;
  if (60 - s < need) await sleep((60 - s) * 1000 + 500);
}

// §8.8: the device cookie.
test('§8.8: a successful sign-in sets __Host-latchkey_device (HttpOnly, Secure, SameSite=Strict, 1 year)', async () => {
  const u = addUser(srv, 'device@example.com', PW);
  const res = await formAttempt(ip(), u.email, PW);
  assert.equal(res.status, 303);
  const c = deviceCookie(res);
  assert.ok(c, `Set-Cookie ${DEVICE} in ${JSON.stringify(res.headers['set-cookie'])}`);
  assert.ok(c.value.length >= 32, 'a signed value');
  assert.ok(!c.value.includes(PW) && !c.value.includes(u.email), 'no secret in it');
  assert.equal(c.attrs.httponly, true, c.line);
  assert.equal(c.attrs.secure, true, c.line);
  assert.equal(c.attrs.samesite, 'Strict', c.line);
  assert.equal(c.attrs.path, '/', c.line);
  assert.equal(c.attrs['max-age'], '31536000', c.line);
  assert.equal(c.attrs.domain, undefined, '__Host- cookies have no Domain');
  const bad = await formAttempt(ip(), u.email, WRONG);
  assert.equal(bad.status, 401);
  assert.equal(deviceCookie(bad), undefined, 'no device cookie for a failed sign-in');
});

// §8.8, ATTACKS 49: the password-change form is a password check too.
test('§8.8 / ATTACKS 49: six wrong current passwords: the sixth is 429, six audit entries', async () => {
  const u = addUser(srv, 'changer@example.com', PW);
  const d = await signInAt(srv.base, ip(), u.email, PW);
  await d.get('/settings/security');
  const hash = one(srv, `SELECT password_hash FROM users WHERE id = '${u.id}'`);
  for (let i = 1; i <= 5; i++) {
    const r = await d.post('/settings/security/password', { current_password: `${WRONG}${i}`, new_password: 'new throttle passphrase 1' });
    assert.equal(r.status, 400, `attempt ${i}: ${r.status}`);
    assert.match(r.body, /id="current_password-error">That isn(&#39;|')t your current password\.</);
  }
  const sixth = await d.post('/settings/security/password', { current_password: `${WRONG}6`, new_password: 'new throttle passphrase 1' });
  throttledPage(sixth, 'sixth wrong current password');
  const actions = srv.sql(`SELECT action FROM audit_log WHERE (actor_id = '${u.id}' OR target = '${u.id}') `
    + "AND action LIKE 'password.%' ORDER BY id").trim().split('\n');
  assert.deepEqual(actions, ['password.failure', 'password.failure', 'password.failure', 'password.failure',
    'password.failure', 'password.throttled']);
  // Throttled means throttled: the right current password too, and nothing changes.
  const right = await d.post('/settings/security/password', { current_password: PW, new_password: 'new throttle passphrase 1' });
  throttledPage(right, 'right current password while throttled');
  assert.equal(one(srv, `SELECT password_hash FROM users WHERE id = '${u.id}'`), hash, 'password unchanged');
  assert.equal((await d.get('/settings/security')).status, 200, 'the session itself goes on');
});

// §8.8: per address, 20 failures in 15 minutes (not 5).
test('§8.8: one address gets 20 failures (over several accounts), then 429 for any account', async () => {
  const addr = ip();
  const users = [1, 2, 3, 4, 5].map((i) => addUser(srv, `per-ip-${i}@example.com`, PW));
  const statuses = [];
  for (const u of users) {
    for (let i = 0; i < 4; i++) {
      statuses.push((i % 2 ? await apiAttempt(addr, u.email, WRONG) : await formAttempt(addr, u.email, WRONG)).status);
    }
  }
  assert.deepEqual(statuses, Array(20).fill(401), 'twenty failures are checked (4 per account, under the account limits)');
  const victim = addUser(srv, 'per-ip-victim@example.com', PW);
  throttledPage(await formAttempt(addr, victim.email, PW), '21st attempt from the address, right password');
  throttledApi(await apiAttempt(addr, victim.email, PW), '21st attempt from the address via the API');
  assert.equal((await formAttempt(ip(), victim.email, PW)).status, 303, 'another address is not affected');
});

// §8.8: per (account, address) 5; per account 5 only for unknown devices.
test('§8.8: 5 failures per (account, address); the account limit spares the owner\'s device', async () => {
  const u = addUser(srv, 'pair@example.com', PW);
  const first = await formAttempt(ip(), u.email, PW); // the owner's browser
  assert.equal(first.status, 303);
  const device = deviceCookie(first)?.value;
  const attacker = ip();
  for (let i = 0; i < 5; i++) assert.equal((await formAttempt(attacker, u.email, WRONG)).status, 401, `failure ${i + 1}`);
  throttledPage(await formAttempt(attacker, u.email, PW), 'sixth from the same address, right password');
  throttledApi(await apiAttempt(attacker, u.email, PW), 'sixth from the same address via the API');
  throttledPage(await formAttempt(ip(), u.email, PW), 'an unknown device elsewhere (account limit)');
  assert.equal(audits('login.failure', u.id), 5);
  assert.ok(device, 'the first sign-in gave the owner a device cookie');
  const owner = await formAttempt(ip(), u.email, PW, device);
  assert.equal(owner.status, 303, `the owner's browser from a new address: ${owner.status} ${owner.body.slice(0, 200)}`);
});

// §8.8, ATTACKS 50: a stranger can't lock the owner out of a known device.
test('§8.8 / ATTACKS 50: many addresses fail 5 times each; the owner on a known device still signs in', async () => {
  const u = addUser(srv, 'owner50@example.com', PW);
  const home = ip();
  const browser = await formAttempt(home, u.email, PW);
  assert.equal(browser.status, 303);
  const device = deviceCookie(browser)?.value;
  assert.equal((await apiAttempt(home, u.email, PW)).status, 200, 'the owner signs in via the API from home');
  // The attacker's own account gives them a device cookie of their own.
  const mallory = addUser(srv, 'mallory50@example.com', PW);
  const mal = await formAttempt(ip(), mallory.email, PW);
  assert.equal(mal.status, 303);
  const malDevice = deviceCookie(mal)?.value;
  const statuses = [];
  for (let a = 0; a < 10; a++) {
    const addr = ip();
    for (let i = 0; i < 5; i++) {
      statuses.push((i % 2 ? await apiAttempt(addr, u.email, `${WRONG}${a}${i}`)
        : await formAttempt(addr, u.email, `${WRONG}${a}${i}`)).status);
    }
  }
  assert.ok(statuses.every((s) => s === 401 || s === 429), statuses.join(' '));
  assert.equal(statuses.filter((s) => s === 401).length, 5, `5 guesses checked in all: ${statuses.join(' ')}`);
  assert.equal(audits('login.failure', u.id), 5);
  // Unknown devices stay locked out of this account for the window...
  throttledPage(await formAttempt(ip(), u.email, PW), 'a fresh browser');
  throttledPage(await formAttempt(ip(), u.email, PW, 'A'.repeat(43)), 'a forged device cookie');
  if (malDevice) throttledPage(await formAttempt(ip(), u.email, PW, malDevice), "another account's device cookie");
  throttledApi(await apiAttempt(ip(), u.email, PW), 'the API from an address the owner never used');
  // ...the owner's do not: the API from the address of a past sign-in,
  const api = await apiAttempt(home, u.email, PW);
  assert.equal(api.status, 200, `the API from the owner's known address: ${api.status} ${api.body}`);
  assert.ok(api.json.access_token);
  // and the browser holding the device cookie, from anywhere.
  assert.ok(device, 'the first sign-in gave the owner a device cookie');
  const back = await formAttempt(ip(), u.email, PW, device);
  assert.equal(back.status, 303, `the owner's browser from a fresh address: ${back.status} ${back.body.slice(0, 200)}`);
  assert.ok(back.dashboard.session(), 'a session');
  // Each refused attempt of the attack was audited (plus the four refusals above).
  assert.equal(audits('login.throttled', u.id), 45 + (malDevice ? 4 : 3));
});

// §8.8, ATTACKS 60: concurrent guesses get no more than the budget.
test('§8.8 / ATTACKS 60: 40 parallel wrong passwords for one account: at most 5 checked, the rest 429', async () => {
  const u = addUser(srv, 'parallel60@example.com', PW);
  const addr = ip();
  // Pre-sign-in pages first, so the 40 POSTs go out together.
  const browsers = await Promise.all(Array.from({ length: 20 }, async () => {
    const d = dashboardAt(srv.base, addr);
    await d.get('/login');
    return d;
  }));
  const res = await Promise.all([
    ...browsers.map((d, i) => d.post('/login', { email: u.email, password: `${WRONG}f${i}` })),
    ...Array.from({ length: 20 }, (_, i) => apiAttempt(addr, u.email, `${WRONG}a${i}`)),
  ]);
  const st = res.map((r) => r.status);
  const checked = st.filter((s) => s === 401).length;
  assert.ok(st.every((s) => s === 401 || s === 429), st.join(' '));
  assert.ok(checked <= 5, `${checked} guesses were checked: ${st.join(' ')}`);
  const failures = audits('login.failure', u.id);
  assert.ok(failures <= 5, `${failures} login.failure audit rows`);
  assert.equal(failures, checked);
  assert.equal(audits('login.throttled', u.id), 40 - checked);
});

// §8.9: successful sign-ins, 30 a minute per account.
test('§8.9: at most 30 successful sign-ins a minute per account (429 after)', async () => {
  const u = addUser(srv, 'busy-account@example.com', PW);
  await earlyInAMinute(45); // room for this burst and the next test's
  const res = await pool(4, Array.from({ length: 32 }, () => ip()), (addr) => apiAttempt(addr, u.email, PW));
  const ok = res.filter((r) => r.status === 200).length;
  assert.deepEqual([ok, res.length - ok], [30, 2], res.map((r) => r.status).join(' '));
  for (const r of res.filter((x) => x.status !== 200)) throttledApi(r, '31st sign-in of the account');
  throttledPage(await formAttempt(ip(), u.email, PW), 'the form shares the cap');
});

// §8.9: successful sign-ins, 60 a minute per address.
test('§8.9: at most 60 successful sign-ins a minute per address (429 after)', async () => {
  const users = [1, 2, 3].map((i) => addUser(srv, `busy-ip-${i}@example.com`, PW));
  const addr = ip();
  await earlyInAMinute(25);
  const who = Array.from({ length: 62 }, (_, i) => users[i % 3]);
  const res = await pool(4, who, (u) => apiAttempt(addr, u.email, PW));
  const ok = res.filter((r) => r.status === 200).length;
  assert.deepEqual([ok, res.length - ok], [60, 2], res.map((r) => r.status).join(' '));
  for (const r of res.filter((x) => x.status !== 200)) throttledApi(r, '61st sign-in from the address');
  assert.equal((await apiAttempt(ip(), users[0].email, PW)).status, 200, 'another address is not affected');
});

// §8.10, ATTACKS 61: client authentication failures are per (client, address).
test('§8.10 / ATTACKS 61: 20 bad secrets of client A lock out A from that address only', async () => {
  const d = await signInAt(srv.base, ip(), ADMIN.email, ADMIN.password);
  const grants = ['client_credentials'];
  const A = await registerApp(d, { name: 'Throttled A', scopes: 'read', grant_types: grants });
  const B = await registerApp(d, { name: 'Bystander B', scopes: 'read', grant_types: grants });
  assert.ok(A.secret && B.secret);
  const cc = { grant_type: 'client_credentials', scope: 'read' };
  const addr = ip();
  for (let i = 0; i < 20; i++) {
    const r = await from(addr, () => token(srv.base, cc, { auth: [A.clientId, `cs_${String(i).padStart(40, 'x')}`] }));
    assert.equal(r.status, 401, `bad secret ${i + 1}: ${r.status} ${r.body}`);
    assert.equal(JSON.parse(r.body).error, 'invalid_client');
  }
  const EXACT = '{"error":"invalid_client","error_description":"too many failed attempts"}';
  for (const [what, secret] of [['21st bad secret', 'cs_wrong'], ['the right secret', A.secret]]) {
    const r = await from(addr, () => token(srv.base, cc, { auth: [A.clientId, secret] }));
    assert.equal(r.status, 429, `${what}: ${r.status} ${r.body}`);
    assert.match(r.headers['content-type'], /^application\/json/);
    assert.equal(r.body, EXACT, what);
  }
  const b = await from(addr, () => token(srv.base, cc, { auth: [B.clientId, B.secret] }));
  assert.equal(b.status, 200, `client B from the same address: ${b.status} ${b.body}`);
  assert.ok(JSON.parse(b.body).access_token);
  const a = await from(ip(), () => token(srv.base, cc, { auth: [A.clientId, A.secret] }));
  assert.equal(a.status, 200, `client A from another address: ${a.status} ${a.body}`);
});
