import { CheckOutlined, CloseOutlined, FileWordOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Empty, List, Space, Tag, Timeline, Typography } from 'antd';
import type { ExtensionRequest, Instruction, SupervisionOrder, TimelineEvent } from '../../api/types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { errorMessage } from '../../lib/errors.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import type { Prompt } from './PromptModal.tsx';
import { SignOrderModal } from './OrderModal.tsx';
import { answerInstruction, closeOrder, decideExtension, downloadOrderDocx, refuseOrder, replyOrder } from './tasks.api.ts';
import { useState } from 'react';

const LEVEL_COLORS = { blue: 'blue', yellow: 'gold', red: 'red' } as const;

type Translate = ReturnType<typeof useI18n>['t'];
type Messages = ReturnType<typeof App.useApp>['message'];
type Modals = ReturnType<typeof App.useApp>['modal'];

/** The dialog that replies to a supervision order (task detail and inbox alike). */
export function replyOrderPrompt(t: Translate, message: Messages, o: { id: string; number: string | null }, onChanged: () => void): Prompt {
  return {
    title: t('order.replyTitle', { number: o.number ?? '' }),
    label: t('order.replyText'),
    requiredMessage: t('order.replyRequired'),
    okText: t('order.reply'),
    maxLength: 10000,
    onSubmit: async (text) => {
      await replyOrder(o.id, text);
      message.success(t('order.replied'));
      onChanged();
    },
  };
}

/** The dialog that approves or refuses an extension request; refusing needs a reason. */
export function decideExtensionPrompt(t: Translate, message: Messages, extensionId: string, approve: boolean, onChanged: () => void, note?: string): Prompt {
  return {
    title: t('extension.decideTitle', { decision: approve ? t('extension.approve') : t('extension.reject') }),
    label: t('extension.comment'),
    requiredMessage: approve ? undefined : t('extension.rejectCommentRequired'),
    okText: approve ? t('extension.approve') : t('extension.reject'),
    danger: !approve,
    note,
    maxLength: 2000,
    onSubmit: async (comment) => {
      await decideExtension(extensionId, approve, comment || undefined);
      message.success(t('extension.decided'));
      onChanged();
    },
  };
}

/** The dialog in which the owner answers a leader's instruction. */
export function answerInstructionPrompt(t: Translate, message: Messages, i: { id: string; content: string }, onChanged: () => void): Prompt {
  return {
    title: t('instruction.answerTitle'),
    label: t('instruction.answer'),
    requiredMessage: t('instruction.answerRequired'),
    okText: t('instruction.answer'),
    note: i.content,
    maxLength: 10000,
    onSubmit: async (text) => {
      await answerInstruction(i.id, text);
      message.success(t('instruction.answered'));
      onChanged();
    },
  };
}

/** The dialog in which the responsible leader sends a drafted order back unsigned, saying why. */
export function refuseOrderPrompt(t: Translate, message: Messages, orderId: string, onChanged: () => void): Prompt {
  return {
    title: t('order.refuseTitle'),
    label: t('order.refuseReason'),
    requiredMessage: t('order.refuseRequired'),
    okText: t('order.refuse'),
    danger: true,
    maxLength: 2000,
    onSubmit: async (text) => {
      await refuseOrder(orderId, text);
      message.success(t('order.refused'));
      onChanged();
    },
  };
}

/**
 * Asks before the office closes (办结) an order, then closes it; an order still waiting for 签发
 * (no number yet) is withdrawn (撤回) the same way.
 */
export function closeOrderConfirm(t: Translate, message: Messages, modal: Modals, o: { id: string; number: string | null }, onChanged: () => void) {
  modal.confirm({
    title: o.number ? t('order.closeConfirm', { number: o.number }) : t('order.withdrawConfirm'),
    okText: o.number ? t('order.close') : t('order.withdraw'),
    cancelText: t('common.cancel'),
    onOk: async () => {
      try {
        await closeOrder(o.id);
        message.success(t('order.closed'));
        onChanged();
      } catch (err) {
        message.error(errorMessage(err, t));
      }
    },
  });
}

const STATUS_COLORS: Record<SupervisionOrder['status'], string> = { pending_signoff: 'purple', open: 'orange', replied: 'blue', closed: 'default', refused: 'default' };

/**
 * 督办单: each order with level, number, matter, reply deadline and status; reply, close, download
 * Word; the responsible leader signs (签发) or sends back an order waiting for him.
 */
export function OrdersTab({ orders, canReply, canClose, canSign, onPrompt, onChanged }: { orders: SupervisionOrder[]; canReply: boolean; canClose: boolean; canSign: boolean; onPrompt: (p: Prompt) => void; onChanged: () => void }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const [signing, setSigning] = useState<SupervisionOrder | null>(null);
  if (orders.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('order.empty')} />;

  const reply = (o: SupervisionOrder) => onPrompt(replyOrderPrompt(t, message, o, onChanged));
  const close = (o: SupervisionOrder) => closeOrderConfirm(t, message, modal, o, onChanged);
  const docx = (o: SupervisionOrder) => downloadOrderDocx(o.id, o.number).catch((err: unknown) => message.error(errorMessage(err, t)));

  return (
    <>
    <List<SupervisionOrder>
      dataSource={orders}
      data-testid="order-list"
      renderItem={(o) => (
        <Card
          size="small"
          style={{ marginBottom: 12 }}
          data-testid="order-item"
          title={
            <Space wrap size={6}>
              <Tag color={LEVEL_COLORS[o.level]}>{t(`order.level.${o.level}`)}</Tag>
              <span>{o.number ?? t('order.pendingNumber')}</span>
              <Tag color={STATUS_COLORS[o.status]} data-testid="order-status">{t(`order.status.${o.status}`)}</Tag>
            </Space>
          }
          extra={
            <Button size="small" icon={<FileWordOutlined />} onClick={() => void docx(o)} data-testid="order-docx">
              {t('order.docx')}
            </Button>
          }
        >
          <Descriptions
            size="small"
            column={{ xs: 1, md: 2 }}
            items={[
              { key: 'matter', label: t('order.matter'), span: 'filled', children: <span style={{ whiteSpace: 'pre-wrap' }}>{o.matter}</span> },
              ...(o.requirements ? [{ key: 'req', label: t('order.requirements'), span: 'filled' as const, children: <span style={{ whiteSpace: 'pre-wrap' }}>{o.requirements}</span> }] : []),
              { key: 'deadline', label: t('order.replyDeadline'), children: formatDate(o.replyDeadline) },
              { key: 'issued', label: o.status === 'pending_signoff' || o.status === 'refused' ? t('order.draftedAt') : t('order.issuedAt'), children: `${o.issuingOffice} · ${formatDateTime(o.issuedAt)}` },
              ...(o.reply ? [{ key: 'reply', label: t('order.replyText'), span: 'filled' as const, children: <span style={{ whiteSpace: 'pre-wrap' }}>{o.reply}({formatDateTime(o.repliedAt)})</span> }] : []),
              ...(o.signoffComment ? [{ key: 'refused', label: t('order.refuseReason'), span: 'filled' as const, children: <span style={{ whiteSpace: 'pre-wrap' }}>{o.signoffComment}({formatDateTime(o.signoffAt)})</span> }] : []),
            ]}
          />
          {o.status === 'pending_signoff' && canSign ? (
            <Space style={{ marginTop: 8 }}>
              <Button type="primary" danger={o.level === 'red'} size="small" onClick={() => setSigning(o)} data-testid="order-sign">
                {t('order.sign')}
              </Button>
              <Button size="small" onClick={() => onPrompt(refuseOrderPrompt(t, message, o.id, onChanged))} data-testid="order-refuse">
                {t('order.refuse')}
              </Button>
            </Space>
          ) : null}
          {o.status !== 'closed' && o.status !== 'refused' && ((canReply && o.status === 'open') || canClose) ? (
            <Space style={{ marginTop: 8 }}>
              {canReply && o.status === 'open' ? (
                <Button type="primary" size="small" onClick={() => reply(o)} data-testid="order-reply">
                  {t('order.reply')}
                </Button>
              ) : null}
              {canClose ? (
                <Button size="small" onClick={() => close(o)} data-testid="order-close">
                  {o.status === 'pending_signoff' ? t('order.withdraw') : t('order.close')}
                </Button>
              ) : null}
            </Space>
          ) : null}
        </Card>
      )}
    />
    <SignOrderModal
      order={signing}
      onClose={() => setSigning(null)}
      onSigned={() => {
        setSigning(null);
        onChanged();
      }}
    />
    </>
  );
}

/** 延期申请: each request with its reason and decision; the issuer approves or rejects with a comment. */
export function ExtensionsTab({ extensions, canDecide, onPrompt, onChanged }: { extensions: ExtensionRequest[]; canDecide: boolean; onPrompt: (p: Prompt) => void; onChanged: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  if (extensions.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('extension.empty')} />;
  const decide = (x: ExtensionRequest, approve: boolean) => onPrompt(decideExtensionPrompt(t, message, x.id, approve, onChanged));
  const statusKey = (s: string): MessageKey => (s === 'approved' || s === 'rejected' ? `extension.status.${s}` : 'extension.status.pending');
  return (
    <List<ExtensionRequest>
      dataSource={extensions}
      data-testid="extension-list"
      renderItem={(x) => (
        <Card size="small" style={{ marginBottom: 12 }}>
          <Space wrap size={6} style={{ marginBottom: 6 }}>
            <Tag color={x.status === 'approved' ? 'green' : x.status === 'rejected' ? 'red' : 'orange'}>{t(statusKey(x.status))}</Tag>
            <span>
              {formatDate(x.currentDeadline)} → <strong>{formatDate(x.requestedDeadline)}</strong>
            </span>
            <Typography.Text type="secondary">{formatDateTime(x.requestedAt)}</Typography.Text>
          </Space>
          <div style={{ whiteSpace: 'pre-wrap' }}>{t('common.labelled', { label: t('extension.reason'), value: x.reason })}</div>
          {x.decisionComment ? (
            <Typography.Text type="secondary">
              {t('common.labelled', { label: t('extension.comment'), value: x.decisionComment })} · {formatDateTime(x.decidedAt)}
            </Typography.Text>
          ) : null}
          {canDecide && x.status === 'pending' ? (
            <Space style={{ marginTop: 8, display: 'flex' }}>
              <Button size="small" type="primary" icon={<CheckOutlined />} onClick={() => decide(x, true)}>
                {t('extension.approve')}
              </Button>
              <Button size="small" danger icon={<CloseOutlined />} onClick={() => decide(x, false)}>
                {t('extension.reject')}
              </Button>
            </Space>
          ) : null}
        </Card>
      )}
    />
  );
}

/** 领导批示: each instruction and its answer; the owner answers the open ones. */
export function InstructionsTab({ instructions, canAnswer, onPrompt, onChanged }: { instructions: Instruction[]; canAnswer: boolean; onPrompt: (p: Prompt) => void; onChanged: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  if (instructions.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('instruction.empty')} />;
  const answer = (i: Instruction) => onPrompt(answerInstructionPrompt(t, message, i, onChanged));
  return (
    <List<Instruction>
      dataSource={instructions}
      data-testid="instruction-list"
      renderItem={(i) => (
        <Card size="small" style={{ marginBottom: 12 }}>
          <Space wrap size={6} style={{ marginBottom: 6 }}>
            <strong>{i.leaderName}</strong>
            <Typography.Text type="secondary">{formatDateTime(i.createdAt)}</Typography.Text>
            {i.answer ? null : <Tag color="orange">{t('instruction.pending')}</Tag>}
          </Space>
          <div className="instruction-content">{i.content}</div>
          {i.answer ? (
            <div className="report-review">
              <Typography.Text type="secondary">{t('instruction.answer')}:</Typography.Text>
              {i.answer} <Typography.Text type="secondary">· {formatDateTime(i.answeredAt)}</Typography.Text>
            </div>
          ) : canAnswer ? (
            <Button size="small" type="primary" style={{ marginTop: 8 }} onClick={() => answer(i)}>
              {t('instruction.answer')}
            </Button>
          ) : null}
        </Card>
      )}
    />
  );
}

const KIND_COLORS: Record<string, string> = { complete: 'green', return: 'red', cancel: 'gray', order: 'red', remind: 'orange', extension_rejected: 'red', report_returned: 'red', extension_approved: 'green' };

/** 时间线: every event of the task with its kind, actor, time, status change and comment. */
export function TaskTimeline({ events }: { events: TimelineEvent[] }) {
  const { t } = useI18n();
  if (events.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('timeline.empty')} />;
  const kindLabel = (kind: string) => {
    const key = `timeline.kind.${kind}` as MessageKey;
    const text = t(key);
    return text === undefined || text === key ? kind : text;
  };
  const statusLabel = (s: string | null) => (s ? t(`taskStatus.${s}` as MessageKey) ?? s : '');
  return (
    <Timeline
      data-testid="task-timeline"
      style={{ paddingTop: 8 }}
      items={[...events].reverse().map((e) => ({
        key: e.id,
        color: KIND_COLORS[e.kind] ?? 'blue',
        content: (
          <div className="timeline-item">
            <Space wrap size={[8, 0]}>
              <strong>{kindLabel(e.kind)}</strong>
              <span>{e.actorName ?? t('timeline.system')}</span>
              <Typography.Text type="secondary">{formatDateTime(e.at)}</Typography.Text>
              {e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus ? <Tag>{t('timeline.statusChange', { from: statusLabel(e.fromStatus), to: statusLabel(e.toStatus) })}</Tag> : null}
            </Space>
            {e.comment ? <div className="timeline-comment">{e.comment}</div> : null}
          </div>
        ),
      }))}
    />
  );
}
