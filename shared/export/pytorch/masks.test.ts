import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../graph/analyze';
import { catalog } from '../../layers';
import { graph } from '../test-graphs';
import { pytorchModelSource, pytorchProblems } from './model-py';

const tokens = (maskZero: boolean) =>
  [
    ['ids', 'Input', { shape: [6], dtype: 'int32' }],
    ['embed', 'Embedding', { inputDim: 20, outputDim: 4, maskZero }, ['ids']],
  ] as const;

function exported(name: string, maskZero: boolean, rest: [string, string, Record<string, unknown>, string[]][]) {
  const doc = graph(name, [...tokens(maskZero).map((n) => [...n] as [string, string, Record<string, unknown>, string[]?]), ...rest]);
  const analysis = analyzeGraph(doc, catalog);
  expect(analysis.problems).toEqual([]);
  return { doc, analysis };
}

describe('the padding mask in the PyTorch export', () => {
  it('travels from an Embedding with maskZero through the layers that hand it on to the LSTM that reads it', () => {
    const { doc, analysis } = exported('masked', true, [
      ['dense', 'Dense', { units: 3 }, ['embed']],
      ['lstm', 'LSTM', { units: 2, returnSequences: true }, ['dense']],
      ['gru', 'GRU', { units: 2 }, ['lstm']],
    ]);
    const code = pytorchModelSource(doc, analysis, catalog).code;
    expect(code).toContain('embed_mask = ids != 0');
    expect(code).toContain('lstm = self.lstm(dense, mask=embed_mask)');
    expect(code).toContain('gru = self.gru(lstm, mask=embed_mask)');
  });

  it('is not made without maskZero, and a last step alone carries none', () => {
    const plain = exported('plain', false, [['lstm', 'LSTM', { units: 2 }, ['embed']]]);
    expect(pytorchModelSource(plain.doc, plain.analysis, catalog).code).not.toContain('_mask');
    const last = exported('last', true, [
      ['lstm', 'LSTM', { units: 2 }, ['embed']],
      ['dense', 'Dense', { units: 2 }, ['lstm']],
      ['repeat', 'RepeatVector', { n: 3 }, ['dense']],
      ['gru', 'GRU', { units: 2 }, ['repeat']],
    ]);
    expect(pytorchModelSource(last.doc, last.analysis, catalog).code).toContain('gru = self.gru(repeat)');
  });

  it('refuses the layers that read a mask the export does not write, saying to turn maskZero off', () => {
    const { doc, analysis } = exported('refused', true, [
      ['lstm', 'LSTM', { units: 4, returnSequences: true }, ['embed']],
      ['joined', 'Concatenate', {}, ['lstm', 'embed']],
      ['sum', 'Add', {}, ['embed', 'lstm', 'embed']],
    ]);
    expect(pytorchProblems(doc, analysis, catalog)).toEqual([
      { nodeId: 'joined', message: expect.stringMatching(/^Concatenate after an Embedding with maskZero .* turn maskZero off$/) },
      { nodeId: 'sum', message: expect.stringMatching(/^Add of more than two inputs after an Embedding with maskZero .* turn maskZero off$/) },
    ]);
  });
});
