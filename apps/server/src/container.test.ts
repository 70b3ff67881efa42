import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCalendarOverrides } from './container.ts';
import { addWorkdays, chineseCalendar } from './supervision/rules/working-days.ts';

describe('calendar overrides from a file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-cal-'));

  it('adds holidays and make-up workdays the built-in calendar lacks', () => {
    const file = path.join(dir, 'cal.json');
    fs.writeFileSync(file, JSON.stringify({ holidays: ['2027-01-01'], workdays: ['2027-01-02'] }));
    const cal = chineseCalendar(loadCalendarOverrides(file));
    expect(cal.isWorkday('2027-01-01')).toBe(false);
    expect(cal.isWorkday('2027-01-02')).toBe(true);
    expect(addWorkdays(cal, '2026-12-31', 1)).toBe('2027-01-02');
  });

  it('names the file and the field when the content is wrong', () => {
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ holidays: ['2027-13-01'] }));
    expect(() => loadCalendarOverrides(file)).toThrow(/bad\.json 的 holidays/);
    expect(() => loadCalendarOverrides(path.join(dir, 'missing.json'))).toThrow(/无法读取/);
  });
});
