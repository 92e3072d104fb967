/**
 * The first examples of the course: a perceptron and an MLP on XOR, an MLP on two
 * spirals, a small residual CNN on 8×8 images of bars, and an MLP with two heads on the
 * penguins table.
 */
import { createRandom, gaussian } from '../../shared/data/dataset';
import type { TrainingConfigInput } from '../../shared/graph/training-config';
import { build, save, writeExampleData } from './builder';

// XOR: the truth table itself, four points. A line can classify at most three of them.
writeExampleData('xor.csv', 'x1,x2,xor\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n');
const xorData = { kind: 'csv', path: 'xor.csv', label: 'xor' };
const xorTraining: TrainingConfigInput = {
  optimizer: 'adam',
  learningRate: 0.1,
  loss: 'binaryCrossentropy',
  metrics: ['accuracy'],
  epochs: 100,
  batchSize: 4,
  validationSplit: 0,
  seed: 7,
};

save(
  'perceptron-xor.nnd.json',
  build(
    'perceptron-xor',
    'A perceptron: one Dense unit with a sigmoid, which draws a single straight line through the plane. ' +
      'XOR is not linearly separable, so no weights classify all four points of its truth table — at best three (accuracy 0.75), however long it trains. ' +
      'That is the point of this example; mlp-xor adds a hidden layer and solves it.',
    [
      { type: 'Input', params: { shape: [2] }, at: [0, 0] },
      { type: 'Dense', params: { units: 1, activation: 'sigmoid' }, at: [1, 0] },
    ],
  ),
  xorData,
  xorTraining,
);

save(
  'mlp-xor.nnd.json',
  build(
    'mlp-xor',
    'XOR learned by a multi-layer perceptron: a hidden layer of tanh units bends the plane so the two classes become separable, ' +
      'and the network classifies all four points of the truth table (accuracy 1.0) within a few seconds.',
    [
      { type: 'Input', params: { shape: [2] }, at: [0, 0] },
      { type: 'Dense', params: { units: 8, activation: 'tanh' }, at: [1, 0] },
      { type: 'Dense', params: { units: 1, activation: 'sigmoid' }, at: [2, 0] },
    ],
  ),
  xorData,
  xorTraining,
);

save(
  'mlp-spirals.nnd.json',
  build(
    'mlp-spirals',
    'Two interleaved spirals: a classic problem no straight line and no single bend can separate. ' +
      'Three hidden layers of ReLU units carve the plane into enough pieces to follow the arms; watch the validation accuracy climb past 0.9.',
    [
      { type: 'Input', params: { shape: [2] }, at: [0, 0] },
      { type: 'Dense', params: { units: 32, activation: 'relu' }, at: [1, 0] },
      { type: 'Dense', params: { units: 32, activation: 'relu' }, at: [2, 0] },
      { type: 'Dense', params: { units: 16, activation: 'relu' }, at: [3, 0] },
      { type: 'Dense', params: { units: 2, activation: 'softmax' }, at: [4, 0] },
    ],
  ),
  { kind: 'generated', name: 'spirals', samples: 600, noise: 0.05, classes: 2, seed: 3, labels: 'onehot' },
  { optimizer: 'adam', learningRate: 0.01, loss: 'categoricalCrossentropy', metrics: ['accuracy'], epochs: 60, batchSize: 32, validationSplit: 0.2, seed: 11 },
);

// Bars: 8×8 grey images of a horizontal, a vertical or a diagonal stroke in noise, as 64
// pixel columns plus the class. Small enough for the repository, hard enough to need convolutions to be easy.
const SIDE = 8;
const CLASSES = ['horizontal', 'vertical', 'diagonal'] as const;
function barsCsv(samples: number, seed: number): string {
  const random = createRandom(seed);
  const header = [...Array.from({ length: SIDE * SIDE }, (_, i) => `p${Math.floor(i / SIDE)}_${i % SIDE}`), 'shape'];
  const rows = [header.join(',')];
  for (let s = 0; s < samples; s++) {
    const kind = CLASSES[s % CLASSES.length]!;
    const pixels = new Array<number>(SIDE * SIDE).fill(0);
    const line = Math.floor(random() * SIDE);
    const length = 5 + Math.floor(random() * 4);
    const start = Math.floor(random() * (SIDE - length + 1));
    for (let k = start; k < start + length; k++) {
      const [r, c] = kind === 'horizontal' ? [line, k] : kind === 'vertical' ? [k, line] : [k, k];
      pixels[r * SIDE + c] = 1;
    }
    const noisy = pixels.map((p) => Math.min(1, Math.max(0, p * (0.7 + 0.3 * random()) + 0.12 * gaussian(random))));
    rows.push([...noisy.map((v) => v.toFixed(1)), kind].join(','));
  }
  return rows.join('\n') + '\n';
}
writeExampleData('bars.csv', barsCsv(240, 5));

save(
  'residual-cnn.nnd.json',
  build(
    'residual-cnn',
    'A small residual convolutional network on 8×8 images of bars (horizontal, vertical or diagonal strokes in noise, examples/bars.csv). ' +
      'The first convolution feeds two paths: a convolution + batch normalization branch, and a skip connection around it; an Add joins them, ' +
      'so the block learns a correction to its input rather than a whole new picture — the idea behind ResNet. Pooling and a Dense softmax classify.',
    [
      { type: 'Input', params: { shape: [SIDE * SIDE] }, at: [0, 1] },
      { type: 'Reshape', params: { targetShape: [SIDE, SIDE, 1] }, at: [1, 1] },
      { type: 'Conv2D', params: { filters: 8, kernelSize: [3, 3], padding: 'same', activation: 'relu' }, at: [2, 1] },
      { type: 'Conv2D', params: { filters: 8, kernelSize: [3, 3], padding: 'same' }, at: [3, 2], from: ['conv2d_1'] },
      { type: 'BatchNormalization', at: [4, 2] },
      { type: 'Add', at: [5, 1], from: ['conv2d_1', 'batch_normalization_1'] },
      { type: 'Activation', params: { activation: 'relu' }, at: [6, 1] },
      { type: 'MaxPooling2D', params: { poolSize: [2, 2] }, at: [7, 1] },
      { type: 'Flatten', at: [8, 1] },
      { type: 'Dense', params: { units: CLASSES.length, activation: 'softmax' }, at: [9, 1] },
    ],
  ),
  { kind: 'csv', path: 'bars.csv', label: 'shape' },
  { optimizer: 'adam', learningRate: 0.01, loss: 'categoricalCrossentropy', metrics: ['accuracy'], epochs: 15, batchSize: 32, validationSplit: 0.2, seed: 3 },
);

// Two heads on one trunk, as Keras's compile(loss={...}, loss_weights={...}): the species (classes)
// and the body mass (a number, standardized) of the Palmer penguins, from the other columns.
save(
  'penguins-two-heads.nnd.json',
  build(
    'penguins-two-heads',
    "One network, two heads, as Keras's compile(loss={…}, loss_weights={…}): from a penguin's island, beak, flippers and sex, a trunk of two Dense layers feeds " +
      'a softmax head for the species (categorical crossentropy, accuracy) and a linear head for the body mass (squared error on the standardized grams, MAE). ' +
      'The dataset reads two label columns (labels: species, body_mass_g), each a field that its head learns; the run minimizes species loss + 0.5 × body-mass loss and reports each head apart (species_acc, body_mass_g_mae, …). ' +
      'In 30 epochs (a few seconds) the species reaches at least 95 % validation accuracy (98.5 % with this seed) and the body-mass MAE stays under 0.35 standard deviations, ' +
      'about 230 g of the 789 g spread.',
    [
      { type: 'Input', params: { shape: [8] }, at: [0, 1] },
      { type: 'Dense', params: { units: 32, activation: 'relu' }, at: [1, 1] },
      { type: 'Dense', params: { units: 16, activation: 'relu' }, at: [2, 1] },
      { type: 'Dense', params: { units: 3, activation: 'softmax' }, at: [3, 0], from: ['dense_2'], name: 'species' },
      { type: 'Dense', params: { units: 1, activation: 'linear' }, at: [3, 2], from: ['dense_2'], name: 'body_mass_g' },
    ],
  ),
  { kind: 'builtin', name: 'penguins', labels: ['species', 'body_mass_g'], labelNormalize: 'standardize' },
  {
    optimizer: 'adam',
    learningRate: 0.01,
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
    outputs: {
      species: { target: 'species', loss: 'categoricalCrossentropy', weight: 1, metrics: ['accuracy'] },
      body_mass_g: { target: 'body_mass_g', loss: 'mse', weight: 0.5, metrics: ['mae'] },
    },
    epochs: 30,
    batchSize: 32,
    validationSplit: 0.2,
    seed: 7,
  },
);
