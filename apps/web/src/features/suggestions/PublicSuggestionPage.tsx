import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Tag, Typography } from 'antd';
import { useParams } from 'react-router-dom';
import { PublicFrame } from '../../components/PublicFrame.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatDate } from '../../lib/format.ts';
import { getPublicSuggestion, type PublicSuggestion } from './suggestions.api.ts';

/**
 * A published answer, outside the signed-in frame and reachable without login: the suggestion's
 * kind, number, session, title and text, the main unit, the answer with its handling category and
 * date — and no proposer. An unpublished one is "not found".
 */
export function PublicSuggestionPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const query = useQuery({ queryKey: ['public-suggestion', id], queryFn: ({ signal }) => getPublicSuggestion(id, signal), retry: false });
  const body = (s: PublicSuggestion) => {
    return (
      <div className="public-suggestion" data-testid="public-suggestion">
        <Typography.Text type="secondary">{t('suggestion.public.heading')}</Typography.Text>
        <Typography.Title level={3} className="public-suggestion-title" data-testid="public-title">
          {s.title}
        </Typography.Title>
        <Card size="small" style={{ marginBottom: 16 }}>
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
            <Descriptions.Item label={t('suggestion.kind')}>{t(`suggestion.kind.${s.kind}`)}</Descriptions.Item>
            <Descriptions.Item label={t('suggestion.number')}>{s.number}</Descriptions.Item>
            <Descriptions.Item label={t('suggestion.session')}>{s.session}</Descriptions.Item>
            <Descriptions.Item label={t('suggestion.mainUnit')}>
              <span data-testid="public-unit">{s.mainUnitName}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('suggestion.category')}>
              <Tag color="blue" data-testid="public-category">
                {s.category} {s.categoryLabel}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('suggestion.public.answeredOn')}>{formatDate(s.answeredOn)}</Descriptions.Item>
          </Descriptions>
        </Card>
        {s.content ? (
          <Card size="small" title={t('suggestion.content')} style={{ marginBottom: 16 }}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{s.content}</Typography.Paragraph>
          </Card>
        ) : null}
        <Card size="small" title={t('suggestion.public.answer')}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 8 }} data-testid="public-answer">
            {s.answer}
          </Typography.Paragraph>
          <div className="public-suggestion-sign">
            <div>{s.mainUnitName}</div>
            <div>{formatDate(s.answeredOn)}</div>
          </div>
        </Card>
      </div>
    );
  };
  return (
    <PublicFrame query={query} notFound={t('suggestion.public.notFound')}>
      {body}
    </PublicFrame>
  );
}
