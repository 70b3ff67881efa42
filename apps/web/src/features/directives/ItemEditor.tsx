import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, MergeCellsOutlined, RollbackOutlined, ScissorOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, DatePicker, Input, Modal, Radio, Select, Space, Tag, Typography, type ButtonProps } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { isNonTaskReason, type DraftItem, type SuggestedUnit } from './directives.api.ts';
import { splitPoints } from './draft-ops.ts';
import { UnitSuggestions, useUnitSuggestions } from './UnitSuggestions.tsx';

interface Props {
  item: DraftItem;
  isFirst: boolean;
  isLast: boolean;
  categories: string[];
  error?: string;
  onChange: (patch: Partial<DraftItem>) => void;
  onMove: (direction: -1 | 1) => void;
  onMerge: () => void;
  onSplit: (at: number) => void;
  onUnits: (units: SuggestedUnit[]) => void;
}

/**
 * Edits one proposed task: title and content, lead and co-units (the units its clause names are
 * offered first), deadline beside the parser's literal phrase, category; and the tree edits —
 * move, merge with the next item, split at a sentence, drop or restore.
 */
export function ItemEditor({ item, isFirst, isLast, categories, error, onChange, onMove, onMerge, onSplit, onUnits }: Props) {
  const { t } = useI18n();
  const suggestions = useUnitSuggestions(item.clause || item.content, true);
  const [splitting, setSplitting] = useState(false);
  const points = splitPoints(item.content);
  const [splitAt, setSplitAt] = useState<number>();

  const pick = (role: 'lead' | 'co', unit: SuggestedUnit) => {
    onUnits([unit]);
    if (role === 'lead') onChange({ leadUnitIds: [...item.leadUnitIds, unit.id], coUnitIds: item.coUnitIds.filter((id) => id !== unit.id) });
    else onChange({ coUnitIds: [...item.coUnitIds, unit.id], leadUnitIds: item.leadUnitIds.filter((id) => id !== unit.id) });
  };
  const chosen = [...item.leadUnitIds, ...item.coUnitIds];

  return (
    <div className="item-editor" data-testid="item-editor" onClick={(e) => e.stopPropagation()}>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="item-error" /> : null}
      {/* Why the parser left the sentence out, in words (the tree's tag says it only on hover, which a phone has not). */}
      {!item.include && isNonTaskReason(item.nonTask) ? (
        <Alert type="info" showIcon title={t(`directive.nonTaskReason.${item.nonTask}`)} style={{ marginBottom: 12 }} data-testid="item-nontask-reason" />
      ) : null}
      <label className="item-field">
        <span>{t('directive.itemTitle')}</span>
        <Input value={item.title} maxLength={200} showCount onChange={(e) => onChange({ title: e.target.value })} status={error && !item.title.trim() ? 'error' : undefined} data-testid="item-title" />
      </label>
      <label className="item-field">
        <span>{t('directive.itemContent')}</span>
        <Input.TextArea value={item.content} autoSize={{ minRows: 2, maxRows: 8 }} maxLength={20000} onChange={(e) => onChange({ content: e.target.value })} data-testid="item-content" />
      </label>
      <UnitField
        role="lead"
        label={t('task.leadUnits')}
        placeholder={t('directive.pickLead')}
        ids={item.leadUnitIds}
        namedInText={item.leadUnitNames}
        suggestions={suggestions}
        chosen={chosen}
        onPick={(u) => pick('lead', u)}
        onChange={(ids) => onChange({ leadUnitIds: ids, coUnitIds: item.coUnitIds.filter((id) => !ids.includes(id)) })}
      />
      <UnitField
        role="co"
        label={t('task.coUnits')}
        placeholder={t('directive.pickCo')}
        ids={item.coUnitIds}
        namedInText={item.coUnitNames}
        suggestions={suggestions}
        chosen={chosen}
        onPick={(u) => pick('co', u)}
        onChange={(ids) => onChange({ coUnitIds: ids.filter((id) => !item.leadUnitIds.includes(id)) })}
      />
      <div className="item-row">
        <label className="item-field">
          <span>{t('task.deadline')}</span>
          <Space wrap size={[8, 4]}>
            <DatePicker
              value={item.deadline ? dayjs(item.deadline) : null}
              onChange={(d) => onChange({ deadline: d ? d.format('YYYY-MM-DD') : null, ...(d ? { longTerm: false } : {}) })}
              disabled={item.longTerm === true}
              status={item.include && !item.deadline && !item.longTerm ? 'warning' : undefined}
              aria-label={t('task.deadline')}
              data-testid="item-deadline"
            />
            <Checkbox checked={item.longTerm === true} onChange={(e) => onChange({ longTerm: e.target.checked, ...(e.target.checked ? { deadline: null } : {}) })} data-testid="item-long-term">
              {t('task.longTerm')}
            </Checkbox>
            {item.include && !item.deadline && !item.longTerm ? (
              <Typography.Text type="warning" data-testid="item-deadline-missing">
                {t('directive.deadlineNeeded')}
              </Typography.Text>
            ) : null}
            {item.deadlineText ? (
              <Tag data-testid="item-deadline-text">{t('directive.deadlineInText', { text: item.deadlineText })}</Tag>
            ) : null}
          </Space>
        </label>
        <label className="item-field">
          <span>{t('task.category')}</span>
          <Select
            allowClear
            value={item.category ?? undefined}
            onChange={(v?: string) => onChange({ category: v ?? null })}
            options={categories.map((c) => ({ value: c, label: c }))}
            placeholder={t('directive.pickCategory')}
            style={{ minWidth: 160 }}
          />
        </label>
      </div>
      <Space wrap size={[6, 6]} className="item-actions">
        <Button size="small" icon={<ArrowUpOutlined />} disabled={isFirst} onClick={() => onMove(-1)} data-testid="item-up">
          {t('directive.moveUp')}
        </Button>
        <Button size="small" icon={<ArrowDownOutlined />} disabled={isLast} onClick={() => onMove(1)} data-testid="item-down">
          {t('directive.moveDown')}
        </Button>
        <Button size="small" icon={<MergeCellsOutlined />} disabled={isLast} onClick={onMerge} data-testid="item-merge">
          {t('directive.mergeNext')}
        </Button>
        <Button
          size="small"
          icon={<ScissorOutlined />}
          disabled={points.length === 0}
          onClick={() => {
            setSplitAt(points[0]);
            setSplitting(true);
          }}
          data-testid="item-split"
        >
          {t('directive.split')}
        </Button>
        {item.include ? (
          <Button size="small" danger icon={<DeleteOutlined />} onClick={() => onChange({ include: false })} data-testid="item-drop">
            {t('directive.drop')}
          </Button>
        ) : (
          <Button size="small" icon={<RollbackOutlined />} onClick={() => onChange({ include: true })} data-testid="item-restore">
            {t('directive.restore')}
          </Button>
        )}
      </Space>
      <Modal
        open={splitting}
        title={t('directive.splitTitle')}
        okText={t('directive.split')}
        onCancel={() => setSplitting(false)}
        onOk={() => {
          if (splitAt !== undefined) onSplit(splitAt);
          setSplitting(false);
        }}
        okButtonProps={{ disabled: splitAt === undefined, 'data-testid': 'split-ok' } as ButtonProps}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('directive.splitHint')}</Typography.Paragraph>
        <Radio.Group value={splitAt} onChange={(e) => setSplitAt(e.target.value as number)} style={{ width: '100%' }} data-testid="split-points">
          <Space orientation="vertical" style={{ width: '100%' }}>
            {points.map((p, n) => (
              <Radio key={p} value={p}>
                <span className="split-choice">
                  <Typography.Text type="secondary">{t('directive.splitAfter', { n: n + 1 })}</Typography.Text>
                  <span>{item.content.slice(n === 0 ? 0 : points[n - 1], p).trim()}</span>
                </span>
              </Radio>
            ))}
          </Space>
        </Radio.Group>
      </Modal>
    </div>
  );
}

interface UnitFieldProps {
  role: 'lead' | 'co';
  label: string;
  placeholder: string;
  ids: string[];
  /** The unit names as the text writes them (parser), shown as a hint. */
  namedInText: string[];
  suggestions: SuggestedUnit[];
  chosen: string[];
  onPick: (unit: SuggestedUnit) => void;
  onChange: (ids: string[]) => void;
}

/** Lead or co-units: the clause's units as quick picks above the full organisation picker. */
function UnitField({ role, label, placeholder, ids, namedInText, suggestions, chosen, onPick, onChange }: UnitFieldProps) {
  const { t } = useI18n();
  return (
    <div className="item-field">
      <span>{label}</span>
      <UnitSuggestions units={suggestions} chosen={chosen} onPick={onPick} testId={`${role}-suggestions`} />
      <OrgTreeSelect multiple activeOnly value={ids} onChange={onChange} placeholder={placeholder} data-testid={`item-${role}-units`} />
      {namedInText.length ? (
        <Typography.Text type="secondary" className="item-hint">
          {t('directive.namedInText', { names: namedInText.join('、') })}
        </Typography.Text>
      ) : null}
    </div>
  );
}
