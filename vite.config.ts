import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is served from the browser host's fixed port, or from disk in Electron
// (relative asset paths, hence base './'). Dev server: run the host for the API.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    // One bundle for an offline till: React, i18next, Dexie and zod's error types.
    chunkSizeWarningLimit: 1024,
  },
});
