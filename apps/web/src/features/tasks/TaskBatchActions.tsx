import { useQueryClient } from '@tanstack/react-query';
import { App, Button } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { OrderModal } from './OrderModal.tsx';
import { PromptModal, type Prompt } from './PromptModal.tsx';
import { issueOrders, remindTasks, type TaskRow } from './tasks.api.ts';

/**
 * The task list's batch actions for supervisors: 催办 the chosen tasks with one message, and 下发督办单
 * of one level to all of them through the same dialog and confirmation as a single order. Either
 * all are done or none (the server names the task that stopped the batch); the list refreshes afterwards.
 */
export function TaskBatchActions({ selected, clear }: { selected: TaskRow[]; clear: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [prompt, setPrompt] = useState<Prompt | null>(null);
  const [ordering, setOrdering] = useState(false);
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

  return (
    <>
      <Button onClick={remind} data-testid="batch-remind">
        {t('action.remind')}
      </Button>
      <Button onClick={() => setOrdering(true)} data-testid="batch-order">
        {t('order.new')}
      </Button>
      <PromptModal prompt={prompt} onClose={() => setPrompt(null)} />
      <OrderModal
        tasks={ordering ? selected.map((task) => ({ id: task.id, title: task.title, unitName: task.ownerUnit.name })) : null}
        onClose={() => setOrdering(false)}
        onIssue={async (taskIds, input) => {
          const orders = await issueOrders(taskIds, input);
          const held = orders.filter((o) => o.status === 'pending_signoff').length;
          message.success(held > 0 ? t('batch.orderedForSignoff', { count: held }) : t('batch.ordered', { count: orders.length }));
          setOrdering(false);
          await done();
        }}
      />
    </>
  );
}
