import { App, Col, Form, Input, InputNumber, Modal, Row, Slider } from 'antd';
import { useState } from 'react';
import type { Task } from '../../api/types.ts';
import { AttachmentUpload, finishedIds, type AttachmentFile } from './AttachmentUpload.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useFormSubmit } from '../../lib/use-form-submit.ts';
import { reportProgress } from './tasks.api.ts';

interface Values {
  done: string;
  percent: number;
  difficulties?: string;
  nextSteps?: string;
}

/**
 * 报送进展: what was done, the percent (slider and number), difficulties, next steps, and evidence
 * uploaded to /api/attachments as it is chosen (images shown as thumbnails).
 */
export function ReportModal({ task, onClose, onReported }: { task: Pick<Task, 'id' | 'title' | 'ownPercent'> | null; onClose: () => void; onReported: (late: boolean) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<AttachmentFile[]>([]);

  const close = () => {
    setFiles([]);
    onClose();
  };

  const { submit, busy } = useFormSubmit(form, async (values: Values) => {
    if (!task) return;
    const attachmentIds = finishedIds(files);
    if (!attachmentIds) {
      message.warning(t('report.uploading'));
      return;
    }
    const result = await reportProgress(task.id, {
      done: values.done.trim(),
      percent: values.percent,
      difficulties: values.difficulties?.trim() || undefined,
      nextSteps: values.nextSteps?.trim() || undefined,
      attachmentIds,
    });
    message.success(result.late ? t('report.submittedLate') : t('report.submitted'));
    setFiles([]);
    onReported(result.late);
  });

  return (
    <Modal
      open={task !== null}
      title={task ? `${t('report.new')} · ${task.title}` : ''}
      onCancel={close}
      onOk={() => form.submit()}
      okText={t('report.new')}
      okButtonProps={{ 'data-testid': 'report-submit' }}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      width={720}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ percent: task?.ownPercent ?? 0 }} data-testid="report-form">
        <Form.Item name="done" label={t('report.done')} rules={[{ required: true, whitespace: true, message: t('report.doneRequired') }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={20000} />
        </Form.Item>
        <Form.Item label={t('report.percent')} required>
          <Row gutter={12} align="middle">
            <Col flex="auto">
              <Form.Item name="percent" noStyle>
                <Slider min={0} max={100} marks={{ 0: '0', 50: '50', 100: '100' }} />
              </Form.Item>
            </Col>
            <Col flex="100px">
              <Form.Item name="percent" noStyle>
                <InputNumber min={0} max={100} precision={0} suffix="%" style={{ width: '100%' }} data-testid="report-percent" />
              </Form.Item>
            </Col>
          </Row>
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="difficulties" label={t('report.difficulties')}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={10000} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="nextSteps" label={t('report.nextSteps')}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={10000} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('report.evidence')} extra={t('report.evidenceHint')}>
          <AttachmentUpload files={files} onChange={setFiles} testId="report-upload" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
