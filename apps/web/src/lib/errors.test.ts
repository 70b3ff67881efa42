import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { en } from '../i18n/en.ts';
import { zhCN, type MessageKey } from '../i18n/zh-CN.ts';
import { errorMessage } from './errors.ts';

const zh = (key: MessageKey) => zhCN[key];
const english = (key: MessageKey) => en[key];

describe('the message of a failed call', () => {
  it('says the system is busy while the server answers 503, in the chosen language', () => {
    const outage = new ApiError('UNAVAILABLE', '系统繁忙，请稍后重试（数据库暂时无法连接）', 503);
    expect(errorMessage(outage, zh)).toBe('系统繁忙，请稍后重试');
    expect(errorMessage(outage, english)).toBe('The system is busy. Please try again later.');
    // A proxy's own 503 page (no JSON) reads the same.
    expect(errorMessage(new ApiError('INTERNAL', '服务器返回错误（503），请稍后再试', 503), zh)).toBe('系统繁忙，请稍后重试');
  });

  it("shows the server's own message otherwise, and the network message when the server is unreachable", () => {
    expect(errorMessage(new ApiError('VALIDATION', '字段 title：不能为空', 400), zh)).toBe('字段 title：不能为空');
    expect(errorMessage(new ApiError('NETWORK', 'x', 0), zh)).toBe(zhCN['error.network']);
    expect(errorMessage(new Error('boom'), zh)).toBe(zhCN['error.unknown']);
  });
});
