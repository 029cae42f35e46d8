import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const HOST = `http://127.0.0.1:${process.env.JIFEN_PORT ?? 4173}`;

const SERVER = process.env.JIFEN_SERVER_URL ?? 'http://127.0.0.1:8470';

// The township console (`vite build --mode console`): its own root and output, served by
// the township server at /console/ (decision 0600). `npx vite --mode console` proxies
// its API to a running server (JIFEN_SERVER_URL; SameSite cookies need the same site).
const consoleConfig = defineConfig({
  root: 'server/console',
  base: '/console/',
  plugins: [react()],
  server: { proxy: { '/console/api': { target: SERVER, changeOrigin: true, secure: false } } },
  build: {
    outDir: '../../dist/console',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    chunkSizeWarningLimit: 1024,
  },
});

// The renderer is served from the browser host's fixed port, or from disk in Electron
// (relative asset paths, hence base './'). Dev server: run the host for the API.
const rendererConfig = defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  // `npx vite` for hot reload beside a running browser host (npm start): API and events
  // go to the host, presented with the host's own origin so its Origin check passes.
  server: {
    proxy: {
      '/api': { target: HOST, changeOrigin: true, headers: { origin: HOST } },
      '/events': {
        target: HOST.replace(/^http/, 'ws'),
        ws: true,
        changeOrigin: true,
        headers: { origin: HOST },
      },
    },
  },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    // One bundle for an offline till: React, i18next, Dexie and zod's error types.
    chunkSizeWarningLimit: 1024,
  },
});

export default defineConfig(({ mode }) => (mode === 'console' ? consoleConfig : rendererConfig));
