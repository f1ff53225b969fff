// The OAuth 2.0 authorization server (SPEC §4) driven by oauth4webapi as a strict,
// independent client: RFC 8414 discovery, code + PKCE with RFC 9207 iss, both secret
// methods, refresh rotation and reuse detection, client credentials, RFC 7662
// introspection, RFC 7009 revocation, remembered consent, authorized apps, app
// deletion, secret rotation and public clients. jose checks the RFC 9068 JWTs.
// The issuer is http://localhost:PORT, so every oauth4webapi call carries
// allowInsecureRequests (it refuses plain http otherwise; the first test shows it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as oauth from 'oauth4webapi';
import { createRemoteJWKSet, jwtVerify, decodeProtectedHeader, decodeJwt, base64url } from 'jose';
import { startServer, ADMIN } from './lib/server.mjs';
import { sqlWrite } from './lib/keys.mjs';
import { request, json, Dashboard } from './lib/http.mjs';
import { registerApp, authorize, authorizePath, authParams, pkce, query, token,
  introspect, revoke, verify, basic } from './lib/oauth.mjs';

const INSECURE = { [oauth.allowInsecureRequests]: true };
const CB = 'https://app.example/cb';

let srv, d, as, app, userId, iss;
before(async () => {
  srv = await startServer();
  iss = `http://localhost:${srv.port}`;
  d = new Dashboard(srv.base);
  assert.equal((await d.login(ADMIN.email, ADMIN.password)).status, 303);
  userId = srv.sql(`SELECT id FROM users WHERE email = '${ADMIN.email}'`).trim();
  app = await registerApp(d, { name: 'Strict client', redirect_uris: [CB, 'http://127.0.0.1/cb'],
    grant_types: ['authorization_code', 'refresh_token', 'client_credentials'] });
  assert.equal(app.res.status, 200);
  as = await oauth.processDiscoveryResponse(new URL(iss),
    await oauth.discoveryRequest(new URL(iss), { algorithm: 'oauth2', ...INSECURE }));
});
after(async () => { if (srv) await srv.stop(); });

const client = (a = app) => ({ client_id: a.clientId });
const basicAuth = (a = app) => oauth.ClientSecretBasic(a.secret);
const jwks = () => createRemoteJWKSet(new URL('/.well-known/jwks.json', srv.base));
const active = async (tok, a = app) => json(await introspect(srv.base, { token: tok },
  { auth: [a.clientId, a.secret] }));

// The full code flow through oauth4webapi: authorization URL, the real consent form,
// validateAuthResponse, the code exchange. -> {tokens, location, state}
async function codeFlow({ a = app, auth = basicAuth(a), scope = 'read write offline_access',
  redirect = CB, dash = d } = {}) {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = new URL(as.authorization_endpoint);
  for (const [k, v] of Object.entries({ response_type: 'code', client_id: a.clientId,
    redirect_uri: redirect, scope, state, code_challenge_method: 'S256',
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier) })) url.searchParams.set(k, v);
  const { location, res } = await authorize(dash, url.href);
  assert.equal(res.status, 303, res.body);
  const params = oauth.validateAuthResponse(as, client(a), new URL(location), state);
  const resp = await oauth.authorizationCodeGrantRequest(as, client(a), auth, params, redirect,
    verifier, INSECURE);
  return { tokens: await oauth.processAuthorizationCodeResponse(as, client(a), resp),
    location, state, resp };
}

async function refresh(rt, scope, a = app) {
  const opts = { ...INSECURE };
  if (scope) opts.additionalParameters = { scope };
  return oauth.processRefreshTokenResponse(as, client(a),
    await oauth.refreshTokenGrantRequest(as, client(a), basicAuth(a), rt, opts));
}

async function rejects(p, error, status = 400) {
  await assert.rejects(p, (e) => {
    assert.ok(e instanceof oauth.ResponseBodyError, String(e));
    assert.equal(e.error, error, String(e));
    assert.equal(e.status, status);
    return true;
  });
}

async function dead(tokens) {
  const v = await verify(srv.base, tokens.access_token);
  assert.equal(v.status, 401, v.body);
  assert.equal(json(v).error, 'invalid_token');
  assert.deepEqual(await active(tokens.access_token), { active: false });
  if (tokens.refresh_token) assert.deepEqual(await active(tokens.refresh_token), { active: false });
}

test('RFC 8414 metadata; oauth4webapi refuses the http issuer without allowInsecureRequests', async () => {
  const res = await request(srv.base, 'GET', '/.well-known/oauth-authorization-server');
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'application/json');
  const m = json(res);
  assert.equal(m.issuer, iss);
  assert.equal(m.authorization_endpoint, `${iss}/oauth/authorize`);
  assert.equal(m.token_endpoint, `${iss}/oauth/token`);
  assert.equal(m.revocation_endpoint, `${iss}/oauth/revoke`);
  assert.equal(m.introspection_endpoint, `${iss}/oauth/introspect`);
  assert.equal(m.jwks_uri, `${iss}/.well-known/jwks.json`);
  assert.deepEqual(m.code_challenge_methods_supported, ['S256']);
  assert.deepEqual(m.response_types_supported, ['code']);
  assert.equal(m.authorization_response_iss_parameter_supported, true);
  assert.deepEqual(m.grant_types_supported.sort(),
    ['authorization_code', 'client_credentials', 'refresh_token']);
  assert.equal(m.grant_types_supported.includes('password'), false);
  assert.equal(as.issuer, iss);
  await assert.rejects(oauth.discoveryRequest(new URL(iss), { algorithm: 'oauth2' }),
    (e) => e.code === 'OAUTH_HTTP_REQUEST_FORBIDDEN');
});

test('code + PKCE with client_secret_basic: iss, JWT at+jwt, refresh, no-store, verify', async () => {
  const { tokens, location, state, resp } = await codeFlow();
  const loc = new URL(location);
  assert.equal(loc.origin + loc.pathname, CB);
  assert.deepEqual([...loc.searchParams.keys()].sort(), ['code', 'iss', 'state']);
  assert.equal(loc.searchParams.get('iss'), iss);
  assert.equal(loc.searchParams.get('state'), state);
  assert.match(loc.searchParams.get('code'), /^[A-Za-z0-9_-]{43}$/);
  assert.equal(resp.headers.get('cache-control'), 'no-store');
  assert.equal(tokens.token_type.toLowerCase(), 'bearer');
  assert.equal(tokens.expires_in, 3600);
  assert.equal(tokens.scope, 'read write offline_access');
  assert.match(tokens.refresh_token, /^rt_[A-Za-z0-9_-]{43}$/);
  // Code, refresh token and client secret are stored only hashed.
  const dump = srv.sql('.dump');
  assert.ok(dump.includes('INSERT INTO oauth_codes'), 'the dump shows the codes table');
  for (const secret of [loc.searchParams.get('code'), tokens.refresh_token, app.secret]) {
    assert.equal(dump.includes(secret), false);
  }

  const hdr = decodeProtectedHeader(tokens.access_token);
  assert.equal(hdr.typ, 'at+jwt');
  assert.equal(hdr.alg, 'EdDSA');
  const { payload } = await jwtVerify(tokens.access_token, jwks(),
    { issuer: iss, audience: iss, algorithms: ['EdDSA'], typ: 'at+jwt' });
  assert.equal(payload.sub, userId);
  assert.equal(payload.client_id, app.clientId);
  assert.equal(payload.scope, 'read write offline_access');
  assert.equal(payload.exp - payload.iat, 3600);
  assert.match(payload.jti, /^jti_/);
  // RFC 9068 as a resource server would check it, through oauth4webapi too.
  const claims = await oauth.validateJwtAccessToken(as, new Request(`${iss}/v1/x`,
    { headers: { Authorization: `Bearer ${tokens.access_token}` } }), iss, INSECURE);
  assert.equal(claims.client_id, app.clientId);

  const v = await verify(srv.base, tokens.access_token);
  assert.equal(v.status, 200, v.body);
  const vb = json(v);
  assert.equal(vb.type, 'oauth');
  assert.equal(vb.client_id, app.clientId);
  assert.equal(vb.user_id, userId);
  // verify lists the API permissions the token carries; offline_access is none.
  assert.deepEqual(vb.scopes, ['read', 'write']);
});

test('client_secret_post; no offline_access means no refresh token', async () => {
  const { tokens, resp } = await codeFlow({ auth: oauth.ClientSecretPost(app.secret), scope: 'read' });
  assert.equal(resp.headers.get('cache-control'), 'no-store');
  assert.equal(tokens.scope, 'read');
  assert.equal('refresh_token' in tokens, false);
  assert.equal(json(await verify(srv.base, tokens.access_token)).client_id, app.clientId);
  // The loopback redirect matches on any port.
  const lo = await codeFlow({ redirect: 'http://127.0.0.1:54321/cb', scope: 'read' });
  assert.equal(decodeJwt(lo.tokens.access_token).sub, userId);
});

test('refresh rotation; reuse kills the family', async () => {
  const { tokens: t1 } = await codeFlow();
  const t2 = await refresh(t1.refresh_token);
  assert.match(t2.refresh_token, /^rt_/);
  assert.notEqual(t2.refresh_token, t1.refresh_token);
  assert.equal(t2.scope, 'read write offline_access');
  assert.equal((await verify(srv.base, t2.access_token)).status, 200);
  await rejects(refresh(t1.refresh_token), 'invalid_grant');
  await dead(t2);
  await dead(t1);
  await rejects(refresh(t2.refresh_token), 'invalid_grant');
  assert.notEqual(srv.sql(`SELECT count(*) FROM token_families WHERE client_id = '${app.clientId}'
    AND revoked_at IS NOT NULL`).trim(), '0');
});

test('refresh may narrow the scope, never widen it', async () => {
  const { tokens } = await codeFlow();
  const narrow = await refresh(tokens.refresh_token, 'read');
  assert.equal(narrow.scope, 'read');
  assert.equal(decodeJwt(narrow.access_token).scope, 'read');
  assert.deepEqual(json(await verify(srv.base, narrow.access_token)).scopes, ['read']);
  await rejects(refresh(narrow.refresh_token, 'read write admin'), 'invalid_scope');
});

// SPEC 2 makes sub the user id: for client credentials, the app's owner.
test('client_credentials: no refresh token, sub = the client (RFC 9068), user_id = the app owner', async () => {
  const resp = await oauth.clientCredentialsGrantRequest(as, client(), basicAuth(),
    { scope: 'read' }, INSECURE);
  assert.equal(resp.headers.get('cache-control'), 'no-store');
  const t = await oauth.processClientCredentialsResponse(as, client(), resp);
  assert.equal('refresh_token' in t, false);
  assert.equal(t.scope, 'read');
  const { payload } = await jwtVerify(t.access_token, jwks(),
    { issuer: iss, audience: iss, typ: 'at+jwt', algorithms: ['EdDSA'] });
  assert.equal(payload.sub, app.clientId);
  assert.equal(payload.client_id, app.clientId);
  const v = json(await verify(srv.base, t.access_token));
  assert.equal(v.user_id, userId);
  assert.equal(v.type, 'oauth');
  assert.equal(v.client_id, app.clientId);
  assert.equal(v.grant_type, 'client_credentials');
});

test('introspection: access, refresh, API keys; inactive is exactly {"active":false}', async () => {
  const { tokens } = await codeFlow();
  const intro = async (tok) => oauth.processIntrospectionResponse(as, client(),
    await oauth.introspectionRequest(as, client(), basicAuth(), tok, INSECURE));
  const a = await intro(tokens.access_token);
  assert.equal(a.active, true);
  assert.equal(a.scope, 'read write offline_access');
  assert.equal(a.client_id, app.clientId);
  assert.equal(a.sub, userId);
  assert.equal(a.exp, decodeJwt(tokens.access_token).exp);
  const r = await intro(tokens.refresh_token);
  assert.equal(r.active, true);
  assert.equal(r.client_id, app.clientId);

  const login = json(await request(srv.base, 'POST', '/v1/auth/login', { headers:
    { 'Content-Type': 'application/json' }, body: JSON.stringify(ADMIN) })).access_token;
  const mk = async (perms) => json(await request(srv.base, 'POST', '/v1/keys', { headers:
    { 'Content-Type': 'application/json', Authorization: `Bearer ${login}` }, body: JSON.stringify(
    { name: `k-${perms}`, environment: 'test', restricted: false, permissions: perms }) })).key;
  const adminKey = await mk(['read', 'admin']);
  const readKey = await mk(['read']);
  // SPEC 8.11: a key was not issued to the app; a resource server sees it.
  assert.deepEqual(await intro(readKey), { active: false });
  assert.equal(srv.cli(['app', 'resource-server', app.clientId, 'on']).status, 0);
  const k = await intro(readKey);
  assert.equal(k.active, true);
  assert.equal(k.token_type, 'api_key');
  assert.equal(k.sub, userId);
  assert.equal(srv.cli(['app', 'resource-server', app.clientId, 'off']).status, 0);

  const [h, p, s] = tokens.access_token.split('.');
  const claims = decodeJwt(tokens.access_token);
  const expired = `${h}.${base64url.encode(JSON.stringify({ ...claims, exp: 1 }))}.${s}`;
  const revokedKey = await mk(['read']);
  const id = json(await request(srv.base, 'GET', '/v1/auth/verify',
    { headers: { 'X-API-Key': revokedKey } })).key_id;
  assert.equal((await request(srv.base, 'DELETE', `/v1/keys/${id}`,
    { headers: { Authorization: `Bearer ${login}` } })).status, 204);
  for (const tok of ['garbage', expired, revokedKey, `rt_${'A'.repeat(43)}`, `${h}.${p}`]) {
    const res = await introspect(srv.base, { token: tok }, { auth: [app.clientId, app.secret] });
    assert.equal(res.status, 200, tok);
    assert.equal(res.body, '{"active":false}', tok);
  }

  const viaKey = await introspect(srv.base, { token: tokens.access_token },
    { headers: { 'X-API-Key': adminKey } });
  assert.equal(viaKey.status, 200, viaKey.body);
  assert.equal(json(viaKey).active, true);
  assert.equal(json(viaKey).client_id, app.clientId);
  const weak = await introspect(srv.base, { token: tokens.access_token },
    { headers: { 'X-API-Key': readKey } });
  assert.equal(weak.status, 403, weak.body);
  assert.equal('active' in json(weak), false);
  const anon = await introspect(srv.base, { token: tokens.access_token });
  assert.equal(anon.status, 401);
  assert.equal(json(anon).error, 'invalid_client');
  assert.ok(anon.headers['www-authenticate']);
});

test('revocation: refresh token then access token', async () => {
  const { tokens } = await codeFlow();
  const res = await revoke(srv.base, { token: tokens.refresh_token, token_type_hint: 'refresh_token' },
    { auth: [app.clientId, app.secret] });
  assert.equal(res.status, 200);
  assert.equal(res.body, '{}', 'SPEC §3: the 200 is {} as JSON');
  assert.match(res.headers['content-type'], /^application\/json/);
  assert.deepEqual(await active(tokens.refresh_token), { active: false });
  await rejects(refresh(tokens.refresh_token), 'invalid_grant');

  const { tokens: t2 } = await codeFlow({ scope: 'read' });
  assert.equal((await verify(srv.base, t2.access_token)).status, 200);
  await oauth.processRevocationResponse(await oauth.revocationRequest(as, client(), basicAuth(),
    t2.access_token, INSECURE));
  await dead(t2);
});

test('remembered consent skips the consent page; Authorized apps revokes', async () => {
  const other = await registerApp(d, { name: 'Remembered app', redirect_uris: [CB] });
  const first = await codeFlow({ a: other });
  const { challenge } = pkce();
  const again = await d.get(authorizePath(authParams(other.clientId, challenge)));
  assert.equal(again.status, 303, 'no consent page the second time');
  assert.ok(query(again.headers.location).get('code'));
  assert.equal(query(again.headers.location).get('iss'), iss);
  // A subset of the granted scopes is covered too.
  const more = await d.get(authorizePath(authParams(other.clientId, challenge, { scope: 'read write' })));
  assert.equal(more.status, 303);

  const list = await d.get('/settings/authorized-apps');
  assert.equal(list.status, 200);
  assert.match(list.body, new RegExp(`data-client-id="${other.clientId}"[\\s\\S]*?Remembered app`));
  const confirm = await d.get(`/settings/authorized-apps/${other.clientId}/revoke`);
  assert.equal(confirm.status, 200);
  assert.match(confirm.body, /Revoke access for Remembered app\?/);
  const done = await d.post(`/settings/authorized-apps/${other.clientId}/revoke`);
  assert.equal(done.status, 303);
  assert.equal(done.headers.location, '/settings/authorized-apps');
  await dead(first.tokens);
  assert.doesNotMatch((await d.get('/settings/authorized-apps')).body,
    new RegExp(`data-client-id="${other.clientId}"`));
  const fresh = await d.get(authorizePath(authParams(other.clientId, challenge)));
  assert.equal(fresh.status, 200, 'consent asked again after revoking');
  assert.match(fresh.body, /name="decision" value="approve"/);
});

test('deleting an app kills every token issued to it', async () => {
  const doomed = await registerApp(d, { name: 'Doomed', redirect_uris: [CB],
    grant_types: ['authorization_code', 'refresh_token', 'client_credentials'] });
  const { tokens } = await codeFlow({ a: doomed });
  const cc = json(await token(srv.base, { grant_type: 'client_credentials', scope: 'read' },
    { auth: [doomed.clientId, doomed.secret] }));
  assert.equal((await verify(srv.base, cc.access_token)).status, 200);
  assert.match((await d.get(`/settings/oauth-apps/${doomed.clientId}/delete`)).body, /Doomed/);
  const res = await d.post(`/settings/oauth-apps/${doomed.clientId}/delete`);
  assert.equal(res.status, 303);
  for (const t of [tokens.access_token, cc.access_token]) {
    assert.equal((await verify(srv.base, t)).status, 401);
    assert.deepEqual(await active(t), { active: false });
  }
  assert.deepEqual(await active(tokens.refresh_token), { active: false });
  const r = await token(srv.base, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token },
    { auth: [doomed.clientId, doomed.secret] });
  assert.equal(r.status, 401);
  assert.equal(json(r).error, 'invalid_client');
  assert.equal(srv.sql(`SELECT count(*) FROM oauth_clients WHERE client_id = '${doomed.clientId}'`).trim(), '0');
});

test('rotating the secret: the old one is refused, the new one works', async () => {
  const rot = await registerApp(d, { name: 'Rotating', grant_types: ['client_credentials'],
    redirect_uris: [] , scopes: 'read' });
  assert.equal(rot.res.status, 200, rot.html);
  const confirm = await d.get(`/settings/oauth-apps/${rot.clientId}/rotate-secret`);
  assert.equal(confirm.status, 200);
  const res = await d.post(`/settings/oauth-apps/${rot.clientId}/rotate-secret`);
  assert.equal(res.status, 200);
  assert.equal(res.headers['cache-control'], 'no-store');
  const fresh = /id="new-client-secret"[^>]*>([^<]*)</.exec(res.body)[1];
  assert.match(fresh, /^cs_[0-9A-Za-z]{40}$/);
  assert.notEqual(fresh, rot.secret);
  const old = await token(srv.base, { grant_type: 'client_credentials' }, { auth: [rot.clientId, rot.secret] });
  assert.equal(old.status, 401);
  assert.equal(json(old).error, 'invalid_client');
  assert.match(old.headers['www-authenticate'], /^Basic/);
  const ok = await token(srv.base, { grant_type: 'client_credentials' }, { auth: [rot.clientId, fresh] });
  assert.equal(ok.status, 200, ok.body);
  assert.equal(json(ok).scope, 'read');
  assert.equal(srv.sql('.dump').includes(fresh), false, 'stored hashed');
});

test('a public client: code flow with client_id only; no client_credentials', async () => {
  const pub = await registerApp(d, { name: 'SPA', client_type: 'public', redirect_uris: [CB],
    scopes: 'read offline_access' });
  assert.equal(pub.res.status, 200, pub.html);
  assert.match(pub.clientId, /^app_[0-9A-Za-z]{16}$/);
  assert.equal(pub.secret, null, 'public apps get no secret');
  const { tokens } = await codeFlow({ a: pub, auth: oauth.None(), scope: 'read offline_access' });
  assert.equal(decodeJwt(tokens.access_token).client_id, pub.clientId);
  assert.match(tokens.refresh_token, /^rt_/);
  const cc = await token(srv.base, { grant_type: 'client_credentials', client_id: pub.clientId });
  assert.equal(cc.status, 400, cc.body);
  assert.equal(json(cc).error, 'unauthorized_client');
  // Basic with an empty secret is a public client (SPEC 12, Go's
  // x/oauth2), and no way round: still no client_credentials.
  const empty = await token(srv.base, { grant_type: 'client_credentials' }, { headers:
    { Authorization: basic(pub.clientId, '') } });
  assert.equal(empty.status, 400, empty.body);
  assert.equal(json(empty).error, 'unauthorized_client');
});

test('a resubmitted registration form makes no second app and leads to the first', async () => {
  const page = await d.get('/settings/oauth-apps');
  const nonce = /name="form_nonce" value="([^"]*)"/.exec(page.body)[1];
  const entries = [['name', 'Resubmitted'], ['redirect_uris', 'https://app.example/cb'],
    ['client_type', 'confidential'], ['scopes', 'read'], ['grant_types', 'authorization_code'],
    ['form_nonce', nonce]];
  const first = await d.post('/settings/oauth-apps', entries);
  assert.equal(first.status, 200);
  const clientId = /id="client-id"[^>]*>([^<]*)</.exec(first.body)[1];
  const secret = /id="new-client-secret"[^>]*>([^<]*)</.exec(first.body)[1];
  const again = await d.post('/settings/oauth-apps', entries);
  assert.equal(again.status, 303);
  assert.equal(again.headers.location, `/settings/oauth-apps/${clientId}/shown`);
  const shown = await d.get(again.headers.location);
  assert.equal(shown.status, 200);
  assert.match(shown.body, /This secret can(&#39;|')t be shown again/);
  assert.match(shown.body, /already submitted; no second app was registered/);
  assert.ok(shown.body.includes(`href="/settings/oauth-apps/${clientId}/rotate-secret"`), 'offers rotation');
  assert.ok(!shown.body.includes(secret), 'the secret is not shown again');
  assert.equal(srv.sql("SELECT count(*) FROM oauth_clients WHERE name = 'Resubmitted'").trim(), '1');
  assert.equal((await d.get('/settings/oauth-apps/app_0000000000000000/shown')).status, 404);
});

test('rotating with a grace period: both secrets work until the page says, then only the new', async () => {
  const app = await registerApp(d, { name: 'Graceful', grant_types: ['client_credentials'],
    redirect_uris: [], scopes: 'read' });
  const cc = (secret) => token(srv.base, { grant_type: 'client_credentials' }, { auth: [app.clientId, secret] });
  const confirm = await d.get(`/settings/oauth-apps/${app.clientId}/rotate-secret`);
  assert.match(confirm.body, /<option value="86400" selected>After 24 hours<\/option>/);

  // A grace not on the list changes nothing.
  const bad = await d.post(`/settings/oauth-apps/${app.clientId}/rotate-secret`, { grace_seconds: '12345' });
  assert.equal(bad.status, 400);
  assert.equal((await cc(app.secret)).status, 200, 'the secret still works');

  const res = await d.post(`/settings/oauth-apps/${app.clientId}/rotate-secret`, { grace_seconds: '3600' });
  assert.equal(res.status, 200);
  const fresh = /id="new-client-secret"[^>]*>([^<]*)</.exec(res.body)[1];
  const until = Number(srv.sql(`SELECT old_secret_until FROM oauth_clients WHERE client_id = '${app.clientId}'`));
  assert.ok(Math.abs(until - (Math.floor(Date.now() / 1000) + 3600)) < 30, `until ${until}`);
  const iso = new Date(until * 1000).toISOString();
  assert.ok(res.body.includes(`keeps working until ${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC (in 1 hour)`),
    /id="old-secret-until"[^<]*/.exec(res.body)?.[0]);
  assert.equal((await cc(app.secret)).status, 200, 'old secret during the grace');
  assert.equal((await cc(fresh)).status, 200, 'new secret');
  const list = (await d.get('/settings/oauth-apps')).body;
  assert.match(list, new RegExp(`${app.clientId}</div><div class="muted key-lineage">Previous secret works until`));
  assert.match(srv.sql(`SELECT detail FROM audit_log WHERE action = 'app.rotate_secret' AND target = '${app.clientId}'`), /grace=3600/);

  // When the grace is over, the old secret is refused.
  sqlWrite(srv, `UPDATE oauth_clients SET old_secret_until = ${Math.floor(Date.now() / 1000) - 1} WHERE client_id = '${app.clientId}'`);
  const late = await cc(app.secret);
  assert.equal(late.status, 401);
  assert.equal(json(late).error, 'invalid_client');
  assert.equal((await cc(fresh)).status, 200);

  // A second rotation keeps only the secret it replaces, never an older one.
  const res2 = await d.post(`/settings/oauth-apps/${app.clientId}/rotate-secret`, { grace_seconds: '86400' });
  const third = /id="new-client-secret"[^>]*>([^<]*)</.exec(res2.body)[1];
  assert.equal((await cc(fresh)).status, 200, 'the one it replaced, in its grace');
  assert.equal((await cc(app.secret)).status, 401, 'the first one stays dead');
  assert.equal((await cc(third)).status, 200);
  // Rotating at once ends both earlier secrets.
  const res3 = await d.post(`/settings/oauth-apps/${app.clientId}/rotate-secret`, { grace_seconds: '0' });
  assert.match(res3.body, /The previous secret has stopped working/);
  const fourth = /id="new-client-secret"[^>]*>([^<]*)</.exec(res3.body)[1];
  for (const s of [fresh, third]) assert.equal((await cc(s)).status, 401);
  assert.equal((await cc(fourth)).status, 200);
});
