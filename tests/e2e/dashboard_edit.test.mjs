// Editing after creation (issue 16 items 2 and 6): a key is renamed, a
// restricted key's permissions only narrow; errors name the bad entry.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, ADMIN } from './lib/server.mjs';
import { createKeyViaForm, signedIn, addUser, api, verify, count, rowOf } from './lib/keys.mjs';
import { registerApp, token, verify as verifyToken } from './lib/oauth.mjs';

let srv;
let d;
const col = (id, c) => srv.sql(`SELECT ${c} FROM api_keys WHERE id = '${id}'`).trim();
const audits = (target) => srv.sql(`SELECT detail FROM audit_log WHERE action = 'key.update' AND target = '${target}' ORDER BY id`).trim();

before(async () => {
  srv = await startServer();
  d = await signedIn(srv.base, ADMIN.email, ADMIN.password);
});
after(async () => { if (srv) await srv.stop(); });

test('rename a key: saved, audited, the secret still works', async () => {
  const k = await createKeyViaForm(d, { name: 'old-name', permissions: ['read', 'write'] });
  const form = await d.get(`/settings/api-keys/${k.id}/edit`);
  assert.equal(form.status, 200);
  assert.match(form.body, /name="name" value="old-name"/);
  assert.match(form.body, /These can(&#39;|')t be changed: only a restricted key(&#39;|')s permissions can be narrowed/);
  assert.ok(rowOf((await d.get('/settings/api-keys')).body, k.id).includes(`href="/settings/api-keys/${k.id}/edit"`));

  const res = await d.post(`/settings/api-keys/${k.id}/edit`, { name: 'new-name' });
  assert.equal(res.status, 303, res.body.slice(0, 200));
  assert.equal(res.headers.location, '/settings/api-keys');
  assert.match((await d.get('/settings/api-keys')).body, /Key (&#39;|')new-name(&#39;|') saved/);
  assert.equal(col(k.id, 'name'), 'new-name');
  assert.equal(audits(k.id), 'name: old-name -> new-name');
  const v = await verify(srv, k.secret);
  assert.equal(v.status, 200);
  assert.equal(v.json.name ?? 'new-name', 'new-name');

  // A blank name: 400 with the error, nothing changed.
  const blank = await d.post(`/settings/api-keys/${k.id}/edit`, { name: '   ' });
  assert.equal(blank.status, 400);
  assert.match(blank.body, /id="name-error">Give the key a name/);
  assert.equal(col(k.id, 'name'), 'new-name');
  // An unrestricted key's permissions can't be sent along.
  const perms = await d.post(`/settings/api-keys/${k.id}/edit`, [['name', 'x'], ['permissions', 'read']]);
  assert.equal(perms.status, 400);
  assert.match(perms.body, /Only a restricted key(&#39;|')s permissions can change/);
  assert.equal(col(k.id, 'permissions'), 'read write');
  assert.equal(col(k.id, 'name'), 'new-name');
});

test('a restricted key narrows, never widens; the next verify obeys', async () => {
  const k = await createKeyViaForm(d, { name: 'narrow-me', restricted: '1', permissions: ['read'],
    resource_permissions: 'invoices:write customers:read' });
  const form = await d.get(`/settings/api-keys/${k.id}/edit`);
  assert.match(form.body, /id="perm-read" name="permissions" value="read" checked/);
  assert.doesNotMatch(form.body, /id="perm-write"/, 'only what the key holds is offered');
  assert.match(form.body, /name="resource_permissions" value="customers:read invoices:write"/);

  for (const [fields, bad, field] of [
    [[['permissions', 'read'], ['permissions', 'write']], 'write', 'permissions'],
    [[['permissions', 'read'], ['resource_permissions', 'invoices:write invoices:delete']], 'invoices:delete', 'resource_permissions'],
  ]) {
    const res = await d.post(`/settings/api-keys/${k.id}/edit`, [['name', 'narrow-me'], ...fields]);
    assert.equal(res.status, 400, bad);
    assert.match(res.body, new RegExp(`id="${field}-error">This key doesn(&#39;|')t hold (&#39;|')${bad}(&#39;|')`), bad);
  }
  const bogus = await d.post(`/settings/api-keys/${k.id}/edit`, [['name', 'narrow-me'], ['resource_permissions', 'invoices:read Bad:entry']]);
  assert.equal(bogus.status, 400);
  assert.match(bogus.body, /Resource permission (&#39;|')Bad:entry(&#39;|') is not one/);
  const quoted = await d.post(`/settings/api-keys/${k.id}/edit`, [['name', 'narrow-me'], ['resource_permissions', 'invoices:read <b>x:y']]);
  assert.equal(quoted.status, 400);
  assert.match(quoted.body, /Resource permission entry 2 is not one/, 'unsafe text named by position');
  const none = await d.post(`/settings/api-keys/${k.id}/edit`, [['name', 'narrow-me'], ['resource_permissions', '']]);
  assert.equal(none.status, 400);
  assert.match(none.body, /Keep at least one permission/);
  assert.equal(col(k.id, 'permissions'), 'read customers:read invoices:write', 'nothing changed yet');

  const ok = await d.post(`/settings/api-keys/${k.id}/edit`, [['name', 'narrowed'], ['resource_permissions', 'invoices:read']]);
  assert.equal(ok.status, 303, ok.body.slice(0, 300));
  assert.equal(col(k.id, 'permissions'), 'invoices:read');
  assert.equal(audits(k.id), 'name: narrow-me -> narrowed; permissions: read customers:read invoices:write -> invoices:read');
  const v = await verify(srv, k.secret);
  assert.equal(v.status, 200);
  assert.deepEqual(v.json.scopes, ['invoices:read']);
  const denied = await verify(srv, k.secret, '?scope=customers:read');
  assert.equal(denied.status, 403, 'the dropped permission is gone at once');
});

test('edits of someone else\'s key or an ended key: 404, nothing changed', async () => {
  const u = addUser(srv, 'edit-other@example.com');
  const od = await signedIn(srv.base, u.email, u.password);
  const theirs = await createKeyViaForm(od, { name: 'theirs' });
  assert.equal((await d.get(`/settings/api-keys/${theirs.id}/edit`)).status, 404);
  assert.equal((await d.post(`/settings/api-keys/${theirs.id}/edit`, { name: 'pwned' })).status, 404);
  assert.equal(col(theirs.id, 'name'), 'theirs');
  await od.post(`/settings/api-keys/${theirs.id}/revoke`);
  assert.equal((await od.get(`/settings/api-keys/${theirs.id}/edit`)).status, 404);
  assert.equal((await od.post(`/settings/api-keys/${theirs.id}/edit`, { name: 'revived?' })).status, 404);
  assert.equal(col(theirs.id, 'name'), 'theirs');
  // Without CSRF: 403.
  const mine = await createKeyViaForm(d, { name: 'csrf-edit' });
  assert.equal((await d.post(`/settings/api-keys/${mine.id}/edit`, { name: 'x' }, { csrf: false })).status, 403);
  assert.equal(col(mine.id, 'name'), 'csrf-edit');
});

test('API errors name the bad permission', async () => {
  const admin = await createKeyViaForm(d, { name: 'api-admin', permissions: ['read', 'write', 'delete', 'admin'] });
  const res = await api(srv, 'POST', '/v1/keys', { key: admin.secret,
    body: { name: 'x', environment: 'test', restricted: true, permissions: ['read', 'invoices:reed'] } });
  assert.equal(res.status, 400, res.body);
  // By position: what a client sent is never echoed, whatever it holds.
  assert.equal(res.json.message, 'permissions: entry 2 is not allowed');
  const sql = await api(srv, 'POST', '/v1/keys', { key: admin.secret,
    body: { name: 'x', environment: 'test', permissions: ["read' OR 1=1 --"] } });
  assert.equal(sql.status, 400);
  assert.ok(!sql.body.includes('OR 1=1'), sql.body);
});

test('app scopes: whitespace forgiven, a bad scope named, refresh needs offline_access', async () => {
  const tidy = await registerApp(d, { name: 'Tidy', scopes: '  read\t write\r\n offline_access ' });
  assert.equal(tidy.res.status, 200, tidy.html.slice(0, 300));
  assert.equal(srv.sql(`SELECT scopes FROM oauth_clients WHERE client_id = '${tidy.clientId}'`).trim(), 'read write offline_access');

  const bad = await registerApp(d, { name: 'Bad scope', scopes: 'read wrte' });
  assert.equal(bad.res.status, 400);
  assert.match(bad.html, /id="scopes-error">(&#39;|')wrte(&#39;|') is not a scope/);

  const before = count(srv, 'SELECT count(*) FROM oauth_clients');
  const noOffline = await registerApp(d, { name: 'No offline', scopes: 'read',
    grant_types: ['authorization_code', 'refresh_token'] });
  assert.equal(noOffline.res.status, 400);
  assert.match(noOffline.html, /Refresh tokens are issued only for the offline_access scope/);
  assert.equal(count(srv, 'SELECT count(*) FROM oauth_clients'), before);
});

test('edit an app: the same client_id; widening keeps its tokens, narrowing signs it out', async () => {
  const app = await registerApp(d, { name: 'Editable', grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
    redirect_uris: ['https://app.example/cb', 'https://app.example/other'], scopes: 'read write offline_access' });
  assert.equal(app.res.status, 200, app.html.slice(0, 300));
  const form = await d.get(`/settings/oauth-apps/${app.clientId}/edit`);
  assert.equal(form.status, 200);
  assert.match(form.body, /name="name" value="Editable"/);
  assert.match(form.body, /<textarea id="redirect_uris"[^>]*>https:\/\/app.example\/cb\nhttps:\/\/app.example\/other<\/textarea>/);
  assert.match(form.body, /name="scopes" value="read write offline_access"/);
  assert.match(form.body, /id="grant-client_credentials" name="grant_types" value="client_credentials" checked/);
  assert.doesNotMatch(form.body, /name="client_type"/, 'the type stays');

  const cc = await token(srv.base, { grant_type: 'client_credentials', scope: 'read' }, { auth: [app.clientId, app.secret] });
  assert.equal(cc.status, 200, cc.body);
  const at = JSON.parse(cc.body).access_token;
  const fields = (over = {}) => [['name', over.name ?? 'Editable'],
    ['redirect_uris', over.uris ?? 'https://app.example/cb\r\nhttps://app.example/other'],
    ['scopes', over.scopes ?? 'read write offline_access'],
    ...(over.grants ?? ['authorization_code', 'refresh_token', 'client_credentials']).map((g) => ['grant_types', g])];

  // Widening: a scope and a URI more; the token it holds still works.
  const wide = await d.post(`/settings/oauth-apps/${app.clientId}/edit`, fields({ name: 'Edited',
    scopes: 'read write delete offline_access', uris: 'https://app.example/cb\nhttps://app.example/other\nhttps://app.example/third' }));
  assert.equal(wide.status, 303, wide.body.slice(0, 300));
  const row = srv.sql(`SELECT name, scopes, redirect_uris FROM oauth_clients WHERE client_id = '${app.clientId}'`).trim();
  assert.equal(row, 'Edited|read write delete offline_access|https://app.example/cb\nhttps://app.example/other\nhttps://app.example/third');
  assert.equal((await verifyToken(srv.base, at)).status, 200, 'a widening edit leaves tokens alone');
  assert.match((await d.get('/settings/oauth-apps')).body, /App (&#39;|')Edited(&#39;|') saved\./);

  // Errors: re-rendered with what was sent, nothing changed.
  const bad = await d.post(`/settings/oauth-apps/${app.clientId}/edit`, fields({ name: 'Edited', uris: 'https://app.example/cb\nftp://nope' }));
  assert.equal(bad.status, 400);
  assert.match(bad.body, /id="redirect_uris-error">ftp:\/\/nope is not a redirect URI/);
  assert.match(bad.body, /ftp:\/\/nope<\/textarea>/);
  assert.equal(srv.sql(`SELECT name FROM oauth_clients WHERE client_id = '${app.clientId}'`).trim(), 'Edited');

  // Narrowing: a scope removed; everything it held ends.
  const narrow = await d.post(`/settings/oauth-apps/${app.clientId}/edit`, fields({ name: 'Edited', scopes: 'read offline_access',
    uris: 'https://app.example/cb\nhttps://app.example/other\nhttps://app.example/third' }));
  assert.equal(narrow.status, 303);
  assert.match((await d.get('/settings/oauth-apps')).body, /signed out everywhere/);
  assert.equal((await verifyToken(srv.base, at)).status, 401, 'its client_credentials token ended');
  const again = await token(srv.base, { grant_type: 'client_credentials', scope: 'write' }, { auth: [app.clientId, app.secret] });
  assert.equal(again.status, 400, 'write is no longer allowed');
  assert.match(srv.sql(`SELECT detail FROM audit_log WHERE action = 'app.update' AND target = '${app.clientId}' ORDER BY id DESC LIMIT 1`), /narrowed/);
  assert.equal(srv.sql(`SELECT client_id FROM oauth_clients WHERE client_id = '${app.clientId}'`).trim(), app.clientId, 'same client_id');

  // Somebody else's app: 404.
  const u = addUser(srv, 'app-edit-other@example.com');
  const od = await signedIn(srv.base, u.email, u.password);
  assert.equal((await od.get(`/settings/oauth-apps/${app.clientId}/edit`)).status, 404);
  assert.equal((await od.post(`/settings/oauth-apps/${app.clientId}/edit`, fields({ name: 'pwned' }))).status, 404);
  assert.equal(srv.sql(`SELECT name FROM oauth_clients WHERE client_id = '${app.clientId}'`).trim(), 'Edited');
});
