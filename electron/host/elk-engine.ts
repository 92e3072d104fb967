import type { LayoutEngine } from '../../shared/graph/layout';

let engine: Promise<LayoutEngine> | null = null;

/** elkjs, loaded on first use: most commands never lay a graph out. */
export function elkEngine(): Promise<LayoutEngine> {
  engine ??= import('elkjs/lib/elk.bundled.js').then(({ default: ELK }) => new ELK() as unknown as LayoutEngine);
  return engine;
}
