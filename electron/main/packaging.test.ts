import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { THREADED_WASM_FILES } from '../worker/wasm-threads';
import { DESKTOP_BUNDLES, workerEntries } from './bundle-layout';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const CONFIG_FILE = 'build/electron-builder.yml';
const require = createRequire(import.meta.url);

/** electron-builder's own loader and schema validator (app-builder-lib), as `electron-builder` runs them. */
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: object | null): Promise<Record<string, unknown>>;
  validateConfiguration(config: object, debugLogger: { isEnabled: boolean; add(): void }): Promise<void>;
};
const quietLogger = { isEnabled: false, add() {} };
/** What electron-builder leaves out of a dependency it copies into the app, by name and by extension. */
const { excludedNames, excludedExts } = require('app-builder-lib/out/fileMatcher') as { excludedNames: string; excludedExts: string };

type BuilderConfig = {
  appId: string;
  productName: string;
  /** Normalised by the loader into file sets. */
  files: Array<{ filter: string[] }>;
  asarUnpack: string[];
  fileAssociations: Array<{ ext: string }>;
  win: { target: string[] };
  mac: { target: string[]; entitlements: string; entitlementsInherit: string; hardenedRuntime: boolean };
  linux: { target: string[] };
  directories: { buildResources: string };
};

async function loadConfig(): Promise<BuilderConfig> {
  return (await getConfig(repoRoot, path.join(repoRoot, CONFIG_FILE), null)) as unknown as BuilderConfig;
}

describe('the electron-builder configuration', () => {
  it('passes electron-builder’s own schema validation', async () => {
    const config = await loadConfig();
    await expect(validateConfiguration(config, quietLogger)).resolves.toBeUndefined();
  });

  it('is refused by the same validator when broken (the check above can fail)', async () => {
    const config = await loadConfig();
    await expect(validateConfiguration({ ...config, nsis: { oneClick: 'sometimes' } }, quietLogger)).rejects.toThrow(/oneClick/);
    await expect(validateConfiguration({ ...config, win: { targett: ['nsis'] } }, quietLogger)).rejects.toThrow(/configuration\.win should be/);
    await expect(validateConfiguration({ ...config, mac: { ...config.mac, hardenedRuntime: 'yes' } }, quietLogger)).rejects.toThrow(/configuration\.mac\.hardenedRuntime should be a boolean/);
    await expect(validateConfiguration({ ...config, installerFlavour: 'extra' }, quietLogger)).rejects.toThrow(/unknown property 'installerFlavour'/);
  });

  it('builds NSIS, dmg, AppImage and deb with an id, a name, icons and macOS entitlements', async () => {
    const config = await loadConfig();
    expect(config.appId).toBe('org.nndesigner.app');
    expect(config.productName).toBe('NN Designer');
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.fileAssociations.map((a) => a.ext)).toEqual(['nnd.json']);
    expect(config.mac.hardenedRuntime).toBe(true);
    const entitlements = readFileSync(path.join(repoRoot, config.mac.entitlements), 'utf8');
    expect(entitlements).toContain('<key>com.apple.security.cs.allow-jit</key>');
    const icon = PNG.sync.read(readFileSync(path.join(repoRoot, 'build', 'icon.png')));
    // electron-builder needs at least 512×512 for the macOS icon set, 256×256 for Windows.
    expect(Math.min(icon.width, icon.height)).toBeGreaterThanOrEqual(512);
  });

  it('has a working electron-builder command (npx electron-builder --help)', () => {
    const help = execFileSync(process.execPath, [path.join(repoRoot, 'node_modules', 'electron-builder', 'cli.js'), '--help'], { cwd: repoRoot, encoding: 'utf8' });
    expect(help).toMatch(/--config/);
    expect(help).toMatch(/--linux/);
  });

  it('ships the bundles, the page and the examples, with the tfjs wasm binaries unpacked from asar', async () => {
    const config = await loadConfig();
    const packageJson = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };
    expect(config.files.flatMap((set) => set.filter)).toEqual(expect.arrayContaining(['package.json', 'out/desktop/**/*', 'renderer/dist/**/*', 'examples/**/*']));
    expect(packageJson.main.startsWith('out/desktop/')).toBe(true);
    expect(packageJson.scripts.dist).toContain(`electron-builder --config ${CONFIG_FILE}`);
    const wasmDir = 'node_modules/@tensorflow/tfjs-backend-wasm/dist';
    expect(config.asarUnpack).toContain(`${wasmDir}/*.wasm`);
    expect(readdirSync(path.join(repoRoot, wasmDir)).filter((f) => f.endsWith('.wasm')).length).toBeGreaterThan(0);
    expect(existsSync(path.join(repoRoot, 'README.md'))).toBe(true);
  });

  it('ships the files the multi-threaded wasm build loads (NND_WASM_THREADS), its binary unpacked with the others', async () => {
    const config = await loadConfig();
    const wasmPackage = 'node_modules/@tensorflow/tfjs-backend-wasm';
    const names = new Set(excludedNames.split(','));
    const exts = excludedExts.split(',');
    for (const file of Object.values(THREADED_WASM_FILES)) {
      const inApp = `${wasmPackage}/${file}`;
      expect(existsSync(path.join(repoRoot, inApp)), `${inApp} installed`).toBe(true);
      expect(file.split('/').filter((part) => names.has(part)), `${inApp} left out by name`).toEqual([]);
      expect(exts.filter((ext) => file.endsWith(`.${ext}`)), `${inApp} left out by extension`).toEqual([]);
    }
    // The npm dependency files ship with the app (electron-builder adds them); the binary sits where asarUnpack takes every .wasm from.
    expect(THREADED_WASM_FILES.binary).toMatch(/^dist\/[^/]+\.wasm$/);
    expect(config.asarUnpack).toContain(`${wasmPackage}/dist/*.wasm`);
    expect(JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).dependencies).toHaveProperty('@tensorflow/tfjs-backend-wasm');
  });

  it('builds every bundle the app starts — the tfjs and the PyTorch workers too — where the main process looks and the installers ship', { timeout: 120_000 }, async () => {
    const config = await loadConfig();
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'nnd-bundles-'));
    try {
      execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-desktop.mjs'), '--no-renderer', '--out-dir', scratch], { cwd: repoRoot, stdio: 'pipe' });
      const built = readdirSync(scratch);
      for (const file of Object.values(DESKTOP_BUNDLES)) expect(built, `${file} in the build output`).toContain(file);
      // The main process starts each engine's worker from out/desktop/ inside the app.
      const entries = workerEntries(path.join('out', 'desktop'));
      expect(entries).toEqual({ tfjs: path.join('out', 'desktop', DESKTOP_BUNDLES.worker), pytorch: path.join('out', 'desktop', DESKTOP_BUNDLES.pytorchWorker) });
      const shipped = config.files.flatMap((set) => set.filter);
      for (const entry of Object.values(entries)) {
        const inPackage = entry.split(path.sep).join('/');
        expect(shipped.some((pattern) => pattern.endsWith('/**/*') && inPackage.startsWith(pattern.slice(0, -'**/*'.length))), `${inPackage} shipped`).toBe(true);
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
