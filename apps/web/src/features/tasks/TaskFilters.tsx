import { Button, Checkbox, DatePicker, Input, Select, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { LIGHTS, type Light } from '../../api/types.ts';
import { DeferredControl } from '../../components/DeferredControl.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { UserSelect } from '../users/UserSelect.tsx';
import type { TaskFilter } from './tasks.api.ts';
import { TaskStatusSelect } from './TaskStatusSelect.tsx';

const LIGHT_COLORS: Record<Light, string> = { red: 'red', yellow: 'gold', green: 'green', none: 'default' };

/** How many filters are set (sort aside), for the badge on the phone's 筛选 button. */
export function activeFilterCount(filter: TaskFilter): number {
  return Object.entries(filter).filter(([k, v]) => k !== 'sort' && k !== 'deadlineTo' && v !== undefined && (!Array.isArray(v) || v.length > 0)).length + (filter.deadlineTo && !filter.deadlineFrom ? 1 : 0);
}

/** The filter bar of the task list: unit subtree, lights, status, category, deadline range, leader, keyword, sort. */
export function TaskFilters({ filter, categories, onChange, showLeader = true }: { filter: TaskFilter; categories: string[]; onChange: (next: TaskFilter) => void; showLeader?: boolean }) {
  const { t } = useI18n();
  const [q, setQ] = useState(filter.q ?? '');
  useEffect(() => setQ(filter.q ?? ''), [filter.q]);
  const set = (patch: Partial<TaskFilter>) => onChange({ ...filter, ...patch });
  const lights = filter.light ?? [];
  const range: [Dayjs | null, Dayjs | null] | null = filter.deadlineFrom || filter.deadlineTo ? [filter.deadlineFrom ? dayjs(filter.deadlineFrom) : null, filter.deadlineTo ? dayjs(filter.deadlineTo) : null] : null;
  const active = activeFilterCount(filter) > 0;

  return (
    <div data-testid="task-filters">
      <div className="filter-bar">
        <Input.Search
          allowClear
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder={t('tasks.search')}
          style={{ width: 280 }}
          onSearch={(value) => set({ q: value.trim() || undefined })}
          data-testid="task-search"
        />
        <DeferredControl width={200}>
          <OrgTreeSelect value={filter.unitId ?? null} onChange={(v) => set({ unitId: v })} placeholder={t('tasks.filterUnit')} style={{ width: 200 }} />
        </DeferredControl>
        <DeferredControl width={200}>
          <TaskStatusSelect value={filter.status ?? []} onChange={(v) => set({ status: v.length ? v : undefined })} placeholder={t('tasks.filterStatus')} width={200} />
        </DeferredControl>
        <DeferredControl width={140}>
          <Select<string>
            allowClear
            placeholder={t('tasks.filterCategory')}
            style={{ width: 140 }}
            value={filter.category}
            onChange={(v) => set({ category: v })}
            options={categories.map((c) => ({ value: c, label: c }))}
          />
        </DeferredControl>
        <DeferredControl width={250}>
          <DatePicker.RangePicker
            value={range}
            allowEmpty={[true, true]}
            placeholder={[t('tasks.deadlineFrom'), t('tasks.deadlineTo')]}
            style={{ width: 250 }}
            onChange={(v) => set({ deadlineFrom: v?.[0]?.format('YYYY-MM-DD'), deadlineTo: v?.[1]?.format('YYYY-MM-DD') })}
          />
        </DeferredControl>
        {showLeader ? (
          <DeferredControl width={180}>
            <UserSelect role="leader" value={filter.leaderId} onChange={(v) => set({ leaderId: v })} placeholder={t('tasks.filterLeader')} style={{ width: 180 }} />
          </DeferredControl>
        ) : null}
      </div>
      <div className="filter-bar" style={{ alignItems: 'center' }}>
        <span className="filter-light-tags" data-testid="light-filter">
          {LIGHTS.filter((l) => l !== 'none').map((l) => (
            <Tag.CheckableTag
              key={l}
              checked={lights.includes(l)}
              className={`light-check light-check-${l}`}
              onChange={(checked) => {
                const next = checked ? [...lights, l] : lights.filter((x) => x !== l);
                set({ light: next.length ? next : undefined });
              }}
            >
              <Tag color={LIGHT_COLORS[l]} bordered={false} style={{ margin: 0, background: 'transparent' }}>
                <span className={`light-dot light-dot-${l}`} aria-hidden="true" />
                {t(`light.${l}`)}
              </Tag>
            </Tag.CheckableTag>
          ))}
        </span>
        <Checkbox checked={filter.rootsOnly ?? false} onChange={(e) => set({ rootsOnly: e.target.checked || undefined })}>
          {t('tasks.rootsOnly')}
        </Checkbox>
        <DeferredControl width={170}>
          <Select<NonNullable<TaskFilter['sort']>>
            style={{ width: 170 }}
            value={filter.sort ?? 'urgency'}
            onChange={(v) => set({ sort: v === 'urgency' ? undefined : v })}
            data-testid="task-sort"
            options={[
              { value: 'urgency', label: t('tasks.sortUrgency') },
              { value: 'deadline', label: t('tasks.sortDeadline') },
              { value: 'created', label: t('tasks.sortCreated') },
              { value: 'light', label: t('tasks.sortLight') },
            ]}
          />
        </DeferredControl>
        {filter.flag ? (
          <Tag closable color="processing" onClose={() => set({ flag: undefined })} data-testid="flag-filter">
            {t('tasks.flagFilter', { label: t(`home.count.${filter.flag}`) })}
          </Tag>
        ) : null}
        {filter.ownerUnitId ? (
          <Tag closable color="processing" onClose={() => set({ ownerUnitId: undefined })} data-testid="owner-unit-filter">
            {t('tasks.ownUnitFilter')}
          </Tag>
        ) : null}
        {active ? (
          <Button type="link" onClick={() => onChange({ sort: filter.sort })}>
            {t('tasks.reset')}
          </Button>
        ) : null}
      </div>
    </div>
  );
}
