import { Tag } from 'antd';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { SuggestionRating, SuggestionStatus } from './suggestions.api.ts';

const STATUS_COLOR: Record<SuggestionStatus, string> = { new: 'default', handling: 'processing', answered: 'warning', closed: 'success' };
const RATING_COLOR: Record<SuggestionRating, string> = { satisfied: 'success', basic: 'blue', unsatisfied: 'error' };

/** A suggestion's state: 待交办, 办理中, 已答复待评价, 已办结. */
export function SuggestionStatusTag({ status }: { status: SuggestionStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="suggestion-status">
      {t(`suggestion.status.${status}`)}
    </Tag>
  );
}

/** The proposer's rating of an answer. */
export function RatingTag({ rating }: { rating: SuggestionRating }) {
  const { t } = useI18n();
  return (
    <Tag color={RATING_COLOR[rating]} data-testid="suggestion-rating">
      {t(`suggestion.rating.${rating}`)}
    </Tag>
  );
}
