import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyDocument, serializeDocument } from '../../shared/graph/document';
import type { FileChoice } from '../../shared/host-api';
import { FileAccessRegistry, guardFileAccess, pathLikeValues } from './file-access';
import { createHostService } from './host-service';
import { createTrainingService } from './training-service';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nnd-access-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the path-permission registry', () => {
  it('allows only what was granted, files exactly and folders with everything inside', () => {
    const registry = new FileAccessRegistry(false);
    registry.grantFile('/home/ada/a.nnd.json', ['read']);
    registry.grantFolder('/home/ada/exports', ['read', 'write']);
    expect(registry.allows('/home/ada/a.nnd.json', 'read')).toBe(true);
    expect(registry.allows('/home/ada/a.nnd.json', 'write')).toBe(false);
    expect(registry.allows('/home/ada/b.nnd.json', 'read')).toBe(false);
    expect(registry.allows('/home/ada/exports/mlp/model.json', 'write')).toBe(true);
    expect(registry.allows('/home/ada/exports', 'write')).toBe(true);
    expect(registry.allows('/home/ada/exports/../secrets.txt', 'read')).toBe(false);
    expect(registry.allows('/home/ada/exports-old/x', 'read')).toBe(false);
    expect(registry.allows('/home/ada/a.nnd.json/../../.ssh/id_rsa', 'read')).toBe(false);
  });

  it('ignores case where the file system does', () => {
    const registry = new FileAccessRegistry(true);
    registry.grantFile('/Users/Ada/A.nnd.json', ['read']);
    expect(registry.allows('/users/ada/a.NND.json', 'read')).toBe(true);
  });

  it('a project grants the file read-write and its folder read-only', () => {
    const registry = new FileAccessRegistry(false);
    registry.grantProject('/p/net.nnd.json');
    expect(registry.allows('/p/net.nnd.json', 'write')).toBe(true);
    expect(registry.allows('/p/data/iris.csv', 'read')).toBe(true);
    expect(registry.allows('/p/other.nnd.json', 'write')).toBe(false);
    expect(() => registry.check('/etc/passwd', 'read')).toThrow(expect.objectContaining({ code: 'permission-denied' }));
  });

  it('finds path-like parameters, but not inside a graph', () => {
    expect(
      pathLikeValues({
        projectPath: '/p/a.nnd.json',
        options: { outputDirectory: '/out' },
        document: { nodes: [{ params: { path: 'no' } }], dataset: { kind: 'csv', path: 'iris.csv' } },
        name: 'not a path',
      }).map((f) => f.where),
    ).toEqual(['projectPath', 'options.outputDirectory', 'document.dataset.path']);
  });
});

describe('the host service behind the registry', () => {
  async function guardedHost(choose: (choice: FileChoice) => string | null = () => null) {
    const training = createTrainingService({ emit: () => {}, cwd: dir, scratchDir: path.join(dir, 'scratch') });
    const registry = new FileAccessRegistry();
    const host = guardFileAccess(
      createHostService({ mode: 'desktop', configDir: path.join(dir, 'config'), cwd: dir, training, onWarning: () => {}, chooseFile: async (c) => choose(c) }),
      registry,
      { cwd: dir },
    );
    return { host, registry, dispose: () => training.dispose() };
  }

  it('refuses to open, save, list or train from paths nobody chose', async () => {
    const secret = path.join(dir, 'secret.nnd.json');
    await writeFile(secret, serializeDocument(emptyDocument('secret')));
    const { host, dispose } = await guardedHost();
    await expect(Promise.resolve().then(() => host.openProject({ path: secret }))).rejects.toMatchObject({ code: 'permission-denied' });
    await expect(Promise.resolve().then(() => host.saveProject({ path: path.join(dir, 'x'), document: emptyDocument('x') }))).rejects.toMatchObject({ code: 'permission-denied' });
    await expect(Promise.resolve().then(() => host.listDirectory({ path: dir, showHidden: false }))).rejects.toMatchObject({ code: 'permission-denied' });
    const csvDoc = { ...emptyDocument('c'), dataset: { kind: 'csv', path: '/etc/passwd' } } as never;
    await expect(Promise.resolve().then(() => host.startTraining({ document: csvDoc }))).rejects.toMatchObject({ code: 'permission-denied' });
    await expect(Promise.resolve().then(() => host.exportRunModel({ runId: 'r', directory: path.join(dir, 'out'), format: 'tfjs' }))).rejects.toMatchObject({ code: 'permission-denied' });
    await dispose();
  });

  it('checks methods it does not know by their path-like parameters, relative ones against the project’s folder', async () => {
    const registry = new FileAccessRegistry(false);
    registry.grantProject('/p/net.nnd.json');
    const seen: unknown[] = [];
    const host = guardFileAccess({ checkFiles: (p: unknown) => (seen.push(p), { ok: true }) } as never, registry, { cwd: '/home/ada' }) as unknown as {
      checkFiles(p: unknown): unknown;
    };
    expect(host.checkFiles({ projectPath: '/p/net.nnd.json', dataset: { kind: 'csv', path: 'data/iris.csv' } })).toEqual({ ok: true });
    expect(() => host.checkFiles({ dataset: { kind: 'csv', path: 'data/iris.csv' } })).toThrow(expect.objectContaining({ code: 'permission-denied' }));
    expect(() => host.checkFiles({ projectPath: '/p/net.nnd.json', dataset: { kind: 'csv', path: '/etc/shadow' } })).toThrow(/may only read files you chose/);
    expect(seen).toHaveLength(1);
  });

  it('allows what the person chose in a dialog, and the project saved there can be opened again', async () => {
    const target = path.join(dir, 'chosen.nnd.json');
    const { host, dispose } = await guardedHost((choice) => (choice.mode === 'save' ? target : null));
    expect(await host.chooseFile({ mode: 'save', folder: '/anywhere', fileName: 'chosen.nnd.json' })).toEqual({ path: target });
    expect(await host.saveProject({ path: target, document: emptyDocument('chosen') })).toEqual({ path: target });
    expect((await host.openProject({ path: target })).document.name).toBe('chosen');
    expect(await host.chooseFile({ mode: 'open' })).toEqual({ path: null });
    await dispose();
  });
});
