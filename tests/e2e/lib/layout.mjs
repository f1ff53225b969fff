// Realistic data for the layout test (layout_browser.test.mjs): every dashboard table
// gets rows, with long names, many permissions and scopes, every key state, long user
// agents, an API sign-in and a resource server. seed(srv) -> {consentPath, restrictedId, appId}: an
// authorization request of an app the admin has not approved yet.
import assert from 'node:assert/strict';
import { ADMIN } from './server.mjs';
import { request, json } from './http.mjs';
import { createKeyViaForm, signedIn, secretFrom, verify, sqlWrite } from './keys.mjs';
import { registerApp, authorize, authorizePath, authParams, pkce } from './oauth.mjs';

export const LONG_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8 Pro Build/AP2A.240805.005; wv) '
  + 'AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/127.0.6533.103 Mobile Safari/537.36 '
  + 'EdgA/127.0.2651.86 [FB_IAB/FB4A;FBAV/475.0.0.43.110;]';
export const CLI_UA = 'latchkey-deploy-bot/2.14.1 (+https://ci.example.com/pipelines/billing-service-eu-central-1; '
  + 'node/20.15.1 linux-x64) undici/6.19.2';

// A user through the CLI -> {email, password, id}.
function cliUser(srv, email, { name, admin } = {}) {
  const password = `${email} layout passphrase`;
  const args = ['user', 'add', email, '--password-stdin'];
  if (name) args.push('--name', name);
  if (admin) args.push('--admin');
  const r = srv.cli(args, `${password}\n`);
  assert.equal(r.status, 0, `user add ${email}: ${r.stderr}`);
  const id = srv.sql(`SELECT id FROM users WHERE email = '${email}'`).trim();
  return { email, password, id };
}

// A browser-like sign-in from node with a given User-Agent (a session row).
async function sessionWithAgent(srv, email, password, ua) {
  const h = { 'User-Agent': ua };
  const login = await request(srv.base, 'GET', '/login', { headers: h });
  const csrf = /name="csrf_token" value="([^"]+)"/.exec(login.body)?.[1];
  const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const body = new URLSearchParams({ email, password, csrf_token: csrf || '' }).toString();
  const res = await request(srv.base, 'POST', '/login', { headers: { ...h, Cookie: cookie,
    Origin: srv.base, 'Content-Type': 'application/x-www-form-urlencoded' }, body });
  assert.equal(res.status, 303, `session for ${email} with a long agent: ${res.status}`);
}

async function roll(srv, d, id, grace) {
  await d.get(`/settings/api-keys/${id}/roll`);
  const res = await d.post(`/settings/api-keys/${id}/roll`, { grace_seconds: String(grace) });
  assert.equal(res.status, 200, `roll ${id}: ${res.status}`);
  return secretFrom(res.body);
}

export async function seed(srv) {
  // Plans (SPEC 9): the admin's account is on Standard, so its keys have tiers.
  for (const args of [['lite', '--display-name', 'Lite', '--rank', '10', '--per-second', '5', '--per-hour', '1000',
    '--per-month', '10000'], ['standard', '--display-name', 'Standard', '--rank', '20', '--per-second', '50',
    '--per-hour', '20000', '--per-month', '60'], ['professional', '--display-name', 'Professional', '--rank', '30',
    '--per-second', '500', '--per-hour', '1000000']]) {
    const r = srv.cli(['plan', 'add', ...args]);
    assert.equal(r.status, 0, r.stderr);
  }
  assert.equal(srv.cli(['user', 'plan', ADMIN.email, 'standard']).status, 0);
  const d = await signedIn(srv.base, ADMIN.email, ADMIN.password);

  // API keys: every state, long names, many permissions.
  const perms = ['read', 'write', 'delete', 'admin'];
  const deploy = await createKeyViaForm(d, { name: 'production-billing-webhook-signer-eu-central-1-primary',
    environment: 'live', permissions: perms });
  await verify(srv, deploy.secret); // last used: just now
  await roll(srv, d, deploy.id, 86400); // "Rolled, expiring" plus its successor
  const restricted = await createKeyViaForm(d, { name: 'Reporting dashboard (read-only, finance team)',
    environment: 'live', restricted: '1', permissions: ['read'],
    resource_permissions: 'invoices:read customers:read subscriptions:read payouts:read '
      + 'balance_transactions:read reports:write' });
  await verify(srv, restricted.secret);
  // Usage: 29 days of history (as flushed rows), and today's verifications live.
  const day = Math.floor(Date.now() / 86400000);
  const rows = [];
  for (let i = 1; i < 30; i++) {
    const ok = Math.max(0, Math.round(300 + 220 * Math.sin(i / 3) + (i % 7 === 0 ? -150 : 0) + 9 * i));
    rows.push(`('${restricted.id}', (SELECT user_id FROM api_keys WHERE id = '${restricted.id}'), ${day - i}, `
      + `${ok}, ${i % 5}, ${i % 9 === 0 ? 40 : 0}, 0)`);
  }
  sqlWrite(srv, 'INSERT INTO key_usage (key_id, user_id, day, ok, insufficient_scope, rate_limited, '
    + `quota_exceeded) VALUES ${rows.join(', ')}`);
  await Promise.all(Array.from({ length: 45 }, (_, i) => verify(srv, restricted.secret,
    i % 9 === 0 ? '?scope=admin' : '')));
  await createKeyViaForm(d, { name: 'ci-deploy', permissions: ['read', 'write'], expires_in_days: '7' });
  const revoked = await createKeyViaForm(d, { name: 'leaked-in-public-gist', permissions: ['read'] });
  await d.get(`/settings/api-keys/${revoked.id}/revoke`);
  await d.post(`/settings/api-keys/${revoked.id}/revoke`, {});
  const old = await createKeyViaForm(d, { name: 'legacy-cron', environment: 'live', permissions: ['read', 'write'] });
  sqlWrite(srv, `UPDATE api_keys SET created_at = created_at - 200 * 86400 WHERE id = '${old.id}'`);
  await createKeyViaForm(d, { name: 'staging', permissions: ['read'], expires_in_days: '90' });

  // OAuth apps: many redirect URIs and scopes, a public one, a long name.
  const big = await registerApp(d, { name: 'Acme Analytics Platform — Enterprise Reporting Connector',
    redirect_uris: ['https://analytics.acme-corporation.example.com/oauth/callback/latchkey',
      'https://eu.analytics.acme-corporation.example.com/oauth/callback/latchkey',
      'http://localhost:8080/callback', 'http://127.0.0.1/cb'],
    scopes: 'read write delete offline_access invoices:read customers:write subscriptions:read',
    grant_types: ['authorization_code', 'refresh_token', 'client_credentials'] });
  assert.ok(big.clientId, big.html.slice(0, 500));
  const pub = await registerApp(d, { name: 'CLI', client_type: 'public',
    redirect_uris: ['http://127.0.0.1/cb'], scopes: 'read offline_access',
    grant_types: ['authorization_code', 'refresh_token'] });
  assert.ok(pub.clientId);
  const gw = await registerApp(d, { name: 'api-gateway', redirect_uris: ['https://gw.example/cb'],
    scopes: 'read', grant_types: ['client_credentials'] });
  assert.ok(gw.clientId);
  const rs = srv.cli(['app', 'resource-server', gw.clientId, 'on']);
  assert.equal(rs.status, 0, rs.stderr);

  // Authorized apps: consents of the admin.
  for (const [a, scope, uri] of [[big, 'read write delete offline_access invoices:read customers:write subscriptions:read',
    'https://analytics.acme-corporation.example.com/oauth/callback/latchkey'], [pub, 'read', 'http://127.0.0.1/cb']]) {
    const { location } = await authorize(d, authorizePath(authParams(a.clientId, pkce().challenge,
      { redirect_uri: uri, scope })));
    assert.match(location || '', /code=/, `consent for ${a.clientId}`);
  }

  // Other users, their keys and an app (admin pages).
  const long = cliUser(srv, 'maximilian.alexander.fitzgerald-worthington@subsidiary.enterprise-holdings.example.com',
    { name: 'Maximilian Alexander Fitzgerald-Worthington III' });
  const ops = cliUser(srv, 'ops@example.com', { name: 'Ops', admin: true });
  const gone = cliUser(srv, 'former.contractor@example.org');
  const ld = await signedIn(srv.base, long.email, long.password);
  const lk = await createKeyViaForm(ld, { name: 'a-very-long-key-name-without-any-spaces-to-break-it-up-0123456789',
    environment: 'live', permissions: perms });
  await roll(srv, ld, lk.id, 3600);
  await createKeyViaForm(ld, { name: 'test', permissions: ['read'] });
  const other = await registerApp(ld, { name: 'Fitzgerald-Worthington Internal Tools Single Sign-On Bridge',
    redirect_uris: ['https://tools.example/cb'],
    scopes: 'read write delete offline_access invoices:read customers:write' });
  assert.ok(other.clientId);
  const od = await signedIn(srv.base, ops.email, ops.password);
  await createKeyViaForm(od, { name: 'ops-monitoring', environment: 'live', permissions: ['read'] });
  const gd = await signedIn(srv.base, gone.email, gone.password);
  const gk = await createKeyViaForm(gd, { name: 'contractor-import', permissions: ['read', 'write'] });
  const ad = await signedIn(srv.base, ADMIN.email, ADMIN.password);
  await ad.get('/admin/keys');
  const rv = await ad.post('/admin/keys/revoke', [['key_id', gk.id], ['reason',
    'Contract ended 2024-06-30; key found in a shared spreadsheet that was accessible to the whole organisation']]);
  assert.equal(rv.status, 303, `admin revoke: ${rv.status}`);
  // A live key of a disabled account: "Owner disabled" on the admin keys page.
  await createKeyViaForm(gd, { name: 'nightly-export-to-the-data-warehouse', environment: 'live', permissions: ['read'] });
  assert.equal(srv.cli(['user', 'disable', gone.email]).status, 0);

  // Security: another browser with a long user agent, and an API sign-in.
  await sessionWithAgent(srv, ADMIN.email, ADMIN.password, LONG_UA);
  const api = await request(srv.base, 'POST', '/v1/auth/login', { headers: {
    'Content-Type': 'application/json', 'User-Agent': CLI_UA },
  body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }) });
  assert.equal(api.status, 200, `API sign-in: ${api.body}`);
  assert.ok(json(api).refresh_token);

  // The consent screen: an app the admin has not approved yet, asking for much.
  const consentPath = authorizePath(authParams(other.clientId, pkce().challenge, {
    redirect_uri: 'https://tools.example/cb',
    scope: 'read write delete offline_access invoices:read customers:write' }));
  return { consentPath, restrictedId: restricted.id, appId: big.clientId,
    keyPath: `/settings/api-keys/${restricted.id}` };
}
