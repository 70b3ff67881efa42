import { Tag } from 'antd';
import type { Light } from '../api/types.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { lightReasonInEnglish } from '../lib/light-reason.ts';

const COLORS: Record<Light, string | undefined> = { green: 'success', yellow: 'warning', red: 'error', none: undefined };

/** A light's reason in the interface language (the server writes it in Chinese). */
export function useLightReason(): (reason: string | null | undefined) => string {
  const { language } = useI18n();
  return (reason) => (reason ? (language === 'en' ? lightReasonInEnglish(reason) : reason) : '');
}

/**
 * A task's computed light: 绿灯 / 黄灯 / 红灯, or a dash when it has none (drafts, closed work).
 * The reason ("逾期 5 天") is always in the tooltip (the app's one TipHost), and beside the tag unless `compact`.
 */
export function LightTag({ light, reason: raw, compact = false }: { light: Light; reason?: string | null; compact?: boolean }) {
  const { t, language } = useI18n();
  const reason = useLightReason()(raw);
  const label = light === 'none' ? '—' : t(`light.${light}`);
  const tooltip = [light === 'none' ? t('light.none') : label, reason].filter(Boolean).join(language === 'en' ? ': ' : '：');
  return (
    <span className="light-tag" data-testid="light-tag" data-light={light} data-tip={tooltip}>
      <Tag color={COLORS[light]} className={`light-tag-${light}`} style={{ marginInlineEnd: 0 }}>
        <span className="light-dot" aria-hidden="true" />
        {label}
      </Tag>
      {!compact && reason && light !== 'none' ? <span className={`light-reason light-reason-${light}`}>{reason}</span> : null}
    </span>
  );
}
