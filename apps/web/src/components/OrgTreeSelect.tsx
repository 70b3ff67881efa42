import { Spin, TreeSelect, Typography } from 'antd';
import { useEffect, useMemo, useState, type CSSProperties } from 'react';
import type { OrgUnit } from '../api/types.ts';
import { getOrgUnit } from '../features/org/org.api.ts';
import { useOrgSearch } from '../features/org/use-org-search.ts';
import { mapTree, useOrgTree } from '../features/org/use-org-tree.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

interface Props<Multiple extends boolean> {
  value?: (Multiple extends true ? string[] : string) | null;
  onChange?: (value: Multiple extends true ? string[] : string | undefined) => void;
  multiple?: Multiple;
  placeholder?: string;
  allowClear?: boolean;
  /** Units that cannot be picked nor opened (e.g. the unit being moved, so nothing below it is offered). */
  excludeIds?: string[];
  /** Offer only active units (e.g. as a new parent). */
  activeOnly?: boolean;
  disabled?: boolean;
  /** Offer only the units below this one (its children at the top; search covers its direct children). */
  rootId?: string;
  style?: CSSProperties;
  id?: string;
  'data-testid'?: string;
}

interface Node {
  value: string;
  title: React.ReactNode;
  isLeaf: boolean;
  disabled?: boolean;
  children?: Node[];
}

type Labelled = { value: string; label: React.ReactNode };

/**
 * Picks one or several org units from the caller's scope: a lazily loaded tree that opens
 * level by level, and a search over names and codes (/api/org-units?q=) when the user types.
 */
export function OrgTreeSelect<Multiple extends boolean = false>(props: Props<Multiple>) {
  const { value, onChange, multiple, placeholder, allowClear = true, excludeIds, activeOnly, disabled, rootId, style, id } = props;
  const { t } = useI18n();
  const tree = useOrgTree(rootId);
  const [search, setSearch] = useState('');
  const { results, searching } = useOrgSearch(search, rootId);
  const [names, setNames] = useState<Record<string, string>>({});

  const selected = useMemo(() => (value == null ? [] : Array.isArray(value) ? value : [value]), [value]);

  // Remember names of everything seen so chosen units keep their label while searching or before their level is loaded.
  useEffect(() => {
    const seen: Record<string, string> = {};
    for (const list of Object.values(tree.childrenOf)) for (const u of list) seen[u.id] = u.name;
    for (const u of results ?? []) seen[u.id] = u.name;
    setNames((old) => ({ ...old, ...seen }));
  }, [tree.childrenOf, results]);

  useEffect(() => {
    const unknown = selected.filter((v) => !(v in names));
    if (unknown.length === 0) return;
    let cancelled = false;
    void Promise.all(unknown.map((uid) => getOrgUnit(uid).then((r) => [uid, r.data.name] as const, () => [uid, uid] as const))).then((pairs) => {
      if (!cancelled) setNames((old) => ({ ...old, ...Object.fromEntries(pairs) }));
    });
    return () => {
      cancelled = true;
    };
    // Only newly chosen ids need a lookup.
  }, [selected.join(',')]);

  const excluded = useMemo(() => new Set(excludeIds ?? []), [excludeIds]);
  const blocked = (u: OrgUnit) => excluded.has(u.id) || (activeOnly === true && !u.active);
  const title = (u: OrgUnit, withParent: boolean) => (
    <span className={u.active ? undefined : 'org-tree-node-inactive'}>
      {u.name}
      {!u.active ? `(${t('common.inactive')})` : ''}
      {withParent && u.parentName ? (
        <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 6 }}>
          {u.parentName}
        </Typography.Text>
      ) : null}
    </span>
  );

  const treeData: Node[] = results
    ? results.map((u) => ({ value: u.id, title: title(u, true), isLeaf: true, disabled: blocked(u) }))
    : mapTree<Node>(tree.childrenOf, (u, children) => ({
        value: u.id,
        title: title(u, false),
        isLeaf: (u.childCount ?? 0) === 0 || excluded.has(u.id),
        disabled: blocked(u),
        ...(children && !excluded.has(u.id) ? { children } : {}),
      }));

  const labelled: Labelled[] = selected.map((v) => ({ value: v, label: names[v] ?? '…' }));

  return (
    <TreeSelect<Labelled | Labelled[]>
      id={id}
      data-testid={props['data-testid']}
      style={{ width: '100%', ...style }}
      value={multiple ? labelled : labelled[0]}
      labelInValue
      multiple={multiple}
      treeCheckable={false}
      disabled={disabled}
      allowClear={allowClear}
      placeholder={placeholder ?? t('orgSelect.placeholder')}
      treeData={treeData}
      loadData={results ? undefined : (node) => tree.loadChildren(String(node.value))}
      treeExpandedKeys={results ? undefined : tree.expandedKeys}
      onTreeExpand={(keys) => tree.setExpandedKeys(keys.map(String))}
      showSearch={{ searchValue: search, onSearch: setSearch, filterTreeNode: false, autoClearSearchValue: true }}
      notFoundContent={searching || tree.rootsLoading ? <Spin size="small" /> : t('org.noResults')}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxHeight: 400, overflow: 'auto', minWidth: 260 } } }}
      onChange={(next) => {
        const list = next == null ? [] : Array.isArray(next) ? next : [next];
        const ids = list.map((item) => String(item.value));
        setSearch('');
        if (multiple) (onChange as ((v: string[]) => void) | undefined)?.(ids);
        else (onChange as ((v: string | undefined) => void) | undefined)?.(ids[0]);
      }}
    />
  );
}
