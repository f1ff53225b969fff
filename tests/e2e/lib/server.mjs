// Starts the real stack (scripts/serve.sh: lighttpd + spawn-fcgi + both
// FastCGI programs) on a free port with a fresh state directory.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const BIN = process.env.LATCHKEY_BIN || path.join(ROOT, 'build');

export async function freePort() {
  const s = net.createServer();
  await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address();
  await new Promise((resolve) => s.close(resolve));
  return port;
}

async function until(cond, ms, what) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what()}`);
}

// PIDs of live (not zombie) processes whose command line or environment
// mentions s (the FastCGI children carry LATCHKEY_VAR in theirs).
export function liveProcesses(s) {
  const out = [];
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      let cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      try { cmd += fs.readFileSync(`/proc/${pid}/environ`, 'utf8'); } catch { /* not ours */ }
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (state !== 'Z' && cmd.includes(s)) out.push(Number(pid));
    } catch { /* gone */ }
  }
  return out;
}

export const ADMIN = { email: 'admin@example.com', password: 'e2e admin passphrase 7' };

// The port from freePort() is free when it is chosen, but another process
// (a server of a test running at the same time, or a client's ephemeral
// port) may take it before the server binds it: serve.sh then exits
// saying the port is in use, and the start is tried again on another port.
const START_TRIES = 5;

export async function startServer(opts = {}) {
  for (let attempt = 1; ; attempt++) {
    const srv = await tryStartServer(opts);
    if (!srv.portTaken) return srv;
    if (attempt === START_TRIES) throw new Error(`server exited: ${srv.output()}`);
  }
}

async function tryStartServer(opts) {
  const port = await freePort();
  // opts.varDir: start again on the state a stopped server kept
  // (stop({ keepVar: true })), as a restart does.
  const varDir = opts.varDir || fs.mkdtempSync(path.join(os.tmpdir(), 'lk-e2e-'));
  const env = {
    ...process.env,
    PORT: String(port),
    LATCHKEY_VAR: varDir,
    LATCHKEY_BIN: BIN,
    LATCHKEY_ADMIN_EMAIL: ADMIN.email,
    LATCHKEY_ADMIN_PASSWORD: ADMIN.password,
    ...(opts.env || {}),
  };
  const child = spawn(path.join(ROOT, 'scripts/serve.sh'), [], {
    env, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let exited = false;
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const exit = new Promise((resolve) => child.on('exit', (code, sig) => {
    exited = true;
    resolve({ code, sig });
  }));
  await until(() => exited || out.includes('is serving on'),
    Number(process.env.LATCHKEY_START_WAIT_MS || 20000), () => `server: ${out}`);
  if (exited && /already in use/.test(out)) {
    await exit;
    if (!opts.varDir) fs.rmSync(varDir, { recursive: true, force: true });
    return { portTaken: true, output: () => out };
  }
  if (exited) throw new Error(`server exited: ${out}`);
  const cliEnv = { ...process.env, LATCHKEY_DB: `${varDir}/latchkey.db`,
    LATCHKEY_SECRETS: `${varDir}/secrets`, ...(opts.env || {}) };
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    varDir,
    output: () => out,
    log: () => {
      try { return fs.readFileSync(`${varDir}/log/latchkey.log`, 'utf8'); } catch { return ''; }
    },
    // Runs the latchkey CLI against this instance; returns {status, stdout, stderr}.
    cli(args, input) {
      try {
        const stdout = execFileSync(path.join(BIN, 'latchkey'), args,
          { env: cliEnv, input: input ?? '', stdio: ['pipe', 'pipe', 'pipe'] });
        return { status: 0, stdout: stdout.toString(), stderr: '' };
      } catch (e) {
        return { status: e.status, stdout: String(e.stdout), stderr: String(e.stderr) };
      }
    },
    // SQL through the sqlite3 shell, read-only, for checking what is stored.
    sql(query) {
      return execFileSync('sqlite3', ['-readonly', cliEnv.LATCHKEY_DB, query],
        { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
    },
    async stop({ keepVar = false } = {}) {
      if (!exited) child.kill('SIGTERM');
      const res = await exit;
      // Programs under valgrind take a while to write their reports.
      await until(() => liveProcesses(varDir).length === 0,
        Number(process.env.LATCHKEY_STOP_WAIT_MS || 5000),
        () => `processes of ${varDir}: ${liveProcesses(varDir)}`);
      if (!process.env.LATCHKEY_KEEP_VAR && !keepVar) fs.rmSync(varDir, { recursive: true, force: true });
      return res;
    },
  };
}
