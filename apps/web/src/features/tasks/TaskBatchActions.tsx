import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Modal, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useFormSubmit } from '../../lib/use-form-submit.ts';
import { OrderFields, type OrderValues } from './OrderModal.tsx';
import { PromptModal, type Prompt } from './PromptModal.tsx';
import { issueOrders, remindTasks, type TaskRow } from './tasks.api.ts';

/**
 * The task list's batch actions for supervisors: 催办 the chosen tasks with one message, and 下发督办单
 * of one level to all of them after a confirmation naming how many. Either all are done or none
 * (the server names the task that stopped the batch); the list refreshes afterwards.
 */
export function TaskBatchActions({ selected, clear }: { selected: TaskRow[]; clear: () => void }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [prompt, setPrompt] = useState<Prompt | null>(null);
  const [ordering, setOrdering] = useState(false);
  const [form] = Form.useForm<OrderValues>();
  const ids = selected.map((task) => task.id);
  const done = async () => {
    clear();
    await queryClient.invalidateQueries({ queryKey: ['tasks'] });
  };

  const remind = () =>
    setPrompt({
      title: t('batch.remindTitle', { count: ids.length }),
      label: t('action.remindMessage'),
      placeholder: t('action.remindPlaceholder'),
      okText: t('action.remind'),
      maxLength: 1000,
      onSubmit: async (text) => {
        const result = await remindTasks(ids, text);
        message.success(t('batch.reminded', { count: result.tasks }));
        await done();
      },
    });

  const { submit, busy } = useFormSubmit(form, async (v: OrderValues) => {
    const input = { level: v.level, matter: v.matter.trim(), requirements: v.requirements?.trim() || undefined, replyDeadline: v.replyDeadline.format('YYYY-MM-DD') };
    const confirmed = await modal.confirm({
      title: t('batch.orderConfirm', { count: ids.length, level: t(`batch.level.${v.level}`) }),
      content: t('batch.orderConfirmNote'),
      okText: t('batch.orderConfirmOk'),
      okButtonProps: { danger: v.level === 'red', 'data-testid': 'batch-order-confirm' } as ButtonProps,
      cancelText: t('common.cancel'),
    });
    if (!confirmed) return;
    const orders = await issueOrders(ids, input);
    message.success(t('batch.ordered', { count: orders.length }));
    setOrdering(false);
    await done();
  });

  return (
    <>
      <Button onClick={remind} data-testid="batch-remind">
        {t('action.remind')}
      </Button>
      <Button onClick={() => setOrdering(true)} data-testid="batch-order">
        {t('order.new')}
      </Button>
      <PromptModal prompt={prompt} onClose={() => setPrompt(null)} />
      <Modal
        open={ordering}
        title={t('batch.orderTitle', { count: ids.length })}
        onCancel={() => setOrdering(false)}
        onOk={() => form.submit()}
        okText={t('order.new')}
        okButtonProps={{ 'data-testid': 'batch-order-submit' }}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        width={640}
        destroyOnHidden
      >
        <Form<OrderValues> form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ level: 'blue' }} data-testid="batch-order-form">
          <OrderFields />
        </Form>
      </Modal>
    </>
  );
}
