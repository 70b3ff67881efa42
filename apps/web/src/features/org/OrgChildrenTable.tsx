import { LIMITS, ORG_KINDS, type OrgKind } from '@luoshi/shared';
import { Empty, Input, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { OrgUnit } from '../../api/types.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { listOrgUnits } from './org.api.ts';

/** A unit's direct children: searchable by name or code, filterable by kind and status, paged. */
export function OrgChildrenTable({ parentId, version }: { parentId: string; version: number }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<OrgKind>();
  const [active, setActive] = useState<boolean>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState<number>(LIMITS.pageSizeDefault);
  const [prevParent, setPrevParent] = useState(parentId);
  if (prevParent !== parentId) {
    // A different unit starts from a clean slate.
    setPrevParent(parentId);
    setQ('');
    setKind(undefined);
    setActive(undefined);
    setPage(1);
  }

  const { data, error, loading, reload } = useAsync(
    (signal) => listOrgUnits({ parentId, q: q.trim() || undefined, kind, active, page, pageSize }, signal),
    [parentId, q, kind, active, page, pageSize, version],
  );
  const filtered = Boolean(q.trim() || kind || active !== undefined);

  return (
    <div data-testid="org-children">
      <div className="filter-bar">
        <Input.Search
          key={parentId}
          allowClear
          placeholder={t('org.filterQ')}
          style={{ width: 260 }}
          onSearch={(value) => {
            setQ(value);
            setPage(1);
          }}
        />
        <Select<OrgKind>
          allowClear
          placeholder={t('org.filterKind')}
          style={{ width: 150 }}
          value={kind}
          onChange={(v) => {
            setKind(v);
            setPage(1);
          }}
          options={ORG_KINDS.map((k) => ({ value: k, label: t(`orgKind.${k}`) }))}
        />
        <Select<string>
          allowClear
          placeholder={t('org.filterActive')}
          style={{ width: 120 }}
          value={active === undefined ? undefined : String(active)}
          onChange={(v) => {
            setActive(v === undefined ? undefined : v === 'true');
            setPage(1);
          }}
          options={[
            { value: 'true', label: t('common.active') },
            { value: 'false', label: t('common.inactive') },
          ]}
        />
      </div>
      {error ? (
        <ErrorState compact error={error} onRetry={reload} />
      ) : (
        <Table<OrgUnit>
          rowKey="id"
          size="middle"
          loading={loading}
          dataSource={data?.data ?? []}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('org.noChildrenMatch') : t('org.noChildren')} /> }}
          pagination={{
            current: page,
            pageSize,
            total: data?.page.total ?? 0,
            showSizeChanger: true,
            hideOnSinglePage: false,
            showTotal: (total) => t('common.total', { total }),
            onChange: (p, size) => {
              setPage(size === pageSize ? p : 1);
              setPageSize(size);
            },
          }}
          columns={[
            {
              title: t('org.name'),
              dataIndex: 'name',
              render: (_: unknown, u) => (
                <Link to={`/org/${u.id}`} className={u.active ? undefined : 'org-tree-node-inactive'}>
                  {u.name}
                </Link>
              ),
            },
            { title: t('org.code'), dataIndex: 'code' },
            { title: t('org.kind'), dataIndex: 'kind', render: (k: OrgKind) => t(`orgKind.${k}`) },
            { title: t('org.childCount'), dataIndex: 'childCount', align: 'right' },
            {
              title: t('common.status'),
              dataIndex: 'active',
              render: (a: boolean) => (a ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>),
            },
          ]}
        />
      )}
    </div>
  );
}
