import { useMatch, useParams } from 'react-router-dom';
import { LeadDetailView } from '../features/projects/LeadDetailView.tsx';
import { LeadList } from '../features/projects/LeadList.tsx';
import { QuotaView } from '../features/projects/QuotaView.tsx';

/** 招商引资: the leads at /leads, the quotas at /leads/quotas, one lead at /leads/:id. */
export default function LeadsPage() {
  const { id } = useParams();
  if (useMatch('/leads/quotas')) return <QuotaView />;
  return id ? <LeadDetailView key={id} id={id} /> : <LeadList />;
}
