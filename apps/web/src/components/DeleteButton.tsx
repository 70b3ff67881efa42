import { DeleteOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { errorMessage } from '../lib/errors.ts';

export interface DeleteAsk {
  confirmTitle: string;
  confirmText: string;
  done: string;
  onDelete: () => Promise<unknown>;
  onDone: () => void;
  testId: string;
}

/**
 * 删除, asked first: a red confirmation naming what goes; on success a message and `onDone`
 * (usually back to the list), on refusal the server's reason. For a delete that is not a button
 * of its own (a closable tag).
 */
export function useConfirmDelete(): (ask: DeleteAsk) => void {
  const { t } = useI18n();
  const { modal, message } = App.useApp();
  return ({ confirmTitle, confirmText, done, onDelete, onDone, testId }) =>
    modal.confirm({
      title: confirmTitle,
      content: confirmText,
      okText: t('common.delete'),
      okButtonProps: { danger: true, 'data-testid': `${testId}-ok` } as never,
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await onDelete();
          message.success(done);
          onDone();
        } catch (err) {
          message.error(errorMessage(err, t));
        }
      },
    });
}

/** The 删除 button of a detail page or a table row (`size="small"`), asking first. */
export function DeleteButton({ size, ...ask }: DeleteAsk & { size?: 'small' }) {
  const { t } = useI18n();
  const confirm = useConfirmDelete();
  return (
    <Button danger size={size} icon={<DeleteOutlined />} onClick={() => confirm(ask)} data-testid={ask.testId}>
      {t('common.delete')}
    </Button>
  );
}
