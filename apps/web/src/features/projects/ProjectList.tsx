import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Checkbox, Input, Progress, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ListPage, type ListColumn } from '../../components/ListPage.tsx';
import { ImportModal } from '../../components/ImportModal.tsx';
import { LightTag } from '../../components/LightTag.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useMe } from '../auth/AuthProvider.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { pick, useListAddress } from '../../lib/list-params.ts';
import { ProjectFormModal } from './ProjectFormModal.tsx';
import { ProjectTagFilter } from './project-tags.tsx';
import { formatWan, yearPercent } from './project-format.ts';
import { exportProjects, importProjects, listProjects, PROJECT_KINDS, PROJECT_LIGHTS, PROJECT_STAGES, type ProjectFilter, type ProjectRow } from './projects.api.ts';
import { CellText } from '../../components/TipHost.tsx';


/**
 * 重点项目: the projects in the caller's scope, red and yellow first, searchable by code, name,
 * owner, industry and tag, filtered by stage, kind, light and lead unit; a supervisor registers
 * new ones. Each row opens the project page.
 */
export function ProjectList() {
  const { t } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const filter: ProjectFilter = {
    q: params.get('q') ?? '',
    stage: pick(PROJECT_STAGES, params.get('stage')),
    kind: pick(PROJECT_KINDS, params.get('kind')),
    light: pick(PROJECT_LIGHTS, params.get('light')),
    unitId: params.get('unitId') ?? undefined,
    due: params.get('due') === 'true' || undefined,
    tag: params.get('tag') ?? undefined,
    tagGroupId: params.get('tagGroupId') ?? undefined,
  };
  const { page, pageSize, setQuery, onPage } = useListAddress(filter);
  const [search, setSearch] = useState(filter.q ?? '');
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const client = useQueryClient();
  useEffect(() => setSearch(filter.q ?? ''), [filter.q]);
  const query = useQuery({ queryKey: ['projects', 'list', filter, page, pageSize], queryFn: ({ signal }) => listProjects({ ...filter, page, pageSize }, signal), placeholderData: keepPreviousData });

  const activeFilters = [filter.q, filter.stage, filter.kind, filter.light, filter.unitId, filter.due, filter.tag, filter.tagGroupId].filter(Boolean).length;

  const nameLink = (p: ProjectRow) => (
    <Link to={`/projects/${p.id}`} data-testid="project-link">
      {p.name}
    </Link>
  );
  const stageTag = (p: ProjectRow) => <Tag color="blue">{t(`project.stage.${p.stage}`)}</Tag>;
  const yearProgress = (p: ProjectRow) =>
    p.yearPlanned > 0 ? (
      <Space size={6} style={{ whiteSpace: 'nowrap' }}>
        <Progress percent={yearPercent(p)} size="small" style={{ width: 80, margin: 0 }} showInfo={false} />
        <span>{t('project.yearProgressValue', { invested: formatWan(p.yearInvested), planned: formatWan(p.yearPlanned) })}</span>
      </Space>
    ) : (
      <Typography.Text type="secondary">{t('project.noYearPlan')}</Typography.Text>
    );
  const columns: ListColumn<ProjectRow>[] = [
    { key: 'code', title: t('project.code'), width: 120, render: (_: unknown, p) => <span style={{ whiteSpace: 'nowrap' }}>{p.code}</span>, text: (p) => p.code },
    { key: 'name', title: t('project.name'), fixedShown: true, render: (_: unknown, p) => <CellText text={p.name}>{nameLink(p)}</CellText>, text: (p) => p.name },
    { key: 'light', title: t('project.light'), width: 90, render: (_: unknown, p) => <LightTag light={p.light} reason={p.lightReason} compact />, text: (p) => t(`light.${p.light}`) },
    { key: 'stage', title: t('project.stage'), width: 76, render: (_: unknown, p) => stageTag(p), text: (p) => t(`project.stage.${p.stage}`) },
    { key: 'kind', title: t('project.kind'), width: 100, defaultHidden: true, render: (_: unknown, p) => t(`project.kind.${p.kind}`), text: (p) => t(`project.kind.${p.kind}`) },
    { key: 'unit', title: t('project.leadUnit'), width: 130, render: (_: unknown, p) => p.leadUnit.name, text: (p) => p.leadUnit.name },
    { key: 'total', title: t('project.totalInvestment'), width: 120, align: 'right', render: (_: unknown, p) => formatWan(p.totalInvestment), text: (p) => String(p.totalInvestment) },
    { key: 'year', title: t('project.yearProgress'), width: 230, render: (_: unknown, p) => yearProgress(p), text: (p) => `${p.yearInvested}/${p.yearPlanned}` },
    { key: 'last', title: t('project.lastPeriod'), width: 90, render: (_: unknown, p) => p.lastPeriod ?? t('project.noReport'), text: (p) => p.lastPeriod ?? '' },
    { key: 'leader', title: t('project.leaderName'), width: 110, defaultHidden: true, render: (_: unknown, p) => p.leaderName ?? '', text: (p) => p.leaderName ?? '' },
  ];

  return (
    <>
      <ListPage<ProjectRow>
        title={t('menu.projects')}
        data-testid="project-table"
        rowTestId="project-row"
        storageKey="projects"
        query={query}
        rowKey={(p) => p.id}
        columns={columns}
        page={page}
        pageSize={pageSize}
        onPage={onPage}
        empty={<div>{activeFilters ? t('projects.noneFound') : t('projects.empty')}</div>}
        activeFilters={activeFilters}
        onExport={() => exportProjects(filter)}
        actions={
          <Space wrap>
            <Link to="/projects/dashboard">
              <Button data-testid="project-dashboard-link">{t('projects.dashboard')}</Button>
            </Link>
            {me.roles.includes('supervisor') ? (
              <Link to="/projects/tags">
                <Button data-testid="project-tags-link">{t('projectTags.title')}</Button>
              </Link>
            ) : null}
            {me.roles.includes('supervisor') ? (
              <Button onClick={() => setImporting(true)} data-testid="project-import">
                {t('projects.import')}
              </Button>
            ) : null}
            {me.roles.includes('supervisor') ? (
              <Button type="primary" onClick={() => setCreating(true)} data-testid="project-new">
                {t('projects.new')}
              </Button>
            ) : null}
          </Space>
        }
        filters={
          <div className="filter-bar">
            <Input.Search allowClear value={search} onChange={(e) => setSearch(e.target.value)} onSearch={(value) => setQuery({ q: value.trim() || undefined })} placeholder={t('projects.search')} style={{ width: 300 }} data-testid="project-search" />
            <Select allowClear placeholder={t('project.stage')} style={{ width: 120 }} value={filter.stage} onChange={(v) => setQuery({ stage: v })} options={PROJECT_STAGES.map((s) => ({ value: s, label: t(`project.stage.${s}`) }))} data-testid="project-stage-filter" />
            <Select allowClear placeholder={t('project.kind')} style={{ width: 140 }} value={filter.kind} onChange={(v) => setQuery({ kind: v })} options={PROJECT_KINDS.map((k) => ({ value: k, label: t(`project.kind.${k}`) }))} />
            <Select allowClear placeholder={t('project.light')} style={{ width: 110 }} value={filter.light} onChange={(v) => setQuery({ light: v })} options={PROJECT_LIGHTS.map((l) => ({ value: l, label: t(`light.${l}`) }))} />
            <ProjectTagFilter tag={filter.tag} groupId={filter.tagGroupId} onChange={(v) => setQuery(v)} />
            <OrgTreeSelect allowClear placeholder={t('projects.filterUnit')} style={{ width: 220 }} value={filter.unitId ?? null} onChange={(v) => setQuery({ unitId: v })} />
            <Checkbox checked={Boolean(filter.due)} onChange={(e) => setQuery({ due: e.target.checked || undefined })} data-testid="project-due-filter">
              {t('projects.due')}
            </Checkbox>
          </div>
        }
        card={(p) => (
          <Card size="small" className="task-card">
            <div className="task-card-title">{nameLink(p)}</div>
            <Space size={[6, 6]} wrap style={{ margin: '6px 0' }}>
              <LightTag light={p.light} reason={p.lightReason} compact />
              {stageTag(p)}
              <span>{p.leadUnit.name}</span>
            </Space>
            <div>{yearProgress(p)}</div>
          </Card>
        )}
      />
      <ProjectFormModal open={creating} onClose={() => setCreating(false)} onSaved={(id) => navigate(`/projects/${id}`)} />
      <ImportModal
        open={importing}
        title={t('projects.import')}
        hint={t('projects.importHint')}
        run={async (file) => {
          const { data } = await importProjects(file);
          await client.invalidateQueries({ queryKey: ['projects'] });
          return data;
        }}
        doneTitle={(done) => t('projects.importDone', done)}
        onClose={() => setImporting(false)}
      />
    </>
  );
}
