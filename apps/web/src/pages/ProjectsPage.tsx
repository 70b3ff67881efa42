import { useMatch, useParams } from 'react-router-dom';
import { ProjectDashboardView } from '../features/projects/ProjectDashboardView.tsx';
import { ProjectDetailView } from '../features/projects/ProjectDetailView.tsx';
import { ProjectList } from '../features/projects/ProjectList.tsx';

/** 重点项目: the list at /projects, the dashboard at /projects/dashboard, one project at /projects/:id. */
export default function ProjectsPage() {
  const { id } = useParams();
  if (useMatch('/projects/dashboard')) return <ProjectDashboardView />;
  return id ? <ProjectDetailView key={id} id={id} /> : <ProjectList />;
}
