import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { importModelFile } from '../../electron/cli/import';
import { analyzeGraph } from '../../shared/graph/analyze';
import { parseDocument } from '../../shared/graph/document';
import { wirePoints, wiresThroughNodes } from '../../shared/graph/layout';
import { estimatedNodeBoxes } from '../../shared/graph/node-face';
import { catalog } from '../../shared/layers';

/** `nnd import` of a real model with residual branches and a nested model writes a readable layout. */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = path.resolve(repoRoot, '../shared/fixtures/keras-models');
const out = mkdtempSync(path.join(tmpdir(), 'nnd-import-layout-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('nnd import lays the graph out in layers', () => {
  it('04-mobilenetv2: residual wires in lanes of their own, around the layers they skip; the nested model a group', async () => {
    const file = path.join(out, 'mobilenet.nnd.json');
    await importModelFile(path.join(corpus, '04-mobilenetv2-nested-teachable-image.json'), file, {});
    const doc = parseDocument(JSON.parse(readFileSync(file, 'utf8')));
    expect(doc.nodes).toHaveLength(157);

    // MANIFEST: a Sequential holding a 155-layer functional `Model` (its Input is the outer one) and a Sequential Dense head.
    expect(doc.groups?.map((g) => [g.name, g.nodeIds.length])).toEqual([
      ['model1', 154],
      ['sequential_1', 2],
    ]);

    const boxOf = estimatedNodeBoxes(doc, analyzeGraph(doc, catalog), catalog);
    expect(wiresThroughNodes(doc, boxOf)).toEqual([]);

    // Each of the 10 residual Adds takes one wire straight from the block before it and
    // one from the end of its own block: the skip wire runs on another row than the block.
    const adds = doc.nodes.filter((n) => n.type === 'Add');
    expect(adds).toHaveLength(10);
    for (const add of adds) {
      const [skip, main] = doc.edges
        .filter((e) => e.target === add.id)
        .map((e) => ({ e, points: wirePoints(doc, e.id, boxOf) }))
        .sort((a, b) => a.points[0]!.x - b.points[0]!.x);
      const skipRows = new Set(skip!.points.map((p) => p.y));
      const source = doc.nodes.find((n) => n.id === main!.e.source)!;
      const mainRow = source.position.y + boxOf(source).height / 2;
      expect([...skipRows].some((y) => Math.abs(y - mainRow) > boxOf(source).height / 2), add.id).toBe(true);
    }
  });
});
