import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router-dom';
import { I18nProvider, loadLanguage, storedLanguage } from './i18n/I18nProvider.tsx';
import { cspNonce, nonceCreatedStyles } from './lib/csp.ts';
import { createQueryClient } from './lib/query.ts';
import { preloadAddress, router } from './routes.tsx';
import 'antd/dist/antd.css';
import './styles.css';

nonceCreatedStyles(cspNonce());
preloadAddress(window.location.pathname, window.location.search);
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// The chosen language's catalogue first (already here for zh-CN); if it cannot be fetched, zh-CN.
void loadLanguage(storedLanguage())
  .catch(() => undefined)
  .then(() =>
    createRoot(root).render(
      <StrictMode>
        <QueryClientProvider client={createQueryClient()}>
          <I18nProvider>
            <RouterProvider router={router} />
          </I18nProvider>
        </QueryClientProvider>
      </StrictMode>,
    ),
  );
