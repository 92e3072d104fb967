import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedMathRandom, withSeededRandom } from '../seed';
import { FastGRU, FastLSTM, FastSimpleRNN, registerLayerClasses, ResetAfterGRU } from '.';

/**
 * The fused recurrent layers against tfjs's own on the cpu backend: outputs and the
 * gradients with respect to the input and every weight, for the configurations the app
 * exposes; the fallback to tfjs's loop; saving and loading across both; and training.
 */
beforeAll(async () => {
  registerLayerClasses();
  await tf.setBackend('cpu');
});

const [BATCH, STEPS, FEATURES, UNITS] = [3, 5, 4, 6];

/** max |a − b| / max |b|: the relative error of a whole tensor. */
function relativeError(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => {
    expect(a.shape).toEqual(b.shape);
    const scale = Math.max(tf.max(tf.abs(b)).dataSync()[0]!, 1e-6);
    return tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]! / scale;
  });
}

type AnyLayer = tf.layers.Layer;

/** Output(s), then d(random projection of the outputs) / d(input, each weight). */
function valuesAndGradients(layer: AnyLayer, x: tf.Tensor, kwargs: Record<string, unknown> = {}): { outputs: tf.Tensor[]; grads: tf.Tensor[] } {
  const input = tf.variable(x, true, `input_${layer.name}_${Math.random()}`);
  const weights = layer.trainableWeights.map((w) => w.read() as tf.Variable);
  let outputs: tf.Tensor[] = [];
  const { grads } = tf.variableGrads(() => {
    const out = layer.apply(input, kwargs) as tf.Tensor | tf.Tensor[];
    outputs = (Array.isArray(out) ? out : [out]).map((t) => tf.keep(t));
    // A fixed random weighting of every output, so each element's gradient differs.
    return tf.addN(outputs.map((t, i) => tf.sum(tf.mul(t, tf.randomNormal(t.shape, 0, 1, 'float32', 50 + i))))) as tf.Scalar;
  }, [input, ...weights]);
  const result = { outputs, grads: [input, ...weights].map((v) => grads[v.name]!) };
  input.dispose();
  return result;
}

function sameRandomWeights(layers: AnyLayer[], seed: number): void {
  const weights = layers[0]!.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 0.5, 'float32', seed + i));
  for (const layer of layers) layer.setWeights(weights);
}

function expectAgreement(fast: AnyLayer, stock: AnyLayer, x: tf.Tensor, kwargs: Record<string, unknown> = {}, seed = 0): void {
  const a = withSeededRandom(seed, () => valuesAndGradients(fast, x, kwargs));
  const b = withSeededRandom(seed, () => valuesAndGradients(stock, x, kwargs));
  expect(a.outputs.length).toBe(b.outputs.length);
  a.outputs.forEach((t, i) => expect(relativeError(t, b.outputs[i]!), `output ${i}`).toBeLessThanOrEqual(1e-4));
  a.grads.forEach((t, i) => expect(relativeError(t, b.grads[i]!), `gradient ${i === 0 ? 'of the input' : `of ${fast.trainableWeights[i - 1]!.name}`}`).toBeLessThanOrEqual(1e-4));
}

function buildPair<L extends AnyLayer>(fast: L, stock: AnyLayer, seed: number): [L, AnyLayer] {
  const input = tf.input({ shape: [STEPS, FEATURES] });
  fast.apply(input);
  stock.apply(input);
  sameRandomWeights([fast, stock], seed);
  return [fast, stock];
}

const sequence = tf.randomNormal([BATCH, STEPS, FEATURES], 0, 1, 'float32', 7);
/** Sequence 0 is padded at the end, sequence 1 has a hole, sequence 2 is full. */
const paddingMask = tf.tensor2d(
  [
    [1, 1, 1, 0, 0],
    [1, 0, 1, 1, 0],
    [1, 1, 1, 1, 1],
  ],
  [BATCH, STEPS],
  'bool',
);

/** ResetAfterGRU through its own step-by-step loop: the reference for its fused path. */
class StepByStepResetAfterGRU extends ResetAfterGRU {
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Parameters<ResetAfterGRU['call']>[1]): tf.Tensor | tf.Tensor[] {
    return this.callStepByStep(inputs, kwargs);
  }
}

type RecurrentArgs = Parameters<typeof tf.layers.lstm>[0];
interface Kind {
  name: string;
  fast: (args: RecurrentArgs) => AnyLayer & { lastCallWasFused: boolean };
  stock: (args: RecurrentArgs) => AnyLayer;
  gates: boolean;
}
const KINDS: Kind[] = [
  { name: 'LSTM', fast: (a) => new FastLSTM(a), stock: (a) => tf.layers.lstm(a), gates: true },
  { name: 'GRU', fast: (a) => new FastGRU(a), stock: (a) => tf.layers.gru(a), gates: true },
  { name: 'SimpleRNN', fast: (a) => new FastSimpleRNN(a), stock: (a) => tf.layers.simpleRNN(a), gates: false },
  {
    name: 'ResetAfterGRU',
    fast: (a) => new ResetAfterGRU(a as ConstructorParameters<typeof ResetAfterGRU>[0]),
    stock: (a) => new StepByStepResetAfterGRU(a as ConstructorParameters<typeof ResetAfterGRU>[0]),
    gates: true,
  },
];

for (const kind of KINDS)
describe(`the fused ${kind.name} agrees with tfjs’s step loop (values and gradients, relative error ≤ 1e-4)`, () => {
  const configs: { name: string; args: Partial<RecurrentArgs>; kwargs?: Record<string, unknown> }[] = [
    { name: 'last state', args: {} },
    { name: 'every step', args: { returnSequences: true } },
    { name: 'reading backwards', args: { goBackwards: true, returnSequences: true } },
    { name: 'with its states', args: { returnState: true } },
    { name: 'every step with its states, backwards', args: { returnSequences: true, returnState: true, goBackwards: true } },
    { name: 'without bias', args: { useBias: false, returnSequences: true } },
    { name: 'relu with hard-sigmoid gates', args: { activation: 'relu', recurrentActivation: 'hardSigmoid', returnSequences: true } },
    { name: 'linear activation', args: { activation: 'linear' } },
    { name: 'a padding mask', args: { returnSequences: true, returnState: true }, kwargs: { mask: paddingMask } },
    { name: 'a padding mask, backwards', args: { goBackwards: true }, kwargs: { mask: paddingMask } },
    { name: 'dropout and recurrent dropout while training', args: { dropout: 0.3, recurrentDropout: 0.4, returnSequences: true }, kwargs: { training: true } },
    { name: 'dropout outside training (no masks)', args: { dropout: 0.3, recurrentDropout: 0.4 }, kwargs: { training: false } },
  ];
  configs.forEach(({ name, args, kwargs }, n) =>
    it(name, () => {
      const full: RecurrentArgs = { units: UNITS, ...(kind.gates ? { recurrentActivation: 'sigmoid' as const } : {}), ...args };
      if (!kind.gates) delete full.recurrentActivation;
      const [fast, stock] = buildPair(kind.fast(full), kind.stock(full), 100 + 10 * n);
      expectAgreement(fast, stock, sequence, kwargs ?? {}, n);
      expect(fast.lastCallWasFused).toBe(true);
    }),
  );

  it('over a single step (values only: tfjs cannot differentiate its own loop over one step)', () => {
    const args = { units: UNITS, returnState: true };
    const [fast, stock] = buildPair(kind.fast(args), kind.stock(args), 250);
    const x = tf.slice(sequence, [0, 0, 0], [BATCH, 1, FEATURES]);
    const ours = fast.apply(x) as tf.Tensor[];
    const theirs = stock.apply(x) as tf.Tensor[];
    ours.forEach((t, i) => expect(relativeError(t, theirs[i]!)).toBeLessThanOrEqual(1e-4));
    const grads = tf.grads((v: tf.Tensor) => tf.sum((fast.apply(v) as tf.Tensor[])[0]!))([x]);
    expect(Number.isFinite(tf.sum(grads[0]!).dataSync()[0])).toBe(true);
  });

  it('inside a Bidirectional wrapper equals a forward and a backward step loop side by side', () => {
    const args = { units: UNITS, returnSequences: true };
    const input = tf.input({ shape: [STEPS, FEATURES] });
    const bidirectional = tf.layers.bidirectional({ layer: kind.fast(args) as unknown as tf.RNN, mergeMode: 'concat' });
    bidirectional.apply(input);
    const forward = kind.stock(args);
    const backward = kind.stock({ ...args, goBackwards: true });
    forward.apply(input);
    backward.apply(input);
    sameRandomWeights([bidirectional], 300);
    const weights = bidirectional.getWeights();
    forward.setWeights(weights.slice(0, weights.length / 2));
    backward.setWeights(weights.slice(weights.length / 2));
    const inner = bidirectional as unknown as { forwardLayer: AnyLayer & { lastCallWasFused: boolean }; backwardLayer: AnyLayer & { lastCallWasFused: boolean } };

    const ours = valuesAndGradients(bidirectional, sequence);
    const stockPair = {
      name: 'pair',
      trainableWeights: [...forward.trainableWeights, ...backward.trainableWeights],
      apply: (x: tf.Tensor) => tf.concat([forward.apply(x) as tf.Tensor, tf.reverse(backward.apply(x) as tf.Tensor, 1)], -1),
    } as unknown as AnyLayer;
    const theirs = valuesAndGradients(stockPair, sequence);
    expect(inner.forwardLayer.lastCallWasFused && inner.backwardLayer.lastCallWasFused).toBe(true);
    expect(relativeError(ours.outputs[0]!, theirs.outputs[0]!)).toBeLessThanOrEqual(1e-4);
    ours.grads.forEach((g, i) => expect(relativeError(g, theirs.grads[i]!)).toBeLessThanOrEqual(1e-4));
  });
});

describe('FastLSTM falls back to tfjs’s loop where the fused op does not apply', () => {
  it('for an activation without a fused derivative (elu), with the same results as tfjs', () => {
    const args = { units: UNITS, activation: 'elu' as const, returnSequences: true };
    const [fast, stock] = buildPair(new FastLSTM(args), tf.layers.lstm(args), 400);
    expectAgreement(fast, stock, sequence);
    expect(fast.lastCallWasFused).toBe(false);
  });

  it('for an initial state passed in', () => {
    const args = { units: UNITS };
    const [fast, stock] = buildPair(new FastLSTM(args), tf.layers.lstm(args), 410);
    const initialState = [tf.randomNormal([BATCH, UNITS], 0, 1, 'float32', 1), tf.randomNormal([BATCH, UNITS], 0, 1, 'float32', 2)];
    const ours = fast.apply(sequence, { initialState }) as tf.Tensor;
    const theirs = stock.apply(sequence, { initialState }) as tf.Tensor;
    expect(fast.lastCallWasFused).toBe(false);
    expect(relativeError(ours, theirs)).toBeLessThanOrEqual(1e-6);
  });
});

/** The model's topology and weights in memory, as a save writes them. */
async function saved(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return artifacts!;
}

/** Loads with tfjs's own class under its name (where ours stands in), then puts ours back. */
async function loadWithStockClass(fastClass: typeof FastLSTM | typeof FastGRU | typeof FastSimpleRNN, artifacts: tf.io.ModelArtifacts): Promise<tf.LayersModel> {
  tf.serialization.registerClass(Object.getPrototypeOf(fastClass) as typeof fastClass);
  try {
    return await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  } finally {
    registerLayerClasses();
  }
}

function recurrentModel(makeLayer: (args: RecurrentArgs) => AnyLayer): tf.LayersModel {
  const input = tf.input({ shape: [STEPS, FEATURES] });
  const sequenceOut = makeLayer({ units: UNITS, returnSequences: true, name: 'first' }).apply(input) as tf.SymbolicTensor;
  const last = tf.layers
    .bidirectional({ layer: makeLayer({ units: 2, name: 'inner' }) as unknown as tf.RNN, name: 'both_ways' })
    .apply(sequenceOut) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: last });
}

const SAVED_KINDS = [
  { kind: KINDS[0]!, fastClass: FastLSTM },
  { kind: KINDS[1]!, fastClass: FastGRU },
  { kind: KINDS[2]!, fastClass: FastSimpleRNN },
];

for (const { kind, fastClass } of SAVED_KINDS)
  describe(`the fused ${kind.name} saves and loads exactly like tfjs’s`, () => {
    it('a model saved with the fast layer loads into stock tfjs with identical outputs (and back)', async () => {
      const model = withSeededRandom(3, () => recurrentModel(kind.fast));
      const artifacts = await saved(model);
      expect(JSON.stringify(artifacts.modelTopology)).toContain(`"class_name":"${kind.name}"`);
      expect(artifacts.weightSpecs!.map((s) => s.name)).toEqual(model.weights.map((w) => w.originalName ?? w.name));

      const stock = await loadWithStockClass(fastClass, artifacts);
      expect(stock.getLayer('first')).not.toBeInstanceOf(fastClass);
      const fastAgain = await tf.loadLayersModel(tf.io.fromMemory(await saved(stock)));
      expect(fastAgain.getLayer('first')).toBeInstanceOf(fastClass);

      const expected = model.predict(sequence) as tf.Tensor;
      expect(relativeError(stock.predict(sequence) as tf.Tensor, expected)).toBeLessThanOrEqual(1e-5);
      expect(relativeError(fastAgain.predict(sequence) as tf.Tensor, expected)).toBeLessThanOrEqual(1e-5);
    });

    it('a model saved with tfjs’s layer loads as the fast layer with identical outputs', async () => {
      const stock = withSeededRandom(4, () => recurrentModel(kind.stock));
      const loaded = await tf.loadLayersModel(tf.io.fromMemory(await saved(stock)));
      expect(loaded.getLayer('first')).toBeInstanceOf(fastClass);
      expect(relativeError(loaded.predict(sequence) as tf.Tensor, stock.predict(sequence) as tf.Tensor)).toBeLessThanOrEqual(1e-5);
    });
  });

for (const kind of [KINDS[0]!, KINDS[3]!])
describe(`training with the fused ${kind.name}`, () => {
  it('reaches the step loop’s final loss within 1 % after a fixed number of steps from the same seed', async () => {
    const x = tf.randomNormal([32, STEPS, FEATURES], 0, 1, 'float32', 11);
    // A target that needs memory: the first feature of the first step.
    const y = tf.tidy(() => tf.reshape(tf.slice(x, [0, 0, 0], [32, 1, 1]), [32, 1]));
    const finalLoss = async (makeLayer: (args: RecurrentArgs) => AnyLayer): Promise<number> => {
      const model = withSeededRandom(5, () => {
        const input = tf.input({ shape: [STEPS, FEATURES] });
        const h = makeLayer({ units: 8, recurrentActivation: 'sigmoid', recurrentDropout: 0.1 }).apply(input) as tf.SymbolicTensor;
        const out = tf.layers.dense({ units: 1 }).apply(h) as tf.SymbolicTensor;
        return tf.model({ inputs: input, outputs: out });
      });
      model.compile({ optimizer: tf.train.adam(0.02), loss: 'meanSquaredError' });
      // Seeded for the whole asynchronous fit: recurrent dropout draws its masks from Math.random.
      const restore = seedMathRandom(6);
      const history = await model.fit(x, y, { epochs: 25, batchSize: 16, shuffle: false, verbose: 0 }).finally(restore);
      const losses = history.history.loss as number[];
      expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.5);
      return losses.at(-1)!;
    };
    const fast = await finalLoss(kind.fast);
    const stock = await finalLoss(kind.stock);
    expect(Math.abs(fast - stock) / stock).toBeLessThanOrEqual(0.01);
  });
});
