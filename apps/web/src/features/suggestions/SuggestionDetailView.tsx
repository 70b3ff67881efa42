import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Empty, Skeleton, Space, Switch, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { NotFoundCard } from '../../components/NotFoundCard.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { errorMessage } from '../../lib/errors.ts';
import { Attachments } from '../tasks/ReportsTab.tsx';
import { RatingTag, SuggestionStatusTag } from './SuggestionBits.tsx';
import { AnswerModal, AssignModal, RateModal, useSuggestionOptions } from './SuggestionModals.tsx';
import { downloadAnswerLetter, getSuggestion, publicSuggestionPath, setAgreement, setPublished, type SuggestionDetail } from './suggestions.api.ts';

type Dialog = 'assign' | 'answer' | 'rate' | 'rateFor' | null;

/** One round of handling: its deadline, the answer with its category and on-time mark, and the rating. */
function Round({ r }: { r: SuggestionDetail['data']['rounds'][number] }) {
  const { t } = useI18n();
  const options = useSuggestionOptions();
  const category = r.category ? `${r.category} ${options.data?.categories.find((c) => c.code === r.category)?.label ?? ''}`.trim() : null;
  return (
    <div data-testid="suggestion-round">
      <Space wrap size={[8, 4]}>
        <Typography.Text strong>{t('suggestion.roundN', { round: r.round })}</Typography.Text>
        <span>{t('suggestion.deadline')}：{formatDate(r.deadline)}</span>
        {category ? <Tag color="blue" data-testid="suggestion-round-category">{category}</Tag> : null}
        {r.onTime === null ? null : <Tag color={r.onTime ? 'success' : 'error'}>{t(r.onTime ? 'suggestion.onTime' : 'suggestion.late')}</Tag>}
        {r.rating ? <RatingTag rating={r.rating} /> : null}
      </Space>
      {r.answer ? (
        <>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '8px 0 4px' }} data-testid="suggestion-round-answer">
            {r.answer}
          </Typography.Paragraph>
          <Attachments files={r.attachments} testId="suggestion-round-attachments" />
          <Typography.Text type="secondary">
            {r.answeredByName ?? ''} · {formatDateTime(r.answeredAt)}
          </Typography.Text>
        </>
      ) : (
        <div>
          <Typography.Text type="secondary">{t('suggestion.notAnswered')}</Typography.Text>
        </div>
      )}
      {r.rating ? (
        <div>
          <Typography.Text type="secondary">
            {t('suggestion.ratedBy', { name: r.ratedByName ?? '', at: formatDateTime(r.ratedAt) })}
            {r.ratingMeans ? `（${r.ratingMeans}）` : ''}
            {r.ratingNote ? `：${r.ratingNote}` : ''}
          </Typography.Text>
        </div>
      ) : null}
    </div>
  );
}

/**
 * 建议详情: kind, number, session, proposers and content; the main and assisting units; each round
 * of handling; and the actions the API allows the caller now (交办, 答复, 评价 or 代为评价, 同意公开,
 * 公开), with the answer letter as a Word file once answered.
 */
export function SuggestionDetailView({ id }: { id: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: ['suggestions', 'detail', id], queryFn: ({ signal }) => getSuggestion(id, signal) });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const reload = () => {
    void queryClient.invalidateQueries({ queryKey: ['suggestions'] });
    void queryClient.invalidateQueries({ queryKey: ['tasks'] });
  };
  const run = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await work();
      message.success(done);
      reload();
    } catch (err) {
      message.error(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  if (query.error instanceof ApiError && (query.error.code === 'NOT_FOUND' || query.error.status === 400)) {
    return <NotFoundCard text={t('suggestion.notFound')} backTo="/suggestions" backLabel={t('suggestion.backToList')} testId="suggestion-not-found" />;
  }
  if (query.error) return <Card><ErrorState error={query.error} onRetry={() => void query.refetch()} /></Card>;
  if (!query.data) return <Card><Skeleton active /></Card>;
  const { data: s, policies } = query.data;
  const answered = s.rounds.some((r) => r.answer);

  return (
    <div data-testid="suggestion-detail">
      <PageHeader
        title={
          <Space wrap>
            <Tag color="blue">{t(`suggestion.kind.${s.kind}`)}</Tag>
            <span data-testid="suggestion-title">{s.title}</span>
            <SuggestionStatusTag status={s.status} />
          </Space>
        }
        extra={<Link to="/suggestions">{t('suggestion.backToList')}</Link>}
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap style={{ marginBottom: 12 }} data-testid="suggestion-actions">
          {policies.assign ? <Button type="primary" onClick={() => setDialog('assign')} data-testid="suggestion-assign">{t('suggestion.assign')}</Button> : null}
          {policies.answer ? <Button type="primary" onClick={() => setDialog('answer')} data-testid="suggestion-answer">{t('suggestion.answer')}</Button> : null}
          {policies.rate && !policies.rateForProposer ? <Button type="primary" onClick={() => setDialog('rate')} data-testid="suggestion-rate">{t('suggestion.rate')}</Button> : null}
          {policies.rateForProposer ? <Button onClick={() => setDialog('rateFor')} data-testid="suggestion-rate-for">{t('suggestion.rate.forProposer')}</Button> : null}
          {answered ? <Button onClick={() => void run(() => downloadAnswerLetter(s.id), t('suggestion.letter.downloaded'))} disabled={busy} data-testid="suggestion-letter">{t('suggestion.letter')}</Button> : null}
          {policies.publish ? (
            <Button onClick={() => void run(() => setPublished(s.id, !s.publishedAt), t(s.publishedAt ? 'suggestion.unpublished' : 'suggestion.published'))} disabled={busy} data-testid="suggestion-publish">
              {t(s.publishedAt ? 'suggestion.unpublish' : 'suggestion.publish')}
            </Button>
          ) : null}
        </Space>
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small">
          <Descriptions.Item label={t('suggestion.number')}>{s.number || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('suggestion.session')}>{s.session}</Descriptions.Item>
          <Descriptions.Item label={t('suggestion.proposers')}>
            <span data-testid="suggestion-proposers">{s.proposers.join('、') || '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('suggestion.mainUnit')}>
            <span data-testid="suggestion-main-unit-name">{s.mainUnitName ?? '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('suggestion.coUnits')}>{s.coUnits.join('、') || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('suggestion.deadline')}>{s.deadline ? formatDate(s.deadline) : '—'}</Descriptions.Item>
          {s.taskId ? (
            <Descriptions.Item label={t('suggestion.task')}>
              <Link to={`/tasks/${s.taskId}`}>{t('suggestion.task.link')}</Link>
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('suggestion.publicAgreed')}>
            {policies.agree ? (
              <Switch checked={s.publicAgreed} loading={busy} onChange={(v) => void run(() => setAgreement(s.id, v), t('suggestion.agreementSaved'))} data-testid="suggestion-agree" />
            ) : (
              t(s.publicAgreed ? 'suggestion.agreed' : 'suggestion.notAgreed')
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('suggestion.publishedAt')}>{s.publishedAt ? formatDate(s.publishedAt) : '—'}</Descriptions.Item>
          {s.publishedAt ? (
            <Descriptions.Item label={t('suggestion.publicLink')}>
              <Typography.Text copyable={{ text: `${window.location.origin}${publicSuggestionPath(s.id)}` }}>
                <Link to={publicSuggestionPath(s.id)} target="_blank" data-testid="suggestion-public-link">
                  {t('suggestion.publicLink.open')}
                </Link>
              </Typography.Text>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>
      <Card size="small" title={t('suggestion.content')} style={{ marginBottom: 16 }}>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} data-testid="suggestion-content-text">
          {s.content || '—'}
        </Typography.Paragraph>
        <div style={{ marginTop: 8 }}>
          <Attachments files={s.attachments} testId="suggestion-attachments" />
        </div>
      </Card>
      <Card size="small" title={t('suggestion.rounds')} data-testid="suggestion-rounds">
        {s.rounds.length === 0 ? <Empty description={t('suggestion.rounds.none')} /> : <Timeline items={s.rounds.map((r) => ({ key: r.round, children: <Round r={r} /> }))} />}
      </Card>
      {dialog === 'assign' ? <AssignModal id={s.id} onClose={() => setDialog(null)} onDone={reload} /> : null}
      {dialog === 'answer' ? <AnswerModal id={s.id} onClose={() => setDialog(null)} onDone={reload} /> : null}
      {dialog === 'rate' || dialog === 'rateFor' ? <RateModal id={s.id} forProposer={dialog === 'rateFor'} onClose={() => setDialog(null)} onDone={reload} /> : null}
    </div>
  );
}
