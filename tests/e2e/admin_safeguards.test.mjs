// Issue 16, item 5: admin safeguards. Revoke selected, revoke all of a user's keys,
// the finder's revoke, disabling a user and promoting one go through a confirmation
// page (GET) that lists exactly what will stop working; the POST (CSRF) does it and
// the notice names what was done. Nothing ticked or no reason: the list again (400),
// the error beside the form, the ticks and filters kept. Every action audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, ADMIN } from './lib/server.mjs';
import { createKeyViaForm, addUser, verify, sqlWrite, rowOf, signedIn, unescapeHtml, api } from './lib/keys.mjs';
import { registerApp, codeFlow } from './lib/oauth.mjs';

let srv; let ad; let adminId; let alice; let bob; const K = {};
const one = (q) => srv.sql(q).trim();
const n = (q) => Number(one(q));
const revokedAt = () => srv.sql('SELECT id, coalesce(revoked_at, 0) FROM api_keys ORDER BY id');
const audits = (action, target) => srv.sql(`SELECT actor_id, detail FROM audit_log WHERE action = '${action}' AND target = '${target}'`)
  .trim().split('\n').filter(Boolean).map((l) => l.split('|'));
const hint = (k) => `${k.secret.slice(0, 8)}…${k.secret.slice(-4)}`;
const listed = (html) => [...html.matchAll(/<li data-key-id="(key_[0-9A-Za-z]{16})"/g)].map((m) => m[1]).sort();
const hidden = (html, name) => [...html.matchAll(new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`, 'g'))].map((m) => unescapeHtml(m[1]));
const ids = (...ks) => ks.map((k) => k.id).sort();
const qs = (pairs) => new URLSearchParams(pairs).toString();
async function noticeOn(page, re) { assert.match((await ad.get(page)).body, re); }

before(async () => {
  srv = await startServer();
  ad = await signedIn(srv.base, ADMIN.email, ADMIN.password);
  await ad.get('/admin/keys');
  adminId = one(`SELECT id FROM users WHERE email = '${ADMIN.email}'`);
  alice = addUser(srv, 'alice@example.com');
  bob = addUser(srv, 'bob@example.com');
  const al = await signedIn(srv.base, alice.email, alice.password);
  for (const nm of ['a1', 'a2', 'a3', 'a4']) K[nm] = await createKeyViaForm(al, { name: nm, permissions: ['read'] });
  K.aLive = await createKeyViaForm(al, { name: 'a-live', environment: 'live', permissions: ['read'] });
  const bd = await signedIn(srv.base, bob.email, bob.password);
  K.bAdmin = await createKeyViaForm(bd, { name: 'bob-admin', permissions: ['read', 'admin'] });
  K.b2 = await createKeyViaForm(bd, { name: 'bob-2', permissions: ['read'] });
  K.bOld = await createKeyViaForm(bd, { name: 'bob-expired', permissions: ['read'] });
  sqlWrite(srv, `UPDATE api_keys SET expires_at = strftime('%s', 'now') - 60 WHERE id = '${K.bOld.id}'`);
});
after(async () => { if (srv) await srv.stop(); });

test('the list\'s bulk and owner forms are GETs of the confirmation page, carrying the filters; a hidden select-all box', async () => {
  const page = (await ad.get('/admin/keys?owner=alice%40example.com&environment=test&q=a')).body;
  const bulk = /<form method="get" action="\/admin\/keys\/revoke" class="form bulk-form" id="bulk-form">([\s\S]*?)<\/form>/.exec(page)[1];
  assert.deepEqual([hidden(bulk, 'owner'), hidden(bulk, 'environment'), hidden(bulk, 'q'), hidden(bulk, 'status')],
    [['alice@example.com'], ['test'], ['a'], []]);
  assert.ok(!bulk.includes('csrf_token'), 'a GET form carries no CSRF token');
  assert.match(bulk, /<input type="checkbox" id="select-all" data-select-all="key_id" hidden>/);
  assert.match(bulk, /<button type="submit" class="btn btn-danger">Revoke selected…<\/button>/);
  const owner = /<form method="get" action="\/admin\/keys\/revoke" class="form danger-zone" id="owner-form"[^>]*>([\s\S]*?)<\/form>/.exec(page)[1];
  assert.deepEqual(hidden(owner, 'all_of_user'), [alice.id]);
  assert.deepEqual(hidden(owner, 'owner'), ['alice@example.com']);
});

test('revoke selected: the confirmation lists exactly the ticked keys that still work; the POST revokes them, back to the same list', async () => {
  // a4 is revoked already: ticked, but not listed.
  sqlWrite(srv, `UPDATE api_keys SET revoked_at = strftime('%s', 'now') - 5 WHERE id = '${K.a4.id}'`);
  const b0 = revokedAt();
  const q = qs([['owner', 'alice@example.com'], ['status', 'active'], ['key_id', K.a1.id], ['key_id', K.a2.id],
    ['key_id', K.a4.id], ['key_id', K.a1.id], ['reason', 'rotation <day>']]);
  const c = await ad.get(`/admin/keys/revoke?${q}`);
  assert.equal(c.status, 200, c.body.slice(0, 300));
  assert.match(c.body, /<h1 id="confirm-heading">Revoke these 2 keys\?<\/h1>/);
  assert.deepEqual(listed(c.body), ids(K.a1, K.a2));
  for (const k of [K.a1, K.a2]) {
    const li = c.body.slice(c.body.indexOf(`<li data-key-id="${k.id}"`));
    assert.match(li.slice(0, li.indexOf('</li>')), new RegExp(`<strong class="name">${k.fields.find((f) => f[0] === 'name')[1]}</strong> <code>${hint(k)}</code>[\\s\\S]*alice@example\\.com · last used never`));
  }
  assert.match(c.body, /1 other key you ticked had already stopped working and is left as it is\./);
  const form = /<form method="post" action="\/admin\/keys\/revoke" class="form">([\s\S]*?)<\/form>/.exec(c.body)[1];
  assert.deepEqual(hidden(form, 'key_id').sort(), ids(K.a1, K.a2));
  assert.deepEqual([hidden(form, 'owner'), hidden(form, 'status')], [['alice@example.com'], ['active']]);
  assert.match(form, /name="csrf_token"/);
  assert.match(form, /name="reason" value="rotation &lt;day&gt;"/);
  assert.match(form, /<button type="submit" class="btn btn-danger">Revoke 2 keys<\/button>/);
  assert.match(form, /<a class="btn btn-secondary" href="\/admin\/keys\?owner=alice%40example\.com&amp;status=active">Cancel<\/a>/);
  assert.equal(revokedAt(), b0, 'the GET changes nothing');

  const fields = [...hidden(form, 'key_id').map((v) => ['key_id', v]), ['owner', 'alice@example.com'], ['status', 'active'], ['reason', 'rotation <day>']];
  const r = await ad.post('/admin/keys/revoke', fields);
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, '/admin/keys?owner=alice%40example.com&status=active');
  await noticeOn(r.headers.location, /class="notice" role="status">Revoked 2 keys of alice@example\.com\./);
  for (const k of [K.a1, K.a2]) {
    assert.equal((await verify(srv, k.secret)).status, 401);
    assert.deepEqual(audits('admin.key.revoke', k.id), [[adminId, 'rotation <day>']]);
  }
  assert.equal((await verify(srv, K.a3.secret)).status, 200, 'an unticked key keeps working');
});

test('nothing ticked or no reason: the list again with 400, the error beside the form, ticks and filters kept', async () => {
  const s = revokedAt();
  const audit0 = n('SELECT count(*) FROM audit_log');
  const cases = [
    [[['owner', 'alice@example.com'], ['q', 'a'], ['key_id', K.a3.id], ['reason', '  ']], /Give a reason: it goes to the audit log\./],
    [[['owner', 'alice@example.com'], ['q', 'a'], ['key_id', K.a3.id]], /Give a reason/],
    [[['owner', 'alice@example.com'], ['q', 'a'], ['reason', 'no ticks']], /Tick at least one key to revoke\./],
  ];
  for (const [f, re] of cases) {
    for (const r of [await ad.get(`/admin/keys/revoke?${qs(f)}`), await ad.post('/admin/keys/revoke', f)]) {
      assert.equal(r.status, 400, r.body.slice(0, 200));
      const err = /<div class="alert bulk-error" role="alert" id="bulk-error">([^<]*)<\/div>/.exec(r.body);
      assert.ok(err, 'the error is beside the bulk form');
      assert.match(unescapeHtml(err[1]), re);
      assert.match(r.body, /id="f-owner" name="owner" value="alice@example.com"/);
      assert.match(r.body, /id="f-q" name="q" value="a"/);
      assert.ok(rowOf(r.body, K.a3.id).includes(`value="${K.a3.id}" checked`) === f.some((x) => x[0] === 'key_id'), 'the tick is kept');
      assert.ok(!rowOf(r.body, K.aLive.id).includes('checked'), 'no other tick');
      assert.match(r.body, /id="bulk-reason" name="reason"[^>]*aria-invalid="true" autofocus/);
      const reason = f.find((x) => x[0] === 'reason');
      if (reason && reason[1].trim()) assert.match(r.body, new RegExp(`id="bulk-reason" name="reason" value="${reason[1]}"`));
    }
  }
  const own = [['all_of_user', bob.id], ['reason', '']];
  for (const r of [await ad.get(`/admin/keys/revoke?${qs(own)}`), await ad.post('/admin/keys/revoke', own)]) {
    assert.equal(r.status, 400);
    assert.match(r.body, /<p class="field-error" id="owner-error" role="alert">Give a reason: it goes to the audit log\.<\/p>/);
    assert.match(r.body, /id="f-owner" name="owner" value="bob@example.com"/, 'on that owner\'s list');
  }
  assert.equal(revokedAt(), s);
  assert.equal(n('SELECT count(*) FROM audit_log'), audit0, 'nothing audited');
});

test('revoke all of a user\'s keys: the confirmation lists every working key; the notice names the owner', async () => {
  const c = await ad.get(`/admin/keys/revoke?${qs([['all_of_user', bob.id], ['owner', 'bob@example.com'], ['reason', 'left the company']])}`);
  assert.equal(c.status, 200);
  assert.match(c.body, /<h1 id="confirm-heading">Revoke all 2 working keys of bob@example\.com\?<\/h1>/);
  assert.deepEqual(listed(c.body), ids(K.bAdmin, K.b2));
  assert.ok(c.body.includes(hint(K.bAdmin)) && c.body.includes(hint(K.b2)) && !c.body.includes(hint(K.bOld)));
  assert.match(c.body, /Their 1 expired key is marked revoked too\./);
  const form = /<form method="post" action="\/admin\/keys\/revoke" class="form">([\s\S]*?)<\/form>/.exec(c.body)[1];
  assert.deepEqual([hidden(form, 'all_of_user'), hidden(form, 'key_id')], [[bob.id], []]);
  assert.equal(n(`SELECT count(*) FROM api_keys WHERE user_id = '${bob.id}' AND revoked_at IS NOT NULL`), 0, 'GET changes nothing');
  const r = await ad.post('/admin/keys/revoke', { all_of_user: bob.id, owner: 'bob@example.com', reason: 'left the company' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, '/admin/keys?owner=bob%40example.com');
  await noticeOn(r.headers.location, /class="notice" role="status">Revoked 3 keys of bob@example\.com\./);
  for (const k of [K.bAdmin, K.b2]) assert.equal((await verify(srv, k.secret)).status, 401);
  assert.deepEqual(audits('admin.key.revoke_all', bob.id), [[adminId, 'left the company']]);
  // Nothing left: the page says so, with no form.
  const again = await ad.get(`/admin/keys/revoke?${qs([['all_of_user', bob.id], ['reason', 'x']])}`);
  assert.match(again.body, /bob@example\.com has no working keys/);
  assert.ok(!again.body.includes('action="/admin/keys/revoke"'));
  assert.equal((await ad.get(`/admin/keys/revoke?${qs([['all_of_user', 'usr_AAAAAAAAAAAAAAAA'], ['reason', 'x']])}`)).status, 404);
});

test('the finder\'s revoke goes through the confirmation page; a single key\'s notice names it and its owner', async () => {
  const f = await ad.post('/admin/keys/find', { key: K.a3.secret });
  assert.match(f.body, new RegExp(`<a class="btn btn-danger" href="/admin/keys/${K.a3.id}/revoke">Revoke this key…</a>`));
  assert.ok(!f.body.includes('action="/admin/keys/revoke"') || !/id="found"[\s\S]*action="\/admin\/keys\/revoke"[\s\S]*id="keys"/.test(f.body), 'no revoke form on the found panel');
  const c = await ad.get(`/admin/keys/${K.a3.id}/revoke`);
  assert.match(c.body, /<h1 id="confirm-heading">Revoke a3 of alice@example\.com\?<\/h1>/);
  assert.deepEqual(listed(c.body), ids(K.a3));
  assert.match(c.body, /<button type="submit" class="btn btn-danger">Revoke key<\/button>/);
  assert.match(c.body, /href="\/admin\/keys">Cancel</);
  const r = await ad.post('/admin/keys/revoke', { key_id: K.a3.id, reason: 'pasted in a ticket' });
  assert.equal(r.headers.location, '/admin/keys');
  await noticeOn('/admin/keys', /class="notice" role="status">Revoked key (&#39;|')a3(&#39;|') of alice@example\.com\./);
  assert.deepEqual(audits('admin.key.revoke', K.a3.id), [[adminId, 'pasted in a ticket']]);
  const gone = await ad.get(`/admin/keys/${K.a3.id}/revoke`);
  assert.match(gone.body, /Nothing to revoke/);
  assert.ok(!gone.body.includes('action="/admin/keys/revoke"'));
});

test('disable: the confirmation lists every key, app, session, sign-in and authorized app that stops; the notice counts them', async () => {
  const v = addUser(srv, 'victim@example.com', 'victim e2e passphrase 5');
  const vd = await signedIn(srv.base, v.email, v.password);
  const k1 = await createKeyViaForm(vd, { name: 'victim-ci', permissions: ['read'] });
  const k2 = await createKeyViaForm(vd, { name: 'victim-live', environment: 'live', permissions: ['read'] });
  const k3 = await createKeyViaForm(vd, { name: 'victim-revoked', permissions: ['read'] });
  await vd.get(`/settings/api-keys/${k3.id}/revoke`);
  await vd.post(`/settings/api-keys/${k3.id}/revoke`, {});
  const app = await registerApp(vd, { name: 'Victim App', grant_types: ['authorization_code', 'refresh_token'] });
  const other = await registerApp(ad, { name: 'Admin Reports', grant_types: ['authorization_code', 'refresh_token'] });
  await codeFlow(vd, srv.base, other);
  await signedIn(srv.base, v.email, v.password); // a second session
  assert.equal((await api(srv, 'POST', '/v1/auth/login', { body: { email: v.email, password: v.password } })).status, 200);
  const c = await ad.get(`/admin/users/${v.id}/disable`);
  assert.equal(c.status, 200);
  assert.match(c.body, /<h1 id="confirm-heading">Disable victim@example\.com\?<\/h1>/);
  assert.match(c.body, /2 API keys refused \(401\)/);
  assert.deepEqual(listed(c.body), ids(k1, k2));
  assert.ok(c.body.includes(hint(k1)) && c.body.includes(hint(k2)) && !c.body.includes(hint(k3)));
  assert.match(c.body, new RegExp(`1 OAuth app stop[^<]*</h2>\\s*<ul class="confirm-list">\\s*<li data-client-id="${app.clientId}"><strong class="name">Victim App</strong>`));
  assert.match(c.body, /<li id="stake-sessions">2 dashboard sessions<\/li>/);
  assert.match(c.body, /<li id="stake-signins">1 API sign-in \(their access and refresh tokens\)<\/li>/);
  assert.match(c.body, /<li id="stake-grants">the tokens of 1 app they authorized: <strong>Admin Reports<\/strong><\/li>/);
  assert.equal(one(`SELECT disabled FROM users WHERE id = '${v.id}'`), '0', 'GET changes nothing');
  const r = await ad.post(`/admin/users/${v.id}/disable`, {});
  assert.equal(r.status, 303);
  await noticeOn('/admin/users', /victim@example\.com: disabled, signed out everywhere; 2 keys and 1 app stopped/);
  assert.deepEqual(audits('admin.user.disable', v.id), [[adminId, '']]);
  assert.equal((await verify(srv, k1.secret)).status, 401);
});

test('promote: a confirmation listing what they will be able to do and their admin keys; then the POST; same role says so', async () => {
  const p = addUser(srv, 'promo@example.com');
  const pd = await signedIn(srv.base, p.email, p.password);
  const ka = await createKeyViaForm(pd, { name: 'promo-admin', permissions: ['read', 'admin'] });
  const kr = await createKeyViaForm(pd, { name: 'promo-read', permissions: ['read'] });
  const users = (await ad.get('/admin/users')).body;
  assert.match(users, new RegExp(`<form method="get" action="/admin/users/${p.id}/role" class="inline-form role-form">`));
  const c = await ad.get(`/admin/users/${p.id}/role?role=admin`);
  assert.equal(c.status, 200);
  assert.match(c.body, /<h1 id="confirm-heading">Make promo@example\.com an administrator\?<\/h1>/);
  assert.match(c.body, /see and revoke every user(&#39;|')s API keys/);
  assert.match(c.body, /Their keys holding admin then reach every credential/);
  assert.deepEqual(listed(c.body), ids(ka));
  assert.ok(!c.body.includes(hint(kr)));
  assert.match(c.body, new RegExp(`<form method="post" action="/admin/users/${p.id}/role" class="form">[\\s\\S]*name="role" value="admin"[\\s\\S]*Make administrator</button>`));
  assert.equal(one(`SELECT role FROM users WHERE id = '${p.id}'`), 'user', 'GET changes nothing');
  assert.equal((await ad.post(`/admin/users/${p.id}/role`, { role: 'admin' })).status, 303);
  await noticeOn('/admin/users', /promo@example\.com: now an administrator/);
  assert.deepEqual(audits('admin.user.role', p.id), [[adminId, 'role=admin']]);
  const same = await ad.get(`/admin/users/${p.id}/role?role=admin`);
  assert.match(same.body, /promo@example\.com is an administrator already\./);
  assert.ok(!same.body.includes(`action="/admin/users/${p.id}/role"`));
  const down = await ad.get(`/admin/users/${p.id}/role?role=user`);
  assert.match(down.body, /Make promo@example\.com a user again\?[\s\S]*Their keys holding admin go back to their own credentials[\s\S]*name="role" value="user"/);
  assert.equal((await ad.get(`/admin/users/${p.id}/role`)).status, 400, 'role is required');
  assert.equal((await ad.get(`/admin/users/${p.id}/role?role=root`)).status, 400);
  assert.equal((await ad.get(`/admin/users/${adminId}/role?role=user`)).status, 400, 'not oneself');
});
