import dayjs from 'dayjs';

/** A timestamp as 2026-11-23 12:34 in the user's locale, or a dash. */
export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—';
}

/** A date as 2026-11-23, or a dash. */
export function formatDate(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format('YYYY-MM-DD') : '—';
}

/** Whole minutes from now until a timestamp (at least 1). */
export function minutesUntil(iso: string): number {
  return Math.max(1, Math.ceil(dayjs(iso).diff(dayjs(), 'minute', true)));
}
