// SPEC §12 signature algorithms: LATCHKEY_JWT_ALG = EdDSA, ES256, RS256. For each,
// Latchkey's tokens (a login JWT and an OAuth client_credentials token) verify with
// independent libraries through the snippets of docs/verifying-tokens.md, run as
// they are printed there (docs/snippets/): PyJWT (Debian python3-jwt), python-jose
// (python3-jose; no EdDSA), node jsonwebtoken + jwks-rsa (no EdDSA) and Go's
// standard library; a tampered token fails in each. Then rotation between
// algorithms: `latchkey signing-key rotate --alg`, `latchkey init` with another
// LATCHKEY_JWT_ALG; both keys published in the window, old tokens still verify.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { startServer, ADMIN, ROOT, BIN } from './lib/server.mjs';
import { request, json, Dashboard } from './lib/http.mjs';
import { registerApp, token } from './lib/oauth.mjs';
import { apiLogin, bearerVerify, decodeJwt } from './lib/lifecycle.mjs';

const SNIP = path.join(ROOT, 'docs/snippets');
const PY = '/usr/bin/python3'; // Debian's, with python3-jwt and python3-jose
const GO = ['/usr/bin/go', '/usr/lib/go/bin/go'].find((p) => fs.existsSync(p));
let goBin; // the Go snippet, built once
let goDir;

before(() => {
  if (!GO) return;
  goDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lk-go-'));
  goBin = path.join(goDir, 'verify');
  execFileSync(GO, ['build', '-o', goBin, path.join(SNIP, 'verify.go')], {
    env: { ...process.env, GOCACHE: path.join(goDir, 'cache'), GOPATH: path.join(goDir, 'gopath'),
      GOFLAGS: '-mod=mod', GOPROXY: 'off', GO111MODULE: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
});
after(() => { if (goDir) fs.rmSync(goDir, { recursive: true, force: true }); });

// Runs a snippet with the token on stdin; -> {status, claims, stderr}.
function run(cmd, args, tok, srv) {
  const iss = `http://localhost:${srv.port}`;
  const r = spawnSync(cmd, [...args, iss, iss], { input: tok, encoding: 'utf8', timeout: 30000 });
  let claims = null;
  try { claims = JSON.parse(r.stdout); } catch { /* a failure */ }
  return { status: r.status, claims, stderr: r.stderr };
}
const verifiers = {
  PyJWT: { run: (t, s) => run(PY, [path.join(SNIP, 'verify.py')], t, s), algs: ['EdDSA', 'ES256', 'RS256'] },
  'python-jose': { run: (t, s) => run(PY, [path.join(SNIP, 'verify_jose.py')], t, s), algs: ['ES256', 'RS256'] },
  'jsonwebtoken + jwks-rsa': { run: (t, s) => run(process.execPath, [path.join(SNIP, 'verify.mjs')], t, s),
    algs: ['ES256', 'RS256'] },
  'Go standard library': { run: (t, s) => run(goBin, [], t, s), algs: ['EdDSA', 'ES256', 'RS256'], go: true },
};

test('docs/verifying-tokens.md prints each snippet that these tests run, unchanged', () => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs/verifying-tokens.md'), 'utf8');
  for (const [f, lang] of [['verify.py', 'python'], ['verify_jose.py', 'python'], ['verify.mjs', 'js'],
    ['verify.go', 'go']]) {
    const body = fs.readFileSync(path.join(SNIP, f), 'utf8').trimEnd();
    assert.ok(doc.includes(`\`\`\`${lang}\n${body}\n\`\`\``), `${f} in the doc`);
  }
});

// A flipped byte in the middle of the signature.
function tamper(t) {
  const i = t.lastIndexOf('.') + 10;
  return t.slice(0, i) + (t[i] === 'A' ? 'B' : 'A') + t.slice(i + 1);
}

async function loginToken(srv) {
  const r = await apiLogin(srv, ADMIN.email, ADMIN.password);
  assert.equal(r.status, 200, r.body);
  return r.json.access_token;
}

const jwks = async (srv) => json(await request(srv.base, 'GET', '/.well-known/jwks.json')).keys;
const KTY = { EdDSA: 'OKP', ES256: 'EC', RS256: 'RSA' };

for (const alg of ['EdDSA', 'ES256', 'RS256']) {
  describe(`LATCHKEY_JWT_ALG=${alg}`, () => {
    let srv, userId, app, login, cc;
    before(async () => {
      srv = await startServer({ env: { LATCHKEY_JWT_ALG: alg } });
      userId = srv.sql(`SELECT id FROM users WHERE email = '${ADMIN.email}'`).trim();
      const d = new Dashboard(srv.base);
      assert.equal((await d.login(ADMIN.email, ADMIN.password)).status, 303);
      app = await registerApp(d, { name: `${alg} cc`, scopes: 'read', grant_types: ['client_credentials'] });
      login = await loginToken(srv);
      cc = json(await token(srv.base, { grant_type: 'client_credentials' },
        { auth: [app.clientId, app.secret] })).access_token;
    });
    after(async () => { if (srv) await srv.stop(); });

    test('tokens are signed with it; the JWKS key says so; Latchkey verifies them', async () => {
      const keys = await jwks(srv);
      assert.equal(keys.length, 1);
      assert.equal(keys[0].alg, alg);
      assert.equal(keys[0].kty, KTY[alg]);
      if (alg === 'ES256') {
        assert.equal(keys[0].crv, 'P-256');
        assert.equal(keys[0].x.length, 43);
        assert.equal(keys[0].y.length, 43);
      }
      if (alg === 'RS256') {
        assert.equal(Buffer.from(keys[0].n, 'base64url').length, 256, '2048 bits');
        assert.equal(keys[0].e, 'AQAB');
      }
      for (const t of [login, cc]) {
        const h = JSON.parse(Buffer.from(t.split('.')[0], 'base64url'));
        assert.equal(h.alg, alg);
        assert.equal(h.kid, keys[0].kid);
        assert.equal((await bearerVerify(srv, t)).status, 200);
        assert.equal((await bearerVerify(srv, tamper(t))).status, 401);
      }
      assert.equal(srv.sql('SELECT alg FROM signing_keys').trim(), alg);
    });

    for (const [name, v] of Object.entries(verifiers)) {
      const skip = !v.algs.includes(alg) ? `${name} has no ${alg}`
        : v.go && !GO ? 'no Go toolchain (Debian golang-go) on this machine' : false;
      test(`${name} verifies both tokens and refuses a tampered one`, { skip }, () => {
        const a = v.run(login, srv);
        assert.equal(a.status, 0, a.stderr);
        assert.equal(a.claims.sub, userId);
        assert.equal(a.claims.scope, 'read write delete admin');
        const b = v.run(cc, srv);
        assert.equal(b.status, 0, b.stderr);
        assert.equal(b.claims.sub, app.clientId, 'client_credentials: sub is the client');
        assert.equal(b.claims.client_id, app.clientId);
        const bad = v.run(tamper(login), srv);
        assert.notEqual(bad.status, 0, 'a tampered token fails');
        assert.equal(bad.claims, null);
      });
    }
  });
}

describe('rotation between algorithms', () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { if (srv) await srv.stop(); });
  const init = (alg) => spawnSync(path.join(BIN, 'latchkey'), ['init'], {
    encoding: 'utf8',
    env: { ...process.env, LATCHKEY_DB: `${srv.varDir}/latchkey.db`,
      LATCHKEY_SECRETS: `${srv.varDir}/secrets`, LATCHKEY_JWT_ALG: alg },
  });

  test('rotate --alg and init with another LATCHKEY_JWT_ALG: old and new keys both published', async () => {
    const t1 = await loginToken(srv);
    assert.equal(decodeJwt(t1).header.alg, 'EdDSA');
    const bad = srv.cli(['signing-key', 'rotate', '--alg', 'HS256']);
    assert.notEqual(bad.status, 0, 'an unknown alg is refused');
    assert.equal(srv.sql('SELECT count(*) FROM signing_keys').trim(), '1', 'nothing changed');

    const r = srv.cli(['signing-key', 'rotate', '--alg', 'RS256']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /RS256/);
    const t2 = await loginToken(srv);
    assert.equal(decodeJwt(t2).header.alg, 'RS256');
    assert.deepEqual((await jwks(srv)).map((k) => k.alg).sort(), ['EdDSA', 'RS256']);

    const i = init('ES256');
    assert.equal(i.status, 0, i.stderr);
    assert.match(i.stdout, /LATCHKEY_JWT_ALG is ES256/);
    const t3 = await loginToken(srv);
    assert.equal(decodeJwt(t3).header.alg, 'ES256');
    assert.deepEqual((await jwks(srv)).map((k) => k.alg).sort(), ['ES256', 'EdDSA', 'RS256']);
    // The same LATCHKEY_JWT_ALG again: no new key.
    const again = init('ES256');
    assert.equal(again.status, 0, again.stderr);
    assert.doesNotMatch(again.stdout, /LATCHKEY_JWT_ALG/);
    assert.equal(srv.sql('SELECT count(*) FROM signing_keys').trim(), '3');

    // Every token signed in the window still verifies, in Latchkey and PyJWT.
    for (const t of [t1, t2, t3]) {
      assert.equal((await bearerVerify(srv, t)).status, 200);
      const p = verifiers.PyJWT.run(t, srv);
      assert.equal(p.status, 0, p.stderr);
    }
    assert.equal(srv.sql("SELECT count(*) FROM audit_log WHERE action = 'signing_key.rotate'").trim(), '2');
  });
});
