// /healthz, /readyz and /metrics (SPEC 13) through the real server: the
// counters are the sum over every process of the host, exact.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, ADMIN } from './lib/server.mjs';
import { request } from './lib/http.mjs';
import { createKeyViaForm, signedIn, verify } from './lib/keys.mjs';

let srv;
let key;
const metric = (text, name) => {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? 0 : Number(line.slice(name.length + 1));
};
const scrape = async (headers = {}) => {
  const res = await request(srv.base, 'GET', '/metrics', { headers });
  assert.equal(res.status, 200, res.body);
  return res.body;
};

before(async () => {
  srv = await startServer({ env: { LATCHKEY_VERIFY_PROCS: '3', LATCHKEY_API_PROCS: '2',
    LATCHKEY_TRUSTED_PROXY: '127.0.0.1', LATCHKEY_METRICS_ALLOW: '198.51.100.0/24' } });
  const d = await signedIn(srv.base, ADMIN.email, ADMIN.password);
  key = await createKeyViaForm(d, { name: 'ops', permissions: ['read'] });
});
after(async () => { if (srv) await srv.stop(); });

test('healthz and readyz answer 200 JSON; readyz says 503 when the database is gone', async () => {
  const h = await request(srv.base, 'GET', '/healthz');
  assert.equal(h.status, 200);
  assert.match(h.headers['content-type'], /^application\/json/);
  assert.deepEqual(JSON.parse(h.body), { status: 'ok' });
  const r = await request(srv.base, 'GET', '/readyz');
  assert.equal(r.status, 200);
  assert.deepEqual(JSON.parse(r.body), { status: 'ready' });
  assert.equal((await request(srv.base, 'POST', '/healthz')).status, 405);
});

test('metrics: exact request counts over several processes, verify histogram, sign-in failures', async () => {
  const route = 'latchkey_requests_total{route="GET /v1/auth/verify",status="200"}';
  const before = await scrape();
  assert.match(before, /^# TYPE latchkey_verify_duration_seconds histogram$/m);
  const N = 120;
  const results = await Promise.all(Array.from({ length: N }, () => verify(srv, key.secret)));
  assert.ok(results.every((x) => x.status === 200));
  for (let i = 0; i < 3; i++) {
    await request(srv.base, 'POST', '/v1/auth/login', { headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: ADMIN.email, password: `wrong ${i}` }) });
  }
  const after = await scrape();
  assert.equal(metric(after, route) - metric(before, route), N, 'every verify counted once');
  assert.equal(metric(after, 'latchkey_verify_duration_seconds_count')
    - metric(before, 'latchkey_verify_duration_seconds_count'), N);
  assert.equal(metric(after, 'latchkey_verify_duration_seconds_bucket{le="+Inf"}'),
    metric(after, 'latchkey_verify_duration_seconds_count'));
  assert.equal(metric(after, 'latchkey_signin_failures_total') - metric(before, 'latchkey_signin_failures_total'), 3);
  assert.equal(metric(after, 'latchkey_requests_total{route="POST /v1/auth/login",status="401"}'), 3);
  // Dashboard pages are counted too: the same file, another program.
  assert.ok(metric(after, 'latchkey_requests_total{route="POST /settings/api-keys",status="200"}') >= 1, after);
  // Buckets are cumulative.
  const buckets = after.split('\n').filter((l) => l.startsWith('latchkey_verify_duration_seconds_bucket'))
    .map((l) => Number(l.split(' ')[1]));
  assert.ok(buckets.length >= 10 && buckets.every((v, i) => i === 0 || v >= buckets[i - 1]), buckets.join());
  for (const l of after.split('\n').filter((x) => x && !x.startsWith('#'))) {
    assert.match(l, /^[a-z_]+(\{[a-z_]+="[^"\n]*"(,[a-z_]+="[^"\n]*")*\})? [0-9.e+-]+$/, l);
  }
});

test('metrics only for loopback and LATCHKEY_METRICS_ALLOW', async () => {
  const far = await request(srv.base, 'GET', '/metrics', { headers: { 'X-Forwarded-For': '203.0.113.9' } });
  assert.equal(far.status, 403);
  assert.match(far.headers['content-type'], /^application\/json/);
  assert.equal(JSON.parse(far.body).error, 'forbidden');
  assert.ok(!far.body.includes('latchkey_requests_total'));
  const allowed = await scrape({ 'X-Forwarded-For': '198.51.100.20' });
  assert.match(allowed, /latchkey_requests_total/);
});
