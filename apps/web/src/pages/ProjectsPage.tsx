import { useMatch, useParams } from 'react-router-dom';
import { ProjectDashboardView } from '../features/projects/ProjectDashboardView.tsx';
import { ProjectDetailView } from '../features/projects/ProjectDetailView.tsx';
import { ProjectList } from '../features/projects/ProjectList.tsx';
import { ProjectTagsView } from '../features/projects/ProjectTagsView.tsx';

/** 重点项目: the list at /projects, the dashboard at /projects/dashboard, the tag dictionary at /projects/tags, one project at /projects/:id. */
export default function ProjectsPage() {
  const { id } = useParams();
  const dashboard = useMatch('/projects/dashboard');
  const tags = useMatch('/projects/tags');
  if (dashboard) return <ProjectDashboardView />;
  if (tags) return <ProjectTagsView />;
  return id ? <ProjectDetailView key={id} id={id} /> : <ProjectList />;
}
