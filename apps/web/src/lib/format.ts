import { TENANT_TIME_ZONE } from '@luoshi/shared';
import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

/**
 * Every time is shown in the tenant's zone, whatever the browser's: a 签收时间 reads the same
 * in Shanghai and on a laptop set to New York, and agrees with the dates (which are Shanghai dates).
 */
let zone: string = TENANT_TIME_ZONE;

/** The zone times are shown in. */
export function timeZone(): string {
  return zone;
}

/** Changes the zone times are shown in (a tenant in another zone; tests). */
export function setTimeZone(tz: string): void {
  zone = tz;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * One formatter per zone, kept: dayjs's `tz()` builds a new Intl formatter on every call, which a
 * list of fifty rows with two times each pays for a hundred times on its first render.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Zones of China with one offset from UTC all year (none has had summer time since 1991). */
const FIXED_OFFSET_MINUTES: Record<string, number> = { 'Asia/Shanghai': 480, 'Asia/Chongqing': 480, 'Asia/Harbin': 480, 'Asia/Hong_Kong': 480, 'Asia/Macau': 480, 'Asia/Taipei': 480, 'Asia/Urumqi': 360 };
/** From when those offsets hold (Hong Kong's last summer time was 1979, China's 1991). */
const FIXED_SINCE = Date.UTC(1992, 0, 1);

/** A timestamp's year, month, day, hour and minute in the zone, as two-digit texts; null if it is not a time. */
function partsIn(iso: string, tz: string): Record<'year' | 'month' | 'day' | 'hour' | 'minute', string> | null {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  const offset = FIXED_OFFSET_MINUTES[tz];
  if (offset !== undefined && date.getTime() >= FIXED_SINCE) {
    // The zone's wall clock is UTC shifted by its one offset: no Intl formatter (and no time-zone
    // data to load on a first render) is needed.
    const wall = new Date(date.getTime() + offset * 60_000).toISOString();
    return { year: wall.slice(0, 4), month: wall.slice(5, 7), day: wall.slice(8, 10), hour: wall.slice(11, 13), minute: wall.slice(14, 16) };
  }
  let formatter = formatters.get(tz);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(tz, formatter);
  }
  const parts = { year: '', month: '', day: '', hour: '', minute: '' };
  for (const part of formatter.formatToParts(date)) if (part.type in parts) parts[part.type as keyof typeof parts] = part.value;
  return parts;
}

/** A timestamp as 2026-11-23 12:34 in the tenant's zone, or a dash. */
export function formatDateTime(iso: string | null | undefined): string {
  const p = iso ? partsIn(iso, zone) : null;
  return p ? `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}` : '—';
}

/** A date as 2026-11-23 (a timestamp's date in the tenant's zone; a plain date as it is), or a dash. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  if (DATE_ONLY.test(iso)) return iso;
  const p = partsIn(iso, zone);
  return p ? `${p.year}-${p.month}-${p.day}` : '—';
}

/** Now, in the tenant's zone (its date and hour are the tenant's). */
export function tenantNow(): Dayjs {
  return dayjs().tz(zone);
}

/** Today's date in the tenant's zone, as a picker's value (date pickers work on plain dates). */
export function tenantToday(): Dayjs {
  return dayjs(tenantNow().format('YYYY-MM-DD'));
}

/** The instant a picked date starts (or, with `end`, ends) in the tenant's zone, as ISO text. */
export function dayBoundary(date: Dayjs, end = false): string {
  const start = dayjs.tz(date.format('YYYY-MM-DD'), zone);
  return (end ? start.add(1, 'day').subtract(1, 'millisecond') : start).toISOString();
}

/** Whole minutes from now until a timestamp (at least 1). */
export function minutesUntil(iso: string): number {
  return Math.max(1, Math.ceil(dayjs(iso).diff(dayjs(), 'minute', true)));
}
