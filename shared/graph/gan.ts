import type { FieldDescription } from '../data/fields';
import { formatSampleShape } from '../layers/shape-utils';
import type { Shape } from '../layers/types';
import type { GraphAnalysis, Problem } from './analyze';
import type { GraphDocument } from './document';
import type { GanConfig } from './training-config';

/**
 * The two networks of a GAN document (training.gan) as the editor, `nnd validate`, the worker
 * and the exporters see them. Pure: everyone resolves a GAN the same way and says the same
 * problems.
 */
export interface GanPlayer {
  /** The player's Input node. */
  input: string;
  /** The node whose output is the player's output. */
  output: string;
  /** Every node of the player's network (its connected part of the graph), in document order. */
  nodeIds: string[];
}

export interface GanRoles {
  generator: GanPlayer;
  discriminator: GanPlayer;
  /** One sample of noise: the generator Input's shape. */
  noiseShape: number[];
  /** One generated sample: the generator output's shape without the batch axis. */
  sampleShape: Shape;
  /**
   * What the discriminator's last layer gives: a probability (it ends in a sigmoid) or a raw
   * score (a logit; no activation). The losses take either.
   */
  discriminatorEnds: 'probability' | 'logit';
}

export type GanRole = 'generator-input' | 'generator-output' | 'discriminator-input' | 'discriminator-output';

function problem(nodeId: string, code: Problem['code'], params: Problem['params'], message: string): Problem {
  return { nodeId, severity: 'error', code, params, message };
}

/** The nodes joined to `start` by edges in either direction. */
export function componentOf(doc: GraphDocument, start: string): Set<string> {
  const neighbours = new Map<string, string[]>();
  for (const e of doc.edges) {
    neighbours.set(e.source, [...(neighbours.get(e.source) ?? []), e.target]);
    neighbours.set(e.target, [...(neighbours.get(e.target) ?? []), e.source]);
  }
  const seen = new Set([start]);
  const stack = [start];
  while (stack.length)
    for (const next of neighbours.get(stack.pop()!) ?? [])
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
  return seen;
}

const ROLE_WORDS: Record<GanRole, string> = {
  'generator-input': "the generator's noise input",
  'generator-output': "the generator's output",
  'discriminator-input': "the discriminator's input",
  'discriminator-output': "the discriminator's output",
};

/**
 * The players of `gan` in `doc`, or null with the problems that keep it from being a GAN:
 * a marked node that is missing or of the wrong kind (`gan-role`), a generator whose samples
 * do not fit the discriminator (`gan-shape`), a discriminator that does not end in one logit
 * or probability (`gan-discriminator-output`).
 */
export function ganRoles(doc: GraphDocument, analysis: GraphAnalysis, gan: GanConfig): { roles: GanRoles | null; problems: Problem[] } {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const problems: Problem[] = [];
  const marked: [GanRole, string][] = [
    ['generator-input', gan.generator.input],
    ['generator-output', gan.generator.output],
    ['discriminator-input', gan.discriminator.input],
    ['discriminator-output', gan.discriminator.output],
  ];
  for (const [role, id] of marked) {
    const node = byId.get(id);
    const words = ROLE_WORDS[role];
    if (!node) {
      problems.push(problem('', 'gan-role', { role, reason: 'missing', node: id }, `${words} is node "${id}", which is not in the graph: mark it again in the training settings`));
      continue;
    }
    const isInput = role.endsWith('-input');
    if (isInput && node.type !== 'Input')
      problems.push(problem(id, 'gan-role', { role, reason: 'not-input', node: node.name, type: node.type }, `${words} must be an Input node; ${node.name} is a ${node.type}`));
    if (!isInput && analysis.outputs.indexOf(id) < 0)
      problems.push(problem(id, 'gan-role', { role, reason: 'not-output', node: node.name }, `${words} must be a node nothing else reads from; ${node.name} feeds other layers`));
  }
  if (problems.length) return { roles: null, problems };

  const generatorNodes = componentOf(doc, gan.generator.input);
  const discriminatorNodes = componentOf(doc, gan.discriminator.input);
  if (!generatorNodes.has(gan.generator.output))
    problems.push(problem(gan.generator.output, 'gan-role', { role: 'generator-output', reason: 'apart', node: byId.get(gan.generator.output)!.name }, `${byId.get(gan.generator.output)!.name} is not connected to the generator's noise input`));
  if (!discriminatorNodes.has(gan.discriminator.output))
    problems.push(problem(gan.discriminator.output, 'gan-role', { role: 'discriminator-output', reason: 'apart', node: byId.get(gan.discriminator.output)!.name }, `${byId.get(gan.discriminator.output)!.name} is not connected to the discriminator's input`));
  if (generatorNodes.has(gan.discriminator.input))
    problems.push(
      problem(gan.discriminator.input, 'gan-role', { role: 'discriminator-input', reason: 'joined', node: byId.get(gan.discriminator.input)!.name }, `the generator and the discriminator are joined by edges: draw them as two separate networks (the run feeds the generator's samples to the discriminator itself)`),
    );
  for (const node of doc.nodes)
    if (!generatorNodes.has(node.id) && !discriminatorNodes.has(node.id))
      problems.push(problem(node.id, 'gan-role', { role: 'none', reason: 'outside', node: node.name }, `${node.name} belongs to neither the generator nor the discriminator: connect it to one of them or delete it`));
  if (problems.length) return { roles: null, problems };

  const generatorOut = analysis.nodes.get(gan.generator.output)?.outputShapes[0];
  const discriminatorIn = analysis.nodes.get(gan.discriminator.input)?.outputShapes[0];
  const discriminatorOut = analysis.nodes.get(gan.discriminator.output);
  const noise = analysis.nodes.get(gan.generator.input)?.outputShapes[0];
  // Shapes that could not be inferred are the graph's own problems, said elsewhere.
  if (!generatorOut || !discriminatorIn || !discriminatorOut || !noise) return { roles: null, problems };

  const sampleShape = generatorOut.slice(1);
  const discriminatorSample = discriminatorIn.slice(1);
  if (!sameShape(sampleShape, discriminatorSample)) {
    const name = byId.get(gan.generator.output)!.name;
    problems.push(
      problem(
        gan.generator.output,
        'gan-shape',
        { against: 'discriminator', node: name, actual: formatSampleShape(sampleShape), expected: formatSampleShape(discriminatorSample) },
        `the generator makes samples of shape ${formatSampleShape(sampleShape)} but the discriminator reads ${formatSampleShape(discriminatorSample)}: make ${name} give the discriminator's shape`,
      ),
    );
  }
  const outShape = discriminatorOut.outputShapes[0]!.slice(1);
  const name = byId.get(gan.discriminator.output)!.name;
  if (outShape.length !== 1 || outShape[0] !== 1)
    problems.push(
      problem(gan.discriminator.output, 'gan-discriminator-output', { reason: 'units', node: name, actual: formatSampleShape(outShape) }, `the discriminator must end in one unit (real or fake); ${name} gives ${formatSampleShape(outShape)}`),
    );
  const activation = discriminatorOut.params.activation;
  const ends = activation === 'sigmoid' ? 'probability' : activation === undefined || activation === 'linear' ? 'logit' : null;
  if (!ends)
    problems.push(
      problem(
        gan.discriminator.output,
        'gan-discriminator-output',
        { reason: 'activation', node: name, activation: String(activation) },
        `the discriminator must end in a logit (no activation) or a probability (sigmoid); ${name} ends in ${String(activation)}`,
      ),
    );
  if (gan.loss === 'hinge' && ends === 'probability')
    problems.push(
      problem(gan.discriminator.output, 'gan-discriminator-output', { reason: 'hinge-probability', node: name }, `the hinge loss scores a raw logit: remove the sigmoid of ${name}, or choose the non-saturating or least-squares loss`),
    );
  if (problems.length) return { roles: null, problems };

  const inDocumentOrder = (ids: Set<string>) => doc.nodes.filter((n) => ids.has(n.id)).map((n) => n.id);
  return {
    roles: {
      generator: { ...gan.generator, nodeIds: inDocumentOrder(generatorNodes) },
      discriminator: { ...gan.discriminator, nodeIds: inDocumentOrder(discriminatorNodes) },
      noiseShape: noise.slice(1).map((d) => d ?? 1),
      sampleShape,
      discriminatorEnds: ends!,
    },
    problems,
  };
}

/**
 * What keeps a GAN document from training beside its roles: real samples (the `real` field)
 * of the shape the generator makes. `fields` null: not known yet (no dataset, or the file decides).
 */
export function ganDataProblems(doc: GraphDocument, roles: GanRoles, gan: GanConfig, fields: Record<string, FieldDescription> | null): Problem[] {
  if (!fields) return [];
  const real = fields[gan.real];
  const input = doc.nodes.find((n) => n.id === roles.discriminator.input)!;
  if (!real)
    return [
      problem(
        roles.discriminator.input,
        'gan-shape',
        { against: 'data', node: input.name, field: gan.real, fields: Object.keys(fields).join(', ') },
        `the dataset has no field "${gan.real}" of real samples for ${input.name} (it has ${Object.keys(fields).join(', ')})`,
      ),
    ];
  const perSample = real.shape;
  if (sameShape(roles.sampleShape, perSample)) return [];
  return [
    problem(
      roles.generator.output,
      'gan-shape',
      { against: 'data', field: gan.real, actual: formatSampleShape(roles.sampleShape), expected: formatSampleShape(perSample) },
      `the generator makes samples of shape ${formatSampleShape(roles.sampleShape)} but the real samples ("${gan.real}") are ${formatSampleShape(perSample)}: the two must match`,
    ),
  ];
}

function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === null || b[i] === null || d === b[i]);
}
