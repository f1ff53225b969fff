// Issue 16, item 6 (first part): the leaked-key finder forgives what is pasted into
// it. Blanks around the key are ignored, and a key is taken out of the line it was
// found in (an Authorization header, a log line, a JSON body): the first token of
// the key's shape with a right checksum (keyfmt_find, unit-tested in
// tests/unit/test_keyfmt.c). Nothing pasted is echoed or logged. The command line's
// `keys revoke --leaked` reads such lines too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, ADMIN } from './lib/server.mjs';
import { createKeyViaForm, addUser, verify, signedIn, forgeKey, badChecksum } from './lib/keys.mjs';

let srv; let ad; let owner; let K; let K2;
const found = (html) => {
  const i = html.indexOf('<section class="panel" id="found"');
  return i < 0 ? null : html.slice(i, html.indexOf('id="keys"'));
};
const error = (html) => (/<div class="alert" role="alert" id="find-error">([\s\S]*?)<\/div>/.exec(html) || [])[1];

before(async () => {
  srv = await startServer();
  ad = await signedIn(srv.base, ADMIN.email, ADMIN.password);
  await ad.get('/admin/keys');
  owner = addUser(srv, 'leaky@example.com');
  const od = await signedIn(srv.base, owner.email, owner.password);
  K = await createKeyViaForm(od, { name: 'ci-deploy', permissions: ['read'] });
  K2 = await createKeyViaForm(od, { name: 'second', environment: 'live', permissions: ['read'] });
});
after(async () => { if (srv) await srv.stop(); });

test('blanks around the key are trimmed; a key is taken out of a header, a log line or JSON', async () => {
  const pastes = [
    [`  ${K.secret}  `, false],
    [`\n${K.secret}\r\n`, false],
    [`\t${K.secret}`, false],
    [`Authorization: Bearer ${K.secret}`, true],
    [`X-API-Key: ${K.secret}`, true],
    [`2026-12-03T12:00:00Z\tINFO\tGET /v1/invoices?api_key=${K.secret}&limit=10 200 12ms`, true],
    [`{"headers":{"x-api-key":"${K.secret}"}}`, true],
    [`curl -H 'Authorization: Bearer ${K.secret}' https://api.example.com/v1/x`, true],
    // A mistyped copy first, then the real one: the one with the right checksum.
    [`old: ${badChecksum(K.secret)}\nnew: ${K.secret}`, true],
  ];
  for (const [text, taken] of pastes) {
    const r = await ad.post('/admin/keys/find', { key: text });
    assert.equal(r.status, 200, JSON.stringify(text));
    const f = found(r.body);
    assert.ok(f, `found in ${JSON.stringify(text)}: ${error(r.body)}`);
    assert.match(f, new RegExp(`Key found: ci-deploy[\\s\\S]*${K.id}[\\s\\S]*leaky@example\\.com`));
    assert.equal(f.includes('Taken from the text you pasted.'), taken, JSON.stringify(text));
    assert.ok(!r.body.includes(K.secret.slice(8, 40)), 'the key is not echoed');
    for (const around of ['api_key=', 'GET /v1/invoices', 'x-api-key', 'curl -H', 'old: ']) assert.ok(!r.body.includes(around), `nor the text around it: ${around}`);
  }
  const two = await ad.post('/admin/keys/find', { key: `${K2.secret} ${K.secret}` });
  assert.match(found(two.body), /Key found: second/, 'the first key of the text');
});

test('nothing that looks like a key, a wrong checksum, an unknown key: each says so', async () => {
  const cases = [
    ['Authorization: Bearer', /nothing in what you pasted looks like one/],
    ['   ', /nothing in what you pasted looks like one/],
    [`x${K.secret}`, /nothing in what you pasted looks like one/],
    [`${K.secret}0`, /nothing in what you pasted looks like one/],
    [`Bearer ${badChecksum(K.secret)}`, /its checksum is wrong, so a character is mistyped or missing/],
    [`key=${forgeKey('sk_live_')}`, /No key matches the key in what you pasted\. It is well formed/],
    [forgeKey(), /No key matches\. It is well formed/],
  ];
  for (const [text, re] of cases) {
    const r = await ad.post('/admin/keys/find', { key: text });
    assert.equal(r.status, 200, JSON.stringify(text));
    assert.ok(!found(r.body), JSON.stringify(text));
    assert.match(error(r.body) || '', re, JSON.stringify(text));
    assert.match(r.body, /id="key" name="key"[^>]*aria-invalid="true" autofocus/);
  }
  const long = await ad.post('/admin/keys/find', { key: `${'x'.repeat(4000)} ${K.secret}` });
  assert.ok(found(long.body), 'a key at the end of a long paste');
  assert.equal((await ad.post('/admin/keys/find', { key: 'x'.repeat(4097) })).status, 400, 'longer than 4096 bytes');
  assert.equal((await ad.post('/admin/keys/find', { key: `a\u0000${K.secret}` })).status, 400, 'a NUL is refused');
  const secret = K.secret.slice(8, 40);
  assert.ok(![srv.log(), srv.output(), srv.sql('SELECT * FROM audit_log')].some((x) => x.includes(secret)), 'not logged');
  assert.equal((await verify(srv, K.secret)).status, 200, 'finding is not revoking');
});

test('the finder\'s result leads to the revoke confirmation of that key', async () => {
  const r = await ad.post('/admin/keys/find', { key: `Authorization: Bearer ${K2.secret}` });
  assert.match(found(r.body), new RegExp(`href="/admin/keys/${K2.id}/revoke">Revoke this key…</a>`));
});

test('keys revoke --leaked takes the key out of each line', async () => {
  const lines = [`Authorization: Bearer ${K.secret}`, 'a line without any key', `  ${K2.secret}  `, ''].join('\n');
  const r = srv.cli(['keys', 'revoke', '--leaked', '--reason', 'found in a log'], lines);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`revoked ${K.id} \\(leaky@example\\.com\\)`));
  assert.match(r.stdout, new RegExp(`revoked ${K2.id} \\(leaky@example\\.com\\)`));
  assert.match(r.stdout, /2 revoked, 1 not found or already inactive/);
  assert.ok(!r.stdout.includes(K.secret.slice(8, 40)) && !r.stderr.includes(K.secret.slice(8, 40)));
  for (const k of [K, K2]) assert.equal((await verify(srv, k.secret)).status, 401);
});
