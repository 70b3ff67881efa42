import { ApartmentOutlined } from '@ant-design/icons';
import { Empty, Input, Spin, Tree, Typography } from 'antd';
import { useState } from 'react';
import type { OrgUnit } from '../../api/types.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useOrgSearch } from './use-org-search.ts';
import { mapTree, type OrgTree as OrgTreeState } from './use-org-tree.ts';

interface TreeNode {
  key: string;
  title: React.ReactNode;
  isLeaf: boolean;
  children?: TreeNode[];
}

/** The org page's navigation: a lazily loaded tree (deactivated units greyed) with a name/code search above it. */
export function OrgTree({ tree, selectedId, onSelect }: { tree: OrgTreeState; selectedId?: string | undefined; onSelect: (id: string) => void }) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const { results, searching } = useOrgSearch(query);

  const label = (u: OrgUnit) => (
    <span className={u.active ? undefined : 'org-tree-node-inactive'} data-testid="org-tree-node">
      {u.name}
      {u.active ? null : <Typography.Text type="secondary" style={{ fontSize: 12 }}>({t('common.inactive')})</Typography.Text>}
    </span>
  );

  let body: React.ReactNode;
  if (results) {
    body = searching && results.length === 0 ? (
      <Spin className="page-spin" style={{ margin: '24px auto' }} />
    ) : results.length === 0 ? (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('org.noResults')} />
    ) : (
      <Tree<TreeNode>
        blockNode
        selectedKeys={selectedId ? [selectedId] : []}
        onSelect={(keys) => keys[0] && onSelect(String(keys[0]))}
        treeData={results.map((u) => ({
          key: u.id,
          isLeaf: true,
          title: (
            <span>
              {label(u)}
              {u.parentName ? (
                <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 6 }}>
                  {u.parentName}
                </Typography.Text>
              ) : null}
            </span>
          ),
        }))}
      />
    );
  } else if (tree.rootsError) {
    body = <ErrorState compact error={tree.rootsError} onRetry={tree.retryRoots} />;
  } else if (tree.rootsLoading && !tree.childrenOf['']) {
    body = <Spin className="page-spin" style={{ margin: '24px auto' }} />;
  } else if ((tree.childrenOf[''] ?? []).length === 0) {
    body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('org.noUnits')} />;
  } else {
    body = (
      <Tree<TreeNode>
        blockNode
        showIcon={false}
        selectedKeys={selectedId ? [selectedId] : []}
        expandedKeys={tree.expandedKeys}
        onExpand={(keys) => tree.setExpandedKeys(keys.map(String))}
        loadData={(node) => tree.loadChildren(String(node.key))}
        onSelect={(keys, info) => onSelect(String(keys[0] ?? info.node.key))}
        treeData={mapTree<TreeNode>(tree.childrenOf, (u, children) => ({
          key: u.id,
          title: label(u),
          isLeaf: (u.childCount ?? 0) === 0,
          ...(children ? { children } : {}),
        }))}
      />
    );
  }

  return (
    <div data-testid="org-tree">
      <Input.Search
        allowClear
        placeholder={t('org.treeSearch')}
        prefix={<ApartmentOutlined />}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        loading={searching}
        style={{ marginBottom: 8 }}
      />
      {results ? (
        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', margin: '0 0 4px 4px' }}>
          {t('org.searchResults')}
        </Typography.Text>
      ) : null}
      <div className="org-tree-scroll">{body}</div>
    </div>
  );
}
