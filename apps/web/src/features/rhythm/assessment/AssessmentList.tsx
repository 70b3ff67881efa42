import { useQuery } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ErrorState } from '../../../components/ErrorState.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { useFormSubmit } from '../../../lib/use-form-submit.ts';
import { listRuns, listSchemes, startRun, type RunRow } from './assessment.api.ts';

export function RunStatusTag({ status }: { status: RunRow['status'] }) {
  const { t } = useI18n();
  return <Tag color={status === 'published' ? 'green' : 'default'}>{t(`assess.status.${status}`)}</Tag>;
}

/** The heading trail of the assessment's pages: 综合考核 / what follows. */
export function AssessmentTrail({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <Space wrap>
      <Link to="/rhythm/assessments">{t('assess.title')}</Link>
      <span>/</span>
      {children}
    </Space>
  );
}

/** 开展考核: a scheme the caller runs and a quarter or a year of its year. */
function RunModal({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ schemeId: string; period: string }>();
  const schemes = useQuery({ queryKey: ['assessment', 'schemes'], queryFn: ({ signal }) => listSchemes(signal) });
  const mine = (schemes.data ?? []).filter((s) => s.canManage);
  const { submit, busy } = useFormSubmit(form, async (v: { schemeId: string; period: string }) => {
    const run = await startRun(v.schemeId, v.period.trim());
    message.success(t('assess.ran'));
    onClose();
    navigate(`/rhythm/assessments/${run.id}`);
  });
  return (
    <Modal open title={t('assess.run')} onCancel={onClose} onOk={() => form.submit()} okText={t('assess.run')} okButtonProps={{ 'data-testid': 'assess-run-ok' }} cancelText={t('common.cancel')} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} data-testid="assess-run-form" initialValues={{ schemeId: mine[0]?.id }}>
        <Form.Item name="schemeId" label={t('assess.scheme')} rules={[{ required: true, message: t('assess.schemeRequired') }]}>
          <Select loading={schemes.isLoading} options={mine.map((s) => ({ value: s.id, label: `${s.name}（${s.year}）` }))} data-testid="assess-scheme" />
        </Form.Item>
        <Form.Item name="period" label={t('assess.period')} extra={t('assess.periodHint')} rules={[{ required: true, whitespace: true, message: t('assess.periodRequired') }]}>
          <Input maxLength={7} placeholder="2026-Q1" data-testid="assess-period" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 综合考核: the runs the caller sees (a liaison: the published ones holding its unit), newest period first. */
export function AssessmentList() {
  const { t } = useI18n();
  const query = useQuery({ queryKey: ['assessment', 'runs'], queryFn: ({ signal }) => listRuns(signal) });
  const schemes = useQuery({ queryKey: ['assessment', 'schemes'], queryFn: ({ signal }) => listSchemes(signal) });
  const [running, setRunning] = useState(false);
  const navigate = useNavigate();
  const canRun = (schemes.data ?? []).some((s) => s.canManage);
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <>
      <PageHeader
        title={
          <Space wrap>
            <Link to="/rhythm">{t('menu.rhythm')}</Link>
            <span>/</span>
            <span>{t('assess.title')}</span>
          </Space>
        }
        extra={
          <Space wrap>
            <Button onClick={() => navigate('/rhythm/assessment-schemes')} data-testid="assess-schemes">
              {t('scheme.title')}
            </Button>
            {canRun ? (
              <Button type="primary" onClick={() => setRunning(true)} data-testid="assess-run">
                {t('assess.run')}
              </Button>
            ) : null}
          </Space>
        }
      />
      <Table<RunRow>
        rowKey="id"
        size="small"
        loading={query.isLoading}
        dataSource={query.data ?? []}
        pagination={false}
        scroll={{ x: 720 }}
        data-testid="assess-runs"
        locale={{ emptyText: t('assess.empty') }}
        columns={[
          { key: 'scheme', title: t('assess.scheme'), render: (_, r) => <Link to={`/rhythm/assessments/${r.id}`} data-testid="assess-run-link">{r.schemeName}</Link> },
          { key: 'period', title: t('assess.period'), width: 100, render: (_, r) => r.period },
          { key: 'status', title: t('assess.statusLabel'), width: 90, render: (_, r) => <RunStatusTag status={r.status} /> },
          { key: 'published', title: t('assess.publishedAt'), width: 160, render: (_, r) => formatDateTime(r.publishedAt) || '—' },
          { key: 'until', title: t('assess.objectionUntil'), width: 120, render: (_, r) => r.objectionUntil ?? '—' },
          { key: 'open', title: t('assess.openObjections'), width: 100, align: 'right', render: (_, r) => (r.openObjections ? <Tag color="orange">{r.openObjections}</Tag> : '—') },
        ]}
      />
      {running ? <RunModal onClose={() => setRunning(false)} /> : null}
    </>
  );
}
