import type { Subgraph } from '../../../shared/graph/actions';

/**
 * The layer clipboard lives in localStorage so a copy in one project (or window) can be
 * pasted into another. The system clipboard is not used: it needs a permission prompt in
 * browser mode and would put JSON into other apps.
 */
const STORAGE_KEY = 'nnd.clipboard';

export function readClipboard(): Subgraph | null {
  try {
    const text = localStorage.getItem(STORAGE_KEY);
    if (!text) return null;
    const value = JSON.parse(text) as Subgraph;
    return Array.isArray(value.nodes) && Array.isArray(value.edges) ? value : null;
  } catch {
    return null;
  }
}

export function writeClipboard(sub: Subgraph): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(sub));
  } catch {
    // Without storage the clipboard still works inside this window (the store keeps a copy).
  }
}
