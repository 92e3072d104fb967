/**
 * A DCGAN (Radford et al., 2016) on the built-in MNIST digits, sized for a 2-core laptop CPU:
 * the generator (left) draws a digit from noise, the discriminator (right) tells the drawn
 * digits from real ones. bench/dcgan.ts (`npm run bench:dcgan`) trains its default run and has
 * a LeNet-5 read 100 of its digits; bench/dcgan.test.ts trains a few iterations.
 */
import { analyzeGraph } from '../../shared/graph/analyze';
import type { GraphDocument } from '../../shared/graph/document';
import { estimatedNodeBoxes } from '../../shared/graph/node-face';
import { catalog } from '../../shared/layers';
import { build, save } from './builder';

const NOISE = 32;

const generator = build('generator', '', [
  { type: 'Input', name: 'noise', params: { shape: [NOISE] }, at: [0, 0] },
  { type: 'Dense', name: 'project', params: { units: 7 * 7 * 64 }, at: [1, 0] },
  { type: 'BatchNormalization', name: 'project_norm', at: [2, 0] },
  { type: 'Activation', name: 'project_relu', params: { activation: 'relu' }, at: [3, 0] },
  { type: 'Reshape', name: 'to_7x7', params: { targetShape: [7, 7, 64] }, at: [4, 0] },
  { type: 'Conv2DTranspose', name: 'up_14x14', params: { filters: 32, kernelSize: [4, 4], strides: [2, 2], padding: 'same' }, at: [5, 0] },
  { type: 'BatchNormalization', name: 'up_norm', at: [6, 0] },
  { type: 'Activation', name: 'up_relu', params: { activation: 'relu' }, at: [7, 0] },
  { type: 'Conv2DTranspose', name: 'generated_digit', params: { filters: 1, kernelSize: [4, 4], strides: [2, 2], padding: 'same', activation: 'sigmoid' }, at: [8, 0] },
]);

const discriminator = build('discriminator', '', [
  { type: 'Input', name: 'digit', params: { shape: [28, 28, 1] }, at: [10, 0] },
  { type: 'Conv2D', name: 'down_14x14', params: { filters: 32, kernelSize: [4, 4], strides: [2, 2], padding: 'same' }, at: [11, 0] },
  { type: 'Activation', name: 'down_14x14_leaky', params: { activation: 'leakyRelu', alpha: 0.2 }, at: [12, 0] },
  { type: 'Dropout', name: 'down_14x14_dropout', params: { rate: 0.3 }, at: [13, 0] },
  { type: 'Conv2D', name: 'down_7x7', params: { filters: 64, kernelSize: [4, 4], strides: [2, 2], padding: 'same' }, at: [14, 0] },
  { type: 'Activation', name: 'down_7x7_leaky', params: { activation: 'leakyRelu', alpha: 0.2 }, at: [15, 0] },
  { type: 'Dropout', name: 'down_7x7_dropout', params: { rate: 0.3 }, at: [16, 0] },
  { type: 'Flatten', name: 'features', at: [17, 0] },
  { type: 'Dense', name: 'real_or_fake', params: { units: 1 }, at: [18, 0] },
]);

const doc: GraphDocument = {
  ...generator,
  name: 'dcgan-mnist',
  description:
    'A DCGAN (Radford et al., 2016) on the built-in MNIST digits. The generator (left) turns 32 numbers of Gaussian noise into a 28×28 digit: a Dense layer projects the noise to 7×7×64 features, ' +
    'two Conv2DTranspose layers double the size twice, BatchNormalization and ReLU between them, a sigmoid draws the pixels in 0..1 like the real digits. ' +
    'The discriminator (right) halves a digit twice with strided convolutions (LeakyReLU, dropout) and ends in one logit: real or drawn. ' +
    'Each iteration trains the discriminator on a batch of real digits against a batch of drawn ones, then the generator to fool it (non-saturating loss, real digits labelled 0.9, Adam with β1 0.5 for each). ' +
    'After its 8 epochs over the 10,000 digits (about 6 minutes on one core of a laptop CPU) a LeNet-5 trained on MNIST reads the drawn digits as digits: ' +
    'over 100 samples its mean top-class probability is 0.81 and all ten digits are drawn (npm run bench:dcgan measures it; the bar is 0.8 and 8 digits).',
  nodes: [...generator.nodes, ...discriminator.nodes],
  edges: [...generator.edges, ...discriminator.edges],
};

/** Between the generator's box and the discriminator's: room for the drawn digits' flow from one to the other. */
const PLAYER_GAP = 200;

/**
 * The layout stacks the two networks' regions; a GAN reads better with the discriminator to the
 * right of the generator, its input level with the generator's output, where the drawn digits flow in.
 */
function discriminatorBesideGenerator(laidOut: GraphDocument): GraphDocument {
  const boxOf = estimatedNodeBoxes(laidOut, analyzeGraph(laidOut, catalog), catalog);
  const onRight = new Set(discriminator.nodes.map((n) => n.id));
  const left = laidOut.nodes.filter((n) => !onRight.has(n.id));
  const right = laidOut.nodes.filter((n) => onRight.has(n.id));
  const dx = Math.max(...left.map((n) => n.position.x + boxOf(n).width)) + PLAYER_GAP - Math.min(...right.map((n) => n.position.x));
  const dy = Math.min(...left.map((n) => n.position.y)) - Math.min(...right.map((n) => n.position.y));
  return {
    ...laidOut,
    nodes: laidOut.nodes.map((n) => (onRight.has(n.id) ? { ...n, position: { x: n.position.x + dx, y: n.position.y + dy } } : n)),
    edges: laidOut.edges.map((e) => (onRight.has(e.source) && e.route ? { ...e, route: e.route.map(([x, y]): [number, number] => [x + dx, y + dy]) } : e)),
  };
}

save('dcgan-mnist.nnd.json', doc, { kind: 'builtin', name: 'mnist' }, {
  epochs: 8,
  batchSize: 32,
  seed: 1,
  gan: {
    generator: { input: 'noise', output: 'generated_digit' },
    discriminator: { input: 'digit', output: 'real_or_fake' },
    noise: 'normal',
    loss: 'non-saturating',
    labelSmoothing: 0.1,
    discriminatorOptimizer: { optimizer: 'adam', learningRate: 0.0004, beta1: 0.5 },
    generatorOptimizer: { optimizer: 'adam', learningRate: 0.0004, beta1: 0.5 },
  },
}, discriminatorBesideGenerator);
