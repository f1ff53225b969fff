// SPEC §12 OpenID Connect Core, driven by openid-client (v6) with its default
// discovery (/.well-known/openid-configuration): scope openid gives an id_token
// (iss, sub, aud = client_id, exp, iat, auth_time, the nonce echoed, at_hash) that
// openid-client validates against the JWKS; /oauth/userinfo answers sub, email and
// name by scope. Run for EdDSA (the client told so) and RS256 (openid-client's
// default id_token algorithm). Also what must be refused.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import * as client from 'openid-client';
import { startServer, ADMIN } from './lib/server.mjs';
import { request, json, Dashboard } from './lib/http.mjs';
import { registerApp, authorize, token, pkce, authParams, authorizePath, query } from './lib/oauth.mjs';
import { decodeJwt } from './lib/lifecycle.mjs';

const CB = 'https://app.example/cb';
const INSECURE = { execute: [client.allowInsecureRequests] };

for (const alg of ['EdDSA', 'RS256']) {
  describe(`OpenID Connect with ${alg} tokens`, () => {
    let srv, d, app, iss, config, userId;
    before(async () => {
      srv = await startServer({ env: { LATCHKEY_JWT_ALG: alg } });
      iss = `http://localhost:${srv.port}`;
      d = new Dashboard(srv.base);
      assert.equal((await d.login(ADMIN.email, ADMIN.password)).status, 303);
      userId = srv.sql(`SELECT id FROM users WHERE email = '${ADMIN.email}'`).trim();
      app = await registerApp(d, { name: 'OIDC app', scopes: 'read openid email profile offline_access',
        grant_types: ['authorization_code', 'refresh_token', 'client_credentials'] });
      assert.ok(app.secret, app.html.slice(0, 300));
      const metadata = { client_secret: app.secret };
      if (alg !== 'RS256') metadata.id_token_signed_response_alg = alg;
      config = await client.discovery(new URL(iss), app.clientId, metadata, undefined, INSECURE);
    });
    after(async () => { if (srv) await srv.stop(); });

    // The whole flow through openid-client; -> {tokens, nonce}.
    async function flow(scope = 'openid email profile read') {
      const verifier = client.randomPKCECodeVerifier();
      const nonce = client.randomNonce();
      const state = client.randomState();
      const url = client.buildAuthorizationUrl(config, { redirect_uri: CB, scope, state, nonce,
        code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
      const { location, res } = await authorize(d, url.href);
      assert.equal(res.status, 303, res.body);
      const tokens = await client.authorizationCodeGrant(config, new URL(location),
        { pkceCodeVerifier: verifier, expectedNonce: nonce, expectedState: state });
      return { tokens, nonce };
    }

    test('discovery: /.well-known/openid-configuration', async () => {
      const m = config.serverMetadata();
      assert.equal(m.issuer, iss);
      assert.equal(m.userinfo_endpoint, `${iss}/oauth/userinfo`);
      assert.deepEqual(m.subject_types_supported, ['public']);
      assert.deepEqual(m.id_token_signing_alg_values_supported, ['EdDSA', 'ES256', 'RS256']);
      assert.ok(m.scopes_supported.includes('openid'));
      const raw = await request(srv.base, 'GET', '/.well-known/openid-configuration');
      assert.match(raw.headers['content-type'], /^application\/json/);
      assert.match(raw.headers.vary, /Origin/);
    });

    test('scope openid: an id_token openid-client validates; userinfo by scope', async () => {
      const { tokens, nonce } = await flow();
      const c = tokens.claims();
      assert.equal(c.iss, iss);
      assert.equal(c.sub, userId);
      assert.equal(c.aud, app.clientId);
      assert.equal(c.nonce, nonce);
      assert.equal(typeof c.auth_time, 'number');
      assert.ok(c.auth_time <= c.iat && c.iat <= Date.now() / 1000 + 5);
      assert.equal(c.exp - c.iat, 3600);
      const h = decodeJwt(tokens.id_token).header;
      assert.equal(h.alg, alg);
      // at_hash: left half of the access token's SHA-512 (EdDSA) or SHA-256.
      const digest = crypto.createHash(alg === 'EdDSA' ? 'sha512' : 'sha256').update(tokens.access_token).digest();
      assert.equal(c.at_hash, digest.subarray(0, digest.length / 2).toString('base64url'));

      const info = await client.fetchUserInfo(config, tokens.access_token, c.sub);
      assert.deepEqual(info, { sub: userId, email: ADMIN.email, email_verified: false, name: 'Administrator' });
      // POST works too; scope openid alone gives sub alone.
      const post = await request(srv.base, 'POST', '/oauth/userinfo', {
        headers: { Authorization: `Bearer ${tokens.access_token}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: '' });
      assert.equal(post.status, 200, post.body);
      assert.equal(json(post).sub, userId);
      const only = await flow('openid');
      assert.deepEqual(await client.fetchUserInfo(config, only.tokens.access_token, userId), { sub: userId });
      // The access token still does what its permissions say.
      const v = await request(srv.base, 'GET', '/v1/auth/verify?scope=read',
        { headers: { Authorization: `Bearer ${tokens.access_token}` } });
      assert.equal(v.status, 200, v.body);
      assert.deepEqual(json(v).scopes, ['read']);
    });

    test('refused: userinfo without openid or a token, openid for client_credentials or unregistered', async () => {
      // A token without openid: no id_token, 403 at userinfo.
      const { verifier, challenge } = pkce();
      const { location } = await authorize(d, authorizePath(authParams(app.clientId, challenge, { scope: 'read' })));
      const t = json(await token(srv.base, { grant_type: 'authorization_code', code: query(location).get('code'),
        redirect_uri: CB, code_verifier: verifier }, { auth: [app.clientId, app.secret] }));
      assert.ok(t.access_token);
      assert.equal(t.id_token, undefined);
      const u = await request(srv.base, 'GET', '/oauth/userinfo', { headers: { Authorization: `Bearer ${t.access_token}` } });
      assert.equal(u.status, 403, u.body);
      assert.equal(json(u).error, 'insufficient_scope');
      assert.match(u.headers['www-authenticate'], /insufficient_scope/);
      const none = await request(srv.base, 'GET', '/oauth/userinfo');
      assert.equal(none.status, 401);
      assert.match(none.headers['www-authenticate'], /^Bearer realm="latchkey"/);
      const login = json(await request(srv.base, 'POST', '/v1/auth/login', { headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }) })).access_token;
      const lj = await request(srv.base, 'GET', '/oauth/userinfo', { headers: { Authorization: `Bearer ${login}` } });
      assert.equal(lj.status, 403, 'a login JWT is no OpenID grant');

      const cc = await token(srv.base, { grant_type: 'client_credentials', scope: 'openid read' },
        { auth: [app.clientId, app.secret] });
      assert.equal(cc.status, 400, cc.body);
      assert.equal(json(cc).error, 'invalid_scope');
      const ccd = json(await token(srv.base, { grant_type: 'client_credentials' }, { auth: [app.clientId, app.secret] }));
      assert.equal(ccd.scope, 'read', 'the default cc scope holds permissions only');

      const plain = await registerApp(d, { name: 'No OIDC', scopes: 'read',
        grant_types: ['authorization_code'] });
      const p = pkce();
      const bad = await authorize(d, authorizePath(authParams(plain.clientId, p.challenge, { scope: 'openid read' })));
      assert.equal(query(bad.location).get('error'), 'invalid_scope');
    });
  });
}
