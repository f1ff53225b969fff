// openapi.yaml against the real server: the document lints as OpenAPI 3.1,
// and every endpoint's success and main error responses (status, documented
// headers, body) conform to it. Also checks that each successful request
// body matches the documented request schema, and that every documented
// operation was exercised.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, ADMIN } from './lib/server.mjs';
import { request } from './lib/http.mjs';
import { createKeyViaForm, signedIn, sqlWrite, forgeKey } from './lib/keys.mjs';
import { lint, loadChecker, registerApp } from './lib/openapi.mjs';
import { registerApp as registerAppForm, authorize, authorizePath, authParams, pkce, query } from './lib/oauth.mjs';

const FORM = 'application/x-www-form-urlencoded';
const OAUTH_LIMIT = 3; // requests per hour for an OAuth token, to reach a 429 quickly
let srv;
let C; // the checker
let dash; // the admin's dashboard session
let admin; // {secret, id}: a test key with every permission, made on the dashboard
let app; // {clientId, secret}: a confidential client_credentials app

before(async () => {
  C = await loadChecker();
  srv = await startServer({ env: { LATCHKEY_RATELIMIT_OAUTH: String(OAUTH_LIMIT) } });
  dash = await signedIn(srv.base, ADMIN.email, ADMIN.password);
  admin = await createKeyViaForm(dash, { name: 'openapi', permissions: ['read', 'write', 'delete', 'admin'] });
});
after(async () => { if (srv) await srv.stop(); });

// One request; the response must conform to the operation (method,
// template). opts: path (default the template), key (X-API-Key), bearer,
// basic [id, secret], json (object or raw string), form (object or raw
// string), headers. A 2xx's JSON or form body must match the documented
// request schema too. -> res with res.json.
async function call(method, template, opts = {}) {
  const h = { ...(opts.headers ?? {}) };
  if (opts.key) h['X-API-Key'] = opts.key;
  if (opts.bearer) h.Authorization = `Bearer ${opts.bearer}`;
  if (opts.basic) h.Authorization = `Basic ${Buffer.from(opts.basic.join(':')).toString('base64')}`;
  let body;
  if (opts.json !== undefined) {
    h['Content-Type'] ??= 'application/json';
    body = typeof opts.json === 'string' ? opts.json : JSON.stringify(opts.json);
  } else if (opts.form !== undefined) {
    h['Content-Type'] ??= FORM;
    body = typeof opts.form === 'string' ? opts.form : new URLSearchParams(opts.form).toString();
  }
  const res = await request(srv.base, method, opts.path ?? template, { headers: h, body });
  C.assertConforms(method, template, res);
  if (res.status < 300 && typeof opts.json === 'object') C.assertRequest(method, template, 'application/json', opts.json);
  if (res.status < 300 && typeof opts.form === 'object') C.assertRequest(method, template, FORM, opts.form);
  try { res.json = res.body ? JSON.parse(res.body) : null; } catch { res.json = undefined; }
  return res;
}

// Asserts status and, for error bodies, the error code.
function is(res, status, error) {
  assert.equal(res.status, status, `${res.status} ${res.body.slice(0, 300)}`);
  if (error !== undefined) assert.equal(res.json?.error, error, res.body);
  return res;
}

const BIG = 65537; // one byte over the limit
const login = (email = ADMIN.email, password = ADMIN.password) =>
  call('POST', '/v1/auth/login', { json: { email, password } });
const newKey = (fields, key = admin.secret) => call('POST', '/v1/keys', { key, json: { environment: 'test', ...fields } });

test('openapi.yaml is valid OpenAPI 3.1.0 and lists every JSON endpoint', async () => {
  const { valid, text } = await lint();
  assert.ok(valid, text);
  assert.equal(C.doc.openapi, '3.1.0');
  assert.deepEqual(C.schemaErrors(), [], 'every schema compiles under Ajv strict mode');
  assert.deepEqual(Object.keys(C.coverage()).sort(), [
    'DELETE /v1/keys/{id}', 'GET /.well-known/jwks.json', 'GET /.well-known/oauth-authorization-server',
    'GET /healthz', 'GET /metrics', 'GET /readyz',
    'GET /v1/auth/verify', 'GET /v1/keys', 'GET /v1/keys/{id}', 'POST /oauth/introspect', 'POST /oauth/revoke',
    'POST /oauth/token', 'POST /v1/auth/login', 'POST /v1/auth/logout', 'POST /v1/auth/refresh',
    'POST /v1/keys', 'POST /v1/keys/revoke-leaked', 'POST /v1/keys/{id}/roll',
    'GET /v1/keys/{id}/usage', 'GET /v1/usage',
    'OPTIONS /oauth/token', 'OPTIONS /oauth/revoke', 'OPTIONS /.well-known/jwks.json',
    'OPTIONS /.well-known/oauth-authorization-server', 'GET /.well-known/openid-configuration',
    'OPTIONS /.well-known/openid-configuration', 'GET /oauth/userinfo', 'POST /oauth/userinfo',
    'OPTIONS /oauth/userinfo'].sort());
  // The checker itself catches drift: an extra member, a wrong status.
  const res = await request(srv.base, 'GET', '/.well-known/jwks.json');
  const extra = { ...res, body: JSON.stringify({ ...JSON.parse(res.body), extra: 1 }) };
  assert.match(C.problems('GET', '/.well-known/jwks.json', extra).join(), /additional properties/);
  assert.match(C.problems('GET', '/.well-known/jwks.json', { ...res, status: 404 }).join(), /not documented/);
});

test('login, refresh, logout: success and errors', async () => {
  const t = is(await login(), 200).json;
  const r = is(await call('POST', '/v1/auth/refresh', { json: { refresh_token: t.refresh_token } }), 200).json;
  assert.notEqual(r.refresh_token, t.refresh_token);
  is(await call('POST', '/v1/auth/refresh', { json: { refresh_token: t.refresh_token } }), 401, 'invalid_token');
  const t2 = is(await login(), 200).json;
  const out = is(await call('POST', '/v1/auth/logout', { json: { refresh_token: t2.refresh_token } }), 204);
  assert.equal(out.headers['content-type'], undefined);
  is(await call('POST', '/v1/auth/logout', { json: { refresh_token: 'rt_unknown' } }), 204);
  is(await call('POST', '/v1/auth/refresh', { json: { refresh_token: t2.refresh_token } }), 401, 'invalid_token');

  is(await login(ADMIN.email, 'not the password, once'), 401, 'invalid_credentials');
  is(await call('POST', '/v1/auth/login', { json: { email: ADMIN.email } }), 400, 'invalid_request');
  is(await call('POST', '/v1/auth/login', { json: { email: ADMIN.email, password: 'x', extra: 1 } }), 400, 'invalid_request');
  is(await call('POST', '/v1/auth/login', { json: '{"email":"a","email":"b","password":"x"}' }), 400, 'invalid_request');
  is(await call('POST', '/v1/auth/login', { form: { email: ADMIN.email, password: 'x' } }), 415, 'unsupported_media_type');
  is(await call('POST', '/v1/auth/login', { json: ' '.repeat(BIG) }), 413, 'payload_too_large');
  is(await call('POST', '/v1/auth/refresh', { json: {} }), 400, 'invalid_request');
  is(await call('POST', '/v1/auth/logout', { json: '[' }), 400, 'invalid_request');
  is(await call('POST', '/v1/auth/logout', { headers: { 'Content-Type': 'text/plain' }, json: 'x' }), 415);
  is(await call('POST', '/v1/auth/refresh', { json: `{"refresh_token":"${'x'.repeat(BIG)}"}` }), 413);
});

test('verify: API key, login JWT; 400, 401 (both challenges), 403', async () => {
  const V = '/v1/auth/verify';
  const k = is(await call('GET', V, { key: admin.secret }), 200).json;
  assert.equal(k.type, 'api_key');
  assert.equal(is(await call('GET', V, { bearer: admin.secret }), 200).json.key_id, admin.id);
  const jwt = is(await login(), 200).json.access_token;
  assert.equal(is(await call('GET', V, { bearer: jwt }), 200).json.type, 'jwt');
  is(await call('GET', V, { path: `${V}?scope=read%20invoices:read&environment=test`, key: admin.secret }), 200);

  is(await call('GET', V, { path: `${V}?scope=superpowers`, key: admin.secret }), 400, 'invalid_request');
  is(await call('GET', V, { path: `${V}?environment=staging`, key: admin.secret }), 400, 'invalid_request');
  is(await call('GET', V, { path: `${V}?foo=1`, key: admin.secret }), 400, 'invalid_request');
  is(await call('GET', V, { key: admin.secret, bearer: jwt }), 400, 'invalid_request');

  const none = is(await call('GET', V), 401, 'unauthorized');
  assert.equal(none.headers['www-authenticate'], 'Bearer realm="latchkey"');
  is(await call('GET', V, { headers: { Authorization: 'Basic eDp5' } }), 401, 'unauthorized');
  for (const bad of [forgeKey(), 'garbage', `${jwt.slice(0, -4)}AAAA`]) {
    const r = is(await call('GET', V, { bearer: bad }), 401, 'invalid_token');
    assert.equal(r.headers['www-authenticate'], 'Bearer realm="latchkey", error="invalid_token"');
  }
  const soon = is(await newKey({ name: 'soon expired', permissions: ['read'], expires_in_days: 1 }), 201).json;
  sqlWrite(srv, `UPDATE api_keys SET expires_at = strftime('%s','now') - 60 WHERE id = '${soon.id}'`);
  const exp = is(await call('GET', V, { key: soon.key }), 401, 'token_expired');
  assert.equal(exp.headers['www-authenticate'],
    'Bearer realm="latchkey", error="invalid_token", error_description="expired"');

  const read = is(await newKey({ name: 'read', permissions: ['read'] }), 201).json;
  is(await call('GET', V, { path: `${V}?scope=admin`, key: read.key }), 403, 'insufficient_scope');
  is(await call('GET', V, { path: `${V}?environment=live`, key: read.key }), 403, 'insufficient_scope');
});

test('keys: create, list, get, roll, delete and their errors', async () => {
  const made = is(await newKey({ name: 'made by API', permissions: ['read', 'write'], restricted: false,
    expires_in_days: 30 }), 201).json;
  assert.equal(made.status, 'active');
  const rk = is(await newKey({ name: 'restricted', restricted: true, permissions: ['invoices:read'] }), 201).json;
  assert.match(rk.key, /^rk_test_/);
  const readAdmin = is(await newKey({ name: 'read-admin', permissions: ['read', 'admin'] }), 201).json;
  const read = is(await newKey({ name: 'read only', permissions: ['read'], expires_in_days: null }), 201).json;

  const list = is(await call('GET', '/v1/keys', { key: admin.secret }), 200).json;
  assert.ok(list.data.some((x) => x.id === made.id));
  is(await call('GET', '/v1/keys', { bearer: (await login()).json.access_token }), 200);
  is(await call('GET', '/v1/keys/{id}', { path: `/v1/keys/${made.id}`, key: admin.secret }), 200);
  const rolled = is(await call('POST', '/v1/keys/{id}/roll', { path: `/v1/keys/${made.id}/roll`,
    key: admin.secret, json: { grace_seconds: 0 } }), 201).json;
  assert.notEqual(rolled.id, made.id);
  is(await call('DELETE', '/v1/keys/{id}', { path: `/v1/keys/${rolled.id}`, key: admin.secret }), 204);
  const gone = is(await call('GET', '/v1/keys/{id}', { path: `/v1/keys/${rolled.id}`, key: admin.secret }), 200).json;
  assert.equal(gone.status, 'revoked');

  // 400: malformed fields (checked before the credential), rules of the handler.
  for (const json of [{ name: 'x', permissions: ['superuser'] }, { name: '', permissions: ['read'] },
    { name: 'x', permissions: ['read'], expires_in_days: 0 }, { name: 'x', permissions: [] },
    { name: 'x', restricted: true, permissions: ['admin'] }, { name: 'x', permissions: ['read'], owner: 'me' }]) {
    is(await newKey(json), 400, 'invalid_request');
  }
  is(await call('POST', '/v1/keys', { key: admin.secret, form: { name: 'x' } }), 415, 'unsupported_media_type');
  is(await call('POST', '/v1/keys', { key: admin.secret, json: `{"name":"${'x'.repeat(BIG)}"}` }), 413);
  is(await call('POST', '/v1/keys/{id}/roll', { path: `/v1/keys/${read.id}/roll`, key: admin.secret,
    json: { grace_seconds: 604801 } }), 400, 'invalid_request');
  // 401, 403 both kinds, 404, 400 for a key that can't be rolled.
  is(await call('GET', '/v1/keys'), 401, 'unauthorized');
  is(await call('POST', '/v1/keys', { json: { name: 'x', environment: 'test', permissions: ['read'] } }), 401);
  is(await call('GET', '/v1/keys', { key: rk.key }), 403, 'insufficient_scope');
  const noAdmin = is(await newKey({ name: 'x', permissions: ['read'] }, read.key), 403, 'insufficient_scope');
  assert.equal(noAdmin.headers['www-authenticate'], 'Bearer realm="latchkey", error="insufficient_scope"');
  // admin covers every permission, so only the environment is left to refuse: a test key can't mint live keys.
  is(await newKey({ name: 'x', environment: 'live', permissions: ['read'] }, readAdmin.key), 403, 'forbidden');
  is(await call('DELETE', '/v1/keys/{id}', { path: `/v1/keys/${made.id}`, key: read.key }), 403, 'insufficient_scope');
  is(await call('POST', '/v1/keys/{id}/roll', { path: `/v1/keys/${made.id}/roll`, key: read.key,
    json: { grace_seconds: 0 } }), 403, 'insufficient_scope');
  is(await call('POST', '/v1/keys/{id}/roll', { path: `/v1/keys/${read.id}/roll`, key: readAdmin.key,
    json: { grace_seconds: 0 } }), 201);
  const nobody = '/v1/keys/key_AAAAAAAAAAAAAAAA';
  is(await call('GET', '/v1/keys/{id}', { path: nobody, key: admin.secret }), 404, 'not_found');
  is(await call('DELETE', '/v1/keys/{id}', { path: nobody, key: admin.secret }), 404, 'not_found');
  is(await call('POST', '/v1/keys/{id}/roll', { path: `${nobody}/roll`, key: admin.secret,
    json: { grace_seconds: 0 } }), 404, 'not_found');
  is(await call('POST', '/v1/keys/{id}/roll', { path: `/v1/keys/${rolled.id}/roll`, key: admin.secret,
    json: { grace_seconds: 3600 } }), 400, 'invalid_request');
});

test('revoke-leaked: 200, 400, 415', async () => {
  const leaked = is(await newKey({ name: 'leaked', permissions: ['read'] }), 201).json;
  const R = '/v1/keys/revoke-leaked';
  assert.equal(is(await call('POST', R, { json: { keys: [leaked.key, forgeKey(), 'nonsense'] } }), 200).json.revoked, 1);
  assert.equal(is(await call('POST', R, { json: { keys: [leaked.key] } }), 200).json.revoked, 0);
  is(await call('POST', R, { json: { keys: 'sk_test_x' } }), 400, 'invalid_request');
  is(await call('POST', R, { json: {} }), 400, 'invalid_request');
  is(await call('POST', R, { form: { keys: leaked.key } }), 415, 'unsupported_media_type');
  is(await call('POST', R, { json: `{"keys":["${'x'.repeat(BIG)}"]}` }), 413, 'payload_too_large');
});

test('OAuth: client_credentials, verify, introspect, revoke, and RFC 6749 errors', async () => {
  app = await registerApp(dash);
  assert.match(app.clientId ?? '', /^app_/, app.res.body.slice(0, 300));
  const T = '/oauth/token';
  const basic = [app.clientId, app.secret];
  const tok = is(await call('POST', T, { basic, form: { grant_type: 'client_credentials' } }), 200).json;
  assert.equal(tok.refresh_token, undefined);
  const tok2 = is(await call('POST', T, { form: { grant_type: 'client_credentials', scope: 'read',
    client_id: app.clientId, client_secret: app.secret } }), 200).json;
  assert.equal(tok2.scope, 'read');
  const v = is(await call('GET', '/v1/auth/verify', { bearer: tok.access_token }), 200).json;
  assert.equal(v.type, 'oauth');
  assert.equal(v.client_id, app.clientId);

  is(await call('POST', T, { basic: [app.clientId, 'cs_wrong'], form: { grant_type: 'client_credentials' } }),
    401, 'invalid_client');
  is(await call('POST', T, { form: { grant_type: 'client_credentials' } }), 401, 'invalid_client');
  is(await call('POST', T, { path: `${T}?client_secret=${app.secret}`, form: { grant_type: 'client_credentials',
    client_id: app.clientId } }), 401, 'invalid_client');
  is(await call('POST', T, { basic, form: { grant_type: 'password' } }), 400, 'unsupported_grant_type');
  is(await call('POST', T, { basic, form: { grant_type: 'client_credentials', scope: 'admin' } }), 400, 'invalid_scope');
  is(await call('POST', T, { basic, form: { grant_type: 'authorization_code', code: 'x' } }), 400, 'unauthorized_client');
  is(await call('POST', T, { basic, form: {} }), 400, 'invalid_request');
  is(await call('POST', T, { basic, form: 'grant_type=client_credentials&grant_type=client_credentials' }),
    400, 'invalid_request');
  is(await call('POST', T, { basic, form: { grant_type: 'client_credentials', client_secret: app.secret } }),
    400, 'invalid_request');
  is(await call('POST', T, { basic, json: { grant_type: 'client_credentials' } }), 415, 'invalid_request');
  is(await call('POST', T, { basic, form: `grant_type=${'x'.repeat(BIG)}` }), 413, 'invalid_request');

  const I = '/oauth/introspect';
  const at = is(await call('POST', I, { basic, form: { token: tok.access_token } }), 200).json;
  assert.equal(at.active, true);
  assert.equal(at.client_id, app.clientId);
  const viaPost = { client_id: app.clientId, client_secret: app.secret };
  // SPEC 8.11: a key was not issued to the app; an admin's key sees it.
  assert.deepEqual(is(await call('POST', I, { form: { token: admin.secret, ...viaPost } }), 200).json, { active: false });
  const t = is(await login(), 200).json;
  const R = { key: admin.secret };
  assert.equal(is(await call('POST', I, { ...R, form: { token: admin.secret } }), 200).json.token_type, 'api_key');
  assert.equal(is(await call('POST', I, { ...R, form: { token: t.access_token } }), 200).json.token_type, 'Bearer');
  assert.equal(is(await call('POST', I, { ...R, form: { token: t.refresh_token } }), 200).json.token_type,
    'refresh_token');
  assert.deepEqual(is(await call('POST', I, { basic, form: { token: t.access_token } }), 200).json,
    { active: false }, 'a login token is not this client\'s');
  for (const token of ['garbage', forgeKey(), `${tok.access_token}x`]) {
    assert.deepEqual(is(await call('POST', I, { ...R, form: { token } }), 200).json, { active: false });
  }
  is(await call('POST', I, { form: { token: 'x' } }), 401, 'invalid_client');
  is(await call('POST', I, { key: forgeKey(), form: { token: 'x' } }), 401, 'invalid_client');
  is(await call('POST', I, { key: t.access_token, form: { token: 'x' } }), 403, 'insufficient_scope');
  const readKey = is(await newKey({ name: 'not admin', permissions: ['read'] }), 201).json;
  is(await call('POST', I, { key: readKey.key, form: { token: 'x' } }), 403, 'insufficient_scope');
  is(await call('POST', I, { basic, form: {} }), 400, 'invalid_request');
  is(await call('POST', I, { basic, json: { token: 'x' } }), 415, 'invalid_request');

  const RV = '/oauth/revoke';
  is(await call('POST', RV, { basic, form: { token: tok2.access_token, token_type_hint: 'access_token' } }), 200);
  assert.deepEqual(is(await call('POST', I, { basic, form: { token: tok2.access_token } }), 200).json, { active: false });
  is(await call('POST', RV, { basic, form: { token: 'unknown' } }), 200);
  is(await call('POST', RV, { form: { token: tok.access_token } }), 401, 'invalid_client');
  is(await call('POST', RV, { basic, form: {} }), 400, 'invalid_request');
  is(await call('POST', RV, { basic, json: { token: 'x' } }), 415, 'invalid_request');
});

test('plans (SPEC 9): tier on keys, quota in verify, usage endpoints, quota_exceeded', async () => {
  const cli = (...a) => { const r = srv.cli(a); assert.equal(r.status, 0, r.stderr); };
  cli('plan', 'add', 'oa-std', '--rank', '2', '--per-second', '50', '--per-month', '3');
  cli('plan', 'add', 'oa-lite', '--rank', '1');
  const email = 'openapi-plan@example.com';
  const pw = 'openapi plan passphrase 4';
  assert.equal(srv.cli(['user', 'add', email, '--password-stdin'], `${pw}\n`).status, 0);
  cli('user', 'plan', email, 'oa-std');
  const jwt = is(await login(email, pw), 200).json.access_token;
  const k = is(await call('POST', '/v1/keys', { bearer: jwt, json: { name: 'tiered', environment: 'test',
    permissions: ['read', 'admin'], tier: 'oa-lite' } }), 201).json;
  assert.equal(k.tier, 'oa-lite');
  is(await call('POST', '/v1/keys', { bearer: jwt, json: { name: 'x', environment: 'test',
    permissions: ['read'], tier: 'nope' } }), 400, 'invalid_request');
  const v = is(await call('GET', '/v1/auth/verify', { key: k.key, path: '/v1/auth/verify?cost=2' }), 200).json;
  assert.equal(v.quota.remaining, 1);
  is(await call('GET', '/v1/auth/verify', { key: k.key, path: '/v1/auth/verify?cost=2' }), 429, 'quota_exceeded');
  is(await call('GET', '/v1/auth/verify', { key: k.key, path: '/v1/auth/verify?cost=0' }), 400, 'invalid_request');
  is(await call('GET', '/v1/auth/verify', { bearer: jwt }), 200);
  const u = is(await call('GET', '/v1/usage', { key: k.key }), 200).json;
  assert.equal(u.used, 3);
  const d = is(await call('GET', '/v1/keys/{id}/usage', { key: k.key, path: `/v1/keys/${k.id}/usage?days=3` }),
    200).json;
  assert.equal(d.data.length, 3);
  is(await call('GET', '/v1/keys/{id}/usage', { key: k.key, path: `/v1/keys/${k.id}/usage?days=100` }), 400);
  is(await call('GET', '/v1/keys/{id}/usage', { key: k.key, path: '/v1/keys/key_AAAAAAAAAAAAAAAA/usage' }), 404);
  is(await call('GET', '/v1/usage', {}), 401);
});

test('CORS preflights (SPEC §12): 204 on the CORS paths', async () => {
  for (const p of ['/oauth/token', '/oauth/revoke', '/.well-known/jwks.json',
    '/.well-known/oauth-authorization-server', '/.well-known/openid-configuration', '/oauth/userinfo']) {
    const r = is(await call('OPTIONS', p, { headers: { Origin: 'https://unregistered.example' } }), 204);
    assert.equal(r.headers['access-control-allow-origin'], undefined);
  }
});

test('discovery: JWKS and authorization server metadata', async () => {
  const jwks = is(await call('GET', '/.well-known/jwks.json'), 200).json;
  assert.ok(jwks.keys.length >= 1);
  const m = is(await call('GET', '/.well-known/oauth-authorization-server'), 200).json;
  assert.equal(m.issuer, `http://localhost:${srv.port}`);
  for (const [k, p] of [['token_endpoint', '/oauth/token'], ['revocation_endpoint', '/oauth/revoke'],
    ['introspection_endpoint', '/oauth/introspect'], ['jwks_uri', '/.well-known/jwks.json']]) {
    assert.equal(m[k], m.issuer + p);
  }
  is(await call('GET', '/.well-known/jwks.json', { path: '/.well-known/jwks.json?x=1' }), 400, 'invalid_request');
});

test('operations: healthz, readyz and metrics as documented', async () => {
  assert.deepEqual(is(await call('GET', '/healthz'), 200).json, { status: 'ok' });
  assert.deepEqual(is(await call('GET', '/readyz'), 200).json, { status: 'ready' });
  const m = is(await call('GET', '/metrics'), 200);
  assert.equal(m.headers['content-type'], 'text/plain; version=0.0.4');
  assert.match(m.body, /^# TYPE latchkey_requests_total counter$/m);
  is(await call('GET', '/healthz', { path: '/healthz?x=1' }), 400, 'invalid_request');
});

test('OpenID Connect: discovery, id_token, userinfo (200, 401, 403)', async () => {
  const m = is(await call('GET', '/.well-known/openid-configuration'), 200).json;
  assert.ok(m.userinfo_endpoint.endsWith('/oauth/userinfo'));
  const oidc = await registerAppForm(dash, { name: 'OpenAPI OIDC', scopes: 'read openid email profile',
    grant_types: ['authorization_code'] });
  const code = async (scope) => {
    const p = pkce();
    const { location } = await authorize(dash, authorizePath(authParams(oidc.clientId, p.challenge, { scope })));
    return is(await call('POST', '/oauth/token', { basic: [oidc.clientId, oidc.secret], form: {
      grant_type: 'authorization_code', code: query(location).get('code'),
      redirect_uri: 'https://app.example/cb', code_verifier: p.verifier } }), 200).json;
  };
  const t = await code('openid email profile read');
  assert.ok(t.id_token);
  const U = '/oauth/userinfo';
  assert.equal(is(await call('GET', U, { bearer: t.access_token }), 200).json.email, ADMIN.email);
  is(await call('POST', U, { bearer: t.access_token, headers: { 'Content-Length': '0' } }), 200);
  is(await call('GET', U), 401);
  is(await call('GET', U, { bearer: (await code('read')).access_token }), 403, 'insufficient_scope');
});

test('429 with X-RateLimit-* and Retry-After once a credential has used its hour', async () => {
  const { access_token: at } = is(await call('POST', '/oauth/token', { basic: [app.clientId, app.secret],
    form: { grant_type: 'client_credentials' } }), 200).json;
  for (let i = OAUTH_LIMIT - 1; i >= 0; i--) {
    const r = is(await call('GET', '/v1/auth/verify', { bearer: at }), 200);
    assert.equal(r.headers['x-ratelimit-limit'], String(OAUTH_LIMIT));
    assert.equal(r.headers['x-ratelimit-remaining'], String(i));
  }
  const r = is(await call('GET', '/v1/auth/verify', { bearer: at }), 429, 'rate_limit_exceeded');
  assert.equal(r.headers['x-ratelimit-remaining'], '0');
  assert.ok(Number(r.headers['retry-after']) <= Number(r.headers['x-ratelimit-reset']) - Math.floor(Date.now() / 1000) + 1);
  is(await call('GET', '/v1/keys', { bearer: at }), 429, 'rate_limit_exceeded');
});

test('429 for revoke-leaked (60 an hour per IP) and for login (5 failures)', async () => {
  let r;
  for (let i = 0; i <= 60; i++) {
    r = await call('POST', '/v1/keys/revoke-leaked', { json: { keys: [] } });
    if (r.status === 429) break;
  }
  is(r, 429, 'rate_limit_exceeded');
  // Last: this throttles every sign-in from this IP for 15 minutes.
  for (let i = 0; i < 6; i++) {
    r = await login(ADMIN.email, `wrong password ${i}`);
    if (r.status === 429) break;
  }
  is(r, 429, 'rate_limit_exceeded');
  is(await login(), 429, 'rate_limit_exceeded');
});

test('every documented operation was exercised, each with a success', () => {
  const cov = C.coverage();
  const missing = Object.entries(cov).filter(([, s]) => !s.some((x) => x >= 200 && x < 300)).map(([k]) => k);
  assert.deepEqual(missing, [], JSON.stringify(cov));
  if (process.env.OPENAPI_COVERAGE) console.log(cov);
});
