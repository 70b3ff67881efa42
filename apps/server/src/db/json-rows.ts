/**
 * Rows that came back from the database as JSON (json_agg of a subquery), made what the driver
 * would have returned for the same rows: JSON already gives dates ('YYYY-MM-DD'), numbers,
 * arrays and nested objects as the driver's parsers do, but timestamps as ISO strings, so every
 * timestamp column — by the schema's naming, `at` or a name ending in `_at` — becomes a Date.
 * The driver hands json over parsed; a string (a driver that does not) is parsed here.
 */
export function jsonRows<T>(value: unknown): T[] {
  const rows = (typeof value === 'string' ? JSON.parse(value) : (value ?? [])) as Record<string, unknown>[];
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      const v = row[key];
      if ((key === 'at' || key.endsWith('_at')) && typeof v === 'string') row[key] = new Date(v);
    }
  }
  return rows as T[];
}
