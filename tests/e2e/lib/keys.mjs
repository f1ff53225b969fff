// Helpers for the API key end-to-end tests (keys.test.mjs, keys_api.test.mjs):
// the offline key-format check, the dashboard create form, and small
// wrappers around the JSON API and the database.
import { execFileSync, spawn } from 'node:child_process';
import assert from 'node:assert/strict';
import { Dashboard, request } from './http.mjs';

export const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const KEY_RE = /^(sk|rk)_(live|test)_[0-9A-Za-z]{32}[0-9A-Za-z]{6}$/;
export const KEY_ID_RE = /^key_[0-9A-Za-z]{16}$/;

// IEEE CRC32 (zlib's crc32), table-driven.
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(input) {
  const bytes = Buffer.isBuffer(input) ? input : Buffer.from(String(input), 'utf8');
  let c = 0xFFFFFFFF;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xFF] ^ (c >>> 8);
  return (c ^ 0xFFFFFFFF) >>> 0;
}

// 6 base62 digits, most significant first, left-padded with '0'.
export function base62sum(n) {
  let s = '';
  for (let i = 0; i < 6; i++) { s = B62[n % 62] + s; n = Math.floor(n / 62); }
  return s;
}

export function checksum(body) {
  return base62sum(crc32(body));
}

// Shape and checksum, the rule anyone can apply offline.
export function validKey(k) {
  return KEY_RE.test(k) && checksum(k.slice(0, -6)) === k.slice(-6);
}

// A well-formed key (good checksum) that was never issued.
export function forgeKey(prefix = 'sk_test_') {
  let r = '';
  for (let i = 0; i < 32; i++) r += B62[Math.floor(Math.random() * 62)];
  return prefix + r + checksum(prefix + r);
}

// Same key with a wrong checksum.
export function badChecksum(k) {
  const last = k.slice(-1);
  return k.slice(0, -1) + (last === 'A' ? 'B' : 'A');
}

export function unescapeHtml(s) {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'").replace(/&#x27;/g, "'").replace(/&amp;/g, '&');
}

export function nonceFrom(html) {
  const m = /name="form_nonce" value="([^"]*)"/.exec(html);
  return m ? m[1] : null;
}

export function secretFrom(html) {
  const m = /<code id="new-key"[^>]*>([^<]*)<\/code>/.exec(html);
  return m ? unescapeHtml(m[1]) : null;
}

// The <tr data-key-id="id"> … </tr> of the list, or null.
export function rowOf(html, id) {
  const i = html.indexOf(`data-key-id="${id}"`);
  if (i < 0) return null;
  const j = html.indexOf('</tr>', i);
  return html.slice(i, j < 0 ? undefined : j);
}

// The id of the listed row showing this secret's prefix…hint.
export function idForSecret(html, secret) {
  const shown = `${secret.slice(0, 8)}…${secret.slice(-4)}`;
  for (const m of html.matchAll(/<tr data-key-id="(key_[0-9A-Za-z]{16})"/g)) {
    const row = rowOf(html, m[1]);
    if (row.includes(shown)) return m[1];
  }
  return null;
}

// Fields of the create form as an array of [name, value] (permissions
// may be an array: one field each).
export function createFields(fields, nonce) {
  const f = { environment: 'test', permissions: ['read'], ...fields };
  const out = [];
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const x of v) out.push([k, x]);
    else out.push([k, String(v)]);
  }
  if (nonce && !('form_nonce' in f)) out.push(['form_nonce', nonce]);
  return out;
}

// Creates a key through the dashboard form; returns {secret, id, html, res, fields}.
export async function createKeyViaForm(d, fields = {}) {
  const page = await d.get('/settings/api-keys/new');
  assert.equal(page.status, 200, 'create-key page');
  const nonce = nonceFrom(page.body);
  assert.ok(nonce, 'the create form carries a form_nonce');
  const form = createFields({ name: 'k', ...fields }, nonce);
  const res = await d.post('/settings/api-keys', form);
  assert.equal(res.status, 200, `create: ${res.status} ${res.body.slice(0, 300)}`);
  const secret = secretFrom(res.body);
  assert.ok(secret, 'the response shows the new key');
  const id = idForSecret(res.body, secret);
  return { secret, id, html: res.body, res, fields: form };
}

export async function signedIn(base, email, password) {
  const d = new Dashboard(base);
  const res = await d.login(email, password);
  assert.equal(res.status, 303, `login ${email}: ${res.status}`);
  return d;
}

// Adds a user with the CLI and returns {email, password, id}.
export function addUser(srv, email, password = 'another e2e passphrase 9') {
  const r = srv.cli(['user', 'add', email, '--password-stdin'], `${password}\n`);
  assert.equal(r.status, 0, `user add: ${r.stderr}`);
  const id = srv.sql(`SELECT id FROM users WHERE email = '${email}'`).trim();
  assert.match(id, /^usr_[0-9A-Za-z]{16}$/);
  return { email, password, id };
}

// JSON API calls.
export function api(srv, method, path, { key, bearer, body, headers } = {}) {
  const h = { ...(headers || {}) };
  if (key) h['X-API-Key'] = key;
  if (bearer) h.Authorization = `Bearer ${bearer}`;
  let b;
  if (body !== undefined) {
    h['Content-Type'] = 'application/json';
    b = typeof body === 'string' ? body : JSON.stringify(body);
  }
  return request(srv.base, method, path, { headers: h, body: b }).then((res) => {
    try { res.json = res.body ? JSON.parse(res.body) : null; } catch { res.json = undefined; }
    return res;
  });
}

export function verify(srv, key, query = '') {
  return api(srv, 'GET', `/v1/auth/verify${query}`, { key });
}

// Asserts an API error body and status.
export function assertError(res, status, code) {
  assert.equal(res.status, status, `${res.status} ${res.body}`);
  assert.match(res.headers['content-type'] || '', /^application\/json/);
  assert.ok(res.json, `JSON body: ${res.body}`);
  assert.equal(res.json.error, code, res.body);
  assert.equal(res.json.code, status);
  assert.match(res.json.request_id, /^req_/);
  assert.equal(res.headers['x-request-id'], res.json.request_id);
}

export function dbPath(srv) {
  return `${srv.varDir}/latchkey.db`;
}

// Writes to the database behind the server's back (to simulate time).
export function sqlWrite(srv, q) {
  return execFileSync('sqlite3', ['-cmd', '.timeout 5000', dbPath(srv), q],
    { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
}

export function count(srv, q) {
  return Number(srv.sql(q).trim());
}

// Everything in the database as text: every row of every table.
export function dumpAll(srv) {
  const tables = srv.sql("SELECT name FROM sqlite_master WHERE type = 'table'")
    .split('\n').map((s) => s.trim()).filter(Boolean);
  assert.ok(tables.includes('api_keys'));
  let out = srv.sql('SELECT sql FROM sqlite_master');
  for (const t of tables) {
    out += srv.sql(`SELECT * FROM "${t}"`);
    // BLOBs as hex too, in case a secret hides in a blob column.
    const cols = srv.sql(`SELECT name FROM pragma_table_info('${t}')`).split('\n').filter(Boolean);
    out += srv.sql(`SELECT ${cols.map((c) => `quote("${c}")`).join(" || '|' || ")} FROM "${t}"`);
  }
  return out;
}

// Blocks every read of the database from another process until release().
// In WAL mode BEGIN EXCLUSIVE does not stop readers, so this holds the WAL
// read-mark locks (bytes 123..127) of the -shm file: a reader then retries
// for about 10 s and gets SQLITE_PROTOCOL.
export async function holdReadLock(srv) {
  const p = spawn('python3', ['-c', `
import fcntl, os, sys
fd = os.open(sys.argv[1] + '-shm', os.O_RDWR)
fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 5, 123, os.SEEK_SET)
print('locked', flush=True)
sys.stdin.read()`, dbPath(srv)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const ok = await new Promise((resolve) => {
    p.stdout.once('data', (d) => resolve(String(d).includes('locked')));
    p.on('exit', () => resolve(false));
  });
  assert.ok(ok, 'could not lock the database');
  return {
    async release() {
      const done = new Promise((r) => p.on('exit', r));
      p.stdin.end();
      await done;
    },
  };
}
