import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addNode, connect } from '../../shared/graph/actions';
import { emptyDocument, GRAPH_VERSION, serializeDocument } from '../../shared/graph/document';
import { hostService, type HostApi, type RecentProject } from '../../shared/host-api';
import { createClient, createMemoryTransportPair, serve, type ServedConnection } from '../../shared/rpc';
import { createHostService, DEFAULT_EXAMPLES_DIR, type HostServiceOptions } from './host-service';
import { MAX_RECENT_PROJECTS } from './recent-projects';

let dir: string;
let configDir: string;
const opened: Array<{ host: HostApi; connection: ServedConnection<typeof hostService> }> = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nnd-host-'));
  configDir = path.join(dir, 'config');
});

afterEach(async () => {
  for (const { host } of opened.splice(0)) host.close();
  await rm(dir, { recursive: true, force: true });
});

/** The host service behind the real RPC proxy, as the page sees it. */
function startHost(options: Partial<HostServiceOptions> = {}) {
  const [clientEnd, serverEnd] = createMemoryTransportPair();
  const events: RecentProject[][] = [];
  const warnings: string[] = [];
  let connection: ServedConnection<typeof hostService> | undefined = undefined;
  const implementation = createHostService({
    mode: 'browser',
    configDir,
    cwd: dir,
    onWarning: (m) => warnings.push(m),
    emit: (event, payload) => connection!.emit(event, payload),
    ...options,
  });
  connection = serve(hostService, implementation, serverEnd);
  const host = createClient(hostService, clientEnd);
  host.on('recentProjectsChanged', (recent) => events.push(recent));
  opened.push({ host, connection });
  return { host, events, warnings };
}

function xorDocument() {
  let doc = emptyDocument('xor');
  doc = addNode(doc, { type: 'Input', params: { shape: [2] }, position: { x: 0, y: 0 } });
  doc = addNode(doc, { type: 'Dense', params: { units: 1, activation: 'sigmoid' }, position: { x: 200, y: 0 } });
  return connect(doc, { source: 'input_1', target: 'dense_1' });
}

describe('host service through the HostApi proxy', () => {
  it('describes the host, with the initial project made absolute', async () => {
    const { host } = startHost({ initialProject: 'models/a.nnd.json' });
    expect(await host.hostInfo()).toEqual({
      mode: 'browser',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      platform: process.platform,
      homeDir: os.homedir(),
      cwd: dir,
      pathSeparator: path.sep,
      initialProject: path.join(dir, 'models', 'a.nnd.json'),
      memoryBytes: os.totalmem(),
    });
  });

  it('lists the examples with their documents, sorted by file name', async () => {
    const { host, warnings } = startHost();
    const examples = await host.listExamples();
    const files = examples.map((e) => e.file);
    expect(files.length).toBeGreaterThanOrEqual(3);
    expect(files).toEqual([...files].sort());
    expect(files).toContain('mlp-xor.nnd.json');
    const xor = examples.find((e) => e.file === 'mlp-xor.nnd.json')!;
    expect(xor.path).toBe(path.join(DEFAULT_EXAMPLES_DIR, 'mlp-xor.nnd.json'));
    expect(xor.name).toBe(xor.document.name);
    expect(xor.description).toMatch(/XOR/);
    // Opened as an unsaved copy, the template still finds its data beside the example.
    expect(xor.document.dataset).toMatchObject({ kind: 'csv', path: path.join(DEFAULT_EXAMPLES_DIR, 'xor.csv') });
    expect(warnings).toEqual([]);
  });

  it('skips a broken example with a warning rather than failing the start page', async () => {
    const examplesDir = path.join(dir, 'examples');
    await mkdir(examplesDir);
    await writeFile(path.join(examplesDir, 'good.nnd.json'), serializeDocument(xorDocument()));
    await writeFile(path.join(examplesDir, 'broken.nnd.json'), '{ "format": ');
    await writeFile(path.join(examplesDir, 'notes.txt'), 'not a project');
    const { host, warnings } = startHost({ examplesDir });
    expect((await host.listExamples()).map((e) => e.file)).toEqual(['good.nnd.json']);
    expect(warnings).toEqual([expect.stringMatching(/^example broken\.nnd\.json was skipped: Cannot open .*broken\.nnd\.json at the end: not valid JSON/)]);
  });

  it('makes a blank project, named or Untitled', async () => {
    const { host } = startHost();
    expect((await host.newProject()).document).toEqual(emptyDocument());
    expect((await host.newProject({ name: 'My net' })).document.name).toBe('My net');
  });

  it('saves atomically in the stable form, adds the suffix, and opens the same document again', async () => {
    const { host } = startHost();
    const doc = xorDocument();
    const { path: saved } = await host.saveProject({ path: 'nets/xor', document: doc });
    expect(saved).toBe(path.join(dir, 'nets', 'xor.nnd.json'));
    expect(await readFile(saved, 'utf8')).toBe(serializeDocument(doc));
    const reopened = await host.openProject({ path: saved });
    expect(reopened).toEqual({ path: saved, document: doc });
    // Nothing but the project is left in the folder: the temporary file was renamed over it.
    expect(await import('node:fs/promises').then((fs) => fs.readdir(path.dirname(saved)))).toEqual(['xor.nnd.json']);
  });

  it('refuses a document that does not match the schema before it reaches the disk', async () => {
    const { host } = startHost();
    const broken = { ...xorDocument(), nodes: [{ id: 'a', type: 'Dense', name: '1bad' }] };
    await expect(host.saveProject({ path: 'x.nnd.json', document: broken as never })).rejects.toMatchObject({
      code: 'invalid-params',
      message: expect.stringMatching(/^host\.saveProject: invalid params — document\.nodes\.0\.name: a layer name uses letters/),
    });
  });

  it('reports a save it cannot make with what to do', async () => {
    const { host } = startHost();
    await writeFile(path.join(dir, 'blocker'), 'a file where a folder should be');
    await expect(host.saveProject({ path: 'blocker/x.nnd.json', document: xorDocument() })).rejects.toMatchObject({
      code: 'not-found',
      message: `Cannot save ${path.join(dir, 'blocker', 'x.nnd.json')}: a part of the path is not a folder. Check the path.`,
    });
  });

  describe('opening a file that is not a usable project', () => {
    it('says the file is missing', async () => {
      const { host } = startHost();
      await expect(host.openProject({ path: 'nowhere.nnd.json' })).rejects.toMatchObject({
        code: 'not-found',
        message: `Cannot open ${path.join(dir, 'nowhere.nnd.json')}: there is no such file or folder. Check the path.`,
      });
    });

    it('points at the JSON syntax error', async () => {
      const { host } = startHost();
      await writeFile(path.join(dir, 'bad.nnd.json'), '{\n  "format": "nn-designer.graph",\n  "version": 1,,\n}');
      await expect(host.openProject({ path: 'bad.nnd.json' })).rejects.toMatchObject({
        code: 'malformed-project',
        message: expect.stringMatching(/^Cannot open .*bad\.nnd\.json at line 3, column \d+: not valid JSON .*open another one\.$/),
      });
    });

    it('names the bad value of a malformed document, with its path as data', async () => {
      const { host } = startHost();
      const json = JSON.parse(serializeDocument(xorDocument()));
      json.nodes[1].type = 42;
      await writeFile(path.join(dir, 'typed.nnd.json'), JSON.stringify(json));
      const failure = await host.openProject({ path: 'typed.nnd.json' }).catch((e: unknown) => e);
      expect(failure).toMatchObject({
        code: 'malformed-project',
        message: expect.stringMatching(/it is not a valid NN Designer project \(nodes\.1\.type: .*expected string.*\)\. Fix the file or open another one\.$/),
        // The schema's complaint as data too, for the page to say in its own language.
        data: { documentPath: 'nodes.1.type', issue: { code: 'invalid_type', path: ['nodes', 1, 'type'], expected: 'string', input: 42 } },
      });
    });

    it('says a newer NN Designer saved it', async () => {
      const { host } = startHost();
      const json = { ...JSON.parse(serializeDocument(xorDocument())), version: GRAPH_VERSION + 1 };
      await writeFile(path.join(dir, 'future.nnd.json'), JSON.stringify(json));
      await expect(host.openProject({ path: 'future.nnd.json' })).rejects.toMatchObject({
        code: 'newer-version',
        message: expect.stringMatching(/saved by a newer NN Designer .* update the app to open it\.$/),
      });
    });

    it('refuses a folder', async () => {
      const { host } = startHost();
      await expect(host.openProject({ path: dir })).rejects.toMatchObject({ code: 'file-system', message: expect.stringMatching(/it is a folder, not a file/) });
    });
  });

  describe('recent projects', () => {
    it('notes opened and saved projects, most recent first, and tells every window', async () => {
      const { host, events } = startHost();
      const a = (await host.saveProject({ path: 'a', document: { ...xorDocument(), name: 'alpha' } })).path;
      const b = (await host.saveProject({ path: 'b', document: { ...xorDocument(), name: 'beta' } })).path;
      await host.openProject({ path: a });
      const recent = await host.recentProjects();
      expect(recent.map((r) => [r.path, r.name, r.exists])).toEqual([
        [a, 'alpha', true],
        [b, 'beta', true],
      ]);
      expect(events).toHaveLength(3);
      expect(events[2]).toEqual(recent);
    });

    it('keeps the list across runs, marks a vanished file, forgets on request', async () => {
      const first = startHost();
      const a = (await first.host.saveProject({ path: 'a', document: xorDocument() })).path;
      const b = (await first.host.saveProject({ path: 'b', document: xorDocument() })).path;
      await rm(a);
      const second = startHost();
      expect((await second.host.recentProjects()).map((r) => [r.path, r.exists])).toEqual([
        [b, true],
        [a, false],
      ]);
      expect((await second.host.forgetRecentProject({ path: a })).map((r) => r.path)).toEqual([b]);
      expect(second.events.at(-1)!.map((r) => r.path)).toEqual([b]);
    });

    it(`keeps at most ${MAX_RECENT_PROJECTS}, and two saves at once both land`, async () => {
      const { host } = startHost();
      await Promise.all(Array.from({ length: MAX_RECENT_PROJECTS + 3 }, (_, i) => host.saveProject({ path: `p${i}`, document: xorDocument() })));
      const recent = await host.recentProjects();
      expect(recent).toHaveLength(MAX_RECENT_PROJECTS);
      expect(new Set(recent.map((r) => r.path)).size).toBe(MAX_RECENT_PROJECTS);
    });

    it('treats a damaged list file as empty, and lives in NND_CONFIG_DIR', async () => {
      await mkdir(configDir, { recursive: true });
      await writeFile(path.join(configDir, 'recent-projects.json'), '{"recent": "no"}');
      const { host } = startHost();
      expect(await host.recentProjects()).toEqual([]);
      await host.saveProject({ path: 'a', document: xorDocument() });
      const stored = JSON.parse(await readFile(path.join(configDir, 'recent-projects.json'), 'utf8'));
      expect(stored.recent.map((r: { path: string }) => r.path)).toEqual([path.join(dir, 'a.nnd.json')]);
    });
  });

  describe('listing a folder for the page file picker', () => {
    it('gives folders first, then files, each by name, hidden ones on request', async () => {
      await mkdir(path.join(dir, 'zeta'));
      await mkdir(path.join(dir, 'Alpha'));
      await writeFile(path.join(dir, 'net.nnd.json'), serializeDocument(xorDocument()));
      await writeFile(path.join(dir, 'data.csv'), 'x,y\n1,2\n');
      await writeFile(path.join(dir, '.hidden'), '');
      const { host } = startHost();
      const listing = await host.listDirectory({ path: dir });
      expect(listing.path).toBe(dir);
      expect(listing.parent).toBe(path.dirname(dir));
      expect(listing.entries.map((e) => [e.name, e.kind, e.isProject])).toEqual([
        ['Alpha', 'directory', false],
        ['zeta', 'directory', false],
        ['data.csv', 'file', false],
        ['net.nnd.json', 'file', true],
      ]);
      expect(listing.entries.find((e) => e.name === 'data.csv')!.size).toBe(8);
      const withHidden = await host.listDirectory({ path: dir, showHidden: true });
      expect(withHidden.entries.map((e) => e.name)).toContain('.hidden');
    });

    it('has no parent at the root and says when a folder is missing', async () => {
      const { host } = startHost();
      expect((await host.listDirectory({ path: path.parse(dir).root })).parent).toBeNull();
      await expect(host.listDirectory({ path: 'missing' })).rejects.toMatchObject({ code: 'not-found' });
    });
  });
});
