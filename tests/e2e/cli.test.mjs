// The `latchkey` command line (SPEC §6) against a running instance.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, ADMIN, BIN, liveProcesses } from './lib/server.mjs';
import { Dashboard } from './lib/http.mjs';
import { createKeyViaForm, sqlWrite, secretFrom, idForSecret } from './lib/keys.mjs';

let srv;
const said = [];	// every stdout/stderr the CLI printed, for the leak check
const given = [ADMIN.password];	// every password we handed it
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lk-cli-'));
before(async () => { srv = await startServer(); });
after(async () => {
  if (srv) await srv.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function cli(args, input) {
  const r = srv.cli(args, input);
  said.push(r.stdout, r.stderr);
  return r;
}
function pw(s) { given.push(s); return `${s}\n`; }
const users = () => srv.sql('SELECT id, email, role, disabled FROM users ORDER BY id');

async function signIn(email, password) {
  const d = new Dashboard(srv.base);
  const res = await d.login(email, password);
  return { d, res };
}

test('--help, unknown commands and bad arguments', () => {
  const h = cli(['--help']);
  assert.equal(h.status, 0);
  assert.match(h.stdout, /^usage: latchkey init/);
  for (const cmd of ['user add EMAIL', 'user passwd EMAIL --password-stdin', 'user list', 'backup FILE']) {
    assert.ok(h.stdout.includes(cmd), cmd);
  }
  for (const args of [['user', '--help'], ['user', 'add', '--help'], ['backup', '--help']]) {
    const r = cli(args);
    assert.equal(r.status, 0, args.join(' '));
    assert.match(r.stdout, /usage: latchkey/, args.join(' '));
  }
  const u = cli(['frobnicate']);
  assert.equal(u.status, 2);
  assert.match(u.stderr, /usage: latchkey/);
  assert.equal(u.stdout, '');
  assert.equal(cli([]).status, 2);
  assert.equal(cli(['user']).status, 2);
  assert.equal(cli(['user', 'add', 'x@example.com', '--bogus']).status, 2);
  const before = users();
  for (const bad of ['not-an-email', '@example.com', 'a b@example.com', 'a@example.com\n', 'a@@example.com', 'a@example..com', '<script>@example.com']) {
    const r = cli(['user', 'add', bad, '--password-stdin'], pw('perfectly fine passphrase 3'));
    assert.equal(r.status, 2, JSON.stringify(bad));
    assert.match(r.stderr, /invalid email/, JSON.stringify(bad));
  }
  assert.equal(users(), before, 'no user was created');
});

test('init is idempotent; secrets file is private and checked', () => {
  const before = users();
  assert.match(before, /admin@example\.com\|admin\|0/);
  for (let i = 0; i < 2; i++) assert.equal(cli(['init']).status, 0);
  assert.equal(users(), before);
  assert.equal(srv.sql('PRAGMA user_version').trim(), '2');
  const secrets = path.join(srv.varDir, 'secrets');
  assert.equal(fs.statSync(secrets).mode & 0o777, 0o600);
  const content = fs.readFileSync(secrets);
  try {
    fs.chmodSync(secrets, 0o644);
    const r = cli(['user', 'list']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /mode 644/);
    assert.equal(r.stdout, '');
    assert.equal(cli(['init']).status, 1, 'init must not accept a readable secrets file either');
    assert.equal(fs.statSync(secrets).mode & 0o777, 0o644, 'the CLI must not silently chmod it');
  } finally {
    fs.chmodSync(secrets, 0o600);
  }
  assert.deepEqual(fs.readFileSync(secrets), content, 'secrets unchanged');
  assert.equal(cli(['user', 'list']).status, 0);
});

test('the servers refuse to start with a readable secrets file', async () => {
  const s = await startServer();
  process.env.LATCHKEY_KEEP_VAR = '1';	// stop() would delete the state we restart on
  try { await s.stop(); } finally { delete process.env.LATCHKEY_KEEP_VAR; }
  const env = { LATCHKEY_VAR: s.varDir, LATCHKEY_DB: `${s.varDir}/latchkey.db`, LATCHKEY_SECRETS: `${s.varDir}/secrets` };
  try {
    fs.chmodSync(`${s.varDir}/secrets`, 0o644);
    await assert.rejects(startServer({ env }), /server exited:[^]*mode 644/);
    assert.deepEqual(liveProcesses(s.varDir), []);
    fs.chmodSync(`${s.varDir}/secrets`, 0o600);
    const again = await startServer({ env });
    try {
      const d = new Dashboard(again.base);
      assert.equal((await d.login(ADMIN.email, ADMIN.password)).status, 303, 'restart keeps the admin');
    } finally {
      await again.stop();
      const end = Date.now() + 5000;
      while (liveProcesses(s.varDir).length && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    }
    assert.deepEqual(liveProcesses(s.varDir), []);
  } finally {
    fs.rmSync(s.varDir, { recursive: true, force: true });
  }
});

test('user add: generated password shown once and works; policy; duplicates', async () => {
  const r = cli(['user', 'add', 'gen@example.com', '--name', 'Gen Erated']);
  assert.equal(r.status, 0, r.stderr);
  const m = /^password: ([0-9A-Za-z]{24})$/m.exec(r.stdout);
  assert.ok(m, r.stdout);
  assert.equal(r.stdout.split(m[1]).length, 2, 'printed exactly once');
  assert.match(r.stdout, /created usr_[0-9A-Za-z]{16} gen@example\.com \(user\)/);
  assert.ok(!srv.sql('SELECT password_hash FROM users').includes(m[1]));
  const { d, res } = await signIn('gen@example.com', m[1]);
  assert.equal(res.status, 303);
  assert.equal((await d.get('/settings/security')).status, 200);

  const before = users();
  for (const [p, msg] of [['short pw 1', /Use at least 12 characters\./], ['password1234', /too common/]]) {
    const s = cli(['user', 'add', 'weak@example.com', '--password-stdin'], pw(p));
    assert.equal(s.status, 1, p);
    assert.match(s.stderr, msg, p);
  }
  const nul = cli(['user', 'add', 'weak@example.com', '--password-stdin'], 'long enough passphrase\0tail\n');
  assert.equal(nul.status, 1, 'a NUL in the password must not truncate it');
  const long = cli(['user', 'add', 'weak@example.com', '--password-stdin'], pw('x'.repeat(256) + 'y'));
  assert.equal(long.status, 1);
  assert.match(long.stderr, /at most 256 characters/);
  const none = cli(['user', 'add', 'weak@example.com', '--password-stdin'], '');
  assert.equal(none.status, 1);
  assert.match(none.stderr, /no password/);
  assert.equal(users(), before, 'refused users were not created');

  const edge = 'é'.repeat(255) + 'z';	// 256 characters, 511 bytes: allowed, and the whole of it counts
  assert.equal(cli(['user', 'add', 'edge@example.com', '--password-stdin'], pw(edge)).status, 0);
  assert.equal((await signIn('edge@example.com', edge)).res.status, 303);
  assert.equal((await signIn('edge@example.com', 'é'.repeat(255) + 'y')).res.status, 401);
  const before2 = users();
  const twice = cli(['user', 'add', 'gen@example.com', '--password-stdin'], pw('another passphrase 44'));
  assert.equal(twice.status, 1);
  assert.match(twice.stderr, /already exists/);
  const upper = cli(['user', 'add', 'GEN@Example.COM', '--password-stdin'], pw('another passphrase 44'));
  assert.equal(upper.status, 1, 'emails differing only in case are the same account');
  assert.equal(users(), before2);
});

test('user list, disable, enable, passwd', async () => {
  const add = cli(['user', 'add', 'dis@example.com', '--admin', '--password-stdin'], pw('disable me passphrase 5'));
  assert.equal(add.status, 0, add.stderr);
  const id = /usr_[0-9A-Za-z]{16}/.exec(add.stdout)[0];
  const list = cli(['user', 'list']);
  assert.equal(list.status, 0);
  const rows = list.stdout.trim().split('\n').map((l) => l.split('\t'));
  assert.deepEqual(rows[0].slice(0, 4), ['id', 'email', 'role', 'status']);
  const row = rows.find((x) => x[1] === 'dis@example.com');
  assert.deepEqual(row.slice(0, 4), [id, 'dis@example.com', 'admin', 'active']);
  assert.equal(rows.length - 1, Number(srv.sql('SELECT count(*) FROM users')));
  for (const x of rows.slice(1)) assert.match(x[0], /^usr_[0-9A-Za-z]{16}$/);

  const { d } = await signIn('dis@example.com', 'disable me passphrase 5');
  assert.equal((await d.get('/settings/security')).status, 200);
  const off = cli(['user', 'disable', 'dis@example.com']);
  assert.equal(off.status, 0, off.stderr);
  const gone = await d.get('/settings/security');
  assert.equal(gone.status, 303, 'disabled user keeps a working session');
  assert.equal(gone.headers.location, '/login?next=%2Fsettings%2Fsecurity');
  assert.match(cli(['user', 'list']).stdout, new RegExp(`${id}\\tdis@example\\.com\\tadmin\\tdisabled`));
  const refused = await signIn('dis@example.com', 'disable me passphrase 5');
  assert.equal(refused.res.status, 401);
  assert.match(refused.res.body, /Incorrect email or password\./);
  assert.equal(cli(['user', 'disable', 'nobody@example.com']).status, 1);

  assert.equal(cli(['user', 'enable', 'dis@example.com']).status, 0);
  const back = await signIn('dis@example.com', 'disable me passphrase 5');
  assert.equal(back.res.status, 303);

  const weak = cli(['user', 'passwd', 'dis@example.com', '--password-stdin'], pw('tooshort'));
  assert.equal(weak.status, 1);
  assert.match(weak.stderr, /Use at least 12 characters\./);
  assert.equal((await back.d.get('/settings/security')).status, 200, 'a refused passwd changes nothing');
  const ch = cli(['user', 'passwd', 'dis@example.com', '--password-stdin'], pw('changed by cli passphrase 6'));
  assert.equal(ch.status, 0, ch.stderr);
  assert.equal((await back.d.get('/settings/security')).status, 303, 'passwd ends their sessions');
  assert.equal(srv.sql(`SELECT count(*) FROM sessions WHERE user_id = '${id}'`).trim(), '0');
  assert.equal((await signIn('dis@example.com', 'changed by cli passphrase 6')).res.status, 303);
  assert.equal((await signIn('dis@example.com', 'disable me passphrase 5')).res.status, 401);
  assert.equal(cli(['user', 'passwd', 'dis@example.com']).status, 2, 'passwd needs --password-stdin');
});

// Issue 16, item 4: the same facts as the admin keys page.
test('keys list: status as the dashboard reads it, expires, permissions and notes', async () => {
  const add = cli(['user', 'add', 'lister@example.com', '--password-stdin'], pw('list my keys passphrase 8'));
  assert.equal(add.status, 0, add.stderr);
  const { d } = await signIn('lister@example.com', 'list my keys passphrase 8');
  const plain = await createKeyViaForm(d, { name: 'plain', permissions: ['read', 'write'] });
  const soon = await createKeyViaForm(d, { name: 'soon', environment: 'live', permissions: ['read'], expires_in_days: '7' });
  const rk = await createKeyViaForm(d, { name: 'reports', restricted: '1', permissions: ['read'], resource_permissions: 'invoices:read' });
  const old = await createKeyViaForm(d, { name: 'old', permissions: ['read'] });
  sqlWrite(srv, `UPDATE api_keys SET created_at = created_at - 200 * 86400 WHERE id = '${old.id}'`);
  const gone = await createKeyViaForm(d, { name: 'gone', permissions: ['read'] });
  await d.get(`/settings/api-keys/${gone.id}/revoke`);
  await d.post(`/settings/api-keys/${gone.id}/revoke`, {});
  const rolled = await createKeyViaForm(d, { name: 'rolled', permissions: ['read'] });
  await d.get(`/settings/api-keys/${rolled.id}/roll`);
  const r = await d.post(`/settings/api-keys/${rolled.id}/roll`, { grace_seconds: '3600' });
  const next = idForSecret(r.body, secretFrom(r.body));
  assert.ok(next);
  const list = () => {
    const o = cli(['keys', 'list', '--user', 'lister@example.com']);
    assert.equal(o.status, 0, o.stderr);
    const rows = o.stdout.trimEnd().split('\n').map((l) => l.split('\t'));
    assert.deepEqual(rows[0], ['id', 'owner', 'name', 'key', 'environment', 'status', 'created', 'last_used',
      'permissions', 'expires', 'notes', 'tier']);
    for (const x of rows) assert.equal(x.length, 12, x.join('|'));
    return Object.fromEntries(rows.slice(1).map((x) => [x[0], x]));
  };
  const at = (id) => new Date(Number(srv.sql(`SELECT expires_at FROM api_keys WHERE id = '${id}'`)) * 1000).toISOString().replace('.000Z', 'Z');
  let k = list();
  assert.equal(Object.keys(k).length, 7);
  assert.deepEqual(k[plain.id].slice(1, 6), ['lister@example.com', 'plain', `${plain.secret.slice(0, 8)}...${plain.secret.slice(-4)}`, 'test', 'active']);
  assert.deepEqual(k[plain.id].slice(7), ['never', 'read write', 'never', '-', '-']);
  assert.deepEqual([k[soon.id][4], k[soon.id][5], k[soon.id][9]], ['live', 'expiring', at(soon.id)]);
  assert.equal(k[rk.id][8], 'read invoices:read');
  assert.deepEqual([k[old.id][5], k[old.id][10]], ['active', 'due for rotation']);
  assert.deepEqual([k[gone.id][5], k[gone.id][10]], ['revoked', '-']);
  assert.deepEqual([k[rolled.id][5], k[rolled.id][9], k[rolled.id][10]], ['expiring', at(rolled.id), `rolled to ${next}`]);
  assert.deepEqual([k[next][5], k[next][10]], ['active', `replaces ${rolled.id}`]);
  assert.equal(cli(['user', 'disable', 'lister@example.com']).status, 0);
  k = list();
  assert.equal(k[plain.id][10], 'owner disabled');
  assert.equal(k[old.id][10], 'owner disabled; due for rotation');
  assert.equal(k[rolled.id][10], `owner disabled; rolled to ${next}`);
  assert.equal(k[gone.id][10], '-', 'a revoked key is revoked, whoever owns it');
  const all = cli(['keys', 'list']);
  assert.equal(all.status, 0);
  assert.ok(all.stdout.includes(`${plain.id}\tlister@example.com\tplain\t`));
  assert.equal(cli(['keys', 'list', '--user']).status, 2);
});

test('backup writes a consistent copy and refuses to overwrite', () => {
  const file = path.join(tmp, 'backup.db');
  const r = cli(['backup', file]);
  assert.equal(r.status, 0, r.stderr);
  const q = 'SELECT id, email, name, role, password_hash, disabled, created_at FROM users ORDER BY id';
  const copy = execFileSync('sqlite3', ['-readonly', file, q]).toString();
  assert.equal(copy, srv.sql(q));
  assert.ok(copy.split('\n').length > 3);
  assert.equal(execFileSync('sqlite3', [file, 'PRAGMA integrity_check']).toString().trim(), 'ok');
  assert.equal(fs.statSync(file).mode & 0o077, 0, 'backup holds password hashes: not world-readable');
  const size = fs.statSync(file).size;
  const again = cli(['backup', file]);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /exists/);
  assert.equal(fs.statSync(file).size, size);
  assert.equal(cli(['backup']).status, 2);
  // Regression: a dangling symlink at FILE used to be followed, writing the
  // database (password hashes included) wherever the link pointed.
  const link = path.join(tmp, 'link.db');
  const target = path.join(tmp, 'elsewhere.db');
  fs.symlinkSync(target, link);
  const sym = cli(['backup', link]);
  assert.equal(sym.status, 1, 'backup followed a symlink');
  assert.ok(!fs.existsSync(target), 'backup written through a symlink');
});

test('bootstrap admin password from the environment is never printed', () => {
  const run = (dir, extra) => {
    const env = { ...process.env, LATCHKEY_DB: `${dir}/l.db`, LATCHKEY_SECRETS: `${dir}/secrets`,
      LATCHKEY_ADMIN_EMAIL: 'boot@example.com', ...extra };
    delete env.LATCHKEY_ADMIN_PASSWORD;
    Object.assign(env, extra);
    return execFileSync(path.join(BIN, 'latchkey'), ['init', '--bootstrap-admin'],
      { env, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  };
  fs.mkdirSync(`${tmp}/a`, { mode: 0o700 });
  const secret = 'env given passphrase 77';
  const out = run(`${tmp}/a`, { LATCHKEY_ADMIN_PASSWORD: secret });
  said.push(out);
  given.push(secret);
  assert.match(out, /boot@example\.com/);
  assert.doesNotMatch(out, /password:/);
  fs.mkdirSync(`${tmp}/b`, { mode: 0o700 });
  assert.match(run(`${tmp}/b`, {}), /^password: [0-9A-Za-z]{24}$/m, 'without one, a password is generated and shown');
});

test('no password given on stdin or in the environment is ever printed', () => {
  assert.ok(said.length > 20);
  const all = said.join('\n') + srv.output() + srv.log();
  for (const p of given) assert.ok(!all.includes(p), `printed: ${p}`);
});
