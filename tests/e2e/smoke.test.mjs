// The walking skeleton: the stack starts, signs a user in, stops cleanly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, ADMIN, liveProcesses } from './lib/server.mjs';
import { Dashboard, request } from './lib/http.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

test('sign in lands on the API keys page', async () => {
  const d = new Dashboard(srv.base);
  const res = await d.login(ADMIN.email, ADMIN.password);
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/');
  const home = await d.get('/');
  assert.equal(home.status, 303);
  assert.equal(home.headers.location, '/settings/api-keys');
  const page = await d.get('/settings/security');
  assert.equal(page.status, 200);
  assert.match(page.body, new RegExp(ADMIN.email.replace('.', '\\.')));
});

test('unknown API path answers the JSON error body', async () => {
  const res = await request(srv.base, 'GET', '/v1/nothing-here');
  assert.equal(res.status, 404);
  const body = JSON.parse(res.body);
  assert.equal(body.error, 'not_found');
  assert.equal(body.code, 404);
  assert.match(body.request_id, /^req_[0-9A-Za-z]{16}$/);
  assert.equal(res.headers['x-request-id'], body.request_id);
  assert.match(body.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
});

test('SIGTERM stops every process', async () => {
  const s2 = await startServer();
  assert.ok(liveProcesses(s2.varDir).length >= 4);
  const res = await s2.stop();
  assert.equal(res.code, 0);
  assert.deepEqual(liveProcesses(s2.varDir), []);
});
