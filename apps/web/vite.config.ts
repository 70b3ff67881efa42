import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { zhTwMessages } from './build/zh-tw-plugin.ts';

// `vite` serves the app with /api proxied to a running server (LUOSHI_API, default :3000);
// `vite build` writes dist/, which the server then serves at / with an SPA fallback.
export default defineConfig({
  plugins: [react(), zhTwMessages(fileURLToPath(new URL('./src/i18n/zh-CN.ts', import.meta.url)))],
  server: {
    port: Number(process.env.WEB_PORT ?? 5173),
    proxy: { '/api': { target: process.env.LUOSHI_API ?? 'http://localhost:3000' } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd is one large library that every screen needs; it gets its own long-cached chunk (~1.2 MB raw, ~390 kB gzip).
    chunkSizeWarningLimit: 1300,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler)[\\/]/, priority: 2 },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[a-z-]+|dayjs)[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
});
