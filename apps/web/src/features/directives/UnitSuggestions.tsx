import { PlusOutlined } from '@ant-design/icons';
import { Space, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { suggestUnits, type SuggestedUnit } from './directives.api.ts';

const cache = new Map<string, Promise<SuggestedUnit[]>>();

/** The units named in a clause (POST /api/directives/suggest-units), asked once per text. */
export function useUnitSuggestions(text: string, enabled: boolean): SuggestedUnit[] {
  const [units, setUnits] = useState<SuggestedUnit[]>([]);
  useEffect(() => {
    if (!enabled || !text.trim()) {
      setUnits([]);
      return;
    }
    let cancelled = false;
    let pending = cache.get(text);
    if (!pending) {
      pending = suggestUnits(text);
      cache.set(text, pending);
      pending.catch(() => cache.delete(text));
    }
    pending.then(
      (list) => !cancelled && setUnits(list),
      () => !cancelled && setUnits([]),
    );
    return () => {
      cancelled = true;
    };
  }, [text, enabled]);
  return units;
}

const pathText = (path: SuggestedUnit['path']) => path.map((p) => p.name).join(' / ');

/** Quick-pick tags for the units the clause names; a click adds the unit to the picker beside it. */
export function UnitSuggestions({ units, chosen, onPick, testId }: { units: SuggestedUnit[]; chosen: string[]; onPick: (unit: SuggestedUnit) => void; testId: string }) {
  const { t } = useI18n();
  const open = units.filter((u) => !chosen.includes(u.id));
  if (open.length === 0) return null;
  return (
    <Space size={[4, 4]} wrap className="unit-suggestions" data-testid={testId}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('directive.suggested')}
      </Typography.Text>
      {open.map((u) => (
        <Tooltip key={u.id} title={[pathText(u.path), u.matched !== u.name ? t('directive.matchedAs', { text: u.matched }) : ''].filter(Boolean).join(' · ') || undefined}>
          <Tag className="unit-suggestion" color="blue" icon={<PlusOutlined />} onClick={() => onPick(u)} data-testid="unit-suggestion" role="button">
            {u.name}
          </Tag>
        </Tooltip>
      ))}
    </Space>
  );
}
