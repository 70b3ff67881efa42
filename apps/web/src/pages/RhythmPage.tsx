import { useLocation, useParams } from 'react-router-dom';
import { AssessmentList } from '../features/rhythm/assessment/AssessmentList.tsx';
import { AssessmentView } from '../features/rhythm/assessment/AssessmentView.tsx';
import { SchemeEditor } from '../features/rhythm/assessment/SchemeEditor.tsx';
import { SchemeList } from '../features/rhythm/assessment/SchemeList.tsx';
import { BulletinView } from '../features/rhythm/BulletinView.tsx';
import { RhythmHome } from '../features/rhythm/RhythmHome.tsx';

/**
 * 工作节奏: occurrences, rules and bulletins at /rhythm, one bulletin at /rhythm/bulletins/:id;
 * the comprehensive assessment at /rhythm/assessments and one run's results at /rhythm/assessments/:id;
 * its schemes at /rhythm/assessment-schemes and one scheme's editor at /rhythm/assessment-schemes/:id (`new` to write one).
 */
export default function RhythmPage() {
  const { id } = useParams();
  const path = useLocation().pathname;
  if (path.startsWith('/rhythm/assessment-schemes')) return id ? <SchemeEditor key={id} id={id} /> : <SchemeList />;
  const assessments = path.startsWith('/rhythm/assessments');
  if (assessments) return id ? <AssessmentView key={id} id={id} /> : <AssessmentList />;
  return id ? <BulletinView key={id} id={id} /> : <RhythmHome />;
}
