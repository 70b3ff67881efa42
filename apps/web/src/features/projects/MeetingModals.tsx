import { useQuery } from '@tanstack/react-query';
import { App, DatePicker, Form, Input, Modal, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import type { HTMLAttributes } from 'react';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { tenantToday } from '../../lib/format.ts';
import { useFormSubmit } from '../../lib/use-form-submit.ts';
import { agendaCandidates, createMeeting, decideItem, type AgendaCandidate, type MeetingItem } from './projects.api.ts';

/** The agenda chosen from the open problems in the supervisor's scope (a form control: the chosen ids in order). */
function AgendaPicker({ value, onChange }: { value?: string[]; onChange?: (ids: string[]) => void }) {
  const { t } = useI18n();
  const query = useQuery({ queryKey: ['meetings', 'candidates'], queryFn: ({ signal }) => agendaCandidates(signal) });
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
      rowSelection={{ selectedRowKeys: value ?? [], onChange: (keys) => onChange?.(keys.map(String)) }}
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
  title: string;
  heldOn: Dayjs;
  place?: string;
  hostName: string;
  attendees?: string;
  problemIds: string[];
}

/** 组织会办: date, place, host leader, attendees, and the agenda chosen from the open problems. */
export function MeetingFormModal({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: (id: string) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<MeetingValues>();
  const { submit, busy } = useFormSubmit(form, async (v: MeetingValues) => {
    const created = await createMeeting({ title: v.title.trim(), heldOn: v.heldOn.format('YYYY-MM-DD'), place: v.place?.trim() || undefined, hostName: v.hostName.trim(), attendees: v.attendees?.trim() || undefined, problemIds: v.problemIds });
    message.success(t('meeting.created'));
    onClose();
    onSaved(created.meeting.id);
  });
  return (
    <Modal open={open} title={t('meeting.new')} onCancel={onClose} onOk={() => form.submit()} okText={t('meeting.new')} okButtonProps={{ 'data-testid': 'meeting-save' }} cancelText={t('common.cancel')} confirmLoading={busy} width={760} destroyOnHidden>
      <Form<MeetingValues> form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ heldOn: tenantToday(), problemIds: [] }} data-testid="meeting-form">
        <Form.Item name="title" label={t('meeting.title')} rules={[{ required: true, whitespace: true, message: t('meeting.titleRequired') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(200px, 1fr))', columnGap: 16 }}>
          <Form.Item name="heldOn" label={t('meeting.heldOn')} rules={[{ required: true, message: t('meeting.heldOn') }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="hostName" label={t('meeting.hostName')} rules={[{ required: true, whitespace: true, message: t('meeting.hostRequired') }]}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="place" label={t('meeting.place')}>
            <Input maxLength={200} />
          </Form.Item>
        </div>
        <Form.Item name="attendees" label={t('meeting.attendees')}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
        </Form.Item>
        <Form.Item name="problemIds" label={t('meeting.agenda')} rules={[{ required: true, type: 'array', min: 1, message: t('meeting.agendaRequired') }]} extra={t('meeting.agenda.hint')}>
          <AgendaPicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 议定事项: what was decided on an item, the units that carry it out and by when; it becomes a task. */
export function DecisionModal({ meetingId, item, onClose, onDone }: { meetingId: string; item: MeetingItem | null; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ content: string; leadUnitIds: string[]; deadline: Dayjs }>();
  const { submit, busy } = useFormSubmit(form, async (v: { content: string; leadUnitIds: string[]; deadline: Dayjs }) => {
    if (!item) return;
    await decideItem(meetingId, item.id, { content: v.content.trim(), leadUnitIds: v.leadUnitIds, deadline: v.deadline.format('YYYY-MM-DD') });
    message.success(t('meeting.decision.done'));
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
