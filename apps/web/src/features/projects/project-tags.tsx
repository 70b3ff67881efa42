import { useQuery } from '@tanstack/react-query';
import { Select, type SelectProps } from 'antd';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { listProjectTags } from './projects.api.ts';

/** The tenant's project tag dictionary (cached; the settings page refreshes it). */
export function useProjectTags() {
  return useQuery({ queryKey: ['project-tags'], queryFn: ({ signal }) => listProjectTags(signal), staleTime: 60_000 });
}

/**
 * The tags of a project: picked from the dictionary, grouped (a disabled tag the project already
 * carries stays shown); free text while the tenant has no dictionary.
 */
export function ProjectTagPicker({ value, onChange, carried = [] }: { value?: string[]; onChange?: (v: string[]) => void; carried?: string[] }) {
  const { t } = useI18n();
  const groups = useProjectTags().data?.groups ?? [];
  if (groups.length === 0) return <Select mode="tags" tokenSeparators={[',', '，']} value={value} onChange={onChange} data-testid="project-tags-input" />;
  const options: SelectProps['options'] = groups.map((g) => ({
    label: g.name,
    title: g.name,
    options: g.tags.filter((x) => x.enabled || carried.includes(x.name)).map((x) => ({ value: x.name, label: x.enabled ? x.name : `${x.name}（${t('projectTags.disabled')}）` })),
  }));
  return <Select mode="multiple" allowClear showSearch placeholder={t('projectTags.pick')} value={value} onChange={onChange} options={options} data-testid="project-tags-input" />;
}

/** The list's filter: one tag, or a whole group (all its tags). Hidden while there is no dictionary. */
export function ProjectTagFilter({ tag, groupId, onChange }: { tag: string | undefined; groupId: string | undefined; onChange: (next: { tag: string | undefined; tagGroupId: string | undefined }) => void }) {
  const { t } = useI18n();
  const groups = useProjectTags().data?.groups ?? [];
  if (groups.length === 0) return null;
  const options: SelectProps['options'] = groups.map((g) => ({
    label: g.name,
    title: g.name,
    options: [{ value: `group:${g.id}`, label: t('projectTags.wholeGroup', { name: g.name }) }, ...g.tags.map((x) => ({ value: `tag:${x.name}`, label: x.name }))],
  }));
  const value = groupId ? `group:${groupId}` : tag ? `tag:${tag}` : undefined;
  return (
    <Select
      allowClear
      showSearch
      placeholder={t('project.tags')}
      style={{ width: 180 }}
      value={value}
      options={options}
      onChange={(v: string | undefined) => onChange({ tag: v?.startsWith('tag:') ? v.slice(4) : undefined, tagGroupId: v?.startsWith('group:') ? v.slice(6) : undefined })}
      data-testid="project-tag-filter"
    />
  );
}
