import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, List, Table, Tag, Typography } from 'antd';
import { useParams } from 'react-router-dom';
import { PublicFrame } from '../../components/PublicFrame.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatDate } from '../../lib/format.ts';
import { getPublicCampaign, type PublicCampaign } from './campaigns.api.ts';
import { PROBLEM_STATUS_COLORS } from './ProblemList.tsx';
import { useScreens } from '../../lib/use-screens.ts';

type Row = PublicCampaign['problems'][number];

/**
 * A campaign's public page, outside the signed-in frame and reachable without login: the
 * rectification results its organisers chose to publish — problem, measures, unit, state and
 * dates, and no person. An unpublished campaign is "not found".
 */
export function PublicCampaignPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  // Most of the public read this on a phone: there each result is a card of its own, not a table row to scroll sideways.
  const narrow = useScreens().md === false;
  const query = useQuery({ queryKey: ['public-campaign', id], queryFn: ({ signal }) => getPublicCampaign(id, signal), retry: false });
  const body = ({ data: c }: { data: PublicCampaign }) => {
    return (
      <>
        <Typography.Title level={3} data-testid="public-title">
          {c.title}
        </Typography.Title>
        <Card size="small" style={{ marginBottom: 16 }}>
          <Descriptions size="small" column={{ xs: 1, sm: 3 }}>
            <Descriptions.Item label={t('campaign.kind')}>{t(`campaign.kind.${c.kind}`)}</Descriptions.Item>
            <Descriptions.Item label={t('campaign.period')}>
              {formatDate(c.startDate)} ~ {formatDate(c.endDate)}
            </Descriptions.Item>
            <Descriptions.Item label={t('campaign.organizer')}>{c.organizerUnitName}</Descriptions.Item>
          </Descriptions>
        </Card>
        <Card size="small" title={t('public.results', { n: c.problems.length })}>
          {narrow ? (
            <List<Row>
              dataSource={c.problems}
              rowKey="id"
              locale={{ emptyText: t('public.empty') }}
              pagination={c.problems.length > 20 ? { pageSize: 20, size: 'small', simple: true } : false}
              data-testid="public-problems"
              renderItem={(p) => (
                <List.Item data-testid="public-problem" className="public-problem-card">
                  <div style={{ width: '100%' }}>
                    <Typography.Paragraph strong style={{ marginBottom: 4 }}>
                      {p.description}
                    </Typography.Paragraph>
                    {p.measures ? (
                      <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
                        {t('problem.measures')}：{p.measures}
                      </Typography.Paragraph>
                    ) : null}
                    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
                      <Tag color={PROBLEM_STATUS_COLORS[p.status]}>{t(`problem.status.${p.status}`)}</Tag>
                      <span>{p.unitName}</span>
                    </div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('problem.foundOn')} {formatDate(p.foundOn)} · {t('problem.deadline')} {formatDate(p.deadline)}
                      {p.closedOn ? ` · ${t('public.closedOn')} ${formatDate(p.closedOn)}` : ''}
                    </Typography.Text>
                  </div>
                </List.Item>
              )}
            />
          ) : (
            <Table<Row>
              size="small"
              rowKey="id"
              dataSource={c.problems}
              pagination={c.problems.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
              locale={{ emptyText: t('public.empty') }}
              scroll={{ x: 900 }}
              data-testid="public-problems"
              onRow={() => ({ 'data-testid': 'public-problem' }) as never}
              columns={[
                { key: 'description', title: t('problem.description'), dataIndex: 'description' },
                { key: 'measures', title: t('problem.measures'), dataIndex: 'measures', render: (m: string) => m || '—' },
                { key: 'unit', title: t('problem.unit'), dataIndex: 'unitName', width: 140 },
                { key: 'status', title: t('common.status'), width: 130, render: (_: unknown, p) => <Tag color={PROBLEM_STATUS_COLORS[p.status]}>{t(`problem.status.${p.status}`)}</Tag> },
                { key: 'foundOn', title: t('problem.foundOn'), width: 110, render: (_: unknown, p) => formatDate(p.foundOn) },
                { key: 'deadline', title: t('problem.deadline'), width: 110, render: (_: unknown, p) => formatDate(p.deadline) },
                { key: 'closedOn', title: t('public.closedOn'), width: 110, render: (_: unknown, p) => formatDate(p.closedOn) },
              ]}
            />
          )}
        </Card>
      </>
    );
  };
  return (
    <PublicFrame query={query} notFound={t('public.notFound')}>
      {body}
    </PublicFrame>
  );
}
