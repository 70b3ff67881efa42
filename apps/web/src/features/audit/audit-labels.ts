import { AUDIT_AREAS, type AuditArea } from '@luoshi/shared';
import type { Translate } from '../../i18n/I18nProvider.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { zhCN } from '../../i18n/zh-CN.ts';

/** The business areas the audit filter offers (账户, 组织, 任务, 督办, 文件, 系统). */
export const AUDIT_AREA_KEYS = Object.keys(AUDIT_AREAS) as AuditArea[];

/** Whether an audit action code has a label of its own. */
export function hasActionLabel(action: string): boolean {
  return `audit.action.${action}` in zhCN;
}

/** An audit action code in words ("order.reply" → 回复督办单), or the code itself when unknown. */
export function actionLabel(action: string, t: Translate): string {
  return hasActionLabel(action) ? t(`audit.action.${action}` as MessageKey) : action;
}

/** The business area an action belongs to, if any. */
export function areaOf(action: string): AuditArea | undefined {
  return AUDIT_AREA_KEYS.find((a) => AUDIT_AREAS[a].some((p) => action.startsWith(p)));
}
