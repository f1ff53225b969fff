// SPEC §8.1 (password change and admin reset end every other credential of
// the user, also those of sign-ins in flight; Settings → Security lists API
// sign-ins and ends each) and ATTACKS 48, through 4 latchkey-web and 4
// latchkey-api processes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, ADMIN } from './lib/server.mjs';
import { request } from './lib/http.mjs';
import { addUser } from './lib/keys.mjs';
import { textOf } from './lib/oauth.mjs';
import { from, addresses, dashboardAt, signInAt, apiLogin, apiRefresh, bearerVerify, one,
  unescapeHtml } from './lib/lifecycle.mjs';

const SESSION = '__Host-latchkey_session';
const PW = 'lifecycle passphrase 48';
const NEW_PW = 'a brand new passphrase 48';
const ip = addresses(60);

let srv;
let ad; // the admin's dashboard
before(async () => {
  // Enough hash slots for every process: the race is about revocation,
  // not about the hashing limit of §8.9.
  srv = await startServer({ env: { LATCHKEY_WEB_PROCS: '4', LATCHKEY_API_PROCS: '4',
    LATCHKEY_HASH_CONCURRENCY: '16' } });
  ad = await signInAt(srv.base, ip(), ADMIN.email, ADMIN.password);
});
after(async () => { if (srv) await srv.stop(); });

// Status of a dashboard page for a bare session cookie.
async function sessionStatus(cookie) {
  const r = await request(srv.base, 'GET', '/settings/security', { headers: { Cookie: `${SESSION}=${cookie}` } });
  return { status: r.status, location: r.headers.location };
}

// What a credential obtained by a sign-in can still do: [name, ok] pairs,
// ok = it still works.
async function stillWorks(c) {
  if (c.kind === 'form') {
    const s = await sessionStatus(c.session);
    const ok = s.status !== 303 || !String(s.location).startsWith('/login');
    return [[`form session #${c.n} (${c.ip})`, ok, `${s.status} ${s.location}`]];
  }
  const v = await bearerVerify(srv, c.access);
  const r = await apiRefresh(srv, c.refresh);
  return [
    [`API access token #${c.n} (${c.ip})`, v.status !== 401 || v.json?.error !== 'invalid_token',
      `${v.status} ${v.json?.error ?? v.json?.type ?? ''}`],
    [`API refresh token #${c.n} (${c.ip})`, r.status !== 401 || r.json?.error !== 'invalid_token',
      `${r.status} ${r.json?.error ?? (r.json?.access_token ? 'new tokens' : '')}`],
  ];
}

// Loops signing in as u (two through /v1/auth/login, two through the form,
// each from its own address) while action() runs. A loop signs in at most
// `cap` times (§8.9 allows 30 successful sign-ins a minute per account), and
// stops at its first refusal or once a sign-in that started after action()
// returned is done. Returns every credential the loops obtained.
async function raceSignIns(u, action, cap = 6) {
  const got = [];
  let n = 0;
  let done = false;
  let warm = 0;
  let warmed;
  const allWarm = new Promise((r) => { warmed = r; });
  const loop = async (kind) => {
    const addr = ip();
    for (let i = 0; i < cap; i++) {
      const startedAfter = done;
      let c = null;
      if (kind === 'api') {
        const r = await from(addr, () => apiLogin(srv, u.email, u.password));
        if (r.status === 200) c = { kind, access: r.json.access_token, refresh: r.json.refresh_token };
      } else {
        const d = dashboardAt(srv.base, addr);
        const r = await d.login(u.email, u.password);
        if (r.status === 303 && d.session()) c = { kind, session: d.session() };
      }
      if (i === 0 && ++warm === 4) warmed();
      if (!c) break;
      got.push({ ...c, ip: addr, n: n++ });
      if (startedAfter) break;
    }
    if (warm < 4) { warm = 4; warmed(); }
  };
  const loops = ['api', 'form', 'api', 'form'].map(loop);
  await allWarm; // every loop has signed in once and is signing in again
  await action();
  done = true;
  await Promise.all(loops);
  return got;
}

async function assertAllEnded(got, what) {
  assert.ok(got.length >= 4, `${what}: the loops signed in (${got.length})`);
  const alive = [];
  for (const c of got) {
    for (const [name, ok, detail] of await stillWorks(c)) if (ok) alive.push(`${name}: ${detail}`);
  }
  assert.deepEqual(alive, [], `${what}: ${alive.length} credentials of old-password sign-ins still work`);
}

// §8.1, ATTACKS 48: sign-ins racing a password change.
test('§8.1 / ATTACKS 48: no sign-in racing a password change keeps a working credential', async () => {
  for (const round of [1, 2]) {
    const u = addUser(srv, `racer${round}@example.com`, PW);
    const me = await signInAt(srv.base, ip(), u.email, u.password);
    await me.get('/settings/security');
    const got = await raceSignIns(u, async () => {
      const r = await me.post('/settings/security/password', { current_password: PW, new_password: NEW_PW });
      assert.equal(r.status, 303, `password change: ${r.status} ${r.body.slice(0, 300)}`);
    });
    await assertAllEnded(got, `round ${round}`);
    // The changer's own session stays; the new password works, the old doesn't.
    assert.equal((await me.get('/settings/security')).status, 200, 'the current session stays');
    assert.equal((await from(ip(), () => apiLogin(srv, u.email, NEW_PW))).status, 200);
    const old = await from(ip(), () => apiLogin(srv, u.email, PW));
    assert.equal(old.status, 401);
    assert.equal(old.json.error, 'invalid_credentials');
  }
});

// §8.1: an admin's password reset, racing sign-ins the same way.
test('§8.1 / ATTACKS 48: an admin password reset ends every sign-in, also those racing it', async () => {
  const u = addUser(srv, 'reset-racer@example.com', PW);
  await ad.get('/admin/users');
  let pw;
  const got = await raceSignIns(u, async () => {
    const r = await ad.post(`/admin/users/${u.id}/reset-password`, {});
    assert.equal(r.status, 200, `reset: ${r.status} ${r.body.slice(0, 300)}`);
    pw = textOf(r.body, 'new-password');
  });
  assert.ok(pw && pw.length >= 12);
  await assertAllEnded(got, 'admin reset');
  assert.equal((await from(ip(), () => apiLogin(srv, u.email, pw))).status, 200, 'the new password works');
});

// §8.1 without a race: every login family and JWT and every other session.
test('§8.1: a password change ends other sessions and every login refresh family and JWT', async () => {
  const u = addUser(srv, 'plain-change@example.com', PW);
  const me = await signInAt(srv.base, ip(), u.email, u.password);
  const other = await signInAt(srv.base, ip(), u.email, u.password);
  const a = (await from(ip(), () => apiLogin(srv, u.email, u.password))).json;
  const b = (await from(ip(), () => apiLogin(srv, u.email, u.password))).json;
  const b2 = (await apiRefresh(srv, b.refresh_token)).json; // a rotated family too
  assert.ok(a.access_token && b2.access_token);
  await me.get('/settings/security');
  const r = await me.post('/settings/security/password', { current_password: PW, new_password: NEW_PW });
  assert.equal(r.status, 303);
  assert.equal((await other.get('/settings/security')).status, 303, 'other session ended');
  for (const t of [a.access_token, b.access_token, b2.access_token]) {
    const v = await bearerVerify(srv, t);
    assert.equal(v.status, 401, v.body);
    assert.equal(v.json.error, 'invalid_token');
  }
  for (const rt of [a.refresh_token, b2.refresh_token]) {
    const x = await apiRefresh(srv, rt);
    assert.equal(x.status, 401, x.body);
    assert.equal(x.json.error, 'invalid_token');
  }
  assert.equal((await me.get('/settings/security')).status, 200);
});

// The <tr ...data-family-id="fam"...>…</tr> of the page, or null.
function familyRow(html, fam) {
  const i = html.indexOf(`data-family-id="${fam}"`);
  if (i < 0) return null;
  const start = html.lastIndexOf('<tr', i);
  const end = html.indexOf('</tr>', i);
  return html.slice(start < 0 ? i : start, end < 0 ? undefined : end);
}

const iso = (secs) => new Date(Number(secs) * 1000).toISOString().replace('.000Z', 'Z');

// §8.1: Settings → Security lists API sign-ins; each can be ended.
test('§8.1: /settings/security lists API sign-ins (created, last used, address, agent) and ends one', async () => {
  const u = addUser(srv, 'signins@example.com', PW);
  const ua = 'LifecycleTest/1.0 <script>alert("ua")</script>';
  const [ipX, ipY] = [ip(), ip()];
  const x = (await from(ipX, () => apiLogin(srv, u.email, u.password, { 'User-Agent': ua }))).json;
  const y = (await from(ipY, () => apiLogin(srv, u.email, u.password, { 'User-Agent': 'curl/8.0' }))).json;
  assert.ok(x.refresh_token && y.refresh_token);
  const fams = one(srv, `SELECT group_concat(id, ' ') FROM (SELECT id FROM token_families WHERE user_id = '${u.id}' `
    + 'AND client_id IS NULL ORDER BY created_at, rowid)').split(' ');
  assert.equal(fams.length, 2);
  const [famX, famY] = fams;
  const d = await signInAt(srv.base, ip(), u.email, u.password);
  const page = await d.get('/settings/security');
  assert.equal(page.status, 200);
  const rowX = familyRow(page.body, famX);
  const rowY = familyRow(page.body, famY);
  assert.ok(rowX, `a row with data-family-id="${famX}" in: ${page.body.slice(0, 200)}`);
  assert.ok(rowY, `a row with data-family-id="${famY}"`);
  assert.ok(rowX.includes(ipX), `address in ${rowX}`);
  assert.ok(rowY.includes(ipY), `address in ${rowY}`);
  assert.ok(!page.body.includes('<script>alert("ua")'), 'the user agent is escaped');
  assert.ok(unescapeHtml(rowX).includes(ua), `user agent in ${rowX}`);
  assert.ok(rowY.includes('curl/8.0'));
  const created = one(srv, `SELECT created_at FROM token_families WHERE id = '${famX}'`);
  assert.ok(rowX.includes(iso(created)), `created time ${iso(created)} in ${rowX}`);
  assert.ok((rowX.match(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g) || []).length >= 2, `created and last used in ${rowX}`);
  assert.match(rowX, new RegExp(`action="/settings/security/sign-ins/${famX}/revoke"`));

  // Another user can't end it.
  const stranger = await signInAt(srv.base, ip(), addUser(srv, 'signins-stranger@example.com', PW).email, PW);
  await stranger.get('/settings/security');
  const idor = await stranger.post(`/settings/security/sign-ins/${famY}/revoke`, {});
  assert.equal(idor.status, 404, "another user's sign-in");
  // Without a CSRF token: refused, nothing ends.
  assert.equal((await d.post(`/settings/security/sign-ins/${famX}/revoke`, {}, { csrf: false })).status, 403);
  assert.equal((await bearerVerify(srv, x.access_token)).status, 200);

  const res = await d.post(`/settings/security/sign-ins/${famX}/revoke`, {});
  assert.equal(res.status, 303, `${res.status} ${res.body.slice(0, 200)}`);
  assert.match(res.headers.location, /^\/settings\/security/);
  const v = await bearerVerify(srv, x.access_token);
  assert.equal(v.status, 401);
  assert.equal(v.json.error, 'invalid_token');
  const rr = await apiRefresh(srv, x.refresh_token);
  assert.equal(rr.status, 401);
  assert.equal(rr.json.error, 'invalid_token');
  // The other sign-in lives on; the ended one is no longer listed.
  assert.equal((await bearerVerify(srv, y.access_token)).status, 200);
  assert.equal((await apiRefresh(srv, y.refresh_token)).status, 200);
  const after = await d.get('/settings/security');
  assert.equal(familyRow(after.body, famX), null, 'the ended sign-in is gone from the list');
  assert.ok(familyRow(after.body, famY), 'the other is still listed');
});
