// API keys on the dashboard (SPEC §2 "API keys", §5 "API keys page" and the
// form contract) and how they are stored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, ADMIN } from './lib/server.mjs';
import {
  KEY_RE, KEY_ID_RE, crc32, checksum, validKey, createKeyViaForm, createFields, nonceFrom, idForSecret,
  secretFrom, rowOf, signedIn, addUser, verify, assertError, sqlWrite, count, dumpAll,
} from './lib/keys.mjs';

let srv;
let d; // the admin's dashboard
const now = () => Math.floor(Date.now() / 1000);
const keyCount = () => count(srv, 'SELECT count(*) FROM api_keys');
const col = (id, c) => srv.sql(`SELECT ${c} FROM api_keys WHERE id = '${id}'`).trim();

before(async () => {
  srv = await startServer();
  d = await signedIn(srv.base, ADMIN.email, ADMIN.password);
});
after(async () => { if (srv) await srv.stop(); });

test('crc32 helper matches zlib', () => {
  assert.equal(crc32('123456789'), 0xCBF43926);
  assert.equal(crc32(''), 0);
  const sample = 'sk_live_' + 'aZ09'.repeat(8);
  const z = execFileSync('python3', ['-c', 'import sys, zlib; print(zlib.crc32(sys.argv[1].encode()))', sample]);
  assert.equal(crc32(sample), Number(String(z).trim()));
  // 0xCBF43926 = 3421780262 = 3*62^5 + ... : most significant first, 6 digits.
  let n = 3421780262; let s = '';
  while (n > 0) { s = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'[n % 62] + s; n = Math.floor(n / 62); }
  assert.equal(checksum('123456789'), s.padStart(6, '0'));
  assert.equal(checksum(''), '000000');
});

test('a created key has the documented format, checksum and id; shown once with no-store', async () => {
  const k = await createKeyViaForm(d, { name: 'format', environment: 'live', permissions: ['read', 'write'] });
  assert.match(k.secret, KEY_RE);
  assert.ok(k.secret.startsWith('sk_live_'));
  assert.equal(k.secret.slice(-6), checksum(k.secret.slice(0, -6)), 'CRC32 base62 checksum');
  assert.ok(validKey(k.secret));
  assert.match(k.id, KEY_ID_RE);
  assert.ok(rowOf(k.html, k.id).includes(`sk_live_…${k.secret.slice(-4)}`), 'listed on the creation page');
  assert.equal(k.res.headers['cache-control'], 'no-store');
  // The text of #new-key is exactly the secret.
  assert.ok(k.html.includes(`<code id="new-key" class="secret-box">${k.secret}</code>`));

  const r = await createKeyViaForm(d, { name: 'restricted-fmt', restricted: '1', permissions: [],
    resource_permissions: 'invoices:read' });
  assert.match(r.secret, /^rk_test_/);
  assert.ok(validKey(r.secret));

  // Reloading never shows the secret again; the row shows prefix…hint etc.
  const page = await d.get('/settings/api-keys');
  assert.equal(page.status, 200);
  assert.ok(!page.body.includes(k.secret), 'secret on reload');
  assert.ok(!page.body.includes(k.secret.slice(8, 40)));
  assert.equal(secretFrom(page.body), null);
  const row = rowOf(page.body, k.id);
  assert.ok(row, 'row listed');
  assert.ok(row.includes(`sk_live_…${k.secret.slice(-4)}`), row);
  assert.match(row, /badge-live">Live</);
  assert.match(row, /<span class="chip">read<\/span><span class="chip">write<\/span>/);
  assert.match(row, /badge-active">Active</);
  assert.match(row, /<td><span class="muted">never<\/span><\/td>\s*<td><span class="muted">never/); // last used, expires
  assert.equal(col(k.id, 'hint'), k.secret.slice(-4));
  assert.equal(col(k.id, 'prefix'), 'sk_live_');
  const v = await verify(srv, k.secret);
  assert.equal(v.status, 200);
  assert.equal(v.json.key_id, k.id);
});

test('a resubmitted create form makes no second key; a form without nonce does', async () => {
  const page = await d.get('/settings/api-keys/new');
  const form = createFields({ name: 'resubmit' }, nonceFrom(page.body));
  const before = keyCount();
  const first = await d.post('/settings/api-keys', form);
  assert.equal(first.status, 200);
  assert.ok(validKey(secretFrom(first.body)));
  assert.equal(keyCount(), before + 1);
  const again = await d.post('/settings/api-keys', form);
  assert.equal(again.status, 303, again.body.slice(0, 300));
  const madeId = idForSecret(first.body, secretFrom(first.body));
  // A reload leads to the key the first submission made, which says its
  // secret can't be shown again and offers to roll it.
  assert.equal(again.headers.location, `/settings/api-keys/${madeId}/shown`);
  assert.equal(secretFrom(again.body), null);
  assert.ok(!/sk_test_[0-9A-Za-z]{38}/.test(again.body));
  assert.equal(keyCount(), before + 1, 'no second key');
  assert.equal(count(srv, "SELECT count(*) FROM api_keys WHERE name = 'resubmit'"), 1);
  const back = await d.get(again.headers.location);
  assert.equal(back.status, 200);
  assert.match(back.body, /already submitted/);
  assert.match(back.body, /can&#39;t be shown again|can't be shown again/);
  assert.ok(back.body.includes(`href="/settings/api-keys/${madeId}/roll"`), 'offers to roll');
  assert.equal(secretFrom(back.body), null);
  assert.ok(!back.body.includes(secretFrom(first.body)));
  // Another user's key id on that path is a 404, like every key page.
  const other = await signedIn(srv.base, addUser(srv, 'shown-other@example.com').email, 'another e2e passphrase 9');
  assert.equal((await other.get(`/settings/api-keys/${madeId}/shown`)).status, 404);

  // Five tabs submitting one form at once still make one key.
  const form2 = createFields({ name: 'parallel' }, nonceFrom((await d.get('/settings/api-keys/new')).body));
  const par = await Promise.all(Array.from({ length: 5 }, () => d.post('/settings/api-keys', form2)));
  assert.deepEqual(par.map((r) => r.status).sort(), [200, 303, 303, 303, 303]);
  assert.equal(count(srv, "SELECT count(*) FROM api_keys WHERE name = 'parallel'"), 1);

  const scripted = await d.post('/settings/api-keys', createFields({ name: 'no-nonce' }));
  assert.equal(scripted.status, 200);
  assert.ok(validKey(secretFrom(scripted.body)));
  assert.equal(keyCount(), before + 3);
});

test('the secret is stored nowhere: not in any table, not in the log', async () => {
  const k = await createKeyViaForm(d, { name: 'storage', permissions: ['read', 'admin'] });
  await verify(srv, k.secret);
  const random = k.secret.slice(8, 40);
  const rows = srv.sql('SELECT * FROM api_keys');
  assert.ok(rows.includes(k.id));
  assert.ok(!rows.includes(random));
  const dump = dumpAll(srv);
  assert.ok(dump.includes(k.id), 'the dump is real');
  assert.ok(!dump.includes(k.secret));
  assert.ok(!dump.includes(random));
  assert.ok(!dump.includes(Buffer.from(random).toString('hex').toUpperCase()));
  const log = srv.log();
  assert.ok(log.includes('POST /settings/api-keys'), 'the log is real');
  assert.ok(!log.includes(random));
  assert.ok(!srv.output().includes(random));
  // Only a 32-byte hash is kept.
  assert.equal(col(k.id, 'length(key_hash)'), '32');
  assert.equal(col(k.id, 'typeof(key_hash)'), 'blob');
});

test('a hostile key name is escaped on the list, the show-once panel and the confirm pages', async () => {
  const evil = '"><script>alert(1)</script>{{7*7}}</textarea>';
  const k = await createKeyViaForm(d, { name: evil });
  const check = (html, where) => {
    assert.ok(!html.includes(evil), `raw name on ${where}`);
    assert.ok(!html.includes('<script>alert(1)'), `script tag on ${where}`);
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;{{7*7}}&lt;/textarea&gt;'), `escaped name on ${where}`);
  };
  assert.match(k.html, /Your new API key: &quot;&gt;&lt;script&gt;/);
  check(k.html, 'show-once panel');
  const list = await d.get('/settings/api-keys');
  check(rowOf(list.body, k.id), 'list');
  const rev = await d.get(`/settings/api-keys/${k.id}/revoke`);
  assert.equal(rev.status, 200);
  check(rev.body, 'revoke confirmation');
  const roll = await d.get(`/settings/api-keys/${k.id}/roll`);
  check(roll.body, 'roll confirmation');
  assert.equal(col(k.id, 'name'), evil, 'stored as given');
  const done = await d.post(`/settings/api-keys/${k.id}/revoke`, {});
  assert.equal(done.status, 303);
  check((await d.get('/settings/api-keys')).body, 'revoke notice');
});

test('form errors: 400 with an inline error, values kept, nothing created', async () => {
  const cases = [
    [{ name: '', environment: 'live', restricted: '1', permissions: ['read'], resource_permissions: 'invoices:read', expires_in_days: '30' }, 'name', /name-error/],
    [{ name: 'restricted-admin', restricted: '1', permissions: ['read', 'admin'] }, 'permissions', /permissions-error">Restricted keys can&#39;t hold admin|permissions-error">Restricted keys can't hold admin/],
    [{ name: 'res-unrestricted', permissions: ['read'], resource_permissions: 'invoices:read' }, 'resource_permissions', /resource_permissions-error/],
    [{ name: 'bad-res', restricted: '1', permissions: [], resource_permissions: 'Invoices:read' }, 'resource_permissions', /resource_permissions-error/],
  ];
  for (const [fields, field, errRe] of cases) {
    const page = await d.get('/settings/api-keys/new');
    const before = keyCount();
    const res = await d.post('/settings/api-keys', createFields(fields, nonceFrom(page.body)));
    assert.equal(res.status, 400, `${field}: ${res.status}`);
    assert.match(res.body, errRe, field);
    assert.match(res.body, /class="field-error"/);
    assert.match(res.body, new RegExp(`id="${field === 'permissions' ? 'perm-read' : field}"[^>]*autofocus`));
    assert.equal(secretFrom(res.body), null);
    assert.equal(keyCount(), before, `${field}: no key created`);
    if (fields.resource_permissions) {
      assert.ok(res.body.includes(`name="resource_permissions" value="${fields.resource_permissions}"`), 'kept resource permissions');
    }
    if (fields.restricted) assert.match(res.body, /id="restricted" name="restricted" value="1" checked/);
    if (fields.name) assert.ok(res.body.includes(`name="name" value="${fields.name}"`), 'kept name');
  }
  // The empty-name case kept the other values.
  const page = await d.get('/settings/api-keys/new');
  const res = await d.post('/settings/api-keys', createFields(cases[0][0], nonceFrom(page.body)));
  assert.match(res.body, /id="env-live" name="environment" value="live" checked/);
  assert.match(res.body, /id="perm-read" name="permissions" value="read" checked/);
  assert.match(res.body, /<option value="30" selected>/);

  const before = keyCount();
  const prod = await d.post('/settings/api-keys', createFields({ name: 'prod', environment: 'prod' }));
  assert.equal(prod.status, 400);
  assert.match(prod.headers['content-type'], /text\/html/);
  assert.equal(keyCount(), before);
});

// Regression: a name of only spaces used to create a key with a blank name.
test('a name of only spaces counts as no name', async () => {
  const before = keyCount();
  const res = await d.post('/settings/api-keys', createFields({ name: '   ' }));
  assert.equal(res.status, 400);
  assert.match(res.body, /id="name-error"/);
  assert.equal(keyCount(), before);
});

test('expiry on a date: stored at that date, past dates refused', async () => {
  const day = new Date(Date.now() + 40 * 86400e3).toISOString().slice(0, 10);
  const k = await createKeyViaForm(d, { name: 'dated', expires_on: day });
  const exp = Number(col(k.id, 'expires_at'));
  assert.ok(exp >= Date.parse(`${day}T00:00:00Z`) / 1000 && exp < Date.parse(`${day}T00:00:00Z`) / 1000 + 86400, `${exp} on ${day}`);
  const before = keyCount();
  for (const bad of ['2001-01-01', 'tomorrow', '2027-02-30']) {
    const res = await d.post('/settings/api-keys', createFields({ name: 'dated-bad', expires_on: bad }));
    assert.equal(res.status, 400, bad);
    assert.equal(secretFrom(res.body), null);
  }
  const both = await d.post('/settings/api-keys', createFields({ name: 'dated-both', expires_on: day, expires_in_days: '7' }));
  assert.equal(both.status, 400);
  assert.equal(keyCount(), before);
});

test('no CSRF token or a foreign Origin: 403 page, nothing created', async () => {
  const before = keyCount();
  for (const opts of [{ csrf: false }, { csrf: 'A'.repeat(43) }, { origin: 'https://evil.example' }, { origin: 'null' }]) {
    const page = await d.get('/settings/api-keys/new');
    const res = await d.post('/settings/api-keys', createFields({ name: 'csrf' }, nonceFrom(page.body)), opts);
    assert.equal(res.status, 403, JSON.stringify(opts));
    assert.match(res.headers['content-type'], /text\/html/);
    assert.equal(secretFrom(res.body), null);
    assert.equal(keyCount(), before, `${JSON.stringify(opts)} created a key`);
  }
});

test('revoke: confirmation page, 303 with a notice, Revoked, 401 at once; harmless twice; 404 for another user', async () => {
  const k = await createKeyViaForm(d, { name: 'to-revoke' });
  assert.equal((await verify(srv, k.secret)).status, 200);
  const conf = await d.get(`/settings/api-keys/${k.id}/revoke`);
  assert.equal(conf.status, 200);
  assert.ok(conf.body.includes(`<form method="post" action="/settings/api-keys/${k.id}/revoke"`));
  assert.match(conf.body, /name="csrf_token" value="[^"]+"/);
  assert.equal(col(k.id, 'revoked_at'), '', 'GET changes nothing');
  const res = await d.post(`/settings/api-keys/${k.id}/revoke`, {});
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/settings/api-keys');
  const list = await d.get('/settings/api-keys');
  assert.match(list.body, /Key &#39;to-revoke&#39; revoked|Key 'to-revoke' revoked/);
  assert.match(rowOf(list.body, k.id), /badge-revoked">Revoked</);
  assert.ok(!rowOf(list.body, k.id).includes(`/settings/api-keys/${k.id}/roll`), 'no roll button on a revoked key');
  assert.match(col(k.id, 'revoked_at'), /^\d+$/);
  const v = await verify(srv, k.secret);
  assertError(v, 401, 'invalid_token');
  assert.match(v.headers['www-authenticate'], /error="invalid_token"/);

  const again = await d.post(`/settings/api-keys/${k.id}/revoke`, {});
  assert.equal(again.status, 303);
  assert.match((await d.get('/settings/api-keys')).body, /already revoked/);
  assert.equal(count(srv, `SELECT count(*) FROM audit_log WHERE action = 'key.revoke' AND target = '${k.id}'`), 1);

  const other = addUser(srv, 'revoke-other@example.com');
  const od = await signedIn(srv.base, other.email, other.password);
  const ok = await createKeyViaForm(od, { name: 'not-yours' });
  const g = await d.get(`/settings/api-keys/${ok.id}/revoke`);
  assert.equal(g.status, 404);
  assert.ok(!g.body.includes('not-yours'));
  const p = await d.post(`/settings/api-keys/${ok.id}/revoke`, {});
  assert.equal(p.status, 404);
  assert.match(p.headers['content-type'], /text\/html/);
  assert.equal(col(ok.id, 'revoked_at'), '');
  assert.equal((await verify(srv, ok.secret)).status, 200);
  assert.ok(!rowOf((await d.get('/settings/api-keys')).body, ok.id), "another user's key is not listed");
});

test('roll: new key shown once, grace keeps the old one, a second roll is refused, grace 0 ends it', async () => {
  const old = await createKeyViaForm(d, { name: 'to-roll', permissions: ['read', 'write'] });
  const conf = await d.get(`/settings/api-keys/${old.id}/roll`);
  assert.equal(conf.status, 200);
  assert.ok(conf.body.includes(`action="/settings/api-keys/${old.id}/roll"`));
  assert.match(conf.body, /name="grace_seconds"/);
  const res = await d.post(`/settings/api-keys/${old.id}/roll`, { grace_seconds: '3600' });
  assert.equal(res.status, 200);
  assert.equal(res.headers['cache-control'], 'no-store');
  const secret = secretFrom(res.body);
  assert.ok(validKey(secret));
  assert.notEqual(secret, old.secret);
  // The exact moment the old key stops, then how far off it is.
  const stops = new Date(Number(col(old.id, 'expires_at')) * 1000).toISOString();
  const exact = `${stops.slice(0, 10)} ${stops.slice(11, 16)} UTC`;
  assert.ok(res.body.includes(`It replaces <code>${old.id}</code>, which keeps working until ${exact} (in 1 hour)`),
    res.body.match(/It replaces[^.]*/)?.[0]);
  const nv = await verify(srv, secret);
  assert.equal(nv.status, 200);
  assert.notEqual(nv.json.key_id, old.id);
  assert.deepEqual(nv.json.scopes, ['read', 'write']);
  assert.equal((await verify(srv, old.secret)).status, 200, 'old key works during the grace period');
  const exp = Number(col(old.id, 'expires_at'));
  assert.ok(Math.abs(exp - (now() + 3600)) < 30, `old expires ${exp}`);
  assert.equal(col(old.id, 'rolled_to'), nv.json.key_id);
  assert.ok(!(await d.get('/settings/api-keys')).body.includes(secret), 'not shown again');

  const before = keyCount();
  const twice = await d.post(`/settings/api-keys/${old.id}/roll`, { grace_seconds: '3600' });
  assert.equal(twice.status, 303);
  assert.equal(twice.headers.location, `/settings/api-keys/${nv.json.key_id}/shown`, 'to the successor');
  assert.equal(secretFrom(twice.body), null);
  assert.equal(keyCount(), before);
  const succ = await d.get(twice.headers.location);
  assert.match(succ.body, /already rolled; this is its replacement/);
  assert.ok(!succ.body.includes(secret), 'the successor is not shown again');
  // The list says which key replaced which.
  const list = (await d.get('/settings/api-keys')).body;
  assert.match(rowOf(list, nv.json.key_id), new RegExp(`Replaces <span class="mono">${old.id}</span>`));
  assert.match(rowOf(list, old.id), new RegExp(`Replaced by <span class="mono">${nv.json.key_id}</span>`));
  assert.ok(!rowOf(list, old.id).includes(`/settings/api-keys/${old.id}/roll"`), 'a rolled key offers no second roll');

  const k0 = await createKeyViaForm(d, { name: 'roll-now' });
  const r0 = await d.post(`/settings/api-keys/${k0.id}/roll`, { grace_seconds: '0' });
  assert.equal(r0.status, 200);
  assert.ok(r0.body.includes(`It replaces <code>${k0.id}</code>, which has stopped working`));
  const v0 = await verify(srv, k0.secret);
  assert.equal(v0.status, 401);
  assert.ok(['invalid_token', 'token_expired'].includes(v0.json.error), v0.body);
  assert.equal((await verify(srv, secretFrom(r0.body))).status, 200);

  const kb = await createKeyViaForm(d, { name: 'roll-bad' });
  const bad = await d.post(`/settings/api-keys/${kb.id}/roll`, { grace_seconds: '12345' });
  assert.equal(bad.status, 400);
  assert.equal(secretFrom(bad.body), null);
  assert.equal(col(kb.id, 'rolled_to'), '');
  assert.equal((await verify(srv, kb.secret)).status, 200);

  const other = addUser(srv, 'roll-other@example.com');
  const ok = await createKeyViaForm(await signedIn(srv.base, other.email, other.password), { name: 'theirs' });
  assert.equal((await d.get(`/settings/api-keys/${ok.id}/roll`)).status, 404);
  const foreign = await d.post(`/settings/api-keys/${ok.id}/roll`, { grace_seconds: '0' });
  assert.equal(foreign.status, 404);
  assert.equal(secretFrom(foreign.body), null);
  assert.equal(col(ok.id, 'rolled_to'), '');
  assert.equal((await verify(srv, ok.secret)).status, 200);
  // A forged roll (foreign Origin) changes nothing.
  const kf = await createKeyViaForm(d, { name: 'roll-forged' });
  assert.equal((await d.post(`/settings/api-keys/${kf.id}/roll`, { grace_seconds: '0' }, { origin: 'https://evil.example' })).status, 403);
  assert.equal((await d.post(`/settings/api-keys/${kf.id}/revoke`, {}, { csrf: false })).status, 403);
  assert.equal(col(kf.id, "coalesce(rolled_to, '') || coalesce(revoked_at, '')"), '');
  assert.equal((await verify(srv, kf.secret)).status, 200);
});

test('last used: shown after a verify, written at most once a minute', async () => {
  const k = await createKeyViaForm(d, { name: 'last-used' });
  assert.equal(col(k.id, 'last_used_at'), '');
  assert.equal((await verify(srv, k.secret)).status, 200);
  const t1 = Number(col(k.id, 'last_used_at'));
  assert.ok(Math.abs(t1 - now()) < 5);
  const row = rowOf((await d.get('/settings/api-keys')).body, k.id);
  const iso = new Date(t1 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  assert.ok(row.includes(`<time datetime="${iso}"`), row);
  assert.equal((await verify(srv, k.secret)).status, 200);
  assert.equal(Number(col(k.id, 'last_used_at')), t1, 'no write within 60 s');
  // A stored value 30 s old is left alone, one 120 s old is refreshed.
  sqlWrite(srv, `UPDATE api_keys SET last_used_at = ${now() - 30} WHERE id = '${k.id}'`);
  const t30 = Number(col(k.id, 'last_used_at'));
  await verify(srv, k.secret);
  assert.equal(Number(col(k.id, 'last_used_at')), t30);
  sqlWrite(srv, `UPDATE api_keys SET last_used_at = ${now() - 120} WHERE id = '${k.id}'`);
  await verify(srv, k.secret);
  assert.ok(Math.abs(Number(col(k.id, 'last_used_at')) - now()) < 5);
});

test('expiry: 7 days stored and shown; once past, 401 token_expired and Expired', async () => {
  const k = await createKeyViaForm(d, { name: 'expiring', expires_in_days: '7' });
  const exp = Number(col(k.id, 'expires_at'));
  assert.ok(Math.abs(exp - (now() + 7 * 86400)) < 30, `expires_at ${exp}`);
  const iso = new Date(exp * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  let row = rowOf((await d.get('/settings/api-keys')).body, k.id);
  assert.ok(row.includes(`<time datetime="${iso}"`), row);
  const v = await verify(srv, k.secret);
  assert.equal(v.status, 200);
  assert.equal(v.json.expires_at, iso);

  sqlWrite(srv, `UPDATE api_keys SET expires_at = ${now() - 60} WHERE id = '${k.id}'`);
  const e = await verify(srv, k.secret);
  assertError(e, 401, 'token_expired');
  assert.match(e.headers['www-authenticate'], /^Bearer realm="latchkey"/);
  assert.match(e.headers['www-authenticate'], /error="invalid_token"/);
  assert.match(e.headers['www-authenticate'], /error_description="expired"/);
  row = rowOf((await d.get('/settings/api-keys')).body, k.id);
  assert.match(row, /badge-expired">Expired</);
});

test('keys older than 90 days are due for rotation', async () => {
  const oldk = await createKeyViaForm(d, { name: 'ancient' });
  const fresh = await createKeyViaForm(d, { name: 'fresh' });
  sqlWrite(srv, `UPDATE api_keys SET created_at = ${now() - 91 * 86400} WHERE id = '${oldk.id}'`);
  const page = (await d.get('/settings/api-keys')).body;
  assert.match(rowOf(page, oldk.id), /Due for rotation/);
  assert.ok(!rowOf(page, fresh.id).includes('Due for rotation'));
});
