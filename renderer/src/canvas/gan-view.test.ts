import { describe, expect, it } from 'vitest';
import { addNode, connect } from '../../../shared/graph/actions';
import { analyzeGraph } from '../../../shared/graph/analyze';
import { emptyDocument, type GraphDocument } from '../../../shared/graph/document';
import { trainAsGan } from '../../../shared/graph/gan-actions';
import { catalog } from '../../../shared/layers';
import { DEFAULT_NODE_SIZE, FAKE_SAMPLES_HANDLE, toFlowEdges, toFlowNodes, type FlowNode, type LayerFlowNode } from './flow-elements';
import { ganRegionsOverlap, ganView } from './gan-view';

type Layer = [type: string, params: Record<string, unknown>, name: string];

function ganDocument(sampleWidth = 2): GraphDocument {
  let doc = emptyDocument();
  const networks: Layer[][] = [
    [
      ['Input', { shape: [8] }, 'noise'],
      ['Dense', { units: 16, activation: 'relu' }, 'g_hidden'],
      ['Dense', { units: sampleWidth }, 'fake'],
    ],
    [
      ['Input', { shape: [2] }, 'sample'],
      ['Dense', { units: 16, activation: 'relu' }, 'd_hidden'],
      ['Dense', { units: 1, activation: 'sigmoid' }, 'verdict'],
    ],
  ];
  networks.forEach((chain, row) =>
    chain.forEach(([type, params, name], i) => {
      doc = addNode(doc, { type, params, name, id: name, position: { x: i * 260, y: row * 300 } });
      if (i > 0) doc = connect(doc, { source: chain[i - 1]![2], target: name });
    }),
  );
  doc = trainAsGan(doc, analyzeGraph(doc, catalog));
  return doc;
}

function flow(doc: GraphDocument) {
  const analysis = analyzeGraph(doc, catalog);
  const nodes = toFlowNodes({ doc, analysis, catalog, selectedNodes: new Set(), dragPositions: null, measured: new Map() });
  return { nodes, edges: toFlowEdges(doc, analysis, new Set()) };
}

const layer = (nodes: FlowNode[], id: string) => nodes.find((n): n is LayerFlowNode => n.id === id && n.type === 'layer')!;

describe('a GAN document on the canvas', () => {
  it('draws each network as a region behind its layers, first so it is under them, never selected or dragged', () => {
    const doc = ganDocument();
    const { nodes } = flow(doc);
    const regions = nodes.filter((n) => n.type === 'gan-region');
    expect(nodes.slice(0, 2)).toEqual(regions);
    expect(regions.map((r) => [r.data.player, r.selectable, r.draggable, r.zIndex])).toEqual([
      ['generator', false, false, -2],
      ['discriminator', false, false, -2],
    ]);
    const [generator, discriminator] = regions as [FlowNode, FlowNode];
    const inside = (region: FlowNode, id: string) => {
      const p = doc.nodes.find((n) => n.id === id)!.position;
      return p.x > region.position.x && p.y > region.position.y && p.x + DEFAULT_NODE_SIZE.width < region.position.x + region.width! && p.y + DEFAULT_NODE_SIZE.height < region.position.y + region.height!;
    };
    for (const id of ['noise', 'g_hidden', 'fake']) expect([inside(generator, id), inside(discriminator, id)]).toEqual([true, false]);
    for (const id of ['sample', 'd_hidden', 'verdict']) expect([inside(generator, id), inside(discriminator, id)]).toEqual([false, true]);
  });

  it("tags the generator's noise input and the discriminator's real samples, and wires the fake samples across, dashed and not editable", () => {
    const doc = ganDocument();
    const { nodes, edges } = flow(doc);
    expect(layer(nodes, 'noise').data.ganTag).toEqual({ kind: 'noise', distribution: 'normal', size: '8' });
    expect(layer(nodes, 'sample').data.ganTag).toEqual({ kind: 'real', field: 'x' });
    expect(layer(nodes, 'd_hidden').data.ganTag).toBeUndefined();
    const fake = edges.filter((e) => e.type === 'fake-samples');
    expect(fake).toEqual([expect.objectContaining({ source: 'fake', sourceHandle: 'out', target: 'sample', targetHandle: FAKE_SAMPLES_HANDLE, selectable: false, deletable: false })]);
    // The document's own wires are unchanged beside it.
    expect(edges.filter((e) => e.type === 'shape').map((e) => e.id)).toEqual(doc.edges.map((e) => e.id));
    // Plain data, as React Flow asks: it survives a JSON round trip.
    expect(JSON.parse(JSON.stringify(nodes))).toEqual(nodes);
  });

  it('keeps the regions while the marks have problems, and draws none for two networks joined by an edge', () => {
    const wide = ganDocument(3);
    expect(ganView(wide, analyzeGraph(wide, catalog))?.regions.map((r) => r.player)).toEqual(['generator', 'discriminator']);
    let joined = ganDocument();
    joined = addNode(joined, { type: 'Concatenate', name: 'both', id: 'both' });
    joined = connect(joined, { source: 'g_hidden', target: 'both', targetTakesMany: true });
    joined = connect(joined, { source: 'd_hidden', target: 'both', targetTakesMany: true });
    const { nodes, edges } = flow(joined);
    expect(nodes.filter((n) => n.type === 'gan-region')).toEqual([]);
    expect(edges.filter((e) => e.type === 'fake-samples')).toEqual([]);
  });

  it('changes nothing in the document, and draws nothing of the kind for a document that is not a GAN', () => {
    const doc = ganDocument();
    const copy = structuredClone(doc);
    flow(doc);
    expect(doc).toEqual(copy);
    const plain = { ...doc, training: { ...doc.training, gan: undefined } };
    const { nodes, edges } = flow(plain);
    expect(nodes.filter((n) => n.type !== 'layer')).toEqual([]);
    expect(edges.every((e) => e.type === 'shape')).toBe(true);
    expect(nodes.every((n) => n.type !== 'layer' || n.data.ganTag === undefined)).toBe(true);
  });

  it('says when the regions of the layers as they sit would overlap, so making a GAN lays it out afresh', () => {
    const apart = ganDocument();
    const size = () => ({ width: 180, height: 110 });
    expect(ganRegionsOverlap(apart, analyzeGraph(apart, catalog), size)).toBe(false);
    const close = { ...apart, nodes: apart.nodes.map((n) => (n.position.y > 0 ? { ...n, position: { ...n.position, y: 150 } } : n)) };
    expect(ganRegionsOverlap(close, analyzeGraph(close, catalog), size)).toBe(true);
  });
});
