import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, InputNumber, Modal, Progress, Space, Table } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ErrorState } from '../../components/ErrorState.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useMe } from '../auth/AuthProvider.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { tenantToday } from '../../lib/format.ts';
import { useFormSubmit } from '../../lib/use-form-submit.ts';
import { formatWan } from './project-format.ts';
import { listQuotas, setQuota, type QuotaRow } from './projects.api.ts';

const share = (done: number, quota: number) => (quota > 0 ? Math.min(100, Math.round((done / quota) * 100)) : 0);

/** 招商目标: each unit's quotas for a year against what its leads (and those below it) have signed. */
export function QuotaView() {
  const { t } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [year, setYear] = useState(tenantToday().year());
  const [setting, setSetting] = useState(false);
  const query = useQuery({ queryKey: ['leads', 'quotas', year], queryFn: ({ signal }) => listQuotas(year, signal) });
  const [form] = Form.useForm<{ unitId: string; signedProjects: number; signedAmount: number; fundsInPlace: number }>();
  const { submit, busy } = useFormSubmit(form, async (v: { unitId: string; signedProjects: number; signedAmount: number; fundsInPlace: number }) => {
    await setQuota({ ...v, year });
    message.success(t('quota.saved'));
    await queryClient.invalidateQueries({ queryKey: ['leads', 'quotas'] });
    setSetting(false);
  });
  const cell = (done: number, quota: number, money: boolean) => (
    <Space direction="vertical" size={0} style={{ width: '100%' }}>
      <span>{money ? `${formatWan(done)} / ${formatWan(quota)}` : `${done} / ${quota}`}</span>
      <Progress percent={share(done, quota)} size="small" />
    </Space>
  );
  return (
    <div data-testid="quota-view">
      <PageHeader
        title={t('leads.quotas')}
        extra={
          <Space wrap>
            <Link to="/leads">{t('lead.backToList')}</Link>
            <InputNumber min={2000} max={2100} precision={0} value={year} onChange={(v) => v && setYear(v)} addonAfter={t('quota.year')} style={{ width: 140 }} />
            {me.roles.includes('supervisor') ? (
              <Button type="primary" onClick={() => setSetting(true)} data-testid="quota-set">
                {t('quota.set')}
              </Button>
            ) : null}
          </Space>
        }
      />
      <Card>
        {query.error ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : (
          <Table<QuotaRow>
            rowKey="unitId"
            loading={query.isFetching}
            dataSource={query.data ?? []}
            pagination={false}
            scroll={{ x: 720 }}
            locale={{ emptyText: t('quota.empty') }}
            data-testid="quota-table"
            columns={[
              { key: 'unit', title: t('lead.unit'), render: (_: unknown, r) => r.unitName },
              { key: 'projects', title: t('quota.signedProjects'), width: 200, render: (_: unknown, r) => cell(r.done.signedProjects, r.quota.signedProjects, false) },
              { key: 'amount', title: t('quota.signedAmount'), width: 240, render: (_: unknown, r) => cell(r.done.signedAmount, r.quota.signedAmount, true) },
              { key: 'funds', title: t('quota.fundsInPlace'), width: 240, render: (_: unknown, r) => cell(r.done.fundsInPlace, r.quota.fundsInPlace, true) },
            ]}
          />
        )}
      </Card>
      <Modal open={setting} title={`${t('quota.set')} · ${year}`} onCancel={() => setSetting(false)} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={busy} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ signedProjects: 0, signedAmount: 0, fundsInPlace: 0 }}>
          <Form.Item name="unitId" label={t('lead.unit')} rules={[{ required: true, message: t('lead.unitRequired') }]}>
            <OrgTreeSelect activeOnly />
          </Form.Item>
          <Form.Item name="signedProjects" label={t('quota.signedProjects')} rules={[{ required: true, message: t('quota.signedProjects') }]}>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="signedAmount" label={t('quota.signedAmount')} rules={[{ required: true, message: t('quota.signedAmount') }]}>
            <InputNumber min={0} precision={2} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="fundsInPlace" label={t('quota.fundsInPlace')} rules={[{ required: true, message: t('quota.fundsInPlace') }]}>
            <InputNumber min={0} precision={2} style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
