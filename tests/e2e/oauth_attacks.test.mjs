// ATTACKS.md 24-37 (OAuth) and the consent part of 38, each with its exact answer:
// redirect URI matching, registration refusals, code replay and races, PKCE, client
// authentication, scope escalation, repeated parameters, a hostile state, and the
// consent form's CSRF and Origin checks. Not covered here: a code older than 60 s
// (it would need a minute's wait or a clock this harness can't move).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, ADMIN } from './lib/server.mjs';
import { request, json, Dashboard } from './lib/http.mjs';
import { registerApp, authorize, authorizePath, authParams, pkce, query, token, introspect,
  revoke, verify, oauthPost, consentFields, basic, FORM } from './lib/oauth.mjs';

const CB = 'https://app.example/cb';
const GRANTS = ['authorization_code', 'refresh_token', 'client_credentials'];

let srv, d, A, B, iss;
before(async () => {
  srv = await startServer();
  iss = `http://localhost:${srv.port}`;
  d = new Dashboard(srv.base);
  assert.equal((await d.login(ADMIN.email, ADMIN.password)).status, 303);
  A = await registerApp(d, { name: 'A', redirect_uris: [CB, 'http://127.0.0.1/cb'], grant_types: GRANTS });
  B = await registerApp(d, { name: 'B', redirect_uris: [CB], grant_types: GRANTS });
  assert.ok(A.secret && B.secret);
});
after(async () => { if (srv) await srv.stop(); });

const auth = (a) => ({ auth: [a.clientId, a.secret] });
const codes = () => Number(srv.sql('SELECT count(*) FROM oauth_codes'));
const apps = () => Number(srv.sql('SELECT count(*) FROM oauth_clients'));

// A code for app a (consent given through the form the first time, remembered after).
async function getCode(a = A, over = {}) {
  const { verifier, challenge } = pkce();
  const p = authParams(a.clientId, challenge, over);
  const { location, res } = await authorize(d, authorizePath(p));
  assert.equal(res.status, 303, res.body);
  const code = query(location).get('code');
  assert.ok(code, location);
  return { code, verifier, p };
}

const exchange = (a, code, verifier, over = {}, opts = auth(a)) => token(srv.base, {
  grant_type: 'authorization_code', code, redirect_uri: CB, code_verifier: verifier, ...over }, opts);

// An RFC 6749 §5.2 error: exact status, code, body members; 401 with a challenge.
function oauthError(res, status, error, what = '') {
  assert.equal(res.status, status, `${what} ${res.body}`);
  assert.equal(res.headers['content-type'], 'application/json', what);
  const b = json(res);
  assert.deepEqual(Object.keys(b).sort(), ['error', 'error_description'], what);
  assert.equal(b.error, error, what);
  if (status === 401) assert.match(res.headers['www-authenticate'] || '', /^Basic realm=/, what);
}

// An error page, never a redirect.
function errorPage(res, what) {
  assert.equal(res.status, 400, what);
  assert.match(res.headers['content-type'], /^text\/html/, what);
  assert.equal(res.headers.location, undefined, what);
  assert.doesNotMatch(res.body, /code=|name="decision"/, what);
}

// A redirect back to CB with error= and the same state.
function errorRedirect(res, error, state, what) {
  assert.equal(res.status, 303, `${what} ${res.body.slice(0, 200)}`);
  const loc = new URL(res.headers.location);
  assert.equal(loc.origin + loc.pathname, CB, what);
  assert.equal(loc.searchParams.get('error'), error, what);
  assert.equal(loc.searchParams.get('state'), state, what);
  assert.equal(loc.searchParams.get('iss'), iss, what);
  assert.equal(loc.searchParams.has('code'), false, what);
}

test('24. unregistered redirect_uri variants get an error page, no Location', async () => {
  const { challenge } = pkce();
  const before = codes();
  for (const ru of [`${CB}/../x`, `${CB}?x=1`, `${CB}x`, `${CB}#f`, `${CB}/`, 'https://APP.example/cb',
    'https://app.example.evil.com/cb', 'https://app.example@evil.com/cb', `${CB}/%2e%2e/x`,
    'https://app.example/x/%2e%2e/cb', 'https://app.example/x/../cb', `${CB}\u0000`, 'http://app.example/cb',
    'https://app.example:443/cb', '']) {
    errorPage(await d.get(authorizePath(authParams(A.clientId, challenge, { redirect_uri: ru }))), ru);
  }
  errorPage(await d.get(authorizePath(authParams(A.clientId, challenge, { redirect_uri: null }))), 'none');
  errorPage(await d.get(authorizePath([...Object.entries(authParams(A.clientId, challenge)),
    ['redirect_uri', 'https://evil.example/cb']])), 'repeated redirect_uri');
  assert.equal(codes(), before, 'no code issued');
});

test('25. unknown client_id: error page; loopback matches on any port only', async () => {
  const { challenge } = pkce();
  for (const id of ['app_AAAAAAAAAAAAAAAA', "app_' OR 1=1--", '', null]) {
    const res = await d.get(authorizePath(authParams(id, challenge)));
    errorPage(res, String(id));
    assert.doesNotMatch(res.body, /SQL|sqlite/i);
  }
  const ok = await getCode(A, { redirect_uri: 'http://127.0.0.1:54321/cb' });
  assert.ok(ok.code);
  // SPEC 8.7: a remembered consent never covers a loopback URI matched
  // on another port: the consent page again, no silent redirect.
  const again = await d.get(authorizePath(authParams(A.clientId, challenge,
    { redirect_uri: 'http://127.0.0.1:54321/cb' })));
  assert.equal(again.status, 200, again.body.slice(0, 200));
  assert.equal(again.headers.location, undefined);
  assert.match(again.body, /name="decision"/);
  for (const ru of ['http://127.0.0.1:54321/other', 'http://127.0.0.1:54321/cb/', 'http://localhost:54321/cb',
    'http://127.0.0.1:/cb', 'http://127.0.0.1:54321x/cb', 'https://127.0.0.1:54321/cb']) {
    errorPage(await d.get(authorizePath(authParams(A.clientId, challenge, { redirect_uri: ru }))), ru);
  }
});

test('25. registration refuses script, data, plain-http, wildcard and fragment URIs', async () => {
  const n = apps();
  for (const ru of ['javascript:alert(1)', 'data:text/html,x', 'http://app.example/cb',
    'https://*.example/cb', 'https://a.example/cb#x', 'https://user@a.example/cb', 'ftp://a.example/cb']) {
    const r = await registerApp(d, { name: 'Bad', redirect_uris: [CB, ru] });
    assert.equal(r.res.status, 400, ru);
    assert.match(r.html, /id="redirect_uris-error">[^<]*https/, ru);
    assert.equal(r.clientId, null, ru);
    assert.equal(r.secret, null, ru);
  }
  assert.equal(apps(), n, 'no app created');
});

test('26. a replayed code is refused and kills what the first exchange issued', async () => {
  const { code, verifier } = await getCode();
  const first = await exchange(A, code, verifier);
  assert.equal(first.status, 200, first.body);
  const t = json(first);
  assert.equal((await verify(srv.base, t.access_token)).status, 200);
  oauthError(await exchange(A, code, verifier), 400, 'invalid_grant');
  assert.equal((await verify(srv.base, t.access_token)).status, 401);
  for (const tok of [t.access_token, t.refresh_token]) {
    assert.equal((await introspect(srv.base, { token: tok }, auth(A))).body, '{"active":false}');
  }
  oauthError(await token(srv.base, { grant_type: 'refresh_token', refresh_token: t.refresh_token },
    auth(A)), 400, 'invalid_grant');
});

test('27. two parallel exchanges of one code: exactly one 200 (5 rounds)', async () => {
  for (let i = 0; i < 5; i++) {
    const { code, verifier } = await getCode();
    const res = await Promise.all([exchange(A, code, verifier), exchange(A, code, verifier)]);
    const st = res.map((r) => r.status).sort();
    assert.deepEqual(st, [200, 400], `round ${i}: ${res.map((r) => r.body)}`);
    oauthError(res.find((r) => r.status === 400), 400, 'invalid_grant');
  }
});

test('28. code of A redeemed by B, other or missing redirect_uri: invalid_grant, burned', async () => {
  const cases = [
    ['by B', (c, v) => exchange(B, c, v)],
    ['other redirect_uri', (c, v) => exchange(A, c, v, { redirect_uri: 'http://127.0.0.1/cb' })],
    ['missing redirect_uri', (c, v) => token(srv.base, { grant_type: 'authorization_code', code: c,
      code_verifier: v }, auth(A))],
    ['B by client_secret_post', (c, v) => exchange(B, c, v, { client_id: B.clientId,
      client_secret: B.secret }, {})],
  ];
  for (const [what, bad] of cases) {
    const { code, verifier } = await getCode();
    oauthError(await bad(code, verifier), 400, 'invalid_grant', what);
    oauthError(await exchange(A, code, verifier), 400, 'invalid_grant', `${what}: then burned`);
  }
});

test('29/31. PKCE at authorize: missing, plain, unknown, bad shapes -> invalid_request', async () => {
  const { challenge } = pkce();
  const before = codes();
  const cases = [
    ['no challenge', { code_challenge: null }],
    ['no method', { code_challenge_method: null }],
    ['plain', { code_challenge_method: 'plain' }],
    ['plain with a verifier-like challenge', { code_challenge_method: 'plain', code_challenge: 'a'.repeat(43) }],
    ['unknown method', { code_challenge_method: 'S512' }],
    ['lower-case s256', { code_challenge_method: 's256' }],
    ['42 chars', { code_challenge: challenge.slice(0, 42) }],
    ['44 chars', { code_challenge: `${challenge}A` }],
    ['bad charset', { code_challenge: `${challenge.slice(0, 41)}+A` }],
    ['padding', { code_challenge: `${challenge.slice(0, 42)}=` }],
  ];
  for (const [what, over] of cases) {
    const p = authParams(A.clientId, challenge, over);
    errorRedirect(await d.get(authorizePath(p)), 'invalid_request', p.state, what);
  }
  assert.equal(codes(), before, 'no code issued');
});

test('29. a 129-char code_challenge also redirects back with invalid_request', async () => {
  const { challenge } = pkce();
  const p = authParams(A.clientId, challenge, { code_challenge: 'A'.repeat(129) });
  // Regression (found by this test, since fixed): GET /oauth/authorize with a registered client and redirect_uri and a
  errorRedirect(await d.get(authorizePath(p)), 'invalid_request', p.state, '129 chars');
});

test('30. bad code_verifier at the token endpoint: invalid_grant, and the code is burned', async () => {
  const cases = [
    ['missing', () => undefined],
    ['wrong', () => pkce().verifier],
    ['42 chars', (v) => v.slice(0, 42)],
    ['129 chars', (v) => v + 'A'.repeat(129 - v.length)],
    ['with $', (v) => `${v.slice(0, 42)}$`],
    ['the challenge itself', (v, c) => c],
  ];
  for (const [what, mk] of cases) {
    const { code, verifier, p } = await getCode();
    const v = mk(verifier, p.code_challenge);
    const f = { grant_type: 'authorization_code', code, redirect_uri: CB };
    if (v !== undefined) f.code_verifier = v;
    oauthError(await token(srv.base, f, auth(A)), 400, 'invalid_grant', what);
    oauthError(await exchange(A, code, verifier), 400, 'invalid_grant', `${what}: then burned`);
  }
});

test('32. bad client authentication: 401 invalid_client with WWW-Authenticate', async () => {
  const cc = { grant_type: 'client_credentials' };
  const noColon = `Basic ${Buffer.from(`${A.clientId}${A.secret}`).toString('base64')}`;
  const cases = [
    ['wrong secret', token(srv.base, cc, { auth: [A.clientId, `cs_${'x'.repeat(40)}`] })],
    ["B's secret for A", token(srv.base, cc, { auth: [A.clientId, B.secret] })],
    ['wrong secret by post', token(srv.base, { ...cc, client_id: A.clientId, client_secret: 'nope' })],
    ['secret in the query', oauthPost(srv.base, `/oauth/token?client_secret=${A.secret}`,
      { ...cc, client_id: A.clientId })],
    ['secret in the query with Basic', oauthPost(srv.base, `/oauth/token?client_secret=${A.secret}`, cc, auth(A))],
    ['Basic !!!', token(srv.base, cc, { headers: { Authorization: 'Basic !!!' } })],
    ['Basic without colon', token(srv.base, cc, { headers: { Authorization: noColon } })],
    ['Basic empty', token(srv.base, cc, { headers: { Authorization: 'Basic ' } })],
    ['no authentication', token(srv.base, cc)],
    ['unknown client', token(srv.base, cc, { auth: ['app_AAAAAAAAAAAAAAAA', A.secret] })],
    ['confidential with client_id only', token(srv.base, { ...cc, client_id: A.clientId })],
  ];
  for (const [what, p] of cases) {
    const res = await p;
    oauthError(res, 401, 'invalid_client', what);
    assert.equal(res.body.includes(A.secret), false, `${what}: no secret echoed`);
  }
});

test('33/34. scope escalation and cross-client refresh are refused', async () => {
  const { challenge } = pkce();
  for (const scope of ['read admin', 'delete', 'read write offline_access admin', 'secrets:delete']) {
    const p = authParams(A.clientId, challenge, { scope });
    errorRedirect(await d.get(authorizePath(p)), 'invalid_scope', p.state, scope);
  }
  const { code, verifier } = await getCode(A, { scope: 'read offline_access' });
  const t = json(await exchange(A, code, verifier));
  assert.equal(t.scope, 'read offline_access');
  const rt = (scope, who = A, tok = t.refresh_token) => token(srv.base, { grant_type: 'refresh_token',
    refresh_token: tok, ...(scope ? { scope } : {}) }, auth(who));
  oauthError(await rt('read write'), 400, 'invalid_scope', 'refresh wider than granted');
  oauthError(await rt('admin'), 400, 'invalid_scope', 'refresh admin');
  for (const scope of ['admin', 'read delete', 'offline_access']) {
    oauthError(await token(srv.base, { grant_type: 'client_credentials', scope }, auth(A)),
      400, 'invalid_scope', `client_credentials ${scope}`);
  }
  oauthError(await rt(null, B), 400, 'invalid_grant', "A's refresh token used by B");
  const fine = await rt(null, A);
  assert.equal(fine.status, 200, `A's own refresh still works: ${fine.body}`);
  assert.equal(json(fine).scope, 'read offline_access');
});

test('35. implicit, password and unknown grants are refused', async () => {
  const { challenge } = pkce();
  const p = authParams(A.clientId, challenge, { response_type: 'token' });
  errorRedirect(await d.get(authorizePath(p)), 'unsupported_response_type', p.state, 'token');
  const q = authParams(A.clientId, challenge, { response_type: 'code token' });
  errorRedirect(await d.get(authorizePath(q)), 'unsupported_response_type', q.state, 'code token');
  const r = authParams(A.clientId, challenge, { response_type: null });
  errorRedirect(await d.get(authorizePath(r)), 'invalid_request', r.state, 'no response_type');
  for (const gt of ['password', 'implicit', 'urn:ietf:params:oauth:grant-type:device_code', 'nonsense']) {
    oauthError(await token(srv.base, { grant_type: gt, username: ADMIN.email, password: ADMIN.password },
      auth(A)), 400, 'unsupported_grant_type', gt);
  }
});

test('6. repeated grant_type, redirect_uri, client_id (also query + body): invalid_request', async () => {
  const { code, verifier } = await getCode();
  const base = [['grant_type', 'authorization_code'], ['code', code], ['redirect_uri', CB],
    ['code_verifier', verifier]];
  const post = [['client_id', A.clientId], ['client_secret', A.secret]];
  const cases = [
    ['grant_type twice', oauthPost(srv.base, '/oauth/token', [...base, ['grant_type', 'authorization_code']], auth(A))],
    ['redirect_uri twice', oauthPost(srv.base, '/oauth/token', [...base, ['redirect_uri', CB]], auth(A))],
    ['client_id twice', oauthPost(srv.base, '/oauth/token', [...base, ...post, ['client_id', A.clientId]])],
    ['client_id query + body', oauthPost(srv.base, `/oauth/token?client_id=${A.clientId}`, [...base, ...post])],
    ['grant_type query + body', oauthPost(srv.base, '/oauth/token?grant_type=authorization_code', base, auth(A))],
    ['redirect_uri query + body', oauthPost(srv.base, `/oauth/token?redirect_uri=${encodeURIComponent(CB)}`,
      base, auth(A))],
    ['Basic and post', oauthPost(srv.base, '/oauth/token', [...base, ...post], auth(B))],
  ];
  for (const [what, p] of cases) oauthError(await p, 400, 'invalid_request', what);
});

// The state round trip: consent page (escaped hidden field), deny, approve, remembered.
async function stateRoundTrip(state) {
  const C = await registerApp(d, { name: `Stateful ${state.length}`, redirect_uris: [CB] });
  const { verifier, challenge } = pkce();
  const p = authParams(C.clientId, challenge, { state });
  const page = await d.get(authorizePath(p));
  assert.equal(page.status, 200, page.body.slice(0, 300));
  assert.equal(page.body.includes('<script>alert'), false, 'never unescaped in HTML');
  assert.equal(new Map(consentFields(page.body)).get('state'), state);
  for (const decision of ['deny', 'approve']) {
    const { location, res } = await authorize(d, authorizePath(p), decision);
    assert.equal(res.body.includes('<script>alert'), false);
    const raw = /[?&]state=([^&]*)/.exec(location)[1];
    assert.doesNotMatch(raw, /["'<>\s#]/, 'URL-encoded');
    assert.equal(query(location).get('state'), state, decision);
  }
  const again = await d.get(authorizePath(p));
  assert.equal(again.status, 303, 'remembered consent');
  assert.equal(query(again.headers.location).get('state'), state);
  assert.equal((await exchange(C, query(again.headers.location).get('code'), verifier)).status, 200);
}

const HOSTILE = `"'><script>alert(1)</script>&x=1#%20+ é`;
const DENSE = `"'><script>x</script>&=+`; // nearly every byte needs percent-encoding
const hostile = (bytes, text = HOSTILE) => {
  let s = text.repeat(Math.ceil(bytes / 10));
  while (Buffer.byteLength(s) > bytes) s = s.slice(0, -1);
  return s;
};

test('36. 2 KB and 4 KB states with quotes and <script>: byte-exact, escaped in HTML', async () => {
  await stateRoundTrip(hostile(2048));
  await stateRoundTrip(hostile(4096)); // 7.6 KB once encoded
  // Past the 4096-byte cap: an error page, not a redirect.
  const { challenge } = pkce();
  errorPage(await d.get(authorizePath(authParams(A.clientId, challenge, { state: 'a'.repeat(4097) }))),
    '4097-byte state');
});

test('36. a 4 KB state made mostly of quotes and <script> comes back byte-exact', async () => {
  // Regression (found by this test, since fixed): a 4096-byte state of DENSE text (accepted by the field's 4096-byte limit)
  await stateRoundTrip(hostile(4096, DENSE));
});

test('37. revoke/introspect need client auth; B sees nothing of A; garbage is inactive', async () => {
  const { code, verifier } = await getCode();
  const t = json(await exchange(A, code, verifier));
  for (const [what, f] of [['revoke', revoke], ['introspect', introspect]]) {
    oauthError(await f(srv.base, { token: t.access_token }), 401, 'invalid_client', what);
    oauthError(await f(srv.base, { token: t.access_token }, { auth: [A.clientId, 'cs_bad'] }),
      401, 'invalid_client', `${what} wrong secret`);
  }
  for (const tok of [t.access_token, t.refresh_token]) {
    assert.equal((await introspect(srv.base, { token: tok }, auth(B))).body, '{"active":false}');
    const r = await revoke(srv.base, { token: tok }, auth(B));
    assert.equal(r.status, 200, 'RFC 7009: a foreign token gets 200');
    assert.equal(json(await introspect(srv.base, { token: tok }, auth(A))).active, true, 'B revoked nothing');
  }
  for (const tok of ['garbage', 'a.b.c', `rt_${'x'.repeat(43)}`, "' OR 1=1--", `sk_test_${'0'.repeat(38)}`]) {
    const r = await introspect(srv.base, { token: tok }, auth(A));
    assert.equal(r.status, 200, tok);
    assert.equal(r.body, '{"active":false}', tok);
  }
  oauthError(await introspect(srv.base, { token: '' }, auth(A)), 400, 'invalid_request', 'empty token');
});

test('9. /oauth/token: GET and PUT 405, a JSON body 415', async () => {
  for (const m of ['GET', 'PUT', 'DELETE']) {
    const res = await request(srv.base, m, '/oauth/token', { headers: { 'Content-Type': FORM,
      Authorization: basic(A.clientId, A.secret) },
    body: m === 'GET' ? undefined : 'grant_type=client_credentials' });
    assert.equal(res.status, 405, m);
    assert.equal(res.headers.allow, 'POST', m);
    assert.equal('access_token' in json(res), false);
  }
  const res = await request(srv.base, 'POST', '/oauth/token', { headers: { 'Content-Type': 'application/json',
    Authorization: basic(A.clientId, A.secret) }, body: '{"grant_type":"client_credentials"}' });
  assert.equal(res.status, 415);
  assert.equal(json(res).error, 'invalid_request');
  // Regression (found by this test, since fixed): the 415 on /oauth/token says "The body must be application/json.", the
  assert.doesNotMatch(json(res).error_description, /application\/json/);
});

test('38. consent: no CSRF or a foreign Origin gets 403 and no code; GET never approves', async () => {
  const C = await registerApp(d, { name: 'Consent target', redirect_uris: [CB] });
  const { challenge } = pkce();
  const p = authParams(C.clientId, challenge);
  const before = codes();
  for (const [what, opts] of [['no csrf', { csrf: false }], ['bad csrf', { csrf: 'x'.repeat(43) }],
    ['foreign Origin', { origin: 'https://evil.example' }], ['null Origin', { origin: 'null' }]]) {
    const res = await d.post('/oauth/authorize', { ...p, decision: 'approve' }, opts);
    assert.equal(res.status, 403, what);
    assert.equal(res.headers.location, undefined, what);
  }
  const viaGet = await d.get(authorizePath({ ...p, decision: 'approve' }));
  assert.equal(viaGet.status, 200, 'the consent page again');
  assert.match(viaGet.body, /name="decision" value="approve"/);
  assert.equal(viaGet.headers.location, undefined);
  assert.equal(codes(), before, 'no code issued');
  assert.equal(srv.sql(`SELECT count(*) FROM oauth_consents WHERE client_id = '${C.clientId}'`).trim(), '0');
});
