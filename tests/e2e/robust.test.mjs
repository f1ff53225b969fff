// Crash safety and concurrency (issue 10, items 3 and 4): FastCGI
// processes SIGKILLed at random moments during writes; verifications
// racing a revocation; a locked database waits instead of failing; a full
// disk answers 503, never a 200 for a write that didn't happen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import { startServer, ADMIN, liveProcesses } from './lib/server.mjs';
import { request, json, Dashboard } from './lib/http.mjs';
import { createKeyViaForm } from './lib/keys.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const postJson = (srv, path, body, headers = {}) => request(srv.base, 'POST', path, {
  headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
const verify = (srv, key) => request(srv.base, 'GET', '/v1/auth/verify', { headers: { 'X-API-Key': key } });

async function adminKey(srv) {
  const d = new Dashboard(srv.base);
  await d.login(ADMIN.email, ADMIN.password);
  return createKeyViaForm(d, { name: 'robust-admin', permissions: ['read', 'write', 'delete', 'admin'] });
}

// PIDs of the instance's latchkey-api processes.
// The main API pool's processes (not the verify pool's: SPEC 8.9).
function apiPids(srv) {
  return liveProcesses(srv.varDir).filter((pid) => {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      return cmd.includes('latchkey-api') && !cmd.includes('--verify');
    } catch { return false; }
  });
}

test('kill -9 at random moments loses nothing that was answered', async () => {
  const srv = await startServer({ env: { LATCHKEY_API_PROCS: '4', LATCHKEY_RATELIMIT_APIKEY: '1000000',
    LATCHKEY_RATELIMIT_JWT: '1000000' } });
  try {
    const admin = (await adminKey(srv)).secret;
    const h = { 'X-API-Key': admin };
    const created = [];		// secrets the server answered 201 for
    const revoked = new Set();
    const chains = [];		// [{ rt, ok }] latest refresh token per sign-in
    for (let i = 0; i < 4; i++) {
      const t = json(await postJson(srv, '/v1/auth/login', { email: ADMIN.email, password: ADMIN.password }));
      chains.push({ rt: t.refresh_token, broken: false });
    }
    let stop = false;
    const worker = async (n) => {
      while (!stop) {
        const r = await postJson(srv, '/v1/keys', { name: `crash-${n}`, environment: 'test', permissions: ['read'] }, h)
          .catch(() => null);
        if (r && r.status === 201) {
          const k = json(r);
          created.push(k);
          if (created.length % 3 === 0) {
            const roll = await postJson(srv, `/v1/keys/${k.id}/roll`, { grace_seconds: 3600 }, h).catch(() => null);
            if (roll && roll.status === 201) created.push(json(roll));
          } else if (created.length % 5 === 0) {
            const del = await request(srv.base, 'DELETE', `/v1/keys/${k.id}`, { headers: h }).catch(() => null);
            if (del && del.status === 204) revoked.add(k.id);
            else if (!del || del.status >= 500) revoked.add(`maybe:${k.id}`);
          }
        }
        const c = chains[n % chains.length];
        if (!c.broken) {
          const rr = await postJson(srv, '/v1/auth/refresh', { refresh_token: c.rt }).catch(() => null);
          // An unanswered refresh may or may not have rotated: the chain's
          // state is unknown from here, so stop following it.
          if (rr && rr.status === 200) c.rt = json(rr).refresh_token;
          else c.broken = true;
        }
      }
    };
    const workers = Array.from({ length: 6 }, (_, n) => worker(n));
    // Kill three of the four processes, one at a time, at random moments.
    for (let k = 0; k < 3; k++) {
      await sleep(400 + Math.random() * 900);
      const pids = apiPids(srv);
      process.kill(pids[Math.floor(Math.random() * pids.length)], 'SIGKILL');
    }
    await sleep(800);
    stop = true;
    await Promise.all(workers);
    assert.equal(apiPids(srv).length, 1, 'one process left serving');
    assert.ok(created.length > 10, `only ${created.length} keys created`);

    assert.equal(srv.sql('PRAGMA integrity_check').trim(), 'ok');
    // Every key whose secret we were given still verifies, unless we
    // revoked it (or may have: a DELETE that got no answer).
    for (const k of created) {
      if (revoked.has(k.id) || revoked.has(`maybe:${k.id}`)) continue;
      const v = await verify(srv, k.key);
      assert.equal(v.status, 200, `key ${k.id} was answered 201 but doesn't verify`);
    }
    for (const id of revoked) {
      if (id.startsWith('maybe:')) continue;
      assert.equal(srv.sql(`SELECT revoked_at IS NOT NULL FROM api_keys WHERE id = '${id}'`).trim(), '1');
    }
    // No half-rotated family: each live family has exactly one unused
    // refresh token; a family whose tokens are all used is revoked.
    assert.equal(srv.sql(`SELECT count(*) FROM (SELECT family_id FROM refresh_tokens
      WHERE used_at IS NULL GROUP BY family_id HAVING count(*) > 1)`).trim(), '0');
    assert.equal(srv.sql(`SELECT count(*) FROM token_families f WHERE f.revoked_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.family_id = f.id AND r.used_at IS NULL)`).trim(), '0');
    // A chain that was followed to the end still refreshes.
    for (const c of chains.filter((x) => !x.broken)) {
      assert.equal((await postJson(srv, '/v1/auth/refresh', { refresh_token: c.rt })).status, 200);
    }
  } finally {
    await srv.stop();
  }
});

test('1,000 verifications racing one revoke: none succeeds after the revoke is answered', async () => {
  const srv = await startServer({ env: { LATCHKEY_API_PROCS: '4', LATCHKEY_VERIFY_PROCS: '4',
    LATCHKEY_RATELIMIT_APIKEY: '1000000' } });
  try {
    const admin = (await adminKey(srv)).secret;
    const k = json(await postJson(srv, '/v1/keys', { name: 'racer', environment: 'test', permissions: ['read'] },
      { 'X-API-Key': admin }));
    let revokedAt = null;
    let revoke;
    const results = [];
    const sentTimes = [];
    const one = async () => {
      const sent = performance.now();
      sentTimes.push(sent);
      const r = await verify(srv, k.key);
      results.push({ sent, status: r.status });
    };
    const waves = [];
    for (let i = 0; i < 1000; i++) {
      waves.push(one());
      if (i === 400) {
        revoke = request(srv.base, 'DELETE', `/v1/keys/${k.id}`, { headers: { 'X-API-Key': admin } })
          .then((r) => { assert.equal(r.status, 204); revokedAt = performance.now(); });
        waves.push(revoke);
      }
      if (i % 50 === 0) await sleep(5);
    }
    // On a loaded machine the revoke can be answered after the last of the
    // 1,000 was sent: then send more, racing the ones still in flight,
    // until 150 were sent after the answer.
    await revoke;
    for (let n = sentTimes.filter((t) => t > revokedAt).length; n < 150; n++) {
      waves.push(one());
      if (n % 50 === 0) await sleep(5);
    }
    await Promise.all(waves);
    assert.ok(revokedAt !== null);
    assert.deepEqual([...new Set(results.map((r) => r.status))].filter((s) => s !== 200 && s !== 401), []);
    const late = results.filter((r) => r.sent > revokedAt);
    assert.ok(late.length > 100, `only ${late.length} requests after the revoke`);
    assert.deepEqual(late.filter((r) => r.status !== 401).length, 0);
    assert.ok(results.some((r) => r.status === 200), 'some succeeded before the revoke');
  } finally {
    await srv.stop();
  }
});

test('a database locked by a writer makes requests wait, not fail', async () => {
  const srv = await startServer({ env: { LATCHKEY_API_PROCS: '2' } });
  try {
    const admin = (await adminKey(srv)).secret;
    // Another writer holds the write lock for 1.5 s (WAL: readers go on).
    const holder = spawn('sqlite3', [`${srv.varDir}/latchkey.db`], { stdio: ['pipe', 'pipe', 'ignore'] });
    let said = '';
    const locked = new Promise((resolve) => holder.stdout.on('data', (d) => {
      said += d;
      if (said.includes('locked')) resolve();
    }));
    holder.stdin.write('PRAGMA busy_timeout=5000;\nBEGIN IMMEDIATE;\nUPDATE users SET name = name;\nSELECT \'locked\';\n');
    await locked; // it holds the lock (a fixed sleep may not be enough on a loaded machine)
    const started = Date.now();
    const writes = Promise.all(Array.from({ length: 8 }, (_, i) => postJson(srv, '/v1/keys',
      { name: `busy-${i}`, environment: 'test', permissions: ['read'] }, { 'X-API-Key': admin })));
    const reads = Promise.all(Array.from({ length: 8 }, () => verify(srv, admin)));
    setTimeout(() => { holder.stdin.write('COMMIT;\n.quit\n'); holder.stdin.end(); }, 1500);
    const [w, rd] = await Promise.all([writes, reads]);
    assert.deepEqual(w.map((r) => r.status), Array(8).fill(201));
    assert.deepEqual(rd.map((r) => r.status), Array(8).fill(200));
    assert.ok(Date.now() - started >= 1000, 'the writes waited for the lock');
  } finally {
    await srv.stop();
  }
});

test('a full disk gives 503 with a generic message, and recovers', async (t) => {
  if (process.getuid() !== 0) { t.skip('needs root to mount a small tmpfs'); return; }
  const mnt = fs.mkdtempSync('/tmp/lk-full-');
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mnt]);
  let srv;
  try {
    // Only the database on the small disk (the 10 MiB counter file of the
    // rate limits would fill it by itself).
    srv = await startServer({ env: { LATCHKEY_DB: `${mnt}/latchkey.db`, LATCHKEY_API_PROCS: '2',
      LATCHKEY_RATELIMIT_FILE: `${mnt}.ratelimit` } });
    const admin = (await adminKey(srv)).secret;
    const create = (n) => postJson(srv, '/v1/keys', { name: n, environment: 'test', permissions: ['read'] },
      { 'X-API-Key': admin });
    assert.equal((await create('before')).status, 201);
    // Fill what's left of the disk.
    try { execFileSync('dd', ['if=/dev/zero', `of=${mnt}/filler`, 'bs=4k'], { stdio: 'ignore' }); } catch { /* full */ }
    let full = null;
    for (let i = 0; i < 40 && full === null; i++) {
      const r = await create(`while-full-${i}`);
      if (r.status !== 201) full = r;
    }
    assert.ok(full !== null, 'the disk never filled');
    assert.equal(full.status, 503);
    const b = json(full);
    assert.equal(b.error, 'service_unavailable');
    assert.doesNotMatch(full.body, /sqlite|disk|SQLITE_|database or disk/i);
    // Reads keep working; no verify answers 5xx other than 503, none 500.
    const v = await verify(srv, admin);
    assert.ok(v.status === 200 || v.status === 503, `verify ${v.status}`);
    fs.unlinkSync(`${mnt}/filler`);
    assert.equal((await create('after')).status, 201);
    assert.equal(srv.sql('PRAGMA integrity_check').trim(), 'ok');
  } finally {
    if (srv) await srv.stop();
    try { execFileSync('umount', [mnt]); } catch { /* already */ }
    fs.rmSync(mnt, { recursive: true, force: true });
    fs.rmSync(`${mnt}.ratelimit`, { force: true });
  }
});
