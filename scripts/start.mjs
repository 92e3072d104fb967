#!/usr/bin/env node
// `npm start`: the desktop app where Electron can run, else the same editor in the browser
// through `nnd serve` (arguments after `npm start --` go to either, e.g. `--project f`).
// Electron 45 downloads its binary on first use rather than at `npm install`; this script
// does that download itself, quietly, so a machine without access to it gets one line of
// explanation instead of a stack trace.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { downloadElectron, installedElectronBinary } from './electron-binary.mjs';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const electronDir = path.join(repoRoot, 'node_modules', 'electron');
const args = process.argv.slice(2);

/** The built desktop entry package.json names as "main", or null with the reason it is not there. */
async function desktopEntry() {
  const { main } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  if (typeof main !== 'string') return { reason: 'package.json names no desktop entry' };
  // From a checkout the bundles are rebuilt on every start (seconds), so they follow the sources.
  const built = await new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'scripts', 'build-desktop.mjs')], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('error', (err) => resolve({ ok: false, output: err.message }));
    child.on('close', (code) => resolve({ ok: code === 0, output }));
  });
  if (built.ok && existsSync(path.join(repoRoot, main))) return { entry: main };
  const lastLine = built.output.trim().split('\n').pop() ?? '';
  return { reason: `the desktop app could not be built (${lastLine || 'npm run build:desktop failed'})` };
}

async function electronBinary() {
  const installed = installedElectronBinary(electronDir);
  if (installed) return { binary: installed };
  if (process.env.NND_NO_ELECTRON_DOWNLOAD) return { reason: 'NND_NO_ELECTRON_DOWNLOAD is set' };
  return downloadElectron(electronDir, {
    onSlow: () => console.log('Downloading Electron for the desktop app (first launch only)…'),
  });
}

const electron = await electronBinary();
const desktop = electron.binary ? await desktopEntry() : null;

if (electron.binary && desktop?.entry) {
  const app = spawn(electron.binary, [repoRoot, ...args], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => app.kill(signal));
  app.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  console.log(
    electron.binary
      ? `Electron is installed but ${desktop.reason} — opening NN Designer in your browser instead`
      : `Electron is not installed on this machine (${electron.reason}) — opening NN Designer in your browser instead`,
  );
  process.argv = [process.argv[0], path.join(repoRoot, 'bin', 'nnd.mjs'), 'serve', ...args];
  await import(new URL('../bin/nnd.mjs', import.meta.url).href);
}
