import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { call } from '../test/factories.js';
import { useTestApp } from '../test/harness.js';

const web = mkdtempSync(join(tmpdir(), 'baocao-web-'));
mkdirSync(join(web, 'assets'));
writeFileSync(join(web, 'index.html'), '<!doctype html><title>Hệ thống thông tin báo cáo</title>');
writeFileSync(join(web, 'assets', 'app.js'), 'console.log(1)');

const t = useTestApp({ webDist: web });

describe('the HTTP shell', () => {
  it('answers /health and /ready', async () => {
    expect((await call(t.app, 'GET', '/health')).json).toEqual({ status: 'ok' });
    expect((await call(t.app, 'GET', '/ready')).json).toEqual({ status: 'ready' });
  });

  it('publishes the OpenAPI document generated from the shared schemas, and a browsable reference', async () => {
    const doc = await call(t.app, 'GET', '/api/v1/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.json.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.json.paths)).toEqual(expect.arrayContaining(['/api/v1/units/tree', '/api/v1/users/{userId}', '/api/v1/audit', '/api/v1/auth/login']));
    const create = doc.json.paths['/api/v1/units'].post.requestBody.content['application/json'].schema;
    expect(create.required).toEqual(expect.arrayContaining(['code', 'name', 'kind', 'parentId']));
    expect(create.additionalProperties).toBe(false);
    const ui = await call(t.app, 'GET', '/api/v1/docs/');
    expect(ui.status).toBe(200);
    expect(ui.body).toMatch(/swagger/i);
  });

  it('serves the web app, with the single-page fallback for its routes, and problem+json 404 under /api', async () => {
    expect((await call(t.app, 'GET', '/')).body).toContain('Hệ thống thông tin báo cáo');
    expect((await call(t.app, 'GET', '/don-vi')).body).toContain('Hệ thống thông tin báo cáo');
    expect((await call(t.app, 'GET', '/assets/app.js')).body).toBe('console.log(1)');
    const gone = await call(t.app, 'GET', '/assets/old-build.js');
    expect(gone.status).toBe(404);
    const missing = await call(t.app, 'GET', '/api/v1/khong-co', { headers: {} });
    expect([401, 404]).toContain(missing.status);
    expect(missing.headers['content-type']).toMatch(/problem\+json/);
  });

  it('refuses U+0000 anywhere in a JSON body, escaped or as a key, and malformed or poisoned JSON, before any route runs', async () => {
    const login = (payload: string) => call(t.app, 'POST', '/api/v1/auth/login', { body: payload });
    for (const payload of ['{"username":"a\\u0000b","password":"x"}', '{"username":"a","password":"x","\\u0000":1}', '{"username":"a","password":["\\u0000"]}']) {
      const res = await login(payload);
      expect([res.status, res.json.code], payload).toEqual([400, 'request.nul_character']);
    }
    // A backslash followed by the text u0000 is no NUL character: it reaches the route (a wrong password here).
    const text = await login('{"username":"a\\\\u0000b","password":"x"}');
    expect(text.status).toBe(401);
    expect((await login('{"username":')).json.code).toBe('body.malformed_json');
    expect((await login('{"__proto__":{"admin":true},"username":"a","password":"x"}')).status).toBe(400);
  });

  it('tags every response with a request id and safe headers', async () => {
    const res = await call(t.app, 'GET', '/health');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
