import { create } from 'zustand';

/** Which side panels of the editor are shown (View menu); view state, not part of the document. */
interface PanelsState {
  palette: boolean;
  inspector: boolean;
  toggle(panel: 'palette' | 'inspector'): void;
}

export const usePanels = create<PanelsState>()((set, get) => ({
  palette: true,
  inspector: true,
  toggle: (panel) => set({ [panel]: !get()[panel] }),
}));
