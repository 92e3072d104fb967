import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { installedElectronBinary } from '../scripts/electron-binary.mjs';
import { REPO_ROOT, temporaryFolder } from './harness';

const binary = (installedElectronBinary as (dir: string) => string | null)(path.join(REPO_ROOT, 'node_modules', 'electron'));
if (!binary)
  console.log(
    'Electron desktop smoke test skipped: the Electron binary is not installed here (node_modules/electron has no downloaded dist/; `npm start` downloads it on a machine with network access)',
  );

/** The desktop app itself, driven by Playwright's Electron support: launch, open an example, train one epoch, quit. */
describe.skipIf(!binary)('the desktop app (Electron)', () => {
  it('launches, opens an example, trains an epoch and quits', { timeout: 240_000 }, async () => {
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build-desktop.mjs')], { cwd: REPO_ROOT, stdio: 'pipe' });
    const config = await temporaryFolder('nnd-electron-config-');
    const app = await electron.launch({
      executablePath: binary!,
      args: [REPO_ROOT, ...(process.platform === 'linux' ? ['--no-sandbox'] : [])],
      env: { ...process.env, NND_CONFIG_DIR: config.dir },
    });
    try {
      const window = await app.firstWindow();
      expect(await window.title()).toContain('NN Designer');
      // Only the HostApi reaches the page: no Node, no ipcRenderer.
      expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await window.evaluate(() => Object.keys((globalThis as unknown as { nndHost: object }).nndHost).length)).toBeGreaterThan(10);

      await window.click('[data-testid="template-card"][data-template="mlp-xor.nnd.json"]');
      await window.waitForSelector('[data-testid="layer-node"]');
      await window.keyboard.press(process.platform === 'darwin' ? 'Meta+T' : 'Control+T');
      await window.click('[data-testid="train-button"]');
      await window.waitForFunction(`Number(document.querySelector('[data-testid="progress"]')?.getAttribute('data-epoch') ?? 0) >= 1`, null, { timeout: 120_000 });
      const stop = await window.$('[data-testid="stop-button"]:not([disabled])');
      await stop?.click();
    } finally {
      await app.close();
      await config.remove();
    }
  });
});
