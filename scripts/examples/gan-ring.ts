/**
 * GAN Lab's classic as a template: a generator and a discriminator, two small MLPs drawn side
 * by side, trained against each other on eight Gaussians in a ring (shared/data/generated.ts).
 * electron/worker/gan-ring.test.ts runs its default run and holds its JS divergence to the
 * description's claim.
 */
import type { GraphDocument } from '../../shared/graph/document';
import { build, save } from './builder';

function idOf(doc: GraphDocument, name: string): string {
  const node = doc.nodes.find((n) => n.name === name);
  if (!node) throw new Error(`no node ${name}`);
  return node.id;
}

const ring = build(
  'gan-ring',
  'A generative adversarial network on GAN Lab’s ring: eight Gaussian blobs on a circle. ' +
    'The generator (top) turns two random numbers into a point in the plane; the discriminator (bottom) reads a point, real or generated, and gives the probability that it is real. ' +
    'Each iteration trains the discriminator on a batch of real points against a batch of generated ones, then trains the generator to make the discriminator call its points real. ' +
    'Watch the generated points spread from a blob near the centre onto the ring and gather on the blobs: the Jensen–Shannon divergence between the real and the generated points ' +
    '(on a 30 × 30 grid, as GAN Lab counts it) falls from about 0.69 after the first epoch to about 0.15 after the last, less than half, in about 10 s on two CPU cores.',
  [
    { type: 'Input', name: 'noise', params: { shape: [2] }, at: [0, 0] },
    { type: 'Dense', name: 'generator_1', params: { units: 32, activation: 'tanh' }, at: [1, 0] },
    { type: 'Dense', name: 'generator_2', params: { units: 32, activation: 'tanh' }, at: [2, 0] },
    { type: 'Dense', name: 'generated_point', params: { units: 2, activation: 'linear' }, at: [3, 0] },
    { type: 'Input', name: 'point', params: { shape: [2] }, at: [0, 1], from: [] },
    { type: 'Dense', name: 'discriminator_1', params: { units: 32, activation: 'relu' }, at: [1, 1] },
    { type: 'Dense', name: 'discriminator_2', params: { units: 32, activation: 'relu' }, at: [2, 1] },
    { type: 'Dense', name: 'real_probability', params: { units: 1, activation: 'sigmoid' }, at: [3, 1] },
  ],
);

// Smooth tanh units let the generator bend its noise around the ring; a rate of 0.001 for both
// players keeps the last epochs close to where they settle (at 0.002 the divergence swings).
save('gan-ring.nnd.json', ring, { kind: 'generated', name: 'ring', samples: 1024, noise: 0.05, seed: 1 }, {
  epochs: 300,
  batchSize: 128,
  seed: 1,
  gan: {
    generator: { input: idOf(ring, 'noise'), output: idOf(ring, 'generated_point') },
    discriminator: { input: idOf(ring, 'point'), output: idOf(ring, 'real_probability') },
    noise: 'normal',
    loss: 'non-saturating',
    discriminatorOptimizer: { optimizer: 'adam', learningRate: 0.001, beta1: 0.5 },
    generatorOptimizer: { optimizer: 'adam', learningRate: 0.001, beta1: 0.5 },
  },
});
