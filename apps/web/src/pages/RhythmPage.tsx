import { useLocation, useParams } from 'react-router-dom';
import { AssessmentList } from '../features/rhythm/assessment/AssessmentList.tsx';
import { AssessmentView } from '../features/rhythm/assessment/AssessmentView.tsx';
import { BulletinView } from '../features/rhythm/BulletinView.tsx';
import { RhythmHome } from '../features/rhythm/RhythmHome.tsx';

/**
 * 工作节奏: occurrences, rules and bulletins at /rhythm, one bulletin at /rhythm/bulletins/:id;
 * the comprehensive assessment at /rhythm/assessments and one run's results at /rhythm/assessments/:id.
 */
export default function RhythmPage() {
  const { id } = useParams();
  const assessments = useLocation().pathname.startsWith('/rhythm/assessments');
  if (assessments) return id ? <AssessmentView key={id} id={id} /> : <AssessmentList />;
  return id ? <BulletinView key={id} id={id} /> : <RhythmHome />;
}
