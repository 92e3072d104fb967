import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileGraph } from '../../shared/compile/compile';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import type { RunRecord } from '../../shared/training/run-record';
import { readProject } from '../node/project-files';
import { attentionMapsOf, encoderDecoderInputsOf, sequenceTaskSourceIds, textIdsOf } from './sequence-inspection';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));

/** A run record of an example project as the host keeps it: the project's dataset, its path beside the example. */
async function recordOf(file: string): Promise<RunRecord> {
  const doc = await readProject(path.join(EXAMPLES, file));
  return { id: 'run-1', dataset: doc.dataset, training: doc.training, document: doc, projectPath: path.join(EXAMPLES, file) } as unknown as RunRecord;
}

describe('text try-it on the host', () => {
  it('tokenizes a typed text as the spam classifier’s training texts were: known words get their ids, the rest is padding', async () => {
    const ids = await textIdsOf(await recordOf('lstm-spam.nnd.json'), 'FREE money for you now');
    expect(ids).toHaveLength(16);
    expect(ids.slice(0, 5).every((id) => id > 1)).toBe(true);
    expect(ids.slice(5).every((id) => id === 0)).toBe(true);
  });

  it('refuses to classify with a next-token model, pointing at writing instead', async () => {
    await expect(textIdsOf(await recordOf('char-decoder.nnd.json'), 'hello')).rejects.toThrow(/next token.*generateText/);
  });
});

describe('encoder–decoder attention on the host', () => {
  it('reads eight typed digits as the source, and refuses other lengths and characters', async () => {
    const record = await recordOf('seq2seq-reverse.nnd.json');
    const dataset = record.dataset;
    if (dataset.kind !== 'sequence-task') throw new Error('seq2seq-reverse trains on a sequence task');
    // '0'..'9' are ids 3..12.
    expect(sequenceTaskSourceIds(dataset, '12 345678')).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
    expect(() => sequenceTaskSourceIds(dataset, '1234567')).toThrow(/type 8 tokens/);
    expect(() => sequenceTaskSourceIds(dataset, '1234567a')).toThrow(/type 8 tokens/);
  });

  it('finds the source and the decoder input among the model inputs, and maps the cross-attention from the answer to the source', async () => {
    const record = await recordOf('seq2seq-reverse.nnd.json');
    const { model } = compileGraph(record.document, tfjsCatalog);
    const inputs = encoderDecoderInputsOf(record);
    expect([model.inputNames[inputs.source], model.inputNames[inputs.decoderInput]]).toEqual(['source', 'decoder_input']);
    const maps = await attentionMapsOf(model, record, '12345678');
    expect(maps.tokens).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    // Untrained, it writes something of at most 9 tokens; the decoder reads it after the start token.
    expect(maps.answer!.length).toBeLessThanOrEqual(9);
    const cross = maps.layers.filter((l) => l.keyTokens?.join() === maps.tokens.join() && l.queryTokens?.[0] === '<start>');
    const decoderSelf = maps.layers.filter((l) => l.causal);
    expect(maps.layers).toHaveLength(3);
    expect(cross).toHaveLength(1);
    expect(decoderSelf).toHaveLength(1);
    expect(decoderSelf[0]!.keyTokens![0]).toBe('<start>');
    expect(cross[0]!.heads[0]).toHaveLength(9);
    for (const row of cross[0]!.heads[0]!) {
      expect(row).toHaveLength(8);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    }
    model.dispose();
  });
});
