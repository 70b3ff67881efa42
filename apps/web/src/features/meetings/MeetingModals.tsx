import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { App, DatePicker, Form, Input, Modal, Select, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState, type HTMLAttributes } from 'react';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { tenantToday } from '../../lib/format.ts';
import { useFormSubmit } from '../../lib/use-form-submit.ts';
import { agendaCandidates, createMeeting, decideItem, MEETING_KINDS, projectCandidates, unitCandidates, type AgendaCandidate, type MeetingItem, type MeetingKind, type ProjectCandidate, type UnitCandidate } from './meetings.api.ts';
import { CellText } from '../../components/TipHost.tsx';
import { useSelectionLabels } from '../../lib/use-selection-labels.ts';

const pct = (n: number | null | undefined) => (n === null || n === undefined ? '—' : `${n}%`);

/** The periods a 点评 (this quarter and the eight before) or a 述职 (this year and the two before) is drawn from. */
export function periodOptions(kind: 'review' | 'duty_report', today: Dayjs): { value: string; label: string }[] {
  const year = today.year();
  if (kind === 'duty_report') return [0, 1, 2].map((i) => ({ value: String(year - i), label: `${year - i}年度` }));
  const cn = ['一', '二', '三', '四'];
  let q = Math.floor(today.month() / 3) + 1;
  let y = year;
  const out: { value: string; label: string }[] = [];
  for (let i = 0; i < 9; i++) {
    out.push({ value: `${y}-Q${q}`, label: `${y}年第${cn[q - 1]}季度` });
    q -= 1;
    if (q === 0) {
      q = 4;
      y -= 1;
    }
  }
  return out;
}

/** 点评's and 述职's agenda: the scope's units with their line for the period (all chosen at first). */
function UnitPicker({ kind, period, value, onChange }: { kind: 'review' | 'duty_report'; period: string | undefined; value?: string[]; onChange?: (ids: string[]) => void }) {
  const { t } = useI18n();
  const selectionLabels = useSelectionLabels();
  const query = useQuery({ queryKey: ['meetings', 'unit-candidates', kind, period], queryFn: ({ signal }) => unitCandidates(kind, period!, signal), enabled: Boolean(period) });
  const data = query.data;
  useEffect(() => {
    if (data && !(value ?? []).length) onChange?.(data.map((u) => u.unitId));
    // Only when a period's lines arrive: the user's own choice is kept afterwards.
  }, [data]);
  return (
    <Table<UnitCandidate>
      size="small"
      rowKey="unitId"
      loading={query.isLoading}
      dataSource={data ?? []}
      pagination={false}
      scroll={{ y: 300, x: kind === 'duty_report' ? 720 : undefined }}
      locale={{ emptyText: t('meeting.units.none') }}
      data-testid="meeting-unit-picker"
      rowSelection={{ selectedRowKeys: value ?? [], onChange: (keys) => onChange?.(keys.map(String)), ...selectionLabels }}
      onRow={() => ({ 'data-testid': 'meeting-unit-candidate' }) as HTMLAttributes<HTMLElement>}
      columns={[
        { key: 'rank', title: t('meeting.units.rank'), width: 60, render: (_: unknown, u) => u.rank },
        { key: 'name', title: t('meeting.units.unit'), width: 150, render: (_: unknown, u) => u.name },
        { key: 'onTime', title: t('meeting.units.onTimeRate'), width: 100, render: (_: unknown, u) => pct(u.onTimeRate) },
        { key: 'overdue', title: t('meeting.units.overdue'), width: 70, render: (_: unknown, u) => u.overdue },
        { key: 'rect', title: t('meeting.units.rectificationRate'), width: 90, render: (_: unknown, u) => pct(u.rectificationRate) },
        { key: 'inv', title: t('meeting.units.investmentRate'), width: 100, render: (_: unknown, u) => pct(u.investmentRate) },
        ...(kind === 'duty_report' ? [{ key: 'draft', title: t('meeting.units.draft'), render: (_: unknown, u: UnitCandidate) => <CellText text={u.draft}>{u.draft}</CellText> }] : []),
      ]}
    />
  );
}

/** 观摩's agenda: projects in scope with the year's investment and their newest progress, searchable. */
function ProjectPicker({ value, onChange }: { value?: string[]; onChange?: (ids: string[]) => void }) {
  const { t } = useI18n();
  const selectionLabels = useSelectionLabels();
  const [q, setQ] = useState('');
  const query = useQuery({ queryKey: ['meetings', 'project-candidates', q], queryFn: ({ signal }) => projectCandidates(q, signal), placeholderData: keepPreviousData });
  return (
    <>
      <Input.Search allowClear placeholder={t('meeting.projects.search')} onSearch={(v) => setQ(v)} style={{ marginBottom: 8, maxWidth: 320 }} data-testid="meeting-project-search" />
      <Table<ProjectCandidate>
        size="small"
        rowKey="id"
        loading={query.isLoading}
        dataSource={query.data?.data ?? []}
        pagination={false}
        scroll={{ y: 280 }}
        locale={{ emptyText: t('meeting.projects.none') }}
        data-testid="meeting-project-picker"
        rowSelection={{ ...selectionLabels, selectedRowKeys: value ?? [], preserveSelectedRowKeys: true, onChange: (keys) => onChange?.(keys.map(String)) }}
        onRow={() => ({ 'data-testid': 'meeting-project-candidate' }) as HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'name', title: t('meeting.agenda.project'), width: 200, render: (_: unknown, p) => `${p.name}（${p.leadUnitName}）` },
          { key: 'stage', title: t('meeting.projects.stage'), width: 70, render: (_: unknown, p) => p.stageLabel },
          { key: 'inv', title: t('meeting.units.investmentRate'), width: 100, render: (_: unknown, p) => pct(p.investmentRate) },
          { key: 'progress', title: t('meeting.projects.progress'), render: (_: unknown, p) => <CellText text={p.progress}>{p.progress || '—'}</CellText> },
        ]}
      />
      {query.data && query.data.total > query.data.data.length ? <Typography.Text type="secondary">{t('meeting.projects.more', { shown: query.data.data.length, total: query.data.total })}</Typography.Text> : null}
    </>
  );
}

/** The agenda chosen from the open problems in the supervisor's scope (a form control: the chosen ids in order). */
function AgendaPicker({ value, onChange }: { value?: string[]; onChange?: (ids: string[]) => void }) {
  const { t } = useI18n();
  const selectionLabels = useSelectionLabels();
  const query = useQuery({ queryKey: ['meetings', 'candidates'], queryFn: async ({ signal }) => (await agendaCandidates(signal)).data });
  return (
    <Table<AgendaCandidate>
      size="small"
      rowKey="id"
      loading={query.isLoading}
      dataSource={query.data ?? []}
      pagination={false}
      scroll={{ y: 280 }}
      locale={{ emptyText: t('meeting.agenda.none') }}
      data-testid="meeting-agenda-picker"
      rowSelection={{ selectedRowKeys: value ?? [], onChange: (keys) => onChange?.(keys.map(String)), ...selectionLabels }}
      onRow={() => ({ 'data-testid': 'meeting-candidate' }) as HTMLAttributes<HTMLElement>}
      columns={[
        { key: 'project', title: t('meeting.agenda.project'), width: 180, render: (_: unknown, c) => `${c.project.name}（${c.project.leadUnitName}）` },
        { key: 'problem', title: t('meeting.agenda.problem'), render: (_: unknown, c) => <>{c.description}{c.timesDiscussed ? <Tag style={{ marginLeft: 6 }}>{t('meeting.agenda.discussed', { n: c.timesDiscussed })}</Tag> : null}</> },
        { key: 'period', title: t('meeting.agenda.period'), width: 90, render: (_: unknown, c) => c.period ?? '—' },
      ]}
    />
  );
}

interface MeetingValues {
  kind: MeetingKind;
  title: string;
  heldOn: Dayjs;
  place?: string;
  hostName: string;
  attendees?: string;
  period?: string;
  problemIds?: string[];
  unitIds?: string[];
  projectIds?: string[];
}

/** Where a new meeting starts from: a kind, and for a rhythm's occurrence its period and id. */
export interface MeetingStart {
  kind?: MeetingKind | undefined;
  period?: string | undefined;
  occurrenceId?: string | undefined;
  title?: string | undefined;
}

/**
 * 组织会议: the kind (会办, 点评, 观摩, 述职), date, place, host leader, attendees, and the agenda
 * drawn from the data: open project problems, the period's units with their figures, or projects.
 */
export function MeetingFormModal({ open, start, onClose, onSaved }: { open: boolean; start?: MeetingStart | undefined; onClose: () => void; onSaved: (id: string) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<MeetingValues>();
  const kind = Form.useWatch('kind', form) ?? start?.kind ?? 'coordination';
  const period = Form.useWatch('period', form);
  const today = tenantToday();
  const { submit, busy } = useFormSubmit(form, async (v: MeetingValues) => {
    const created = await createMeeting({
      kind: v.kind,
      title: v.title.trim(),
      heldOn: v.heldOn.format('YYYY-MM-DD'),
      place: v.place?.trim() || undefined,
      hostName: v.hostName.trim(),
      attendees: v.attendees?.trim() || undefined,
      ...(v.kind === 'coordination' ? { problemIds: v.problemIds } : v.kind === 'site_visit' ? { projectIds: v.projectIds } : { unitIds: v.unitIds, period: v.period }),
      occurrenceId: start?.occurrenceId,
    });
    message.success(t('meeting.created'));
    onClose();
    onSaved(created.meeting.id);
  });
  const initialKind = start?.kind ?? 'coordination';
  const defaultPeriod = (k: MeetingKind) => (k === 'review' ? periodOptions(k, today)[1]!.value : k === 'duty_report' ? periodOptions(k, today)[0]!.value : undefined);
  return (
    <Modal open={open} title={t('meeting.new')} onCancel={onClose} onOk={() => form.submit()} okText={t('meeting.new')} okButtonProps={{ 'data-testid': 'meeting-save' }} cancelText={t('common.cancel')} confirmLoading={busy} width={860} destroyOnHidden>
      <Form<MeetingValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={{ kind: initialKind, title: start?.title, heldOn: today, period: start?.period ?? defaultPeriod(initialKind), problemIds: [], unitIds: [], projectIds: [] }}
        onValuesChange={(changed: Partial<MeetingValues>) => {
          if (changed.kind) form.setFieldsValue({ period: defaultPeriod(changed.kind), unitIds: [] });
          if (changed.period) form.setFieldsValue({ unitIds: [] });
        }}
        data-testid="meeting-form"
      >
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(200px, 1fr))', columnGap: 16 }}>
          <Form.Item name="kind" label={t('meeting.kind')}>
            <Select disabled={Boolean(start?.occurrenceId)} options={MEETING_KINDS.map((k) => ({ value: k, label: t(`meeting.kind.${k}`) }))} data-testid="meeting-kind" />
          </Form.Item>
          <Form.Item name="title" label={t('meeting.title')} rules={[{ required: true, whitespace: true, message: t('meeting.titleRequired') }]} style={{ gridColumn: 'span 2' }}>
            <Input maxLength={200} data-testid="meeting-title-input" />
          </Form.Item>
          <Form.Item name="heldOn" label={t('meeting.heldOn')} rules={[{ required: true, message: t('meeting.heldOn') }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="hostName" label={t('meeting.hostName')} rules={[{ required: true, whitespace: true, message: t('meeting.hostRequired') }]}>
            <Input maxLength={50} data-testid="meeting-host" />
          </Form.Item>
          <Form.Item name="place" label={t('meeting.place')}>
            <Input maxLength={200} />
          </Form.Item>
        </div>
        <Form.Item name="attendees" label={t('meeting.attendees')}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
        </Form.Item>
        {kind === 'coordination' ? (
          <Form.Item name="problemIds" label={t('meeting.agenda')} rules={[{ required: true, type: 'array', min: 1, message: t('meeting.agendaRequired') }]} extra={t('meeting.agenda.hint')}>
            <AgendaPicker />
          </Form.Item>
        ) : null}
        {kind === 'review' || kind === 'duty_report' ? (
          <>
            <Form.Item name="period" label={t(`meeting.period.${kind}`)} rules={[{ required: true, message: t(`meeting.period.${kind}`) }]} style={{ maxWidth: 240 }}>
              <Select disabled={Boolean(start?.occurrenceId)} options={start?.period && !periodOptions(kind, today).some((o) => o.value === start.period) ? [{ value: start.period, label: start.period }, ...periodOptions(kind, today)] : periodOptions(kind, today)} data-testid="meeting-period" />
            </Form.Item>
            <Form.Item name="unitIds" label={t('meeting.agenda')} rules={[{ required: true, type: 'array', min: 1, message: t('meeting.units.required') }]} extra={t(`meeting.units.hint.${kind}`)}>
              <UnitPicker kind={kind} period={period} />
            </Form.Item>
          </>
        ) : null}
        {kind === 'site_visit' ? (
          <Form.Item name="projectIds" label={t('meeting.agenda')} rules={[{ required: true, type: 'array', min: 1, message: t('meeting.projects.required') }]} extra={t('meeting.projects.hint')}>
            <ProjectPicker />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

/** 议定事项: what was decided on an item, the units that carry it out and by when; it becomes a task. */
export function DecisionModal({ meetingId, kind: kindOf, item, onClose, onDone }: { meetingId: string; kind: MeetingKind; item: MeetingItem | null; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ content: string; leadUnitIds: string[]; deadline: Dayjs }>();
  const { submit, busy } = useFormSubmit(form, async (v: { content: string; leadUnitIds: string[]; deadline: Dayjs }) => {
    if (!item) return;
    await decideItem(meetingId, item.id, { content: v.content.trim(), leadUnitIds: v.leadUnitIds, deadline: v.deadline.format('YYYY-MM-DD') });
    message.success(t(kindOf === 'coordination' ? 'meeting.decision.done' : 'meeting.decision.doneTask'));
    onDone();
    onClose();
  });
  return (
    <Modal open={item !== null} title={t('meeting.decision.new')} onCancel={onClose} onOk={() => form.submit()} okText={t('meeting.decision.submit')} okButtonProps={{ 'data-testid': 'decision-submit' }} cancelText={t('common.cancel')} confirmLoading={busy} destroyOnHidden>
      <p>{item?.subject}</p>
      <Form form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ deadline: tenantToday().add(1, 'month') }} data-testid="decision-form">
        <Form.Item name="content" label={t('meeting.decision.content')} rules={[{ required: true, whitespace: true, message: t('meeting.decision.contentRequired') }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} data-testid="decision-content" />
        </Form.Item>
        <Form.Item name="leadUnitIds" label={t('project.problem.units')} rules={[{ required: true, message: t('project.problem.unitsRequired') }]}>
          <OrgTreeSelect multiple activeOnly />
        </Form.Item>
        <Form.Item name="deadline" label={t('project.problem.deadline')} rules={[{ required: true, message: t('project.problem.deadline') }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
