import { describe, expect, it } from 'vitest';
import { catalog } from '../layers';
import { addNode, connect, EditError } from './actions';
import { analyzeGraph } from './analyze';
import { emptyDocument, type GraphDocument } from './document';
import { withChains, type GanLayer } from './gan-document.fixture';
import { guessGanPlayers, setGan, trainAsGan, trainAsOneModel, twoNetworks } from './gan-actions';
import { GanConfigSchema } from './training-config';

type Layer = GanLayer;

const chains = (...networks: Layer[][]): GraphDocument => withChains(emptyDocument(), ...networks);

const GENERATOR: Layer[] = [
  ['Input', { shape: [8] }, 'noise'],
  ['Dense', { units: 16, activation: 'relu' }, 'g_hidden'],
  ['Dense', { units: 2 }, 'fake'],
];
const DISCRIMINATOR: Layer[] = [
  ['Input', { shape: [2] }, 'sample'],
  ['Dense', { units: 16, activation: 'relu' }, 'd_hidden'],
  ['Dense', { units: 1, activation: 'sigmoid' }, 'verdict'],
];
const MARKS = { generator: { input: 'noise', output: 'fake' }, discriminator: { input: 'sample', output: 'verdict' } };

const guess = (doc: GraphDocument) => guessGanPlayers(doc, analyzeGraph(doc, catalog));

describe('guessing the players of a GAN', () => {
  it('takes the network whose Input feeds one unit for the discriminator, in whichever order they were drawn', () => {
    expect(guess(chains(GENERATOR, DISCRIMINATOR))).toEqual(MARKS);
    expect(guess(chains(DISCRIMINATOR, GENERATOR))).toEqual(MARKS);
  });

  it('falls back on which network reads what the other makes when both end in one unit', () => {
    const oneD: Layer[] = [
      ['Input', { shape: [4] }, 'noise'],
      ['Dense', { units: 1 }, 'fake'],
    ];
    const judge: Layer[] = [
      ['Input', { shape: [1] }, 'sample'],
      ['Dense', { units: 1, activation: 'sigmoid' }, 'verdict'],
    ];
    expect(guess(chains(judge, oneD))).toEqual(MARKS);
    expect(guess(chains(oneD, judge))).toEqual(MARKS);
  });

  it('guesses nothing unless the graph is two unconnected networks, each from one Input to one output', () => {
    const one = chains(GENERATOR);
    const three = chains(GENERATOR, DISCRIMINATOR, [['Input', { shape: [3] }, 'extra'], ['Dense', { units: 1 }, 'extra_out']]);
    let twoHeads = chains(GENERATOR, DISCRIMINATOR);
    twoHeads = addNode(twoHeads, { type: 'Dense', params: { units: 1 }, name: 'second_head', id: 'second_head' });
    twoHeads = connect(twoHeads, { source: 'd_hidden', target: 'second_head' });
    for (const doc of [one, three, twoHeads, emptyDocument()]) {
      expect(twoNetworks(doc, analyzeGraph(doc, catalog))).toBeNull();
      expect(guess(doc)).toBeNull();
    }
  });
});

describe('GAN document actions', () => {
  const plain = chains(GENERATOR, DISCRIMINATOR);
  const gan = trainAsGan(plain, analyzeGraph(plain, catalog));

  it('"Train as a GAN" marks the guessed players with the default settings, and "Train as one model" takes exactly that back', () => {
    expect(gan.training.gan).toEqual(GanConfigSchema.parse(MARKS));
    expect(gan.nodes).toBe(plain.nodes);
    expect(plain.training.gan).toBeUndefined();
    expect(trainAsOneModel(gan)).toEqual(plain);
    expect(trainAsOneModel(plain)).toBe(plain);
    expect(() => trainAsGan(chains(GENERATOR), analyzeGraph(chains(GENERATOR), catalog))).toThrow(EditError);
  });

  it('changes one setting at a time and leaves the input document alone', () => {
    const steps = setGan(gan, { discriminatorSteps: 3 });
    expect(steps.training.gan).toEqual({ ...gan.training.gan, discriminatorSteps: 3 });
    expect(gan.training.gan!.discriminatorSteps).toBe(1);
    const optimizer = setGan(steps, { generatorOptimizer: { optimizer: 'sgd', learningRate: 0.01, beta1: 0.5 }, loss: 'least-squares', noise: 'uniform', real: 'points', labelSmoothing: 0.1 });
    expect(optimizer.training.gan).toMatchObject({ generatorOptimizer: { optimizer: 'sgd', learningRate: 0.01 }, loss: 'least-squares', noise: 'uniform', real: 'points', labelSmoothing: 0.1, discriminatorSteps: 3 });
  });

  it('moves a mark only onto a node of the graph, and refuses values the schema does', () => {
    expect(setGan(gan, { generator: { input: 'noise', output: 'g_hidden' } }).training.gan!.generator.output).toBe('g_hidden');
    expect(() => setGan(gan, { generator: { input: 'noise', output: 'gone' } })).toThrow(/no node "gone"/);
    expect(() => setGan(gan, { discriminatorSteps: 0 })).toThrow();
    expect(() => setGan(gan, { labelSmoothing: 0.9 })).toThrow();
    expect(() => setGan(plain, { loss: 'hinge' })).toThrow(EditError);
    // A mark left on a deleted node does not keep the other settings from changing.
    const stale = { ...gan, training: { ...gan.training, gan: { ...gan.training.gan!, discriminator: { input: 'sample', output: 'deleted' } } } };
    expect(setGan(stale, { loss: 'hinge' }).training.gan!.loss).toBe('hinge');
  });
});
