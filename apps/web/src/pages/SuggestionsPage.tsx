import { useLocation, useParams } from 'react-router-dom';
import { SuggestionDetailView } from '../features/suggestions/SuggestionDetailView.tsx';
import { SuggestionList } from '../features/suggestions/SuggestionList.tsx';
import { SuggestionStats } from '../features/suggestions/SuggestionStats.tsx';

/** 建议提案: the list at /suggestions, the statistics at /suggestions/stats, one suggestion at /suggestions/:id. */
export default function SuggestionsPage() {
  const { id } = useParams();
  const { pathname } = useLocation();
  if (pathname.replace(/\/$/, '') === '/suggestions/stats') return <SuggestionStats />;
  return id ? <SuggestionDetailView key={id} id={id} /> : <SuggestionList />;
}
