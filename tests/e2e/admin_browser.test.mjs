// The leaked-key flow in a real (headless Debian) Chromium (issue 6): a user creates a
// key on the dashboard; an admin pastes it into Admin → Keys → "Find a leaked key",
// sees whose it is, revokes it with a reason, and finds the revocation in the audit
// log. Screenshots go to test-artifacts/screenshots/admin-*-<desktop|phone>.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, ADMIN, ROOT } from './lib/server.mjs';
import { request, json } from './lib/http.mjs';
import { addUser } from './lib/keys.mjs';
import { launchBrowser, DESKTOP, PHONE } from './lib/browser.mjs';

// One directory per web server: the two end-to-end runs happen at once.
const SHOTS = path.join(ROOT, 'test-artifacts', 'screenshots', process.env.LATCHKEY_SERVER || 'lighttpd');
const REASON = 'pasted in a public issue tracker';

let srv;
let base; // http://localhost:PORT: Secure and __Host- cookies work there over http
let b;
let owner;
const problems = []; // console errors, page errors, CSP violations

before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  srv = await startServer();
  base = `http://localhost:${srv.port}`;
  owner = addUser(srv, 'leaky@example.com', 'leaky user passphrase 21');
  b = await launchBrowser({ viewport: DESKTOP });
  await watch(b.page, problems);
});

after(async () => {
  if (b) await b.close();
  if (srv) await srv.stop();
});

async function watch(page, into) {
  page.on('console', (m) => {
    // Chromium fetches /favicon.ico on its own; the layout links no icon (not a page error).
    if (/\/favicon\.ico$/.test(m.location().url || '')) return;
    if (m.type() === 'error') into.push(`console: ${m.text()} [${m.location().url || page.url()}]`);
  });
  page.on('pageerror', (e) => into.push(`pageerror: ${e.message} (${page.url()})`));
  // An init script is not subject to the page's CSP; it reports every violation.
  await page.context().addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
}

// Full-page screenshots at both widths; leaves the page at desktop width.
async function shoot(page, name) {
  for (const [kind, size] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    await page.setViewportSize(size);
    const file = path.join(SHOTS, `${name}-${kind}.png`);
    await page.screenshot({ path: file, fullPage: true });
    assert.ok(fs.statSync(file).size > 1000, `${file} written`);
  }
  await page.setViewportSize(DESKTOP);
}

async function signIn(page, email, password) {
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await Promise.all([page.waitForURL((u) => u.pathname !== '/login'),
    page.getByRole('button', { name: 'Sign in' }).click()]);
  assert.equal((await page.locator('.topbar .account-email').textContent()).trim(), email);
}

async function signOut(page) {
  await Promise.all([page.waitForURL((u) => u.pathname === '/login'),
    page.locator('.topbar').getByRole('button', { name: 'Sign out' }).click()]);
}

// Follows a link of the Admin navigation group.
async function adminNav(page, name, pathname) {
  const nav = page.getByRole('navigation', { name: 'Settings' }).getByRole('list', { name: 'Admin' });
  await Promise.all([page.waitForURL((u) => u.pathname === pathname),
    nav.getByRole('link', { name, exact: true }).click()]);
  assert.equal(await nav.getByRole('link', { name, exact: true }).getAttribute('aria-current'), 'page');
}

const verify = (secret) => request(srv.base, 'GET', '/v1/auth/verify', { headers: { 'X-API-Key': secret } });

test('a leaked key: found by an admin, revoked with a reason, in the audit log', async () => {
  const { page } = b;
  // The owner creates a key on the dashboard and reads it once from #new-key.
  await signIn(page, owner.email, owner.password);
  assert.equal(await page.locator('#nav-admin').count(), 0, 'no Admin navigation for a user');
  await page.goto(`${base}/settings/api-keys/new`);
  await page.getByLabel('Name', { exact: true }).fill('ci-deploy');
  await page.getByLabel('Test', { exact: true }).check();
  await page.getByLabel('read', { exact: true }).check();
  await Promise.all([page.waitForLoadState('load'),
    page.getByRole('button', { name: 'Create key' }).click()]);
  const secret = (await page.locator('#new-key').textContent()).trim();
  assert.match(secret, /^sk_test_[0-9A-Za-z]{38}$/);
  const ok = await verify(secret);
  assert.equal(ok.status, 200, ok.body);
  const keyId = json(ok).key_id;
  assert.match(keyId, /^key_[0-9A-Za-z]{16}$/);
  await signOut(page);

  // The admin pastes it into the finder.
  await signIn(page, ADMIN.email, ADMIN.password);
  await adminNav(page, 'Keys', '/admin/keys');
  assert.ok(await page.getByRole('heading', { name: 'Find a leaked key' }).isVisible());
  await page.getByLabel('Paste a full key').fill(secret);
  await Promise.all([page.waitForURL((u) => u.pathname === '/admin/keys/find'),
    page.getByRole('button', { name: 'Find', exact: true }).click()]);
  const found = page.locator('#found');
  await found.waitFor();
  assert.ok(await page.getByRole('heading', { name: 'Key found: ci-deploy' }).isVisible());
  const text = await found.textContent();
  assert.ok(text.includes(owner.email), `owner in: ${text}`);
  assert.ok(text.includes(owner.id));
  assert.ok(text.includes(keyId));
  assert.equal((await found.locator('.badge-active').textContent()).trim(), 'Active');
  assert.ok(!page.url().includes(secret.slice(8, 40)), 'the key is not in the URL');
  assert.ok(!(await page.content()).includes(secret.slice(8, 40)), 'the key is not echoed');
  assert.equal(await page.getByLabel('Paste a full key').inputValue(), '', 'the box is not refilled');
  await shoot(page, 'admin-keys-found');

  // Revoke it from the found panel: a confirmation page naming the key asks for the reason.
  await Promise.all([page.waitForURL((u) => u.pathname === `/admin/keys/${keyId}/revoke`),
    found.getByRole('link', { name: 'Revoke this key…' }).click()]);
  assert.equal((await page.locator('#confirm-heading').textContent()).trim(), `Revoke ci-deploy of ${owner.email}?`);
  assert.equal(await page.locator(`li[data-key-id="${keyId}"]`).count(), 1);
  await shoot(page, 'admin-key-confirm');
  await page.getByLabel('Reason (goes to the audit log)').fill(REASON);
  await Promise.all([page.waitForURL((u) => u.pathname === '/admin/keys'),
    page.getByRole('button', { name: 'Revoke key' }).click()]);
  assert.equal((await page.locator('.notice').textContent()).trim(), `Revoked key 'ci-deploy' of ${owner.email}.`);
  const row = page.locator(`tr[data-key-id="${keyId}"]`);
  assert.equal((await row.locator('.badge-revoked').textContent()).trim(), 'Revoked');
  const gone = await verify(secret);
  assert.equal(gone.status, 401, gone.body);
  assert.equal(json(gone).error, 'invalid_token');

  // The audit log shows who revoked which key and why, newest first.
  await adminNav(page, 'Audit log', '/admin/audit');
  const first = page.locator('table.table-audit tbody tr').first();
  assert.equal((await first.locator('.audit-code').textContent()).trim(), 'admin.key.revoke');
  assert.equal((await first.locator('.audit-what div').textContent()).trim(), 'Admin revoked an API key');
  assert.equal((await first.locator('.audit-who').textContent()).trim(), ADMIN.email);
  assert.equal((await first.locator('.audit-target').textContent()).trim(), keyId);
  assert.equal((await first.locator('.audit-detail').textContent()).trim(), REASON);
  assert.match((await first.locator('.audit-ip').textContent()).trim(), /^(127\.0\.0\.1|::1)$/);
  await shoot(page, 'admin-audit');

  await adminNav(page, 'Users', '/admin/users');
  const me = page.locator('tr.row-current');
  assert.ok((await me.textContent()).includes('You'));
  assert.ok((await page.locator(`tr[data-user-id="${owner.id}"]`).textContent()).includes(owner.email));
  await shoot(page, 'admin-users');
  assert.deepEqual(problems, [], 'no console errors, page errors or CSP violations');
});

test('no horizontal page overflow at phone width on the admin pages', async () => {
  const { page } = b;
  await page.setViewportSize(PHONE);
  const wide = [];
  try {
    for (const p of ['/admin/users', '/admin/keys', '/admin/audit']) {
      await page.goto(`${base}${p}`);
      assert.equal(new URL(page.url()).pathname, p);
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      if (w > PHONE.width + 1) wide.push(`${p} is ${w}px wide at ${PHONE.width}px`);
    }
  } finally {
    await page.setViewportSize(DESKTOP);
  }
  assert.deepEqual(wide, [], 'no horizontal page overflow');
  assert.deepEqual(problems, [], 'no console errors, page errors or CSP violations');
});

// Issue 16, item 5: the "select all" box (static/app.js; hidden without JavaScript)
// ticks every listed key; the bulk form opens the confirmation page listing them.
test('select all ticks every listed key; revoke selected confirms the list before revoking', async () => {
  const { page } = b;
  const tick = addUser(srv, 'ticks@example.com', 'ticks user passphrase 22');
  const made = ['t-one', 't-two', 't-three'];
  await page.goto(`${base}/admin/keys?owner=${encodeURIComponent(tick.email)}`);
  assert.equal(await page.locator('tr[data-key-id]').count(), 0);
  await signOut(page);
  await signIn(page, tick.email, tick.password);
  for (const name of made) {
    await page.goto(`${base}/settings/api-keys/new`);
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('read', { exact: true }).check();
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Create key' }).click()]);
  }
  await signOut(page);
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto(`${base}/admin/keys?owner=${encodeURIComponent(tick.email)}`);
  const all = page.locator('#select-all');
  assert.ok(await all.isVisible(), 'shown by the script');
  const boxes = page.locator('input[name="key_id"]');
  assert.equal(await boxes.count(), 3);
  await all.check();
  for (let i = 0; i < 3; i++) assert.ok(await boxes.nth(i).isChecked());
  await boxes.nth(1).uncheck();
  assert.equal(await all.evaluate((e) => [e.checked, e.indeterminate].join()), 'false,true');
  await boxes.nth(1).check();
  assert.ok(await all.isChecked());
  await page.locator('#bulk-reason').fill('ticked them all');
  await Promise.all([page.waitForURL((u) => u.pathname === '/admin/keys/revoke'),
    page.getByRole('button', { name: 'Revoke selected…' }).click()]);
  assert.equal((await page.locator('#confirm-heading').textContent()).trim(), 'Revoke these 3 keys?');
  assert.equal(await page.locator('.confirm-list li').count(), 3);
  assert.equal(await page.getByLabel('Reason (goes to the audit log)').inputValue(), 'ticked them all');
  await shoot(page, 'admin-keys-revoke-confirm');
  await Promise.all([page.waitForURL((u) => u.pathname === '/admin/keys'),
    page.getByRole('button', { name: 'Revoke 3 keys' }).click()]);
  assert.equal((await page.locator('.notice').textContent()).trim(), `Revoked 3 keys of ${tick.email}.`);
  assert.equal(await page.locator('tr[data-key-id] .badge-revoked').count(), 3);
  assert.deepEqual(problems, [], 'no console errors, page errors or CSP violations');
});
