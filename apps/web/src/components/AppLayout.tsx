import { LogoutOutlined, MenuOutlined, SettingOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, App, Avatar, Button, Drawer, Dropdown, Layout, Menu, Typography, type MenuProps } from 'antd';
import { useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useAuth, useMe } from '../features/auth/AuthProvider.tsx';
import { NotificationBell } from '../features/notifications/NotificationBell.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { navEntryOf, navFor } from '../navigation.tsx';
import { BrandMark } from './BrandMark.tsx';
import { useScopeText } from '../lib/use-scope-text.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { useScreens } from '../lib/use-screens.ts';

/**
 * The signed-in frame: side menu (a drawer on narrow screens), a header with who is signed in,
 * their unit, roles and data scope, the language switch and logout, and the demo-data banner.
 */
export function AppLayout() {
  const { t, language } = useI18n();
  const me = useMe();
  const { signOut } = useAuth();
  const { modal, message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = useScreens();
  const narrow = !screens.lg;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const scope = useScopeText()(me.scopeDescription);

  const roleText = me.roles.map((r) => t(`role.${r}`)).join(language === 'en' ? ', ' : '、') || t('common.none');
  const current = navEntryOf(location.pathname)?.path ?? '';
  const items: MenuProps['items'] = navFor(me.roles).map((entry) => ({ key: entry.path, icon: entry.icon, label: t(entry.labelKey) }));
  const menu = (
    <Menu
      theme="dark"
      mode="inline"
      selectedKeys={[current]}
      items={items}
      onClick={({ key }) => {
        setDrawerOpen(false);
        navigate(key);
      }}
    />
  );

  const confirmLogout = () =>
    modal.confirm({
      title: t('header.logoutConfirm'),
      okText: t('header.logout'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        await signOut();
        message.success(t('header.logoutDone'));
        navigate('/login', { replace: true });
      },
    });

  const userMenu: MenuProps['items'] = [
    {
      key: 'who',
      disabled: true,
      label: (
        <div style={{ maxWidth: 280, whiteSpace: 'normal', color: 'rgba(0,0,0,0.75)' }}>
          <div style={{ fontWeight: 600 }}>{me.user.displayName}</div>
          <div>{t('common.labelled', { label: t('header.unit'), value: me.user.orgUnit.name })}</div>
          <div>{t('common.labelled', { label: t('header.roles'), value: roleText })}</div>
          <div>{t('common.labelled', { label: t('header.scope'), value: scope })}</div>
        </div>
      ),
    },
    { type: 'divider' },
    { key: 'profile', icon: <SettingOutlined />, label: t('menu.profile'), onClick: () => navigate('/profile') },
    { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout'), danger: true, onClick: confirmLogout },
  ];

  const brand = (
    <div className="app-brand">
      <BrandMark className="app-brand-mark" />
      <span>
        {t('app.name')} <small>Luoshi</small>
      </span>
    </div>
  );

  return (
    <Layout style={{ minHeight: '100vh' }} className={narrow ? undefined : 'app-shell-with-sider'}>
      {narrow ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={240}
          closable={false}
          styles={{ body: { padding: 0, background: '#001529' } }}
        >
          {brand}
          {menu}
        </Drawer>
      ) : (
        <Layout.Sider width={208} className="app-sider">
          {brand}
          {menu}
        </Layout.Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        <header className="app-header">
          {narrow ? (
            <>
              <Button type="text" icon={<MenuOutlined />} aria-label={t('menu.open')} onClick={() => setDrawerOpen(true)} />
              <span className="app-mobile-brand">{t('app.name')}</span>
            </>
          ) : (
            <Typography.Text type="secondary" ellipsis style={{ minWidth: 0 }}>
              {me.tenant.name}
            </Typography.Text>
          )}
          <div className="app-header-spacer" />
          <LanguageSwitch compact={narrow} />
          <NotificationBell />
          <Dropdown menu={{ items: userMenu }} trigger={['click']} placement="bottomRight">
            <div className="app-header-user" data-testid="user-menu" role="button" tabIndex={0}>
              <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1f5fbf', flex: 'none' }} />
              {narrow ? null : (
                <div className="app-header-user-text">
                  <span className="name">
                    {me.user.displayName}
                    <Typography.Text type="secondary" style={{ fontWeight: 400, marginLeft: 8 }}>
                      {me.user.orgUnit.name}
                    </Typography.Text>
                  </span>
                  <span className="meta" title={scope}>
                    {roleText} · {t('common.labelled', { label: t('header.scope'), value: scope })}
                  </span>
                </div>
              )}
            </div>
          </Dropdown>
          {narrow ? null : (
            <Button type="text" icon={<LogoutOutlined />} onClick={confirmLogout}>
              {t('header.logout')}
            </Button>
          )}
        </header>
        <Layout.Content className="app-content">
          {me.tenant.isDemo ? <Alert className="app-banner" type="warning" showIcon banner title={t('app.demoBanner')} data-testid="demo-banner" /> : null}
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
