import { describe, expect, it } from 'vitest';
import type { FieldDescription } from '../data/fields';
import { catalog } from '../layers';
import { addNode, connect } from './actions';
import { marksOf, RING_DISCRIMINATOR, RING_GENERATOR, withChains, type GanLayer } from './gan-document.fixture';
import { analyzeGraph } from './analyze';
import { emptyDocument, type GraphDocument } from './document';
import { ganRoles } from './gan';
import { trainingProblems } from './objectives';
import type { GanConfigInput } from './training-config';

type Layer = GanLayer;

/** Two chains of layers (each starting at an Input), and the GAN marks on their ends. */
function ganDocument(generator: Layer[], discriminator: Layer[], marks: Partial<GanConfigInput> = {}): GraphDocument {
  const doc = withChains({ ...emptyDocument(), dataset: { kind: 'generated', name: 'ring', samples: 400, noise: 0.1, classes: 2, seed: 1, labels: 'onehot' } }, generator, discriminator);
  return { ...doc, training: { ...doc.training, gan: marksOf(generator, discriminator, marks) } };
}

const GENERATOR = RING_GENERATOR;
const DISCRIMINATOR = RING_DISCRIMINATOR;
const POINTS: Record<string, FieldDescription> = { x: { shape: [2], kind: 'features' }, y: { shape: [0], kind: 'numbers' } };

function resolve(doc: GraphDocument) {
  const analysis = analyzeGraph(doc, catalog);
  expect(analysis.problems).toEqual([]);
  return ganRoles(doc, analysis, doc.training.gan!);
}

describe('ganRoles', () => {
  it('finds the two networks, the noise size and what the discriminator ends in', () => {
    const { roles, problems } = resolve(ganDocument(GENERATOR, DISCRIMINATOR));
    expect(problems).toEqual([]);
    expect(roles).toEqual({
      generator: { input: 'noise', output: 'fake', nodeIds: ['noise', 'g_hidden', 'fake'] },
      discriminator: { input: 'sample', output: 'real_or_fake', nodeIds: ['sample', 'd_hidden', 'real_or_fake'] },
      noiseShape: [2],
      sampleShape: [2],
      discriminatorEnds: 'probability',
    });
  });

  it('takes a discriminator that ends in a raw logit', () => {
    const logit: Layer[] = [...DISCRIMINATOR.slice(0, 2), ['Dense', { units: 1 }, 'score']];
    expect(resolve(ganDocument(GENERATOR, logit)).roles?.discriminatorEnds).toBe('logit');
  });

  it('says when the generator makes samples the discriminator cannot read', () => {
    const wide: Layer[] = [...GENERATOR.slice(0, 2), ['Dense', { units: 3 }, 'fake']];
    const { roles, problems } = resolve(ganDocument(wide, DISCRIMINATOR));
    expect(roles).toBeNull();
    expect(problems.map((p) => [p.nodeId, p.code, p.params.against])).toEqual([['fake', 'gan-shape', 'discriminator']]);
  });

  it('says when the discriminator does not end in one logit or probability', () => {
    const softmax: Layer[] = [...DISCRIMINATOR.slice(0, 2), ['Dense', { units: 2, activation: 'softmax' }, 'verdict']];
    const { problems } = resolve(ganDocument(GENERATOR, softmax));
    expect(problems.map((p) => [p.code, p.params.reason])).toEqual([
      ['gan-discriminator-output', 'units'],
      ['gan-discriminator-output', 'activation'],
    ]);
  });

  it('refuses the hinge loss on a probability', () => {
    const { problems } = resolve(ganDocument(GENERATOR, DISCRIMINATOR, { loss: 'hinge' }));
    expect(problems.map((p) => p.params.reason)).toEqual(['hinge-probability']);
  });

  it('says which mark points at a node that is gone or of the wrong kind', () => {
    const doc = ganDocument(GENERATOR, DISCRIMINATOR, { generator: { input: 'g_hidden', output: 'gone' } });
    const { problems } = ganRoles(doc, analyzeGraph(doc, catalog), doc.training.gan!);
    expect(problems.map((p) => [p.code, p.params.role, p.params.reason])).toEqual([
      ['gan-role', 'generator-input', 'not-input'],
      ['gan-role', 'generator-output', 'missing'],
    ]);
  });

  it('refuses networks joined by an edge and layers that belong to neither', () => {
    let doc = ganDocument(GENERATOR, DISCRIMINATOR);
    doc = addNode(doc, { type: 'Dense', params: { units: 4 }, name: 'stray', id: 'stray' });
    doc = connect(doc, { source: 'd_hidden', target: 'stray' });
    doc = connect(doc, { source: 'g_hidden', target: 'stray', targetTakesMany: true });
    const { problems } = ganRoles(doc, analyzeGraph(doc, catalog), doc.training.gan!);
    expect(problems.map((p) => [p.nodeId, p.params.reason])).toContainEqual(['sample', 'joined']);
  });
});

describe('trainingProblems of a GAN', () => {
  it('asks for nothing more of a GAN whose samples fit the real data (no objectives, two outputs)', () => {
    expect(trainingProblems(ganDocument(GENERATOR, DISCRIMINATOR), analyzeGraph(ganDocument(GENERATOR, DISCRIMINATOR), catalog), POINTS)).toEqual([]);
  });

  it('says when the real samples have another shape than the generated ones', () => {
    const doc = ganDocument(GENERATOR, DISCRIMINATOR);
    const images: Record<string, FieldDescription> = { x: { shape: [28, 28, 1], kind: 'image' }, y: { shape: [10], kind: 'classes' } };
    expect(trainingProblems(doc, analyzeGraph(doc, catalog), images).map((p) => [p.nodeId, p.code, p.params.against, p.params.expected])).toEqual([['fake', 'gan-shape', 'data', '[28, 28, 1]']]);
  });

  it('names the missing field of real samples', () => {
    const doc = ganDocument(GENERATOR, DISCRIMINATOR, { real: 'points' });
    expect(trainingProblems(doc, analyzeGraph(doc, catalog), POINTS).map((p) => [p.code, p.params.field])).toEqual([['gan-shape', 'points']]);
  });
});
