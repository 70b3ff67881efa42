import { useQueryClient } from '@tanstack/react-query';
import { App, Button } from 'antd';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { Prompt } from './PromptModal.tsx';
import { issueOrders, remindTasks, type TaskRow } from './tasks.api.ts';

// The two dialogs (with their date picker and file upload) are not part of the list's chunk: they are
// fetched when a first row is selected, so they are here by the time a batch button is clicked.
const loadOrderModal = () => import('./OrderModal.tsx');
const loadPromptModal = () => import('./PromptModal.tsx');
const OrderModal = lazy(() => loadOrderModal().then((m) => ({ default: m.OrderModal })));
const PromptModal = lazy(() => loadPromptModal().then((m) => ({ default: m.PromptModal })));

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
  // A dialog is mounted when first opened and stays mounted, so that closing it animates like any other modal.
  const [opened, setOpened] = useState({ prompt: false, order: false });
  useEffect(() => {
    // A failed fetch is not reported here: opening the dialog fetches it again and meets the failure itself.
    for (const load of [loadOrderModal, loadPromptModal]) load().catch(() => undefined);
  }, []);
  const ids = selected.map((task) => task.id);
  const done = async () => {
    clear();
    await queryClient.invalidateQueries({ queryKey: ['tasks'] });
  };

  const remind = () => {
    setOpened((o) => ({ ...o, prompt: true }));
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
  };
  const order = () => {
    setOpened((o) => ({ ...o, order: true }));
    setOrdering(true);
  };

  return (
    <>
      <Button onClick={remind} data-testid="batch-remind">
        {t('action.remind')}
      </Button>
      <Button onClick={order} data-testid="batch-order">
        {t('order.new')}
      </Button>
      <Suspense fallback={null}>
        {opened.prompt ? <PromptModal prompt={prompt} onClose={() => setPrompt(null)} /> : null}
        {opened.order ? (
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
        ) : null}
      </Suspense>
    </>
  );
}
