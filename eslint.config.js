import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['src/launch/debug-off.cjs', 'dist', 'dist-e2e', 'dist-bench', 'bench/floor', 'node_modules', 'test-results', 'playwright-report', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser, ...globals.node },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // The sandbox, scripts and benchmarks are Node programs that report to a terminal.
    files: ['test/sandbox/**', 'scripts/**', 'bench/**', 'test/e2e/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // The domain is pure: no React, no FHIR, no I/O.
    files: ['src/domain/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['react', 'react-dom', 'fhirclient', '@types/fhir', '../fhir/*', '../features/*', '../app/*'] }],
    },
  },
  {
    // The sandbox plays an outside EHR: it must not share code with the app.
    files: ['test/sandbox/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/src/**'] }] },
  },
);
