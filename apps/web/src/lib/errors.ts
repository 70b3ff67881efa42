import type { FormInstance } from 'antd';
import { ApiError, fieldErrors } from '../api/client.ts';
import type { Translate } from '../i18n/I18nProvider.tsx';

/**
 * The text to show for a failed call: the server's own (Chinese) message, or a translated fallback;
 * "busy, try again later" while the server answers 503 (its database briefly away; reads retry by themselves).
 */
export function errorMessage(error: unknown, t: Translate): string {
  if (error instanceof ApiError) {
    if (error.code === 'NETWORK') return t('error.network');
    if (error.status === 503) return t('error.busy');
    return error.message;
  }
  return t('error.unknown');
}

/** The field a CONFLICT answer is about, from its unique constraint (`org_units_tenant_id_code_key` → code). */
function conflictErrors(error: unknown): { field: string; message: string }[] {
  if (!(error instanceof ApiError) || error.code !== 'CONFLICT') return [];
  const constraint = (error.details as { constraint?: string } | undefined)?.constraint ?? '';
  const column = /_tenant_id_([a-z_]+)_key$/.exec(constraint)?.[1];
  return column ? [{ field: column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), message: error.message }] : [];
}

/**
 * Puts the field errors of a VALIDATION answer (and a CONFLICT on a unique column) on the form's
 * matching fields (`grants.0.unitIds` → ['grants', 0, 'unitIds']). Returns true when at least one
 * field took an error, so the caller only shows a general message for errors no field can carry.
 */
export function showFieldErrors(form: FormInstance, error: unknown): boolean {
  const known = new Set([...Object.keys(form.getFieldsValue() as object), ...Object.keys(form.getFieldsValue(true) as object)]);
  const fields = [...fieldErrors(error), ...conflictErrors(error)]
    .filter((e) => e.field && known.has(e.field.split('.')[0] ?? ''))
    .map((e) => ({ name: e.field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)), errors: [e.message] }));
  if (fields.length) form.setFields(fields);
  return fields.length > 0;
}
