// Headless Debian Chromium for the browser tests, launched as STACK-NOTES.md says:
// fixed flags, no network beyond localhost, a fresh user-data-dir in a temp dir
// that close() removes. Never `npx playwright install`.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CHROMIUM = process.env.LATCHKEY_CHROMIUM || '/usr/bin/chromium';

export const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--proxy-server=127.0.0.1:9',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 740 };

// launchBrowser({viewport, javaScriptEnabled, ...context options})
//   -> {browser, context, page, close()}
// Each call is its own browser with its own profile (cookies, cache, storage).
export async function launchBrowser(opts = {}) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lk-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: DESKTOP,
      ...opts,
    });
  } catch (e) {
    fs.rmSync(userDataDir, { recursive: true, force: true });
    throw e;
  }
  const page = context.pages()[0] || await context.newPage();
  let closed = false;
  return {
    browser: context.browser(),
    context,
    page,
    async close() {
      if (closed) return;
      closed = true;
      try { await context.close(); } finally {
        fs.rmSync(userDataDir, { recursive: true, force: true });
      }
    },
  };
}
