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

/** A timestamp as 2026-11-23 12:34 in the tenant's zone, or a dash. */
export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).tz(zone).format('YYYY-MM-DD HH:mm') : '—';
}

/** A date as 2026-11-23 (a timestamp's date in the tenant's zone; a plain date as it is), or a dash. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return DATE_ONLY.test(iso) ? iso : dayjs(iso).tz(zone).format('YYYY-MM-DD');
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
