import { Tag, Tooltip } from 'antd';
import type { User } from '../../api/types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatDateTime } from '../../lib/format.ts';

/** An account's state in tags: 启用/停用, 已锁定 (until when), 待改密. */
export function UserStatusTags({ user }: { user: User }) {
  const { t } = useI18n();
  return (
    <>
      {user.active ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>}
      {user.locked ? (
        <Tooltip title={user.lockedUntil ? t('users.lockedUntil', { time: formatDateTime(user.lockedUntil) }) : undefined}>
          <Tag color="red">{t('users.locked')}</Tag>
        </Tooltip>
      ) : null}
      {user.mustChangePassword ? <Tag color="orange">{t('users.mustChange')}</Tag> : null}
    </>
  );
}
