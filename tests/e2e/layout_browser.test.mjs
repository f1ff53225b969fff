// Responsive layout of every dashboard table (issue 16, item 1; UI.md "Narrow
// screens"): with realistic data on every page (long names, many permissions, a
// rolled key and its successor, expiring, revoked and overdue keys, apps with many
// scopes and redirect URIs, long user agents, an API sign-in, a resource server),
// at 360, 768 and 1280 px wide, in light and dark:
//  - no page scrolls sideways (document scrollWidth <= the viewport's width), and no
//    table scrolls inside its wrapper;
//  - every link, button and control in a row's actions cell lies fully inside the
//    viewport horizontally, and so does every other button on the page;
//  - below the card breakpoint the column headers are hidden visually (still in the
//    table for screen readers), and each row's actions come last, below its details;
//  - from 1200 px every table is a table with all its columns on screen.
// Full-page screenshots: test-artifacts/screenshots/layout-<page>-<width>-<scheme>.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, ADMIN, ROOT } from './lib/server.mjs';
import { seed } from './lib/layout.mjs';
import { launchBrowser } from './lib/browser.mjs';

const SHOTS = path.join(ROOT, 'test-artifacts', 'screenshots');
// 1200: about the narrowest width at which the tables with many columns are still
// tables (a 934 px box beside the navigation); 1024: those are cards, the others not.
const WIDTHS = [360, 768, 1024, 1200, 1280];
const HEIGHT = 800;
const SHOT_WIDTHS = [360, 1280];
const CARDS_BELOW = 720; // UI.md: "below about 720 px every table becomes a list of cards"
const TABLES_FROM = 1200; // and wide enough, every table is a table, every column on screen
let srv;
let base; // http://localhost:PORT: Secure and __Host- cookies work there over http
let consentPath = '';
let restrictedId = '';
let appId = '';
let keyPath = '';
const PAGES = [
  ['api-keys', '/settings/api-keys'],
  ['api-key-new', '/settings/api-keys/new'],
  ['api-key-edit', () => `/settings/api-keys/${restrictedId}/edit`],
  ['api-key-shown', () => `/settings/api-keys/${restrictedId}/shown`],
  ['app-rotate', () => `/settings/oauth-apps/${appId}/rotate-secret`],
  ['app-edit', () => `/settings/oauth-apps/${appId}/edit`],
  ['oauth-apps', '/settings/oauth-apps'],
  ['authorized-apps', '/settings/authorized-apps'],
  ['security', '/settings/security'],
  ['admin-users', '/admin/users'],
  ['admin-keys', '/admin/keys'],
  ['admin-apps', '/admin/apps'],
  ['admin-audit', '/admin/audit'],
  ['admin-plans', '/admin/plans'],
  ['usage', '/settings/usage'],
  ['key-usage', () => keyPath],
  ['consent', () => consentPath],
  // The admin's confirmation pages and a bulk form sent back (issue 16, item 5).
  ['admin-keys-error', '/admin/keys/revoke?owner=admin%40example.com&reason=x'],
  ['admin-keys-revoke', () => `/admin/keys/revoke?all_of_user=${userId(ADMIN.email)}&reason=x`],
  ['admin-keys-selected', () => `/admin/keys/revoke?reason=x&${srv.sql("SELECT id FROM api_keys WHERE revoked_at IS NULL")
    .trim().split('\n').map((id) => `key_id=${id}`).join('&')}`],
  ['admin-user-disable', () => `/admin/users/${userId(LONG_EMAIL)}/disable`],
  ['admin-user-promote', () => `/admin/users/${userId(LONG_EMAIL)}/role?role=admin`],
];
const LONG_EMAIL = 'maximilian.alexander.fitzgerald-worthington@subsidiary.enterprise-holdings.example.com';
const userId = (email) => srv.sql(`SELECT id FROM users WHERE email = '${email}'`).trim();

before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  srv = await startServer();
  base = `http://localhost:${srv.port}`;
  ({ consentPath, restrictedId, appId, keyPath } = await seed(srv));
});

after(async () => {
  if (srv) await srv.stop();
});

// Everything the layout promises, measured in the page at its current size.
function measure([cardsBelow, tablesFrom]) {
  const vw = document.documentElement.clientWidth; // the viewport without a scrollbar
  const out = { vw, scrollWidth: document.documentElement.scrollWidth, wraps: [], actions: [],
    cards: [], rows: 0 };
  const r = (el) => el.getBoundingClientRect();
  const shownHeads = new Set();
  const label = (el) => (el.textContent || el.value || el.getAttribute('aria-label') || el.tagName)
    .replace(/\s+/g, ' ').trim().slice(0, 60);
  for (const w of document.querySelectorAll('.table-wrap')) {
    if (w.scrollWidth > w.clientWidth + 1) out.wraps.push(`a table is ${w.scrollWidth}px wide in a ${w.clientWidth}px box`);
  }
  // Every button (and link styled as one) on the page, tables or not: the consent
  // screen's Approve and Deny, forms' submit buttons, the top bar's Sign out.
  for (const el of document.querySelectorAll('button, .btn, input[type="submit"]')) {
    const b = r(el);
    if (b.width === 0 || b.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
    if (b.left < -0.5 || b.right > vw + 0.5) {
      out.actions.push(`button "${label(el)}" spans ${Math.round(b.left)}..${Math.round(b.right)} of ${vw}px`);
    }
  }
  for (const tr of document.querySelectorAll('table tbody tr')) {
    out.rows++;
    const id = tr.dataset.keyId || tr.dataset.clientId || tr.dataset.familyId || tr.dataset.userId
      || (tr.cells[0] ? label(tr.cells[0]) : '?');
    const cell = tr.querySelector(':scope > td.col-actions');
    if (cell) {
      for (const el of cell.querySelectorAll('a, button, select, input:not([type="hidden"]), .badge')) {
        const b = r(el);
        if (b.width === 0 || b.height === 0) out.actions.push(`${id}: "${label(el)}" is not shown`);
        else if (b.left < -0.5 || b.right > vw + 0.5) {
          out.actions.push(`${id}: "${label(el)}" spans ${Math.round(b.left)}..${Math.round(b.right)} of ${vw}px`);
        }
      }
    }
    const head = tr.closest('table').tHead;
    if (vw >= tablesFrom && head && !shownHeads.has(head)) {
      shownHeads.add(head);
      if (getComputedStyle(tr).display !== 'table-row') out.cards.push(`${id}: its table is not a table`);
      for (const th of head.rows[0].cells) {
        const b = r(th);
        if (b.width < 1 || b.left < -0.5 || b.right > vw + 0.5) out.cards.push(`column "${label(th)}" is not on screen`);
      }
    }
    if (vw < cardsBelow) {
      if (head && r(head).height > 1 && r(head).width > 1 && !shownHeads.has(head)) {
        shownHeads.add(head);
        out.cards.push(`${id}: the column headers of its table are shown`);
      }
      if (cell && cell.querySelector('a, button, select')) {
        const top = r(cell).top;
        for (const td of tr.cells) {
          if (td === cell || r(td).height === 0) continue;
          if (r(td).bottom > top + 1) out.cards.push(`${id}: "${label(td)}" is not above the actions`);
        }
      }
    }
  }
  return out;
}

async function checkPage(page, name, url, scheme, problems, counts) {
  await page.goto(`${base}${url}`);
  assert.equal(new URL(page.url()).pathname, new URL(url, base).pathname, `${name}: no redirect`);
  // Folded sections (revoked and expired keys) are measured open.
  await page.evaluate(() => document.querySelectorAll('details').forEach((el) => { el.open = true; }));
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: HEIGHT });
    const m = await page.evaluate(measure, [CARDS_BELOW, TABLES_FROM]);
    const where = `${name} at ${width}px (${scheme})`;
    if (m.scrollWidth > m.vw) problems.push(`${where}: the page is ${m.scrollWidth}px wide in ${m.vw}px`);
    for (const p of [...m.wraps, ...m.actions, ...m.cards]) problems.push(`${where}: ${p}`);
    counts[name] = m.rows;
    if (SHOT_WIDTHS.includes(width)) {
      await page.screenshot({ path: path.join(SHOTS, `layout-${name}-${width}-${scheme}.png`), fullPage: true });
    }
  }
}

for (const scheme of ['light', 'dark']) {
  test(`every page at 360, 768 and 1280 px, ${scheme}: nothing sideways, every action on screen`, async () => {
    const b = await launchBrowser({ viewport: { width: 1280, height: HEIGHT }, colorScheme: scheme });
    const problems = [];
    const errors = [];
    b.page.on('pageerror', (e) => errors.push(e.message));
    try {
      const { page } = b;
      await page.goto(`${base}/login`);
      await page.getByLabel('Email').fill(ADMIN.email);
      await page.getByLabel('Password').fill(ADMIN.password);
      await Promise.all([page.waitForURL((u) => u.pathname !== '/login'),
        page.getByRole('button', { name: 'Sign in' }).click()]);
      assert.equal(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches), scheme === 'dark');
      const counts = {};
      for (const [name, p] of PAGES) {
        await checkPage(page, name, typeof p === 'function' ? p() : p, scheme, problems, counts);
      }
      // The data is there: each table has its rows.
      assert.ok(counts['api-keys'] >= 7, `api-keys rows: ${counts['api-keys']}`);
      assert.ok(counts['oauth-apps'] >= 3, `oauth-apps rows: ${counts['oauth-apps']}`);
      assert.ok(counts['authorized-apps'] >= 2, `authorized-apps rows: ${counts['authorized-apps']}`);
      assert.ok(counts['admin-users'] >= 4 && counts['admin-keys'] >= 10 && counts['admin-apps'] >= 4
        && counts['admin-audit'] >= 10, JSON.stringify(counts));
      await page.goto(`${base}/settings/security`);
      assert.equal(await page.locator('tr[data-family-id]').count(), 1, 'an API sign-in row');
      assert.ok(await page.locator('.agent').getByText('Android 14').count() >= 1, 'the long user agent');
      await page.goto(`${base}/admin/apps`);
      assert.equal(await page.locator('tr[data-client-id] .badge-active').count(), 1, 'a resource server');
      await page.goto(`${base}/settings/api-keys`);
      assert.equal(await page.getByText('Rolled, expiring').count(), 1, 'a rolled key');
      await page.goto(`${base}/admin/keys`);
      assert.equal(await page.locator('tr[data-key-id] .badge-owner-disabled').count(), 1, 'a disabled owner\'s key');
      assert.ok(await page.locator('#select-all').isVisible(), 'the select-all box');
    } finally {
      await b.close();
    }
    assert.deepEqual(problems, [], 'layout problems');
    assert.deepEqual(errors, [], 'page errors');
  });
}
