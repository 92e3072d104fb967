import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { installedElectronBinary } from '../../scripts/electron-binary.mjs';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const electronInstalled = (installedElectronBinary as (dir: string) => string | null)(path.join(repoRoot, 'node_modules', 'electron')) !== null;
if (electronInstalled) console.log('npm start fallback test skipped: the Electron binary is installed here, so npm start opens the desktop app');

/** Runs `npm start` (scripts/start.mjs) until browser mode says where it listens, and returns what it printed. */
function startUntilServing(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'scripts', 'start.mjs'), '--no-open', '--port', '0'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NND_CONFIG_DIR: path.join(repoRoot, 'out', 'test-config-start') },
    });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`npm start did not reach browser mode in time; it printed:\n${output}`));
    }, 150_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (/is running at http:\/\/127\.0\.0\.1:\d+\//.test(output)) {
        clearTimeout(timer);
        child.kill('SIGTERM');
        resolve(output);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('error', reject);
  });
}

describe.skipIf(electronInstalled)('npm start without the Electron binary', () => {
  it('explains in one line, without the electron package download noise, and opens browser mode', { timeout: 160_000 }, async () => {
    const output = await startUntilServing();
    const lines = output.trim().split('\n');
    expect(lines[0]).toMatch(/^Electron is not installed on this machine \(.+\) — opening NN Designer in your browser instead$/);
    expect(output).not.toContain('Downloading Electron binary');
    expect(output).not.toMatch(/^\s+at /m);
    expect(lines.filter((l) => /electron/i.test(l))).toHaveLength(1);
  });
});
