// SPEC §8.13 (bounded storage: `latchkey purge`; a flood of
// client_credentials grants adds no row per token) and §8.14 (a change and
// its audit row commit together or not at all); ATTACKS 66.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, ADMIN } from './lib/server.mjs';
import { request, json } from './lib/http.mjs';
import { addUser, createKeyViaForm, api, verify, nonceFrom, createFields, secretFrom } from './lib/keys.mjs';
import { registerApp, authorize, authorizePath, authParams, pkce, query, token } from './lib/oauth.mjs';
import { from, addresses, signInAt, apiLogin, num, one, sqlWrite, copyRows, totalRows, tables,
  pool } from './lib/lifecycle.mjs';

const PW = 'storage passphrase 13';
const DAY = 86400;
const ip = addresses(110);
// ATTACKS 66: 10,000 grants (about 10 s on two cores; LATCHKEY_E2E_GRANTS
// sets another count).
const GRANTS = Number(process.env.LATCHKEY_E2E_GRANTS || 10000);

let srv;
let ad;
let adminKey;
before(async () => {
  srv = await startServer({ env: { LATCHKEY_API_PROCS: '4' } });
  ad = await signInAt(srv.base, ip(), ADMIN.email, ADMIN.password);
  adminKey = await createKeyViaForm(ad, { name: 'storage-admin', permissions: ['read', 'write', 'delete', 'admin'] });
});
after(async () => {
  try { sqlWrite(srv, 'DROP TRIGGER IF EXISTS lk_e2e_no_audit'); } catch { /* gone */ }
  if (srv) await srv.stop();
});

const now = () => Math.floor(Date.now() / 1000);

// §8.13: `latchkey purge`.
test('§8.13: `latchkey purge` removes dead sessions, families, refresh tokens, codes, nonces, throttle events > 30 days', async () => {
  const u = addUser(srv, 'purge@example.com', PW);
  const d = await signInAt(srv.base, ip(), u.email, PW);
  await createKeyViaForm(d, { name: 'leaves a form nonce' });
  const live = (await from(ip(), () => apiLogin(srv, u.email, PW))).json;
  assert.ok(live.refresh_token);
  assert.equal((await from(ip(), () => apiLogin(srv, u.email, 'not the passphrase 0'))).status, 401); // a throttle event
  const app = await registerApp(d, { name: 'Purge app' });
  const { challenge } = pkce();
  const az = await authorize(d, authorizePath(authParams(app.clientId, challenge)));
  assert.ok(query(az.location).get('code'), 'an unredeemed, live code');

  const t = now();
  const old = t - 40 * DAY;
  const sid = one(srv, `SELECT id FROM sessions WHERE user_id = '${u.id}' LIMIT 1`);
  const fam = one(srv, `SELECT id FROM token_families WHERE user_id = '${u.id}' AND client_id IS NULL LIMIT 1`);
  const fresh = {
    sessions: num(srv, `SELECT count(*) FROM sessions WHERE user_id = '${u.id}'`),
    nonces: num(srv, 'SELECT count(*) FROM form_nonces'),
    families: num(srv, 'SELECT count(*) FROM token_families WHERE revoked_at IS NULL'),
    refresh: num(srv, `SELECT count(*) FROM refresh_tokens WHERE expires_at > ${t}`),
    codes: num(srv, `SELECT count(*) FROM oauth_codes WHERE expires_at > ${t}`),
    throttle: num(srv, `SELECT count(*) FROM throttle_events WHERE at > ${t - DAY}`),
    audit: num(srv, 'SELECT count(*) FROM audit_log'),
  };
  assert.ok(fresh.nonces >= 1 && fresh.throttle >= 1 && fresh.codes >= 1 && fresh.refresh >= 1);
  // Dead rows, 40 days old (throttle events 31 days).
  copyRows(srv, 'sessions', `id = '${sid}'`, 3, { id: "'ses_old' || printf('%013d', i)",
    token_hash: 'randomblob(32)', created_at: String(old), last_seen_at: String(old) });
  copyRows(srv, 'form_nonces', '1', 3, { nonce: "'old-nonce-' || i", at: String(old) });
  copyRows(srv, 'token_families', `id = '${fam}'`, 3, { id: "'fam_old' || printf('%013d', i)",
    created_at: String(old - 30 * DAY), revoked_at: String(old) });
  copyRows(srv, 'refresh_tokens', `family_id = '${fam}'`, 3, { token_hash: 'randomblob(32)',
    family_id: "'fam_old' || printf('%013d', i)", created_at: String(old - 30 * DAY), expires_at: String(old) });
  copyRows(srv, 'refresh_tokens', `family_id = '${fam}'`, 2, { token_hash: 'randomblob(32)',
    created_at: String(old - 30 * DAY), expires_at: String(old), used_at: String(old - 29 * DAY) });
  copyRows(srv, 'oauth_codes', '1', 3, { code_hash: 'randomblob(32)', created_at: String(old),
    expires_at: String(old + 60) });
  copyRows(srv, 'throttle_events', '1', 3, { at: String(t - 31 * DAY) });

  const r = srv.cli(['purge']);
  assert.equal(r.status, 0, `latchkey purge: ${r.status} ${r.stderr}`);
  assert.equal(num(srv, "SELECT count(*) FROM sessions WHERE id LIKE 'ses_old%'"), 0, 'old sessions');
  assert.equal(num(srv, "SELECT count(*) FROM form_nonces WHERE nonce LIKE 'old-nonce-%'"), 0, 'old form nonces');
  assert.equal(num(srv, "SELECT count(*) FROM token_families WHERE id LIKE 'fam_old%'"), 0, 'old revoked families');
  assert.equal(num(srv, `SELECT count(*) FROM refresh_tokens WHERE expires_at <= ${t - 30 * DAY}`), 0, 'old refresh tokens');
  assert.equal(num(srv, `SELECT count(*) FROM oauth_codes WHERE expires_at <= ${t - 30 * DAY}`), 0, 'old codes');
  assert.equal(num(srv, `SELECT count(*) FROM throttle_events WHERE at <= ${t - 30 * DAY}`), 0, 'old throttle events');
  // What is alive stays.
  assert.equal(num(srv, `SELECT count(*) FROM sessions WHERE user_id = '${u.id}'`), fresh.sessions, 'live sessions');
  assert.equal(num(srv, 'SELECT count(*) FROM form_nonces'), fresh.nonces, 'recent nonces');
  assert.equal(num(srv, 'SELECT count(*) FROM token_families WHERE revoked_at IS NULL'), fresh.families, 'live families');
  assert.equal(num(srv, `SELECT count(*) FROM refresh_tokens WHERE expires_at > ${t}`), fresh.refresh, 'live refresh tokens');
  assert.equal(num(srv, `SELECT count(*) FROM oauth_codes WHERE expires_at > ${t}`), fresh.codes, 'live codes');
  assert.equal(num(srv, `SELECT count(*) FROM throttle_events WHERE at > ${t - DAY}`), fresh.throttle, 'recent throttle events');
  assert.ok(num(srv, 'SELECT count(*) FROM audit_log') >= fresh.audit, 'the audit log is not purged');
  assert.equal((await d.get('/settings/security')).status, 200, 'the session still works');
  assert.equal((await request(srv.base, 'POST', '/v1/auth/refresh', { headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ refresh_token: live.refresh_token }) })).status, 200, 'the refresh token still works');
  assert.equal(srv.cli(['purge', '--help']).status, 0);
});

// §8.13, ATTACKS 66: a flood of client_credentials grants.
test(`§8.13 / ATTACKS 66: ${GRANTS} client_credentials grants grow the database by far fewer rows`, async () => {
  const A = await registerApp(ad, { name: 'Flood', scopes: 'read', grant_types: ['client_credentials'] });
  assert.ok(A.secret);
  const before = totalRows(srv);
  const per = Object.fromEntries(tables(srv).map((t) => [t, num(srv, `SELECT count(*) FROM "${t}"`)]));
  const tokens = await pool(8, Array.from({ length: GRANTS }, (_, i) => i), async () => {
    const r = await token(srv.base, { grant_type: 'client_credentials', scope: 'read' }, { auth: [A.clientId, A.secret] });
    assert.equal(r.status, 200, r.body);
    return json(r).access_token;
  });
  const grown = totalRows(srv) - before;
  const by = tables(srv).map((t) => [t, num(srv, `SELECT count(*) FROM "${t}"`) - (per[t] || 0)]).filter(([, n]) => n);
  assert.ok(grown < 100, `${GRANTS} grants added ${grown} rows: ${JSON.stringify(by)}`);
  for (const t of [tokens[0], tokens[GRANTS >> 1], tokens.at(-1)]) {
    const v = await request(srv.base, 'GET', '/v1/auth/verify', { headers: { Authorization: `Bearer ${t}` } });
    assert.equal(v.status, 200, 'the tokens work');
  }
});

// §8.14: with every audit insert failing, nothing changes.
test('§8.14: when the audit row cannot be written, the change is not made either', async () => {
  const u = addUser(srv, 'atomic@example.com', PW);
  const d = await signInAt(srv.base, ip(), u.email, PW);
  const apiVictim = await createKeyViaForm(d, { name: 'revoke-me-api', permissions: ['read'] });
  const formVictim = await createKeyViaForm(d, { name: 'revoke-me-form', permissions: ['read'] });
  const rollMe = await createKeyViaForm(d, { name: 'roll-me', permissions: ['read'] });
  const app = await registerApp(d, { name: 'Delete me', grant_types: ['client_credentials'], scopes: 'read' });
  const apiKey = await createKeyViaForm(d, { name: 'atomic-admin', permissions: ['read', 'write', 'delete', 'admin'] });
  const keyNonce = nonceFrom((await d.get('/settings/api-keys/new')).body);
  const keys = () => num(srv, `SELECT count(*) FROM api_keys WHERE user_id = '${u.id}'`);
  const apps = () => num(srv, `SELECT count(*) FROM oauth_clients WHERE user_id = '${u.id}'`);
  const revoked = (k) => one(srv, `SELECT coalesce(revoked_at, '') FROM api_keys WHERE id = '${k.id}'`) !== '';
  const hash = () => one(srv, `SELECT password_hash FROM users WHERE id = '${u.id}'`);
  const h0 = hash();
  const audit0 = num(srv, 'SELECT count(*) FROM audit_log');
  const h = { key: apiKey.secret };
  // [what, request, did it change anything?]
  const ops = [
    ['API key create', () => api(srv, 'POST', '/v1/keys', { ...h, body: { name: 'x', environment: 'test', permissions: ['read'] } }),
      (k0) => keys() !== k0],
    ['API key revoke', () => api(srv, 'DELETE', `/v1/keys/${apiVictim.id}`, h), () => revoked(apiVictim)],
    ['API key roll', () => api(srv, 'POST', `/v1/keys/${rollMe.id}/roll`, { ...h, body: { grace_seconds: 0 } }),
      (k0) => keys() !== k0 || one(srv, `SELECT coalesce(rolled_to, '') FROM api_keys WHERE id = '${rollMe.id}'`) !== ''],
    ['dashboard key create', () => d.post('/settings/api-keys', createFields({ name: 'dashboard key' }, keyNonce)),
      (k0, res) => keys() !== k0 || secretFrom(res.body) !== null],
    ['dashboard key revoke', async () => { await d.get('/settings/api-keys'); return d.post(`/settings/api-keys/${formVictim.id}/revoke`, {}); },
      () => revoked(formVictim)],
    ['app create', async () => (await registerApp(d, { name: 'Never created' })).res, (k0, res, a0) => apps() !== a0],
    ['app delete', async () => { await d.get('/settings/oauth-apps'); return d.post(`/settings/oauth-apps/${app.clientId}/delete`, {}); },
      (k0, res, a0) => apps() !== a0],
    ['password change', async () => { await d.get('/settings/security');
      return d.post('/settings/security/password', { current_password: PW, new_password: 'atomic new passphrase 2' }); },
    () => hash() !== h0],
  ];
  const committed = [];
  const answers = [];
  sqlWrite(srv, "CREATE TRIGGER lk_e2e_no_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit refused'); END");
  try {
    for (const [what, run, changed] of ops) {
      const k0 = keys(); const a0 = apps();
      const res = await run();
      if (changed(k0, res, a0)) committed.push(what);
      if (res.status !== 503) answers.push(`${what}: ${res.status}`);
    }
  } finally {
    sqlWrite(srv, 'DROP TRIGGER IF EXISTS lk_e2e_no_audit');
  }
  assert.deepEqual(committed, [], 'changes committed without their audit row');
  assert.deepEqual(answers, [], 'each refused change answers 503');
  assert.equal(num(srv, 'SELECT count(*) FROM audit_log'), audit0);
  // All of it works again without the trigger.
  assert.equal((await verify(srv, apiVictim.secret)).status, 200);
  assert.equal((await token(srv.base, { grant_type: 'client_credentials', scope: 'read' },
    { auth: [app.clientId, app.secret] })).status, 200);
  assert.equal((await api(srv, 'DELETE', `/v1/keys/${apiVictim.id}`, { key: apiKey.secret })).status, 204);
});
