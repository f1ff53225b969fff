// Helpers for the SPEC §8 (credential lifecycle) end-to-end tests,
// lifecycle_*.test.mjs: requests from a chosen 127.x.y.z address (safe with
// concurrent requests), JSON API shortcuts, writes behind the server's back
// (a held write lock, SQL), the FastCGI pools' pid files, and forging JWTs
// with the instance's own signing key (unsealed from the secrets file as
// cgi-src/sigkey.c seals it).
import { AsyncLocalStorage } from 'node:async_hooks';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import assert from 'node:assert/strict';
import { request, Dashboard } from './http.mjs';
import { dbPath, sqlWrite } from './keys.mjs';

// --- source addresses ----------------------------------------------------

// Every 127.0.0.0/8 address reaches the server as its own REMOTE_ADDR, so
// each throttled case can use fresh addresses. Requests made inside
// from(ip, fn) connect from ip; unlike auth.test.mjs's module variable this
// survives concurrent requests from different addresses.
const source = new AsyncLocalStorage();
const httpRequest = http.request;
if (!http.request.lifecycle) {
  http.request = (opts, cb) => {
    // Big enough for the redirects of a 4096-character state (§8.12).
    const o = { maxHeaderSize: 256 * 1024, ...opts };
    const ip = source.getStore();
    if (ip) o.localAddress = ip;
    return httpRequest(o, cb);
  };
  http.request.lifecycle = true;
}

export function from(ip, fn) {
  return source.run(ip, fn);
}

// Fresh addresses 127.<a>.<b>.<c>, never 127.0.0.1 (the default source).
export function addresses(first = 50) {
  let n = 0;
  return () => {
    n++;
    return `127.${first + Math.floor(n / 62500)}.${Math.floor(n / 250) % 250}.${(n % 250) + 2}`;
  };
}

// A Dashboard whose every request comes from ip.
export function dashboardAt(base, ip) {
  const d = new Dashboard(base);
  const get = d.get.bind(d);
  const post = d.post.bind(d);
  d.get = (...a) => from(ip, () => get(...a));
  d.post = (...a) => from(ip, () => post(...a));
  d.ip = ip;
  return d;
}

// Signs in through the form from ip; asserts the 303.
export async function signInAt(base, ip, email, password) {
  const d = dashboardAt(base, ip);
  const res = await d.login(email, password);
  assert.equal(res.status, 303, `sign-in ${email} from ${ip}: ${res.status} ${res.body.slice(0, 200)}`);
  return d;
}

// --- JSON API ------------------------------------------------------------

export async function postJson(srv, path, body, headers = {}) {
  const res = await request(srv.base, 'POST', path, {
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return withJson(res);
}

function withJson(res) {
  try { res.json = res.body ? JSON.parse(res.body) : null; } catch { res.json = undefined; }
  return res;
}

export const apiLogin = (srv, email, password, headers) =>
  postJson(srv, '/v1/auth/login', { email, password }, headers);
export const apiRefresh = (srv, rt) => postJson(srv, '/v1/auth/refresh', { refresh_token: rt });

export async function bearerVerify(srv, tok, query = '') {
  return withJson(await request(srv.base, 'GET', `/v1/auth/verify${query}`,
    { headers: { Authorization: `Bearer ${tok}` } }));
}

export async function keyVerify(srv, key) {
  return withJson(await request(srv.base, 'GET', '/v1/auth/verify', { headers: { 'X-API-Key': key } }));
}

// Resolves to the promise's value, or to 'timeout' after ms.
export function within(promise, ms) {
  let t;
  return Promise.race([promise, new Promise((r) => { t = setTimeout(() => r('timeout'), ms); })])
    .finally(() => clearTimeout(t));
}

// Runs fn over items with at most n in flight; results in order.
export async function pool(n, items, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// --- the database behind the server's back --------------------------------

export { sqlWrite };

export function one(srv, q) {
  return srv.sql(q).trim();
}

export function num(srv, q) {
  return Number(srv.sql(q).trim());
}

export function tables(srv) {
  return srv.sql("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .split('\n').map((s) => s.trim()).filter(Boolean);
}

// Rows in every table, summed.
export function totalRows(srv) {
  return tables(srv).reduce((n, t) => n + num(srv, `SELECT count(*) FROM "${t}"`), 0);
}

// Holds SQLite's write lock (BEGIN IMMEDIATE in a sqlite3 shell) until
// release(): every writer in the server waits for it (busy_timeout), readers
// go on. Simulates a slow concurrent writer, which widens race windows.
export async function holdWriteLock(srv) {
  const p = spawn('sqlite3', ['-cmd', '.timeout 10000', dbPath(srv)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const ok = new Promise((resolve) => {
    let out = '';
    p.stdout.on('data', (d) => { out += d; if (out.includes('locked')) resolve(true); });
    p.on('exit', () => resolve(false));
  });
  p.stdin.write("BEGIN IMMEDIATE;\nSELECT 'locked';\n");
  assert.ok(await ok, 'could not take the write lock');
  return {
    async release() {
      const done = new Promise((r) => p.on('exit', r));
      p.stdin.end('COMMIT;\n.quit\n');
      await done;
    },
  };
}

// --- processes -----------------------------------------------------------

// PIDs listed in LATCHKEY_VAR/run/<name>.pid (one a line), [] if none.
export function pidFile(srv, name) {
  try {
    return fs.readFileSync(`${srv.varDir}/run/${name}.pid`, 'utf8').split(/\s+/)
      .filter((s) => /^[1-9]\d*$/.test(s)).map(Number);
  } catch {
    return [];
  }
}

export function alive(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

// --- JWTs ----------------------------------------------------------------

const b64u = (b) => Buffer.from(b).toString('base64url');

export function decodeJwt(t) {
  const [h, p] = t.split('.');
  return { header: JSON.parse(Buffer.from(h, 'base64url')), payload: JSON.parse(Buffer.from(p, 'base64url')) };
}

function rotl(v, n) { return ((v << n) | (v >>> (32 - n))) >>> 0; }

// HChaCha20 (draft-irtf-cfrg-xchacha §2.2): the subkey of XChaCha20.
function hchacha20(key, nonce16) {
  const s = new Uint32Array(16);
  s[0] = 0x61707865; s[1] = 0x3320646e; s[2] = 0x79622d32; s[3] = 0x6b206574;
  for (let i = 0; i < 8; i++) s[4 + i] = key.readUInt32LE(i * 4);
  for (let i = 0; i < 4; i++) s[12 + i] = nonce16.readUInt32LE(i * 4);
  const qr = (a, b, c, d) => {
    s[a] = (s[a] + s[b]) >>> 0; s[d] = rotl(s[d] ^ s[a], 16);
    s[c] = (s[c] + s[d]) >>> 0; s[b] = rotl(s[b] ^ s[c], 12);
    s[a] = (s[a] + s[b]) >>> 0; s[d] = rotl(s[d] ^ s[a], 8);
    s[c] = (s[c] + s[d]) >>> 0; s[b] = rotl(s[b] ^ s[c], 7);
  };
  for (let i = 0; i < 10; i++) {
    qr(0, 4, 8, 12); qr(1, 5, 9, 13); qr(2, 6, 10, 14); qr(3, 7, 11, 15);
    qr(0, 5, 10, 15); qr(1, 6, 11, 12); qr(2, 7, 8, 13); qr(3, 4, 9, 14);
  }
  const out = Buffer.alloc(32);
  for (let i = 0; i < 4; i++) out.writeUInt32LE(s[i], i * 4);
  for (let i = 0; i < 4; i++) out.writeUInt32LE(s[12 + i], 16 + i * 4);
  return out;
}

// crypto_aead_xchacha20poly1305_ietf_decrypt with Node's ChaCha20-Poly1305.
export function xchachaOpen(key, nonce24, sealed, ad) {
  const sub = hchacha20(key, nonce24.subarray(0, 16));
  const iv = Buffer.concat([Buffer.alloc(4), nonce24.subarray(16, 24)]);
  const ct = sealed.subarray(0, sealed.length - 16);
  const d = crypto.createDecipheriv('chacha20-poly1305', sub, iv, { authTagLength: 16 });
  d.setAAD(Buffer.from(ad), { plaintextLength: ct.length });
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([d.update(ct), d.final()]);
}

// The current signing key of the instance: {kid, sign(header, payload) -> JWT}.
// sigkey.c: sealed_secret = 24-byte nonce || XChaCha20-Poly1305(64-byte
// libsodium secret key = seed || public key), additional data = the kid,
// key = the secrets file's "seal" line.
export function signingKey(srv, where = 'retired_at IS NULL ORDER BY created_at DESC, kid LIMIT 1') {
  const seal = /^seal=([0-9a-f]{64})$/m.exec(fs.readFileSync(`${srv.varDir}/secrets`, 'utf8'));
  assert.ok(seal, 'a seal line in the secrets file');
  const [kid, hex] = one(srv, `SELECT kid || '|' || hex(sealed_secret) FROM signing_keys WHERE ${where}`).split('|');
  const blob = Buffer.from(hex, 'hex');
  const sk = xchachaOpen(Buffer.from(seal[1], 'hex'), blob.subarray(0, 24), blob.subarray(24), kid);
  const key = crypto.createPrivateKey({ format: 'jwk',
    key: { kty: 'OKP', crv: 'Ed25519', d: b64u(sk.subarray(0, 32)), x: b64u(sk.subarray(32, 64)) } });
  return {
    kid,
    sign(header, payload) {
      const input = `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(payload))}`;
      return `${input}.${b64u(crypto.sign(null, Buffer.from(input), key))}`;
    },
    // The same token's header and payload bytes signed again (Ed25519 is
    // deterministic: equal to the original if this is its key).
    resignRaw(tok) {
      const [h, p] = tok.split('.');
      return `${h}.${p}.${b64u(crypto.sign(null, Buffer.from(`${h}.${p}`), key))}`;
    },
  };
}

// --- OAuth, signed out ---------------------------------------------------

// The form in html that holds a password field: {action, fields: [[n, v]]}.
export function signInForm(html) {
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    if (!/type="password"/.test(m[2])) continue;
    const action = (/action="([^"]*)"/.exec(m[1]) || [])[1];
    const fields = [];
    for (const i of m[2].matchAll(/<input\b[^>]*>/g)) {
      const tag = i[0];
      if (!/type="hidden"/.test(tag)) continue;
      const name = (/name="([^"]*)"/.exec(tag) || [])[1];
      const value = (/value="([^"]*)"/.exec(tag) || [, ''])[1];
      if (name !== undefined) fields.push([unescapeHtml(name), unescapeHtml(value)]);
    }
    return { action: action === undefined ? undefined : unescapeHtml(action), fields };
  }
  return null;
}

export function unescapeHtml(s) {
  return s.replace(/&(#x?[0-9a-fA-F]+|amp|lt|gt|quot|apos);/g, (m, e) => {
    const named = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (named[e]) return named[e];
    return String.fromCodePoint(e[1] === 'x' || e[1] === 'X'
      ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

// INSERT ... SELECT n copies of the first row of table matching where, with
// the columns in replace set to SQL expressions (of the counter i, 1..n);
// every other column is copied, whatever the schema holds by then.
export function copyRows(srv, table, where, n, replace) {
  const cols = srv.sql(`SELECT name FROM pragma_table_info('${table}')`).split('\n').map((s) => s.trim()).filter(Boolean);
  for (const c of Object.keys(replace)) assert.ok(cols.includes(c), `${table}.${c} exists`);
  const exprs = cols.map((c) => replace[c] ?? `t."${c}"`);
  sqlWrite(srv, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${n}) `
    + `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) `
    + `SELECT ${exprs.join(', ')} FROM n, (SELECT * FROM "${table}" WHERE ${where} LIMIT 1) AS t`);
}
