import { useParams } from 'react-router-dom';
import { MeetingDetailView } from '../features/meetings/MeetingDetailView.tsx';
import { MeetingList } from '../features/meetings/MeetingList.tsx';

/** 项目会办: the meetings at /meetings, one meeting at /meetings/:id. */
export default function MeetingsPage() {
  const { id } = useParams();
  return id ? <MeetingDetailView key={id} id={id} /> : <MeetingList />;
}
