import { describe, expect, it } from 'vitest';
import { addNode, connect } from '../../../shared/graph/actions';
import { emptyDocument } from '../../../shared/graph/document';
import { blockPlacement } from './blocks';

describe('palette blocks', () => {
  const doc = connect(
    addNode(addNode(emptyDocument('t'), { id: 'ids', type: 'Input', params: { shape: [12], dtype: 'int32' }, position: { x: 0, y: 40 } }), {
      id: 'embed',
      type: 'Embedding',
      params: { inputDim: 100, outputDim: 24 },
      position: { x: 240, y: 40 },
    }),
    { source: 'ids', target: 'embed' },
  );

  it('follow a selected sequence layer, sized to its features with heads that divide them', () => {
    expect(blockPlacement(doc, ['embed'], { x: 0, y: 0 })).toEqual({ dModel: 24, numHeads: 4, position: { x: 520, y: 40 }, from: 'embed' });
    const followed = addNode(doc, { id: 'lstm', type: 'LSTM', position: { x: 480, y: 40 } });
    expect(blockPlacement(followed, ['embed'], { x: 0, y: 0 }).position).toEqual({ x: 520, y: 220 });
  });

  it('stand alone with d_model 64 when nothing (or no sequence) is selected', () => {
    expect(blockPlacement(doc, [], { x: 5, y: 6 })).toEqual({ dModel: 64, numHeads: 4, position: { x: 5, y: 6 } });
    expect(blockPlacement(doc, ['ids'], { x: 5, y: 6 })).toEqual({ dModel: 64, numHeads: 4, position: { x: 5, y: 6 } });
  });
});
