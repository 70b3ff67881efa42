import { percentFormula } from '../../supervision/rules/progress.ts';
import type { TaskRow } from '../../db/schema.ts';

/** The weighted-mean formula of a parent's percent, or null when it has no lead parts. */
export function weightedFormula(children: TaskRow[]): string | null {
  const parts = children.filter((c) => c.unit_role === 'lead' && c.status !== 'cancelled');
  if (parts.length === 0) return null;
  return percentFormula(parts.map((c) => ({ title: c.title, percent: Number(c.percent), weight: Number(c.weight) })));
}
