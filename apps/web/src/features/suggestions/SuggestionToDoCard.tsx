import { Card } from 'antd';
import { Link } from 'react-router-dom';
import { ToDoPart } from '../../components/ToDoPart.tsx';
import { useAuth } from '../auth/AuthProvider.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatDate } from '../../lib/format.ts';
import { suggestionTodo, type SuggestionTodoItem } from './suggestions.api.ts';

type PartKey = 'toAnswer' | 'toRate';

const LINKS: Record<PartKey, string> = { toAnswer: '/suggestions?status=handling', toRate: '/suggestions?status=answered' };

function Part({ part }: { part: PartKey }) {
  const { t } = useI18n();
  const item = (s: SuggestionTodoItem) => ({ id: s.id, to: `/suggestions/${s.id}`, text: s.title, unit: t('suggestion.todo.number', { number: s.number }), extra: s.deadline && part === 'toAnswer' ? t('suggestion.todo.deadline', { date: formatDate(s.deadline) }) : undefined });
  return (
    <ToDoPart
      testId={`suggestion-todo-${part}`}
      queryKey={['suggestions', 'todo', part]}
      to={LINKS[part]}
      label={(count) => t(part === 'toAnswer' ? 'suggestion.todo.toAnswer' : 'suggestion.todo.toRate', { count })}
      load={async (signal) => {
        const todo = (await suggestionTodo(signal))[part];
        return { total: todo.total, items: todo.items.slice(0, 3).map(item) };
      }}
    />
  );
}

/**
 * Suggestions' to-do on the home page and the workbench: for a unit's liaison the suggestions to
 * answer (nearest deadline first), for a deputy the answers to rate.
 */
export function SuggestionToDoCard() {
  const { t } = useI18n();
  const { me } = useAuth();
  const roles = me?.roles ?? [];
  const parts: PartKey[] = [...(roles.includes('liaison') ? (['toAnswer'] as const) : []), ...(roles.includes('deputy') ? (['toRate'] as const) : [])];
  if (parts.length === 0) return null;
  return (
    <Card size="small" title={t('suggestion.todo.title')} extra={<Link to="/suggestions">{t('suggestion.todo.all')}</Link>} data-testid="suggestion-todo">
      {parts.map((p) => (
        <Part key={p} part={p} />
      ))}
    </Card>
  );
}
