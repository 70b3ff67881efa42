import { useParams } from 'react-router-dom';
import { MeetingDetailView } from '../features/projects/MeetingDetailView.tsx';
import { MeetingList } from '../features/projects/MeetingList.tsx';

/** 项目会办: the meetings at /meetings, one meeting at /meetings/:id. */
export default function MeetingsPage() {
  const { id } = useParams();
  return id ? <MeetingDetailView key={id} id={id} /> : <MeetingList />;
}
