// The dashboard of SPEC §9: /admin/plans (list, create, edit), an account's
// plan on /admin/users, a key's tier on /admin/keys, and the usage pages
// (/settings/usage, /settings/api-keys/{id}) with the quota bar, the SVG
// chart and its data table, exact after N verifications.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, ADMIN } from './lib/server.mjs';
import { signedIn, addUser, createKeyViaForm, verify, count, unescapeHtml } from './lib/keys.mjs';

let srv;
let admin;
const today = () => new Date().toISOString().slice(0, 10);

before(async () => {
  srv = await startServer({ env: { LATCHKEY_VERIFY_PROCS: '4' } });
  admin = await signedIn(srv.base, ADMIN.email, ADMIN.password);
});
after(async () => { if (srv) await srv.stop(); });

test('/admin/plans: empty state, create, refusals, edit; audited', async () => {
  let page = await admin.get('/admin/plans');
  assert.equal(page.status, 200);
  assert.match(page.body, /No plans yet/);
  assert.match(page.body, /href="\/admin\/plans" aria-current="page"/);
  const created = await admin.post('/admin/plans', { name: 'standard', display_name: 'Standard', rank: '20',
    per_second: '', per_hour: '1000', per_month: '40' });
  assert.equal(created.status, 303);
  page = await admin.get('/admin/plans');
  assert.match(page.body, /Plan standard created/);
  assert.match(page.body, /<tr data-plan="standard">[\s\S]*?Standard[\s\S]*?1000\/h, 40\/month/);
  // A bad or taken name: the form again with the error at the field, nothing made.
  for (const [name, msg] of [['Bad Name', /a-z, 0-9/], ['standard', /exists/]]) {
    const r = await admin.post('/admin/plans', { name, display_name: 'X', rank: '1' });
    assert.equal(r.status, 400);
    assert.match(unescapeHtml(r.body), msg);
    assert.match(r.body, /aria-invalid="true"/);
  }
  assert.equal((await admin.post('/admin/plans', { name: 'x', per_hour: '0' })).status, 400);
  assert.equal((await admin.post('/admin/plans', { name: 'x', per_hour: 'many' })).status, 400);
  assert.equal(count(srv, 'SELECT count(*) FROM plans'), 1);
  // Without CSRF: 403, nothing made.
  assert.equal((await admin.post('/admin/plans', { name: 'sneaky' }, { csrf: false })).status, 403);
  assert.equal(count(srv, "SELECT count(*) FROM plans WHERE name = 'sneaky'"), 0);
  const edit = await admin.get('/admin/plans/standard');
  assert.equal(edit.status, 200);
  assert.match(edit.body, /name="per_month" value="40"/);
  const saved = await admin.post('/admin/plans/standard', { display_name: 'Standard', rank: '20',
    per_second: '10', per_hour: '1000', per_month: '50' });
  assert.equal(saved.status, 303);
  assert.equal(srv.sql("SELECT per_second, per_month FROM plans WHERE name = 'standard'").trim(), '10|50');
  assert.equal((await admin.get('/admin/plans/nope')).status, 404);
  assert.equal((await admin.post('/admin/plans/nope', { rank: '1' })).status, 404);
  assert.equal(count(srv, "SELECT count(*) FROM audit_log WHERE action IN ('plan.create', 'plan.update')"), 2);
});

test('an admin sets an account\'s plan and a key\'s tier; a user may not', async () => {
  const u = addUser(srv, 'dash-plan@example.com');
  const users = await admin.get('/admin/users');
  assert.match(users.body, new RegExp(`<select id="plan-${u.id}" name="plan">`));
  assert.equal((await admin.post(`/admin/users/${u.id}/plan`, { plan: 'standard' })).status, 303);
  assert.equal(srv.sql(`SELECT plan FROM users WHERE id = '${u.id}'`).trim(), 'standard');
  assert.match((await admin.get('/admin/users')).body, /is now on standard/);
  assert.equal((await admin.post(`/admin/users/${u.id}/plan`, { plan: 'gold' })).status, 404);
  assert.equal((await admin.post(`/admin/users/${u.id}/plan`, { plan: 'Bad!' })).status, 400);
  const d = await signedIn(srv.base, u.email, u.password);
  const k = await createKeyViaForm(d, { name: 'tiered' });
  assert.equal(srv.sql(`SELECT tier FROM api_keys WHERE id = '${k.id}'`).trim(), 'standard');
  // Not an admin: 403 and nothing changed.
  assert.equal((await d.post(`/admin/users/${u.id}/plan`, { plan: 'none' })).status, 403);
  assert.equal((await d.get('/admin/plans')).status, 403);
  const keys = await admin.get(`/admin/keys?owner=${encodeURIComponent(u.email)}`);
  assert.match(keys.body, /<span class="badge badge-tier" title="Tier standard">standard<\/span>/);
  const form = await admin.get(`/admin/keys/${k.id}/tier`);
  assert.equal(form.status, 200);
  assert.match(form.body, /<option value="standard" selected>/);
  assert.equal((await admin.post(`/admin/keys/${k.id}/tier`, { plan: 'none' })).status, 303);
  assert.equal(srv.sql(`SELECT quote(tier) FROM api_keys WHERE id = '${k.id}'`).trim(), 'NULL');
  assert.equal((await admin.post('/admin/keys/key_AAAAAAAAAAAAAAAA/tier', { plan: 'standard' })).status, 404);
  assert.equal(count(srv, `SELECT count(*) FROM audit_log WHERE action = 'key.tier' AND target = '${k.id}'`), 1);
});

test('/settings/usage and the key page: the quota bar, the chart and its table, exact', async () => {
  const u = addUser(srv, 'dash-usage@example.com');
  assert.equal(srv.cli(['plan', 'add', 'metered', '--display-name', 'Metered', '--per-month', '50']).status, 0);
  assert.equal(srv.cli(['user', 'plan', u.email, 'metered']).status, 0);
  const d = await signedIn(srv.base, u.email, u.password);
  let page = await d.get('/settings/usage');
  assert.equal(page.status, 200);
  assert.match(page.body, /No keys yet/);
  assert.match(page.body, /<strong class="quota-used">0<\/strong> of 50 verifications/);
  const a = await createKeyViaForm(d, { name: 'alpha', permissions: ['read'] });
  const b = await createKeyViaForm(d, { name: 'beta', permissions: ['read'] });
  await Promise.all([
    ...Array.from({ length: 30 }, () => verify(srv, a.secret)),
    ...Array.from({ length: 6 }, () => verify(srv, a.secret, '?scope=admin')),
    ...Array.from({ length: 5 }, () => verify(srv, b.secret)),
  ]);
  page = await d.get('/settings/usage');
  const html = page.body;
  // 41 of 50: amber (at least 80 %).
  assert.match(html, /<div class="quota quota-warn">/);
  assert.match(html, /<strong class="quota-used">41<\/strong> of 50 verifications/);
  assert.match(html, /role="meter" aria-valuemin="0" aria-valuemax="50" aria-valuenow="41"/);
  assert.match(html, /<rect class="quota-fill" x="0" y="0" width="82.0"/);
  // The chart: 30 bars, today marked, titles with the numbers; the table agrees.
  assert.equal((html.match(/<g class="chart-bar">/g) || []).length, 30);
  assert.match(html, new RegExp(`<title>${today()} \\(today\\): 35 ok, 6 refused</title>`));
  assert.match(html, /class="chart-today"/);
  assert.match(html, /role="img" aria-labelledby="usage-all-title usage-all-desc"/);
  assert.match(html, new RegExp(`<tr data-date="${today()}">\\s*<th scope="row" class="mono">${today()}</th>\\s*`
    + '<td class="num" data-label="Allowed">35</td>\\s*<td class="num" data-label="Insufficient scope">6</td>'));
  assert.doesNotMatch(html.slice(html.indexOf("<main")), /<script/);
  // Per key, each row links to the key's page.
  assert.match(html, new RegExp(`<a class="name" href="/settings/api-keys/${a.id}">alpha</a>[\\s\\S]*?`
    + 'data-label="Allowed">30</td>\\s*<td class="num" data-label="Refused">6</td>'));
  const kp = await d.get(`/settings/api-keys/${b.id}`);
  assert.equal(kp.status, 200);
  assert.match(kp.body, /<h1>beta<\/h1>/);
  assert.match(kp.body, new RegExp(`<title>${today()} \\(today\\): 5 ok, 0 refused</title>`));
  assert.match(kp.body, /<strong class="quota-used">41<\/strong> of 50/);
  // Another user's key: 404.
  const other = await signedIn(srv.base, ADMIN.email, ADMIN.password);
  assert.equal((await other.get(`/settings/api-keys/${b.id}`)).status, 404);
  // Over the quota: red.
  await Promise.all(Array.from({ length: 12 }, () => verify(srv, b.secret)));
  const red = (await d.get('/settings/usage')).body;
  assert.match(red, /<div class="quota quota-over">/);
  assert.match(red, /quota_exceeded until the month ends/);
  assert.match(red, /width="100.0"/);
});

test('usage page without a plan: the month\'s count, no quota bar', async () => {
  const u = addUser(srv, 'dash-noplan@example.com');
  const d = await signedIn(srv.base, u.email, u.password);
  const k = await createKeyViaForm(d, { name: 'solo', permissions: ['read'] });
  await verify(srv, k.secret);
  const html = (await d.get('/settings/usage')).body;
  assert.match(html, /<strong class="quota-used">1<\/strong> verifications in \d{4}-\d\d\. <span class="muted">Your account has no plan/);
  assert.doesNotMatch(html, /role="meter"/);
});
