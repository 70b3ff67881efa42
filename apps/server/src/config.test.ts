import { describe, expect, it } from 'vitest';
import { loadConfig, parseTrustProxy, trustProxyOption } from './config.ts';

describe('LUOSHI_TRUST_PROXY', () => {
  it('trusts no proxy unless set', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    for (const off of ['', '0', 'off', 'false', 'OFF']) expect(parseTrustProxy(off)).toBe(false);
  });

  it('reads a hop count, or addresses, CIDR ranges and proxy-addr names', () => {
    expect(loadConfig({ LUOSHI_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(parseTrustProxy('10.0.0.0/8, 127.0.0.1,::1, fd00::/8 ,loopback')).toEqual(['10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8', 'loopback']);
  });

  it('refuses "true" (anyone could name any address) and what is no address', () => {
    expect(() => loadConfig({ LUOSHI_TRUST_PROXY: 'true' })).toThrow(/LUOSHI_TRUST_PROXY/);
    for (const bad of ['10.0.0.0/33', '300.1.1.1', 'proxy.example', '10.0.0.1/8/1', '99']) expect(() => parseTrustProxy(bad)).toThrow(/LUOSHI_TRUST_PROXY/);
  });

  it('gives Fastify a hop count as a trust function over the chain', () => {
    const trust = trustProxyOption(2) as (address: string, hop: number) => boolean;
    expect([0, 1, 2].map((hop) => trust('10.0.0.1', hop))).toEqual([true, true, false]);
    expect(trustProxyOption(false)).toBe(false);
    expect(trustProxyOption(['10.0.0.0/8'])).toEqual(['10.0.0.0/8']);
  });

  it('reads the suggestions\' answering months and categories, and names a bad setting', () => {
    expect(loadConfig({}).suggestions).toEqual({ answerMonths: 3, categories: [{ code: 'A', label: '已解决或基本解决' }, { code: 'B', label: '正在解决或列入计划解决' }, { code: 'C', label: '因条件限制暂时无法解决' }] });
    expect(loadConfig({ LUOSHI_SUGGESTION_ANSWER_MONTHS: '2', LUOSHI_SUGGESTION_CATEGORIES: 'A:已解决,B:列入计划' }).suggestions).toEqual({ answerMonths: 2, categories: [{ code: 'A', label: '已解决' }, { code: 'B', label: '列入计划' }] });
    expect(() => loadConfig({ LUOSHI_SUGGESTION_CATEGORIES: '已解决' })).toThrow(/LUOSHI_SUGGESTION_CATEGORIES 无效/);
    expect(() => loadConfig({ LUOSHI_SUGGESTION_ANSWER_MONTHS: '0' })).toThrow(/LUOSHI_SUGGESTION_ANSWER_MONTHS/);
  });
});
