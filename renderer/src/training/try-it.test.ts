import { describe, expect, it } from 'vitest';
import type { Prediction } from '../../../shared/host-api';
import { createTryIt, featureLabels, inputWidth, parseNumbers, tryItMode, visibleClassName } from './try-it';

/** What an MNIST run (built-in or IDX files) reports: a picture, and no feature names. */
const mnist = { featureNames: [], sampleShape: [28, 28, 1], classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], image: { height: 28, width: 28, channels: 1 } };
const spirals = { featureNames: ['x', 'y'], sampleShape: [2], classNames: ['a', 'b'] };

function recordingHost(answer: Prediction) {
  const calls: { method: string; params: unknown }[] = [];
  return {
    calls,
    host: {
      predict: async (params: { runId: string; inputs: number[][] }) => {
        calls.push({ method: 'predict', params });
        return answer;
      },
      predictText: async (params: { runId: string; text: string }) => {
        calls.push({ method: 'predictText', params });
        return answer;
      },
    },
  };
}

describe('try-it', () => {
  it('counts the numbers a row holds from the model’s sample shape, not the (absent) feature names', () => {
    expect(inputWidth(mnist)).toBe(784);
    expect(featureLabels(mnist)).toHaveLength(784);
    expect(featureLabels(mnist)[0]).toBe('x1');
    expect(featureLabels(spirals)).toEqual(['x', 'y']);
  });

  it('offers a pad for pictures, a text box for text classifiers, fields or one list for numbers', () => {
    expect(tryItMode(mnist, 'builtin')).toBe('draw');
    expect(tryItMode({ featureNames: [], sampleShape: [40] }, 'text')).toBe('text');
    expect(tryItMode(spirals, 'generated')).toBe('fields');
    expect(tryItMode({ featureNames: [], sampleShape: [30] }, 'csv')).toBe('list');
  });

  it('parses typed numbers only when there are exactly as many finite ones as the model reads', () => {
    expect(parseNumbers('1, 2;3 4', 4)).toEqual([1, 2, 3, 4]);
    expect(parseNumbers('1, 2', 3)).toBeNull();
    expect(parseNumbers(['1', 'abc'], 2)).toBeNull();
    expect(parseNumbers(['1', ''], 2)).toBeNull();
  });

  it('sends a drawn MNIST digit (784 pixels) to the host and keeps its answer', async () => {
    const answer: Prediction = { outputs: [[0.1, 0.9]], classes: [{ index: 1, name: '1', probability: 0.9 }] };
    const { host, calls } = recordingHost(answer);
    const store = createTryIt(host, 'run-1', mnist);
    await store.getState().predictNumbers(new Array<number>(784).fill(0.5));
    expect(store.getState().error).toBeNull();
    expect(store.getState().result).toEqual(answer);
    expect(calls).toHaveLength(1);
    expect((calls[0]!.params as { inputs: number[][] }).inputs[0]).toHaveLength(784);
  });

  it('says how many numbers are needed instead of calling the host with a short row', async () => {
    const { host, calls } = recordingHost({ outputs: [[1]] });
    const store = createTryIt(host, 'run-1', spirals);
    await store.getState().predictNumbers(['1']);
    expect(store.getState().error).toEqual({ kind: 'needNumbers', count: 2 });
    expect(calls).toHaveLength(0);
  });

  it('classifies a typed text through predictText, and reports a refusal as the host said it', async () => {
    const { host, calls } = recordingHost({ outputs: [[0.8]] });
    const store = createTryIt(host, 'run-2', { sampleShape: [40] });
    await store.getState().predictText('WIN a prize');
    expect(calls).toEqual([{ method: 'predictText', params: { runId: 'run-2', text: 'WIN a prize' } }]);
    const failing = createTryIt(
      { predict: () => Promise.reject(new Error('the run is gone')), predictText: () => Promise.reject(new Error('no')) },
      'run-3',
      spirals,
    );
    await failing.getState().predictNumbers(['1', '2']);
    expect(failing.getState().error).toEqual({ kind: 'host', message: 'the run is gone' });
    expect(failing.getState().busy).toBe(false);
  });

  it('shows space, line-break and padding classes as visible marks', () => {
    expect(visibleClassName(' ')).toBe('␣');
    expect(visibleClassName('')).toBe('<pad>');
    expect(visibleClassName('\n')).toBe('↵');
    expect(visibleClassName('a')).toBe('a');
  });
});
