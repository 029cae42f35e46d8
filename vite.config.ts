import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const HOST = `http://127.0.0.1:${process.env.JIFEN_PORT ?? 4173}`;

// The renderer is served from the browser host's fixed port, or from disk in Electron
// (relative asset paths, hence base './'). Dev server: run the host for the API.
export default defineConfig({
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
