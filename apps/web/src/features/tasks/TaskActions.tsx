import { App, Button, Space } from 'antd';
import type { ReactNode } from 'react';
import type { TaskAction, TaskDetail, TaskPolicies } from '../../api/types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { errorMessage } from '../../lib/errors.ts';
import type { Prompt } from './PromptModal.tsx';
import { acknowledgeTask, assignTask, cancelTask, completeTask, instruct, remindTask, requestCompletion, returnTask, type TaskOne } from './tasks.api.ts';

/** Dialogs the detail page owns and the action buttons open. */
export interface ActionDialogs {
  prompt: (p: Prompt) => void;
  report: () => void;
  decompose: () => void;
  order: () => void;
  extension: () => void;
  edit: () => void;
}

/**
 * The buttons of a task, shown only as its policies allow; each asks for what the action needs
 * (退回 and 取消 a reason, 申请办结 a summary) and hands back the refreshed task.
 */
export function TaskActions({ task, policies, dialogs, onDone }: { task: TaskDetail; policies: TaskPolicies; dialogs: ActionDialogs; onDone: (one: TaskOne) => void }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const can = (a: TaskAction) => policies.actions.includes(a);
  const done = (one: TaskOne, label: string) => {
    message.success(t('action.done', { action: label }));
    onDone(one);
  };

  const confirm = (title: string, label: string, run: () => Promise<TaskOne>) =>
    modal.confirm({
      title,
      okText: label,
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          done(await run(), label);
        } catch (err) {
          message.error(errorMessage(err, t));
        }
      },
    });

  const prompt = (p: Omit<Prompt, 'onSubmit'> & { run: (text: string) => Promise<TaskOne> }) =>
    dialogs.prompt({ ...p, onSubmit: async (text) => done(await p.run(text), p.okText) });

  const buttons: ReactNode[] = [];
  const add = (key: string, node: ReactNode) => buttons.push(<span key={key}>{node}</span>);

  if (can('assign'))
    add('assign', <Button type="primary" onClick={() => confirm(t('action.assignConfirm'), t('action.assign'), () => assignTask(task.id))} data-testid="action-assign">{t('action.assign')}</Button>);
  if (can('acknowledge'))
    add('acknowledge', <Button type="primary" onClick={() => confirm(t('action.acknowledgeConfirm'), t('action.acknowledge'), () => acknowledgeTask(task.id))} data-testid="action-acknowledge">{t('action.acknowledge')}</Button>);
  if (can('report')) add('report', <Button type="primary" onClick={dialogs.report} data-testid="action-report">{t('action.report')}</Button>);
  if (can('requestCompletion'))
    add(
      'requestCompletion',
      <Button
        onClick={() => prompt({ title: t('action.requestCompletion'), label: t('action.summary'), requiredMessage: t('action.summaryRequired'), placeholder: t('action.summaryPlaceholder'), okText: t('action.requestCompletion'), run: (s) => requestCompletion(task.id, s) })}
        data-testid="action-requestCompletion"
      >
        {t('action.requestCompletion')}
      </Button>,
    );
  if (can('complete'))
    add(
      'complete',
      <Button type="primary" onClick={() => prompt({ title: t('action.complete'), label: t('action.completeComment'), okText: t('action.complete'), maxLength: 2000, run: (c) => completeTask(task.id, c) })} data-testid="action-complete">
        {t('action.complete')}
      </Button>,
    );
  if (can('return'))
    add(
      'return',
      <Button danger onClick={() => prompt({ title: t('action.return'), label: t('action.reason'), requiredMessage: t('action.returnReasonRequired'), okText: t('action.return'), danger: true, maxLength: 2000, run: (r) => returnTask(task.id, r) })} data-testid="action-return">
        {t('action.return')}
      </Button>,
    );
  if (policies.edit) add('edit', <Button onClick={dialogs.edit} data-testid="action-edit">{t('action.edit')}</Button>);
  if (policies.decompose) add('decompose', <Button onClick={dialogs.decompose} data-testid="action-decompose">{t('action.decompose')}</Button>);
  if (policies.requestExtension) add('extension', <Button onClick={dialogs.extension} data-testid="action-extension">{t('action.requestExtension')}</Button>);
  if (policies.remind)
    add(
      'remind',
      <Button onClick={() => prompt({ title: t('action.remind'), label: t('action.remindMessage'), placeholder: t('action.remindPlaceholder'), okText: t('action.remind'), maxLength: 1000, run: (m) => remindTask(task.id, m) })} data-testid="action-remind">
        {t('action.remind')}
      </Button>,
    );
  if (policies.issueOrder) add('order', <Button danger onClick={dialogs.order} data-testid="action-order">{t('action.issueOrder')}</Button>);
  if (policies.instruct)
    add(
      'instruct',
      <Button onClick={() => prompt({ title: t('instruction.new'), label: t('instruction.content'), requiredMessage: t('instruction.contentRequired'), okText: t('instruction.new'), run: (c) => instruct(task.id, c) })} data-testid="action-instruct">
        {t('action.instruct')}
      </Button>,
    );
  if (can('cancel'))
    add(
      'cancel',
      <Button danger type="text" onClick={() => prompt({ title: t('action.cancel'), label: t('action.reason'), requiredMessage: t('action.cancelReasonRequired'), note: t('action.cancelHint'), okText: t('action.cancel'), danger: true, maxLength: 2000, run: (r) => cancelTask(task.id, r) })} data-testid="action-cancel">
        {t('action.cancel')}
      </Button>,
    );

  if (buttons.length === 0) return null;
  return (
    <Space wrap size={8} data-testid="task-actions">
      {buttons}
    </Space>
  );
}
