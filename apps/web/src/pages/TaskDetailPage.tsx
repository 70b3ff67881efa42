import { useParams } from 'react-router-dom';
import { TaskDetailView } from '../features/tasks/TaskDetailView.tsx';

/** One task at /tasks/:id. */
export default function TaskDetailPage() {
  const { id } = useParams();
  return <TaskDetailView key={id} id={id!} />;
}
