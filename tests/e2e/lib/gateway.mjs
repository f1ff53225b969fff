// The shipped gateway configurations (conf/gateways/) run for real: nginx
// and Caddy, each in its own temp dir on loopback with free ports, in front
// of a tiny upstream that echoes what it receives. Never a system service.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import net from 'node:net';
import { spawn } from 'node:child_process';
import { ROOT, freePort } from './server.mjs';

const CONF = path.join(ROOT, 'conf/gateways');

// An upstream answering every request with {method, path, headers} as JSON.
export async function echoUpstream() {
  const seen = [];
  const s = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const got = { method: req.method, path: req.url, headers: req.headers,
        body: Buffer.concat(chunks).toString() };
      seen.push(got);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(got));
    });
  });
  await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve));
  return { port: s.address().port, seen, close: () => new Promise((r) => s.close(r)) };
}

// The shipped file with its three example addresses replaced.
function config(name, { latchkey, upstream, listen }) {
  return fs.readFileSync(path.join(CONF, name), 'utf8')
    .replaceAll('127.0.0.1:8080', `127.0.0.1:${latchkey}`)
    .replaceAll('127.0.0.1:3000', `127.0.0.1:${upstream}`)
    .replaceAll('127.0.0.1:8000', `127.0.0.1:${listen}`);
}

async function listening(port, child, out, ms = 10000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`gateway exited: ${out()}`);
    const ok = await new Promise((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => { c.end(); resolve(true); });
      c.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gateway not listening on ${port}: ${out()}`);
}

function run(cmd, args, opts, dir, port) {
  const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const exit = new Promise((r) => child.on('exit', r));
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    output: () => out,
    async ready() { await listening(port, child, () => out); },
    async stop(sig = 'SIGTERM') {
      if (child.exitCode === null) child.kill(sig);
      await exit;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// nginx -p DIR -c DIR/nginx.conf in the foreground (workers run as nobody:
// the dir is 0755 so they can write their temp files).
export async function startNginx(latchkey, upstream) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lk-nginx-'));
  fs.chmodSync(dir, 0o755);
  fs.mkdirSync(path.join(dir, 'tmp'));
  fs.chmodSync(path.join(dir, 'tmp'), 0o777);
  const listen = await freePort();
  for (const f of ['nginx.conf', 'latchkey_verify.conf', 'latchkey_identity.conf']) {
    fs.writeFileSync(path.join(dir, f), config(f, { latchkey, upstream, listen }));
  }
  const g = run('nginx', ['-p', `${dir}/`, '-c', `${dir}/nginx.conf`, '-g', 'daemon off;'],
    {}, dir, listen);
  g.errorLog = () => { try { return fs.readFileSync(`${dir}/error.log`, 'utf8'); } catch { return ''; } };
  await g.ready();
  const stop = g.stop;
  g.stop = () => stop('SIGQUIT');
  return g;
}

// caddy run with its own HOME and XDG dirs (it writes autosave.json there).
export async function startCaddy(latchkey, upstream) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lk-caddy-'));
  const listen = await freePort();
  fs.writeFileSync(path.join(dir, 'Caddyfile'), config('Caddyfile', { latchkey, upstream, listen }));
  const env = { ...process.env, HOME: dir, XDG_DATA_HOME: `${dir}/data`,
    XDG_CONFIG_HOME: `${dir}/config` };
  const g = run('caddy', ['run', '--config', `${dir}/Caddyfile`, '--adapter', 'caddyfile'],
    { env, cwd: dir }, dir, listen);
  await g.ready();
  return g;
}
