import { App, Button, Col, DatePicker, Form, Input, InputNumber, Modal, Radio, Row, Select, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { PRIORITIES, REPORT_CYCLES, type Priority, type ReportCycle, type TaskDetail } from '../../api/types.ts';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { errorMessage, showFieldErrors } from '../../lib/errors.ts';
import { UserMultiSelect } from '../users/UserSelect.tsx';
import { AttachmentUpload, finishedIds, storedFiles, type AttachmentFile } from './AttachmentUpload.tsx';
import { createTask, updateTask, type TaskOne } from './tasks.api.ts';
import { NoActorAlert, useUnitsWithoutActor } from './UnitActorWarning.tsx';

interface Values {
  title: string;
  content?: string;
  category?: string;
  priority: Priority;
  leadUnitIds: string[];
  coUnitIds?: string[];
  responsibleLeaderIds?: string[];
  startDate?: Dayjs | null;
  deadline?: Dayjs | null;
  longTerm?: boolean;
  reportCycle: ReportCycle;
  reportDueDay?: number;
  ackWorkdays?: number;
  unitChangeReason?: string;
}

const DEFAULT_DUE: Record<ReportCycle, number> = { none: 0, weekly: 5, biweekly: 5, monthly: 25, quarterly: 20 };

/**
 * The units a task was given: a split task's lead units are its parts issued with it (the task
 * itself belongs to the issuing office); co-units are its co parts. Cancelled parts are gone.
 */
export function unitsOf(task: TaskDetail): { leadUnitIds: string[]; coUnitIds: string[] } {
  const parts = task.children.filter((c) => c.issuerUnitId === task.issuerUnitId && c.status !== 'cancelled');
  const split = task.parentId === null && task.ownerUnit.id === task.issuerUnit.id;
  return { leadUnitIds: split ? parts.filter((c) => c.unitRole === 'lead').map((c) => c.ownerUnit.id) : [task.ownerUnit.id], coUnitIds: parts.filter((c) => c.unitRole === 'co').map((c) => c.ownerUnit.id) };
}

const sameSet = (a: string[] = [], b: string[] = []) => a.length === b.length && a.every((x) => b.includes(x));

/** The form's values of an existing task. */
function valuesOf(task: TaskDetail): Partial<Values> {
  return {
    ...unitsOf(task),
    longTerm: task.longTerm,
    title: task.title,
    content: task.content,
    category: task.category ?? undefined,
    priority: task.priority,
    responsibleLeaderIds: task.responsibleLeaders.map((l) => l.id),
    startDate: task.startDate ? dayjs(task.startDate) : null,
    deadline: task.deadline ? dayjs(task.deadline) : null,
    reportCycle: task.reportCycle,
    reportDueDay: task.reportDueDay,
  };
}

/**
 * 新建任务: what, who leads (several = 分办), who helps, which leader answers for it, when it is
 * due and how often units report, the documents that go with it; saved as a draft or assigned at
 * once. With `editing`, the issuer changes an existing task, its units included (a dropped unit's
 * part is cancelled, an added unit's assigned). Units without a liaison are warned about, not refused.
 */
export function TaskFormModal({
  open,
  categories,
  editing,
  onClose,
  onCreated,
  onSaved,
}: {
  open: boolean;
  categories: string[];
  editing?: TaskDetail | null;
  onClose: () => void;
  onCreated?: (task: TaskDetail) => void;
  onSaved?: (task: TaskOne) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState<'draft' | 'assign' | 'save' | null>(null);
  const [files, setFiles] = useState<AttachmentFile[]>(() => (editing ? storedFiles(editing.attachments) : []));
  const cycle = Form.useWatch('reportCycle', form) ?? 'none';
  const longTerm = Form.useWatch('longTerm', form) ?? false;
  const leadUnitIds = Form.useWatch('leadUnitIds', form);
  const coUnitIds = Form.useWatch('coUnitIds', form);
  const withoutActor = useUnitsWithoutActor([...(leadUnitIds ?? []), ...(coUnitIds ?? [])]);
  const before = editing ? unitsOf(editing) : null;
  const unitsChanged = before !== null && leadUnitIds !== undefined && (!sameSet(leadUnitIds, before.leadUnitIds) || !sameSet(coUnitIds ?? [], before.coUnitIds));

  const common = (values: Values) => ({
    title: values.title.trim(),
    content: values.content?.trim() ?? '',
    category: values.category ?? null,
    priority: values.priority,
    responsibleLeaderIds: values.responsibleLeaderIds ?? [],
    startDate: values.startDate?.format('YYYY-MM-DD') ?? null,
    deadline: values.longTerm ? null : (values.deadline?.format('YYYY-MM-DD') ?? null),
    longTerm: values.longTerm ?? false,
    reportCycle: values.reportCycle,
    reportDueDay: values.reportCycle === 'none' ? 0 : (values.reportDueDay ?? DEFAULT_DUE[values.reportCycle]),
  });

  const submit = async (mode: 'draft' | 'assign' | 'save') => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const attachmentIds = finishedIds(files);
    if (!attachmentIds) {
      message.warning(t('report.uploading'));
      return;
    }
    setBusy(mode);
    try {
      if (mode === 'save' && editing) {
        const units = unitsChanged ? { leadUnitIds: values.leadUnitIds, coUnitIds: values.coUnitIds ?? [], unitChangeReason: values.unitChangeReason?.trim() || undefined } : {};
        const saved = await updateTask(editing.id, { ...common(values), ...units, attachmentIds });
        message.success(t('taskForm.saved', { title: saved.data.title }));
        onSaved?.(saved);
      } else {
        const { data } = await createTask({ ...common(values), content: values.content?.trim() || undefined, leadUnitIds: values.leadUnitIds, coUnitIds: values.coUnitIds ?? [], ackWorkdays: values.ackWorkdays, assign: mode === 'assign', attachmentIds });
        message.success(mode === 'assign' ? t('taskForm.assigned', { title: data.title }) : t('taskForm.drafted', { title: data.title }));
        form.resetFields();
        setFiles([]);
        onCreated?.(data);
      }
    } catch (err) {
      if (!showFieldErrors(form, err)) message.error(errorMessage(err, t));
    } finally {
      setBusy(null);
    }
  };

  const footer = editing
    ? [
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="save" type="primary" loading={busy === 'save'} onClick={() => submit('save')} data-testid="task-save">
          {t('common.save')}
        </Button>,
      ]
    : [
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="draft" loading={busy === 'draft'} disabled={busy !== null} onClick={() => submit('draft')} data-testid="task-save-draft">
          {t('taskForm.saveDraft')}
        </Button>,
        <Button key="assign" type="primary" loading={busy === 'assign'} disabled={busy !== null} onClick={() => submit('assign')} data-testid="task-assign-now">
          {t('taskForm.assignNow')}
        </Button>,
      ];

  return (
    <Modal
      open={open}
      title={editing ? t('taskForm.editTitle') : t('taskForm.title')}
      onCancel={onClose}
      width={780}
      destroyOnHidden
      footer={footer}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        data-testid="task-form"
        initialValues={editing ? valuesOf(editing) : { priority: 'normal', reportCycle: 'none', ackWorkdays: 1 }}
        onValuesChange={(changed: Partial<Values>) => {
          if (changed.reportCycle) form.setFieldValue('reportDueDay', DEFAULT_DUE[changed.reportCycle]);
          // A long-term task has no deadline and is lit by its reports: it needs a rhythm.
          if (changed.longTerm) {
            form.setFieldValue('deadline', null);
            if (form.getFieldValue('reportCycle') === 'none') form.setFieldsValue({ reportCycle: 'monthly', reportDueDay: DEFAULT_DUE.monthly });
          }
          if (changed.longTerm !== undefined) void form.validateFields(['deadline', 'reportCycle']).catch(() => undefined);
        }}
      >
        <Form.Item name="title" label={t('task.title')} rules={[{ required: true, whitespace: true, message: t('taskForm.titleRequired') }, { max: 200 }]}>
          <Input placeholder={t('taskForm.titlePlaceholder')} maxLength={200} showCount />
        </Form.Item>
        <Form.Item name="content" label={t('task.content')}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={20000} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="category" label={t('task.category')}>
              <Select allowClear options={categories.map((c) => ({ value: c, label: c }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="priority" label={t('task.priority')}>
              <Radio.Group optionType="button" options={PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="leadUnitIds" label={t('task.leadUnits')} extra={editing ? t('taskForm.editUnitsHint') : t('taskForm.leadHint')} rules={[{ required: true, type: 'array', min: 1, message: t('taskForm.leadRequired') }]}>
          <OrgTreeSelect multiple activeOnly data-testid="task-lead-units" />
        </Form.Item>
        <Form.Item name="coUnitIds" label={t('task.coUnits')} extra={editing ? undefined : t('taskForm.coHint')}>
          <OrgTreeSelect multiple activeOnly data-testid="task-co-units" />
        </Form.Item>
        {unitsChanged ? (
          <Form.Item name="unitChangeReason" label={t('taskForm.unitsChanged')} extra={t('taskForm.unitsChangedHint')}>
            <Input maxLength={500} data-testid="task-unit-reason" />
          </Form.Item>
        ) : null}
        <NoActorAlert units={withoutActor} />
        <Form.Item name="responsibleLeaderIds" label={t('task.leaders')}>
          <UserMultiSelect role="leader" placeholder={t('taskForm.leadersPlaceholder')} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="startDate" label={t('task.startDate')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="deadline"
              label={t('task.deadline')}
              dependencies={['startDate', 'longTerm']}
              rules={[
                ({ getFieldValue }) => ({
                  required: !getFieldValue('longTerm'),
                  message: t('taskForm.deadlineRequired'),
                }),
                ({ getFieldValue }) => ({
                  validator: (_, value: Dayjs | null | undefined) => {
                    const start = getFieldValue('startDate') as Dayjs | null | undefined;
                    return value && start && value.isBefore(start, 'day') ? Promise.reject(new Error(t('taskForm.deadlineBeforeStart'))) : Promise.resolve();
                  },
                }),
              ]}
            >
              <DatePicker style={{ width: '100%' }} disabled={longTerm} data-testid="task-deadline" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="longTerm" label={t('taskForm.longTerm')} valuePropName="checked" extra={t('taskForm.longTermHint')}>
          <Switch data-testid="task-long-term" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={8}>
            <Form.Item
              name="reportCycle"
              label={t('task.reportCycle')}
              dependencies={['longTerm']}
              rules={[({ getFieldValue }) => ({ validator: (_, v: ReportCycle) => (getFieldValue('longTerm') && v === 'none' ? Promise.reject(new Error(t('taskForm.longTermCycle'))) : Promise.resolve()) })]}
            >
              <Select options={REPORT_CYCLES.map((c) => ({ value: c, label: t(`cycle.${c}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            {cycle === 'weekly' || cycle === 'biweekly' ? (
              <Form.Item name="reportDueDay" label={t('taskForm.dueWeekday')}>
                <Select options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: t(`weekday.${d}` as 'weekday.1') }))} />
              </Form.Item>
            ) : cycle === 'monthly' || cycle === 'quarterly' ? (
              <Form.Item name="reportDueDay" label={cycle === 'monthly' ? t('taskForm.dueMonthDay') : t('taskForm.dueQuarterDay')}>
                <InputNumber min={0} max={31} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            ) : null}
          </Col>
          {editing ? null : (
            <Col xs={24} sm={8}>
              <Form.Item name="ackWorkdays" label={t('taskForm.ackWorkdays')}>
                <InputNumber min={1} max={10} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          )}
        </Row>
        <Form.Item label={t('task.attachments')} extra={t('taskForm.attachmentsHint')}>
          <AttachmentUpload files={files} onChange={setFiles} variant="list" testId="task-upload" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
