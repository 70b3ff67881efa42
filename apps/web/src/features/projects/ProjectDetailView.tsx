import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, Descriptions, Empty, List, Row, Skeleton, Space, Steps, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { LightTag } from '../../components/LightTag.tsx';
import { NotFoundCard } from '../../components/NotFoundCard.tsx';
import { DeleteButton } from '../../components/DeleteButton.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EChart } from '../../components/charts/LazyEChart.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { ProjectFormModal } from './ProjectFormModal.tsx';
import { VisitLog } from './LeadDetailView.tsx';
import { AssignProblemModal, MilestoneModal, ReportModal } from './ProjectModals.tsx';
import { formatWan } from './project-format.ts';
import { Attachments } from '../tasks/ReportsTab.tsx';
import { deleteProject, getProject, type MilestoneStage, type ProjectDetail, type ProjectProblem, type ProjectReport } from './projects.api.ts';
import { useScreens } from '../../lib/use-screens.ts';

/** Monthly investment (bars) and the running total (line), oldest month first. */
function investmentOption(reports: ProjectReport[], labels: { monthly: string; cumulative: string }) {
  const rows = [...reports].sort((a, b) => a.period.localeCompare(b.period));
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: [labels.monthly, labels.cumulative], top: 0 },
    grid: { left: 56, right: 56, top: 56, bottom: 28 },
    xAxis: { type: 'category', data: rows.map((r) => r.period) },
    yAxis: [{ type: 'value', name: labels.monthly }, { type: 'value', name: labels.cumulative }],
    series: [
      { name: labels.monthly, type: 'bar', barMaxWidth: 36, data: rows.map((r) => r.invested), itemStyle: { color: '#1677ff' } },
      { name: labels.cumulative, type: 'line', yAxisIndex: 1, data: rows.map((r) => r.cumulative), itemStyle: { color: '#fa8c16' } },
    ],
  };
}

/**
 * 项目详情: the project's facts and light, its milestones (planned against actual, the lead unit
 * files the dates), the investment chart, the monthly reports and the problems needing
 * coordination, each handed to units as a coordination task by a supervisor.
 */
export function ProjectDetailView({ id }: { id: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  // On a phone each monthly report is a card, its photos in view, not a table row to scroll sideways.
  const narrow = useScreens().md === false;
  const query = useQuery({ queryKey: ['projects', 'detail', id], queryFn: ({ signal }) => getProject(id, signal) });
  const [editing, setEditing] = useState(false);
  const [reporting, setReporting] = useState(false);
  const [milestone, setMilestone] = useState<MilestoneStage | null>(null);
  const [problem, setProblem] = useState<ProjectProblem | null>(null);
  const reload = () => void queryClient.invalidateQueries({ queryKey: ['projects'] });

  if (query.error instanceof ApiError && (query.error.code === 'NOT_FOUND' || query.error.status === 400)) {
    return <NotFoundCard text={t('project.notFound')} backTo="/projects" backLabel={t('project.backToList')} testId="project-not-found" />;
  }
  if (query.error) return <Card><ErrorState error={query.error} onRetry={() => void query.refetch()} /></Card>;
  if (!query.data) return <Card><Skeleton active /></Card>;
  const d: ProjectDetail = query.data;
  const p = d.project;
  const reportDue = d.duePeriod !== null && !d.reports.some((r) => r.period === d.duePeriod);
  const nextStage = d.milestones.find((m) => !m.actualDate)?.stage;

  return (
    <div data-testid="project-detail">
      <PageHeader
        title={
          <Space wrap>
            <span data-testid="project-title">{p.name}</span>
            <Tag color="blue" data-testid="project-stage">{t(`project.stage.${p.stage}`)}</Tag>
            <LightTag light={p.light} reason={p.lightReason} />
          </Space>
        }
        extra={
          <Space wrap>
            <Link to="/projects">{t('project.backToList')}</Link>
            {d.policies.canReport && nextStage ? (
              <Button onClick={() => setMilestone(nextStage)} data-testid="project-reach">
                {t('project.milestone.reachStage', { stage: t(`project.stage.${nextStage}`) })}
              </Button>
            ) : null}
            {d.policies.canReport ? (
              <Button type="primary" onClick={() => setReporting(true)} data-testid="project-report">
                {t('project.report.new')}
              </Button>
            ) : null}
            {d.policies.canEdit ? (
              <Button onClick={() => setEditing(true)} data-testid="project-edit">
                {t('common.edit')}
              </Button>
            ) : null}
            {/* Only a project without a history: no monthly report in, not made from a lead. */}
            {d.policies.canEdit && d.reportCount === 0 && !d.lead ? (
              <DeleteButton
                testId="project-delete"
                confirmTitle={t('project.deleteConfirm', { name: p.name })}
                confirmText={t('project.deleteHint')}
                done={t('project.deleted')}
                onDelete={() => deleteProject(p.id)}
                onDone={() => {
                  reload();
                  navigate('/projects');
                }}
              />
            ) : null}
          </Space>
        }
      />
      {d.policies.canReport && reportDue ? (
        <Typography.Paragraph type="warning" data-testid="project-report-due">
          {t('project.report.due', { period: d.duePeriod ?? '' })}
        </Typography.Paragraph>
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('project.basic')} size="small">
            <Descriptions column={{ xs: 1, sm: 2 }} size="small">
              <Descriptions.Item label={t('project.code')}>{p.code}</Descriptions.Item>
              <Descriptions.Item label={t('project.kind')}>{t(`project.kind.${p.kind}`)}</Descriptions.Item>
              <Descriptions.Item label={t('project.level')}>{t(`project.level.${p.level}`)}</Descriptions.Item>
              <Descriptions.Item label={t('project.industry')}>{p.industry ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('project.leadUnit')}>{p.leadUnit.name}</Descriptions.Item>
              <Descriptions.Item label={t('project.leaderName')}>{p.leaderName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('project.ownerCompany')}>{p.ownerCompany ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('project.totalInvestment')}>{formatWan(p.totalInvestment)}</Descriptions.Item>
              <Descriptions.Item label={t('project.startYear')}>{p.startYear}</Descriptions.Item>
              <Descriptions.Item label={t('project.address')}>{p.address ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('project.tags')}>{p.tags.length ? p.tags.map((tag) => <Tag key={tag}>{tag}</Tag>) : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('project.yearPlans')}>{d.yearPlans.length ? d.yearPlans.map((y) => `${y.year}：${formatWan(y.planned)}`).join('；') : '—'}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('project.chart')} size="small">
            {d.reports.length ? (
              <EChart option={investmentOption(d.reports, { monthly: t('project.chart.monthly'), cumulative: t('project.chart.cumulative') })} height={260} data-testid="project-investment-chart" />
            ) : (
              <Empty description={t('project.report.none')} />
            )}
          </Card>
        </Col>
        <Col span={24}>
          <Card title={t('project.milestones')} size="small">
            <Steps
              responsive
              size="small"
              current={d.milestones.filter((m) => m.actualDate).length - 1}
              data-testid="project-milestones"
              items={d.milestones.map((m) => ({
                title: t(`project.stage.${m.stage}`),
                status: m.actualDate ? 'finish' : 'wait',
                description: (
                  <div style={{ whiteSpace: 'nowrap' }}>
                    <div>{t('project.milestone.planned')}：{m.plannedDate ? formatDate(m.plannedDate) : '—'}</div>
                    <div>{t('project.milestone.actual')}：{m.actualDate ? formatDate(m.actualDate) : '—'}</div>
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
        {d.lead ? (
          <Col span={24}>
            <Card title={t('project.lead', { company: d.lead.company })} size="small" extra={<Link to={`/leads/${d.lead.id}`}>{t('project.leadOpen')}</Link>} data-testid="project-lead">
              <VisitLog visits={d.lead.visits} />
            </Card>
          </Col>
        ) : null}
        <Col span={24}>
          <Card title={t('project.problems')} size="small">
            <List
              dataSource={d.problems}
              locale={{ emptyText: t('project.problem.none') }}
              data-testid="project-problems"
              renderItem={(pr) => (
                <List.Item
                  data-testid="project-problem"
                  actions={[
                    pr.taskId ? (
                      <Link key="task" to={`/tasks/${pr.taskId}`} data-testid="problem-task-link">
                        {t('project.problem.task')}
                      </Link>
                    ) : d.policies.canAssign ? (
                      <Button key="assign" size="small" type="primary" onClick={() => setProblem(pr)} data-testid="problem-assign">
                        {t('project.problem.assign')}
                      </Button>
                    ) : null,
                  ]}
                >
                  <List.Item.Meta title={pr.description} description={`${pr.period ?? ''} · ${pr.taskId ? t('project.problem.assigned') : t('project.problem.open')}`} />
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col span={24}>
          <Card title={`${t('project.reports')}（${d.reportCount}）`} size="small">
            {narrow ? (
              <List<ProjectReport>
                dataSource={d.reports}
                rowKey="id"
                locale={{ emptyText: t('project.report.none') }}
                data-testid="project-reports"
                renderItem={(r) => (
                  <List.Item>
                    <div style={{ width: '100%' }}>
                      <Space wrap>
                        <Typography.Text strong>{r.period}</Typography.Text>
                        {r.late ? <Tag color="warning">{t('project.report.late')}</Tag> : null}
                        <Typography.Text type="secondary">
                          {t('project.report.invested')} {formatWan(r.invested)} · {t('project.report.cumulative')} {formatWan(r.cumulative)}
                        </Typography.Text>
                      </Space>
                      <div>{r.progress}</div>
                      <Attachments files={r.attachments} testId="project-report-attachments" />
                      {r.nextPlan ? <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>{t('project.report.nextPlan')}：{r.nextPlan}</Typography.Paragraph> : null}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{`${r.reporterName ?? ''} ${formatDateTime(r.reportedAt)}`}</Typography.Text>
                    </div>
                  </List.Item>
                )}
              />
            ) : (
              <Table<ProjectReport>
                size="small"
                rowKey="id"
                dataSource={d.reports}
                pagination={false}
                scroll={{ x: 800 }}
                locale={{ emptyText: t('project.report.none') }}
                data-testid="project-reports"
                columns={[
                  { key: 'period', title: t('project.report.period'), width: 110, render: (_: unknown, r) => <Space>{r.period}{r.late ? <Tag color="warning">{t('project.report.late')}</Tag> : null}</Space> },
                  { key: 'invested', title: t('project.report.invested'), width: 150, align: 'right', render: (_: unknown, r) => formatWan(r.invested) },
                  { key: 'cumulative', title: t('project.report.cumulative'), width: 150, align: 'right', render: (_: unknown, r) => formatWan(r.cumulative) },
                  {
                    key: 'progress',
                    title: t('project.report.progress'),
                    render: (_: unknown, r) => (
                      <>
                        <div>{r.progress}</div>
                        <Attachments files={r.attachments} testId="project-report-attachments" />
                      </>
                    ),
                  },
                  { key: 'next', title: t('project.report.nextPlan'), render: (_: unknown, r) => r.nextPlan },
                  { key: 'by', title: t('project.report.by'), width: 170, render: (_: unknown, r) => `${r.reporterName ?? ''} ${formatDateTime(r.reportedAt)}` },
                ]}
              />
            )}
          </Card>
        </Col>
      </Row>
      {reporting ? <ReportModal detail={d} open={reporting} onClose={() => setReporting(false)} onDone={reload} /> : null}
      <MilestoneModal projectId={p.id} stage={milestone} onClose={() => setMilestone(null)} onDone={reload} />
      <AssignProblemModal projectId={p.id} problem={problem} onClose={() => setProblem(null)} onDone={reload} />
      {editing ? <ProjectFormModal open={editing} detail={d} onClose={() => setEditing(false)} onSaved={reload} /> : null}
    </div>
  );
}
