import { QuestionCircleOutlined } from '@ant-design/icons';
import { App, Badge, Breadcrumb, Button, Card, Descriptions, Skeleton, Space, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { NotFoundCard } from '../../components/NotFoundCard.tsx';
import { LightTag } from '../../components/LightTag.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { DecomposeModal } from './DecomposeModal.tsx';
import { ExtensionModal } from './ExtensionModal.tsx';
import { ExtensionsTab, InstructionsTab, OrdersTab, TaskTimeline } from './FollowUpTabs.tsx';
import { OrderModal } from './OrderModal.tsx';
import { PromptModal, type Prompt } from './PromptModal.tsx';
import { ReportModal } from './ReportModal.tsx';
import { Attachments, ReportsTab } from './ReportsTab.tsx';
import { TaskFormModal } from './TaskFormModal.tsx';
import { TaskActions } from './TaskActions.tsx';
import { cycleText, PriorityTag, StatusTag, TaskProgress } from './TaskBits.tsx';
import { TaskTable } from './TaskTable.tsx';
import { getTask, issueOrder, taskCategories, type TaskOne } from './tasks.api.ts';
import { RectificationNotice } from '../campaigns/RectificationNotice.tsx';

const TABS = ['reports', 'children', 'co', 'orders', 'extensions', 'instructions', 'timeline'] as const;
type Tab = (typeof TABS)[number];

/**
 * 任务详情: where the task sits (ancestors), its light with the reason, status, units, deadline and
 * percent with its formula; the buttons its policies allow; and tabs for reports, parts, orders,
 * extensions, instructions and the full timeline (the tab is kept in ?tab=).
 */
export function TaskDetailView({ id }: { id: string }) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const [version, setVersion] = useState(0);
  const { data, error, reload } = useAsync((signal) => getTask(id, signal), [id, version]);
  const [one, setOne] = useState<TaskOne>();
  const [prompt, setPrompt] = useState<Prompt | null>(null);
  const [reporting, setReporting] = useState(false);
  const [decomposing, setDecomposing] = useState(false);
  const [ordering, setOrdering] = useState(false);
  const [extending, setExtending] = useState(false);
  const [editing, setEditing] = useState(false);
  const categories = useAsync((signal) => (editing ? taskCategories(signal) : Promise.resolve([])), [editing]);

  useEffect(() => setOne(data), [data]);
  const tabParam = params.get('tab');
  const tab: Tab = (TABS as readonly string[]).includes(tabParam ?? '') ? (tabParam as Tab) : 'reports';
  const refresh = () => setVersion((v) => v + 1);
  const accept = (next: TaskOne) => {
    setOne(next);
    setDecomposing(false);
    setOrdering(false);
    setExtending(false);
    setEditing(false);
  };

  if (error instanceof ApiError && (error.code === 'NOT_FOUND' || error.status === 400)) {
    return <NotFoundCard text={t('task.notFound')} backTo="/tasks" backLabel={t('task.backToList')} testId="task-not-found" />;
  }
  if (error) return <Card><ErrorState error={error} onRetry={reload} /></Card>;
  const current = one?.data.id === id ? one : data?.data.id === id ? data : undefined;
  if (!current) return <Card><Skeleton active paragraph={{ rows: 8 }} /></Card>;
  const { data: task, policies } = current;

  const leaders = task.responsibleLeaders.map((l) => l.name).join('、') || '—';
  // Co-units' parts are not a breakdown of the work: they are listed apart, with their status, and carry no weight.
  const coParts = task.children.filter((c) => c.unitRole === 'co');
  const parts = task.children.filter((c) => c.unitRole !== 'co');
  const openOrders = task.orders.filter((o) => o.status === 'open').length;
  const pendingExt = task.extensions.filter((x) => x.status === 'pending').length;
  const openInstructions = task.instructions.filter((i) => !i.answer).length;
  const label = (text: string, count: number, n?: number) => (
    <span>
      {text}
      {n !== undefined && n > 0 ? <Badge count={n} size="small" offset={[4, -2]} /> : count > 0 ? <Typography.Text type="secondary"> {count}</Typography.Text> : null}
    </span>
  );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="task-detail">
      {task.module === 'rectification' ? <RectificationNotice taskId={task.id} /> : null}
      <Breadcrumb
        items={[
          { key: 'top', title: <Link to="/tasks">{t('task.top')}</Link> },
          ...task.ancestors.map((a) => ({ key: a.id, title: <Link to={`/tasks/${a.id}`}>{a.title}</Link> })),
          { key: task.id, title: <Typography.Text ellipsis style={{ maxWidth: 260 }}>{task.title}</Typography.Text> },
        ]}
      />
      <Card>
        <div className="task-head">
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="task-title">
            {task.title}
          </Typography.Title>
          <Space wrap size={[8, 6]}>
            <LightTag light={task.light} reason={task.lightReason} />
            <StatusTag status={task.status} />
            <PriorityTag priority={task.priority} />
            {task.unitRole === 'co' ? <Tag>{t('task.role.co')}</Tag> : null}
          </Space>
        </div>
        <div style={{ margin: '12px 0 16px' }}>
          <TaskActions
            task={task}
            policies={policies}
            onDone={accept}
            dialogs={{ prompt: setPrompt, report: () => setReporting(true), decompose: () => setDecomposing(true), order: () => setOrdering(true), extension: () => setExtending(true), edit: () => setEditing(true) }}
          />
        </div>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 1, md: 2, xl: 3 }}
          items={[
            { key: 'owner', label: t('task.ownerUnit'), children: <span data-testid="task-owner">{task.ownerUnit.name}</span> },
            ...(coParts.length
              ? [
                  {
                    key: 'co',
                    label: t('task.coUnits'),
                    span: 'filled' as const,
                    children: (
                      <Space wrap size={[12, 4]} data-testid="task-co-units">
                        {coParts.map((c) => (
                          <Space key={c.id} size={4} className="co-unit">
                            <Link to={`/tasks/${c.id}`}>{c.ownerUnit.name}</Link>
                            <StatusTag status={c.status} />
                            <LightTag light={c.light} reason={c.lightReason} compact />
                          </Space>
                        ))}
                      </Space>
                    ),
                  },
                ]
              : []),
            { key: 'issuer', label: t('task.issuerUnit'), children: task.issuerUnit.name },
            { key: 'leaders', label: t('task.leaders'), children: leaders },
            { key: 'deadline', label: t('task.deadline'), children: <strong data-testid="task-deadline-text">{task.longTerm ? t('task.longTerm') : formatDate(task.deadline)}</strong> },
            { key: 'start', label: t('task.startDate'), children: formatDate(task.startDate) },
            { key: 'cycle', label: t('task.reportCycle'), children: cycleText(task, t, language) },
            { key: 'category', label: t('task.category'), children: task.category ?? '—' },
            task.acknowledgedAt
              ? { key: 'ack', label: t('task.acknowledgedAt'), children: formatDateTime(task.acknowledgedAt) }
              : { key: 'ack', label: t('task.ackDeadline'), children: formatDate(task.ackDeadline) },
            { key: 'last', label: t('task.lastReport'), children: formatDateTime(task.lastReportAt) },
            {
              key: 'percent',
              label: t('task.percent'),
              span: 'filled',
              children: (
                <Space wrap size={[12, 4]} align="center">
                  <TaskProgress task={task} width={200} />
                  {task.percentFormula ? (
                    <span className="percent-formula" data-testid="percent-formula">
                      <Tooltip title={t('task.formulaHint')}>
                        <QuestionCircleOutlined style={{ marginRight: 4 }} />
                      </Tooltip>
                      {t('common.labelled', { label: t('task.formula'), value: task.percentFormula })}
                    </span>
                  ) : null}
                </Space>
              ),
            },
            ...(task.source.directiveId
              ? [
                  {
                    key: 'source',
                    label: t('task.source'),
                    span: 'filled' as const,
                    children: (
                      <div data-testid="task-source">
                        {task.source.clause ? <blockquote className="task-source-clause">{task.source.clause}</blockquote> : null}
                        <Link to={`/directives/${task.source.directiveId}${task.source.offset !== null ? `?at=${task.source.offset}` : ''}`}>{t('task.sourceLink')}</Link>
                      </div>
                    ),
                  },
                ]
              : []),
            ...(task.content ? [{ key: 'content', label: t('task.content'), span: 'filled' as const, children: <span style={{ whiteSpace: 'pre-wrap' }}>{task.content}</span> }] : []),
            ...(task.attachments.length ? [{ key: 'attachments', label: t('task.attachments'), span: 'filled' as const, children: <Attachments files={task.attachments} testId="task-attachments" /> }] : []),
          ]}
        />
      </Card>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(key) => {
            const next = new URLSearchParams(params);
            next.set('tab', key);
            setParams(next, { replace: true });
          }}
          items={[
            {
              key: 'reports',
              label: label(t('report.tab'), task.reportsPage.total),
              children: (
                <>
                  {policies.actions.includes('report') ? (
                    <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setReporting(true)}>
                      {t('report.new')}
                    </Button>
                  ) : null}
                  <ReportsTab taskId={task.id} reports={task.reports} page={task.reportsPage} canReview={policies.reviewReport} onPrompt={setPrompt} onChanged={refresh} />
                </>
              ),
            },
            {
              key: 'children',
              label: label(t('children.tab'), parts.length),
              children: (
                <>
                  {policies.decompose ? (
                    <Button style={{ marginBottom: 12 }} onClick={() => setDecomposing(true)}>
                      {t('action.decompose')}
                    </Button>
                  ) : null}
                  {task.percentFormula ? (
                    <Typography.Paragraph type="secondary">
                      {t('task.formulaHint')}:{task.percentFormula}
                    </Typography.Paragraph>
                  ) : null}
                  <TaskTable tasks={parts} pagination={false} empty={t('children.empty')} columns={['title', 'owner', 'light', 'status', 'percent', 'weight', 'deadline']} data-testid="task-children" />
                </>
              ),
            },
            ...(coParts.length
              ? [
                  {
                    key: 'co',
                    label: label(t('task.coUnits'), coParts.length),
                    children: <TaskTable tasks={coParts} pagination={false} empty={t('children.empty')} columns={['title', 'owner', 'light', 'status', 'percent', 'deadline']} data-testid="task-co-parts" />,
                  },
                ]
              : []),
            {
              key: 'orders',
              label: label(t('order.tab'), task.orders.length, openOrders),
              children: (
                <>
                  {policies.issueOrder ? (
                    <Button danger style={{ marginBottom: 12 }} onClick={() => setOrdering(true)}>
                      {t('order.new')}
                    </Button>
                  ) : null}
                  <OrdersTab orders={task.orders} canReply={policies.replyOrder} canClose={policies.issueOrder} canSign={policies.signOrder} onPrompt={setPrompt} onChanged={refresh} />
                </>
              ),
            },
            {
              key: 'extensions',
              label: label(t('extension.tab'), task.extensions.length, pendingExt),
              children: (
                <>
                  {policies.requestExtension ? (
                    <Button style={{ marginBottom: 12 }} onClick={() => setExtending(true)}>
                      {t('extension.new')}
                    </Button>
                  ) : null}
                  <ExtensionsTab extensions={task.extensions} canDecide={policies.decideExtension} onPrompt={setPrompt} onChanged={refresh} />
                </>
              ),
            },
            {
              key: 'instructions',
              label: label(t('instruction.tab'), task.instructions.length, openInstructions),
              children: <InstructionsTab instructions={task.instructions} canAnswer={policies.answerInstruction} onPrompt={setPrompt} onChanged={refresh} />,
            },
            { key: 'timeline', label: label(t('timeline.tab'), 0), children: <TaskTimeline events={task.timeline} /> },
          ]}
        />
      </Card>
      <PromptModal prompt={prompt} onClose={() => setPrompt(null)} />
      <ReportModal
        task={reporting ? task : null}
        onClose={() => setReporting(false)}
        onReported={() => {
          setReporting(false);
          refresh();
        }}
      />
      <DecomposeModal task={decomposing ? task : null} onClose={() => setDecomposing(false)} onDone={accept} />
      <OrderModal
        tasks={ordering ? [{ id: task.id, title: task.title, unitName: task.ownerUnit.name }] : null}
        onClose={() => setOrdering(false)}
        onIssue={async ([taskId], input) => {
          const next = await issueOrder(taskId!, input);
          // Where the deployment asks for 签发, the new order waits for the responsible leader.
          const fresh = next.data.orders.find((o) => !task.orders.some((p) => p.id === o.id));
          message.success(fresh?.status === 'pending_signoff' ? t('order.sentForSignoff') : t('order.issued'));
          accept(next);
        }}
      />
      <ExtensionModal task={extending ? task : null} onClose={() => setExtending(false)} onDone={accept} />
      {editing ? <TaskFormModal key={task.updatedAt} open categories={categories.data ?? []} editing={task} onClose={() => setEditing(false)} onSaved={accept} /> : null}
    </Space>
  );
}
