import { App, DatePicker, Form, Input, Modal, Radio, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { tenantToday } from '../../lib/format.ts';
import type { OrderLevel, SupervisionOrder } from '../../api/types.ts';
import { signOrder } from './tasks.api.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useFormSubmit } from '../../lib/use-form-submit.ts';

interface OrderValues {
  level: OrderLevel;
  matter: string;
  requirements?: string;
  replyDeadline: Dayjs;
}

/** The fields of a 督办单: level, matter, requirements and the reply deadline. */
function OrderFields() {
  const { t } = useI18n();
  return (
    <>
      <Form.Item name="level" label={t('order.level')} extra={t('order.levelHint')}>
        <Radio.Group>
          <Radio.Button value="blue" className="order-level-blue">{t('order.level.blue')}</Radio.Button>
          <Radio.Button value="yellow" className="order-level-yellow">{t('order.level.yellow')}</Radio.Button>
          <Radio.Button value="red" className="order-level-red">{t('order.level.red')}</Radio.Button>
        </Radio.Group>
      </Form.Item>
      <Form.Item name="matter" label={t('order.matter')} rules={[{ required: true, whitespace: true, message: t('order.matterRequired') }]}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} showCount />
      </Form.Item>
      <Form.Item name="requirements" label={t('order.requirements')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />
      </Form.Item>
      <Form.Item name="replyDeadline" label={t('order.replyDeadline')} rules={[{ required: true, message: t('order.replyDeadlineRequired') }]}>
        <DatePicker style={{ width: 220 }} disabledDate={(d) => d.isBefore(tenantToday(), 'day')} data-testid="order-reply-deadline" />
      </Form.Item>
    </>
  );
}

/** What an order confirmation names: the task, the unit that must answer and, once chosen, the reply deadline. */
export function OrderSummary({ task, unit, deadline }: { task: string; unit: string; deadline?: string }) {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" size={2} data-testid="order-confirm-summary">
      <span>{t('order.confirmTask', { task })}</span>
      <span>{t('order.confirmUnit', { unit })}</span>
      {deadline ? <span>{t('order.confirmDeadline', { date: deadline })}</span> : null}
    </Space>
  );
}

/** A task an order goes to, as its confirmation names it. */
export interface OrderTarget {
  id: string;
  title: string;
  unitName: string;
}

/** What the server takes to issue an order. */
export interface OrderInput {
  level: OrderLevel;
  matter: string;
  requirements?: string;
  replyDeadline: string;
}

/**
 * 下发督办单 to one task (its detail) or to several (the list's batch): level (blue / yellow / red),
 * the matter, requirements and the reply deadline. Nothing goes out before a confirmation naming
 * the level, the task and unit (or how many tasks) and the deadline; Enter in a field only asks,
 * and a second Enter lands on 取消. `onIssue` calls the server and reports; a failure stays in the form.
 */
export function OrderModal({ tasks, onClose, onIssue }: { tasks: OrderTarget[] | null; onClose: () => void; onIssue: (ids: string[], input: OrderInput) => Promise<void> }) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const [form] = Form.useForm<OrderValues>();
  const many = (tasks?.length ?? 0) > 1;

  const { submit, busy } = useFormSubmit(form, async (v: OrderValues) => {
    if (!tasks?.length) return;
    await onIssue(
      tasks.map((task) => task.id),
      { level: v.level, matter: v.matter.trim(), requirements: v.requirements?.trim() || undefined, replyDeadline: v.replyDeadline.format('YYYY-MM-DD') },
    );
  });

  const confirm = (v: OrderValues) => {
    if (!tasks?.length) return;
    const level = t(`order.level.${v.level}`);
    const deadline = v.replyDeadline.format('YYYY-MM-DD');
    modal.confirm({
      title: many ? t('batch.orderConfirm', { count: tasks.length, level }) : t('order.confirmTitle', { level }),
      content: many ? (
        <Space orientation="vertical" size={2} data-testid="order-confirm-summary">
          <span>{t('batch.orderConfirmNote')}</span>
          <span>{t('order.confirmDeadline', { date: deadline })}</span>
        </Space>
      ) : (
        <OrderSummary task={tasks[0]!.title} unit={tasks[0]!.unitName} deadline={deadline} />
      ),
      okText: t('order.confirmOk'),
      okButtonProps: { danger: v.level === 'red', ...{ 'data-testid': 'order-confirm-ok' } },
      cancelText: t('common.cancel'),
      // A second Enter must not issue it either.
      autoFocusButton: 'cancel',
      onOk: () => submit(v),
    });
  };

  return (
    <Modal
      open={tasks !== null}
      title={many ? t('batch.orderTitle', { count: tasks!.length }) : t('order.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('order.new')}
      okButtonProps={{ 'data-testid': 'order-submit' }}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      width={640}
      destroyOnHidden
    >
      <Form<OrderValues> form={form} layout="vertical" onFinish={confirm} preserve={false} initialValues={{ level: 'blue' }} data-testid="order-form">
        <OrderFields />
      </Form>
    </Modal>
  );
}

/**
 * 签发: the task's responsible leader sends a drafted order out. The reply deadline the office set
 * is kept, or — when it has passed while the draft waited — must be given again. The order takes
 * its number and goes to the unit only on signing.
 */
export function SignOrderModal({ order, onClose, onSigned }: { order: SupervisionOrder | null; onClose: () => void; onSigned: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ replyDeadline: Dayjs }>();
  const today = tenantToday();
  const kept = order && !dayjs(order.replyDeadline).isBefore(today, 'day') ? dayjs(order.replyDeadline) : undefined;
  const { submit, busy } = useFormSubmit(form, async (v: { replyDeadline: Dayjs }) => {
    if (!order) return;
    const signed = await signOrder(order.id, v.replyDeadline.format('YYYY-MM-DD'));
    message.success(t('order.signed', { number: signed.number ?? '' }));
    onSigned();
  });
  return (
    <Modal
      open={order !== null}
      title={order ? t('order.signTitle', { level: t(`order.level.${order.level}`) }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('order.sign')}
      okButtonProps={{ danger: order?.level === 'red', ...{ 'data-testid': 'order-sign-ok' } }}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('order.signHint')}</Typography.Paragraph>
      {order ? <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{order.matter}</Typography.Paragraph> : null}
      <Form form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ replyDeadline: kept }} data-testid="order-sign-form">
        <Form.Item
          name="replyDeadline"
          label={t('order.replyDeadline')}
          rules={[{ required: true, message: t('order.replyDeadlineRequired') }]}
          extra={order && !kept ? t('order.signDeadlinePassed', { date: order.replyDeadline }) : undefined}
        >
          <DatePicker style={{ width: 220 }} disabledDate={(d) => d.isBefore(today, 'day')} data-testid="order-sign-deadline" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
