import { Form, Input, Modal, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useFormSubmit } from '../../lib/use-form-submit.ts';

/** What a text prompt asks for. */
export interface Prompt {
  title: string;
  label: string;
  /** Message shown when left empty; the text is optional when absent. */
  requiredMessage?: string;
  placeholder?: string;
  okText: string;
  danger?: boolean;
  note?: ReactNode;
  initial?: string;
  maxLength?: number;
  /** Runs the action; a thrown error keeps the dialog open with the message shown. */
  onSubmit: (text: string) => Promise<void>;
}

/** A dialog asking for one text (a reason, a summary, a reply) before an action runs. */
export function PromptModal({ prompt, onClose }: { prompt: Prompt | null; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ text: string }>();

  const { submit, busy } = useFormSubmit(form, async ({ text }: { text?: string }) => {
    if (!prompt) return;
    await prompt.onSubmit((text ?? '').trim());
    onClose();
  });

  return (
    <Modal
      open={prompt !== null}
      title={prompt?.title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={prompt?.okText}
      okButtonProps={{ danger: prompt?.danger, 'data-testid': 'prompt-ok' }}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
    >
      {prompt?.note ? <Typography.Paragraph type="secondary">{prompt.note}</Typography.Paragraph> : null}
      <Form form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ text: prompt?.initial ?? '' }} data-testid="prompt-form">
        <Form.Item name="text" label={prompt?.label} rules={prompt?.requiredMessage ? [{ required: true, whitespace: true, message: prompt.requiredMessage }] : []}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} placeholder={prompt?.placeholder} maxLength={prompt?.maxLength ?? 5000} showCount autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
