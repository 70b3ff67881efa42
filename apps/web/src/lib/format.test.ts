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
    // Midnight is 00:00 (not 24:00), and a Shanghai date can be the next year's.
    expect(formatDateTime('2026-12-31T16:00:00Z')).toBe('2027-01-01 00:00');
    expect(formatDateTime('2026-12-31T15:59:00Z')).toBe('2026-12-31 23:59');
    expect(formatDateTime('not a time')).toBe('—');
  });

  it('gives a timestamp’s Shanghai date and leaves plain dates alone', () => {
    expect(formatDate('2026-03-01T17:00:00Z')).toBe('2026-03-02');
    expect(formatDate('2026-03-02')).toBe('2026-03-02');
    expect(formatDate(undefined)).toBe('—');
    expect(formatDate('2026-12-31T16:00:00Z')).toBe('2027-01-01');
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

  it('agrees with the time-zone database for the zones it shifts by hand, and uses the database for older times and other zones', () => {
    const viaIntl = (iso: string, tz: string) => {
      const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
      return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
    };
    const times = ['1992-01-01T00:00:00Z', '2026-06-30T15:59:59Z', '2026-12-31T16:00:00Z', '2030-02-28T23:30:00Z'];
    for (const tz of ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Urumqi', 'Europe/Berlin', 'America/New_York']) {
      setTimeZone(tz);
      try {
        for (const iso of times) expect(formatDateTime(iso), `${iso} in ${tz}`).toBe(viaIntl(iso, tz));
        // Shanghai kept summer time in 1986–1991: 1990-07-01 00:30 UTC was 09:30 there.
        if (tz === 'Asia/Shanghai') expect(formatDateTime('1990-07-01T00:30:00Z')).toBe('1990-07-01 09:30');
      } finally {
        setTimeZone('Asia/Shanghai');
      }
    }
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
