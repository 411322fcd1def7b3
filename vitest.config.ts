import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    pool: 'threads',
    // Vitest's default is one worker fewer than the cores: one worker on a two-core machine, which
    // left a core idle (1690 tests: 174 s with one worker, 107 s with two).
    maxWorkers: 2,
    setupFiles: ['test/setup/vitest.setup.ts'],
    testTimeout: 20000,
  },
});
