// The dashboard in a real (headless Debian) Chromium: sign in, the API key flow with
// its show-once secret, the same without JavaScript, sign out, and phone layout.
// Screenshots of each main page at desktop and phone width go to
// test-artifacts/screenshots/<name>-<desktop|phone>.png (UI.md, last paragraph).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, ADMIN, ROOT } from './lib/server.mjs';
import { request, json } from './lib/http.mjs';
import { launchBrowser, DESKTOP, PHONE } from './lib/browser.mjs';

// One directory per web server: the two end-to-end runs happen at once.
const SHOTS = path.join(ROOT, 'test-artifacts', 'screenshots', process.env.LATCHKEY_SERVER || 'lighttpd');

let srv;
let base; // http://localhost:PORT: Secure and __Host- cookies work there over http
let b;    // the JavaScript-enabled browser, shared by the tests in order
const problems = []; // console errors, page errors, CSP violations

before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  srv = await startServer();
  base = `http://localhost:${srv.port}`;
  b = await launchBrowser({ viewport: DESKTOP });
  await watch(b.page, problems);
});

after(async () => {
  if (b) await b.close();
  if (srv) await srv.stop();
});

// Records console errors, uncaught exceptions and CSP violations of a page.
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

function noProblems() {
  assert.deepEqual(problems, [], 'no console errors, page errors or CSP violations');
}

// Full-page screenshots at both widths; leaves the page at desktop width.
async function shoot(page, name) {
  for (const [kind, size] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    await page.setViewportSize(size);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${kind}.png`), fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
}

function pathOf(page) {
  const u = new URL(page.url());
  return u.pathname + u.search;
}

async function signIn(page) {
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await Promise.all([page.waitForURL((u) => u.pathname !== '/login'),
    page.getByRole('button', { name: 'Sign in' }).click()]);
}

// Fills and submits the create form; returns the shown secret.
async function createKey(page, name) {
  await page.goto(`${base}/settings/api-keys`);
  // The list links to the form's own page.
  await Promise.all([page.waitForURL(`${base}/settings/api-keys/new`),
    page.getByRole('link', { name: /^Create (key|your first key)$/ }).click()]);
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Test', { exact: true }).check();
  await page.getByLabel('read', { exact: true }).check();
  await page.getByLabel('admin', { exact: true }).check();
  await Promise.all([page.waitForLoadState('load'),
    page.getByRole('button', { name: 'Create key' }).click()]);
  await page.locator('#new-key').waitFor();
  return page.locator('#new-key').textContent();
}

async function verify(secret) {
  return request(srv.base, 'GET', '/v1/auth/verify', { headers: { 'X-API-Key': secret } });
}

test('1. sign in from a protected page returns to it', async () => {
  const { page } = b;
  await page.goto(`${base}/settings/security`);
  assert.equal(new URL(page.url()).pathname, '/login');
  assert.equal(new URL(page.url()).searchParams.get('next'), '/settings/security');
  await shoot(page, 'login');

  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await Promise.all([page.waitForURL(`${base}/settings/security`),
    page.getByRole('button', { name: 'Sign in' }).click()]);
  assert.equal(pathOf(page), '/settings/security');
  assert.equal((await page.locator('.topbar .account-email').textContent()).trim(), ADMIN.email);
  assert.ok(await page.getByRole('heading', { name: 'Security', level: 1 }).isVisible());
  await shoot(page, 'security');
  noProblems();
});

test('2. create a key, see it once, revoke it', async () => {
  const { page } = b;
  await page.goto(`${base}/settings/api-keys`);
  assert.ok(await page.getByRole('heading', { name: 'No API keys yet' }).isVisible(),
    'empty state');
  await shoot(page, 'api-keys-empty');

  const secret = await createKey(page, 'browser-test');
  assert.match(secret, /^[A-Za-z0-9_]{20,}$/, 'the text of #new-key is exactly the secret');
  assert.ok(await page.getByRole('button', { name: 'Copy' }).isVisible(), 'Copy button with JS');
  assert.match(await page.locator('.panel-secret').textContent(), /won't be able to see it again/);
  await shoot(page, 'api-keys-created');

  const ok = await verify(secret);
  assert.equal(ok.status, 200, ok.body);
  const v = json(ok);
  assert.equal(v.type, 'api_key');
  const id = v.key_id;
  assert.match(id, /^key_/);
  const row = page.locator(`tr[data-key-id="${id}"]`);
  assert.equal(await row.count(), 1, 'the new key is listed');

  // Reloading (which re-sends the POST) never shows the secret, nor makes a
  // second key: it lands on a page that says so and offers to roll.
  await page.reload();
  assert.equal(pathOf(page), `/settings/api-keys/${id}/shown`);
  assert.ok(await page.getByRole('heading', { name: "This key can't be shown again" }).isVisible());
  assert.ok(await page.getByRole('link', { name: 'Roll this key' }).isVisible());
  assert.equal(await page.locator('#new-key').count(), 0);
  assert.ok(!(await page.content()).includes(secret), 'secret not in the reloaded page');
  await shoot(page, 'key-shown-again');
  await page.goto(`${base}/settings/api-keys`);
  assert.equal(await page.locator('tr[data-key-id]').count(), 1, 'no second key');

  await page.goBack();
  assert.equal(await page.locator('#new-key').count(), 0);
  assert.ok(!(await page.content()).includes(secret), 'secret not shown after going back');

  await page.goto(`${base}/settings/api-keys`);
  await Promise.all([page.waitForURL(`${base}/settings/api-keys/${id}/revoke`),
    row.getByRole('link', { name: /^Revoke/ }).click()]);
  assert.ok(await page.getByRole('heading', { name: 'Revoke browser-test?' }).isVisible());
  await shoot(page, 'key-revoke-confirm');
  await Promise.all([page.waitForURL((u) => u.pathname === '/settings/api-keys'),
    page.getByRole('button', { name: 'Revoke key' }).click()]);
  assert.match(await page.locator('.notice').textContent(), /revoked/i);
  assert.equal((await row.locator('.badge-revoked').textContent()).trim(), 'Revoked');
  await shoot(page, 'api-keys-list');

  const gone = await verify(secret);
  assert.equal(gone.status, 401, gone.body);
  noProblems();
});

test('3. without JavaScript: sign in and create a key still work', async () => {
  const nojs = await launchBrowser({ viewport: DESKTOP, javaScriptEnabled: false });
  try {
    const { page } = nojs;
    await signIn(page);
    assert.equal(pathOf(page), '/settings/api-keys');
    const secret = await createKey(page, 'no-js-key');
    assert.match(secret, /^[A-Za-z0-9_]{20,}$/);
    assert.equal(await page.locator('[data-copy-target="new-key"]').count(), 1);
    assert.ok(!(await page.locator('[data-copy-target="new-key"]').isVisible()),
      'no dead Copy button without JS');
    await shoot(page, 'api-keys-created-nojs');
    const ok = await verify(secret);
    assert.equal(ok.status, 200, ok.body);
    // Away and back onto the creation response: no-store, so no cached copy
    // (Chromium answers ERR_CACHE_MISS rather than re-posting by itself).
    await page.goto(`${base}/settings/security`);
    await page.goBack().catch((e) => assert.match(e.message, /ERR_CACHE_MISS/));
    await page.waitForURL((u) => !u.href.endsWith('/settings/security'));
    await page.waitForLoadState('load');
    assert.ok(!(await page.content()).includes(secret), 'secret not shown after going back');
  } finally {
    await nojs.close();
  }
});

test('4. sign out from the top bar', async () => {
  const { page } = b;
  await page.goto(`${base}/settings/security`);
  await Promise.all([page.waitForURL((u) => u.pathname === '/login'),
    page.locator('.topbar').getByRole('button', { name: 'Sign out' }).click()]);
  assert.equal(new URL(page.url()).pathname, '/login');
  await page.goto(`${base}/settings/api-keys`);
  assert.equal(new URL(page.url()).pathname, '/login');
  assert.equal(new URL(page.url()).searchParams.get('next'), '/settings/api-keys');
  noProblems();
});

// Guards against .visually-hidden (position:absolute) text in table cells escaping an
// unpositioned .table-wrap: that made /settings/api-keys 1246px and /settings/security
// 647px wide at 375px until `.table-wrap { position: relative; }`.
test('5. no horizontal page overflow at phone width', async () => {
  const { page } = b;
  await signIn(page);
  await page.setViewportSize(PHONE);
  const wide = [];
  try {
    for (const p of ['/settings/api-keys', '/settings/security']) {
      await page.goto(`${base}${p}`);
      assert.equal(new URL(page.url()).pathname, p);
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      if (w > PHONE.width + 1) wide.push(`${p} is ${w}px wide at ${PHONE.width}px`);
    }
  } finally {
    await page.setViewportSize(DESKTOP);
  }
  assert.deepEqual(wide, [], 'no horizontal page overflow');
  noProblems();
});
