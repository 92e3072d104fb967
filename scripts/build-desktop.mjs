#!/usr/bin/env node
// `npm run build:desktop`: bundles the desktop app's four entries into out/desktop/ — the
// main process (ESM), the sandboxed preload (CommonJS, everything but `electron` inlined,
// since a sandboxed preload can require nothing else), the training worker and the PyTorch
// engine's worker (ESM; electron/main/bundle-layout.ts names the four files). npm
// packages stay outside the main and worker bundles and ship in node_modules, so tfjs finds
// its wasm files beside it. Builds the renderer page first when it is missing (or always with
// --renderer; never with --no-renderer). `--out-dir <dir>` writes the bundles elsewhere (the
// packaging test builds into a scratch folder). Prints one line per step.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const outDirArgument = process.argv.indexOf('--out-dir');
const outDir = outDirArgument > 0 ? path.resolve(process.argv[outDirArgument + 1]) : path.join(repoRoot, 'out', 'desktop');
const at = (...parts) => path.join(repoRoot, ...parts);

/** Newest modification time of the files under `dir` (0 when it does not exist). */
function newestChange(dir) {
  if (!existsSync(dir)) return 0;
  const info = statSync(dir);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(info.mtimeMs, ...readdirSync(dir).map((name) => newestChange(path.join(dir, name))));
}

/** Why the page must be built: asked for, never built, or its sources (or shared/) changed since. */
function rendererBuildReason() {
  // The bundle test needs the three entries only, and must not rebuild a page an e2e test is serving.
  if (process.argv.includes('--no-renderer')) return null;
  if (process.argv.includes('--renderer')) return 'asked for';
  const built = at('renderer', 'dist', 'index.html');
  if (!existsSync(built)) return 'not built yet';
  const sources = Math.max(newestChange(at('renderer', 'src')), newestChange(at('renderer', 'index.html')), newestChange(at('renderer', 'gpu-worker.html')), newestChange(at('shared')));
  return sources > statSync(built).mtimeMs ? 'its sources changed' : null;
}

const reason = rendererBuildReason();
if (reason) {
  console.log(`building the renderer page (${reason})…`);
  const vite = spawnSync(process.execPath, [at('node_modules', 'vite', 'bin', 'vite.js'), 'build', 'renderer'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  if (vite.status !== 0) {
    console.error('the renderer page did not build (see above)');
    process.exit(1);
  }
}

// Electron 45 runs Node 22.
const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: 'linked', logLevel: 'warning', absWorkingDir: repoRoot };
await Promise.all([
  build({ ...common, entryPoints: [at('electron', 'main', 'main.ts')], outfile: path.join(outDir, 'main.mjs'), format: 'esm', packages: 'external' }),
  // A preload runs in the page's renderer process: browser builds of its dependencies.
  build({ ...common, platform: 'browser', target: 'chrome140', entryPoints: [at('electron', 'preload', 'preload.ts')], outfile: path.join(outDir, 'preload.cjs'), format: 'cjs', external: ['electron'] }),
  build({ ...common, platform: 'browser', target: 'chrome140', entryPoints: [at('electron', 'preload', 'gpu-worker-preload.ts')], outfile: path.join(outDir, 'gpu-worker-preload.cjs'), format: 'cjs', external: ['electron'] }),
  build({ ...common, entryPoints: [at('electron', 'worker', 'main.ts')], outfile: path.join(outDir, 'worker.mjs'), format: 'esm', packages: 'external' }),
  build({ ...common, entryPoints: [at('electron', 'pytorch', 'worker.ts')], outfile: path.join(outDir, 'pytorch-worker.mjs'), format: 'esm', packages: 'external' }),
]).catch(() => {
  // esbuild has printed the errors with their places.
  console.error('the desktop app did not build (see above)');
  process.exit(1);
});
console.log(`built the desktop app in ${path.relative(repoRoot, outDir)}/ (main.mjs, preload.cjs, gpu-worker-preload.cjs, worker.mjs, pytorch-worker.mjs)`);
