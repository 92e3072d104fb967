// Finding (and on first launch fetching) the Electron binary WITHOUT `require('electron')`:
// that call downloads on its own, printing "Downloading Electron binary..." and a stack trace
// when it cannot, which is not what a person typing `npm start` should see.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The executable the `electron` package would start, or null when its binary is not downloaded yet. */
export function installedElectronBinary(electronPackageDir) {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const overridden = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, readPathFile(electronPackageDir) ?? 'electron');
    return existsSync(overridden) ? overridden : null;
  }
  const relative = readPathFile(electronPackageDir);
  if (!relative) return null;
  const binary = path.join(electronPackageDir, 'dist', relative);
  return existsSync(binary) ? binary : null;
}

function readPathFile(electronPackageDir) {
  try {
    return readFileSync(path.join(electronPackageDir, 'path.txt'), 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/**
 * Runs the `electron` package's own installer with its output captured. Resolves with
 * `{ binary }` once downloaded, or `{ reason }` (one short phrase) when it failed or took
 * longer than `timeoutMs`. `onSlow` is called once if the download is still going after
 * `slowAfterMs`, so a long first download is announced rather than silent.
 */
export function downloadElectron(electronPackageDir, { timeoutMs = 10 * 60_000, slowAfterMs = 3000, onSlow = () => {} } = {}) {
  const installer = path.join(electronPackageDir, 'install.js');
  if (!existsSync(installer)) return Promise.resolve({ reason: 'the electron package is not installed (run npm install)' });
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [installer], { cwd: electronPackageDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk) => {
      output = (output + chunk).slice(-4000);
    };
    child.stdout.setEncoding('utf8').on('data', keep);
    child.stderr.setEncoding('utf8').on('data', keep);
    const slow = setTimeout(onSlow, slowAfterMs);
    const timeout = setTimeout(() => {
      child.kill('SIGKILL');
      finish({ reason: `its download did not finish within ${Math.round(timeoutMs / 1000)} s` });
    }, timeoutMs);
    let done = false;
    function finish(result) {
      if (done) return;
      done = true;
      clearTimeout(slow);
      clearTimeout(timeout);
      resolve(result);
    }
    child.on('error', (err) => finish({ reason: err.message }));
    child.on('close', (code) => {
      const binary = installedElectronBinary(electronPackageDir);
      if (code === 0 && binary) finish({ binary });
      else finish({ reason: `its download failed: ${firstErrorLine(output) ?? `exit code ${code}`}` });
    });
  });
}

/** `TypeError: fetch failed` out of a stack trace: the line that says what went wrong. */
function firstErrorLine(output) {
  return output
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line && !line.startsWith('at '));
}
