import { describe, expect, it } from 'vitest';
import { testEngines } from './support/test-database.ts';
import { useTestApp } from './support/harness.ts';

describe.each(testEngines())('health and OpenAPI on %s', (engine) => {
  const t = useTestApp(engine);

  it('answers liveness without login, and the engine, version and applied migrations to administrators only', async () => {
    const anon = await t.anon().get('/api/health');
    expect(anon.status).toBe(200);
    expect(anon.body).toEqual({ status: 'ok' });
    const viewer = await (await t.login('viewer')).get('/api/health');
    expect(viewer.status).toBe(200);
    expect(viewer.body).toEqual({ status: 'ok' });
    const res = await (await t.login('admin')).get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', database: engine, version: expect.any(String) });
    expect(res.body.migrations).toContain('0001_foundation.sql');
  });

  it('serves an OpenAPI document naming every route, and a browsable page', async () => {
    const res = await t.anon().get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    for (const p of ['/api/auth/login', '/api/org-units', '/api/org-units/{id}/move', '/api/users', '/api/audit', '/api/tokens']) expect(Object.keys(res.body.paths)).toContain(p);
    const page = await t.anon().get('/api/docs/');
    expect(page.status).toBe(200);
  });

  it('answers unknown API paths with the JSON error envelope', async () => {
    const res = await t.anon().get('/api/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    expect(res.body.requestId).toEqual(expect.any(String));
  });
});

describe.each(testEngines())('API documentation outside the demo on %s', (engine) => {
  const t = useTestApp(engine, { LUOSHI_DEMO: '0' });

  it('serves neither the OpenAPI document nor the browsable page', async () => {
    expect((await t.anon().get('/api/openapi.json')).status).toBe(404);
    expect((await t.anon().get('/api/docs/')).status).toBe(404);
    expect((await t.anon().get('/api/docs')).status).toBe(404);
    expect((await (await t.login('admin')).get('/api/openapi.json')).status).toBe(404);
  });
});

describe.each(testEngines())('API documentation switched on outside the demo on %s', (engine) => {
  const t = useTestApp(engine, { LUOSHI_DEMO: '0', LUOSHI_API_DOCS: '1' });

  it('serves the document and the page', async () => {
    expect((await t.anon().get('/api/openapi.json')).status).toBe(200);
    expect((await t.anon().get('/api/docs/')).status).toBe(200);
  });
});
