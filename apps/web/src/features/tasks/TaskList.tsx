import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { LIMITS } from '@luoshi/shared';
import { keepPreviousData, useQueries, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { App, Button } from 'antd';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { saveBlob } from '../../api/client.ts';
import type { Paged } from '../../api/types.ts';
import { ListPage, type ListColumn } from '../../components/ListPage.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { writeXlsx } from '../../lib/xlsx.ts';
import { useMe } from '../auth/AuthProvider.tsx';
import { SavedFilters } from './SavedFilters.tsx';
import { TaskBatchActions } from './TaskBatchActions.tsx';
import { activeFilterCount, TaskFilters } from './TaskFilters.tsx';
import { TaskCard, useTaskColumns, type TaskColumn } from './TaskTable.tsx';
import { exportTasks, listTasks, taskCategoriesQuery, taskListQuery, type TaskRow } from './tasks.api.ts';
import { useTaskFilter } from './use-task-filter.ts';

// The import and new-task forms come in their own chunks the first time they are opened: most
// visits to the list open neither, and their date pickers and steps need not load with it.
const ImportTasksModal = lazy(() => import('./ImportTasksModal.tsx').then((m) => ({ default: m.ImportTasksModal })));
const TaskFormModal = lazy(() => import('./TaskFormModal.tsx').then((m) => ({ default: m.TaskFormModal })));

type Node = TaskRow & { children?: Node[] };
const LIST_COLUMNS: TaskColumn[] = ['title', 'owner', 'leader', 'light', 'status', 'percent', 'lastReport', 'deadline', 'category'];

/**
 * The page's rows as a tree: a part whose parent is on the same page is shown under it, and a
 * parent with parts the caller may see can be expanded (its parts are loaded then).
 */
function nest(rows: TaskRow[], loaded: Map<string, TaskRow[]>): Node[] {
  const onPage = new Set(rows.map((r) => r.id));
  const build = (row: TaskRow, seen: Set<string>): Node => {
    const kids = [...(loaded.get(row.id) ?? []), ...rows.filter((r) => r.parentId === row.id)].filter((k, i, all) => !seen.has(k.id) && all.findIndex((x) => x.id === k.id) === i);
    const next = new Set([...seen, row.id]);
    return (row.partCount ?? 0) > 0 || kids.length > 0 ? { ...row, children: kids.map((k) => build(k, next)) } : { ...row };
  };
  return rows.filter((r) => !r.parentId || !onPage.has(r.parentId)).map((r) => build(r, new Set()));
}

/** An expanded parent's parts, as a cached query: an action that invalidates ['tasks'] refreshes them too. */
const partsQuery = (id: string) => ({ queryKey: ['tasks', 'parts', id], queryFn: ({ signal }: { signal: AbortSignal }) => listTasks({ parentId: id, sort: 'deadline', pageSize: LIMITS.pageSizeMax }, signal) });

/** The loaded parts by parent, and the first failure (kept the same object while nothing changes). */
function partsByParent(results: UseQueryResult<Paged<TaskRow>>[]): { loaded: Map<string, TaskRow[]>; error: Error | null } {
  const loaded = new Map<string, TaskRow[]>();
  for (const part of results.flatMap((r) => r.data?.data ?? [])) if (part.parentId) loaded.set(part.parentId, [...(loaded.get(part.parentId) ?? []), part]);
  return { loaded, error: results.find((r) => r.error)?.error ?? null };
}

/**
 * 任务督办: the tasks in scope, most urgent first, with filters kept in the address, saved filters,
 * paging, a parent's parts as an expandable tree, multi-select for batch 催办 / 下发督办单 / export,
 * export of the current filter; for supervisors, import of a 任务分工表 and 新建任务.
 */
export function TaskList() {
  const { t } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { filter, page, pageSize, setFilter, setPage } = useTaskFilter(LIMITS.pageSizeDefault);
  const [importing, setImporting] = useState(false);
  const [creating, setCreating] = useState(false);
  // A form is mounted when first opened and stays mounted, so that closing it animates like any other modal.
  const [opened, setOpened] = useState({ importing: false, creating: false });
  const open = (form: 'importing' | 'creating') => {
    setOpened((o) => ({ ...o, [form]: true }));
    (form === 'importing' ? setImporting : setCreating)(true);
  };
  const [expanded, setExpanded] = useState<string[]>([]);
  const query = useQuery({ ...taskListQuery(filter, page, pageSize), placeholderData: keepPreviousData });
  const categories = useQuery(taskCategoriesQuery);
  const all = useTaskColumns();
  const columns = useMemo(() => LIST_COLUMNS.map((c) => all[c]), [all]);
  const parts = useQueries({ queries: expanded.map(partsQuery), combine: partsByParent });
  const rows = useMemo(() => nest(query.data?.data ?? [], parts.loaded), [query.data, parts.loaded]);
  const supervisor = me.roles.includes('supervisor');
  const filtered = activeFilterCount(filter) > 0;

  useEffect(() => {
    if (parts.error) message.error(errorMessage(parts.error, t));
  }, [parts.error, message, t]);

  const exportSelected = (picked: TaskRow[], shown: ListColumn<TaskRow>[]) => {
    const cols = shown.filter((c) => c.text);
    saveBlob(writeXlsx(t('tasks.exportSheet'), [cols.map((c) => c.title), ...picked.map((task) => cols.map((c) => c.text?.(task) ?? ''))]), `${t('tasks.exportSheet')}.xlsx`);
  };

  return (
    <>
      <ListPage<Node>
        title={t('menu.tasks')}
        data-testid="task-list"
        rowTestId="task-row"
        storageKey="tasks"
        query={query}
        rows={rows}
        rowKey={(task) => task.id}
        columns={columns}
        card={(task) => <TaskCard task={task} />}
        page={page}
        pageSize={pageSize}
        onPage={setPage}
        empty={filtered ? t('tasks.noneFound') : t('tasks.empty')}
        filters={<TaskFilters filter={filter} categories={categories.data ?? []} onChange={setFilter} showLeader={me.roles.some((r) => r === 'admin' || r === 'supervisor' || r === 'leader')} />}
        activeFilters={activeFilterCount(filter)}
        savedFilters={<SavedFilters current={filter} onApply={setFilter} />}
        onExport={() => exportTasks(filter)}
        onExportSelected={exportSelected}
        batch={(selected, clear) => (supervisor ? <TaskBatchActions selected={selected} clear={clear} /> : null)}
        tree={{
          expandedKeys: expanded,
          onExpand: (open, row) => setExpanded((ids) => (open ? [...new Set([...ids, row.id])] : ids.filter((id) => id !== row.id))),
          indentSize: 16,
        }}
        actions={
          supervisor ? (
            <>
              <Button icon={<UploadOutlined />} onClick={() => open('importing')} data-testid="task-import">
                {t('tasks.import')}
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => open('creating')} data-testid="task-create">
                {t('tasks.create')}
              </Button>
            </>
          ) : null
        }
      />
      <Suspense fallback={null}>
        {opened.importing ? <ImportTasksModal open={importing} onClose={() => setImporting(false)} onImported={() => void queryClient.invalidateQueries({ queryKey: ['tasks'] })} /> : null}
        {opened.creating ? (
          <TaskFormModal
            open={creating}
            categories={categories.data ?? []}
            onClose={() => setCreating(false)}
            onCreated={(task) => {
              setCreating(false);
              void queryClient.invalidateQueries({ queryKey: ['tasks'] });
              navigate(`/tasks/${task.id}`);
            }}
          />
        ) : null}
      </Suspense>
    </>
  );
}
