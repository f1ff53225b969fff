// Dashboard sign-in, sessions, CSRF, throttling, security headers
// (SPEC §2 "Passwords, sessions", §5).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { startServer, ADMIN } from './lib/server.mjs';
import { Dashboard, request } from './lib/http.mjs';

const SESSION = '__Host-latchkey_session';
const CSRF = '__Host-latchkey_csrf';
const PW = 'some long passphrase 1';
const TO_LOGIN = '/login?next=%2Fsettings%2Fsecurity';
const CREDS = new URLSearchParams({ email: ADMIN.email, password: ADMIN.password }).toString();

// Every 127.0.0.0/8 address reaches the server as its own client IP for
// the sign-in throttle, so throttling cases use fresh addresses and the
// admin (from 127.0.0.1) is never throttled. lib/http.mjs has no option
// for it: requests made inside from(ip, fn) connect from ip.
let source;
const httpRequest = http.request;
http.request = (opts, cb) => httpRequest({ ...opts, localAddress: source }, cb);
async function from(ip, fn) {
  source = ip;
  try { return await fn(); } finally { source = undefined; }
}

// POSTs a form body exactly as given, as the Dashboard d would.
async function postRaw(d, path, body, headers = {}) {
  return d.keep(await request(srv.base, 'POST', path, { body, headers: { 'Content-Type':
    'application/x-www-form-urlencoded', Origin: srv.base, Cookie: d.cookieHeader(), ...headers } }));
}

let srv;
const ids = {};
before(async () => {
  srv = await startServer();
  for (const u of ['sess', 'pw', 'plain', 'acct', 'ipvictim', 'timing']) {
    const r = srv.cli(['user', 'add', `${u}@example.com`, '--password-stdin'], `${PW}\n`);
    assert.equal(r.status, 0, r.stderr);
    ids[u] = /usr_[0-9A-Za-z]{16}/.exec(r.stdout)[0];
  }
});
after(async () => { if (srv) await srv.stop(); });

const sessionCookie = (res) => res.cookies.filter((c) => c.name === SESSION).at(-1);
const loginError = (res) => (/id="login-error">([^<]*)</.exec(res.body) || [])[1];

function redirects(res, location, what) {
  assert.equal(res.status, 303, what);
  assert.equal(res.headers.location, location, what);
}

function assertCookieFlags(c) {
  assert.deepEqual(Object.keys(c.attrs).sort(), ['httponly', 'path', 'samesite', 'secure'], c.line);
  assert.equal(c.attrs.path, '/');
  assert.equal(c.attrs.samesite, 'Lax');
}

// A signed-in client holding its session's CSRF token.
async function signedIn(email = ADMIN.email, password = ADMIN.password) {
  const d = new Dashboard(srv.base);
  assert.equal((await d.login(email, password)).status, 303);
  assert.equal(await status(d), 200);
  return d;
}
const status = async (d, path = '/settings/security') => (await d.get(path)).status;

test('sign-in sets pre-session CSRF and a hashed __Host- session cookie', async () => {
  const d = new Dashboard(srv.base);
  const page = await d.get('/login');
  assert.equal(page.status, 200);
  const pre = page.cookies.find((c) => c.name === CSRF);
  assert.match(pre.value, /^[A-Za-z0-9_-]{43}$/);
  assertCookieFlags(pre);
  assert.match(page.body, /name="csrf_token" value="[A-Za-z0-9_-]{43}"/);
  const res = await d.post('/login', { email: ADMIN.email, password: ADMIN.password });
  redirects(res, '/');
  const c = sessionCookie(res);
  assertCookieFlags(c);
  assert.match(c.value, /^[A-Za-z0-9_-]{43}$/);
  const hashes = srv.sql('SELECT hex(token_hash) FROM sessions').trim().split('\n');
  for (const h of hashes) assert.match(h, /^[0-9A-F]{64}$/);
  assert.ok(!hashes.join().includes(Buffer.from(c.value).toString('hex').toUpperCase()));
  assert.equal(srv.sql(`SELECT count(*) FROM sessions WHERE token_hash = CAST('${c.value}' AS BLOB)`).trim(), '0');
  assert.equal(await status(d), 200);
});

test('session rotation: planted cookie replaced, each sign-in a new token, old one ended', async () => {
  const d = new Dashboard(srv.base);
  await d.get('/login');
  const planted = crypto.randomBytes(32).toString('base64url');
  d.jar.set(SESSION, planted);
  const res = await d.post('/login', { email: ADMIN.email, password: ADMIN.password });
  assert.equal(res.status, 303);
  const fresh = sessionCookie(res);
  assert.ok(fresh && fresh.value !== '' && fresh.value !== planted);
  assert.equal(d.session(), fresh.value);
  const p = await request(srv.base, 'GET', '/settings/security', { headers: { Cookie: `${SESSION}=${planted}` } });
  assert.equal(p.status, 303);
  const other = await signedIn();
  assert.notEqual(other.session(), d.session());
  // Signing in again while signed in ends the session the browser had.
  const old = d.session();
  await d.get('/settings/security');
  const again = await d.post('/login', { email: ADMIN.email, password: ADMIN.password });
  assert.equal(again.status, 303);
  assert.notEqual(d.session(), old);
  redirects(await request(srv.base, 'GET', '/settings/security', { headers: { Cookie: `${SESSION}=${old}` } }), TO_LOGIN);
  assert.equal(await status(d), 200);
  assert.equal(await status(other), 200);
});

test('wrong password and unknown email: same status, message and time', async () => {
  const known = { email: 'timing@example.com', times: [], res: [] };
  const unknown = { email: 'nobody-here@example.com', times: [], res: [] };
  const attempt = async (o) => {
    const d = new Dashboard(srv.base);
    await d.get('/login');
    const t = process.hrtime.bigint();
    o.res.push(await d.post('/login', { email: o.email, password: 'not the password 99' }));
    o.times.push(Number(process.hrtime.bigint() - t) / 1e6);
  };
  // One of each at the same moment (the server has two processes), from a
  // fresh address per pair: load on the machine, which can make one
  // sign-in take 70 ms or 350 ms, then slows both alike.
  for (let i = 0; i < 4; i++) {
    await from(`127.0.0.${50 + i}`, () => Promise.all([attempt(known), attempt(unknown)]));
  }
  for (const r of [...known.res, ...unknown.res]) {
    assert.equal(r.status, 401);
    assert.equal(loginError(r), 'Incorrect email or password.');
    assert.equal(sessionCookie(r), undefined);
  }
  const norm = (r, email) => r.body.replaceAll(email, 'E').replace(/value="[A-Za-z0-9_-]{43}"/g, 'value="T"');
  assert.equal(norm(known.res[0], 'timing@example.com'), norm(unknown.res[0], 'nobody-here@example.com'));
  const xss = await from('127.0.0.32', () => new Dashboard(srv.base).login('"><script>alert(1)</script>@example.com', 'x'));
  assert.equal(xss.status, 401);
  assert.ok(!xss.body.includes('<script>alert(1)'), 'email reflected unescaped');
  assert.match(xss.body, /value="&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;@example\.com"/);
  // The median of the four pairs' ratios.
  const ratios = known.times.map((k, i) => k / unknown.times[i]).sort((a, b) => a - b);
  const ratio = (ratios[1] + ratios[2]) / 2;
  assert.ok(ratio > 0.5 && ratio < 2, `known ${known.times} vs unknown ${unknown.times}`);
});

test('logout ends the session server-side', async () => {
  const d = await signedIn();
  const old = d.session();
  const count = () => Number(srv.sql(`SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE email = '${ADMIN.email}'`));
  const before = count();
  const res = await d.post('/logout');
  redirects(res, '/login');
  const c = sessionCookie(res);
  assert.ok(c && c.value === '' && c.attrs['max-age'] === '0', JSON.stringify(res.cookies));
  assert.equal(count(), before - 1);
  assert.equal(srv.sql(`SELECT count(*) FROM audit_log WHERE action = 'logout' AND ip = '127.0.0.1'`).trim(), '1');
  redirects(await request(srv.base, 'GET', '/settings/security', { headers: { Cookie: `${SESSION}=${old}` } }), TO_LOGIN);
});

test('logout and login refuse missing or bad CSRF, foreign Origin, GET', async () => {
  const d = await signedIn();
  const cases = [
    [{ csrf: false }, 'no token'], [{ csrf: 'A'.repeat(43) }, 'wrong token'],
    [{ csrf: (await signedIn()).csrf }, "another session's token"],
    [{ origin: 'http://evil.example' }, 'foreign Origin'], [{ origin: 'null' }, 'Origin null'],
    [{ origin: null, headers: { Referer: 'http://evil.example/x' } }, 'foreign Referer'],
  ];
  for (const [opts, what] of cases) {
    const res = await d.post('/logout', {}, opts);
    assert.equal(res.status, 403, what);
    assert.match(res.headers['content-type'], /^text\/html/, what);
    assert.match(res.body, /came from another site/, what);
    assert.equal(sessionCookie(res), undefined, what);
    assert.equal(await status(d), 200, `${what}: session ended`);
  }
  const g = await d.get('/logout');
  assert.equal(g.status, 405);
  assert.match(g.headers.allow, /\bPOST\b/);
  assert.match(g.body, /Method not allowed/);
  assert.equal(await status(d), 200);
  // Sign-in without the pre-session cookie, with and without a token.
  const fresh = new Dashboard(srv.base);
  await fresh.get('/login');
  for (const tok of ['', `&csrf_token=${fresh.csrf}`]) {
    const res = await request(srv.base, 'POST', '/login', { headers: { 'Content-Type': 'application/x-www-form-urlencoded',
      Origin: srv.base }, body: `${CREDS}${tok}` });
    assert.equal(res.status, 403, tok);
    assert.match(res.body, /came from another site/);
    assert.equal(sessionCookie(res), undefined);
  }
});

test('throttling: 5 failures per account, 20 per IP, right password included; XFF ignored', async () => {
  const attempt = (ip, email, password, headers) => from(ip, async () => {
    const d = new Dashboard(srv.base);
    await d.get('/login');
    return d.post('/login', { email, password }, { headers });
  });
  for (let i = 0; i < 5; i++) {
    const email = ['acct@example.com', 'ACCT@example.com', 'Acct@Example.Com'][i % 3];
    assert.equal((await attempt(`127.0.0.${11 + i}`, email, 'wrong passphrase 00')).status, 401);
  }
  const t = await attempt('127.0.0.16', 'acct@example.com', PW);
  assert.equal(t.status, 429);
  assert.ok(Number(t.headers['retry-after']) > 0 && Number(t.headers['retry-after']) <= 900, t.headers['retry-after']);
  assert.match(t.body, /Too many sign-in attempts\. Try again in \d+ minutes?\./);
  assert.equal(sessionCookie(t), undefined);
  assert.equal(srv.sql(`SELECT group_concat(ip, ' ') FROM (SELECT ip FROM audit_log WHERE action = 'login.failure' AND target = '${ids.acct}' ORDER BY id)`).trim(),
    '127.0.0.11 127.0.0.12 127.0.0.13 127.0.0.14 127.0.0.15');
  assert.equal(srv.sql(`SELECT count(*) FROM audit_log WHERE action = 'login.success' AND target = '${ids.acct}'`).trim(), '0');
  // Per IP (SPEC 8.8): twenty unknown accounts from one address lock out another.
  for (let i = 0; i < 20; i++) {
    assert.equal((await attempt('127.0.0.20', `stranger${i}@example.com`, 'wrong passphrase 00')).status, 401);
  }
  const blocked = await attempt('127.0.0.20', 'ipvictim@example.com', PW);
  assert.equal(blocked.status, 429);
  assert.match(blocked.body, /Too many sign-in attempts/);
  const spoofed = await attempt('127.0.0.20', 'ipvictim@example.com', PW, { 'X-Forwarded-For': '1.2.3.4' });
  assert.equal(spoofed.status, 429);
  assert.equal(sessionCookie(spoofed), undefined);
  const elsewhere = await attempt('127.0.0.21', 'ipvictim@example.com', PW);
  assert.equal(elsewhere.status, 303);
  assert.equal(srv.sql("SELECT count(*) FROM audit_log WHERE action = 'login.failure' AND ip = '127.0.0.20'").trim(), '20');
  assert.equal(srv.sql(`SELECT ip FROM audit_log WHERE action = 'login.success' AND target = '${ids.ipvictim}'`).trim(), '127.0.0.21');
  assert.doesNotMatch(srv.sql('SELECT ip FROM audit_log'), /1\.2\.3\.4/);
});

test('security headers on HTML responses and static files', async () => {
  const d = await signedIn();
  const pages = [
    ['login', await request(srv.base, 'GET', '/login'), 200],
    ['error', await request(srv.base, 'POST', '/logout', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' }), 403],
    ['404', await request(srv.base, 'GET', '/no/such/page'), 404],
    ['signed in', await d.get('/settings/security'), 200],
  ];
  for (const [what, res, status] of pages) {
    assert.equal(res.status, status, what);
    assert.match(res.headers['content-type'], /^text\/html; charset=utf-8$/, what);
    const csp = Object.fromEntries(res.headers['content-security-policy'].split(';')
      .map((s) => s.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    const script = csp['script-src'] || csp['default-src'];
    assert.ok(script && !script.includes("'unsafe-inline'") && !script.includes("'unsafe-eval'"), what);
    assert.deepEqual(csp['frame-ancestors'], ["'none'"], what);
    assert.equal(res.headers['x-frame-options'], 'DENY', what);
    assert.equal(res.headers['x-content-type-options'], 'nosniff', what);
    assert.match(res.headers['referrer-policy'], /^(no-referrer|same-origin|strict-origin(-when-cross-origin)?)$/, what);
    assert.match(res.headers['cache-control'], /\bno-store\b/, what);
    assert.match(res.headers['x-request-id'], /^req_[0-9A-Za-z]{16}$/, what);
    assert.doesNotMatch(res.body, /<script>|\.c:\d+|sqlite|segfault/i, what);
  }
  assert.match(pages[2][1].body, /Page not found/);
  const css = await request(srv.base, 'GET', '/static/app.css');
  assert.equal(css.status, 200);
  assert.match(css.headers['content-type'], /^text\/css/);
  assert.equal(css.headers['x-content-type-options'], 'nosniff');
  assert.equal(css.headers['x-frame-options'], 'DENY');
});

test('next= only ever leads to a local path', async () => {
  const bad = ['https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '%2F%2Fevil.example'];
  for (const next of bad) {
    const d = new Dashboard(srv.base);
    const page = await d.get(`/login?next=${encodeURIComponent(next)}`);
    assert.equal(page.status, 200, next);
    assert.match(page.body, /name="next" value=""/, next);
    redirects(await d.post('/login', { email: ADMIN.email, password: ADMIN.password, next }), '/', next);
  }
  for (const encoded of ['%2F%2Fevil.example', 'https%3A%2F%2Fevil.example', '%2F%5Cevil.example']) {
    const d = new Dashboard(srv.base);
    await d.get('/login');
    redirects(await postRaw(d, '/login', `${CREDS}&csrf_token=${d.csrf}&next=${encoded}`), '/', encoded);
  }
  const d = new Dashboard(srv.base);
  redirects(await d.login(ADMIN.email, ADMIN.password, '/settings/security'), '/settings/security');
  for (const next of ['//evil.example', '/\\evil.example', 'https://evil.example']) {	// already signed in
    redirects(await d.get(`/login?next=${encodeURIComponent(next)}`), '/', next);
  }
  const q = new Dashboard(srv.base);
  const refl = await q.get(`/login?next=${encodeURIComponent('/"><script>alert(1)</script>')}`);
  assert.equal(refl.status, 200);
  assert.ok(!refl.body.includes('<script>alert(1)'), 'next reflected unescaped');
  const crlf = await postRaw(q, '/login', `${CREDS}&csrf_token=${q.csrf}&next=/%0d%0aSet-Cookie:%20x=1`);
  assert.ok(crlf.status === 400 || (crlf.status === 303 && crlf.headers.location === '/'), `${crlf.status} ${crlf.headers.location}`);
  assert.ok(!crlf.cookies.some((c) => c.name === 'x'));
  assert.match((await new Dashboard(srv.base).get(TO_LOGIN)).body, /name="next" value="\/settings\/security"/);
});

test('/settings/security lists sessions and signs another one out', async () => {
  const a = await signedIn('sess@example.com', PW);
  const b = new Dashboard(srv.base);
  await b.get('/login');
  const ua = '<script>alert("ua")</script>';
  assert.equal((await b.post('/login', { email: 'sess@example.com', password: PW }, { headers: { 'User-Agent': ua } })).status, 303);
  const page = await a.get('/settings/security');
  assert.equal(page.status, 200);
  assert.ok(!page.body.includes(ua) && page.body.includes('&lt;script&gt;alert('), 'User-Agent listed, escaped');
  assert.equal(page.body.match(/This session/g).length, 1);
  const forms = [...page.body.matchAll(/action="\/settings\/security\/sessions\/(ses_[0-9A-Za-z]{16})\/revoke"/g)];
  assert.equal(forms.length, 1, 'one Sign out form, for the other session');
  const sid = forms[0][1];
  assert.equal(srv.sql(`SELECT user_id FROM sessions WHERE id = '${sid}'`).trim(), ids.sess);
  assert.match(page.body, /Signed in/, 'security log shows sign-ins');
  const stranger = await signedIn('plain@example.com', PW);
  const idor = await stranger.post(`/settings/security/sessions/${sid}/revoke`);
  assert.equal(idor.status, 404, "another user's session");
  assert.equal(await status(b), 200, 'revoked by another user');
  const own = srv.sql(`SELECT id FROM sessions WHERE user_id = '${ids.sess}' AND id != '${sid}'`).trim();
  const self = await a.post(`/settings/security/sessions/${own}/revoke`);
  assert.equal(self.status, 400);
  assert.match(self.body, /use Sign out/);
  redirects(await a.post(`/settings/security/sessions/${sid}/revoke`), '/settings/security');
  redirects(await b.get('/settings/security'), TO_LOGIN);
  const after = await a.get('/settings/security');
  assert.match(after.body, /Session signed out\./);
  assert.doesNotMatch(after.body, /sessions\/ses_[0-9A-Za-z]{16}\/revoke/);
  assert.equal(srv.sql(`SELECT count(*) FROM sessions WHERE id = '${sid}'`).trim(), '0');
});

test('password change: checks the current one and the policy, ends other sessions', async () => {
  const a = await signedIn('pw@example.com', PW);
  const b = await signedIn('pw@example.com', PW);
  const hash = () => srv.sql(`SELECT password_hash FROM users WHERE id = '${ids.pw}'`);
  const h0 = hash();
  const wrong = await a.post('/settings/security/password', { current_password: 'not my passphrase 1', new_password: 'brand new passphrase 2' });
  assert.equal(wrong.status, 400);
  assert.match(wrong.body, /id="current_password-error">That isn(&#39;|')t your current password\.</);
  for (const [nw, msg] of [['elevenchars', /id="new_password-error">Use at least 12 characters\.</],
    ['password1234', /id="new_password-error">This password is too common; choose another\.</]]) {
    const r = await a.post('/settings/security/password', { current_password: PW, new_password: nw });
    assert.equal(r.status, 400, nw);
    assert.match(r.body, msg, nw);
  }
  assert.equal(hash(), h0, 'refused changes changed nothing');
  assert.equal(await status(b), 200);
  const c = await signedIn('pw@example.com', PW);
  redirects(await a.post('/settings/security/password', { current_password: PW, new_password: 'brand new passphrase 2' }),
    '/settings/security');
  assert.notEqual(hash(), h0);
  assert.match((await a.get('/settings/security')).body, /Password changed\./);
  for (const other of [b, c]) assert.equal(await status(other), 303);
  assert.equal(srv.sql(`SELECT count(*) FROM sessions WHERE user_id = '${ids.pw}'`).trim(), '1');
  assert.equal((await from('127.0.0.40', () => new Dashboard(srv.base).login('pw@example.com', PW))).status, 401);
  await signedIn('pw@example.com', 'brand new passphrase 2');
  assert.equal(srv.sql(`SELECT count(*) FROM audit_log WHERE action = 'password.change' AND target = '${ids.pw}'`).trim(), '1');
});

test('admin links only for admins', async () => {
  const up = await (await signedIn('plain@example.com', PW)).get('/settings/security');
  assert.match(up.body, /plain@example\.com/);
  assert.match(up.body, /href="\/settings\/api-keys"/);
  assert.doesNotMatch(up.body, /href="\/admin\//);
  assert.doesNotMatch(up.body, /badge-admin/);
  const ap = await (await signedIn()).get('/settings/security');
  assert.match(ap.body, /href="\/admin\/users"/);
  assert.match(ap.body, /href="\/admin\/audit"/);
});

// The sqlite3 shell, writable: moves a session back in time.
function age(col, seconds) {
  execFileSync('sqlite3', ['-cmd', '.timeout 5000', `${srv.varDir}/latchkey.db`, `UPDATE sessions SET ${col} = ${col} - `
    + `${seconds} WHERE rowid = (SELECT max(rowid) FROM sessions WHERE user_id = '${ids.plain}')`]);
}

test('idle timeout 30 min, absolute 12 h', async () => {
  for (const [col, secs, ok] of [['last_seen_at', 29 * 60, true], ['last_seen_at', 30 * 60 + 5, false],
    ['created_at', 11 * 3600 + 3500, true], ['created_at', 12 * 3600 + 5, false]]) {
    const d = await signedIn('plain@example.com', PW);
    age(col, secs);
    const res = await d.get('/settings/security');
    assert.equal(res.status, ok ? 200 : 303, `${col} -${secs}s`);
    if (!ok) assert.equal(res.headers.location, TO_LOGIN);
  }
});
