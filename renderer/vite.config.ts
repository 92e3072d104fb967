import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Built with `vite build renderer` from the repository root, so `root` is this folder and
 * the output lands in renderer/dist, which `nnd serve` and the Electron window load.
 * Two pages: the editor, and the GPU worker (a hidden window in the desktop app, a tab in
 * browser mode) that trains on WebGPU or WebGL.
 */
export default defineConfig({
  plugins: [react()],
  // Relative asset URLs: the same build is served over http:// in browser mode and loaded from file:// in Electron.
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The editor's budget at start (scripts/house/editor-bundle.test.ts). Chunks loaded on first
    // use (elkjs ~1.4 MB) and the GPU worker's tfjs sit under it but over Vite's 500 kB default.
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('./index.html', import.meta.url)),
        gpuWorker: fileURLToPath(new URL('./gpu-worker.html', import.meta.url)),
      },
    },
  },
  server: { host: '127.0.0.1' },
});
