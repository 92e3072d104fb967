import { create } from 'zustand';

/** The training view's share of the editor's height when open under the canvas: enough for both to stay usable. */
export const MIN_TRAINING_SHARE = 0.25;
export const MAX_TRAINING_SHARE = 0.85;
export const DEFAULT_TRAINING_SHARE = 0.58;

/** The training view's share after the splitter is dragged to `pointerY` in an editor spanning `top`…`top + height`. */
export function trainingShareAt(pointerY: number, top: number, height: number): number {
  if (height <= 0) return DEFAULT_TRAINING_SHARE;
  return clampShare((top + height - pointerY) / height);
}

export const clampShare = (share: number) => Math.min(MAX_TRAINING_SHARE, Math.max(MIN_TRAINING_SHARE, share));

/** Which side panels of the editor are shown (View menu) and how the canvas and training view share the height; view state, not part of the document. */
interface PanelsState {
  palette: boolean;
  inspector: boolean;
  trainingShare: number;
  toggle(panel: 'palette' | 'inspector'): void;
  setTrainingShare(share: number): void;
}

export const usePanels = create<PanelsState>()((set, get) => ({
  palette: true,
  inspector: true,
  trainingShare: DEFAULT_TRAINING_SHARE,
  toggle: (panel) => set({ [panel]: !get()[panel] }),
  setTrainingShare: (share) => set({ trainingShare: clampShare(share) }),
}));
