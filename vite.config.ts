import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';

// Two entries: launch.html runs only fhirclient's authorize (no React in that bundle);
// index.html completes the launch and renders the app.
export default defineConfig({
  plugins: [react()],
  base: './',
  build: {
    target: 'es2022',
    sourcemap: true,
    rollupOptions: {
      input: {
        launch: resolve(import.meta.dirname, 'launch.html'),
        index: resolve(import.meta.dirname, 'index.html'),
      },
    },
  },
  server: { port: 5173, strictPort: true, host: 'localhost' },
  preview: { port: 4173, strictPort: true, host: 'localhost' },
});
