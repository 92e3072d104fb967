import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addNode, connect } from '../../shared/graph/actions';
import { emptyDocument, GRAPH_VERSION, serializeDocument } from '../../shared/graph/document';
import {
  ProjectFileError,
  projectStem,
  readProject,
  relativeToProject,
  resolveFromProject,
  weightsDirFor,
  writeFileAtomic,
  writeProject,
} from './project-files';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'nnd-projects-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function smallNetwork() {
  let doc = emptyDocument('small');
  doc = addNode(doc, { type: 'Input', params: { shape: [3] }, position: { x: 0, y: 0 } });
  doc = addNode(doc, { type: 'Dense', params: { units: 2, activation: 'softmax' }, position: { x: 200, y: 0 } });
  return connect(doc, { source: 'input_1', target: 'dense_1' });
}

async function expectProjectError(promise: Promise<unknown>, pattern: RegExp) {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProjectFileError);
  expect((err as Error).message).toMatch(pattern);
  expect((err as Error).message).not.toContain('\n');
}

describe('project files', () => {
  it('reads back exactly what it wrote, in the stable serialized form', async () => {
    const file = path.join(dir, 'roundtrip.nnd.json');
    const doc = smallNetwork();
    await writeProject(file, doc);
    expect(await readFile(file, 'utf8')).toBe(serializeDocument(doc));
    const back = await readProject(file);
    expect(back.nodes.map((n) => [n.id, n.type, n.params])).toEqual(doc.nodes.map((n) => [n.id, n.type, n.params]));
    expect(back.edges).toEqual(doc.edges);
  });

  it('replaces the file in one step and leaves no temporary file behind', async () => {
    const file = path.join(dir, 'atomic.txt');
    await writeFileAtomic(file, 'first');
    await writeFileAtomic(file, 'second');
    expect(await readFile(file, 'utf8')).toBe('second');
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('reports why a write failed, not the clean-up after it', async () => {
    const blocker = path.join(dir, 'a-file');
    await writeFile(blocker, 'not a folder');
    await expectProjectError(writeFileAtomic(path.join(blocker, 'x.nnd.json'), 'data'), /a-file.*a part of the path is not a folder/);
  });

  it('creates missing folders on write', async () => {
    const file = path.join(dir, 'deep', 'er', 'x.nnd.json');
    await writeProject(file, smallNetwork());
    expect((await readProject(file)).name).toBe('small');
  });

  it('names the file and the line of a JSON syntax error', async () => {
    const file = path.join(dir, 'broken.nnd.json');
    await writeFile(file, '{\n  "format": "nn-designer.graph",\n  "version": 1,,\n}');
    await expectProjectError(readProject(file), /broken\.nnd\.json at line 3, column \d+: not valid JSON/);
  });

  it('names the place of a schema error inside the document', async () => {
    const file = path.join(dir, 'badnode.nnd.json');
    const json = JSON.parse(serializeDocument(smallNetwork()));
    json.nodes[1].name = '1 bad name';
    await writeFile(file, JSON.stringify(json));
    const err = await readProject(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProjectFileError);
    expect((err as ProjectFileError).documentPath).toBe('nodes.1.name');
    expect((err as Error).message).toMatch(/badnode\.nnd\.json: nodes\.1\.name: /);
  });

  it('refuses a file from a newer version and says to update', async () => {
    const file = path.join(dir, 'future.nnd.json');
    const json = JSON.parse(serializeDocument(smallNetwork()));
    json.version = GRAPH_VERSION + 1;
    await writeFile(file, JSON.stringify(json));
    await expectProjectError(readProject(file), /future\.nnd\.json: .*newer NN Designer.*update/);
  });

  it('reports a missing file as one line naming it', async () => {
    await expectProjectError(readProject(path.join(dir, 'nope.nnd.json')), /nope\.nnd\.json: no such file/);
  });

  it('derives sidecar paths from the project file name', () => {
    expect(projectStem('/a/b/mlp-xor.nnd.json')).toBe('mlp-xor');
    expect(projectStem('/a/b/model.json')).toBe('model');
    expect(weightsDirFor('/a/b/mlp-xor.nnd.json')).toBe(path.join('/a/b', 'mlp-xor.weights'));
    expect(relativeToProject('/a/b/p.nnd.json', '/a/b/p.weights')).toBe('p.weights');
    expect(resolveFromProject('/a/b/p.nnd.json', 'data/x.csv')).toBe(path.resolve('/a/b/data/x.csv'));
    expect(resolveFromProject('/a/b/p.nnd.json', '/abs/x.csv')).toBe(path.resolve('/abs/x.csv'));
  });
});
