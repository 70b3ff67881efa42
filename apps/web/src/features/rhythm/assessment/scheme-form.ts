import type { FormInstance } from 'antd';
import { fieldErrors } from '../../../api/client.ts';
import type { Scheme, SchemeInput } from './assessment.api.ts';

/** The sum of the items' weights, to two decimals (the server wants exactly 100). */
export function weightSum(dimensions: { items?: { weight?: number | null }[] }[] | undefined): number {
  const sum = (dimensions ?? []).flatMap((d) => d.items ?? []).reduce((s, i) => s + (i?.weight ?? 0), 0);
  return Math.round(sum * 100) / 100;
}

const LIST_LEVEL = new Set(['', 'definition', 'dimensions', 'items', 'groups', 'adjustments', 'steps']);

/**
 * The server's errors placed on the editor's fields: its scheme checks name fields under the
 * definition (`dimensions.0.items.1.formula`), its input checks the whole path
 * (`definition.dimensions.0.items.1.weight`). An error about a formula or a source as a whole goes
 * on its kind; one about a list as a whole (the weights' sum, no group) is returned for the banner.
 */
export function placeServerErrors(form: FormInstance, err: unknown): string[] {
  const general: string[] = [];
  const fields: { name: (string | number)[]; errors: string[] }[] = [];
  for (const e of fieldErrors(err)) {
    let path: (string | number)[] = e.field ? e.field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : [];
    if (['dimensions', 'groups', 'adjustments', 'bonusCap', 'deductionCap'].includes(String(path[0]))) path = ['definition', ...path];
    const last = String(path.at(-1) ?? '');
    if (last === 'formula' || last === 'source') path = [...path, 'kind'];
    if (LIST_LEVEL.has(last)) general.push(e.message);
    else fields.push({ name: path, errors: [e.message] });
  }
  if (fields.length) {
    form.setFields(fields);
    form.scrollToField(fields[0]!.name);
  }
  return general;
}

/** Last year's scheme as the start of next year's: the year one later (also in its name), the same items, caps and groups. */
export function nextYear(s: Pick<Scheme, 'year' | 'name' | 'objectionDays' | 'definition'>): SchemeInput {
  return { year: s.year + 1, name: s.name.replaceAll(String(s.year), String(s.year + 1)), objectionDays: s.objectionDays, definition: structuredClone(s.definition) };
}
