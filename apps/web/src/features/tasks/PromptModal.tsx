import { App, Form, Input, Modal, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { AttachmentUpload, finishedIds, type AttachmentFile } from './AttachmentUpload.tsx';
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
  /** Also asks for files (evidence), under this label; their ids go to `onSubmit`. */
  files?: string;
  /** Runs the action; a thrown error keeps the dialog open with the message shown. */
  onSubmit: (text: string, attachmentIds: string[]) => Promise<void>;
}

/** A dialog asking for one text (a reason, a summary, a reply) before an action runs. */
export function PromptModal({ prompt, onClose }: { prompt: Prompt | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ text: string }>();
  const [files, setFiles] = useState<AttachmentFile[]>([]);
  const close = () => {
    setFiles([]);
    onClose();
  };

  const { submit, busy } = useFormSubmit(form, async ({ text }: { text?: string }) => {
    if (!prompt) return;
    const attachmentIds = finishedIds(files);
    if (!attachmentIds) {
      message.warning(t('report.uploading'));
      return;
    }
    await prompt.onSubmit((text ?? '').trim(), attachmentIds);
    close();
  });

  return (
    <Modal
      open={prompt !== null}
      title={prompt?.title}
      onCancel={close}
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
        {prompt?.files ? (
          <Form.Item label={prompt.files}>
            <AttachmentUpload files={files} onChange={setFiles} variant="list" testId="prompt-upload" />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
