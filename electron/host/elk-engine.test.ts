import { describe, expect, it } from 'vitest';
import { moveNodes } from '../../shared/graph/actions';
import { analyzeGraph } from '../../shared/graph/analyze';
import { parseDocument, serializeDocument } from '../../shared/graph/document';
import { wirePoints, wiresThroughNodes } from '../../shared/graph/layout';
import { estimatedNodeBoxes, layOutEstimated } from '../../shared/graph/node-face';
import { catalog } from '../../shared/layers';
import { importModelJson } from '../../shared/model-json/import';
import { elkEngine } from './elk-engine';

const dense = (name: string, units: number) => ({ name, units, activation: 'relu', use_bias: true, dtype: 'float32' });
const call = (...layers: string[]) => [layers.map((l) => [l, 0, 0, {}])];

/**
 * A Keras 2 functional model with a nested Sequential `block` (two Dense) between `pre` and
 * a residual Add that also takes `pre` directly: the skip wire passes the whole block.
 */
const nestedResidual = {
  class_name: 'Functional',
  config: {
    name: 'nested_residual',
    layers: [
      { class_name: 'InputLayer', name: 'x', config: { batch_input_shape: [null, 8], dtype: 'float32', name: 'x' }, inbound_nodes: [] },
      { class_name: 'Dense', name: 'pre', config: dense('pre', 8), inbound_nodes: call('x') },
      {
        class_name: 'Sequential',
        name: 'block',
        config: {
          name: 'block',
          layers: [
            { class_name: 'InputLayer', config: { batch_input_shape: [null, 8], dtype: 'float32', name: 'block_input' } },
            { class_name: 'Dense', config: dense('inner_wide', 32) },
            { class_name: 'Dense', config: dense('inner_back', 8) },
          ],
        },
        // A nested model's own inner call is its node 0 in Keras 2.
        inbound_nodes: [[['pre', 0, 0, {}]]],
      },
      { class_name: 'Add', name: 'skip', config: { name: 'skip' }, inbound_nodes: [[['pre', 0, 0, {}], ['block', 1, 0, {}]]] },
      { class_name: 'Dense', name: 'out', config: dense('out', 2), inbound_nodes: call('skip') },
    ],
    input_layers: [['x', 0, 0]],
    output_layers: [['out', 0, 0]],
  },
};

describe('layered layout with elkjs', () => {
  it('imports a nested model as a group and routes the skip wire around it', async () => {
    const imported = importModelJson(nestedResidual, catalog).document;
    expect(imported.groups).toEqual([{ id: 'group_1', name: 'block', nodeIds: ['inner_wide', 'inner_back'], collapsed: false }]);
    const doc = await layOutEstimated(imported, catalog, await elkEngine());
    const boxOf = estimatedNodeBoxes(doc, analyzeGraph(doc, catalog), catalog);
    expect(wiresThroughNodes(doc, boxOf)).toEqual([]);

    const skip = doc.edges.find((e) => e.source === 'pre' && e.target === 'skip')!;
    // The skip wire runs in a lane of its own, above or below every layer of the block: its
    // longest horizontal stretch passes the block.
    const points = wirePoints(doc, skip.id, boxOf);
    const stretches = points.slice(1).map((b, i) => ({ a: points[i]!, b })).filter(({ a, b }) => a.y === b.y);
    const lane = stretches.sort((s, t) => Math.abs(t.b.x - t.a.x) - Math.abs(s.b.x - s.a.x))[0]!.a.y;
    for (const id of ['inner_wide', 'inner_back']) {
      const node = doc.nodes.find((n) => n.id === id)!;
      const box = boxOf(node);
      expect(lane < node.position.y || lane > node.position.y + box.height, id).toBe(true);
    }
    // The block's layers sit apart from the layers around it, room for its header included.
    const members = doc.nodes.filter((n) => doc.groups![0]!.nodeIds.includes(n.id));
    const blockLeft = Math.min(...members.map((n) => n.position.x));
    const pre = doc.nodes.find((n) => n.id === 'pre')!;
    expect(pre.position.x + boxOf(pre).width).toBeLessThan(blockLeft - 28);
    // The routes survive saving and loading.
    expect(parseDocument(JSON.parse(serializeDocument(doc))).edges).toEqual(doc.edges);
  });

  it('drops the route of a wire whose end moves, and only that one', async () => {
    const doc = await layOutEstimated(importModelJson(nestedResidual, catalog).document, catalog, await elkEngine());
    const routed = doc.edges.filter((e) => e.route);
    expect(routed.length).toBeGreaterThan(0);
    const moved = moveNodes(doc, { out: { x: 0, y: 0 } });
    for (const e of moved.edges) expect(e.route, e.id).toEqual(e.target === 'out' || e.source === 'out' ? undefined : doc.edges.find((d) => d.id === e.id)!.route);
  });

  it('lays out parallel branches on rows of their own', async () => {
    const branches = {
      class_name: 'Functional',
      config: {
        name: 'branches',
        layers: [
          { class_name: 'InputLayer', name: 'x', config: { batch_input_shape: [null, 8], dtype: 'float32', name: 'x' }, inbound_nodes: [] },
          { class_name: 'Dense', name: 'left_a', config: dense('left_a', 4), inbound_nodes: call('x') },
          { class_name: 'Dense', name: 'left_b', config: dense('left_b', 4), inbound_nodes: call('left_a') },
          { class_name: 'Dense', name: 'right_a', config: dense('right_a', 4), inbound_nodes: call('x') },
          { class_name: 'Dense', name: 'right_b', config: dense('right_b', 4), inbound_nodes: call('right_a') },
          { class_name: 'Concatenate', name: 'joined', config: { name: 'joined', axis: -1 }, inbound_nodes: call('left_b', 'right_b') },
        ],
        input_layers: [['x', 0, 0]],
        output_layers: [['joined', 0, 0]],
      },
    };
    const doc = await layOutEstimated(importModelJson(branches, catalog).document, catalog, await elkEngine());
    const y = (id: string) => doc.nodes.find((n) => n.id === id)!.position.y;
    const x = (id: string) => doc.nodes.find((n) => n.id === id)!.position.x;
    expect(y('left_a')).toBe(y('left_b'));
    expect(y('right_a')).toBe(y('right_b'));
    expect(y('left_a')).not.toBe(y('right_a'));
    expect(x('left_a')).toBe(x('right_a'));
    expect(x('x')).toBeLessThan(x('left_a'));
    expect(x('left_b')).toBeLessThan(x('joined'));
  });
});
