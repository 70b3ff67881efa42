import { useMatch, useParams } from 'react-router-dom';
import { DirectiveList } from '../features/directives/DirectiveList.tsx';
import { DirectiveReview } from '../features/directives/DirectiveReview.tsx';

/** 指示精神: the library at /directives, a new one at /directives/new, one directive's review at /directives/:id. */
export default function DirectivesPage() {
  const { id } = useParams();
  const creating = useMatch('/directives/new') !== null;
  if (creating) return <DirectiveList openNew />;
  return id ? <DirectiveReview key={id} id={id} /> : <DirectiveList />;
}
