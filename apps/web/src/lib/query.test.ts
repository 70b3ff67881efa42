import { MutationObserver, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { createQueryClient, isTransient } from './query.ts';

describe('the server-state cache', () => {
  it('calls an unreachable server or a 5xx answer transient, and nothing else', () => {
    expect(isTransient(new ApiError('NETWORK', '无法连接服务器', 0))).toBe(true);
    expect(isTransient(new ApiError('INTERNAL', '数据库暂不可用', 503))).toBe(true);
    expect(isTransient(new ApiError('NOT_FOUND', '任务不存在', 404))).toBe(false);
    expect(isTransient(new ApiError('VALIDATION', '日期格式', 400))).toBe(false);
    expect(isTransient(new Error('boom'))).toBe(false);
  });

  it('retries a read while the database is briefly away, and gets the answer once it is back', async () => {
    const client = createQueryClient();
    client.setDefaultOptions({ queries: { ...client.getDefaultOptions().queries, retryDelay: 1 } });
    let calls = 0;
    const data = await client.fetchQuery({
      queryKey: ['flaky'],
      queryFn: async () => {
        calls += 1;
        if (calls < 3) throw new ApiError('INTERNAL', '数据库暂不可用', 503);
        return 'ok';
      },
      retry: client.getDefaultOptions().queries?.retry,
    });
    expect(data).toBe('ok');
    expect(calls).toBe(3);
  });

  it('does not retry an answer that will not change', async () => {
    const client = createQueryClient();
    let calls = 0;
    const observer = new QueryObserver(client, {
      queryKey: ['gone'],
      queryFn: async () => {
        calls += 1;
        throw new ApiError('NOT_FOUND', '任务不存在', 404);
      },
    });
    const result = await new Promise<{ status: string }>((resolve) => {
      const stop = observer.subscribe((r) => {
        if (r.status === 'error') {
          stop();
          resolve(r);
        }
      });
    });
    expect(result.status).toBe('error');
    expect(calls).toBe(1);
  });

  it('never retries a write, even while the database is away (503)', async () => {
    const client = createQueryClient();
    let calls = 0;
    const observer = new MutationObserver(client, {
      mutationFn: async () => {
        calls += 1;
        throw new ApiError('UNAVAILABLE', '系统繁忙，请稍后重试', 503);
      },
    });
    await expect(observer.mutate()).rejects.toThrow('系统繁忙');
    expect(calls).toBe(1);
  });
});
