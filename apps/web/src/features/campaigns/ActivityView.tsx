import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Descriptions, Form, Input, List, Modal, Select, Space, Spin, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ErrorState } from '../../components/ErrorState.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatDate } from '../../lib/format.ts';
import { useFormSubmit } from '../../lib/use-form-submit.ts';
import { PromptModal, type Prompt } from '../tasks/PromptModal.tsx';
import { Attachments } from '../tasks/ReportsTab.tsx';
import { answerOpinion, getActivity, opinionToProblem, opinionToTask, PROBLEM_SOURCES, type Opinion, type ProblemSource } from './campaigns.api.ts';

const OPINION_COLORS: Record<Opinion['status'], string> = { open: 'orange', task: 'blue', problem: 'purple', answered: 'green' };

type Converting = { kind: 'task' | 'problem'; opinion: Opinion } | null;

/** One activity: its record and the opinions gathered, each turned into a task, a problem, or answered. */
export function ActivityView({ id }: { id: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const query = useQuery({ queryKey: ['campaign-activity', id], queryFn: ({ signal }) => getActivity(id, signal) });
  const [prompt, setPrompt] = useState<Prompt | null>(null);
  const [converting, setConverting] = useState<Converting>(null);
  if (query.isPending) return <Spin className="page-spin" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const a = query.data.data;
  const manage = query.data.policies.manage;
  const refresh = async () => {
    await client.invalidateQueries({ queryKey: ['campaign-activity', id] });
    await client.invalidateQueries({ queryKey: ['campaigns', a.campaignId] });
  };
  const outcome = (o: Opinion) => {
    if (o.status === 'task' && o.taskId) return <Link to={`/tasks/${o.taskId}`}>{o.taskTitle}</Link>;
    if (o.status === 'problem' && o.problemId) return <Link to={`/campaigns/problems/${o.problemId}`}>{t(`problem.status.${o.problemStatus ?? 'found'}`)}</Link>;
    if (o.status === 'answered') return <span>{o.answer}</span>;
    return null;
  };
  return (
    <>
      <PageHeader title={a.title} extra={<Link to={`/campaigns/${a.campaignId}?tab=activities`}>{t('problem.backToCampaign')}</Link>} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={t('menu.campaigns')}>{a.campaignTitle}</Descriptions.Item>
          <Descriptions.Item label={t('activity.kind')}>{t(`activity.kind.${a.kind}`)}</Descriptions.Item>
          <Descriptions.Item label={t('activity.heldOn')}>{formatDate(a.heldOn)}</Descriptions.Item>
          <Descriptions.Item label={t('activity.place')}>{a.place || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('activity.host')}>{a.hostLeaderName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('activity.attendees')}>{a.attendees || '—'}</Descriptions.Item>
        </Descriptions>
        {a.minutes ? (
          <>
            <Typography.Title level={5}>{t('activity.minutes')}</Typography.Title>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{a.minutes}</Typography.Paragraph>
          </>
        ) : null}
        {a.outcomes ? (
          <>
            <Typography.Title level={5}>{t('activity.outcomes')}</Typography.Title>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{a.outcomes}</Typography.Paragraph>
          </>
        ) : null}
        {a.attachments.length ? (
          <>
            <Typography.Title level={5}>{t('activity.files')}</Typography.Title>
            <Attachments files={a.attachments} testId="activity-attachments" />
          </>
        ) : null}
      </Card>
      <Card size="small" title={t('activity.opinions')}>
        <List
          dataSource={a.opinions}
          locale={{ emptyText: t('opinion.empty') }}
          renderItem={(o) => (
            <List.Item
              data-testid="opinion-row"
              actions={
                manage && o.status === 'open'
                  ? [
                      <Button key="task" size="small" onClick={() => setConverting({ kind: 'task', opinion: o })} data-testid="opinion-to-task">
                        {t('opinion.toTask')}
                      </Button>,
                      <Button key="problem" size="small" onClick={() => setConverting({ kind: 'problem', opinion: o })} data-testid="opinion-to-problem">
                        {t('opinion.toProblem')}
                      </Button>,
                      <Button
                        key="answer"
                        size="small"
                        onClick={() =>
                          setPrompt({
                            title: t('opinion.answer'),
                            label: t('opinion.answerLabel'),
                            requiredMessage: t('opinion.answerRequired'),
                            okText: t('common.confirm'),
                            onSubmit: async (text) => {
                              await answerOpinion(o.id, text);
                              message.success(t('action.done', { action: t('opinion.answer') }));
                              await refresh();
                            },
                          })
                        }
                      >
                        {t('opinion.answer')}
                      </Button>,
                    ]
                  : []
              }
            >
              <List.Item.Meta
                title={o.content}
                description={
                  <Space size={[8, 4]} wrap>
                    <span>{o.raisedByName}</span>
                    {o.topic ? <Tag>{o.topic}</Tag> : null}
                    <Tag color={OPINION_COLORS[o.status]} data-testid="opinion-status">
                      {t(`opinion.status.${o.status}`)}
                    </Tag>
                    {outcome(o)}
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      </Card>
      <PromptModal prompt={prompt} onClose={() => setPrompt(null)} />
      <ConvertModal converting={converting} onClose={() => setConverting(null)} onDone={refresh} />
    </>
  );
}

interface ConvertValues {
  title?: string;
  leadUnitIds?: string;
  deadline?: Dayjs;
  unitId?: string;
  source?: ProblemSource;
}

/** Turns an opinion into a task (title, lead unit, deadline) or a problem (unit, source). */
function ConvertModal({ converting, onClose, onDone }: { converting: Converting; onClose: () => void; onDone: () => Promise<void> }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ConvertValues>();
  const { submit, busy } = useFormSubmit(form, async (v: ConvertValues) => {
    if (!converting) return;
    if (converting.kind === 'task') await opinionToTask(converting.opinion.id, { title: v.title!, leadUnitIds: [v.leadUnitIds!], deadline: v.deadline!.format('YYYY-MM-DD') });
    else await opinionToProblem(converting.opinion.id, { unitId: v.unitId!, source: v.source ?? 'public' });
    message.success(t('action.done', { action: t(converting.kind === 'task' ? 'opinion.toTask' : 'opinion.toProblem') }));
    onClose();
    await onDone();
  });
  const task = converting?.kind === 'task';
  return (
    <Modal open={converting !== null} title={task ? t('opinion.toTask') : t('opinion.toProblem')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.confirm')} cancelText={t('common.cancel')} confirmLoading={busy} destroyOnHidden okButtonProps={{ 'data-testid': 'convert-ok' }}>
      <Typography.Paragraph type="secondary">{converting?.opinion.content}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ title: converting?.opinion.content.slice(0, 60), source: 'public' }} data-testid="convert-form">
        {task ? (
          <>
            <Form.Item name="title" label={t('opinion.taskTitle')} rules={[{ required: true, whitespace: true, message: '请填写任务名称' }]}>
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item name="leadUnitIds" label={t('opinion.leadUnit')} rules={[{ required: true, message: '请选择牵头单位' }]}>
              <OrgTreeSelect activeOnly data-testid="convert-unit" />
            </Form.Item>
            <Form.Item name="deadline" label={t('opinion.deadline')} rules={[{ required: true, message: '请选择完成时限' }]}>
              <DatePicker data-testid="convert-deadline" />
            </Form.Item>
          </>
        ) : (
          <>
            <Form.Item name="unitId" label={t('problem.unit')} rules={[{ required: true, message: '请选择责任单位' }]}>
              <OrgTreeSelect activeOnly data-testid="convert-unit" />
            </Form.Item>
            <Form.Item name="source" label={t('problem.source')}>
              <Select options={PROBLEM_SOURCES.map((s) => ({ value: s, label: t(`problem.source.${s}`) }))} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
