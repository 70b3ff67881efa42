import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Descriptions, Form, Input, Modal, Space, Spin, Tag, Timeline, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ErrorState } from '../../components/ErrorState.tsx';
import { LightTag } from '../../components/LightTag.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { useFormSubmit } from '../../lib/use-form-submit.ts';
import { PromptModal, type Prompt } from '../tasks/PromptModal.tsx';
import { Attachments } from '../tasks/ReportsTab.tsx';
import { UserSelect } from '../users/UserSelect.tsx';
import { getProblem, planProblem, reopenProblem, requestClose, verifyProblem } from './campaigns.api.ts';
import { PROBLEM_STATUS_COLORS } from './ProblemList.tsx';

type Dialog = 'plan' | 'reopen' | null;

/**
 * One problem: what was found, the rectification plan and its task's progress, the close-out
 * request and its verification (struck off, or sent back with reasons), and its history.
 */
export function ProblemView({ id }: { id: string }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const query = useQuery({ queryKey: ['campaign-problem', id], queryFn: ({ signal }) => getProblem(id, signal) });
  const [prompt, setPrompt] = useState<Prompt | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  if (query.isPending) return <Spin className="page-spin" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const p = query.data.data;
  const can = query.data.policies;
  /** Says which step went through (as the task pages do), then reloads what shows the problem. */
  const refresh = async (action: string) => {
    message.success(t('action.done', { action }));
    await client.invalidateQueries({ queryKey: ['campaign-problem', id] });
    await client.invalidateQueries({ queryKey: ['campaign-problems'] });
    await client.invalidateQueries({ queryKey: ['campaigns', p.campaignId] });
  };
  const actions = (
    <Space wrap>
      {can.plan ? (
        <Button type="primary" onClick={() => setDialog('plan')} data-testid="problem-plan">
          {t('problem.plan')}
        </Button>
      ) : null}
      {can.requestClose ? (
        <Button
          type="primary"
          data-testid="problem-request-close"
          onClick={() =>
            setPrompt({
              title: t('problem.requestClose'),
              label: t('problem.closeNote'),
              requiredMessage: t('problem.closeNoteRequired'),
              okText: t('problem.requestClose'),
              files: t('problem.evidence'),
              onSubmit: async (note, attachmentIds) => {
                await requestClose(id, note, attachmentIds);
                await refresh(t('problem.requestClose'));
              },
            })
          }
        >
          {t('problem.requestClose')}
        </Button>
      ) : null}
      {can.verify ? (
        <>
          <Button
            type="primary"
            data-testid="problem-verify"
            onClick={() =>
              modal.confirm({
                title: t('problem.verifyConfirm'),
                content: t('problem.verifyNote'),
                okText: t('problem.verify'),
                cancelText: t('common.cancel'),
                okButtonProps: { 'data-testid': 'problem-verify-ok' } as never,
                onOk: async () => {
                  try {
                    await verifyProblem(id, { approve: true });
                    await refresh(t('problem.verify'));
                  } catch (err) {
                    message.error(err instanceof Error ? err.message : String(err));
                  }
                },
              })
            }
          >
            {t('problem.verify')}
          </Button>
          <Button
            danger
            data-testid="problem-send-back"
            onClick={() =>
              setPrompt({
                title: t('problem.sendBack'),
                label: t('problem.sendBackReason'),
                requiredMessage: t('problem.sendBackRequired'),
                okText: t('problem.sendBack'),
                danger: true,
                onSubmit: async (reason) => {
                  await verifyProblem(id, { approve: false, reason });
                  await refresh(t('problem.sendBack'));
                },
              })
            }
          >
            {t('problem.sendBack')}
          </Button>
        </>
      ) : null}
      {can.reopen ? (
        <Button danger onClick={() => setDialog('reopen')} data-testid="problem-reopen">
          {t('problem.reopen')}
        </Button>
      ) : null}
    </Space>
  );
  return (
    <>
      <PageHeader title={p.description} extra={<Link to={`/campaigns/${p.campaignId}?tab=problems`}>{t('problem.backToCampaign')}</Link>} />
      <Card size="small" style={{ marginBottom: 16 }} extra={actions} title={
        <Space>
          <Tag color={PROBLEM_STATUS_COLORS[p.status]} data-testid="problem-status">{t(`problem.status.${p.status}`)}</Tag>
          {p.overdue ? <Tag color="red">{t('problem.overdueTag')}</Tag> : null}
        </Space>
      }>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={t('menu.campaigns')}>
            <Link to={`/campaigns/${p.campaignId}`}>{p.campaignTitle}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('problem.unit')}>{p.unitName}</Descriptions.Item>
          <Descriptions.Item label={t('problem.source')}>{t(`problem.source.${p.source}`)}</Descriptions.Item>
          <Descriptions.Item label={t('problem.severity')}>{t(`problem.severity.${p.severity}`)}</Descriptions.Item>
          <Descriptions.Item label={t('problem.foundOn')}>{formatDate(p.foundOn)}</Descriptions.Item>
          {p.topic ? <Descriptions.Item label={t('opinion.topic')}>{p.topic}</Descriptions.Item> : null}
        </Descriptions>
      </Card>
      <Card size="small" title={t('problem.measures')} style={{ marginBottom: 16 }}>
        {p.taskId ? (
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
            <Descriptions.Item label={t('problem.measures')} span={3}>
              <span style={{ whiteSpace: 'pre-wrap' }}>{p.measures}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('problem.owner')}>{p.ownerName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('problem.leader')}>{p.leaderName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('problem.deadline')}>{formatDate(p.deadline)}</Descriptions.Item>
            <Descriptions.Item label={t('problem.task')}>
              <Space>
                <Link to={`/tasks/${p.taskId}`}>{t('problem.task')}</Link>
                {p.taskLight && p.status !== 'closed' ? <LightTag light={p.taskLight as never} reason={p.taskLightReason ?? ''} /> : null}
                {p.taskPercent !== null ? <span>{p.taskPercent}%</span> : null}
              </Space>
            </Descriptions.Item>
            {p.closeNote ? <Descriptions.Item label={t('problem.closeRequest')} span={2}>{p.closeNote}</Descriptions.Item> : null}
            {p.returnReason && p.status === 'returned' ? (
              <Descriptions.Item label={t('problem.returnReason')} span={3}>
                <Typography.Text type="danger" data-testid="problem-return-reason">{p.returnReason}</Typography.Text>
              </Descriptions.Item>
            ) : null}
            {p.verifierName ? <Descriptions.Item label={t('problem.verifiedBy')}>{p.verifierName} {formatDateTime(p.verifiedAt)}</Descriptions.Item> : null}
          </Descriptions>
        ) : (
          <Typography.Text type="secondary">{t('problem.noPlan')}</Typography.Text>
        )}
      </Card>
      <Card size="small" title={t('problem.history')}>
        <Timeline
          items={p.events.map((e) => ({
            children: (
              <div>
                <strong>{t(`problem.event.${e.kind}` as MessageKey)}</strong> · {e.actorName} · {formatDateTime(e.at)}
                {e.comment ? <div style={{ whiteSpace: 'pre-wrap' }}>{e.comment}</div> : null}
                {e.attachments.length ? <Attachments files={e.attachments} testId="problem-evidence" /> : null}
              </div>
            ),
          }))}
        />
      </Card>
      <PromptModal prompt={prompt} onClose={() => setPrompt(null)} />
      <PlanModal id={id} dialog={dialog} onClose={() => setDialog(null)} onDone={() => refresh(t(dialog === 'reopen' ? 'problem.reopen' : 'problem.plan'))} />
    </>
  );
}

interface PlanValues {
  measures?: string;
  reason?: string;
  ownerUserId?: string;
  leaderUserId?: string;
  deadline: Dayjs;
}

/** The rectification plan (measures, owner, leader, deadline), or a reopening (reason and new deadline). */
function PlanModal({ id, dialog, onClose, onDone }: { id: string; dialog: Dialog; onClose: () => void; onDone: () => Promise<void> }) {
  const { t } = useI18n();
  const [form] = Form.useForm<PlanValues>();
  const { submit, busy } = useFormSubmit(form, async (v: PlanValues) => {
    const deadline = v.deadline.format('YYYY-MM-DD');
    if (dialog === 'plan') await planProblem(id, { measures: v.measures ?? '', ownerUserId: v.ownerUserId ?? null, leaderUserId: v.leaderUserId ?? null, deadline });
    else await reopenProblem(id, { reason: v.reason ?? '', deadline });
    onClose();
    await onDone();
  });
  return (
    <Modal open={dialog !== null} title={dialog === 'plan' ? t('problem.plan') : t('problem.reopen')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.confirm')} cancelText={t('common.cancel')} confirmLoading={busy} destroyOnHidden okButtonProps={{ danger: dialog === 'reopen', 'data-testid': 'plan-ok' }}>
      <Form form={form} layout="vertical" onFinish={submit} preserve={false} data-testid="plan-form">
        {dialog === 'plan' ? (
          <>
            <Form.Item name="measures" label={t('problem.measures')} rules={[{ required: true, whitespace: true, message: '请填写整改措施' }]}>
              <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={8000} data-testid="plan-measures" />
            </Form.Item>
            <Form.Item name="ownerUserId" label={t('problem.owner')}>
              <UserSelect style={{ width: 240 }} onChange={() => {}} />
            </Form.Item>
            <Form.Item name="leaderUserId" label={t('problem.leader')}>
              <UserSelect role="leader" style={{ width: 240 }} onChange={() => {}} />
            </Form.Item>
          </>
        ) : (
          <Form.Item name="reason" label={t('problem.reopenReason')} rules={[{ required: true, whitespace: true, message: '请填写重新整改的原因' }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={4000} />
          </Form.Item>
        )}
        <Form.Item name="deadline" label={t('problem.deadline')} rules={[{ required: true, message: '请选择整改时限' }]}>
          <DatePicker data-testid="plan-deadline" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
