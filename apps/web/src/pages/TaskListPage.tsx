import { TaskList } from '../features/tasks/TaskList.tsx';

/** 任务督办: the list at /tasks (one task, at /tasks/:id, is its own chunk: TaskDetailPage). */
export default function TaskListPage() {
  return <TaskList />;
}
