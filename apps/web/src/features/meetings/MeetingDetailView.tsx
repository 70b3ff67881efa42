import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Empty, Input, List, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { NotFoundCard } from '../../components/NotFoundCard.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatDate } from '../../lib/format.ts';
import { errorMessage } from '../../lib/errors.ts';
import { StatusTag } from '../tasks/TaskBits.tsx';
import type { TaskStatus } from '../../api/types.ts';
import { AttendanceCard } from './AttendanceCard.tsx';
import { DecisionModal } from './MeetingModals.tsx';
import { getMeeting, recordMinutes, type MeetingItem } from './meetings.api.ts';

const pct = (n: number | null | undefined) => (n === null || n === undefined ? '—' : `${n}%`);

/** What an item was drawn from, as it was when the agenda was set: a unit's figures (and a 述职's draft) or a project's progress. */
function ItemMaterial({ item, kind }: { item: MeetingItem; kind: string }) {
  const { t } = useI18n();
  const m = item.material;
  if (!m) return null;
  if (item.project) {
    return (
      <Descriptions size="small" column={{ xs: 1, sm: 3 }} style={{ marginBottom: 8 }} data-testid="meeting-item-material">
        <Descriptions.Item label={t('meeting.projects.stage')}>{m.stageLabel ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('meeting.units.investmentRate')}>{pct(m.investmentRate)}</Descriptions.Item>
        <Descriptions.Item label={t('meeting.projects.latest')}>{m.latestPeriod ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('meeting.projects.progress')} span={3}>{m.progress || '—'}</Descriptions.Item>
      </Descriptions>
    );
  }
  return (
    <div style={{ marginBottom: 8 }} data-testid="meeting-item-material">
      <Space size={[12, 4]} wrap>
        <span>{t('meeting.units.completed', { completed: m.completed ?? 0, onTime: m.onTime ?? 0 })}</span>
        <span>{t('meeting.units.onTimeRate')}：{pct(m.onTimeRate)}</span>
        <span>{t('meeting.units.overdue')}：{m.overdue ?? 0}</span>
        <span>{t('meeting.units.rectificationRate')}：{pct(m.rectificationRate)}</span>
        <span>{t('meeting.units.investmentRate')}：{pct(m.investmentRate)}</span>
      </Space>
      {kind === 'duty_report' && m.draft ? (
        <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }} data-testid="meeting-duty-draft">
          <Typography.Text type="secondary">{t('meeting.units.draft')}：</Typography.Text>
          {m.draft}
        </Typography.Paragraph>
      ) : null}
    </div>
  );
}

/** An item's minutes: text for readers, an editor with a save button for the organisers. */
function Minutes({ meetingId, item, editable, onSaved }: { meetingId: string; item: MeetingItem; editable: boolean; onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [text, setText] = useState(item.minutes);
  const [busy, setBusy] = useState(false);
  if (!editable) return <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{item.minutes || '—'}</Typography.Paragraph>;
  const save = async () => {
    setBusy(true);
    try {
      await recordMinutes(meetingId, item.id, text.trim());
      message.success(t('meeting.minutes.saved'));
      onSaved();
    } catch (err) {
      message.error(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} autoSize={{ minRows: 2, maxRows: 8 }} maxLength={5000} placeholder={t('meeting.minutes')} data-testid="meeting-minutes" />
      <Button size="small" onClick={() => void save()} loading={busy} disabled={text.trim() === item.minutes} data-testid="meeting-minutes-save">
        {t('meeting.minutes.save')}
      </Button>
    </Space>
  );
}

/**
 * 会议详情: kind, when and where, who chaired, the attendance, then the agenda: each item (a project
 * problem, a unit with its figures or a project with its progress) with its minutes and the
 * decisions taken on it, each a task the supervision core follows up.
 */
export function MeetingDetailView({ id }: { id: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: ['meetings', 'detail', id], queryFn: ({ signal }) => getMeeting(id, signal) });
  const [deciding, setDeciding] = useState<MeetingItem | null>(null);
  const reload = () => {
    void queryClient.invalidateQueries({ queryKey: ['meetings'] });
    void queryClient.invalidateQueries({ queryKey: ['projects'] });
  };

  if (query.error instanceof ApiError && (query.error.code === 'NOT_FOUND' || query.error.status === 400)) {
    return <NotFoundCard text={t('meeting.notFound')} backTo="/meetings" backLabel={t('meeting.backToList')} testId="meeting-not-found" />;
  }
  if (query.error) return <Card><ErrorState error={query.error} onRetry={() => void query.refetch()} /></Card>;
  if (!query.data) return <Card><Skeleton active /></Card>;
  const { meeting: m, items, policies, attendance } = query.data;

  return (
    <div data-testid="meeting-detail">
      <PageHeader
        title={
          <Space>
            <Tag color="blue" data-testid="meeting-kind-tag">{m.kindLabel}</Tag>
            <span data-testid="meeting-title">{m.title}</span>
          </Space>
        }
        extra={<Link to="/meetings">{t('meeting.backToList')}</Link>}
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small">
          <Descriptions.Item label={t('meeting.heldOn')}>{formatDate(m.heldOn)}</Descriptions.Item>
          {m.periodLabel ? <Descriptions.Item label={t('meeting.periodOf')}>{m.periodLabel}</Descriptions.Item> : null}
          {m.occurrenceId ? (
            <Descriptions.Item label={t('meeting.occurrence')}>
              <Link to="/rhythm">{t('meeting.occurrence.link')}</Link>
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('meeting.place')}>{m.place || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('meeting.hostName')}>{m.hostName}</Descriptions.Item>
          <Descriptions.Item label={t('meeting.organizer')}>{m.organizer.name}</Descriptions.Item>
          <Descriptions.Item label={t('meeting.attendees')} span={2}>{m.attendees || '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <AttendanceCard meetingId={m.id} rows={attendance} editable={policies.canRecord} onSaved={reload} />
      <Card title={`${t('meeting.agenda')}（${items.length}）`} size="small">
        {items.length === 0 ? <Empty /> : null}
        {items.map((item) => (
          <Card
            key={item.id}
            type="inner"
            size="small"
            style={{ marginBottom: 12 }}
            data-testid="meeting-item"
            title={
              <Typography.Text style={{ whiteSpace: 'normal' }}>
                {item.position}. {item.problem ? item.problem.description : item.subject}
              </Typography.Text>
            }
            extra={item.problem ? <Link to={`/projects/${item.problem.project.id}`}>{item.problem.project.name}</Link> : item.project ? <Link to={`/projects/${item.project.id}`}>{item.project.code}</Link> : null}
          >
            <ItemMaterial item={item} kind={m.kind} />
            <Typography.Text type="secondary">{t('meeting.minutes')}</Typography.Text>
            <Minutes meetingId={m.id} item={item} editable={policies.canRecord} onSaved={reload} />
            <List
              size="small"
              header={<Typography.Text type="secondary">{t('meeting.decisions')}</Typography.Text>}
              dataSource={item.decisions}
              locale={{ emptyText: t('meeting.decision.none') }}
              renderItem={(d) => (
                <List.Item
                  data-testid="meeting-decision"
                  actions={[
                    <Link key="task" to={`/tasks/${d.taskId}`} data-testid="decision-task-link">
                      {t('project.problem.task')}
                    </Link>,
                  ]}
                >
                  <Space wrap>
                    <span>{d.content}</span>
                    <StatusTag status={d.taskStatus as TaskStatus} />
                    <Typography.Text type="secondary">
                      {d.taskUnitName ?? ''} · {d.taskDeadline ? formatDate(d.taskDeadline) : ''}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
            {policies.canRecord ? (
              <Button type="primary" size="small" onClick={() => setDeciding(item)} data-testid="meeting-decide">
                {t('meeting.decision.new')}
              </Button>
            ) : null}
          </Card>
        ))}
      </Card>
      <DecisionModal meetingId={m.id} kind={m.kind} item={deciding} onClose={() => setDeciding(null)} onDone={reload} />
    </div>
  );
}
