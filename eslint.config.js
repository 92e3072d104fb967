// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/**
 * The folder boundaries of DESIGN.md, enforced the way VS Code keeps `common/` pure:
 * shared/ runs in every process, so it may import neither electron/ nor renderer/,
 * nor Node built-ins, nor touch the DOM; renderer/ never reaches into electron/.
 */
const sharedBoundary = {
  files: ['shared/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: [
          ...nodeBuiltins.map((name) => ({ name, message: 'shared/ runs in every process: no Node built-ins here (put it in electron/host).' })),
          { name: 'electron', message: 'shared/ must not import electron.' },
          { name: 'react', message: 'shared/ must not import React.' },
        ],
        patterns: [
          { group: ['**/electron/**', '**/electron', '**/renderer/**', '**/renderer'], message: 'shared/ imports nothing of electron/ or renderer/.' },
        ],
      },
    ],
    'no-restricted-globals': [
      'error',
      ...['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'HTMLElement', 'fetch', 'XMLHttpRequest'].map((name) => ({
        name,
        message: 'shared/ is DOM-free: pass what you need in as data.',
      })),
      ...['process', 'Buffer', 'require', '__dirname', '__filename', 'global'].map((name) => ({
        name,
        message: 'shared/ is Node-free: pass what you need in as data.',
      })),
    ],
  },
};

const rendererBoundary = {
  files: ['renderer/**/*.{ts,tsx}'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: [{ name: 'electron', message: 'the renderer talks to the host only through HostApi.' }],
        patterns: [{ group: ['**/electron/**', '**/electron'], message: 'renderer/ must not import electron/: use the HostApi in shared/.' }],
      },
    ],
  },
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'renderer/dist/**', 'e2e/screenshots/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-undef': 'off',
    },
  },
  sharedBoundary,
  rendererBoundary,
);
