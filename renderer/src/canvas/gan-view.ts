import type { GraphAnalysis } from '../../../shared/graph/analyze';
import type { GraphDocument } from '../../../shared/graph/document';
import { componentOf, ganRoles } from '../../../shared/graph/gan';
import type { NoiseDistribution } from '../../../shared/graph/training-config';
import { GAN_REGION_INSET } from '../../../shared/graph/layout';

export type GanPlayerName = 'generator' | 'discriminator';

/** What the canvas draws over a GAN document: nothing of it is stored, all comes from training.gan and the graph. */
export interface GanView {
  /** Each network's layers, for the tinted region behind them. */
  regions: { player: GanPlayerName; nodeIds: string[] }[];
  /** The generator's samples reaching the discriminator: the run does it, no edge of the document. */
  fakeWire: { source: string; sourceHandle: string; target: string } | null;
  noiseInput: { nodeId: string; distribution: NoiseDistribution; size: string } | null;
  realInput: { nodeId: string; field: string } | null;
}

const views = new WeakMap<GraphAnalysis, GanView | null>();

/**
 * The two networks of a GAN document as the canvas shows them, or null for any other
 * document. Resolved by ganRoles; while the marks or shapes still have problems, each
 * marked Input's own network stands for its player so the regions stay put as the student
 * fixes them (two networks joined by an edge get no regions: they would be one box).
 */
export function ganView(doc: GraphDocument, analysis: GraphAnalysis): GanView | null {
  const gan = doc.training.gan;
  if (!gan) return null;
  if (views.has(analysis)) return views.get(analysis)!;
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const isInput = (id: string) => byId.get(id)?.type === 'Input';
  const { roles } = ganRoles(doc, analysis, gan);
  const inDocumentOrder = (ids: Set<string>) => doc.nodes.filter((n) => ids.has(n.id)).map((n) => n.id);
  const generator = roles ? roles.generator.nodeIds : isInput(gan.generator.input) ? inDocumentOrder(componentOf(doc, gan.generator.input)) : [];
  const discriminator = roles ? roles.discriminator.nodeIds : isInput(gan.discriminator.input) ? inDocumentOrder(componentOf(doc, gan.discriminator.input)) : [];
  const apart = !generator.some((id) => discriminator.includes(id));
  const regions = apart
    ? ([
        ['generator', generator],
        ['discriminator', discriminator],
      ] as const)
        .filter(([, nodeIds]) => nodeIds.length > 0)
        .map(([player, nodeIds]) => ({ player, nodeIds: [...nodeIds] }))
    : [];

  const outputNode = analysis.nodes.get(gan.generator.output);
  const fakeWire =
    apart && generator.includes(gan.generator.output) && discriminator.includes(gan.discriminator.input)
      ? { source: gan.generator.output, sourceHandle: outputNode?.kind.outputs[0]?.name ?? 'out', target: gan.discriminator.input }
      : null;
  const noiseShape = analysis.nodes.get(gan.generator.input)?.outputShapes[0];
  const view: GanView = {
    regions,
    fakeWire,
    noiseInput: isInput(gan.generator.input)
      ? { nodeId: gan.generator.input, distribution: gan.noise, size: noiseShape ? noiseShape.slice(1).map((d) => d ?? '?').join('×') : '?' }
      : null,
    realInput: isInput(gan.discriminator.input) && gan.discriminator.input !== gan.generator.input ? { nodeId: gan.discriminator.input, field: gan.real } : null,
  };
  views.set(analysis, view);
  return view;
}

/**
 * Whether the two regions of a GAN document, as its layers now sit, would overlap (a graph
 * drawn before it became a GAN, its networks close together): then it is laid out afresh.
 */
export function ganRegionsOverlap(doc: GraphDocument, analysis: GraphAnalysis, sizeOf: (id: string) => { width: number; height: number }): boolean {
  const view = ganView(doc, analysis);
  if (!view || view.regions.length < 2) return false;
  const positions = new Map(doc.nodes.map((n) => [n.id, n.position]));
  const [a, b] = view.regions.map(({ nodeIds }) => {
    const rects = nodeIds.map((id) => ({ ...positions.get(id)!, ...sizeOf(id) }));
    return {
      left: Math.min(...rects.map((r) => r.x)) - GAN_REGION_INSET.side,
      right: Math.max(...rects.map((r) => r.x + r.width)) + GAN_REGION_INSET.side,
      top: Math.min(...rects.map((r) => r.y)) - GAN_REGION_INSET.top,
      bottom: Math.max(...rects.map((r) => r.y + r.height)) + GAN_REGION_INSET.side,
    };
  }) as [{ left: number; right: number; top: number; bottom: number }, { left: number; right: number; top: number; bottom: number }];
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}
