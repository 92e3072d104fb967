import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAINING_SHARE, MAX_TRAINING_SHARE, MIN_TRAINING_SHARE, trainingShareAt, usePanels } from './panels-store';

describe('the canvas / training view split', () => {
  it('gives the training view the height below the pointer, within bounds that keep both usable', () => {
    expect(trainingShareAt(450, 50, 800)).toBeCloseTo(0.5);
    expect(trainingShareAt(60, 50, 800)).toBe(MAX_TRAINING_SHARE);
    expect(trainingShareAt(845, 50, 800)).toBe(MIN_TRAINING_SHARE);
    expect(trainingShareAt(100, 0, 0)).toBe(DEFAULT_TRAINING_SHARE);
  });

  it('keeps a share set from the keyboard within the same bounds', () => {
    usePanels.getState().setTrainingShare(2);
    expect(usePanels.getState().trainingShare).toBe(MAX_TRAINING_SHARE);
    usePanels.getState().setTrainingShare(0.4);
    expect(usePanels.getState().trainingShare).toBe(0.4);
  });
});
