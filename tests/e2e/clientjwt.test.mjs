// Client-signed JWTs (SPEC 10): tokens made by independent libraries —
// PyJWT (Debian python3-jwt, run by /usr/bin/python3) and jose (npm) —
// in the shapes of seeds 002 and 003, the attacks of ATTACKS.md
// §Credentials replayed against them, and RFC 7523 client assertions at
// /oauth/token. Our own code signs nothing here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import * as jose from 'jose';
import { startServer, ADMIN, ROOT, BIN } from './lib/server.mjs';
import { createKeyViaForm, signedIn, api, assertError, count, nonceFrom, createFields, secretFrom,
  idForSecret, unescapeHtml } from './lib/keys.mjs';
import { registerApp, token, FORM } from './lib/oauth.mjs';
import { request } from './lib/http.mjs';
import { loadChecker } from './lib/openapi.mjs';

let srv, d, AUD, me, C; // C checks answers against openapi.yaml
const K = {}; // keys: {secret, id, json}
const A = {}; // apps: {clientId, secret, priv}
const now = () => Math.floor(Date.now() / 1000);
const B64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');

// PyJWT signs: the README's Python snippet, with its inputs in env.
function pyjwt(code, env) {
  return execFileSync('/usr/bin/python3', ['-c', `import jwt, os, time, json\n${code}`],
    { env: { ...process.env, ...env }, encoding: 'utf8' }).trim();
}

async function bearer(tok, q = '') {
  const res = await api(srv, 'GET', `/v1/auth/verify${q}`, { bearer: tok });
  C.assertConforms('GET', '/v1/auth/verify', res);
  return res;
}

function hs256(header, claims, secret) {
  const input = `${B64(header)}.${B64(claims)}`;
  const sig = crypto.createHmac('sha256', secret).update(input).digest('base64url');
  return `${input}.${sig}`;
}

async function edKey() {
  const { publicKey, privateKey } = await jose.generateKeyPair('Ed25519', { extractable: true });
  const jwk = await jose.exportJWK(publicKey);
  return { publicKey, privateKey, jwk: { kty: jwk.kty, crv: jwk.crv, x: jwk.x } };
}

const edSign = (claims, priv, kid) => new jose.SignJWT(claims)
  .setProtectedHeader({ alg: 'EdDSA', ...(kid ? { kid } : {}) }).sign(priv);

// What must not change when a token is refused.
function state() {
  return srv.sql('SELECT (SELECT count(*) FROM client_jwt_jtis) || \':\' || '
    + '(SELECT count(*) FROM audit_log) || \':\' || (SELECT count(*) FROM api_keys)').trim();
}

async function refused(tok, code = 'invalid_token', why = '') {
  const before = state();
  const res = await bearer(tok);
  assertError(res, 401, code);
  assert.match(res.headers['www-authenticate'], /error="invalid_token"/, why);
  assert.equal(state(), before, `nothing changed: ${why}`);
  return res;
}

before(async () => {
  C = await loadChecker();
  srv = await startServer();
  me = srv.sql(`SELECT id FROM users WHERE email = '${ADMIN.email}'`).trim();
  d = await signedIn(srv.base, ADMIN.email, ADMIN.password);
  const meta = await request(srv.base, 'GET', '/.well-known/oauth-authorization-server');
  AUD = JSON.parse(meta.body).issuer;
  K.admin = await createKeyViaForm(d, { name: 'admin', permissions: ['read', 'write', 'delete', 'admin'] });
  const mk = async (body) => {
    const r = await api(srv, 'POST', '/v1/keys', { key: K.admin.secret,
      body: { environment: 'test', permissions: ['read', 'write'], ...body } });
    assert.equal(r.status, 201, r.body);
    C.assertConforms('POST', '/v1/keys', r);
    return { secret: r.json.key, id: r.json.id, json: r.json };
  };
  K.hs = await mk({ name: 'hs', jwt_signing: true });
  K.ed = { ...(await edKey()) };
  Object.assign(K.ed, await mk({ name: 'ed', public_jwk: K.ed.jwk }));
  K.plain = await mk({ name: 'plain' });
  A.ed = await edKey();
  const app = await registerApp(d, { name: 'Signer', grant_types: ['client_credentials'],
    redirect_uris: [], scopes: 'read write' });
  assert.equal(app.res.status, 200, app.res.body.slice(0, 400));
  // The registration form takes the opt-in and the JWK Set too.
  const reg = await (async () => {
    const page = await d.get('/settings/oauth-apps');
    const nonce = /name="form_nonce" value="([^"]*)"/.exec(page.body)[1];
    return d.post('/settings/oauth-apps', [['name', 'Signer 2'], ['client_type', 'confidential'],
      ['scopes', 'read write'], ['grant_types', 'client_credentials'], ['jwt_signing', '1'],
      ['public_jwks', JSON.stringify({ keys: [{ ...A.ed.jwk, kid: 'k1' }] })], ['form_nonce', nonce]]);
  })();
  assert.equal(reg.status, 200, reg.body.slice(0, 400));
  A.app = { clientId: /id="client-id"[^>]*>([^<]*)</.exec(reg.body)[1],
    secret: /id="new-client-secret"[^>]*>([^<]*)</.exec(reg.body)[1] };
  A.plainApp = app;
});
after(async () => { if (srv) await srv.stop(); });

test('the opt-in: explained on the form, key kept sealed, never in the clear', async () => {
  const page = await d.get('/settings/api-keys/new');
  assert.match(page.body, /name="jwt_signing" value="1"/);
  assert.match(page.body, /We then also keep the key itself, encrypted with a server key, because checking an HS256 signature needs the secret; without this we keep only a hash\./);
  assert.match(page.body, /name="public_jwk"/);
  assert.equal(K.hs.json.jwt_signing, true);
  assert.equal(K.hs.json.public_jwk, null);
  assert.equal(K.plain.json.jwt_signing, false);
  assert.deepEqual(K.ed.json.public_jwk, K.ed.jwk);
  const row = srv.sql(`SELECT length(jwt_secret), hex(jwt_secret) FROM api_keys WHERE id = '${K.hs.id}'`).trim();
  assert.equal(row.split('|')[0], String(24 + K.hs.secret.length + 16), 'nonce || ciphertext || tag');
  assert.ok(!row.includes(Buffer.from(K.hs.secret).toString('hex').toUpperCase()));
  assert.equal(srv.sql(`SELECT count(*) FROM api_keys WHERE id = '${K.plain.id}' AND jwt_secret IS NULL`).trim(), '1');
  const dump = execFileSync('sqlite3', [`${srv.varDir}/latchkey.db`, '.dump'], { encoding: 'utf8' });
  assert.ok(!dump.includes(K.hs.secret) && !dump.includes(A.app.secret), 'no plaintext secret');
  assert.match(fs.readFileSync(`${srv.varDir}/secrets`, 'utf8'), /^jwtseal=[0-9a-f]{64}$/m);
});

test('seed 002: "sign the JWT with your API key" (PyJWT, HS256, kid = key id)', async () => {
  const tok = pyjwt(`print(jwt.encode({"sub": "user_id", "iat": int(time.time()),
  "exp": int(time.time()) + 3600, "aud": os.environ["AUD"]}, os.environ["KEY"],
  algorithm="HS256", headers={"kid": os.environ["KID"]}))`, { KEY: K.hs.secret, KID: K.hs.id, AUD });
  const res = await bearer(tok);
  assert.equal(res.status, 200, res.body);
  assert.deepEqual(res.json, { authenticated: true, type: 'client_jwt', user_id: me, key_id: K.hs.id,
    scopes: ['read', 'write'], environment: 'test', subject: 'user_id', tier: null,
    expires_at: res.json.expires_at });
  assert.equal(Date.parse(res.json.expires_at) / 1000, JSON.parse(
    Buffer.from(tok.split('.')[1], 'base64url')).exp);
  assert.equal(res.headers['x-ratelimit-limit'], '1000', 'the key\'s own limit');
  // The key's limit counts both ways of using it.
  const r2 = await api(srv, 'GET', '/v1/auth/verify', { key: K.hs.secret });
  assert.equal(Number(r2.headers['x-ratelimit-remaining']), Number(res.headers['x-ratelimit-remaining']) - 1);
  // Seed 002's tier claim: no tiers exist here, so asking for one is asking for more.
  const tiered = pyjwt(`print(jwt.encode({"sub": "user_id", "iat": int(time.time()),
  "exp": int(time.time()) + 3600, "aud": os.environ["AUD"], "tier": "standard"}, os.environ["KEY"],
  algorithm="HS256", headers={"kid": os.environ["KID"]}))`, { KEY: K.hs.secret, KID: K.hs.id, AUD });
  await refused(tiered, 'invalid_token', 'tier beyond the key');
});

test('EdDSA with a registered public key (jose), scope narrowed, ?scope checked', async () => {
  const t = now();
  const tok = await edSign({ sub: 'svc-7', aud: AUD, iat: t, exp: t + 300, scope: 'read' },
    K.ed.privateKey, K.ed.id);
  const res = await bearer(tok);
  assert.equal(res.status, 200, res.body);
  assert.equal(res.json.key_id, K.ed.id);
  assert.deepEqual(res.json.scopes, ['read']);
  const t2 = await edSign({ aud: AUD, iat: t, exp: t + 300, scope: 'read' }, K.ed.privateKey, K.ed.id);
  const wr = await bearer(t2, '?scope=write');
  assertError(wr, 403, 'insufficient_scope');
  const t3 = await edSign({ aud: AUD, iat: t, exp: t + 300 }, K.ed.privateKey, K.ed.id);
  const nosub = await bearer(t3);
  assert.equal(nosub.status, 200, nosub.body);
  assert.equal(nosub.json.subject, null);
});

test('seed 003: HS256 with the client secret, iss = client ID (jose and PyJWT)', async () => {
  const t = now();
  const tok = await new jose.SignJWT({ iss: A.app.clientId, sub: 'user_123', aud: AUD, iat: t, exp: t + 3600 })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(A.app.secret));
  const res = await bearer(tok);
  assert.equal(res.status, 200, res.body);
  assert.deepEqual(res.json, { authenticated: true, type: 'client_jwt', user_id: me,
    client_id: A.app.clientId, scopes: ['read', 'write'], subject: 'user_123', tier: null,
    expires_at: res.json.expires_at });
  const py = pyjwt(`print(jwt.encode({"iss": os.environ["CID"], "sub": "user_123", "aud": os.environ["AUD"],
  "iat": int(time.time()), "exp": int(time.time()) + 3600}, os.environ["SECRET"], algorithm="HS256"))`,
  { CID: A.app.clientId, SECRET: A.app.secret, AUD });
  assert.equal((await bearer(py)).status, 200);
  const ed = await edSign({ iss: A.app.clientId, aud: AUD, iat: t, exp: t + 60 }, A.ed.privateKey, 'k1');
  assert.equal((await bearer(ed)).status, 200);
  // An app token is no way to manage keys (like an OAuth token).
  const mk = await api(srv, 'POST', '/v1/keys', { bearer: py,
    body: { name: 'x', environment: 'test', permissions: ['read'] } });
  assert.equal(mk.status, 403, mk.body);
  // Without the opt-in, the app's secret signs nothing.
  const plain = await new jose.SignJWT({ iss: A.plainApp.clientId, aud: AUD, iat: t, exp: t + 60 })
    .setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(A.plainApp.secret));
  await refused(plain, 'invalid_token', 'app without opt-in');
});

// The README's examples, exactly as written there.
function snippet(name) {
  const readme = fs.readFileSync(`${ROOT}/README.md`, 'utf8');
  const m = new RegExp(`<!-- snippet: ${name} -->\n\`\`\`\\w+\n([\\s\\S]*?)\n\`\`\``).exec(readme);
  assert.ok(m, `README snippet ${name}`);
  return m[1];
}

test('README "Client-signed tokens": the curl, Python and Node examples run as written', async () => {
  // Debian's python3 has PyJWT; another python3 first on PATH may not.
  const env = { ...process.env, PATH: `/usr/bin:${process.env.PATH}`, API_URL: srv.base,
    API_AUDIENCE: AUD, API_KEY: K.hs.secret, API_KEY_ID: K.hs.id, ADMIN_KEY: K.admin.secret,
    CLIENT_ID: A.app.clientId, CLIENT_SECRET: A.app.secret };
  const sh = JSON.parse(execFileSync('bash', ['-c', snippet('sh-hs256')], { env, encoding: 'utf8' }));
  assert.equal(sh.type, 'client_jwt');
  assert.equal(sh.key_id, K.hs.id);
  assert.equal(sh.subject, 'user_42');
  const keys = count(srv, 'SELECT count(*) FROM api_keys');
  const py = JSON.parse(execFileSync('/usr/bin/python3', ['-c', snippet('py-eddsa')], { env, encoding: 'utf8' }));
  assert.equal(py.type, 'client_jwt');
  assert.match(py.key_id, /^key_/);
  assert.deepEqual(py.scopes, ['read']);
  assert.equal(count(srv, 'SELECT count(*) FROM api_keys'), keys + 1);
  const node = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', snippet('node-app')],
    { env, cwd: ROOT, encoding: 'utf8' }));
  assert.equal(node.verified.type, 'client_jwt');
  assert.equal(node.verified.client_id, A.app.clientId);
  assert.equal(node.verified.subject, 'user_123');
  assert.equal(node.granted, 'Bearer');
});

test('ATTACKS §Credentials against client JWTs: each a 401, nothing changed', async () => {
  const t = now();
  const ok = { sub: 's', aud: AUD, iat: t, exp: t + 600 };
  const hsKid = { alg: 'HS256', typ: 'JWT', kid: K.hs.id };
  // 12: alg none in three spellings, empty or junk signature.
  for (const alg of ['none', 'None', 'NONE']) {
    await refused(`${B64({ alg, kid: K.hs.id })}.${B64(ok)}.`, 'invalid_token', alg);
    await refused(`${B64({ alg, kid: K.hs.id })}.${B64(ok)}.AAAA`, 'invalid_token', alg);
  }
  // 13: HS256 keyed with the registered public key, in both readings of it.
  await refused(hs256({ alg: 'HS256', kid: K.ed.id }, ok, Buffer.from(K.ed.jwk.x, 'base64url')), 'invalid_token', 'x bytes');
  await refused(hs256({ alg: 'HS256', kid: K.ed.id }, ok, JSON.stringify(K.ed.jwk)), 'invalid_token', 'jwk text');
  // Algorithm pinned both ways: EdDSA for an HS-only key, HS256 without opt-in.
  await refused(await edSign(ok, K.ed.privateKey, K.hs.id), 'invalid_token', 'EdDSA for HS key');
  await refused(hs256({ alg: 'HS256', kid: K.plain.id }, ok, K.plain.secret), 'invalid_token', 'no opt-in');
  await refused(hs256({ alg: 'HS512', kid: K.hs.id }, ok, K.hs.secret), 'invalid_token', 'HS512');
  // 14: kid unknown, traversal, SQL; foreign jku / jwk headers.
  for (const kid of ['key_AAAAAAAAAAAAAAAA', '../../dev/null', "' OR 1=1--", `${K.hs.id}x`]) {
    await refused(hs256({ ...hsKid, kid }, ok, K.hs.secret), 'invalid_token', kid);
  }
  await refused(hs256({ ...hsKid, jku: 'https://evil.example/jwks' }, ok, K.hs.secret), 'invalid_token', 'jku');
  await refused(hs256({ ...hsKid, jwk: K.ed.jwk }, ok, K.hs.secret), 'invalid_token', 'jwk header');
  // 15: expired (beyond the 60 s skew), future nbf, no exp, no iat, no aud.
  await refused(hs256(hsKid, { ...ok, iat: t - 1000, exp: t - 61 }, K.hs.secret), 'token_expired', 'expired');
  await refused(hs256(hsKid, { ...ok, nbf: t + 120 }, K.hs.secret), 'invalid_token', 'nbf');
  for (const c of ['exp', 'iat', 'aud']) {
    const { [c]: _gone, ...rest } = ok;
    await refused(hs256(hsKid, rest, K.hs.secret), 'invalid_token', `no ${c}`);
  }
  // Within the skew it still works.
  const skew = await bearer(hs256(hsKid, { ...ok, iat: t - 600, exp: t - 30 }, K.hs.secret));
  assert.equal(skew.status, 200, skew.body);
  // 57: a year long; a scope wider than the key.
  await refused(hs256(hsKid, { ...ok, exp: t + 365 * 86400 }, K.hs.secret), 'invalid_token', 'a year');
  await refused(hs256(hsKid, { ...ok, exp: t + 3601 }, K.hs.secret), 'invalid_token', '3601 s');
  await refused(hs256(hsKid, { ...ok, scope: 'read admin' }, K.hs.secret), 'invalid_token', 'scope');
  // 16: wrong aud; one of our own issuer-style tokens signed by the key.
  await refused(hs256(hsKid, { ...ok, aud: 'https://other.example' }, K.hs.secret), 'invalid_token', 'aud');
  // 11 and 17: a flipped payload byte, four segments, padding, whitespace.
  const good = hs256(hsKid, ok, K.hs.secret);
  const [h, p, s] = good.split('.');
  const flipped = Buffer.from(p, 'base64url');
  flipped[5] ^= 1;
  await refused(`${h}.${flipped.toString('base64url')}.${s}`, 'invalid_token', 'flipped');
  const sig = Buffer.from(s, 'base64url');
  sig[0] ^= 0x80;
  await refused(`${h}.${p}.${sig.toString('base64url')}`, 'invalid_token', 'flipped sig');
  await refused(`${good}.${s}`, 'invalid_token', 'four segments');
  await refused(`${good}=`, 'invalid_token', 'padding');
  await refused(`${h}.${p}. ${s}`, 'invalid_token', 'whitespace');
  // sub over 255 bytes; our own access-token type; a string exp.
  await refused(hs256(hsKid, { ...ok, sub: 'x'.repeat(256) }, K.hs.secret), 'invalid_token', 'long sub');
  assert.equal((await bearer(hs256(hsKid, { ...ok, sub: 'x'.repeat(255) }, K.hs.secret))).status, 200);
  await refused(hs256({ ...hsKid, typ: 'at+jwt' }, ok, K.hs.secret), 'invalid_token', 'typ at+jwt');
  await refused(hs256(hsKid, { ...ok, exp: String(ok.exp) }, K.hs.secret), 'invalid_token', 'string exp');
  // Both a key and an app named: ambiguous.
  await refused(hs256(hsKid, { ...ok, iss: A.app.clientId }, K.hs.secret), 'invalid_token', 'two names');
  assert.equal((await bearer(good)).status, 200, 'the untouched token works');
});

test('jti is single-use until the token ends; replays are refused', async () => {
  const t = now();
  const jti = crypto.randomUUID();
  const tok = pyjwt(`print(jwt.encode({"aud": os.environ["AUD"], "iat": int(time.time()),
  "exp": int(time.time()) + 120, "jti": os.environ["JTI"]}, os.environ["KEY"], algorithm="HS256",
  headers={"kid": os.environ["KID"]}))`, { KEY: K.hs.secret, KID: K.hs.id, AUD, JTI: jti });
  assert.equal((await bearer(tok)).status, 200);
  await refused(tok, 'invalid_token', 'replay');
  // Another credential's jti space is its own.
  const other = await edSign({ aud: AUD, iat: t, exp: t + 60, jti }, K.ed.privateKey, K.ed.id);
  assert.equal((await bearer(other)).status, 200);
  // purge drops only ended ones.
  const n = Number(srv.sql('SELECT count(*) FROM client_jwt_jtis').trim());
  assert.ok(n >= 2);
  const r = srv.cli(['purge']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(Number(srv.sql('SELECT count(*) FROM client_jwt_jtis').trim()), n);
});

test('a jti raced from 10 connections at once works exactly once', async () => {
  const t = now();
  const tok = hs256({ alg: 'HS256', kid: K.hs.id }, { aud: AUD, iat: t, exp: t + 60, jti: crypto.randomUUID() },
    K.hs.secret);
  const res = await Promise.all(Array.from({ length: 10 }, () => bearer(tok)));
  assert.deepEqual(res.map((r) => r.status).sort(), [200, ...Array(9).fill(401)]);
});

test('the signing key\'s own rate limit: its JWTs and the key share it, 429 beyond', async () => {
  const r = await api(srv, 'POST', '/v1/keys', { key: K.admin.secret,
    body: { name: 'limited', environment: 'test', permissions: ['read'], jwt_signing: true } });
  const k = { id: r.json.id, secret: r.json.key };
  const lim = srv.cli(['keys', 'limit', k.id, '3']);
  assert.equal(lim.status, 0, lim.stderr);
  const tok = () => hs256({ alg: 'HS256', kid: k.id }, { aud: AUD, iat: now(), exp: now() + 60 }, k.secret);
  assert.equal((await bearer(tok())).status, 200);
  assert.equal((await api(srv, 'GET', '/v1/auth/verify', { key: k.secret })).status, 200);
  const third = await bearer(tok());
  assert.equal(third.status, 200);
  assert.equal(third.headers['x-ratelimit-remaining'], '0');
  const over = await bearer(tok());
  assertError(over, 429, 'rate_limit_exceeded');
  assert.ok(Number(over.headers['retry-after']) > 0);
  assertError(await api(srv, 'GET', '/v1/auth/verify', { key: k.secret }), 429, 'rate_limit_exceeded');
});

test('JWK validation: strict, 400, nothing created', async () => {
  const keys = count(srv, 'SELECT count(*) FROM api_keys');
  const { jwk } = await edKey();
  const bad = [
    [{ ...jwk, d: jwk.x }, /private key/],
    [{ ...jwk, kty: 'RSA' }, /OKP/],
    [{ ...jwk, crv: 'X25519' }, /OKP/],
    [{ ...jwk, x: jwk.x.slice(0, 42) }, /32/],
    [{ ...jwk, x: `${jwk.x}=` }, /./],
    [{ ...jwk, x: Buffer.alloc(31).toString('base64url') }, /32/],
    [{ ...jwk, x5u: 'https://evil.example/k' }, /nothing else/],
    [{ ...jwk, use: 'enc' }, /./],
    [{ kty: 'OKP', crv: 'Ed25519' }, /./],
  ];
  for (const [j, re] of bad) {
    const r = await api(srv, 'POST', '/v1/keys', { key: K.admin.secret,
      body: { name: 'bad', environment: 'test', permissions: ['read'], public_jwk: j } });
    assertError(r, 400, 'invalid_request');
    C.assertConforms('POST', '/v1/keys', r);
    assert.match(r.json.message, re, JSON.stringify(j));
  }
  const str = await api(srv, 'POST', '/v1/keys', { key: K.admin.secret,
    body: { name: 'bad', environment: 'test', permissions: ['read'], public_jwk: JSON.stringify(jwk) } });
  assertError(str, 400, 'invalid_request');
  assert.equal(count(srv, 'SELECT count(*) FROM api_keys'), keys);
});

test('roll keeps the public key and the opt-in; revoke, roll past grace, delete stop tokens', async () => {
  const t = now();
  const hsTok = (k, extra = {}) => hs256({ alg: 'HS256', kid: k.id }, { aud: AUD, iat: now(), exp: now() + 60, ...extra }, k.secret);
  const roll = await api(srv, 'POST', `/v1/keys/${K.hs.id}/roll`, { key: K.admin.secret, body: { grace_seconds: 0 } });
  assert.equal(roll.status, 201, roll.body);
  C.assertConforms('POST', '/v1/keys/{id}/roll', roll);
  const list = await api(srv, 'GET', '/v1/keys', { key: K.admin.secret });
  C.assertConforms('GET', '/v1/keys', list);
  assert.equal(roll.json.jwt_signing, true);
  await refused(hsTok(K.hs), 'invalid_token', 'rolled past grace');
  const nk = { id: roll.json.id, secret: roll.json.key };
  assert.equal((await bearer(hsTok(nk))).status, 200);
  const off = await api(srv, 'POST', `/v1/keys/${nk.id}/roll`, { key: K.admin.secret,
    body: { grace_seconds: 3600, jwt_signing: false } });
  assert.equal(off.json.jwt_signing, false);
  assert.equal((await bearer(hsTok(nk))).status, 200, 'the old key works in its grace');
  await refused(hsTok({ id: off.json.id, secret: off.json.key }), 'invalid_token', 'new key without opt-in');
  const edRoll = await api(srv, 'POST', `/v1/keys/${K.ed.id}/roll`, { key: K.admin.secret, body: { grace_seconds: 0 } });
  assert.deepEqual(edRoll.json.public_jwk, K.ed.jwk);
  // A roll may bring a new public key instead (the old one stops with the old key).
  const fresh = await edKey();
  const swap = await api(srv, 'POST', `/v1/keys/${off.json.id}/roll`, { key: K.admin.secret,
    body: { grace_seconds: 0, public_jwk: fresh.jwk } });
  assert.equal(swap.status, 201, swap.body);
  assert.deepEqual(swap.json.public_jwk, fresh.jwk);
  assert.equal((await bearer(await edSign({ aud: AUD, iat: t, exp: t + 60 }, fresh.privateKey, swap.json.id))).status, 200);
  const badRoll = await api(srv, 'POST', `/v1/keys/${swap.json.id}/roll`, { key: K.admin.secret,
    body: { grace_seconds: 0, public_jwk: { ...fresh.jwk, d: fresh.jwk.x } } });
  assertError(badRoll, 400, 'invalid_request');
  assert.equal(srv.sql(`SELECT rolled_to IS NULL FROM api_keys WHERE id = '${swap.json.id}'`).trim(), '1', 'not rolled');
  assert.equal((await bearer(await edSign({ aud: AUD, iat: t, exp: t + 60 }, K.ed.privateKey, edRoll.json.id))).status, 200);
  // Revocation: the very next request fails.
  const tok = await edSign({ aud: AUD, iat: t, exp: t + 600 }, K.ed.privateKey, edRoll.json.id);
  assert.equal((await bearer(tok)).status, 200);
  assert.equal((await api(srv, 'DELETE', `/v1/keys/${edRoll.json.id}`, { key: K.admin.secret })).status, 204);
  await refused(tok, 'invalid_token', 'revoked');
  // purge wipes the sealed secrets of keys that can't verify any more.
  assert.equal(srv.sql(`SELECT jwt_secret IS NOT NULL FROM api_keys WHERE id = '${K.hs.id}'`).trim(), '1');
  assert.equal(srv.cli(['purge']).status, 0);
  assert.equal(srv.sql(`SELECT jwt_secret IS NULL FROM api_keys WHERE id = '${K.hs.id}'`).trim(), '1');
  assert.equal(srv.sql(`SELECT jwt_secret IS NOT NULL FROM api_keys WHERE id = '${nk.id}'`).trim(), '1',
    'a key in its grace keeps it');
});

test('/oauth/token: private_key_jwt (jose) and client_secret_jwt (PyJWT), RFC 7523', async () => {
  const metaRes = await request(srv.base, 'GET', '/.well-known/oauth-authorization-server');
  C.assertConforms('GET', '/.well-known/oauth-authorization-server', metaRes);
  const meta = JSON.parse(metaRes.body);
  assert.ok(meta.token_endpoint_auth_methods_supported.includes('private_key_jwt'));
  assert.ok(meta.token_endpoint_auth_methods_supported.includes('client_secret_jwt'));
  assert.deepEqual(meta.token_endpoint_auth_signing_alg_values_supported, ['EdDSA', 'HS256']);
  const t = now();
  const TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
  const assertion = await new jose.SignJWT({ jti: crypto.randomUUID() })
    .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' }).setIssuer(A.app.clientId).setSubject(A.app.clientId)
    .setAudience(meta.token_endpoint).setIssuedAt(t).setExpirationTime(t + 60).sign(A.ed.privateKey);
  const fields = { grant_type: 'client_credentials', client_assertion_type: TYPE, client_assertion: assertion };
  const res = await token(srv.base, fields);
  assert.equal(res.status, 200, res.body);
  C.assertConforms('POST', '/oauth/token', res);
  const body = JSON.parse(res.body);
  assert.equal(body.token_type, 'Bearer');
  const v = await bearer(body.access_token);
  assert.equal(v.json.client_id, A.app.clientId);
  // Replayed assertion: refused.
  const again = await token(srv.base, fields);
  assert.equal(again.status, 401, again.body);
  assert.equal(JSON.parse(again.body).error, 'invalid_client');
  const hs = pyjwt(`print(jwt.encode({"iss": os.environ["CID"], "sub": os.environ["CID"], "aud": os.environ["AUD"],
  "iat": int(time.time()), "exp": int(time.time()) + 60, "jti": os.urandom(8).hex()}, os.environ["SECRET"],
  algorithm="HS256"))`, { CID: A.app.clientId, SECRET: A.app.secret, AUD: meta.token_endpoint });
  const r2 = await token(srv.base, { grant_type: 'client_credentials', client_id: A.app.clientId,
    client_assertion_type: TYPE, client_assertion: hs });
  assert.equal(r2.status, 200, r2.body);
  // No jti, wrong aud, sub != iss, assertion plus a secret, wrong type.
  const bad = async (claims, over = {}) => {
    const a = await new jose.SignJWT({ iss: A.app.clientId, sub: A.app.clientId, aud: meta.token_endpoint,
      iat: now(), exp: now() + 60, jti: crypto.randomUUID(), ...claims })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' }).sign(A.ed.privateKey);
    return token(srv.base, { grant_type: 'client_credentials', client_assertion_type: TYPE, client_assertion: a, ...over });
  };
  for (const c of [{ jti: undefined }, { aud: 'https://evil.example/token' }, { sub: 'someone' },
    { exp: now() + 7200 }]) {
    const r = await bad(c);
    assert.equal(r.status, 401, `${JSON.stringify(c)} ${r.body}`);
    assert.equal(JSON.parse(r.body).error, 'invalid_client');
  }
  assert.equal((await bad({}, { client_secret: A.app.secret })).status, 400);
  assert.equal((await bad({}, { client_assertion_type: 'urn:x' })).status, 400);
  // Deleting the app stops its tokens on the next request.
  const appTok = await edSign({ iss: A.app.clientId, aud: AUD, iat: now(), exp: now() + 600 }, A.ed.privateKey, 'k1');
  assert.equal((await bearer(appTok)).status, 200);
  const page = await d.get(`/settings/oauth-apps/${A.app.clientId}/delete`);
  assert.equal(page.status, 200);
  const del = await d.post(`/settings/oauth-apps/${A.app.clientId}/delete`, {});
  assert.equal(del.status, 303, del.body);
  await refused(appTok, 'invalid_token', 'deleted app');
});

test('dashboard: key form takes the opt-in and a JWK, refuses a bad one in place, roll keeps them', async () => {
  const { jwk, privateKey } = await edKey();
  const keys = count(srv, 'SELECT count(*) FROM api_keys');
  // A private JWK: the form comes back with the error next to the field, values kept.
  const page = await d.get('/settings/api-keys');
  const bad = await d.post('/settings/api-keys', createFields({ name: 'dash-bad', permissions: ['read'],
    jwt_signing: '1', public_jwk: JSON.stringify({ ...jwk, d: jwk.x }) }, nonceFrom(page.body)));
  assert.equal(bad.status, 400);
  assert.match(bad.body, /id="public_jwk-error"[^>]*>[^<]*private key/);
  assert.match(bad.body, /id="jwt_signing" name="jwt_signing" value="1" checked/);
  assert.match(unescapeHtml(bad.body), /"d":"/, 'the value is kept (escaped) for correction');
  assert.equal(count(srv, 'SELECT count(*) FROM api_keys'), keys, 'nothing created');
  const k = await createKeyViaForm(d, { name: 'dash', permissions: ['read'], jwt_signing: '1',
    public_jwk: JSON.stringify(jwk) });
  const t = now();
  assert.equal((await bearer(hs256({ alg: 'HS256', kid: k.id }, { aud: AUD, iat: t, exp: t + 60 }, k.secret))).status, 200);
  assert.equal((await bearer(await edSign({ aud: AUD, iat: t, exp: t + 60 }, privateKey, k.id))).status, 200);
  // The list says which tokens each key may sign.
  const list = await d.get('/settings/api-keys');
  const row = new RegExp(`<tr data-key-id="${k.id}">[\\s\\S]*?</tr>`).exec(list.body)[0];
  assert.match(row, />JWT HS256</);
  assert.match(row, />JWT EdDSA</);
  const plainRow = new RegExp(`<tr data-key-id="${K.plain.id}">[\\s\\S]*?</tr>`).exec(list.body)[0];
  assert.doesNotMatch(plainRow, /JWT/);
  // The roll page offers the opt-in, ticked because the key has it.
  const confirm = await d.get(`/settings/api-keys/${k.id}/roll`);
  assert.match(confirm.body, /id="jwt_signing" name="jwt_signing" value="1" checked/);
  assert.match(confirm.body, /encrypted with a server key/);
  const csrf = /name="csrf_token" value="([^"]*)"/.exec(confirm.body)[1];
  const rolled = await d.post(`/settings/api-keys/${k.id}/roll`, { csrf_token: csrf, grace_seconds: '0' });
  assert.equal(rolled.status, 200, rolled.body.slice(0, 300));
  const secret = secretFrom(rolled.body);
  const id = idForSecret(rolled.body, secret);
  // Unticked: the new key has no sealed secret; the public key came along.
  assert.equal(srv.sql(`SELECT jwt_secret IS NULL, public_jwk IS NOT NULL FROM api_keys WHERE id = '${id}'`).trim(), '1|1');
  await refused(hs256({ alg: 'HS256', kid: id }, { aud: AUD, iat: t, exp: t + 60 }, secret), 'invalid_token', 'unticked');
  assert.equal((await bearer(await edSign({ aud: AUD, iat: t, exp: t + 60 }, privateKey, id))).status, 200);
});

test('dashboard: app secret rotation with the opt-in; public apps refuse it', async () => {
  const app = await (async () => {
    const page = await d.get('/settings/oauth-apps');
    const nonce = /name="form_nonce" value="([^"]*)"/.exec(page.body)[1];
    return d.post('/settings/oauth-apps', [['name', 'Rotating'], ['client_type', 'confidential'],
      ['scopes', 'read'], ['grant_types', 'client_credentials'], ['jwt_signing', '1'], ['form_nonce', nonce]]);
  })();
  const clientId = /id="client-id"[^>]*>([^<]*)</.exec(app.body)[1];
  const old = /id="new-client-secret"[^>]*>([^<]*)</.exec(app.body)[1];
  const sign = (secret) => hs256({ alg: 'HS256' }, { iss: clientId, aud: AUD, iat: now(), exp: now() + 60 }, secret);
  assert.equal((await bearer(sign(old))).status, 200);
  const confirm = await d.get(`/settings/oauth-apps/${clientId}/rotate-secret`);
  assert.match(confirm.body, /id="jwt_signing" name="jwt_signing" value="1" checked/);
  const csrf = /name="csrf_token" value="([^"]*)"/.exec(confirm.body)[1];
  const rot = await d.post(`/settings/oauth-apps/${clientId}/rotate-secret`, { csrf_token: csrf, jwt_signing: '1' });
  assert.equal(rot.status, 200);
  const fresh = /id="new-client-secret"[^>]*>([^<]*)</.exec(rot.body)[1];
  await refused(sign(old), 'invalid_token', 'the old secret');
  assert.equal((await bearer(sign(fresh))).status, 200);
  const rot2 = await d.post(`/settings/oauth-apps/${clientId}/rotate-secret`, { csrf_token: csrf });
  const fresh2 = /id="new-client-secret"[^>]*>([^<]*)</.exec(rot2.body)[1];
  await refused(sign(fresh2), 'invalid_token', 'rotated without the opt-in');
  assert.equal(srv.sql(`SELECT jwt_secret IS NULL FROM oauth_clients WHERE client_id = '${clientId}'`).trim(), '1');
  // Its signing keys page: register a JWK Set, refuse a private key in place, remove.
  const kp = await edKey();
  const appsList = await d.get('/settings/oauth-apps');
  const appRow = (html) => new RegExp(`<tr data-client-id="${clientId}">[\\s\\S]*?</tr>`).exec(html)[0];
  assert.doesNotMatch(appRow(appsList.body), /JWT HS256/, 'rotated without the box: no more HS256');
  const keysPage = await d.get(`/settings/oauth-apps/${clientId}/signing-keys`);
  assert.equal(keysPage.status, 200);
  assert.match(keysPage.body, /Only public keys are stored here; nothing secret\./);
  const kcsrf = /name="csrf_token" value="([^"]*)"/.exec(keysPage.body)[1];
  const edTok = () => edSign({ iss: clientId, aud: AUD, iat: now(), exp: now() + 60 }, kp.privateKey, 'ci-1');
  await refused(await edTok(), 'invalid_token', 'no key yet');
  const badSet = await d.post(`/settings/oauth-apps/${clientId}/signing-keys`,
    { csrf_token: kcsrf, public_jwks: JSON.stringify({ keys: [{ ...kp.jwk, kid: 'ci-1', d: kp.jwk.x }] }) });
  assert.equal(badSet.status, 400);
  assert.match(badSet.body, /id="public_jwks-error"[^>]*>[^<]*private key/);
  const saved = await d.post(`/settings/oauth-apps/${clientId}/signing-keys`,
    { csrf_token: kcsrf, public_jwks: JSON.stringify({ keys: [{ ...kp.jwk, kid: 'ci-1' }] }) });
  assert.equal(saved.status, 303, saved.body.slice(0, 300));
  assert.equal((await bearer(await edTok())).status, 200);
  assert.match(appRow((await d.get('/settings/oauth-apps')).body), />JWT EdDSA</);
  const again = await d.get(`/settings/oauth-apps/${clientId}/signing-keys`);
  assert.ok(unescapeHtml(again.body).includes(`"x":"${kp.jwk.x}","kid":"ci-1"`), 'the stored set is shown');
  const removed = await d.post(`/settings/oauth-apps/${clientId}/signing-keys`, { csrf_token: kcsrf });
  assert.equal(removed.status, 303);
  await refused(await edTok(), 'invalid_token', 'key removed');
  assert.equal(count(srv, `SELECT count(*) FROM audit_log WHERE action = 'app.signing_keys' AND target = '${clientId}'`), 2);
  // A public app has no secret to sign with.
  const apps = count(srv, 'SELECT count(*) FROM oauth_clients');
  const page = await d.get('/settings/oauth-apps');
  const nonce = /name="form_nonce" value="([^"]*)"/.exec(page.body)[1];
  const pub = await d.post('/settings/oauth-apps', [['name', 'Pub'], ['client_type', 'public'],
    ['redirect_uris', 'https://app.example/cb'], ['scopes', 'read'], ['grant_types', 'authorization_code'],
    ['jwt_signing', '1'], ['form_nonce', nonce]]);
  assert.equal(pub.status, 400);
  assert.match(pub.body, /id="public_jwks-error"[^>]*>Public apps have no secret/);
  assert.equal(count(srv, 'SELECT count(*) FROM oauth_clients'), apps);
  const pubApp = await registerApp(d, { name: 'Pub ok', client_type: 'public', scopes: 'read',
    grant_types: ['authorization_code'] });
  assert.match(pubApp.clientId, /^app_/);
  assert.equal((await d.get(`/settings/oauth-apps/${pubApp.clientId}/signing-keys`)).status, 404);
});

test('latchkey init adds jwtseal to an existing secrets file and leaves the other keys alone', () => {
  const dir = fs.mkdtempSync(`${os.tmpdir()}/lk-cjwt-`);
  const hex = () => crypto.randomBytes(32).toString('hex');
  const lines = [`pepper=${hex()}`, `csrf=${hex()}`, `seal=${hex()}`];
  fs.writeFileSync(`${dir}/secrets`, `${lines.join('\n')}\n`, { mode: 0o600 });
  const env = { ...process.env, LATCHKEY_DB: `${dir}/db`, LATCHKEY_SECRETS: `${dir}/secrets` };
  execFileSync(`${BIN}/latchkey`, ['init'], { env, input: '', stdio: ['pipe', 'pipe', 'pipe'] });
  const after1 = fs.readFileSync(`${dir}/secrets`, 'utf8');
  for (const l of lines) assert.ok(after1.split('\n').includes(l), `kept: ${l.split('=')[0]}`);
  const seal = /^jwtseal=([0-9a-f]{64})$/m.exec(after1);
  assert.ok(seal, after1);
  assert.equal(fs.statSync(`${dir}/secrets`).mode & 0o777, 0o600);
  execFileSync(`${BIN}/latchkey`, ['init'], { env, input: '', stdio: ['pipe', 'pipe', 'pipe'] });
  assert.equal(fs.readFileSync(`${dir}/secrets`, 'utf8'), after1, 'a second init changes nothing');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('seed 002 with tiers: the tier claim narrows the key\'s tier, never widens it; the tier\'s limits apply', async () => {
  const cli = (...a) => { const r = srv.cli(a); assert.equal(r.status, 0, `${a.join(' ')}: ${r.stderr}`); };
  cli('plan', 'add', 'lite', '--rank', '1', '--per-hour', '100');
  cli('plan', 'add', 'standard', '--rank', '2', '--per-hour', '500');
  cli('plan', 'add', 'professional', '--rank', '3', '--per-hour', '2000');
  cli('user', 'plan', ADMIN.email, 'professional');
  const r = await api(srv, 'POST', '/v1/keys', { key: K.admin.secret,
    body: { name: 'tiered-hs', environment: 'test', permissions: ['read'], jwt_signing: true, tier: 'standard' } });
  assert.equal(r.status, 201, r.body);
  const key = { secret: r.json.key, id: r.json.id };
  const tok = (tier) => pyjwt(`print(jwt.encode({"sub": "user_id", "iat": int(time.time()),
  "exp": int(time.time()) + 3600, "aud": os.environ["AUD"]${tier ? ', "tier": os.environ["TIER"]' : ''}},
  os.environ["KEY"], algorithm="HS256", headers={"kid": os.environ["KID"]}))`,
  { KEY: key.secret, KID: key.id, AUD, TIER: tier ?? '' });
  const plain = await bearer(tok(null));
  assert.equal(plain.status, 200, plain.body);
  assert.equal(plain.json.tier, 'standard', 'no claim: the key\'s tier');
  assert.equal(plain.headers['x-ratelimit-limit'], '500', 'the tier\'s hourly limit');
  assert.equal(plain.headers['x-latchkey-tier'], 'standard');
  for (const t of ['standard', 'lite']) {
    const ok = await bearer(tok(t));
    assert.equal(ok.status, 200, `${t}: ${ok.body}`);
    assert.equal(ok.json.tier, t);
    assert.equal(ok.headers['x-ratelimit-limit'], '500', 'the key\'s limits, whatever the claim');
  }
  await refused(tok('professional'), 'invalid_token', 'a tier above the key\'s');
  await refused(tok('platinum'), 'invalid_token', 'no such plan');
});
