import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPH_VERSION } from '../../shared/graph/document';
import { lines, REPO_ROOT, runNnd } from './run-cli';

let dir: string;
let xor: Record<string, unknown> & { nodes: Record<string, unknown>[]; edges: Record<string, unknown>[] };

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'nnd-validate-'));
  xor = JSON.parse(await readFile(path.join(REPO_ROOT, 'examples/mlp-xor.nnd.json'), 'utf8'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fileWith(name: string, content: unknown): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

describe('nnd validate (spawned)', () => {
  it('exits 0 with one OK line for a valid project, and 1 with a line per problem otherwise', async () => {
    const cyclic = {
      ...xor,
      edges: [...xor.edges, { id: 'back', source: 'dense_2', target: 'dense_1', sourceHandle: 'out', targetHandle: 'in' }],
    };
    const unknown = { ...xor, nodes: xor.nodes.map((n) => (n.id === 'dense_1' ? { ...n, type: 'Dense3D' } : n)) };
    const [good, cycle, unknownType, malformed, newer] = await Promise.all([
      runNnd(['validate', 'examples/mlp-xor.nnd.json']),
      fileWith('cycle.nnd.json', cyclic).then((f) => runNnd(['validate', f])),
      fileWith('unknown.nnd.json', unknown).then((f) => runNnd(['validate', f])),
      fileWith('malformed.nnd.json', '{ "format": "nn-designer.graph", "version": 1, "nodes": [ }').then((f) => runNnd(['validate', f])),
      fileWith('newer.nnd.json', { ...xor, version: GRAPH_VERSION + 1 }).then((f) => runNnd(['validate', f])),
    ]);

    expect(good.code).toBe(0);
    expect(lines(good.stdout)).toEqual([expect.stringMatching(/^OK: examples\/mlp-xor\.nnd\.json is a valid network \(3 layers, 2 connections\)$/)]);
    expect(good.stderr).toBe('');

    expect(cycle.code).toBe(1);
    const cycleLines = lines(cycle.stderr);
    expect(cycleLines).toContain('dense_1: dense_1 is part of a cycle (dense_1 → dense_2) — a feed-forward network cannot loop; remove one connection');
    expect(cycleLines.some((l) => l.startsWith('dense_2: dense_2 is part of a cycle'))).toBe(true);
    // Problems of the whole graph carry no node id.
    expect(cycleLines).toContain('the network has no output — connect at least one layer after the Input');

    expect(unknownType.code).toBe(1);
    expect(lines(unknownType.stderr)).toContain('dense_1: unknown layer type "Dense3D"');

    for (const [run, pattern] of [
      [malformed, /^nnd validate: .*malformed\.nnd\.json at line 1, column \d+: not valid JSON/],
      [newer, /^nnd validate: .*newer\.nnd\.json: .*newer NN Designer \(file version 2, this app reads up to 1\)/],
    ] as const) {
      expect(run.code).toBe(1);
      expect(lines(run.stderr)).toEqual([expect.stringMatching(pattern)]);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.stdout).toBe('');
    }
  });

  it('reports a missing file in one line and shows the stack only with NND_DEBUG=1', async () => {
    const [plain, debug] = await Promise.all([
      runNnd(['validate', 'examples/does-not-exist.nnd.json']),
      runNnd(['validate', 'examples/does-not-exist.nnd.json'], { env: { NND_DEBUG: '1' } }),
    ]);
    expect(plain.code).toBe(1);
    expect(lines(plain.stderr)).toEqual(['nnd validate: examples/does-not-exist.nnd.json: no such file — check the path']);
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});
