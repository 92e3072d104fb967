import { addNode, connect } from './actions';
import { emptyDocument, type GraphDocument } from './document';
import { GanConfigSchema, TrainingConfigSchema, type GanConfig, type GanConfigInput, type TrainingConfigInput } from './training-config';

/** A layer of a test GAN: kind, params and name (its id too). */
export type GanLayer = [type: string, params: Record<string, unknown>, name: string];

export const RING_GENERATOR: GanLayer[] = [
  ['Input', { shape: [2] }, 'noise'],
  ['Dense', { units: 16, activation: 'relu' }, 'g_hidden'],
  ['Dense', { units: 2 }, 'fake'],
];
export const RING_DISCRIMINATOR: GanLayer[] = [
  ['Input', { shape: [2] }, 'sample'],
  ['Dense', { units: 16, activation: 'relu' }, 'd_hidden'],
  ['Dense', { units: 1, activation: 'sigmoid' }, 'real_or_fake'],
];

/**
 * A small GAN on GAN Lab's ring (a generated set of a few hundred points): two chains of
 * layers, each from its Input, and the GAN marks on their ends.
 */
export function ganDocument(
  { generator = RING_GENERATOR, discriminator = RING_DISCRIMINATOR, gan = {}, training = {} }: { generator?: GanLayer[]; discriminator?: GanLayer[]; gan?: Partial<GanConfigInput>; training?: Partial<TrainingConfigInput> } = {},
): GraphDocument {
  const doc: GraphDocument = {
    ...withChains(emptyDocument(), generator, discriminator),
    name: 'ring gan',
    dataset: { kind: 'generated', name: 'ring', samples: 256, noise: 0.05, classes: 2, seed: 1, labels: 'onehot' },
  };
  const marks = marksOf(generator, discriminator, { discriminatorOptimizer: { learningRate: 0.005 }, generatorOptimizer: { learningRate: 0.005 }, ...gan });
  return { ...doc, training: TrainingConfigSchema.parse({ ...doc.training, epochs: 2, batchSize: 64, ...training, gan: marks }) };
}

/** `doc` with each chain of layers added, each layer wired to the one before it (a chain starts at its Input). */
export function withChains(doc: GraphDocument, ...chains: GanLayer[][]): GraphDocument {
  for (const chain of chains)
    chain.forEach(([type, params, name], i) => {
      doc = addNode(doc, { type, params, name, id: name });
      if (i > 0) doc = connect(doc, { source: chain[i - 1]![2], target: name });
    });
  return doc;
}

/** The GAN marks on the ends of two chains: the generator's Input and last layer, the discriminator's. */
export function marksOf(generator: GanLayer[], discriminator: GanLayer[], marks: Partial<GanConfigInput> = {}): GanConfig {
  return GanConfigSchema.parse({
    generator: { input: generator[0]![2], output: generator[generator.length - 1]![2] },
    discriminator: { input: discriminator[0]![2], output: discriminator[discriminator.length - 1]![2] },
    ...marks,
  });
}
