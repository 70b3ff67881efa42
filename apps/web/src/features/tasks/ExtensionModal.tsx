import { App, DatePicker, Form, Input, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { TaskDetail } from '../../api/types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useFormSubmit } from '../../lib/use-form-submit.ts';
import { requestExtension, type TaskOne } from './tasks.api.ts';

/** 申请延期: a later deadline and the reason; the issuer decides. */
export function ExtensionModal({ task, onClose, onDone }: { task: TaskDetail | null; onClose: () => void; onDone: (one: TaskOne) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ requestedDeadline: Dayjs; reason: string }>();
  const current = task?.deadline ? dayjs(task.deadline) : undefined;

  const { submit, busy } = useFormSubmit(form, async (v: { requestedDeadline: Dayjs; reason: string }) => {
    if (!task) return;
    const one = await requestExtension(task.id, { requestedDeadline: v.requestedDeadline.format('YYYY-MM-DD'), reason: v.reason.trim() });
    message.success(t('extension.requested'));
    onDone(one);
  });

  return (
    <Modal open={task !== null} title={t('extension.new')} onCancel={onClose} onOk={() => form.submit()} okText={t('extension.new')} cancelText={t('common.cancel')} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item label={t('extension.currentDeadline')}>{task?.deadline ?? '—'}</Form.Item>
        <Form.Item name="requestedDeadline" label={t('extension.requestedDeadline')} rules={[{ required: true, message: t('extension.requestedDeadlineRequired') }]}>
          <DatePicker style={{ width: 220 }} disabledDate={(d) => (current ? !d.isAfter(current, 'day') : false)} />
        </Form.Item>
        <Form.Item name="reason" label={t('extension.reason')} rules={[{ required: true, whitespace: true, message: t('extension.reasonRequired') }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
