import dayjs from 'dayjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dayBoundary, formatDate, formatDateTime, setTimeZone, tenantNow, tenantToday, timeZone } from './format.ts';

describe('times in the tenant zone, whatever the browser’s', () => {
  const browserZone = process.env.TZ;
  beforeAll(() => {
    // The machine as a browser in New York: 13 hours behind Shanghai in March.
    process.env.TZ = 'America/New_York';
  });
  afterAll(() => {
    process.env.TZ = browserZone;
    vi.useRealTimers();
  });

  it('shows a timestamp as Shanghai time, not the browser’s', () => {
    expect(timeZone()).toBe('Asia/Shanghai');
    expect(dayjs('2026-03-02T02:00:00Z').format('HH:mm')).toBe('21:00');
    expect(formatDateTime('2026-03-02T02:00:00Z')).toBe('2026-03-02 10:00');
    expect(formatDateTime('2026-03-02T02:00:00.000+00:00')).toBe('2026-03-02 10:00');
    expect(formatDateTime(null)).toBe('—');
  });

  it('gives a timestamp’s Shanghai date and leaves plain dates alone', () => {
    expect(formatDate('2026-03-01T17:00:00Z')).toBe('2026-03-02');
    expect(formatDate('2026-03-02')).toBe('2026-03-02');
    expect(formatDate(undefined)).toBe('—');
  });

  it('knows the tenant’s today and the instants a picked date spans', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-03-01T20:00:00Z'));
    expect(dayjs().format('YYYY-MM-DD')).toBe('2026-03-01');
    expect(tenantToday().format('YYYY-MM-DD')).toBe('2026-03-02');
    expect(tenantNow().hour()).toBe(4);
    expect(dayBoundary(dayjs('2026-03-02'))).toBe('2026-03-01T16:00:00.000Z');
    expect(dayBoundary(dayjs('2026-03-02'), true)).toBe('2026-03-02T15:59:59.999Z');
  });

  it('follows a tenant in another zone', () => {
    setTimeZone('Asia/Urumqi');
    try {
      expect(formatDateTime('2026-03-02T02:00:00Z')).toBe('2026-03-02 08:00');
    } finally {
      setTimeZone('Asia/Shanghai');
    }
  });
});
