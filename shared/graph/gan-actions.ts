import { EditError } from './actions';
import type { GraphAnalysis } from './analyze';
import type { GraphDocument } from './document';
import { componentOf } from './gan';
import { GanConfigSchema, type GanConfig, type GanConfigInput } from './training-config';

/**
 * Pure edits of a document's GAN settings (`training.gan`), in actions.ts's manner: each
 * returns a new document, so undo takes a GAN change back like any other.
 */

/** One network of a graph drawn as two: its Input and its output (the node nothing reads from). */
export interface NetworkEnds {
  input: string;
  output: string;
}

/**
 * The graph's networks when it is two unconnected ones, each from one Input to one output:
 * what a GAN needs, in document order. Null for any other graph.
 */
export function twoNetworks(doc: GraphDocument, analysis: Pick<GraphAnalysis, 'outputs'>): [NetworkEnds, NetworkEnds] | null {
  const networks: NetworkEnds[] = [];
  const seen = new Set<string>();
  for (const node of doc.nodes) {
    if (seen.has(node.id)) continue;
    const members = componentOf(doc, node.id);
    for (const id of members) seen.add(id);
    const inputs = doc.nodes.filter((n) => members.has(n.id) && n.type === 'Input');
    const outputs = analysis.outputs.filter((id) => members.has(id));
    if (inputs.length !== 1 || outputs.length !== 1) return null;
    networks.push({ input: inputs[0]!.id, output: outputs[0]! });
  }
  return networks.length === 2 ? [networks[0]!, networks[1]!] : null;
}

/**
 * Which of two networks is the generator and which the discriminator: the discriminator's
 * Input feeds one unit (real or fake). When both or neither end in one unit, the one that
 * reads what the other makes is the discriminator; failing that, the first drawn generates.
 */
export function guessGanPlayers(doc: GraphDocument, analysis: GraphAnalysis): { generator: NetworkEnds; discriminator: NetworkEnds } | null {
  const networks = twoNetworks(doc, analysis);
  if (!networks) return null;
  const sample = (id: string, port: 'in' | 'out') => {
    const shape = analysis.nodes.get(id)?.outputShapes[0];
    return shape ? JSON.stringify(shape.slice(1)) : port;
  };
  const oneUnit = (n: NetworkEnds) => sample(n.output, 'out') === '[1]';
  const reads = (d: NetworkEnds, g: NetworkEnds) => sample(d.input, 'in') === sample(g.output, 'out');
  const [a, b] = networks;
  const score = (d: NetworkEnds, g: NetworkEnds) => (oneUnit(d) ? 2 : 0) + (reads(d, g) ? 1 : 0);
  return score(b, a) >= score(a, b) ? { generator: a, discriminator: b } : { generator: b, discriminator: a };
}

/** Makes the document a GAN with the guessed players and the default settings; its other training settings stay for "Train as one model". */
export function trainAsGan(doc: GraphDocument, analysis: GraphAnalysis): GraphDocument {
  const players = guessGanPlayers(doc, analysis);
  if (!players) throw new EditError('a GAN needs the graph drawn as two unconnected networks, each from one Input to one output');
  return { ...doc, training: { ...doc.training, gan: GanConfigSchema.parse(players) } };
}

/** Back to one model: the GAN settings go, the single model's come back into effect. */
export function trainAsOneModel(doc: GraphDocument): GraphDocument {
  if (!doc.training.gan) return doc;
  const { gan: _dropped, ...training } = doc.training;
  return { ...doc, training };
}

/** Changes some GAN settings (a mark, the loss, k_D, a player's optimizer…), checked against the schema. */
export function setGan(doc: GraphDocument, change: Partial<GanConfigInput>): GraphDocument {
  const gan = doc.training.gan;
  if (!gan) throw new EditError('this document is not a GAN: choose "Train as a GAN" first');
  const next: GanConfig = GanConfigSchema.parse({ ...gan, ...change });
  // A mark is moved onto a node of the graph; one left on a deleted node is a problem the panel shows, not a reason to refuse other changes.
  for (const player of [change.generator, change.discriminator])
    for (const id of player ? [player.input, player.output] : [])
      if (!doc.nodes.some((n) => n.id === id)) throw new EditError(`no node "${id}" in the graph`);
  return { ...doc, training: { ...doc.training, gan: next } };
}
