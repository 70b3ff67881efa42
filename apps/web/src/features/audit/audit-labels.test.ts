import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TASK_ACTIONS } from '@luoshi/shared';
import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en.ts';
import { zhCN } from '../../i18n/zh-CN.ts';
import { areaOf, hasActionLabel } from './audit-labels.ts';

const SERVER_SRC = join(import.meta.dirname, '../../../../server/src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/**
 * Every audit action code the server writes: the `area.verb` literals on `action:` lines
 * (a ternary gives two), and `task.${action}` expanded over the task actions.
 */
function serverActionCodes(): string[] {
  const codes = new Set<string>();
  for (const file of sources(SERVER_SRC)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const at = line.indexOf('action:');
      if (at < 0) continue;
      const rest = line.slice(at);
      for (const m of rest.matchAll(/'([a-z]+\.[a-zA-Z_]+)'/g)) codes.add(m[1]!);
      for (const m of rest.matchAll(/`([a-z]+)\.\$\{action\}`/g)) for (const a of TASK_ACTIONS) codes.add(`${m[1]}.${a}`);
    }
  }
  return [...codes].sort();
}

describe('audit action labels', () => {
  const codes = serverActionCodes();

  it('finds the action codes the server writes', () => {
    expect(codes).toEqual(expect.arrayContaining(['task.report', 'order.reply', 'org.activate', 'extension.reject', 'task.acknowledge', 'auth.login']));
  });

  it('has a Chinese and an English label, and a business area, for every one', () => {
    expect(codes.filter((c) => !hasActionLabel(c))).toEqual([]);
    expect(codes.filter((c) => !(`audit.action.${c}` in en))).toEqual([]);
    expect(codes.filter((c) => areaOf(c) === undefined)).toEqual([]);
    expect(Object.keys(zhCN).filter((k) => k.startsWith('audit.action.') && /[\u4e00-\u9fff]/.test(en[k as keyof typeof en] ?? ''))).toEqual([]);
  });
});
