import { describe, expect, it } from 'vitest';
import { generateSequenceTask, SequenceTaskDatasetSchema, SEQUENCE_VOCABULARY } from './sequence-tasks';

const task = (extra: Record<string, unknown>) => generateSequenceTask(SequenceTaskDatasetSchema.parse({ kind: 'sequence-task', samples: 30, ...extra }));
const text = (ids: ArrayLike<number>) => Array.from(ids, (id) => SEQUENCE_VOCABULARY[id]).join(' ');

describe('sequence tasks', () => {
  it('reverses digit strings: target = the digits reversed then <end>, decoder input = <start> then the target shifted right', () => {
    const data = task({ task: 'reverse', length: 4 });
    const { source, decoder_input, target } = data.fields!;
    expect(source!.shape).toEqual([30, 4]);
    expect(target!.shape).toEqual([30, 5]);
    const digits = text(source!.values.slice(0, 4)).split(' ');
    expect(text(target!.values.slice(0, 5))).toBe([...digits.reverse(), '<end>'].join(' '));
    expect(text(decoder_input!.values.slice(0, 5))).toBe(['<start>', ...text(target!.values.slice(0, 4)).split(' ')].join(' '));
    expect(target).toMatchObject({ kind: 'class-index', ignoreValue: 0, classNames: SEQUENCE_VOCABULARY });
    expect(data.fields!.x).toBe(source);
    expect(data.fields!.y).toBe(target);
  });

  it('sorts digits', () => {
    const data = task({ task: 'sort', length: 6 });
    const digits = text(data.x.slice(6, 12)).split(' ').map(Number);
    expect(text(data.y.slice(7, 14))).toBe([...digits.sort((a, b) => a - b), '<end>'].join(' '));
  });

  it('adds two numbers written as digits, the answer padded with 0 to a fixed length', () => {
    const data = task({ task: 'add', length: 2, samples: 200 });
    expect(data.xShape).toEqual([200, 5]);
    expect(data.yShape).toEqual([200, 4]);
    for (let s = 0; s < 200; s++) {
      const written = text(data.x.slice(s * 5, s * 5 + 5)).replace(/ /g, '');
      const [a, b] = written.split('+').map(Number);
      expect(written).toMatch(/^\d\d\+\d\d$/);
      const answer = Array.from(data.y.slice(s * 4, s * 4 + 4)).filter((id) => id !== 0);
      expect(text(answer)).toBe([...String(a! + b!), '<end>'].join(' '));
    }
    // Two-digit sums are padded after <end>: the padding is left out of the loss.
    expect(Array.from(data.y).some((id) => id === 0)).toBe(true);
  });

  it('is deterministic for a seed', () => {
    expect(task({ task: 'reverse', seed: 5 }).x).toEqual(task({ task: 'reverse', seed: 5 }).x);
  });
});
