import { ArrowRightOutlined } from '@ant-design/icons';
import { Card, Col, Descriptions, Row, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { RecentAuditList } from '../features/audit/RecentAuditList.tsx';
import { useMe } from '../features/auth/AuthProvider.tsx';
import { HomeCounts } from '../features/home/HomeCounts.tsx';
import { UnitCountStat } from '../features/org/UnitCountStat.tsx';
import { UserCountStat } from '../features/users/UserCountStat.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { useScopeText } from '../lib/use-scope-text.ts';
import type { MessageKey } from '../i18n/zh-CN.ts';
import { navFor } from '../navigation.tsx';
import { ProjectToDoCard } from '../features/projects/ProjectToDoCard.tsx';
import { CampaignToDoCard } from '../features/campaigns/CampaignToDoCard.tsx';
import { AssessmentTodoCard } from '../features/rhythm/assessment/AssessmentTodoCard.tsx';
import { RhythmDueCard } from '../features/rhythm/RhythmDueCard.tsx';
import { SuggestionToDoCard } from '../features/suggestions/SuggestionToDoCard.tsx';

function greetingKey(hour: number): MessageKey {
  if (hour < 11) return 'home.morning';
  if (hour < 13) return 'home.noon';
  if (hour < 18) return 'home.afternoon';
  return 'home.evening';
}

/**
 * The home page, where the day starts: the counts of what waits for each of my roles (each a link
 * to its list), then who I am, where I sit, what I may see, and the screens I can open.
 */
export default function HomePage() {
  const { t } = useI18n();
  const me = useMe();
  const scope = useScopeText()(me.scopeDescription);
  const links = navFor(me.roles).filter((e) => e.path !== '/');
  const isAdmin = me.roles.includes('admin');
  const readsUsers = me.roles.some((r) => r === 'admin' || r === 'supervisor' || r === 'leader');

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="home-greeting">
          {t('home.greeting', { time: t(greetingKey(new Date().getHours())), name: me.user.displayName })}
        </Typography.Title>
        <Typography.Text type="secondary">
          {me.user.orgUnit.name === me.tenant.name ? me.tenant.name : t('home.subtitle', { tenant: me.tenant.name, unit: me.user.orgUnit.name })}
        </Typography.Text>
      </Card>

      {me.roles.some((r) => r === 'supervisor' || r === 'leader' || r === 'liaison' || r === 'deputy') ? <HomeCounts /> : null}

      <Row gutter={[16, 16]}>
        {/* On phones the quick links come first; on wide screens they sit on the right. */}
        <Col xs={{ span: 24, order: 2 }} xl={{ span: 14, order: 1 }}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('home.myAccount')}>
              <Descriptions
                column={1}
                size="small"
                styles={{ label: { width: 96 } }}
                items={[
                  { key: 'username', label: t('home.username'), children: me.user.username },
                  { key: 'unit', label: t('home.unit'), children: <Link to={`/org/${me.user.orgUnit.id}`}>{me.user.orgUnit.name}</Link> },
                  {
                    key: 'roles',
                    label: t('home.roles'),
                    children: me.roles.length ? me.roles.map((r) => <Tag key={r} color="blue">{t(`role.${r}`)}</Tag>) : t('common.none'),
                  },
                  { key: 'scope', label: t('home.scope'), children: <span data-testid="home-scope">{scope}</span> },
                  {
                    key: 'grants',
                    label: t('home.grants'),
                    children: me.grants.length ? (
                      <Space size={[4, 4]} wrap>
                        {me.grants.map((g, i) => (
                          <Tag key={i}>
                            {t(`role.${g.role}`)} · {t(`scope.${g.scopeKind}`)}
                            {g.scopeKind === 'units' ? `(${g.unitIds.length})` : ''}
                          </Tag>
                        ))}
                      </Space>
                    ) : (
                      t('common.none')
                    ),
                  },
                ]}
              />
            </Card>
            {isAdmin ? <RecentAuditList /> : null}
          </Space>
        </Col>
        <Col xs={{ span: 24, order: 1 }} xl={{ span: 10, order: 2 }}>
          <Row gutter={[16, 16]}>
            <Col xs={12}>
              <UnitCountStat />
            </Col>
            {readsUsers ? (
              <Col xs={12}>
                <UserCountStat />
              </Col>
            ) : null}
            {me.roles.some((r) => r === 'supervisor' || r === 'leader' || r === 'liaison') ? (
              <Col span={24}>
                <ProjectToDoCard />
              </Col>
            ) : null}
            {me.roles.some((r) => r === 'supervisor' || r === 'leader' || r === 'liaison') ? (
              <Col span={24}>
                <CampaignToDoCard />
              </Col>
            ) : null}
            {me.roles.some((r) => r === 'liaison' || r === 'deputy') ? (
              <Col span={24}>
                <SuggestionToDoCard />
              </Col>
            ) : null}
            {me.roles.includes('supervisor') ? (
              <Col span={24}>
                <RhythmDueCard />
              </Col>
            ) : null}
            {me.roles.some((r) => r === 'supervisor' || r === 'liaison') ? (
              <Col span={24}>
                <AssessmentTodoCard />
              </Col>
            ) : null}
            <Col span={24}>
              <Card title={t('home.quickLinks')} size="small">
                <Space orientation="vertical" style={{ width: '100%' }} size={4}>
                  {links.map((entry) => (
                    <Link key={entry.path} to={entry.path} className="quick-link">
                      <span className="quick-link-icon">{entry.icon}</span>
                      <span className="quick-link-text">
                        <strong>{t(entry.labelKey)}</strong>
                        {entry.descriptionKey ? <span>{entry.path === '/org' && isAdmin ? t('home.link.orgAdmin') : t(entry.descriptionKey, { scope })}</span> : null}
                      </span>
                      <ArrowRightOutlined />
                    </Link>
                  ))}
                </Space>
              </Card>
            </Col>
          </Row>
        </Col>
      </Row>
    </Space>
  );
}
