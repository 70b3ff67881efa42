import { DeleteOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { errorMessage } from '../lib/errors.ts';

/**
 * 删除, asked first: a red confirmation naming what goes; on success a message and `onDone`
 * (usually back to the list), on refusal the server's reason.
 */
export function DeleteButton({ confirmTitle, confirmText, done, onDelete, onDone, testId }: { confirmTitle: string; confirmText: string; done: string; onDelete: () => Promise<unknown>; onDone: () => void; testId: string }) {
  const { t } = useI18n();
  const { modal, message } = App.useApp();
  const ask = () =>
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
  return (
    <Button danger icon={<DeleteOutlined />} onClick={ask} data-testid={testId}>
      {t('common.delete')}
    </Button>
  );
}
