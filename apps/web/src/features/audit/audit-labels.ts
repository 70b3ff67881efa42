import type { Translate } from '../../i18n/I18nProvider.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { zhCN } from '../../i18n/zh-CN.ts';

/** The action prefixes the audit filter offers. */
export const AUDIT_PREFIXES = ['auth.', 'org.', 'user.', 'token.'] as const;

/** An audit action code in words ("org.create" → 新建单位), or the code itself when unknown. */
export function actionLabel(action: string, t: Translate): string {
  const key = `audit.action.${action}`;
  return key in zhCN ? t(key as MessageKey) : action;
}
