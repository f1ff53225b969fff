// Request parsing (ATTACKS.md "Request parsing"): every malformed input
// gets a clear 4xx, and the server keeps answering afterwards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, ADMIN, liveProcesses } from './lib/server.mjs';
import { Dashboard, request, raw, statusOf } from './lib/http.mjs';

const LEAKED = '/v1/keys/revoke-leaked';
let srv;
let pids;
before(async () => {
  srv = await startServer();
  pids = liveProcesses(srv.varDir).sort();
});
after(async () => { if (srv) await srv.stop(); });

async function alive(what) {
  const res = await request(srv.base, 'GET', '/login');
  assert.equal(res.status, 200, `server stopped answering after ${what}`);
  assert.match(res.body, /Sign in to Latchkey/);
}

// One raw HTTP/1.1 request; returns {status, head, body} of the answer.
async function rawReq(bytes) {
  const out = await raw(srv.port, bytes);
  const i = out.indexOf('\r\n\r\n');
  return { status: statusOf(out), head: out.slice(0, i), body: out.slice(i + 4), out };
}
const get = (path, extra = '') => rawReq(Buffer.concat([
  Buffer.from('GET '), Buffer.isBuffer(path) ? path : Buffer.from(path, 'latin1'),
  Buffer.from(` HTTP/1.1\r\nHost: 127.0.0.1\r\n${extra}Connection: close\r\n\r\n`, 'latin1')]));

// The /v1 error body: exactly five members, X-Request-Id = request_id.
function apiError(res, status, code) {
  assert.equal(res.status, status, res.body);
  assert.match(res.headers['content-type'], /^application\/json/);
  const b = JSON.parse(res.body);
  assert.deepEqual(Object.keys(b).sort(), ['code', 'error', 'message', 'request_id', 'timestamp']);
  assert.equal(b.error, code);
  assert.equal(b.code, status);
  assert.equal(typeof b.message, 'string');
  assert.ok(b.message.length > 0);
  assert.match(b.request_id, /^req_[0-9A-Za-z]{16}$/);
  assert.equal(res.headers['x-request-id'], b.request_id);
  assert.match(b.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  return b;
}
const postJson = (body, ctype = 'application/json') => request(srv.base, 'POST', LEAKED, {
  headers: { 'Content-Type': ctype }, body: Buffer.isBuffer(body) ? body : Buffer.from(body) });

test('garbage bytes, NUL and invalid UTF-8 on the request line', async () => {
  let seed = 12345;
  const junk = Buffer.alloc(4096, 0).map(() => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed >> 16; });
  const cases = [
    ['4 KiB of junk', Buffer.concat([junk, Buffer.from('\r\n\r\n')])],
    ['NUL in the path', Buffer.from('GET /lo\0gin HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n', 'latin1')],
    ['raw C0 AF in the path', Buffer.from('GET /login\xC0\xAF HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n', 'latin1')],
  ];
  for (const [what, bytes] of cases) {
    const res = await rawReq(bytes);
    assert.ok(res.status >= 400 && res.status < 500, `${what}: ${res.out.slice(0, 80)}`);
    await alive(what);
  }
});

test('bad query strings are 400 pages', async () => {
  assert.equal((await get('/login?next=/settings/security')).status, 200, 'control');
  const bad = ['/%C0%AF', '/login%ED%A0%80', '/login?next=%C0%AF', '/login?next=%ED%A0%80', '/login?x=%00',
    '/login?next=%00', '/login?next=%', '/login?next=%zz', '/login?next=%4', '/login?foo=1',
    '/login?next=/a&next=/b', '/login?=x', '/login?next=/a&', '/login?&'];
  for (const path of bad) {
    const res = await get(path);
    assert.equal(res.status, 400, path);
    assert.match(res.head, /Content-Type: text\/html/i, path);
    assert.match(res.body, /Bad Request|Bad request/, path);
    assert.doesNotMatch(res.body, /Sign in to Latchkey/, path);
    await alive(path);
  }
});

test('huge headers and bodies', async () => {
  const big = 'a'.repeat(64 * 1024);
  for (const [what, h] of [['64 KiB header', `X-Big: ${big}\r\n`], ['64 KiB cookie', `Cookie: x=${big}\r\n`]]) {
    const res = await get('/login', h);
    assert.ok(res.status >= 400 && res.status < 500, `${what}: ${res.status}`);
    assert.doesNotMatch(res.body, /Sign in to Latchkey/, what);
    await alive(what);
  }
  const mib = Buffer.alloc(1024 * 1024, 'a');
  const form = await request(srv.base, 'POST', '/login', {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: mib });
  assert.equal(form.status, 413);
  assert.match(form.body, /Request too large/);
  apiError(await postJson(mib), 413, 'payload_too_large');
  const pad = (n) => { const s = '{"keys":["sk_live_nothing"]}'; return s + ' '.repeat(n - s.length); };
  const exact = await postJson(pad(65536));
  assert.ok(exact.status === 200 || exact.status === 429, `${exact.status} ${exact.body}`);
  if (exact.status === 200) assert.deepEqual(JSON.parse(exact.body), { revoked: 0 });
  apiError(await postJson(pad(65537)), 413, 'payload_too_large');
  await alive('big bodies');
});

test('malformed JSON bodies', async () => {
  const nest = (k) => '{"a":'.repeat(k - 1) + '{}' + '}'.repeat(k - 1);
  const deep = apiError(await postJson(`{"keys":${'['.repeat(100)}${']'.repeat(100)}}`), 400, 'invalid_request');
  assert.match(deep.message, /nest/i);
  const huge = apiError(await postJson(`{"keys":${'['.repeat(60000)}`), 400, 'invalid_request');
  assert.match(huge.message, /nest/i);
  // The top object is level 1: x's value and 14 objects inside it is 16.
  const at16 = apiError(await postJson(`{"keys":[],"x":${nest(15)}}`), 400, 'invalid_request');
  assert.doesNotMatch(at16.message, /nest|deep/i);
  assert.match(at16.message, /unknown/i);
  const at17 = apiError(await postJson(`{"keys":[],"x":${nest(16)}}`), 400, 'invalid_request');
  assert.match(at17.message, /nest/i);
  const cases = [
    ['duplicate member', '{"keys":[],"keys":[]}', /duplicate/i],
    ['\\u0000', '{"keys":["sk_live_a\\u0000b"]}', /NUL/],
    ['overlong C0 AF', Buffer.from('{"keys":["\xC0\xAF"]}', 'latin1'), /UTF-8/],
    ['lone surrogate', Buffer.from('{"keys":["\xED\xA0\x80"]}', 'latin1'), /UTF-8/],
    ['trailing garbage', '{"keys":[]} x', /JSON/],
    ['two objects', '{"keys":[]}{"keys":[]}', /JSON/],
    ['not an object', '["keys"]', /object/],
    ['raw control char', '{"keys":["a\tb"]}', /control/],
    ['leading zero', '{"keys":[],"n":01}', /number/],
    ['escaped lone surrogate', '{"keys":["\\ud800"]}', /JSON/],
  ];
  for (const [what, body, msg] of cases) {
    const b = apiError(await postJson(body), 400, 'invalid_request');
    assert.match(b.message, msg, what);
    await alive(what);
  }
  const brackets = await postJson(`{"keys":["${'['.repeat(100)}"]}`);
  assert.ok(brackets.status === 200 || brackets.status === 429, `brackets inside a string are not nesting: ${brackets.body}`);
  apiError(await postJson('{"keys":[]}', 'text/plain'), 415, 'unsupported_media_type');
  apiError(await postJson('keys=sk_live_x', 'application/x-www-form-urlencoded'), 415, 'unsupported_media_type');
  apiError(await request(srv.base, 'POST', LEAKED, { body: '{"keys":[]}' }), 415, 'unsupported_media_type');
  const jsonLogin = await request(srv.base, 'POST', '/login', { headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }) });
  assert.equal(jsonLogin.status, 415);
  assert.match(jsonLogin.body, /Unsupported format/);
  // Through lighttpd a chunked body reaches the program de-chunked with a
  // Content-Length, so only "no 5xx, a JSON answer" holds there.
  const chunked = await rawReq(`POST ${LEAKED} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n`
    + 'Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nb\r\n{"keys":[]}\r\n0\r\n\r\n');
  assert.ok([200, 400, 411, 429].includes(chunked.status), chunked.out.slice(0, 80));
  assert.match(chunked.head, /Content-Type: application\/json/);
  await alive('bad JSON');
});

test('CONTENT_LENGTH checks, straight at the FastCGI socket', async () => {
  const fcgi = (cl, input) => {
    const env = { PATH: process.env.PATH, REQUEST_METHOD: 'POST', REQUEST_URI: LEAKED, HTTP_HOST: srv.host,
      CONTENT_TYPE: 'application/json', REMOTE_ADDR: '127.0.0.9' };
    if (cl !== undefined) env.CONTENT_LENGTH = cl;
    const t = Date.now();
    // The program may answer before reading stdin: EPIPE on our side is fine.
    const r = spawnSync('cgi-fcgi', ['-bind', '-connect', `${srv.varDir}/run/api.sock`], { env, input, timeout: 10000 });
    assert.ok(!r.error || r.error.code === 'EPIPE', String(r.error));
    const out = r.stdout.toString('latin1');
    const st = Number((/^Status: (\d{3})/.exec(out) || [])[1]);
    return { st, ms: Date.now() - t, body: JSON.parse(out.slice(out.indexOf('\r\n\r\n') + 4)) };
  };
  const ok = fcgi('11', '{"keys":[]}');
  assert.equal(ok.st, 200, 'control');
  const none = fcgi(undefined, '{"keys":[]}');
  assert.ok(none.st === 411 || none.st === 400, `${none.st}`);
  assert.equal(none.body.code, none.st);
  for (const cl of ['-1', 'abc', '18446744073709551616', ' 12', '12 ', '0x10', '+11']) {
    const r = fcgi(cl, '{"keys":[]} ');
    assert.equal(r.st, 400, `CONTENT_LENGTH ${JSON.stringify(cl)}`);
    assert.equal(r.body.error, 'invalid_request');
  }
  const huge = fcgi('99999999999', '{}');
  assert.equal(huge.st, 413);
  const short = fcgi('100', '{"keys":[]}');
  assert.equal(short.st, 400, 'body shorter than CONTENT_LENGTH');
  assert.ok(short.ms < 5000, `${short.ms} ms`);
  await alive('fastcgi');
});

test('form fields: invalid UTF-8, NUL, overlong email', async () => {
  const d = new Dashboard(srv.base);
  await d.get('/login');
  const audits = () => srv.sql("SELECT count(*) FROM audit_log WHERE action LIKE 'login.%'").trim();
  const before = audits();
  const pw = encodeURIComponent(ADMIN.password);
  for (const email of ['%C0%AF%40example.com', '%ED%A0%80@example.com', 'a%00@b.c',
    encodeURIComponent(ADMIN.email) + '%00x', 'a'.repeat(1990) + '@example.com']) {
    const res = await request(srv.base, 'POST', '/login', {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: srv.base, Cookie: d.cookieHeader() },
      body: `email=${email}&password=${pw}&csrf_token=${d.csrf}` });
    assert.equal(res.status, 400, email.slice(0, 40));
    assert.match(res.body, /Bad request/);
    assert.equal(res.cookies.filter((c) => c.name === '__Host-latchkey_session' && c.value).length, 0);
  }
  assert.equal(audits(), before, 'nothing reached the sign-in check');
  const control = await request(srv.base, 'POST', '/login', {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: srv.base, Cookie: d.cookieHeader() },
    body: `email=nobody%40example.com&password=${pw}&csrf_token=${d.csrf}` });
  assert.equal(control.status, 401, 'control: a well-formed wrong sign-in');
  await alive('form fields');
});

test('methods and dot paths', async () => {
  const put = await request(srv.base, 'PUT', '/login', { body: '' });
  assert.equal(put.status, 405);
  assert.equal(put.headers.allow, 'GET, HEAD, POST');
  assert.match(put.body, /Method not allowed/);
  const trace = await rawReq('TRACE / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
  assert.ok(trace.status >= 400 && trace.status < 500, `TRACE: ${trace.status}`);
  assert.doesNotMatch(trace.body, /TRACE \/ HTTP/, 'TRACE must not echo the request');
  for (const path of ['/settings/../login', '/%2e%2e/', '//login', '/./login', '/login/', '/settings/%2e%2e/login',
    '/static/../cgi-src/web.c', '/static/%2e%2e/schema.sql']) {
    const res = await get(path);
    assert.ok(res.status < 500 && res.status >= 300, `${path}: ${res.status}`);
    if (res.status < 400) assert.match(res.head, /\r\nLocation: \/(?![/\\])/i, path);
    assert.doesNotMatch(res.body, /#include|CREATE TABLE/, path);
    await alive(path);
  }
});

// Through Apache (LATCHKEY_SERVER=apache) the query string with %C0%AF
// reaches latchkey-web, whose own 400 page links to /login: the last check
// is about lighttpd's fixed texts only. Apache's own pages (the two in the
// first loop, and the 413 for a body over 2 MiB) carry the headers too.
test("lighttpd's own HTML error pages carry the security headers", {
  skip: process.env.LATCHKEY_SERVER === 'apache' && 'lighttpd-specific',
}, async () => {
  // Regression: pages lighttpd writes itself after parsing the request (a
  // denied /static path, a POST to a file) had none of the SPEC 5 headers.
  for (const [what, res] of [
    ['GET /static/.hidden', await get('/static/.hidden')],
    ['POST /static/app.css', await rawReq('POST /static/app.css HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')],
  ]) {
    assert.ok(res.status >= 400 && res.status < 500, what);
    assert.match(res.head, /^Content-Type: text\/html/im, what);
    assert.match(res.head, /^X-Frame-Options: DENY\r?$/im, what);
    assert.match(res.head, /^X-Content-Type-Options: nosniff\r?$/im, what);
    assert.match(res.head, /^Content-Security-Policy: .*frame-ancestors 'none'/im, what);
  }
  // Requests lighttpd refuses while still parsing them (an invalid UTF-8
  // escape, a body over server.max-request-size) are answered before any
  // module runs, so no configuration can add headers there. Those pages
  // are lighttpd's fixed text: check they echo nothing of the request.
  for (const [what, res] of [
    ['GET /login?next=%C0%AF', await get('/login?next=%C0%AF')],
    ['POST 3 MB', await rawReq('POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3000000\r\nConnection: close\r\n\r\n')],
  ]) {
    assert.ok(res.status === 400 || res.status === 413, `${what}: ${res.status}`);
    assert.doesNotMatch(res.body, /next|C0|login/i, what);
  }
});

test('log: one line per request, no secrets', async () => {
  const d = new Dashboard(srv.base);
  assert.equal((await d.login(ADMIN.email, ADMIN.password)).status, 303);
  const page = await d.get('/settings/security');
  const id = page.headers['x-request-id'];
  const lines = srv.log().split('\n').filter((l) => l.includes(id));
  assert.equal(lines.length, 1, `lines for ${id}`);
  assert.match(lines[0], new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ latchkey-web\\[\\d+\\] GET /settings/security 200 \\d+us ${id}$`));
  assert.equal((await get('/login?next=/x&token=QUERYSECRET0123456789')).status, 400);
  const api = await postJson('{"keys":[}');
  const al = srv.log().split('\n').filter((l) => l.includes(api.headers['x-request-id']));
  assert.equal(al.length, 1);
  assert.match(al[0], new RegExp(`latchkey-api\\[\\d+\\] POST ${LEAKED} 400 \\d+us req_`));
  const log = srv.log();
  assert.ok(!log.includes(ADMIN.password), 'admin password in the log');
  assert.ok(!log.includes(encodeURIComponent(ADMIN.password)), 'encoded admin password in the log');
  assert.ok(!log.includes(d.session()), 'session token in the log');
  assert.ok(!log.includes('QUERYSECRET0123456789'), 'query string in the log');
  assert.match(d.jar.get('__Host-latchkey_csrf'), /^[A-Za-z0-9_-]{43}$/);
  assert.ok(!log.includes(d.jar.get('__Host-latchkey_csrf')), 'CSRF cookie in the log');
  const reqLines = log.split('\n').filter((l) => / req_[0-9A-Za-z]{16}$/.test(l));
  assert.ok(reqLines.length >= 40, `${reqLines.length} request lines`);
  for (const l of reqLines) {
    assert.match(l, /^\S+ latchkey-(web|api)\[\d+\] [A-Z-]+ \S+ \d{3} \d+us req_[0-9A-Za-z]{16}$/, l);
  }
  assert.deepEqual(liveProcesses(srv.varDir).sort(), pids, 'a process died or was replaced');
});
