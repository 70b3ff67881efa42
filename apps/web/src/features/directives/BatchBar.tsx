import { CheckOutlined, DeleteOutlined } from '@ant-design/icons';
import { Button, Checkbox, DatePicker, Dropdown, Modal, Select, Space, Typography, type ButtonProps } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { DraftItem } from './directives.api.ts';
import { invertSelection, selectAll, type BatchChange } from './draft-ops.ts';

type Field = 'lead' | 'co' | 'deadline' | 'category';

interface Props {
  items: DraftItem[];
  selected: ReadonlySet<string>;
  categories: string[];
  onSelect: (next: Set<string>) => void;
  onApply: (change: BatchChange) => void;
}

/**
 * Batch work on the draft: select all, none or the inverse, then leave the selected items out (or
 * bring them back), or give them one lead, co-units, deadline or category.
 */
export function BatchBar({ items, selected, categories, onSelect, onApply }: Props) {
  const { t } = useI18n();
  const [field, setField] = useState<Field | null>(null);
  const [units, setUnits] = useState<string[]>([]);
  const [deadline, setDeadline] = useState<string | null>(null);
  const [category, setCategory] = useState<string | null>(null);
  const count = selected.size;
  const all = count > 0 && count === items.length;

  const open = (next: Field) => {
    setUnits([]);
    setDeadline(null);
    setCategory(null);
    setField(next);
  };
  const apply = () => {
    if (field === 'lead') onApply({ kind: 'lead', unitIds: units });
    else if (field === 'co') onApply({ kind: 'co', unitIds: units });
    else if (field === 'deadline') onApply({ kind: 'deadline', deadline });
    else if (field === 'category') onApply({ kind: 'category', category });
    setField(null);
  };
  const labels: Record<Field, string> = { lead: t('directive.batchLead'), co: t('directive.batchCo'), deadline: t('directive.batchDeadline'), category: t('directive.batchCategory') };

  return (
    // Stays under the page header while a long draft scrolls, so items ticked far down are acted on where they are.
    <div className="draft-batch" style={{ position: 'sticky', top: 56, zIndex: 3 }} data-testid="draft-batch">
      <Space wrap size={[8, 6]}>
        <Checkbox checked={all} indeterminate={count > 0 && !all} onChange={(e) => onSelect(e.target.checked ? selectAll(items) : new Set())} data-testid="batch-all">
          {t('directive.selectAll')}
        </Checkbox>
        <Button size="small" type="link" onClick={() => onSelect(new Set())} disabled={count === 0} data-testid="batch-none">
          {t('directive.selectNone')}
        </Button>
        <Button size="small" type="link" onClick={() => onSelect(invertSelection(items, selected))} data-testid="batch-invert">
          {t('directive.selectInvert')}
        </Button>
        <Typography.Text type="secondary" data-testid="batch-count">
          {t('directive.selectedN', { count })}
        </Typography.Text>
      </Space>
      <Space wrap size={[6, 6]}>
        <Button size="small" danger icon={<DeleteOutlined />} disabled={count === 0} onClick={() => onApply({ kind: 'include', include: false })} data-testid="batch-exclude">
          {t('directive.drop')}
        </Button>
        <Button size="small" icon={<CheckOutlined />} disabled={count === 0} onClick={() => onApply({ kind: 'include', include: true })} data-testid="batch-include">
          {t('directive.batchInclude')}
        </Button>
        <Dropdown
          trigger={['click']}
          disabled={count === 0}
          menu={{ items: (['lead', 'co', 'deadline', 'category'] as Field[]).map((f) => ({ key: f, label: <span data-testid={`batch-${f}`}>{labels[f]}</span> })), onClick: ({ key }) => open(key as Field) }}
        >
          <Button size="small" disabled={count === 0} data-testid="batch-set">
            {t('directive.batchSet')}
          </Button>
        </Dropdown>
      </Space>
      <Modal
        open={field !== null}
        title={field ? t('directive.batchTitle', { action: labels[field], count }) : ''}
        okText={t('directive.batchApply', { count })}
        cancelText={t('common.cancel')}
        onCancel={() => setField(null)}
        onOk={apply}
        okButtonProps={{ disabled: field === 'lead' && units.length === 0, 'data-testid': 'batch-ok' } as ButtonProps}
        destroyOnHidden
      >
        {field === 'lead' || field === 'co' ? (
          <div className="item-field">
            <label htmlFor="batch-units">{field === 'lead' ? t('task.leadUnits') : t('task.coUnits')}</label>
            <OrgTreeSelect id="batch-units" multiple activeOnly value={units} onChange={setUnits} placeholder={field === 'lead' ? t('directive.pickLead') : t('directive.pickCo')} style={{ width: '100%' }} />
          </div>
        ) : null}
        {field === 'deadline' ? (
          <DatePicker style={{ width: '100%' }} value={deadline ? dayjs(deadline) : null} onChange={(d) => setDeadline(d ? d.format('YYYY-MM-DD') : null)} aria-label={t('task.deadline')} data-testid="batch-deadline-picker" />
        ) : null}
        {field === 'category' ? (
          <Select allowClear style={{ width: '100%' }} value={category ?? undefined} onChange={(v?: string) => setCategory(v ?? null)} options={categories.map((c) => ({ value: c, label: c }))} placeholder={t('directive.pickCategory')} data-testid="batch-category-picker" />
        ) : null}
        {field === 'co' || field === 'deadline' || field === 'category' ? (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {t('directive.batchClearHint')}
          </Typography.Paragraph>
        ) : null}
      </Modal>
    </div>
  );
}
