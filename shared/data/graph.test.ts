import { describe, expect, it } from 'vitest';
import { graphBatch, graphRanges, splitGraphItems } from './graph';
import { cyclesAndTrees, stochasticBlockModel } from './graph-generated';
import { GraphDatasetSchema } from './graph-reference';
import { readGraphCsv, readNodeLinkJson } from './graph-readers';

const settings = GraphDatasetSchema.parse({ kind: 'graph', source: 'sbm' });
const read = { ...settings, source: 'test' };

describe('graph datasets', () => {
  it('a stochastic block model has mostly within-community edges and the degrees asked for', () => {
    const g = stochasticBlockModel({ ...settings, nodes: 600, communities: 3, degreeWithin: 8, degreeBetween: 1 });
    expect(g.edgeCount).toBe(600 * 9);
    let within = 0;
    for (let e = 0; e < g.edgeCount; e++) if (g.labels[g.edges[2 * e]!] === g.labels[g.edges[2 * e + 1]!]) within++;
    expect(within / g.edgeCount).toBeCloseTo(8 / 9, 5);
    expect(g.nodeFeatures.length).toBe(600 * 8);
    const { train, validation, test } = g.split;
    expect([train.length, validation.length, test.length]).toEqual([360, 120, 120]);
    expect(new Set([...train, ...validation, ...test]).size).toBe(600);
  });

  it('cycles and trees: rings have as many edges as nodes, trees one fewer, both ways', () => {
    const g = cyclesAndTrees({ ...settings, graphs: 10 });
    const ranges = graphRanges(g);
    for (let graph = 0; graph < 10; graph++) {
      const nodes = ranges.nodeEnd[graph]! - ranges.nodeStart[graph]!;
      const edges = ranges.edgeEnd[graph]! - ranges.edgeStart[graph]!;
      expect(edges).toBe(2 * (g.labels[graph] === 0 ? nodes : nodes - 1));
    }
    const batch = graphBatch(g, [3, 0], ranges);
    expect(batch.labels).toEqual(Int32Array.from([g.labels[3]!, g.labels[0]!]));
    const first = ranges.nodeEnd[3]! - ranges.nodeStart[3]!;
    expect(batch.graphIds.filter((id) => id === 0).length).toBe(first);
    // Renumbered: every edge stays inside its graph's slice of the batch.
    for (let e = 0; e < batch.edgeCount; e++) {
      const [s, t] = [batch.edgeIndex[2 * e]!, batch.edgeIndex[2 * e + 1]!];
      expect(batch.graphIds[s]).toBe(batch.graphIds[t]);
      expect(s).toBeLessThan(batch.nodeCount);
    }
  });

  it('reads node-link JSON with named endpoints and numeric features, and says which edge is wrong', () => {
    const json = JSON.stringify({
      nodes: [{ id: 'a', size: 1, kind: 'x' }, { id: 'b', size: 2, kind: 'y' }, { id: 'c', size: 3, kind: 'x' }],
      links: [{ source: 'a', target: 'b' }, { source: 'b', target: 'c' }],
    });
    const g = readNodeLinkJson(json, { ...read, label: 'kind', undirected: false });
    expect(Array.from(g.edges)).toEqual([0, 1, 1, 2]);
    expect(Array.from(g.nodeFeatures)).toEqual([1, 2, 3]);
    expect(Array.from(g.labels)).toEqual([0, 1, 0]);
    const bad = JSON.stringify({ nodes: [{ id: 'a', group: 1 }], links: [{ source: 'a', target: 'z' }] });
    expect(() => readNodeLinkJson(bad, read)).toThrow(/edge 1 has target "z", which is no node id/);
    expect(() => readNodeLinkJson('{"nodes": []}', read)).toThrow(/needs "nodes"/);
  });

  it('reads a nodes CSV and an edges CSV with edge features', () => {
    const nodes = 'id,f1,f2,label\n10,0.5,1,cat\n20,1.5,0,dog\n30,2,2,cat\n';
    const edges = 'source,target,weight\n10,20,0.5\n30,10,2\n';
    const g = readGraphCsv(nodes, edges, { ...read, edgesSource: 'edges.csv' });
    expect(g.featureNames).toEqual(['f1', 'f2']);
    expect(g.classNames).toEqual(['cat', 'dog']);
    expect(Array.from(g.edges)).toEqual([0, 1, 2, 0, 1, 0, 0, 2]);
    expect(Array.from(g.edgeFeatures!)).toEqual([0.5, 2, 0.5, 2]);
    expect(() => readGraphCsv(nodes, 'from,to\n10,20\n', { ...read, edgesSource: 'edges.csv' })).toThrow(/edges.csv: the edges need "source" and "target"/);
    expect(() => readGraphCsv(nodes, edges, { ...read, label: 'class', edgesSource: 'e' })).toThrow(/no "class" field/);
  });

  it('a split is seeded, disjoint and covers everything', () => {
    const a = splitGraphItems(50, 0.6, 0.2, 3);
    expect(a).toEqual(splitGraphItems(50, 0.6, 0.2, 3));
    expect([a.train.length, a.validation.length, a.test.length]).toEqual([30, 10, 10]);
  });

  it('the reference asks for the files a source needs', () => {
    expect(GraphDatasetSchema.safeParse({ kind: 'graph', source: 'csv', path: 'n.csv' }).success).toBe(false);
    expect(GraphDatasetSchema.safeParse({ kind: 'graph', source: 'csv', path: 'n.csv', edgesPath: 'e.csv' }).success).toBe(true);
  });
});
