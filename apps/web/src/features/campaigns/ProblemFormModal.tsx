import { useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Select } from 'antd';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useAuth } from '../auth/AuthProvider.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useFormSubmit } from '../../lib/use-form-submit.ts';
import { createProblem, PROBLEM_SOURCES, SEVERITIES, type CampaignDetail, type ProblemSource } from './campaigns.api.ts';

interface Values {
  source: ProblemSource;
  unitId: string;
  description: string;
  severity: string;
  topic?: string;
}

/** Records a problem: a supervisor for any participating unit in scope; a liaison its own unit's self-identified one (自查). */
export function ProblemFormModal({ campaign, selfOnly, open, onClose }: { campaign: CampaignDetail; selfOnly: boolean; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { me } = useAuth();
  const [form] = Form.useForm<Values>();
  const client = useQueryClient();
  const { submit, busy } = useFormSubmit(form, async (v: Values) => {
    await createProblem(campaign.id, { ...v, topic: v.topic ?? null });
    message.success(t('action.done', { action: t('problem.new') }));
    await client.invalidateQueries({ queryKey: ['campaign-problems'] });
    await client.invalidateQueries({ queryKey: ['campaigns', campaign.id] });
    onClose();
  });
  return (
    <Modal open={open} title={t('problem.new')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={busy} destroyOnHidden okButtonProps={{ 'data-testid': 'problem-save' }}>
      <Form form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ source: selfOnly ? 'self' : 'inspection', severity: 'normal', unitId: selfOnly ? me?.user.orgUnit.id : undefined }}>
        <Form.Item name="description" label={t('problem.description')} rules={[{ required: true, whitespace: true, message: '请填写问题描述' }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={4000} />
        </Form.Item>
        <Form.Item name="unitId" label={t('problem.unit')} rules={[{ required: true, message: '请选择责任单位' }]}>
          <OrgTreeSelect activeOnly disabled={selfOnly} />
        </Form.Item>
        <Form.Item name="source" label={t('problem.source')}>
          <Select disabled={selfOnly} options={PROBLEM_SOURCES.map((s) => ({ value: s, label: t(`problem.source.${s}`) }))} />
        </Form.Item>
        <Form.Item name="severity" label={t('problem.severity')}>
          <Select options={SEVERITIES.map((s) => ({ value: s, label: t(`problem.severity.${s}`) }))} />
        </Form.Item>
        <Form.Item name="topic" label={t('opinion.topic')}>
          <Select allowClear options={campaign.topics.map((x) => ({ value: x, label: x }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
