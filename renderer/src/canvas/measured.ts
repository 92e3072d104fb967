import type { Node } from '@xyflow/react';

/** Sizes React Flow measured in the page, for layout that should not overlap real boxes. */
export function measuredSizes(nodes: readonly Node[]): Map<string, { width: number; height: number }> {
  const sizes = new Map<string, { width: number; height: number }>();
  for (const n of nodes) if (n.measured?.width && n.measured.height && n.type === 'layer') sizes.set(n.id, { width: n.measured.width, height: n.measured.height });
  return sizes;
}
