import { describe, expect, it } from 'vitest';
import { jsonRows } from './json-rows.ts';

describe('jsonRows', () => {
  it('turns timestamp columns back into Dates and leaves dates, numbers and arrays as JSON gave them', () => {
    const [row] = jsonRows<{ at: Date; reported_at: Date; decided_at: Date | null; deadline: string; size_bytes: number; ids: string[]; title: string }>(
      '[{"at":"2026-04-01T10:00:00.123456+08:00","reported_at":"2026-04-02T00:00:00+00:00","decided_at":null,"deadline":"2026-04-30","size_bytes":2048,"ids":["a"],"title":"上午 10 点"}]',
    );
    expect(row!.at).toEqual(new Date('2026-04-01T02:00:00.123Z'));
    expect(row!.reported_at).toEqual(new Date('2026-04-02T00:00:00Z'));
    expect(row!.decided_at).toBeNull();
    expect(row).toMatchObject({ deadline: '2026-04-30', size_bytes: 2048, ids: ['a'], title: '上午 10 点' });
  });

  it('takes parsed JSON as the driver hands it, and nothing as no rows', () => {
    expect(jsonRows([{ created_at: '2026-01-01T00:00:00Z' }])).toEqual([{ created_at: new Date('2026-01-01T00:00:00Z') }]);
    expect(jsonRows(null)).toEqual([]);
  });
});
