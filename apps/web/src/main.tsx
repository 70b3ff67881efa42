import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router-dom';
import { I18nProvider, loadLanguage, storedLanguage } from './i18n/I18nProvider.tsx';
import { cspNonce, nonceCreatedStyles } from './lib/csp.ts';
import { createQueryClient } from './lib/query.ts';
import { TipHost } from './components/TipHost.tsx';
import { preloadAddress, router } from './routes.tsx';
import 'antd/dist/antd.css';
import './styles.css';

nonceCreatedStyles(cspNonce());
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// The first render waits for the chosen language's catalogue (already here for zh-CN; if it cannot
// be fetched, zh-CN) and for the chunks of the address being opened, so that it draws the screen
// once rather than a spinner first (index.html shows one meanwhile).
const queries = createQueryClient();
void Promise.all([loadLanguage(storedLanguage()).catch(() => undefined), preloadAddress(queries, window.location.pathname, window.location.search)])
  .then(() =>
    createRoot(root).render(
      <StrictMode>
        <QueryClientProvider client={queries}>
          <I18nProvider>
            <RouterProvider router={router} />
            <TipHost />
          </I18nProvider>
        </QueryClientProvider>
      </StrictMode>,
    ),
  );
