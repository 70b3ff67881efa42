import { Card, Col, Descriptions, Row, Space, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { useScopeText } from '../lib/use-scope-text.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { useAuth, useMe } from '../features/auth/AuthProvider.tsx';
import { ChangePasswordForm } from '../features/auth/ChangePasswordForm.tsx';
import { UnitNames } from '../features/org/UnitNames.tsx';
import { NotifySettingsCard } from '../features/notifications/NotifySettingsCard.tsx';
import { TokensCard } from '../features/tokens/TokensCard.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';

/** 个人设置: my profile and data scope, change my password, how I get messages, my API tokens. */
export default function ProfilePage() {
  const { t } = useI18n();
  const scope = useScopeText();
  const me = useMe();
  const { refresh } = useAuth();
  return (
    <>
      <PageHeader title={t('profile.title')} />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={14}>
            <Card title={t('profile.info')} style={{ height: '100%' }}>
              <Descriptions
                column={1}
                size="small"
                items={[
                  { key: 'name', label: t('users.displayName'), children: me.user.displayName },
                  { key: 'username', label: t('users.username'), children: me.user.username },
                  { key: 'phone', label: t('users.phone'), children: me.user.phone || '—' },
                  { key: 'unit', label: t('users.unit'), children: <Link to={`/org/${me.user.orgUnit.id}`}>{me.user.orgUnit.name}</Link> },
                  { key: 'roles', label: t('users.roles'), children: me.roles.length ? me.roles.map((r) => <Tag key={r} color="blue">{t(`role.${r}`)}</Tag>) : t('common.none') },
                  { key: 'scope', label: t('header.scope'), children: <strong data-testid="profile-scope">{scope(me.scopeDescription)}</strong> },
                  {
                    key: 'grants',
                    label: t('profile.grantsTitle'),
                    children: me.grants.length ? (
                      <Space orientation="vertical" size={2}>
                        {me.grants.map((g, i) => (
                          <span key={i}>
                            {t(`role.${g.role}`)} · {t(`scope.${g.scopeKind}`)}
                            {g.scopeKind === 'units' && g.unitIds.length ? (
                              <>
                                :<UnitNames ids={g.unitIds} />
                              </>
                            ) : null}
                          </span>
                        ))}
                      </Space>
                    ) : (
                      t('common.none')
                    ),
                  },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} xl={10}>
            <Card title={t('password.change')} style={{ height: '100%' }}>
              <ChangePasswordForm onDone={() => refresh().then(() => undefined)} />
            </Card>
          </Col>
        </Row>
        <NotifySettingsCard />
        <TokensCard />
      </Space>
    </>
  );
}
