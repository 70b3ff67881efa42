import { Spin } from 'antd';
import { Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { createBrowserRouter, Outlet, type RouteObject } from 'react-router-dom';
import { AppLayout } from './components/AppLayout.tsx';
import { AuthProvider } from './features/auth/AuthProvider.tsx';
import { RequireAuth, RequireRole } from './features/auth/RequireAuth.tsx';
import { NAV } from './navigation.tsx';
import { ChangePasswordPage } from './pages/ChangePasswordPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';

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
            <ChangePasswordPage />
          </RequireAuth>
        ),
      },
      {
        element: (
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        ),
        children: [...screens, { path: '*', element: <NotFoundPage /> }],
      },
    ],
  },
]);
