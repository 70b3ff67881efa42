import { useParams } from 'react-router-dom';
import { BulletinView } from '../features/rhythm/BulletinView.tsx';
import { RhythmHome } from '../features/rhythm/RhythmHome.tsx';

/** 工作节奏: occurrences, rules and bulletins at /rhythm, one bulletin at /rhythm/bulletins/:id. */
export default function RhythmPage() {
  const { id } = useParams();
  return id ? <BulletinView key={id} id={id} /> : <RhythmHome />;
}
