import { describe, expect, it } from 'vitest';
import { addNode } from '../graph/actions';
import { emptyDocument } from '../graph/document';
import { BlockFragmentSchema, insertFragment } from './fragment';

const fragment = BlockFragmentSchema.parse({
  nodes: [
    { key: 'hidden', type: 'Dense', params: { units: '$units' } },
    { key: 'noise', when: 'noisy', type: 'Dropout', params: { rate: 0.5 } },
    { key: 'output', type: 'Dense', params: { units: 1 } },
  ],
  edges: [
    { from: '$input', to: 'hidden' },
    { from: 'hidden', to: 'noise' },
    { from: 'noise', to: 'output' },
  ],
  exit: 'output',
});

describe('a block fragment', () => {
  const start = addNode(emptyDocument(), { type: 'Input', params: { shape: [4] } });
  const input = start.nodes[0]!.id;

  it('fills params from the options and wires the block after the node it comes from', () => {
    const block = insertFragment(start, fragment, { units: 8, noisy: true }, { position: { x: 0, y: 0 }, from: input }, 'Head');
    expect(block.doc.nodes.slice(1).map((n) => [n.type, n.params])).toEqual([
      ['Dense', { units: 8 }],
      ['Dropout', { rate: 0.5 }],
      ['Dense', { units: 1 }],
    ]);
    expect(block.doc.edges.map((e) => [e.source, e.target])).toEqual([
      [block.nodeIds[0], block.nodeIds[1]],
      [block.nodeIds[1], block.nodeIds[2]],
      [input, block.nodeIds[0]],
    ]);
  });

  it('passes a left-out node’s input through to what it fed', () => {
    const block = insertFragment(start, fragment, { units: 8, noisy: false }, { position: { x: 0, y: 0 } }, 'Head');
    expect(block.nodeIds).toHaveLength(2);
    expect(block.doc.edges.map((e) => [e.source, e.target])).toEqual([[block.nodeIds[0], block.nodeIds[1]]]);
    expect(block.entry).toEqual([{ nodeId: block.nodeIds[0], port: 'in' }]);
    expect(block.exitId).toBe(block.nodeIds[1]);
  });

  it('refuses data that names an option the block does not have', () => {
    expect(() => insertFragment(start, fragment, { noisy: false }, { position: { x: 0, y: 0 } }, 'Head')).toThrow(/names the option "units"/);
  });
});
