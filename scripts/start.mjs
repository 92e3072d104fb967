#!/usr/bin/env node
// `npm start`: the desktop app where Electron is installed, else the same editor in the
// browser through `nnd serve` (arguments after `npm start --` go to it, e.g. `--project f`).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const require = createRequire(import.meta.url);

/** The Electron binary, when the `electron` package and its downloaded binary are both there. */
function electronBinary() {
  try {
    const binary = require('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/** Electron starts the file package.json names as "main"; until the desktop shell exists there is none. */
function desktopEntry() {
  const { main } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  return typeof main === 'string' && existsSync(path.join(repoRoot, main)) ? main : null;
}

const electron = electronBinary();
const entry = desktopEntry();
const args = process.argv.slice(2);

if (electron && entry) {
  const app = spawn(electron, [repoRoot, ...args], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => app.kill(signal));
  app.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  console.log(
    electron
      ? 'Electron is installed but the desktop shell is not built yet — opening NN Designer in your browser instead'
      : 'Electron is not installed on this machine — opening NN Designer in your browser instead',
  );
  process.argv = [process.argv[0], path.join(repoRoot, 'bin', 'nnd.mjs'), 'serve', ...args];
  await import(new URL('../bin/nnd.mjs', import.meta.url).href);
}
