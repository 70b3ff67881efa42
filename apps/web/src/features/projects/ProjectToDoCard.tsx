import { Card } from 'antd';
import { Link } from 'react-router-dom';
import { ToDoPart, type ToDoItem } from '../../components/ToDoPart.tsx';
import { useAuth } from '../auth/AuthProvider.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { agendaCandidates } from '../meetings/meetings.api.ts';
import { listProjects } from './projects.api.ts';

type PartKey = 'due' | 'red' | 'coordination';

const FIRST = 3;

/** How many wait in a part, and the first three. */
async function load(key: PartKey, signal: AbortSignal): Promise<{ total: number; items: ToDoItem[] }> {
  if (key === 'coordination') {
    const first = await agendaCandidates(signal, FIRST);
    return { total: first.total, items: first.data.map((c) => ({ id: c.id, to: `/projects/${c.project.id}`, text: `${c.project.name}：${c.description}`, unit: c.project.leadUnitName })) };
  }
  const page = await listProjects({ ...(key === 'due' ? { due: true } : { light: 'red' as const }), page: 1, pageSize: FIRST }, signal);
  return { total: page.page.total, items: page.data.map((p) => ({ id: p.id, to: `/projects/${p.id}`, text: p.name, unit: p.leadUnit.name })) };
}

const LINKS: Record<PartKey, string> = { due: '/projects?due=true', red: '/projects?light=red', coordination: '/meetings' };

/** What waits in key projects for each of the caller's roles. */
function partsFor(roles: string[]): PartKey[] {
  const parts: PartKey[] = [];
  // Whoever reports or chases reports: projects whose newest due monthly report is not in.
  if (roles.includes('liaison') || roles.includes('supervisor')) parts.push('due');
  // Supervisors and leaders: projects lit red in their scope.
  if (roles.includes('supervisor') || roles.includes('leader')) parts.push('red');
  // The office: problems raised in monthly reports and not yet handed to anyone (the next 会办's agenda).
  if (roles.includes('supervisor')) parts.push('coordination');
  return parts;
}

function Part({ part }: { part: PartKey }) {
  const { t } = useI18n();
  return <ToDoPart testId={`project-todo-${part}`} queryKey={['projects', 'todo', part]} to={LINKS[part]} label={(count) => t(`project.todo.${part}` as MessageKey, { count })} load={(signal) => load(part, signal)} />;
}

/**
 * Key projects' to-do on the home page and the workbench: monthly reports due for a liaison (and
 * the office chasing them), red projects for supervisors and leaders, and for the office the
 * problems needing coordination that nobody has been handed yet; each with its count and the first three.
 */
export function ProjectToDoCard() {
  const { t } = useI18n();
  const { me } = useAuth();
  const parts = partsFor(me?.roles ?? []);
  if (parts.length === 0) return null;
  return (
    <Card size="small" title={t('project.todo.title')} extra={<Link to="/projects">{t('project.reportsDueAll')}</Link>} data-testid="project-todo">
      {parts.map((p) => (
        <Part key={p} part={p} />
      ))}
    </Card>
  );
}
