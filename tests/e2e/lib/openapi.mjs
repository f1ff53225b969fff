// Checks real responses against openapi.yaml: the document is linted as
// OpenAPI 3.1 (@readme/openapi-parser), dereferenced, and each response's
// status, documented headers and body are validated with Ajv (JSON Schema
// 2020-12, the dialect of OpenAPI 3.1).
import assert from 'node:assert/strict';
import path from 'node:path';
import { validate, compileErrors, dereference } from '@readme/openapi-parser';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { ROOT } from './server.mjs';

// LATCHKEY_OPENAPI: another document to check (e.g. a deliberately broken copy).
export const DOC_PATH = process.env.LATCHKEY_OPENAPI || path.join(ROOT, 'openapi.yaml');

// -> {valid, text}: the linter's verdict on the document.
export async function lint(file = DOC_PATH) {
  const res = await validate(file);
  return { valid: res.valid, text: res.valid ? JSON.stringify(res.warnings) : compileErrors(res) };
}

export async function loadChecker(file = DOC_PATH) {
  const doc = await dereference(file);
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  const cache = new Map();
  const compile = (schema) => {
    if (!cache.has(schema)) cache.set(schema, ajv.compile(schema));
    return cache.get(schema);
  };
  const check = (schema, value) => {
    const v = compile(schema);
    return v(value) ? null : ajv.errorsText(v.errors, { dataVar: '' });
  };
  const seen = new Map(); // "METHOD template" -> Set of statuses

  function operation(method, template) {
    const op = doc.paths[template]?.[method.toLowerCase()];
    assert.ok(op, `${method} ${template} is not in openapi.yaml`);
    return op;
  }

  // Every way res departs from the document; [] when it conforms.
  function problems(method, template, res) {
    const op = operation(method, template);
    const st = String(res.status);
    const spec = op.responses[st] ?? op.responses[`${st[0]}XX`] ?? op.responses.default;
    if (!spec) return [`status ${st} is not documented (documented: ${Object.keys(op.responses)})`];
    const out = [];
    for (const [name, h] of Object.entries(spec.headers ?? {})) {
      const v = res.headers[name.toLowerCase()];
      if (v === undefined) {
        if (h.required) out.push(`header ${name} is missing`);
        continue;
      }
      const val = h.schema?.type === 'integer' && /^-?\d+$/.test(v) ? Number(v) : v;
      const err = check(h.schema, val);
      if (err) out.push(`header ${name}: ${JSON.stringify(v)}: ${err}`);
    }
    if (!spec.content) {
      if (res.body !== '') out.push(`body should be empty: ${res.body.slice(0, 200)}`);
      return out;
    }
    const [media, { schema }] = Object.entries(spec.content)[0];
    const ct = res.headers['content-type'] ?? '';
    if (ct.replace(/\s+/g, '') !== media.replace(/\s+/g, '') && ct.split(';')[0].trim() !== media) {
      out.push(`Content-Type ${ct}, documented ${media}`);
    }
    // The one text answer (/metrics): its type, exactly, and a string.
    if (media.split(';')[0].trim() !== 'application/json') {
      const err = check(schema, res.body);
      return err ? [...out, `body: ${err}`] : out;
    }
    let body;
    try { body = JSON.parse(res.body); } catch { return [...out, `body is not JSON: ${res.body.slice(0, 200)}`]; }
    const err = check(schema, body);
    if (err) out.push(`body: ${err}`);
    // What a JSON Schema can't say: SPEC §3's pairings across header and body.
    if (body && typeof body.request_id === 'string' && body.request_id !== res.headers['x-request-id']) {
      out.push(`request_id ${body.request_id} != X-Request-Id ${res.headers['x-request-id']}`);
    }
    if (res.status === 401 && template.startsWith('/v1/') && res.headers['www-authenticate']) {
      const want = { unauthorized: 'Bearer realm="latchkey"',
        invalid_token: 'Bearer realm="latchkey", error="invalid_token"',
        token_expired: 'Bearer realm="latchkey", error="invalid_token", error_description="expired"' }[body.error];
      if (want && res.headers['www-authenticate'] !== want) {
        out.push(`${body.error} with WWW-Authenticate ${res.headers['www-authenticate']}`);
      }
    }
    return out;
  }

  // Asserts res conforms; records the status for the coverage check.
  function assertConforms(method, template, res) {
    const key = `${method} ${template}`;
    if (!seen.has(key)) seen.set(key, new Set());
    seen.get(key).add(res.status);
    const p = problems(method, template, res);
    assert.deepEqual(p, [], `${key} → ${res.status} does not conform to openapi.yaml:\n  ${p.join('\n  ')}` +
      `\n  response: ${JSON.stringify(res.headers)} ${res.body.slice(0, 400)}`);
  }

  // Asserts a request body (object) matches the documented request schema.
  function assertRequest(method, template, mediaType, body) {
    const rb = operation(method, template).requestBody;
    assert.ok(rb?.content?.[mediaType], `${method} ${template}: no ${mediaType} request body documented`);
    const err = check(rb.content[mediaType].schema, body);
    assert.equal(err, null, `${method} ${template} request ${JSON.stringify(body)}: ${err}`);
  }

  // Every documented operation with the statuses the tests saw.
  function coverage() {
    const out = {};
    for (const [p, item] of Object.entries(doc.paths)) {
      for (const m of ['get', 'put', 'post', 'delete', 'patch', 'options']) {
        if (item[m]) out[`${m.toUpperCase()} ${p}`] = [...(seen.get(`${m.toUpperCase()} ${p}`) ?? [])].sort();
      }
    }
    return out;
  }

  // Compiles every schema of the document under Ajv's strict mode (unknown
  // keywords, required names not in properties, missing types); -> errors.
  function schemaErrors() {
    const out = [];
    const each = (where, schema) => {
      if (!schema) return;
      try { compile(schema); } catch (e) { out.push(`${where}: ${e.message}`); }
    };
    for (const [n, s] of Object.entries(doc.components.schemas ?? {})) each(`schemas.${n}`, s);
    for (const [p, item] of Object.entries(doc.paths)) {
      for (const [m, op] of Object.entries(item)) {
        for (const pa of [...(item.parameters ?? []), ...(op.parameters ?? [])]) each(`${m} ${p} ${pa.name}`, pa.schema);
        for (const [mt, c] of Object.entries(op.requestBody?.content ?? {})) each(`${m} ${p} ${mt}`, c.schema);
        for (const [st, r] of Object.entries(op.responses ?? {})) {
          for (const [hn, h] of Object.entries(r.headers ?? {})) each(`${m} ${p} ${st} ${hn}`, h.schema);
          for (const c of Object.values(r.content ?? {})) each(`${m} ${p} ${st}`, c.schema);
        }
      }
    }
    return out;
  }

  return { doc, problems, assertConforms, assertRequest, coverage, schemaErrors };
}

// Registers an OAuth app through the dashboard (SPEC §5 form contract);
// d is a signed-in Dashboard. -> {clientId, secret, res}
export async function registerApp(d, { name = 'OpenAPI app', redirectUris = ['https://app.example/cb'],
  clientType = 'confidential', scopes = 'read write', grantTypes = ['client_credentials'] } = {}) {
  const page = await d.get('/settings/oauth-apps');
  assert.equal(page.status, 200, 'OAuth apps page');
  const nonce = /name="form_nonce" value="([^"]*)"/.exec(page.body);
  const fields = [['name', name], ['redirect_uris', redirectUris.join('\r\n')],
    ['client_type', clientType], ['scopes', scopes], ...grantTypes.map((g) => ['grant_types', g])];
  if (nonce) fields.push(['form_nonce', nonce[1]]);
  const res = await d.post('/settings/oauth-apps', fields);
  const text = (id) => new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(res.body)?.[1] ?? null;
  assert.equal(res.status, 200, `register app: ${res.status} ${res.body.slice(0, 300)}`);
  return { clientId: text('client-id'), secret: text('new-client-secret'), res };
}
