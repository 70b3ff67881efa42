import { useParams } from 'react-router-dom';
import { TaskDetailView } from '../features/tasks/TaskDetailView.tsx';
import { TaskList } from '../features/tasks/TaskList.tsx';

/** 任务督办: the list at /tasks, one task at /tasks/:id. */
export default function TasksPage() {
  const { id } = useParams();
  return id ? <TaskDetailView key={id} id={id} /> : <TaskList />;
}
