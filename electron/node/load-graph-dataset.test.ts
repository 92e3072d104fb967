import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GraphDatasetSchema } from '../../shared/data/graph-reference';
import { loadGraphDatasetFromDisk } from './load-graph-dataset';

describe('graph datasets in the worker', () => {
  it('Les Misérables: 77 characters, 254 co-occurrences both ways, groups as classes, identities as features', async () => {
    const g = await loadGraphDatasetFromDisk(GraphDatasetSchema.parse({ kind: 'graph', source: 'miserables' }));
    expect([g.nodeCount, g.edgeCount, g.classNames.length]).toEqual([77, 508, 11]);
    expect(g.nodeNames![11]).toBe('Valjean');
    expect(g.featureNames.length).toBe(77);
    expect(g.edgeFeatureNames).toEqual(['value']);
  });

  it('reads a CSV pair from disk and names a missing file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'nnd-graph-'));
    await writeFile(path.join(dir, 'nodes.csv'), 'id,a,label\n0,1,x\n1,2,y\n');
    await writeFile(path.join(dir, 'edges.csv'), 'source,target\n0,1\n');
    const ref = GraphDatasetSchema.parse({ kind: 'graph', source: 'csv', path: path.join(dir, 'nodes.csv'), edgesPath: path.join(dir, 'edges.csv') });
    const g = await loadGraphDatasetFromDisk(ref);
    expect([g.nodeCount, g.edgeCount]).toEqual([2, 2]);
    await expect(loadGraphDatasetFromDisk({ ...ref, edgesPath: path.join(dir, 'missing.csv') })).rejects.toThrow(/missing.csv: the file does not exist/);
  });
});
