import { ApartmentOutlined, AuditOutlined, BellOutlined, BuildOutlined, BulbOutlined, CommentOutlined, DashboardOutlined, DesktopOutlined, FileProtectOutlined, FlagOutlined, FormOutlined, HomeOutlined, LineChartOutlined, MessageOutlined, ReadOutlined, RiseOutlined, ScheduleOutlined, SendOutlined, SettingOutlined, TeamOutlined } from '@ant-design/icons';
import { LIMITS, type Role } from '@luoshi/shared';
import type { QueryClient } from '@tanstack/react-query';
import { taskCategoriesQuery, taskListQuery } from './features/tasks/tasks.api.ts';
import { parseFilter, parsePage } from './features/tasks/use-task-filter.ts';
import type { ReactNode } from 'react';
import type { MessageKey } from './i18n/zh-CN.ts';
import { lazyPage, type LazyPage } from './lib/lazy-page.ts';

/** One screen of the app: its address, menu entry, who may open it, and the page to show. */
export interface NavEntry {
  path: string;
  /** Further addresses, relative to `path` (e.g. ':id'), served by `childPage` or else the same page. */
  childPaths?: string[];
  labelKey: MessageKey;
  /** What the page is for, shown on the home page's quick links. */
  descriptionKey?: MessageKey;
  icon: ReactNode;
  /** Roles that may open the page; everyone signed in when absent. */
  roles?: readonly Role[];
  page: LazyPage;
  /** The page of `childPaths` when it is not `page` (its own chunk, so the list does not load it). */
  childPage?: LazyPage;
  /**
   * Starts the first reads of `page` (from its address's query) on a first load, alongside its
   * chunk, into the query cache, so that the page's first render has them when they came first.
   */
  prefetch?: (params: URLSearchParams, queries: QueryClient) => void;
}

/**
 * The menu registry: the side menu, the routes and the home page's quick links are all built from
 * this list, so a new module adds its screen here and nowhere else.
 */
export const NAV: readonly NavEntry[] = [
  { path: '/', labelKey: 'menu.home', icon: <HomeOutlined />, page: lazyPage(() => import('./pages/HomePage.tsx')) },
  {
    path: '/workbench',
    labelKey: 'menu.workbench',
    descriptionKey: 'home.link.workbench',
    icon: <DesktopOutlined />,
    roles: ['supervisor', 'leader', 'liaison'],
    page: lazyPage(() => import('./pages/WorkbenchPage.tsx')),
  },
  {
    path: '/tasks',
    childPaths: [':id'],
    labelKey: 'menu.tasks',
    descriptionKey: 'home.link.tasks',
    icon: <FlagOutlined />,
    // Deputies follow work in their scope, read-only, until their own module arrives.
    roles: ['admin', 'supervisor', 'leader', 'liaison', 'deputy', 'viewer'],
    page: lazyPage(() => import('./pages/TaskListPage.tsx')),
    childPage: lazyPage(() => import('./pages/TaskDetailPage.tsx')),
    prefetch: (params, queries) => {
      const { page, pageSize } = parsePage(params, LIMITS.pageSizeDefault);
      void queries.prefetchQuery(taskListQuery(parseFilter(params), page, pageSize));
      void queries.prefetchQuery(taskCategoriesQuery);
    },
  },
  {
    path: '/orders',
    labelKey: 'menu.orders',
    descriptionKey: 'home.link.orders',
    icon: <FileProtectOutlined />,
    roles: ['admin', 'supervisor', 'leader', 'liaison', 'viewer'],
    page: lazyPage(() => import('./pages/OrdersPage.tsx')),
  },
  {
    path: '/campaigns',
    childPaths: [':id', 'activities/:id', 'problems', 'problems/:id'],
    labelKey: 'menu.campaigns',
    descriptionKey: 'home.link.campaigns',
    icon: <BulbOutlined />,
    roles: ['admin', 'supervisor', 'leader', 'liaison', 'deputy', 'viewer'],
    page: lazyPage(() => import('./pages/CampaignsPage.tsx')),
  },
  {
    path: '/projects',
    childPaths: ['dashboard', ':id'],
    labelKey: 'menu.projects',
    descriptionKey: 'home.link.projects',
    icon: <BuildOutlined />,
    roles: ['admin', 'supervisor', 'leader', 'liaison', 'viewer'],
    page: lazyPage(() => import('./pages/ProjectsPage.tsx')),
  },
  {
    path: '/meetings',
    childPaths: [':id'],
    labelKey: 'menu.meetings',
    descriptionKey: 'home.link.meetings',
    icon: <CommentOutlined />,
    roles: ['admin', 'supervisor', 'leader', 'liaison', 'viewer'],
    page: lazyPage(() => import('./pages/MeetingsPage.tsx')),
  },
  {
    path: '/suggestions',
    childPaths: ['stats', ':id'],
    labelKey: 'menu.suggestions',
    descriptionKey: 'home.link.suggestions',
    icon: <MessageOutlined />,
    roles: ['admin', 'supervisor', 'leader', 'liaison', 'deputy', 'viewer'],
    page: lazyPage(() => import('./pages/SuggestionsPage.tsx')),
  },
  {
    path: '/leads',
    childPaths: ['quotas', ':id'],
    labelKey: 'menu.leads',
    descriptionKey: 'home.link.leads',
    icon: <RiseOutlined />,
    roles: ['admin', 'supervisor', 'leader', 'liaison', 'viewer'],
    page: lazyPage(() => import('./pages/LeadsPage.tsx')),
  },
  {
    path: '/indicators',
    childPaths: ['benchmark'],
    labelKey: 'menu.indicators',
    descriptionKey: 'home.link.indicators',
    icon: <LineChartOutlined />,
    roles: ['admin', 'supervisor', 'leader', 'liaison', 'viewer'],
    page: lazyPage(() => import('./pages/IndicatorsPage.tsx')),
  },
  {
    path: '/rhythm',
    childPaths: ['bulletins/:id', 'assessments', 'assessments/:id', 'assessment-schemes', 'assessment-schemes/:id'],
    labelKey: 'menu.rhythm',
    descriptionKey: 'home.link.rhythm',
    icon: <ScheduleOutlined />,
    roles: ['admin', 'supervisor', 'leader', 'liaison', 'viewer'],
    page: lazyPage(() => import('./pages/RhythmPage.tsx')),
  },
  {
    path: '/burden',
    labelKey: 'menu.burden',
    descriptionKey: 'home.link.burden',
    icon: <FormOutlined />,
    roles: ['admin', 'supervisor', 'leader', 'liaison', 'viewer'],
    page: lazyPage(() => import('./pages/BurdenPage.tsx')),
  },
  {
    path: '/directives',
    childPaths: ['new', ':id'],
    labelKey: 'menu.directives',
    descriptionKey: 'home.link.directives',
    icon: <ReadOutlined />,
    roles: ['admin', 'supervisor', 'leader', 'viewer'],
    page: lazyPage(() => import('./pages/DirectivesPage.tsx')),
  },
  {
    path: '/dashboard',
    labelKey: 'menu.dashboard',
    descriptionKey: 'home.link.dashboard',
    icon: <DashboardOutlined />,
    roles: ['admin', 'supervisor', 'leader', 'liaison', 'viewer'],
    page: lazyPage(() => import('./pages/DashboardPage.tsx')),
  },
  {
    path: '/notifications',
    labelKey: 'menu.notifications',
    descriptionKey: 'home.link.notifications',
    icon: <BellOutlined />,
    page: lazyPage(() => import('./pages/NotificationsPage.tsx')),
  },
  {
    path: '/org',
    childPaths: [':id'],
    labelKey: 'menu.org',
    descriptionKey: 'home.link.org',
    icon: <ApartmentOutlined />,
    page: lazyPage(() => import('./pages/OrgPage.tsx')),
  },
  {
    path: '/users',
    labelKey: 'menu.users',
    descriptionKey: 'home.link.users',
    icon: <TeamOutlined />,
    roles: ['admin', 'supervisor', 'leader'],
    page: lazyPage(() => import('./pages/UsersPage.tsx')),
  },
  {
    path: '/audit',
    labelKey: 'menu.audit',
    descriptionKey: 'home.link.audit',
    icon: <AuditOutlined />,
    roles: ['admin'],
    page: lazyPage(() => import('./pages/AuditPage.tsx')),
  },
  {
    path: '/deliveries',
    labelKey: 'menu.deliveries',
    descriptionKey: 'home.link.deliveries',
    icon: <SendOutlined />,
    roles: ['admin'],
    page: lazyPage(() => import('./pages/DeliveriesPage.tsx')),
  },
  {
    path: '/profile',
    labelKey: 'menu.profile',
    descriptionKey: 'home.link.profile',
    icon: <SettingOutlined />,
    page: lazyPage(() => import('./pages/ProfilePage.tsx')),
  },
];

/** The entries a user with these roles may open. */
export function navFor(roles: readonly Role[]): NavEntry[] {
  return NAV.filter((entry) => !entry.roles || entry.roles.some((r) => roles.includes(r)));
}

/** The entry whose page shows this address (longest matching prefix). */
export function navEntryOf(pathname: string): NavEntry | undefined {
  return [...NAV].sort((a, b) => b.path.length - a.path.length).find((e) => (e.path === '/' ? pathname === '/' : pathname === e.path || pathname.startsWith(`${e.path}/`)));
}
