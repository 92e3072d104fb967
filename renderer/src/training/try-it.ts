import { create } from 'zustand';
import type { HostApi, Prediction } from '../../../shared/host-api';
import type { ModelInputInfo } from '../../../shared/training/protocol';
import { hostErrorMessage } from '../i18n/said-text';

/**
 * "Try it" after a run, kept apart from its component so it can be tested without a page:
 * how the person gives an input (a drawing, a text, a field per feature or one list of
 * numbers), how many numbers the model reads, and the host call that answers.
 */

export type TryItMode = 'draw' | 'text' | 'fields' | 'list';

/** Lists longer than this are typed as one comma-separated text, not a field each. */
const MAX_FIELDS = 12;

/**
 * How many numbers one input row holds: the model's per-sample shape, flattened. An image
 * set (MNIST, IDX files) names no features, so the feature names cannot be the count.
 */
export function inputWidth(input: Pick<ModelInputInfo, 'sampleShape'>): number {
  return input.sampleShape.reduce((a, b) => a * b, 1);
}

/** The names the fields are labelled with: the dataset's when it has one per number, else x1, x2, … */
export function featureLabels(input: Pick<ModelInputInfo, 'featureNames' | 'sampleShape'>): string[] {
  const width = inputWidth(input);
  return input.featureNames.length === width ? input.featureNames : Array.from({ length: width }, (_, i) => `x${i + 1}`);
}

/** A model reading pictures gets a drawing pad; a text classifier a text box; otherwise numbers. */
export function tryItMode(input: Pick<ModelInputInfo, 'featureNames' | 'sampleShape' | 'image'>, datasetKind: string | null): TryItMode {
  if (input.image) return 'draw';
  if (datasetKind === 'text') return 'text';
  return inputWidth(input) > MAX_FIELDS ? 'list' : 'fields';
}

/** The numbers typed, or null when they are not exactly `width` finite numbers. */
export function parseNumbers(raw: string | readonly string[], width: number): number[] | null {
  const parts = typeof raw === 'string' ? raw.split(/[\s,;]+/).filter(Boolean) : raw;
  const numbers = parts.map((part) => (typeof part === 'string' && part.trim() === '' ? Number.NaN : Number(part)));
  return numbers.length === width && numbers.every(Number.isFinite) ? numbers : null;
}

/**
 * A class name as a person can see it: a space, a line break or the empty padding token of a
 * character model would otherwise be a blank label.
 */
export function visibleClassName(name: string): string {
  if (name === '') return '<pad>';
  if (name === ' ') return '␣';
  if (name === '\n') return '↵';
  if (name === '\t') return '⇥';
  return name;
}

export type TryItError = { kind: 'needNumbers'; count: number } | { kind: 'host'; message: string };

export interface TryItState {
  result: Prediction | null;
  error: TryItError | null;
  busy: boolean;
  /** Predicts for one row of numbers (typed, or the drawing's pixels). */
  predictNumbers(raw: string | readonly string[] | readonly number[]): Promise<void>;
  /** Predicts for a text the person typed (text classifiers). */
  predictText(text: string): Promise<void>;
}

/** One try-it box's state for the run `runId`; `host` answers the predictions. */
export function createTryIt(host: Pick<HostApi, 'predict' | 'predictText'>, runId: string, input: Pick<ModelInputInfo, 'sampleShape'>) {
  return create<TryItState>()((set) => {
    const ask = async (call: () => Promise<Prediction>) => {
      set({ busy: true, error: null });
      try {
        set({ result: await call(), busy: false });
      } catch (err) {
        set({ result: null, busy: false, error: { kind: 'host', message: hostErrorMessage(err) } });
      }
    };
    return {
      result: null,
      error: null,
      busy: false,
      async predictNumbers(raw) {
        const width = inputWidth(input);
        const numbers = raw.length > 0 && typeof raw[0] === 'number' ? (raw as readonly number[]).slice() : parseNumbers(raw as string | readonly string[], width);
        if (!numbers || numbers.length !== width) {
          set({ error: { kind: 'needNumbers', count: width } });
          return;
        }
        await ask(() => host.predict({ runId, inputs: [numbers] }));
      },
      async predictText(text) {
        await ask(() => host.predictText({ runId, text }));
      },
    };
  });
}

export type TryItStore = ReturnType<typeof createTryIt>;
