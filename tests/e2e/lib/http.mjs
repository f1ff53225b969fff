// HTTP clients that do exactly what they are told: no redirects followed,
// headers as given, and a raw socket client for malformed requests.
import http from 'node:http';
import net from 'node:net';

// request(base, method, path, {headers, body}) -> {status, headers, body, cookies}
export function request(base, method, path, opts = {}) {
  const url = new URL(path, base);
  const body = opts.body === undefined ? undefined
    : Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(String(opts.body));
  const headers = { ...(opts.headers || {}) };
  if (body !== undefined && headers['Content-Length'] === undefined) {
    headers['Content-Length'] = body.length;
  }
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: url.hostname, port: url.port, method,
      path: url.pathname + url.search, headers, agent: false,
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({
        status: res.statusCode,
        headers: res.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        cookies: parseSetCookie(res.headers['set-cookie'] || []),
      }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export function json(res) {
  return JSON.parse(res.body);
}

// Set-Cookie lines -> [{name, value, attrs: {path, secure, httponly, samesite, 'max-age'}}]
export function parseSetCookie(lines) {
  return lines.map((line) => {
    const [pair, ...rest] = line.split(';').map((s) => s.trim());
    const eq = pair.indexOf('=');
    const attrs = {};
    for (const a of rest) {
      const i = a.indexOf('=');
      if (i < 0) attrs[a.toLowerCase()] = true;
      else attrs[a.slice(0, i).toLowerCase()] = a.slice(i + 1);
    }
    return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attrs, line };
  });
}

// Sends raw bytes and returns what came back before the server closed
// or timeout ms passed.
export function raw(port, bytes, timeout = 5000) {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    const chunks = [];
    const t = setTimeout(() => { s.destroy(); resolve(Buffer.concat(chunks).toString('latin1')); }, timeout);
    s.on('data', (c) => chunks.push(c));
    s.on('error', (e) => { clearTimeout(t); if (chunks.length) resolve(Buffer.concat(chunks).toString('latin1')); else reject(e); });
    s.on('close', () => { clearTimeout(t); resolve(Buffer.concat(chunks).toString('latin1')); });
    s.write(bytes);
  });
}

export function statusOf(rawResponse) {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(rawResponse);
  return m ? Number(m[1]) : 0;
}

export function csrfFrom(html) {
  const m = /name="csrf_token" value="([^"]+)"/.exec(html);
  return m ? m[1] : null;
}

// A cookie-keeping client that drives the dashboard like a browser
// without JavaScript: GET pages, POST forms with the page's CSRF token
// and this origin.
export class Dashboard {
  constructor(base) {
    this.base = base;
    this.origin = base;
    this.jar = new Map();
    this.csrf = null;
  }

  cookieHeader() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  keep(res) {
    for (const c of res.cookies) {
      if (c.attrs['max-age'] === '0' || c.value === '') this.jar.delete(c.name);
      else this.jar.set(c.name, c.value);
    }
    const t = csrfFrom(res.body);
    if (t) this.csrf = t;
    return res;
  }

  async get(path, headers = {}) {
    const h = { ...headers };
    if (this.jar.size) h.Cookie = this.cookieHeader();
    return this.keep(await request(this.base, 'GET', path, { headers: h }));
  }

  // fields: object or array of [name, value]; opts.csrf false omits it,
  // a string overrides it; opts.origin null omits Origin.
  async post(path, fields = {}, opts = {}) {
    const params = new URLSearchParams(Array.isArray(fields) ? fields : Object.entries(fields));
    const csrf = opts.csrf === undefined ? this.csrf : opts.csrf;
    if (csrf !== false && csrf !== null && !params.has('csrf_token')) params.append('csrf_token', csrf);
    const h = { 'Content-Type': 'application/x-www-form-urlencoded', ...(opts.headers || {}) };
    const origin = opts.origin === undefined ? this.origin : opts.origin;
    if (origin !== null) h.Origin = origin;
    if (this.jar.size) h.Cookie = this.cookieHeader();
    return this.keep(await request(this.base, 'POST', path, { headers: h, body: params.toString() }));
  }

  async login(email, password, next) {
    await this.get('/login');
    const f = { email, password };
    if (next !== undefined) f.next = next;
    return this.post('/login', f);
  }

  session() {
    return this.jar.get('__Host-latchkey_session');
  }
}
