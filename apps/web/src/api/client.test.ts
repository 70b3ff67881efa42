import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, forgetPrefetched, prefetch } from './client.ts';

describe('reads started ahead of their screen', () => {
  let calls: string[];
  beforeEach(() => {
    calls = [];
    let n = 0;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init?: RequestInit) => {
        calls.push(`${init?.method ?? 'GET'} ${url}`);
        if (url.startsWith('/api/gone')) return new Response(JSON.stringify({ error: { code: 'UNAUTHENTICATED', message: '请先登录' } }), { status: 401 });
        return new Response(JSON.stringify({ n: ++n }), { status: 200, headers: { 'content-type': 'application/json' } });
      }),
    );
  });
  afterEach(() => {
    forgetPrefetched();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('hands the early answer to the first read of the same address only; later reads fetch anew', async () => {
    prefetch('/api/tasks', { sort: 'urgency', page: 1, q: undefined });
    prefetch('/api/tasks', { sort: 'urgency', page: 1 });
    expect(calls).toEqual(['GET /api/tasks?sort=urgency&page=1']);
    await expect(api('/api/tasks', { query: { sort: 'urgency', page: 1 } })).resolves.toEqual({ n: 1 });
    expect(calls).toHaveLength(1);
    await expect(api('/api/tasks', { query: { sort: 'urgency', page: 1 } })).resolves.toEqual({ n: 2 });
    // Another address, or a write to the same one, is not answered from it.
    prefetch('/api/tasks', { page: 2 });
    await api('/api/tasks', { query: { page: 3 } });
    await api('/api/tasks', { method: 'POST', query: { page: 2 }, body: {} });
    expect(calls).toEqual(['GET /api/tasks?sort=urgency&page=1', 'GET /api/tasks?sort=urgency&page=1', 'GET /api/tasks?page=2', 'GET /api/tasks?page=3', 'POST /api/tasks?page=2']);
  });

  it('keeps an early failure a failure, and forgets early reads when asked or after ten seconds', async () => {
    prefetch('/api/gone');
    await expect(api('/api/gone', { quiet401: true })).rejects.toBeInstanceOf(ApiError);
    prefetch('/api/me');
    forgetPrefetched();
    await api('/api/me');
    expect(calls.filter((c) => c === 'GET /api/me')).toHaveLength(2);
    vi.useFakeTimers();
    prefetch('/api/late');
    vi.advanceTimersByTime(10_001);
    await api('/api/late');
    expect(calls.filter((c) => c === 'GET /api/late')).toHaveLength(2);
  });
});
