import { useParams } from 'react-router-dom';
import { ProjectDetailView } from '../features/projects/ProjectDetailView.tsx';
import { ProjectList } from '../features/projects/ProjectList.tsx';

/** 重点项目: the list at /projects, one project at /projects/:id. */
export default function ProjectsPage() {
  const { id } = useParams();
  return id ? <ProjectDetailView key={id} id={id} /> : <ProjectList />;
}
