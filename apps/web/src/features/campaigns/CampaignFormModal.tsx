import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, DatePicker, Form, Input, Modal, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useNavigate } from 'react-router-dom';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useFormSubmit } from '../../lib/use-form-submit.ts';
import { UserSelect } from '../users/UserSelect.tsx';
import { CAMPAIGN_KINDS, createCampaign, type CampaignKind } from './campaigns.api.ts';

interface Values {
  title: string;
  kind: CampaignKind;
  period: [Dayjs, Dayjs];
  unitIds: string[];
  subtree?: boolean;
  contactPoints?: { leaderUserId?: string; unitId?: string }[];
}

/** A new campaign: title, kind, period (the default stages spread over it), units and contact points. */
export function CampaignFormModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { submit, busy } = useFormSubmit(form, async (v: Values) => {
    const res = await createCampaign({
      title: v.title,
      kind: v.kind,
      startDate: v.period[0].format('YYYY-MM-DD'),
      endDate: v.period[1].format('YYYY-MM-DD'),
      unitIds: v.unitIds,
      subtree: v.subtree ?? false,
      contactPoints: (v.contactPoints ?? []).filter((c) => c.leaderUserId && c.unitId).map((c) => ({ leaderUserId: c.leaderUserId!, unitId: c.unitId! })),
    });
    message.success(t('campaign.created'));
    await client.invalidateQueries({ queryKey: ['campaigns'] });
    onClose();
    navigate(`/campaigns/${res.data.id}`);
  });
  return (
    <Modal open={open} title={t('campaign.new')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={busy} destroyOnHidden width={640} okButtonProps={{ 'data-testid': 'campaign-save' }}>
      <Form form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ kind: 'discussion', subtree: true }} data-testid="campaign-form">
        <Form.Item name="title" label={t('campaign.title')} rules={[{ required: true, whitespace: true, message: '请填写活动名称' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="kind" label={t('campaign.kind')} rules={[{ required: true }]}>
          <Select options={CAMPAIGN_KINDS.map((k) => ({ value: k, label: t(`campaign.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="period" label={t('campaign.period')} rules={[{ required: true, message: '请选择活动期间' }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="unitIds" label={t('campaign.units')} rules={[{ required: true, message: '请选择参加单位' }]}>
          <OrgTreeSelect multiple activeOnly data-testid="campaign-units" />
        </Form.Item>
        <Form.Item name="subtree" valuePropName="checked">
          <Checkbox>{t('campaign.subtree')}</Checkbox>
        </Form.Item>
        <Form.List name="contactPoints">
          {(fields, { add, remove }) => (
            <Form.Item label={t('campaign.contactPoints')}>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item name={[f.name, 'leaderUserId']} rules={[{ required: true, message: '请选择联系领导' }]}>
                    <UserSelect role="leader" placeholder={t('campaign.leader')} style={{ width: 200 }} onChange={() => {}} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'unitId']} rules={[{ required: true, message: '请选择联系单位' }]}>
                    <OrgTreeSelect activeOnly placeholder={t('campaign.unit')} style={{ width: 220 }} />
                  </Form.Item>
                  <Button onClick={() => remove(f.name)}>{t('common.delete')}</Button>
                </Space>
              ))}
              <Button type="dashed" onClick={() => add({})}>
                {t('campaign.addContactPoint')}
              </Button>
            </Form.Item>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
