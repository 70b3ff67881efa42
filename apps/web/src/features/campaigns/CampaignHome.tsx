import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Descriptions, Empty, List, Row, Space, Spin, Steps, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ErrorState } from '../../components/ErrorState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatDate } from '../../lib/format.ts';
import { ActivityFormModal } from './ActivityFormModal.tsx';
import { downloadSummary, getCampaign, listActivities } from './campaigns.api.ts';
import { CampaignFormModal } from './CampaignFormModal.tsx';
import { CampaignStats } from './CampaignStats.tsx';
import { ImportLedgerModal } from './ImportLedgerModal.tsx';
import { ProblemFormModal } from './ProblemFormModal.tsx';
import { ProblemList } from './ProblemList.tsx';
import { PublicationModal } from './PublicationModal.tsx';

/**
 * A campaign's home: its stages with the current one, contact points, what each unit has found
 * and rectified, what is late; its activities and its problem list in tabs.
 */
export function CampaignHome({ id }: { id: string }) {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'overview';
  const [recording, setRecording] = useState(false);
  const [addingProblem, setAddingProblem] = useState(false);
  const [importing, setImporting] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const [editing, setEditing] = useState(false);
  const query = useQuery({ queryKey: ['campaigns', id], queryFn: ({ signal }) => getCampaign(id, signal) });
  const activities = useQuery({ queryKey: ['campaigns', id, 'activities'], queryFn: ({ signal }) => listActivities(id, signal), enabled: tab === 'activities' });
  if (query.isPending) return <Spin className="page-spin" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const c = query.data.data;
  const policies = query.data.policies;
  const current = c.stages[c.currentStage];

  const overview = (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small" title={t('campaign.stages')}>
        <Steps size="small" current={c.currentStage} items={c.stages.map((s) => ({ title: s.name, description: `${formatDate(s.startDate)} ~ ${formatDate(s.endDate)}` }))} data-testid="campaign-stages" />
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('campaign.perUnit')}>
            <Table
              size="small"
              rowKey="unitId"
              pagination={false}
              dataSource={c.perUnit}
              locale={{ emptyText: <Empty description={t('campaign.perUnitEmpty')} /> }}
              columns={[
                { key: 'unit', title: t('problem.unit'), dataIndex: 'unitName' },
                { key: 'found', title: t('campaign.found'), dataIndex: 'found', width: 70 },
                { key: 'rect', title: t('campaign.rectifying'), dataIndex: 'rectifying', width: 80 },
                { key: 'closed', title: t('campaign.closed'), dataIndex: 'closed', width: 80 },
                { key: 'overdue', title: t('campaign.overdue'), width: 70, render: (_: unknown, r) => (r.overdue ? <Typography.Text type="danger">{r.overdue}</Typography.Text> : 0) },
              ]}
              data-testid="campaign-per-unit"
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('campaign.late')}>
            <List
              size="small"
              dataSource={c.late}
              locale={{ emptyText: t('campaign.lateEmpty') }}
              renderItem={(p) => (
                <List.Item>
                  <Link to={`/campaigns/problems/${p.id}`}>{p.description}</Link>
                  <Typography.Text type="danger">
                    {p.unitName} · {formatDate(p.deadline)}
                  </Typography.Text>
                </List.Item>
              )}
            />
          </Card>
          <Card size="small" title={t('campaign.contactPoints')} style={{ marginTop: 16 }}>
            {c.contactPoints.length ? (
              <Space size={[6, 6]} wrap>
                {c.contactPoints.map((cp) => (
                  <Tag key={`${cp.leaderUserId}:${cp.unitId}`}>
                    {cp.leaderName} ↔ {cp.unitName}
                  </Tag>
                ))}
              </Space>
            ) : (
              <Typography.Text type="secondary">{t('campaign.noContactPoints')}</Typography.Text>
            )}
          </Card>
        </Col>
      </Row>
      <CampaignStats campaignId={id} />
    </Space>
  );

  const activityList = (
    <Space direction="vertical" style={{ width: '100%' }}>
      {policies.manage ? (
        <Button type="primary" onClick={() => setRecording(true)} data-testid="activity-new">
          {t('activity.new')}
        </Button>
      ) : null}
      <List
        loading={activities.isPending}
        dataSource={activities.data?.data ?? []}
        locale={{ emptyText: t('activity.empty') }}
        renderItem={(a) => (
          <List.Item data-testid="activity-row">
            <List.Item.Meta
              title={<Link to={`/campaigns/activities/${a.id}`}>{a.title}</Link>}
              description={
                <Space size={[8, 4]} wrap>
                  <Tag>{t(`activity.kind.${a.kind}`)}</Tag>
                  <span>{formatDate(a.heldOn)}</span>
                  {a.place ? <span>{a.place}</span> : null}
                  {a.hostLeaderName ? <span>{a.hostLeaderName}</span> : null}
                  <span>{t('activity.opinionCount', { n: a.opinionCount })}</span>
                </Space>
              }
            />
          </List.Item>
        )}
      />
    </Space>
  );

  return (
    <>
      <PageHeader
        title={c.title}
        extra={
          <Space>
            {policies.manage ? (
              <Button onClick={() => setEditing(true)} data-testid="campaign-edit">
                {t('campaign.edit')}
              </Button>
            ) : null}
            {policies.manage ? (
              <Button onClick={() => setPublishing(true)} data-testid="campaign-publication">
                {t('publication.title')}
              </Button>
            ) : null}
            <Button onClick={() => void downloadSummary(id)} data-testid="campaign-summary">
              {t('campaign.summary')}
            </Button>
          </Space>
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
          <Descriptions.Item label={t('campaign.kind')}>{t(`campaign.kind.${c.kind}`)}</Descriptions.Item>
          <Descriptions.Item label={t('campaign.period')}>
            {formatDate(c.startDate)} ~ {formatDate(c.endDate)}
          </Descriptions.Item>
          <Descriptions.Item label={t('campaign.organizer')}>{c.organizerUnitName}</Descriptions.Item>
          <Descriptions.Item label={t('campaign.stages')}>
            <Tag color="processing" data-testid="campaign-current-stage">
              {t('campaign.currentStage', { name: current?.name ?? '' })}
            </Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('campaign.units')}>{t('campaign.unitCount', { n: c.unitCount })}</Descriptions.Item>
          <Descriptions.Item label={t('campaign.tab.activities')}>{t('campaign.activityCount', { n: c.activityCount })}</Descriptions.Item>
          {c.topics.length > 0 ? (
            <Descriptions.Item label={t('campaign.topics')} span={2}>
              <Space size={[4, 4]} wrap data-testid="campaign-topic-tags">
                {c.topics.map((topic) => (
                  <Tag key={topic}>{topic}</Tag>
                ))}
              </Space>
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('publication.title')}>
            {c.publicEnabled ? (
              <Link to={`/public/campaigns/${c.id}`} target="_blank" data-testid="campaign-public-link">
                {t('publication.on')}
              </Link>
            ) : (
              t('publication.off')
            )}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k }, { replace: true })}
        items={[
          { key: 'overview', label: t('campaign.tab.overview'), children: overview },
          { key: 'activities', label: t('campaign.tab.activities'), children: activityList },
          {
            key: 'problems',
            label: t('campaign.tab.problems'),
            children: (
              <ProblemList
                campaignId={id}
                embedded
                actions={
                  policies.manage || policies.selfReport ? (
                    <Space>
                      <Button type="primary" onClick={() => setAddingProblem(true)} data-testid="problem-new">
                        {t('problem.new')}
                      </Button>
                      {policies.manage ? <Button onClick={() => setImporting(true)}>{t('problem.import')}</Button> : null}
                    </Space>
                  ) : undefined
                }
              />
            ),
          },
        ]}
      />
      {editing ? <CampaignFormModal campaign={c} open onClose={() => setEditing(false)} /> : null}
      {publishing ? <PublicationModal campaign={c} open onClose={() => setPublishing(false)} /> : null}
      <ImportLedgerModal campaignId={id} open={importing} onClose={() => setImporting(false)} />
      <ActivityFormModal campaign={c} open={recording} onClose={() => setRecording(false)} />
      <ProblemFormModal campaign={c} selfOnly={!policies.manage} open={addingProblem} onClose={() => setAddingProblem(false)} />
    </>
  );
}
