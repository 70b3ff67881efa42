import { EditOutlined, KeyOutlined, PoweroffOutlined, StopOutlined, UnlockOutlined } from '@ant-design/icons';
import { App, Button, Descriptions, Drawer, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { Grant, UserLock } from '../../api/types.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { UnitNames } from '../org/UnitNames.tsx';
import { ResetPasswordModal } from './ResetPasswordModal.tsx';
import { UserFormModal, type UserFormTarget } from './UserFormModal.tsx';
import { UserStatusTags } from './UserStatusTags.tsx';
import { getUser, unlockUser, updateUser } from './users.api.ts';
import { useScreens } from '../../lib/use-screens.ts';

/** One account in a side panel: details, grants, and the actions its policies allow (each confirmed). */
export function UserDrawer({ userId, onClose, onChanged }: { userId: string | null; onClose: () => void; onChanged: () => void }) {
  const { t } = useI18n();
  const { modal, message } = App.useApp();
  const screens = useScreens();
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState<UserFormTarget | null>(null);
  const [resetting, setResetting] = useState(false);
  const { data, error, reload } = useAsync((signal) => (userId ? getUser(userId, signal) : Promise.resolve(undefined)), [userId, version]);

  const changed = () => {
    setVersion((v) => v + 1);
    onChanged();
  };
  const user = data?.data.id === userId ? data.data : undefined;
  const policies = data?.policies;

  const confirmAction = (title: string, okText: string, danger: boolean, run: () => Promise<unknown>, done: string, content?: string) =>
    modal.confirm({
      title,
      content,
      okText,
      okButtonProps: danger ? { danger: true } : {},
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await run();
          message.success(done);
          changed();
        } catch (err) {
          message.error(errorMessage(err, t));
        }
      },
    });

  let body: React.ReactNode;
  if (error) body = <ErrorState compact error={error} onRetry={reload} />;
  else if (!user || !policies) body = <Skeleton active paragraph={{ rows: 8 }} />;
  else {
    const name = user.displayName;
    body = (
      <>
        <Space wrap style={{ marginBottom: 16 }}>
          {policies.update ? (
            <Button icon={<EditOutlined />} onClick={() => setEditing({ mode: 'edit', user, policies })}>
              {t('common.edit')}
            </Button>
          ) : null}
          {policies.resetPassword ? (
            <Button icon={<KeyOutlined />} onClick={() => setResetting(true)}>
              {t('users.resetPassword')}
            </Button>
          ) : null}
          {policies.unlock && user.locked ? (
            <Button icon={<UnlockOutlined />} onClick={() => confirmAction(t('users.unlockConfirm', { name }), t('users.unlock'), false, () => unlockUser(user.id), t('users.unlocked', { name }), t('users.unlockConfirmContent'))}>
              {t('users.unlock')}
            </Button>
          ) : null}
          {policies.deactivate && user.active ? (
            <Button danger icon={<StopOutlined />} onClick={() => confirmAction(t('users.deactivateConfirm', { name }), t('users.deactivate'), true, () => updateUser(user.id, { active: false }), t('users.deactivated', { name }))}>
              {t('users.deactivate')}
            </Button>
          ) : null}
          {policies.update && !user.active ? (
            <Button icon={<PoweroffOutlined />} onClick={() => confirmAction(t('users.activateConfirm', { name }), t('users.activate'), false, () => updateUser(user.id, { active: true }), t('users.activated', { name }))}>
              {t('users.activate')}
            </Button>
          ) : null}
        </Space>
        <Descriptions
          column={1}
          size="small"
          bordered
          items={[
            { key: 'name', label: t('users.displayName'), children: user.displayName },
            { key: 'username', label: t('users.username'), children: user.username },
            { key: 'phone', label: t('users.phone'), children: user.phone || '—' },
            { key: 'unit', label: t('users.unit'), children: <Link to={`/org/${user.orgUnit.id}`}>{user.orgUnit.name}</Link> },
            { key: 'status', label: t('common.status'), children: <UserStatusTags user={user} /> },
            { key: 'last', label: t('users.lastLogin'), children: formatDateTime(user.lastLoginAt) },
            { key: 'created', label: t('users.createdAt'), children: formatDateTime(user.createdAt) },
          ]}
        />
        {user.locks?.length ? (
          <div data-testid="user-locks">
            <h4 style={{ margin: '20px 0 4px' }}>{t('users.locksTitle')}</h4>
            <p style={{ margin: '0 0 8px', color: 'rgba(0, 0, 0, 0.55)' }}>{t('users.locksHint')}</p>
            <Table<UserLock>
              size="small"
              rowKey="source"
              pagination={false}
              dataSource={user.locks}
              columns={[
                { title: t('users.lockSource'), dataIndex: 'source', render: (v: string) => <Typography.Text code>{v || '—'}</Typography.Text> },
                { title: t('users.lockFailures'), dataIndex: 'failures' },
                { title: t('users.lockUntil'), dataIndex: 'lockedUntil', render: (v: string) => formatDateTime(v) },
              ]}
            />
          </div>
        ) : null}
        <h4 style={{ margin: '20px 0 8px' }}>{t('users.grants')}</h4>
        <Table<Grant & { key: number }>
          size="small"
          pagination={false}
          dataSource={(user.grants ?? []).map((g, key) => ({ ...g, key }))}
          locale={{ emptyText: t('users.grantsNone') }}
          columns={[
            { title: t('users.grantRole'), dataIndex: 'role', render: (_: unknown, g) => <Tag color="blue">{t(`role.${g.role}`)}</Tag> },
            {
              title: t('users.grantScope'),
              dataIndex: 'scopeKind',
              render: (_: unknown, g) => (
                <span>
                  {t(`scope.${g.scopeKind}`)}
                  {g.scopeKind === 'units' && g.unitIds.length ? (
                    <>
                      :<UnitNames ids={g.unitIds} />
                    </>
                  ) : null}
                </span>
              ),
            },
          ]}
        />
      </>
    );
  }

  return (
    <Drawer open={userId !== null} onClose={onClose} title={user ? user.displayName : t('users.detailTitle')} size={screens.md ? 560 : '100%'}>
      {body}
      <UserFormModal
        target={editing}
        onClose={() => setEditing(null)}
        onSaved={(saved) => {
          setEditing(null);
          message.success(t('users.updated', { name: saved.displayName }));
          changed();
        }}
      />
      <ResetPasswordModal
        user={resetting && user ? user : null}
        onClose={() => setResetting(false)}
        onDone={() => {
          setResetting(false);
          message.success(t('users.resetDone', { name: user?.displayName ?? '' }));
          changed();
        }}
      />
    </Drawer>
  );
}
