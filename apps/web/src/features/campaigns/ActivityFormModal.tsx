import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, Modal, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useFormSubmit } from '../../lib/use-form-submit.ts';
import { UserSelect } from '../users/UserSelect.tsx';
import { AttachmentUpload, finishedIds, type AttachmentFile } from '../tasks/AttachmentUpload.tsx';
import { ACTIVITY_KINDS, createActivity, type ActivityKind, type CampaignDetail } from './campaigns.api.ts';

interface Values {
  kind: ActivityKind;
  title: string;
  heldOn: Dayjs;
  place?: string;
  hostLeaderId?: string;
  attendees?: string;
  agenda?: string;
  minutes?: string;
  outcomes?: string;
  opinions?: { content: string; topic?: string; raisedByUserId?: string; raisedByName?: string }[];
}

/** Records an activity (座谈会, 调研 …) with its minutes and the opinions gathered in it. */
export function ActivityFormModal({ campaign, open, onClose }: { campaign: CampaignDetail; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const client = useQueryClient();
  const [files, setFiles] = useState<AttachmentFile[]>([]);
  const close = () => {
    setFiles([]);
    onClose();
  };
  const { submit, busy } = useFormSubmit(form, async (v: Values) => {
    const attachmentIds = finishedIds(files);
    if (!attachmentIds) {
      message.warning(t('report.uploading'));
      return;
    }
    await createActivity(campaign.id, {
      ...v,
      attachmentIds,
      heldOn: v.heldOn.format('YYYY-MM-DD'),
      hostLeaderId: v.hostLeaderId ?? null,
      opinions: (v.opinions ?? []).map((o) => ({ content: o.content, topic: o.topic ?? null, raisedByUserId: o.raisedByUserId ?? null, raisedByName: o.raisedByName ?? '' })),
    });
    message.success(t('activity.saved'));
    await client.invalidateQueries({ queryKey: ['campaigns', campaign.id] });
    close();
  });
  return (
    <Modal open={open} title={t('activity.new')} onCancel={close} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={busy} destroyOnHidden width={760} okButtonProps={{ 'data-testid': 'activity-save' }}>
      <Form form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ kind: 'symposium' }} data-testid="activity-form">
        <Space wrap align="start">
          <Form.Item name="kind" label={t('activity.kind')} rules={[{ required: true }]}>
            <Select style={{ width: 140 }} options={ACTIVITY_KINDS.map((k) => ({ value: k, label: t(`activity.kind.${k}`) }))} />
          </Form.Item>
          <Form.Item name="heldOn" label={t('activity.heldOn')} rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="hostLeaderId" label={t('activity.host')}>
            <UserSelect role="leader" style={{ width: 200 }} onChange={() => {}} />
          </Form.Item>
        </Space>
        <Form.Item name="title" label={t('activity.title')} rules={[{ required: true, whitespace: true, message: '请填写活动主题' }]}>
          <Input maxLength={200} data-testid="activity-title" />
        </Form.Item>
        <Form.Item name="place" label={t('activity.place')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="attendees" label={t('activity.attendees')}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={4000} />
        </Form.Item>
        <Form.Item name="minutes" label={t('activity.minutes')}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={50000} />
        </Form.Item>
        <Form.Item name="outcomes" label={t('activity.outcomes')}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} maxLength={20000} />
        </Form.Item>
        <Form.Item label={t('activity.files')}>
          <AttachmentUpload files={files} onChange={setFiles} testId="activity-upload" />
        </Form.Item>
        <Form.List name="opinions">
          {(fields, { add, remove }) => (
            <Form.Item label={t('activity.opinions')}>
              <Space direction="vertical" style={{ width: '100%' }}>
                {fields.map((f, i) => (
                  <Card key={f.key} size="small" extra={<Button size="small" onClick={() => remove(f.name)}>{t('common.delete')}</Button>} title={`${t('activity.opinions')} ${i + 1}`}>
                    <Form.Item name={[f.name, 'content']} rules={[{ required: true, whitespace: true, message: '请填写意见建议内容' }]}>
                      <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={4000} placeholder={t('opinion.content')} data-testid="opinion-content" />
                    </Form.Item>
                    <Space wrap>
                      <Form.Item name={[f.name, 'raisedByName']} rules={[{ required: true, whitespace: true, message: '请填写提出人' }]}>
                        <Input placeholder={t('opinion.raiserName')} style={{ width: 180 }} data-testid="opinion-raiser" />
                      </Form.Item>
                      <Form.Item name={[f.name, 'raisedByUserId']}>
                        <UserSelect placeholder={t('opinion.raiser')} style={{ width: 200 }} onChange={() => {}} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'topic']}>
                        <Select allowClear placeholder={t('opinion.topic')} style={{ width: 140 }} options={campaign.topics.map((x) => ({ value: x, label: x }))} />
                      </Form.Item>
                    </Space>
                  </Card>
                ))}
                <Button type="dashed" onClick={() => add({})} data-testid="opinion-add">
                  {t('activity.addOpinion')}
                </Button>
              </Space>
            </Form.Item>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
