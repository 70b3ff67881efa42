import { ArrowRightOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Empty, List, Row, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { InboxItem, InboxKind, OrderLevel, Task } from '../../api/types.ts';
import { OrderSummary } from '../tasks/OrderModal.tsx';
import { ErrorState } from '../../components/ErrorState.tsx';
import { LightTag } from '../../components/LightTag.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { CampaignToDoCard } from '../campaigns/CampaignToDoCard.tsx';
import { ProjectToDoCard } from '../projects/ProjectToDoCard.tsx';
import { SuggestionToDoCard } from '../suggestions/SuggestionToDoCard.tsx';
import { AssessmentTodoCard } from '../rhythm/assessment/AssessmentTodoCard.tsx';
import { RhythmDueCard } from '../rhythm/RhythmDueCard.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatDate } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { answerInstructionPrompt, closeOrderConfirm, decideExtensionPrompt, replyOrderPrompt } from '../tasks/FollowUpTabs.tsx';
import { PromptModal, type Prompt } from '../tasks/PromptModal.tsx';
import { ReportModal } from '../tasks/ReportModal.tsx';
import { acknowledgeTask, completeTask, inbox, returnTask } from '../tasks/tasks.api.ts';
import { acceptProposal, dismissProposal, HOME_QUERY } from '../home/home.api.ts';
import { HomeCounts } from '../home/HomeCounts.tsx';

const ORDER: InboxKind[] = ['order_signoff', 'instruct', 'proposal', 'acknowledge', 'order', 'instruction', 'rework', 'report', 'review', 'order_close', 'extension'];

/**
 * 工作台: what the signed-in user must do now, grouped by kind, each with the button that does it —
 * 签收 and 报送进展 for units, 办结 / 退回 for supervisors; the rest open the right tab of the task.
 */
export function Inbox() {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { data, error, loading, reload: reloadInbox } = useAsync((signal) => inbox(signal), []);
  // After every action the counts above the list follow it.
  const reload = () => {
    reloadInbox();
    void queryClient.invalidateQueries({ queryKey: HOME_QUERY });
  };
  const [reporting, setReporting] = useState<Task | null>(null);
  const [prompt, setPrompt] = useState<Prompt | null>(null);

  const groups = ORDER.map((kind) => ({ kind, items: (data ?? []).filter((i) => i.kind === kind) })).filter((g) => g.items.length > 0);

  const acknowledge = (task: Task) =>
    modal.confirm({
      title: t('action.acknowledgeConfirm'),
      content: task.title,
      okText: t('action.acknowledge'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await acknowledgeTask(task.id);
          message.success(t('action.done', { action: t('action.acknowledge') }));
          reload();
        } catch (err) {
          message.error(errorMessage(err, t));
        }
      },
    });

  const review = (task: Task, approve: boolean) =>
    setPrompt(
      approve
        ? {
            title: `${t('action.complete')} · ${task.title}`,
            label: t('action.completeComment'),
            okText: t('action.complete'),
            maxLength: 2000,
            onSubmit: async (c) => {
              await completeTask(task.id, c);
              message.success(t('action.done', { action: t('action.complete') }));
              reload();
            },
          }
        : {
            title: `${t('action.return')} · ${task.title}`,
            label: t('action.reason'),
            requiredMessage: t('action.returnReasonRequired'),
            okText: t('action.return'),
            danger: true,
            maxLength: 2000,
            onSubmit: async (r) => {
              await returnTask(task.id, r);
              message.success(t('action.done', { action: t('action.return') }));
              reload();
            },
          },
    );

  const actions = (item: InboxItem) => {
    const open = (tab?: string) => navigate(`/tasks/${item.task.id}${tab ? `?tab=${tab}` : ''}`);
    switch (item.kind) {
      case 'acknowledge':
        return [
          <Button key="ack" type="primary" size="small" onClick={() => acknowledge(item.task)} data-testid="inbox-acknowledge">
            {t('action.acknowledge')}
          </Button>,
        ];
      case 'report':
      case 'rework':
        return [
          <Button key="report" type="primary" size="small" onClick={() => setReporting(item.task)} data-testid="inbox-report">
            {t('action.report')}
          </Button>,
        ];
      case 'order':
        return item.refId
          ? [
              <Button key="order" type="primary" size="small" onClick={() => setPrompt(replyOrderPrompt(t, message, { id: item.refId!, number: item.refLabel ?? '' }, reload))} data-testid="inbox-reply-order">
                {t('order.reply')}
              </Button>,
              <Button key="open" size="small" onClick={() => open('orders')}>{t('inbox.open')}</Button>,
            ]
          : [<Button key="order" type="primary" size="small" onClick={() => open('orders')}>{t('inbox.goAnswer')}</Button>];
      case 'instruction':
        return item.refId
          ? [
              <Button key="ins" type="primary" size="small" onClick={() => setPrompt(answerInstructionPrompt(t, message, { id: item.refId!, content: item.refLabel ?? item.detail }, reload))} data-testid="inbox-answer-instruction">
                {t('instruction.answer')}
              </Button>,
              <Button key="open" size="small" onClick={() => open('instructions')}>{t('inbox.open')}</Button>,
            ]
          : [<Button key="ins" type="primary" size="small" onClick={() => open('instructions')}>{t('inbox.goAnswer')}</Button>];
      case 'review':
        return [
          <Button key="ok" type="primary" size="small" onClick={() => review(item.task, true)} data-testid="inbox-complete">
            {t('action.complete')}
          </Button>,
          <Button key="back" danger size="small" onClick={() => review(item.task, false)}>
            {t('action.return')}
          </Button>,
        ];
      case 'order_signoff':
        return [
          <Button key="sign" type="primary" size="small" onClick={() => open('orders')} data-testid="inbox-sign-order">
            {t('order.sign')}
          </Button>,
        ];
      case 'order_close':
        return [
          <Button key="close" type="primary" size="small" onClick={() => closeOrderConfirm(t, message, modal, { id: item.refId!, number: item.refLabel ?? '' }, reload)} data-testid="inbox-close-order">
            {t('order.close')}
          </Button>,
          <Button key="open" size="small" onClick={() => open('orders')}>{t('inbox.open')}</Button>,
        ];
      case 'proposal': {
        const level = t(`order.level.${item.refLabel as OrderLevel}`);
        return [
          <Button
            key="accept"
            type="primary"
            size="small"
            data-testid="inbox-accept-proposal"
            onClick={() =>
              modal.confirm({
                title: t('escalation.acceptTitle', { level }),
                content: <OrderSummary task={item.task.title} unit={item.task.ownerUnit.name} />,
                okText: t('escalation.accept'),
                cancelText: t('common.cancel'),
                onOk: async () => {
                  try {
                    await acceptProposal(item.refId!);
                    message.success(t('escalation.accepted'));
                    reload();
                  } catch (err) {
                    message.error(errorMessage(err, t));
                  }
                },
              })
            }
          >
            {t('escalation.accept')}
          </Button>,
          <Button
            key="dismiss"
            size="small"
            data-testid="inbox-dismiss-proposal"
            onClick={() =>
              setPrompt({
                title: `${t('escalation.dismissTitle')} · ${item.task.title}`,
                label: t('escalation.dismissReason'),
                okText: t('escalation.dismiss'),
                maxLength: 500,
                onSubmit: async (reason) => {
                  await dismissProposal(item.refId!, reason);
                  message.success(t('escalation.dismissed'));
                  reload();
                },
              })
            }
          >
            {t('escalation.dismiss')}
          </Button>,
        ];
      }
      case 'instruct':
        return [
          <Button key="instruct" type="primary" size="small" onClick={() => open()} data-testid="inbox-instruct">
            {t('inbox.goInstruct')}
          </Button>,
        ];
      case 'extension':
        return item.refId
          ? [
              <Button key="yes" type="primary" size="small" onClick={() => setPrompt(decideExtensionPrompt(t, message, item.refId!, true, reload, `${item.task.title}:${item.detail}`))} data-testid="inbox-approve-extension">
                {t('extension.approve')}
              </Button>,
              <Button key="no" danger size="small" onClick={() => setPrompt(decideExtensionPrompt(t, message, item.refId!, false, reload, `${item.task.title}:${item.detail}`))}>
                {t('extension.reject')}
              </Button>,
              <Button key="open" size="small" onClick={() => open('extensions')}>{t('inbox.open')}</Button>,
            ]
          : [<Button key="ext" type="primary" size="small" onClick={() => open('extensions')}>{t('inbox.goDecide')}</Button>];
    }
  };

  return (
    <>
      <PageHeader title={t('inbox.title')} extra={<Typography.Text type="secondary">{t('inbox.subtitle')}</Typography.Text>} />
      <div style={{ marginBottom: 16 }}>
        <HomeCounts />
      </div>
      <div style={{ marginBottom: 16 }}>
        <CampaignToDoCard />
      </div>
      <div style={{ marginBottom: 16 }}>
        <ProjectToDoCard />
      </div>
      <div style={{ marginBottom: 16 }}>
        <SuggestionToDoCard />
      </div>
      <RhythmDueCard style={{ marginBottom: 16 }} />
      <AssessmentTodoCard style={{ marginBottom: 16 }} />
      {error ? (
        <Card>
          <ErrorState error={error} onRetry={reload} />
        </Card>
      ) : !loading && groups.length === 0 ? (
        <Card>
          <Empty description={t('inbox.empty')} data-testid="inbox-empty" />
        </Card>
      ) : (
        <Row gutter={[16, 16]} data-testid="inbox">
          {(loading && !data ? [{ kind: 'acknowledge' as InboxKind, items: [] }] : groups).map((g) => (
            <Col key={g.kind} xs={24} xl={12}>
              <Card size="small" loading={loading && !data} title={`${t(`inbox.kind.${g.kind}`)} · ${t('inbox.count', { count: g.items.length })}`} data-testid={`inbox-group-${g.kind}`}>
                <List<InboxItem>
                  dataSource={g.items}
                  renderItem={(item) => (
                    <List.Item className="inbox-item" actions={actions(item)}>
                      <List.Item.Meta
                        title={
                          <Space size={6} wrap>
                            <Link to={`/tasks/${item.task.id}`}>{item.task.title}</Link>
                            <LightTag light={item.task.light} reason={item.task.lightReason} compact />
                          </Space>
                        }
                        description={
                          <span>
                            {item.detail} · {item.task.ownerUnit.name} · {t('common.labelled', { label: t('task.deadline'), value: formatDate(item.task.deadline) })}
                          </span>
                        }
                      />
                    </List.Item>
                  )}
                />
              </Card>
            </Col>
          ))}
        </Row>
      )}
      {groups.length > 0 ? (
        <div style={{ marginTop: 12 }}>
          <Link to="/tasks">
            {t('menu.tasks')} <ArrowRightOutlined />
          </Link>
        </div>
      ) : null}
      <ReportModal
        task={reporting}
        onClose={() => setReporting(null)}
        onReported={() => {
          setReporting(null);
          reload();
        }}
      />
      <PromptModal prompt={prompt} onClose={() => setPrompt(null)} />
    </>
  );
}
