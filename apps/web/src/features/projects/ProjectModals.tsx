import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Input, InputNumber, Modal, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { tenantToday } from '../../lib/format.ts';
import { useFormSubmit } from '../../lib/use-form-submit.ts';
import { AttachmentUpload, finishedIds, type AttachmentFile } from '../tasks/AttachmentUpload.tsx';
import { assignProblem, reachMilestone, submitProjectReport, type MilestoneStage, type ProjectDetail, type ProjectProblem } from './projects.api.ts';

interface ReportValues {
  period: Dayjs;
  invested: number;
  progress: string;
  nextPlan?: string;
  problems?: string[];
}

/** The month the form offers first: the newest one due if it is not in yet, else this month. */
function defaultPeriod(detail: ProjectDetail): Dayjs {
  const due = detail.duePeriod;
  return due && !detail.reports.some((r) => r.period === due) ? dayjs(`${due}-01`) : tenantToday().startOf('month');
}

/**
 * 报送月报, made for a phone: one column, the month, this month's investment, progress on site,
 * next month's plan and any problems needing coordination (one line each, added as needed).
 */
export function ReportModal({ detail, open, onClose, onDone }: { detail: ProjectDetail; open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ReportValues>();
  const [files, setFiles] = useState<AttachmentFile[]>([]);
  const { submit, busy } = useFormSubmit(form, async (v: ReportValues) => {
    const attachmentIds = finishedIds(files);
    if (!attachmentIds) {
      message.warning(t('report.uploading'));
      return;
    }
    const result = await submitProjectReport(detail.project.id, {
      attachmentIds,
      period: v.period.format('YYYY-MM'),
      invested: v.invested,
      progress: v.progress.trim(),
      nextPlan: v.nextPlan?.trim() || undefined,
      problems: (v.problems ?? []).map((p) => p?.trim()).filter(Boolean),
    });
    message.success(result.late ? t('project.report.submittedLate') : t('project.report.submitted'));
    onDone();
    onClose();
  });
  return (
    <Modal
      open={open}
      title={`${t('project.report.new')} · ${detail.project.name}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('project.report.new')}
      okButtonProps={{ 'data-testid': 'project-report-submit' }}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      width={560}
      destroyOnHidden
    >
      <Form<ReportValues> form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ period: defaultPeriod(detail), problems: [] }} data-testid="project-report-form">
        <Form.Item name="period" label={t('project.report.period')} rules={[{ required: true, message: t('project.report.period') }]}>
          <DatePicker picker="month" style={{ width: '100%' }} disabledDate={(d) => d.isAfter(tenantToday(), 'month')} inputReadOnly data-testid="project-report-period" />
        </Form.Item>
        <Form.Item name="invested" label={t('project.report.invested')} rules={[{ required: true, message: t('project.report.investedRequired') }]}>
          <InputNumber min={0} precision={2} style={{ width: '100%' }} inputMode="decimal" data-testid="project-report-invested" />
        </Form.Item>
        <Form.Item name="progress" label={t('project.report.progress')} rules={[{ required: true, whitespace: true, message: t('project.report.progressRequired') }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} data-testid="project-report-progress" />
        </Form.Item>
        <Form.Item name="nextPlan" label={t('project.report.nextPlan')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
        <Form.Item label={t('project.report.photos')}>
          <AttachmentUpload files={files} onChange={setFiles} testId="project-report-upload" />
        </Form.Item>
        <Form.List name="problems">
          {(fields, { add, remove }) => (
            <Form.Item label={t('project.report.problems')}>
              {fields.map((field) => (
                <Space key={field.key} align="start" style={{ display: 'flex', marginBottom: 8 }}>
                  <Form.Item name={field.name} noStyle>
                    <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} style={{ width: 'min(440px, 70vw)' }} data-testid="project-report-problem" />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(field.name)} aria-label={t('common.delete')} />
                </Space>
              ))}
              <Button type="dashed" block onClick={() => add('')} icon={<PlusOutlined />} data-testid="project-report-add-problem">
                {t('project.report.addProblem')}
              </Button>
            </Form.Item>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

/** 填报节点: the date a stage was reached (today unless changed), confirmed before it is filed. */
export function MilestoneModal({ projectId, stage, onClose, onDone }: { projectId: string; stage: MilestoneStage | null; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ actualDate: Dayjs }>();
  const { submit, busy } = useFormSubmit(form, async (v: { actualDate: Dayjs }) => {
    if (!stage) return;
    await reachMilestone(projectId, stage, v.actualDate.format('YYYY-MM-DD'));
    message.success(t('project.milestone.reached'));
    onDone();
    onClose();
  });
  return (
    <Modal
      open={stage !== null}
      title={stage ? `${t('project.milestone.reach')} · ${t(`project.stage.${stage}`)}` : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.confirm')}
      okButtonProps={{ 'data-testid': 'milestone-submit' }}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ actualDate: tenantToday() }}>
        <Form.Item name="actualDate" label={t('project.milestone.actual')} rules={[{ required: true, message: t('project.milestone.actual') }]} extra={t('project.milestone.hint')}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(tenantToday(), 'day')} data-testid="milestone-date" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 交办: a problem needing coordination handed to units as a coordination task with a deadline. */
export function AssignProblemModal({ projectId, problem, onClose, onDone }: { projectId: string; problem: ProjectProblem | null; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ leadUnitIds: string[]; deadline: Dayjs }>();
  const { submit, busy } = useFormSubmit(form, async (v: { leadUnitIds: string[]; deadline: Dayjs }) => {
    if (!problem) return;
    await assignProblem(projectId, problem.id, { leadUnitIds: v.leadUnitIds, deadline: v.deadline.format('YYYY-MM-DD') });
    message.success(t('project.problem.assignedOk'));
    onDone();
    onClose();
  });
  return (
    <Modal
      open={problem !== null}
      title={t('project.problem.assign')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('project.problem.assign')}
      okButtonProps={{ 'data-testid': 'problem-assign-submit' }}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <p>{problem?.description}</p>
      <Form form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ deadline: tenantToday().add(1, 'month') }}>
        <Form.Item name="leadUnitIds" label={t('project.problem.units')} rules={[{ required: true, message: t('project.problem.unitsRequired') }]}>
          <OrgTreeSelect multiple activeOnly data-testid="problem-units" />
        </Form.Item>
        <Form.Item name="deadline" label={t('project.problem.deadline')} rules={[{ required: true, message: t('project.problem.deadline') }]}>
          <DatePicker style={{ width: '100%' }} data-testid="problem-deadline" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
