import { PlusOutlined } from '@ant-design/icons';
import { LIMITS, ROLES, type Role } from '@luoshi/shared';
import { App, Button, Card, Empty, Input, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import type { User } from '../../api/types.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useMe } from '../auth/AuthProvider.tsx';
import { UserDrawer } from './UserDrawer.tsx';
import { UserFormModal, type UserFormTarget } from './UserFormModal.tsx';
import { UserStatusTags } from './UserStatusTags.tsx';
import { listUsers } from './users.api.ts';

/** 用户管理: accounts in scope with search, unit/role/status filters and paging; create; open one to manage it. */
export function UserList() {
  const { t } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [orgUnitId, setOrgUnitId] = useState<string>();
  const [role, setRole] = useState<Role>();
  const [active, setActive] = useState<boolean>();
  const [locked, setLocked] = useState<boolean>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState<number>(LIMITS.pageSizeDefault);
  const [version, setVersion] = useState(0);
  const [openId, setOpenId] = useState<string | null>(null);
  const [creating, setCreating] = useState<UserFormTarget | null>(null);

  const { data, error, loading, reload } = useAsync(
    (signal) => listUsers({ q: q.trim() || undefined, orgUnitId, role, active, locked, page, pageSize }, signal),
    [q, orgUnitId, role, active, locked, page, pageSize, version],
  );
  const filtered = Boolean(q.trim() || orgUnitId || role || active !== undefined || locked);
  const changeFilter = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };

  return (
    <>
      <PageHeader
        title={t('users.title')}
        extra={
          me.roles.includes('admin') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating({ mode: 'create' })} data-testid="user-create">
              {t('users.create')}
            </Button>
          ) : null
        }
      />
      <Card>
        <div className="filter-bar">
          <Input.Search allowClear placeholder={t('users.searchPlaceholder')} style={{ width: 240 }} onSearch={changeFilter(setQ)} data-testid="user-search" />
          <OrgTreeSelect value={orgUnitId} onChange={changeFilter(setOrgUnitId)} placeholder={t('users.filterUnit')} style={{ width: 220 }} />
          <Select<Role> allowClear placeholder={t('users.filterRole')} style={{ width: 140 }} value={role} onChange={changeFilter(setRole)} options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
          <Select<string>
            allowClear
            placeholder={t('users.filterActive')}
            style={{ width: 120 }}
            value={locked ? 'locked' : active === undefined ? undefined : String(active)}
            onChange={(v) => {
              setLocked(v === 'locked' ? true : undefined);
              changeFilter(setActive)(v === undefined || v === 'locked' ? undefined : v === 'true');
            }}
            options={[
              { value: 'true', label: t('common.active') },
              { value: 'false', label: t('common.inactive') },
              { value: 'locked', label: t('users.locked') },
            ]}
            data-testid="user-status-filter"
          />
        </div>
        {error ? (
          <ErrorState error={error} onRetry={reload} />
        ) : (
          <Table<User>
            rowKey="id"
            loading={loading}
            dataSource={data?.data ?? []}
            scroll={{ x: 'max-content' }}
            onRow={(u) => ({ onClick: () => setOpenId(u.id), style: { cursor: 'pointer' } })}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('users.noneFound') : t('common.empty')} /> }}
            pagination={{
              current: page,
              pageSize,
              total: data?.page.total ?? 0,
              showSizeChanger: true,
              showTotal: (total) => t('common.total', { total }),
              onChange: (p, size) => {
                setPage(size === pageSize ? p : 1);
                setPageSize(size);
              },
            }}
            columns={[
              { title: t('users.displayName'), dataIndex: 'displayName', render: (v: string) => <a>{v}</a> },
              { title: t('users.username'), dataIndex: 'username' },
              { title: t('users.unit'), dataIndex: ['orgUnit', 'name'] },
              { title: t('users.roles'), dataIndex: 'roles', render: (roles: Role[]) => roles.map((r) => <Tag key={r} color="blue">{t(`role.${r}`)}</Tag>) },
              { title: t('common.status'), key: 'status', render: (_: unknown, u) => <UserStatusTags user={u} /> },
              { title: t('users.lastLogin'), dataIndex: 'lastLoginAt', render: (v: string | null) => formatDateTime(v) },
              {
                title: t('common.actions'),
                key: 'actions',
                fixed: 'right',
                render: (_: unknown, u) => (
                  <Button type="link" size="small" onClick={(e) => { e.stopPropagation(); setOpenId(u.id); }}>
                    {t('users.manage')}
                  </Button>
                ),
              },
            ]}
          />
        )}
      </Card>
      <UserDrawer userId={openId} onClose={() => setOpenId(null)} onChanged={() => setVersion((v) => v + 1)} />
      <UserFormModal
        target={creating}
        onClose={() => setCreating(null)}
        onSaved={(saved) => {
          setCreating(null);
          message.success(t('users.created', { name: saved.displayName }));
          setVersion((v) => v + 1);
          setOpenId(saved.id);
        }}
      />
    </>
  );
}
