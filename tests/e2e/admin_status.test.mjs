// Issue 16, item 4: the admin keys page tells the truth. Every user's keys (the
// list, a user's own list, the leaked-key finder) read as on the owner's page
// (keyview.c): active / expiring / rolled / expired / revoked, due for rotation,
// "replaces" and "replaced by", and "Owner disabled" for the keys of a disabled
// account, which no longer verify; with Permissions and Expires columns.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, ADMIN } from './lib/server.mjs';
import { createKeyViaForm, addUser, verify, sqlWrite, rowOf, signedIn, secretFrom, idForSecret } from './lib/keys.mjs';

let srv; let ad; let alice; let dave; const K = {};
const one = (q) => srv.sql(q).trim();
const cells = (row) => [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]);
const text = (html) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
const iso = (col, id) => new Date(Number(one(`SELECT ${col} FROM api_keys WHERE id = '${id}'`)) * 1000)
  .toISOString().replace('.000Z', 'Z');

before(async () => {
  srv = await startServer();
  ad = await signedIn(srv.base, ADMIN.email, ADMIN.password);
  alice = addUser(srv, 'alice@example.com');
  dave = addUser(srv, 'dave@example.com');
  const al = await signedIn(srv.base, alice.email, alice.password);
  K.plain = await createKeyViaForm(al, { name: 'plain-forever', permissions: ['read', 'write'] });
  K.soon = await createKeyViaForm(al, { name: 'soon-gone', permissions: ['read'], expires_in_days: '7' });
  K.restricted = await createKeyViaForm(al, { name: 'reports', environment: 'live', restricted: '1',
    permissions: ['read'], resource_permissions: 'invoices:read customers:read' });
  K.old = await createKeyViaForm(al, { name: 'legacy-cron', permissions: ['read'] });
  sqlWrite(srv, `UPDATE api_keys SET created_at = created_at - 200 * 86400 WHERE id = '${K.old.id}'`);
  K.gone = await createKeyViaForm(al, { name: 'gone', permissions: ['read'] });
  await al.get(`/settings/api-keys/${K.gone.id}/revoke`);
  assert.equal((await al.post(`/settings/api-keys/${K.gone.id}/revoke`, {})).status, 303);
  K.lapsed = await createKeyViaForm(al, { name: 'lapsed', permissions: ['read'] });
  sqlWrite(srv, `UPDATE api_keys SET expires_at = strftime('%s', 'now') - 60 WHERE id = '${K.lapsed.id}'`);
  K.rolled = await createKeyViaForm(al, { name: 'deploy', permissions: ['read', 'write'] });
  await al.get(`/settings/api-keys/${K.rolled.id}/roll`);
  const r = await al.post(`/settings/api-keys/${K.rolled.id}/roll`, { grace_seconds: '86400' });
  assert.equal(r.status, 200);
  K.next = { secret: secretFrom(r.body) };
  K.next.id = idForSecret(r.body, K.next.secret);
  const dd = await signedIn(srv.base, dave.email, dave.password);
  K.dave = await createKeyViaForm(dd, { name: 'dave-key', permissions: ['read'] });
  K.daveOff = await createKeyViaForm(dd, { name: 'dave-revoked', permissions: ['read'] });
  await dd.get(`/settings/api-keys/${K.daveOff.id}/revoke`);
  await dd.post(`/settings/api-keys/${K.daveOff.id}/revoke`, {});
  assert.equal(srv.cli(['user', 'disable', dave.email]).status, 0);
});
after(async () => { if (srv) await srv.stop(); });

test('the admin keys table has Permissions and Expires columns', async () => {
  const page = await ad.get('/admin/keys?owner=alice%40example.com');
  assert.equal(page.status, 200);
  const head = /<thead>([\s\S]*?)<\/thead>/.exec(page.body)[1];
  assert.deepEqual([...head.matchAll(/<th scope="col"[^>]*>([^<]*)</g)].map((m) => m[1]).filter(Boolean),
    ['Name and owner', 'Key', 'Permissions', 'Status', 'Created', 'Last used', 'Expires']);
  const perms = (k) => text(/<td class="key-perms" data-label="Permissions">([\s\S]*?)<\/td>/.exec(rowOf(page.body, k.id))[1]);
  assert.equal(perms(K.plain), 'read write');
  assert.equal(perms(K.restricted), 'read customers: read invoices: read Restricted');
  const exp = (k) => /<td class="key-date key-expires cell-meta" data-label="Expires">([\s\S]*?)<\/td>/.exec(rowOf(page.body, k.id))[1];
  assert.equal(exp(K.plain), '<span class="muted">never</span>');
  assert.match(exp(K.soon), new RegExp(`^<time datetime="${iso('expires_at', K.soon.id)}"[^>]*>in (6|7) d</time>$`));
  assert.match(exp(K.lapsed), /^<time datetime="[^"]+"[^>]*>1 min ago<\/time>$/);
  for (const k of [K.plain, K.soon, K.restricted]) {
    const c = cells(rowOf(page.body, k.id));
    assert.equal(c.length, 9, 'select, 7 columns, actions');
    assert.match(c[1], new RegExp(`<div class="key-owner">.*<a href="/admin/keys\\?owner=alice%40example.com"[^>]*>alice<wbr>@example.com</a>`));
  }
});

test('status badges as on the owner\'s page: expiring, rolled, replaces, due for rotation, expired, revoked', async () => {
  const page = (await ad.get('/admin/keys?owner=alice%40example.com')).body;
  const status = (k) => /<td class="key-status cell-status">([\s\S]*?)<\/td>/.exec(rowOf(page, k.id))[1];
  assert.match(status(K.plain), /^<span class="badge badge-active">Active<\/span>$/);
  assert.match(status(K.soon), /^<span class="badge badge-expiring">Expiring<\/span>$/);
  assert.match(status(K.rolled), /^<span class="badge badge-expiring">Rolled, expiring<\/span>$/);
  assert.match(status(K.next), /^<span class="badge badge-active">Active<\/span>$/);
  // Which key replaced which: under the name.
  const name = (k) => /<td class="key-name cell-title">([\s\S]*?)<\/td>/.exec(rowOf(page, k.id))[1];
  assert.match(name(K.rolled), new RegExp(`replaced by <a class="mono" href="/admin/keys\\?q=${K.next.id}">${K.next.id}</a>`));
  assert.match(name(K.next), new RegExp(`replaces <a class="mono" href="/admin/keys\\?q=${K.rolled.id}">${K.rolled.id}</a>`));
  assert.doesNotMatch(name(K.plain), /replace/);
  assert.match(status(K.old), /badge-active">Active<\/span>\s*<div class="rotation-due"[^>]*>Due for rotation/);
  assert.doesNotMatch(status(K.plain), /rotation-due|Owner disabled|replace/);
  assert.match(status(K.lapsed), /^<span class="badge badge-expired">Expired<\/span>$/);
  assert.match(status(K.gone), /^<span class="badge badge-revoked">Revoked<\/span>$/);
  // Rolled and expiring keys can still be revoked; expired and revoked ones can't.
  for (const k of [K.plain, K.soon, K.rolled, K.next, K.old]) assert.ok(rowOf(page, k.id).includes(`value="${k.id}"`), k.id);
  for (const k of [K.lapsed, K.gone]) assert.ok(!rowOf(page, k.id).includes(`value="${k.id}"`), k.id);
});

test('a disabled owner\'s live keys say "Owner disabled" (and do not verify); their revoked ones do not', async () => {
  assert.equal((await verify(srv, K.dave.secret)).status, 401);
  const page = (await ad.get('/admin/keys?owner=dave%40example.com')).body;
  const row = rowOf(page, K.dave.id);
  assert.match(row, /badge-active">Active<\/span>\s*<span class="badge badge-owner-disabled" title="Refused while its owner(&#39;|')s account is disabled[^"]*">Owner disabled<\/span>/);
  assert.doesNotMatch(rowOf(page, K.daveOff.id), /Owner disabled/);
  assert.doesNotMatch((await ad.get('/admin/keys?owner=alice%40example.com')).body, /Owner disabled/);
  // The whole list says so too, for every key of every disabled owner.
  const all = (await ad.get('/admin/keys')).body;
  assert.equal((all.match(/>Owner disabled</g) || []).length, 1);
  // Enabled again, the key works and the badge goes.
  assert.equal(srv.cli(['user', 'enable', dave.email]).status, 0);
  assert.equal((await verify(srv, K.dave.secret)).status, 200);
  assert.doesNotMatch(rowOf((await ad.get('/admin/keys?owner=dave%40example.com')).body, K.dave.id), /Owner disabled/);
  assert.equal(srv.cli(['user', 'disable', dave.email]).status, 0);
});

test('the finder shows the same facts: status, owner disabled, permissions, expires', async () => {
  const r = await ad.post('/admin/keys/find', { key: K.dave.secret });
  assert.equal(r.status, 200);
  const found = r.body.slice(r.body.indexOf('id="found"'), r.body.indexOf('id="keys"'));
  assert.match(found, /<dt>Status<\/dt>\s*<dd><span class="badge badge-active">Active<\/span>\s*<span class="badge badge-owner-disabled"[^>]*>Owner disabled<\/span><\/dd>/);
  assert.match(found, /<dt>Expires<\/dt>\s*<dd><span class="muted">never<\/span><\/dd>/);
  assert.match(found, /<dt>Permissions<\/dt>\s*<dd><div class="chips"><span class="chip">read<\/span><\/div><\/dd>/);
  const s = await ad.post('/admin/keys/find', { key: K.soon.secret });
  assert.match(s.body, new RegExp(`<dt>Expires</dt>\\s*<dd><time datetime="${iso('expires_at', K.soon.id)}"`));
  assert.match(s.body, /<dt>Status<\/dt>\s*<dd><span class="badge badge-expiring">Expiring<\/span><\/dd>/);
  const rolled = await ad.post('/admin/keys/find', { key: K.rolled.secret });
  assert.match(rolled.body, new RegExp(`Rolled, expiring</span>[\\s\\S]*replaced by <a class="mono" href="/admin/keys\\?q=${K.next.id}"`));
});

test('each user on /admin/users links to their key list', async () => {
  const page = (await ad.get('/admin/users')).body;
  const row = page.slice(page.indexOf(`data-user-id="${dave.id}"`));
  assert.match(row.slice(0, row.indexOf('</tr>')),
    /<div class="user-keys"><a href="\/admin\/keys\?owner=dave%40example\.com">API keys<span class="visually-hidden"> of dave@example\.com<\/span><\/a><\/div>/);
  const list = (await ad.get('/admin/keys?owner=dave%40example.com')).body;
  assert.ok(rowOf(list, K.dave.id) && !rowOf(list, K.plain.id), 'only their keys');
});
