import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { catalog } from '../layers';
import { addNode, connect } from './actions';
import { analyzeGraph } from './analyze';
import { emptyDocument, type GraphDocument } from './document';
import { trainAsGan, trainAsOneModel } from './gan-actions';
import { groupNodes } from './groups';
import { elkGraphOf, GAN_REGION_INSET, layeredLayout, type LayoutEngine } from './layout';
import { estimatedNodeBoxes } from './node-face';

function ringGan(): GraphDocument {
  let doc = emptyDocument();
  const networks: [string, string, Record<string, unknown>][][] = [
    [
      ['noise', 'Input', { shape: [2] }],
      ['g_hidden', 'Dense', { units: 16, activation: 'relu' }],
      ['fake', 'Dense', { units: 2 }],
    ],
    [
      ['sample', 'Input', { shape: [2] }],
      ['d_hidden', 'Dense', { units: 16, activation: 'relu' }],
      ['verdict', 'Dense', { units: 1, activation: 'sigmoid' }],
    ],
  ];
  for (const chain of networks)
    chain.forEach(([id, type, params], i) => {
      doc = addNode(doc, { type, params, id, name: id });
      if (i > 0) doc = connect(doc, { source: chain[i - 1]![0], target: id });
    });
  return trainAsGan(doc, analyzeGraph(doc, catalog));
}

const boxesOf = (doc: GraphDocument) => estimatedNodeBoxes(doc, analyzeGraph(doc, catalog), catalog);

describe('the layout of a GAN document', () => {
  it('lays each network out inside a box of its own, padded as the canvas draws its region, with a block kept inside its network', () => {
    const doc = groupNodes(ringGan(), ['g_hidden', 'fake'], 'block').doc;
    const root = elkGraphOf(doc, boxesOf(doc));
    const [generator, discriminator] = root.children!;
    expect(root.children).toHaveLength(2);
    expect(generator!.children!.map((c) => c.children?.map((m) => m.id) ?? c.id)).toEqual(['noise', ['g_hidden', 'fake']]);
    expect(discriminator!.children!.map((c) => c.id)).toEqual(['sample', 'd_hidden', 'verdict']);
    expect(generator!.layoutOptions!['elk.padding']).toBe(`[top=${GAN_REGION_INSET.top},left=${GAN_REGION_INSET.side},bottom=${GAN_REGION_INSET.side},right=${GAN_REGION_INSET.side}]`);
    // Any other document: its layers as they are.
    const plain = trainAsOneModel(ringGan());
    expect(elkGraphOf(plain, boxesOf(plain)).children!.map((c) => c.id)).toEqual(plain.nodes.map((n) => n.id));
  });

  it('leaves the two regions apart', async () => {
    const doc = ringGan();
    const boxes = boxesOf(doc);
    const { positions } = await layeredLayout(doc, boxes, new ELK() as unknown as LayoutEngine);
    const region = (ids: string[]) => {
      const rects = ids.map((id) => ({ ...positions[id]!, ...boxes(doc.nodes.find((n) => n.id === id)!) }));
      return {
        top: Math.min(...rects.map((r) => r.y)) - GAN_REGION_INSET.top,
        bottom: Math.max(...rects.map((r) => r.y + r.height)) + GAN_REGION_INSET.side,
        left: Math.min(...rects.map((r) => r.x)) - GAN_REGION_INSET.side,
        right: Math.max(...rects.map((r) => r.x + r.width)) + GAN_REGION_INSET.side,
      };
    };
    const generator = region(['noise', 'g_hidden', 'fake']);
    const discriminator = region(['sample', 'd_hidden', 'verdict']);
    const apart = generator.bottom < discriminator.top || discriminator.bottom < generator.top || generator.right < discriminator.left || discriminator.right < generator.left;
    expect(apart, JSON.stringify({ generator, discriminator })).toBe(true);
  });
});
