import type { QueryClient } from '@tanstack/react-query';
import { Spin } from 'antd';
import { Suspense } from 'react';
import { createBrowserRouter, matchPath, Outlet, type RouteObject } from 'react-router-dom';
import { prefetch } from './api/client.ts';
import { AuthProvider } from './features/auth/AuthProvider.tsx';
import { RequireAuth, RequireRole } from './features/auth/RequireAuth.tsx';
import { NAV } from './navigation.tsx';
import { lazyPage, type LazyPage } from './lib/lazy-page.ts';
import { LoginPage } from './pages/LoginPage.tsx';

// The login page is all a first visit loads; the signed-in frame (menu, header, notifications) and
// every screen come in their own chunks when first needed.
const AppLayout = lazyPage(() => import('./components/AppLayout.tsx').then((m) => ({ default: m.AppLayout })));
const ChangePasswordPage = lazyPage(() => import('./pages/ChangePasswordPage.tsx').then((m) => ({ default: m.ChangePasswordPage })));
// Pages read without login, outside the signed-in frame and the session check.
const PublicCampaignPage = lazyPage(() => import('./features/campaigns/PublicCampaignPage.tsx').then((m) => ({ default: m.PublicCampaignPage })));
const PublicSuggestionPage = lazyPage(() => import('./features/suggestions/PublicSuggestionPage.tsx').then((m) => ({ default: m.PublicSuggestionPage })));
const NotFoundPage = lazyPage(() => import('./pages/NotFoundPage.tsx').then((m) => ({ default: m.NotFoundPage })));

/**
 * Starts fetching the chunks the address being opened will render — the signed-in frame and the
 * screen — so they arrive while the session is being checked, not one after the other; and with
 * them the session check itself and the screen's first read, if it names one. Nothing is
 * fetched for the login page, which is in the first chunk. Settles when the chunks have arrived
 * (or failed: a failed fetch is left for the render to meet and show, so it is not reported twice),
 * so that the first render can show the screen at once instead of suspending on it.
 */
export function preloadAddress(queries: QueryClient, pathname: string, search = ''): Promise<void> {
  const settled = (pages: (LazyPage | undefined)[]) => Promise.all(pages.map((p) => p?.preload().catch(() => undefined))).then(() => undefined);
  if (matchPath('/login', pathname)) return Promise.resolve();
  for (const [path, page] of [['/public/campaigns/:id', PublicCampaignPage], ['/public/suggestions/:id', PublicSuggestionPage]] as const) {
    if (matchPath(path, pathname)) return settled([page]);
  }
  prefetch('/api/auth/me');
  let page: LazyPage | undefined;
  for (const entry of NAV) {
    if (matchPath(entry.path, pathname)) {
      page = entry.page;
      entry.prefetch?.(new URLSearchParams(search), queries);
    }
    else if ((entry.childPaths ?? []).some((child) => matchPath(`${entry.path}/${child}`, pathname))) page = entry.childPage ?? entry.page;
    if (page) break;
  }
  return settled([AppLayout, page]);
}

function Page({ page: Component }: { page: LazyPage }) {
  return (
    <Suspense fallback={<Spin className="page-spin" />}>
      <Component />
    </Suspense>
  );
}

const screens: RouteObject[] = NAV.flatMap((entry) => {
  const element = (page: LazyPage) => (
    <RequireRole roles={entry.roles}>
      <Page page={page} />
    </RequireRole>
  );
  return [
    { path: entry.path, element: element(entry.page) },
    ...(entry.childPaths ?? []).map((child) => ({ path: `${entry.path}/${child}`, element: element(entry.childPage ?? entry.page) })),
  ];
});

/** Every address of the web app; signed-in screens are built from the menu registry (navigation.tsx). */
export const router = createBrowserRouter([
  { path: '/public/campaigns/:id', element: <Page page={PublicCampaignPage} /> },
  { path: '/public/suggestions/:id', element: <Page page={PublicSuggestionPage} /> },
  {
    element: (
      <AuthProvider>
        <Outlet />
      </AuthProvider>
    ),
    children: [
      { path: '/login', element: <LoginPage /> },
      {
        path: '/change-password',
        element: (
          <RequireAuth pendingPasswordScreen>
            <Page page={ChangePasswordPage} />
          </RequireAuth>
        ),
      },
      {
        element: (
          <RequireAuth>
            <Page page={AppLayout} />
          </RequireAuth>
        ),
        children: [...screens, { path: '*', element: <Page page={NotFoundPage} /> }],
      },
    ],
  },
]);
