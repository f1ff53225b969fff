// /signup exists only with LATCHKEY_SIGNUP=1; it creates a user and
// signs them in, refusing weak passwords and taken emails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, ADMIN } from './lib/server.mjs';
import { Dashboard, request } from './lib/http.mjs';

test('without LATCHKEY_SIGNUP there is no sign-up page or link', async () => {
  const srv = await startServer();
  try {
    assert.equal((await request(srv.base, 'GET', '/signup')).status, 404);
    const d = new Dashboard(srv.base);
    await d.get('/login');
    assert.equal((await d.post('/signup', { email: 'x@example.com',
      password: 'a long enough passphrase' })).status, 404);
    assert.doesNotMatch((await d.get('/login')).body, /href="\/signup"/);
  } finally {
    await srv.stop();
  }
});

test('with LATCHKEY_SIGNUP=1 a visitor creates an account and is signed in', async () => {
  const srv = await startServer({ env: { LATCHKEY_SIGNUP: '1' } });
  try {
    const d = new Dashboard(srv.base);
    assert.match((await d.get('/login')).body, /href="\/signup"/);
    const page = await d.get('/signup');
    assert.equal(page.status, 200);
    assert.match(page.body, /name="password"/);

    const weak = await d.post('/signup', { email: 'new@example.com', password: 'password1234' });
    assert.equal(weak.status, 400);
    assert.match(weak.body, /too common/);
    assert.match(weak.body, /value="new@example.com"/);
    const taken = await d.post('/signup', { email: ADMIN.email.toUpperCase(), password: 'a long enough passphrase' });
    assert.equal(taken.status, 400);
    assert.match(taken.body, /exists/);
    const noCsrf = await d.post('/signup', { email: 'new@example.com', password: 'a long enough passphrase' }, { csrf: false });
    assert.equal(noCsrf.status, 403);

    const ok = await d.post('/signup', { email: 'new@example.com', name: 'New <b>', password: 'a long enough passphrase' });
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.location, '/');
    assert.match(d.session(), /^[A-Za-z0-9_-]{43}$/);
    const sec = await d.get('/settings/security');
    assert.equal(sec.status, 200);
    assert.match(sec.body, /new@example.com/);
    assert.match(srv.sql("SELECT role || ' ' || name FROM users WHERE email = 'new@example.com'"), /^user New <b>/);
    assert.equal(srv.sql("SELECT count(*) FROM audit_log WHERE action = 'user.create' AND detail = 'signup'").trim(), '1');
  } finally {
    await srv.stop();
  }
});
