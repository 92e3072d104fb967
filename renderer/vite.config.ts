import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Built with `vite build renderer` from the repository root, so `root` is this folder and
 * the output lands in renderer/dist, which `nnd serve` and the Electron window load.
 */
export default defineConfig({
  plugins: [react()],
  // Relative asset URLs: the same build is served over http:// in browser mode and loaded from file:// in Electron.
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
  },
  server: { host: '127.0.0.1' },
});
