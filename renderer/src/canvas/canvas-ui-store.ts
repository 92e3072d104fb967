import { create } from 'zustand';

type Point = { x: number; y: number };

/** A wire dragged from a port into empty space: the new layer will be connected to it. */
export interface PendingWire {
  nodeId: string;
  handleId: string;
  /** `source`: the wire leaves an output, so the new layer's input takes it. */
  handleType: 'source' | 'target';
}

/** Transient canvas UI: not the document, not worth keeping across sessions. */
interface CanvasUiState {
  quickAdd: { screen: Point; flow: Point; wire: PendingWire | null } | null;
  /** Why the wire under the pointer would be refused, and where the pointer is. */
  refusal: { reason: string; screen: Point } | null;
  /** The last pointer position over the canvas, for Space / Tab / paste at the pointer. */
  pointer: { screen: Point; flow: Point } | null;
  openQuickAdd(screen: Point, flow: Point, wire?: PendingWire | null): void;
  closeQuickAdd(): void;
  setRefusal(refusal: { reason: string; screen: Point } | null): void;
  setPointer(pointer: { screen: Point; flow: Point }): void;
}

export const useCanvasUi = create<CanvasUiState>()((set) => ({
  quickAdd: null,
  refusal: null,
  pointer: null,
  openQuickAdd: (screen, flow, wire = null) => set({ quickAdd: { screen, flow, wire } }),
  closeQuickAdd: () => set({ quickAdd: null }),
  setRefusal: (refusal) => set({ refusal }),
  setPointer: (pointer) => set({ pointer }),
}));
