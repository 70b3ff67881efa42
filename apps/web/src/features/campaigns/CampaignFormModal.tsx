import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, DatePicker, Form, Input, Modal, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo } from 'react';
import { useNavigate } from 'react-router-dom';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useFormSubmit } from '../../lib/use-form-submit.ts';
import { UserSelect } from '../users/UserSelect.tsx';
import { CAMPAIGN_KINDS, createCampaign, updateCampaign, type CampaignDetail, type CampaignInput, type CampaignKind } from './campaigns.api.ts';

interface Values {
  title: string;
  kind: CampaignKind;
  period: [Dayjs, Dayjs];
  unitIds: string[];
  subtree?: boolean;
  contactPoints?: { leaderUserId?: string; unitId?: string }[];
  stages?: { name: string; dates: [Dayjs, Dayjs] }[];
  topics?: string[];
}

const day = (d: Dayjs) => d.format('YYYY-MM-DD');

/** The form's values for a campaign being edited. */
function editValues(c: CampaignDetail): Values {
  return {
    title: c.title,
    kind: c.kind,
    period: [dayjs(c.startDate), dayjs(c.endDate)],
    unitIds: c.unitChoice?.unitIds ?? [],
    subtree: c.unitChoice?.subtree ?? false,
    contactPoints: c.contactPoints.map((cp) => ({ leaderUserId: cp.leaderUserId, unitId: cp.unitId })),
    stages: c.stages.map((s) => ({ name: s.name, dates: [dayjs(s.startDate), dayjs(s.endDate)] })),
    topics: c.topics,
  };
}

/**
 * A new campaign — title, kind, period (the default stages spread over it), units and contact
 * points — or, given `campaign`, its edit: also the stages with their dates and the topics.
 */
export function CampaignFormModal({ open, onClose, campaign }: { open: boolean; onClose: () => void; campaign?: CampaignDetail }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const client = useQueryClient();
  // Kept while open. Neither the form's initialValues nor a Form.List's initialValue filled the
  // rows' own fields (five blank stages showed), so the lists are set once the form has mounted.
  const initial = useMemo<Partial<Values>>(() => (campaign ? editValues(campaign) : { kind: 'discussion', subtree: true }), [open]);
  useEffect(() => {
    if (open) form.setFieldsValue({ contactPoints: initial.contactPoints ?? [], ...(initial.stages ? { stages: initial.stages } : {}) });
  }, [open, form, initial]);
  const { submit, busy } = useFormSubmit(form, async (v: Values) => {
    const input: CampaignInput = {
      title: v.title,
      kind: v.kind,
      startDate: day(v.period[0]),
      endDate: day(v.period[1]),
      unitIds: v.unitIds,
      subtree: v.subtree ?? false,
      contactPoints: (v.contactPoints ?? []).filter((c) => c.leaderUserId && c.unitId).map((c) => ({ leaderUserId: c.leaderUserId!, unitId: c.unitId! })),
    };
    if (campaign) {
      await updateCampaign(campaign.id, { ...input, stages: (v.stages ?? []).map((s) => ({ name: s.name, startDate: day(s.dates[0]), endDate: day(s.dates[1]) })), topics: v.topics ?? [] });
      message.success(t('campaign.saved'));
      await client.invalidateQueries({ queryKey: ['campaigns'] });
      onClose();
      return;
    }
    const res = await createCampaign(input);
    message.success(t('campaign.created'));
    await client.invalidateQueries({ queryKey: ['campaigns'] });
    onClose();
    navigate(`/campaigns/${res.data.id}`);
  });
  return (
    <Modal open={open} title={campaign ? t('campaign.edit') : t('campaign.new')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={busy} destroyOnHidden width={640} okButtonProps={{ 'data-testid': 'campaign-save' }}>
      <Form form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={initial} data-testid="campaign-form">
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
        {campaign ? (
          <>
            <Form.List name="stages">
              {(fields, { add, remove }) => (
                <Form.Item label={t('campaign.stages')}>
                  {fields.map((f) => (
                    <Space key={f.key} align="baseline" wrap data-testid="campaign-stage-row">
                      <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, message: '请填写阶段名称' }]}>
                        <Input maxLength={50} style={{ width: 140 }} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'dates']} rules={[{ required: true, message: '请选择阶段起止日期' }]}>
                        <DatePicker.RangePicker />
                      </Form.Item>
                      <Button onClick={() => remove(f.name)} disabled={fields.length <= 1}>
                        {t('common.delete')}
                      </Button>
                    </Space>
                  ))}
                  <Button type="dashed" onClick={() => add({})}>
                    {t('campaign.addStage')}
                  </Button>
                </Form.Item>
              )}
            </Form.List>
            <Form.Item name="topics" label={t('campaign.topics')}>
              <Select mode="tags" tokenSeparators={[',', '，', '、']} data-testid="campaign-topics" />
            </Form.Item>
          </>
        ) : null}
      </Form>
    </Modal>
  );
}
