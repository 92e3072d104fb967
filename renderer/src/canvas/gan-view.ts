import type { GraphAnalysis } from '../../../shared/graph/analyze';
import type { GraphDocument } from '../../../shared/graph/document';
import { componentOf, ganRoles } from '../../../shared/graph/gan';
import type { NoiseDistribution } from '../../../shared/graph/training-config';

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
