// JWT login, refresh rotation and reuse detection, logout, JWKS and
// signing-key rotation, with an independent library (jose) checking our
// tokens against our published keys.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRemoteJWKSet, jwtVerify, decodeProtectedHeader, base64url } from 'jose';
import { createHmac } from 'node:crypto';
import { startServer, ADMIN } from './lib/server.mjs';
import { request, json, Dashboard } from './lib/http.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

const post = (path, body, headers = {}) => request(srv.base, 'POST', path, {
  headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body),
});
const login = (email = ADMIN.email, password = ADMIN.password) =>
  post('/v1/auth/login', { email, password });
const verify = (token) => request(srv.base, 'GET', '/v1/auth/verify',
  { headers: { Authorization: `Bearer ${token}` } });
const issuer = () => `http://localhost:${srv.port}`;

async function joseVerify(token) {
  const jwks = createRemoteJWKSet(new URL('/.well-known/jwks.json', srv.base));
  return jwtVerify(token, jwks, {
    issuer: issuer(), audience: issuer(), algorithms: ['EdDSA'], typ: 'JWT',
  });
}

test('login returns the SPEC shape, no-store, and a JWT jose accepts', async () => {
  const res = await login();
  assert.equal(res.status, 200);
  assert.equal(res.headers['cache-control'], 'no-store');
  const b = json(res);
  assert.deepEqual(Object.keys(b).sort(),
    ['access_token', 'expires_at', 'expires_in', 'refresh_token', 'token_type', 'user']);
  assert.equal(b.token_type, 'Bearer');
  assert.equal(b.expires_in, 3600);
  assert.match(b.refresh_token, /^rt_[A-Za-z0-9_-]{43}$/);
  assert.match(b.user.id, /^usr_[0-9A-Za-z]{16}$/);
  assert.equal(b.user.email, ADMIN.email);
  assert.equal(b.user.role, 'admin');
  assert.equal(Date.parse(b.expires_at) / 1000 - Math.floor(Date.now() / 1000) <= 3600, true);

  const hdr = decodeProtectedHeader(b.access_token);
  assert.deepEqual(Object.keys(hdr).sort(), ['alg', 'kid', 'typ']);
  assert.equal(hdr.alg, 'EdDSA');
  assert.equal(hdr.typ, 'JWT');
  const { payload } = await joseVerify(b.access_token);
  assert.equal(payload.sub, b.user.id);
  assert.equal(payload.iss, issuer());
  assert.equal(payload.aud, issuer());
  assert.equal(payload.exp - payload.iat, 3600);
  assert.match(payload.jti, /^jti_[0-9A-Za-z]{16}$/);
  assert.equal(payload.scope, 'read write delete admin');

  const v = await verify(b.access_token);
  assert.equal(v.status, 200);
  const vb = json(v);
  assert.equal(vb.type, 'jwt');
  assert.equal(vb.user_id, b.user.id);
  assert.deepEqual(vb.scopes, ['read', 'write', 'delete', 'admin']);
  assert.equal(vb.expires_at, b.expires_at);
  assert.equal('key_id' in vb, false);
});

test('the JWKS publishes OKP Ed25519 keys', async () => {
  const res = await request(srv.base, 'GET', '/.well-known/jwks.json');
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'application/json');
  const { keys } = json(res);
  assert.equal(keys.length, 1);
  assert.deepEqual(Object.keys(keys[0]).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x']);
  assert.equal(keys[0].kty, 'OKP');
  assert.equal(keys[0].crv, 'Ed25519');
  assert.equal(base64url.decode(keys[0].x).length, 32);
  assert.equal(JSON.stringify(keys).includes('"d"'), false);
});

test('wrong password and unknown email: same status and body', async () => {
  const a = await login(ADMIN.email, 'not the password at all');
  const b = await login('nobody@example.com', 'not the password at all');
  assert.equal(a.status, 401);
  assert.equal(b.status, 401);
  assert.equal(json(a).error, 'invalid_credentials');
  assert.equal(json(a).message, json(b).message);
});

test('refresh rotates; a reused token revokes the family', async () => {
  const first = json(await login());
  const r2 = await post('/v1/auth/refresh', { refresh_token: first.refresh_token });
  assert.equal(r2.status, 200);
  const second = json(r2);
  assert.notEqual(second.refresh_token, first.refresh_token);
  assert.notEqual(second.access_token, first.access_token);
  await joseVerify(second.access_token);
  assert.equal((await verify(second.access_token)).status, 200);

  const reuse = await post('/v1/auth/refresh', { refresh_token: first.refresh_token });
  assert.equal(reuse.status, 401);
  assert.equal(json(reuse).error, 'invalid_token');
  // The whole family is dead: the newest refresh and access tokens too.
  assert.equal((await post('/v1/auth/refresh', { refresh_token: second.refresh_token })).status, 401);
  const v = await verify(second.access_token);
  assert.equal(v.status, 401);
  assert.equal(json(v).error, 'invalid_token');
  // Another sign-in's family is untouched.
  const other = json(await login());
  assert.equal((await verify(other.access_token)).status, 200);
});

test('logout revokes the family', async () => {
  const t = json(await login());
  const res = await post('/v1/auth/logout', { refresh_token: t.refresh_token });
  assert.equal(res.status, 204);
  assert.equal(res.body, '');
  assert.equal((await post('/v1/auth/refresh', { refresh_token: t.refresh_token })).status, 401);
  assert.equal((await verify(t.access_token)).status, 401);
  // Unknown or garbage tokens: the same quiet 204; malformed body: 400.
  assert.equal((await post('/v1/auth/logout', { refresh_token: 'rt_nothing' })).status, 204);
  assert.equal((await post('/v1/auth/logout', {})).status, 400);
});

test('tampered, unsigned and HS256-with-our-public-key tokens are refused', async () => {
  const t = json(await login()).access_token;
  const [h, p, s] = t.split('.');
  const claims = JSON.parse(new TextDecoder().decode(base64url.decode(p)));
  const enc = (o) => base64url.encode(JSON.stringify(o));
  claims.scope = 'read write delete admin';
  claims.sub = 'usr_AAAAAAAAAAAAAAAA';
  const cases = [
    `${h}.${enc(claims)}.${s}`,
    `${enc({ alg: 'none', typ: 'JWT' })}.${p}.`,
    `${enc({ alg: 'none', typ: 'JWT' })}.${p}`,
    `${h}.${p}.${s.slice(0, -2)}`,
    `${h}.${p}.${s}.${s}`,
  ];
  const { keys } = json(await request(srv.base, 'GET', '/.well-known/jwks.json'));
  const hsHeader = enc({ alg: 'HS256', typ: 'JWT', kid: keys[0].kid });
  const mac = createHmac('sha256', base64url.decode(keys[0].x)).update(`${hsHeader}.${p}`).digest();
  cases.push(`${hsHeader}.${p}.${base64url.encode(mac)}`);
  for (const c of cases) {
    const res = await verify(c);
    assert.equal(res.status, 401, c);
    assert.equal(json(res).error, 'invalid_token');
    assert.match(res.headers['www-authenticate'], /error="invalid_token"/);
  }
});

test('API login shares the dashboard throttle', async () => {
  const s2 = await startServer();
  try {
    const p = (body) => request(s2.base, 'POST', '/v1/auth/login', {
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    for (let i = 0; i < 5; i++) {
      assert.equal((await p({ email: ADMIN.email, password: `wrong password ${i}` })).status, 401);
    }
    const r = await p({ email: ADMIN.email, password: ADMIN.password });
    assert.equal(r.status, 429);
    assert.equal(json(r).error, 'rate_limit_exceeded');
    assert.ok(Number(r.headers['retry-after']) > 0);
    const d = new Dashboard(s2.base);
    const page = await d.login(ADMIN.email, ADMIN.password);
    assert.equal(page.status, 429);
    assert.equal(d.session(), undefined);
  } finally {
    await s2.stop();
  }
});

test('disabling the user stops their JWTs and refresh tokens', async () => {
  const add = srv.cli(['user', 'add', 'jwt-user@example.com', '--password-stdin'],
    'jwt user passphrase 42\n');
  assert.equal(add.status, 0, add.stderr);
  const t = json(await login('jwt-user@example.com', 'jwt user passphrase 42'));
  assert.equal((await verify(t.access_token)).status, 200);
  assert.equal(srv.cli(['user', 'disable', 'jwt-user@example.com']).status, 0);
  assert.equal((await verify(t.access_token)).status, 401);
  assert.equal((await post('/v1/auth/refresh', { refresh_token: t.refresh_token })).status, 401);
  assert.equal((await login('jwt-user@example.com', 'jwt user passphrase 42')).status, 401);
});

test('a login JWT may manage keys; keys it creates verify', async () => {
  const t = json(await login()).access_token;
  const res = await post('/v1/keys', { name: 'from-jwt', environment: 'test',
    permissions: ['read'] }, { Authorization: `Bearer ${t}` });
  assert.equal(res.status, 201);
  const k = json(res);
  const v = await request(srv.base, 'GET', '/v1/auth/verify', { headers: { 'X-API-Key': k.key } });
  assert.equal(v.status, 200);
  assert.equal(json(v).key_id, k.id);
  assert.equal(json(v).environment, 'test');
});

test('signing-key rotation keeps old tokens valid and publishes both keys', async () => {
  const before = json(await login()).access_token;
  const oldKid = decodeProtectedHeader(before).kid;
  const rot = srv.cli(['signing-key', 'rotate']);
  assert.equal(rot.status, 0, rot.stderr);
  const after = json(await login()).access_token;
  const newKid = decodeProtectedHeader(after).kid;
  assert.notEqual(newKid, oldKid);
  const kids = json(await request(srv.base, 'GET', '/.well-known/jwks.json')).keys.map((k) => k.kid);
  assert.deepEqual(kids.sort(), [oldKid, newKid].sort());
  await joseVerify(before);
  await joseVerify(after);
  assert.equal((await verify(before)).status, 200);
  assert.equal((await verify(after)).status, 200);
  // The private halves are sealed: no column holds 64 raw bytes of key.
  const rows = srv.sql('SELECT kid, length(sealed_secret), length(public_key) FROM signing_keys');
  for (const line of rows.trim().split('\n')) {
    const [, sealed, pub] = line.split('|');
    assert.equal(Number(pub), 32);
    assert.equal(Number(sealed), 24 + 64 + 16);
  }
});
