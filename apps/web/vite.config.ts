import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { precompress } from './build/precompress-plugin.ts';
import { zhTwMessages } from './build/zh-tw-plugin.ts';

// `vite` serves the app with /api proxied to a running server (LUOSHI_API, default :3000);
// `vite build` writes dist/, which the server then serves at / with an SPA fallback.
export default defineConfig({
  plugins: [react(), zhTwMessages(fileURLToPath(new URL('./src/i18n/zh-CN.ts', import.meta.url))), precompress()],
  server: {
    port: Number(process.env.WEB_PORT ?? 5173),
    proxy: { '/api': { target: process.env.LUOSHI_API ?? 'http://localhost:3000' } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The largest chunk is ECharts (~560 kB raw), fetched only when the dashboard first draws a chart.
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // React and the router change rarely: one long-cached chunk. Every other package the first
          // page (the entry's static imports) needs is one `vendor` chunk, fetched as one file instead
          // of two dozen small ones; the rest of antd is split by screen, so the login page loads only
          // what it uses.
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler)[\\/]/, priority: 3 },
            { name: 'vendor', test: /node_modules/, tags: ['$initial'], priority: 2 },
          ],
        },
      },
    },
  },
});
