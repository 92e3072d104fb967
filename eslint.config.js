// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/**
 * The folder boundaries of DESIGN.md, enforced the way VS Code keeps `common/` pure:
 * shared/ runs in every process, so it may import neither electron/ nor renderer/,
 * nor Node built-ins, nor touch the DOM; renderer/ never reaches into electron/.
 * `sharedImports` is what no file of shared/ imports; the layering blocks below repeat it,
 * since a later block's options for a rule replace an earlier block's.
 */
const sharedImports = {
  paths: [
    ...nodeBuiltins.map((name) => ({ name, message: 'shared/ runs in every process: no Node built-ins here (put it in electron/host).' })),
    { name: 'electron', message: 'shared/ must not import electron.' },
    { name: 'react', message: 'shared/ must not import React.' },
  ],
  patterns: [
    { group: ['**/electron/**', '**/electron', '**/renderer/**', '**/renderer'], message: 'shared/ imports nothing of electron/ or renderer/.' },
  ],
};

const sharedBoundary = {
  files: ['shared/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', sharedImports],
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

/**
 * Inside electron/ and inside shared/, second-level folders form layers, top first; a folder
 * may import the folders of the layers below its own, never a folder of its own layer or
 * above, so no two folders ever import each other (VS Code's layering rule, keyed on folder
 * names). Folders in one inner array are siblings and independent of each other.
 */
const ELECTRON_LAYERS = [
  // The two entry points: the desktop app's main process and `nnd`. Both wire host services.
  ['cli', 'main'],
  // The sandboxed preload declares the IPC channel names it exposes; main speaks them.
  ['preload'],
  // Electron-free services, one per job (projects, run history, training sessions, inference, exports, datasets).
  ['host'],
  // The PyTorch engine's worker reuses the tfjs worker's backend choice and parent channel.
  ['pytorch'],
  // The tfjs training worker process.
  ['worker'],
  // Test helpers that run a PyTorch reference script.
  ['torch'],
  // What host, worker and pytorch share: project files, datasets and model files on disk.
  ['node'],
];

/**
 * Why this order: a Transformer block is an edit of a document (blocks → graph); the training
 * loop compiles a document and runs it (training → graph, compile, model-json); the exporters
 * read a compiled graph and write code with codegen's helpers (export → compile, layers,
 * codegen); compiling traces a document over the layer kinds (compile → graph → layers); a
 * document's schema owns its training settings (graph/training-config.ts), so training can
 * import graph; a layer kind's PyTorch and Keras faces write code with codegen (layers/kinds →
 * codegen); datasets and RPC know nothing of models.
 */
const SHARED_LAYERS = [
  ['blocks'],
  ['training'],
  ['export', 'model-json'],
  ['compile'],
  ['graph'],
  ['layers'],
  ['codegen'],
  ['data', 'rpc'],
];

const MAX_FOLDER_DEPTH = 6;
const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `no-restricted-imports` blocks for one tree (`electron` or `shared`): for each folder, the
 * siblings of its layer and every folder above are off limits, each with a message saying
 * the direction. Specifiers are matched exactly for each depth of the importing file, since
 * `../graph` means shared/graph from shared/training/x.ts but shared/layers/graph from
 * shared/layers/kinds/x.ts. `base` is the tree's own rule options (shared/'s purity), which a
 * later block would otherwise replace.
 */
function layeringBlocks(tree, layers, base = { paths: [], patterns: [] }) {
  return layers.flatMap((layer, rank) =>
    layer.flatMap((folder) => {
      const forbidden = [
        ...layers.slice(0, rank).flat().map((other) => ({
          other,
          message: `${tree}/${folder} sits below ${tree}/${other} in the layers of eslint.config.js: imports point down, so move what both need into a folder below ${tree}/${folder}.`,
        })),
        ...layer.filter((other) => other !== folder).map((other) => ({
          other,
          message: `${tree}/${folder} and ${tree}/${other} are siblings in one layer of eslint.config.js: neither imports the other, so move what both need into a folder below them.`,
        })),
      ];
      return Array.from({ length: MAX_FOLDER_DEPTH }, (_, depth) => {
        const up = (n) => `(\\.\\./){${n}}`;
        const patterns = forbidden.map(({ other, message }) => ({
          regex: `^(${up(depth + 1)}|${up(depth + 2)}${escapeRegex(tree)}/)${escapeRegex(other)}(/|$)`,
          message,
        }));
        if (tree === 'shared')
          patterns.push({
            regex: `^${up(depth + 1)}host-api$`,
            message: 'shared/host-api.ts is the contract over all of shared/: no folder inside shared/ imports it.',
          });
        return {
          files: [`${tree}/${folder}/${'*/'.repeat(depth)}*.{ts,tsx,mts,js,mjs}`],
          rules: { 'no-restricted-imports': ['error', { paths: base.paths, patterns: [...base.patterns, ...patterns] }] },
        };
      });
    }),
  );
}

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
  ...layeringBlocks('electron', ELECTRON_LAYERS),
  ...layeringBlocks('shared', SHARED_LAYERS, sharedImports),
  // The host's services stay small: one job each, no function longer than a screenful or two.
  {
    files: ['electron/host/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 150, skipBlankLines: true, skipComments: true }] },
  },
  // No import cycle among source files at all (type-only imports aside: they vanish when compiled).
  {
    files: ['**/*.{ts,tsx,mts,js,mjs}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.mts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.mts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.json'] })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
);
