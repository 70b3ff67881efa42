import { Spin } from 'antd';
import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { createBrowserRouter, Outlet, type RouteObject } from 'react-router-dom';
import { AuthProvider } from './features/auth/AuthProvider.tsx';
import { RequireAuth, RequireRole } from './features/auth/RequireAuth.tsx';
import { NAV } from './navigation.tsx';
import { LoginPage } from './pages/LoginPage.tsx';

// The login page is all a first visit loads; the signed-in frame (menu, header, notifications) and
// every screen come in their own chunks when first needed.
const AppLayout = lazy(() => import('./components/AppLayout.tsx').then((m) => ({ default: m.AppLayout })));
const ChangePasswordPage = lazy(() => import('./pages/ChangePasswordPage.tsx').then((m) => ({ default: m.ChangePasswordPage })));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage.tsx').then((m) => ({ default: m.NotFoundPage })));

function Page({ page: Component }: { page: LazyExoticComponent<ComponentType> }) {
  return (
    <Suspense fallback={<Spin className="page-spin" />}>
      <Component />
    </Suspense>
  );
}

const screens: RouteObject[] = NAV.flatMap((entry) => {
  const element = (
    <RequireRole roles={entry.roles}>
      <Page page={entry.page} />
    </RequireRole>
  );
  return [{ path: entry.path, element }, ...(entry.childPaths ?? []).map((child) => ({ path: `${entry.path}/${child}`, element }))];
});

/** Every address of the web app; signed-in screens are built from the menu registry (navigation.tsx). */
export const router = createBrowserRouter([
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
