import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, DatePicker, Descriptions, Form, Input, Row, Select, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { NotFoundCard } from '../../components/NotFoundCard.tsx';
import { DeleteButton } from '../../components/DeleteButton.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { tenantToday } from '../../lib/format.ts';
import { useFormSubmit } from '../../lib/use-form-submit.ts';
import { LeadStageTag } from './LeadList.tsx';
import { ConvertLeadModal, LeadFormModal } from './LeadModals.tsx';
import { formatWan } from './project-format.ts';
import { addLeadVisit, deleteLead, getLead, VISIT_KINDS, type LeadVisit, type VisitKind } from './projects.api.ts';

/** A lead's log of visits and talks, newest first (the lead page and the project it became). */
export function VisitLog({ visits }: { visits: LeadVisit[] }) {
  const { t } = useI18n();
  if (visits.length === 0) return <Typography.Text type="secondary">{t('lead.noVisits')}</Typography.Text>;
  return (
    <Timeline
      data-testid="lead-visits"
      items={visits.map((v) => ({
        children: (
          <div data-testid="lead-visit">
            <Space size={6}>
              <strong>{v.visitedOn}</strong>
              <Tag>{t(`lead.visit.${v.kind}`)}</Tag>
              <Typography.Text type="secondary">{v.recorderName ?? ''}</Typography.Text>
            </Space>
            <div>{v.summary}</div>
          </div>
        ),
      }))}
    />
  );
}

/** The form that adds one visit or talk to the log. */
function VisitForm({ leadId, onDone }: { leadId: string; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ visitedOn: Dayjs; kind: VisitKind; summary: string }>();
  const { submit, busy } = useFormSubmit(form, async (v: { visitedOn: Dayjs; kind: VisitKind; summary: string }) => {
    await addLeadVisit(leadId, { visitedOn: v.visitedOn.format('YYYY-MM-DD'), kind: v.kind, summary: v.summary.trim() });
    message.success(t('lead.visitSaved'));
    form.resetFields();
    onDone();
  });
  return (
    <Form form={form} layout="vertical" onFinish={submit} initialValues={{ visitedOn: tenantToday(), kind: 'visit' }} data-testid="lead-visit-form">
      <Row gutter={12}>
        <Col xs={12} sm={8}>
          <Form.Item name="visitedOn" label={t('lead.visitedOn')} rules={[{ required: true, message: t('lead.visitedOn') }]}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(tenantToday(), 'day')} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="kind" label={t('lead.visitKind')}>
            <Select options={VISIT_KINDS.map((k) => ({ value: k, label: t(`lead.visit.${k}`) }))} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="summary" label={t('lead.visitSummary')} rules={[{ required: true, whitespace: true, message: t('lead.visitSummaryRequired') }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} data-testid="lead-visit-summary" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="lead-visit-submit">
        {t('lead.addVisit')}
      </Button>
    </Form>
  );
}

/** 线索详情: the lead, its log with a form to add to it, and for a signed lead the conversion into a project. */
export function LeadDetailView({ id }: { id: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: ['leads', 'detail', id], queryFn: ({ signal }) => getLead(id, signal) });
  const [editing, setEditing] = useState(false);
  const [converting, setConverting] = useState(false);
  const reload = () => void queryClient.invalidateQueries({ queryKey: ['leads'] });

  if (query.error instanceof ApiError && (query.error.code === 'NOT_FOUND' || query.error.status === 400)) {
    return <NotFoundCard text={t('lead.notFound')} backTo="/leads" backLabel={t('lead.backToList')} testId="lead-not-found" />;
  }
  if (query.error) return <Card><ErrorState error={query.error} onRetry={() => void query.refetch()} /></Card>;
  if (!query.data) return <Card><Skeleton active /></Card>;
  const { lead, visits, project, policies } = query.data;
  return (
    <div data-testid="lead-detail">
      <PageHeader
        title={
          <Space wrap>
            <span data-testid="lead-title">{lead.company}</span>
            <span data-testid="lead-stage-tag"><LeadStageTag stage={lead.stage} /></span>
          </Space>
        }
        extra={
          <Space wrap>
            <Link to="/leads">{t('lead.backToList')}</Link>
            {policies.canEdit ? <Button onClick={() => setEditing(true)} data-testid="lead-edit">{t('common.edit')}</Button> : null}
            {/* Only a lead without a history: no visit on record, not made a project. */}
            {policies.canEdit && !project && visits.length === 0 ? (
              <DeleteButton
                testId="lead-delete"
                confirmTitle={t('lead.deleteConfirm', { name: lead.company })}
                confirmText={t('lead.deleteHint')}
                done={t('lead.deleted')}
                onDelete={() => deleteLead(lead.id)}
                onDone={() => {
                  reload();
                  navigate('/leads');
                }}
              />
            ) : null}
            {policies.canConvert ? (
              <Button type="primary" onClick={() => setConverting(true)} data-testid="lead-convert">
                {t('lead.convert')}
              </Button>
            ) : null}
          </Space>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('project.basic')}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('lead.industry')}>{lead.industry ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('lead.unit')}>{lead.unit.name}</Descriptions.Item>
              <Descriptions.Item label={t('lead.person')}>{lead.person ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('lead.source')}>{lead.source ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('lead.intendedInvestment')}>{formatWan(lead.intendedInvestment)}</Descriptions.Item>
              <Descriptions.Item label={t('lead.signedOn')}>{lead.signedOn ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('lead.signedAmount')}>{lead.signedAmount === null ? '—' : formatWan(lead.signedAmount)}</Descriptions.Item>
              <Descriptions.Item label={t('lead.fundsInPlace')}>{formatWan(lead.fundsInPlace)}</Descriptions.Item>
              <Descriptions.Item label={t('lead.nextStep')}>{lead.nextStep ?? '—'}</Descriptions.Item>
              {project ? (
                <Descriptions.Item label={t('lead.project')}>
                  <Link to={`/projects/${project.id}`} data-testid="lead-project-link">
                    {project.code} {project.name}
                  </Link>
                </Descriptions.Item>
              ) : null}
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('lead.visits')}>
            <VisitLog visits={visits} />
            {policies.canEdit ? <VisitForm leadId={lead.id} onDone={reload} /> : null}
          </Card>
        </Col>
      </Row>
      {editing ? <LeadFormModal open={editing} lead={lead} onClose={() => setEditing(false)} onSaved={reload} /> : null}
      {converting ? <ConvertLeadModal lead={lead} open={converting} onClose={() => setConverting(false)} onDone={(projectId) => navigate(`/projects/${projectId}`)} /> : null}
    </div>
  );
}
